package goro_test

import (
	"bytes"
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/goro-lang/goro"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var errDiskFull = errors.New("disk full")

// failAfter accepts n bytes, then fails every write.
type failAfter struct {
	mu  sync.Mutex
	n   int
	buf bytes.Buffer
}

func (f *failAfter) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.buf.Len()+len(p) > f.n {
		return 0, errDiskFull
	}
	return f.buf.Write(p)
}

// A failing writer is seen: the script's writes return its error, and the
// run reports it.
func TestFailingWriter(t *testing.T) {
	p, err := goro.Compile("w.goro", []byte(`
import "fmt"
import "os"
for i := 0; i < 100000; i++ {
	if _, err := fmt.Println("line", i); err != nil {
		_, err2 := os.Stdout.Write("more")
		fmt.Fprintln(os.Stderr, "fmt.Println failed at", i > 0, ":", err, "; then", err2)
		break
	}
}
`))
	require.NoError(t, err)
	w := &failAfter{n: 10}
	var errOut bytes.Buffer
	err = p.Run(context.Background(), goro.Options{Stdout: w, Stderr: &errOut, Capabilities: goro.AllCapabilities})
	var oe *goro.OutputError
	require.ErrorAs(t, err, &oe)
	assert.Equal(t, "stdout", oe.Stream)
	assert.ErrorIs(t, err, errDiskFull)
	assert.Equal(t, "goro: writing stdout: disk full", err.Error())
	assert.Equal(t, "fmt.Println failed at true : disk full ; then disk full\n", errOut.String())

	// A failing stderr is reported the same way; a panic takes precedence.
	p, err = goro.Compile("e.goro", []byte(`import "os"
_, err := os.Stderr.Write("x")
if err == nil { panic("no error") }`))
	require.NoError(t, err)
	err = p.Run(context.Background(), goro.Options{Stdout: &bytes.Buffer{}, Stderr: &failAfter{}, Capabilities: goro.AllCapabilities})
	require.ErrorAs(t, err, &oe)
	assert.Equal(t, "stderr", oe.Stream)

	rt, err := goro.Load(context.Background(), "l.goro", []byte(`func hi() { println("hello") }`),
		goro.Options{Procs: 1, Stdout: &failAfter{}})
	require.NoError(t, err)
	_, err = rt.CallGlobal(context.Background(), "hi")
	require.NoError(t, err)
	assert.ErrorIs(t, rt.Close(), errDiskFull, "Close reports the live runtime's failed writer")
}

// guarded records every write and fails the test for a write after the
// host was told the run ended.
type guarded struct {
	mu     sync.Mutex
	ended  bool
	late   int
	writes int
}

func (g *guarded) Write(p []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.writes++
	if g.ended {
		g.late++
	}
	return len(p), nil
}

func (g *guarded) end() {
	g.mu.Lock()
	g.ended = true
	g.mu.Unlock()
}

// Nothing is written to the host's writers after Run, Wait or Close has
// returned, even by goroutines still printing when the run ends.
func TestNoWriteAfterEnd(t *testing.T) {
	src := []byte(`
import "os"
import "time"
func pause() { time.Sleep(time.Millisecond) }
func spam() {
	for i := 0; i < 4; i++ {
		go func() { for { print("x"); os.Stderr.Write("y") } }()
	}
}
`)
	for i := 0; i < 5; i++ {
		// Run: main returns while the spammers print.
		out, errw := &guarded{}, &guarded{}
		p, err := goro.Compile("s.goro", append(append([]byte(nil), src...), "spam()\npause()\n"...))
		require.NoError(t, err)
		require.NoError(t, p.Run(context.Background(), goro.Options{Procs: 2, Stdout: out, Stderr: errw, Capabilities: goro.AllCapabilities}))
		out.end()
		errw.end()

		// Close of a live runtime.
		lout, lerr := &guarded{}, &guarded{}
		rt, err := goro.Load(context.Background(), "l.goro", src, goro.Options{Procs: 2, Stdout: lout, Stderr: lerr, Capabilities: goro.AllCapabilities})
		require.NoError(t, err)
		_, err = rt.CallGlobal(context.Background(), "spam")
		require.NoError(t, err)
		time.Sleep(time.Millisecond)
		require.NoError(t, rt.Close())
		lout.end()
		lerr.end()

		time.Sleep(60 * time.Millisecond) // past a periodic flush
		for _, g := range []*guarded{out, errw, lout, lerr} {
			g.mu.Lock()
			assert.Zero(t, g.late, "writes after the end")
			assert.NotZero(t, g.writes)
			g.mu.Unlock()
		}
	}
}
