package bench

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/goro-lang/goro"
)

// Embedding (issue 10): calls between Go and a live runtime.
//
//	go test ./bench -run '^$' -bench 'Embed' -count 5 -benchmem
//
// EmbedCall is one Go -> script call of func(x) { return x*2 + 1 } on a
// runtime with an idle P (target <= 250 ns, 0 allocs). EmbedCallParallel
// runs 1 or 8 host goroutines calling at once on a runtime with 2 Ps
// (target: 8 callers >= 1.7x one caller's throughput); its calls/s metric
// is the aggregate. EmbedFast and EmbedReflect are script -> Go calls
// (targets 40 ns and 300 ns), measured as the cost of one call inside a
// script loop minus the same loop calling a script function.

const embedSrc = `
import "host"

func f(x) { return x*2 + 1 }

func loopFast(n) {
	s := 0
	for i := 0; i < n; i++ { s += host.Fast(i) }
	return s
}
func loopReflect(n) {
	s := 0
	for i := 0; i < n; i++ { s += host.Reflect(i) }
	return s
}
func loopScript(n) {
	s := 0
	for i := 0; i < n; i++ { s += f(i) }
	return s
}
func loopReflect3(n) {
	s := 0
	for i := 0; i < n; i++ { s += host.Reflect3(i, 2, 1) }
	return s
}
func loopInline(n) {
	s := 0
	for i := 0; i < n; i++ { s += i*2 + 1 }
	return s
}
`

func embedRuntime(b *testing.B, procs int) *goro.Runtime {
	b.Helper()
	host := goro.NewModule("host").
		Fast("Fast", func(args []goro.Value) (goro.Value, error) {
			n, _ := args[0].Int()
			return goro.IntValue(n*2 + 1), nil
		}).
		Func("Reflect", func(n int) int { return n*2 + 1 }).
		// Three parameters: no typed adapter, reflect.Value.Call.
		Func("Reflect3", func(n, a, b int) int { return n*a + b })
	rt, err := goro.Load(context.Background(), "embed.goro", []byte(embedSrc), goro.Options{Procs: procs, Modules: []*goro.Module{host}, Capabilities: goro.AllCapabilities, MaxMemory: -1, MaxGoroutines: -1})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { rt.Close() })
	return rt
}

func BenchmarkEmbedCall(b *testing.B) {
	rt := embedRuntime(b, 1)
	fn, _ := rt.Global("f")
	ctx := context.Background()
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuNow()
	for i := 0; i < b.N; i++ {
		v, err := rt.Call(ctx, fn, goro.IntValue(int64(i)))
		if err != nil {
			b.Fatal(err)
		}
		if n, _ := v.Int(); n != int64(i)*2+1 {
			b.Fatal("wrong result", n)
		}
	}
	b.ReportMetric(float64(cpuNow()-c0)/float64(b.N), "cpu-ns/op")
}

func BenchmarkEmbedCallParallel(b *testing.B) {
	for _, callers := range []int{1, 2, 8} {
		b.Run(fmt.Sprintf("callers=%d", callers), func(b *testing.B) {
			rt := embedRuntime(b, 2)
			fn, _ := rt.Global("f")
			ctx := context.Background()
			var next atomic.Int64
			var wg sync.WaitGroup
			b.ReportAllocs()
			b.ResetTimer()
			c0 := cpuNow()
			for g := 0; g < callers; g++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for next.Add(1) <= int64(b.N) {
						if _, err := rt.Call(ctx, fn, goro.IntValue(3)); err != nil {
							b.Error(err)
							return
						}
					}
				}()
			}
			wg.Wait()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "calls/s")
			b.ReportMetric(float64(cpuNow()-c0)/float64(b.N), "cpu-ns/op")
		})
	}
}

func embedLoop(b *testing.B, name string) {
	rt := embedRuntime(b, 1)
	fn, _ := rt.Global(name)
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuNow()
	if _, err := rt.Call(context.Background(), fn, goro.IntValue(int64(b.N))); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(cpuNow()-c0)/float64(b.N), "cpu-ns/op")
}

func BenchmarkEmbedFast(b *testing.B)           { embedLoop(b, "loopFast") }
func BenchmarkEmbedReflect(b *testing.B)        { embedLoop(b, "loopReflect") }
func BenchmarkEmbedReflectCall(b *testing.B)    { embedLoop(b, "loopReflect3") }
func BenchmarkEmbedScriptBaseline(b *testing.B) { embedLoop(b, "loopScript") }
func BenchmarkEmbedLoopBaseline(b *testing.B)   { embedLoop(b, "loopInline") }
