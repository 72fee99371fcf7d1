package goro

import (
	"errors"
	"io"

	"github.com/goro-lang/goro/internal/trace"
	"github.com/goro-lang/goro/vm"
)

// Profile asks for profiles and an execution trace of a run
// (Options.Profile). Each writer that is not nil receives its file when
// the run ends, whatever the outcome:
//
//   - CPU: a pprof CPU profile of the script's frames (function names as
//     in tracebacks, file and line; 100 samples a second per busy
//     processor; a "goroutine" label), for `go tool pprof`.
//   - Mem: a pprof profile of sampled allocations by script call site
//     (alloc_objects, alloc_space), one sample per MemRate bytes on
//     average (0: 512 KiB, as Go's runtime.MemProfileRate).
//   - Trace: the execution trace as Chrome Trace Event JSON (Perfetto and
//     chrome://tracing open it; `goro trace` draws it), gzip-compressed
//     with TraceGzip.
type Profile struct {
	CPU       io.Writer
	Mem       io.Writer
	MemRate   int
	Trace     io.Writer
	TraceGzip bool
}

// startProfile starts what p asks for on rt (before the run starts).
func startProfile(rt *vm.Runtime, p *Profile) error {
	if p == nil {
		return nil
	}
	if p.CPU != nil {
		if err := rt.StartCPUProfile(); err != nil {
			return err
		}
	}
	if p.Mem != nil {
		if err := rt.StartMemProfile(p.MemRate); err != nil {
			return err
		}
	}
	if p.Trace != nil {
		if err := rt.StartTrace(p.Trace, p.TraceGzip); err != nil {
			return err
		}
	}
	return nil
}

// finishProfile stops what startProfile started and writes the files.
func finishProfile(rt *vm.Runtime, p *Profile) error {
	if p == nil {
		return nil
	}
	var errs []error
	if p.CPU != nil {
		errs = append(errs, writeCPU(rt, p.CPU))
	}
	if p.Mem != nil {
		if prof := rt.StopMemProfile(); prof != nil {
			errs = append(errs, prof.Write(p.Mem))
		}
	}
	if p.Trace != nil {
		errs = append(errs, writeTrace(rt))
	}
	return errors.Join(errs...)
}

func writeCPU(rt *vm.Runtime, w io.Writer) error {
	prof := rt.StopCPUProfile()
	if prof == nil {
		return errors.New("goro: no CPU profile in progress")
	}
	return prof.Write(w)
}

func writeTrace(rt *vm.Runtime) error { return rt.StopTrace() }

// StartCPUProfile starts a CPU profile of the session's script code (all
// its goroutines); StopCPUProfile writes it to w in pprof format.
func (s *Session) StartCPUProfile() error { return s.vs.Runtime().StartCPUProfile() }

// StopCPUProfile stops the profile StartCPUProfile started and writes it.
func (s *Session) StopCPUProfile(w io.Writer) error { return writeCPU(s.vs.Runtime(), w) }

// StartTrace starts an execution trace of the session, written to w as
// Chrome Trace Event JSON (gzip-compressed with gz); StopTrace finishes it.
func (s *Session) StartTrace(w io.Writer, gz bool) error { return s.vs.Runtime().StartTrace(w, gz) }

// StopTrace stops the trace StartTrace started and finishes its file.
func (s *Session) StopTrace() error { return writeTrace(s.vs.Runtime()) }

// StartCPUProfile starts a CPU profile of the live runtime's script code;
// StopCPUProfile writes it to w in pprof format.
func (r *Runtime) StartCPUProfile() error { return r.vm.StartCPUProfile() }

// StopCPUProfile stops the profile StartCPUProfile started and writes it.
func (r *Runtime) StopCPUProfile(w io.Writer) error { return writeCPU(r.vm, w) }

// StartTrace starts an execution trace of the live runtime, written to w
// as Chrome Trace Event JSON (gzip-compressed with gz); StopTrace
// finishes it.
func (r *Runtime) StartTrace(w io.Writer, gz bool) error { return r.vm.StartTrace(w, gz) }

// StopTrace stops the trace StartTrace started and finishes its file.
func (r *Runtime) StopTrace() error { return writeTrace(r.vm) }

// WriteTraceHTML writes the self-contained HTML timeline (what `goro
// trace` writes) of the trace file read from r; title names it.
func WriteTraceHTML(w io.Writer, r io.Reader, title string) error {
	b, err := trace.Read(r)
	if err != nil {
		return err
	}
	return trace.WriteHTML(w, b, title)
}
