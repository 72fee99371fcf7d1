package sched

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Internals exported for the black-box tests, in the spirit of Go's
// runtime/export_test.go: each Run*Test drives one mechanism directly and
// deterministically.

func testSched(procs int) *Sched {
	return New(Config{Procs: procs, Exec: func(*M, *G) Stop { return StopExit }})
}

func testGs(s *Sched, n int) []*G {
	gs := make([]*G, n)
	for i := range gs {
		gs[i] = s.malg()
		gs[i].ID = int64(i + 100)
	}
	return gs
}

// RunSchedLocalQueueTest checks FIFO order of the ring and runnext.
func RunSchedLocalQueueTest(t testing.TB) {
	s := testSched(1)
	pp := s.ps.Load().allp[0]
	gs := testGs(s, runqSize)
	for i := 0; i < runqSize; i++ {
		if g, _ := pp.runqget(); g != nil {
			t.Fatal("runq is not empty initially")
		}
		for j := 0; j < i; j++ {
			pp.runqput(gs[j], false)
		}
		for j := 0; j < i; j++ {
			if g, inherit := pp.runqget(); g != gs[j] || inherit {
				t.Fatalf("bad element at iter %d/%d", i, j)
			}
		}
		if g, _ := pp.runqget(); g != nil {
			t.Fatal("runq is not empty afterwards")
		}
	}
	// runnext: the newest readied G runs first and inherits the time
	// slice; the previous runnext is kicked to the tail.
	pp.runqput(gs[0], false)
	pp.runqput(gs[1], true)
	pp.runqput(gs[2], true)
	want := []struct {
		g       *G
		inherit bool
	}{{gs[2], true}, {gs[0], false}, {gs[1], false}}
	for i, w := range want {
		if g, inherit := pp.runqget(); g != w.g || inherit != w.inherit {
			t.Fatalf("runnext order %d: got %v/%v", i, g, inherit)
		}
	}
	if !pp.runqempty() {
		t.Fatal("runq not empty")
	}
}

// RunSchedLocalQueueStealTest checks that a thief takes half (rounded up)
// and that every G is seen exactly once.
func RunSchedLocalQueueStealTest(t testing.TB) {
	s := testSched(2)
	p1, p2 := s.ps.Load().allp[0], s.ps.Load().allp[1]
	gs := testGs(s, runqSize)
	for i := 0; i < runqSize; i++ {
		seen := make(map[*G]int)
		for j := 0; j < i; j++ {
			p1.runqput(gs[j], false)
		}
		g := p2.runqsteal(p1, true)
		stolen := 0
		if g != nil {
			seen[g]++
			stolen++
		}
		for {
			g, _ := p2.runqget()
			if g == nil {
				break
			}
			seen[g]++
			stolen++
		}
		left := 0
		for {
			g, _ := p1.runqget()
			if g == nil {
				break
			}
			seen[g]++
			left++
		}
		for j := 0; j < i; j++ {
			if seen[gs[j]] != 1 {
				t.Fatalf("iter %d: G %d seen %d times", i, j, seen[gs[j]])
			}
		}
		if stolen != i-i/2 || left != i/2 {
			t.Fatalf("iter %d: stole %d, left %d", i, stolen, left)
		}
	}
	// Runnext is stolen only when asked and the ring is empty.
	p1.runqput(gs[0], true)
	if g := p2.runqsteal(p1, false); g != nil {
		t.Fatal("stole runnext without stealRunNext")
	}
	if g := p2.runqsteal(p1, true); g != gs[0] {
		t.Fatal("did not steal runnext")
	}
}

