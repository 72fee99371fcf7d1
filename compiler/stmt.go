package compiler

import (
	"math"

	"github.com/goro-lang/goro/lang"
	"github.com/goro-lang/goro/vm"
)

func (c *fstate) stmts(list []lang.Stmt) {
	for _, s := range list {
		c.stmt(s)
	}
}

func (c *fstate) stmt(s lang.Stmt) {
	switch s := s.(type) {
	case *lang.ExprStmt:
		c.exprStmt(s.X)
	case *lang.AssignStmt:
		c.assign(s)
	case *lang.IncDecStmt:
		c.at(s.TokPos)
		one := lang.BasicLit{ValuePos: s.TokPos, Kind: lang.IntLit, Int: 1}
		op := lang.ADD
		if !s.Inc {
			op = lang.SUB
		}
		c.opAssign(s.X, op, &one, s.TokPos)
	case *lang.SendStmt:
		mark := c.freereg
		ch := c.exprAny(s.Chan)
		v := c.exprAny(s.Value)
		c.at(s.Arrow)
		c.emitABC(vm.OpSend, ch, v, 0)
		c.release(mark)
	case *lang.VarDecl:
		c.varDecl(s)
	case *lang.BlockStmt:
		m := c.openScope()
		c.stmts(s.Stmts)
		c.closeScope(m)
	case *lang.IfStmt:
		c.ifStmt(s)
	case *lang.ForStmt:
		c.forStmt(s)
	case *lang.RangeStmt:
		c.rangeStmt(s)
	case *lang.SwitchStmt:
		c.switchStmt(s)
	case *lang.SelectStmt:
		c.selectStmt(s)
	case *lang.BranchStmt:
		c.branch(s)
	case *lang.ReturnStmt:
		c.returnStmt(s)
	case *lang.GoStmt:
		c.goDefer(s.Call, vm.OpGo, s.GoPos)
	case *lang.DeferStmt:
		c.goDefer(s.Call, vm.OpDefer, s.DeferPos)
	case *lang.LabeledStmt:
		c.pendingLabel, c.pendingLabelNode = s.Label.Name, s.Stmt
		c.stmt(s.Stmt)
		c.pendingLabel, c.pendingLabelNode = "", nil
	case *lang.EmptyStmt, *lang.FuncDecl, *lang.ImportStmt:
		// FuncDecls are bound by module(); imports by importSpec.
	}
}

// exprStmt evaluates an expression for its effects (a call discards any
// number of results).
func (c *fstate) exprStmt(e lang.Expr) {
	mark := c.freereg
	if call, ok := unparen(e).(*lang.CallExpr); ok {
		c.call(call, 0, 0)
	} else {
		c.exprAny(e)
	}
	c.release(mark)
}

// ---------------------------------------------------------------------------
// Assignment

// lvalue is an evaluated assignment target: its operands are in registers
// (phase one of Go's two-phase assignment).
type lvalue struct {
	kind  int // lvDiscard, lvVar, lvIndex, lvField
	b     *binding
	v     *variable
	obj   int // lvIndex/lvField: register of the container
	key   int // lvIndex: register of the key
	field int // lvField: constant index of the name
	gref  int // module member: global index
}

const (
	lvDiscard = iota
	lvVar
	lvIndex
	lvField
	lvGlobal
)

// target evaluates the operands of assignment target e.
func (c *fstate) target(e lang.Expr) lvalue {
	switch e := unparen(e).(type) {
	case *lang.Ident:
		switch ref := e.Ref.(type) {
		case *variable:
			if ref.name == "_" {
				return lvalue{kind: lvDiscard}
			}
			return lvalue{kind: lvVar, v: ref, b: declBinding(c, ref)}
		case *binding:
			return lvalue{kind: lvVar, v: ref.v, b: ref}
		}
		return lvalue{kind: lvDiscard}
	case *lang.IndexExpr:
		obj := c.exprAny(e.X)
		key := c.exprAny(e.Index)
		return lvalue{kind: lvIndex, obj: obj, key: key}
	case *lang.SelectorExpr:
		if ref := c.moduleOf(e); ref != nil {
			return lvalue{kind: lvGlobal, gref: c.globalIndex(vm.GlobalRef{Module: ref.key, Name: e.Sel.Name})}
		}
		obj := c.exprAny(e.X)
		return lvalue{kind: lvField, obj: obj, field: c.constIndex(vm.String(e.Sel.Name))}
	}
	return lvalue{kind: lvDiscard}
}

