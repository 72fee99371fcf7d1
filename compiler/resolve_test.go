package compiler

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/lang"
	"github.com/goro-lang/goro/stdlib"
)

// memFiles is an in-memory file system for imports.
func memFiles(files map[string]string) func(string) ([]byte, error) {
	return func(path string) ([]byte, error) {
		if src, ok := files[path]; ok {
			return []byte(src), nil
		}
		return nil, &os.PathError{Op: "open", Path: path, Err: os.ErrNotExist}
	}
}

// compileErrors compiles src as t.goro and returns every error, one per
// line, as file:line:col: message.
func compileErrors(t *testing.T, src string, files map[string]string) string {
	t.Helper()
	_, err := Compile("t.goro", []byte(src), Options{Modules: stdlib.Lookup, ReadFile: memFiles(files)})
	if err == nil {
		return ""
	}
	var list lang.ErrorList
	require.True(t, errors.As(err, &list), "error is not a lang.ErrorList: %T %v", err, err)
	var lines []string
	for _, e := range list {
		lines = append(lines, e.Error())
	}
	return strings.Join(lines, "\n")
}

func TestCompileErrors(t *testing.T) {
	cases := []struct {
		name, src, want string
	}{
		// undefined, with and without a hint
		{"undefined", "x := 1\nprintln(y)\n",
			"t.goro:2:9: undefined: y"},
		{"undefined: short names get no hint", "ab := 1\nprintln(ac)\n",
			"t.goro:2:9: undefined: ac"},
		{"undefined: did you mean (3 letters)", "abc := 1\nprintln(abd)\n",
			"t.goro:2:9: undefined: abd (did you mean abc?)"},
		{"undefined: did you mean (local)", "func f() {\n\tcount := 0\n\treturn cuont\n}\n",
			"t.goro:3:9: undefined: cuont (did you mean count?)"},
		{"undefined: did you mean a builtin", "printn(1)\n",
			"t.goro:1:1: undefined: printn (did you mean print?)"},
		{"undefined: did you mean, ignoring case", "Println(1)\n",
			"t.goro:1:1: undefined: Println (did you mean println?)"},
		{"undefined: did you mean, two edits on a long name", "counter := 1\nprintln(cuonterr)\n",
			"t.goro:2:9: undefined: cuonterr (did you mean counter?)"},
		{"undefined: three edits is too far", "counter := 1\nprintln(cuontrre)\n",
			"t.goro:2:9: undefined: cuontrre"},
		{"undefined: no hint when nothing is close", "total := 1\nprintln(zzzzzz)\n",
			"t.goro:2:9: undefined: zzzzzz"},
		{"undefined: assignment to an undeclared name", "func f() {\n\tx = 1\n}\n",
			"t.goro:2:2: undefined: x"},
		{"undefined: a global used before its declaration at top level", "println(later)\nlater := 1\n",
			"t.goro:1:9: undefined: later"},
		{"undefined: a local out of scope", "func f() {\n\tif true {\n\t\tinner := 1\n\t}\n\treturn inner\n}\n",
			"t.goro:5:9: undefined: inner"},
		{"undefined: module member", "import \"strings\"\nstrings.ToUper(\"x\")\n",
			"t.goro:2:9: undefined: strings.ToUper (did you mean strings.ToUpper?)"},
		{"undefined: module member without hint", "import \"math\"\nprintln(math.Nope)\n",
			"t.goro:2:14: undefined: math.Nope"},

		// declarations
		{"no new variables", "func f() {\n\ta := 1\n\ta := 2\n}\n",
			"t.goro:3:4: no new variables on left side of :="},
		{"no new variables at top level", "a := 1\na := 2\n",
			"t.goro:2:3: no new variables on left side of :="},
		{"one new variable is enough", "func f() {\n\ta := 1\n\ta, b := 2, 3\n\treturn a, b\n}\n", ""},
		{"var redeclared", "func f() {\n\tvar a\n\tvar a\n}\n",
			"t.goro:3:6: a redeclared in this block"},
		{"func redeclared", "func f() {}\nfunc f() {}\n",
			"t.goro:2:6: f redeclared in this block"},
		{"global var redeclared", "var g = 1\nvar g = 2\n",
			"t.goro:2:5: g redeclared in this block"},
		{"shadowing in an inner block is fine", "func f() {\n\ta := 1\n\tif true {\n\t\ta := 2\n\t\treturn a\n\t}\n\treturn a\n}\n", ""},
		{"duplicate parameter", "func f(a, a) {}\n",
			"t.goro:1:11: duplicate argument a"},
		{"nested func declaration", "func f() {\n\tfunc g() {}\n}\n",
			"t.goro:2:7: syntax error: unexpected name g, expected ("},
		{"import redeclared by a global", "import \"strings\"\nstrings := 1\n",
			"t.goro:2:1: strings redeclared in this block (imported module)"},

		// break, continue, fallthrough
		{"break outside a loop", "func f() {\n\tbreak\n}\n",
			"t.goro:2:2: break is not in a loop, switch, or select"},
		{"continue outside a loop", "func f() {\n\tcontinue\n}\n",
			"t.goro:2:2: continue is not in a loop"},
		{"continue in a switch", "func f(x) {\n\tswitch x {\n\tcase 1:\n\t\tcontinue\n\t}\n}\n",
			"t.goro:4:3: continue is not in a loop"},
		{"break in a closure inside a loop", "for {\n\tfunc() { break }()\n}\n",
			"t.goro:2:11: break is not in a loop, switch, or select"},
		{"break to an unknown label", "for {\n\tbreak outer\n}\n",
			"t.goro:2:8: invalid break label outer"},
		{"continue to a switch label", "sw: switch 1 {\ncase 1:\n\tfor {\n\t\tcontinue sw\n\t}\n}\n",
			"t.goro:4:12: invalid continue label sw"},
		{"label defined twice", "l: for {\n\tl: for {\n\t\tbreak l\n\t}\n}\n",
			"t.goro:2:2: label l already defined"},
		{"fallthrough in the last case", "switch 1 {\ncase 1:\n\tfallthrough\n}\n",
			"t.goro:3:2: cannot fallthrough final case in switch"},
		{"fallthrough not last in its case", "switch 1 {\ncase 1:\n\tfallthrough\n\tprintln()\ncase 2:\n}\n",
			"t.goro:3:2: fallthrough statement out of place"},
		{"fallthrough in a nested block", "switch 1 {\ncase 1:\n\tif true {\n\t\tfallthrough\n\t}\ncase 2:\n}\n",
			"t.goro:4:3: fallthrough statement out of place"},
		{"fallthrough in select", "select {\ndefault:\n\tfallthrough\n}\n",
			"t.goro:3:2: fallthrough statement out of place"},
		{"fallthrough outside switch", "func f() {\n\tfallthrough\n}\n",
			"t.goro:2:2: fallthrough statement out of place"},
		{"fallthrough at top level", "fallthrough\n",
			"t.goro:1:1: fallthrough statement out of place"},
		{"fallthrough in a loop", "for i := range 3 {\n\tif i == 1 {\n\t\tfallthrough\n\t}\n}\n",
			"t.goro:3:3: fallthrough statement out of place"},
		{"multiple defaults", "switch 1 {\ndefault:\ndefault:\n}\n",
			"t.goro:3:1: multiple defaults (first at 2:1)"},

		// return
		{"return outside function", "return 1\n",
			"t.goro:1:1: return outside function"},
		{"return in a top-level block", "if true {\n\treturn\n}\n",
			"t.goro:2:2: return outside function"},

		// assignment counts
		{"assignment mismatch :=", "a, b := 1, 2, 3\n",
			"t.goro:1:1: assignment mismatch: 2 variables but 3 values"},
		{"assignment mismatch =", "func f() {\n\tvar a\n\ta = 1, 2\n}\n",
			"t.goro:3:2: assignment mismatch: 1 variable but 2 values"},
		{"assignment mismatch var", "var a, b = 1\n",
			"t.goro:1:5: assignment mismatch: 2 variables but 1 value"},
		{"two values from a call are checked at run time", "func two() {\n\treturn 1, 2\n}\na, b := two()\n", ""},
		{"comma-ok index", "m := {}\nv, ok := m[1]\n", ""},
		{"comma-ok receive", "ch := chan(1)\nv, ok := <-ch\n", ""},
		{"three from an index", "m := {}\na, b, c := m[1]\n",
			"t.goro:2:1: assignment mismatch: 3 variables but 1 value"},

		// what cannot be assigned
		{"assign to a builtin", "len = 1\n",
			"t.goro:1:1: cannot assign to len (builtin)"},
		{"increment a builtin", "func f() {\n\tprintln++\n}\n",
			"t.goro:2:2: cannot assign to println (builtin)"},
		{"assign to a std module member", "import \"math\"\nmath.Pi = 3\n",
			"t.goro:2:6: cannot assign to math.Pi"},
		{"assign to a literal", "func f() {\n\t1 = 2\n}\n",
			"t.goro:2:2: cannot assign to 1"},
		{"assign to a call", "func f() {\n\tf() = 2\n}\n",
			"t.goro:2:2: cannot assign to f()"},
		{"use of _ as a value", "x := _\n",
			"t.goro:1:6: cannot use _ as value"},

		// modules
		{"module without selector", "import \"strings\"\nx := strings\n",
			"t.goro:2:6: use of module strings without selector"},
		{"module passed as a value", "import \"math\"\nprintln(math)\n",
			"t.goro:2:9: use of module math without selector"},
		{"unknown module", "import \"nosuch\"\n",
			"t.goro:1:8: unknown module \"nosuch\""},
		{"module imported twice", "import \"strings\"\nimport \"strings\"\n",
			"t.goro:2:8: strings redeclared in this block"},
		{"module imported twice in a group", "import (\n\t\"strings\"\n\t\"strings\"\n)\n",
			"t.goro:3:2: strings redeclared in this block"},
		{"alias imported twice", "import s \"strings\"\nimport s \"math\"\n",
			"t.goro:2:8: s redeclared in this block"},
		{"import after a statement", "x := 1\nimport \"strings\"\n",
			"t.goro:2:1: syntax error: imports must appear before other declarations"},

		// literals and unused values
		{"int literal overflow", "x := 9223372036854775808\n",
			"t.goro:1:6: cannot use 9223372036854775808 (untyped int constant) as int value (overflows)"},
		{"MinInt literal is fine", "x := -9223372036854775808\n", ""},
		{"MaxInt literal is fine", "x := 9223372036854775807\n", ""},
		{"parenthesized MinInt", "x := -(9223372036854775808)\n", ""},
		{"hex literal overflow", "x := 0x8000000000000000\n",
			"t.goro:1:6: cannot use 0x8000000000000000 (untyped int constant) as int value (overflows)"},
		{"value not used", "x := 1\nx + 1\n",
			"t.goro:2:1: x + 1 (value) is not used"},
		{"literal not used", "func f() {\n\t\"s\"\n}\n",
			"t.goro:2:2: \"s\" (value) is not used"},
		{"index not used", "xs := [1]\nxs[0]\n",
			"t.goro:2:1: xs[0] (value) is not used"},
		{"calls and receives may stand alone", "ch := chan(1)\nch <- 1\n<-ch\nprintln()\n", ""},

		// several errors are all reported, in source order
		{"several errors", "println(a)\nprintln(b)\n",
			"t.goro:1:9: undefined: a\nt.goro:2:9: undefined: b"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, compileErrors(t, c.src, nil))
		})
	}
}

