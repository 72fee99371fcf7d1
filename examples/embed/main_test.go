package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/goro-lang/goro"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const secret = "test-secret"

func sign(body string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(body))
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// syncBuf is a log sink for tests.
type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
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

func newTestEngine(t *testing.T, timeout time.Duration) (*engine, *httptest.Server, *syncBuf) {
	t.Helper()
	logs := &syncBuf{}
	eng, err := newEngine("hooks", config{Procs: 2, Timeout: timeout, Log: log.New(logs, "", 0),
		Secrets: map[string]string{"github": secret}})
	require.NoError(t, err)
	srv := httptest.NewServer(eng)
	t.Cleanup(func() {
		srv.Close()
		assert.NoError(t, eng.Close())
	})
	return eng, srv, logs
}

func post(t *testing.T, url, body string, header map[string]string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest("POST", url, strings.NewReader(body))
	require.NoError(t, err)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	var out map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return resp.StatusCode, out
}

// 64 clients push to the github hook at once: every request is a call
// into the one runtime, in parallel, and the script's global count ends
// exact.
func TestEngineConcurrentRequests(t *testing.T) {
	eng, srv, logs := newTestEngine(t, 5*time.Second)
	const clients, each = 64, 5
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				body := fmt.Sprintf(`{"repository": "goro", "pusher": "c%d", "commits": [{}, {}]}`, c)
				status, out := post(t, srv.URL+"/hooks/github", body, map[string]string{"X-Hub-Signature-256": sign(body)})
				if !assert.Equal(t, 200, status, "%v", out) {
					return
				}
				assert.Equal(t, "goro", out["repo"])
				assert.EqualValues(t, 2, out["commits"])
			}
		}()
	}
	wg.Wait()
	total, err := eng.hook("github").rt.CallGlobal(context.Background(), "total", "goro")
	require.NoError(t, err)
	assert.EqualValues(t, clients*each*2, total.Export())
	who, err := eng.hook("github").rt.CallGlobal(context.Background(), "lastPusher", "goro")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(who.Export().(string), "c"), "%v", who)
	assert.Contains(t, logs.String(), "[github] goro: 2 commits by c")

	status, out := post(t, srv.URL+"/hooks/github", `{"repository": "x"}`, map[string]string{"X-Hub-Signature-256": "sha256=00"})
	assert.Equal(t, 401, status)
	assert.Equal(t, "bad signature", out["error"])
}

// The alert hook fans out in goroutines; a slow target misses the
// script's own deadline; a script panic is a 500 and the hook goes on; a
// call past the engine's deadline is cancelled (504) and the hook goes on.
func TestEngineAlerts(t *testing.T) {
	_, srv, logs := newTestEngine(t, 150*time.Millisecond)
	status, out := post(t, srv.URL+"/hooks/alert", `{"severity": "high", "message": "disk", "targets": ["ops", "chat", "mail"]}`, nil)
	require.Equal(t, 200, status, "%v", out)
	got := []string{}
	for _, x := range out["delivered"].([]any) {
		got = append(got, x.(string))
	}
	sort.Strings(got)
	assert.Equal(t, []string{"chat", "mail", "ops"}, got)
	assert.EqualValues(t, 2, out["level"])

	status, out = post(t, srv.URL+"/hooks/alert", `{"severity": "bogus", "targets": []}`, nil)
	assert.Equal(t, 500, status)
	assert.Contains(t, out["error"], "unknown severity bogus")
	assert.Contains(t, logs.String(), "panic: unknown severity bogus")

	// "slow" takes a second; the engine's deadline is 150 ms, before the
	// script's own 300 ms: the call is cancelled.
	start := time.Now()
	status, out = post(t, srv.URL+"/hooks/alert", `{"severity": "low", "message": "m", "targets": ["slow"]}`, nil)
	assert.Equal(t, 504, status, "%v", out)
	assert.Less(t, time.Since(start), 900*time.Millisecond, "the blocking Notify stopped with the call's ctx")

	status, _ = post(t, srv.URL+"/hooks/alert", `{"severity": "page", "message": "m", "targets": ["ops"]}`, nil)
	assert.Equal(t, 200, status, "the hook still works")

	// An unrecovered panic in a background goroutine ends the hook's run
	// (as in Go); the engine reloads it on the next request.
	status, _ = post(t, srv.URL+"/hooks/alert", `{"severity": "page", "message": "m", "targets": [1]}`, nil)
	assert.Equal(t, 500, status)
	status, _ = post(t, srv.URL+"/hooks/alert", `{"severity": "page", "message": "m", "targets": ["ops"]}`, nil)
	assert.Equal(t, 200, status, "reloaded")
	assert.Contains(t, logs.String(), "[alert] the runtime ended (panic: runtime error: hook.Notify: argument 1: cannot convert float to string): reloading")

	resp, err := http.Get(srv.URL + "/stats")
	require.NoError(t, err)
	var stats map[string]map[string]int
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&stats))
	resp.Body.Close()
	assert.Equal(t, map[string]int{"calls": 6, "fails": 3}, stats["alert"])
}

// A hook that does not compile fails the engine's start with the error
// and its caret.
func TestEngineBadHook(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.goro"), []byte("func handle(req) {\n\treturn nope\n}\n"), 0o644))
	_, err := newEngine(dir, config{Log: log.New(io.Discard, "", 0)})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "bad.goro:2:9: undefined: nope")
	assert.Contains(t, err.Error(), "^")

	require.NoError(t, os.WriteFile(filepath.Join(dir, "bad.goro"), []byte("func other() {}\n"), 0o644))
	_, err = newEngine(dir, config{Log: log.New(io.Discard, "", 0)})
	assert.ErrorContains(t, err, "defines no func handle(req)")
	var ce *goro.CompileError
	assert.NotErrorAs(t, err, &ce)
}

// The real program: built, started on a free port, sent a request, and
// stopped with SIGINT.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	bin := filepath.Join(t.TempDir(), "hookd")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())

	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-hooks", "hooks")
	cmd.Env = append(os.Environ(), "HOOKD_GITHUB_SECRET="+secret)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	stderr := &syncBuf{}
	cmd.Stderr = stderr
	require.NoError(t, cmd.Start())
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(stdout)
	require.True(t, lines.Scan(), "no output; stderr: %s", stderr.String())
	first := lines.Text()
	require.True(t, strings.HasPrefix(first, "listening on http://"), first)
	url := strings.Fields(strings.TrimPrefix(first, "listening on "))[0]
	assert.Contains(t, first, "(hooks: alert, github)")

	body := `{"repository": "r", "pusher": "p", "commits": [{}]}`
	status, out := post(t, url+"/hooks/github", body, map[string]string{"X-Hub-Signature-256": sign(body)})
	assert.Equal(t, 200, status)
	assert.EqualValues(t, 1, out["total"])

	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	require.True(t, lines.Scan())
	assert.Equal(t, "stopped", lines.Text())
	require.NoError(t, cmd.Wait(), "stderr: %s", stderr.String())
	assert.Contains(t, stderr.String(), "[github] r: 1 commits by p (1 in all)")
}