// declBinding is the binding through which a declaring function writes its
// own variable (or a global).
func declBinding(c *fstate, v *variable) *binding {
	if v.global {
		return &binding{kind: bGlobal, v: v}
	}
	return &binding{kind: bLocal, v: v}
}

// store writes register r into an evaluated target.
func (c *fstate) store(lv lvalue, r int) {
	switch lv.kind {
	case lvVar:
		c.storeVar(lv.b, r)
	case lvIndex:
		c.emitABC(vm.OpSetIndex, lv.obj, lv.key, r)
	case lvField:
		if lv.field <= 0xffff {
			c.emitABC(vm.OpSetIndexK, lv.obj, lv.field, r)
		} else {
			k := c.alloc(1)
			c.emitABx(vm.OpLoadK, k, lv.field)
			c.emitABC(vm.OpSetIndex, lv.obj, k, r)
		}
	case lvGlobal:
		c.emitABx(vm.OpSetGlobal, r, lv.gref)
	}
}

// storeVar writes register r into a variable.
func (c *fstate) storeVar(b *binding, r int) {
	switch b.kind {
	case bLocal:
		if b.v.boxed() {
			c.emitABC(vm.OpSetCell, b.v.reg, r, 0)
		} else if b.v.reg != r {
			c.emitABC(vm.OpMove, b.v.reg, r, 0)
		}
	case bUpval:
		c.emitABC(vm.OpSetUpval, r, b.up, 0)
	case bGlobal:
		c.emitABx(vm.OpSetGlobal, r, c.globalIndex(vm.GlobalRef{Name: b.v.name}))
	}
}

// plainLocal returns the register of an unboxed local of this function
// named by e, or -1.
func (c *fstate) plainLocal(e lang.Expr) int {
	id, ok := unparen(e).(*lang.Ident)
	if !ok {
		return -1
	}
	var v *variable
	switch ref := id.Ref.(type) {
	case *binding:
		if ref.kind == bLocal {
			v = ref.v
		}
	case *variable:
		if !ref.global && ref.name != "_" {
			v = ref
		}
	}
	if v == nil || v.boxed() || v.fn != c.info {
		return -1
	}
	return v.reg
}

func (c *fstate) assign(s *lang.AssignStmt) {
	c.at(s.TokPos)
	if base := s.Tok.OpAssignBase(); base != lang.ILLEGAL {
		c.opAssign(s.Lhs[0], base, s.Rhs[0], s.TokPos)
		return
	}
	if s.Tok == lang.DEFINE && !declaresGlobals(s.Lhs) {
		c.define(s.Lhs, s.Rhs, s.TokPos)
		return
	}
	c.assignList(s.Lhs, s.Rhs, s.TokPos)
}

// declaresGlobals reports whether a := or var at module level declares
// globals (the resolver marked its new variables global); := in a block of
// the top-level code declares locals of init.
func declaresGlobals(lhs []lang.Expr) bool {
	for _, e := range lhs {
		if id, ok := e.(*lang.Ident); ok {
			switch ref := id.Ref.(type) {
			case *variable:
				if ref.name != "_" {
					return ref.global
				}
			case *binding:
				if ref.kind == bGlobal {
					return true
				}
			}
		}
	}
	return false
}

// assignList carries out `lhs = rhs` (also top-level := whose targets are
// globals): phase one evaluates the targets' operands and every right-hand
// value, phase two stores left to right.
func (c *fstate) assignList(lhs, rhs []lang.Expr, pos lang.Pos) {
	mark := c.freereg
	// Fast path: one plain local target gets its value computed in place.
	if len(lhs) == 1 && len(rhs) == 1 {
		if r := c.plainLocal(lhs[0]); r >= 0 {
			c.assignValueTo(rhs[0], r)
			return
		}
	}
	lvs := make([]lvalue, len(lhs))
	for i, e := range lhs {
		lvs[i] = c.target(e)
	}
	c.pinOperands(lvs)
	vals := c.values(rhs, len(lhs), pos)
	c.at(pos)
	for i, lv := range lvs {
		c.store(lv, vals+i)
	}
	c.release(mark)
}

