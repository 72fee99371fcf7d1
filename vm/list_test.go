package vm

import (
	"math/rand"
	"sync"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func ints(ns ...int64) []Value {
	out := make([]Value, len(ns))
	for i, n := range ns {
		out[i] = Int(n)
	}
	return out
}

func floats(fs ...float64) []Value {
	out := make([]Value, len(fs))
	for i, f := range fs {
		out[i] = Float(f)
	}
	return out
}

func modeOfList(l *List) listMode {
	l.mu.lock()
	defer l.mu.unlock()
	return l.mode
}

// reprs renders a list's elements with their types visible (1 vs 1.0 is
// told apart by the kind).
func reprs(vs []Value) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.TypeName() + ":" + Repr(v)
	}
	return out
}

func TestListModes(t *testing.T) {
	cases := []struct {
		name  string
		items []Value
		mode  listMode
	}{
		{"ints", ints(1, 2, 3), modeInt},
		{"floats", floats(1, 2.5), modeFloat},
		{"bools", []Value{True, False, True}, modeBool},
		{"strings", []Value{String("a"), String("b")}, modeAny},
		{"int and float", []Value{Int(1), Float(2.5)}, modeAny},
		{"int and bool", []Value{Int(1), True}, modeAny},
		{"nil", []Value{Nil, Nil}, modeAny},
		{"one int", ints(7), modeInt},
		{"int then string", []Value{Int(1), String("x")}, modeAny},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// A literal.
			lit := newListOf(c.items)
			assert.Equal(t, c.mode, modeOfList(lit), "literal")
			assert.Equal(t, reprs(c.items), reprs(lit.Snapshot()))

			// Appended one by one to an empty list: the first element picks
			// the mode, a misfit converts.
			app := NewList(nil)
			for _, v := range c.items {
				app.Append1(v)
			}
			assert.Equal(t, c.mode, modeOfList(app), "Append1")
			assert.Equal(t, reprs(c.items), reprs(app.Snapshot()))

			// Appended all at once.
			all := NewList(nil)
			all.Append(c.items...)
			assert.Equal(t, c.mode, modeOfList(all), "Append")
			assert.Equal(t, reprs(c.items), reprs(all.Snapshot()))

			// Slices and clones keep the mode and the elements.
			cl := lit.Clone()
			assert.Equal(t, c.mode, modeOfList(cl))
			assert.Equal(t, reprs(c.items), reprs(cl.Snapshot()))
			sl, n, ok := lit.Slice(1, 0, false)
			require.True(t, ok)
			assert.Equal(t, len(c.items), n)
			assert.Equal(t, c.mode, modeOfList(sl))
			assert.Equal(t, reprs(c.items[1:]), reprs(sl.Snapshot()))
		})
	}
}

func TestListIntsStayRaw(t *testing.T) {
	l := NewList(nil)
	for i := int64(0); i < 1000; i++ {
		l.Append1(Int(i * 3))
	}
	assert.Equal(t, modeInt, modeOfList(l))
	for i := int64(0); i < 1000; i++ {
		n, ok := l.Set(i, Int(-i))
		require.True(t, ok)
		require.Equal(t, 1000, n)
	}
	assert.Equal(t, modeInt, modeOfList(l), "storing ints keeps raw storage")
	// The raw array really holds 8-byte words (half the memory of Values).
	l.mu.lock()
	raw := unsafe.Slice((*uint64)(l.data), l.c)
	assert.Equal(t, uint64(0xffffffffffffffff), raw[1], "element 1 is -1 as raw bits")
	l.mu.unlock()
	v, n, ok := l.Get(999)
	require.True(t, ok)
	assert.Equal(t, 1000, n)
	assert.True(t, v.IsInt())
	assert.Equal(t, int64(-999), v.AsInt())
}

