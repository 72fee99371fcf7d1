package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// writeScript writes a script into a temp dir and returns its path.
func writeScript(t *testing.T, name, src string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
	return path
}

// goro runs the built binary.
func runGoro(t *testing.T, env []string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(goroBin, args...)
	cmd.Env = append(os.Environ(), env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	return out.String(), errb.String(), code
}

func TestExitStatuses(t *testing.T) {
	ok := writeScript(t, "ok.goro", `println("fine")`)
	compileErr := writeScript(t, "bad.goro", "x := 1\nprintln(y)\n")
	panics := writeScript(t, "p.goro", `panic("boom")`)
	exits := writeScript(t, "e.goro", "import \"os\"\nos.Exit(7)\n")

	out, _, code := runGoro(t, nil, ok)
	assert.Equal(t, "fine\n", out)
	assert.Equal(t, 0, code)

	_, errOut, code := runGoro(t, nil, "run", compileErr)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "bad.goro:2:9: undefined: y\nprintln(y)\n        ^")

	_, errOut, code = runGoro(t, nil, panics)
	assert.Equal(t, 2, code)
	assert.True(t, strings.HasPrefix(errOut, "panic: boom\n\ngoroutine 1 [running]:\nmain.init(...)\n"), errOut)

	_, _, code = runGoro(t, nil, exits)
	assert.Equal(t, 7, code)

	_, errOut, code = runGoro(t, nil, "run")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "usage")

	_, errOut, code = runGoro(t, nil, filepath.Join(t.TempDir(), "missing.goro"))
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "no such file")
}

func TestArgsVersionHelp(t *testing.T) {
	script := writeScript(t, "args.goro", "import \"os\"\nprintln(os.Args[1:], len(os.Args))\n")
	out, _, code := runGoro(t, nil, script, "a", "b c")
	assert.Equal(t, 0, code)
	assert.Equal(t, "[a b c] 3\n", out)

	out, _, _ = runGoro(t, nil, "version")
	assert.Regexp(t, `^goro version \d+\.\d+\.\d+\n$`, out)
	out, _, code = runGoro(t, nil, "help")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "goro disasm FILE")
	assert.Contains(t, out, "-procs")
}

func TestProcsFlagAndEnv(t *testing.T) {
	script := writeScript(t, "procs.goro", "import \"runtime\"\nprintln(runtime.GOMAXPROCS())\n")
	out, _, _ := runGoro(t, nil, "-procs", "3", "run", script)
	assert.Equal(t, "3\n", out)
	out, _, _ = runGoro(t, []string{"GOROMAXPROCS=5"}, script)
	assert.Equal(t, "5\n", out)
	out, _, _ = runGoro(t, []string{"GOROMAXPROCS=5"}, "-procs", "2", script)
	assert.Equal(t, "2\n", out, "the flag wins over the environment")
}

func TestDisasm(t *testing.T) {
	script := writeScript(t, "d.goro", "func add(a, b) {\n\treturn a + b\n}\nprintln(add(1, 2))\n")
	out, _, code := runGoro(t, nil, "disasm", script)
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "function main.add")
	assert.Contains(t, out, "ADD")
	assert.Contains(t, out, "RETURN")
}

// GORODEBUG=schedtrace=N prints Go's SCHED line format.
func TestSchedTrace(t *testing.T) {
	script := writeScript(t, "sleep.goro", "import \"time\"\ntime.Sleep(120 * time.Millisecond)\n")
	_, errOut, code := runGoro(t, []string{"GORODEBUG=schedtrace=20"}, "-procs", "2", script)
	assert.Equal(t, 0, code)
	line := regexp.MustCompile(`(?m)^SCHED \d+ms: gomaxprocs=2 idleprocs=\d+ threads=\d+ spinningthreads=\d+ needspinning=\d+ idlethreads=\d+ runqueue=\d+ \[ \d+ \d+ \] schedticks=\[ \d+ \d+ \] goroutines=1 insyscall=\d+ netpollwaiters=\d+$`)
	assert.GreaterOrEqual(t, len(line.FindAllString(errOut, -1)), 2, errOut)
}

// TestREPLFlags: -procs and -maxstack apply to the REPL as to a script.
func TestREPLFlags(t *testing.T) {
	var out, errb bytes.Buffer
	in := strings.NewReader("import \"runtime\"\nruntime.GOMAXPROCS(0)\nfunc deep(n) { return deep(n + 1) }\ndeep(0)\n")
	code := Main([]string{"-procs", "3", "-maxstack", "65536"}, in, &out, &errb)
	assert.Equal(t, 2, code, errb.String())
	assert.Equal(t, "3\n", out.String())
	// 64 KB of stack holds a few hundred frames of deep (the default
	// limit, millions).
	assert.True(t, strings.HasPrefix(errb.String(), "fatal error: stack overflow\n"), errb.String())
	m := regexp.MustCompile(`\.\.\.(\d+) frames elided`).FindStringSubmatch(errb.String())
	require.NotNil(t, m, errb.String())
	n, _ := strconv.Atoi(m[1])
	assert.Less(t, n, 2000)
}

func TestDoc(t *testing.T) {
	out, errOut, code := runGoro(t, nil, "doc", "strings.Split")
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "func Split(s, sep string) []string\n    Split slices s")
	out, _, code = runGoro(t, nil, "doc", "flag")
	assert.Equal(t, 0, code)
	assert.Contains(t, out, "func Parse()")
	_, errOut, code = runGoro(t, nil, "doc", "strings.Nope")
	assert.Equal(t, 1, code)
	assert.Equal(t, "goro: doc: strings has no member Nope\n", errOut)
	_, errOut, code = runGoro(t, nil, "doc")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "usage: goro doc")
}
