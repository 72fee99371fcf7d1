package compiler

// Lowering of expressions (see lower.go), and the static types the
// lowering infers for them.

import (
	"strings"

	"github.com/goro-lang/goro/lang"
	"github.com/goro-lang/goro/vm"
)

// isTypeName reports whether x names a type here (a declared or basic
// type, not shadowed by a variable).
func (l *lowerer) isTypeName(x lang.Expr) *lang.TypeExpr {
	switch x := x.(type) {
	case *lang.TypeExpr:
		return x
	case *lang.Ident:
		if _, isVar := l.sc.lookupVar(x.Name); isVar {
			return nil
		}
		if l.sc.lookupType(x.Name) != nil {
			return lang.AsType(x)
		}
		if basicNames[x.Name] && x.Name != "error" && x.Name != "comparable" {
			if _, isFunc := l.funcs[x.Name]; !isFunc {
				return lang.AsType(x)
			}
		}
	case *lang.ParenExpr:
		if u, ok := x.X.(*lang.UnaryExpr); ok && u.Op == lang.MUL {
			if e := l.isTypeName(u.X); e != nil {
				return &lang.TypeExpr{TypePos: u.OpPos, Kind: lang.TPointer, Elem: e}
			}
		}
		return l.isTypeName(x.X)
	case *lang.IndexExpr:
		if id, ok := x.X.(*lang.Ident); ok {
			if ti := l.sc.lookupType(id.Name); ti != nil && ti.generic {
				return lang.AsType(x)
			}
		}
	case *lang.IndexListExpr:
		if id, ok := x.X.(*lang.Ident); ok {
			if ti := l.sc.lookupType(id.Name); ti != nil && ti.generic {
				return lang.AsType(x)
			}
		}
	}
	return nil
}

func (l *lowerer) exprs(xs []lang.Expr) {
	for i, x := range xs {
		xs[i] = l.expr(x)
	}
}

func (l *lowerer) expr(e lang.Expr) lang.Expr {
	switch x := e.(type) {
	case nil:
		return nil
	case *lang.Ident, *lang.BasicLit, *lang.HostValue:
		return e
	case *lang.ListLit:
		l.exprs(x.Elems)
	case *lang.MapLit:
		for _, kv := range x.Entries {
			kv.Key = l.expr(kv.Key)
			kv.Value = l.expr(kv.Value)
		}
	case *lang.FuncLit:
		l.function(x.Func)
	case *lang.UnaryExpr:
		return l.unary(x)
	case *lang.BinaryExpr:
		if x.Op == lang.EQL || x.Op == lang.NEQ {
			if a, b := l.resolve(l.typeOf(x.X)), l.resolve(l.typeOf(x.Y)); a != nil && b != nil && a.Kind == lang.TArray && b.Kind == lang.TArray {
				var eq lang.Expr = call(hidden(x.OpPos, "$arreq"), l.expr(x.X), l.expr(x.Y))
				if x.Op == lang.NEQ {
					eq = &lang.UnaryExpr{OpPos: x.OpPos, Op: lang.NOT, X: eq}
				}
				return eq
			}
		}
		x.X = l.expr(x.X)
		x.Y = l.expr(x.Y)
	case *lang.CallExpr:
		return l.call(x)
	case *lang.SelectorExpr:
		// T.Method and (*T).Method: a method expression is the method's
		// function, taking the receiver first.
		if t := l.isTypeName(x.X); t != nil {
			if ti := l.namedInfo(t); ti != nil {
				if m := ti.methods[x.Sel.Name]; m != nil {
					return hidden(x.Sel.NamePos, m.fn)
				}
			}
		}
		// (*p).f is p.f: a struct pointer has the struct's fields.
		if p, ok := x.X.(*lang.ParenExpr); ok {
			if u, ok := p.X.(*lang.UnaryExpr); ok && u.Op == lang.MUL {
				x.X = u.X
			}
		}
		x.X = l.expr(x.X)
	case *lang.IndexExpr:
		if id, ok := x.X.(*lang.Ident); ok && l.generic[id.Name] {
			if _, isVar := l.sc.lookupVar(id.Name); !isVar {
				return id // an explicit instantiation: generics run dynamically
			}
		}
		x.X = l.expr(x.X)
		x.Index = l.expr(x.Index)
	case *lang.IndexListExpr:
		if id, ok := x.X.(*lang.Ident); ok && l.generic[id.Name] {
			return id
		}
		l.errorf(x.Lbrack, "unexpected comma; expecting ]")
		return x.X
	case *lang.SliceExpr:
		x.X = l.expr(x.X)
		x.Lo = l.expr(x.Lo)
		x.Hi = l.expr(x.Hi)
	case *lang.ParenExpr:
		x.X = l.expr(x.X)
	case *lang.KeyValue:
		x.Value = l.expr(x.Value)
	case *lang.CompositeLit:
		if x.Type == nil {
			return l.composite(x, nil)
		}
		return l.composite(x, x.Type)
	case *lang.TypeAssertExpr:
		if x.Type == nil {
			l.errorf(x.Lparen, "use of .(type) outside type switch")
			return x.X
		}
		return call(hidden(x.Lparen, "$assert"), l.expr(x.X), l.typeValue(x.Type))
	case *lang.TypeExpr:
		return l.typeValue(x)
	}
	return e
}

