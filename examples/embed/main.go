// Command embed is hookd, a small webhook engine whose handlers are Goro
// scripts: an example of embedding Goro in a Go server (docs/embedding.md).
//
//	go run ./examples/embed -hooks examples/embed/hooks -addr 127.0.0.1:8080
//	curl -d '{"severity":"high","targets":["ops"]}' localhost:8080/hooks/alert
//
// Every hooks/NAME.goro is loaded once, as a live runtime of its own (its
// globals persist between requests, its background goroutines keep
// running), with a host module "hook" that gives it logging, a key-value
// store, secrets, signature checks and notifications. POST /hooks/NAME
// calls the script's handle(req) with the request as a Go struct and
// writes the map it returns ({"status": 200, "body": ...}) as JSON. Each
// HTTP request is served on its own goroutine, so many calls run in one
// runtime at once, in parallel on its processors; a request's context
// cancels its call (a client that goes away, the engine's deadline).
package main

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/goro-lang/goro"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8080", "listen address (port 0 picks one)")
	dir := flag.String("hooks", "hooks", "folder of the hook scripts (NAME.goro)")
	procs := flag.Int("procs", 2, "processors per hook runtime")
	timeout := flag.Duration("timeout", 2*time.Second, "deadline of one hook call")
	flag.Parse()

	logger := log.New(os.Stderr, "hookd: ", log.LstdFlags)
	eng, err := newEngine(*dir, config{Procs: *procs, Timeout: *timeout, Log: logger,
		Secrets: map[string]string{"github": envOr("HOOKD_GITHUB_SECRET", "s3cret")}})
	if err != nil {
		logger.Fatal(err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		logger.Fatal(err)
	}
	srv := &http.Server{Handler: eng, ReadHeaderTimeout: 5 * time.Second}
	fmt.Printf("listening on http://%s (hooks: %s)\n", ln.Addr(), strings.Join(eng.names(), ", "))

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		logger.Fatal(err)
	}
	if err := eng.Close(); err != nil {
		logger.Fatal(err)
	}
	fmt.Println("stopped")
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

// config is what the engine gives every hook.
type config struct {
	Procs   int
	Timeout time.Duration
	Log     *log.Logger
	Secrets map[string]string
}

// engine serves the hooks.
type engine struct {
	cfg   config
	store *store
	mu    sync.Mutex // guards hooks (a crashed hook is replaced)
	hooks map[string]*hook
}

// hook is one loaded script.
type hook struct {
	name   string
	path   string
	rt     *goro.Runtime
	handle goro.Value // the script's handle function
	calls  atomic.Int64
	fails  atomic.Int64
}

// Request is what a script's handle(req) receives: a Go struct, whose
// exported fields the script reads (req.Header["X-Sig"]) and whose methods
// it calls (req.JSON()).
type Request struct {
	Method string
	Path   string
	Query  map[string]string
	Header map[string]string
	Body   string
}

// JSON decodes the body; the script gets (value, err).
func (r *Request) JSON() (any, error) {
	var v any
	if err := json.Unmarshal([]byte(r.Body), &v); err != nil {
		return nil, fmt.Errorf("bad JSON body: %w", err)
	}
	return v, nil
}

// Response is what handle returns, as a map the host exports into it.
type Response struct {
	Status int
	Body   any
}

// newEngine loads every dir/NAME.goro.
func newEngine(dir string, cfg config) (*engine, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*.goro"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("no hooks (*.goro) in %s", dir)
	}
	e := &engine{cfg: cfg, hooks: map[string]*hook{}, store: newStore()}
	for _, path := range paths {
		name := strings.TrimSuffix(filepath.Base(path), ".goro")
		h, err := e.load(name, path)
		if err != nil {
			e.Close()
			return nil, err
		}
		e.hooks[name] = h
	}
	return e, nil
}

// load compiles and loads one hook with its own host module (its log
// lines carry its name).
func (e *engine) load(name, path string) (*hook, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	mod := e.module(name)
	rt, err := goro.Load(context.Background(), path, src, goro.Options{
		Procs:   e.cfg.Procs,
		Modules: []*goro.Module{mod},
		Stdout:  e.cfg.Log.Writer(),
		Stderr:  e.cfg.Log.Writer(),
	})
	if err != nil {
		var ce *goro.CompileError
		if errors.As(err, &ce) {
			return nil, fmt.Errorf("hook %s:\n%s", name, ce.Format())
		}
		return nil, fmt.Errorf("hook %s: %w", name, err)
	}
	fn, ok := rt.Global("handle")
	if !ok || fn.Kind() != goro.Func {
		rt.Close()
		return nil, fmt.Errorf("hook %s: %s defines no func handle(req)", name, path)
	}
	return &hook{name: name, path: path, rt: rt, handle: fn}, nil
}

