package goro

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"

	"github.com/goro-lang/goro/compiler"
	"github.com/goro-lang/goro/lang"
	"github.com/goro-lang/goro/stdlib"
	"github.com/goro-lang/goro/vm"
)

// Session is an interactive session (the REPL's engine): inputs are
// compiled one at a time against the session's globals and run on one
// runtime, so goroutines started by one input keep running in the
// background and channels work across inputs.
//
// Threading contract: every method may be called from any goroutine.
// Inputs are evaluated one at a time: Eval, EvalFile and Disasm wait for
// the input in progress (or their ctx), as do Names and Members.
type Session struct {
	opts Options
	cs   *compiler.Session
	vs   *vm.Session
	// sem serializes inputs (the compiler session and the echo of an
	// input are not safe for concurrent use); a channel so that a waiting
	// Eval can give up when its ctx ends.
	sem    chan struct{}
	lookup vm.ModuleLookup
	rt     *vm.Runtime
}

// EvalResult is what one input produced.
type EvalResult struct {
	// Values are the values of the input's final expression; empty when
	// the input ends with a statement or a call that returns nothing.
	// Echo formats them as the REPL shows them.
	Values []Value
	// Report is the report of a panic, a fatal error (deadlock of the
	// prompt's goroutine, stack overflow) or an interrupt; the session goes
	// on.
	Report string
	// Interrupted is set when cancelling the context stopped the input
	// (Report is then "interrupted").
	Interrupted bool
}

// Echo formats Values as the REPL shows them (Value.Repr: strings quoted,
// `"a"`, `["a" 1]`).
func (r *EvalResult) Echo() []string {
	if len(r.Values) == 0 {
		return nil
	}
	out := make([]string, len(r.Values))
	for i, v := range r.Values {
		out[i] = v.Repr()
	}
	return out
}

// NewSession starts a session. Options are as for Run; Args defaults to
// ["<repl>"].
func NewSession(opts Options) (*Session, error) {
	if opts.Args == nil {
		opts.Args = []string{"<repl>"}
	}
	vo, err := vmOptions(nil, opts)
	if err != nil {
		return nil, err
	}
	rt := vm.NewRuntime(&vm.Program{}, vo)
	attachConverter(rt)
	vs, err := vm.StartSession(rt)
	if err != nil {
		return nil, err
	}
	return &Session{
		opts: opts,
		cs: compiler.NewSession("<repl>", compiler.Options{Modules: vo.Modules, ReadFile: os.ReadFile,
			CheckImport: func(site vm.ImportSite) string { return importDenied(site, vo.Modules, opts.Capabilities) }}),
		vs:     vs,
		sem:    make(chan struct{}, 1),
		lookup: vo.Modules,
		rt:     rt,
	}, nil
}

// acquire takes the session's input lock, or gives up when ctx ends or
// the session has ended.
func (s *Session) acquire(ctx context.Context) error {
	select {
	case s.sem <- struct{}{}:
		return nil
	default:
	}
	select {
	case s.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-s.vs.Done():
		return ErrSessionClosed
	}
}

func (s *Session) release() { <-s.sem }

// Incomplete reports whether a compile error only says the input is
// unfinished (an open brace, parenthesis or raw string): read more.
func Incomplete(err error) bool {
	var ce *CompileError
	return errors.As(err, &ce) && compiler.IsIncomplete(ce.Errors)
}

// ErrSessionClosed is returned after the session has ended.
var ErrSessionClosed = errors.New("goro: session closed")

// Eval compiles and runs one input. It returns *CompileError when the
// input does not compile (see Incomplete), *ExitError when the input (or a
// background goroutine) called os.Exit, ErrSessionClosed after Close.
// Cancelling ctx interrupts the input: it stops with a report, background
// goroutines keep running.
func (s *Session) Eval(ctx context.Context, src string) (*EvalResult, error) {
	if err := s.acquire(ctx); err != nil {
		return nil, err
	}
	defer s.release()
	in, err := s.compileInput(func() (*compiler.Input, error) { return s.cs.Compile(src) })
	if err != nil {
		return nil, err
	}
	return s.run(ctx, in)
}

// EvalFile is Eval for the contents of a file (the REPL's :load): its
// positions name path, and its relative imports resolve against path's
// directory.
func (s *Session) EvalFile(ctx context.Context, path, src string) (*EvalResult, error) {
	if err := s.acquire(ctx); err != nil {
		return nil, err
	}
	defer s.release()
	in, err := s.compileInput(func() (*compiler.Input, error) { return s.cs.CompileFile(path, src) })
	if err != nil {
		return nil, err
	}
	return s.run(ctx, in)
}

