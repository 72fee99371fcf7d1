//go:build goro_nonetpoll || !(linux || darwin || dragonfly || freebsd || netbsd || openbsd)

package stdlib

import (
	"bufio"
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"time"

	"github.com/goro-lang/goro/vm"
)

// Where the scheduler has no netpoller (Windows, Plan 9, wasm; on any
// system with -tags goro_nonetpoll, which tests this file), sockets
// are Go's net.Conn and every call that may block runs as a blocking call
// that hands off the P (Thread.SyscallBlock). Close from another
// goroutine, deadlines and the errors behave as on the netpoller.

type fbSock struct {
	mu      sync.Mutex // serializes readers (the bufio.Reader)
	c       net.Conn
	l       net.Listener
	r       *bufio.Reader
	network string
	untrack func() // drops the run's claim to close it at its end
}

// track makes the run's end close the socket (sched.TrackCloser).
func track(t *vm.Thread, s *fbSock) vm.Value {
	var c io.Closer = s.c
	typ := connType
	if s.l != nil {
		c, typ = s.l, listenerType
	}
	s.untrack = func() {}
	if sc := t.Runtime().Sched(); sc != nil {
		s.untrack = sc.TrackCloser(c)
	}
	return vm.NewObject(typ, s)
}

func fbErr(err error) vm.Value {
	switch {
	case err == nil:
		return vm.Nil
	case err == io.EOF:
		return vm.EOF
	case errors.Is(err, net.ErrClosed):
		return netErrClosed
	case errors.Is(err, os.ErrDeadlineExceeded):
		return netErrDeadline
	}
	return errValue(err)
}

func fbOf(args []vm.Value) *fbSock { return args[0].Object().Data.(*fbSock) }

func fbDeadline(name string, set func(c net.Conn, t time.Time) error) *vm.Native {
	return newMethod("net.Conn", name, 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		d, err := durationArg("net.Conn."+name, args[1:], 0)
		if err != nil {
			return vm.Nil, err
		}
		var at time.Time
		if d != 0 {
			at = time.Now().Add(d)
		}
		return fbErr(set(fbOf(args).c, at)), nil
	})
}

func netMembers(m *module) {
	connType.Methods = map[string]*vm.Native{
		"Read": newMethod("net.Conn", "Read", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			n, err := vm.ArgInt("net.Conn.Read", args[1:], 0)
			if err != nil {
				return vm.Nil, err
			}
			if n < 0 {
				return vm.Nil, vm.Errorf("net.Conn.Read: negative count %d", n)
			}
			c := fbOf(args)
			buf := make([]byte, min(n, 64<<10))
			var k int
			var rerr error
			t.SyscallBlock(func() {
				c.mu.Lock()
				defer c.mu.Unlock()
				if len(buf) > 0 {
					k, rerr = c.r.Read(buf)
				}
			})
			return t.Ret2(vm.String(string(buf[:k])), fbErr(rerr))
		}),
		"ReadLine": newMethod("net.Conn", "ReadLine", 0, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			c := fbOf(args)
			var line string
			var rerr error
			t.SyscallBlock(func() {
				c.mu.Lock()
				defer c.mu.Unlock()
				line, rerr = c.r.ReadString('\n')
			})
			if len(line) > 0 && line[len(line)-1] == '\n' {
				line = line[:len(line)-1]
				if len(line) > 0 && line[len(line)-1] == '\r' {
					line = line[:len(line)-1]
				}
			}
			if line != "" && rerr == io.EOF {
				rerr = nil
			}
			return t.Ret2(vm.String(line), fbErr(rerr))
		}),
		"Write": newMethod("net.Conn", "Write", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s, err := vm.ArgStr("net.Conn.Write", args[1:], 0)
			if err != nil {
				return vm.Nil, err
			}
			var n int
			var werr error
			t.SyscallBlock(func() { n, werr = io.WriteString(fbOf(args).c, s) })
			return t.Ret2(vm.Int(int64(n)), fbErr(werr))
		}),
		"Close": newMethod("net.Conn", "Close", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s := fbOf(args)
			s.untrack()
			return fbErr(s.c.Close()), nil
		}),
		"CloseWrite": newMethod("net.Conn", "CloseWrite", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			if cw, ok := fbOf(args).c.(interface{ CloseWrite() error }); ok {
				return fbErr(cw.CloseWrite()), nil
			}
			return vm.Nil, nil
		}),
		"SetDeadline":      fbDeadline("SetDeadline", net.Conn.SetDeadline),
		"SetReadDeadline":  fbDeadline("SetReadDeadline", net.Conn.SetReadDeadline),
		"SetWriteDeadline": fbDeadline("SetWriteDeadline", net.Conn.SetWriteDeadline),
		"LocalAddr": newMethod("net.Conn", "LocalAddr", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return vm.String(fbOf(args).c.LocalAddr().String()), nil
		}),
		"RemoteAddr": newMethod("net.Conn", "RemoteAddr", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return vm.String(fbOf(args).c.RemoteAddr().String()), nil
		}),
	}
	listenerType.Methods = map[string]*vm.Native{
		"Accept": newMethod("net.Listener", "Accept", 0, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			l := fbOf(args)
			var c net.Conn
			var err error
			t.SyscallBlock(func() { c, err = l.l.Accept() })
			if err != nil {
				return t.Ret2(vm.Nil, fbErr(err))
			}
			return t.Ret2(track(t, &fbSock{c: c, r: bufio.NewReader(c), network: l.network}), vm.Nil)
		}),
		"Addr": newMethod("net.Listener", "Addr", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return vm.String(fbOf(args).l.Addr().String()), nil
		}),
		"Close": newMethod("net.Listener", "Close", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s := fbOf(args)
			s.untrack()
			return fbErr(s.l.Close()), nil
		}),
	}
	m.fn("Listen", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		network, err := netNetwork("net.Listen", args)
		if err != nil {
			return vm.Nil, err
		}
		address, err := vm.ArgStr("net.Listen", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		var l net.Listener
		t.SyscallBlock(func() { l, err = net.Listen(network, address) })
		if err != nil {
			return t.Ret2(vm.Nil, fbErr(err))
		}
		return t.Ret2(track(t, &fbSock{l: l, network: network}), vm.Nil)
	})
	dial := func(name string, nargs int) vm.NativeFn {
		return func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			network, err := netNetwork(name, args)
			if err != nil {
				return vm.Nil, err
			}
			address, err := vm.ArgStr(name, args, 1)
			if err != nil {
				return vm.Nil, err
			}
			var timeout time.Duration
			if nargs > 2 {
				if timeout, err = durationArg(name, args, 2); err != nil {
					return vm.Nil, err
				}
			}
			var c net.Conn
			t.SyscallBlock(func() { c, err = net.DialTimeout(network, address, timeout) })
			if err != nil {
				return t.Ret2(vm.Nil, errValue(err))
			}
			return t.Ret2(track(t, &fbSock{c: c, r: bufio.NewReader(c), network: network}), vm.Nil)
		}
	}
	m.fn("Dial", 2, 2, dial("net.Dial", 2))
	m.fn("DialTimeout", 3, 2, dial("net.DialTimeout", 3))
}
