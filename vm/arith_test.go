package vm

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// intOperands are the edge cases of int arithmetic.
var intOperands = []int64{
	0, 1, -1, 2, -2, 3, -3, 7, -7, 63, 64, 65, 100, -100,
	1 << 31, -1 << 31, 1<<32 + 5, math.MaxInt64, math.MinInt64, math.MaxInt64 - 1, math.MinInt64 + 1,
}

// goIntOp computes op on ints the way Go does; ok is false where Go would
// panic (division by zero, negative shift).
func goIntOp(op string, x, y int64) (v Value, errMsg string) {
	switch op {
	case "+":
		return Int(x + y), ""
	case "-":
		return Int(x - y), ""
	case "*":
		return Int(x * y), ""
	case "/":
		if y == 0 {
			return Nil, "runtime error: integer divide by zero"
		}
		return Int(x / y), ""
	case "%":
		if y == 0 {
			return Nil, "runtime error: integer divide by zero"
		}
		return Int(x % y), ""
	case "&":
		return Int(x & y), ""
	case "|":
		return Int(x | y), ""
	case "^":
		return Int(x ^ y), ""
	case "&^":
		return Int(x &^ y), ""
	case "<<":
		if y < 0 {
			return Nil, "runtime error: negative shift amount"
		}
		return Int(x << uint64(y)), ""
	case ">>":
		if y < 0 {
			return Nil, "runtime error: negative shift amount"
		}
		return Int(x >> uint64(y)), ""
	case "==":
		return Bool(x == y), ""
	case "!=":
		return Bool(x != y), ""
	case "<":
		return Bool(x < y), ""
	case "<=":
		return Bool(x <= y), ""
	case ">":
		return Bool(x > y), ""
	case ">=":
		return Bool(x >= y), ""
	}
	panic(op)
}

var allOps = []string{"+", "-", "*", "/", "%", "&", "|", "^", "&^", "<<", ">>", "==", "!=", "<", "<=", ">", ">="}

func TestArithIntMatchesGo(t *testing.T) {
	for _, op := range allOps {
		for _, x := range intOperands {
			for _, y := range intOperands {
				want, wantErr := goIntOp(op, x, y)
				got, err := Arith(op, Int(x), Int(y))
				if wantErr != "" {
					require.Equal(t, wantErr, panicMsg(t, err), "%d %s %d", x, op, y)
					continue
				}
				require.NoError(t, err, "%d %s %d", x, op, y)
				require.True(t, Same(want, got), "%d %s %d: want %s, got %s", x, op, y, Repr(want), Repr(got))
			}
		}
	}
}

func TestArithIntEdgeCases(t *testing.T) {
	cases := []struct {
		x    int64
		op   string
		y    int64
		want int64
	}{
		{math.MaxInt64, "+", 1, math.MinInt64},
		{math.MinInt64, "-", 1, math.MaxInt64},
		{math.MaxInt64, "*", 2, -2},
		{math.MinInt64, "/", -1, math.MinInt64},
		{math.MinInt64, "%", -1, 0},
		{-7, "/", 2, -3},
		{7, "/", -2, -3},
		{-7, "%", 2, -1},
		{7, "%", -2, 1},
		{-7, "%", -2, -1},
		{1, "<<", 63, math.MinInt64},
		{1, "<<", 64, 0},
		{-1, "<<", 64, 0},
		{1, "<<", 1000, 0},
		{math.MinInt64, ">>", 63, -1},
		{math.MinInt64, ">>", 64, -1},
		{-5, ">>", 1 << 40, -1},
		{5, ">>", 64, 0},
		{math.MaxInt64, ">>", 100, 0},
		{-8, ">>", 1, -4},
		{6, "&^", 3, 4},
		{5, "^", 3, 6},
	}
	for _, c := range cases {
		got, err := Arith(c.op, Int(c.x), Int(c.y))
		require.NoError(t, err)
		assert.True(t, got.IsInt(), "%d %s %d is an int", c.x, c.op, c.y)
		assert.Equal(t, c.want, got.AsInt(), "%d %s %d", c.x, c.op, c.y)
	}
}

