package stdlib

import (
	"cmp"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/vm"
)

// TestCmpMatchesGo compares cmp.Compare and cmp.Less with Go's on floats
// including NaNs, infinities and signed zeros, and on strings.
func TestCmpMatchesGo(t *testing.T) {
	e := newEnv(t)
	nan := math.NaN()
	fs := []float64{nan, math.Inf(-1), -1.5, math.Copysign(0, -1), 0, 2, math.Inf(1)}
	for _, x := range fs {
		for _, y := range fs {
			require.Equal(t, int64(cmp.Compare(x, y)), e.call1("cmp.Compare", val(x), val(y)).AsInt(), "Compare(%v, %v)", x, y)
			require.Equal(t, cmp.Less(x, y), e.call1("cmp.Less", val(x), val(y)).AsBool(), "Less(%v, %v)", x, y)
		}
	}
	ss := []string{"", "a", "ab", "b"}
	for _, x := range ss {
		for _, y := range ss {
			require.Equal(t, int64(cmp.Compare(x, y)), e.call1("cmp.Compare", val(x), val(y)).AsInt())
		}
	}
	// Ints and floats compare by value; a NaN is below an int too.
	require.Equal(t, int64(-1), e.call1("cmp.Compare", val(1), val(1.5)).AsInt())
	require.Equal(t, int64(-1), e.call1("cmp.Compare", val(nan), val(-5)).AsInt())
	require.Equal(t, int64(1), e.call1("cmp.Compare", val(-5), val(nan)).AsInt())

	_, err := e.try("cmp.Compare", val([]any{1}), val(2))
	require.ErrorContains(t, err, "cmp.Compare: invalid operation")
	_, err = e.try("cmp.Compare", val(nan), val("a"))
	require.ErrorContains(t, err, "cmp.Compare: invalid operation")
}

func TestCmpOr(t *testing.T) {
	e := newEnv(t)
	require.Equal(t, "x", e.call1("cmp.Or", val(""), val("x"), val("y")).AsStr())
	require.Equal(t, int64(3), e.call1("cmp.Or", val(0), val(3)).AsInt())
	require.Equal(t, 2.5, e.call1("cmp.Or", val(math.Copysign(0, -1)), val(2.5)).AsFloat())
	require.True(t, e.call1("cmp.Or", val(false), val(true)).AsBool())
	require.Equal(t, vm.Nil, e.call1("cmp.Or", val(0), val(nil)))
	require.Equal(t, vm.Nil, e.call1("cmp.Or"))
}
