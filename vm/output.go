package vm

import (
	"bufio"
	"errors"
	"io"
	"os"
	"sync"
)

// Output is the script's standard output: buffered (print-heavy scripts
// would otherwise pay a system call per line), shared by every goroutine of a
// runtime behind one lock, and flushed at the points where a reader expects
// to see what was printed: program exit, any write to stderr, any read from
// stdin, when the scheduler goes idle, and at each newline when the output is
// a terminal.
//
// Once the writer has failed, every later write returns its error (bufio
// keeps it), and Err reports it so that the run can. After Close nothing
// reaches the host's writer any more.
type Output struct {
	mu       sync.Mutex
	w        *bufio.Writer
	lineMode bool
	err      error // the first error of the host's writer
	closed   bool
}

// ErrOutputClosed is what writes return after the run has ended (Close).
var ErrOutputClosed = errors.New("write after the run ended")

// NewOutput wraps w. Terminals are line-buffered.
func NewOutput(w io.Writer) *Output { return newOutput(w, w) }

// newOutput buffers writes to via, which writes to w (w decides the
// buffering mode).
func newOutput(w, via io.Writer) *Output {
	o := &Output{w: bufio.NewWriterSize(via, 32<<10)}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			o.lineMode = true
		}
	}
	return o
}

// Write writes p; the error of a failed flush is kept and returned.
func (o *Output) Write(p []byte) (int, error) {
	o.mu.Lock()
	if o.closed {
		o.mu.Unlock()
		return 0, ErrOutputClosed
	}
	n, err := o.w.Write(p)
	if err == nil && o.lineMode {
		for _, c := range p {
			if c == '\n' {
				err = o.w.Flush()
				break
			}
		}
	}
	if err != nil && o.err == nil {
		o.err = err
	}
	o.mu.Unlock()
	return n, err
}

// WriteString writes s.
func (o *Output) WriteString(s string) (int, error) {
	o.mu.Lock()
	if o.closed {
		o.mu.Unlock()
		return 0, ErrOutputClosed
	}
	n, err := o.w.WriteString(s)
	if err == nil && o.lineMode {
		for i := 0; i < len(s); i++ {
			if s[i] == '\n' {
				err = o.w.Flush()
				break
			}
		}
	}
	if err != nil && o.err == nil {
		o.err = err
	}
	o.mu.Unlock()
	return n, err
}

// Flush writes out what is buffered.
func (o *Output) Flush() error {
	o.mu.Lock()
	if o.closed {
		o.mu.Unlock()
		return o.err
	}
	err := o.w.Flush()
	if err != nil && o.err == nil {
		o.err = err
	}
	o.mu.Unlock()
	return err
}

// Close flushes what is buffered and cuts the output off from the host's
// writer: later writes (a goroutine the end of the run has not stopped
// yet, a periodic flush) return ErrOutputClosed and write nothing. It
// returns the writer's first error, as Err does.
func (o *Output) Close() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.closed {
		if err := o.w.Flush(); err != nil && o.err == nil {
			o.err = err
		}
		o.closed = true
	}
	return o.err
}

// Err returns the first error the host's writer returned, or nil.
func (o *Output) Err() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.err
}

// flushingWriter flushes an Output before each write to another stream
// (stderr), so the two interleave in program order.
type flushingWriter struct {
	first  *Output
	w      io.Writer
	mu     sync.Mutex
	err    error // the first error of w
	closed bool
}

func (f *flushingWriter) Write(p []byte) (int, error) {
	f.first.Flush()
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return 0, ErrOutputClosed
	}
	n, err := f.w.Write(p)
	if err != nil && f.err == nil {
		f.err = err
	}
	return n, err
}

// close cuts the writer off (see Output.Close) and returns its first error.
func (f *flushingWriter) close() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.closed = true
	return f.err
}

// CloseOutput flushes the run's standard output and cuts both output
// streams off from the host's writers, so that nothing is written to them
// once the host has been told the run ended. It returns the first error
// either writer returned (stdout's first), which the host reports.
func (rt *Runtime) CloseOutput() (stdout, stderr error) {
	stdout = rt.stdout.Close()
	if f, ok := rt.stderr.(*flushingWriter); ok {
		stderr = f.close()
	}
	return stdout, stderr
}
