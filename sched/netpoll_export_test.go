package sched

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Netpoller internals for the black-box tests (netpoll_test.go).

// FakePoll is a deterministic poller backend: the test injects readiness
// with Ready; a blocking wait returns on an injection, a Break or its
// timeout.
type FakePoll struct {
	mu      sync.Mutex
	pending []fakeEvent
	kick    chan struct{} // cap 1
	opened  map[int]uint64
	Waits   atomic.Int64 // blocking waits entered
}

type fakeEvent struct {
	tag  uint64
	r, w bool
}

// InstallFakePoller makes s use a FakePoll backend from now on (before
// Run).
func InstallFakePoller(s *Sched) *FakePoll {
	fp := &FakePoll{kick: make(chan struct{}, 1), opened: map[int]uint64{}}
	np := s.netpoll
	np.initMu.Lock()
	np.be = fp
	np.inited.Store(true)
	np.initMu.Unlock()
	return fp
}

// Ready injects readiness for the fd's current registration.
func (fp *FakePoll) Ready(fd int, r, w bool) {
	fp.mu.Lock()
	tag := fp.opened[fd]
	fp.pending = append(fp.pending, fakeEvent{tag, r, w})
	fp.mu.Unlock()
	fp.wakeup()
}

// ReadyTag injects an event with an explicit tag (a stale one).
func (fp *FakePoll) ReadyTag(tag uint64, r, w bool) {
	fp.mu.Lock()
	fp.pending = append(fp.pending, fakeEvent{tag, r, w})
	fp.mu.Unlock()
	fp.wakeup()
}

// Tag is the fd's current registration tag.
func (fp *FakePoll) Tag(fd int) uint64 {
	fp.mu.Lock()
	defer fp.mu.Unlock()
	return fp.opened[fd]
}

func (fp *FakePoll) open(fd int, tag uint64) error {
	fp.mu.Lock()
	fp.opened[fd] = tag
	fp.mu.Unlock()
	return nil
}

func (fp *FakePoll) close(fd int) error {
	fp.mu.Lock()
	delete(fp.opened, fd)
	fp.mu.Unlock()
	return nil
}

func (fp *FakePoll) wait(delay int64, np *netpoller, list *gList) {
	take := func() bool {
		fp.mu.Lock()
		evs := fp.pending
		fp.pending = nil
		fp.mu.Unlock()
		for _, e := range evs {
			np.event(list, e.tag, -1, e.r, e.w)
		}
		return len(evs) > 0
	}
	if take() || delay == 0 {
		return
	}
	fp.Waits.Add(1)
	var tc <-chan time.Time
	if delay > 0 {
		t := time.NewTimer(time.Duration(delay))
		defer t.Stop()
		tc = t.C
	}
	select {
	case <-fp.kick:
	case <-tc:
	}
	take()
}

func (fp *FakePoll) wakeup() {
	select {
	case fp.kick <- struct{}{}:
	default:
	}
}

func (fp *FakePoll) shutdown() {}

// NetpollWaiters is the scheduler's count of Gs parked on descriptors.
func (s *Sched) NetpollWaiters() int32 { return s.netpollWaiters.Load() }

