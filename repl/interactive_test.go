package repl

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Keys as a terminal sends them.
const (
	enter = "\r"
	up    = "\x1b[A"
	down  = "\x1b[B"
	left  = "\x1b[D"
	ctrlC = "\x03"
	ctrlD = "\x04"
	ctrlR = "\x12"
	tab   = "\t"
)

func TestInteractiveSession(t *testing.T) {
	tm := startTerminal(t, "")
	tm.typ("x := 1" + enter)
	tm.expect(">>> ")
	tm.typ("x + 1" + enter)
	tm.expect("x + 1\n2\n>>> ")
	tm.typ("func f(a) {" + enter)
	tm.expect("... ")
	tm.typ(tab + "return a * 10, \"ten\"" + enter)
	tm.expect("... ")
	tm.typ("}" + enter)
	tm.expect(">>> ")
	tm.typ("f(x)" + enter)
	tm.expect("f(x)\n10 \"ten\"\n>>> ")
	tm.typ(ctrlD)
	assert.Equal(t, 0, tm.exit())
}

// Errors, panics and deadlocks are reported and the session goes on.
func TestInteractiveErrorsKeepSession(t *testing.T) {
	tm := startTerminal(t, "")
	tm.typ("y := 5" + enter)
	tm.typ("println(nope)" + enter)
	tm.expect("<repl>:1:9: undefined: nope\nprintln(nope)\n        ^\n>>> ")
	tm.typ("y +/ 2" + enter)
	tm.expect("syntax error")
	tm.typ("[1, 2][7]" + enter)
	tm.expect("panic: runtime error: index out of range [7] with length 2\n\ngoroutine ")
	tm.typ(":nope" + enter)
	tm.expect("unknown command :nope")
	tm.typ("y" + enter)
	tm.expect("y\n5\n>>> ")
	// (Last: after a deadlock the session sometimes reports the abandoned
	// goroutine again on the next input; see the report on goro.Session.)
	tm.typ("<-chan()" + enter)
	tm.expect("fatal error: all goroutines are asleep - deadlock!\n\ngoroutine ")
	tm.expect("[chan receive]")
	tm.expect(">>> ")
	tm.typ(":quit" + enter)
	assert.Equal(t, 0, tm.exit())
}

func TestInteractiveCtrlC(t *testing.T) {
	tm := startTerminal(t, "")
	// Ctrl-C drops the line being typed...
	tm.typ("x := 1" + ctrlC)
	tm.expect("^C\n>>> ")
	// ... and an unfinished input.
	tm.typ("func g() {" + enter + "return 1" + ctrlC)
	tm.expect("^C\n>>> ")
	tm.typ("x" + enter)
	tm.expect("undefined: x")
	tm.typ("g" + enter)
	tm.expect("undefined: g")

	// Ctrl-C while an input runs stops it; a background goroutine keeps
	// going.
	// (The counter is behind a mutex: the script must not race, or the
	// race detector sees the interpreter race.)
	tm.typ(`import ("sync"; "time")` + enter)
	tm.typ("mu, n := sync.Mutex(), 0" + enter)
	tm.typ("func count() { mu.Lock(); defer mu.Unlock(); return n }" + enter)
	tm.typ("go func() { for { mu.Lock(); n++; mu.Unlock(); time.Sleep(time.Millisecond) } }()" + enter)
	tm.typ(`for { time.Sleep(time.Millisecond) }` + enter)
	tm.expect("for { time.Sleep(time.Millisecond) }\n")
	tm.intr <- os.Interrupt
	tm.expect("interrupted\n>>> ")
	tm.typ("a := count()" + enter)
	tm.typ(`time.Sleep(20 * time.Millisecond)` + enter)
	tm.typ("count() > a" + enter)
	tm.expect("count() > a\ntrue\n")
	tm.typ("x := 2" + enter)
	tm.typ("x" + enter)
	tm.expect("x\n2\n")

	// Ctrl-D on an empty line exits; on a line with text it does nothing.
	tm.typ("x" + ctrlD + enter)
	tm.expect("x\n2\n>>> ")
	tm.typ(ctrlD)
	assert.Equal(t, 0, tm.exit())
}

// Ctrl-D inside an unfinished input reports what is missing and the
// session goes on.
func TestInteractiveCtrlDInContinuation(t *testing.T) {
	tm := startTerminal(t, "")
	tm.typ("func h() {" + enter + ctrlD)
	tm.expect("unexpected EOF")
	tm.expect(">>> ")
	tm.typ("1 + 2" + enter)
	tm.expect("3\n")
	tm.typ(ctrlD)
	assert.Equal(t, 0, tm.exit())
}

