package stdlib

import (
	goruntime "runtime"
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
	m.fn("Stack", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		var b strings.Builder
		t.Continue(t.M().Dump(&b))
		return vm.String(b.String()), nil
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
