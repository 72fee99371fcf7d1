package goro_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goro-lang/goro"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestCallAllocs(t *testing.T) {
	rt := load(t, `func f(x) { return x*2 + 1 }`, goro.Options{Procs: 1})
	fn, _ := rt.Global("f")
	ctx := context.Background()
	arg := goro.IntValue(20)
	allocs := testing.AllocsPerRun(1000, func() {
		v, err := rt.Call(ctx, fn, arg)
		if err != nil {
			t.Fatal(err)
		}
		if n, _ := v.Int(); n != 41 {
			t.Fatal("wrong result", n)
		}
	})
	assert.Equal(t, 0.0, allocs)
}

type point struct {
	X, Y int
	Tag  string `goro:"tag"`
	skip int
}

type account struct {
	Owner   string
	Balance float64
	Tags    []string
}

func (a *account) Deposit(x float64) float64 { a.Balance += x; return a.Balance }
func (a *account) Withdraw(x float64) (float64, error) {
	if x > a.Balance {
		return a.Balance, errors.New("insufficient funds")
	}
	a.Balance -= x
	return a.Balance, nil
}
func (a account) Describe() string { return fmt.Sprintf("%s: %.2f", a.Owner, a.Balance) }

var errBad = errors.New("bad")

func TestValueOfAndExport(t *testing.T) {
	cases := []struct {
		in   any
		want any
	}{
		{nil, nil},
		{true, true},
		{int8(-3), int64(-3)},
		{uint16(7), int64(7)},
		{uint64(1 << 40), int64(1 << 40)},
		{float32(1.5), 1.5},
		{"hé", "hé"},
		{[]byte("raw"), "raw"},
		{2 * time.Second, int64(2e9)},
		{[]int{1, 2, 3}, []any{int64(1), int64(2), int64(3)}},
		{[2]string{"a", "b"}, []any{"a", "b"}},
		{map[string]any{"a": 1, "b": []any{"x", 2.5}}, map[string]any{"a": int64(1), "b": []any{"x", 2.5}}},
		{map[int]string{2: "two", 1: "one"}, map[any]any{int64(1): "one", int64(2): "two"}},
		{errBad, errBad},
	}
	for _, c := range cases {
		v, err := goro.ValueOf(c.in)
		require.NoError(t, err, "%T", c.in)
		assert.Equal(t, c.want, v.Export(), "%T %v", c.in, c.in)
	}
	_, err := goro.ValueOf(uint64(1 << 63))
	assert.ErrorContains(t, err, "overflows int")
	_, err = goro.ValueOf(map[float64]int{1: 1})
	assert.ErrorContains(t, err, "map keys must be strings or ints")
	_, err = goro.ValueOf(make(chan int))
	assert.ErrorContains(t, err, "unsupported kind chan")
	v, _ := goro.ValueOf(map[string]int{"b": 2, "a": 1})
	assert.Equal(t, `map["a":1 "b":2]`, v.Repr(), "sorted insertion order")
}

func TestExportTo(t *testing.T) {
	rt := load(t, `
var p = {"X": 1, "y": 2, "tag": "t"}
var items = [{"X": 1}, {"X": 2.0}, {"X": "three"}]
var big = 300
var half = 1.5
var d = 1500000000
var e = error("oops")
`, goro.Options{Procs: 1})
	get := func(name string) goro.Value { v, _ := rt.Global(name); return v }
	var p point
	require.NoError(t, get("p").ExportTo(&p))
	assert.Equal(t, point{X: 1, Y: 2, Tag: "t"}, p)

	var pts []point
	err := get("items").ExportTo(&pts)
	var ee *goro.ExportError
	require.ErrorAs(t, err, &ee)
	assert.Equal(t, "[2].X", ee.Path)
	assert.Equal(t, "goro: cannot convert string to int at [2].X", err.Error())

	var small int8
	assert.ErrorContains(t, get("big").ExportTo(&small), "300 overflows it")
	var n int
	assert.ErrorContains(t, get("half").ExportTo(&n), "cannot convert float to int")
	var dur time.Duration
	require.NoError(t, get("d").ExportTo(&dur))
	assert.Equal(t, 1500*time.Millisecond, dur)
	var e error
	require.NoError(t, get("e").ExportTo(&e))
	assert.EqualError(t, e, "oops")
	var m map[string]any
	require.NoError(t, get("p").ExportTo(&m))
	assert.Equal(t, "t", m["tag"])
	var s string
	assert.ErrorContains(t, get("p").ExportTo(&s), "cannot convert map to string")
	assert.Error(t, get("p").ExportTo(s))
}

