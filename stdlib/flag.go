package stdlib

import (
	"errors"
	"flag"
	"io"
	"sync"

	"github.com/goro-lang/goro/vm"
)

// flag (SPEC §10) on Go's own flag package: each Goro FlagSet is a Go
// flag.FlagSet, so parsing, error texts and the usage text are Go's. The
// module's functions use the runtime's command-line set, named after the
// script (os.Args[0]) and parsing os.Args[1:].
//
// String, Int, Bool, Float64 and Duration return pointers, as Go's do:
// *p is the flag's value after Parse (the pointer reads and writes the Go
// flag's variable under the set's lock). Go's ExitOnError prints the error and usage to stderr and
// exits with status 2 (0 for -h); ContinueOnError returns the error;
// PanicOnError panics with it.

var flagSetType = &vm.ObjType{Name: "flag.FlagSet"}

// flagSet is a FlagSet. mu guards fs and the variables its flags write
// (flag values are read from any goroutine).
type flagSet struct {
	mu       sync.Mutex
	fs       *flag.FlagSet
	handling flag.ErrorHandling
	args     []string // the command-line set's arguments (os.Args[1:])
	usage    vm.Value // a script's usage function (SetUsage), or nil
}

// rtWriter writes to the runtime's stderr (flag's usage and errors).
type rtWriter struct{ rt *vm.Runtime }

func (w rtWriter) Write(p []byte) (int, error) { return w.rt.Stderr().Write(p) }

func newFlagSet(rt *vm.Runtime, name string, h flag.ErrorHandling) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(rtWriter{rt})
	return &flagSet{fs: fs, handling: h}
}

func flagSetArg(args []vm.Value) *flagSet { return args[0].Object().Data.(*flagSet) }

// flagDefs are the definers, shared by the module and FlagSet methods: each
// takes (name, value, usage) and returns a flag value object.
var flagDefs = map[string]func(s *flagSet, name string, args []vm.Value, i int) (vm.Value, error){
	"String": func(s *flagSet, name string, args []vm.Value, i int) (vm.Value, error) {
		v, err := vm.ArgStr(name, args, i)
		if err != nil {
			return vm.Nil, err
		}
		return s.define(name, args, i, "string", func(n, u string) (func() vm.Value, func(vm.Value) bool) {
			p := s.fs.String(n, v, u)
			return func() vm.Value { return vm.String(*p) }, func(x vm.Value) (ok bool) { *p, ok = x.ToStr(); return }
		})
	},
	"Int": func(s *flagSet, name string, args []vm.Value, i int) (vm.Value, error) {
		v, err := vm.ArgInt(name, args, i)
		if err != nil {
			return vm.Nil, err
		}
		return s.define(name, args, i, "int", func(n, u string) (func() vm.Value, func(vm.Value) bool) {
			p := s.fs.Int64(n, v, u)
			return func() vm.Value { return vm.Int(*p) }, func(x vm.Value) (ok bool) { *p, ok = x.ToInt(); return }
		})
	},
	"Bool": func(s *flagSet, name string, args []vm.Value, i int) (vm.Value, error) {
		v, err := vm.ArgBool(name, args, i)
		if err != nil {
			return vm.Nil, err
		}
		return s.define(name, args, i, "bool", func(n, u string) (func() vm.Value, func(vm.Value) bool) {
			p := s.fs.Bool(n, v, u)
			return func() vm.Value { return vm.Bool(*p) }, func(x vm.Value) (ok bool) { *p, ok = x.ToBool(); return }
		})
	},
	"Float64": func(s *flagSet, name string, args []vm.Value, i int) (vm.Value, error) {
		v, err := vm.ArgNumber(name, args, i)
		if err != nil {
			return vm.Nil, err
		}
		return s.define(name, args, i, "float64", func(n, u string) (func() vm.Value, func(vm.Value) bool) {
			p := s.fs.Float64(n, v, u)
			return func() vm.Value { return vm.Float(*p) }, func(x vm.Value) bool {
				if !x.IsNumber() {
					return false
				}
				*p, _ = x.ToFloat()
				return true
			}
		})
	},
	"Duration": func(s *flagSet, name string, args []vm.Value, i int) (vm.Value, error) {
		v, err := durationArg(name, args, i)
		if err != nil {
			return vm.Nil, err
		}
		return s.define(name, args, i, "time.Duration", func(n, u string) (func() vm.Value, func(vm.Value) bool) {
			p := s.fs.Duration(n, v, u)
			return func() vm.Value { return durationValue(*p) }, func(x vm.Value) (ok bool) { *p, ok = durationOf(x); return }
		})
	},
}

