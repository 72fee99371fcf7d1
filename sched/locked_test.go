package sched_test

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/goro-lang/goro/sched"
)

// nested runs q like the VM runs a native→script callback: in a nested
// loop on the same M, with the G locked to it.
func nested(q *prog) step {
	return func(p *prog, m *M, g *G) Stop {
		m.LockG()
		if !g.Locked() {
			panic("LockG did not lock")
		}
		for q.pc < len(q.steps) {
			st := q.steps[q.pc]
			q.pc++
			switch r := st(q, m, g); r {
			case next:
			case sched.StopExit:
				m.UnlockG()
				return sched.StopExit
			default:
				if !m.StopLocked(r) {
					return sched.StopExit
				}
			}
		}
		m.UnlockG()
		return next
	}
}

func TestLockedParkResume(t *testing.T) {
	for _, procs := range []int{1, 2, 4} {
		s := newSched(t, procs)
		c := sched.NewChan[int](s, 0)
		var ms []int64
		rec := fn(func(p *prog, m *M, g *G) { ms = append(ms, m.ID()) })
		inner := newProg(rec, recv(c), rec, yield(), rec, recv(c), rec, sleep(1e6), rec)
		done := sched.NewChan[int](s, 0)
		outer := newProg(nested(inner), fn(func(p *prog, m *M, g *G) {
			if g.Locked() {
				t.Error("still locked")
			}
		}), send(done, 0))
		main := newProg(spawn(outer), sleep(2e6), send(c, 1), spawnN(3, func(int) *prog { return newProg(yield(), yield()) }),
			send(c, 2), recv(done))
		runMain(t, s, main)
		if len(ms) != 5 {
			t.Fatalf("procs=%d: inner ran %d steps", procs, len(ms))
		}
		for _, id := range ms {
			if id != ms[0] {
				t.Fatalf("procs=%d: locked G ran on Ms %v", procs, ms)
			}
		}
		if inner.got[0] != 1 || inner.got[1] != 2 {
			t.Fatalf("inner got %v", inner.got)
		}
	}
}

// A locked G that spins is preempted through StopLocked and others run.
func TestLockedPreempt(t *testing.T) {
	s := newSched(t, 1)
	var stop atomic.Bool
	inner := newProg(func(p *prog, m *M, g *G) Stop {
		if stop.Load() {
			return next
		}
		for g.Preempt.Load() == 0 {
		}
		return again(p, sched.StopPreempted)
	})
	main := newProg(spawn(newProg(nested(inner))), yield(), fn(func(p *prog, m *M, g *G) { stop.Store(true) }), sleep(1e6))
	runMain(t, s, main)
}

func TestLockedDeadlock(t *testing.T) {
	s := newSchedTB(t, 2)
	c := sched.NewChan[int](s, 0)
	err := runErr(t, s, newProg(nested(newProg(recv(c)))))
	var de *sched.DeadlockError
	if !errors.As(err, &de) || !strings.HasPrefix(de.Dump, "goroutine 1 [chan receive, locked to thread]:\n") {
		t.Fatalf("%v %q", err, de)
	}
}
