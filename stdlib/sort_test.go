package stdlib

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/vm"
)

// TestSortConformance is testdata/conformance/mod_sort.goro.
func TestSortConformance(t *testing.T) {
	e := newEnv(t)
	xs := val([]any{5, 2, 8, -1, 2})
	assert.Empty(t, e.call("sort.Ints", xs))
	assert.Equal(t, "[-1 2 2 5 8]", xs.String())

	names := val([]any{"pear", "Apple", "banana", "apple"})
	e.call("sort.Strings", names)
	assert.Equal(t, "[Apple apple banana pear]", names.String())

	people := val([]any{kv{"name", "ann", "age", 30}, kv{"name", "bob", "age", 25}, kv{"name", "cat", "age", 30}, kv{"name", "dan", "age", 25}})
	byAge := goNative("byAge", 1, func(args []vm.Value) (vm.Value, error) {
		a, _ := args[0].Map().GetStr("age")
		b, _ := args[1].Map().GetStr("age")
		return vm.Bool(a.AsInt() < b.AsInt()), nil
	})
	e.call("sort.Func", people, byAge)
	assert.Equal(t, "[map[name:bob age:25] map[name:dan age:25] map[name:ann age:30] map[name:cat age:30]]", people.String())

	desc := val([]any{3, 1, 2})
	alias := desc
	greater := goNative("greater", 1, func(args []vm.Value) (vm.Value, error) { return vm.Bool(args[0].AsInt() > args[1].AsInt()), nil })
	e.call("sort.Func", desc, greater)
	assert.Equal(t, "[3 2 1]", alias.String())

	empty := val([]any{})
	e.call("sort.Ints", empty)
	assert.Equal(t, "[]", empty.String())
}

// TestSortFuncStable sorts random records by a key with many ties and
// compares with Go's stable sort; it also bounds the number of calls.
func TestSortFuncStable(t *testing.T) {
	e := newEnv(t)
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 2, 5, 12, 13, 50, 100, 1000, 5000} {
		items := make([]vm.Value, n)
		for i := range items {
			// [key, original position]
			items[i] = vm.NewListValue([]vm.Value{vm.Int(int64(rng.IntN(10))), vm.Int(int64(i))})
		}
		want := slices.Clone(items)
		slices.SortStableFunc(want, func(a, b vm.Value) int {
			x, _, _ := a.List().Get(0)
			y, _, _ := b.List().Get(0)
			return int(x.AsInt() - y.AsInt())
		})
		calls := 0
		less := goNative("less", 1, func(args []vm.Value) (vm.Value, error) {
			calls++
			x, _, _ := args[0].List().Get(0)
			y, _, _ := args[1].List().Get(0)
			return vm.Bool(x.AsInt() < y.AsInt()), nil
		})
		l := vm.NewListValue(slices.Clone(items))
		e.call("sort.Func", l, less)
		assert.Equal(t, vm.NewListValue(want).String(), l.String(), "n=%d", n)
		if n > 1 {
			assert.LessOrEqual(t, calls, 2*n*int(math.Ceil(math.Log2(float64(n))))+n, "n=%d", n)
		}

		// Sorted input takes about n calls.
		calls = 0
		e.call("sort.Func", l, less)
		if n > 0 {
			assert.Less(t, calls, 2*n, "sorted input, n=%d", n)
		}
	}
}

func TestSortFuncErrors(t *testing.T) {
	e := newEnv(t)
	orig := []any{5, 3, 9, 1, 7, 2, 8, 6, 4, 0, 11, 15, 13, 12, 14, 10}
	l := val(orig)

	// A panic in less comes back unchanged, less is not called again, and
	// the list is left as it was.
	boom := vm.Throw(vm.String("boom"))
	calls := 0
	failing := goNative("failing", 1, func(args []vm.Value) (vm.Value, error) {
		calls++
		if calls == 7 {
			return vm.Nil, boom
		}
		return vm.Bool(args[0].AsInt() < args[1].AsInt()), nil
	})
	_, err := e.try("sort.Func", l, failing)
	assert.Same(t, boom, err)
	assert.Equal(t, 7, calls)
	assert.Equal(t, val(orig).String(), l.String())

	notBool := goNative("notBool", 1, func([]vm.Value) (vm.Value, error) { return vm.Int(1), nil })
	assert.Equal(t, "runtime error: sort.Func: less returned int, want bool", e.panicMsg("sort.Func", l, notBool))
	noResult := goNative("noResult", 0, func([]vm.Value) (vm.Value, error) { return vm.Nil, nil })
	assert.Equal(t, "runtime error: sort.Func: less returned nil, want bool", e.panicMsg("sort.Func", l, noResult))
	assert.Equal(t, "runtime error: sort.Func: argument 2 must be func, not int", e.panicMsg("sort.Func", l, vm.Int(1)))

	assert.Equal(t, "runtime error: sort.Ints: list element 1 is string, want int", e.panicMsg("sort.Ints", val([]any{1, "x"})))
	assert.Equal(t, "runtime error: sort.Ints: list element 0 is float, want int", e.panicMsg("sort.Ints", val([]any{1.5})))
	assert.Equal(t, "runtime error: sort.Strings: list element 2 is nil, want string", e.panicMsg("sort.Strings", val([]any{"a", "b", nil})))
	assert.Equal(t, "runtime error: sort.Ints: argument 1 must be list, not map", e.panicMsg("sort.Ints", val(kv{})))
}

// TestSortFuncMutation: a less that mutates the list being sorted cannot
// break the sort; the sorted snapshot is stored back.
func TestSortFuncMutation(t *testing.T) {
	e := newEnv(t)
	l := val([]any{3, 1, 2, 5, 4, 9, 8, 7, 6, 10, 12, 11, 14, 13})
	mutating := goNative("mutating", 1, func(args []vm.Value) (vm.Value, error) {
		l.List().Append(vm.String("junk"))
		l.List().Set(0, vm.Nil)
		return vm.Bool(args[0].AsInt() < args[1].AsInt()), nil
	})
	e.call("sort.Func", l, mutating)
	assert.Equal(t, "[1 2 3 4 5 6 7 8 9 10 11 12 13 14]", l.String())
}

func TestSortOthers(t *testing.T) {
	e := newEnv(t)
	fs := val([]any{2.5, 1, math.NaN(), -3, 0.5, math.Inf(-1)})
	e.call("sort.Float64s", fs)
	assert.Equal(t, "[NaN -Inf -3 0.5 1 2.5]", fs.String())
	assert.Equal(t, "runtime error: sort.Float64s: list element 0 is string, want number", e.panicMsg("sort.Float64s", val([]any{"x"})))

	sorted := []int{1, 3, 5, 7, 9}
	for target := range 11 {
		calls := 0
		f := goNative("f", 1, func(args []vm.Value) (vm.Value, error) {
			calls++
			return vm.Bool(sorted[args[0].AsInt()] >= target), nil
		})
		want, _ := slices.BinarySearch(sorted, target)
		assert.Equal(t, vm.Int(int64(want)), e.call1("sort.Search", vm.Int(int64(len(sorted))), f), "target %d", target)
		assert.LessOrEqual(t, calls, 3)
	}
	never := goNative("never", 1, func([]vm.Value) (vm.Value, error) { panic("not called") })
	assert.Equal(t, vm.Int(0), e.call1("sort.Search", vm.Int(-5), never))
	boom := vm.Throw(vm.String("boom"))
	failing := goNative("failing", 1, func([]vm.Value) (vm.Value, error) { return vm.Nil, boom })
	_, err := e.try("sort.Search", vm.Int(10), failing)
	require.Same(t, boom, err)
}
