package vm_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/vm"
)

// panicText runs src, which must end in an unrecovered panic, and returns
// the report's first lines (before the goroutine dump).
func panicText(t *testing.T, src string, h hooks) (stdout, report string) {
	t.Helper()
	out, err := runScript(t, src, h, vm.Options{Procs: 1, Stderr: &bytes.Buffer{}})
	var pe *vm.PanicExit
	require.True(t, errors.As(err, &pe), "want *vm.PanicExit, got %T %v", err, err)
	head, _, _ := strings.Cut(pe.Text, "\n\n")
	return out, head
}

func TestRecoverCornerCases(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		{"recover in a function called by the deferred call returns nil", `
func helper() {
	return recover()
}
func f() {
	defer func() {
		println("helper:", helper())
	}()
	panic("p")
}
func g() {
	defer func() { println("g recovered:", recover()) }()
	f()
}
g()
println("done")
`, "helper: <nil>\ng recovered: p\ndone\n"},

		{"defer recover() does not recover", `
func f() {
	defer recover()
	panic("direct")
}
func g() {
	defer func() { println("g:", recover()) }()
	f()
}
g()
`, "g: direct\n"},

		{"a declared function deferred directly recovers", `
func handler() {
	println("handler:", recover())
}
func f() {
	defer handler()
	panic("h")
}
f()
println("after")
`, "handler: h\nafter\n"},

		{"second recover returns nil", `
func f() {
	defer func() {
		a := recover()
		b := recover()
		println(a, b)
	}()
	panic("once")
}
f()
`, "once <nil>\n"},

		{"a deferred call run by a normal return does not recover an outer panic", `
func g() {
	defer func() { println("g's defer:", recover()) }()
}
func f() {
	defer func() {
		g()
		println("f's defer:", recover())
	}()
	panic("A")
}
f()
`, "g's defer: <nil>\nf's defer: A\n"},

		{"recover with no panic returns nil", `
func f() {
	defer func() { println("r:", recover()) }()
}
f()
`, "r: <nil>\n"},

		{"panic in a deferred call while panicking: the new panic is recovered", `
func f() {
	defer func() { println("r:", recover()) }()
	defer func() { panic("second") }()
	panic("first")
}
f()
println("after")
`, "r: second\nafter\n"},

		{"panic in a deferred call recovered inside that call: the first panic goes on", `
func f() {
	defer func() { println("outer:", recover()) }()
	defer func() {
		defer func() { println("inner:", recover()) }()
		panic("inner")
	}()
	panic("outer")
}
f()
`, "inner: inner\nouter: outer\n"},

		{"recover then re-panic: an earlier deferred call catches the new value", `
func f() {
	defer func() { println("caught:", recover()) }()
	defer func() {
		r := recover()
		panic(str(r) + " again")
	}()
	panic("x")
}
f()
`, "caught: x again\n"},

		{"a recovering function returns nil for every result its caller wants", `
func two() {
	defer func() { recover() }()
	panic("p")
	return 1, 2
}
a, b := two()
println(a, b)
`, "<nil> <nil>\n"},

		{"deferred calls after the recovering one still run, last-in first-out", `
func f() {
	defer println("third")
	defer println("second")
	defer func() { println("first, recovered:", recover()) }()
	panic("p")
}
f()
`, "first, recovered: p\nsecond\nthird\n"},

		{"a panic in a deferred call on normal return is recoverable", `
func f() {
	defer func() { println("r:", recover()) }()
	defer func() { panic("late") }()
	println("body done")
}
f()
`, "body done\nr: late\n"},

		{"deferred arguments are evaluated at the defer statement", `
func f() {
	x := 1
	defer println("x was", x)
	x = 2
	defer func() { println("x is", x) }()
	x = 3
}
f()
`, "x is 3\nx was 1\n"},

		{"recover in a goroutine's deferred call", `
import "sync"
var wg = sync.WaitGroup()
wg.Add(1)
go func() {
	defer wg.Done()
	defer func() { println("goroutine recovered:", recover()) }()
	var xs = [1]
	println(xs[3])
}()
wg.Wait()
`, "goroutine recovered: runtime error: index out of range [3] with length 1\n"},

		{"a runtime error recovered is an error value", `
func f() {
	defer func() {
		r := recover()
		println(type(r), r)
	}()
	zero := 0
	println(1 / zero)
}
f()
`, "error runtime error: integer divide by zero\n"},

		{"unary operators on wrong types", `
func catch(f) {
	var r
	func() {
		defer func() { r = recover() }()
		f()
	}()
	return r
}
s := "s"
fl := 1.5
one := 1
println(catch(func() { return -s }))
println(catch(func() { return ^fl }))
println(catch(func() { return !one }))
println(catch(func() { return -[1] }))
`, "runtime error: invalid operation: -string\nruntime error: invalid operation: ^float\nruntime error: non-bool condition (type int)\nruntime error: invalid operation: -list\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, runOK(t, c.src, hooks{}))
		})
	}
}

