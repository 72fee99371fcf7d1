package repl

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEchoAndPersistence(t *testing.T) {
	out, errOut, code := runPiped(t, `x := 1
x + 1
func f(a) {
	return a * 10, "ten"
}
f(5)
"hi"
["a", 1, {"k": 2.5}]
import "strings"
strings.ToUpper("hi")
println("printed", x)
x = x + 41
x
`)
	assert.Empty(t, errOut)
	assert.Equal(t, 0, code)
	assert.Equal(t, "2\n50 \"ten\"\n\"hi\"\n[\"a\" 1 map[\"k\":2.5]]\n\"HI\"\nprinted 1\n42\n", out)
}

func TestContinuationLines(t *testing.T) {
	out, errOut, code := runPiped(t, "xs := [\n  1,\n  2,\n]\nlen(\n  xs,\n)\n"+
		"s := `one\ntwo`\ns\n"+
		"for i := range 2 {\n\tif i > 0 {\n\t\tprintln(i)\n\t}\n}\n"+
		"m := {\n\"a\": 1,\n}\nm\n")
	assert.Empty(t, errOut)
	assert.Equal(t, 0, code)
	assert.Equal(t, "2\n\"one\\ntwo\"\n1\nmap[\"a\":1]\n", out)
}

func TestGoroutinesAcrossInputs(t *testing.T) {
	// The channel is buffered: a goroutine left blocked on a send when an
	// input ends is sometimes taken for a deadlock by the session (see
	// the report on goro.Session), which is not what this tests.
	out, errOut, code := runPiped(t, `ch := chan(3)
go func() {
	for i := range 3 {
		ch <- i * 10
	}
}()
<-ch
<-ch
import "sync"
wg := sync.WaitGroup()
wg.Add(1)
go func() { println("from the background"); wg.Done() }()
wg.Wait()
<-ch
`)
	assert.Empty(t, errOut)
	assert.Equal(t, 0, code)
	assert.Equal(t, "0\n10\nfrom the background\n20\n", out)
}

// Piped input ends as a script would: 1 for a compile error, 2 for a panic
// or a fatal error, n for os.Exit(n), 0 at the end of the input; nothing
// after the failing input runs.
func TestPipedExitStatus(t *testing.T) {
	for _, tc := range []struct {
		name, input    string
		code           int
		stdout, stderr string
	}{
		{"end of input", "println(1+1)\n", 0, "2\n", ""},
		{"no final newline", "1+1", 0, "2\n", ""},
		{"crlf", "x := 3\r\nx\r\n", 0, "3\n", ""},
		{"↵ is only a line break in the history", "\"a↵b\"\n", 0, "\"a↵b\"\n", ""},
		{"compile error", "println(1)\nprintln(nope)\nprintln(2)\n", 1, "1\n",
			"<repl>:1:9: undefined: nope\nprintln(nope)\n        ^\n"},
		{"syntax error", "x := (1 +\n  2))\nprintln(2)\n", 1, "", "<repl>:2:5: "},
		{"unfinished at the end", "func f() {\n", 1, "", "unexpected EOF"},
		{"panic", "xs := [1]\nxs[3]\nprintln(2)\n", 2, "",
			"panic: runtime error: index out of range [3] with length 1\n\ngoroutine "},
		{"deadlock", "<-chan()\nprintln(2)\n", 2, "", "fatal error: all goroutines are asleep - deadlock!\n"},
		{"os.Exit", "import \"os\"\nprintln(1)\nos.Exit(7)\nprintln(2)\n", 7, "1\n", ""},
		{"os.Exit(0)", "import \"os\"\nos.Exit(0)\nprintln(2)\n", 0, "", ""},
		{"unknown command", ":frobnicate\nprintln(2)\n", 1, "", "unknown command :frobnicate"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runPiped(t, tc.input)
			assert.Equal(t, tc.code, code)
			assert.Equal(t, tc.stdout, out)
			if tc.stderr == "" {
				assert.Empty(t, errOut)
			} else {
				assert.Contains(t, errOut, tc.stderr)
			}
		})
	}
}

// os.Exit in a background goroutine ends the REPL while it waits for input.
func TestBackgroundExitWhileReading(t *testing.T) {
	var out, errOut syncBuffer
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	done := make(chan int, 1)
	go func() { done <- Run(Config{In: r, Out: &out, Err: &errOut, Procs: 2}) }()
	_, err = w.Write([]byte("import \"os\"\nimport \"time\"\ngo func() { time.Sleep(20 * time.Millisecond); os.Exit(4) }()\n"))
	require.NoError(t, err)
	assert.Equal(t, 4, <-done)
}

