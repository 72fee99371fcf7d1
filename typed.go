package goro

import (
	"reflect"
	"strings"

	"github.com/goro-lang/goro/vm"
)

// Typed adapters: Go functions of the most common shapes called without
// reflect.Value.Call.
//
// reflect.Value.Call costs about 200 ns (it looks the function's frame
// layout up in a sync.Map, allocates the result slice and boxes every
// argument), twice the rest of a reflective call. A host function of one
// of the shapes below (one argument of type int, int64, float64, string,
// bool, any or Value, or two of type int, float64, string or any; a result
// of one of those types, an error, or both) is instead called directly through a generic adapter, whose type
// switch on the function's type runs once, when the function is wrapped.
// The behaviour is the reflective path's: an argument that does not
// convert directly (a float 2.0 for an int parameter, a wrong type) goes
// through exportTo for its conversion or its error message, a Go panic
// becomes a script panic, a trailing error becomes the script's err.

// typedFunc returns a native body calling sig.fn directly, or nil when its
// shape has no adapter (the reflective path then serves it).
func (c *converter) typedFunc(sig *goSig) vm.NativeFn {
	if sig.recv || sig.ctx || sig.variadic {
		return nil
	}
	fn := sig.fn.Interface()
	switch f := fn.(type) {
	case func():
		return func(th *vm.Thread, args []vm.Value) (vm.Value, error) {
			if len(args) != 0 {
				return vm.Nil, vm.ArityError(sig.name, len(args), 0)
			}
			return vm.Nil, catch(f)
		}
	case func() error:
		return func(th *vm.Thread, args []vm.Value) (res vm.Value, err error) {
			if len(args) != 0 {
				return vm.Nil, vm.ArityError(sig.name, len(args), 0)
			}
			var e error
			if perr := catch(func() { e = f() }); perr != nil {
				return vm.Nil, perr
			}
			return errResult(e), nil
		}
	}
	if n := typed0[int](c, sig, fn); n != nil {
		return n
	}
	if n := typed0[int64](c, sig, fn); n != nil {
		return n
	}
	if n := typed0[float64](c, sig, fn); n != nil {
		return n
	}
	if n := typed0[string](c, sig, fn); n != nil {
		return n
	}
	if n := typed0[bool](c, sig, fn); n != nil {
		return n
	}
	if n := typed0[any](c, sig, fn); n != nil {
		return n
	}
	if n := typed0[Value](c, sig, fn); n != nil {
		return n
	}
	if n := typed1[int](c, sig, fn); n != nil {
		return n
	}
	if n := typed1[int64](c, sig, fn); n != nil {
		return n
	}
	if n := typed1[float64](c, sig, fn); n != nil {
		return n
	}
	if n := typed1[string](c, sig, fn); n != nil {
		return n
	}
	if n := typed1[bool](c, sig, fn); n != nil {
		return n
	}
	if n := typed1[any](c, sig, fn); n != nil {
		return n
	}
	if n := typed1[Value](c, sig, fn); n != nil {
		return n
	}
	for _, try := range [...]func(*converter, *goSig, any) vm.NativeFn{
		typed2[int, int], typed2[int, float64], typed2[int, string], typed2[int, any],
		typed2[float64, int], typed2[float64, float64], typed2[float64, string], typed2[float64, any],
		typed2[string, int], typed2[string, float64], typed2[string, string], typed2[string, any],
		typed2[any, int], typed2[any, float64], typed2[any, string], typed2[any, any],
	} {
		if n := try(c, sig, fn); n != nil {
			return n
		}
	}
	return nil
}

// typed0 adapts func() R and func() (R, error).
func typed0[R any](c *converter, sig *goSig, fn any) vm.NativeFn {
	switch f := fn.(type) {
	case func() R:
		res := resConv[R](c, sig)
		return func(th *vm.Thread, args []vm.Value) (vm.Value, error) {
			if len(args) != 0 {
				return vm.Nil, vm.ArityError(sig.name, len(args), 0)
			}
			var r R
			if perr := catch(func() { r = f() }); perr != nil {
				return vm.Nil, perr
			}
			return res(r)
		}
	case func() (R, error):
		res := resConv[R](c, sig)
		return func(th *vm.Thread, args []vm.Value) (vm.Value, error) {
			if len(args) != 0 {
				return vm.Nil, vm.ArityError(sig.name, len(args), 0)
			}
			var r R
			var e error
			if perr := catch(func() { r, e = f() }); perr != nil {
				return vm.Nil, perr
			}
			x, err := res(r)
			if err != nil {
				return vm.Nil, err
			}
			return th.Ret2(x, errResult(e))
		}
	}
	return nil
}

