//go:build linux

package goro_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/goro-lang/goro"
)

// runNet runs a networking script with args, returning its stdout.
func runNet(t *testing.T, ctx context.Context, src string, args ...string) (string, error) {
	t.Helper()
	prog, err := goro.Compile("net.goro", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	err = prog.Run(ctx, goro.Options{Stdout: &out, Args: append([]string{"net.goro"}, args...), Capabilities: goro.AllCapabilities})
	return out.String(), err
}

// TestNetPeerReset: a Go peer that closes with SO_LINGER 0 resets the
// connection; the script's Read reports Go's text.
func TestNetPeerReset(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		buf := make([]byte, 5)
		c.Read(buf) // wait for the script's hello
		c.(*net.TCPConn).SetLinger(0)
		c.Close()
	}()
	out, err := runNet(t, context.Background(), `
import "net"
import "os"
import "strings"
c, err := net.Dial("tcp", os.Args[1])
if err != nil {
	panic(err)
}
c.Write("hello")
s, err := c.Read(10)
for err == nil {
	s, err = c.Read(10)
}
println(s == "", strings.HasPrefix(err.Error(), "read tcp "+c.LocalAddr()+"->"+os.Args[1]+": "))
println(strings.HasSuffix(err.Error(), "read: connection reset by peer"))
c.Close()
`, ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	if out != "true true\ntrue\n" {
		t.Fatalf("got %q", out)
	}
}

func countFds(t *testing.T) int {
	ents, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd")
	}
	return len(ents)
}

// netLeakProgram opens a file, a listener and two conns, echoes a line,
// and ends with a goroutine still blocked in Read and nothing closed: the
// run's end must close every fd it opened.
const netLeakProgram = `
import "net"
import "os"
f, _ := os.Open("/dev/null") // never closed either
ln, _ := net.Listen("tcp", "127.0.0.1:0")
go func() {
	c, _ := ln.Accept()
	line, _ := c.ReadLine()
	c.Write(line + "\n")
	c.Read(1) // blocks until the run ends
}()
c, err := net.Dial("tcp", ln.Addr())
if err != nil {
	panic(err)
}
c.Write("ping\n")
line, _ := c.ReadLine()
println(line)
`

// TestNetNoFdLeak runs a networking program 200 times through the
// embedding API, half of them cancelled while goroutines wait in Accept
// and Read, and counts the process's fds before and after.
func TestNetNoFdLeak(t *testing.T) {
	runs := 200
	if testing.Short() {
		runs = 50
	}
	if _, err := runNet(t, context.Background(), netLeakProgram); err != nil { // warm up
		t.Fatal(err)
	}
	before := countFds(t)
	cancelled := `
import "net"
ln, _ := net.Listen("tcp", "127.0.0.1:0")
go func() {
	c, _ := net.Dial("tcp", ln.Addr())
	c.Read(1)
}()
c, _ := ln.Accept()
println("accepted")
c.Read(1)
`
	for i := 0; i < runs; i++ {
		if i%2 == 0 {
			out, err := runNet(t, context.Background(), netLeakProgram)
			if err != nil || out != "ping\n" {
				t.Fatalf("run %d: %q, %v", i, out, err)
			}
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
		out, err := runNet(t, ctx, cancelled)
		cancel()
		// On a loaded host the run may not have got as far as Accept.
		if !errors.Is(err, context.DeadlineExceeded) || (out != "accepted\n" && out != "") {
			t.Fatalf("run %d: %q, %v", i, out, err)
		}
	}
	if after := countFds(t); after > before {
		t.Fatalf("%d fds before, %d after %d runs", before, after, runs)
	}
}

// TestNetGoroutinesWaitingIsNotDeadlock: the main goroutine waits in
// Accept with nothing else to run; that is not a deadlock (as in Go), and
// cancelling the run ends it at once.
func TestNetAcceptNotDeadlock(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := runNet(t, ctx, `
import "net"
ln, _ := net.Listen("tcp", "127.0.0.1:0")
ln.Accept()
`)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v", err)
	}
	if strings.Contains(errString(err), "deadlock") {
		t.Fatal(err)
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// TestNetScripts runs testdata/net/*.goro in this process (so that CI's
// -race run of this package covers the net module and the netpoller) and
// compares stdout with each script's // Output: block.
func TestNetScripts(t *testing.T) {
	files, _ := filepath.Glob("testdata/net/*.goro")
	if len(files) == 0 {
		t.Fatal("no scripts")
	}
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, block, ok := strings.Cut(string(src), "\n// Output:\n")
			if !ok {
				t.Fatal("no // Output: block")
			}
			var want strings.Builder
			for _, l := range strings.Split(strings.TrimRight(block, "\n"), "\n") {
				want.WriteString(strings.TrimPrefix(strings.TrimPrefix(l, "//"), " ") + "\n")
			}
			out, err := runNet(t, context.Background(), string(src))
			if err != nil {
				t.Fatal(err)
			}
			if out != want.String() {
				t.Fatalf("got:\n%s\nwant:\n%s", out, want.String())
			}
		})
	}
}

// TestNetDialTimeout: a listener whose accept queue is full drops SYNs,
// so a DialTimeout to it times out with Go's text.
func TestNetDialTimeout(t *testing.T) {
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer syscall.Close(fd)
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		t.Fatal(err)
	}
	sa, _ := syscall.Getsockname(fd)
	addr := fmt.Sprintf("127.0.0.1:%d", sa.(*syscall.SockaddrInet4).Port)
	// Fill the queue until a dial hangs.
	var fill []net.Conn
	defer func() {
		for _, c := range fill {
			c.Close()
		}
	}()
	full := false
	for i := 0; i < 16 && !full; i++ {
		c, err := net.DialTimeout("tcp", addr, 100*time.Millisecond)
		if err != nil {
			full = true
			break
		}
		fill = append(fill, c)
	}
	if !full {
		t.Skip("the accept queue never filled")
	}
	out, err := runNet(t, context.Background(), `
import "net"
import "os"
c, err := net.DialTimeout("tcp", os.Args[1], 50 * 1000000)
println(c, err)
`, addr)
	if err != nil {
		t.Fatal(err)
	}
	if want := "<nil> dial tcp " + addr + ": i/o timeout\n"; out != want {
		t.Fatalf("got %q, want %q", out, want)
	}
}

// TestNetNeedsCapability: a sandboxed run without the Net capability
// cannot import net.
func TestNetNeedsCapability(t *testing.T) {
	prog, err := goro.Compile("x.goro", []byte("import \"net\"\nnet.Listen(\"tcp\", \"127.0.0.1:0\")\n"))
	if err != nil {
		t.Fatal(err)
	}
	err = prog.Run(context.Background(), goro.Options{Capabilities: goro.Files})
	if err == nil || !strings.Contains(err.Error(), "needs the net capability") {
		t.Fatalf("got %v", err)
	}
	if err := prog.Run(context.Background(), goro.Options{Capabilities: goro.Net}); err != nil {
		t.Fatal(err)
	}
}
