package stdlib_test

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro"
)

// syncBuf is a goroutine-safe buffer for the runtime's stderr.
type syncBuf struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var httpPatterns = []string{"GET /items/{id}", "POST /items", "/static/", "/{$}", "GET /a/{rest...}", "DELETE /items/{id}"}

// httpRequests are requests routed by both muxes.
var httpRequests = [][2]string{
	{"GET", "/items/42"}, {"POST", "/items"}, {"GET", "/items"}, {"PUT", "/items/1"},
	{"GET", "/static/css/x.css"}, {"GET", "/static"}, {"GET", "/"}, {"GET", "/nope"},
	{"GET", "/a/b/c/d"}, {"HEAD", "/items/7"}, {"DELETE", "/items/9"}, {"GET", "/items/%41"},
}

func listen(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	l.Close()
	return addr
}

func waitUp(t *testing.T, addr string) {
	for i := 0; i < 300; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("no server on", addr)
}

func fetch(t *testing.T, addr, method, path string) string {
	req, err := http.NewRequest(method, "http://"+addr+path, nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return fmt.Sprintf("%d %s allow=%q %s", resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Allow"), body)
}

// TestHTTPAgainstGo routes the same requests through a Goro server and a Go
// server with the same patterns and handlers, and compares the responses.
func TestHTTPAgainstGo(t *testing.T) {
	goroAddr, goAddr := listen(t), listen(t)
	var src strings.Builder
	src.WriteString("import \"net/http\"\nimport \"fmt\"\nmux := http.NewServeMux()\n")
	for _, p := range httpPatterns {
		fmt.Fprintf(&src, "mux.HandleFunc(%q, func(w, r) { w.Header().Set(\"Content-Type\", \"text/plain\"); fmt.Fprintf(w, \"%%s|%%s|%%s|%%s\", %q, r.PathValue(\"id\"), r.PathValue(\"rest\"), r.Method) })\n", p, p)
	}
	fmt.Fprintf(&src, "go http.ListenAndServe(%q, mux)\n", goroAddr)
	var stderr syncBuf
	rt, err := goro.Load(context.Background(), "server.goro", []byte(src.String()), goro.Options{Stderr: &stderr, Capabilities: goro.Net})
	require.NoError(t, err)
	defer rt.Close()

	mux := http.NewServeMux()
	for _, p := range httpPatterns {
		mux.HandleFunc(p, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/plain")
			fmt.Fprintf(w, "%s|%s|%s|%s", p, r.PathValue("id"), r.PathValue("rest"), r.Method)
		})
	}
	srv := &http.Server{Addr: goAddr, Handler: mux}
	go srv.ListenAndServe()
	defer srv.Close()
	waitUp(t, goroAddr)
	waitUp(t, goAddr)
	for _, rq := range httpRequests {
		assert.Equal(t, fetch(t, goAddr, rq[0], rq[1]), fetch(t, goroAddr, rq[0], rq[1]), "%s %s", rq[0], rq[1])
	}
	assert.Empty(t, stderr.String())
}

// TestHTTPHandlerPanics: as in Go, a panicking handler is logged and its
// connection closed; the server goes on.
func TestHTTPHandlerPanics(t *testing.T) {
	addr := listen(t)
	src := fmt.Sprintf(`import "net/http"
http.HandleFunc("/boom", func(w, r) { panic("boom") })
http.HandleFunc("/ok", func(w, r) { w.Write("ok") })
go http.ListenAndServe(%q, nil)
`, addr)
	var stderr syncBuf
	rt, err := goro.Load(context.Background(), "server.goro", []byte(src), goro.Options{Stderr: &stderr, Capabilities: goro.Net})
	require.NoError(t, err)
	defer rt.Close()
	waitUp(t, addr)
	_, err = http.Get("http://" + addr + "/boom")
	assert.Error(t, err)
	assert.Contains(t, stderr.String(), "http: panic serving 127.0.0.1:")
	assert.Contains(t, stderr.String(), "boom")
	resp, err := http.Get("http://" + addr + "/ok")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, "ok", string(body))
}
