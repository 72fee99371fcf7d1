package sched

import (
	"errors"
	"sync"
	"unsafe"
)

// RWMutex and Cond for scripts, built like Mutex (sema.go): a short host
// lock, FIFO queues of sudogs, parking with the host lock held until the G
// is Waiting (parkUnlock), and hand-off: a woken G already owns what it
// waited for, so the VM's restartable native returns at once when resumed.

var (
	errRUnlockUnlocked = errors.New("sync: RUnlock of unlocked RWMutex")
	errUnlockUnlockedW = errors.New("sync: Unlock of unlocked RWMutex")
	errCondUnlocked    = errors.New("sync: Cond.Wait with its Mutex unlocked")
)

// RWMutex is a reader/writer lock. As in Go, a waiting writer blocks new
// readers (so writers do not starve), and a writer's Unlock admits every
// waiting reader before the next writer.
type RWMutex struct {
	mu      sync.Mutex
	readers int   // mu: readers holding the lock
	writer  bool  // mu: a writer holds it
	rwait   waitq // mu: readers waiting
	wwait   waitq // mu: writers waiting
	nwwait  int   // mu: len(wwait)
}

// RLock read-locks rw: OK, or Parked (when g runs again it holds a read
// lock).
func (rw *RWMutex) RLock(m *M, g *G) Result {
	rw.mu.Lock()
	if !rw.writer && rw.nwwait == 0 {
		rw.readers++
		rw.mu.Unlock()
		return OK
	}
	m.waitOn(g, &rw.rwait, &rw.mu, WaitReasonSyncRWMutexRLock)
	return Parked
}

// TryRLock read-locks rw if no writer holds or waits for it.
func (rw *RWMutex) TryRLock() bool {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	if rw.writer || rw.nwwait > 0 {
		return false
	}
	rw.readers++
	return true
}

// RUnlock undoes one RLock; the last reader out hands the lock to the
// first waiting writer. m may be nil (host code).
func (rw *RWMutex) RUnlock(m *M) error {
	rw.mu.Lock()
	if rw.readers == 0 {
		rw.mu.Unlock()
		return errRUnlockUnlocked
	}
	rw.readers--
	if rw.readers > 0 || rw.nwwait == 0 {
		rw.mu.Unlock()
		return nil
	}
	sg := rw.wwait.dequeue()
	rw.nwwait--
	rw.writer = true
	gp := sg.g
	rw.mu.Unlock()
	m.releaseSudog(gp.s, sg)
	ready(gp.s, m, gp)
	return nil
}

// Lock write-locks rw: OK, or Parked (when g runs again it holds the lock).
func (rw *RWMutex) Lock(m *M, g *G) Result {
	rw.mu.Lock()
	if !rw.writer && rw.readers == 0 {
		rw.writer = true
		rw.mu.Unlock()
		return OK
	}
	rw.nwwait++
	m.waitOn(g, &rw.wwait, &rw.mu, WaitReasonSyncRWMutexLock)
	return Parked
}

// TryLock write-locks rw if it is free.
func (rw *RWMutex) TryLock() bool {
	rw.mu.Lock()
	defer rw.mu.Unlock()
	if rw.writer || rw.readers > 0 {
		return false
	}
	rw.writer = true
	return true
}

// Unlock undoes Lock: waiting readers all get the lock, else the first
// waiting writer does. m may be nil (host code).
func (rw *RWMutex) Unlock(m *M) error {
	rw.mu.Lock()
	if !rw.writer {
		rw.mu.Unlock()
		return errUnlockUnlockedW
	}
	rw.writer = false
	var glist gList
	var s *Sched
	for sg := rw.rwait.dequeue(); sg != nil; sg = rw.rwait.dequeue() {
		gp := sg.g
		s = gp.s
		rw.readers++
		m.releaseSudog(s, sg)
		glist.push(gp)
	}
	if rw.readers == 0 && rw.nwwait > 0 {
		sg := rw.wwait.dequeue()
		rw.nwwait--
		rw.writer = true
		gp := sg.g
		s = gp.s
		m.releaseSudog(s, sg)
		glist.push(gp)
	}
	rw.mu.Unlock()
	for gp := glist.pop(); gp != nil; gp = glist.pop() {
		ready(s, m, gp)
	}
	return nil
}

// Cond is a condition variable whose lock is a Mutex. Wait queues the G on
// the Cond and unlocks L in one step under the Cond's lock; Signal and
// Broadcast move waiters onto L (the kernel's futex requeue): a waiter is
// readied only once it owns L again, so a resumed Wait has nothing left to
// do. Lock order: Cond.mu, then L.mu.
type Cond struct {
	L       *Mutex
	mu      sync.Mutex
	waiters waitq // mu
}

// Wait unlocks c.L and parks g until Signal or Broadcast and c.L is g's
// again. It always parks (Parked), or fails when c.L is not locked.
func (c *Cond) Wait(m *M, g *G) (Result, error) {
	c.mu.Lock()
	c.L.mu.Lock()
	if !c.L.locked {
		c.L.mu.Unlock()
		c.mu.Unlock()
		return OK, errCondUnlocked
	}
	c.L.mu.Unlock()
	sg := m.acquireSudog(m.s, 0)
	sg.g = g
	c.waiters.enqueue(sg)
	if err := c.L.Unlock(m); err != nil { // hands L on; cannot fail: checked above
		c.mu.Unlock()
		return OK, err
	}
	m.PreparePark(parkUnlock, unsafe.Pointer(&c.mu), WaitReasonSyncCondWait)
	return Parked, nil
}

// Signal wakes one waiter (it runs once it holds c.L). m may be nil.
func (c *Cond) Signal(m *M) {
	c.mu.Lock()
	sg := c.waiters.dequeue()
	if sg != nil {
		c.requeue(m, sg)
	}
	c.mu.Unlock()
}

// Broadcast wakes every waiter. m may be nil.
func (c *Cond) Broadcast(m *M) {
	c.mu.Lock()
	for sg := c.waiters.dequeue(); sg != nil; sg = c.waiters.dequeue() {
		c.requeue(m, sg)
	}
	c.mu.Unlock()
}

// requeue gives c.L to sg's G if it is free (readying it), else queues sg
// on c.L, whose Unlock will hand it over. Must hold c.mu.
func (c *Cond) requeue(m *M, sg *sudog) {
	l := c.L
	l.mu.Lock()
	if l.locked {
		l.waiters.enqueue(sg)
		l.mu.Unlock()
		return
	}
	l.locked = true
	l.mu.Unlock()
	gp := sg.g
	m.releaseSudog(gp.s, sg)
	ready(gp.s, m, gp)
}
