package stdlib

import (
	"bytes"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/goro-lang/goro/vm"
)

// TestGapsAgainstGo calls the members of gaps.go and the Go functions they
// stand for.
func TestGapsAgainstGo(t *testing.T) {
	e := newEnv(t)
	collectSeq := func(seq vm.Value) string { return e.call1("slices.Collect", seq).String() }
	for _, s := range []string{"", "a", "a\nb\r\nc", "x\n\n", "  f  g\th "} {
		assert.Equal(t, strList(slices.Collect(strings.Lines(s))).String(), collectSeq(e.call1("strings.Lines", vm.String(s))))
		assert.Equal(t, strList(slices.Collect(strings.FieldsSeq(s))).String(), collectSeq(e.call1("strings.FieldsSeq", vm.String(s))))
		assert.Equal(t, strList(slices.Collect(strings.SplitSeq(s, "\n"))).String(), collectSeq(e.call1("strings.SplitSeq", vm.String(s), vm.String("\n"))))
		assert.Equal(t, strList(slices.Collect(strings.SplitAfterSeq(s, "\n"))).String(), collectSeq(e.call1("bytes.SplitAfterSeq", vm.String(s), vm.String("\n"))))
	}
	for _, f := range []float64{0, 1.5, -2.25e-10, math.Inf(1), 1e21} {
		for _, fm := range []string{"g", "e", "f"} {
			want := string(strconv.AppendFloat([]byte("x="), f, fm[0], 3, 64))
			assert.Equal(t, want, e.call1("strconv.AppendFloat", vals("x=", f, fm, 3, 64)...).AsStr())
		}
	}
	assert.Equal(t, string(strconv.AppendUint(nil, math.MaxUint64, 16)), e.call1("strconv.AppendUint", vals("", -1, 16)...).AsStr())
	v, mb, tail, err := strconv.UnquoteChar(`\u00e9z`, '"')
	assert.NoError(t, err)
	got := e.call1("strconv.UnquoteChar", vm.String(`\u00e9z`), vm.Int('"')).List().Snapshot()
	assert.Equal(t, repr(vm.Int(int64(v)), vm.Bool(mb), vm.String(tail), vm.Nil), repr(got...))
	assert.Equal(t, vm.Float(math.FMA(2, 3, 4)), e.call1("math.FMA", vals(2.0, 3.0, 4.0)...))
	assert.Equal(t, vm.Float(math.Jn(3, 2.5)), e.call1("math.Jn", vals(3, 2.5)...))
	assert.Equal(t, vm.Int(int64(math.Float32bits(1.5))), e.call1("math.Float32bits", vm.Float(1.5)))
	assert.Equal(t, bytes.LastIndexFunc([]byte("a1b2c"), func(r rune) bool { return r < 'a' }),
		int(e.call1("bytes.LastIndexFunc", vm.String("a1b2c"), goNative("f", 1, func(a []vm.Value) (vm.Value, error) {
			return vm.Bool(a[0].AsInt() < 'a'), nil
		})).AsInt()))
}
