package sched_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/goro-lang/goro/sched"
)

func cases(cs ...sched.Case[int]) func(p *prog) []sched.Case[int] {
	return func(p *prog) []sched.Case[int] { return cs }
}

// With one ready case among many (and nil ones), that case is chosen.
func TestSelectOneReady(t *testing.T) {
	s := newSched(t, 1)
	var chans []*sched.Chan[int]
	for i := 0; i < 8; i++ {
		chans = append(chans, sched.NewChan[int](s, 1))
	}
	var cs []sched.Case[int]
	for i, c := range chans {
		cs = append(cs, sched.Case[int]{C: c})
		if i%3 == 0 {
			cs = append(cs, sched.Case[int]{}) // nil channel: never ready
		}
	}
	main := newProg()
	for i := 0; i < 20; i++ {
		k := (i * 5) % len(chans)
		main.steps = append(main.steps, send(chans[k], 100+k), sel(true, cases(cs...)),
			fn(func(p *prog, m *M, g *G) {
				if cs[p.chosen].C != chans[k] || p.v != 100+k || !p.ok {
					t.Errorf("chose case %d value %d, want channel %d", p.chosen, p.v, k)
				}
			}))
	}
	runMain(t, s, main)
}

func TestSelectDefault(t *testing.T) {
	s := newSched(t, 1)
	c := sched.NewChan[int](s, 0)
	full := sched.NewChan[int](s, 1)
	main := newProg(send(full, 1),
		sel(false, cases(sched.Case[int]{C: c}, sched.Case[int]{C: full, Send: true, V: 2}, sched.Case[int]{})),
		sel(false, cases()),
		sel(false, cases(sched.Case[int]{}, sched.Case[int]{Send: true})),
	)
	runMain(t, s, main)
	for _, ch := range main.got {
		if ch != -1 {
			t.Fatalf("default not taken: %v", main.got)
		}
	}
}

// A select blocked on several channels is woken by exactly one of them;
// its other sudogs are removed, so later operations on those channels are
// unaffected.
func TestSelectBlocksThenWins(t *testing.T) {
	for _, procs := range []int{1, 2} {
		s := newSched(t, procs)
		a := sched.NewChan[int](s, 0)
		b := sched.NewChan[int](s, 0)
		out := sched.NewChan[int](s, 0)
		done := sched.NewChan[int](s, 0)
		selector := newProg(
			sel(true, cases(sched.Case[int]{C: a}, sched.Case[int]{C: b}, sched.Case[int]{C: out, Send: true, V: 9})),
			sel(true, cases(sched.Case[int]{C: a}, sched.Case[int]{C: b}, sched.Case[int]{C: out, Send: true, V: 9})),
			send(done, 0),
		)
		main := newProg(spawn(selector), sleep(2e6), send(b, 5), sleep(2e6), recv(out), recv(done),
			// a has no stale sudog: a non-blocking send finds no receiver.
			fn(func(p *prog, m *M, g *G) {
				if r := a.Send(m, g, 1, false); r != sched.WouldBlock {
					t.Errorf("stale select sudog on a: %v", r)
				}
			}))
		runMain(t, s, main)
		if selector.got[0] != 1 || selector.got[1] != 2 || main.got[0] != 9 {
			t.Fatalf("procs=%d: selector chose %v, main got %v", procs, selector.got, main.got)
		}
	}
}

func TestSelectCloseWakes(t *testing.T) {
	s := newSched(t, 2)
	a := sched.NewChan[int](s, 0)
	b := sched.NewChan[int](s, 0)
	d := sched.NewChan[int](s, 0)
	e := sched.NewChan[int](s, 0)
	r := newProg(sel(true, cases(sched.Case[int]{C: a}, sched.Case[int]{C: b})))
	w := newProg(sel(true, cases(sched.Case[int]{C: e}, sched.Case[int]{C: d, Send: true, V: 1})))
	main := newProg(spawn(r), spawn(w), sleep(3e6), closeCh(a), sleep(3e6), closeCh(d), sleep(3e6))
	runMain(t, s, main)
	if r.chosen != 0 || r.ok {
		t.Fatalf("receiver: case %d ok %v", r.chosen, r.ok)
	}
	if w.panic != "send on closed channel" || w.chosen != -1 && w.chosen != 1 {
		t.Fatalf("sender select: %q case %d", w.panic, w.chosen)
	}
}

func TestSelectSendOnClosed(t *testing.T) {
	s := newSched(t, 1)
	c := sched.NewChan[int](s, 1)
	main := newProg(closeCh(c), sel(false, cases(sched.Case[int]{C: c, Send: true, V: 1})))
	runMain(t, s, main)
	if main.panic != "send on closed channel" || main.chosen != 0 {
		t.Fatal(main.panic, main.chosen)
	}
}

// Both directions of one unbuffered channel in one select, and the same
// channel in two cases.
func TestSelectSameChannel(t *testing.T) {
	s := newSched(t, 2)
	c := sched.NewChan[int](s, 0)
	done := sched.NewChan[int](s, 2)
	a := newProg(sel(true, cases(sched.Case[int]{C: c}, sched.Case[int]{C: c, Send: true, V: 1}, sched.Case[int]{C: c})), send(done, 0))
	b := newProg(sel(true, cases(sched.Case[int]{C: c, Send: true, V: 2}, sched.Case[int]{C: c})), send(done, 0))
	main := newProg(spawn(a), spawn(b), recv(done), recv(done))
	runMain(t, s, main)
	if len(a.got) != 1 || len(b.got) != 1 {
		t.Fatalf("a %v b %v", a.got, b.got)
	}
}

// Ready cases are chosen uniformly at random (loose bounds: 4 cases,
// 4000 selects, each should be near 1000).
func TestSelectFair(t *testing.T) {
	s := newSched(t, 1)
	var cs []sched.Case[int]
	for i := 0; i < 4; i++ {
		c := sched.NewChan[int](s, 0)
		c.Close(nil)
		cs = append(cs, sched.Case[int]{C: c})
	}
	main := newProg(repeat(4000, sel(true, cases(cs...)))...)
	runMain(t, s, main)
	count := make([]int, 4)
	for _, c := range main.got {
		count[c]++
	}
	for i, n := range count {
		if n < 700 || n > 1300 {
			t.Fatalf("case %d chosen %d times of 4000: %v", i, n, count)
		}
	}
}

func TestSelectNoCasesParksForever(t *testing.T) {
	s := newSchedTB(t, 1)
	err := runErr(t, s, newProg(sel(true, cases())))
	var de *sched.DeadlockError
	if !errors.As(err, &de) || !strings.HasPrefix(de.Dump, "goroutine 1 [select (no cases)]:\n") {
		t.Fatalf("%v", err)
	}
	s = newSchedTB(t, 1)
	err = runErr(t, s, newProg(sel(true, cases(sched.Case[int]{}, sched.Case[int]{Send: true}))))
	if !errors.As(err, &de) || !strings.HasPrefix(de.Dump, "goroutine 1 [select]:\n") {
		t.Fatalf("%v", err)
	}
}
