package vm

import "context"

// RunContext runs the program: it links it and runs the main module's
// top-level code in goroutine 1. It returns nil when the main goroutine
// finishes, *ExitError for os.Exit, *PanicExit for an unrecovered panic,
// *FatalError for a fatal error, ctx.Err() when ctx is cancelled. Output is
// flushed before it returns.
func (rt *Runtime) RunContext(ctx context.Context) error {
	defer rt.stdout.Flush()
	if err := rt.link(); err != nil {
		return err
	}
	t := newThread(rt)
	t.id = 1
	main := rt.modules[rt.prog.Main]
	main.started.Store(true)
	if err := t.pushCall(main.init.Value(), nil, 0, 0, 0, nil); err != nil {
		return err
	}
	stop := context.AfterFunc(ctx, func() { t.preempt.Store(1) })
	defer stop()
	for {
		switch t.runSafe() {
		case runExit:
			return nil
		case runDie:
			return t.exitErr
		case runYield, runPreempt:
			if err := ctx.Err(); err != nil {
				return err
			}
			continue
		default:
			return &FatalError{Msg: "all goroutines are asleep - deadlock!", Dump: t.dump("chan receive")}
		}
	}
}

// Run is RunContext without cancellation.
func (rt *Runtime) Run() error { return rt.RunContext(context.Background()) }
