package vm

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/goro-lang/goro/sched"
)

// A live runtime (embedding): the program's top-level code runs in
// goroutine 1, and then the runtime stays up, with its globals and
// background goroutines, until the host closes it. The host calls script
// functions meanwhile; each call runs as a goroutine of the run, inside
// the scheduler.
//
// Goroutine 1 ends its top-level code in a host frame (liveDriver) that
// reports the load and then waits, as a blocking host call, until Close.
// Because that call counts as a running M, deadlock detection never fires
// while the runtime is live: the host is the program's "main" and may yet
// wake anything (a call blocked on a channel waits for its ctx, as a Go
// goroutine blocked forever would).
//
// A call (HostCaller.Call) reuses a G, a Thread and an external M per
// caller slot (sched/extern.go): the caller's host goroutine runs the G
// itself when a P is idle, and the G parks again when the call returns.
// Slots are kept in a free list; a call allocates nothing.

// hostState is a Runtime's embedding state.
type hostState struct {
	live    bool
	loaded  chan struct{} // closed when the top-level code has finished
	done    chan struct{} // closed when the scheduler has stopped
	closing chan struct{} // closed by Close: the driver returns
	err     error         // why the run ended (set before done closes)
	once    sync.Once     // closes closing

	// ctx is cancelled when the run ends: blocking host functions get it.
	ctx    context.Context
	cancel context.CancelFunc

	mu   sync.Mutex
	free []*HostCaller

	embedder any // see SetEmbedder
}

// Call states.
const (
	callIdle      uint32 = iota
	callRunning          // a call is in flight
	callAbandoned        // the host gave up on it (ctx); the slot is recycled when it ends
)

// HostCaller is a caller slot: one host goroutine's way into the run.
// Get one with Runtime.Caller, give it back with Release.
type HostCaller struct {
	rt   *Runtime
	g    *sched.G
	t    *Thread
	m    *sched.M
	done chan struct{} // cap 1: the call ended on another M

	doneOn *sched.M // the M that ended the call (written and read on it)
	inline bool     // the call ended on c.m, on the caller's goroutine
	state  atomic.Uint32

	// intMu orders a ctx's interrupt against the end of the call it was
	// meant for: seq counts calls, and an interrupt for an older call is
	// dropped.
	intMu sync.Mutex
	seq   uint64

	native []Value // results of a native called by nativeCall

	// ctx is the ctx of the call in flight (set before it starts, cleared
	// by Release): blocking host functions the call makes stop with it.
	ctx context.Context

	// Results and Err are the outcome of the last call: Results alias the
	// slot's buffer (valid until the next call).
	Results []Value
	Err     error
}

// StartLive links and starts the program as a live runtime and waits until
// its top-level code has finished (nil) or the run ended first (its error,
// as RunContext reports it). Cancelling ctx ends the run.
func (rt *Runtime) StartLive(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := rt.link(); err != nil {
		return err
	}
	h := &rt.host
	h.live = true
	h.loaded = make(chan struct{})
	h.done = make(chan struct{})
	h.closing = make(chan struct{})
	h.ctx, h.cancel = context.WithCancel(context.Background())
	s := rt.newSched(rt.schedConfig())
	main := s.NewMain()
	t := newThread(rt)
	t.id = main.ID
	t.sched = threadSched{g: main}
	t.preempt = &main.Preempt
	main.Ctx = t
	mod := rt.modules[rt.prog.Main]
	mod.started.Store(true)
	if err := t.pushCall(liveDriver.Value(), nil, 0, 0, 0, nil); err != nil {
		return err
	}
	if err := t.pushCall(mod.init.Value(), nil, t.frameEnd(), 0, 0, nil); err != nil {
		return err
	}
	stopCancel := context.AfterFunc(ctx, func() {
		rt.abandonOutput()
		s.Shutdown(ctx.Err())
	})
	stopFlush := rt.flushPeriodically()
	go func() {
		err := s.Run(main)
		var dl *sched.DeadlockError
		if errors.As(err, &dl) {
			msg := "all goroutines are asleep - deadlock!"
			if dl.Msg != "" {
				msg = dl.Msg
			}
			err = &FatalError{Msg: msg, Dump: dl.Dump}
		}
		stopCancel()
		stopFlush()
		h.cancel()
		rt.CloseOutput() // nothing reaches the host's writers once Done is closed
		h.err = err
		h.once.Do(func() { close(h.closing) })
		close(h.done)
	}()
	select {
	case <-h.loaded:
		return nil
	case <-h.done:
		if h.err == nil {
			return errors.New("vm: the program ended while loading")
		}
		return h.err
	}
}

