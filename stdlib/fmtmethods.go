package stdlib

// Error() and String() methods of script values, as fmt uses them.
//
// Go's fmt calls an operand's Error method (if it is an error) or else its
// String method (if it is a fmt.Stringer) for the verbs that print a value
// as text (%v %s %q %x %X, and Print/Println). The printer itself has no
// thread to call script code with, so the fmt functions first replace each
// such operand by the text its method returns (methodArgs). %T operands are
// left alone; the operands of %w are kept, so that the error Errorf makes
// wraps the original values.

import "github.com/goro-lang/goro/vm"

// methodArgs returns args with every struct operand that has an Error or
// String method (in its method set) replaced by that method's result.
// format is the Printf format ("" for Print and Println); wrapped gets the
// original operands of %w verbs.
func methodArgs(t *vm.Thread, format string, args []vm.Value) (out, wrapped []vm.Value, err error) {
	verbs := scanVerbs(format, len(args))
	for i, a := range args {
		verb := 'v'
		if format != "" {
			verb = verbs[i]
		}
		if verb == 'w' {
			wrapped = append(wrapped, a)
		}
		if a.Kind() != vm.KindStruct {
			continue
		}
		switch verb {
		case 'v', 's', 'q', 'x', 'X', 'w':
		default:
			continue
		}
		for _, name := range [...]string{"Error", "String"} {
			if !vm.InMethodSet(a, name) {
				continue
			}
			r, ok, cerr := t.CallMethod(a, name)
			if cerr != nil {
				return nil, nil, cerr
			}
			if ok {
				if out == nil {
					out = append([]vm.Value(nil), args...)
				}
				if verb == 'w' || name == "Error" {
					out[i] = vm.NewError(r.String())
				} else {
					out[i] = r
				}
				break
			}
		}
	}
	if out == nil {
		out = args
	}
	return out, wrapped, nil
}

// scanVerbs returns the verb that consumes each of n operands of format (0
// where none does). Explicit argument indexes ([n]) are followed too.
func scanVerbs(format string, n int) []rune {
	verbs := make([]rune, n)
	arg := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) {
			c := format[i]
			switch {
			case c == '[':
				j := i + 1
				k := 0
				for j < len(format) && format[j] >= '0' && format[j] <= '9' {
					k = k*10 + int(format[j]-'0')
					j++
				}
				if j < len(format) && format[j] == ']' && k > 0 {
					arg = k - 1
					i = j + 1
					continue
				}
				i++
				continue
			case c == '*':
				arg++
				i++
				continue
			case c == '+' || c == '-' || c == '#' || c == ' ' || c == '0' || c == '.' || (c >= '1' && c <= '9'):
				i++
				continue
			}
			break
		}
		if i >= len(format) {
			break
		}
		if format[i] == '%' {
			continue
		}
		if arg < n {
			verbs[arg] = rune(format[i])
		}
		arg++
	}
	return verbs
}
