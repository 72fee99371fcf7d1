package stdlib

import (
	"encoding/csv"
	"sync"
	"unicode/utf8"

	"github.com/goro-lang/goro/vm"
)

// encoding/csv (SPEC §10) on Go's csv.Reader and csv.Writer over any Goro
// reader or writer. Records are lists of strings. The options are settable
// fields, as in Go: r.Comma = ";", r.Comment = "#", r.FieldsPerRecord,
// r.LazyQuotes, r.TrimLeadingSpace, r.ReuseRecord (ignored: records are
// always new lists); w.Comma, w.UseCRLF. Comma and Comment are one-rune
// strings (Goro has no rune literals distinct from ints; an int works too).

var (
	csvReaderType = &vm.ObjType{Name: "csv.Reader"}
	csvWriterType = &vm.ObjType{Name: "csv.Writer"}
)

// csvReader is a csv.Reader and the adapter it reads through; mu is held
// for each call (the adapter is bound to the calling thread meanwhile).
type csvReader struct {
	mu  sync.Mutex
	src *valReader
	r   *csv.Reader
}

type csvWriter struct {
	mu  sync.Mutex
	dst *valWriter
	w   *csv.Writer
}

// runeArg reads a rune option: a one-rune string or an int.
func csvRuneArg(name string, v vm.Value) (rune, error) {
	if n, ok := v.ToInt(); ok {
		return rune(n), nil
	}
	if s, ok := v.ToStr(); ok {
		r, size := utf8.DecodeRuneInString(s)
		if size == len(s) && size > 0 {
			return r, nil
		}
		if s == "" {
			return 0, nil
		}
	}
	return 0, vm.Errorf("%s: want a one-character string, got %s", name, vm.Repr(v))
}

func csvRecord(rec []string) vm.Value { return strList(rec) }

