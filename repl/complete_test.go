package repl

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro"
)

func completionSession(t *testing.T) *goro.Session {
	t.Helper()
	s, err := goro.NewSession(goro.Options{Stdout: &syncBuffer{}, Stderr: &syncBuffer{}, Procs: 1})
	require.NoError(t, err)
	t.Cleanup(s.Close)
	for _, in := range []string{`import "strings"`, `import u "strings"`, "counter := 1", "func countdown(n) { return n }"} {
		_, err := s.Eval(context.Background(), in)
		require.NoError(t, err, in)
	}
	return s
}

func TestComplete(t *testing.T) {
	s := completionSession(t)
	for _, tc := range []struct {
		name    string
		pending []string
		before  string
		typed   string
		want    []string // exactly these
		has     []string // at least these
		hasNot  []string
	}{
		{name: "keyword", before: "fu", typed: "fu", want: []string{"func"}},
		{name: "keywords", before: "x := 1; ra", typed: "ra", has: []string{"range"}},
		{name: "builtins", before: "prin", typed: "prin", want: []string{"print", "println"}},
		{name: "globals", before: "cou", typed: "cou", want: []string{"countdown", "counter"}},
		{name: "after an operator", before: "1+cou", typed: "cou", want: []string{"countdown", "counter"}},
		{name: "modules", before: "stri", typed: "stri", want: []string{"strings"}},
		{name: "all names", before: "f(", typed: "", has: []string{"counter", "strings", "len", "select"}},
		{name: "members", before: "strings.To", typed: "To", has: []string{"ToLower", "ToUpper"}, hasNot: []string{"Split"}},
		{name: "members of an alias", before: "u.Tri", typed: "Tri", has: []string{"TrimSpace"}},
		{name: "members before the import", before: "x := math.Sq", typed: "Sq", has: []string{"Sqrt"}},
		{name: "all members", before: "strings.", typed: "", has: []string{"Contains", "Split"}},
		{name: "no module", before: "counter.x", typed: "x"},
		{name: "number", before: "1.5", typed: ""},
		{name: "locals on the line", before: "total := 1; to", typed: "to", want: []string{"total"}},
		{name: "params of the input", pending: []string{"func area(width, height) {"}, before: "\treturn wi", typed: "wi", want: []string{"width"}},
		{name: "function of the input", pending: []string{"func area(w, h) {", "}", "func other() {"}, before: "ar", typed: "ar", want: []string{"area"}},
		{name: "several :=", pending: []string{"for key, value := range m {"}, before: "println(ke", typed: "ke", has: []string{"key", "keys"}},
		{name: "var", pending: []string{"var alpha, beta = 1, 2", "if true {"}, before: "be", typed: "be", want: []string{"beta"}},
		{name: "closure params", before: "go func(item) { ite", typed: "ite", want: []string{"item"}},
		{name: "import path", before: `import "str`, typed: "str", want: []string{`strconv"`, `strings"`}},
		{name: "import path with alias", before: `import s "ti`, typed: "ti", want: []string{`time"`}},
		{name: "import group", pending: []string{"import (", `	"fmt"`}, before: `	"o`, typed: "o", want: []string{`os"`, `os/exec"`}},
		{name: "import group module", pending: []string{"import (", `	"fmt"`, ")"}, before: "fm", typed: "fm", want: []string{"fmt"}},
		{name: "inside a string", before: `println("cou`, typed: ""},
		{name: "after a string", before: `println("a", cou`, typed: "cou", want: []string{"countdown", "counter"}},
		{name: "inside a raw string", pending: []string{"s := `a"}, before: "cou", typed: ""},
		{name: "after a raw string", pending: []string{"s := `a"}, before: "b` + cou", typed: "cou", want: []string{"countdown", "counter"}},
		{name: "inside a comment", before: "x := 1 // cou", typed: ""},
		{name: "inside a rune", before: "x := 'c", typed: ""},
		{name: "after a block comment", before: "/* c */xyz := 1; xy", typed: "xy", want: []string{"xyz"}},
		{name: "after a comment", pending: []string{"/* cou */ x := 1 +"}, before: "cou", typed: "cou", want: []string{"countdown", "counter"}},
		{name: "unicode", before: "größe := 1; grö", typed: "grö", want: []string{"größe"}},
		{name: "commands", before: ":", typed: ":", want: []string{":dis", ":doc", ":goroutines", ":help", ":load", ":profile", ":quit", ":reset", ":trace"}},
		{name: "command", before: ":g", typed: ":g", want: []string{":goroutines"}},
		{name: "dis argument", before: ":dis countd", typed: "countd", want: []string{"countdown"}},
		{name: "no command in an input", pending: []string{"x := {"}, before: `"k":`, typed: "", has: []string{"counter"}, hasNot: []string{":help"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, typed := Complete(s, tc.pending, tc.before)
			assert.Equal(t, tc.typed, typed)
			if tc.want != nil || tc.has == nil {
				assert.Equal(t, tc.want, got)
			}
			for _, h := range tc.has {
				assert.Contains(t, got, h)
			}
			for _, h := range tc.hasNot {
				assert.NotContains(t, got, h)
			}
			for _, c := range got {
				assert.Regexp(t, "^"+regexpQuote(typed), c)
			}
		})
	}
}

func regexpQuote(s string) string { return regexp.QuoteMeta(s) }

func TestCompleteLoadFile(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "prog.goro"), nil, 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "prime.goro"), nil, 0o644))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "pkg"), 0o755))
	s := completionSession(t)
	got, typed := Complete(s, nil, ":load "+filepath.Join(dir, "pr"))
	assert.Equal(t, filepath.Join(dir, "pr"), typed)
	assert.Equal(t, []string{filepath.Join(dir, "prime.goro"), filepath.Join(dir, "prog.goro")}, got)
	got, _ = Complete(s, nil, ":l "+filepath.Join(dir, "pk"))
	assert.Equal(t, []string{filepath.Join(dir, "pkg") + string(filepath.Separator)}, got)
}

// The readline side: the rest of each word, and Tab at the start of a line
// indents.
func TestCompleterForReadline(t *testing.T) {
	r := &repl{sess: completionSession(t)}
	c := r.completer()
	line := []rune("x := strings.ToU")
	got, n := c.Do(line, len(line))
	assert.Equal(t, [][]rune{[]rune("pper")}, got)
	assert.Equal(t, 3, n)
	got, n = c.Do([]rune("\t\tx"), 2)
	assert.Equal(t, [][]rune{[]rune("\t")}, got)
	assert.Equal(t, 0, n)
	// A recalled multi-line input: the ↵ are line breaks.
	line = []rune("func f(param) {↵return par")
	got, n = c.Do(line, len(line))
	assert.Equal(t, [][]rune{[]rune("am")}, got)
	assert.Equal(t, 3, n)
	// The unfinished input's lines are in scope.
	r.pending = []string{"func g(größe) {"}
	line = []rune("return grö")
	got, n = c.Do(line, len(line))
	assert.Equal(t, [][]rune{[]rune("ße")}, got)
	assert.Equal(t, 3, n)
}
