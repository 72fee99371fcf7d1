package vm

import (
	"runtime"
	"sync/atomic"
)

// spinLock guards one list. Its critical sections are a few instructions
// long and never call back into scripts, so a compare-and-swap plus a short
// spin is all it needs; under contention the waiter yields its host
// thread. Unlike sync.Mutex, its fast path is a single inlined CAS, which
// lets the call-free fast loop (fast.go) take it without a function call.
type spinLock struct{ v atomic.Uint32 }

func (s *spinLock) lock() {
	if !s.v.CompareAndSwap(0, 1) {
		s.lockSlow()
	}
}

func (s *spinLock) tryLock() bool { return s.v.CompareAndSwap(0, 1) }

func (s *spinLock) unlock() { s.v.Store(0) }

func (s *spinLock) lockSlow() {
	for i := 0; ; i++ {
		if s.v.Load() == 0 && s.v.CompareAndSwap(0, 1) {
			return
		}
		if i > 64 {
			runtime.Gosched()
		}
	}
}
