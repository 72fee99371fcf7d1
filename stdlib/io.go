package stdlib

import (
	"bytes"
	"io"
	"strings"
	"sync"

	"github.com/goro-lang/goro/vm"
)

// The io module: EOF (vm.EOF, one immutable error value shared by every
// runtime, so `err == io.EOF` holds wherever err came from), ReadAll, Copy,
// CopyN, WriteString, ReadFull and Discard over any Goro reader or writer
// (stream.go). strings.NewReader and the bytes module's Buffer live here
// too: they are the in-memory streams.

var (
	discardType      = &vm.ObjType{Name: "io.discard"}
	stringReaderType = &vm.ObjType{Name: "strings.Reader"}
	bufferType       = &vm.ObjType{Name: "bytes.Buffer"}
)

type discard struct{}

func (discard) goReader() (io.Reader, bool) { return nil, false }
func (discard) goWriter() (io.Writer, bool) { return io.Discard, false }

// stringReader is a strings.Reader behind a lock.
type stringReader struct {
	mu sync.Mutex
	r  *strings.Reader
}

func (s *stringReader) goReader() (io.Reader, bool) { return lockedReader{&s.mu, s.r}, false }
func (s *stringReader) goWriter() (io.Writer, bool) { return nil, false }

// bufferObj is a bytes.Buffer behind a lock.
type bufferObj struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *bufferObj) goReader() (io.Reader, bool) { return lockedReader{&b.mu, &b.b}, false }
func (b *bufferObj) goWriter() (io.Writer, bool) { return lockedWriter{&b.mu, &b.b}, false }

type lockedReader struct {
	mu *sync.Mutex
	r  io.Reader
}

func (l lockedReader) Read(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.r.Read(p)
}

// readN is the Read(n) of in-memory readers: up to n bytes.
func readN(t *vm.Thread, name string, r io.Reader, args []vm.Value) (vm.Value, error) {
	n, err := vm.ArgInt(name, args, 0)
	if err != nil {
		return vm.Nil, err
	}
	if n < 0 {
		return vm.Nil, vm.Errorf("%s: negative count %d", name, n)
	}
	buf := make([]byte, min(n, 1<<24))
	got, rerr := r.Read(buf)
	return t.Ret2(vm.String(string(buf[:got])), errValue(rerr))
}

