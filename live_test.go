package goro_test

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goro-lang/goro"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func load(t testing.TB, src string, opts goro.Options) *goro.Runtime {
	t.Helper()
	rt, err := goro.Load(context.Background(), "live.goro", []byte(src), opts)
	require.NoError(t, err)
	t.Cleanup(func() { rt.Close() })
	return rt
}

func TestLiveCall(t *testing.T) {
	rt := load(t, `
var count = 0
func double(x) { count++; return x*2 + 1 }
func pair(a, b) { return b, a }
`, goro.Options{Procs: 2})
	fn, ok := rt.Global("double")
	require.True(t, ok)
	for i := 0; i < 100; i++ {
		v, err := rt.Call(context.Background(), fn, goro.IntValue(int64(i)))
		require.NoError(t, err)
		n, ok := v.Int()
		require.True(t, ok)
		assert.Equal(t, int64(2*i+1), n)
	}
	c, _ := rt.Global("count")
	assert.Equal(t, int64(100), c.Export())
	pair, _ := rt.Global("pair")
	res, err := rt.CallAll(context.Background(), pair, goro.StringValue("a"), goro.IntValue(1))
	require.NoError(t, err)
	require.Len(t, res, 2)
	assert.Equal(t, int64(1), res[0].Export())
	assert.Equal(t, "a", res[1].Export())
}

func TestLiveCallBlocksAndSpawns(t *testing.T) {
	rt := load(t, `
import "time"
var results = chan(10)
func work(n) {
	ch := chan()
	for i := 0; i < n; i++ {
		go func(i) { time.Sleep(time.Millisecond); ch <- i * i }(i)
	}
	sum := 0
	for i := 0; i < n; i++ {
		sum += <-ch
	}
	return sum
}
func forever() { for {} }
func block() { <-chan() }
func boom(x) { panic("boom " + x) }
`, goro.Options{Procs: 2})
	work, _ := rt.Global("work")
	v, err := rt.Call(context.Background(), work, goro.IntValue(10))
	require.NoError(t, err)
	assert.Equal(t, int64(285), v.Export())

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	forever, _ := rt.Global("forever")
	_, err = rt.Call(ctx, forever)
	assert.ErrorIs(t, err, context.DeadlineExceeded, "a call its ctx interrupted returns ctx.Err()")
	var re *goro.RuntimeError
	ctx2, cancel2 := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel2()
	block, _ := rt.Global("block")
	_, err = rt.Call(ctx2, block)
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	boom, _ := rt.Global("boom")
	_, err = rt.Call(context.Background(), boom, goro.StringValue("x"))
	require.ErrorAs(t, err, &re)
	assert.Equal(t, goro.PanicKind, re.Kind)
	assert.Equal(t, "boom x", re.Value.Export())
	require.NotEmpty(t, re.Frames)
	assert.Equal(t, "main.boom", re.Frames[0].Func)
	assert.Equal(t, 17, re.Frames[0].Line)

	// Still usable.
	v, err = rt.Call(context.Background(), work, goro.IntValue(3))
	require.NoError(t, err)
	assert.Equal(t, int64(5), v.Export())
}

func TestLiveManyCallers(t *testing.T) {
	rt := load(t, `
import "sync"
var mu = sync.Mutex()
var total = 0
func add(x) { mu.Lock(); total += x; mu.Unlock(); return x }
`, goro.Options{Procs: 2})
	add, _ := rt.Global("add")
	var wg sync.WaitGroup
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				_, err := rt.Call(context.Background(), add, goro.IntValue(1))
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	total, _ := rt.Global("total")
	assert.Equal(t, int64(64*200), total.Export())
}

// Calls from several host goroutines run in parallel on the run's Ps:
// two calls are inside a Go function at once (each holds its P while it
// spins there: the second could not enter on the same P), never three on
// two Ps.
func TestLiveCallsParallel(t *testing.T) {
	var inside, most atomic.Int64
	host := goro.NewModule("host").Fast("Meet", func(args []goro.Value) (goro.Value, error) {
		n := inside.Add(1)
		defer inside.Add(-1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		deadline := time.Now().Add(10 * time.Second)
		for most.Load() < 2 && time.Now().Before(deadline) {
			runtime.Gosched() // the host's scheduler, not Goro's: this P stays held
		}
		return goro.BoolValue(most.Load() >= 2), nil
	})
	rt, err := goro.Load(context.Background(), "p.goro", []byte(`import "host"
func meet() { return host.Meet() }`), goro.Options{Procs: 2, Modules: []*goro.Module{host}})
	require.NoError(t, err)
	defer rt.Close()
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := rt.CallGlobal(context.Background(), "meet")
			assert.NoError(t, err)
			assert.Equal(t, true, v.Export(), "two calls met inside Go")
		}()
	}
	wg.Wait()
	assert.Equal(t, int64(2), most.Load(), "at most one call per P")
}
