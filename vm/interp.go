package vm

import (
	"unsafe"
)

// runStop says why run returned.
type runStop uint8

const (
	runExit      runStop = iota // the thread's bottom frame returned
	runPark                     // the thread parks (a sched call prepared it)
	runYield                    // runtime.Gosched
	runPreempt                  // the scheduler asked it to stop
	runNest                     // the base frame of a nested Call returned
	runNestPanic                // a panic unwound past a nested Call's frames
	runDie                      // the goroutine ends the program (t.exitErr)
)

// errYield is returned by runtime.Gosched's native.
var errYield = &PanicError{}

// Register and constant access. The verifier (verify.go) guarantees that
// every operand is inside its Proto's frame or constant table, and calls
// guarantee base+NRegs <= len(stack) (ensureStack), so the interpreter
// addresses them without bounds checks. Operands are decoded straight into
// byte offsets (index*16).
func ra(regs unsafe.Pointer, i Instr) *Value {
	return (*Value)(unsafe.Add(regs, uintptr(i>>4)&0xffff0))
}
func rb(regs unsafe.Pointer, i Instr) *Value {
	return (*Value)(unsafe.Add(regs, uintptr(i>>20)&0xffff0))
}
func rc(regs unsafe.Pointer, i Instr) *Value {
	return (*Value)(unsafe.Add(regs, uintptr(i>>36)&0xffff0))
}
func regAt(regs unsafe.Pointer, r int) *Value {
	return (*Value)(unsafe.Add(regs, uintptr(r)*16))
}
func regRun(regs unsafe.Pointer, r, n int) []Value {
	return unsafe.Slice(regAt(regs, r), n)
}

// isIntTag reports whether p is the int tag; &intHdr is a link-time
// constant, so this is a compare with an immediate address.
func isInt(v *Value) bool { return v.p == unsafe.Pointer(&intHdr) }

