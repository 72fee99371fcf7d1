package stdlib

import (
	"bytes"
	"fmt"
	"strconv"
	"unicode/utf8"
	"unsafe"

	"github.com/goro-lang/goro/vm"
)

// The fmt module. Printf-style formatting follows Go's fmt exactly. The
// format string is parsed here, verb by verb, with the same algorithm as
// Go's doPrintf (flags, argument indexes, `*` widths, the %!(...) error
// forms); each scalar operand is then formatted by Go's own fmt with a
// rebuilt single-verb format ("%-08.3f") and the operand converted to the
// Go value it stands for (int64, float64, string, bool, nil). That makes
// every flag, width and precision combination Go-identical by construction.
// Only the type names differ: Go would say int64 and float64 where Goro says
// int and float, so those are rewritten in the %!verb(type=value) forms.
//
// Lists and maps are formatted element by element with the operand's verb,
// as Go formats slices and maps; errors, functions, channels and native
// objects print as str(v) (SPEC §9) under %v and %s.

func init() {
	m := newModule("fmt")
	m.pure()
	m.fnRange("Print", 0, -1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		args, _, err := methodArgs(t, "", args)
		if err != nil {
			return vm.Nil, err
		}
		return writeStdout(t, appendPrint(t, nil, args))
	})
	m.fnRange("Println", 0, -1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		args, _, err := methodArgs(t, "", args)
		if err != nil {
			return vm.Nil, err
		}
		return writeStdout(t, appendPrintln(t, nil, args))
	})
	m.fnRange("Printf", 1, -1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		args, err := fmtArgs(t, args)
		if err != nil {
			return vm.Nil, err
		}
		b, err := sprintf(t, "fmt.Printf", args, false)
		if err != nil {
			return vm.Nil, err
		}
		return writeStdout(t, b)
	})
	m.fnRange("Sprint", 0, -1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		args, _, err := methodArgs(t, "", args)
		if err != nil {
			return vm.Nil, err
		}
		return vm.String(string(appendPrint(t, nil, args))), nil
	})
	m.fnRange("Sprintln", 0, -1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		args, _, err := methodArgs(t, "", args)
		if err != nil {
			return vm.Nil, err
		}
		return vm.String(string(appendPrintln(t, nil, args))), nil
	})
	m.fnRange("Sprintf", 1, -1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		args, err := fmtArgs(t, args)
		if err != nil {
			return vm.Nil, err
		}
		b, err := sprintf(t, "fmt.Sprintf", args, false)
		if err != nil {
			return vm.Nil, err
		}
		return vm.String(string(b)), nil
	})
	m.fnRange("Errorf", 1, -1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		var wrapped []vm.Value
		if len(args) > 0 && args[0].Kind() == vm.KindString {
			var rest []vm.Value
			var err error
			if rest, wrapped, err = methodArgs(t, args[0].AsStr(), args[1:]); err != nil {
				return vm.Nil, err
			}
			args = append([]vm.Value{args[0]}, rest...)
		}
		b, err := sprintf(t, "fmt.Errorf", args, true)
		if err != nil {
			return vm.Nil, err
		}
		return vm.NewWrapError(string(b), wrapped), nil
	})
	// Fprint* write to any native object with a Write(s) method: os.Stdout,
	// os.Stderr, and whatever later modules provide (net.Conn).
	m.fnRange("Fprint", 1, -1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		rest, _, err := methodArgs(t, "", args[1:])
		if err != nil {
			return vm.Nil, err
		}
		return writeTo(t, "fmt.Fprint", args[0], appendPrint(t, nil, rest))
	})
	m.fnRange("Fprintln", 1, -1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		rest, _, err := methodArgs(t, "", args[1:])
		if err != nil {
			return vm.Nil, err
		}
		return writeTo(t, "fmt.Fprintln", args[0], appendPrintln(t, nil, rest))
	})
	m.fnRange("Fprintf", 2, -1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		fargs, err := fmtArgs(t, args[1:])
		if err != nil {
			return vm.Nil, err
		}
		b, err := sprintf(t, "fmt.Fprintf", fargs, false)
		if err != nil {
			return vm.Nil, err
		}
		return writeTo(t, "fmt.Fprintf", args[0], b)
	})
	initScan(m)
	m.register()
}

