package sched

import (
	"sync/atomic"
)

// P states (runtime2.go). Only the M that owns a running P moves it out of
// pRunning; pSyscall Ps are claimed by CAS (sysmon's retake, a
// stop-the-world, or the M returning from its syscall).
const (
	pIdle    uint32 = 0 // on the idle list or in transition; run queue empty
	pRunning uint32 = 1 // owned by one M
	pSyscall uint32 = 2 // its M is in a syscall; up for grabs
	pGCStop  uint32 = 3 // halted for a stop-the-world; keeps its run queue
	pDead    uint32 = 4 // removed by a GOMAXPROCS shrink
)

const runqSize = 256

// p is a processor (a P): the right to run Gs, plus the per-P resources
// that make running them cheap (a lock-free run queue, free Gs, sudogs,
// timers).
type p struct {
	id     int32
	s      *Sched
	status atomic.Uint32
	link   *p                // idle list link (s.lock)
	m      atomic.Pointer[M] // owning M, nil when idle or in a syscall

	schedtick   atomic.Uint32 // +1 per execute that starts a new time slice (owner writes)
	syscalltick atomic.Uint32 // +1 per syscall and per retake
	sysmontick  sysmontick    // sysmon's last observation (sysmon only)

	// The local run queue: a ring written at tail by the owner only; head
	// advanced by CAS by the owner and by thieves. Slots are atomic so that
	// a thief's racy read is a race-detector-clean atomic read; the head CAS
	// discards stale reads.
	runqhead atomic.Uint32
	runqtail atomic.Uint32
	runq     [runqSize]atomic.Pointer[G]
	// runnext is the G readied by the running G: it runs next and
	// inherits the time slice. Only the owner sets it non-nil.
	runnext atomic.Pointer[G]

	gFree        gList        // owner: dead Gs for reuse
	gfreecnt     atomic.Int32 // gFree.size, for schedtrace
	goidcache    int64        // owner: next goid of the cached batch
	goidcacheend int64
	sudogCache   [][]*sudog // owner: per sudog class

	timers timers
}

type sysmontick struct {
	schedtick   uint32
	schedwhen   int64
	syscalltick uint32
	syscallwhen int64
}

func newP(s *Sched, id int32) *p {
	pp := &p{id: id, s: s}
	pp.timers.pp = pp
	return pp
}

// procSet is the immutable shape of the current P set: replaced as a whole
// by procresize (with the world stopped), so an M that dropped its P can
// keep reading a snapshot safely.
type procSet struct {
	allp   []*p
	idle   pMask // the P is on the idle list
	timerp pMask // the P may have timers
	order  randomOrder
}

// pMask is a bitmap with one bit per P.
type pMask []atomic.Uint32

func newPMask(n int32) pMask { return make(pMask, (n+31)/32) }

func (p pMask) read(id int32) bool {
	return p[id/32].Load()&(1<<(id%32)) != 0
}

func (p pMask) set(id int32)   { p[id/32].Or(1 << (id % 32)) }
func (p pMask) clear(id int32) { p[id/32].And(^uint32(1 << (id % 32))) }

// randomOrder enumerates all Ps in a pseudo-random order: a random start
// and a random stride coprime with the count visit every P exactly once
// (proc.go:randomOrder).
type randomOrder struct {
	count    uint32
	coprimes []uint32
}

type randomEnum struct {
	i, count, pos, inc uint32
}

func (ord *randomOrder) reset(count uint32) {
	ord.count = count
	ord.coprimes = ord.coprimes[:0]
	for i := uint32(1); i <= count; i++ {
		if gcd(i, count) == 1 {
			ord.coprimes = append(ord.coprimes, i)
		}
	}
}

func (ord *randomOrder) start(r uint32) randomEnum {
	return randomEnum{
		count: ord.count,
		pos:   r % ord.count,
		inc:   ord.coprimes[r/ord.count%uint32(len(ord.coprimes))],
	}
}

func (e *randomEnum) done() bool { return e.i == e.count }

func (e *randomEnum) next() {
	e.i++
	e.pos = (e.pos + e.inc) % e.count
}

func (e *randomEnum) position() uint32 { return e.pos }

func gcd(a, b uint32) uint32 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// wirep attaches an idle P to m. The P must be idle with no M.
func (m *M) wirep(pp *p) {
	if m.p.Load() != nil {
		throw("wirep: already in go")
	}
	if pp.m.Load() != nil || pp.status.Load() != pIdle {
		throw("wirep: invalid p state")
	}
	m.p.Store(pp)
	pp.m.Store(m)
	pp.status.Store(pRunning)
	if tr := m.s.trace.Load(); tr != nil {
		tr.procStart(m, pp)
	}
}

// acquirep is wirep plus the bookkeeping of a P that starts running.
func (m *M) acquirep(pp *p) {
	m.wirep(pp)
}

// releasep detaches m's P and returns it, idle and unowned.
func (m *M) releasep() *p {
	pp := m.p.Load()
	if pp == nil {
		throw("releasep: no p")
	}
	if pp.m.Load() != m || pp.status.Load() != pRunning {
		throw("releasep: invalid p state")
	}
	if tr := m.s.trace.Load(); tr != nil {
		tr.procStop(m, pp)
	}
	m.p.Store(nil)
	pp.m.Store(nil)
	pp.status.Store(pIdle)
	return pp
}

// pidleput puts pp on the idle list. Must hold s.lock; pp's run queue must
// be empty.
func (s *Sched) pidleput(pp *p) {
	if !pp.runqempty() {
		throw("pidleput: P has non-empty run queue")
	}
	ps := s.ps.Load()
	// Under the timers lock, so that a concurrent add to this P's heap
	// (Timer.Reset from a host goroutine) cannot have its mask bit cleared.
	pp.timers.mu.Lock()
	if len(pp.timers.heap) == 0 {
		ps.timerp.clear(pp.id)
	}
	pp.timers.mu.Unlock()
	ps.idle.set(pp.id)
	pp.link = s.pidle
	s.pidle = pp
	s.npidle.Add(1)
}

// pidleget takes a P off the idle list, or returns nil. Must hold s.lock.
func (s *Sched) pidleget() *p {
	pp := s.pidle
	if pp != nil {
		ps := s.ps.Load()
		ps.timerp.set(pp.id)
		ps.idle.clear(pp.id)
		s.pidle = pp.link
		pp.link = nil
		s.npidle.Add(-1)
	}
	return pp
}

// pidlegetSpinning is pidleget for an M that wants to spin: when no P is
// idle it sets needspinning, so that an M about to drop its P spins instead
// (the "delicate dance", HACKING.md). Must hold s.lock.
func (s *Sched) pidlegetSpinning() *p {
	pp := s.pidleget()
	if pp == nil {
		s.needspinning.Store(1)
	}
	return pp
}
