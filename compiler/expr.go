package compiler

import (
	"math"

	"github.com/goro-lang/goro/lang"
	"github.com/goro-lang/goro/vm"
)

// exprAny evaluates e into a register and returns it: a plain local's own
// register, or a new temporary.
func (c *fstate) exprAny(e lang.Expr) int {
	if r := c.plainLocal(e); r >= 0 {
		return r
	}
	r := c.alloc(1)
	c.exprTo(e, r)
	return r
}

// exprTo evaluates e into register dst. Temporaries it uses are released.
func (c *fstate) exprTo(e lang.Expr, dst int) {
	// Expressions that write dst before reading all their operands must not
	// target a live local directly (x = a && x).
	if dst < c.nactive && writesEarly(e) {
		t := c.alloc(1)
		c.exprTo(e, t)
		c.emitABC(vm.OpMove, dst, t, 0)
		c.release(t)
		return
	}
	mark := c.freereg
	defer c.release(mark)
	switch e := e.(type) {
	case *lang.ParenExpr:
		c.exprTo(e.X, dst)
	case *lang.Ident:
		c.at(e.NamePos)
		c.readIdent(e, dst)
	case *lang.HostValue:
		c.loadConst(e.V.(vm.Value), dst)
	case *lang.BasicLit:
		c.at(e.ValuePos)
		c.loadConst(litValue(e), dst)
	case *lang.ListLit:
		c.listLit(e, dst)
	case *lang.MapLit:
		c.mapLit(e, dst)
	case *lang.FuncLit:
		c.closure(e.Func, dst)
	case *lang.UnaryExpr:
		c.unary(e, dst)
	case *lang.BinaryExpr:
		if e.Op == lang.LAND || e.Op == lang.LOR {
			c.logical(e, dst)
			return
		}
		c.binaryChain(e, dst)
	case *lang.CallExpr:
		// When dst is the newest temporary, the call can use it as its
		// function slot and its result lands in place.
		if dst == mark-1 && dst >= c.nactive {
			c.release(dst)
			c.call(e, 1, 0)
			return
		}
		base := c.call(e, 1, 0)
		if base != dst {
			c.emitABC(vm.OpMove, dst, base, 0)
		}
	case *lang.SelectorExpr:
		if ref := c.moduleOf(e); ref != nil {
			c.at(e.Sel.NamePos)
			c.emitABx(vm.OpGetGlobal, dst, c.globalIndex(vm.GlobalRef{Module: ref.key, Name: e.Sel.Name}))
			return
		}
		x := c.exprAny(e.X)
		c.at(e.Sel.NamePos)
		k := c.constIndex(vm.String(e.Sel.Name))
		if k > 0xffff {
			kr := c.alloc(1)
			c.emitABx(vm.OpLoadK, kr, k)
			c.emitABC(vm.OpGetIndex, dst, x, kr) // only maps have fields beyond 64K constants' reach
			return
		}
		c.emitABC(vm.OpGetField, dst, x, k)
	case *lang.IndexExpr:
		x := c.exprAny(e.X)
		if v, ok := constOf(e.Index); ok && (v.Kind() == vm.KindString || v.Kind() == vm.KindInt) {
			if k, ok := c.kOperand(v); ok {
				c.at(e.X.Start())
				c.emitABC(vm.OpGetIndexK, dst, x, k)
				return
			}
		}
		k := c.exprAny(e.Index)
		c.at(e.X.Start())
		c.emitABC(vm.OpGetIndex, dst, x, k)
	case *lang.SliceExpr:
		x := c.exprAny(e.X)
		lohi := c.alloc(2)
		flags := 0
		if e.Lo != nil {
			c.exprTo(e.Lo, lohi)
			flags |= 1
		}
		if e.Hi != nil {
			c.exprTo(e.Hi, lohi+1)
			flags |= 2
		}
		c.at(e.X.Start())
		c.emit(vm.MakeABCX(vm.OpSlice, dst, x, lohi, flags))
	}
}

// writesEarly reports whether compiling e into dst writes dst before all of
// e's operands are read.
func writesEarly(e lang.Expr) bool {
	switch e := unparen(e).(type) {
	case *lang.BinaryExpr:
		return e.Op == lang.LAND || e.Op == lang.LOR
	case *lang.ListLit:
		return len(e.Elems) > listChunk
	case *lang.MapLit:
		return len(e.Entries) > mapChunk
	}
	return false
}

