package vm

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/goro-lang/goro/sched"
)

// Session runs REPL inputs on one runtime, so goroutines started at the
// prompt keep running in the background while the user types and channels
// work across inputs (issue: the REPL).
//
// How: the scheduler runs for the whole session. Goroutine 1 is a driver
// that waits for the next input in a blocking host call that counts as
// idle for deadlock detection (sched's EnterSyscallIdle); each input runs in
// a new "prompt goroutine", whose result (the values to echo, or the report
// of a panic) comes back to the host through a Go channel.
//
//   - A panic in the prompt goroutine is reported and the session goes on;
//     so is a panic in a background goroutine (it ends that goroutine only:
//     gentler than a program, where it ends everything).
//   - A deadlock involving the prompt goroutine is reported (sched's
//     OnDeadlock hook) and the prompt goroutine is abandoned.
//   - Interrupting an input (Ctrl-C) makes a running prompt goroutine panic
//     with "interrupted" at its next safe point; a blocked one is abandoned,
//     and dies the same way if it is ever woken.
//   - os.Exit anywhere ends the session with that status.
type Session struct {
	rt       *Runtime
	mod      *moduleInst
	requests chan *prompt
	deadlock chan deadlockReport // from OnDeadlock while a prompt is blocked
	current  atomic.Pointer[prompt]
	done     chan struct{} // closed when the scheduler stopped
	err      error         // why it stopped (set before done closes)
	sched    *sched.Sched
}

// prompt is one input in flight.
type prompt struct {
	fn     Value
	result chan InputResult // buffered 1: the prompt goroutine never waits
	// thread runs the input from its spawn until it finishes (then nil, so
	// that the Thread, reused by another goroutine, is never interrupted
	// in the input's name). Guarded by mu.
	mu     sync.Mutex
	thread *Thread
	// cancelled is set by abandon: a prompt cancelled before its
	// goroutine started never starts. Guarded by mu.
	cancelled bool
}

// deadlockReport is a deadlock found while prompt pr was blocked.
type deadlockReport struct {
	pr   *prompt
	dump string
}

// InputResult is the outcome of one input.
type InputResult struct {
	// Values are what the input's final expression gave (for the echo).
	Values []Value
	// Report is the text of a panic or fatal error ("panic: ...", the
	// goroutine's frames), or of an interrupt or deadlock.
	Report string
	// Interrupted is set when Eval's context stopped the input.
	Interrupted bool
	// Exit is set when the input called os.Exit (the session is over).
	Exit *ExitError
}

// sessionModuleKey names the session's own module.
const sessionModuleKey = "<repl>"

// NewSession starts a REPL session: a runtime with no program yet and its
// scheduler running in the background.
func NewSession(opts Options) (*Session, error) {
	return StartSession(NewRuntime(&Program{}, opts))
}

// StartSession starts a REPL session on rt, a runtime made with a nil
// program and not started.
func StartSession(rt *Runtime) (*Session, error) {
	rt.inSession = true
	s := &Session{
		rt:       rt,
		mod:      newModuleInst("main", sessionModuleKey),
		requests: make(chan *prompt),
		deadlock: make(chan deadlockReport, 1),
		done:     make(chan struct{}),
	}
	rt.session = s
	cfg := rt.schedConfig()
	cfg.OnDeadlock = s.onDeadlock
	sc := rt.newSched(cfg)
	s.sched = sc
	main := sc.NewMain()
	main.System = true // the driver is not the user's: dumps leave it out
	t := newThread(rt)
	t.id = main.ID
	t.sched = threadSched{g: main}
	t.preempt = &main.Preempt
	main.Ctx = t
	if err := t.pushCall(sessionDriver.Value(), nil, 0, 0, 0, nil); err != nil {
		return nil, err
	}
	stopFlush := rt.flushPeriodically()
	go func() {
		s.err = sc.Run(main)
		stopFlush()
		rt.stdout.Flush()
		close(s.done)
	}()
	return s, nil
}

// Runtime returns the session's runtime.
func (s *Session) Runtime() *Runtime { return s.rt }

