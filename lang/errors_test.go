package lang

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSyntaxErrors checks messages and positions. Where Go has the same
// construct, the expected text is what gc (Go 1.26) prints for it.
func TestSyntaxErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		// PARSER-NOTES §5's table.
		{"func f() {\n x := 1\n", "3:1: syntax error: unexpected EOF, expected }"},
		{"x := 1 y := 2", "1:8: syntax error: unexpected name y at end of statement"},
		{"a b := 1", "1:3: syntax error: unexpected name b at end of statement"},
		{"x := \ny := 2", "2:3: syntax error: unexpected := at end of statement"},
		{"x = = 1", "1:5: syntax error: unexpected =, expected expression"},
		{"foo(1, 2\n", "1:9: syntax error: unexpected newline in argument list; possibly missing comma or )"},
		{"for i := 0; i < 10 {\n}", "1:20: syntax error: unexpected {, expected semicolon or newline"},
		{"go func() {\n x := \n}()", "3:1: syntax error: unexpected }, expected expression"},
		{"if x { } else y", "1:15: syntax error: else must be followed by if or statement block"},
		{"switch x {\nfoo()\n}", "2:1: syntax error: unexpected name foo, expected case or default or }"},
		{"return )", "1:8: syntax error: unexpected ), expected expression"},
		{"x := 1 +/ 2", "1:9: syntax error: unexpected /, expected expression"},

		// Blocks and statement ends.
		{"{ x := 1 ", "1:10: syntax error: unexpected EOF, expected }"},
		{"{ ) }", "1:3: syntax error: unexpected ), expected }"},
		{"{ x := 1; ) }", "1:11: syntax error: unexpected ), expected }"},
		{"{ x++ y++ }", "1:7: syntax error: unexpected name y at end of statement"},
		{"x++ y", "1:5: syntax error: unexpected name y at end of statement"},
		{"x++, y", "1:4: syntax error: unexpected comma at end of statement"},
		{"}", "1:1: syntax error: unexpected }, expected statement"},
		{"x := 1\n)", "2:1: syntax error: unexpected ), expected statement"},
		{"if x {\n}\nelse {\n}", "3:1: syntax error: unexpected keyword else, expected statement"},
		{"f() )", "1:5: syntax error: unexpected ) at end of statement"},
		{"L: )", "1:2: syntax error: missing statement after label"},
		{"{ import \"fmt\" }", "1:3: syntax error: unexpected keyword import, expected }"},

		// Simple statements.
		{"a, b += 1", "1:6: syntax error: unexpected +=, expected := or = or comma"},
		{"a, b\n", "1:5: syntax error: unexpected newline, expected := or = or comma"},
		{"a, b++", "1:5: syntax error: unexpected ++, expected := or = or comma"},
		{"a, b <- 1", "1:6: syntax error: unexpected <-, expected := or = or comma"},
		{"x += 1, 2", "1:7: syntax error: unexpected comma at end of statement"},
		{"ch <- 1, 2", "1:8: syntax error: unexpected comma at end of statement"},
		{"x.y := 1", "1:1: non-name x.y on left side of :="},
		{"a, f() := 1, 2", "1:4: non-name f() on left side of :="},
		{"x := range y", "1:6: syntax error: unexpected keyword range, expected expression"},
		{"x := func f() {}", "1:11: syntax error: unexpected name f, expected ("},
		{"if x {\n\tfunc f() {}\n}", "2:7: syntax error: unexpected name f, expected ("},

		// Expressions.
		{"f(a..., b)", "1:9: syntax error: unexpected name b, expected )"},
		{"f(1 2)", "1:5: syntax error: unexpected literal 2 in argument list; possibly missing comma or )"},
		{"f(,)", "1:3: syntax error: unexpected comma, expected expression"},
		{"x := [1 2]", "1:9: syntax error: unexpected literal 2 in list literal; possibly missing comma or ]"},
		{"x := [1,\n2\n]", "2:2: syntax error: unexpected newline in list literal; possibly missing comma or ]"},
		{"x := {1 2}", "1:9: syntax error: unexpected literal 2, expected :"},
		{"x := {1: 2 3: 4}", "1:12: syntax error: unexpected literal 3 in map literal; possibly missing comma or }"},
		{"x := {1: }", "1:10: syntax error: unexpected }, expected expression"},
		{"x[]", "1:3: syntax error: unexpected ], expected expression"},
		{"x[1 2]", "1:5: syntax error: unexpected literal 2, expected : or ]"},
		{"x[1:2:3]", "1:6: syntax error: unexpected :, expected ]"},
		{"x.1", "1:2: syntax error: unexpected literal .1 at end of statement"},
		{"x.(1)", "1:4: syntax error: unexpected literal 1, expected type"},
		{"x := (1", "1:8: syntax error: unexpected EOF, expected )"},
		{"x := -", "1:7: syntax error: unexpected EOF, expected expression"},
		{"x := 99999999999999999999", "1:6: constant 99999999999999999999 overflows int"},
		{"x := 9223372036854775809", "1:6: constant 9223372036854775809 overflows int"},
		{"x := 1e400", "1:6: constant 1e400 overflows float"},
		{"x := func(a..., b) {}", "1:11: can only use ... with final parameter"},
		{"x := func(a b c) {}", "1:15: syntax error: unexpected name c in parameter list; possibly missing comma or )"},
		{"x := func(1) {}", "1:11: syntax error: unexpected literal 1, expected type"},
		{"x := func() 1", "1:13: syntax error: unexpected literal 1, expected {"},

		// if, for, switch, select.
		{"if {\n}", "1:4: syntax error: missing condition in if statement"},
		{"if x := 1; {\n}", "1:10: syntax error: missing condition in if statement"},
		{"if x\n{\n}", "1:5: syntax error: unexpected newline, expected { after if clause"},
		{"if x := 1 {\n}", "1:6: syntax error: cannot use x := 1 as value"},
		{"if x = 1 {\n}", "1:6: syntax error: cannot use assignment x = 1 as value"},
		{"if x = a + b {\n}", "1:6: syntax error: cannot use assignment x = (a + b) as value"},
		{"if x++ {\n}", "1:5: syntax error: cannot use x++ as value"},
		{"if x y {\n}", "1:6: syntax error: unexpected name y, expected {"},
		{"if x {} else", "1:13: syntax error: else must be followed by if or statement block"},
		{"for %", "1:5: syntax error: unexpected %, expected expression"},
		{"for i := 0; {\n}", "1:13: syntax error: unexpected {, expected for loop condition"},
		{"for i := 0; i < 3; j := 1 {\n}", "1:22: syntax error: cannot declare in post statement of for loop"},
		{"for x := range y; z {\n}", "1:17: syntax error: unexpected semicolon, expected { after for clause"},
		{"for x := range y, z {\n}", "1:17: syntax error: unexpected comma, expected { after for clause"},
		{"for k, v, w := range x {\n}", "1:11: range clause permits at most two iteration variables"},
		{"for x := 1 {\n}", "1:7: syntax error: cannot use x := 1 as value"},
		{"for x += range y {\n}", "1:10: syntax error: unexpected keyword range, expected expression"},
		{"switch x := 1 {\n}", "1:10: syntax error: cannot use x := 1 as value"},
		{"switch x {\ncase 1: x++ case 2:\n}", "2:13: syntax error: unexpected keyword case at end of statement"},
		{"switch x {\ncase 1: )\n}", "2:9: syntax error: unexpected ), expected case or default or }"},
		{"switch x {\ncase 1 2:\n}", "2:8: syntax error: unexpected literal 2, expected :"},
		{"switch x {\ncase:\n}", "2:5: syntax error: unexpected :, expected expression"},
		{"switch {\ndefault:\ndefault:\n}", "3:1: multiple defaults (first at 2:1)"},
		{"select {\ncase x:\n}", "2:6: select case must be receive, send or assign recv"},
		{"select {\ncase v, ok, z := <-c:\n}", "2:6: select case must be receive, send or assign recv"},
		{"select {\ncase x := f():\n}", "2:6: select case must be receive, send or assign recv"},
		{"select {\nfoo()\n}", "2:1: syntax error: unexpected name foo, expected case or default or }"},
		{"select x {\n}", "1:8: syntax error: unexpected name x, expected {"},

		// go, defer, branches, declarations.
		{"go x", "1:4: syntax error: expression in go must be function call"},
		{"defer x", "1:7: syntax error: expression in defer must be function call"},
		{"go f() + 1", "1:4: syntax error: expression in go must be function call"},
		{"go (f())", "1:4: syntax error: expression in go must not be parenthesized"},
		{"go", "1:3: syntax error: unexpected EOF, expected expression"},
		{"break 1", "1:7: syntax error: unexpected literal 1 at end of statement"},
		{"fallthrough x", "1:13: syntax error: unexpected name x at end of statement"},
		{"var 1", "1:5: syntax error: unexpected literal 1, expected name"},
		{"var x, = 1", "1:8: syntax error: unexpected =, expected name"},
		{"var a, b = 1, 2, 3", "1:5: assignment mismatch: 2 variables but 3 values"},
		{"var x =", "1:8: syntax error: unexpected EOF, expected expression"},
		{"var (\n\ta = 1\n", "3:1: syntax error: unexpected EOF, expected )"},
		{"func f() x", "1:11: syntax error: unexpected EOF, expected {"},
		{"func f()\n{\n}", "1:9: syntax error: unexpected semicolon or newline before {"},
		{"func f(a b c) {}", "1:12: syntax error: unexpected name c in parameter list; possibly missing comma or )"},
		{"func f(a..., b) {}", "1:8: can only use ... with final parameter"},

		// Imports.
		{"x := 1\nimport \"fmt\"", "2:1: syntax error: imports must appear before other declarations"},
		{"import \"a\"\nfunc f() {}\nimport \"b\"", "3:1: syntax error: imports must appear before other declarations"},
		{"x := 1; import \"os\"; y := )", "1:9: syntax error: imports must appear before other declarations"},
		{"import x", "1:9: syntax error: missing import path"},
		{"import 5", "1:8: syntax error: import path must be a string"},
		{"import (\n\t\"a\" \"b\"\n)", "2:6: syntax error: unexpected literal \"b\", expected )"},

		// Lexical errors are reported in source order with syntax errors.
		{"x := )\ny := @", "1:6: syntax error: unexpected ), expected expression"},
		{"x := @\ny := )", "1:6: invalid character U+0040 '@'"},
		{"x := \"abc", "1:6: string literal not terminated"},
		{"x := `abc", "1:6: raw string literal not terminated"},
		{"x := 1 // ok\ny := \"a\nb\"", "2:8: newline in string"},
	}
	for _, tt := range tests {
		_, err := Parse("t.goro", []byte(tt.src))
		if !assert.Error(t, err, "source %q", tt.src) {
			continue
		}
		e, ok := err.(*Error)
		require.True(t, ok, "%T", err)
		assert.Equal(t, "t.goro:"+tt.want, e.Error(), "source %q", tt.src)
		assert.Equal(t, "t.goro", e.File)
		assert.Equal(t, SourceLine([]byte(tt.src), int(e.Pos.Line)), e.Line)
	}
}

