package stdlib

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/vm"
)

func (e *env) sprintf(format string, args ...any) string {
	e.t.Helper()
	return e.call1("fmt.Sprintf", append([]vm.Value{vm.String(format)}, vals(args...)...)...).String()
}

// goOracle is what Go's fmt prints for the same operands, with Go's type
// names turned into Goro's. Operands use Go's int (whose name Goro shares)
// and float64 (renamed float).
func goOracle(format string, args ...any) string {
	return strings.ReplaceAll(fmt.Sprintf(format, args...), "(float64=", "(float=")
}

// TestFmtConformance is testdata/conformance/mod_fmt.goro.
func TestFmtConformance(t *testing.T) {
	e := newEnv(t)
	printf := func(format string, args ...any) {
		e.call("fmt.Printf", append([]vm.Value{vm.String(format)}, vals(args...)...)...)
	}
	printf("%d|%5d|%-5d|%05d|%+d|%v\n", 42, 42, 42, -42, 42, -7)
	printf("%x|%X|%x|%X|%x\n", 255, 255, "hi", -255, 3735928559)
	printf("%f|%.2f|%8.3f|%-8.1f|%08.3f|%+.1f\n", 3.14159, 3.14159, 3.14159, 2.5, -3.14159, 2.5)
	printf("%e|%.2e|%g|%g|%g|%.3g\n", 1234.5678, 1234.5678, 0.000012345, 100000.0, 1e21, 3.14159)
	printf("%s|%10s|%-10s|%q|%.2s\n", "go", "right", "left", "say \"hi\"\n", "abcdef")
	printf("%t|%v|%v|%v|%v|%5v|%-4v|\n", true, nil, []any{1, "a"}, kv{"k", 2.5}, 7.0, 42, "ab")
	printf("%T %T %T %T %T %T\n", 1, "s", 1.5, []any{1}, kv{}, true)
	printf("[%6.2f%%]\n", 99.5)
	s := e.sprintf("%03d-%s", 7, "x")
	errv := e.call1("fmt.Errorf", vals("code %d: %s", 404, "not found")...)
	e.call("fmt.Println", vals("a", 1, 2.5, []any{1, []any{2}}, nil, kv{"m", true})...)
	e.call("fmt.Print", vals("no newline")...)
	e.call("fmt.Print", vals("\n")...)
	assert.Equal(t, `42|   42|42   |-0042|+42|-7
ff|FF|6869|-FF|deadbeef
3.141590|3.14|   3.142|2.5     |-003.142|+2.5
1.234568e+03|1.23e+03|1.2345e-05|100000|1e+21|3.14
go|     right|left      |"say \"hi\"\n"|ab
true|<nil>|[1 a]|map[k:2.5]|7|   42|ab  |
int string float64 list map bool
[ 99.50%]
a 1 2.5 [1 [2]] <nil> map[m:true]
no newline
`, e.out())
	assert.Equal(t, "007-x", s)
	assert.Equal(t, "error", errv.TypeName())
	assert.Equal(t, "code 404: not found", errv.String())
	assert.Equal(t, "x 3\n", e.call1("fmt.Sprintln", vals("x", 3)...).String())
	assert.Equal(t, "42", e.call1("fmt.Sprint", vals(42)...).String())
}

// TestFmtOracle formats every combination of flags, width, precision and
// verb over a spread of operands and compares with Go's fmt.
func TestFmtOracle(t *testing.T) {
	e := newEnv(t)
	flagSets := []string{"", "-", "+", "#", " ", "0", "-0", "+0", "# ", "#0", "+-", " 0"}
	widths := []string{"", "1", "6"}
	precs := []string{"", ".", ".0", ".3"}
	verbs := "vdsqfFgGeExXtcboOU"
	operands := []any{
		0, 42, -7, 255, math.MaxInt64, math.MinInt64, 0x1F600,
		3.14159, -0.5, 0.0, math.Copysign(0, -1), 1e21, 1e-7, 100000.0, 123456789.0,
		math.NaN(), math.Inf(1), math.Inf(-1),
		"hi", "", "héllo, 世界", "tab\there \"q\"", "\xff",
		true, false, nil,
		[]any{1, "a", 2.5, nil, true},
		[]any{},
		[]any{[]any{1, 2}, []any{"x"}},
		kv{"k", 2.5},
		kv{1, "one"},
	}
	n := 0
	for _, fl := range flagSets {
		for _, w := range widths {
			for _, p := range precs {
				for _, verb := range verbs {
					format := "%" + fl + w + p + string(verb)
					for _, x := range operands {
						goX := x
						switch y := x.(type) {
						case kv:
							if verb == 'v' && strings.Contains(fl, "#") {
								continue // %#v of containers is Goro syntax, tested below
							}
							m := map[any]any{}
							m[y[0]] = y[1]
							goX = m
						case []any:
							if verb == 'v' && strings.Contains(fl, "#") {
								continue
							}
						}
						got := e.sprintf(format, x)
						want := goOracle(format, goX)
						if got != want {
							t.Errorf("Sprintf(%q, %#v) = %q, want %q", format, x, got, want)
						}
						n++
					}
				}
			}
		}
	}
	t.Logf("%d formats compared", n)
}

