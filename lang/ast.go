package lang

// This file is the AST: the contract between the parser and the compiler.
// Every node carries positions; the parser fills them, the compiler only
// reads them (plus the Ref fields the resolver is allowed to set).
//
// Invariants the parser guarantees (so the compiler never re-checks them):
//   - Expression lists are never empty where the grammar needs one.
//   - GoStmt.Call and DeferStmt.Call are calls.
//   - AssignStmt with Tok Define has only *Ident on its left.
//   - AssignStmt with an op-assign Tok (+= ...) has exactly one expression on
//     each side; IncDecStmt has one operand.
//   - RangeStmt appears only as a for-statement header.
//   - CallExpr.Spread implies len(Args) > 0 (the last argument is spread).
//   - Imports all come before any other statement of a file.

// Token names an operator or an assignment/branch keyword.
type Token uint8

const (
	ILLEGAL Token = iota

	// Binary operators, by precedence group (SPEC §2):
	//   5: * / % << >> & &^    4: + - | ^    3: == != < <= > >=    2: &&    1: ||
	ADD     // +
	SUB     // -
	MUL     // *
	QUO     // /
	REM     // %
	AND     // &
	OR      // |
	XOR     // ^
	SHL     // <<
	SHR     // >>
	AND_NOT // &^
	LAND    // &&
	LOR     // ||
	EQL     // ==
	NEQ     // !=
	LSS     // <
	LEQ     // <=
	GTR     // >
	GEQ     // >=

	// Unary-only operators (SUB, ADD and XOR are also unary).
	NOT   // !
	ARROW // <-

	// Assignment tokens.
	ASSIGN         // =
	DEFINE         // :=
	ADD_ASSIGN     // +=
	SUB_ASSIGN     // -=
	MUL_ASSIGN     // *=
	QUO_ASSIGN     // /=
	REM_ASSIGN     // %=
	AND_ASSIGN     // &=
	OR_ASSIGN      // |=
	XOR_ASSIGN     // ^=
	SHL_ASSIGN     // <<=
	SHR_ASSIGN     // >>=
	AND_NOT_ASSIGN // &^=

	// Branch keywords (BranchStmt.Tok).
	BREAK
	CONTINUE
	FALLTHROUGH
)

var tokenStrings = [...]string{
	ILLEGAL: "ILLEGAL",
	ADD:     "+", SUB: "-", MUL: "*", QUO: "/", REM: "%",
	AND: "&", OR: "|", XOR: "^", SHL: "<<", SHR: ">>", AND_NOT: "&^",
	LAND: "&&", LOR: "||",
	EQL: "==", NEQ: "!=", LSS: "<", LEQ: "<=", GTR: ">", GEQ: ">=",
	NOT: "!", ARROW: "<-",
	ASSIGN: "=", DEFINE: ":=",
	ADD_ASSIGN: "+=", SUB_ASSIGN: "-=", MUL_ASSIGN: "*=", QUO_ASSIGN: "/=", REM_ASSIGN: "%=",
	AND_ASSIGN: "&=", OR_ASSIGN: "|=", XOR_ASSIGN: "^=", SHL_ASSIGN: "<<=", SHR_ASSIGN: ">>=",
	AND_NOT_ASSIGN: "&^=",
	BREAK:          "break", CONTINUE: "continue", FALLTHROUGH: "fallthrough",
}

func (t Token) String() string {
	if int(t) < len(tokenStrings) && tokenStrings[t] != "" {
		return tokenStrings[t]
	}
	return "ILLEGAL"
}

// Precedence returns the binary precedence of t (5 binds tightest), or 0 if
// t is not a binary operator.
func (t Token) Precedence() int {
	switch t {
	case MUL, QUO, REM, SHL, SHR, AND, AND_NOT:
		return 5
	case ADD, SUB, OR, XOR:
		return 4
	case EQL, NEQ, LSS, LEQ, GTR, GEQ:
		return 3
	case LAND:
		return 2
	case LOR:
		return 1
	}
	return 0
}

// OpAssignBase maps an op-assign token (+=) to its binary operator (+).
// It returns ILLEGAL for any other token.
func (t Token) OpAssignBase() Token {
	switch t {
	case ADD_ASSIGN:
		return ADD
	case SUB_ASSIGN:
		return SUB
	case MUL_ASSIGN:
		return MUL
	case QUO_ASSIGN:
		return QUO
	case REM_ASSIGN:
		return REM
	case AND_ASSIGN:
		return AND
	case OR_ASSIGN:
		return OR
	case XOR_ASSIGN:
		return XOR
	case SHL_ASSIGN:
		return SHL
	case SHR_ASSIGN:
		return SHR
	case AND_NOT_ASSIGN:
		return AND_NOT
	}
	return ILLEGAL
}

// ---------------------------------------------------------------------------
// Files

