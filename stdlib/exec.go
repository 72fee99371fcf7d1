package stdlib

import (
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"

	"github.com/goro-lang/goro/vm"
)

// os/exec (SPEC §10) on Go's exec.Cmd. Run, Output, CombinedOutput, Start
// and Wait block in t.Syscall: the goroutine's P is handed to another
// thread while the process runs, so other goroutines keep running.
//
// The settable fields are Go's: Dir (string), Env (list of "K=V"), Stdin,
// Stdout, Stderr. Stdin may be a string (the process's whole input), or any
// Goro reader; Stdout and Stderr any Goro writer. Streams backed by Go
// (files, os.Stdout, strings.Builder, bytes.Buffer, a strings.Reader) are
// handed to Go directly; a script's own reader is read fully before the
// process starts and a script's own writer receives the output when Wait
// returns, because Go copies streams on host goroutines that must not call
// into the script.

var (
	cmdType          = &vm.ObjType{Name: "exec.Cmd"}
	processStateType = &vm.ObjType{Name: "os.ProcessState"}
)

// cmdObj is an exec.Cmd and the Goro values of its stream fields. mu
// guards everything; it is not held while the process runs.
type cmdObj struct {
	mu                    sync.Mutex
	cmd                   *exec.Cmd
	stdin, stdout, stderr vm.Value
	started               bool
	// flush delivers buffered output to script writers after Wait.
	flush []func(t *vm.Thread) error
	ctxv  vm.Value // the context of CommandContext (kept alive), or nil
}

// goStreamOf returns the Go stream behind v when v is backed by one.
func directWriter(v vm.Value) io.Writer {
	if o := v.Object(); o != nil {
		if s, ok := o.Data.(goStream); ok {
			if w, _ := s.goWriter(); w != nil {
				return w
			}
		}
	}
	return nil
}

func directReader(v vm.Value) io.Reader {
	if o := v.Object(); o != nil {
		if s, ok := o.Data.(goStream); ok {
			if r, _ := s.goReader(); r != nil {
				return r
			}
		}
	}
	return nil
}

// prepare sets the Go command's streams from the Goro fields. Must hold
// c.mu. skipStdout leaves Stdout to Output/CombinedOutput.
func (c *cmdObj) prepare(t *vm.Thread, name string, skipStdout, skipStderr bool) error {
	c.flush = nil
	switch v := c.stdin; {
	case v.IsNil():
	case v.Kind() == vm.KindString:
		c.cmd.Stdin = strings.NewReader(v.AsStr())
	default:
		if r := directReader(v); r != nil {
			c.cmd.Stdin = r
			break
		}
		r, err := newReader(t, name, []vm.Value{v}, 0)
		if err != nil {
			return vm.Errorf("%s: Stdin is %s, want a string or a reader", name, v.TypeName())
		}
		data, rerr := io.ReadAll(r)
		if se, ok := rerr.(*scriptError); ok {
			return se.err
		}
		c.cmd.Stdin = bytes.NewReader(data)
	}
	out := func(v vm.Value, field string, set func(io.Writer)) error {
		if v.IsNil() {
			return nil
		}
		if w := directWriter(v); w != nil {
			set(w)
			return nil
		}
		if _, err := newWriter(t, name, []vm.Value{v}, 0); err != nil {
			return vm.Errorf("%s: %s is %s, want a writer", name, field, v.TypeName())
		}
		buf := &bytes.Buffer{}
		set(buf)
		c.flush = append(c.flush, func(t *vm.Thread) error {
			w, err := newWriter(t, name, []vm.Value{v}, 0)
			if err != nil {
				return err
			}
			if _, werr := w.Write(buf.Bytes()); werr != nil {
				if se, ok := werr.(*scriptError); ok {
					return se.err
				}
			}
			return nil
		})
		return nil
	}
	if !skipStdout {
		if err := out(c.stdout, "Stdout", func(w io.Writer) { c.cmd.Stdout = w }); err != nil {
			return err
		}
	}
	if !skipStderr {
		if err := out(c.stderr, "Stderr", func(w io.Writer) { c.cmd.Stderr = w }); err != nil {
			return err
		}
	}
	return nil
}

// finish delivers buffered output; a script writer's panic wins over err.
func (c *cmdObj) finish(t *vm.Thread, flush []func(*vm.Thread) error) error {
	for _, f := range flush {
		if err := f(t); err != nil {
			return err
		}
	}
	return nil
}

func cmdArg(args []vm.Value) *cmdObj { return args[0].Object().Data.(*cmdObj) }

