package vm

import (
	"math"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValueSize(t *testing.T) {
	assert.Equal(t, uintptr(16), unsafe.Sizeof(Value{}), "DESIGN §2: a Value is at most 16 bytes")
}

var sinkValue Value

func TestScalarsDoNotAllocate(t *testing.T) {
	cases := map[string]func(){
		"Int":   func() { sinkValue = Int(123456789) },
		"Float": func() { sinkValue = Float(3.25) },
		"Bool":  func() { sinkValue = Bool(true) },
		"int+int": func() {
			sinkValue, _ = Arith("+", Int(1<<40), Int(7))
		},
		"int*float": func() {
			sinkValue, _ = Arith("*", Int(3), Float(1.5))
		},
		"float/float": func() {
			sinkValue, _ = Arith("/", Float(1), Float(3))
		},
		"int<<int": func() {
			sinkValue, _ = Arith("<<", Int(1), Int(62))
		},
		"int<float": func() {
			sinkValue, _ = Arith("<", Int(1), Float(1.5))
		},
		"int==float": func() {
			sinkValue, _ = Arith("==", Int(1), Float(1))
		},
		"Equal": func() { sinkValue = Bool(Equal(Int(5), Float(5))) },
	}
	for name, f := range cases {
		t.Run(name, func(t *testing.T) {
			assert.Zero(t, testing.AllocsPerRun(100, f))
		})
	}
}

func TestKindAndTypeName(t *testing.T) {
	list := NewListValue([]Value{Int(1)})
	m := NewMapValue(0)
	native := Builtin("len").Value()
	closure := testClosure("add", false)
	obj := NewObject(waitGroupType, nil)
	ch := Value{p: unsafe.Pointer(&ChanObj{hdr: hdr{kind: KindChan}})}
	cases := []struct {
		v    Value
		kind Kind
		name string
	}{
		{Nil, KindNil, "nil"},
		{True, KindBool, "bool"},
		{False, KindBool, "bool"},
		{Int(-3), KindInt, "int"},
		{Float(2.5), KindFloat, "float"},
		{String(""), KindString, "string"},
		{String("x"), KindString, "string"},
		{String("hello"), KindString, "string"},
		{list, KindList, "list"},
		{m, KindMap, "map"},
		{native, KindFunc, "func"},
		{closure, KindFunc, "func"},
		{ch, KindChan, "chan"},
		{NewError("boom"), KindError, "error"},
		{EOF, KindError, "error"},
		{obj, KindObject, "sync.WaitGroup"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.kind, c.v.Kind())
			assert.Equal(t, c.name, c.v.TypeName())
			assert.Equal(t, c.kind == KindNil, c.v.IsNil())
			assert.Equal(t, c.kind == KindFunc, c.v.IsCallable())
			assert.Equal(t, c.kind == KindInt || c.kind == KindFloat, c.v.IsNumber())
		})
	}
	// Accessors answer nil/false for the wrong kind.
	assert.Nil(t, Int(1).List())
	assert.Nil(t, list.Map())
	assert.Nil(t, m.List())
	assert.Nil(t, native.Closure())
	assert.Nil(t, closure.Native())
	assert.NotNil(t, native.Native())
	assert.NotNil(t, closure.Closure())
	assert.Nil(t, obj.Error())
	assert.Nil(t, Nil.Object())
	assert.Nil(t, Nil.Chan())
	_, ok := Int(1).ToStr()
	assert.False(t, ok)
	_, ok = Float(1).ToInt()
	assert.False(t, ok, "ToInt does not convert floats")
	f, ok := Int(-7).ToFloat()
	assert.True(t, ok)
	assert.Equal(t, -7.0, f)
	_, ok = String("1").ToFloat()
	assert.False(t, ok)
	_, ok = Int(1).ToBool()
	assert.False(t, ok)

	// The internal kinds have names too, and out-of-range kinds say so.
	assert.Equal(t, "cell", kindCell.String())
	assert.Equal(t, "module", kindModule.String())
	assert.Equal(t, "iterator", kindIter.String())
	assert.Equal(t, "invalid", Kind(200).String())
}

func TestScalarRoundTrip(t *testing.T) {
	for _, i := range []int64{0, 1, -1, math.MaxInt64, math.MinInt64} {
		assert.Equal(t, i, Int(i).AsInt())
	}
	for _, f := range []float64{0, math.Copysign(0, -1), 1.5, math.Inf(1), math.Inf(-1), math.SmallestNonzeroFloat64} {
		assert.Equal(t, math.Float64bits(f), math.Float64bits(Float(f).AsFloat()))
	}
	assert.True(t, math.IsNaN(Float(math.NaN()).AsFloat()))
	assert.True(t, Bool(true).AsBool())
	assert.False(t, Bool(false).AsBool())
	assert.Equal(t, "héllo", String("héllo").AsStr())
	// Short strings share preallocated objects; all are equal by content.
	assert.True(t, Same(String("a"), String("a")))
	assert.True(t, Same(String(""), String("")))
}

