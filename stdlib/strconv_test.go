package stdlib

import (
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/vm"
)

// TestStrconvConformance is the strconv half of mod_strings.goro.
func TestStrconvConformance(t *testing.T) {
	e := newEnv(t)
	s := e.call1("strconv.Itoa", vm.Int(-45))
	assert.Equal(t, "string", s.TypeName())
	assert.Equal(t, "-45", s.AsStr())
	res := e.call("strconv.Atoi", vm.String("123"))
	assert.Equal(t, []vm.Value{vm.Int(123), vm.Nil}, res)
	res = e.call("strconv.Atoi", vm.String("12a"))
	assert.Equal(t, "error", res[1].TypeName())
	assert.Equal(t, `"tab\there \"q\""`, e.call1("strconv.Quote", vm.String("tab\there \"q\"")).AsStr())
}

// TestStrconvErrors checks every failing conversion against Go's own
// result and error text.
func TestStrconvErrors(t *testing.T) {
	e := newEnv(t)
	for _, s := range []string{"", "x", "12a", " 1", "+5", "-0", "0x10", "1_000", "9223372036854775807",
		"9223372036854775808", "-9223372036854775809", "99999999999999999999"} {
		n, err := strconv.Atoi(s)
		res := e.call("strconv.Atoi", vm.String(s))
		assert.Equal(t, vm.Int(int64(n)), res[0], "Atoi(%q)", s)
		assert.Equal(t, errString(err), errText(t, res[1]), "Atoi(%q)", s)

		for _, base := range []int{0, 2, 10, 16, 36, 1, 37} {
			for _, bits := range []int{8, 64, 65} {
				n, err := strconv.ParseInt(s, base, bits)
				res := e.call("strconv.ParseInt", vals(s, base, bits)...)
				assert.Equal(t, vm.Int(n), res[0], "ParseInt(%q, %d, %d)", s, base, bits)
				assert.Equal(t, errString(err), errText(t, res[1]), "ParseInt(%q, %d, %d)", s, base, bits)
			}
		}
	}
	res := e.call("strconv.ParseInt", vals("ff", 16)...)
	assert.Equal(t, []vm.Value{vm.Int(255), vm.Nil}, res)

	for _, s := range []string{"", "x", "1.5", "-0", "1e400", "-1e400", "1e-400", "inf", "-Inf", "NaN", "0x1p-2",
		"1_000.5", ".5", "1e", "3.4e39"} {
		for _, bits := range []int{32, 64} {
			f, err := strconv.ParseFloat(s, bits)
			res := e.call("strconv.ParseFloat", vals(s, bits)...)
			require.True(t, res[0].IsFloat())
			assert.Equal(t, math.Float64bits(f), math.Float64bits(res[0].AsFloat()), "ParseFloat(%q)", s)
			assert.Equal(t, errString(err), errText(t, res[1]), "ParseFloat(%q)", s)
		}
		f, _ := strconv.ParseFloat(s, 64)
		res := e.call("strconv.ParseFloat", vm.String(s))
		assert.Equal(t, math.Float64bits(f), math.Float64bits(res[0].AsFloat()))
	}
	assert.Equal(t, `strconv.Atoi: parsing "x": invalid syntax`, errText(t, e.call("strconv.Atoi", vm.String("x"))[1]))

	for _, s := range []string{"1", "t", "TRUE", "false", "F", "yes", ""} {
		b, err := strconv.ParseBool(s)
		res := e.call("strconv.ParseBool", vm.String(s))
		assert.Equal(t, vm.Bool(b), res[0], s)
		assert.Equal(t, errString(err), errText(t, res[1]), s)
	}
	for _, s := range []string{`"a\tb"`, "`raw`", `'x'`, `"bad`, `x`, `"\q"`, `''`, `"\u00e9"`} {
		u, err := strconv.Unquote(s)
		res := e.call("strconv.Unquote", vm.String(s))
		assert.Equal(t, u, res[0].AsStr(), s)
		assert.Equal(t, errString(err), errText(t, res[1]), s)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestStrconvFormat(t *testing.T) {
	e := newEnv(t)
	for _, f := range []float64{0, 1, -1.5, 3.14159, 1e21, 1e-7, 123456789, math.MaxFloat64, math.Inf(-1), math.NaN()} {
		for _, fm := range []byte("beEfgGxX") {
			for _, prec := range []int{-1, 0, 3, 17} {
				for _, bits := range []int{32, 64} {
					want := strconv.FormatFloat(f, fm, prec, bits)
					got := e.call1("strconv.FormatFloat", vals(f, string(fm), prec, bits)...).AsStr()
					assert.Equal(t, want, got, "FormatFloat(%v, %c, %d, %d)", f, fm, prec, bits)
				}
			}
		}
	}
	assert.Equal(t, "3.00", e.call1("strconv.FormatFloat", vals(3, "f", 2)...).AsStr(), "an int is accepted")
	assert.Equal(t, "1.5", e.call1("strconv.FormatFloat", vals(1.5, "g", -5)...).AsStr())
	assert.Equal(t, "%z", e.call1("strconv.FormatFloat", vals(1.5, "z", -1)...).AsStr(), "Go's answer for an unknown format")
	assert.Equal(t, `runtime error: strconv.FormatFloat: format must be one letter such as "f", "e" or "g", not "ff"`,
		e.panicMsg("strconv.FormatFloat", vals(1.0, "ff", 2)...))
	assert.Equal(t, "runtime error: strconv: illegal AppendFloat/FormatFloat bitSize",
		e.panicMsg("strconv.FormatFloat", vals(1.0, "f", 2, 16)...))
	assert.Contains(t, e.panicMsg("strconv.FormatFloat", vals(1.0, "f", int64(1)<<40)...), "precision")

	for _, n := range []int64{0, 1, -1, 255, math.MaxInt64, math.MinInt64} {
		for _, base := range []int{2, 8, 10, 16, 36} {
			assert.Equal(t, strconv.FormatInt(n, base), e.call1("strconv.FormatInt", vals(n, base)...).AsStr())
		}
	}
	assert.Equal(t, "runtime error: strconv: illegal AppendInt/FormatInt base", e.panicMsg("strconv.FormatInt", vals(5, 1)...))
	assert.Equal(t, "runtime error: strconv.Itoa: argument 1 must be int, not float", e.panicMsg("strconv.Itoa", vals(1.5)...))

	assert.Equal(t, "true", e.call1("strconv.FormatBool", vm.True).AsStr())
	assert.Equal(t, `"\u263a\n"`, e.call1("strconv.QuoteToASCII", vm.String("☺\n")).AsStr())
	assert.Equal(t, `'☺'`, e.call1("strconv.QuoteRune", vm.Int('☺')).AsStr())
	assert.Equal(t, `'\u263a'`, e.call1("strconv.QuoteRuneToASCII", vm.Int('☺')).AsStr())
	assert.Equal(t, `'�'`, e.call1("strconv.QuoteRune", vm.Int(-5)).AsStr())
	assert.Equal(t, vm.True, e.call1("strconv.IsPrint", vm.Int('a')))
	assert.Equal(t, vm.False, e.call1("strconv.IsPrint", vm.Int(7)))
	assert.Equal(t, vm.False, e.call1("strconv.IsGraphic", vm.Int(-1)))
	assert.Equal(t, vm.False, e.call1("strconv.CanBackquote", vm.String("a`b")))
}
