package compiler

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/stdlib"
)

// captures compiles src and says, for each captured variable name, how
// each closure that captures it gets it, as the disassembler shows it: it
// copies the value ("copy r"), shares the declaring function's cell ("r"),
// or shares its enclosing closure's ("upval"), in the order the closures
// appear.
func captures(t *testing.T, src string) map[string]string {
	t.Helper()
	prog, err := Compile("c.goro", []byte(src), Options{Modules: stdlib.Lookup})
	require.NoError(t, err)
	var buf bytes.Buffer
	Disasm(&buf, prog)
	out := map[string]string{}
	for _, m := range captureLine.FindAllStringSubmatch(buf.String(), -1) {
		name, how := m[1], m[2]
		if prev, ok := out[name]; ok {
			how = prev + "," + how
		}
		out[name] = how
	}
	return out
}

var captureLine = regexp.MustCompile(`(?m)^  capture u\d+ (\w+) <- (copy r|r|upval)\d+$`)

// A closure copies a variable that nothing assigns after its declaration;
// every form of assignment makes it a shared cell.
func TestCaptureByValue(t *testing.T) {
	cases := []struct {
		name, body string
		want       map[string]string
	}{
		{"never assigned", `x := 1; f := func() { return x }; f()`, map[string]string{"x": "copy r"}},
		{"assigned later", `x := 1; f := func() { return x }; x = 2; f()`, map[string]string{"x": "r"}},
		{"op-assigned", `x := 1; f := func() { return x }; x += 2; f()`, map[string]string{"x": "r"}},
		{"incremented before", `x := 1; x++; f := func() { return x }; f()`, map[string]string{"x": "r"}},
		{"written by the closure", `x := 1; f := func() { x = 3 }; f()`, map[string]string{"x": "r"}},
		{"redeclared by :=", `a, x := 1, 2; f := func() { return x }; b, x := 3, 4; f(); println(a, b)`,
			map[string]string{"x": "r"}},
		{"range =", `var k; for k = range 3 { f := func() { return k }; f() }`, map[string]string{"k": "r"}},
		{"range :=", `for k := range 3 { f := func() { return k }; f() }`, map[string]string{"k": "copy r"}},
		{"3-clause loop", `for i := 0; i < 3; i++ { f := func() { return i }; f() }`, map[string]string{"i": "r"}},
		{"select =", `var v; ch := chan(1); ch <- 1; select { case v = <-ch: f := func() { return v }; f() }`,
			map[string]string{"v": "r", "ch": ""}},
		{"parameter", `g := func(n) { return func() { return n } }; g(1)`, map[string]string{"n": "copy r"}},
		{"parameter assigned", `g := func(n) { n++; return func() { return n } }; g(1)`, map[string]string{"n": "r"}},
		{"two levels", `w := 1; f := func() { return func() { return w } }; f()`, map[string]string{"w": "copy r,upval"}},
		{"copies beside a cell", `a, b, c, d := 1, 2, 3, 4; s := 0; f := func() { s += a + b + c + d }; f()`,
			map[string]string{"a": "copy r", "b": "copy r", "c": "copy r", "d": "copy r", "s": "r"}},
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
