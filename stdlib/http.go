package stdlib

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"

	"github.com/goro-lang/goro/vm"
)

// net/http's server (SPEC §10) on Go's own: Go's http.Server accepts and
// parses on host goroutines, and Go's ServeMux routes (Go 1.22 patterns:
// "GET /items/{id}", PathValue). Each request's handler, a script
// function, runs as a goroutine of the run, called from the host goroutine
// through a caller slot (vm.Runtime.Caller, the embedding's external-M
// mechanism: the host goroutine runs the G itself when a P is free), so a
// handler may block, select and time out like any goroutine, and the
// request's end (client gone) interrupts it.
//
// A ServeMux is an object wrapping a Go ServeMux; the module's Handle and
// HandleFunc use the runtime's DefaultServeMux. A handler is a function
// (w, r), or any value with a ServeHTTP(w, r) method (a ServeMux too).
// ListenAndServe blocks its goroutine in a system call (the P is handed
// off) until the server fails or the run ends (the server is then closed).

var (
	serveMuxType = &vm.ObjType{Name: "http.ServeMux"}
	respWType    = &vm.ObjType{Name: "http.ResponseWriter"}
	requestType  = &vm.ObjType{Name: "http.Request"}
	headerType   = &vm.ObjType{Name: "http.Header"}
)

// respWriter is a handler's ResponseWriter; done is set when the handler
// returned (later writes fail, as Go's would misbehave).
type respWriter struct {
	mu   sync.Mutex
	w    http.ResponseWriter
	done bool
}

func (rw *respWriter) goReader() (io.Reader, bool) { return nil, false }
func (rw *respWriter) goWriter() (io.Writer, bool) { return rwWriter{rw}, true }

type rwWriter struct{ rw *respWriter }

func (x rwWriter) Write(p []byte) (int, error) {
	x.rw.mu.Lock()
	defer x.rw.mu.Unlock()
	if x.rw.done {
		return 0, http.ErrHandlerTimeout
	}
	return x.rw.w.Write(p)
}

// requestObj is an *http.Request; body is the Body reader object, made
// once.
type requestObj struct {
	r    *http.Request
	mu   sync.Mutex
	body vm.Value
	ctx  vm.Value
}

func (q *requestObj) goReader() (io.Reader, bool) {
	if q.r.Body == nil {
		return strings.NewReader(""), false
	}
	return q.r.Body, true
}
func (q *requestObj) goWriter() (io.Writer, bool) { return nil, false }

// headerObj is an http.Header shared with a request or response; mu
// guards it against goroutines of the script.
type headerObj struct {
	mu sync.Mutex
	h  http.Header
}

func newHeader(h http.Header) vm.Value { return vm.NewObject(headerType, &headerObj{h: h}) }

// bodyObj is a request's or response's Body: a reader with Close.
type bodyObj struct{ rc io.ReadCloser }

var bodyType = &vm.ObjType{Name: "http.Body"}

func (b *bodyObj) goReader() (io.Reader, bool) { return b.rc, true }
func (b *bodyObj) goWriter() (io.Writer, bool) { return nil, false }

// scriptHandler is a Go http.Handler that calls a script handler.
type scriptHandler struct {
	rt *vm.Runtime
	fn vm.Value // func(w, r)
}

func (h *scriptHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c, err := h.rt.Caller()
	if err != nil {
		http.Error(w, "goro: "+err.Error(), http.StatusServiceUnavailable)
		return
	}
	rw := &respWriter{w: w}
	wv := vm.NewObject(respWType, rw)
	rv := vm.NewObject(requestType, &requestObj{r: r})
	// As in Go, the handler is not interrupted when the client goes away:
	// it sees r.Context() end and returns when it chooses.
	cerr := c.Call(context.Background(), h.fn, []vm.Value{wv, rv})
	var herr error
	if cerr == nil {
		herr = c.Err
		c.Release()
	}
	rw.mu.Lock()
	rw.done = true
	rw.mu.Unlock()
	if cerr != nil {
		// The run ended during the request (ErrClosed, or what ended it):
		// abort the response without a report; the server is closing.
		panic(http.ErrAbortHandler)
	}
	if herr != nil {
		// As Go's server does for a panicking handler: log and abort the
		// response (the connection is closed).
		fmt.Fprintf(h.rt.Stderr(), "http: panic serving %s: %v\n", r.RemoteAddr, herr)
		panic(http.ErrAbortHandler)
	}
}