func TestListBoolsTakeOneByte(t *testing.T) {
	l := NewList(nil)
	for i := 0; i < 1000; i++ { // grows by doubling, copying bytes
		l.Append1(Bool(i%3 == 0))
	}
	assert.Equal(t, modeBool, modeOfList(l))
	_, ok := l.Set(4, True)
	require.True(t, ok)
	assert.Equal(t, modeBool, modeOfList(l), "storing bools keeps raw storage")
	l.mu.lock()
	raw := unsafe.Slice((*byte)(l.data), l.c)
	assert.Equal(t, []byte{1, 0, 0, 1, 1, 0, 1}, raw[:7], "one byte a bool")
	l.mu.unlock()
	for i, v := range l.Snapshot() {
		require.True(t, v.IsBool())
		require.Equal(t, i%3 == 0 || i == 4, v.AsBool(), "element %d", i)
	}

	// Slices, sorts' Replace and a conversion keep every element.
	sl, _, ok := l.Slice(2, 5, true)
	require.True(t, ok)
	assert.Equal(t, []string{"bool:false", "bool:true", "bool:true"}, reprs(sl.Snapshot()))
	sl.Replace([]Value{False, True})
	assert.Equal(t, modeBool, modeOfList(sl))
	assert.Equal(t, []string{"bool:false", "bool:true"}, reprs(sl.Snapshot()))
	sl.Append1(Int(7))
	assert.Equal(t, modeAny, modeOfList(sl))
	assert.Equal(t, []string{"bool:false", "bool:true", "int:7"}, reprs(sl.Snapshot()))
}

func TestListConversionKeepsElements(t *testing.T) {
	type op func(l *List)
	set1 := func(v Value) op { return func(l *List) { l.Set(1, v) } }
	app := func(v Value) op { return func(l *List) { l.Append1(v) } }
	cases := []struct {
		name  string
		start []Value
		do    op
		want  []string
		mode  listMode
	}{
		{"int list, set string", ints(1, 2, 3), set1(String("x")),
			[]string{"int:1", `string:"x"`, "int:3"}, modeAny},
		{"int list, set float", ints(1, 2, 3), set1(Float(2)),
			[]string{"int:1", "float:2", "int:3"}, modeAny},
		{"int list, set int", ints(1, 2, 3), set1(Int(20)),
			[]string{"int:1", "int:20", "int:3"}, modeInt},
		{"int list, set nil", ints(1, 2, 3), set1(Nil),
			[]string{"int:1", "nil:<nil>", "int:3"}, modeAny},
		{"float list, set int", floats(1, 2, 3), set1(Int(2)),
			[]string{"float:1", "int:2", "float:3"}, modeAny},
		{"bool list, set int", []Value{True, False}, set1(Int(0)),
			[]string{"bool:true", "int:0"}, modeAny},
		{"int list, append string", ints(1, 2), app(String("s")),
			[]string{"int:1", "int:2", `string:"s"`}, modeAny},
		{"int list, append float", ints(1, 2), app(Float(0.5)),
			[]string{"int:1", "int:2", "float:0.5"}, modeAny},
		{"float list, append float", floats(1), app(Float(0.5)),
			[]string{"float:1", "float:0.5"}, modeFloat},
		{"bool list, append list", []Value{True}, app(NewListValue(nil)),
			[]string{"bool:true", "list:[]"}, modeAny},
		{"any list, append int", []Value{String("a")}, app(Int(1)),
			[]string{`string:"a"`, "int:1"}, modeAny},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			// Both a literal (spare capacity) and a full list (no spare
			// capacity: the append also grows).
			for _, l := range []*List{newListOf(c.start), fullList(c.start)} {
				c.do(l)
				assert.Equal(t, c.want, reprs(l.Snapshot()))
				assert.Equal(t, c.mode, modeOfList(l))
			}
		})
	}
}

// fullList makes a list of items in their scalar mode with no spare
// capacity.
func fullList(items []Value) *List {
	l := NewList(nil)
	l.Append(items...)
	out, _, _ := l.Slice(0, 0, false) // a slice is allocated at its exact size
	return out
}

func TestListEmptyAdoptsFirstMode(t *testing.T) {
	cases := []struct {
		name  string
		empty func() *List
	}{
		{"NewList(nil)", func() *List { return NewList(nil) }},
		{"NewList with capacity", func() *List { return NewList(make([]Value, 0, 8)) }},
		{"empty literal", func() *List { return newListOf(nil) }},
		{"empty slice of any list", func() *List {
			l, _, _ := NewList([]Value{String("a")}).Slice(1, 1, true)
			return l
		}},
		{"empty slice of int list", func() *List {
			l, _, _ := newListOf(ints(1, 2)).Slice(0, 0, true)
			return l
		}},
		{"emptied by Replace", func() *List {
			l := newListOf(ints(1, 2))
			l.Replace(nil)
			return l
		}},
	}
	firsts := []struct {
		v    Value
		mode listMode
	}{
		{Int(5), modeInt},
		{Float(0.5), modeFloat},
		{False, modeBool},
		{String("s"), modeAny},
		{Nil, modeAny},
	}
	for _, c := range cases {
		for _, f := range firsts {
			l := c.empty()
			require.Zero(t, l.Len())
			l.Append1(f.v)
			assert.Equal(t, f.mode, modeOfList(l), "%s then %s", c.name, Repr(f.v))
			l.Append1(f.v)
			assert.Equal(t, f.mode, modeOfList(l), "%s then %s twice", c.name, Repr(f.v))
			assert.Equal(t, reprs([]Value{f.v, f.v}), reprs(l.Snapshot()))

			l2 := c.empty()
			l2.Append(f.v, f.v, f.v)
			assert.Equal(t, f.mode, modeOfList(l2), "%s then Append(3 x %s)", c.name, Repr(f.v))
			assert.Equal(t, 3, l2.Len())
		}
	}
}

