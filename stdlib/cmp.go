package stdlib

import (
	"github.com/goro-lang/goro/vm"
)

// The cmp module (SPEC §10): Go's cmp.Compare, cmp.Less and cmp.Or on
// Goro's ordered values (numbers and strings). As in Go, a NaN is less
// than every other number and equal to another NaN, and -0.0 equals 0.0;
// ints and floats compare by value, as Goro's < does.

func init() {
	m := newModule("cmp")
	m.pure()
	m.fn("Compare", 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := cmpOrdered("cmp.Compare", args[0], args[1])
		return vm.Int(int64(c)), err
	})
	m.sig("Compare", "func Compare[T Ordered](x, y T) int")
	m.fn("Less", 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := cmpOrdered("cmp.Less", args[0], args[1])
		return vm.Bool(c < 0), err
	})
	m.sig("Less", "func Less[T Ordered](x, y T) bool")
	m.fnRange("Or", 0, -1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		for _, v := range args {
			if !isZeroComparable(v) {
				return v, nil
			}
		}
		return vm.Nil, nil
	})
	m.doc("Or", "func Or[T comparable](vals ...T) T",
		"Or returns the first of its arguments that is not the zero value (0, 0.0, \"\", false or nil), or nil if there is none.")
	m.register()
}

// isNaN reports whether v is a float NaN.
func isNaN(v vm.Value) bool { return v.IsFloat() && v.AsFloat() != v.AsFloat() }

// cmpOrdered is Go's cmp.Compare: -1, 0 or +1, with NaNs ordered first.
// Operands that are not two numbers or two strings are an error naming
// the function ("cmp.Compare: invalid operation: list < int").
func cmpOrdered(name string, a, b vm.Value) (int, error) {
	if !(a.IsNumber() && b.IsNumber()) && !(a.Kind() == vm.KindString && b.Kind() == vm.KindString) {
		return 0, vm.Errorf("%s: invalid operation: %s < %s (not two numbers or two strings)", name, a.TypeName(), b.TypeName())
	}
	an, bn := isNaN(a), isNaN(b)
	switch {
	case an && bn:
		return 0, nil
	case an:
		return -1, nil
	case bn:
		return 1, nil
	}
	return compareValues(a, b)
}

// isZeroComparable reports whether v is the zero value of its kind for
// cmp.Or: nil, false, 0, 0.0 (or -0.0) or "". Other values (lists,
// structs, ...) are never zero unless nil.
func isZeroComparable(v vm.Value) bool {
	switch {
	case v.IsNil():
		return true
	case v.IsBool():
		return !v.AsBool()
	case v.IsInt():
		return v.AsInt() == 0
	case v.IsFloat():
		return v.AsFloat() == 0
	case v.Kind() == vm.KindString:
		return v.AsStr() == ""
	}
	return false
}