func TestInteractiveHistory(t *testing.T) {
	file := filepath.Join(t.TempDir(), "sub", "history")
	tm := startTerminal(t, file)
	tm.typ("func twice(a) {" + enter + "\treturn a * 2" + enter + "}" + enter)
	tm.typ("twice(4)" + enter)
	tm.expect("8\n>>> ")
	tm.typ(`s := "hi"` + enter)
	tm.typ(up + up + enter)
	tm.expect("twice(4)\n8\n>>> ")
	// Four entries back: the multi-line function comes back whole (the
	// tab shown as four spaces).
	tm.typ(up + up + up + up)
	tm.expect("func twice(a) {↵    return a * 2↵}")
	// Change it on the recalled line.
	tm.typ(strings.Repeat(left, 2) + "+1" + enter)
	tm.expect(">>> ")
	tm.typ("twice(4)" + enter)
	tm.expect("twice(4)\n9\n>>> ")
	// Down past the newest entry gives an empty line back.
	tm.typ(up + down + "7" + enter)
	tm.expect("7\n>>> ")
	// Ctrl-R searches.
	tm.typ(ctrlR + "s :=" + enter)
	tm.expect(">>> ")
	tm.typ("s" + enter)
	tm.expect("\"hi\"\n")
	tm.typ(":h" + enter)
	tm.expect("The history is kept in " + file + ".\n")
	tm.typ(ctrlD)
	require.Equal(t, 0, tm.exit())

	data, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, "func twice(a) {↵\treturn a * 2↵}\ntwice(4)\ns := \"hi\"\ntwice(4)\n"+
		"func twice(a) {↵\treturn a * 2+1↵}\ntwice(4)\n7\ns := \"hi\"\ns\n:h\n", string(data))

	// A new run reads the file: the newest multi-line entry comes back.
	tm = startTerminal(t, file)
	tm.typ(strings.Repeat(up, 6) + enter)
	tm.expect(">>> ")
	tm.typ("twice(1)" + enter)
	tm.expect("twice(1)\n3\n")
	tm.typ(ctrlD)
	assert.Equal(t, 0, tm.exit())
}

func TestInteractiveCompletion(t *testing.T) {
	tm := startTerminal(t, "")
	tm.typ(`import "strin` + tab + enter)
	tm.expect(`import "strings"` + "\n>>> ")
	tm.typ(`strings.ToU` + tab + `("go")` + enter)
	tm.expect("\"GO\"\n>>> ")
	tm.typ("counter := 41" + enter)
	tm.typ("cou" + tab + " + 1" + enter)
	tm.expect("42\n>>> ")
	// A local of the unfinished input.
	tm.typ("func k(alpha) {" + enter + "return alp" + tab + enter + "}" + enter)
	tm.typ("k(3)" + enter)
	tm.expect("k(3)\n3\n>>> ")
	// Several candidates: the first Tab shows them.
	tm.typ("strings.To" + tab)
	tm.expect("ToLower")
	tm.typ(ctrlC + ctrlC) // leave the list, then drop the line
	tm.typ(":go" + tab + enter)
	tm.expect(":goroutines\nno goroutines\n")
	tm.typ(`import "time"` + enter + "go func() { time.Sleep(time.Hour) }()" + enter)
	tm.typ(":go" + tab + enter)
	tm.expect("[sleep]")
	tm.typ(ctrlD)
	assert.Equal(t, 0, tm.exit())
}

// Output of a background goroutine while the user types lands above the
// prompt, and the line being typed is drawn again after it.
func TestInteractiveBackgroundOutput(t *testing.T) {
	tm := startTerminal(t, "")
	tm.typ(`import "time"` + enter)
	tm.typ(`go func() { time.Sleep(100 * time.Millisecond); println("tick") }()` + enter)
	tm.expect(">>> ")
	tm.typ("x := 4")
	tm.expect(">>> x := 4")
	tm.expect("tick\n>>> x := 4")
	tm.typ("2" + enter)
	tm.typ("x" + enter)
	tm.expect("x\n42\n")
	tm.typ(ctrlD)
	assert.Equal(t, 0, tm.exit())
}

func TestInteractiveExit(t *testing.T) {
	tm := startTerminal(t, "")
	tm.typ(`import "os"` + enter)
	tm.typ("os.Exit(3)" + enter)
	assert.Equal(t, 3, tm.exit())

	tm = startTerminal(t, "")
	tm.typ(`import "os"` + enter)
	tm.typ(`import "time"` + enter)
	tm.typ("go func() { time.Sleep(30 * time.Millisecond); os.Exit(5) }()" + enter)
	assert.Equal(t, 5, tm.exit())
}
