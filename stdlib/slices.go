package stdlib

import (
	"slices"
	"sort"

	"github.com/goro-lang/goro/vm"
)

// sort.Slice, SliceStable, Sort, Stable and friends; the slices and maps
// modules. Go's sort package does the sorting (sort.Sort and sort.Stable
// over an adapter whose Less calls the script and whose Swap swaps the live
// list's elements, so a less function that reads xs[i] sees what Go's
// would). The slices functions take lists; maps.Keys and maps.Values return
// iterator functions as Go's do (func(yield)), which slices.Collect and
// slices.Sorted accept, as they accept lists.

// scriptSorter adapts a script sort to sort.Interface. After the first
// failure (a panic in less, a non-bool result) it stops calling back.
type scriptSorter struct {
	t          *vm.Thread
	name       string
	n          int
	less, swap func(i, j int) (vm.Value, error)
	err        error
}

func (s *scriptSorter) Len() int { return s.n }

func (s *scriptSorter) Less(i, j int) bool {
	if s.err != nil {
		return false
	}
	r, err := s.less(i, j)
	if err != nil {
		s.err = err
		return false
	}
	b, ok := r.ToBool()
	if !ok {
		s.err = vm.Errorf("%s: less returned %s, want bool", s.name, r.TypeName())
	}
	return b
}

func (s *scriptSorter) Swap(i, j int) {
	if s.err != nil {
		return
	}
	if _, err := s.swap(i, j); err != nil {
		s.err = err
	}
}

// listSwap swaps two elements of a live list (its length may have changed
// under a racing goroutine: then the swap is a runtime error).
func listSwap(l *vm.List) func(i, j int) (vm.Value, error) {
	return func(i, j int) (vm.Value, error) {
		a, n, ok := l.Get(int64(i))
		b, _, ok2 := l.Get(int64(j))
		if !ok || !ok2 {
			return vm.Nil, vm.Errorf("index out of range [%d] with length %d", max(i, j), n)
		}
		l.Set(int64(i), b)
		l.Set(int64(j), a)
		return vm.Nil, nil
	}
}

func sortSlice(stable bool, name string) vm.NativeFn {
	return func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		l, err := vm.ArgList(name, args, 0)
		if err != nil {
			return vm.Nil, err
		}
		less, err := vm.ArgFunc(name, args, 1)
		if err != nil {
			return vm.Nil, err
		}
		s := &scriptSorter{t: t, name: name, n: l.Len(), swap: listSwap(l),
			less: func(i, j int) (vm.Value, error) { return t.Call1(less, vm.Int(int64(i)), vm.Int(int64(j))) }}
		if stable {
			sort.Stable(s)
		} else {
			sort.Sort(s)
		}
		return vm.Nil, s.err
	}
}

// sortInterface is sort.Sort(data) / sort.Stable(data) on a script value
// with Len, Less and Swap methods.
// ifaceSorter adapts a value with Len, Less and Swap methods (a struct
// with methods, a map of functions, sort.Reverse's result).
func ifaceSorter(t *vm.Thread, name string, data vm.Value) (*scriptSorter, error) {
	var fns [3]vm.Value
	for i, m := range []string{"Len", "Less", "Swap"} {
		f, err := vm.Field(data, m)
		if err != nil {
			return nil, err
		}
		fns[i] = f
	}
	nv, err := t.Call1(fns[0])
	if err != nil {
		return nil, err
	}
	n, ok := nv.ToInt()
	if !ok || n < 0 {
		return nil, vm.Errorf("%s: Len returned %s, want a non-negative int", name, nv.TypeName())
	}
	return &scriptSorter{t: t, name: name, n: int(n),
		less: func(i, j int) (vm.Value, error) { return t.Call1(fns[1], vm.Int(int64(i)), vm.Int(int64(j))) },
		swap: func(i, j int) (vm.Value, error) { return t.Call1(fns[2], vm.Int(int64(i)), vm.Int(int64(j))) }}, nil
}