func (l *lowerer) unary(x *lang.UnaryExpr) lang.Expr {
	switch x.Op {
	case lang.AND:
		inner := x.X
		if p, ok := inner.(*lang.ParenExpr); ok {
			inner = p.X
		}
		switch y := inner.(type) {
		case *lang.CompositeLit:
			return call(hidden(x.OpPos, "$addr"), l.expr(y))
		case *lang.Ident, *lang.SelectorExpr, *lang.IndexExpr:
			if t := l.typeOf(y); t != nil && l.structOf(t) != nil {
				return call(hidden(x.OpPos, "$addr"), l.expr(y))
			}
			// &x: a pointer that reads and writes x through closures,
			// which share x with this function.
			v := l.expr(y)
			pos := x.OpPos
			get := &lang.FuncLit{Func: &lang.Func{FuncPos: pos, Body: &lang.BlockStmt{Lbrace: pos, Stmts: []lang.Stmt{&lang.ReturnStmt{ReturnPos: pos, Results: []lang.Expr{v}}}, Rbrace: pos}}}
			set := &lang.FuncLit{Func: &lang.Func{FuncPos: pos, Params: []*lang.Ident{hidden(pos, "$v")}, Body: &lang.BlockStmt{Lbrace: pos, Stmts: []lang.Stmt{assign(cloneExpr(v), hidden(pos, "$v"))}, Rbrace: pos}}}
			return call(hidden(pos, "$addr"), cloneExpr(v), get, set)
		}
		l.errorf(x.OpPos, "invalid operation: cannot take address of %s", lang.ExprString(x.X))
		return x.X
	case lang.MUL:
		if t := l.isTypeName(x.X); t != nil {
			return l.typeValue(&lang.TypeExpr{TypePos: x.OpPos, Kind: lang.TPointer, Elem: t})
		}
		return call(hidden(x.OpPos, "$deref"), l.expr(x.X))
	}
	x.X = l.expr(x.X)
	return x
}