// writeStdout writes b to the script's stdout and returns Go's (n, err).
func writeStdout(t *vm.Thread, b []byte) (vm.Value, error) {
	n, err := t.Runtime().Stdout().Write(b)
	return t.Ret2(vm.Int(int64(n)), errValue(err))
}

// writeTo calls w.Write(string(b)) and returns its two results. The call
// goes through t.Call so that a Write which blocks or parks behaves as if
// the script had called it.
func writeTo(t *vm.Thread, name string, w vm.Value, b []byte) (vm.Value, error) {
	o := w.Object()
	var write *vm.Native
	if o != nil {
		write = o.Type().Methods["Write"]
	}
	if write == nil {
		return vm.Nil, vm.Errorf("%s: argument 1 must be a writer (an object with a Write method), not %s", name, w.TypeName())
	}
	res, err := t.Call(write.Value(), w, vm.String(string(b)))
	if err != nil {
		return vm.Nil, err
	}
	for len(res) < 2 {
		res = append(res, vm.Nil)
	}
	return t.Ret2(res[0], res[1])
}

// appendPrint is Go's Print: operands as %v, with a space between two
// operands when neither is a string.
func appendPrint(t *vm.Thread, b []byte, args []vm.Value) []byte {
	prevString := false
	for i, a := range args {
		isString := a.Kind() == vm.KindString
		if i > 0 && !isString && !prevString {
			b = append(b, ' ')
		}
		b = t.AppendStr(b, a)
		prevString = isString
	}
	return b
}

// appendPrintln is Go's Println: operands as %v separated by spaces, then a
// newline.
func appendPrintln(t *vm.Thread, b []byte, args []vm.Value) []byte {
	for i, a := range args {
		if i > 0 {
			b = append(b, ' ')
		}
		b = t.AppendStr(b, a)
	}
	return append(b, '\n')
}

// sprintf formats args[1:] by the format args[0]. wrapErrs enables %w
// (Errorf).
func sprintf(t *vm.Thread, name string, args []vm.Value, wrapErrs bool) ([]byte, error) {
	format, err := vm.ArgStr(name, args, 0)
	if err != nil {
		return nil, err
	}
	// Under a memory limit the text is bounded by a quarter of it, as
	// str()'s is (Thread.AppendStr): formatting a small list that holds
	// one large string many times cannot exhaust the host.
	p := printer{wrapErrs: wrapErrs, buf: make([]byte, 0, len(format)+8*len(args)), t: t}
	if m := t.Runtime().MaxMemory(); m > 0 {
		p.limit = int(m / 4)
	}
	p.doPrintf(format, args[1:])
	if p.tooBig {
		return nil, vm.Errorf("%s: output too large", name)
	}
	return p.buf, nil
}

// maxFmtDepth bounds how deep nested lists and maps are formatted (as
// vm's printer does), so no structure can exhaust the host's stack.
const maxFmtDepth = 2000

// flags is the state of one verb: Go's fmt.fmtFlags plus width/precision.
type flags struct {
	sharp, zero, plus, minus, space bool
	// sharpV and plusV are # and + given to %v (Go moves them there).
	sharpV, plusV           bool
	wid, prec               int
	widPresent, precPresent bool
}

type printer struct {
	buf      []byte
	f        flags
	wrapErrs bool
	// reordered is set once an explicit argument index [n] is seen; Go
	// then does not complain about unused arguments.
	reordered  bool
	goodArgNum bool
	// path holds the lists and maps being formatted, to cut cycles.
	path []unsafe.Pointer
	spec []byte
	// tooBig is set when element-wise formatting passed maxResultLen (a
	// width applies to every element: "%1000000v" of a long list); the
	// rest of the container is skipped and the call fails.
	tooBig bool
	limit  int // 0 means maxResultLen; tests set a small one
	t      *vm.Thread
}

