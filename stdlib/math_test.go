package stdlib

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/vm"
)

// TestMathConformance is testdata/conformance/mod_math.goro.
func TestMathConformance(t *testing.T) {
	e := newEnv(t)
	p := func(xs ...vm.Value) string {
		return e.call1("fmt.Sprintln", xs...).AsStr()
	}
	f := func(name string, args ...any) vm.Value { return e.call1("math."+name, vals(args...)...) }
	c := func(name string) vm.Value { return e.member("math." + name) }
	got := p(f("Sqrt", 16), f("Sqrt", 2), f("Pow", 2, 10), f("Pow", 2, 0.5)) +
		p(f("Abs", -3.5), f("Floor", 2.7), f("Floor", -2.5), f("Ceil", 2.1), f("Ceil", -2.9)) +
		p(f("Sin", 0), f("Cos", 0), f("Log", 1), f("Exp", 0), f("Log", c("E"))) +
		p(c("Pi"), c("E")) +
		p(c("MaxInt"), c("MinInt")) +
		p(c("MaxFloat64"), f("Inf", 1), f("Inf", -1), f("NaN")) +
		p(f("IsNaN", f("NaN")), f("IsNaN", 1.0), f("IsInf", f("Inf", -1), 0), f("IsInf", f("Inf", 1), -1)) +
		p(vm.String(f("Sqrt", 16).TypeName()), vm.String(c("Pi").TypeName()), vm.String(c("MaxInt").TypeName()))
	assert.Equal(t, `4 1.4142135623730951 1024 1.4142135623730951
3.5 2 -3 3 -2
0 1 0 1 1
3.141592653589793 2.718281828459045
9223372036854775807 -9223372036854775808
1.7976931348623157e+308 +Inf -Inf NaN
true false true false
float float int
`, got)
	sum, err := vm.Arith("+", c("MaxInt"), vm.Int(1))
	require.NoError(t, err)
	assert.True(t, vm.Equal(sum, c("MinInt")))
}

func TestMathMatchesGo(t *testing.T) {
	e := newEnv(t)
	unary := map[string]func(float64) float64{
		"Abs": math.Abs, "Acos": math.Acos, "Asin": math.Asin, "Atan": math.Atan, "Cbrt": math.Cbrt,
		"Ceil": math.Ceil, "Cos": math.Cos, "Exp": math.Exp, "Exp2": math.Exp2, "Floor": math.Floor,
		"Gamma": math.Gamma, "Log": math.Log, "Log10": math.Log10, "Log2": math.Log2, "Round": math.Round,
		"RoundToEven": math.RoundToEven, "Sin": math.Sin, "Sqrt": math.Sqrt, "Tan": math.Tan, "Trunc": math.Trunc,
		"Tanh": math.Tanh, "Erf": math.Erf,
	}
	inputs := []any{0, -3, 2, 0.5, -2.5, 1e300, math.Inf(1), math.NaN(), math.Copysign(0, -1)}
	for name, fn := range unary {
		for _, x := range inputs {
			xf, _ := val(x).ToFloat()
			got := e.call1("math."+name, val(x))
			require.True(t, got.IsFloat(), "math.%s(%v) is a float", name, x)
			assert.Equal(t, math.Float64bits(fn(xf)), math.Float64bits(got.AsFloat()), "math.%s(%v)", name, x)
		}
	}
	binary := map[string]func(float64, float64) float64{
		"Atan2": math.Atan2, "Hypot": math.Hypot, "Max": math.Max, "Min": math.Min, "Mod": math.Mod,
		"Pow": math.Pow, "Remainder": math.Remainder, "Copysign": math.Copysign, "Dim": math.Dim,
	}
	for name, fn := range binary {
		for _, x := range inputs {
			for _, y := range inputs {
				xf, _ := val(x).ToFloat()
				yf, _ := val(y).ToFloat()
				got := e.call1("math."+name, val(x), val(y))
				assert.Equal(t, math.Float64bits(fn(xf, yf)), math.Float64bits(got.AsFloat()), "math.%s(%v, %v)", name, x, y)
			}
		}
	}
	assert.Equal(t, "3", e.call1("math.Abs", vm.Int(-3)).String())
	assert.Equal(t, vm.Int(int64(math.Float64bits(-1.5))), e.call1("math.Float64bits", vm.Float(-1.5)))
	assert.Equal(t, -1.5, e.call1("math.Float64frombits", e.call1("math.Float64bits", vm.Float(-1.5))).AsFloat())
	assert.Equal(t, []vm.Value{vm.Float(0.75), vm.Int(3)}, e.call("math.Frexp", vm.Float(6)))
	assert.Equal(t, []vm.Value{vm.Float(3), vm.Float(0.5)}, e.call("math.Modf", vm.Float(3.5)))
	assert.Equal(t, vm.Float(48), e.call1("math.Ldexp", vm.Float(0.75), vm.Int(6)))
	assert.Equal(t, vm.Float(1000), e.call1("math.Pow10", vm.Int(3)))
	assert.Equal(t, vm.True, e.call1("math.Signbit", vm.Float(math.Copysign(0, -1))))
	assert.Equal(t, vm.Int(2), e.call1("math.Ilogb", vm.Float(4.5)))
	lg, sign := math.Lgamma(-0.5)
	assert.Equal(t, []vm.Value{vm.Float(lg), vm.Int(int64(sign))}, e.call("math.Lgamma", vm.Float(-0.5)))
	s, co := math.Sincos(1)
	assert.Equal(t, []vm.Value{vm.Float(s), vm.Float(co)}, e.call("math.Sincos", vm.Int(1)))
	assert.Equal(t, "runtime error: math.Inf: argument 1 must be int, not float", e.panicMsg("math.Inf", vm.Float(1)))

	for name, want := range map[string]vm.Value{
		"MaxInt64": vm.Int(math.MaxInt64), "MinInt32": vm.Int(math.MinInt32), "MaxUint32": vm.Int(math.MaxUint32),
		"SmallestNonzeroFloat64": vm.Float(math.SmallestNonzeroFloat64), "Sqrt2": vm.Float(math.Sqrt2),
	} {
		assert.Equal(t, want, e.member("math."+name), name)
	}
}
