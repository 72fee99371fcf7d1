package vm

import (
	"math"
	"sort"
	"strconv"
	"unicode/utf8"
)

// The universe: builtin functions (SPEC §9). They are immutable natives
// shared by every runtime; whatever state they touch comes through the
// Thread. The compiler turns a call of an unshadowed len or append into an
// opcode; these natives serve every other use (a call through a variable, a
// spread call, `defer println(...)`).

var builtins = map[string]*Native{}

func defBuiltin(name string, nres int, fn NativeFn) {
	builtins[name] = NewNative(name, nres, fn)
}

// Builtin returns the builtin named name, or nil.
func Builtin(name string) *Native { return builtins[name] }

// BuiltinNames lists the builtins, sorted (for completion and "did you
// mean").
func BuiltinNames() []string {
	names := make([]string, 0, len(builtins))
	for n := range builtins {
		if n[0] != '$' {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	return names
}

func init() {
	defBuiltin("len", 1, func(t *Thread, args []Value) (Value, error) {
		if err := CheckArgs("len", args, 1); err != nil {
			return Nil, err
		}
		return length(args[0])
	})
	defBuiltin("cap", 1, bCap)
	defBuiltin("append", 1, func(t *Thread, args []Value) (Value, error) {
		if len(args) == 0 {
			return Nil, Errorf("not enough arguments in call to append")
		}
		if l := args[0].List(); l != nil {
			if g := l.Append(args[1:]...); g > 0 {
				if err := t.Reserve(g, "growslice: len out of range"); err != nil {
					return Nil, err
				}
			}
			return args[0], nil
		}
		return appendSlow(args[0], args[1:])
	})
	defBuiltin("delete", 0, bDelete)
	defBuiltin("chan", 1, func(t *Thread, args []Value) (Value, error) {
		if err := CheckArgsRange("chan", args, 0, 1); err != nil {
			return Nil, err
		}
		size := int64(0)
		if len(args) == 1 {
			n, ok := args[0].ToInt()
			if !ok {
				return Nil, ArgTypeError("chan", 0, "int", args[0])
			}
			size = n
		}
		if size < 0 || size > 1<<31 {
			return Nil, PlainErrorf("makechan: size out of range")
		}
		if err := t.Reserve(size*16, "makechan: size out of range"); err != nil {
			return Nil, err
		}
		return t.rt.NewChan(int(size))
	})
	defBuiltin("close", 0, func(t *Thread, args []Value) (Value, error) {
		if err := CheckArgs("close", args, 1); err != nil {
			return Nil, err
		}
		c := args[0].Chan()
		if c == nil {
			if args[0].IsNil() {
				return Nil, PlainErrorf("close of nil channel")
			}
			return Nil, Errorf("invalid operation: close of %s", args[0].TypeName())
		}
		if c.c.Close(t.sched.m) {
			return Nil, PlainErrorf("close of closed channel")
		}
		return Nil, nil
	})
	defBuiltin("panic", 0, func(t *Thread, args []Value) (Value, error) {
		if err := CheckArgs("panic", args, 1); err != nil {
			return Nil, err
		}
		if args[0].IsNil() {
			return Nil, PlainErrorf("panic called with nil argument")
		}
		return Nil, Throw(args[0])
	})
	defBuiltin("recover", 1, bRecover)
	defBuiltin("error", 1, func(t *Thread, args []Value) (Value, error) {
		if err := CheckArgs("error", args, 1); err != nil {
			return Nil, err
		}
		return NewError(args[0].String()), nil
	})
	defBuiltin("type", 1, func(t *Thread, args []Value) (Value, error) {
		if err := CheckArgs("type", args, 1); err != nil {
			return Nil, err
		}
		return String(args[0].TypeName()), nil
	})
	defBuiltin("str", 1, func(t *Thread, args []Value) (Value, error) {
		if err := CheckArgs("str", args, 1); err != nil {
			return Nil, err
		}
		switch x := args[0]; x.Kind() {
		case KindString:
			return x, nil
		case KindInt:
			var tmp [24]byte
			digits := strconv.AppendInt(tmp[:0], x.AsInt(), 10)
			v, data := newStringBuf(len(digits))
			copy(data, digits)
			return v, nil
		}
		return String(string(t.AppendStr(nil, args[0]))), nil
	})
	defBuiltin("int", 1, bInt)
	defBuiltin("float", 1, bFloat)
	defBuiltin("min", 1, func(t *Thread, args []Value) (Value, error) { return minMax("min", args, akLt) })
	defBuiltin("max", 1, func(t *Thread, args []Value) (Value, error) { return minMax("max", args, akGt) })
	defBuiltin("print", 0, func(t *Thread, args []Value) (Value, error) {
		t.rt.stdout.Write(appendOperands(nil, args))
		return Nil, nil
	})
	defBuiltin("println", 0, func(t *Thread, args []Value) (Value, error) {
		t.rt.stdout.Write(append(appendOperands(nil, args), '\n'))
		return Nil, nil
	})
	defBuiltin("keys", 1, func(t *Thread, args []Value) (Value, error) {
		if err := CheckArgs("keys", args, 1); err != nil {
			return Nil, err
		}
		m, err := ArgMap("keys", args, 0)
		if err != nil {
			return Nil, err
		}
		return NewListValue(m.Keys()), nil
	})
	defBuiltin("copy", 1, bCopy)
	defBuiltin("chr", 1, func(t *Thread, args []Value) (Value, error) {
		if err := CheckArgs("chr", args, 1); err != nil {
			return Nil, err
		}
		n, err := ArgInt("chr", args, 0)
		if err != nil {
			return Nil, err
		}
		if n < 0 || n > utf8.MaxRune {
			n = utf8.RuneError
		}
		return String(string(rune(n))), nil
	})
	defBuiltin("ord", 1, func(t *Thread, args []Value) (Value, error) {
		if err := CheckArgs("ord", args, 1); err != nil {
			return Nil, err
		}
		s, err := ArgStr("ord", args, 0)
		if err != nil {
			return Nil, err
		}
		if s == "" {
			return Nil, Errorf("ord of empty string")
		}
		r, _ := utf8.DecodeRuneInString(s)
		return Int(int64(r)), nil
	})
}

// appendOperands writes print's operands separated by spaces.
func appendOperands(b []byte, args []Value) []byte {
	for i, a := range args {
		if i > 0 {
			b = append(b, ' ')
		}
		b = AppendStr(b, a)
	}
	return b
}

func bCap(t *Thread, args []Value) (Value, error) {
	if err := CheckArgs("cap", args, 1); err != nil {
		return Nil, err
	}
	switch x := args[0]; x.Kind() {
	case KindList:
		return Int(int64(x.List().Cap())), nil
	case KindChan:
		return Int(int64(x.Chan().Cap())), nil
	case KindNil:
		return Int(0), nil
	default:
		return Nil, Errorf("invalid argument: %s for built-in cap", x.TypeName())
	}
}

func bDelete(t *Thread, args []Value) (Value, error) {
	if err := CheckArgs("delete", args, 2); err != nil {
		return Nil, err
	}
	if args[0].IsNil() {
		return Nil, nil
	}
	m, err := ArgMap("delete", args, 0)
	if err != nil {
		return Nil, err
	}
	if err := m.Delete(args[1]); err != nil {
		return Nil, Errorf("%s", err.Error())
	}
	return Nil, nil
}

// bRecover stops the panic in flight when called directly by a deferred
// call that the panic started (the frame calling recover carries flagDefer
// and that panic); otherwise it returns nil, as in Go.
func bRecover(t *Thread, args []Value) (Value, error) {
	if err := CheckArgs("recover", args, 0); err != nil {
		return Nil, err
	}
	if len(t.frames) == 0 {
		return Nil, nil
	}
	f := &t.frames[len(t.frames)-1]
	p := f.panic
	if f.flags&flagDefer == 0 || f.flags&flagTrampoline != 0 || p == nil || p != t.panics || p.recovered {
		return Nil, nil
	}
	p.recovered = true
	return p.value, nil
}

func bInt(t *Thread, args []Value) (Value, error) {
	if err := CheckArgs("int", args, 1); err != nil {
		return Nil, err
	}
	x := args[0]
	switch x.Kind() {
	case KindInt:
		return x, nil
	case KindFloat:
		return Int(FloatToInt(x.AsFloat())), nil
	case KindString:
		n, err := strconv.ParseInt(x.AsStr(), 10, 64)
		if err != nil {
			if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
				return Nil, Errorf("value out of range: int(%q)", x.AsStr())
			}
			return Nil, Errorf("invalid syntax: int(%q)", x.AsStr())
		}
		return Int(n), nil
	}
	return Nil, Errorf("cannot convert %s to int", x.TypeName())
}

func bFloat(t *Thread, args []Value) (Value, error) {
	if err := CheckArgs("float", args, 1); err != nil {
		return Nil, err
	}
	x := args[0]
	switch x.Kind() {
	case KindInt:
		return Float(float64(x.AsInt())), nil
	case KindFloat:
		return x, nil
	case KindString:
		f, err := strconv.ParseFloat(x.AsStr(), 64)
		if err != nil {
			if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
				return Nil, Errorf("value out of range: float(%q)", x.AsStr())
			}
			return Nil, Errorf("invalid syntax: float(%q)", x.AsStr())
		}
		return Float(f), nil
	}
	return Nil, Errorf("cannot convert %s to float", x.TypeName())
}