func TestHostModule(t *testing.T) {
	acct := &account{Owner: "ann", Balance: 10, Tags: []string{"vip"}}
	host := goro.NewModule("host").
		Func("Greet", func(name string, n int) (string, error) {
			if n < 0 {
				return "", errors.New("negative count")
			}
			return strings.Repeat("hi "+name+" ", n), nil
		}).
		Func("Sum", func(xs ...float64) float64 {
			s := 0.0
			for _, x := range xs {
				s += x
			}
			return s
		}).
		Func("Deadline", func(ctx context.Context) bool { return ctx.Err() == nil }).
		Func("Crash", func() { panic("host exploded") }).
		Fast("Twice", func(args []goro.Value) (goro.Value, error) {
			n, ok := args[0].Int()
			if !ok {
				return goro.Value{}, errors.New("Twice wants an int")
			}
			return goro.IntValue(2 * n), nil
		}).
		Value("Account", acct).
		Value("Origin", point{X: 3, Y: 4}).
		Value("Version", "1.2")
	rt := load(t, `
import "host"

func run() {
	out := []
	s, err := host.Greet("bo", 2)
	out = append(out, s, err)
	s, err = host.Greet("bo", -1)
	out = append(out, s, err.Error())
	out = append(out, host.Sum(), host.Sum(1, 2, 3.5), host.Deadline(), host.Twice(21))
	out = append(out, host.Account.Owner, host.Account.Deposit(5), host.Account.Tags[0])
	b, err := host.Account.Withdraw(100)
	out = append(out, b, err.Error(), host.Account.Describe())
	out = append(out, host.Origin.X + host.Origin.Y, host.Version)
	return out
}

func crash() {
	defer func() { println("recovered:", recover()) }()
	host.Crash()
}

func badArgs() { host.Greet(1, 2) }
func badFast() { host.Twice("x") }
`, goro.Options{Procs: 1, Modules: []*goro.Module{host}})
	run, _ := rt.Global("run")
	v, err := rt.Call(context.Background(), run)
	require.NoError(t, err)
	assert.Equal(t, []any{"hi bo hi bo ", nil, "", "negative count", 0.0, 6.5, true, int64(42),
		"ann", 15.0, "vip", 15.0, "insufficient funds", "ann: 15.00", int64(7), "1.2"}, v.Export())
	assert.Equal(t, 15.0, acct.Balance, "the script changed the Go value through its pointer")

	var buf strings.Builder
	_ = buf
	_, err = rt.CallGlobal(context.Background(), "crash")
	require.NoError(t, err)
	_, err = rt.CallGlobal(context.Background(), "badArgs")
	assert.ErrorContains(t, err, "host.Greet: argument 1: cannot convert int to string")
	_, err = rt.CallGlobal(context.Background(), "badFast")
	var re *goro.RuntimeError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "Twice wants an int", re.Value.String())

	_, err = goro.Compile("x.goro", []byte("import \"host\"\nhost.Nope()"), host)
	assert.ErrorContains(t, err, "undefined: host.Nope")
	_, err = goro.Compile("x.goro", []byte("import \"host\"\n"), goro.NewModule("host").Func("Three", func() (int, int, int) { return 1, 2, 3 }))
	assert.ErrorContains(t, err, "at most 2 results")
	_, err = goro.Compile("x.goro", []byte("import \"host\"\n"), goro.NewModule("host").Func("Chan", func(n int, c chan int) {}))
	assert.EqualError(t, err, "goro: host.Chan: a Goro value cannot become its parameter 2 of type chan int (func(int, chan int))")
	_, err = goro.Compile("x.goro", []byte("import \"host\"\n"), goro.NewModule("host").Func("C", func() complex128 { return 0 }))
	assert.EqualError(t, err, "goro: host.C: its result 1 of type complex128 cannot become a Goro value (func() complex128)")
}

func TestHostModulePerRun(t *testing.T) {
	mk := func(tenant string) *goro.Module {
		return goro.NewModule("tenant").Func("Name", func() string { return tenant })
	}
	prog, err := goro.Compile("t.goro", []byte(`import "tenant"
func name() { return tenant.Name() }`), mk("default"))
	require.NoError(t, err)
	for _, name := range []string{"a", "b"} {
		rt, err := prog.Load(context.Background(), goro.Options{Procs: 1, Modules: []*goro.Module{mk(name)}})
		require.NoError(t, err)
		v, err := rt.CallGlobal(context.Background(), "name")
		require.NoError(t, err)
		assert.Equal(t, name, v.Export())
		require.NoError(t, rt.Close())
	}
}

