package goro_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/goro-lang/goro"
)

// Programs that once could not be stopped (hostile-input review, finding
// 1): goroutines looping on runtime.GOMAXPROCS or runtime.Stack, each a
// stop-the-world, while main returns, another goroutine panics or calls
// os.Exit, or the host cancels. Shutdown's preempt request was one-shot and
// a G that waited for worldsema as a syscall could come back detached from
// its M after Run had returned, and loop forever.
var unstoppableShapes = []struct {
	name string
	src  string
	// want is the expected result: "" nil, "ctx" the context's error,
	// "exit" *ExitError, "panic" *RuntimeError. The goroutine that
	// panics or exits, or main, may not get to run before the deadline on
	// a loaded host (stop-the-world loops are not fair to the others):
	// then the result is the context's error.
	want string
}{
	{"gomaxprocs/main-returns", `import "runtime"
for i := 0; i < 3; i++ {
	go func() {
		for j := 0; ; j++ { runtime.GOMAXPROCS(j%2 + 1) }
	}()
}
for i := 0; i < 3; i++ { runtime.Gosched() }
println("done")
`, ""},
	{"stack/main-returns", `import "runtime"
for i := 0; i < 3; i++ {
	go func() {
		for { runtime.Stack() }
	}()
}
for i := 0; i < 3; i++ { runtime.Gosched() }
println("done")
`, ""},
	{"gomaxprocs/panic", `import "runtime"
for i := 0; i < 3; i++ {
	go func() {
		for j := 0; ; j++ { runtime.GOMAXPROCS(j%2 + 1) }
	}()
}
go func() { panic("boom") }()
select {}
`, "panic"},
	{"gomaxprocs/exit", `import ("runtime"; "os")
for i := 0; i < 3; i++ {
	go func() {
		for j := 0; ; j++ { runtime.GOMAXPROCS(j%2 + 1) }
	}()
}
go func() { os.Exit(3) }()
select {}
`, "exit"},
	{"stack/panic", `import "runtime"
for i := 0; i < 3; i++ {
	go func() {
		for { runtime.Stack() }
	}()
}
go func() { panic("boom") }()
select {}
`, "panic"},
	{"gomaxprocs/cancel", `import "runtime"
for i := 0; i < 3; i++ {
	go func() {
		for j := 0; ; j++ { runtime.GOMAXPROCS(j%2 + 1) }
	}()
}
for j := 0; ; j++ { runtime.GOMAXPROCS(j%3 + 1) }
`, "ctx"},
	{"stack+gomaxprocs/cancel", `import "runtime"
for i := 0; i < 2; i++ {
	go func() { for { runtime.Stack() } }()
	go func() { for j := 0; ; j++ { runtime.GOMAXPROCS(j%2 + 1) } }()
}
select {}
`, "ctx"},
	// The fuzzer's shape: goroutines spawned forever, each resizing ten
	// times (up to 70 Ps) and then blocking on a send nobody receives.
	{"fuzz/spawn-resize-send", `import "runtime"
c := chan()
for {
	go func() {
		for j := range 10 { runtime.GOMAXPROCS(j % 71) }
		c <- 1
	}()
}
`, "ctx"},
}