// full reports (and remembers) that the output has grown past the limit.
func (p *printer) full() bool {
	limit := p.limit
	if limit == 0 {
		limit = maxResultLen
	}
	if len(p.buf) > limit {
		p.tooBig = true
	}
	return p.tooBig
}

// tooLarge reports whether a width or precision is absurd (Go's limit).
func tooLarge(x int) bool {
	const max int = 1e6
	return x > max || x < -max
}

// parsenum is Go's: the number at s[start:end], whether there was one, and
// where it ends.
func parsenum(s string, start, end int) (num int, isnum bool, newi int) {
	if start >= end {
		return 0, false, end
	}
	for newi = start; newi < end && '0' <= s[newi] && s[newi] <= '9'; newi++ {
		if tooLarge(num) {
			return 0, false, end // overflow; crazy long number most likely
		}
		num = num*10 + int(s[newi]-'0')
		isnum = true
	}
	return
}

// parseArgNumber parses "[n]" at the start of format: the zero-based index,
// the bytes consumed, and whether it was well formed.
func parseArgNumber(format string) (index int, wid int, ok bool) {
	if len(format) < 3 {
		return 0, 1, false
	}
	for i := 1; i < len(format); i++ {
		if format[i] == ']' {
			width, ok, newi := parsenum(format, 1, i)
			if !ok || newi != i {
				return 0, i + 1, false
			}
			return width - 1, i + 1, true
		}
	}
	return 0, 1, false
}

func (p *printer) argNumber(argNum int, format string, i int, numArgs int) (newArgNum, newi int, found bool) {
	if len(format) <= i || format[i] != '[' {
		return argNum, i, false
	}
	p.reordered = true
	index, wid, ok := parseArgNumber(format[i:])
	if ok && 0 <= index && index < numArgs {
		return index, i + wid, true
	}
	p.goodArgNum = false
	return argNum, i + wid, ok
}

// intFromArg takes a `*` width or precision from the arguments.
func intFromArg(a []vm.Value, argNum int) (num int, isInt bool, newArgNum int) {
	newArgNum = argNum
	if argNum < len(a) {
		var n int64
		n, isInt = a[argNum].ToInt()
		num = int(n)
		newArgNum = argNum + 1
		if tooLarge(num) || int64(num) != n {
			num, isInt = 0, false
		}
	}
	return
}

