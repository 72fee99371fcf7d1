package stdlib

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/goro-lang/goro/vm"
)

// Files as objects (os.Open, Create, OpenFile, CreateTemp), file system
// calls (os.Stat, ReadDir, Mkdir, ...), io/fs's errors and path/filepath.
// Every call that touches the file system runs inside t.Syscall, so the
// goroutine's P goes to another thread meanwhile. Errors are Go's error
// values (*fs.PathError ...) as Goro errors, so errors.Is(err,
// fs.ErrNotExist) and os.IsNotExist(err) hold as in Go.

// fileObj is an open file. Its lock serializes the goroutines that share
// it (Go's *os.File allows that too); Close is idempotent on the Go side
// and reports Go's "file already closed".
type fileObj struct {
	mu      sync.Mutex
	f       goFile
	untrack func() // drops the run's claim to close f at its end
}

var (
	diskFileType = &vm.ObjType{Name: "os.File"}
	fileInfoType = &vm.ObjType{Name: "fs.FileInfo"}
	dirEntryType = &vm.ObjType{Name: "fs.DirEntry"}
	fileModeType = &vm.ObjType{Name: "fs.FileMode"}
)

func (f *fileObj) goReader() (io.Reader, bool) { return f.f, true }
func (f *fileObj) goWriter() (io.Writer, bool) { return f.f, true }

func newFile(f goFile) vm.Value { return vm.NewObject(diskFileType, &fileObj{f: f}) }

func fileOf(name string, args []vm.Value) (*fileObj, error) {
	if o := args[0].Object(); o != nil {
		if f, ok := o.Data.(*fileObj); ok {
			return f, nil
		}
	}
	return nil, vm.Errorf("%s: receiver must be os.File, not %s", name, args[0].TypeName())
}

func newFileInfo(fi fs.FileInfo) vm.Value { return vm.NewObject(fileInfoType, fi) }
func newFileMode(m fs.FileMode) vm.Value  { return vm.NewObject(fileModeType, m) }

// sys runs f as a blocking call that hands off the P.
func sys(t *vm.Thread, f func()) { t.Syscall(f) }

