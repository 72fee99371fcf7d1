package vm_test

import (
	"bytes"
	"sort"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/compiler"
	"github.com/goro-lang/goro/stdlib"
	"github.com/goro-lang/goro/vm"
)

// hooks is a standard module "hooks" of test natives: name -> function.
// Scripts import it to reach into the VM (stack length, Go panics,
// callbacks).
type hooks map[string]*vm.Native

func (h hooks) lookup(path string) *vm.ModuleDef {
	if path != "hooks" {
		return stdlib.Lookup(path)
	}
	names := make([]string, 0, len(h))
	for n := range h {
		names = append(names, n)
	}
	sort.Strings(names)
	return &vm.ModuleDef{
		Name:    "hooks",
		Members: names,
		New: func(rt *vm.Runtime) []vm.Value {
			vals := make([]vm.Value, len(names))
			for i, n := range names {
				vals[i] = h[n].Value()
			}
			return vals
		},
	}
}

// compileScript compiles src as main.goro with the hooks module available.
func compileScript(t testing.TB, src string, h hooks) *vm.Program {
	t.Helper()
	prog, err := compiler.Compile("main.goro", []byte(src), compiler.Options{Modules: h.lookup})
	require.NoError(t, err)
	return prog
}

// runScript compiles and runs src and returns its stdout and Run's error.
func runScript(t testing.TB, src string, h hooks, opts vm.Options) (string, error) {
	t.Helper()
	prog := compileScript(t, src, h)
	var out bytes.Buffer
	opts.Stdout = &out
	if opts.Stderr == nil {
		opts.Stderr = &out
	}
	opts.Modules = h.lookup
	err := vm.NewRuntime(prog, opts).Run()
	return out.String(), err
}

// runOK runs src and requires it to succeed.
func runOK(t testing.TB, src string, h hooks) string {
	t.Helper()
	out, err := runScript(t, src, h, vm.Options{Procs: 2})
	require.NoError(t, err, "output so far:\n%s", out)
	return out
}
