package stdlib

import (
	"unicode"
	"unicode/utf8"

	"github.com/goro-lang/goro/vm"
)

// unicode and unicode/utf8: Go's functions on runes (Goro ints). A rune
// argument outside int32 is a runtime error; an int32 that is no valid code
// point is treated as Go treats it (IsLetter(-1) is false, RuneLen(-1) -1).
// unicode's range tables (unicode.Letter, unicode.Han, ...) are objects
// that unicode.Is and unicode.In take.

var rangeTableType = &vm.ObjType{Name: "unicode.RangeTable"}

func rangeTables(name string, args []vm.Value) ([]*unicode.RangeTable, error) {
	out := make([]*unicode.RangeTable, len(args))
	for i, a := range args {
		o := a.Object()
		if o == nil || o.Type() != rangeTableType {
			return nil, vm.ArgTypeError(name, i, "unicode.RangeTable", a)
		}
		out[i] = o.Data.(*unicode.RangeTable)
	}
	return out, nil
}

func runeArg(name string, args []vm.Value, i int) (rune, error) {
	n, err := vm.ArgInt(name, args, i)
	if err != nil {
		return 0, err
	}
	if n < -1<<31 || n >= 1<<31 {
		return 0, vm.Errorf("%s: argument %d (%d) overflows rune", name, i+1, n)
	}
	return rune(n), nil
}

func init() {
	m := newModule("unicode")
	m.pure()
	m.value("MaxRune", vm.Int(unicode.MaxRune))
	m.value("ReplacementChar", vm.Int(unicode.ReplacementChar))
	m.value("MaxASCII", vm.Int(unicode.MaxASCII))
	m.value("MaxLatin1", vm.Int(unicode.MaxLatin1))
	m.value("UpperCase", vm.Int(unicode.UpperCase))
	m.value("LowerCase", vm.Int(unicode.LowerCase))
	m.value("TitleCase", vm.Int(unicode.TitleCase))
	for _, f := range []struct {
		name string
		f    func(rune) bool
	}{
		{"IsControl", unicode.IsControl}, {"IsDigit", unicode.IsDigit},
		{"IsGraphic", unicode.IsGraphic}, {"IsLetter", unicode.IsLetter},
		{"IsLower", unicode.IsLower}, {"IsMark", unicode.IsMark},
		{"IsNumber", unicode.IsNumber}, {"IsPrint", unicode.IsPrint},
		{"IsPunct", unicode.IsPunct}, {"IsSpace", unicode.IsSpace},
		{"IsSymbol", unicode.IsSymbol}, {"IsTitle", unicode.IsTitle},
		{"IsUpper", unicode.IsUpper},
	} {
		// Direct natives, not wrap: these run once per rune in scanners.
		name, g := "unicode."+f.name, f.f
		m.fn(f.name, 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			r, err := runeArg(name, args, 0)
			if err != nil {
				return vm.Nil, err
			}
			return vm.Bool(g(r)), nil
		})
		m.sig(f.name, "func "+f.name+"(r rune) bool")
	}
	m.wrap("SimpleFold", unicode.SimpleFold)
	m.wrap("To", unicode.To)
	m.wrap("ToLower", unicode.ToLower)
	m.wrap("ToTitle", unicode.ToTitle)
	m.wrap("ToUpper", unicode.ToUpper)
	m.fn("Is", 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		tabs, err := rangeTables("unicode.Is", args[:1])
		if err != nil {
			return vm.Nil, err
		}
		r, err := runeArg("unicode.Is", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		return vm.Bool(unicode.Is(tabs[0], r)), nil
	})
	m.sig("Is", "func Is(rangeTab *unicode.RangeTable, r rune) bool")
	m.fnRange("In", 1, -1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		r, err := runeArg("unicode.In", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		tabs, err := rangeTables("unicode.In", args[1:])
		if err != nil {
			return vm.Nil, err
		}
		return vm.Bool(unicode.In(r, tabs...)), nil
	})
	m.sig("In", "func In(r rune, ranges ...*unicode.RangeTable) bool")
	tables := map[string]*unicode.RangeTable{
		"Letter": unicode.Letter, "L": unicode.L, "Digit": unicode.Digit, "Nd": unicode.Nd,
		"Number": unicode.Number, "N": unicode.N, "Space": unicode.Space, "White_Space": unicode.White_Space,
		"Upper": unicode.Upper, "Lu": unicode.Lu, "Lower": unicode.Lower, "Ll": unicode.Ll,
		"Title": unicode.Title, "Punct": unicode.Punct, "P": unicode.P, "Symbol": unicode.Symbol,
		"S": unicode.S, "Mark": unicode.Mark, "M": unicode.M, "Cc": unicode.Cc,
		"Han": unicode.Han, "Latin": unicode.Latin, "Greek": unicode.Greek, "Cyrillic": unicode.Cyrillic,
		"Arabic": unicode.Arabic, "Hebrew": unicode.Hebrew, "Hiragana": unicode.Hiragana,
		"Katakana": unicode.Katakana, "Hangul": unicode.Hangul, "Thai": unicode.Thai,
		"Devanagari": unicode.Devanagari, "ASCII_Hex_Digit": unicode.ASCII_Hex_Digit,
	}
	for _, k := range sortedKeys(tables) {
		m.value(k, vm.NewObject(rangeTableType, tables[k]))
		m.doc(k, "var "+k+" *unicode.RangeTable", "The Unicode range table "+k+", for unicode.Is and unicode.In.")
	}
	m.register()

	u := newModule("unicode/utf8")
	u.pure()
	u.value("RuneError", vm.Int(utf8.RuneError))
	u.value("RuneSelf", vm.Int(utf8.RuneSelf))
	u.value("MaxRune", vm.Int(utf8.MaxRune))
	u.value("UTFMax", vm.Int(utf8.UTFMax))
	u.wrap("AppendRune", utf8.AppendRune)
	u.wrap("DecodeLastRune", utf8.DecodeLastRune)
	u.wrap("DecodeLastRuneInString", utf8.DecodeLastRuneInString)
	u.wrap("DecodeRune", utf8.DecodeRune)
	u.wrap("DecodeRuneInString", utf8.DecodeRuneInString)
	u.wrap("FullRune", utf8.FullRune)
	u.wrap("FullRuneInString", utf8.FullRuneInString)
	u.wrap("RuneCount", utf8.RuneCount)
	u.wrap("RuneCountInString", utf8.RuneCountInString)
	u.wrap("RuneLen", utf8.RuneLen)
	u.wrap("RuneStart", utf8.RuneStart)
	u.wrap("Valid", utf8.Valid)
	u.wrap("ValidRune", utf8.ValidRune)
	u.wrap("ValidString", utf8.ValidString)
	u.register()
}
