package stdlib

import (
	"fmt"
	"math"
	"reflect"
	"sync"
	"time"

	"github.com/goro-lang/goro/vm"
)

// wrap declares a member that calls the Go function f, converting its
// arguments from Goro values and its results back, by reflection. It is how
// most members that are plain functions of Go's standard library are
// declared: the Go function is the implementation, so its behaviour and
// error texts are Go's. Hot members (a Builder's writes, a Scanner's Scan,
// a Regexp's MatchString) are written as direct natives instead.
//
// Parameter types: string and []byte (a Goro string), the int and uint
// kinds and rune (a Goro int, range-checked), float32/64 (a number), bool,
// []string and []int (a list), func(rune) bool and func(rune) rune (a
// script function), time.Duration (an int), and a variadic last parameter
// of any of these. Results: the same, plus error (errValue) and [N]byte (a
// string: hash sums); at most three.
func (m *module) wrap(member string, f any) {
	name := m.name + "." + member
	fn, nres := wrapFunc(name, f)
	nat := vm.NewNative(name, nres, fn)
	m.value(member, nat.Value())
	m.sig(member, goSignature(member, reflect.TypeOf(f)))
	m.docOf(member).autoSig = true
}

// lockedObj is the Data of a native object whose methods are wrapped Go
// methods (wrapMethod): the Go value and a lock held for each call, so
// that goroutines sharing the object never race on it in the host.
type lockedObj struct {
	mu sync.Mutex
	v  any
}

// wrapMethod adds member to typ's methods: the Go method expression f
// (its first parameter the receiver, the v of the object's lockedObj),
// called with the object's lock held. f must not call back into scripts.
func wrapMethod(typ *vm.ObjType, member string, f any) {
	name := typ.Name + "." + member
	fn, nres := wrapFuncRecv(name, f, true)
	if typ.Methods == nil {
		typ.Methods = map[string]*vm.Native{}
	}
	typ.Methods[member] = vm.NewMethod(name, nres, fn)
}

// wrapFunc builds the native for Go function f (see wrap).
func wrapFunc(name string, f any) (vm.NativeFn, int) { return wrapFuncRecv(name, f, false) }

func wrapFuncRecv(name string, f any, recv bool) (vm.NativeFn, int) {
	fv := reflect.ValueOf(f)
	ft := fv.Type()
	if ft.Kind() != reflect.Func {
		panic("stdlib: wrap " + name + ": not a func")
	}
	nin, variadic := ft.NumIn(), ft.IsVariadic()
	ins := make([]fromGoro, nin)
	for i := range nin {
		if recv && i == 0 {
			continue
		}
		t := ft.In(i)
		if variadic && i == nin-1 {
			t = t.Elem()
		}
		ins[i] = converterFrom(name, t)
	}
	nout := ft.NumOut()
	if nout > 3 {
		panic("stdlib: wrap " + name + ": more than three results")
	}
	outs := make([]func(reflect.Value) vm.Value, nout)
	for i := range nout {
		outs[i] = converterTo(name, ft.Out(i))
	}
	fixed := nin
	if variadic {
		fixed--
	}
	fn := func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		var lo *lockedObj
		if recv {
			if o := args[0].Object(); o != nil {
				lo, _ = o.Data.(*lockedObj)
			}
			if lo == nil {
				return vm.Nil, vm.Errorf("%s: bad receiver %s", name, args[0].TypeName())
			}
		}
		if variadic {
			if len(args) < fixed {
				return vm.Nil, vm.Errorf("wrong number of arguments in call to %s: have %d, want at least %d", name, len(args), fixed)
			}
		} else if err := vm.CheckArgs(name, args, nin); err != nil {
			return vm.Nil, err
		}
		cb := &callbacks{t: t}
		in := make([]reflect.Value, len(args))
		for i, a := range args {
			if lo != nil && i == 0 {
				continue
			}
			c := ins[min(i, nin-1)]
			v, err := c(cb, name, i, a)
			if err != nil {
				return vm.Nil, err
			}
			in[i] = v
		}
		var out []reflect.Value
		if lo != nil {
			in[0] = reflect.ValueOf(lo.v)
			out = func() []reflect.Value {
				lo.mu.Lock()
				defer lo.mu.Unlock() // a Go panic in the call unlocks too
				return fv.Call(in)
			}()
		} else {
			out = fv.Call(in)
		}
		if cb.err != nil {
			return vm.Nil, cb.err
		}
		switch nout {
		case 0:
			return vm.Nil, nil
		case 1:
			return outs[0](out[0]), nil
		case 2:
			return t.Ret2(outs[0](out[0]), outs[1](out[1]))
		}
		return t.Ret3(outs[0](out[0]), outs[1](out[1]), outs[2](out[2]))
	}
	return fn, nout
}

