package vm

// Run runs the program: it links it and runs the main module's top-level
// code in goroutine 1. It returns nil when the main goroutine finishes,
// *ExitError for os.Exit, *PanicExit for an unrecovered panic, *FatalError
// for a fatal error. Output is flushed before it returns.
func (rt *Runtime) Run() error {
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
	for {
		switch t.runSafe() {
		case runExit:
			return nil
		case runDie:
			return t.exitErr
		case runYield, runPreempt:
			continue
		default:
			return &FatalError{Msg: "all goroutines are asleep - deadlock!", Dump: t.dump("chan receive")}
		}
	}
}