func TestEqual(t *testing.T) {
	l1 := NewListValue([]Value{Int(1)})
	l2 := NewListValue([]Value{Int(1)})
	m1, m2 := NewMapValue(0), NewMapValue(0)
	e1, e2 := NewError("x"), NewError("x")
	o1, o2 := NewObject(waitGroupType, nil), NewObject(waitGroupType, nil)
	c1, c2 := testClosure("f", false), testClosure("f", false)
	nat := Builtin("len").Value()
	negZero := math.Copysign(0, -1)
	const p53 = 1 << 53
	// Built at run time so the compiler cannot share them.
	hello1 := String(string([]byte("hello")))
	hello2 := String(string([]byte("hello")))
	require.False(t, Same(hello1, hello2))

	cases := []struct {
		name string
		a, b Value
		want bool
	}{
		{"int==int", Int(3), Int(3), true},
		{"int!=int", Int(3), Int(4), false},
		{"1==1.0", Int(1), Float(1.0), true},
		{"1.0==1", Float(1.0), Int(1), true},
		{"1!=1.5", Int(1), Float(1.5), false},
		{"2^53+1 != float(2^53)", Int(p53 + 1), Float(p53), false},
		{"float(2^53) != 2^53+1", Float(p53), Int(p53 + 1), false},
		{"2^53 == float(2^53)", Int(p53), Float(p53), true},
		{"MaxInt64 != 2^63", Int(math.MaxInt64), Float(math.Pow(2, 63)), false},
		{"MinInt64 == -2^63", Int(math.MinInt64), Float(-math.Pow(2, 63)), true},
		{"int != +Inf", Int(math.MaxInt64), Float(math.Inf(1)), false},
		{"NaN != NaN", Float(math.NaN()), Float(math.NaN()), false},
		{"NaN != 0", Float(math.NaN()), Int(0), false},
		{"0 != NaN", Int(0), Float(math.NaN()), false},
		{"0.0 == -0.0", Float(0), Float(negZero), true},
		{"0 == -0.0", Int(0), Float(negZero), true},
		{"strings by content", hello1, hello2, true},
		{"different strings", String("hello"), String("hellO"), false},
		{"empty strings", String(""), String(string([]byte{})), true},
		{"string vs int", String("1"), Int(1), false},
		{"int vs string", Int(1), String("1"), false},
		{"nil == nil", Nil, Nil, true},
		{"nil vs false", Nil, False, false},
		{"nil vs 0", Nil, Int(0), false},
		{"true == true", True, Bool(true), true},
		{"true vs 1", True, Int(1), false},
		{"false vs 0", False, Int(0), false},
		{"bool vs float", True, Float(1), false},
		{"same list", l1, l1, true},
		{"equal-looking lists", l1, l2, false},
		{"same map", m1, m1, true},
		{"two maps", m1, m2, false},
		{"same error", e1, e1, true},
		{"errors by identity", e1, e2, false},
		{"same object", o1, o1, true},
		{"objects by identity", o1, o2, false},
		{"same closure", c1, c1, true},
		{"closures by identity", c1, c2, false},
		{"same native", nat, Builtin("len").Value(), true},
		{"natives differ", nat, Builtin("cap").Value(), false},
		{"list vs nil", l1, Nil, false},
		{"nil vs list", Nil, l1, false},
		{"string vs list", String("x"), l1, false},
		{"error vs string", NewError("x"), String("x"), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, Equal(c.a, c.b), "%s == %s", Repr(c.a), Repr(c.b))
			assert.Equal(t, c.want, Equal(c.b, c.a), "symmetry: %s == %s", Repr(c.b), Repr(c.a))
			v, err := Arith("==", c.a, c.b)
			require.NoError(t, err)
			assert.Equal(t, c.want, v.AsBool())
			v, err = Arith("!=", c.a, c.b)
			require.NoError(t, err)
			assert.Equal(t, !c.want, v.AsBool())
		})
	}
}

func TestLess(t *testing.T) {
	const p53 = 1 << 53
	cases := []struct {
		a, b Value
		want bool
	}{
		{Int(1), Int(2), true},
		{Int(2), Int(1), false},
		{Int(1), Float(1.5), true},
		{Float(1.5), Int(1), false},
		{Float(-0.5), Int(0), true},
		{Int(p53), Float(p53), false},
		{Int(p53 + 1), Float(p53), false},
		{Float(p53), Int(p53 + 1), true},
		{Int(math.MaxInt64), Float(math.Pow(2, 63)), true},
		{Int(math.MinInt64), Float(math.Inf(-1)), false},
		{Float(math.Inf(-1)), Int(math.MinInt64), true},
		{Float(math.NaN()), Int(1), false},
		{Int(1), Float(math.NaN()), false},
		{Float(math.NaN()), Float(math.NaN()), false},
		{String("a"), String("b"), true},
		{String("b"), String("a"), false},
		{String("a"), String("ab"), true},
		{String("Z"), String("a"), true},
		{String("é"), String("z"), false}, // byte-wise: 0xC3 > 'z'
		{String(""), String("a"), true},
	}
	for _, c := range cases {
		got, err := Less(c.a, c.b)
		require.NoError(t, err)
		assert.Equal(t, c.want, got, "%s < %s", Repr(c.a), Repr(c.b))
	}
}

func TestCompareErrors(t *testing.T) {
	list := NewListValue(nil)
	cases := []struct {
		op   string
		a, b Value
		msg  string
	}{
		{"<", list, Int(1), "runtime error: invalid operation: list < int"},
		{"<=", String("a"), Int(1), "runtime error: invalid operation: string <= int"},
		{">", Int(1), String("a"), "runtime error: invalid operation: int > string"},
		{">=", Nil, Nil, "runtime error: invalid operation: nil >= nil"},
		{"<", True, False, "runtime error: invalid operation: bool < bool"},
		{"<", NewMapValue(0), NewMapValue(0), "runtime error: invalid operation: map < map"},
		{"<", NewObject(waitGroupType, nil), Int(1), "runtime error: invalid operation: sync.WaitGroup < int"},
		{">", NewError("e"), NewError("e"), "runtime error: invalid operation: error > error"},
	}
	for _, c := range cases {
		_, err := Arith(c.op, c.a, c.b)
		assert.Equal(t, c.msg, panicMsg(t, err))
	}
	_, err := Less(list, Int(1))
	assert.Equal(t, "runtime error: invalid operation: list < int", panicMsg(t, err))
}
