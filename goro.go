// Package goro embeds the Goro scripting language in a Go program.
//
// Compile once, run many times, each run isolated from the others:
//
//	prog, err := goro.Compile("hello.goro", src)
//	if err != nil { ... }              // *goro.CompileError: file:line:col messages
//	err = prog.Run(ctx, goro.Options{Stdout: &out})
//
// A run is a whole Goro program: its goroutines are multiplexed by Goro's
// own scheduler over a few host threads, it ends when its main goroutine
// returns, and nothing it does can crash the host: script panics, fatal
// errors (deadlock, stack overflow) and os.Exit come back as errors, and
// cancelling ctx stops every goroutine of the run.
//
// Threading contract: a *Program is immutable and may be Run by any number
// of goroutines at once; each Run has its own globals, goroutines, output
// buffers and scheduler. Options' writers are written from the run's host
// threads, one write at a time.
package goro

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync"

	"github.com/goro-lang/goro/compiler"
	"github.com/goro-lang/goro/lang"
	"github.com/goro-lang/goro/vm"
)

// Version is the Goro release.
const Version = "0.1.0"

// Program is a compiled program: its main file and every file module it
// imports.
type Program struct {
	prog *vm.Program
	mods moduleSet // host modules it was compiled with

	// live is the program compiled for Load: every top-level variable
	// kept a global, so that the host can read and set it (Run's
	// compilation keeps variables only the top-level code uses in
	// registers). Compiled on the first Load.
	liveOnce sync.Once
	live     *vm.Program
	liveErr  error
	relink   func() (*vm.Program, error)
}

// CompileError holds the compile-time errors of a program, in source order.
type CompileError struct {
	Errors lang.ErrorList
}

func (e *CompileError) Error() string { return e.Errors.Error() }

// Format returns every error with its source line and a caret:
//
//	f.goro:3:9: undefined: inner
//	println(inner)
//	        ^
func (e *CompileError) Format() string {
	var b strings.Builder
	for i, err := range e.Errors {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(err.Format())
	}
	return b.String()
}

// Compile compiles a program whose main file is named filename (imports of
// file modules are read relative to it) with source src. mods are host
// modules the program may import besides the standard ones (see Module).
// Files (imports, and the main file of CompileFile) are read only when they
// are regular files of at most lang.MaxSourceSize bytes.
func Compile(filename string, src []byte, mods ...*Module) (*Program, error) {
	return compile(context.Background(), filename, src, compiler.ReadSource, mods)
}

// CompileContext is Compile that gives up, returning ctx.Err(), once ctx
// is done (the compiler checks it between files and phases).
func CompileContext(ctx context.Context, filename string, src []byte, mods ...*Module) (*Program, error) {
	return compile(ctx, filename, src, compiler.ReadSource, mods)
}

// CompileFile reads and compiles the program whose main file is path.
func CompileFile(path string) (*Program, error) {
	src, err := compiler.ReadSource(path)
	if err != nil {
		return nil, err
	}
	return Compile(path, src)
}

func compile(ctx context.Context, filename string, src []byte, read func(string) ([]byte, error), mods []*Module) (p *Program, err error) {
	// The compiler reports every user error as a value; a Go panic here is
	// a bug, but it must never take the host down.
	defer func() {
		if r := recover(); r != nil {
			p, err = nil, &CompileError{Errors: lang.ErrorList{{File: filename, Msg: fmt.Sprintf("internal compiler error: %v", r)}}}
		}
	}()
	set, err := newModuleSet(mods)
	if err != nil {
		return nil, err
	}
	copts := compiler.Options{Modules: lookup(set), ReadFile: read, Context: ctx}
	prog, err := compiler.Compile(filename, src, copts)
	if err != nil {
		var list lang.ErrorList
		if errors.As(err, &list) {
			return nil, &CompileError{Errors: list}
		}
		return nil, err
	}
	src = append([]byte(nil), src...)
	relink := func() (*vm.Program, error) {
		copts.KeepGlobals = true
		copts.Context = nil
		return compiler.Compile(filename, src, copts)
	}
	return &Program{prog: prog, mods: set, relink: relink}, nil
}

