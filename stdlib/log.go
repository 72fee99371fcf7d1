package stdlib

import (
	"log"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/goro-lang/goro/vm"
)

// log (SPEC §10): Go's log package's Logger: a prefix, Go's flags (Ldate,
// Ltime, Lmicroseconds, Lshortfile, Llongfile, LUTC, Lmsgprefix) and an
// output writer (any Goro writer; the standard logger writes to the
// runtime's stderr). Each message is one Write, with Go's header; the
// file:line of Lshortfile/Llongfile is the script's call site, which is why
// the header is built here (Go's logger would name the host's Go file).
// Fatal* exit with status 1 after writing, Panic* panic with the message.

var loggerType = &vm.ObjType{Name: "log.Logger"}

// logger is a log.Logger. mu guards its fields; writes are serialized by
// wmu, so that lines from goroutines never interleave.
type logger struct {
	mu     sync.Mutex
	prefix string
	flags  int
	out    vm.Value // nil: the runtime's stderr
	wmu    sync.Mutex
}

// header appends Go's log header (log.formatHeader) for a message logged
// at now from file:line.
func (l *logger) header(b []byte, prefix string, flags int, now time.Time, file string, line int) []byte {
	if flags&log.Lmsgprefix == 0 {
		b = append(b, prefix...)
	}
	if flags&(log.Ldate|log.Ltime|log.Lmicroseconds) != 0 {
		if flags&log.LUTC != 0 {
			now = now.UTC()
		}
		if flags&log.Ldate != 0 {
			b = now.AppendFormat(b, "2006/01/02 ")
		}
		if flags&(log.Ltime|log.Lmicroseconds) != 0 {
			b = now.AppendFormat(b, "15:04:05")
			if flags&log.Lmicroseconds != 0 {
				b = now.AppendFormat(b, ".000000")
			}
			b = append(b, ' ')
		}
	}
	if flags&(log.Lshortfile|log.Llongfile) != 0 {
		if flags&log.Lshortfile != 0 {
			if i := strings.LastIndexByte(file, '/'); i >= 0 {
				file = file[i+1:]
			}
		}
		b = append(b, file...)
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(line), 10)
		b = append(b, ": "...)
	}
	if flags&log.Lmsgprefix != 0 {
		b = append(b, prefix...)
	}
	return b
}

// output writes msg with the header, adding a newline if msg lacks one.
func (l *logger) output(t *vm.Thread, msg []byte) error {
	now := time.Now()
	l.mu.Lock()
	prefix, flags, out := l.prefix, l.flags, l.out
	l.mu.Unlock()
	file, line := "???", 0
	if flags&(log.Lshortfile|log.Llongfile) != 0 {
		if f, n, ok := t.CallerPos(); ok {
			file, line = f, n
		}
	}
	b := l.header(make([]byte, 0, len(prefix)+32+len(msg)), prefix, flags, now, file, line)
	b = append(b, msg...)
	if len(msg) == 0 || msg[len(msg)-1] != '\n' {
		b = append(b, '\n')
	}
	l.wmu.Lock()
	defer l.wmu.Unlock()
	if out.IsNil() {
		w := t.Runtime().Stderr()
		t.Syscall(func() { _, _ = w.Write(b) })
		return nil
	}
	w, err := newWriter(t, "log", []vm.Value{out}, 0)
	if err != nil {
		return err
	}
	_, werr := w.Write(b)
	if se, ok := werr.(*scriptError); ok {
		return se.err
	}
	return nil
}