func TestListGetSetBounds(t *testing.T) {
	for _, l := range []*List{newListOf(ints(1, 2, 3)), newListOf([]Value{String("a"), Nil, True})} {
		for _, i := range []int64{-1, 3, 4, -1 << 63, 1<<63 - 1} {
			v, n, ok := l.Get(i)
			assert.False(t, ok, "Get(%d)", i)
			assert.Equal(t, 3, n)
			assert.True(t, v.IsNil())
			n, ok = l.Set(i, Int(9))
			assert.False(t, ok, "Set(%d)", i)
			assert.Equal(t, 3, n)
		}
		_, _, ok := l.Get(2)
		assert.True(t, ok)
		assert.Equal(t, 3, l.Len())
		assert.GreaterOrEqual(t, l.Cap(), 3)
	}
}

func TestListSlice(t *testing.T) {
	for _, items := range [][]Value{
		ints(0, 1, 2, 3, 4),
		floats(0, 1, 2, 3, 4),
		{True, False, True, False, True},
		{String("a"), Int(1), Nil, Float(2), True},
	} {
		mode := modeOfList(newListOf(items))
		l := newListOf(items)
		cases := []struct {
			lo, hi int64
			hasHi  bool
			want   []Value
		}{
			{0, 5, true, items},
			{1, 3, true, items[1:3]},
			{2, 0, false, items[2:]},
			{5, 5, true, nil},
			{5, 0, false, nil},
			{0, 0, true, nil},
		}
		for _, c := range cases {
			out, n, ok := l.Slice(c.lo, c.hi, c.hasHi)
			require.True(t, ok)
			assert.Equal(t, 5, n)
			assert.Equal(t, reprs(c.want), reprs(out.Snapshot()))
			if len(c.want) > 0 {
				assert.Equal(t, mode, modeOfList(out))
			}
			// The slice is a copy: changing it leaves the original alone.
			if out.Len() > 0 {
				out.Set(0, String("changed"))
				v, _, _ := l.Get(c.lo)
				assert.Equal(t, Repr(items[c.lo]), Repr(v))
			}
			// And it can grow on its own.
			out.Append1(Int(99))
			assert.Equal(t, len(c.want)+1, out.Len())
			assert.Equal(t, 5, l.Len())
		}
		for _, c := range []struct {
			lo, hi int64
			hasHi  bool
		}{{-1, 2, true}, {3, 2, true}, {0, 6, true}, {6, 0, false}, {-1, 0, false}, {2, -1, true}} {
			out, n, ok := l.Slice(c.lo, c.hi, c.hasHi)
			assert.False(t, ok, "[%d:%d] hasHi=%v", c.lo, c.hi, c.hasHi)
			assert.Nil(t, out)
			assert.Equal(t, 5, n)
		}
	}
}

