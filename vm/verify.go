package vm

import "fmt"

// Verify checks that every instruction of p (not its children) addresses
// only registers, constants, globals, captured cells, prototypes and jump
// targets that exist. The interpreter relies on it: a Proto that fails
// verification is never run, so a compiler bug becomes an error, not a host
// crash. Dynamic properties (a register holding a cell where a cell op
// expects one) are checked by the ops themselves.
func Verify(p *Proto) error {
	if len(p.Lines) != len(p.Code) {
		return verr(p, -1, "line table has %d entries for %d instructions", len(p.Lines), len(p.Code))
	}
	if len(p.Code) == 0 {
		return verr(p, -1, "empty code")
	}
	if last := p.Code[len(p.Code)-1].Op(); last != OpReturn && last != OpJmp {
		return verr(p, len(p.Code)-1, "code does not end in RETURN or JMP")
	}
	if p.NParams > p.NRegs || p.NRegs > 1<<16 {
		return verr(p, -1, "bad frame: %d params, %d registers", p.NParams, p.NRegs)
	}
	nregs := p.NRegs
	reg := func(pc, r int) error {
		if r < 0 || r >= nregs {
			return verr(p, pc, "register %d out of range (frame has %d)", r, nregs)
		}
		return nil
	}
	run := func(pc, r, n int) error {
		if n < 0 || r < 0 || r+n > nregs {
			return verr(p, pc, "registers %d..%d out of range (frame has %d)", r, r+n-1, nregs)
		}
		return nil
	}
	konst := func(pc, k int) error {
		if k < 0 || k >= len(p.Consts) {
			return verr(p, pc, "constant %d out of range", k)
		}
		return nil
	}
	kstr := func(pc, k int) error {
		if err := konst(pc, k); err != nil {
			return err
		}
		if p.Consts[k].Kind() != KindString {
			return verr(p, pc, "constant %d is not a string", k)
		}
		return nil
	}
	jump := func(pc, off int) error {
		if to := pc + 1 + off; to < 0 || to >= len(p.Code) {
			return verr(p, pc, "jump to %d out of range", to)
		}
		return nil
	}
	for pc, ins := range p.Code {
		op := ins.Op()
		if op >= numOps {
			return verr(p, pc, "bad opcode %d", op)
		}
		a, b, c := ins.A(), ins.B(), ins.C()
		var err error
		switch op {
		case OpNop, OpExtraArg:
		case OpMove, OpUnm, OpNot, OpBnot, OpBox, OpGetCell, OpSetCell, OpLen:
			err = first(reg(pc, a), reg(pc, b))
		case OpLoadK:
			err = first(reg(pc, a), konst(pc, ins.Bx()))
		case OpLoadI, OpLoadBool, OpBool:
			err = reg(pc, a)
		case OpLoadNil:
			err = run(pc, a, b)
		case OpGetGlobal, OpSetGlobal:
			err = reg(pc, a)
			if g := ins.Bx(); g >= len(p.Globals) {
				err = verr(p, pc, "global %d out of range", g)
			}
		case OpGetUpval, OpSetUpval:
			err = reg(pc, a)
			if b >= len(p.Upvals) {
				err = verr(p, pc, "captured cell %d out of range", b)
			}
		case OpClosure:
			err = reg(pc, a)
			if bx := ins.Bx(); bx >= len(p.Protos) {
				err = verr(p, pc, "proto %d out of range", bx)
			} else {
				for _, u := range p.Protos[bx].Upvals {
					local := u.Local || u.Copy // makeClosure reads a Copy's register
					if local && int(u.Index) >= nregs || !local && int(u.Index) >= len(p.Upvals) {
						err = verr(p, pc, "closure captures a cell out of range")
					}
				}
			}
		case OpAdd, OpSub, OpMul, OpDiv, OpMod, OpBand, OpBor, OpBxor, OpBandNot, OpShl, OpShr,
			OpEq, OpNe, OpLt, OpLe, OpGetIndex, OpSetIndex:
			err = first(reg(pc, a), reg(pc, b), reg(pc, c))
		case OpAddI:
			err = first(reg(pc, a), reg(pc, b))
		case OpAddK, OpSubK, OpMulK, OpDivK, OpModK, OpGetIndexK:
			err = first(reg(pc, a), reg(pc, b), konst(pc, c))
		case OpArithK:
			err = first(reg(pc, a), reg(pc, b), konst(pc, c))
			if x := ins.X() &^ akRev; x > akGe {
				err = verr(p, pc, "bad ARITHK operator %d", x)
			}
		case OpGetIndex2:
			err = first(run(pc, a, 2), reg(pc, b), reg(pc, c))
		case OpSetIndexK:
			err = first(reg(pc, a), konst(pc, b), reg(pc, c))
		case OpJmp:
			err = jump(pc, ins.SBx())
		case OpJmpIf, OpJmpIfNot:
			err = first(reg(pc, a), jump(pc, ins.SBx()))
		case OpJLt, OpJLe, OpJEq:
			err = first(reg(pc, a), reg(pc, b), jump(pc, ins.SC()))
		case OpJLtK, OpJLeK, OpJGtK, OpJGeK, OpJEqK:
			err = first(reg(pc, a), konst(pc, b), jump(pc, ins.SC()))
		case OpIncJLt, OpIncJLe, OpIncJLtK, OpIncJLeK: // pc+1 exists: the code ends in RETURN or JMP
			bound := reg(pc, b)
			if op == OpIncJLtK || op == OpIncJLeK {
				bound = konst(pc, b)
			}
			err = first(reg(pc, a), bound, jump(pc, ins.SC()))
			if r, _, isReg := StepOf(ins.X()); isReg && err == nil {
				err = reg(pc, r)
			}
		case OpRangeInit:
			err = first(run(pc, a, 3), reg(pc, b))
		case OpRangeNext:
			err = first(run(pc, a, 5), jump(pc, ins.SBx()))
		case OpCall:
			err = reg(pc, a)
			if err == nil && b > 0 {
				err = run(pc, a, b)
			}
			if err == nil && c > 1 {
				err = run(pc, a, c-1)
			}
		case OpReturn:
			if b > 0 {
				err = run(pc, a, b-1)
			} else {
				err = reg(pc, a)
			}
		case OpGo, OpDefer:
			err = reg(pc, a)
			if err == nil && b > 0 {
				err = run(pc, a, b)
			}
		case OpSelf:
			err = first(run(pc, a, 2), reg(pc, b), kstr(pc, c))
		case OpSpread:
			err = first(reg(pc, a), reg(pc, b))
		case OpNewList, OpListAppend:
			err = first(reg(pc, a), run(pc, b, c))
		case OpNewMap:
			err = first(reg(pc, a), run(pc, b, 2*c))
		case OpNewStruct:
			err = first(reg(pc, a), run(pc, b, c+1))
		case OpSlice:
			err = first(reg(pc, a), reg(pc, b), run(pc, c, 2))
		case OpGetField:
			err = first(reg(pc, a), reg(pc, b), kstr(pc, c))
		case OpAppend:
			err = first(reg(pc, a), run(pc, b, c+1))
		case OpSend:
			err = first(reg(pc, a), reg(pc, b))
		case OpRecv:
			err = first(run(pc, a, 1+min(ins.X(), 1)), reg(pc, b))
		case OpSelect:
			err = first(run(pc, a, 3), run(pc, b, 2*c))
			if err == nil {
				if pc+1 >= len(p.Code) || p.Code[pc+1].Op() != OpExtraArg {
					err = verr(p, pc, "SELECT without EXTRAARG")
				} else if err = kstr(pc+1, p.Code[pc+1].Bx()); err == nil && len(p.Consts[p.Code[pc+1].Bx()].AsStr()) != c {
					err = verr(p, pc, "SELECT case kinds do not match the case count")
				}
			}
		case OpImport:
		case OpCallNative:
			if p != trampolineProto {
				err = verr(p, pc, "CALLNATIVE outside the trampoline")
			}
		default:
			err = verr(p, pc, "unverified opcode %s", op)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func first(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func verr(p *Proto, pc int, format string, a ...any) error {
	where := p.Name
	if pc >= 0 {
		where = fmt.Sprintf("%s at pc %d (%s)", p.Name, pc, p.Code[pc])
	}
	return fmt.Errorf("bytecode verification failed: %s: %s", where, fmt.Sprintf(format, a...))
}
