package stdlib

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/goro-lang/goro/vm"
)

func TestSscanfAgainstGo(t *testing.T) {
	e := newEnv(t)
	cases := []struct{ in, format string }{
		{"7 x", "%d %s"},
		{"3.5,true", "%f,%t"},
		{"ff 0x1f", "%x %v"},
		{"age: 42", "age: %d"},
		{"abc", "%d"},
		{"1 2", "%d %d %d"},
		{"12:34", "%d:%d"},
	}
	for _, c := range cases {
		res := e.call("fmt.Sscanf", vm.String(c.in), vm.String(c.format))
		targets, err := verbTargets("x", c.format)
		assert.NoError(t, err)
		n, gerr := fmt.Sscanf(c.in, c.format, targets...)
		want, _ := scanResults(e.th, targets, n, gerr)
		assert.Equal(t, vm.Repr(want), vm.Repr(res[0]), "%q %q", c.in, c.format)
		if gerr == nil {
			assert.True(t, res[1].IsNil())
		} else {
			assert.Equal(t, gerr.Error(), errText(t, res[1]), "%q %q", c.in, c.format)
		}
	}
	// Templates give the types.
	res := e.call("fmt.Sscan", vals("10 2.5 word true", 0, 0.0, "", false)...)
	var a int64
	var b float64
	var s string
	var ok bool
	n, err := fmt.Sscan("10 2.5 word true", &a, &b, &s, &ok)
	assert.NoError(t, err)
	assert.Equal(t, 4, n)
	assert.Equal(t, repr(vm.Int(a), vm.Float(b), vm.String(s), vm.Bool(ok)), vm.Repr(res[0]))
	res = e.call("fmt.Sscanln", vals("1\n2", 0, 0)...)
	_, gerr := fmt.Sscanln("1\n2", &a, &a)
	assert.Equal(t, gerr.Error(), errText(t, res[1]))
	assert.Equal(t, "[1]", res[0].String())
}

// TestSscanPointers: given pointers, Sscanf fills them as Go's does.
func TestSscanPointers(t *testing.T) {
	e := newEnv(t)
	cells := []vm.Value{vm.Int(0), vm.String(""), vm.Float(0)}
	ptrs := make([]vm.Value, len(cells))
	for i := range cells {
		i := i
		get := goNative("get", 1, func([]vm.Value) (vm.Value, error) { return cells[i], nil })
		set := goNative("set", 0, func(a []vm.Value) (vm.Value, error) { cells[i] = a[0]; return vm.Nil, nil })
		ptrs[i] = vm.NewPointer("x", get, set)
	}
	for _, in := range []string{"42 bob 2.5", "7 x", "x"} {
		res := e.call("fmt.Sscanf", append([]vm.Value{vm.String(in), vm.String("%d %s %g")}, ptrs...)...)
		var n int64
		var s string
		var f float64
		gn, gerr := fmt.Sscanf(in, "%d %s %g", &n, &s, &f)
		assert.Equal(t, vm.Int(int64(gn)), res[0], in)
		if gerr != nil {
			assert.Equal(t, gerr.Error(), errText(t, res[1]), in)
		}
		want := []vm.Value{vm.Int(n), vm.String(s), vm.Float(f)}
		assert.Equal(t, repr(want[:gn]...), repr(cells[:gn]...), in)
	}
}
