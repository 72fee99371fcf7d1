package compiler

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/stdlib"
	"github.com/goro-lang/goro/vm"
)

var update = flag.Bool("update", false, "rewrite the golden disassembly files in testdata/golden")

// goldenPrograms are small programs whose disassembly is checked against
// testdata/golden/NAME.txt (STYLE: golden disassembly, never raw bytes).
// Run `go test ./compiler/ -run TestGolden -update` after an intended
// change to code generation, and review the diff.
var goldenPrograms = []struct {
	name, src string
	files     map[string]string
}{
	{name: "arith_const", src: `func f(x) {
	a := x + 1
	b := x - 2
	c := x * 3
	d := x % 4
	e := x / 5
	g := x + 100000
	h := 2 - x
	i := x << 1
	j := 1.5 * x
	k := x + "s"
	return a, b, c, d, e, g, h, i, j, k
}
`},
	{name: "loop_steps", src: `func f(n, xs) {
	for i := 0; i < n; i++ {
		xs[i] = true
	}
	for j := 2; j <= n; j += 3 {
		xs[j] = false
	}
	for k := 4; k < 100; k += n {
		xs[k] = 1
	}
	for i := n; i >= 0; i-- {
		xs[i] = 2
	}
	for i := 0; i < n && i < 10; i++ {
		xs[i] = 3
	}
	for i := 0; i < n; i += 1000 {
		xs[i] = 4
	}
}
`},
	{name: "fused_branches", src: `func f(n) {
	s := 0
	for i := 0; i < n; i++ {
		if i % 2 == 0 {
			s += i
		}
		if i >= 10 {
			break
		}
	}
	if n > s {
		return n
	}
	if 3 < n && n != s {
		return -1
	}
	return s
}
`},
	{name: "closure_loopvar", src: `fs := []
for i := 0; i < 3; i++ {
	fs = append(fs, func() { return i })
}
for _, v := range [1, 2] {
	fs = append(fs, func() { return v })
}
func counter() {
	n := 0
	return func() {
		n++
		return n
	}
}
`},
	{name: "method_calls", src: `import "sync"
wg := sync.WaitGroup()
wg.Add(1)
m := {"f": func(x) { return x }}
m.f(2)
e := error("x")
s := e.Error()
`},
	{name: "spread_calls", src: `func sum(xs...) {
	t := 0
	for _, x := range xs {
		t += x
	}
	return t
}
args := [1, 2, 3]
a := sum(args...)
b := sum(1, args...)
println(args...)
`},
	{name: "switch", src: `func f(x) {
	switch x {
	case 1, 2:
		return "small"
	case 3:
		fallthrough
	case 4:
		return "mid"
	default:
		return "big"
	}
}
func g(x) {
	switch {
	case x > 0:
		return 1
	case x < 0:
		return -1
	}
	return 0
}
`},
	{name: "select", src: `ch := chan(1)
done := chan()
select {
case v := <-ch:
	println(v)
case v, ok := <-done:
	println(v, ok)
case ch <- 1:
case <-done:
default:
}
`},
	{name: "defer_go", src: `func f(x) {
	defer println("x", x)
	defer func() { recover() }()
	go f(x + 1)
	go func() { println(x) }()
}
`},
	{name: "builtins", src: `xs := [1]
n := len(xs)
xs = append(xs, 2)
xs = append(xs, 3, 4)
m := {"a": 1}
k := len(m)
l := len
p := l("abc")
`},
	{name: "modules", src: `import "math"
import "strings"
import u "./util.goro"
x := math.Pi
y := strings.ToUpper("a")
z := u.Hello()
u.Level = 2
`, files: map[string]string{"util.goro": "Level := 1\nfunc Hello() {\n\treturn \"hi\"\n}\n"}},
	{name: "range", src: `xs := [1, 2]
for i, v := range xs {
	println(i, v)
}
m := {"a": 1}
for k := range m {
	println(k)
}
for i := range 10 {
	println(i)
}
for i, r := range "hé" {
	println(i, r)
}
`},
	{name: "index_slice", src: `m := {}
m["k"] = 1
m.name = 2
v, ok := m["k"]
xs := [1, 2, 3]
xs[0] = xs[2]
ys := xs[1:]
zs := xs[:2]
ws := xs[a():b()]
func a() {
	return 0
}
func b() {
	return 1
}
`},
}

func TestGolden(t *testing.T) {
	for _, g := range goldenPrograms {
		t.Run(g.name, func(t *testing.T) {
			prog, err := Compile(g.name+".goro", []byte(g.src), Options{Modules: stdlib.Lookup, ReadFile: memFiles(g.files)})
			require.NoError(t, err)
			for _, m := range prog.Modules {
				walk(m.Init, func(p *vm.Proto) {
					assert.NoError(t, vm.Verify(p), p.QualifiedName())
				})
			}
			var buf bytes.Buffer
			Disasm(&buf, prog)
			path := filepath.Join("testdata", "golden", g.name+".txt")
			if *update {
				require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
				return
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run with -update to create it")
			assert.Equal(t, string(want), buf.String(), "disassembly of %s changed (run with -update if intended)", g.name)
		})
	}
}