func TestUnrecoveredPanicReports(t *testing.T) {
	cases := []struct {
		name, src, stdout, report string
	}{
		{"recover in a nested function does not stop the panic", `
func helper() {
	return recover()
}
func f() {
	defer func() { println("helper:", helper()) }()
	panic("p")
}
f()
`, "helper: <nil>\n", "panic: p"},
		{"panic while panicking", `
defer func() { panic("second") }()
panic("first")
`, "", "panic: first\n\tpanic: second"},
		{"recover then panic anew", `
defer func() {
	r := recover()
	panic(str(r) + "!")
}()
panic("x")
`, "", "panic: x [recovered]\n\tpanic: x!"},
		{"panic with an error value", `
panic(error("custom"))
`, "", "panic: custom"},
		{"panic with a list", `
panic([1, "a"])
`, "", "panic: [1 a]"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, report := panicText(t, c.src, hooks{})
			assert.Equal(t, c.stdout, out)
			assert.Equal(t, c.report, report)
		})
	}
}

// TestRepanicReport: Go 1.23+ reports panic(recover()) of the same value
// as one panic "[recovered, repanicked]" (SPEC: do what Go does).
func TestRepanicReport(t *testing.T) {
	_, report := panicText(t, `
defer func() {
	r := recover()
	panic(r)
}()
panic("x")
`, hooks{})
	assert.Equal(t, "panic: x [recovered, repanicked]", report)
}

// goPanics are natives that panic in Go, as a buggy builtin would.
func goPanics() hooks {
	return hooks{
		"Index": vm.NewNative("hooks.Index", 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			xs := []int{1, 2, 3}
			i := int(args[0].AsInt())
			return vm.Int(int64(xs[i])), nil
		}),
		"NilMap": vm.NewNative("hooks.NilMap", 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			var m map[string]int
			m["x"] = 1
			return vm.Nil, nil
		}),
		"Error": vm.NewNative("hooks.Error", 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			panic(errors.New("library failure"))
		}),
		"String": vm.NewNative("hooks.String", 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			panic("plain string")
		}),
		"Goro": vm.NewNative("hooks.Goro", 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			panic(&vm.PanicError{Value: vm.Int(42)})
		}),
	}
}

func TestGoPanicBecomesGoroPanic(t *testing.T) {
	src := `
import "hooks"
func catch(f) {
	var r
	func() {
		defer func() { r = recover() }()
		f()
	}()
	return r
}
r := catch(func() { hooks.Index(5) })
println(type(r))
println(r)
println(catch(func() { hooks.NilMap() }))
println(catch(func() { hooks.Error() }))
println(catch(func() { hooks.String() }))
r = catch(func() { hooks.Goro() })
println(type(r), r)
println(hooks.Index(1))
// A deferred native that panics in Go runs through the trampoline.
println(catch(func() { defer hooks.Index(7) }))
println("still running")
`
	want := "error\n" +
		"runtime error: internal error: runtime error: index out of range [5] with length 3\n" +
		"runtime error: internal error: assignment to entry in nil map\n" +
		"runtime error: library failure\n" +
		"runtime error: plain string\n" +
		"int 42\n" +
		"2\n" +
		"runtime error: internal error: runtime error: index out of range [7] with length 3\n" +
		"still running\n"
	assert.Equal(t, want, runOK(t, src, goPanics()))
}

