package lang

// The statement grammar, as participle structs (PARSER-NOTES §3).
//
// Shape of the grammar, and why:
//   - The simple statement is left-factored, as in Go's own parser: an
//     expression list first, then the next token decides (:= = op= ++ --
//     <- or nothing). With that, participle needs no lookahead at all
//     (UseLookahead(0)), which also gives the best error positions: an
//     alternative that fails after consuming a token is a final error.
//   - Alternatives that could start alike are told apart by lookahead:
//     `(?= 'func' Ident)` for func declarations, and for labels a Parseable
//     that peeks at `name :` (cheaper than a lookahead group, which costs a
//     participle branch for every statement). A group that could match
//     nothing is written `( ... )!` where it is an alternative: participle
//     panics at parse time on an alternative that succeeds without
//     consuming anything.
//   - Expressions are the custom type Expr, parsed by the Pratt function in
//     pratt.go. It returns AST nodes directly.
//   - The points where gc has a specific message ("expected case or default
//     or }", "at end of statement", "expected for loop condition", ...) are
//     small Parseable types (end.go) that check the next token and report
//     gc's wording, instead of participle's generic "unexpected token".
//   - The '{' of an if/for/switch body has its own token type (lexer.go),
//     so the header's expression never takes it as a map literal; the
//     grammar's '{' literal matches it by value.
//
// Struct fields must be exported for participle to see them, although the
// types are not. Tags use single-quoted literals so that go vet is happy.

