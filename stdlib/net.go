package stdlib

import (
	"errors"
	"net"
	"os"

	"github.com/goro-lang/goro/vm"
)

// The net module (SPEC §10): TCP and Unix-domain stream sockets. On
// systems with a netpoller (net_unix.go) sockets are non-blocking fds
// registered with the scheduler's poller: a Read or Accept that would
// block parks only its goroutine. Elsewhere (net_other.go) every call is a
// blocking call through Go's net package that hands off the P.
//
// Errors are error values with Go's texts ("dial tcp 127.0.0.1:1: connect:
// connection refused"). Two are shared values a script compares with ==:
// net.ErrClosed (an operation on a closed conn or listener, or one
// interrupted by Close) and net.ErrDeadlineExceeded (a deadline passed;
// the conn stays usable once the deadline is moved).

var (
	netErrClosed   = vm.NewGoError(net.ErrClosed)
	netErrDeadline = vm.NewGoError(os.ErrDeadlineExceeded)
)

var (
	connType     = &vm.ObjType{Name: "net.Conn"}
	listenerType = &vm.ObjType{Name: "net.Listener"}
)

// netNetwork checks the network argument of Listen and Dial.
func netNetwork(name string, args []vm.Value) (string, error) {
	network, err := vm.ArgStr(name, args, 0)
	if err != nil {
		return "", err
	}
	return network, nil
}

// unknownNetwork is Go's error for a network the module does not serve.
func unknownNetwork(op, network string) error {
	return &net.OpError{Op: op, Net: network, Err: net.UnknownNetworkError(network)}
}

// netDocs documents the module's members.
func netDocs(m *module) {
	m.doc("Listen", "func Listen(network, address string) (net.Listener, error)",
		`Listen announces on the local address: network "tcp", "tcp4", "tcp6" or "unix". The listener's Accept() returns (conn, err), Addr() the address, Close() stops it and wakes a blocked Accept with net.ErrClosed.`)
	m.doc("Dial", "func Dial(network, address string) (net.Conn, error)",
		"Dial connects to the address. The conn has Read(n), ReadLine(), Write(s), Close(), CloseWrite(), SetDeadline(d), SetReadDeadline(d), SetWriteDeadline(d), LocalAddr(), RemoteAddr().")
	m.doc("DialTimeout", "func DialTimeout(network, address string, timeout time.Duration) (net.Conn, error)",
		"DialTimeout is Dial that gives up after timeout (net.ErrDeadlineExceeded).")
	m.doc("ErrClosed", "var ErrClosed error", "ErrClosed is returned by operations on a closed conn or listener, and by those a Close interrupted.")
	m.doc("ErrDeadlineExceeded", "var ErrDeadlineExceeded error", "ErrDeadlineExceeded (\"i/o timeout\") is returned when a deadline passed.")
}

func init() {
	m := newModule("net")
	m.needs(vm.CapNet)
	m.value("ErrClosed", netErrClosed)
	m.value("ErrDeadlineExceeded", netErrDeadline)
	netMembers(m)
	netDocs(m)
	m.register()
}

// isTimeout reports whether a Go error is a deadline.
func isTimeout(err error) bool { return errors.Is(err, os.ErrDeadlineExceeded) }