// doPrintf is Go's doPrintf over Goro values.
func (p *printer) doPrintf(format string, a []vm.Value) {
	end := len(format)
	argNum := 0
	afterIndex := false
	p.reordered = false
	for i := 0; i < end; {
		p.goodArgNum = true
		lasti := i
		for i < end && format[i] != '%' {
			i++
		}
		if i > lasti {
			p.buf = append(p.buf, format[lasti:i]...)
		}
		if i >= end {
			break
		}
		i++ // skip %
		p.f = flags{}
	simpleFormat:
		for ; i < end; i++ {
			switch format[i] {
			case '#':
				p.f.sharp = true
			case '0':
				p.f.zero = true
			case '+':
				p.f.plus = true
			case '-':
				p.f.minus = true
			case ' ':
				p.f.space = true
			default:
				break simpleFormat
			}
		}

		argNum, i, afterIndex = p.argNumber(argNum, format, i, len(a))

		// Width.
		if i < end && format[i] == '*' {
			i++
			p.f.wid, p.f.widPresent, argNum = intFromArg(a, argNum)
			if !p.f.widPresent {
				p.buf = append(p.buf, "%!(BADWIDTH)"...)
			}
			if p.f.wid < 0 {
				p.f.wid = -p.f.wid
				p.f.minus = true
				p.f.zero = false // do not pad with zeros to the right
			}
			afterIndex = false
		} else {
			p.f.wid, p.f.widPresent, i = parsenum(format, i, end)
			if afterIndex && p.f.widPresent { // "%[3]2d"
				p.goodArgNum = false
			}
		}

		// Precision.
		if i+1 < end && format[i] == '.' {
			i++
			if afterIndex { // "%[3].2d"
				p.goodArgNum = false
			}
			argNum, i, afterIndex = p.argNumber(argNum, format, i, len(a))
			if i < end && format[i] == '*' {
				i++
				p.f.prec, p.f.precPresent, argNum = intFromArg(a, argNum)
				if p.f.prec < 0 {
					p.f.prec = 0
					p.f.precPresent = false
				}
				if !p.f.precPresent {
					p.buf = append(p.buf, "%!(BADPREC)"...)
				}
				afterIndex = false
			} else {
				p.f.prec, p.f.precPresent, i = parsenum(format, i, end)
				if !p.f.precPresent {
					p.f.prec = 0
					p.f.precPresent = true
				}
			}
		}

		if !afterIndex {
			argNum, i, afterIndex = p.argNumber(argNum, format, i, len(a))
		}

		if i >= end {
			p.buf = append(p.buf, "%!(NOVERB)"...)
			break
		}

		verb, size := utf8.DecodeRuneInString(format[i:])
		i += size

		switch {
		case verb == '%': // does not take an operand; ignores width and precision
			p.buf = append(p.buf, '%')
		case !p.goodArgNum:
			p.badArgNum(verb, "(BADINDEX)")
		case argNum >= len(a):
			p.badArgNum(verb, "(MISSING)")
		case verb == 'v' || verb == 'w':
			p.f.sharpV, p.f.sharp = p.f.sharp, false
			p.f.plusV, p.f.plus = p.f.plus, false
			p.printArg(a[argNum], verb, 0)
			argNum++
		default:
			p.printArg(a[argNum], verb, 0)
			argNum++
		}
	}

	if !p.reordered && argNum < len(a) {
		p.f = flags{}
		p.buf = append(p.buf, "%!(EXTRA "...)
		for i, arg := range a[argNum:] {
			if i > 0 {
				p.buf = append(p.buf, ", "...)
			}
			if arg.IsNil() {
				p.buf = append(p.buf, "<nil>"...)
				continue
			}
			p.buf = append(p.buf, arg.TypeName()...)
			p.buf = append(p.buf, '=')
			p.buf = p.t.AppendStr(p.buf, arg)
		}
		p.buf = append(p.buf, ')')
	}
}

func (p *printer) badArgNum(verb rune, what string) {
	p.buf = append(p.buf, "%!"...)
	p.buf = utf8.AppendRune(p.buf, verb)
	p.buf = append(p.buf, what...)
}

// plain reports that the verb has no flags, width or precision.
func (p *printer) plain() bool { return p.f == flags{} }

// goSpec rebuilds the current verb as a Go format string, e.g. "%-08.3f".
// Go parses it back into exactly the state p.f holds (# and + on %v become
// sharpV and plusV again).
func (p *printer) goSpec(verb rune) string {
	s := append(p.spec[:0], '%')
	if p.f.sharp || p.f.sharpV {
		s = append(s, '#')
	}
	if p.f.zero {
		s = append(s, '0')
	}
	if p.f.plus || p.f.plusV {
		s = append(s, '+')
	}
	if p.f.minus {
		s = append(s, '-')
	}
	if p.f.space {
		s = append(s, ' ')
	}
	// A zero width pads nothing; it could not be written without reading
	// as the 0 flag.
	if p.f.widPresent && p.f.wid > 0 {
		s = strconv.AppendInt(s, int64(p.f.wid), 10)
	}
	if p.f.precPresent {
		s = append(s, '.')
		s = strconv.AppendInt(s, int64(p.f.prec), 10)
	}
	s = utf8.AppendRune(s, verb)
	p.spec = s
	return string(s)
}

// goFormat formats x, a Go scalar, with the current verb by Go's fmt. If Go
// reports a bad verb, the Go type name it prints (goType) is replaced by
// Goro's (goroType): "%!d(int64=" cannot be the start of a valid
// formatting of an int64 or float64, so the check is exact.
func (p *printer) goFormat(verb rune, x any, goType, goroType string) {
	start := len(p.buf)
	p.buf = fmt.Appendf(p.buf, p.goSpec(verb), x)
	if goType == goroType || !bytes.HasPrefix(p.buf[start:], []byte("%!")) {
		return
	}
	var pre []byte
	pre = append(pre, "%!"...)
	pre = utf8.AppendRune(pre, verb)
	pre = append(pre, '(')
	n := len(pre)
	pre = append(pre, goType...)
	pre = append(pre, '=')
	if out := p.buf[start:]; bytes.HasPrefix(out, pre) {
		rest := append([]byte(nil), out[len(pre):]...)
		p.buf = append(append(append(p.buf[:start+n], goroType...), '='), rest...)
	}
}

