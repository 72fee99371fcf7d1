//go:build linux

package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"
	"testing"

	"github.com/goro-lang/goro"
)

// Linux only: Maxrss is in kilobytes there (bytes on macOS).
//
// The parked benchmark measures peak memory, so each run is a fresh child
// process (this test binary again, told by parkedChildEnv what to run):
// the peak RSS of the benchmark process itself would include everything
// earlier benchmarks left on its heap.
const parkedChildEnv = "GORO_BENCH_PARKED_CHILD"

// parkedN is how many goroutines park (the 1M).
const parkedN = 1_000_000

func TestMain(m *testing.M) {
	if kind := os.Getenv(echoChildEnv); kind != "" {
		if err := echoChild(kind); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	switch os.Getenv(parkedChildEnv) {
	case "":
		os.Exit(m.Run())
	case "goro":
		src, err := os.ReadFile("programs/parked.goro")
		if err == nil {
			var prog *goro.Program
			if prog, err = goro.Compile("parked.goro", src); err == nil {
				var out bytes.Buffer
				err = prog.Run(context.Background(), goro.Options{Stdout: &out, Args: []string{"parked.goro"}, Capabilities: goro.AllCapabilities, MaxMemory: -1, MaxGoroutines: -1})
				if err == nil && out.String() != strconv.Itoa(parkedN)+"\n" {
					err = fmt.Errorf("printed %q", out.String())
				}
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
	case "go":
		if got := parked(parkedN); got != parkedN {
			fmt.Fprintln(os.Stderr, "native parked gave", got)
			os.Exit(1)
		}
	}
	os.Exit(0)
}

// BenchmarkParked reports the peak RSS per parked goroutine, its channel
// included (target <= 2,500 B; Go's own: 2,770 B on the machine),
// for the Goro program and the same in native Go.
func BenchmarkParked(b *testing.B) {
	for _, kind := range []string{"goro", "go"} {
		b.Run(kind, func(b *testing.B) {
			var peaks []float64
			for i := 0; i < b.N; i++ {
				cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench=^$")
				cmd.Env = append(os.Environ(), parkedChildEnv+"="+kind)
				var errb bytes.Buffer
				cmd.Stderr = &errb
				if err := cmd.Run(); err != nil {
					b.Fatalf("%v: %s", err, errb.String())
				}
				ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
				peaks = append(peaks, float64(ru.Maxrss)*1024) // Linux: KB
			}
			b.ReportMetric(median(peaks)/parkedN, "peak-B/goroutine")
		})
	}
}
