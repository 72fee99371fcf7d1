package stdlib

import (
	"sync"
	"sync/atomic"

	"github.com/goro-lang/goro/vm"
)

// sync/atomic (SPEC §10): the types Int32, Int64, Uint32, Uint64, Bool and
// Value, made by calling them (atomic.Int64()) or declaring a variable of
// them (var ops atomic.Uint64), with Go's methods. They wrap Go's own
// atomics, so they never block.
//
// Go's function forms on pointers (atomic.AddInt64(&n, 1), LoadInt32,
// StoreInt64, SwapInt32, CompareAndSwapInt64, and the Uint variants) work
// on any pointer to an int variable. A pointer to a variable reads and
// writes it through the compiler's get and set closures (or a cell), so no
// hardware CAS on the variable is possible: instead each call holds the
// runtime's one pointerOps lock across its read and write. The functions
// are therefore atomic with respect to each other, on every variable, but
// not with respect to plain reads and writes of the variable (as in Go,
// where mixing them is a data race). The lock is held only across the
// get/set calls, which run a few instructions of the script's own
// accessors and never block.

// atomicInt is one of the integer types: bits is the width (32 or 64) and
// signed says how results wrap.
type atomicInt struct {
	v      atomic.Int64
	bits   int
	signed bool
}

// wrapInt reduces n to the type's range, as Go's fixed-width arithmetic.
func (a *atomicInt) wrapInt(n int64) int64 {
	switch {
	case a.bits == 32 && a.signed:
		return int64(int32(n))
	case a.bits == 32:
		return int64(uint32(n))
	}
	return n // 64 bits: Uint64 keeps Goro's int64 bits (prints as signed above 2^63)
}

// pointerOps serializes one runtime's pointer functions (AddInt64(&n, d)
// and the others): see the comment above.
type pointerOps struct{ mu sync.Mutex }

// ptrIntKind is one integer type of the pointer functions.
type ptrIntKind struct {
	name   string // "Int32"
	bits   int
	signed bool
}

// wrap reduces n to the type's range, as atomicInt.wrapInt.
func (k ptrIntKind) wrap(n int64) int64 {
	a := atomicInt{bits: k.bits, signed: k.signed}
	return a.wrapInt(n)
}

// pointerFuncs declares AddX, LoadX, StoreX, SwapX and CompareAndSwapX
// for k, serialized by the runtime's pointerOps.
func pointerFuncs(m *module, k ptrIntKind) {
	// load reads *p, which must hold an int; the caller holds ops.mu.
	load := func(t *vm.Thread, name string, p vm.Value) (int64, error) {
		if !p.IsNil() && !vm.IsPointer(p) {
			return 0, vm.Errorf("%s: argument 1 must be a pointer (&x), got %s", name, p.TypeName())
		}
		v, err := vm.Load(t, p)
		if err != nil {
			return 0, err
		}
		if !v.IsInt() {
			return 0, vm.Errorf("%s: the pointee is %s, want int", name, v.TypeName())
		}
		return v.AsInt(), nil
	}
	// def declares one function: f runs with ops.mu held, given the
	// pointer and the integer arguments after it (checked and wrapped).
	def := func(op string, nargs, nres int, f func(t *vm.Thread, name string, p vm.Value, ints []int64) (vm.Value, error)) {
		member := op + k.name
		name := m.name + "." + member // "sync/atomic.AddInt64", as every native is named
		m.perRuntimeState(member, func(rt *vm.Runtime, st any) vm.Value {
			ops := st.(*pointerOps)
			return vm.NewNative(name, nres, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
				if err := vm.CheckArgs(name, args, nargs); err != nil {
					return vm.Nil, err
				}
				var ints [2]int64
				for i := 1; i < nargs; i++ {
					n, err := vm.ArgInt(name, args, i)
					if err != nil {
						return vm.Nil, err
					}
					ints[i-1] = k.wrap(n)
				}
				ops.mu.Lock()
				defer ops.mu.Unlock()
				return f(t, name, args[0], ints[:nargs-1])
			}).Value()
		})
	}
	def("Add", 2, 1, func(t *vm.Thread, name string, p vm.Value, ints []int64) (vm.Value, error) {
		old, err := load(t, name, p)
		if err != nil {
			return vm.Nil, err
		}
		nv := vm.Int(k.wrap(old + ints[0]))
		return nv, vm.Store(t, p, nv)
	})
	def("Load", 1, 1, func(t *vm.Thread, name string, p vm.Value, ints []int64) (vm.Value, error) {
		v, err := load(t, name, p)
		return vm.Int(v), err
	})
	def("Store", 2, 0, func(t *vm.Thread, name string, p vm.Value, ints []int64) (vm.Value, error) {
		if _, err := load(t, name, p); err != nil {
			return vm.Nil, err
		}
		return vm.Nil, vm.Store(t, p, vm.Int(ints[0]))
	})
	def("Swap", 2, 1, func(t *vm.Thread, name string, p vm.Value, ints []int64) (vm.Value, error) {
		old, err := load(t, name, p)
		if err != nil {
			return vm.Nil, err
		}
		return vm.Int(old), vm.Store(t, p, vm.Int(ints[0]))
	})
	def("CompareAndSwap", 3, 1, func(t *vm.Thread, name string, p vm.Value, ints []int64) (vm.Value, error) {
		cur, err := load(t, name, p)
		if err != nil || cur != ints[0] {
			return vm.False, err
		}
		return vm.True, vm.Store(t, p, vm.Int(ints[1]))
	})
}

