package vm_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/vm"
)

// stackHooks reports the running goroutine's stack length.
func stackHooks() hooks {
	return hooks{
		"StackLen": vm.NewNative("hooks.StackLen", 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return vm.Int(int64(t.StackLen())), nil
		}),
	}
}

func outputInts(t *testing.T, out string) []int {
	t.Helper()
	var ns []int
	for _, f := range strings.Fields(out) {
		n, err := strconv.Atoi(f)
		require.NoError(t, err, "output %q", out)
		ns = append(ns, n)
	}
	return ns
}

// TestStackGrowsAndShrinks recurses a million calls deep (the stack grows
// by copying), returns, and parks: a parked goroutine's stack shrinks
// back.
func TestStackGrowsAndShrinks(t *testing.T) {
	if testing.Short() {
		t.Skip("deep recursion")
	}
	depth := 1000000
	if vm.RaceEnabled {
		depth = 100000
	}
	out := runOK(t, strings.ReplaceAll(`
import "hooks"
import "time"
func deep(n) {
	if n == 0 {
		return hooks.StackLen()
	}
	return deep(n - 1)
}
func count(n) {
	if n == 0 {
		return 0
	}
	return count(n - 1) + 1
}
println(hooks.StackLen())
println(deep(DEPTH))
println(count(DEPTH))
time.Sleep(time.Millisecond)
println(hooks.StackLen())
`, "DEPTH", strconv.Itoa(depth)), stackHooks())
	ns := outputInts(t, out)
	require.Len(t, ns, 4)
	start, deepest, reached, parked := ns[0], ns[1], ns[2], ns[3]
	assert.LessOrEqual(t, start, 2048/16, "a goroutine starts with at most 2 KB of stack")
	assert.Greater(t, deepest, 2*depth, "each frame holds at least a function slot and an argument")
	assert.Equal(t, depth, reached, "every frame returned its value")
	assert.LessOrEqual(t, parked, 2048/16, "the stack shrank when the goroutine parked")
}

func TestStackOverflowIsFatal(t *testing.T) {
	cases := []struct{ name, src string }{
		{"main goroutine", `
func f(n) {
	return f(n + 1) + 1
}
f(0)
`},
		{"another goroutine", `
import "time"
func f(n) {
	return f(n + 1) + 1
}
go f(0)
time.Sleep(10 * time.Second)
`},
		{"variadic frames", `
func f(a, xs...) {
	return f(a, a, a) + 1
}
f(1, 2, 3)
`},
		{"deferred calls", `
func f(n) {
	defer f(n + 1)
}
f(0)
`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var stderr bytes.Buffer
			_, err := runScript(t, c.src, hooks{}, vm.Options{Procs: 2, MaxStack: 256 << 10, Stderr: &stderr})
			var fe *vm.FatalError
			require.True(t, errors.As(err, &fe), "want *vm.FatalError, got %T %v", err, err)
			assert.Equal(t, "stack overflow", fe.Msg)
			assert.Equal(t, "fatal error: stack overflow", fe.Error())
			assert.Contains(t, fe.Dump, "main.f(...)")
		})
	}
}

// TestStackLimitIsRespected checks the depth reached before the overflow
// grows with MaxStack.
func TestStackLimitIsRespected(t *testing.T) {
	depthAt := func(max int64) int {
		out, err := runScript(t, `
var depth = 0
func f(n) {
	depth = n
	if n % 1000 == 0 {
		println(n)
	}
	return f(n + 1) + 1
}
f(0)
`, hooks{}, vm.Options{Procs: 1, MaxStack: max, Stderr: &bytes.Buffer{}})
		var fe *vm.FatalError
		require.ErrorAs(t, err, &fe)
		ns := outputInts(t, out)
		require.NotEmpty(t, ns)
		return ns[len(ns)-1]
	}
	small, big := depthAt(1<<20), depthAt(8<<20)
	assert.Greater(t, small, 1000)
	assert.Greater(t, big, 4*small, "eight times the limit allows several times the depth")
	assert.Less(t, big, 8<<20/16, "each frame costs at least one 16-byte value")
}

// TestCallRestoresTop: a native calling back into the script many times
// must not leak stack space per call.
func TestCallRestoresTop(t *testing.T) {
	n := 100000
	if vm.RaceEnabled {
		n = 10000
	}
	var lens []int
	var drift []string
	h := hooks{
		// Repeat(f, n) calls f(i) n times with Call1, then n times with
		// Call, and returns the sum of the int results.
		"Repeat": vm.NewNative("hooks.Repeat", 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			fn, n := args[0], int(args[1].AsInt())
			top := t.Top()
			sum := int64(0)
			for i := 0; i < n; i++ {
				v, err := t.Call1(fn, vm.Int(int64(i)))
				if err != nil {
					return vm.Nil, err
				}
				if v.IsInt() {
					sum += v.AsInt()
				}
				if t.Top() != top && len(drift) < 5 {
					drift = append(drift, fmt.Sprintf("Call1(%s) left top at %d, was %d", vm.FuncName(fn), t.Top(), top))
				}
			}
			lens = append(lens, t.StackLen())
			for i := 0; i < n; i++ {
				vs, err := t.Call(fn, vm.Int(int64(i)))
				if err != nil {
					return vm.Nil, err
				}
				if len(vs) > 0 && vs[0].IsInt() {
					sum += vs[0].AsInt()
				}
				if t.Top() != top && len(drift) < 5 {
					drift = append(drift, fmt.Sprintf("Call(%s) left top at %d, was %d", vm.FuncName(fn), t.Top(), top))
				}
			}
			lens = append(lens, t.StackLen())
			return vm.Int(sum), nil
		}),
	}
	out := runOK(t, strings.ReplaceAll(`
import "hooks"
func one(i) {
	return i
}
func two(i) {
	return i, i
}
func none(i) {}
func variadic(xs...) {
	return len(xs)
}
println(hooks.Repeat(one, N))
println(hooks.Repeat(two, N))
println(hooks.Repeat(none, N))
println(hooks.Repeat(variadic, N))
println(hooks.Repeat(func(i) { return hooks.Repeat(one, 3) }, N / 5))
println(hooks.Repeat(str, N))
println(hooks.Repeat(println, 0))
`, "N", strconv.Itoa(n)), h)
	sum := 2 * (n * (n - 1) / 2) // each of Call1 and Call
	assert.Equal(t, fmt.Sprintf("%d\n%d\n0\n%d\n%d\n0\n0\n", sum, sum, 2*n, 2*(n/5)*2*3), out)
	require.NotEmpty(t, lens)
	for _, n := range lens {
		assert.LessOrEqual(t, n, 1024, "stack lengths after each batch of callbacks: %v", lens)
	}
	assert.Empty(t, drift, "Call and Call1 must leave top as they found it")
}

