package stdlib

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestGoAPICoverage checks that strings, strconv, math, bytes and
// unicode/utf8 declare every exported function, constant and variable of
// Go's current API (from the api/ files of the Go toolchain running the
// test), less the names listed here with the reason they are left out.
func TestGoAPICoverage(t *testing.T) {
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Skip("no go command")
	}
	files, _ := filepath.Glob(filepath.Join(strings.TrimSpace(string(out)), "api", "go1*.txt"))
	if len(files) == 0 {
		t.Skip("no Go api files")
	}
	// Left out on purpose: types (Goro makes them with constructor
	// functions: strings.Builder(), strings.NewReader, ...), complex
	// numbers (Goro has none), and *Special case mappings (no
	// unicode.SpecialCase values).
	skip := map[string]string{
		"strings.Reader": "type", "strings.Replacer": "type", "strings.Builder": "type (a constructor in Goro)",
		"strings.ToLowerSpecial": "SpecialCase", "strings.ToTitleSpecial": "SpecialCase", "strings.ToUpperSpecial": "SpecialCase",
		"bytes.Reader": "type", "bytes.Buffer": "type (a constructor in Goro)",
		"bytes.ToLowerSpecial": "SpecialCase", "bytes.ToTitleSpecial": "SpecialCase", "bytes.ToUpperSpecial": "SpecialCase",
		"strconv.NumError": "type", "unicode/utf8.EncodeRune": "writes into a []byte (Goro strings are immutable): AppendRune", "strconv.FormatComplex": "complex", "strconv.ParseComplex": "complex",
	}
	decl := regexp.MustCompile(`^pkg ([a-z/0-9]+), (func|const|var) ([A-Z][A-Za-z0-9_]*)`)
	want := map[string][]string{}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		for sc.Scan() {
			m := decl.FindStringSubmatch(sc.Text())
			if m == nil {
				continue
			}
			want[m[1]] = append(want[m[1]], m[3])
		}
		fh.Close()
	}
	for _, pkg := range []string{"strings", "strconv", "math", "bytes", "unicode/utf8"} {
		def := Lookup(pkg)
		if def == nil {
			t.Fatalf("no module %s", pkg)
		}
		for _, name := range want[pkg] {
			if _, ok := skip[pkg+"."+name]; ok {
				continue
			}
			if !slices.Contains(def.Members, name) {
				t.Errorf("%s.%s: in Go's API, not in Goro's module", pkg, name)
			}
		}
	}
}
