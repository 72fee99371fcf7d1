package stdlib

import (
	"regexp"
	"strconv"

	"github.com/goro-lang/goro/vm"
)

// regexp: Go's RE2 engine. A compiled *regexp.Regexp is safe for
// concurrent use, so the object needs no lock. Methods that Go gives on
// []byte and string both take Goro strings; the hot ones (MatchString,
// FindString, FindStringSubmatch, ReplaceAllString) are direct natives.

var regexpType = &vm.ObjType{Name: "regexp.Regexp", Str: func(o *vm.Object) string { return o.Data.(*regexp.Regexp).String() }}

func reOf(args []vm.Value) *regexp.Regexp { return args[0].Object().Data.(*regexp.Regexp) }

func reMethod(member string, nargs, nres int, f func(t *vm.Thread, re *regexp.Regexp, args []vm.Value) (vm.Value, error)) {
	regexpType.Methods[member] = newMethod("regexp.Regexp", member, nargs, nres, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o := args[0].Object()
		if o == nil || o.Type() != regexpType {
			return vm.Nil, vm.Errorf("regexp.Regexp.%s: receiver must be regexp.Regexp, not %s", member, args[0].TypeName())
		}
		return f(t, o.Data.(*regexp.Regexp), args[1:])
	})
}

func strsOrNil(ss []string) vm.Value {
	if ss == nil {
		return vm.Nil
	}
	return strList(ss)
}

func intsOrNil(xs []int) vm.Value {
	if xs == nil {
		return vm.Nil
	}
	out := make([]vm.Value, len(xs))
	for i, x := range xs {
		out[i] = vm.Int(int64(x))
	}
	return vm.NewListValue(out)
}