// TestUnstoppableRunsStop runs each shape many times in this one host
// (200 without -short), a few runs at a time, each with a 50 ms deadline.
// Every Run must return (a 10 s watchdog fails with a dump of the host's
// goroutines), with the expected result, and afterwards no host goroutine
// of any run may be left. The latency of each Run past its deadline is
// logged (the review's target: within 1 s), not asserted.
func TestUnstoppableRunsStop(t *testing.T) {
	runs, workers := 200, 4
	if testing.Short() {
		runs = 20
	}
	for _, sh := range unstoppableShapes {
		t.Run(sh.name, func(t *testing.T) {
			prog, err := goro.Compile("shape.goro", []byte(sh.src))
			if err != nil {
				t.Fatal(err)
			}
			before := runtime.NumGoroutine()
			var (
				mu    sync.Mutex
				lates []time.Duration
				errs  []string
			)
			outcomes := map[string]int{}
			work := make(chan int)
			var wg sync.WaitGroup
			for range workers {
				wg.Go(func() {
					for i := range work {
						late, err := runWithWatchdog(t, prog, i)
						mu.Lock()
						lates = append(lates, late)
						outcomes[outcome(err)]++
						if msg := checkShape(sh.want, err); msg != "" {
							errs = append(errs, fmt.Sprintf("run %d: %s", i, msg))
						}
						mu.Unlock()
					}
				})
			}
			for i := range runs {
				work <- i
			}
			close(work)
			wg.Wait()
			if t.Failed() {
				return // hung: the goroutine dump is above
			}
			if len(errs) > 0 {
				t.Fatalf("%d of %d runs had the wrong result; first: %s", len(errs), runs, errs[0])
			}
			slices.Sort(lates)
			t.Logf("%d runs, Procs 1-3, results %v: return past the 50 ms deadline: median %v, p99 %v, max %v",
				runs, outcomes, lates[len(lates)/2], lates[len(lates)*99/100], lates[len(lates)-1])
			assertNoGoroutinesLeft(t, before)
		})
	}
}

// runWithWatchdog runs prog once with a 50 ms deadline and returns how long
// after the deadline Run returned (0 if before) and its error.
func runWithWatchdog(t *testing.T, prog *goro.Program, i int) (time.Duration, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	deadline, _ := ctx.Deadline()
	done := make(chan error, 1)
	go func() {
		done <- prog.Run(ctx, goro.Options{
			Stdout: io.Discard, Stderr: io.Discard, Stdin: strings.NewReader(""),
			Procs: 1 + i%3, Getenv: func(string) string { return "" },
			Capabilities: goro.Exit, MaxGoroutines: -1,
		})
	}()
	watchdog := time.NewTimer(10 * time.Second)
	defer watchdog.Stop()
	select {
	case err := <-done:
		return max(time.Since(deadline), 0), err
	case <-watchdog.C:
		t.Errorf("run %d did not return 10 s after its 50 ms deadline; host goroutines:\n%s", i, hostStacks())
		return 10 * time.Second, errHung
	}
}

var errHung = errors.New("Run did not return")

func checkShape(want string, err error) string {
	var exit *goro.ExitError
	var rte *goro.RuntimeError
	switch {
	case want == "" && err == nil:
	case want == "ctx" && errors.Is(err, context.DeadlineExceeded):
	case want == "exit" && errors.As(err, &exit) && exit.Code == 3:
	case want == "panic" && errors.As(err, &rte) && strings.HasPrefix(rte.Report, "panic: boom"):
	case want != "ctx" && errors.Is(err, context.DeadlineExceeded):
	default:
		return fmt.Sprintf("want %q, got %T %v", want, err, err)
	}
	return ""
}

func outcome(err error) string {
	var exit *goro.ExitError
	var rte *goro.RuntimeError
	switch {
	case err == nil:
		return "ok"
	case errors.Is(err, context.DeadlineExceeded):
		return "ctx"
	case errors.As(err, &exit):
		return "exit"
	case errors.As(err, &rte):
		return "panic"
	}
	return "other"
}

// assertNoGoroutinesLeft waits (up to 10 s: goroutines that have finished
// their work may not have exited yet) for the host's goroutine count to
// come back to before, and fails with a dump if it does not.
func assertNoGoroutinesLeft(t *testing.T, before int) {
	t.Helper()
	var n int
	for start := time.Now(); time.Since(start) < 10*time.Second; time.Sleep(10 * time.Millisecond) {
		if n = runtime.NumGoroutine(); n <= before {
			return
		}
	}
	t.Fatalf("%d host goroutines before the runs, %d after:\n%s", before, n, hostStacks())
}

func hostStacks() string {
	buf := make([]byte, 1<<20)
	return string(buf[:runtime.Stack(buf, true)])
}
