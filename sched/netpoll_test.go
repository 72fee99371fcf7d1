package sched_test

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goro-lang/goro/sched"
)

func TestPollDescStress(t *testing.T) {
	rounds := 100_000
	if testing.Short() || raceEnabled {
		rounds = 20_000
	}
	sched.RunPollDescStressTest(t, rounds)
}

func TestPollTagReuse(t *testing.T) { sched.RunPollTagTest(t) }

// pollRead parks on pd until readable (the restartable protocol: Wait,
// park, Resume), then runs after.
func pollWait(pd **sched.PollDesc, mode int, res *error) step {
	return func(p *prog, m *M, g *G) Stop {
		if p.resuming {
			p.resuming = false
			*res = (*pd).Resume(mode)
			return next
		}
		if err := (*pd).Prepare(mode); err != nil {
			*res = err
			return next
		}
		r, err := (*pd).Wait(m, g, mode)
		if err != nil {
			*res = err
			return next
		}
		if r == sched.Parked {
			p.resuming = true
			return again(p, sched.StopPark)
		}
		*res = nil
		return next
	}
}

// TestFakePollerReadiness: a G parked on a descriptor is not a deadlock,
// shows as [IO wait], and runs once the (fake) poller reports readiness.
func TestFakePollerReadiness(t *testing.T) {
	for _, procs := range []int{1, 2} {
		s := newSched(t, procs)
		fp := sched.InstallFakePoller(s)
		var pd *sched.PollDesc
		var res error = sched.ErrPollTimeout
		var dump string
		main := newProg(
			fn(func(p *prog, m *M, g *G) {
				var err error
				if pd, err = s.PollOpen(3, nil); err != nil {
					t.Error(err)
				}
				go func() {
					for s.NetpollWaiters() == 0 {
						time.Sleep(time.Millisecond)
					}
					var b strings.Builder
					s.Dump(&b)
					dump = b.String()
					fp.Ready(3, true, false)
				}()
			}),
			pollWait(&pd, sched.PollRead, &res),
		)
		runMain(t, s, main)
		if res != nil {
			t.Fatalf("procs %d: woke with %v", procs, res)
		}
		if !strings.Contains(dump, "[IO wait]") {
			t.Fatalf("procs %d: dump lacks [IO wait]:\n%s", procs, dump)
		}
		if s.NetpollWaiters() != 0 {
			t.Fatal("waiters left")
		}
	}
}

// TestPollDeadlineAndClose: a deadline wakes the waiter with a timeout
// (not readiness), a deadline in the past fails at once, and Close wakes
// a waiter with ErrPollClosing.
func TestPollDeadlineAndClose(t *testing.T) {
	s := newSched(t, 2)
	sched.InstallFakePoller(s)
	var pd *sched.PollDesc
	var r1, r2, r3 error
	main := newProg(
		fn(func(p *prog, m *M, g *G) {
			pd, _ = s.PollOpen(5, nil)
			pd.SetDeadline(m, 5*time.Millisecond, sched.PollRead)
		}),
		pollWait(&pd, sched.PollRead, &r1),
		pollWait(&pd, sched.PollRead, &r2), // still expired
		fn(func(p *prog, m *M, g *G) {
			pd.SetDeadline(m, 0, sched.PollRead)
			go func() {
				for s.NetpollWaiters() == 0 {
					time.Sleep(time.Millisecond)
				}
				pd.Close(nil)
			}()
		}),
		pollWait(&pd, sched.PollRead, &r3),
	)
	runMain(t, s, main)
	if r1 != sched.ErrPollTimeout || r2 != sched.ErrPollTimeout || r3 != sched.ErrPollClosing {
		t.Fatalf("got %v, %v, %v", r1, r2, r3)
	}
}

// TestTimerWhileBlockedInPoller: with the only G parked on I/O, an M
// blocks in the poller with no timeout; a timer armed from outside
// meanwhile must break that wait and fire (else it would wait for I/O
// forever).
func TestTimerWhileBlockedInPoller(t *testing.T) {
	s := newSched(t, 1)
	fp := sched.InstallFakePoller(s)
	var pd *sched.PollDesc
	var res error
	var fired atomic.Bool
	main := newProg(
		fn(func(p *prog, m *M, g *G) {
			pd, _ = s.PollOpen(9, nil)
			go func() {
				for fp.Waits.Load() == 0 {
					time.Sleep(time.Millisecond)
				}
				s.NewTimer(nil, 20*time.Millisecond, 0, func(m *M, now int64) {
					fired.Store(true)
					fp.Ready(9, true, false)
				})
			}()
		}),
		pollWait(&pd, sched.PollRead, &res),
	)
	runMain(t, s, main)
	if !fired.Load() || res != nil {
		t.Fatalf("fired %v, res %v", fired.Load(), res)
	}
}