// cloneExpr copies the nodes of a place expression (a name, selector or
// index), so that the copy can be resolved again in another function.
func cloneExpr(e lang.Expr) lang.Expr {
	switch x := e.(type) {
	case *lang.Ident:
		return &lang.Ident{NamePos: x.NamePos, Name: x.Name}
	case *lang.SelectorExpr:
		return &lang.SelectorExpr{X: cloneExpr(x.X), Sel: &lang.Ident{NamePos: x.Sel.NamePos, Name: x.Sel.Name}}
	case *lang.IndexExpr:
		return &lang.IndexExpr{X: cloneExpr(x.X), Lbrack: x.Lbrack, Index: cloneExpr(x.Index), Rbrack: x.Rbrack}
	case *lang.BasicLit:
		c := *x
		return &c
	case *lang.ParenExpr:
		return &lang.ParenExpr{Lparen: x.Lparen, X: cloneExpr(x.X), Rparen: x.Rparen}
	case *lang.BinaryExpr:
		return &lang.BinaryExpr{X: cloneExpr(x.X), OpPos: x.OpPos, Op: x.Op, Y: cloneExpr(x.Y)}
	case *lang.CallExpr:
		c := &lang.CallExpr{Fun: cloneExpr(x.Fun), Lparen: x.Lparen, Spread: x.Spread, Rparen: x.Rparen}
		for _, a := range x.Args {
			c.Args = append(c.Args, cloneExpr(a))
		}
		return c
	}
	return e
}

func (l *lowerer) call(c *lang.CallExpr) lang.Expr {
	pos := c.Start()
	// Conversions T(x).
	if t := l.isTypeName(c.Fun); t != nil && len(c.Args) == 1 && !c.Spread {
		return l.conversion(t, l.expr(c.Args[0]), pos)
	}
	if id, ok := c.Fun.(*lang.Ident); ok {
		if _, isVar := l.sc.lookupVar(id.Name); !isVar && l.funcs[id.Name] == nil {
			switch id.Name {
			case "make":
				if len(c.Args) >= 1 {
					if t := l.isTypeName(c.Args[0]); t != nil || isTypeExpr(c.Args[0]) {
						if t == nil {
							t = c.Args[0].(*lang.TypeExpr)
						}
						return l.makeCall(t, c, pos)
					}
				}
			case "new":
				if len(c.Args) == 1 {
					t := l.isTypeName(c.Args[0])
					if t == nil {
						t = lang.AsType(c.Args[0])
					}
					if t != nil {
						spec := l.zeroSpec(t)
						if ti := l.structOf(t); ti == nil {
							if b := l.basicName(t); b != "" {
								// keep the zero; %T of the pointer names it
								return call(hidden(pos, "$newptr"), spec)
							}
						}
						return call(hidden(pos, "$newptr"), spec)
					}
				}
			}
		}
	}
	// errors.As(err, &target): the target's static type says what to look for.
	if sel, ok := c.Fun.(*lang.SelectorExpr); ok && len(c.Args) == 2 {
		if m, ok := sel.X.(*lang.Ident); ok && m.Name == "errors" && sel.Sel.Name == "As" {
			if u, ok := c.Args[1].(*lang.UnaryExpr); ok && u.Op == lang.AND {
				if tid, ok := u.X.(*lang.Ident); ok {
					if tt, _ := l.sc.lookupVar(tid.Name); tt != nil {
						return l.errorsAs(l.expr(c.Args[0]), tid, tt, pos)
					}
				}
			}
		}
	}
	// A method of a receiver whose type is known: a static call of the
	// method's function (also for a nil pointer receiver, as in Go).
	if sel, ok := c.Fun.(*lang.SelectorExpr); ok {
		if t := l.typeOf(sel.X); t != nil {
			if ti := l.namedInfo(t); ti != nil && (ti.global == "" || l.fieldType(ti, sel.Sel.Name, 0) == nil) {
				if m := ti.methods[sel.Sel.Name]; m != nil {
					recv := l.expr(sel.X)
					if ti.global != "" && m.ptr && t.Kind != lang.TPointer {
						recv = call(hidden(sel.Sel.NamePos, "$addr"), recv)
					}
					args := append([]lang.Expr{recv}, c.Args...)
					l.exprs(args[1:])
					return &lang.CallExpr{Fun: hidden(sel.Sel.NamePos, m.fn), Lparen: c.Lparen, Args: args, Spread: c.Spread, Rparen: c.Rparen}
				}
			}
		}
	}
	pre := make([]*lang.TypeExpr, len(c.Args))
	for i, a := range c.Args {
		pre[i] = l.typeOf(a)
	}
	fmtFn := l.fmtFunc(c.Fun)
	c.Fun = l.expr(c.Fun)
	for i, a := range c.Args {
		c.Args[i] = l.expr(a)
	}
	if fmtFn != "" {
		l.fmtMethods(c, fmtFn, pre)
	}
	// Struct arguments of a declared function with struct parameters are
	// copied by the callee; appended values are copied here.
	if id, ok := c.Fun.(*lang.Ident); ok && id.Name == "append" {
		for i := 1; i < len(c.Args); i++ {
			c.Args[i] = l.copyIfStructPlace(c.Args[i])
		}
	}
	return c
}

