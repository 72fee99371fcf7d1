package vm

import "strings"

// Capability is a permission that a run grants its script: a set of bits.
// A runtime made with Options.Sandbox set grants exactly Options.Caps;
// without it (the vm package's own default, for trusted callers and
// tests) everything is granted. Package goro always sandboxes, and its
// zero Options grant nothing: only pure modules (docs/sandbox.md).
type Capability uint32

const (
	CapFiles   Capability = 1 << iota // the file system (os file functions, filepath.Glob, ...)
	CapEnv                            // the environment (os.Getenv, os.Environ, ...)
	CapStdin                          // the host's standard input
	CapExit                           // os.Exit: ending the run with a status
	CapNet                            // the network
	CapExec                           // running programs (os/exec)
	CapImports                        // file imports (checked by the embedder before the run)
	// CapUndeclared is what a standard module that declares nothing needs
	// (see ModuleDef.Needs): only a host that grants everything (the goro
	// command, CapAll) runs it. A module is safe for a sandbox only once
	// its author says what it touches.
	CapUndeclared

	CapAll = CapUndeclared<<1 - 1
)

var capNames = []string{"files", "env", "stdin", "exit", "net", "exec", "imports", "undeclared"}

func (c Capability) String() string {
	var names []string
	for i, n := range capNames {
		if c&(1<<i) != 0 {
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, "|")
}

// Allows reports whether the runtime grants c (every bit of it).
func (rt *Runtime) Allows(c Capability) bool {
	return !rt.opts.Sandbox || rt.opts.Caps&c == c
}

// AllowsModule reports whether a module needing needs may be imported: it
// needs nothing, or the runtime grants at least one of the capabilities
// its members use (each member then checks its own: Thread.Require).
func (rt *Runtime) AllowsModule(needs Capability) bool {
	return needs == 0 || !rt.opts.Sandbox || rt.opts.Caps&needs != 0
}

// ModuleAllowed is AllowsModule before a runtime exists (the embedder
// checks a program's imports when a run starts): caps are the run's grants.
func ModuleAllowed(needs, caps Capability) bool { return needs == 0 || caps&needs != 0 }

// Require returns the script error for a member that needs c when the
// runtime does not grant it (nil when it does): "os.ReadFile: not allowed
// in this runtime (needs the files capability)".
func (t *Thread) Require(c Capability, what string) error {
	if t.rt.Allows(c) {
		return nil
	}
	return Errorf("%s: not allowed in this runtime (needs the %s capability)", what, c)
}

// DeniedNative is what a member that needs c is in a runtime that lacks
// it: a function that panics when called, saying what it needs.
func DeniedNative(name string, c Capability) Value {
	return NewNative(name, 1, func(t *Thread, args []Value) (Value, error) {
		return Nil, Errorf("%s: not allowed in this runtime (needs the %s capability)", name, c)
	}).Value()
}
