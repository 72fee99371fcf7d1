package sched

// WaitReason says why a G waits. String gives Go's text verbatim
// (runtime2.go:waitReasonStrings), which is what dumps print.
type WaitReason uint8

const (
	WaitReasonZero WaitReason = iota // ""
	WaitReasonGCAssistMarking
	WaitReasonIOWait
	WaitReasonChanReceiveNilChan
	WaitReasonChanSendNilChan
	WaitReasonDumpingHeap
	WaitReasonGarbageCollection
	WaitReasonGarbageCollectionScan
	WaitReasonPanicWait
	WaitReasonSelect
	WaitReasonSelectNoCases
	WaitReasonGCAssistWait
	WaitReasonGCSweepWait
	WaitReasonGCScavengeWait
	WaitReasonChanReceive
	WaitReasonChanSend
	WaitReasonFinalizerWait
	WaitReasonForceGCIdle
	WaitReasonSemacquire
	WaitReasonSleep
	WaitReasonSyncCondWait
	WaitReasonSyncMutexLock
	WaitReasonSyncRWMutexRLock
	WaitReasonSyncRWMutexLock
	WaitReasonSyncWaitGroupWait
	WaitReasonTraceReaderBlocked
	WaitReasonWaitForGCCycle
	WaitReasonGCWorkerIdle
	WaitReasonGCWorkerActive
	WaitReasonPreempted
	WaitReasonDebugCall
	WaitReasonGCMarkTermination
	WaitReasonStoppingTheWorld
	WaitReasonCoroutine
	waitReasonCount
)

var waitReasonStrings = [...]string{
	WaitReasonZero:                  "",
	WaitReasonGCAssistMarking:       "GC assist marking",
	WaitReasonIOWait:                "IO wait",
	WaitReasonChanReceiveNilChan:    "chan receive (nil chan)",
	WaitReasonChanSendNilChan:       "chan send (nil chan)",
	WaitReasonDumpingHeap:           "dumping heap",
	WaitReasonGarbageCollection:     "garbage collection",
	WaitReasonGarbageCollectionScan: "garbage collection scan",
	WaitReasonPanicWait:             "panicwait",
	WaitReasonSelect:                "select",
	WaitReasonSelectNoCases:         "select (no cases)",
	WaitReasonGCAssistWait:          "GC assist wait",
	WaitReasonGCSweepWait:           "GC sweep wait",
	WaitReasonGCScavengeWait:        "GC scavenge wait",
	WaitReasonChanReceive:           "chan receive",
	WaitReasonChanSend:              "chan send",
	WaitReasonFinalizerWait:         "finalizer wait",
	WaitReasonForceGCIdle:           "force gc (idle)",
	WaitReasonSemacquire:            "semacquire",
	WaitReasonSleep:                 "sleep",
	WaitReasonSyncCondWait:          "sync.Cond.Wait",
	WaitReasonSyncMutexLock:         "sync.Mutex.Lock",
	WaitReasonSyncRWMutexRLock:      "sync.RWMutex.RLock",
	WaitReasonSyncRWMutexLock:       "sync.RWMutex.Lock",
	WaitReasonSyncWaitGroupWait:     "sync.WaitGroup.Wait",
	WaitReasonTraceReaderBlocked:    "trace reader (blocked)",
	WaitReasonWaitForGCCycle:        "wait for GC cycle",
	WaitReasonGCWorkerIdle:          "GC worker (idle)",
	WaitReasonGCWorkerActive:        "GC worker (active)",
	WaitReasonPreempted:             "preempted",
	WaitReasonDebugCall:             "debug call",
	WaitReasonGCMarkTermination:     "GC mark termination",
	WaitReasonStoppingTheWorld:      "stopping the world",
	WaitReasonCoroutine:             "coroutine",
}

func (w WaitReason) String() string {
	if w >= waitReasonCount {
		return "unknown wait reason"
	}
	return waitReasonStrings[w]
}