// goHandler converts a Goro handler value to a Go http.Handler: a
// ServeMux object is its Go mux; a function is called as (w, r); any other
// value must have a ServeHTTP method.
func goHandler(t *vm.Thread, name string, v vm.Value) (http.Handler, error) {
	if o := v.Object(); o != nil {
		if m, ok := o.Data.(*http.ServeMux); ok {
			return m, nil
		}
	}
	if v.Kind() == vm.KindFunc {
		return &scriptHandler{rt: t.Runtime(), fn: v}, nil
	}
	f, err := vm.Field(v, "ServeHTTP")
	if err != nil || f.Kind() != vm.KindFunc {
		return nil, vm.Errorf("%s: handler is %s, want a func(w, r) or a value with a ServeHTTP method", name, v.TypeName())
	}
	return &scriptHandler{rt: t.Runtime(), fn: f}, nil
}

// muxRegister is Handle/HandleFunc on mux; Go panics on a bad or
// conflicting pattern, which becomes a Goro panic with Go's text.
func muxRegister(t *vm.Thread, name string, mux *http.ServeMux, args []vm.Value, funcOnly bool) (v vm.Value, err error) {
	pattern, err := vm.ArgStr(name, args, 0)
	if err != nil {
		return vm.Nil, err
	}
	if funcOnly && args[1].Kind() != vm.KindFunc {
		return vm.Nil, vm.ArgTypeError(name, 1, "func(w, r)", args[1])
	}
	h, err := goHandler(t, name, args[1])
	if err != nil {
		return vm.Nil, err
	}
	defer func() {
		if r := recover(); r != nil {
			v, err = vm.Nil, vm.PlainErrorf("%v", r)
		}
	}()
	mux.Handle(pattern, h)
	return vm.Nil, nil
}

// listenAndServe runs srv until it fails or the run ends.
func listenAndServe(t *vm.Thread, srv *http.Server, tls bool, cert, key string) (vm.Value, error) {
	stop := context.AfterFunc(t.Runtime().HostContext(), func() { srv.Close() })
	defer stop()
	var err error
	t.SyscallBlock(func() {
		if tls {
			err = srv.ListenAndServeTLS(cert, key)
		} else {
			err = srv.ListenAndServe()
		}
	})
	return errValue(err), nil
}

