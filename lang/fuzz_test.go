package lang

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

var fuzzSeeds = []string{
	"x := 1 + 2*b", "for i := 0; i < 10; i++ {}", "for k, v := range m {}", "for range ch {}",
	"if x := f(); x > 0 {} else if y {} else {}", "switch x := f(); x { case 1, 2: fallthrough; default: }",
	"select { case v, ok := <-c: case c <- 1: case <-c: default: }", "L: for { break L }",
	"go func() {}()", "defer f(xs...)", "x := {\"a\": [1, 2,], 3: func(a, b...) { return }}",
	"import (\"a\"; b \"./b.goro\")\nvar (a = 1; b)", "func f(a, b) { return a, b }",
	"x[1:2][:3][4:]", "-x.y(z)[0]", "'\\x41' + \"\\u00e9\" + `raw`", "0x_1F + 0o7 + 0b1 + 1e3 + .5",
	"for %", "x := )", "func f() {", "foo(1,", "`raw", "/* open", "if {", "go x", "a, b",
	"switch x {\nfoo()\n}", "x := 1 y := 2", "{ L: }", "var x, = 1", "for i := 0; {",
	"if x\n{\n}", "for x := range y; z {}", "case", "else", "}", "((((", "[[[[", "{{{{", "\"\\q\"",
	"\xff", "\x00", "x\uFEFF", "0x1.8p1i", "09.5", "08", "1__0",
	// Go syntax: types as annotations, structs, methods, generics.
	"package main\nfunc main() {}", "var x, y int = 1, 2", "const (\nA = iota\nB\n)",
	"type P struct {\n X, Y int `json:\"x\"`\n *Q\n}", "type S interface { M(int) (string, error); fmt.Stringer }",
	"func (p *P) M(a, b int, c ...string) (n int, err error) { return }", "func Map[T, U any](xs []T, f func(T) U) []U {}",
	"x := []int{1, 2}; m := map[string][]int{\"a\": {1}}; a := [...]int{2: 1}", "p := &P{X: 1}; *q = *p",
	"v, ok := x.(*P)", "switch v := x.(type) { case int, nil: case []string: }", "type C[T ~int | ~float64] struct{ v T }",
	"for _, s := range []string{\"a\"} {}", "ch := make(chan<- int, 3); var r <-chan int", "f := func(int) bool { return }",
	"type (A int; B = A)", "x.(", "type", "[]", "[3]", "map[", "struct{", "func (", "x := T{", "const x",
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s))
	}
	for _, pattern := range []string{"../testdata/conformance/*.goro", "../testdata/conformance/lib/*.goro", "../examples/*.goro", "../testdata/gocompat/*.go"} {
		files, _ := filepath.Glob(pattern)
		for _, name := range files {
			if src, err := os.ReadFile(name); err == nil {
				f.Add(src)
			}
		}
	}
	f.Add(genBench(60))
	f.Fuzz(func(t *testing.T, src []byte) {
		fileOK := false
		for _, repl := range []bool{false, true} {
			// parse without the recover of Parse, so that a panic fails.
			file, err := parse("fuzz.goro", src, repl, false)
			if err != nil {
				checkError(t, src, err)
				if repl && fileOK {
					t.Fatalf("a file that parses is not valid REPL input: %v\nsource %q", err, src)
				}
				continue
			}
			fileOK = !repl
			if err := checkInvariants(file, repl); err != nil {
				t.Fatalf("%v\nsource %q\n%s", err, src, Dump(file))
			}
			_ = Dump(file)
		}
	})
}

// checkError checks that err is a *Error with a valid position in src.
func checkError(t *testing.T, src []byte, err error) {
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("error %T %v is not a *Error", err, err)
	}
	lines := bytes.Count(src, []byte("\n")) + 1
	if !e.Pos.IsValid() || e.Pos.Col < 1 || int(e.Pos.Line) > lines {
		t.Fatalf("invalid position %v (%d lines): %v\nsource %q", e.Pos, lines, err, src)
	}
	if e.Line != SourceLine(src, int(e.Pos.Line)) {
		t.Fatalf("Line %q is not line %d of the source: %v", e.Line, e.Pos.Line, err)
	}
	// The column may be one past the line's end (EOF, or the newline),
	// counting a carriage return that SourceLine drops.
	rawLen := len(bytes.SplitN(src, []byte("\n"), int(e.Pos.Line)+1)[e.Pos.Line-1])
	if int(e.Pos.Col) > rawLen+1 {
		t.Fatalf("column %d beyond line %q: %v\nsource %q", e.Pos.Col, e.Line, err, src)
	}
	if e.File != "fuzz.goro" || e.Msg == "" {
		t.Fatalf("bad error %#v", e)
	}
	_ = e.Format()
}

// checkInvariants checks the guarantees listed at the top of ast.go, and
// that every node has a position.
func checkInvariants(f *File, repl bool) (err error) {
	if repl && len(f.Imports) > 0 {
		return fmt.Errorf("REPL file has File.Imports")
	}
	for _, s := range f.Stmts {
		if _, ok := s.(*ImportStmt); ok && !repl {
			return fmt.Errorf("ImportStmt in a file")
		}
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic while checking: %v", r)
		}
	}()
	var bad error
	fail := func(format string, args ...any) {
		if bad == nil {
			bad = fmt.Errorf(format, args...)
		}
	}
	Inspect(f, func(n Node) bool {
		if n == nil {
			return false
		}
		if !n.Start().IsValid() {
			fail("%T without a position", n)
		}
		switch n := n.(type) {
		case *AssignStmt:
			if len(n.Lhs) == 0 || len(n.Rhs) == 0 {
				fail("empty assignment side")
			}
			if n.Tok == DEFINE {
				for _, x := range n.Lhs {
					if _, ok := x.(*Ident); !ok {
						fail("non-name on the left of :=")
					}
				}
			}
			if n.Tok.OpAssignBase() != ILLEGAL && (len(n.Lhs) != 1 || len(n.Rhs) != 1) {
				fail("op-assign with lists")
			}
		case *IncDecStmt:
			if n.X == nil {
				fail("IncDec without operand")
			}
		case *GoStmt:
			if n.Call == nil {
				fail("go without a call")
			}
		case *DeferStmt:
			if n.Call == nil {
				fail("defer without a call")
			}
		case *CallExpr:
			if n.Spread && len(n.Args) == 0 {
				fail("spread without arguments")
			}
		case *RangeStmt:
			if n.X == nil {
				fail("range without operand")
			}
		case *IfStmt:
			if n.Cond == nil || n.Then == nil {
				fail("if without condition or body")
			}
			switch n.Else.(type) {
			case nil, *IfStmt, *BlockStmt:
			default:
				fail("else is %T", n.Else)
			}
		case *CaseClause:
			if n.List != nil && len(n.List) == 0 {
				fail("empty case list")
			}
		case *CommClause:
			if n.Comm != nil && !isCommStmt(n.Comm) {
				fail("bad select case %T", n.Comm)
			}
		case *VarDecl:
			if len(n.Names) == 0 || len(n.Values) > 1 && len(n.Values) != len(n.Names) {
				fail("var with %d names and %d values", len(n.Names), len(n.Values))
			}
		case *BasicLit:
			if n.Kind == IntLit && n.Int > maxIntLit {
				fail("int literal too large")
			}
		}
		return true
	})
	return bad
}
