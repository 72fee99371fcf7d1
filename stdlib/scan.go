package stdlib

import (
	"fmt"

	"github.com/goro-lang/goro/vm"
)

// fmt.Sscan, Sscanln and Sscanf on Go's scanner (SPEC §10). Goro has no
// pointers, so instead of filling &a, &b they return the scanned values as
// a list, with Go's error: `vals, err := fmt.Sscanf("7 x", "%d %s")`. What
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
		var targets []any
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
	m.doc("Sscanf", "func Sscanf(str string, format string, templates ...any) ([]any, error)", "Sscanf scans str by format as Go's Sscanf and returns the values scanned (typed by the verbs or the templates) and Go's error.")
	for _, name := range []string{"Sscan", "Sscanln"} {
		name := name
		mname := "fmt." + name
		m.fnRange(name, 2, -1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s, err := vm.ArgStr(mname, args, 0)
			if err != nil {
				return vm.Nil, err
			}
			targets, err := templateTargets(mname, args, 1)
			if err != nil {
				return vm.Nil, err
			}
			var n int
			var serr error
			if name == "Sscan" {
				n, serr = fmt.Sscan(s, targets...)
			} else {
				n, serr = fmt.Sscanln(s, targets...)
			}
			return scanResults(t, targets, n, serr)
		})
	}
	m.doc("Sscan", "func Sscan(str string, templates ...any) ([]any, error)", "Sscan scans space-separated values from str, one per template (0, 0.0, \"\", false give the type), as Go's Sscan.")
	m.doc("Sscanln", "func Sscanln(str string, templates ...any) ([]any, error)", "Sscanln is Sscan that stops at a newline and wants the line to end after the last item.")
}
