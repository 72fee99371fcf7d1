package lang

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// everything uses every node type of ast.go.
const everything = `import "fmt"
import u "./u.goro"
func f(a, rest...) {
	var x, y = 1, 2.5
	m := {"k": [1, 'c', nil, true, false]}
	m.k[0] += -x
	x++
	ch := chan()
	ch <- <-ch
	if v, ok := m["k"]; ok { println(v) } else if x > 0 {} else {}
	for i := 0; i < 3; i++ { continue }
	for k, v := range m { _ = k[1:v] }
	switch x { case 1: fallthrough; default: }
	select { case v := <-ch: return v; default: }
	go func() {}()
	defer fmt.Println((x))
L:
	for { break L }
	{ M: }
	return f(rest...)
}
`

func TestInspectVisitsEverything(t *testing.T) {
	f, err := Parse("t.goro", []byte(everything))
	require.NoError(t, err)
	seen := map[string]int{}
	depth := 0
	Inspect(f, func(n Node) bool {
		if n == nil {
			depth--
			return true
		}
		depth++
		seen[fmt.Sprintf("%T", n)]++
		return true
	})
	assert.Equal(t, 0, depth, "every visit is closed by f(nil)")
	for _, typ := range []string{
		"*lang.File", "*lang.ImportSpec", "*lang.Ident", "*lang.BasicLit", "*lang.ListLit",
		"*lang.MapLit", "*lang.KeyValue", "*lang.FuncLit", "*lang.Func", "*lang.UnaryExpr",
		"*lang.BinaryExpr", "*lang.CallExpr", "*lang.SelectorExpr", "*lang.IndexExpr",
		"*lang.SliceExpr", "*lang.ParenExpr", "*lang.FuncDecl", "*lang.VarDecl",
		"*lang.AssignStmt", "*lang.IncDecStmt", "*lang.SendStmt", "*lang.ExprStmt",
		"*lang.BlockStmt", "*lang.IfStmt", "*lang.ForStmt", "*lang.RangeStmt",
		"*lang.SwitchStmt", "*lang.CaseClause", "*lang.SelectStmt", "*lang.CommClause",
		"*lang.BranchStmt", "*lang.ReturnStmt", "*lang.GoStmt", "*lang.DeferStmt",
		"*lang.LabeledStmt", "*lang.EmptyStmt",
	} {
		assert.NotZero(t, seen[typ], "%s not visited", typ)
	}
	// Names in every role: f, a, rest, x, y, labels L and M, the import u.
	var names []string
	Inspect(f, func(n Node) bool {
		if id, ok := n.(*Ident); ok {
			names = append(names, id.Name)
		}
		return true
	})
	for _, want := range []string{"u", "f", "a", "rest", "x", "y", "L", "M"} {
		assert.Contains(t, names, want)
	}

	// ImportStmt (REPL) is visited too.
	r, err := ParseREPL("repl", []byte(`import "os"`))
	require.NoError(t, err)
	var kinds []string
	Inspect(r, func(n Node) bool {
		if n != nil {
			kinds = append(kinds, fmt.Sprintf("%T", n))
		}
		return true
	})
	assert.Equal(t, []string{"*lang.File", "*lang.ImportStmt", "*lang.ImportSpec"}, kinds)
}

func TestInspectPrunes(t *testing.T) {
	f, err := Parse("t.goro", []byte("x := func() { y := 1 }"))
	require.NoError(t, err)
	var idents []string
	Inspect(f, func(n Node) bool {
		if id, ok := n.(*Ident); ok {
			idents = append(idents, id.Name)
		}
		_, isFunc := n.(*FuncLit)
		return !isFunc
	})
	assert.Equal(t, []string{"x"}, idents)
}

func TestDumpEverything(t *testing.T) {
	f, err := Parse("t.goro", []byte(everything))
	require.NoError(t, err)
	want := `(file (import _ "fmt") (import u "./u.goro") (func f [a rest...] (block ` +
		`(var [x y] [(int 1) (float 2.5)]) ` +
		`(assign := [(ident m)] [(map (kv (string "k") (list (int 1) (char 99) (nil) (true) (false))))]) ` +
		`(assign += [(index (sel (ident m) k) (int 0))] [(unary - (ident x))]) ` +
		`(incdec ++ (ident x)) ` +
		`(assign := [(ident ch)] [(call (ident chan))]) ` +
		`(send (ident ch) (unary <- (ident ch))) ` +
		`(if (assign := [(ident v) (ident ok)] [(index (ident m) (string "k"))]) (ident ok) (block (expr (call (ident println) (ident v)))) (if _ (binary > (ident x) (int 0)) (block) (block))) ` +
		`(for (assign := [(ident i)] [(int 0)]) (binary < (ident i) (int 3)) (incdec ++ (ident i)) (block (continue))) ` +
		`(range (ident k) (ident v) := (ident m) (block (assign = [(ident _)] [(slice (ident k) (int 1) (ident v))]))) ` +
		`(switch _ (ident x) (case [(int 1)] (fallthrough)) (default)) ` +
		`(select (comm (assign := [(ident v)] [(unary <- (ident ch))]) (return (ident v))) (default)) ` +
		`(go (call (func [] (block)))) ` +
		`(defer (call (sel (ident fmt) Println) (paren (ident x)))) ` +
		`(label L (for _ _ _ (block (break L)))) ` +
		`(block (label M (empty))) ` +
		`(return (call (ident f) (ident rest) ...)))))`
	assert.Equal(t, want, Dump(f))
}

func TestExprString(t *testing.T) {
	tests := []struct{ src, want string }{
		{"a + b*c", "a + b * c"},
		{"-x", "-x"},
		{"<-ch", "<-ch"},
		{"f(a, xs...)", "f(a, xs...)"},
		{"x.y[1:2][:]", "x.y[1:2][:]"},
		{"[1, 2,]", "[1, 2]"},
		{`{"a": 1}`, `{"a": 1}`},
		{"(a)", "(a)"},
		{"func(a, b...) { return }", "func(a, b...) {…}"},
		{"'a'", "'a'"},
		{"`raw`", "`raw`"},
	}
	for _, tt := range tests {
		f, err := Parse("t.goro", []byte("_ = "+tt.src))
		require.NoError(t, err, tt.src)
		assert.Equal(t, tt.want, ExprString(f.Stmts[0].(*AssignStmt).Rhs[0]))
	}
}
