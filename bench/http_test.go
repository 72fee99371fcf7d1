package bench

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/goro-lang/goro"
)

// HTTP (issue 11): a hello-world server, Goro's (net/http on Go's server,
// one goroutine of the run per request) beside native Go net/http, under
// the same Go load generator in the same run: 64 keep-alive connections,
// each a goroutine issuing GETs back to back. The rps metric is requests
// per second (target: Goro >= 0.5x Go).
//
//	go test ./bench -run '^$' -bench HTTPHello -count 5

const httpConns = 64

// freeAddr returns a loopback address with a port free a moment ago.
func freeAddr(b *testing.B) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func waitListening(b *testing.B, addr string) {
	for i := 0; i < 500; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	b.Fatal("server did not start on", addr)
}

// load issues b.N GETs of url over httpConns keep-alive connections.
func load(b *testing.B, url string) {
	tr := &http.Transport{MaxIdleConnsPerHost: httpConns, MaxConnsPerHost: httpConns}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	var next atomic.Int64
	var failed atomic.Value
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for range httpConns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for next.Add(1) <= int64(b.N) {
				resp, err := client.Get(url)
				if err != nil {
					failed.Store(err)
					return
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if string(body) != "hello, world\n" {
					failed.Store(fmt.Errorf("body %q", body))
					return
				}
			}
		}()
	}
	wg.Wait()
	el := time.Since(start)
	b.StopTimer()
	if err, _ := failed.Load().(error); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/el.Seconds(), "rps")
}

func BenchmarkHTTPHello(b *testing.B) {
	b.Run("goro", func(b *testing.B) {
		addr := freeAddr(b)
		src := fmt.Sprintf(`import "net/http"
import "fmt"
http.HandleFunc("/", func(w, r) { fmt.Fprint(w, "hello, world\n") })
go http.ListenAndServe(%q, nil)
`, addr)
		rt, err := goro.Load(context.Background(), "hello.goro", []byte(src), goro.Options{Capabilities: goro.AllCapabilities, MaxMemory: -1, MaxGoroutines: -1})
		if err != nil {
			b.Fatal(err)
		}
		defer rt.Close()
		waitListening(b, addr)
		load(b, "http://"+addr+"/")
	})
	b.Run("go", func(b *testing.B) {
		addr := freeAddr(b)
		mux := http.NewServeMux()
		mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, "hello, world\n") })
		srv := &http.Server{Addr: addr, Handler: mux}
		go srv.ListenAndServe()
		defer srv.Close()
		waitListening(b, addr)
		load(b, "http://"+addr+"/")
	})
}
