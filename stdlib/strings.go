package stdlib

import (
	"strings"
	"unicode/utf8"

	"github.com/goro-lang/goro/vm"
)

// The strings module: Go's strings functions with Go's names and semantics.
// Go's byte and rune parameters are ints here (a rune literal is an int),
// functions returning []string return new lists, and the Func variants call
// a script function through t.Call1, propagating its panics unchanged.

// maxResultLen caps strings built by Repeat and Replace, whose output can
// be far larger than their input: a script asking for an exabyte gets a
// runtime error instead of killing the host with an out-of-memory crash.
const maxResultLen = 1 << 31

func init() {
	m := newModule("strings")
	m.pure()

	strBool := func(member string, f func(a, b string) bool) {
		name := "strings." + member
		m.fn(member, 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s, err := strArgs(name, args)
			if err != nil {
				return vm.Nil, err
			}
			return vm.Bool(f(s[0], s[1])), nil
		})
	}
	strInt := func(member string, f func(a, b string) int) {
		name := "strings." + member
		m.fn(member, 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s, err := strArgs(name, args)
			if err != nil {
				return vm.Nil, err
			}
			return vm.Int(int64(f(s[0], s[1]))), nil
		})
	}
	str1 := func(member string, f func(s string) string) {
		name := "strings." + member
		m.fn(member, 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s, err := strArgs(name, args)
			if err != nil {
				return vm.Nil, err
			}
			return vm.String(f(s[0])), nil
		})
	}
	str2 := func(member string, f func(a, b string) string) {
		name := "strings." + member
		m.fn(member, 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s, err := strArgs(name, args)
			if err != nil {
				return vm.Nil, err
			}
			return vm.String(f(s[0], s[1])), nil
		})
	}
	strCut := func(member string, f func(a, b string) (string, bool)) {
		name := "strings." + member
		m.fn(member, 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s, err := strArgs(name, args)
			if err != nil {
				return vm.Nil, err
			}
			r, ok := f(s[0], s[1])
			return t.Ret2(vm.String(r), vm.Bool(ok))
		})
	}
	split := func(member string, f func(s, sep string, n int) []string) {
		name := "strings." + member
		m.fn(member, 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s, err := strArgs(name, args)
			if err != nil {
				return vm.Nil, err
			}
			return strList(f(s[0], s[1], -1)), nil
		})
		m.fn(member+"N", 3, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s, err := strArgs(name+"N", args[:2])
			if err != nil {
				return vm.Nil, err
			}
			n, err := vm.ArgInt(name+"N", args, 2)
			if err != nil {
				return vm.Nil, err
			}
			return strList(f(s[0], s[1], clampInt(n))), nil
		})
	}
	runeArg := func(member string, byteArg bool, f func(s string, r int64) vm.Value) {
		name := "strings." + member
		m.fn(member, 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s, err := vm.ArgStr(name, args, 0)
			if err != nil {
				return vm.Nil, err
			}
			r, err := vm.ArgInt(name, args, 1)
			if err != nil {
				return vm.Nil, err
			}
			if byteArg && (r < 0 || r > 255) {
				return vm.Nil, vm.Errorf("%s: argument 2 must be a byte (0 to 255), not %d", name, r)
			}
			return f(s, r), nil
		})
	}

	strInt("Compare", strings.Compare)
	strBool("Contains", strings.Contains)
	strBool("ContainsAny", strings.ContainsAny)
	m.fn("ContainsFunc", 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		i, err := indexFunc(t, "strings.ContainsFunc", args, false)
		return vm.Bool(i >= 0), err
	})
	runeArg("ContainsRune", false, func(s string, r int64) vm.Value {
		return vm.Bool(r >= 0 && r <= utf8.MaxRune && strings.ContainsRune(s, rune(r)))
	})
	strInt("Count", strings.Count)
	strCut("CutPrefix", strings.CutPrefix)
	strCut("CutSuffix", strings.CutSuffix)
	strBool("EqualFold", strings.EqualFold)
	m.fn("Fields", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := vm.ArgStr("strings.Fields", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return strList(strings.Fields(s)), nil
	})
	m.fn("FieldsFunc", 2, 1, fieldsFunc)
	strBool("HasPrefix", strings.HasPrefix)
	strBool("HasSuffix", strings.HasSuffix)
	strInt("Index", strings.Index)
	strInt("IndexAny", strings.IndexAny)
	runeArg("IndexByte", true, func(s string, c int64) vm.Value {
		return vm.Int(int64(strings.IndexByte(s, byte(c))))
	})
	m.fn("IndexFunc", 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		i, err := indexFunc(t, "strings.IndexFunc", args, false)
		return vm.Int(int64(i)), err
	})
	runeArg("IndexRune", false, func(s string, r int64) vm.Value {
		if r < 0 || r > utf8.MaxRune {
			// Go's IndexRune finds an invalid rune as U+FFFD; an int out of
			// rune range is no rune at all.
			return vm.Int(-1)
		}
		return vm.Int(int64(strings.IndexRune(s, rune(r))))
	})
	m.fn("Join", 2, 1, join)
	strInt("LastIndex", strings.LastIndex)
	strInt("LastIndexAny", strings.LastIndexAny)
	runeArg("LastIndexByte", true, func(s string, c int64) vm.Value {
		return vm.Int(int64(strings.LastIndexByte(s, byte(c))))
	})
	m.fn("LastIndexFunc", 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		i, err := indexFunc(t, "strings.LastIndexFunc", args, true)
		return vm.Int(int64(i)), err
	})
	m.fn("Map", 2, 1, mapRunes)
	m.fn("Repeat", 2, 1, repeat)
	m.fn("Replace", 4, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return replace(t, "strings.Replace", args)
	})
	m.fn("ReplaceAll", 3, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return replace(t, "strings.ReplaceAll", args)
	})
	split("Split", strings.SplitN)
	split("SplitAfter", strings.SplitAfterN)
	str1("ToLower", strings.ToLower)
	str1("ToTitle", strings.ToTitle)
	str1("ToUpper", strings.ToUpper)
	str2("ToValidUTF8", strings.ToValidUTF8)
	str2("Trim", strings.Trim)
	m.fn("TrimFunc", 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return trimFunc(t, "strings.TrimFunc", args, true, true)
	})
	str2("TrimLeft", strings.TrimLeft)
	m.fn("TrimLeftFunc", 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return trimFunc(t, "strings.TrimLeftFunc", args, true, false)
	})
	str2("TrimPrefix", strings.TrimPrefix)
	str2("TrimRight", strings.TrimRight)
	m.fn("TrimRightFunc", 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return trimFunc(t, "strings.TrimRightFunc", args, false, true)
	})
	str1("TrimSpace", strings.TrimSpace)
	str2("TrimSuffix", strings.TrimSuffix)
	moreStrings(m)
	gapStrings(m)
	m.register()
}

