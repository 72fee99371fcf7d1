package sched_test

import (
	"bytes"
	"errors"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goro-lang/goro/sched"
)

func TestRunMainExit(t *testing.T) {
	s := newSched(t, 2)
	if err := runErr(t, s, newProg()); err != nil {
		t.Fatal(err)
	}
	if err := s.Run(s.NewMain()); err == nil {
		t.Fatal("second Run succeeded")
	}
}

// The program ends when main returns, whatever other Gs do.
func TestRunMainExitWhileOthersBlock(t *testing.T) {
	s := newSched(t, 4)
	c := sched.NewChan[int](s, 0)
	main := newProg(spawnN(100, func(int) *prog { return newProg(recv(c)) }), yield())
	runMain(t, s, main)
}

func TestShutdown(t *testing.T) {
	s := newSched(t, 2)
	boom := errors.New("boom")
	c := sched.NewChan[int](s, 0)
	main := newProg(spawnN(10, func(int) *prog { return newProg(recv(c)) }),
		fn(func(p *prog, m *M, g *G) { s.Shutdown(boom); s.Shutdown(errors.New("second")) }),
		recv(c))
	if err := runErr(t, s, main); err != boom {
		t.Fatalf("err %v", err)
	}
}

// Shutdown from a host goroutine while many Gs spin and communicate.
func TestShutdownWhileBusy(t *testing.T) {
	for _, procs := range []int{1, 2, 8} {
		s := newSched(t, procs)
		c := sched.NewChan[int](s, 4)
		main := newProg(
			spawnN(50, func(i int) *prog {
				if i%2 == 0 {
					return newProg(repeat(1<<30, send(c, i))...)
				}
				return newProg(repeat(1<<30, recv(c))...)
			}),
			spawnN(4, func(int) *prog { return spinProg() }),
		)
		main.steps = append(main.steps, repeat(1<<30, yield())...)
		boom := errors.New("stop")
		time.AfterFunc(20*time.Millisecond, func() { s.Shutdown(boom) })
		if err := runErr(t, s, main); err != boom {
			t.Fatalf("procs=%d: %v", procs, err)
		}
	}
}

// spinProg is `for {}`: it only stops when preempted.
func spinProg() *prog {
	return newProg(func(p *prog, m *M, g *G) Stop {
		for g.Preempt.Load() == 0 {
		}
		return again(p, sched.StopPreempted)
	})
}

func TestDeadlock(t *testing.T) {
	s := newSchedTB(t, 2)
	c := sched.NewChan[int](s, 0)
	d := sched.NewChan[int](s, 0)
	mu := &sched.Mutex{}
	wg := &sched.WaitGroup{}
	main := newProg(
		fn(func(p *prog, m *M, g *G) { mu.Lock(m, g); wg.Add(m, 1) }),
		spawn(newProg(send(d, 1))),
		spawn(newProg(sel(true, cases(sched.Case[int]{C: c}, sched.Case[int]{C: c})))),
		spawn(newProg(lock(mu))),
		spawn(newProg(wgWait(wg))),
		spawn(newProg(sel(true, cases()))),
		recv(c),
	)
	err := runErr(t, s, main)
	var de *sched.DeadlockError
	if !errors.As(err, &de) {
		t.Fatalf("err %v", err)
	}
	if err.Error() != "all goroutines are asleep - deadlock!" {
		t.Fatalf("message %q", err.Error())
	}
	want := "goroutine 1 [chan receive]:\nmain.fake()\n\tfake.goro:1 +0x0\n\n" +
		"goroutine 2 [chan send]:\nmain.fake()\n\tfake.goro:1 +0x0\n\n" +
		"goroutine 3 [select]:\nmain.fake()\n\tfake.goro:1 +0x0\n\n" +
		"goroutine 4 [sync.Mutex.Lock]:\nmain.fake()\n\tfake.goro:1 +0x0\n\n" +
		"goroutine 5 [sync.WaitGroup.Wait]:\nmain.fake()\n\tfake.goro:1 +0x0\n\n" +
		"goroutine 6 [select (no cases)]:\nmain.fake()\n\tfake.goro:1 +0x0\n"
	if de.Dump != want {
		t.Fatalf("dump:\n%s\nwant:\n%s", de.Dump, want)
	}
}