// sortReverse is sort.Reverse: a value whose Less is data's, reversed.
func sortReverse(t *vm.Thread, args []vm.Value) (vm.Value, error) {
	data := args[0]
	var fns [3]vm.Value
	for i, m := range []string{"Len", "Less", "Swap"} {
		f, err := vm.Field(data, m)
		if err != nil {
			return vm.Nil, err
		}
		if f.Kind() != vm.KindFunc {
			return vm.Nil, vm.Errorf("sort.Reverse: %s has no method %s", data.TypeName(), m)
		}
		fns[i] = f
	}
	r := vm.NewMap(3)
	_ = r.Set(vm.String("Len"), fns[0])
	_ = r.Set(vm.String("Less"), vm.NewNative("sort.reverse.Less", 1, func(t *vm.Thread, a []vm.Value) (vm.Value, error) {
		if err := vm.CheckArgs("Less", a, 2); err != nil {
			return vm.Nil, err
		}
		return t.Call1(fns[1], a[1], a[0])
	}).Value())
	_ = r.Set(vm.String("Swap"), fns[2])
	return r.Value(), nil
}

func sortInterface(stable bool, name string) vm.NativeFn {
	return func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := ifaceSorter(t, name, args[0])
		if err != nil {
			return vm.Nil, err
		}
		if stable {
			sort.Stable(s)
		} else {
			sort.Sort(s)
		}
		return vm.Nil, s.err
	}
}

// moreSort adds Go's remaining sort members.
func moreSort(m *module) {
	m.fn("Slice", 2, 0, sortSlice(false, "sort.Slice"))
	m.sig("Slice", "func Slice(x any, less func(i, j int) bool)")
	m.fn("SliceStable", 2, 0, sortSlice(true, "sort.SliceStable"))
	m.sig("SliceStable", "func SliceStable(x any, less func(i, j int) bool)")
	m.fn("SliceIsSorted", 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		l, err := vm.ArgList("sort.SliceIsSorted", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		less, err := vm.ArgFunc("sort.SliceIsSorted", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		for i := l.Len() - 1; i > 0; i-- {
			r, err := t.Call1(less, vm.Int(int64(i)), vm.Int(int64(i-1)))
			if err != nil {
				return vm.Nil, err
			}
			if b, _ := r.ToBool(); b {
				return vm.Bool(false), nil
			}
		}
		return vm.Bool(true), nil
	})
	m.sig("SliceIsSorted", "func SliceIsSorted(x any, less func(i, j int) bool) bool")
	m.fn("IsSorted", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := ifaceSorter(t, "sort.IsSorted", args[0])
		if err != nil {
			return vm.Nil, err
		}
		ok := sort.IsSorted(s)
		return vm.Bool(ok), s.err
	})
	m.sig("IsSorted", "func IsSorted(data Interface) bool")
	m.fn("Reverse", 1, 1, sortReverse)
	m.sig("Reverse", "func Reverse(data Interface) Interface")
	m.fn("Sort", 1, 0, sortInterface(false, "sort.Sort"))
	m.sig("Sort", "func Sort(data sort.Interface)")
	m.fn("Stable", 1, 0, sortInterface(true, "sort.Stable"))
	m.sig("Stable", "func Stable(data sort.Interface)")
	sorted := func(member, want string) {
		name := "sort." + member
		m.fn(member, 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			l, err := vm.ArgList(name, args, 0)
			if err != nil {
				return vm.Nil, err
			}
			items := l.Snapshot()
			for i := 1; i < len(items); i++ {
				lt, err := vm.Less(items[i], items[i-1])
				if err != nil {
					return vm.Nil, err
				}
				if lt {
					return vm.Bool(false), nil
				}
			}
			return vm.Bool(true), nil
		})
		m.sig(member, "func "+member+"(x []"+want+") bool")
	}
	sorted("IntsAreSorted", "int")
	sorted("StringsAreSorted", "string")
	sorted("Float64sAreSorted", "float64")
	searchIn := func(member, want string) {
		name := "sort." + member
		m.fn(member, 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			l, err := vm.ArgList(name, args, 0)
			if err != nil {
				return vm.Nil, err
			}
			items := l.Snapshot()
			x := args[1]
			var lerr error
			i := sort.Search(len(items), func(i int) bool {
				lt, err := vm.Less(items[i], x)
				if err != nil && lerr == nil {
					lerr = err
				}
				return !lt
			})
			return vm.Int(int64(i)), lerr
		})
		m.sig(member, "func "+member+"(a []"+want+", x "+want+") int")
	}
	searchIn("SearchInts", "int")
	searchIn("SearchStrings", "string")
	searchIn("SearchFloat64s", "float64")
	m.fn("Find", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		n, err := vm.ArgInt("sort.Find", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		f, err := vm.ArgFunc("sort.Find", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		var cerr error
		i, found := sort.Find(int(n), func(i int) int {
			if cerr != nil {
				return 0
			}
			r, err := t.Call1(f, vm.Int(int64(i)))
			if err != nil {
				cerr = err
				return 0
			}
			c, ok := r.ToInt()
			if !ok {
				cerr = vm.Errorf("sort.Find: cmp returned %s, want int", r.TypeName())
			}
			return int(c)
		})
		if cerr != nil {
			return vm.Nil, cerr
		}
		return t.Ret2(vm.Int(int64(i)), vm.Bool(found))
	})
	m.sig("Find", "func Find(n int, cmp func(int) int) (i int, found bool)")
}

