package stdlib

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sort"
	"strings"

	"github.com/goro-lang/goro/vm"
)

// net/http's Request, Header, Response and client (SPEC §10). The client
// is Go's: Get, Head, Post and a Client's Do block in t.SyscallBlock (the
// goroutine's P is handed off at once); a request's context (from
// NewRequestWithContext) and a Client's Timeout cancel them. Bodies are
// readers (io.ReadAll(resp.Body)) with Close.

var (
	clientType   = &vm.ObjType{Name: "http.Client"}
	responseType = &vm.ObjType{Name: "http.Response"}
)

// clientObj is an *http.Client; Timeout is settable.
type clientObj struct{ c *http.Client }

// responseObj is an *http.Response and its Body object.
type responseObj struct {
	r    *http.Response
	body vm.Value
}

func newBody(rc io.ReadCloser) vm.Value {
	if rc == nil {
		rc = http.NoBody
	}
	return vm.NewObject(bodyType, &bodyObj{rc: rc})
}

// bodyArg converts a request body argument: nil, a string, or a reader (a
// script's own reader is read fully first).
func bodyArg(t *vm.Thread, name string, args []vm.Value, i int) (io.Reader, error) {
	v := args[i]
	switch {
	case v.IsNil():
		return nil, nil
	case v.Kind() == vm.KindString:
		return strings.NewReader(v.AsStr()), nil
	}
	if r := directReader(v); r != nil {
		return r, nil
	}
	r, err := newReader(t, name, args, i)
	if err != nil {
		return nil, err
	}
	data, rerr := io.ReadAll(r)
	if se, ok := rerr.(*scriptError); ok {
		return nil, se.err
	}
	return bytes.NewReader(data), nil
}

func newResponse(r *http.Response) vm.Value {
	return vm.NewObject(responseType, &responseObj{r: r, body: newBody(r.Body)})
}

// doRequest runs req on c, blocking off the P.
func doRequest(t *vm.Thread, c *http.Client, req *http.Request) (vm.Value, error) {
	var resp *http.Response
	var err error
	t.SyscallBlock(func() { resp, err = c.Do(req) })
	if err != nil {
		return t.Ret2(vm.Nil, errValue(err))
	}
	return t.Ret2(newResponse(resp), vm.Nil)
}

func requestArg(name string, args []vm.Value, i int) (*requestObj, error) {
	if o := args[i].Object(); o != nil {
		if q, ok := o.Data.(*requestObj); ok {
			return q, nil
		}
	}
	return nil, vm.ArgTypeError(name, i, "*http.Request", args[i])
}

