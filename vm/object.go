package vm

import (
	"errors"
	"io"
	"unsafe"
)

// Heap objects. Each struct starts with hdr so that a Value's p, read alone,
// tells its type (see Value). Objects are never converted to a different
// kind after creation, and the fields that decide how an object is read
// (a string's bytes, an object's type) never change after creation.

// funcKind values for hdr.funcKind.
const (
	funcClosure uint8 = iota + 1
	funcNative
)

// ---------------------------------------------------------------------------
// Strings

type strObj struct {
	hdr
	s string
}

// oneByte holds the 256 single-byte strings, so that indexing-and-slicing
// loops and chr() of ASCII do not allocate. Written only by init.
var oneByte [256]strObj

var emptyStr = strObj{hdr: hdr{kind: KindString}}

func init() {
	for i := range oneByte {
		oneByte[i] = strObj{hdr: hdr{kind: KindString}, s: string([]byte{byte(i)})}
	}
}

// strHdrSize is the room a string built in place keeps for its header.
const strHdrSize = int(unsafe.Sizeof(strObj{}))

// newStringBuf makes a string value of n bytes whose header and bytes share
// one pointer-free allocation, and returns the bytes for the caller to fill
// before the value escapes (strings are immutable afterwards). The header's
// only pointer points into the same allocation, so the garbage collector
// never needs to scan it; one allocation instead of two per string.
func newStringBuf(n int) (Value, []byte) {
	buf := make([]byte, strHdrSize+n)
	o := (*strObj)(unsafe.Pointer(&buf[0]))
	o.kind = KindString
	data := buf[strHdrSize:]
	if n > 0 {
		o.s = unsafe.String(&data[0], n)
	}
	return fromObj(unsafe.Pointer(o)), data
}

// concatStrings is a + b, built in one allocation.
func concatStrings(a, b string) Value {
	if len(a)+len(b) <= 1 {
		return String(a + b)
	}
	v, data := newStringBuf(len(a) + len(b))
	copy(data, a)
	copy(data[len(a):], b)
	return v
}

// String makes a string value.
func String(s string) Value {
	switch len(s) {
	case 0:
		return fromObj(unsafe.Pointer(&emptyStr))
	case 1:
		return fromObj(unsafe.Pointer(&oneByte[s[0]]))
	}
	return fromObj(unsafe.Pointer(&strObj{hdr: hdr{kind: KindString}, s: s}))
}

// ---------------------------------------------------------------------------
// Errors

// ErrorObj is an error value. Errors compare by identity.
type ErrorObj struct {
	hdr
	msg string
	// goErr is the Go error a library function returned, when the value
	// stands for one: errors.Is follows Go's chain through it (an
	// *fs.PathError is fs.ErrNotExist), see ErrorIs.
	goErr error
	// wrapped are the errors this one wraps (fmt.Errorf's %w operands,
	// errors.Join's arguments), for errors.Is, As and Unwrap.
	wrapped []Value
}

// NewWrapError makes an error with message msg wrapping the errors ws.
func NewWrapError(msg string, ws []Value) Value {
	v := NewError(msg)
	v.Error().wrapped = ws
	return v
}

// Wrapped returns the errors e wraps.
func (e *ErrorObj) Wrapped() []Value { return e.wrapped }

// NewGoError makes an error value for a Go error: its message is
// err.Error(), and ErrorIs sees through it to err's chain.
func NewGoError(err error) Value {
	return fromObj(unsafe.Pointer(&ErrorObj{hdr: hdr{kind: KindError}, msg: err.Error(), goErr: err}))
}

// GoError returns the Go error behind the value, or nil.
func (e *ErrorObj) GoError() error { return e.goErr }

// ErrorIs reports whether error value err is target or, when both stand
// for Go errors, whether Go's errors.Is(err, target) holds: a script's
// errors.Is(err, fs.ErrNotExist) after a failed os.Open.
func ErrorIs(err, target Value) bool {
	if Same(err, target) {
		return true
	}
	e, t := err.Error(), target.Error()
	if e == nil || t == nil || e.goErr == nil || t.goErr == nil {
		return false
	}
	return errors.Is(e.goErr, t.goErr)
}

// NewError makes an error value with the given message (the builtin error()).
func NewError(msg string) Value {
	return fromObj(unsafe.Pointer(&ErrorObj{hdr: hdr{kind: KindError}, msg: msg}))
}

// Message returns the error's text.
func (e *ErrorObj) Message() string { return e.msg }

// EOF is io.EOF: one immutable error object shared by every runtime, so that
// `err == io.EOF` holds wherever the error came from.
var EOF = NewGoError(io.EOF)

// ---------------------------------------------------------------------------
// Native objects

// ObjType describes a kind of native object provided by a module.
type ObjType struct {
	// Name is what type(v) returns and %T prints, e.g. "sync.WaitGroup".
	Name string
	// Methods are called as obj.Name(args); the native receives the object
	// itself as args[0].
	Methods map[string]*Native
	// Attr returns a non-method attribute (e.g. a Timer's C), or false.
	Attr func(o *Object, name string) (Value, bool)
	// Str is how the object prints; nil means "<Name>".
	Str func(o *Object) string
	// SetAttr assigns a settable attribute (obj.Name = v, e.g. a
	// csv.Reader's Comma); it reports false for a name it does not know.
	// Nil: no attribute is settable.
	SetAttr func(o *Object, name string, v Value) (bool, error)
}

