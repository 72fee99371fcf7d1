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
