package sched

import (
	"math/bits"
	"runtime"
	"sync/atomic"
	"time"
	"unsafe"
)

// M is a worker: one host goroutine running the scheduler loop. It needs a
// P to run Gs. Idle Ms park on their own note.
type M struct {
	s         *Sched
	id        int64
	p         atomic.Pointer[p] // attached P, nil when idle or in a syscall
	nextp     *p                // P handed over by startm/startlockedm before waking us
	oldp      *p                // P held before EnterSyscall
	curg      atomic.Pointer[G] // the G running on this M
	spinning  atomic.Bool       // looking for work (counted in s.nmspinning)
	stwWait   atomic.Bool       // in a syscall only to wait for worldsema (waitMs waits for it)
	park      note
	schedlink *M   // idle list link (s.lock)
	alive     bool // s.lock: the host goroutine has not exited
	ext       bool // an external M (extern.go): runs Gs only inside HostCall

	// Locking (LockG): while lockedInt > 0, lockedg runs only on this M.
	lockedg   atomic.Pointer[G]
	lockedInt int32

	// Arguments of the prepared park, consumed by park after Exec returns.
	waitunlockf func(g *G, arg unsafe.Pointer) bool
	waitlock    unsafe.Pointer
	waitreason  WaitReason
	parkReady   bool

	syscalltick uint32
	traceFast   bool     // findRunnable's first look found the next G (trace.go)
	rnd         uint64   // PRNG state (wyrand)
	order       []uint16 // select scratch: pollorder + lockorder
}

// ID returns the M's id (0, 1, 2, ... in creation order).
func (m *M) ID() int64 { return m.id }

// rand returns a pseudo-random number from the M's own generator.
func (m *M) rand() uint64 {
	m.rnd += 0xa0761d6478bd642f
	hi, lo := bits.Mul64(m.rnd, m.rnd^0xe7037ed1a0b428db)
	return hi ^ lo
}

// randn returns a pseudo-random number in [0, n).
func (m *M) randn(n uint32) uint32 {
	return uint32((uint64(uint32(m.rand())) * uint64(n)) >> 32)
}

// note is a one-shot wake-up with a single sleeper (Go's note). A pending
// wake-up survives until the next sleep consumes it.
type note struct {
	c chan struct{}
	t *time.Timer // for tsleep; only the sleeper touches it
}

func newNote() note { return note{c: make(chan struct{}, 1)} }

// wakeup wakes the sleeper (or the next sleep). It reports false when a
// wake-up was already pending.
func (n *note) wakeup() bool {
	select {
	case n.c <- struct{}{}:
		return true
	default:
		return false
	}
}

func (n *note) sleep() { <-n.c }

// tsleep sleeps at most d and reports whether it was woken.
func (n *note) tsleep(d time.Duration) bool {
	if d <= 0 {
		select {
		case <-n.c:
			return true
		default:
			return false
		}
	}
	if n.t == nil {
		n.t = time.NewTimer(d)
	} else {
		n.t.Reset(d)
	}
	select {
	case <-n.c:
		n.t.Stop()
		return true
	case <-n.t.C:
		return false
	}
}

func (n *note) clear() {
	select {
	case <-n.c:
	default:
	}
}

// spinWait burns about ns nanoseconds while letting other host goroutines
// (other Ms) run: the user-space stand-in for Go's usleep(3) in runqgrab.
func spinWait(ns int64) {
	deadline := time.Now().Add(time.Duration(ns))
	for time.Now().Before(deadline) {
		runtime.Gosched()
	}
}

// allocm creates an M that will start with pp. Must hold s.lock; the caller
// starts it with `go mp.mstart()`. Counting it in mcount right away keeps
// checkdead from seeing "no running M" before the M exists.
func (s *Sched) allocm(pp *p, spinning bool) *M {
	mp := &M{s: s, id: s.mnext, park: newNote(), nextp: pp, alive: true}
	mp.rnd = s.seed.Add(0x9e3779b97f4a7c15)
	mp.spinning.Store(spinning)
	s.mnext++
	s.mcount++
	s.allm = append(s.allm, mp)
	return mp
}

