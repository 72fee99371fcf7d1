package stdlib

import (
	"cmp"
	"slices"

	"github.com/goro-lang/goro/vm"
)

// The sort module. Every sort is stable and works on a snapshot of the
// list that is stored back in one step (List.Replace), so a list that a
// less function (or another goroutine) mutates meanwhile can never crash
// the sort: the sorted snapshot simply wins. If less panics, or returns a
// non-bool, the sort stops calling it, leaves the list as it was, and
// returns the panic unchanged.

func init() {
	m := newModule("sort")
	m.pure()
	m.fn("Float64s", 1, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return sortTyped("sort.Float64s", args, "number", func(v vm.Value) bool { return v.IsNumber() },
			func(a, b vm.Value) int {
				x, _ := a.ToFloat()
				y, _ := b.ToFloat()
				// Go's Float64Slice order: NaNs first, then ascending.
				switch {
				case x < y || (x != x && y == y):
					return -1
				case y < x || (y != y && x == x):
					return 1
				}
				return 0
			})
	})
	m.fn("Func", 2, 0, sortFunc)
	m.fn("Ints", 1, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return sortTyped("sort.Ints", args, "int", vm.Value.IsInt,
			func(a, b vm.Value) int { return cmp.Compare(a.AsInt(), b.AsInt()) })
	})
	m.fn("Search", 2, 1, search)
	m.fn("Strings", 1, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return sortTyped("sort.Strings", args, "string",
			func(v vm.Value) bool { return v.Kind() == vm.KindString },
			func(a, b vm.Value) int { return cmp.Compare(a.AsStr(), b.AsStr()) })
	})
	moreSort(m)
	m.register()
}

// sortTyped sorts a list whose elements must all satisfy ok (a runtime error
// names the first that does not) with a Go comparison.
func sortTyped(name string, args []vm.Value, want string, ok func(vm.Value) bool, compare func(a, b vm.Value) int) (vm.Value, error) {
	l, err := vm.ArgList(name, args, 0)
	if err != nil {
		return vm.Nil, err
	}
	items := l.Snapshot()
	for i, x := range items {
		if !ok(x) {
			return vm.Nil, vm.Errorf("%s: list element %d is %s, want %s", name, i, x.TypeName(), want)
		}
	}
	slices.SortStableFunc(items, compare)
	l.Replace(items)
	return vm.Nil, nil
}

// funcSorter is a stable merge sort driven by a script less function. It
// is ours rather than slices.SortStableFunc so that it can stop calling
// back as soon as less fails, and so that it does O(n log n) calls (n-1 on
// sorted input).
type funcSorter struct {
	t    *vm.Thread
	less vm.Value
	err  error
	buf  []vm.Value
}

// lt calls less(a, b); after a failure it answers false without calling.
func (s *funcSorter) lt(a, b vm.Value) bool {
	if s.err != nil {
		return false
	}
	r, err := s.t.Call1(s.less, a, b)
	if err != nil {
		s.err = err
		return false
	}
	ok, isBool := r.ToBool()
	if !isBool {
		s.err = vm.Errorf("sort.Func: less returned %s, want bool", r.TypeName())
		return false
	}
	return ok
}

func (s *funcSorter) sort(a []vm.Value) {
	if s.err != nil {
		return
	}
	if len(a) <= 12 {
		// Insertion sort: stable, and few calls on short runs.
		for i := 1; i < len(a); i++ {
			for j := i; j > 0 && s.lt(a[j], a[j-1]); j-- {
				a[j], a[j-1] = a[j-1], a[j]
			}
		}
		return
	}
	mid := len(a) / 2
	s.sort(a[:mid])
	s.sort(a[mid:])
	if !s.lt(a[mid], a[mid-1]) {
		return // the halves are already in order (or less failed)
	}
	// Merge: the left half moves to buf; taking the left element on ties
	// keeps the sort stable. Writes at k never overtake the unread right
	// elements at mid+j >= k.
	left := append(s.buf[:0], a[:mid]...)
	s.buf = left
	i, j, k := 0, mid, 0
	for i < len(left) && j < len(a) {
		if s.lt(a[j], left[i]) {
			a[k] = a[j]
			j++
		} else {
			a[k] = left[i]
			i++
		}
		k++
	}
	copy(a[k:], left[i:])
}

func sortFunc(t *vm.Thread, args []vm.Value) (vm.Value, error) {
	l, err := vm.ArgList("sort.Func", args, 0)
	if err != nil {
		return vm.Nil, err
	}
	less, err := vm.ArgFunc("sort.Func", args, 1)
	if err != nil {
		return vm.Nil, err
	}
	s := funcSorter{t: t, less: less}
	items := l.Snapshot()
	s.sort(items)
	if s.err != nil {
		return vm.Nil, s.err
	}
	l.Replace(items)
	return vm.Nil, nil
}

// search is sort.Search(n, f): the smallest i in [0, n) with f(i) true, or
// n, assuming f is false then true.
func search(t *vm.Thread, args []vm.Value) (vm.Value, error) {
	n, err := vm.ArgInt("sort.Search", args, 0)
	if err != nil {
		return vm.Nil, err
	}
	f, err := vm.ArgFunc("sort.Search", args, 1)
	if err != nil {
		return vm.Nil, err
	}
	lo, hi := int64(0), n
	for lo < hi {
		h := int64(uint64(lo+hi) >> 1)
		r, err := t.Call1(f, vm.Int(h))
		if err != nil {
			return vm.Nil, err
		}
		ok, isBool := r.ToBool()
		if !isBool {
			return vm.Nil, vm.Errorf("sort.Search: f returned %s, want bool", r.TypeName())
		}
		if ok {
			hi = h
		} else {
			lo = h + 1
		}
	}
	return vm.Int(lo), nil
}
