package sched_test

import (
	"testing"

	"github.com/goro-lang/goro/sched"
)

func TestSchedLocalQueue(t *testing.T)         { sched.RunSchedLocalQueueTest(t) }
func TestSchedLocalQueueSteal(t *testing.T)    { sched.RunSchedLocalQueueStealTest(t) }
func TestSchedLocalQueueOverflow(t *testing.T) { sched.RunSchedLocalQueueOverflowTest(t) }
func TestSchedLocalQueueEmpty(t *testing.T) {
	n := 10000
	if testing.Short() {
		n = 1000
	}
	sched.RunSchedLocalQueueEmptyTest(t, n)
}
func TestGlobalBatch(t *testing.T) { sched.RunGlobalBatchTest(t) }
func TestRandomOrder(t *testing.T) { sched.RunRandomOrderTest(t) }
func TestStatusCAS(t *testing.T)   { sched.RunStatusTest(t) }
func TestGFree(t *testing.T)       { sched.RunGFreeTest(t) }
func TestSudogCache(t *testing.T)  { sched.RunSudogCacheTest(t) }
func TestWakep(t *testing.T)       { sched.RunWakepTest(t) }

func TestStatusStrings(t *testing.T) {
	want := map[sched.Status]string{
		sched.StatusIdle: "idle", sched.StatusRunnable: "runnable", sched.StatusRunning: "running",
		sched.StatusSyscall: "syscall", sched.StatusWaiting: "waiting", sched.StatusDead: "dead",
		sched.StatusCopystack: "copystack", sched.StatusPreempted: "preempted", 42: "???",
	}
	for st, s := range want {
		if st.String() != s {
			t.Errorf("%d: %q, want %q", st, st.String(), s)
		}
	}
	reasons := map[sched.WaitReason]string{
		sched.WaitReasonChanReceive: "chan receive", sched.WaitReasonChanSend: "chan send",
		sched.WaitReasonChanReceiveNilChan: "chan receive (nil chan)",
		sched.WaitReasonChanSendNilChan:    "chan send (nil chan)",
		sched.WaitReasonSelect:             "select", sched.WaitReasonSelectNoCases: "select (no cases)",
		sched.WaitReasonSleep: "sleep", sched.WaitReasonIOWait: "IO wait",
		sched.WaitReasonSyncMutexLock: "sync.Mutex.Lock", sched.WaitReasonSyncWaitGroupWait: "sync.WaitGroup.Wait",
		sched.WaitReasonSemacquire: "semacquire", sched.WaitReasonPreempted: "preempted",
		255: "unknown wait reason",
	}
	for r, s := range reasons {
		if r.String() != s {
			t.Errorf("%d: %q, want %q", r, r.String(), s)
		}
	}
}

func TestGoroutineHeader(t *testing.T) { sched.RunHeaderTest(t) }
func TestSelectLockOrder(t *testing.T) { sched.RunLockOrderTest(t) }
