package vm

import (
	"errors"
	"io"
	"runtime"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/goro-lang/goro/sched"
)

// The binding between the interpreter and package sched. sched schedules
// Gs and owns the primitives that park and ready them (channels, select,
// timers, sync); it knows nothing of bytecode. The VM runs a G by calling
// Thread.run from Exec, and turns its runStops into sched.Stops.
//
// Blocking operations are restartable: an opcode or native that must wait
// calls a sched function that queues the G and prepares the park (result
// sched.Parked), then the loop rewinds pc to the instruction and returns
// runPark. When the G is resumed, exec sets t.resumed and the same
// instruction runs again: it sees t.resumed and collects its result with the
// matching *Resume function.

// threadSched is a Thread's scheduler binding.
type threadSched struct {
	g *sched.G
	m *sched.M // the M running the thread now (set by exec)
	// parked is set when the thread stopped in runPark: its next run
	// re-executes a blocking instruction in resumed mode.
	parked bool
}

// runtimeSched is a Runtime's scheduler binding.
type runtimeSched struct {
	s atomic.Pointer[sched.Sched] // set once when the run starts; read by Dump from any goroutine
}

// errShutdown ends a goroutine whose program is shutting down while it was
// in a blocking host call.
var errShutdown = errors.New("vm: program shutting down")

// shutdownSignal unwinds a native out of Thread.Syscall when the program
// shut down meanwhile; runProtected catches it.
type shutdownSignal struct{}

// exec is sched.Config.Exec: it runs g until it stops.
func (rt *Runtime) exec(m *sched.M, g *sched.G) sched.Stop {
	t := g.Ctx.(*Thread)
	t.sched.m = m
	if len(t.frames) == 0 { // it could not even start (see spawn)
		if t.exitErr != nil {
			rt.rs.s.Load().Shutdown(t.exitErr)
		}
		t.reset()
		return sched.StopExit
	}
	if t.sched.parked {
		t.sched.parked = false
		t.resumed = true
	}
	if t.interrupt.Load() {
		t.preempt.Store(1) // stop at the next safe point, after the resumed op
	}
	st := t.runSafe()
	for st == runPreempt {
		s, stop, ok := t.takeInterrupt()
		if !ok {
			break
		}
		if st = s; !stop {
			st = t.runSafe()
		}
	}
	switch st {
	case runPark:
		t.sched.parked = true
		t.maybeShrink()
		return sched.StopPark
	case runYield:
		return sched.StopYield
	case runPreempt:
		t.maybeShrink()
		return sched.StopPreempted
	case runDie:
		if t.host != nil {
			return t.host.finish(m, t, st)
		}
		if t.prompt != nil {
			t.prompt.finish(t)
			t.reset()
			return sched.StopExit
		}
		switch e := t.exitErr.(type) {
		case *PanicExit, *FatalError:
			if rt.inSession { // a REPL goes on: only this goroutine ends
				rt.sessionPanic(t)
				t.reset()
				return sched.StopExit
			}
			rt.rs.s.Load().Shutdown(e)
		default:
			if t.exitErr != errShutdown {
				rt.rs.s.Load().Shutdown(t.exitErr)
			}
		}
		return sched.StopExit
	}
	// runExit: the goroutine's function returned. For the main goroutine
	// that ends the program (Run returns).
	if t.host != nil {
		return t.host.finish(m, t, st)
	}
	if t.prompt != nil {
		t.prompt.finish(t)
	}
	if g.ID != 1 {
		t.reset()
	}
	return sched.StopExit
}

// traceback is sched.Config.Traceback: it prints a G's frames for dumps.
// It must not call into the scheduler.
func (rt *Runtime) traceback(g *sched.G, w io.Writer) {
	if t, ok := g.Ctx.(*Thread); ok {
		io.WriteString(w, t.Traceback())
	}
}

// goStmt starts fn(args) at stack[a:] in a new goroutine.
func (t *Thread) goStmt(a, nargs int) error {
	f := &t.frames[len(t.frames)-1]
	at := creation{parentID: t.id, fn: f.cl.fn.proto, pos: f.cl.fn.proto.PosAt(f.curPC())}
	_, err := t.spawn(t.stack[a], t.stack[a+1:a+1+nargs], at, 0, nil)
	return err
}