// TestFmtErrorForms covers Go's %!(...) forms and argument indexes against
// Go's fmt.
func TestFmtErrorForms(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		format string
		args   []any
	}{
		{"%d", []any{"hi"}},
		{"%5d|%-5t", []any{"hi", 3}},
		{"%v %v", []any{1}},
		{"%d", nil},
		{"%d %d", []any{1, 2, 3, "x", nil}},
		{"%!", []any{1}},
		{"%", []any{1}},
		{"%-", nil},
		{"%z", []any{1.5}},
		{"%é", []any{"s"}},
		{"%*d", []any{5, 42}},
		{"%-*d|", []any{5, 42}},
		{"%*d|", []any{-5, 42}},
		{"%*d", []any{"x", 42}},
		{"%*d", []any{10000000, 42}},
		{"%.*f", []any{2, 3.14159}},
		{"%.*f", []any{-2, 3.14159}},
		{"%*.*f|", []any{9, 2, 3.14159}},
		{"%.*d", []any{}},
		{"%[2]d %[1]d", []any{1, 2}},
		{"%[2]*[1]d|", []any{12, 5}},
		{"%[3]*.[2]*[1]f|", []any{12.0, 2, 6}},
		{"%[5]d", []any{1, 2}},
		{"%[0]d", []any{1}},
		{"%[x]d", []any{1}},
		{"%[1]2d", []any{1}},
		{"%[1].2d", []any{1}},
		{"%[2]d %d", []any{1, 2, 3}},
		{"%d %[1]d %d", []any{1, 2}},
		{"%[1]d %[1]x %[1]o", []any{64}},
		{"%.d|%.0d|%5.d|", []any{0, 0, 0}},
		{"%6.2%|%-3%|", nil},
		{"%[", []any{1}},
		{"%[1", []any{1}},
		{"%.", []any{1}},
		{"%3.", []any{1}},
		{"%w", []any{1}},
		{"%w", []any{"s"}},
		{"%c|%c|%c|%U|%#U|%q", []any{65, 0x1F600, -1, 0x1F600, 120, 120}},
		{"%x|%X|%#x|% x|%o|%#o|%O|%b", []any{"héllo", "hi", "hi", "hi", 8, 8, 8, 5}},
		{"%b|%x|%X|%.3x", []any{1.5, 1.5, -2.25, 1.0}},
		{"%s|%10.4v|%-10q|", []any{nil, "abcdefgh", "x"}},
		{"%v|%+v|%#v|% v", []any{-3, 3, "s", 3.0}},
		{"%t|%5t|%-6t|%d", []any{false, true, true, true}},
	}
	for _, c := range cases {
		assert.Equal(t, goOracle(c.format, c.args...), e.sprintf(c.format, c.args...), "format %q", c.format)
	}
}

