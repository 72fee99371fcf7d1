package repl

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/chzyer/readline"
)

// lineReader is where inputs come from: the line editor at a terminal, or
// plain lines from a pipe.
type lineReader interface {
	// ReadLine returns the next line without its newline;
	// readline.ErrInterrupt for Ctrl-C, io.EOF at the end (or Ctrl-D on an
	// empty line).
	ReadLine(prompt string) (string, error)
	// AddHistory records a whole input (several lines for a multi-line
	// one).
	AddHistory(input string)
	Close()
}

// piped reads lines with no prompt, no editing and no history. The
// script reads the same stream through scriptReader.
type piped struct {
	mu sync.Mutex
	br *bufio.Reader
}

func newPiped(in io.Reader) *piped { return &piped{br: bufio.NewReader(in)} }

func (p *piped) ReadLine(string) (string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	line, err := p.br.ReadString('\n')
	if err != nil && (line == "" || !errors.Is(err, io.EOF)) {
		return "", err
	}
	line = strings.TrimSuffix(line, "\n")
	return strings.TrimSuffix(line, "\r"), nil
}

func (*piped) AddHistory(string) {}
func (*piped) Close()            {}

// scriptReader is the session's stdin. The runtime buffers its stdin, so
// each Read hands it at most one line: whatever the script does not read
// stays for the REPL's next input.
func (p *piped) scriptReader() io.Reader { return lineAtATime{p} }

type lineAtATime struct{ p *piped }

func (l lineAtATime) Read(b []byte) (int, error) {
	l.p.mu.Lock()
	defer l.p.mu.Unlock()
	if len(b) == 0 {
		return 0, nil
	}
	if l.p.br.Buffered() == 0 {
		if _, err := l.p.br.Peek(1); err != nil {
			return 0, err
		}
	}
	buf, _ := l.p.br.Peek(l.p.br.Buffered())
	if i := bytes.IndexByte(buf, '\n'); i >= 0 {
		buf = buf[:i+1]
	}
	n := copy(b, buf)
	l.p.br.Discard(n)
	return n, nil
}

// editor is the interactive line editor.
type editor struct {
	rl        *readline.Instance
	stdin     *readline.CancelableStdin
	history   *history
	closeOnce sync.Once
}

// newEditor starts readline over cfg's streams. Readline's own history
// file is off: it stores one line per entry and would split a multi-line
// input, so history.go keeps the file and hands readline its entries.
func newEditor(cfg Config, complete readline.AutoCompleter) (*editor, error) {
	h := loadHistory(cfg.HistoryFile)
	stdin := readline.NewCancelableStdin(cfg.In)
	rc := &readline.Config{
		Prompt:                 prompt,
		HistoryLimit:           historyLimit,
		DisableAutoSaveHistory: true,
		HistorySearchFold:      true,
		AutoComplete:           complete,
		// Closing the cancelable wrapper (Close) ends a pending read of
		// any reader, without closing the reader itself.
		Stdin:  stdin,
		Stdout: cfg.Out,
		Stderr: cfg.Err,
		// The caller decided that this is interactive (Config.Interactive).
		FuncIsTerminal: func() bool { return true },
	}
	inFd, inTTY := termFd(cfg.In)
	outFd, outTTY := termFd(cfg.Out)
	if inTTY {
		var state *readline.State
		rc.FuncMakeRaw = func() error {
			st, err := readline.MakeRaw(inFd)
			if err == nil {
				state = st
			}
			return err
		}
		rc.FuncExitRaw = func() error {
			if state == nil {
				return nil
			}
			return readline.Restore(inFd, state)
		}
	} else {
		// Keys come from a pipe (tests): there is no mode to switch.
		rc.FuncMakeRaw = func() error { return nil }
		rc.FuncExitRaw = func() error { return nil }
	}
	if outTTY {
		rc.FuncGetWidth = func() int {
			if w, _, err := readline.GetSize(outFd); err == nil && w > 0 {
				return w
			}
			return 80
		}
	} else {
		rc.FuncGetWidth = func() int { return 80 }
		rc.FuncOnWidthChanged = func(func()) {}
	}
	rl, err := readline.NewEx(rc)
	if err != nil {
		return nil, err
	}
	return &editor{rl: rl, stdin: stdin, history: h}, nil
}

// termFd returns the descriptor of a stream that is a terminal.
func termFd(stream any) (int, bool) {
	f, ok := stream.(*os.File)
	if !ok {
		return 0, false
	}
	fd := int(f.Fd())
	return fd, readline.IsTerminal(fd)
}

// IsTerminal reports whether the REPL should be interactive: in and out
// are both terminals. (With out redirected, prompts and redraws would land
// in the file, so `goro > log` reads its input as piped.)
func IsTerminal(in io.Reader, out io.Writer) bool {
	_, inTTY := termFd(in)
	_, outTTY := termFd(out)
	return inTTY && outTTY
}

func (e *editor) ReadLine(p string) (string, error) {
	// Handing readline the history before every line also puts its
	// cursor back at the end: after a recalled line it would otherwise
	// save that entry's text in place of the input it is given.
	e.history.sync(e.rl)
	e.rl.SetPrompt(p)
	line, err := e.rl.Readline()
	// A recalled multi-line input comes back with its line breaks as ↵
	// (see history.go).
	return fromHistory(line), err
}

func (e *editor) AddHistory(input string) { e.history.add(input) }

// Close gives the terminal back; read's watcher and Run may both call it.
// Readline's Close waits for its reading goroutine but does not stop a
// read in progress (it closes only its own wrapper around stdin), so the
// read is cancelled first.
func (e *editor) Close() {
	e.closeOnce.Do(func() {
		e.stdin.Close()
		e.rl.Close()
	})
}

// completer is Complete as readline asks for it: the rest of each
// candidate, and how many runes of the word are typed.
type completer struct{ r *repl }

func (r *repl) completer() readline.AutoCompleter { return completer{r} }

func (c completer) Do(line []rune, pos int) ([][]rune, int) {
	before := string(line[:pos])
	if strings.TrimSpace(before) == "" {
		// Tab at the start of a line indents: pasted code keeps its tabs
		// instead of listing every name.
		return [][]rune{[]rune("\t")}, 0
	}
	c.r.mu.Lock()
	s, pending := c.r.sess, c.r.pending
	c.r.mu.Unlock()
	cands, typed := Complete(s, pending, fromHistory(before))
	out := make([][]rune, len(cands))
	for i, cand := range cands {
		out[i] = []rune(cand[len(typed):])
	}
	return out, utf8.RuneCountInString(typed)
}
