package compiler

import (
	"fmt"
	"math"

	"github.com/goro-lang/goro/lang"
	"github.com/goro-lang/goro/vm"
)

// Code generation (the second pass). It cannot fail: the resolver has
// reported every user error. It walks the annotated AST and emits register
// code for each function.
//
// Registers: R[0..nactive) hold live locals (parameters first); temporaries
// live above, in stack order, from freereg up. At every statement boundary
// freereg == nactive. A boxed local's register holds its cell (OpBox);
// reads and writes go through OpGetCell/OpSetCell. Statements that keep
// hidden state across their body (range state, a switch tag, select results)
// mark those registers active, so the body's locals go above them.

// gen holds per-module state.
type gen struct {
	mod     *vm.ModuleProto
	file    *lang.File
	modName string
	imports map[string]*moduleRef
	// modIndex maps a file module key to its index in Program.Modules.
	modIndex map[string]int
	// err is the first function found to need more than maxRegs registers
	// (the one error code generation can find).
	err *lang.Error
}

// maxRegs is the most registers a function may use: register operands are
// 16 bits wide. Temporaries are reused (a flat sum of any length needs a
// few), so only a function with about as many locals, parameters or
// arguments of one call reaches it.
const maxRegs = 1 << 16

// fstate is the state of one function being compiled.
type fstate struct {
	g       *gen
	parent  *fstate
	info    *funcInfo
	p       *vm.Proto
	nactive int
	freereg int
	maxreg  int
	consts  map[constKey]int
	globals map[vm.GlobalRef]int
	targets []*target
	pos     lang.Pos
	// longJumps compiles conditional jumps as a test plus a 32-bit JMP; it
	// is set when a fused compare-and-branch's 16-bit offset overflowed.
	longJumps bool
	overflow  bool
	// pendingLabel is the label of a LabeledStmt, for the statement it
	// labels (pendingLabelNode) to pick up.
	pendingLabel     string
	pendingLabelNode lang.Node
}

// target is a break/continue destination.
type target struct {
	label     string
	loop      bool
	node      lang.Node
	breaks    []int
	continues []int
}

type constKey struct {
	kind vm.Kind
	n    uint64
	s    string
	ptr  *vm.Native
	typ  *vm.TypeObj
}

func (c *fstate) emit(i vm.Instr) int {
	c.p.Code = append(c.p.Code, i)
	c.p.Lines = append(c.p.Lines, vm.Pos{Line: c.pos.Line, Col: c.pos.Col})
	return len(c.p.Code) - 1
}

func (c *fstate) emitABC(op vm.Op, a, b, cc int) int { return c.emit(vm.MakeABC(op, a, b, cc)) }
func (c *fstate) emitABx(op vm.Op, a, bx int) int    { return c.emit(vm.MakeABx(op, a, bx)) }
func (c *fstate) pc() int                            { return len(c.p.Code) }

func (c *fstate) at(pos lang.Pos) {
	if pos.IsValid() {
		c.pos = pos
	}
}

// alloc reserves n registers above freereg and returns the first.
func (c *fstate) alloc(n int) int {
	r := c.freereg
	c.freereg += n
	if c.freereg > c.maxreg {
		c.maxreg = c.freereg
		if c.maxreg > maxRegs && c.g.err == nil {
			name := c.p.Name
			if name == "init" {
				name = "the top level of " + c.g.file.Name
			}
			c.g.err = &lang.Error{File: c.g.file.Name, Pos: c.pos, Line: lang.SourceLine(c.g.file.Src, int(c.pos.Line)),
				Msg: fmt.Sprintf("too many registers: %s needs more than %d (too many local variables, parameters or arguments of one call)", name, maxRegs)}
		}
	}
	return r
}

// release frees every temporary at or above r.
func (c *fstate) release(r int) {
	if r < c.nactive {
		r = c.nactive
	}
	c.freereg = r
}

// activate makes every register below freereg a live local.
func (c *fstate) activate() { c.nactive = c.freereg }

