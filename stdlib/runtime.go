package stdlib

import (
	goruntime "runtime"
	"strconv"
	"strings"

	"github.com/goro-lang/goro/vm"
)

// runtime (SPEC §10): the scheduler as a script sees it.
func init() {
	m := newModule("runtime")
	m.pure()
	m.fn("NumGoroutine", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return vm.Int(int64(t.Runtime().Sched().NumGoroutine())), nil
	})
	m.fnRange("GOMAXPROCS", 0, 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		n := int64(0)
		if len(args) == 1 {
			var err error
			if n, err = vm.ArgInt("runtime.GOMAXPROCS", args, 0); err != nil {
				return vm.Nil, err
			}
		}
		prev, ok := t.M().GOMAXPROCS(int(n))
		t.Continue(ok)
		return vm.Int(int64(prev)), nil
	})
	m.fn("NumCPU", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return vm.Int(int64(goruntime.NumCPU())), nil
	})
	m.fn("Gosched", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return vm.Nil, t.Yield()
	})
	// Stack(all?) is Go's runtime.Stack: the calling goroutine's trace,
	// or every goroutine's when all is true (the default, as the dump
	// of a deadlock or SIGQUIT).
	m.fnRange("Stack", 0, 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		all := true
		if len(args) == 1 {
			var err error
			if all, err = vm.ArgBool("runtime.Stack", args, 0); err != nil {
				return vm.Nil, err
			}
		}
		var b strings.Builder
		if !all || t.M() == nil {
			b.WriteString("goroutine " + strconv.FormatInt(t.ID(), 10) + " [running]:\n")
			b.WriteString(t.Traceback())
			return vm.String(b.String()), nil
		}
		t.Continue(t.M().Dump(&b))
		return vm.String(b.String()), nil
	})
	// ReadMemStats is Go's runtime.ReadMemStats as a map: the run's
	// goroutines and their stacks (NumGoroutine, StackInuse, StackSys,
	// MaxStack), then the host process's Go heap under Go's names (Alloc,
	// TotalAlloc, Sys, Mallocs, Frees, HeapAlloc, HeapSys, HeapInuse,
	// HeapObjects, NumGC, PauseTotalNs): the heap is shared by every run
	// in the process.
	m.fn("ReadMemStats", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		st, _ := t.ReadStackStats()
		var ms goruntime.MemStats
		goruntime.ReadMemStats(&ms)
		out := vm.NewMap(16)
		set := func(k string, v int64) { out.Set(vm.String(k), vm.Int(v)) }
		set("NumGoroutine", int64(t.Runtime().Sched().NumGoroutine()))
		set("StackInuse", st.StackInuse)
		set("StackSys", st.StackSys)
		set("MaxStack", t.Runtime().MaxStack())
		set("Alloc", int64(ms.Alloc))
		set("TotalAlloc", int64(ms.TotalAlloc))
		set("Sys", int64(ms.Sys))
		set("Mallocs", int64(ms.Mallocs))
		set("Frees", int64(ms.Frees))
		set("HeapAlloc", int64(ms.HeapAlloc))
		set("HeapSys", int64(ms.HeapSys))
		set("HeapInuse", int64(ms.HeapInuse))
		set("HeapObjects", int64(ms.HeapObjects))
		set("NumGC", int64(ms.NumGC))
		set("PauseTotalNs", int64(ms.PauseTotalNs))
		return out.Value(), nil
	})
	m.fn("SetMaxStack", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		n, err := vm.ArgInt("runtime.SetMaxStack", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return vm.Int(t.Runtime().SetMaxStack(n)), nil
	})
	m.register()
}
