package stdlib

import (
	"github.com/goro-lang/goro/sched"
	"github.com/goro-lang/goro/vm"
)

// sync (SPEC §10): WaitGroup and Mutex. Blocking parks the goroutine on the
// scheduler, never a host thread. Wait and Lock are restartable natives:
// when the goroutine is resumed the same call runs again with Resumed() set,
// and by then the scheduler has done the work (the waiter was released, or
// the mutex handed to it).

var waitGroupType = &vm.ObjType{Name: "sync.WaitGroup"}
var mutexType = &vm.ObjType{Name: "sync.Mutex"}

func init() {
	waitGroupType.Methods = map[string]*vm.Native{
		"Add": newMethod("sync.WaitGroup", "Add", 1, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			n, err := vm.ArgInt("sync.WaitGroup.Add", args, 1)
			if err != nil {
				return vm.Nil, err
			}
			return vm.Nil, wgAdd(t, args[0], int(n))
		}),
		"Done": newMethod("sync.WaitGroup", "Done", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return vm.Nil, wgAdd(t, args[0], -1)
		}),
		"Wait": newMethod("sync.WaitGroup", "Wait", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			if t.Resumed() {
				return vm.Nil, nil
			}
			wg := args[0].Object().Data.(*sched.WaitGroup)
			if wg.Wait(t.M(), t.G()) == sched.Parked {
				return vm.Nil, vm.ErrPark
			}
			return vm.Nil, nil
		}),
	}
	mutexType.Methods = map[string]*vm.Native{
		"Lock": newMethod("sync.Mutex", "Lock", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			if t.Resumed() {
				return vm.Nil, nil // the unlocker handed the mutex to us
			}
			mu := args[0].Object().Data.(*sched.Mutex)
			if mu.Lock(t.M(), t.G()) == sched.Parked {
				return vm.Nil, vm.ErrPark
			}
			return vm.Nil, nil
		}),
		"TryLock": newMethod("sync.Mutex", "TryLock", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return vm.Bool(args[0].Object().Data.(*sched.Mutex).TryLock()), nil
		}),
		"Unlock": newMethod("sync.Mutex", "Unlock", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			if err := args[0].Object().Data.(*sched.Mutex).Unlock(t.M()); err != nil {
				// Go makes this a fatal error: the program's state is broken.
				return vm.Nil, &vm.FatalError{Msg: err.Error()}
			}
			return vm.Nil, nil
		}),
	}

	initSyncMore()
	m := newModule("sync")
	m.pure()
	m.fn("WaitGroup", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return vm.NewObject(waitGroupType, &sched.WaitGroup{}), nil
	})
	m.fn("Mutex", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return vm.NewObject(mutexType, &sched.Mutex{}), nil
	})
	m.fn("RWMutex", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return vm.NewObject(rwMutexType, &sched.RWMutex{}), nil
	})
	m.fn("Once", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return vm.NewObject(onceType, &onceObj{}), nil
	})
	m.fn("NewCond", 1, 1, newCond)
	m.fn("OnceFunc", 1, 1, onceFunc)
	m.doc("WaitGroup", "func WaitGroup() *WaitGroup", "WaitGroup makes a WaitGroup: Add, Done, Wait, Go.")
	m.doc("Mutex", "func Mutex() *Mutex", "Mutex makes an unlocked mutex: Lock, Unlock, TryLock.")
	m.doc("RWMutex", "func RWMutex() *RWMutex", "RWMutex makes a reader/writer lock: RLock, RUnlock, Lock, Unlock, TryLock, TryRLock.")
	m.doc("Once", "func Once() *Once", "Once makes a Once whose Do(f) calls f only the first time.")
	m.doc("NewCond", "func NewCond(l *Mutex) *Cond", "NewCond returns a condition variable on mutex l: Wait, Signal, Broadcast.")
	m.doc("OnceFunc", "func OnceFunc(f func()) func()", "OnceFunc returns a function that calls f only the first time it is called.")
	m.register()
}

// wgAdd adds delta to a WaitGroup; a negative counter panics, as in Go.
func wgAdd(t *vm.Thread, wgv vm.Value, delta int) error {
	if err := wgv.Object().Data.(*sched.WaitGroup).Add(t.M(), delta); err != nil {
		return vm.PlainErrorf("%s", err.Error())
	}
	return nil
}