// readIdent loads a name's value into dst.
func (c *fstate) readIdent(id *lang.Ident, dst int) {
	switch ref := id.Ref.(type) {
	case *binding:
		c.readBinding(ref, dst)
	case *variable: // a declaring ident read back (not produced by the resolver for uses)
		c.readBinding(declBinding(c, ref), dst)
	}
}

func (c *fstate) readBinding(b *binding, dst int) {
	switch b.kind {
	case bLocal:
		if b.v.boxed() {
			c.emitABC(vm.OpGetCell, dst, b.v.reg, 0)
		} else if b.v.reg != dst {
			c.emitABC(vm.OpMove, dst, b.v.reg, 0)
		}
	case bUpval:
		c.emitABC(vm.OpGetUpval, dst, b.up, 0)
	case bGlobal:
		c.emitABx(vm.OpGetGlobal, dst, c.globalIndex(vm.GlobalRef{Name: b.v.name}))
	case bBuiltin:
		c.emitABx(vm.OpLoadK, dst, c.constIndex(b.builtin.Value()))
	}
}

// moduleOf returns the module a selector's base names, if it is one.
func (c *fstate) moduleOf(e lang.Expr) *moduleRef {
	sel, ok := e.(*lang.SelectorExpr)
	if !ok {
		return nil
	}
	id, ok := sel.X.(*lang.Ident)
	if !ok {
		return nil
	}
	if b, ok := id.Ref.(*binding); ok && b.kind == bModule {
		return b.mod
	}
	return nil
}

// litValue is a literal's value. Int literals are at most MaxInt64 here
// (the resolver rejected larger ones unless negated).
func litValue(l *lang.BasicLit) vm.Value {
	switch l.Kind {
	case lang.IntLit, lang.CharLit:
		return vm.Int(int64(l.Int))
	case lang.FloatLit:
		return vm.Float(l.Float)
	case lang.StringLit:
		return vm.String(l.Str)
	case lang.TrueLit:
		return vm.True
	case lang.FalseLit:
		return vm.False
	}
	return vm.Nil
}

// constOf returns e's value when e is a literal (or a negated numeric one).
func constOf(e lang.Expr) (vm.Value, bool) {
	switch e := unparen(e).(type) {
	case *lang.BasicLit:
		if e.Kind == lang.IntLit && e.Int > math.MaxInt64 {
			return vm.Nil, false
		}
		return litValue(e), true
	case *lang.UnaryExpr:
		if e.Op != lang.SUB {
			return vm.Nil, false
		}
		if l, ok := unparen(e.X).(*lang.BasicLit); ok {
			switch l.Kind {
			case lang.IntLit, lang.CharLit:
				return vm.Int(-int64(l.Int)), true // wraps 1<<63 to MinInt
			case lang.FloatLit:
				return vm.Float(-l.Float), true
			}
		}
	}
	return vm.Nil, false
}

const (
	listChunk = 200
	mapChunk  = 64
)

func (c *fstate) listLit(e *lang.ListLit, dst int) {
	n := len(e.Elems)
	first := min(n, listChunk)
	base := c.alloc(first)
	for i := 0; i < first; i++ {
		c.exprTo(e.Elems[i], base+i)
	}
	c.at(e.Lbrack)
	c.emitABC(vm.OpNewList, dst, base, first)
	for done := first; done < n; {
		c.release(base)
		k := min(n-done, listChunk)
		base = c.alloc(k)
		for i := 0; i < k; i++ {
			c.exprTo(e.Elems[done+i], base+i)
		}
		c.at(e.Lbrack)
		c.emitABC(vm.OpListAppend, dst, base, k)
		done += k
	}
}

func (c *fstate) mapLit(e *lang.MapLit, dst int) {
	n := len(e.Entries)
	first := min(n, mapChunk)
	base := c.alloc(2 * first)
	for i := 0; i < first; i++ {
		c.exprTo(e.Entries[i].Key, base+2*i)
		c.exprTo(e.Entries[i].Value, base+2*i+1)
	}
	c.at(e.Lbrace)
	c.emitABC(vm.OpNewMap, dst, base, first)
	c.release(base)
	for _, kv := range e.Entries[first:] {
		k := c.exprAny(kv.Key)
		v := c.exprAny(kv.Value)
		c.at(kv.Colon)
		c.emitABC(vm.OpSetIndex, dst, k, v)
		c.release(base)
	}
}

