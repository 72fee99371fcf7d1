package vm

import (
	"strconv"
	"unicode/utf8"
	"unsafe"
)

// Indexing, slicing, selectors, len, append and range: the container
// operations (SPEC §4–§5), outside their inline fast paths.

func indexRangeError(i int64, n int) error {
	if i < 0 {
		return Errorf("index out of range [%d]", i)
	}
	return Errorf("index out of range [%d] with length %d", i, n)
}

func badIndexType(x, k Value) error {
	return Errorf("invalid argument: index of type %s (want int) on %s", k.TypeName(), x.TypeName())
}

// index is x[k].
func index(x, k Value) (Value, error) {
	switch x.Kind() {
	case KindList:
		i, ok := k.ToInt()
		if !ok {
			return Nil, badIndexType(x, k)
		}
		v, n, ok := x.List().Get(i)
		if !ok {
			return Nil, indexRangeError(i, n)
		}
		return v, nil
	case KindMap:
		m := x.Map()
		v, ok, err := m.Get(k)
		if err != nil {
			return Nil, Errorf("%s", err.Error())
		}
		if !ok && m.zero.p != nil {
			return Zero(nil, m.zero), nil
		}
		return v, nil
	case KindString:
		i, ok := k.ToInt()
		if !ok {
			return Nil, badIndexType(x, k)
		}
		s := x.AsStr()
		if uint64(i) >= uint64(len(s)) {
			return Nil, indexRangeError(i, len(s))
		}
		return Int(int64(s[i])), nil
	case KindStruct:
		if name, ok := k.ToStr(); ok {
			if v, ok := structField((*StructObj)(x.p), name); ok {
				return v, nil
			}
		}
		return Nil, Errorf("%s has no field %s", typeName(x), k.String())
	case KindNil:
		return Nil, Errorf("invalid operation: index of nil")
	}
	return Nil, Errorf("invalid operation: cannot index %s", x.TypeName())
}

// index2 is `v, ok := x[k]` (maps only).
func index2(x, k Value) (Value, bool, error) {
	if m := x.Map(); m != nil {
		v, ok, err := m.Get(k)
		if err != nil {
			return Nil, false, Errorf("%s", err.Error())
		}
		if !ok && m.zero.p != nil {
			v = Zero(nil, m.zero)
		}
		return v, ok, nil
	}
	if x.IsNil() {
		return Nil, false, Errorf("invalid operation: index of nil")
	}
	return Nil, false, Errorf("assignment mismatch: 2 variables but index of %s gives 1 value", x.TypeName())
}

// setIndex is x[k] = v.
func setIndex(x, k, v Value) error {
	switch x.Kind() {
	case KindList:
		i, ok := k.ToInt()
		if !ok {
			return badIndexType(x, k)
		}
		if n, ok := x.List().Set(i, v); !ok {
			return indexRangeError(i, n)
		}
		return nil
	case KindMap:
		if err := x.Map().Set(k, v); err != nil {
			if err == errNilMap {
				return err
			}
			return Errorf("%s", err.Error())
		}
		return nil
	case KindStruct:
		if name, ok := k.ToStr(); ok && setStructField((*StructObj)(x.p), name, v) {
			return nil
		}
		return Errorf("%s has no field %s", typeName(x), k.String())
	case KindNil:
		return Errorf("invalid operation: index of nil")
	case KindString:
		return Errorf("invalid operation: cannot assign to string index (strings are immutable)")
	case KindObject:
		// obj.Name = v compiles to an index assignment with a constant key.
		o := x.Object()
		if name, ok := k.ToStr(); ok && o.typ.SetAttr != nil {
			if ok, err := o.typ.SetAttr(o, name, v); ok || err != nil {
				return err
			}
			return Errorf("cannot assign to %s.%s (no such settable field)", o.typ.Name, name)
		}
	}
	return Errorf("invalid operation: cannot index %s", x.TypeName())
}

