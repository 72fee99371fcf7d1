package stdlib

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
	"unsafe"

	"github.com/goro-lang/goro/vm"
)

// The json module. Go's encoding/json cannot be used as is: decoding into
// a Go map loses the document order of object keys, and decoding numbers
// into float64 loses the int-vs-float distinction Goro keeps. So both
// directions are written here, reproducing Go's output byte for byte
// (string escaping with HTML-safe \u003c, float formatting) and Go's error
// messages, including the scanner's "invalid character 'x' looking for
// beginning of value" wording and its quirk of reporting a truncated
// literal as an invalid ' ' (Go feeds a space at end of input).

// maxJSONDepth is Go's scanner limit on nesting; Marshal uses it too, so
// neither direction can exhaust the host's stack.
const maxJSONDepth = 10000

func init() {
	m := newModule("json")
	m.pure()
	m.fn("Marshal", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		e := encoder{limit: resultLimit(t)}
		if msg := e.encode(args[0], 0); msg != "" {
			return t.Ret2(vm.Nil, vm.NewError(msg))
		}
		return t.Ret2(vm.String(string(e.buf)), vm.Nil)
	})
	// MarshalIndent is Marshal followed by Go's json.Indent, which works
	// on the text and so keeps the key order.
	m.fn("MarshalIndent", 3, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		prefix, err := vm.ArgStr("json.MarshalIndent", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		indent, err := vm.ArgStr("json.MarshalIndent", args, 2)
		if err != nil {
			return vm.Nil, err
		}
		e := encoder{limit: resultLimit(t)}
		if msg := e.encode(args[0], 0); msg != "" {
			return t.Ret2(vm.Nil, vm.NewError(msg))
		}
		var out bytes.Buffer
		if err := json.Indent(&out, e.buf, prefix, indent); err != nil {
			return t.Ret2(vm.Nil, errValue(err)) // cannot happen: e.buf is valid JSON
		}
		return t.Ret2(vm.String(out.String()), vm.Nil)
	})
	m.fn("Unmarshal", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := vm.ArgStr("json.Unmarshal", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		v, msg := unmarshal(s)
		if msg != "" {
			return t.Ret2(vm.Nil, vm.NewError(msg))
		}
		return t.Ret2(v, vm.Nil)
	})
	m.fn("Valid", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := vm.ArgStr("json.Valid", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return vm.Bool(json.Valid([]byte(s))), nil
	})
	m.register()
}

// ---------------------------------------------------------------------------
// Marshal

type encoder struct {
	buf []byte
	// onPath holds the lists and maps being encoded: meeting one again is
	// a cycle.
	onPath map[unsafe.Pointer]bool
	limit  int // 0 means maxResultLen; tests set a small one
}

// resultLimit bounds a native's text result under the run's memory
// limit: a quarter of it, as str()'s (0, maxResultLen, with no limit).
// So encoding a small list that holds one large string many times stops
// early with the "output too large" error.
func resultLimit(t *vm.Thread) int {
	if m := t.Runtime().MaxMemory(); m > 0 {
		return int(m / 4)
	}
	return 0
}

func (e *encoder) full() bool {
	limit := e.limit
	if limit == 0 {
		limit = maxResultLen
	}
	return len(e.buf) > limit
}

// encode appends v; it returns an error message, or "" on success.
func (e *encoder) encode(v vm.Value, depth int) string {
	switch v.Kind() {
	case vm.KindNil:
		e.buf = append(e.buf, "null"...)
	case vm.KindBool:
		b, _ := v.ToBool()
		e.buf = strconv.AppendBool(e.buf, b)
	case vm.KindInt:
		e.buf = strconv.AppendInt(e.buf, v.AsInt(), 10)
	case vm.KindFloat:
		var ok bool
		if e.buf, ok = appendJSONFloat(e.buf, v.AsFloat()); !ok {
			return "json: unsupported value: " + vm.FormatFloat(v.AsFloat())
		}
	case vm.KindString:
		e.buf = appendJSONString(e.buf, v.AsStr())
	case vm.KindList:
		ptr := unsafe.Pointer(v.List())
		if msg := e.enter(ptr, "list", depth); msg != "" {
			return msg
		}
		e.buf = append(e.buf, '[')
		for i, x := range v.List().Snapshot() {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			if e.full() {
				return errTooLarge
			}
			if msg := e.encode(x, depth+1); msg != "" {
				return msg
			}
		}
		e.buf = append(e.buf, ']')
		delete(e.onPath, ptr)
	case vm.KindMap:
		ptr := unsafe.Pointer(v.Map())
		if msg := e.enter(ptr, "map", depth); msg != "" {
			return msg
		}
		keys, vals := v.Map().PrintItems()
		e.buf = append(e.buf, '{')
		for i, k := range keys {
			if i > 0 {
				e.buf = append(e.buf, ',')
			}
			if e.full() {
				return errTooLarge
			}
			if msg := e.encodeKey(k); msg != "" {
				return msg
			}
			e.buf = append(e.buf, ':')
			if msg := e.encode(vals[i], depth+1); msg != "" {
				return msg
			}
		}
		e.buf = append(e.buf, '}')
		delete(e.onPath, ptr)
	default:
		return "json: unsupported type: " + v.TypeName()
	}
	return ""
}