// compareValues is cmp.Compare on Goro values: numbers and strings.
func compareValues(a, b vm.Value) (int, error) {
	lt, err := vm.Less(a, b)
	if err != nil {
		return 0, err
	}
	if lt {
		return -1, nil
	}
	if gt, _ := vm.Less(b, a); gt {
		return 1, nil
	}
	return 0, nil
}

// listOrSeq returns the elements of a list, or of an iterator function
// (func(yield func(v) bool)), as Collect and Sorted take either.
func listOrSeq(t *vm.Thread, name string, v vm.Value) ([]vm.Value, error) {
	if l := v.List(); l != nil {
		return l.Snapshot(), nil
	}
	if v.IsNil() {
		return nil, nil
	}
	if v.Kind() != vm.KindFunc {
		return nil, vm.ArgTypeError(name, 0, "list or iterator", v)
	}
	var out []vm.Value
	yield := vm.NewNative("yield", 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		out = append(out, args[len(args)-1])
		return vm.Bool(true), nil
	})
	if _, err := t.Call(v, yield.Value()); err != nil {
		return nil, err
	}
	return out, nil
}

// seqOf returns an iterator function over vals (func(yield func(v) bool)),
// or over pairs (func(yield func(k, v) bool)) when keys is not nil.
func seqOf(name string, keys, vals []vm.Value) vm.Value {
	return vm.NewNative(name, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		if err := vm.CheckArgs(name, args, 1); err != nil {
			return vm.Nil, err
		}
		yield := args[0] // args aliases the stack, which calls may move
		for i, v := range vals {
			var r vm.Value
			var err error
			if keys != nil {
				r, err = t.Call1(yield, keys[i], v)
			} else {
				r, err = t.Call1(yield, v)
			}
			if err != nil {
				return vm.Nil, err
			}
			if b, ok := r.ToBool(); ok && !b {
				break
			}
		}
		return vm.Nil, nil
	}).Value()
}