// minMax returns the least (op akLt) or greatest (akGt) operand unchanged:
// min(1, 2.5) is the int 1. All numbers or all strings; a NaN wins, as in Go.
func minMax(name string, args []Value, op int) (Value, error) {
	if len(args) == 0 {
		return Nil, Errorf("not enough arguments in call to %s", name)
	}
	best := args[0]
	numeric := best.IsNumber()
	if !numeric && best.Kind() != KindString {
		return Nil, Errorf("invalid argument: %s(%s): want numbers or strings", name, best.TypeName())
	}
	for _, x := range args[1:] {
		if x.IsNumber() != numeric || (!numeric && x.Kind() != KindString) {
			return Nil, Errorf("invalid argument: mismatched types %s and %s in %s", best.TypeName(), x.TypeName(), name)
		}
		if f, _ := best.ToFloat(); best.IsFloat() && f != f {
			continue
		}
		if f, _ := x.ToFloat(); x.IsFloat() && f != f {
			best = x
			continue
		}
		better, err := compare(op, x, best)
		if err != nil {
			return Nil, err
		}
		if better {
			best = x
		}
	}
	return best, nil
}

func bCopy(t *Thread, args []Value) (Value, error) {
	if len(args) == 2 {
		return goCopy(args[0], args[1])
	}
	if err := CheckArgs("copy", args, 1); err != nil {
		return Nil, err
	}
	switch x := args[0]; x.Kind() {
	case KindList:
		return x.List().Clone().Value(), nil
	case KindMap:
		keys, vals := x.Map().Items()
		m := NewMap(len(keys))
		for i := range keys {
			m.Set(keys[i], vals[i])
		}
		return m.Value(), nil
	case KindNil:
		return Nil, nil
	default:
		return Nil, Errorf("invalid argument: copy of %s (want list or map)", x.TypeName())
	}
}