// errTooLarge stops Marshal of a structure whose text would be enormous
// (a list holding one long string a million times): see maxResultLen.
const errTooLarge = "json: unsupported value: output too large"

// enter marks a container as being encoded, refusing cycles and excessive
// depth.
func (e *encoder) enter(ptr unsafe.Pointer, kind string, depth int) string {
	if e.onPath[ptr] {
		return "json: unsupported value: encountered a cycle via " + kind
	}
	if depth >= maxJSONDepth {
		return "json: unsupported value: exceeded max depth"
	}
	if e.onPath == nil {
		e.onPath = map[unsafe.Pointer]bool{}
	}
	e.onPath[ptr] = true
	return ""
}

// encodeKey writes a map key as a JSON string: strings as they are, ints
// and floats as their decimal text (Go encodes integer keys the same way).
func (e *encoder) encodeKey(k vm.Value) string {
	switch k.Kind() {
	case vm.KindString:
		e.buf = appendJSONString(e.buf, k.AsStr())
	case vm.KindInt:
		e.buf = append(e.buf, '"')
		e.buf = strconv.AppendInt(e.buf, k.AsInt(), 10)
		e.buf = append(e.buf, '"')
	case vm.KindFloat:
		e.buf = append(e.buf, '"')
		var ok bool
		if e.buf, ok = appendJSONFloat(e.buf, k.AsFloat()); !ok {
			return "json: unsupported value: " + vm.FormatFloat(k.AsFloat())
		}
		e.buf = append(e.buf, '"')
	default:
		return "json: unsupported map key type: " + k.TypeName()
	}
	return ""
}

// appendJSONFloat formats f as encoding/json formats a float64 (ES6 number
// to string: %f unless the magnitude is below 1e-6 or at least 1e21, with
// "e-07" cleaned up to "e-7"). NaN and infinities are not JSON: ok false.
func appendJSONFloat(b []byte, f float64) ([]byte, bool) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		return b, false
	}
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		n := len(b)
		if n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b, true
}

const hexDigits = "0123456789abcdef"

// appendJSONString quotes s as encoding/json does by default: control
// characters, <, > and & as \u00XX (\b \f \n \r \t and \" \\ short),
// invalid UTF-8 as \ufffd, and U+2028/U+2029 escaped for JavaScript.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// ---------------------------------------------------------------------------
// Unmarshal

// decoder is a recursive-descent parser whose errors are those of Go's
// scanner state machine: each error site below corresponds to one scanner
// state, and end of input is treated as Go's scanner treats it (a space is
// fed; if that completes nothing, "unexpected end of JSON input").
type decoder struct {
	s     string
	i     int
	depth int
	err   string // the first syntax error
	// rangeErr is the first number too large for a float. Go reports it
	// only when the whole input is valid JSON, so it waits for the end.
	rangeErr string
	// scratch is a stack of the elements (and key, value pairs) of the
	// arrays and objects being parsed.
	scratch []vm.Value
}

// jsonEOF is the error of input that ends too early.
const jsonEOF = "unexpected end of JSON input"

func unmarshal(s string) (vm.Value, string) {
	d := decoder{s: s}
	d.skipSpace()
	if d.i >= len(d.s) {
		return vm.Nil, jsonEOF
	}
	v := d.value()
	if d.err == "" {
		d.skipSpace()
		if d.i < len(d.s) {
			d.fail(d.s[d.i], "after top-level value")
		}
	}
	switch {
	case d.err != "":
		return vm.Nil, d.err
	case d.rangeErr != "":
		return vm.Nil, d.rangeErr
	}
	return v, ""
}

// quoteChar is Go's scanner's rendering of a byte in an error message.
func quoteChar(c byte) string {
	switch c {
	case '\'':
		return `'\''`
	case '"':
		return `'"'`
	}
	q := strconv.Quote(string(rune(c)))
	return "'" + q[1:len(q)-1] + "'"
}