// clientFns are the methods of a Client, as functions of its Go client;
// the module's Get, Head and Post use http.DefaultClient's.
var clientFns = map[string]struct {
	nargs    int
	sig, doc string
	f        func(t *vm.Thread, c *http.Client, args []vm.Value) (vm.Value, error)
}{
	"Get": {1, "func Get(url string) (resp *Response, err error)", "Get issues a GET to url; read and Close resp.Body.", func(t *vm.Thread, c *http.Client, args []vm.Value) (vm.Value, error) {
		u, err := vm.ArgStr("http.Get", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		req, rerr := http.NewRequest(http.MethodGet, u, nil)
		if rerr != nil {
			return t.Ret2(vm.Nil, errValue(rerr))
		}
		return doRequest(t, c, req)
	}},
	"Head": {1, "func Head(url string) (resp *Response, err error)", "Head issues a HEAD to url.", func(t *vm.Thread, c *http.Client, args []vm.Value) (vm.Value, error) {
		u, err := vm.ArgStr("http.Head", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		req, rerr := http.NewRequest(http.MethodHead, u, nil)
		if rerr != nil {
			return t.Ret2(vm.Nil, errValue(rerr))
		}
		return doRequest(t, c, req)
	}},
	"Post": {3, "func Post(url, contentType string, body io.Reader) (resp *Response, err error)", "Post issues a POST to url with the body (a string or a reader) and Content-Type.", func(t *vm.Thread, c *http.Client, args []vm.Value) (vm.Value, error) {
		u, err := vm.ArgStr("http.Post", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		ct, err := vm.ArgStr("http.Post", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		body, err := bodyArg(t, "http.Post", args, 2)
		if err != nil {
			return vm.Nil, err
		}
		req, rerr := http.NewRequest(http.MethodPost, u, body)
		if rerr != nil {
			return t.Ret2(vm.Nil, errValue(rerr))
		}
		req.Header.Set("Content-Type", ct)
		return doRequest(t, c, req)
	}},
	"Do": {1, "func Do(req *Request) (*Response, error)", "Do sends the request (from NewRequest) and returns the response.", func(t *vm.Thread, c *http.Client, args []vm.Value) (vm.Value, error) {
		q, err := requestArg("http.Client.Do", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return doRequest(t, c, q.r)
	}},
}

func initHTTPClient(m *module) {
	clientType.Attr = func(o *vm.Object, name string) (vm.Value, bool) {
		if name == "Timeout" {
			return vm.Int(int64(o.Data.(*clientObj).c.Timeout)), true
		}
		return vm.Nil, false
	}
	clientType.SetAttr = func(o *vm.Object, name string, v vm.Value) (bool, error) {
		if name != "Timeout" {
			return false, nil
		}
		d, ok := durationOf(v)
		if !ok {
			return true, vm.Errorf("http.Client.Timeout: want a duration, got %s", v.TypeName())
		}
		o.Data.(*clientObj).c.Timeout = d
		return true, nil
	}
	clientType.Methods = map[string]*vm.Native{}
	for _, name := range sortedKeys(clientFns) {
		cf := clientFns[name]
		clientType.Methods[name] = newMethod("http.Client", name, cf.nargs, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return cf.f(t, args[0].Object().Data.(*clientObj).c, args[1:])
		})
		if name == "Do" {
			continue
		}
		m.fn(name, cf.nargs, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return cf.f(t, http.DefaultClient, args)
		})
		m.doc(name, cf.sig, cf.doc)
	}
	m.fn("Client", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return vm.NewObject(clientType, &clientObj{c: &http.Client{}}), nil
	})
	m.doc("Client", "func Client() *Client", "Client returns a new HTTP client: settable Timeout (c.Timeout = 5*time.Second); Get, Head, Post, Do.")
	newReq := func(name string, withCtx bool) vm.NativeFn {
		return func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			ctx := context.Background()
			if withCtx {
				var err error
				if ctx, err = goContextArg(name, args, 0); err != nil {
					return vm.Nil, err
				}
				args = args[1:]
			}
			method, err := vm.ArgStr(name, args, 0)
			if err != nil {
				return vm.Nil, err
			}
			u, err := vm.ArgStr(name, args, 1)
			if err != nil {
				return vm.Nil, err
			}
			body, err := bodyArg(t, name, args, 2)
			if err != nil {
				return vm.Nil, err
			}
			req, rerr := http.NewRequestWithContext(ctx, method, u, body)
			if rerr != nil {
				return t.Ret2(vm.Nil, errValue(rerr))
			}
			return t.Ret2(vm.NewObject(requestType, &requestObj{r: req}), vm.Nil)
		}
	}
	m.fn("NewRequest", 3, 2, newReq("http.NewRequest", false))
	m.doc("NewRequest", "func NewRequest(method, url string, body io.Reader) (*Request, error)", "NewRequest makes a client request (body: nil, a string or a reader); set r.Header, then Client.Do.")
	m.fn("NewRequestWithContext", 4, 2, newReq("http.NewRequestWithContext", true))
	m.doc("NewRequestWithContext", "func NewRequestWithContext(ctx context.Context, method, url string, body io.Reader) (*Request, error)", "NewRequestWithContext is NewRequest whose ctx cancels the request.")
	m.perRuntime("DefaultClient", func(rt *vm.Runtime) vm.Value {
		return vm.NewObject(clientType, &clientObj{c: http.DefaultClient})
	})
	m.doc("DefaultClient", "var DefaultClient *Client", "DefaultClient is the client Get, Head and Post use (no timeout).")

	responseType.Attr = func(o *vm.Object, name string) (vm.Value, bool) {
		r := o.Data.(*responseObj)
		switch name {
		case "StatusCode":
			return vm.Int(int64(r.r.StatusCode)), true
		case "Status":
			return vm.String(r.r.Status), true
		case "Proto":
			return vm.String(r.r.Proto), true
		case "Header":
			return newHeader(r.r.Header), true
		case "Body":
			return r.body, true
		case "ContentLength":
			return vm.Int(r.r.ContentLength), true
		}
		return vm.Nil, false
	}
	bodyType.Methods = map[string]*vm.Native{
		"Read": newMethod("http.Body", "Read", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			n, err := vm.ArgInt("http.Body.Read", args, 1)
			if err != nil {
				return vm.Nil, err
			}
			if n < 0 || n > 1<<24 {
				return vm.Nil, vm.Errorf("http.Body.Read: bad count %d", n)
			}
			b := args[0].Object().Data.(*bodyObj)
			buf := make([]byte, n)
			var k int
			var rerr error
			t.Syscall(func() { k, rerr = b.rc.Read(buf) })
			return t.Ret2(vm.String(string(buf[:k])), errValue(rerr))
		}),
		"Close": newMethod("http.Body", "Close", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			b := args[0].Object().Data.(*bodyObj)
			var err error
			t.Syscall(func() { err = b.rc.Close() })
			return errValue(err), nil
		}),
	}
}

