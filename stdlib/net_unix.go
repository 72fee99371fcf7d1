//go:build (linux || darwin || dragonfly || freebsd || netbsd || openbsd) && !goro_nonetpoll

package stdlib

import (
	"bytes"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"golang.org/x/sys/unix"

	"github.com/goro-lang/goro/sched"
	"github.com/goro-lang/goro/vm"
)

// Sockets on the netpoller. Every socket is a non-blocking fd registered
// once with the scheduler's poller (sched.PollDesc). An operation tries
// the syscall; on EAGAIN it waits on the descriptor's semaphore, which
// parks only the goroutine, and is re-run (a restartable native) when the
// poller, a deadline or a Close wakes it.
//
// Per conn and direction there is a lock (a sched.Mutex, so a second
// reader parks as "sync.Mutex.Lock" behind the first): the descriptor
// allows one waiter per direction. The lock's holder also holds a
// reference on the descriptor (PollDesc.Acquire), so the fd is closed
// only when no operation uses it.

// netState is one runtime's net module state.
type netState struct {
	mu    sync.Mutex
	dials map[*sched.G]*dialState // mu: Dials parked on connect
	bufs  sync.Pool               // read scratch buffers (*[]byte)
}

// netSock is a conn's or a listener's Data.
type netSock struct {
	st      *netState
	pd      *sched.PollDesc
	fd      int
	network string
	laddr   net.Addr
	raddr   net.Addr
	unlink  string // a unix listener's socket file, removed by Close

	rmu, wmu       sched.Mutex
	rowner, wowner atomic.Pointer[sched.G]
	rwait, wwait   bool   // the lock holder parked in pd.Wait (owner only)
	rbuf           []byte // buffered input for ReadLine (read owner only)
	wdone          int    // bytes of the current Write written (write owner only)
	closed         atomic.Bool
}

// dialState is a Dial that waits for its connect to finish.
type dialState struct {
	sock     *netSock
	addrs    []net.Addr
	next     int
	deadline time.Time
	network  string
	lastErr  error
}

const netReadMax = 64 << 10

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
			return sockOf(args).read(t, int(n), false)
		}),
		"ReadLine": newMethod("net.Conn", "ReadLine", 0, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return sockOf(args).read(t, 0, true)
		}),
		"Write": newMethod("net.Conn", "Write", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			s, err := vm.ArgStr("net.Conn.Write", args[1:], 0)
			if err != nil {
				return vm.Nil, err
			}
			return sockOf(args).write(t, s)
		}),
		"Close": newMethod("net.Conn", "Close", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return sockOf(args).close(t), nil
		}),
		"CloseWrite": newMethod("net.Conn", "CloseWrite", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return sockOf(args).closeWrite(), nil
		}),
		"SetDeadline":      deadlineMethod("SetDeadline", 0),
		"SetReadDeadline":  deadlineMethod("SetReadDeadline", sched.PollRead),
		"SetWriteDeadline": deadlineMethod("SetWriteDeadline", sched.PollWrite),
		"LocalAddr": newMethod("net.Conn", "LocalAddr", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return addrValue(sockOf(args).laddr), nil
		}),
		"RemoteAddr": newMethod("net.Conn", "RemoteAddr", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return addrValue(sockOf(args).raddr), nil
		}),
	}
	connType.Str = func(o *vm.Object) string {
		c := o.Data.(*netSock)
		return "<net.Conn " + addrString(c.laddr) + "->" + addrString(c.raddr) + ">"
	}
	listenerType.Methods = map[string]*vm.Native{
		"Accept": newMethod("net.Listener", "Accept", 0, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return sockOf(args).accept(t)
		}),
		"Addr": newMethod("net.Listener", "Addr", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return addrValue(sockOf(args).laddr), nil
		}),
		"Close": newMethod("net.Listener", "Close", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return sockOf(args).close(t), nil
		}),
	}
	listenerType.Str = func(o *vm.Object) string {
		return "<net.Listener " + addrString(o.Data.(*netSock).laddr) + ">"
	}

	// A method called on anything but its own kind of object is a script
	// error, never a Go panic.
	for _, typ := range []*vm.ObjType{connType, listenerType} {
		for _, nat := range typ.Methods {
			f, name, tname := nat.Fn, nat.Name, typ.Name
			nat.Fn = func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
				if len(args) > 0 {
					if o := args[0].Object(); o != nil && o.Type() == typ {
						return f(t, args)
					}
					return vm.Nil, vm.Errorf("%s: receiver must be %s, not %s", name, tname, args[0].TypeName())
				}
				return f(t, args)
			}
		}
	}

	// The functions close over their runtime's state. Listen and Dial
	// share none, so each gets its own.
	states := func(rt *vm.Runtime) *netState {
		st := &netState{dials: map[*sched.G]*dialState{}}
		st.bufs.New = func() any { b := make([]byte, netReadMax); return &b }
		return st
	}
	m.perRuntime("Listen", func(rt *vm.Runtime) vm.Value {
		st := states(rt)
		return vm.NewNative("net.Listen", 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			if err := vm.CheckArgs("net.Listen", args, 2); err != nil {
				return vm.Nil, err
			}
			return st.listen(t, args)
		}).Value()
	})
	dial := func(name string, nargs int) func(rt *vm.Runtime) vm.Value {
		return func(rt *vm.Runtime) vm.Value {
			st := states(rt)
			return vm.NewNative("net."+name, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
				if err := vm.CheckArgs("net."+name, args, nargs); err != nil {
					return vm.Nil, err
				}
				return st.dial(t, args, "net."+name)
			}).Value()
		}
	}
	m.perRuntime("Dial", dial("Dial", 2))
	m.perRuntime("DialTimeout", dial("DialTimeout", 3))
}

