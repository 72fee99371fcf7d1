package vm

// The hidden builtins behind Go's typed constructs (types.go). Their names
// start with '$', so no program can name them; the compiler's lowering pass
// (compiler/lower.go) calls them. They are not listed by BuiltinNames.

import (
	"sort"
	"strings"
	"unsafe"
)

func defHidden(name string, nres int, fn NativeFn) {
	builtins[name] = NewNative(name, nres, fn)
}

func typeArg(name string, v Value) (*TypeObj, error) {
	t := v.Type()
	if t == nil {
		return nil, Errorf("%s: %s is not a type", name, v.TypeName())
	}
	return t, nil
}

var errNilDeref = Errorf("invalid memory address or nil pointer dereference")

func init() {
	// $newtype(name, fields, zeros, embedded) makes a struct type.
	defHidden("$newtype", 1, func(t *Thread, args []Value) (Value, error) {
		if err := CheckArgs("$newtype", args, 4); err != nil {
			return Nil, err
		}
		names := args[1].List().Snapshot()
		fields := make([]string, len(names))
		for i, n := range names {
			fields[i] = n.AsStr()
		}
		zeros := args[2].List().Snapshot()
		embs := args[3].List().Snapshot()
		emb := make([]bool, len(embs))
		for i, e := range embs {
			emb[i] = e.AsBool()
		}
		return newStructType(args[0].AsStr(), fields, zeros, emb).Value(), nil
	})
	// $method(T, name, fn, ptr) adds a method to struct type T.
	defHidden("$method", 0, func(t *Thread, args []Value) (Value, error) {
		if err := CheckArgs("$method", args, 4); err != nil {
			return Nil, err
		}
		ty, err := typeArg("$method", args[0])
		if err != nil {
			return Nil, err
		}
		if ty.methods != nil {
			name := args[1].AsStr()
			m := &methodRec{name: name, fn: args[2], ptr: args[3].AsBool()}
			if _, dup := ty.methods[name]; !dup {
				ty.mlist = append(ty.mlist, m)
			}
			ty.methods[name] = m
		}
		return Nil, nil
	})
	// $struct(T, v...) is T{v...} (all fields, in order).
	defHidden("$struct", 1, func(t *Thread, args []Value) (Value, error) {
		ty, err := typeArg("$struct", args[0])
		if err != nil {
			return Nil, err
		}
		vals := args[1:]
		if len(vals) != len(ty.Fields) {
			if len(vals) < len(ty.Fields) {
				return Nil, Errorf("too few values in struct literal of type %s", ty.Name)
			}
			return Nil, Errorf("too many values in struct literal of type %s", ty.Name)
		}
		return t.newStructOp(args, 0)
	})
	// $structk(T, name, v, ...) is T{name: v, ...}; other fields are zero.
	defHidden("$structk", 1, func(t *Thread, args []Value) (Value, error) {
		ty, err := typeArg("$structk", args[0])
		if err != nil {
			return Nil, err
		}
		v := newStruct(t, ty)
		s := (*StructObj)(v.p)
		for i := 1; i+1 < len(args); i += 2 {
			name := args[i].AsStr()
			j := ty.FieldIndex(name)
			if j < 0 {
				return Nil, Errorf("unknown field %s in struct literal of type %s", name, ty.Name)
			}
			s.f[j] = args[i+1]
		}
		return v, nil
	})
	defHidden("$newzero", 1, func(t *Thread, args []Value) (Value, error) {
		return t.newStructOp(args[:1], 0)
	})
	defHidden("$zero", 1, func(t *Thread, args []Value) (Value, error) {
		return Zero(t, args[0]), nil
	})
	// $copy(x) copies a struct value; a pointer (passed where the
	// declared type is a struct value) gives a copy of the value.
	defHidden("$copy", 1, func(t *Thread, args []Value) (Value, error) {
		x := args[0]
		if x.Kind() == KindStruct && x.n != 0 {
			x.n = 0
		}
		return CopyValue(x), nil
	})
	// $array(n, zero) is the zero spec of [n]T.
	defHidden("$array", 1, func(t *Thread, args []Value) (Value, error) {
		n, _ := args[0].ToInt()
		if n < 0 || n > 1<<24 {
			return Nil, Errorf("array length %d out of range", n)
		}
		return NewObject(arraySpecType, &arraySpec{n: int(n), elem: args[1]}), nil
	})
	// $arraylit(n, zero, v...) is [n]T{v...}: the values, then zeros.
	defHidden("$arraylit", 1, func(t *Thread, args []Value) (Value, error) {
		n, _ := args[0].ToInt()
		vals := args[2:]
		if n < int64(len(vals)) {
			n = int64(len(vals))
		}
		items := make([]Value, n)
		copy(items, vals)
		for i := len(vals); i < int(n); i++ {
			items[i] = Zero(t, args[1])
		}
		return NewListValue(items), nil
	})
	// $addr(x, get, set) is &x: the same struct as a pointer, or a
	// pointer reading and writing x through get and set.
	defHidden("$addr", 1, func(t *Thread, args []Value) (Value, error) {
		x := args[0]
		switch x.Kind() {
		case KindStruct:
			return Value{p: x.p, n: 1}, nil
		case KindObject:
			// A module's object (sync.WaitGroup, strings.Builder) is
			// shared by reference already: &wg is wg.
			return x, nil
		}
		p := &PtrObj{hdr: hdr{kind: KindPointer}, elem: ptrElemName(x)}
		if len(args) >= 3 && args[1].Kind() == KindFunc {
			p.get, p.set = args[1], args[2]
		} else {
			p.cell = newCell(x)
		}
		return fromObj(unsafe.Pointer(p)), nil
	})
	// $newptr(zero) is new(T).
	defHidden("$newptr", 1, func(t *Thread, args []Value) (Value, error) {
		z := Zero(t, args[0])
		if z.Kind() == KindStruct {
			return Value{p: z.p, n: 1}, nil
		}
		name := ptrElemName(z)
		if ty := args[0].Type(); ty != nil {
			name = ty.Name
		}
		p := &PtrObj{hdr: hdr{kind: KindPointer}, cell: newCell(z), elem: name}
		return fromObj(unsafe.Pointer(p)), nil
	})
	defHidden("$deref", 1, func(t *Thread, args []Value) (Value, error) {
		return deref(t, args[0])
	})
	defHidden("$store", 0, func(t *Thread, args []Value) (Value, error) {
		p, v := args[0], args[1]
		switch p.Kind() {
		case KindStruct:
			dst := (*StructObj)(p.p)
			src := v.Struct()
			if src == nil || src.typ != dst.typ {
				return Nil, Errorf("cannot assign %s to *%s", dynTypeName(v), dst.typ.Name)
			}
			c := (*StructObj)(CopyValue(Value{p: v.p}).p)
			copy(dst.f, c.f)
			return Nil, nil
		case KindPointer:
			o := (*PtrObj)(p.p)
			if o.cell != nil {
				o.cell.V = v
				return Nil, nil
			}
			_, err := t.Call(o.set, v)
			return Nil, err
		case KindNil:
			return Nil, errNilDeref
		}
		return Nil, Errorf("invalid operation: cannot indirect %s", p.TypeName())
	})
	defHidden("$assert", 1, func(t *Thread, args []Value) (Value, error) {
		ty, err := typeArg("$assert", args[1])
		if err != nil {
			return Nil, err
		}
		if !checkAssert(args[0], ty) {
			return Nil, assertError(args[0], ty)
		}
		return args[0], nil
	})
	defHidden("$assert2", 2, func(t *Thread, args []Value) (Value, error) {
		ty, err := typeArg("$assert2", args[1])
		if err != nil {
			return Nil, err
		}
		if !checkAssert(args[0], ty) {
			return t.Ret2(Zero(t, zeroOfType(ty)), False)
		}
		return t.Ret2(args[0], True)
	})
	// $is(x, T) is a type switch case; T nil is `case nil`.
	defHidden("$is", 1, func(t *Thread, args []Value) (Value, error) {
		if args[1].IsNil() {
			return Bool(args[0].IsNil()), nil
		}
		ty, err := typeArg("$is", args[1])
		if err != nil {
			return Nil, err
		}
		return Bool(checkAssert(args[0], ty)), nil
	})
	// $conv(T, x) is the conversion T(x) for a basic T.
	defHidden("$conv", 1, func(t *Thread, args []Value) (Value, error) {
		ty, err := typeArg("$conv", args[0])
		if err != nil {
			return Nil, err
		}
		if ty.Kind != TBasic {
			return args[1], nil
		}
		return convert(ty, args[1])
	})
	// $bytes(s) is []byte(s); $runes(s) is []rune(s).
	defHidden("$bytes", 1, func(t *Thread, args []Value) (Value, error) {
		if args[0].Kind() == KindList {
			return NewListValue(args[0].List().Snapshot()), nil
		}
		s, ok := args[0].ToStr()
		if !ok {
			return Nil, Errorf("cannot convert %s to type []byte", args[0].TypeName())
		}
		items := make([]Value, len(s))
		for i := 0; i < len(s); i++ {
			items[i] = Int(int64(s[i]))
		}
		return NewListValue(items), nil
	})
	defHidden("$runes", 1, func(t *Thread, args []Value) (Value, error) {
		if args[0].Kind() == KindList {
			return NewListValue(args[0].List().Snapshot()), nil
		}
		s, ok := args[0].ToStr()
		if !ok {
			return Nil, Errorf("cannot convert %s to type []rune", args[0].TypeName())
		}
		var items []Value
		for _, r := range s {
			items = append(items, Int(int64(r)))
		}
		return NewListValue(items), nil
	})
	// $str(x) is string(x) where x's type is not known.
	defHidden("$str", 1, func(t *Thread, args []Value) (Value, error) {
		return convert(basicTypes["string"], args[0])
	})
	// $makemap(zero) is make(map[K]V): missing keys read as V's zero.
	defHidden("$makemap", 1, func(t *Thread, args []Value) (Value, error) {
		m := NewMap(0)
		m.zero, m.goOrder = args[0], true
		return m.Value(), nil
	})
	// $typedmap(zero, m) gives the map literal m its element zero.
	defHidden("$typedmap", 1, func(t *Thread, args []Value) (Value, error) {
		if m := args[1].Map(); m != nil {
			m.zero, m.goOrder = args[0], true
		}
		return args[1], nil
	})
	// $makeslice(zero, n[, cap]) is make([]T, n, cap).
	defHidden("$makeslice", 1, func(t *Thread, args []Value) (Value, error) {
		if len(args) < 2 {
			return NewListValue(nil), nil
		}
		n, ok := args[1].ToInt()
		if !ok {
			return Nil, Errorf("non-integer len argument in make")
		}
		if n < 0 || n > 1<<31 {
			return Nil, Errorf("makeslice: len out of range")
		}
		c := n
		if len(args) > 2 {
			if c, ok = args[2].ToInt(); !ok || c < n {
				return Nil, Errorf("makeslice: cap out of range")
			}
			if c > 1<<24 {
				c = n
			}
		}
		items := make([]Value, n, c)
		if z := args[0]; z.p != nil {
			for i := range items {
				items[i] = Zero(t, z)
			}
		}
		return NewListValue(items), nil
	})
	// $zerolike(x, y): x, or when x is nil the zero of y's kind (m[k] op= y
	// on a missing key in untyped code).
	defHidden("$zerolike", 1, func(t *Thread, args []Value) (Value, error) {
		return zeroLike(args[0], args[1]), nil
	})
}

