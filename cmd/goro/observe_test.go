package main

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/pprof/profile"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// goro run -cpuprofile writes a profile that go tool pprof reads (-top and
// -list), with the script's function and source lines.
func TestCPUProfileFlag(t *testing.T) {
	dir := t.TempDir()
	script := writeScript(t, "fib.goro", `func fib(n) {
	if n < 2 {
		return n
	}
	return fib(n - 1) + fib(n - 2)
}

println(fib(30))
`)
	prof := filepath.Join(dir, "cpu.prof")
	out, errOut, code := runGoro(t, nil, "run", "-cpuprofile", prof, script)
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, "832040\n", out)
	f, err := os.Open(prof)
	require.NoError(t, err)
	p, err := profile.Parse(f)
	f.Close()
	require.NoError(t, err)
	require.NotEmpty(t, p.Sample)

	gobin := filepath.Join(runtimeGOROOT(t), "bin", "go")
	top, err := exec.Command(gobin, "tool", "pprof", "-top", prof).CombinedOutput()
	require.NoError(t, err, string(top))
	assert.Regexp(t, `(?m)^\s+\S+\s+\S+%\s+\S+%\s+\S+\s+\S+%\s+main\.fib$`, string(top))
	list, err := exec.Command(gobin, "tool", "pprof", "-list", "main.fib", prof).CombinedOutput()
	require.NoError(t, err, string(list))
	assert.Contains(t, string(list), "ROUTINE ======================== main.fib in "+script)
	assert.Contains(t, string(list), "return fib(n - 1) + fib(n - 2)")
}

// runtimeGOROOT is the Go installation that runs the test (go tool pprof
// comes with it).
func runtimeGOROOT(t *testing.T) string {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Skip("no go command:", err)
	}
	return strings.TrimSpace(string(out))
}

// findChromium finds Debian's chromium (.ci/run installs it).
func findChromium(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("chromium not found: install Debian's chromium (apt-get install chromium) to test the trace page")
	return ""
}

// goro trace draws the trace of examples/pipeline.goro as a page that
// headless Chromium renders: every P's track and the runs on it (from the
// DOM after the script ran), a stack on click, and a screenshot that is
// not blank.
func TestTraceHTMLInChromium(t *testing.T) {
	chromium := findChromium(t)
	dir := t.TempDir()
	tr := filepath.Join(dir, "pipeline.json")
	_, errOut, code := runGoro(t, nil, "run", "-procs", "2", "-trace", tr, filepath.Join("..", "..", "examples", "pipeline.goro"))
	require.Equal(t, 0, code, errOut)
	out, errOut, code := runGoro(t, nil, "trace", tr)
	require.Equal(t, 0, code, errOut)
	page := strings.TrimSpace(out)
	assert.Equal(t, filepath.Join(dir, "pipeline.html"), page)
	html, err := os.ReadFile(page)
	require.NoError(t, err)
	assert.NotRegexp(t, `(?i)<script[^>]+src=|<link[^>]+href=|https?://`, string(html), "the page must not load anything")

	// The DOM after the page's script ran.
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	args := []string{"--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=" + filepath.Join(dir, "profile")}
	dom, err := exec.CommandContext(ctx, chromium, append(args, "--virtual-time-budget=5000", "--dump-dom", "file://"+page)...).Output()
	require.NoError(t, err)
	assert.Contains(t, string(dom), `data-rendered="ok"`)
	drawn := regexp.MustCompile(`data-drawn="(\d+)"`).FindSubmatch(dom)
	require.NotNil(t, drawn, "no data-drawn attribute")
	n, _ := strconv.Atoi(string(drawn[1]))
	assert.Greater(t, n, 5, "runs drawn")
	tracks := regexp.MustCompile(`class="ptrack" data-p="(P\d)" data-runs="(\d+)"`).FindAllSubmatch(dom, -1)
	require.NotEmpty(t, tracks, "no P track in the summary")
	runs := 0
	for _, m := range tracks {
		k, _ := strconv.Atoi(string(m[2]))
		runs += k
	}
	assert.Greater(t, runs, 5)

	// A screenshot with the timeline in it: many pixels that are neither
	// white nor the page's background.
	shot := filepath.Join(dir, "shot.png")
	_, err = exec.CommandContext(ctx, chromium, append(args, "--virtual-time-budget=5000", "--window-size=1200,700", "--screenshot="+shot, "file://"+page)...).Output()
	require.NoError(t, err)
	f, err := os.Open(shot)
	require.NoError(t, err)
	img, err := png.Decode(f)
	f.Close()
	require.NoError(t, err)
	colors, colored := countColors(img)
	assert.Greater(t, colors, 8, "distinct colors in the screenshot")
	// How many pixels the runs cover depends on how busy the P was, which a
	// loaded host changes (1,000 to 10,000 seen); a blank page has none.
	assert.Greater(t, colored, 400, "colored pixels in the screenshot")
}

