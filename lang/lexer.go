package lang

// The lexer: a hand-written scanner that implements participle's
// lexer.Definition and applies Go's semicolon rule as it goes (SPEC §1).
//
// Design notes:
//   - Token values are substrings of the source (no copies). Literal values
//     are validated here and decoded later by the expression parser.
//   - Columns count bytes from 1 (SPEC §1), unlike participle's own lexers.
//   - A lexical error does not stop participle's lexer.Upgrade (which would
//     throw the whole token stream away): the scanner emits one tokError
//     token carrying the message, then EOF. The parser fails on that token
//     unless it fails earlier, so the first error in source order wins.
//   - Two pieces of context the grammar cannot express cheaply are computed
//     here, from the token stream alone:
//     1. Nesting depth. Every '(' '[' '{' counts one level, and so does each
//     `else if` and each label of a chain (`a: b: c:`), because the parser
//     recurses for those too. More than maxNest levels is an error, so no
//     input can make the parser recurse without bound.
//     2. Which '{' opens the body of an if/for/switch header. Go's rule
//     (the composite-literal ambiguity) is that in a header, a '{' at the
//     header's own bracket level ends the header. Such a brace gets a
//     token type of its own (tokBodyIf...), so the expression parser never
//     reads it as the start of a map literal, while the grammar still
//     matches it as '{' (participle matches quoted literals by value).

import (
	"bytes"
	"fmt"
	"io"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
)

// maxNest is the deepest nesting of brackets, blocks, function literals,
// else-if chains and label chains the parser accepts.
const maxNest = 1000

// Token types. The grammar refers to them by the names in symbols.
const (
	tokIdent lexer.TokenType = iota + 1
	tokKeyword
	tokInt
	tokFloat
	tokString // interpreted or raw; Value is the source text with quotes
	tokChar
	tokPunct
	tokSemi       // Value ";" (explicit), "\n" (newline) or "" (end of input)
	tokBodyIf     // '{' opening the body of an if header
	tokBodyFor    // '{' opening the body of a for header
	tokBodySwitch // '{' opening the body of a switch header
	tokError      // a lexical error; Value is the message
)

// isKeyword reports whether s is one of Goro's keywords (SPEC §1).
func isKeyword(s string) bool {
	switch s {
	case "break", "case", "continue", "default", "defer", "else",
		"fallthrough", "false", "for", "func", "go", "if", "import", "nil",
		"range", "return", "select", "switch", "true", "var":
		return true
	}
	return false
}

// lexDef is the participle lexer.Definition for Goro. It has no state.
type lexDef struct{}

var _ lexer.StringDefinition = lexDef{}
var _ lexer.BytesDefinition = lexDef{}

// Symbols implements lexer.Definition: the token type names the grammar
// uses. (A new map each time: it is called once, when the parser is built,
// and no shared map can then be changed by anyone.)
func (lexDef) Symbols() map[string]lexer.TokenType {
	return map[string]lexer.TokenType{
		"EOF":        lexer.EOF,
		"Ident":      tokIdent,
		"Keyword":    tokKeyword,
		"Int":        tokInt,
		"Float":      tokFloat,
		"String":     tokString,
		"Char":       tokChar,
		"Punct":      tokPunct,
		"Semi":       tokSemi,
		"BodyIf":     tokBodyIf,
		"BodyFor":    tokBodyFor,
		"BodySwitch": tokBodySwitch,
		"Error":      tokError,
	}
}

func (lexDef) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, err
	}
	return newScanner(filename, buf.String()), nil
}

func (lexDef) LexString(filename, input string) (lexer.Lexer, error) {
	return newScanner(filename, input), nil
}

func (lexDef) LexBytes(filename string, input []byte) (lexer.Lexer, error) {
	return newScanner(filename, string(input)), nil
}

// lexError is the first lexical error of a scan.
type lexError struct {
	pos        lexer.Position
	msg        string
	incomplete bool // more input could fix it (open raw string or comment)
}

// frame is one open bracket (frames[0] stands for the top level).
type frame struct {
	funcParams bool  // a '(' right after `func`: its ')' is followed by a body
	chain      int32 // else-if and label chain links in the current statement
}