func TestGoFuncValuesAndGlobals(t *testing.T) {
	rt := load(t, `
var handler = nil
var limit = 0
func apply(x) { return handler(x) + limit }
`, goro.Options{Procs: 1})
	require.NoError(t, rt.SetGlobal("handler", func(x int) int { return x * 10 }))
	require.NoError(t, rt.SetGlobal("limit", 7))
	assert.ErrorContains(t, rt.SetGlobal("nope", 1), "no global nope")
	v, err := rt.CallGlobal(context.Background(), "apply", 4)
	require.NoError(t, err)
	assert.Equal(t, int64(47), v.Export())
	// A Go function value called directly from the host.
	h, _ := rt.Global("handler")
	v, err = rt.Invoke(context.Background(), h, 5)
	require.NoError(t, err)
	assert.Equal(t, int64(50), v.Export())
}

// Go -> script -> Go -> script, three levels deep, on one goroutine.
func TestCallbackChain(t *testing.T) {
	var rt *goro.Runtime
	host := goro.NewModule("host").
		Func("Apply", func(ctx context.Context, f goro.Value, x int) (int, error) {
			v, err := rt.Call(ctx, f, goro.IntValue(int64(x)))
			if err != nil {
				return 0, err
			}
			n, _ := v.Int()
			return int(n) + 1, nil
		})
	var err error
	rt, err = goro.Load(context.Background(), "chain.goro", []byte(`
import "host"
func inner(x) { return x * 2 }
func middle(x) { r, err := host.Apply(inner, x); return r * 10 }
func outer(x) { r, err := host.Apply(middle, x); return r }
func bad(x) { panic("deep") }
func viaBad(x) {
	defer func() { recover() }()
	host.Apply(bad, x)
	return "not reached"
}
`), goro.Options{Procs: 1, Modules: []*goro.Module{host}})
	require.NoError(t, err)
	defer rt.Close()
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := rt.CallGlobal(context.Background(), "outer", 3)
			assert.NoError(t, err)
			assert.Equal(t, int64((3*2+1)*10+1), v.Export())
		}()
	}
	wg.Wait()
	v, err := rt.CallGlobal(context.Background(), "viaBad", 1)
	require.NoError(t, err)
	assert.True(t, v.IsNil(), "the panic unwound through the Go function to the recover")
}

// A blocking Go function hands its P off: 100 script goroutines keep
// ticking on the only P meanwhile.
func TestBlockingHostFunction(t *testing.T) {
	var ticks atomic.Int64
	host := goro.NewModule("host").
		Fast("Tick", func(args []goro.Value) (goro.Value, error) { ticks.Add(1); return goro.Value{}, nil }).
		Func("Wait", goro.Blocking(func(ctx context.Context, want int) bool {
			for ticks.Load() < int64(want) {
				select {
				case <-ctx.Done():
					return false
				case <-time.After(100 * time.Microsecond):
				}
			}
			return true
		}))
	rt := load(t, `
import "host"
import "time"
var stop = false
func run() {
	for i := 0; i < 100; i++ {
		go func() {
			for !stop {
				host.Tick()
				time.Sleep(time.Millisecond)
			}
		}()
	}
	ok := host.Wait(100 * 5)
	stop = true
	return ok
}
`, goro.Options{Procs: 1, Modules: []*goro.Module{host}})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	v, err := rt.CallGlobal(ctx, "run")
	require.NoError(t, err)
	assert.Equal(t, true, v.Export())
}

// A call cancelled while blocked on a channel returns ctx.Err(); the
// runtime goes on, and the abandoned goroutine dies quietly when woken.
func TestCancelBlockedCall(t *testing.T) {
	rt := load(t, `
var ch = chan()
var got = []
func record(v) { got = append(got, v) }
func wait() { v := <-ch; record(v); return v }
func send(v) { ch <- v }
func count() { return len(got) }
`, goro.Options{Procs: 2})
	for i := 0; i < 3; i++ {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Millisecond)
		_, err := rt.CallGlobal(ctx, "wait")
		cancel()
		require.ErrorIs(t, err, context.DeadlineExceeded)
	}
	// Wake the abandoned receivers: each panics "interrupted" at its next
	// safe point (the call of record), before touching got.
	for i := 0; i < 3; i++ {
		_, err := rt.CallGlobal(context.Background(), "send", i)
		require.NoError(t, err)
	}
	done := make(chan goro.Value)
	go func() {
		v, err := rt.CallGlobal(context.Background(), "wait")
		assert.NoError(t, err)
		done <- v
	}()
	_, err := rt.CallGlobal(context.Background(), "send", 42)
	require.NoError(t, err)
	assert.Equal(t, int64(42), (<-done).Export())
	n, err := rt.CallGlobal(context.Background(), "count")
	require.NoError(t, err)
	assert.Equal(t, int64(1), n.Export())
	// Cancelled before it starts: never runs.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err = rt.CallGlobal(ctx, "send", 1)
	assert.ErrorIs(t, err, context.Canceled)
}

