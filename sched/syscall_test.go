package sched_test

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/goro-lang/goro/sched"
)

// With one P, a G blocked in a syscall does not stop others: sysmon
// retakes the P (the test hangs otherwise).
func TestSyscallRetake(t *testing.T) {
	s := newSched(t, 1)
	release := make(chan struct{})
	var entered atomic.Bool
	done := sched.NewChan[int](s, 1)
	main := newProg(
		spawn(newProg(syscall(func() { entered.Store(true); <-release }), send(done, 1))),
		yield(),
		// Runs only once the P was taken from the syscall.
		fn(func(p *prog, m *M, g *G) {
			if !entered.Load() {
				t.Error("main ran before the syscall started")
			}
			close(release)
		}),
		recv(done),
	)
	runMain(t, s, main)
}

func TestSyscallBlockHandsOff(t *testing.T) {
	s := newSched(t, 1)
	release := make(chan struct{})
	done := sched.NewChan[int](s, 1)
	main := newProg(
		spawn(newProg(func(p *prog, m *M, g *G) Stop {
			m.EnterSyscallBlock()
			<-release
			if !m.ExitSyscall() {
				return sched.StopExit
			}
			return next
		}, send(done, 1))),
		yield(),
		fn(func(p *prog, m *M, g *G) { close(release) }),
		recv(done),
	)
	runMain(t, s, main)
}

// A G whose syscall returns when no P is free waits its turn and then
// continues on the same M (its frames live there).
func TestExitSyscallNoP(t *testing.T) {
	for _, procs := range []int{1, 2} {
		s := newSched(t, procs)
		var returned atomic.Bool
		var before, after int64
		done := sched.NewChan[int](s, 1)
		worker := newProg(
			fn(func(p *prog, m *M, g *G) { before = m.ID() }),
			syscall(func() { time.Sleep(5 * time.Millisecond); returned.Store(true) }),
			fn(func(p *prog, m *M, g *G) { after = m.ID() }),
			send(done, 1),
		)
		spin := func(p *prog, m *M, g *G) Stop {
			// Keep every P busy until the syscall has returned.
			for !returned.Load() {
				if g.Preempt.Load() != 0 {
					return again(p, sched.StopPreempted)
				}
			}
			return next
		}
		main := newProg(spawn(worker), yield(), spawnN(procs-1, func(int) *prog { return newProg(spin) }), spin, recv(done))
		runMain(t, s, main)
		if before != after {
			t.Fatalf("procs=%d: G moved from M%d to M%d across a syscall", procs, before, after)
		}
	}
}
