package sched

import (
	"math"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// Timers (time.go). Each P has a 4-ary min-heap of timers under its own
// lock. Stop and Reset never touch a heap: they mark the timer (zombie or
// modified) under the timer's lock, and the P that owns the heap fixes it
// lazily (adjust / updateHeap), removing zombies in bulk when they exceed a
// quarter of the heap. Due timers run on the M that checks the heap, with
// the heap unlocked, outside any G.
//
// Lock order: P timers lock (ts.mu), then timer lock (t.mu).

const (
	timerHeaped   uint8 = 1 << iota // in the heap t.ts
	timerModified                   // t.when differs from t's heap entry
	timerZombie                     // stopped while heaped; remove lazily
)

// Timer calls a function on some M (holding a P, outside any G) when it
// fires, and again every period if period > 0. Timers of Sleep ready their
// G instead.
type Timer struct {
	mu     sync.Mutex
	s      *Sched
	state  uint8   // mu
	when   int64   // mu: when it fires next (0: not armed)
	period int64   // mu
	ts     *timers // mu: the heap holding it when timerHeaped
	hint   int32   // mu: the P it was last added to

	f func(m *M, now int64)
	g *G // a Sleep timer: ready g

	// A poll deadline timer (netpoll.go) calls fs with the sequence number
	// it was armed with, so a firing that raced with a deadline change is
	// recognised as stale. seq is written with when, under mu.
	fs  func(m *M, now int64, seq uint64)
	seq uint64 // mu
}

type timerWhen struct {
	t    *Timer
	when int64
}

// timers is one P's heap.
type timers struct {
	mu   sync.Mutex
	heap []timerWhen // mu: 4-ary min-heap by when
	dead bool        // mu: the P was destroyed; add elsewhere
	pp   *p

	len             atomic.Int32
	zombies         atomic.Int32
	minWhenHeap     atomic.Int64 // heap[0].when, 0 if empty
	minWhenModified atomic.Int64 // lower bound of modified timers' when, 0 if none
}

// wakeTime is when the next timer of this heap should run (0: none). It
// reads only atomics.
func (ts *timers) wakeTime() int64 {
	next := ts.minWhenModified.Load()
	when := ts.minWhenHeap.Load()
	if when == 0 || (next != 0 && next < when) {
		when = next
	}
	return when
}

// when converts a relative duration to an absolute Nanotime, saturating.
func (s *Sched) when(d time.Duration) int64 {
	now := s.Nanotime()
	if d <= 0 {
		return now
	}
	if t := now + int64(d); t > now {
		return t
	}
	return math.MaxInt64
}

// NewTimer starts a timer that calls f after d, and then every period if
// period > 0. f runs on an M that holds a P, outside any G, and must not
// block (typically it does a non-blocking Send). m may be nil (host code).
func (s *Sched) NewTimer(m *M, d, period time.Duration, f func(m *M, now int64)) *Timer {
	t := &Timer{s: s, f: f}
	var pp *p
	if m != nil {
		pp = m.p.Load()
	}
	t.modify(s.when(d), int64(period), pp)
	return t
}

// Stop stops the timer. It reports whether the timer was armed.
func (t *Timer) Stop() bool {
	t.mu.Lock()
	pending := t.when > 0
	if t.state&timerHeaped != 0 {
		t.state |= timerModified
		if t.state&timerZombie == 0 {
			t.state |= timerZombie
			t.ts.zombies.Add(1)
		}
	}
	t.when = 0
	t.mu.Unlock()
	return pending
}

// Reset re-arms the timer to fire after d, keeping its period. It reports
// whether the timer was armed before.
func (t *Timer) Reset(d time.Duration) bool {
	return t.modify(t.s.when(d), -1, nil)
}

// ResetPeriod re-arms the timer to fire after d and then every period (a
// Ticker's Reset). It reports whether the timer was armed before.
func (t *Timer) ResetPeriod(d, period time.Duration) bool {
	return t.modify(t.s.when(d), int64(period), nil)
}

// modify arms t for when (period < 0 keeps the period). A heaped timer is
// only marked modified; one not in any heap is added to pp's heap (or to
// the P it was last in when pp is nil).
func (t *Timer) modify(when, period int64, pp *p) bool {
	t.mu.Lock()
	return t.modifyLocked(when, period, pp)
}

// armSeq arms a one-shot timer for when with sequence number seq (poll
// deadlines): seq and when change together, under t.mu.
func (t *Timer) armSeq(when int64, seq uint64, pp *p) {
	t.mu.Lock()
	t.seq = seq
	t.modifyLocked(when, 0, pp)
}

// modifyLocked is modify's body; it is called holding t.mu and releases it.
func (t *Timer) modifyLocked(when, period int64, pp *p) bool {
	pending := t.when > 0
	if period >= 0 {
		t.period = period
	}
	t.when = when
	if t.state&timerHeaped != 0 {
		t.state |= timerModified
		if t.state&timerZombie != 0 {
			t.ts.zombies.Add(-1)
			t.state &^= timerZombie
		}
		ts := t.ts
		earlier := when < ts.wakeTime()
		ts.updateMinWhenModified(when)
		t.mu.Unlock()
		if earlier {
			t.s.wakeNetPoller(when)
		}
		return pending
	}
	hint := t.hint
	t.mu.Unlock()
	t.maybeAdd(pp, hint)
	return pending
}

// maybeAdd adds t to pp's heap unless it is already in one or was stopped
// meanwhile.
func (t *Timer) maybeAdd(pp *p, hint int32) {
	s := t.s
	for {
		if pp == nil {
			ps := s.ps.Load()
			if int(hint) >= len(ps.allp) {
				hint = 0
			}
			pp = ps.allp[hint]
		}
		ts := &pp.timers
		ts.mu.Lock()
		if ts.dead {
			ts.mu.Unlock()
			pp, hint = nil, 0
			continue
		}
		old := ts.wakeTime()
		t.mu.Lock()
		when := int64(0)
		if t.state&timerHeaped == 0 && t.when > 0 {
			when = t.when
			t.hint = pp.id
			ts.addHeap(t)
		}
		t.mu.Unlock()
		ts.mu.Unlock()
		if when != 0 && (old == 0 || when < old) {
			s.wakeNetPoller(when)
		}
		return
	}
}

// addHeap pushes t. Must hold ts.mu and t.mu.
func (ts *timers) addHeap(t *Timer) {
	t.state |= timerHeaped
	t.ts = ts
	ts.heap = append(ts.heap, timerWhen{t, t.when})
	ts.siftUp(len(ts.heap) - 1)
	if t == ts.heap[0].t {
		ts.updateMinWhenHeap()
	}
	ts.len.Store(int32(len(ts.heap)))
	ts.pp.s.ps.Load().timerp.set(ts.pp.id)
}

func (ts *timers) updateMinWhenHeap() {
	if len(ts.heap) == 0 {
		ts.minWhenHeap.Store(0)
	} else {
		ts.minWhenHeap.Store(ts.heap[0].when)
	}
}

func (ts *timers) updateMinWhenModified(when int64) {
	for {
		old := ts.minWhenModified.Load()
		if old != 0 && old < when {
			return
		}
		if ts.minWhenModified.CompareAndSwap(old, when) {
			return
		}
	}
}

// check runs the due timers of ts on m and returns the current time, when
// the next timer is due (0: none) and whether any ran. m must hold a P
// (possibly not ts's: stealing Ms check other Ps' timers).
func (ts *timers) check(m *M, now int64) (rnow, pollUntil int64, ran bool) {
	next := ts.wakeTime()
	if next == 0 {
		return now, 0, false
	}
	if now == 0 {
		now = ts.pp.s.Nanotime()
	}
	local := m.p.Load() == ts.pp
	force := local && ts.zombies.Load() > ts.len.Load()/4
	if now < next && !force {
		return now, next, false
	}
	ts.mu.Lock()
	if len(ts.heap) > 0 {
		ts.adjust(now, false)
		for len(ts.heap) > 0 {
			if tw := ts.run(m, now); tw != 0 {
				if tw > 0 {
					pollUntil = tw
				}
				break
			}
			ran = true
		}
		if local && ts.zombies.Load() > ts.len.Load()/4 {
			ts.adjust(now, true)
		}
	}
	ts.mu.Unlock()
	return now, pollUntil, ran
}

// adjust re-sorts modified timers and drops zombies, rebuilding the heap in
// O(n). Without force it does nothing until a modified timer could be due.
// Must hold ts.mu.
func (ts *timers) adjust(now int64, force bool) {
	if !force {
		first := ts.minWhenModified.Load()
		if first == 0 || first > now {
			return
		}
	}
	// Keep wakeTime a lower bound while we work; modify calls that race
	// with the loop either are seen by it or leave their mark behind.
	ts.minWhenHeap.Store(ts.wakeTime())
	ts.minWhenModified.Store(0)
	changed := false
	for i := 0; i < len(ts.heap); i++ {
		tw := &ts.heap[i]
		t := tw.t
		t.mu.Lock()
		switch {
		case t.state&timerZombie != 0:
			ts.zombies.Add(-1)
			t.state &^= timerHeaped | timerZombie | timerModified
			t.ts = nil
			n := len(ts.heap)
			ts.heap[i] = ts.heap[n-1]
			ts.heap[n-1] = timerWhen{}
			ts.heap = ts.heap[:n-1]
			i--
			changed = true
		case t.state&timerModified != 0:
			tw.when = t.when
			t.state &^= timerModified
			changed = true
		}
		t.mu.Unlock()
	}
	if changed {
		ts.initHeap()
	}
	ts.updateMinWhenHeap()
	ts.len.Store(int32(len(ts.heap)))
}

// run examines the first timer: it fixes it up if it was modified or
// stopped (returns 0: look again), returns its when if it is not due, or
// runs it (returns 0). Returns -1 if the heap is empty. Must hold ts.mu;
// it is released while the timer function runs.
func (ts *timers) run(m *M, now int64) int64 {
	for {
		if len(ts.heap) == 0 {
			return -1
		}
		tw := ts.heap[0]
		t := tw.t
		t.mu.Lock()
		if t.ts != ts {
			throw("timers: bad ts")
		}
		if t.state&timerZombie != 0 {
			t.state &^= timerHeaped | timerZombie | timerModified
			ts.zombies.Add(-1)
			ts.deleteMin()
			t.mu.Unlock()
			continue
		}
		if t.state&timerModified != 0 {
			t.state &^= timerModified
			ts.heap[0].when = t.when
			ts.siftDown(0)
			ts.updateMinWhenHeap()
			t.mu.Unlock()
			continue
		}
		if when := t.when; when > now {
			t.mu.Unlock()
			return when
		}
		if t.period > 0 {
			// Skip ticks we missed.
			delay := now - t.when
			t.when += t.period * (1 + delay/t.period)
			if t.when < 0 {
				t.when = math.MaxInt64
			}
			ts.heap[0].when = t.when
			ts.siftDown(0)
			ts.updateMinWhenHeap()
		} else {
			t.when = 0
			t.state &^= timerHeaped
			ts.deleteMin()
		}
		f, gp, fs, seq := t.f, t.g, t.fs, t.seq
		t.mu.Unlock()
		ts.mu.Unlock()
		if gp != nil {
			m.Ready(gp)
		} else if fs != nil {
			fs(m, now, seq)
		} else {
			f(m, now)
		}
		ts.mu.Lock()
		return 0
	}
}

// deleteMin removes heap[0]. Must hold ts.mu (and t.mu of heap[0]).
func (ts *timers) deleteMin() {
	t := ts.heap[0].t
	t.ts = nil
	last := len(ts.heap) - 1
	if last > 0 {
		ts.heap[0] = ts.heap[last]
	}
	ts.heap[last] = timerWhen{}
	ts.heap = ts.heap[:last]
	if last > 0 {
		ts.siftDown(0)
	}
	ts.updateMinWhenHeap()
	if last == 0 {
		ts.minWhenModified.Store(0)
	}
	ts.len.Store(int32(last))
}

const timerHeapN = 4

func (ts *timers) siftUp(i int) {
	h := ts.heap
	tw := h[i]
	for i > 0 {
		p := (i - 1) / timerHeapN
		if tw.when >= h[p].when {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = tw
}

func (ts *timers) siftDown(i int) {
	h := ts.heap
	n := len(h)
	tw := h[i]
	for {
		c := i*timerHeapN + 1
		if c >= n {
			break
		}
		best := c
		for j := c + 1; j < c+timerHeapN && j < n; j++ {
			if h[j].when < h[best].when {
				best = j
			}
		}
		if tw.when <= h[best].when {
			break
		}
		h[i] = h[best]
		i = best
	}
	h[i] = tw
}

func (ts *timers) initHeap() {
	if len(ts.heap) <= 1 {
		return
	}
	for i := (len(ts.heap) - 2) / timerHeapN; i >= 0; i-- {
		ts.siftDown(i)
	}
}

// take moves every live timer of src into ts (src's P is being destroyed).
// The world is stopped; must hold src.mu and ts.mu.
func (ts *timers) take(src *timers) {
	for _, tw := range src.heap {
		t := tw.t
		t.mu.Lock()
		if t.state&timerZombie != 0 {
			src.zombies.Add(-1)
			t.state = 0
			t.ts = nil
		} else {
			t.state &^= timerModified
			t.ts = ts
			t.hint = ts.pp.id
			ts.heap = append(ts.heap, timerWhen{t, t.when})
		}
		t.mu.Unlock()
	}
	clear(src.heap)
	src.heap = src.heap[:0]
	src.dead = true
	src.len.Store(0)
	src.minWhenHeap.Store(0)
	src.minWhenModified.Store(0)
	ts.initHeap()
	ts.updateMinWhenHeap()
	ts.len.Store(int32(len(ts.heap)))
}

// timeSleepUntil is the earliest timer over all Ps (0: none).
func (s *Sched) timeSleepUntil(runningOnly bool) int64 {
	next := int64(0)
	for _, pp := range s.ps.Load().allp {
		if runningOnly && pp.status.Load() != pRunning {
			continue
		}
		if w := pp.timers.wakeTime(); w != 0 && (next == 0 || w < next) {
			next = w
		}
	}
	return next
}

// Sleep parks g for d with wait reason "sleep" (Go's timeSleep). The G's
// cached timer is armed by the park's unlock function, after the G is
// Waiting, so even a tiny d cannot fire before the park commits.
func (m *M) Sleep(g *G, d time.Duration) Result {
	if d <= 0 {
		return OK
	}
	if g.timer == nil {
		g.timer = &Timer{s: m.s, g: g}
	}
	g.sleepWhen = m.s.when(d)
	m.PreparePark(resetForSleep, unsafe.Pointer(m), WaitReasonSleep)
	return Parked
}

// resetForSleep is Sleep's unlock function; arg is the parking M.
func resetForSleep(g *G, arg unsafe.Pointer) bool {
	m := (*M)(arg)
	g.timer.modify(g.sleepWhen, 0, m.p.Load())
	return true
}
