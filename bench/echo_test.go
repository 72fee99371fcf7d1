//go:build linux

package bench

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/goro-lang/goro"
)

// BenchmarkEcho: C connections x 200 round trips of 64 bytes against an
// echo server, the Goro program programs/echo.goro or the same server in
// native Go, driven by the same Go client. The server runs in a child
// process (this test binary again, told by echoChildEnv what to serve), so
// that client and server each have their own fd limit and the server's
// threads can be counted (/proc/PID/status). Metrics: rt/s (round trips
// per second), threads (the server's host threads after the run) and
// RSS-KB (the server's resident set).
const echoChildEnv = "GORO_BENCH_ECHO_CHILD"

const (
	echoRounds = 200
	echoSize   = 64
)

// raiseNofile raises RLIMIT_NOFILE to its hard limit.
func raiseNofile() {
	var rl syscall.Rlimit
	if syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl) == nil && rl.Cur < rl.Max {
		rl.Cur = rl.Max
		syscall.Setrlimit(syscall.RLIMIT_NOFILE, &rl)
	}
}

// echoChild serves as the child process: "goro" or "go".
func echoChild(kind string) error {
	raiseNofile()
	switch kind {
	case "goro":
		src, err := os.ReadFile("programs/echo.goro")
		if err != nil {
			return err
		}
		prog, err := goro.Compile("echo.goro", src)
		if err != nil {
			return err
		}
		return prog.Run(context.Background(), goro.Options{Stdout: os.Stdout, Args: []string{"echo.goro"}, Capabilities: goro.AllCapabilities, MaxMemory: -1, MaxGoroutines: -1})
	case "go":
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		fmt.Println(ln.Addr())
		for {
			c, err := ln.Accept()
			if err != nil {
				return err
			}
			go func() {
				buf := make([]byte, 4096)
				for {
					n, err := c.Read(buf)
					if err != nil {
						c.Close()
						return
					}
					if _, err := c.Write(buf[:n]); err != nil {
						c.Close()
						return
					}
				}
			}()
		}
	}
	return fmt.Errorf("unknown echo child %q", kind)
}

// echoServer starts a child server and returns its address and process.
func echoServer(tb testing.TB, kind string) (string, *exec.Cmd) {
	tb.Helper()
	exe, err := os.Executable()
	if err != nil {
		tb.Fatal(err)
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), echoChildEnv+"="+kind)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		cmd.Wait()
		tb.Fatalf("echo server %s: %v", kind, err)
	}
	go io.Copy(io.Discard, out)
	tb.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	return strings.TrimSpace(line), cmd
}

// procStatus reads a field of /proc/PID/status as a number.
func procStatus(pid int, field string) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, field+":"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				return n
			}
		}
	}
	return -1
}

// dialAll opens n connections (retrying while the server's backlog is
// full).
func dialAll(tb testing.TB, addr string, n int) []net.Conn {
	conns := make([]net.Conn, n)
	for i := range conns {
		var err error
		for try := 0; ; try++ {
			conns[i], err = net.DialTimeout("tcp", addr, 10*time.Second)
			if err == nil || try == 5 {
				break
			}
			time.Sleep(10 * time.Millisecond)
		}
		if err != nil {
			tb.Fatalf("dial %d: %v", i, err)
		}
	}
	return conns
}

// roundTrips runs echoRounds round trips of echoSize bytes on every conn
// at once.
func roundTrips(conns []net.Conn) error {
	var wg sync.WaitGroup
	errs := make(chan error, len(conns))
	for i, c := range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			msg := bytes.Repeat([]byte{byte('a' + i%26)}, echoSize)
			buf := make([]byte, echoSize)
			for r := 0; r < echoRounds; r++ {
				if _, err := c.Write(msg); err != nil {
					errs <- err
					return
				}
				if _, err := io.ReadFull(c, buf); err != nil {
					errs <- err
					return
				}
				if !bytes.Equal(buf, msg) {
					errs <- fmt.Errorf("echo mismatch")
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func BenchmarkEcho(b *testing.B) {
	raiseNofile()
	for _, c := range []int{1, 100, 1000, 10000} {
		for _, kind := range []string{"goro", "go"} {
			b.Run(fmt.Sprintf("C=%d/%s", c, kind), func(b *testing.B) {
				addr, cmd := echoServer(b, kind)
				conns := dialAll(b, addr, c)
				defer func() {
					for _, c := range conns {
						c.Close()
					}
				}()
				if err := roundTrips(conns); err != nil { // warm up
					b.Fatal(err)
				}
				b.ResetTimer()
				start := time.Now()
				for i := 0; i < b.N; i++ {
					if err := roundTrips(conns); err != nil {
						b.Fatal(err)
					}
				}
				el := time.Since(start)
				b.StopTimer()
				b.ReportMetric(float64(b.N*c*echoRounds)/el.Seconds(), "rt/s")
				b.ReportMetric(float64(procStatus(cmd.Process.Pid, "Threads")), "threads")
				b.ReportMetric(float64(procStatus(cmd.Process.Pid, "VmRSS")), "RSS-KB")
			})
		}
	}
}
