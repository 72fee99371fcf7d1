package vm

import (
	"fmt"
	"strings"
)

// Instr is one instruction: a fixed 64-bit word.
//
//	bits  0..7   op
//	bits  8..23  A   (register, 16 bits)
//	bits 24..39  B   (register, constant or immediate, 16 bits)
//	bits 40..55  C   (register, constant or immediate, 16 bits)
//	bits 56..63  X   (8 bits of flags or a sub-operation)
//	bits 24..55  Bx  (32 bits; sBx signed) where an op takes a wide operand
//
// Operands are wide enough that the compiler never runs out of registers,
// constants or jump range in real programs; the verifier (verify.go) checks
// every operand against the Proto before a Proto may run.
type Instr uint64

// Op is an opcode.
type Op uint8

func (i Instr) Op() Op   { return Op(i) }
func (i Instr) A() int   { return int(i>>8) & 0xffff }
func (i Instr) B() int   { return int(i>>24) & 0xffff }
func (i Instr) C() int   { return int(i>>40) & 0xffff }
func (i Instr) X() int   { return int(i >> 56) }
func (i Instr) Bx() int  { return int(uint32(i >> 24)) }
func (i Instr) SBx() int { return int(int32(uint32(i >> 24))) }
func (i Instr) SB() int  { return int(int16(uint16(i >> 24))) }
func (i Instr) SC() int  { return int(int16(uint16(i >> 40))) }
func (i Instr) SetX(x int) Instr {
	return i&^(0xff<<56) | Instr(uint8(x))<<56
}

// MakeABC encodes an A/B/C instruction. B and C may be negative for ops
// whose operand is a signed 16-bit immediate.
func MakeABC(op Op, a, b, c int) Instr {
	return Instr(op) | Instr(uint16(a))<<8 | Instr(uint16(b))<<24 | Instr(uint16(c))<<40
}

// MakeABCX encodes an A/B/C instruction with flags X.
func MakeABCX(op Op, a, b, c, x int) Instr { return MakeABC(op, a, b, c).SetX(x) }

// MakeABx encodes an A/Bx instruction (Bx may be negative for sBx ops).
func MakeABx(op Op, a, bx int) Instr {
	return Instr(op) | Instr(uint16(a))<<8 | Instr(uint32(int32(bx)))<<24
}

// Operand kinds, for the disassembler and the verifier.
type operand uint8

const (
	oNone   operand = iota
	oReg            // a register of the frame
	oRegN           // first register of a run whose length another operand gives
	oConst          // index into Consts
	oInt            // a small immediate (unsigned)
	oSInt           // a signed immediate
	oJump           // signed pc offset from the next instruction
	oGlobal         // index into Globals
	oUpval          // index into the closure's cells
	oProto          // index into Protos
	oModule         // index into Program.Modules
)

// opInfo declares an opcode: its name, its operands and what it does.
type opInfo struct {
	name    string
	a, b, c operand
	wide    operand // kind of Bx when the op uses Bx (then b, c are oNone)
	doc     string
}

