package compiler

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/lang"
	"github.com/goro-lang/goro/stdlib"
	"github.com/goro-lang/goro/vm"
)

func newTestSession(files map[string]string) *Session {
	return NewSession("<repl>", Options{Modules: stdlib.Lookup, ReadFile: memFiles(files)})
}

func mustCompile(t *testing.T, s *Session, src string) *Input {
	t.Helper()
	in, err := s.Compile(src)
	require.NoError(t, err, "input %q", src)
	require.NotNil(t, in.Proto)
	walk(in.Proto, func(p *vm.Proto) {
		require.NoError(t, vm.Verify(p), "input %q: %s", src, p.QualifiedName())
	})
	return in
}

func walk(p *vm.Proto, f func(*vm.Proto)) {
	f(p)
	for _, c := range p.Protos {
		walk(c, f)
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestSessionGlobalsPersist(t *testing.T) {
	s := newTestSession(nil)
	mustCompile(t, s, "x := 1")
	mustCompile(t, s, "func double(n) {\n\treturn n * 2\n}")
	in := mustCompile(t, s, "double(x) + 1")
	assert.True(t, in.Echo, "a final expression is echoed")
	assert.Equal(t, "<input>", in.Proto.Name)
	in = mustCompile(t, s, "y := double(x)")
	assert.False(t, in.Echo)
	// Functions declared later see globals declared earlier, and vice versa
	// through the session's globals.
	mustCompile(t, s, "func useY() {\n\treturn y + x\n}")
	assert.Equal(t, []string{"x", "double", "y", "useY"}, s.Globals())
	// The input reaches the globals as this module's (not another module's).
	in = mustCompile(t, s, "x")
	for _, g := range in.Proto.Globals {
		assert.Empty(t, g.Module)
	}
}

func TestSessionRedeclaration(t *testing.T) {
	s := newTestSession(nil)
	mustCompile(t, s, "x := 1")
	mustCompile(t, s, "x := 2")       // assigns
	mustCompile(t, s, "var x = 3")    // so does var
	mustCompile(t, s, "x, y := 4, 5") // and a mix
	mustCompile(t, s, "func f() {\n\treturn 1\n}")
	mustCompile(t, s, "func f() {\n\treturn 2\n}") // replaces f
	assert.Equal(t, []string{"x", "y", "f"}, s.Globals(), "each name once, in first-declaration order")
	// Within one input the usual rules still hold for locals.
	_, err := s.Compile("func g() {\n\ta := 1\n\ta := 2\n}")
	assert.EqualError(t, err, "<repl>:3:4: no new variables on left side of :=")
}

func TestSessionFailedInputDeclaresNothing(t *testing.T) {
	s := newTestSession(nil)
	mustCompile(t, s, "kept := 1")
	_, err := s.Compile("fresh := 1\nfunc alsoFresh() {}\nprintln(nosuchname)")
	assert.EqualError(t, err, "<repl>:3:9: undefined: nosuchname")
	assert.Equal(t, []string{"kept"}, s.Globals())
	_, err = s.Compile("fresh")
	assert.EqualError(t, err, "<repl>:1:1: undefined: fresh")
	_, err = s.Compile("alsoFresh()")
	assert.EqualError(t, err, "<repl>:1:1: undefined: alsoFresh")
	// A failed input that redeclares an existing global keeps it.
	_, err = s.Compile("kept := 2\nprintln(nosuchname)")
	require.Error(t, err)
	mustCompile(t, s, "kept")
	// A syntax error declares nothing either.
	_, err = s.Compile("syn := (")
	require.Error(t, err)
	_, err = s.Compile("syn")
	assert.EqualError(t, err, "<repl>:1:1: undefined: syn")
}

// TestSessionFailedInputImportsNothing: imports are declarations too. An
// input that fails must not leave its imports bound, or a file module it
// loaded is never handed to the runtime (Input.Modules of a later input
// omits it, since it counts as loaded): the REPL then fails on valid input.
func TestSessionFailedInputImportsNothing(t *testing.T) {
	s := newTestSession(map[string]string{"util.goro": "func Hello() {\n\treturn 1\n}\n"})
	_, err := s.Compile("import \"./util.goro\"\nimport \"os\"\nprintln(nosuch)")
	assert.EqualError(t, err, "<repl>:3:9: undefined: nosuch")
	assert.Empty(t, s.Modules(), "the failed input's imports are not bound")
	_, err = s.Compile("util.Hello()")
	assert.EqualError(t, err, "<repl>:1:1: undefined: util")

	// Importing it again for real hands the module over.
	in := mustCompile(t, s, `import "./util.goro"`)
	require.Len(t, in.Modules, 1, "the module's code comes with the input that binds it")
	assert.Equal(t, "util", in.Modules[0].Name)
	in = mustCompile(t, s, "util.Hello()")
	assert.Empty(t, in.Modules)
}

func TestSessionBareExpressionsAndErrors(t *testing.T) {
	s := newTestSession(nil)
	// A file rejects a bare value; the REPL echoes it.
	for _, src := range []string{"1 + 2", `"s"`, "[1, 2][0]", "len", "nil"} {
		in := mustCompile(t, s, src)
		assert.True(t, in.Echo, src)
	}
	// Not the last statement: still allowed, not echoed.
	in := mustCompile(t, s, "1 + 2\nz := 3")
	assert.False(t, in.Echo)
	// Resolution errors are reported with the session's file name.
	_, err := s.Compile("return 1")
	assert.EqualError(t, err, "<repl>:1:1: return outside function")
	_, err = s.Compile("len = 3")
	assert.EqualError(t, err, "<repl>:1:1: cannot assign to len (builtin)")
}

func TestSessionModules(t *testing.T) {
	files := map[string]string{
		"util.goro": "func Hello() {\n\treturn \"hi\"\n}\nfunc hidden() {}\nLevel := 3\n",
	}
	s := newTestSession(files)
	assert.Empty(t, s.Modules())
	assert.Nil(t, s.Members("strings"))

	mustCompile(t, s, `import "strings"`)
	assert.Equal(t, []string{"strings"}, s.Modules())
	members := s.Members("strings")
	assert.Contains(t, members, "ToUpper")
	assert.Contains(t, members, "Split")
	assert.IsNonDecreasing(t, members, "members are sorted")
	assert.Equal(t, len(stdlib.Lookup("strings").Members), len(members))

	// An import binds for the rest of the session.
	in := mustCompile(t, s, `strings.ToUpper("a")`)
	assert.True(t, in.Echo)
	_, err := s.Compile(`strings.ToUper("a")`)
	assert.EqualError(t, err, "<repl>:1:9: undefined: strings.ToUper (did you mean strings.ToUpper?)")

	// Several imports in one input, with an alias.
	mustCompile(t, s, "import (\n\t\"math\"\n\tt \"time\"\n)")
	assert.Equal(t, []string{"math", "strings", "t"}, s.Modules())
	assert.Contains(t, s.Members("t"), "Sleep")

	// A file module: its exported names only, and its code comes with the
	// first input that imports it.
	in = mustCompile(t, s, `import "./util.goro"`)
	require.Len(t, in.Modules, 1)
	assert.Equal(t, "util", in.Modules[0].Name)
	assert.Contains(t, in.ModIndex, in.Modules[0].Key)
	assert.Equal(t, []string{"Hello", "Level"}, s.Members("util"))
	in = mustCompile(t, s, `util.Hello()`)
	assert.Empty(t, in.Modules, "already loaded")
	_, err = s.Compile(`util.hidden()`)
	assert.EqualError(t, err, "<repl>:1:6: cannot refer to unexported name util.hidden")

	// Unknown modules and missing files fail and bind nothing.
	_, err = s.Compile(`import "nosuch"`)
	assert.EqualError(t, err, `<repl>:1:8: unknown module "nosuch"`)
	_, err = s.Compile(`import "./missing.goro"`)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "could not import ./missing.goro")
	assert.Equal(t, []string{"math", "strings", "t", "util"}, s.Modules())

	// A module name and a global cannot share a name.
	mustCompile(t, s, "json := 1")
	_, err = s.Compile(`import "json"`)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "json redeclared in this block")
	_, err = s.Compile("math := 1")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "math redeclared in this block")

	// Using a module as a value is still an error.
	_, err = s.Compile("strings")
	assert.EqualError(t, err, "<repl>:1:1: use of module strings without selector")
}