// zeroLike is x, or the zero value of y's kind when x is nil.
func zeroLike(x, y Value) Value {
	if x.p != nil {
		return x
	}
	return basicZero(y.Kind())
}

// basicZero is the zero value of an int, float, string or bool; nil for
// every other kind.
func basicZero(k Kind) Value {
	switch k {
	case KindInt:
		return Int(0)
	case KindFloat:
		return Float(0)
	case KindString:
		return String("")
	case KindBool:
		return False
	}
	return Nil
}

func deref(t *Thread, p Value) (Value, error) {
	switch p.Kind() {
	case KindObject:
		return p, nil
	case KindStruct:
		return Value{p: p.p}, nil
	case KindPointer:
		o := (*PtrObj)(p.p)
		if o.cell != nil {
			return o.cell.V, nil
		}
		return t.Call1(o.get)
	case KindNil:
		return Nil, errNilDeref
	}
	return Nil, Errorf("invalid operation: cannot indirect %s", p.TypeName())
}

func ptrElemName(x Value) string {
	switch x.Kind() {
	case KindInt:
		return "int"
	case KindFloat:
		return "float64"
	case KindString:
		return "string"
	case KindBool:
		return "bool"
	}
	return dynTypeName(x)
}

// zeroOfType is the zero spec of type t.
func zeroOfType(t *TypeObj) Value {
	switch t.Kind {
	case TBasic:
		return basicZero(t.Basic)
	case TStruct:
		return t.Value()
	}
	return Nil
}

