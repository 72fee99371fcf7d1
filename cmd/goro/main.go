package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/goro-lang/goro/compiler"
	"github.com/goro-lang/goro/lang"
	"github.com/goro-lang/goro/stdlib"
	"github.com/goro-lang/goro/vm"
)

func main() {
	path := os.Args[1]
	dis := false
	if path == "run" {
		path = os.Args[2]
	}
	if path == "disasm" {
		path = os.Args[2]
		dis = true
	}
	src, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	prog, err := compiler.Compile(path, src, compiler.Options{Modules: stdlib.Lookup})
	if err != nil {
		var el lang.ErrorList
		if errors.As(err, &el) {
			for _, e := range el {
				fmt.Fprintln(os.Stderr, e.Format())
			}
		} else {
			fmt.Fprintln(os.Stderr, err)
		}
		os.Exit(1)
	}
	if dis {
		compiler.Disasm(os.Stdout, prog)
		return
	}
	rt := vm.NewRuntime(prog, vm.Options{Args: []string{path}, Modules: stdlib.Lookup})
	err = rt.Run()
	switch e := err.(type) {
	case nil:
	case *vm.ExitError:
		os.Exit(e.Code)
	case *vm.PanicExit:
		fmt.Fprint(os.Stderr, e.Text)
		os.Exit(2)
	case *vm.FatalError:
		fmt.Fprintln(os.Stderr, e.Error())
		fmt.Fprintln(os.Stderr)
		fmt.Fprint(os.Stderr, e.Dump)
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
