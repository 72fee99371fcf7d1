//go:build unix

package bench

import (
	"syscall"
	"time"
)

// cpuNow is the process's CPU time (user and system): per call, it is
// steadier than wall time on a shared host, and it shows what waiting
// callers cost.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
