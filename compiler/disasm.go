package compiler

import (
	"fmt"
	"io"

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
		if u.Copy {
			from = "copy r"
		} else if u.Local {
			from = "r"
		}
		fmt.Fprintf(w, "  capture u%d %s <- %s%d\n", i, u.Name, from, u.Index)
	}
	for pc := range p.Code {
		pos := p.PosAt(pc)
		fmt.Fprintf(w, "  %4d  %-7s %s\n", pc, fmt.Sprintf("%d:%d", pos.Line, pos.Col), p.Describe(pc))
	}
	for _, child := range p.Protos {
		DisasmProto(w, child)
	}
}
