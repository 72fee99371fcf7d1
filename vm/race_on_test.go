//go:build race

package vm

// raceEnabled reports a -race build: tests scale down their work (the
// detector slows the interpreter ten times) and skip allocation counts
// (instrumentation allocates).
const raceEnabled = true
