package goro

import (
	"context"
	"fmt"
	"io"
	"math"
	"reflect"
	"sort"
	"strings"
	"sync"

	"github.com/goro-lang/goro/vm"
)

// Converting Go values to Goro values (ValueOf).
//
// Go structs and pointers to them become native objects: the script reads
// exported fields (obj.Name, converted on each read, so it sees the Go
// value's current state through a pointer) and calls exported methods
// (obj.Greet("x"), converted like any Go function); through a pointer it
// also assigns exported fields (obj.Count = 3). Each Go type's object
// type is built once per converter: a Runtime keeps one, so the reflection
// work is done once per type and runtime, and nothing is shared between
// runtimes.

// converter turns Go values into Goro values; it caches object types.
type converter struct {
	mu    sync.Mutex
	types map[reflect.Type]*vm.ObjType
	// ctx is what a Go function's leading context.Context receives (the
	// runtime's, cancelled when its run ends); nil means Background.
	ctx func() context.Context
}

func newConverter(ctx func() context.Context) *converter {
	return &converter{types: map[reflect.Type]*vm.ObjType{}, ctx: ctx}
}

// ValueOf converts a Go value to a Goro value (see Runtime.ValueOf for the
// rules). Go structs converted here get a fresh object type each call;
// Runtime.ValueOf caches them.
func ValueOf(x any) (Value, error) {
	return newConverter(nil).valueOf(x)
}

func (c *converter) valueOf(x any) (Value, error) {
	v, err := c.convert(reflect.ValueOf(x), 0)
	return Value{v}, err
}

// goValue is what a native object made from a Go value holds.
type goValue struct{ v reflect.Value }

// goObject returns the Go value behind an object made by a converter.
func goObject(x vm.Value) (reflect.Value, bool) {
	o := x.Object()
	if o == nil {
		return reflect.Value{}, false
	}
	g, ok := o.Data.(goValue)
	return g.v, ok
}

// convertError says a Go value cannot become a Goro value.
func convertError(t reflect.Type, why string) error {
	return fmt.Errorf("goro: cannot convert Go %v to a Goro value: %s", t, why)
}

func (c *converter) convert(rv reflect.Value, depth int) (vm.Value, error) {
	if !rv.IsValid() {
		return vm.Nil, nil
	}
	if depth > maxDepth {
		return vm.Nil, convertError(rv.Type(), "nested too deeply (a cycle?)")
	}
	t := rv.Type()
	switch t {
	case typeValue:
		return rv.Interface().(Value).v, nil
	}
	if t.Implements(typeError) && t.Kind() != reflect.Interface {
		if (t.Kind() == reflect.Pointer || t.Kind() == reflect.Map || t.Kind() == reflect.Slice) && rv.IsNil() {
			return vm.Nil, nil
		}
		return errValue(rv.Interface().(error)), nil
	}
	switch t.Kind() {
	case reflect.Bool:
		return vm.Bool(rv.Bool()), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return vm.Int(rv.Int()), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		u := rv.Uint()
		if u > math.MaxInt64 {
			return vm.Nil, convertError(t, fmt.Sprintf("%d overflows int", u))
		}
		return vm.Int(int64(u)), nil
	case reflect.Float32, reflect.Float64:
		return vm.Float(rv.Float()), nil
	case reflect.String:
		return vm.String(rv.String()), nil
	case reflect.Interface:
		if rv.IsNil() {
			return vm.Nil, nil
		}
		return c.convert(rv.Elem(), depth+1)
	case reflect.Slice:
		if rv.IsNil() {
			return vm.Nil, nil
		}
		if t.Elem().Kind() == reflect.Uint8 {
			return vm.String(string(rv.Bytes())), nil
		}
		fallthrough
	case reflect.Array:
		items := make([]vm.Value, rv.Len())
		for i := range items {
			x, err := c.convert(rv.Index(i), depth+1)
			if err != nil {
				return vm.Nil, err
			}
			items[i] = x
		}
		return vm.NewListValue(items), nil
	case reflect.Map:
		if rv.IsNil() {
			return vm.Nil, nil
		}
		switch t.Key().Kind() {
		case reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		default:
			return vm.Nil, convertError(t, "map keys must be strings or ints")
		}
		keys := rv.MapKeys()
		// Goro maps keep insertion order: insert in sorted key order so
		// that a Go map converts the same way every time.
		sort.Slice(keys, func(i, j int) bool {
			a, b := keys[i], keys[j]
			switch a.Kind() {
			case reflect.String:
				return a.String() < b.String()
			case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
				return a.Uint() < b.Uint()
			}
			return a.Int() < b.Int()
		})
		m := vm.NewMap(len(keys))
		for _, k := range keys {
			kv, err := c.convert(k, depth+1)
			if err != nil {
				return vm.Nil, err
			}
			vv, err := c.convert(rv.MapIndex(k), depth+1)
			if err != nil {
				return vm.Nil, err
			}
			if err := m.Set(kv, vv); err != nil {
				return vm.Nil, err
			}
		}
		return m.Value(), nil
	case reflect.Func:
		if rv.IsNil() {
			return vm.Nil, nil
		}
		if f, ok := rv.Interface().(FastFunc); ok {
			return fastNative("func", 1, f).Value(), nil
		}
		n, err := c.reflectFunc(t.String(), rv, false, false)
		if err != nil {
			return vm.Nil, err
		}
		return n.Value(), nil
	case reflect.Pointer:
		if rv.IsNil() {
			return vm.Nil, nil
		}
		if t.Elem().Kind() == reflect.Struct {
			return c.object(rv), nil
		}
		return c.convert(rv.Elem(), depth+1)
	case reflect.Struct:
		switch x := rv.Interface().(type) {
		case blockingFunc:
			n, err := c.reflectFunc("func", reflect.ValueOf(x.fn), true, false)
			if err != nil {
				return vm.Nil, err
			}
			return n.Value(), nil
		}
		return c.object(rv), nil
	}
	return vm.Nil, convertError(t, "unsupported kind "+t.Kind().String())
}