func TestSliceErrors(t *testing.T) {
	list := NewListValue(ints(0, 1, 2, 3, 4))
	str := String("hello")
	cases := []struct {
		x      Value
		lo, hi Value
		flags  int
		msg    string
	}{
		{list, Nil, Int(7), 2, "runtime error: slice bounds out of range [:7] with length 5"},
		{list, Int(3), Int(2), 3, "runtime error: slice bounds out of range [3:2]"},
		{list, Int(6), Nil, 1, "runtime error: slice bounds out of range [6:5]"},
		{list, Int(-1), Nil, 1, "runtime error: slice bounds out of range [-1:]"},
		{list, Int(-1), Int(2), 3, "runtime error: slice bounds out of range [-1:2]"},
		{list, Int(0), Int(-1), 3, "runtime error: slice bounds out of range [:-1] with length 5"},
		{str, Nil, Int(7), 2, "runtime error: slice bounds out of range [:7] with length 5"},
		{str, Int(3), Int(2), 3, "runtime error: slice bounds out of range [3:2]"},
		{list, String("a"), Nil, 1, "runtime error: invalid argument: slice index of type string (want int)"},
		{Nil, Nil, Nil, 0, "runtime error: invalid operation: slice of nil"},
		{Int(1), Nil, Nil, 0, "runtime error: invalid operation: cannot slice int"},
	}
	for _, c := range cases {
		_, err := slice(c.x, c.lo, c.hi, c.flags)
		assert.Equal(t, c.msg, panicMsg(t, err))
	}
	v, err := slice(str, Int(1), Int(3), 3)
	require.NoError(t, err)
	assert.Equal(t, "el", v.AsStr())
}

func TestListSnapshotReplaceConcat(t *testing.T) {
	l := newListOf(ints(1, 2, 3))
	snap := l.Snapshot()
	l.Set(0, Int(100))
	assert.Equal(t, int64(1), snap[0].AsInt(), "a snapshot is a copy")

	l.Replace([]Value{String("x"), Int(2)})
	assert.Equal(t, modeAny, modeOfList(l))
	assert.Equal(t, []string{`string:"x"`, "int:2"}, reprs(l.Snapshot()))
	l.Append1(Int(3))
	assert.Equal(t, 3, l.Len())

	cases := []struct {
		a, b []Value
		mode listMode
	}{
		{ints(1, 2), ints(3), modeInt},
		{floats(1), floats(2, 3), modeFloat},
		{ints(1), floats(2), modeAny},
		{ints(1, 2), []Value{String("s")}, modeAny},
		{[]Value{String("s")}, ints(1, 2), modeAny},
		{nil, floats(1.5), modeFloat},
		{ints(4), nil, modeInt},
		{nil, nil, modeAny},
		{[]Value{True}, []Value{False}, modeBool},
	}
	for _, c := range cases {
		a, b := newListOf(c.a), newListOf(c.b)
		out := Concat(a, b)
		want := append(append([]Value{}, c.a...), c.b...)
		assert.Equal(t, reprs(want), reprs(out.Snapshot()))
		if len(want) > 0 {
			assert.Equal(t, c.mode, modeOfList(out), "%v + %v", reprs(c.a), reprs(c.b))
		}
		// A new list: the operands are untouched.
		assert.Equal(t, len(c.a), a.Len())
		assert.Equal(t, len(c.b), b.Len())
		out.Append1(Nil)
		assert.Equal(t, len(c.a), a.Len())
	}
	// l + l works (both snapshots are taken first).
	self := newListOf(ints(1, 2))
	assert.Equal(t, []string{"int:1", "int:2", "int:1", "int:2"}, reprs(Concat(self, self).Snapshot()))
	v, err := Arith("+", self.Value(), self.Value())
	require.NoError(t, err)
	assert.Equal(t, "[1 2 1 2]", v.String())
}

func TestListSmallLiterals(t *testing.T) {
	// Literals of 1..6 mixed values (inline buffers up to 4) behave like any
	// list: get, set, append past the inline capacity, slice, clone.
	for n := 1; n <= 6; n++ {
		items := make([]Value, n)
		for i := range items {
			if i%2 == 0 {
				items[i] = String(string(rune('a' + i)))
			} else {
				items[i] = Int(int64(i))
			}
		}
		if n == 1 {
			items[0] = NewListValue(nil) // keep it out of the scalar modes
		}
		l := newListOf(items)
		require.Equal(t, modeAny, modeOfList(l))
		require.Equal(t, n, l.Len())
		assert.Equal(t, reprs(items), reprs(l.Snapshot()))

		// The literal copied its operands: changing them changes nothing.
		saved := items[0]
		items[0] = Int(-1)
		v, _, _ := l.Get(0)
		assert.Equal(t, Repr(saved), Repr(v))
		items[0] = saved

		l.Set(int64(n-1), Float(0.5))
		for i := 0; i < 10; i++ {
			l.Append1(Int(int64(100 + i)))
		}
		require.Equal(t, n+10, l.Len())
		snap := l.Snapshot()
		assert.Equal(t, reprs(items[:n-1]), reprs(snap[:n-1]))
		assert.Equal(t, "float:0.5", reprs(snap[n-1 : n])[0])
		assert.Equal(t, "int:109", reprs(snap[n+9:])[0])

		cl := newListOf(items).Clone()
		cl.Set(0, Nil)
		v, _, _ = newListOf(items).Get(0)
		assert.False(t, v.IsNil())
		sl, _, ok := newListOf(items).Slice(0, int64(n), true)
		require.True(t, ok)
		assert.Equal(t, reprs(items), reprs(sl.Snapshot()))
	}
	// Two literals from the same registers are two lists.
	regs := ints(1, 2)
	regs[0] = String("x")
	a, b := newListOf(regs), newListOf(regs)
	a.Set(0, String("y"))
	v, _, _ := b.Get(0)
	assert.Equal(t, "x", v.AsStr())
}

