package goro_test

import (
	"context"
	"sync"
	"testing"

	"github.com/goro-lang/goro"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// 16 goroutines calling Eval at once: inputs are serialized, none is lost.
func TestSessionConcurrentEval(t *testing.T) {
	s, _, _ := newSession(t)
	eval(t, s, "n := 0")
	eval(t, s, "func bump(k) { n += k; return n }")
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				r, err := s.Eval(context.Background(), "bump(1)")
				if !assert.NoError(t, err) {
					return
				}
				assert.Len(t, r.Values, 1)
				_ = s.Names()
			}
		}()
	}
	wg.Wait()
	r := eval(t, s, "n")
	assert.Equal(t, int64(16*20), r.Values[0].Export())
	assert.Equal(t, []string{"320"}, r.Echo())
}

func TestSessionValues(t *testing.T) {
	s, _, _ := newSession(t)
	eval(t, s, `func three() { return 1.0, "a", [1, {"k": 2}] }`)
	r := eval(t, s, `three()`)
	require.Len(t, r.Values, 3)
	assert.Equal(t, 1.0, r.Values[0].Export())
	assert.Equal(t, []string{"1", `"a"`, `[1 map["k":2]]`}, r.Echo())
}

// An input whose ctx is cancelled before it starts never runs.
func TestSessionCancelledBeforeStart(t *testing.T) {
	s, _, _ := newSession(t)
	eval(t, s, "x := 1")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r, err := s.Eval(ctx, "x = 99")
	if err == nil {
		assert.True(t, r.Interrupted)
	} else {
		assert.ErrorIs(t, err, context.Canceled)
	}
	assert.Equal(t, []string{"1"}, eval(t, s, "x").Echo())
}

// Cancelling an input blocked on a channel returns at once (no grace
// period for a parked goroutine), and the session goes on.
func TestSessionCancelBlocked(t *testing.T) {
	s, _, _ := newSession(t)
	eval(t, s, "ch := chan()")
	// A sleeper, so that the blocked input is not a deadlock.
	eval(t, s, `import "time"`)
	eval(t, s, `go func() { time.Sleep(time.Hour) }()`)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan *goro.EvalResult)
	go func() {
		r, err := s.Eval(ctx, "<-ch")
		assert.NoError(t, err)
		done <- r
	}()
	// Wait until the input's goroutine is parked on the channel.
	for {
		var b syncBuffer
		s.Dump(&b)
		if containsStr(b.String(), "chan receive") {
			break
		}
	}
	cancel()
	r := <-done
	assert.True(t, r.Interrupted, "%+v", r)
	assert.Equal(t, []string{"2"}, eval(t, s, "1 + 1").Echo())
}

func containsStr(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

// Err after os.Exit returns the exit error, as its doc says.
func TestSessionErrAfterExit(t *testing.T) {
	s, _, _ := newSession(t)
	eval(t, s, `import "os"`)
	_, err := s.Eval(context.Background(), "os.Exit(4)")
	var ex *goro.ExitError
	require.ErrorAs(t, err, &ex)
	assert.Equal(t, 4, ex.Code)
	<-s.Done()
	require.ErrorAs(t, s.Err(), &ex)
	assert.Equal(t, 4, ex.Code)
	_, err = s.Eval(context.Background(), "1")
	assert.Error(t, err)
}