// pinOperands copies into temporaries the operands of index and field
// targets that are registers of locals the same assignment writes: phase
// two stores left to right, and a later target must still see the value
// phase one evaluated (Go: `i, xs[i] = 1, 5` sets xs[0] when i was 0).
func (c *fstate) pinOperands(lvs []lvalue) {
	if len(lvs) < 2 {
		return
	}
	written := map[int]bool{}
	for _, lv := range lvs {
		if lv.kind == lvVar && lv.b.kind == bLocal && !lv.v.boxed() {
			written[lv.v.reg] = true
		}
	}
	if len(written) == 0 {
		return
	}
	pin := func(r *int) {
		if written[*r] {
			t := c.alloc(1)
			c.emitABC(vm.OpMove, t, *r, 0)
			*r = t
		}
	}
	for i := range lvs {
		switch lv := &lvs[i]; lv.kind {
		case lvIndex:
			pin(&lv.obj)
			pin(&lv.key)
		case lvField:
			pin(&lv.obj)
		}
	}
}

// values evaluates rhs into n consecutive new registers and returns the
// first: n expressions, or one multi-valued expression giving n values.
func (c *fstate) values(rhs []lang.Expr, n int, pos lang.Pos) int {
	if len(rhs) == 1 && n > 1 {
		return c.multi(rhs[0], n, pos)
	}
	base := c.alloc(n)
	for i, e := range rhs {
		c.assignValueTo(e, base+i)
	}
	return base
}

// assignValueTo evaluates one right-hand value of an assignment into dst: a
// call there must give exactly one value, and a mismatch is worded
// "assignment mismatch: 1 variable but f returns 2 values".
func (c *fstate) assignValueTo(e lang.Expr, dst int) {
	call, ok := unparen(e).(*lang.CallExpr)
	if !ok {
		c.exprTo(e, dst)
		return
	}
	mark := c.freereg
	if dst == mark-1 && dst >= c.nactive {
		c.release(dst)
		c.call(call, 1, vm.CallAssign)
		return
	}
	base := c.call(call, 1, vm.CallAssign)
	if base != dst {
		c.emitABC(vm.OpMove, dst, base, 0)
	}
	c.release(mark)
}

// multi evaluates a multi-valued expression (call, comma-ok index or
// receive) into n new consecutive registers.
func (c *fstate) multi(e lang.Expr, n int, pos lang.Pos) int {
	switch x := unparen(e).(type) {
	case *lang.CallExpr:
		base := c.call(x, n, vm.CallAssign)
		return base
	case *lang.IndexExpr:
		base := c.alloc(2)
		mark := c.freereg
		obj := c.exprAny(x.X)
		key := c.exprAny(x.Index)
		c.at(x.Lbrack)
		c.emitABC(vm.OpGetIndex2, base, obj, key)
		c.release(mark)
		return base
	case *lang.UnaryExpr: // v, ok := <-ch
		base := c.alloc(2)
		mark := c.freereg
		ch := c.exprAny(x.X)
		c.at(x.OpPos)
		c.emit(vm.MakeABCX(vm.OpRecv, base, ch, 0, 1))
		c.release(mark)
		return base
	}
	return c.alloc(n) // unreachable: the resolver checked the shape
}