func sockOf(args []vm.Value) *netSock { return args[0].Object().Data.(*netSock) }

func deadlineMethod(name string, mode int) *vm.Native {
	full := "net.Conn." + name
	return newMethod("net.Conn", name, 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		d, err := durationArg(full, args[1:], 0)
		if err != nil {
			return vm.Nil, err
		}
		c := sockOf(args)
		if c.closed.Load() {
			return netErrClosed, nil
		}
		c.pd.SetDeadline(t.M(), d, mode)
		return vm.Nil, nil
	})
}

func addrString(a net.Addr) string {
	if a == nil {
		return ""
	}
	return a.String()
}

func addrValue(a net.Addr) vm.Value { return vm.String(addrString(a)) }

// pollErr maps the descriptor's errors to the module's shared values.
func pollErr(err error) vm.Value {
	switch err {
	case sched.ErrPollClosing:
		return netErrClosed
	case sched.ErrPollTimeout:
		return netErrDeadline
	}
	return errValue(err)
}

// lock takes a direction's lock and a descriptor reference for the
// calling G (already held when it was resumed after an I/O park; handed
// over when it was resumed after waiting for the lock).
func (c *netSock) lock(t *vm.Thread, resumed bool, mu *sched.Mutex, owner *atomic.Pointer[sched.G]) (parked bool, err error) {
	g := t.G()
	if owner.Load() == g {
		return false, nil
	}
	if !resumed && mu.Lock(t.M(), g) == sched.Parked {
		return true, nil
	}
	if err := c.pd.Acquire(); err != nil {
		mu.Unlock(t.M())
		return false, err
	}
	owner.Store(g)
	return false, nil
}

func (c *netSock) unlock(t *vm.Thread, mu *sched.Mutex, owner *atomic.Pointer[sched.G]) {
	owner.Store(nil)
	c.pd.Release()
	mu.Unlock(t.M())
}

