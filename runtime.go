package goro

import (
	"context"
	"errors"
	"fmt"

	"github.com/goro-lang/goro/vm"
)

// Runtime is a live program: its top-level code has run, and it stays up
// with its globals and background goroutines until Close (or until the ctx
// given to Load ends, or a goroutine ends the run: an unrecovered panic in
// a background goroutine, os.Exit). Meanwhile the host reads and sets
// globals and calls script functions.
//
// Threading contract: every method may be called from any number of host
// goroutines at once. Each Call runs as a goroutine of the run, inside its
// scheduler: it may start goroutines, block on channels, sleep, select,
// and is preempted like any goroutine; calls from several host goroutines
// run in parallel on the run's processors (Options.Procs). A script panic
// or fatal error in a call (a stack overflow) fails that call only. A call
// made while a processor is idle runs on the calling host goroutine itself
// (no thread hand-off): a call of a small function costs about as much as
// a Go interface call plus the function's own instructions.
type Runtime struct {
	vm   *vm.Runtime
	conv *converter
}

// newVM builds the vm.Runtime for a run of program p with opts. It is,
// with vmOptions, the one place where Options become the runtime's
// configuration: Start, Load and NewSession all go through it.
func newVM(p *Program, prog *vm.Program, opts Options) (*vm.Runtime, *converter, error) {
	vo, err := vmOptions(p, opts)
	if err != nil {
		return nil, nil, err
	}
	if err := checkImports(prog, vo, opts); err != nil {
		return nil, nil, err
	}
	rt := vm.NewRuntime(prog, vo)
	return rt, attachConverter(rt), nil
}

// vmOptions turns Options into the runtime's options; p (nil for a REPL
// session) contributes the host modules it was compiled with.
func vmOptions(p *Program, opts Options) (vm.Options, error) {
	var progMods moduleSet
	if p != nil {
		progMods = p.mods
	}
	runMods, err := newModuleSet(opts.Modules)
	if err != nil {
		return vm.Options{}, err
	}
	if opts.Capabilities&Stdin == 0 {
		opts.Stdin = noStdin{} // the host's stdin is not the script's
	}
	return vm.Options{
		Stdout: opts.Stdout, Stderr: opts.Stderr, Stdin: opts.Stdin,
		Args: opts.Args, Getenv: opts.Getenv, Procs: procs(opts), MaxStack: opts.MaxStack,
		Modules: lookup(progMods, runMods), SchedTrace: opts.SchedTrace, SchedDetail: opts.SchedDetail,
		Sandbox: true, Caps: vm.Capability(opts.Capabilities), Limits: limits(opts), FS: opts.FS,
	}, nil
}

// attachConverter gives a runtime its value converter (host modules and
// Go values passed in convert with it, caching Go types per runtime).
func attachConverter(rt *vm.Runtime) *converter {
	conv := newConverter(rt.HostContext)
	rt.SetEmbedder(conv)
	return conv
}

// convFor returns the converter of a runtime made by newVM.
func convFor(rt *vm.Runtime) *converter {
	if c, ok := rt.Embedder().(*converter); ok {
		return c
	}
	return newConverter(rt.HostContext)
}

// Load compiles src (see Compile; opts.Modules are the host modules it may
// import) and loads it (see Program.Load).
func Load(ctx context.Context, filename string, src []byte, opts Options) (*Runtime, error) {
	p, err := Compile(filename, src, opts.Modules...)
	if err != nil {
		return nil, err
	}
	opts.Modules = nil // compiled in
	return p.Load(ctx, opts)
}

// Load starts a live run of the program: it runs the top-level code and
// returns when it has finished, with the runtime still up (see Runtime). It
// returns the run's error instead if the top-level code fails (a
// *RuntimeError, an *ExitError) or ctx ends first. Cancelling ctx later
// ends the run, as Close does.
func (p *Program) Load(ctx context.Context, opts Options) (*Runtime, error) {
	prog, err := p.liveProgram()
	if err != nil {
		return nil, err
	}
	rt, conv, err := newVM(p, prog, opts)
	if err != nil {
		return nil, err
	}
	if err := rt.StartLive(ctx); err != nil {
		if err == ctx.Err() {
			return nil, err
		}
		return nil, runResult(err)
	}
	return &Runtime{vm: rt, conv: conv}, nil
}