func (c *fstate) unary(e *lang.UnaryExpr, dst int) {
	if v, ok := constOf(e); ok {
		c.at(e.OpPos)
		c.loadConst(v, dst)
		return
	}
	// A chain of operators (!!!x, - - -x, <-<-c) is compiled in a loop, the
	// innermost operand first, each operator then reading and writing dst
	// (or a temporary, when dst is a live local the operand may read).
	var chain []*lang.UnaryExpr
	for {
		inner, ok := unparen(e.X).(*lang.UnaryExpr)
		if !ok {
			break
		}
		if _, ok := constOf(inner); ok {
			break
		}
		chain = append(chain, e)
		e = inner
	}
	if len(chain) == 0 {
		c.unaryOp(e, dst, c.exprAny(e.X))
		return
	}
	acc := dst
	if dst < c.nactive {
		acc = c.alloc(1)
	}
	c.unaryOp(e, acc, c.exprAny(e.X))
	for i := len(chain) - 1; i >= 0; i-- {
		to := acc
		if i == 0 {
			to = dst
		}
		c.unaryOp(chain[i], to, acc)
	}
}

// unaryOp emits dst = op R[x] for e's operator.
func (c *fstate) unaryOp(e *lang.UnaryExpr, dst, x int) {
	c.at(e.OpPos)
	switch e.Op {
	case lang.SUB:
		c.emitABC(vm.OpUnm, dst, x, 0)
	case lang.ADD: // +x: checks that x is a number, keeps -0.0
		c.emitABC(vm.OpUnm, dst, x, 0)
		c.emitABC(vm.OpUnm, dst, dst, 0)
	case lang.NOT:
		c.emitABC(vm.OpNot, dst, x, 0)
	case lang.XOR:
		c.emitABC(vm.OpBnot, dst, x, 0)
	case lang.ARROW:
		c.emit(vm.MakeABCX(vm.OpRecv, dst, x, 0, 0))
	}
}

// logical compiles && and || for their value. A chain (a || b || c ...,
// whose left operands nest) is compiled in a loop, innermost first, the
// code being the same as for the nested calls: X into dst, a jump over Y
// on X's value, Y into dst.
func (c *fstate) logical(e *lang.BinaryExpr, dst int) {
	chain := []*lang.BinaryExpr{e}
	for {
		inner, ok := unparen(chain[len(chain)-1].X).(*lang.BinaryExpr)
		if !ok || inner.Op != lang.LAND && inner.Op != lang.LOR {
			break
		}
		chain = append(chain, inner)
	}
	c.exprTo(chain[len(chain)-1].X, dst)
	for i := len(chain) - 1; i >= 0; i-- {
		e := chain[i]
		c.at(e.OpPos)
		op := vm.OpJmpIfNot
		if e.Op == lang.LOR {
			op = vm.OpJmpIf
		}
		skip := c.emitABx(op, dst, 0)
		c.exprTo(e.Y, dst)
		c.at(e.OpPos)
		c.emitABC(vm.OpBool, dst, 0, 0)
		c.patchHere([]int{skip})
	}
}

// binaryChain compiles e (not && or ||) into dst. The chain of its left
// operands (a + b - c * d ..., left-associative, so X nests) is compiled in
// a loop, innermost first, into one accumulator: dst itself when it is a
// temporary, else a single temporary (dst is a live local that a later
// operand may read: x = x + 1 + x). So a flat sum of any length needs a
// few registers and no Go stack per term.
func (c *fstate) binaryChain(e *lang.BinaryExpr, dst int) {
	var chain []*lang.BinaryExpr
	for {
		inner, ok := unparen(e.X).(*lang.BinaryExpr)
		if !ok || inner.Op == lang.LAND || inner.Op == lang.LOR {
			break
		}
		if _, ok := fold(inner.Op, inner.X, inner.Y); ok {
			break
		}
		chain = append(chain, e)
		e = inner
	}
	if len(chain) == 0 {
		c.binaryTo(e.Op, e.X, e.Y, dst, e.OpPos)
		return
	}
	mark := c.freereg
	defer c.release(mark)
	acc := dst
	if dst < c.nactive {
		acc = c.alloc(1)
	}
	c.binaryTo(e.Op, e.X, e.Y, acc, e.OpPos)
	for i := len(chain) - 1; i >= 0; i-- {
		e := chain[i]
		to := acc
		if i == 0 {
			to = dst
		}
		if k, ok := constOf(e.Y); ok {
			c.at(e.OpPos)
			c.binaryK(e.Op, to, acc, k, false)
		} else {
			yr := c.exprAny(e.Y)
			c.at(e.OpPos)
			c.emitBinary(e.Op, to, acc, yr)
		}
		c.release(max(acc+1, mark))
	}
}