// A G that sleeps, or sits in a syscall, keeps the program alive.
func TestNoDeadlockWhileSleepingOrInSyscall(t *testing.T) {
	s := newSched(t, 1)
	c := sched.NewChan[int](s, 0)
	main := newProg(spawn(newProg(sleep(20*time.Millisecond), send(c, 1))), recv(c),
		spawn(newProg(syscall(func() { time.Sleep(20 * time.Millisecond) }), send(c, 2))), recv(c))
	runMain(t, s, main)
	if main.got[0] != 1 || main.got[1] != 2 {
		t.Fatal(main.got)
	}
}

// ReadyNoP from a host goroutine; AddPendingWake keeps deadlock detection
// quiet until it happens.
func TestReadyNoP(t *testing.T) {
	s := newSched(t, 2)
	main := newProg(func(p *prog, m *M, g *G) Stop {
		if p.resuming {
			p.resuming = false
			return next
		}
		s.AddPendingWake(1)
		m.PreparePark(nil, nil, sched.WaitReasonSemacquire)
		go func() {
			for g.Status() != sched.StatusWaiting {
				runtime.Gosched()
			}
			time.Sleep(5 * time.Millisecond)
			s.ReadyNoP(g)
			s.AddPendingWake(-1)
		}()
		p.resuming = true
		return again(p, sched.StopPark)
	})
	runMain(t, s, main)
}

func TestNumGoroutine(t *testing.T) {
	s := newSched(t, 2)
	c := sched.NewChan[int](s, 0)
	var n1, n2 int
	main := newProg(
		spawnN(10, func(int) *prog { return newProg(recv(c)) }),
		fn(func(p *prog, m *M, g *G) { n1 = s.NumGoroutine() }),
		closeCh(c),
		waitUntil(func() bool { return s.NumGoroutine() == 1 }),
		fn(func(p *prog, m *M, g *G) { n2 = s.NumGoroutine() }))
	runMain(t, s, main)
	if n1 != 11 || n2 != 1 {
		t.Fatalf("NumGoroutine %d then %d", n1, n2)
	}
}

// Dump from a host goroutine while Gs wait and spin.
func TestDumpFromHost(t *testing.T) {
	s := newSchedTB(t, 2)
	c := sched.NewChan[int](s, 0)
	var dump string
	var g2, g3 atomic.Pointer[G]
	main := newProg(
		spawn(newProg(fn(func(p *prog, m *M, g *G) { g2.Store(g) }), recv(c))),
		spawn(newProg(fn(func(p *prog, m *M, g *G) { g3.Store(g) }), sleep(time.Hour))),
		waitUntil(func() bool {
			a, b := g2.Load(), g3.Load()
			return a != nil && b != nil && a.Status() == sched.StatusWaiting && b.Status() == sched.StatusWaiting
		}),
		fn(func(p *prog, m *M, g *G) {
			done := make(chan string)
			go func() {
				var b strings.Builder
				s.Dump(&b)
				done <- b.String()
			}()
			m.EnterSyscall()
			dump = <-done
			m.ExitSyscall()
		}),
	)
	runMain(t, s, main)
	for _, want := range []string{
		"goroutine 1 [syscall]:\nmain.fake()\n",
		"\n\ngoroutine 2 [chan receive]:\nmain.fake()\n",
		"\n\ngoroutine 3 [sleep]:\nmain.fake()\n",
	} {
		if !strings.Contains(dump, want) {
			t.Fatalf("dump lacks %q:\n%s", want, dump)
		}
	}
}

// M.Dump from a running G prints that G first, as running, and stops the
// others (a spinning G is preempted, not reported as unavailable).
func TestDumpFromG(t *testing.T) {
	s := newSchedTB(t, 2)
	var dump string
	main := newProg(
		spawn(spinProg()),
		sleep(2e6),
		fn(func(p *prog, m *M, g *G) {
			var b strings.Builder
			m.Dump(&b)
			dump = b.String()
		}),
	)
	runMain(t, s, main)
	if !strings.HasPrefix(dump, "goroutine 1 [running]:\nmain.fake()\n") ||
		!strings.Contains(dump, "\n\ngoroutine 2 [runnable]:\nmain.fake()\n") {
		t.Fatalf("dump:\n%s", dump)
	}
}