func init() {
	mux := func(args []vm.Value) *http.ServeMux { return args[0].Object().Data.(*http.ServeMux) }
	serveMuxType.Methods = map[string]*vm.Native{
		"Handle": newMethod("http.ServeMux", "Handle", 2, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return muxRegister(t, "http.ServeMux.Handle", mux(args), args[1:], false)
		}),
		"HandleFunc": newMethod("http.ServeMux", "HandleFunc", 2, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return muxRegister(t, "http.ServeMux.HandleFunc", mux(args), args[1:], true)
		}),
	}

	rwOf := func(args []vm.Value) *respWriter { return args[0].Object().Data.(*respWriter) }
	respWType.Methods = map[string]*vm.Native{
		"Header": newMethod("http.ResponseWriter", "Header", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			rw := rwOf(args)
			rw.mu.Lock()
			defer rw.mu.Unlock()
			return newHeader(rw.w.Header()), nil
		}),
		"WriteHeader": newMethod("http.ResponseWriter", "WriteHeader", 1, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			code, err := vm.ArgInt("http.ResponseWriter.WriteHeader", args, 1)
			if err != nil {
				return vm.Nil, err
			}
			if code < 100 || code > 999 {
				return vm.Nil, vm.PlainErrorf("invalid WriteHeader code %d", code)
			}
			rw := rwOf(args)
			rw.mu.Lock()
			defer rw.mu.Unlock()
			if !rw.done {
				rw.w.WriteHeader(int(code))
			}
			return vm.Nil, nil
		}),
		"Write": newMethod("http.ResponseWriter", "Write", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s, err := vm.ArgStr("http.ResponseWriter.Write", args, 1)
			if err != nil {
				return vm.Nil, err
			}
			w := rwWriter{rwOf(args)}
			var n int
			var werr error
			if len(s) > 4096 { // may wait for the network
				t.Syscall(func() { n, werr = io.WriteString(w, s) })
			} else {
				n, werr = io.WriteString(w, s)
			}
			return t.Ret2(vm.Int(int64(n)), errValue(werr))
		}),
		"Flush": newMethod("http.ResponseWriter", "Flush", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			rw := rwOf(args)
			rw.mu.Lock()
			defer rw.mu.Unlock()
			if f, ok := rw.w.(http.Flusher); ok && !rw.done {
				t.Syscall(f.Flush)
			}
			return vm.Nil, nil
		}),
	}
	rw := respWType.Methods["Write"]
	respWType.Methods["WriteString"] = rw

	initRequestType()
	initHeaderType()

	m := newModule("net/http")
	m.needs(vm.CapNet)
	m.state = func(rt *vm.Runtime) any { return http.NewServeMux() }
	m.perRuntimeState("DefaultServeMux", func(rt *vm.Runtime, st any) vm.Value {
		return vm.NewObject(serveMuxType, st.(*http.ServeMux))
	})
	m.doc("DefaultServeMux", "var DefaultServeMux *ServeMux", "DefaultServeMux is the runtime's ServeMux, used by Handle, HandleFunc and ListenAndServe(addr, nil).")
	for _, name := range []string{"Handle", "HandleFunc"} {
		name := name
		m.perRuntimeState(name, func(rt *vm.Runtime, st any) vm.Value {
			mx := st.(*http.ServeMux)
			return vm.NewNative("net/http."+name, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
				if err := vm.CheckArgs("net/http."+name, args, 2); err != nil {
					return vm.Nil, err
				}
				return muxRegister(t, "net/http."+name, mx, args, name == "HandleFunc")
			}).Value()
		})
	}
	m.doc("Handle", "func Handle(pattern string, handler Handler)", "Handle registers handler (a value with ServeHTTP(w, r), or a ServeMux) for pattern in DefaultServeMux (Go 1.22 patterns: \"GET /items/{id}\").")
	m.doc("HandleFunc", "func HandleFunc(pattern string, handler func(ResponseWriter, *Request))", "HandleFunc registers a handler function for pattern in DefaultServeMux; each request runs it in its own goroutine.")
	m.fn("NewServeMux", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return vm.NewObject(serveMuxType, http.NewServeMux()), nil
	})
	m.doc("NewServeMux", "func NewServeMux() *ServeMux", "NewServeMux returns a new ServeMux (Handle, HandleFunc); it is a handler itself.")
	for _, tls := range []bool{false, true} {
		tls := tls
		name := "ListenAndServe"
		nargs := 2
		if tls {
			name, nargs = "ListenAndServeTLS", 4
		}
		m.perRuntimeState(name, func(rt *vm.Runtime, st any) vm.Value {
			def := st.(*http.ServeMux)
			qn := "net/http." + name
			return vm.NewNative(qn, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
				if err := vm.CheckArgs(qn, args, nargs); err != nil {
					return vm.Nil, err
				}
				addr, err := vm.ArgStr(qn, args, 0)
				if err != nil {
					return vm.Nil, err
				}
				var cert, key string
				if tls {
					if cert, err = vm.ArgStr(qn, args, 1); err != nil {
						return vm.Nil, err
					}
					if key, err = vm.ArgStr(qn, args, 2); err != nil {
						return vm.Nil, err
					}
				}
				var h http.Handler = def
				if hv := args[nargs-1]; !hv.IsNil() {
					if h, err = goHandler(t, qn, hv); err != nil {
						return vm.Nil, err
					}
				}
				srv := &http.Server{Addr: addr, Handler: h}
				return listenAndServe(t, srv, tls, cert, key)
			}).Value()
		})
	}
	m.doc("ListenAndServe", "func ListenAndServe(addr string, handler Handler) error", "ListenAndServe serves HTTP on addr with handler (nil: DefaultServeMux) until it fails or the program ends; it always returns an error.")
	m.doc("ListenAndServeTLS", "func ListenAndServeTLS(addr, certFile, keyFile string, handler Handler) error", "ListenAndServeTLS is ListenAndServe over TLS with the certificate and key files.")
	m.fn("Error", 3, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o := args[0].Object()
		if o == nil || o.Type() != respWType {
			return vm.Nil, vm.ArgTypeError("http.Error", 0, "http.ResponseWriter", args[0])
		}
		msg, err := vm.ArgStr("http.Error", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		code, err := vm.ArgInt("http.Error", args, 2)
		if err != nil {
			return vm.Nil, err
		}
		rw := o.Data.(*respWriter)
		rw.mu.Lock()
		defer rw.mu.Unlock()
		if !rw.done {
			http.Error(rw.w, msg, int(code))
		}
		return vm.Nil, nil
	})
	m.doc("Error", "func Error(w ResponseWriter, error string, code int)", "Error replies with the message and HTTP code as plain text.")
	m.fn("NotFound", 2, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		o := args[0].Object()
		if o == nil || o.Type() != respWType {
			return vm.Nil, vm.ArgTypeError("http.NotFound", 0, "http.ResponseWriter", args[0])
		}
		rw := o.Data.(*respWriter)
		rw.mu.Lock()
		defer rw.mu.Unlock()
		if !rw.done {
			http.Error(rw.w, "404 page not found", http.StatusNotFound)
		}
		return vm.Nil, nil
	})
	m.doc("NotFound", "func NotFound(w ResponseWriter, r *Request)", "NotFound replies with an HTTP 404 not found error.")
	m.wrap("StatusText", http.StatusText)
	m.wrap("CanonicalHeaderKey", http.CanonicalHeaderKey)
	m.wrap("DetectContentType", http.DetectContentType)
	for _, c := range httpStatusCodes {
		m.value(c.name, vm.Int(int64(c.code)))
		m.doc(c.name, fmt.Sprintf("const %s = %d", c.name, c.code), fmt.Sprintf("%s is HTTP status %d %s.", c.name, c.code, http.StatusText(c.code)))
	}
	for _, c := range []string{"MethodGet", "MethodHead", "MethodPost", "MethodPut", "MethodPatch", "MethodDelete", "MethodConnect", "MethodOptions", "MethodTrace"} {
		v := strings.ToUpper(strings.TrimPrefix(c, "Method"))
		m.value(c, vm.String(v))
		m.doc(c, "const "+c+" = \""+v+"\"", c+" is the HTTP method "+v+".")
	}
	m.value("ErrServerClosed", errValue(http.ErrServerClosed))
	m.doc("ErrServerClosed", "var ErrServerClosed error", "ErrServerClosed is ListenAndServe's error after the server was closed.")
	initHTTPClient(m)
	m.register()
}

