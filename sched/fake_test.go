package sched_test

import (
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goro-lang/goro/sched"
)

// A fake VM: each G's Ctx is a *prog, a list of steps run in order. A step
// returns next to go on, or a Stop to return from Exec. A step that parks
// decrements pc and sets resuming, so it runs again after the G is resumed
// and can call the matching *Resume function.

type M = sched.M
type G = sched.G
type Stop = sched.Stop

const next Stop = 200

type step func(p *prog, m *M, g *G) Stop

type prog struct {
	steps    []step
	pc       int
	resuming bool
	// scratch
	v      int
	ok     bool
	closed bool
	chosen int
	n      int
	panic  string
	got    []int
}

func run(p *prog, m *M, g *G) Stop {
	for p.pc < len(p.steps) {
		st := p.steps[p.pc]
		p.pc++
		if r := st(p, m, g); r != next {
			return r
		}
	}
	return sched.StopExit
}

func exec(m *M, g *G) Stop { return run(g.Ctx.(*prog), m, g) }

func newProg(steps ...step) *prog { return &prog{steps: steps} }

// again re-runs the current step after the G resumes.
func again(p *prog, s Stop) Stop { p.pc--; return s }

func fn(f func(p *prog, m *M, g *G)) step {
	return func(p *prog, m *M, g *G) Stop { f(p, m, g); return next }
}

func spawn(q *prog) step {
	return func(p *prog, m *M, g *G) Stop {
		ng := m.NewG(g)
		ng.Ctx = q
		m.Start(ng)
		return next
	}
}

// spawnN spawns n progs made by mk.
func spawnN(n int, mk func(i int) *prog) step {
	return func(p *prog, m *M, g *G) Stop {
		for i := 0; i < n; i++ {
			ng := m.NewG(g)
			ng.Ctx = mk(i)
			m.Start(ng)
		}
		return next
	}
}

func send(c *sched.Chan[int], v int) step {
	return func(p *prog, m *M, g *G) Stop {
		if p.resuming {
			p.resuming = false
			if sched.SendResume[int](g) {
				p.panic = "send on closed channel"
				return sched.StopExit
			}
			return next
		}
		switch c.Send(m, g, v, true) {
		case sched.OK:
			return next
		case sched.Parked:
			p.resuming = true
			return again(p, sched.StopPark)
		case sched.Closed:
			p.panic = "send on closed channel"
			return sched.StopExit
		}
		panic("bad result")
	}
}

func recv(c *sched.Chan[int]) step {
	return func(p *prog, m *M, g *G) Stop {
		if p.resuming {
			p.resuming = false
			p.v, p.ok = sched.RecvResume[int](g)
			p.got = append(p.got, p.v)
			return next
		}
		v, ok, r := c.Recv(m, g, true)
		switch r {
		case sched.OK:
			p.v, p.ok = v, ok
			p.got = append(p.got, v)
			return next
		case sched.Parked:
			p.resuming = true
			return again(p, sched.StopPark)
		}
		panic("bad result")
	}
}

func sleep(d time.Duration) step {
	return func(p *prog, m *M, g *G) Stop {
		if p.resuming {
			p.resuming = false
			return next
		}
		if m.Sleep(g, d) == sched.Parked {
			p.resuming = true
			return again(p, sched.StopPark)
		}
		return next
	}
}

// repeat returns body followed by a backward jump taken until body has run
// n times. The jump is a safe point: it honours g.Preempt like the VM does.
func repeat(n int, body ...step) []step {
	k := len(body)
	jump := func(p *prog, m *M, g *G) Stop {
		p.n++
		if p.n < n {
			p.pc -= k + 1
			if g.Preempt.Load() != 0 {
				return sched.StopPreempted
			}
		}
		return next
	}
	return append(append([]step{}, body...), jump)
}

func newSched(t testing.TB, procs int) *sched.Sched {
	return sched.New(sched.Config{Procs: procs, Exec: exec, Traceback: func(g *G, w io.Writer) {}})
}

func TestSmoke(t *testing.T) {
	for _, procs := range []int{1, 2, 4} {
		t.Run(fmt.Sprint(procs), func(t *testing.T) {
			s := newSched(t, procs)
			c := sched.NewChan[int](s, 0)
			var total atomic.Int64
			mainP := newProg(
				spawnN(10, func(i int) *prog {
					return newProg(send(c, i))
				}),
			)
			for i := 0; i < 10; i++ {
				mainP.steps = append(mainP.steps, recv(c), fn(func(p *prog, m *M, g *G) { total.Add(int64(p.v)) }))
			}
			g := s.NewMain()
			g.Ctx = mainP
			if err := s.Run(g); err != nil {
				t.Fatal(err)
			}
			if total.Load() != 45 {
				t.Fatal(total.Load())
			}
		})
	}
}

