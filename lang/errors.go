package lang

// Syntax errors: our own error type inside the parser, the conversion of
// participle's errors to gc's wording (PARSER-NOTES §5), and the choice of
// the one error a parse reports.

import (
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

const semiOrNewline = "semicolon or newline"

// synErr is a syntax error found while parsing, before it becomes an
// *Error. tok is the token the parser stopped at: when that is the end of
// input, more input might fix the error (Error.Incomplete). The semicolon
// inserted at the end of input does not count: a REPL continues the input
// after a newline, which would insert a semicolon there too, so an error at
// that semicolon is an error however the input goes on (`foo(1, 2` needs
// a comma before a line break, as in Go).
type synErr struct {
	pos lexer.Position
	tok lexer.Token
	msg string // complete message, e.g. "syntax error: unexpected ), expected expression"
}

func (e *synErr) Error() string { return e.msg }

// unexpected reports gc's "syntax error: unexpected X" + suffix at t, where
// suffix is empty, ", expected Y", " at end of statement" or " in ...".
func unexpected(t *lexer.Token, suffix string) *synErr {
	return &synErr{pos: t.Pos, tok: *t, msg: "syntax error: unexpected " + describe(t) + suffix}
}

// errorAt reports "syntax error: msg" at pos, having stopped at t.
func errorAt(pos lexer.Position, t *lexer.Token, msg string) *synErr {
	return &synErr{pos: pos, tok: *t, msg: "syntax error: " + msg}
}

// plainErrorAt reports msg (no "syntax error: " prefix) at pos. It is used
// where gc does not call the error a syntax error either: the value of a
// literal, and what gc finds after parsing, in its type checker ("non-name
// x.y on left side of :=").
func plainErrorAt(pos lexer.Position, t *lexer.Token, msg string) *synErr {
	return &synErr{pos: pos, tok: *t, msg: msg}
}

// describe names a token the way gc's syntax errors do.
func describe(t *lexer.Token) string {
	switch t.Type {
	case lexer.EOF:
		return "EOF"
	case tokSemi:
		switch t.Value {
		case ";":
			return "semicolon"
		case "\n":
			return "newline"
		}
		return "EOF"
	case tokIdent:
		return "name " + t.Value
	case tokInt, tokFloat, tokString, tokChar:
		return "literal " + t.Value
	case tokKeyword:
		return "keyword " + t.Value
	case tokBodyIf, tokBodyFor, tokBodySwitch:
		return "{"
	case tokPunct:
		if t.Value == "," {
			return "comma"
		}
		return t.Value
	}
	return t.Value
}

// fromParticiple converts an error returned by participle (which may be
// one of ours, passed through) into a *synErr. toks is the whole token
// stream, to find the token at an error's position.
func fromParticiple(err error, toks []lexer.Token) *synErr {
	var se *synErr
	if errors.As(err, &se) {
		return se
	}
	var ute *participle.UnexpectedTokenError
	if errors.As(err, &ute) {
		t := ute.Unexpected
		expect := ute.Expect
		if expect == "" {
			expect = expectedFromMessage(ute.Message(), &t)
		}
		return expectedMessage(&t, expect)
	}
	var perr participle.Error
	if errors.As(err, &perr) {
		t := tokenAt(toks, perr.Position())
		return unexpected(&t, "")
	}
	// Not expected from participle; keep the message, place it at EOF.
	t := toks[len(toks)-1]
	return errorAt(t.Pos, &t, err.Error())
}

// expectedFromMessage extracts the EBNF after "(expected " from participle's
// message for t, or "".
func expectedFromMessage(msg string, t *lexer.Token) string {
	i := strings.Index(msg, " (expected ")
	if i < 0 || !strings.HasSuffix(msg, ")") {
		return ""
	}
	return msg[i+len(" (expected ") : len(msg)-1]
}

// expectedMessage turns participle's "expected" EBNF into gc's wording.
// The EBNF is the rest of the sequence that failed, so its first term is
// what was expected. The grammar reports most errors through end.go and
// the Pratt parser; what reaches here is a token literal or a production
// that did not start.
func expectedMessage(t *lexer.Token, ebnf string) *synErr {
	term := firstTerm(ebnf)
	switch term {
	case "":
		return unexpected(t, "")
	case "GBlock":
		if t.Type == tokSemi && t.Value == "\n" {
			// func f()⏎{ : the brace must be on the same line.
			return errorAt(t.Pos, t, "unexpected semicolon or newline before {")
		}
		return unexpected(t, ", expected {")
	case "GFuncSig":
		return unexpected(t, ", expected (")
	case "GName", "<ident>":
		return unexpected(t, ", expected name")
	case "<semi>":
		return unexpected(t, ", expected "+semiOrNewline)
	case "Expr", "GSimple", "GHeadSimple":
		return unexpected(t, ", expected expression")
	}
	if strings.HasSuffix(term, "| GVarSpec)") {
		return unexpected(t, ", expected name") // var 1
	}
	if len(term) >= 3 && term[0] == '"' { // a quoted literal: "}" → }
		if lit, err := strconv.Unquote(term); err == nil {
			return unexpected(t, ", expected "+lit)
		}
	}
	return unexpected(t, "")
}

// firstTerm returns the first term of an EBNF sequence as participle
// prints it: a quoted literal, a <token>, a production name or a
// parenthesized group.
func firstTerm(ebnf string) string {
	if ebnf == "" {
		return ""
	}
	switch ebnf[0] {
	case '"':
		for i := 1; i < len(ebnf); i++ {
			switch ebnf[i] {
			case '\\':
				i++
			case '"':
				return ebnf[:i+1]
			}
		}
		return ebnf
	case '(':
		depth := 0
		for i := 0; i < len(ebnf); i++ {
			switch ebnf[i] {
			case '(':
				depth++
			case ')':
				if depth--; depth == 0 {
					return ebnf[:i+1]
				}
			case '"': // skip a literal, which may contain parentheses
				for i++; i < len(ebnf) && ebnf[i] != '"'; i++ {
					if ebnf[i] == '\\' {
						i++
					}
				}
			}
		}
		return ebnf
	}
	if i := strings.IndexAny(ebnf, " ?*+!)|"); i >= 0 {
		return ebnf[:i]
	}
	return ebnf
}

// tokenAt returns the token at (or the first after) pos.
func tokenAt(toks []lexer.Token, pos lexer.Position) lexer.Token {
	i := sort.Search(len(toks), func(i int) bool { return toks[i].Pos.Offset >= pos.Offset })
	if i == len(toks) {
		i = len(toks) - 1
	}
	return toks[i]
}

// newError makes the *Error a caller sees from a *synErr.
func newError(file string, src []byte, e *synErr, incomplete bool) *Error {
	p := Pos{Line: int32(e.pos.Line), Col: int32(e.pos.Column)}
	if !p.IsValid() {
		p = Pos{Line: 1, Col: 1}
	}
	return &Error{File: file, Pos: p, Msg: e.msg, Line: SourceLine(src, int(p.Line)), Incomplete: incomplete}
}
