//go:build !unix

package goro_test

import "errors"

func limitAddressSpace(n uint64) error { return errors.New("no RLIMIT_AS on this system") }
