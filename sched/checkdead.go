package sched

import "strings"

// DeadlockError is Run's result when no G can ever run again.
type DeadlockError struct {
	Dump string // every goroutine, as Dump writes it
	Msg  string // "" means the usual message (see Error)
}

func (e *DeadlockError) Error() string {
	if e.Msg != "" {
		return e.Msg
	}
	return "all goroutines are asleep - deadlock!"
}

// checkdead reports a deadlock when no M can make progress
// (proc.go:checkdead). It runs whenever an M stops counting as running:
// an M going idle (mput) or a locked M going to sleep, and when a pending
// external wake is dropped. Must hold s.lock.
//
// Counting: running = Ms created − idle Ms − idle locked Ms, plus pending
// external wakes and stop-the-world callers. An M in a syscall or blocked
// in the poller is not idle, so Gs waiting on I/O, a syscall or a timer
// (some M sleeps in the poller until it) never look deadlocked.
func (s *Sched) checkdead() {
	if s.exiting.Load() || s.gcwaiting.Load() || !s.running.Load() {
		return
	}
	run := s.mcount - s.nmidle - s.nmidlelocked - s.nidlesys + s.npending + s.nstw
	if run > 0 {
		return
	}
	if run < 0 {
		throw("checkdead: inconsistent counts")
	}
	waiting := 0
	s.allglock.Lock()
	for _, gp := range s.allgs {
		switch gp.Status() {
		case StatusWaiting, StatusPreempted:
			waiting++
		case StatusSyscall:
			if gp.idlesys {
				continue // waiting for its host, which may never come
			}
			fallthrough
		case StatusRunnable, StatusRunning:
			s.allglock.Unlock()
			throw("checkdead: runnable g " + gp.Status().String())
		}
	}
	s.allglock.Unlock()
	if waiting == 0 {
		s.deadlocked(&DeadlockError{Msg: "no goroutines (main called runtime.Goexit) - deadlock!"})
		return
	}
	// A pending timer will wake someone.
	for _, pp := range s.ps.Load().allp {
		if pp.timers.len.Load() > 0 {
			return
		}
	}
	var b strings.Builder
	s.writeDump(&b, nil)
	s.deadlocked(&DeadlockError{Dump: b.String()})
}

// deadlocked ends the run with err, unless the OnDeadlock hook handles it.
// Must hold s.lock.
func (s *Sched) deadlocked(err *DeadlockError) {
	if s.cfg.OnDeadlock != nil && s.cfg.OnDeadlock(err) {
		return
	}
	s.shutdownWith(err)
}