// define compiles := inside a function: new variables get registers at the
// top of the active locals, existing ones are assigned.
func (c *fstate) define(lhs, rhs []lang.Expr, pos lang.Pos) {
	// Common case: every target new, in order — compute straight into the
	// new registers.
	allNew := true
	for _, e := range lhs {
		if v, ok := e.(*lang.Ident).Ref.(*variable); !ok || v.name == "_" {
			allNew = false
		}
	}
	if allNew {
		base := c.values(rhs, len(lhs), pos)
		for i, e := range lhs {
			v := e.(*lang.Ident).Ref.(*variable)
			v.reg = base + i
			if v.boxed() {
				c.emitABC(vm.OpBox, v.reg, v.reg, 0)
			}
		}
		c.release(base + len(lhs))
		c.activate()
		return
	}
	// General case: reserve the new variables' registers, evaluate all
	// values into temporaries, then store.
	var newVars []*variable
	for _, e := range lhs {
		if v, ok := e.(*lang.Ident).Ref.(*variable); ok && v.name != "_" {
			v.reg = c.alloc(1)
			newVars = append(newVars, v)
		}
	}
	mark := c.freereg
	lvs := make([]lvalue, len(lhs))
	for i, e := range lhs {
		lvs[i] = c.target(e)
	}
	c.pinOperands(lvs)
	vals := c.values(rhs, len(lhs), pos)
	c.at(pos)
	for i, lv := range lvs {
		if lv.kind == lvVar && lv.b.kind == bLocal && !lv.v.global && isNew(lv.v, newVars) {
			c.emitABC(vm.OpMove, lv.v.reg, vals+i, 0)
			if lv.v.boxed() {
				c.emitABC(vm.OpBox, lv.v.reg, lv.v.reg, 0)
			}
			continue
		}
		c.store(lv, vals+i)
	}
	c.release(mark)
	c.activate()
}

func isNew(v *variable, list []*variable) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// opAssign compiles `x op= y` (and ++/--): x's operands are evaluated once.
func (c *fstate) opAssign(x lang.Expr, op lang.Token, y lang.Expr, pos lang.Pos) {
	mark := c.freereg
	if r := c.plainLocal(x); r >= 0 {
		c.binaryTo(op, x, y, r, pos)
		return
	}
	lv := c.target(x)
	cur := c.alloc(1)
	c.at(pos)
	switch lv.kind {
	case lvVar:
		c.readBinding(lv.b, cur)
	case lvIndex:
		// m[k] op= y on a missing key starts from the zero value of y's
		// kind (SPEC §4): y goes to cur+1 first, where GETINDEX (X=1)
		// finds it.
		yr := c.alloc(1)
		c.exprTo(y, yr)
		c.at(pos)
		c.emit(vm.MakeABCX(vm.OpGetIndex, cur, lv.obj, lv.key, 1))
		c.emitBinary(op, cur, cur, yr)
		c.store(lv, cur)
		c.release(mark)
		return
	case lvField:
		c.emitABC(vm.OpGetIndexK, cur, lv.obj, lv.field)
	case lvGlobal:
		c.emitABx(vm.OpGetGlobal, cur, lv.gref)
	}
	if k, ok := constOf(y); ok {
		c.at(pos)
		c.binaryK(op, cur, cur, k, false)
	} else {
		yr := c.exprAny(y)
		c.at(pos)
		c.emitBinary(op, cur, cur, yr)
	}
	c.store(lv, cur)
	c.release(mark)
}

// varDecl compiles `var a, b = ...` (globals at top level).
func (c *fstate) varDecl(s *lang.VarDecl) {
	c.at(s.VarPos)
	lhs := make([]lang.Expr, len(s.Names))
	for i, id := range s.Names {
		lhs[i] = id
	}
	if declaresGlobals(lhs) {
		if len(s.Values) == 0 {
			r := c.alloc(1)
			c.emitABC(vm.OpLoadNil, r, 1, 0)
			for _, lv := range lhs {
				c.store(c.target(lv), r)
			}
			c.release(r)
			return
		}
		c.assignList(lhs, s.Values, s.VarPos)
		return
	}
	if len(s.Values) == 0 {
		base := c.alloc(len(s.Names))
		c.emitABC(vm.OpLoadNil, base, len(s.Names), 0)
		for i, id := range s.Names {
			v := id.Ref.(*variable)
			v.reg = base + i
			if v.boxed() {
				c.emitABC(vm.OpBox, v.reg, v.reg, 0)
			}
		}
		c.activate()
		return
	}
	c.define(lhs, s.Values, s.VarPos)
}

// ---------------------------------------------------------------------------
// Control flow

func (c *fstate) ifStmt(s *lang.IfStmt) {
	m := c.openScope()
	if s.Init != nil {
		c.stmt(s.Init)
	}
	c.at(s.IfPos)
	elseJumps := c.condJump(s.Cond, false)
	bm := c.openScope()
	c.stmts(s.Then.Stmts)
	c.closeScope(bm)
	if s.Else != nil {
		end := c.jump()
		c.patchHere(elseJumps)
		c.stmt(s.Else)
		c.patchHere([]int{end})
	} else {
		c.patchHere(elseJumps)
	}
	c.closeScope(m)
}