func TestErrorFormat(t *testing.T) {
	_, err := Parse("prog.goro", []byte("x := 1\n\tif x {\n\t\ty := é + @\n\t}\n"))
	require.Error(t, err)
	assert.Equal(t, "prog.goro:3:13: invalid character U+0040 '@'\n\t\ty := é + @\n\t\t         ^", err.(*Error).Format())
}

func TestREPLIncomplete(t *testing.T) {
	incomplete := []string{
		"func f() {",
		"func f() {\n\tx := 1",
		"foo(1,",
		"x := [1,",
		"x := {",
		"x := {1: ",
		"x := (",
		"`raw",
		"x := `a\nb",
		"/* open",
		"x := 1 +",
		"x :=",
		"ch <-",
		"if x {",
		"if x {} else",
		"for {",
		"switch x {",
		"switch x {\ncase 1:",
		"select {\ncase",
		"L:",
		"return a,",
		"f(func() {",
		"go",
		"var (",
		"import (",
	}
	for _, src := range incomplete {
		_, err := ParseREPL("repl", []byte(src))
		if assert.Error(t, err, src) {
			assert.True(t, err.(*Error).Incomplete, "%q: %v", src, err)
		}
	}
	// Complete but wrong: more input cannot fix these.
	wrong := []string{
		"x := )",
		"x := 1 y",
		"foo(1, 2", // needs a comma before a line break, as in Go
		"x := [1, 2",
		"\"abc",
		"'a",
		"x := @",
		"a, b",
		"}",
		"if x {} else y",
		"func f() {} }",
		"go x",
		"x.y := 1",
		"if x := 1 {}",
	}
	for _, src := range wrong {
		_, err := ParseREPL("repl", []byte(src))
		if assert.Error(t, err, src) {
			assert.False(t, err.(*Error).Incomplete, "%q: %v", src, err)
		}
	}
}

// TestErrorsAreErrors checks that every error carries a valid position and
// the text of its line.
func TestErrorsAreErrors(t *testing.T) {
	for _, src := range []string{"x := )", "\n\n   @", "", "x := 1\n"} {
		_, err := Parse("f.goro", []byte(src))
		if err == nil {
			continue
		}
		e := err.(*Error)
		assert.True(t, e.Pos.IsValid())
		assert.Equal(t, SourceLine([]byte(src), int(e.Pos.Line)), e.Line)
	}
}
