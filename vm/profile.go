package vm

import (
	"errors"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/pprof/profile"

	"github.com/goro-lang/goro/sched"
)

// The script profilers: a CPU profile of script frames (what Go's pprof
// CPU profile is for Go code) and an allocation profile by script call
// site. Both write pprof profiles with github.com/google/pprof/profile.
//
// CPU sampling without signals. Go's profiler interrupts a busy thread
// with SIGPROF and walks its stack from the signal handler; a Go program
// cannot do that to its own goroutines, and reading another thread's
// frames while it runs would race. Instead a sampler goroutine wakes 100
// times a second and, for every P that runs a goroutine, counts a pending
// tick on that goroutine's Thread and sets profBit in its preempt word.
// The interpreter already polls that word at every backward jump and call
// (the preemption check), so the running thread itself sees the request
// within a few instructions and records its own frames, race-free, then
// carries on without giving up its P. With the profiler off nothing of
// this runs: the poll the interpreter does anyway is the whole cost.
// A tick that arrives while a native runs is seen when it returns (the
// native is then the leaf frame); several ticks during one long native
// all count (profPending).

// profBit in a thread's preempt word asks for a profile sample, not a stop.
const profBit = 2

// profPeriod is the CPU sampling period: 100 Hz, as Go's.
const profPeriod = 10 * time.Millisecond

// maxProfDepth bounds the frames of one sample (the innermost are kept).
const maxProfDepth = 128

// DefaultMemProfileRate is the average number of bytes allocated between
// two allocation samples (Go's runtime.MemProfileRate).
const DefaultMemProfileRate = 512 * 1024

// profLoc is one location: a script function and line, or a native.
type profLoc struct {
	fn   *Proto
	nat  string // native name when fn is nil
	line int32
}

// profTable accumulates samples keyed by their stack of location ids and
// goroutine.
type profTable struct {
	locs    map[profLoc]uint64
	locList []profLoc
	samples map[string]*profSample
	order   []*profSample
}

type profSample struct {
	locs []uint64
	g    int64
	v    [2]int64
}

func newProfTable() profTable {
	return profTable{locs: map[profLoc]uint64{}, samples: map[string]*profSample{}}
}

func (pt *profTable) locID(l profLoc) uint64 {
	if id, ok := pt.locs[l]; ok {
		return id
	}
	pt.locList = append(pt.locList, l)
	id := uint64(len(pt.locList))
	pt.locs[l] = id
	return id
}

// add records a sample of t's frames (with a native as the leaf when nat
// is not empty), adding v to its values.
func (pt *profTable) add(t *Thread, nat string, g int64, v0, v1 int64) {
	var ids [maxProfDepth]uint64
	n := 0
	if nat != "" {
		ids[n] = pt.locID(profLoc{nat: nat})
		n++
	}
	for i := len(t.frames) - 1; i >= 0 && n < maxProfDepth; i-- {
		f := &t.frames[i]
		if f.flags&flagTrampoline != 0 {
			continue
		}
		p := f.cl.fn.proto
		ids[n] = pt.locID(profLoc{fn: p, line: p.PosAt(f.curPC()).Line})
		n++
	}
	key := make([]byte, 0, n*4+8)
	for _, id := range ids[:n] {
		key = strconv.AppendUint(key, id, 36)
		key = append(key, ',')
	}
	key = strconv.AppendInt(key, g, 36)
	s := pt.samples[string(key)]
	if s == nil {
		s = &profSample{locs: append([]uint64(nil), ids[:n]...), g: g}
		pt.samples[string(key)] = s
		pt.order = append(pt.order, s)
	}
	s.v[0] += v0
	s.v[1] += v1
}

// build makes the pprof profile of the table. scale, if not nil, maps a
// sample's values to the values written.
func (pt *profTable) build(p *profile.Profile, scale func(v [2]int64) []int64) {
	p.Mapping = []*profile.Mapping{{ID: 1, File: "[goro]", HasFunctions: true, HasFilenames: true, HasLineNumbers: true}}
	funcs := map[any]*profile.Function{}
	names := map[string]int{}
	locs := make([]*profile.Location, len(pt.locList))
	for i, l := range pt.locList {
		var key any
		var name, file string
		var start int64
		if l.fn != nil {
			key = l.fn
			name, file, start = l.fn.QualifiedName(), absPath(l.fn.File), int64(l.fn.Pos.Line)
		} else {
			key, name, file = l.nat, l.nat, "<native>"
		}
		fn := funcs[key]
		if fn == nil {
			// Two functions with one name (two files of one module)
			// must stay apart, or pprof merges them.
			shown := name
			if k := names[name]; k > 0 {
				shown = name + "." + strconv.Itoa(k)
			}
			names[name]++
			fn = &profile.Function{ID: uint64(len(p.Function) + 1), Name: shown, SystemName: name, Filename: file, StartLine: start}
			p.Function = append(p.Function, fn)
			funcs[key] = fn
		}
		locs[i] = &profile.Location{ID: uint64(i + 1), Mapping: p.Mapping[0], Address: uint64(i + 1), Line: []profile.Line{{Function: fn, Line: int64(l.line)}}}
	}
	p.Location = locs
	for _, s := range pt.order {
		ls := make([]*profile.Location, len(s.locs))
		for i, id := range s.locs {
			ls[i] = locs[id-1]
		}
		vals := []int64{s.v[0], s.v[1]}
		if scale != nil {
			vals = scale(s.v)
		}
		p.Sample = append(p.Sample, &profile.Sample{Location: ls, Value: vals, Label: map[string][]string{"goroutine": {strconv.FormatInt(s.g, 10)}}})
	}
}

