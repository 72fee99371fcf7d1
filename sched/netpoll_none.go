//go:build !linux && !darwin && !dragonfly && !freebsd && !netbsd && !openbsd

package sched

// No netpoller on this system (Windows, Plan 9, wasm, ...): PollOpen
// reports ErrNotPollable and callers run their I/O as blocking calls that
// hand off the P (vm.Thread.SyscallBlock).
func newPollBackend() (pollBackend, error) { return nil, errNoNetpoller }
