package goro_test

import (
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

// FuzzRun compiles and runs arbitrary programs with a small time budget:
// whatever the program does, the host must not panic or hang, and every
// failure must come back as one of the documented error types.
func FuzzRun(f *testing.F) {
	// The unstoppable-run shapes of issue 14 (GOMAXPROCS and Stack loops)
	// and the hostile corpus are seeds: the limits below keep each from
	// taking the fuzzer down.
	for _, sh := range unstoppableShapes {
		f.Add(sh.src)
	}
	patterns := []string{"testdata/conformance/*.goro", "examples/*.goro", "testdata/hostile/*.goro"}
	if raceEnabled {
		// Hostile cases race on purpose (torn reads): Go's race detector
		// would report the script's race as the test's.
		patterns = patterns[:2]
	}
	for _, pattern := range patterns {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			if src, err := os.ReadFile(file); err == nil {
				f.Add(string(src))
			}
		}
	}
	f.Fuzz(func(t *testing.T, src string) {
		if strings.Contains(src, "os.") || strings.Contains(src, "\"os\"") {
			return // keep the fuzzer off the file system
		}
		prog, err := goro.Compile("fuzz.goro", []byte(src))
		if err != nil {
			var ce *goro.CompileError
			if !errors.As(err, &ce) {
				t.Fatalf("compile error of type %T: %v", err, err)
			}
			return
		}
		// Tight limits (issue 13): steps, memory, goroutines, 1 s. The
		// sandbox denies os, file imports and everything else outside the run.
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		err = prog.Run(ctx, goro.Options{
			Stdout: io.Discard, Stderr: io.Discard, Stdin: strings.NewReader(""),
			Args: []string{"fuzz.goro"}, Procs: 2, MaxStack: 1 << 20,
			MaxSteps: 20_000_000, MaxMemory: 32 << 20, MaxGoroutines: 1000,
		})
		var exit *goro.ExitError
		var rte *goro.RuntimeError
		switch {
		case err == nil, errors.As(err, &exit), errors.As(err, &rte), errors.Is(err, context.DeadlineExceeded),
			errors.As(err, new(*goro.CompileError)): // an import the sandbox denies
		default:
			t.Fatalf("run error of type %T: %v", err, err)
		}
	})
}