// typed1 adapts the shapes whose first parameter is an A.
func typed1[A any](c *converter, sig *goSig, fn any) vm.NativeFn {
	switch f := fn.(type) {
	case func(A):
		a := argConv[A](sig, 0)
		return func(th *vm.Thread, args []vm.Value) (vm.Value, error) {
			if len(args) != 1 {
				return vm.Nil, vm.ArityError(sig.name, len(args), 1)
			}
			x, err := a(args[0])
			if err != nil {
				return vm.Nil, err
			}
			return vm.Nil, catch(func() { f(x) })
		}
	case func(A) error:
		a := argConv[A](sig, 0)
		return func(th *vm.Thread, args []vm.Value) (vm.Value, error) {
			if len(args) != 1 {
				return vm.Nil, vm.ArityError(sig.name, len(args), 1)
			}
			x, err := a(args[0])
			if err != nil {
				return vm.Nil, err
			}
			var e error
			if perr := catch(func() { e = f(x) }); perr != nil {
				return vm.Nil, perr
			}
			return errResult(e), nil
		}
	}
	for _, try := range [...]func(*converter, *goSig, any) vm.NativeFn{
		typed1r[A, int], typed1r[A, int64], typed1r[A, float64], typed1r[A, string],
		typed1r[A, bool], typed1r[A, any], typed1r[A, Value],
	} {
		if n := try(c, sig, fn); n != nil {
			return n
		}
	}
	return nil
}

// typed1r adapts func(A) R and func(A) (R, error).
func typed1r[A, R any](c *converter, sig *goSig, fn any) vm.NativeFn {
	switch f := fn.(type) {
	case func(A) R:
		a := argConv[A](sig, 0)
		res := resConv[R](c, sig)
		return func(th *vm.Thread, args []vm.Value) (vm.Value, error) {
			if len(args) != 1 {
				return vm.Nil, vm.ArityError(sig.name, len(args), 1)
			}
			x, err := a(args[0])
			if err != nil {
				return vm.Nil, err
			}
			var r R
			if perr := catch(func() { r = f(x) }); perr != nil {
				return vm.Nil, perr
			}
			return res(r)
		}
	case func(A) (R, error):
		a := argConv[A](sig, 0)
		res := resConv[R](c, sig)
		return func(th *vm.Thread, args []vm.Value) (vm.Value, error) {
			if len(args) != 1 {
				return vm.Nil, vm.ArityError(sig.name, len(args), 1)
			}
			x, err := a(args[0])
			if err != nil {
				return vm.Nil, err
			}
			var r R
			var e error
			if perr := catch(func() { r, e = f(x) }); perr != nil {
				return vm.Nil, perr
			}
			v, err := res(r)
			if err != nil {
				return vm.Nil, err
			}
			return th.Ret2(v, errResult(e))
		}
	}
	return nil
}

// typed2 adapts the two-parameter shapes: func(A, B), func(A, B) error,
// func(A, B) R and func(A, B) (R, error) for R an int, float64, string,
// bool or any (each instantiation is code: these cover most host
// functions for about 0.5 MB).
func typed2[A, B any](c *converter, sig *goSig, fn any) vm.NativeFn {
	switch f := fn.(type) {
	case func(A, B):
		return adapt2(sig, func(a A, b B) (vm.Value, error) { return vm.Nil, catch(func() { f(a, b) }) })
	case func(A, B) error:
		return adapt2(sig, func(a A, b B) (vm.Value, error) {
			var e error
			if perr := catch(func() { e = f(a, b) }); perr != nil {
				return vm.Nil, perr
			}
			return errResult(e), nil
		})
	}
	for _, try := range [...]func(*converter, *goSig, any) vm.NativeFn{
		typed2r[A, B, int], typed2r[A, B, float64], typed2r[A, B, string],
		typed2r[A, B, bool], typed2r[A, B, any],
	} {
		if n := try(c, sig, fn); n != nil {
			return n
		}
	}
	return nil
}

// typed2r adapts func(A, B) R and func(A, B) (R, error).
func typed2r[A, B, R any](c *converter, sig *goSig, fn any) vm.NativeFn {
	switch f := fn.(type) {
	case func(A, B) R:
		res := resConv[R](c, sig)
		return adapt2(sig, func(a A, b B) (vm.Value, error) {
			var r R
			if perr := catch(func() { r = f(a, b) }); perr != nil {
				return vm.Nil, perr
			}
			return res(r)
		})
	case func(A, B) (R, error):
		res := resConv[R](c, sig)
		return adapt2ret2(sig, func(a A, b B) (vm.Value, error, error) {
			var r R
			var e error
			if perr := catch(func() { r, e = f(a, b) }); perr != nil {
				return vm.Nil, nil, perr
			}
			v, err := res(r)
			return v, e, err
		})
	}
	return nil
}