// header is an if/for/switch header waiting for its body's '{'.
type header struct {
	depth int             // len(frames) when the keyword was seen
	kind  lexer.TokenType // tokBodyIf, tokBodyFor or tokBodySwitch
}

// scanner produces the tokens of one source. It is used by one goroutine.
type scanner struct {
	src       string
	file      string
	off       int // offset of the next unread byte
	line      int
	lineStart int // offset of the first byte of the current line

	nlsemi bool // a newline or the end of input here ends a statement
	done   bool // EOF (or an error token) was returned
	err    *lexError
	count  int // tokens returned so far, EOF included

	frames  []frame
	nest    int // len(frames)-1 plus all chain counts
	headers []header
	// The previous two tokens, for the context rules (else-if, labels,
	// func parameter lists).
	prev, prev2      lexer.Token
	closedFuncParams bool // prev is a ')' that closed a func parameter list
}

func newScanner(file, src string) *scanner {
	s := &scanner{src: src, file: file, line: 1}
	s.frames = append(make([]frame, 0, 16), frame{})
	// A byte order mark is allowed at the very start only (as in Go).
	if len(src) >= 3 && src[:3] == "\uFEFF" {
		s.off, s.lineStart = 3, 3
	}
	return s
}

func (s *scanner) posAt(off int) lexer.Position {
	return lexer.Position{Filename: s.file, Offset: off, Line: s.line, Column: off - s.lineStart + 1}
}

// Next implements lexer.Lexer. It never returns an error: lexical errors
// become a tokError token (see the file comment).
func (s *scanner) Next() (lexer.Token, error) {
	t := s.scan()
	s.count++
	return t, nil
}

// fail records a lexical error at off and returns the error token.
func (s *scanner) fail(off int, incomplete bool, format string, args ...any) lexer.Token {
	return s.failAt(s.posAt(off), incomplete, fmt.Sprintf(format, args...))
}

func (s *scanner) failAt(pos lexer.Position, incomplete bool, msg string) lexer.Token {
	if s.err == nil {
		s.err = &lexError{pos: pos, msg: msg, incomplete: incomplete}
	}
	s.done = true
	return lexer.Token{Type: tokError, Value: msg, Pos: pos}
}

func (s *scanner) scan() lexer.Token {
	if s.done {
		return lexer.Token{Type: lexer.EOF, Pos: s.posAt(s.off)}
	}
	for {
		if s.off >= len(s.src) {
			if s.nlsemi {
				return s.emit(tokSemi, "", s.off)
			}
			s.done = true
			return lexer.Token{Type: lexer.EOF, Pos: s.posAt(s.off)}
		}
		c := s.src[s.off]
		switch c {
		case ' ', '\t', '\r':
			s.off++
			continue
		case '\n':
			if s.nlsemi {
				t := s.emit(tokSemi, "\n", s.off)
				s.newline(s.off)
				s.off++
				return t
			}
			s.newline(s.off)
			s.off++
			continue
		case '/':
			if s.off+1 < len(s.src) {
				switch s.src[s.off+1] {
				case '/':
					// Stop before the newline: it still ends the statement.
					for s.off < len(s.src) && s.src[s.off] != '\n' {
						s.off++
					}
					continue
				case '*':
					if t, ok := s.blockComment(); ok {
						return t
					}
					if s.done {
						return lexer.Token{Type: tokError, Value: s.err.msg, Pos: s.err.pos}
					}
					continue
				}
			}
		}
		return s.token()
	}
}

// newline records that the byte at off is a '\n'.
func (s *scanner) newline(off int) {
	s.line++
	s.lineStart = off + 1
}