// LinkModules links file modules an input imported for the first time, in
// dependency order; their index is the order of all such calls.
func (s *Session) LinkModules(mods []*ModuleProto) error {
	rt := s.rt
	rt.mu.Lock()
	defer rt.mu.Unlock()
	for _, mp := range mods {
		mi := newModuleInst(mp.Name, mp.Key)
		for _, g := range mp.Globals {
			mi.cell(g)
		}
		rt.modules = append(rt.modules, mi)
		fi, err := rt.linkProto(mp.Init, mi)
		if err != nil {
			return err
		}
		mi.init = newClosure(fi, nil)
	}
	return nil
}

// Eval runs one compiled input (its file modules linked first with
// LinkModules) in a new prompt goroutine and waits for it. Cancelling ctx
// interrupts the input. After the session has ended it returns
// ErrSessionClosed.
func (s *Session) Eval(ctx context.Context, p *Proto) (InputResult, error) {
	s.rt.mu.Lock()
	fi, err := s.rt.linkProto(p, s.mod)
	s.rt.mu.Unlock()
	if err != nil {
		return InputResult{}, err
	}
	if ctx.Err() != nil {
		return InputResult{Report: "interrupted", Interrupted: true}, nil
	}
	pr := &prompt{fn: newClosure(fi, nil).Value(), result: make(chan InputResult, 1)}
	select {
	case s.requests <- pr:
	case <-s.done:
		return InputResult{}, s.closedErr()
	}
	defer s.current.CompareAndSwap(pr, nil)
	defer s.rt.stdout.Flush()
	for {
		select {
		case r := <-pr.result:
			if r.Exit != nil {
				// os.Exit in the input ends the session with that status.
				s.sched.Shutdown(r.Exit)
				<-s.done
			}
			return r, nil
		case d := <-s.deadlock:
			if d.pr != pr {
				continue // about an earlier input, found as it ended
			}
			pr.abandon()
			return InputResult{Report: "fatal error: all goroutines are asleep - deadlock!\n\n" + d.dump}, nil
		case <-ctx.Done():
			return s.interrupted(pr)
		case <-s.done:
			return InputResult{}, s.closedErr()
		}
	}
}

// interrupted ends Eval of pr after its context was cancelled.
func (s *Session) interrupted(pr *prompt) (InputResult, error) {
	pr.abandon()
	// A running input stops at its next safe point and reports; a blocked
	// one (or one that never started) is left behind at once: it dies with
	// "interrupted" if it is ever woken. An input in a long host call
	// (reading stdin) gets 200 ms to come back.
	tick := time.NewTicker(time.Millisecond)
	defer tick.Stop()
	deadline := time.Now().Add(200 * time.Millisecond)
	for {
		if pr.blocked() || time.Now().After(deadline) {
			select {
			case r := <-pr.result:
				return r, nil
			default:
			}
			return InputResult{Report: "interrupted", Interrupted: true}, nil
		}
		select {
		case r := <-pr.result:
			return r, nil
		case <-tick.C:
		case <-s.done:
			return InputResult{}, s.closedErr()
		}
	}
}

// blocked reports whether the prompt's goroutine is parked (or never
// started, or already gone).
func (pr *prompt) blocked() bool {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	t := pr.thread
	if t == nil {
		return true
	}
	g := t.sched.g
	return g == nil || g.Status() == sched.StatusWaiting
}

// ErrSessionClosed reports that the session has ended.
var ErrSessionClosed = errors.New("session closed")

func (s *Session) closedErr() error {
	if s.err != nil {
		return s.err
	}
	return ErrSessionClosed
}

// Done is closed when the session has ended (Close, or os.Exit).
func (s *Session) Done() <-chan struct{} { return s.done }

// Err says why the session ended: *ExitError for os.Exit, nil after Close.
func (s *Session) Err() error {
	<-s.done
	return s.err
}

// Close ends the session: background goroutines stop.
func (s *Session) Close() {
	select {
	case <-s.done:
		return
	default:
	}
	s.sched.Shutdown(nil)
	<-s.done
}

// Dump writes every goroutine of the session.
func (s *Session) Dump(w interface{ Write([]byte) (int, error) }) { s.sched.Dump(w) }

// abandon gives up on a prompt goroutine: if it is running it panics with
// "interrupted" at its next safe point; if it is blocked it does so when (if
// ever) it wakes.
func (pr *prompt) abandon() {
	pr.mu.Lock()
	pr.cancelled = true
	if t := pr.thread; t != nil {
		t.interrupt.Store(true)
		t.preempt.Store(1)
	}
	pr.mu.Unlock()
}

