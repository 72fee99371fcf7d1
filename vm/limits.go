package vm

import (
	"fmt"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/goro-lang/goro/sched"
)

// Limits are a run's resource limits, set by the host; the script cannot
// raise them (docs/sandbox.md). Zero means no limit.
type Limits struct {
	// MaxMemory bounds the bytes the run holds live: strings, lists,
	// maps, channels' buffers, closures, goroutine stacks. Past it the run
	// ends with "fatal error: out of memory: the run holds more than N".
	// It also bounds one allocation: a request larger than the whole
	// limit is a script panic ("makechan: size out of range").
	MaxMemory int64
	// MaxSteps bounds the run's steps: backward jumps and calls, the
	// points where a goroutine can be preempted (each loop iteration, each
	// call). Past it the run ends with "fatal error: step limit exceeded".
	MaxSteps int64
	// MaxGoroutines bounds the goroutines alive at once; a go statement
	// past it panics ("too many goroutines").
	MaxGoroutines int
}

// fuelChunk is how many steps a thread runs between two visits of its
// slow path (refuel): the preemption request, the step budget and the
// memory pacer are looked at there, so the interpreter's hot path pays one
// decrement and one branch per step whether limits are set or not. A
// preemption request waits at most fuelChunk steps (microseconds).
const fuelChunk = 1024

// tick is the interpreter's safe-point check (backward jumps and calls):
// true when the thread must stop (a preemption request, a limit reached).
func (t *Thread) tick() bool {
	t.fuel--
	return t.fuel < 0 && t.refuel()
}

// refuel is tick's slow path, every fuelChunk steps and whenever the
// preemption word is set (then fuel stays at 0, so every safe point until
// the thread has stopped sees the request again).
//
//go:noinline
func (t *Thread) refuel() bool {
	if t.preempt.Load() != 0 {
		t.fuel = 0
		return true
	}
	t.fuel = fuelChunk
	rt := t.rt
	if lim := rt.opts.Limits.MaxSteps; lim > 0 {
		if rt.steps.Add(fuelChunk) > lim {
			rt.limitExceeded(&FatalError{Msg: fmt.Sprintf("step limit exceeded: the run took more than %d steps", lim), Limit: "steps"})
			t.fuel = 0
			return true
		}
	}
	if rt.mem.limit > 0 {
		t.memTicks++
		if t.memTicks&15 == 0 {
			rt.mem.samplePacer(t)
		}
		if t.preempt.Load() != 0 {
			t.fuel = 0
			return true
		}
	}
	return false
}

// limitExceeded ends the run with a limit's fatal error.
func (rt *Runtime) limitExceeded(e *FatalError) {
	if s := rt.rs.s.Load(); s != nil {
		s.Shutdown(e)
	}
}

// memState is a run's memory limit: a pacer over allocation and the last
// measure of what the run holds.
//
// Counting every allocation exactly would put the run's identity on every
// allocating path (most have no thread at hand). Instead two cheap signals
// trigger a measurement: the bytes the VM reserves at the sites whose
// size the script controls (strings built by concatenation, list and map
// growth, channel buffers, goroutine stacks: Thread.Reserve), and the
// process's own allocation counter (runtime/metrics), sampled every 16K
// steps, which catches everything else. When either has grown by more
// than the gap since the last measurement, the run's world is stopped and
// what its roots reach is counted (measureLive): the globals, every
// goroutine's stack, deferred calls and panics, and everything those
// reach through lists, maps, closures, channels and errors.
//
// The gap is the pacer, as Go's GC pacer sets the next cycle from the
// live heap: after a measurement of live bytes, the run cannot hold more
// than its limit before it has allocated limit-live more, so the next
// measurement waits for that (never less than limit/8, which bounds the
// cost near the limit and the overshoot: a run is stopped within an
// eighth of its limit past it). So a run that holds little is measured
// about once per limit allocated, however much it churns, and never
// stopped; a measurement costs in proportion to what is live, so the
// amortized cost per allocated byte is live/(limit-live): small unless
// the run holds most of its limit.
type memState struct {
	limit int64

	reserved atomic.Int64 // bytes reserved since the last measurement
	mu       sync.Mutex   // one measurement at a time
	procBase atomic.Uint64
	live     atomic.Int64 // the last measurement
	gap      atomic.Int64 // the allocation that triggers the next measurement (pacer)

	seen  map[unsafe.Pointer]struct{} // measureLive's visited set of large leaves, reused (under mu)
	epoch uint8                       // the mark of the last measurement (under mu; never 0)

	sampleMu sync.Mutex // guards sample
	sample   [1]metrics.Sample
}

// allocMetric is the process's cumulative heap allocation (bytes).
const allocMetric = "/gc/heap/allocs:bytes"

// processAllocs reads the counter (into the run's one sample, so that
// sampling every 16K steps allocates nothing).
func (m *memState) processAllocs() uint64 {
	m.sampleMu.Lock()
	defer m.sampleMu.Unlock()
	s := &m.sample
	s[0].Name = allocMetric
	metrics.Read(s[:])
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}