// fmtString formats s as a Go string with the current flags and verb.
func (p *printer) fmtString(verb rune, s string) { p.goFormat(verb, s, "string", "string") }

// badVerb writes %!verb(type=value) for an operand the verb does not fit,
// the value formatted as its str() text under the same flags, as Go does.
func (p *printer) badVerb(verb rune, v vm.Value) {
	p.buf = append(p.buf, "%!"...)
	p.buf = utf8.AppendRune(p.buf, verb)
	p.buf = append(p.buf, '(')
	p.buf = append(p.buf, v.TypeName()...)
	p.buf = append(p.buf, '=')
	p.fmtString('s', v.String())
	p.buf = append(p.buf, ')')
}

// refPointer returns the address of a reference value (list, map, func,
// chan, error, native object), or nil for values. Go's heap does not move,
// so %p of the same value always prints the same address.
func refPointer(v vm.Value) unsafe.Pointer {
	switch v.Kind() {
	case vm.KindList:
		return unsafe.Pointer(v.List())
	case vm.KindMap:
		return unsafe.Pointer(v.Map())
	case vm.KindChan:
		return unsafe.Pointer(v.Chan())
	case vm.KindError:
		return unsafe.Pointer(v.Error())
	case vm.KindObject:
		return unsafe.Pointer(v.Object())
	case vm.KindFunc:
		if c := v.Closure(); c != nil {
			return unsafe.Pointer(c)
		}
		return unsafe.Pointer(v.Native())
	}
	return nil
}

// printArg formats one operand with verb; depth > 0 inside lists and maps.
func (p *printer) printArg(v vm.Value, verb rune, depth int) {
	if p.plain() {
		// Fast paths: with no flags these are exactly str(v) and friends.
		switch {
		case verb == 'v':
			p.buf = p.t.AppendStr(p.buf, v)
			return
		case verb == 'd' && v.IsInt():
			p.buf = strconv.AppendInt(p.buf, v.AsInt(), 10)
			return
		case verb == 's' && v.Kind() == vm.KindString:
			p.buf = append(p.buf, v.AsStr()...)
			return
		}
	}
	switch verb {
	case 'T':
		// Go's name for a float is float64; type(v) keeps Goro's "float"
		// (SPEC §10). Other kinds print what type(v) says.
		name := v.TypeName()
		if v.IsFloat() {
			name = "float64"
		}
		p.fmtString('s', name)
		return
	case 'p':
		if ptr := refPointer(v); ptr != nil {
			p.buf = fmt.Appendf(p.buf, p.goSpec('p'), ptr)
			return
		}
	}
	if depth > 0 && v.IsNil() {
		// Go prints a nil element of a []any as <nil>, unpadded, whatever
		// the verb.
		if p.f.sharpV {
			p.buf = append(p.buf, "nil"...)
		} else {
			p.buf = append(p.buf, "<nil>"...)
		}
		return
	}
	switch v.Kind() {
	case vm.KindNil:
		p.goFormat(verb, nil, "", "")
	case vm.KindBool:
		b, _ := v.ToBool()
		p.goFormat(verb, b, "bool", "bool")
	case vm.KindInt:
		p.goFormat(verb, v.AsInt(), "int64", "int")
	case vm.KindFloat:
		p.goFormat(verb, v.AsFloat(), "float64", "float")
	case vm.KindString:
		p.fmtString(verb, v.AsStr())
	case vm.KindList:
		p.printList(v, verb, depth)
	case vm.KindMap:
		p.printMap(v, verb, depth)
	case vm.KindError:
		switch {
		case verb == 'w' && !p.wrapErrs:
			p.badVerb(verb, v)
		case p.f.sharpV:
			p.fmtString('s', vm.Repr(v))
		case verb == 'w':
			p.fmtString('v', v.Error().Message())
		case verb == 'v' || verb == 's' || verb == 'x' || verb == 'X' || verb == 'q':
			// Go formats an error by its Error() text under these verbs.
			p.fmtString(verb, v.Error().Message())
		default:
			p.badVerb(verb, v)
		}
	case vm.KindStruct:
		if verb == 'v' && p.f.sharpV && depth < maxFmtDepth {
			p.buf = vm.AppendGoSyntax(p.buf, v, func(b []byte, f vm.Value) []byte {
				p.buf = b
				p.printArg(f, 'v', depth+1)
				return p.buf
			})
			return
		}
		if verb == 'v' || verb == 's' || verb == 'd' {
			p.fmtString('s', string(p.t.AppendValue(nil, v, p.f.plusV)))
		} else {
			p.badVerb(verb, v)
		}
	default: // func, chan, native object
		if verb == 'v' || verb == 's' {
			p.fmtString('s', v.String())
		} else {
			p.badVerb(verb, v)
		}
	}
}