// live reports whether the input's goroutine was started and has not
// finished.
func (pr *prompt) live() bool {
	pr.mu.Lock()
	defer pr.mu.Unlock()
	return pr.thread != nil
}

// onDeadlock is the scheduler's OnDeadlock hook (it runs holding the
// scheduler's lock: no calls into sched). With an input's goroutine
// started and not finished, every goroutine, that one included, is blocked
// for good: report it to that input's Eval. Otherwise the session is simply
// idle: goroutines left blocked by earlier inputs may yet be woken by a
// later one.
//
// The report names its prompt: one found just as an input ended can reach
// the next input's Eval, which must not take it for its own.
func (s *Session) onDeadlock(err *sched.DeadlockError) bool {
	pr := s.current.Load()
	if pr == nil || err.Msg != "" || !pr.live() {
		return true
	}
	// Only this hook sends, under the scheduler's lock: replacing a stale
	// report cannot race with another send.
	select {
	case <-s.deadlock:
	default:
	}
	s.deadlock <- deadlockReport{pr: pr, dump: err.Dump}
	return true
}

// sessionDriver is goroutine 1 of a session: it waits for inputs and starts
// a prompt goroutine for each.
var sessionDriver = NewNative("repl.driver", 0, func(t *Thread, args []Value) (Value, error) {
	s := t.rt.session
	for {
		var pr *prompt
		m := t.sched.m
		m.EnterSyscallIdle()
		select {
		case pr = <-s.requests:
		case <-s.done:
		}
		if !m.ExitSyscall() || pr == nil {
			return Nil, errShutdown
		}
		pr.mu.Lock()
		cancelled := pr.cancelled
		pr.mu.Unlock()
		if cancelled {
			pr.result <- InputResult{Report: "interrupted", Interrupted: true}
			continue
		}
		s.current.Store(pr)
		if _, err := t.spawn(pr.fn, nil, creation{}, -1, pr); err != nil {
			pr.result <- InputResult{Report: "panic: " + err.Error()}
		}
	}
})

// finish reports how the prompt goroutine t ended: the values its entry
// frame returned, or the report of what stopped it.
func (pr *prompt) finish(t *Thread) {
	var res InputResult
	switch e := t.exitErr.(type) {
	case nil:
		res.Values = append([]Value(nil), t.stack[:t.top]...)
	case *PanicExit:
		res.Report = e.Text
		if p := t.panics; p != nil && p.link == nil && p.value.Error() == errInterrupted {
			res.Report, res.Interrupted = "interrupted", true
		}
	case *FatalError:
		res.Report = e.Error() + "\n"
		if e.Dump != "" {
			res.Report += "\n" + e.Dump
		}
	case *ExitError:
		res.Exit = e
	default:
		res.Report = t.exitErr.Error()
	}
	pr.mu.Lock()
	pr.thread = nil
	pr.mu.Unlock()
	pr.result <- res
}

// errInterrupted is the panic value of an interrupted input.
var errInterrupted = NewError("interrupted").Error()

// takeInterrupt raises the "interrupted" panic in a thread whose session
// asked it to stop; it reports false when no interrupt is pending.
func (t *Thread) takeInterrupt() (st runStop, stop, ok bool) {
	if !t.interrupt.Swap(false) {
		return 0, false, false
	}
	t.panics = &panicRec{value: fromObj(unsafe.Pointer(errInterrupted)), link: t.panics, startFrame: len(t.frames) - 1}
	st, stop = t.unwind()
	return st, stop, true
}

// sessionPanic handles a goroutine of a session that ended with an
// unrecovered panic or a fatal error: it reports it on stderr and ends only
// that goroutine.
func (rt *Runtime) sessionPanic(t *Thread) {
	var b strings.Builder
	switch e := t.exitErr.(type) {
	case *PanicExit:
		b.WriteString(e.Text)
	case *FatalError:
		b.WriteString(e.Error() + "\n")
		if e.Dump != "" {
			b.WriteString("\n" + e.Dump)
		}
	default:
		b.WriteString(t.exitErr.Error() + "\n")
	}
	rt.stderr.Write([]byte(b.String()))
}
