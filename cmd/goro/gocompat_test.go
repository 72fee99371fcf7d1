package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestGoCompat runs every Go program in testdata/gocompat with the Go
// toolchain and with Goro, and requires the same stdout, the same exit
// status and, when the program fails, the same first line of stderr
// (`panic: ...`, `fatal error: ...`). The reference output is never written
// down: it comes from `go run` in the same test, so a program cannot drift
// from what Go does.
//
// testdata/gocompat/known_failures.txt lists the programs Goro cannot run
// yet, one per line as `name.go: reason`. A listed program is skipped with
// its reason; a listed program that now passes fails the test until its
// line is removed, so the list only shrinks.
func TestGoCompat(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the Go toolchain on every program")
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go toolchain on PATH")
	}
	dir := filepath.Join("..", "..", "testdata", "gocompat")
	progs, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(progs) == 0 {
		t.Fatalf("no programs in %s (%v)", dir, err)
	}
	sort.Strings(progs)
	known := readKnownFailures(t, filepath.Join(dir, "known_failures.txt"))
	names := map[string]bool{}
	for _, p := range progs {
		names[filepath.Base(p)] = true
	}
	for name := range known {
		if !names[name] {
			t.Errorf("known_failures.txt lists %s, which is not a program in %s", name, dir)
		}
	}
	for _, prog := range progs {
		name := filepath.Base(prog)
		t.Run(strings.TrimSuffix(name, ".go"), func(t *testing.T) {
			t.Parallel()
			want := runGoReference(t, goTool, dir, name)
			got := runProgram(t, dir, goroBin, "run", name)
			problems := compareRuns(want, got)
			reason, isKnown := known[name]
			switch {
			case isKnown && len(problems) == 0:
				t.Errorf("%s now matches Go: remove it from known_failures.txt", name)
			case isKnown:
				t.Skipf("known failure: %s", reason)
			case len(problems) > 0:
				t.Errorf("%s differs from Go:\n%s\ngoro stderr:\n%s", name, strings.Join(problems, "\n"), got.stderr)
			}
		})
	}
}

// programRun is what one run of a program showed.
type programRun struct {
	stdout, stderr string
	exit           int
}

// goExitStatus is the line `go run` adds to stderr when the program it ran
// exits with a non-zero status (go run itself then exits 1).
var goExitStatus = regexp.MustCompile(`(?m)^exit status (\d+)\n?$`)

func runGoReference(t *testing.T, goTool, dir, name string) programRun {
	t.Helper()
	r := runProgram(t, dir, goTool, "run", name)
	if r.exit == 0 {
		return r
	}
	m := goExitStatus.FindStringSubmatchIndex(r.stderr)
	if m == nil {
		t.Fatalf("go run %s failed to build:\n%s", name, r.stderr)
	}
	code, _ := strconv.Atoi(r.stderr[m[2]:m[3]])
	r.exit = code
	r.stderr = r.stderr[:m[0]]
	return r
}

func runProgram(t *testing.T, dir, bin string, args ...string) programRun {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOROMAXPROCS=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("%s %v timed out\nstdout:\n%s\nstderr:\n%s", bin, args, stdout.String(), stderr.String())
	}
	r := programRun{stdout: stdout.String(), stderr: stderr.String()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.exit = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return r
}

func compareRuns(want, got programRun) []string {
	var problems []string
	if got.stdout != want.stdout {
		problems = append(problems, "stdout differs:\n"+lineDiff(want.stdout, got.stdout))
	}
	if got.exit != want.exit {
		problems = append(problems, fmt.Sprintf("exit status %d, Go's %d", got.exit, want.exit))
	}
	if want.exit != 0 {
		w, _, _ := strings.Cut(want.stderr, "\n")
		g, _, _ := strings.Cut(got.stderr, "\n")
		if w != g {
			problems = append(problems, fmt.Sprintf("first stderr line:\n  goro: %q\n  go:   %q", g, w))
		}
	}
	return problems
}

func readKnownFailures(t *testing.T, path string) map[string]string {
	known := map[string]string{}
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return known
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, reason, ok := strings.Cut(line, ":")
		if !ok || strings.TrimSpace(reason) == "" {
			t.Fatalf("%s:%d: want `name.go: reason`, got %q", path, n, line)
		}
		known[strings.TrimSpace(name)] = strings.TrimSpace(reason)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return known
}
