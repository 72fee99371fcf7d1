package vm_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/compiler"
	"github.com/goro-lang/goro/stdlib"
	"github.com/goro-lang/goro/vm"
)

// evalWithin runs one REPL input on s, failing the test instead of hanging
// when the session does not answer.
func evalWithin(t *testing.T, s *vm.Session, p *vm.Proto, d time.Duration) (vm.InputResult, bool) {
	t.Helper()
	type result struct {
		r   vm.InputResult
		err error
	}
	done := make(chan result, 1)
	go func() {
		r, err := s.Eval(context.Background(), p)
		done <- result{r, err}
	}()
	select {
	case r := <-done:
		require.NoError(t, r.err)
		return r.r, true
	case <-time.After(d):
		return vm.InputResult{}, false
	}
}

// TestSessionSurvivesBadImport: an IMPORT of a module index the runtime
// does not have (what a compiler-session bug produces) is a Go panic inside
// the VM. It must become a reported error and leave the session usable:
// the runtime's lock must not stay held by the panicking instruction.
func TestSessionSurvivesBadImport(t *testing.T) {
	var out bytes.Buffer
	s, err := vm.NewSession(vm.Options{Stdout: &out, Stderr: &out, Procs: 1, Modules: stdlib.Lookup})
	require.NoError(t, err)
	defer s.Close()

	bad := &vm.Proto{Name: "<input>", Module: "main", File: "<repl>", NRegs: 1,
		Code:  []vm.Instr{vm.MakeABx(vm.OpImport, 0, 3), vm.MakeABC(vm.OpReturn, 0, 1, 0)},
		Lines: []vm.Pos{{Line: 1, Col: 1}, {Line: 1, Col: 1}}}
	require.NoError(t, vm.Verify(bad))
	r, ok := evalWithin(t, s, bad, 10*time.Second)
	require.True(t, ok, "the bad input did not finish")
	assert.Contains(t, r.Report, "internal error")

	cs := compiler.NewSession("<repl>", compiler.Options{Modules: stdlib.Lookup})
	in, err := cs.Compile("1 + 1")
	require.NoError(t, err)
	r, ok = evalWithin(t, s, in.Proto, 3*time.Second)
	require.True(t, ok, "the session hangs after a Go panic in IMPORT (runtime lock left held)")
	require.Len(t, r.Values, 1)
	assert.Equal(t, "2", r.Values[0].String())
}