// begin is the start of an operation in one direction: the lock, then
// either the result of the park this call resumes from or the
// descriptor's state before the first syscall.
func (c *netSock) begin(t *vm.Thread, mode int) (parked bool, err error) {
	resumed := t.Resumed()
	mu, owner, wait := &c.rmu, &c.rowner, &c.rwait
	if mode == sched.PollWrite {
		mu, owner, wait = &c.wmu, &c.wowner, &c.wwait
	}
	parked, err = c.lock(t, resumed, mu, owner)
	if parked || err != nil {
		return parked, err
	}
	if *wait {
		*wait = false
		err = c.pd.Resume(mode)
	} else {
		err = c.pd.Prepare(mode)
	}
	if err != nil {
		c.unlock(t, mu, owner)
	}
	return false, err
}

// await is the EAGAIN path: park (the caller returns vm.ErrPark), retry
// at once (nil, false), or fail (the lock is released).
func (c *netSock) await(t *vm.Thread, mode int) (parked bool, err error) {
	res, err := c.pd.Wait(t.M(), t.G(), mode)
	if err != nil {
		if mode == sched.PollRead {
			c.unlock(t, &c.rmu, &c.rowner)
		} else {
			c.unlock(t, &c.wmu, &c.wowner)
		}
		return false, err
	}
	if res == sched.Parked {
		if mode == sched.PollRead {
			c.rwait = true
		} else {
			c.wwait = true
		}
		return true, nil
	}
	return false, nil
}

func (c *netSock) opError(op string, err error) vm.Value {
	if errno, ok := err.(unix.Errno); ok {
		err = os.NewSyscallError(op, errno)
	}
	return errValue(&net.OpError{Op: op, Net: c.network, Source: c.laddr, Addr: c.raddr, Err: err})
}

// read is Read(n) (line false) and ReadLine (line true).
func (c *netSock) read(t *vm.Thread, n int, line bool) (vm.Value, error) {
	parked, err := c.begin(t, sched.PollRead)
	if parked {
		return vm.Nil, vm.ErrPark
	}
	if err != nil {
		return t.Ret2(vm.String(""), pollErr(err))
	}
	done := func(s string, e vm.Value) (vm.Value, error) {
		c.unlock(t, &c.rmu, &c.rowner)
		return t.Ret2(vm.String(s), e)
	}
	if !line && n == 0 {
		return done("", vm.Nil)
	}
	for {
		if line {
			if i := bytes.IndexByte(c.rbuf, '\n'); i >= 0 {
				s := string(bytes.TrimSuffix(c.rbuf[:i], []byte{'\r'}))
				c.rbuf = c.rbuf[i+1:]
				if len(c.rbuf) == 0 {
					c.rbuf = nil
				}
				return done(s, vm.Nil)
			}
		} else if len(c.rbuf) > 0 {
			k := min(n, len(c.rbuf))
			s := string(c.rbuf[:k])
			if c.rbuf = c.rbuf[k:]; len(c.rbuf) == 0 {
				c.rbuf = nil
			}
			return done(s, vm.Nil)
		}
		bp := c.st.bufs.Get().(*[]byte)
		buf := *bp
		if !line {
			buf = buf[:min(n, len(buf))]
		}
		k, rerr := unix.Read(c.fd, buf)
		var s string
		if k > 0 {
			if line {
				c.rbuf = append(c.rbuf, buf[:k]...)
			} else {
				s = string(buf[:k])
			}
		}
		c.st.bufs.Put(bp)
		switch {
		case rerr == unix.EINTR:
			continue
		case rerr == unix.EAGAIN:
			parked, err := c.await(t, sched.PollRead)
			if parked {
				return vm.Nil, vm.ErrPark
			}
			if err != nil {
				return t.Ret2(vm.String(""), pollErr(err))
			}
			continue
		case rerr != nil:
			return done("", c.opError("read", rerr))
		case k == 0:
			if line && len(c.rbuf) > 0 {
				s := string(bytes.TrimSuffix(c.rbuf, []byte{'\r'}))
				c.rbuf = nil
				return done(s, vm.Nil)
			}
			return done("", vm.EOF)
		case !line:
			return done(s, vm.Nil)
		}
	}
}

