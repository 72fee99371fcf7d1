package repl

import (
	"io"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/internal/testutil"
)

// syncBuffer is a bytes.Buffer safe for the session's concurrent writers.
type syncBuffer = testutil.Buffer

// runPiped runs the REPL over input as `echo input | goro` would.
func runPiped(t *testing.T, input string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Run(Config{In: strings.NewReader(input), Out: &out, Err: &errOut, Procs: 2})
	}()
	select {
	case code = <-done:
	case <-time.After(20 * time.Second):
		t.Fatalf("the REPL did not end; stdout:\n%s\nstderr:\n%s", out.String(), errOut.String())
	}
	return out.String(), errOut.String(), code
}

// terminal drives an interactive REPL through readline over a pipe: keys
// go in as a terminal would send them, and everything the REPL writes
// (prompts, redraws, echoes, errors) lands in one buffer.
type terminal struct {
	t       *testing.T
	keys    *io.PipeWriter
	out     syncBuffer
	seen    int // where the next expect starts looking
	intr    chan os.Signal
	code    chan int
	history string
}

func startTerminal(t *testing.T, history string) *terminal {
	t.Helper()
	pr, pw := io.Pipe()
	tm := &terminal{t: t, keys: pw, intr: make(chan os.Signal, 1), code: make(chan int, 1), history: history}
	go func() {
		tm.code <- Run(Config{In: pr, Out: &tm.out, Err: &tm.out, Interactive: true,
			HistoryFile: history, Procs: 2, Interrupt: tm.intr})
	}()
	t.Cleanup(func() { pw.Close() })
	tm.expect(">>> ")
	return tm
}

// typ sends keys.
func (tm *terminal) typ(keys string) {
	tm.t.Helper()
	_, err := tm.keys.Write([]byte(keys))
	require.NoError(tm.t, err)
}

// screen is the output with readline's redrawing taken out: escape
// sequences, carriage returns and the " \b" it writes at a line's edge.
func (tm *terminal) screen() string {
	s := csi.ReplaceAllString(tm.out.String(), "")
	return strings.NewReplacer("\r", "", " \b", "").Replace(s)
}

var csi = regexp.MustCompile("\x1b\\[[0-9;?]*[A-Za-z]")

// expect waits until the screen after the last expectation contains want.
func (tm *terminal) expect(want string) {
	tm.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		out := tm.screen()
		if i := strings.Index(out[tm.seen:], want); i >= 0 {
			tm.seen += i + len(want)
			return
		}
		if time.Now().After(deadline) {
			tm.t.Fatalf("no %q in the output after:\n%q", want, out[tm.seen:])
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// since returns the screen after the last expectation.
func (tm *terminal) since() string { return tm.screen()[tm.seen:] }

// exit waits for the REPL to end and returns its status.
func (tm *terminal) exit() int {
	tm.t.Helper()
	select {
	case code := <-tm.code:
		return code
	case <-time.After(10 * time.Second):
		tm.t.Fatalf("the REPL did not end; output:\n%q", tm.out.String())
		return -1
	}
}
