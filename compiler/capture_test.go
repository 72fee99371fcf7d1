package compiler

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/stdlib"
	"github.com/goro-lang/goro/vm"
)

// captures compiles src and says, for each captured variable name, how
// each closure that captures it gets it: it copies the value ("copy"),
// shares the declaring function's cell ("cell"), or shares its enclosing
// closure's ("upval"), in the order the closures appear.
func captures(t *testing.T, src string) map[string]string {
	t.Helper()
	prog, err := Compile("c.goro", []byte(src), Options{Modules: stdlib.Lookup})
	require.NoError(t, err)
	out := map[string]string{}
	walk(prog.Modules[0].Init, func(p *vm.Proto) {
		for _, u := range p.Upvals {
			how := "upval"
			if u.Copy {
				how = "copy"
			} else if u.Local {
				how = "cell"
			}
			if prev, ok := out[u.Name]; ok {
				how = prev + "," + how
			}
			out[u.Name] = how
		}
	})
	return out
}

// A closure copies a variable that nothing assigns after its declaration;
// every form of assignment makes it a shared cell.
func TestCaptureByValue(t *testing.T) {
	cases := []struct {
		name, body string
		want       map[string]string
	}{
		{"never assigned", `x := 1; f := func() { return x }; f()`, map[string]string{"x": "copy"}},
		{"assigned later", `x := 1; f := func() { return x }; x = 2; f()`, map[string]string{"x": "cell"}},
		{"op-assigned", `x := 1; f := func() { return x }; x += 2; f()`, map[string]string{"x": "cell"}},
		{"incremented before", `x := 1; x++; f := func() { return x }; f()`, map[string]string{"x": "cell"}},
		{"written by the closure", `x := 1; f := func() { x = 3 }; f()`, map[string]string{"x": "cell"}},
		{"redeclared by :=", `a, x := 1, 2; f := func() { return x }; b, x := 3, 4; f(); println(a, b)`,
			map[string]string{"x": "cell"}},
		{"range =", `var k; for k = range 3 { f := func() { return k }; f() }`, map[string]string{"k": "cell"}},
		{"range :=", `for k := range 3 { f := func() { return k }; f() }`, map[string]string{"k": "copy"}},
		{"3-clause loop", `for i := 0; i < 3; i++ { f := func() { return i }; f() }`, map[string]string{"i": "cell"}},
		{"select =", `var v; ch := chan(1); ch <- 1; select { case v = <-ch: f := func() { return v }; f() }`,
			map[string]string{"v": "cell", "ch": ""}},
		{"parameter", `g := func(n) { return func() { return n } }; g(1)`, map[string]string{"n": "copy"}},
		{"parameter assigned", `g := func(n) { n++; return func() { return n } }; g(1)`, map[string]string{"n": "cell"}},
		{"two levels", `w := 1; f := func() { return func() { return w } }; f()`, map[string]string{"w": "copy,upval"}},
		{"copies beside a cell", `a, b, c, d := 1, 2, 3, 4; s := 0; f := func() { s += a + b + c + d }; f()`,
			map[string]string{"a": "copy", "b": "copy", "c": "copy", "d": "copy", "s": "cell"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want := map[string]string{}
			for k, v := range c.want {
				if v != "" {
					want[k] = v
				}
			}
			assert.Equal(t, want, captures(t, "func main() {\n"+c.body+"\n}\n"))
		})
	}
}