// run executes the thread's frames until one of the runStop conditions. It
// never recurses on the Go stack for script-to-script calls: a call pushes a
// frame and switches the loop's cached state to it; a return pops one.
//
// The cached state (cl, code, consts, globals, regs, pc) always describes
// the top frame. It is kept to a few raw pointers so the Go compiler can
// hold it in machine registers across the dispatch loop; everything else is
// read from t.frames when a slow path needs it. t.frames[top].pc is written
// back before anything that can look at frames (natives, errors, calls) and
// before returning.
func (t *Thread) run() runStop {
	var (
		fn   *funcInst
		code unsafe.Pointer
		regs unsafe.Pointer
		pc   int
		err  error
	)

reload:
	{
		f := &t.frames[len(t.frames)-1]
		if f.flags&(flagReturnNil|flagAtPC) != 0 {
			f.flags &^= flagAtPC
			if f.flags&flagReturnNil != 0 {
				st, stop := t.returnNil(len(t.frames) - 1)
				if stop {
					return st
				}
				goto reload
			}
		}
		fn = f.cl.fn
		code = fn.code
		regs = unsafe.Pointer(&t.stack[f.base])
		pc = int(f.pc)
	}

	for {
		fn, regs, pc = t.fast(fn, regs, pc)
		code = fn.code
		ins := *(*Instr)(unsafe.Add(code, uintptr(pc)*8))
		pc++
		switch Op(ins) {
		case OpNop, OpExtraArg:

		case OpMove:
			*ra(regs, ins) = *rb(regs, ins)

		case OpLoadK:
			*ra(regs, ins) = *(*Value)(unsafe.Add(fn.consts, uintptr(uint32(ins>>24))*16))

		case OpLoadI:
			*ra(regs, ins) = Value{unsafe.Pointer(&intHdr), uint64(int64(ins.SBx()))}

		case OpLoadNil:
			clear(regRun(regs, ins.A(), ins.B()))

		case OpLoadBool:
			*ra(regs, ins) = Value{unsafe.Pointer(&boolHdr), uint64(ins.B())}

		case OpGetGlobal:
			*ra(regs, ins) = (*(**Cell)(unsafe.Add(fn.gcells, uintptr(uint32(ins>>24))*8))).V

		case OpSetGlobal:
			(*(**Cell)(unsafe.Add(fn.gcells, uintptr(uint32(ins>>24))*8))).V = *ra(regs, ins)

		case OpGetUpval:
			*ra(regs, ins) = t.frames[len(t.frames)-1].cl.cells[ins.B()].V

		case OpSetUpval:
			t.frames[len(t.frames)-1].cl.cells[ins.B()].V = *ra(regs, ins)

		case OpBox:
			*ra(regs, ins) = newCell(*rb(regs, ins)).value()
			t.allocated(32)

		case OpGetCell:
			c := rb(regs, ins).p
			if c == nil || (*hdr)(c).kind != kindCell {
				err = errNotCell
				goto throw
			}
			*ra(regs, ins) = (*Cell)(c).V

		case OpSetCell:
			c := ra(regs, ins).p
			if c == nil || (*hdr)(c).kind != kindCell {
				err = errNotCell
				goto throw
			}
			(*Cell)(c).V = *rb(regs, ins)

		case OpClosure:
			v, e := t.makeClosure(t.frames[len(t.frames)-1].cl, fn.children[ins.Bx()], regs)
			if e != nil {
				err = e
				goto throw
			}
			*ra(regs, ins) = v
			t.allocatedValue(v)

		case OpAdd:
			b, c := rb(regs, ins), rc(regs, ins)
			if isInt(b) && isInt(c) {
				*ra(regs, ins) = Value{unsafe.Pointer(&intHdr), b.n + c.n}
			} else if e := t.reserveConcat(b, c); e != nil {
				err = e
				goto throw
			} else if v, e := arith(akAdd, *b, *c); e == nil {
				*ra(regs, ins) = v
				t.allocatedValue(v)
			} else {
				err = e
				goto throw
			}

		case OpSub:
			b, c := rb(regs, ins), rc(regs, ins)
			if isInt(b) && isInt(c) {
				*ra(regs, ins) = Value{unsafe.Pointer(&intHdr), b.n - c.n}
			} else if v, e := arith(akSub, *b, *c); e == nil {
				*ra(regs, ins) = v
			} else {
				err = e
				goto throw
			}

		case OpMul:
			b, c := rb(regs, ins), rc(regs, ins)
			if isInt(b) && isInt(c) {
				*ra(regs, ins) = Value{unsafe.Pointer(&intHdr), uint64(int64(b.n) * int64(c.n))}
			} else if v, e := arith(akMul, *b, *c); e == nil {
				*ra(regs, ins) = v
			} else {
				err = e
				goto throw
			}

		case OpDiv, OpMod, OpBand, OpBor, OpBxor, OpBandNot, OpShl, OpShr:
			if v, e := arith(int(Op(ins)-OpAdd), *rb(regs, ins), *rc(regs, ins)); e == nil {
				*ra(regs, ins) = v
			} else {
				err = e
				goto throw
			}

		case OpIncJLt, OpIncJLtK, OpIncJLe, OpIncJLeK:
			// Only the step (the ADDI this replaced); the compare-and-
			// branch it was fused with follows at pc+1.
			a := ra(regs, ins)
			step := Int(0)
			if r, imm, isReg := StepOf(ins.X()); isReg {
				step = *regAt(regs, r)
			} else {
				step = Int(imm)
			}
			if isInt(a) && isInt(&step) {
				a.n += step.n
			} else if v, e := arith(akAdd, *a, step); e == nil {
				*a = v
			} else {
				err = e
				goto throw
			}

		case OpAddI:
			b := rb(regs, ins)
			if isInt(b) {
				*ra(regs, ins) = Value{unsafe.Pointer(&intHdr), b.n + uint64(int64(ins.SC()))}
			} else if v, e := arith(akAdd, *b, Int(int64(ins.SC()))); e == nil {
				*ra(regs, ins) = v
			} else {
				if ins.X()&XSwapped != 0 { // written x - k
					_, e = arith(akSub, *b, Int(-int64(ins.SC())))
				}
				err = e
				goto throw
			}

		case OpAddK:
			b, c := rb(regs, ins), rc(fn.consts, ins)
			if isInt(b) && isInt(c) {
				*ra(regs, ins) = Value{unsafe.Pointer(&intHdr), b.n + c.n}
			} else if v, e := arith(akAdd, *b, *c); e == nil {
				*ra(regs, ins) = v
			} else {
				err = asWritten(ins, akAdd, *b, *c, e)
				goto throw
			}

		case OpSubK:
			b, c := rb(regs, ins), rc(fn.consts, ins)
			if isInt(b) && isInt(c) {
				*ra(regs, ins) = Value{unsafe.Pointer(&intHdr), b.n - c.n}
			} else if v, e := arith(akSub, *b, *c); e == nil {
				*ra(regs, ins) = v
			} else {
				err = e
				goto throw
			}

		case OpMulK:
			b, c := rb(regs, ins), rc(fn.consts, ins)
			if isInt(b) && isInt(c) {
				*ra(regs, ins) = Value{unsafe.Pointer(&intHdr), uint64(int64(b.n) * int64(c.n))}
			} else if v, e := arith(akMul, *b, *c); e == nil {
				*ra(regs, ins) = v
			} else {
				err = asWritten(ins, akMul, *b, *c, e)
				goto throw
			}

		case OpModK:
			b, c := rb(regs, ins), rc(fn.consts, ins)
			if isInt(b) && isInt(c) && int64(c.n) > 0 {
				*ra(regs, ins) = Value{unsafe.Pointer(&intHdr), uint64(int64(b.n) % int64(c.n))}
			} else if v, e := arith(akMod, *b, *c); e == nil {
				*ra(regs, ins) = v
			} else {
				err = e
				goto throw
			}

		case OpDivK:
			if v, e := arith(akDiv, *rb(regs, ins), *rc(fn.consts, ins)); e == nil {
				*ra(regs, ins) = v
			} else {
				err = e
				goto throw
			}

		case OpArithK:
			x := ins.X()
			l, r := *rb(regs, ins), *rc(fn.consts, ins)
			if x&akRev != 0 {
				l, r = r, l
				x &^= akRev
			}
			if v, e := arith(x, l, r); e == nil {
				*ra(regs, ins) = v
			} else {
				err = e
				goto throw
			}

		case OpUnm:
			b := rb(regs, ins)
			switch b.p {
			case unsafe.Pointer(&intHdr):
				*ra(regs, ins) = Value{unsafe.Pointer(&intHdr), uint64(-int64(b.n))}
			case unsafe.Pointer(&floatHdr):
				*ra(regs, ins) = Float(-b.AsFloat())
			default:
				err = Errorf("invalid operation: -%s", b.TypeName())
				goto throw
			}

		case OpNot:
			b := rb(regs, ins)
			if b.p != unsafe.Pointer(&boolHdr) {
				err = nonBool(*b)
				goto throw
			}
			*ra(regs, ins) = Value{unsafe.Pointer(&boolHdr), b.n ^ 1}

		case OpBnot:
			b := rb(regs, ins)
			if !isInt(b) {
				err = Errorf("invalid operation: ^%s", b.TypeName())
				goto throw
			}
			*ra(regs, ins) = Value{unsafe.Pointer(&intHdr), ^b.n}

		case OpEq:
			*ra(regs, ins) = Bool(Equal(*rb(regs, ins), *rc(regs, ins)))

		case OpNe:
			*ra(regs, ins) = Bool(!Equal(*rb(regs, ins), *rc(regs, ins)))

		case OpLt, OpLe:
			op := akLt + int(Op(ins)-OpLt)
			if v, e := arith(op, *rb(regs, ins), *rc(regs, ins)); e == nil {
				*ra(regs, ins) = v
			} else {
				err = asWritten(ins, op, *rb(regs, ins), *rc(regs, ins), e)
				goto throw
			}

		case OpJmp:
			off := ins.SBx()
			pc += off
			if off < 0 && t.tick() {
				t.frames[len(t.frames)-1].pc = int32(pc)
				return runPreempt
			}

		case OpJmpIf, OpJmpIfNot:
			a := ra(regs, ins)
			if a.p != unsafe.Pointer(&boolHdr) {
				err = nonBool(*a)
				goto throw
			}
			if (a.n != 0) == (Op(ins) == OpJmpIf) {
				off := ins.SBx()
				pc += off
				if off < 0 && t.tick() {
					t.frames[len(t.frames)-1].pc = int32(pc)
					return runPreempt
				}
			}

		case OpJLt:
			a, b := ra(regs, ins), rb(regs, ins)
			var r bool
			if isInt(a) && isInt(b) {
				r = int64(a.n) < int64(b.n)
			} else if r, err = compare(akLt, *a, *b); err != nil {
				err = asWritten(ins, akLt, *a, *b, err)
				goto throw
			}
			if r == (ins>>56&1 != 0) {
				off := ins.SC()
				pc += off
				if off < 0 && t.tick() {
					t.frames[len(t.frames)-1].pc = int32(pc)
					return runPreempt
				}
			}

		case OpJLe:
			a, b := ra(regs, ins), rb(regs, ins)
			var r bool
			if isInt(a) && isInt(b) {
				r = int64(a.n) <= int64(b.n)
			} else if r, err = compare(akLe, *a, *b); err != nil {
				err = asWritten(ins, akLe, *a, *b, err)
				goto throw
			}
			if r == (ins>>56&1 != 0) {
				off := ins.SC()
				pc += off
				if off < 0 && t.tick() {
					t.frames[len(t.frames)-1].pc = int32(pc)
					return runPreempt
				}
			}

		case OpJEq:
			a, b := ra(regs, ins), rb(regs, ins)
			var r bool
			if isInt(a) && isInt(b) {
				r = a.n == b.n
			} else {
				r = Equal(*a, *b)
			}
			if r == (ins>>56&1 != 0) {
				off := ins.SC()
				pc += off
				if off < 0 && t.tick() {
					t.frames[len(t.frames)-1].pc = int32(pc)
					return runPreempt
				}
			}

		case OpJLtK, OpJLeK, OpJGtK, OpJGeK:
			a, k := ra(regs, ins), rb(fn.consts, ins)
			var r bool
			if isInt(a) && isInt(k) {
				x, y := int64(a.n), int64(k.n)
				switch Op(ins) {
				case OpJLtK:
					r = x < y
				case OpJLeK:
					r = x <= y
				case OpJGtK:
					r = x > y
				default:
					r = x >= y
				}
			} else if r, err = compare(akLt+int(Op(ins)-OpJLtK), *a, *k); err != nil {
				err = asWritten(ins, akLt+int(Op(ins)-OpJLtK), *a, *k, err)
				goto throw
			}
			if r == (ins>>56&1 != 0) {
				off := ins.SC()
				pc += off
				if off < 0 && t.tick() {
					t.frames[len(t.frames)-1].pc = int32(pc)
					return runPreempt
				}
			}

		case OpJEqK:
			a, k := ra(regs, ins), rb(fn.consts, ins)
			var r bool
			if isInt(a) && isInt(k) {
				r = a.n == k.n
			} else {
				r = Equal(*a, *k)
			}
			if r == (ins>>56&1 != 0) {
				off := ins.SC()
				pc += off
				if off < 0 && t.tick() {
					t.frames[len(t.frames)-1].pc = int32(pc)
					return runPreempt
				}
			}

		case OpBool:
			if a := ra(regs, ins); a.p != unsafe.Pointer(&boolHdr) {
				err = nonBool(*a)
				goto throw
			}

		case OpRangeInit:
			if err = rangeInit(regRun(regs, ins.A(), 3), *rb(regs, ins), ins.X()); err != nil {
				goto throw
			}

		case OpRangeNext:
			st := regRun(regs, ins.A(), 5)
			// Fast path: counting over an int.
			if isInt(&st[0]) {
				if int64(st[1].n) < int64(st[0].n) {
					st[3] = st[1]
					st[1].n++
				} else {
					continue
				}
			} else {
				t.frames[len(t.frames)-1].pc = int32(pc)
				more, park, e := t.rangeNext(st, ins.X())
				if e != nil {
					err = e
					goto throw
				}
				if park {
					t.rewind(pc)
					return runPark
				}
				if !more {
					continue
				}
			}
			off := ins.SBx()
			pc += off
			if off < 0 && t.tick() {
				t.frames[len(t.frames)-1].pc = int32(pc)
				return runPreempt
			}

		case OpCall:
			// Fast path: a script function called with exactly its
			// parameter count, its frame fitting the stack and the frame
			// array. Everything else goes through callSlow.
			if fv := ra(regs, ins); fv.p != nil && (*hdr)(fv.p).funcKind == funcClosure && (ins>>56&CallMethod == 0 || (*Closure)(fv.p).fn.method) {
				callee := (*Closure)(fv.p)
				cfn := callee.fn
				fi := len(t.frames) - 1
				cur := &t.frames[fi]
				args := int(cur.base) + ins.A() + 1
				if ins.B()-1 == cfn.fixedArgs && args+cfn.nregs <= len(t.stack) && fi+1 < cap(t.frames) {
					cur.pc = int32(pc)
					t.frames = t.frames[:fi+2]
					t.frames[fi+1] = frame{cl: callee, base: int32(args), ret: int32(args - 1), want: int16(ins.C() - 1)}
					fn = cfn
					code = cfn.code
					regs = unsafe.Add(unsafe.Pointer(fv), 16)
					pc = 0
					if t.tick() {
						return runPreempt
					}
					continue
				}
			}
			t.frames[len(t.frames)-1].pc = int32(pc)
			{
				pushed, e := t.callSlow(ins)
				if e != nil {
					if e == ErrPark {
						t.rewind(pc)
						return runPark
					}
					if e == errYield {
						return runYield
					}
					err = e
					goto throw
				}
				if pushed {
					if t.tick() {
						return runPreempt
					}
					goto reload
				}
			}
			regs = unsafe.Pointer(&t.stack[t.frames[len(t.frames)-1].base])

		case OpReturn:
			fi := len(t.frames) - 1
			f := &t.frames[fi]
			// Fast path: a plain call (no defers, no special frame) returning
			// what its caller wants.
			if f.flags == 0 && fi > 0 {
				n, want := ins.B()-1, int(f.want)
				switch {
				case n == 1 && want == 1:
					t.stack[f.ret] = *ra(regs, ins)
				case want == 0 && n >= 0:
				case want == n && n > 0:
					copy(t.stack[f.ret:int(f.ret)+n], regRun(regs, ins.A(), n))
				default:
					goto slowReturn
				}
				t.frames = t.frames[:fi]
				caller := &t.frames[fi-1]
				if caller.flags&(flagReturnNil|flagAtPC) != 0 {
					goto reload
				}
				fn = caller.cl.fn
				code = fn.code
				regs = unsafe.Pointer(&t.stack[caller.base])
				pc = int(caller.pc)
				continue
			}
		slowReturn:
			{
				a := int(f.base) + ins.A()
				n := ins.B() - 1
				if n < 0 {
					n = t.top - a
				}
				if f.flags&flagDefers != 0 {
					if t.hasDefer(fi) {
						t.rewind(pc) // run RETURN again after the deferred call
						if err = t.runDefer(nil); err != nil {
							goto throw
						}
						goto reload
					}
					f.flags &^= flagDefers
				}
				st, stop, e := t.doReturn(fi, a, n)
				if e != nil {
					// The callee is gone: the error belongs to the caller's CALL.
					err = e
					pc = int(t.frames[len(t.frames)-1].pc)
					goto throw
				}
				if stop {
					return st
				}
				goto reload
			}

		case OpGo:
			base := int(t.frames[len(t.frames)-1].base)
			a := base + ins.A()
			nargs := ins.B() - 1
			if nargs < 0 {
				nargs = t.top - (a + 1)
			}
			t.frames[len(t.frames)-1].pc = int32(pc)
			if err = t.goStmt(a, nargs); err != nil {
				goto throw
			}
			t.allocated(512)

		case OpDefer:
			fi := len(t.frames) - 1
			a := int(t.frames[fi].base) + ins.A()
			nargs := ins.B() - 1
			if nargs < 0 {
				nargs = t.top - (a + 1)
			}
			args := make([]Value, nargs)
			copy(args, t.stack[a+1:a+1+nargs])
			t.defers = append(t.defers, deferRec{frame: fi, fn: t.stack[a], args: args})
			t.frames[fi].flags |= flagDefers

		case OpSelf:
			if err = t.self(regRun(regs, ins.A(), 2), *rb(regs, ins), rc(fn.consts, ins).AsStr()); err != nil {
				goto throw
			}

		case OpSpread:
			base := int(t.frames[len(t.frames)-1].base)
			if err = t.spread(base+ins.A(), *rb(regs, ins)); err != nil {
				goto throw
			}
			regs = unsafe.Pointer(&t.stack[base])

		case OpNewList:
			*ra(regs, ins) = newListOf(regRun(regs, ins.B(), ins.C())).Value()
			t.allocatedValue(*ra(regs, ins))

		case OpListAppend:
			l := ra(regs, ins).List()
			if g := l.Append(regRun(regs, ins.B(), ins.C())...); g > 0 {
				if err = t.Reserve(g, "growslice: len out of range"); err != nil {
					goto throw
				}
			}

		case OpNewMap:
			n := ins.C()
			kv := regRun(regs, ins.B(), 2*n)
			m := NewMap(n)
			for i := 0; i < n; i++ {
				if e := m.Set(kv[2*i], kv[2*i+1]); e != nil {
					err = Errorf("%s", e.Error())
					goto throw
				}
			}
			*ra(regs, ins) = m.Value()
			t.allocatedValue(*ra(regs, ins))

		case OpGetIndex:
			if v, e := index(*rb(regs, ins), *rc(regs, ins)); e == nil {
				if v.p == nil && ins.X() != 0 {
					// op-assign on a missing key: the zero of y's kind
					v = zeroLike(v, *regAt(regs, ins.A()+1))
				}
				*ra(regs, ins) = v
			} else {
				err = e
				goto throw
			}

		case OpGetIndexK:
			if v, e := index(*rb(regs, ins), *rc(fn.consts, ins)); e == nil {
				*ra(regs, ins) = v
			} else {
				err = e
				goto throw
			}

		case OpGetIndex2:
			out := regRun(regs, ins.A(), 2)
			if v, ok, e := index2(*rb(regs, ins), *rc(regs, ins)); e == nil {
				out[0], out[1] = v, Bool(ok)
			} else {
				err = e
				goto throw
			}

		case OpSetIndex:
			if err = setIndex(*ra(regs, ins), *rb(regs, ins), *rc(regs, ins)); err != nil {
				goto throw
			}

		case OpSetIndexK:
			if err = setIndex(*ra(regs, ins), *rb(fn.consts, ins), *rc(regs, ins)); err != nil {
				goto throw
			}

		case OpSlice:
			lohi := regRun(regs, ins.C(), 2)
			if v, e := slice(*rb(regs, ins), lohi[0], lohi[1], ins.X()); e == nil {
				*ra(regs, ins) = v
				t.allocatedValue(v)
			} else {
				err = e
				goto throw
			}

		case OpNewStruct:
			if v, e := t.newStructOp(regRun(regs, ins.B(), ins.C()+1), ins.X()); e == nil {
				*ra(regs, ins) = v
			} else {
				err = e
				goto throw
			}

		case OpGetField:
			if x := rb(regs, ins); x.p != nil && (*hdr)(x.p).kind == KindStruct {
				// A struct's own field: a short scan of its names.
				s := (*StructObj)(x.p)
				name := rc(fn.consts, ins).AsStr()
				found := false
				for i, f := range s.typ.Fields {
					if f == name {
						*ra(regs, ins) = s.f[i]
						found = true
						break
					}
				}
				if found {
					break
				}
			}
			if v, e := getField(*rb(regs, ins), rc(fn.consts, ins).AsStr()); e == nil {
				*ra(regs, ins) = v
			} else {
				err = e
				goto throw
			}

		case OpLen:
			if v, e := length(*rb(regs, ins)); e == nil {
				*ra(regs, ins) = v
			} else {
				err = e
				goto throw
			}

		case OpAppend:
			n := ins.C()
			vs := regRun(regs, ins.B(), n+1)
			if l := vs[0].List(); l != nil {
				var g int64
				if n == 1 {
					g = l.Append1(vs[1])
				} else {
					g = l.Append(vs[1:]...)
				}
				*ra(regs, ins) = vs[0]
				if g > 0 {
					if err = t.Reserve(g, "growslice: len out of range"); err != nil {
						goto throw
					}
				}
				t.allocated(int(g)) // growth (the fast path takes spare capacity)
			} else if v, e := appendSlow(vs[0], vs[1:]); e == nil {
				*ra(regs, ins) = v
				t.allocatedValue(v)
			} else {
				err = e
				goto throw
			}

		case OpSend:
			t.frames[len(t.frames)-1].pc = int32(pc)
			park, e := t.send(*ra(regs, ins), *rb(regs, ins))
			if e != nil {
				err = e
				goto throw
			}
			if park {
				t.rewind(pc)
				return runPark
			}

		case OpRecv:
			t.frames[len(t.frames)-1].pc = int32(pc)
			v, ok, park, e := t.recv(*rb(regs, ins))
			if e != nil {
				err = e
				goto throw
			}
			if park {
				t.rewind(pc)
				return runPark
			}
			*ra(regs, ins) = v
			if ins.X() != 0 {
				*regAt(regs, ins.A()+1) = Bool(ok)
			}

		case OpSelect:
			t.frames[len(t.frames)-1].pc = int32(pc)
			extra := *(*Instr)(unsafe.Add(code, uintptr(pc)*8))
			kinds := (*Value)(unsafe.Add(fn.consts, uintptr(extra.Bx())*16)).AsStr()
			park, e := t.selectOp(regRun(regs, ins.A(), 3), regRun(regs, ins.B(), 2*ins.C()), kinds, ins.X() != 0)
			if e != nil {
				err = e
				goto throw
			}
			if park {
				t.rewind(pc)
				return runPark
			}
			pc++ // skip the EXTRAARG

		case OpImport:
			t.frames[len(t.frames)-1].pc = int32(pc)
			pushed, e := t.importModule(ins.Bx())
			if e != nil {
				err = e
				goto throw
			}
			if pushed {
				goto reload
			}

		case OpCallNative:
			// Trampoline: R[0] is the native, R[1] the argument count.
			base := int(t.frames[len(t.frames)-1].base)
			nargs := int(regAt(regs, 1).n)
			t.frames[len(t.frames)-1].pc = int32(pc)
			if err = t.callNative(*regAt(regs, 0), base, base+2, nargs, 0, 0); err != nil {
				if err == ErrPark {
					t.rewind(pc)
					return runPark
				}
				if err == errYield {
					return runYield
				}
				goto throw
			}
			regs = unsafe.Pointer(&t.stack[base])

		default:
			err = Errorf("internal error: bad opcode %d", Op(ins))
			goto throw
		}
	}

throw:
	// err is a panic (or fatal error) raised by the instruction before pc.
	t.frames[len(t.frames)-1].pc = int32(pc)
	{
		st, stop := t.raise(err)
		if stop {
			return st
		}
	}
	goto reload
}

