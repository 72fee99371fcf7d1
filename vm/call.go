package vm

import (
	"fmt"
)

// Calls, returns, deferred calls and panics.
//
// Panics follow Go: frames are not popped while a panic runs the deferred
// calls; each deferred call runs as a new frame ON TOP of the panicking
// frames. So an unrecovered panic still has every frame for its traceback,
// and recover() knows it is called directly by a deferred call because its
// caller frame carries flagDefer and the panic that started it. Only a
// recovery pops frames: down to the frame that deferred the recovering call,
// which then returns nils.

// unwindSignal is the error Call returns to a native when a panic is
// unwinding past the native (no frame of the callback recovered it); the
// native must return it, and the interpreter carries on unwinding.
type unwindSignal struct{}

func (*unwindSignal) Error() string { return "vm: panic unwinding" }

var errUnwind = &unwindSignal{}

// maxNest bounds native→script callbacks nested inside each other (Lua
// bounds its C calls at 200 the same way).
const maxNest = 200

// callError is the error for calling something that is not a function.
func callError(v Value) error {
	if v.IsNil() {
		return Errorf("call of nil")
	}
	return Errorf("call of non-function (type %s)", v.TypeName())
}

// adjustArgs checks the argument count of a call of c whose nargs
// arguments are at stack[args:], packing a variadic function's extra
// arguments into a list in its last parameter.
func (t *Thread) adjustArgs(c *Closure, args, nargs int) error {
	p := c.fn.proto
	if !p.Variadic {
		if nargs != p.NParams {
			return ArityError(p.Name, nargs, p.NParams)
		}
		return nil
	}
	fixed := p.NParams - 1
	if nargs < fixed {
		return Errorf("wrong number of arguments in call to %s: have %d, want at least %d", p.Name, nargs, fixed)
	}
	n := nargs - fixed
	items := make([]Value, n)
	copy(items, t.stack[args+fixed:args+nargs])
	if err := t.ensureStack(args + fixed + 1); err != nil {
		return err
	}
	t.stack[args+fixed] = NewList(items).Value()
	return nil
}

// callNative calls native fv with stack[args:args+nargs] and places its
// results at stack[a:] as the caller wants them (want -1: all, setting top).
func (t *Thread) callNative(fv Value, a, args, nargs, want, flags int) error {
	n := fv.Native()
	if n == nil {
		return callError(fv)
	}
	if t.preempt.Load() != 0 && t.profPending.Load() != 0 {
		t.profSample("") // ticks that came before the call are the caller's
	}
	v, err := n.Fn(t, t.stack[args:args+nargs:args+nargs])
	if t.preempt.Load() != 0 && t.profPending.Load() != 0 {
		t.profSample(n.Name) // profile ticks came while the native ran
	}
	if err != nil {
		return err
	}
	if n.NRes > 0 && t.rt.prof.mem.Load() != nil {
		t.noteAlloc(allocSize(v), n.Name)
	}
	nres := int(n.NRes)
	if want > 0 && want != nres {
		return resultMismatch(n.Name, want, nres, flags&CallAssign != 0)
	}
	if want < 0 {
		if err := t.ensureStack(a + nres + stackGuard); err != nil {
			return err
		}
		t.top = a + nres
	} else if want == 0 {
		return nil
	}
	if nres > 0 {
		t.stack[a] = v
		if nres > 1 {
			t.stack[a+1] = t.ret2
			t.ret2 = Nil
			if nres > 2 {
				t.stack[a+2] = t.ret3
				t.ret3 = Nil
			}
		}
	}
	return nil
}

// resultMismatch words a call whose result count does not fit its place.
func resultMismatch(name string, want, n int, assign bool) error {
	switch {
	case n == 0:
		return Errorf("%s() (no value) used as value", name)
	case assign || want > 1:
		return Errorf("assignment mismatch: %d %s but %s returns %d %s",
			want, plural(want, "variable"), name, n, plural(n, "value"))
	}
	return Errorf("multiple-value %s() (%d values) in single-value context", name, n)
}

