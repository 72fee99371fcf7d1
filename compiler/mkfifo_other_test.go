//go:build !unix

package compiler

import "errors"

func mkfifo(path string) error { return errors.New("no fifos on this system") }
