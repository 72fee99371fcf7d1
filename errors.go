package goro

import (
	"strings"

	"github.com/goro-lang/goro/vm"
)

// ErrorKind says what kind of failure a RuntimeError is.
type ErrorKind uint8

const (
	// FatalKind is any other fatal error (unlock of an unlocked mutex,
	// concurrent map misuse, an internal error).
	FatalKind ErrorKind = iota
	// PanicKind is an unrecovered panic; RuntimeError.Value holds its value.
	PanicKind
	// DeadlockKind: all goroutines are asleep.
	DeadlockKind
	// StackOverflowKind: a goroutine's stack exceeded Options.MaxStack.
	StackOverflowKind
	// LimitKind: the run exceeded a resource limit.
	LimitKind
	// InterruptedKind: a call or REPL input was interrupted (its ctx ended).
	InterruptedKind
)

var errorKindNames = [...]string{"fatal error", "panic", "deadlock", "stack overflow", "limit exceeded", "interrupted"}

func (k ErrorKind) String() string {
	if int(k) < len(errorKindNames) {
		return errorKindNames[k]
	}
	return "unknown"
}

// Frame is one frame of a goroutine's stack.
type Frame struct {
	Func string // qualified name: "main.handler", "util.Parse"
	File string
	Line int
	Col  int
}

func frames(fs []vm.Frame) []Frame {
	if len(fs) == 0 {
		return nil
	}
	out := make([]Frame, len(fs))
	for i, f := range fs {
		out[i] = Frame{Func: f.Func, File: f.File, Line: f.Line, Col: f.Col}
	}
	return out
}

// fatalKind classifies a fatal error by its message (the runtime's fatal
// errors are Go's, worded as Go words them).
func fatalKind(msg string) ErrorKind {
	switch {
	case strings.Contains(msg, "deadlock"):
		return DeadlockKind
	case strings.Contains(msg, "stack overflow"), strings.Contains(msg, "stack exceeds"):
		return StackOverflowKind
	case strings.Contains(msg, "limit"):
		return LimitKind
	}
	return FatalKind
}
