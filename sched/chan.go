package sched

import (
	"sync"
	"sync/atomic"
	"unsafe"
)

// Channels (chan.go).
//
// Invariants (c.lock held):
//   - at least one of sendq and recvq is empty, except for one G selecting
//     on both directions of an unbuffered channel;
//   - buffered: qcount > 0 implies recvq is empty, and qcount < cap implies
//     sendq is empty;
//   - never ready a G while holding c.lock: collect it, unlock, then ready.
//
// A value moves without ever touching another G's state: a sender handing
// off to a waiting receiver writes the value into the receiver's sudog, and
// a blocked sender leaves its value in its own sudog; the parked G copies
// it out in RecvResume / SelectResume after it wakes.

// hchan is the type-independent part of a channel: everything select and
// the wait queues need.
type hchan struct {
	lock     sync.Mutex
	id       uint64 // unique per Sched, assigned at creation: select's lock order
	s        *Sched
	class    int32 // sudog class of the element type
	dataqsiz uint  // capacity
	qcount   atomic.Int64
	sendx    uint // lock
	recvx    uint // lock
	closed   atomic.Bool
	recvq    waitq // lock
	sendq    waitq // lock
}

// Chan is a channel of T (the VM's value type).
type Chan[T any] struct {
	hchan
	buf []T // lock: ring of dataqsiz slots
}

// NewChan makes a channel with the given buffer size. A negative size
// panics with "makechan: size out of range" (the VM checks it first).
func NewChan[T any](s *Sched, size int) *Chan[T] {
	if size < 0 {
		panic("makechan: size out of range")
	}
	c := &Chan[T]{buf: make([]T, size)}
	c.id = s.chanidgen.Add(1)
	c.s = s
	c.class = classOf[T](s)
	c.dataqsiz = uint(size)
	return c
}

// ID returns the channel's unique id (0 for a nil channel).
func (c *Chan[T]) ID() uint64 {
	if c == nil {
		return 0
	}
	return c.id
}

// Len is the number of buffered values.
func (c *Chan[T]) Len() int {
	if c == nil {
		return 0
	}
	return int(c.qcount.Load())
}

// Cap is the buffer size.
func (c *Chan[T]) Cap() int {
	if c == nil {
		return 0
	}
	return int(c.dataqsiz)
}

// Closed reports whether Close was called.
func (c *Chan[T]) Closed() bool {
	return c != nil && c.closed.Load()
}

// parkUnlock is the unlock function of parks on a channel, Mutex or
// WaitGroup: it releases the host lock that guards the wait queue.
func parkUnlock(_ *G, arg unsafe.Pointer) bool {
	(*sync.Mutex)(arg).Unlock()
	return true
}

// ready readies gp from m, which may be nil (host code).
func ready(s *Sched, m *M, gp *G) {
	if m == nil {
		s.ReadyNoP(gp)
		return
	}
	m.Ready(gp)
}

// Send sends v. With block false it never parks (g may then be nil, as in
// timer callbacks). Results: OK, WouldBlock, Parked (the VM returns
// StopPark and later calls SendResume), or Closed (the VM panics "send on
// closed channel"). A nil channel never proceeds.
func (c *Chan[T]) Send(m *M, g *G, v T, block bool) Result {
	if c == nil {
		if !block {
			return WouldBlock
		}
		m.ParkForever(WaitReasonChanSendNilChan)
		return Parked
	}
	c.lock.Lock()
	if c.closed.Load() {
		c.lock.Unlock()
		return Closed
	}
	if sg := c.recvq.dequeue(); sg != nil {
		// Direct hand-off to a waiting receiver, even when buffered.
		*(*T)(sg.elem) = v
		gp := handoff(sg)
		c.lock.Unlock()
		ready(c.s, m, gp)
		return OK
	}
	if c.qcount.Load() < int64(c.dataqsiz) {
		c.buf[c.sendx] = v
		c.sendx++
		if c.sendx == c.dataqsiz {
			c.sendx = 0
		}
		c.qcount.Add(1)
		c.lock.Unlock()
		return OK
	}
	if !block {
		c.lock.Unlock()
		return WouldBlock
	}
	sg := m.acquireSudog(c.s, c.class)
	*(*T)(sg.elem) = v
	sg.g = g
	sg.c = &c.hchan
	sg.isSend = true
	g.waiting = sg
	g.param = nil
	c.sendq.enqueue(sg)
	// c.lock stays held until the G is Waiting (parkUnlock).
	m.PreparePark(parkUnlock, unsafe.Pointer(&c.lock), WaitReasonChanSend)
	return Parked
}

// handoff completes a dequeued sudog successfully and returns its G, to
// be readied after the lock is released. Must hold the queue's lock.
func handoff(sg *sudog) *G {
	gp := sg.g
	sg.success = true
	gp.param = sg
	return gp
}

// SendResume finishes a Send that returned Parked, once the G runs again.
// closed reports that the channel was closed while the G waited (the VM
// panics "send on closed channel").
func SendResume[T any](g *G) (closed bool) {
	sg := g.waiting
	if sg == nil || g.param != sg {
		throw("SendResume: G waiting list is corrupted")
	}
	g.waiting, g.param = nil, nil
	closed = !sg.success
	var zero T
	*(*T)(sg.elem) = zero
	g.m.releaseSudog(g.s, sg)
	return closed
}