// callbacks carries the first error (a panic) of a script function called
// back from Go: after it the callback returns zero values and the native
// returns the error once the Go function is done.
type callbacks struct {
	t   *vm.Thread
	err error
}

type fromGoro func(cb *callbacks, name string, i int, v vm.Value) (reflect.Value, error)

var (
	errorType    = reflect.TypeFor[error]()
	durationType = reflect.TypeFor[time.Duration]()
)

func converterFrom(name string, t reflect.Type) fromGoro {
	if t == durationType {
		return func(_ *callbacks, name string, i int, v vm.Value) (reflect.Value, error) {
			d, ok := durationOf(v)
			if !ok {
				return reflect.Value{}, vm.ArgTypeError(name, i, "time.Duration", v)
			}
			return reflect.ValueOf(d), nil
		}
	}
	switch t.Kind() {
	case reflect.String:
		return func(_ *callbacks, name string, i int, v vm.Value) (reflect.Value, error) {
			s, ok := v.ToStr()
			if !ok {
				return reflect.Value{}, vm.ArgTypeError(name, i, "string", v)
			}
			return reflect.ValueOf(s).Convert(t), nil
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		bits := t.Bits()
		return func(_ *callbacks, name string, i int, v vm.Value) (reflect.Value, error) {
			n, ok := v.ToInt()
			if !ok {
				return reflect.Value{}, vm.ArgTypeError(name, i, "int", v)
			}
			if bits < 64 && (n < -1<<(bits-1) || n >= 1<<(bits-1)) {
				return reflect.Value{}, vm.Errorf("%s: argument %d (%d) overflows %s", name, i+1, n, t)
			}
			return reflect.ValueOf(n).Convert(t), nil
		}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		bits := t.Bits()
		return func(_ *callbacks, name string, i int, v vm.Value) (reflect.Value, error) {
			n, ok := v.ToInt()
			if !ok {
				return reflect.Value{}, vm.ArgTypeError(name, i, "int", v)
			}
			if bits < 64 && (n < 0 || n >= 1<<bits) {
				return reflect.Value{}, vm.Errorf("%s: argument %d (%d) overflows %s", name, i+1, n, t)
			}
			return reflect.ValueOf(uint64(n)).Convert(t), nil
		}
	case reflect.Float32, reflect.Float64:
		return func(_ *callbacks, name string, i int, v vm.Value) (reflect.Value, error) {
			f, ok := v.ToFloat()
			if !ok {
				return reflect.Value{}, vm.ArgTypeError(name, i, "number", v)
			}
			return reflect.ValueOf(f).Convert(t), nil
		}
	case reflect.Bool:
		return func(_ *callbacks, name string, i int, v vm.Value) (reflect.Value, error) {
			b, ok := v.ToBool()
			if !ok {
				return reflect.Value{}, vm.ArgTypeError(name, i, "bool", v)
			}
			return reflect.ValueOf(b), nil
		}
	case reflect.Slice:
		switch t.Elem().Kind() {
		case reflect.Uint8: // []byte: a Goro string
			return func(_ *callbacks, name string, i int, v vm.Value) (reflect.Value, error) {
				s, ok := v.ToStr()
				if !ok {
					return reflect.Value{}, vm.ArgTypeError(name, i, "string", v)
				}
				return reflect.ValueOf([]byte(s)), nil
			}
		case reflect.String, reflect.Int, reflect.Int32, reflect.Float64:
			elem := converterFrom(name, t.Elem())
			return func(cb *callbacks, name string, i int, v vm.Value) (reflect.Value, error) {
				l := v.List()
				if l == nil {
					if v.IsNil() {
						return reflect.Zero(t), nil
					}
					return reflect.Value{}, vm.ArgTypeError(name, i, "list", v)
				}
				items := l.Snapshot()
				out := reflect.MakeSlice(t, len(items), len(items))
				for j, x := range items {
					e, err := elem(cb, name, i, x)
					if err != nil {
						return reflect.Value{}, vm.Errorf("%s: argument %d: element %d must be %s, not %s", name, i+1, j, t.Elem(), x.TypeName())
					}
					out.Index(j).Set(e)
				}
				return out, nil
			}
		}
	case reflect.Func:
		if t.NumIn() == 1 && t.In(0).Kind() == reflect.Int32 && t.NumOut() == 1 {
			res := t.Out(0)
			want := vm.KindInt
			if res.Kind() == reflect.Bool {
				want = vm.KindBool
			} else if res.Kind() != reflect.Int32 {
				break
			}
			return func(cb *callbacks, name string, i int, v vm.Value) (reflect.Value, error) {
				if v.Kind() != vm.KindFunc {
					return reflect.Value{}, vm.ArgTypeError(name, i, "func", v)
				}
				f := reflect.MakeFunc(t, func(in []reflect.Value) []reflect.Value {
					if cb.err == nil {
						var r vm.Value
						r, cb.err = callRune(cb.t, name, v, rune(in[0].Int()), want)
						if cb.err == nil {
							if want == vm.KindBool {
								return []reflect.Value{reflect.ValueOf(r.AsBool())}
							}
							return []reflect.Value{reflect.ValueOf(rune(r.AsInt()))}
						}
					}
					return []reflect.Value{reflect.Zero(res)}
				})
				return f, nil
			}
		}
	}
	panic(fmt.Sprintf("stdlib: wrap %s: unsupported parameter type %s", name, t))
}

func converterTo(name string, t reflect.Type) func(reflect.Value) vm.Value {
	if t == errorType {
		return func(v reflect.Value) vm.Value {
			if v.IsNil() {
				return vm.Nil
			}
			return errValue(v.Interface().(error))
		}
	}
	switch t.Kind() {
	case reflect.String:
		return func(v reflect.Value) vm.Value { return vm.String(v.String()) }
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(v reflect.Value) vm.Value { return vm.Int(v.Int()) }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uintptr:
		return func(v reflect.Value) vm.Value { return vm.Int(int64(v.Uint())) }
	case reflect.Uint64:
		// A uint64 past MaxInt64 wraps, as Go's int64(u) conversion does.
		return func(v reflect.Value) vm.Value { return vm.Int(int64(v.Uint())) }
	case reflect.Float32, reflect.Float64:
		return func(v reflect.Value) vm.Value { return vm.Float(v.Float()) }
	case reflect.Bool:
		return func(v reflect.Value) vm.Value { return vm.Bool(v.Bool()) }
	case reflect.Array:
		if t.Elem().Kind() == reflect.Uint8 {
			return func(v reflect.Value) vm.Value {
				b := make([]byte, v.Len())
				reflect.Copy(reflect.ValueOf(b), v)
				return vm.String(string(b))
			}
		}
	case reflect.Slice:
		switch t.Elem().Kind() {
		case reflect.Uint8:
			return func(v reflect.Value) vm.Value { return vm.String(string(v.Bytes())) }
		case reflect.String, reflect.Int, reflect.Int32, reflect.Int64, reflect.Float64, reflect.Bool:
			elem := converterTo(name, t.Elem())
			return func(v reflect.Value) vm.Value {
				if v.IsNil() {
					return vm.Nil
				}
				items := make([]vm.Value, v.Len())
				for i := range items {
					items[i] = elem(v.Index(i))
				}
				return vm.NewListValue(items)
			}
		case reflect.Slice:
			elem := converterTo(name, t.Elem())
			return func(v reflect.Value) vm.Value {
				if v.IsNil() {
					return vm.Nil
				}
				items := make([]vm.Value, v.Len())
				for i := range items {
					items[i] = elem(v.Index(i))
				}
				return vm.NewListValue(items)
			}
		}
	}
	panic(fmt.Sprintf("stdlib: wrap %s: unsupported result type %s", name, t))
}

// goSignature writes a Go function type as a declaration line:
// "func EqualFold(string, string) bool".
func goSignature(member string, t reflect.Type) string {
	s := t.String() // "func(string, string) bool"
	return "func " + member + s[len("func"):]
}

// checkedInt converts a Goro int to a Go int, failing for values outside
// the host's int range (only on 32-bit hosts).
func checkedInt(name string, n int64) (int, error) {
	if n > math.MaxInt || n < math.MinInt {
		return 0, vm.Errorf("%s: %d out of range", name, n)
	}
	return int(n), nil
}