// liveProgram returns the program compiled for Load (see Program.live).
func (p *Program) liveProgram() (*vm.Program, error) {
	p.liveOnce.Do(func() {
		defer func() {
			if r := recover(); r != nil {
				p.liveErr = fmt.Errorf("goro: internal compiler error: %v", r)
			}
		}()
		p.live, p.liveErr = p.relink()
	})
	return p.live, p.liveErr
}

// Disasm writes the program's bytecode, readably.
func (p *Program) Disasm(w io.Writer) { compiler.Disasm(w, p.prog) }

// Options configure one run. The zero value runs with the process's
// standard streams, no arguments and default limits.
type Options struct {
	Stdout io.Writer // default os.Stdout
	Stderr io.Writer // default os.Stderr (where fatal reports are NOT written: see RuntimeError)
	Stdin  io.Reader // default os.Stdin
	// Args is os.Args as the script sees it: normally its path, then its
	// arguments.
	Args []string
	// Getenv answers os.Getenv; nil means the process environment.
	Getenv func(string) string
	// Procs is the number of processors (GOMAXPROCS) for the run's
	// goroutines; 0 means GOROMAXPROCS from the environment, else the CPUs
	// the process may use (Go's runtime.GOMAXPROCS(0): a cgroup CPU quota or
	// the host's GOMAXPROCS lowers it).
	Procs int
	// MaxStack is the maximum stack size of one goroutine in bytes; 0 means
	// 1 GB (SPEC §8).
	MaxStack int64
	// SchedTrace prints the scheduler's state on Stderr every SchedTrace
	// milliseconds, in the format of Go's GODEBUG=schedtrace; SchedDetail
	// adds a line per P, M and G.
	SchedTrace  int
	SchedDetail bool
	// Modules are host modules for this run: each replaces the module of
	// the same name the program was compiled with (same members, this
	// run's values). See Module.
	Modules []*Module

	// Sandbox and limits (docs/sandbox.md). Capabilities are what the
	// script may touch outside the run; the zero value grants nothing
	// (only pure modules; a program importing "os" fails to start with
	// the compile error `module "os" is not allowed in this runtime`).
	// The goro command grants AllCapabilities.
	Capabilities Capability
	// FS is the file system the script's file functions see when the
	// run grants Files: os.ReadFile, os.Open, os.Stat, os.Lstat,
	// os.ReadDir and filepath.Glob resolve inside it (a leading "/" is
	// its root, ".." stops there), never outside; the functions that
	// write (os.WriteFile, os.Create, os.Remove, ...) fail with
	// fs.ErrPermission. An os.DirFS, an fstest.MapFS, an embed.FS. Nil
	// with Files granted: the process's own file system, read and write,
	// as a Go program has (the goro command). See docs/sandbox.md.
	FS fs.FS
	// MaxMemory bounds the bytes the run holds live (0: DefaultMaxMemory,
	// < 0: no limit); past it the run ends with a LimitKind error "fatal
	// error: out of memory: the run holds more than 256 MiB". One
	// allocation larger than the limit is a script panic.
	MaxMemory int64
	// MaxSteps bounds the run's steps, its loop iterations and calls
	// (0: no limit); past it the run ends with a LimitKind error.
	MaxSteps int64
	// MaxGoroutines bounds the goroutines alive at once (0:
	// DefaultMaxGoroutines, < 0: no limit); a go statement past it panics.
	MaxGoroutines int
	// Profile, if not nil, profiles or traces a Run or Start (see
	// Profile; a live Runtime and a Session have Start/Stop methods).
	Profile *Profile
}

// ExitError reports that the script called os.Exit with a non-zero code.
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// RuntimeError reports that a run (or a call into a live runtime) ended
// abnormally: an unrecovered panic or a fatal error (deadlock, stack
// overflow). Report is the text the goro command prints on stderr
// ("panic: ...", the goroutine dump); Kind, Value and Frames say the same
// for a program to inspect (see errors.go).
type RuntimeError struct {
	Report string
	// Kind says what failed: PanicKind, DeadlockKind, StackOverflowKind,
	// LimitKind, InterruptedKind or FatalKind.
	Kind ErrorKind
	// Value is the panic's value (PanicKind), else nil.
	Value Value
	// Frames are the failing goroutine's frames, innermost first (none for
	// a deadlock).
	Frames []Frame
}