// mstart is the body of an M's host goroutine.
func (m *M) mstart() {
	s := m.s
	if s.cfg.LockOSThread {
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
	}
	defer m.mexit()
	pp := m.nextp
	m.nextp = nil
	if s.exiting.Load() {
		return
	}
	m.acquirep(pp)
	m.schedule()
}

// mexit records that the M's host goroutine is gone.
func (m *M) mexit() {
	if r := recover(); r != nil {
		// A throw (or a VM panic escaping Exec): crash now rather than
		// wait for locks the panicking code may hold.
		panic(r)
	}
	s := m.s
	s.lock.Lock()
	m.alive = false
	s.mcount--
	s.lock.Unlock()
	select {
	case s.mexit <- struct{}{}:
	default:
	}
}

// inSyscall reports whether m is in a blocking call. Must hold s.lock.
func (m *M) inSyscall() bool {
	gp := m.curg.Load()
	return gp != nil && gp.Status() == StatusSyscall
}

// mput puts m on the idle list and checks for deadlock. Must hold s.lock.
func (s *Sched) mput(m *M) {
	m.schedlink = s.midle
	s.midle = m
	s.nmidle++
	s.checkdead()
}

// mget takes an idle M, or returns nil. Must hold s.lock.
func (s *Sched) mget() *M {
	mp := s.midle
	if mp != nil {
		s.midle = mp.schedlink
		mp.schedlink = nil
		s.nmidle--
	}
	return mp
}

// stopm parks m until startm hands it a P. It returns false when the
// scheduler is shutting down (m then holds no P and must exit).
func (m *M) stopm() bool {
	s := m.s
	if m.p.Load() != nil {
		throw("stopm holding p")
	}
	if m.spinning.Load() {
		throw("stopm spinning")
	}
	s.lock.Lock()
	if s.exiting.Load() {
		s.lock.Unlock()
		return false
	}
	s.mput(m)
	s.lock.Unlock()
	m.park.sleep()
	if s.exiting.Load() {
		return false
	}
	s.coarseNow.Store(s.Nanotime())
	m.acquirep(m.nextp)
	m.nextp = nil
	return true
}

// startm makes some M run pp (an idle P if pp is nil; nothing happens when
// there is none): an idle M if there is one, else a new one. With spinning,
// the caller has already counted the M in nmspinning and pp's queue must be
// empty. lockheld says the caller holds s.lock (it is still held on return).
func (s *Sched) startm(pp *p, spinning, lockheld bool) {
	if !lockheld {
		s.lock.Lock()
	}
	if pp == nil {
		if spinning {
			throw("startm: P required for spinning=true")
		}
		pp = s.pidleget()
		if pp == nil {
			if !lockheld {
				s.lock.Unlock()
			}
			return
		}
	}
	if s.sysmonwait.Load() {
		s.wakeSysmonLocked()
	}
	if spinning && !pp.runqempty() {
		throw("startm: p has runnable gs")
	}
	nmp := s.mget()
	if nmp == nil {
		nmp = s.allocm(pp, spinning)
		if !lockheld {
			s.lock.Unlock()
		}
		go nmp.mstart()
		return
	}
	if !lockheld {
		s.lock.Unlock()
	}
	if nmp.spinning.Load() {
		throw("startm: m is spinning")
	}
	if nmp.nextp != nil {
		throw("startm: m has p")
	}
	nmp.spinning.Store(spinning)
	nmp.nextp = pp
	if !nmp.park.wakeup() && !s.exiting.Load() {
		throw("notewakeup: double wakeup")
	}
}

// startIdleLocked starts up to n Ms on idle Ps, for Gs just put on the
// global queue by a caller without a P. Must hold s.lock.
func (s *Sched) startIdleLocked(n int32) {
	for ; n > 0; n-- {
		pp := s.pidlegetSpinning()
		if pp == nil {
			return
		}
		s.startm(pp, false, true)
	}
}
