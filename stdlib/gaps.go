package stdlib

import (
	"bytes"
	"math"
	"strconv"
	"strings"

	"github.com/goro-lang/goro/vm"
)

// The members of Go's strings, bytes, strconv and math packages that the
// other files do not declare (checked against Go's api files by
// TestGoAPICoverage). Go's iterator functions (strings.Lines, SplitSeq,
// FieldsSeq, ...) return Goro iterator functions (func(yield)) over the
// same values.

// seqStrings wraps a Go function giving []string as an iterator member.
func seqMember(m *module, member, sig string, f func(args []string) []string, nargs int) {
	name := m.name + "." + member
	m.fn(member, nargs, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		ss, err := strArgs(name, args)
		if err != nil {
			return vm.Nil, err
		}
		parts := f(ss)
		items := make([]vm.Value, len(parts))
		for i, p := range parts {
			items[i] = vm.String(p)
		}
		return seqOf(name, nil, items), nil
	})
	m.sig(member, sig)
}

// collect drains a Go iterator of strings.
func collect(seq func(func(string) bool)) []string {
	var out []string
	for s := range seq {
		out = append(out, s)
	}
	return out
}

func gapStrings(m *module) {
	seqMember(m, "Lines", "func Lines(s string) iter.Seq[string]", func(a []string) []string { return collect(strings.Lines(a[0])) }, 1)
	seqMember(m, "SplitSeq", "func SplitSeq(s, sep string) iter.Seq[string]", func(a []string) []string { return collect(strings.SplitSeq(a[0], a[1])) }, 2)
	seqMember(m, "SplitAfterSeq", "func SplitAfterSeq(s, sep string) iter.Seq[string]", func(a []string) []string { return collect(strings.SplitAfterSeq(a[0], a[1])) }, 2)
	seqMember(m, "FieldsSeq", "func FieldsSeq(s string) iter.Seq[string]", func(a []string) []string { return collect(strings.FieldsSeq(a[0])) }, 1)
	m.fn("FieldsFuncSeq", 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		l, err := fieldsFuncList(t, args)
		if err != nil {
			return vm.Nil, err
		}
		return seqOf("strings.FieldsFuncSeq", nil, l), nil
	})
	m.sig("FieldsFuncSeq", "func FieldsFuncSeq(s string, f func(rune) bool) iter.Seq[string]")
}

// fieldsFuncList is strings.FieldsFunc(args[0], args[1]) as values.
func fieldsFuncList(t *vm.Thread, args []vm.Value) ([]vm.Value, error) {
	fn, _ := wrapFunc("strings.FieldsFunc", strings.FieldsFunc)
	v, err := fn(t, args)
	if err != nil {
		return nil, err
	}
	return v.List().Snapshot(), nil
}

func gapBytes(b *module) {
	for _, f := range []struct {
		n string
		f any
	}{
		{"ContainsFunc", bytes.ContainsFunc}, {"LastIndexFunc", bytes.LastIndexFunc},
		{"TrimLeftFunc", bytes.TrimLeftFunc}, {"TrimRightFunc", bytes.TrimRightFunc},
		{"SplitAfterN", bytes.SplitAfterN}, {"Title", bytes.Title}, //nolint:staticcheck // Go still has it
	} {
		b.wrap(f.n, f.f)
	}
	seqMember(b, "Lines", "func Lines(s []byte) iter.Seq[[]byte]", func(a []string) []string { return collect(strings.Lines(a[0])) }, 1)
	seqMember(b, "SplitSeq", "func SplitSeq(s, sep []byte) iter.Seq[[]byte]", func(a []string) []string { return collect(strings.SplitSeq(a[0], a[1])) }, 2)
	seqMember(b, "SplitAfterSeq", "func SplitAfterSeq(s, sep []byte) iter.Seq[[]byte]", func(a []string) []string { return collect(strings.SplitAfterSeq(a[0], a[1])) }, 2)
	seqMember(b, "FieldsSeq", "func FieldsSeq(s []byte) iter.Seq[[]byte]", func(a []string) []string { return collect(strings.FieldsSeq(a[0])) }, 1)
	b.fn("FieldsFuncSeq", 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		l, err := fieldsFuncList(t, args)
		if err != nil {
			return vm.Nil, err
		}
		return seqOf("bytes.FieldsFuncSeq", nil, l), nil
	})
	b.sig("FieldsFuncSeq", "func FieldsFuncSeq(s []byte, f func(rune) bool) iter.Seq[[]byte]")
	b.value("ErrTooLarge", errValue(bytes.ErrTooLarge))
	b.doc("ErrTooLarge", "var ErrTooLarge error", "ErrTooLarge: a Buffer could not grow.")
}

