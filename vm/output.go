package vm

import (
	"bufio"
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
type Output struct {
	mu       sync.Mutex
	w        *bufio.Writer
	lineMode bool
	err      error
}

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
	n, err := o.w.WriteString(s)
	if err == nil && o.lineMode {
		for i := 0; i < len(s); i++ {
			if s[i] == '\n' {
				err = o.w.Flush()
				break
			}
		}
	}
	o.mu.Unlock()
	return n, err
}

// Flush writes out what is buffered.
func (o *Output) Flush() error {
	o.mu.Lock()
	err := o.w.Flush()
	o.mu.Unlock()
	return err
}

// flushingWriter flushes an Output before each write to another stream
// (stderr), so the two interleave in program order.
type flushingWriter struct {
	first *Output
	w     io.Writer
	mu    sync.Mutex
}

func (f *flushingWriter) Write(p []byte) (int, error) {
	f.first.Flush()
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.w.Write(p)
}