// object wraps a struct or a pointer to a struct as a native object.
func (c *converter) object(rv reflect.Value) vm.Value {
	return vm.NewObject(c.objType(rv.Type()), goValue{rv})
}

// objType builds (once per Go type) the object type of a struct or a
// pointer to a struct: its exported fields as attributes, its exported
// methods (of the pointer's method set for a pointer) as methods.
func (c *converter) objType(t reflect.Type) *vm.ObjType {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ot := c.types[t]; ot != nil {
		return ot
	}
	st := t
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	name := st.String()
	ot := &vm.ObjType{Name: name, Methods: map[string]*vm.Native{}}
	c.types[t] = ot
	for i := 0; i < t.NumMethod(); i++ {
		meth := t.Method(i)
		if !meth.IsExported() {
			continue
		}
		n, err := c.reflectMethod(name+"."+meth.Name, meth)
		if err != nil {
			continue // a signature Goro cannot call: the method is left out
		}
		ot.Methods[meth.Name] = n
	}
	fields := map[string][]int{}
	for _, f := range reflect.VisibleFields(st) {
		if !f.IsExported() || f.Anonymous && f.Type.Kind() == reflect.Struct {
			continue
		}
		if key, ok := fieldKey(f); ok {
			fields[key] = f.Index
		}
	}
	ot.Attr = func(o *vm.Object, name string) (vm.Value, bool) {
		idx, ok := fields[name]
		if !ok {
			return vm.Nil, false
		}
		rv := o.Data.(goValue).v
		if rv.Kind() == reflect.Pointer {
			rv = rv.Elem()
		}
		fv, err := rv.FieldByIndexErr(idx)
		if err != nil {
			return vm.Nil, true // through a nil embedded pointer
		}
		x, err := c.convert(fv, 0)
		if err != nil {
			return vm.NewError(err.Error()), true
		}
		return x, true
	}
	if t.Kind() == reflect.Pointer {
		// Through a pointer the fields are the Go value's own: the script
		// may assign them (obj.Count = 3), converted as ExportTo converts.
		// Through a struct value it may not (a copy: Go's "cannot assign").
		ot.SetAttr = func(o *vm.Object, name string, v vm.Value) (bool, error) {
			idx, ok := fields[name]
			if !ok {
				return false, nil
			}
			fv, err := o.Data.(goValue).v.Elem().FieldByIndexErr(idx)
			if err != nil {
				return true, vm.Errorf("assignment to %s.%s through a nil embedded pointer", st, name)
			}
			if err := exportTo(v, fv, "", 0); err != nil {
				return true, vm.Errorf("assignment to %s.%s: %s", st, name, strings.TrimPrefix(err.Error(), "goro: "))
			}
			return true, nil
		}
	}
	ot.Str = func(o *vm.Object) string {
		rv := o.Data.(goValue).v
		if s, ok := rv.Interface().(fmt.Stringer); ok {
			return s.String()
		}
		return c.format(rv, 0)
	}
	return ot
}

