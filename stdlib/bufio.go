package stdlib

import (
	"bufio"
	"bytes"
	"sync"

	"github.com/goro-lang/goro/vm"
)

// bufio: Scanner, Reader and Writer over any Goro reader or writer
// (stream.go), and the bytes module. Each object holds its Go bufio value
// and the adapter it reads or writes through; a method call binds the
// adapter to the calling thread, with the object's lock held, so several
// goroutines may share one object.

var (
	scannerType     = &vm.ObjType{Name: "bufio.Scanner"}
	bufReaderType   = &vm.ObjType{Name: "bufio.Reader"}
	bufWriterType   = &vm.ObjType{Name: "bufio.Writer"}
	splitFuncType   = &vm.ObjType{Name: "bufio.SplitFunc"}
	bufioSplitFuncs = map[string]bufio.SplitFunc{
		"ScanLines": bufio.ScanLines, "ScanWords": bufio.ScanWords,
		"ScanRunes": bufio.ScanRunes, "ScanBytes": bufio.ScanBytes,
	}
)

type scannerObj struct {
	mu sync.Mutex
	r  *valReader
	sc *bufio.Scanner
}

type bufReaderObj struct {
	mu sync.Mutex
	r  *valReader
	br *bufio.Reader
}

type bufWriterObj struct {
	mu sync.Mutex
	w  *valWriter
	bw *bufio.Writer
}