// binOps maps a binary operator to its register-register opcode (or, for
// comparisons, its ArithK sub-operation).
var binOps = map[lang.Token]vm.Op{
	lang.ADD: vm.OpAdd, lang.SUB: vm.OpSub, lang.MUL: vm.OpMul, lang.QUO: vm.OpDiv,
	lang.REM: vm.OpMod, lang.AND: vm.OpBand, lang.OR: vm.OpBor, lang.XOR: vm.OpBxor,
	lang.AND_NOT: vm.OpBandNot, lang.SHL: vm.OpShl, lang.SHR: vm.OpShr,
}

// akOf gives the ArithK sub-operation of an operator.
var akOf = map[lang.Token]int{
	lang.ADD: 0, lang.SUB: 1, lang.MUL: 2, lang.QUO: 3, lang.REM: 4, lang.AND: 5, lang.OR: 6,
	lang.XOR: 7, lang.AND_NOT: 8, lang.SHL: 9, lang.SHR: 10, lang.EQL: 11, lang.NEQ: 12,
	lang.LSS: 13, lang.LEQ: 14, lang.GTR: 15, lang.GEQ: 16,
}

// binaryTo compiles X op Y into dst.
func (c *fstate) binaryTo(op lang.Token, x, y lang.Expr, dst int, pos lang.Pos) {
	if v, ok := fold(op, x, y); ok {
		c.at(pos)
		c.loadConst(v, dst)
		return
	}
	mark := c.freereg
	defer c.release(mark)
	if k, ok := constOf(y); ok {
		xr := c.exprAny(x)
		c.at(pos)
		c.binaryK(op, dst, xr, k, false)
		return
	}
	if k, ok := constOf(x); ok && k.IsNumber() {
		yr := c.exprAny(y)
		c.at(pos)
		c.binaryK(op, dst, yr, k, true)
		return
	}
	xr := c.exprAny(x)
	yr := c.exprAny(y)
	c.at(pos)
	c.emitBinary(op, dst, xr, yr)
}

// binaryK emits dst = r op k (or k op r when rev).
func (c *fstate) binaryK(op lang.Token, dst, r int, k vm.Value, rev bool) {
	if !rev && op == lang.ADD && k.IsInt() && k.AsInt() >= math.MinInt16 && k.AsInt() <= math.MaxInt16 {
		c.emitABC(vm.OpAddI, dst, r, int(k.AsInt()))
		return
	}
	if !rev && op == lang.SUB && k.IsInt() && -k.AsInt() >= math.MinInt16 && -k.AsInt() <= math.MaxInt16 {
		c.emit(vm.MakeABCX(vm.OpAddI, dst, r, int(-k.AsInt()), vm.XSwapped))
		return
	}
	ki, ok := c.kOperand(k)
	if !ok {
		kr := c.alloc(1)
		c.emitABx(vm.OpLoadK, kr, ki)
		if rev {
			c.emitBinary(op, dst, kr, r)
		} else {
			c.emitBinary(op, dst, r, kr)
		}
		return
	}
	commutes := k.IsNumber() && (op == lang.ADD || op == lang.MUL)
	if !rev || commutes {
		x := 0
		if rev {
			x = vm.XSwapped
		}
		switch op {
		case lang.ADD:
			c.emit(vm.MakeABCX(vm.OpAddK, dst, r, ki, x))
			return
		case lang.MUL:
			c.emit(vm.MakeABCX(vm.OpMulK, dst, r, ki, x))
			return
		}
	}
	if !rev {
		switch op {
		case lang.SUB:
			c.emitABC(vm.OpSubK, dst, r, ki)
			return
		case lang.QUO:
			c.emitABC(vm.OpDivK, dst, r, ki)
			return
		case lang.REM:
			c.emitABC(vm.OpModK, dst, r, ki)
			return
		}
	}
	x := akOf[op]
	if rev {
		x |= 0x80 // vm's akRev: K is the left operand
	}
	c.emit(vm.MakeABCX(vm.OpArithK, dst, r, ki, x))
}

