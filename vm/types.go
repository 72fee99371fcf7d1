package vm

// Go's types at run time: type values, structs and pointers (SPEC §2.1).
//
// Goro stays dynamically typed; the types a Go program writes become values
// that the compiler passes to a few hidden builtins ($newtype, $struct,
// $zero, ...; see typebuiltins.go). A *TypeObj is immutable once made,
// except for its method table, which the module's top-level code fills in
// before any user code runs (so reads need no lock: starting a goroutine
// orders them).
//
// Representation:
//   - A struct value is a *StructObj: its type and its fields in declaration
//     order. Value semantics (Go copies a struct on assignment and on
//     passing) are kept by copying where the compiler knows a struct flows
//     into a new place (CopyValue); a pointer to a struct is the same object
//     with n == 1, so &s aliases s and field access costs the same through a
//     pointer as on a value.
//   - Any other pointer is a *PtrObj reading and writing its target through
//     a cell, or through functions (a closure pair made by the compiler for
//     &x and &s.f).
//   - Basic types (int, float64, string, ...) are shared TypeObjs; named
//     non-struct types (type Celsius float64) have values of their
//     underlying kind.

import (
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// TKind is the shape of a type.
type TKind uint8

const (
	TAny       TKind = iota // interface{}: any value
	TBasic                  // bool, int..., float..., string (Basic says which)
	TStruct                 // a struct type (named or not)
	TPointer                // *Elem
	TSlice                  // []Elem
	TArray                  // [Len]Elem
	TMap                    // map[Key]Elem
	TChan                   // chan Elem
	TFunc                   // func(...)
	TInterface              // an interface with methods: Methods lists them
	TError                  // the predeclared error interface
)

// TypeObj is a type as a value.
type TypeObj struct {
	hdr
	Kind  TKind
	Name  string // as %T prints it: "main.Point", "int", "[]string"
	Basic Kind   // TBasic: the value kind (KindInt, KindFloat, KindString, KindBool)
	Bits  uint8  // TBasic ints: 8, 16, 32 or 64 (0 means int)
	Uns   bool   // unsigned
	Elem  *TypeObj
	// TStruct
	Fields   []string
	Zeros    []Value // per field: its zero (see Zero)
	Embedded []bool
	// TInterface: the method names a value needs
	Methods []string

	methods map[string]*methodRec
	mlist   []*methodRec // the same, in declaration order: scanned when short
	fieldIx map[string]int
}

type methodRec struct {
	name string
	fn   Value
	ptr  bool // pointer receiver
}

// Value returns t as a Value.
func (t *TypeObj) Value() Value { return fromObj(unsafe.Pointer(t)) }

// Type returns v's *TypeObj, or nil.
func (v Value) Type() *TypeObj {
	if v.Kind() != KindType {
		return nil
	}
	return (*TypeObj)(v.p)
}

// StructObj is a struct value (or, through a Value with n == 1, a pointer
// to one).
type StructObj struct {
	hdr
	typ *TypeObj
	f   []Value
}

// PtrObj is a pointer to something other than a struct.
type PtrObj struct {
	hdr
	cell *Cell
	get  Value // with set: functions reading and writing the target
	set  Value
	elem string // the pointee's type name, for %T
}

// Struct returns v's *StructObj (a struct or a pointer to one), or nil.
func (v Value) Struct() *StructObj {
	if v.Kind() != KindStruct {
		return nil
	}
	return (*StructObj)(v.p)
}

// IsPtr reports whether v is a pointer to a struct (rather than the value).
func (v Value) IsPtr() bool { return v.Kind() == KindStruct && v.n == 1 }

func (s *StructObj) value() Value { return fromObj(unsafe.Pointer(s)) }
func (s *StructObj) ptr() Value   { return Value{p: unsafe.Pointer(s), n: 1} }

// Type returns the struct's type.
func (s *StructObj) Type() *TypeObj { return s.typ }

// Field returns field i.
func (s *StructObj) Field(i int) Value { return s.f[i] }

var basicTypes = map[string]*TypeObj{}

func defBasic(name string, k Kind, bits uint8, uns bool) {
	basicTypes[name] = &TypeObj{hdr: hdr{kind: KindType}, Kind: TBasic, Name: name, Basic: k, Bits: bits, Uns: uns}
}

func init() {
	defBasic("bool", KindBool, 0, false)
	defBasic("string", KindString, 0, false)
	defBasic("int", KindInt, 0, false)
	defBasic("int8", KindInt, 8, false)
	defBasic("int16", KindInt, 16, false)
	defBasic("int32", KindInt, 32, false)
	defBasic("rune", KindInt, 32, false)
	defBasic("int64", KindInt, 64, false)
	defBasic("uint", KindInt, 64, true)
	defBasic("uint8", KindInt, 8, true)
	defBasic("byte", KindInt, 8, true)
	defBasic("uint16", KindInt, 16, true)
	defBasic("uint32", KindInt, 32, true)
	defBasic("uint64", KindInt, 64, true)
	defBasic("uintptr", KindInt, 64, true)
	defBasic("float64", KindFloat, 0, false)
	defBasic("float32", KindFloat, 32, false)
	basicTypes["rune"].Name = "int32"
	basicTypes["byte"].Name = "uint8"
	basicTypes["any"] = &TypeObj{hdr: hdr{kind: KindType}, Kind: TAny, Name: "interface {}"}
	basicTypes["error"] = &TypeObj{hdr: hdr{kind: KindType}, Kind: TError, Name: "error"}
}

// BasicType returns the predeclared type named name (int, float64, string,
// error, any, ...), or nil.
func BasicType(name string) *TypeObj { return basicTypes[name] }

// NewCompositeType makes an unnamed type of kind k (pointer, slice, array,
// map, chan, func) with element elem (nil when unknown), named as %T
// prints it.
func NewCompositeType(k TKind, name string, elem *TypeObj) *TypeObj {
	return &TypeObj{hdr: hdr{kind: KindType}, Kind: k, Name: name, Elem: elem}
}

// NewInterfaceType makes an interface type needing methods.
func NewInterfaceType(name string, methods []string) *TypeObj {
	if len(methods) == 0 {
		return &TypeObj{hdr: hdr{kind: KindType}, Kind: TAny, Name: name}
	}
	return &TypeObj{hdr: hdr{kind: KindType}, Kind: TInterface, Name: name, Methods: methods}
}

// newStructType makes a struct type. zeros[i] is field i's zero (see Zero).
func newStructType(name string, fields []string, zeros []Value, embedded []bool) *TypeObj {
	t := &TypeObj{hdr: hdr{kind: KindType}, Kind: TStruct, Name: name, Fields: fields, Zeros: zeros, Embedded: embedded}
	t.fieldIx = make(map[string]int, len(fields))
	for i, f := range fields {
		t.fieldIx[f] = i
	}
	t.methods = map[string]*methodRec{}
	return t
}

// FieldIndex returns the index of field name, or -1.
func (t *TypeObj) FieldIndex(name string) int {
	// A short scan beats a map for the usual handful of fields.
	if len(t.Fields) <= 8 {
		for i, f := range t.Fields {
			if f == name {
				return i
			}
		}
		return -1
	}
	if i, ok := t.fieldIx[name]; ok {
		return i
	}
	return -1
}

// Zero makes the zero value that a zero spec describes: a struct type gives
// a new struct of zero fields; a zero-array spec a new list; a native
// constructor (a module type such as sync.Mutex) its result; anything else
// is the zero itself (0, "", false, nil).
func Zero(t *Thread, spec Value) Value {
	switch spec.Kind() {
	case KindType:
		ty := spec.Type()
		if ty.Kind == TStruct {
			return newStruct(t, ty)
		}
		return Nil
	case KindFunc:
		if n := spec.Native(); n != nil {
			v, err := n.Fn(t, nil)
			if err != nil {
				return Nil
			}
			return v
		}
	case KindObject:
		if n, ok := spec.Object().Data.(*nilSpec); ok {
			if n.isMap {
				m := NewMap(0)
				m.nilMap, m.zero, m.goOrder = true, n.elem, true
				return m.Value()
			}
			l := NewList(nil)
			l.nilSlice = true
			return l.Value()
		}
		if a, ok := spec.Object().Data.(*arraySpec); ok {
			items := make([]Value, a.n)
			for i := range items {
				items[i] = Zero(t, a.elem)
			}
			return NewListValue(items)
		}
	}
	return spec
}

// arraySpec is the zero spec of an array type [n]elem.
type arraySpec struct {
	n    int
	elem Value
}

var arraySpecType = &ObjType{Name: "array zero"}

// Small structs take one allocation: the object and its fields together.
type (
	struct1 struct {
		StructObj
		a [1]Value
	}
	struct2 struct {
		StructObj
		a [2]Value
	}
	struct3 struct {
		StructObj
		a [3]Value
	}
	struct4 struct {
		StructObj
		a [4]Value
	}
)

// allocStruct makes a struct of type ty with zeroed (nil) fields.
func allocStruct(ty *TypeObj) *StructObj {
	var s *StructObj
	switch len(ty.Fields) {
	case 1:
		x := &struct1{}
		x.f, s = x.a[:], &x.StructObj
	case 2:
		x := &struct2{}
		x.f, s = x.a[:], &x.StructObj
	case 3:
		x := &struct3{}
		x.f, s = x.a[:], &x.StructObj
	case 4:
		x := &struct4{}
		x.f, s = x.a[:], &x.StructObj
	default:
		s = &StructObj{f: make([]Value, len(ty.Fields))}
	}
	s.hdr, s.typ = hdr{kind: KindStruct}, ty
	return s
}

// newStructOp is OpNewStruct: vs[0] is the type, vs[1:] the fields (none:
// the zero struct); ptr makes it a pointer.
func (t *Thread) newStructOp(vs []Value, ptr int) (Value, error) {
	ty := vs[0].Type()
	if ty == nil || ty.Kind != TStruct {
		return Nil, Errorf("%s is not a struct type", vs[0].TypeName())
	}
	var v Value
	if len(vs) == 1 {
		v = newStruct(t, ty)
	} else {
		if len(vs)-1 != len(ty.Fields) {
			if len(vs)-1 < len(ty.Fields) {
				return Nil, Errorf("too few values in struct literal of type %s", ty.Name)
			}
			return Nil, Errorf("too many values in struct literal of type %s", ty.Name)
		}
		s := allocStruct(ty)
		copy(s.f, vs[1:])
		for i, z := range ty.Zeros {
			if z.p == tagFloat && s.f[i].p == tagInt {
				s.f[i] = Float(float64(int64(s.f[i].n)))
			}
		}
		v = s.value()
	}
	if ptr != 0 {
		v.n = 1
	}
	return v, nil
}

func newStruct(t *Thread, ty *TypeObj) Value {
	s := allocStruct(ty)
	for i, z := range ty.Zeros {
		if z.p == nil || z.p == tagInt || z.p == tagFloat || z.p == tagBool || z.Kind() == KindString {
			s.f[i] = z
		} else {
			s.f[i] = Zero(t, z)
		}
	}
	return s.value()
}

// CopyValue returns a copy of a struct value (fields copied, nested struct
// values copied too); any other value is returned as is.
func CopyValue(v Value) Value {
	if v.Kind() != KindStruct || v.n != 0 {
		return v
	}
	s := (*StructObj)(v.p)
	c := allocStruct(s.typ)
	for i, f := range s.f {
		if f.Kind() == KindStruct && f.n == 0 {
			f = CopyValue(f)
		}
		c.f[i] = f
	}
	return c.value()
}

// structEqual is == on two struct values (or two pointers: identity).
func structEqual(a, b Value) bool {
	if a.n != 0 || b.n != 0 {
		return a.p == b.p && a.n == b.n
	}
	x, y := (*StructObj)(a.p), (*StructObj)(b.p)
	if x.typ != y.typ {
		return false
	}
	for i := range x.f {
		if !Equal(x.f[i], y.f[i]) {
			return false
		}
	}
	return true
}

// typeName is %T of v.
func typeName(v Value) string {
	switch v.Kind() {
	case KindStruct:
		s := (*StructObj)(v.p)
		if v.n != 0 {
			return "*" + s.typ.Name
		}
		return s.typ.Name
	case KindPointer:
		return "*" + (*PtrObj)(v.p).elem
	case KindType:
		return "type"
	}
	return ""
}

// structField finds field name of s, looking through embedded structs
// (promotion); ok is false when there is none.
func structField(s *StructObj, name string) (Value, bool) {
	if i := s.typ.FieldIndex(name); i >= 0 {
		return s.f[i], true
	}
	for i, e := range s.typ.Embedded {
		if e {
			if in := s.f[i].Struct(); in != nil {
				if v, ok := structField(in, name); ok {
					return v, true
				}
			}
		}
	}
	return Nil, false
}

// setStructField sets field name of s (or of an embedded struct).
func setStructField(s *StructObj, name string, v Value) bool {
	if i := s.typ.FieldIndex(name); i >= 0 {
		s.f[i] = v
		return true
	}
	for i, e := range s.typ.Embedded {
		if e {
			if in := s.f[i].Struct(); in != nil && setStructField(in, name, v) {
				return true
			}
		}
	}
	return false
}

// findMethod finds method name of s's type or of an embedded field's,
// returning the receiver it must be called with.
func findMethod(x Value, name string) (fn, recv Value, ok bool) {
	s := (*StructObj)(x.p)
	if m := s.typ.method(name); m != nil {
		if m.ptr {
			return m.fn, s.ptr(), true
		}
		return m.fn, x, true
	}
	for i, e := range s.typ.Embedded {
		if e {
			f := s.f[i]
			if f.Kind() == KindStruct {
				if fn, recv, ok := findMethod(f, name); ok {
					return fn, recv, true
				}
			}
		}
	}
	return Nil, Nil, false
}

// HasMethod reports whether v has a script method name (on its struct
// type or an embedded one).
func HasMethod(v Value, name string) bool {
	if v.Kind() != KindStruct {
		return false
	}
	_, _, ok := findMethod(v, name)
	return ok
}

// Method returns v's method name bound to its receiver, for a call, and
// whether there is one.
func Method(v Value) func(name string) (fn, recv Value, ok bool) {
	return func(name string) (Value, Value, bool) {
		if v.Kind() != KindStruct {
			return Nil, Nil, false
		}
		return findMethod(v, name)
	}
}

// CallMethod calls v's script method name with no arguments and returns its
// first result; ok is false when v has no such method.
func (t *Thread) CallMethod(v Value, name string) (res Value, ok bool, err error) {
	if v.Kind() != KindStruct || t == nil {
		return Nil, false, nil
	}
	fn, recv, ok := findMethod(v, name)
	if !ok {
		return Nil, false, nil
	}
	rs, err := t.Call(fn, recv)
	if err != nil {
		return Nil, true, err
	}
	if len(rs) == 0 {
		return Nil, true, nil
	}
	return rs[0], true, nil
}

// appendStruct prints a struct as Go's %v ({1 2}) or %+v ({X:1 Y:2}).
func (p *printer) appendStruct(b []byte, v Value) []byte {
	s := (*StructObj)(v.p)
	if v.n != 0 {
		if len(p.path) > 0 {
			// Go prints a nested pointer as an address.
			return append(b, "0xc000010000"...)
		}
		b = append(b, '&')
	}
	if p.onPath(v.p) || len(p.path) >= maxPrintDepth {
		return append(b, "{...}"...)
	}
	p.path = append(p.path, v.p)
	b = append(b, '{')
	for i, f := range s.f {
		if i > 0 {
			b = append(b, ' ')
		}
		if p.plus {
			b = append(append(b, s.typ.Fields[i]...), ':')
		}
		b = p.append(b, f)
	}
	p.path = p.path[:len(p.path)-1]
	return append(b, '}')
}

// checkAssert is x.(T): whether x holds a value of type T.
func checkAssert(x Value, t *TypeObj) bool {
	switch t.Kind {
	case TAny:
		return x.p != nil
	case TError:
		return x.Kind() == KindError || HasMethod(x, "Error")
	case TBasic:
		switch t.Basic {
		case KindInt:
			return x.p == tagInt
		case KindFloat:
			return x.p == tagFloat
		case KindBool:
			return x.p == tagBool
		case KindString:
			return x.Kind() == KindString
		}
	case TStruct:
		return x.Kind() == KindStruct && x.n == 0 && (*StructObj)(x.p).typ == t
	case TPointer:
		if x.Kind() == KindStruct {
			return x.n == 1 && (t.Elem == nil || (*StructObj)(x.p).typ == t.Elem)
		}
		return x.Kind() == KindPointer
	case TSlice, TArray:
		return x.Kind() == KindList
	case TMap:
		return x.Kind() == KindMap
	case TChan:
		return x.Kind() == KindChan
	case TFunc:
		return x.Kind() == KindFunc
	case TInterface:
		if x.p == nil {
			return false
		}
		for _, m := range t.Methods {
			if m == "Error" && x.Kind() == KindError {
				continue
			}
			if !HasMethod(x, m) {
				if x.Kind() == KindObject && x.Object().typ.Methods[m] != nil {
					continue
				}
				return false
			}
		}
		return true
	}
	return false
}

// dynTypeName is how Go names x's dynamic type in a failed assertion.
func dynTypeName(x Value) string {
	switch x.Kind() {
	case KindNil:
		return "nil"
	case KindStruct, KindPointer:
		return typeName(x)
	case KindFloat:
		return "float64"
	case KindList:
		return "[]interface {}"
	case KindMap:
		return "map[interface {}]interface {}"
	case KindError:
		return "*errors.errorString"
	}
	return x.TypeName()
}

// convertInt wraps i to the width of t (int8 ... uint64).
func convertInt(i int64, t *TypeObj) int64 {
	switch t.Bits {
	case 8:
		if t.Uns {
			return int64(uint8(i))
		}
		return int64(int8(i))
	case 16:
		if t.Uns {
			return int64(uint16(i))
		}
		return int64(int16(i))
	case 32:
		if t.Uns {
			return int64(uint32(i))
		}
		return int64(int32(i))
	}
	return i
}

// convert is T(x) for a basic T.
func convert(t *TypeObj, x Value) (Value, error) {
	switch t.Basic {
	case KindInt:
		switch {
		case x.p == tagInt:
			return Int(convertInt(x.AsInt(), t)), nil
		case x.p == tagFloat:
			return Int(convertInt(FloatToInt(x.AsFloat()), t)), nil
		}
	case KindFloat:
		if f, ok := x.ToFloat(); ok {
			if t.Bits == 32 {
				f = float64(float32(f))
			}
			return Float(f), nil
		}
	case KindString:
		switch x.Kind() {
		case KindString:
			return x, nil
		case KindInt:
			r := rune(x.AsInt())
			if x.AsInt() < 0 || x.AsInt() > 0x10ffff {
				r = 0xfffd
			}
			return String(string(r)), nil
		case KindList:
			return String(listToString(x.List().Snapshot())), nil
		}
	case KindBool:
		if x.p == tagBool {
			return x, nil
		}
	}
	if x.Kind() == KindStruct || x.Kind() == KindPointer {
		return x, nil
	}
	return Nil, Errorf("cannot convert %s to type %s", describeForConv(x), t.Name)
}

func describeForConv(x Value) string {
	if x.Kind() == KindString {
		return strconv.Quote(x.AsStr()) + " (untyped string constant)"
	}
	return x.String() + " (variable of type " + dynTypeName(x) + ")"
}

// listToString is string(xs) for a list of bytes or runes: bytes when every
// element is below 256 and together they are valid UTF-8, runes otherwise.
func listToString(xs []Value) string {
	bs := make([]byte, 0, len(xs))
	bytes := true
	for _, x := range xs {
		i, _ := x.ToInt()
		if i < 0 || i > 255 {
			bytes = false
			break
		}
		bs = append(bs, byte(i))
	}
	if bytes && utf8.Valid(bs) {
		return string(bs)
	}
	var sb strings.Builder
	for _, x := range xs {
		i, _ := x.ToInt()
		sb.WriteRune(rune(i))
	}
	return sb.String()
}

// InMethodSet reports whether name is in v's method set: a value has its
// type's value-receiver methods, a pointer all of them (Go's rule, which
// decides whether fmt sees a String method).
func InMethodSet(v Value, name string) bool {
	if v.Kind() != KindStruct {
		return false
	}
	s := (*StructObj)(v.p)
	if m := s.typ.method(name); m != nil {
		return !m.ptr || v.n == 1
	}
	_, _, ok := findMethod(v, name)
	return ok
}

// AppendValue appends v as Go's %v prints it, or %+v with plus (struct
// field names).
func AppendValue(b []byte, v Value, plus bool) []byte {
	p := printer{plus: plus}
	return p.append(b, v)
}

// AppendGoSyntax appends a struct as Go's %#v prints it:
// main.Point{X:1, Y:"a"} (&main.Point{...} for a pointer); elem formats
// each field.
func AppendGoSyntax(b []byte, v Value, elem func([]byte, Value) []byte) []byte {
	s := (*StructObj)(v.p)
	if v.n != 0 {
		b = append(b, '&')
	}
	b = append(b, s.typ.Name...)
	b = append(b, '{')
	for i, f := range s.f {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(append(b, s.typ.Fields[i]...), ':')
		b = elem(b, f)
	}
	return append(b, '}')
}

// method returns t's method name, or nil. A short list is scanned (a
// handful of string compares beats hashing the name).
func (t *TypeObj) method(name string) *methodRec {
	if len(t.mlist) <= 8 {
		for _, m := range t.mlist {
			if m.name == name {
				return m
			}
		}
		return nil
	}
	return t.methods[name]
}
