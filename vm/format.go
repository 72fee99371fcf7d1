package vm

import (
	"math"
	"strconv"
	"unsafe"
)

// Printing values (SPEC §9). str(v), print, println and fmt's %v all use
// AppendStr; the REPL echo and %#v-like quoting use AppendRepr.

// maxPrintDepth bounds how deep nested lists and maps are printed, so a
// pathological structure can never exhaust the host's Go stack.
const maxPrintDepth = 2000

// maxPrintBytes bounds the text of one printed value: a list holding one
// large string a million times is small in memory but would print as a
// terabyte. Beyond the bound the text ends in "...".
const maxPrintBytes = 1 << 30

// String returns v as str(v) gives it.
func (v Value) String() string {
	switch v.p {
	case nil:
		return "<nil>"
	case tagInt:
		return strconv.FormatInt(int64(v.n), 10)
	}
	if v.Kind() == KindString {
		return v.AsStr()
	}
	return string(AppendStr(nil, v))
}

// AppendStr appends v as str(v) prints it.
func AppendStr(b []byte, v Value) []byte {
	p := printer{quote: false}
	return p.append(b, v)
}

// AppendStr is the package function AppendStr for a native of a run: under
// a memory limit the text is bounded by a quarter of the limit (beyond it
// the text ends in "...", as beyond maxPrintBytes), so printing a small
// list that holds one large string many times cannot exhaust the host.
func (t *Thread) AppendStr(b []byte, v Value) []byte {
	if t == nil {
		return AppendStr(b, v)
	}
	p := printer{max: int(t.rt.mem.limit / 4)}
	return p.append(b, v)
}

// AppendValue is the package function AppendValue for a native of a
// run, bounded as Thread.AppendStr is.
func (t *Thread) AppendValue(b []byte, v Value, plus bool) []byte {
	if t == nil {
		return AppendValue(b, v, plus)
	}
	p := printer{plus: plus, max: int(t.rt.mem.limit / 4)}
	return p.append(b, v)
}

// Repr returns v as the REPL echoes it: strings quoted, also inside lists and
// maps (`["a" 1]`).
func Repr(v Value) string {
	p := printer{quote: true}
	return string(p.append(nil, v))
}

// FormatFloat formats f as Go's %v does: shortest representation, exponent
// form for exponents < -4 or >= 21, "+Inf", "-Inf", "NaN".
func FormatFloat(f float64) string {
	return string(appendFloat(nil, f))
}

func appendFloat(b []byte, f float64) []byte {
	switch {
	case math.IsInf(f, 1):
		return append(b, "+Inf"...)
	case math.IsInf(f, -1):
		return append(b, "-Inf"...)
	}
	return strconv.AppendFloat(b, f, 'g', -1, 64)
}

// printer carries the path of containers being printed, to cut cycles.
type printer struct {
	quote     bool
	plus      bool // %+v: struct field names
	truncated bool
	path      []unsafe.Pointer
	max       int // the bound of the text (0: maxPrintBytes)
}

func (p *printer) onPath(ptr unsafe.Pointer) bool {
	for _, q := range p.path {
		if q == ptr {
			return true
		}
	}
	return false
}