func plural(n int, s string) string {
	if n == 1 {
		return s
	}
	return s + "s"
}

// doReturn returns n results at stack[a:] from frame fi (whose deferred
// calls have all run). stop reports that run must return st.
func (t *Thread) doReturn(fi, a, n int) (st runStop, stop bool, err error) {
	f := &t.frames[fi]
	want, ret := int(f.want), int(f.ret)
	switch {
	case want < 0:
		copy(t.stack[ret:ret+n], t.stack[a:a+n])
		t.top = ret + n
	case want == 0:
	case want == n:
		copy(t.stack[ret:ret+n], t.stack[a:a+n])
	default:
		name := f.cl.fn.proto.Name
		t.frames = t.frames[:fi]
		return 0, false, resultMismatch(name, want, n, t.callerAssigns())
	}
	return t.popFrame(fi)
}

// callerAssigns reports whether the running frame's last CALL feeds an
// assignment (for the wording of result-count errors).
func (t *Thread) callerAssigns() bool {
	if len(t.frames) == 0 {
		return false
	}
	f := &t.frames[len(t.frames)-1]
	code := f.cl.fn.proto.Code
	if pc := int(f.pc) - 1; pc >= 0 && pc < len(code) && code[pc].Op() == OpCall {
		return code[pc].X()&CallAssign != 0
	}
	return false
}

// popFrame removes frame fi (the top) after its results are placed, and
// decides what runs next.
func (t *Thread) popFrame(fi int) (st runStop, stop bool, err error) {
	f := &t.frames[fi]
	flags, p := f.flags, f.panic
	t.frames = t.frames[:fi]
	if flags&flagNestBase != 0 {
		return runNest, true, nil
	}
	if flags&flagDefer != 0 && p != nil {
		st, stop = t.afterPanicDefer(p)
		return st, stop, nil
	}
	if fi == 0 {
		return runExit, true, nil
	}
	return 0, false, nil
}

// returnNil finishes a frame that recovered from a panic: its remaining
// deferred calls run, then it returns nil for each result its caller wants.
func (t *Thread) returnNil(fi int) (runStop, bool) {
	if t.hasDefer(fi) {
		if err := t.runDefer(nil); err != nil {
			return t.raise(err)
		}
		return 0, false
	}
	f := &t.frames[fi]
	want, ret := int(f.want), int(f.ret)
	if want > 0 {
		clear(t.stack[ret : ret+want])
	} else if want < 0 {
		t.top = ret
	}
	st, stop, err := t.popFrame(fi)
	if err != nil {
		return t.raise(err)
	}
	return st, stop
}

// runDefer pops the innermost deferred call and pushes it as a frame above
// everything. p is the panic whose unwinding runs it (nil on a normal
// return).
func (t *Thread) runDefer(p *panicRec) error {
	d := t.defers[len(t.defers)-1]
	t.defers = t.defers[:len(t.defers)-1]
	if p != nil {
		p.deferFrame = d.frame
	}
	return t.pushCall(d.fn, d.args, t.frameEnd(), 0, flagDefer, p)
}

// pushCall pushes a frame calling fn(args) with its function slot at stack
// index e (results go there). Natives run through the trampoline frame.
func (t *Thread) pushCall(fn Value, args []Value, e, want int, flags uint8, p *panicRec) error {
	n := len(args)
	if c := fn.Closure(); c != nil {
		if err := t.ensureStack(e + 1 + max(n, c.fn.proto.NRegs) + 1); err != nil {
			return err
		}
		t.stack[e] = fn
		copy(t.stack[e+1:], args)
		if p := c.fn.proto; n != p.NParams || p.Variadic {
			if err := t.adjustArgs(c, e+1, n); err != nil {
				return err
			}
		}
		return t.pushFrame(frame{cl: c, base: int32(e + 1), ret: int32(e), want: int16(want), flags: flags, panic: p})
	}
	if fn.Native() != nil {
		if err := t.ensureStack(e + 2 + n + stackGuard); err != nil {
			return err
		}
		t.stack[e] = fn
		t.stack[e+1] = Int(int64(n))
		copy(t.stack[e+2:], args)
		return t.pushFrame(frame{cl: t.rt.trampolineClosure(), base: int32(e), ret: int32(e), want: int16(want),
			flags: flags | flagTrampoline, panic: p})
	}
	return callError(fn)
}

