package lang

// The entry points: Parse for files, ParseREPL for REPL input.
//
// A parse is: scan the whole input (lexer.go), run participle over the
// tokens (grammar.go, pratt.go, end.go), convert the result (convert.go).
// The first error in source order is reported, as one *Error:
//   - the lexer stops at its first error and emits an error token there,
//     so a syntax error found earlier wins over it, and a later one cannot
//     exist (the parser cannot get past the error token); when the parser
//     stops at the error token, the lexical error is the cause and is
//     reported, even if the parser placed its own message earlier;
//   - conversion errors only exist when the grammar accepted everything;
//   - for files, imports after other statements are found by a scan of the
//     tokens, so that this error, too, is reported in source order.
//
// Nothing here keeps state between calls: concurrent parses are safe.

import (
	"fmt"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// Parse parses a Goro source file. Imports must come before every other
// statement. The error, if any, is a *Error.
func Parse(filename string, src []byte) (*File, error) {
	return parse(filename, src, false, true)
}

// ParseREPL parses one REPL input: the grammar of a file, except that
// imports may appear anywhere at the top level; they are returned in place,
// as *ImportStmt, in File.Stmts (File.Imports stays empty). When the input
// ends too early (an open brace, parenthesis or bracket, an operator with
// no right operand, an open raw string or comment), the *Error has
// Incomplete set: the REPL should read another line and parse again.
func ParseREPL(filename string, src []byte) (*File, error) {
	return parse(filename, src, true, true)
}

// parse implements Parse and ParseREPL. catch is false only in the fuzz
// test, which must see panics.
func parse(filename string, src []byte, repl, catch bool) (file *File, err error) {
	if e := checkSize(filename, src); e != nil {
		return nil, e
	}
	buildParsers()
	sc := newScanner(filename, string(src))
	var toks []lexer.Token
	if catch {
		defer func() {
			// Participle panics on some grammar shapes at parse time, and
			// any bug here should become an error, never a crash of the
			// host program.
			if r := recover(); r != nil {
				file, err = nil, recovered(filename, src, r, toks)
			}
		}()
	}

	lex, lerr := lexer.Upgrade(sc)
	if lerr != nil { // our scanner never fails; keep the contract anyway
		return nil, &Error{File: filename, Pos: Pos{1, 1}, Msg: lerr.Error()}
	}
	toks = lex.Range(0, lexer.RawCursor(sc.count))

	var first *synErr // the earliest error so far
	incomplete := false
	note := func(e *synErr, inc bool) {
		if first == nil || e.pos.Offset < first.pos.Offset {
			first, incomplete = e, inc
		}
	}
	if !repl {
		if e := misplacedImport(toks); e != nil {
			note(e, false)
		}
	}

	g, perr := fileParser.ParseFromLexer(lex)
	if perr != nil {
		e := fromParticiple(perr, toks)
		if sc.err != nil && (e.tok.Type == tokError || sc.err.pos.Offset <= e.pos.Offset) {
			// The parser stopped at the lexical error (its message may be
			// placed before it, as "missing statement after label" is):
			// report the lexical error, the cause.
			e = &synErr{pos: sc.err.pos, msg: sc.err.msg}
			note(e, sc.err.incomplete)
		} else {
			note(e, e.tok.EOF())
		}
		return nil, newError(filename, src, first, incomplete)
	}
	if sc.err != nil { // cannot happen: no production accepts an error token
		note(&synErr{pos: sc.err.pos, msg: sc.err.msg}, sc.err.incomplete)
	}
	if first != nil {
		return nil, newError(filename, src, first, incomplete)
	}
	c := converter{toks: toks}
	f, cerr := c.file(g, filename, src, repl)
	if cerr != nil {
		e := fromParticiple(cerr, toks)
		return nil, newError(filename, src, e, e.tok.EOF())
	}
	if e := checkDepth(filename, src, f, MaxDepth); e != nil {
		return nil, e
	}
	return f, nil
}

// misplacedImport returns gc's error for the first import that follows
// another top-level statement, or nil. It scans tokens: a statement starts
// at the first token and after every top-level semicolon.
func misplacedImport(toks []lexer.Token) *synErr {
	depth := 0
	atStart := true
	seenOther := false
	for i := range toks {
		t := &toks[i]
		if atStart && depth == 0 && t.Type != tokSemi && !t.EOF() {
			if i == firstTok(toks) && t.Type == tokIdent && t.Value == "package" {
				// the package clause comes before imports
			} else if isKw(t, "import") {
				if seenOther {
					return errorAt(t.Pos, t, "imports must appear before other declarations")
				}
			} else {
				seenOther = true
			}
		}
		atStart = false
		switch {
		case t.Type == tokSemi:
			atStart = depth == 0
		case isLbrace(t) || isPunct(t, "(") || isPunct(t, "["):
			depth++
		case isPunct(t, "}") || isPunct(t, ")") || isPunct(t, "]"):
			if depth > 0 {
				depth--
			}
		}
	}
	return nil
}

// firstTok is the index of the first token that is not a semicolon.
func firstTok(toks []lexer.Token) int {
	for i := range toks {
		if toks[i].Type != tokSemi {
			return i
		}
	}
	return len(toks)
}

// recovered turns a panic during a parse into an *Error at the best known
// position.
func recovered(filename string, src []byte, r any, toks []lexer.Token) *Error {
	pos := lexer.Position{Line: 1, Column: 1}
	if perr, ok := r.(participle.Error); ok && perr.Position().Line > 0 {
		pos = perr.Position()
	} else if len(toks) > 0 {
		pos = toks[len(toks)-1].Pos
	}
	e := &synErr{pos: pos, msg: fmt.Sprintf("syntax error: internal parser error: %v", r)}
	if len(toks) > 0 {
		t := tokenAt(toks, pos)
		e = unexpected(&t, "")
		e.pos = pos
	}
	return newError(filename, src, e, false)
}
