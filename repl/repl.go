// Package repl is Goro's interactive read-eval-print loop: the `goro`
// command with no arguments.
//
// Every input is compiled against the session's globals and run on the one
// runtime of a goro.Session, so goroutines started at the prompt keep
// running in the background while you type, and channels work across
// inputs. At a terminal the REPL edits lines with github.com/chzyer/readline
// (history, Ctrl-R search, tab completion); with piped input it reads lines
// without prompts and ends with the exit status a script would have.
package repl

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"

	"github.com/chzyer/readline"

	"github.com/goro-lang/goro"
)

// Config configures one run of the REPL.
type Config struct {
	In       io.Reader
	Out, Err io.Writer
	// Interactive selects line editing with prompts, history and
	// completion; the caller decides it (IsTerminal). When In is not a
	// terminal the editor still runs over it, which is how the tests type
	// keys at it.
	Interactive bool
	// HistoryFile keeps the history across runs (interactive only); ""
	// keeps it in memory. DefaultHistoryFile finds the usual place.
	HistoryFile string
	// Procs is the session's GOMAXPROCS; 0 means $GOROMAXPROCS or the
	// number of CPUs.
	Procs int
	// MaxStack bounds a goroutine's stack in bytes; 0 means the default.
	MaxStack int64
	// Interrupt stops the running input (the prompt's goroutine) when it
	// receives. Nil in interactive mode means SIGINT (Ctrl-C): the REPL
	// installs a handler for as long as it runs. Nil in piped mode means
	// none, so Ctrl-C ends `goro` as it would end a script.
	Interrupt <-chan os.Signal
}

const (
	prompt     = ">>> "
	contPrompt = "... "
)

// Run runs the REPL until end of input, Ctrl-D, :quit or os.Exit, and
// returns the exit status: 0, or n for os.Exit(n). With piped input a
// compile error ends it with 1 and a panic or fatal error with 2, the
// statuses a script would have.
func Run(cfg Config) int {
	if cfg.In == nil {
		cfg.In = os.Stdin
	}
	if cfg.Out == nil {
		cfg.Out = os.Stdout
	}
	if cfg.Err == nil {
		cfg.Err = os.Stderr
	}
	r := &repl{cfg: cfg, intr: cfg.Interrupt}
	var scriptIn io.Reader
	if cfg.Interactive {
		in, err := newEditor(cfg, r.completer())
		if err != nil {
			fmt.Fprintln(cfg.Err, "goro:", err)
			return 1
		}
		r.in = in
		// Writes through the editor redraw the prompt and the line being
		// typed after them, so output of background goroutines does not
		// garble what the user types.
		r.out, r.errw = in.rl.Stdout(), in.rl.Stderr()
		scriptIn = cfg.In
		if r.intr == nil {
			sig := make(chan os.Signal, 1)
			signal.Notify(sig, os.Interrupt)
			defer signal.Stop(sig)
			r.intr = sig
			_, r.echoesCtrlC = termFd(cfg.In)
		}
	} else {
		in := newPiped(cfg.In)
		r.in = in
		r.out, r.errw = cfg.Out, cfg.Err
		// The script reads the lines after the current input, as a script
		// piped into a shell would.
		scriptIn = in.scriptReader()
	}
	defer r.in.Close()
	r.opts = goro.Options{Stdin: scriptIn, Stdout: r.out, Stderr: r.errw, Procs: cfg.Procs, MaxStack: cfg.MaxStack,
		Capabilities: goro.AllCapabilities, MaxGoroutines: -1, MaxMemory: -1}
	if err := r.newSession(); err != nil {
		fmt.Fprintln(r.errw, "goro:", err)
		return 1
	}
	defer func() { r.session().Close() }()
	if cfg.Interactive {
		fmt.Fprintf(r.out, "Goro %s. Type :help for help, Ctrl-D to exit.\n", goro.Version)
	}
	return r.loop()
}

// repl is the state of one run.
type repl struct {
	cfg       Config
	opts      goro.Options
	in        lineReader
	out, errw io.Writer
	intr      <-chan os.Signal
	// echoesCtrlC: the terminal echoes Ctrl-C as "^C" with no newline
	// while an input runs (it is not in raw mode then).
	echoesCtrlC bool

	// mu guards what the completer reads from the editor's goroutine.
	mu      sync.Mutex
	sess    *goro.Session
	pending []string // the lines of an unfinished input
}

func (r *repl) session() *goro.Session {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.sess
}

func (r *repl) setPending(lines []string) {
	r.mu.Lock()
	r.pending = lines
	r.mu.Unlock()
}

// newSession starts a session (closing the old one for :reset).
func (r *repl) newSession() error {
	s, err := goro.NewSession(r.opts)
	if err != nil {
		return err
	}
	r.mu.Lock()
	old := r.sess
	r.sess = s
	r.mu.Unlock()
	if old != nil {
		old.Close()
	}
	return nil
}

// outcome is how an input ended.
type outcome int

const (
	done       outcome = iota // evaluated (or reported an interrupt): go on
	incomplete                // unfinished: read a continuation line
	failed                    // compile error: piped input ends with 1
	panicked                  // panic or fatal error: piped input ends with 2
	exited                    // os.Exit, :quit, a closed session: end with its status
)

