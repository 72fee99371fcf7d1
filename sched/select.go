package sched

import "unsafe"

// Select (select.go:selectgo).
//
// Cases are polled in a random order (pollorder, a Fisher–Yates shuffle
// from the M's PRNG) so that ready cases are chosen uniformly, and locked
// in channel-id order (lockorder, heap-sorted) so that concurrent selects
// cannot deadlock; each distinct channel is locked once.
//
//   - Pass 1: with every channel locked, take the first ready case in
//     pollorder.
//   - Pass 2: nothing ready and blocking: enqueue a sudog on every channel,
//     chained on g.waiting in lock order, and park; the park's unlock
//     function releases the channels.
//   - Pass 3 (SelectResume, after a waker won g.selectDone and set
//     g.param): relock, dequeue the losing sudogs, unlock, report the
//     winner.

// Case is one select case. C == nil never proceeds. For a send, V is the
// value.
type Case[T any] struct {
	C    *Chan[T]
	Send bool
	V    T
}

// Select runs a select statement. block is false when there is a default
// case. Results:
//   - OK: case chosen completed (v, ok as for a receive);
//   - WouldBlock: nothing ready and !block (chosen == -1: take default);
//   - Parked: the VM returns StopPark and later calls SelectResume;
//   - Closed: chosen is a send case on a closed channel (the VM panics).
//
// With no cases and block, the G parks forever with "select (no cases)".
// The cases slice is not retained after Select returns.
func Select[T any](m *M, g *G, cases []Case[T], block bool) (chosen int, v T, ok bool, r Result) {
	n := len(cases)
	if n == 0 {
		if !block {
			return -1, v, false, WouldBlock
		}
		m.ParkForever(WaitReasonSelectNoCases)
		return -1, v, false, Parked
	}
	if n > maxSelectCases {
		panic("select: too many cases")
	}
	if cap(m.order) < 2*n {
		m.order = make([]uint16, 2*n)
	}
	order := m.order[:2*n]
	pollorder := order[:0:n]
	lockorder := order[n:n]

	// Random poll order over the non-nil cases.
	for i := range cases {
		if cases[i].C == nil {
			continue
		}
		k := len(pollorder)
		j := m.randn(uint32(k + 1))
		pollorder = pollorder[:k+1]
		pollorder[k] = pollorder[j]
		pollorder[j] = uint16(i)
	}
	norder := len(pollorder)
	if norder == 0 {
		if !block {
			return -1, v, false, WouldBlock
		}
		m.ParkForever(WaitReasonSelect)
		return -1, v, false, Parked
	}
	lockorder = lockorder[:norder]
	sortLockOrder(cases, pollorder, lockorder)

	sellock(cases, lockorder)

	// Pass 1: look for something ready.
	for _, ci := range pollorder {
		cas := &cases[ci]
		c := cas.C
		if cas.Send {
			if c.closed.Load() {
				selunlock(cases, lockorder)
				return int(ci), v, false, Closed
			}
			if sg := c.recvq.dequeue(); sg != nil {
				*(*T)(sg.elem) = cas.V
				gp := handoff(sg)
				selunlock(cases, lockorder)
				ready(c.s, m, gp)
				return int(ci), v, false, OK
			}
			if c.qcount.Load() < int64(c.dataqsiz) {
				c.buf[c.sendx] = cas.V
				c.sendx++
				if c.sendx == c.dataqsiz {
					c.sendx = 0
				}
				c.qcount.Add(1)
				selunlock(cases, lockorder)
				return int(ci), v, false, OK
			}
		} else {
			if sg := c.sendq.dequeue(); sg != nil {
				v = c.recvFrom(sg)
				gp := handoff(sg)
				selunlock(cases, lockorder)
				ready(c.s, m, gp)
				return int(ci), v, true, OK
			}
			if c.qcount.Load() > 0 {
				v = c.bufRecv()
				selunlock(cases, lockorder)
				return int(ci), v, true, OK
			}
			if c.closed.Load() {
				selunlock(cases, lockorder)
				return int(ci), v, false, OK
			}
		}
	}
	if !block {
		selunlock(cases, lockorder)
		return -1, v, false, WouldBlock
	}

	// Pass 2: enqueue on every channel, in lock order.
	s := cases[lockorder[0]].C.s
	var head, tail *sudog
	for _, ci := range lockorder {
		cas := &cases[ci]
		c := cas.C
		sg := m.acquireSudog(s, c.class)
		sg.g = g
		sg.c = &c.hchan
		sg.isSelect = true
		sg.caseIdx = int32(ci)
		if cas.Send {
			sg.isSend = true
			*(*T)(sg.elem) = cas.V
			c.sendq.enqueue(sg)
		} else {
			c.recvq.enqueue(sg)
		}
		if tail == nil {
			head = sg
		} else {
			tail.waitlink = sg
		}
		tail = sg
	}
	g.waiting = head
	g.param = nil
	m.PreparePark(selparkcommit, nil, WaitReasonSelect)
	return -1, v, false, Parked
}

