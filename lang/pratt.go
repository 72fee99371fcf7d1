package lang

// The expression parser: hand-written precedence climbing (a Pratt parser),
// registered with participle.ParseTypeWith so that every Expr field of the
// grammar calls it (PARSER-NOTES §2 (b)). It builds the AST directly.
//
// Its contract with participle:
//   - Return participle.NextMatch only when nothing was consumed and the
//     next token cannot start an expression; the grammar then tries its
//     next option.
//   - Once a token is consumed, any error is final (UseLookahead(0)). Where
//     the grammar makes an expression optional but Go requires one (after
//     `return`, `if`, `for`, `switch`), the parser looks at the previous
//     token, and when it demands an expression it consumes the offending
//     token so that its error is final and points where gc points.
//   - A function literal's `(params) { body }` is parsed by re-entering
//     participle (sigParser), then converted to the AST at once.
//
// Recursion is bounded: binary operators recurse once per precedence level,
// prefix operators are collected in a loop, and brackets, blocks and
// function literals are limited by the lexer's nesting check.

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// pratt is the state of one expression parse: just the token stream.
type pratt struct {
	lex *lexer.PeekingLexer
}

func toPos(p lexer.Position) Pos { return Pos{Line: int32(p.Line), Col: int32(p.Column)} }

// parseExpr is participle's entry point for the Expr type.
func parseExpr(lex *lexer.PeekingLexer) (Expr, error) {
	t := lex.Peek()
	prev := prevToken(lex)
	if isPunct(prev, "++") || isPunct(prev, "--") {
		return nil, participle.NextMatch // x++ ends the statement
	}
	if !startsExpr(t) {
		return nil, noExpr(lex, prev, t)
	}
	p := pratt{lex}
	x, err := p.binary(1)
	if err != nil {
		return nil, err
	}
	if isKw(prev, "go") || isKw(prev, "defer") {
		if err := checkCallStmt(prev, x); err != nil {
			return nil, err
		}
	}
	return x, nil
}

// startsExpr reports whether t can start an expression.
func startsExpr(t *lexer.Token) bool {
	switch t.Type {
	case tokIdent, tokInt, tokFloat, tokString, tokChar:
		return true
	case tokKeyword:
		switch t.Value {
		case "true", "false", "nil", "func":
			return true
		}
	case tokPunct:
		switch t.Value {
		case "(", "[", "{", "-", "+", "!", "^", "<-", "*", "&":
			return true
		}
	}
	return false
}

// noExpr decides what to do when the next token t cannot start an
// expression, from the previous token: let the grammar try something else
// (NextMatch), or report gc's error.
func noExpr(lex *lexer.PeekingLexer, prev, t *lexer.Token) error {
	if t.Type == tokBodyIf {
		// if {   /   if x := 1; {   /   if x⏎{
		switch {
		case isKw(prev, "if"):
			lex.Next()
			return errorAt(t.Pos, t, "missing condition in if statement")
		case prev != nil && prev.Type == tokSemi:
			lex.Next()
			if prev.Value == "\n" {
				return errorAt(prev.Pos, t, "unexpected newline, expected { after if clause")
			}
			return errorAt(prev.Pos, t, "missing condition in if statement")
		}
		return participle.NextMatch
	}
	if prev == nil || !demandsExpr(prev, t) {
		return participle.NextMatch
	}
	lex.Next() // make the error final; EOF cannot be consumed, and need not be
	return unexpected(t, ", expected expression")
}

// demandsExpr reports whether an expression must follow prev, given that
// the next token t is not one.
func demandsExpr(prev, t *lexer.Token) bool {
	switch prev.Type {
	case tokKeyword:
		switch prev.Value {
		case "go", "defer", "case", "range":
			return true
		case "return":
			return t.Type != tokSemi && !isPunct(t, "}")
		case "if", "for", "switch":
			// `for ;;`, `switch ; x` and `for {` / `switch {` are fine.
			return t.Type != tokSemi && t.Type != tokBodyFor && t.Type != tokBodySwitch
		}
	case tokPunct:
		switch prev.Value {
		case ",", "<-", ":=", "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", "&^=":
			return true
		}
	}
	return false
}

// checkCallStmt enforces that the operand of go and defer is a call.
func checkCallStmt(kw *lexer.Token, x Expr) error {
	switch x := x.(type) {
	case *CallExpr:
		return nil
	case *ParenExpr:
		return errorAt(lexPos(kw, x.Lparen), kw, "expression in "+kw.Value+" must not be parenthesized")
	}
	return errorAt(lexPos(kw, x.Start()), kw, "expression in "+kw.Value+" must be function call")
}