func gapStrconv(m *module) {
	m.fnRange("AppendFloat", 5, 5, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		dst, err := vm.ArgStr("strconv.AppendFloat", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		s, err := formatFloat(t, args[1:])
		if err != nil {
			return vm.Nil, err
		}
		return vm.String(dst + s.AsStr()), nil
	})
	m.sig("AppendFloat", "func AppendFloat(dst []byte, f float64, fmt byte, prec, bitSize int) []byte")
	m.wrap("AppendUint", func(dst []byte, i int64, base int) []byte { return strconv.AppendUint(dst, uint64(i), base) })
	m.sig("AppendUint", "func AppendUint(dst []byte, i uint64, base int) []byte")
	m.wrap("AppendQuoteRune", strconv.AppendQuoteRune)
	m.wrap("AppendQuoteRuneToASCII", strconv.AppendQuoteRuneToASCII)
	m.wrap("AppendQuoteRuneToGraphic", strconv.AppendQuoteRuneToGraphic)
	m.wrap("AppendQuoteToASCII", strconv.AppendQuoteToASCII)
	m.wrap("AppendQuoteToGraphic", strconv.AppendQuoteToGraphic)
	m.fn("UnquoteChar", 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := vm.ArgStr("strconv.UnquoteChar", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		q, err := vm.ArgInt("strconv.UnquoteChar", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		v, mb, tail, uerr := strconv.UnquoteChar(s, byte(q))
		// Four results do not fit a Goro call: they come as a list.
		return vm.NewListValue([]vm.Value{vm.Int(int64(v)), vm.Bool(mb), vm.String(tail), errValue(uerr)}), nil
	})
	m.doc("UnquoteChar", "func UnquoteChar(s string, quote byte) [value, multibyte, tail, err]",
		"UnquoteChar decodes the first character or escape of a quoted string's body; Go's four results come as one list.")
}

func gapMath(m *module) {
	m.wrap("FMA", math.FMA)
	m.wrap("Jn", math.Jn)
	m.wrap("Yn", math.Yn)
	m.wrap("Nextafter32", func(x, y float64) float64 { return float64(math.Nextafter32(float32(x), float32(y))) })
	m.sig("Nextafter32", "func Nextafter32(x, y float32) (r float32)")
	m.wrap("Float32bits", func(f float64) int64 { return int64(math.Float32bits(float32(f))) })
	m.sig("Float32bits", "func Float32bits(f float32) uint32")
	m.wrap("Float32frombits", func(b int64) float64 { return float64(math.Float32frombits(uint32(b))) })
	m.sig("Float32frombits", "func Float32frombits(b uint32) float32")
	// Go's MaxUint and MaxUint64 exceed Goro's int64: floats, like
	// MaxFloat64 (exact: 2^64 is representable; the constant is 2^64-1).
	m.value("MaxUint64", vm.Float(math.MaxUint64))
	m.doc("MaxUint64", "const MaxUint64 = 1<<64 - 1", "MaxUint64 is the largest uint64, as a float (Goro ints are 64-bit signed), so it reads 1.8446744073709552e19.")
	m.value("MaxUint", vm.Float(math.MaxUint))
	m.doc("MaxUint", "const MaxUint = 1<<64 - 1", "MaxUint is the largest uint on 64-bit hosts, as a float (see MaxUint64).")
}