// The script reads the lines after the input that reads them.
func TestPipedScriptReadsStdin(t *testing.T) {
	out, errOut, code := runPiped(t, "import \"os\"\nline, err := os.Stdin.ReadLine()\nthe data line\nline\nerr\n")
	assert.Empty(t, errOut)
	assert.Equal(t, 0, code)
	assert.Equal(t, "\"the data line\"\n<nil>\n", out)
}

func TestCommands(t *testing.T) {
	dir := t.TempDir()
	lib := filepath.Join(dir, "lib.goro")
	require.NoError(t, os.WriteFile(lib, []byte("import \"strings\"\n\nfunc shout(s) {\n\treturn strings.ToUpper(s) + \"!\"\n}\n\ngreeting := \"hello\"\n"), 0o644))
	bad := filepath.Join(dir, "bad.goro")
	require.NoError(t, os.WriteFile(bad, []byte("x := 1\nprintln(y)\n"), 0o644))

	out, errOut, code := runPiped(t, ":help\n")
	assert.Equal(t, 0, code)
	assert.Empty(t, errOut)
	for _, c := range []string{":help", ":quit", ":dis EXPR|FUNC", ":doc MOD[.NAME]", ":goroutines", ":load FILE", ":reset", "Ctrl-C", "Ctrl-D", "↵", "spaces"} {
		assert.Contains(t, out, c)
	}

	out, errOut, code = runPiped(t, ":doc strings.Split\n")
	assert.Equal(t, 0, code)
	assert.Empty(t, errOut)
	assert.Contains(t, out, "func Split(s, sep string) []string\n    Split slices s")
	_, errOut, code = runPiped(t, ":doc strings.Nope\n")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "strings has no member Nope")

	out, errOut, code = runPiped(t, "func add(a, b) { return a + b }\n:dis add\n:dis 1 + add(2, 3)\n")
	assert.Equal(t, 0, code)
	assert.Empty(t, errOut)
	assert.Contains(t, out, "function main.add")
	assert.Contains(t, out, "ADD")
	assert.Contains(t, out, "CALL")

	out, _, code = runPiped(t, "import \"time\"\ngo func() { time.Sleep(time.Hour) }()\n:goroutines\n:g\n")
	assert.Equal(t, 0, code)
	assert.Equal(t, 2, strings.Count(out, "[sleep]"), out)

	out, errOut, code = runPiped(t, ":load "+lib+"\nshout(greeting)\n")
	assert.Empty(t, errOut)
	assert.Equal(t, 0, code)
	assert.Equal(t, "\"HELLO!\"\n", out)

	// A loaded file's relative imports resolve against its own directory.
	sub := filepath.Join(dir, "sub")
	require.NoError(t, os.Mkdir(sub, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(sub, "util.goro"), []byte("func Twice(x) {\n\treturn 2 * x\n}\n"), 0o644))
	uses := filepath.Join(sub, "uses.goro")
	require.NoError(t, os.WriteFile(uses, []byte("import \"./util.goro\"\n\nfunc four() {\n\treturn util.Twice(2)\n}\n"), 0o644))
	out, errOut, code = runPiped(t, ":load "+uses+"\nfour()\n")
	assert.Empty(t, errOut)
	assert.Equal(t, 0, code)
	assert.Equal(t, "4\n", out)

	_, errOut, code = runPiped(t, ":load "+bad+"\n")
	assert.Equal(t, 1, code)
	assert.Equal(t, bad+":2:9: undefined: y\nprintln(y)\n        ^\n", errOut)

	_, errOut, code = runPiped(t, ":load "+filepath.Join(dir, "missing.goro")+"\n")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "missing.goro")

	out, errOut, code = runPiped(t, "x := 1\n:reset\nx\n")
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "undefined: x")

	out, errOut, code = runPiped(t, "println(1)\n:quit\nprintln(2)\n")
	assert.Equal(t, 0, code)
	assert.Empty(t, errOut)
	assert.Equal(t, "1\n", out)

	_, errOut, code = runPiped(t, ":q\n:dis\n")
	assert.Equal(t, 0, code)
	assert.Empty(t, errOut)

	_, errOut, code = runPiped(t, ":di\n")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "usage: :dis")

	_, errOut, code = runPiped(t, ":d\n")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "ambiguous command :d (:dis, :doc)")

	_, errOut, code = runPiped(t, ":\n")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "unknown command")
}

func TestIsTerminal(t *testing.T) {
	r, w, err := os.Pipe()
	require.NoError(t, err)
	defer r.Close()
	defer w.Close()
	assert.False(t, IsTerminal(r, w))
	assert.False(t, IsTerminal(strings.NewReader(""), &syncBuffer{}))
}