func TestArithMixed(t *testing.T) {
	cases := []struct {
		a     Value
		op    string
		b     Value
		want  Value
		float bool
	}{
		{Int(1), "+", Float(0.5), Float(1.5), true},
		{Float(0.5), "+", Int(1), Float(1.5), true},
		{Int(3), "-", Float(0.5), Float(2.5), true},
		{Int(3), "*", Float(0.5), Float(1.5), true},
		{Int(1), "/", Float(4), Float(0.25), true},
		{Float(7), "/", Int(2), Float(3.5), true},
		{Int(7), "/", Int(2), Int(3), false},
		{Float(1), "/", Float(0), Float(math.Inf(1)), true},
		{Float(-1), "/", Int(0), Float(math.Inf(-1)), true},
		{Int(1), "/", Float(0), Float(math.Inf(1)), true},
		{Float(2), "*", Float(3), Float(6), true},
		{Float(0.1), "+", Float(0.2), Float(0.30000000000000004), true},
		{Int(1 << 53), "+", Float(1), Float(1<<53 + 1.0), true},
		{Int(1), "<", Float(1.5), True, false},
		{Float(2), ">=", Int(2), True, false},
		{Float(2.5), "<=", Int(2), False, false},
		{Int(2), "==", Float(2), True, false},
		{Int(2), "!=", Float(2), False, false},
		{String("ab"), "+", String("cd"), String("abcd"), false},
		{String(""), "+", String("x"), String("x"), false},
		{String("a"), "<", String("b"), True, false},
		{String("b"), ">=", String("b"), True, false},
		{String("a"), "==", String("a"), True, false},
		{NewListValue(nil), "==", Int(1), False, false},
		{Nil, "!=", Int(0), True, false},
	}
	for _, c := range cases {
		got, err := Arith(c.op, c.a, c.b)
		require.NoError(t, err, "%s %s %s", Repr(c.a), c.op, Repr(c.b))
		assert.Equal(t, c.want.Kind(), got.Kind(), "%s %s %s", Repr(c.a), c.op, Repr(c.b))
		assert.True(t, Equal(c.want, got), "%s %s %s: want %s, got %s", Repr(c.a), c.op, Repr(c.b), Repr(c.want), Repr(got))
	}
	nan, err := Arith("/", Float(0), Int(0))
	require.NoError(t, err)
	assert.True(t, math.IsNaN(nan.AsFloat()), "0.0 / 0 is NaN")
	nan, err = Arith("-", Float(math.Inf(1)), Float(math.Inf(1)))
	require.NoError(t, err)
	assert.True(t, math.IsNaN(nan.AsFloat()))
	for _, op := range []string{"<", "<=", ">", ">=", "=="} {
		v, err := Arith(op, nan, Int(0))
		require.NoError(t, err)
		assert.False(t, v.AsBool(), "NaN %s 0", op)
		v, err = Arith(op, Int(0), nan)
		require.NoError(t, err)
		assert.False(t, v.AsBool(), "0 %s NaN", op)
	}
}

func TestArithListConcat(t *testing.T) {
	a := NewListValue([]Value{Int(1), String("a")})
	b := NewListValue([]Value{Float(2)})
	got, err := Arith("+", a, b)
	require.NoError(t, err)
	assert.Equal(t, "[1 a 2]", got.String())
	assert.False(t, Same(got, a), "a new list")
	assert.Equal(t, 2, a.List().Len(), "operands untouched")
	assert.Equal(t, 1, b.List().Len())
	empty, err := Arith("+", NewListValue(nil), NewListValue(nil))
	require.NoError(t, err)
	assert.Equal(t, 0, empty.List().Len())
}

func TestArithErrors(t *testing.T) {
	list := NewListValue(nil)
	cases := []struct {
		a   Value
		op  string
		b   Value
		msg string
	}{
		{String("a"), "+", Int(1), "runtime error: invalid operation: string + int"},
		{Int(1), "+", String("a"), "runtime error: invalid operation: int + string"},
		{Float(1.5), "%", Int(2), "runtime error: invalid operation: float % int"},
		{Int(5), "%", Float(2), "runtime error: invalid operation: int % float"},
		{Float(1), "%", Float(1), "runtime error: invalid operation: float % float"},
		{Float(1), "&", Int(1), "runtime error: invalid operation: float & int"},
		{Int(1), "|", Float(1), "runtime error: invalid operation: int | float"},
		{Float(1), "^", Float(1), "runtime error: invalid operation: float ^ float"},
		{Int(1), "&^", True, "runtime error: invalid operation: int &^ bool"},
		{Float(1), "<<", Int(1), "runtime error: invalid operation: float << int"},
		{Int(1), ">>", Float(1), "runtime error: invalid operation: int >> float"},
		{String("a"), "-", String("b"), "runtime error: invalid operation: string - string"},
		{String("a"), "*", Int(3), "runtime error: invalid operation: string * int"},
		{list, "+", Int(1), "runtime error: invalid operation: list + int"},
		{list, "-", list, "runtime error: invalid operation: list - list"},
		{list, "+", String("x"), "runtime error: invalid operation: list + string"},
		{NewMapValue(0), "+", NewMapValue(0), "runtime error: invalid operation: map + map"},
		{Nil, "+", Nil, "runtime error: invalid operation: nil + nil"},
		{True, "+", False, "runtime error: invalid operation: bool + bool"},
		{NewError("e"), "+", String("x"), "runtime error: invalid operation: error + string"},
		{list, "<", Int(1), "runtime error: invalid operation: list < int"},
		{String("a"), ">", Float(1), "runtime error: invalid operation: string > float"},
		{Int(1), "/", Int(0), "runtime error: integer divide by zero"},
		{Int(1), "%", Int(0), "runtime error: integer divide by zero"},
		{Int(1), "<<", Int(-1), "runtime error: negative shift amount"},
		{Int(1), ">>", Int(math.MinInt64), "runtime error: negative shift amount"},
	}
	for _, c := range cases {
		_, err := Arith(c.op, c.a, c.b)
		assert.Equal(t, c.msg, panicMsg(t, err), "%s %s %s", Repr(c.a), c.op, Repr(c.b))
	}
	_, err := Arith("**", Int(1), Int(2))
	assert.Contains(t, panicMsg(t, err), "unknown operator")
}

// TestArithKOperatorTable checks the interpreter's inline int paths
// share arith's semantics for every sub-operation number (OpArithK uses
// them directly).
func TestArithKOperatorTable(t *testing.T) {
	require.Len(t, akNames, akGe+1)
	for i, name := range akNames {
		for _, x := range []int64{-9, 0, 5, math.MinInt64} {
			for _, y := range []int64{-1, 3, 64} {
				a, errA := arith(i, Int(x), Int(y))
				b, errB := Arith(name, Int(x), Int(y))
				require.Equal(t, errA == nil, errB == nil)
				if errA == nil {
					require.True(t, Same(a, b), "%d %s %d", x, name, y)
				}
			}
		}
	}
}
