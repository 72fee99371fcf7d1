package lang

// Go's types in Goro's syntax tree, and their parser.
//
// Goro is dynamically typed; the types a Go programmer writes are optional
// annotations (SPEC §2.1). The parser accepts them wherever Go does: after
// the names of var and const declarations, on parameters and results,
// in type declarations, as the type of composite literals, in conversions,
// make, new, type assertions and type switches. The compiler uses them for
// zero values, struct layouts, methods and conversions; nothing checks them
// statically.
//
// The type parser is hand-written (like the expression parser) and works on
// participle's token stream directly; gType wraps it for the grammar.

import (
	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// TypeKind says what a TypeExpr denotes.
type TypeKind uint8

const (
	TName      TypeKind = iota + 1 // Name, or Pkg.Name; Args for an instantiation
	TPointer                       // *Elem
	TSlice                         // []Elem
	TArray                         // [Len]Elem, or [...]Elem (Len nil)
	TMap                           // map[Key]Elem
	TChan                          // chan Elem (Dir: 0 both, 1 send-only, 2 receive-only)
	TFunc                          // func(Params) Results
	TStruct                        // struct { Fields }
	TInterface                     // interface { Fields: methods and embedded types }
	TUnion                         // A | ~B (in constraints): Elems in Fields[i].Type
)

// TypeExpr is a type as written. It is also an Expr, for the places where a
// type stands in an expression: make(map[string]int), []byte(s),
// Point{1, 2}.
type TypeExpr struct {
	TypePos Pos
	Kind    TypeKind
	Pkg     string // TName: the package qualifier, or ""
	Name    string // TName
	Args    []*TypeExpr
	Elem    *TypeExpr
	Key     *TypeExpr
	Len     Expr
	Dir     int
	Params  []*Param
	Results []*Param
	Fields  []*Field
	Tilde   bool // ~T in a constraint
}

// Param is one parameter, result or receiver: a name, a type, or both.
type Param struct {
	Name     *Ident    // nil for an unnamed parameter or result
	Type     *TypeExpr // nil where the program wrote none (dynamic style)
	Variadic bool      // ...T or name...
}

// Field is a struct field group (`X, Y int`), an embedded type (Names
// nil), or an interface method (one name, a TFunc type) or embedded
// interface/constraint.
type Field struct {
	Names []*Ident
	Type  *TypeExpr
	Tag   string
}

// TypeDecl is `type Name[TypeParams] Type` or `type Name = Type`.
type TypeDecl struct {
	TypePos    Pos
	Name       *Ident
	TypeParams []*Param
	Alias      bool
	Type       *TypeExpr
}

// CompositeLit is `Type{Elts}`; Type is nil for an elided literal inside
// another (`[]Point{{1, 2}}`). Elts are expressions or *KeyValue.
type CompositeLit struct {
	Type   *TypeExpr
	Lbrace Pos
	Elts   []Expr
	Rbrace Pos
}

// TypeAssertExpr is `X.(Type)`; Type is nil for `X.(type)` in a type
// switch.
type TypeAssertExpr struct {
	X      Expr
	Lparen Pos
	Type   *TypeExpr
}

// IndexListExpr is `X[A, B]`: an instantiation of a generic function or
// type with several type arguments.
type IndexListExpr struct {
	X       Expr
	Lbrack  Pos
	Indices []Expr
}

func (x *TypeExpr) Start() Pos       { return x.TypePos }
func (x *CompositeLit) Start() Pos   { return x.Lbrace }
func (x *TypeAssertExpr) Start() Pos { return x.X.Start() }
func (x *IndexListExpr) Start() Pos  { return x.X.Start() }
func (s *TypeDecl) Start() Pos       { return s.TypePos }
func (*TypeExpr) exprNode()          {}
func (*CompositeLit) exprNode()      {}
func (*TypeAssertExpr) exprNode()    {}
func (*IndexListExpr) exprNode()     {}
func (*KeyValue) exprNode()          {}
func (*TypeDecl) stmtNode()          {}

// String writes the type as Go would.
func (x *TypeExpr) String() string {
	if x == nil {
		return "any"
	}
	switch x.Kind {
	case TName:
		s := x.Name
		if x.Pkg != "" {
			s = x.Pkg + "." + s
		}
		if len(x.Args) > 0 {
			s += "["
			for i, a := range x.Args {
				if i > 0 {
					s += ","
				}
				s += a.String()
			}
			s += "]"
		}
		return s
	case TPointer:
		return "*" + x.Elem.String()
	case TSlice:
		return "[]" + x.Elem.String()
	case TArray:
		return "[...]" + x.Elem.String()
	case TMap:
		return "map[" + x.Key.String() + "]" + x.Elem.String()
	case TChan:
		switch x.Dir {
		case 1:
			return "chan<- " + x.Elem.String()
		case 2:
			return "<-chan " + x.Elem.String()
		}
		return "chan " + x.Elem.String()
	case TFunc:
		return "func(...)"
	case TStruct:
		return "struct {...}"
	case TInterface:
		if len(x.Fields) == 0 {
			return "interface {}"
		}
		return "interface {...}"
	}
	return "?"
}

// startsType reports whether t can start a type.
func startsType(t *lexer.Token) bool {
	switch t.Type {
	case tokIdent:
		return true
	case tokKeyword:
		return t.Value == "func"
	case tokPunct:
		switch t.Value {
		case "*", "[", "(", "<-", "~":
			return true
		}
	}
	return false
}

// parseType parses a required type.
func (p *pratt) parseType() (*TypeExpr, error) {
	t := p.lex.Peek()
	pos := toPos(t.Pos)
	switch t.Type {
	case tokIdent:
		switch t.Value {
		case "map":
			if isPunct(p.peek2(), "[") {
				p.lex.Next()
				p.lex.Next()
				k, err := p.parseType()
				if err != nil {
					return nil, err
				}
				if err := p.want("]"); err != nil {
					return nil, err
				}
				v, err := p.parseType()
				if err != nil {
					return nil, err
				}
				return &TypeExpr{TypePos: pos, Kind: TMap, Key: k, Elem: v}, nil
			}
		case "chan":
			p.lex.Next()
			dir := 0
			if isPunct(p.lex.Peek(), "<-") {
				p.lex.Next()
				dir = 1
			}
			e, err := p.parseType()
			if err != nil {
				return nil, err
			}
			return &TypeExpr{TypePos: pos, Kind: TChan, Elem: e, Dir: dir}, nil
		case "struct":
			if isLbrace(p.peek2()) {
				p.lex.Next()
				return p.structType(pos)
			}
		case "interface":
			if isLbrace(p.peek2()) {
				p.lex.Next()
				return p.interfaceType(pos)
			}
		}
		p.lex.Next()
		x := &TypeExpr{TypePos: pos, Kind: TName, Name: t.Value}
		if isPunct(p.lex.Peek(), ".") {
			p.lex.Next()
			n := p.lex.Peek()
			if n.Type != tokIdent {
				return nil, unexpected(n, ", expected name")
			}
			p.lex.Next()
			x.Pkg, x.Name = x.Name, n.Value
		}
		if isPunct(p.lex.Peek(), "[") && !isPunct(p.peek2(), "]") {
			p.lex.Next()
			for {
				a, err := p.parseType()
				if err != nil {
					return nil, err
				}
				x.Args = append(x.Args, a)
				if isPunct(p.lex.Peek(), ",") {
					p.lex.Next()
					continue
				}
				break
			}
			if err := p.want("]"); err != nil {
				return nil, err
			}
		}
		return x, nil
	case tokKeyword:
		if t.Value == "func" {
			p.lex.Next()
			return p.funcType(pos)
		}
	case tokPunct:
		switch t.Value {
		case "*":
			p.lex.Next()
			e, err := p.parseType()
			if err != nil {
				return nil, err
			}
			return &TypeExpr{TypePos: pos, Kind: TPointer, Elem: e}, nil
		case "~":
			p.lex.Next()
			e, err := p.parseType()
			if err != nil {
				return nil, err
			}
			e.Tilde = true
			return e, nil
		case "(":
			p.lex.Next()
			e, err := p.parseType()
			if err != nil {
				return nil, err
			}
			return e, p.want(")")
		case "<-":
			p.lex.Next()
			if n := p.lex.Peek(); n.Type != tokIdent || n.Value != "chan" {
				return nil, unexpected(n, ", expected chan")
			}
			p.lex.Next()
			e, err := p.parseType()
			if err != nil {
				return nil, err
			}
			return &TypeExpr{TypePos: pos, Kind: TChan, Elem: e, Dir: 2}, nil
		case "[":
			p.lex.Next()
			return p.arrayOrSlice(pos)
		}
	}
	return nil, unexpected(t, ", expected type")
}

// arrayOrSlice parses the rest of []T, [N]T or [...]T; '[' is consumed.
func (p *pratt) arrayOrSlice(pos Pos) (*TypeExpr, error) {
	x := &TypeExpr{TypePos: pos, Kind: TSlice}
	t := p.lex.Peek()
	switch {
	case isPunct(t, "]"):
	case isPunct(t, "..."):
		p.lex.Next()
		x.Kind = TArray
	default:
		n, err := p.operandOf(t)
		if err != nil {
			return nil, err
		}
		x.Kind, x.Len = TArray, n
	}
	if err := p.want("]"); err != nil {
		return nil, err
	}
	e, err := p.parseType()
	if err != nil {
		return nil, err
	}
	x.Elem = e
	return x, nil
}

// peek2 returns the token after the next one.
func (p *pratt) peek2() *lexer.Token {
	cp := p.lex.MakeCheckpoint()
	p.lex.Next()
	t := p.lex.Peek()
	p.lex.LoadCheckpoint(cp)
	return t
}

// peekN returns the n-th token from here (1 is the next one).
func (p *pratt) peekN(n int) *lexer.Token {
	cp := p.lex.MakeCheckpoint()
	for i := 1; i < n; i++ {
		p.lex.Next()
	}
	t := p.lex.Peek()
	p.lex.LoadCheckpoint(cp)
	return t
}

// want consumes the punctuation v or fails.
func (p *pratt) want(v string) error {
	t := p.lex.Peek()
	if !isPunct(t, v) {
		return unexpected(t, ", expected "+v)
	}
	p.lex.Next()
	return nil
}

// skipSemis skips statement separators (inside struct and interface
// bodies, and parameter lists that span lines).
func (p *pratt) skipSemis() {
	for p.lex.Peek().Type == tokSemi {
		p.lex.Next()
	}
}

// lbrace consumes a '{' of any token type.
func (p *pratt) lbrace() error {
	t := p.lex.Peek()
	if !isLbrace(t) {
		return unexpected(t, ", expected {")
	}
	p.lex.Next()
	return nil
}

// structType parses `{ fields }` after `struct`.
func (p *pratt) structType(pos Pos) (*TypeExpr, error) {
	if err := p.lbrace(); err != nil {
		return nil, err
	}
	x := &TypeExpr{TypePos: pos, Kind: TStruct}
	for {
		p.skipSemis()
		t := p.lex.Peek()
		if isPunct(t, "}") {
			p.lex.Next()
			return x, nil
		}
		f := &Field{}
		if t.Type == tokIdent && !isPunct(p.peek2(), ".") && startsFieldType(p.peek2()) {
			// Names, then a type.
			for {
				n := p.lex.Next()
				f.Names = append(f.Names, ident(n))
				if !isPunct(p.lex.Peek(), ",") {
					break
				}
				p.lex.Next()
				if n := p.lex.Peek(); n.Type != tokIdent {
					return nil, unexpected(n, ", expected field name")
				}
			}
		}
		ty, err := p.parseType()
		if err != nil {
			return nil, err
		}
		f.Type = ty
		if t := p.lex.Peek(); t.Type == tokString {
			p.lex.Next()
			f.Tag, _ = decodeString(t.Value)
		}
		x.Fields = append(x.Fields, f)
		if t := p.lex.Peek(); t.Type != tokSemi && !isPunct(t, "}") {
			return nil, unexpected(t, ", expected semicolon, newline, or }")
		}
	}
}

// startsFieldType reports whether t, after a name in a struct, makes that
// name a field name (a type follows) rather than an embedded type.
func startsFieldType(t *lexer.Token) bool {
	if isPunct(t, ",") {
		return true
	}
	return startsType(t) && !isPunct(t, "(")
}

// interfaceType parses `{ methods and embedded types }` after `interface`.
func (p *pratt) interfaceType(pos Pos) (*TypeExpr, error) {
	if err := p.lbrace(); err != nil {
		return nil, err
	}
	x := &TypeExpr{TypePos: pos, Kind: TInterface}
	for {
		p.skipSemis()
		t := p.lex.Peek()
		if isPunct(t, "}") {
			p.lex.Next()
			return x, nil
		}
		if t.Type == tokIdent && isPunct(p.peek2(), "(") {
			p.lex.Next()
			ft, err := p.funcType(toPos(t.Pos))
			if err != nil {
				return nil, err
			}
			x.Fields = append(x.Fields, &Field{Names: []*Ident{ident(t)}, Type: ft})
		} else {
			u, err := p.unionType()
			if err != nil {
				return nil, err
			}
			x.Fields = append(x.Fields, &Field{Type: u})
		}
		if t := p.lex.Peek(); t.Type != tokSemi && !isPunct(t, "}") {
			return nil, unexpected(t, ", expected semicolon, newline, or }")
		}
	}
}

// unionType parses `A | ~B | ...` (a constraint); a single term is
// returned as itself.
func (p *pratt) unionType() (*TypeExpr, error) {
	first, err := p.parseType()
	if err != nil {
		return nil, err
	}
	if !isPunct(p.lex.Peek(), "|") {
		return first, nil
	}
	u := &TypeExpr{TypePos: first.TypePos, Kind: TUnion, Fields: []*Field{{Type: first}}}
	for isPunct(p.lex.Peek(), "|") {
		p.lex.Next()
		t, err := p.parseType()
		if err != nil {
			return nil, err
		}
		u.Fields = append(u.Fields, &Field{Type: t})
	}
	return u, nil
}

// funcType parses `(params) results` after `func` (or a method name).
func (p *pratt) funcType(pos Pos) (*TypeExpr, error) {
	params, err := p.params(false)
	if err != nil {
		return nil, err
	}
	x := &TypeExpr{TypePos: pos, Kind: TFunc, Params: params}
	x.Results, err = p.results()
	return x, err
}

// results parses an optional result list: a type, or a parenthesized
// list (named or not).
func (p *pratt) results() ([]*Param, error) {
	t := p.lex.Peek()
	if isPunct(t, "(") {
		return p.params(false)
	}
	if t.Type == tokSemi || isLbrace(t) || !startsType(t) {
		return nil, nil
	}
	ty, err := p.parseType()
	if err != nil {
		return nil, err
	}
	return []*Param{{Type: ty}}, nil
}

// params parses `( ... )` with Go's grouping: `a, b int, c string`,
// `int, string` (types only), or, with names (a function with a body),
// the dynamic style `a, b` (names without types).
func (p *pratt) params(named bool) ([]*Param, error) {
	if err := p.want("("); err != nil {
		return nil, err
	}
	type entry struct {
		name   *lexer.Token // an identifier: a name, or a lone type name
		ty     *TypeExpr
		dots   bool
		paired bool // name and type
	}
	var es []entry
	paired := false
	for {
		p.skipSemis()
		t := p.lex.Peek()
		if isPunct(t, ")") {
			p.lex.Next()
			break
		}
		var e entry
		n := p.peek2()
		switch {
		case isPunct(t, "..."):
			p.lex.Next()
			e.dots = true
			ty, err := p.parseType()
			if err != nil {
				return nil, err
			}
			e.ty = ty
		case t.Type == tokIdent && (isPunct(n, ",") || isPunct(n, ")") || n.Type == tokSemi):
			p.lex.Next()
			e.name = t
		case t.Type == tokIdent && isPunct(n, "..."):
			p.lex.Next()
			p.lex.Next()
			e.name, e.dots = t, true
			if n := p.lex.Peek(); !isPunct(n, ")") && !isPunct(n, ",") && n.Type != tokSemi {
				ty, err := p.parseType()
				if err != nil {
					return nil, err
				}
				e.ty, e.paired = ty, true
			}
		case t.Type == tokIdent && !isPunct(n, "."):
			p.lex.Next()
			ty, err := p.parseType()
			if err != nil {
				return nil, err
			}
			e.name, e.ty, e.paired = t, ty, true
		default:
			ty, err := p.parseType()
			if err != nil {
				return nil, err
			}
			e.ty = ty
		}
		paired = paired || e.paired
		es = append(es, e)
		p.skipSemis()
		t = p.lex.Peek()
		if isPunct(t, ",") {
			p.lex.Next()
			continue
		}
		if !isPunct(t, ")") {
			return nil, unexpected(t, " in parameter list; possibly missing comma or )")
		}
	}
	out := make([]*Param, len(es))
	switch {
	case paired:
		// Go's grouping: a lone name takes the type of the next pair.
		var ty *TypeExpr
		for i := len(es) - 1; i >= 0; i-- {
			e := es[i]
			switch {
			case e.paired:
				ty = e.ty
				out[i] = &Param{Name: ident(e.name), Type: e.ty, Variadic: e.dots}
			case e.name != nil && e.ty == nil:
				out[i] = &Param{Name: ident(e.name), Type: ty, Variadic: e.dots}
			default:
				out[i] = &Param{Type: e.ty, Variadic: e.dots}
			}
		}
	case named:
		// No pair: lone identifiers are names (the dynamic style).
		for i, e := range es {
			if e.name != nil {
				out[i] = &Param{Name: ident(e.name), Type: e.ty, Variadic: e.dots}
			} else {
				out[i] = &Param{Type: e.ty, Variadic: e.dots}
			}
		}
	default:
		// A type list: lone identifiers are type names.
		for i, e := range es {
			ty := e.ty
			if e.name != nil && ty == nil {
				ty = &TypeExpr{TypePos: toPos(e.name.Pos), Kind: TName, Name: e.name.Value}
			}
			out[i] = &Param{Type: ty, Variadic: e.dots}
		}
	}
	return out, nil
}

// typeParams parses `[T any, K comparable]` (the '[' is next).
func (p *pratt) typeParams() ([]*Param, error) {
	p.lex.Next()
	var out []*Param
	var group []*Ident
	for {
		t := p.lex.Peek()
		if t.Type != tokIdent {
			return nil, unexpected(t, ", expected type parameter")
		}
		p.lex.Next()
		group = append(group, ident(t))
		if isPunct(p.lex.Peek(), ",") {
			p.lex.Next()
			continue
		}
		c, err := p.unionType()
		if err != nil {
			return nil, err
		}
		for _, n := range group {
			out = append(out, &Param{Name: n, Type: c})
		}
		group = nil
		if isPunct(p.lex.Peek(), ",") {
			p.lex.Next()
			continue
		}
		return out, p.want("]")
	}
}

// gType is a type in the grammar (after the names of a var or const
// spec). It declines (NextMatch) when no type starts here.
type gType struct{ T *TypeExpr }

func (g *gType) Parse(lex *lexer.PeekingLexer) error {
	t := lex.Peek()
	if !startsType(t) || isPunct(t, "(") {
		return participle.NextMatch
	}
	p := pratt{lex}
	ty, err := p.parseType()
	if err != nil {
		return err
	}
	g.T = ty
	return nil
}

// gParams is a function's parameter list with names (Go's grouping or the
// dynamic style), then its optional results.
type gParams struct {
	Params  []*Param
	Results []*Param
}

func (g *gParams) Parse(lex *lexer.PeekingLexer) error {
	if !isPunct(lex.Peek(), "(") {
		return participle.NextMatch
	}
	p := pratt{lex}
	var err error
	if g.Params, err = p.params(true); err != nil {
		return err
	}
	g.Results, err = p.results()
	return err
}

// gTypeDecl is `type Name[T any] Type`, `type Name = Type` or a group.
type gTypeDecl struct {
	Decls []*TypeDecl
}

func (g *gTypeDecl) Parse(lex *lexer.PeekingLexer) error {
	t := lex.Peek()
	if t.Type != tokIdent || t.Value != "type" {
		return participle.NextMatch
	}
	p := pratt{lex}
	n := p.peek2()
	if n.Type != tokIdent && !isPunct(n, "(") {
		return participle.NextMatch // type(v), the builtin
	}
	if isPunct(n, "(") {
		// `type (` is a group only when a name follows on the next line
		// or at once; `type(x)` is the builtin call.
		cp := lex.MakeCheckpoint()
		lex.Next()
		lex.Next()
		for lex.Peek().Type == tokSemi {
			lex.Next()
		}
		next := lex.Peek()
		after := p.peek2()
		lex.LoadCheckpoint(cp)
		if !(next.Type == tokIdent && (startsType(after) || isPunct(after, "="))) && !isPunct(next, ")") {
			return participle.NextMatch
		}
		if isPunct(next, ")") {
			return participle.NextMatch
		}
		lex.Next()
		lex.Next()
		for {
			p.skipSemis()
			if isPunct(lex.Peek(), ")") {
				lex.Next()
				return nil
			}
			d, err := p.typeSpec(t)
			if err != nil {
				return err
			}
			g.Decls = append(g.Decls, d)
			if t := lex.Peek(); t.Type != tokSemi && !isPunct(t, ")") {
				return unexpected(t, " after top level declaration")
			}
		}
	}
	lex.Next()
	d, err := p.typeSpec(t)
	if err != nil {
		return err
	}
	g.Decls = []*TypeDecl{d}
	return nil
}

func (p *pratt) typeSpec(kw *lexer.Token) (*TypeDecl, error) {
	name := p.lex.Next()
	if name.Type != tokIdent {
		return nil, unexpected(name, ", expected type name")
	}
	d := &TypeDecl{TypePos: toPos(kw.Pos), Name: ident(name)}
	if isPunct(p.lex.Peek(), "[") && p.peek2().Type == tokIdent {
		// type List[T any] ...  (an array type [N]T has N, rarely a name
		// followed by a constraint)
		cp := p.lex.MakeCheckpoint()
		tps, err := p.typeParams()
		if err != nil {
			p.lex.LoadCheckpoint(cp)
		} else {
			d.TypeParams = tps
		}
	}
	if isPunct(p.lex.Peek(), "=") {
		p.lex.Next()
		d.Alias = true
	}
	ty, err := p.parseType()
	if err != nil {
		return nil, err
	}
	d.Type = ty
	return d, nil
}

// gConst is `const x = 1`, `const x T = 1` or a group, where a spec
// without values repeats the previous one (with the next iota).
type gConst struct {
	Pos   lexer.Position
	Group bool        `parser:"'const' ( @'('"`
	Specs []*gVarSpec `parser:"  Semi* ( @@ ( Semi @@? )* )? ')' | @@ )"`
}

func (*gConst) isStmt()    {}
func (*gTypeDecl) isStmt() {}

// gPackage is the package clause.
type gPackage struct {
	Pos  lexer.Position
	Name lexer.Token `parser:"'package' @Ident"`
}

// gFuncHead is the start of a function or method declaration: `func Name`,
// `func Name[T any]` or `func (r *T) Name`. It declines (NextMatch, nothing
// consumed) for a function literal at the start of a statement.
type gFuncHead struct {
	Recv       *Param
	Name       lexer.Token
	TypeParams []*Param
}

func (g *gFuncHead) Parse(lex *lexer.PeekingLexer) error {
	if !isKw(lex.Peek(), "func") {
		return participle.NextMatch
	}
	p := pratt{lex}
	n := p.peek2()
	switch {
	case n.Type == tokIdent:
		lex.Next()
		g.Name = *lex.Next()
	case isPunct(n, "("):
		cp := lex.MakeCheckpoint()
		lex.Next()
		ps, err := p.params(true)
		name := lex.Peek()
		if err != nil || len(ps) != 1 || name.Type != tokIdent {
			lex.LoadCheckpoint(cp)
			return participle.NextMatch
		}
		lex.Next()
		if after := lex.Peek(); !isPunct(after, "(") && !isPunct(after, "[") {
			lex.LoadCheckpoint(cp)
			return participle.NextMatch
		}
		g.Recv, g.Name = ps[0], *name
		if g.Recv.Type == nil && g.Recv.Name != nil {
			g.Recv.Type = &TypeExpr{TypePos: g.Recv.Name.NamePos, Kind: TName, Name: g.Recv.Name.Name}
			g.Recv.Name = nil
		}
	default:
		return participle.NextMatch
	}
	if isPunct(lex.Peek(), "[") {
		tps, err := p.typeParams()
		if err != nil {
			return err
		}
		g.TypeParams = tps
	}
	return nil
}

// Start is the position of the parameter's name, or of its type.
func (p *Param) Start() Pos {
	if p.Name != nil {
		return p.Name.NamePos
	}
	if p.Type != nil {
		return p.Type.TypePos
	}
	return Pos{}
}

// isTypeLike reports whether x, followed by '{', is the type of a
// composite literal: a type, a name, pkg.Name, or an instantiation.
func isTypeLike(x Expr) bool {
	switch x := x.(type) {
	case *TypeExpr:
		return x.Kind != TChan && x.Kind != TFunc && x.Kind != TInterface
	case *Ident:
		return true
	case *SelectorExpr:
		_, ok := x.X.(*Ident)
		return ok
	case *IndexExpr:
		_, ok := x.X.(*Ident)
		return ok
	case *IndexListExpr:
		_, ok := x.X.(*Ident)
		return ok
	}
	return false
}

// AsType converts an expression that names a type (an identifier,
// pkg.Name, Name[Args], *T written as an expression) to a TypeExpr; it
// returns nil when x cannot be a type.
func AsType(x Expr) *TypeExpr {
	switch x := x.(type) {
	case *TypeExpr:
		return x
	case *Ident:
		return &TypeExpr{TypePos: x.NamePos, Kind: TName, Name: x.Name}
	case *SelectorExpr:
		if id, ok := x.X.(*Ident); ok {
			return &TypeExpr{TypePos: id.NamePos, Kind: TName, Pkg: id.Name, Name: x.Sel.Name}
		}
	case *IndexExpr:
		if t := AsType(x.X); t != nil && t.Kind == TName {
			if a := AsType(x.Index); a != nil {
				t.Args = []*TypeExpr{a}
				return t
			}
		}
	case *IndexListExpr:
		if t := AsType(x.X); t != nil && t.Kind == TName {
			for _, i := range x.Indices {
				a := AsType(i)
				if a == nil {
					return nil
				}
				t.Args = append(t.Args, a)
			}
			return t
		}
	case *UnaryExpr:
		if x.Op == MUL {
			if e := AsType(x.X); e != nil {
				return &TypeExpr{TypePos: x.OpPos, Kind: TPointer, Elem: e}
			}
		}
	case *ParenExpr:
		return AsType(x.X)
	case *BasicLit:
		if x.Kind == NilLit {
			return &TypeExpr{TypePos: x.ValuePos, Kind: TName, Name: "nil"}
		}
	}
	return nil
}

func asType(x Expr) *TypeExpr { return AsType(x) }

// typeAssert parses `.(T)` or `.(type)`; the '.' is consumed.
func (p *pratt) typeAssert(x Expr) (Expr, error) {
	lp := p.lex.Next()
	a := &TypeAssertExpr{X: x, Lparen: toPos(lp.Pos)}
	if t := p.lex.Peek(); t.Type == tokIdent && t.Value == "type" && isPunct(p.peek2(), ")") {
		p.lex.Next()
	} else {
		ty, err := p.parseType()
		if err != nil {
			return nil, err
		}
		a.Type = ty
	}
	return a, p.want(")")
}

// composite parses `{ elements }` of a composite literal of type ty
// (nil for an elided type); the next token is '{'.
func (p *pratt) composite(ty *TypeExpr) (Expr, error) {
	lb := p.lex.Next()
	c := &CompositeLit{Type: ty, Lbrace: toPos(lb.Pos)}
	elem := func() (Expr, error) {
		if t := p.lex.Peek(); isLbrace(t) {
			return p.composite(nil)
		}
		return p.operandOf(p.lex.Peek())
	}
	for {
		p.skipSemis()
		t := p.lex.Peek()
		if isPunct(t, "}") {
			p.lex.Next()
			c.Rbrace = toPos(t.Pos)
			return c, nil
		}
		x, err := elem()
		if err != nil {
			return nil, err
		}
		if colon := p.lex.Peek(); isPunct(colon, ":") {
			p.lex.Next()
			v, err := elem()
			if err != nil {
				return nil, err
			}
			x = &KeyValue{Key: x, Colon: toPos(colon.Pos), Value: v}
		}
		c.Elts = append(c.Elts, x)
		t = p.lex.Peek()
		switch {
		case isPunct(t, ","):
			p.lex.Next()
		case isPunct(t, "}"):
		default:
			return nil, unexpected(t, " in composite literal; possibly missing comma or }")
		}
	}
}