func absPath(file string) string {
	if file == "" || filepath.IsAbs(file) {
		return file
	}
	if a, err := filepath.Abs(file); err == nil {
		return a
	}
	return file
}

// cpuProfiler is a CPU profile in progress.
type cpuProfiler struct {
	rt    *Runtime
	start time.Time
	stop  chan struct{}
	done  chan struct{}

	mu sync.Mutex
	pt profTable
}

// memProfiler is an allocation profile in progress.
type memProfiler struct {
	rate  int64
	start time.Time
	mu    sync.Mutex
	pt    profTable
}

// profState is a Runtime's profilers.
type profState struct {
	mu  sync.Mutex // serializes Start/Stop
	cpu atomic.Pointer[cpuProfiler]
	mem atomic.Pointer[memProfiler]
}

// StartCPUProfile starts sampling the script's frames at 100 Hz per busy
// P. It may be called before the program runs. Only one CPU profile runs
// at a time per runtime.
func (rt *Runtime) StartCPUProfile() error {
	rt.prof.mu.Lock()
	defer rt.prof.mu.Unlock()
	if rt.prof.cpu.Load() != nil {
		return errors.New("cpu profiling already in use")
	}
	cp := &cpuProfiler{rt: rt, start: time.Now(), stop: make(chan struct{}), done: make(chan struct{}), pt: newProfTable()}
	rt.prof.cpu.Store(cp)
	go cp.loop()
	return nil
}

// StopCPUProfile stops the CPU profile and returns it (nil if none ran).
func (rt *Runtime) StopCPUProfile() *profile.Profile {
	rt.prof.mu.Lock()
	defer rt.prof.mu.Unlock()
	cp := rt.prof.cpu.Load()
	if cp == nil {
		return nil
	}
	close(cp.stop)
	<-cp.done
	rt.prof.cpu.Store(nil)
	now := time.Now()
	p := &profile.Profile{
		SampleType:    []*profile.ValueType{{Type: "samples", Unit: "count"}, {Type: "cpu", Unit: "nanoseconds"}},
		PeriodType:    &profile.ValueType{Type: "cpu", Unit: "nanoseconds"},
		Period:        int64(profPeriod),
		TimeNanos:     cp.start.UnixNano(),
		DurationNanos: int64(now.Sub(cp.start)),
	}
	cp.mu.Lock()
	cp.pt.build(p, nil)
	cp.mu.Unlock()
	return p
}

// loop is the sampler: every period, one pending tick for the goroutine
// on each busy P.
func (cp *cpuProfiler) loop() {
	defer close(cp.done)
	tick := time.NewTicker(profPeriod)
	defer tick.Stop()
	last := time.Now()
	for {
		select {
		case <-cp.stop:
			return
		case <-tick.C:
		}
		// A busy host may run this goroutine late, and a Ticker drops
		// the ticks it could not deliver: count the periods that passed,
		// so that a late tick stands for all of them (at most a second's
		// worth, so that a stopped process does not look busy).
		now := time.Now()
		n := uint32(min(max(now.Sub(last)/profPeriod, 1), 100))
		last = last.Add(time.Duration(n) * profPeriod)
		if now.Sub(last) > profPeriod {
			last = now
		}
		s := cp.rt.rs.s.Load()
		if s == nil {
			continue
		}
		s.ForEachRunning(func(g *sched.G) {
			if t, ok := g.Ctx.(*Thread); ok {
				t.profPending.Add(n)
				g.Preempt.Or(profBit)
			}
		})
	}
}

// profSample takes the samples pending on t (nat: the native that just
// returned, or ""). It reports whether the profiler was the only one
// asking the thread to stop, so that it may run on. The pending count, not
// profBit, says a sample is due: sysmon's preemption stores 1 over the
// word and may erase the bit.
func (t *Thread) profSample(nat string) (runOn bool) {
	old := t.preempt.And(^uint32(profBit))
	if n := int64(t.profPending.Swap(0)); n > 0 {
		if cp := t.rt.prof.cpu.Load(); cp != nil {
			cp.mu.Lock()
			cp.pt.add(t, nat, t.id, n, n*int64(profPeriod))
			cp.mu.Unlock()
		}
	}
	return old == profBit
}

// StartMemProfile starts sampling allocations: on average one sample per
// rate bytes allocated (0: DefaultMemProfileRate), attributed to the
// script call site that allocated.
func (rt *Runtime) StartMemProfile(rate int) error {
	rt.prof.mu.Lock()
	defer rt.prof.mu.Unlock()
	if rt.prof.mem.Load() != nil {
		return errors.New("memory profiling already in use")
	}
	if rate <= 0 {
		rate = DefaultMemProfileRate
	}
	rt.prof.mem.Store(&memProfiler{rate: int64(rate), start: time.Now(), pt: newProfTable()})
	return nil
}

