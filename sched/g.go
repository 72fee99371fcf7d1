package sched

import (
	"strconv"
	"sync/atomic"
)

// Status is a G's state. The values are Go's (runtime2.go), so scheddetail
// output reads the same.
type Status uint32

const (
	StatusIdle      Status = 0 // just allocated
	StatusRunnable  Status = 1 // on a run queue
	StatusRunning   Status = 2 // executing on an M that holds a P
	StatusSyscall   Status = 3 // in a blocking host call; has an M, does not own a P
	StatusWaiting   Status = 4 // parked; recorded somewhere that will ready it
	StatusDead      Status = 6 // unused, on a free list, or just exited
	StatusCopystack Status = 8 // its stack is being moved (VM use)
	StatusPreempted Status = 9 // stopped for a suspend request
)

var statusStrings = [...]string{
	StatusIdle:      "idle",
	StatusRunnable:  "runnable",
	StatusRunning:   "running",
	StatusSyscall:   "syscall",
	StatusWaiting:   "waiting",
	StatusDead:      "dead",
	StatusCopystack: "copystack",
	7:               "", // unused (Go's _Genqueue_unused)
	StatusPreempted: "preempted",
}

func (s Status) String() string {
	if int(s) < len(statusStrings) && statusStrings[s] != "" {
		return statusStrings[s]
	}
	if s == 5 {
		return "moribund_unused"
	}
	return "???"
}

// legalEdges[from] has bit `to` set when from→to is a legal transition
// (see runtime2.go and HACKING.md "G states"). casStatus rejects the rest.
var legalEdges = [16]uint16{
	StatusIdle:      1 << StatusDead,
	StatusDead:      1 << StatusRunnable,
	StatusRunnable:  1 << StatusRunning,
	StatusRunning:   1<<StatusWaiting | 1<<StatusRunnable | 1<<StatusSyscall | 1<<StatusDead | 1<<StatusCopystack | 1<<StatusPreempted,
	StatusSyscall:   1<<StatusRunning | 1<<StatusRunnable,
	StatusWaiting:   1 << StatusRunnable,
	StatusCopystack: 1 << StatusRunning,
	StatusPreempted: 1 << StatusWaiting,
}

// G is a goroutine: the scheduler's handle on one thread of script
// execution. The VM keeps its interpreter state in Ctx.
type G struct {
	// Read-mostly fields first, so the VM's hot Preempt poll shares its
	// cache line only with fields nobody writes while the G runs.
	ID, ParentID int64 // read-only after creation (NewG / NewMain)
	Ctx          any   // owned by the VM; reused with the G
	// Preempt non-zero asks the running G to stop at its next safe point
	// (a backward jump or a call) and return StopPreempted from Exec.
	Preempt atomic.Uint32
	_       [64 - 8 - 8 - 16 - 4]byte

	status  uint32            // Status; atomic; change only with casStatus
	m       *M                // the M running it, nil unless running or in a syscall (that M only)
	lockedm atomic.Pointer[M] // the M it must run on (LockG, or a blocked ExitSyscall)
	locked  atomic.Bool       // LockG nesting on its M is > 0 (for dumps)
	idlesys bool              // in EnterSyscallIdle (written by its own M under s.lock)
	// System marks a G that belongs to the host rather than the program (a
	// REPL's session driver): dumps leave it out and NumGoroutine does not
	// count it, as Go hides its own system goroutines. Set it before the G
	// first runs; it never changes after.
	System     bool
	waitreason atomic.Uint32 // WaitReason, valid while waiting
	waitsince  atomic.Int64  // Nanotime when it parked (approximate)
	schedlink  *G            // run queue / free list / ready list link
	s          *Sched

	// Channel and select state, owned by the G while it runs and by the
	// channel lock(s) while it waits.
	param      *sudog // the sudog that completed the wait (set by the waker)
	waiting    *sudog // sudogs this G waits on, in channel lock order
	selectDone atomic.Uint32

	// Sleep state: a cached timer, armed by the park's unlock function.
	timer     *Timer
	sleepWhen int64
}

// Status returns g's current state.
func (g *G) Status() Status { return Status(atomic.LoadUint32(&g.status)) }

// WaitReason returns why g waits (meaningful while Status is StatusWaiting).
func (g *G) WaitReason() WaitReason { return WaitReason(g.waitreason.Load()) }

// Locked reports whether g is locked to its M by LockG.
func (g *G) Locked() bool { return g.locked.Load() }

// casStatus moves g from one state to another. It is the only way a
// status changes, and it throws on an edge that is not in legalEdges or
// when g is not in state from: both mean a scheduler bug.
func (g *G) casStatus(from, to Status) {
	if legalEdges[from&15]&(1<<to) == 0 || !atomic.CompareAndSwapUint32(&g.status, uint32(from), uint32(to)) {
		g.badStatus(from, to)
	}
}

func (g *G) badStatus(from, to Status) {
	if from >= 16 || to >= 32 || legalEdges[from]&(1<<to) == 0 {
		throw("casgstatus: illegal transition " + from.String() + " -> " + to.String())
	}
	throw("casgstatus: g " + strconv.FormatInt(g.ID, 10) + " is " + g.Status().String() +
		", not " + from.String() + " (to " + to.String() + ")")
}

