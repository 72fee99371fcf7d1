package vm

import (
	"sync/atomic"
)

// Thread is one goroutine's whole interpreter state: value stack, frames,
// pc, defers and panics. Nothing of it lives on the Go stack between
// instructions, so the scheduler can stop a Thread between any two
// instructions and resume it on another host thread (DESIGN.md §3).
//
// Only the host goroutine currently running the Thread touches it, except
// preempt, which the scheduler sets from outside.
type Thread struct {
	rt *Runtime

	// stack holds every frame's registers. Frames address it by index, never
	// by pointer, so growing it by copying needs no fix-ups.
	stack []Value
	// frames[len-1] is the running frame.
	frames []frame
	// top is the end (absolute index) of a variable-length run of values:
	// the results of a call that wanted all of them, or a spread list.
	top int

	defers []deferRec
	// panics is the innermost active panic; earlier ones hang off link.
	panics *panicRec

	ret2    Value // second result of a two-result native (Ret2)
	ret3    Value // third result of a three-result native (Ret3)
	resumed bool  // re-executing the instruction that parked (Resumed)

	// nest counts nested interpreter loops (native→script callbacks).
	nest int

	// preempt points at the word the scheduler sets to ask the thread to
	// stop at its next safe point (backward jump or call).
	preempt *atomic.Uint32
	// ownPreempt backs preempt when the thread is not run by a scheduler.
	ownPreempt atomic.Uint32
	// fuel counts down the steps to the next visit of the slow path of
	// the safe-point check (tick, limits.go); memTicks counts those visits.
	fuel     int32
	memTicks uint32
	// interrupt asks the thread to panic with "interrupted" at its next
	// safe point (a REPL input cancelled with Ctrl-C).
	interrupt atomic.Bool
	// profPending counts CPU profile ticks not yet recorded (profile.go);
	// the sampler adds to it from outside.
	profPending atomic.Uint32
	// memNext is the bytes left to allocate before the next allocation
	// sample, at sampling rate memRate (profile.go; owner only).
	memNext, memRate int64
	// ttrace caches the stack last named for the execution trace (trace.go).
	ttrace threadTrace

	id      int64
	creator creation // where the goroutine was started (for tracebacks)

	// prompt is the REPL input this goroutine runs (session.go), or nil.
	prompt *prompt
	// host is the caller slot whose calls this goroutine runs (host.go),
	// or nil.
	host *HostCaller

	// selCases is reused by OpSelect between selects.
	selCases []selCase

	// exitErr is set when the goroutine ends the program (unrecovered panic,
	// fatal error, os.Exit): the value Exec reports.
	exitErr error

	sched threadSched // scheduler binding (sched.go)
}

// creation records the go statement that started a goroutine.
type creation struct {
	parentID int64
	fn       *Proto // function containing the go statement
	pos      Pos
}

// frame is one active call.
type frame struct {
	cl   *Closure
	pc   int32 // next instruction, saved while this frame is not running
	base int32 // stack index of R[0]
	ret  int32 // stack index where results go
	want int16 // results the caller wants: -1 all (sets top), else exactly
	// (0 discards any number)
	flags uint8
	// panic is the panic whose unwinding started this deferred call
	// (flagDefer frames only); recover() checks it.
	panic *panicRec
}

// Frame flags.
const (
	flagDefer      = 1 << iota // runs a deferred call; its results are discarded
	flagNestBase               // the nested loop (Call) that pushed it returns when it does
	flagTrampoline             // the CALLNATIVE trampoline: hidden in tracebacks, recover() ignores it
	flagReturnNil              // recovered: run the remaining defers, then return nils
	flagAtPC                   // pc points at (not after) the instruction to run: it re-executes
	flagDefers                 // a defer statement ran in this frame (RETURN checks t.defers)
)

// deferRec is one pending deferred call.
type deferRec struct {
	frame int // index of the frame that deferred it
	fn    Value
	args  []Value
}

// panicRec is one panic in flight.
type panicRec struct {
	value     Value
	link      *panicRec // the panic this one interrupted, if any
	recovered bool
	// startFrame is the frame that raised it; deferFrame the frame whose
	// deferred call is running for it now (where a recovery returns).
	startFrame int
	deferFrame int
}

const (
	// minStack is the largest starting stack: 2 KB of Values (DESIGN.md
	// §4). A goroutine starts with what its first function needs, rounded
	// up to a power of two, between startStackMin and minStack (see
	// startStack).
	minStack = 2048 / 16
	// startStackMin is the smallest starting stack.
	startStackMin = 512 / 16
	// parkedStackMin is the smallest stack a parked goroutine shrinks to.
	parkedStackMin = 512 / 16
	// stackGuard is headroom above a frame that natives and the
	// trampoline may use without a check (Go's stackNosplit analogue).
	stackGuard = 16
	// frameBytes approximates a frame's share of the stack limit.
	frameBytes = 48
)

func newThread(rt *Runtime) *Thread {
	return newThreadSized(rt, minStack)
}

