package vm

import (
	"unsafe"
)

// List is a mutable, ordered list. Every operation holds mu, so each single
// operation (index, store, append, len, iteration step) is atomic with
// respect to other goroutines (SPEC §7) and a racing script can never tear
// the list's header. Critical sections never call back into scripts.
//
// Storage has two modes. A list whose elements are all of one scalar kind
// (all ints, all floats or all bools) keeps their raw bits in an array
// without pointers, 8 bytes an int or float and 1 byte a bool: the garbage
// collector never scans it, growing it copies without write barriers, and
// it takes an eighth (ints: half) of the memory, which is what decides a
// 10M-entry sieve. The first store of anything else converts the list, once, to an
// array of Values (modeAny). An empty list adopts the mode of its first
// element.
type List struct {
	hdr
	// nilSlice marks the zero value of a slice type (var s []int): while
	// empty it is == nil, as Go's nil slice is.
	nilSlice bool
	mode     listMode
	mu       spinLock
	// data points at the backing array: c Values (modeAny), c uint64s
	// (modeInt, modeFloat) or c bytes (modeBool); nil when c == 0.
	// Elements [0, n) are in use.
	data unsafe.Pointer
	n, c int
}

type listMode uint8

const (
	modeAny   listMode = iota // data holds Values
	modeInt                   // data holds int64 bits
	modeFloat                 // data holds float64 bits
	modeBool                  // data holds bytes, 0 or 1
)

// shift is log2 of the size of a scalar mode's element.
func (m listMode) shift() uint {
	if m == modeBool {
		return 0
	}
	return 3
}

// rawAlloc allocates a pointer-free array for c elements of scalar mode m.
func rawAlloc(m listMode, c int) unsafe.Pointer {
	if m == modeBool {
		return unsafe.Pointer(unsafe.SliceData(make([]byte, c)))
	}
	return unsafe.Pointer(unsafe.SliceData(make([]uint64, c)))
}

// rawGet returns the bits of element i (scalar modes). Must hold mu; i < n.
func (l *List) rawGet(i int) uint64 {
	if l.mode == modeBool {
		return uint64(*(*uint8)(unsafe.Add(l.data, i)))
	}
	return *(*uint64)(unsafe.Add(l.data, uintptr(i)*8))
}

// rawSet stores the bits of element i (scalar modes; a bool's bits are 0
// or 1). Must hold mu; i < c.
func (l *List) rawSet(i int, bits uint64) {
	if l.mode == modeBool {
		*(*uint8)(unsafe.Add(l.data, i)) = uint8(bits)
		return
	}
	*(*uint64)(unsafe.Add(l.data, uintptr(i)*8)) = bits
}

// rawBytes views elements [lo, hi) of the raw array as bytes (scalar
// modes). Must hold mu.
func (l *List) rawBytes(lo, hi int) []byte {
	sh := l.mode.shift()
	return unsafe.Slice((*byte)(l.data), l.c<<sh)[lo<<sh : hi<<sh]
}

// modeTags gives a scalar mode's Value tag. Read-only.
var modeTags = [...]unsafe.Pointer{
	modeAny:   nil,
	modeInt:   unsafe.Pointer(&intHdr),
	modeFloat: unsafe.Pointer(&floatHdr),
	modeBool:  unsafe.Pointer(&boolHdr),
}

// modeOf is the storage mode that holds v as raw bits, or modeAny.
func modeOf(v Value) listMode {
	switch v.p {
	case unsafe.Pointer(&intHdr):
		return modeInt
	case unsafe.Pointer(&floatHdr):
		return modeFloat
	case unsafe.Pointer(&boolHdr):
		return modeBool
	}
	return modeAny
}

// NewList makes a list that takes ownership of items.
func NewList(items []Value) *List {
	l := &List{hdr: hdr{kind: KindList}}
	l.setValues(items)
	return l
}

// NewListValue makes a list value that takes ownership of items.
func NewListValue(items []Value) Value { return NewList(items).Value() }

// Value returns the list as a Value.
func (l *List) Value() Value { return fromObj(unsafe.Pointer(l)) }

// setValues installs items (owned) as the list's Values. Must hold mu or
// own the list alone.
func (l *List) setValues(items []Value) {
	l.mode = modeAny
	l.data = unsafe.Pointer(unsafe.SliceData(items))
	l.n, l.c = len(items), cap(items)
}

