package stdlib

// The errors module: New, Is, As, Unwrap, Join (Go's errors package).
//
// An error's chain is what fmt.Errorf's %w operands and errors.Join's
// arguments wrap (vm.ErrorObj.Wrapped), a struct error's Unwrap method, and,
// for errors a Go library returned, Go's own chain (vm.ErrorIs). errors.As
// needs the type of its target, which a script cannot pass: the compiler
// rewrites `errors.As(err, &target)` into a call of the hidden builtin $as
// with the target's declared type (compiler/lower_expr.go); the member here
// serves any other use and reports what it needs.

import (
	"strings"

	"github.com/goro-lang/goro/vm"
)

// maxChain bounds the errors walked in one chain (a cycle of Unwrap methods
// must not hang errors.Is).
const maxChain = 10000

func init() {
	m := newModule("errors")
	m.pure()
	m.fn("New", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := vm.ArgStr("errors.New", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return vm.NewError(s), nil
	})
	m.fn("Is", 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		ok, err := errorsIs(t, args[0], args[1], 0)
		return vm.Bool(ok), err
	})
	m.fn("Unwrap", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		ws, err := vm.UnwrapError(t, args[0])
		if err != nil || len(ws) != 1 {
			// Go's Unwrap does not unwrap a Join (Unwrap() []error).
			return vm.Nil, err
		}
		return ws[0], nil
	})
	m.fnRange("Join", 0, -1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		var errs []vm.Value
		var msgs []string
		for _, a := range args {
			if a.IsNil() {
				continue
			}
			errs = append(errs, a)
			msg, err := errorText(t, a)
			if err != nil {
				return vm.Nil, err
			}
			msgs = append(msgs, msg)
		}
		if len(errs) == 0 {
			return vm.Nil, nil
		}
		return vm.NewWrapError(strings.Join(msgs, "\n"), errs), nil
	})
	m.fn("As", 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return vm.Nil, vm.Errorf("errors.As: the second argument must be &v for a variable v declared with a type (var target *MyError)")
	})
	m.register()
}

// errorText is err.Error() for any error value.
func errorText(t *vm.Thread, err vm.Value) (string, error) {
	if e := err.Error(); e != nil {
		return e.Message(), nil
	}
	r, ok, cerr := t.CallMethod(err, "Error")
	if cerr != nil {
		return "", cerr
	}
	if ok {
		return r.String(), nil
	}
	return err.String(), nil
}

// errorsIs is errors.Is: err or an error in its chain equals target (or
// says so with an Is method).
func errorsIs(t *vm.Thread, err, target vm.Value, n int) (bool, error) {
	for ; !err.IsNil() && n < maxChain; n++ {
		if vm.Equal(err, target) || vm.ErrorIs(err, target) {
			return true, nil
		}
		if vm.HasMethod(err, "Is") {
			fn, recv, _ := vm.Method(err)("Is")
			r, cerr := t.Call1(fn, recv, target)
			if cerr != nil {
				return false, cerr
			}
			if b, _ := r.ToBool(); b {
				return true, nil
			}
		}
		ws, cerr := vm.UnwrapError(t, err)
		if cerr != nil {
			return false, cerr
		}
		switch len(ws) {
		case 0:
			return false, nil
		case 1:
			err = ws[0]
		default:
			for _, w := range ws {
				if ok, cerr := errorsIs(t, w, target, n+1); ok || cerr != nil {
					return ok, cerr
				}
			}
			return false, nil
		}
	}
	return false, nil
}