// newThreadSized makes a thread whose stack starts with n Values.
func newThreadSized(rt *Runtime, n int) *Thread {
	t := &Thread{rt: rt}
	t.stack = make([]Value, n)
	t.frames = make([]frame, 0, 2)
	t.preempt = &t.ownPreempt
	return t
}

// reset prepares a finished thread for reuse by a new goroutine.
func (t *Thread) reset() {
	// A grown stack is dropped; a small one is cleared and kept (the next
	// goroutine sizes it; see startStack).
	if len(t.stack) > minStack {
		t.stack = nil
	} else {
		clear(t.stack)
	}
	t.frames = t.frames[:0]
	t.defers = t.defers[:0]
	t.panics = nil
	t.top = 0
	t.ret2 = Nil
	t.ret3 = Nil
	t.resumed = false
	t.nest = 0
	t.exitErr = nil
	t.creator = creation{}
	t.interrupt.Store(false)
	t.prompt = nil
}

// startStack gives a goroutine whose first frame needs need Values (its
// function slot, arguments and registers) a stack: the need plus the guard,
// rounded up to a power of two, at least startStackMin and at most minStack
// Values; calls grow it from there by doubling. A million goroutines parked
// in small functions thus cost a few hundred bytes of stack each instead of
// 2 KB (the "parked" benchmark: peak RSS per parked goroutine), and the
// garbage collector scans that much less.
func (t *Thread) startStack(need int) {
	n := startStackMin
	for n < need+stackGuard && n < minStack {
		n *= 2
	}
	if len(t.stack) < n || len(t.stack) > minStack {
		t.stack = make([]Value, n)
	}
}

// stackBytes is what counts against the maximum stack size.
func (t *Thread) stackBytes(values, frames int) int64 {
	return int64(values)*16 + int64(frames)*frameBytes
}

// ensureStack makes stack[:need] valid, growing by doubling and copying as
// Go's newstack does. Like Go, it fails with a fatal stack overflow when the
// doubled stack (plus the frames) would exceed the runtime's maximum.
func (t *Thread) ensureStack(need int) error {
	if need <= len(t.stack) {
		return nil
	}
	n := len(t.stack) * 2
	for n < need+stackGuard {
		n *= 2
	}
	if t.stackBytes(n, cap(t.frames)) > t.rt.maxStack.Load() {
		return t.stackOverflow()
	}
	if t.rt.mem.limit > 0 && t.Reserve(int64(n)*16, "stack growth") != nil {
		// More stack than the whole memory limit: the run cannot hold it.
		return &FatalError{Msg: "out of memory: the run holds more than " + FormatBytes(t.rt.mem.limit), Limit: "memory"}
	}
	s := make([]Value, n)
	copy(s, t.stack)
	t.stack = s
	return nil
}

// pushFrame appends a frame, growing the frame array under the same limit.
func (t *Thread) pushFrame(f frame) error {
	if len(t.frames) == cap(t.frames) {
		if t.stackBytes(len(t.stack), 2*cap(t.frames)) > t.rt.maxStack.Load() {
			return t.stackOverflow()
		}
	}
	t.frames = append(t.frames, f)
	return nil
}

// maybeShrink halves the stack while less than a quarter of it is in use
// (called at safe points: park and preemption; only the owner resizes). A
// parked goroutine may go below the 2 KB a goroutine starts with, down to
// parkedStackMin: a million goroutines blocked in small functions then cost
// little more than their frames (issue: "parked" benchmark). The guard
// headroom is always kept.
func (t *Thread) maybeShrink() {
	if len(t.stack) <= parkedStackMin && cap(t.frames) <= 64 {
		return // the common case on every park: nothing to shrink
	}
	inUse := t.frameEnd()
	n := len(t.stack)
	for inUse*4 < n && n/2 >= max(parkedStackMin, inUse+stackGuard) {
		n /= 2
	}
	if n < len(t.stack) {
		s := make([]Value, n)
		copy(s, t.stack[:inUse])
		t.stack = s
	}
	if cap(t.frames) > 64 && len(t.frames) < cap(t.frames)/4 {
		f := make([]frame, len(t.frames), cap(t.frames)/2)
		copy(f, t.frames)
		t.frames = f
	}
}

// used is the high end of the stack in use by live frames.
func (t *Thread) used() int { return t.frameEnd() + stackGuard }

func (t *Thread) stackOverflow() error {
	return &FatalError{Msg: "stack overflow", Dump: ""}
}

// frameEnd returns the stack index just past the running frame's registers
// (and past top when a variable-length run extends further): where a call
// pushed from Go (a deferred call, a nested Call) may put its frame.
func (t *Thread) frameEnd() int {
	end := t.top
	if n := len(t.frames); n > 0 {
		f := &t.frames[n-1]
		nr := f.cl.fn.proto.NRegs
		if f.flags&flagTrampoline != 0 {
			// R[0] native, R[1] argument count, then the arguments.
			nr = 2 + int(t.stack[f.base+1].n)
		}
		if e := int(f.base) + nr; e > end {
			end = e
		}
	}
	return end
}

// hasDefer reports whether the frame at index fi has a pending defer.
func (t *Thread) hasDefer(fi int) bool {
	n := len(t.defers)
	return n > 0 && t.defers[n-1].frame == fi
}