func TestGoPanicUnrecoveredEndsProgram(t *testing.T) {
	// In the main goroutine.
	_, report := panicText(t, `
import "hooks"
hooks.Index(9)
`, goPanics())
	assert.Equal(t, "panic: runtime error: internal error: runtime error: index out of range [9] with length 3", report)

	// In another goroutine: the whole program ends, the host survives.
	_, report = panicText(t, `
import "hooks"
import "time"
go func() { hooks.NilMap() }()
time.Sleep(10 * time.Second)
`, goPanics())
	assert.Equal(t, "panic: runtime error: internal error: assignment to entry in nil map", report)
}

// TestGoPanicKeepsTraceback checks that the traceback of a Go panic names
// the script frames that led to the native.
func TestGoPanicKeepsTraceback(t *testing.T) {
	out, err := runScript(t, `
import "hooks"
func inner() {
	hooks.Index(4)
}
inner()
`, goPanics(), vm.Options{Procs: 1})
	require.Empty(t, out)
	var pe *vm.PanicExit
	require.ErrorAs(t, err, &pe)
	assert.Contains(t, pe.Text, "main.inner(...)")
	assert.Contains(t, pe.Text, "main.goro:4:")
	assert.Contains(t, pe.Text, "main.init(...)")
}

// TestInterpreterArithMatchesArith compiles every binary operator applied
// through each instruction form the compiler picks (register-register,
// register-constant, constant-register, small immediates, fused
// compare-and-branch) and checks each result against vm.Arith, which
// arith_test.go checks against Go.
func TestInterpreterArithMatchesArith(t *testing.T) {
	operands := []string{
		"0", "1", "-1", "-3", "7", "64",
		"9223372036854775807", "-9223372036854775808",
		"5e-01", "-2.5e+00", "1e+20",
		`"ab"`, `""`,
	}
	ops := []string{"+", "-", "*", "/", "%", "&", "|", "^", "&^", "<<", ">>", "==", "!=", "<", "<=", ">", ">="}
	if vm.RaceEnabled {
		operands = []string{"0", "-3", "9223372036854775807", "-9223372036854775808", "5e-01", `"ab"`}
	}
	var src strings.Builder
	src.WriteString(`func show(f) {
	var r
	func() {
		defer func() {
			if e := recover(); e != nil {
				r = "E:" + str(e)
			}
		}()
		r = f()
	}()
	println(r)
}
`)
	val := func(s string) vm.Value {
		switch {
		case strings.HasPrefix(s, `"`):
			return vm.String(strings.Trim(s, `"`))
		case strings.ContainsAny(s, ".e"):
			var f float64
			fmt.Sscan(s, &f)
			return vm.Float(f)
		}
		var i int64
		fmt.Sscan(s, &i)
		return vm.Int(i)
	}
	var want, exprs []string
	check := func(expr, a string, op string, b string) {
		v, err := vm.Arith(op, val(a), val(b))
		if err != nil {
			var pe *vm.PanicError
			require.ErrorAs(t, err, &pe)
			want = append(want, "E:"+pe.Value.String())
		} else {
			want = append(want, v.String())
		}
		exprs = append(exprs, fmt.Sprintf("a, b := %s, %s; %s", a, b, expr))
		fmt.Fprintf(&src, "\tshow(func() { %s })\n", expr)
	}
	for _, op := range ops {
		for _, x := range operands {
			for _, y := range operands {
				fmt.Fprintf(&src, "func() {\n\ta, b := %s, %s\n", x, y)
				check(fmt.Sprintf("return a %s b", op), x, op, y)
				check(fmt.Sprintf("return a %s %s", op, y), x, op, y)
				check(fmt.Sprintf("return %s %s b", x, op), x, op, y)
				if strings.Contains("== != < <= > >=", op) {
					// Fused compare-and-branch, with a register and a constant.
					check(fmt.Sprintf("if a %s b { return true }; return false", op), x, op, y)
					check(fmt.Sprintf("if a %s %s { return true }; return false", op, y), x, op, y)
					check(fmt.Sprintf("if %s %s b { return true }; return false", x, op), x, op, y)
					check(fmt.Sprintf("if !(a %s b) { return false }; return true", op), x, op, y)
				}
				src.WriteString("}()\n")
			}
		}
	}
	// Small immediates (ADDI) and compound assignment.
	for _, x := range []string{"0", "1", "-5", "9223372036854775807", "-9223372036854775808", "2.5e+00", `"s"`} {
		for _, k := range []string{"1", "-1", "100", "-32768", "32767"} {
			for _, op := range []string{"+", "-", "*"} {
				fmt.Fprintf(&src, "func() {\n\ta := %s\n", x)
				check("return a "+op+" "+k, x, op, k)
				src.WriteString("}()\n")
				// Compound assignment changes a: a fresh a for each.
				fmt.Fprintf(&src, "func() {\n\ta := %s\n", x)
				check("a "+op+"= "+k+"; return a", x, op, k)
				src.WriteString("}()\n")
			}
		}
	}
	got := strings.Split(strings.TrimSuffix(runOK(t, src.String(), hooks{}), "\n"), "\n")
	require.Equal(t, len(want), len(got))
	// Error texts are compared by their kind only ("invalid operation",
	// "integer divide by zero", ...): TestArithErrorWording checks that
	// they name operands and operator as written.
	errKind := func(s string) string {
		if k, _, ok := strings.Cut(s, ": "+"invalid operation"); ok {
			return k + ": invalid operation"
		}
		return s
	}
	bad := 0
	for i := range want {
		if errKind(got[i]) != errKind(want[i]) {
			if bad++; bad <= 10 {
				t.Errorf("%s\n\twant %q\n\tgot  %q", exprs[i], want[i], got[i])
			}
		}
	}
	if bad > 10 {
		t.Errorf("... %d mismatches in all", bad)
	}
}