// slice is x[lo:hi]; flags&1 says lo is given, flags&2 hi.
func slice(x, lo, hi Value, flags int) (Value, error) {
	var l, h int64
	if flags&1 != 0 {
		n, ok := lo.ToInt()
		if !ok {
			return Nil, Errorf("invalid argument: slice index of type %s (want int)", lo.TypeName())
		}
		l = n
	}
	hasHi := flags&2 != 0
	if hasHi {
		n, ok := hi.ToInt()
		if !ok {
			return Nil, Errorf("invalid argument: slice index of type %s (want int)", hi.TypeName())
		}
		h = n
	}
	switch x.Kind() {
	case KindList:
		out, n, ok := x.List().Slice(l, h, hasHi)
		if !ok {
			return Nil, sliceError(l, h, hasHi, n)
		}
		return out.Value(), nil
	case KindString:
		s := x.AsStr()
		if !hasHi {
			h = int64(len(s))
		}
		if l < 0 || h < l || h > int64(len(s)) {
			return Nil, sliceError(l, h, hasHi, len(s))
		}
		return String(s[l:h]), nil
	case KindNil:
		return Nil, Errorf("invalid operation: slice of nil")
	}
	return Nil, Errorf("invalid operation: cannot slice %s", x.TypeName())
}

// sliceError words a bounds failure as Go does.
func sliceError(l, h int64, hasHi bool, n int) error {
	hs := ""
	if hasHi {
		hs = strconv.FormatInt(h, 10)
	}
	switch {
	case hasHi && (h > int64(n) || h < 0):
		return Errorf("slice bounds out of range [:%d] with length %d", h, n)
	case !hasHi && l > int64(n):
		return Errorf("slice bounds out of range [%d:%d]", l, n)
	case l < 0:
		return Errorf("slice bounds out of range [%d:%s]", l, hs)
	}
	return Errorf("slice bounds out of range [%d:%d]", l, h)
}

// getField is x.name used as a value (not called).
func getField(x Value, name string) (Value, error) {
	switch x.Kind() {
	case KindStruct:
		if v, ok := structField((*StructObj)(x.p), name); ok {
			return v, nil
		}
		if fn, recv, ok := findMethod(x, name); ok {
			return bindScriptMethod(fn, recv), nil
		}
		return Nil, Errorf("%s has no field or method %s", typeName(x), name)
	case KindMap:
		v, _ := x.Map().GetStr(name)
		return v, nil
	case KindObject:
		o := x.Object()
		if o.typ.Attr != nil {
			if v, ok := o.typ.Attr(o, name); ok {
				return v, nil
			}
		}
		if m := o.typ.Methods[name]; m != nil {
			return bindMethod(m, x), nil
		}
		return Nil, noField(x, name)
	case KindError:
		if name == "Error" {
			return bindMethod(errorMethod, x), nil
		}
		return Nil, noField(x, name)
	case KindNil:
		return Nil, Errorf("selector .%s on nil", name)
	}
	return Nil, noField(x, name)
}

func noField(x Value, name string) error {
	return Errorf("%s has no field or method %s", x.TypeName(), name)
}

// bindScriptMethod makes a method value of a script method.
func bindScriptMethod(fn, recv Value) Value {
	// A method value gives its method's first result (natives have a
	// fixed result count).
	return NewNative(FuncName(fn), 1, func(t *Thread, args []Value) (Value, error) {
		full := make([]Value, 0, len(args)+1)
		full = append(full, recv)
		full = append(full, args...)
		rs, err := t.Call(fn, full...)
		if err != nil || len(rs) == 0 {
			return Nil, err
		}
		return rs[0], nil
	}).Value()
}

// bindMethod makes a method value (obj.Method used without a call).
func bindMethod(m *Native, recv Value) Value {
	return NewNative(m.Name, int(m.NRes), func(t *Thread, args []Value) (Value, error) {
		full := make([]Value, 0, len(args)+1)
		full = append(full, recv)
		full = append(full, args...)
		return m.Fn(t, full)
	}).Value()
}

// errorMethod is err.Error().
var errorMethod = NewMethod("error.Error", 1, func(t *Thread, args []Value) (Value, error) {
	if err := CheckArgs("Error", args[1:], 0); err != nil {
		return Nil, err
	}
	return String(args[0].Error().msg), nil
})

