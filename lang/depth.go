package lang

// Limits on what the parser accepts, so that no input can exhaust the
// compiler's memory or Go stack (docs/implementation.md, "Compile-time
// limits").
//
// The parser itself never recurses along a chain: a+b+c..., f()()()...,
// a.b.c..., !!!x and - - -x are built in loops, and brackets, blocks and
// function literals are limited by the lexer (maxNest). But the tree it
// builds is as deep as the chain is long, and every later pass (the
// resolver, code generation, printing) walks trees recursively, one Go
// frame (or three) per level. So the depth of the finished tree is checked
// here, without recursion, before anything walks it.

import (
	"fmt"
	"reflect"
)

// MaxSourceSize is the largest source file (main file or import) Goro
// compiles, in bytes. Compiling takes about 20-40 bytes of memory per byte
// of source; the limit keeps a compile of any accepted file within a few
// hundred megabytes.
const MaxSourceSize = 16 << 20

// MaxDepth is the deepest syntax tree the parser accepts: a flat sum of
// 200,000 terms or a 200,000-link call chain f()()... is fine, a
// million-term one is an error. Every pass that walks the tree recursively
// then needs at most MaxDepth frames, a few tens of megabytes of Go stack
// (Go's limit is 1 GB).
const MaxDepth = 1 << 18

// checkSize reports a source over MaxSourceSize.
func checkSize(filename string, src []byte) *Error {
	if len(src) <= MaxSourceSize {
		return nil
	}
	return &Error{File: filename, Pos: Pos{Line: 1, Col: 1},
		Msg: fmt.Sprintf("source file too large (%d bytes; the limit is %d)", len(src), MaxSourceSize)}
}

// checkDepth reports the first (in walk order) expression of n whose tree
// is deeper than max levels, at the start of the outermost expression that
// contains it. It walks with an explicit stack whose size is the depth
// (at most max), not the number of nodes.
func checkDepth(filename string, src []byte, n Node, max int) *Error {
	type frame struct {
		n    Node
		next int // index of the next child to visit
		top  Pos // start of the outermost expression containing n, if any
	}
	stack := []frame{{n: n}}
	for len(stack) > 0 {
		f := &stack[len(stack)-1]
		c := child(f.n, f.next)
		if c == nil {
			stack = stack[:len(stack)-1]
			continue
		}
		f.next++
		if isNil(c) || isNilPtr(c) {
			continue
		}
		top := f.top
		if _, ok := c.(Expr); ok && !top.IsValid() {
			top = c.Start()
		} else if _, ok := c.(Expr); !ok {
			top = Pos{}
		}
		if len(stack) >= max {
			at := top
			if !at.IsValid() {
				at = c.Start()
			}
			return &Error{File: filename, Pos: at, Line: SourceLine(src, int(at.Line)),
				Msg: fmt.Sprintf("expression too long or too deeply nested (more than %d levels)", max)}
		}
		stack = append(stack, frame{n: c, top: top})
	}
	return nil
}

// none is returned by child for a slot that holds no node; the walk skips
// it (a nil Node return means "no more children").
var none Node = (*Ident)(nil)