// cmdRun is Run, Output and CombinedOutput: mode 0, 1, 2.
func cmdRun(t *vm.Thread, args []vm.Value, name string, mode int) (vm.Value, error) {
	c := cmdArg(args)
	c.mu.Lock()
	if c.started {
		c.mu.Unlock()
		if mode == 0 {
			return errValue(errors.New("exec: already started")), nil
		}
		return t.Ret2(vm.Nil, errValue(errors.New("exec: already started")))
	}
	if mode > 0 && !c.stdout.IsNil() {
		c.mu.Unlock()
		return t.Ret2(vm.Nil, errValue(errors.New("exec: Stdout already set")))
	}
	if mode == 2 && !c.stderr.IsNil() {
		c.mu.Unlock()
		return t.Ret2(vm.Nil, errValue(errors.New("exec: Stderr already set")))
	}
	if err := c.prepare(t, name, mode > 0, mode == 2); err != nil {
		c.mu.Unlock()
		return vm.Nil, err
	}
	c.started = true
	cmd, flush := c.cmd, c.flush
	c.mu.Unlock()
	var out []byte
	var err error
	t.Syscall(func() {
		switch mode {
		case 0:
			err = cmd.Run()
		case 1:
			out, err = cmd.Output()
		default:
			out, err = cmd.CombinedOutput()
		}
	})
	if ferr := c.finish(t, flush); ferr != nil {
		return vm.Nil, ferr
	}
	if mode == 0 {
		return errValue(err), nil
	}
	return t.Ret2(vm.String(string(out)), errValue(err))
}