import (
	"sync"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// gStmt is the union of statement productions (see buildParsers for the
// order, which matters: every member must fail without consuming anything
// when the input is not its statement).
type gStmt interface{ isStmt() }

type gFile struct {
	Package *gPackage   `parser:"Semi* ( @@ Semi )?"`
	Stmts   []*gTopStmt `parser:"Semi* ( @@ ( Semi @@? )* )?"`
	End     gFileEnd    `parser:"@@"`
}

// gTopStmt is a statement of the top level, where imports and func
// declarations may also appear. (Inside blocks a `func name` is not a
// statement, so it fails as a function literal with gc's message.)
type gTopStmt struct {
	Import *gImport   `parser:"  @@"`
	Func   *gFuncDecl `parser:"| @@"`
	Stmt   gStmt      `parser:"| @@"`
}

type gImport struct {
	Pos   lexer.Position
	Group bool           `parser:"'import' ( @'('"`
	Specs []*gImportSpec `parser:"  Semi* ( @@ ( Semi @@? )* )? ')' | @@ )"`
}

type gImportSpec struct {
	Pos  lexer.Position
	Name *lexer.Token `parser:"@Ident?"`
	Path gImportPath  `parser:"@@"`
}

type gFuncDecl struct {
	Pos  lexer.Position
	Head gFuncHead `parser:"@@"`
	Sig  *gFuncSig `parser:"@@"`
}

// gFuncSig is `(params) { body }`, shared by declarations and literals
// (the Pratt parser re-enters participle for it).
type gFuncSig struct {
	Pos    lexer.Position
	Params gParams `parser:"@@"`
	Body   *gBlock `parser:"@@"`
}

type gBlock struct {
	Pos   lexer.Position
	Stmts []gStmt   `parser:"'{' Semi* ( @@ ( Semi @@? )* )?"`
	End   gBlockEnd `parser:"@@"`
}

type gLabeled struct {
	Label gLabelName  `parser:"@@"`
	Colon lexer.Token `parser:"@':'"`
	Stmt  gStmt       `parser:"@@?"`
	End   gLabelEnd   `parser:"@@"`
}

type gVar struct {
	Pos   lexer.Position
	Group bool        `parser:"'var' ( @'('"`
	Specs []*gVarSpec `parser:"  Semi* ( @@ ( Semi @@? )* )? ')' | @@ )"`
}

type gVarSpec struct {
	Pos    lexer.Position
	Names  []*gName `parser:"@@ ( ',' @@ )*"`
	Type   *gType   `parser:"@@?"`
	Values []Expr   `parser:"( '=' @@ ( ',' @@ )* )?"`
}

type gName struct {
	Tok lexer.Token `parser:"@Ident"`
}

type gReturn struct {
	Pos     lexer.Position
	Results []Expr `parser:"'return' ( @@ ( ',' @@ )* )?"`
}

type gBranch struct {
	Pos   lexer.Position
	Tok   string `parser:"( @'fallthrough' | @( 'break' | 'continue' )"`
	Label *gName `parser:"  @@? )"`
}

type gGo struct {
	Pos  lexer.Position
	Call Expr `parser:"'go' @@"`
}

type gDefer struct {
	Pos  lexer.Position
	Call Expr `parser:"'defer' @@"`
}

// gIf: `if Init; Cond {`, `if Cond {` (Init holds the condition until the
// conversion moves it) and `if ; Cond {`.
type gIf struct {
	Pos  lexer.Position
	Init *gSimple     `parser:"'if' @@?"`
	Semi *lexer.Token `parser:"( @Semi"`
	Cond Expr         `parser:"  @@ )?"`
	Then *gBlock      `parser:"@@"`
	Else *gElse       `parser:"( 'else' @@ )?"`
}

type gElse struct {
	If    *gIf      `parser:"  @@"`
	Block *gBlock   `parser:"| @@"`
	Bad   gElseMust `parser:"| @@"` // always fails with gc's message
}

// gFor covers every for form: `for range x`, `for k, v := range x`,
// `for init; cond; post`, `for cond` and `for`.
type gFor struct {
	Pos    lexer.Position
	Range  *lexer.Token `parser:"'for' ( @'range'"`
	RangeX Expr         `parser:"  @@"`
	Init   *gHeadSimple `parser:"| ( @@?"`
	Semi   *lexer.Token `parser:"    ( @Semi"`
	Cond   Expr         `parser:"      @@?"`
	Semi2  gForSemi     `parser:"      @@"`
	Post   *gSimple     `parser:"      @@? )? )! )?"`
	Body   *gBlock      `parser:"@@"`
}

type gSwitch struct {
	Pos    lexer.Position
	Init   *gSimple     `parser:"'switch' @@?"`
	Semi   *lexer.Token `parser:"( @Semi"`
	Tag    Expr         `parser:"  @@? )?"`
	Lbrace lexer.Token  `parser:"@'{'"`
	Cases  []*gCase     `parser:"Semi* @@*"`
	End    gCasesEnd    `parser:"@@"`
}

type gCase struct {
	Pos     lexer.Position
	List    []Expr      `parser:"( 'case' @@ ( ',' @@ )*"`
	Default bool        `parser:"| @'default' )"`
	Colon   lexer.Token `parser:"@':'"`
	Body    []gStmt     `parser:"Semi* ( @@ ( Semi @@? )* )?"`
	End     gClauseEnd  `parser:"@@"`
}

type gSelect struct {
	Pos    lexer.Position
	Lbrace lexer.Token `parser:"'select' @'{'"`
	Cases  []*gComm    `parser:"Semi* @@*"`
	End    gCasesEnd   `parser:"@@"`
}

type gComm struct {
	Pos     lexer.Position
	Comm    *gSimple    `parser:"( 'case' @@"`
	Default bool        `parser:"| @'default' )"`
	Colon   lexer.Token `parser:"@':'"`
	Body    []gStmt     `parser:"Semi* ( @@ ( Semi @@? )* )?"`
	End     gClauseEnd  `parser:"@@"`
}

// gSimple is the left-factored simple statement: an expression list, then
// an optional operator (:= = op= ++ -- <-) with the expressions after it.
// One operator (a Parseable, end.go) instead of one alternative per form
// keeps the number of participle branches, its main cost, low; the
// conversion sorts the forms out and checks what the grammar does not (one
// operand around op=, names before :=, ...). After ++ and -- the Pratt parser declines to
// start an expression, so `x++ y` fails at y "at end of statement".
// EndPos is the position of the token after the statement, for gc's
// messages about it.
type gSimple struct {
	Lhs    []Expr     `parser:"@@ ( ',' @@ )*"`
	Op     *gSimpleOp `parser:"( @@"`
	Rhs    []Expr     `parser:"  ( @@ ( ',' @@ )* )? )?"`
	EndPos lexer.Position
}

// gHeadSimple is gSimple where `range x` may follow the operator (the first
// part of a for header); the header must end there. Elsewhere `range` is
// not an expression, and the Pratt parser reports it.
type gHeadSimple struct {
	Lhs      []Expr       `parser:"@@ ( ',' @@ )*"`
	Op       *gSimpleOp   `parser:"( @@"`
	Range    *lexer.Token `parser:"  ( @'range'"`
	RangeX   Expr         `parser:"    @@"`
	RangeEnd gRangeEnd    `parser:"    @@"`
	Rhs      []Expr       `parser:"  | @@ ( ',' @@ )* )? )?"`
	EndPos   lexer.Position
}

func (*gLabeled) isStmt() {}
func (*gBlock) isStmt()   {}
func (*gVar) isStmt()     {}
func (*gReturn) isStmt()  {}
func (*gBranch) isStmt()  {}
func (*gGo) isStmt()      {}
func (*gDefer) isStmt()   {}
func (*gIf) isStmt()      {}
func (*gFor) isStmt()     {}
func (*gSwitch) isStmt()  {}
func (*gSelect) isStmt()  {}
func (*gSimple) isStmt()  {}

// The parsers are built once per process. They hold no per-parse state,
// so concurrent parses may share them (PARSER-NOTES, "Concurrency").
// sigParser is used from inside the Pratt function, which gets no context
// from participle: it must be reachable from package scope.
var (
	buildOnce  sync.Once
	fileParser *participle.Parser[gFile]
	sigParser  *participle.Parser[gFuncSig]
)

func buildParsers() {
	buildOnce.Do(func() {
		fileParser = participle.MustBuild[gFile](
			participle.Lexer(lexDef{}),
			participle.UseLookahead(0),
			participle.Union[gStmt](
				// gLabeled (guarded) and gBlock must come before gSimple:
				// `name :` starts a label, and a '{' that starts a
				// statement is a block. gSimple comes next because most
				// statements are simple, and every member tried costs
				// an allocation; the keyword-led statements cannot start
				// an expression, so gSimple lets them through untouched.
				&gLabeled{}, &gBlock{}, &gTypeDecl{}, &gConst{}, &gSimple{},
				&gIf{}, &gFor{}, &gReturn{}, &gVar{}, &gBranch{},
				&gGo{}, &gDefer{}, &gSwitch{}, &gSelect{},
			),
			participle.ParseTypeWith(parseExpr),
		)
		var err error
		sigParser, err = participle.ParserForProduction[gFuncSig](fileParser)
		if err != nil {
			panic(err) // a bug in this file, found by every test
		}
	})
}
