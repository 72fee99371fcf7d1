package sched

import (
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// The execution tracer: what every P did, goroutine by goroutine, over
// time (the facts behind `goro run -trace`). It follows the shape of Go's
// tracer (runtime/trace2*.go) at a much smaller scale:
//
//   - Events go into a buffer owned by the P the recording M holds. Only
//     the M that owns a P writes its buffer (between wirep and releasep or
//     EnterSyscall), and ownership passes through the atomics and locks of
//     the P hand-over, so the hot path takes no lock. Events recorded
//     without a P (sysmon, host goroutines, handoffp) go to one buffer
//     under a mutex: they are rare.
//   - A hook is one line at its call site, `if tr := s.trace.Load(); tr !=
//     nil { ... }`: with tracing off it costs an atomic load (a plain load
//     on amd64 and arm64) and a predictable branch.
//   - StopTrace stops the world (when the scheduler runs) so that no M
//     writes a buffer while they are collected.
//
// Events carry the scheduler's own clock (Nanotime). A goroutine's run on
// a P is the span between its TraceGoStart and the next TraceGoStop on the
// same P; the stop says why (TraceEvent.Arg, a TraceReason).

// TraceKind says what a TraceEvent records.
type TraceKind uint8

const (
	TraceGoStart   TraceKind = iota + 1 // G starts running on P
	TraceGoStop                         // G stops running on P; Arg is the TraceReason, Stack where it stopped; Arg2, if not 0, the G that starts running on P at once
	TraceGoCreate                       // G is created by G Arg; Stack is the creator's, Arg2 the new G's (its function)
	TraceGoUnblock                      // G Arg is made runnable by G (0: a timer, the poller or the host)
	TraceSteal                          // P takes Arg Gs from P Arg2 (G: the first one)
	TraceProcStart                      // M starts holding P
	TraceProcStop                       // M stops holding P
	TraceHandoff                        // P is handed to a new M (handoffp: syscall retake, locked M, GOMAXPROCS)
	TraceRetake                         // sysmon: Arg 1 preempts the G running on P for too long; 2 takes P from a syscall
	TraceCounters                       // Arg: runnable Gs (global plus local queues); Arg2: Ms in syscalls
)

// TraceReason says why a G stopped running (TraceEvent.Arg of a
// TraceGoStop). Below traceReasonBase it is the G's WaitReason (it parked).
type TraceReason int64

const (
	traceReasonBase       TraceReason = 1 << 16
	TraceReasonYield      TraceReason = traceReasonBase + iota // runtime.Gosched
	TraceReasonPreempt                                         // preempted at a safe point (time slice, stop-the-world, timer)
	TraceReasonSyscall                                         // entered a blocking host call
	TraceReasonExit                                            // the goroutine ended
	TraceReasonLockedWait                                      // a locked G (native callback) gave up its M's P
)

// String is the reason as the trace shows it: a wait reason ("chan
// receive", "sleep", "select", "sync.Mutex.Lock", "IO wait") or one of
// "yield", "preempted", "syscall", "exit".
func (r TraceReason) String() string {
	switch r {
	case TraceReasonYield:
		return "yield"
	case TraceReasonPreempt:
		return "preempted"
	case TraceReasonSyscall:
		return "syscall"
	case TraceReasonExit:
		return "exit"
	case TraceReasonLockedWait:
		return "locked wait"
	}
	if r >= 0 && r < traceReasonBase {
		return WaitReason(r).String()
	}
	return "???"
}

// TraceEvent is one recorded event.
type TraceEvent struct {
	TS    int64 // Nanotime
	G     int64 // the goroutine it is about (0: none)
	Arg   int64
	Arg2  int64
	Stack uint64 // Config-independent stack id from the tracer's Stack function (0: none)
	P     int32  // -1: recorded without a P
	M     int32  // -1: sysmon or a host goroutine
	Kind  TraceKind
}

// TraceInfo describes a finished trace.
type TraceInfo struct {
	Start, End int64     // Nanotime of StartTrace and StopTrace
	Wall       time.Time // wall-clock time of Start
}

// TraceSink receives a trace's events as they are recorded, in chunks: all
// the events of one chunk come from one P (p; -1 for events recorded
// without a P), in time order, and the chunks of one P arrive in order.
// Events of different Ps are not ordered with each other. It runs on one
// goroutine of the tracer's own (never on an M), so it may take its time:
// the Ms go on recording meanwhile. The slice is reused after it returns.
type TraceSink func(p int32, evs []TraceEvent)

// traceChunk is the number of events a buffer holds before it is handed
// to the sink.
const traceChunk = 4096

type traceBuf struct {
	cur []TraceEvent
}

// tracer is a trace in progress.
type tracer struct {
	s     *Sched
	stack func(g *G) uint64
	sink  TraceSink
	start int64 // Nanotime
	wall  time.Time
	bufs  []*traceBuf // by P id; bufs[id] is written only by the M owning P id

	// Events are stamped with cputicks; the writer maps them to Nanotime
	// with the rate measured when the trace started.
	startTicks int64
	nsPerTick  float64

	lastCounters int64 // sysmon only: when it last recorded TraceCounters

	mu     sync.Mutex
	global traceBuf // events recorded without a P

	qmu   sync.Mutex
	queue []queuedChunk // full chunks for the writer
	free  [][]TraceEvent
	wake  chan struct{} // cap 1: the queue is not empty, or stopping
	stop  atomic.Bool
	done  chan struct{}
}

type queuedChunk struct {
	p   int32
	evs []TraceEvent
}

// StartTrace starts recording a trace whose events go to sink. stack, if
// not nil, names the stack of a G that is not running (it has just
// stopped, or is creating a G, or was just created) as an id the caller
// can resolve later; it runs on the M, with the G's frames stable, and
// must not call into the scheduler. Only one trace runs at a time.
func (s *Sched) StartTrace(stack func(g *G) uint64, sink TraceSink) error {
	tr := &tracer{s: s, stack: stack, sink: sink, wall: time.Now(), bufs: make([]*traceBuf, s.clampProcs(MaxProcs)),
		wake: make(chan struct{}, 1), done: make(chan struct{})}
	// The tick rate, over a short calibration (the clock reads bracket
	// the tick reads so that the error is the clock's, about a µs in
	// a millisecond).
	n0, t0 := s.Nanotime(), cputicks()
	time.Sleep(2 * time.Millisecond)
	t1, n1 := cputicks(), s.Nanotime()
	tr.nsPerTick = 1
	if t1 > t0 {
		tr.nsPerTick = float64(n1-n0) / float64(t1-t0)
	}
	tr.start, tr.startTicks = n1, t1
	if !s.trace.CompareAndSwap(nil, tr) {
		return errors.New("sched: a trace is already running")
	}
	go tr.writer()
	// The first look at every P, so that a viewer knows what ran before.
	for _, pp := range s.ps.Load().allp {
		if mp := pp.m.Load(); mp != nil {
			ev := TraceEvent{TS: tr.startTicks, P: pp.id, M: int32(mp.id), Kind: TraceProcStart}
			if gp := mp.curg.Load(); gp != nil {
				ev.G = gp.ID
			}
			tr.addGlobal(ev)
		}
	}
	return nil
}

// StopTrace stops the trace: every event recorded has reached the sink
// when it returns. With the scheduler running it stops the world for the
// moment of taking the per-P buffers. ok is false when no trace ran.
func (s *Sched) StopTrace() (info TraceInfo, ok bool) {
	tr := s.trace.Load()
	if tr == nil {
		return TraceInfo{}, false
	}
	started := false
	if s.running.Load() {
		started, _ = s.stopTheWorld(nil, dumpSTWTimeout)
	}
	s.trace.Store(nil)
	end := tr.nanotime(cputicks())
	for id, b := range tr.bufs {
		if b != nil && len(b.cur) > 0 {
			tr.enqueue(int32(id), b.cur)
			b.cur = nil
		}
	}
	tr.mu.Lock()
	if len(tr.global.cur) > 0 {
		tr.enqueue(-1, tr.global.cur)
		tr.global.cur = nil
	}
	tr.mu.Unlock()
	if started {
		s.startTheWorld(nil, 0)
	}
	tr.stop.Store(true)
	select {
	case tr.wake <- struct{}{}:
	default:
	}
	<-tr.done
	return TraceInfo{Start: tr.start, End: end, Wall: tr.wall}, true
}

// nanotime maps a tick stamp to the scheduler's clock.
func (tr *tracer) nanotime(ticks int64) int64 {
	return tr.start + int64(float64(ticks-tr.startTicks)*tr.nsPerTick)
}

// enqueue hands a full chunk to the writer.
func (tr *tracer) enqueue(p int32, evs []TraceEvent) {
	tr.qmu.Lock()
	tr.queue = append(tr.queue, queuedChunk{p, evs})
	tr.qmu.Unlock()
	select {
	case tr.wake <- struct{}{}:
	default:
	}
}

// newChunk returns an empty chunk, reusing one the writer is done with.
func (tr *tracer) newChunk() []TraceEvent {
	tr.qmu.Lock()
	if n := len(tr.free); n > 0 {
		c := tr.free[n-1]
		tr.free = tr.free[:n-1]
		tr.qmu.Unlock()
		return c[:0]
	}
	tr.qmu.Unlock()
	return make([]TraceEvent, 0, traceChunk)
}

// writer feeds queued chunks to the sink until StopTrace.
func (tr *tracer) writer() {
	defer close(tr.done)
	for {
		<-tr.wake
		for {
			tr.qmu.Lock()
			q := tr.queue
			tr.queue = nil
			tr.qmu.Unlock()
			if len(q) == 0 {
				break
			}
			for _, c := range q {
				for i := range c.evs {
					c.evs[i].TS = tr.nanotime(c.evs[i].TS)
				}
				if tr.sink != nil {
					tr.sink(c.p, c.evs)
				}
				tr.qmu.Lock()
				if len(tr.free) < 64 {
					tr.free = append(tr.free, c.evs)
				}
				tr.qmu.Unlock()
			}
		}
		if tr.stop.Load() {
			tr.qmu.Lock()
			empty := len(tr.queue) == 0
			tr.qmu.Unlock()
			if empty {
				return
			}
		}
	}
}

// Tracing reports whether a trace is being recorded.
func (s *Sched) Tracing() bool { return s.trace.Load() != nil }

// add records ev in pp's buffer. The caller's M owns pp.
func (tr *tracer) add(pp *p, ev TraceEvent) {
	b := tr.bufs[pp.id]
	if b == nil {
		b = &traceBuf{}
		tr.bufs[pp.id] = b
	}
	ev.P = pp.id
	if len(b.cur) == cap(b.cur) {
		if b.cur != nil {
			tr.enqueue(pp.id, b.cur)
		}
		b.cur = tr.newChunk()
	}
	b.cur = append(b.cur, ev)
}

func (tr *tracer) addGlobal(ev TraceEvent) {
	tr.mu.Lock()
	b := &tr.global
	if len(b.cur) == cap(b.cur) {
		if b.cur != nil {
			tr.enqueue(-1, b.cur)
		}
		b.cur = tr.newChunk()
	}
	b.cur = append(b.cur, ev)
	tr.mu.Unlock()
}

// emit records ev from m: in m's P buffer when it holds one, else in the
// global buffer.
func (tr *tracer) emit(m *M, ev TraceEvent) {
	ev.TS = cputicks()
	if m != nil {
		ev.M = int32(m.id)
		if pp := m.p.Load(); pp != nil {
			tr.add(pp, ev)
			return
		}
	} else {
		ev.M = -1
	}
	ev.P = -1
	tr.addGlobal(ev)
}

func (tr *tracer) stackOf(gp *G) uint64 {
	if tr.stack == nil || gp == nil {
		return 0
	}
	return tr.stack(gp)
}

// The hooks. Each is called as `if tr := s.trace.Load(); tr != nil {
// tr.hook(...) }`.

func (tr *tracer) goStart(m *M, gp *G) {
	// An M that took gp from its local queue right after the last G
	// stopped (findRunnable's first look: traceFast) starts it at the
	// time of that stop: one clock read less per goroutine switch.
	if m.traceFast {
		m.traceFast = false
		if pp := m.p.Load(); pp != nil {
			if b := tr.bufs[pp.id]; b != nil && len(b.cur) > 0 {
				if last := &b.cur[len(b.cur)-1]; last.M == int32(m.id) && last.Kind == TraceGoStop && last.Arg2 == 0 {
					last.Arg2 = gp.ID // the stop also starts gp: one event per switch less
					return
				}
			}
		}
	}
	tr.emit(m, TraceEvent{G: gp.ID, Kind: TraceGoStart})
}

// goStop records why gp stopped, from the Stop Exec returned (StopPark:
// the wait reason m prepared).
func (tr *tracer) goStop(m *M, gp *G, stop Stop) {
	var r TraceReason
	switch stop {
	case StopPark:
		r = TraceReason(m.waitreason)
	case StopYield:
		r = TraceReasonYield
	case StopPreempted:
		r = TraceReasonPreempt
	default:
		r = TraceReasonExit
	}
	tr.goStopReason(m, gp, r)
}

func (tr *tracer) goStopReason(m *M, gp *G, r TraceReason) {
	var st uint64
	if r != TraceReasonExit && r != TraceReasonPreempt {
		st = tr.stackOf(gp)
	}
	tr.emit(m, TraceEvent{G: gp.ID, Arg: int64(r), Stack: st, Kind: TraceGoStop})
}

func (tr *tracer) goCreate(m *M, parent, gp *G) {
	ev := TraceEvent{G: gp.ID, Kind: TraceGoCreate, Arg2: int64(tr.stackOf(gp))}
	if parent != nil {
		ev.Arg = parent.ID
		ev.Stack = tr.stackOf(parent)
	}
	tr.emit(m, ev)
}

// unblock records that gp became runnable; the waker is m's current G.
// A wake-up by a running G is shown as part of the waker's run (the
// goroutines it woke), so it needs no clock read of its own: it takes the
// time of the run's start, the last event on the P. That saves one of
// the two clock reads of a goroutine switch.
func (tr *tracer) unblock(m *M, gp *G) {
	ev := TraceEvent{G: gp.ID, Kind: TraceGoUnblock}
	if m != nil {
		if w := m.curg.Load(); w != nil && w != gp {
			ev.Arg = w.ID
			if pp := m.p.Load(); pp != nil {
				if b := tr.bufs[pp.id]; b != nil && len(b.cur) > 0 && len(b.cur) < cap(b.cur) {
					ev.TS, ev.M = b.cur[len(b.cur)-1].TS, int32(m.id)
					ev.P = pp.id
					b.cur = append(b.cur, ev)
					return
				}
			}
		}
	}
	tr.emit(m, ev)
}

func (tr *tracer) steal(m *M, victim *p, gp *G, n uint32) {
	tr.emit(m, TraceEvent{G: gp.ID, Arg: int64(n), Arg2: int64(victim.id), Kind: TraceSteal})
}

func (tr *tracer) procStart(m *M, pp *p) {
	tr.add(pp, TraceEvent{TS: cputicks(), M: int32(m.id), Kind: TraceProcStart})
}

func (tr *tracer) procStop(m *M, pp *p) {
	tr.add(pp, TraceEvent{TS: cputicks(), M: int32(m.id), Kind: TraceProcStop})
}

// pEvent records an event about pp from outside its owner (sysmon,
// handoffp): into the global buffer.
func (tr *tracer) pEvent(kind TraceKind, pp *p, arg int64) {
	tr.addGlobal(TraceEvent{TS: cputicks(), P: pp.id, M: -1, Arg: arg, Kind: kind})
}

// counters records the runnable Gs and the Ms in syscalls (from sysmon).
func (tr *tracer) counters(s *Sched) {
	runnable := int64(s.runqsize.Load())
	for _, pp := range s.ps.Load().allp {
		runnable += int64(pp.runqlen())
		if pp.runnext.Load() != nil {
			runnable++
		}
	}
	var insys int64
	s.lock.Lock()
	for _, mp := range s.allm {
		if mp.alive && mp.inSyscall() {
			insys++
		}
	}
	s.lock.Unlock()
	tr.addGlobal(TraceEvent{TS: cputicks(), P: -1, M: -1, Arg: runnable, Arg2: insys, Kind: TraceCounters})
}

// ForEachRunning calls fn with every G running on a P now (for the VM's
// sampling profiler). It reads the P set without locks: a G it reports
// may have stopped by the time fn runs, so fn must only make requests
// (such as setting bits in Preempt) that a G not running tolerates.
func (s *Sched) ForEachRunning(fn func(g *G)) {
	for _, pp := range s.ps.Load().allp {
		if pp.status.Load() != pRunning {
			continue
		}
		if mp := pp.m.Load(); mp != nil {
			if gp := mp.curg.Load(); gp != nil && gp.Status() == StatusRunning {
				fn(gp)
			}
		}
	}
}

// syscall records that gp, running on pp, enters a blocking call: it stops
// running and the M stops holding pp (EnterSyscall leaves pp without
// releasep, and whoever claims it next writes its buffer).
func (tr *tracer) syscall(m *M, pp *p, gp *G) {
	tr.goStopReason(m, gp, TraceReasonSyscall)
	tr.procStop(m, pp)
}

// schedtraceGoro is the part of a SCHED line that Go has not: the
// goroutines alive, the Ms in blocking host calls, and the goroutines
// waiting on the netpoller. Must hold s.lock.
func (s *Sched) schedtraceGoro() string {
	insys := 0
	for _, mp := range s.allm {
		if mp.alive && mp.inSyscall() {
			insys++
		}
	}
	return " goroutines=" + strconv.FormatInt(s.ngoroutines.Load(), 10) +
		" insyscall=" + strconv.Itoa(insys) +
		" netpollwaiters=" + strconv.Itoa(int(s.netpollWaiters.Load()))
}
