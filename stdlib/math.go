package stdlib

import (
	"math"

	"github.com/goro-lang/goro/vm"
)

// The math module: Go's float64 functions and constants. Arguments may be
// ints or floats; results are floats (math.Abs(-3) is the float 3), except
// where Go returns an int or a bool. The integer limits (MaxInt, MinInt,
// MaxInt64, ...) are ints; every other constant is a float.

func init() {
	m := newModule("math")
	m.pure()

	consts := []struct {
		name string
		v    float64
	}{
		{"E", math.E},
		{"Ln10", math.Ln10},
		{"Ln2", math.Ln2},
		{"Log10E", math.Log10E},
		{"Log2E", math.Log2E},
		{"MaxFloat32", math.MaxFloat32},
		{"MaxFloat64", math.MaxFloat64},
		{"Phi", math.Phi},
		{"Pi", math.Pi},
		{"SmallestNonzeroFloat32", math.SmallestNonzeroFloat32},
		{"SmallestNonzeroFloat64", math.SmallestNonzeroFloat64},
		{"Sqrt2", math.Sqrt2},
		{"SqrtE", math.SqrtE},
		{"SqrtPhi", math.SqrtPhi},
		{"SqrtPi", math.SqrtPi},
	}
	for _, c := range consts {
		m.value(c.name, vm.Float(c.v))
	}
	intConsts := []struct {
		name string
		v    int64
	}{
		{"MaxInt", math.MaxInt64},
		{"MaxInt16", math.MaxInt16},
		{"MaxInt32", math.MaxInt32},
		{"MaxInt64", math.MaxInt64},
		{"MaxInt8", math.MaxInt8},
		{"MaxUint16", math.MaxUint16},
		{"MaxUint32", math.MaxUint32},
		{"MaxUint8", math.MaxUint8},
		{"MinInt", math.MinInt64},
		{"MinInt16", math.MinInt16},
		{"MinInt32", math.MinInt32},
		{"MinInt64", math.MinInt64},
		{"MinInt8", math.MinInt8},
	}
	for _, c := range intConsts {
		m.value(c.name, vm.Int(c.v))
	}

	unary := map[string]func(float64) float64{
		"Abs": math.Abs, "Acos": math.Acos, "Acosh": math.Acosh, "Asin": math.Asin,
		"Asinh": math.Asinh, "Atan": math.Atan, "Atanh": math.Atanh, "Cbrt": math.Cbrt,
		"Ceil": math.Ceil, "Cos": math.Cos, "Cosh": math.Cosh, "Erf": math.Erf,
		"Erfc": math.Erfc, "Erfcinv": math.Erfcinv, "Erfinv": math.Erfinv, "Exp": math.Exp,
		"Exp2": math.Exp2, "Expm1": math.Expm1, "Floor": math.Floor, "Gamma": math.Gamma,
		"J0": math.J0, "J1": math.J1, "Log": math.Log, "Log10": math.Log10,
		"Log1p": math.Log1p, "Log2": math.Log2, "Logb": math.Logb, "Round": math.Round,
		"RoundToEven": math.RoundToEven, "Sin": math.Sin, "Sinh": math.Sinh, "Sqrt": math.Sqrt,
		"Tan": math.Tan, "Tanh": math.Tanh, "Trunc": math.Trunc, "Y0": math.Y0, "Y1": math.Y1,
	}
	binary := map[string]func(float64, float64) float64{
		"Atan2": math.Atan2, "Copysign": math.Copysign, "Dim": math.Dim, "Hypot": math.Hypot,
		"Max": math.Max, "Min": math.Min, "Mod": math.Mod, "Nextafter": math.Nextafter,
		"Pow": math.Pow, "Remainder": math.Remainder,
	}
	// Members are declared in sorted order so the module reads like Go's
	// documentation; map iteration order must not leak into Members.
	for _, name := range sortedKeys(unary) {
		f, qn := unary[name], "math."+name
		m.fn(name, 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			x, err := vm.ArgNumber(qn, args, 0)
			if err != nil {
				return vm.Nil, err
			}
			return vm.Float(f(x)), nil
		})
	}
	for _, name := range sortedKeys(binary) {
		f, qn := binary[name], "math."+name
		m.fn(name, 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			x, err := vm.ArgNumber(qn, args, 0)
			if err != nil {
				return vm.Nil, err
			}
			y, err := vm.ArgNumber(qn, args, 1)
			if err != nil {
				return vm.Nil, err
			}
			return vm.Float(f(x, y)), nil
		})
	}

	m.fn("Float64bits", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		x, err := vm.ArgNumber("math.Float64bits", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		// The uint64 is reinterpreted as Goro's int64 (two's complement).
		return vm.Int(int64(math.Float64bits(x))), nil
	})
	m.fn("Float64frombits", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		b, err := vm.ArgInt("math.Float64frombits", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return vm.Float(math.Float64frombits(uint64(b))), nil
	})
	m.fn("Frexp", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		x, err := vm.ArgNumber("math.Frexp", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		frac, exp := math.Frexp(x)
		return t.Ret2(vm.Float(frac), vm.Int(int64(exp)))
	})
	m.fn("Ilogb", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		x, err := vm.ArgNumber("math.Ilogb", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return vm.Int(int64(math.Ilogb(x))), nil
	})
	m.fn("Inf", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		sign, err := vm.ArgInt("math.Inf", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return vm.Float(math.Inf(clampInt(sign))), nil
	})
	m.fn("IsInf", 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		x, err := vm.ArgNumber("math.IsInf", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		sign, err := vm.ArgInt("math.IsInf", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		return vm.Bool(math.IsInf(x, clampInt(sign))), nil
	})
	m.fn("IsNaN", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		x, err := vm.ArgNumber("math.IsNaN", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return vm.Bool(math.IsNaN(x)), nil
	})
	m.fn("Ldexp", 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		frac, err := vm.ArgNumber("math.Ldexp", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		exp, err := vm.ArgInt("math.Ldexp", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		return vm.Float(math.Ldexp(frac, clampInt(exp))), nil
	})
	m.fn("Lgamma", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		x, err := vm.ArgNumber("math.Lgamma", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		lg, sign := math.Lgamma(x)
		return t.Ret2(vm.Float(lg), vm.Int(int64(sign)))
	})
	m.fn("Modf", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		x, err := vm.ArgNumber("math.Modf", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		ip, frac := math.Modf(x)
		return t.Ret2(vm.Float(ip), vm.Float(frac))
	})
	m.fn("NaN", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return vm.Float(math.NaN()), nil
	})
	m.fn("Pow10", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		n, err := vm.ArgInt("math.Pow10", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return vm.Float(math.Pow10(clampInt(n))), nil
	})
	m.fn("Signbit", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		x, err := vm.ArgNumber("math.Signbit", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return vm.Bool(math.Signbit(x)), nil
	})
	m.fn("Sincos", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		x, err := vm.ArgNumber("math.Sincos", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		s, c := math.Sincos(x)
		return t.Ret2(vm.Float(s), vm.Float(c))
	})
	gapMath(m)
	m.register()
}