// raise starts a panic (or a fatal end) with err at the running frame.
// stop reports that run must return st; otherwise run reloads and goes on
// (running the first deferred call).
func (t *Thread) raise(err error) (runStop, bool) {
	if err == errShutdown {
		t.exitErr = err
		return runDie, true
	}
	switch e := err.(type) {
	case *unwindSignal:
		return t.unwind()
	case *PanicError:
		t.panics = &panicRec{value: e.Value, link: t.panics, startFrame: len(t.frames) - 1}
		return t.unwind()
	case *FatalError:
		if e.Dump == "" {
			e.Dump = t.dump("running")
		}
		if e.Frames == nil {
			e.Frames = t.Frames()
		}
		t.exitErr = e
		return runDie, true
	case *ExitError:
		t.exitErr = e
		return runDie, true
	}
	// A Go error a native returned as is: a runtime error.
	t.panics = &panicRec{value: NewError("runtime error: " + err.Error()), link: t.panics, startFrame: len(t.frames) - 1}
	return t.unwind()
}

// unwind runs the next deferred call for the panic in flight, or ends the
// nested loop or the program when none is left.
func (t *Thread) unwind() (runStop, bool) {
	nb := t.nestBase()
	if n := len(t.defers); n > 0 && t.defers[n-1].frame >= nb {
		if err := t.runDefer(t.panics); err != nil {
			return t.raise(err)
		}
		return 0, false
	}
	if nb > 0 {
		return runNestPanic, true
	}
	t.exitErr = &PanicExit{Text: t.panicReport(), Value: t.panics.value, Frames: t.Frames()}
	return runDie, true
}

// afterPanicDefer runs when a deferred call started by panic p returns.
func (t *Thread) afterPanicDefer(p *panicRec) (runStop, bool) {
	if !p.recovered {
		return t.unwind()
	}
	fi := p.deferFrame
	// p is over, and so is every panic it interrupted above frame fi.
	q := t.panics
	for q != nil && q.startFrame >= fi {
		q = q.link
	}
	t.panics = q
	t.frames = t.frames[:fi+1]
	t.frames[fi].flags |= flagReturnNil
	return 0, false
}

// nestBase returns the index of the innermost frame that started a nested
// loop (Call), or 0 when there is none.
func (t *Thread) nestBase() int {
	if t.nest == 0 {
		return 0
	}
	for i := len(t.frames) - 1; i >= 0; i-- {
		if t.frames[i].flags&flagNestBase != 0 {
			return i
		}
	}
	return 0
}

// PanicExit is how an unrecovered panic ends a program: Text is the whole
// report for stderr ("panic: ...", a blank line, the goroutine's frames);
// Value is the panic's value and Frames the panicking goroutine's frames,
// innermost first (for hosts).
type PanicExit struct {
	Text   string
	Value  Value
	Frames []Frame
}

func (e *PanicExit) Error() string { return e.Text }

// panicReport formats the panics in flight and this goroutine's frames.
func (t *Thread) panicReport() string {
	var chain []*panicRec
	for p := t.panics; p != nil; p = p.link {
		chain = append(chain, p)
	}
	var b []byte
	for i := len(chain) - 1; i >= 0; i-- {
		p := chain[i]
		if i < len(chain)-1 {
			b = append(b, '\t')
		}
		b = append(b, "panic: "...)
		b = AppendStr(b, p.value)
		switch {
		case p.recovered && i > 0 && Same(chain[i-1].value, p.value):
			// panic(recover()): Go 1.25 prints one line for the pair.
			b = append(b, " [recovered, repanicked]"...)
			i--
		case p.recovered:
			b = append(b, " [recovered]"...)
		}
		b = append(b, '\n')
	}
	b = append(b, '\n')
	b = append(b, t.dump("running")...)
	return string(b)
}

