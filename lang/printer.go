package lang

// Source-like rendering of expressions, for error messages ("cannot use
// x := 1 as value", "non-name a.b on left side of :=") and for tools such
// as the REPL.

import "strings"

// ExprString returns Go-like source text for x: operators spaced as gofmt
// would in a simple case, function literal bodies elided as {…}.
func ExprString(x Expr) string {
	var b strings.Builder
	writeExpr(&b, x)
	return b.String()
}

func writeExpr(b *strings.Builder, x Expr) {
	switch x := x.(type) {
	case nil:
		b.WriteString("<nil>")
	case *Ident:
		b.WriteString(x.Name)
	case *BasicLit:
		b.WriteString(x.Raw)
	case *ListLit:
		b.WriteByte('[')
		writeList(b, x.Elems)
		b.WriteByte(']')
	case *MapLit:
		b.WriteByte('{')
		for i, kv := range x.Entries {
			if i > 0 {
				b.WriteString(", ")
			}
			writeExpr(b, kv.Key)
			b.WriteString(": ")
			writeExpr(b, kv.Value)
		}
		b.WriteByte('}')
	case *FuncLit:
		b.WriteString("func(")
		writeParams(b, x.Func)
		b.WriteString(") {…}")
	case *UnaryExpr:
		b.WriteString(x.Op.String())
		writeExpr(b, x.X)
	case *BinaryExpr:
		writeExpr(b, x.X)
		b.WriteByte(' ')
		b.WriteString(x.Op.String())
		b.WriteByte(' ')
		writeExpr(b, x.Y)
	case *CallExpr:
		writeExpr(b, x.Fun)
		b.WriteByte('(')
		writeList(b, x.Args)
		if x.Spread {
			b.WriteString("...")
		}
		b.WriteByte(')')
	case *SelectorExpr:
		writeExpr(b, x.X)
		b.WriteByte('.')
		b.WriteString(x.Sel.Name)
	case *IndexExpr:
		writeExpr(b, x.X)
		b.WriteByte('[')
		writeExpr(b, x.Index)
		b.WriteByte(']')
	case *SliceExpr:
		writeExpr(b, x.X)
		b.WriteByte('[')
		if x.Lo != nil {
			writeExpr(b, x.Lo)
		}
		b.WriteByte(':')
		if x.Hi != nil {
			writeExpr(b, x.Hi)
		}
		b.WriteByte(']')
	case *ParenExpr:
		b.WriteByte('(')
		writeExpr(b, x.X)
		b.WriteByte(')')
	}
}

func writeList(b *strings.Builder, xs []Expr) {
	for i, x := range xs {
		if i > 0 {
			b.WriteString(", ")
		}
		writeExpr(b, x)
	}
}

func writeParams(b *strings.Builder, f *Func) {
	for i, p := range f.Params {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p.Name)
	}
	if f.Variadic {
		b.WriteString("...")
	}
}

func exprListString(xs []Expr) string {
	var b strings.Builder
	writeList(&b, xs)
	return b.String()
}

// emphasize renders a list as gc does in "cannot use assignment x = y as
// value": a binary expression is put in parentheses to make the = stand out.
func emphasize(xs []Expr) string {
	s := exprListString(xs)
	if len(xs) == 1 {
		if _, ok := xs[0].(*BinaryExpr); ok {
			return "(" + s + ")"
		}
	}
	return s
}
