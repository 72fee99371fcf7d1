package stdlib

import (
	"strconv"
	"unicode/utf8"

	"github.com/goro-lang/goro/vm"
)

// The strconv module. Conversions that can fail return (value, err) as Go's
// do, err carrying Go's own message (`strconv.Atoi: parsing "x": invalid
// syntax`) and the value Go returns alongside it (0, or the clamped value
// for "value out of range"). Misuse that Go reports by panicking (a bad
// base for FormatInt, a bad bit size for FormatFloat) is a runtime error.
// Optional trailing arguments take Go's usual value: ParseFloat(s) is
// ParseFloat(s, 64), ParseInt(s, base) is ParseInt(s, base, 64),
// FormatFloat(f, fmt, prec) is FormatFloat(f, fmt, prec, 64).

func init() {
	m := newModule("strconv")
	m.pure()
	m.fn("Atoi", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := vm.ArgStr("strconv.Atoi", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		n, perr := strconv.Atoi(s)
		return t.Ret2(vm.Int(int64(n)), errValue(perr))
	})
	m.fn("CanBackquote", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := vm.ArgStr("strconv.CanBackquote", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return vm.Bool(strconv.CanBackquote(s)), nil
	})
	m.fn("FormatBool", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		b, err := vm.ArgBool("strconv.FormatBool", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return vm.String(strconv.FormatBool(b)), nil
	})
	m.fnRange("FormatFloat", 3, 4, 1, formatFloat)
	m.fn("FormatInt", 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		i, err := vm.ArgInt("strconv.FormatInt", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		base, err := vm.ArgInt("strconv.FormatInt", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		if base < 2 || base > 36 {
			return vm.Nil, vm.Errorf("strconv: illegal AppendInt/FormatInt base")
		}
		return vm.String(strconv.FormatInt(i, int(base))), nil
	})
	m.fn("IsPrint", 1, 1, runePred("strconv.IsPrint", strconv.IsPrint))
	m.fn("IsGraphic", 1, 1, runePred("strconv.IsGraphic", strconv.IsGraphic))
	m.fn("Itoa", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		i, err := vm.ArgInt("strconv.Itoa", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return vm.String(strconv.FormatInt(i, 10)), nil
	})
	m.fn("ParseBool", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := vm.ArgStr("strconv.ParseBool", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		b, perr := strconv.ParseBool(s)
		return t.Ret2(vm.Bool(b), errValue(perr))
	})
	m.fnRange("ParseFloat", 1, 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := vm.ArgStr("strconv.ParseFloat", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		bits, err := optInt("strconv.ParseFloat", args, 1, 64)
		if err != nil {
			return vm.Nil, err
		}
		// Go treats any bit size other than 32 as 64.
		f, perr := strconv.ParseFloat(s, clampInt(bits))
		return t.Ret2(vm.Float(f), errValue(perr))
	})
	m.fnRange("ParseInt", 2, 3, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := vm.ArgStr("strconv.ParseInt", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		base, err := vm.ArgInt("strconv.ParseInt", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		bits, err := optInt("strconv.ParseInt", args, 2, 64)
		if err != nil {
			return vm.Nil, err
		}
		// Out-of-range bases and bit sizes are error values in Go too
		// ("invalid base 1"); clamping keeps them out of range.
		n, perr := strconv.ParseInt(s, clampInt(base), clampInt(bits))
		return t.Ret2(vm.Int(n), errValue(perr))
	})
	m.fn("Quote", 1, 1, quoteFn("strconv.Quote", strconv.Quote))
	m.fn("QuoteRune", 1, 1, quoteRuneFn("strconv.QuoteRune", strconv.QuoteRune))
	m.fn("QuoteRuneToASCII", 1, 1, quoteRuneFn("strconv.QuoteRuneToASCII", strconv.QuoteRuneToASCII))
	m.fn("QuoteToASCII", 1, 1, quoteFn("strconv.QuoteToASCII", strconv.QuoteToASCII))
	m.fn("Unquote", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := vm.ArgStr("strconv.Unquote", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		u, perr := strconv.Unquote(s)
		return t.Ret2(vm.String(u), errValue(perr))
	})
	moreStrconv(m)
	gapStrconv(m)
	m.register()
}

// optInt returns int argument i, or def when it was not given.
func optInt(name string, args []vm.Value, i int, def int64) (int64, error) {
	if i >= len(args) {
		return def, nil
	}
	return vm.ArgInt(name, args, i)
}

// formatFloat is FormatFloat(f, fmt, prec[, bitSize]); fmt is a one-letter
// string standing for Go's byte ('f', 'e', 'g', ...).
func formatFloat(t *vm.Thread, args []vm.Value) (vm.Value, error) {
	const name = "strconv.FormatFloat"
	f, err := vm.ArgNumber(name, args, 0)
	if err != nil {
		return vm.Nil, err
	}
	fs, err := vm.ArgStr(name, args, 1)
	if err != nil {
		return vm.Nil, err
	}
	if len(fs) != 1 {
		return vm.Nil, vm.Errorf("%s: format must be one letter such as \"f\", \"e\" or \"g\", not %q", name, fs)
	}
	prec, err := vm.ArgInt(name, args, 2)
	if err != nil {
		return vm.Nil, err
	}
	bits, err := optInt(name, args, 3, 64)
	if err != nil {
		return vm.Nil, err
	}
	if bits != 32 && bits != 64 {
		return vm.Nil, vm.Errorf("strconv: illegal AppendFloat/FormatFloat bitSize")
	}
	// A huge precision would make Go build a gigantic string (%.1000000000f).
	if prec > 1<<20 {
		return vm.Nil, vm.Errorf("%s: precision %d out of range", name, prec)
	}
	if prec < -1 {
		prec = -1 // Go treats every negative precision as "shortest"
	}
	return vm.String(strconv.FormatFloat(f, fs[0], int(prec), int(bits))), nil
}

func quoteFn(name string, q func(string) string) vm.NativeFn {
	return func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := vm.ArgStr(name, args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return vm.String(q(s)), nil
	}
}

// runeOf converts an int argument to a rune as Go's rune(x) would for a
// value in range; anything outside [0, MaxRune] is U+FFFD.
func runeOf(n int64) rune {
	if n < 0 || n > utf8.MaxRune {
		return utf8.RuneError
	}
	return rune(n)
}

func quoteRuneFn(name string, q func(rune) string) vm.NativeFn {
	return func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		r, err := vm.ArgInt(name, args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return vm.String(q(runeOf(r))), nil
	}
}

func runePred(name string, pred func(rune) bool) vm.NativeFn {
	return func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		r, err := vm.ArgInt(name, args, 0)
		if err != nil {
			return vm.Nil, err
		}
		if r < 0 || r > utf8.MaxRune {
			return vm.False, nil
		}
		return vm.Bool(pred(rune(r))), nil
	}
}