func (p *printer) onPath(ptr unsafe.Pointer) bool {
	for _, q := range p.path {
		if q == ptr {
			return true
		}
	}
	return false
}

// printList formats a list as Go formats a []any: "[" elements "]", each
// with the verb; %#v gives Goro's literal syntax `[1, "a"]`.
func (p *printer) printList(v vm.Value, verb rune, depth int) {
	ptr := unsafe.Pointer(v.List())
	if p.onPath(ptr) || depth >= maxFmtDepth {
		p.buf = append(p.buf, "[...]"...)
		return
	}
	items := v.List().Snapshot()
	p.path = append(p.path, ptr)
	p.buf = append(p.buf, '[')
	for i, x := range items {
		if p.full() {
			break
		}
		if i > 0 {
			if p.f.sharpV {
				p.buf = append(p.buf, ',')
			}
			p.buf = append(p.buf, ' ')
		}
		p.printArg(x, verb, depth+1)
	}
	p.buf = append(p.buf, ']')
	p.path = p.path[:len(p.path)-1]
}

// printMap formats a map as Go does, "map[k:v k:v]", in insertion order;
// %#v gives Goro's literal syntax `{"k": 1}`.
func (p *printer) printMap(v vm.Value, verb rune, depth int) {
	ptr := unsafe.Pointer(v.Map())
	if p.onPath(ptr) || depth >= maxFmtDepth {
		p.buf = append(p.buf, "map[...]"...)
		return
	}
	keys, vals := v.Map().PrintItems()
	p.path = append(p.path, ptr)
	if p.f.sharpV {
		p.buf = append(p.buf, '{')
	} else {
		p.buf = append(p.buf, "map["...)
	}
	for i := range keys {
		if p.full() {
			break
		}
		if i > 0 {
			if p.f.sharpV {
				p.buf = append(p.buf, ',')
			}
			p.buf = append(p.buf, ' ')
		}
		p.printArg(keys[i], verb, depth+1)
		p.buf = append(p.buf, ':')
		if p.f.sharpV {
			p.buf = append(p.buf, ' ')
		}
		p.printArg(vals[i], verb, depth+1)
	}
	if p.f.sharpV {
		p.buf = append(p.buf, '}')
	} else {
		p.buf = append(p.buf, ']')
	}
	p.path = p.path[:len(p.path)-1]
}

// fmtArgs applies methodArgs to the operands of a Printf-style call whose
// args[0] is the format.
func fmtArgs(t *vm.Thread, args []vm.Value) ([]vm.Value, error) {
	if len(args) == 0 || args[0].Kind() != vm.KindString {
		return args, nil
	}
	rest, _, err := methodArgs(t, args[0].AsStr(), args[1:])
	if err != nil {
		return nil, err
	}
	if len(rest) > 0 && &rest[0] == &args[1] {
		return args, nil
	}
	return append([]vm.Value{args[0]}, rest...), nil
}
