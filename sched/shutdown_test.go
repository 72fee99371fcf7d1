package sched_test

import (
	"errors"
	"io"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goro-lang/goro/sched"
)

// stwLoop is a G that calls GOMAXPROCS (odd kind) or Dump (even kind) in a
// loop, checking Preempt between calls as the VM does at a backward jump,
// and unwinding when a call reports shutdown. inExec counts the Gs inside
// Exec.
func stwLoop(kind int, inExec *atomic.Int32) *prog {
	return newProg(func(p *prog, m *M, g *G) Stop {
		inExec.Add(1)
		defer inExec.Add(-1)
		for j := 0; ; j++ {
			if g.Preempt.Load() != 0 {
				return again(p, sched.StopPreempted)
			}
			ok := true
			if kind%2 == 0 {
				ok = m.Dump(io.Discard)
			} else {
				_, ok = m.GOMAXPROCS(j%2 + 1)
			}
			if !ok {
				return sched.StopExit
			}
		}
	})
}

// Shutdown composes with stop-the-world: Gs stopping the world in a loop
// (some of them waiting for worldsema at any moment) end when a host
// goroutine calls Shutdown, Run returns its error, and no G is left inside
// Exec afterwards. Dying is sticky, so it cannot be lost to the clear of
// Preempt that every resumption does. (Before, Shutdown's one-shot request
// could be cleared by a G coming back from its worldsema wait, which then
// ran on, detached from its M, after Run had returned.)
func TestShutdownDuringStopTheWorldLoops(t *testing.T) {
	errStop := errors.New("stop")
	for i := range 30 {
		s := newSchedTB(t, 1+i%3)
		var inExec atomic.Int32
		main := newProg(
			spawn(stwLoop(1, &inExec)), spawn(stwLoop(2, &inExec)),
			spawn(stwLoop(3, &inExec)), spawn(stwLoop(4, &inExec)),
			spawn(stwLoop(5, &inExec)),
			fn(func(p *prog, m *M, g *G) {
				go func() {
					time.Sleep(time.Duration(i%5) * time.Millisecond)
					s.Shutdown(errStop)
				}()
			}),
		)
		main.steps = append(main.steps, stwLoop(6, &inExec).steps...)
		if err := runErr(t, s, main); err != errStop {
			t.Fatalf("run %d: Run returned %v", i, err)
		}
		if n := inExec.Load(); n != 0 {
			t.Fatalf("run %d: %d Gs still inside Exec after Run returned", i, n)
		}
	}
}

// After Shutdown every G has Preempt set, and a G that comes back from a
// blocking call (a resumption, which clears Preempt) still has it set.
func TestDyingIsSticky(t *testing.T) {
	s := newSchedTB(t, 2)
	entered := make(chan *G, 1)
	type result struct {
		ok      bool
		preempt uint32
	}
	back := make(chan result, 1)
	main := newProg(
		spawn(newProg(func(p *prog, m *M, g *G) Stop {
			m.EnterSyscall()
			entered <- g
			for !s.Exiting() {
				time.Sleep(100 * time.Microsecond)
			}
			ok := m.ExitSyscall()
			back <- result{ok, g.Preempt.Load()}
			return sched.StopExit
		})),
		fn(func(p *prog, m *M, g *G) {
			go func() { <-entered; s.Shutdown(nil) }()
		}),
		recv(sched.NewChan[int](s, 0)),
	)
	runMain(t, s, main)
	r := <-back
	if r.ok {
		t.Fatal("ExitSyscall after Shutdown reported the program goes on")
	}
	if r.preempt == 0 {
		t.Fatal("a G coming back from a syscall after Shutdown has Preempt clear")
	}
}
