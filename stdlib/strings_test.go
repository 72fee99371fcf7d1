package stdlib

import (
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/vm"
)

// TestStringsConformance is the strings half of mod_strings.goro.
func TestStringsConformance(t *testing.T) {
	e := newEnv(t)
	s := func(fn string, args ...any) string { return e.call1("strings."+fn, vals(args...)...).String() }
	tr := s("TrimSpace", "  Hello, World  ")
	assert.Equal(t, "Hello, World", tr)
	assert.Equal(t, "true false", s("Contains", tr, "World")+" "+s("Contains", tr, "world"))
	assert.Equal(t, "true false", s("HasPrefix", tr, "Hell")+" "+s("HasSuffix", tr, "!"))
	assert.Equal(t, "4 -1", s("Index", tr, "o")+" "+s("Index", tr, "xyz"))
	parts := e.call1("strings.Split", vals("a,b,,c", ",")...)
	assert.Equal(t, "list", parts.TypeName())
	assert.Equal(t, "[a b  c]", parts.String())
	assert.Equal(t, 4, parts.List().Len())
	assert.Equal(t, "[one two three]", s("Fields", "  one two\tthree  "))
	assert.Equal(t, "[a b c]", s("Split", "abc", ""))
	assert.Equal(t, "x-y-z", s("Join", []any{"x", "y", "z"}, "-"))
	assert.Equal(t, "", s("Join", []any{}, "-"))
	assert.Equal(t, "bbaa", s("Replace", "aaaa", "a", "b", 2))
	assert.Equal(t, "bbbb", s("ReplaceAll", "aaaa", "a", "b"))
	assert.Equal(t, "HELLO, WORLD", s("ToUpper", tr))
	assert.Equal(t, "hello, world", s("ToLower", tr))
	assert.Equal(t, "hi", s("Trim", "xxhixx", "x"))
	assert.Equal(t, "body", s("TrimPrefix", "prefix-body", "prefix-"))
	assert.Equal(t, "file", s("TrimSuffix", "file.goro", ".goro"))
	assert.Equal(t, "ababab", s("Repeat", "ab", 3))
	assert.Equal(t, "3", s("Count", "cheese", "e"))
	assert.Equal(t, "5", s("Count", "five", ""))
}

// TestStringsMatchGo compares every two-string function with Go's over a
// grid of inputs.
func TestStringsMatchGo(t *testing.T) {
	e := newEnv(t)
	inputs := []string{"", "a", "abc", "a,b,,c", "  x  y ", "héllo wörld", "aaaa", "\xff\xfe", "Go GO go", ",", "ab"}
	boolFns := map[string]func(a, b string) bool{
		"Contains": strings.Contains, "ContainsAny": strings.ContainsAny, "HasPrefix": strings.HasPrefix,
		"HasSuffix": strings.HasSuffix, "EqualFold": strings.EqualFold,
	}
	intFns := map[string]func(a, b string) int{
		"Index": strings.Index, "IndexAny": strings.IndexAny, "LastIndex": strings.LastIndex,
		"LastIndexAny": strings.LastIndexAny, "Count": strings.Count, "Compare": strings.Compare,
	}
	strFns := map[string]func(a, b string) string{
		"Trim": strings.Trim, "TrimLeft": strings.TrimLeft, "TrimRight": strings.TrimRight,
		"TrimPrefix": strings.TrimPrefix, "TrimSuffix": strings.TrimSuffix, "ToValidUTF8": strings.ToValidUTF8,
	}
	listFns := map[string]func(a, b string) []string{"Split": strings.Split, "SplitAfter": strings.SplitAfter}
	for _, a := range inputs {
		for _, b := range inputs {
			for name, f := range boolFns {
				assert.Equal(t, vm.Bool(f(a, b)), e.call1("strings."+name, vals(a, b)...), "%s(%q, %q)", name, a, b)
			}
			for name, f := range intFns {
				assert.Equal(t, vm.Int(int64(f(a, b))), e.call1("strings."+name, vals(a, b)...), "%s(%q, %q)", name, a, b)
			}
			for name, f := range strFns {
				assert.Equal(t, f(a, b), e.call1("strings."+name, vals(a, b)...).AsStr(), "%s(%q, %q)", name, a, b)
			}
			for name, f := range listFns {
				assert.Equal(t, strList(f(a, b)).String(), e.call1("strings."+name, vals(a, b)...).String(), "%s(%q, %q)", name, a, b)
				for _, n := range []int{-1, 0, 1, 2} {
					assert.Equal(t, strList(strings.SplitN(a, b, n)).String(),
						e.call1("strings.SplitN", vals(a, b, n)...).String(), "SplitN(%q, %q, %d)", a, b, n)
					assert.Equal(t, strList(strings.SplitAfterN(a, b, n)).String(),
						e.call1("strings.SplitAfterN", vals(a, b, n)...).String())
				}
			}
			pre, ok := strings.CutPrefix(a, b)
			assert.Equal(t, repr(vals(pre, ok)...), repr(e.call("strings.CutPrefix", vals(a, b)...)...))
			suf, ok := strings.CutSuffix(a, b)
			assert.Equal(t, repr(vals(suf, ok)...), repr(e.call("strings.CutSuffix", vals(a, b)...)...))
		}
		for _, n := range []int{-1, 0, 1, 3} {
			assert.Equal(t, strings.Replace(a, "a", "xy", n), e.call1("strings.Replace", vals(a, "a", "xy", n)...).AsStr())
		}
		assert.Equal(t, strings.ToTitle(a), e.call1("strings.ToTitle", vals(a)...).AsStr())
		assert.Equal(t, strList(strings.Fields(a)).String(), e.call1("strings.Fields", vals(a)...).String())
	}
}