// flagDefDocs documents the definers (module functions; FlagSet methods
// alike).
var flagDefDocs = map[string][2]string{
	"String":   {"func String(name string, value string, usage string) *string", "String defines a string flag; *p is its value after Parse."},
	"Int":      {"func Int(name string, value int, usage string) *int", "Int defines an int flag; *p is its value after Parse."},
	"Bool":     {"func Bool(name string, value bool, usage string) *bool", "Bool defines a bool flag (-v, -v=false); *p is its value after Parse."},
	"Float64":  {"func Float64(name string, value float64, usage string) *float64", "Float64 defines a float64 flag; *p is its value after Parse."},
	"Duration": {"func Duration(name string, value time.Duration, usage string) *time.Duration", "Duration defines a duration flag (1m30s); *p is its value after Parse."},
}

// define adds a flag named by args[i-1] with usage args[i+1] and returns a
// pointer to its variable (read *p after Parse, as in Go); Go's flag panics
// on a redefinition, which becomes a Goro panic with Go's text.
func (s *flagSet) define(name string, args []vm.Value, i int, elem string, mk func(n, u string) (func() vm.Value, func(vm.Value) bool)) (v vm.Value, err error) {
	n, err := vm.ArgStr(name, args, i-1)
	if err != nil {
		return vm.Nil, err
	}
	u, err := vm.ArgStr(name, args, i+1)
	if err != nil {
		return vm.Nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			v, err = vm.Nil, vm.PlainErrorf("%v", r)
		}
	}()
	get, set := mk(n, u)
	getter := vm.NewNative("flag.get", 1, func(t *vm.Thread, _ []vm.Value) (vm.Value, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		return get(), nil
	})
	setter := vm.NewNative("flag.set", 0, func(t *vm.Thread, a []vm.Value) (vm.Value, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		if len(a) != 1 || !set(a[0]) {
			return vm.Nil, vm.Errorf("cannot assign %s to *%s", a[0].TypeName(), elem)
		}
		return vm.Nil, nil
	})
	return vm.NewPointer(elem, getter.Value(), setter.Value()), nil
}

// parse parses args and applies the set's error handling.
func (s *flagSet) parse(t *vm.Thread, args []string) (vm.Value, error) {
	s.mu.Lock()
	usage := s.usage
	if usage.IsNil() {
		s.fs.Usage = nil // Go's default usage text
	} else {
		// A script's usage function runs after the lock is released.
		s.fs.Usage = func() {}
	}
	err := s.fs.Parse(args)
	s.mu.Unlock()
	if err == nil {
		return vm.Nil, nil
	}
	if !usage.IsNil() {
		if _, cerr := t.Call(usage); cerr != nil {
			return vm.Nil, cerr
		}
	}
	switch s.handling {
	case flag.ContinueOnError:
		return errValue(err), nil
	case flag.PanicOnError:
		return vm.Nil, vm.Throw(errValue(err))
	}
	if rerr := t.Require(vm.CapExit, "flag.Parse"); rerr != nil {
		return vm.Nil, rerr // ExitOnError in a run that may not exit
	}
	if errors.Is(err, flag.ErrHelp) {
		return vm.Nil, &vm.ExitError{Code: 0}
	}
	return vm.Nil, &vm.ExitError{Code: 2}
}