func TestCompileErrorsAreCapped(t *testing.T) {
	var src strings.Builder
	for i := 0; i < 30; i++ {
		src.WriteString("println(undefinedName)\n")
	}
	got := compileErrors(t, src.String(), nil)
	assert.Len(t, strings.Split(got, "\n"), 10)
}

func TestFileModuleErrors(t *testing.T) {
	files := map[string]string{
		"util.goro":   "func Hello() {\n\treturn \"hi\"\n}\nfunc helper() {}\nVersion := 1\n",
		"a.goro":      "import \"./b.goro\"\nfunc A() {}\n",
		"b.goro":      "import \"./a.goro\"\nfunc B() {}\n",
		"self.goro":   "import \"./self.goro\"\n",
		"c.goro":      "import \"./d.goro\"\n",
		"d.goro":      "import \"./e.goro\"\n",
		"e.goro":      "import \"./c.goro\"\n",
		"broken.goro": "func F() {\n\treturn nope\n}\n",
	}
	cases := []struct {
		name, src, want string
	}{
		{"exported names are visible", "import \"./util.goro\"\nprintln(util.Hello(), util.Version)\n", ""},
		{"alias", "import u \"./util.goro\"\nprintln(u.Hello())\n", ""},
		{"unexported name", "import \"./util.goro\"\nutil.helper()\n",
			"t.goro:2:6: cannot refer to unexported name util.helper"},
		{"undefined exported name with a hint", "import \"./util.goro\"\nutil.Helo()\n",
			"t.goro:2:6: undefined: util.Helo (did you mean util.Hello?)"},
		{"undefined exported name", "import \"./util.goro\"\nutil.Missing()\n",
			"t.goro:2:6: undefined: util.Missing"},
		{"assigning a file module's member is allowed", "import \"./util.goro\"\nutil.Version = 2\n", ""},
		{"missing file", "import \"./nothere.goro\"\n",
			"t.goro:1:8: could not import ./nothere.goro (file does not exist)"},
		{"import cycle", "import \"./a.goro\"\n",
			"b.goro:1:8: import cycle: a.goro -> b.goro -> a.goro"},
		{"a file importing itself", "import \"./self.goro\"\n",
			"self.goro:1:8: import cycle: self.goro -> self.goro"},
		{"a longer cycle", "import \"./c.goro\"\n",
			"e.goro:1:8: import cycle: c.goro -> d.goro -> e.goro -> c.goro"},
		{"errors in an imported file name that file", "import \"./broken.goro\"\n",
			"broken.goro:2:9: undefined: nope"},
		{"main importing itself", "import \"./t.goro\"\n",
			"t.goro:1:8: import cycle: t.goro -> t.goro"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, compileErrors(t, c.src, files))
		})
	}
}