func isTypeExpr(e lang.Expr) bool {
	_, ok := e.(*lang.TypeExpr)
	return ok
}

// namedInfo returns the declared type t names (through a pointer).
func (l *lowerer) namedInfo(t *lang.TypeExpr) *tinfo {
	if t.Kind == lang.TPointer {
		t = t.Elem
	}
	if t == nil || t.Kind != lang.TName || t.Pkg != "" {
		return nil
	}
	return l.sc.lookupType(t.Name)
}

func (l *lowerer) errorsAs(err lang.Expr, target *lang.Ident, tt *lang.TypeExpr, pos lang.Pos) lang.Expr {
	// func() bool { $v, $ok := $as(err, T); if $ok { target = $v }; return $ok }()
	v, ok := hidden(pos, "$v"), hidden(pos, "$ok")
	body := []lang.Stmt{
		&lang.AssignStmt{Lhs: []lang.Expr{v, ok}, TokPos: pos, Tok: lang.DEFINE, Rhs: []lang.Expr{call(hidden(pos, "$as"), err, l.typeValue(tt))}},
		&lang.IfStmt{IfPos: pos, Cond: hidden(pos, "$ok"), Then: &lang.BlockStmt{Lbrace: pos, Stmts: []lang.Stmt{assign(hidden(target.NamePos, target.Name), hidden(pos, "$v"))}, Rbrace: pos}},
		&lang.ReturnStmt{ReturnPos: pos, Results: []lang.Expr{hidden(pos, "$ok")}},
	}
	fn := &lang.FuncLit{Func: &lang.Func{FuncPos: pos, Body: &lang.BlockStmt{Lbrace: pos, Stmts: body, Rbrace: pos}}}
	return call(fn)
}

func (l *lowerer) conversion(t *lang.TypeExpr, x lang.Expr, pos lang.Pos) lang.Expr {
	rt := l.resolve(t)
	switch rt.Kind {
	case lang.TSlice:
		if rt.Elem.Kind == lang.TName {
			switch l.basicName(rt.Elem) {
			case "byte", "uint8":
				return call(hidden(pos, "$bytes"), x)
			case "rune", "int32":
				return call(hidden(pos, "$runes"), x)
			}
		}
		return x
	case lang.TName:
		switch b := l.basicName(rt); b {
		case "":
			return x
		case "float64":
			if isConstLit(x) {
				return floatConst(x)
			}
			return call(hidden(pos, "float"), x)
		case "int", "int64":
			return call(hidden(pos, "int"), x)
		case "string":
			if xt := l.resolve(l.typeOf(x)); xt != nil && xt.Kind == lang.TName && l.basicName(xt) == "string" {
				return x
			}
			return call(hidden(pos, "$str"), x)
		case "error", "any":
			return x
		default:
			return call(hidden(pos, "$conv"), host(pos, vm.BasicType(b).Value()), x)
		}
	}
	return x
}