func init() {
	fm := func(member string, nargs, nres int, f func(t *vm.Thread, fo *fileObj, args []vm.Value) (vm.Value, error)) {
		name := "os.File." + member
		diskFileType.Methods[member] = newMethod("os.File", member, nargs, nres, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			fo, err := fileOf(name, args)
			if err != nil {
				return vm.Nil, err
			}
			fo.mu.Lock()
			defer fo.mu.Unlock()
			return f(t, fo, args[1:])
		})
	}
	diskFileType.Methods = map[string]*vm.Native{}
	diskFileType.Str = func(o *vm.Object) string { return "&{" + o.Data.(*fileObj).f.Name() + "}" }
	fm("Name", 0, 1, func(t *vm.Thread, fo *fileObj, args []vm.Value) (vm.Value, error) {
		return vm.String(fo.f.Name()), nil
	})
	fm("Read", 1, 2, func(t *vm.Thread, fo *fileObj, args []vm.Value) (vm.Value, error) {
		n, err := vm.ArgInt("os.File.Read", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		if n < 0 {
			return vm.Nil, vm.Errorf("os.File.Read: negative count %d", n)
		}
		buf := make([]byte, min(n, 1<<24))
		var got int
		var rerr error
		sys(t, func() { got, rerr = fo.f.Read(buf) })
		return t.Ret2(vm.String(string(buf[:got])), errValue(rerr))
	})
	fm("ReadAt", 2, 2, func(t *vm.Thread, fo *fileObj, args []vm.Value) (vm.Value, error) {
		n, err := vm.ArgInt("os.File.ReadAt", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		off, err := vm.ArgInt("os.File.ReadAt", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		if n < 0 {
			return vm.Nil, vm.Errorf("os.File.ReadAt: negative count %d", n)
		}
		buf := make([]byte, min(n, 1<<24))
		var got int
		var rerr error
		sys(t, func() { got, rerr = fo.f.ReadAt(buf, off) })
		return t.Ret2(vm.String(string(buf[:got])), errValue(rerr))
	})
	write := func(t *vm.Thread, fo *fileObj, args []vm.Value) (vm.Value, error) {
		s, err := vm.ArgStr("os.File.Write", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		var n int
		var werr error
		sys(t, func() { n, werr = fo.f.WriteString(s) })
		return t.Ret2(vm.Int(int64(n)), errValue(werr))
	}
	fm("Write", 1, 2, write)
	fm("WriteString", 1, 2, write)
	fm("Close", 0, 1, func(t *vm.Thread, fo *fileObj, args []vm.Value) (vm.Value, error) {
		var err error
		sys(t, func() { err = fo.f.Close() })
		if fo.untrack != nil {
			fo.untrack()
		}
		return errValue(err), nil
	})
	fm("Sync", 0, 1, func(t *vm.Thread, fo *fileObj, args []vm.Value) (vm.Value, error) {
		var err error
		sys(t, func() { err = fo.f.Sync() })
		return errValue(err), nil
	})
	fm("Seek", 2, 2, func(t *vm.Thread, fo *fileObj, args []vm.Value) (vm.Value, error) {
		off, err := vm.ArgInt("os.File.Seek", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		whence, err := vm.ArgInt("os.File.Seek", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		var pos int64
		var serr error
		sys(t, func() { pos, serr = fo.f.Seek(off, int(whence)) })
		return t.Ret2(vm.Int(pos), errValue(serr))
	})
	fm("Truncate", 1, 1, func(t *vm.Thread, fo *fileObj, args []vm.Value) (vm.Value, error) {
		n, err := vm.ArgInt("os.File.Truncate", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		var terr error
		sys(t, func() { terr = fo.f.Truncate(n) })
		return errValue(terr), nil
	})
	fm("Stat", 0, 2, func(t *vm.Thread, fo *fileObj, args []vm.Value) (vm.Value, error) {
		var fi fs.FileInfo
		var err error
		sys(t, func() { fi, err = fo.f.Stat() })
		if err != nil {
			return t.Ret2(vm.Nil, errValue(err))
		}
		return t.Ret2(newFileInfo(fi), vm.Nil)
	})
	fm("ReadDir", 1, 2, func(t *vm.Thread, fo *fileObj, args []vm.Value) (vm.Value, error) {
		n, err := vm.ArgInt("os.File.ReadDir", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		var ents []fs.DirEntry
		var rerr error
		sys(t, func() { ents, rerr = fo.f.ReadDir(int(n)) })
		return t.Ret2(dirEntries(ents), errValue(rerr))
	})

	fileInfoType.Str = func(o *vm.Object) string { return "&{" + o.Data.(fs.FileInfo).Name() + "}" }
	fileInfoType.Methods = map[string]*vm.Native{
		"Name": newMethod("fs.FileInfo", "Name", 0, 1, func(t *vm.Thread, a []vm.Value) (vm.Value, error) {
			return vm.String(a[0].Object().Data.(fs.FileInfo).Name()), nil
		}),
		"Size": newMethod("fs.FileInfo", "Size", 0, 1, func(t *vm.Thread, a []vm.Value) (vm.Value, error) {
			return vm.Int(a[0].Object().Data.(fs.FileInfo).Size()), nil
		}),
		"Mode": newMethod("fs.FileInfo", "Mode", 0, 1, func(t *vm.Thread, a []vm.Value) (vm.Value, error) {
			return newFileMode(a[0].Object().Data.(fs.FileInfo).Mode()), nil
		}),
		"ModTime": newMethod("fs.FileInfo", "ModTime", 0, 1, func(t *vm.Thread, a []vm.Value) (vm.Value, error) {
			return newTime(a[0].Object().Data.(fs.FileInfo).ModTime()), nil
		}),
		"IsDir": newMethod("fs.FileInfo", "IsDir", 0, 1, func(t *vm.Thread, a []vm.Value) (vm.Value, error) {
			return vm.Bool(a[0].Object().Data.(fs.FileInfo).IsDir()), nil
		}),
	}
	dirEntryType.Str = func(o *vm.Object) string { return fs.FormatDirEntry(o.Data.(fs.DirEntry)) }
	dirEntryType.Methods = map[string]*vm.Native{
		"Name": newMethod("fs.DirEntry", "Name", 0, 1, func(t *vm.Thread, a []vm.Value) (vm.Value, error) {
			return vm.String(a[0].Object().Data.(fs.DirEntry).Name()), nil
		}),
		"IsDir": newMethod("fs.DirEntry", "IsDir", 0, 1, func(t *vm.Thread, a []vm.Value) (vm.Value, error) {
			return vm.Bool(a[0].Object().Data.(fs.DirEntry).IsDir()), nil
		}),
		"Type": newMethod("fs.DirEntry", "Type", 0, 1, func(t *vm.Thread, a []vm.Value) (vm.Value, error) {
			return newFileMode(a[0].Object().Data.(fs.DirEntry).Type()), nil
		}),
		"Info": newMethod("fs.DirEntry", "Info", 0, 2, func(t *vm.Thread, a []vm.Value) (vm.Value, error) {
			var fi fs.FileInfo
			var err error
			d := a[0].Object().Data.(fs.DirEntry)
			sys(t, func() { fi, err = d.Info() })
			if err != nil {
				return t.Ret2(vm.Nil, errValue(err))
			}
			return t.Ret2(newFileInfo(fi), vm.Nil)
		}),
	}
	fileModeType.Str = func(o *vm.Object) string { return o.Data.(fs.FileMode).String() }
	modeBool := func(member string, f func(fs.FileMode) bool) *vm.Native {
		return newMethod("fs.FileMode", member, 0, 1, func(t *vm.Thread, a []vm.Value) (vm.Value, error) {
			return vm.Bool(f(a[0].Object().Data.(fs.FileMode))), nil
		})
	}
	fileModeType.Methods = map[string]*vm.Native{
		"IsDir":     modeBool("IsDir", fs.FileMode.IsDir),
		"IsRegular": modeBool("IsRegular", fs.FileMode.IsRegular),
		"String": newMethod("fs.FileMode", "String", 0, 1, func(t *vm.Thread, a []vm.Value) (vm.Value, error) {
			return vm.String(a[0].Object().Data.(fs.FileMode).String()), nil
		}),
		"Perm": newMethod("fs.FileMode", "Perm", 0, 1, func(t *vm.Thread, a []vm.Value) (vm.Value, error) {
			return vm.Int(int64(a[0].Object().Data.(fs.FileMode).Perm())), nil
		}),
		"Type": newMethod("fs.FileMode", "Type", 0, 1, func(t *vm.Thread, a []vm.Value) (vm.Value, error) {
			return newFileMode(a[0].Object().Data.(fs.FileMode).Type()), nil
		}),
	}

	// io/fs: the sentinel errors, shared with os (os.ErrNotExist is
	// fs.ErrNotExist, as in Go).
	fsm := newModule("io/fs")
	fsm.pure()
	for _, e := range fsErrors {
		fsm.value(e.name, e.v)
	}
	fsm.value("SkipDir", skipDir)
	fsm.value("SkipAll", skipAll)
	fsm.wrap("ValidPath", fs.ValidPath)
	fsm.register()

	fp := newModule("path/filepath")
	fp.needs(vm.CapFiles, "Abs", "EvalSymlinks", "Glob", "WalkDir")
	fp.pure()
	fp.value("Separator", vm.Int(filepath.Separator))
	fp.value("ListSeparator", vm.Int(filepath.ListSeparator))
	fp.value("SkipDir", skipDir)
	fp.value("SkipAll", skipAll)
	fp.value("ErrBadPattern", vm.NewGoError(filepath.ErrBadPattern))
	fp.wrap("Base", filepath.Base)
	fp.wrap("Clean", filepath.Clean)
	fp.wrap("Dir", filepath.Dir)
	fp.wrap("Ext", filepath.Ext)
	fp.wrap("FromSlash", filepath.FromSlash)
	fp.wrap("IsAbs", filepath.IsAbs)
	fp.wrap("IsLocal", filepath.IsLocal)
	fp.wrap("Join", filepath.Join)
	fp.wrap("Match", filepath.Match)
	fp.wrap("Rel", filepath.Rel)
	fp.wrap("Split", filepath.Split)
	fp.wrap("SplitList", filepath.SplitList)
	fp.wrap("ToSlash", filepath.ToSlash)
	fp.wrap("VolumeName", filepath.VolumeName)
	sysWrap(fp, "Abs", filepath.Abs)
	sysWrap(fp, "EvalSymlinks", filepath.EvalSymlinks)
	fp.fn("Glob", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		pattern, err := vm.ArgStr("filepath.Glob", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		var names []string
		sys(t, func() { names, err = glob(t.Runtime(), pattern) })
		if err != nil {
			return t.Ret2(vm.Nil, errValue(err))
		}
		return t.Ret2(strList(names), vm.Nil)
	})
	fp.sig("Glob", "func Glob(pattern string) (matches []string, err error)")
	fp.fn("WalkDir", 2, 1, walkDir)
	fp.sig("WalkDir", "func WalkDir(root string, fn fs.WalkDirFunc) error")
	fp.register()
}

// sysWrap is wrap for Go functions that touch the file system: the call
// runs as a blocking call that hands off the P.
func sysWrap(m *module, member string, f any) {
	name := m.name + "." + member
	fn, nres := wrapFunc(name, f)
	nat := vm.NewNative(name, nres, func(t *vm.Thread, args []vm.Value) (v vm.Value, err error) {
		t.Syscall(func() { v, err = fn(t, args) })
		return v, err
	})
	m.value(member, nat.Value())
	m.sig(member, goSignature(member, reflect.TypeOf(f)))
}

var fsErrors = []struct {
	name string
	v    vm.Value
}{
	{"ErrInvalid", vm.NewGoError(fs.ErrInvalid)},
	{"ErrPermission", vm.NewGoError(fs.ErrPermission)},
	{"ErrExist", vm.NewGoError(fs.ErrExist)},
	{"ErrNotExist", vm.NewGoError(fs.ErrNotExist)},
	{"ErrClosed", vm.NewGoError(fs.ErrClosed)},
}

var (
	skipDir = vm.NewGoError(fs.SkipDir)
	skipAll = vm.NewGoError(fs.SkipAll)
)

func dirEntries(ents []fs.DirEntry) vm.Value {
	out := make([]vm.Value, len(ents))
	for i, e := range ents {
		out[i] = vm.NewObject(dirEntryType, e)
	}
	return vm.NewListValue(out)
}

// walkDir is filepath.WalkDir(root, fn): Go's walk, with each directory
// read as a blocking call and fn(path, d, err) called in the script.
func walkDir(t *vm.Thread, args []vm.Value) (vm.Value, error) {
	root, err := vm.ArgStr("filepath.WalkDir", args, 0)
	if err != nil {
		return vm.Nil, err
	}
	fn, err := vm.ArgFunc("filepath.WalkDir", args, 1)
	if err != nil {
		return vm.Nil, err
	}
	werr := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		dv := vm.Nil
		if d != nil {
			dv = vm.NewObject(dirEntryType, d)
		}
		r, cerr := t.Call1(fn, vm.String(path), dv, errValue(err))
		if cerr != nil {
			return &scriptError{cerr}
		}
		return goErr(r)
	})
	return ioResult(werr)
}

// fileFlags are os.O_RDONLY and the rest.
var fileFlags = []struct {
	name string
	v    int
}{
	{"O_RDONLY", os.O_RDONLY}, {"O_WRONLY", os.O_WRONLY}, {"O_RDWR", os.O_RDWR},
	{"O_APPEND", os.O_APPEND}, {"O_CREATE", os.O_CREATE}, {"O_EXCL", os.O_EXCL},
	{"O_SYNC", os.O_SYNC}, {"O_TRUNC", os.O_TRUNC},
}

// moreOS adds files and the file system to the os module.
func moreOS(m *module) {
	for _, f := range fileFlags {
		m.value(f.name, vm.Int(int64(f.v)))
	}
	m.value("ModeDir", newFileMode(fs.ModeDir))
	m.value("ModePerm", vm.Int(int64(fs.ModePerm)))
	m.value("PathSeparator", vm.Int(os.PathSeparator))
	m.value("PathListSeparator", vm.Int(os.PathListSeparator))
	m.value("DevNull", vm.String(os.DevNull))
	for _, e := range fsErrors {
		m.value(e.name, e.v)
	}
	// The same value as net.ErrDeadlineExceeded, so either compares with ==.
	m.value("ErrDeadlineExceeded", netErrDeadline)
	openRes := func(t *vm.Thread, f goFile, err error) (vm.Value, error) {
		if err != nil {
			return t.Ret2(vm.Nil, errValue(err))
		}
		v := newFile(f)
		if s := t.Runtime().Sched(); s != nil {
			// The run's end closes what the script left open.
			v.Object().Data.(*fileObj).untrack = s.TrackCloser(f)
		}
		return t.Ret2(v, vm.Nil)
	}
	m.fn("Open", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		name, err := vm.ArgStr("os.Open", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		var f goFile
		sys(t, func() { f, err = openFile(t.Runtime(), name) })
		return openRes(t, f, err)
	})
	m.sig("Open", "func Open(name string) (*os.File, error)")
	m.fn("Create", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		name, err := vm.ArgStr("os.Create", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		var f *os.File
		sys(t, func() { f, err = os.Create(name) })
		return openRes(t, f, err)
	})
	m.sig("Create", "func Create(name string) (*os.File, error)")
	m.fn("OpenFile", 3, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		name, err := vm.ArgStr("os.OpenFile", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		flag, err := vm.ArgInt("os.OpenFile", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		perm, err := vm.ArgInt("os.OpenFile", args, 2)
		if err != nil {
			return vm.Nil, err
		}
		var f *os.File
		sys(t, func() { f, err = os.OpenFile(name, int(flag), fs.FileMode(perm)&fs.ModePerm) })
		return openRes(t, f, err)
	})
	m.sig("OpenFile", "func OpenFile(name string, flag int, perm FileMode) (*os.File, error)")
	m.fn("CreateTemp", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := strArgs("os.CreateTemp", args)
		if err != nil {
			return vm.Nil, err
		}
		var f *os.File
		sys(t, func() { f, err = os.CreateTemp(s[0], s[1]) })
		return openRes(t, f, err)
	})
	m.sig("CreateTemp", "func CreateTemp(dir, pattern string) (*os.File, error)")
	stat := func(member string, f func(*vm.Runtime, string) (fs.FileInfo, error)) {
		name := "os." + member
		m.fn(member, 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			path, err := vm.ArgStr(name, args, 0)
			if err != nil {
				return vm.Nil, err
			}
			var fi fs.FileInfo
			sys(t, func() { fi, err = f(t.Runtime(), path) })
			if err != nil {
				return t.Ret2(vm.Nil, errValue(err))
			}
			return t.Ret2(newFileInfo(fi), vm.Nil)
		})
		m.sig(member, "func "+member+"(name string) (FileInfo, error)")
	}
	stat("Stat", func(rt *vm.Runtime, name string) (fs.FileInfo, error) { return statFile(rt, name, false) })
	stat("Lstat", func(rt *vm.Runtime, name string) (fs.FileInfo, error) { return statFile(rt, name, true) })
	m.fn("ReadDir", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		path, err := vm.ArgStr("os.ReadDir", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		var ents []fs.DirEntry
		sys(t, func() { ents, err = readDir(t.Runtime(), path) })
		return t.Ret2(dirEntries(ents), errValue(err))
	})
	m.sig("ReadDir", "func ReadDir(name string) ([]DirEntry, error)")
	m.fnRange("Mkdir", 1, 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		path, perm, err := pathPerm("os.Mkdir", args, 1, 0o777)
		if err != nil {
			return vm.Nil, err
		}
		var oerr error
		sys(t, func() { oerr = os.Mkdir(path, perm) })
		return errValue(oerr), nil
	})
	m.sig("Mkdir", "func Mkdir(name string, perm FileMode) error")
	sysWrap(m, "MkdirTemp", os.MkdirTemp)
	sysWrap(m, "RemoveAll", os.RemoveAll)
	sysWrap(m, "Rename", os.Rename)
	sysWrap(m, "Getwd", os.Getwd)
	sysWrap(m, "Chdir", os.Chdir)
	sysWrap(m, "Hostname", os.Hostname)
	sysWrap(m, "Symlink", os.Symlink)
	sysWrap(m, "Readlink", os.Readlink)
	sysWrap(m, "Link", os.Link)
	sysWrap(m, "Truncate", os.Truncate)
	sysWrap(m, "Chmod", func(name string, mode int64) error { return os.Chmod(name, fs.FileMode(mode)) })
	m.sig("Chmod", "func Chmod(name string, mode FileMode) error")
	sysWrap(m, "Chtimes", func(name string, atime, mtime int64) error {
		return os.Chtimes(name, time.Unix(0, atime), time.Unix(0, mtime))
	})
	m.sig("Chtimes", "func Chtimes(name string, atime, mtime int64) error")
	m.wrap("TempDir", os.TempDir)
	m.wrap("UserHomeDir", os.UserHomeDir)
	m.wrap("UserConfigDir", os.UserConfigDir)
	m.wrap("UserCacheDir", os.UserCacheDir)
	m.wrap("Getpid", os.Getpid)
	m.wrap("Getppid", os.Getppid)
	m.wrap("Getuid", os.Getuid)
	m.wrap("Executable", os.Executable)
	errPred := func(member string, f func(error) bool) {
		m.fn(member, 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return vm.Bool(f(goErr(args[0]))), nil
		})
		m.sig(member, "func "+member+"(err error) bool")
	}
	errPred("IsNotExist", os.IsNotExist)
	errPred("IsExist", os.IsExist)
	errPred("IsPermission", os.IsPermission)
	errPred("IsTimeout", os.IsTimeout)

	// The environment: Getenv answers from the runtime's environment (a
	// host may give a script its own); LookupEnv and Environ agree with
	// it; Setenv and Unsetenv change the process environment, as Go's do.
	m.fn("LookupEnv", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		k, err := vm.ArgStr("os.LookupEnv", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		v := t.Runtime().Getenv(k)
		if v != "" {
			return t.Ret2(vm.String(v), vm.Bool(true))
		}
		pv, ok := os.LookupEnv(k)
		return t.Ret2(vm.String(""), vm.Bool(ok && pv == ""))
	})
	m.sig("LookupEnv", "func LookupEnv(key string) (string, bool)")
	m.fn("Environ", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		var out []string
		for _, kv := range os.Environ() {
			k, v, _ := strings.Cut(kv, "=")
			if t.Runtime().Getenv(k) == v {
				out = append(out, kv)
			}
		}
		return strList(out), nil
	})
	m.sig("Environ", "func Environ() []string")
	m.wrap("Setenv", os.Setenv)
	m.wrap("Unsetenv", os.Unsetenv)
	m.fn("ExpandEnv", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := vm.ArgStr("os.ExpandEnv", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return vm.String(os.Expand(s, t.Runtime().Getenv)), nil
	})
	m.sig("ExpandEnv", "func ExpandEnv(s string) string")
}
