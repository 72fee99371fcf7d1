package compiler

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/lang"
	"github.com/goro-lang/goro/stdlib"
	"github.com/goro-lang/goro/vm"
)

func chain(n int, term, op string) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(op)
		}
		b.WriteString(term)
	}
	return b.String()
}

func compileErr(t *testing.T, src string) *lang.Error {
	t.Helper()
	_, err := Compile("t.goro", []byte(src), Options{Modules: stdlib.Lookup})
	var list lang.ErrorList
	require.True(t, errors.As(err, &list), "want a compile error, got %v", err)
	return list[0]
}

// TestFlatChainsReuseRegisters: a left-leaning chain of any length is
// compiled in a loop into one accumulator, so its frame stays small.
func TestFlatChainsReuseRegisters(t *testing.T) {
	for _, tt := range []struct{ name, src, want string }{
		{"sum", "y := 1\nx := " + chain(5000, "y", "+") + "\nprintln(x)\n", "5000\n"},
		{"mixed precedence", "y := 2\nx := " + chain(3000, "y*y", "-") + "\nprintln(x)\n", fmt.Sprint(4-4*(3000-1)) + "\n"},
		{"or", "f := false\nx := " + chain(5000, "f", "||") + " || true\nprintln(x)\n", "true\n"},
		{"and", "t := true\nx := " + chain(5000, "t", "&&") + "\nprintln(x)\n", "true\n"},
		{"not", "t := true\nx := " + strings.Repeat("!", 5001) + "t\nprintln(x)\n", "false\n"},
		{"neg", "t := 3\nx := " + strings.Repeat("- ", 5001) + "t\nprintln(x)\n", "-3\n"},
		{"call chain", "func f() { return f }\nf" + strings.Repeat("()", 5000) + "\nprintln(\"ok\")\n", "ok\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			prog, err := Compile("t.goro", []byte(tt.src), Options{Modules: stdlib.Lookup})
			require.NoError(t, err)
			assert.LessOrEqual(t, prog.Modules[prog.Main].Init.NRegs, 8, "registers of the top level")
			assert.Equal(t, tt.want, compileAndRun(t, tt.src))
		})
	}
}

// TestChainsIntoLiveLocal: a chain whose destination is a local that its
// operands read must not clobber it early.
func TestChainsIntoLiveLocal(t *testing.T) {
	src := `
x := 1
x = x + 1 + x
println(x)
b := true
b = !!!b
println(b)
n := 5
n = - - -n
println(n)
func f() { return func() { return 7 } }
x = f()() + x
println(x)
`
	assert.Equal(t, "3\nfalse\n-5\n10\n", compileAndRun(t, src))
}

// TestTooManyRegisters: a function that needs more registers than an
// operand can address is a compile error at the point it overflows.
func TestTooManyRegisters(t *testing.T) {
	n := maxRegs + 10
	var locals strings.Builder
	locals.WriteString("func f() {\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&locals, "\tv%d := %d\n", i, i)
	}
	locals.WriteString("}\n")
	params := make([]string, n)
	for i := range params {
		params[i] = fmt.Sprintf("p%d", i)
	}
	for _, tt := range []struct{ name, src, pos string }{
		{"locals", locals.String(), fmt.Sprintf("%d:", maxRegs+2)},
		{"params", "func f(" + strings.Join(params, ", ") + ") {}\n", "1:1"},
		{"arguments", "func f(xs...) {}\nf(" + chain(n, "1", ",") + ")\n", "2:"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if testing.Short() && tt.name != "arguments" {
				t.Skip("a 1 MB program; -short")
			}
			e := compileErr(t, tt.src)
			assert.Contains(t, e.Msg, "too many registers")
			assert.True(t, strings.HasPrefix(e.Pos.String(), tt.pos), "position %s, want %s...", e.Pos, tt.pos)
		})
	}
}

func TestCompileContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := Compile("t.goro", []byte("println(1)\n"), Options{Modules: stdlib.Lookup, Context: ctx})
	assert.ErrorIs(t, err, context.Canceled)
}

// TestReadSource: imports and the main file are read only from regular
// files of bounded size.
func TestReadSource(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(src), 0o644))
		return p
	}
	ok := write("ok.goro", "X := 1\n")
	src, err := ReadSource(ok)
	require.NoError(t, err)
	assert.Equal(t, "X := 1\n", string(src))

	_, err = ReadSource(dir)
	assert.ErrorIs(t, err, errNotRegular)
	_, err = ReadSource("/dev/zero")
	assert.ErrorIs(t, err, errNotRegular)
	fifo := filepath.Join(dir, "fifo.goro")
	if mkfifo(fifo) == nil {
		_, err = ReadSource(fifo) // must not block
		assert.ErrorIs(t, err, errNotRegular)
	}
	big := filepath.Join(dir, "big.goro")
	f, err := os.Create(big)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(lang.MaxSourceSize+1))
	f.Close()
	_, err = ReadSource(big)
	assert.ErrorIs(t, err, errTooLarge)

	// Through import: the error names the import, never the contents.
	main := write("main.goro", "import \"./fifo.goro\"\nimport \"/etc/hostname\"\n")
	mainSrc, _ := os.ReadFile(main)
	_, err = Compile(main, mainSrc, Options{Modules: stdlib.Lookup})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "could not import ./fifo.goro")
	main = write("main2.goro", "import \"/etc/hostname\"\n")
	mainSrc, _ = os.ReadFile(main)
	_, err = Compile(main, mainSrc, Options{Modules: stdlib.Lookup})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "main2.goro:1:8: could not import /etc/hostname (a file module's path must end in .goro)")
}

// TestImportChain: a long chain of imports compiles, each module once.
func TestImportChain(t *testing.T) {
	dir := t.TempDir()
	const n = 300
	for i := 0; i < n; i++ {
		src := fmt.Sprintf("V := %d\n", i)
		if i+1 < n {
			src = fmt.Sprintf("import \"./m%d.goro\"\nV := m%d.V + 1\n", i+1, i+1)
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, fmt.Sprintf("m%d.goro", i)), []byte(src), 0o644))
	}
	main := filepath.Join(dir, "main.goro")
	src := "import \"./m0.goro\"\nprintln(m0.V)\n"
	prog, err := Compile(main, []byte(src), Options{Modules: stdlib.Lookup})
	require.NoError(t, err)
	assert.Len(t, prog.Modules, n+1)
	var out strings.Builder
	require.NoError(t, vm.NewRuntime(prog, vm.Options{Stdout: &out, Procs: 1, Modules: stdlib.Lookup}).Run())
	assert.Equal(t, fmt.Sprint(2*(n-1))+"\n", out.String())
}
