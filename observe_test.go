package goro_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/google/pprof/profile"

	"github.com/goro-lang/goro"
)

func runProfiled(t *testing.T, name, src string, procs int, p *goro.Profile) string {
	t.Helper()
	prog, err := goro.Compile(name, []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := prog.Run(context.Background(), goro.Options{Stdout: &out, Procs: procs, Profile: p}); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

const fibSrc = `func fib(n) {
	if n < 2 {
		return n
	}
	return fib(n - 1) + fib(n - 2)
}

func other() {
	s := 0
	for i := range 1000 {
		s += i
	}
	return s
}

println(fib(30), other())
`

// The CPU profile of a fib-heavy script has main.fib on top, with most of
// the samples, at one of its lines; it parses with the pprof package.
func TestCPUProfileFib(t *testing.T) {
	var buf bytes.Buffer
	runProfiled(t, "fib.goro", fibSrc, 1, &goro.Profile{CPU: &buf})
	p, err := profile.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if err := p.CheckValid(); err != nil {
		t.Fatal(err)
	}
	if len(p.SampleType) != 2 || p.SampleType[1].Type != "cpu" || p.Period != 10e6 {
		t.Fatalf("sample types %v period %d", p.SampleType, p.Period)
	}
	flat := map[string]int64{}
	lines := map[int64]int64{}
	var total int64
	for _, s := range p.Sample {
		if len(s.Location) == 0 {
			t.Fatal("sample without a location")
		}
		if g := s.Label["goroutine"]; len(g) != 1 || g[0] != "1" {
			t.Fatalf("goroutine label %v", s.Label)
		}
		leaf := s.Location[0].Line[0]
		flat[leaf.Function.Name] += s.Value[0]
		if leaf.Function.Name == "main.fib" {
			lines[leaf.Line] += s.Value[0]
			if !strings.HasSuffix(leaf.Function.Filename, "fib.goro") || leaf.Function.StartLine != 1 {
				t.Fatalf("main.fib at %s:%d", leaf.Function.Filename, leaf.Function.StartLine)
			}
		}
		root := s.Location[len(s.Location)-1].Line[0].Function.Name
		if root != "main.init" {
			t.Fatalf("stack root %s, want main.init", root)
		}
		total += s.Value[0]
	}
	if total < 5 {
		t.Fatalf("only %d samples in a run of fib(30)", total)
	}
	type fv struct {
		name string
		n    int64
	}
	var top []fv
	for n, v := range flat {
		top = append(top, fv{n, v})
	}
	sort.Slice(top, func(i, j int) bool { return top[i].n > top[j].n })
	if top[0].name != "main.fib" || top[0].n*2 < total {
		t.Fatalf("top functions %v of %d samples, want main.fib with most", top, total)
	}
	for l := range lines {
		if l < 1 || l > 6 {
			t.Fatalf("main.fib sampled at line %d, outside the function", l)
		}
	}
}

// Natives show under their traceback names, with the script caller below.
func TestCPUProfileNative(t *testing.T) {
	src := `import "strings"

s := strings.Repeat("a b ", 100000)
n := 0
for range 20 {
	n += len(strings.Split(s, " "))
}
println(n)
`
	var buf bytes.Buffer
	runProfiled(t, "split.goro", src, 1, &goro.Profile{CPU: &buf})
	p, err := profile.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	var split, total int64
	for _, s := range p.Sample {
		total += s.Value[0]
		if s.Location[0].Line[0].Function.Name == "strings.Split" {
			split += s.Value[0]
			if caller := s.Location[1].Line[0]; caller.Function.Name != "main.init" || caller.Line != 6 {
				t.Fatalf("strings.Split called from %s:%d", caller.Function.Name, caller.Line)
			}
		}
	}
	if total < 5 || split == 0 {
		t.Fatalf("no strings.Split sample in %d", total)
	}
}

// The allocation profile attributes sampled allocations to script call
// sites, in bytes and objects.
func TestMemProfile(t *testing.T) {
	src := `func alloc(n) {
	xs := []
	for i := range n {
		append(xs, [i, i, i, i])
	}
	return xs
}

func quiet(n) {
	s := 0
	for i := range n {
		s += i
	}
	return s
}

println(len(alloc(50000)), quiet(50000))
`
	var buf bytes.Buffer
	runProfiled(t, "alloc.goro", src, 1, &goro.Profile{Mem: &buf, MemRate: 4096})
	p, err := profile.Parse(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if p.SampleType[0].Type != "alloc_objects" || p.SampleType[1].Type != "alloc_space" {
		t.Fatalf("sample types %v", p.SampleType)
	}
	byFn := map[string]int64{}
	var total int64
	for _, s := range p.Sample {
		byFn[s.Location[0].Line[0].Function.Name] += s.Value[1]
		total += s.Value[1]
	}
	// 50000 lists of 4 values: about 6 MB, sampled every 4 KB.
	if byFn["main.alloc"]*10 < total*9 || total < 1<<20 {
		t.Fatalf("alloc_space by function %v (total %d), want main.alloc with nearly all", byFn, total)
	}
	if byFn["main.quiet"] != 0 {
		t.Fatalf("main.quiet allocates nothing, got %d bytes", byFn["main.quiet"])
	}
}

// traceFile is the part of a trace the tests read.
type traceFile struct {
	TraceEvents []struct {
		Ph   string          `json:"ph"`
		Pid  int             `json:"pid"`
		Tid  int             `json:"tid"`
		Ts   float64         `json:"ts"`
		Dur  float64         `json:"dur"`
		Name string          `json:"name"`
		Cat  string          `json:"cat"`
		Sf   string          `json:"sf"`
		Args json.RawMessage `json:"args"`
	} `json:"traceEvents"`
	StackFrames map[string]struct {
		Name   string `json:"name"`
		Parent string `json:"parent"`
	} `json:"stackFrames"`
	Goro struct {
		Goroutines map[string]string `json:"goroutines"`
	} `json:"goro"`
}

type run struct {
	p          int
	g          string
	start, end float64
	why, sf    string
	woke       []int
}

func readTrace(t *testing.T, b []byte) (*traceFile, []run) {
	t.Helper()
	var tf traceFile
	if err := json.Unmarshal(b, &tf); err != nil {
		t.Fatalf("trace is not JSON: %v", err)
	}
	var runs []run
	for _, e := range tf.TraceEvents {
		if e.Ph == "X" && e.Pid == 0 {
			r := run{p: e.Tid, g: e.Name, start: e.Ts, end: e.Ts + e.Dur, why: e.Cat, sf: e.Sf}
			if len(e.Args) > 0 {
				var a struct{ Woke []int }
				json.Unmarshal(e.Args, &a)
				r.woke = a.Woke
			}
			runs = append(runs, r)
		}
	}
	return &tf, runs
}

// The trace of a ping-pong has both goroutines, their blocking reasons
// (with the stacks where they blocked and who woke whom), and run slices
// that never overlap on one P.
func TestTracePingPong(t *testing.T) {
	src := `ping := chan()
pong := chan()
go func() {
	for range 2000 {
		pong <- (<-ping) + 1
	}
}()
v := 0
for range 2000 {
	ping <- v
	v = <-pong
}
println(v)
`
	var buf bytes.Buffer
	runProfiled(t, "pingpong.goro", src, 1, &goro.Profile{Trace: &buf})
	tf, runs := readTrace(t, buf.Bytes())
	reasons := map[string]map[string]int{}
	woke := map[string]int{}
	byP := map[int][]run{}
	for _, r := range runs {
		if reasons[r.g] == nil {
			reasons[r.g] = map[string]int{}
		}
		reasons[r.g][r.why]++
		for _, w := range r.woke {
			woke[r.g+">G"+itoa(w)]++
		}
		byP[r.p] = append(byP[r.p], r)
		if r.why == "chan send" || r.why == "chan receive" {
			if f, ok := tf.StackFrames[r.sf]; !ok || !strings.Contains(f.Name, "pingpong.goro:") {
				t.Fatalf("run %+v: stack %q not in the script", r, r.sf)
			}
		}
	}
	for _, g := range []string{"G1", "G2"} {
		if reasons[g]["chan send"]+reasons[g]["chan receive"] < 1000 {
			t.Fatalf("%s stopped for %v, want >= 1000 channel blocks", g, reasons[g])
		}
	}
	if woke["G1>G2"] < 1000 || woke["G2>G1"] < 1000 {
		t.Fatalf("wake-ups %v", woke)
	}
	if tf.Goro.Goroutines["2"] != "main.<closure at 3:4>" {
		t.Fatalf("goroutine names %v", tf.Goro.Goroutines)
	}
	if len(byP) != 1 {
		t.Fatalf("runs on %d Ps with one P", len(byP))
	}
	for p, rs := range byP {
		sort.Slice(rs, func(i, j int) bool { return rs[i].start < rs[j].start })
		for i := 1; i < len(rs); i++ {
			if rs[i].start < rs[i-1].end-1e-3 {
				t.Fatalf("P%d: run %+v overlaps %+v", p, rs[i], rs[i-1])
			}
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// The trace of two CPU-bound goroutines with 2 Ps shows both Ps busy at
// the same time.
func TestTraceParallel(t *testing.T) {
	src := `func fib(n) {
	if n < 2 {
		return n
	}
	return fib(n - 1) + fib(n - 2)
}

done := chan(2)
for range 2 {
	go func() { done <- fib(25) }()
}
println(<-done + <-done)
`
	var buf bytes.Buffer
	runProfiled(t, "parallel.goro", src, 2, &goro.Profile{Trace: &buf, TraceGzip: true})
	b, err := readGzip(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	_, runs := readTrace(t, b)
	var on [2][]run
	for _, r := range runs {
		if r.p < 0 || r.p > 1 {
			t.Fatalf("run on P%d with 2 Ps", r.p)
		}
		if r.g != "G1" {
			on[r.p] = append(on[r.p], r)
		}
	}
	overlap := 0.0
	for _, a := range on[0] {
		for _, b := range on[1] {
			if lo, hi := max(a.start, b.start), min(a.end, b.end); hi > lo {
				overlap += hi - lo
			}
		}
	}
	if overlap <= 0 {
		t.Fatalf("the Ps never ran goroutines at the same time: P0 %v, P1 %v", on[0], on[1])
	}
}

func readGzip(b []byte) ([]byte, error) {
	var out strings.Builder
	err := goro.WriteTraceHTML(&nopWriter{}, bytes.NewReader(b), "x") // validates and decompresses
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	_, err = io.Copy(&out, zr)
	return []byte(out.String()), err
}

type nopWriter struct{}

func (nopWriter) Write(p []byte) (int, error) { return len(p), nil }
