package vm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/vm"
)

// TestSpreadTooLong checks that spreading a list of 2^25 elements into a
// call (issue 14, finding 7: it once reported "stack overflow") is the
// runtime error of that call, which recover catches, and that the script
// goes on. The list is a compact bool list (32 MB), built by a hook.
func TestSpreadTooLong(t *testing.T) {
	h := hooks{"bools": vm.NewNative("hooks.bools", 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		l := vm.NewList(nil)
		for range int(args[0].AsInt()) {
			l.Append1(vm.Bool(true))
		}
		return l.Value(), nil
	})}
	out, err := runScript(t, `
import "hooks"
func count(a...) { return len(a) }
func try(xs) {
	defer func() { println("recovered:", recover()) }()
	println(count(xs...))
}
xs := hooks.bools(1 << 25)
println(len(xs))
try(xs)
try([true, false])
`, h, vm.Options{Procs: 1})
	require.NoError(t, err, out)
	assert.Equal(t, "33554432\n"+
		"recovered: runtime error: spread of 33554432 arguments does not fit in a goroutine stack (max 1000000000 bytes)\n"+
		"2\nrecovered: <nil>\n", out)
}
