// Package sched is Goro's goroutine scheduler: an M:N scheduler built the
// way Go's runtime is built (Gs, Ms, Ps, run queues with work stealing,
// sysmon, timers, channels, select, deadlock detection). It knows nothing of
// bytecode: the VM runs a G through Config.Exec and parks it through the
// primitives in this package. See HACKING.md for the design, the invariants
// and the lock order.
package sched

import (
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// Stop tells the scheduler why Exec returned.
type Stop uint8

const (
	StopExit      Stop = iota // the G finished: gdestroy, reuse it
	StopPark                  // the G parks: a park-preparing function returned Parked
	StopYield                 // runtime.Gosched: to the global queue
	StopPreempted             // it saw g.Preempt set at a safe point: to the global queue
)

// Result is the outcome of an operation that may block the G.
type Result uint8

const (
	OK         Result = iota // done without blocking
	WouldBlock               // a non-blocking operation could not proceed
	Parked                   // the G is queued and the park is prepared: Exec must return StopPark
	Closed                   // send on a closed channel
)

// Config configures a Sched.
type Config struct {
	Procs int // number of Ps (>= 1; clamped to MaxProcs)
	// MaxProcs lowers the ceiling on the number of Ps below the package's
	// MaxProcs (0: MaxProcs). GOMAXPROCS requests above it are clamped.
	MaxProcs     int
	Exec         func(m *M, g *G) Stop   // runs g until it stops
	Traceback    func(g *G, w io.Writer) // prints g's frames for dumps; may be nil
	SchedTrace   time.Duration           // print a SCHED line this often (0 = off)
	SchedDetail  bool                    // with SchedTrace: also print P, M and G lines
	TraceOut     io.Writer               // where SCHED lines go (nil: io.Discard)
	LockOSThread bool                    // pin each M's host goroutine to an OS thread
	// OnDeadlock, if set, is called when no G can run again (also with the
	// "no goroutines" verdict) instead of ending Run; returning true means
	// the host has handled it and the scheduler keeps going (a REPL reports
	// a deadlocked prompt and carries on). It runs holding the scheduler's
	// lock: it must not call into the scheduler.
	OnDeadlock func(err *DeadlockError) bool
}

// Tunables, named after their Go counterparts.
const (
	forcePreemptNS   = 10 * time.Millisecond  // time slice (proc.go:forcePreemptNS)
	timerPreemptNS   = 500 * time.Microsecond // preempt a running G when its P's timer is this late (sysmon adds ~1 ms of host timer slack)
	sysmonMinDelay   = 20 * time.Microsecond
	sysmonMaxDelay   = 10 * time.Millisecond
	sysmonDeepSleep  = 60 * time.Second // forcegcperiod/2
	syscallRetakeMax = 10 * time.Millisecond
	stwRepreempt     = 100 * time.Microsecond
	dumpSTWTimeout   = 250 * time.Millisecond
	resizeSTWTimeout = 100 * time.Millisecond
	maxSelectCases   = 1 << 16
)

// Sched is one scheduler instance. Several may live in one process; all
// state hangs off this struct.
type Sched struct {
	cfg   Config
	start time.Time // origin of Nanotime

	// lock is Go's sched.lock. It guards the idle M list, the idle P list,
	// the global run queue, the global free G list, allm, and the counters
	// marked "lock" below. Hold it briefly; never call Exec or Traceback
	// while holding it except from checkdead (see HACKING.md).
	lock         sync.Mutex
	midle        *M           // lock: idle Ms, linked through M.schedlink
	nmidle       int32        // lock
	nmidlelocked int32        // lock: locked Ms waiting for their G
	mcount       int32        // lock: Ms created and not exited (sysmon is not an M)
	mnext        int64        // lock: next M id
	allm         []*M         // lock
	pidle        *p           // lock: idle Ps, LIFO, linked through p.link
	runq         gQueue       // lock: the global run queue
	gFree        gList        // lock: global free Gs
	ngfree       atomic.Int32 // mirror of gFree.size
	stopwait     int32        // lock: Ps still to stop for a stop-the-world
	npending     int32        // lock: AddPendingWake count (counted as running Ms by checkdead)
	nstw         int32        // lock: stop-the-world callers in progress (counted as running Ms)
	nidlesys     int32        // lock: Ms in EnterSyscallIdle (counted as idle Ms)

	npidle       atomic.Int32
	nmspinning   atomic.Int32
	needspinning atomic.Uint32
	runqsize     atomic.Int32 // mirror of runq.size, for lock-free emptiness checks
	gcwaiting    atomic.Bool  // a stop-the-world is pending
	sysmonwait   atomic.Bool  // sysmon is in deep sleep
	procs        atomic.Int32 // GOMAXPROCS
	ps           atomic.Pointer[procSet]
	trace        atomic.Pointer[tracer] // the execution trace being recorded (trace.go), or nil

	// Poller state (Go's sched.lastpoll/pollUntil/pollingNet).
	poller         poller
	netpoll        *netpoller   // the same object as poller (netpoll.go)
	lastpoll       atomic.Int64 // 0: an M is blocked in the poller; else time of the last poll
	pollUntil      atomic.Int64 // when the blocked poller will wake up (0: never)
	pollingNet     atomic.Uint32
	netpollWaiters atomic.Int32

	goidgen     atomic.Int64
	chanidgen   atomic.Uint64
	ngoroutines atomic.Int64
	seed        atomic.Uint64
	coarseNow   atomic.Int64 // a recent Nanotime, refreshed by sysmon and waking Ms

	allglock sync.Mutex // guards allgs (leaf lock)
	allgs    []*G

	sudogs sudogCentral

	worldsema sync.Mutex // serializes stop-the-world users
	stopnote  note       // woken when stopwait reaches 0
	sysmon    sysmonState

	// Lifecycle.
	started    atomic.Bool
	running    atomic.Bool // between Run's start and its return
	exiting    atomic.Bool // Shutdown was called: nothing new starts
	exitMu     sync.Mutex
	exitErr    error
	done       chan struct{} // closed by the first Shutdown
	mexit      chan struct{} // an M exited (cap 1)
	mainG      *G
	bg         sync.WaitGroup // sysmon
	resizeMu   sync.Mutex     // guards want's updates, resizing and resizeDone
	want       atomic.Int32   // pending GOMAXPROCS request (0: none)
	resizing   bool           // resizeMu: a G or sysmon is applying want (stw.go)
	resizeDone chan struct{}  // resizeMu: closed when want is applied
}

// New returns a scheduler with cfg.Procs Ps, all idle. Nothing runs until Run.
func New(cfg Config) *Sched {
	if cfg.Procs < 1 {
		cfg.Procs = 1
	}
	if cfg.TraceOut == nil {
		cfg.TraceOut = io.Discard
	}
	s := &Sched{
		cfg:      cfg,
		start:    time.Now(),
		done:     make(chan struct{}),
		mexit:    make(chan struct{}, 1),
		stopnote: newNote(),
	}
	s.sysmon.note = newNote()
	s.goidgen.Store(1) // goid 1 is the main G
	s.seed.Store(uint64(time.Now().UnixNano()) | 1)
	s.netpoll = newNetpoller(s)
	s.poller = s.netpoll
	s.lastpoll.Store(s.Nanotime())
	s.coarseNow.Store(s.Nanotime())
	s.sudogs.init()
	s.lock.Lock()
	s.procresize(s.clampProcs(cfg.Procs), nil)
	s.releaseStoppedLocked()
	s.lock.Unlock()
	return s
}

// Nanotime is the monotonic clock used by timers, in nanoseconds. It is
// never 0.
func (s *Sched) Nanotime() int64 {
	return int64(time.Since(s.start)) + 1
}

// NumGoroutine reports the number of Gs that are not dead.
func (s *Sched) NumGoroutine() int {
	return int(s.ngoroutines.Load())
}

// Run starts the scheduler with main as its first G and returns when main
// exits (nil), when Shutdown is called (its error), or on deadlock
// (*DeadlockError). Before it returns, every M except those stuck in a
// syscall has stopped running Gs, and no Exec call starts afterwards.
func (s *Sched) Run(main *G) error {
	if !s.started.CompareAndSwap(false, true) {
		return errors.New("sched: Run called twice")
	}
	s.running.Store(true)
	defer s.running.Store(false)
	s.mainG = main
	main.casStatus(StatusDead, StatusRunnable)
	if !main.System {
		s.ngoroutines.Add(1)
	}

	s.bg.Add(1)
	go s.sysmonLoop()

	s.lock.Lock()
	s.globrunqput(main)
	s.lock.Unlock()
	s.startm(nil, false, false)

	<-s.done
	s.waitMs()
	s.bg.Wait()
	// No G runs any more: close the fds the run left open.
	s.netpoll.shutdown()
	s.exitMu.Lock()
	defer s.exitMu.Unlock()
	return s.exitErr
}

// waitMs waits until every M has exited or is in a syscall.
func (s *Sched) waitMs() {
	t := time.NewTimer(time.Millisecond)
	defer t.Stop()
	for {
		busy := false
		s.lock.Lock()
		for _, mp := range s.allm {
			// An M waiting for worldsema is "in a syscall" only so that
			// the current stopper can take its P: that wait ends once
			// the stopper sees exiting, so Run waits for it.
			if mp.alive && (!mp.inSyscall() || mp.stwWait.Load()) {
				busy = true
				mp.park.wakeup()
			}
		}
		s.lock.Unlock()
		if !busy {
			return
		}
		t.Reset(time.Millisecond)
		select {
		case <-s.mexit:
		case <-t.C:
		}
	}
}

// Shutdown makes Run return err (the first call wins). It may be called from
// any goroutine, including from inside Exec: it sets Preempt on running Gs
// and wakes every sleeping M so that it exits.
func (s *Sched) Shutdown(err error) {
	s.exitMu.Lock()
	if s.exiting.Load() {
		s.exitMu.Unlock()
		return
	}
	s.exitErr = err
	s.exiting.Store(true)
	s.exitMu.Unlock()

	s.lock.Lock()
	s.shutdownLocked()
	s.lock.Unlock()
}

// shutdownLocked wakes everything after exiting was set. Must hold s.lock.
//
// Dying is sticky: every G gets Preempt set here, a G allocated later gets
// it in malg, and execute/resumeLocked never leave it cleared once exiting
// is set. So whatever a G was doing when the program began to die (running,
// waiting for worldsema, returning from a syscall, detached from its M by a
// shutdown-reporting ExitSyscall), it stops at its next safe point: no
// one-shot request can be lost. See HACKING.md "Shutdown".
func (s *Sched) shutdownLocked() {
	s.allglock.Lock()
	for _, gp := range s.allgs {
		gp.Preempt.Store(1)
	}
	s.allglock.Unlock()
	for _, mp := range s.allm {
		mp.park.wakeup() // no double-wakeup check: exiting Ms tolerate it
	}
	s.poller.Break()
	s.sysmon.note.wakeup()
	s.stopnote.wakeup()
	select {
	case <-s.done:
	default:
		close(s.done)
	}
}

// shutdownWith is Shutdown for callers that hold s.lock.
func (s *Sched) shutdownWith(err error) {
	s.exitMu.Lock()
	if s.exiting.Load() {
		s.exitMu.Unlock()
		return
	}
	s.exitErr = err
	s.exiting.Store(true)
	s.exitMu.Unlock()
	s.shutdownLocked()
}

// AddPendingWake tells deadlock detection that something outside the
// scheduler (a host goroutine) will call ReadyNoP later (delta > 0), or no
// longer will (delta < 0). While the count is positive, checkdead treats it
// like a running M.
func (s *Sched) AddPendingWake(delta int) {
	s.lock.Lock()
	s.npending += int32(delta)
	if s.npending < 0 {
		s.lock.Unlock()
		throw("AddPendingWake: negative count")
	}
	if delta < 0 {
		s.checkdead()
	}
	s.lock.Unlock()
}

// throw reports a broken scheduler invariant. Like Go's throw it is not
// recoverable in spirit: it means a bug in this package (or a VM that broke
// the contract).
func throw(msg string) {
	panic("sched: " + msg)
}
