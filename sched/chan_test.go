package sched_test

import (
	"errors"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/goro-lang/goro/sched"
)

// On one P: main spawns a receiver and yields, so the receiver parks
// first; the send then hands the value straight to it, even though the
// channel has a buffer.
func TestChanDirectHandoff(t *testing.T) {
	for _, size := range []int{0, 3} {
		s := newSched(t, 1)
		c := sched.NewChan[int](s, size)
		r := newProg(recv(c))
		var lenAfter int
		main := newProg(spawn(r), yield(), send(c, 42), fn(func(p *prog, m *M, g *G) { lenAfter = c.Len() }), yield())
		runMain(t, s, main)
		if r.v != 42 || !r.ok {
			t.Fatalf("size %d: receiver got %d %v", size, r.v, r.ok)
		}
		if lenAfter != 0 {
			t.Fatalf("size %d: value went through the buffer", size)
		}
	}
}

func TestChanBufferedFIFO(t *testing.T) {
	s := newSched(t, 2)
	c := sched.NewChan[int](s, 5)
	main := newProg(send(c, 1), send(c, 2), send(c, 3),
		fn(func(p *prog, m *M, g *G) {
			if c.Len() != 3 || c.Cap() != 5 {
				t.Errorf("len %d cap %d", c.Len(), c.Cap())
			}
		}),
		recv(c), recv(c), send(c, 4), recv(c), recv(c))
	runMain(t, s, main)
	if !slices.Equal(main.got, []int{1, 2, 3, 4}) {
		t.Fatal(main.got)
	}
}

// A receive from a full buffer with senders waiting takes the head and
// rotates the first sender's value into the tail: FIFO overall.
func TestChanFullBufferRotation(t *testing.T) {
	s := newSched(t, 1)
	c := sched.NewChan[int](s, 2)
	var lens []int
	l := fn(func(p *prog, m *M, g *G) { lens = append(lens, c.Len()) })
	main := newProg(send(c, 1), send(c, 2),
		spawn(newProg(send(c, 3))), yield(),
		spawn(newProg(send(c, 4))), yield(),
		recv(c), l, recv(c), l, recv(c), l, recv(c), l)
	runMain(t, s, main)
	if !slices.Equal(main.got, []int{1, 2, 3, 4}) {
		t.Fatalf("order %v", main.got)
	}
	if !slices.Equal(lens, []int{2, 2, 1, 0}) {
		t.Fatalf("lens %v", lens)
	}
}

func TestChanCloseWakesReceivers(t *testing.T) {
	for _, procs := range []int{1, 4} {
		s := newSched(t, procs)
		c := sched.NewChan[int](s, 1)
		done := sched.NewChan[int](s, 10)
		var rs []*prog
		main := newProg(spawnN(10, func(i int) *prog {
			p := newProg(recv(c), fn(func(p *prog, m *M, g *G) {
				v := 0
				if p.ok {
					v = 1
				}
				done.Send(m, g, v+p.v, false)
			}))
			rs = append(rs, p)
			return p
		}), yield(), closeCh(c))
		for i := 0; i < 10; i++ {
			main.steps = append(main.steps, recv(done))
		}
		runMain(t, s, main)
		for i, v := range main.got {
			if v != 0 {
				t.Fatalf("receiver %d got %d", i, v)
			}
		}
	}
}

func TestChanCloseWakesSenders(t *testing.T) {
	s := newSched(t, 2)
	c := sched.NewChan[int](s, 0)
	var ss []*prog
	wg := &sched.WaitGroup{}
	var parked atomic.Int32
	main := newProg(
		fn(func(p *prog, m *M, g *G) { wg.Add(m, 5) }),
		spawnN(5, func(i int) *prog {
			var gp *G
			p := newProg(
				fn(func(p *prog, m *M, g *G) { gp = g; parked.Add(1) }),
				func(p *prog, m *M, g *G) Stop {
					r := send(c, i)(p, m, g)
					if p.panic != "" {
						p.closed = true
						return next
					}
					return r
				},
				fn(func(p *prog, m *M, g *G) { wg.Done(m) }))
			_ = gp
			ss = append(ss, p)
			return p
		}),
		// Wait until all five are blocked in the send.
		waitUntil(func() bool { return parked.Load() == 5 }), sleep(1e6),
		closeCh(c),
		wgWait(wg),
	)
	runMain(t, s, main)
	for i, p := range ss {
		if !p.closed {
			t.Fatalf("sender %d did not see the close", i)
		}
	}
}

