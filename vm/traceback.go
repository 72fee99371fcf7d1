package vm

import (
	"strconv"
	"strings"
)

// Tracebacks (SPEC §6):
//
//	goroutine 7 [running]:
//	main.worker(...)
//		jobs.goro:14:9
//	created by main.init in goroutine 1
//		jobs.goro:9:5
//
// At most the innermost 50 and outermost 50 frames are printed, as Go does.
const (
	tracebackInner = 50
	tracebackOuter = 50
)

// dump returns this goroutine's header, frames and creation site.
func (t *Thread) dump(status string) string {
	var b strings.Builder
	b.WriteString("goroutine ")
	b.WriteString(strconv.FormatInt(t.id, 10))
	b.WriteString(" [")
	b.WriteString(status)
	b.WriteString("]:\n")
	t.writeFrames(&b)
	return b.String()
}

// writeFrames writes the frames (innermost first) and the "created by"
// lines, without a header.
func (t *Thread) writeFrames(b *strings.Builder) {
	var shown []int
	for i := len(t.frames) - 1; i >= 0; i-- {
		if t.frames[i].flags&flagTrampoline != 0 {
			continue
		}
		shown = append(shown, i)
	}
	for k, i := range shown {
		if len(shown) > tracebackInner+tracebackOuter && k == tracebackInner {
			b.WriteString("...")
			b.WriteString(strconv.Itoa(len(shown) - tracebackInner - tracebackOuter))
			b.WriteString(" frames elided...\n")
		}
		if len(shown) > tracebackInner+tracebackOuter && k >= tracebackInner && k < len(shown)-tracebackOuter {
			continue
		}
		f := &t.frames[i]
		p := f.cl.fn.proto
		b.WriteString(p.QualifiedName())
		b.WriteString("(...)\n\t")
		writePos(b, p.File, p.PosAt(f.curPC()))
		b.WriteByte('\n')
	}
	if t.creator.fn != nil {
		b.WriteString("created by ")
		b.WriteString(t.creator.fn.QualifiedName())
		b.WriteString(" in goroutine ")
		b.WriteString(strconv.FormatInt(t.creator.parentID, 10))
		b.WriteString("\n\t")
		writePos(b, t.creator.fn.File, t.creator.pos)
		b.WriteByte('\n')
	}
}

func writePos(b *strings.Builder, file string, p Pos) {
	b.WriteString(file)
	b.WriteByte(':')
	b.WriteString(strconv.Itoa(int(p.Line)))
	b.WriteByte(':')
	b.WriteString(strconv.Itoa(int(p.Col)))
}

// curPC is the instruction the frame is executing (or calling from): pc is
// saved pointing after it, except when flagAtPC says it points at it (a
// parked instruction that will run again).
func (f *frame) curPC() int {
	if f.flags&flagAtPC != 0 {
		return int(f.pc)
	}
	if f.pc > 0 {
		return int(f.pc) - 1
	}
	return 0
}

// Traceback returns the goroutine's frames and creation site as dumps
// print them under the header (for the scheduler's dumps).
func (t *Thread) Traceback() string {
	var b strings.Builder
	t.writeFrames(&b)
	return b.String()
}

// CallerPos is the file and line the innermost script frame is executing:
// for a native, where the script called it (log's Lshortfile).
func (t *Thread) CallerPos() (file string, line int, ok bool) {
	for i := len(t.frames) - 1; i >= 0; i-- {
		f := &t.frames[i]
		if f.flags&flagTrampoline != 0 || f.cl == nil {
			continue
		}
		p := f.cl.fn.proto
		return p.File, int(p.PosAt(f.curPC()).Line), true
	}
	return "", 0, false
}
