// Package bench runs the Goro benchmark programs in programs/ through the
// embedding API, each beside the same algorithm in native Go, so one run
// gives a ratio on the same (noisy, shared) machine:
//
//	go test ./bench -run '^$' -bench . -count 5 | tee new.txt
//	benchstat new.txt
//
// A Goro program's output is checked against the native result once per
// benchmark, so a fast wrong answer cannot pass for a speed-up. See
// README.md for the figures and the targets.
package bench

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/goro-lang/goro"
)

// program compiles programs/<name>.goro.
func program(b *testing.B, name string) *goro.Program {
	b.Helper()
	path := filepath.Join("programs", name+".goro")
	src, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	prog, err := goro.Compile(path, src)
	if err != nil {
		b.Fatal(err)
	}
	return prog
}

// benchGoro runs a Goro program b.N times, checking its output once.
func benchGoro(b *testing.B, name, want string, procs int) {
	benchGoroLimits(b, name, want, procs, false)
}

// benchGoroLimits runs a program with no limits, or (limits) with a memory
// limit and a step budget that it stays under (issue 13: they may cost at
// most 5%).
func benchGoroLimits(b *testing.B, name, want string, procs int, limits bool) {
	prog := program(b, name)
	var out bytes.Buffer
	opts := goro.Options{Stdout: &out, Procs: procs, Args: []string{name + ".goro"},
		Capabilities: goro.AllCapabilities, MaxMemory: -1, MaxGoroutines: -1}
	if limits {
		opts.MaxMemory, opts.MaxSteps, opts.MaxGoroutines = 1<<30, 1<<50, 1<<20
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out.Reset()
		if err := prog.Run(context.Background(), opts); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	if got := strings.TrimSpace(out.String()); got != want {
		b.Fatalf("%s printed %q, want %q", name, got, want)
	}
}

// benchPair runs the Goro program and its native twin as sub-benchmarks.
func benchPair(b *testing.B, name, want string, native func() string) {
	b.Run("goro", func(b *testing.B) { benchGoro(b, name, want, 0) })
	b.Run("goro-limits", func(b *testing.B) { benchGoroLimits(b, name, want, 0, true) })
	b.Run("go", func(b *testing.B) {
		b.ReportAllocs()
		var got string
		for i := 0; i < b.N; i++ {
			got = native()
		}
		if got != want {
			b.Fatalf("native %s gave %q, want %q", name, got, want)
		}
	})
}

func BenchmarkFib(b *testing.B) {
	benchPair(b, "fib", "9227465", func() string { return itoa(fib(35)) })
}

func BenchmarkLoop(b *testing.B) {
	benchPair(b, "loop", "149999997", func() string { return itoa(loop(50_000_000)) })
}

func BenchmarkBintrees(b *testing.B) {
	benchPair(b, "bintrees", bintreesWant, func() string { return bintrees(16) })
}

func BenchmarkSpectral(b *testing.B) {
	benchPair(b, "spectral", "1.2742239856297708", func() string { return ftoa(spectral(300)) })
}

func BenchmarkMap(b *testing.B) {
	benchPair(b, "map", "1000000 999999000000", func() string { return mapBench(1_000_000) })
}

func BenchmarkStrjoin(b *testing.B) {
	benchPair(b, "strjoin", "5888890", func() string { return itoa(strjoin(1_000_000)) })
}

func BenchmarkSieve(b *testing.B) {
	benchPair(b, "sieve", "664579", func() string { return itoa(sieve(10_000_000)) })
}

// The concurrency programs (issue: scheduler), each beside native Go with
// goroutines and channels.

func BenchmarkPingPong(b *testing.B) {
	benchPair(b, "pingpong", "1000000", func() string { return itoa(pingpong(1_000_000)) })
}

func BenchmarkThreadRing(b *testing.B) {
	benchPair(b, "threadring", "361", func() string { return itoa(threadring(503, 10_000_000)) })
}

func BenchmarkSpawn(b *testing.B) {
	benchPair(b, "spawn", "499999500000", func() string { return itoa(spawn(1_000_000)) })
}

func BenchmarkPrimeSieve(b *testing.B) {
	benchPair(b, "primesieve", "27449", func() string { return itoa(primesieve(3000)) })
}

// BenchmarkParallel runs fib(32) twice in two goroutines and in one, with 2
// Ps: the ratio of the two is the speedup (target >= 1.85).
func BenchmarkParallel(b *testing.B) {
	b.Run("parallel", func(b *testing.B) { benchGoro(b, "parallel", "4356618", 2) })
	b.Run("sequential", func(b *testing.B) { benchGoro(b, "sequential", "4356618", 2) })
}

// BenchmarkScale runs 32 goroutines of fib(27) with as many Ps as
// GOMAXPROCS, beside 32 native goroutines: `-cpu 1,2,4,8,16` shows how both
// schedulers scale with the processors (the workers start on main's P, so
// the other Ps must steal them).
func BenchmarkScale(b *testing.B) {
	benchPair(b, "scale", "6285376", func() string { return itoa(scale(32, 27)) })
}

// BenchmarkSleepLatency reports how late a 1 ms sleep wakes beside a
// goroutine spinning in `for {}`, with one P (target: p99 <= 5 ms; Go's own
// runtime: p50 19 ms, p99 23 ms on the machine).
func BenchmarkSleepLatency(b *testing.B) {
	prog := program(b, "latency")
	var p50s, p99s []float64
	for i := 0; i < b.N; i++ {
		var out bytes.Buffer
		if err := prog.Run(context.Background(), goro.Options{Stdout: &out, Procs: 1, Args: []string{"latency.goro"}, Capabilities: goro.AllCapabilities, MaxMemory: -1, MaxGoroutines: -1}); err != nil {
			b.Fatal(err)
		}
		var p50, p99 float64
		if _, err := fmt.Sscan(out.String(), &p50, &p99); err != nil {
			b.Fatalf("output %q: %v", out.String(), err)
		}
		p50s, p99s = append(p50s, p50), append(p99s, p99)
	}
	b.ReportMetric(median(p50s), "p50-late-µs")
	b.ReportMetric(median(p99s), "p99-late-µs")
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// Go's types as annotations cost nothing (issue 8): each program beside
// the same one written with types, in one run.
func benchTyped(b *testing.B, name, want string) {
	b.Run("untyped", func(b *testing.B) { benchGoro(b, name, want, 0) })
	b.Run("typed", func(b *testing.B) { benchGoro(b, name+"_typed", want, 0) })
}

func BenchmarkTypedFib(b *testing.B)      { benchTyped(b, "fib", "9227465") }
func BenchmarkTypedLoop(b *testing.B)     { benchTyped(b, "loop", "149999997") }
func BenchmarkTypedBintrees(b *testing.B) { benchTyped(b, "bintrees", bintreesWant) }

// A struct's field costs no more than a map's; a method call no more than
// a function call plus a field load.
func BenchmarkFieldAccess(b *testing.B) {
	b.Run("map", func(b *testing.B) { benchGoro(b, "field_map", "10000000", 0) })
	b.Run("struct", func(b *testing.B) { benchGoro(b, "field_struct", "10000000", 0) })
}

func BenchmarkMethodCall(b *testing.B) {
	b.Run("func", func(b *testing.B) { benchGoro(b, "call_func", "10000000", 0) })
	b.Run("method", func(b *testing.B) { benchGoro(b, "call_method", "10000000", 0) })
	b.Run("method-dynamic", func(b *testing.B) { benchGoro(b, "call_method_dyn", "10000000", 0) })
}