// gList is a stack of Gs linked through schedlink.
type gList struct {
	head *G
	size int32
}

func (l *gList) empty() bool { return l.head == nil }

func (l *gList) push(gp *G) {
	gp.schedlink = l.head
	l.head = gp
	l.size++
}

func (l *gList) pop() *G {
	gp := l.head
	if gp != nil {
		l.head = gp.schedlink
		gp.schedlink = nil
		l.size--
	}
	return gp
}

// gQueue is a FIFO of Gs linked through schedlink.
type gQueue struct {
	head, tail *G
	size       int32
}

func (q *gQueue) empty() bool { return q.head == nil }

func (q *gQueue) pushBack(gp *G) {
	gp.schedlink = nil
	if q.tail != nil {
		q.tail.schedlink = gp
	} else {
		q.head = gp
	}
	q.tail = gp
	q.size++
}

func (q *gQueue) push(gp *G) {
	gp.schedlink = q.head
	q.head = gp
	if q.tail == nil {
		q.tail = gp
	}
	q.size++
}

func (q *gQueue) pushBackAll(q2 gQueue) {
	if q2.tail == nil {
		return
	}
	q2.tail.schedlink = nil
	if q.tail != nil {
		q.tail.schedlink = q2.head
	} else {
		q.head = q2.head
	}
	q.tail = q2.tail
	q.size += q2.size
}

func (q *gQueue) pop() *G {
	gp := q.head
	if gp != nil {
		q.head = gp.schedlink
		if q.head == nil {
			q.tail = nil
		}
		gp.schedlink = nil
		q.size--
	}
	return gp
}

const goidBatch = 16 // proc.go:_GoidCacheBatch

// malg allocates a brand-new G (idle → dead) and records it in allgs.
func (s *Sched) malg() *G {
	gp := &G{s: s}
	gp.casStatus(StatusIdle, StatusDead)
	s.allglock.Lock()
	s.allgs = append(s.allgs, gp)
	if s.exiting.Load() {
		// Shutdown marks every G in allgs after setting exiting, under
		// allglock: either it saw this G or we see exiting.
		gp.Preempt.Store(1)
	}
	s.allglock.Unlock()
	return gp
}

// NewMain returns the main G, with ID 1 and no parent, ready for Run.
func (s *Sched) NewMain() *G {
	gp := s.malg()
	gp.ID = 1
	return gp
}

// NewG returns a dead G with a fresh ID, reused from m's P free list when
// possible (its Ctx then still holds the VM's previous state). Start makes
// it runnable.
func (m *M) NewG(parent *G) *G {
	s := m.s
	pp := m.p.Load()
	var gp *G
	if pp != nil {
		gp = s.gfget(pp)
	}
	if gp == nil {
		gp = s.malg()
	}
	if pp != nil {
		if pp.goidcache == pp.goidcacheend {
			pp.goidcache = s.goidgen.Add(goidBatch) - goidBatch + 1
			pp.goidcacheend = pp.goidcache + goidBatch
		}
		gp.ID = pp.goidcache
		pp.goidcache++
	} else {
		gp.ID = s.goidgen.Add(1)
	}
	gp.ParentID = 0
	if parent != nil {
		gp.ParentID = parent.ID
	}
	gp.System = false
	return gp
}

// Start makes a G from NewG runnable (Go's newproc): it goes into runnext
// of m's P, and another M is woken if a P is idle.
func (m *M) Start(gp *G) {
	s := m.s
	gp.casStatus(StatusDead, StatusRunnable)
	if !gp.System {
		s.ngoroutines.Add(1)
	}
	if tr := s.trace.Load(); tr != nil {
		tr.goCreate(m, m.curg.Load(), gp)
	}
	pp := m.p.Load()
	if pp == nil {
		s.lock.Lock()
		s.globrunqput(gp)
		s.startIdleLocked(1)
		s.lock.Unlock()
		return
	}
	pp.runqput(gp, true)
	s.wakep()
}

// gfput puts a dead G on pp's free list, spilling to the global list when
// the local one reaches 64 (down to 31), as proc.go:gfput does.
func (s *Sched) gfput(pp *p, gp *G) {
	pp.gFree.push(gp)
	if pp.gFree.size >= 64 {
		var spill gList
		for pp.gFree.size >= 32 {
			spill.push(pp.gFree.pop())
		}
		s.lock.Lock()
		for !spill.empty() {
			s.gFree.push(spill.pop())
		}
		s.ngfree.Store(s.gFree.size)
		s.lock.Unlock()
	}
	pp.gfreecnt.Store(pp.gFree.size)
}

// gfget takes a dead G from pp's free list, refilling 32 from the global
// list when the local one is empty.
func (s *Sched) gfget(pp *p) *G {
	if pp.gFree.empty() && s.ngfree.Load() > 0 {
		s.lock.Lock()
		for pp.gFree.size < 32 {
			gp := s.gFree.pop()
			if gp == nil {
				break
			}
			pp.gFree.push(gp)
		}
		s.ngfree.Store(s.gFree.size)
		s.lock.Unlock()
	}
	gp := pp.gFree.pop()
	pp.gfreecnt.Store(pp.gFree.size)
	return gp
}
