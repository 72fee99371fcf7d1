// Package vm is Goro's runtime core: values and objects, the bytecode format
// (Proto, opcodes), the interpreter loop, calls, stacks, defer/panic and
// tracebacks. Goroutine scheduling, channels and timers live in package sched,
// which knows nothing of bytecode; vm drives it.
package vm

import (
	"math"
	"unsafe"
)

// Value is one Goro value: 16 bytes, and scalars never allocate.
//
// Layout invariant (DESIGN.md §2): p alone decides how the value is read.
//   - p == nil: the value is nil.
//   - p points at a static sentinel header (boolHdr, intHdr, floatHdr): a
//     scalar whose bits are in n.
//   - otherwise p points at a heap object whose first field is a header; n is
//     unused (zero).
//
// A torn read of a Value racing with a write (two goroutines, no lock) can
// therefore pair a p with the wrong n: the result is some wrong scalar, or an
// object read correctly through p, never a type confusion in the host.
type Value struct {
	p unsafe.Pointer
	n uint64
}

// Kind is the dynamic type of a Value.
type Kind uint8

const (
	KindNil Kind = iota
	KindBool
	KindInt
	KindFloat
	KindString
	KindList
	KindMap
	KindFunc // *Closure or *Native
	KindChan
	KindError
	KindObject  // a native object from a module (WaitGroup, Timer, Conn, ...)
	KindStruct  // a struct value, or a pointer to one (*StructObj; n == 1 for the pointer)
	KindPointer // a pointer to anything else (*PtrObj)
	KindType    // a type (*TypeObj), as conversions, make and assertions see it

	kindCell   // internal: a captured variable's box, never visible to scripts
	kindModule // internal: a module namespace, never visible to scripts
	kindIter   // internal: a map iterator held by a range loop
)