// format prints a struct (or a pointer to one) as Go's %+v does, with its
// exported fields only (the script sees nothing else of a Go value):
// {Name:ann Tags:[vip]}, &{...} through a pointer. Fields print as their
// Goro values print.
func (c *converter) format(rv reflect.Value, depth int) string {
	var b strings.Builder
	if rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return "<nil>"
		}
		b.WriteByte('&')
		rv = rv.Elem()
	}
	b.WriteByte('{')
	n := 0
	for _, f := range reflect.VisibleFields(rv.Type()) {
		if !f.IsExported() || f.Anonymous && f.Type.Kind() == reflect.Struct {
			continue
		}
		key, ok := fieldKey(f)
		if !ok {
			continue
		}
		if n > 0 {
			b.WriteByte(' ')
		}
		n++
		b.WriteString(key)
		b.WriteByte(':')
		fv, err := rv.FieldByIndexErr(f.Index)
		switch {
		case err != nil:
			b.WriteString("<nil>")
		case depth >= 8:
			b.WriteString("...")
		case fv.Kind() == reflect.Struct || fv.Kind() == reflect.Pointer && fv.Type().Elem().Kind() == reflect.Struct:
			if s, ok := fv.Interface().(fmt.Stringer); ok && !(fv.Kind() == reflect.Pointer && fv.IsNil()) {
				b.WriteString(s.String())
			} else {
				b.WriteString(c.format(fv, depth+1))
			}
		default:
			x, err := c.convert(fv, 0)
			if err != nil {
				fmt.Fprint(&b, fv.Interface())
			} else {
				b.Write(vm.AppendStr(nil, x))
			}
		}
	}
	b.WriteByte('}')
	return b.String()
}

// reflectMethod makes a native method (receiver in args[0]) from a Go
// method.
func (c *converter) reflectMethod(name string, meth reflect.Method) (*vm.Native, error) {
	n, err := c.reflectFunc(name, meth.Func, false, true)
	if err != nil {
		return nil, err
	}
	return n, nil
}

// goSig is what a reflective wrapper needs to know of a Go function.
type goSig struct {
	name     string
	fn       reflect.Value
	ctx      bool // leading context.Context
	recv     bool // a method: args[0] is the receiver object
	in       []reflect.Type
	variadic bool
	nres     int  // results the script sees
	errLast  bool // the last Go result is an error
	blocking bool
}

// nestCtx is the context a (non-blocking) Go function receives: it carries
// the calling goroutine, so that Runtime.Call with it runs the callback
// nested on that goroutine (as a script calling a script function would)
// instead of as a new goroutine waiting for a processor that the caller
// holds.
type nestCtx struct {
	context.Context
	th     *vm.Thread
	unwind error // set when a nested call panicked through
}

type nestKey struct{}

func (n *nestCtx) Value(key any) any {
	if key == (nestKey{}) {
		return n
	}
	return n.Context.Value(key)
}

// reflectFunc wraps a Go function as a native by reflection. Its script
// results are its Go results (a trailing error becomes an error value, nil
// when the Go error is nil); at most two. A leading context.Context gets
// the runtime's context. blocking runs it with the goroutine's processor
// handed off.
func (c *converter) reflectFunc(name string, fn reflect.Value, blocking, recv bool) (*vm.Native, error) {
	t := fn.Type()
	if t.Kind() != reflect.Func {
		return nil, fmt.Errorf("goro: %s is not a function (%v)", name, t)
	}
	sig := &goSig{name: name, fn: fn, recv: recv, variadic: t.IsVariadic(), blocking: blocking}
	for i := 0; i < t.NumIn(); i++ {
		sig.in = append(sig.in, t.In(i))
	}
	first := 0
	if recv {
		first = 1
	}
	if len(sig.in) > first && sig.in[first].Implements(typeContext) && sig.in[first].Kind() == reflect.Interface &&
		sig.in[first].String() == "context.Context" {
		sig.ctx = true
	}
	sig.nres = t.NumOut()
	if sig.nres > 2 {
		return nil, fmt.Errorf("goro: %s: a Go function called from Goro returns at most 2 results, not %d (%v)", name, sig.nres, t)
	}
	sig.errLast = sig.nres > 0 && t.Out(sig.nres-1) == typeError
	for i, pt := range sig.in {
		if (i == first && sig.ctx) || (recv && i == 0) {
			continue
		}
		if sig.variadic && i == len(sig.in)-1 {
			pt = pt.Elem()
		}
		if !importable(pt, 0) {
			return nil, fmt.Errorf("goro: %s: a Goro value cannot become its parameter %d of type %v (%v)", name, i+1-first, pt, t)
		}
	}
	for i := 0; i < sig.nres; i++ {
		if rt := t.Out(i); !exportable(rt, 0) {
			return nil, fmt.Errorf("goro: %s: its result %d of type %v cannot become a Goro value (%v)", name, i+1, rt, t)
		}
	}
	fnc := c.typedFunc(sig)
	if fnc == nil {
		fnc = func(th *vm.Thread, args []vm.Value) (res vm.Value, err error) {
			return c.callReflect(th, sig, args)
		}
	}
	if blocking {
		inner := fnc
		fnc = func(th *vm.Thread, args []vm.Value) (res vm.Value, err error) {
			th.SyscallBlock(func() { res, err = inner(th, args) })
			return res, err
		}
	}
	if recv {
		return vm.NewMethod(name, sig.nres, fnc), nil
	}
	return vm.NewNative(name, sig.nres, fnc), nil
}