func (l *lowerer) makeCall(t *lang.TypeExpr, c *lang.CallExpr, pos lang.Pos) lang.Expr {
	rt := l.resolve(t)
	args := c.Args[1:]
	l.exprs(args)
	switch rt.Kind {
	case lang.TMap:
		return call(hidden(pos, "$makemap"), l.zeroSpec(rt.Elem))
	case lang.TSlice:
		return call(hidden(pos, "$makeslice"), append([]lang.Expr{l.zeroSpec(rt.Elem)}, args...)...)
	case lang.TChan:
		return call(hidden(pos, "chan"), args...)
	}
	l.errorf(pos, "invalid argument: cannot make %s; type must be slice, map, or channel", t.String())
	return nilLit(pos)
}

// composite lowers a composite literal of type t (nil when elided and
// unknown).
func (l *lowerer) composite(x *lang.CompositeLit, t *lang.TypeExpr) lang.Expr {
	pos := x.Lbrace
	if t == nil {
		// An elided literal of unknown type: a map when keyed, else a list.
		keyed := len(x.Elts) > 0
		for _, e := range x.Elts {
			if _, ok := e.(*lang.KeyValue); !ok {
				keyed = false
			}
		}
		if keyed {
			m := &lang.MapLit{Lbrace: pos, Rbrace: x.Rbrace}
			for _, e := range x.Elts {
				kv := e.(*lang.KeyValue)
				m.Entries = append(m.Entries, &lang.KeyValue{Key: l.elem(kv.Key, nil), Colon: kv.Colon, Value: l.elem(kv.Value, nil)})
			}
			return m
		}
		list := &lang.ListLit{Lbrack: pos, Rbrack: x.Rbrace}
		for _, e := range x.Elts {
			list.Elems = append(list.Elems, l.elem(e, nil))
		}
		return list
	}
	if t.Kind == lang.TPointer {
		// &T{...} elided as {...} in []*T{{...}}
		return call(hidden(pos, "$addr"), l.composite(x, t.Elem))
	}
	if st := l.structOf(t); st != nil {
		return l.structLit(x, st, t)
	}
	rt := l.resolve(t)
	switch rt.Kind {
	case lang.TSlice, lang.TArray:
		list := &lang.ListLit{Lbrack: pos, Rbrack: x.Rbrace}
		indexed := false
		for _, e := range x.Elts {
			if _, ok := e.(*lang.KeyValue); ok {
				indexed = true
			}
		}
		if indexed {
			// [...]T{2: x}: place elements at their indexes.
			var items []lang.Expr
			next := 0
			for _, e := range x.Elts {
				if kv, ok := e.(*lang.KeyValue); ok {
					if n, ok := l.constInt(kv.Key); ok {
						next = n
					}
					e = kv.Value
				}
				for len(items) <= next {
					items = append(items, nil)
				}
				items[next] = l.elem(e, rt.Elem)
				next++
			}
			for i, it := range items {
				if it == nil {
					items[i] = l.zeroValue(rt.Elem)
				}
			}
			list.Elems = items
		} else {
			for _, e := range x.Elts {
				list.Elems = append(list.Elems, l.elem(e, rt.Elem))
			}
		}
		if rt.Kind == lang.TArray {
			n := len(list.Elems)
			if rt.Len != nil {
				n = l.arrayLen(rt)
			}
			if n > len(list.Elems) {
				return call(hidden(pos, "$arraylit"), append([]lang.Expr{intLit(pos, n), l.zeroSpec(rt.Elem)}, list.Elems...)...)
			}
		}
		return list
	case lang.TMap:
		m := &lang.MapLit{Lbrace: pos, Rbrace: x.Rbrace}
		for _, e := range x.Elts {
			kv, ok := e.(*lang.KeyValue)
			if !ok {
				l.errorf(e.Start(), "missing key in map literal")
				continue
			}
			m.Entries = append(m.Entries, &lang.KeyValue{Key: l.elem(kv.Key, rt.Key), Colon: kv.Colon, Value: l.elem(kv.Value, rt.Elem)})
		}
		zero := l.zeroSpec(rt.Elem)
		if lit, ok := zero.(*lang.BasicLit); ok && lit.Kind == lang.NilLit {
			return m
		}
		return call(hidden(pos, "$typedmap"), zero, m)
	case lang.TStruct:
		name := l.anonStruct(rt)
		return l.structLit(x, l.sc.lookupType(name), t)
	case lang.TName:
		if rt.Name == "any" || l.sc.lookupType(rt.Name) != nil {
			return l.composite(x, nil)
		}
		if rt.Pkg == "" && !basicNames[rt.Name] {
			// A struct type this file does not declare (one of an
			// earlier REPL input): fields are found at run time.
			return l.dynStructLit(x, rt)
		}
	}
	l.errorf(pos, "invalid composite literal type %s", t.String())
	return nilLit(pos)
}

