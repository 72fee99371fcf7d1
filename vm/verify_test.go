package vm_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/compiler"
	"github.com/goro-lang/goro/stdlib"
	"github.com/goro-lang/goro/vm"
)

// proto builds a Proto around code with a line table of the right length.
func proto(nregs int, code ...vm.Instr) *vm.Proto {
	return &vm.Proto{Name: "f", Module: "main", NRegs: nregs, Code: code, Lines: make([]vm.Pos, len(code))}
}

var ret = vm.MakeABC(vm.OpReturn, 0, 1, 0)

func TestVerifyAcceptsValidProto(t *testing.T) {
	p := proto(3,
		vm.MakeABx(vm.OpLoadK, 0, 0),
		vm.MakeABx(vm.OpLoadI, 1, -5),
		vm.MakeABC(vm.OpAdd, 2, 0, 1),
		vm.MakeABCX(vm.OpArithK, 2, 2, 0, 16|0x80), // >= with K on the left
		vm.MakeABx(vm.OpGetGlobal, 0, 0),
		vm.MakeABx(vm.OpClosure, 1, 0),
		vm.MakeABx(vm.OpJmp, 0, 0),
		vm.MakeABC(vm.OpSelect, 0, 0, 1),
		vm.MakeABx(vm.OpExtraArg, 0, 1),
		vm.MakeABC(vm.OpReturn, 0, 2, 0),
	)
	p.Consts = []vm.Value{vm.Int(1), vm.String("r")}
	p.Globals = []vm.GlobalRef{{Name: "x"}}
	p.Protos = []*vm.Proto{proto(1, ret)}
	require.NoError(t, vm.Verify(p))
}

func TestVerifyRejects(t *testing.T) {
	cases := []struct {
		name string
		p    func() *vm.Proto
		msg  string
	}{
		{"register out of range", func() *vm.Proto {
			return proto(2, vm.MakeABC(vm.OpMove, 0, 2, 0), ret)
		}, "register 2 out of range (frame has 2)"},
		{"destination register out of range", func() *vm.Proto {
			return proto(2, vm.MakeABC(vm.OpAdd, 5, 0, 1), ret)
		}, "register 5 out of range"},
		{"register run out of range", func() *vm.Proto {
			return proto(2, vm.MakeABC(vm.OpLoadNil, 1, 2, 0), ret)
		}, "registers 1..2 out of range (frame has 2)"},
		{"call results out of range", func() *vm.Proto {
			return proto(2, vm.MakeABC(vm.OpCall, 0, 1, 4), ret)
		}, "out of range"},
		{"constant out of range", func() *vm.Proto {
			p := proto(1, vm.MakeABx(vm.OpLoadK, 0, 1), ret)
			p.Consts = []vm.Value{vm.Int(1)}
			return p
		}, "constant 1 out of range"},
		{"constant operand of ADDK out of range", func() *vm.Proto {
			return proto(1, vm.MakeABC(vm.OpAddK, 0, 0, 0), ret)
		}, "constant 0 out of range"},
		{"field name not a string", func() *vm.Proto {
			p := proto(2, vm.MakeABC(vm.OpGetField, 0, 1, 0), ret)
			p.Consts = []vm.Value{vm.Int(1)}
			return p
		}, "constant 0 is not a string"},
		{"global out of range", func() *vm.Proto {
			p := proto(1, vm.MakeABx(vm.OpGetGlobal, 0, 1), ret)
			p.Globals = []vm.GlobalRef{{Name: "x"}}
			return p
		}, "global 1 out of range"},
		{"captured cell out of range", func() *vm.Proto {
			return proto(1, vm.MakeABC(vm.OpGetUpval, 0, 0, 0), ret)
		}, "captured cell 0 out of range"},
		{"proto out of range", func() *vm.Proto {
			return proto(1, vm.MakeABx(vm.OpClosure, 0, 0), ret)
		}, "proto 0 out of range"},
		{"closure captures a register out of range", func() *vm.Proto {
			p := proto(1, vm.MakeABx(vm.OpClosure, 0, 0), ret)
			child := proto(1, ret)
			child.Upvals = []vm.Upval{{Local: true, Index: 3, Name: "x"}}
			p.Protos = []*vm.Proto{child}
			return p
		}, "closure captures a cell out of range"},
		{"jump past the end", func() *vm.Proto {
			return proto(1, vm.MakeABx(vm.OpJmp, 0, 1), ret)
		}, "jump to 2 out of range"},
		{"jump before the start", func() *vm.Proto {
			return proto(1, vm.MakeABx(vm.OpJmp, 0, -2), ret)
		}, "jump to -1 out of range"},
		{"compare-and-branch target out of range", func() *vm.Proto {
			return proto(2, vm.MakeABCX(vm.OpJLt, 0, 1, 5, 1), ret)
		}, "jump to 6 out of range"},
		{"SELECT without EXTRAARG", func() *vm.Proto {
			p := proto(4, vm.MakeABC(vm.OpSelect, 0, 0, 1), ret)
			p.Consts = []vm.Value{vm.String("r")}
			return p
		}, "SELECT without EXTRAARG"},
		{"SELECT case kinds do not match", func() *vm.Proto {
			p := proto(4, vm.MakeABC(vm.OpSelect, 0, 0, 1), vm.MakeABx(vm.OpExtraArg, 0, 0), ret)
			p.Consts = []vm.Value{vm.String("rs")}
			return p
		}, "SELECT case kinds do not match the case count"},
		{"missing final RETURN", func() *vm.Proto {
			return proto(2, vm.MakeABC(vm.OpMove, 0, 1, 0))
		}, "code does not end in RETURN or JMP"},
		{"empty code", func() *vm.Proto {
			return proto(1)
		}, "empty code"},
		{"line table mismatch", func() *vm.Proto {
			p := proto(1, ret)
			p.Lines = nil
			return p
		}, "line table has 0 entries for 1 instructions"},
		{"bad ARITHK operator", func() *vm.Proto {
			p := proto(1, vm.MakeABCX(vm.OpArithK, 0, 0, 0, 17), ret)
			p.Consts = []vm.Value{vm.Int(1)}
			return p
		}, "bad ARITHK operator 17"},
		{"bad ARITHK operator (reversed)", func() *vm.Proto {
			p := proto(1, vm.MakeABCX(vm.OpArithK, 0, 0, 0, 0x80|0x7f), ret)
			p.Consts = []vm.Value{vm.Int(1)}
			return p
		}, "bad ARITHK operator 127"},
		{"bad opcode", func() *vm.Proto {
			return proto(1, vm.Instr(0xfe), ret)
		}, "bad opcode"},
		{"more params than registers", func() *vm.Proto {
			p := proto(1, ret)
			p.NParams = 2
			return p
		}, "bad frame: 2 params, 1 registers"},
		{"CALLNATIVE outside the trampoline", func() *vm.Proto {
			return proto(2, vm.MakeABC(vm.OpCallNative, 0, 0, 0), ret)
		}, "CALLNATIVE outside the trampoline"},
		{"RETURN values out of range", func() *vm.Proto {
			return proto(1, vm.MakeABC(vm.OpReturn, 0, 3, 0))
		}, "out of range"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := vm.Verify(c.p())
			require.Error(t, err)
			assert.Contains(t, err.Error(), "bytecode verification failed: f")
			assert.Contains(t, err.Error(), c.msg)
		})
	}
}