// StopMemProfile stops the allocation profile and returns it (nil if none
// ran). Its values are Go's alloc_objects and alloc_space, scaled from the
// samples as Go scales its heap profile.
func (rt *Runtime) StopMemProfile() *profile.Profile {
	rt.prof.mu.Lock()
	defer rt.prof.mu.Unlock()
	mp := rt.prof.mem.Load()
	if mp == nil {
		return nil
	}
	rt.prof.mem.Store(nil)
	p := &profile.Profile{
		SampleType:        []*profile.ValueType{{Type: "alloc_objects", Unit: "count"}, {Type: "alloc_space", Unit: "bytes"}},
		PeriodType:        &profile.ValueType{Type: "space", Unit: "bytes"},
		Period:            mp.rate,
		TimeNanos:         mp.start.UnixNano(),
		DurationNanos:     int64(time.Since(mp.start)),
		DefaultSampleType: "alloc_space",
	}
	rate := float64(mp.rate)
	mp.mu.Lock()
	mp.pt.build(p, func(v [2]int64) []int64 {
		// pprof's scaleHeapSample: a sample of average size s stands
		// for 1/(1-exp(-s/rate)) allocations.
		count, size := v[0], v[1]
		if count == 0 || size == 0 {
			return []int64{0, 0}
		}
		avg := float64(size) / float64(count)
		scale := 1 / (1 - math.Exp(-avg/rate))
		return []int64{int64(float64(count) * scale), int64(float64(size) * scale)}
	})
	mp.mu.Unlock()
	return p
}

// noteAlloc counts an allocation of about size bytes made by the running
// instruction (or by the native nat). With no allocation profile it is a
// load and a branch.
func (t *Thread) noteAlloc(size int, nat string) {
	mp := t.rt.prof.mem.Load()
	if mp == nil || size <= 0 {
		return
	}
	t.memNext -= int64(size)
	if t.memNext > 0 {
		return
	}
	if t.memNext != math.MinInt64 && t.memRate == mp.rate {
		mp.mu.Lock()
		mp.pt.add(t, nat, t.id, 1, int64(size))
		mp.mu.Unlock()
	}
	// The next sample point: exponentially distributed with mean rate,
	// as Go's nextSample, so periodic allocation patterns do not alias.
	t.memRate = mp.rate
	t.memNext = int64(rand.ExpFloat64()*float64(mp.rate)) + 1
}

// allocSize estimates the bytes a freshly made value holds (for the
// allocation profile): its header and its elements.
func allocSize(v Value) int {
	switch v.Kind() {
	case KindString:
		return 16 + len(v.AsStr())
	case KindList:
		l := v.List()
		if l.mode == modeAny {
			return 64 + 16*l.c
		}
		return 64 + l.c<<l.mode.shift()
	case KindMap:
		return 96 + 48*v.Map().live
	case KindFunc:
		if c := v.Closure(); c != nil {
			return 32 + 8*len(c.cells)
		}
	}
	return 0 // not a heap object (nil, bool, numbers) or not new
}

// allocated and allocatedValue count an allocation for the allocation
// profile; small enough to inline, so that with the profile off they cost
// a load and a branch at the allocating instructions.
func (t *Thread) allocated(size int) {
	if t.rt.prof.mem.Load() != nil {
		t.noteAlloc(size, "")
	}
}

func (t *Thread) allocatedValue(v Value) {
	if t.rt.prof.mem.Load() != nil {
		t.noteAlloc(allocSize(v), "")
	}
}

// StackStats is what runtime.ReadMemStats reports of the goroutines'
// stacks: Gs counted, the bytes of stack their frames use (StackInuse) and
// the bytes their stacks hold (StackSys), frames included.
type StackStats struct {
	Goroutines           int
	StackInuse, StackSys int64
}

// ReadStackStats measures every goroutine's stack with the world stopped
// (t is the calling goroutine). When the world cannot be stopped (a
// goroutine ignored the request, or the program is shutting down) it
// reports t's stack only, and ok is false.
func (t *Thread) ReadStackStats() (st StackStats, ok bool) {
	m := t.sched.m
	add := func(th *Thread) {
		st.Goroutines++
		st.StackInuse += th.stackBytes(th.frameEnd(), len(th.frames))
		st.StackSys += th.stackBytes(len(th.stack), cap(th.frames))
	}
	if m == nil {
		add(t)
		return st, true
	}
	ok = m.WithWorldStopped(func(ctxs []any) {
		for _, c := range ctxs {
			if th, is := c.(*Thread); is && (th == t || len(th.frames) > 0) {
				add(th)
			}
		}
	})
	if !ok {
		st = StackStats{}
		add(t)
	}
	return st, ok
}

// MaxStack is the maximum stack size of one goroutine, in bytes.
func (rt *Runtime) MaxStack() int64 { return rt.maxStack.Load() }