// write writes all of s or fails: (bytes written, err).
func (c *netSock) write(t *vm.Thread, s string) (vm.Value, error) {
	parked, err := c.begin(t, sched.PollWrite)
	if parked {
		return vm.Nil, vm.ErrPark
	}
	if err != nil {
		n := c.wdone
		c.wdone = 0
		return t.Ret2(vm.Int(int64(n)), pollErr(err))
	}
	for c.wdone < len(s) {
		p := unsafe.Slice(unsafe.StringData(s[c.wdone:]), len(s)-c.wdone)
		k, werr := unix.Write(c.fd, p)
		if k > 0 {
			c.wdone += k
		}
		switch {
		case werr == unix.EINTR:
		case werr == unix.EAGAIN:
			parked, err := c.await(t, sched.PollWrite)
			if parked {
				return vm.Nil, vm.ErrPark
			}
			if err != nil {
				n := c.wdone
				c.wdone = 0
				return t.Ret2(vm.Int(int64(n)), pollErr(err))
			}
		case werr != nil:
			n := c.wdone
			c.wdone = 0
			c.unlock(t, &c.wmu, &c.wowner)
			return t.Ret2(vm.Int(int64(n)), c.opError("write", werr))
		}
	}
	n := c.wdone
	c.wdone = 0
	c.unlock(t, &c.wmu, &c.wowner)
	return t.Ret2(vm.Int(int64(n)), vm.Nil)
}

// close closes the conn or listener: blocked operations wake with
// net.ErrClosed; the fd is closed when the last of them let go.
func (c *netSock) close(t *vm.Thread) vm.Value {
	if !c.closed.CompareAndSwap(false, true) {
		return netErrClosed
	}
	c.pd.Close(t.M())
	if c.unlink != "" {
		os.Remove(c.unlink)
	}
	return vm.Nil
}

func (c *netSock) closeWrite() vm.Value {
	if err := c.pd.Acquire(); err != nil {
		return netErrClosed
	}
	defer c.pd.Release()
	if err := unix.Shutdown(c.fd, unix.SHUT_WR); err != nil {
		return c.opError("shutdown", err)
	}
	return vm.Nil
}

func (c *netSock) accept(t *vm.Thread) (vm.Value, error) {
	parked, err := c.begin(t, sched.PollRead)
	if parked {
		return vm.Nil, vm.ErrPark
	}
	if err != nil {
		return t.Ret2(vm.Nil, pollErr(err))
	}
	for {
		nfd, sa, aerr := acceptNB(c.fd)
		switch aerr {
		case nil:
		case unix.EINTR, unix.ECONNABORTED:
			continue
		case unix.EAGAIN:
			parked, err := c.await(t, sched.PollRead)
			if parked {
				return vm.Nil, vm.ErrPark
			}
			if err != nil {
				return t.Ret2(vm.Nil, pollErr(err))
			}
			continue
		default:
			c.unlock(t, &c.rmu, &c.rowner)
			return t.Ret2(vm.Nil, errValue(&net.OpError{Op: "accept", Net: c.network, Addr: c.laddr, Err: os.NewSyscallError(acceptName, aerr)}))
		}
		c.unlock(t, &c.rmu, &c.rowner)
		nc := &netSock{st: c.st, fd: nfd, network: c.network}
		if c.network != "unix" {
			unix.SetsockoptInt(nfd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
		}
		if lsa, err := unix.Getsockname(nfd); err == nil {
			nc.laddr = sockaddrToAddr(lsa, c.network)
		}
		nc.raddr = sockaddrToAddr(sa, c.network)
		if nc.raddr == nil && c.network == "unix" {
			nc.raddr = &net.UnixAddr{Net: "unix"}
		}
		pd, err := t.Runtime().Sched().PollOpen(nfd, unix.Close)
		if err != nil {
			unix.Close(nfd)
			return t.Ret2(vm.Nil, errValue(&net.OpError{Op: "accept", Net: c.network, Addr: c.laddr, Err: err}))
		}
		nc.pd = pd
		return t.Ret2(vm.NewObject(connType, nc), vm.Nil)
	}
}

// resolve parses and resolves address for network. Names other than IP
// literals are looked up in a blocking call that hands off the P.
func resolve(t *vm.Thread, network, address string) ([]net.Addr, error) {
	if network == "unix" {
		return []net.Addr{&net.UnixAddr{Name: address, Net: "unix"}}, nil
	}
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return nil, err
	}
	var addrs []net.Addr
	var rerr error
	look := func() {
		a, err := net.ResolveTCPAddr(network, address)
		if err != nil {
			rerr = err
			return
		}
		addrs = append(addrs, a)
	}
	if host == "" || net.ParseIP(strings.TrimSuffix(strings.SplitN(host, "%", 2)[0], "")) != nil {
		look()
	} else {
		t.SyscallBlock(look)
	}
	return addrs, rerr
}