func init() {
	m := newModule("io")
	m.pure()
	m.value("EOF", vm.EOF)
	m.value("ErrUnexpectedEOF", vm.NewGoError(io.ErrUnexpectedEOF))
	m.value("ErrShortWrite", vm.NewGoError(io.ErrShortWrite))
	m.value("ErrClosedPipe", vm.NewGoError(io.ErrClosedPipe))
	m.value("ErrNoProgress", vm.NewGoError(io.ErrNoProgress))
	m.value("ErrShortBuffer", vm.NewGoError(io.ErrShortBuffer))
	m.value("SeekStart", vm.Int(io.SeekStart))
	m.value("SeekCurrent", vm.Int(io.SeekCurrent))
	m.value("SeekEnd", vm.Int(io.SeekEnd))
	m.value("Discard", vm.NewObject(discardType, discard{}))
	m.doc("Discard", "var Discard io.Writer", "Discard is a writer on which all Write calls succeed without doing anything.")
	discardType.Methods = map[string]*vm.Native{
		"Write": newMethod("io.discard", "Write", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s, err := vm.ArgStr("io.Discard.Write", args, 1)
			if err != nil {
				return vm.Nil, err
			}
			return t.Ret2(vm.Int(int64(len(s))), vm.Nil)
		}),
	}
	m.fn("ReadAll", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		r, err := newReader(t, "io.ReadAll", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		b, rerr := io.ReadAll(r)
		ev, perr := ioResult(rerr)
		if perr != nil {
			return vm.Nil, perr
		}
		return t.Ret2(vm.String(string(b)), ev)
	})
	m.sig("ReadAll", "func ReadAll(r io.Reader) ([]byte, error)")
	m.fn("ReadFull", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		r, err := newReader(t, "io.ReadFull", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		n, err := vm.ArgInt("io.ReadFull", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		if n < 0 || n > 1<<30 {
			return vm.Nil, vm.Errorf("io.ReadFull: bad count %d", n)
		}
		buf := make([]byte, n)
		got, rerr := io.ReadFull(r, buf)
		ev, perr := ioResult(rerr)
		if perr != nil {
			return vm.Nil, perr
		}
		return t.Ret2(vm.String(string(buf[:got])), ev)
	})
	m.sig("ReadFull", "func ReadFull(r io.Reader, n int) ([]byte, error)")
	copyFn := func(member string, withN bool) {
		name := "io." + member
		nargs := 2
		if withN {
			nargs = 3
		}
		m.fn(member, nargs, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			w, err := newWriter(t, name, args, 0)
			if err != nil {
				return vm.Nil, err
			}
			r, err := newReader(t, name, args, 1)
			if err != nil {
				return vm.Nil, err
			}
			var n int64
			var cerr error
			if withN {
				k, err := vm.ArgInt(name, args, 2)
				if err != nil {
					return vm.Nil, err
				}
				n, cerr = io.CopyN(w, r, k)
			} else {
				// Hide the adapters' other methods from io.Copy so it
				// uses its own buffer, not ReadFrom/WriteTo of a file
				// (which would run outside Syscall).
				n, cerr = io.Copy(struct{ io.Writer }{w}, struct{ io.Reader }{r})
			}
			ev, perr := ioResult(cerr)
			if perr != nil {
				return vm.Nil, perr
			}
			return t.Ret2(vm.Int(n), ev)
		})
	}
	copyFn("Copy", false)
	m.sig("Copy", "func Copy(dst io.Writer, src io.Reader) (written int64, err error)")
	copyFn("CopyN", true)
	m.sig("CopyN", "func CopyN(dst io.Writer, src io.Reader, n int64) (written int64, err error)")
	m.fn("WriteString", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		w, err := newWriter(t, "io.WriteString", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		s, err := vm.ArgStr("io.WriteString", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		n, werr := io.WriteString(w, s)
		ev, perr := ioResult(werr)
		if perr != nil {
			return vm.Nil, perr
		}
		return t.Ret2(vm.Int(int64(n)), ev)
	})
	m.sig("WriteString", "func WriteString(w io.Writer, s string) (n int, err error)")
	m.register()

	stringReaderType.Methods = map[string]*vm.Native{
		"Read": newMethod("strings.Reader", "Read", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s := args[0].Object().Data.(*stringReader)
			s.mu.Lock()
			defer s.mu.Unlock()
			return readN(t, "strings.Reader.Read", s.r, args[1:])
		}),
		"Len": newMethod("strings.Reader", "Len", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s := args[0].Object().Data.(*stringReader)
			s.mu.Lock()
			defer s.mu.Unlock()
			return vm.Int(int64(s.r.Len())), nil
		}),
		"Size": newMethod("strings.Reader", "Size", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s := args[0].Object().Data.(*stringReader)
			s.mu.Lock()
			defer s.mu.Unlock()
			return vm.Int(s.r.Size()), nil
		}),
	}
	bufferType.Str = func(o *vm.Object) string {
		b := o.Data.(*bufferObj)
		b.mu.Lock()
		defer b.mu.Unlock()
		return b.b.String()
	}
	bmeth := func(member string, nargs, nres int, f func(t *vm.Thread, b *bytes.Buffer, args []vm.Value) (vm.Value, error)) {
		bufferType.Methods[member] = newMethod("bytes.Buffer", member, nargs, nres, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			o := args[0].Object()
			if o == nil || o.Type() != bufferType {
				return vm.Nil, vm.Errorf("bytes.Buffer.%s: receiver must be bytes.Buffer, not %s", member, args[0].TypeName())
			}
			b := o.Data.(*bufferObj)
			b.mu.Lock()
			defer b.mu.Unlock()
			return f(t, &b.b, args[1:])
		})
	}
	bufferType.Methods = map[string]*vm.Native{}
	bwrite := func(t *vm.Thread, b *bytes.Buffer, args []vm.Value) (vm.Value, error) {
		s, err := vm.ArgStr("bytes.Buffer.Write", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		if b.Len()+len(s) > maxResultLen {
			return vm.Nil, vm.Errorf("bytes.Buffer: too large")
		}
		b.WriteString(s)
		return t.Ret2(vm.Int(int64(len(s))), vm.Nil)
	}
	bmeth("Write", 1, 2, bwrite)
	bmeth("WriteString", 1, 2, bwrite)
	bmeth("WriteByte", 1, 1, func(t *vm.Thread, b *bytes.Buffer, args []vm.Value) (vm.Value, error) {
		c, err := vm.ArgInt("bytes.Buffer.WriteByte", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return errValue(b.WriteByte(byte(c))), nil
	})
	bmeth("WriteRune", 1, 2, func(t *vm.Thread, b *bytes.Buffer, args []vm.Value) (vm.Value, error) {
		r, err := runeArg("bytes.Buffer.WriteRune", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		n, _ := b.WriteRune(r)
		return t.Ret2(vm.Int(int64(n)), vm.Nil)
	})
	bmeth("String", 0, 1, func(t *vm.Thread, b *bytes.Buffer, args []vm.Value) (vm.Value, error) {
		return vm.String(b.String()), nil
	})
	bmeth("Bytes", 0, 1, func(t *vm.Thread, b *bytes.Buffer, args []vm.Value) (vm.Value, error) {
		return vm.String(b.String()), nil
	})
	bmeth("Len", 0, 1, func(t *vm.Thread, b *bytes.Buffer, args []vm.Value) (vm.Value, error) {
		return vm.Int(int64(b.Len())), nil
	})
	bmeth("Cap", 0, 1, func(t *vm.Thread, b *bytes.Buffer, args []vm.Value) (vm.Value, error) {
		return vm.Int(int64(b.Cap())), nil
	})
	bmeth("Reset", 0, 0, func(t *vm.Thread, b *bytes.Buffer, args []vm.Value) (vm.Value, error) {
		b.Reset()
		return vm.Nil, nil
	})
	bmeth("Truncate", 1, 0, func(t *vm.Thread, b *bytes.Buffer, args []vm.Value) (vm.Value, error) {
		n, err := vm.ArgInt("bytes.Buffer.Truncate", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		if n < 0 || n > int64(b.Len()) {
			return vm.Nil, vm.PlainErrorf("bytes.Buffer: truncation out of range")
		}
		b.Truncate(int(n))
		return vm.Nil, nil
	})
	bmeth("Read", 1, 2, func(t *vm.Thread, b *bytes.Buffer, args []vm.Value) (vm.Value, error) {
		return readN(t, "bytes.Buffer.Read", b, args)
	})
	bmeth("ReadString", 1, 2, func(t *vm.Thread, b *bytes.Buffer, args []vm.Value) (vm.Value, error) {
		c, err := vm.ArgInt("bytes.Buffer.ReadString", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		s, rerr := b.ReadString(byte(c))
		return t.Ret2(vm.String(s), errValue(rerr))
	})
	bmeth("ReadByte", 0, 2, func(t *vm.Thread, b *bytes.Buffer, args []vm.Value) (vm.Value, error) {
		c, rerr := b.ReadByte()
		return t.Ret2(vm.Int(int64(c)), errValue(rerr))
	})
	bmeth("ReadRune", 0, 3, func(t *vm.Thread, b *bytes.Buffer, args []vm.Value) (vm.Value, error) {
		r, n, rerr := b.ReadRune()
		return t.Ret3(vm.Int(int64(r)), vm.Int(int64(n)), errValue(rerr))
	})
}

// ioMembers adds strings.NewReader to strings and the Buffer constructors
// to bytes.
func newStringReader(t *vm.Thread, args []vm.Value) (vm.Value, error) {
	s, err := vm.ArgStr("strings.NewReader", args, 0)
	if err != nil {
		return vm.Nil, err
	}
	return vm.NewObject(stringReaderType, &stringReader{r: strings.NewReader(s)}), nil
}

func newBuffer(t *vm.Thread, args []vm.Value) (vm.Value, error) {
	b := &bufferObj{}
	if len(args) == 1 && !args[0].IsNil() {
		s, err := vm.ArgStr("bytes.NewBufferString", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		b.b.WriteString(s)
	}
	return vm.NewObject(bufferType, b), nil
}