func assertError(x Value, t *TypeObj) error {
	if t.Kind == TInterface || t.Kind == TError {
		if x.IsNil() {
			return PlainErrorf("interface conversion: interface is nil, not %s", t.Name)
		}
		missing := ""
		for _, m := range t.Methods {
			if !HasMethod(x, m) {
				missing = m
				break
			}
		}
		if t.Kind == TError {
			missing = "Error"
		}
		return PlainErrorf("interface conversion: %s is not %s: missing method %s", dynTypeName(x), t.Name, missing)
	}
	if x.IsNil() {
		return PlainErrorf("interface conversion: interface {} is nil, not %s", t.Name)
	}
	return PlainErrorf("interface conversion: interface {} is %s, not %s", dynTypeName(x), t.Name)
}

func init() {
	// $ptrtype(T) is the type *T of a struct type T.
	defHidden("$ptrtype", 1, func(t *Thread, args []Value) (Value, error) {
		ty, err := typeArg("$ptrtype", args[0])
		if err != nil {
			return Nil, err
		}
		return NewCompositeType(TPointer, "*"+ty.Name, ty).Value(), nil
	})
	// $as(err, T) is errors.As: the first error in err's chain of type T,
	// and whether there is one.
	defHidden("$as", 2, func(t *Thread, args []Value) (Value, error) {
		ty, err := typeArg("$as", args[1])
		if err != nil {
			return Nil, err
		}
		for e, n := args[0], 0; e.p != nil && n < 100; n++ {
			if checkAssert(e, ty) {
				return t.Ret2(e, True)
			}
			next, err := UnwrapError(t, e)
			if err != nil {
				return Nil, err
			}
			if len(next) == 0 {
				break
			}
			// errors.Join: search every branch
			if len(next) > 1 {
				for _, b := range next {
					rs, err := t.Call(builtins["$as"].Value(), b, args[1])
					if err != nil {
						return Nil, err
					}
					if len(rs) == 2 && rs[1].AsBool() {
						return t.Ret2(rs[0], True)
					}
				}
				break
			}
			e = next[0]
		}
		return t.Ret2(Nil, False)
	})
}

