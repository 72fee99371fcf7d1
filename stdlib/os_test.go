package stdlib

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/vm"
)

// TestOSConformance is testdata/conformance/mod_os.goro.
func TestOSConformance(t *testing.T) {
	e := newEnvOpts(t, vm.Options{
		Args:   []string{"/tmp/mod_os.goro"},
		Getenv: func(k string) string { return map[string]string{"PATH": "/bin"}[k] },
	})
	args := e.member("os.Args")
	assert.Equal(t, "list", args.TypeName())
	assert.Equal(t, 1, args.List().Len())
	a0, _, _ := args.List().Get(0)
	assert.True(t, strings.HasSuffix(a0.AsStr(), "mod_os.goro"))
	assert.Equal(t, "", e.call1("os.Getenv", vm.String("GORO_CONFORMANCE_SURELY_UNSET")).AsStr())
	assert.Equal(t, "/bin", e.call1("os.Getenv", vm.String("PATH")).AsStr())
}

func TestOSStdoutInterleaves(t *testing.T) {
	e := newEnv(t)
	stdout := e.member("os.Stdout")
	res := e.call(stdout.Object().Type().Methods["Write"].Value(), stdout, vm.String("written directly\n"))
	assert.Equal(t, []vm.Value{vm.Int(17), vm.Nil}, res)
	e.call("fmt.Println", vm.String("after write"))
	assert.Equal(t, "written directly\nafter write\n", e.out())
}

// method calls obj.name(args...) as the interpreter would.
func (e *env) method(obj vm.Value, name string, args ...vm.Value) []vm.Value {
	e.t.Helper()
	m := obj.Object().Type().Methods[name]
	require.NotNil(e.t, m, "no method %s", name)
	return e.call(m.Value(), append([]vm.Value{obj}, args...)...)
}

func TestOSFiles(t *testing.T) {
	e := newEnv(t)
	dir := t.TempDir()
	p := filepath.Join(dir, "f.txt")
	assert.True(t, e.call1("os.WriteFile", vals(p, "héllo\n")...).IsNil())
	res := e.call("os.ReadFile", vm.String(p))
	assert.Equal(t, "héllo\n", res[0].AsStr())
	assert.True(t, res[1].IsNil())
	fi, err := os.Stat(p)
	require.NoError(t, err)
	// 0644 less the umask: owner read-write, nobody else writes or executes.
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm()&0o733)

	missing := filepath.Join(dir, "nope", "x")
	res = e.call("os.ReadFile", vm.String(missing))
	assert.Equal(t, "", res[0].AsStr())
	assert.Equal(t, "open "+missing+": no such file or directory", errText(t, res[1]))
	assert.Equal(t, "open "+missing+": no such file or directory", errText(t, e.call1("os.WriteFile", vals(missing, "x")...)))

	q := filepath.Join(dir, "a", "b")
	assert.True(t, e.call1("os.MkdirAll", vm.String(q)).IsNil())
	assert.True(t, e.call1("os.WriteFile", vals(filepath.Join(q, "g"), "", 0o600)...).IsNil())
	fi, err = os.Stat(filepath.Join(q, "g"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	assert.True(t, e.call1("os.Remove", vm.String(p)).IsNil())
	assert.Equal(t, "remove "+p+": no such file or directory", errText(t, e.call1("os.Remove", vm.String(p))))
	assert.Equal(t, "runtime error: os.WriteFile: argument 3 must be int, not string",
		e.panicMsg("os.WriteFile", vals(p, "x", "rw")...))
}

func TestOSStdinReadLine(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"a\nb\r\nc", []string{"a", "b", "c"}},
		{"a\n\nb\n", []string{"a", "", "b"}},
		{"\r\n", []string{""}},
		{"no newline", []string{"no newline"}},
		{"cr\r", []string{"cr\r"}},
		{"x\r\r\n", []string{"x\r"}},
	}
	for _, c := range cases {
		e := newEnvOpts(t, vm.Options{Stdin: iotest.OneByteReader(strings.NewReader(c.in))})
		stdin := e.member("os.Stdin")
		for _, want := range c.want {
			res := e.method(stdin, "ReadLine")
			assert.Equal(t, want, res[0].AsStr(), "input %q", c.in)
			assert.True(t, res[1].IsNil(), "input %q: err %s", c.in, res[1])
		}
		for range 2 {
			res := e.method(stdin, "ReadLine")
			assert.Equal(t, "", res[0].AsStr())
			assert.True(t, vm.Same(res[1], vm.EOF), "input %q: want io.EOF, got %s", c.in, res[1])
			assert.True(t, vm.Same(res[1], e.member("io.EOF")))
		}
	}
}

func TestOSStdinRead(t *testing.T) {
	e := newEnvOpts(t, vm.Options{Stdin: strings.NewReader("hello")})
	stdin := e.member("os.Stdin")
	res := e.method(stdin, "Read", vm.Int(3))
	assert.Equal(t, "hel", res[0].AsStr())
	assert.True(t, res[1].IsNil())
	res = e.method(stdin, "ReadLine")
	assert.Equal(t, "lo", res[0].AsStr())
	res = e.method(stdin, "Read", vm.Int(3))
	assert.Equal(t, "", res[0].AsStr())
	assert.True(t, vm.Same(res[1], vm.EOF))

	// Other read errors come back as error values.
	e = newEnvOpts(t, vm.Options{Stdin: iotest.ErrReader(errors.New("disk on fire"))})
	res = e.method(e.member("os.Stdin"), "ReadLine")
	assert.Equal(t, "disk on fire", errText(t, res[1]))
}

func TestOSStdStreams(t *testing.T) {
	e := newEnv(t)
	stdin, stdout, stderr := e.member("os.Stdin"), e.member("os.Stdout"), e.member("os.Stderr")
	for _, f := range []vm.Value{stdin, stdout, stderr} {
		assert.Equal(t, "os.File", f.TypeName())
		assert.Equal(t, "<os.File>", f.String())
	}
	assert.Equal(t, "/dev/stderr", e.method(stderr, "Name")[0].AsStr())

	e.method(stdout, "Write", vm.String("out1 "))
	res := e.method(stderr, "WriteString", vm.String("err\n"))
	assert.Equal(t, []vm.Value{vm.Int(4), vm.Nil}, res)
	assert.Equal(t, "err\n", e.stderr.String())
	assert.Equal(t, "out1 ", e.stdout.String(), "writing stderr flushes stdout first")

	res = e.method(stdout, "ReadLine")
	assert.Equal(t, "read /dev/stdout: bad file descriptor", errText(t, res[1]))
	res = e.method(stdin, "Write", vm.String("x"))
	assert.Equal(t, "write /dev/stdin: bad file descriptor", errText(t, res[1]))
	assert.Equal(t, "runtime error: wrong number of arguments in call to os.File.Write: have 0, want 1",
		e.panicMsg(stdout.Object().Type().Methods["Write"].Value(), stdout))
	assert.Equal(t, "runtime error: os.File.Write: argument 1 must be string, not int",
		e.panicMsg(stdout.Object().Type().Methods["Write"].Value(), stdout, vm.Int(1)))
	assert.Equal(t, "runtime error: os.File.Write: receiver must be os.File, not int",
		e.panicMsg(stdout.Object().Type().Methods["Write"].Value(), vm.Int(1), vm.String("x")))
}

func TestOSExit(t *testing.T) {
	e := newEnv(t)
	_, err := e.try("os.Exit", vm.Int(3))
	var exit *vm.ExitError
	require.ErrorAs(t, err, &exit)
	assert.Equal(t, 3, exit.Code)
}
