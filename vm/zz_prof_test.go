package vm_test

import (
	"os"
	"testing"

	"github.com/goro-lang/goro/compiler"
	"github.com/goro-lang/goro/vm"
)

func TestProfLoop(t *testing.T) {
	path := os.Getenv("GOROPROF")
	if path == "" {
		t.Skip()
	}
	src, _ := os.ReadFile(path)
	prog, err := compiler.Compile(path, src, compiler.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rt := vm.NewRuntime(prog, vm.Options{})
	if err := rt.Run(); err != nil {
		t.Fatal(err)
	}
}