// UnwrapError returns the errors err wraps: those of %w and errors.Join, or
// what its Unwrap method returns.
func UnwrapError(t *Thread, err Value) ([]Value, error) {
	if e := err.Error(); e != nil {
		return e.wrapped, nil
	}
	if err.Kind() == KindStruct {
		r, ok, cerr := t.CallMethod(err, "Unwrap")
		if cerr != nil || !ok || r.p == nil {
			return nil, cerr
		}
		if l := r.List(); l != nil {
			return l.Snapshot(), nil
		}
		return []Value{r}, nil
	}
	return nil, nil
}

func init() {
	// $copyarr(xs) copies an array value (a list), its struct elements too.
	defHidden("$copyarr", 1, func(t *Thread, args []Value) (Value, error) {
		l := args[0].List()
		if l == nil {
			return args[0], nil
		}
		items := append([]Value(nil), l.Snapshot()...)
		for i, x := range items {
			items[i] = CopyValue(x)
		}
		return NewListValue(items), nil
	})
}

var errNilMap = PlainErrorf("assignment to entry in nil map")

// isNilZero reports whether v is the zero value of a slice or map type
// (a nil slice or map in Go): == nil holds while it is empty.
func isNilZero(v Value) bool {
	switch v.Kind() {
	case KindList:
		l := (*List)(v.p)
		return l.nilSlice && l.Len() == 0
	case KindMap:
		return (*Map)(v.p).nilMap
	}
	return false
}