// ---------------------------------------------------------------------------
// Calling scripts from natives

// Call calls fn with args from a native and returns its results. A script
// function runs in a nested interpreter loop on the same goroutine; if it
// blocks, the goroutine stays locked to its host thread meanwhile. If the
// call panics and nothing in it recovers, Call returns an error that the
// native must return unchanged.
func (t *Thread) Call(fn Value, args ...Value) ([]Value, error) {
	top := t.top
	e, n, err := t.call(fn, args)
	if err != nil {
		return nil, err
	}
	out := make([]Value, n)
	copy(out, t.stack[e:e+n])
	t.top = top // the results are copied out: their stack space is free again
	return out, nil
}

// Call1 is Call for one result: the first result, or nil if there is none.
func (t *Thread) Call1(fn Value, args ...Value) (Value, error) {
	top := t.top
	e, n, err := t.call(fn, args)
	if err != nil {
		return Nil, err
	}
	v := Nil
	if n > 0 {
		v = t.stack[e]
	}
	t.top = top
	return v, nil
}

// call runs fn(args) and returns where its n results are on the stack.
func (t *Thread) call(fn Value, args []Value) (e, n int, err error) {
	e = t.frameEnd()
	if nat := fn.Native(); nat != nil {
		if err := t.ensureStack(e + len(args) + 2 + stackGuard); err != nil {
			return 0, 0, err
		}
		copy(t.stack[e+1:], args)
		if err := t.callNative(fn, e, e+1, len(args), -1, 0); err != nil {
			return 0, 0, err
		}
		return e, t.top - e, nil
	}
	if fn.Closure() == nil {
		return 0, 0, callError(fn)
	}
	// Each nested loop recurses on the host's Go stack, which must never
	// overflow (that would kill the host): recursion through natives is
	// bounded here and ends like any other runaway recursion.
	if t.nest >= maxNest {
		return 0, 0, t.stackOverflow()
	}
	if err := t.pushCall(fn, args, e, -1, flagNestBase, nil); err != nil {
		return 0, 0, err
	}
	t.nest++
	st := t.runNested()
	t.nest--
	switch st {
	case runNest:
		return e, t.top - e, nil
	case runNestPanic:
		return 0, 0, errUnwind
	case runDie:
		return 0, 0, t.exitErr
	}
	return 0, 0, fmt.Errorf("vm: nested call stopped: %d", st)
}

// callSlow is OpCall's general path: natives, method calls, wrong or
// variadic argument counts, growth of the stack or the frame array. pushed
// reports that a script frame was pushed (the loop reloads); otherwise a
// native ran and its results are in place.
func (t *Thread) callSlow(ins Instr) (pushed bool, err error) {
	fi := len(t.frames) - 1
	a := int(t.frames[fi].base) + ins.A()
	nargs := ins.B() - 1
	if nargs < 0 {
		nargs = t.top - (a + 1)
	}
	args := a + 1
	fv := t.stack[a]
	if ins.X()&CallMethod != 0 {
		if n := fv.Native(); (n == nil || !n.Method) && !isMethodClosure(fv) {
			args++
			nargs--
		}
	}
	if c := fv.Closure(); c != nil {
		p := c.fn.proto
		if nargs != p.NParams || p.Variadic {
			if err := t.adjustArgs(c, args, nargs); err != nil {
				return false, err
			}
		}
		if err := t.ensureStack(args + p.NRegs); err != nil {
			return false, err
		}
		if err := t.pushFrame(frame{cl: c, base: int32(args), ret: int32(a), want: int16(ins.C() - 1)}); err != nil {
			return false, err
		}
		return true, nil
	}
	return false, t.callNative(fv, a, args, nargs, ins.C()-1, ins.X())
}

// isMethodClosure reports whether fv is a script method (Proto.IsMethod),
// which a method call passes its receiver.
func isMethodClosure(fv Value) bool {
	c := fv.Closure()
	return c != nil && c.fn.method
}
