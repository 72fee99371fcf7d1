package vm

import (
	"unsafe"
)

// List is a mutable, ordered list. Every operation holds mu, so each single
// operation (index, store, append, len, iteration step) is atomic with respect
// to other goroutines (SPEC §7) and a racing script can never tear the slice
// header. Critical sections never call back into scripts.
type List struct {
	hdr
	mu    spinLock
	items []Value
}

// NewList makes a list that takes ownership of items.
func NewList(items []Value) *List {
	return &List{hdr: hdr{kind: KindList}, items: items}
}

// Small lists carry their first elements inline: one allocation instead of
// two (binary trees of [left, right] pairs allocate little else).
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

// newListOf makes a list holding a copy of vs.
func newListOf(vs []Value) *List {
	var l *List
	switch n := len(vs); {
	case n == 0:
		return NewList(make([]Value, 0, 4))
	case n == 1:
		x := &list1{}
		x.items = x.buf[:1:1]
		l = &x.List
	case n == 2:
		x := &list2{}
		x.items = x.buf[:2:2]
		l = &x.List
	case n <= 4:
		x := &list4{}
		x.items = x.buf[:n:4]
		l = &x.List
	default:
		items := make([]Value, n)
		copy(items, vs)
		return NewList(items)
	}
	l.kind = KindList
	copy(l.items, vs)
	return l
}

// NewListValue makes a list value that takes ownership of items.
func NewListValue(items []Value) Value { return NewList(items).Value() }

// Value returns the list as a Value.
func (l *List) Value() Value { return fromObj(unsafe.Pointer(l)) }

// Len returns the number of elements.
func (l *List) Len() int {
	l.mu.lock()
	n := len(l.items)
	l.mu.unlock()
	return n
}

// Cap returns the capacity of the backing array.
func (l *List) Cap() int {
	l.mu.lock()
	n := cap(l.items)
	l.mu.unlock()
	return n
}

// Get returns element i and the length; ok is false when i is out of range.
func (l *List) Get(i int64) (v Value, n int, ok bool) {
	l.mu.lock()
	n = len(l.items)
	if uint64(i) < uint64(n) {
		v, ok = l.items[i], true
	}
	l.mu.unlock()
	return
}

// Set stores v at i; it returns the length and false when i is out of range.
func (l *List) Set(i int64, v Value) (n int, ok bool) {
	l.mu.lock()
	n = len(l.items)
	if uint64(i) < uint64(n) {
		l.items[i], ok = v, true
	}
	l.mu.unlock()
	return
}

// Append appends vs in place.
func (l *List) Append(vs ...Value) {
	l.mu.lock()
	l.items = append(l.items, vs...)
	l.mu.unlock()
}

// Append1 appends one value in place.
func (l *List) Append1(v Value) {
	l.mu.lock()
	l.items = append(l.items, v)
	l.mu.unlock()
}

// Snapshot returns a copy of the elements (a consistent view).
func (l *List) Snapshot() []Value {
	l.mu.lock()
	out := make([]Value, len(l.items))
	copy(out, l.items)
	l.mu.unlock()
	return out
}

// Slice returns a new list holding elements [lo:hi] (Goro slices copy). ok
// is false when the bounds are out of range; n is the length seen.
func (l *List) Slice(lo, hi int64, hasHi bool) (out *List, n int, ok bool) {
	l.mu.lock()
	n = len(l.items)
	if !hasHi {
		hi = int64(n)
	}
	if lo < 0 || hi < lo || hi > int64(n) {
		l.mu.unlock()
		return nil, n, false
	}
	items := make([]Value, hi-lo)
	copy(items, l.items[lo:hi])
	l.mu.unlock()
	return NewList(items), n, true
}

// Replace swaps in a new element slice (used by sort: the sort works on a
// snapshot and stores the result back in one atomic step).
func (l *List) Replace(items []Value) {
	l.mu.lock()
	l.items = items
	l.mu.unlock()
}

// Concat returns a new list a + b.
func Concat(a, b *List) *List {
	x := a.Snapshot()
	y := b.Snapshot()
	items := make([]Value, 0, len(x)+len(y))
	items = append(items, x...)
	items = append(items, y...)
	return NewList(items)
}
