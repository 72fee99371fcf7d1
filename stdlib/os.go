package stdlib

import (
	"bufio"
	"io"
	"os"
	"strings"

	"github.com/goro-lang/goro/vm"
)

// The os module. Args, Stdin, Stdout and Stderr belong to the runtime (a
// host may run several scripts at once, each with its own arguments and
// streams), so they are built in New. Everything that can block a host
// thread — file I/O, writing stderr — runs inside t.Syscall, so the
// scheduler hands the processor to another thread meanwhile (sysmon takes
// it after one tick); reading stdin, which may wait for a person, runs in
// t.SyscallBlock, which hands the processor off at once. OS failures are error values with Go's messages
// ("open /x: no such file or directory"), never panics.

// osFile is the Data of an os.File object: one of the three standard
// streams of a runtime.
type osFile struct {
	name string // Go's name for the stream: "/dev/stdin", ...
	rt   *vm.Runtime
	fd   int // 0, 1 or 2
}

// fileType is the type of os.Stdin, os.Stdout and os.Stderr. It is
// immutable after init and shared by every runtime; the objects are not.
var fileType = &vm.ObjType{Name: "os.File"}

func init() {
	fileType.Methods = map[string]*vm.Native{
		"Name":        newMethod("os.File", "Name", 0, 1, fileName),
		"Read":        newMethod("os.File", "Read", 1, 2, fileRead),
		"ReadLine":    newMethod("os.File", "ReadLine", 0, 2, fileReadLine),
		"Write":       newMethod("os.File", "Write", 1, 2, fileWrite),
		"WriteString": newMethod("os.File", "WriteString", 1, 2, fileWrite),
	}

	m := newModule("os")
	m.needs(vm.CapEnv, "Getenv", "LookupEnv", "Environ", "Setenv", "Unsetenv", "ExpandEnv",
		"Hostname", "Getpid", "Getppid", "Getuid", "Executable")
	m.needs(vm.CapExit, "Exit")
	m.needs(vm.CapStdin, "Stdin")
	m.needs(vm.CapFiles, "MkdirAll", "ReadFile", "Remove", "WriteFile", "Open", "Create", "OpenFile", "CreateTemp",
		"Stat", "Lstat", "ReadDir", "Mkdir", "MkdirTemp", "RemoveAll", "Rename", "Getwd", "Chdir",
		"Symlink", "Readlink", "Link", "Truncate", "Chmod", "Chtimes", "TempDir", "UserHomeDir", "UserConfigDir",
		"UserCacheDir")
	m.perRuntime("Args", func(rt *vm.Runtime) vm.Value { return strList(rt.Args()) })
	m.fn("Exit", 1, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		code, err := vm.ArgInt("os.Exit", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return vm.Nil, &vm.ExitError{Code: int(code)}
	})
	m.fn("Getenv", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		k, err := vm.ArgStr("os.Getenv", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return vm.String(t.Runtime().Getenv(k)), nil
	})
	m.fnRange("MkdirAll", 1, 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		path, perm, err := pathPerm("os.MkdirAll", args, 1, 0o777)
		if err != nil {
			return vm.Nil, err
		}
		var oerr error
		t.Syscall(func() { oerr = os.MkdirAll(path, perm) })
		return errValue(oerr), nil
	})
	m.fn("ReadFile", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		path, err := vm.ArgStr("os.ReadFile", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		var data []byte
		var oerr error
		t.Syscall(func() { data, oerr = readFile(t, path) })
		return t.Ret2(vm.String(string(data)), errValue(oerr))
	})
	m.fn("Remove", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		path, err := vm.ArgStr("os.Remove", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		var oerr error
		t.Syscall(func() { oerr = os.Remove(path) })
		return errValue(oerr), nil
	})
	m.perRuntime("Stderr", func(rt *vm.Runtime) vm.Value {
		return vm.NewObject(fileType, &osFile{name: "/dev/stderr", rt: rt, fd: 2})
	})
	m.perRuntime("Stdin", func(rt *vm.Runtime) vm.Value {
		return vm.NewObject(fileType, &osFile{name: "/dev/stdin", rt: rt, fd: 0})
	})
	m.perRuntime("Stdout", func(rt *vm.Runtime) vm.Value {
		return vm.NewObject(fileType, &osFile{name: "/dev/stdout", rt: rt, fd: 1})
	})
	m.fnRange("WriteFile", 2, 3, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		path, perm, err := pathPerm("os.WriteFile", args, 2, 0o644)
		if err != nil {
			return vm.Nil, err
		}
		data, err := vm.ArgStr("os.WriteFile", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		var oerr error
		t.Syscall(func() { oerr = os.WriteFile(path, []byte(data), perm) })
		return errValue(oerr), nil
	})
	moreOS(m)
	m.register()
}