// File is one parsed source file (or one REPL input).
type File struct {
	Name    string // as given to Parse; used in positions of errors
	Src     []byte // the source, for error lines
	Imports []*ImportSpec
	Stmts   []Stmt // top-level statements in order, FuncDecls included
	Package string // the name in a `package name` clause, or ""
}

// ImportSpec is one import: `import "strings"`, `import u "./util.goro"`.
type ImportSpec struct {
	Pos     Pos    // of the `import` keyword (or of the spec inside a group)
	Name    *Ident // explicit alias, or nil
	Path    string // unquoted
	PathPos Pos
}

// Node is any AST node.
type Node interface{ Start() Pos }

// ---------------------------------------------------------------------------
// Expressions

// Expr is an expression node.
type Expr interface {
	Node
	exprNode()
}

// Ident is a name. Ref is free for the resolver to annotate.
type Ident struct {
	NamePos Pos
	Name    string
	Ref     any // set by the compiler's resolver; the parser leaves it nil
}

// LitKind says which kind of literal a BasicLit is.
type LitKind uint8

const (
	IntLit    LitKind = iota + 1 // Int holds the value; may exceed MaxInt64 (see Int)
	FloatLit                     // Float holds the value
	StringLit                    // Str holds the decoded bytes (interpreted or raw)
	CharLit                      // rune literal 'a': Int holds the code point
	TrueLit
	FalseLit
	NilLit
)

// BasicLit is a literal. The parser decodes the value: Int for IntLit and
// CharLit (an IntLit may be as large as 1<<63 so that -9223372036854775808
// can be folded by the compiler; anything larger is a syntax error), Float
// for FloatLit, Str for StringLit. Raw is the source text.
type BasicLit struct {
	ValuePos Pos
	Kind     LitKind
	Raw      string
	Int      uint64
	Float    float64
	Str      string
}

// ListLit is `[a, b, c]`.
type ListLit struct {
	Lbrack Pos
	Elems  []Expr
	Rbrack Pos
}

// KeyValue is one `key: value` entry of a MapLit.
type KeyValue struct {
	Key   Expr
	Colon Pos
	Value Expr
}

// MapLit is `{k: v, ...}`.
type MapLit struct {
	Lbrace  Pos
	Entries []*KeyValue
	Rbrace  Pos
}

// FuncLit is a function literal `func(a, b) { ... }`.
type FuncLit struct {
	Func *Func
}

// Func is the shared part of FuncDecl and FuncLit.
type Func struct {
	FuncPos  Pos    // of the `func` keyword
	Name     *Ident // nil for literals
	Params   []*Ident
	Variadic bool // the last parameter was written `rest...`
	// The Go-style annotations, all optional: ParamTypes is nil or has
	// one entry per parameter (nil where none was written); Results are
	// the declared results (named or not); Recv is a method's receiver
	// (Recv.Name may be nil); TypeParams are a generic function's.
	ParamTypes []*TypeExpr
	Results    []*Param
	Recv       *Param
	TypeParams []*Param
	IsMethod   bool // set by the compiler's lowering: Params[0] is the receiver
	Body       *BlockStmt
	Ref        any // free for the compiler
}

// UnaryExpr is `op X` for - + ! ^ <-.
type UnaryExpr struct {
	OpPos Pos
	Op    Token
	X     Expr
}

// BinaryExpr is `X op Y`.
type BinaryExpr struct {
	X     Expr
	OpPos Pos
	Op    Token
	Y     Expr
	start Pos // X.Start(), cached by the parser (see Start)
}

// CallExpr is `Fun(Args...)`; Spread is set when the last argument is
// followed by `...`.
type CallExpr struct {
	Fun    Expr
	Lparen Pos
	Args   []Expr
	Spread bool
	Rparen Pos
	start  Pos // Fun.Start(), cached by the parser
}

// SelectorExpr is `X.Sel`.
type SelectorExpr struct {
	X     Expr
	Sel   *Ident
	start Pos // X.Start(), cached by the parser
}

// IndexExpr is `X[Index]`.
type IndexExpr struct {
	X      Expr
	Lbrack Pos
	Index  Expr
	Rbrack Pos
	start  Pos // X.Start(), cached by the parser
}

// SliceExpr is `X[Lo:Hi]`; Lo and Hi may be nil.
type SliceExpr struct {
	X      Expr
	Lbrack Pos
	Lo     Expr
	Hi     Expr
	Rbrack Pos
	start  Pos // X.Start(), cached by the parser
}

// ParenExpr is `(X)`. It is kept so positions and the REPL's echo can tell
// a parenthesized expression; the compiler treats it as X.
type ParenExpr struct {
	Lparen Pos
	X      Expr
	Rparen Pos
}

