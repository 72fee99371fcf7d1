package lang

import (
	"fmt"
	"strings"
	"testing"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var tokNames = map[lexer.TokenType]string{
	lexer.EOF: "EOF", tokIdent: "name", tokKeyword: "kw", tokInt: "int",
	tokFloat: "float", tokString: "str", tokChar: "char", tokPunct: "op",
	tokSemi: "semi", tokBodyIf: "body", tokBodyFor: "body",
	tokBodySwitch: "body", tokError: "error",
}

// scanAll returns every token of src, EOF included.
func scanAll(src string) []lexer.Token {
	s := newScanner("t.goro", src)
	var toks []lexer.Token
	for {
		t, err := s.Next()
		if err != nil {
			panic(err)
		}
		toks = append(toks, t)
		if t.EOF() {
			return toks
		}
	}
}

// show renders tokens compactly: `name x`, `op :=`, and semicolons as
// `;` (explicit), `⏎` (newline) or `$` (end of input).
func show(toks []lexer.Token) string {
	var parts []string
	for _, t := range toks {
		switch t.Type {
		case lexer.EOF:
			continue
		case tokSemi:
			parts = append(parts, map[string]string{";": ";", "\n": "⏎", "": "$"}[t.Value])
		default:
			parts = append(parts, tokNames[t.Type]+" "+t.Value)
		}
	}
	return strings.Join(parts, " | ")
}

func TestSemicolonRule(t *testing.T) {
	tests := []struct{ src, want string }{
		// Every token class at the end of a line.
		{"x\n", "name x | ⏎"},
		{"42\n", "int 42 | ⏎"},
		{"4.2\n", "float 4.2 | ⏎"},
		{"\"s\"\n", "str \"s\" | ⏎"},
		{"`r`\n", "str `r` | ⏎"},
		{"'c'\n", "char 'c' | ⏎"},
		{"break\n", "kw break | ⏎"},
		{"continue\n", "kw continue | ⏎"},
		{"return\n", "kw return | ⏎"},
		{"fallthrough\n", "kw fallthrough | ⏎"},
		{"true\n", "kw true | ⏎"},
		{"false\n", "kw false | ⏎"},
		{"nil\n", "kw nil | ⏎"},
		{"x++\n", "name x | op ++ | ⏎"},
		{"x--\n", "name x | op -- | ⏎"},
		{"f()\n", "name f | op ( | op ) | ⏎"},
		{"a[1]\n", "name a | op [ | int 1 | op ] | ⏎"},
		{"{}\n", "op { | op } | ⏎"},
		// No semicolon after other tokens: the statement goes on.
		{"x +\ny", "name x | op + | name y | $"},
		{"f(\n1,\n)", "name f | op ( | int 1 | op , | op ) | $"},
		{"x :=\n1", "name x | op := | int 1 | $"},
		{"if\n", "kw if"},
		{"func\n", "kw func"},
		{"chan\n", "name chan | ⏎"}, // chan is not a keyword
		{"{\n", "op {"},
		{"x.\ny", "name x | op . | name y | $"},
		// Explicit semicolons, blank lines.
		{"a; b\n\n\nc", "name a | ; | name b | ⏎ | name c | $"},
		{"\n\n", ""},
		// Comments.
		{"x // c\ny", "name x | ⏎ | name y | $"},
		{"x // c", "name x | $"},
		{"x /* c */ y", "name x | name y | $"},
		{"x /* a\nb */ y", "name x | ⏎ | name y | $"},
		{"x + /* a\nb */ y", "name x | op + | name y | $"},
		{"/* a\nb */ x", "name x | $"},
		{"x /* c */\ny", "name x | ⏎ | name y | $"},
		// End of input.
		{"x", "name x | $"},
		{"x)", "name x | op ) | $"},
		{"x +", "name x | op +"},
		{"", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, show(scanAll(tt.src)), "source %q", tt.src)
	}
}

func TestOperators(t *testing.T) {
	ops := "+ - * / % & | ^ << >> &^ && || ! == != < <= > >= = := += -= *= /= %= &= |= ^= <<= >>= &^= ++ -- <- ( ) [ ] { } , . : ..."
	var want []string
	for _, op := range strings.Fields(ops) {
		want = append(want, "op "+op)
	}
	got := show(scanAll(ops))
	assert.Equal(t, strings.Join(want, " | "), got)
	// Longest match without spaces.
	assert.Equal(t, "name a | op &^= | name b | op <<= | name c | op <- | op <- | name d | $",
		show(scanAll("a&^=b<<=c<-<-d")))
	assert.Equal(t, "name x | op . | op . | name y | $", show(scanAll("x..y")))
}

func TestKeywords(t *testing.T) {
	for _, kw := range strings.Fields("break case continue default defer else fallthrough false for func go if import nil range return select switch true var") {
		toks := scanAll(kw + " ")
		assert.Equal(t, tokKeyword, toks[0].Type, kw)
	}
	for _, name := range strings.Fields("chan len print type iffy forward _ π größe") {
		toks := scanAll(name)
		assert.Equal(t, tokIdent, toks[0].Type, name)
		assert.Equal(t, name, toks[0].Value)
	}
}

// litOf parses src as an expression statement and returns its literal.
func litOf(t *testing.T, src string) *BasicLit {
	t.Helper()
	f, err := Parse("t.goro", []byte(src))
	require.NoError(t, err, src)
	require.Len(t, f.Stmts, 1, src)
	lit, ok := f.Stmts[0].(*ExprStmt).X.(*BasicLit)
	require.True(t, ok, "%s: not a literal", src)
	return lit
}

func TestIntLiterals(t *testing.T) {
	tests := []struct {
		src  string
		want uint64
	}{
		{"0", 0}, {"42", 42}, {"1_000_000", 1000000}, {"0x2A", 42}, {"0X2a", 42},
		{"0o52", 42}, {"0O52", 42}, {"0b101010", 42}, {"0B101010", 42}, {"052", 42},
		{"0xDead_Beef", 0xdeadbeef}, {"0x_1F", 31}, {"0_7", 7},
		{"9223372036854775807", 1<<63 - 1},
		{"9223372036854775808", 1 << 63}, // for -9223372036854775808
		{"0x8000000000000000", 1 << 63},
	}
	for _, tt := range tests {
		lit := litOf(t, tt.src)
		assert.Equal(t, IntLit, lit.Kind, tt.src)
		assert.Equal(t, tt.want, lit.Int, tt.src)
		assert.Equal(t, tt.src, lit.Raw)
	}
}

func TestFloatLiterals(t *testing.T) {
	tests := []struct {
		src  string
		want float64
	}{
		{"3.14", 3.14}, {"1e9", 1e9}, {"2.5e-3", 2.5e-3}, {".5", 0.5}, {"1.", 1},
		{"1E+2", 100}, {"0.0", 0}, {"09.5", 9.5}, {"1_000.5", 1000.5}, {"0x1p-2", 0.25},
		{"0x1.8p1", 3}, {"6.02e23", 6.02e23}, {"1e-400", 0},
	}
	for _, tt := range tests {
		lit := litOf(t, tt.src)
		assert.Equal(t, FloatLit, lit.Kind, tt.src)
		assert.Equal(t, tt.want, lit.Float, tt.src)
	}
}

func TestStringLiterals(t *testing.T) {
	tests := []struct{ src, want string }{
		{`""`, ""},
		{`"abc"`, "abc"},
		{`"a\tb\n\"\\\x41\u00e9\U0001F600"`, "a\tb\n\"\\Aé😀"},
		{`"\a\b\f\n\r\t\v"`, "\a\b\f\n\r\t\v"},
		{`"\101\060\377"`, "A0\xff"},
		{`"\xff\x00"`, "\xff\x00"},
		{`"é😀"`, "é😀"},
		{"`no \\escapes here\\n`", `no \escapes here\n`},
		{"`line\none`", "line\none"},
		{"`a\r\nb\r`", "a\nb"},
		{"``", ""},
		{"`\"`", `"`},
	}
	for _, tt := range tests {
		lit := litOf(t, tt.src)
		assert.Equal(t, StringLit, lit.Kind, tt.src)
		assert.Equal(t, tt.want, lit.Str, tt.src)
		assert.Equal(t, tt.src, lit.Raw)
	}
}

func TestRuneLiterals(t *testing.T) {
	tests := []struct {
		src  string
		want uint64
	}{
		{"'a'", 'a'}, {`'\n'`, '\n'}, {`'\x41'`, 0x41}, {"'é'", 'é'}, {`'\''`, '\''},
		{`'"'`, '"'}, {`'\\'`, '\\'}, {`'\u00e9'`, 0xe9}, {`'\U0001F600'`, 0x1F600},
		{`'\000'`, 0}, {`'\377'`, 255}, {`'\xff'`, 255}, {"'😀'", 0x1F600},
	}
	for _, tt := range tests {
		lit := litOf(t, tt.src)
		assert.Equal(t, CharLit, lit.Kind, tt.src)
		assert.Equal(t, tt.want, lit.Int, tt.src)
	}
}

func TestColumnsAreBytes(t *testing.T) {
	// é is 2 bytes, 😀 is 4: the column of y counts bytes.
	toks := scanAll("é := \"😀\"; y")
	require.Equal(t, "name é | op := | str \"😀\" | ; | name y | $", show(toks))
	pos := func(i int) string { return fmt.Sprintf("%d:%d", toks[i].Pos.Line, toks[i].Pos.Column) }
	assert.Equal(t, "1:1", pos(0))
	assert.Equal(t, "1:4", pos(1))
	assert.Equal(t, "1:7", pos(2))
	assert.Equal(t, "1:13", pos(3))
	assert.Equal(t, "1:15", pos(4))
	assert.Equal(t, "1:16", pos(5)) // the semicolon at the end of input

	// Positions after a multi-line raw string and a multi-line comment.
	toks = scanAll("a := `x\ny`\n/* c\nd */ b\n\tc")
	require.Equal(t, "name a | op := | str `x\ny` | ⏎ | name b | ⏎ | name c | $", show(toks))
	assert.Equal(t, 1, toks[2].Pos.Line)
	assert.Equal(t, 6, toks[2].Pos.Column)
	assert.Equal(t, 2, toks[3].Pos.Line) // the newline after the raw string
	assert.Equal(t, 3, toks[3].Pos.Column)
	assert.Equal(t, "4:6", fmt.Sprintf("%d:%d", toks[4].Pos.Line, toks[4].Pos.Column))
	assert.Equal(t, "5:2", fmt.Sprintf("%d:%d", toks[6].Pos.Line, toks[6].Pos.Column))
}

func TestCRLF(t *testing.T) {
	toks := scanAll("x := 1\r\ny := `a\r\nb`\r\n")
	assert.Equal(t, "name x | op := | int 1 | ⏎ | name y | op := | str `a\r\nb` | ⏎", show(toks))
	assert.Equal(t, 2, toks[4].Pos.Line)
	assert.Equal(t, 1, toks[4].Pos.Column)
	lit := litOf(t, "`a\r\nb`\r\n")
	assert.Equal(t, "a\nb", lit.Str)
}

func TestBOM(t *testing.T) {
	toks := scanAll("\uFEFFx")
	assert.Equal(t, "name x | $", show(toks))
	assert.Equal(t, 1, toks[0].Pos.Column) // the mark is not counted
}

func TestHeaderBraces(t *testing.T) {
	// The '{' that opens the body of an if/for/switch header has its own
	// token type; braces of map literals, func literals and blocks do not.
	kinds := func(src string) string {
		var out []string
		for _, t := range scanAll(src) {
			switch t.Type {
			case tokBodyIf:
				out = append(out, "if{")
			case tokBodyFor:
				out = append(out, "for{")
			case tokBodySwitch:
				out = append(out, "switch{")
			case tokPunct:
				if t.Value == "{" {
					out = append(out, "{")
				}
			}
		}
		return strings.Join(out, " ")
	}
	assert.Equal(t, "if{", kinds("if x {}"))
	assert.Equal(t, "for{ switch{ {", kinds("for { switch { case 1: {} } }"))
	assert.Equal(t, "if{ { if{", kinds("if x {} else { if y {} }"))
	assert.Equal(t, "if{ if{", kinds("if x {} else if y {}"))
	assert.Equal(t, "{ if{", kinds("if f({1: 2}) {}"))
	assert.Equal(t, "{ if{", kinds("if f := func() { }; f() {}"))
	assert.Equal(t, "{ for{", kinds("for _, v := range [func() {}] {}"))
	assert.Equal(t, "for{", kinds("for i := 0; i < 3; i++ {}"))
	assert.Equal(t, "{ {", kinds("x := {1: {}}"))
	assert.Equal(t, "{", kinds("select {}"))
}

func TestLexErrors(t *testing.T) {
	tests := []struct{ src, want string }{
		{"x := @", "1:6: invalid character U+0040 '@'"},
		{"x := 1 # 2", "1:8: invalid character U+0023 '#'"},
		{"a\n  @b", "2:3: invalid character U+0040 '@'"},
		{"x := \"abc", "1:6: string literal not terminated"},
		{"x := \"ab\nc\"", "1:9: newline in string"},
		{"x := `abc\n", "1:6: raw string literal not terminated"},
		{"x := 'ab'", "1:6: more than one character in rune literal"},
		{"x := ''", "1:7: empty rune literal or unescaped '"},
		{"x := 'a", "1:6: rune literal not terminated"},
		{"x := 'a\n'", "1:8: newline in rune literal"},
		{`x := "\q"`, "1:8: unknown escape sequence"},
		{`x := "\'"`, "1:8: unknown escape sequence"},
		{`x := '\"'`, "1:8: unknown escape sequence"},
		{`x := "\x4g"`, "1:10: invalid character 'g' in hexadecimal escape"},
		{`x := "\400"`, "1:11: octal escape value 256 > 255"},
		{`x := "\uD800"`, "1:13: escape is invalid Unicode code point U+D800"},
		{`x := "\U00110000"`, "1:17: escape is invalid Unicode code point U+110000"},
		{"x := 08", "1:7: invalid digit '8' in octal literal"},
		{"x := 0o8", "1:8: invalid digit '8' in octal literal"},
		{"x := 0b102", "1:10: invalid digit '2' in binary literal"},
		{"x := 1__0", "1:8: '_' must separate successive digits"},
		{"x := 1_", "1:7: '_' must separate successive digits"},
		{"x := 0x_", "1:9: hexadecimal literal has no digits"},
		{"x := 0x", "1:8: hexadecimal literal has no digits"},
		{"x := 1e", "1:8: exponent has no digits"},
		{"x := 1e+", "1:9: exponent has no digits"},
		{"x := 0x1.5", "1:11: hexadecimal mantissa requires a 'p' exponent"},
		{"x := 0b1.0", "1:9: invalid radix point in binary literal"},
		{"x := 0x1e3p", "1:12: exponent has no digits"},
		{"x := 0b1e3", "1:9: 'e' exponent requires decimal mantissa"},
		{"x := 1p3", "1:7: 'p' exponent requires hexadecimal mantissa"},
		{"x := 2i", "1:6: imaginary literals are not supported"},
		{"/* open", "1:1: comment not terminated"},
		{"x := a\x00", "1:7: invalid NUL character"},
		{"x := \"\xff\"", "1:7: invalid UTF-8 encoding"},
		{"x := \xff", "1:6: invalid UTF-8 encoding"},
		{"x := a€", "1:7: invalid character U+20AC '€' in identifier"},
		{"x := ٣", "1:6: identifier cannot begin with digit U+0663 '٣'"},
		{"x\uFEFF", "1:2: invalid BOM in the middle of the file"},
	}
	for _, tt := range tests {
		_, err := Parse("t.goro", []byte(tt.src))
		require.Error(t, err, tt.src)
		assert.Equal(t, "t.goro:"+tt.want, err.Error(), "source %q", tt.src)
	}
}

func TestNestingLimit(t *testing.T) {
	deep := func(open, close string, n int) string {
		return "x := " + strings.Repeat(open, n) + "1" + strings.Repeat(close, n)
	}
	for _, br := range [][2]string{{"(", ")"}, {"[", "]"}, {"{1: ", "}"}} {
		_, err := Parse("t.goro", []byte(deep(br[0], br[1], maxNest-1)))
		require.NoError(t, err, br[0])
		_, err = Parse("t.goro", []byte(deep(br[0], br[1], 100000)))
		require.Error(t, err, br[0])
		e := err.(*Error)
		assert.Equal(t, "syntax error: nesting too deep", e.Msg)
		assert.Equal(t, Pos{1, int32(6 + (maxNest)*len(br[0]))}, e.Pos, br[0])
	}
	// Blocks, function literals, else-if chains and label chains.
	cases := map[string]string{
		"blocks":   strings.Repeat("{", 5000) + strings.Repeat("}", 5000),
		"closures": strings.Repeat("f(func() {", 5000) + strings.Repeat("})", 5000),
		"else-if":  "if a {}" + strings.Repeat(" else if a {}", 5000),
		"labels":   strings.Repeat("L: ", 5000) + "x++",
		"unary":    "x := " + strings.Repeat("!", 50000) + "y", // not limited: a loop
	}
	for name, src := range cases {
		_, err := Parse("t.goro", []byte(src))
		if name == "unary" {
			assert.NoError(t, err, name)
			continue
		}
		require.Error(t, err, name)
		assert.Equal(t, "syntax error: nesting too deep", err.(*Error).Msg, name)
	}
	ok := "if a {}" + strings.Repeat(" else if a {}", 900) + "\n" + strings.Repeat("if a {}"+strings.Repeat(" else if a {}", 900)+"\n", 3)
	_, err := Parse("t.goro", []byte(ok))
	assert.NoError(t, err, "the chain count resets after each statement")
}