// loop reads and runs inputs; it returns the exit status.
func (r *repl) loop() int {
	var lines []string
	for {
		p := prompt
		if len(lines) > 0 {
			p = contPrompt
		}
		line, err := r.read(p)
		var exit *goro.ExitError
		switch {
		case errors.As(err, &exit):
			return exit.Code
		case errors.Is(err, readline.ErrInterrupt):
			// Ctrl-C while editing drops the line and any unfinished input.
			lines = nil
			r.setPending(nil)
			continue
		case errors.Is(err, io.EOF) && len(lines) == 0:
			return 0
		case errors.Is(err, io.EOF):
			// Ctrl-D or the end of the input inside an unfinished input:
			// report what is missing, as a script would.
			src := strings.Join(lines, "\n")
			lines = nil
			r.setPending(nil)
			r.in.AddHistory(src)
			if code, end := r.finish(r.eval(src, "", false)); end {
				return code
			}
			continue
		case err != nil:
			fmt.Fprintln(r.errw, "goro:", err)
			return 1
		}
		if len(lines) == 0 {
			if strings.TrimSpace(line) == "" {
				continue
			}
			if strings.HasPrefix(strings.TrimSpace(line), ":") {
				r.in.AddHistory(strings.TrimSpace(line))
				if code, end := r.finish(r.command(strings.TrimSpace(line))); end {
					return code
				}
				continue
			}
		}
		lines = append(lines, line)
		src := strings.Join(lines, "\n")
		oc, code := r.eval(src, "", true)
		if oc == incomplete {
			r.setPending(lines)
			continue
		}
		lines = nil
		r.setPending(nil)
		r.in.AddHistory(src)
		if code, end := r.finish(oc, code); end {
			return code
		}
	}
}

// finish says whether an outcome ends the REPL, and with which status.
func (r *repl) finish(oc outcome, code int) (int, bool) {
	switch {
	case oc == exited:
		return code, true
	case oc == failed && !r.cfg.Interactive:
		return 1, true
	case oc == panicked && !r.cfg.Interactive:
		return 2, true
	}
	return 0, false
}

// lineResult is one line read by the editor's goroutine.
type lineResult struct {
	line string
	err  error
}

// read reads a line while watching the session: os.Exit in a background
// goroutine ends the REPL even while it waits for the user.
func (r *repl) read(p string) (string, error) {
	ch := make(chan lineResult, 1)
	go func() {
		line, err := r.in.ReadLine(p)
		ch <- lineResult{line, err}
	}()
	s := r.session()
	select {
	case res := <-ch:
		return res.line, res.err
	case <-s.Done():
		if err := s.Err(); err != nil {
			// Closing the editor gives the terminal back; a piped reader
			// blocked in Read is left behind as the process ends.
			r.in.Close()
			return "", err
		}
		res := <-ch
		return res.line, res.err
	}
}

// interruptible runs f with a context that Ctrl-C cancels: the prompt's
// goroutine stops with "interrupted" and background goroutines keep
// running.
func (r *repl) interruptible(f func(ctx context.Context)) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if r.intr == nil {
		f(ctx)
		return
	}
	// A Ctrl-C that came between inputs is not for this one.
	select {
	case <-r.intr:
	default:
	}
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		select {
		case <-r.intr:
			cancel()
		case <-stop:
		}
	}()
	f(ctx)
}

// eval runs one input and prints its echo, report or error. file, when
// not "", names the source in compile errors (:load). An unfinished input
// is reported as an error unless more may follow.
func (r *repl) eval(src, file string, more bool) (outcome, int) {
	s := r.session()
	var res *goro.EvalResult
	var err error
	r.interruptible(func(ctx context.Context) {
		if file != "" {
			res, err = s.EvalFile(ctx, file, src)
		} else {
			res, err = s.Eval(ctx, src)
		}
	})
	if err != nil {
		if more && goro.Incomplete(err) {
			return incomplete, 0
		}
		return r.reportErr(err)
	}
	if echo := res.Echo(); len(echo) > 0 {
		// All the values of the final expression on one line, as
		// println would separate them, but each quoted as SPEC §9 says.
		fmt.Fprintln(r.out, strings.Join(echo, " "))
	}
	if res.Report != "" {
		if res.Interrupted && r.echoesCtrlC {
			fmt.Fprintln(r.errw)
		}
		fmt.Fprint(r.errw, withNewline(res.Report))
		if !res.Interrupted {
			return panicked, 0
		}
	}
	return done, 0
}

// reportErr prints an error from the session and says how it ends the
// input.
func (r *repl) reportErr(err error) (outcome, int) {
	var ce *goro.CompileError
	var exit *goro.ExitError
	switch {
	case errors.As(err, &ce):
		fmt.Fprintln(r.errw, ce.Format())
		return failed, 0
	case errors.As(err, &exit):
		return exited, exit.Code
	case errors.Is(err, goro.ErrSessionClosed):
		// os.Exit(0) from a background goroutine reads as a closed
		// session; Err says which.
		var code int
		if errors.As(r.session().Err(), &exit) {
			code = exit.Code
		}
		return exited, code
	}
	fmt.Fprint(r.errw, withNewline(err.Error()))
	return panicked, 0
}

func withNewline(s string) string {
	if strings.HasSuffix(s, "\n") {
		return s
	}
	return s + "\n"
}