// values views the Value array (modeAny). Must hold mu.
func (l *List) values() []Value { return unsafe.Slice((*Value)(l.data), l.c)[:l.n] }

// get returns element i. Must hold mu; i < n.
func (l *List) get(i int) Value {
	if l.mode == modeAny {
		return *(*Value)(unsafe.Add(l.data, uintptr(i)*16))
	}
	return Value{modeTags[l.mode], l.rawGet(i)}
}

// set stores v at i, converting the list to modeAny if v does not fit its
// mode. Must hold mu; i < n.
func (l *List) set(i int, v Value) {
	if l.mode == modeAny {
		*(*Value)(unsafe.Add(l.data, uintptr(i)*16)) = v
		return
	}
	if v.p == modeTags[l.mode] {
		l.rawSet(i, v.n)
		return
	}
	l.toAny(l.c)
	*(*Value)(unsafe.Add(l.data, uintptr(i)*16)) = v
}

// toAny converts the list to modeAny with capacity c. Must hold mu.
func (l *List) toAny(c int) {
	items := make([]Value, l.n, max(c, l.n))
	if l.mode == modeAny {
		copy(items, l.values())
	} else {
		tag := modeTags[l.mode]
		for i := range l.n {
			items[i] = Value{tag, l.rawGet(i)}
		}
	}
	l.setValues(items)
}

// grow makes room for extra more elements, in the mode that fits first
// (the value about to be appended) when the list is empty. Must hold mu.
// It returns the bytes of the new backing array (for the memory pacer).
func (l *List) grow(extra int, first Value) int64 {
	need := l.n + extra
	c := max(need, 2*l.c, 4)
	if l.n == 0 {
		l.mode = modeOf(first)
	}
	if l.mode == modeAny {
		items := make([]Value, l.n, c)
		if l.n > 0 {
			copy(items, l.values())
		}
		l.setValues(items)
		return int64(c) * 16
	}
	raw := rawAlloc(l.mode, c)
	if l.n > 0 {
		copy(unsafe.Slice((*byte)(raw), c<<l.mode.shift()), l.rawBytes(0, l.n))
	}
	l.data = raw
	l.c = c
	return int64(c) << l.mode.shift()
}

// append1 appends v and returns the bytes it allocated. Must hold mu.
func (l *List) append1(v Value) (grown int64) {
	if l.n == l.c {
		grown = l.grow(1, v)
	} else if l.mode != modeAny && v.p != modeTags[l.mode] && l.n > 0 {
		l.toAny(l.c)
		grown = int64(l.c) * 16
	} else if l.n == 0 && l.mode != modeOf(v) {
		l.mode = modeOf(v)
		grown = l.grow(1, v) // reallocates in the new mode
	}
	l.n++
	l.set(l.n-1, v)
	return grown
}

// Len returns the number of elements.
func (l *List) Len() int {
	l.mu.lock()
	n := l.n
	l.mu.unlock()
	return n
}

// Cap returns the capacity of the backing array.
func (l *List) Cap() int {
	l.mu.lock()
	c := l.c
	l.mu.unlock()
	return c
}

// Get returns element i and the length; ok is false when i is out of range.
func (l *List) Get(i int64) (v Value, n int, ok bool) {
	l.mu.lock()
	n = l.n
	if uint64(i) < uint64(n) {
		v, ok = l.get(int(i)), true
	}
	l.mu.unlock()
	return
}

// Set stores v at i; it returns the length and false when i is out of range.
func (l *List) Set(i int64, v Value) (n int, ok bool) {
	l.mu.lock()
	n = l.n
	if uint64(i) < uint64(n) {
		l.set(int(i), v)
		ok = true
	}
	l.mu.unlock()
	return
}

// Append appends vs in place. It returns the bytes of storage it
// allocated, for the run's memory pacer (Thread.Reserve).
func (l *List) Append(vs ...Value) (grown int64) {
	l.mu.lock()
	if len(vs) > 0 && l.c-l.n < len(vs) {
		grown = l.grow(len(vs), vs[0])
	}
	for _, v := range vs {
		grown += l.append1(v)
	}
	l.mu.unlock()
	return grown
}