// fail records a syntax error at byte c (a space at end of input).
func (d *decoder) fail(c byte, context string) {
	if d.err == "" {
		d.err = "invalid character " + quoteChar(c) + " " + context
	}
}

// cur returns the current byte, or a space at end of input (eof true).
func (d *decoder) cur() (c byte, eof bool) {
	if d.i < len(d.s) {
		return d.s[d.i], false
	}
	return ' ', true
}

func (d *decoder) skipSpace() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// value parses one value at d.i (after white space). On error it sets
// d.err and returns nil; callers stop at the first error.
func (d *decoder) value() vm.Value {
	d.skipSpace()
	c, eof := d.cur()
	if eof {
		d.err = jsonEOF
		return vm.Nil
	}
	switch {
	case c == '{':
		return d.object()
	case c == '[':
		return d.array()
	case c == '"':
		d.i++
		s, ok := d.str()
		if !ok {
			return vm.Nil
		}
		return vm.String(s)
	case c == '-' || ('0' <= c && c <= '9'):
		return d.number()
	case c == 't':
		return d.literal("true", vm.True)
	case c == 'f':
		return d.literal("false", vm.False)
	case c == 'n':
		return d.literal("null", vm.Nil)
	}
	d.fail(c, "looking for beginning of value")
	return vm.Nil
}

func (d *decoder) push(c byte) bool {
	d.depth++
	if d.depth > maxJSONDepth {
		d.fail(c, "exceeded max depth")
		return false
	}
	return true
}

func (d *decoder) object() vm.Value {
	if !d.push('{') {
		return vm.Nil
	}
	d.i++
	d.skipSpace()
	if c, _ := d.cur(); c == '}' && d.i < len(d.s) {
		d.i++
		d.depth--
		return vm.NewMapValue(0)
	}
	// Keys and values gather on the shared scratch stack, so the map is
	// made once at its final size.
	base := len(d.scratch)
	defer func() { d.scratch = d.scratch[:base] }()
	for {
		d.skipSpace()
		c, eof := d.cur()
		if eof {
			d.err = jsonEOF
			return vm.Nil
		}
		if c != '"' {
			d.fail(c, "looking for beginning of object key string")
			return vm.Nil
		}
		d.i++
		key, ok := d.str()
		if !ok {
			return vm.Nil
		}
		d.skipSpace()
		if c, eof = d.cur(); eof {
			d.err = jsonEOF
			return vm.Nil
		}
		if c != ':' {
			d.fail(c, "after object key")
			return vm.Nil
		}
		d.i++
		v := d.value()
		if d.err != "" {
			return vm.Nil
		}
		d.scratch = append(d.scratch, vm.String(key), v)
		d.skipSpace()
		if c, eof = d.cur(); eof {
			d.err = jsonEOF
			return vm.Nil
		}
		d.i++
		switch c {
		case ',':
			continue
		case '}':
			d.depth--
			kvs := d.scratch[base:]
			m := vm.NewMap(len(kvs) / 2)
			for j := 0; j < len(kvs); j += 2 {
				m.Set(kvs[j], kvs[j+1]) // a repeated key keeps its first place, takes the last value
			}
			return m.Value()
		}
		d.fail(c, "after object key:value pair")
		return vm.Nil
	}
}

func (d *decoder) array() vm.Value {
	if !d.push('[') {
		return vm.Nil
	}
	d.i++
	d.skipSpace()
	if c, _ := d.cur(); c == ']' && d.i < len(d.s) {
		d.i++
		d.depth--
		return vm.NewListValue([]vm.Value{})
	}
	base := len(d.scratch)
	defer func() { d.scratch = d.scratch[:base] }()
	for {
		v := d.value()
		if d.err != "" {
			return vm.Nil
		}
		d.scratch = append(d.scratch, v)
		d.skipSpace()
		c, eof := d.cur()
		if eof {
			d.err = jsonEOF
			return vm.Nil
		}
		d.i++
		switch c {
		case ',':
			continue
		case ']':
			d.depth--
			return vm.NewListValue(append([]vm.Value(nil), d.scratch[base:]...))
		}
		d.fail(c, "after array element")
		return vm.Nil
	}
}

