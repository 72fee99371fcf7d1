package sched

import (
	"errors"
	"sync"
	"unsafe"
)

// Mutex and WaitGroup for scripts: they park the G, never a host thread.
// Each has a short host lock guarding its state and a FIFO of waiting
// sudogs; waiters park with the host lock held until they are Waiting
// (parkUnlock), as channel waiters do.

var (
	errUnlockUnlocked    = errors.New("sync: unlock of unlocked mutex")
	errNegativeWGCounter = errors.New("sync: negative WaitGroup counter")
)

// Mutex is a mutual exclusion lock. Unlock hands the lock directly to the
// first waiter (FIFO), so a woken G owns it without retrying.
type Mutex struct {
	mu      sync.Mutex
	locked  bool  // mu
	waiters waitq // mu
}

// Lock locks mu. It returns OK (g owns it) or Parked (the VM returns
// StopPark; when g runs again it owns the mutex).
func (mu *Mutex) Lock(m *M, g *G) Result {
	mu.mu.Lock()
	if !mu.locked {
		mu.locked = true
		mu.mu.Unlock()
		return OK
	}
	m.waitOn(g, &mu.waiters, &mu.mu, WaitReasonSyncMutexLock)
	return Parked
}

// TryLock locks mu if it is free.
func (mu *Mutex) TryLock() bool {
	mu.mu.Lock()
	defer mu.mu.Unlock()
	if mu.locked {
		return false
	}
	mu.locked = true
	return true
}

// Unlock unlocks mu, handing it to the first waiter if any. m may be nil
// (host code). Unlocking an unlocked mutex is an error.
func (mu *Mutex) Unlock(m *M) error {
	mu.mu.Lock()
	if !mu.locked {
		mu.mu.Unlock()
		return errUnlockUnlocked
	}
	sg := mu.waiters.dequeue()
	if sg == nil {
		mu.locked = false
		mu.mu.Unlock()
		return nil
	}
	gp := sg.g
	mu.mu.Unlock()
	m.releaseSudog(gp.s, sg)
	ready(gp.s, m, gp)
	return nil
}

// WaitGroup waits for a collection of goroutines to finish.
type WaitGroup struct {
	mu      sync.Mutex
	n       int64 // mu
	waiters waitq // mu
}

// Add adds delta to the counter; at zero every waiter is woken. m may be
// nil (host code). A negative counter is an error (and the add is undone).
func (wg *WaitGroup) Add(m *M, delta int) error {
	wg.mu.Lock()
	wg.n += int64(delta)
	if wg.n < 0 {
		wg.n -= int64(delta)
		wg.mu.Unlock()
		return errNegativeWGCounter
	}
	if wg.n > 0 || wg.waiters.first == nil {
		wg.mu.Unlock()
		return nil
	}
	var glist gList
	var s *Sched
	for sg := wg.waiters.dequeue(); sg != nil; sg = wg.waiters.dequeue() {
		gp := sg.g
		s = gp.s
		m.releaseSudog(s, sg)
		glist.push(gp)
	}
	wg.mu.Unlock()
	for gp := glist.pop(); gp != nil; gp = glist.pop() {
		ready(s, m, gp)
	}
	return nil
}

// Done is Add(m, -1).
func (wg *WaitGroup) Done(m *M) error { return wg.Add(m, -1) }

// Wait returns OK if the counter is zero, else parks g until it is
// (Parked: the VM returns StopPark).
func (wg *WaitGroup) Wait(m *M, g *G) Result {
	wg.mu.Lock()
	if wg.n == 0 {
		wg.mu.Unlock()
		return OK
	}
	m.waitOn(g, &wg.waiters, &wg.mu, WaitReasonSyncWaitGroupWait)
	return Parked
}

// waitOn queues g on q and prepares its park; the caller holds mu, which
// the park releases once g is off its M (parkUnlock), so a waker that
// takes mu always finds g queued. The caller then returns Parked.
func (m *M) waitOn(g *G, q *waitq, mu *sync.Mutex, reason WaitReason) {
	sg := m.acquireSudog(m.s, 0)
	sg.g = g
	q.enqueue(sg)
	m.PreparePark(parkUnlock, unsafe.Pointer(mu), reason)
}