// atomicValue is atomic.Value: the stored value, and whether one was
// stored (Go panics when a nil is stored; Goro allows any value but nil).
type atomicValue struct {
	mu sync.Mutex
	v  vm.Value
}

func init() {
	m := newModule("sync/atomic")
	m.pure()
	m.state = func(*vm.Runtime) any { return &pointerOps{} }
	for _, k := range []ptrIntKind{{"Int32", 32, true}, {"Int64", 64, true}, {"Uint32", 32, false}, {"Uint64", 64, false}} {
		pointerFuncs(m, k)
	}
	for _, k := range []struct {
		name   string
		bits   int
		signed bool
	}{{"Int32", 32, true}, {"Int64", 64, true}, {"Uint32", 32, false}, {"Uint64", 64, false}} {
		k := k
		typ := &vm.ObjType{Name: "atomic." + k.name}
		ai := func(args []vm.Value) *atomicInt { return args[0].Object().Data.(*atomicInt) }
		arg := func(name string, args []vm.Value, i int) (int64, error) {
			return vm.ArgInt(typ.Name+"."+name, args, i)
		}
		typ.Methods = map[string]*vm.Native{
			"Load": newMethod(typ.Name, "Load", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
				return vm.Int(ai(args).v.Load()), nil
			}),
			"Store": newMethod(typ.Name, "Store", 1, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
				n, err := arg("Store", args, 1)
				if err != nil {
					return vm.Nil, err
				}
				a := ai(args)
				a.v.Store(a.wrapInt(n))
				return vm.Nil, nil
			}),
			"Add": newMethod(typ.Name, "Add", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
				n, err := arg("Add", args, 1)
				if err != nil {
					return vm.Nil, err
				}
				a := ai(args)
				if a.bits == 64 {
					return vm.Int(a.v.Add(n)), nil
				}
				for {
					old := a.v.Load()
					nv := a.wrapInt(old + n)
					if a.v.CompareAndSwap(old, nv) {
						return vm.Int(nv), nil
					}
				}
			}),
			"Swap": newMethod(typ.Name, "Swap", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
				n, err := arg("Swap", args, 1)
				if err != nil {
					return vm.Nil, err
				}
				a := ai(args)
				return vm.Int(a.v.Swap(a.wrapInt(n))), nil
			}),
			"CompareAndSwap": newMethod(typ.Name, "CompareAndSwap", 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
				old, err := arg("CompareAndSwap", args, 1)
				if err != nil {
					return vm.Nil, err
				}
				nv, err := arg("CompareAndSwap", args, 2)
				if err != nil {
					return vm.Nil, err
				}
				a := ai(args)
				return vm.Bool(a.v.CompareAndSwap(a.wrapInt(old), a.wrapInt(nv))), nil
			}),
			"And": newMethod(typ.Name, "And", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
				n, err := arg("And", args, 1)
				if err != nil {
					return vm.Nil, err
				}
				return vm.Int(ai(args).v.And(n)), nil // the old value, as Go
			}),
			"Or": newMethod(typ.Name, "Or", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
				n, err := arg("Or", args, 1)
				if err != nil {
					return vm.Nil, err
				}
				a := ai(args)
				return vm.Int(a.v.Or(a.wrapInt(n))), nil
			}),
		}
		m.fn(k.name, 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return vm.NewObject(typ, &atomicInt{bits: k.bits, signed: k.signed}), nil
		})
		m.doc(k.name, "func "+k.name+"() *"+k.name,
			k.name+" makes an atomic "+k.name[:len(k.name)-2]+" counter (zero): Load, Store, Add, Swap, CompareAndSwap, And, Or.")
	}

	boolType := &vm.ObjType{Name: "atomic.Bool"}
	ab := func(args []vm.Value) *atomic.Bool { return args[0].Object().Data.(*atomic.Bool) }
	boolType.Methods = map[string]*vm.Native{
		"Load": newMethod("atomic.Bool", "Load", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return vm.Bool(ab(args).Load()), nil
		}),
		"Store": newMethod("atomic.Bool", "Store", 1, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			b, err := vm.ArgBool("atomic.Bool.Store", args, 1)
			if err == nil {
				ab(args).Store(b)
			}
			return vm.Nil, err
		}),
		"Swap": newMethod("atomic.Bool", "Swap", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			b, err := vm.ArgBool("atomic.Bool.Swap", args, 1)
			if err != nil {
				return vm.Nil, err
			}
			return vm.Bool(ab(args).Swap(b)), nil
		}),
		"CompareAndSwap": newMethod("atomic.Bool", "CompareAndSwap", 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			old, err := vm.ArgBool("atomic.Bool.CompareAndSwap", args, 1)
			if err != nil {
				return vm.Nil, err
			}
			nv, err := vm.ArgBool("atomic.Bool.CompareAndSwap", args, 2)
			if err != nil {
				return vm.Nil, err
			}
			return vm.Bool(ab(args).CompareAndSwap(old, nv)), nil
		}),
	}
	m.fn("Bool", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return vm.NewObject(boolType, &atomic.Bool{}), nil
	})
	m.doc("Bool", "func Bool() *Bool", "Bool makes an atomic bool (false): Load, Store, Swap, CompareAndSwap.")

	valueType := &vm.ObjType{Name: "atomic.Value"}
	av := func(args []vm.Value) *atomicValue { return args[0].Object().Data.(*atomicValue) }
	storeCheck := func(name string, v vm.Value) error {
		if v.IsNil() {
			return vm.PlainErrorf("sync/atomic: %s of nil value into Value", name)
		}
		return nil
	}
	valueType.Methods = map[string]*vm.Native{
		"Load": newMethod("atomic.Value", "Load", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			a := av(args)
			a.mu.Lock()
			defer a.mu.Unlock()
			return a.v, nil
		}),
		"Store": newMethod("atomic.Value", "Store", 1, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			if err := storeCheck("store", args[1]); err != nil {
				return vm.Nil, err
			}
			a := av(args)
			a.mu.Lock()
			a.v = args[1]
			a.mu.Unlock()
			return vm.Nil, nil
		}),
		"Swap": newMethod("atomic.Value", "Swap", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			if err := storeCheck("swap", args[1]); err != nil {
				return vm.Nil, err
			}
			a := av(args)
			a.mu.Lock()
			defer a.mu.Unlock()
			old := a.v
			a.v = args[1]
			return old, nil
		}),
		"CompareAndSwap": newMethod("atomic.Value", "CompareAndSwap", 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			if err := storeCheck("compare and swap", args[2]); err != nil {
				return vm.Nil, err
			}
			a := av(args)
			a.mu.Lock()
			defer a.mu.Unlock()
			if !vm.Equal(a.v, args[1]) {
				return vm.False, nil
			}
			a.v = args[2]
			return vm.True, nil
		}),
	}
	m.fn("Value", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return vm.NewObject(valueType, &atomicValue{}), nil
	})
	m.doc("Value", "func Value() *Value", "Value makes an atomic holder of any value: Load (nil until a Store), Store, Swap, CompareAndSwap.")
	m.register()
}