// literal parses true, false or null: every byte after the first must
// match, or Go's "in literal true (expecting 'r')".
func (d *decoder) literal(word string, v vm.Value) vm.Value {
	d.i++
	for k := 1; k < len(word); k++ {
		c, _ := d.cur()
		if c != word[k] {
			d.fail(c, "in literal "+word+" (expecting "+quoteChar(word[k])+")")
			return vm.Nil
		}
		d.i++
	}
	return v
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func (d *decoder) digits() {
	for d.i < len(d.s) && isDigit(d.s[d.i]) {
		d.i++
	}
}

// number parses a JSON number: an int when it has no fraction or exponent
// and fits 64 bits, else a float.
func (d *decoder) number() vm.Value {
	start := d.i
	isFloat := false
	if d.s[d.i] == '-' {
		d.i++
		if c, _ := d.cur(); !isDigit(c) {
			d.fail(c, "in numeric literal")
			return vm.Nil
		}
	}
	if d.s[d.i] == '0' {
		d.i++ // a leading 0 stands alone: "01" is 0 followed by junk
	} else {
		d.digits()
	}
	if c, _ := d.cur(); c == '.' {
		d.i++
		if c, _ := d.cur(); !isDigit(c) {
			d.fail(c, "after decimal point in numeric literal")
			return vm.Nil
		}
		d.digits()
		isFloat = true
	}
	if c, _ := d.cur(); c == 'e' || c == 'E' {
		d.i++
		if c, _ := d.cur(); c == '+' || c == '-' {
			d.i++
		}
		if c, _ := d.cur(); !isDigit(c) {
			d.fail(c, "in exponent of numeric literal")
			return vm.Nil
		}
		d.digits()
		isFloat = true
	}
	text := d.s[start:d.i]
	if !isFloat {
		if n, err := strconv.ParseInt(text, 10, 64); err == nil {
			return vm.Int(n)
		}
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil && d.rangeErr == "" {
		d.rangeErr = "json: cannot unmarshal number " + text + " into Go value of type float64"
	}
	return vm.Float(f)
}

// getu4 decodes the 4 hex digits after "\u" at s[i:], or returns -1 with
// the offending byte (a space at end of input).
func getu4(s string, i int) (r rune, bad byte, ok bool) {
	for k := 0; k < 4; k++ {
		if i+k >= len(s) {
			return -1, ' ', false
		}
		c := s[i+k]
		var x byte
		switch {
		case '0' <= c && c <= '9':
			x = c - '0'
		case 'a' <= c && c <= 'f':
			x = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			x = c - 'A' + 10
		default:
			return -1, c, false
		}
		r = r<<4 | rune(x)
	}
	return r, 0, true
}

// str parses a string body after its opening quote, decoding escapes as
// Go does: a valid surrogate pair is one rune, a lone surrogate and
// invalid UTF-8 become U+FFFD.
func (d *decoder) str() (string, bool) {
	// Fast path: no escapes and valid UTF-8.
	for j := d.i; j < len(d.s); {
		c := d.s[j]
		if c == '"' {
			s := d.s[d.i:j]
			d.i = j + 1
			return s, true
		}
		if c == '\\' || c < 0x20 {
			break
		}
		if c < utf8.RuneSelf {
			j++
			continue
		}
		r, size := utf8.DecodeRuneInString(d.s[j:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		j += size
	}
	var b []byte
	for {
		if d.i >= len(d.s) {
			d.err = jsonEOF
			return "", false
		}
		c := d.s[d.i]
		switch {
		case c == '"':
			d.i++
			return string(b), true
		case c < 0x20:
			d.fail(c, "in string literal")
			return "", false
		case c == '\\':
			d.i++
			e, _ := d.cur()
			switch e {
			case '"', '\\', '/':
				b = append(b, e)
			case 'b':
				b = append(b, '\b')
			case 'f':
				b = append(b, '\f')
			case 'n':
				b = append(b, '\n')
			case 'r':
				b = append(b, '\r')
			case 't':
				b = append(b, '\t')
			case 'u':
				r, bad, ok := getu4(d.s, d.i+1)
				if !ok {
					d.fail(bad, `in \u hexadecimal character escape`)
					return "", false
				}
				d.i += 4
				if utf16.IsSurrogate(r) {
					// A following \uXXXX that completes the pair is
					// consumed; anything else leaves U+FFFD and is
					// parsed on its own.
					if d.i+2 < len(d.s) && d.s[d.i+1] == '\\' && d.s[d.i+2] == 'u' {
						if r2, _, ok := getu4(d.s, d.i+3); ok {
							if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
								d.i += 6
								b = utf8.AppendRune(b, dec)
								break
							}
						}
					}
					r = utf8.RuneError
				}
				b = utf8.AppendRune(b, r)
			default:
				d.fail(e, "in string escape code")
				return "", false
			}
			d.i++
		case c < utf8.RuneSelf:
			b = append(b, c)
			d.i++
		default:
			r, size := utf8.DecodeRuneInString(d.s[d.i:])
			b = utf8.AppendRune(b, r)
			d.i += size
		}
	}
}
