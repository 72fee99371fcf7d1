package stdlib

import (
	"sync/atomic"

	"github.com/goro-lang/goro/sched"
	"github.com/goro-lang/goro/vm"
)

// sync's RWMutex, Once and Cond (SPEC §10). Like Mutex, every wait parks
// the goroutine on the scheduler (sched.RWMutex, sched.Cond) with hand-off,
// so the restartable natives have nothing left to do when resumed.

var (
	rwMutexType = &vm.ObjType{Name: "sync.RWMutex"}
	onceType    = &vm.ObjType{Name: "sync.Once"}
	condType    = &vm.ObjType{Name: "sync.Cond"}
)

// onceObj is a sync.Once: done is set (after f returns or panics) with mu
// held; the fast path reads done alone.
type onceObj struct {
	done atomic.Bool
	mu   sched.Mutex
}

// condObj is a sync.Cond and the Mutex object it was made with (its L).
type condObj struct {
	c sched.Cond
	l vm.Value
}

// lockResult turns a sched wait's result into a restartable native's.
func lockResult(r sched.Result) (vm.Value, error) {
	if r == sched.Parked {
		return vm.Nil, vm.ErrPark
	}
	return vm.Nil, nil
}

// fatalSync is Go's fatal error for a broken lock (unlock of unlocked).
func fatalSync(err error) (vm.Value, error) {
	if err != nil {
		return vm.Nil, &vm.FatalError{Msg: err.Error()}
	}
	return vm.Nil, nil
}

func initSyncMore() {
	rw := func(args []vm.Value) *sched.RWMutex { return args[0].Object().Data.(*sched.RWMutex) }
	rwMutexType.Methods = map[string]*vm.Native{
		"Lock": newMethod("sync.RWMutex", "Lock", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			if t.Resumed() {
				return vm.Nil, nil
			}
			return lockResult(rw(args).Lock(t.M(), t.G()))
		}),
		"RLock": newMethod("sync.RWMutex", "RLock", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			if t.Resumed() {
				return vm.Nil, nil
			}
			return lockResult(rw(args).RLock(t.M(), t.G()))
		}),
		"Unlock": newMethod("sync.RWMutex", "Unlock", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return fatalSync(rw(args).Unlock(t.M()))
		}),
		"RUnlock": newMethod("sync.RWMutex", "RUnlock", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return fatalSync(rw(args).RUnlock(t.M()))
		}),
		"TryLock": newMethod("sync.RWMutex", "TryLock", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return vm.Bool(rw(args).TryLock()), nil
		}),
		"TryRLock": newMethod("sync.RWMutex", "TryRLock", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return vm.Bool(rw(args).TryRLock()), nil
		}),
	}
	onceType.Methods = map[string]*vm.Native{
		"Do": newMethod("sync.Once", "Do", 1, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return onceDo(t, args[0].Object().Data.(*onceObj), args[1])
		}),
	}
	cond := func(args []vm.Value) *condObj { return args[0].Object().Data.(*condObj) }
	condType.Attr = func(o *vm.Object, name string) (vm.Value, bool) {
		if name == "L" {
			return o.Data.(*condObj).l, true
		}
		return vm.Nil, false
	}
	condType.Methods = map[string]*vm.Native{
		"Wait": newMethod("sync.Cond", "Wait", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			if t.Resumed() {
				return vm.Nil, nil // Signal requeued us on L, and L is ours again
			}
			r, err := cond(args).c.Wait(t.M(), t.G())
			if err != nil {
				return fatalSync(err)
			}
			return lockResult(r)
		}),
		"Signal": newMethod("sync.Cond", "Signal", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			cond(args).c.Signal(t.M())
			return vm.Nil, nil
		}),
		"Broadcast": newMethod("sync.Cond", "Broadcast", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			cond(args).c.Broadcast(t.M())
			return vm.Nil, nil
		}),
	}
}

// onceDo is Once.Do: the first caller runs f with o.mu held (others park on
// it); done is set even when f panics, as in Go.
func onceDo(t *vm.Thread, o *onceObj, f vm.Value) (vm.Value, error) {
	resumed := t.Resumed() // resumed: the unlocker handed o.mu to us
	if !resumed && o.done.Load() {
		return vm.Nil, nil
	}
	if !resumed {
		if o.mu.Lock(t.M(), t.G()) == sched.Parked {
			return vm.Nil, vm.ErrPark
		}
	}
	// o.mu is ours.
	var err error
	if !o.done.Load() {
		_, err = t.Call(f)
		o.done.Store(true)
	}
	if uerr := o.mu.Unlock(t.M()); uerr != nil && err == nil {
		err = &vm.FatalError{Msg: uerr.Error()}
	}
	return vm.Nil, err
}

func newCond(t *vm.Thread, args []vm.Value) (vm.Value, error) {
	o := args[0].Object()
	var mu *sched.Mutex
	if o != nil {
		mu, _ = o.Data.(*sched.Mutex)
	}
	if mu == nil {
		return vm.Nil, vm.ArgTypeError("sync.NewCond", 0, "sync.Mutex", args[0])
	}
	return vm.NewObject(condType, &condObj{c: sched.Cond{L: mu}, l: args[0]}), nil
}

func onceFunc(t *vm.Thread, args []vm.Value) (vm.Value, error) {
	f, err := vm.ArgFunc("sync.OnceFunc", args, 0)
	if err != nil {
		return vm.Nil, err
	}
	o := &onceObj{}
	return vm.NewNative("sync.OnceFunc.func", 0, func(t *vm.Thread, _ []vm.Value) (vm.Value, error) {
		return onceDo(t, o, f)
	}).Value(), nil
}