func initRequestType() {
	requestType.Attr = func(o *vm.Object, name string) (vm.Value, bool) {
		q := o.Data.(*requestObj)
		r := q.r
		switch name {
		case "Method":
			return vm.String(r.Method), true
		case "URL":
			return newURL(r.URL), true
		case "Header":
			return newHeader(r.Header), true
		case "Body":
			q.mu.Lock()
			defer q.mu.Unlock()
			if q.body.IsNil() {
				q.body = newBody(r.Body)
			}
			return q.body, true
		case "Host":
			return vm.String(r.Host), true
		case "RemoteAddr":
			return vm.String(r.RemoteAddr), true
		case "RequestURI":
			return vm.String(r.RequestURI), true
		case "Proto":
			return vm.String(r.Proto), true
		case "ContentLength":
			return vm.Int(r.ContentLength), true
		case "Pattern":
			return vm.String(r.Pattern), true
		}
		return vm.Nil, false
	}
	requestType.SetAttr = func(o *vm.Object, name string, v vm.Value) (bool, error) {
		q := o.Data.(*requestObj)
		s, ok := v.ToStr()
		switch name {
		case "Method", "Host":
			if !ok {
				return true, vm.Errorf("http.Request.%s: want string, got %s", name, v.TypeName())
			}
			if name == "Method" {
				q.r.Method = s
			} else {
				q.r.Host = s
			}
			return true, nil
		}
		return false, nil
	}
	qo := func(args []vm.Value) *requestObj { return args[0].Object().Data.(*requestObj) }
	strMethod := func(name string, f func(r *http.Request, s string) string) *vm.Native {
		return newMethod("http.Request", name, 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s, err := vm.ArgStr("http.Request."+name, args, 1)
			if err != nil {
				return vm.Nil, err
			}
			q := qo(args)
			var out string
			// Parsing a form body reads the network.
			t.Syscall(func() {
				q.mu.Lock()
				defer q.mu.Unlock()
				out = f(q.r, s)
			})
			return vm.String(out), nil
		})
	}
	requestType.Methods = map[string]*vm.Native{
		"FormValue":     strMethod("FormValue", (*http.Request).FormValue),
		"PostFormValue": strMethod("PostFormValue", (*http.Request).PostFormValue),
		"PathValue":     strMethod("PathValue", (*http.Request).PathValue),
		"UserAgent": newMethod("http.Request", "UserAgent", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return vm.String(qo(args).r.UserAgent()), nil
		}),
		"Referer": newMethod("http.Request", "Referer", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return vm.String(qo(args).r.Referer()), nil
		}),
		"Context": newMethod("http.Request", "Context", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			q := qo(args)
			q.mu.Lock()
			defer q.mu.Unlock()
			if q.ctx.IsNil() {
				q.ctx = requestContext(t, q.r.Context())
			}
			return q.ctx, nil
		}),
	}
}

// requestContext makes a Goro context for a Go request context: its Done
// channel is closed (from a host goroutine) when the request ends.
func requestContext(t *vm.Thread, ctx context.Context) vm.Value {
	ch, _ := t.Runtime().NewChan(0)
	c := &ctxObj{g: goCtx{Context: ctx}, done: ch, name: "http.Request.Context"}
	if dl, ok := ctx.Deadline(); ok {
		c.g.deadline, c.g.hasDL = dl, true
	}
	c.cancel = func(error) {}
	c.owner = c
	context.AfterFunc(ctx, func() { c.end(nil, context.Cause(ctx)) })
	return newCtxValue(c)
}

func initHeaderType() {
	ho := func(args []vm.Value) *headerObj { return args[0].Object().Data.(*headerObj) }
	kv := func(name string, args []vm.Value, n int) ([]string, error) { return strArgs(name, args[1:1+n]) }
	headerType.Str = func(o *vm.Object) string {
		h := o.Data.(*headerObj)
		h.mu.Lock()
		defer h.mu.Unlock()
		keys := make([]string, 0, len(h.h))
		for k := range h.h {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		b.WriteString("map[")
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(k + ":[" + strings.Join(h.h[k], " ") + "]")
		}
		b.WriteByte(']')
		return b.String()
	}
	headerType.Methods = map[string]*vm.Native{
		"Get": newMethod("http.Header", "Get", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s, err := kv("http.Header.Get", args, 1)
			if err != nil {
				return vm.Nil, err
			}
			h := ho(args)
			h.mu.Lock()
			defer h.mu.Unlock()
			return vm.String(h.h.Get(s[0])), nil
		}),
		"Values": newMethod("http.Header", "Values", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s, err := kv("http.Header.Values", args, 1)
			if err != nil {
				return vm.Nil, err
			}
			h := ho(args)
			h.mu.Lock()
			defer h.mu.Unlock()
			return strList(h.h.Values(s[0])), nil
		}),
		"Set": newMethod("http.Header", "Set", 2, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s, err := kv("http.Header.Set", args, 2)
			if err != nil {
				return vm.Nil, err
			}
			h := ho(args)
			h.mu.Lock()
			defer h.mu.Unlock()
			h.h.Set(s[0], s[1])
			return vm.Nil, nil
		}),
		"Add": newMethod("http.Header", "Add", 2, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s, err := kv("http.Header.Add", args, 2)
			if err != nil {
				return vm.Nil, err
			}
			h := ho(args)
			h.mu.Lock()
			defer h.mu.Unlock()
			h.h.Add(s[0], s[1])
			return vm.Nil, nil
		}),
		"Del": newMethod("http.Header", "Del", 1, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s, err := kv("http.Header.Del", args, 1)
			if err != nil {
				return vm.Nil, err
			}
			h := ho(args)
			h.mu.Lock()
			defer h.mu.Unlock()
			h.h.Del(s[0])
			return vm.Nil, nil
		}),
	}
}