// The opcodes. Each is declared exactly once, in opTable below; R[x] is
// register x of the current frame, K[x] a constant, G[x] the cell of global
// x, U[x] the closure's captured cell x.
const (
	OpNop Op = iota
	OpMove
	OpLoadK
	OpLoadI
	OpLoadNil
	OpLoadBool
	OpGetGlobal
	OpSetGlobal
	OpGetUpval
	OpSetUpval
	OpBox
	OpGetCell
	OpSetCell
	OpClosure

	OpAdd
	OpSub
	OpMul
	OpDiv
	OpMod
	OpBand
	OpBor
	OpBxor
	OpBandNot
	OpShl
	OpShr
	OpAddI
	OpAddK
	OpSubK
	OpMulK
	OpDivK
	OpModK
	OpArithK
	OpUnm
	OpNot
	OpBnot
	OpEq
	OpNe
	OpLt
	OpLe

	OpJmp
	OpJmpIf
	OpJmpIfNot
	OpJLt
	OpJLe
	OpJEq
	OpJLtK
	OpJLeK
	OpJGtK
	OpJGeK
	OpJEqK
	OpBool

	OpRangeInit
	OpRangeNext

	OpCall
	OpReturn
	OpGo
	OpDefer
	OpSelf
	OpSpread

	OpNewList
	OpListAppend
	OpNewMap
	OpGetIndex
	OpGetIndexK
	OpGetIndex2
	OpSetIndex
	OpSetIndexK
	OpSlice
	OpGetField
	OpLen
	OpAppend
	OpNewStruct

	OpSend
	OpRecv
	OpSelect
	OpExtraArg

	OpImport
	OpCallNative // internal: the body of the trampoline that runs a deferred or go'd native

	// The step-and-test of a counting loop (`for ...; i < n; i++`), fused
	// from an ADDI or ADD at pc and the compare-and-branch at pc+1 that it
	// stays in front of. fast does both at once; run does only the step and
	// goes on to pc+1, so errors and preemption behave as in the unfused
	// code. X is the step: see StepReg.
	OpIncJLt
	OpIncJLtK
	OpIncJLe
	OpIncJLeK

	numOps
)

// ArithK sub-operations (X of OpArithK): R[A] = R[B] op K[C].
const (
	akAdd = iota
	akSub
	akMul
	akDiv
	akMod
	akBand
	akBor
	akBxor
	akBandNot
	akShl
	akShr
	akEq
	akNe
	akLt
	akLe
	akGt
	akGe
)

// akRev is OR-ed into X of OpArithK when K is the LEFT operand (K op R[B]).
const akRev = 0x80

// akNames are the operators of ArithK sub-operations (for disassembly).
var akNames = [...]string{"+", "-", "*", "/", "%", "&", "|", "^", "&^", "<<", ">>", "==", "!=", "<", "<=", ">", ">="}

// XSwapped in X records that the compiler reordered an operation's operands
// (x > y compiled as LT y x, a constant moved to the right of + or *, a
// comparison with a constant on the left) or, on ADDI, that it was x - k.
// It never changes the result, only the wording of an error, which must
// show the operation as written. On compare-and-branch ops, bit 0 of X is
// the polarity.
const XSwapped = 2

// StepReg in X of the step-and-test ops (OpIncJLt...) says that the step
// is register X&^StepReg (`j += i`); without it, X is a signed 7-bit
// immediate (`i++`, `i += 2`).
const StepReg = 0x80

// StepOf decodes X of a step-and-test op: a register, or an immediate.
func StepOf(x int) (reg int, imm int64, isReg bool) {
	if x&StepReg != 0 {
		return x &^ StepReg, 0, true
	}
	return 0, int64(int8(uint8(x)<<1) >> 1), false
}

// CALL flags (X of OpCall / OpGo / OpDefer).
const (
	CallMethod = 1 << 0 // receiver in R[A+1] (after OpSelf); see OpSelf
	CallAssign = 1 << 1 // the results feed an assignment: mismatch messages say "assignment mismatch"
	CallSpread = 1 << 2 // the call spreads a list (f(xs...)); for disassembly only
)