func init() {
	rd := func(args []vm.Value) *csvReader { return args[0].Object().Data.(*csvReader) }
	csvReaderType.Methods = map[string]*vm.Native{
		"Read": newMethod("csv.Reader", "Read", 0, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			r := rd(args)
			r.mu.Lock()
			defer r.mu.Unlock()
			r.src.t = t
			rec, err := r.r.Read()
			if se, ok := err.(*scriptError); ok {
				return vm.Nil, se.err
			}
			if rec == nil {
				return t.Ret2(vm.Nil, errValue(err))
			}
			return t.Ret2(csvRecord(rec), errValue(err))
		}),
		"ReadAll": newMethod("csv.Reader", "ReadAll", 0, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			r := rd(args)
			r.mu.Lock()
			defer r.mu.Unlock()
			r.src.t = t
			recs, err := r.r.ReadAll()
			if se, ok := err.(*scriptError); ok {
				return vm.Nil, se.err
			}
			items := make([]vm.Value, len(recs))
			for i, rec := range recs {
				items[i] = csvRecord(rec)
			}
			return t.Ret2(vm.NewListValue(items), errValue(err))
		}),
		"FieldPos": newMethod("csv.Reader", "FieldPos", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			f, err := vm.ArgInt("csv.Reader.FieldPos", args, 1)
			if err != nil {
				return vm.Nil, err
			}
			r := rd(args)
			r.mu.Lock()
			defer r.mu.Unlock()
			line, col := r.r.FieldPos(int(f)) // Go panics on a bad index: a Goro panic
			return t.Ret2(vm.Int(int64(line)), vm.Int(int64(col)))
		}),
		"InputOffset": newMethod("csv.Reader", "InputOffset", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			r := rd(args)
			r.mu.Lock()
			defer r.mu.Unlock()
			return vm.Int(r.r.InputOffset()), nil
		}),
	}
	csvReaderType.Attr = func(o *vm.Object, name string) (vm.Value, bool) {
		r := o.Data.(*csvReader)
		r.mu.Lock()
		defer r.mu.Unlock()
		switch name {
		case "Comma":
			return vm.String(string(r.r.Comma)), true
		case "Comment":
			if r.r.Comment == 0 {
				return vm.String(""), true
			}
			return vm.String(string(r.r.Comment)), true
		case "FieldsPerRecord":
			return vm.Int(int64(r.r.FieldsPerRecord)), true
		case "LazyQuotes":
			return vm.Bool(r.r.LazyQuotes), true
		case "TrimLeadingSpace":
			return vm.Bool(r.r.TrimLeadingSpace), true
		case "ReuseRecord":
			return vm.Bool(r.r.ReuseRecord), true
		}
		return vm.Nil, false
	}
	csvReaderType.SetAttr = func(o *vm.Object, name string, v vm.Value) (bool, error) {
		r := o.Data.(*csvReader)
		r.mu.Lock()
		defer r.mu.Unlock()
		var err error
		switch name {
		case "Comma":
			r.r.Comma, err = csvRuneArg("csv.Reader.Comma", v)
		case "Comment":
			r.r.Comment, err = csvRuneArg("csv.Reader.Comment", v)
		case "FieldsPerRecord":
			n, ok := v.ToInt()
			if !ok {
				return true, vm.Errorf("csv.Reader.FieldsPerRecord: want int, got %s", v.TypeName())
			}
			r.r.FieldsPerRecord = int(n)
		case "LazyQuotes", "TrimLeadingSpace", "ReuseRecord":
			b, ok := v.ToBool()
			if !ok {
				return true, vm.Errorf("csv.Reader.%s: want bool, got %s", name, v.TypeName())
			}
			switch name {
			case "LazyQuotes":
				r.r.LazyQuotes = b
			case "TrimLeadingSpace":
				r.r.TrimLeadingSpace = b
			default:
				r.r.ReuseRecord = b
			}
		default:
			return false, nil
		}
		return true, err
	}

	wr := func(args []vm.Value) *csvWriter { return args[0].Object().Data.(*csvWriter) }
	record := func(name string, v vm.Value) ([]string, error) {
		l := v.List()
		if l == nil {
			return nil, vm.Errorf("%s: want a list of strings, got %s", name, v.TypeName())
		}
		return strArgs(name, l.Snapshot())
	}
	csvWriterType.Methods = map[string]*vm.Native{
		"Write": newMethod("csv.Writer", "Write", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			rec, err := record("csv.Writer.Write", args[1])
			if err != nil {
				return vm.Nil, err
			}
			w := wr(args)
			w.mu.Lock()
			defer w.mu.Unlock()
			w.dst.t = t
			return ioResult(w.w.Write(rec))
		}),
		"WriteAll": newMethod("csv.Writer", "WriteAll", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			l, err := vm.ArgList("csv.Writer.WriteAll", args, 1)
			if err != nil {
				return vm.Nil, err
			}
			items := l.Snapshot()
			recs := make([][]string, len(items))
			for i, it := range items {
				if recs[i], err = record("csv.Writer.WriteAll", it); err != nil {
					return vm.Nil, err
				}
			}
			w := wr(args)
			w.mu.Lock()
			defer w.mu.Unlock()
			w.dst.t = t
			return ioResult(w.w.WriteAll(recs))
		}),
		"Flush": newMethod("csv.Writer", "Flush", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			w := wr(args)
			w.mu.Lock()
			defer w.mu.Unlock()
			w.dst.t = t
			w.w.Flush()
			if se, ok := w.w.Error().(*scriptError); ok {
				return vm.Nil, se.err
			}
			return vm.Nil, nil
		}),
		"Error": newMethod("csv.Writer", "Error", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			w := wr(args)
			w.mu.Lock()
			defer w.mu.Unlock()
			return ioResult(w.w.Error())
		}),
	}
	csvWriterType.Attr = func(o *vm.Object, name string) (vm.Value, bool) {
		w := o.Data.(*csvWriter)
		w.mu.Lock()
		defer w.mu.Unlock()
		switch name {
		case "Comma":
			return vm.String(string(w.w.Comma)), true
		case "UseCRLF":
			return vm.Bool(w.w.UseCRLF), true
		}
		return vm.Nil, false
	}
	csvWriterType.SetAttr = func(o *vm.Object, name string, v vm.Value) (bool, error) {
		w := o.Data.(*csvWriter)
		w.mu.Lock()
		defer w.mu.Unlock()
		switch name {
		case "Comma":
			var err error
			w.w.Comma, err = csvRuneArg("csv.Writer.Comma", v)
			return true, err
		case "UseCRLF":
			b, ok := v.ToBool()
			if !ok {
				return true, vm.Errorf("csv.Writer.UseCRLF: want bool, got %s", v.TypeName())
			}
			w.w.UseCRLF = b
			return true, nil
		}
		return false, nil
	}

	m := newModule("encoding/csv")
	m.pure() // readers and writers the script passes in
	m.fn("NewReader", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		src, err := newReader(t, "csv.NewReader", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return vm.NewObject(csvReaderType, &csvReader{src: src, r: csv.NewReader(src)}), nil
	})
	m.doc("NewReader", "func NewReader(r io.Reader) *Reader", "NewReader returns a Reader of CSV records from r: Read, ReadAll, and the fields Comma, Comment, FieldsPerRecord, LazyQuotes, TrimLeadingSpace.")
	m.fn("NewWriter", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		dst, err := newWriter(t, "csv.NewWriter", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return vm.NewObject(csvWriterType, &csvWriter{dst: dst, w: csv.NewWriter(dst)}), nil
	})
	m.doc("NewWriter", "func NewWriter(w io.Writer) *Writer", "NewWriter returns a Writer of CSV records to w: Write, WriteAll, Flush, Error, and the fields Comma, UseCRLF.")
	for _, e := range []struct {
		name string
		err  error
	}{{"ErrBareQuote", csv.ErrBareQuote}, {"ErrQuote", csv.ErrQuote}, {"ErrFieldCount", csv.ErrFieldCount}, {"ErrTrailingComma", csv.ErrTrailingComma}} {
		m.value(e.name, errValue(e.err))
		m.doc(e.name, "var "+e.name+" error", e.name+": "+e.err.Error()+" (compare with errors.Is).")
	}
	m.register()
}
