package sched_test

import (
	"fmt"
	"io"
	"math/rand"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goro-lang/goro/sched"
)

// TestChaos mixes everything at once: selects with timer timeouts over
// shared channels, mutexes, sleeps, syscalls, nested (locked) sections,
// yields, spawning; while a host goroutine resizes GOMAXPROCS and dumps.
// At the end every value sent was received or is still buffered.
func TestChaos(t *testing.T) {
	const workers, nch = 24, 6
	rounds := scaled(3000)
	for _, procs := range []int{1, 2, 8} {
		t.Run(fmt.Sprint(procs), func(t *testing.T) {
			s := newSchedTB(t, procs)
			var chans []*sched.Chan[int]
			for i := 0; i < nch; i++ {
				chans = append(chans, sched.NewChan[int](s, i%3))
			}
			var sent, received atomic.Int64
			mu := &sched.Mutex{}
			inCrit := 0
			wg := &sched.WaitGroup{}

			// selectStep: send to one channel, receive from another, or
			// time out after ~100µs (each G has its own timer channel).
			type timeout struct {
				tc *sched.Chan[int]
				tm *sched.Timer
			}
			var worker func(w int) *prog
			worker = func(w int) *prog {
				r := rand.New(rand.NewSource(int64(w)))
				to := &timeout{tc: sched.NewChan[int](s, 1)}
				selectStep := func(to *timeout) step {
					tc := to.tc
					a, b := r.Intn(nch), r.Intn(nch)
					prep := fn(func(p *prog, m *M, g *G) {
						tc.Recv(m, g, false) // drain a stale timeout
						if to.tm == nil {
							to.tm = s.NewTimer(m, 100*time.Microsecond, 0, func(m *M, now int64) { tc.Send(m, nil, 1, false) })
						} else {
							to.tm.Reset(100 * time.Microsecond)
						}
					})
					sl := sel(true, func(p *prog) []sched.Case[int] {
						return []sched.Case[int]{{C: chans[a], Send: true, V: 1}, {C: chans[b]}, {C: tc}}
					})
					count := fn(func(p *prog, m *M, g *G) {
						switch p.chosen {
						case 0:
							sent.Add(1)
						case 1:
							received.Add(int64(p.v))
						}
					})
					return seq(prep, sl, count)
				}
				var steps []step
				for i := 0; i < rounds; i++ {
					switch r.Intn(11) {
					case 0, 1, 2, 3:
						steps = append(steps, selectStep(to))
					case 4:
						steps = append(steps, lock(mu), fn(func(p *prog, m *M, g *G) {
							if inCrit != 0 {
								t.Error("mutual exclusion broken")
							}
							inCrit++
						}), yield(), fn(func(p *prog, m *M, g *G) { inCrit-- }), unlock(mu))
					case 5:
						steps = append(steps, sleep(time.Duration(r.Intn(200))*time.Microsecond))
					case 6:
						d := time.Duration(r.Intn(100)) * time.Microsecond
						steps = append(steps, syscall(func() { time.Sleep(d) }))
					case 7:
						steps = append(steps, nested(newProg(selectStep(to), yield(), selectStep(to))))
					case 8:
						steps = append(steps, yield())
					case 10:
						n := 1 + r.Intn(8)
						steps = append(steps, func(p *prog, m *M, g *G) Stop {
							ok := true
							if n%2 == 0 {
								ok = m.Dump(io.Discard)
							} else {
								_, ok = m.GOMAXPROCS(n)
							}
							if !ok {
								return sched.StopExit // shutting down: as the VM unwinds
							}
							return next
						})
					case 9:
						// A tracked child with its own timer.
						cto := &timeout{tc: sched.NewChan[int](s, 1)}
						child := newProg(selectStep(cto), fn(func(p *prog, m *M, g *G) {
							cto.tm.Stop()
							wg.Done(m)
						}))
						steps = append(steps, fn(func(p *prog, m *M, g *G) { wg.Add(m, 1) }), spawn(child))
					}
				}
				steps = append(steps, fn(func(p *prog, m *M, g *G) {
					if to.tm != nil {
						to.tm.Stop()
					}
					wg.Done(m)
				}))
				return newProg(steps...)
			}
			main := newProg(fn(func(p *prog, m *M, g *G) { wg.Add(m, workers) }), spawnN(workers, worker), wgWait(wg),
				fn(func(p *prog, m *M, g *G) {
					// Drain what is still buffered.
					for _, c := range chans {
						for {
							v, _, r := c.Recv(m, g, false)
							if r != sched.OK {
								break
							}
							received.Add(int64(v))
						}
					}
				}))
			stop := make(chan struct{})
			hostDone := make(chan struct{})
			go func() {
				defer close(hostDone)
				r := rand.New(rand.NewSource(99))
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					case <-time.After(2 * time.Millisecond):
					}
					if i%3 == 0 {
						s.Dump(io.Discard)
					} else {
						s.GOMAXPROCS(1 + r.Intn(8))
					}
				}
			}()
			runMain(t, s, main)
			close(stop)
			<-hostDone
			if sent.Load() != received.Load() {
				t.Fatalf("sent %d, received %d", sent.Load(), received.Load())
			}
		})
	}
}

// seq makes one step out of several (so that a random program can be
// built from fixed-size pieces). A sub-step that parks has already moved
// p.pc back to this step (again); seq remembers where to resume.
func seq(steps ...step) step {
	i, inside := 0, false
	return func(p *prog, m *M, g *G) Stop {
		if !inside {
			i = 0
		}
		for i < len(steps) {
			r := steps[i](p, m, g)
			if r == next {
				i++
				continue
			}
			if p.resuming {
				inside = true // come back to steps[i]
				return r
			}
			inside = false
			return r
		}
		inside = false
		return next
	}
}
