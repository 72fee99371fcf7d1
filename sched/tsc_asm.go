//go:build amd64 || arm64

package sched

// cputicks reads the processor's cycle counter (RDTSC, CNTVCT_EL0): the
// tracer's clock, several times cheaper than a clock_gettime. The trace
// maps ticks to Nanotime linearly between its start and its end.
func cputicks() int64
