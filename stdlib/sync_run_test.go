package stdlib_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro"
)

// TestSyncPrimitivesRun runs RWMutex, Cond, Once and atomics under many
// goroutines on 2 Ps (and under -race in CI): writers must exclude
// readers and each other, Broadcast must wake every waiter with its mutex
// held, Once must run once.
func TestSyncPrimitivesRun(t *testing.T) {
	src := `import (
	"fmt"
	"sync"
	"sync/atomic"
)
rw := sync.RWMutex()
readers := atomic.Int64()
bad := atomic.Int64()
shared := 0
wg := sync.WaitGroup()
for i := 0; i < 40; i++ {
	wg.Add(2)
	go func() {
		defer wg.Done()
		for k := 0; k < 50; k++ {
			rw.Lock()
			if readers.Load() != 0 {
				bad.Add(1)
			}
			shared++
			rw.Unlock()
		}
	}()
	go func() {
		defer wg.Done()
		for k := 0; k < 50; k++ {
			rw.RLock()
			readers.Add(1)
			_ = shared
			readers.Add(-1)
			rw.RUnlock()
		}
	}()
}
wg.Wait()
mu := sync.Mutex()
cond := sync.NewCond(mu)
ready := false
woken := 0
once := sync.Once()
runs := atomic.Int32()
wg2 := sync.WaitGroup()
for i := 0; i < 30; i++ {
	wg2.Add(1)
	go func() {
		defer wg2.Done()
		once.Do(func() { runs.Add(1) })
		mu.Lock()
		for !ready {
			cond.Wait()
		}
		woken++
		mu.Unlock()
	}()
}
mu.Lock()
ready = true
cond.Broadcast()
mu.Unlock()
wg2.Wait()
fmt.Println(shared, bad.Load(), woken, runs.Load(), rw.TryLock(), rw.TryRLock())
`
	prog, err := goro.Compile("sync.goro", []byte(src))
	require.NoError(t, err)
	var out bytes.Buffer
	err = prog.Run(context.Background(), goro.Options{Stdout: &out, Procs: 2})
	require.NoError(t, err)
	assert.Equal(t, "2000 0 30 1 true false\n", out.String())
}

// TestAtomicPointerFuncsRun runs Go's pointer functions of sync/atomic on
// shared variables from many goroutines on 2 Ps (and under -race in CI):
// no increment may be lost, a CompareAndSwap loop must find the maximum,
// and the 32-bit kinds wrap as Go's.
func TestAtomicPointerFuncsRun(t *testing.T) {
	src := `import (
	"fmt"
	"sync"
	"sync/atomic"
)
var n int64
var peak int32
counts := [0, 0]
var ops atomic.Uint64
// &n reads n to learn its type, so the pointers are taken before the
// goroutines start: the Go race detector (CI) would flag that read.
pn, pp, pc := &n, &peak, &counts[1]
wg := sync.WaitGroup()
for i := 0; i < 20; i++ {
	wg.Add(1)
	go func(i int) {
		defer wg.Done()
		for k := 0; k < 200; k++ {
			atomic.AddInt64(pn, 1)
			atomic.AddInt64(pc, 2)
			ops.Add(1)
		}
		for {
			p := atomic.LoadInt32(pp)
			if int32(i) <= p || atomic.CompareAndSwapInt32(pp, p, int32(i)) {
				break
			}
		}
	}(i)
}
wg.Wait()
fmt.Println(n, counts, peak, ops.Load())
var s int32 = 2147483647
fmt.Println(atomic.AddInt32(&s, 1), atomic.SwapInt32(&s, 5), s)
var u uint32
fmt.Println(atomic.AddUint32(&u, -1), atomic.CompareAndSwapUint32(&u, 4294967295, 0), u)
var big uint64
atomic.StoreUint64(&big, 7)
fmt.Println(atomic.LoadUint64(&big))
`
	prog, err := goro.Compile("atomic.goro", []byte(src))
	require.NoError(t, err)
	var out bytes.Buffer
	err = prog.Run(context.Background(), goro.Options{Stdout: &out, Procs: 2})
	require.NoError(t, err)
	assert.Equal(t, "4000 [0 8000] 19 4000\n-2147483648 -2147483648 5\n4294967295 true 0\n7\n", out.String())
}

// TestAtomicPointerFuncErrors: a non-pointer, a nil pointer and a pointer
// to a non-int are runtime errors naming the function.
func TestAtomicPointerFuncErrors(t *testing.T) {
	for src, want := range map[string]string{
		`n := 1; atomic.AddInt64(n, 1)`:          "sync/atomic.AddInt64: argument 1 must be a pointer (&x), got int",
		`var p *int; atomic.LoadInt32(p)`:        "nil pointer dereference",
		`s := "x"; atomic.StoreInt64(&s, 1)`:     "sync/atomic.StoreInt64: the pointee is string, want int",
		`n := 1; atomic.SwapInt64(&n, "a")`:      "atomic.SwapInt64",
		`n := 1; atomic.CompareAndSwapInt64(&n)`: "atomic.CompareAndSwapInt64",
	} {
		prog, err := goro.Compile("bad.goro", []byte("import \"sync/atomic\"\n"+src+"\n"))
		require.NoError(t, err, src)
		err = prog.Run(context.Background(), goro.Options{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}})
		require.Error(t, err, src)
		assert.Contains(t, err.Error(), want, src)
	}
}