// TestListConcurrent appends, stores and reads one list from several
// goroutines, switching its storage mode on the way. Every operation is
// atomic: no crash, no torn element, a consistent length at the end.
func TestListConcurrent(t *testing.T) {
	l := NewList(nil)
	const workers = 6
	ops := 20000
	if testing.Short() || raceEnabled {
		ops = 4000
	}
	var wg sync.WaitGroup
	var appends [workers]int
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			r := rand.New(rand.NewSource(int64(w)))
			for i := 0; i < ops; i++ {
				switch r.Intn(8) {
				case 0, 1, 2:
					l.Append1(Int(int64(i)))
					appends[w]++
				case 3:
					if w == 0 && r.Intn(100) == 0 {
						l.Append1(String("s")) // switches to modeAny
						appends[w]++
					} else {
						l.Append(Int(1), Int(2))
						appends[w] += 2
					}
				case 4:
					if n := l.Len(); n > 0 {
						l.Set(int64(r.Intn(n)), Int(int64(-i)))
					}
				case 5:
					if n := l.Len(); n > 0 {
						v, _, ok := l.Get(int64(r.Intn(n)))
						if ok && v.Kind() != KindInt && v.Kind() != KindString {
							t.Errorf("torn element: %v", v.Kind())
							return
						}
					}
				case 6:
					if n := l.Len(); n > 2 {
						if _, _, ok := l.Slice(1, 2, true); !ok {
							t.Error("slice [1:2] failed on a growing list")
							return
						}
					}
				case 7:
					if r.Intn(64) != 0 {
						l.Len()
						continue
					}
					for _, v := range l.Snapshot() {
						if v.Kind() != KindInt && v.Kind() != KindString {
							t.Errorf("torn element in snapshot: %v", v.Kind())
							return
						}
					}
				}
			}
		}(w)
	}
	wg.Wait()
	total := 0
	for _, n := range appends {
		total += n
	}
	require.Equal(t, total, l.Len(), "every append landed")
	for _, v := range l.Snapshot() {
		require.True(t, v.Kind() == KindInt || v.Kind() == KindString)
	}
}

// TestAppendToNilAdoptsMode: `var xs; xs = append(xs, 1)` is Go's idiom
// for building a list; the list it makes is empty before its first
// element, so it must take the first element's raw mode like any other
// empty list (a list of ints stays raw).
func TestAppendToNilAdoptsMode(t *testing.T) {
	cases := []struct {
		vs   []Value
		mode listMode
	}{
		{ints(1), modeInt},
		{ints(1, 2, 3), modeInt},
		{floats(0.5), modeFloat},
		{[]Value{True}, modeBool},
		{[]Value{String("s")}, modeAny},
		{[]Value{Int(1), String("s")}, modeAny},
	}
	for _, c := range cases {
		v, err := appendSlow(Nil, c.vs)
		require.NoError(t, err)
		l := v.List()
		require.NotNil(t, l)
		assert.Equal(t, reprs(c.vs), reprs(l.Snapshot()))
		assert.Equal(t, c.mode, modeOfList(l), "append(nil, %v)", reprs(c.vs))
	}
	// append(nil) with nothing makes an empty list that still adopts the
	// mode of what comes next.
	v, err := appendSlow(Nil, nil)
	require.NoError(t, err)
	v.List().Append1(Int(1))
	assert.Equal(t, modeInt, modeOfList(v.List()))

	_, err = appendSlow(Int(1), ints(2))
	assert.Equal(t, "runtime error: invalid argument: first argument to append must be a list; have int", panicMsg(t, err))
}