// Recv receives a value. ok is false when the channel is closed and
// drained (v is then zero). Results: OK, WouldBlock, Parked (the VM
// returns StopPark and later calls RecvResume). A nil channel never
// proceeds.
func (c *Chan[T]) Recv(m *M, g *G, block bool) (v T, ok bool, r Result) {
	if c == nil {
		if !block {
			return v, false, WouldBlock
		}
		m.ParkForever(WaitReasonChanReceiveNilChan)
		return v, false, Parked
	}
	c.lock.Lock()
	if c.closed.Load() && c.qcount.Load() == 0 {
		c.lock.Unlock()
		return v, false, OK
	}
	if sg := c.sendq.dequeue(); sg != nil {
		v = c.recvFrom(sg)
		gp := handoff(sg)
		c.lock.Unlock()
		ready(c.s, m, gp)
		return v, true, OK
	}
	if c.qcount.Load() > 0 {
		v = c.bufRecv()
		c.lock.Unlock()
		return v, true, OK
	}
	if !block {
		c.lock.Unlock()
		return v, false, WouldBlock
	}
	sg := m.acquireSudog(c.s, c.class)
	sg.g = g
	sg.c = &c.hchan
	g.waiting = sg
	g.param = nil
	c.recvq.enqueue(sg)
	m.PreparePark(parkUnlock, unsafe.Pointer(&c.lock), WaitReasonChanReceive)
	return v, false, Parked
}

// recvFrom takes the value of a waiting sender. Unbuffered: straight from
// its sudog. Buffered (so the buffer is full): the receiver gets the head
// of the buffer and the sender's value goes into the freed slot, which is
// also the tail, so FIFO order holds. Must hold c.lock.
func (c *Chan[T]) recvFrom(sg *sudog) (v T) {
	sv := (*T)(sg.elem)
	if c.dataqsiz == 0 {
		return *sv
	}
	v = c.buf[c.recvx]
	c.buf[c.recvx] = *sv
	c.recvx++
	if c.recvx == c.dataqsiz {
		c.recvx = 0
	}
	c.sendx = c.recvx
	return v
}

// bufRecv takes the head of the buffer. Must hold c.lock; qcount > 0.
func (c *Chan[T]) bufRecv() (v T) {
	var zero T
	v = c.buf[c.recvx]
	c.buf[c.recvx] = zero
	c.recvx++
	if c.recvx == c.dataqsiz {
		c.recvx = 0
	}
	c.qcount.Add(-1)
	return v
}

// RecvResume finishes a Recv that returned Parked, once the G runs again.
func RecvResume[T any](g *G) (v T, ok bool) {
	sg := g.waiting
	if sg == nil || g.param != sg {
		throw("RecvResume: G waiting list is corrupted")
	}
	g.waiting, g.param = nil, nil
	ok = sg.success
	p := (*T)(sg.elem)
	v = *p
	var zero T
	*p = zero
	g.m.releaseSudog(g.s, sg)
	return v, ok
}

// Close closes the channel and wakes every waiter: receivers get the zero
// value and ok == false, senders will report closed. wasClosed means it
// was closed already (the VM panics "close of closed channel"). Closing a
// nil channel panics "close of nil channel".
func (c *Chan[T]) Close(m *M) (wasClosed bool) {
	if c == nil {
		panic("close of nil channel")
	}
	c.lock.Lock()
	if c.closed.Load() {
		c.lock.Unlock()
		return true
	}
	c.closed.Store(true)
	var glist gList
	var zero T
	for sg := c.recvq.dequeue(); sg != nil; sg = c.recvq.dequeue() {
		*(*T)(sg.elem) = zero
		sg.success = false
		sg.g.param = sg
		glist.push(sg.g)
	}
	for sg := c.sendq.dequeue(); sg != nil; sg = c.sendq.dequeue() {
		sg.success = false
		sg.g.param = sg
		glist.push(sg.g)
	}
	c.lock.Unlock()
	for gp := glist.pop(); gp != nil; gp = glist.pop() {
		ready(c.s, m, gp)
	}
	return false
}

// waitq is a FIFO of sudogs.
type waitq struct {
	first, last *sudog
}

func (q *waitq) enqueue(sg *sudog) {
	sg.next = nil
	x := q.last
	if x == nil {
		sg.prev = nil
		q.first, q.last = sg, sg
		return
	}
	sg.prev = x
	x.next = sg
	q.last = sg
}

// dequeue pops the first sudog whose G can still be woken: a select's
// sudog only if this waker wins the G's selectDone (the G's other sudogs
// are then stale and skipped by later dequeues).
func (q *waitq) dequeue() *sudog {
	for {
		sg := q.first
		if sg == nil {
			return nil
		}
		y := sg.next
		if y == nil {
			q.first, q.last = nil, nil
		} else {
			y.prev = nil
			q.first = y
			sg.next = nil
		}
		if sg.isSelect && !sg.g.selectDone.CompareAndSwap(0, 1) {
			continue
		}
		return sg
	}
}

// dequeueSudoG removes sg from q if it is still there.
func (q *waitq) dequeueSudoG(sg *sudog) {
	x, y := sg.prev, sg.next
	if x != nil {
		if y != nil { // middle
			x.next = y
			y.prev = x
			sg.next, sg.prev = nil, nil
			return
		}
		x.next = nil // last
		q.last = x
		sg.prev = nil
		return
	}
	if y != nil { // first
		y.prev = nil
		q.first = y
		sg.next = nil
		return
	}
	// Alone in the queue, or already removed.
	if q.first == sg {
		q.first, q.last = nil, nil
	}
}

// Slots returns the channel's buffer ring (every slot, in use or not) for
// a reader that has stopped the world (M.WithWorldStopped): the VM counts
// what a run's buffered values hold.
func (c *Chan[T]) Slots() []T { return c.buf }