// nilSpec is the zero spec of a slice type (elem unused) or of a map type
// (elem is the element's zero spec).
type nilSpec struct {
	isMap bool
	elem  Value
}

var nilSpecType = &ObjType{Name: "nil zero"}

func init() {
	defHidden("$nilslice", 1, func(t *Thread, args []Value) (Value, error) {
		return NewObject(nilSpecType, &nilSpec{}), nil
	})
	defHidden("$nilmap", 1, func(t *Thread, args []Value) (Value, error) {
		var z Value
		if len(args) > 0 {
			z = args[0]
		}
		return NewObject(nilSpecType, &nilSpec{isMap: true, elem: z}), nil
	})
	// clear(m) deletes every key; clear(s) zeroes every element (to nil:
	// the element type is not known).
	defBuiltin("clear", 0, func(t *Thread, args []Value) (Value, error) {
		if err := CheckArgs("clear", args, 1); err != nil {
			return Nil, err
		}
		switch args[0].Kind() {
		case KindMap:
			m := args[0].Map()
			for _, k := range m.Keys() {
				if err := m.Delete(k); err != nil {
					return Nil, err
				}
			}
		case KindList:
			l := args[0].List()
			for i := 0; i < l.Len(); i++ {
				old, _, _ := l.Get(int64(i))
				l.Set(int64(i), zeroLike(Nil, old))
			}
		case KindNil:
		default:
			return Nil, Errorf("invalid argument: clear(%s)", args[0].TypeName())
		}
		return Nil, nil
	})
}

// PrintItems is Items in the order fmt prints a map: a map made with a Go
// type (make(map[K]V), map[K]V{...}) prints sorted by key, as Go's fmt
// prints every map; a Goro map literal prints in insertion order (SPEC §9).
func (m *Map) PrintItems() (keys, vals []Value) {
	keys, vals = m.Items()
	if !m.goOrder {
		return keys, vals
	}
	idx := make([]int, len(keys))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(i, j int) bool { return compareKeys(keys[idx[i]], keys[idx[j]]) < 0 })
	k2, v2 := make([]Value, len(keys)), make([]Value, len(keys))
	for i, j := range idx {
		k2[i], v2[i] = keys[j], vals[j]
	}
	return k2, v2
}

// compareKeys orders map keys as Go's fmt does: numbers by value, strings
// byte-wise, false before true, structs field by field; different kinds by
// kind.
func compareKeys(a, b Value) int {
	ka, kb := a.Kind(), b.Kind()
	if a.IsNumber() && b.IsNumber() {
		x, _ := a.ToFloat()
		y, _ := b.ToFloat()
		if a.IsInt() && b.IsInt() {
			return cmpInt(a.AsInt(), b.AsInt())
		}
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	if ka != kb {
		return cmpInt(int64(ka), int64(kb))
	}
	switch ka {
	case KindString:
		return strings.Compare(a.AsStr(), b.AsStr())
	case KindBool:
		return cmpInt(int64(a.n), int64(b.n))
	case KindStruct:
		x, y := (*StructObj)(a.p), (*StructObj)(b.p)
		for i := range x.f {
			if i < len(y.f) {
				if c := compareKeys(x.f[i], y.f[i]); c != 0 {
					return c
				}
			}
		}
	}
	return 0
}

func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func init() {
	// $arreq(a, b) is == on two arrays: element-wise.
	defHidden("$arreq", 1, func(t *Thread, args []Value) (Value, error) {
		a, b := args[0].List(), args[1].List()
		if a == nil || b == nil {
			return Bool(Equal(args[0], args[1])), nil
		}
		x, y := a.Snapshot(), b.Snapshot()
		if len(x) != len(y) {
			return False, nil
		}
		for i := range x {
			if !Equal(x[i], y[i]) {
				return False, nil
			}
		}
		return True, nil
	})
}
