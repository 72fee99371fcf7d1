package lang

// Conversion of the grammar's structs (grammar.go) into the AST (ast.go),
// with the checks the grammar leaves to it, so that the AST invariants
// listed in ast.go hold.
//
// Expressions arrive already built by the Pratt parser; only statements
// are converted here. Function literal bodies are converted by the Pratt
// parser as soon as they are parsed; everything else after the whole parse.
//
// Messages follow gc: "syntax error: ..." where gc's parser reports the
// error, gc's type checker's wording (no prefix) where gc finds it later.

import (
	"strconv"

	"github.com/alecthomas/participle/v2/lexer"
)

// converter holds the token stream, to find the token after a statement
// for gc's messages about it. It has no other state.
type converter struct {
	toks []lexer.Token
}

func ident(t *lexer.Token) *Ident { return &Ident{NamePos: toPos(t.Pos), Name: t.Value} }

// file converts a whole file. In REPL mode imports become ImportStmts in
// place; otherwise they go to File.Imports and must come first.
func (c *converter) file(g *gFile, name string, src []byte, repl bool) (*File, error) {
	f := &File{Name: name, Src: src}
	if g.Package != nil {
		f.Package = g.Package.Name.Value
	}
	for _, ts := range g.Stmts {
		switch {
		case ts.Import != nil:
			specs, err := c.imports(ts.Import)
			if err != nil {
				return nil, err
			}
			if repl {
				for _, s := range specs {
					f.Stmts = append(f.Stmts, &ImportStmt{Spec: s})
				}
				continue
			}
			if len(f.Stmts) > 0 {
				t := c.tokenAt(ts.Import.Pos)
				return nil, errorAt(t.Pos, &t, "imports must appear before other declarations")
			}
			f.Imports = append(f.Imports, specs...)
		case ts.Func != nil:
			fn, err := c.funcSig(nil, &ts.Func.Head.Name, ts.Func.Sig)
			if err != nil {
				return nil, err
			}
			fn.Recv, fn.TypeParams = ts.Func.Head.Recv, ts.Func.Head.TypeParams
			fn.FuncPos = toPos(ts.Func.Pos)
			f.Stmts = append(f.Stmts, &FuncDecl{Func: fn})
		default:
			var err error
			if f.Stmts, err = c.appendStmt(f.Stmts, ts.Stmt); err != nil {
				return nil, err
			}
		}
	}
	return f, nil
}

func (c *converter) imports(g *gImport) ([]*ImportSpec, error) {
	specs := make([]*ImportSpec, 0, len(g.Specs))
	for _, gs := range g.Specs {
		path, ok := decodeString(gs.Path.Tok.Value)
		if !ok {
			return nil, errorAt(gs.Path.Tok.Pos, &gs.Path.Tok, "invalid import path")
		}
		s := &ImportSpec{Pos: toPos(gs.Pos), Path: path, PathPos: toPos(gs.Path.Tok.Pos)}
		if !g.Group {
			s.Pos = toPos(g.Pos)
		}
		if gs.Name != nil {
			s.Name = ident(gs.Name)
		}
		specs = append(specs, s)
	}
	return specs, nil
}

// funcSig converts a parameter list and body. kw is the `func` keyword of a
// literal (nil for a declaration, whose caller sets FuncPos); name is nil
// for a literal.
func (c *converter) funcSig(kw, name *lexer.Token, g *gFuncSig) (*Func, error) {
	f := &Func{}
	if kw != nil {
		f.FuncPos = toPos(kw.Pos)
	}
	if name != nil {
		f.Name = ident(name)
	}
	typed := false
	for i, p := range g.Params.Params {
		if p.Variadic {
			if i != len(g.Params.Params)-1 {
				t := c.tokenAtPos(p.Start())
				return nil, plainErrorAt(t.Pos, &t, "can only use ... with final parameter")
			}
			f.Variadic = true
		}
		name := p.Name
		if name == nil {
			name = &Ident{NamePos: p.Start(), Name: "_"}
		}
		f.Params = append(f.Params, name)
		f.ParamTypes = append(f.ParamTypes, p.Type)
		typed = typed || p.Type != nil
	}
	if !typed {
		f.ParamTypes = nil
	}
	f.Results = g.Params.Results
	body, err := c.block(g.Body)
	if err != nil {
		return nil, err
	}
	f.Body = body
	return f, nil
}

