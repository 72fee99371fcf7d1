package lang

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dumpStmts parses src as a file and dumps its statements (the file's
// parentheses removed).
func dumpStmts(t *testing.T, src string) string {
	t.Helper()
	f, err := Parse("t.goro", []byte(src))
	require.NoError(t, err, "source %q", src)
	d := Dump(f)
	if d == "(file)" {
		return ""
	}
	return strings.TrimSuffix(strings.TrimPrefix(d, "(file "), ")")
}

// TestGrammar checks the shape of every statement and expression form
// (SPEC §3-§7) through Dump.
func TestGrammar(t *testing.T) {
	tests := []struct{ src, want string }{
		{"a + 2*b", "(expr (binary + (ident a) (binary * (int 2) (ident b))))"},
		{"a - b - c", "(expr (binary - (binary - (ident a) (ident b)) (ident c)))"},
		{"a * b / c % d", "(expr (binary % (binary / (binary * (ident a) (ident b)) (ident c)) (ident d)))"},
		{"a + b*c - d", "(expr (binary - (binary + (ident a) (binary * (ident b) (ident c))) (ident d)))"},
		{"a || b && c", "(expr (binary || (ident a) (binary && (ident b) (ident c))))"},
		{"a && b || c && d", "(expr (binary || (binary && (ident a) (ident b)) (binary && (ident c) (ident d))))"},
		{"a == b || c != d && e < f", "(expr (binary || (binary == (ident a) (ident b)) (binary && (binary != (ident c) (ident d)) (binary < (ident e) (ident f)))))"},
		{"a < b == c > d", "(expr (binary > (binary == (binary < (ident a) (ident b)) (ident c)) (ident d)))"},
		{"a << 2 + b >> 1", "(expr (binary + (binary << (ident a) (int 2)) (binary >> (ident b) (int 1))))"},
		{"a &^ b | c ^ d & e", "(expr (binary ^ (binary | (binary &^ (ident a) (ident b)) (ident c)) (binary & (ident d) (ident e))))"},
		{"-a * b", "(expr (binary * (unary - (ident a)) (ident b)))"},
		{"!a && !b", "(expr (binary && (unary ! (ident a)) (unary ! (ident b))))"},
		{"^a + -b", "(expr (binary + (unary ^ (ident a)) (unary - (ident b))))"},
		{"<-ch + 1", "(expr (binary + (unary <- (ident ch)) (int 1)))"},
		{"- - a", "(expr (unary - (unary - (ident a))))"},
		{"-x.y[1](2)", "(expr (unary - (call (index (sel (ident x) y) (int 1)) (int 2))))"},
		{"(a + b) * c", "(expr (binary * (paren (binary + (ident a) (ident b))) (ident c)))"},
		{"a + (b * c)", "(expr (binary + (ident a) (paren (binary * (ident b) (ident c)))))"},
		{"f(a)(b)[c].d", "(expr (sel (index (call (call (ident f) (ident a)) (ident b)) (ident c)) d))"},
		{"x[1:2]", "(expr (slice (ident x) (int 1) (int 2)))"},
		{"x[:2]", "(expr (slice (ident x) _ (int 2)))"},
		{"x[1:]", "(expr (slice (ident x) (int 1) _))"},
		{"x[:]", "(expr (slice (ident x) _ _))"},
		{"x[i+1]", "(expr (index (ident x) (binary + (ident i) (int 1))))"},
		{"f()", "(expr (call (ident f)))"},
		{"f(a, b,)", "(expr (call (ident f) (ident a) (ident b)))"},
		{"f(xs...)", "(expr (call (ident f) (ident xs) ...))"},
		{"f(a, xs...,)", "(expr (call (ident f) (ident a) (ident xs) ...))"},
		{"[]", "(expr (list))"},
		{"[1, \"a\", nil, true, false]", "(expr (list (int 1) (string \"a\") (nil) (true) (false)))"},
		{"[1, 2,]", "(expr (list (int 1) (int 2)))"},
		{"{}", "(block)"},
		{"x := {\"a\": 1, 2: \"b\",}", "(assign := [(ident x)] [(map (kv (string \"a\") (int 1)) (kv (int 2) (string \"b\")))])"},
		{"func() {}", "(expr (func [] (block)))"},
		{"func(a, b) { return a + b }", "(expr (func [a b] (block (return (binary + (ident a) (ident b))))))"},
		{"func(first, rest...) { return rest }", "(expr (func [first rest...] (block (return (ident rest)))))"},
		{"func(a,) {}", "(expr (func [a] (block)))"},
		{"'a' == s[i]", "(expr (binary == (char 97) (index (ident s) (ident i))))"},
		{"1.5e3 + .5", "(expr (binary + (float 1500) (float 0.5)))"},
		{"\"a\" + `b`", "(expr (binary + (string \"a\") (string \"b\")))"},
		{"x.y.z", "(expr (sel (sel (ident x) y) z))"},
		{"a.b(c).d", "(expr (sel (call (sel (ident a) b) (ident c)) d))"},
		{"x := 1", "(assign := [(ident x)] [(int 1)])"},
		{"a, b := 1, 2", "(assign := [(ident a) (ident b)] [(int 1) (int 2)])"},
		{"a, b = b, a", "(assign = [(ident a) (ident b)] [(ident b) (ident a)])"},
		{"x += 1", "(assign += [(ident x)] [(int 1)])"},
		{"x -= 1", "(assign -= [(ident x)] [(int 1)])"},
		{"x *= 2", "(assign *= [(ident x)] [(int 2)])"},
		{"x /= 2", "(assign /= [(ident x)] [(int 2)])"},
		{"x %= 2", "(assign %= [(ident x)] [(int 2)])"},
		{"x &= 1", "(assign &= [(ident x)] [(int 1)])"},
		{"x |= 1", "(assign |= [(ident x)] [(int 1)])"},
		{"x ^= 1", "(assign ^= [(ident x)] [(int 1)])"},
		{"x <<= 1", "(assign <<= [(ident x)] [(int 1)])"},
		{"x >>= 1", "(assign >>= [(ident x)] [(int 1)])"},
		{"x &^= 1", "(assign &^= [(ident x)] [(int 1)])"},
		{"x++", "(incdec ++ (ident x))"},
		{"x--", "(incdec -- (ident x))"},
		{"ch <- v", "(send (ident ch) (ident v))"},
		{"ch <- <-in", "(send (ident ch) (unary <- (ident in)))"},
		{"<-ch", "(expr (unary <- (ident ch)))"},
		{"v, ok := <-ch", "(assign := [(ident v) (ident ok)] [(unary <- (ident ch))])"},
		{"v, ok := m[k]", "(assign := [(ident v) (ident ok)] [(index (ident m) (ident k))])"},
		{"m[\"k\"] = 1", "(assign = [(index (ident m) (string \"k\"))] [(int 1)])"},
		{"xs[i] = 2", "(assign = [(index (ident xs) (ident i))] [(int 2)])"},
		{"m.name = 3", "(assign = [(sel (ident m) name)] [(int 3)])"},
		{"_ = f()", "(assign = [(ident _)] [(call (ident f))])"},
		{"var x", "(var [x] [])"},
		{"var x = 1", "(var [x] [(int 1)])"},
		{"var a, b = 1, 2", "(var [a b] [(int 1) (int 2)])"},
		{"var a, b = f()", "(var [a b] [(call (ident f))])"},
		{"var (\n\ta = 1\n\tb, c\n\td = \"x\"\n)", "(var [a] [(int 1)]) (var [b c] []) (var [d] [(string \"x\")])"},
		{"var ()", "(empty)"},
		{"{ x := 1; { y := 2 } }", "(block (assign := [(ident x)] [(int 1)]) (block (assign := [(ident y)] [(int 2)])))"},
		{"if x { a() }", "(if _ (ident x) (block (expr (call (ident a)))) _)"},
		{"if x := f(); x > 0 { a() }", "(if (assign := [(ident x)] [(call (ident f))]) (binary > (ident x) (int 0)) (block (expr (call (ident a)))) _)"},
		{"if x { a() } else { b() }", "(if _ (ident x) (block (expr (call (ident a)))) (block (expr (call (ident b)))))"},
		{"if x { a() } else if y { b() } else { c() }", "(if _ (ident x) (block (expr (call (ident a)))) (if _ (ident y) (block (expr (call (ident b)))) (block (expr (call (ident c))))))"},
		{"if ; x {}", "(if _ (ident x) (block) _)"},
		{"if v, ok := m[k]; ok {}", "(if (assign := [(ident v) (ident ok)] [(index (ident m) (ident k))]) (ident ok) (block) _)"},
		{"for {}", "(for _ _ _ (block))"},
		{"for x < 10 { x++ }", "(for _ (binary < (ident x) (int 10)) _ (block (incdec ++ (ident x))))"},
		{"for i := 0; i < 10; i++ {}", "(for (assign := [(ident i)] [(int 0)]) (binary < (ident i) (int 10)) (incdec ++ (ident i)) (block))"},
		{"for ; ; {}", "(for _ _ _ (block))"},
		{"for i := 0; ; i++ {}", "(for (assign := [(ident i)] [(int 0)]) _ (incdec ++ (ident i)) (block))"},
		{"for ; i < 10; {}", "(for _ (binary < (ident i) (int 10)) _ (block))"},
		{"for i := 0; i < 10; {}", "(for (assign := [(ident i)] [(int 0)]) (binary < (ident i) (int 10)) _ (block))"},
		{"for ;; i++ {}", "(for _ _ (incdec ++ (ident i)) (block))"},
		{"for i := range 10 {}", "(range (ident i) _ := (int 10) (block))"},
		{"for k, v := range m {}", "(range (ident k) (ident v) := (ident m) (block))"},
		{"for k, v = range m {}", "(range (ident k) (ident v) = (ident m) (block))"},
		{"for _, v := range xs {}", "(range (ident _) (ident v) := (ident xs) (block))"},
		{"for range ch {}", "(range _ _ _ (ident ch) (block))"},
		{"for x := range f({1: 2}) {}", "(range (ident x) _ := (call (ident f) (map (kv (int 1) (int 2)))) (block))"},
		{"for i := 0; i < n; i, j = i+1, j-1 {}", "(for (assign := [(ident i)] [(int 0)]) (binary < (ident i) (ident n)) (assign = [(ident i) (ident j)] [(binary + (ident i) (int 1)) (binary - (ident j) (int 1))]) (block))"},
		{"switch x { case 1, 2: a(); case 3: b(); default: c() }", "(switch _ (ident x) (case [(int 1) (int 2)] (expr (call (ident a)))) (case [(int 3)] (expr (call (ident b)))) (default (expr (call (ident c)))))"},
		{"switch { case x > 0: a(); fallthrough; default: }", "(switch _ _ (case [(binary > (ident x) (int 0))] (expr (call (ident a))) (fallthrough)) (default))"},
		{"switch x := f(); x { case 1: }", "(switch (assign := [(ident x)] [(call (ident f))]) (ident x) (case [(int 1)]))"},
		{"switch x := f(); { case x > 1: }", "(switch (assign := [(ident x)] [(call (ident f))]) _ (case [(binary > (ident x) (int 1))]))"},
		{"switch f() {}", "(switch _ (call (ident f)))"},
		{"switch {}", "(switch _ _)"},
		{"switch { default: a(); case 1: b() }", "(switch _ _ (default (expr (call (ident a)))) (case [(int 1)] (expr (call (ident b)))))"},
		{"select {}", "(select)"},
		{"select { case v := <-c: a(); case v, ok := <-c: b(); case v = <-c: case <-c: case c <- v: default: d() }", "(select (comm (assign := [(ident v)] [(unary <- (ident c))]) (expr (call (ident a)))) (comm (assign := [(ident v) (ident ok)] [(unary <- (ident c))]) (expr (call (ident b)))) (comm (assign = [(ident v)] [(unary <- (ident c))])) (comm (expr (unary <- (ident c)))) (comm (send (ident c) (ident v))) (default (expr (call (ident d)))))"},
		{"outer: for { break outer }", "(label outer (for _ _ _ (block (break outer))))"},
		{"for { continue }", "(for _ _ _ (block (continue)))"},
		{"for { L: continue L }", "(for _ _ _ (block (label L (continue L))))"},
		{"{ L: }", "(block (label L (empty)))"},
		{"L: ; x++", "(label L (empty)) (incdec ++ (ident x))"},
		{"L: M: x++", "(label L (label M (incdec ++ (ident x))))"},
		{"return", "(return)"},
		{"return 1", "(return (int 1))"},
		{"return a, b", "(return (ident a) (ident b))"},
		{"go f(x)", "(go (call (ident f) (ident x)))"},
		{"go func() { a() }()", "(go (call (func [] (block (expr (call (ident a)))))))"},
		{"defer f()", "(defer (call (ident f)))"},
		{"defer func(x) {}(1)", "(defer (call (func [x] (block)) (int 1)))"},
		{"fallthrough", "(fallthrough)"},
		{"break", "(break)"},
		{"x := {}", "(assign := [(ident x)] [(map)])"},
		{"x := {\"k\": [1, {2: 3}], f(): func() {}}", "(assign := [(ident x)] [(map (kv (string \"k\") (list (int 1) (map (kv (int 2) (int 3))))) (kv (call (ident f)) (func [] (block))))])"},
		{"f(\n\ta,\n\tb,\n)", "(expr (call (ident f) (ident a) (ident b)))"},
		{"x := -9223372036854775808", "(assign := [(ident x)] [(unary - (int 9223372036854775808))])"},
		{"m[k]++", "(incdec ++ (index (ident m) (ident k)))"},
		{"f().x = 1", "(assign = [(sel (call (ident f)) x)] [(int 1)])"},
		{"(x) = 1", "(assign = [(paren (ident x))] [(int 1)])"},
		{"x := func() { return func() { return 1 } }()()", "(assign := [(ident x)] [(call (call (func [] (block (return (func [] (block (return (int 1)))))))))])"},
		{"x := [\n\t1,\n\t2,\n]", "(assign := [(ident x)] [(list (int 1) (int 2))])"},
		{"import \"fmt\"\nfmt.Println(1)", "(import _ \"fmt\") (expr (call (sel (ident fmt) Println) (int 1)))"},
		{"import u \"./util.goro\"", "(import u \"./util.goro\")"},
		{"import (\n\t\"a\"\n\tb \"./b.goro\"\n)", "(import _ \"a\") (import b \"./b.goro\")"},
		{"import ( \"a\"; b \"./b.goro\" )", "(import _ \"a\") (import b \"./b.goro\")"},
		{"import `raw`", "(import _ \"raw\")"},
		{"import ()", ""},
		{"func f() {}", "(func f [] (block))"},
		{"func f(a, b,) { return }", "(func f [a b] (block (return)))"},
		{"func f(xs...) {}", "(func f [xs...] (block))"},
		{"func f(a, rest...,) {}", "(func f [a rest...] (block))"},
		{"func() {}()", "(expr (call (func [] (block))))"},
		{"L:\nfor {}", "(label L (for _ _ _ (block)))"},
		{"x := 1;;; y := 2", "(assign := [(ident x)] [(int 1)]) (assign := [(ident y)] [(int 2)])"},
		{"\n\n// only a comment\n", ""},
		{"", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, dumpStmts(t, tt.src), "source %q", tt.src)
	}
}

// TestPrecedence checks every pair of binary precedence levels (SPEC §2)
// in both orders, and left associativity within each level.
func TestPrecedence(t *testing.T) {
	levels := [][]string{
		{"*", "/", "%", "<<", ">>", "&", "&^"},
		{"+", "-", "|", "^"},
		{"==", "!=", "<", "<=", ">", ">="},
		{"&&"},
		{"||"},
	}
	for i, hi := range levels {
		for _, a := range hi {
			for _, b := range hi { // same level: left-associative
				want := "(expr (binary " + b + " (binary " + a + " (ident x) (ident y)) (ident z)))"
				assert.Equal(t, want, dumpStmts(t, "x "+a+" y "+b+" z"))
			}
			for _, lo := range levels[i+1:] {
				for _, b := range lo { // a binds tighter than b, on either side
					assert.Equal(t, "(expr (binary "+b+" (binary "+a+" (ident x) (ident y)) (ident z)))",
						dumpStmts(t, "x "+a+" y "+b+" z"))
					assert.Equal(t, "(expr (binary "+b+" (ident x) (binary "+a+" (ident y) (ident z))))",
						dumpStmts(t, "x "+b+" y "+a+" z"))
				}
			}
		}
	}
	// Unary operators bind tighter than any binary operator, and postfix
	// operators tighter than unary ones.
	for _, u := range []string{"-", "+", "!", "^", "<-"} {
		assert.Equal(t, "(expr (binary * (unary "+u+" (ident x)) (ident y)))", dumpStmts(t, u+"x * y"))
		assert.Equal(t, "(expr (unary "+u+" (call (ident f) (ident x))))", dumpStmts(t, u+"f(x)"))
	}
}

// pos finds the first node of type T in src's AST and returns it.
func find[T Node](t *testing.T, src string) T {
	t.Helper()
	f, err := Parse("t.goro", []byte(src))
	require.NoError(t, err)
	var found T
	ok := false
	Inspect(f, func(n Node) bool {
		if x, is := n.(T); is && !ok {
			found, ok = x, true
		}
		return !ok
	})
	require.True(t, ok, "no %T in %q", found, src)
	return found
}

func TestPositions(t *testing.T) {
	// A closure started by go on line 7, column 4: the compiler names it
	// <closure at 7:4>.
	src := "x := 1\n\n\n\n\n\n" + "go func() {\n\tx++\n\t}()\n"
	lit := find[*FuncLit](t, src)
	assert.Equal(t, Pos{7, 4}, lit.Start())
	assert.Equal(t, Pos{7, 4}, lit.Func.FuncPos)
	g := find[*GoStmt](t, src)
	assert.Equal(t, Pos{7, 1}, g.GoPos)
	assert.Equal(t, Pos{9, 3}, g.Call.Lparen) // the ( of the call, after the }

	// Operators, brackets and names, with a multi-byte name before them.
	src = "é := a + b*c[i] - f(x, y)"
	as := find[*AssignStmt](t, src)
	assert.Equal(t, Pos{1, 1}, as.Start())
	assert.Equal(t, Pos{1, 4}, as.TokPos)
	minus := as.Rhs[0].(*BinaryExpr)
	assert.Equal(t, SUB, minus.Op)
	assert.Equal(t, Pos{1, 18}, minus.OpPos)
	assert.Equal(t, Pos{1, 7}, minus.Start())
	plus := minus.X.(*BinaryExpr)
	assert.Equal(t, Pos{1, 9}, plus.OpPos)
	idx := plus.Y.(*BinaryExpr).Y.(*IndexExpr)
	assert.Equal(t, Pos{1, 14}, idx.Lbrack)
	assert.Equal(t, Pos{1, 16}, idx.Rbrack)
	call := minus.Y.(*CallExpr)
	assert.Equal(t, Pos{1, 20}, call.Start())
	assert.Equal(t, Pos{1, 21}, call.Lparen)
	assert.Equal(t, Pos{1, 26}, call.Rparen)

	// Statements.
	src = "func f(a, b) {\n\tfor i := range a {\n\t\tif i > 0 { return }\n\t}\n}"
	fd := find[*FuncDecl](t, src)
	assert.Equal(t, Pos{1, 1}, fd.Start())
	assert.Equal(t, Pos{1, 6}, fd.Func.Name.NamePos)
	assert.Equal(t, Pos{1, 11}, fd.Func.Params[1].NamePos)
	assert.Equal(t, Pos{1, 14}, fd.Func.Body.Lbrace)
	assert.Equal(t, Pos{5, 1}, fd.Func.Body.Rbrace)
	r := find[*RangeStmt](t, src)
	assert.Equal(t, Pos{2, 2}, r.ForPos)
	assert.Equal(t, Pos{2, 8}, r.TokPos)
	ifs := find[*IfStmt](t, src)
	assert.Equal(t, Pos{3, 3}, ifs.IfPos)
	assert.Equal(t, Pos{3, 14}, find[*ReturnStmt](t, src).ReturnPos)

	src = "switch x {\ncase 1:\n\ty()\ndefault:\n}"
	sw := find[*SwitchStmt](t, src)
	assert.Equal(t, Pos{1, 10}, sw.Lbrace)
	assert.Equal(t, Pos{5, 1}, sw.Rbrace)
	assert.Equal(t, Pos{2, 1}, sw.Cases[0].CasePos)
	assert.Equal(t, Pos{2, 7}, sw.Cases[0].Colon)
	assert.Equal(t, Pos{4, 8}, sw.Cases[1].Colon)
	cc := find[*CommClause](t, "select {\ncase v := <-c:\n}")
	assert.Equal(t, Pos{2, 1}, cc.CasePos)
	assert.Equal(t, Pos{2, 14}, cc.Colon)
	assert.Equal(t, Pos{2, 8}, cc.Comm.(*AssignStmt).TokPos)
	l := find[*LabeledStmt](t, "{\nL:\n}")
	assert.Equal(t, Pos{2, 1}, l.Start())
	assert.Equal(t, Pos{2, 2}, l.Colon)
	assert.Equal(t, Pos{3, 1}, l.Stmt.(*EmptyStmt).SemiPos)

	// Literals and imports.
	ml := find[*MapLit](t, `m := {"a": 1}`)
	assert.Equal(t, Pos{1, 6}, ml.Lbrace)
	assert.Equal(t, Pos{1, 13}, ml.Rbrace)
	assert.Equal(t, Pos{1, 10}, ml.Entries[0].Colon)
	ll := find[*ListLit](t, "l := [1, 2]")
	assert.Equal(t, Pos{1, 6}, ll.Lbrack)
	assert.Equal(t, Pos{1, 11}, ll.Rbrack)
	f, err := Parse("t.goro", []byte("import \"a\"\nimport (\n\tb \"./b.goro\"\n)\n"))
	require.NoError(t, err)
	require.Len(t, f.Imports, 2)
	assert.Equal(t, Pos{1, 1}, f.Imports[0].Pos)
	assert.Equal(t, Pos{1, 8}, f.Imports[0].PathPos)
	assert.Equal(t, Pos{3, 2}, f.Imports[1].Pos)
	assert.Equal(t, Pos{3, 2}, f.Imports[1].Name.NamePos)
	assert.Equal(t, Pos{3, 4}, f.Imports[1].PathPos)
	vd := find[*VarDecl](t, "var (\n\ta = 1\n)")
	assert.Equal(t, Pos{2, 2}, vd.VarPos)
	assert.Equal(t, Pos{1, 1}, find[*VarDecl](t, "var a = 1").VarPos)
}

// TestAllNodesHavePositions checks that every node of a large program has
// a valid position, not before its parent's.
func TestAllNodesHavePositions(t *testing.T) {
	f, err := Parse("bench.goro", genBench(200))
	require.NoError(t, err)
	var stack []Node
	Inspect(f, func(n Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		p := n.Start()
		require.True(t, p.IsValid(), "%T has no position", n)
		if len(stack) > 0 {
			parent := stack[len(stack)-1]
			require.False(t, p.Before(parent.Start()), "%T at %v before its parent %T at %v", n, p, parent, parent.Start())
		}
		stack = append(stack, n)
		return true
	})
}

func TestParseConformanceFiles(t *testing.T) {
	files, err := filepath.Glob("../testdata/conformance/*.goro")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	// The helper modules, and the other Goro programs of the repository.
	for _, pattern := range []string{"../testdata/conformance/lib/*.goro", "../examples/*.goro", "../bench/programs/*.goro"} {
		more, err := filepath.Glob(pattern)
		require.NoError(t, err)
		files = append(files, more...)
	}
	for _, name := range files {
		src, err := os.ReadFile(name)
		require.NoError(t, err)
		f, err := Parse(filepath.Base(name), src)
		if !assert.NoError(t, err, name) {
			t.Log(err.(*Error).Format())
			continue
		}
		assert.NotEmpty(t, f.Stmts, name)
	}
}

// TestConcurrentParses parses in parallel goroutines (run with -race):
// the parsers built once are shared, and nothing else is.
func TestConcurrentParses(t *testing.T) {
	src := genBench(300)
	want := Dump(mustParse(t, src))
	bad := []byte("x := 1\nfor i := 0; i < 10 {\n}\n")
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 3; j++ {
				f, err := Parse("bench.goro", src)
				if assert.NoError(t, err) {
					assert.Equal(t, want, Dump(f))
				}
				_, err = ParseREPL("bad.goro", bad)
				assert.EqualError(t, err, "bad.goro:2:20: syntax error: unexpected {, expected semicolon or newline")
			}
		}()
	}
	wg.Wait()
}

