package lang

// Walking the AST (Inspect) and printing it as S-expressions (Dump).

import (
	"fmt"
	"strconv"
	"strings"
)

// Start makes *File a Node, so that Inspect and Dump accept a whole file.
func (f *File) Start() Pos { return Pos{Line: 1, Col: 1} }

// Inspect traverses the AST rooted at n in depth-first order, like
// go/ast.Inspect: it calls f(n); if that returns true, it inspects each
// child of n, then calls f(nil). Every node is visited: identifiers in
// every role (parameters, labels, names of var declarations and imports),
// Func (of declarations and literals), ImportSpec, KeyValue, CaseClause
// and CommClause. Nil children are skipped.
func Inspect(n Node, f func(Node) bool) {
	if isNil(n) || !f(n) {
		return
	}
	walk := func(c Node) { Inspect(c, f) }
	exprs := func(xs []Expr) {
		for _, x := range xs {
			walk(x)
		}
	}
	stmts := func(ss []Stmt) {
		for _, s := range ss {
			walk(s)
		}
	}
	switch n := n.(type) {
	case *File:
		for _, s := range n.Imports {
			walk(s)
		}
		stmts(n.Stmts)
	case *ImportSpec:
		walk(n.Name)
	case *Ident, *BasicLit, *EmptyStmt:
	case *ListLit:
		exprs(n.Elems)
	case *MapLit:
		for _, kv := range n.Entries {
			walk(kv)
		}
	case *KeyValue:
		walk(n.Key)
		walk(n.Value)
	case *FuncLit:
		walk(n.Func)
	case *Func:
		walk(n.Name)
		for _, p := range n.Params {
			walk(p)
		}
		walk(n.Body)
	case *UnaryExpr:
		walk(n.X)
	case *BinaryExpr:
		walk(n.X)
		walk(n.Y)
	case *CallExpr:
		walk(n.Fun)
		exprs(n.Args)
	case *SelectorExpr:
		walk(n.X)
		walk(n.Sel)
	case *IndexExpr:
		walk(n.X)
		walk(n.Index)
	case *SliceExpr:
		walk(n.X)
		walk(n.Lo)
		walk(n.Hi)
	case *ParenExpr:
		walk(n.X)
	case *FuncDecl:
		walk(n.Func)
	case *VarDecl:
		for _, id := range n.Names {
			walk(id)
		}
		exprs(n.Values)
	case *AssignStmt:
		exprs(n.Lhs)
		exprs(n.Rhs)
	case *IncDecStmt:
		walk(n.X)
	case *SendStmt:
		walk(n.Chan)
		walk(n.Value)
	case *ExprStmt:
		walk(n.X)
	case *BlockStmt:
		stmts(n.Stmts)
	case *IfStmt:
		walk(n.Init)
		walk(n.Cond)
		walk(n.Then)
		walk(n.Else)
	case *ForStmt:
		walk(n.Init)
		walk(n.Cond)
		walk(n.Post)
		walk(n.Body)
	case *RangeStmt:
		walk(n.Key)
		walk(n.Value)
		walk(n.X)
		walk(n.Body)
	case *SwitchStmt:
		walk(n.Init)
		walk(n.Tag)
		for _, c := range n.Cases {
			walk(c)
		}
	case *CaseClause:
		exprs(n.List)
		stmts(n.Body)
	case *SelectStmt:
		for _, c := range n.Cases {
			walk(c)
		}
	case *CommClause:
		walk(n.Comm)
		stmts(n.Body)
	case *BranchStmt:
		walk(n.Label)
	case *ReturnStmt:
		exprs(n.Results)
	case *GoStmt:
		walk(n.Call)
	case *DeferStmt:
		walk(n.Call)
	case *LabeledStmt:
		walk(n.Label)
		walk(n.Stmt)
	case *ImportStmt:
		walk(n.Spec)
	case *TypeExpr, *TypeDecl:
	case *CompositeLit:
		exprs(n.Elts)
	case *TypeAssertExpr:
		walk(n.X)
	case *IndexListExpr:
		walk(n.X)
		exprs(n.Indices)
	default:
		panic(fmt.Sprintf("lang.Inspect: unexpected node %T", n))
	}
	f(nil)
}

// isNil reports whether n is nil or a typed nil pointer (an absent child
// such as IfStmt.Else held in an interface).
func isNil(n Node) bool {
	switch n := n.(type) {
	case nil:
		return true
	case *Ident:
		return n == nil
	case *BlockStmt:
		return n == nil
	case *CallExpr:
		return n == nil
	case *Func:
		return n == nil
	case *ImportSpec:
		return n == nil
	}
	return false
}

// Dump renders the AST rooted at n as a compact S-expression, for tests
// and debugging. The format is stable:
//
//	(binary + (ident a) (binary * (int 2) (ident b)))
//
// Lists of nodes are written in brackets, absent children as _, names in
// declarations (parameters, labels, var names, import names) bare.
func Dump(n Node) string {
	var b strings.Builder
	dump(&b, n)
	return b.String()
}

