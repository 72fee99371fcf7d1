package vm

import (
	"fmt"
	"runtime"
)

// runSafe runs the thread like run, but a Go panic inside the interpreter
// or a native never escapes: it becomes a Goro runtime error raised at the
// running frame, which the script may recover (DESIGN.md §5). The deferred
// recover costs one defer per time slice, not per instruction.
func (t *Thread) runSafe() runStop {
	for {
		st, ok := t.runProtected()
		if !ok {
			continue
		}
		// A CPU profile tick, not a request to stop: record the sample
		// and run on (profile.go).
		if st == runPreempt && t.profPending.Load() != 0 && t.profSample("") {
			continue
		}
		return st
	}
}

// runProtected runs until a stop; ok is false when a Go panic was turned
// into a Goro panic and the loop must be entered again to unwind it.
func (t *Thread) runProtected() (st runStop, ok bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, is := r.(shutdownSignal); is {
				t.exitErr = errShutdown
				st, ok = runDie, true
				return
			}
			st, ok = t.raise(goPanicError(r))
		}
	}()
	return t.run(), true
}

// goPanicError words a recovered Go panic as a Goro runtime error. A Go
// runtime error means a bug in the VM or a builtin; anything else is a
// library's own panic message (strings: negative Repeat count).
func goPanicError(r any) error {
	switch e := r.(type) {
	case runtime.Error:
		return Errorf("internal error: %v", e)
	case *PanicError:
		return e
	case error:
		return Errorf("%v", e)
	}
	return Errorf("%v", fmt.Sprint(r))
}
