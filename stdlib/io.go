package stdlib

import "github.com/goro-lang/goro/vm"

// The io module: EOF, the error that os.Stdin.ReadLine, net.Conn.Read and
// friends return at end of input. It is vm.EOF, one immutable error value
// shared by every runtime, so `err == io.EOF` holds wherever err came from.

func init() {
	m := newModule("io")
	m.value("EOF", vm.EOF)
	m.register()
}
