package vm

import (
	"errors"
	"fmt"
)

// This file is the API that builtins and standard modules are written
// against: raising panics, checking arguments, returning two results,
// calling back into scripts, and declaring modules.

// PanicError carries a Goro panic through Go code: a native returns one to
// start panicking with Value. Use Errorf for runtime errors and Throw for
// any value.
type PanicError struct {
	Value Value
}

func (e *PanicError) Error() string { return "panic: " + e.Value.String() }

// Errorf makes a runtime-error panic: its value is a new error value whose
// message is "runtime error: " followed by the formatted text.
func Errorf(format string, a ...any) error {
	return &PanicError{Value: NewError("runtime error: " + fmt.Sprintf(format, a...))}
}

// PlainErrorf makes a panic whose value is an error without the
// "runtime error: " prefix (channel panics, as in Go).
func PlainErrorf(format string, a ...any) error {
	return &PanicError{Value: NewError(fmt.Sprintf(format, a...))}
}

// Throw makes a panic with an arbitrary value (the builtin panic).
func Throw(v Value) error { return &PanicError{Value: v} }

// ErrPark is returned by a restartable native that has arranged for its
// goroutine to park (through a sched call that returned sched.Parked). The
// interpreter parks the goroutine and, when it is resumed, calls the same
// native again with the same arguments; then t.Resumed() reports true once.
var ErrPark = errors.New("vm: park")

// ExitError ends the whole program with a status (os.Exit).
type ExitError struct{ Code int }

func (e *ExitError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// FatalError ends the whole program with "fatal error: Msg" (stack overflow,
// deadlock, unlock of an unlocked mutex). It cannot be recovered.
type FatalError struct {
	Msg  string
	Dump string // goroutine dump printed after the message, if any
	// Frames are the frames of the goroutine that failed, innermost first
	// (none for a deadlock, which involves every goroutine).
	Frames []Frame
	// Limit names the resource limit that ended the run ("memory",
	// "steps"), or is empty.
	Limit string
}

func (e *FatalError) Error() string { return "fatal error: " + e.Msg }

// Ret2 returns two results from a two-result native (NRes == 2):
//
//	return t.Ret2(n, Nil)
func (t *Thread) Ret2(a, b Value) (Value, error) {
	t.ret2 = b
	return a, nil
}

// Ret3 returns three results from a three-result native (NRes == 3), as
// strings.Cut gives them.
func (t *Thread) Ret3(a, b, c Value) (Value, error) {
	t.ret2, t.ret3 = b, c
	return a, nil
}

// Go starts fn(args) in a new goroutine, as a go statement in the calling
// script would (time.AfterFunc, context timers). The new goroutine's
// creator is the script frame that called the native.
func (t *Thread) Go(fn Value, args ...Value) error {
	var at creation
	at.parentID = t.id
	for i := len(t.frames) - 1; i >= 0; i-- {
		if f := &t.frames[i]; f.flags&flagTrampoline == 0 {
			at.fn = f.cl.fn.proto
			at.pos = at.fn.PosAt(f.curPC())
			break
		}
	}
	_, err := t.spawn(fn, args, at, 0, nil)
	return err
}

// Resumed reports (once) whether this call of a restartable native is the
// re-execution after a park; see ErrPark.
func (t *Thread) Resumed() bool {
	r := t.resumed
	t.resumed = false
	return r
}

// Runtime returns the runtime the thread belongs to.
func (t *Thread) Runtime() *Runtime { return t.rt }

// ---------------------------------------------------------------------------
// Argument checking

// ArityError is the runtime error for a wrong argument count.
func ArityError(name string, have, want int) error {
	return Errorf("wrong number of arguments in call to %s: have %d, want %d", name, have, want)
}

// CheckArgs checks that a native got exactly n arguments.
func CheckArgs(name string, args []Value, n int) error {
	if len(args) != n {
		return ArityError(name, len(args), n)
	}
	return nil
}

// CheckArgsRange checks that a native got between min and max arguments
// (max < 0: no upper bound).
func CheckArgsRange(name string, args []Value, min, max int) error {
	if len(args) < min {
		return ArityError(name, len(args), min)
	}
	if max >= 0 && len(args) > max {
		return ArityError(name, len(args), max)
	}
	return nil
}

// ArgTypeError is the runtime error for an argument of the wrong type:
// "strings.ToUpper: argument 1 must be string, not int".
func ArgTypeError(name string, i int, want string, got Value) error {
	return Errorf("%s: argument %d must be %s, not %s", name, i+1, want, got.TypeName())
}

// ArgStr returns argument i as a string.
func ArgStr(name string, args []Value, i int) (string, error) {
	if s, ok := args[i].ToStr(); ok {
		return s, nil
	}
	return "", ArgTypeError(name, i, "string", args[i])
}

// ArgInt returns argument i as an int.
func ArgInt(name string, args []Value, i int) (int64, error) {
	if n, ok := args[i].ToInt(); ok {
		return n, nil
	}
	return 0, ArgTypeError(name, i, "int", args[i])
}

// ArgNumber returns argument i (an int or a float) as a float64.
func ArgNumber(name string, args []Value, i int) (float64, error) {
	if f, ok := args[i].ToFloat(); ok {
		return f, nil
	}
	return 0, ArgTypeError(name, i, "number", args[i])
}

// ArgBool returns argument i as a bool.
func ArgBool(name string, args []Value, i int) (bool, error) {
	if b, ok := args[i].ToBool(); ok {
		return b, nil
	}
	return false, ArgTypeError(name, i, "bool", args[i])
}

// ArgList returns argument i as a list.
func ArgList(name string, args []Value, i int) (*List, error) {
	if l := args[i].List(); l != nil {
		return l, nil
	}
	return nil, ArgTypeError(name, i, "list", args[i])
}

// ArgMap returns argument i as a map.
func ArgMap(name string, args []Value, i int) (*Map, error) {
	if m := args[i].Map(); m != nil {
		return m, nil
	}
	return nil, ArgTypeError(name, i, "map", args[i])
}

// ArgFunc returns argument i, checking that it is a function.
func ArgFunc(name string, args []Value, i int) (Value, error) {
	if args[i].Kind() == KindFunc {
		return args[i], nil
	}
	return Nil, ArgTypeError(name, i, "func", args[i])
}

// ---------------------------------------------------------------------------
// Modules

// ModuleDef declares a standard module. Members is fixed: the compiler
// resolves `mod.Name` against it at compile time (and reports
// "undefined: mod.Name"), and New builds the values, in Members order, once
// for each runtime that imports the module.
type ModuleDef struct {
	Name    string
	Members []string
	New     func(rt *Runtime) []Value
	// Needs lists the capabilities the module's members use (0: none, a
	// pure module). A sandboxed run may import it only when it grants at
	// least one of them; members that need one check it when called
	// (Thread.Require). The standard library's builder sets CapUndeclared
	// for a module that declares nothing (stdlib.go).
	Needs Capability
}

// ModuleLookup finds a standard module by import path.
type ModuleLookup func(path string) *ModuleDef

// Syscall runs f, a call that may block its host thread (file I/O, reading
// stdin). The scheduler hands the goroutine's processor to another thread
// meanwhile, so other goroutines keep running (SPEC §8).
func (t *Thread) Syscall(f func()) {
	t.enterSyscall()
	defer t.exitSyscall()
	f()
}

// Field is x.name as a script reads it: a field, a map entry, or a method
// bound to x (sort.Sort calls data.Len, data.Less and data.Swap this way).
func Field(x Value, name string) (Value, error) { return getField(x, name) }