// blockComment skips a /* */ comment. A comment that contains a newline
// acts like a newline (it may end a statement): then it returns a Semi
// token positioned at the comment, and ok.
func (s *scanner) blockComment() (lexer.Token, bool) {
	start := s.off
	startPos := s.posAt(start)
	end := -1
	sawNewline := false
	for i := start + 2; i+1 < len(s.src); i++ {
		if s.src[i] == '*' && s.src[i+1] == '/' {
			end = i + 2
			break
		}
	}
	if end < 0 {
		s.failAt(startPos, true, "comment not terminated")
		return lexer.Token{}, false
	}
	for i := start; i < end; i++ {
		if s.src[i] == '\n' {
			sawNewline = true
			s.newline(i)
		}
	}
	s.off = end
	if sawNewline && s.nlsemi {
		return s.emitAt(tokSemi, "\n", startPos), true
	}
	return lexer.Token{}, false
}

// token scans one token starting at s.off (not a space or comment).
func (s *scanner) token() lexer.Token {
	start := s.off
	c := s.src[start]
	switch {
	case c < utf8.RuneSelf && (isLetter(c) || c == '_'):
		return s.ident(start)
	case c >= utf8.RuneSelf:
		r, size := utf8.DecodeRuneInString(s.src[start:])
		switch {
		case r == utf8.RuneError && size == 1:
			return s.fail(start, false, "invalid UTF-8 encoding")
		case r == 0xFEFF:
			return s.fail(start, false, "invalid BOM in the middle of the file")
		case unicode.IsLetter(r):
			return s.ident(start)
		case unicode.IsDigit(r):
			return s.fail(start, false, "identifier cannot begin with digit %#U", r)
		}
		return s.fail(start, false, "invalid character %#U", r)
	case isDigit(c) || c == '.' && start+1 < len(s.src) && isDigit(s.src[start+1]):
		return s.number(start)
	case c == '"':
		return s.stdString(start)
	case c == '`':
		return s.rawString(start)
	case c == '\'':
		return s.runeLit(start)
	case c == 0:
		return s.fail(start, false, "invalid NUL character")
	}
	if n := punctLen(s.src[start:]); n > 0 {
		s.off += n
		if n == 1 && c == ';' {
			return s.emit(tokSemi, ";", start)
		}
		return s.emit(tokPunct, s.src[start:s.off], start)
	}
	return s.fail(start, false, "invalid character %#U", rune(c))
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }
func isHex(c byte) bool    { return isDigit(c) || 'a' <= c|0x20 && c|0x20 <= 'f' }

func (s *scanner) ident(start int) lexer.Token {
	i := start
	for i < len(s.src) {
		c := s.src[i]
		if c < utf8.RuneSelf {
			if isLetter(c) || isDigit(c) || c == '_' {
				i++
				continue
			}
			break
		}
		r, size := utf8.DecodeRuneInString(s.src[i:])
		if r == utf8.RuneError && size == 1 {
			return s.fail(i, false, "invalid UTF-8 encoding")
		}
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			if r == 0xFEFF || unicode.IsSpace(r) {
				break // reported (or skipped) as the next token
			}
			return s.fail(i, false, "invalid character %#U in identifier", r)
		}
		i += size
	}
	s.off = i
	word := s.src[start:i]
	if isKeyword(word) {
		return s.emit(tokKeyword, word, start)
	}
	return s.emit(tokIdent, word, start)
}

// punctLen returns the length of the operator or punctuation at the start
// of src (longest match), or 0.
func punctLen(src string) int {
	c := src[0]
	at := func(i int) byte {
		if i < len(src) {
			return src[i]
		}
		return 0
	}
	switch c {
	case '(', ')', '[', ']', '{', '}', ',', ';', '~':
		return 1
	case '.':
		if at(1) == '.' && at(2) == '.' {
			return 3
		}
		return 1
	case ':', '=', '!', '*', '/', '%', '^':
		if at(1) == '=' {
			return 2
		}
		return 1
	case '+', '-':
		if at(1) == c || at(1) == '=' {
			return 2
		}
		return 1
	case '&':
		switch at(1) {
		case '&', '=':
			return 2
		case '^':
			if at(2) == '=' {
				return 3
			}
			return 2
		}
		return 1
	case '|':
		if at(1) == '|' || at(1) == '=' {
			return 2
		}
		return 1
	case '<':
		switch at(1) {
		case '-', '=':
			return 2
		case '<':
			if at(2) == '=' {
				return 3
			}
			return 2
		}
		return 1
	case '>':
		switch at(1) {
		case '=':
			return 2
		case '>':
			if at(2) == '=' {
				return 3
			}
			return 2
		}
		return 1
	}
	return 0
}