func validNetwork(network string) bool {
	switch network {
	case "tcp", "tcp4", "tcp6", "unix":
		return true
	}
	return false
}

// socketFor makes a non-blocking socket for a (listening when listen).
func socketFor(network string, a net.Addr, listen bool) (fd int, sa unix.Sockaddr, err error) {
	switch a := a.(type) {
	case *net.UnixAddr:
		sa = &unix.SockaddrUnix{Name: a.Name}
		fd, err = socketNB(unix.AF_UNIX)
		return fd, sa, err
	case *net.TCPAddr:
		family := unix.AF_INET6
		ip4 := a.IP.To4()
		switch {
		case network == "tcp4":
			family = unix.AF_INET
		case network == "tcp6":
		case a.IP == nil || a.IP.IsUnspecified():
			if !listen {
				family = unix.AF_INET // dialing ":port" reaches the local host
			}
		case ip4 != nil:
			family = unix.AF_INET
		}
		fd, err = socketNB(family)
		if err != nil && family == unix.AF_INET6 && network == "tcp" && ip4 == nil && (a.IP == nil || a.IP.IsUnspecified()) {
			family = unix.AF_INET
			fd, err = socketNB(family)
		}
		if err != nil {
			return -1, nil, err
		}
		if family == unix.AF_INET {
			s := &unix.SockaddrInet4{Port: a.Port}
			if ip4 != nil {
				copy(s.Addr[:], ip4)
			} else if !listen {
				s.Addr = [4]byte{127, 0, 0, 1}
			}
			sa = s
		} else {
			s := &unix.SockaddrInet6{Port: a.Port}
			if a.IP != nil {
				copy(s.Addr[:], a.IP.To16())
			}
			if listen && network == "tcp" && (a.IP == nil || a.IP.IsUnspecified()) {
				unix.SetsockoptInt(fd, unix.IPPROTO_IPV6, unix.IPV6_V6ONLY, 0)
			}
			sa = s
		}
		return fd, sa, nil
	}
	return -1, nil, net.UnknownNetworkError(network)
}

func sockaddrToAddr(sa unix.Sockaddr, network string) net.Addr {
	switch sa := sa.(type) {
	case *unix.SockaddrInet4:
		return &net.TCPAddr{IP: net.IPv4(sa.Addr[0], sa.Addr[1], sa.Addr[2], sa.Addr[3]), Port: sa.Port}
	case *unix.SockaddrInet6:
		ip := make(net.IP, 16)
		copy(ip, sa.Addr[:])
		return &net.TCPAddr{IP: ip, Port: sa.Port}
	case *unix.SockaddrUnix:
		return &net.UnixAddr{Name: sa.Name, Net: "unix"}
	}
	return nil
}