// RunPollDescStressTest races a waiter against readiness, a deadline and a
// close, each from its own host goroutine, for rounds rounds. In every
// round the waiter must end exactly once: either it never parks (a
// notification or an error came first), or exactly one of the three hands
// its G back. Afterwards it must see readiness or an error: a wake-up with
// nothing to report would be a timeout or close posing as readiness, or a
// lost state.
func RunPollDescStressTest(t *testing.T, rounds int) {
	s := testSched(1)
	np := s.netpoll
	pd := &PollDesc{np: np}
	g := &G{}
	var woken, byReady atomic.Int32
	var wg sync.WaitGroup
	for round := 0; round < rounds; round++ {
		pd.rg.Store(nil)
		pd.closing, pd.rd = false, 0
		pd.publishInfoLocked()
		woken.Store(0)
		byReady.Store(0)
		start := make(chan struct{})
		wake := func(gp *G) {
			if gp != nil {
				if gp != g {
					t.Errorf("round %d: woke a stranger", round)
				}
				woken.Add(1)
			}
		}
		wg.Add(3)
		go func() { // readiness
			defer wg.Done()
			<-start
			if round%3 == 2 {
				return // a third of the rounds have no readiness at all
			}
			gp := pd.unblock(&pd.rg, true)
			if gp != nil {
				byReady.Store(1)
			}
			wake(gp)
		}()
		go func() { // deadline
			defer wg.Done()
			<-start
			pd.mu.Lock()
			pd.rd = -1
			pd.publishInfoLocked()
			gp := pd.unblock(&pd.rg, false)
			pd.mu.Unlock()
			wake(gp)
		}()
		go func() { // close
			defer wg.Done()
			<-start
			if round%2 == 0 {
				return // half the rounds race only readiness and deadline
			}
			pd.mu.Lock()
			pd.closing = true
			pd.publishInfoLocked()
			gp := pd.unblock(&pd.rg, false)
			pd.mu.Unlock()
			wake(gp)
		}()
		close(start)
		// The waiter: Wait's protocol with the park committed at once.
		parked := false
		var err error
		for {
			if pd.rg.CompareAndSwap(pdReady, nil) {
				break
			}
			if pd.rg.CompareAndSwap(nil, pdWait) {
				if err = pd.checkErr(PollRead); err != nil {
					pd.rg.Swap(nil)
					break
				}
				parked = pd.commit(&pd.rg, g)
				break
			}
		}
		wg.Wait()
		if parked {
			if n := woken.Load(); n != 1 {
				t.Fatalf("round %d: parked G woken %d times", round, n)
			}
			err := pd.Resume(PollRead)
			if byReady.Load() == 1 && err != nil {
				t.Fatalf("round %d: woken by readiness, Resume says %v", round, err)
			}
			if round%3 == 2 && err == nil {
				t.Fatalf("round %d: woken by a timeout or close posing as readiness", round)
			}
			if pd.rg.Load() != nil {
				t.Fatalf("round %d: semaphore not cleared after Resume", round)
			}
		} else if n := woken.Load(); n != 0 {
			t.Fatalf("round %d: unparked G woken %d times", round, n)
		}
		// Timeout and close leave no readiness behind.
		if v := pd.rg.Load(); v != nil && v != pdReady {
			t.Fatalf("round %d: semaphore left at %p", round, v)
		}
		if w := s.netpollWaiters.Load(); w != 0 {
			t.Fatalf("round %d: netpollWaiters = %d", round, w)
		}
	}
}

// RunPollTagTest: an event carrying the tag of an fd's earlier life is
// dropped; one with the current tag wakes the waiter.
func RunPollTagTest(t *testing.T) {
	s := testSched(1)
	fp := InstallFakePoller(s)
	pd, err := s.PollOpen(7, nil)
	if err != nil {
		t.Fatal(err)
	}
	old := fp.Tag(7)
	pd.Close(nil)
	pd2, err := s.PollOpen(7, nil)
	if err != nil {
		t.Fatal(err)
	}
	if pd2 != pd {
		t.Fatal("descriptor not reused")
	}
	if fp.Tag(7) == old {
		t.Fatal("same tag after reuse")
	}
	g := &G{}
	pd2.rg.Store(pdWait)
	if !pd2.commit(&pd2.rg, g) {
		t.Fatal("commit refused")
	}
	var list gList
	s.netpoll.event(&list, old, -1, true, true)
	if !list.empty() || pd2.rg.Load() != g {
		t.Fatal("stale event woke the new life")
	}
	s.netpoll.event(&list, fp.Tag(7), -1, true, false)
	if list.pop() != g || pd2.rg.Load() != pdReady {
		t.Fatal("current event lost")
	}
	if pd2.Resume(PollRead) != nil {
		t.Fatal("Resume after readiness reported an error")
	}
}