func (p *printer) append(b []byte, v Value) []byte {
	if max := p.max; len(b) > maxPrintBytes || max > 0 && len(b) > max {
		if !p.truncated {
			p.truncated = true
			b = append(b, "..."...)
		}
		return b
	}
	switch v.p {
	case nil:
		return append(b, "<nil>"...)
	case tagBool:
		return strconv.AppendBool(b, v.n != 0)
	case tagInt:
		return strconv.AppendInt(b, int64(v.n), 10)
	case tagFloat:
		return appendFloat(b, v.AsFloat())
	}
	switch v.Kind() {
	case KindString:
		if p.quote {
			return strconv.AppendQuote(b, v.AsStr())
		}
		return append(b, v.AsStr()...)
	case KindList:
		if p.onPath(v.p) || len(p.path) >= maxPrintDepth {
			return append(b, "[...]"...)
		}
		items := v.List().Snapshot()
		p.path = append(p.path, v.p)
		b = append(b, '[')
		for i, x := range items {
			if i > 0 {
				b = append(b, ' ')
			}
			b = p.append(b, x)
		}
		p.path = p.path[:len(p.path)-1]
		return append(b, ']')
	case KindMap:
		if p.onPath(v.p) || len(p.path) >= maxPrintDepth {
			return append(b, "map[...]"...)
		}
		keys, vals := v.Map().PrintItems()
		p.path = append(p.path, v.p)
		b = append(b, "map["...)
		for i := range keys {
			if i > 0 {
				b = append(b, ' ')
			}
			b = p.append(b, keys[i])
			b = append(b, ':')
			b = p.append(b, vals[i])
		}
		p.path = p.path[:len(p.path)-1]
		return append(b, ']')
	case KindFunc:
		return append(append(b, "func "...), FuncName(v)...)
	case KindChan:
		b = append(b, "chan(cap "...)
		b = strconv.AppendInt(b, int64(v.Chan().Cap()), 10)
		return append(b, ')')
	case KindError:
		if p.quote {
			b = append(b, "error("...)
			b = strconv.AppendQuote(b, v.Error().msg)
			return append(b, ')')
		}
		return append(b, v.Error().msg...)
	case KindStruct:
		return p.appendStruct(b, v)
	case KindPointer:
		return append(b, "0xc000012345"...)
	case KindType:
		return append(b, v.Type().Name...)
	case KindObject:
		o := v.Object()
		if o.typ.Str != nil {
			return append(b, o.typ.Str(o)...)
		}
		return append(append(append(b, '<'), o.typ.Name...), '>')
	}
	return append(b, "<?>"...)
}

// FuncName is how a function value prints after "func ": a script
// function's declared name, "<closure>" for literals, a native's qualified
// name ("len", "strings.ToUpper").
func FuncName(v Value) string {
	if c := v.Closure(); c != nil {
		if c.fn.proto.IsLiteral {
			return "<closure>"
		}
		return c.fn.proto.Name
	}
	if n := v.Native(); n != nil {
		return n.Name
	}
	return "?"
}

// Equal is Goro's ==: numbers by value across int and float, strings by
// content, everything else by identity (SPEC §2).
func Equal(a, b Value) bool {
	if a.p == b.p {
		if a.p == tagFloat {
			return a.AsFloat() == b.AsFloat()
		}
		return sameTagEqual(&a, &b)
	}
	switch a.p {
	case tagInt:
		if b.p == tagFloat {
			return cmpIntFloat(int64(a.n), b.AsFloat()) == 0
		}
		return false
	case tagFloat:
		if b.p == tagInt {
			return cmpIntFloat(int64(b.n), a.AsFloat()) == 0
		}
		return false
	case nil:
		return isNilZero(b)
	case tagBool:
		return false
	}
	if b.p == nil {
		return isNilZero(a)
	}
	if b.p == tagInt || b.p == tagFloat || b.p == tagBool {
		return false
	}
	ka, kb := a.Kind(), b.Kind()
	if ka == KindString && kb == KindString {
		return a.AsStr() == b.AsStr()
	}
	if ka == KindStruct && kb == KindStruct {
		return structEqual(a, b)
	}
	return false
}

// cmpIntFloat compares an int with a float exactly (no rounding of the
// int): -1, 0, +1, or 2 when f is NaN (unordered).
func cmpIntFloat(i int64, f float64) int {
	switch {
	case f != f:
		return 2
	case f >= 9.223372036854775808e18:
		return -1
	case f < -9.223372036854775808e18:
		return 1
	}
	t := math.Trunc(f)
	ti := int64(t)
	switch {
	case i < ti:
		return -1
	case i > ti:
		return 1
	case f > t:
		return -1
	case f < t:
		return 1
	}
	return 0
}