func (st *netState) listen(t *vm.Thread, args []vm.Value) (vm.Value, error) {
	network, err := netNetwork("net.Listen", args)
	if err != nil {
		return vm.Nil, err
	}
	address, err := vm.ArgStr("net.Listen", args, 1)
	if err != nil {
		return vm.Nil, err
	}
	fail := func(addr net.Addr, err error) (vm.Value, error) {
		return t.Ret2(vm.Nil, errValue(&net.OpError{Op: "listen", Net: network, Addr: addr, Err: err}))
	}
	if !validNetwork(network) {
		return fail(nil, net.UnknownNetworkError(network))
	}
	addrs, err := resolve(t, network, address)
	if err != nil {
		return fail(nil, err)
	}
	a := addrs[0]
	fd, sa, err := socketFor(network, a, true)
	if err != nil {
		return fail(a, os.NewSyscallError("socket", err))
	}
	if network != "unix" {
		unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, 1)
	}
	if err := unix.Bind(fd, sa); err != nil {
		unix.Close(fd)
		return fail(a, os.NewSyscallError("bind", err))
	}
	if err := unix.Listen(fd, listenBacklog()); err != nil {
		unix.Close(fd)
		return fail(a, os.NewSyscallError("listen", err))
	}
	l := &netSock{st: st, fd: fd, network: network}
	if lsa, err := unix.Getsockname(fd); err == nil {
		l.laddr = sockaddrToAddr(lsa, network)
	}
	if network == "unix" {
		l.laddr = a
		l.unlink = a.(*net.UnixAddr).Name
	}
	pd, err := t.Runtime().Sched().PollOpen(fd, unix.Close)
	if err != nil {
		unix.Close(fd)
		return fail(a, err)
	}
	l.pd = pd
	return t.Ret2(vm.NewObject(listenerType, l), vm.Nil)
}

func listenBacklog() int {
	if b, err := os.ReadFile("/proc/sys/net/core/somaxconn"); err == nil {
		var n int
		for _, ch := range strings.TrimSpace(string(b)) {
			if ch < '0' || ch > '9' {
				return unix.SOMAXCONN
			}
			n = n*10 + int(ch-'0')
		}
		if n > 0 {
			return min(n, 1<<16-1)
		}
	}
	return unix.SOMAXCONN
}

// dial is Dial and DialTimeout: a non-blocking connect, a wait for the
// socket to become writable, then SO_ERROR; each resolved address in turn.
func (st *netState) dial(t *vm.Thread, args []vm.Value, name string) (vm.Value, error) {
	g := t.G()
	resumed := t.Resumed()
	st.mu.Lock()
	ds := st.dials[g]
	st.mu.Unlock()
	if ds == nil || !resumed {
		network, err := netNetwork(name, args)
		if err != nil {
			return vm.Nil, err
		}
		address, err := vm.ArgStr(name, args, 1)
		if err != nil {
			return vm.Nil, err
		}
		var timeout time.Duration
		if len(args) > 2 {
			if timeout, err = durationArg(name, args, 2); err != nil {
				return vm.Nil, err
			}
		}
		if !validNetwork(network) {
			return t.Ret2(vm.Nil, errValue(&net.OpError{Op: "dial", Net: network, Err: net.UnknownNetworkError(network)}))
		}
		addrs, err := resolve(t, network, address)
		if err != nil {
			return t.Ret2(vm.Nil, errValue(&net.OpError{Op: "dial", Net: network, Err: err}))
		}
		ds = &dialState{addrs: addrs, network: network}
		if timeout > 0 {
			ds.deadline = time.Now().Add(timeout)
		}
	}
	for {
		if ds.sock != nil {
			// Resumed: the connect finished, failed or timed out.
			c := ds.sock
			err := c.pd.Resume(sched.PollWrite)
			if err == nil {
				var soerr int
				soerr, err = unix.GetsockoptInt(c.fd, unix.SOL_SOCKET, unix.SO_ERROR)
				if err == nil {
					e := unix.Errno(soerr)
					if e == 0 {
						// A wake-up is a hint: connected only if the
						// peer is known (Go's connect does the same).
						if _, perr := unix.Getpeername(c.fd); perr == nil {
							return st.dialDone(t, g, ds)
						}
						e = unix.EINPROGRESS
					}
					switch e {
					case unix.EINPROGRESS, unix.EALREADY, unix.EINTR:
						if r, err := st.dialWait(t, g, ds); r {
							return vm.Nil, vm.ErrPark
						} else if err == nil {
							continue
						}
					default:
						err = os.NewSyscallError("connect", e)
					}
				}
			}
			if err == sched.ErrPollTimeout {
				err = os.ErrDeadlineExceeded
			}
			st.dialFailed(t, ds, err)
			if ds.next >= len(ds.addrs) {
				return st.dialGiveUp(t, g, ds)
			}
			continue
		}
		if ds.next >= len(ds.addrs) {
			return st.dialGiveUp(t, g, ds)
		}
		a := ds.addrs[ds.next]
		ds.next++
		fd, sa, err := socketFor(ds.network, a, false)
		if err != nil {
			ds.lastErr = &net.OpError{Op: "dial", Net: ds.network, Addr: a, Err: os.NewSyscallError("socket", err)}
			continue
		}
		c := &netSock{st: st, fd: fd, network: ds.network, raddr: a}
		pd, err := t.Runtime().Sched().PollOpen(fd, unix.Close)
		if err != nil {
			unix.Close(fd)
			ds.lastErr = &net.OpError{Op: "dial", Net: ds.network, Addr: a, Err: err}
			continue
		}
		c.pd = pd
		if !ds.deadline.IsZero() {
			pd.SetDeadline(t.M(), max(time.Until(ds.deadline), -1), sched.PollWrite)
		}
		ds.sock = c
		cerr := unix.Connect(fd, sa)
		for cerr == unix.EINTR {
			cerr = unix.Connect(fd, sa)
		}
		switch cerr {
		case nil, unix.EISCONN:
			return st.dialDone(t, g, ds)
		case unix.EINPROGRESS, unix.EALREADY:
			parked, err := st.dialWait(t, g, ds)
			if parked {
				return vm.Nil, vm.ErrPark
			}
			if err == nil {
				continue
			}
			if err == sched.ErrPollTimeout {
				err = os.ErrDeadlineExceeded
			}
			st.dialFailed(t, ds, err)
		default:
			st.dialFailed(t, ds, os.NewSyscallError("connect", cerr))
		}
	}
}