func (x *Ident) Start() Pos        { return x.NamePos }
func (x *BasicLit) Start() Pos     { return x.ValuePos }
func (x *ListLit) Start() Pos      { return x.Lbrack }
func (x *MapLit) Start() Pos       { return x.Lbrace }
func (x *FuncLit) Start() Pos      { return x.Func.FuncPos }
func (x *UnaryExpr) Start() Pos    { return x.OpPos }
func (x *BinaryExpr) Start() Pos   { return cachedStart(x.start, x.X) }
func (x *CallExpr) Start() Pos     { return cachedStart(x.start, x.Fun) }
func (x *SelectorExpr) Start() Pos { return cachedStart(x.start, x.X) }
func (x *IndexExpr) Start() Pos    { return cachedStart(x.start, x.X) }
func (x *SliceExpr) Start() Pos    { return cachedStart(x.start, x.X) }
func (x *ParenExpr) Start() Pos    { return x.Lparen }

// cachedStart is the start of an expression that begins with its operand x
// (x op y, x(...), x.f, x[i], x[i:j]). The parser caches it in the node so
// that Start is O(1) however long a chain (f()()()..., a+b+c+...) is:
// walking the chain at every node made compiling one quadratic. Nodes built
// elsewhere have no cache and walk.
func cachedStart(p Pos, x Expr) Pos {
	if p.IsValid() {
		return p
	}
	return x.Start()
}

func (*Ident) exprNode()        {}
func (*BasicLit) exprNode()     {}
func (*ListLit) exprNode()      {}
func (*MapLit) exprNode()       {}
func (*FuncLit) exprNode()      {}
func (*UnaryExpr) exprNode()    {}
func (*BinaryExpr) exprNode()   {}
func (*CallExpr) exprNode()     {}
func (*SelectorExpr) exprNode() {}
func (*IndexExpr) exprNode()    {}
func (*SliceExpr) exprNode()    {}
func (*ParenExpr) exprNode()    {}

// ---------------------------------------------------------------------------
// Statements

// Stmt is a statement node.
type Stmt interface {
	Node
	stmtNode()
}

// FuncDecl is a top-level `func name(params) { body }`. (Nested named
// functions do not exist; the parser rejects them.)
type FuncDecl struct {
	Func *Func
}

// VarDecl is `var a, b = x, y` (Values may be nil: `var a`). A grouped
// `var ( ... )` becomes one VarDecl per line.
type VarDecl struct {
	VarPos Pos
	Names  []*Ident
	Values []Expr    // nil, or as many as Names (or one call returning several)
	Type   *TypeExpr // the declared type, or nil
	Const  bool      // a const declaration: Values are constant expressions
	Iota   int       // the value of iota in a const spec
}

// AssignStmt is `Lhs Tok Rhs` for = := and op-assignments.
type AssignStmt struct {
	Lhs    []Expr
	TokPos Pos
	Tok    Token // ASSIGN, DEFINE or an op-assign token
	Rhs    []Expr
}

// IncDecStmt is `X++` or `X--`.
type IncDecStmt struct {
	X      Expr
	TokPos Pos
	Inc    bool
}

// SendStmt is `Chan <- Value`.
type SendStmt struct {
	Chan  Expr
	Arrow Pos
	Value Expr
}

// ExprStmt is an expression used as a statement (a call or a receive).
type ExprStmt struct {
	X Expr
}

// BlockStmt is `{ ... }`.
type BlockStmt struct {
	Lbrace Pos
	Stmts  []Stmt
	Rbrace Pos
}

// IfStmt is `if Init; Cond { Then } else Else`; Else is nil, *IfStmt or
// *BlockStmt.
type IfStmt struct {
	IfPos Pos
	Init  Stmt
	Cond  Expr
	Then  *BlockStmt
	Else  Stmt
}

// ForStmt is `for Init; Cond; Post { Body }`; any of the three may be nil
// (`for {}`, `for cond {}`).
type ForStmt struct {
	ForPos Pos
	Init   Stmt
	Cond   Expr
	Post   Stmt
	Body   *BlockStmt
}

// RangeStmt is `for Key, Value := range X { Body }` (or `=`, or
// `for range X`). Key and Value are nil when omitted; Tok is DEFINE, ASSIGN
// or ILLEGAL (for `for range X`).
type RangeStmt struct {
	ForPos Pos
	Key    Expr
	Value  Expr
	TokPos Pos
	Tok    Token
	X      Expr
	Body   *BlockStmt
}

// SwitchStmt is `switch Init; Tag { cases }`; Tag is nil for a tagless
// switch.
type SwitchStmt struct {
	SwitchPos Pos
	Init      Stmt
	Tag       Expr
	Lbrace    Pos
	Cases     []*CaseClause
	// A type switch: Tag is a *TypeAssertExpr with a nil Type, the case
	// expressions are types (AsType), and Bind, if not nil, is the name
	// of `switch v := x.(type)`.
	TypeSwitch bool
	Bind       *Ident
	Rbrace     Pos
}