func init() {
	s := newModule("slices")
	s.pure()
	listFn := func(member string, nargs, nres int, sig string, f func(t *vm.Thread, name string, l *vm.List, args []vm.Value) (vm.Value, error)) {
		name := "slices." + member
		s.fnRange(member, nargs, nargs, nres, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			var l *vm.List
			if !args[0].IsNil() {
				var err error
				if l, err = vm.ArgList(name, args, 0); err != nil {
					return vm.Nil, err
				}
			} else {
				l = vm.NewList(nil)
			}
			return f(t, name, l, args[1:])
		})
		s.sig(member, sig)
	}
	sortBy := func(t *vm.Thread, name string, items []vm.Value, cmpf vm.Value, stable bool) error {
		var cerr error
		cmp := func(a, b vm.Value) int {
			if cerr != nil {
				return 0
			}
			var c int
			if cmpf.IsNil() {
				c, cerr = compareValues(a, b)
				return c
			}
			r, err := t.Call1(cmpf, a, b)
			if err != nil {
				cerr = err
				return 0
			}
			n, ok := r.ToInt()
			if !ok {
				cerr = vm.Errorf("%s: cmp returned %s, want int", name, r.TypeName())
			}
			return int(n)
		}
		if stable {
			slices.SortStableFunc(items, cmp)
		} else {
			slices.SortFunc(items, cmp)
		}
		return cerr
	}
	listFn("Sort", 1, 0, "func Sort[S ~[]E, E cmp.Ordered](x S)", func(t *vm.Thread, name string, l *vm.List, args []vm.Value) (vm.Value, error) {
		items := l.Snapshot()
		if err := sortBy(t, name, items, vm.Nil, false); err != nil {
			return vm.Nil, err
		}
		l.Replace(items)
		return vm.Nil, nil
	})
	for _, st := range []struct {
		member string
		stable bool
	}{{"SortFunc", false}, {"SortStableFunc", true}} {
		listFn(st.member, 2, 0, "func "+st.member+"[S ~[]E, E any](x S, cmp func(a, b E) int)", func(t *vm.Thread, name string, l *vm.List, args []vm.Value) (vm.Value, error) {
			f, err := vm.ArgFunc(name, args, 0)
			if err != nil {
				return vm.Nil, err
			}
			items := l.Snapshot()
			if err := sortBy(t, name, items, f, st.stable); err != nil {
				return vm.Nil, err
			}
			l.Replace(items)
			return vm.Nil, nil
		})
	}
	listFn("IsSorted", 1, 1, "func IsSorted[S ~[]E, E cmp.Ordered](x S) bool", func(t *vm.Thread, name string, l *vm.List, args []vm.Value) (vm.Value, error) {
		items := l.Snapshot()
		for i := 1; i < len(items); i++ {
			c, err := compareValues(items[i], items[i-1])
			if err != nil {
				return vm.Nil, err
			}
			if c < 0 {
				return vm.Bool(false), nil
			}
		}
		return vm.Bool(true), nil
	})
	index := func(items []vm.Value, v vm.Value) int {
		for i, x := range items {
			if vm.Equal(x, v) {
				return i
			}
		}
		return -1
	}
	indexFunc := func(t *vm.Thread, name string, items []vm.Value, f vm.Value) (int, error) {
		for i, x := range items {
			r, err := t.Call1(f, x)
			if err != nil {
				return -1, err
			}
			b, ok := r.ToBool()
			if !ok {
				return -1, vm.Errorf("%s: f returned %s, want bool", name, r.TypeName())
			}
			if b {
				return i, nil
			}
		}
		return -1, nil
	}
	listFn("Index", 2, 1, "func Index[S ~[]E, E comparable](s S, v E) int", func(t *vm.Thread, name string, l *vm.List, args []vm.Value) (vm.Value, error) {
		return vm.Int(int64(index(l.Snapshot(), args[0]))), nil
	})
	listFn("Contains", 2, 1, "func Contains[S ~[]E, E comparable](s S, v E) bool", func(t *vm.Thread, name string, l *vm.List, args []vm.Value) (vm.Value, error) {
		return vm.Bool(index(l.Snapshot(), args[0]) >= 0), nil
	})
	listFn("IndexFunc", 2, 1, "func IndexFunc[S ~[]E, E any](s S, f func(E) bool) int", func(t *vm.Thread, name string, l *vm.List, args []vm.Value) (vm.Value, error) {
		i, err := indexFunc(t, name, l.Snapshot(), args[0])
		return vm.Int(int64(i)), err
	})
	listFn("ContainsFunc", 2, 1, "func ContainsFunc[S ~[]E, E any](s S, f func(E) bool) bool", func(t *vm.Thread, name string, l *vm.List, args []vm.Value) (vm.Value, error) {
		i, err := indexFunc(t, name, l.Snapshot(), args[0])
		return vm.Bool(i >= 0), err
	})
	minMax := func(member string, wantMax, withFunc bool) {
		nargs, sig := 1, "func "+member+"[S ~[]E, E cmp.Ordered](x S) E"
		if withFunc {
			nargs, sig = 2, "func "+member+"[S ~[]E, E any](x S, cmp func(a, b E) int) E"
		}
		listFn(member, nargs, 1, sig, func(t *vm.Thread, name string, l *vm.List, args []vm.Value) (vm.Value, error) {
			items := l.Snapshot()
			if len(items) == 0 {
				return vm.Nil, vm.PlainErrorf("slices.%s: empty list", member)
			}
			best := items[0]
			var f vm.Value
			if withFunc {
				f = args[0]
			}
			for _, x := range items[1:] {
				var c int
				var err error
				if withFunc {
					var r vm.Value
					if r, err = t.Call1(f, x, best); err == nil {
						n, _ := r.ToInt()
						c = int(n)
					}
				} else {
					c, err = compareValues(x, best)
				}
				if err != nil {
					return vm.Nil, err
				}
				if (wantMax && c > 0) || (!wantMax && c < 0) {
					best = x
				}
			}
			return best, nil
		})
	}
	minMax("Max", true, false)
	minMax("Min", false, false)
	minMax("MaxFunc", true, true)
	minMax("MinFunc", false, true)
	listFn("Reverse", 1, 0, "func Reverse[S ~[]E, E any](s S)", func(t *vm.Thread, name string, l *vm.List, args []vm.Value) (vm.Value, error) {
		items := l.Snapshot()
		slices.Reverse(items)
		l.Replace(items)
		return vm.Nil, nil
	})
	listFn("Clone", 1, 1, "func Clone[S ~[]E, E any](s S) S", func(t *vm.Thread, name string, l *vm.List, args []vm.Value) (vm.Value, error) {
		return l.Clone().Value(), nil
	})
	listFn("Equal", 2, 1, "func Equal[S ~[]E, E comparable](s1, s2 S) bool", func(t *vm.Thread, name string, l *vm.List, args []vm.Value) (vm.Value, error) {
		var b []vm.Value
		if !args[0].IsNil() {
			l2, err := vm.ArgList(name, args, 0)
			if err != nil {
				return vm.Nil, err
			}
			b = l2.Snapshot()
		}
		return vm.Bool(slices.EqualFunc(l.Snapshot(), b, vm.Equal)), nil
	})
	listFn("Compact", 1, 1, "func Compact[S ~[]E, E comparable](s S) S", func(t *vm.Thread, name string, l *vm.List, args []vm.Value) (vm.Value, error) {
		items := slices.CompactFunc(l.Snapshot(), vm.Equal)
		l.Replace(items)
		return l.Value(), nil
	})
	listFn("BinarySearch", 2, 2, "func BinarySearch[S ~[]E, E cmp.Ordered](x S, target E) (int, bool)", func(t *vm.Thread, name string, l *vm.List, args []vm.Value) (vm.Value, error) {
		var cerr error
		i, found := slices.BinarySearchFunc(l.Snapshot(), args[0], func(a, b vm.Value) int {
			c, err := compareValues(a, b)
			if err != nil && cerr == nil {
				cerr = err
			}
			return c
		})
		if cerr != nil {
			return vm.Nil, cerr
		}
		return t.Ret2(vm.Int(int64(i)), vm.Bool(found))
	})
	s.fnRange("Insert", 2, -1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		l := vm.NewList(nil)
		if !args[0].IsNil() {
			var err error
			if l, err = vm.ArgList("slices.Insert", args, 0); err != nil {
				return vm.Nil, err
			}
		}
		i, err := vm.ArgInt("slices.Insert", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		items := l.Snapshot()
		if i < 0 || i > int64(len(items)) {
			return vm.Nil, vm.Errorf("slice bounds out of range [%d:%d]", i, len(items))
		}
		l.Replace(slices.Insert(items, int(i), args[2:]...))
		return l.Value(), nil
	})
	s.sig("Insert", "func Insert[S ~[]E, E any](s S, i int, v ...E) S")
	listFn("Delete", 3, 1, "func Delete[S ~[]E, E any](s S, i, j int) S", func(t *vm.Thread, name string, l *vm.List, args []vm.Value) (vm.Value, error) {
		items := l.Snapshot()
		i, err := vm.ArgInt(name, args, 0)
		if err != nil {
			return vm.Nil, err
		}
		j, err := vm.ArgInt(name, args, 1)
		if err != nil {
			return vm.Nil, err
		}
		if i < 0 || j > int64(len(items)) || i > j {
			return vm.Nil, vm.Errorf("slice bounds out of range [%d:%d]", i, j)
		}
		l.Replace(slices.Delete(items, int(i), int(j)))
		return l.Value(), nil
	})
	s.fnRange("Concat", 0, -1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		var out []vm.Value
		for i, a := range args {
			if a.IsNil() {
				continue
			}
			l, err := vm.ArgList("slices.Concat", args, i)
			if err != nil {
				return vm.Nil, err
			}
			out = append(out, l.Snapshot()...)
		}
		return vm.NewListValue(out), nil
	})
	s.sig("Concat", "func Concat[S ~[]E, E any](slices ...S) S")
	s.fn("Collect", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		items, err := listOrSeq(t, "slices.Collect", args[0])
		if err != nil {
			return vm.Nil, err
		}
		return vm.NewListValue(slices.Clone(items)), nil
	})
	s.sig("Collect", "func Collect[E any](seq iter.Seq[E]) []E")
	s.fn("Sorted", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		items, err := listOrSeq(t, "slices.Sorted", args[0])
		if err != nil {
			return vm.Nil, err
		}
		items = slices.Clone(items)
		if err := sortBy(t, "slices.Sorted", items, vm.Nil, false); err != nil {
			return vm.Nil, err
		}
		return vm.NewListValue(items), nil
	})
	s.sig("Sorted", "func Sorted[E cmp.Ordered](seq iter.Seq[E]) []E")
	s.fn("Values", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		l, err := vm.ArgList("slices.Values", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return seqOf("slices.Values", nil, l.Snapshot()), nil
	})
	s.sig("Values", "func Values[Slice ~[]E, E any](s Slice) iter.Seq[E]")
	s.register()

	mp := newModule("maps")
	mp.pure()
	mapFn := func(member string, nargs, nres int, sig string, f func(t *vm.Thread, m *vm.Map, args []vm.Value) (vm.Value, error)) {
		name := "maps." + member
		mp.fn(member, nargs, nres, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			m, err := vm.ArgMap(name, args, 0)
			if err != nil {
				return vm.Nil, err
			}
			return f(t, m, args[1:])
		})
		mp.sig(member, sig)
	}
	mapFn("Keys", 1, 1, "func Keys[Map ~map[K]V, K comparable, V any](m Map) iter.Seq[K]", func(t *vm.Thread, m *vm.Map, args []vm.Value) (vm.Value, error) {
		return seqOf("maps.Keys", nil, m.Keys()), nil
	})
	mapFn("Values", 1, 1, "func Values[Map ~map[K]V, K comparable, V any](m Map) iter.Seq[V]", func(t *vm.Thread, m *vm.Map, args []vm.Value) (vm.Value, error) {
		_, vals := m.Items()
		return seqOf("maps.Values", nil, vals), nil
	})
	mapFn("All", 1, 1, "func All[Map ~map[K]V, K comparable, V any](m Map) iter.Seq2[K, V]", func(t *vm.Thread, m *vm.Map, args []vm.Value) (vm.Value, error) {
		keys, vals := m.Items()
		return seqOf("maps.All", keys, vals), nil
	})
	mapFn("Clone", 1, 1, "func Clone[M ~map[K]V, K comparable, V any](m M) M", func(t *vm.Thread, m *vm.Map, args []vm.Value) (vm.Value, error) {
		keys, vals := m.Items()
		c := vm.NewMap(len(keys))
		for i, k := range keys {
			c.Set(k, vals[i])
		}
		return c.Value(), nil
	})
	mapFn("Copy", 2, 0, "func Copy[M1 ~map[K]V, M2 ~map[K]V, K comparable, V any](dst M1, src M2)", func(t *vm.Thread, dst *vm.Map, args []vm.Value) (vm.Value, error) {
		src, err := vm.ArgMap("maps.Copy", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		keys, vals := src.Items()
		for i, k := range keys {
			dst.Set(k, vals[i])
		}
		return vm.Nil, nil
	})
	mapFn("Equal", 2, 1, "func Equal[M1, M2 ~map[K]V, K, V comparable](m1 M1, m2 M2) bool", func(t *vm.Thread, a *vm.Map, args []vm.Value) (vm.Value, error) {
		b, err := vm.ArgMap("maps.Equal", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		if a.Len() != b.Len() {
			return vm.Bool(false), nil
		}
		keys, vals := a.Items()
		for i, k := range keys {
			v, ok, _ := b.Get(k)
			if !ok || !vm.Equal(v, vals[i]) {
				return vm.Bool(false), nil
			}
		}
		return vm.Bool(true), nil
	})
	mapFn("DeleteFunc", 2, 0, "func DeleteFunc[M ~map[K]V, K comparable, V any](m M, del func(K, V) bool)", func(t *vm.Thread, m *vm.Map, args []vm.Value) (vm.Value, error) {
		keys, vals := m.Items()
		del := args[0]
		for i, k := range keys {
			r, err := t.Call1(del, k, vals[i])
			if err != nil {
				return vm.Nil, err
			}
			if b, _ := r.ToBool(); b {
				m.Delete(k)
			}
		}
		return vm.Nil, nil
	})
	mp.fn("Collect", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		out := vm.NewMap(0)
		var serr error
		yield := vm.NewNative("yield", 1, func(t *vm.Thread, a []vm.Value) (vm.Value, error) {
			if len(a) != 2 {
				return vm.Nil, vm.ArityError("yield", len(a), 2)
			}
			if err := out.Set(a[0], a[1]); err != nil && serr == nil {
				serr = err
			}
			return vm.Bool(true), nil
		})
		if _, err := t.Call(args[0], yield.Value()); err != nil {
			return vm.Nil, err
		}
		return out.Value(), serr
	})
	mp.sig("Collect", "func Collect[K comparable, V any](seq iter.Seq2[K, V]) map[K]V")
	mp.register()
}
