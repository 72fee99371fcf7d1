package goro_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/goro-lang/goro"
)

// The examples of docs/embedding.md, one per capability, run by go test.

// A live runtime: the top-level code runs once, then the host calls its
// functions and reads its globals for as long as it keeps it.
func ExampleLoad() {
	rt, err := goro.Load(context.Background(), "rules.goro", []byte(`
var calls = 0
func double(x) { calls++; return x*2 + 1 }
`), goro.Options{})
	if err != nil {
		panic(err)
	}
	defer rt.Close()

	for i := 0; i < 3; i++ {
		v, err := rt.CallGlobal(context.Background(), "double", i)
		if err != nil {
			panic(err)
		}
		fmt.Print(v, " ")
	}
	calls, _ := rt.Global("calls")
	fmt.Println("calls:", calls)
	// Output: 1 3 5 calls: 3
}

// Call with Values is the cheapest way in: numbers and bools convert
// without allocating, and the call allocates nothing.
func ExampleRuntime_Call() {
	rt, err := goro.Load(context.Background(), "f.goro", []byte(`func f(x) { return x*2 + 1 }`), goro.Options{})
	if err != nil {
		panic(err)
	}
	defer rt.Close()
	f, _ := rt.Global("f")
	v, err := rt.Call(context.Background(), f, goro.IntValue(20))
	if err != nil {
		panic(err)
	}
	n, _ := v.Int()
	fmt.Println(n)
	// Output: 41
}

type order struct {
	ID    int
	Items []string
	Total float64
	note  string // unexported: the script does not see it
}

func (o *order) Add(item string, price float64) int {
	o.Items = append(o.Items, item)
	o.Total += price
	return len(o.Items)
}

// Go values go in (structs and pointers to them become objects whose
// exported fields and methods the script uses) and come back out, typed.
func ExampleRuntime_ValueOf() {
	rt, err := goro.Load(context.Background(), "v.goro", []byte(`
func summary(o, discounts) {
	o.Add("tea", 3.5)
	return {"id": o.ID, "count": len(o.Items), "total": o.Total * (1 - discounts[o.ID])}
}
`), goro.Options{})
	if err != nil {
		panic(err)
	}
	defer rt.Close()

	o := &order{ID: 7, Items: []string{"cake"}, Total: 4.5, note: "private"}
	v, err := rt.CallGlobal(context.Background(), "summary", o, map[int]float64{7: 0.25})
	if err != nil {
		panic(err)
	}
	fmt.Println(v.Export())
	fmt.Println(o.Items) // the script called the Go method on the Go value

	var out struct {
		ID    int
		Count int
		Total float64
	}
	if err := v.ExportTo(&out); err != nil {
		panic(err)
	}
	fmt.Printf("%+v\n", out)

	var wrong struct{ ID string }
	fmt.Println(v.ExportTo(&wrong))
	// Output:
	// map[count:2 id:7 total:6]
	// [cake tea]
	// {ID:7 Count:2 Total:6}
	// goro: cannot convert int to string at .ID
}

// A host module: Go functions by reflection (a trailing error becomes the
// script's err, a leading context.Context gets the run's), a fast function
// that takes Values, and values.
func ExampleNewModule() {
	users := map[string]string{"ann": "admin"}
	host := goro.NewModule("host").
		Func("Role", func(name string) (string, error) {
			role, ok := users[name]
			if !ok {
				return "", fmt.Errorf("no user %q", name)
			}
			return role, nil
		}).
		Func("Sum", func(xs ...float64) float64 {
			s := 0.0
			for _, x := range xs {
				s += x
			}
			return s
		}).
		Fast("Len", func(args []goro.Value) (goro.Value, error) {
			return goro.IntValue(int64(args[0].Len())), nil
		}).
		Value("Version", "1.4")

	var out bytes.Buffer
	err := mustCompile(`
import "host"

role, err := host.Role("ann")
println(role, err)
role, err = host.Role("bob")
println(role == "", err)
println(host.Sum(1, 2, 3.5), host.Len("four"), host.Version)
`, host).Run(context.Background(), goro.Options{Stdout: &out})
	fmt.Print(out.String(), err)
	// Output:
	// admin <nil>
	// true no user "bob"
	// 6.5 4 1.4
	// <nil>
}

func mustCompile(src string, mods ...*goro.Module) *goro.Program {
	p, err := goro.Compile("main.goro", []byte(src), mods...)
	if err != nil {
		panic(err)
	}
	return p
}

// A Go panic in a host function is a script panic: the script may recover
// it; if it does not, the call fails with a *RuntimeError and the runtime
// goes on.
func ExampleRuntimeError() {
	host := goro.NewModule("host").Func("Parse", func(s string) int {
		if s == "" {
			panic("empty input")
		}
		return len(s)
	})
	rt, err := goro.Load(context.Background(), "p.goro", []byte(`import "host"

func safe(s) {
	defer func() {
		if r := recover(); r != nil { println("recovered:", r) }
	}()
	return host.Parse(s)
}

func unsafe(s) { return host.Parse(s) }
`), goro.Options{Modules: []*goro.Module{host}})
	if err != nil {
		panic(err)
	}
	defer rt.Close()

	var out bytes.Buffer
	_ = out
	_, err = rt.CallGlobal(context.Background(), "unsafe", "")
	var re *goro.RuntimeError
	if errors.As(err, &re) {
		fmt.Println(re.Kind, "|", re.Value, "|", re.Frames[0].Func, re.Frames[0].Line)
	}
	v, err := rt.CallGlobal(context.Background(), "unsafe", "abc")
	fmt.Println(v, err)
	// Output:
	// panic | empty input | main.unsafe 10
	// 3 <nil>
}

