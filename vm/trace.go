package vm

import (
	"errors"
	"io"
	"strconv"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/goro-lang/goro/internal/trace"
	"github.com/goro-lang/goro/sched"
)

// The execution trace (goro run -trace): the scheduler records the events
// (sched/trace.go); the VM names the goroutines' stacks. A stack is named
// when a goroutine stops (parks, yields, enters a syscall) or creates
// another: the frames are interned into a table and the event carries the
// id. A thread remembers the last stack it interned, so a goroutine that
// blocks again and again at the same place (a ping-pong) pays one compare
// per frame instead of a table look-up.

// traceState is a Runtime's trace binding.
type traceState struct {
	mu      sync.Mutex
	pending bool          // a trace is on (on the scheduler, or to start when it exists)
	w       *trace.Writer // where it goes
	gen     atomic.Uint32 // +1 per trace, so threads' caches of an older one miss

	smu    sync.Mutex // guards the table; taken only on a thread's cache miss
	stacks map[string]uint64
	list   [][]traceFrame
}

// traceFrame is one frame of an interned stack.
type traceFrame struct {
	fn *Proto
	pc int32
}

// threadTrace is a thread's cache of its last interned stack.
type threadTrace struct {
	gen    uint32
	id     uint64
	frames []traceFrame
}

// StartTrace starts recording an execution trace of the run into w, as
// Chrome Trace Event JSON (gzip-compressed with gz); it may be called
// before the program runs. Only one trace runs at a time. StopTrace
// finishes the file.
func (rt *Runtime) StartTrace(w io.Writer, gz bool) error {
	o := &rt.obs
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.pending {
		return errors.New("trace already in progress")
	}
	o.gen.Add(1)
	o.smu.Lock()
	o.stacks, o.list = map[string]uint64{}, nil
	o.smu.Unlock()
	o.w = trace.NewWriter(w, gz)
	if s := rt.rs.s.Load(); s != nil {
		if err := s.StartTrace(rt.traceStack, o.w.Events); err != nil {
			return err
		}
	}
	o.pending = true
	return nil
}

// startPendingTrace starts the trace asked for before s existed.
func (rt *Runtime) startPendingTrace(s *sched.Sched) {
	rt.obs.mu.Lock()
	defer rt.obs.mu.Unlock()
	if rt.obs.pending && !s.Tracing() {
		s.StartTrace(rt.traceStack, rt.obs.w.Events)
	}
}

// newSched makes the run's scheduler and starts a trace asked for already.
func (rt *Runtime) newSched(cfg sched.Config) *sched.Sched {
	s := sched.New(cfg)
	rt.rs.s.Store(s)
	rt.startPendingTrace(s)
	return s
}

// StopTrace stops the trace and finishes its file.
func (rt *Runtime) StopTrace() error {
	o := &rt.obs
	o.mu.Lock()
	defer o.mu.Unlock()
	if !o.pending {
		return errors.New("no trace in progress")
	}
	o.pending = false
	var info sched.TraceInfo
	if s := rt.rs.s.Load(); s != nil {
		info, _ = s.StopTrace()
	}
	stacks := map[uint64][]trace.Frame{}
	o.smu.Lock()
	for i, st := range o.list {
		fr := make([]trace.Frame, len(st))
		for j, f := range st {
			pos := f.fn.PosAt(int(f.pc))
			fr[j] = trace.Frame{Func: f.fn.QualifiedName(), File: f.fn.File, Line: int(pos.Line), Col: int(pos.Col)}
		}
		stacks[uint64(i+1)] = fr
	}
	o.smu.Unlock()
	w := o.w
	o.w = nil
	return w.Close(info, stacks)
}

// traceStack is the scheduler's stack callback: the id of g's frames
// (innermost first). g is not running; its frames are stable.
func (rt *Runtime) traceStack(g *sched.G) uint64 {
	t, ok := g.Ctx.(*Thread)
	if !ok {
		return 0
	}
	o := &rt.obs
	c := &t.ttrace
	gen := o.genNow()
	if c.gen == gen && c.id != 0 && t.sameStack(c.frames) {
		return c.id
	}
	c.frames = c.frames[:0]
	for i := len(t.frames) - 1; i >= 0 && len(c.frames) < maxProfDepth; i-- {
		f := &t.frames[i]
		if f.flags&flagTrampoline != 0 {
			continue
		}
		c.frames = append(c.frames, traceFrame{fn: f.cl.fn.proto, pc: int32(f.curPC())})
	}
	key := make([]byte, 0, len(c.frames)*16)
	for _, f := range c.frames {
		key = strconv.AppendUint(key, uint64(uintptrOf(f.fn)), 36)
		key = append(key, ':')
		key = strconv.AppendInt(key, int64(f.pc), 36)
		key = append(key, ',')
	}
	o.smu.Lock()
	id, ok := o.stacks[string(key)]
	if !ok && o.stacks != nil {
		o.list = append(o.list, append([]traceFrame(nil), c.frames...))
		id = uint64(len(o.list))
		o.stacks[string(key)] = id
	}
	o.smu.Unlock()
	c.gen, c.id = gen, id
	return id
}

// genNow is the current trace generation (a thread's cache from an older
// trace names ids of an older table).
func (o *traceState) genNow() uint32 { return o.gen.Load() }

func uintptrOf(p *Proto) uintptr { return uintptr(unsafe.Pointer(p)) }

// sameStack reports whether t's frames are still fs.
func (t *Thread) sameStack(fs []traceFrame) bool {
	k := 0
	for i := len(t.frames) - 1; i >= 0; i-- {
		f := &t.frames[i]
		if f.flags&flagTrampoline != 0 {
			continue
		}
		if k >= len(fs) {
			return len(fs) == maxProfDepth
		}
		if fs[k].fn != f.cl.fn.proto || fs[k].pc != int32(f.curPC()) {
			return false
		}
		k++
	}
	return k == len(fs)
}