// setGap sets the pacer from a measurement of live bytes.
func (m *memState) setGap(live int64) {
	m.gap.Store(max(m.limit-live, m.limit/8))
}

// samplePacer measures when the process allocated more than the gap
// since the last measurement.
func (m *memState) samplePacer(t *Thread) {
	if int64(m.processAllocs()-m.procBase.Load()) > m.gap.Load() {
		t.measure()
	}
}

// Reserve accounts n bytes the thread is about to allocate for the script
// (a string, a list's or map's storage, a channel's buffer, a stack) and
// returns the script panic for an allocation no limit allows (more than
// the whole memory limit, or more than maxAlloc with no limit): what
// names the operation, as Go's messages do ("makechan: size out of
// range"). With no limit set it costs a compare.
func (t *Thread) Reserve(n int64, what string) error {
	m := &t.rt.mem
	if m.limit == 0 {
		if n > maxAlloc || n < 0 {
			return PlainErrorf("%s", what)
		}
		return nil
	}
	if n > m.limit || n < 0 {
		return PlainErrorf("%s", what)
	}
	if m.reserved.Add(n) > m.gap.Load() {
		t.measure()
	}
	return nil
}

// maxAlloc bounds one allocation when no memory limit is set (1 TB: the
// address space Go's heap can have): larger requests, which Go would
// answer with a fatal out-of-memory crash of the whole process, are script
// panics.
const maxAlloc = 1 << 40

// measure stops the run's world, counts what it holds and ends the run
// when that is more than its limit. Called on a thread of the run (from a
// native, or a safe point) with its registers in its stack.
func (t *Thread) measure() {
	rt := t.rt
	m := &rt.mem
	if !m.mu.TryLock() {
		return // another thread is measuring
	}
	defer m.mu.Unlock()
	if t.sched.m == nil {
		return
	}
	var live int64
	ok := t.sched.m.WithWorldStopped(func(ctxs []any) {
		live = rt.measureLive(ctxs)
	})
	if !ok {
		return
	}
	m.reserved.Store(0)
	m.procBase.Store(m.processAllocs())
	m.live.Store(live)
	m.setGap(live)
	if live > m.limit {
		rt.limitExceeded(&FatalError{Msg: "out of memory: the run holds more than " + FormatBytes(m.limit), Limit: "memory"})
	}
}

// LiveBytes is the run's memory as last measured (0 before the first
// measurement, or with no memory limit).
func (rt *Runtime) LiveBytes() int64 { return rt.mem.live.Load() }

// FormatBytes writes n as Go's docs do: "64 MiB", "1.5 GiB", "512 B".
func FormatBytes(n int64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	f, u := float64(n), 0
	for f >= 1024 && u < len(units)-1 {
		f /= 1024
		u++
	}
	if f == float64(int64(f)) {
		return fmt.Sprintf("%d %s", int64(f), units[u])
	}
	return fmt.Sprintf("%.1f %s", f, units[u])
}

// Sizes the measurement charges, approximately what Go allocates.
const (
	objBytes    = 32  // a small object's header and fields
	threadBytes = 512 // a goroutine's Thread and G, besides its stack
)

// measureLive counts the bytes reachable from the run's roots. The world
// is stopped: nothing of the run is mutated meanwhile.
func (rt *Runtime) measureLive(ctxs []any) int64 {
	m := &rt.mem
	if m.seen == nil {
		m.seen = map[unsafe.Pointer]struct{}{}
	}
	m.epoch++
	if m.epoch == 0 {
		m.epoch = 1
	}
	w := walker{seen: m.seen, epoch: m.epoch}
	defer clear(m.seen)
	rt.mu.Lock()
	for _, mod := range rt.modules {
		for _, c := range mod.cells {
			w.value(c.V)
		}
	}
	rt.mu.Unlock()
	for _, c := range ctxs {
		t, ok := c.(*Thread)
		if !ok {
			continue
		}
		w.n += threadBytes + int64(cap(t.stack))*16 + int64(cap(t.frames))*frameBytes
		for _, v := range t.stack {
			w.value(v)
		}
		for i := range t.frames {
			if cl := t.frames[i].cl; cl != nil {
				w.value(cl.Value())
			}
		}
		for _, d := range t.defers {
			w.value(d.fn)
			for _, a := range d.args {
				w.value(a)
			}
		}
		for p := t.panics; p != nil; p = p.link {
			w.value(p.value)
		}
		w.value(t.ret2)
		w.value(t.ret3)
	}
	w.drain()
	return w.n
}

