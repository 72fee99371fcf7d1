//go:build linux

package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/sys/unix"
)

// The REPL end to end: the real binary (goroBin, built by TestMain) in a
// pseudo-terminal opened on /dev/ptmx, so that nothing needs installing.
// The test types keys and reads the screen through a small terminal
// emulator, as a user would see it.

const (
	keyEnter = "\r"
	keyUp    = "\x1b[A"
	keyTab   = "\t"
	keyCtrlC = "\x03"
	keyCtrlD = "\x04"
	keyCtrlR = "\x12"
)

func TestREPLInTerminal(t *testing.T) {
	home := t.TempDir()
	history := filepath.Join(home, "goro", "history") // under $XDG_CONFIG_HOME

	tm := startPty(t, home)

	// A multi-line function: continuation prompts, indentation by Tab.
	// Each line is typed at its prompt: keys typed ahead are echoed by the
	// terminal while the REPL works, which is right but scrambles the
	// screen this test reads.
	tm.waitPrompt(">>> ")
	tm.typ("func fib(n) {" + keyEnter)
	for _, line := range []string{keyTab + "if n < 2 {", keyTab + keyTab + "return n", keyTab + "}", keyTab + "return fib(n-1) + fib(n-2)"} {
		tm.waitPrompt("... ")
		tm.typ(line + keyEnter)
	}
	tm.waitPrompt("... ")
	tm.typ("}" + keyEnter)
	tm.waitPrompt(">>> ")
	tm.typ("fib(20)" + keyEnter)
	tm.waitLine("6765")
	tm.screenHas(">>> func fib(n) {\n...     if n < 2 {\n...         return n\n...     }\n" +
		"...     return fib(n-1) + fib(n-2)\n... }\n>>> fib(20)\n6765\n")

	// Errors: a syntax error with its caret, a panic with its traceback;
	// the session goes on.
	tm.waitPrompt(">>> ")
	tm.typ("fib(20) +/ 2" + keyEnter)
	tm.waitLine("         ^")
	tm.screenHas("<repl>:1:10: syntax error")
	tm.waitPrompt(">>> ")
	tm.typ("[1, 2][5]" + keyEnter)
	tm.waitLine("panic: runtime error: index out of range [5] with length 2")
	tm.screenHas("\ngoroutine ")
	tm.waitPrompt(">>> ")
	tm.typ("fib(10)" + keyEnter)
	tm.waitLine("55")

	// Tab completion: an import path, then a module member.
	tm.waitPrompt(">>> ")
	tm.typ(`import "strin` + keyTab + keyEnter)
	tm.waitLine(`>>> import "strings"`)
	tm.waitPrompt(">>> ")
	tm.typ("strings.ToU" + keyTab + `("go")` + keyEnter)
	tm.waitLine(`"GO"`)
	tm.screenHas(`>>> strings.ToUpper("go")` + "\n\"GO\"\n")

	// History: Up recalls an earlier input; after fib is replaced, Ctrl-R
	// finds the multi-line function and brings it back whole.
	tm.waitPrompt(">>> ")
	tm.typ(keyUp + keyUp + keyUp + keyEnter)
	tm.waitLine("55")
	tm.waitPrompt(">>> ")
	tm.typ("func fib(n) { return -1 }" + keyEnter)
	tm.waitPrompt(">>> ")
	tm.typ("fib(12)" + keyEnter)
	tm.waitLine("-1")
	tm.waitPrompt(">>> ")
	tm.typ(keyCtrlR + "fib(n-2)")
	tm.waitLine("bck-i-search: fib(n-2)")
	// (Readline redraws a search match in a line that wraps badly, so
	// the screen is checked after the search.)
	tm.typ(keyEnter)
	tm.waitFor("the whole function on the input line", func(s string) bool {
		return strings.Contains(flatten(s), ">>> func fib(n) {↵    if n < 2 {↵        return n↵    }↵    return fib(n-1) + fib(n-2)↵}>>>")
	})
	tm.waitPrompt(">>> ")
	tm.typ("fib(12)" + keyEnter)
	tm.waitLine("144")

	// Ctrl-C stops a running input; the session goes on. (The key is
	// sent once the REPL has left raw mode, so that the terminal turns it
	// into SIGINT.)
	tm.waitPrompt(">>> ")
	tm.typ("for {}" + keyEnter)
	tm.waitCooked()
	tm.typ(keyCtrlC)
	tm.waitLine("^C")
	tm.waitLine("interrupted")
	tm.waitPrompt(">>> ")
	tm.typ("fib(11)" + keyEnter)
	tm.waitLine("89")

	// Ctrl-D on an empty line exits with status 0.
	tm.waitPrompt(">>> ")
	tm.typ(keyCtrlD)
	require.Equal(t, 0, tm.wait())
	data, err := os.ReadFile(history)
	require.NoError(t, err)
	assert.Contains(t, string(data), "func fib(n) {↵\tif n < 2 {↵\t\treturn n↵\t}↵\treturn fib(n-1) + fib(n-2)↵}\n")

	// A new run reads the history: the function comes back whole with Up.
	tm = startPty(t, home)
	tm.waitPrompt(">>> ")
	entries := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	back := 0
	for i := len(entries) - 1; i >= 0; i-- {
		back++
		if strings.HasPrefix(entries[i], "func fib") {
			break
		}
	}
	tm.typ(strings.Repeat(keyUp, back) + keyEnter)
	tm.waitPrompt(">>> ")
	tm.typ("fib(15)" + keyEnter)
	tm.waitLine("610")
	tm.waitPrompt(">>> ")
	tm.typ(":quit" + keyEnter)
	require.Equal(t, 0, tm.wait())
}

