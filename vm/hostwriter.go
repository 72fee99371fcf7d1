package vm

import (
	"errors"
	"fmt"
	"io"
	"sync"
)

// ErrOutputAbandoned is what a write of the script's output returns once
// its run was cancelled: what was not written by then is dropped.
var ErrOutputAbandoned = errors.New("goro: output abandoned: the run was cancelled")

// hostWriter is how a run calls a writer its host gave it (Options.Stdout
// and Stderr). Host code is not trusted to return: each write runs on a
// goroutine of its own while the writing thread waits for it or for the
// run's cancellation, whichever comes first (issue 14, finding 5: a writer
// that blocked made Run ignore its ctx forever, through the final flush).
// After cancellation every write fails at once with ErrOutputAbandoned;
// a write still blocked in the host keeps its goroutine until the host's
// writer returns, which the run no longer waits for.
//
// A panic in the host's writer is contained in that goroutine: the write
// returns a *WriterPanicError and the runtime is told (Runtime.writerPanicked
// ends the run with a fatal error), so a buggy writer can neither kill the
// process nor go unnoticed.
//
// Invariant: writes are sequential (the caller holds Output's or
// flushingWriter's lock), so the host's writer sees them one at a time and
// in order, as Options promises.
type hostWriter struct {
	w      io.Writer
	name   string // "Stdout" or "Stderr", for reports
	rt     *Runtime
	direct bool // w cannot block or panic (io.Discard): called in place
	buf    []byte
}

// WriterPanicError reports that a host's writer panicked.
type WriterPanicError struct {
	Stream string
	Value  any
}

func (e *WriterPanicError) Error() string {
	return fmt.Sprintf("the host's %s writer panicked: %v", e.Stream, e.Value)
}

type writeResult struct {
	n   int
	err error
}

func (h *hostWriter) Write(p []byte) (int, error) {
	if h.direct {
		return h.w.Write(p)
	}
	quit := h.rt.abandoned()
	select {
	case <-quit:
		return 0, ErrOutputAbandoned
	default:
	}
	// The host's writer gets a copy: after an abandoned write it may
	// still hold it while the caller reuses p. buf is reused: writes are
	// sequential and none follows an abandoned one.
	h.buf = append(h.buf[:0], p...)
	p = h.buf
	done := make(chan writeResult, 1)
	go func() {
		var r writeResult
		defer func() {
			if v := recover(); v != nil {
				pe := &WriterPanicError{Stream: h.name, Value: v}
				r = writeResult{0, pe}
				h.rt.writerPanicked(pe)
			}
			done <- r
		}()
		r.n, r.err = h.w.Write(p)
	}()
	select {
	case r := <-done:
		return r.n, r.err
	case <-quit:
		return 0, ErrOutputAbandoned
	}
}

// outputGuard is a Runtime's side of hostWriter: the channel closed when
// the run's output is abandoned, and the first writer panic.
type outputGuard struct {
	once     sync.Once
	quit     chan struct{}
	mu       sync.Mutex
	panicErr *WriterPanicError
}

// abandoned returns the channel closed when the run's output is abandoned.
func (rt *Runtime) abandoned() <-chan struct{} { return rt.out.quit }

// abandonOutput makes every write of the run's output fail at once from
// now on (the run was cancelled: nobody waits for its output any more).
func (rt *Runtime) abandonOutput() {
	rt.out.once.Do(func() { close(rt.out.quit) })
}

// writerPanicked records a host writer's panic and ends the run with a
// fatal error reporting it.
func (rt *Runtime) writerPanicked(pe *WriterPanicError) {
	rt.out.mu.Lock()
	first := rt.out.panicErr == nil
	if first {
		rt.out.panicErr = pe
	}
	rt.out.mu.Unlock()
	if s := rt.rs.s.Load(); first && s != nil {
		s.Shutdown(&FatalError{Msg: pe.Error()})
	}
}

// writerPanic returns the first host writer panic of the run, if any, as
// the fatal error that reports it.
func (rt *Runtime) writerPanic() error {
	rt.out.mu.Lock()
	defer rt.out.mu.Unlock()
	if rt.out.panicErr == nil {
		return nil
	}
	return &FatalError{Msg: rt.out.panicErr.Error()}
}

// guardHost wraps a host's writer (see hostWriter).
func (rt *Runtime) guardHost(w io.Writer, name string) io.Writer {
	return &hostWriter{w: w, name: name, rt: rt, direct: w == io.Discard}
}
