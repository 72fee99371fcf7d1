package goro_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/goro-lang/goro"
)

// TestDocCodeBlocks runs every Goro code block of the README and docs/ as a
// program, so the documentation cannot drift from the language.
//
// A block fenced as ```go is Goro code: it must compile and run to
// completion (exit status 0); when it ends with a `// Output:` comment block
// (as script tests do) its stdout must match. Go host code (embedding
// snippets) is fenced as ```go host and is not run here; blocks fenced
// with no language (layouts, shell sessions) are text.
func TestDocCodeBlocks(t *testing.T) {
	files := []string{"README.md"}
	docs, _ := filepath.Glob(filepath.Join("docs", "*.md"))
	files = append(files, docs...)
	total := 0
	for _, file := range files {
		blocks, err := goroBlocks(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range blocks {
			total++
			name := fmt.Sprintf("%s:%d", file, b.line)
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				runDocBlock(t, name, b.src)
			})
		}
	}
	if total == 0 {
		t.Fatal("no ```go blocks found in README.md or docs/")
	}
}

type docBlock struct {
	line int // line of the opening fence
	src  string
}

// goroBlocks returns the ```go blocks of a Markdown file.
func goroBlocks(path string) ([]docBlock, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var blocks []docBlock
	var cur *docBlock
	inOther := false
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		trimmed := strings.TrimSpace(line)
		switch {
		case cur != nil && trimmed == "```":
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			cur.src += line + "\n"
		case inOther && trimmed == "```":
			inOther = false
		case inOther:
		case trimmed == "```go":
			cur = &docBlock{line: n}
		case strings.HasPrefix(trimmed, "```") && !strings.Contains(trimmed[3:], "`"):
			inOther = true // a fence; a backtick in the info string makes it text (CommonMark)
		}
	}
	return blocks, sc.Err()
}

func runDocBlock(t *testing.T, name, src string) {
	prog, err := goro.Compile(name, []byte(src))
	if err != nil {
		if ce, ok := err.(*goro.CompileError); ok {
			t.Fatalf("does not compile:\n%s", ce.Format())
		}
		t.Fatalf("does not compile: %v", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var stdout, stderr bytes.Buffer
	err = prog.Run(ctx, goro.Options{Stdout: &stdout, Stderr: &stderr, Args: []string{name}, Capabilities: goro.AllCapabilities})
	if err != nil {
		t.Fatalf("run: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	if want, ok := docOutput(src); ok && stdout.String() != want {
		t.Errorf("stdout:\n%s\nwant (its // Output: block):\n%s", stdout.String(), want)
	}
}

// docOutput reads a trailing `// Output:` block.
func docOutput(src string) (string, bool) {
	lines := strings.Split(strings.TrimRight(src, "\n"), "\n")
	start := -1
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		if l == "// Output:" {
			start = i
			break
		}
		if !strings.HasPrefix(l, "//") {
			return "", false
		}
	}
	if start < 0 {
		return "", false
	}
	var b strings.Builder
	for _, l := range lines[start+1:] {
		l = strings.TrimSpace(l)
		if l == "//" {
			b.WriteString("\n")
			continue
		}
		b.WriteString(strings.TrimPrefix(l, "// ") + "\n")
	}
	return b.String(), true
}