// Piped input: no prompt, no escape codes, a script's exit status.
func TestREPLPiped(t *testing.T) {
	for _, tc := range []struct {
		in, out string
		code    int
	}{
		{"println(1+1)\n", "2\n", 0},
		{"x := 20\nfunc f() {\n\treturn x + 1\n}\nf() * 2\n", "42\n", 0},
		{"println(nope)\n", "", 1},
		{"panic(\"boom\")\n", "", 2},
		{"import \"os\"\nos.Exit(3)\n", "", 3},
	} {
		cmd := exec.Command(goroBin)
		cmd.Stdin = strings.NewReader(tc.in)
		var stdout, stderr strings.Builder
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			code = ee.ExitCode()
		} else {
			require.NoError(t, err)
		}
		assert.Equal(t, tc.code, code, "%q: %s", tc.in, stderr.String())
		assert.Equal(t, tc.out, stdout.String(), tc.in)
		assert.NotContains(t, stdout.String()+stderr.String(), "\x1b")
		assert.NotContains(t, stdout.String()+stderr.String(), ">>>")
	}
}

// ptyREPL is the binary running in a pseudo-terminal.
type ptyREPL struct {
	t      *testing.T
	master *os.File
	cmd    *exec.Cmd
	mu     sync.Mutex
	screen *screen
	done   chan struct{} // closed when the output ends
	mark   int           // the screen line after the last waitLine match
	prompt int           // the screen line of the last prompt waitPrompt saw
}