// liveDriver is goroutine 1's last frame in a live runtime: it reports that
// the top-level code finished, then waits for Close in a blocking host call.
var liveDriver = NewNative("runtime.host", 0, func(t *Thread, args []Value) (Value, error) {
	h := &t.rt.host
	close(h.loaded)
	m := t.sched.m
	m.EnterSyscallBlock()
	<-h.closing
	m.ExitSyscall()
	return Nil, errShutdown
})

// Close ends a live runtime: every goroutine stops. It returns what ended
// the run if something did before (a panic in a background goroutine,
// os.Exit), else nil.
func (rt *Runtime) Close() error {
	h := &rt.host
	if s := rt.rs.s.Load(); s != nil {
		s.Shutdown(nil)
	}
	h.once.Do(func() { close(h.closing) })
	<-h.done
	return h.err
}

// LiveDone is closed when a live runtime's run has ended; LiveErr says why.
func (rt *Runtime) LiveDone() <-chan struct{} { return rt.host.done }

// LiveErr is why the run ended (after LiveDone is closed): nil for Close.
func (rt *Runtime) LiveErr() error {
	<-rt.host.done
	return rt.host.err
}

// HostContext is cancelled when the run ends: the context blocking host
// functions receive.
func (rt *Runtime) HostContext() context.Context {
	if rt.host.ctx == nil {
		return context.Background()
	}
	return rt.host.ctx
}

// Global returns the main module's global name.
func (rt *Runtime) Global(name string) (Value, bool) {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if rt.prog == nil || rt.prog.Main >= len(rt.modules) {
		return Nil, false
	}
	c := rt.modules[rt.prog.Main].cells[name]
	if c == nil {
		return Nil, false
	}
	return c.V, true
}

// SetGlobal sets the main module's global name; it reports false when the
// program has no such global (the compiler resolved every use of a global
// at compile time: a new name would be seen by nobody).
func (rt *Runtime) SetGlobal(name string, v Value) bool {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	if rt.prog == nil || rt.prog.Main >= len(rt.modules) {
		return false
	}
	c := rt.modules[rt.prog.Main].cells[name]
	if c == nil {
		return false
	}
	c.V = v
	return true
}

// ErrClosed reports a call into a runtime that has ended.
var ErrClosed = errors.New("goro: runtime closed")

// Caller returns a caller slot for one call (from the free list). A live
// runtime takes calls until Close; a run (RunContext) takes them while it
// runs (a library's host goroutines: net/http's handlers).
func (rt *Runtime) Caller() (*HostCaller, error) {
	h := &rt.host
	s := rt.rs.s.Load()
	if s == nil || h.done == nil {
		return nil, errors.New("goro: runtime not started")
	}
	h.mu.Lock()
	if n := len(h.free); n > 0 {
		c := h.free[n-1]
		h.free = h.free[:n-1]
		h.mu.Unlock()
		return c, nil
	}
	h.mu.Unlock()
	c := &HostCaller{rt: rt, done: make(chan struct{}, 1)}
	c.g = s.NewHostG()
	c.m = s.NewExtM()
	c.t = newThreadSized(rt, startStackMin)
	c.t.id = c.g.ID
	c.t.sched = threadSched{g: c.g}
	c.t.preempt = &c.g.Preempt
	c.t.host = c
	c.g.Ctx = c.t
	return c, nil
}

// Release gives a slot back after its call (and after the caller has read
// Results).
func (c *HostCaller) Release() {
	if c.state.Load() != callIdle {
		return // abandoned: it comes back by itself when its call ends
	}
	c.Results = c.Results[:0]
	c.Err = nil
	c.ctx = nil
	h := &c.rt.host
	h.mu.Lock()
	h.free = append(h.free, c)
	h.mu.Unlock()
}