func TestStringsRunesAndBytes(t *testing.T) {
	e := newEnv(t)
	assert.Equal(t, vm.True, e.call1("strings.ContainsRune", vals("héllo", int('é'))...))
	assert.Equal(t, vm.False, e.call1("strings.ContainsRune", vals("héllo", -1)...))
	assert.Equal(t, vm.False, e.call1("strings.ContainsRune", vals("a", int64(1)<<32+'a')...))
	assert.Equal(t, vm.Int(1), e.call1("strings.IndexRune", vals("héllo", int('é'))...))
	assert.Equal(t, vm.Int(-1), e.call1("strings.IndexRune", vals("héllo", int64(1)<<40)...))
	assert.Equal(t, vm.Int(3), e.call1("strings.IndexByte", vals("abcd", int('d'))...))
	assert.Equal(t, vm.Int(4), e.call1("strings.LastIndexByte", vals("abcda", int('a'))...))
	assert.Equal(t, "runtime error: strings.IndexByte: argument 2 must be a byte (0 to 255), not 300",
		e.panicMsg("strings.IndexByte", vals("a", 300)...))
}

func TestStringsErrors(t *testing.T) {
	e := newEnv(t)
	assert.Equal(t, "runtime error: strings: negative Repeat count", e.panicMsg("strings.Repeat", vals("ab", -1)...))
	assert.Equal(t, "runtime error: strings: Repeat output length overflow",
		e.panicMsg("strings.Repeat", vals("ab", int64(1)<<62)...))
	assert.Equal(t, "", e.call1("strings.Repeat", vals("", int64(1)<<62)...).AsStr())
	assert.Equal(t, "runtime error: strings.Join: list element 1 is int, want string",
		e.panicMsg("strings.Join", vals([]any{"a", 1}, ",")...))
	assert.Equal(t, "runtime error: strings.Join: argument 1 must be list, not string",
		e.panicMsg("strings.Join", vals("a", ",")...))
	assert.Equal(t, "runtime error: strings.Replace: argument 4 must be int, not string",
		e.panicMsg("strings.Replace", vals("a", "b", "c", "d")...))
	// One long string many times: the total is refused before building.
	mb := vm.String(strings.Repeat("x", 1<<20))
	many := make([]vm.Value, 3000)
	for i := range many {
		many[i] = mb
	}
	assert.Equal(t, "runtime error: strings: Join output length overflow",
		e.panicMsg("strings.Join", vm.NewListValue(many), vm.String("")))
	big := strings.Repeat("a", 1<<16)
	assert.Equal(t, "runtime error: strings.ReplaceAll: output length overflow",
		e.panicMsg("strings.ReplaceAll", vals(big, "a", big)...))
}

func TestStringsFuncVariants(t *testing.T) {
	e := newEnv(t)
	isSpace := goNative("isSpace", 1, func(args []vm.Value) (vm.Value, error) {
		return vm.Bool(unicode.IsSpace(rune(args[0].AsInt()))), nil
	})
	isUpper := goNative("isUpper", 1, func(args []vm.Value) (vm.Value, error) {
		return vm.Bool(unicode.IsUpper(rune(args[0].AsInt()))), nil
	})
	for _, s := range []string{"", "  a b  ", "abc", "   ", "xÉy Z", "\xffA"} {
		assert.Equal(t, strList(strings.FieldsFunc(s, unicode.IsSpace)).String(), e.call1("strings.FieldsFunc", vm.String(s), isSpace).String(), "%q", s)
		assert.Equal(t, strings.TrimFunc(s, unicode.IsSpace), e.call1("strings.TrimFunc", vm.String(s), isSpace).AsStr())
		assert.Equal(t, strings.TrimLeftFunc(s, unicode.IsSpace), e.call1("strings.TrimLeftFunc", vm.String(s), isSpace).AsStr())
		assert.Equal(t, strings.TrimRightFunc(s, unicode.IsSpace), e.call1("strings.TrimRightFunc", vm.String(s), isSpace).AsStr())
		assert.Equal(t, vm.Int(int64(strings.IndexFunc(s, unicode.IsUpper))), e.call1("strings.IndexFunc", vm.String(s), isUpper))
		assert.Equal(t, vm.Int(int64(strings.LastIndexFunc(s, unicode.IsUpper))), e.call1("strings.LastIndexFunc", vm.String(s), isUpper))
		assert.Equal(t, vm.Bool(strings.ContainsFunc(s, unicode.IsUpper)), e.call1("strings.ContainsFunc", vm.String(s), isUpper))
	}
	rot := goNative("rot", 1, func(args []vm.Value) (vm.Value, error) {
		r := args[0].AsInt()
		if r == ' ' {
			return vm.Int(-1), nil
		}
		return vm.Int(r + 1), nil
	})
	assert.Equal(t, "bcd!", e.call1("strings.Map", rot, vm.String("a bc ")).AsStr()+"!")

	// A callback's panic comes back unchanged; a wrong result type is a
	// runtime error.
	boom := vm.Throw(vm.String("boom"))
	failing := goNative("failing", 1, func([]vm.Value) (vm.Value, error) { return vm.Nil, boom })
	_, err := e.try("strings.IndexFunc", vm.String("abc"), failing)
	assert.Same(t, boom, err)
	_, err = e.try("strings.Map", failing, vm.String("abc"))
	assert.Same(t, boom, err)
	notBool := goNative("notBool", 1, func([]vm.Value) (vm.Value, error) { return vm.Int(1), nil })
	assert.Equal(t, "runtime error: strings.TrimFunc: f returned int, want bool",
		e.panicMsg("strings.TrimFunc", vm.String("abc"), notBool))
	require.Equal(t, "runtime error: strings.Map: f returned bool, want int",
		e.panicMsg("strings.Map", isSpace, vm.String("abc")))
}