func (c *fstate) forStmt(s *lang.ForStmt) {
	label := c.takeLabel(s)
	m := c.openScope()
	var loopVars []*variable
	if s.Init != nil {
		before := c.nactive
		c.stmt(s.Init)
		// Per-iteration copies (Go 1.22) matter only for boxed variables.
		if a, ok := s.Init.(*lang.AssignStmt); ok && a.Tok == lang.DEFINE {
			for _, e := range a.Lhs {
				if v, ok := e.(*lang.Ident).Ref.(*variable); ok && v.boxed() && v.reg >= before {
					loopVars = append(loopVars, v)
				}
			}
		}
	}
	var toCond int = -1
	if s.Cond != nil {
		toCond = c.jump()
	}
	t := &target{label: label, loop: true, node: s}
	c.pushTarget(t)
	bodyStart := c.pc()
	bm := c.openScope()
	c.stmts(s.Body.Stmts)
	c.closeScope(bm)
	c.popTarget()
	c.patchHere(t.continues)
	c.at(s.ForPos)
	for _, v := range loopVars {
		tmp := c.alloc(1)
		c.emitABC(vm.OpGetCell, tmp, v.reg, 0)
		c.emitABC(vm.OpBox, v.reg, tmp, 0)
		c.release(tmp)
	}
	post := c.pc()
	if s.Post != nil {
		c.stmt(s.Post)
	}
	if s.Cond != nil {
		c.patchHere([]int{toCond})
		cond := c.condJump(s.Cond, true)
		c.patch(cond, bodyStart)
		if len(cond) == 1 && cond[0] == post+1 && c.pc() == post+2 {
			c.fuseStep(post)
		}
	} else {
		c.patch([]int{c.jump()}, bodyStart)
	}
	c.patchHere(t.breaks)
	c.closeScope(m)
}

// fuseStep turns the post statement `i++`, `i += k` (ADDI at pc, k a
// small constant) or `i += j` (ADD, j a register below 128), and the
// condition `i < x` or `i <= x` right after it (a compare-and-branch back
// to the body) into one step-and-test instruction at pc, for the fast
// loop. The compare-and-branch stays at pc+1: the loop's first test and
// run's slow path use it.
func (c *fstate) fuseStep(pc int) {
	step, test := c.p.Code[pc], c.p.Code[pc+1]
	var x int
	switch {
	case step.Op() == vm.OpAddI && step.SC() >= -64 && step.SC() < 64:
		x = int(uint8(step.SC()) &^ vm.StepReg)
	case step.Op() == vm.OpAdd && step.C() < vm.StepReg:
		x = step.C() | vm.StepReg
	default:
		return
	}
	if step.A() != step.B() || step.X() != 0 ||
		test.A() != step.A() || test.X() != 1 || test.SC() >= math.MaxInt16 {
		return
	}
	var fused vm.Op
	switch test.Op() {
	case vm.OpJLt:
		fused = vm.OpIncJLt
	case vm.OpJLtK:
		fused = vm.OpIncJLtK
	case vm.OpJLe:
		fused = vm.OpIncJLe
	case vm.OpJLeK:
		fused = vm.OpIncJLeK
	default:
		return
	}
	// The same target as the test's, from one instruction earlier.
	c.p.Code[pc] = vm.MakeABCX(fused, step.A(), test.B(), test.SC()+1, x)
}