// dialWait parks the dialing G until its socket is writable.
func (st *netState) dialWait(t *vm.Thread, g *sched.G, ds *dialState) (parked bool, err error) {
	res, err := ds.sock.pd.Wait(t.M(), g, sched.PollWrite)
	if err != nil {
		return false, err
	}
	if res == sched.Parked {
		st.mu.Lock()
		st.dials[g] = ds
		st.mu.Unlock()
		return true, nil
	}
	return false, nil
}

func (st *netState) dialFailed(t *vm.Thread, ds *dialState, err error) {
	c := ds.sock
	ds.sock = nil
	ds.lastErr = &net.OpError{Op: "dial", Net: ds.network, Addr: c.raddr, Err: err}
	c.closed.Store(true)
	c.pd.Close(t.M())
}

func (st *netState) dialGiveUp(t *vm.Thread, g *sched.G, ds *dialState) (vm.Value, error) {
	st.mu.Lock()
	delete(st.dials, g)
	st.mu.Unlock()
	err := ds.lastErr
	if err == nil {
		err = &net.OpError{Op: "dial", Net: ds.network, Err: net.UnknownNetworkError(ds.network)}
	}
	return t.Ret2(vm.Nil, errValue(err))
}

func (st *netState) dialDone(t *vm.Thread, g *sched.G, ds *dialState) (vm.Value, error) {
	st.mu.Lock()
	delete(st.dials, g)
	st.mu.Unlock()
	c := ds.sock
	c.pd.SetDeadline(t.M(), 0, sched.PollWrite)
	if c.network != "unix" {
		unix.SetsockoptInt(c.fd, unix.IPPROTO_TCP, unix.TCP_NODELAY, 1)
	}
	if lsa, err := unix.Getsockname(c.fd); err == nil {
		c.laddr = sockaddrToAddr(lsa, c.network)
	}
	if c.network == "unix" {
		c.laddr = &net.UnixAddr{Net: "unix"}
	}
	return t.Ret2(vm.NewObject(connType, c), vm.Nil)
}