// emitBinary emits dst = a op b for registers.
func (c *fstate) emitBinary(op lang.Token, dst, a, b int) {
	if o, ok := binOps[op]; ok {
		c.emitABC(o, dst, a, b)
		return
	}
	switch op {
	case lang.EQL:
		c.emitABC(vm.OpEq, dst, a, b)
	case lang.NEQ:
		c.emitABC(vm.OpNe, dst, a, b)
	case lang.LSS:
		c.emitABC(vm.OpLt, dst, a, b)
	case lang.LEQ:
		c.emitABC(vm.OpLe, dst, a, b)
	case lang.GTR:
		c.emit(vm.MakeABCX(vm.OpLt, dst, b, a, vm.XSwapped))
	case lang.GEQ:
		c.emit(vm.MakeABCX(vm.OpLe, dst, b, a, vm.XSwapped))
	}
}

// fold evaluates an operator on two literals at compile time when the
// result cannot differ from run time and cannot fail.
func fold(op lang.Token, x, y lang.Expr) (vm.Value, bool) {
	a, ok1 := constOf(x)
	b, ok2 := constOf(y)
	if !ok1 || !ok2 {
		return vm.Nil, false
	}
	switch op {
	case lang.QUO, lang.REM:
		if b.IsInt() && b.AsInt() == 0 {
			return vm.Nil, false // a run-time panic, not a compile error
		}
	case lang.SHL, lang.SHR:
		if b.IsInt() && b.AsInt() < 0 {
			return vm.Nil, false
		}
	case lang.LAND, lang.LOR:
		return vm.Nil, false
	}
	sym := op.String()
	v, err := vm.Arith(sym, a, b)
	if err != nil {
		return vm.Nil, false
	}
	return v, true
}

// ---------------------------------------------------------------------------
// Conditions

