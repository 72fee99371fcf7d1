// Package trace turns the scheduler's execution trace into Chrome Trace
// Event JSON (which Perfetto and chrome://tracing open) and into a
// self-contained HTML timeline (goro trace).
//
// The JSON is an object {"traceEvents": [...], "stackFrames": {...},
// "displayTimeUnit": "ns", "goro": {...}}:
//
//   - pid 0 "Ps": one track (tid) per P. Each run of a goroutine on the P
//     is an "X" event named "G<id> <function>" whose "cat" is why it
//     stopped ("chan receive", "select", "sleep", "sync.Mutex.Lock", "IO
//     wait", "syscall", "preempted", "yield", "exit", ...) and whose "sf"
//     is the stack where it stopped (in "stackFrames"). Instant events on
//     the same track mark goroutine creation ("go G5", args parent),
//     wake-ups ("unblock G5", args waker: 0 is a timer, the poller or the
//     host) and steals.
//   - pid 1 "Ms": one track per M, an "X" event "P<id>" for each span the
//     M held that P.
//   - pid 2 "Scheduler": instant events for P hand-offs and sysmon's
//     retakes, and the counters "Goroutines" (runnable) and "Threads" (in
//     syscalls).
//
// Timestamps are microseconds from the start of the trace, with
// nanosecond precision.
package trace

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/goro-lang/goro/sched"
)

// Frame is one frame of a goroutine's stack.
type Frame struct {
	Func string
	File string
	Line int
	Col  int
}

// Pids of the sections.
const (
	pidPs    = 0
	pidMs    = 1
	pidSched = 2
)

// enc writes the events: a hand-rolled encoder, since a trace holds
// millions of small events and encoding/json would allocate for each.
type enc struct {
	w     *bufio.Writer
	first bool
	buf   []byte
}

func (e *enc) begin() {
	if e.first {
		e.first = false
		e.w.WriteString("\n")
	} else {
		e.w.WriteString(",\n")
	}
}

func appendMicros(b []byte, ns int64) []byte {
	if ns < 0 {
		b = append(b, '-')
		ns = -ns
	}
	b = strconv.AppendInt(b, ns/1000, 10)
	if f := ns % 1000; f != 0 {
		d := [3]byte{byte('0' + f/100), byte('0' + f/10%10), byte('0' + f%10)}
		n := 3
		for n > 0 && d[n-1] == '0' {
			n--
		}
		b = append(b, '.')
		b = append(b, d[:n]...)
	}
	return b
}

func (e *enc) meta(pid, tid int, name, value string) {
	e.begin()
	b := e.buf[:0]
	b = append(b, `{"ph":"M","pid":`...)
	b = strconv.AppendInt(b, int64(pid), 10)
	b = append(b, `,"tid":`...)
	b = strconv.AppendInt(b, int64(tid), 10)
	b = append(b, `,"name":`...)
	b = strconv.AppendQuote(b, name)
	b = append(b, `,"args":{"name":`...)
	b = strconv.AppendQuote(b, value)
	b = append(b, `}}`...)
	e.w.Write(b)
	e.buf = b
}

func (e *enc) sortIndex(pid, tid, idx int) {
	e.begin()
	b := e.buf[:0]
	b = append(b, `{"ph":"M","pid":`...)
	b = strconv.AppendInt(b, int64(pid), 10)
	b = append(b, `,"tid":`...)
	b = strconv.AppendInt(b, int64(tid), 10)
	b = append(b, `,"name":"thread_sort_index","args":{"sort_index":`...)
	b = strconv.AppendInt(b, int64(idx), 10)
	b = append(b, `}}`...)
	e.w.Write(b)
	e.buf = b
}

// slice writes a goroutine's run on a P: an X event named G<g>, cat the
// reason it stopped, sf its stack there, args.woke the Gs it woke.
func (e *enc) slice(pid, tid int, start, end, g int64, cat string, sf uint64, woke []int64) {
	e.begin()
	b := e.buf[:0]
	b = append(b, `{"ph":"X","pid":`...)
	b = strconv.AppendInt(b, int64(pid), 10)
	b = append(b, `,"tid":`...)
	b = strconv.AppendInt(b, int64(tid), 10)
	b = append(b, `,"ts":`...)
	b = appendMicros(b, start)
	b = append(b, `,"dur":`...)
	b = appendMicros(b, end-start)
	b = append(b, `,"name":"G`...)
	b = strconv.AppendInt(b, g, 10)
	b = append(b, `","cat":"`...)
	b = append(b, cat...) // reasons are plain words
	b = append(b, '"')
	if sf != 0 {
		b = append(b, `,"sf":"`...)
		b = strconv.AppendUint(b, sf, 10)
		b = append(b, '"')
	}
	if len(woke) > 0 {
		b = append(b, `,"args":{"woke":[`...)
		for i, w := range woke {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendInt(b, w, 10)
		}
		b = append(b, `]}`...)
	}
	b = append(b, '}')
	e.w.Write(b)
	e.buf = b
}