func TestSchedTrace(t *testing.T) {
	var mu sync.Mutex
	var buf bytes.Buffer
	out := writerFunc(func(b []byte) (int, error) {
		mu.Lock()
		defer mu.Unlock()
		return buf.Write(b)
	})
	for _, detail := range []bool{false, true} {
		buf.Reset()
		s := sched.New(sched.Config{Procs: 2, Exec: exec, SchedTrace: time.Millisecond, SchedDetail: detail, TraceOut: out})
		runMain(t, s, newProg(spawn(newProg(sleep(10e6))), sleep(20e6)))
		mu.Lock()
		text := buf.String()
		mu.Unlock()
		line := `SCHED \d+ms: gomaxprocs=2 idleprocs=\d threads=\d+ spinningthreads=\d needspinning=\d idlethreads=\d+ runqueue=\d+`
		if !detail {
			line += ` \[ \d+ \d+ \] schedticks=\[ \d+ \d+ \] goroutines=\d+ insyscall=\d+ netpollwaiters=\d+\n`
		} else {
			line += ` gcwaiting=false nmidlelocked=\d+ stopwait=\d+ sysmonwait=(true|false) goroutines=\d+ insyscall=\d+ netpollwaiters=\d+\n` +
				`  P0: status=\d schedtick=\d+ syscalltick=\d+ m=(\d+|nil) runqsize=\d+ gfreecnt=\d+ timerslen=\d+\n` +
				`  P1: status=\d schedtick=\d+ syscalltick=\d+ m=(\d+|nil) runqsize=\d+ gfreecnt=\d+ timerslen=\d+\n` +
				`(  M\d+: p=(\d+|nil) curg=(\d+|nil) mallocing=0 throwing=0 preemptoff= locks=0 dying=0 spinning=(true|false) blocked=false lockedg=(\d+|nil)\n)+` +
				`(  G\d+: status=\d\([a-z ]*\) m=(\d+|nil) lockedm=(\d+|nil)\n)+`
		}
		if !regexp.MustCompile(line).MatchString(text) {
			t.Fatalf("detail=%v: no SCHED line in:\n%s", detail, text)
		}
	}
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(b []byte) (int, error) { return f(b) }

// After Run returns, the host goroutines of Ms and sysmon exit.
func TestNoHostGoroutineLeak(t *testing.T) {
	before := runtime.NumGoroutine()
	for i := 0; i < 5; i++ {
		s := newSched(t, 8)
		c := sched.NewChan[int](s, 0)
		main := newProg(spawnN(100, func(int) *prog { return newProg(recv(c)) }), spawn(spinProg()), sleep(1e6), closeCh(c))
		runMain(t, s, main)
	}
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("%d host goroutines, had %d:\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(time.Millisecond)
	}
}

// A G that ignores Preempt cannot be stopped: after a while Dump gives up
// on it and says so.
func TestDumpUnstoppableG(t *testing.T) {
	s := newSchedTB(t, 2)
	var release, spinning atomic.Bool
	var dump string
	main := newProg(
		spawn(newProg(fn(func(p *prog, m *M, g *G) {
			spinning.Store(true)
			for !release.Load() { // no safe point
			}
		}))),
		waitUntil(func() bool { return spinning.Load() }),
		syscall(func() {
			var b strings.Builder
			s.Dump(&b)
			dump = b.String()
			release.Store(true)
		}),
	)
	runMain(t, s, main)
	if !strings.Contains(dump, "goroutine 2 [running]:\n\tgoroutine running on other thread; stack unavailable\n") {
		t.Fatalf("dump:\n%s", dump)
	}
}

// A timer created by a host goroutine wakes an idle scheduler.
func TestHostTimerWakesIdleScheduler(t *testing.T) {
	s := newSched(t, 2)
	c := sched.NewChan[int](s, 1)
	main := newProg(
		fn(func(p *prog, m *M, g *G) {
			s.AddPendingWake(1)
			go func() {
				time.Sleep(5 * time.Millisecond) // let every M go idle
				s.NewTimer(nil, 2*time.Millisecond, 0, func(m *M, now int64) { c.Send(m, nil, 5, false) })
				s.AddPendingWake(-1)
			}()
		}),
		recv(c))
	runMain(t, s, main)
	if main.v != 5 {
		t.Fatal(main.v)
	}
}