// walker counts objects once each, iteratively (an explicit stack: a
// long linked list must not recurse). Containers are marked with the
// measurement's epoch in their header (hdr.mark), which costs a store
// rather than a map entry per object: a run holding 100M objects is
// measured without a 100M-entry map. Leaves are not marked (they may be
// shared by runs): a large one (a string or error of 256 bytes or more,
// which a list may hold many times) is counted once through seen; a
// small one is counted at each reference, an overestimate of at most
// its size per reference. An epoch repeats every 255 measurements; a
// container skipped because an old mark matched is one no measurement
// reached in between, which a run cannot reach again.
type walker struct {
	seen  map[unsafe.Pointer]struct{}
	epoch uint8
	stack []Value
	n     int64
}

// largeLeaf is the size from which a leaf is counted once (seen) rather
// than at each reference.
const largeLeaf = 256

func (w *walker) value(v Value) {
	w.push(v)
	if len(w.stack) > 1024 {
		w.drain()
	}
}

func (w *walker) drain() {
	for len(w.stack) > 0 {
		v := w.stack[len(w.stack)-1]
		w.stack = w.stack[:len(w.stack)-1]
		h := (*hdr)(v.p)
		switch {
		case h.kind == KindList || h.kind == KindMap || h.kind == kindCell || h.kind == KindChan ||
			h.kind == KindFunc && h.funcKind == funcClosure:
			if h.mark == w.epoch {
				continue
			}
			h.mark = w.epoch
		case h.kind == KindString && len((*strObj)(v.p).s) >= largeLeaf,
			h.kind == KindError && len((*ErrorObj)(v.p).msg) >= largeLeaf:
			if _, dup := w.seen[v.p]; dup {
				continue
			}
			w.seen[v.p] = struct{}{}
		}
		w.object(v)
	}
}

func (w *walker) push(v Value) {
	if v.p == nil || v.p == tagInt || v.p == tagFloat || v.p == tagBool {
		return
	}
	// A small leaf is counted here, not pushed: a list of 10M strings
	// must not make a 10M-entry stack.
	switch h := (*hdr)(v.p); h.kind {
	case KindString:
		if n := len((*strObj)(v.p).s); n < largeLeaf {
			w.n += objBytes + int64(n)
			return
		}
	case KindList, KindMap, kindCell, KindChan:
	case KindFunc:
		if h.funcKind != funcClosure {
			w.n += objBytes
			return
		}
	case KindError:
		if n := len((*ErrorObj)(v.p).msg); n < largeLeaf {
			w.n += objBytes + int64(n)
			return
		}
	default:
		w.n += objBytes
		return
	}
	w.stack = append(w.stack, Value{p: v.p})
}

func (w *walker) object(v Value) {
	switch (*hdr)(v.p).kind {
	case KindString:
		w.n += objBytes + int64(len((*strObj)(v.p).s))
	case KindList:
		l := (*List)(v.p)
		if l.mode == modeAny {
			w.n += objBytes + int64(l.c)*16
			for _, x := range l.values() {
				w.push(x)
			}
		} else {
			w.n += objBytes + int64(l.c)<<l.mode.shift()
		}
	case KindMap:
		mp := (*Map)(v.p)
		w.n += objBytes + int64(cap(mp.entries))*int64(unsafe.Sizeof(mapEntry{})) + int64(cap(mp.index))*4
		for i := range mp.entries {
			if e := &mp.entries[i]; e.live {
				w.push(e.key)
				w.push(e.val)
			}
		}
	case KindFunc:
		if (*hdr)(v.p).funcKind == funcClosure {
			c := (*Closure)(v.p)
			w.n += objBytes + int64(cap(c.cells))*8
			for _, cell := range c.cells {
				if cell != nil {
					w.push(cell.value())
				}
			}
		} else {
			w.n += objBytes
		}
	case kindCell:
		w.n += objBytes
		w.push((*Cell)(v.p).V)
	case KindChan:
		c := (*ChanObj)(v.p)
		w.n += objBytes + 128
		if c.c != nil {
			slots := c.c.Slots()
			w.n += int64(cap(slots)) * 16
			for _, x := range slots {
				w.push(x)
			}
		}
	case KindError:
		w.n += objBytes + int64(len((*ErrorObj)(v.p).msg))
	default:
		w.n += objBytes
	}
}

// goroutineLimit returns the panic of a go statement past the run's
// goroutine limit, or nil.
func (t *Thread) goroutineLimit(s *sched.Sched) error {
	if lim := t.rt.opts.Limits.MaxGoroutines; lim > 0 && s.NumGoroutine() >= lim {
		return Errorf("too many goroutines: the run may have at most %d", lim)
	}
	return nil
}

// reserveConcat reserves the bytes of a string concatenation a + b (the
// slow path of OpAdd): a doubling loop must meet the limit before its
// string does.
func (t *Thread) reserveConcat(a, b *Value) error {
	if a.Kind() != KindString || b.Kind() != KindString {
		return nil
	}
	n := int64(len(a.AsStr())) + int64(len(b.AsStr()))
	if n < 1<<16 {
		return nil
	}
	return t.Reserve(n, "string concatenation: length out of range")
}