// TestArithErrorWording: a runtime error names the operands and the
// operator as the source wrote them (SPEC §2: "invalid operation: list <
// int"), whatever instruction the compiler chose: it must not show the
// operands swapped (x > y compiled as y < x, 1 + x as x + 1) or another
// operator (x - 1 compiled as x + -1).
func TestArithErrorWording(t *testing.T) {
	cases := []struct{ expr, want string }{
		{"a > b", "invalid operation: int > string"},
		{"a >= b", "invalid operation: int >= string"},
		{"a < b", "invalid operation: int < string"},
		{"1 + b", "invalid operation: int + string"},
		{"2 * b", "invalid operation: int * string"},
		{"1 > b", "invalid operation: int > string"},
		{"b > 1", "invalid operation: string > int"},
		{`"s" > a`, "invalid operation: string > int"},
		{"b - 1", "invalid operation: string - int"},
		{"l - 1", "invalid operation: list - int"},
		{"l > 1", "invalid operation: list > int"},
		{"l < a", "invalid operation: list < int"},
	}
	var src strings.Builder
	src.WriteString(`func show(f) {
	defer func() { println(recover()) }()
	f()
}
a, b, l := 1, "s", [1]
`)
	for _, c := range cases {
		fmt.Fprintf(&src, "show(func() { return %s })\n", c.expr)
		fmt.Fprintf(&src, "show(func() { if %s { return 1 }; return 0 })\n", c.expr)
	}
	got := strings.Split(runOK(t, src.String(), hooks{}), "\n")
	for i, c := range cases {
		assert.Equal(t, "runtime error: "+c.want, got[2*i], "%s", c.expr)
		assert.Equal(t, "runtime error: "+c.want, got[2*i+1], "if %s", c.expr)
	}
}