func TestLiveErrors(t *testing.T) {
	_, err := goro.Load(context.Background(), "p.goro", []byte(`panic("at load")`), goro.Options{Procs: 1})
	var re *goro.RuntimeError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, goro.PanicKind, re.Kind)
	assert.Equal(t, "at load", re.Value.Export())
	assert.Equal(t, goro.Frame{Func: "main.init", File: "p.goro", Line: 1, Col: 1}, re.Frames[0])

	_, err = goro.Load(context.Background(), "d.goro", []byte(`<-chan()`), goro.Options{Procs: 1})
	require.ErrorAs(t, err, &re)
	assert.Equal(t, goro.DeadlockKind, re.Kind)

	rt := load(t, `
import "time"
func rec(n) { return rec(n+1) + 1 }
func later() { go func() { time.Sleep(time.Millisecond); panic("background") }() }
`, goro.Options{Procs: 1, MaxStack: 1 << 16})
	_, err = rt.CallGlobal(context.Background(), "rec", 0)
	require.ErrorAs(t, err, &re)
	assert.Equal(t, goro.StackOverflowKind, re.Kind)
	assert.Equal(t, "main.rec", re.Frames[0].Func)

	_, err = rt.CallGlobal(context.Background(), "later")
	require.NoError(t, err)
	<-rt.Done()
	require.ErrorAs(t, rt.Err(), &re)
	assert.Equal(t, "background", re.Value.Export())
	_, err = rt.CallGlobal(context.Background(), "rec", 0)
	assert.ErrorAs(t, err, &re, "calls after the run ended report why it ended")
	assert.Error(t, rt.Close())

	rt2, err := goro.Load(context.Background(), "x.goro", []byte(`import "os"
func quit() { os.Exit(3) }`), goro.Options{Procs: 1, Capabilities: goro.Exit})
	require.NoError(t, err)
	_, err = rt2.CallGlobal(context.Background(), "quit")
	var ex *goro.ExitError
	require.ErrorAs(t, err, &ex)
	assert.Equal(t, 3, ex.Code)
	<-rt2.Done()
	assert.ErrorAs(t, rt2.Close(), &ex)
}

func TestLoadCtxEndsRun(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	rt, err := goro.Load(ctx, "x.goro", []byte(`func f() { return 1 }`), goro.Options{Procs: 1})
	require.NoError(t, err)
	cancel()
	<-rt.Done()
	_, err = rt.CallGlobal(context.Background(), "f")
	assert.Error(t, err)
}

// The typed adapters (typed.go) behave as the reflective path does:
// conversions, their errors, arity, panics, a trailing error.
func TestTypedAdapters(t *testing.T) {
	host := goro.NewModule("host").
		Func("Half", func(n int) int { return n / 2 }).
		Func("Cat", func(a string, b any) string { return fmt.Sprint(a, b) }).
		Func("Div", func(a, b float64) (float64, error) {
			if b == 0 {
				return 0, errors.New("division by zero")
			}
			return a / b, nil
		}).
		Func("Check", func(ok bool) error {
			if !ok {
				return errors.New("not ok")
			}
			return nil
		}).
		Func("Boom", func(s string) { panic("boom " + s) }).
		Func("Echo", func(v goro.Value) goro.Value { return v }).
		Func("List", func() any { return []int{1, 2} })
	rt := load(t, `
import "host"
func run() {
	q, err := host.Div(1, 4)
	_, err2 := host.Div(1, 0)
	return [host.Half(9), host.Half(8.0), host.Cat("a", [1]), q, err, err2, host.Check(true), host.Check(false), host.Echo({"k": 1}), host.List()]
}
func badFloat() { return host.Half(2.5) }
func badArity() { return host.Half(1, 2) }
func boom() { host.Boom("x") }
func recovered() { defer func() { recover() }(); host.Boom("y"); return 1 }
`, goro.Options{Procs: 1, Modules: []*goro.Module{host}})
	v, err := rt.CallGlobal(context.Background(), "run")
	require.NoError(t, err)
	got := v.Export().([]any)
	assert.Equal(t, []any{int64(4), int64(4), "a[1]", 0.25, nil}, got[:5])
	assert.EqualError(t, got[5].(error), "division by zero")
	assert.Nil(t, got[6])
	assert.EqualError(t, got[7].(error), "not ok")
	assert.Equal(t, map[string]any{"k": int64(1)}, got[8])
	assert.Equal(t, []any{int64(1), int64(2)}, got[9])

	_, err = rt.CallGlobal(context.Background(), "badFloat")
	assert.ErrorContains(t, err, "host.Half: argument 1: cannot convert float to int")
	_, err = rt.CallGlobal(context.Background(), "badArity")
	assert.ErrorContains(t, err, "wrong number of arguments in call to host.Half: have 2, want 1")
	_, err = rt.CallGlobal(context.Background(), "boom")
	var re *goro.RuntimeError
	require.ErrorAs(t, err, &re)
	assert.Equal(t, "boom x", re.Value.String())
	_, err = rt.CallGlobal(context.Background(), "recovered")
	require.NoError(t, err)
}