// strArgs returns the arguments as strings, or the runtime error naming the
// first that is not one.
func strArgs(name string, args []vm.Value) ([]string, error) {
	out := make([]string, len(args))
	for i := range args {
		s, err := vm.ArgStr(name, args, i)
		if err != nil {
			return nil, err
		}
		out[i] = s
	}
	return out, nil
}

// strList makes a new list of strings.
func strList(ss []string) vm.Value {
	items := make([]vm.Value, len(ss))
	for i, s := range ss {
		items[i] = vm.String(s)
	}
	return vm.NewListValue(items)
}

// clampInt converts a Goro int to a Go int for a count argument.
func clampInt(n int64) int {
	if int64(int(n)) != n {
		if n < 0 {
			return -1
		}
		return int(^uint(0) >> 1)
	}
	return int(n)
}

func join(t *vm.Thread, args []vm.Value) (vm.Value, error) {
	l, err := vm.ArgList("strings.Join", args, 0)
	if err != nil {
		return vm.Nil, err
	}
	sep, err := vm.ArgStr("strings.Join", args, 1)
	if err != nil {
		return vm.Nil, err
	}
	items := l.Snapshot()
	ss := make([]string, len(items))
	// A list may hold one long string many times: bound the result before
	// building it (see maxResultLen).
	total := int64(len(sep)) * int64(max(len(items)-1, 0))
	for i, x := range items {
		s, ok := x.ToStr()
		if !ok {
			return vm.Nil, vm.Errorf("strings.Join: list element %d is %s, want string", i, x.TypeName())
		}
		ss[i] = s
		total += int64(len(s))
	}
	if total > maxResultLen {
		return vm.Nil, vm.Errorf("strings: Join output length overflow")
	}
	return vm.String(strings.Join(ss, sep)), nil
}

func repeat(t *vm.Thread, args []vm.Value) (vm.Value, error) {
	s, err := vm.ArgStr("strings.Repeat", args, 0)
	if err != nil {
		return vm.Nil, err
	}
	n, err := vm.ArgInt("strings.Repeat", args, 1)
	if err != nil {
		return vm.Nil, err
	}
	if n < 0 {
		return vm.Nil, vm.Errorf("strings: negative Repeat count")
	}
	if len(s) > 0 && n > maxResultLen/int64(len(s)) {
		return vm.Nil, vm.Errorf("strings: Repeat output length overflow")
	}
	if err := t.Reserve(int64(len(s))*n, "strings: Repeat output length overflow"); err != nil {
		return vm.Nil, err
	}
	return vm.String(strings.Repeat(s, int(n))), nil
}

