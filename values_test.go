package goro_test

import (
	"context"
	"errors"
	"io/fs"
	"testing"
	"time"

	"github.com/goro-lang/goro"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

type inner struct{ Z int }

type request struct {
	Method string
	Path   string
	secret string
	In     inner
	PIn    *inner
	Header map[string]string
	Wait   time.Duration
	Err    error
}

func (r *request) Get(k string) string { return r.Header[k] }
func (r request) Line() string         { return r.Method + " " + r.Path }
func (r *request) hidden() int         { return 1 }

var errSentinel = errors.New("sentinel")

// Go structs and pointers to them: exported fields and methods only; the
// script sees the Go value's current state through a pointer; a Go value
// comes back to Go as itself.
func TestGoStructs(t *testing.T) {
	req := &request{Method: "GET", Path: "/x", secret: "s", In: inner{3}, PIn: &inner{4},
		Header: map[string]string{"a": "b"}, Wait: time.Second, Err: errSentinel}
	rt := load(t, `
var req = nil
func fields() { return [req.Method, req.In.Z, req.PIn.Z, req.Header["a"], req.Wait, req.Err.Error(), req.Get("a"), req.Line()] }
func secret() { return req.secret }
func hidden() { return req.hidden() }
func show() { return str(req) }
func same() { return req }
func set() { req.Method = "POST"; req.In = {"Z": 9}; return req.Method }
func badSet() { req.Wait = "soon" }
func setCopy() { req.Method = "X" }
`, goro.Options{Procs: 1})
	require.NoError(t, rt.SetGlobal("req", req))
	v, err := rt.CallGlobal(context.Background(), "fields")
	require.NoError(t, err)
	assert.Equal(t, []any{"GET", int64(3), int64(4), "b", int64(time.Second), "sentinel", "b", "GET /x"}, v.Export())
	req.Method = "PUT"
	v, err = rt.CallGlobal(context.Background(), "fields")
	require.NoError(t, err)
	assert.Equal(t, "PUT", v.Export().([]any)[0], "through a pointer the script sees the current value")

	for _, f := range []string{"secret", "hidden"} {
		_, err = rt.CallGlobal(context.Background(), f)
		assert.ErrorContains(t, err, "goro_test.request has no field or method", f)
	}
	v, err = rt.CallGlobal(context.Background(), "show")
	require.NoError(t, err)
	assert.Equal(t, "&{Method:PUT Path:/x In:{Z:3} PIn:&{Z:4} Header:map[a:b] Wait:1000000000 Err:sentinel}", v.Export(),
		"printed with exported fields only")

	v, err = rt.CallGlobal(context.Background(), "same")
	require.NoError(t, err)
	var back *request
	require.NoError(t, v.ExportTo(&back))
	assert.Same(t, req, back)
	var copied request
	require.NoError(t, v.ExportTo(&copied))
	assert.Equal(t, "PUT", copied.Method)
	var m map[string]any
	assert.EqualError(t, v.ExportTo(&m), "goro: cannot convert goro_test.request to map[string]interface {}")

	// Through a pointer the script assigns exported fields.
	v, err = rt.CallGlobal(context.Background(), "set")
	require.NoError(t, err)
	assert.Equal(t, "POST", v.Export())
	assert.Equal(t, "POST", req.Method)
	assert.Equal(t, 9, req.In.Z)
	_, err = rt.CallGlobal(context.Background(), "badSet")
	assert.ErrorContains(t, err, "assignment to goro_test.request.Wait: cannot convert string to time.Duration")

	// A struct value (not a pointer): its value-receiver methods only, and
	// its fields are read-only.
	require.NoError(t, rt.SetGlobal("req", *req))
	v, err = rt.CallGlobal(context.Background(), "fields")
	assert.ErrorContains(t, err, "has no field or method Get")
	_, err = rt.CallGlobal(context.Background(), "setCopy")
	assert.ErrorContains(t, err, "goro_test.request")
}

type codeError struct{ Code int }

func (e *codeError) Error() string { return "code" }

// Errors cross both ways as themselves: a Go error given to the script is
// the same Go error when it comes back (errors.Is holds, a concrete type
// exports into its own type), and a script's error given to Go and back is
// the same script value.
func TestErrorsBothWays(t *testing.T) {
	ce := &codeError{7}
	host := goro.NewModule("host").
		Func("Sentinel", func() error { return errSentinel }).
		Func("Wrapped", func() error { return &fs.PathError{Op: "open", Path: "x", Err: fs.ErrNotExist} }).
		Func("Code", func() (int, error) { return 0, ce }).
		Func("IsSentinel", func(err error) bool { return errors.Is(err, errSentinel) }).
		Func("Keep", func(err error) error { return err })
	rt := load(t, `
import "host"
import "os"
func check() {
	e := host.Sentinel()
	mine := error("mine")
	return [host.IsSentinel(e), host.IsSentinel(mine), host.Keep(mine) == mine,
		os.IsNotExist(host.Wrapped()), str(host.Wrapped())]
}
func code() { _, err := host.Code(); return err }
func mine() { return error("made by the script") }
`, goro.Options{Procs: 1, Modules: []*goro.Module{host}, Capabilities: goro.AllCapabilities})
	v, err := rt.CallGlobal(context.Background(), "check")
	require.NoError(t, err)
	assert.Equal(t, []any{true, false, true, true, "open x: file does not exist"}, v.Export())

	v, err = rt.CallGlobal(context.Background(), "code")
	require.NoError(t, err)
	var target *codeError
	require.NoError(t, v.ExportTo(&target))
	assert.Same(t, ce, target)
	var asErr error
	require.NoError(t, v.ExportTo(&asErr))
	assert.Same(t, ce, asErr)

	v, err = rt.CallGlobal(context.Background(), "mine")
	require.NoError(t, err)
	var se *goro.ScriptError
	require.ErrorAs(t, v.Export().(error), &se)
	assert.Equal(t, "made by the script", se.Msg)
	back, err := rt.ValueOf(error(se))
	require.NoError(t, err)
	assert.Equal(t, v, back, "the script's own error value again")
}