// Call runs fn(args) as a goroutine of the run and waits for it. The
// results are in c.Results, a panic or fatal error in c.Err (the runtime
// goes on). It returns ctx.Err() when ctx ends first (the call is then
// interrupted: it panics at its next safe point, or when it wakes if it is
// blocked, and the slot is recycled when it ends), and the run's error, or
// ErrClosed, when the run ends first.
func (c *HostCaller) Call(ctx context.Context, fn Value, args []Value) error {
	rt := c.rt
	h := &rt.host
	if err := ctx.Err(); err != nil {
		return err
	}
	t := c.t
	if fn.Kind() != KindFunc {
		return callError(fn)
	}
	if fn.Native() != nil {
		// A Go function (a bound method, a module function): called from
		// a trampoline frame, which gives no results; nativeCall collects
		// them.
		args = append([]Value{fn}, args...)
		fn = nativeCall.Value()
	}
	if err := t.pushCall(fn, args, 0, -1, 0, nil); err != nil {
		t.resetHost()
		return err
	}
	s := rt.rs.s.Load()
	c.ctx = ctx
	c.inline = false
	c.doneOn = nil
	c.state.Store(callRunning)
	var stop func() bool
	if ctx.Done() != nil {
		seq := c.seq
		stop = context.AfterFunc(ctx, func() {
			c.intMu.Lock()
			if c.seq == seq {
				c.interrupt()
			}
			c.intMu.Unlock()
		})
	}
	ran, ok := s.HostCall(c.m, c.g)
	if !ok {
		c.endCall(stop)
		c.state.Store(callIdle)
		t.resetHost()
		return rt.closedErr()
	}
	if ran && c.inline {
		c.endCall(stop)
		c.state.Store(callIdle)
		return nil
	}
	select {
	case <-c.done:
	case <-ctx.Done():
		if c.abandon() {
			return ctx.Err()
		}
		<-c.done
	case <-h.done:
		select {
		case <-c.done: // it ended just before the run did
		default:
			return rt.closedErr()
		}
	}
	c.endCall(stop)
	return nil
}

// endCall stops the ctx watch of a call that ended (its slot is the
// caller's again) and drops an interrupt that came too late.
func (c *HostCaller) endCall(stop func() bool) {
	if stop == nil {
		return
	}
	if !stop() {
		c.intMu.Lock()
		c.seq++
		c.t.interrupt.Store(false)
		c.intMu.Unlock()
		return
	}
	c.seq++
}

// closedErr is a call's error after the run ended.
func (rt *Runtime) closedErr() error {
	select {
	case <-rt.host.done:
		if rt.host.err != nil {
			return rt.host.err
		}
	default:
	}
	return ErrClosed
}

// interrupt asks the call's goroutine to panic with "interrupted" at its
// next safe point (ctx ended while it runs).
func (c *HostCaller) interrupt() {
	c.t.interrupt.Store(true)
	c.t.preempt.Store(1)
}

// abandon gives up on a call in flight: it reports false when the call has
// ended meanwhile (the caller then collects it as usual).
func (c *HostCaller) abandon() bool {
	c.intMu.Lock()
	defer c.intMu.Unlock()
	c.interrupt()
	if c.state.CompareAndSwap(callRunning, callAbandoned) {
		c.seq++ // the ctx watch (if any) may still fire: it is for this call
		return true
	}
	c.t.interrupt.Store(false)
	return false
}

// finish ends a call whose goroutine stopped with st (runExit or runDie):
// it records the outcome, makes the thread ready for the next call and
// parks the G, telling the caller in the park's unlock function.
func (c *HostCaller) finish(m *sched.M, t *Thread, st runStop) sched.Stop {
	if st == runExit {
		if c.native != nil {
			c.Results = append(c.Results[:0], c.native...)
			c.native = nil
		} else {
			c.Results = append(c.Results[:0], t.stack[:t.top]...)
		}
		c.Err = nil
	} else {
		switch e := t.exitErr.(type) {
		case *PanicExit, *FatalError:
			c.native = nil
			c.Results = c.Results[:0]
			c.Err = e
			if p := t.panics; p != nil && p.link == nil && p.value.Error() == errInterrupted {
				c.Err = errCallInterrupted
			}
		default:
			// os.Exit ends the whole run; so does a shutdown.
			c.Err = t.exitErr
			if t.exitErr != errShutdown {
				c.rt.rs.s.Load().Shutdown(t.exitErr)
			}
			return sched.StopExit
		}
	}
	t.resetHost()
	c.doneOn = m
	m.PreparePark(hostDone, unsafe.Pointer(c), sched.WaitReasonZero)
	return sched.StopPark
}

