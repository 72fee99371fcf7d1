//go:build !amd64 && !arm64

package sched

import "time"

// tickBase is the origin of cputicks on processors without a cycle
// counter read here: ticks are then nanoseconds of the host clock.
var tickBase = time.Now()

func cputicks() int64 { return int64(time.Since(tickBase)) }