func (c *fstate) rangeStmt(s *lang.RangeStmt) {
	label := c.takeLabel(s)
	m := c.openScope()
	nvars := 0
	if s.Value != nil {
		nvars = 2
	} else if s.Key != nil {
		nvars = 1
	}
	st := c.alloc(5)
	x := c.exprAny(s.X)
	c.at(s.ForPos)
	c.emit(vm.MakeABCX(vm.OpRangeInit, st, x, 0, nvars))
	c.release(st + 5)
	c.activate()
	toNext := c.jump()
	bodyStart := c.pc()
	bm := c.openScope()
	// Bind the loop variables from st+3 (key) and st+4 (value).
	for i, e := range []lang.Expr{s.Key, s.Value} {
		if e == nil {
			continue
		}
		src := st + 3 + i
		if s.Tok == lang.DEFINE {
			v := e.(*lang.Ident).Ref.(*variable)
			if v.name == "_" {
				continue
			}
			if v.boxed() {
				v.reg = c.alloc(1)
				c.emitABC(vm.OpBox, v.reg, src, 0)
			} else {
				v.reg = src
			}
			continue
		}
		mark := c.freereg
		c.store(c.target(e), src)
		c.release(mark)
	}
	c.activate()
	t := &target{label: label, loop: true, node: s}
	c.pushTarget(t)
	c.stmts(s.Body.Stmts)
	c.popTarget()
	c.closeScope(bm)
	c.patchHere(t.continues)
	c.patchHere([]int{toNext})
	c.at(s.ForPos)
	next := c.emit(vm.MakeABx(vm.OpRangeNext, st, 0).SetX(nvars))
	c.patchOne(next, bodyStart)
	c.patchHere(t.breaks)
	c.closeScope(m)
}

func (c *fstate) switchStmt(s *lang.SwitchStmt) {
	label := c.takeLabel(s)
	m := c.openScope()
	if s.Init != nil {
		c.stmt(s.Init)
	}
	tag := -1
	if s.Tag != nil {
		tag = c.alloc(1)
		c.exprTo(s.Tag, tag)
		c.activate()
	}
	bodyJumps := make([][]int, len(s.Cases))
	deflt := -1
	for i, cc := range s.Cases {
		if cc.List == nil {
			deflt = i
			continue
		}
		for _, e := range cc.List {
			c.at(e.Start())
			if tag >= 0 {
				bodyJumps[i] = append(bodyJumps[i], c.eqJump(tag, e, true)...)
			} else {
				bodyJumps[i] = append(bodyJumps[i], c.condJump(e, true)...)
			}
		}
	}
	noMatch := c.jump()
	if deflt >= 0 {
		bodyJumps[deflt] = append(bodyJumps[deflt], noMatch)
	}
	t := &target{label: label, node: s}
	c.pushTarget(t)
	for i, cc := range s.Cases {
		c.patchHere(bodyJumps[i])
		bm := c.openScope()
		c.stmts(cc.Body)
		c.closeScope(bm)
		if !endsInFallthrough(cc.Body) && i < len(s.Cases)-1 {
			t.breaks = append(t.breaks, c.jump())
		}
	}
	c.popTarget()
	if deflt < 0 {
		t.breaks = append(t.breaks, noMatch)
	}
	c.patchHere(t.breaks)
	c.closeScope(m)
}

func endsInFallthrough(body []lang.Stmt) bool {
	if len(body) == 0 {
		return false
	}
	b, ok := body[len(body)-1].(*lang.BranchStmt)
	return ok && b.Tok == lang.FALLTHROUGH
}