// Close ends the run: every goroutine stops, calls in flight return an
// error. It returns what ended the run if something did before (as Run
// would report it), else nil. Calling it again returns the same.
func (r *Runtime) Close() error {
	err := runResult(r.vm.Close())
	if err == nil {
		err = outputErr(r.vm.CloseOutput())
	}
	return err
}

// Done is closed when the run has ended (Close, the Load ctx, or a
// goroutine that ended it); Err then says why.
func (r *Runtime) Done() <-chan struct{} { return r.vm.LiveDone() }

// Err says why the run ended, after Done is closed: nil for Close, else as
// Run reports it.
func (r *Runtime) Err() error {
	select {
	case <-r.vm.LiveDone():
		if err := runResult(r.vm.LiveErr()); err != nil {
			return err
		}
		return outputErr(r.vm.CloseOutput())
	default:
		return nil
	}
}

// Global returns the value of the main file's global variable (or
// function) name; false when the program has none.
func (r *Runtime) Global(name string) (Value, bool) {
	v, ok := r.vm.Global(name)
	return Value{v}, ok
}

// SetGlobal sets the main file's global variable name to x, converted as
// ValueOf converts. The program must declare the global (the compiler
// resolves names at compile time); script goroutines see the new value at
// their next read.
func (r *Runtime) SetGlobal(name string, x any) error {
	v, err := r.ValueOf(x)
	if err != nil {
		return err
	}
	if !r.vm.SetGlobal(name, v.v) {
		return fmt.Errorf("goro: the program has no global %s", name)
	}
	return nil
}

// ValueOf converts a Go value to a Goro value: nil; bool; every int, uint
// and float kind (an int must fit int64); string; []byte (a string);
// time.Duration (an int of nanoseconds, as the time module counts);
// slices and arrays (lists); maps with string or int keys (maps, in
// sorted key order); error (an error value); any (its dynamic value); Go
// functions (callable by the script, converted by reflection as
// Module.Func says); FastFunc; structs and pointers to structs (native
// objects whose exported fields the script reads and whose exported
// methods it calls); a Value as is.
func (r *Runtime) ValueOf(x any) (Value, error) { return r.conv.valueOf(x) }

// ErrNotFunc is returned by calls of a value that is not a function.
var ErrNotFunc = errors.New("goro: not a function")

// Call calls fn (a script function, or any function value) with args and
// returns its first result (nil when it returns none). It runs as a
// goroutine of the run (see Runtime). A panic or fatal error in the call is
// a *RuntimeError and the runtime goes on; when ctx ends first the call is
// interrupted (it panics at its next safe point, or when it wakes if it is
// blocked) and Call returns ctx.Err(); after the run has ended it returns
// the run's error, or ErrClosed.
//
// Call does not allocate (with a ctx that cannot be cancelled, such as
// context.Background, and arguments and results that are numbers or
// bools).
func (r *Runtime) Call(ctx context.Context, fn Value, args ...Value) (Value, error) {
	if nc, ok := ctx.Value(nestKey{}).(*nestCtx); ok && nc.th != nil && nc.th.Runtime() == r.vm {
		res, err := r.nested(nc, fn, args)
		if err != nil || len(res) == 0 {
			return Value{}, err
		}
		return res[0], nil
	}
	c, err := r.vm.Caller()
	if err != nil {
		return Value{}, err
	}
	if err := c.Call(ctx, fn.v, rawValues(args)); err != nil {
		c.Release()
		return Value{}, r.callErr(err)
	}
	if c.Err != nil {
		err := interruptedBy(ctx, callResult(c.Err))
		c.Release()
		return Value{}, err
	}
	var v Value
	if len(c.Results) > 0 {
		v = Value{c.Results[0]}
	}
	c.Release()
	return v, nil
}