// elem lowers an element of a composite literal whose element type is t.
func (l *lowerer) elem(e lang.Expr, t *lang.TypeExpr) lang.Expr {
	if c, ok := e.(*lang.CompositeLit); ok && c.Type == nil {
		return l.composite(c, t)
	}
	if u, ok := e.(*lang.UnaryExpr); ok && u.Op == lang.AND {
		if c, ok := u.X.(*lang.CompositeLit); ok && c.Type == nil && t != nil && t.Kind == lang.TPointer {
			return call(hidden(u.OpPos, "$addr"), l.composite(c, t.Elem))
		}
	}
	v := l.expr(e)
	if t != nil && l.isFloat(t) && isConstLit(v) {
		return floatConst(v)
	}
	return l.copyIfStructPlace(v)
}

func (l *lowerer) structLit(x *lang.CompositeLit, st *tinfo, t *lang.TypeExpr) lang.Expr {
	pos := x.Lbrace
	tv := hidden(pos, st.global)
	if len(x.Elts) == 0 {
		return call(hidden(pos, "$newzero"), tv)
	}
	if _, keyed := x.Elts[0].(*lang.KeyValue); keyed {
		args := []lang.Expr{tv}
		for _, e := range x.Elts {
			kv, ok := e.(*lang.KeyValue)
			var id *lang.Ident
			ok2 := false
			if ok {
				id, ok2 = kv.Key.(*lang.Ident)
			}
			if !ok || !ok2 {
				l.errorf(e.Start(), "mixture of field:value and value elements in struct literal")
				continue
			}
			var ft *lang.TypeExpr
			found := false
			for _, f := range st.fields {
				if f.name == id.Name {
					ft, found = f.typ, true
				}
			}
			if !found {
				l.errorf(id.NamePos, "unknown field %s in struct literal of type %s", id.Name, st.name)
				continue
			}
			args = append(args, strLit(id.NamePos, id.Name), l.elem(kv.Value, ft))
		}
		return call(hidden(pos, "$structk"), args...)
	}
	if len(x.Elts) != len(st.fields) {
		if len(x.Elts) < len(st.fields) {
			l.errorf(x.Rbrace, "too few values in struct literal of type %s", st.name)
		} else {
			l.errorf(x.Elts[len(st.fields)].Start(), "too many values in struct literal of type %s", st.name)
		}
		return nilLit(pos)
	}
	args := []lang.Expr{tv}
	for i, e := range x.Elts {
		if _, ok := e.(*lang.KeyValue); ok {
			l.errorf(e.Start(), "mixture of field:value and value elements in struct literal")
			continue
		}
		args = append(args, l.elem(e, st.fields[i].typ))
	}
	return call(hidden(pos, "$struct"), args...)
}

// ---------------------------------------------------------------------------
// Static types

var (
	tInt    = &lang.TypeExpr{Kind: lang.TName, Name: "int"}
	tFloat  = &lang.TypeExpr{Kind: lang.TName, Name: "float64"}
	tString = &lang.TypeExpr{Kind: lang.TName, Name: "string"}
	tBool   = &lang.TypeExpr{Kind: lang.TName, Name: "bool"}
)

