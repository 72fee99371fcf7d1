package sched_test

import (
	"strings"
	"testing"
	"time"

	"github.com/goro-lang/goro/sched"
)

// A G waiting for its host in EnterSyscallIdle counts as idle: when every
// other G is blocked, OnDeadlock hears of it, and when the hook handles it
// the scheduler keeps running (a REPL's prompt goroutine deadlocked while
// the session goes on).
func TestEnterSyscallIdleAndOnDeadlock(t *testing.T) {
	reports := make(chan *sched.DeadlockError, 16)
	s := sched.New(sched.Config{Procs: 2, Exec: exec, Traceback: traceback,
		OnDeadlock: func(err *sched.DeadlockError) bool {
			select {
			case reports <- err:
			default:
			}
			return true
		}})
	c := sched.NewChan[int](s, 0)
	d := sched.NewChan[int](s, 0)
	host := make(chan struct{})
	blocked := newProg(recv(c), send(d, 1))
	main := newProg(
		spawn(blocked),
		fn(func(p *prog, m *M, g *G) {
			m.EnterSyscallIdle()
			<-host
			if !m.ExitSyscall() {
				t.Error("ExitSyscall: shutting down")
			}
		}),
		send(c, 42),
		recv(d),
	)
	errc := make(chan error, 1)
	g := s.NewMain()
	g.Ctx = main
	go func() { errc <- s.Run(g) }()

	var report *sched.DeadlockError
	for report == nil || report.Msg != "" {
		select {
		case report = <-reports:
		case <-time.After(30 * time.Second):
			t.Fatal("no deadlock report")
		}
	}
	if !strings.Contains(report.Dump, "goroutine 2 [chan receive]:") {
		t.Fatalf("dump:\n%s", report.Dump)
	}
	close(host) // the host answers: main goes on and unblocks the receiver
	select {
	case err := <-errc:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not return")
	}
	if len(blocked.got) != 1 || blocked.got[0] != 42 {
		t.Fatalf("receiver got %v", blocked.got)
	}
}
