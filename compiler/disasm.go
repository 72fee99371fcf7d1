package compiler

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/goro-lang/goro/vm"
)

// Disasm writes a readable listing of every function of prog.
func Disasm(w io.Writer, prog *vm.Program) {
	for _, m := range prog.Modules {
		fmt.Fprintf(w, "module %s (%s)\n", m.Name, m.File)
		DisasmProto(w, m.Init)
	}
}

// DisasmProto writes a listing of p and, after it, its nested functions.
//
//	function main.fib (fib.goro:1:1) params=1 regs=4 consts=1
//	  0  1:5  JLTK      r0 k0(2) +1  ; if (r0 < 2) == false
//	  ...
func DisasmProto(w io.Writer, p *vm.Proto) {
	fmt.Fprintf(w, "\nfunction %s (%s:%d:%d) params=%d", p.QualifiedName(), p.File, p.Pos.Line, p.Pos.Col, p.NParams)
	if p.Variadic {
		fmt.Fprint(w, " variadic")
	}
	fmt.Fprintf(w, " regs=%d\n", p.NRegs)
	for i, u := range p.Upvals {
		from := "upval"
		if u.Local {
			from = "r"
		}
		fmt.Fprintf(w, "  capture u%d %s <- %s%d\n", i, u.Name, from, u.Index)
	}
	for pc, ins := range p.Code {
		pos := p.PosAt(pc)
		fmt.Fprintf(w, "  %4d  %-7s %s\n", pc, fmt.Sprintf("%d:%d", pos.Line, pos.Col), describe(p, pc, ins))
	}
	for _, child := range p.Protos {
		DisasmProto(w, child)
	}
}

// describe renders one instruction with its operands resolved: registers
// as rN, constants with their values, globals by name, jumps by target.
func describe(p *vm.Proto, pc int, ins vm.Instr) string {
	op := ins.Op()
	a, b, c := ins.A(), ins.B(), ins.C()
	r := func(n int) string { return "r" + strconv.Itoa(n) }
	k := func(n int) string {
		if n < len(p.Consts) {
			return "k" + strconv.Itoa(n) + "(" + vm.Repr(p.Consts[n]) + ")"
		}
		return "k" + strconv.Itoa(n) + "(?)"
	}
	g := func(n int) string {
		if n < len(p.Globals) {
			ref := p.Globals[n]
			if ref.Module != "" {
				return "g" + strconv.Itoa(n) + "(" + ref.Module + "." + ref.Name + ")"
			}
			return "g" + strconv.Itoa(n) + "(" + ref.Name + ")"
		}
		return "g" + strconv.Itoa(n) + "(?)"
	}
	to := func(off int) string { return "-> " + strconv.Itoa(pc+1+off) }
	pol := func() string {
		if ins.X() != 0 {
			return "true"
		}
		return "false"
	}
	name := fmt.Sprintf("%-10s", op.String())
	var args []string
	switch op {
	case vm.OpMove, vm.OpUnm, vm.OpNot, vm.OpBnot, vm.OpBox, vm.OpGetCell, vm.OpSetCell, vm.OpLen, vm.OpSend:
		args = []string{r(a), r(b)}
	case vm.OpLoadK:
		args = []string{r(a), k(ins.Bx())}
	case vm.OpLoadI:
		args = []string{r(a), strconv.Itoa(ins.SBx())}
	case vm.OpLoadNil:
		args = []string{r(a), strconv.Itoa(b)}
	case vm.OpLoadBool:
		args = []string{r(a), strconv.FormatBool(b != 0)}
	case vm.OpGetGlobal, vm.OpSetGlobal:
		args = []string{r(a), g(ins.Bx())}
	case vm.OpGetUpval, vm.OpSetUpval:
		args = []string{r(a), "u" + strconv.Itoa(b)}
	case vm.OpClosure:
		args = []string{r(a), "proto" + strconv.Itoa(ins.Bx())}
		if bx := ins.Bx(); bx < len(p.Protos) {
			args[1] += "(" + p.Protos[bx].Name + ")"
		}
	case vm.OpAddI:
		args = []string{r(a), r(b), strconv.Itoa(ins.SC())}
	case vm.OpAddK, vm.OpSubK, vm.OpMulK, vm.OpDivK, vm.OpModK, vm.OpGetIndexK, vm.OpGetField, vm.OpSelf:
		args = []string{r(a), r(b), k(c)}
	case vm.OpArithK:
		args = []string{r(a), r(b), k(c), "op" + strconv.Itoa(ins.X())}
	case vm.OpSetIndexK:
		args = []string{r(a), k(b), r(c)}
	case vm.OpJmp:
		args = []string{to(ins.SBx())}
	case vm.OpJmpIf, vm.OpJmpIfNot, vm.OpRangeNext:
		args = []string{r(a), to(ins.SBx())}
	case vm.OpJLt, vm.OpJLe, vm.OpJEq:
		args = []string{r(a), r(b), "==" + pol(), to(ins.SC())}
	case vm.OpJLtK, vm.OpJLeK, vm.OpJGtK, vm.OpJGeK, vm.OpJEqK:
		args = []string{r(a), k(b), "==" + pol(), to(ins.SC())}
	case vm.OpExtraArg:
		args = []string{k(ins.Bx())}
	case vm.OpImport:
		args = []string{"module" + strconv.Itoa(ins.Bx())}
	default:
		return strings.TrimSpace(ins.String())
	}
	s := name + " " + strings.Join(args, " ")
	if x := ins.X(); x != 0 && op != vm.OpArithK && op != vm.OpJLt && op != vm.OpJLe && op != vm.OpJEq &&
		op != vm.OpJLtK && op != vm.OpJLeK && op != vm.OpJGtK && op != vm.OpJGeK && op != vm.OpJEqK {
		s += fmt.Sprintf(" x%d", x)
	}
	return s
}