// selparkcommit unlocks every channel of the parked select, walking
// g.waiting. Once the last lock is released the G may already be running
// elsewhere, so nothing is touched after it; before that, the G cannot
// finish SelectResume (it must relock everything), so reading the list is
// safe.
func selparkcommit(g *G, _ unsafe.Pointer) bool {
	var last *hchan
	for sg := g.waiting; sg != nil; sg = sg.waitlink {
		if sg.c != last && last != nil {
			last.lock.Unlock()
		}
		last = sg.c
	}
	if last != nil {
		last.lock.Unlock()
	}
	return true
}

// SelectResume finishes a Select that returned Parked, once the G runs
// again (pass 3). closed reports a send case woken by close (the VM
// panics "send on closed channel").
func SelectResume[T any](g *G) (chosen int, v T, ok bool, closed bool) {
	// Relock in lock order (g.waiting is in lock order).
	var last *hchan
	for sg := g.waiting; sg != nil; sg = sg.waitlink {
		if sg.c != last {
			sg.c.lock.Lock()
			last = sg.c
		}
	}
	g.selectDone.Store(0)
	win := g.param
	g.param = nil
	chosen = -1
	for sg := g.waiting; sg != nil; sg = sg.waitlink {
		if sg == win {
			chosen = int(sg.caseIdx)
			if sg.isSend {
				closed = !sg.success
			} else {
				ok = sg.success
				v = *(*T)(sg.elem)
			}
			continue
		}
		if sg.isSend {
			sg.c.sendq.dequeueSudoG(sg)
		} else {
			sg.c.recvq.dequeueSudoG(sg)
		}
	}
	last = nil
	for sg := g.waiting; sg != nil; sg = sg.waitlink {
		if sg.c != last {
			sg.c.lock.Unlock()
			last = sg.c
		}
	}
	if chosen < 0 {
		throw("selectgo: bad wakeup")
	}
	m := g.m
	var zero T
	sg := g.waiting
	g.waiting = nil
	for sg != nil {
		next := sg.waitlink
		*(*T)(sg.elem) = zero
		m.releaseSudog(g.s, sg)
		sg = next
	}
	return chosen, v, ok, closed
}

// sortLockOrder heap-sorts the case indices of pollorder by channel id
// into lockorder (O(n log n), no allocation). Starting from pollorder
// shuffles cases on the same channel.
func sortLockOrder[T any](cases []Case[T], pollorder, lockorder []uint16) {
	key := func(i uint16) uint64 { return cases[i].C.id }
	// Build a max-heap.
	for i, ci := range pollorder {
		j := i
		k := key(ci)
		for j > 0 && key(lockorder[(j-1)/2]) < k {
			p := (j - 1) / 2
			lockorder[j] = lockorder[p]
			j = p
		}
		lockorder[j] = ci
	}
	// Pop the max to the end, repeatedly.
	for i := len(lockorder) - 1; i > 0; i-- {
		top := lockorder[i]
		k := key(top)
		lockorder[i] = lockorder[0]
		j := 0
		for {
			c := 2*j + 1
			if c >= i {
				break
			}
			if c+1 < i && key(lockorder[c]) < key(lockorder[c+1]) {
				c++
			}
			if k >= key(lockorder[c]) {
				break
			}
			lockorder[j] = lockorder[c]
			j = c
		}
		lockorder[j] = top
	}
}

// sellock locks each distinct channel in lock order.
func sellock[T any](cases []Case[T], lockorder []uint16) {
	var last *hchan
	for _, o := range lockorder {
		c := &cases[o].C.hchan
		if c != last {
			c.lock.Lock()
			last = c
		}
	}
}

// selunlock unlocks each distinct channel, in reverse lock order.
func selunlock[T any](cases []Case[T], lockorder []uint16) {
	for i := len(lockorder) - 1; i >= 0; i-- {
		c := &cases[lockorder[i]].C.hchan
		if i > 0 && c == &cases[lockorder[i-1]].C.hchan {
			continue
		}
		c.lock.Unlock()
	}
}
