package sched_test

import (
	"math/rand"
	"slices"
	"testing"
	"time"

	"github.com/goro-lang/goro/sched"
)

func TestTimerHeapOrder(t *testing.T) {
	h := sched.NewTimerHeap()
	r := rand.New(rand.NewSource(1))
	var fired []int64
	var whens []int64
	for i := 0; i < 1000; i++ {
		w := int64(1 + r.Intn(100000))
		whens = append(whens, w)
		h.Add(w, 0, func(now int64) { fired = append(fired, now) })
	}
	h.Verify(t)
	if h.Len() != 1000 {
		t.Fatalf("len %d", h.Len())
	}
	slices.Sort(whens)
	if h.WakeTime() != whens[0] {
		t.Fatalf("wake time %d, want %d", h.WakeTime(), whens[0])
	}
	// Advance time in steps; each timer fires at the first step >= when,
	// and in order.
	var got []int64
	for now := int64(1); now <= 100000; now += 997 {
		fired = fired[:0]
		next, _ := h.Check(now)
		for range fired {
			got = append(got, now)
		}
		h.Verify(t)
		if next != 0 && next <= now {
			t.Fatalf("next %d <= now %d", next, now)
		}
	}
	h.Check(200000)
	if h.Len() != 0 {
		t.Fatalf("%d timers left", h.Len())
	}
	if !slices.IsSorted(got) {
		t.Fatal("timers fired out of order")
	}
}

func TestTimerStopReset(t *testing.T) {
	h := sched.NewTimerHeap()
	count := map[int]int{}
	var ts []*sched.Timer
	for i := 0; i < 100; i++ {
		i := i
		ts = append(ts, h.Add(int64(1000+i), 0, func(int64) { count[i]++ }))
	}
	// Stop the even ones: they become zombies, removed lazily.
	for i := 0; i < 100; i += 2 {
		if !ts[i].Stop() {
			t.Fatal("Stop of an armed timer reported false")
		}
		if ts[i].Stop() {
			t.Fatal("second Stop reported true")
		}
	}
	if h.Zombies() != 50 {
		t.Fatalf("zombies %d", h.Zombies())
	}
	// Reset timer 1 later, timer 3 earlier, and revive stopped timer 4.
	h.ResetAt(ts[1], 5000)
	h.ResetAt(ts[3], 10)
	if h.ResetAt(ts[4], 1500) {
		t.Fatal("Reset of a stopped timer reported it armed")
	}
	if h.WakeTime() != 10 {
		t.Fatalf("wake time %d after earlier reset", h.WakeTime())
	}
	h.Check(999)
	if count[3] != 1 || len(count) != 1 {
		t.Fatalf("at 999: %v", count)
	}
	// The zombies were more than a quarter: cleaned up by the check.
	if h.Zombies() != 0 {
		t.Fatalf("zombies after check: %d", h.Zombies())
	}
	h.Verify(t)
	h.Check(2000)
	for i := 0; i < 100; i++ {
		want := 1
		switch {
		case i == 1:
			want = 0
		case i == 4:
			want = 1
		case i%2 == 0:
			want = 0
		}
		if count[i] != want {
			t.Fatalf("timer %d fired %d times, want %d", i, count[i], want)
		}
	}
	h.Check(5000)
	if count[1] != 1 || h.Len() != 0 {
		t.Fatalf("timer 1: %d, len %d", count[1], h.Len())
	}
}

func TestTimerPeriodic(t *testing.T) {
	h := sched.NewTimerHeap()
	var fired []int64
	tm := h.Add(100, 100, func(now int64) { fired = append(fired, now) })
	for now := int64(50); now <= 1000; now += 50 {
		h.Check(now)
	}
	if len(fired) != 10 {
		t.Fatalf("fired %d times: %v", len(fired), fired)
	}
	// Missed ticks are skipped, not replayed.
	fired = fired[:0]
	h.Check(5000)
	if len(fired) != 1 {
		t.Fatalf("after a long gap fired %d times", len(fired))
	}
	if next, _ := h.Check(5001); next != 5100 {
		t.Fatalf("next %d", next)
	}
	tm.Stop()
	h.Check(10000)
	if len(fired) != 1 || h.Len() != 0 {
		t.Fatal("stopped periodic timer fired")
	}
}

// Every sleeper sleeps at least its duration, on any number of Ps.
func TestSleepDuration(t *testing.T) {
	for _, procs := range []int{1, 2, 8} {
		s := newSched(t, procs)
		c := sched.NewChan[int](s, 10)
		main := newProg(spawnN(10, func(i int) *prog {
			d := time.Duration(i+1) * time.Millisecond
			var start int64
			return newProg(fn(func(p *prog, m *M, g *G) { start = s.Nanotime() }), sleep(d),
				fn(func(p *prog, m *M, g *G) {
					if el := time.Duration(s.Nanotime() - start); el < d {
						t.Errorf("slept %v, want >= %v", el, d)
					}
				}), send(c, i))
		}))
		for i := 0; i < 10; i++ {
			main.steps = append(main.steps, recv(c))
		}
		runMain(t, s, main)
		slices.Sort(main.got)
		if !slices.Equal(main.got, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}) {
			t.Errorf("procs=%d: got %v", procs, main.got)
		}
	}
}

// A timer function runs on an M and can do a non-blocking send.
func TestTimerSend(t *testing.T) {
	s := newSched(t, 2)
	c := sched.NewChan[int](s, 1)
	var tm *sched.Timer
	main := newProg(
		fn(func(p *prog, m *M, g *G) {
			tm = s.NewTimer(m, time.Millisecond, 0, func(m *M, now int64) { c.Send(m, nil, 7, false) })
		}),
		recv(c),
		fn(func(p *prog, m *M, g *G) {
			if tm.Stop() {
				t.Error("fired timer reported armed")
			}
			// A periodic ticker.
			tm = s.NewTimer(m, time.Millisecond, time.Millisecond, func(m *M, now int64) { c.Send(m, nil, 8, false) })
		}),
		recv(c), recv(c), recv(c),
		fn(func(p *prog, m *M, g *G) { tm.Stop() }),
	)
	runMain(t, s, main)
	if !slices.Equal(main.got, []int{7, 8, 8, 8}) {
		t.Fatal(main.got)
	}
}

func TestSleepZero(t *testing.T) {
	s := newSched(t, 1)
	main := newProg(sleep(0), sleep(-time.Second), fn(func(p *prog, m *M, g *G) { p.v = 1 }))
	runMain(t, s, main)
	if main.v != 1 {
		t.Fatal("did not finish")
	}
}