// CaseClause is `case List...:` or `default:` (List == nil).
type CaseClause struct {
	CasePos Pos
	List    []Expr
	Colon   Pos
	Body    []Stmt
}

// SelectStmt is `select { cases }`.
type SelectStmt struct {
	SelectPos Pos
	Lbrace    Pos
	Cases     []*CommClause
	Rbrace    Pos
}

// CommClause is one case of a select. Comm is nil for `default:`;
// otherwise one of:
//   - *SendStmt                       case ch <- v:
//   - *ExprStmt whose X is a receive  case <-ch:
//   - *AssignStmt (= or :=) with one or two names on the left and a single
//     receive (*UnaryExpr with Op ARROW) on the right:  case v, ok := <-ch:
//
// The parser rejects anything else ("select case must be receive, send or
// assign recv").
type CommClause struct {
	CasePos Pos
	Comm    Stmt
	Colon   Pos
	Body    []Stmt
}

// BranchStmt is break, continue (optionally labeled) or fallthrough.
type BranchStmt struct {
	TokPos Pos
	Tok    Token // BREAK, CONTINUE or FALLTHROUGH
	Label  *Ident
}

// ReturnStmt is `return` with zero or more results.
type ReturnStmt struct {
	ReturnPos Pos
	Results   []Expr
}

// GoStmt is `go Call`.
type GoStmt struct {
	GoPos Pos
	Call  *CallExpr
}

// DeferStmt is `defer Call`.
type DeferStmt struct {
	DeferPos Pos
	Call     *CallExpr
}

// LabeledStmt is `Label: Stmt`. Stmt may be an *EmptyStmt.
type LabeledStmt struct {
	Label *Ident
	Colon Pos
	Stmt  Stmt
}

// EmptyStmt is an empty statement (after a label at the end of a block).
type EmptyStmt struct {
	SemiPos Pos
}

// ImportStmt only appears in REPL input (ParseREPL): an import typed at the
// prompt. In files, imports live in File.Imports.
type ImportStmt struct {
	Spec *ImportSpec
}

func (s *FuncDecl) Start() Pos    { return s.Func.FuncPos }
func (s *VarDecl) Start() Pos     { return s.VarPos }
func (s *AssignStmt) Start() Pos  { return s.Lhs[0].Start() }
func (s *IncDecStmt) Start() Pos  { return s.X.Start() }
func (s *SendStmt) Start() Pos    { return s.Chan.Start() }
func (s *ExprStmt) Start() Pos    { return s.X.Start() }
func (s *BlockStmt) Start() Pos   { return s.Lbrace }
func (s *IfStmt) Start() Pos      { return s.IfPos }
func (s *ForStmt) Start() Pos     { return s.ForPos }
func (s *RangeStmt) Start() Pos   { return s.ForPos }
func (s *SwitchStmt) Start() Pos  { return s.SwitchPos }
func (s *SelectStmt) Start() Pos  { return s.SelectPos }
func (s *BranchStmt) Start() Pos  { return s.TokPos }
func (s *ReturnStmt) Start() Pos  { return s.ReturnPos }
func (s *GoStmt) Start() Pos      { return s.GoPos }
func (s *DeferStmt) Start() Pos   { return s.DeferPos }
func (s *LabeledStmt) Start() Pos { return s.Label.NamePos }
func (s *EmptyStmt) Start() Pos   { return s.SemiPos }
func (s *ImportStmt) Start() Pos  { return s.Spec.Pos }
func (s *CaseClause) Start() Pos  { return s.CasePos }
func (s *CommClause) Start() Pos  { return s.CasePos }
func (s *ImportSpec) Start() Pos  { return s.Pos }
func (kv *KeyValue) Start() Pos   { return kv.Key.Start() }
func (f *Func) Start() Pos        { return f.FuncPos }

func (*FuncDecl) stmtNode()    {}
func (*VarDecl) stmtNode()     {}
func (*AssignStmt) stmtNode()  {}
func (*IncDecStmt) stmtNode()  {}
func (*SendStmt) stmtNode()    {}
func (*ExprStmt) stmtNode()    {}
func (*BlockStmt) stmtNode()   {}
func (*IfStmt) stmtNode()      {}
func (*ForStmt) stmtNode()     {}
func (*RangeStmt) stmtNode()   {}
func (*SwitchStmt) stmtNode()  {}
func (*SelectStmt) stmtNode()  {}
func (*BranchStmt) stmtNode()  {}
func (*ReturnStmt) stmtNode()  {}
func (*GoStmt) stmtNode()      {}
func (*DeferStmt) stmtNode()   {}
func (*LabeledStmt) stmtNode() {}
func (*EmptyStmt) stmtNode()   {}
func (*ImportStmt) stmtNode()  {}
