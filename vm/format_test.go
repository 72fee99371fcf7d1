package vm

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/sched"
)

func TestFormatFloat(t *testing.T) {
	cases := []struct {
		f    float64
		want string
	}{
		{0, "0"},
		{math.Copysign(0, -1), "-0"},
		{1, "1"},
		{-2, "-2"},
		{3.14, "3.14"},
		{0.1, "0.1"},
		{123456, "123456"},
		{1e6, "1e+06"},
		{123456789, "1.23456789e+08"},
		{1e20, "1e+20"},
		{1e21, "1e+21"},
		{1e-4, "0.0001"},
		{1e-5, "1e-05"},
		{1.5e-7, "1.5e-07"},
		{math.MaxFloat64, "1.7976931348623157e+308"},
		{math.SmallestNonzeroFloat64, "5e-324"},
		{math.Inf(1), "+Inf"},
		{math.Inf(-1), "-Inf"},
		{math.NaN(), "NaN"},
	}
	for _, c := range cases {
		assert.Equal(t, c.want, FormatFloat(c.f), "%v", c.f)
		assert.Equal(t, c.want, Float(c.f).String())
		assert.Equal(t, c.want, Repr(Float(c.f)))
		// SPEC §9: floats print as Go's %v.
		assert.Equal(t, fmt.Sprint(c.f), FormatFloat(c.f))
	}
	// A sweep of magnitudes against Go's %v.
	for e := -30; e <= 30; e++ {
		for _, m := range []float64{1, 1.5, 9.999, 123.456} {
			f := m * math.Pow(10, float64(e))
			assert.Equal(t, fmt.Sprint(f), FormatFloat(f))
			assert.Equal(t, fmt.Sprint(-f), FormatFloat(-f))
		}
	}
}

func TestStringScalars(t *testing.T) {
	cases := []struct {
		v         Value
		str, repr string
	}{
		{Nil, "<nil>", "<nil>"},
		{True, "true", "true"},
		{False, "false", "false"},
		{Int(0), "0", "0"},
		{Int(math.MinInt64), "-9223372036854775808", "-9223372036854775808"},
		{Int(math.MaxInt64), "9223372036854775807", "9223372036854775807"},
		{Float(2.5), "2.5", "2.5"},
		{Float(2), "2", "2"},
		{String(""), "", `""`},
		{String("hi"), "hi", `"hi"`},
		{String("a\tb\n\"c\""), "a\tb\n\"c\"", `"a\tb\n\"c\""`},
		{String("é"), "é", `"é"`},
		{NewError("boom"), "boom", `error("boom")`},
		{EOF, "EOF", `error("EOF")`},
	}
	for _, c := range cases {
		assert.Equal(t, c.str, c.v.String())
		assert.Equal(t, c.str, string(AppendStr(nil, c.v)))
		assert.Equal(t, "pre:"+c.str, string(AppendStr([]byte("pre:"), c.v)), "AppendStr appends")
		assert.Equal(t, c.repr, Repr(c.v))
	}
}

func TestStringContainers(t *testing.T) {
	inner := NewListValue([]Value{Int(2), Int(3)})
	list := NewListValue([]Value{Int(1), String("a"), inner})
	m := NewMap(0)
	require.NoError(t, m.Set(String("a"), Int(1)))
	require.NoError(t, m.Set(String("b"), list))
	require.NoError(t, m.Set(Int(3), Float(0.5)))
	require.NoError(t, m.Set(True, Nil))
	nested := NewListValue([]Value{m.Value(), NewListValue(nil), NewMapValue(0)})

	cases := []struct {
		v         Value
		str, repr string
	}{
		{NewListValue(nil), "[]", "[]"},
		{NewMapValue(0), "map[]", "map[]"},
		{list, "[1 a [2 3]]", `[1 "a" [2 3]]`},
		{m.Value(), "map[a:1 b:[1 a [2 3]] 3:0.5 true:<nil>]", `map["a":1 "b":[1 "a" [2 3]] 3:0.5 true:<nil>]`},
		{nested, "[map[a:1 b:[1 a [2 3]] 3:0.5 true:<nil>] [] map[]]", `[map["a":1 "b":[1 "a" [2 3]] 3:0.5 true:<nil>] [] map[]]`},
		{NewListValue([]Value{String(""), String(" ")}), "[  ]", `["" " "]`},
		{NewListValue([]Value{NewError("e"), Nil}), "[e <nil>]", `[error("e") <nil>]`},
		{NewListValue([]Value{Float(1), Float(math.Inf(-1))}), "[1 -Inf]", "[1 -Inf]"},
		{NewListValue([]Value{True, False}), "[true false]", "[true false]"},
	}
	for _, c := range cases {
		assert.Equal(t, c.str, c.v.String())
		assert.Equal(t, c.repr, Repr(c.v))
	}
}