func init() {
	scannerType.Methods = map[string]*vm.Native{}
	scm := func(member string, nargs, nres int, f func(t *vm.Thread, s *scannerObj, args []vm.Value) (vm.Value, error)) {
		scannerType.Methods[member] = newMethod("bufio.Scanner", member, nargs, nres, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			o := args[0].Object()
			if o == nil || o.Type() != scannerType {
				return vm.Nil, vm.Errorf("bufio.Scanner.%s: receiver must be bufio.Scanner, not %s", member, args[0].TypeName())
			}
			s := o.Data.(*scannerObj)
			s.mu.Lock()
			defer s.mu.Unlock()
			s.r.t = t
			return f(t, s, args[1:])
		})
	}
	scm("Scan", 0, 1, func(t *vm.Thread, s *scannerObj, args []vm.Value) (vm.Value, error) {
		ok := s.sc.Scan()
		if !ok {
			if se, isScript := s.sc.Err().(*scriptError); isScript {
				return vm.Nil, se.err
			}
		}
		return vm.Bool(ok), nil
	})
	scm("Text", 0, 1, func(t *vm.Thread, s *scannerObj, args []vm.Value) (vm.Value, error) {
		return vm.String(s.sc.Text()), nil
	})
	scm("Bytes", 0, 1, func(t *vm.Thread, s *scannerObj, args []vm.Value) (vm.Value, error) {
		return vm.String(s.sc.Text()), nil
	})
	scm("Err", 0, 1, func(t *vm.Thread, s *scannerObj, args []vm.Value) (vm.Value, error) {
		v, _ := ioResult(s.sc.Err())
		return v, nil
	})
	scm("Split", 1, 0, func(t *vm.Thread, s *scannerObj, args []vm.Value) (vm.Value, error) {
		o := args[0].Object()
		if o == nil || o.Type() != splitFuncType {
			return vm.Nil, vm.ArgTypeError("bufio.Scanner.Split", 0, "bufio.ScanLines, ScanWords, ScanRunes or ScanBytes", args[0])
		}
		s.sc.Split(o.Data.(bufio.SplitFunc))
		return vm.Nil, nil
	})
	scm("Buffer", 2, 0, func(t *vm.Thread, s *scannerObj, args []vm.Value) (vm.Value, error) {
		// Go's Buffer(buf []byte, max int): here the initial size (or a
		// string whose capacity is used) and the maximum token size.
		size, ok := args[0].ToInt()
		if !ok {
			str, isStr := args[0].ToStr()
			if !isStr {
				return vm.Nil, vm.ArgTypeError("bufio.Scanner.Buffer", 0, "int or string", args[0])
			}
			size = int64(len(str))
		}
		mx, err := vm.ArgInt("bufio.Scanner.Buffer", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		if size < 0 || size > 1<<30 || mx < 0 {
			return vm.Nil, vm.Errorf("bufio.Scanner.Buffer: bad size")
		}
		s.sc.Buffer(make([]byte, 0, size), int(mx))
		return vm.Nil, nil
	})

	bufReaderType.Methods = map[string]*vm.Native{}
	brm := func(member string, nargs, nres int, f func(t *vm.Thread, b *bufio.Reader, args []vm.Value) (vm.Value, error)) {
		bufReaderType.Methods[member] = newMethod("bufio.Reader", member, nargs, nres, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			o := args[0].Object()
			if o == nil || o.Type() != bufReaderType {
				return vm.Nil, vm.Errorf("bufio.Reader.%s: receiver must be bufio.Reader, not %s", member, args[0].TypeName())
			}
			b := o.Data.(*bufReaderObj)
			b.mu.Lock()
			defer b.mu.Unlock()
			b.r.t = t
			return f(t, b.br, args[1:])
		})
	}
	ret2 := func(t *vm.Thread, v vm.Value, err error) (vm.Value, error) {
		ev, perr := ioResult(err)
		if perr != nil {
			return vm.Nil, perr
		}
		return t.Ret2(v, ev)
	}
	brm("ReadString", 1, 2, func(t *vm.Thread, b *bufio.Reader, args []vm.Value) (vm.Value, error) {
		c, err := vm.ArgInt("bufio.Reader.ReadString", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		if c < 0 || c > 255 {
			return vm.Nil, vm.Errorf("bufio.Reader.ReadString: argument 1 must be a byte (0 to 255), not %d", c)
		}
		s, rerr := b.ReadString(byte(c))
		return ret2(t, vm.String(s), rerr)
	})
	brm("ReadBytes", 1, 2, func(t *vm.Thread, b *bufio.Reader, args []vm.Value) (vm.Value, error) {
		c, err := vm.ArgInt("bufio.Reader.ReadBytes", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		s, rerr := b.ReadString(byte(c))
		return ret2(t, vm.String(s), rerr)
	})
	brm("ReadLine", 0, 3, func(t *vm.Thread, b *bufio.Reader, args []vm.Value) (vm.Value, error) {
		line, prefix, rerr := b.ReadLine()
		ev, perr := ioResult(rerr)
		if perr != nil {
			return vm.Nil, perr
		}
		return t.Ret3(vm.String(string(line)), vm.Bool(prefix), ev)
	})
	brm("ReadRune", 0, 3, func(t *vm.Thread, b *bufio.Reader, args []vm.Value) (vm.Value, error) {
		r, n, rerr := b.ReadRune()
		ev, perr := ioResult(rerr)
		if perr != nil {
			return vm.Nil, perr
		}
		return t.Ret3(vm.Int(int64(r)), vm.Int(int64(n)), ev)
	})
	brm("ReadByte", 0, 2, func(t *vm.Thread, b *bufio.Reader, args []vm.Value) (vm.Value, error) {
		c, rerr := b.ReadByte()
		return ret2(t, vm.Int(int64(c)), rerr)
	})
	brm("UnreadByte", 0, 1, func(t *vm.Thread, b *bufio.Reader, args []vm.Value) (vm.Value, error) {
		return errValue(b.UnreadByte()), nil
	})
	brm("UnreadRune", 0, 1, func(t *vm.Thread, b *bufio.Reader, args []vm.Value) (vm.Value, error) {
		return errValue(b.UnreadRune()), nil
	})
	brm("Read", 1, 2, func(t *vm.Thread, b *bufio.Reader, args []vm.Value) (vm.Value, error) {
		n, err := vm.ArgInt("bufio.Reader.Read", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		if n < 0 {
			return vm.Nil, vm.Errorf("bufio.Reader.Read: negative count %d", n)
		}
		buf := make([]byte, min(n, 1<<24))
		got, rerr := b.Read(buf)
		return ret2(t, vm.String(string(buf[:got])), rerr)
	})
	brm("Peek", 1, 2, func(t *vm.Thread, b *bufio.Reader, args []vm.Value) (vm.Value, error) {
		n, err := vm.ArgInt("bufio.Reader.Peek", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		p, rerr := b.Peek(int(min(max(n, -1), 1<<30)))
		return ret2(t, vm.String(string(p)), rerr)
	})
	brm("Buffered", 0, 1, func(t *vm.Thread, b *bufio.Reader, args []vm.Value) (vm.Value, error) {
		return vm.Int(int64(b.Buffered())), nil
	})

	bufWriterType.Methods = map[string]*vm.Native{}
	bwm := func(member string, nargs, nres int, f func(t *vm.Thread, b *bufio.Writer, args []vm.Value) (vm.Value, error)) {
		bufWriterType.Methods[member] = newMethod("bufio.Writer", member, nargs, nres, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			o := args[0].Object()
			if o == nil || o.Type() != bufWriterType {
				return vm.Nil, vm.Errorf("bufio.Writer.%s: receiver must be bufio.Writer, not %s", member, args[0].TypeName())
			}
			b := o.Data.(*bufWriterObj)
			b.mu.Lock()
			defer b.mu.Unlock()
			b.w.t = t
			return f(t, b.bw, args[1:])
		})
	}
	bwrite := func(t *vm.Thread, b *bufio.Writer, args []vm.Value) (vm.Value, error) {
		s, ok := args[0].ToStr()
		if !ok {
			return vm.Nil, vm.ArgTypeError("bufio.Writer.WriteString", 0, "string", args[0])
		}
		n, werr := b.WriteString(s)
		return ret2(t, vm.Int(int64(n)), werr)
	}
	bwm("WriteString", 1, 2, bwrite)
	bwm("Write", 1, 2, bwrite)
	bwm("WriteByte", 1, 1, func(t *vm.Thread, b *bufio.Writer, args []vm.Value) (vm.Value, error) {
		c, err := vm.ArgInt("bufio.Writer.WriteByte", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		v, perr := ioResult(b.WriteByte(byte(c)))
		return v, perr
	})
	bwm("WriteRune", 1, 2, func(t *vm.Thread, b *bufio.Writer, args []vm.Value) (vm.Value, error) {
		r, err := runeArg("bufio.Writer.WriteRune", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		n, werr := b.WriteRune(r)
		return ret2(t, vm.Int(int64(n)), werr)
	})
	bwm("Flush", 0, 1, func(t *vm.Thread, b *bufio.Writer, args []vm.Value) (vm.Value, error) {
		return ioResult(b.Flush())
	})
	bwm("Buffered", 0, 1, func(t *vm.Thread, b *bufio.Writer, args []vm.Value) (vm.Value, error) {
		return vm.Int(int64(b.Buffered())), nil
	})
	bwm("Available", 0, 1, func(t *vm.Thread, b *bufio.Writer, args []vm.Value) (vm.Value, error) {
		return vm.Int(int64(b.Available())), nil
	})
	bwm("Size", 0, 1, func(t *vm.Thread, b *bufio.Writer, args []vm.Value) (vm.Value, error) {
		return vm.Int(int64(b.Size())), nil
	})

	m := newModule("bufio")
	m.pure()
	m.value("MaxScanTokenSize", vm.Int(bufio.MaxScanTokenSize))
	for _, k := range sortedKeys(bufioSplitFuncs) {
		m.value(k, vm.NewObject(splitFuncType, bufioSplitFuncs[k]))
		m.doc(k, "func "+k+"(data []byte, atEOF bool) (advance int, token []byte, err error)",
			k+" is a split function for a Scanner (scanner.Split(bufio."+k+")).")
	}
	m.value("ErrTooLong", vm.NewGoError(bufio.ErrTooLong))
	m.fn("NewScanner", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		r, err := newReader(t, "bufio.NewScanner", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return vm.NewObject(scannerType, &scannerObj{r: r, sc: bufio.NewScanner(r)}), nil
	})
	m.doc("NewScanner", "func NewScanner(r io.Reader) *bufio.Scanner",
		"NewScanner returns a new Scanner to read from r, line by line by default: Scan(), Text(), Bytes(), Err(), Split(f), Buffer(size, max).")
	newBufReader := func(member string, sized bool) {
		name := "bufio." + member
		nargs := 1
		if sized {
			nargs = 2
		}
		m.fn(member, nargs, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			r, err := newReader(t, name, args, 0)
			if err != nil {
				return vm.Nil, err
			}
			size := int64(4096)
			if sized {
				if size, err = vm.ArgInt(name, args, 1); err != nil {
					return vm.Nil, err
				}
				size = min(size, 1<<30)
			}
			return vm.NewObject(bufReaderType, &bufReaderObj{r: r, br: bufio.NewReaderSize(r, int(size))}), nil
		})
	}
	newBufReader("NewReader", false)
	m.doc("NewReader", "func NewReader(rd io.Reader) *bufio.Reader",
		"NewReader returns a new Reader: ReadString(delim), ReadLine(), ReadRune(), ReadByte(), Read(n), Peek(n), UnreadByte(), UnreadRune(), Buffered().")
	newBufReader("NewReaderSize", true)
	m.sig("NewReaderSize", "func NewReaderSize(rd io.Reader, size int) *bufio.Reader")
	newBufWriter := func(member string, sized bool) {
		name := "bufio." + member
		nargs := 1
		if sized {
			nargs = 2
		}
		m.fn(member, nargs, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			w, err := newWriter(t, name, args, 0)
			if err != nil {
				return vm.Nil, err
			}
			size := int64(4096)
			if sized {
				if size, err = vm.ArgInt(name, args, 1); err != nil {
					return vm.Nil, err
				}
				size = min(size, 1<<30)
			}
			return vm.NewObject(bufWriterType, &bufWriterObj{w: w, bw: bufio.NewWriterSize(w, int(size))}), nil
		})
	}
	newBufWriter("NewWriter", false)
	m.doc("NewWriter", "func NewWriter(w io.Writer) *bufio.Writer",
		"NewWriter returns a new Writer: WriteString(s), Write(s), WriteByte(c), WriteRune(r), Flush(), Buffered(), Available(), Size().")
	newBufWriter("NewWriterSize", true)
	m.sig("NewWriterSize", "func NewWriterSize(w io.Writer, size int) *bufio.Writer")
	m.register()

	b := newModule("bytes")
	b.pure()
	b.fnRange("NewBufferString", 1, 1, 1, newBuffer)
	b.sig("NewBufferString", "func NewBufferString(s string) *bytes.Buffer")
	b.fnRange("NewBuffer", 1, 1, 1, newBuffer)
	b.sig("NewBuffer", "func NewBuffer(buf []byte) *bytes.Buffer")
	b.fnRange("Buffer", 0, 0, 1, newBuffer)
	b.doc("Buffer", "func Buffer() *bytes.Buffer",
		"Buffer returns a new, empty bytes.Buffer: Write(s), WriteString(s), WriteByte(c), WriteRune(r), String(), Len(), Reset(), Truncate(n), Read(n), ReadString(delim), ReadByte(), ReadRune().")
	b.fn("NewReader", 1, 1, newStringReader)
	b.sig("NewReader", "func NewReader(b []byte) *bytes.Reader")
	b.value("MinRead", vm.Int(bytes.MinRead))
	for _, f := range []struct {
		n string
		f any
	}{
		{"Compare", bytes.Compare}, {"Contains", bytes.Contains}, {"ContainsAny", bytes.ContainsAny},
		{"ContainsRune", bytes.ContainsRune}, {"Count", bytes.Count}, {"Cut", bytes.Cut},
		{"CutPrefix", bytes.CutPrefix}, {"CutSuffix", bytes.CutSuffix}, {"Equal", bytes.Equal},
		{"EqualFold", bytes.EqualFold}, {"Fields", bytes.Fields}, {"HasPrefix", bytes.HasPrefix},
		{"HasSuffix", bytes.HasSuffix}, {"Index", bytes.Index}, {"IndexAny", bytes.IndexAny},
		{"IndexByte", bytes.IndexByte}, {"IndexRune", bytes.IndexRune}, {"LastIndex", bytes.LastIndex},
		{"LastIndexAny", bytes.LastIndexAny}, {"LastIndexByte", bytes.LastIndexByte}, {"Repeat", bytes.Repeat},
		{"Replace", bytes.Replace}, {"ReplaceAll", bytes.ReplaceAll}, {"Runes", bytes.Runes},
		{"Split", bytes.Split}, {"SplitN", bytes.SplitN}, {"SplitAfter", bytes.SplitAfter},
		{"ToLower", bytes.ToLower}, {"ToTitle", bytes.ToTitle}, {"ToUpper", bytes.ToUpper},
		{"ToValidUTF8", bytes.ToValidUTF8}, {"Trim", bytes.Trim}, {"TrimLeft", bytes.TrimLeft},
		{"TrimPrefix", bytes.TrimPrefix}, {"TrimRight", bytes.TrimRight}, {"TrimSpace", bytes.TrimSpace},
		{"TrimSuffix", bytes.TrimSuffix}, {"Clone", bytes.Clone},
		{"IndexFunc", bytes.IndexFunc}, {"TrimFunc", bytes.TrimFunc}, {"FieldsFunc", bytes.FieldsFunc},
		{"Map", bytes.Map},
	} {
		b.wrap(f.n, f.f)
	}
	b.fn("Join", 2, 1, join)
	b.sig("Join", "func Join(s [][]byte, sep []byte) []byte")
	gapBytes(b)
	b.register()
}