// mslice writes an M's span holding P p.
func (e *enc) mslice(m int, start, end int64, p int32) {
	e.begin()
	b := e.buf[:0]
	b = append(b, `{"ph":"X","pid":1,"tid":`...)
	b = strconv.AppendInt(b, int64(m), 10)
	b = append(b, `,"ts":`...)
	b = appendMicros(b, start)
	b = append(b, `,"dur":`...)
	b = appendMicros(b, end-start)
	b = append(b, `,"name":"P`...)
	b = strconv.AppendInt(b, int64(p), 10)
	b = append(b, `"}`...)
	e.w.Write(b)
	e.buf = b
}

// instant writes an "i" event (thread scope) named name+num, with integer
// args.
func (e *enc) instant(pid, tid int, ts int64, name string, num int64, sf uint64, args ...any) {
	e.begin()
	b := e.buf[:0]
	b = append(b, `{"ph":"i","s":"t","pid":`...)
	b = strconv.AppendInt(b, int64(pid), 10)
	b = append(b, `,"tid":`...)
	b = strconv.AppendInt(b, int64(tid), 10)
	b = append(b, `,"ts":`...)
	b = appendMicros(b, ts)
	b = append(b, `,"name":"`...)
	b = append(b, name...)
	b = strconv.AppendInt(b, num, 10)
	b = append(b, '"')
	if sf != 0 {
		b = append(b, `,"sf":"`...)
		b = strconv.AppendUint(b, sf, 10)
		b = append(b, '"')
	}
	if len(args) > 0 {
		b = append(b, `,"args":{`...)
		for i := 0; i+1 < len(args); i += 2 {
			if i > 0 {
				b = append(b, ',')
			}
			b = strconv.AppendQuote(b, args[i].(string))
			b = append(b, ':')
			switch v := args[i+1].(type) {
			case int64:
				b = strconv.AppendInt(b, v, 10)
			case string:
				b = strconv.AppendQuote(b, v)
			}
		}
		b = append(b, '}')
	}
	b = append(b, '}')
	e.w.Write(b)
	e.buf = b
}

func (e *enc) counter(ts int64, name, key string, v int64) {
	e.begin()
	b := e.buf[:0]
	b = append(b, `{"ph":"C","pid":2,"tid":0,"ts":`...)
	b = appendMicros(b, ts)
	b = append(b, `,"name":`...)
	b = strconv.AppendQuote(b, name)
	b = append(b, `,"args":{`...)
	b = strconv.AppendQuote(b, key)
	b = append(b, ':')
	b = strconv.AppendInt(b, v, 10)
	b = append(b, `}}`...)
	e.w.Write(b)
	e.buf = b
}

// pRun is the writer's state of one P's stream.
type pRun struct {
	seen    bool
	g       int64 // the G running (open: its run started at start)
	open    bool
	start   int64
	lastEnd int64
	woke    []int64 // Gs the running G made runnable during this run
	m       int32   // the M holding the P (mOpen: since mStart)
	mOpen   bool
	mStart  int64
}

// Writer encodes a trace as it is recorded: Events is the scheduler's
// TraceSink, Close finishes the file.
type Writer struct {
	e     *enc
	zw    *gzip.Writer
	ps    map[int32]*pRun
	maxM  int32
	gfunc map[int64]uint64 // G -> the stack of its function (from GoCreate)
	err   error
}

// NewWriter starts a trace file on w (gzip-compressed with gz).
func NewWriter(w io.Writer, gz bool) *Writer {
	tw := &Writer{ps: map[int32]*pRun{}, gfunc: map[int64]uint64{}, maxM: -1}
	if gz {
		// BestSpeed: a trace compresses ~20x even so, and the writer
		// must keep up with the scheduler.
		tw.zw, _ = gzip.NewWriterLevel(w, gzip.BestSpeed)
		w = tw.zw
	}
	tw.e = &enc{w: bufio.NewWriterSize(w, 1<<20), first: true, buf: make([]byte, 0, 256)}
	tw.e.w.WriteString(`{"displayTimeUnit":"ns","traceEvents":[`)
	return tw
}

