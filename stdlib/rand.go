package stdlib

import (
	"math/rand"
	randv2 "math/rand/v2"

	"github.com/goro-lang/goro/vm"
)

// math/rand and math/rand/v2. The top-level functions are Go's own
// top-level functions: randomly seeded, safe from any number of goroutines
// and of runtimes (Seed is a no-op, as in Go 1.24 and later). New(source)
// makes a generator of one's own with a seed, whose methods take its lock:
// goroutines may share it.

var (
	randType     = &vm.ObjType{Name: "rand.Rand"}
	sourceType   = &vm.ObjType{Name: "rand.Source"}
	randV2Type   = &vm.ObjType{Name: "rand.Rand"}
	sourceV2Type = &vm.ObjType{Name: "rand.Source"}
)

// shuffle is Go's Fisher-Yates shuffle calling a script's swap(i, j); intn
// draws from the generator.
func shuffle(t *vm.Thread, name string, args []vm.Value, intn func(n int) int) (vm.Value, error) {
	n, err := vm.ArgInt(name, args, 0)
	if err != nil {
		return vm.Nil, err
	}
	swap, err := vm.ArgFunc(name, args, 1)
	if err != nil {
		return vm.Nil, err
	}
	if n < 0 {
		return vm.Nil, vm.PlainErrorf("invalid argument to Shuffle")
	}
	for i := int(n) - 1; i > 0; i-- {
		j := intn(i + 1)
		if _, err := t.Call(swap, vm.Int(int64(i)), vm.Int(int64(j))); err != nil {
			return vm.Nil, err
		}
	}
	return vm.Nil, nil
}

func lockedOf(v vm.Value) *lockedObj { return v.Object().Data.(*lockedObj) }