// lexPos turns an AST position back into a lexer position (for errors;
// the offset is that of the reference token, which is close enough for
// ordering errors).
func lexPos(ref *lexer.Token, p Pos) lexer.Position {
	return lexer.Position{Filename: ref.Pos.Filename, Offset: ref.Pos.Offset, Line: int(p.Line), Column: int(p.Col)}
}

// binaryOp returns the binary operator t stands for, or ILLEGAL.
func binaryOp(t *lexer.Token) Token {
	if t.Type != tokPunct {
		return ILLEGAL
	}
	switch t.Value {
	case "+":
		return ADD
	case "-":
		return SUB
	case "*":
		return MUL
	case "/":
		return QUO
	case "%":
		return REM
	case "&":
		return AND
	case "|":
		return OR
	case "^":
		return XOR
	case "<<":
		return SHL
	case ">>":
		return SHR
	case "&^":
		return AND_NOT
	case "&&":
		return LAND
	case "||":
		return LOR
	case "==":
		return EQL
	case "!=":
		return NEQ
	case "<":
		return LSS
	case "<=":
		return LEQ
	case ">":
		return GTR
	case ">=":
		return GEQ
	}
	return ILLEGAL
}

// unaryOp returns the prefix operator t stands for, or ILLEGAL.
func unaryOp(t *lexer.Token) Token {
	if t.Type != tokPunct {
		return ILLEGAL
	}
	switch t.Value {
	case "-":
		return SUB
	case "+":
		return ADD
	case "!":
		return NOT
	case "^":
		return XOR
	case "<-":
		return ARROW
	case "*":
		return MUL // *p: indirection
	case "&":
		return AND // &x: address
	}
	return ILLEGAL
}

// expr parses a required expression.
func (p *pratt) expr() (Expr, error) { return p.binary(1) }

// binary parses operands joined by binary operators of precedence at least
// minPrec, left-associatively.
func (p *pratt) binary(minPrec int) (Expr, error) {
	x, err := p.unary()
	if err != nil {
		return nil, err
	}
	start := x.Start()
	for {
		t := p.lex.Peek()
		op := binaryOp(t)
		prec := op.Precedence()
		if prec == 0 || prec < minPrec {
			return x, nil
		}
		p.lex.Next()
		y, err := p.binary(prec + 1)
		if err != nil {
			return nil, err
		}
		x = &BinaryExpr{X: x, OpPos: toPos(t.Pos), Op: op, Y: y, start: start}
	}
}

// unary parses prefix operators (in a loop, so that no chain of them can
// exhaust the stack), then a primary expression.
func (p *pratt) unary() (Expr, error) {
	var buf [4]*lexer.Token
	ops := buf[:0]
	for unaryOp(p.lex.Peek()) != ILLEGAL {
		ops = append(ops, p.lex.Next())
	}
	x, err := p.primary()
	if err != nil {
		return nil, err
	}
	for i := len(ops) - 1; i >= 0; i-- {
		x = &UnaryExpr{OpPos: toPos(ops[i].Pos), Op: unaryOp(ops[i]), X: x}
	}
	return x, nil
}