func (c *converter) block(g *gBlock) (*BlockStmt, error) {
	stmts, err := c.stmts(g.Stmts)
	if err != nil {
		return nil, err
	}
	return &BlockStmt{Lbrace: toPos(g.Pos), Stmts: stmts, Rbrace: toPos(g.End.Pos)}, nil
}

func (c *converter) stmts(gs []gStmt) ([]Stmt, error) {
	if len(gs) == 0 {
		return nil, nil
	}
	out := make([]Stmt, 0, len(gs))
	for _, g := range gs {
		var err error
		if out, err = c.appendStmt(out, g); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// appendStmt converts g and appends the result to out. It appends several
// statements for a `var ( ... )` group: one VarDecl per spec.
func (c *converter) appendStmt(out []Stmt, g gStmt) ([]Stmt, error) {
	var s Stmt
	var err error
	switch g := g.(type) {
	case *gSimple:
		s, err = c.simple(g)
	case *gBlock:
		s, err = c.block(g)
	case *gLabeled:
		l := &LabeledStmt{Label: ident(&g.Label.Tok), Colon: toPos(g.Colon.Pos)}
		if g.Stmt == nil {
			l.Stmt = &EmptyStmt{SemiPos: toPos(g.End.Pos)}
			return append(out, l), nil
		}
		// The label labels the first statement (of a var group, say).
		n := len(out)
		if out, err = c.appendStmt(append(out, l), g.Stmt); err != nil {
			return nil, err
		}
		l.Stmt = out[n+1]
		return append(out[:n+1], out[n+2:]...), nil
	case *gVar:
		return c.varDecl(out, g)
	case *gConst:
		return c.constDecl(out, g)
	case *gTypeDecl:
		for _, d := range g.Decls {
			out = append(out, d)
		}
		return out, nil
	case *gReturn:
		s = &ReturnStmt{ReturnPos: toPos(g.Pos), Results: g.Results}
	case *gBranch:
		b := &BranchStmt{TokPos: toPos(g.Pos)}
		switch g.Tok {
		case "break":
			b.Tok = BREAK
		case "continue":
			b.Tok = CONTINUE
		default:
			b.Tok = FALLTHROUGH
		}
		if g.Label != nil {
			b.Label = ident(&g.Label.Tok)
		}
		s = b
	case *gGo:
		var call *CallExpr
		if call, err = c.callOf("go", g.Pos, g.Call); err == nil {
			s = &GoStmt{GoPos: toPos(g.Pos), Call: call}
		}
	case *gDefer:
		var call *CallExpr
		if call, err = c.callOf("defer", g.Pos, g.Call); err == nil {
			s = &DeferStmt{DeferPos: toPos(g.Pos), Call: call}
		}
	case *gIf:
		s, err = c.ifStmt(g)
	case *gFor:
		s, err = c.forStmt(g)
	case *gSwitch:
		s, err = c.switchStmt(g)
	case *gSelect:
		s, err = c.selectStmt(g)
	default:
		panic("lang: unknown statement production") // a bug in grammar.go
	}
	if err != nil {
		return nil, err
	}
	return append(out, s), nil
}

// callOf returns x as the call of a go or defer statement. The Pratt
// parser has already checked it; this keeps the invariant local.
func (c *converter) callOf(kw string, pos lexer.Position, x Expr) (*CallExpr, error) {
	if call, ok := x.(*CallExpr); ok {
		return call, nil
	}
	t := c.tokenAt(pos)
	return nil, errorAt(t.Pos, &t, "expression in "+kw+" must be function call")
}

func (c *converter) varDecl(out []Stmt, g *gVar) ([]Stmt, error) {
	if len(g.Specs) == 0 {
		// `var ()` declares nothing; an empty statement keeps its place.
		return append(out, &EmptyStmt{SemiPos: toPos(g.Pos)}), nil
	}
	for _, spec := range g.Specs {
		d := &VarDecl{VarPos: toPos(spec.Pos), Values: spec.Values}
		if !g.Group {
			d.VarPos = toPos(g.Pos)
		}
		if spec.Type != nil {
			d.Type = spec.Type.T
		}
		for _, n := range spec.Names {
			d.Names = append(d.Names, ident(&n.Tok))
		}
		if nv, nn := len(d.Values), len(d.Names); nv > 1 && nv != nn {
			t := c.tokenAt(spec.Pos)
			return nil, plainErrorAt(t.Pos, &t, "assignment mismatch: "+count(nn, "variable")+" but "+count(nv, "value"))
		}
		out = append(out, d)
	}
	return out, nil
}

// constDecl converts a const declaration. In a group, a spec without
// values repeats the type and values of the one before it, with the next
// iota (Go's implicit repetition).
func (c *converter) constDecl(out []Stmt, g *gConst) ([]Stmt, error) {
	if len(g.Specs) == 0 {
		return append(out, &EmptyStmt{SemiPos: toPos(g.Pos)}), nil
	}
	var prevVals []Expr
	var prevType *TypeExpr
	for i, spec := range g.Specs {
		d := &VarDecl{VarPos: toPos(spec.Pos), Values: spec.Values, Const: true, Iota: i}
		if !g.Group {
			d.VarPos = toPos(g.Pos)
		}
		if spec.Type != nil {
			d.Type = spec.Type.T
		}
		if len(d.Values) == 0 {
			if prevVals == nil {
				t := c.tokenAt(spec.Pos)
				return nil, plainErrorAt(t.Pos, &t, "missing init expr for const declaration")
			}
			d.Values, d.Type = prevVals, prevType
		} else {
			prevVals, prevType = d.Values, d.Type
		}
		for _, n := range spec.Names {
			d.Names = append(d.Names, ident(&n.Tok))
		}
		if nv, nn := len(d.Values), len(d.Names); nv != nn {
			t := c.tokenAt(spec.Pos)
			return nil, plainErrorAt(t.Pos, &t, "assignment mismatch: "+count(nn, "variable")+" but "+count(nv, "value"))
		}
		out = append(out, d)
	}
	return out, nil
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// simple converts a simple statement outside a for header.
func (c *converter) simple(g *gSimple) (Stmt, error) {
	return c.simpleParts(g.Lhs, g.Op.tok(), nil, g.Rhs, g.EndPos)
}

// simpleParts converts the parts of a simple statement: lhs, then the
// operator op (nil for an expression statement) and the expressions after
// it. rangeTok is set for `k, v := range x` in a for header; the result is
// then a *rangeClause, for the caller.
func (c *converter) simpleParts(lhs []Expr, op, rangeTok *lexer.Token, rhs []Expr, end lexer.Position) (Stmt, error) {
	if op == nil {
		if len(lhs) > 1 {
			// Only an assignment may have several operands on the left.
			t := c.tokenAt(end)
			return nil, unexpected(&t, ", expected := or = or comma")
		}
		return &ExprStmt{X: lhs[0]}, nil
	}
	if len(rhs) == 0 && op.Value != "++" && op.Value != "--" {
		// Only at the end of input: elsewhere the Pratt parser reports
		// the missing expression (it cannot consume EOF to make that final).
		t := c.tokenAt(end)
		return nil, unexpected(&t, ", expected expression")
	}
	tok := assignToken(op.Value)
	if tok != ASSIGN && tok != DEFINE {
		if len(lhs) > 1 {
			return nil, unexpected(op, ", expected := or = or comma")
		}
		if rangeTok != nil {
			return nil, unexpected(rangeTok, ", expected expression")
		}
		if len(rhs) > 1 { // x += 1, 2
			t := c.commaAfter(op.Pos)
			return nil, unexpected(&t, " at end of statement")
		}
	}
	switch op.Value {
	case "++", "--":
		// The grammar allows no expression after ++ and --.
		return &IncDecStmt{X: lhs[0], TokPos: toPos(op.Pos), Inc: op.Value == "++"}, nil
	case "<-":
		return &SendStmt{Chan: lhs[0], Arrow: toPos(op.Pos), Value: rhs[0]}, nil
	}
	if tok == DEFINE {
		for _, x := range lhs {
			if _, ok := x.(*Ident); !ok {
				t := c.tokenAt(op.Pos)
				return nil, plainErrorAt(lexPos(&t, x.Start()), &t, "non-name "+ExprString(x)+" on left side of :=")
			}
		}
	}
	if rangeTok != nil {
		if len(lhs) > 2 {
			t := c.tokenAt(op.Pos)
			return nil, plainErrorAt(lexPos(&t, lhs[2].Start()), &t, "range clause permits at most two iteration variables")
		}
		return &rangeClause{lhs: lhs, tokPos: toPos(op.Pos), tok: tok, x: rhs[0]}, nil
	}
	return &AssignStmt{Lhs: lhs, TokPos: toPos(op.Pos), Tok: tok, Rhs: rhs}, nil
}

// tok returns the operator token, or nil for an expression statement.
func (op *gSimpleOp) tok() *lexer.Token {
	if op == nil {
		return nil
	}
	return &op.Tok
}

func assignToken(op string) Token {
	switch op {
	case "=":
		return ASSIGN
	case ":=":
		return DEFINE
	case "+=":
		return ADD_ASSIGN
	case "-=":
		return SUB_ASSIGN
	case "*=":
		return MUL_ASSIGN
	case "/=":
		return QUO_ASSIGN
	case "%=":
		return REM_ASSIGN
	case "&=":
		return AND_ASSIGN
	case "|=":
		return OR_ASSIGN
	case "^=":
		return XOR_ASSIGN
	case "<<=":
		return SHL_ASSIGN
	case ">>=":
		return SHR_ASSIGN
	case "&^=":
		return AND_NOT_ASSIGN
	}
	return ILLEGAL
}

// rangeClause is the `k, v := range x` head of a for statement while it is
// converted; it never reaches the AST.
type rangeClause struct {
	lhs    []Expr
	tokPos Pos
	tok    Token
	x      Expr
}

func (r *rangeClause) Start() Pos { return r.tokPos }
func (*rangeClause) stmtNode()    {}

// condition turns the statement written where a condition or switch tag
// belongs into an expression, with gc's message when it is not one.
func (c *converter) condition(s Stmt) (Expr, error) {
	if e, ok := s.(*ExprStmt); ok {
		return e.X, nil
	}
	var what string
	var at Pos
	switch s := s.(type) {
	case *AssignStmt:
		at = s.TokPos
		if s.Tok == ASSIGN {
			what = "assignment " + emphasize(s.Lhs) + " = " + emphasize(s.Rhs)
		} else {
			what = exprListString(s.Lhs) + " " + s.Tok.String() + " " + exprListString(s.Rhs)
		}
	case *IncDecStmt:
		at = s.TokPos
		what = ExprString(s.X) + "++"
		if !s.Inc {
			what = ExprString(s.X) + "--"
		}
	case *SendStmt:
		at = s.Arrow
		what = ExprString(s.Chan) + " <- " + ExprString(s.Value)
	default:
		at = s.Start()
		what = "statement"
	}
	t := c.tokenAtPos(at)
	return nil, errorAt(lexPos(&t, at), &t, "cannot use "+what+" as value")
}

func (c *converter) ifStmt(g *gIf) (Stmt, error) {
	s := &IfStmt{IfPos: toPos(g.Pos)}
	var err error
	if g.Init != nil {
		if s.Init, err = c.simple(g.Init); err != nil {
			return nil, err
		}
	}
	if g.Semi != nil {
		s.Cond = g.Cond
	} else if s.Init != nil {
		if s.Cond, err = c.condition(s.Init); err != nil {
			return nil, err
		}
		s.Init = nil
	}
	if s.Cond == nil { // the Pratt parser reports this first; keep the invariant
		t := c.tokenAt(g.Then.Pos)
		return nil, errorAt(t.Pos, &t, "missing condition in if statement")
	}
	if s.Then, err = c.block(g.Then); err != nil {
		return nil, err
	}
	if g.Else != nil {
		switch {
		case g.Else.If != nil:
			s.Else, err = c.ifStmt(g.Else.If)
		case g.Else.Block != nil:
			s.Else, err = c.block(g.Else.Block)
		}
		if err != nil {
			return nil, err
		}
	}
	return s, nil
}

func (c *converter) forStmt(g *gFor) (Stmt, error) {
	forPos := toPos(g.Pos)
	body, err := c.block(g.Body)
	if err != nil {
		return nil, err
	}
	if g.Range != nil { // for range x
		return &RangeStmt{ForPos: forPos, TokPos: toPos(g.Range.Pos), Tok: ILLEGAL, X: g.RangeX, Body: body}, nil
	}
	var init Stmt
	if h := g.Init; h != nil {
		rhs := h.Rhs
		if h.Range != nil {
			rhs = []Expr{h.RangeX}
		}
		if init, err = c.simpleParts(h.Lhs, h.Op.tok(), h.Range, rhs, h.EndPos); err != nil {
			return nil, err
		}
	}
	if r, ok := init.(*rangeClause); ok {
		s := &RangeStmt{ForPos: forPos, Key: r.lhs[0], TokPos: r.tokPos, Tok: r.tok, X: r.x, Body: body}
		if len(r.lhs) > 1 {
			s.Value = r.lhs[1]
		}
		return s, nil
	}
	s := &ForStmt{ForPos: forPos, Body: body}
	if g.Semi == nil {
		if init != nil {
			if s.Cond, err = c.condition(init); err != nil {
				return nil, err
			}
		}
		return s, nil
	}
	s.Init, s.Cond = init, g.Cond
	if g.Post != nil {
		if s.Post, err = c.simple(g.Post); err != nil {
			return nil, err
		}
		if a, ok := s.Post.(*AssignStmt); ok && a.Tok == DEFINE {
			t := c.tokenAtPos(a.TokPos)
			return nil, errorAt(lexPos(&t, a.TokPos), &t, "cannot declare in post statement of for loop")
		}
	}
	return s, nil
}

func (c *converter) switchStmt(g *gSwitch) (Stmt, error) {
	s := &SwitchStmt{SwitchPos: toPos(g.Pos), Lbrace: toPos(g.Lbrace.Pos), Rbrace: toPos(g.End.Pos)}
	var err error
	if g.Init != nil {
		if s.Init, err = c.simple(g.Init); err != nil {
			return nil, err
		}
	}
	if g.Semi != nil {
		s.Tag = g.Tag
		if a, ok := g.Tag.(*TypeAssertExpr); ok && a.Type == nil {
			s.TypeSwitch = true
		}
	} else if as, ok := s.Init.(*AssignStmt); ok && as.Tok == DEFINE && len(as.Lhs) == 1 && len(as.Rhs) == 1 && isTypeGuard(as.Rhs[0]) {
		s.Bind, _ = as.Lhs[0].(*Ident)
		s.Tag, s.Init, s.TypeSwitch = as.Rhs[0], nil, true
	} else if s.Init != nil {
		if s.Tag, err = c.condition(s.Init); err != nil {
			return nil, err
		}
		s.Init = nil
	}
	if !s.TypeSwitch {
		if a, ok := s.Tag.(*TypeAssertExpr); ok && a.Type == nil {
			s.TypeSwitch = true
		}
	}
	var dflt *gCase
	for _, gc := range g.Cases {
		if gc.Default {
			if dflt != nil {
				return nil, c.multipleDefaults(gc.Pos, dflt.Pos)
			}
			dflt = gc
		}
		body, err := c.stmts(gc.Body)
		if err != nil {
			return nil, err
		}
		s.Cases = append(s.Cases, &CaseClause{CasePos: toPos(gc.Pos), List: gc.List, Colon: toPos(gc.Colon.Pos), Body: body})
	}
	return s, nil
}

func isTypeGuard(x Expr) bool {
	a, ok := x.(*TypeAssertExpr)
	return ok && a.Type == nil
}

func (c *converter) multipleDefaults(at, first lexer.Position) error {
	t := c.tokenAt(at)
	return plainErrorAt(at, &t, "multiple defaults (first at "+toPos(first).String()+")")
}

func (c *converter) selectStmt(g *gSelect) (Stmt, error) {
	s := &SelectStmt{SelectPos: toPos(g.Pos), Lbrace: toPos(g.Lbrace.Pos), Rbrace: toPos(g.End.Pos)}
	var dflt *gComm
	for _, gc := range g.Cases {
		cc := &CommClause{CasePos: toPos(gc.Pos), Colon: toPos(gc.Colon.Pos)}
		if gc.Default {
			if dflt != nil {
				return nil, c.multipleDefaults(gc.Pos, dflt.Pos)
			}
			dflt = gc
		} else {
			comm, err := c.simple(gc.Comm)
			if err != nil {
				return nil, err
			}
			if !isCommStmt(comm) {
				t := c.tokenAtPos(comm.Start())
				return nil, plainErrorAt(lexPos(&t, comm.Start()), &t, "select case must be receive, send or assign recv")
			}
			cc.Comm = comm
		}
		body, err := c.stmts(gc.Body)
		if err != nil {
			return nil, err
		}
		cc.Body = body
		s.Cases = append(s.Cases, cc)
	}
	return s, nil
}

// isCommStmt reports whether s may be the communication of a select case
// (see CommClause in ast.go).
func isCommStmt(s Stmt) bool {
	isRecv := func(x Expr) bool {
		u, ok := x.(*UnaryExpr)
		return ok && u.Op == ARROW
	}
	switch s := s.(type) {
	case *SendStmt:
		return true
	case *ExprStmt:
		return isRecv(s.X)
	case *AssignStmt:
		return (s.Tok == ASSIGN || s.Tok == DEFINE) && len(s.Lhs) <= 2 && len(s.Rhs) == 1 && isRecv(s.Rhs[0])
	}
	return false
}

// tokenAt returns the token at position p (or the next one).
func (c *converter) tokenAt(p lexer.Position) lexer.Token { return tokenAt(c.toks, p) }

// tokenAtPos returns the token at AST position p (or the next one).
func (c *converter) tokenAtPos(p Pos) lexer.Token {
	for i := range c.toks {
		tp := c.toks[i].Pos
		if tp.Line > int(p.Line) || tp.Line == int(p.Line) && tp.Column >= int(p.Col) {
			return c.toks[i]
		}
	}
	return c.toks[len(c.toks)-1]
}

// commaAfter returns the first comma outside brackets after position p.
func (c *converter) commaAfter(p lexer.Position) lexer.Token {
	depth := 0
	for _, t := range c.toks {
		if t.Pos.Offset <= p.Offset || t.Type != tokPunct {
			continue
		}
		switch t.Value {
		case "(", "[", "{":
			depth++
		case ")", "]", "}":
			depth--
		case ",":
			if depth == 0 {
				return t
			}
		}
	}
	return c.toks[len(c.toks)-1]
}