func TestFmtGoroValues(t *testing.T) {
	e := newEnv(t)
	l := val([]any{1, "a"})
	m := val(kv{"a", 1, 2, []any{nil, "s"}})
	nat := e.member("strings.ToUpper")
	errv := vm.NewError("boom")
	file := e.member("os.Stdout")

	cases := []struct {
		format string
		args   []any
		want   string
	}{
		{"%T|%T|%T|%T|%T|%T|%T", []any{nil, l, m, nat, errv, file, 1.5}, "nil|list|map|func|error|os.File|float64"},
		{"%8T|%-6T|", []any{1, "s"}, "     int|string|"},
		{"%v|%s|%q|%x|%10v|%-6s|", []any{errv, errv, errv, errv, errv, errv}, `boom|boom|"boom"|626f6f6d|      boom|boom  |`},
		{"%d", []any{errv}, "%!d(error=boom)"},
		{"%#v", []any{errv}, `error("boom")`},
		{"%v|%s|%12v|", []any{nat, nat, nat}, "func strings.ToUpper|func strings.ToUpper|func strings.ToUpper|"},
		{"%d", []any{nat}, "%!d(func=func strings.ToUpper)"},
		{"%v|%s|%-12v|%q", []any{file, file, file, file}, "<os.File>|<os.File>|<os.File>   |%!q(os.File=<os.File>)"},
		{"%#v", []any{[]any{1, "a", nil, []any{2.5}}}, `[1, "a", nil, [2.5]]`},
		{"%#v", []any{kv{"a", 1, 2, "b"}}, `{"a": 1, 2: "b"}`},
		{"%#v|%#v", []any{kv{}, []any{}}, "{}|[]"},
		{"%v", []any{m}, "map[a:1 2:[<nil> s]]"},
		{"%5v", []any{m}, "map[    a:    1     2:[<nil>     s]]"},
		{"%d", []any{m}, "map[%!d(string=a):1 2:[<nil> %!d(string=s)]]"},
		{"%q", []any{[]any{"a", 1}}, `["a" '\x01']`},
		{"%v %v", []any{nil, []any{nil}}, "<nil> [<nil>]"},
		{"%5v|%5d", []any{nil, []any{nil}}, "<nil>|[<nil>]"},
		{"%d %!", []any{1, 2}, "1 %!!(int=2)"},
		{"%d", []any{1, l, nil}, "1%!(EXTRA list=[1 a], <nil>)"},
		{"%p", []any{5}, "%!p(int=5)"},
		{"%p", []any{"s"}, "%!p(string=s)"},
		{"%p", []any{nil}, "%!p(<nil>)"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, e.sprintf(c.format, c.args...), "format %q", c.format)
	}

	// %p: a stable hex address per reference value, formatted as Go's.
	hex := regexp.MustCompile(`^0x[0-9a-f]+$`)
	for _, v := range []vm.Value{l, m, nat, errv, file} {
		p1 := e.sprintf("%p", v)
		assert.Regexp(t, hex, p1)
		assert.Equal(t, p1, e.sprintf("%p", v))
		assert.Equal(t, strings.TrimPrefix(p1, "0x"), e.sprintf("%#p", v))
		assert.Equal(t, fmt.Sprintf("%20s", p1), e.sprintf("%20p", v))
	}
	assert.NotEqual(t, e.sprintf("%p", l), e.sprintf("%p", val([]any{1, "a"})))
}

func TestFmtCycles(t *testing.T) {
	e := newEnv(t)
	l := vm.NewList(nil)
	l.Append(vm.Int(1), l.Value())
	m := vm.NewMap(1)
	require.NoError(t, m.Set(vm.String("self"), m.Value()))
	assert.Equal(t, "[1 [...]]", e.sprintf("%v", l.Value()))
	assert.Equal(t, "[1 [...]]", e.sprintf("%d", l.Value()))
	assert.Equal(t, "[1, [...]]", e.sprintf("%#v", l.Value()))
	assert.Equal(t, "map[73656c66:map[...]]", e.sprintf("%x", m.Value()))

	// Deep nesting is cut, never a host stack overflow.
	deep := vm.NewListValue(nil)
	for range 5000 {
		deep = vm.NewListValue([]vm.Value{deep})
	}
	s := e.sprintf("%d", deep)
	assert.Contains(t, s, "[...]")
}