func init() {
	strField := func(v vm.Value, field string) (string, error) {
		s, ok := v.ToStr()
		if !ok {
			return "", vm.Errorf("exec.Cmd.%s: want string, got %s", field, v.TypeName())
		}
		return s, nil
	}
	cmdType.Attr = func(o *vm.Object, name string) (vm.Value, bool) {
		c := o.Data.(*cmdObj)
		c.mu.Lock()
		defer c.mu.Unlock()
		switch name {
		case "Path":
			return vm.String(c.cmd.Path), true
		case "Args":
			return strList(c.cmd.Args), true
		case "Dir":
			return vm.String(c.cmd.Dir), true
		case "Env":
			if c.cmd.Env == nil {
				return vm.Nil, true
			}
			return strList(c.cmd.Env), true
		case "Stdin":
			return c.stdin, true
		case "Stdout":
			return c.stdout, true
		case "Stderr":
			return c.stderr, true
		case "Err":
			return errValue(c.cmd.Err), true
		case "ProcessState":
			if c.cmd.ProcessState == nil {
				return vm.Nil, true
			}
			return vm.NewObject(processStateType, c.cmd.ProcessState), true
		}
		return vm.Nil, false
	}
	cmdType.SetAttr = func(o *vm.Object, name string, v vm.Value) (bool, error) {
		c := o.Data.(*cmdObj)
		c.mu.Lock()
		defer c.mu.Unlock()
		switch name {
		case "Path":
			s, err := strField(v, name)
			c.cmd.Path = s
			return true, err
		case "Dir":
			s, err := strField(v, name)
			c.cmd.Dir = s
			return true, err
		case "Args", "Env":
			var ss []string
			if !v.IsNil() {
				l := v.List()
				if l == nil {
					return true, vm.Errorf("exec.Cmd.%s: want a list of strings, got %s", name, v.TypeName())
				}
				var err error
				if ss, err = strArgs("exec.Cmd."+name, l.Snapshot()); err != nil {
					return true, err
				}
				if ss == nil {
					ss = []string{}
				}
			}
			if name == "Args" {
				c.cmd.Args = ss
			} else {
				c.cmd.Env = ss
			}
			return true, nil
		case "Stdin":
			c.stdin = v
			return true, nil
		case "Stdout":
			c.stdout = v
			return true, nil
		case "Stderr":
			c.stderr = v
			return true, nil
		}
		return false, nil
	}
	cmdType.Str = func(o *vm.Object) string {
		c := o.Data.(*cmdObj)
		c.mu.Lock()
		defer c.mu.Unlock()
		return c.cmd.String()
	}
	cmdType.Methods = map[string]*vm.Native{
		"Run": newMethod("exec.Cmd", "Run", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return cmdRun(t, args, "exec.Cmd.Run", 0)
		}),
		"Output": newMethod("exec.Cmd", "Output", 0, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return cmdRun(t, args, "exec.Cmd.Output", 1)
		}),
		"CombinedOutput": newMethod("exec.Cmd", "CombinedOutput", 0, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return cmdRun(t, args, "exec.Cmd.CombinedOutput", 2)
		}),
		"Start": newMethod("exec.Cmd", "Start", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			c := cmdArg(args)
			c.mu.Lock()
			defer c.mu.Unlock()
			if c.started {
				return errValue(errors.New("exec: already started")), nil
			}
			if err := c.prepare(t, "exec.Cmd.Start", false, false); err != nil {
				return vm.Nil, err
			}
			var err error
			t.Syscall(func() { err = c.cmd.Start() })
			if err == nil {
				c.started = true
			}
			return errValue(err), nil
		}),
		"Wait": newMethod("exec.Cmd", "Wait", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			c := cmdArg(args)
			c.mu.Lock()
			cmd, flush := c.cmd, c.flush
			c.flush = nil
			c.mu.Unlock()
			var err error
			t.Syscall(func() { err = cmd.Wait() })
			if ferr := c.finish(t, flush); ferr != nil {
				return vm.Nil, ferr
			}
			return errValue(err), nil
		}),
		"String": newMethod("exec.Cmd", "String", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return vm.String(cmdType.Str(args[0].Object())), nil
		}),
		"Pid": newMethod("exec.Cmd", "Pid", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			c := cmdArg(args)
			c.mu.Lock()
			defer c.mu.Unlock()
			if c.cmd.Process == nil {
				return vm.Int(-1), nil
			}
			return vm.Int(int64(c.cmd.Process.Pid)), nil
		}),
		"Kill": newMethod("exec.Cmd", "Kill", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			c := cmdArg(args)
			c.mu.Lock()
			defer c.mu.Unlock()
			if c.cmd.Process == nil {
				return errValue(errors.New("exec: not started")), nil
			}
			return errValue(c.cmd.Process.Kill()), nil
		}),
	}
	ps := func(args []vm.Value) *os.ProcessState { return args[0].Object().Data.(*os.ProcessState) }
	processStateType.Methods = map[string]*vm.Native{
		"ExitCode": newMethod("os.ProcessState", "ExitCode", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return vm.Int(int64(ps(args).ExitCode())), nil
		}),
		"Success": newMethod("os.ProcessState", "Success", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return vm.Bool(ps(args).Success()), nil
		}),
		"Exited": newMethod("os.ProcessState", "Exited", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return vm.Bool(ps(args).Exited()), nil
		}),
		"Pid": newMethod("os.ProcessState", "Pid", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return vm.Int(int64(ps(args).Pid())), nil
		}),
		"String": newMethod("os.ProcessState", "String", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return vm.String(ps(args).String()), nil
		}),
	}
	processStateType.Str = func(o *vm.Object) string { return o.Data.(*os.ProcessState).String() }

	m := newModule("os/exec")
	m.needs(vm.CapExec) // LookPath too: it probes the file system
	m.fnRange("Command", 1, -1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		ss, err := strArgs("exec.Command", args)
		if err != nil {
			return vm.Nil, err
		}
		return vm.NewObject(cmdType, &cmdObj{cmd: exec.Command(ss[0], ss[1:]...)}), nil
	})
	m.doc("Command", "func Command(name string, arg ...string) *Cmd", "Command returns a Cmd to run program name with the arguments (looked up in PATH when name has no slash).")
	m.fnRange("CommandContext", 2, -1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		ctx, err := goContextArg("exec.CommandContext", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		ss, err := strArgs("exec.CommandContext", args[1:])
		if err != nil {
			return vm.Nil, err
		}
		return vm.NewObject(cmdType, &cmdObj{cmd: exec.CommandContext(ctx, ss[0], ss[1:]...), ctxv: args[0]}), nil
	})
	m.doc("CommandContext", "func CommandContext(ctx context.Context, name string, arg ...string) *Cmd", "CommandContext is Command, killing the process when ctx is done before it ends.")
	m.wrap("LookPath", exec.LookPath)
	m.doc("LookPath", "func LookPath(file string) (string, error)", "LookPath searches PATH for an executable named file.")
	m.value("ErrNotFound", errValue(exec.ErrNotFound))
	m.doc("ErrNotFound", "var ErrNotFound error", "ErrNotFound: the executable was not found in PATH (errors.Is).")
	m.value("ErrDot", errValue(exec.ErrDot))
	m.doc("ErrDot", "var ErrDot error", "ErrDot: the executable was found relative to the current directory.")
	m.register()
}