// TestScriptCallsDoNotAllocate runs fib to two depths of work: the
// allocations of a whole run must not depend on how many calls it makes.
func TestScriptCallsDoNotAllocate(t *testing.T) {
	if vm.RaceEnabled {
		t.Skip("the race detector allocates")
	}
	allocs := func(n int) float64 {
		prog := compileScript(t, fmt.Sprintf(`
func warm(n) {
	if n == 0 {
		return 0
	}
	return warm(n - 1)
}
func fib(n) {
	if n < 2 {
		return n
	}
	return fib(n - 1) + fib(n - 2)
}
warm(64)
x := fib(%d)
`, n), hooks{})
		return testing.AllocsPerRun(5, func() {
			var out bytes.Buffer
			if err := vm.NewRuntime(prog, vm.Options{Stdout: &out, Procs: 1}).Run(); err != nil {
				t.Fatal(err)
			}
		})
	}
	small, big := allocs(5), allocs(20) // 15 calls vs 21,891
	assert.Equal(t, small, big, "allocations per run must not grow with the number of calls")
}

// TestCallbackDoesNotAllocate: calling a script function from a native
// (sort.Func's less, for instance) allocates nothing per call.
func TestCallbackDoesNotAllocate(t *testing.T) {
	if vm.RaceEnabled {
		t.Skip("the race detector allocates")
	}
	var a5, a15 float64
	h := hooks{
		"Measure": vm.NewNative("hooks.Measure", 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			var err error
			run := func(n int64) func() {
				return func() {
					if _, e := t.Call1(args[0], vm.Int(n)); e != nil {
						err = e
					}
				}
			}
			t.Call1(args[0], vm.Int(20)) // grow the stack once
			a5 = testing.AllocsPerRun(10, run(5))
			a15 = testing.AllocsPerRun(10, run(15))
			return vm.Nil, err
		}),
	}
	runOK(t, `
import "hooks"
func fib(n) {
	if n < 2 {
		return n
	}
	return fib(n - 1) + fib(n - 2)
}
hooks.Measure(fib)
`, h)
	assert.Equal(t, a5, a15, "allocations must not grow with the number of calls")
	assert.Zero(t, a15, "a callback allocates nothing")
}

// TestNestedCallbackDepthIsBounded: a script that recurses through a
// native callback (sort.Func's less calling sort.Func) nests interpreter
// loops on the host's Go stack. However deep it goes, the host must not
// die of a Go stack overflow (DESIGN §5: nothing a script does may crash
// the embedding program): the script must get a Goro error first. The
// script runs in a child process, whose death is what this test detects.
func TestNestedCallbackDepthIsBounded(t *testing.T) {
	if os.Getenv("GORO_TEST_NESTED_CHILD") == "1" {
		// A host with a 256 MB Go stack limit (Go's default is 1 GB: the
		// same crash, four times slower).
		debug.SetMaxStack(256 << 20)
		_, err := runScript(t, `
import "sort"
func rec(n) {
	sort.Func([1, 2], func(a, b) {
		rec(n + 1)
		return a < b
	})
}
rec(0)
`, hooks{}, vm.Options{Procs: 1, Stderr: &bytes.Buffer{}})
		fmt.Printf("CHILD RESULT: %T %v\n", err, firstLine(err))
		return
	}
	if testing.Short() || vm.RaceEnabled {
		t.Skip("runs a slow child process")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestNestedCallbackDepthIsBounded$", "-test.v")
	cmd.Env = append(os.Environ(), "GORO_TEST_NESTED_CHILD=1")
	out, err := cmd.CombinedOutput()
	text := string(out)
	if i := strings.Index(text, "goroutine "); i > 0 && strings.Contains(text, "fatal error: stack overflow") {
		text = text[:i] // the host's own crash dump is huge
	}
	require.NoError(t, err, "the host process died:\n%s", text)
	assert.Contains(t, text, "CHILD RESULT: *vm.")
	assert.NotContains(t, text, "CHILD RESULT: <nil>")
}

func firstLine(err error) string {
	if err == nil {
		return "<nil>"
	}
	s, _, _ := strings.Cut(err.Error(), "\n")
	return s
}