// adapt2 converts two arguments and calls body.
func adapt2[A, B any](sig *goSig, body func(A, B) (vm.Value, error)) vm.NativeFn {
	ca, cb := argConv[A](sig, 0), argConv[B](sig, 1)
	return func(th *vm.Thread, args []vm.Value) (vm.Value, error) {
		if len(args) != 2 {
			return vm.Nil, vm.ArityError(sig.name, len(args), 2)
		}
		a, err := ca(args[0])
		if err != nil {
			return vm.Nil, err
		}
		b, err := cb(args[1])
		if err != nil {
			return vm.Nil, err
		}
		return body(a, b)
	}
}

// adapt2ret2 is adapt2 for a body with a Go error result: the script gets
// two results.
func adapt2ret2[A, B any](sig *goSig, body func(A, B) (vm.Value, error, error)) vm.NativeFn {
	ca, cb := argConv[A](sig, 0), argConv[B](sig, 1)
	return func(th *vm.Thread, args []vm.Value) (vm.Value, error) {
		if len(args) != 2 {
			return vm.Nil, vm.ArityError(sig.name, len(args), 2)
		}
		a, err := ca(args[0])
		if err != nil {
			return vm.Nil, err
		}
		b, err := cb(args[1])
		if err != nil {
			return vm.Nil, err
		}
		v, e, err := body(a, b)
		if err != nil {
			return vm.Nil, err
		}
		return th.Ret2(v, errResult(e))
	}
}

// errResult is a Go function's error result as the script's err.
func errResult(e error) vm.Value {
	if e == nil {
		return vm.Nil
	}
	return errValue(e)
}

// argConv returns the converter of argument i to A: the direct conversion
// for its exact Goro type, else exportTo (which converts a float with no
// fraction to an int, or says why not, as the reflective path does).
func argConv[A any](sig *goSig, i int) func(vm.Value) (A, error) {
	slow := func(x vm.Value) (A, error) {
		var a A
		if err := exportTo(x, reflect.ValueOf(&a).Elem(), "", 0); err != nil {
			return a, vm.Errorf("%s: argument %d: %s", sig.name, i+1, strings.TrimPrefix(err.Error(), "goro: "))
		}
		return a, nil
	}
	var f any
	switch any(*new(A)).(type) {
	case int:
		f = func(x vm.Value) (int, error) {
			if n, ok := x.ToInt(); ok && int64(int(n)) == n {
				return int(n), nil
			}
			return any(slow).(func(vm.Value) (int, error))(x)
		}
	case int64:
		f = func(x vm.Value) (int64, error) {
			if n, ok := x.ToInt(); ok {
				return n, nil
			}
			return any(slow).(func(vm.Value) (int64, error))(x)
		}
	case float64:
		f = func(x vm.Value) (float64, error) {
			if n, ok := x.ToFloat(); ok {
				return n, nil
			}
			return any(slow).(func(vm.Value) (float64, error))(x)
		}
	case string:
		f = func(x vm.Value) (string, error) {
			if s, ok := x.ToStr(); ok {
				return s, nil
			}
			return any(slow).(func(vm.Value) (string, error))(x)
		}
	case bool:
		f = func(x vm.Value) (bool, error) {
			if b, ok := x.ToBool(); ok {
				return b, nil
			}
			return any(slow).(func(vm.Value) (bool, error))(x)
		}
	case Value:
		f = func(x vm.Value) (Value, error) { return Value{x}, nil }
	default: // any
		return slow
	}
	return f.(func(vm.Value) (A, error))
}

// resConv returns the converter of a result of type R.
func resConv[R any](c *converter, sig *goSig) func(R) (vm.Value, error) {
	var f any
	switch any(*new(R)).(type) {
	case int:
		f = func(r int) (vm.Value, error) { return vm.Int(int64(r)), nil }
	case int64:
		f = func(r int64) (vm.Value, error) { return vm.Int(r), nil }
	case float64:
		f = func(r float64) (vm.Value, error) { return vm.Float(r), nil }
	case string:
		f = func(r string) (vm.Value, error) { return vm.String(r), nil }
	case bool:
		f = func(r bool) (vm.Value, error) { return vm.Bool(r), nil }
	case Value:
		f = func(r Value) (vm.Value, error) { return r.v, nil }
	default: // any
		return func(r R) (vm.Value, error) {
			x, err := c.convert(reflect.ValueOf(&r).Elem(), 0)
			if err != nil {
				return vm.Nil, vm.Errorf("%s: result: %s", sig.name, strings.TrimPrefix(err.Error(), "goro: "))
			}
			return x, nil
		}
	}
	return f.(func(R) (vm.Value, error))
}