func (e *RuntimeError) Error() string {
	first, _, _ := strings.Cut(e.Report, "\n")
	return first
}

// Run runs the program to completion: it returns nil when the main
// goroutine returns (or the script calls os.Exit(0)), *ExitError for
// os.Exit with another code, *RuntimeError for a panic or fatal error, and
// ctx.Err() when ctx is cancelled first.
func (p *Program) Run(ctx context.Context, opts Options) error {
	return p.Start(ctx, opts).Wait()
}

// Execution is a run in progress (see Start).
type Execution struct {
	rt   *vm.Runtime
	done chan struct{}
	err  error
}

// Start starts running the program and returns at once; Wait gives Run's
// result.
func (p *Program) Start(ctx context.Context, opts Options) *Execution {
	rt, _, err := newVM(p, p.prog, opts)
	if err != nil {
		e := &Execution{done: make(chan struct{}), err: err}
		close(e.done)
		return e
	}
	e := &Execution{rt: rt, done: make(chan struct{})}
	if err := startProfile(rt, opts.Profile); err != nil {
		finishProfile(rt, opts.Profile)
		e.err = err
		close(e.done)
		return e
	}
	go func() {
		defer close(e.done)
		e.err = runResult(rt.RunContext(ctx))
		if err := finishProfile(rt, opts.Profile); err != nil && e.err == nil {
			e.err = err
		}
		// Nothing reaches the host's writers once Wait has returned.
		if outErr := outputErr(rt.CloseOutput()); e.err == nil {
			e.err = outErr
		}
	}()
	return e
}

// OutputError reports that the host's writer (Options.Stdout or Stderr)
// failed while the script wrote to it. The script saw the error too: its
// writes (fmt.Println, os.Stdout.Write) return it from then on. Run, Wait
// and Close report it when the run otherwise succeeded.
type OutputError struct {
	Stream string // "stdout" or "stderr"
	Err    error  // what the writer returned
}

func (e *OutputError) Error() string { return "goro: writing " + e.Stream + ": " + e.Err.Error() }
func (e *OutputError) Unwrap() error { return e.Err }

// outputErr is the OutputError of a run's writers' first errors, if any.
func outputErr(stdout, stderr error) error {
	switch {
	case stdout != nil:
		return &OutputError{Stream: "stdout", Err: stdout}
	case stderr != nil:
		return &OutputError{Stream: "stderr", Err: stderr}
	}
	return nil
}

// Wait waits for the run to end and returns its result (as Run).
func (e *Execution) Wait() error {
	<-e.done
	return e.err
}

// Dump writes every goroutine of the run, as a deadlock report shows them
// (`goroutine 1 [chan receive]:` and its frames). The goro command does
// this on SIGQUIT.
func (e *Execution) Dump(w io.Writer) {
	if e.rt != nil {
		e.rt.Dump(w)
	}
}

// procs is the number of processors for a run: Options.Procs, else
// $GOROMAXPROCS, else 0: the runtime then takes Go's GOMAXPROCS.
func procs(opts Options) int {
	if opts.Procs > 0 {
		return opts.Procs
	}
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	if n, err := strconv.Atoi(getenv("GOROMAXPROCS")); err == nil && n > 0 {
		return n
	}
	return 0
}

// runResult maps the runtime's result onto the package's error types.
func runResult(err error) error {
	switch e := err.(type) {
	case nil:
		return nil
	case *vm.ExitError:
		if e.Code == 0 {
			return nil
		}
		return &ExitError{Code: e.Code}
	case *vm.PanicExit:
		return &RuntimeError{Report: e.Text, Kind: PanicKind, Value: Value{e.Value}, Frames: frames(e.Frames)}
	case *vm.FatalError:
		report := e.Error() + "\n"
		if e.Dump != "" {
			report += "\n" + e.Dump
		}
		kind := fatalKind(e.Msg)
		if e.Limit != "" {
			kind = LimitKind
		}
		return &RuntimeError{Report: report, Kind: kind, Frames: frames(e.Frames)}
	}
	return err
}