// importable reports whether exportTo can make a value of type t from a
// Goro value: Goro has no channels, functions or complex numbers to give
// a Go parameter of those types. (Structs are checked field by field when
// a value converts: a map may set only some fields.)
func importable(t reflect.Type, depth int) bool {
	if depth > 16 || t == typeValue {
		return true
	}
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.String, reflect.Interface, reflect.Struct:
		return true
	case reflect.Slice, reflect.Array, reflect.Pointer:
		return importable(t.Elem(), depth+1)
	case reflect.Map:
		return mapKey(t.Key()) && importable(t.Elem(), depth+1)
	}
	return false
}

// exportable reports whether convert can make a Goro value of a Go value
// of type t (a Go function's result).
func exportable(t reflect.Type, depth int) bool {
	if depth > 16 || t == typeValue || t.Implements(typeError) {
		return true
	}
	switch t.Kind() {
	case reflect.Chan, reflect.Complex64, reflect.Complex128, reflect.UnsafePointer:
		return false
	case reflect.Slice, reflect.Array:
		return exportable(t.Elem(), depth+1)
	case reflect.Pointer:
		return t.Elem().Kind() == reflect.Struct || exportable(t.Elem(), depth+1)
	case reflect.Map:
		return mapKey(t.Key()) && exportable(t.Elem(), depth+1)
	}
	return true
}

// mapKey reports whether a Go map key type converts to and from Goro.
func mapKey(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return true
	}
	return false
}

// callReflect converts the arguments, calls the Go function and converts
// its results back; a Go panic becomes a Goro panic.
func (c *converter) callReflect(th *vm.Thread, sig *goSig, args []vm.Value) (res vm.Value, err error) {
	in := sig.in
	var argv []reflect.Value
	var buf [6]reflect.Value
	argv = buf[:0]
	i := 0
	if sig.recv {
		if len(args) == 0 {
			return vm.Nil, vm.Errorf("%s: missing receiver", sig.name)
		}
		g, ok := goObject(args[0])
		if !ok || !g.Type().AssignableTo(in[0]) {
			return vm.Nil, vm.Errorf("%s: bad receiver %s", sig.name, args[0].TypeName())
		}
		argv = append(argv, g)
		args = args[1:]
		in = in[1:]
	}
	var nc *nestCtx
	var callCtx context.Context
	if sig.ctx {
		ctx := c.context()
		if cc := th.CallContext(); sig.blocking && cc != nil && cc.Done() != nil {
			callCtx = cc
			// Called by the goroutine of a host's Call: the function also
			// stops when that call's ctx ends (a request's deadline), not
			// only when the run does.
			var cancel context.CancelFunc
			ctx, cancel = context.WithCancel(ctx)
			stop := context.AfterFunc(cc, cancel)
			defer func() { stop(); cancel() }()
		}
		if !sig.blocking {
			// A Go function that calls back into the script (Runtime.Call
			// with this ctx) does so on this goroutine, nested.
			nc = &nestCtx{Context: ctx, th: th}
			ctx = nc
		}
		argv = append(argv, reflect.ValueOf(ctx))
		in = in[1:]
	}
	nfixed := len(in)
	if sig.variadic {
		nfixed--
		if len(args) < nfixed {
			return vm.Nil, vm.Errorf("wrong number of arguments in call to %s: have %d, want at least %d", sig.name, len(args), nfixed)
		}
	} else if len(args) != nfixed {
		return vm.Nil, vm.ArityError(sig.name, len(args), nfixed)
	}
	for ; i < len(args); i++ {
		var pt reflect.Type
		if i < nfixed {
			pt = in[i]
		} else {
			pt = in[nfixed].Elem()
		}
		pv := reflect.New(pt).Elem()
		if err := exportTo(args[i], pv, "", 0); err != nil {
			return vm.Nil, vm.Errorf("%s: argument %d: %s", sig.name, i+1, strings.TrimPrefix(err.Error(), "goro: "))
		}
		argv = append(argv, pv)
	}
	var out []reflect.Value
	perr := catch(func() { out = sig.fn.Call(argv) })
	if nc != nil {
		nc.th = nil // the ctx may outlive the call: nest no more
		if nc.unwind != nil {
			// A callback panicked and the Go function returned: the
			// panic goes on unwinding the script's frames.
			return vm.Nil, nc.unwind
		}
	}
	if perr != nil {
		return vm.Nil, perr
	}
	if callCtx != nil && callCtx.Err() != nil {
		// It returned because the call's ctx ended: the call stops here
		// rather than going on with what the function made of that.
		return vm.Nil, vm.Interrupt()
	}
	switch len(out) {
	case 0:
		return vm.Nil, nil
	case 1:
		return c.result(sig, out[0], sig.errLast)
	}
	a, err := c.result(sig, out[0], false)
	if err != nil {
		return vm.Nil, err
	}
	b, err := c.result(sig, out[1], sig.errLast)
	if err != nil {
		return vm.Nil, err
	}
	return th.Ret2(a, b)
}

