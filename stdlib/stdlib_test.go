package stdlib

import (
	"sort"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/vm"
)

func TestRegistry(t *testing.T) {
	names := Names()
	assert.True(t, sort.StringsAreSorted(names))
	for _, want := range []string{"fmt", "io", "json", "math", "os", "sort", "strconv", "strings"} {
		assert.Contains(t, names, want)
	}
	assert.Nil(t, Lookup("nope"))
	assert.Nil(t, Lookup(""))

	e := newEnv(t)
	for _, name := range names {
		def := Lookup(name)
		require.NotNil(t, def)
		assert.Equal(t, name, def.Name)
		seen := map[string]bool{}
		for _, m := range def.Members {
			assert.False(t, seen[m], "%s.%s declared twice", name, m)
			seen[m] = true
			assert.NotEmpty(t, m)
			assert.Equal(t, strings.ToUpper(m[:1]), m[:1], "%s.%s is not exported", name, m)
		}
		vals := def.New(e.rt)
		require.Len(t, vals, len(def.Members), name)
		for i, v := range vals {
			if n := v.Native(); n != nil {
				assert.Equal(t, name+"."+def.Members[i], n.Name, "native name")
				assert.Equal(t, "func "+name+"."+def.Members[i], v.String())
			}
		}
	}
}

// TestSpecMembers checks that every member SPEC §10 lists exists.
func TestSpecMembers(t *testing.T) {
	spec := map[string]string{
		"fmt":     "Println Print Printf Sprintf Sprint Sprintln Errorf",
		"strings": "Contains HasPrefix HasSuffix Index Split Fields Join Replace ReplaceAll ToUpper ToLower TrimSpace Trim TrimPrefix TrimSuffix Repeat Count",
		"strconv": "Itoa Atoi ParseFloat FormatFloat Quote",
		"math":    "Sqrt Pow Abs Floor Ceil Sin Cos Log Exp Inf NaN IsNaN IsInf Pi E MaxInt MinInt MaxFloat64",
		"os":      "Args Getenv Exit ReadFile WriteFile Stdin Stdout Stderr",
		"io":      "EOF",
		"json":    "Marshal Unmarshal",
		"sort":    "Ints Strings Func",
	}
	for mod, members := range spec {
		def := Lookup(mod)
		require.NotNil(t, def, mod)
		for _, m := range strings.Fields(members) {
			assert.Contains(t, def.Members, m, "%s.%s", mod, m)
		}
	}
}

// TestPerRuntimeState checks that runtimes do not share mutable members.
func TestPerRuntimeState(t *testing.T) {
	a := newEnvOpts(t, vm.Options{Args: []string{"a.goro"}})
	b := newEnvOpts(t, vm.Options{Args: []string{"b.goro", "x"}})
	assert.Equal(t, "[a.goro]", a.member("os.Args").String())
	assert.Equal(t, "[b.goro x]", b.member("os.Args").String())
	assert.NotEqual(t, a.member("os.Stdin").Object(), b.member("os.Stdin").Object())
	// Functions are shared immutable natives.
	assert.True(t, vm.Same(a.member("strings.Index"), b.member("strings.Index")))
	assert.True(t, vm.Same(a.member("io.EOF"), vm.EOF))
}

func TestArity(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		fn   string
		args []vm.Value
		msg  string
	}{
		{"strings.Index", vals("a"), "runtime error: wrong number of arguments in call to strings.Index: have 1, want 2"},
		{"strings.Replace", vals("a", "b", "c"), "runtime error: wrong number of arguments in call to strings.Replace: have 3, want 4"},
		{"fmt.Sprintf", nil, "runtime error: wrong number of arguments in call to fmt.Sprintf: have 0, want 1"},
		{"strconv.ParseInt", vals("1", 10, 64, 1), "runtime error: wrong number of arguments in call to strconv.ParseInt: have 4, want 3"},
		{"math.NaN", vals(1), "runtime error: wrong number of arguments in call to math.NaN: have 1, want 0"},
		{"json.Marshal", nil, "runtime error: wrong number of arguments in call to json.Marshal: have 0, want 1"},
		{"sort.Func", vals([]any{}), "runtime error: wrong number of arguments in call to sort.Func: have 1, want 2"},
		{"os.Exit", nil, "runtime error: wrong number of arguments in call to os.Exit: have 0, want 1"},
		{"strings.ToUpper", vals(1), "runtime error: strings.ToUpper: argument 1 must be string, not int"},
		{"math.Sqrt", vals("x"), "runtime error: math.Sqrt: argument 1 must be number, not string"},
		{"fmt.Printf", vals(1), "runtime error: fmt.Printf: argument 1 must be string, not int"},
	}
	for _, c := range cases {
		assert.Equal(t, c.msg, e.panicMsg(c.fn, c.args...), c.fn)
	}
}

// TestModulesDeclareCapabilities checks that every standard module says
// what it touches (pure or needs): one that declares nothing needs
// vm.CapUndeclared and is denied to every sandbox, so a module added
// without a declaration would silently be unusable by embedders. The
// modules that reach outside the run need exactly their capability.
func TestModulesDeclareCapabilities(t *testing.T) {
	for _, name := range Names() {
		def := Lookup(name)
		assert.Zero(t, def.Needs&vm.CapUndeclared, "module %q declares neither pure() nor needs(...)", name)
	}
	want := map[string]vm.Capability{
		"net":       vm.CapNet,
		"os/exec":   vm.CapExec,
		"os":        vm.CapFiles | vm.CapEnv | vm.CapStdin | vm.CapExit,
		"fmt":       0,
		"log":       0, // importable everywhere; only Fatal* need exit (memberCaps)
		"flag":      0,
		"context":   0,
		"sync":      0,
		"time":      0,
		"json":      0,
		"runtime":   0,
		"io/fs":     0,
		"math/rand": 0,
	}
	for name, c := range want {
		def := Lookup(name)
		if !assert.NotNil(t, def, name) {
			continue
		}
		assert.Equal(t, c, def.Needs, "module %q needs %s, want %s", name, def.Needs, c)
	}
}
