package sched_test

import (
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/goro-lang/goro/sched"
)

var stressProcs = []int{1, 2, 8}

func scaled(n int) int {
	if testing.Short() {
		return n / 10
	}
	return n
}

func TestStressPingPong(t *testing.T) {
	n := scaled(100000)
	for _, procs := range stressProcs {
		t.Run(fmt.Sprint(procs), func(t *testing.T) {
			s := newSched(t, procs)
			ping := sched.NewChan[int](s, 0)
			pong := sched.NewChan[int](s, 0)
			sum := 0
			partner := newProg(repeat(n, recv(ping), fn(func(p *prog, m *M, g *G) { sum += p.v }), send(pong, 0))...)
			main := newProg(spawn(partner))
			main.steps = append(main.steps, repeat(n, send(ping, 1), recv(pong))...)
			runMain(t, s, main)
			if sum != n {
				t.Fatal(sum)
			}
		})
	}
}

func TestStressFanIn(t *testing.T) {
	n := scaled(100000)
	for _, procs := range stressProcs {
		t.Run(fmt.Sprint(procs), func(t *testing.T) {
			s := newSched(t, procs)
			c := sched.NewChan[int](s, 16)
			sum := 0
			main := newProg(spawnN(n, func(i int) *prog { return newProg(send(c, i)) }))
			main.steps = append(main.steps, repeat(n, recv(c), fn(func(p *prog, m *M, g *G) { sum += p.v }))...)
			runMain(t, s, main)
			if sum != n*(n-1)/2 {
				t.Fatal(sum)
			}
		})
	}
}

// Many Gs select over a shared set of channels in both directions; every
// value sent is received exactly once.
func TestStressSelect(t *testing.T) {
	const workers, nch = 16, 4
	rounds := scaled(5000)
	for _, procs := range stressProcs {
		t.Run(fmt.Sprint(procs), func(t *testing.T) {
			s := newSched(t, procs)
			var chans []*sched.Chan[int]
			for i := 0; i < nch; i++ {
				chans = append(chans, sched.NewChan[int](s, i%2))
			}
			var sent, received atomic.Int64
			done := sched.NewChan[int](s, workers)
			main := newProg(spawnN(workers, func(w int) *prog {
				if w%2 == 0 {
					// Sender: offers a value on every channel.
					return newProg(append(repeat(rounds,
						sel(true, func(p *prog) []sched.Case[int] {
							cs := make([]sched.Case[int], nch)
							for i, c := range chans {
								cs[i] = sched.Case[int]{C: c, Send: true, V: 1}
							}
							return cs
						}),
						fn(func(p *prog, m *M, g *G) { sent.Add(1) })), send(done, 1))...)
				}
				return newProg(append(repeat(rounds,
					sel(true, func(p *prog) []sched.Case[int] {
						cs := make([]sched.Case[int], nch+1)
						for i, c := range chans {
							cs[i] = sched.Case[int]{C: c}
						}
						return cs // plus a nil case
					}),
					fn(func(p *prog, m *M, g *G) { received.Add(int64(p.v)) })), send(done, 1))...)
			}))
			main.steps = append(main.steps, repeat(workers, recv(done))...)
			runMain(t, s, main)
			if sent.Load() != int64(workers/2*rounds) || received.Load() != sent.Load() {
				t.Fatalf("sent %d received %d", sent.Load(), received.Load())
			}
		})
	}
}

// Close races with blocked and arriving senders, receivers and selects:
// nothing crashes or hangs, and every receiver ends up seeing the close.
func TestStressCloseRace(t *testing.T) {
	rounds := scaled(2000)
	for _, procs := range stressProcs {
		t.Run(fmt.Sprint(procs), func(t *testing.T) {
			s := newSched(t, procs)
			var closedOps, receivers atomic.Int64
			var c *sched.Chan[int]
			var wg *sched.WaitGroup
			start := func(m *M, g *G, q *prog) {
				q.steps = append(q.steps, fn(func(q *prog, m *M, g *G) { wg.Done(m) }))
				ng := m.NewG(g)
				ng.Ctx = q
				m.Start(ng)
			}
			tolerant := func(st step) step {
				return func(q *prog, m *M, g *G) Stop {
					r := st(q, m, g)
					if q.panic != "" {
						closedOps.Add(1)
						q.panic = ""
						return next
					}
					return r
				}
			}
			round := fn(func(p *prog, m *M, g *G) {
				c = sched.NewChan[int](s, p.n%3)
				wg = &sched.WaitGroup{}
				wg.Add(m, 6)
				for i := 0; i < 2; i++ {
					start(m, g, newProg(tolerant(send(c, 1))))
					start(m, g, newProg(recv(c), func(q *prog, m *M, g *G) Stop {
						if q.ok {
							q.pc -= 2 // receive again until closed
							return next
						}
						receivers.Add(1)
						return next
					}))
				}
				cc := c
				start(m, g, newProg(tolerant(sel(true, func(*prog) []sched.Case[int] {
					return []sched.Case[int]{{C: cc}, {C: cc, Send: true, V: 2}}
				}))))
				start(m, g, newProg(yield(), closeCh(c)))
			})
			wait := func(p *prog, m *M, g *G) Stop { return wgWait(wg)(p, m, g) }
			runMain(t, s, newProg(repeat(rounds, round, wait)...))
			if receivers.Load() != int64(2*rounds) {
				t.Fatalf("%d receivers saw the close, want %d", receivers.Load(), 2*rounds)
			}
		})
	}
}