// module is the host module "hook" of one script.
func (e *engine) module(name string) *goro.Module {
	return goro.NewModule("hook").
		// Reflective, variadic: hook.Log("got %d commits", n).
		Func("Log", func(format string, args ...any) {
			e.cfg.Log.Printf("[%s] %s", name, fmt.Sprintf(format, args...))
		}).
		// A secret of the engine's configuration, never in the script.
		Func("Secret", func(key string) (string, error) {
			s, ok := e.cfg.Secrets[key]
			if !ok {
				return "", fmt.Errorf("no secret %q", key)
			}
			return s, nil
		}).
		// HMAC-SHA256 signature check, GitHub's X-Hub-Signature-256 form.
		Func("Verify", func(secret, body, signature string) bool {
			mac := hmac.New(sha256.New, []byte(secret))
			mac.Write([]byte(body))
			want := "sha256=" + hex.EncodeToString(mac.Sum(nil))
			return hmac.Equal([]byte(want), []byte(signature))
		}).
		// The store stands for a database: its calls block, so they run
		// with the script goroutine's processor handed off.
		Func("Get", goro.Blocking(func(ctx context.Context, key string) (string, error) {
			return e.store.get(ctx, name+"/"+key)
		})).
		Func("Set", goro.Blocking(func(ctx context.Context, key, value string) error {
			return e.store.set(ctx, name+"/"+key, value)
		})).
		// A notification to a target (a chat channel, a pager), slow.
		Func("Notify", goro.Blocking(func(ctx context.Context, target, msg string) error {
			return e.store.notify(ctx, target, msg)
		}))
}

func (e *engine) names() []string {
	var out []string
	for n := range e.hooks {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// ServeHTTP serves POST /hooks/NAME and GET /stats.
func (e *engine) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/stats" {
		e.stats(w)
		return
	}
	name, ok := strings.CutPrefix(r.URL.Path, "/hooks/")
	h := e.hook(name)
	if !ok || h == nil {
		http.Error(w, "no such hook", http.StatusNotFound)
		return
	}
	if r.Method != http.MethodPost {
		http.Error(w, "POST only", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	req := &Request{Method: r.Method, Path: r.URL.Path, Query: map[string]string{}, Header: map[string]string{}, Body: string(body)}
	for k := range r.URL.Query() {
		req.Query[k] = r.URL.Query().Get(k)
	}
	for k := range r.Header {
		req.Header[k] = r.Header.Get(k)
	}

	// The call runs as a goroutine of the hook's runtime; the request's
	// context (with the engine's deadline) cancels it.
	ctx, cancel := context.WithTimeout(r.Context(), e.cfg.Timeout)
	defer cancel()
	h.calls.Add(1)
	v, err := h.rt.Invoke(ctx, h.handle, req)
	var resp Response
	if err == nil {
		err = v.ExportTo(&resp)
	}
	if err != nil {
		h.fails.Add(1)
		status := http.StatusInternalServerError
		var re *goro.RuntimeError
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			status = http.StatusGatewayTimeout
		case errors.As(err, &re):
			e.cfg.Log.Printf("[%s] %s", name, strings.TrimSpace(re.Report))
		}
		writeJSON(w, status, map[string]any{"error": err.Error()})
		return
	}
	if resp.Status == 0 {
		resp.Status = http.StatusOK
	}
	writeJSON(w, resp.Status, resp.Body)
}

// hook returns the hook name, reloading it first if its runtime has
// ended: an unrecovered panic in one of its background goroutines ends the
// whole run, as it ends a Go program.
func (e *engine) hook(name string) *hook {
	e.mu.Lock()
	defer e.mu.Unlock()
	h := e.hooks[name]
	if h == nil {
		return nil
	}
	select {
	case <-h.rt.Done():
	default:
		return h
	}
	e.cfg.Log.Printf("[%s] the runtime ended (%v): reloading", name, h.rt.Err())
	fresh, err := e.load(name, h.path)
	if err != nil {
		e.cfg.Log.Printf("[%s] reload: %v", name, err)
		return h // its calls report why it ended
	}
	fresh.calls.Store(h.calls.Load())
	fresh.fails.Store(h.fails.Load())
	e.hooks[name] = fresh
	return fresh
}

func (e *engine) stats(w http.ResponseWriter) {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := map[string]any{}
	for name, h := range e.hooks {
		out[name] = map[string]int64{"calls": h.calls.Load(), "fails": h.fails.Load()}
	}
	writeJSON(w, http.StatusOK, out)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}

// Close ends every hook's runtime.
func (e *engine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	var errs []error
	for name, h := range e.hooks {
		if err := h.rt.Close(); err != nil {
			errs = append(errs, fmt.Errorf("hook %s: %w", name, err))
		}
	}
	return errors.Join(errs...)
}

// store is an in-memory key-value store with the latency of a remote one.
type store struct {
	mu    sync.Mutex
	data  map[string]string
	sent  map[string]int // notifications per target
	delay time.Duration
}

func newStore() *store {
	return &store{data: map[string]string{}, sent: map[string]int{}, delay: 200 * time.Microsecond}
}

func (s *store) wait(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *store) get(ctx context.Context, key string) (string, error) {
	if err := s.wait(ctx, s.delay); err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data[key], nil
}

func (s *store) set(ctx context.Context, key, value string) error {
	if err := s.wait(ctx, s.delay); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data[key] = value
	return nil
}

// notify delivers msg to target; the target "slow" takes a second.
func (s *store) notify(ctx context.Context, target, msg string) error {
	d := 2 * s.delay
	if target == "slow" {
		d = time.Second
	}
	if err := s.wait(ctx, d); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent[target]++
	return nil
}