// RunSchedLocalQueueOverflowTest checks that a full ring spills half of
// itself plus the new G to the global queue, in order.
func RunSchedLocalQueueOverflowTest(t testing.TB) {
	s := testSched(1)
	pp := s.ps.Load().allp[0]
	gs := testGs(s, runqSize+1)
	for _, g := range gs {
		pp.runqput(g, false)
	}
	if n := pp.runqlen(); n != runqSize/2 {
		t.Fatalf("local queue has %d, want %d", n, runqSize/2)
	}
	if n := s.runqsize.Load(); n != runqSize/2+1 {
		t.Fatalf("global queue has %d, want %d", n, runqSize/2+1)
	}
	s.lock.Lock()
	for i := 0; i <= runqSize/2; i++ {
		var want *G
		if i < runqSize/2 {
			want = gs[i]
		} else {
			want = gs[runqSize]
		}
		if g := s.globrunqget(); g != want {
			t.Fatalf("global queue element %d wrong", i)
		}
	}
	s.lock.Unlock()
	for i := runqSize / 2; i < runqSize; i++ {
		if g, _ := pp.runqget(); g != gs[i] {
			t.Fatalf("local element %d wrong", i)
		}
	}
}

// RunSchedLocalQueueEmptyTest checks that runqempty never reports empty
// while a G moves from runnext to the ring, against a concurrent reader.
func RunSchedLocalQueueEmptyTest(t testing.TB, iters int) {
	s := testSched(1)
	pp := s.ps.Load().allp[0]
	gs := testGs(s, 2)
	done := make(chan bool, 1)
	for i := 0; i < iters; i++ {
		var ready atomic.Bool
		go func() {
			for !ready.Load() {
				runtime.Gosched()
			}
			done <- pp.runqempty()
		}()
		pp.runqput(gs[0], true)
		ready.Store(true)
		pp.runqput(gs[1], true) // gs[0] moves to the ring
		if <-done {
			t.Fatalf("iter %d: runqempty reported empty", i)
		}
		pp.runqget()
		pp.runqget()
	}
}

// RunGlobalBatchTest checks globrunqgetbatch's size rule.
func RunGlobalBatchTest(t testing.TB) {
	s := testSched(4)
	gs := testGs(s, 100)
	s.lock.Lock()
	defer s.lock.Unlock()
	for _, g := range gs {
		s.globrunqput(g)
	}
	// min(128, 100, 100/4+1) = 26
	g, q := s.globrunqgetbatch(runqSize / 2)
	if g != gs[0] || q.size != 25 || q.head != gs[1] {
		t.Fatalf("batch: first %v, rest %d", g, q.size)
	}
	if s.runq.size != 74 || s.runqsize.Load() != 74 {
		t.Fatalf("left %d", s.runq.size)
	}
}

// RunRandomOrderTest checks that every enumeration visits each P once.
func RunRandomOrderTest(t testing.TB) {
	for n := uint32(1); n <= 20; n++ {
		var ord randomOrder
		ord.reset(n)
		for r := uint32(0); r < 200; r++ {
			seen := make([]int, n)
			for e := ord.start(r * 2654435761); !e.done(); e.next() {
				seen[e.position()]++
			}
			for i, c := range seen {
				if c != 1 {
					t.Fatalf("n=%d r=%d: P %d visited %d times", n, r, i, c)
				}
			}
		}
	}
}

// RunStatusTest checks that casStatus rejects illegal edges and wrong
// current states.
func RunStatusTest(t testing.TB) {
	s := testSched(1)
	g := s.malg()
	mustPanic := func(f func()) {
		defer func() {
			if recover() == nil {
				t.Fatal("no panic")
			}
		}()
		f()
	}
	mustPanic(func() { g.casStatus(StatusDead, StatusWaiting) })     // illegal edge
	mustPanic(func() { g.casStatus(StatusRunnable, StatusRunning) }) // wrong state
	g.casStatus(StatusDead, StatusRunnable)
	g.casStatus(StatusRunnable, StatusRunning)
	g.casStatus(StatusRunning, StatusWaiting)
	mustPanic(func() { g.casStatus(StatusWaiting, StatusRunning) })
	g.casStatus(StatusWaiting, StatusRunnable)
}

// RunGFreeTest checks the per-P free list's spill and refill.
func RunGFreeTest(t testing.TB) {
	s := testSched(2)
	p0, p1 := s.ps.Load().allp[0], s.ps.Load().allp[1]
	gs := testGs(s, 64)
	for _, g := range gs {
		s.gfput(p0, g)
	}
	if p0.gFree.size != 31 || s.gFree.size != 33 {
		t.Fatalf("after spill: local %d global %d", p0.gFree.size, s.gFree.size)
	}
	if g := s.gfget(p1); g == nil || p1.gFree.size != 31 || s.gFree.size != 1 {
		t.Fatalf("after refill: local %d global %d", p1.gFree.size, s.gFree.size)
	}
}

