package stdlib

import (
	"fmt"

	"github.com/goro-lang/goro/vm"
)

// fmt.Sscan, Sscanln and Sscanf on Go's scanner (SPEC §10). Given
// pointers (fmt.Sscanf(s, "%d %s", &n, &name)) they fill them as Go's do,
// each scanned as the type of the value it points at, and return (n, err).
// Without pointers they return the scanned values as a list, with Go's
// error: `vals, err := fmt.Sscanf("7 x", "%d %s")`. What
// each value is scanned as comes from optional templates after the format
// (0 an int, 0.0 a float, "" a string, false a bool), else from the
// verbs: %d %b %o %x %X %c an int, %e %f %g a float, %t a bool, %s %q %v a
// string. Sscan and Sscanln need the templates (they have no verbs). The
// list holds the values scanned before an error (Go's n).

// scanTarget makes a Go pointer of the template's type.
func scanTarget(name string, i int, tmpl vm.Value) (any, error) {
	switch tmpl.Kind() {
	case vm.KindInt:
		return new(int64), nil
	case vm.KindFloat:
		return new(float64), nil
	case vm.KindString:
		return new(string), nil
	case vm.KindBool:
		return new(bool), nil
	}
	return nil, vm.Errorf("%s: argument %d: want a template value (0, 0.0, \"\" or false), got %s", name, i+1, tmpl.TypeName())
}

// verbTargets derives targets from a format's verbs.
func verbTargets(name, format string) ([]any, error) {
	var out []any
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && (format[i] >= '0' && format[i] <= '9' || format[i] == '+' || format[i] == '-' || format[i] == '#' || format[i] == ' ') {
			i++
		}
		if i >= len(format) {
			break
		}
		switch format[i] {
		case '%':
		case 'd', 'b', 'o', 'x', 'X', 'c', 'U':
			out = append(out, new(int64))
		case 'e', 'E', 'f', 'F', 'g', 'G':
			out = append(out, new(float64))
		case 't':
			out = append(out, new(bool))
		case 's', 'q', 'v':
			out = append(out, new(string))
		default:
			return nil, vm.Errorf("%s: unsupported verb %%%c", name, format[i])
		}
	}
	return out, nil
}

func scanResults(t *vm.Thread, targets []any, n int, err error) (vm.Value, error) {
	items := make([]vm.Value, 0, n)
	for _, p := range targets[:n] {
		switch p := p.(type) {
		case *int64:
			items = append(items, vm.Int(*p))
		case *float64:
			items = append(items, vm.Float(*p))
		case *string:
			items = append(items, vm.String(*p))
		case *bool:
			items = append(items, vm.Bool(*p))
		}
	}
	return t.Ret2(vm.NewListValue(items), errValue(err))
}

// pointerTargets reports whether args[from:] are all pointers, and if so
// makes a Go target for each from the type of its pointee.
func pointerTargets(t *vm.Thread, name string, args []vm.Value, from int) ([]any, bool, error) {
	if len(args) <= from {
		return nil, false, nil
	}
	for _, a := range args[from:] {
		if !vm.IsPointer(a) {
			return nil, false, nil
		}
	}
	targets := make([]any, 0, len(args)-from)
	for i := from; i < len(args); i++ {
		cur, err := vm.Load(t, args[i])
		if err != nil {
			return nil, true, err
		}
		if cur.IsNil() {
			cur = vm.String("") // a *any: scanned as a word
		}
		p, err := scanTarget(name, i, cur)
		if err != nil {
			return nil, true, err
		}
		targets = append(targets, p)
	}
	return targets, true, nil
}

// storeResults writes the first n scanned values through the pointers and
// returns Go's (n, err).
func storeResults(t *vm.Thread, ptrs []vm.Value, targets []any, n int, serr error) (vm.Value, error) {
	vals, _ := scanResults(t, targets, n, nil)
	for i, v := range vals.List().Snapshot() {
		if err := vm.Store(t, ptrs[i], v); err != nil {
			return vm.Nil, err
		}
	}
	return t.Ret2(vm.Int(int64(n)), errValue(serr))
}

func templateTargets(name string, args []vm.Value, from int) ([]any, error) {
	targets := make([]any, 0, len(args)-from)
	for i := from; i < len(args); i++ {
		p, err := scanTarget(name, i, args[i])
		if err != nil {
			return nil, err
		}
		targets = append(targets, p)
	}
	return targets, nil
}

func initScan(m *module) {
	m.fnRange("Sscanf", 2, -1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := vm.ArgStr("fmt.Sscanf", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		format, err := vm.ArgStr("fmt.Sscanf", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		targets, isPtr, err := pointerTargets(t, "fmt.Sscanf", args, 2)
		if err != nil {
			return vm.Nil, err
		}
		if isPtr {
			n, serr := fmt.Sscanf(s, format, targets...)
			return storeResults(t, args[2:], targets, n, serr)
		}
		if len(args) > 2 {
			targets, err = templateTargets("fmt.Sscanf", args, 2)
		} else {
			targets, err = verbTargets("fmt.Sscanf", format)
		}
		if err != nil {
			return vm.Nil, err
		}
		n, serr := fmt.Sscanf(s, format, targets...)
		return scanResults(t, targets, n, serr)
	})
	m.doc("Sscanf", "func Sscanf(str string, format string, a ...any) (n int, err error)", "Sscanf scans str by format as Go's Sscanf into the pointers a; without pointers it returns the values scanned (typed by the verbs or by template values) and Go's error.")
	for _, name := range []string{"Sscan", "Sscanln"} {
		name := name
		mname := "fmt." + name
		m.fnRange(name, 2, -1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s, err := vm.ArgStr(mname, args, 0)
			if err != nil {
				return vm.Nil, err
			}
			targets, isPtr, err := pointerTargets(t, mname, args, 1)
			if err != nil {
				return vm.Nil, err
			}
			if !isPtr {
				if targets, err = templateTargets(mname, args, 1); err != nil {
					return vm.Nil, err
				}
			}
			var n int
			var serr error
			if name == "Sscan" {
				n, serr = fmt.Sscan(s, targets...)
			} else {
				n, serr = fmt.Sscanln(s, targets...)
			}
			if isPtr {
				return storeResults(t, args[1:], targets, n, serr)
			}
			return scanResults(t, targets, n, serr)
		})
	}
	m.doc("Sscan", "func Sscan(str string, a ...any) (n int, err error)", "Sscan scans space-separated values from str into the pointers a, as Go's Sscan; given template values (0, 0.0, \"\", false) instead, it returns the values.")
	m.doc("Sscanln", "func Sscanln(str string, a ...any) (n int, err error)", "Sscanln is Sscan that stops at a newline and wants the line to end after the last item.")
}