func TestFmtPrint(t *testing.T) {
	e := newEnv(t)
	cases := [][]any{
		{},
		{"a", "b"},
		{1, 2},
		{"a", 1, 2, "b", "c", 3.5, nil, true},
		{nil, nil},
		{[]any{1}, []any{2}},
		{"x", []any{"y"}},
	}
	for _, c := range cases {
		goArgs := make([]any, len(c))
		copy(goArgs, c)
		want := fmt.Sprint(goArgs...)
		assert.Equal(t, want, e.call1("fmt.Sprint", vals(c...)...).String(), "Sprint%v", c)
		assert.Equal(t, fmt.Sprintln(goArgs...), e.call1("fmt.Sprintln", vals(c...)...).String(), "Sprintln%v", c)

		res := e.call("fmt.Print", vals(c...)...)
		require.Len(t, res, 2)
		assert.Equal(t, want, e.out())
		assert.Equal(t, int64(len(want)), res[0].AsInt())
		assert.True(t, res[1].IsNil())
	}
	res := e.call("fmt.Println", vals("x", 1)...)
	assert.Equal(t, int64(4), res[0].AsInt())
	res = e.call("fmt.Printf", vals("%d-%s\n", 1, "x")...)
	assert.Equal(t, int64(4), res[0].AsInt())
	assert.Equal(t, "x 1\n1-x\n", e.out())
}

func TestFmtErrorf(t *testing.T) {
	e := newEnv(t)
	inner := vm.NewError("inner")
	v := e.call1("fmt.Errorf", vm.String("outer: %w"), inner)
	assert.Equal(t, "outer: inner", v.Error().Message())
	v = e.call1("fmt.Errorf", vm.String("%w|%5w|%d"), vm.Int(3), inner, vm.Int(1))
	assert.Equal(t, "%!w(int=3)|inner|1", v.Error().Message())
	// Outside Errorf, %w is a bad verb for every operand (as in Go).
	assert.Equal(t, "%!w(error=inner)", e.sprintf("%w", inner))
	v = e.call1("fmt.Errorf", vm.String("plain"))
	assert.Equal(t, "plain", v.String())
}

func TestFmtFprint(t *testing.T) {
	e := newEnv(t)
	stderr, stdout := e.member("os.Stderr"), e.member("os.Stdout")
	res := e.call("fmt.Fprintln", stderr, vm.String("to"), vm.Int(2))
	assert.Equal(t, []vm.Value{vm.Int(5), vm.Nil}, res)
	e.call("fmt.Fprintf", stdout, vm.String("%03d|"), vm.Int(7))
	e.call("fmt.Fprint", stdout, vm.String("a"), vm.Int(1), vm.Int(2))
	assert.Equal(t, "007|a1 2", e.out())
	assert.Equal(t, "to 2\n", e.stderr.String())

	assert.Equal(t, "runtime error: fmt.Fprintln: argument 1 must be a writer (an object with a Write method), not int",
		e.panicMsg("fmt.Fprintln", vm.Int(1), vm.String("x")))
	// The writer's failure comes back as Go's (n, err).
	res = e.call("fmt.Fprint", e.member("os.Stdin"), vm.String("x"))
	assert.Equal(t, "write /dev/stdin: bad file descriptor", errText(t, res[1]))
}

// TestFmtFloatPrintAgreesWithGo checks that str(v) of floats, which %v and
// Print use, is Go's %v.
func TestFmtFloatPrintAgreesWithGo(t *testing.T) {
	e := newEnv(t)
	for _, f := range []float64{0, 1, -1, 0.1, 1e6, 1e20, 1e21, 123456789, 1e-4, 1e-5, 1.5e-7, math.MaxFloat64,
		math.SmallestNonzeroFloat64, math.Inf(1), math.Inf(-1), math.NaN(), math.Copysign(0, -1), 2.5, 1.0 / 3} {
		assert.Equal(t, fmt.Sprint(f), e.call1("fmt.Sprint", vm.Float(f)).String())
		assert.Equal(t, fmt.Sprintf("%v", f), e.sprintf("%v", f))
	}
}

// TestFmtOutputLimit: a width applies to every element of a list, so a
// short format can ask for an enormous output; it fails instead of
// exhausting the host's memory. The limit is lowered for the test.
func TestFmtOutputLimit(t *testing.T) {
	items := make([]vm.Value, 1000)
	for i := range items {
		items[i] = vm.Int(int64(i))
	}
	p := printer{limit: 10000}
	p.doPrintf("%100d", []vm.Value{vm.NewListValue(items)})
	assert.True(t, p.tooBig)
	assert.Less(t, len(p.buf), 10300)

	p = printer{limit: 10000}
	p.doPrintf("%10d", []vm.Value{vm.NewListValue(items[:100])})
	assert.False(t, p.tooBig)
}
