//go:build linux

package bench

import (
	"io"
	"net"
	"runtime"
	"testing"
	"time"
)

// TestIdleConns10k: one Goro server (programs/echo.goro, in a child
// process) holds 10,000 idle connections, each in its own goroutine
// parked in Read. Its host threads stay at or below Ps + 4, and the RSS
// per idle connection is logged (bench/README.md has the figure).
func TestIdleConns10k(t *testing.T) {
	n := 10_000
	if testing.Short() {
		n = 2_000
	}
	raiseNofile()
	addr, cmd := echoServer(t, "goro")
	pid := cmd.Process.Pid
	conns := dialAll(t, addr, 1)
	if err := echoOnce(conns[0]); err != nil {
		t.Fatal(err)
	}
	rss0 := procStatus(pid, "VmRSS")
	conns = append(conns, dialAll(t, addr, n-1)...)
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	// One round trip on each: its server goroutine is now parked in Read.
	for i, c := range conns {
		if err := echoOnce(c); err != nil {
			t.Fatalf("conn %d: %v", i, err)
		}
	}
	time.Sleep(100 * time.Millisecond)
	threads := procStatus(pid, "Threads")
	rss := procStatus(pid, "VmRSS")
	procs := int64(runtime.GOMAXPROCS(0)) // the child's default too
	t.Logf("%d idle conns: %d threads (Ps=%d), RSS %d KB -> %d KB, %.0f bytes per conn",
		n, threads, procs, rss0, rss, float64(rss-rss0)*1024/float64(n-1))
	if threads > procs+4 {
		t.Fatalf("%d threads for %d idle conns with %d Ps (want <= Ps+4)", threads, n, procs)
	}
}

func echoOnce(c net.Conn) error {
	msg := []byte("0123456789abcdef")
	if _, err := c.Write(msg); err != nil {
		return err
	}
	_, err := io.ReadFull(c, msg)
	return err
}