// runMain runs a scheduler with main as its main G and fails the test on
// an error. A run that hangs for 60 s fails with a dump.
func runMain(t testing.TB, s *sched.Sched, main *prog) {
	t.Helper()
	if err := runErr(t, s, main); err != nil {
		t.Fatal(err)
	}
}

func runErr(t testing.TB, s *sched.Sched, main *prog) error {
	t.Helper()
	g := s.NewMain()
	g.Ctx = main
	errc := make(chan error, 1)
	go func() { errc <- s.Run(g) }()
	timer := time.NewTimer(60 * time.Second)
	defer timer.Stop()
	select {
	case err := <-errc:
		return err
	case <-timer.C:
		var b strings.Builder
		s.Dump(&b)
		t.Fatalf("Run hung; dump:\n%s", b.String())
		return nil
	}
}

func yield() step {
	return func(p *prog, m *M, g *G) Stop { return sched.StopYield }
}

func closeCh(c *sched.Chan[int]) step {
	return func(p *prog, m *M, g *G) Stop {
		if c.Close(m) {
			p.panic = "close of closed channel"
		}
		return next
	}
}

// sel runs a select over cases built by mk (called on every entry, as
// the VM evaluates case expressions); p.chosen/p.v/p.ok get the result.
func sel(block bool, mk func(p *prog) []sched.Case[int]) step {
	return func(p *prog, m *M, g *G) Stop {
		if p.resuming {
			p.resuming = false
			var closed bool
			p.chosen, p.v, p.ok, closed = sched.SelectResume[int](g)
			if closed {
				p.panic = "send on closed channel"
				return sched.StopExit
			}
			p.got = append(p.got, p.chosen)
			return next
		}
		chosen, v, ok, r := sched.Select(m, g, mk(p), block)
		switch r {
		case sched.OK:
			p.chosen, p.v, p.ok = chosen, v, ok
			p.got = append(p.got, chosen)
			return next
		case sched.WouldBlock:
			p.chosen = -1
			p.got = append(p.got, -1)
			return next
		case sched.Parked:
			p.resuming = true
			return again(p, sched.StopPark)
		case sched.Closed:
			p.chosen = chosen
			p.panic = "send on closed channel"
			return sched.StopExit
		}
		panic("bad result")
	}
}

func traceback(g *G, w io.Writer) {
	io.WriteString(w, "main.fake()\n\tfake.goro:1 +0x0\n")
}

func newSchedTB(t testing.TB, procs int) *sched.Sched {
	return sched.New(sched.Config{Procs: procs, Exec: exec, Traceback: traceback})
}

func wgWait(wg *sched.WaitGroup) step {
	return func(p *prog, m *M, g *G) Stop {
		if p.resuming {
			p.resuming = false
			return next
		}
		if wg.Wait(m, g) == sched.Parked {
			p.resuming = true
			return again(p, sched.StopPark)
		}
		return next
	}
}

func lock(mu *sched.Mutex) step {
	return func(p *prog, m *M, g *G) Stop {
		if p.resuming {
			p.resuming = false
			return next
		}
		if mu.Lock(m, g) == sched.Parked {
			p.resuming = true
			return again(p, sched.StopPark)
		}
		return next
	}
}

func unlock(mu *sched.Mutex) step {
	return func(p *prog, m *M, g *G) Stop {
		if err := mu.Unlock(m); err != nil {
			p.panic = err.Error()
			return sched.StopExit
		}
		return next
	}
}

// syscall runs f as a blocking host call.
func syscall(f func()) step {
	return func(p *prog, m *M, g *G) Stop {
		m.EnterSyscall()
		f()
		if !m.ExitSyscall() {
			return sched.StopExit
		}
		return next
	}
}

// waitUntil yields until cond holds (a liveness wait: the 60 s guard of
// runMain catches a hang).
func waitUntil(cond func() bool) step {
	return func(p *prog, m *M, g *G) Stop {
		if cond() {
			return next
		}
		return again(p, sched.StopYield)
	}
}