func (tw *Writer) prun(p int32) *pRun {
	st := tw.ps[p]
	if st == nil {
		st = &pRun{}
		tw.ps[p] = st
	}
	return st
}

// Events encodes a chunk of events of P p (-1: recorded without a P).
func (tw *Writer) Events(p int32, evs []sched.TraceEvent) {
	e := tw.e
	for i := range evs {
		ev := &evs[i]
		if ev.M > tw.maxM {
			tw.maxM = ev.M
		}
		switch ev.Kind {
		case sched.TraceGoCreate:
			tw.gfunc[ev.G] = uint64(ev.Arg2)
			pid, tid := pidPs, int(ev.P)
			if ev.P < 0 {
				pid, tid = pidSched, 0
			}
			e.instant(pid, tid, ev.TS, "go G", ev.G, uint64(ev.Arg2), "g", ev.G, "parent", ev.Arg)
		case sched.TraceGoStart:
			if ev.P < 0 {
				continue
			}
			st := tw.prun(ev.P)
			st.seen, st.open, st.g, st.start = true, true, ev.G, ev.TS
			st.woke = st.woke[:0]
		case sched.TraceGoStop:
			if ev.P < 0 {
				continue
			}
			st := tw.prun(ev.P)
			st.seen = true
			start := st.lastEnd
			if st.open && st.g == ev.G {
				start = st.start
			}
			e.slice(pidPs, int(ev.P), start, ev.TS, ev.G, sched.TraceReason(ev.Arg).String(), ev.Stack, st.woke)
			st.open, st.lastEnd = false, ev.TS
			st.woke = st.woke[:0]
			if ev.Arg2 != 0 { // the next G starts at once
				st.open, st.g, st.start = true, ev.Arg2, ev.TS
			}
		case sched.TraceGoUnblock:
			if ev.P >= 0 {
				if st := tw.prun(ev.P); st.open && st.g == ev.Arg {
					st.woke = append(st.woke, ev.G)
					continue
				}
				e.instant(pidPs, int(ev.P), ev.TS, "wake G", ev.G, 0, "g", ev.G, "waker", ev.Arg)
				continue
			}
			e.instant(pidSched, 0, ev.TS, "wake G", ev.G, 0, "g", ev.G, "waker", ev.Arg)
		case sched.TraceSteal:
			e.instant(pidPs, int(ev.P), ev.TS, "steal G", ev.G, 0, "g", ev.G, "n", ev.Arg, "victim", ev.Arg2)
		case sched.TraceProcStart:
			if ev.M < 0 || ev.P < 0 {
				continue
			}
			st := tw.prun(ev.P)
			st.seen = true
			st.m, st.mOpen, st.mStart = ev.M, true, ev.TS
			if ev.G != 0 && !st.open {
				// Running when the trace started.
				st.open, st.g, st.start = true, ev.G, ev.TS
			}
		case sched.TraceProcStop:
			if ev.P < 0 {
				continue
			}
			st := tw.prun(ev.P)
			if st.mOpen && st.m == ev.M {
				e.mslice(int(ev.M), st.mStart, ev.TS, ev.P)
			}
			st.mOpen = false
		case sched.TraceHandoff:
			e.instant(pidSched, 0, ev.TS, "handoff P", int64(ev.P), 0, "p", int64(ev.P))
		case sched.TraceRetake:
			what := "sysmon preempt P"
			if ev.Arg == 2 {
				what = "sysmon retake from syscall P"
			}
			e.instant(pidSched, 0, ev.TS, what, int64(ev.P), 0, "p", int64(ev.P))
		case sched.TraceCounters:
			e.counter(ev.TS, "Goroutines", "runnable", ev.Arg)
			e.counter(ev.TS, "Threads", "insyscall", ev.Arg2)
		}
	}
}

