package stdlib

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"

	"github.com/goro-lang/goro/vm"
)

// The run's file system (docs/sandbox.md, "Files"): with vm.Options.FS
// set, the file functions read inside the host's fs.FS and never outside
// it; the functions that write fail with fs.ErrPermission. With no FS
// they use the process's file system.

// goFile is what an os.File object holds: an *os.File, or an fsFile over
// a file of the host's fs.FS.
type goFile interface {
	io.ReadWriteCloser
	Name() string
	ReadAt(b []byte, off int64) (int, error)
	ReadDir(n int) ([]fs.DirEntry, error)
	Seek(off int64, whence int) (int64, error)
	Stat() (fs.FileInfo, error)
	Sync() error
	Truncate(size int64) error
	WriteString(s string) (int, error)
}

// fsFile is a file opened in the host's fs.FS: read-only; what its
// fs.File does not implement (ReadAt, Seek, ReadDir) fails as Go's do on
// a file that cannot.
type fsFile struct {
	f    fs.File
	name string
}

func (f *fsFile) Name() string               { return f.name }
func (f *fsFile) Read(b []byte) (int, error) { return f.f.Read(b) }
func (f *fsFile) Close() error               { return f.f.Close() }
func (f *fsFile) Stat() (fs.FileInfo, error) { return f.f.Stat() }
func (f *fsFile) Sync() error                { return nil }
func (f *fsFile) denied(op string) error {
	return &fs.PathError{Op: op, Path: f.name, Err: fs.ErrPermission}
}
func (f *fsFile) Write([]byte) (int, error)       { return 0, f.denied("write") }
func (f *fsFile) WriteString(string) (int, error) { return 0, f.denied("write") }
func (f *fsFile) Truncate(int64) error            { return f.denied("truncate") }

func (f *fsFile) ReadAt(b []byte, off int64) (int, error) {
	if r, ok := f.f.(io.ReaderAt); ok {
		return r.ReadAt(b, off)
	}
	return 0, &fs.PathError{Op: "readat", Path: f.name, Err: errors.ErrUnsupported}
}

func (f *fsFile) Seek(off int64, whence int) (int64, error) {
	if s, ok := f.f.(io.Seeker); ok {
		return s.Seek(off, whence)
	}
	return 0, &fs.PathError{Op: "seek", Path: f.name, Err: errors.ErrUnsupported}
}

func (f *fsFile) ReadDir(n int) ([]fs.DirEntry, error) {
	if d, ok := f.f.(fs.ReadDirFile); ok {
		return d.ReadDir(n)
	}
	return nil, &fs.PathError{Op: "readdirent", Path: f.name, Err: errors.ErrUnsupported}
}

// fsName maps a script's path into the host's fs.FS as a chroot does:
// relative to its root, a leading "/" being the root, ".." stopping at
// it. So no path names anything outside the FS.
func fsName(name string) string {
	p := path.Clean("/" + filepath.ToSlash(name))
	if p == "/" {
		return "."
	}
	return p[1:]
}

// fsWrites are the members that write or leave the FS (Chdir, Getwd's
// host path): with an FS they fail with fs.ErrPermission.
var fsWrites = map[string]bool{
	"os.MkdirAll": true, "os.Remove": true, "os.WriteFile": true, "os.Create": true, "os.OpenFile": true,
	"os.CreateTemp": true, "os.Mkdir": true, "os.MkdirTemp": true, "os.RemoveAll": true, "os.Rename": true,
	"os.Chdir": true, "os.Symlink": true, "os.Link": true, "os.Truncate": true, "os.Chmod": true,
	"os.Chtimes": true, "path/filepath.EvalSymlinks": true, "path/filepath.WalkDir": true,
}

// fsDenied is a member of fsWrites in a run with an FS: it fails as a
// write to a read-only file system does, with its results' zero values.
func fsDenied(name string, nres int) vm.Value {
	return vm.NewNative(name, nres, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		p := ""
		if len(args) > 0 {
			p = args[0].AsStr()
		}
		err := errValue(&fs.PathError{Op: name, Path: p, Err: fs.ErrPermission})
		if nres < 2 {
			return err, nil
		}
		return t.Ret2(vm.Nil, err)
	}).Value()
}

// errReadTooLarge is the error of a read past the run's memory limit.
type errReadTooLarge struct{ limit int64 }

func (e errReadTooLarge) Error() string {
	return fmt.Sprintf("larger than the run's memory limit (%s)", vm.FormatBytes(e.limit))
}

// readAllCapped reads r to its end, failing once it has more than max
// bytes (0: no cap): os.ReadFile("/dev/zero") must end with an error, not
// with the host out of memory.
func readAllCapped(r io.Reader, max int64) ([]byte, error) {
	if max <= 0 {
		return io.ReadAll(r)
	}
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err == nil && int64(len(data)) > max {
		return nil, errReadTooLarge{max}
	}
	return data, err
}

// readFile is os.ReadFile in the run's file system, capped at its memory
// limit.
func readFile(t *vm.Thread, name string) ([]byte, error) {
	rt := t.Runtime()
	var f io.ReadCloser
	var err error
	if fsys := rt.FS(); fsys != nil {
		f, err = fsys.Open(fsName(name))
	} else {
		f, err = os.Open(name)
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := readAllCapped(f, rt.MaxMemory())
	if _, ok := err.(errReadTooLarge); ok {
		err = &fs.PathError{Op: "read", Path: name, Err: err}
	}
	return data, err
}

// openFile is os.Open in the run's file system.
func openFile(rt *vm.Runtime, name string) (goFile, error) {
	if fsys := rt.FS(); fsys != nil {
		f, err := fsys.Open(fsName(name))
		if err != nil {
			return nil, err
		}
		return &fsFile{f: f, name: name}, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err // not a nil *os.File in an interface
	}
	return f, nil
}

// statFile is os.Stat (lstat: os.Lstat) in the run's file system.
func statFile(rt *vm.Runtime, name string, lstat bool) (fs.FileInfo, error) {
	if fsys := rt.FS(); fsys != nil {
		if lstat {
			return fs.Lstat(fsys, fsName(name))
		}
		return fs.Stat(fsys, fsName(name))
	}
	if lstat {
		return os.Lstat(name)
	}
	return os.Stat(name)
}

// readDir is os.ReadDir in the run's file system.
func readDir(rt *vm.Runtime, name string) ([]fs.DirEntry, error) {
	if fsys := rt.FS(); fsys != nil {
		return fs.ReadDir(fsys, fsName(name))
	}
	return os.ReadDir(name)
}

// glob is filepath.Glob in the run's file system.
func glob(rt *vm.Runtime, pattern string) ([]string, error) {
	if fsys := rt.FS(); fsys != nil {
		return fs.Glob(fsys, fsName(pattern))
	}
	return filepath.Glob(pattern)
}
