package compiler

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"syscall"

	"github.com/goro-lang/goro/lang"
)

// ReadSource reads a source file for compilation: the default
// Options.ReadFile. Only a regular file is read (never a device, a FIFO,
// a socket or a directory: /dev/zero would never end, /dev/stdin or a FIFO
// would block the compile), and at most lang.MaxSourceSize bytes of it.
// The file is opened without blocking and checked again once open, so a
// file swapped for a FIFO between the two checks is refused too.
func ReadSource(path string) ([]byte, error) {
	if err := regular(os.Stat(path)); err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if err := regular(f.Stat()); err != nil {
		return nil, &fs.PathError{Op: "open", Path: path, Err: err}
	}
	src, err := io.ReadAll(io.LimitReader(f, lang.MaxSourceSize+1))
	if err != nil {
		return nil, err
	}
	if len(src) > lang.MaxSourceSize {
		return nil, &fs.PathError{Op: "read", Path: path, Err: errTooLarge}
	}
	return src, nil
}

var (
	errNotRegular = errors.New("not a regular file")
	errTooLarge   = fmt.Errorf("file too large (the limit is %d bytes)", lang.MaxSourceSize)
)

func regular(fi fs.FileInfo, err error) error {
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			return pe.Err
		}
		return err
	}
	if !fi.Mode().IsRegular() {
		return errNotRegular
	}
	return nil
}