func TestSessionReset(t *testing.T) {
	s := newTestSession(nil)
	mustCompile(t, s, "x := 1\nimport \"strings\"")
	s.Reset()
	assert.Empty(t, s.Globals())
	assert.Empty(t, s.Modules())
	_, err := s.Compile("x")
	assert.EqualError(t, err, "<repl>:1:1: undefined: x")
	mustCompile(t, s, `import "strings"`)
}

func TestIsIncomplete(t *testing.T) {
	s := newTestSession(nil)
	cases := []struct {
		src        string
		incomplete bool
	}{
		{"func f() {", true},
		{"if x {", true},
		{"xs := [1,", true},
		{"m := {", true},
		{"s := `raw", true},
		{"for i := range 3 {\n\tprintln(i)", true},
		{"println(", true},
		{"x := )", false},
		{"println(undefinedName)", false},
		{"}", false},
		{"x := 1 +", true},
	}
	for _, c := range cases {
		_, err := s.Compile(c.src)
		require.Error(t, err, "%q", c.src)
		assert.Equal(t, c.incomplete, IsIncomplete(err), "%q: %v", c.src, err)
	}
	assert.False(t, IsIncomplete(nil))
	assert.False(t, IsIncomplete(errors.New("x")))
	assert.True(t, IsIncomplete(&lang.Error{Incomplete: true}))
	// Two errors, one incomplete: not a continuation.
	assert.False(t, IsIncomplete(lang.ErrorList{{Incomplete: true}, {Msg: "other"}}))
}
