package compiler

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/goro-lang/goro/stdlib"
	"github.com/goro-lang/goro/vm"
	"github.com/stretchr/testify/require"
)

// Go's types are annotations that cost nothing: a program written with
// them compiles to the same instructions and constants as the untyped one
// (issue 8). bench/ measures the same pairs (BenchmarkTyped*).
func TestTypedCompilesLikeUntyped(t *testing.T) {
	for _, name := range []string{"fib", "loop"} {
		t.Run(name, func(t *testing.T) {
			a := compileBench(t, name+".goro")
			b := compileBench(t, name+"_typed.goro")
			require.Equal(t, len(a), len(b))
			for i := range a {
				require.Equal(t, a[i].Code, b[i].Code, "function %s", a[i].Name)
				require.Equal(t, a[i].Consts, b[i].Consts, "function %s", a[i].Name)
			}
		})
	}
}

// compileBench compiles bench/programs/name and lists its functions.
func compileBench(t *testing.T, name string) []*vm.Proto {
	t.Helper()
	path := filepath.Join("..", "bench", "programs", name)
	src, err := os.ReadFile(path)
	require.NoError(t, err)
	prog, err := Compile(name, src, Options{Modules: stdlib.Lookup})
	require.NoError(t, err)
	var out []*vm.Proto
	var walk func(p *vm.Proto)
	walk = func(p *vm.Proto) {
		out = append(out, p)
		for _, c := range p.Protos {
			walk(c)
		}
	}
	for _, m := range prog.Modules {
		walk(m.Init)
	}
	return out
}