// Object is a native object: a Go value behind a Goro handle.
type Object struct {
	hdr
	typ  *ObjType
	Data any
}

// NewObject wraps data as a native object of type t.
func NewObject(t *ObjType, data any) Value {
	return fromObj(unsafe.Pointer(&Object{hdr: hdr{kind: KindObject}, typ: t, Data: data}))
}

// Type returns the object's type.
func (o *Object) Type() *ObjType { return o.typ }

// ---------------------------------------------------------------------------
// Functions

// NativeFn is the Go side of a builtin or module function. args aliases the
// caller's registers: read it, do not keep it. A native returns its (first)
// result and an error; a non-nil error raises a Goro panic (see Errorf,
// Throw) or, for ErrPark, parks the goroutine (restartable natives).
type NativeFn func(t *Thread, args []Value) (Value, error)

// Native is a function implemented in Go.
type Native struct {
	hdr
	// Name is the qualified name used in messages and printing: "len",
	// "strings.ToUpper", "sync.WaitGroup.Add".
	Name string
	Fn   NativeFn
	// NRes is how many results the function gives: 0 to 3. A two-result
	// native returns its first result and sets the second with t.Ret2, a
	// three-result one sets the others with t.Ret3.
	NRes int8
	// Method is set for object methods: the receiver is args[0].
	Method bool
}

// NewNative makes a native function value.
func NewNative(name string, nres int, fn NativeFn) *Native {
	return &Native{hdr: hdr{kind: KindFunc, funcKind: funcNative}, Name: name, Fn: fn, NRes: int8(nres)}
}

// NewMethod makes a native method (receiver in args[0]).
func NewMethod(name string, nres int, fn NativeFn) *Native {
	n := NewNative(name, nres, fn)
	n.Method = true
	return n
}

// Value returns the native as a Value.
func (n *Native) Value() Value { return fromObj(unsafe.Pointer(n)) }

// Closure is a script function value: a compiled function (linked into one
// runtime) and the cells of the variables it captured.
type Closure struct {
	hdr
	fn    *funcInst
	cells []*Cell
}

func newClosure(fn *funcInst, cells []*Cell) *Closure {
	return &Closure{hdr: hdr{kind: KindFunc, funcKind: funcClosure}, fn: fn, cells: cells}
}

// Closures with up to three captured variables carry their cell pointers
// in the same allocation (`go func() { ch <- i }()` in a loop costs the
// cell of i and one object, not also a slice).
type (
	closure1 struct {
		Closure
		inl [1]*Cell
	}
	closure2 struct {
		Closure
		inl [2]*Cell
	}
	closure3 struct {
		Closure
		inl [3]*Cell
	}
)

// Closures that copy captured values carry those values' cells too:
// `go func() { ch <- i }()` costs one allocation when i is never assigned.
type (
	closure1c struct {
		Closure
		inl [1]*Cell
		own [1]Cell
	}
	closure2c struct {
		Closure
		inl [2]*Cell
		own [2]Cell
	}
	closure3c struct {
		Closure
		inl [3]*Cell
		own [3]Cell
	}
)

// newClosureN returns a closure of fn with n cells to fill in, and room
// for ncopy of them to be cells of copied values (Upval.Copy), in the same
// allocation when n <= 3.
func newClosureN(fn *funcInst, n, ncopy int) (*Closure, []Cell) {
	var c *Closure
	var own []Cell
	switch {
	case n == 0:
		c = &Closure{}
	case n == 1 && ncopy == 0:
		x := &closure1{}
		x.cells = x.inl[:]
		c = &x.Closure
	case n == 2 && ncopy == 0:
		x := &closure2{}
		x.cells = x.inl[:]
		c = &x.Closure
	case n == 3 && ncopy == 0:
		x := &closure3{}
		x.cells = x.inl[:]
		c = &x.Closure
	case n == 1:
		x := &closure1c{}
		x.cells, own = x.inl[:], x.own[:]
		c = &x.Closure
	case n == 2:
		x := &closure2c{}
		x.cells, own = x.inl[:], x.own[:]
		c = &x.Closure
	case n == 3:
		x := &closure3c{}
		x.cells, own = x.inl[:], x.own[:]
		c = &x.Closure
	default:
		c = &Closure{cells: make([]*Cell, n)}
		if ncopy > 0 {
			own = make([]Cell, ncopy)
		}
	}
	c.hdr = hdr{kind: KindFunc, funcKind: funcClosure}
	c.fn = fn
	return c, own
}

// Name returns the function's name as tracebacks print it (without module).
func (c *Closure) Name() string { return c.fn.proto.Name }

// Proto returns the function's compiled code (for disassembly).
func (c *Closure) Proto() *Proto { return c.fn.proto }

// Cell is the box of a variable captured by a closure, and of a global.
// Closures share the cell, so they share the variable.
type Cell struct {
	hdr
	V Value
}

func newCell(v Value) *Cell { return &Cell{hdr: hdr{kind: kindCell}, V: v} }

func (c *Cell) value() Value { return fromObj(unsafe.Pointer(c)) }

// Value returns the closure as a Value.
func (c *Closure) Value() Value { return fromObj(unsafe.Pointer(c)) }