func (c *fstate) selectStmt(s *lang.SelectStmt) {
	label := c.takeLabel(s)
	m := c.openScope()
	var cases []*lang.CommClause
	hasDefault := false
	var deflt *lang.CommClause
	for _, cc := range s.Cases {
		if cc.Comm == nil {
			hasDefault = true
			deflt = cc
			continue
		}
		cases = append(cases, cc)
	}
	n := len(cases)
	base := c.alloc(2 * n)
	kinds := make([]byte, n)
	for i, cc := range cases {
		switch comm := cc.Comm.(type) {
		case *lang.SendStmt:
			kinds[i] = 's'
			c.exprTo(comm.Chan, base+2*i)
			c.exprTo(comm.Value, base+2*i+1)
		case *lang.ExprStmt:
			kinds[i] = 'r'
			c.exprTo(unparen(comm.X).(*lang.UnaryExpr).X, base+2*i)
		case *lang.AssignStmt:
			kinds[i] = 'r'
			c.exprTo(unparen(comm.Rhs[0]).(*lang.UnaryExpr).X, base+2*i)
		}
	}
	res := c.alloc(3)
	c.activate()
	c.at(s.SelectPos)
	x := 0
	if hasDefault {
		x = 1
	}
	c.emit(vm.MakeABCX(vm.OpSelect, res, base, n, x))
	c.emitABx(vm.OpExtraArg, 0, c.constIndex(vm.String(string(kinds))))
	t := &target{label: label, node: s}
	bodyJumps := make([][]int, n)
	for i := range cases {
		bodyJumps[i] = c.eqJumpConst(res, vm.Int(int64(i)), true)
	}
	var deflJump []int
	if n > 0 || hasDefault {
		deflJump = append(deflJump, c.jump())
	}
	c.pushTarget(t)
	for i, cc := range cases {
		c.patchHere(bodyJumps[i])
		bm := c.openScope()
		if a, ok := cc.Comm.(*lang.AssignStmt); ok {
			c.at(a.TokPos)
			for j, e := range a.Lhs {
				src := res + 1 + j
				if a.Tok == lang.DEFINE {
					v := e.(*lang.Ident).Ref.(*variable)
					if v.name == "_" {
						continue
					}
					v.reg = c.alloc(1)
					if v.boxed() {
						c.emitABC(vm.OpBox, v.reg, src, 0)
					} else {
						c.emitABC(vm.OpMove, v.reg, src, 0)
					}
					c.activate()
					continue
				}
				mark := c.freereg
				c.store(c.target(e), src)
				c.release(mark)
			}
		}
		c.stmts(cc.Body)
		c.closeScope(bm)
		t.breaks = append(t.breaks, c.jump())
	}
	if hasDefault {
		c.patchHere(deflJump)
		bm := c.openScope()
		c.stmts(deflt.Body)
		c.closeScope(bm)
	} else {
		t.breaks = append(t.breaks, deflJump...)
	}
	c.popTarget()
	c.patchHere(t.breaks)
	c.closeScope(m)
}

func (c *fstate) branch(s *lang.BranchStmt) {
	c.at(s.TokPos)
	if s.Tok == lang.FALLTHROUGH {
		return // the switch lays the next body out right after this one
	}
	for i := len(c.targets) - 1; i >= 0; i-- {
		t := c.targets[i]
		if s.Label != nil && t.label != s.Label.Name {
			continue
		}
		if s.Tok == lang.CONTINUE {
			if !t.loop {
				continue
			}
			t.continues = append(t.continues, c.jump())
			return
		}
		t.breaks = append(t.breaks, c.jump())
		return
	}
}

func (c *fstate) returnStmt(s *lang.ReturnStmt) {
	c.at(s.ReturnPos)
	mark := c.freereg
	switch len(s.Results) {
	case 0:
		c.emitABC(vm.OpReturn, 0, 1, 0)
	case 1:
		if call, ok := unparen(s.Results[0]).(*lang.CallExpr); ok && !isHiddenCall(call) {
			base := c.call(call, -1, 0)
			c.at(s.ReturnPos)
			c.emitABC(vm.OpReturn, base, 0, 0)
		} else {
			r := c.exprAny(s.Results[0])
			c.at(s.ReturnPos)
			c.emitABC(vm.OpReturn, r, 2, 0)
		}
	default:
		base := c.alloc(len(s.Results))
		for i, e := range s.Results {
			c.exprTo(e, base+i)
		}
		c.at(s.ReturnPos)
		c.emitABC(vm.OpReturn, base, len(s.Results)+1, 0)
	}
	c.release(mark)
}

// goDefer compiles go/defer of a call: the function value and arguments are
// evaluated now, into consecutive registers.
func (c *fstate) goDefer(call *lang.CallExpr, op vm.Op, pos lang.Pos) {
	mark := c.freereg
	base := c.alloc(1)
	c.exprTo(call.Fun, base)
	b := c.args(call, base)
	c.at(call.Start())
	c.emitABC(op, base, b, 0)
	c.release(mark)
}

// isHiddenCall reports whether call is of a hidden builtin of the lowering
// ($struct, $addr, ...): each gives exactly one result.
func isHiddenCall(call *lang.CallExpr) bool {
	id, ok := call.Fun.(*lang.Ident)
	if !ok || len(id.Name) == 0 || id.Name[0] != '$' {
		return false
	}
	b, ok := id.Ref.(*binding)
	return ok && b.kind == bBuiltin
}
