package goro

import (
	"fmt"
	"io"

	"github.com/goro-lang/goro/lang"
	"github.com/goro-lang/goro/vm"
)

// Capability is a permission a run grants its script (Options.
// Capabilities): a set of bits. The zero Options grant none: the script
// gets only the pure modules (fmt, strings, strconv, math, json, sort,
// time, sync, runtime, ...). See docs/sandbox.md.
type Capability uint32

// The capabilities. Their values are the runtime's own.
const (
	// Files is the file system: os's file functions, filepath.Glob, ...
	Files = Capability(vm.CapFiles)
	// Env is the process environment and host facts: os.Getenv,
	// os.Environ, os.Hostname, os.Getpid, ...
	Env = Capability(vm.CapEnv)
	// Stdin is the host's standard input (os.Stdin, Options.Stdin).
	Stdin = Capability(vm.CapStdin)
	// Exit is os.Exit: ending the run with a status.
	Exit = Capability(vm.CapExit)
	// Net is the network.
	Net = Capability(vm.CapNet)
	// Exec is running programs (os/exec).
	Exec = Capability(vm.CapExec)
	// Imports is importing file modules (import "./util.goro").
	Imports = Capability(vm.CapImports)
	// Undeclared lets the script use standard modules that do not declare
	// what they need (a module added without a declaration is denied to
	// every sandbox that does not grant this).
	Undeclared = Capability(vm.CapUndeclared)

	// AllCapabilities grants everything, as a Go program has: the goro
	// command runs scripts with it.
	AllCapabilities = Capability(vm.CapAll)
)

func (c Capability) String() string { return vm.Capability(c).String() }

// The limits the zero Options set (docs/sandbox.md).
const (
	// DefaultMaxMemory is the live memory a run may hold when
	// Options.MaxMemory is 0.
	DefaultMaxMemory = 256 << 20
	// DefaultMaxGoroutines is the number of goroutines a run may have
	// alive when Options.MaxGoroutines is 0.
	DefaultMaxGoroutines = 10000
)

// limits turns Options' limit fields into the runtime's (0: the
// default, < 0: none).
func limits(opts Options) vm.Limits {
	l := vm.Limits{MaxMemory: opts.MaxMemory, MaxSteps: opts.MaxSteps, MaxGoroutines: opts.MaxGoroutines}
	switch {
	case l.MaxMemory == 0:
		l.MaxMemory = DefaultMaxMemory
	case l.MaxMemory < 0:
		l.MaxMemory = 0
	}
	switch {
	case l.MaxGoroutines == 0:
		l.MaxGoroutines = DefaultMaxGoroutines
	case l.MaxGoroutines < 0:
		l.MaxGoroutines = 0
	}
	if l.MaxSteps < 0 {
		l.MaxSteps = 0
	}
	return l
}

// checkImports returns the compile error for the first import of prog
// that opts do not allow: a standard module none of whose capabilities
// is granted (`module "os" is not allowed in this runtime`), or a file
// module without the Imports capability.
func checkImports(prog *vm.Program, vo vm.Options, opts Options) error {
	var errs lang.ErrorList
	for _, imp := range prog.Imports {
		if msg := importDenied(imp, vo.Modules, opts.Capabilities); msg != "" {
			errs = append(errs, &lang.Error{File: imp.Filename, Pos: lang.Pos{Line: imp.Line, Col: imp.Col}, Msg: msg, Line: imp.Source})
		}
	}
	if len(errs) > 0 {
		return &CompileError{Errors: errs}
	}
	return nil
}

// importDenied is the message for an import that a run granting caps
// may not make ("" when allowed): a standard module none of whose
// capabilities is granted, or a file module without Imports.
func importDenied(imp vm.ImportSite, modules vm.ModuleLookup, c Capability) string {
	caps := vm.Capability(c)
	if imp.File {
		if caps&vm.CapImports == 0 {
			return fmt.Sprintf("import of file module %s is not allowed in this runtime (needs the imports capability)", imp.Path)
		}
	} else if d := modules(imp.Path); d != nil && !vm.ModuleAllowed(d.Needs, caps) {
		return fmt.Sprintf("module %q is not allowed in this runtime (needs the %s capability)", imp.Path, d.Needs)
	}
	return ""
}

// noStdin is the standard input of a run without the Stdin capability:
// always at its end.
type noStdin struct{}

func (noStdin) Read([]byte) (int, error) { return 0, io.EOF }