// Append1 appends one value in place (see Append).
func (l *List) Append1(v Value) int64 {
	l.mu.lock()
	g := l.append1(v)
	l.mu.unlock()
	return g
}

// Snapshot returns a copy of the elements (a consistent view).
func (l *List) Snapshot() []Value {
	l.mu.lock()
	out := make([]Value, l.n)
	for i := range out {
		out[i] = l.get(i)
	}
	l.mu.unlock()
	return out
}

// Clone returns a new list with the same elements (and storage mode).
func (l *List) Clone() *List {
	out, _, _ := l.Slice(0, 0, false)
	return out
}

// Slice returns a new list holding elements [lo:hi] (Goro slices copy). ok
// is false when the bounds are out of range; n is the length seen.
func (l *List) Slice(lo, hi int64, hasHi bool) (out *List, n int, ok bool) {
	l.mu.lock()
	defer l.mu.unlock()
	n = l.n
	if !hasHi {
		hi = int64(n)
	}
	if lo < 0 || hi < lo || hi > int64(n) {
		return nil, n, false
	}
	out = &List{hdr: hdr{kind: KindList}}
	if l.mode == modeAny {
		items := make([]Value, hi-lo)
		copy(items, l.values()[lo:hi])
		out.setValues(items)
		return out, n, true
	}
	m := int(hi - lo)
	out.mode = l.mode
	out.data, out.n, out.c = rawAlloc(l.mode, m), m, m
	copy(out.rawBytes(0, m), l.rawBytes(int(lo), int(hi)))
	return out, n, true
}

// Replace swaps in a new element slice (used by sort: the sort works on a
// snapshot and stores the result back in one atomic step).
// A list of one scalar kind keeps (or takes) raw storage.
func (l *List) Replace(items []Value) {
	mode := modeAny
	if len(items) > 0 {
		mode = modeOf(items[0])
		for _, v := range items[1:] {
			if v.p != items[0].p {
				mode = modeAny
				break
			}
		}
	}
	raw := List{mode: mode}
	if mode != modeAny {
		raw.data, raw.n, raw.c = rawAlloc(mode, len(items)), len(items), len(items)
		for i, v := range items {
			raw.rawSet(i, v.n)
		}
	}
	l.mu.lock()
	if mode == modeAny {
		l.setValues(items)
	} else {
		l.mode, l.data, l.n, l.c = mode, raw.data, raw.n, raw.c
	}
	l.mu.unlock()
}

// Concat returns a new list a + b.
func Concat(a, b *List) *List {
	x := a.Snapshot()
	y := b.Snapshot()
	l := &List{hdr: hdr{kind: KindList}}
	l.Append(x...)
	l.Append(y...)
	return l
}

// Small lists of Values carry their elements inline: one allocation instead
// of two (binary trees of [left, right] pairs allocate little else).
type list1 struct {
	List
	buf [1]Value
}
type list2 struct {
	List
	buf [2]Value
}
type list4 struct {
	List
	buf [4]Value
}

// newListOf makes a list holding a copy of vs (a list literal): raw bits
// when every element is one scalar kind, else Values, inline when small.
func newListOf(vs []Value) *List {
	n := len(vs)
	if n == 0 {
		return &List{hdr: hdr{kind: KindList}}
	}
	if mode := modeOf(vs[0]); mode != modeAny {
		same := true
		for _, v := range vs[1:] {
			if v.p != vs[0].p {
				same = false
				break
			}
		}
		if same {
			l := &List{hdr: hdr{kind: KindList}, mode: mode}
			c := max(n, 4)
			l.data, l.n, l.c = rawAlloc(mode, c), n, c
			for i, v := range vs {
				l.rawSet(i, v.n)
			}
			return l
		}
	}
	var l *List
	var buf []Value
	switch {
	case n == 1:
		x := &list1{}
		l, buf = &x.List, x.buf[:]
	case n == 2:
		x := &list2{}
		l, buf = &x.List, x.buf[:]
	case n <= 4:
		x := &list4{}
		l, buf = &x.List, x.buf[:]
	default:
		buf = make([]Value, n)
		l = &List{}
	}
	l.kind = KindList
	copy(buf, vs)
	l.setValues(buf[:n])
	return l
}
