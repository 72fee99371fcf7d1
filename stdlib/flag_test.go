package stdlib

import (
	"bytes"
	"flag"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/vm"
)

// goFlags defines the same flags on a Go FlagSet as defineGoroFlags does in
// Goro, so that parsing and the usage text can be compared.
func goFlags(name string, out *bytes.Buffer) (*flag.FlagSet, func() string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(out)
	s := fs.String("name", "world", "who to `greet`")
	n := fs.Int("n", 1, "repeat count")
	v := fs.Bool("v", false, "verbose")
	f := fs.Float64("ratio", 0.5, "a ratio")
	d := fs.Duration("wait", 1500*time.Millisecond, "how long")
	return fs, func() string {
		return repr(vm.String(*s), vm.Int(int64(*n)), vm.Bool(*v), vm.Float(*f), vm.Int(int64(*d)), strList(fs.Args()))
	}
}

func TestFlagAgainstGo(t *testing.T) {
	cases := [][]string{
		{},
		{"-name", "bob", "-n=3", "-v", "a", "b"},
		{"--ratio", "2.25", "-wait", "2m30s", "--", "-v"},
		{"-v=false", "x"},
		{"-n", "x"},
		{"-nope"},
		{"-h"},
		{"-wait", "soon"},
	}
	for _, args := range cases {
		e := newEnv(t)
		fs := e.call1("flag.NewFlagSet", vm.String("prog"), vm.Int(int64(flag.ContinueOnError)))
		var got []vm.Value
		for _, d := range []struct {
			kind string
			args []vm.Value
		}{
			{"String", vals("name", "world", "who to `greet`")},
			{"Int", vals("name", 1, "repeat count")},
			{"Bool", vals("v", false, "verbose")},
			{"Float64", vals("ratio", 0.5, "a ratio")},
			{"Duration", vals("wait", int64(1500*time.Millisecond), "how long")},
		} {
			if d.kind == "Int" {
				d.args[0] = vm.String("n")
			}
			got = append(got, e.method(fs, d.kind, d.args...)[0])
		}
		items := make([]any, len(args))
		for i, a := range args {
			items[i] = a
		}
		errV := e.method(fs, "Parse", val(items))[0]

		var goOut bytes.Buffer
		gfs, goVals := goFlags("prog", &goOut)
		goErr := gfs.Parse(args)
		if goErr != nil {
			require.False(t, errV.IsNil(), "args %q: Go fails with %v", args, goErr)
			assert.Equal(t, goErr.Error(), errText(t, errV), "args %q", args)
			assert.Equal(t, goOut.String(), e.stderr.String(), "usage text for %q", args)
			continue
		}
		require.True(t, errV.IsNil(), "args %q: %v", args, errV)
		vs := make([]vm.Value, 0, 6)
		for _, p := range got {
			v, err := vm.Load(e.th, p)
			require.NoError(t, err)
			vs = append(vs, v)
		}
		vs = append(vs, e.method(fs, "Args")[0])
		assert.Equal(t, goVals(), repr(vs...), "args %q", args)
	}
}

// TestFlagCommandLine: the module's Parse reads os.Args[1:], and on an
// error exits with status 2 after Go's message and usage text.
func TestFlagCommandLine(t *testing.T) {
	e := newEnvOpts(t, vm.Options{Args: []string{"tool.goro", "-k", "7", "file"}})
	k := e.call1("flag.Int", vals("k", 0, "k value")...)
	e.call("flag.Parse")
	v, err := vm.Load(e.th, k)
	require.NoError(t, err)
	assert.Equal(t, vm.Int(7), v)
	assert.Equal(t, "[file]", e.call1("flag.Args").String())
	assert.Equal(t, "1", e.call1("flag.NArg").String())

	e = newEnvOpts(t, vm.Options{Args: []string{"tool.goro", "-zz"}})
	e.call1("flag.Int", vals("k", 0, "k value")...)
	_, perr := e.try("flag.Parse")
	var exit *vm.ExitError
	require.ErrorAs(t, perr, &exit)
	assert.Equal(t, 2, exit.Code)
	var want bytes.Buffer
	gfs := flag.NewFlagSet("tool.goro", flag.ContinueOnError)
	gfs.SetOutput(&want)
	gfs.Int("k", 0, "k value")
	_ = gfs.Parse([]string{"-zz"})
	assert.Equal(t, want.String(), e.stderr.String())

	// Redefinition panics with Go's text.
	msg := e.panicMsg("flag.Int", vals("k", 1, "again")...)
	assert.Contains(t, msg, "flag redefined: k")
}