// logFuncs are the Logger's methods as functions of a logger; the module's
// functions are the same on the standard logger.
var logFuncs = map[string]struct {
	min, max, nres int
	sig, doc       string
	f              func(t *vm.Thread, l *logger, args []vm.Value) (vm.Value, error)
}{
	"Print":   {0, -1, 0, "func Print(v ...any)", "Print logs its operands as fmt.Print does.", logPrint("Print", appendPrint, 0)},
	"Println": {0, -1, 0, "func Println(v ...any)", "Println logs its operands as fmt.Println does.", logPrint("Println", appendPrintln, 0)},
	"Printf":  {1, -1, 0, "func Printf(format string, v ...any)", "Printf logs a message formatted as fmt.Printf does.", logPrintf("Printf", 0)},
	"Fatal":   {0, -1, 0, "func Fatal(v ...any)", "Fatal is Print followed by os.Exit(1).", logPrint("Fatal", appendPrint, 1)},
	"Fatalln": {0, -1, 0, "func Fatalln(v ...any)", "Fatalln is Println followed by os.Exit(1).", logPrint("Fatalln", appendPrintln, 1)},
	"Fatalf":  {1, -1, 0, "func Fatalf(format string, v ...any)", "Fatalf is Printf followed by os.Exit(1).", logPrintf("Fatalf", 1)},
	"Panic":   {0, -1, 0, "func Panic(v ...any)", "Panic is Print followed by a panic with the message.", logPrint("Panic", appendPrint, 2)},
	"Panicln": {0, -1, 0, "func Panicln(v ...any)", "Panicln is Println followed by a panic with the message.", logPrint("Panicln", appendPrintln, 2)},
	"Panicf":  {1, -1, 0, "func Panicf(format string, v ...any)", "Panicf is Printf followed by a panic with the message.", logPrintf("Panicf", 2)},
	"SetFlags": {1, 1, 0, "func SetFlags(flag int)", "SetFlags sets the output flags (Ldate, Ltime, Lshortfile, ...).", func(t *vm.Thread, l *logger, args []vm.Value) (vm.Value, error) {
		n, err := vm.ArgInt("log.SetFlags", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		l.mu.Lock()
		l.flags = int(n)
		l.mu.Unlock()
		return vm.Nil, nil
	}},
	"Flags": {0, 0, 1, "func Flags() int", "Flags returns the output flags.", func(t *vm.Thread, l *logger, args []vm.Value) (vm.Value, error) {
		l.mu.Lock()
		defer l.mu.Unlock()
		return vm.Int(int64(l.flags)), nil
	}},
	"SetPrefix": {1, 1, 0, "func SetPrefix(prefix string)", "SetPrefix sets the prefix of each line (or of the message, with Lmsgprefix).", func(t *vm.Thread, l *logger, args []vm.Value) (vm.Value, error) {
		p, err := vm.ArgStr("log.SetPrefix", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		l.mu.Lock()
		l.prefix = p
		l.mu.Unlock()
		return vm.Nil, nil
	}},
	"Prefix": {0, 0, 1, "func Prefix() string", "Prefix returns the prefix.", func(t *vm.Thread, l *logger, args []vm.Value) (vm.Value, error) {
		l.mu.Lock()
		defer l.mu.Unlock()
		return vm.String(l.prefix), nil
	}},
	"SetOutput": {1, 1, 0, "func SetOutput(w io.Writer)", "SetOutput sets the writer the messages go to.", func(t *vm.Thread, l *logger, args []vm.Value) (vm.Value, error) {
		if _, err := newWriter(t, "log.SetOutput", args, 0); err != nil {
			return vm.Nil, err
		}
		l.mu.Lock()
		l.out = args[0]
		l.mu.Unlock()
		return vm.Nil, nil
	}},
	"Writer": {0, 0, 1, "func Writer() io.Writer", "Writer returns the output writer (os.Stderr for the standard logger).", func(t *vm.Thread, l *logger, args []vm.Value) (vm.Value, error) {
		l.mu.Lock()
		defer l.mu.Unlock()
		if l.out.IsNil() {
			return vm.NewObject(fileType, &osFile{name: "/dev/stderr", rt: t.Runtime(), fd: 2}), nil
		}
		return l.out, nil
	}},
}

// logEnd is what happens after a message: 0 nothing, 1 exit(1), 2 panic.
func logEnd(t *vm.Thread, name string, msg []byte, end int) (vm.Value, error) {
	switch end {
	case 1:
		// A Logger's Fatal methods exit too: the same check as the
		// module's gated Fatal functions.
		if err := t.Require(vm.CapExit, "log."+name); err != nil {
			return vm.Nil, err
		}
		return vm.Nil, &vm.ExitError{Code: 1}
	case 2:
		return vm.Nil, vm.Throw(vm.String(strings.TrimSuffix(string(msg), "\n")))
	}
	return vm.Nil, nil
}

func logPrint(name string, format func(*vm.Thread, []byte, []vm.Value) []byte, end int) func(t *vm.Thread, l *logger, args []vm.Value) (vm.Value, error) {
	return func(t *vm.Thread, l *logger, args []vm.Value) (vm.Value, error) {
		msg := format(t, nil, args)
		if err := l.output(t, msg); err != nil {
			return vm.Nil, err
		}
		return logEnd(t, name, msg, end)
	}
}

func logPrintf(name string, end int) func(t *vm.Thread, l *logger, args []vm.Value) (vm.Value, error) {
	return func(t *vm.Thread, l *logger, args []vm.Value) (vm.Value, error) {
		msg, err := sprintf(t, "log."+name, args, false)
		if err != nil {
			return vm.Nil, err
		}
		if err := l.output(t, msg); err != nil {
			return vm.Nil, err
		}
		return logEnd(t, name, msg, end)
	}
}

func init() {
	loggerType.Methods = map[string]*vm.Native{}
	m := newModule("log")
	m.needs(vm.CapExit, "Fatal", "Fatalf", "Fatalln") // writes to the run's own stderr (the host's writer); Fatal ends the run, as os.Exit does
	m.pure()
	for _, c := range []struct {
		name string
		v    int
		doc  string
	}{
		{"Ldate", log.Ldate, "the date in the local time zone: 2009/01/23"},
		{"Ltime", log.Ltime, "the time in the local time zone: 01:23:23"},
		{"Lmicroseconds", log.Lmicroseconds, "microsecond resolution: 01:23:23.123123 (assumes Ltime)"},
		{"Llongfile", log.Llongfile, "the script's full file name and line number: /a/b/c.goro:23"},
		{"Lshortfile", log.Lshortfile, "the file's last element and line number: c.goro:23"},
		{"LUTC", log.LUTC, "UTC rather than the local time zone"},
		{"Lmsgprefix", log.Lmsgprefix, "the prefix just before the message rather than at the line's start"},
		{"LstdFlags", log.LstdFlags, "Ldate | Ltime, the standard logger's initial flags"},
	} {
		m.value(c.name, vm.Int(int64(c.v)))
		m.doc(c.name, "const "+c.name+" = "+strconv.Itoa(c.v), c.name+": "+c.doc+".")
	}
	m.state = func(rt *vm.Runtime) any { return &logger{flags: log.LstdFlags} }
	for _, name := range sortedKeys(logFuncs) {
		lf := logFuncs[name]
		mname := "log." + name
		loggerType.Methods[name] = vm.NewMethod("log.Logger."+name, lf.nres, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			if err := vm.CheckArgsRange("log.Logger."+name, args[1:], lf.min, lf.max); err != nil {
				return vm.Nil, err
			}
			return lf.f(t, args[0].Object().Data.(*logger), args[1:])
		})
		m.perRuntimeState(name, func(rt *vm.Runtime, st any) vm.Value {
			l := st.(*logger)
			return vm.NewNative(mname, lf.nres, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
				if err := vm.CheckArgsRange(mname, args, lf.min, lf.max); err != nil {
					return vm.Nil, err
				}
				return lf.f(t, l, args)
			}).Value()
		})
		m.doc(name, lf.sig, lf.doc)
	}
	m.perRuntimeState("Default", func(rt *vm.Runtime, st any) vm.Value {
		v := vm.NewObject(loggerType, st)
		return vm.NewNative("log.Default", 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			if err := vm.CheckArgs("log.Default", args, 0); err != nil {
				return vm.Nil, err
			}
			return v, nil
		}).Value()
	})
	m.doc("Default", "func Default() *Logger", "Default returns the standard logger the module's functions use.")
	m.fn("New", 3, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		if _, err := newWriter(t, "log.New", args, 0); err != nil {
			return vm.Nil, err
		}
		p, err := vm.ArgStr("log.New", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		f, err := vm.ArgInt("log.New", args, 2)
		if err != nil {
			return vm.Nil, err
		}
		return vm.NewObject(loggerType, &logger{prefix: p, flags: int(f), out: args[0]}), nil
	})
	m.doc("New", "func New(out io.Writer, prefix string, flag int) *Logger", "New makes a Logger writing to out, with a prefix and flags; it has the module's functions as methods.")
	m.register()
}