// typeOf is the static type of a lowered or unlowered expression, or nil
// when it is not known.
func (l *lowerer) typeOf(e lang.Expr) *lang.TypeExpr {
	switch x := e.(type) {
	case *lang.Ident:
		t, _ := l.sc.lookupVar(x.Name)
		return t
	case *lang.BasicLit:
		switch x.Kind {
		case lang.IntLit, lang.CharLit:
			return tInt
		case lang.FloatLit:
			return tFloat
		case lang.StringLit:
			return tString
		case lang.TrueLit, lang.FalseLit:
			return tBool
		}
	case *lang.ParenExpr:
		return l.typeOf(x.X)
	case *lang.CompositeLit:
		return x.Type
	case *lang.SelectorExpr:
		if t := l.typeOf(x.X); t != nil {
			if st := l.structOrPtr(t); st != nil {
				return l.fieldType(st, x.Sel.Name, 0)
			}
		}
	case *lang.IndexExpr:
		if t := l.resolve(l.typeOf(x.X)); t != nil {
			switch t.Kind {
			case lang.TSlice, lang.TArray, lang.TMap:
				return t.Elem
			}
		}
	case *lang.BinaryExpr:
		switch x.Op {
		case lang.EQL, lang.NEQ, lang.LSS, lang.LEQ, lang.GTR, lang.GEQ, lang.LAND, lang.LOR:
			return tBool
		}
		if t := l.typeOf(x.X); t != nil {
			return t
		}
		return l.typeOf(x.Y)
	case *lang.UnaryExpr:
		if x.Op == lang.AND {
			if t := l.typeOf(x.X); t != nil {
				return &lang.TypeExpr{Kind: lang.TPointer, Elem: t}
			}
		}
	case *lang.CallExpr:
		return l.callType(x, 0)
	}
	return nil
}

func (l *lowerer) fieldType(st *tinfo, name string, depth int) *lang.TypeExpr {
	for _, f := range st.fields {
		if f.name == name {
			return f.typ
		}
	}
	if depth > 4 {
		return nil
	}
	for _, f := range st.fields {
		if f.embedded {
			if in := l.structOrPtr(f.typ); in != nil {
				if t := l.fieldType(in, name, depth+1); t != nil {
					return t
				}
			}
		}
	}
	return nil
}

// callType is the static type of result i of a call (lowered or not).
func (l *lowerer) callType(c *lang.CallExpr, i int) *lang.TypeExpr {
	switch f := c.Fun.(type) {
	case *lang.Ident:
		switch f.Name {
		case "$struct", "$structk", "$zero", "$newzero":
			if id, ok := c.Args[0].(*lang.Ident); ok && i == 0 {
				return &lang.TypeExpr{Kind: lang.TName, Name: id.Name}
			}
		case "$addr":
			if t := l.typeOf(c.Args[0]); t != nil && i == 0 {
				return &lang.TypeExpr{Kind: lang.TPointer, Elem: t}
			}
		case "float":
			return tFloat
		case "int", "len", "cap":
			return tInt
		case "$str":
			return tString
		}
		if fn := l.funcs[f.Name]; fn != nil && i < len(fn.Results) {
			if _, isVar := l.sc.lookupVar(f.Name); !isVar && len(fn.TypeParams) == 0 {
				return fn.Results[i].Type
			}
		}
		if t := l.isTypeName(f); t != nil && i == 0 {
			return t
		}
	case *lang.SelectorExpr:
		if t := l.typeOf(f.X); t != nil {
			if ti := l.namedInfo(t); ti != nil {
				if m := ti.methods[f.Sel.Name]; m != nil && i < len(m.decl.Results) {
					return m.decl.Results[i].Type
				}
			}
		}
	}
	return nil
}

// multiTypeOf is the static type of result i of a multi-valued expression.
func (l *lowerer) multiTypeOf(e lang.Expr, i int) *lang.TypeExpr {
	if c, ok := e.(*lang.CallExpr); ok {
		if isHidden(c.Fun, "$assert2") && i == 0 {
			return nil
		}
		return l.callType(c, i)
	}
	if ix, ok := e.(*lang.IndexExpr); ok && i == 0 {
		return l.typeOf(ix)
	}
	return nil
}