var httpStatusCodes = []struct {
	name string
	code int
}{
	{"StatusContinue", 100}, {"StatusSwitchingProtocols", 101}, {"StatusOK", 200}, {"StatusCreated", 201},
	{"StatusAccepted", 202}, {"StatusNoContent", 204}, {"StatusPartialContent", 206},
	{"StatusMovedPermanently", 301}, {"StatusFound", 302}, {"StatusSeeOther", 303}, {"StatusNotModified", 304},
	{"StatusTemporaryRedirect", 307}, {"StatusPermanentRedirect", 308}, {"StatusBadRequest", 400},
	{"StatusUnauthorized", 401}, {"StatusForbidden", 403}, {"StatusNotFound", 404},
	{"StatusMethodNotAllowed", 405}, {"StatusNotAcceptable", 406}, {"StatusRequestTimeout", 408},
	{"StatusConflict", 409}, {"StatusGone", 410}, {"StatusRequestEntityTooLarge", 413},
	{"StatusUnsupportedMediaType", 415}, {"StatusTeapot", 418}, {"StatusUnprocessableEntity", 422},
	{"StatusTooManyRequests", 429}, {"StatusInternalServerError", 500}, {"StatusNotImplemented", 501},
	{"StatusBadGateway", 502}, {"StatusServiceUnavailable", 503}, {"StatusGatewayTimeout", 504},
}