// spawn starts fn(args) in a new goroutine created at site at. want is how
// many results its entry frame keeps (0; -1 for a REPL input, whose results
// are echoed) and pr, when set, the REPL input it runs.
func (t *Thread) spawn(fn Value, args []Value, at creation, want int, pr *prompt) (*Thread, error) {
	if fn.IsNil() {
		return nil, Errorf("go of nil func value")
	}
	if fn.Kind() != KindFunc {
		return nil, callError(fn)
	}
	m := t.sched.m
	if m == nil {
		return nil, Errorf("go statement outside a scheduler")
	}
	need := 2 + len(args)
	if c := fn.Closure(); c != nil {
		need = 1 + max(len(args), c.fn.nregs)
		// Check the call before taking a G, so a failed go statement
		// leaves nothing behind.
		p := c.fn.proto
		if !p.Variadic && len(args) != p.NParams {
			return nil, ArityError(p.Name, len(args), p.NParams)
		}
		if p.Variadic && len(args) < p.NParams-1 {
			return nil, Errorf("wrong number of arguments in call to %s: have %d, want at least %d", p.Name, len(args), p.NParams-1)
		}
	}
	if err := t.goroutineLimit(t.rt.Sched()); err != nil {
		return nil, err
	}
	if err := t.Reserve(threadBytes+int64(need)*16, "too many goroutines: out of memory for a new stack"); err != nil {
		return nil, err
	}
	g := m.NewG(t.sched.g)
	nt, _ := g.Ctx.(*Thread)
	if nt == nil {
		nt = newThreadSized(t.rt, 0)
		g.Ctx = nt
	}
	nt.startStack(need)
	nt.id = g.ID
	nt.sched = threadSched{g: g}
	nt.preempt = &g.Preempt
	nt.creator = at
	nt.prompt = pr
	if pr != nil {
		pr.mu.Lock()
		pr.thread = nt
		pr.mu.Unlock()
	}
	if err := nt.pushCall(fn, args, 0, want, 0, nil); err != nil {
		// Only a stack overflow is left (the arity was checked): the new
		// goroutine dies at once with that fatal error, as it would have on
		// its first call.
		nt.exitErr = err
	}
	m.Start(g)
	return nt, nil
}

// runNested runs a nested interpreter loop (Call from a native). The G is
// locked to its M meanwhile: if the callback blocks, the M hands its P off
// and sleeps until the G is scheduled again (sched's locked-M mechanism).
func (t *Thread) runNested() runStop {
	m := t.sched.m
	if m != nil {
		m.LockG()
		defer m.UnlockG()
	}
	for {
		st := t.runSafe()
		for st == runPreempt {
			s, stop, ok := t.takeInterrupt()
			if !ok {
				break
			}
			if st = s; !stop {
				st = t.runSafe()
			}
		}
		var stop sched.Stop
		switch st {
		case runPark:
			stop = sched.StopPark
		case runYield:
			stop = sched.StopYield
		case runPreempt:
			stop = sched.StopPreempted
		default:
			return st
		}
		if m == nil {
			if st == runPark {
				t.exitErr = &FatalError{Msg: "all goroutines are asleep - deadlock!", Dump: t.dump("running")}
				return runDie
			}
			continue
		}
		if !m.StopLocked(stop) {
			t.exitErr = errShutdown
			return runDie
		}
		t.sched.m = m
		if st == runPark {
			t.resumed = true
		}
	}
}

func (t *Thread) enterSyscall() {
	if m := t.sched.m; m != nil {
		m.EnterSyscall()
	}
}

// Continue is for natives that call a scheduler function reporting
// whether the program goes on (sched.M.GOMAXPROCS, M.Dump): with ok false
// the program is shutting down and the goroutine unwinds at once, as after
// a blocking call that returned during shutdown. It does not return then.
func (t *Thread) Continue(ok bool) {
	if !ok {
		panic(shutdownSignal{})
	}
}

func (t *Thread) exitSyscall() {
	if m := t.sched.m; m != nil && !m.ExitSyscall() {
		panic(shutdownSignal{})
	}
}

// ---------------------------------------------------------------------------
// Access for natives (time, sync, runtime modules)

// M returns the scheduler M running the thread now.
func (t *Thread) M() *sched.M { return t.sched.m }

// G returns the thread's goroutine.
func (t *Thread) G() *sched.G { return t.sched.g }

// Sched returns the runtime's scheduler (nil outside a run).
func (rt *Runtime) Sched() *sched.Sched { return rt.rs.s.Load() }

// Yield is what runtime.Gosched's native returns: the goroutine yields its
// processor and goes on later.
func (t *Thread) Yield() error { return errYield }

// ID returns the goroutine's id.
func (t *Thread) ID() int64 { return t.id }

// ---------------------------------------------------------------------------
// Channels

// ChanObj is a channel value.
type ChanObj struct {
	hdr
	c *sched.Chan[Value]
}

// Cap returns the channel's capacity.
func (c *ChanObj) Cap() int { return c.c.Cap() }

// Len returns the number of queued values.
func (c *ChanObj) Len() int { return c.c.Len() }

// Raw returns the scheduler channel (for natives that send from timers).
func (c *ChanObj) Raw() *sched.Chan[Value] { return c.c }