// A blocking host function (a network call, a query) runs with its
// processor handed off: the run's other goroutines keep running on it.
// Its context is cancelled when the run ends.
func ExampleBlocking() {
	var ticks atomic.Int64
	host := goro.NewModule("host").
		Func("Tick", func() { ticks.Add(1) }).
		Func("Query", goro.Blocking(func(ctx context.Context, q string) (string, error) {
			for ticks.Load() < 3 { // the ticker runs meanwhile, on the only P
				select {
				case <-ctx.Done():
					return "", ctx.Err()
				case <-time.After(time.Millisecond):
				}
			}
			return "rows for " + q, nil
		}))
	var out bytes.Buffer
	err := mustCompile(`
import "host"
import "time"

go func() {
	for { host.Tick(); time.Sleep(time.Millisecond) }
}()
rows, err := host.Query("select 1")
println(rows, err)
`, host).Run(context.Background(), goro.Options{Procs: 1, Stdout: &out})
	fmt.Print(out.String(), err)
	// Output:
	// rows for select 1 <nil>
	// <nil>
}

// A call whose ctx ends returns ctx.Err(), even while the script is
// blocked on a channel; the runtime goes on.
func ExampleRuntime_Call_cancel() {
	rt, err := goro.Load(context.Background(), "c.goro", []byte(`
var jobs = chan()
func next() { return <-jobs }
func ping() { return "pong" }
`), goro.Options{})
	if err != nil {
		panic(err)
	}
	defer rt.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err = rt.CallGlobal(ctx, "next")
	fmt.Println(err)
	v, err := rt.CallGlobal(context.Background(), "ping")
	fmt.Println(v, err)
	// Output:
	// context deadline exceeded
	// pong <nil>
}

// Many host goroutines may call into one runtime at once: the calls are
// goroutines of the run, in parallel on its processors, sharing its
// globals (guarded by the script's own sync.Mutex here).
func ExampleRuntime_Call_concurrent() {
	rt, err := goro.Load(context.Background(), "n.goro", []byte(`
import "sync"
var mu = sync.Mutex()
var hits = {}
func hit(page) {
	mu.Lock()
	defer mu.Unlock()
	if _, ok := hits[page]; !ok { hits[page] = 0 }
	hits[page] += 1
	return hits[page]
}
`), goro.Options{Procs: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rt.Close()

	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 100; i++ {
				if _, err := rt.CallGlobal(context.Background(), "hit", "/home"); err != nil {
					panic(err)
				}
			}
		}()
	}
	wg.Wait()
	hits, _ := rt.Global("hits")
	fmt.Println(hits)
	// Output: map[/home:1600]
}

// Go calls the script, which calls Go, which calls the script again: a
// Go function that takes a context.Context and calls back with it runs
// the callback on the calling goroutine.
func ExampleRuntime_Call_callback() {
	var rt *goro.Runtime
	host := goro.NewModule("host").Func("Map", func(ctx context.Context, f goro.Value, xs []int) ([]int, error) {
		out := make([]int, len(xs))
		for i, x := range xs {
			v, err := rt.Call(ctx, f, goro.IntValue(int64(x)))
			if err != nil {
				return nil, err
			}
			n, _ := v.Int()
			out[i] = int(n)
		}
		return out, nil
	})
	rt, err := goro.Load(context.Background(), "m.goro", []byte(`import "host"
func square(x) { return x * x }
func run(xs) { r, err := host.Map(square, xs); return r }
`), goro.Options{Modules: []*goro.Module{host}})
	if err != nil {
		panic(err)
	}
	defer rt.Close()
	v, err := rt.CallGlobal(context.Background(), "run", []int{1, 2, 3})
	fmt.Println(v, err)
	// Output: [1 4 9] <nil>
}

// Globals are read and set by name; a Go function set as a global is a
// function the script calls.
func ExampleRuntime_SetGlobal() {
	rt, err := goro.Load(context.Background(), "g.goro", []byte(`
var limit = 10
var notify = nil
func check(n) {
	if n > limit { notify("over by " + str(n - limit)) }
}
`), goro.Options{})
	if err != nil {
		panic(err)
	}
	defer rt.Close()
	rt.SetGlobal("limit", 3)
	rt.SetGlobal("notify", func(msg string) { fmt.Println("notify:", msg) })
	_, err = rt.CallGlobal(context.Background(), "check", 5)
	fmt.Println(err)
	// Output:
	// notify: over by 2
	// <nil>
}

// A Session is the REPL's engine: inputs run one at a time on one runtime
// (concurrent Evals wait their turn); results are Values, and Echo is the
// REPL's formatting of them.
func ExampleSession() {
	s, err := goro.NewSession(goro.Options{})
	if err != nil {
		panic(err)
	}
	defer s.Close()
	ctx := context.Background()
	s.Eval(ctx, `func greet(n) { return "hi " + n, 1.0 }`)
	r, err := s.Eval(ctx, `greet("ann")`)
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Values[0].Export(), r.Values[1].Kind())
	fmt.Println(strings.Join(r.Echo(), " "))
	// Output:
	// hi ann float
	// "hi ann" 1
}

type fullDisk struct{}

func (fullDisk) Write(p []byte) (int, error) { return 0, errors.New("disk full") }

// A failing writer is seen: the script's writes return its error, and the
// run reports it as an *OutputError.
func ExampleOutputError() {
	err := mustCompile(`
import "fmt"
for i := 0; i < 10000; i++ {
	if _, err := fmt.Println("line", i); err != nil { break }
}
`).Run(context.Background(), goro.Options{Stdout: fullDisk{}})
	var oe *goro.OutputError
	fmt.Println(errors.As(err, &oe), err)
	// Output: true goro: writing stdout: disk full
}