// flagSetMethods are a FlagSet's methods other than the definers, as
// functions of the set; the module's functions are the same on the
// command-line set.
var flagSetMethods = map[string]struct {
	nargs, nres int
	sig, doc    string
	f           func(t *vm.Thread, s *flagSet, args []vm.Value) (vm.Value, error)
}{
	"Args": {0, 1, "func Args() []string", "Args returns the arguments left after the flags.", func(t *vm.Thread, s *flagSet, args []vm.Value) (vm.Value, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		return strList(s.fs.Args()), nil
	}},
	"Arg": {1, 1, "func Arg(i int) string", "Arg returns the i'th argument left after the flags, or \"\".", func(t *vm.Thread, s *flagSet, args []vm.Value) (vm.Value, error) {
		i, err := vm.ArgInt("flag.Arg", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		return vm.String(s.fs.Arg(int(i))), nil
	}},
	"NArg": {0, 1, "func NArg() int", "NArg is the number of arguments left after the flags.", func(t *vm.Thread, s *flagSet, args []vm.Value) (vm.Value, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		return vm.Int(int64(s.fs.NArg())), nil
	}},
	"NFlag": {0, 1, "func NFlag() int", "NFlag is the number of flags that have been set.", func(t *vm.Thread, s *flagSet, args []vm.Value) (vm.Value, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		return vm.Int(int64(s.fs.NFlag())), nil
	}},
	"Parsed": {0, 1, "func Parsed() bool", "Parsed reports whether Parse has been called.", func(t *vm.Thread, s *flagSet, args []vm.Value) (vm.Value, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		return vm.Bool(s.fs.Parsed()), nil
	}},
	"PrintDefaults": {0, 0, "func PrintDefaults()", "PrintDefaults prints the flags' usage to stderr, as Go does.", func(t *vm.Thread, s *flagSet, args []vm.Value) (vm.Value, error) {
		s.mu.Lock()
		defer s.mu.Unlock()
		s.fs.PrintDefaults()
		return vm.Nil, nil
	}},
	"Set": {2, 1, "func Set(name, value string) error", "Set sets the value of the named flag.", func(t *vm.Thread, s *flagSet, args []vm.Value) (vm.Value, error) {
		n, err := vm.ArgStr("flag.Set", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		v, err := vm.ArgStr("flag.Set", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		return errValue(s.fs.Set(n, v)), nil
	}},
	"SetUsage": {1, 0, "func SetUsage(f func())", "SetUsage replaces the usage text printed on a parse error (Go's flag.Usage = f).", func(t *vm.Thread, s *flagSet, args []vm.Value) (vm.Value, error) {
		f, err := vm.ArgFunc("flag.SetUsage", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		s.usage = f
		return vm.Nil, nil
	}},
}

func init() {
	flagSetType.Methods = map[string]*vm.Native{}
	for _, name := range sortedKeys(flagDefs) {
		def := flagDefs[name]
		mname := "flag.FlagSet." + name
		flagSetType.Methods[name] = newMethod("flag.FlagSet", name, 3, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return def(flagSetArg(args), mname, args, 2)
		})
	}
	for _, name := range sortedKeys(flagSetMethods) {
		fm := flagSetMethods[name]
		flagSetType.Methods[name] = newMethod("flag.FlagSet", name, fm.nargs, fm.nres, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return fm.f(t, flagSetArg(args), args[1:])
		})
	}
	flagSetType.Methods["Parse"] = newMethod("flag.FlagSet", "Parse", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		l, err := vm.ArgList("flag.FlagSet.Parse", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		strs, err := strArgs("flag.FlagSet.Parse", l.Snapshot())
		if err != nil {
			return vm.Nil, err
		}
		return flagSetArg(args).parse(t, strs)
	})
	flagSetType.Methods["Name"] = newMethod("flag.FlagSet", "Name", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return vm.String(flagSetArg(args).fs.Name()), nil
	})

	m := newModule("flag")
	m.pure() // parses the run's own os.Args, which the host sets (Options.Args); a parse error ends the run with status 2, as a panic would end it
	m.value("ContinueOnError", vm.Int(int64(flag.ContinueOnError)))
	m.value("ExitOnError", vm.Int(int64(flag.ExitOnError)))
	m.value("PanicOnError", vm.Int(int64(flag.PanicOnError)))
	m.value("ErrHelp", errValue(flag.ErrHelp))
	m.doc("ContinueOnError", "const ContinueOnError ErrorHandling", "ContinueOnError: Parse returns the error.")
	m.doc("ExitOnError", "const ExitOnError ErrorHandling", "ExitOnError: Parse prints the error and usage and exits with status 2 (0 for -h).")
	m.doc("PanicOnError", "const PanicOnError ErrorHandling", "PanicOnError: Parse panics with the error.")
	m.doc("ErrHelp", "var ErrHelp error", "ErrHelp is the error of -help or -h when no such flag is defined.")
	m.state = func(rt *vm.Runtime) any {
		name := "goro"
		var rest []string
		if a := rt.Args(); len(a) > 0 {
			name, rest = a[0], a[1:]
		}
		s := newFlagSet(rt, name, flag.ExitOnError)
		s.args = rest
		return s
	}
	for _, name := range sortedKeys(flagDefs) {
		def := flagDefs[name]
		mname := "flag." + name
		m.perRuntimeState(name, func(rt *vm.Runtime, st any) vm.Value {
			s := st.(*flagSet)
			return vm.NewNative(mname, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
				if err := vm.CheckArgs(mname, args, 3); err != nil {
					return vm.Nil, err
				}
				return def(s, mname, args, 1)
			}).Value()
		})
		d := flagDefDocs[name]
		m.doc(name, d[0], d[1])
	}
	for _, name := range sortedKeys(flagSetMethods) {
		fm := flagSetMethods[name]
		mname := "flag." + name
		m.perRuntimeState(name, func(rt *vm.Runtime, st any) vm.Value {
			s := st.(*flagSet)
			return vm.NewNative(mname, fm.nres, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
				if err := vm.CheckArgs(mname, args, fm.nargs); err != nil {
					return vm.Nil, err
				}
				return fm.f(t, s, args)
			}).Value()
		})
		m.doc(name, fm.sig, fm.doc)
	}
	m.perRuntimeState("Parse", func(rt *vm.Runtime, st any) vm.Value {
		s := st.(*flagSet)
		return vm.NewNative("flag.Parse", 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			if err := vm.CheckArgs("flag.Parse", args, 0); err != nil {
				return vm.Nil, err
			}
			_, err := s.parse(t, s.args)
			return vm.Nil, err
		}).Value()
	})
	m.doc("Parse", "func Parse()", "Parse parses the command line (os.Args[1:]); on an error it prints it and the usage and exits with status 2.")
	m.perRuntime("NewFlagSet", func(rt *vm.Runtime) vm.Value {
		return vm.NewNative("flag.NewFlagSet", 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			if err := vm.CheckArgs("flag.NewFlagSet", args, 2); err != nil {
				return vm.Nil, err
			}
			name, err := vm.ArgStr("flag.NewFlagSet", args, 0)
			if err != nil {
				return vm.Nil, err
			}
			h, err := vm.ArgInt("flag.NewFlagSet", args, 1)
			if err != nil {
				return vm.Nil, err
			}
			if h < 0 || h > int64(flag.PanicOnError) {
				return vm.Nil, vm.Errorf("flag.NewFlagSet: bad error handling %d", h)
			}
			return vm.NewObject(flagSetType, newFlagSet(rt, name, flag.ErrorHandling(h))), nil
		}).Value()
	})
	m.doc("NewFlagSet", "func NewFlagSet(name string, errorHandling ErrorHandling) *FlagSet", "NewFlagSet returns an empty flag set (for subcommands) with the same definers and Parse(args).")
	m.register()
}

var _ io.Writer = rtWriter{}
