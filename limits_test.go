package goro_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"

	"github.com/goro-lang/goro"
)

// Eight runs in one process, each with its own memory limit: the runs
// whose program holds more than their limit stop at it (a LimitKind error
// naming their own limit), the others finish, and the host goes on.
func TestRunsKeepTheirOwnMemoryLimit(t *testing.T) {
	// holds builds a list of about mb MiB and keeps it.
	prog, err := goro.Compile("hold.goro", []byte(`import "os"
mb := int(os.Args[1])
xs := []
for i := 0; i < mb * 32; i++ {
	row := []
	for j := 0; j < 4096; j++ { append(row, j * 1.5) }
	append(xs, row)
}
println(len(xs))
`))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		limit := int64(8+8*i) << 20 // 8, 16, ... 64 MiB
		wg.Go(func() {
			hold := 20 // MiB: the runs with 8 and 16 MiB must stop
			err := prog.Run(context.Background(), goro.Options{
				Stdout: io.Discard, Args: []string{"hold.goro", fmt.Sprint(hold)},
				MaxMemory: limit, Capabilities: goro.Env, Procs: 1,
			})
			var rte *goro.RuntimeError
			switch {
			case limit < 20<<20:
				want := fmt.Sprintf("fatal error: out of memory: the run holds more than %d MiB", limit>>20)
				if !errors.As(err, &rte) || rte.Kind != goro.LimitKind || !strings.HasPrefix(rte.Report, want) {
					t.Errorf("limit %d MiB: %v, want %q", limit>>20, err, want)
				}
			case err != nil:
				t.Errorf("limit %d MiB, holding %d MiB: %v", limit>>20, hold, err)
			}
		})
	}
	wg.Wait()
}

// The step budget ends a run that loops forever; a run that allocates
// many times its memory limit over time but holds little is not stopped.
func TestStepBudgetAndChurn(t *testing.T) {
	prog, err := goro.Compile("loop.goro", []byte(`for {}`))
	if err != nil {
		t.Fatal(err)
	}
	err = prog.Run(context.Background(), goro.Options{MaxSteps: 1_000_000, Stdout: io.Discard})
	var rte *goro.RuntimeError
	if !errors.As(err, &rte) || rte.Kind != goro.LimitKind || !strings.Contains(rte.Report, "step limit exceeded") {
		t.Fatalf("Run = %v, want the step limit", err)
	}
	churn, err := goro.Compile("churn.goro", []byte(`n := 0
for range 40 {
	xs := []
	for j := range 50000 { append(xs, "s" + str(j)) }
	n += len(xs)
}
println(n)`))
	if err != nil {
		t.Fatal(err)
	}
	if err := churn.Run(context.Background(), goro.Options{MaxMemory: 16 << 20, Stdout: io.Discard}); err != nil {
		t.Fatalf("a run holding little was stopped: %v", err)
	}
}

// The zero Options grant only pure modules: os fails before the run with
// a compile error at the import; a granted capability lets it in, and a
// member needing another one panics when called.
func TestCapabilitiesDenyByDefault(t *testing.T) {
	prog, err := goro.Compile("os.goro", []byte(`import "os"
println(os.Getenv("HOME") != "")
data, err := os.ReadFile("/etc/passwd")
println(len(data), err)
`))
	if err != nil {
		t.Fatal(err)
	}
	err = prog.Run(context.Background(), goro.Options{Stdout: io.Discard})
	var ce *goro.CompileError
	if !errors.As(err, &ce) || !strings.HasPrefix(ce.Error(), `os.goro:1:8: module "os" is not allowed in this runtime`) {
		t.Fatalf("Run = %v, want the compile error at the import", err)
	}
	var out strings.Builder
	err = prog.Run(context.Background(), goro.Options{Stdout: &out, Capabilities: goro.Env, Getenv: func(string) string { return "/home/x" }})
	var rte *goro.RuntimeError
	if !errors.As(err, &rte) || !strings.Contains(rte.Report, "os.ReadFile: not allowed in this runtime (needs the files capability)") {
		t.Fatalf("Run = %v, want os.ReadFile denied", err)
	}
	if out.String() != "true\n" {
		t.Errorf("printed %q", out.String())
	}
	for _, src := range []string{`import "strings"; import "fmt"; import "json"; import "math"; import "sort"; import "time"; import "sync"; import "runtime"; println(1)`} {
		p, err := goro.Compile("pure.goro", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Run(context.Background(), goro.Options{Stdout: io.Discard}); err != nil {
			t.Errorf("pure modules denied: %v", err)
		}
	}
}