// primary parses an operand followed by selectors, calls, indexes and
// slices.
func (p *pratt) primary() (Expr, error) {
	x, err := p.operand()
	if err != nil {
		return nil, err
	}
	for {
		t := p.lex.Peek()
		if t.Type != tokPunct {
			return x, nil
		}
		switch t.Value {
		case ".":
			p.lex.Next()
			if isPunct(p.lex.Peek(), "(") {
				x, err = p.typeAssert(x)
				if err != nil {
					return nil, err
				}
				continue
			}
			name := p.lex.Peek()
			if name.Type != tokIdent {
				return nil, unexpected(name, ", expected name")
			}
			p.lex.Next()
			x = &SelectorExpr{X: x, Sel: &Ident{NamePos: toPos(name.Pos), Name: name.Value}, start: x.Start()}
		case "(":
			x, err = p.call(x)
		case "[":
			x, err = p.index(x)
		case "{":
			if !isTypeLike(x) {
				return x, nil
			}
			x, err = p.composite(asType(x))
		default:
			return x, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// call parses the arguments of a call of fun; the next token is '('.
func (p *pratt) call(fun Expr) (Expr, error) {
	c := &CallExpr{Fun: fun, Lparen: toPos(p.lex.Next().Pos), start: fun.Start()}
	for {
		t := p.lex.Peek()
		if isPunct(t, ")") {
			p.lex.Next()
			c.Rparen = toPos(t.Pos)
			return c, nil
		}
		arg, err := p.operandOf(t)
		if err != nil {
			return nil, err
		}
		c.Args = append(c.Args, arg)
		if t := p.lex.Peek(); isPunct(t, "...") {
			p.lex.Next()
			c.Spread = true
		}
		t = p.lex.Peek()
		switch {
		case isPunct(t, ","):
			p.lex.Next()
			if c.Spread {
				// f(xs...,) is fine; nothing may follow the spread argument.
				if t := p.lex.Peek(); !isPunct(t, ")") {
					return nil, unexpected(t, ", expected )")
				}
			}
		case isPunct(t, ")"):
		default:
			return nil, unexpected(t, " in argument list; possibly missing comma or )")
		}
	}
}

// operandOf parses a required expression whose first token is t.
func (p *pratt) operandOf(t *lexer.Token) (Expr, error) {
	if !startsExpr(t) {
		return nil, unexpected(t, ", expected expression")
	}
	return p.expr()
}

// index parses x[i], x[lo:hi], x[lo:] or x[:hi]; the next token is '['.
func (p *pratt) index(x Expr) (Expr, error) {
	lbrack := toPos(p.lex.Next().Pos)
	var lo Expr
	var err error
	if t := p.lex.Peek(); !isPunct(t, ":") {
		if lo, err = p.operandOf(t); err != nil {
			return nil, err
		}
	}
	t := p.lex.Peek()
	if isPunct(t, "]") && lo != nil {
		p.lex.Next()
		return &IndexExpr{X: x, Lbrack: lbrack, Index: lo, Rbrack: toPos(t.Pos), start: x.Start()}, nil
	}
	if isPunct(t, ",") && lo != nil {
		// X[A, B]: type arguments
		l := &IndexListExpr{X: x, Lbrack: lbrack, Indices: []Expr{lo}}
		for isPunct(p.lex.Peek(), ",") {
			p.lex.Next()
			if isPunct(p.lex.Peek(), "]") {
				break
			}
			a, err := p.operandOf(p.lex.Peek())
			if err != nil {
				return nil, err
			}
			l.Indices = append(l.Indices, a)
		}
		return l, p.want("]")
	}
	if !isPunct(t, ":") {
		return nil, unexpected(t, ", expected : or ]")
	}
	p.lex.Next()
	var hi Expr
	if t := p.lex.Peek(); !isPunct(t, "]") {
		if hi, err = p.operandOf(t); err != nil {
			return nil, err
		}
	}
	t = p.lex.Peek()
	if !isPunct(t, "]") {
		return nil, unexpected(t, ", expected ]")
	}
	p.lex.Next()
	return &SliceExpr{X: x, Lbrack: lbrack, Lo: lo, Hi: hi, Rbrack: toPos(t.Pos), start: x.Start()}, nil
}

// operand parses a name, a literal, a parenthesized expression or a
// function literal.
func (p *pratt) operand() (Expr, error) {
	t := p.lex.Peek()
	switch t.Type {
	case tokIdent:
		switch t.Value {
		case "map", "struct", "interface":
			n := p.peek2()
			if (t.Value == "map" && isPunct(n, "[")) || (t.Value != "map" && isLbrace(n)) {
				return p.parseType()
			}
		case "chan":
			if n := p.peek2(); startsType(n) && !isPunct(n, "(") {
				return p.parseType()
			}
		}
		p.lex.Next()
		return &Ident{NamePos: toPos(t.Pos), Name: t.Value}, nil
	case tokInt, tokFloat, tokString, tokChar:
		p.lex.Next()
		return basicLit(t)
	case tokKeyword:
		lit := &BasicLit{ValuePos: toPos(t.Pos), Raw: t.Value}
		switch t.Value {
		case "true":
			lit.Kind = TrueLit
		case "false":
			lit.Kind = FalseLit
		case "nil":
			lit.Kind = NilLit
		case "func":
			return p.funcLit()
		default:
			return nil, unexpected(t, ", expected expression")
		}
		p.lex.Next()
		return lit, nil
	case tokPunct:
		switch t.Value {
		case "(":
			return p.paren()
		case "[":
			if n := p.peek2(); (isPunct(n, "]") && startsType(p.peekN(3)) && !isPunct(p.peekN(3), "(")) || isPunct(n, "...") {
				return p.parseType()
			}
			return p.list()
		case "{":
			return p.mapLit()
		}
	}
	return nil, unexpected(t, ", expected expression")
}

// basicLit decodes the literal token t.
func basicLit(t *lexer.Token) (Expr, error) {
	lit := &BasicLit{ValuePos: toPos(t.Pos), Raw: t.Value}
	ok := true
	switch t.Type {
	case tokInt:
		lit.Kind = IntLit
		if lit.Int, ok = decodeInt(t.Value); !ok {
			return nil, plainErrorAt(t.Pos, t, "constant "+t.Value+" overflows int")
		}
	case tokFloat:
		lit.Kind = FloatLit
		if lit.Float, ok = decodeFloat(t.Value); !ok {
			return nil, plainErrorAt(t.Pos, t, "constant "+t.Value+" overflows float")
		}
	case tokString:
		lit.Kind = StringLit
		lit.Str, ok = decodeString(t.Value)
	case tokChar:
		lit.Kind = CharLit
		lit.Int, ok = decodeChar(t.Value)
	}
	if !ok { // the lexer checked the literal; this is a bug
		return nil, plainErrorAt(t.Pos, t, "invalid literal "+t.Value)
	}
	return lit, nil
}

func (p *pratt) paren() (Expr, error) {
	lparen := p.lex.Next()
	x, err := p.operandOf(p.lex.Peek())
	if err != nil {
		return nil, err
	}
	t := p.lex.Peek()
	if !isPunct(t, ")") {
		return nil, unexpected(t, ", expected )")
	}
	p.lex.Next()
	return &ParenExpr{Lparen: toPos(lparen.Pos), X: x, Rparen: toPos(t.Pos)}, nil
}

// list parses [a, b, c] (a trailing comma is allowed).
func (p *pratt) list() (Expr, error) {
	l := &ListLit{Lbrack: toPos(p.lex.Next().Pos)}
	for {
		t := p.lex.Peek()
		if isPunct(t, "]") {
			p.lex.Next()
			l.Rbrack = toPos(t.Pos)
			return l, nil
		}
		x, err := p.operandOf(t)
		if err != nil {
			return nil, err
		}
		l.Elems = append(l.Elems, x)
		t = p.lex.Peek()
		if len(l.Elems) == 1 && isPunct(t, "]") {
			if n := p.peek2(); n.Type != tokSemi && startsType(n) && !isPunct(n, "(") && !isPunct(n, "[") && !isPunct(n, "*") && !isPunct(n, "<-") {
				// [N]T: an array type
				p.lex.Next()
				e, err := p.parseType()
				if err != nil {
					return nil, err
				}
				return &TypeExpr{TypePos: l.Lbrack, Kind: TArray, Len: x, Elem: e}, nil
			}
		}
		switch {
		case isPunct(t, ","):
			p.lex.Next()
		case isPunct(t, "]"):
		default:
			return nil, unexpected(t, " in list literal; possibly missing comma or ]")
		}
	}
}

// mapLit parses {k: v, ...} (a trailing comma is allowed).
func (p *pratt) mapLit() (Expr, error) {
	m := &MapLit{Lbrace: toPos(p.lex.Next().Pos)}
	for {
		t := p.lex.Peek()
		if isPunct(t, "}") {
			p.lex.Next()
			m.Rbrace = toPos(t.Pos)
			return m, nil
		}
		k, err := p.operandOf(t)
		if err != nil {
			return nil, err
		}
		colon := p.lex.Peek()
		if !isPunct(colon, ":") {
			return nil, unexpected(colon, ", expected :")
		}
		p.lex.Next()
		v, err := p.operandOf(p.lex.Peek())
		if err != nil {
			return nil, err
		}
		m.Entries = append(m.Entries, &KeyValue{Key: k, Colon: toPos(colon.Pos), Value: v})
		t = p.lex.Peek()
		switch {
		case isPunct(t, ","):
			p.lex.Next()
		case isPunct(t, "}"):
		default:
			return nil, unexpected(t, " in map literal; possibly missing comma or }")
		}
	}
}

// funcLit parses func(params) { body }; the next token is `func`.
func (p *pratt) funcLit() (Expr, error) {
	kw := p.lex.Next()
	if t := p.lex.Peek(); !isPunct(t, "(") {
		return nil, unexpected(t, ", expected (")
	}
	sig, err := sigParser.ParseFromLexer(p.lex, participle.AllowTrailing(true))
	if err != nil {
		return nil, err
	}
	// The tokens so far include all of the literal and the one after it.
	rc := p.lex.RawCursor()
	c := converter{toks: p.lex.Range(0, rc+1)}
	f, err := c.funcSig(kw, nil, sig)
	if err != nil {
		return nil, err
	}
	return &FuncLit{Func: f}, nil
}