// condJump compiles condition e and returns jumps, to be patched, taken
// when e's value equals when.
func (c *fstate) condJump(e lang.Expr, when bool) []int {
	switch x := unparen(e).(type) {
	case *lang.BinaryExpr:
		switch x.Op {
		case lang.LAND:
			if when {
				skip := c.condJump(x.X, false)
				j := c.condJump(x.Y, true)
				c.patchHere(skip)
				return j
			}
			return append(c.condJump(x.X, false), c.condJump(x.Y, false)...)
		case lang.LOR:
			if when {
				return append(c.condJump(x.X, true), c.condJump(x.Y, true)...)
			}
			skip := c.condJump(x.X, true)
			j := c.condJump(x.Y, false)
			c.patchHere(skip)
			return j
		case lang.EQL, lang.NEQ, lang.LSS, lang.LEQ, lang.GTR, lang.GEQ:
			if !c.longJumps {
				if _, ok := fold(x.Op, x.X, x.Y); !ok {
					return c.cmpJump(x, when)
				}
			}
		}
	case *lang.UnaryExpr:
		if x.Op == lang.NOT {
			return c.condJump(x.X, !when)
		}
	case *lang.BasicLit:
		if x.Kind == lang.TrueLit || x.Kind == lang.FalseLit {
			if (x.Kind == lang.TrueLit) == when {
				return []int{c.jump()}
			}
			return nil
		}
	}
	mark := c.freereg
	r := c.exprAny(e)
	op := vm.OpJmpIfNot
	if when {
		op = vm.OpJmpIf
	}
	c.at(e.Start())
	j := c.emitABx(op, r, 0)
	c.release(mark)
	return []int{j}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// cmpJump emits a fused compare-and-branch for a comparison.
func (c *fstate) cmpJump(e *lang.BinaryExpr, when bool) []int {
	mark := c.freereg
	defer c.release(mark)
	op := e.Op
	if op == lang.NEQ {
		op, when = lang.EQL, !when
	}
	// Register against constant.
	if k, ok := constOf(e.Y); ok {
		if ki, ok := c.kOperand(k); ok {
			xr := c.exprAny(e.X)
			c.at(e.OpPos)
			kop := map[lang.Token]vm.Op{lang.EQL: vm.OpJEqK, lang.LSS: vm.OpJLtK, lang.LEQ: vm.OpJLeK,
				lang.GTR: vm.OpJGtK, lang.GEQ: vm.OpJGeK}[op]
			return []int{c.emit(vm.MakeABCX(kop, xr, ki, 0, b2i(when)))}
		}
	}
	if k, ok := constOf(e.X); ok {
		if ki, ok := c.kOperand(k); ok {
			yr := c.exprAny(e.Y)
			c.at(e.OpPos)
			// k op y  ==  y op' k
			kop := map[lang.Token]vm.Op{lang.EQL: vm.OpJEqK, lang.LSS: vm.OpJGtK, lang.LEQ: vm.OpJGeK,
				lang.GTR: vm.OpJLtK, lang.GEQ: vm.OpJLeK}[op]
			return []int{c.emit(vm.MakeABCX(kop, yr, ki, 0, b2i(when)|vm.XSwapped))}
		}
	}
	xr := c.exprAny(e.X)
	yr := c.exprAny(e.Y)
	c.at(e.OpPos)
	switch op {
	case lang.EQL:
		return []int{c.emit(vm.MakeABCX(vm.OpJEq, xr, yr, 0, b2i(when)))}
	case lang.LSS:
		return []int{c.emit(vm.MakeABCX(vm.OpJLt, xr, yr, 0, b2i(when)))}
	case lang.LEQ:
		return []int{c.emit(vm.MakeABCX(vm.OpJLe, xr, yr, 0, b2i(when)))}
	case lang.GTR:
		return []int{c.emit(vm.MakeABCX(vm.OpJLt, yr, xr, 0, b2i(when)|vm.XSwapped))}
	default: // GEQ
		return []int{c.emit(vm.MakeABCX(vm.OpJLe, yr, xr, 0, b2i(when)|vm.XSwapped))}
	}
}

// eqJump jumps when (R[r] == e) equals when (switch cases).
func (c *fstate) eqJump(r int, e lang.Expr, when bool) []int {
	if k, ok := constOf(e); ok {
		return c.eqJumpConst(r, k, when)
	}
	mark := c.freereg
	defer c.release(mark)
	er := c.exprAny(e)
	if c.longJumps {
		t := c.alloc(1)
		c.emitABC(vm.OpEq, t, r, er)
		return []int{c.emitABx(jmpOp(when), t, 0)}
	}
	return []int{c.emit(vm.MakeABCX(vm.OpJEq, r, er, 0, b2i(when)))}
}

// eqJumpConst jumps when (R[r] == k) equals when.
func (c *fstate) eqJumpConst(r int, k vm.Value, when bool) []int {
	ki, ok := c.kOperand(k)
	if !ok || c.longJumps {
		mark := c.freereg
		defer c.release(mark)
		t := c.alloc(1)
		kr := c.alloc(1)
		c.loadConst(k, kr)
		c.emitABC(vm.OpEq, t, r, kr)
		return []int{c.emitABx(jmpOp(when), t, 0)}
	}
	return []int{c.emit(vm.MakeABCX(vm.OpJEqK, r, ki, 0, b2i(when)))}
}

func jmpOp(when bool) vm.Op {
	if when {
		return vm.OpJmpIf
	}
	return vm.OpJmpIfNot
}

// ---------------------------------------------------------------------------
// Calls

// call compiles a call wanting want results (-1: all of them, setting top;
// 0: none) and returns the register where the results start. With want > 0
// the results stay allocated; otherwise freereg is back at the call's base.
func (c *fstate) call(e *lang.CallExpr, want int, flags int) int {
	if base, ok := c.builtinCall(e, want); ok {
		return base
	}
	// f()()(): the callee is itself a call. The chain is compiled in a
	// loop, innermost call first, each result being the next callee in
	// place (as the nested calls through exprTo would).
	var chain []*lang.CallExpr
	for {
		inner, ok := e.Fun.(*lang.CallExpr)
		if !ok {
			break
		}
		chain = append(chain, e)
		e = inner
	}
	if len(chain) == 0 {
		return c.callOne(e, want, flags)
	}
	base := c.callOne(e, 1, 0)
	for i := len(chain) - 1; i >= 0; i-- {
		e := chain[i]
		w, f := 1, 0
		if i == 0 {
			w, f = want, flags
		}
		b := c.args(e, base)
		if e.Spread {
			f |= vm.CallSpread
		}
		c.at(e.Start())
		c.emit(vm.MakeABCX(vm.OpCall, base, b, w+1, f))
		c.release(base)
		if w > 0 {
			c.alloc(w)
		}
	}
	return base
}

// callOne is call for a call whose callee is not a call.
func (c *fstate) callOne(e *lang.CallExpr, want int, flags int) int {
	if base, ok := c.builtinCall(e, want); ok {
		return base
	}
	base := c.alloc(1)
	method := false
	if sel, ok := e.Fun.(*lang.SelectorExpr); ok && c.moduleOf(sel) == nil {
		recv := c.alloc(1)
		c.exprTo(sel.X, recv)
		c.at(sel.Sel.NamePos)
		k := c.constIndex(vm.String(sel.Sel.Name))
		if k <= 0xffff {
			c.emitABC(vm.OpSelf, base, recv, k)
			method = true
		} else {
			c.emitABC(vm.OpGetIndex, base, recv, recv) // unreachable in practice
		}
	} else {
		c.exprTo(e.Fun, base)
	}
	b := c.args(e, base)
	if method {
		flags |= vm.CallMethod
	}
	if e.Spread {
		flags |= vm.CallSpread
	}
	c.at(e.Start())
	c.emit(vm.MakeABCX(vm.OpCall, base, b, want+1, flags))
	c.release(base)
	if want > 0 {
		c.alloc(want)
	}
	return base
}

// args evaluates a call's arguments into the registers after fn (and after
// the receiver, if one is already allocated) and returns the B operand: the
// count of values after fn, plus one, or 0 when they run to top (a spread,
// or g(f()) passing on all of f's results).
func (c *fstate) args(e *lang.CallExpr, fn int) int {
	n := len(e.Args)
	if n == 1 && !e.Spread {
		if inner, ok := unparen(e.Args[0]).(*lang.CallExpr); ok {
			c.call(inner, -1, 0)
			return 0
		}
	}
	for i, a := range e.Args {
		if e.Spread && i == n-1 {
			// The elements go from the next argument slot up to top; that
			// slot is the list's own temporary unless the list is a local.
			list := c.exprAny(a)
			at := list
			if c.plainLocal(a) >= 0 {
				at = c.alloc(1)
			}
			c.at(e.Rparen)
			c.emitABC(vm.OpSpread, at, list, 0)
			return 0
		}
		r := c.alloc(1)
		c.exprTo(a, r)
	}
	return c.freereg - fn
}

// builtinCall compiles len(x) and append(xs, ...) as opcodes when the
// names are the universe's and the call is plain.
func (c *fstate) builtinCall(e *lang.CallExpr, want int) (int, bool) {
	id, ok := e.Fun.(*lang.Ident)
	if !ok || e.Spread || want < 0 || want > 1 {
		return 0, false
	}
	b, ok := id.Ref.(*binding)
	if !ok || b.kind != bBuiltin {
		return 0, false
	}
	switch {
	case (id.Name == "$struct" || id.Name == "$newzero") && len(e.Args) >= 1 && len(e.Args) <= 200:
		return c.newStruct(e.Args, 0), true
	case id.Name == "$addr" && len(e.Args) == 1:
		if in, ok := e.Args[0].(*lang.CallExpr); ok {
			if iid, ok := in.Fun.(*lang.Ident); ok && (iid.Name == "$struct" || iid.Name == "$newzero") && !in.Spread && len(in.Args) >= 1 && len(in.Args) <= 200 {
				return c.newStruct(in.Args, 1), true
			}
		}
		return 0, false
	case id.Name == "len" && len(e.Args) == 1:
		base := c.alloc(1)
		x := c.exprAny(e.Args[0])
		c.at(e.Start())
		c.emitABC(vm.OpLen, base, x, 0)
		c.release(base + 1)
		return base, true
	case id.Name == "append" && len(e.Args) >= 1 && len(e.Args) <= 64:
		base := c.alloc(1)
		c.exprTo(e.Args[0], base)
		for _, a := range e.Args[1:] {
			c.exprTo(a, c.alloc(1))
		}
		c.at(e.Start())
		c.emitABC(vm.OpAppend, base, base, len(e.Args)-1)
		c.release(base + 1)
		return base, true
	}
	return 0, false
}

// newStruct emits NEWSTRUCT for $struct(T, fields...) or $newzero(T)
// (lowered composite literals, compiler/lower_expr.go); ptr makes it &T{...}.
func (c *fstate) newStruct(args []lang.Expr, ptr int) int {
	base := c.alloc(1)
	for i, a := range args {
		if i == 0 {
			c.exprTo(a, base)
			continue
		}
		c.exprTo(a, c.alloc(1))
	}
	c.at(args[0].Start())
	c.emit(vm.MakeABCX(vm.OpNewStruct, base, base, len(args)-1, ptr))
	c.release(base + 1)
	return base
}
