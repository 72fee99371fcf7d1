//go:build unix

package sched_test

import (
	sys "syscall"
	"time"
)

// cpuTime is the process's user+system CPU time: a benchmark metric that
// holds up on a loaded machine better than wall time.
func cpuTime() time.Duration {
	var ru sys.Rusage
	sys.Getrusage(sys.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