// NewChan makes a channel value of capacity size in this runtime.
func (rt *Runtime) NewChan(size int) (Value, error) {
	s := rt.rs.s.Load()
	if size < 0 || s == nil {
		return Nil, PlainErrorf("makechan: size out of range")
	}
	return fromObj(unsafe.Pointer(&ChanObj{hdr: hdr{kind: KindChan}, c: sched.NewChan[Value](s, size)})), nil
}

func notChan(v Value) error {
	return Errorf("invalid operation: <- on %s", v.TypeName())
}

// send is ch <- v.
func (t *Thread) send(ch, v Value) (park bool, err error) {
	g := t.sched.g
	if t.resumed {
		t.resumed = false
		if sched.SendResume[Value](g) {
			return false, PlainErrorf("send on closed channel")
		}
		return false, nil
	}
	c := ch.Chan()
	if c == nil {
		if ch.IsNil() && t.sched.m != nil {
			t.sched.m.ParkForever(sched.WaitReasonChanSendNilChan)
			return true, nil
		}
		return false, notChan(ch)
	}
	switch c.c.Send(t.sched.m, g, v, true) {
	case sched.Parked:
		return true, nil
	case sched.Closed:
		return false, PlainErrorf("send on closed channel")
	}
	return false, nil
}

// recv is <-ch.
func (t *Thread) recv(ch Value) (v Value, ok, park bool, err error) {
	g := t.sched.g
	if t.resumed {
		t.resumed = false
		v, ok = sched.RecvResume[Value](g)
		return v, ok, false, nil
	}
	c := ch.Chan()
	if c == nil {
		if ch.IsNil() && t.sched.m != nil {
			t.sched.m.ParkForever(sched.WaitReasonChanReceiveNilChan)
			return Nil, false, true, nil
		}
		return Nil, false, false, notChan(ch)
	}
	v, ok, r := c.c.Recv(t.sched.m, g, true)
	if r == sched.Parked {
		return Nil, false, true, nil
	}
	return v, ok, false, nil
}

// selCase is one select case as the scheduler sees it.
type selCase = sched.Case[Value]

// selectOp runs a select over the cases in regs (pairs: channel, value to
// send) with kinds 's'/'r'; out gets the chosen index (-1 for default), the
// received value and ok.
func (t *Thread) selectOp(out, regs []Value, kinds string, hasDefault bool) (park bool, err error) {
	g := t.sched.g
	if t.resumed {
		t.resumed = false
		chosen, v, ok, closed := sched.SelectResume[Value](g)
		clear(t.selCases)
		if closed {
			return false, PlainErrorf("send on closed channel")
		}
		out[0], out[1], out[2] = Int(int64(chosen)), v, Bool(ok)
		return false, nil
	}
	if t.sched.m == nil {
		return false, Errorf("select outside a scheduler")
	}
	n := len(kinds)
	if cap(t.selCases) < n {
		t.selCases = make([]selCase, n)
	}
	cases := t.selCases[:n]
	for i := 0; i < n; i++ {
		ch := regs[2*i]
		var c *sched.Chan[Value]
		if co := ch.Chan(); co != nil {
			c = co.c
		} else if !ch.IsNil() {
			return false, notChan(ch)
		}
		cases[i] = selCase{C: c, Send: kinds[i] == 's', V: regs[2*i+1]}
	}
	chosen, v, ok, r := sched.Select(t.sched.m, g, cases, !hasDefault)
	switch r {
	case sched.Parked:
		return true, nil
	case sched.Closed:
		clear(cases)
		return false, PlainErrorf("send on closed channel")
	case sched.WouldBlock:
		chosen = -1
	}
	clear(cases)
	out[0], out[1], out[2] = Int(int64(chosen)), v, Bool(ok)
	return false, nil
}

// ---------------------------------------------------------------------------
// Running a program

// schedConfig builds the scheduler's configuration for this runtime.
func (rt *Runtime) schedConfig() sched.Config {
	procs := rt.opts.Procs
	if procs <= 0 {
		// The CPUs this process may use, as Go's own runtime counts them:
		// it honours a cgroup CPU quota (a container given 2 of 64 cores
		// gets 2) and the host's GOMAXPROCS, which NumCPU would ignore.
		procs = runtime.GOMAXPROCS(0)
	}
	cfg := sched.Config{
		Procs:       procs,
		Exec:        rt.exec,
		Traceback:   rt.traceback,
		SchedTrace:  time.Duration(rt.opts.SchedTrace) * time.Millisecond,
		SchedDetail: rt.opts.SchedDetail,
		TraceOut:    rt.stderr,
	}
	if rt.opts.Sandbox && rt.opts.Procs > 0 {
		// The host's Procs is a ceiling runtime.GOMAXPROCS cannot pass.
		cfg.MaxProcs = rt.opts.Procs
	}
	return cfg
}