// constIndex returns the constant-table index of v.
func (c *fstate) constIndex(v vm.Value) int {
	k := constKey{kind: v.Kind()}
	switch k.kind {
	case vm.KindInt:
		k.n = uint64(v.AsInt())
	case vm.KindFloat:
		k.n = math.Float64bits(v.AsFloat())
	case vm.KindString:
		k.s = v.AsStr()
	case vm.KindBool:
		if v.AsBool() {
			k.n = 1
		}
	case vm.KindFunc:
		k.ptr = v.Native()
	case vm.KindType:
		k.typ = v.Type()
	}
	if i, ok := c.consts[k]; ok {
		return i
	}
	c.p.Consts = append(c.p.Consts, v)
	i := len(c.p.Consts) - 1
	c.consts[k] = i
	return i
}

// kOperand returns a constant index usable in a 16-bit operand.
func (c *fstate) kOperand(v vm.Value) (int, bool) {
	i := c.constIndex(v)
	return i, i <= 0xffff
}

func (c *fstate) globalIndex(ref vm.GlobalRef) int {
	if i, ok := c.globals[ref]; ok {
		return i
	}
	c.p.Globals = append(c.p.Globals, ref)
	i := len(c.p.Globals) - 1
	c.globals[ref] = i
	return i
}

// loadConst puts constant v in register dst.
func (c *fstate) loadConst(v vm.Value, dst int) {
	switch v.Kind() {
	case vm.KindNil:
		c.emitABC(vm.OpLoadNil, dst, 1, 0)
	case vm.KindBool:
		b := 0
		if v.AsBool() {
			b = 1
		}
		c.emitABC(vm.OpLoadBool, dst, b, 0)
	case vm.KindInt:
		if n := v.AsInt(); n >= math.MinInt32 && n <= math.MaxInt32 {
			c.emitABx(vm.OpLoadI, dst, int(n))
			return
		}
		fallthrough
	default:
		c.emitABx(vm.OpLoadK, dst, c.constIndex(v))
	}
}

// ---------------------------------------------------------------------------
// Jumps

// jump emits an unconditional jump to be patched.
func (c *fstate) jump() int { return c.emitABx(vm.OpJmp, 0, 0) }

// patch points the jumps at pcs to target.
func (c *fstate) patch(pcs []int, target int) {
	for _, pc := range pcs {
		c.patchOne(pc, target)
	}
}

func (c *fstate) patchHere(pcs []int) { c.patch(pcs, c.pc()) }

func (c *fstate) patchOne(pc, target int) {
	ins := c.p.Code[pc]
	off := target - (pc + 1)
	switch ins.Op() {
	case vm.OpJmp, vm.OpJmpIf, vm.OpJmpIfNot, vm.OpRangeNext:
		c.p.Code[pc] = vm.MakeABx(ins.Op(), ins.A(), off).SetX(ins.X())
	default: // fused compare-and-branch: 16-bit offset in C
		if off < math.MinInt16 || off > math.MaxInt16 {
			c.overflow = true
			off = 0
		}
		c.p.Code[pc] = vm.MakeABCX(ins.Op(), ins.A(), ins.B(), off, ins.X())
	}
}

// ---------------------------------------------------------------------------
// Functions

// newFState starts compiling a function.
func (g *gen) newFState(parent *fstate, info *funcInfo, p *vm.Proto) *fstate {
	return &fstate{g: g, parent: parent, info: info, p: p,
		consts: map[constKey]int{}, globals: map[vm.GlobalRef]int{}}
}

// function compiles a function literal or declaration.
func (g *gen) function(parent *fstate, f *lang.Func) *vm.Proto {
	info := f.Ref.(*funcInfo)
	for long := false; ; long = true {
		p := &vm.Proto{
			Module:   g.modName,
			File:     g.file.Name,
			Pos:      vmPos(f.FuncPos),
			NParams:  len(f.Params),
			Variadic: f.Variadic,
			IsMethod: f.IsMethod,
		}
		if f.Name != nil {
			p.Name = f.Name.Name
		} else {
			p.Name = "<closure at " + f.FuncPos.String() + ">"
			p.IsLiteral = true
		}
		c := g.newFState(parent, info, p)
		c.longJumps = long
		c.pos = f.FuncPos
		for i, id := range f.Params {
			v := id.Ref.(*variable)
			v.reg = i
			p.LocalNames = append(p.LocalNames, id.Name)
		}
		c.alloc(len(f.Params))
		c.activate()
		for _, id := range f.Params {
			if v := id.Ref.(*variable); v.boxed() {
				c.emitABC(vm.OpBox, v.reg, v.reg, 0)
			}
		}
		c.stmts(f.Body.Stmts)
		c.at(f.Body.Rbrace)
		c.emitABC(vm.OpReturn, 0, 1, 0)
		if c.overflow && !long {
			continue
		}
		c.finish()
		return p
	}
}

