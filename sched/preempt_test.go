package sched_test

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/goro-lang/goro/sched"
)

// With one P, a G in `for {}` is preempted by sysmon so that main runs
// again (the test would hang otherwise).
func TestPreemptOneP(t *testing.T) {
	s := newSched(t, 1)
	main := newProg(spawn(spinProg()), yield(), fn(func(p *prog, m *M, g *G) { p.v = 1 }))
	runMain(t, s, main)
}

// With one P and a spinning G, a sleeper still wakes (sysmon preempts the
// spinner when the sleeper's timer is overdue). Latency is measured in
// BenchmarkSleepWithSpinner, not asserted here.
func TestSleepWithSpinnerOneP(t *testing.T) {
	s := newSched(t, 1)
	main := newProg(spawn(spinProg()), yield())
	main.steps = append(main.steps, repeat(20, sleep(time.Millisecond))...)
	runMain(t, s, main)
}

// Two Gs that keep readying each other through runnext cannot starve a
// third one on the global queue.
func TestRunnextChainDoesNotStarve(t *testing.T) {
	s := newSched(t, 1)
	a := sched.NewChan[int](s, 0)
	b := sched.NewChan[int](s, 0)
	main := newProg(
		spawn(newProg(repeat(1<<30, send(a, 1), recv(b))...)),
		spawn(newProg(repeat(1<<30, recv(a), send(b, 1))...)),
		yield(), // to the global queue: only fairness gets us back
	)
	runMain(t, s, main)
}

// Yielding Gs on one P all make progress.
func TestGoschedRoundRobin(t *testing.T) {
	s := newSched(t, 1)
	var counts [4]atomic.Int64
	c := sched.NewChan[int](s, 4)
	main := newProg(spawnN(4, func(i int) *prog {
		return newProg(append(repeat(1000, fn(func(p *prog, m *M, g *G) { counts[i].Add(1) }), yield()), send(c, i))...)
	}), recv(c), recv(c), recv(c), recv(c))
	runMain(t, s, main)
	for i := range counts {
		if counts[i].Load() != 1000 {
			t.Fatal(i, counts[i].Load())
		}
	}
}
