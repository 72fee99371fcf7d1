package sched

import (
	"io"
	"slices"
	"strconv"
	"strings"
)

// Dump writes every goroutine, Go-style: a header `goroutine N [status]:`
// and the frames the VM's Traceback prints, goroutines separated by a blank
// line. It stops the world first when the scheduler runs; a G that could
// not be stopped within a short time prints "goroutine running on other
// thread; stack unavailable". Call it from outside the scheduler (a host
// goroutine); a G should use M.Dump.
func (s *Sched) Dump(w io.Writer) { s.dump(w, nil) }

// Dump is Sched.Dump for the G running on m: that G is printed first, as
// running, with its own frames. ok false means the scheduler is shutting
// down: the VM must stop running the G, as after ExitSyscall returned false.
func (m *M) Dump(w io.Writer) (ok bool) {
	m.s.dump(w, m)
	return !m.s.exiting.Load()
}

func (s *Sched) dump(w io.Writer, self *M) {
	started, _ := s.stopTheWorld(self, dumpSTWTimeout)
	if !started && self != nil && s.exiting.Load() {
		return // the caller's G must unwind; other Gs may still run
	}
	var selfG *G
	if self != nil {
		selfG = self.curg.Load()
	}
	s.writeDump(w, selfG)
	if started {
		s.startTheWorld(self, 0)
	}
}

// writeDump prints all live Gs, selfG first and the rest by ID. Gs must
// not run meanwhile (the world is stopped, or everything is idle as in
// checkdead), except those it reports as running on other threads.
func (s *Sched) writeDump(w io.Writer, selfG *G) {
	s.allglock.Lock()
	gs := make([]*G, 0, len(s.allgs))
	for _, gp := range s.allgs {
		if st := gp.Status(); st != StatusDead && st != StatusIdle && !gp.System {
			gs = append(gs, gp)
		}
	}
	s.allglock.Unlock()
	slices.SortFunc(gs, func(a, b *G) int {
		switch {
		case a == selfG:
			return -1
		case b == selfG:
			return 1
		}
		return int(a.ID - b.ID)
	})
	now := s.Nanotime()
	for i, gp := range gs {
		if i > 0 {
			io.WriteString(w, "\n")
		}
		io.WriteString(w, goroutineHeader(gp, now))
		if gp.Status() == StatusRunning && gp != selfG {
			io.WriteString(w, "\tgoroutine running on other thread; stack unavailable\n")
			continue
		}
		if s.cfg.Traceback != nil {
			s.cfg.Traceback(gp, w)
		}
	}
}

// goroutineHeader is traceback.go:goroutineheader: the wait reason for a
// waiting G (else its status), how long it has waited if a minute or more,
// and whether it is locked to its M.
func goroutineHeader(gp *G, now int64) string {
	st := gp.Status()
	status := st.String()
	if st == StatusWaiting && gp.WaitReason() != WaitReasonZero {
		status = gp.WaitReason().String()
	}
	var b strings.Builder
	b.WriteString("goroutine ")
	b.WriteString(strconv.FormatInt(gp.ID, 10))
	b.WriteString(" [")
	b.WriteString(status)
	if ws := gp.waitsince.Load(); (st == StatusWaiting || st == StatusSyscall) && ws != 0 {
		if mins := (now - ws) / 60e9; mins >= 1 {
			b.WriteString(", ")
			b.WriteString(strconv.FormatInt(mins, 10))
			b.WriteString(" minutes")
		}
	}
	if gp.Locked() {
		b.WriteString(", locked to thread")
	}
	b.WriteString("]:\n")
	return b.String()
}

// WithWorldStopped stops the world, calls f with the context (G.Ctx) of
// every live G, and starts the world again. It returns false, without
// calling f, when the world could not be stopped completely (the program
// is shutting down, or a G did not reach a safe point in time): f may
// then not read what the Gs own. The VM measures a run's live memory
// this way (vm/limits.go).
func (m *M) WithWorldStopped(f func(ctxs []any)) bool {
	s := m.s
	started, complete := s.stopTheWorld(m, dumpSTWTimeout)
	if started && complete && !s.exiting.Load() {
		s.allglock.Lock()
		ctxs := make([]any, 0, len(s.allgs))
		for _, gp := range s.allgs {
			if st := gp.Status(); st != StatusDead && st != StatusIdle && gp.Ctx != nil {
				ctxs = append(ctxs, gp.Ctx)
			}
		}
		s.allglock.Unlock()
		f(ctxs)
	}
	if started {
		s.startTheWorld(m, 0)
	}
	return started && complete
}
