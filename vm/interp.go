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

// run executes the thread's frames until one of the runStop conditions. It
// never recurses on the Go stack for script-to-script calls: a call pushes a
// frame and reloads the loop's cached state (goto reload); a return pops one.
//
// The cached state (cl, code, consts, regs, base, pc) always describes the
// top frame; t.frames[fi].pc is written back before anything that can look
// at frames (natives, errors, calls) and before returning.
func (t *Thread) run() runStop {
	var (
		fi      int
		cl      *Closure
		fn      *funcInst
		code    []Instr
		consts  []Value
		regs    []Value
		base    int
		pc      int
		err     error
		preempt = t.preempt
	)

reload:
	fi = len(t.frames) - 1
	{
		f := &t.frames[fi]
		if f.flags&(flagReturnNil|flagAtPC) != 0 {
			f.flags &^= flagAtPC
			if f.flags&flagReturnNil != 0 {
				st, stop := t.returnNil(fi)
				if stop {
					return st
				}
				goto reload
			}
		}
		cl = f.cl
		fn = cl.fn
		code = fn.proto.Code
		consts = fn.proto.Consts
		base = int(f.base)
		pc = int(f.pc)
		regs = t.stack[base : base+fn.proto.NRegs]
	}

	for {
		ins := code[pc]
		pc++
		switch ins.Op() {
		case OpNop, OpExtraArg:

		case OpMove:
			regs[ins.A()] = regs[ins.B()]

		case OpLoadK:
			regs[ins.A()] = consts[ins.Bx()]

		case OpLoadI:
			regs[ins.A()] = Value{tagInt, uint64(int64(ins.SBx()))}

		case OpLoadNil:
			a := ins.A()
			clear(regs[a : a+ins.B()])

		case OpLoadBool:
			regs[ins.A()] = Value{tagBool, uint64(ins.B())}

		case OpGetGlobal:
			regs[ins.A()] = fn.globals[ins.Bx()].V

		case OpSetGlobal:
			fn.globals[ins.Bx()].V = regs[ins.A()]

		case OpGetUpval:
			regs[ins.A()] = cl.cells[ins.B()].V

		case OpSetUpval:
			cl.cells[ins.B()].V = regs[ins.A()]

		case OpBox:
			regs[ins.A()] = newCell(regs[ins.B()]).value()

		case OpGetCell:
			c := regs[ins.B()].p
			if c == nil || (*hdr)(c).kind != kindCell {
				err = errNotCell
				goto throw
			}
			regs[ins.A()] = (*Cell)(c).V

		case OpSetCell:
			c := regs[ins.A()].p
			if c == nil || (*hdr)(c).kind != kindCell {
				err = errNotCell
				goto throw
			}
			(*Cell)(c).V = regs[ins.B()]

		case OpClosure:
			v, e := t.makeClosure(cl, fn.children[ins.Bx()], regs)
			if e != nil {
				err = e
				goto throw
			}
			regs[ins.A()] = v

		case OpAdd:
			b, c := &regs[ins.B()], &regs[ins.C()]
			if b.p == tagInt && c.p == tagInt {
				regs[ins.A()] = Value{tagInt, b.n + c.n}
			} else if v, e := arith(akAdd, *b, *c); e == nil {
				regs[ins.A()] = v
			} else {
				err = e
				goto throw
			}

		case OpSub:
			b, c := &regs[ins.B()], &regs[ins.C()]
			if b.p == tagInt && c.p == tagInt {
				regs[ins.A()] = Value{tagInt, b.n - c.n}
			} else if v, e := arith(akSub, *b, *c); e == nil {
				regs[ins.A()] = v
			} else {
				err = e
				goto throw
			}

		case OpMul:
			b, c := &regs[ins.B()], &regs[ins.C()]
			if b.p == tagInt && c.p == tagInt {
				regs[ins.A()] = Value{tagInt, uint64(int64(b.n) * int64(c.n))}
			} else if v, e := arith(akMul, *b, *c); e == nil {
				regs[ins.A()] = v
			} else {
				err = e
				goto throw
			}

		case OpDiv, OpMod, OpBand, OpBor, OpBxor, OpBandNot, OpShl, OpShr:
			if v, e := arith(int(ins.Op()-OpAdd), regs[ins.B()], regs[ins.C()]); e == nil {
				regs[ins.A()] = v
			} else {
				err = e
				goto throw
			}

		case OpAddI:
			b := &regs[ins.B()]
			if b.p == tagInt {
				regs[ins.A()] = Value{tagInt, b.n + uint64(int64(ins.SC()))}
			} else if v, e := arith(akAdd, *b, Int(int64(ins.SC()))); e == nil {
				regs[ins.A()] = v
			} else {
				err = e
				goto throw
			}

		case OpAddK:
			b, c := &regs[ins.B()], &consts[ins.C()]
			if b.p == tagInt && c.p == tagInt {
				regs[ins.A()] = Value{tagInt, b.n + c.n}
			} else if v, e := arith(akAdd, *b, *c); e == nil {
				regs[ins.A()] = v
			} else {
				err = e
				goto throw
			}

		case OpSubK:
			b, c := &regs[ins.B()], &consts[ins.C()]
			if b.p == tagInt && c.p == tagInt {
				regs[ins.A()] = Value{tagInt, b.n - c.n}
			} else if v, e := arith(akSub, *b, *c); e == nil {
				regs[ins.A()] = v
			} else {
				err = e
				goto throw
			}

		case OpMulK:
			b, c := &regs[ins.B()], &consts[ins.C()]
			if b.p == tagInt && c.p == tagInt {
				regs[ins.A()] = Value{tagInt, uint64(int64(b.n) * int64(c.n))}
			} else if v, e := arith(akMul, *b, *c); e == nil {
				regs[ins.A()] = v
			} else {
				err = e
				goto throw
			}

		case OpModK:
			b, c := &regs[ins.B()], &consts[ins.C()]
			if b.p == tagInt && c.p == tagInt && int64(c.n) > 0 {
				regs[ins.A()] = Value{tagInt, uint64(int64(b.n) % int64(c.n))}
			} else if v, e := arith(akMod, *b, *c); e == nil {
				regs[ins.A()] = v
			} else {
				err = e
				goto throw
			}

		case OpDivK:
			if v, e := arith(akDiv, regs[ins.B()], consts[ins.C()]); e == nil {
				regs[ins.A()] = v
			} else {
				err = e
				goto throw
			}

		case OpArithK:
			x := ins.X()
			l, r := regs[ins.B()], consts[ins.C()]
			if x&akRev != 0 {
				l, r = r, l
				x &^= akRev
			}
			if v, e := arith(x, l, r); e == nil {
				regs[ins.A()] = v
			} else {
				err = e
				goto throw
			}

		case OpUnm:
			b := &regs[ins.B()]
			switch b.p {
			case tagInt:
				regs[ins.A()] = Value{tagInt, uint64(-int64(b.n))}
			case tagFloat:
				regs[ins.A()] = Float(-b.AsFloat())
			default:
				err = Errorf("invalid operation: -%s", b.TypeName())
				goto throw
			}

		case OpNot:
			b := &regs[ins.B()]
			if b.p != tagBool {
				err = nonBool(*b)
				goto throw
			}
			regs[ins.A()] = Value{tagBool, b.n ^ 1}

		case OpBnot:
			b := &regs[ins.B()]
			if b.p != tagInt {
				err = Errorf("invalid operation: ^%s", b.TypeName())
				goto throw
			}
			regs[ins.A()] = Value{tagInt, ^b.n}

		case OpEq:
			regs[ins.A()] = Bool(Equal(regs[ins.B()], regs[ins.C()]))

		case OpNe:
			regs[ins.A()] = Bool(!Equal(regs[ins.B()], regs[ins.C()]))

		case OpLt, OpLe:
			if v, e := arith(akLt+int(ins.Op()-OpLt), regs[ins.B()], regs[ins.C()]); e == nil {
				regs[ins.A()] = v
			} else {
				err = e
				goto throw
			}

		case OpJmp:
			off := ins.SBx()
			pc += off
			if off < 0 && preempt.Load() != 0 {
				t.frames[fi].pc = int32(pc)
				return runPreempt
			}

		case OpJmpIf, OpJmpIfNot:
			a := &regs[ins.A()]
			if a.p != tagBool {
				err = nonBool(*a)
				goto throw
			}
			if (a.n != 0) == (ins.Op() == OpJmpIf) {
				off := ins.SBx()
				pc += off
				if off < 0 && preempt.Load() != 0 {
					t.frames[fi].pc = int32(pc)
					return runPreempt
				}
			}

		case OpJLt:
			a, b := &regs[ins.A()], &regs[ins.B()]
			var r bool
			if a.p == tagInt && b.p == tagInt {
				r = int64(a.n) < int64(b.n)
			} else if r, err = compare(akLt, *a, *b); err != nil {
				goto throw
			}
			if r == (ins.X() != 0) {
				off := ins.SC()
				pc += off
				if off < 0 && preempt.Load() != 0 {
					t.frames[fi].pc = int32(pc)
					return runPreempt
				}
			}

		case OpJLe:
			a, b := &regs[ins.A()], &regs[ins.B()]
			var r bool
			if a.p == tagInt && b.p == tagInt {
				r = int64(a.n) <= int64(b.n)
			} else if r, err = compare(akLe, *a, *b); err != nil {
				goto throw
			}
			if r == (ins.X() != 0) {
				off := ins.SC()
				pc += off
				if off < 0 && preempt.Load() != 0 {
					t.frames[fi].pc = int32(pc)
					return runPreempt
				}
			}

		case OpJEq:
			a, b := &regs[ins.A()], &regs[ins.B()]
			var r bool
			if a.p == tagInt && b.p == tagInt {
				r = a.n == b.n
			} else {
				r = Equal(*a, *b)
			}
			if r == (ins.X() != 0) {
				off := ins.SC()
				pc += off
				if off < 0 && preempt.Load() != 0 {
					t.frames[fi].pc = int32(pc)
					return runPreempt
				}
			}

		case OpJLtK, OpJLeK, OpJGtK, OpJGeK:
			a, k := &regs[ins.A()], &consts[ins.B()]
			var r bool
			if a.p == tagInt && k.p == tagInt {
				x, y := int64(a.n), int64(k.n)
				switch ins.Op() {
				case OpJLtK:
					r = x < y
				case OpJLeK:
					r = x <= y
				case OpJGtK:
					r = x > y
				default:
					r = x >= y
				}
			} else if r, err = compare(akLt+int(ins.Op()-OpJLtK), *a, *k); err != nil {
				goto throw
			}
			if r == (ins.X() != 0) {
				off := ins.SC()
				pc += off
				if off < 0 && preempt.Load() != 0 {
					t.frames[fi].pc = int32(pc)
					return runPreempt
				}
			}

		case OpJEqK:
			a, k := &regs[ins.A()], &consts[ins.B()]
			var r bool
			if a.p == tagInt && k.p == tagInt {
				r = a.n == k.n
			} else {
				r = Equal(*a, *k)
			}
			if r == (ins.X() != 0) {
				off := ins.SC()
				pc += off
				if off < 0 && preempt.Load() != 0 {
					t.frames[fi].pc = int32(pc)
					return runPreempt
				}
			}

		case OpBool:
			if a := &regs[ins.A()]; a.p != tagBool {
				err = nonBool(*a)
				goto throw
			}

		case OpRangeInit:
			a := ins.A()
			if err = rangeInit(regs[a:a+3], regs[ins.B()], ins.X()); err != nil {
				goto throw
			}

		case OpRangeNext:
			a := ins.A()
			st := regs[a : a+5]
			// Fast path: counting over an int.
			if st[0].p == tagInt {
				if int64(st[1].n) < int64(st[0].n) {
					st[3] = st[1]
					st[1].n++
				} else {
					continue
				}
			} else {
				t.frames[fi].pc = int32(pc)
				more, stop, e := t.rangeNext(st, ins.X())
				if e != nil {
					err = e
					goto throw
				}
				if stop {
					t.rewind(fi, pc)
					return runPark
				}
				if !more {
					continue
				}
			}
			off := ins.SBx()
			pc += off
			if off < 0 && preempt.Load() != 0 {
				t.frames[fi].pc = int32(pc)
				return runPreempt
			}

		case OpCall:
			a := base + ins.A()
			nargs := ins.B() - 1
			if nargs < 0 {
				nargs = t.top - (a + 1)
			}
			want := ins.C() - 1
			args := a + 1
			fv := t.stack[a]
			if ins.X()&CallMethod != 0 {
				if n := fv.Native(); n == nil || !n.Method {
					args++
					nargs--
				}
			}
			if fv.p != nil && (*hdr)(fv.p).funcKind == funcClosure {
				callee := (*Closure)(fv.p)
				p := callee.fn.proto
				if nargs != p.NParams || p.Variadic {
					if err = t.adjustArgs(callee, args, nargs); err != nil {
						goto throw
					}
				}
				if args+p.NRegs > len(t.stack) {
					if err = t.ensureStack(args + p.NRegs); err != nil {
						goto throw
					}
				}
				t.frames[fi].pc = int32(pc)
				if err = t.pushFrame(frame{cl: callee, base: int32(args), ret: int32(a), want: int16(want)}); err != nil {
					goto throw
				}
				if preempt.Load() != 0 {
					return runPreempt
				}
				goto reload
			}
			t.frames[fi].pc = int32(pc)
			if err = t.callNative(fv, a, args, nargs, want, ins.X()); err != nil {
				if err == ErrPark {
					t.rewind(fi, pc)
					return runPark
				}
				if err == errYield {
					return runYield
				}
				goto throw
			}
			regs = t.stack[base : base+fn.proto.NRegs]

		case OpReturn:
			a := base + ins.A()
			n := ins.B() - 1
			if n < 0 {
				n = t.top - a
			}
			if t.hasDefer(fi) {
				t.rewind(fi, pc) // run RETURN again after the deferred call
				if err = t.runDefer(nil); err != nil {
					goto throw
				}
				goto reload
			}
			st, stop, e := t.doReturn(fi, a, n)
			if e != nil {
				// The callee is gone: the error belongs to the caller's CALL.
				err = e
				fi = len(t.frames) - 1
				pc = int(t.frames[fi].pc)
				goto throw
			}
			if stop {
				return st
			}
			goto reload

		case OpGo:
			a := base + ins.A()
			nargs := ins.B() - 1
			if nargs < 0 {
				nargs = t.top - (a + 1)
			}
			t.frames[fi].pc = int32(pc)
			if err = t.goStmt(a, nargs); err != nil {
				goto throw
			}

		case OpDefer:
			a := base + ins.A()
			nargs := ins.B() - 1
			if nargs < 0 {
				nargs = t.top - (a + 1)
			}
			args := make([]Value, nargs)
			copy(args, t.stack[a+1:a+1+nargs])
			t.defers = append(t.defers, deferRec{frame: fi, fn: t.stack[a], args: args})

		case OpSelf:
			a := ins.A()
			if err = t.self(regs[a:a+2], regs[ins.B()], consts[ins.C()].AsStr()); err != nil {
				goto throw
			}

		case OpSpread:
			a := base + ins.A()
			if err = t.spread(a, regs[ins.B()]); err != nil {
				goto throw
			}
			regs = t.stack[base : base+fn.proto.NRegs]

		case OpNewList:
			b, n := ins.B(), ins.C()
			items := make([]Value, n, max(n, 4))
			copy(items, regs[b:b+n])
			regs[ins.A()] = NewList(items).Value()

		case OpListAppend:
			l := regs[ins.A()].List()
			b, n := ins.B(), ins.C()
			l.Append(regs[b : b+n]...)

		case OpNewMap:
			b, n := ins.B(), ins.C()
			m := NewMap(n)
			for i := 0; i < n; i++ {
				if e := m.Set(regs[b+2*i], regs[b+2*i+1]); e != nil {
					err = Errorf("%s", e.Error())
					goto throw
				}
			}
			regs[ins.A()] = m.Value()

		case OpGetIndex:
			x, k := &regs[ins.B()], &regs[ins.C()]
			if x.p != nil && (*hdr)(x.p).kind == KindList && k.p == tagInt {
				l := (*List)(x.p)
				l.mu.Lock()
				if i := k.n; i < uint64(len(l.items)) {
					regs[ins.A()] = l.items[i]
					l.mu.Unlock()
					break
				}
				l.mu.Unlock()
			}
			if v, e := index(*x, *k); e == nil {
				regs[ins.A()] = v
			} else {
				err = e
				goto throw
			}

		case OpGetIndexK:
			if v, e := index(regs[ins.B()], consts[ins.C()]); e == nil {
				regs[ins.A()] = v
			} else {
				err = e
				goto throw
			}

		case OpGetIndex2:
			a := ins.A()
			if v, ok, e := index2(regs[ins.B()], regs[ins.C()]); e == nil {
				regs[a], regs[a+1] = v, Bool(ok)
			} else {
				err = e
				goto throw
			}

		case OpSetIndex:
			x, k := &regs[ins.A()], &regs[ins.B()]
			if x.p != nil && (*hdr)(x.p).kind == KindList && k.p == tagInt {
				l := (*List)(x.p)
				l.mu.Lock()
				if i := k.n; i < uint64(len(l.items)) {
					l.items[i] = regs[ins.C()]
					l.mu.Unlock()
					break
				}
				l.mu.Unlock()
			}
			if err = setIndex(*x, *k, regs[ins.C()]); err != nil {
				goto throw
			}

		case OpSetIndexK:
			if err = setIndex(regs[ins.A()], consts[ins.B()], regs[ins.C()]); err != nil {
				goto throw
			}

		case OpSlice:
			c := ins.C()
			if v, e := slice(regs[ins.B()], regs[c], regs[c+1], ins.X()); e == nil {
				regs[ins.A()] = v
			} else {
				err = e
				goto throw
			}

		case OpGetField:
			if v, e := getField(regs[ins.B()], consts[ins.C()].AsStr()); e == nil {
				regs[ins.A()] = v
			} else {
				err = e
				goto throw
			}

		case OpLen:
			if v, e := length(regs[ins.B()]); e == nil {
				regs[ins.A()] = v
			} else {
				err = e
				goto throw
			}

		case OpAppend:
			b, n := ins.B(), ins.C()
			x := regs[b]
			if l := x.List(); l != nil {
				if n == 1 {
					l.Append1(regs[b+1])
				} else {
					l.Append(regs[b+1 : b+1+n]...)
				}
				regs[ins.A()] = x
			} else if v, e := appendSlow(x, regs[b+1:b+1+n]); e == nil {
				regs[ins.A()] = v
			} else {
				err = e
				goto throw
			}

		case OpSend:
			t.frames[fi].pc = int32(pc)
			park, e := t.send(regs[ins.A()], regs[ins.B()])
			if e != nil {
				err = e
				goto throw
			}
			if park {
				t.rewind(fi, pc)
				return runPark
			}

		case OpRecv:
			a := ins.A()
			t.frames[fi].pc = int32(pc)
			v, ok, park, e := t.recv(regs[ins.B()])
			if e != nil {
				err = e
				goto throw
			}
			if park {
				t.rewind(fi, pc)
				return runPark
			}
			regs[a] = v
			if ins.X() != 0 {
				regs[a+1] = Bool(ok)
			}

		case OpSelect:
			t.frames[fi].pc = int32(pc)
			kinds := consts[code[pc].Bx()].AsStr()
			a := ins.A()
			park, e := t.selectOp(regs[a:a+3], regs[ins.B():ins.B()+2*ins.C()], kinds, ins.X() != 0)
			if e != nil {
				err = e
				goto throw
			}
			if park {
				t.rewind(fi, pc)
				return runPark
			}
			pc++ // skip the EXTRAARG

		case OpImport:
			t.frames[fi].pc = int32(pc)
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
			nargs := int(regs[1].n)
			if err = t.callNative(regs[0], base, base+2, nargs, 0, 0); err != nil {
				if err == ErrPark {
					t.rewind(fi, pc)
					return runPark
				}
				if err == errYield {
					t.frames[fi].pc = int32(pc)
					return runYield
				}
				goto throw
			}
			regs = t.stack[base : base+fn.proto.NRegs]

		default:
			err = Errorf("internal error: bad opcode %d", ins.Op())
			goto throw
		}
	}

throw:
	// err is a panic (or fatal error) raised by the instruction before pc.
	t.frames[fi].pc = int32(pc)
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
func (t *Thread) makeClosure(parent *Closure, child *funcInst, regs []Value) (Value, error) {
	ups := child.proto.Upvals
	var cells []*Cell
	if len(ups) > 0 {
		cells = make([]*Cell, len(ups))
		for i, u := range ups {
			if u.Local {
				c := regs[u.Index].p
				if c == nil || (*hdr)(c).kind != kindCell {
					return Nil, errNotCell
				}
				cells[i] = (*Cell)(c)
			} else {
				cells[i] = parent.cells[u.Index]
			}
		}
	}
	return fromObj(unsafe.Pointer(newClosure(child, cells))), nil
}

// errNotCell reports a compiler bug: a cell operation on a register that
// does not hold a cell. Checked so that such a bug can never turn into a
// type confusion in the host.
var errNotCell = Errorf("internal error: register does not hold a captured variable")

// rewind saves the running frame's pc pointing AT the instruction before pc,
// so that it runs again when the frame resumes (a parked channel operation,
// a restartable native, a RETURN waiting for its deferred calls).
func (t *Thread) rewind(fi, pc int) {
	f := &t.frames[fi]
	f.pc = int32(pc - 1)
	f.flags |= flagAtPC
}