// nonBool is the error for a condition that is not a bool.
func nonBool(v Value) error {
	return Errorf("non-bool condition (type %s)", v.TypeName())
}

// makeClosure creates a closure of child inside the running closure parent,
// capturing cells per the child's Upval descriptors.
func (t *Thread) makeClosure(parent *Closure, child *funcInst, regs unsafe.Pointer) (Value, error) {
	ups := child.proto.Upvals
	cl, own := newClosureN(child, len(ups), child.ncopy)
	for i, u := range ups {
		if u.Copy {
			c := &own[0]
			own = own[1:]
			c.hdr = hdr{kind: kindCell}
			c.V = *regAt(regs, int(u.Index))
			cl.cells[i] = c
		} else if u.Local {
			c := regAt(regs, int(u.Index)).p
			if c == nil || (*hdr)(c).kind != kindCell {
				return Nil, errNotCell
			}
			cl.cells[i] = (*Cell)(c)
		} else {
			cl.cells[i] = parent.cells[u.Index]
		}
	}
	return fromObj(unsafe.Pointer(cl)), nil
}

// errNotCell reports a compiler bug: a cell operation on a register that
// does not hold a cell. Checked so that such a bug can never turn into a
// type confusion in the host.
var errNotCell = Errorf("internal error: register does not hold a captured variable")

// rewind saves the running frame's pc pointing AT the instruction before pc,
// so that it runs again when the frame resumes (a parked channel operation,
// a restartable native, a RETURN waiting for its deferred calls).
func (t *Thread) rewind(pc int) {
	f := &t.frames[len(t.frames)-1]
	f.pc = int32(pc - 1)
	f.flags |= flagAtPC
}

// asWritten rewords the error of operation op on (l, r) when the compiler
// reordered the operands (XSwapped): the message shows the operation as the
// script wrote it, r op' l, where op' mirrors op.
func asWritten(ins Instr, op int, l, r Value, err error) error {
	if ins.X()&XSwapped == 0 {
		return err
	}
	switch op {
	case akLt:
		op = akGt
	case akLe:
		op = akGe
	case akGt:
		op = akLt
	case akGe:
		op = akLe
	}
	if _, e := arith(op, r, l); e != nil {
		return e
	}
	return err
}