// self resolves obj.name for a call: out[0] = the function, out[1] = obj.
// Native methods (Native.Method) receive obj as their first argument;
// anything else (a function stored in a map, an attribute) is called
// without it (see OpCall's CallMethod flag).
func (t *Thread) self(out []Value, x Value, name string) error {
	out[1] = x
	switch x.Kind() {
	case KindStruct:
		if fn, recv, ok := findMethod(x, name); ok {
			out[0], out[1] = fn, recv
			return nil
		}
		if v, ok := structField((*StructObj)(x.p), name); ok {
			out[0] = v
			return nil
		}
		return Errorf("%s has no field or method %s", typeName(x), name)
	case KindMap:
		v, _ := x.Map().GetStr(name)
		out[0] = v
		return nil
	case KindObject:
		o := x.Object()
		if m := o.typ.Methods[name]; m != nil {
			out[0] = m.Value()
			return nil
		}
		if o.typ.Attr != nil {
			if v, ok := o.typ.Attr(o, name); ok {
				out[0] = v
				return nil
			}
		}
		return noField(x, name)
	case KindError:
		if name == "Error" {
			out[0] = errorMethod.Value()
			return nil
		}
		return noField(x, name)
	case KindNil:
		return Errorf("selector .%s on nil", name)
	}
	return noField(x, name)
}

// length is len(x).
func length(x Value) (Value, error) {
	switch x.Kind() {
	case KindString:
		return Int(int64(len(x.AsStr()))), nil
	case KindList:
		return Int(int64(x.List().Len())), nil
	case KindMap:
		return Int(int64(x.Map().Len())), nil
	case KindChan:
		return Int(int64(x.Chan().Len())), nil
	case KindNil:
		return Int(0), nil
	}
	return Nil, Errorf("invalid argument: %s for built-in len", x.TypeName())
}

// appendSlow is append on something that is not a list: nil gives a new
// list (so `var xs; xs = append(xs, 1)` works as in Go).
func appendSlow(x Value, vs []Value) (Value, error) {
	if x.IsNil() {
		l := &List{hdr: hdr{kind: KindList}}
		l.Append(vs...)
		return l.Value(), nil
	}
	return Nil, Errorf("invalid argument: first argument to append must be a list; have %s", x.TypeName())
}

// ---------------------------------------------------------------------------
// range

// iterObj carries a map iterator in a register.
type iterObj struct {
	hdr
	it *MapIter
}

// rangeInit sets up st[0..2] to iterate x with want loop variables: st[0]
// the collection (or the int limit), st[1] the position, st[2] a limit or
// an iterator.
func rangeInit(st []Value, x Value, want int) error {
	if want == 2 && (x.Kind() == KindInt || x.Kind() == KindChan) {
		return Errorf("range over %s permits only one iteration variable", x.TypeName())
	}
	st[1] = Int(0)
	st[2] = Nil
	switch x.Kind() {
	case KindInt:
		st[0] = x
	case KindList:
		st[0] = x
		st[2] = Int(int64(x.List().Len()))
	case KindMap:
		st[0] = x
		st[2] = fromObj(unsafe.Pointer(&iterObj{hdr: hdr{kind: kindIter}, it: x.Map().Iter()}))
	case KindString, KindChan:
		st[0] = x
	case KindNil:
		st[0] = Int(0) // nothing to iterate
	default:
		return Errorf("cannot range over %s", x.TypeName())
	}
	return nil
}

// rangeNext advances a non-int iteration: it stores the key in st[3] and
// the value in st[4] and reports whether there was one. park is set when a
// channel receive must block (the instruction re-executes on resume).
func (t *Thread) rangeNext(st []Value, want int) (more, park bool, err error) {
	x := st[0]
	switch x.Kind() {
	case KindList:
		i := int64(st[1].n)
		if i >= st[2].AsInt() {
			return false, false, nil
		}
		v, _, ok := x.List().Get(i)
		if !ok {
			return false, false, nil
		}
		st[3], st[4] = Int(i), v
		st[1].n++
		return true, false, nil
	case KindMap:
		if st[2].Kind() != kindIter {
			return false, false, errNotCell
		}
		it := (*iterObj)(st[2].p).it
		k, v, ok := it.Next()
		if !ok {
			return false, false, nil
		}
		st[3], st[4] = k, v
		return true, false, nil
	case KindString:
		s := x.AsStr()
		i := int(st[1].n)
		if i >= len(s) {
			return false, false, nil
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		st[3], st[4] = Int(int64(i)), Int(int64(r))
		st[1].n += uint64(size)
		return true, false, nil
	case KindChan:
		v, ok, park, err := t.recv(x)
		if err != nil || park {
			return false, park, err
		}
		if !ok {
			return false, false, nil
		}
		st[3] = v
		return true, false, nil
	}
	return false, false, nil
}
