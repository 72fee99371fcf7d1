package vm

import (
	"strconv"
	"strings"
)

// Describe renders instruction pc of p for a disassembly listing. Every
// operand is rendered from the op's declared kinds in opTable, so a new
// opcode is listed correctly without touching this function: registers as
// rN, constants as kN(value), globals, upvalues and protos by name, jumps
// by their target pc. Flags in X follow the operands.
func (p *Proto) Describe(pc int) string {
	ins := p.Code[pc]
	op := ins.Op()
	if op >= numOps || opTable[op].name == "" {
		return ins.String()
	}
	info := &opTable[op]
	var args []string
	render := func(kind operand, v int) {
		switch kind {
		case oNone:
			return
		case oReg, oRegN:
			args = append(args, "r"+strconv.Itoa(v))
		case oConst:
			s := "k" + strconv.Itoa(v)
			if v < len(p.Consts) {
				s += "(" + Repr(p.Consts[v]) + ")"
			}
			args = append(args, s)
		case oJump:
			args = append(args, "-> "+strconv.Itoa(pc+1+v))
		case oGlobal:
			s := "g" + strconv.Itoa(v)
			if v < len(p.Globals) {
				ref := p.Globals[v]
				if ref.Module != "" {
					s += "(" + ref.Module + "." + ref.Name + ")"
				} else {
					s += "(" + ref.Name + ")"
				}
			}
			args = append(args, s)
		case oUpval:
			s := "u" + strconv.Itoa(v)
			if v < len(p.Upvals) {
				s += "(" + p.Upvals[v].Name + ")"
			}
			args = append(args, s)
		case oProto:
			s := "proto" + strconv.Itoa(v)
			if v < len(p.Protos) {
				s += "(" + p.Protos[v].Name + ")"
			}
			args = append(args, s)
		case oModule:
			args = append(args, "module"+strconv.Itoa(v))
		default: // oInt, oSInt
			args = append(args, strconv.Itoa(v))
		}
	}
	render(info.a, ins.A())
	signed := func(k operand) bool { return k == oSInt || k == oJump }
	if info.wide != oNone {
		if signed(info.wide) {
			render(info.wide, ins.SBx())
		} else {
			render(info.wide, ins.Bx())
		}
	} else {
		if signed(info.b) {
			render(info.b, ins.SB())
		} else {
			render(info.b, ins.B())
		}
		if signed(info.c) {
			render(info.c, ins.SC())
		} else {
			render(info.c, ins.C())
		}
	}
	x := ins.X()
	switch op {
	case OpArithK:
		if k := x &^ akRev; k < len(akNames) {
			args = append(args, "op("+akNames[k]+")")
		}
		if x&akRev != 0 {
			args = append(args, "k-left")
		}
		x = 0
	case OpJLt, OpJLe, OpJEq, OpJLtK, OpJLeK, OpJGtK, OpJGeK, OpJEqK:
		args = append(args, "if=="+strconv.FormatBool(x&1 != 0))
		x &^= 1
	case OpIncJLt, OpIncJLtK, OpIncJLe, OpIncJLeK:
		if r, imm, isReg := StepOf(x); isReg {
			args = append(args, "step r"+strconv.Itoa(r))
		} else {
			args = append(args, "step "+strconv.FormatInt(imm, 10))
		}
		x = 0
	}
	if x&XSwapped != 0 && op == OpAddI {
		args = append(args, "(written x-k)")
		x &^= XSwapped
	}
	if x&XSwapped != 0 && (op == OpLt || op == OpLe || op == OpAddI || op == OpAddK || op == OpMulK ||
		op >= OpJLt && op <= OpJEqK) {
		args = append(args, "swapped")
		x &^= XSwapped
	}
	if x != 0 {
		args = append(args, "x"+strconv.Itoa(x))
	}
	name := info.name
	if len(args) > 0 && len(name) < 10 {
		name += strings.Repeat(" ", 10-len(name)) // align the operands
	}
	return strings.TrimSpace(name + " " + strings.Join(args, " "))
}