// goCopy is Go's copy(dst, src): copies min(len(dst), len(src)) elements
// of a list (or the bytes of a string) into dst and returns the count.
func goCopy(dst, src Value) (Value, error) {
	d := dst.List()
	if d == nil {
		return Nil, Errorf("invalid argument: copy expects slice arguments; found %s", dst.TypeName())
	}
	var items []Value
	switch src.Kind() {
	case KindList:
		items = src.List().Snapshot()
	case KindString:
		s := src.AsStr()
		items = make([]Value, len(s))
		for i := 0; i < len(s); i++ {
			items[i] = Int(int64(s[i]))
		}
	case KindNil:
	default:
		return Nil, Errorf("invalid argument: copy expects slice arguments; found %s", src.TypeName())
	}
	n := min(d.Len(), len(items))
	for i := 0; i < n; i++ {
		d.Set(int64(i), items[i])
	}
	return Int(int64(n)), nil
}

// FloatToInt converts f to an int as int(f) does: truncated toward zero,
// and, where f has no int value, saturated as Go's run-time conversion
// does on arm64 (Go leaves the result implementation-specific; amd64
// gives math.MinInt64 for all of them, which silently flips the sign of
// int(1e300)): +Inf and values >= 2^63 give math.MaxInt64, -Inf and
// values < -2^63 give math.MinInt64, NaN gives 0 (SPEC §3).
func FloatToInt(f float64) int64 {
	switch {
	case f != f:
		return 0
	case f >= 9.223372036854775808e18:
		return math.MaxInt64
	case f < -9.223372036854775808e18:
		return math.MinInt64
	}
	return int64(f)
}
