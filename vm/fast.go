package vm

import (
	"math"
	"unsafe"
)

// fast runs the hot instructions (int and float arithmetic, loads, jumps,
// calls and returns of script functions) until it meets one it does not
// handle, or a preemption request, and returns the state for run to take
// over at that instruction.
//
// Why a second loop: Go's calling convention has no callee-saved
// registers, so in a function where any path makes a call, the register
// allocator spills the loop's state at every dispatch. fast makes no calls
// at all (write barriers use a register-preserving ABI), so its state stays
// in machine registers; run handles everything else and calls fast again.
// The two must agree exactly on the semantics of the ops fast handles:
// fast only ever does the common case and leaves every other case to run.
func (t *Thread) fast(fn *funcInst, regs unsafe.Pointer, pc int) (*funcInst, unsafe.Pointer, int) {
	code := fn.code
	for {
		ins := *(*Instr)(unsafe.Add(code, uintptr(pc)*8))
		switch Op(ins) {
		case OpMove:
			*ra(regs, ins) = *rb(regs, ins)

		case OpLoadK:
			*ra(regs, ins) = *(*Value)(unsafe.Add(fn.consts, uintptr(uint32(ins>>24))*16))

		case OpLoadI:
			*ra(regs, ins) = Value{unsafe.Pointer(&intHdr), uint64(int64(ins.SBx()))}

		case OpLoadBool:
			*ra(regs, ins) = Value{unsafe.Pointer(&boolHdr), uint64(ins.B())}

		case OpGetGlobal:
			*ra(regs, ins) = (*(**Cell)(unsafe.Add(fn.gcells, uintptr(uint32(ins>>24))*8))).V

		case OpSetGlobal:
			(*(**Cell)(unsafe.Add(fn.gcells, uintptr(uint32(ins>>24))*8))).V = *ra(regs, ins)

		case OpGetCell:
			c := rb(regs, ins).p
			if c == nil || (*hdr)(c).kind != kindCell {
				return fn, regs, pc
			}
			*ra(regs, ins) = (*Cell)(c).V

		case OpSetCell:
			c := ra(regs, ins).p
			if c == nil || (*hdr)(c).kind != kindCell {
				return fn, regs, pc
			}
			(*Cell)(c).V = *rb(regs, ins)

		case OpAdd:
			b, c := rb(regs, ins), rc(regs, ins)
			if isInt(b) && isInt(c) {
				*ra(regs, ins) = Value{unsafe.Pointer(&intHdr), b.n + c.n}
			} else if isFloat(b) && isFloat(c) {
				*ra(regs, ins) = Value{unsafe.Pointer(&floatHdr), math.Float64bits(math.Float64frombits(b.n) + math.Float64frombits(c.n))}
			} else {
				return fn, regs, pc
			}

		case OpSub:
			b, c := rb(regs, ins), rc(regs, ins)
			if isInt(b) && isInt(c) {
				*ra(regs, ins) = Value{unsafe.Pointer(&intHdr), b.n - c.n}
			} else if isFloat(b) && isFloat(c) {
				*ra(regs, ins) = Value{unsafe.Pointer(&floatHdr), math.Float64bits(math.Float64frombits(b.n) - math.Float64frombits(c.n))}
			} else {
				return fn, regs, pc
			}

		case OpMul:
			b, c := rb(regs, ins), rc(regs, ins)
			if isInt(b) && isInt(c) {
				*ra(regs, ins) = Value{unsafe.Pointer(&intHdr), uint64(int64(b.n) * int64(c.n))}
			} else if isFloat(b) && isFloat(c) {
				*ra(regs, ins) = Value{unsafe.Pointer(&floatHdr), math.Float64bits(math.Float64frombits(b.n) * math.Float64frombits(c.n))}
			} else {
				return fn, regs, pc
			}

		case OpAddK:
			b, c := rb(regs, ins), rc(fn.consts, ins)
			if !isInt(b) || !isInt(c) {
				return fn, regs, pc
			}
			*ra(regs, ins) = Value{unsafe.Pointer(&intHdr), b.n + c.n}

		case OpSubK:
			b, c := rb(regs, ins), rc(fn.consts, ins)
			if !isInt(b) || !isInt(c) {
				return fn, regs, pc
			}
			*ra(regs, ins) = Value{unsafe.Pointer(&intHdr), b.n - c.n}

		case OpMulK:
			b, c := rb(regs, ins), rc(fn.consts, ins)
			if !isInt(b) || !isInt(c) {
				return fn, regs, pc
			}
			*ra(regs, ins) = Value{unsafe.Pointer(&intHdr), uint64(int64(b.n) * int64(c.n))}

		case OpGetIndex, OpGetIndexK:
			x := rb(regs, ins)
			k := rc(regs, ins)
			if Op(ins) == OpGetIndexK {
				k = rc(fn.consts, ins)
			}
			if x.p == nil || (*hdr)(x.p).kind != KindList || !isInt(k) {
				return fn, regs, pc
			}
			l := (*List)(x.p)
			if !l.mu.tryLock() {
				return fn, regs, pc
			}
			if k.n >= uint64(l.n) {
				l.mu.unlock()
				return fn, regs, pc
			}
			if l.mode == modeAny {
				*ra(regs, ins) = *(*Value)(unsafe.Add(l.data, uintptr(k.n)*16))
			} else {
				*ra(regs, ins) = Value{modeTags[l.mode], l.rawGet(int(k.n))}
			}
			l.mu.unlock()

		case OpSetIndex:
			x, k, v := ra(regs, ins), rb(regs, ins), rc(regs, ins)
			if x.p == nil || (*hdr)(x.p).kind != KindList || !isInt(k) {
				return fn, regs, pc
			}
			l := (*List)(x.p)
			if !l.mu.tryLock() {
				return fn, regs, pc
			}
			switch {
			case k.n >= uint64(l.n):
				l.mu.unlock()
				return fn, regs, pc
			case l.mode == modeAny:
				*(*Value)(unsafe.Add(l.data, uintptr(k.n)*16)) = *v
			case v.p == modeTags[l.mode]:
				l.rawSet(int(k.n), v.n)
			default: // the list changes mode: run's general path
				l.mu.unlock()
				return fn, regs, pc
			}
			l.mu.unlock()

		case OpAppend:
			// One value into spare capacity of a fitting list; growth and
			// mode changes go to run.
			if ins.C() != 1 {
				return fn, regs, pc
			}
			x := rb(regs, ins)
			v := (*Value)(unsafe.Add(unsafe.Pointer(x), 16))
			if x.p == nil || (*hdr)(x.p).kind != KindList {
				return fn, regs, pc
			}
			l := (*List)(x.p)
			if !l.mu.tryLock() {
				return fn, regs, pc
			}
			switch {
			case l.n >= l.c || l.n == 0 && l.mode != modeOf(*v):
				// growth, or an empty list adopting the first element's mode
				l.mu.unlock()
				return fn, regs, pc
			case l.mode == modeAny:
				*(*Value)(unsafe.Add(l.data, uintptr(l.n)*16)) = *v
			case v.p == modeTags[l.mode]:
				l.rawSet(l.n, v.n)
			default:
				l.mu.unlock()
				return fn, regs, pc
			}
			l.n++
			l.mu.unlock()
			*ra(regs, ins) = *x

		case OpIncJLt, OpIncJLtK, OpIncJLe, OpIncJLeK:
			// The step and the test of a counting loop; see opcode.go.
			a := ra(regs, ins)
			k := rb(regs, ins)
			if Op(ins) == OpIncJLtK || Op(ins) == OpIncJLeK {
				k = rb(fn.consts, ins)
			}
			r, imm, isReg := StepOf(ins.X())
			step := uint64(imm)
			if isReg {
				s := regAt(regs, r)
				if !isInt(s) {
					return fn, regs, pc
				}
				step = s.n
			}
			if !isInt(a) || !isInt(k) {
				return fn, regs, pc
			}
			n := int64(a.n + step)
			a.n = uint64(n) // the tag stays int: no write barrier
			if n < int64(k.n) || n == int64(k.n) && (Op(ins) == OpIncJLe || Op(ins) == OpIncJLeK) {
				off := ins.SC()
				if off < 0 && t.tick() {
					return fn, regs, pc + 1 // the step is done: run takes the branch
				}
				pc += off
			} else {
				pc++ // over the compare-and-branch
			}

		case OpAddI:
			b := rb(regs, ins)
			if !isInt(b) {
				return fn, regs, pc
			}
			*ra(regs, ins) = Value{unsafe.Pointer(&intHdr), b.n + uint64(int64(ins.SC()))}

		case OpJmp:
			off := ins.SBx()
			if off < 0 && t.tick() {
				return fn, regs, pc
			}
			pc += off

		case OpJmpIf, OpJmpIfNot:
			a := ra(regs, ins)
			if a.p != unsafe.Pointer(&boolHdr) {
				return fn, regs, pc
			}
			if (a.n != 0) == (Op(ins) == OpJmpIf) {
				off := ins.SBx()
				if off < 0 && t.tick() {
					return fn, regs, pc
				}
				pc += off
			}

		case OpJLt:
			a, b := ra(regs, ins), rb(regs, ins)
			if !isInt(a) || !isInt(b) {
				return fn, regs, pc
			}
			if (int64(a.n) < int64(b.n)) == (ins>>56&1 != 0) {
				off := ins.SC()
				if off < 0 && t.tick() {
					return fn, regs, pc
				}
				pc += off
			}

		case OpJLe:
			a, b := ra(regs, ins), rb(regs, ins)
			if !isInt(a) || !isInt(b) {
				return fn, regs, pc
			}
			if (int64(a.n) <= int64(b.n)) == (ins>>56&1 != 0) {
				off := ins.SC()
				if off < 0 && t.tick() {
					return fn, regs, pc
				}
				pc += off
			}

		case OpJEq:
			a, b := ra(regs, ins), rb(regs, ins)
			var eq bool
			switch { // inline here: a helper returning (eq, ok) costs too much to inline
			case a.p == b.p && a.p != unsafe.Pointer(&floatHdr):
				eq = sameTagEqual(a, b) // ints, bools, nil, the same object
			case a.p == nil || b.p == nil:
				eq = nilEqual(a, b)
			default:
				return fn, regs, pc // strings, floats, int against float: run's
			}
			if eq == (ins>>56&1 != 0) {
				off := ins.SC()
				if off < 0 && t.tick() {
					return fn, regs, pc
				}
				pc += off
			}

		case OpJLtK:
			a, k := ra(regs, ins), rb(fn.consts, ins)
			if !isInt(a) || !isInt(k) {
				return fn, regs, pc
			}
			if (int64(a.n) < int64(k.n)) == (ins>>56&1 != 0) {
				off := ins.SC()
				if off < 0 && t.tick() {
					return fn, regs, pc
				}
				pc += off
			}

		case OpJLeK:
			a, k := ra(regs, ins), rb(fn.consts, ins)
			if !isInt(a) || !isInt(k) {
				return fn, regs, pc
			}
			if (int64(a.n) <= int64(k.n)) == (ins>>56&1 != 0) {
				off := ins.SC()
				if off < 0 && t.tick() {
					return fn, regs, pc
				}
				pc += off
			}

		case OpJGtK:
			a, k := ra(regs, ins), rb(fn.consts, ins)
			if !isInt(a) || !isInt(k) {
				return fn, regs, pc
			}
			if (int64(a.n) > int64(k.n)) == (ins>>56&1 != 0) {
				off := ins.SC()
				if off < 0 && t.tick() {
					return fn, regs, pc
				}
				pc += off
			}

		case OpJGeK:
			a, k := ra(regs, ins), rb(fn.consts, ins)
			if !isInt(a) || !isInt(k) {
				return fn, regs, pc
			}
			if (int64(a.n) >= int64(k.n)) == (ins>>56&1 != 0) {
				off := ins.SC()
				if off < 0 && t.tick() {
					return fn, regs, pc
				}
				pc += off
			}

		case OpJEqK:
			a, b := ra(regs, ins), rb(fn.consts, ins)
			var eq bool
			switch { // inline here: a helper returning (eq, ok) costs too much to inline
			case a.p == b.p && a.p != unsafe.Pointer(&floatHdr):
				eq = sameTagEqual(a, b) // ints, bools, nil, the same object
			case a.p == nil || b.p == nil:
				eq = nilEqual(a, b)
			default:
				return fn, regs, pc // strings, floats, int against float: run's
			}
			if eq == (ins>>56&1 != 0) {
				off := ins.SC()
				if off < 0 && t.tick() {
					return fn, regs, pc
				}
				pc += off
			}

		case OpEq, OpNe:
			a, b := rb(regs, ins), rc(regs, ins)
			var eq bool
			switch { // inline here: a helper returning (eq, ok) costs too much to inline
			case a.p == b.p && a.p != unsafe.Pointer(&floatHdr):
				eq = sameTagEqual(a, b) // ints, bools, nil, the same object
			case a.p == nil || b.p == nil:
				eq = nilEqual(a, b)
			default:
				return fn, regs, pc // strings, floats, int against float: run's
			}
			if Op(ins) == OpNe {
				eq = !eq
			}
			r := uint64(0)
			if eq {
				r = 1
			}
			*ra(regs, ins) = Value{unsafe.Pointer(&boolHdr), r}

		case OpNot:
			b := rb(regs, ins)
			if b.p != unsafe.Pointer(&boolHdr) {
				return fn, regs, pc
			}
			*ra(regs, ins) = Value{unsafe.Pointer(&boolHdr), b.n ^ 1}

		case OpBool:
			if ra(regs, ins).p != unsafe.Pointer(&boolHdr) {
				return fn, regs, pc
			}

		case OpLoadNil:
			a, n := ins.A(), ins.B()
			for i := 0; i < n; i++ {
				*regAt(regs, a+i) = Value{}
			}

		case OpGetUpval:
			*ra(regs, ins) = t.frames[len(t.frames)-1].cl.cells[ins.B()].V

		case OpSetUpval:
			t.frames[len(t.frames)-1].cl.cells[ins.B()].V = *ra(regs, ins)

		case OpModK: // i % k, the common case, kept lean
			b, c := rb(regs, ins), rc(fn.consts, ins)
			if !isInt(b) || !isInt(c) || int64(c.n) <= 0 {
				return fn, regs, pc
			}
			*ra(regs, ins) = Value{unsafe.Pointer(&intHdr), uint64(int64(b.n) % int64(c.n))}

		case OpDiv, OpMod, OpDivK:
			// Ints (divisor not zero) and, for /, floats; the rest is run's.
			a, b := rb(regs, ins), rc(regs, ins)
			if Op(ins) >= OpDivK {
				b = rc(fn.consts, ins)
			}
			mod := Op(ins) == OpMod
			if isInt(a) && isInt(b) && int64(b.n) != 0 {
				if mod {
					*ra(regs, ins) = Value{unsafe.Pointer(&intHdr), uint64(int64(a.n) % int64(b.n))}
				} else {
					*ra(regs, ins) = Value{unsafe.Pointer(&intHdr), uint64(int64(a.n) / int64(b.n))}
				}
				break
			}
			if mod || !(isFloat(a) || isFloat(b)) || !(isFloat(a) || isInt(a)) || !(isFloat(b) || isInt(b)) {
				return fn, regs, pc
			}
			x, y := math.Float64frombits(a.n), math.Float64frombits(b.n)
			if isInt(a) {
				x = float64(int64(a.n))
			}
			if isInt(b) {
				y = float64(int64(b.n))
			}
			*ra(regs, ins) = Value{unsafe.Pointer(&floatHdr), math.Float64bits(x / y)}

		case OpArithK:
			// + - * / on numbers (K may be the left operand); the rest is
			// run's.
			x := ins.X()
			l, r := rb(regs, ins), rc(fn.consts, ins)
			if x&akRev != 0 {
				l, r = r, l
				x &^= akRev
			}
			if x > akDiv || !(isFloat(l) || isInt(l)) || !(isFloat(r) || isInt(r)) {
				return fn, regs, pc
			}
			if isInt(l) && isInt(r) {
				if x == akDiv {
					return fn, regs, pc
				}
				var v uint64
				switch x {
				case akAdd:
					v = l.n + r.n
				case akSub:
					v = l.n - r.n
				default:
					v = uint64(int64(l.n) * int64(r.n))
				}
				*ra(regs, ins) = Value{unsafe.Pointer(&intHdr), v}
				break
			}
			fx, fy := math.Float64frombits(l.n), math.Float64frombits(r.n)
			if isInt(l) {
				fx = float64(int64(l.n))
			}
			if isInt(r) {
				fy = float64(int64(r.n))
			}
			var f float64
			switch x {
			case akAdd:
				f = fx + fy
			case akSub:
				f = fx - fy
			case akMul:
				f = fx * fy
			default:
				f = fx / fy
			}
			*ra(regs, ins) = Value{unsafe.Pointer(&floatHdr), math.Float64bits(f)}

		case OpRangeNext:
			st := regAt(regs, ins.A())
			if !isInt(st) {
				return fn, regs, pc
			}
			cnt := (*Value)(unsafe.Add(unsafe.Pointer(st), 16))
			if int64(cnt.n) < int64(st.n) {
				off := ins.SBx()
				if off < 0 && t.tick() {
					return fn, regs, pc // run steps and preempts
				}
				*(*Value)(unsafe.Add(unsafe.Pointer(st), 48)) = *cnt
				cnt.n++
				pc += off
			}

		case OpCall:
			fv := ra(regs, ins)
			if fv.p == nil || (*hdr)(fv.p).funcKind != funcClosure || ins>>56&CallMethod != 0 {
				return fn, regs, pc
			}
			callee := (*Closure)(fv.p)
			cfn := callee.fn
			fi := len(t.frames) - 1
			cur := &t.frames[fi]
			args := int(cur.base) + ins.A() + 1
			if ins.B()-1 != cfn.fixedArgs || args+cfn.nregs > len(t.stack) || fi+1 >= cap(t.frames) ||
				t.tick() {
				return fn, regs, pc
			}
			cur.pc = int32(pc + 1)
			t.frames = t.frames[:fi+2]
			nf := &t.frames[fi+1]
			nf.cl = callee
			nf.pc = 0
			nf.base = int32(args)
			nf.ret = int32(args - 1)
			nf.want = int16(ins.C() - 1)
			nf.flags = 0
			nf.panic = nil
			fn = cfn
			code = cfn.code
			regs = unsafe.Add(unsafe.Pointer(fv), 16)
			pc = 0
			continue

		case OpReturn:
			fi := len(t.frames) - 1
			f := &t.frames[fi]
			if f.flags != 0 || fi == 0 {
				return fn, regs, pc
			}
			n, want := ins.B()-1, int(f.want)
			switch {
			case n == 1 && want == 1:
				t.stack[f.ret] = *ra(regs, ins)
			case want == 0 && n >= 0:
			default:
				return fn, regs, pc
			}
			caller := &t.frames[fi-1]
			if caller.flags&(flagReturnNil|flagAtPC) != 0 {
				return fn, regs, pc
			}
			t.frames = t.frames[:fi]
			fn = caller.cl.fn
			code = fn.code
			regs = unsafe.Pointer(&t.stack[caller.base])
			pc = int(caller.pc)
			continue

		default:
			return fn, regs, pc
		}
		pc++
	}
}

// isFloat reports whether v is a float.
func isFloat(v *Value) bool { return v.p == unsafe.Pointer(&floatHdr) }

// nilEqual is == of nil against a value in the fast loop: unequal,
// except a Go-typed nil slice or map (isNilZero), as Equal has it.
func nilEqual(a, b *Value) bool {
	if a.p == nil {
		return isNilZero(*b)
	}
	return isNilZero(*a)
}
