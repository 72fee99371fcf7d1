package lang

// Checkpoints of the grammar that report gc's messages.
//
// Each type here implements participle.Parseable and stands where the
// grammar expects one particular token (a closing brace, the second
// semicolon of a for header, ...). It looks at the next token and, when it
// is wrong, at the previous one, which is how gc chooses between
// "unexpected X, expected }" (a statement should have started) and
// "unexpected X at end of statement" (one just ended without a semicolon).
// Some consume the token they check; the "End" checks of clause bodies and
// labels only look.
//
// They are only ever used inside a production that has already consumed a
// token, so with UseLookahead(0) their errors are final.
//
// Two more Parseables at the end of the file, gSimpleOp and gLabelName,
// replace grammar that participle would run slowly (a disjunction of
// sixteen literals; a lookahead group at every statement). They report no
// errors: when the token is not theirs they return NextMatch.

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// prevToken returns the token before the next one, or nil at the start.
func prevToken(lex *lexer.PeekingLexer) *lexer.Token {
	rc := lex.RawCursor()
	if rc == 0 {
		return nil
	}
	return &lex.Range(rc-1, rc)[0]
}

func isPunct(t *lexer.Token, v string) bool {
	return t != nil && t.Type == tokPunct && t.Value == v
}

func isKw(t *lexer.Token, v string) bool {
	return t != nil && t.Type == tokKeyword && t.Value == v
}

// isLbrace reports whether t is a '{' of any kind (block, map literal or
// the body of a header).
func isLbrace(t *lexer.Token) bool {
	switch t.Type {
	case tokPunct:
		return t.Value == "{"
	case tokBodyIf, tokBodyFor, tokBodySwitch:
		return true
	}
	return false
}

// afterStmtStart reports whether the token after prev is where a statement
// could have started: after the start of input, a semicolon, an opening
// brace or a colon (of a case or label).
func afterStmtStart(prev *lexer.Token) bool {
	return prev == nil || prev.Type == tokSemi || isLbrace(prev) || isPunct(prev, ":")
}

// gFileEnd checks that the top level ends at the end of input.
type gFileEnd struct{}

func (*gFileEnd) Parse(lex *lexer.PeekingLexer) error {
	t := lex.Peek()
	if t.EOF() {
		return nil
	}
	if afterStmtStart(prevToken(lex)) {
		return unexpected(t, ", expected statement")
	}
	return unexpected(t, " at end of statement")
}

// gBlockEnd is the '}' that closes a block.
type gBlockEnd struct{ Pos lexer.Position }

func (e *gBlockEnd) Parse(lex *lexer.PeekingLexer) error {
	t := lex.Peek()
	if isPunct(t, "}") {
		e.Pos = t.Pos
		lex.Next()
		return nil
	}
	if afterStmtStart(prevToken(lex)) {
		return unexpected(t, ", expected }")
	}
	return unexpected(t, " at end of statement")
}

// gClauseEnd checks (without consuming) that a case body ends where the
// next clause or the closing brace starts.
type gClauseEnd struct{}

func (*gClauseEnd) Parse(lex *lexer.PeekingLexer) error {
	t := lex.Peek()
	if isPunct(t, "}") {
		return nil // a semicolon may be omitted before a closing brace
	}
	if afterStmtStart(prevToken(lex)) {
		if isKw(t, "case") || isKw(t, "default") {
			return nil
		}
		return unexpected(t, ", expected case or default or }")
	}
	return unexpected(t, " at end of statement") // case 1: x++ case 2:
}

// gCasesEnd is the '}' that closes a switch or select.
type gCasesEnd struct{ Pos lexer.Position }

func (e *gCasesEnd) Parse(lex *lexer.PeekingLexer) error {
	t := lex.Peek()
	if isPunct(t, "}") {
		e.Pos = t.Pos
		lex.Next()
		return nil
	}
	return unexpected(t, ", expected case or default or }")
}

// gLabelEnd checks (without consuming) what follows a label that has no
// statement: only a semicolon or '}' may (the label then labels an empty
// statement, positioned at that token).
type gLabelEnd struct{ Pos lexer.Position }

func (e *gLabelEnd) Parse(lex *lexer.PeekingLexer) error {
	prev := prevToken(lex)
	if !isPunct(prev, ":") {
		return nil // the label has a statement
	}
	t := lex.Peek()
	if t.Type == tokSemi && t.Value != "" || isPunct(t, "}") {
		e.Pos = t.Pos
		return nil
	}
	return errorAt(prev.Pos, t, "missing statement after label")
}

// gForSemi is the second semicolon of a for header.
type gForSemi struct{}

func (*gForSemi) Parse(lex *lexer.PeekingLexer) error {
	t := lex.Peek()
	if t.Type == tokSemi {
		lex.Next()
		return nil
	}
	if t.Type == tokBodyFor && prevToken(lex).Type == tokSemi {
		return unexpected(t, ", expected for loop condition")
	}
	return unexpected(t, ", expected "+semiOrNewline)
}

// gElseMust stands for anything after `else` that is not `if` or a block.
type gElseMust struct{}

func (*gElseMust) Parse(lex *lexer.PeekingLexer) error {
	t := lex.Peek()
	return errorAt(t.Pos, t, "else must be followed by if or statement block")
}

// gImportPath is the quoted path of an import.
type gImportPath struct{ Tok lexer.Token }

func (e *gImportPath) Parse(lex *lexer.PeekingLexer) error {
	t := lex.Peek()
	switch t.Type {
	case tokString:
		e.Tok = *t
		lex.Next()
		return nil
	case tokInt, tokFloat, tokChar:
		return errorAt(t.Pos, t, "import path must be a string")
	}
	return errorAt(t.Pos, t, "missing import path")
}

// gRangeEnd checks (without consuming) that a range clause ends the for
// header: `for k, v := range x {`.
type gRangeEnd struct{}

func (*gRangeEnd) Parse(lex *lexer.PeekingLexer) error {
	if t := lex.Peek(); t.Type != tokBodyFor {
		return unexpected(t, ", expected { after for clause")
	}
	return nil
}

// gSimpleOp is the operator of a simple statement. One Parseable instead of
// a disjunction of sixteen literals: participle tries the alternatives of a
// disjunction one by one, each in a branch of its own.
type gSimpleOp struct{ Tok lexer.Token }

func (op *gSimpleOp) Parse(lex *lexer.PeekingLexer) error {
	t := lex.Peek()
	if t.Type != tokPunct {
		return participle.NextMatch
	}
	switch t.Value {
	case ":=", "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "&^=", "++", "--", "<-":
		op.Tok = *t
		lex.Next()
		return nil
	}
	return participle.NextMatch
}

// gLabelName is the name of a label: a name followed by ':'.
type gLabelName struct{ Tok lexer.Token }

func (l *gLabelName) Parse(lex *lexer.PeekingLexer) error {
	t := lex.Peek()
	if t.Type != tokIdent {
		return participle.NextMatch
	}
	// t is not EOF, so a token follows it (EOF at least).
	rc := lex.RawCursor()
	if !isPunct(&lex.Range(rc+1, rc+2)[0], ":") {
		return participle.NextMatch
	}
	l.Tok = *t
	lex.Next()
	return nil
}