// countColors returns the distinct colors of img and how many pixels are
// saturated (the runs, the legend), not gray.
func countColors(img image.Image) (distinct, colored int) {
	seen := map[uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			r, g, bl = r>>8, g>>8, bl>>8
			seen[r<<16|g<<8|bl] = true
			if max(r, g, bl)-min(r, g, bl) > 60 {
				colored++
			}
		}
	}
	return len(seen), colored
}

// goro trace rejects a file that is not a trace, with a clear message.
func TestTraceCmdBadInput(t *testing.T) {
	bad := writeScript(t, "x.json", `{"a": 1}`)
	_, errOut, code := runGoro(t, nil, "trace", bad)
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "not a goro trace")
	_, errOut, code = runGoro(t, nil, "trace")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "usage: goro trace")
	var b bytes.Buffer
	b.WriteString(errOut)
}

// GORODEBUG=schedtrace=MS,scheddetail=1 prints Go's detailed lines (P, M
// and G lines, in Go's order and fields) plus Goro's own counters.
func TestSchedDetail(t *testing.T) {
	script := writeScript(t, "sleep.goro", "import \"time\"\ntime.Sleep(80 * time.Millisecond)\n")
	_, errOut, code := runGoro(t, []string{"GORODEBUG=schedtrace=20,scheddetail=1"}, "-procs", "2", script)
	require.Equal(t, 0, code, errOut)
	for _, re := range []string{
		`(?m)^SCHED \d+ms: gomaxprocs=2 idleprocs=\d+ threads=\d+ spinningthreads=\d+ needspinning=\d+ idlethreads=\d+ runqueue=\d+ gcwaiting=(true|false) nmidlelocked=\d+ stopwait=\d+ sysmonwait=(true|false) goroutines=1 insyscall=\d+ netpollwaiters=\d+$`,
		`(?m)^  P0: status=\d+ schedtick=\d+ syscalltick=\d+ m=(\d+|nil) runqsize=\d+ gfreecnt=\d+ timerslen=\d+$`,
		`(?m)^  P1: status=`,
		`(?m)^  M0: p=(\d+|nil) curg=(\d+|nil) mallocing=0 throwing=0 preemptoff= locks=0 dying=0 spinning=(true|false) blocked=(true|false) lockedg=(\d+|nil)$`,
		`(?m)^  G1: status=4\(sleep\) m=nil lockedm=nil$`,
	} {
		assert.Regexp(t, re, errOut)
	}
}

// runtime.ReadMemStats reports the run's goroutines and stacks and the
// host heap; runtime.Stack(false) is the calling goroutine only.
func TestRuntimeStats(t *testing.T) {
	script := writeScript(t, "stats.goro", `import "runtime"

func deep(n, c) {
	if n == 0 {
		<-c
		return 0
	}
	return deep(n - 1, c) + 1
}

c := chan()
for range 10 {
	go deep(100, c)
}
runtime.Gosched()
m := runtime.ReadMemStats()
println(m["NumGoroutine"], runtime.NumGoroutine(), m["StackInuse"] > 10 * 100 * 48, m["StackSys"] >= m["StackInuse"], m["HeapAlloc"] > 0, m["MaxStack"])
one := runtime.Stack(false)
print(one)
all := runtime.Stack(true)
println(len(all) > len(one), len(runtime.Stack()) > len(one))
`)
	out, errOut, code := runGoro(t, nil, "-procs", "1", script)
	require.Equal(t, 0, code, errOut)
	assert.Equal(t, "11 11 true true true 1000000000\ngoroutine 1 [running]:\nmain.init(...)\n\t"+script+":18:8\ntrue true\n", out)
}