func TestChanCloseTwiceAndSendOnClosed(t *testing.T) {
	s := newSched(t, 1)
	c := sched.NewChan[int](s, 2)
	main := newProg(send(c, 5), closeCh(c), fn(func(p *prog, m *M, g *G) {
		if !c.Close(m) {
			t.Error("second close not reported")
		}
		if r := c.Send(m, g, 1, false); r != sched.Closed {
			t.Errorf("send on closed: %v", r)
		}
		if r := c.Send(m, g, 1, true); r != sched.Closed {
			t.Errorf("blocking send on closed: %v", r)
		}
		if !c.Closed() {
			t.Error("Closed() false")
		}
	}), recv(c), recv(c), recv(c))
	runMain(t, s, main)
	if !slices.Equal(main.got, []int{5, 0, 0}) || main.ok {
		t.Fatalf("drain: %v ok=%v", main.got, main.ok)
	}
}

func TestChanNonBlocking(t *testing.T) {
	s := newSched(t, 1)
	c := sched.NewChan[int](s, 1)
	u := sched.NewChan[int](s, 0)
	var nilc *sched.Chan[int]
	main := newProg(fn(func(p *prog, m *M, g *G) {
		if _, _, r := c.Recv(m, g, false); r != sched.WouldBlock {
			t.Error("recv on empty:", r)
		}
		if r := c.Send(m, nil, 1, false); r != sched.OK {
			t.Error("send:", r)
		}
		if r := c.Send(m, nil, 2, false); r != sched.WouldBlock {
			t.Error("send on full:", r)
		}
		if v, ok, r := c.Recv(m, g, false); r != sched.OK || v != 1 || !ok {
			t.Error("recv:", v, ok, r)
		}
		if r := u.Send(m, nil, 1, false); r != sched.WouldBlock {
			t.Error("unbuffered send with no receiver:", r)
		}
		if r := nilc.Send(m, nil, 1, false); r != sched.WouldBlock {
			t.Error("nil send:", r)
		}
		if _, _, r := nilc.Recv(m, g, false); r != sched.WouldBlock {
			t.Error("nil recv:", r)
		}
		if nilc.Len() != 0 || nilc.Cap() != 0 || nilc.ID() != 0 || nilc.Closed() {
			t.Error("nil channel introspection")
		}
	}))
	runMain(t, s, main)
}

func TestChanIDsUnique(t *testing.T) {
	s := newSched(t, 1)
	seen := map[uint64]bool{}
	for i := 0; i < 1000; i++ {
		id := sched.NewChan[int](s, 0).ID()
		if seen[id] || id == 0 {
			t.Fatal("duplicate id")
		}
		seen[id] = true
	}
}

func TestChanNilBlocksForever(t *testing.T) {
	var nilc *sched.Chan[int]
	for _, tc := range []struct {
		st   step
		want string
	}{
		{recv(nilc), "goroutine 1 [chan receive (nil chan)]:\n"},
		{send(nilc, 1), "goroutine 1 [chan send (nil chan)]:\n"},
	} {
		s := newSchedTB(t, 2)
		err := runErr(t, s, newProg(tc.st))
		var de *sched.DeadlockError
		if !errors.As(err, &de) {
			t.Fatalf("err %v", err)
		}
		if !strings.HasPrefix(de.Dump, tc.want) {
			t.Fatalf("dump %q", de.Dump)
		}
	}
}