func init() {
	// math/rand
	for name, f := range map[string]any{
		"ExpFloat64": (*rand.Rand).ExpFloat64, "Float32": (*rand.Rand).Float32,
		"Float64": (*rand.Rand).Float64, "Int": (*rand.Rand).Int, "Int31": (*rand.Rand).Int31,
		"Int31n": (*rand.Rand).Int31n, "Int63": (*rand.Rand).Int63, "Int63n": (*rand.Rand).Int63n,
		"Intn": (*rand.Rand).Intn, "NormFloat64": (*rand.Rand).NormFloat64, "Perm": (*rand.Rand).Perm,
		"Uint32": (*rand.Rand).Uint32, "Uint64": (*rand.Rand).Uint64, "Seed": (*rand.Rand).Seed,
	} {
		wrapMethod(randType, name, f)
	}
	randType.Methods["Shuffle"] = newMethod("rand.Rand", "Shuffle", 2, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		lo := lockedOf(args[0])
		return shuffle(t, "rand.Rand.Shuffle", args[1:], func(n int) int {
			lo.mu.Lock()
			defer lo.mu.Unlock()
			return lo.v.(*rand.Rand).Intn(n)
		})
	})

	m := newModule("math/rand")
	m.pure()
	m.wrap("ExpFloat64", rand.ExpFloat64)
	m.wrap("Float32", rand.Float32)
	m.wrap("Float64", rand.Float64)
	m.wrap("Int", rand.Int)
	m.wrap("Int31", rand.Int31)
	m.wrap("Int31n", rand.Int31n)
	m.wrap("Int63", rand.Int63)
	m.wrap("Int63n", rand.Int63n)
	m.wrap("Intn", rand.Intn)
	m.wrap("NormFloat64", rand.NormFloat64)
	m.wrap("Perm", rand.Perm)
	m.wrap("Uint32", rand.Uint32)
	m.wrap("Uint64", rand.Uint64)
	m.wrap("Seed", func(seed int64) {}) // a no-op, as Go's since 1.24
	m.sig("Seed", "func Seed(seed int64)")
	m.fn("Shuffle", 2, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return shuffle(t, "rand.Shuffle", args, rand.Intn)
	})
	m.sig("Shuffle", "func Shuffle(n int, swap func(i, j int))")
	m.fn("NewSource", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		seed, err := vm.ArgInt("rand.NewSource", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return vm.NewObject(sourceType, rand.NewSource(seed)), nil
	})
	m.sig("NewSource", "func NewSource(seed int64) rand.Source")
	m.fn("New", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o := args[0].Object()
		if o == nil || o.Type() != sourceType {
			return vm.Nil, vm.ArgTypeError("rand.New", 0, "rand.Source", args[0])
		}
		return vm.NewObject(randType, &lockedObj{v: rand.New(o.Data.(rand.Source))}), nil
	})
	m.sig("New", "func New(src rand.Source) *rand.Rand")
	m.register()

	// math/rand/v2
	for name, f := range map[string]any{
		"ExpFloat64": (*randv2.Rand).ExpFloat64, "Float32": (*randv2.Rand).Float32,
		"Float64": (*randv2.Rand).Float64, "Int": (*randv2.Rand).Int, "Int32": (*randv2.Rand).Int32,
		"Int32N": (*randv2.Rand).Int32N, "Int64": (*randv2.Rand).Int64, "Int64N": (*randv2.Rand).Int64N,
		"IntN": (*randv2.Rand).IntN, "NormFloat64": (*randv2.Rand).NormFloat64, "Perm": (*randv2.Rand).Perm,
		"Uint32": (*randv2.Rand).Uint32, "Uint64": (*randv2.Rand).Uint64,
		"Uint32N": (*randv2.Rand).Uint32N, "Uint64N": (*randv2.Rand).Uint64N,
	} {
		wrapMethod(randV2Type, name, f)
	}
	randV2Type.Methods["Shuffle"] = newMethod("rand.Rand", "Shuffle", 2, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		lo := lockedOf(args[0])
		return shuffle(t, "rand.Rand.Shuffle", args[1:], func(n int) int {
			lo.mu.Lock()
			defer lo.mu.Unlock()
			return lo.v.(*randv2.Rand).IntN(n)
		})
	})
	v2 := newModule("math/rand/v2")
	v2.pure()
	v2.wrap("ExpFloat64", randv2.ExpFloat64)
	v2.wrap("Float32", randv2.Float32)
	v2.wrap("Float64", randv2.Float64)
	v2.wrap("Int", randv2.Int)
	v2.wrap("Int32", randv2.Int32)
	v2.wrap("Int32N", randv2.Int32N)
	v2.wrap("Int64", randv2.Int64)
	v2.wrap("Int64N", randv2.Int64N)
	v2.wrap("IntN", randv2.IntN)
	v2.wrap("N", randv2.N[int64])
	v2.sig("N", "func N[Int intType](n Int) Int")
	v2.wrap("NormFloat64", randv2.NormFloat64)
	v2.wrap("Perm", randv2.Perm)
	v2.wrap("Uint32", randv2.Uint32)
	v2.wrap("Uint32N", randv2.Uint32N)
	v2.wrap("Uint64", randv2.Uint64)
	v2.wrap("Uint64N", randv2.Uint64N)
	v2.fn("Shuffle", 2, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return shuffle(t, "rand.Shuffle", args, randv2.IntN)
	})
	v2.sig("Shuffle", "func Shuffle(n int, swap func(i, j int))")
	v2.fn("NewPCG", 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		a, err := vm.ArgInt("rand.NewPCG", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		b, err := vm.ArgInt("rand.NewPCG", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		return vm.NewObject(sourceV2Type, randv2.Source(randv2.NewPCG(uint64(a), uint64(b)))), nil
	})
	v2.sig("NewPCG", "func NewPCG(seed1, seed2 uint64) *rand.PCG")
	v2.fn("NewChaCha8", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := vm.ArgStr("rand.NewChaCha8", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		if len(s) != 32 {
			return vm.Nil, vm.Errorf("rand.NewChaCha8: seed must be 32 bytes, not %d", len(s))
		}
		return vm.NewObject(sourceV2Type, randv2.Source(randv2.NewChaCha8([32]byte([]byte(s))))), nil
	})
	v2.sig("NewChaCha8", "func NewChaCha8(seed [32]byte) *rand.ChaCha8")
	v2.fn("New", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o := args[0].Object()
		if o == nil || o.Type() != sourceV2Type {
			return vm.Nil, vm.ArgTypeError("rand.New", 0, "rand.Source", args[0])
		}
		return vm.NewObject(randV2Type, &lockedObj{v: randv2.New(o.Data.(randv2.Source))}), nil
	})
	v2.sig("New", "func New(src rand.Source) *rand.Rand")
	v2.register()
}
