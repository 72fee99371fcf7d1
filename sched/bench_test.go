package sched_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/goro-lang/goro/sched"
)

// Benchmarks run fake-VM programs; each has a native Go twin so that the
// ratio can be read side by side:
//
//	go test ./sched -run XXX -bench . -benchmem -count 5

func runBench(b *testing.B, s *sched.Sched, main *prog) {
	g := s.NewMain()
	g.Ctx = main
	b.ResetTimer()
	cpu := cpuTime()
	if err := s.Run(g); err != nil {
		b.Fatal(err)
	}
	reportCPU(b, cpu)
}

// reportCPU adds CPU time per op (all threads) since start.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
}

func benchSched(b *testing.B, procs int, locked bool) *sched.Sched {
	return sched.New(sched.Config{Procs: procs, Exec: exec, LockOSThread: locked})
}

var benchConfigs = []struct {
	procs  int
	locked bool
}{{1, false}, {2, false}, {1, true}, {2, true}}

func configName(procs int, locked bool) string {
	if locked {
		return fmt.Sprintf("procs=%d/lockosthread", procs)
	}
	return fmt.Sprintf("procs=%d", procs)
}

// PingPong: b.N round trips over two unbuffered channels.
func BenchmarkPingPong(b *testing.B) {
	for _, bc := range benchConfigs {
		b.Run(configName(bc.procs, bc.locked), func(b *testing.B) {
			s := benchSched(b, bc.procs, bc.locked)
			ping := sched.NewChan[int](s, 0)
			pong := sched.NewChan[int](s, 0)
			n := b.N
			main := newProg(spawn(newProg(repeat(n, recvDiscard(ping), send(pong, 0))...)))
			main.steps = append(main.steps, repeat(n, send(ping, 1), recvDiscard(pong))...)
			runBench(b, s, main)
		})
	}
}

func BenchmarkPingPongNative(b *testing.B) {
	ping := make(chan int)
	pong := make(chan int)
	n := b.N
	defer reportCPU(b, cpuTime())
	go func() {
		for i := 0; i < n; i++ {
			<-ping
			pong <- 0
		}
	}()
	for i := 0; i < n; i++ {
		ping <- 1
		<-pong
	}
}

// Spawn: b.N Gs that exit at once (signalling a WaitGroup); the fake VM
// reuses the dead G's Ctx, as the VM does.
func BenchmarkSpawn(b *testing.B) {
	for _, bc := range benchConfigs {
		b.Run(configName(bc.procs, bc.locked), func(b *testing.B) {
			s := benchSched(b, bc.procs, bc.locked)
			wg := &sched.WaitGroup{}
			done := fn(func(p *prog, m *M, g *G) { wg.Done(m) })
			n := b.N
			main := newProg(fn(func(p *prog, m *M, g *G) { wg.Add(m, n) }),
				func(p *prog, m *M, g *G) Stop {
					for i := 0; i < n; i++ {
						ng := m.NewG(g)
						if q, ok := ng.Ctx.(*prog); ok {
							q.pc = 0
						} else {
							ng.Ctx = newProg(done)
						}
						m.Start(ng)
						if g.Preempt.Load() != 0 && i+1 < n {
							n -= i + 1
							return again(p, sched.StopPreempted)
						}
					}
					return next
				},
				wgWait(wg))
			runBench(b, s, main)
		})
	}
}

func BenchmarkSpawnNative(b *testing.B) {
	defer reportCPU(b, cpuTime())
	var wg sync.WaitGroup
	wg.Add(b.N)
	for i := 0; i < b.N; i++ {
		go wg.Done()
	}
	wg.Wait()
}

// ThreadRing: 503 Gs in a ring pass a token b.N hops.
func BenchmarkThreadRing(b *testing.B) {
	const ring = 503
	for _, bc := range benchConfigs {
		b.Run(configName(bc.procs, bc.locked), func(b *testing.B) {
			s := benchSched(b, bc.procs, bc.locked)
			chans := make([]*sched.Chan[int], ring)
			for i := range chans {
				chans[i] = sched.NewChan[int](s, 0)
			}
			done := sched.NewChan[int](s, 1)
			hop := func(i int) *prog {
				in, out := chans[i], chans[(i+1)%ring]
				// state p.n: 0 receive, 1 resume a receive, 2 resume a send
				return newProg(func(p *prog, m *M, g *G) Stop {
					for {
						switch p.n {
						case 0:
							v, _, r := in.Recv(m, g, true)
							if r == sched.Parked {
								p.n = 1
								return again(p, sched.StopPark)
							}
							p.v = v
						case 1:
							p.v, _ = sched.RecvResume[int](g)
						case 2:
							sched.SendResume[int](g)
							p.n = 0
							continue
						}
						if p.v == 0 {
							done.Send(m, g, 0, false)
							return next
						}
						if out.Send(m, g, p.v-1, true) == sched.Parked {
							p.n = 2
							return again(p, sched.StopPark)
						}
						p.n = 0
						if g.Preempt.Load() != 0 {
							return again(p, sched.StopPreempted)
						}
					}
				})
			}
			n := b.N
			main := newProg(spawnN(ring, hop), send(chans[0], n), recvDiscard(done))
			runBench(b, s, main)
		})
	}
}

func BenchmarkThreadRingNative(b *testing.B) {
	const ring = 503
	chans := make([]chan int, ring)
	for i := range chans {
		chans[i] = make(chan int)
	}
	done := make(chan bool)
	for i := 0; i < ring; i++ {
		go func(in, out chan int) {
			for v := range in {
				if v == 0 {
					done <- true
					return
				}
				out <- v - 1
			}
		}(chans[i], chans[(i+1)%ring])
	}
	b.ResetTimer()
	defer reportCPU(b, cpuTime())
	chans[0] <- b.N
	<-done
}

// SleepWithSpinner: one P, a G in `for {}` and a G doing b.N sleeps of
// 1 ms; reports how late the sleeper wakes (p50/p99/max, in ms). Run it
// with -benchtime=500x or so.
func BenchmarkSleepWithSpinner(b *testing.B) {
	late := make([]time.Duration, 0, b.N)
	s := newSched(b, 1)
	var start int64
	main := newProg(spawn(spinProg()), yield())
	main.steps = append(main.steps, repeat(b.N,
		fn(func(p *prog, m *M, g *G) { start = s.Nanotime() }),
		sleep(time.Millisecond),
		fn(func(p *prog, m *M, g *G) {
			late = append(late, time.Duration(s.Nanotime()-start)-time.Millisecond)
		}))...)
	runBench(b, s, main)
	slices.Sort(late)
	q := func(f float64) float64 { return float64(late[int(f*float64(len(late)-1))]) / 1e6 }
	b.ReportMetric(q(0.5), "p50-late-ms")
	b.ReportMetric(q(0.99), "p99-late-ms")
	b.ReportMetric(q(1), "max-late-ms")
}

// recvDiscard is recv without recording the value (keeps benchmarks
// allocation-free).
func recvDiscard(c *sched.Chan[int]) step {
	return func(p *prog, m *M, g *G) Stop {
		if p.resuming {
			p.resuming = false
			p.v, p.ok = sched.RecvResume[int](g)
			return next
		}
		v, ok, r := c.Recv(m, g, true)
		switch r {
		case sched.OK:
			p.v, p.ok = v, ok
			return next
		case sched.Parked:
			p.resuming = true
			return again(p, sched.StopPark)
		}
		panic("bad result")
	}
}