// child returns the i-th child slot of n (none for an absent optional
// child), or nil when n has no more children. Node types not listed here
// (added later to ast.go) are walked by reflection.
func child(n Node, i int) Node {
	at := func(xs ...Node) Node {
		if i < len(xs) {
			if xs[i] == nil {
				return none
			}
			return xs[i]
		}
		return nil
	}
	expr := func(xs []Expr) Node {
		if i < len(xs) {
			return xs[i]
		}
		return nil
	}
	stmt := func(ss []Stmt) Node {
		if i < len(ss) {
			return ss[i]
		}
		return nil
	}
	switch n := n.(type) {
	case *File:
		if i < len(n.Imports) {
			return n.Imports[i]
		}
		i -= len(n.Imports)
		return stmt(n.Stmts)
	case *Ident, *BasicLit, *EmptyStmt, *ImportSpec, *ImportStmt, *BranchStmt:
		return nil
	case *ListLit:
		return expr(n.Elems)
	case *MapLit:
		if i < len(n.Entries) {
			return n.Entries[i]
		}
		return nil
	case *KeyValue:
		return at(n.Key, n.Value)
	case *FuncLit:
		return at(n.Func)
	case *Func:
		return at(n.Body)
	case *UnaryExpr:
		return at(n.X)
	case *BinaryExpr:
		return at(n.X, n.Y)
	case *CallExpr:
		if i == 0 {
			return n.Fun
		}
		i--
		return expr(n.Args)
	case *SelectorExpr:
		return at(n.X)
	case *IndexExpr:
		return at(n.X, n.Index)
	case *SliceExpr:
		return at(n.X, n.Lo, n.Hi)
	case *ParenExpr:
		return at(n.X)
	case *FuncDecl:
		return at(n.Func)
	case *VarDecl:
		return expr(n.Values)
	case *AssignStmt:
		if i < len(n.Lhs) {
			return n.Lhs[i]
		}
		i -= len(n.Lhs)
		return expr(n.Rhs)
	case *IncDecStmt:
		return at(n.X)
	case *SendStmt:
		return at(n.Chan, n.Value)
	case *ExprStmt:
		return at(n.X)
	case *BlockStmt:
		return stmt(n.Stmts)
	case *IfStmt:
		return at(n.Init, n.Cond, n.Then, n.Else)
	case *ForStmt:
		return at(n.Init, n.Cond, n.Post, n.Body)
	case *RangeStmt:
		return at(n.Key, n.Value, n.X, n.Body)
	case *SwitchStmt:
		if i == 0 {
			return at(n.Init)
		}
		if i == 1 {
			i = 0
			return at(n.Tag)
		}
		i -= 2
		if i < len(n.Cases) {
			return n.Cases[i]
		}
		return nil
	case *CaseClause:
		if i < len(n.List) {
			return n.List[i]
		}
		i -= len(n.List)
		return stmt(n.Body)
	case *SelectStmt:
		if i < len(n.Cases) {
			return n.Cases[i]
		}
		return nil
	case *CommClause:
		if i == 0 {
			return at(n.Comm)
		}
		i--
		return stmt(n.Body)
	case *ReturnStmt:
		return expr(n.Results)
	case *GoStmt:
		return at(n.Call)
	case *DeferStmt:
		return at(n.Call)
	case *LabeledStmt:
		return at(n.Stmt)
	}
	return reflectChild(n, i)
}

var nodeType = reflect.TypeFor[Node]()

// reflectChild is child for node types the switch does not know: the i-th
// Node found in n's fields, in order (a field holding a Node, or a slice
// of them).
func reflectChild(n Node, i int) Node {
	v := reflect.ValueOf(n)
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return nil
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.Struct {
		return nil
	}
	for f := 0; f < v.NumField(); f++ {
		fv := v.Field(f)
		if !v.Type().Field(f).IsExported() {
			continue
		}
		switch {
		case fv.Kind() == reflect.Slice && fv.Type().Elem().Implements(nodeType):
			if i < fv.Len() {
				return nodeOf(fv.Index(i))
			}
			i -= fv.Len()
		case fv.Type().Implements(nodeType):
			if i == 0 {
				return nodeOf(fv)
			}
			i--
		}
	}
	return nil
}

func nodeOf(v reflect.Value) Node {
	if (v.Kind() == reflect.Interface || v.Kind() == reflect.Pointer) && v.IsNil() {
		return none
	}
	return v.Interface().(Node)
}

// isNilPtr reports whether n is a typed nil pointer of any type.
func isNilPtr(n Node) bool {
	v := reflect.ValueOf(n)
	return v.Kind() == reflect.Pointer && v.IsNil()
}
