package stdlib

import (
	"io"
	"sync"

	"github.com/goro-lang/goro/vm"
)

// Readers and writers. A Goro reader is any value with a Read(n) method
// giving (string, err); a writer, any value with Write(s) giving (n, err):
// files, os.Stdin/Stdout/Stderr, strings.Reader, bytes.Buffer, bufio's
// types, network connections, a script's own object (a map or struct with
// those methods). io, bufio, log and the rest take them through these
// adapters, which turn a Goro value into a Go io.Reader or io.Writer for
// the duration of one native call (bind sets the calling thread):
//   - a native object whose Data has a Go stream (goStream) is read or
//     written directly, inside t.Syscall when the stream can block the
//     host thread (files, stdin, stderr);
//   - anything else is called through its Read or Write method.

// goStream is implemented by the Data of native objects that stand for a
// Go stream. reader/writer return nil when the object cannot be read or
// written; blocking reports that calls may block the host thread.
type goStream interface {
	goReader() (r io.Reader, blocking bool)
	goWriter() (w io.Writer, blocking bool)
}

// valReader is an io.Reader over a Goro value.
type valReader struct {
	t        *vm.Thread
	v        vm.Value
	direct   io.Reader
	blocking bool
	read     vm.Value // the Read method, for script readers
}

// newReader makes a reader over v, or a runtime error naming argument i of
// name if v cannot be read.
func newReader(t *vm.Thread, name string, args []vm.Value, i int) (*valReader, error) {
	v := args[i]
	r := &valReader{t: t, v: v}
	if o := v.Object(); o != nil {
		if s, ok := o.Data.(goStream); ok {
			if d, b := s.goReader(); d != nil {
				r.direct, r.blocking = d, b
				return r, nil
			}
		}
	}
	f, err := vm.Field(v, "Read")
	if err != nil || f.Kind() != vm.KindFunc {
		return nil, vm.Errorf("%s: argument %d (%s) is not a reader (no Read method)", name, i+1, v.TypeName())
	}
	r.read = f
	return r, nil
}

func (r *valReader) Read(p []byte) (n int, err error) {
	if r.direct != nil {
		if r.blocking {
			r.t.Syscall(func() { n, err = r.direct.Read(p) })
			return n, err
		}
		return r.direct.Read(p)
	}
	res, cerr := r.t.Call(r.read, vm.Int(int64(len(p))))
	if cerr != nil {
		return 0, &scriptError{cerr}
	}
	if len(res) != 2 {
		return 0, &scriptError{vm.Errorf("Read of %s returned %d values, want (string, error)", r.v.TypeName(), len(res))}
	}
	s, ok := res[0].ToStr()
	if !ok || len(s) > len(p) {
		return 0, &scriptError{vm.Errorf("Read of %s returned %s, want a string of at most %d bytes", r.v.TypeName(), res[0].TypeName(), len(p))}
	}
	n = copy(p, s)
	return n, goErr(res[1])
}

// valWriter is an io.Writer over a Goro value.
type valWriter struct {
	t        *vm.Thread
	v        vm.Value
	direct   io.Writer
	blocking bool
	write    vm.Value
}

func newWriter(t *vm.Thread, name string, args []vm.Value, i int) (*valWriter, error) {
	v := args[i]
	w := &valWriter{t: t, v: v}
	if o := v.Object(); o != nil {
		if s, ok := o.Data.(goStream); ok {
			if d, b := s.goWriter(); d != nil {
				w.direct, w.blocking = d, b
				return w, nil
			}
		}
	}
	f, err := vm.Field(v, "Write")
	if err != nil || f.Kind() != vm.KindFunc {
		return nil, vm.Errorf("%s: argument %d (%s) is not a writer (no Write method)", name, i+1, v.TypeName())
	}
	w.write = f
	return w, nil
}

func (w *valWriter) Write(p []byte) (n int, err error) {
	if w.direct != nil {
		if w.blocking {
			w.t.Syscall(func() { n, err = w.direct.Write(p) })
			return n, err
		}
		return w.direct.Write(p)
	}
	res, cerr := w.t.Call(w.write, vm.String(string(p)))
	if cerr != nil {
		return 0, &scriptError{cerr}
	}
	if len(res) == 0 {
		return len(p), nil
	}
	if len(res) == 2 {
		k, _ := res[0].ToInt()
		return int(k), goErr(res[1])
	}
	return len(p), goErr(res[0])
}

// scriptError carries a script panic (or a misuse error) out through Go
// code that called a script's Read or Write: the native that started the
// Go code returns it unchanged (see unwrapErr).
type scriptError struct{ err error }

func (e *scriptError) Error() string { return e.err.Error() }

// goErr turns a Goro error value back into a Go error (nil for nil):
// io.EOF for io.EOF, the Go error a value stands for, or its message.
func goErr(v vm.Value) error {
	if v.IsNil() {
		return nil
	}
	e := v.Error()
	if e == nil {
		return &goroError{v}
	}
	if g := e.GoError(); g != nil {
		return g
	}
	return &goroError{v}
}

// goroError is a Goro error value as a Go error; errValue gives back the
// same value.
type goroError struct{ v vm.Value }

func (e *goroError) Error() string { return e.v.String() }

// ioResult converts a Go error from Go code driving adapters: a script
// panic comes back as the native's error (to propagate), any other error
// as a Goro error value.
func ioResult(err error) (vm.Value, error) {
	if err == nil {
		return vm.Nil, nil
	}
	if se, ok := err.(*scriptError); ok {
		return vm.Nil, se.err
	}
	if ge, ok := err.(*goroError); ok {
		return ge.v, nil
	}
	return errValue(err), nil
}

// lockedWriter serializes writes to an in-memory Go writer shared by
// goroutines (a strings.Builder, a bytes.Buffer).
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (b *builderObj) goReader() (io.Reader, bool) { return nil, false }
func (b *builderObj) goWriter() (io.Writer, bool) { return lockedWriter{&b.mu, &b.b}, false }

// Standard streams of a runtime: stdin reads the runtime's buffered stdin
// (after flushing stdout, so a prompt shows), stdout is the buffered output
// print shares, stderr the runtime's error stream.
func (f *osFile) goReader() (io.Reader, bool) {
	if f.fd != 0 {
		return nil, false
	}
	return stdinReader{f}, true
}

func (f *osFile) goWriter() (io.Writer, bool) {
	switch f.fd {
	case 1:
		return f.rt.Stdout(), false
	case 2:
		return f.rt.Stderr(), true
	}
	return nil, false
}

type stdinReader struct{ f *osFile }

func (s stdinReader) Read(p []byte) (int, error) { return s.f.stdin().Read(p) }