// RunSudogCacheTest checks sudog classes and the per-P cache.
func RunSudogCacheTest(t testing.TB) {
	s := testSched(1)
	if c1, c2 := classOf[int](s), classOf[int](s); c1 != c2 || c1 == 0 {
		t.Fatalf("classOf[int] = %d, %d", c1, c2)
	}
	if c := classOf[string](s); c == classOf[int](s) {
		t.Fatal("int and string share a class")
	}
	m := &M{s: s}
	m.p.Store(s.ps.Load().allp[0])
	class := classOf[int](s)
	var sgs []*sudog
	for i := 0; i < 3*sudogCacheSize; i++ {
		sg := m.acquireSudog(s, class)
		*(*int)(sg.elem) = i
		sgs = append(sgs, sg)
	}
	for _, sg := range sgs {
		*(*int)(sg.elem) = 0
		m.releaseSudog(s, sg)
	}
	pp := s.ps.Load().allp[0]
	if n := len(pp.sudogCache[class]); n > sudogCacheSize || n == 0 {
		t.Fatalf("local cache holds %d", n)
	}
	if len(pp.sudogCache[class])+len(s.sudogs.free[class]) != 3*sudogCacheSize {
		t.Fatal("lost sudogs")
	}
}

// TimerHeap exposes a P's timer heap to tests.
type TimerHeap struct {
	s  *Sched
	m  *M
	ts *timers
}

func NewTimerHeap() *TimerHeap {
	s := testSched(1)
	m := &M{s: s}
	m.p.Store(s.ps.Load().allp[0])
	return &TimerHeap{s: s, m: m, ts: &s.ps.Load().allp[0].timers}
}

// Add arms a timer for absolute time when (in the heap's clock).
func (h *TimerHeap) Add(when int64, period int64, f func(now int64)) *Timer {
	t := &Timer{s: h.s, f: func(_ *M, now int64) { f(now) }}
	t.modify(when, period, h.m.p.Load())
	return t
}

func (h *TimerHeap) ResetAt(t *Timer, when int64) bool { return t.modify(when, -1, nil) }

// Check runs the timers due at now; it returns the next wake time.
func (h *TimerHeap) Check(now int64) (next int64, ran bool) {
	_, next, ran = h.ts.check(h.m, now)
	return next, ran
}

func (h *TimerHeap) Len() int        { return int(h.ts.len.Load()) }
func (h *TimerHeap) Zombies() int    { return int(h.ts.zombies.Load()) }
func (h *TimerHeap) WakeTime() int64 { return h.ts.wakeTime() }

// Verify checks the 4-ary heap property.
func (h *TimerHeap) Verify(t testing.TB) {
	h.ts.mu.Lock()
	defer h.ts.mu.Unlock()
	for i := 1; i < len(h.ts.heap); i++ {
		p := (i - 1) / timerHeapN
		if h.ts.heap[i].when < h.ts.heap[p].when {
			t.Fatalf("heap[%d]=%d < parent heap[%d]=%d", i, h.ts.heap[i].when, p, h.ts.heap[p].when)
		}
	}
}

// Counters exposes scheduler counters.
type Counters struct {
	Mcount, Nmidle, Nmidlelocked, Npidle, Nmspinning int32
	Runq                                             int32
}

func (s *Sched) Counters() Counters {
	s.lock.Lock()
	defer s.lock.Unlock()
	return Counters{
		Mcount: s.mcount, Nmidle: s.nmidle, Nmidlelocked: s.nmidlelocked,
		Npidle: s.npidle.Load(), Nmspinning: s.nmspinning.Load(), Runq: s.runq.size,
	}
}