// replace serves Replace(s, old, new, n) and ReplaceAll(s, old, new).
func replace(t *vm.Thread, name string, args []vm.Value) (vm.Value, error) {
	s, err := strArgs(name, args[:3])
	if err != nil {
		return vm.Nil, err
	}
	n := -1
	if len(args) == 4 {
		k, err := vm.ArgInt(name, args, 3)
		if err != nil {
			return vm.Nil, err
		}
		n = clampInt(k)
	}
	// Bound the result before building it (see maxResultLen).
	if grow := len(s[2]) - len(s[1]); grow > 0 {
		k := strings.Count(s[0], s[1])
		if n >= 0 && n < k {
			k = n
		}
		if int64(len(s[0]))+int64(k)*int64(grow) > maxResultLen {
			return vm.Nil, vm.Errorf("%s: output length overflow", name)
		}
	}
	return vm.String(strings.Replace(s[0], s[1], s[2], n)), nil
}

// callRune calls f(r) for a Func variant and returns its result; want is
// the Goro type the result must have ("bool" or "int").
func callRune(t *vm.Thread, name string, f vm.Value, r rune, want vm.Kind) (vm.Value, error) {
	res, err := t.Call1(f, vm.Int(int64(r)))
	if err != nil {
		return vm.Nil, err
	}
	if res.Kind() != want {
		return vm.Nil, vm.Errorf("%s: f returned %s, want %s", name, res.TypeName(), want)
	}
	return res, nil
}

// funcArgs checks (s string, f func).
func funcArgs(name string, args []vm.Value) (string, vm.Value, error) {
	s, err := vm.ArgStr(name, args, 0)
	if err != nil {
		return "", vm.Nil, err
	}
	f, err := vm.ArgFunc(name, args, 1)
	return s, f, err
}

// indexFunc is IndexFunc (or LastIndexFunc when last): the byte index of
// the first (last) rune for which f is true, or -1.
func indexFunc(t *vm.Thread, name string, args []vm.Value, last bool) (int, error) {
	s, f, err := funcArgs(name, args)
	if err != nil {
		return -1, err
	}
	if !last {
		for i, r := range s {
			ok, err := callRune(t, name, f, r, vm.KindBool)
			if err != nil {
				return -1, err
			}
			if ok.AsBool() {
				return i, nil
			}
		}
		return -1, nil
	}
	for i := len(s); i > 0; {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
		ok, err := callRune(t, name, f, r, vm.KindBool)
		if err != nil {
			return -1, err
		}
		if ok.AsBool() {
			return i, nil
		}
	}
	return -1, nil
}

func trimFunc(t *vm.Thread, name string, args []vm.Value, left, right bool) (vm.Value, error) {
	s, f, err := funcArgs(name, args)
	if err != nil {
		return vm.Nil, err
	}
	for left && len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		ok, err := callRune(t, name, f, r, vm.KindBool)
		if err != nil {
			return vm.Nil, err
		}
		if !ok.AsBool() {
			break
		}
		s = s[size:]
	}
	for right && len(s) > 0 {
		r, size := utf8.DecodeLastRuneInString(s)
		ok, err := callRune(t, name, f, r, vm.KindBool)
		if err != nil {
			return vm.Nil, err
		}
		if !ok.AsBool() {
			break
		}
		s = s[:len(s)-size]
	}
	return vm.String(s), nil
}

func fieldsFunc(t *vm.Thread, args []vm.Value) (vm.Value, error) {
	const name = "strings.FieldsFunc"
	s, f, err := funcArgs(name, args)
	if err != nil {
		return vm.Nil, err
	}
	var out []vm.Value
	start := -1 // start of the current field, or -1 between fields
	for i, r := range s {
		sep, err := callRune(t, name, f, r, vm.KindBool)
		if err != nil {
			return vm.Nil, err
		}
		switch {
		case sep.AsBool() && start >= 0:
			out = append(out, vm.String(s[start:i]))
			start = -1
		case !sep.AsBool() && start < 0:
			start = i
		}
	}
	if start >= 0 {
		out = append(out, vm.String(s[start:]))
	}
	if out == nil {
		out = []vm.Value{}
	}
	return vm.NewListValue(out), nil
}

// mapRunes is strings.Map: each rune replaced by f(r); a negative result
// drops the rune. f returns an int (a rune).
func mapRunes(t *vm.Thread, args []vm.Value) (vm.Value, error) {
	const name = "strings.Map"
	f, err := vm.ArgFunc(name, args, 0)
	if err != nil {
		return vm.Nil, err
	}
	s, err := vm.ArgStr(name, args, 1)
	if err != nil {
		return vm.Nil, err
	}
	b := make([]byte, 0, len(s))
	for _, r := range s {
		res, err := callRune(t, name, f, r, vm.KindInt)
		if err != nil {
			return vm.Nil, err
		}
		n := res.AsInt()
		if n < 0 {
			continue
		}
		if n > utf8.MaxRune {
			n = utf8.RuneError
		}
		b = utf8.AppendRune(b, rune(n))
		if len(b) > maxResultLen {
			return vm.Nil, vm.Errorf("%s: output length overflow", name)
		}
	}
	return vm.String(string(b)), nil
}
