//go:build !unix

package main

// addressSpaceLimit: no RLIMIT_AS on this system.
func addressSpaceLimit() int64 { return 0 }
