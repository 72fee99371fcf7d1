package goro_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/goro-lang/goro"
)

// hostileOutcome is what the goro command would show for a run: its exit
// status and the first line it prints on stderr (stdout when it succeeds).
type hostileOutcome struct {
	Exit  int
	First string
	Kind  string
}

// TestHostile runs every script of testdata/hostile (and a few generated
// ones) in a child process of this test binary under a 4 GiB
// address-space limit (RLIMIT_AS), through the embedding API with a 64 MiB
// memory limit, and checks the outcome the script's expectation block
// states and that the child, the host, is alive afterwards (a Go fatal
// error there, out of memory or stack overflow, would have killed it).
func TestHostile(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("RLIMIT_AS is checked on Linux")
	}
	if raceEnabled {
		t.Skip("the race runtime does not fit the children's 4 GiB address-space limit, and hostile cases race on purpose")
	}
	files, err := filepath.Glob("testdata/hostile/*.goro")
	if err != nil || len(files) == 0 {
		t.Fatal("no hostile cases", err)
	}
	dir := t.TempDir()
	gen := func(name, src, want string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(src+"\n"+want), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	// Issue 14, finding 2: a flat 1.1M-term sum (2.2 MB, no brackets)
	// once overflowed the compiler's Go stack; 3M `!` likewise.
	files = append(files,
		gen("sum_200k.goro", "x := 1"+strings.Repeat("+1", 200_000)+"\nprintln(x)", "// Output:\n// 200001\n"),
		gen("sum_300k.goro", "x := 1"+strings.Repeat("+1", 300_000)+"\nprintln(x)",
			"// Error:\n// sum_300k.goro:1:6: expression too long or too deeply nested\n// Exit: 1\n"),
		gen("not_300k.goro", "x := "+strings.Repeat("!", 300_000)+"true\nprintln(x)",
			"// Error:\n// not_300k.goro:1:6: expression too long or too deeply nested\n// Exit: 1\n"),
		gen("nest_100k.goro", "x := "+strings.Repeat("(", 100_000)+"1"+strings.Repeat(")", 100_000),
			"// Error:\n// nest_100k.goro:1:1006: syntax error: nesting too deep\n// Exit: 1\n"),
	)
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(name, ".goro"), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			want := expectation(t, string(src))
			got, alive := runHostileChild(t, path)
			if !alive {
				t.Fatalf("the host process died running %s:\n%s", name, got.First)
			}
			if got.Exit != want.Exit || !strings.HasPrefix(got.First, want.First) {
				t.Errorf("exit %d, first line %q (%s); want exit %d, first line starting %q", got.Exit, got.First, got.Kind, want.Exit, want.First)
			}
		})
	}
}

// expectation reads a case's expectation block.
func expectation(t *testing.T, src string) hostileOutcome {
	var want hostileOutcome
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		switch strings.TrimSpace(l) {
		case "// Output:":
			want.Exit = 0
			if i+1 < len(lines) {
				want.First = strings.TrimPrefix(strings.TrimPrefix(lines[i+1], "//"), " ")
			}
			return want
		case "// Error:":
			want.First = strings.TrimPrefix(strings.TrimPrefix(lines[i+1], "//"), " ")
			if i+2 < len(lines) {
				_, err := fmtSscan(strings.TrimPrefix(lines[i+2], "// Exit: "), &want.Exit)
				if err != nil {
					t.Fatalf("bad Exit line %q", lines[i+2])
				}
			}
			return want
		}
	}
	t.Fatal("no expectation block")
	return want
}

// runHostileChild runs the case in a child process and returns its
// outcome and whether the child lived to report it.
func runHostileChild(t *testing.T, path string) (hostileOutcome, bool) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHostileChild$", "-test.v")
	cmd.Env = append(os.Environ(), "GORO_HOSTILE_CASE="+path)
	out, _ := cmd.CombinedOutput()
	for l := range strings.Lines(string(out)) {
		if rest, ok := strings.CutPrefix(l, "HOSTILE-RESULT "); ok {
			var o hostileOutcome
			if err := json.Unmarshal([]byte(rest), &o); err != nil {
				t.Fatal(err)
			}
			return o, true
		}
	}
	tail := string(out)
	if len(tail) > 2000 {
		tail = tail[:2000]
	}
	return hostileOutcome{First: tail}, false
}

// TestHostileChild is the child side of TestHostile: it runs one case
// under the address-space limit and prints its outcome.
func TestHostileChild(t *testing.T) {
	path := os.Getenv("GORO_HOSTILE_CASE")
	if path == "" {
		t.Skip("run by TestHostile")
	}
	if err := limitAddressSpace(4 << 30); err != nil {
		t.Fatal(err)
	}
	var o hostileOutcome
	prog, err := goro.CompileFile(path)
	if err == nil {
		var stdout, stderr bytes.Buffer
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		err = prog.Run(ctx, goro.Options{
			Stdout: &stdout, Stderr: &stderr, Args: []string{path}, Procs: 2,
			Capabilities: goro.AllCapabilities, MaxMemory: 64 << 20, MaxGoroutines: -1,
		})
		cancel()
		var rte *goro.RuntimeError
		var ex *goro.ExitError
		switch {
		case err == nil:
			o.First, _, _ = strings.Cut(stdout.String(), "\n")
		case errors.As(err, &rte):
			o.Exit, o.Kind = 2, rte.Kind.String()
			o.First, _, _ = strings.Cut(rte.Report, "\n")
		case errors.As(err, &ex):
			o.Exit = ex.Code
		default:
			o.Exit, o.First = 3, err.Error()
		}
	} else {
		var ce *goro.CompileError
		o.Exit, o.First = 1, err.Error()
		if errors.As(err, &ce) {
			o.First = ce.Errors[0].Error()
		}
		o.First = strings.TrimPrefix(o.First, filepath.Dir(path)+string(filepath.Separator))
	}
	// The host is alive: it can still allocate and run a program.
	runtime.GC()
	p2, err := goro.Compile("alive.goro", []byte(`println(1 + 1)`))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := p2.Run(context.Background(), goro.Options{Stdout: &out}); err != nil || out.String() != "2\n" {
		t.Fatalf("the host cannot run a program after the case: %v %q", err, out.String())
	}
	b, _ := json.Marshal(o)
	w := bufio.NewWriter(os.Stdout)
	w.WriteString("HOSTILE-RESULT " + string(b) + "\n")
	w.Flush()
}

func fmtSscan(s string, n *int) (int, error) {
	v, err := strconv.Atoi(strings.TrimSpace(s))
	*n = v
	return 1, err
}