// pathPerm reads the path (argument 0) and the optional permission bits at
// argument permIdx, with a default.
func pathPerm(name string, args []vm.Value, permIdx int, def os.FileMode) (string, os.FileMode, error) {
	path, err := vm.ArgStr(name, args, 0)
	if err != nil {
		return "", 0, err
	}
	if len(args) <= permIdx {
		return path, def, nil
	}
	perm, err := vm.ArgInt(name, args, permIdx)
	if err != nil {
		return "", 0, err
	}
	return path, os.FileMode(perm) & os.ModePerm, nil
}

// receiver returns the osFile behind a method's args[0].
func receiver(name string, args []vm.Value) (*osFile, error) {
	if o := args[0].Object(); o != nil {
		if f, ok := o.Data.(*osFile); ok {
			return f, nil
		}
	}
	return nil, vm.Errorf("%s: receiver must be os.File, not %s", name, args[0].TypeName())
}

func fileName(t *vm.Thread, args []vm.Value) (vm.Value, error) {
	f, err := receiver("os.File.Name", args)
	if err != nil {
		return vm.Nil, err
	}
	return vm.String(f.name), nil
}

// badFD is the error Go's os.File gives for reading a write-only standard
// stream and vice versa.
func badFD(op string, f *osFile) vm.Value {
	return vm.NewError(op + " " + f.name + ": bad file descriptor")
}

// stdin returns the runtime's buffered stdin after flushing stdout, so a
// prompt printed without a newline is visible before the program waits.
func (f *osFile) stdin() *bufio.Reader {
	f.rt.Flush()
	return f.rt.Stdin()
}

// fileReadLine is Stdin.ReadLine(): the next line without its "\n" or
// "\r\n". A last line with no newline comes back with a nil error; after
// it, ("", io.EOF).
func fileReadLine(t *vm.Thread, args []vm.Value) (vm.Value, error) {
	f, err := receiver("os.File.ReadLine", args)
	if err != nil {
		return vm.Nil, err
	}
	if f.fd != 0 {
		return t.Ret2(vm.String(""), badFD("read", f))
	}
	var line string
	var rerr error
	t.SyscallBlock(func() { line, rerr = f.stdin().ReadString('\n') })
	if strings.HasSuffix(line, "\n") {
		line = strings.TrimSuffix(line[:len(line)-1], "\r")
	}
	if line != "" && rerr == io.EOF {
		rerr = nil // the EOF comes with the next call
	}
	return t.Ret2(vm.String(line), errValue(rerr))
}

// fileRead is Stdin.Read(n): up to n bytes, as soon as some are available;
// ("", io.EOF) at end.
func fileRead(t *vm.Thread, args []vm.Value) (vm.Value, error) {
	f, err := receiver("os.File.Read", args)
	if err != nil {
		return vm.Nil, err
	}
	n, err := vm.ArgInt("os.File.Read", args[1:], 0)
	if err != nil {
		return vm.Nil, err
	}
	if n < 0 {
		return vm.Nil, vm.Errorf("os.File.Read: negative count %d", n)
	}
	if f.fd != 0 {
		return t.Ret2(vm.String(""), badFD("read", f))
	}
	if n == 0 {
		return t.Ret2(vm.String(""), vm.Nil)
	}
	buf := make([]byte, min(n, 1<<20))
	var got int
	var rerr error
	t.SyscallBlock(func() { got, rerr = f.stdin().Read(buf) })
	if got > 0 && rerr == io.EOF {
		rerr = nil
	}
	return t.Ret2(vm.String(string(buf[:got])), errValue(rerr))
}

// fileWrite is Write(s) and WriteString(s) on Stdout and Stderr: (bytes
// written, err). Stdout is the runtime's buffered output that print and
// fmt share, so the two interleave in program order.
func fileWrite(t *vm.Thread, args []vm.Value) (vm.Value, error) {
	f, err := receiver("os.File.Write", args)
	if err != nil {
		return vm.Nil, err
	}
	s, err := vm.ArgStr("os.File.Write", args[1:], 0)
	if err != nil {
		return vm.Nil, err
	}
	var n int
	var werr error
	switch f.fd {
	case 1:
		n, werr = f.rt.Stdout().WriteString(s)
	case 2:
		t.Syscall(func() { n, werr = io.WriteString(f.rt.Stderr(), s) })
	default:
		return t.Ret2(vm.Int(0), badFD("write", f))
	}
	return t.Ret2(vm.Int(int64(n)), errValue(werr))
}
