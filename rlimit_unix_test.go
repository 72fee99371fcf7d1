//go:build unix

package goro_test

import "syscall"

// limitAddressSpace sets RLIMIT_AS (TestHostileChild).
func limitAddressSpace(n uint64) error {
	return syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: n, Max: n})
}