// run runs a compiled input.
func (s *Session) run(ctx context.Context, in *compiler.Input) (*EvalResult, error) {
	if err := s.vs.LinkModules(in.Modules); err != nil {
		return nil, err
	}
	r, err := s.vs.Eval(ctx, in.Proto)
	if err != nil {
		return nil, s.sessionErr(err)
	}
	if r.Exit != nil {
		return nil, &ExitError{Code: r.Exit.Code}
	}
	res := &EvalResult{Report: r.Report, Interrupted: r.Interrupted}
	if in.Echo {
		res.Values = append(res.Values, valuesOf(r.Values)...)
	}
	return res, nil
}

func (s *Session) compileInput(compile func() (*compiler.Input, error)) (in *compiler.Input, err error) {
	defer func() {
		if r := recover(); r != nil {
			in, err = nil, &CompileError{Errors: lang.ErrorList{{File: "<repl>", Msg: fmt.Sprintf("internal compiler error: %v", r)}}}
		}
	}()
	in, err = compile()
	if err != nil {
		var list lang.ErrorList
		if errors.As(err, &list) {
			return nil, &CompileError{Errors: list}
		}
		return nil, err
	}
	return in, nil
}

// sessionErr maps the runtime's end of a session to this package's errors.
func (s *Session) sessionErr(err error) error {
	var exit *vm.ExitError
	if errors.As(err, &exit) {
		return &ExitError{Code: exit.Code}
	}
	if errors.Is(err, vm.ErrSessionClosed) {
		return ErrSessionClosed
	}
	return runResult(err)
}

// Done is closed when the session has ended (Close, or os.Exit from a
// background goroutine); Err then says why.
func (s *Session) Done() <-chan struct{} { return s.vs.Done() }

// Err says why a session ended (after Done is closed): *ExitError for
// os.Exit, nil for Close.
func (s *Session) Err() error {
	err := s.vs.Err()
	if err == nil {
		return nil
	}
	return s.sessionErr(err)
}

// Close ends the session and every goroutine it started; nothing is
// written to the session's writers after it returns.
func (s *Session) Close() {
	s.vs.Close()
	s.rt.CloseOutput()
}

// Dump writes every goroutine of the session (the REPL's :goroutines).
func (s *Session) Dump(w io.Writer) { s.vs.Dump(w) }

// Disasm writes the bytecode of src compiled as an input. When src is just
// the name of a function (`fib`, `m.F`), it shows that function instead.
func (s *Session) Disasm(ctx context.Context, w io.Writer, src string) error {
	if err := s.acquire(ctx); err != nil {
		return err
	}
	defer s.release()
	in, err := s.compileInput(func() (*compiler.Input, error) { return s.cs.Compile(src) })
	if err != nil {
		return err
	}
	// DisasmProto separates functions with a blank line before each one;
	// a listing on its own starts without it.
	var b bytes.Buffer
	defer func() { w.Write(bytes.TrimPrefix(b.Bytes(), []byte("\n"))) }()
	if isName(src) && in.Echo {
		if err := s.vs.LinkModules(in.Modules); err != nil {
			return err
		}
		r, err := s.vs.Eval(ctx, in.Proto)
		if err != nil {
			return s.sessionErr(err)
		}
		if len(r.Values) == 1 {
			if c := r.Values[0].Closure(); c != nil {
				compiler.DisasmProto(&b, c.Proto())
				return nil
			}
		}
	}
	compiler.DisasmProto(&b, in.Proto)
	return nil
}

// isName reports whether src is a name or a dotted name.
func isName(src string) bool {
	src = strings.TrimSpace(src)
	if src == "" {
		return false
	}
	for _, part := range strings.Split(src, ".") {
		if part == "" {
			return false
		}
		for i, r := range part {
			if !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127 || i > 0 && r >= '0' && r <= '9') {
				return false
			}
		}
	}
	return true
}

// Names returns what a REPL completes at the start of a name: the
// session's globals and imported modules, the builtins and the keywords,
// sorted.
func (s *Session) Names() []string {
	if s.acquire(context.Background()) == nil {
		defer s.release()
	}
	seen := map[string]bool{}
	var out []string
	add := func(names ...string) {
		for _, n := range names {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	add(s.cs.Globals()...)
	add(s.cs.Modules()...)
	add(vm.BuiltinNames()...)
	add(Keywords...)
	sort.Strings(out)
	return out
}

// Members returns the members of an imported module (or of any standard
// module by name, so that `strings.` completes before the import), sorted;
// nil if there is no such module.
func (s *Session) Members(module string) []string {
	if s.acquire(context.Background()) == nil {
		defer s.release()
	}
	if m := s.cs.Members(module); m != nil {
		return m
	}
	if def := s.lookup(module); def != nil {
		out := append([]string(nil), def.Members...)
		sort.Strings(out)
		return out
	}
	return nil
}

// StdModules lists the standard modules, for completing import paths.
func StdModules() []string { return stdlib.Names() }

// Keywords are Goro's keywords (SPEC §1).
var Keywords = []string{"break", "case", "continue", "default", "defer", "else", "fallthrough",
	"false", "for", "func", "go", "if", "import", "nil", "range", "return", "select", "switch",
	"true", "var"}
