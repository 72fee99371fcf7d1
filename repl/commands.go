package repl

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/goro-lang/goro"
)

// A command is a line that starts with ':' at the primary prompt (never
// valid Goro, so it cannot shadow a statement).
type command struct {
	name, args, help string
	run              func(r *repl, arg string) (outcome, int)
}

// commands is a function, not a package variable, so that the table holds
// no state between runs.
func commands() []command {
	return []command{
		{"help", "", "show this help", (*repl).cmdHelp},
		{"quit", "", "leave the REPL (also Ctrl-D on an empty line)", func(*repl, string) (outcome, int) { return exited, 0 }},
		{"dis", "EXPR|FUNC", "disassemble a function by name, else EXPR compiled as an input", (*repl).cmdDis},
		{"doc", "MOD[.NAME]", "show a standard module's members, or one member's signature and description", (*repl).cmdDoc},
		{"goroutines", "", "dump every goroutine of the session", (*repl).cmdGoroutines},
		{"load", "FILE", "run FILE in the session: its top-level names stay defined", (*repl).cmdLoad},
		{"profile", "EXPR", "run EXPR under the CPU profiler and list the top functions", (*repl).cmdProfile},
		{"trace", "EXPR", "run EXPR under the execution tracer and print the trace file's path", (*repl).cmdTrace},
		{"reset", "", "end the session (and its goroutines) and start a new one", (*repl).cmdReset},
	}
}

// commandNames lists the commands as typed, for completion.
func commandNames() []string {
	var names []string
	for _, c := range commands() {
		names = append(names, ":"+c.name)
	}
	sort.Strings(names)
	return names
}

// lookup returns the commands that name (without its ':') may mean: the
// one it names, or those it is a prefix of.
func lookup(name string) []command {
	var found []command
	for _, c := range commands() {
		if c.name == name {
			return []command{c}
		}
		if name != "" && strings.HasPrefix(c.name, name) {
			found = append(found, c)
		}
	}
	return found
}

// command runs a ':' line. Any unique prefix names a command (:q, :g).
func (r *repl) command(line string) (outcome, int) {
	name, arg, _ := strings.Cut(strings.TrimPrefix(line, ":"), " ")
	arg = strings.TrimSpace(arg)
	found := lookup(name)
	switch len(found) {
	case 0:
		fmt.Fprintf(r.errw, "unknown command :%s (:help lists them)\n", name)
		return failed, 0
	case 1:
		return found[0].run(r, arg)
	}
	var names []string
	for _, c := range found {
		names = append(names, ":"+c.name)
	}
	fmt.Fprintf(r.errw, "ambiguous command :%s (%s)\n", name, strings.Join(names, ", "))
	return failed, 0
}

const helpText = `Type Goro statements and expressions; an expression's value is echoed
(strings quoted; several values on one line, separated by spaces). Functions,
imports and variables persist from one input to the next, and goroutines
keep running in the background while you type. An unfinished input (an
open {, ( or [, a raw string) continues at the "..." prompt.

Commands (any unique prefix works, e.g. :q):
`

const keysText = `
Keys: Ctrl-C drops the line, or stops the running input (background
goroutines keep running); Ctrl-D on an empty line exits; Up/Down and Ctrl-R
search the history (a multi-line input comes back whole, its line breaks
shown as ↵); Tab completes names, module members after "strings." and
import paths, and indents at the start of a line.
`

func (r *repl) cmdHelp(string) (outcome, int) {
	var b strings.Builder
	b.WriteString(helpText)
	for _, c := range commands() {
		use := ":" + c.name
		if c.args != "" {
			use += " " + c.args
		}
		fmt.Fprintf(&b, "  %-17s %s\n", use, c.help)
	}
	b.WriteString(keysText)
	if r.cfg.Interactive && r.cfg.HistoryFile != "" {
		fmt.Fprintf(&b, "The history is kept in %s.\n", r.cfg.HistoryFile)
	}
	fmt.Fprint(r.out, b.String())
	return done, 0
}

func (r *repl) cmdDis(arg string) (outcome, int) {
	if arg == "" {
		fmt.Fprintln(r.errw, "usage: :dis EXPR|FUNC")
		return failed, 0
	}
	var err error
	s := r.session()
	r.interruptible(func(ctx context.Context) { err = s.Disasm(ctx, r.out, arg) })
	if err != nil {
		return r.reportErr(err)
	}
	return done, 0
}

// cmdDoc prints documentation from the standard modules' definitions
// (goro.Doc): ":doc strings.Split", ":doc filepath".
func (r *repl) cmdDoc(arg string) (outcome, int) {
	if arg == "" {
		fmt.Fprintln(r.errw, "usage: :doc MOD[.NAME]   (:doc strings.Split)")
		return failed, 0
	}
	text, err := goro.Doc(arg)
	if err != nil {
		fmt.Fprintln(r.errw, err)
		return failed, 0
	}
	fmt.Fprint(r.out, text)
	return done, 0
}

func (r *repl) cmdGoroutines(string) (outcome, int) {
	var b bytes.Buffer
	r.session().Dump(&b)
	if b.Len() == 0 {
		// Between inputs the prompt's goroutine does not exist.
		b.WriteString("no goroutines\n")
	}
	r.out.Write(b.Bytes())
	return done, 0
}

// cmdLoad runs a file as one input, so its imports and top-level
// declarations enter the session as if typed at the prompt.
func (r *repl) cmdLoad(arg string) (outcome, int) {
	if arg == "" {
		fmt.Fprintln(r.errw, "usage: :load FILE")
		return failed, 0
	}
	src, err := os.ReadFile(arg)
	if err != nil {
		fmt.Fprintln(r.errw, "goro:", err)
		return failed, 0
	}
	return r.eval(string(src), arg, false)
}

func (r *repl) cmdReset(string) (outcome, int) {
	if err := r.newSession(); err != nil {
		fmt.Fprintln(r.errw, "goro:", err)
		return exited, 1
	}
	return done, 0
}