// nativeCall calls args[0](args[1:]...) for a host call of a native and
// keeps its results for finish.
var nativeCall = NewNative("runtime.hostcall", 0, func(t *Thread, args []Value) (Value, error) {
	res, err := t.Call(args[0], args[1:]...)
	if err != nil {
		return Nil, err
	}
	if t.host != nil {
		t.host.native = res
	}
	return Nil, nil
})

// errCallInterrupted is a call's error when its ctx interrupted it.
var errCallInterrupted = errors.New("interrupted")

// hostDone is the unlock function of a finished call's park: the G is
// parked (idle) now, so the slot may be reused at once.
func hostDone(_ *sched.G, arg unsafe.Pointer) bool {
	c := (*HostCaller)(arg)
	if c.doneOn == c.m {
		c.inline = true
		return true
	}
	if c.state.CompareAndSwap(callRunning, callIdle) {
		c.done <- struct{}{}
		return true
	}
	// Abandoned: nobody waits; recycle the slot.
	c.state.Store(callIdle)
	c.Release()
	return true
}

// resetHost prepares a host-call thread for its next call (Thread.reset
// without dropping the slot's stack).
func (t *Thread) resetHost() {
	clear(t.stack[:min(len(t.stack), t.used())])
	if len(t.stack) > minStack {
		t.stack = make([]Value, startStackMin)
	}
	t.frames = t.frames[:0]
	t.defers = t.defers[:0]
	t.panics = nil
	t.top = 0
	t.ret2 = Nil
	t.resumed = false
	t.nest = 0
	t.exitErr = nil
	t.interrupt.Store(false)
	t.sched.parked = false
}

// CallContext returns the ctx of the host call this goroutine runs
// (HostCaller.Call), or nil for any other goroutine.
func (t *Thread) CallContext() context.Context {
	if t.host == nil {
		return nil
	}
	return t.host.ctx
}

// Interrupt returns the error with which a native interrupts its goroutine
// at once (the goroutine panics "interrupted", as when a host call's ctx
// ends and it reaches a safe point): for a blocking host function that
// returned because the call's ctx ended.
func Interrupt() error {
	return &PanicError{Value: fromObj(unsafe.Pointer(errInterrupted))}
}

// SyscallBlock runs f, a host call known to block (a network request, a
// database query): the goroutine's processor is handed to another thread
// at once, so other goroutines keep running meanwhile.
func (t *Thread) SyscallBlock(f func()) {
	m := t.sched.m
	if m == nil {
		f()
		return
	}
	m.EnterSyscallBlock()
	defer t.exitSyscall()
	f()
}

// Frame is one frame of a goroutine's stack, innermost first.
type Frame struct {
	Func string // qualified: "main.handler"
	File string
	Line int
	Col  int
}

// Frames returns the goroutine's frames, innermost first (trampolines
// left out).
func (t *Thread) Frames() []Frame {
	var out []Frame
	for i := len(t.frames) - 1; i >= 0; i-- {
		f := &t.frames[i]
		if f.flags&flagTrampoline != 0 {
			continue
		}
		p := f.cl.fn.proto
		pos := p.PosAt(f.curPC())
		out = append(out, Frame{Func: p.QualifiedName(), File: p.File, Line: int(pos.Line), Col: int(pos.Col)})
	}
	return out
}

// SetEmbedder attaches the embedding package's state to the runtime (its
// value converter); Embedder returns it. Set it before the run starts.
func (rt *Runtime) SetEmbedder(x any) { rt.host.embedder = x }

// Embedder returns what SetEmbedder attached.
func (rt *Runtime) Embedder() any { return rt.host.embedder }

// PanicValue returns the value of the panic in flight in the thread (after
// Call returned the unwind error), if any.
func (t *Thread) PanicValue() (Value, bool) {
	if t.panics == nil {
		return Nil, false
	}
	return t.panics.value, true
}

// Unwinding reports whether err is the error Call returns while a panic
// unwinds past a native (which the native must return unchanged).
func Unwinding(err error) bool { return err == errUnwind }
