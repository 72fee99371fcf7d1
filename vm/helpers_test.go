package vm

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
)

// panicMsg returns the message carried by a Goro panic error (Errorf,
// PlainErrorf, Throw): the text str(recover()) would give a script.
func panicMsg(t *testing.T, err error) string {
	t.Helper()
	require.Error(t, err)
	var pe *PanicError
	require.True(t, errors.As(err, &pe), "not a *PanicError: %T %v", err, err)
	return pe.Value.String()
}

// testClosure makes a closure of a proto named name, not linked into any
// runtime (enough for printing and identity).
func testClosure(name string, literal bool) Value {
	p := &Proto{Name: name, IsLiteral: literal, Module: "main"}
	return newClosure(newFuncInst(p, nil, nil), nil).Value()
}

var waitGroupType = &ObjType{Name: "sync.WaitGroup"}