// finish fills in the frame size and the captured-cell descriptors.
func (c *fstate) finish() {
	c.p.NRegs = max(c.maxreg, c.p.NParams, 1)
	c.p.Upvals = make([]vm.Upval, len(c.info.upvals))
	for i, v := range c.info.upvals {
		u := vm.Upval{Name: v.name}
		if c.parent != nil && v.fn == c.parent.info {
			u.Local = true
			u.Copy = !v.boxed()
			u.Index = uint16(v.reg)
		} else if c.parent != nil {
			u.Index = uint16(c.parent.info.upIdx[v])
		}
		c.p.Upvals[i] = u
	}
}

// closure emits the creation of a nested function into dst.
func (c *fstate) closure(f *lang.Func, dst int) {
	child := c.g.function(c, f)
	c.p.Protos = append(c.p.Protos, child)
	c.at(f.FuncPos)
	c.emitABx(vm.OpClosure, dst, len(c.p.Protos)-1)
}

// module compiles a module's top-level code into its init function.
func (g *gen) module(info *funcInfo, stmts []lang.Stmt, imports []*lang.ImportSpec) *vm.Proto {
	for long := false; ; long = true {
		p := &vm.Proto{Name: "init", Module: g.modName, File: g.file.Name, Pos: vm.Pos{Line: 1, Col: 1}}
		c := g.newFState(nil, info, p)
		c.longJumps = long
		c.pos = lang.Pos{Line: 1, Col: 1}
		for _, imp := range imports {
			c.importSpec(imp)
		}
		// Top-level functions are bound before any statement runs.
		for _, s := range stmts {
			if fd, ok := s.(*lang.FuncDecl); ok {
				r := c.alloc(1)
				c.closure(fd.Func, r)
				c.emitABx(vm.OpSetGlobal, r, c.globalIndex(vm.GlobalRef{Name: fd.Func.Name.Name}))
				c.release(r)
			}
		}
		for _, s := range stmts {
			if _, ok := s.(*lang.FuncDecl); !ok {
				c.stmt(s)
			}
		}
		c.emitABC(vm.OpReturn, 0, 1, 0)
		if c.overflow && !long {
			continue
		}
		c.finish()
		return p
	}
}

// importSpec emits the running of an imported file module's top-level code.
func (c *fstate) importSpec(imp *lang.ImportSpec) {
	ref := c.g.imports[bindingName(imp)]
	if ref == nil || ref.std {
		return
	}
	c.at(imp.Pos)
	c.emitABx(vm.OpImport, 0, c.g.modIndex[ref.key])
}

func vmPos(p lang.Pos) vm.Pos { return vm.Pos{Line: p.Line, Col: p.Col} }

// ---------------------------------------------------------------------------
// Scopes and targets

type scopeMark struct{ nactive, freereg int }

func (c *fstate) openScope() scopeMark { return scopeMark{c.nactive, c.freereg} }

func (c *fstate) closeScope(m scopeMark) {
	c.nactive = m.nactive
	c.freereg = m.freereg
}

func (c *fstate) pushTarget(t *target) { c.targets = append(c.targets, t) }
func (c *fstate) popTarget()           { c.targets = c.targets[:len(c.targets)-1] }

// takeLabel returns the label a LabeledStmt puts on n, if any.
func (c *fstate) takeLabel(n lang.Node) string {
	if c.pendingLabelNode == n {
		l := c.pendingLabel
		c.pendingLabel, c.pendingLabelNode = "", nil
		return l
	}
	return ""
}
