package sched

import (
	"sync"
	"unsafe"
)

// A sudog is a G waiting on something (a channel, a Mutex, a WaitGroup).
// A G can wait on many channels (select) and a channel can have many
// waiting Gs, hence this record in between (runtime2.go:sudog).
//
// The value a waiting sender offers, or a waiting receiver is handed,
// lives in the sudog (elem points at it): the scheduler never writes into a
// G's own state. Values have the VM's type T, so sudogs come in classes,
// one per T (class 0 is valueless), each allocated as a sudogT[T] and
// pooled per P and centrally, so the park/ready path does not allocate.
type sudog struct {
	g        *G
	next     *sudog // wait queue links (the channel's or mutex's lock)
	prev     *sudog
	waitlink *sudog         // the G's list of sudogs in a select, in lock order
	c        *hchan         // the channel waited on
	elem     unsafe.Pointer // *T inside the sudogT[T] holding this sudog
	caseIdx  int32          // select case index
	class    int32
	isSelect bool // part of a select: the waker must win g.selectDone
	isSend   bool
	success  bool // woken by a completed operation (false: by close)
}

type sudogT[T any] struct {
	sudog
	v T
}

type sudogClass interface {
	alloc(class int32) *sudog
}

type sudogClassOf[T any] struct{}

func (sudogClassOf[T]) alloc(class int32) *sudog {
	st := new(sudogT[T])
	st.elem = unsafe.Pointer(&st.v)
	st.class = class
	return &st.sudog
}

const sudogCacheSize = 128 // per P per class

// sudogCentral is the per-Sched class registry and central sudog cache.
type sudogCentral struct {
	mu      sync.Mutex // leaf lock
	classes []sudogClass
	free    [][]*sudog
}

func (c *sudogCentral) init() {
	c.classes = []sudogClass{sudogClassOf[struct{}]{}}
	c.free = make([][]*sudog, 1)
}

// classOf returns the sudog class for values of type T.
func classOf[T any](s *Sched) int32 {
	c := &s.sudogs
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, k := range c.classes {
		if _, ok := k.(sudogClassOf[T]); ok {
			return int32(i)
		}
	}
	c.classes = append(c.classes, sudogClassOf[T]{})
	c.free = append(c.free, nil)
	return int32(len(c.classes) - 1)
}

// acquireSudog returns a clean sudog of the class, from m's P cache when
// it can (refilled with half a cache from the central one). m may be nil.
// The fast path is small enough to inline.
func (m *M) acquireSudog(s *Sched, class int32) *sudog {
	if m != nil {
		if pp := m.p.Load(); pp != nil && int(class) < len(pp.sudogCache) {
			if c := pp.sudogCache[class]; len(c) > 0 {
				pp.sudogCache[class] = c[:len(c)-1]
				return c[len(c)-1]
			}
		}
	}
	return m.acquireSudogSlow(s, class)
}

func (m *M) acquireSudogSlow(s *Sched, class int32) *sudog {
	c := &s.sudogs
	var pp *p
	if m != nil {
		pp = m.p.Load()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if pp == nil {
		if n := len(c.free[class]); n > 0 {
			sg := c.free[class][n-1]
			c.free[class][n-1] = nil
			c.free[class] = c.free[class][:n-1]
			return sg
		}
		return c.classes[class].alloc(class)
	}
	for int(class) >= len(pp.sudogCache) {
		pp.sudogCache = append(pp.sudogCache, make([]*sudog, 0, sudogCacheSize))
	}
	cache := pp.sudogCache[class]
	for len(cache) < sudogCacheSize/2 && len(c.free[class]) > 0 {
		n := len(c.free[class])
		cache = append(cache, c.free[class][n-1])
		c.free[class][n-1] = nil
		c.free[class] = c.free[class][:n-1]
	}
	if len(cache) == 0 {
		pp.sudogCache[class] = cache
		return c.classes[class].alloc(class)
	}
	n := len(cache)
	pp.sudogCache[class] = cache[:n-1]
	return cache[n-1]
}

// releaseSudog returns a sudog whose value the caller has zeroed. m may be
// nil (host code), in which case it goes to the central cache. The fast
// path is small enough to inline.
func (m *M) releaseSudog(s *Sched, sg *sudog) {
	*sg = sudog{elem: sg.elem, class: sg.class}
	if m != nil {
		if pp := m.p.Load(); pp != nil && int(sg.class) < len(pp.sudogCache) {
			if c := pp.sudogCache[sg.class]; len(c) < cap(c) {
				pp.sudogCache[sg.class] = append(c, sg)
				return
			}
		}
	}
	m.releaseSudogSlow(s, sg)
}

func (m *M) releaseSudogSlow(s *Sched, sg *sudog) {
	c := &s.sudogs
	var pp *p
	if m != nil {
		pp = m.p.Load()
	}
	class := sg.class
	c.mu.Lock()
	defer c.mu.Unlock()
	if pp == nil || int(class) >= len(pp.sudogCache) {
		c.free[class] = append(c.free[class], sg)
		return
	}
	// The P's cache is full: move half of it to the central cache.
	cache := pp.sudogCache[class]
	for len(cache) > sudogCacheSize/2 {
		n := len(cache)
		c.free[class] = append(c.free[class], cache[n-1])
		cache[n-1] = nil
		cache = cache[:n-1]
	}
	pp.sudogCache[class] = append(cache, sg)
}

// purge moves a destroyed P's sudogs to the central cache. Must hold
// s.lock with the world stopped.
func (c *sudogCentral) purge(pp *p) {
	c.mu.Lock()
	for class, cache := range pp.sudogCache {
		c.free[class] = append(c.free[class], cache...)
		clear(cache)
	}
	c.mu.Unlock()
	pp.sudogCache = nil
}