func TestStringCycles(t *testing.T) {
	// l := [1]; l = append(l, l)
	l := NewList([]Value{Int(1)})
	l.Append(l.Value())
	assert.Equal(t, "[1 [...]]", l.Value().String())
	assert.Equal(t, "[1 [...]]", Repr(l.Value()))

	// m.self = m
	m := NewMap(0)
	require.NoError(t, m.Set(String("self"), m.Value()))
	assert.Equal(t, "map[self:map[...]]", m.Value().String())
	assert.Equal(t, `map["self":map[...]]`, Repr(m.Value()))

	// A cycle through both kinds: a list holding a map holding the list.
	a := NewList(nil)
	b := NewMap(0)
	require.NoError(t, b.Set(String("k"), a.Value()))
	a.Append(b.Value())
	assert.Equal(t, "[map[k:[...]]]", a.Value().String())
	assert.Equal(t, "map[k:[map[...]]]", b.Value().String())

	// Sharing without a cycle prints in full: only containers on the
	// current path are cut.
	x := NewListValue([]Value{Int(1)})
	shared := NewListValue([]Value{x, x, NewListValue([]Value{x})})
	assert.Equal(t, "[[1] [1] [[1]]]", shared.String())
}

func TestStringDeepNestingIsBounded(t *testing.T) {
	// Far deeper than maxPrintDepth: printing must neither recurse without
	// bound nor lose the structure near the top.
	const depth = 3 * maxPrintDepth
	v := NewListValue(nil)
	for i := 0; i < depth; i++ {
		v = NewListValue([]Value{v})
	}
	s := v.String()
	assert.True(t, strings.HasPrefix(s, strings.Repeat("[", maxPrintDepth)), "outer levels print")
	assert.Contains(t, s, "[...]")
	assert.Less(t, len(s), 3*depth, "levels below the bound are cut")

	m := NewMapValue(0)
	for i := 0; i < depth; i++ {
		n := NewMap(1)
		require.NoError(t, n.Set(Int(0), m))
		m = n.Value()
	}
	s = m.String()
	assert.True(t, strings.HasPrefix(s, "map[0:map[0:"))
	assert.Contains(t, s, "map[...]")
}

func TestStringFuncsChansObjects(t *testing.T) {
	rt := NewRuntime(nil, Options{})
	rt.rs.s.Store(sched.New(sched.Config{Procs: 1}))
	ch8, err := rt.NewChan(8)
	require.NoError(t, err)
	ch0, err := rt.NewChan(0)
	require.NoError(t, err)
	custom := &ObjType{Name: "time.Time", Str: func(o *Object) string { return "T(" + o.Data.(string) + ")" }}

	cases := []struct {
		v         Value
		str, repr string
	}{
		{testClosure("add", false), "func add", "func add"},
		{testClosure("<closure at 3:7>", true), "func <closure>", "func <closure>"},
		{Builtin("len").Value(), "func len", "func len"},
		{NewNative("strings.ToUpper", 1, nil).Value(), "func strings.ToUpper", "func strings.ToUpper"},
		{ch8, "chan(cap 8)", "chan(cap 8)"},
		{ch0, "chan(cap 0)", "chan(cap 0)"},
		{NewObject(waitGroupType, nil), "<sync.WaitGroup>", "<sync.WaitGroup>"},
		{NewObject(custom, "now"), "T(now)", "T(now)"},
		{NewListValue([]Value{Builtin("len").Value(), ch8, NewObject(waitGroupType, nil)}),
			"[func len chan(cap 8) <sync.WaitGroup>]", "[func len chan(cap 8) <sync.WaitGroup>]"},
	}
	for _, c := range cases {
		assert.Equal(t, c.str, c.v.String())
		assert.Equal(t, c.repr, Repr(c.v))
	}
	assert.Equal(t, "add", FuncName(testClosure("add", false)))
	assert.Equal(t, "?", FuncName(Int(1)))
}
