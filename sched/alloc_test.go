package sched_test

import (
	"testing"
	"time"

	"github.com/goro-lang/goro/sched"
)

// The park/ready path does not allocate in steady state: sudogs are pooled
// per P, Gs are reused, and the unlock functions are static. Each check
// runs a program at two sizes and looks at the allocations per extra
// operation, so that set-up costs cancel out.
func steadyAllocs(t *testing.T, procs int, build func(s *sched.Sched, n int) *prog) float64 {
	t.Helper()
	measure := func(n int) float64 {
		return testing.AllocsPerRun(1, func() {
			s := newSched(t, procs)
			runMain(t, s, build(s, n))
		})
	}
	const small, large = 2000, 22000
	measure(small) // warm up
	return (measure(large) - measure(small)) / (large - small)
}

func TestAllocsSteadyState(t *testing.T) {
	if raceEnabled || testing.Short() {
		t.Skip("allocation counts differ under -race; slow")
	}
	pingpong := func(s *sched.Sched, n int) *prog {
		ping := sched.NewChan[int](s, 0)
		pong := sched.NewChan[int](s, 0)
		main := newProg(spawn(newProg(repeat(n, recv(ping), send(pong, 0))...)))
		main.steps = append(main.steps, repeat(n, send(ping, 1), recv(pong))...)
		return main
	}
	selects := func(s *sched.Sched, n int) *prog {
		a := sched.NewChan[int](s, 0)
		b := sched.NewChan[int](s, 0)
		cs := []sched.Case[int]{{C: a}, {C: b}}
		main := newProg(spawn(newProg(repeat(n, send(a, 1), send(b, 2))...)))
		main.steps = append(main.steps, repeat(2*n, sel(true, func(*prog) []sched.Case[int] { return cs }))...)
		main.got = make([]int, 0, 2*n)
		return main
	}
	mutex := func(s *sched.Sched, n int) *prog {
		mu := &sched.Mutex{}
		wg := &sched.WaitGroup{}
		body := func() *prog {
			return newProg(append(repeat(n/4, lock(mu), yield(), unlock(mu)), fn(func(p *prog, m *M, g *G) { wg.Done(m) }))...)
		}
		return newProg(fn(func(p *prog, m *M, g *G) { wg.Add(m, 4) }), spawn(body()), spawn(body()), spawn(body()), spawn(body()), wgWait(wg))
	}
	sleeps := func(s *sched.Sched, n int) *prog {
		return newProg(repeat(n/20, sleep(time.Microsecond))...)
	}
	for _, tc := range []struct {
		name  string
		build func(*sched.Sched, int) *prog
	}{{"pingpong", pingpong}, {"select", selects}, {"mutex", mutex}, {"sleep", sleeps}} {
		for _, procs := range []int{1, 2} {
			per := steadyAllocs(t, procs, tc.build)
			t.Logf("%s procs=%d: %.4f allocs/op", tc.name, procs, per)
			if per > 0.01 {
				t.Errorf("%s procs=%d: %.3f allocations per operation", tc.name, procs, per)
			}
		}
	}
}
