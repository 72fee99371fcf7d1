package lang

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDepthLimit(t *testing.T) {
	const max = 1000 // checkDepth's limit here (MaxDepth in Parse)
	terms := func(n int, term, op string) string {
		return strings.TrimSuffix(strings.Repeat(term+op, n), op)
	}
	for _, tt := range []struct {
		name, src, pos string
	}{
		{"flat sum at the limit", "x := " + terms(max-10, "1", "+") + "\n", ""},
		{"deep block at the limit", strings.Repeat("{", 200) + "x := " + terms(max-300, "1", "+") + "\n" + strings.Repeat("}", 200) + "\n", ""},
		{"flat sum over the limit", "x := " + terms(max+1, "1", "+") + "\n", "1:6"},
		{"or chain", "x := " + terms(max+1, "a", "||") + "\n", "1:6"},
		{"not chain", "x := " + strings.Repeat("!", max+1) + "a\n", "1:6"},
		{"call chain", "f" + strings.Repeat("()", max+1) + "\n", "1:1"},
		{"selector chain", "x" + strings.Repeat(".a", max+1) + "\n", "1:1"},
		{"in a call argument", "f(1, " + terms(max+1, "a", "*") + ")\n", "1:1"},
		{"inside a function literal", "f := func() {\n\tx := " + terms(max+1, "1", "-") + "\n}\n", "2:7"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse("t.goro", []byte(tt.src))
			require.NoError(t, err)
			e := checkDepth("t.goro", []byte(tt.src), f, max)
			if tt.pos == "" {
				assert.Nil(t, e)
				return
			}
			require.NotNil(t, e)
			assert.Equal(t, fmt.Sprintf("expression too long or too deeply nested (more than %d levels)", max), e.Msg)
			// At the start of the outermost expression.
			assert.Equal(t, tt.pos, e.Pos.String())
			assert.Equal(t, SourceLine([]byte(tt.src), int(e.Pos.Line)), e.Line)
		})
	}
}

// TestDepthLimitParse: Parse applies MaxDepth.
func TestDepthLimitParse(t *testing.T) {
	if testing.Short() {
		t.Skip("a MaxDepth-long expression; -short")
	}
	_, err := Parse("t.goro", []byte("x := "+strings.Repeat("!", MaxDepth+1)+"a\n"))
	require.Error(t, err)
	assert.Equal(t, fmt.Sprintf("t.goro:1:6: expression too long or too deeply nested (more than %d levels)", MaxDepth), err.Error())
}

func TestSourceSizeLimit(t *testing.T) {
	src := make([]byte, MaxSourceSize+1)
	for i := range src {
		src[i] = '\n'
	}
	_, err := Parse("big.goro", src)
	require.Error(t, err)
	assert.Equal(t, fmt.Sprintf("big.goro:1:1: source file too large (%d bytes; the limit is %d)", MaxSourceSize+1, MaxSourceSize), err.Error())
}

// TestChainStartIsCached: the start of a long chain is known in O(1) (it
// was found by walking the chain, making compiling f()()()... quadratic).
func TestChainStartIsCached(t *testing.T) {
	f, err := Parse("t.goro", []byte("  f"+strings.Repeat("()", 1000)+".x[1][2:3] + y\n"))
	require.NoError(t, err)
	x := f.Stmts[0].(*ExprStmt).X
	for x != nil {
		assert.Equal(t, "1:3", x.Start().String())
		switch n := x.(type) {
		case *BinaryExpr:
			assert.True(t, n.start.IsValid())
			x = n.X
		case *SliceExpr:
			assert.True(t, n.start.IsValid())
			x = n.X
		case *IndexExpr:
			assert.True(t, n.start.IsValid())
			x = n.X
		case *SelectorExpr:
			assert.True(t, n.start.IsValid())
			x = n.X
		case *CallExpr:
			assert.True(t, n.start.IsValid())
			x = n.Fun
		default:
			x = nil
		}
	}
}
