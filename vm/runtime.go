package vm

import (
	"bufio"
	"io"
	"io/fs"
	"os"
	"sync"
	"sync/atomic"
)

// DefaultMaxStack is the default maximum stack size of a goroutine, in bytes
// (SPEC §8; Go's is the same).
const DefaultMaxStack = 1_000_000_000

// Options configure a Runtime. The zero value of each field has a sensible
// default.
type Options struct {
	Stdout io.Writer // default os.Stdout
	Stderr io.Writer // default os.Stderr
	Stdin  io.Reader // default os.Stdin
	// Args is os.Args as the script sees it: its path, then its arguments.
	Args []string
	// Getenv looks up environment variables for os.Getenv; nil means the
	// process environment.
	Getenv func(string) string
	// Procs is the number of processors (GOMAXPROCS); 0 means the CPU count.
	Procs int
	// MaxStack is the maximum stack size per goroutine in bytes; 0 means
	// DefaultMaxStack.
	MaxStack int64
	// Modules finds standard modules by import path.
	Modules ModuleLookup
	// SchedTrace prints the scheduler's state every SchedTrace milliseconds
	// on Stderr (0 = off), as GODEBUG=schedtrace does; SchedDetail adds a
	// line per P, M and G.
	SchedTrace  int
	SchedDetail bool

	// Sandbox makes the runtime grant only Caps (capability.go); without
	// it everything is granted.
	Sandbox bool
	Caps    Capability
	// FS, when set, is the file system of the run's file functions
	// (os.ReadFile, os.Open, os.Stat, os.ReadDir, filepath.Glob): paths
	// resolve inside it, a leading "/" and ".." stopping at its root;
	// functions that write fail with fs.ErrPermission. Nil: the
	// process's file system (with CapFiles).
	FS fs.FS
	// Limits are the run's resource limits (limits.go); zero values mean
	// no limit.
	Limits Limits
}

// Runtime is one running program: its linked modules, global cells,
// goroutines and output. Several runtimes may live in one process; they
// share nothing mutable.
type Runtime struct {
	opts     Options
	stdout   *Output
	stderr   io.Writer
	out      outputGuard // host writers: abandonment, panics (hostwriter.go)
	maxStack atomic.Int64

	stdinOnce sync.Once
	stdin     *bufio.Reader

	prog    *Program
	mu      sync.Mutex // guards modules and std while linking (the REPL links while goroutines run)
	modules []*moduleInst
	std     map[string]*moduleInst

	// trampoline runs deferred and go'd native calls as ordinary frames.
	trampoline *Closure

	rs runtimeSched // scheduler binding (sched.go)

	steps atomic.Int64 // steps charged against Limits.MaxSteps (limits.go)
	mem   memState     // Limits.MaxMemory (limits.go)

	prof profState  // the script profilers (profile.go)
	obs  traceState // the execution trace (trace.go)

	host hostState // live runtime and host calls (host.go)

	// session is set for a REPL session's runtime (session.go): then an
	// unrecovered panic ends only its goroutine.
	session   *Session
	inSession bool
}

// NewRuntime makes a runtime for prog (nil for a REPL session, whose
// modules are added later).
func NewRuntime(prog *Program, opts Options) *Runtime {
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	if opts.Stderr == nil {
		opts.Stderr = os.Stderr
	}
	if opts.Stdin == nil {
		opts.Stdin = os.Stdin
	}
	if opts.Getenv == nil {
		opts.Getenv = os.Getenv
	}
	rt := &Runtime{opts: opts, prog: prog, std: map[string]*moduleInst{}}
	rt.out.quit = make(chan struct{})
	rt.stdout = newOutput(opts.Stdout, rt.guardHost(opts.Stdout, "Stdout"))
	rt.stderr = &flushingWriter{first: rt.stdout, w: rt.guardHost(opts.Stderr, "Stderr")}
	ms := opts.MaxStack
	if ms <= 0 {
		ms = DefaultMaxStack
	}
	rt.maxStack.Store(ms)
	if opts.Limits.MaxMemory > 0 {
		rt.mem.limit = opts.Limits.MaxMemory
		rt.mem.procBase.Store(rt.mem.processAllocs())
		rt.mem.setGap(0)
	}
	rt.trampoline = newClosure(newFuncInst(trampolineProto, nil, nil), nil)
	return rt
}

// Stdout is the script's standard output (buffered; see Output).
func (rt *Runtime) Stdout() *Output { return rt.stdout }

// Stderr is the script's standard error; writing to it flushes Stdout first.
func (rt *Runtime) Stderr() io.Writer { return rt.stderr }

// Stdin is the script's standard input, buffered. Reading it blocks a host
// thread: natives must read it inside Thread.Syscall.
func (rt *Runtime) Stdin() *bufio.Reader {
	rt.stdinOnce.Do(func() { rt.stdin = bufio.NewReader(rt.opts.Stdin) })
	return rt.stdin
}

// Args returns os.Args as the script sees it.
func (rt *Runtime) Args() []string { return rt.opts.Args }

// FS is the run's file system (Options.FS); nil for the process's.
func (rt *Runtime) FS() fs.FS { return rt.opts.FS }

// MaxMemory is the run's memory limit in bytes (0: none). A native that
// reads an unbounded source (a file, a decoder's input) reads at most
// this much.
func (rt *Runtime) MaxMemory() int64 { return rt.mem.limit }

// Getenv looks up an environment variable.
func (rt *Runtime) Getenv(k string) string { return rt.opts.Getenv(k) }

// SetMaxStack sets the maximum goroutine stack size and returns the old one.
// The runtime's MaxStack (Options.MaxStack, else DefaultMaxStack) is a
// ceiling: a larger n sets the ceiling, so a script cannot lift the limit
// its host chose (runtime.SetMaxStack(1<<40) then deep recursion used to
// take the host down).
func (rt *Runtime) SetMaxStack(n int64) int64 {
	ceiling := rt.opts.MaxStack
	if ceiling <= 0 {
		ceiling = DefaultMaxStack
	}
	return rt.maxStack.Swap(min(max(n, 0), ceiling))
}

// Flush flushes the script's standard output.
func (rt *Runtime) Flush() error { return rt.stdout.Flush() }

func (rt *Runtime) trampolineClosure() *Closure { return rt.trampoline }

// NewThread makes a goroutine state outside any scheduler, for a host that
// calls natives or script functions directly (tests, embedding). It runs on
// the calling host goroutine.
func (rt *Runtime) NewThread() *Thread { return newThread(rt) }
