package vm

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOpcodeTable: every opcode is declared once, with a unique name and a
// description (STYLE: each opcode declared in one place).
func TestOpcodeTable(t *testing.T) {
	seen := map[string]Op{}
	for op := Op(0); op < numOps; op++ {
		info := opTable[op]
		require.NotEmpty(t, info.name, "opcode %d has no name", op)
		assert.Equal(t, strings.ToUpper(info.name), info.name)
		assert.NotEmpty(t, info.doc, "%s has no description", info.name)
		if prev, dup := seen[info.name]; dup {
			t.Errorf("opcodes %d and %d are both %s", prev, op, info.name)
		}
		seen[info.name] = op
		assert.Equal(t, info.name, op.String())
		if info.wide != oNone {
			assert.Equal(t, oNone, info.b, "%s: a wide op has no B", info.name)
			assert.Equal(t, oNone, info.c, "%s: a wide op has no C", info.name)
		}
		// Every instruction disassembles without context.
		assert.True(t, strings.HasPrefix(MakeABC(op, 1, 2, 3).String(), info.name))
	}
	assert.Equal(t, "OP250", Op(250).String())
	assert.Equal(t, "OP250 ?", Instr(250).String())
}

func TestInstrEncoding(t *testing.T) {
	i := MakeABCX(OpAdd, 65535, 1234, 40000, 0x85)
	assert.Equal(t, OpAdd, i.Op())
	assert.Equal(t, 65535, i.A())
	assert.Equal(t, 1234, i.B())
	assert.Equal(t, 40000, i.C())
	assert.Equal(t, 0x85, i.X())
	assert.Equal(t, 0x12, i.SetX(0x12).X())
	assert.Equal(t, 40000, i.SetX(0x12).C(), "SetX leaves the operands")

	// Signed immediates in B and C.
	j := MakeABC(OpAddI, 3, -1, -32768)
	assert.Equal(t, -1, j.SB())
	assert.Equal(t, -32768, j.SC())
	assert.Equal(t, 3, j.A())
	k := MakeABC(OpAddI, 0, 0, 32767)
	assert.Equal(t, 32767, k.SC())

	// Wide operands, signed and unsigned.
	for _, bx := range []int{0, 1, -1, 1 << 20, -(1 << 31), 1<<31 - 1} {
		w := MakeABx(OpJmp, 7, bx)
		assert.Equal(t, bx, w.SBx(), "sBx %d", bx)
		assert.Equal(t, 7, w.A())
		assert.Zero(t, w.X())
	}
	assert.Equal(t, 1<<32-1, MakeABx(OpLoadK, 0, -1).Bx(), "Bx is unsigned")

	assert.Equal(t, "ADD 1 2 3", MakeABC(OpAdd, 1, 2, 3).String())
	assert.Equal(t, "ADDI 0 1 -5", MakeABC(OpAddI, 0, 1, -5).String())
	assert.Equal(t, "JMP -3", MakeABx(OpJmp, 0, -3).String())
	assert.Equal(t, "LOADK 2 9", MakeABx(OpLoadK, 2, 9).String())
	assert.Equal(t, "CALL 0 2 1 x1", MakeABCX(OpCall, 0, 2, 1, CallMethod).String())
	assert.Equal(t, "JLT 1 2 -4 x1", MakeABCX(OpJLt, 1, 2, -4, 1).String())
	assert.Equal(t, "RETURN 0 1", MakeABC(OpReturn, 0, 1, 0).String())
}