func (c *converter) result(sig *goSig, rv reflect.Value, isErr bool) (vm.Value, error) {
	if isErr {
		if rv.IsNil() {
			return vm.Nil, nil
		}
		return errValue(rv.Interface().(error)), nil
	}
	x, err := c.convert(rv, 0)
	if err != nil {
		return vm.Nil, vm.Errorf("%s: result: %s", sig.name, strings.TrimPrefix(err.Error(), "goro: "))
	}
	return x, nil
}

// errValue is a Go error as a Goro error value. The value keeps the Go
// error: the script's errors.Is follows its chain (io.EOF is the script's
// io.EOF), and the error comes back to Go as itself (Export, ExportTo, an
// error parameter). A *ScriptError the host got from a script goes back as
// the script's own value (errors compare by identity).
func errValue(err error) vm.Value {
	if se, ok := err.(*ScriptError); ok && se.v.Error() != nil {
		return se.v
	}
	if err == io.EOF {
		return vm.EOF
	}
	return vm.NewGoError(err)
}

func (c *converter) context() context.Context {
	if c.ctx != nil {
		return c.ctx()
	}
	return context.Background()
}

// catch runs f and turns a Go panic into a Goro panic whose value is an
// error with the panic's text (a *PanicError passes through: a fast
// function may panic with a Goro value on purpose).
func catch(f func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = vm.Throw(vm.NewError(fmt.Sprint(r)))
		}
	}()
	f()
	return nil
}

// FastFunc is a Go function for scripts that takes its arguments as Values,
// with no reflection: the cheapest way for a script to call Go. args
// aliases the caller's registers: read it during the call, do not keep it.
// The script sees one result; a non-nil error panics in the script with an
// error value of that text (recoverable), as a Go panic in the function
// does.
type FastFunc func(args []Value) (Value, error)

// fastNative wraps a FastFunc as a native.
func fastNative(name string, nres int, f FastFunc) *vm.Native {
	return vm.NewNative(name, nres, func(th *vm.Thread, args []vm.Value) (res vm.Value, err error) {
		defer func() {
			if r := recover(); r != nil {
				res, err = vm.Nil, vm.Throw(vm.NewError(fmt.Sprint(r)))
			}
		}()
		v, err := f(valuesOf(args))
		if err != nil {
			if pe, ok := err.(*vm.PanicError); ok {
				return vm.Nil, pe
			}
			return vm.Nil, vm.Throw(errValue(err))
		}
		return v.v, nil
	})
}

// blockingFunc marks a Go function that blocks (see Blocking).
type blockingFunc struct{ fn any }

// Blocking marks a Go function as blocking (a network request, a database
// query): when a script calls it, its goroutine's processor is handed to
// another thread at once, so the run's other goroutines keep running
// meanwhile. Pass the result where a function is expected (ValueOf,
// SetGlobal, Module.Func). Its leading context.Context, if any, is
// cancelled when the run ends, and, when the goroutine of a host's Call
// calls it, when that Call's ctx ends.
func Blocking(fn any) any { return blockingFunc{fn} }
