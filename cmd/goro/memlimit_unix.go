//go:build unix

package main

import "syscall"

// addressSpaceLimit is RLIMIT_AS; 0 when unlimited or unknown.
func addressSpaceLimit() int64 {
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_AS, &rl); err == nil && rl.Cur != ^uint64(0) && rl.Cur < 1<<62 {
		return int64(rl.Cur)
	}
	return 0
}
