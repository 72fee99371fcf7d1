package compiler

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/goro-lang/goro/lang"
	"github.com/goro-lang/goro/stdlib"
	"github.com/goro-lang/goro/vm"
)

// addSeeds adds every conformance test and example as a seed.
func addSeeds(f *testing.F) {
	for _, pattern := range []string{"../testdata/conformance/*.goro", "../examples/*.goro", "../testdata/*/*.goro", "../testdata/gocompat/*.go"} {
		files, _ := filepath.Glob(pattern)
		for _, file := range files {
			src, err := os.ReadFile(file)
			if err == nil {
				f.Add(string(src))
			}
		}
	}
}

// FuzzCompile checks that no input makes the compiler panic, that every
// error is a positioned lang.Error, and that everything it compiles passes
// the bytecode verifier.
func FuzzCompile(f *testing.F) {
	addSeeds(f)
	f.Fuzz(func(t *testing.T, src string) {
		noFiles := func(string) ([]byte, error) { return nil, os.ErrNotExist }
		prog, err := Compile("fuzz.goro", []byte(src), Options{Modules: stdlib.Lookup, ReadFile: noFiles})
		if err != nil {
			var list lang.ErrorList
			if !errors.As(err, &list) || len(list) == 0 {
				t.Fatalf("error is not an ErrorList: %T %v", err, err)
			}
			for _, e := range list {
				if e.Msg == "" {
					t.Fatalf("empty error message: %#v", e)
				}
			}
			return
		}
		for _, m := range prog.Modules {
			verifyAll(t, m.Init)
		}
	})
}

func verifyAll(t *testing.T, p *vm.Proto) {
	t.Helper()
	if err := vm.Verify(p); err != nil {
		t.Fatal(err)
	}
	for _, c := range p.Protos {
		verifyAll(t, c)
	}
}