func init() {
	regexpType.Methods = map[string]*vm.Native{}
	str1 := func(member string, f func(re *regexp.Regexp, s string) vm.Value) {
		name := "regexp.Regexp." + member
		reMethod(member, 1, 1, func(t *vm.Thread, re *regexp.Regexp, args []vm.Value) (vm.Value, error) {
			s, ok := args[0].ToStr()
			if !ok {
				return vm.Nil, vm.ArgTypeError(name, 0, "string", args[0])
			}
			return f(re, s), nil
		})
	}
	strN := func(member string, f func(re *regexp.Regexp, s string, n int) vm.Value) {
		name := "regexp.Regexp." + member
		reMethod(member, 2, 1, func(t *vm.Thread, re *regexp.Regexp, args []vm.Value) (vm.Value, error) {
			s, err := vm.ArgStr(name, args, 0)
			if err != nil {
				return vm.Nil, err
			}
			n, err := vm.ArgInt(name, args, 1)
			if err != nil {
				return vm.Nil, err
			}
			return f(re, s, clampInt(n)), nil
		})
	}
	for _, m := range []string{"MatchString", "Match"} {
		str1(m, func(re *regexp.Regexp, s string) vm.Value { return vm.Bool(re.MatchString(s)) })
	}
	for _, m := range []string{"FindString", "Find"} {
		str1(m, func(re *regexp.Regexp, s string) vm.Value { return vm.String(re.FindString(s)) })
	}
	for _, m := range []string{"FindStringIndex", "FindIndex"} {
		str1(m, func(re *regexp.Regexp, s string) vm.Value { return intsOrNil(re.FindStringIndex(s)) })
	}
	for _, m := range []string{"FindStringSubmatch", "FindSubmatch"} {
		str1(m, func(re *regexp.Regexp, s string) vm.Value { return strsOrNil(re.FindStringSubmatch(s)) })
	}
	for _, m := range []string{"FindStringSubmatchIndex", "FindSubmatchIndex"} {
		str1(m, func(re *regexp.Regexp, s string) vm.Value { return intsOrNil(re.FindStringSubmatchIndex(s)) })
	}
	for _, m := range []string{"FindAllString", "FindAll"} {
		strN(m, func(re *regexp.Regexp, s string, n int) vm.Value { return strsOrNil(re.FindAllString(s, n)) })
	}
	for _, m := range []string{"FindAllStringIndex", "FindAllIndex"} {
		strN(m, func(re *regexp.Regexp, s string, n int) vm.Value {
			var out []vm.Value
			for _, x := range re.FindAllStringIndex(s, n) {
				out = append(out, intsOrNil(x))
			}
			if out == nil {
				return vm.Nil
			}
			return vm.NewListValue(out)
		})
	}
	for _, m := range []string{"FindAllStringSubmatch", "FindAllSubmatch"} {
		strN(m, func(re *regexp.Regexp, s string, n int) vm.Value {
			var out []vm.Value
			for _, x := range re.FindAllStringSubmatch(s, n) {
				out = append(out, strList(x))
			}
			if out == nil {
				return vm.Nil
			}
			return vm.NewListValue(out)
		})
	}
	strN("Split", func(re *regexp.Regexp, s string, n int) vm.Value { return strsOrNil(re.Split(s, n)) })
	for _, m := range []string{"ReplaceAllString", "ReplaceAll", "ReplaceAllLiteralString", "ReplaceAllLiteral"} {
		name, literal := "regexp.Regexp."+m, m == "ReplaceAllLiteralString" || m == "ReplaceAllLiteral"
		reMethod(m, 2, 1, func(t *vm.Thread, re *regexp.Regexp, args []vm.Value) (vm.Value, error) {
			s, err := strArgs(name, args)
			if err != nil {
				return vm.Nil, err
			}
			if literal {
				return vm.String(re.ReplaceAllLiteralString(s[0], s[1])), nil
			}
			return vm.String(re.ReplaceAllString(s[0], s[1])), nil
		})
	}
	for _, m := range []string{"ReplaceAllStringFunc", "ReplaceAllFunc"} {
		name := "regexp.Regexp." + m
		reMethod(m, 2, 1, func(t *vm.Thread, re *regexp.Regexp, args []vm.Value) (vm.Value, error) {
			s, err := vm.ArgStr(name, args, 0)
			if err != nil {
				return vm.Nil, err
			}
			f, err := vm.ArgFunc(name, args, 1)
			if err != nil {
				return vm.Nil, err
			}
			var cerr error
			out := re.ReplaceAllStringFunc(s, func(m string) string {
				if cerr != nil {
					return m
				}
				r, err := t.Call1(f, vm.String(m))
				if err != nil {
					cerr = err
					return m
				}
				rs, ok := r.ToStr()
				if !ok {
					cerr = vm.Errorf("%s: repl returned %s, want string", name, r.TypeName())
				}
				return rs
			})
			return vm.String(out), cerr
		})
	}
	noArg := func(member string, f func(re *regexp.Regexp) vm.Value) {
		reMethod(member, 0, 1, func(t *vm.Thread, re *regexp.Regexp, args []vm.Value) (vm.Value, error) { return f(re), nil })
	}
	noArg("String", func(re *regexp.Regexp) vm.Value { return vm.String(re.String()) })
	noArg("NumSubexp", func(re *regexp.Regexp) vm.Value { return vm.Int(int64(re.NumSubexp())) })
	noArg("SubexpNames", func(re *regexp.Regexp) vm.Value { return strList(re.SubexpNames()) })
	noArg("LiteralPrefix", func(re *regexp.Regexp) vm.Value { p, _ := re.LiteralPrefix(); return vm.String(p) })
	noArg("Longest", func(re *regexp.Regexp) vm.Value { re.Longest(); return vm.Nil })
	str1("SubexpIndex", func(re *regexp.Regexp, s string) vm.Value { return vm.Int(int64(re.SubexpIndex(s))) })

	m := newModule("regexp")
	m.pure()
	compile := func(member string, f func(string) (*regexp.Regexp, error), must bool) {
		name := "regexp." + member
		nres := 2
		if must {
			nres = 1
		}
		m.fn(member, 1, nres, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s, err := vm.ArgStr(name, args, 0)
			if err != nil {
				return vm.Nil, err
			}
			re, cerr := f(s)
			if must {
				if cerr != nil {
					// Go: regexp: Compile(`(`): error parsing regexp: ...
					return vm.Nil, vm.PlainErrorf("regexp: %s(%s): %s", member[4:], quoteRE(s), cerr)
				}
				return vm.NewObject(regexpType, re), nil
			}
			if cerr != nil {
				return t.Ret2(vm.Nil, errValue(cerr))
			}
			return t.Ret2(vm.NewObject(regexpType, re), vm.Nil)
		})
	}
	compile("Compile", regexp.Compile, false)
	m.sig("Compile", "func Compile(expr string) (*regexp.Regexp, error)")
	compile("CompilePOSIX", regexp.CompilePOSIX, false)
	m.sig("CompilePOSIX", "func CompilePOSIX(expr string) (*regexp.Regexp, error)")
	compile("MustCompile", regexp.Compile, true)
	m.sig("MustCompile", "func MustCompile(str string) *regexp.Regexp")
	compile("MustCompilePOSIX", regexp.CompilePOSIX, true)
	m.sig("MustCompilePOSIX", "func MustCompilePOSIX(str string) *regexp.Regexp")
	m.wrap("MatchString", regexp.MatchString)
	m.wrap("QuoteMeta", regexp.QuoteMeta)
	m.register()
}

// quoteRE quotes an expression as Go's MustCompile panic message does.
func quoteRE(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '`' || s[i] < ' ' {
			return strconv.Quote(s)
		}
	}
	return "`" + s + "`"
}