// TestVerifyRejectsBeforeRunning checks that a runtime refuses to run a
// program whose code fails verification.
func TestVerifyRejectsBeforeRunning(t *testing.T) {
	bad := proto(1, vm.MakeABC(vm.OpMove, 0, 7, 0), ret)
	bad.Name = "init"
	prog := &vm.Program{Modules: []*vm.ModuleProto{{Name: "main", Key: "main.goro", File: "main.goro", Init: bad}}}
	err := vm.NewRuntime(prog, vm.Options{}).Run()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "register 7 out of range")
}

// TestVerifyAcceptsCompiledPrograms compiles every conformance test and
// example and verifies every function of every module.
func TestVerifyAcceptsCompiledPrograms(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../testdata/conformance/*.goro", "../testdata/*/*.goro", "../examples/*.goro"} {
		m, err := filepath.Glob(pattern)
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.NotEmpty(t, files)
	compiled := 0
	for _, file := range files {
		src, err := os.ReadFile(file)
		require.NoError(t, err)
		prog, err := compiler.Compile(file, src, compiler.Options{Modules: stdlib.Lookup})
		if err != nil {
			continue // a compile-error test
		}
		compiled++
		n := 0
		for _, m := range prog.Modules {
			walkProtos(m.Init, func(p *vm.Proto) {
				n++
				assert.NoError(t, vm.Verify(p), "%s: %s", file, p.QualifiedName())
			})
		}
		assert.Positive(t, n)
	}
	assert.Greater(t, compiled, 40, "most conformance files compile")
}

func walkProtos(p *vm.Proto, f func(*vm.Proto)) {
	f(p)
	for _, c := range p.Protos {
		walkProtos(c, f)
	}
}