var kindNames = [...]string{
	KindNil: "nil", KindBool: "bool", KindInt: "int", KindFloat: "float",
	KindString: "string", KindList: "list", KindMap: "map", KindFunc: "func",
	KindChan: "chan", KindError: "error", KindObject: "object",
	KindStruct: "struct", KindPointer: "pointer", KindType: "type",
	kindCell: "cell", kindModule: "module", kindIter: "iterator",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// hdr is the first field of every heap object and of the scalar sentinels.
type hdr struct {
	kind Kind
	// funcKind tells *Closure from *Native for KindFunc objects without a
	// type assertion; zero elsewhere.
	funcKind uint8
	// mark is the memory measurement's visited mark (limits.go): the
	// epoch of the last measurement that counted the object. Only
	// containers (lists, maps, closures, cells, channels) are marked:
	// they belong to one run, and are marked with its world stopped.
	// Leaves may be shared by runs (a Program's constant strings, the
	// standard modules' values) and are never written. It sits in what
	// was padding: no object grows.
	mark uint8
}

// The scalar sentinels. They are never written after initialization: their
// addresses are the type tags of bool, int and float values.
var (
	boolHdr  = hdr{kind: KindBool}
	intHdr   = hdr{kind: KindInt}
	floatHdr = hdr{kind: KindFloat}
)

// Tags compared on the hot paths; taking the address of a package variable is
// a link-time constant.
var (
	tagBool  = unsafe.Pointer(&boolHdr)
	tagInt   = unsafe.Pointer(&intHdr)
	tagFloat = unsafe.Pointer(&floatHdr)
)

// Nil is the nil value (the zero Value).
var Nil Value

// True and False are the two bools.
var (
	True  = Value{tagBool, 1}
	False = Value{tagBool, 0}
)

// Bool makes a bool value.
func Bool(b bool) Value {
	if b {
		return True
	}
	return False
}

// Int makes an int value.
func Int(i int64) Value { return Value{tagInt, uint64(i)} }

// Float makes a float value.
func Float(f float64) Value { return Value{tagFloat, math.Float64bits(f)} }

// Kind returns v's dynamic type.
func (v Value) Kind() Kind {
	if v.p == nil {
		return KindNil
	}
	return (*hdr)(v.p).kind
}

// IsNil reports whether v is nil.
func (v Value) IsNil() bool { return v.p == nil }

// IsInt reports whether v is an int.
func (v Value) IsInt() bool { return v.p == tagInt }

// IsFloat reports whether v is a float.
func (v Value) IsFloat() bool { return v.p == tagFloat }

// IsBool reports whether v is a bool.
func (v Value) IsBool() bool { return v.p == tagBool }

// IsNumber reports whether v is an int or a float.
func (v Value) IsNumber() bool { return v.p == tagInt || v.p == tagFloat }

// AsInt returns the int in v; v must be an int.
func (v Value) AsInt() int64 { return int64(v.n) }

// AsFloat returns the float in v; v must be a float.
func (v Value) AsFloat() float64 { return math.Float64frombits(v.n) }

// AsBool returns the bool in v; v must be a bool.
func (v Value) AsBool() bool { return v.n != 0 }

// ToFloat returns v as a float64 if v is a number.
func (v Value) ToFloat() (float64, bool) {
	switch v.p {
	case tagInt:
		return float64(int64(v.n)), true
	case tagFloat:
		return math.Float64frombits(v.n), true
	}
	return 0, false
}

// ToInt returns the int in v if v is an int.
func (v Value) ToInt() (int64, bool) {
	if v.p == tagInt {
		return int64(v.n), true
	}
	return 0, false
}

// ToBool returns the bool in v if v is a bool.
func (v Value) ToBool() (bool, bool) {
	if v.p == tagBool {
		return v.n != 0, true
	}
	return false, false
}

// ToStr returns the string in v if v is a string.
func (v Value) ToStr() (string, bool) {
	if v.p != nil && (*hdr)(v.p).kind == KindString {
		return (*strObj)(v.p).s, true
	}
	return "", false
}

// AsStr returns the string in v; v must be a string.
func (v Value) AsStr() string { return (*strObj)(v.p).s }

// List returns v's list, or nil if v is not a list.
func (v Value) List() *List {
	if v.p != nil && (*hdr)(v.p).kind == KindList {
		return (*List)(v.p)
	}
	return nil
}

// Map returns v's map, or nil if v is not a map.
func (v Value) Map() *Map {
	if v.p != nil && (*hdr)(v.p).kind == KindMap {
		return (*Map)(v.p)
	}
	return nil
}

// Error returns v's error object, or nil if v is not an error.
func (v Value) Error() *ErrorObj {
	if v.p != nil && (*hdr)(v.p).kind == KindError {
		return (*ErrorObj)(v.p)
	}
	return nil
}

// Object returns v's native object, or nil if v is not one.
func (v Value) Object() *Object {
	if v.p != nil && (*hdr)(v.p).kind == KindObject {
		return (*Object)(v.p)
	}
	return nil
}

// Chan returns v's channel, or nil if v is not a channel.
func (v Value) Chan() *ChanObj {
	if v.p != nil && (*hdr)(v.p).kind == KindChan {
		return (*ChanObj)(v.p)
	}
	return nil
}

// Closure returns v's script function, or nil.
func (v Value) Closure() *Closure {
	if v.p != nil && (*hdr)(v.p).kind == KindFunc && (*hdr)(v.p).funcKind == funcClosure {
		return (*Closure)(v.p)
	}
	return nil
}

// Native returns v's native function, or nil.
func (v Value) Native() *Native {
	if v.p != nil && (*hdr)(v.p).kind == KindFunc && (*hdr)(v.p).funcKind == funcNative {
		return (*Native)(v.p)
	}
	return nil
}

// IsCallable reports whether v is a function.
func (v Value) IsCallable() bool { return v.Kind() == KindFunc }

// TypeName is what type(v) returns: the kind's name, or a native object's
// type name (e.g. "sync.WaitGroup").
func (v Value) TypeName() string {
	k := v.Kind()
	switch k {
	case KindObject:
		return (*Object)(v.p).typ.Name
	case KindStruct, KindPointer:
		return typeName(v)
	}
	return k.String()
}

// fromObj makes a Value pointing at a heap object whose first field is hdr.
func fromObj(p unsafe.Pointer) Value { return Value{p: p} }

// Same reports whether a and b are the identical value: same scalar bits or
// same object. It is == for everything but strings and numbers of different
// kinds; see Equal.
func Same(a, b Value) bool {
	if a.p != b.p {
		return false
	}
	if a.p == tagFloat {
		return a.n == b.n
	}
	return sameTagEqual(&a, &b)
}

// sameTagEqual reports whether a and b, which have the same p (not the
// float tag), are equal: same int bits, same truth value, or the same
// object. It decides by p first and reads n only for the scalars that
// keep their bits there, so a torn read (a heap p paired with an int's n,
// a bool's tag with an int's bits) can never make an object unequal to
// itself (issue 14, finding 6). The common equal case costs one compare.
func sameTagEqual(a, b *Value) bool {
	return a.n == b.n || a.p != tagInt && (a.p != tagBool || (a.n != 0) == (b.n != 0))
}
