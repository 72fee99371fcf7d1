package vm

// Internals for the external tests (package vm_test), which cannot live in
// package vm because they import the compiler and the standard library,
// both of which import vm.

// StackLen returns the length of the goroutine's value stack.
func (t *Thread) StackLen() int { return len(t.stack) }

// FrameCap returns the capacity of the goroutine's frame array.
func (t *Thread) FrameCap() int { return cap(t.frames) }

// Top returns the end of the last variable-length run of values.
func (t *Thread) Top() int { return t.top }

// RaceEnabled reports a -race build (for the external tests).
const RaceEnabled = raceEnabled
