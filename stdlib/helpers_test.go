package stdlib

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/vm"
)

// env is one runtime and thread for calling module members directly.
type env struct {
	t      *testing.T
	rt     *vm.Runtime
	th     *vm.Thread
	stdout *bytes.Buffer
	stderr *bytes.Buffer
	mods   map[string]map[string]vm.Value
}

func newEnv(t *testing.T) *env { return newEnvOpts(t, vm.Options{}) }

// newEnvOpts makes an env; Stdout and Stderr are always captured, Stdin
// defaults to empty input.
func newEnvOpts(t *testing.T, opts vm.Options) *env {
	t.Helper()
	e := &env{t: t, stdout: &bytes.Buffer{}, stderr: &bytes.Buffer{}, mods: map[string]map[string]vm.Value{}}
	opts.Stdout, opts.Stderr = e.stdout, e.stderr
	if opts.Stdin == nil {
		opts.Stdin = strings.NewReader("")
	}
	if opts.Getenv == nil {
		opts.Getenv = func(string) string { return "" }
	}
	opts.Modules = Lookup
	e.rt = vm.NewRuntime(nil, opts)
	e.th = e.rt.NewThread()
	return e
}

// member returns "mod.Name" as the module's New built it for this runtime.
func (e *env) member(path string) vm.Value {
	e.t.Helper()
	i := strings.LastIndexByte(path, '.')
	require.Positive(e.t, i, "member path %q", path)
	mod, name := path[:i], path[i+1:]
	vals, ok := e.mods[mod]
	if !ok {
		def := Lookup(mod)
		require.NotNil(e.t, def, "module %q", mod)
		vals = map[string]vm.Value{}
		for i, v := range def.New(e.rt) {
			vals[def.Members[i]] = v
		}
		e.mods[mod] = vals
	}
	v, ok := vals[name]
	require.True(e.t, ok, "no member %s", path)
	return v
}

// try calls a function member (or any function value) with args and
// returns all its results.
func (e *env) try(fn any, args ...vm.Value) ([]vm.Value, error) {
	e.t.Helper()
	var f vm.Value
	switch x := fn.(type) {
	case string:
		f = e.member(x)
	case vm.Value:
		f = x
	default:
		e.t.Fatalf("bad fn %T", fn)
	}
	return e.th.Call(f, args...)
}

// call calls fn and requires success.
func (e *env) call(fn any, args ...vm.Value) []vm.Value {
	e.t.Helper()
	res, err := e.try(fn, args...)
	require.NoError(e.t, err)
	return res
}

// call1 calls fn and returns its only (first) result.
func (e *env) call1(fn any, args ...vm.Value) vm.Value {
	e.t.Helper()
	res := e.call(fn, args...)
	require.NotEmpty(e.t, res)
	return res[0]
}

// panicMsg calls fn, requires a Goro panic, and returns its value as text.
func (e *env) panicMsg(fn any, args ...vm.Value) string {
	e.t.Helper()
	_, err := e.try(fn, args...)
	require.Error(e.t, err)
	var pe *vm.PanicError
	require.ErrorAs(e.t, err, &pe)
	return pe.Value.String()
}

// out flushes and returns what was written to stdout so far.
func (e *env) out() string {
	e.t.Helper()
	require.NoError(e.t, e.rt.Flush())
	s := e.stdout.String()
	e.stdout.Reset()
	return s
}

// val converts a Go value to a Goro value: int, int64, float64, string,
// bool, nil, []any (a list), vm.Value as is, and kv (a map).
func val(x any) vm.Value {
	switch x := x.(type) {
	case nil:
		return vm.Nil
	case vm.Value:
		return x
	case int:
		return vm.Int(int64(x))
	case int64:
		return vm.Int(x)
	case float64:
		return vm.Float(x)
	case string:
		return vm.String(x)
	case bool:
		return vm.Bool(x)
	case []any:
		items := make([]vm.Value, len(x))
		for i, y := range x {
			items[i] = val(y)
		}
		return vm.NewListValue(items)
	case kv:
		m := vm.NewMap(len(x) / 2)
		for i := 0; i+1 < len(x); i += 2 {
			if err := m.Set(val(x[i]), val(x[i+1])); err != nil {
				panic(err)
			}
		}
		return m.Value()
	}
	panic(fmt.Sprintf("val: unsupported %T", x))
}

// kv is a map literal for val: keys and values alternating, in order.
type kv []any

func vals(xs ...any) []vm.Value {
	out := make([]vm.Value, len(xs))
	for i, x := range xs {
		out[i] = val(x)
	}
	return out
}

// goNative makes a native function value for callbacks in tests.
func goNative(name string, nres int, fn func(args []vm.Value) (vm.Value, error)) vm.Value {
	return vm.NewNative(name, nres, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return fn(args)
	}).Value()
}

// errText returns an error value's message, "" for nil, and fails on
// anything else.
func errText(t *testing.T, v vm.Value) string {
	t.Helper()
	if v.IsNil() {
		return ""
	}
	e := v.Error()
	require.NotNil(t, e, "want error value, got %s", v.TypeName())
	return e.Message()
}

// repr renders values as the REPL would (strings quoted), for comparing
// results by content rather than by identity.
func repr(vs ...vm.Value) string { return vm.Repr(vm.NewListValue(vs)) }