var opTable = [numOps]opInfo{
	OpNop:       {"NOP", oNone, oNone, oNone, oNone, "do nothing"},
	OpMove:      {"MOVE", oReg, oReg, oNone, oNone, "R[A] = R[B]"},
	OpLoadK:     {"LOADK", oReg, oNone, oNone, oConst, "R[A] = K[Bx]"},
	OpLoadI:     {"LOADI", oReg, oNone, oNone, oSInt, "R[A] = int(sBx)"},
	OpLoadNil:   {"LOADNIL", oRegN, oInt, oNone, oNone, "R[A..A+B-1] = nil"},
	OpLoadBool:  {"LOADBOOL", oReg, oInt, oNone, oNone, "R[A] = bool(B)"},
	OpGetGlobal: {"GETGLOBAL", oReg, oNone, oNone, oGlobal, "R[A] = G[Bx]"},
	OpSetGlobal: {"SETGLOBAL", oReg, oNone, oNone, oGlobal, "G[Bx] = R[A]"},
	OpGetUpval:  {"GETUPVAL", oReg, oUpval, oNone, oNone, "R[A] = U[B]"},
	OpSetUpval:  {"SETUPVAL", oReg, oUpval, oNone, oNone, "U[B] = R[A]"},
	OpBox:       {"BOX", oReg, oReg, oNone, oNone, "R[A] = new cell holding R[B]"},
	OpGetCell:   {"GETCELL", oReg, oReg, oNone, oNone, "R[A] = cell R[B]"},
	OpSetCell:   {"SETCELL", oReg, oReg, oNone, oNone, "cell R[A] = R[B]"},
	OpClosure:   {"CLOSURE", oReg, oNone, oNone, oProto, "R[A] = closure of Protos[Bx] capturing its Upvals"},

	OpAdd:     {"ADD", oReg, oReg, oReg, oNone, "R[A] = R[B] + R[C]"},
	OpSub:     {"SUB", oReg, oReg, oReg, oNone, "R[A] = R[B] - R[C]"},
	OpMul:     {"MUL", oReg, oReg, oReg, oNone, "R[A] = R[B] * R[C]"},
	OpDiv:     {"DIV", oReg, oReg, oReg, oNone, "R[A] = R[B] / R[C]"},
	OpMod:     {"MOD", oReg, oReg, oReg, oNone, "R[A] = R[B] % R[C]"},
	OpBand:    {"BAND", oReg, oReg, oReg, oNone, "R[A] = R[B] & R[C]"},
	OpBor:     {"BOR", oReg, oReg, oReg, oNone, "R[A] = R[B] | R[C]"},
	OpBxor:    {"BXOR", oReg, oReg, oReg, oNone, "R[A] = R[B] ^ R[C]"},
	OpBandNot: {"BANDNOT", oReg, oReg, oReg, oNone, "R[A] = R[B] &^ R[C]"},
	OpShl:     {"SHL", oReg, oReg, oReg, oNone, "R[A] = R[B] << R[C]"},
	OpShr:     {"SHR", oReg, oReg, oReg, oNone, "R[A] = R[B] >> R[C]"},
	OpAddI:    {"ADDI", oReg, oReg, oSInt, oNone, "R[A] = R[B] + sC"},
	OpAddK:    {"ADDK", oReg, oReg, oConst, oNone, "R[A] = R[B] + K[C]"},
	OpSubK:    {"SUBK", oReg, oReg, oConst, oNone, "R[A] = R[B] - K[C]"},
	OpMulK:    {"MULK", oReg, oReg, oConst, oNone, "R[A] = R[B] * K[C]"},
	OpDivK:    {"DIVK", oReg, oReg, oConst, oNone, "R[A] = R[B] / K[C]"},
	OpModK:    {"MODK", oReg, oReg, oConst, oNone, "R[A] = R[B] % K[C]"},
	OpArithK:  {"ARITHK", oReg, oReg, oConst, oNone, "R[A] = R[B] op(X) K[C] (K op R[B] when X has akRev)"},
	OpUnm:     {"UNM", oReg, oReg, oNone, oNone, "R[A] = -R[B]"},
	OpNot:     {"NOT", oReg, oReg, oNone, oNone, "R[A] = !R[B]"},
	OpBnot:    {"BNOT", oReg, oReg, oNone, oNone, "R[A] = ^R[B]"},
	OpEq:      {"EQ", oReg, oReg, oReg, oNone, "R[A] = R[B] == R[C]"},
	OpNe:      {"NE", oReg, oReg, oReg, oNone, "R[A] = R[B] != R[C]"},
	OpLt:      {"LT", oReg, oReg, oReg, oNone, "R[A] = R[B] < R[C]"},
	OpLe:      {"LE", oReg, oReg, oReg, oNone, "R[A] = R[B] <= R[C]"},

	OpJmp:      {"JMP", oNone, oNone, oNone, oJump, "pc += sBx"},
	OpJmpIf:    {"JMPIF", oReg, oNone, oNone, oJump, "if R[A] { pc += sBx } (R[A] must be a bool)"},
	OpJmpIfNot: {"JMPIFNOT", oReg, oNone, oNone, oJump, "if !R[A] { pc += sBx } (R[A] must be a bool)"},
	OpJLt:      {"JLT", oReg, oReg, oJump, oNone, "if (R[A] < R[B]) == X { pc += sC }"},
	OpJLe:      {"JLE", oReg, oReg, oJump, oNone, "if (R[A] <= R[B]) == X { pc += sC }"},
	OpJEq:      {"JEQ", oReg, oReg, oJump, oNone, "if (R[A] == R[B]) == X { pc += sC }"},
	OpJLtK:     {"JLTK", oReg, oConst, oJump, oNone, "if (R[A] < K[B]) == X { pc += sC }"},
	OpJLeK:     {"JLEK", oReg, oConst, oJump, oNone, "if (R[A] <= K[B]) == X { pc += sC }"},
	OpJGtK:     {"JGTK", oReg, oConst, oJump, oNone, "if (R[A] > K[B]) == X { pc += sC }"},
	OpJGeK:     {"JGEK", oReg, oConst, oJump, oNone, "if (R[A] >= K[B]) == X { pc += sC }"},
	OpJEqK:     {"JEQK", oReg, oConst, oJump, oNone, "if (R[A] == K[B]) == X { pc += sC }"},
	OpBool:     {"BOOL", oReg, oNone, oNone, oNone, "check that R[A] is a bool (for && and || results)"},

	OpRangeInit: {"RANGEINIT", oRegN, oReg, oNone, oNone, "start iterating R[B]: state in R[A..A+2]"},
	OpRangeNext: {"RANGENEXT", oRegN, oNone, oNone, oJump, "next key/value into R[A+3], R[A+4] (X: how many wanted) and pc += sBx, or fall through at the end"},

	OpCall:   {"CALL", oRegN, oInt, oInt, oNone, "R[A..A+C-2] = R[A](R[A+1..A+B-1]) (B=0: args to top; C=0: all results, sets top)"},
	OpReturn: {"RETURN", oRegN, oInt, oNone, oNone, "return R[A..A+B-2] (B=0: to top)"},
	OpGo:     {"GO", oRegN, oInt, oNone, oNone, "start R[A](R[A+1..A+B-1]) in a new goroutine (B=0: args to top)"},
	OpDefer:  {"DEFER", oRegN, oInt, oNone, oNone, "defer R[A](R[A+1..A+B-1]) (B=0: args to top)"},
	OpSelf:   {"SELF", oRegN, oReg, oConst, oNone, "R[A+1] = R[B]; R[A] = method K[C] of R[B]"},
	OpSpread: {"SPREAD", oRegN, oReg, oNone, oNone, "R[A..] = elements of list R[B]; top = A+len"},

	OpNewList:    {"NEWLIST", oReg, oRegN, oInt, oNone, "R[A] = [R[B..B+C-1]]"},
	OpNewStruct:  {"NEWSTRUCT", oReg, oRegN, oInt, oNone, "R[A] = struct of type R[B] with fields R[B+1..B+C] (C=0: zero fields); X=1: a pointer to it"},
	OpListAppend: {"LISTAPPEND", oReg, oRegN, oInt, oNone, "append R[B..B+C-1] to list R[A] (B=C=0: from A+1 to top)"},
	OpNewMap:     {"NEWMAP", oReg, oRegN, oInt, oNone, "R[A] = {R[B]: R[B+1], ...} (C pairs)"},
	OpGetIndex:   {"GETINDEX", oReg, oReg, oReg, oNone, "R[A] = R[B][R[C]] (X=1: a nil result becomes the zero of R[A+1]'s kind)"},
	OpGetIndexK:  {"GETINDEXK", oReg, oReg, oConst, oNone, "R[A] = R[B][K[C]]"},
	OpGetIndex2:  {"GETINDEX2", oRegN, oReg, oReg, oNone, "R[A], R[A+1] = R[B][R[C]], present"},
	OpSetIndex:   {"SETINDEX", oReg, oReg, oReg, oNone, "R[A][R[B]] = R[C]"},
	OpSetIndexK:  {"SETINDEXK", oReg, oConst, oReg, oNone, "R[A][K[B]] = R[C]"},
	OpSlice:      {"SLICE", oReg, oReg, oRegN, oNone, "R[A] = R[B][R[C]:R[C+1]] (X&1: lo given, X&2: hi given)"},
	OpGetField:   {"GETFIELD", oReg, oReg, oConst, oNone, "R[A] = R[B].K[C]"},
	OpLen:        {"LEN", oReg, oReg, oNone, oNone, "R[A] = len(R[B])"},
	OpAppend:     {"APPEND", oReg, oRegN, oInt, oNone, "R[A] = append(R[B], R[B+1..B+C])"},

	OpSend:     {"SEND", oReg, oReg, oNone, oNone, "R[A] <- R[B]"},
	OpRecv:     {"RECV", oRegN, oReg, oNone, oNone, "R[A] = <-R[B] (X=1: R[A+1] = ok)"},
	OpSelect:   {"SELECT", oRegN, oRegN, oInt, oNone, "select over C cases in R[B..] (kinds in the next EXTRAARG's K); R[A] = case, R[A+1] = value, R[A+2] = ok (X=1: has default)"},
	OpExtraArg: {"EXTRAARG", oNone, oNone, oNone, oConst, "operand of the previous instruction"},

	OpImport:     {"IMPORT", oNone, oNone, oNone, oModule, "run module Bx's top-level code if it has not run"},
	OpCallNative: {"CALLNATIVE", oRegN, oNone, oNone, oNone, "call R[0](R[1..top]) discarding results (trampoline)"},

	OpIncJLt:  {"INCJLT", oReg, oReg, oJump, oNone, "R[A] += step X; if R[A] < R[B] { pc += sC } else { pc++ } (run: only the add)"},
	OpIncJLtK: {"INCJLTK", oReg, oConst, oJump, oNone, "R[A] += step X; if R[A] < K[B] { pc += sC } else { pc++ } (run: only the add)"},
	OpIncJLe:  {"INCJLE", oReg, oReg, oJump, oNone, "R[A] += step X; if R[A] <= R[B] { pc += sC } else { pc++ } (run: only the add)"},
	OpIncJLeK: {"INCJLEK", oReg, oConst, oJump, oNone, "R[A] += step X; if R[A] <= K[B] { pc += sC } else { pc++ } (run: only the add)"},
}

func (op Op) String() string {
	if op < numOps && opTable[op].name != "" {
		return opTable[op].name
	}
	return fmt.Sprintf("OP%d", uint8(op))
}

// String disassembles one instruction without context.
func (i Instr) String() string {
	op := i.Op()
	if op >= numOps {
		return fmt.Sprintf("OP%d ?", uint8(op))
	}
	info := &opTable[op]
	var parts []string
	add := func(k operand, v int) {
		if k != oNone {
			parts = append(parts, fmt.Sprint(v))
		}
	}
	add(info.a, i.A())
	if info.wide != oNone {
		if info.wide == oJump || info.wide == oSInt {
			add(info.wide, i.SBx())
		} else {
			add(info.wide, i.Bx())
		}
	} else {
		if info.b == oSInt {
			add(info.b, i.SB())
		} else {
			add(info.b, i.B())
		}
		if info.c == oSInt || info.c == oJump {
			add(info.c, i.SC())
		} else {
			add(info.c, i.C())
		}
	}
	s := info.name
	if len(parts) > 0 {
		s += " " + strings.Join(parts, " ")
	}
	if x := i.X(); x != 0 {
		s += fmt.Sprintf(" x%d", x)
	}
	return s
}
