package repl

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"

	"github.com/chzyer/readline"
)

// historyLimit is how many inputs the history keeps.
const historyLimit = 1000

// lineBreak stands for a line break inside a history entry. Readline
// edits one line: a newline in its buffer breaks the redraw, and its
// history file is one entry a line. So a multi-line input is recalled as
// one line with its breaks shown as ↵, and the REPL turns every ↵ of an
// input back into a line break before it runs (the only cost: a literal
// ↵ cannot be typed).
const lineBreak = "↵"

func toHistory(input string) string  { return strings.ReplaceAll(input, "\n", lineBreak) }
func fromHistory(line string) string { return strings.ReplaceAll(line, lineBreak, "\n") }

// history is the list of inputs, newest last, and the file that keeps it
// across runs (one entry a line, in the ↵ form).
type history struct {
	path    string
	entries []string
	lines   int // lines in the file, to know when to trim it
}

// DefaultHistoryFile is where the goro command keeps the REPL's history:
// goro/history under the user's config directory ($XDG_CONFIG_HOME or
// ~/.config on Linux), else ~/.goro_history; "" when there is no home.
func DefaultHistoryFile() string {
	if dir, err := os.UserConfigDir(); err == nil {
		return filepath.Join(dir, "goro", "history")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, ".goro_history")
	}
	return ""
}

// loadHistory reads the history file; a missing or unreadable file is an
// empty history.
func loadHistory(path string) *history {
	h := &history{path: path}
	if path == "" {
		return h
	}
	f, err := os.Open(path)
	if err != nil {
		return h
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		h.lines++
		if line := strings.TrimRight(sc.Text(), "\r"); strings.TrimSpace(line) != "" {
			h.entries = append(h.entries, line)
		}
	}
	h.trim()
	return h
}

func (h *history) trim() {
	if n := len(h.entries); n > historyLimit {
		h.entries = append([]string(nil), h.entries[n-historyLimit:]...)
	}
}

// add records an input and appends it to the file. Errors writing the
// file are ignored: the history then lives only as long as the session.
func (h *history) add(input string) {
	e := toHistory(strings.TrimRight(input, " \t\n"))
	if strings.TrimSpace(e) == "" || len(h.entries) > 0 && h.entries[len(h.entries)-1] == e {
		return
	}
	h.entries = append(h.entries, e)
	h.trim()
	if h.path == "" {
		return
	}
	if h.lines >= 2*historyLimit {
		h.rewrite()
		return
	}
	if err := os.MkdirAll(filepath.Dir(h.path), 0o700); err != nil {
		return
	}
	f, err := os.OpenFile(h.path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return
	}
	defer f.Close()
	if _, err := f.WriteString(e + "\n"); err == nil {
		h.lines++
	}
}

// rewrite replaces the file with the kept entries, so that it does not
// grow without bound.
func (h *history) rewrite() {
	tmp := h.path + ".tmp"
	data := strings.Join(h.entries, "\n") + "\n"
	if err := os.WriteFile(tmp, []byte(data), 0o600); err != nil {
		return
	}
	if err := os.Rename(tmp, h.path); err != nil {
		os.Remove(tmp)
		return
	}
	h.lines = len(h.entries)
}

// sync hands readline the entries. Readline's SaveHistory is its only way
// in, and it also moves readline's cursor to the end of the list.
func (h *history) sync(rl *readline.Instance) {
	rl.ResetHistory()
	for _, e := range h.entries {
		rl.SaveHistory(e)
	}
}
