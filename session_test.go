package goro_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro"
	"github.com/goro-lang/goro/internal/testutil"
)

// syncBuffer is a bytes.Buffer safe for the session's concurrent writers.
type syncBuffer = testutil.Buffer

func newSession(t *testing.T) (*goro.Session, *syncBuffer, *syncBuffer) {
	t.Helper()
	var out, errOut syncBuffer
	s, err := goro.NewSession(goro.Options{Stdout: &out, Stderr: &errOut, Procs: 2, Capabilities: goro.AllCapabilities})
	require.NoError(t, err)
	t.Cleanup(s.Close)
	return s, &out, &errOut
}

func eval(t *testing.T, s *goro.Session, src string) *goro.EvalResult {
	t.Helper()
	r, err := s.Eval(context.Background(), src)
	require.NoError(t, err, "input %q", src)
	return r
}

func TestSessionEchoAndPersistence(t *testing.T) {
	s, out, _ := newSession(t)
	assert.Empty(t, eval(t, s, "x := 1").Echo())
	assert.Equal(t, []string{"2"}, eval(t, s, "x + 1").Echo())
	eval(t, s, "func f(a) {\n\treturn a * 10, \"ten\"\n}")
	assert.Equal(t, []string{"50", `"ten"`}, eval(t, s, "f(5)").Echo())
	assert.Equal(t, []string{`["a" 1 map["k":2.5]]`}, eval(t, s, `["a", 1, {"k": 2.5}]`).Echo())
	eval(t, s, `import "strings"`)
	assert.Equal(t, []string{`"HI"`}, eval(t, s, `strings.ToUpper("hi")`).Echo())
	assert.Empty(t, eval(t, s, `println("printed")`).Echo())
	assert.Equal(t, "printed\n", out.String())
	// Redeclaring is allowed at the prompt.
	eval(t, s, `x := "now a string"`)
	assert.Equal(t, []string{`"now a string"`}, eval(t, s, "x").Echo())
	eval(t, s, "func f(a) { return -a }")
	assert.Equal(t, []string{"-5"}, eval(t, s, "f(5)").Echo())
}

func TestSessionCompileErrors(t *testing.T) {
	s, _, _ := newSession(t)
	_, err := s.Eval(context.Background(), "func f() {")
	assert.True(t, goro.Incomplete(err), "%v", err)
	_, err = s.Eval(context.Background(), "x := [1,")
	assert.True(t, goro.Incomplete(err), "%v", err)
	_, err = s.Eval(context.Background(), "println(nope)")
	var ce *goro.CompileError
	require.True(t, errors.As(err, &ce))
	assert.False(t, goro.Incomplete(err))
	assert.Contains(t, ce.Format(), "<repl>:1:9: undefined: nope\nprintln(nope)\n        ^")
	// The session goes on, and a failed declaration left nothing behind.
	_, err = s.Eval(context.Background(), "y := undefinedThing")
	require.Error(t, err)
	_, err = s.Eval(context.Background(), "y")
	require.Error(t, err)
	assert.Equal(t, []string{"3"}, eval(t, s, "1 + 2").Echo())
}

func TestSessionPanicKeepsSession(t *testing.T) {
	s, _, _ := newSession(t)
	eval(t, s, "xs := [1, 2, 3]")
	r := eval(t, s, "xs[5]")
	assert.True(t, strings.HasPrefix(r.Report, "panic: runtime error: index out of range [5] with length 3\n"), r.Report)
	r = eval(t, s, `func boom() { panic("deep") }`)
	r = eval(t, s, "boom()")
	assert.Contains(t, r.Report, "panic: deep")
	assert.Contains(t, r.Report, "main.boom(...)")
	assert.Equal(t, []string{"3"}, eval(t, s, "len(xs)").Echo())
}

func TestSessionGoroutinesAcrossInputs(t *testing.T) {
	s, _, _ := newSession(t)
	eval(t, s, "ch := chan()")
	eval(t, s, "go func() {\n\tfor i := range 3 {\n\t\tch <- i * 10\n\t}\n}()")
	assert.Equal(t, []string{"0"}, eval(t, s, "<-ch").Echo())
	assert.Equal(t, []string{"10"}, eval(t, s, "<-ch").Echo())
	// A background goroutine keeps running between inputs.
	eval(t, s, `import "time"`)
	eval(t, s, "ticks := chan(1000)")
	eval(t, s, "go func() {\n\tfor {\n\t\tticks <- 1\n\t\ttime.Sleep(time.Millisecond)\n\t}\n}()")
	assert.Eventually(t, func() bool { return eval(t, s, "len(ticks) > 5").Echo()[0] == "true" },
		10*time.Second, 5*time.Millisecond)
	assert.Equal(t, []string{"20"}, eval(t, s, "<-ch").Echo())
}