func mustParse(t *testing.T, src []byte) *File {
	t.Helper()
	f, err := Parse("t.goro", src)
	require.NoError(t, err)
	return f
}

func TestParseREPL(t *testing.T) {
	f, err := ParseREPL("repl", []byte("x := 1\nimport \"fmt\"\nimport (u \"./u.goro\"; \"os\")\nfmt.Println(x)"))
	require.NoError(t, err)
	assert.Empty(t, f.Imports)
	assert.Equal(t, `(file (assign := [(ident x)] [(int 1)]) (import _ "fmt") (import u "./u.goro") (import _ "os") (expr (call (sel (ident fmt) Println) (ident x))))`, Dump(f))
	is := f.Stmts[2].(*ImportStmt)
	assert.Equal(t, Pos{3, 9}, is.Start())

	// The same input is an error in a file.
	_, err = Parse("f.goro", []byte("x := 1\nimport \"fmt\"\n"))
	assert.EqualError(t, err, "f.goro:2:1: syntax error: imports must appear before other declarations")

	// Expressions are statements, so the REPL can echo them.
	f, err = ParseREPL("repl", []byte(`"a" + "b"`))
	require.NoError(t, err)
	assert.Equal(t, `(file (expr (binary + (string "a") (string "b"))))`, Dump(f))
}

func TestFileFields(t *testing.T) {
	src := []byte("import \"fmt\"\nfmt.Println(1)\n")
	f, err := Parse("main.goro", src)
	require.NoError(t, err)
	assert.Equal(t, "main.goro", f.Name)
	assert.Equal(t, src, f.Src)
	require.Len(t, f.Imports, 1)
	assert.Equal(t, "fmt", f.Imports[0].Path)
	assert.Nil(t, f.Imports[0].Name)
	require.Len(t, f.Stmts, 1)
}