// startPty runs goro in a new pseudo-terminal of 80x24.
func startPty(t *testing.T, home string) *ptyREPL {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR|unix.O_NOCTTY|unix.O_CLOEXEC, 0)
	require.NoError(t, err)
	fd := int(master.Fd())
	require.NoError(t, unix.IoctlSetPointerInt(fd, unix.TIOCSPTLCK, 0), "unlockpt")
	n, err := unix.IoctlGetInt(fd, unix.TIOCGPTN)
	require.NoError(t, err, "ptsname")
	slave, err := os.OpenFile("/dev/pts/"+strconv.Itoa(n), os.O_RDWR|unix.O_NOCTTY, 0)
	require.NoError(t, err)
	require.NoError(t, unix.IoctlSetWinsize(int(slave.Fd()), unix.TIOCSWINSZ, &unix.Winsize{Row: 24, Col: 80}))

	cmd := exec.Command(goroBin)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = slave, slave, slave
	cmd.Env = append(os.Environ(), "HOME="+home, "XDG_CONFIG_HOME="+home, "TERM=xterm", "GOROMAXPROCS=2")
	// A session of its own with the pty as its controlling terminal, so
	// that Ctrl-C reaches it as SIGINT.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	require.NoError(t, cmd.Start())
	slave.Close()

	p := &ptyREPL{t: t, master: master, cmd: cmd, screen: newScreen(80), prompt: -1, done: make(chan struct{})}
	go func() {
		defer close(p.done)
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			p.mu.Lock()
			p.screen.write(buf[:n])
			p.mu.Unlock()
			if err != nil { // EIO once the child has gone
				return
			}
		}
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		master.Close()
	})
	return p
}

func (p *ptyREPL) typ(keys string) {
	p.t.Helper()
	_, err := p.master.Write([]byte(keys))
	require.NoError(p.t, err)
}

func (p *ptyREPL) text() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.screen.String()
}