// dynStructLit is T{...} for a type known only at run time.
func (l *lowerer) dynStructLit(x *lang.CompositeLit, t *lang.TypeExpr) lang.Expr {
	pos := x.Lbrace
	tv := hidden(t.TypePos, t.Name)
	if len(x.Elts) == 0 {
		return call(hidden(pos, "$zero"), tv)
	}
	args := []lang.Expr{tv}
	if _, keyed := x.Elts[0].(*lang.KeyValue); keyed {
		for _, e := range x.Elts {
			if kv, ok := e.(*lang.KeyValue); ok {
				if id, ok := kv.Key.(*lang.Ident); ok {
					args = append(args, strLit(id.NamePos, id.Name), l.elem(kv.Value, nil))
				}
			}
		}
		return call(hidden(pos, "$structk"), args...)
	}
	for _, e := range x.Elts {
		args = append(args, l.elem(e, nil))
	}
	return call(hidden(pos, "$struct"), args...)
}

// fmtFunc names the fmt printing function c calls (Println, Printf, ...),
// or "".
func (l *lowerer) fmtFunc(fn lang.Expr) string {
	sel, ok := fn.(*lang.SelectorExpr)
	if !ok {
		return ""
	}
	id, ok := sel.X.(*lang.Ident)
	if !ok || l.refs[id.Name] == nil || l.refs[id.Name].key != "fmt" {
		return ""
	}
	if _, isVar := l.sc.lookupVar(id.Name); isVar {
		return ""
	}
	switch sel.Sel.Name {
	case "Print", "Println", "Sprint", "Sprintln", "Printf", "Sprintf", "Errorf", "Fprint", "Fprintln", "Fprintf":
		return sel.Sel.Name
	}
	return ""
}

// fmtMethods gives fmt the String or Error method of operands whose
// declared type is a named non-struct type (type State int): their values
// carry no type at run time, so the call is made here, where the type is
// known (SPEC §12). Operands formatted by other verbs than %v %s %q stay.
func (l *lowerer) fmtMethods(c *lang.CallExpr, fn string, pre []*lang.TypeExpr) {
	first := 0
	if fn[0] == 'F' {
		first = 1
	}
	var verbs []byte
	printf := fn == "Printf" || fn == "Sprintf" || fn == "Errorf" || fn == "Fprintf"
	if printf {
		if first >= len(c.Args) {
			return
		}
		lit, ok := c.Args[first].(*lang.BasicLit)
		if !ok || lit.Kind != lang.StringLit {
			return
		}
		verbs = fmtVerbs(lit.Str)
		first++
	}
	for i := first; i < len(c.Args); i++ {
		t := pre[i]
		if t == nil || c.Spread {
			continue
		}
		if printf {
			j := i - first
			if j >= len(verbs) || (verbs[j] != 'v' && verbs[j] != 's' && verbs[j] != 'q') {
				continue
			}
		}
		ti := l.namedInfo(t)
		if ti == nil || ti.global != "" || t.Kind == lang.TPointer {
			continue
		}
		for _, name := range []string{"Error", "String"} {
			if m := ti.methods[name]; m != nil && !m.ptr {
				c.Args[i] = call(hidden(c.Args[i].Start(), m.fn), c.Args[i])
				break
			}
		}
	}
}

// fmtVerbs lists the verbs of a Printf format in operand order (explicit
// argument indexes are not followed: a format that uses them keeps its
// operands as they are).
func fmtVerbs(format string) []byte {
	var out []byte
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0123456789.*", format[i]) >= 0 {
			if format[i] == '*' {
				out = append(out, '*')
			}
			i++
		}
		if i >= len(format) {
			break
		}
		if format[i] == '[' {
			return nil
		}
		if format[i] != '%' {
			out = append(out, format[i])
		}
	}
	return out
}
