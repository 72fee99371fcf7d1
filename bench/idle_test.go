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
// parked in Read. Its host threads do not grow with the connections (and
// stay at Ps + 4 on a quiet host), and the RSS per idle connection is
// logged (bench/README.md has the figures).
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
	threads0 := procStatus(pid, "Threads")
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
	t.Logf("%d idle conns: %d threads (%d with 1 conn; Ps=%d), RSS %d KB -> %d KB, %.0f bytes per conn",
		n, threads, threads0, procs, rss0, rss, float64(rss-rss0)*1024/float64(n-1))
	// Idle connections cost no thread: the count must not grow with them
	// (the host runtime may add one for a syscall that blocked in the
	// burst of dials, and keeps its threads).
	if threads > threads0+2 {
		t.Fatalf("%d threads with 1 conn, %d with %d idle conns", threads0, threads, n)
	}
	// The figure, Ps + 4, held on a quiet host (6 threads with
	// 2 Ps); on a host loaded far past its cores one more thread was seen,
	// so it is reported rather than asserted.
	if threads > procs+4 {
		t.Logf("note: %d threads is above Ps + 4 = %d", threads, procs+4)
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
