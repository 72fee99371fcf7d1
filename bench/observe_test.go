package bench

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"

	"github.com/goro-lang/goro"
)

// The cost of the observability tools (issue 12): each program run with
// the tool off and on, side by side in one run:
//
//	go test ./bench -run '^$' -bench Observe -count 5
//
// "off" is the plain run. "cpuprofile" samples the script's frames at 100
// Hz; "trace" records the execution trace and encodes it (to a counting
// writer; the trace-MB metric is the JSON's size, tracegz-MB the gzip'd
// size when that sub-benchmark runs).
func BenchmarkObserve(b *testing.B) {
	for _, c := range []struct {
		name, want string
		procs      int
		modes      []string
	}{
		{"fib", "9227465", 1, []string{"off", "cpuprofile", "memprofile"}},
		{"pingpong", "1000000", 1, []string{"off", "trace", "tracegz"}},
		{"parallel", "4356618", 2, []string{"off", "trace", "cpuprofile"}},
	} {
		for _, mode := range c.modes {
			b.Run(c.name+"/"+mode, func(b *testing.B) { benchObserve(b, c.name, c.want, c.procs, mode) })
		}
	}
}

type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

func benchObserve(b *testing.B, name, want string, procs int, mode string) {
	prog := program(b, name)
	var out bytes.Buffer
	var cw countWriter
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuNow()
	for i := 0; i < b.N; i++ {
		out.Reset()
		cw.n = 0
		opts := goro.Options{Stdout: &out, Procs: procs, Args: []string{name + ".goro"}}
		switch mode {
		case "cpuprofile":
			opts.Profile = &goro.Profile{CPU: io.Discard}
		case "memprofile":
			opts.Profile = &goro.Profile{Mem: io.Discard}
		case "trace":
			opts.Profile = &goro.Profile{Trace: &cw}
		case "tracegz":
			opts.Profile = &goro.Profile{Trace: &cw, TraceGzip: true}
		}
		if err := prog.Run(context.Background(), opts); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(cpuNow()-c0)/float64(b.N), "cpu-ns/op")
	switch mode {
	case "trace":
		b.ReportMetric(float64(cw.n)/1e6, "trace-MB")
	case "tracegz":
		b.ReportMetric(float64(cw.n)/1e6, "tracegz-MB")
	}
	if got := strings.TrimSpace(out.String()); got != want {
		b.Fatalf("%s printed %q, want %q", name, got, want)
	}
}