// A blocking Go function called by the goroutine of a host's Call stops
// when that Call's ctx ends, not only when the run does.
func TestBlockingStopsWithCallCtx(t *testing.T) {
	stopped := make(chan error, 1)
	host := goro.NewModule("host").Func("Wait", goro.Blocking(func(ctx context.Context) {
		<-ctx.Done()
		stopped <- ctx.Err()
	}))
	rt := load(t, `import "host"
func wait() { host.Wait(); return "not reached" }
func ok() { return 1 }`, goro.Options{Procs: 1, Modules: []*goro.Module{host}})
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err := rt.CallGlobal(ctx, "wait")
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.ErrorIs(t, <-stopped, context.Canceled)
	v, err := rt.CallGlobal(context.Background(), "ok")
	require.NoError(t, err)
	assert.Equal(t, int64(1), v.Export())
}

// A blocking Go function's ctx is cancelled when the run ends (here by
// Close, while a background goroutine waits in it).
func TestBlockingCtxEndsWithRun(t *testing.T) {
	entered := make(chan struct{})
	ended := make(chan error, 1)
	host := goro.NewModule("host").Func("Wait", goro.Blocking(func(ctx context.Context) {
		close(entered)
		<-ctx.Done()
		ended <- ctx.Err()
	}))
	rt, err := goro.Load(context.Background(), "b.goro", []byte(`import "host"
func start() { go host.Wait() }`), goro.Options{Procs: 1, Modules: []*goro.Module{host}})
	require.NoError(t, err)
	_, err = rt.CallGlobal(context.Background(), "start")
	require.NoError(t, err)
	<-entered
	require.NoError(t, rt.Close())
	assert.ErrorIs(t, <-ended, context.Canceled)
}

// time.Duration crosses as an int of nanoseconds, both ways, through
// parameters, results and ExportTo.
func TestDurations(t *testing.T) {
	host := goro.NewModule("host").
		Func("Show", func(d time.Duration) string { return d.String() }).
		Func("Double", func(d time.Duration) time.Duration { return 2 * d })
	rt := load(t, `import "host"
import "time"
func run() { return [host.Show(1500 * time.Millisecond), host.Double(time.Second)] }`,
		goro.Options{Procs: 1, Modules: []*goro.Module{host}})
	v, err := rt.CallGlobal(context.Background(), "run")
	require.NoError(t, err)
	var out struct {
		Shown string
		Twice time.Duration
	}
	var pair []any
	require.NoError(t, v.ExportTo(&pair))
	assert.Equal(t, []any{"1.5s", int64(2 * time.Second)}, pair)
	second, _ := v.Index(1)
	require.NoError(t, second.ExportTo(&out.Twice))
	assert.Equal(t, 2*time.Second, out.Twice)
}

// Script -> Go calls of a FastFunc and of a Go function with a typed
// adapter allocate nothing (numbers in and out).
func TestHostCallAllocs(t *testing.T) {
	host := goro.NewModule("host").
		Fast("Fast", func(args []goro.Value) (goro.Value, error) {
			n, _ := args[0].Int()
			return goro.IntValue(n + 1), nil
		}).
		Func("Typed", func(n int, f float64) float64 { return float64(n) * f })
	rt := load(t, `import "host"
func loop(n) {
	s := 0.0
	for i := 0; i < n; i++ { s += host.Fast(i) + host.Typed(i, 0.5) }
	return s
}`, goro.Options{Procs: 1, Modules: []*goro.Module{host}})
	fn, _ := rt.Global("loop")
	arg := goro.IntValue(100)
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := rt.Call(context.Background(), fn, arg); err != nil {
			t.Fatal(err)
		}
	})
	assert.Equal(t, 0.0, allocs)
}
