package vm

import (
	"context"
	"errors"
	"io"
	"time"

	"github.com/goro-lang/goro/sched"
)

// RunContext runs the program: it links it, starts the scheduler and runs
// the main module's top-level code in goroutine 1. It returns nil when the
// main goroutine finishes (whatever other goroutines are doing, as in Go),
// *ExitError for os.Exit, *PanicExit for an unrecovered panic in any
// goroutine, *FatalError for a fatal error (deadlock, stack overflow), and
// ctx.Err() when ctx is cancelled. Output is flushed before it returns.
func (rt *Runtime) RunContext(ctx context.Context) (err error) {
	// A run whose ctx is done before it starts does not start: no script
	// code runs, so it has no effect (issue 14, finding 5).
	if err := ctx.Err(); err != nil {
		return err
	}
	defer func() {
		// The final flush, abandoned if ctx ends meanwhile (hostwriter.go).
		stop := context.AfterFunc(ctx, rt.abandonOutput)
		rt.stdout.Flush()
		stop()
		select {
		case <-rt.abandoned():
			if err == nil { // the output was not all delivered
				err = ctx.Err()
			}
		default:
		}
		if wp := rt.writerPanic(); wp != nil && (err == nil || errors.As(err, new(*FatalError))) {
			err = wp
		}
	}()
	if err := rt.link(); err != nil {
		return err
	}
	s := rt.newSched(rt.schedConfig())
	// Host goroutines may call into this run too (net/http handlers, via
	// Caller): done and ctx end their waits when the run ends.
	h := &rt.host
	h.done = make(chan struct{})
	h.ctx, h.cancel = context.WithCancel(context.Background())
	defer close(h.done)
	defer h.cancel()
	main := s.NewMain()
	t := newThread(rt)
	t.id = main.ID
	t.sched = threadSched{g: main}
	t.preempt = &main.Preempt
	main.Ctx = t
	mod := rt.modules[rt.prog.Main]
	mod.started.Store(true)
	if err := t.pushCall(mod.init.Value(), nil, 0, 0, 0, nil); err != nil {
		return err
	}
	stopCancel := context.AfterFunc(ctx, func() {
		rt.abandonOutput()
		s.Shutdown(ctx.Err())
	})
	defer stopCancel()
	stopFlush := rt.flushPeriodically()
	defer stopFlush()

	err = s.Run(main)
	var dl *sched.DeadlockError
	if errors.As(err, &dl) {
		msg := "all goroutines are asleep - deadlock!"
		if dl.Msg != "" {
			msg = dl.Msg
		}
		return &FatalError{Msg: msg, Dump: dl.Dump}
	}
	return err
}

// Run is RunContext without cancellation.
func (rt *Runtime) Run() error { return rt.RunContext(context.Background()) }

// flushPeriodically flushes a non-terminal stdout every 50 ms while the
// program runs, so a reader of a pipe sees progress of a long-running
// script (terminals are line-buffered already).
func (rt *Runtime) flushPeriodically() (stop func()) {
	if rt.stdout.lineMode {
		return func() {}
	}
	done := make(chan struct{})
	go func() {
		tick := time.NewTicker(50 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				rt.stdout.Flush()
			}
		}
	}()
	return func() { close(done) }
}

// Dump writes every goroutine of the running program (for SIGQUIT and
// hosts). Before the program starts it writes nothing.
func (rt *Runtime) Dump(w io.Writer) {
	if s := rt.rs.s.Load(); s != nil {
		s.Dump(w)
	}
}