// Close finishes the file: runs still open end at info.End; then the
// track names, the stacks (stackFrames: stack id S is frame "S", its
// callers "S.1", "S.2", ...) and a "goro" section with the goroutines'
// functions.
func (tw *Writer) Close(info sched.TraceInfo, stacks map[uint64][]Frame) error {
	e := tw.e
	ps := make([]int32, 0, len(tw.ps))
	for p := range tw.ps {
		ps = append(ps, p)
	}
	sort.Slice(ps, func(i, j int) bool { return ps[i] < ps[j] })
	for _, p := range ps {
		st := tw.ps[p]
		if st.open {
			e.slice(pidPs, int(p), st.start, info.End, st.g, "running", 0, st.woke)
		}
		if st.mOpen {
			e.mslice(int(st.m), st.mStart, info.End, p)
		}
	}
	e.meta(pidPs, 0, "process_name", "Ps")
	e.meta(pidMs, 0, "process_name", "Ms")
	e.meta(pidSched, 0, "process_name", "Scheduler")
	for _, p := range ps {
		if p >= 0 && tw.ps[p].seen {
			e.meta(pidPs, int(p), "thread_name", "P"+strconv.Itoa(int(p)))
			e.sortIndex(pidPs, int(p), int(p))
		}
	}
	for m := int32(0); m <= tw.maxM; m++ {
		e.meta(pidMs, int(m), "thread_name", "M"+strconv.Itoa(int(m)))
	}
	e.meta(pidSched, 0, "thread_name", "sysmon and counters")
	bw := e.w
	bw.WriteString("\n],\n\"stackFrames\":{")
	ids := make([]uint64, 0, len(stacks))
	for id := range stacks {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	first := true
	for _, id := range ids {
		fr := stacks[id]
		for i, f := range fr {
			if !first {
				bw.WriteString(",")
			}
			first = false
			b := append(e.buf[:0], '"')
			b = strconv.AppendUint(b, id, 10)
			if i > 0 {
				b = append(b, '.')
				b = strconv.AppendInt(b, int64(i), 10)
			}
			b = append(b, `":{"name":`...)
			b = strconv.AppendQuote(b, f.Func+" "+f.File+":"+strconv.Itoa(f.Line))
			if i+1 < len(fr) {
				b = append(b, `,"parent":"`...)
				b = strconv.AppendUint(b, id, 10)
				b = append(b, '.')
				b = strconv.AppendInt(b, int64(i+1), 10)
				b = append(b, '"')
			}
			b = append(b, "}\n"...)
			bw.Write(b)
			e.buf = b
		}
	}
	bw.WriteString("},\n\"goro\":")
	gnames := map[string]string{"1": "main"}
	for g, st := range tw.gfunc {
		if fr := stacks[st]; len(fr) > 0 {
			gnames[strconv.FormatInt(g, 10)] = fr[0].Func
		}
	}
	procs := 0
	for _, p := range ps {
		if p >= 0 && tw.ps[p].seen {
			procs = int(p) + 1
		}
	}
	meta, _ := json.Marshal(map[string]any{
		"start":      info.Wall.Format(time.RFC3339Nano),
		"startUs":    float64(info.Start) / 1000,
		"endUs":      float64(info.End) / 1000,
		"procs":      procs,
		"goroutines": gnames,
	})
	bw.Write(meta)
	bw.WriteString("}\n")
	err := bw.Flush()
	if tw.zw != nil {
		if e := tw.zw.Close(); err == nil {
			err = e
		}
	}
	return err
}

func appendMicrosString(ns int64) string { return string(appendMicros(nil, ns)) }

func sortedKeys[V any](m map[int32]V) []int32 {
	keys := make([]int32, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i] < keys[j] })
	return keys
}

// Read parses a trace file (plain or gzip-compressed JSON) as the HTML
// page needs it: the raw JSON text.
func Read(r io.Reader) ([]byte, error) {
	br := bufio.NewReader(r)
	if magic, err := br.Peek(2); err == nil && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, err
		}
		defer zr.Close()
		return io.ReadAll(zr)
	}
	return io.ReadAll(br)
}

// Validate checks that b is a trace this package wrote (a JSON object with
// traceEvents), so that goro trace fails with a clear message on other
// files.
func Validate(b []byte) error {
	var head struct {
		TraceEvents []json.RawMessage `json:"traceEvents"`
	}
	if err := json.Unmarshal(b, &head); err != nil {
		return &FormatError{Msg: err.Error()}
	}
	if head.TraceEvents == nil {
		return &FormatError{Msg: "no traceEvents"}
	}
	return nil
}

// FormatError reports a file that is not a trace.
type FormatError struct{ Msg string }

func (e *FormatError) Error() string {
	return "not a goro trace (Chrome Trace Event JSON): " + strings.TrimPrefix(e.Msg, "json: ")
}
