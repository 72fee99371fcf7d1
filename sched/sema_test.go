package sched_test

import (
	"testing"

	"github.com/goro-lang/goro/sched"
)

func TestMutex(t *testing.T) {
	for _, procs := range []int{1, 2, 8} {
		s := newSched(t, procs)
		mu := &sched.Mutex{}
		wg := &sched.WaitGroup{}
		counter := 0 // guarded by mu
		const n, k = 20, 200
		main := newProg(
			fn(func(p *prog, m *M, g *G) { wg.Add(m, n) }),
			spawnN(n, func(int) *prog {
				body := repeat(k, lock(mu), fn(func(p *prog, m *M, g *G) {
					c := counter
					p.v++ // work inside the critical section
					counter = c + 1
				}), yield(), unlock(mu))
				return newProg(append(body, fn(func(p *prog, m *M, g *G) { wg.Done(m) }))...)
			}),
			wgWait(wg),
		)
		runMain(t, s, main)
		if counter != n*k {
			t.Fatalf("procs=%d: counter %d", procs, counter)
		}
	}
}

func TestMutexErrors(t *testing.T) {
	mu := &sched.Mutex{}
	if err := mu.Unlock(nil); err == nil || err.Error() != "sync: unlock of unlocked mutex" {
		t.Fatal(err)
	}
	if !mu.TryLock() || mu.TryLock() {
		t.Fatal("TryLock")
	}
	if err := mu.Unlock(nil); err != nil {
		t.Fatal(err)
	}
	wg := &sched.WaitGroup{}
	if err := wg.Add(nil, -1); err == nil || err.Error() != "sync: negative WaitGroup counter" {
		t.Fatal(err)
	}
}

func TestWaitGroupManyWaiters(t *testing.T) {
	s := newSched(t, 4)
	wg := &sched.WaitGroup{}
	done := sched.NewChan[int](s, 0)
	main := newProg(
		fn(func(p *prog, m *M, g *G) { wg.Add(m, 1) }),
		spawnN(50, func(int) *prog { return newProg(wgWait(wg), send(done, 1)) }),
		wgWait(wg), // not yet: counter is 1... main would park; instead:
	)
	main.steps = main.steps[:len(main.steps)-1]
	main.steps = append(main.steps, sleep(2e6), fn(func(p *prog, m *M, g *G) { wg.Done(m) }), wgWait(wg))
	main.steps = append(main.steps, repeat(50, recv(done))...)
	runMain(t, s, main)
}