// CallAll is Call returning every result.
func (r *Runtime) CallAll(ctx context.Context, fn Value, args ...Value) ([]Value, error) {
	if nc, ok := ctx.Value(nestKey{}).(*nestCtx); ok && nc.th != nil && nc.th.Runtime() == r.vm {
		return r.nested(nc, fn, args)
	}
	c, err := r.vm.Caller()
	if err != nil {
		return nil, err
	}
	if err := c.Call(ctx, fn.v, rawValues(args)); err != nil {
		c.Release()
		return nil, r.callErr(err)
	}
	if c.Err != nil {
		err := interruptedBy(ctx, callResult(c.Err))
		c.Release()
		return nil, err
	}
	out := make([]Value, len(c.Results))
	copy(out, valuesOf(c.Results))
	c.Release()
	return out, nil
}

// Invoke is Call with Go arguments, each converted as ValueOf converts.
func (r *Runtime) Invoke(ctx context.Context, fn Value, args ...any) (Value, error) {
	var buf [8]Value
	vals := buf[:0]
	for i, a := range args {
		v, err := r.ValueOf(a)
		if err != nil {
			return Value{}, fmt.Errorf("goro: argument %d: %w", i+1, err)
		}
		vals = append(vals, v)
	}
	return r.Call(ctx, fn, vals...)
}

// CallGlobal calls the main file's global function name (Global, then
// Invoke).
func (r *Runtime) CallGlobal(ctx context.Context, name string, args ...any) (Value, error) {
	fn, ok := r.Global(name)
	if !ok {
		return Value{}, fmt.Errorf("goro: the program has no global %s", name)
	}
	return r.Invoke(ctx, fn, args...)
}

// nested runs a callback from a Go function on the script goroutine that
// called the Go function (Go -> script -> Go -> script).
func (r *Runtime) nested(nc *nestCtx, fn Value, args []Value) ([]Value, error) {
	if nc.unwind != nil {
		return nil, &RuntimeError{Kind: PanicKind, Report: "panic: a callback already panicked\n"}
	}
	res, err := nc.th.Call(fn.v, rawValues(args)...)
	if err == nil {
		return valuesOf(res), nil
	}
	var pe *vm.PanicError
	if errors.As(err, &pe) {
		return nil, callResult(err) // the call did not start (not a function, arity)
	}
	// A panic unwinding, a fatal error, os.Exit, a shutdown: the Go
	// function's caller must see it, whatever the Go function returns.
	nc.unwind = err
	if vm.Unwinding(err) {
		pv, _ := nc.th.PanicValue()
		return nil, &RuntimeError{Kind: PanicKind, Report: "panic: " + string(vm.AppendStr(nil, pv)) + "\n", Value: Value{pv}}
	}
	return nil, callResult(err)
}

// callErr maps an error of the call machinery (not of the script).
func (r *Runtime) callErr(err error) error {
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	case errors.Is(err, vm.ErrClosed):
		return ErrClosed
	}
	return callResult(err)
}

// interruptedBy turns the interrupt a call's ctx caused (the call ran on
// the caller's goroutine and panicked "interrupted" there, before Call could
// see ctx end) into ctx.Err(), as Call documents.
func interruptedBy(ctx context.Context, err error) error {
	if re, ok := err.(*RuntimeError); ok && re.Kind == InterruptedKind && ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// ErrClosed is returned by calls into a runtime that has been closed.
var ErrClosed = errors.New("goro: runtime closed")

// callResult maps how a call failed onto the package's errors.
func callResult(err error) error {
	var pe *vm.PanicError
	if errors.As(err, &pe) {
		// Raised before the call started (a wrong argument count).
		return &RuntimeError{Kind: PanicKind, Report: "panic: " + string(vm.AppendStr(nil, pe.Value)) + "\n", Value: Value{pe.Value}}
	}
	if err != nil && err.Error() == "interrupted" {
		return &RuntimeError{Kind: InterruptedKind, Report: "interrupted\n"}
	}
	return runResult(err)
}