// emit returns the token of type t and value v starting at offset off,
// and updates the semicolon and context state.
func (s *scanner) emit(t lexer.TokenType, v string, off int) lexer.Token {
	return s.emitAt(t, v, s.posAt(off))
}

func (s *scanner) emitAt(t lexer.TokenType, v string, pos lexer.Position) lexer.Token {
	tok := lexer.Token{Type: t, Value: v, Pos: pos}
	closedFunc := false
	switch t {
	case tokIdent, tokInt, tokFloat, tokString, tokChar:
		s.nlsemi = true
	case tokKeyword:
		switch v {
		case "break", "continue", "return", "fallthrough", "true", "false", "nil":
			s.nlsemi = true
		default:
			s.nlsemi = false
		}
		switch v {
		case "if":
			if s.prev.Type == tokKeyword && s.prev.Value == "else" {
				if !s.deeper(&tok) {
					return tok
				}
			}
			s.headers = append(s.headers, header{len(s.frames), tokBodyIf})
		case "for":
			s.headers = append(s.headers, header{len(s.frames), tokBodyFor})
		case "switch":
			s.headers = append(s.headers, header{len(s.frames), tokBodySwitch})
		}
	case tokSemi:
		s.nlsemi = false
		// A statement ended: its chain no longer nests. Semicolons inside
		// an if/for/switch header do not end the statement.
		if n := len(s.headers); n == 0 || s.headers[n-1].depth != len(s.frames) {
			top := &s.frames[len(s.frames)-1]
			s.nest -= int(top.chain)
			top.chain = 0
		}
	case tokPunct:
		s.nlsemi = false
		switch v {
		case "++", "--", ")", "]", "}":
			s.nlsemi = true
		}
		switch v {
		case "(", "[", "{":
			// `]T{` in a header is a composite literal of a slice, array
			// or map type (`range []string{"a"} {`), never the body.
			typeLit := s.prev.Type == tokIdent && s.prev2.Type == tokPunct && s.prev2.Value == "]"
			if v == "{" && !s.closedFuncParams && !typeLit {
				if n := len(s.headers); n > 0 && s.headers[n-1].depth == len(s.frames) {
					tok.Type = s.headers[n-1].kind
					s.headers = s.headers[:n-1]
				}
			}
			isFunc := v == "(" && s.prev.Type == tokKeyword && s.prev.Value == "func"
			s.frames = append(s.frames, frame{funcParams: isFunc})
			if !s.deeper(&tok) {
				return tok
			}
		case ")", "]", "}":
			if len(s.frames) > 1 {
				top := s.frames[len(s.frames)-1]
				s.frames = s.frames[:len(s.frames)-1]
				s.nest -= 1 + int(top.chain)
				closedFunc = v == ")" && top.funcParams
				for n := len(s.headers); n > 0 && s.headers[n-1].depth > len(s.frames); n-- {
					s.headers = s.headers[:n-1]
				}
			}
		case ":":
			// Count the links of a label chain `a: b: c:` after the first:
			// `name :` right after a colon. (This also counts a label after
			// `case x:` and the invalid slice x[a:b:c]; that is harmless.)
			if s.prev.Type == tokIdent && s.prev2.Type == tokPunct && s.prev2.Value == ":" {
				if !s.deeper(&tok) {
					return tok
				}
			}
		}
	}
	s.prev2, s.prev = s.prev, tok
	s.closedFuncParams = closedFunc
	return tok
}

// deeper counts one more nesting level for tok (an open bracket, which has
// already pushed its frame, or a chain link). Past maxNest it turns tok
// into an error token and returns false.
func (s *scanner) deeper(tok *lexer.Token) bool {
	if tok.Value != "(" && tok.Value != "[" && tok.Value != "{" {
		s.frames[len(s.frames)-1].chain++
	}
	s.nest++
	if s.nest > maxNest {
		*tok = s.failAt(tok.Pos, false, "syntax error: nesting too deep")
		return false
	}
	return true
}
