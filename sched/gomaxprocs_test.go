package sched_test

import (
	"testing"
	"time"

	"github.com/goro-lang/goro/sched"
)

// GOMAXPROCS changes from a host goroutine while Gs communicate, sleep and
// spin; timers on destroyed Ps still fire.
func TestGOMAXPROCSWhileRunning(t *testing.T) {
	s := newSched(t, 2)
	c := sched.NewChan[int](s, 8)
	done := sched.NewChan[int](s, 100)
	main := newProg(
		spawnN(40, func(i int) *prog {
			if i%2 == 0 {
				return newProg(append(repeat(2000, send(c, i)), send(done, 1))...)
			}
			return newProg(append(repeat(2000, recv(c)), send(done, 1))...)
		}),
		spawnN(10, func(i int) *prog {
			return newProg(append(repeat(20, sleep(time.Duration(i)*100*time.Microsecond)), send(done, 1))...)
		}),
		spawn(spinProg()),
	)
	main.steps = append(main.steps, repeat(50, recv(done))...)
	hostDone := make(chan bool)
	go func() {
		defer close(hostDone)
		for _, n := range []int{4, 1, 8, 3, 1, 6, 2} {
			prev := s.GOMAXPROCS(n)
			if got := s.GOMAXPROCS(0); got != n {
				t.Errorf("GOMAXPROCS(0) = %d after setting %d (prev %d)", got, n, prev)
			}
			time.Sleep(2 * time.Millisecond)
		}
	}()
	runMain(t, s, main)
	<-hostDone
}

// M.GOMAXPROCS from a running G is synchronous, including a shrink that
// destroys the G's own P.
func TestGOMAXPROCSFromG(t *testing.T) {
	s := newSched(t, 8)
	c := sched.NewChan[int](s, 0)
	var sizes []int
	main := newProg(
		spawnN(20, func(i int) *prog { return newProg(sleep(time.Duration(i+1)*time.Millisecond), send(c, i)) }),
		spawnN(7, func(int) *prog { return newProg(repeat(200, yield())...) }),
		fn(func(p *prog, m *M, g *G) {
			for _, n := range []int{3, 1, 5, 1} {
				m.GOMAXPROCS(n)
				sizes = append(sizes, s.GOMAXPROCS(0))
			}
		}),
	)
	main.steps = append(main.steps, repeat(20, recv(c))...)
	runMain(t, s, main)
	if len(sizes) != 4 || sizes[0] != 3 || sizes[1] != 1 || sizes[2] != 5 || sizes[3] != 1 {
		t.Fatal(sizes)
	}
}

func TestGOMAXPROCSBeforeRun(t *testing.T) {
	s := newSched(t, 2)
	if prev := s.GOMAXPROCS(5); prev != 2 {
		t.Fatal(prev)
	}
	if s.GOMAXPROCS(0) != 5 {
		t.Fatal(s.GOMAXPROCS(0))
	}
	c := sched.NewChan[int](s, 0)
	main := newProg(spawnN(10, func(i int) *prog { return newProg(send(c, i)) }))
	main.steps = append(main.steps, repeat(10, recv(c))...)
	runMain(t, s, main)
}