func TestSessionDeadlockReported(t *testing.T) {
	s, _, _ := newSession(t)
	r := eval(t, s, "<-chan()")
	assert.True(t, strings.HasPrefix(r.Report, "fatal error: all goroutines are asleep - deadlock!\n"), r.Report)
	assert.Contains(t, r.Report, "[chan receive]")
	assert.Equal(t, []string{"2"}, eval(t, s, "1 + 1").Echo(), "the session goes on")
}

// TestSessionDeadlockReportedOnce: a deadlock found as a later input ends
// (the abandoned goroutine is still blocked) belongs to no input: the
// later ones echo their values.
func TestSessionDeadlockReportedOnce(t *testing.T) {
	s, _, _ := newSession(t)
	eval(t, s, "y := 5")
	r := eval(t, s, "<-chan()")
	require.Contains(t, r.Report, "deadlock!")
	for range 20 {
		r = eval(t, s, "y")
		require.Empty(t, r.Report)
		require.Equal(t, []string{"5"}, r.Echo())
	}
}

func TestSessionInterrupt(t *testing.T) {
	s, _, _ := newSession(t)
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	r, err := s.Eval(ctx, "for {}")
	require.NoError(t, err)
	assert.Equal(t, "interrupted", r.Report)
	// A blocked input is abandoned; a background goroutine (alive: it
	// sleeps on a timer, so this is no deadlock) is untouched.
	eval(t, s, `import "time"`)
	eval(t, s, "ticks := chan(1000)")
	eval(t, s, "go func() {\n\tfor {\n\t\tticks <- 1\n\t\ttime.Sleep(time.Millisecond)\n\t}\n}()")
	ctx2, cancel2 := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel2()
	r, err = s.Eval(ctx2, "<-chan()")
	require.NoError(t, err)
	assert.Equal(t, "interrupted", r.Report)
	before := eval(t, s, "len(ticks)").Echo()[0]
	time.Sleep(20 * time.Millisecond)
	assert.NotEqual(t, before, eval(t, s, "len(ticks)").Echo()[0])
}

func TestSessionBackgroundPanicReported(t *testing.T) {
	s, _, errOut := newSession(t)
	eval(t, s, "done := chan()")
	eval(t, s, "go func() {\n\tdefer close(done)\n\tpanic(\"in the background\")\n}()")
	eval(t, s, "<-done")
	// done closes while the panic unwinds; the report follows.
	assert.Eventually(t, func() bool { return strings.Contains(errOut.String(), "panic: in the background") },
		5*time.Second, time.Millisecond, errOut.String())
	assert.Equal(t, []string{"7"}, eval(t, s, "3 + 4").Echo())
}

func TestSessionExit(t *testing.T) {
	s, _, _ := newSession(t)
	eval(t, s, `import "os"`)
	_, err := s.Eval(context.Background(), "os.Exit(3)")
	var exit *goro.ExitError
	require.True(t, errors.As(err, &exit), "%v", err)
	assert.Equal(t, 3, exit.Code)
	_, err = s.Eval(context.Background(), "1")
	assert.Error(t, err)
}

func TestSessionDisasmAndNames(t *testing.T) {
	s, _, _ := newSession(t)
	eval(t, s, "func add(a, b) { return a + b }")
	eval(t, s, `import "strings"`)
	var b bytes.Buffer
	require.NoError(t, s.Disasm(context.Background(), &b, "add"))
	assert.Contains(t, b.String(), "function main.add")
	assert.Contains(t, b.String(), "ADD")
	b.Reset()
	require.NoError(t, s.Disasm(context.Background(), &b, "1 + add(2, 3)"))
	assert.Contains(t, b.String(), "CALL")
	names := s.Names()
	assert.Contains(t, names, "add")
	assert.Contains(t, names, "strings")
	assert.Contains(t, names, "println")
	assert.Contains(t, names, "select")
	assert.Contains(t, s.Members("strings"), "ToUpper")
	assert.Contains(t, s.Members("math"), "Sqrt", "standard modules complete before their import")
}

// TestSessionImportsCheckedAtCompileTime checks that a sandboxed session
// refuses an import its capabilities do not allow when the input is
// compiled, with the sandbox's message at the import, and that a file
// module is not even read without the Imports capability.
func TestSessionImportsCheckedAtCompileTime(t *testing.T) {
	s, err := goro.NewSession(goro.Options{Procs: 1})
	require.NoError(t, err)
	defer s.Close()
	_, err = s.Eval(context.Background(), `import "os"`)
	var ce *goro.CompileError
	require.True(t, errors.As(err, &ce), "%v", err)
	assert.Contains(t, ce.Format(), `<repl>:1:8: module "os" is not allowed in this runtime (needs the files|env|stdin|exit capability)`)
	_, err = s.Eval(context.Background(), `import h "/etc/hostname"`)
	require.True(t, errors.As(err, &ce), "%v", err)
	assert.Contains(t, ce.Format(), "import of file module /etc/hostname is not allowed in this runtime (needs the imports capability)")
	// Pure modules are fine, and the session goes on.
	assert.Equal(t, []string{`"A"`}, eval(t, s, "import \"strings\"\nstrings.ToUpper(\"a\")").Echo())
}
