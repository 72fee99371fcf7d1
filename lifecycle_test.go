package goro_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goro-lang/goro"
)

// Issue 14, finding 5: Run with a ctx that is already done runs nothing
// (the review saw a file written while Run returned context.Canceled).
func TestRunCancelledCtxRunsNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "written")
	src := `import "os"
os.WriteFile(` + strconvQuote(path) + `, "x")
println("ran")
`
	prog, err := goro.Compile("w.goro", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var out bytes.Buffer
	for range 20 { // the check must not be a race the script can win
		err = prog.Run(ctx, goro.Options{Stdout: &out, Stderr: &out, Capabilities: goro.AllCapabilities})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Run = %v, want context.Canceled", err)
		}
	}
	if out.Len() != 0 {
		t.Errorf("the script printed %q", out.String())
	}
	if _, err := os.Stat(path); err == nil {
		t.Error("the script wrote its file")
	}
	if _, err := prog.Load(ctx, goro.Options{Capabilities: goro.AllCapabilities}); !errors.Is(err, context.Canceled) {
		t.Errorf("Load = %v, want context.Canceled", err)
	}
}

// blockingWriter blocks every write until release is closed.
type blockingWriter struct{ release chan struct{} }

func (w blockingWriter) Write(p []byte) (int, error) {
	<-w.release
	return len(p), nil
}

// A host writer that blocks cannot make Run ignore its ctx: the writes in
// flight and the final flush are abandoned at cancellation.
func TestBlockingWriterDoesNotHoldRun(t *testing.T) {
	for _, c := range []struct{ name, src string }{
		{"final flush", `println("hello")`},
		{"while running", `for i := 0; ; i++ { println("line", i) }`},
		{"stderr", `import "os"
for { os.Stderr.Write("x\n") }`},
	} {
		t.Run(c.name, func(t *testing.T) {
			prog, err := goro.Compile("b.goro", []byte(c.src))
			if err != nil {
				t.Fatal(err)
			}
			w := blockingWriter{make(chan struct{})}
			defer close(w.release) // lets the abandoned write's goroutine end
			ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
			defer cancel()
			done := make(chan error, 1)
			go func() { done <- prog.Run(ctx, goro.Options{Stdout: w, Stderr: w, Capabilities: goro.AllCapabilities}) }()
			select {
			case err := <-done:
				if !errors.Is(err, context.DeadlineExceeded) {
					t.Fatalf("Run = %v, want context.DeadlineExceeded", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("Run still waits on the host's writer 10 s after its 50 ms deadline:\n%s", hostStacks())
			}
		})
	}
}

type panickingWriter struct{}

func (panickingWriter) Write(p []byte) (int, error) { panic("writer boom") }

// A host writer that panics does not take the process down: the run ends
// with a fatal error that names the writer and its panic.
func TestPanickingWriterIsReported(t *testing.T) {
	for _, src := range []string{
		`println("hello")`,                      // in the final flush
		`for i := 0; ; i++ { println("x", i) }`, // in a flush while running
	} {
		prog, err := goro.Compile("p.goro", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		err = prog.Run(context.Background(), goro.Options{Stdout: panickingWriter{}, Stderr: io.Discard})
		var rte *goro.RuntimeError
		if !errors.As(err, &rte) || rte.Kind != goro.FatalKind || !strings.Contains(rte.Error(), "Stdout writer panicked: writer boom") {
			t.Fatalf("Run = %T %v, want a fatal error reporting the writer's panic", err, err)
		}
	}
}

func strconvQuote(s string) string { return `"` + strings.ReplaceAll(s, `\`, `\\`) + `"` }