func dump(b *strings.Builder, n Node) {
	if isNil(n) {
		b.WriteString("_")
		return
	}
	w := func(parts ...any) {
		b.WriteByte('(')
		for i, p := range parts {
			if i > 0 {
				b.WriteByte(' ')
			}
			switch p := p.(type) {
			case string:
				b.WriteString(p)
			case Node:
				dump(b, p)
			case []Expr:
				dumpList(b, len(p), func(i int) Node { return p[i] })
			case []Stmt:
				dumpList(b, len(p), func(i int) Node { return p[i] })
			case nil:
				b.WriteString("_")
			}
		}
		b.WriteByte(')')
	}
	stmts := func(head []any, ss []Stmt) []any {
		for _, s := range ss {
			head = append(head, s)
		}
		return head
	}
	switch n := n.(type) {
	case *File:
		parts := []any{"file"}
		for _, s := range n.Imports {
			parts = append(parts, s)
		}
		w(stmts(parts, n.Stmts)...)
	case *ImportSpec:
		name := "_"
		if n.Name != nil {
			name = n.Name.Name
		}
		w("import", name, strconv.Quote(n.Path))
	case *ImportStmt:
		dump(b, n.Spec)
	case *Ident:
		w("ident", n.Name)
	case *BasicLit:
		switch n.Kind {
		case IntLit:
			w("int", strconv.FormatUint(n.Int, 10))
		case FloatLit:
			w("float", strconv.FormatFloat(n.Float, 'g', -1, 64))
		case StringLit:
			w("string", strconv.Quote(n.Str))
		case CharLit:
			w("char", strconv.FormatUint(n.Int, 10))
		case TrueLit:
			w("true")
		case FalseLit:
			w("false")
		case NilLit:
			w("nil")
		}
	case *ListLit:
		w(append([]any{"list"}, exprParts(n.Elems)...)...)
	case *MapLit:
		parts := []any{"map"}
		for _, kv := range n.Entries {
			parts = append(parts, kv)
		}
		w(parts...)
	case *KeyValue:
		w("kv", n.Key, n.Value)
	case *FuncLit:
		dump(b, n.Func)
	case *Func:
		params := []string{}
		for _, p := range n.Params {
			params = append(params, p.Name)
		}
		if n.Variadic {
			params[len(params)-1] += "..."
		}
		head := "func"
		if n.Name != nil {
			head = "func " + n.Name.Name
		}
		w(head, "["+strings.Join(params, " ")+"]", n.Body)
	case *UnaryExpr:
		w("unary", n.Op.String(), n.X)
	case *BinaryExpr:
		w("binary", n.Op.String(), n.X, n.Y)
	case *CallExpr:
		parts := append([]any{"call", n.Fun}, exprParts(n.Args)...)
		if n.Spread {
			parts = append(parts, "...")
		}
		w(parts...)
	case *SelectorExpr:
		w("sel", n.X, n.Sel.Name)
	case *IndexExpr:
		w("index", n.X, n.Index)
	case *SliceExpr:
		w("slice", n.X, n.Lo, n.Hi)
	case *ParenExpr:
		w("paren", n.X)
	case *FuncDecl:
		dump(b, n.Func)
	case *VarDecl:
		names := make([]string, len(n.Names))
		for i, id := range n.Names {
			names[i] = id.Name
		}
		w("var", "["+strings.Join(names, " ")+"]", n.Values)
	case *AssignStmt:
		w("assign", n.Tok.String(), n.Lhs, n.Rhs)
	case *IncDecStmt:
		op := "++"
		if !n.Inc {
			op = "--"
		}
		w("incdec", op, n.X)
	case *SendStmt:
		w("send", n.Chan, n.Value)
	case *ExprStmt:
		w("expr", n.X)
	case *BlockStmt:
		w(stmts([]any{"block"}, n.Stmts)...)
	case *IfStmt:
		w("if", n.Init, n.Cond, n.Then, n.Else)
	case *ForStmt:
		w("for", n.Init, n.Cond, n.Post, n.Body)
	case *RangeStmt:
		tok := "_"
		if n.Tok != ILLEGAL {
			tok = n.Tok.String()
		}
		w("range", n.Key, n.Value, tok, n.X, n.Body)
	case *SwitchStmt:
		parts := []any{"switch", n.Init, n.Tag}
		for _, c := range n.Cases {
			parts = append(parts, c)
		}
		w(parts...)
	case *CaseClause:
		if n.List == nil {
			w(stmts([]any{"default"}, n.Body)...)
		} else {
			w(stmts([]any{"case", n.List}, n.Body)...)
		}
	case *SelectStmt:
		parts := []any{"select"}
		for _, c := range n.Cases {
			parts = append(parts, c)
		}
		w(parts...)
	case *CommClause:
		if n.Comm == nil {
			w(stmts([]any{"default"}, n.Body)...)
		} else {
			w(stmts([]any{"comm", n.Comm}, n.Body)...)
		}
	case *BranchStmt:
		if n.Label != nil {
			w(n.Tok.String(), n.Label.Name)
		} else {
			w(n.Tok.String())
		}
	case *ReturnStmt:
		w(append([]any{"return"}, exprParts(n.Results)...)...)
	case *GoStmt:
		w("go", n.Call)
	case *DeferStmt:
		w("defer", n.Call)
	case *LabeledStmt:
		w("label", n.Label.Name, n.Stmt)
	case *EmptyStmt:
		w("empty")
	default:
		fmt.Fprintf(b, "(?%T)", n)
	}
}

func exprParts(xs []Expr) []any {
	parts := make([]any, len(xs))
	for i, x := range xs {
		parts[i] = x
	}
	return parts
}

func dumpList(b *strings.Builder, n int, at func(int) Node) {
	b.WriteByte('[')
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		dump(b, at(i))
	}
	b.WriteByte(']')
}
