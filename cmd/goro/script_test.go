package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The script tests: every .goro file under examples/ and testdata/ (outside
// lib/ folders, which hold imported helpers, and folders of Go programs that
// embed Goro) ends with an expectation block
// (testdata/conformance/README.md):
//
//	// Output:            expected stdout, one "// line" per line ("//" = empty)
//	// Error:             the expected first line of stderr
//	// Exit: N            the expected exit status
//
// A script may also say, on a line of its own before the block,
//
//	// Args: a b c         arguments after the script's name (split on spaces)
//
// and a file NAME.stdin beside NAME.goro is its standard input.
//
// Each file runs as `goro run FILE` from its own folder, in parallel, with a
// timeout, through the real binary — exactly what a user sees.

var goroBin string

func TestMain(m *testing.M) {
	// GORO_BIN tests a goro binary built elsewhere (another machine, an
	// installed release) instead of building one.
	if bin := os.Getenv("GORO_BIN"); bin != "" {
		goroBin = bin
		os.Exit(m.Run())
	}
	dir, err := os.MkdirTemp("", "goro-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	goroBin = filepath.Join(dir, "goro")
	if runtime.GOOS == "windows" {
		goroBin += ".exe"
	}
	args := []string{"build", "-o", goroBin}
	if raceEnabled {
		args = append(args, "-race")
	}
	build := exec.Command("go", append(args, ".")...)
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building goro:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// expectation is a parsed expectation block.
type expectation struct {
	stdout   string
	errLine  string
	hasError bool
	exit     int
}

// parseExpectation reads the expectation block at the end of src.
func parseExpectation(src string) (expectation, error) {
	var e expectation
	lines := strings.Split(strings.TrimRight(src, "\n"), "\n")
	start := -1
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimRight(lines[i], "\r")
		if l == "// Output:" || l == "// Error:" || strings.HasPrefix(l, "// Exit:") {
			start = i
			continue
		}
		if !strings.HasPrefix(l, "//") {
			break
		}
	}
	if start < 0 {
		return e, fmt.Errorf("no expectation block (// Output:, // Error: or // Exit:)")
	}
	var out []string
	mode := ""
	for _, l := range lines[start:] {
		l = strings.TrimRight(l, "\r")
		switch {
		case l == "// Output:":
			mode = "out"
		case l == "// Error:":
			mode = "err"
			e.hasError = true
		case strings.HasPrefix(l, "// Exit:"):
			n, err := strconv.Atoi(strings.TrimSpace(strings.TrimPrefix(l, "// Exit:")))
			if err != nil {
				return e, fmt.Errorf("bad exit line %q", l)
			}
			e.exit = n
			mode = ""
		case mode == "out":
			if l == "//" {
				out = append(out, "")
			} else {
				out = append(out, strings.TrimPrefix(l, "// "))
			}
		case mode == "err":
			e.errLine = strings.TrimPrefix(l, "// ")
			mode = ""
		}
	}
	if len(out) > 0 {
		e.stdout = strings.Join(out, "\n") + "\n"
	}
	return e, nil
}

// scriptFiles lists the script tests under root.
func scriptFiles(t *testing.T, root string) []string {
	var files []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "lib" || d.Name() == "fuzz") {
			return filepath.SkipDir
		}
		if gofiles, _ := filepath.Glob(filepath.Join(path, "*.go")); d.IsDir() && len(gofiles) > 0 {
			// A Go program embedding Goro (examples/embed): its scripts
			// import its host modules, and its own tests run them.
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".goro") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return files
}

func TestScripts(t *testing.T) {
	var files []string
	for _, root := range []string{"../../examples", "../../testdata"} {
		files = append(files, scriptFiles(t, root)...)
	}
	if len(files) == 0 {
		t.Fatal("no script tests found")
	}
	for _, path := range files {
		rel, _ := filepath.Rel("../..", path)
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			t.Parallel()
			if strings.Contains(filepath.ToSlash(path), "/hostile/") {
				return // run by the root package's TestHostile, with a 64 MiB limit, in a child process
			}
			if raceEnabled && strings.Contains(filepath.ToSlash(path), "/racy/") {
				return // data races on purpose: see testdata/racy
			}
			runScript(t, path)
		})
	}
}

func runScript(t *testing.T, path string) {
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want, err := parseExpectation(string(src))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	timeout := 60 * time.Second
	if raceEnabled {
		timeout = 180 * time.Second
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	args := []string{"run", filepath.Base(path)}
	for _, l := range strings.Split(string(src), "\n") {
		if a, ok := strings.CutPrefix(strings.TrimRight(l, "\r"), "// Args: "); ok {
			args = append(args, strings.Fields(a)...)
			break
		}
	}
	cmd := exec.CommandContext(ctx, goroBin, args...)
	cmd.Dir = filepath.Dir(path)
	if in, err := os.ReadFile(strings.TrimSuffix(path, ".goro") + ".stdin"); err == nil {
		cmd.Stdin = bytes.NewReader(in)
	}
	cmd.Env = append(os.Environ(), "GOROMAXPROCS=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("timed out after %v\nstdout:\n%s\nstderr:\n%s", timeout, stdout.String(), stderr.String())
	}
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	var problems []string
	if got := stdout.String(); got != want.stdout {
		problems = append(problems, "stdout differs:\n"+lineDiff(want.stdout, got))
	}
	if code != want.exit {
		problems = append(problems, fmt.Sprintf("exit status %d, want %d", code, want.exit))
	}
	firstErr, _, _ := strings.Cut(stderr.String(), "\n")
	if want.hasError {
		if firstErr != want.errLine {
			problems = append(problems, fmt.Sprintf("first stderr line:\n  got:  %q\n  want: %q", firstErr, want.errLine))
		}
	} else if want.exit == 0 && stderr.Len() > 0 {
		problems = append(problems, "unexpected stderr")
	}
	if len(problems) > 0 {
		t.Errorf("%s\n%s\nfull stderr:\n%s", path, strings.Join(problems, "\n"), stderr.String())
	}
}

// lineDiff shows expected and actual output side by side, marking the
// lines that differ.
func lineDiff(want, got string) string {
	w := strings.Split(strings.TrimSuffix(want, "\n"), "\n")
	g := strings.Split(strings.TrimSuffix(got, "\n"), "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		wok, gok := i < len(w), i < len(g)
		if wok {
			wl = w[i]
		}
		if gok {
			gl = g[i]
		}
		mark := "  "
		if wl != gl || wok != gok {
			mark = "! "
		}
		fmt.Fprintf(&b, "%s%3d want %q\n%s    got  %q\n", mark, i+1, wl, mark, gl)
	}
	return b.String()
}