// waitFor waits until cond holds for the screen.
func (p *ptyREPL) waitFor(what string, cond func(string) bool) {
	p.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond(p.text()) {
		if time.Now().After(deadline) {
			p.t.Fatalf("waiting for %s; the screen:\n%s", what, p.text())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// waitLine waits for a line of the screen that starts with prefix, below
// the line that the last waitLine found.
func (p *ptyREPL) waitLine(prefix string) {
	p.t.Helper()
	prefix = strings.TrimRight(prefix, " ") // as the screen's lines are
	p.waitFor(fmt.Sprintf("a line %q below line %d", prefix, p.mark), func(s string) bool {
		lines := strings.Split(s, "\n")
		for i := p.mark; i < len(lines); i++ {
			if strings.HasPrefix(lines[i], prefix) {
				p.mark = i + 1
				return true
			}
		}
		return false
	})
}

// waitPrompt waits until the cursor sits just after a fresh prompt, on a
// line below the last prompt it saw: the REPL is ready for keys.
func (p *ptyREPL) waitPrompt(prompt string) {
	p.t.Helper()
	p.waitFor(fmt.Sprintf("the prompt %q below line %d", prompt, p.prompt), func(string) bool {
		p.mu.Lock()
		defer p.mu.Unlock()
		sc := p.screen
		if sc.row <= p.prompt || sc.row >= len(sc.lines) || sc.col != utf8.RuneCountInString(prompt) ||
			strings.TrimRight(string(sc.lines[sc.row]), " ") != strings.TrimRight(prompt, " ") {
			return false
		}
		p.prompt = sc.row
		return true
	})
}

// waitCooked waits until the terminal is out of raw mode: an input is
// running. (TCGETS on the master reads the terminal's settings.)
func (p *ptyREPL) waitCooked() {
	p.t.Helper()
	p.waitFor("the terminal in canonical mode", func(string) bool {
		tio, err := unix.IoctlGetTermios(int(p.master.Fd()), unix.TCGETS)
		require.NoError(p.t, err)
		return tio.Lflag&unix.ICANON != 0
	})
}

func (p *ptyREPL) screenHas(want string) {
	p.t.Helper()
	p.waitFor(fmt.Sprintf("%q on the screen", want), func(s string) bool { return strings.Contains(s, want) })
}

// wait waits for the REPL to exit and returns its status.
func (p *ptyREPL) wait() int {
	p.t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- p.cmd.Wait() }()
	select {
	case err := <-errc:
		<-p.done
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return ee.ExitCode()
		}
		require.NoError(p.t, err)
		return 0
	case <-time.After(30 * time.Second):
		p.t.Fatalf("goro did not exit; the screen:\n%s", p.text())
		return -1
	}
}

// flatten joins the screen's lines, undoing the terminal's wrapping of a
// long input line.
func flatten(s string) string { return strings.ReplaceAll(s, "\n", "") }

// screen is a terminal emulator just big enough for readline: printable
// runes with deferred wrapping at the right margin, CR, LF, BS, tabs, and
// the CSI sequences that move the cursor and erase. Lines scrolled off
// the top are kept, so the whole session can be read back.
type screen struct {
	cols     int
	lines    [][]rune
	row, col int
	pending  []byte // an incomplete escape sequence or UTF-8 rune
}

func newScreen(cols int) *screen { return &screen{cols: cols, lines: [][]rune{nil}} }

func (s *screen) write(b []byte) {
	data := append(s.pending, b...)
	s.pending = nil
	for i := 0; i < len(data); {
		c := data[i]
		switch {
		case c == 0x1b:
			n := s.escape(data[i:])
			if n == 0 { // incomplete: wait for more
				s.pending = append([]byte(nil), data[i:]...)
				return
			}
			i += n
			continue
		case c == '\r':
			s.col = 0
		case c == '\n':
			s.down(1)
		case c == '\b':
			if s.col > 0 {
				s.col--
			}
		case c == '\t':
			s.col = min((s.col/8+1)*8, s.cols-1)
		case c < 0x20 || c == 0x7f:
			// BEL and the rest: nothing to show.
		default:
			r, size := decodeRune(data[i:])
			if size == 0 {
				s.pending = append([]byte(nil), data[i:]...)
				return
			}
			s.put(r)
			i += size
			continue
		}
		i++
	}
}

// decodeRune decodes the rune at the start of b; size 0 if b holds only
// part of it.
func decodeRune(b []byte) (rune, int) {
	if !utf8.FullRune(b) {
		return 0, 0
	}
	return utf8.DecodeRune(b)
}

func (s *screen) put(r rune) {
	if s.col >= s.cols {
		s.col = 0
		s.down(1)
	}
	line := s.lines[s.row]
	for len(line) <= s.col {
		line = append(line, ' ')
	}
	line[s.col] = r
	s.lines[s.row] = line
	s.col++
}

func (s *screen) down(n int) {
	s.row += n
	for len(s.lines) <= s.row {
		s.lines = append(s.lines, nil)
	}
}

// escape handles the escape sequence at the start of b and returns its
// length, or 0 if it is not complete yet.
func (s *screen) escape(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	if b[1] != '[' {
		return 2
	}
	j := 2
	for j < len(b) && (b[j] >= '0' && b[j] <= '9' || b[j] == ';' || b[j] == '?') {
		j++
	}
	if j == len(b) {
		return 0
	}
	params := strings.Split(strings.TrimPrefix(string(b[2:j]), "?"), ";")
	arg := func(k, def int) int {
		if k < len(params) {
			if v, err := strconv.Atoi(params[k]); err == nil && v > 0 {
				return v
			}
		}
		return def
	}
	switch b[j] {
	case 'A':
		s.row = max(s.row-arg(0, 1), 0)
	case 'B':
		s.down(arg(0, 1))
	case 'C':
		s.col = min(s.col+arg(0, 1), s.cols-1)
	case 'D':
		s.col = max(s.col-arg(0, 1), 0)
	case 'K':
		line := s.lines[s.row]
		switch arg(0, 0) {
		case 0:
			if s.col < len(line) {
				s.lines[s.row] = line[:s.col]
			}
		case 2:
			s.lines[s.row] = nil
		}
	case 'J':
		if arg(0, 0) == 0 {
			if s.col < len(s.lines[s.row]) {
				s.lines[s.row] = s.lines[s.row][:s.col]
			}
			for k := s.row + 1; k < len(s.lines); k++ {
				s.lines[k] = nil
			}
		}
	}
	return j + 1
}

// String is the screen's text, trailing blanks trimmed.
func (s *screen) String() string {
	var out []string
	for _, l := range s.lines {
		out = append(out, strings.TrimRight(string(l), " "))
	}
	return strings.TrimRight(strings.Join(out, "\n"), "\n") + "\n"
}
