//go:build !unix

package bench

import "time"

// cpuNow is 0 where getrusage is missing (the cpu-ns/op metric reads 0).
func cpuNow() time.Duration { return 0 }