// RunWakepTest checks the spinning protocol on a scheduler with no work:
// wakep starts one spinning M, a second wakep does nothing while it spins,
// and the M ends idle with its P back on the idle list.
func RunWakepTest(t testing.TB) {
	s := testSched(4)
	s.running.Store(true)
	s.AddPendingWake(1) // no deadlock reports: nothing runs here on purpose
	defer func() {
		s.Shutdown(nil)
		s.waitMs()
	}()
	s.wakep()
	s.wakep()
	deadline := time.Now().Add(10 * time.Second)
	for {
		c := s.Counters()
		if c.Mcount == 1 && c.Nmidle == 1 && c.Npidle == 4 && c.Nmspinning == 0 {
			break
		}
		if c.Mcount > 1 {
			t.Fatalf("wakep started %d Ms", c.Mcount)
		}
		if time.Now().After(deadline) {
			t.Fatalf("M did not go idle: %+v", c)
		}
		time.Sleep(time.Millisecond)
	}
	// needspinning: with no idle P, wakep leaves a note for the next M
	// that would drop its P.
	s.lock.Lock()
	var taken []*p
	for pp := s.pidleget(); pp != nil; pp = s.pidleget() {
		taken = append(taken, pp)
	}
	s.lock.Unlock()
	s.wakep()
	if s.needspinning.Load() != 1 || s.nmspinning.Load() != 0 {
		t.Fatal("wakep without idle P did not set needspinning")
	}
	s.lock.Lock()
	for _, pp := range taken {
		s.pidleput(pp)
	}
	s.lock.Unlock()
}

var _ sync.Locker = (*sync.Mutex)(nil)

// RunHeaderTest checks Go's goroutine header forms.
func RunHeaderTest(t testing.TB) {
	s := testSched(1)
	g := s.malg()
	g.ID = 7
	now := int64(10 * 60e9)
	check := func(want string) {
		t.Helper()
		if got := goroutineHeader(g, now); got != want {
			t.Fatalf("header %q, want %q", got, want)
		}
	}
	g.casStatus(StatusDead, StatusRunnable)
	check("goroutine 7 [runnable]:\n")
	g.casStatus(StatusRunnable, StatusRunning)
	check("goroutine 7 [running]:\n")
	g.waitreason.Store(uint32(WaitReasonChanReceive))
	g.waitsince.Store(now - 30e9)
	g.casStatus(StatusRunning, StatusWaiting)
	check("goroutine 7 [chan receive]:\n")
	g.waitsince.Store(now - 150e9)
	check("goroutine 7 [chan receive, 2 minutes]:\n")
	g.locked.Store(true)
	check("goroutine 7 [chan receive, 2 minutes, locked to thread]:\n")
	g.waitreason.Store(0)
	g.locked.Store(false)
	check("goroutine 7 [waiting, 2 minutes]:\n")
}

// RunLockOrderTest checks select's heap sort by channel id.
func RunLockOrderTest(t testing.TB) {
	s := testSched(1)
	var chans []*Chan[int]
	for i := 0; i < 10; i++ {
		chans = append(chans, NewChan[int](s, 0))
	}
	for n := 1; n <= 40; n++ {
		cases := make([]Case[int], n)
		poll := make([]uint16, n)
		for i := range cases {
			cases[i].C = chans[(i*7+n)%len(chans)]
			poll[i] = uint16((i*13 + n) % n)
		}
		// poll must be a permutation
		seen := map[uint16]bool{}
		for i := range poll {
			for seen[poll[i]] {
				poll[i] = (poll[i] + 1) % uint16(n)
			}
			seen[poll[i]] = true
		}
		lock := make([]uint16, n)
		sortLockOrder(cases, poll, lock)
		count := map[uint16]int{}
		for i, o := range lock {
			count[o]++
			if i > 0 && cases[lock[i-1]].C.id > cases[o].C.id {
				t.Fatalf("n=%d: lock order not sorted at %d", n, i)
			}
		}
		if len(count) != n {
			t.Fatalf("n=%d: lock order is not a permutation", n)
		}
	}
}

// Exiting reports whether Shutdown was called.
func (s *Sched) Exiting() bool { return s.exiting.Load() }
