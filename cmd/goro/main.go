// Command goro runs Goro programs, disassembles them, and (with no
// arguments) starts the interactive REPL.
//
//	goro [flags] FILE [args...]
//	goro [flags] run FILE [args...]
//	goro disasm FILE
//	goro trace [-o OUT.html] TRACE
//	goro doc MODULE[.MEMBER]
//	goro repl
//	goro version
//	goro help
//
// Exit status (SPEC §11): 0 when the main goroutine returns; 1 for compile
// errors and usage errors; 2 for an unrecovered panic or a fatal error; n
// for os.Exit(n).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"

	"github.com/goro-lang/goro"
	gorepl "github.com/goro-lang/goro/repl"
)

func main() {
	os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usage = `Goro runs Go-like scripts with goroutines on its own scheduler.

Usage:
  goro [flags] FILE [args...]       run a program
  goro [flags] run FILE [args...]   run a program
  goro disasm FILE                  print the program's bytecode
  goro trace [-o OUT.html] TRACE    draw a trace written by -trace as an HTML page; prints its path
  goro doc MODULE[.MEMBER]          print a standard module's members, or one member's signature and description
  goro repl                         start the interactive REPL (also: goro with no arguments)
  goro version                      print the version
  goro help                         print this help

Flags:
`

// Main is the command with its streams: it returns the exit status.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("goro", flag.ContinueOnError)
	fs.SetOutput(stderr)
	procs := fs.Int("procs", 0, "number of processors running goroutines (default: $GOROMAXPROCS, else the CPU count)")
	schedtrace := fs.Int("schedtrace", 0, "print the scheduler's state every `ms` milliseconds (as GORODEBUG=schedtrace=ms)")
	cpuprofile := fs.String("cpuprofile", "", "write a pprof CPU profile of the script's functions to `file`")
	memprofile := fs.String("memprofile", "", "write a pprof profile of the script's allocations to `file`")
	memrate := fs.Int("memprofilerate", 0, "with -memprofile, sample one allocation per `bytes` on average (default 512 KiB)")
	tracefile := fs.String("trace", "", "write an execution trace (Chrome Trace Event JSON; gzip if it ends in .gz) to `file`")
	hostprofile := fs.String("hostcpuprofile", "", "write a CPU profile of the goro interpreter itself (Go code, for Goro's developers) to `file`")
	maxstack := fs.Int64("maxstack", 0, "maximum goroutine stack size in `bytes` (default 1 GB)")
	var maxmemory byteSize
	fs.Var(&maxmemory, "maxmemory", "live memory a run may hold, in `bytes` (64MiB, 2GiB; -1: no limit; default: a quarter of the machine's memory limit)")
	fs.Usage = func() {
		fmt.Fprint(stderr, usage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 1
	}
	rest := fs.Args()
	mkcfg := func() runConfig {
		cfg := runConfig{procs: *procs, schedtrace: *schedtrace, maxstack: *maxstack, stdin: stdin, stdout: stdout, stderr: stderr,
			cpuprofile: *cpuprofile, memprofile: *memprofile, memrate: *memrate, trace: *tracefile}
		cfg.maxmemory = maxmemory.n
		if !maxmemory.set || maxmemory.n == 0 {
			if cfg.maxmemory = defaultMaxMemory(); cfg.maxmemory == 0 {
				cfg.maxmemory = -1
			}
		}
		return cfg
	}
	cfg := mkcfg()
	if len(rest) == 0 {
		return repl(cfg)
	}
	switch rest[0] {
	case "help", "-h", "--help":
		fs.SetOutput(stdout)
		fmt.Fprint(stdout, usage)
		fs.PrintDefaults()
		return 0
	case "version":
		fmt.Fprintf(stdout, "goro version %s\n", goro.Version)
		return 0
	case "repl":
		return repl(cfg)
	case "trace":
		return traceCmd(rest[1:], stdout, stderr)
	case "doc":
		if len(rest) != 2 {
			fmt.Fprintln(stderr, "usage: goro doc MODULE[.MEMBER]   (goro doc strings.Split)")
			return 1
		}
		text, err := goro.Doc(rest[1])
		if err != nil {
			fmt.Fprintln(stderr, "goro:", err)
			return 1
		}
		fmt.Fprint(stdout, text)
		return 0
	case "disasm":
		if len(rest) != 2 {
			fmt.Fprintln(stderr, "usage: goro disasm FILE")
			return 1
		}
		prog, code := compileFile(rest[1], stderr)
		if prog == nil {
			return code
		}
		prog.Disasm(stdout)
		return 0
	case "run":
		// Flags may also follow "run" (goro run -cpuprofile f.prof x.goro).
		if err := fs.Parse(rest[1:]); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			return 1
		}
		rest = fs.Args()
		cfg = mkcfg()
		if len(rest) == 0 {
			fmt.Fprintln(stderr, "usage: goro run FILE [args...]")
			return 1
		}
	}
	if *hostprofile != "" {
		f, err := os.Create(*hostprofile)
		if err != nil {
			fmt.Fprintln(stderr, "goro:", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(stderr, "goro:", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	return runFile(rest[0], rest, cfg)
}

type runConfig struct {
	procs, schedtrace int
	maxstack          int64
	maxmemory         int64 // Options.MaxMemory (-1: none)
	// Profiles and the trace (-cpuprofile, -memprofile, -trace).
	cpuprofile, memprofile, trace string
	memrate                       int
	stdin                         io.Reader
	stdout, stderr                io.Writer
}

// compileFile compiles path, printing errors (with carets) on failure.
func compileFile(path string, stderr io.Writer) (*goro.Program, int) {
	prog, err := goro.CompileFile(path)
	if err != nil {
		var ce *goro.CompileError
		if errors.As(err, &ce) {
			fmt.Fprintln(stderr, ce.Format())
		} else {
			fmt.Fprintln(stderr, "goro:", err)
		}
		return nil, 1
	}
	return prog, 0
}

// runFile compiles and runs a program; args is os.Args as the script sees
// it (its path first). SIGQUIT dumps every goroutine and exits 2, as Go
// programs do.
func runFile(path string, args []string, cfg runConfig) int {
	prog, code := compileFile(path, cfg.stderr)
	if prog == nil {
		return code
	}
	trace, detail := schedDebug(os.Getenv("GORODEBUG"))
	if cfg.schedtrace > 0 {
		trace = cfg.schedtrace
	}
	profile, closeProfile, err := openProfile(cfg)
	if err != nil {
		fmt.Fprintln(cfg.stderr, "goro:", err)
		return 1
	}
	defer closeProfile()
	exec := prog.Start(context.Background(), goro.Options{
		Stdin: cfg.stdin, Stdout: cfg.stdout, Stderr: cfg.stderr,
		Args: args, Procs: cfg.procs, MaxStack: cfg.maxstack,
		SchedTrace: trace, SchedDetail: detail, Profile: profile,
		// A Go program's rights, and no goroutine limit; the memory limit
		// comes from the machine (memlimit.go).
		Capabilities: goro.AllCapabilities, MaxMemory: cfg.maxmemory, MaxGoroutines: -1,
	})
	quit := make(chan os.Signal, 1)
	signal.Notify(quit, syscall.SIGQUIT)
	defer signal.Stop(quit)
	done := make(chan error, 1)
	go func() { done <- exec.Wait() }()
	select {
	case err := <-done:
		return exitStatus(err, cfg.stderr)
	case <-quit:
		fmt.Fprint(cfg.stderr, "SIGQUIT: quit\n\n")
		exec.Dump(cfg.stderr)
		return 2
	}
}

// schedDebug reads schedtrace=N and scheddetail=1 from a GORODEBUG value
// (comma-separated name=value pairs, as Go's GODEBUG).
func schedDebug(env string) (trace int, detail bool) {
	for _, kv := range strings.Split(env, ",") {
		name, val, _ := strings.Cut(strings.TrimSpace(kv), "=")
		switch name {
		case "schedtrace":
			trace, _ = strconv.Atoi(val)
		case "scheddetail":
			detail = val == "1"
		}
	}
	return trace, detail
}

// exitStatus prints what a run's error needs printed and returns the
// process exit status.
func exitStatus(err error, stderr io.Writer) int {
	var exit *goro.ExitError
	var rte *goro.RuntimeError
	var out *goro.OutputError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit):
		return exit.Code
	case errors.As(err, &out) && errors.Is(out.Err, syscall.EPIPE):
		// The reader went away (goro run x | head): quietly, with the
		// status of a Go program killed by SIGPIPE.
		return 128 + 13
	case errors.As(err, &rte):
		fmt.Fprint(stderr, rte.Report)
		if !strings.HasSuffix(rte.Report, "\n") {
			fmt.Fprintln(stderr)
		}
		return 2
	}
	fmt.Fprintln(stderr, "goro:", err)
	return 2
}

// repl runs the REPL: interactive at a terminal, else reading piped
// input without prompts (it then ends with the status a script would).
func repl(cfg runConfig) int {
	return gorepl.Run(gorepl.Config{
		In: cfg.stdin, Out: cfg.stdout, Err: cfg.stderr,
		Interactive: gorepl.IsTerminal(cfg.stdin, cfg.stdout),
		HistoryFile: gorepl.DefaultHistoryFile(),
		Procs:       cfg.procs,
		MaxStack:    cfg.maxstack,
	})
}

// openProfile creates the files of -cpuprofile, -memprofile and -trace
// (nil Profile when none is asked for); closeProfile closes them.
func openProfile(cfg runConfig) (*goro.Profile, func(), error) {
	var files []*os.File
	closeAll := func() {
		for _, f := range files {
			f.Close()
		}
	}
	open := func(path string) (io.Writer, error) {
		if path == "" {
			return nil, nil
		}
		f, err := os.Create(path)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
		return f, nil
	}
	if cfg.cpuprofile == "" && cfg.memprofile == "" && cfg.trace == "" {
		return nil, func() {}, nil
	}
	p := &goro.Profile{MemRate: cfg.memrate, TraceGzip: strings.HasSuffix(cfg.trace, ".gz")}
	var err error
	if p.CPU, err = open(cfg.cpuprofile); err == nil {
		if p.Mem, err = open(cfg.memprofile); err == nil {
			p.Trace, err = open(cfg.trace)
		}
	}
	if err != nil {
		closeAll()
		return nil, nil, err
	}
	// An io.Writer holding a nil *os.File is not nil: keep them nil.
	if cfg.cpuprofile == "" {
		p.CPU = nil
	}
	if cfg.memprofile == "" {
		p.Mem = nil
	}
	if cfg.trace == "" {
		p.Trace = nil
	}
	return p, closeAll, nil
}

// traceCmd is `goro trace [-o OUT.html] TRACE`: it writes the HTML
// timeline of a trace file and prints the page's path.
func traceCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("goro trace", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the page to `file` (default: TRACE with .html in place of .json or .json.gz)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 1
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "usage: goro trace [-o OUT.html] TRACE")
		return 1
	}
	in := fs.Arg(0)
	path := *out
	if path == "" {
		base := strings.TrimSuffix(strings.TrimSuffix(in, ".gz"), ".json")
		path = base + ".html"
	}
	f, err := os.Open(in)
	if err != nil {
		fmt.Fprintln(stderr, "goro:", err)
		return 1
	}
	defer f.Close()
	var page strings.Builder
	if err := goro.WriteTraceHTML(&page, f, filepath.Base(in)); err != nil {
		fmt.Fprintf(stderr, "goro: %s: %v\n", in, err)
		return 1
	}
	if err := os.WriteFile(path, []byte(page.String()), 0o644); err != nil {
		fmt.Fprintln(stderr, "goro:", err)
		return 1
	}
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	fmt.Fprintln(stdout, path)
	return 0
}
