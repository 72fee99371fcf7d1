package compiler

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/stdlib"
	"github.com/goro-lang/goro/vm"
)

// compileAndRun compiles src, verifies every function and runs it.
func compileAndRun(t *testing.T, src string) string {
	t.Helper()
	prog, err := Compile("t.goro", []byte(src), Options{Modules: stdlib.Lookup})
	require.NoError(t, err)
	for _, m := range prog.Modules {
		walk(m.Init, func(p *vm.Proto) {
			assert.NoError(t, vm.Verify(p), "%s", p.QualifiedName())
		})
	}
	var out bytes.Buffer
	err = vm.NewRuntime(prog, vm.Options{Stdout: &out, Procs: 1, Modules: stdlib.Lookup}).Run()
	require.NoError(t, err, "output so far: %s", out.String())
	return out.String()
}

// TestSpreadCallFrames: a spread call's list is unpacked from the first
// argument register on; that register must be inside the frame (NRegs)
// even when the call is the last thing the function computes.
func TestSpreadCallFrames(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"return g(xs...) with a parameter", `
func g(xs...) {
	return len(xs)
}
func f(xs) {
	return g(xs...)
}
println(f([1, 2]))
`, "2\n"},
		{"variadic forwarding", `
func g(xs...) {
	return len(xs)
}
func f(xs...) {
	return g(xs...)
}
println(f(1, 2, 3))
`, "3\n"},
		{"spread inside an expression", `
func g(xs...) {
	return len(xs)
}
func f(xs) {
	return g(xs...) + 1
}
println(f([1, 2]))
`, "3\n"},
		{"spread of a local", `
func f() {
	xs := [1, 2]
	println(xs...)
}
f()
`, "1 2\n"},
		{"spread of a captured variable", `
func f() {
	xs := [4, 5]
	g := func() { println(xs...) }
	g()
}
f()
`, "4 5\n"},
		{"spread of a temporary", `
func f() {
	println([7, 8]...)
}
f()
`, "7 8\n"},
		{"spread after fixed arguments", `
func f(a, xs) {
	println(a, xs...)
}
f(0, [1, 2])
`, "0 1 2\n"},
		{"method call spread", `
func f(m, xs) {
	return m.g(xs...)
}
println(f({"g": func(a, b) { return a + b }}, [1, 2]))
`, "3\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, compileAndRun(t, c.src))
		})
	}
}

// TestCodegenRegisterPressure compiles calls and literals nested deeply
// enough that the frame needs many registers, and checks the results.
func TestCodegenRegisterPressure(t *testing.T) {
	out := compileAndRun(t, `
func id(x) {
	return x
}
func sum(xs...) {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}
println(sum(id(1), id(id(2)), sum(3, sum(4, 5, id(6))), [7, 8, [9]][2][0], {"k": 10}.k))
a, b, c := 1, 2, 3
a, b, c = c, a, b
println(a, b, c)
xs := [0, 0]
i := 0
i, xs[i] = 1, 5
println(i, xs)
`)
	assert.Equal(t, "40\n3 1 2\n1 [5 0]\n", out)
}
