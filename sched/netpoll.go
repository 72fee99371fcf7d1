package sched

import (
	"errors"
	"io"
	"math"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"
)

// The netpoller (Go's runtime/netpoll.go), OS-independent part. The OS
// part (netpoll_epoll.go, netpoll_kqueue.go, netpoll_none.go) supplies a
// pollBackend: register an fd once, edge-triggered, for both directions;
// wait for events; break a blocked wait.
//
// Invariants (HACKING.md "The netpoller" says why):
//   - One PollDesc per open fd. rg and wg are binary semaphores: nil,
//     pdReady, pdWait, or the parked G. A readiness that arrives between
//     the syscall's EAGAIN and the park is kept as pdReady and the park is
//     refused (the commit CAS pdWait->G fails): no lost wake-up.
//   - Timeouts and close never pose as readiness: they leave nil, and the
//     woken G reports closing, then timeout, before it retries.
//   - At most one waiter per direction (the caller's per-conn locks);
//     a second one is a throw.
//   - Deadline timers carry a sequence number; a stale firing does nothing.
//   - Events carry the descriptor's index and generation (fdseq); events
//     for an earlier life of the descriptor are dropped.
//   - The fd is unregistered, then closed, only once no operation holds a
//     reference (Acquire/Release), so a reused fd number never inherits
//     state. Run's end closes every fd still registered.
//   - The backend starts lazily at the first PollOpen: until then Poll is
//     the note poller's sleep, so a program without I/O pays nothing.

// Errors a PollDesc operation reports. Callers map them to their own
// error values (net.ErrClosed, os.ErrDeadlineExceeded).
var (
	ErrPollClosing  = errors.New("use of closed network connection")
	ErrPollTimeout  = errors.New("i/o timeout")
	ErrNotPollable  = errors.New("not pollable")
	errNoNetpoller  = errors.New("no netpoller on this system")
	errPollShutdown = errors.New("scheduler shut down")
)

// Poll modes.
const (
	PollRead  = 'r'
	PollWrite = 'w'
)

// pdReady and pdWait are the two non-G states of rg/wg. They are
// immutable sentinels, never run.
var (
	pdReady = &G{}
	pdWait  = &G{}
)

// pollBackend is the OS part of the netpoller.
type pollBackend interface {
	// open registers fd (edge-triggered, read and write) with tag.
	open(fd int, tag uint64) error
	// close unregisters fd (before the caller closes it).
	close(fd int) error
	// wait waits up to delay ns (<0 forever, 0 not at all) and calls
	// np.event for every event. A blocking wait consumes a pending break.
	// Several waits may run at once (sysmon's and an M's non-blocking
	// polls), so it keeps no state of its own between calls.
	wait(delay int64, np *netpoller, list *gList)
	// wakeup interrupts a blocked wait (duplicates are the caller's concern).
	wakeup()
	// shutdown releases the backend's own fds.
	shutdown()
}

// netpoller is the Sched's poller once a descriptor was opened; before
// that it behaves as the note poller.
type netpoller struct {
	s    *Sched
	note *notePoller

	initMu  sync.RWMutex // serializes the lazy start and shutdown; PollOpen holds it shared
	be      pollBackend
	inited  atomic.Bool
	initErr error
	dead    bool // initMu: shut down

	wakeSig atomic.Uint32 // a wake-up is in flight (Go's netpollWakeSig)

	mu    sync.Mutex        // guards pds, free and byFd
	pds   []*PollDesc       // by index; descriptors are reused, never freed
	free  *PollDesc         // free list through link
	byFd  map[int]*PollDesc // open descriptors by fd (backends without tags)
	nopen atomic.Int32      // descriptors open

	closersMu sync.Mutex
	closers   map[*io.Closer]struct{} // closersMu: TrackCloser's, closed at Run's end
}

func newNetpoller(s *Sched) *netpoller {
	return &netpoller{s: s, note: newNotePoller(), byFd: map[int]*PollDesc{}}
}

// start starts the backend once.
func (np *netpoller) start() error {
	if np.inited.Load() {
		return nil
	}
	np.initMu.Lock()
	defer np.initMu.Unlock()
	if np.inited.Load() {
		return nil
	}
	if np.dead {
		return errPollShutdown
	}
	if np.initErr != nil {
		return np.initErr
	}
	be, err := newPollBackend()
	if err != nil {
		np.initErr = err
		return err
	}
	np.be = be
	np.inited.Store(true)
	// A poller asleep on the note must move to the backend; and a Break
	// that went to the note just before the switch must not be lost.
	np.note.Break()
	np.Break()
	return nil
}

// Poll implements poller.
func (np *netpoller) Poll(delay int64) gList {
	if !np.inited.Load() {
		return np.note.Poll(delay)
	}
	var list gList
	np.be.wait(delay, np, &list)
	if delay != 0 {
		np.wakeSig.Store(0)
	}
	return list
}

// Break implements poller: at most one wake-up in flight.
func (np *netpoller) Break() {
	if !np.inited.Load() {
		np.note.Break()
		// The backend may have started meanwhile; start's own Break
		// covers a poller that moved to it.
		if !np.inited.Load() {
			return
		}
	}
	if np.wakeSig.CompareAndSwap(0, 1) {
		np.be.wakeup()
	}
}

// event handles one backend event, adding the Gs it readies to list.
func (np *netpoller) event(list *gList, tag uint64, fd int, r, w bool) {
	var pd *PollDesc
	if tag != 0 {
		idx := uint32(tag >> 32)
		np.mu.Lock()
		if int(idx) < len(np.pds) {
			pd = np.pds[idx]
		}
		np.mu.Unlock()
		if pd == nil || pd.fdseq.Load() != uint32(tag) {
			return // an earlier life of the descriptor
		}
	} else {
		// A backend without tags (kqueue) reports the fd; a stale event
		// for a reused fd number is only a spurious wake-up.
		np.mu.Lock()
		pd = np.byFd[fd]
		np.mu.Unlock()
		if pd == nil {
			return
		}
	}
	if r {
		if gp := pd.unblock(&pd.rg, true); gp != nil {
			list.push(gp)
		}
	}
	if w {
		if gp := pd.unblock(&pd.wg, true); gp != nil {
			list.push(gp)
		}
	}
}

// shutdown closes every descriptor still open and the backend (Run's end:
// no G runs any more, so nothing can hold a reference that matters).
func (np *netpoller) shutdown() {
	np.initMu.Lock()
	defer np.initMu.Unlock()
	np.dead = true
	np.closersMu.Lock()
	closers := np.closers
	np.closers = nil
	np.closersMu.Unlock()
	for c := range closers {
		(*c).Close()
	}
	if !np.inited.Load() {
		return
	}
	np.mu.Lock()
	pds := append([]*PollDesc(nil), np.pds...)
	np.mu.Unlock()
	for _, pd := range pds {
		pd.mu.Lock()
		if pd.open.Load() && !pd.destroyed {
			pd.closing = true
			pd.refs = 0
			pd.destroyLocked()
		}
		pd.mu.Unlock()
	}
	np.be.shutdown()
}

// PollDesc is the scheduler's side of one pollable fd (Go's pollDesc plus
// the reference count of internal/poll's fdMutex). Methods that may block
// follow the restartable-native protocol: Wait returns Parked after
// PreparePark; when the G runs again the caller calls Resume.
type PollDesc struct {
	np    *netpoller
	idx   uint32
	link  *PollDesc
	fdseq atomic.Uint32 // generation; never 0 while open
	open  atomic.Bool

	rg, wg atomic.Pointer[G]
	info   atomic.Uint32 // pollInfo bits, for lock-free checks

	mu        sync.Mutex // guards the fields below; taken before timer locks
	fd        int        // mu (read-only while open)
	closeFd   func(fd int) error
	closing   bool
	destroyed bool
	refs      int32
	rd, wd    int64 // absolute deadlines (0: none, -1: expired)
	rseq      uint64
	wseq      uint64
	rt, wt    *Timer
}

const (
	pollClosing = 1 << iota
	pollExpiredRead
	pollExpiredWrite
)

// PollOpen registers fd with the scheduler's netpoller. closeFd closes the
// fd once it is unregistered and no operation uses it. ErrNotPollable means
// the fd cannot be polled (a regular file) or the system has no netpoller:
// use blocking calls that hand off the P instead.
func (s *Sched) PollOpen(fd int, closeFd func(fd int) error) (*PollDesc, error) {
	np := s.netpoll
	if err := np.start(); err != nil {
		if err == errNoNetpoller {
			return nil, ErrNotPollable
		}
		return nil, err
	}
	// Shared with other opens, exclusive with shutdown: a descriptor is
	// either opened before Run's end closes them all, or not at all.
	np.initMu.RLock()
	defer np.initMu.RUnlock()
	if np.dead {
		return nil, errPollShutdown
	}
	np.mu.Lock()
	pd := np.free
	if pd != nil {
		np.free = pd.link
		pd.link = nil
	} else {
		pd = &PollDesc{np: np, idx: uint32(len(np.pds))}
		np.pds = append(np.pds, pd)
	}
	np.mu.Unlock()

	pd.mu.Lock()
	seq := pd.fdseq.Add(1)
	if seq == 0 {
		seq = pd.fdseq.Add(1)
	}
	pd.fd = fd
	pd.closeFd = closeFd
	pd.closing, pd.destroyed = false, false
	pd.refs = 1 // the open reference, dropped by Close
	pd.rd, pd.wd = 0, 0
	pd.rseq++
	pd.wseq++
	pd.rg.Store(nil)
	pd.wg.Store(nil)
	pd.info.Store(0)
	pd.open.Store(true)
	pd.mu.Unlock()

	if err := np.be.open(fd, uint64(pd.idx)<<32|uint64(seq)); err != nil {
		pd.mu.Lock()
		pd.open.Store(false)
		pd.destroyed = true
		pd.mu.Unlock()
		np.putFree(pd, -1)
		return nil, ErrNotPollable
	}
	np.mu.Lock()
	np.byFd[fd] = pd
	np.mu.Unlock()
	np.nopen.Add(1)
	return pd, nil
}

func (np *netpoller) putFree(pd *PollDesc, fd int) {
	np.mu.Lock()
	if fd >= 0 && np.byFd[fd] == pd {
		delete(np.byFd, fd)
	}
	pd.link = np.free
	np.free = pd
	np.mu.Unlock()
}

// FD returns the descriptor's fd.
func (pd *PollDesc) FD() int { return pd.fd }

// Acquire takes a reference for an operation on the fd; it fails with
// ErrPollClosing once Close was called. Hold it across the syscall and
// any park; Release it when the operation is over.
func (pd *PollDesc) Acquire() error {
	pd.mu.Lock()
	defer pd.mu.Unlock()
	if pd.closing {
		return ErrPollClosing
	}
	pd.refs++
	return nil
}

// Release drops a reference; the last one after Close closes the fd.
func (pd *PollDesc) Release() {
	pd.mu.Lock()
	defer pd.mu.Unlock()
	if pd.refs--; pd.refs < 0 {
		if pd.destroyed {
			// Run's end closed it under a G that was still finishing
			// its native call.
			pd.refs = 0
			return
		}
		throw("PollDesc: negative refs")
	}
	if pd.refs == 0 && pd.closing {
		pd.destroyLocked()
	}
}

// destroyLocked unregisters and closes the fd and frees the descriptor.
// Must hold pd.mu.
func (pd *PollDesc) destroyLocked() {
	if pd.destroyed {
		return
	}
	pd.destroyed = true
	np := pd.np
	np.be.close(pd.fd)
	if pd.closeFd != nil {
		pd.closeFd(pd.fd)
	}
	pd.fdseq.Add(1) // events of this life are stale from now on
	pd.open.Store(false)
	np.nopen.Add(-1)
	np.putFree(pd, pd.fd)
}

// Close marks the descriptor closing, wakes every blocked reader and
// writer (they report ErrPollClosing) and drops the open reference: the fd
// is closed when the last operation releases it. m may be nil (host code).
// It reports false if it was closed already.
func (pd *PollDesc) Close(m *M) bool {
	pd.mu.Lock()
	if pd.closing {
		pd.mu.Unlock()
		return false
	}
	pd.closing = true
	pd.publishInfoLocked()
	if pd.rt != nil {
		pd.rt.Stop()
	}
	if pd.wt != nil {
		pd.wt.Stop()
	}
	pd.rseq++
	pd.wseq++
	rg := pd.unblock(&pd.rg, false)
	wg := pd.unblock(&pd.wg, false)
	pd.refs--
	if pd.refs == 0 {
		pd.destroyLocked()
	}
	pd.mu.Unlock()
	pd.np.s.readyPoll(m, rg)
	pd.np.s.readyPoll(m, wg)
	return true
}

// readyPoll makes a G woken by a deadline or a close runnable.
func (s *Sched) readyPoll(m *M, gp *G) {
	if gp == nil {
		return
	}
	if m != nil && m.p.Load() != nil {
		m.Ready(gp)
	} else {
		s.ReadyNoP(gp)
	}
}

func (pd *PollDesc) publishInfoLocked() {
	var info uint32
	if pd.closing {
		info |= pollClosing
	}
	if pd.rd < 0 {
		info |= pollExpiredRead
	}
	if pd.wd < 0 {
		info |= pollExpiredWrite
	}
	pd.info.Store(info)
}

// checkErr is netpollcheckerr: closing before timeout.
func (pd *PollDesc) checkErr(mode int) error {
	info := pd.info.Load()
	if info&pollClosing != 0 {
		return ErrPollClosing
	}
	if (mode == PollRead && info&pollExpiredRead != 0) || (mode == PollWrite && info&pollExpiredWrite != 0) {
		return ErrPollTimeout
	}
	return nil
}

func (pd *PollDesc) sema(mode int) *atomic.Pointer[G] {
	if mode == PollRead {
		return &pd.rg
	}
	return &pd.wg
}

// Prepare is called before the syscall: it reports closing or an expired
// deadline, and drops a stale readiness (the syscall sees the data anyway).
func (pd *PollDesc) Prepare(mode int) error {
	if err := pd.checkErr(mode); err != nil {
		return err
	}
	gpp := pd.sema(mode)
	if v := gpp.Load(); v == pdReady {
		gpp.CompareAndSwap(pdReady, nil)
	}
	return nil
}

// Wait is called after the syscall returned EAGAIN, by the G running on m.
// OK: readiness is already there, retry the syscall now. Parked: the park
// is prepared (wait reason "IO wait"); the caller returns vm.ErrPark and,
// resumed, calls Resume. An error: closing or deadline, nothing parked.
func (pd *PollDesc) Wait(m *M, g *G, mode int) (Result, error) {
	gpp := pd.sema(mode)
	for {
		if gpp.CompareAndSwap(pdReady, nil) {
			return OK, nil
		}
		if gpp.CompareAndSwap(nil, pdWait) {
			break
		}
		if v := gpp.Load(); v != pdReady && v != nil {
			throw("PollDesc: double wait")
		}
	}
	// Re-check after publishing pdWait: a closer or deadline stores its
	// state, then looks at rg/wg, so one of us sees the other.
	if err := pd.checkErr(mode); err != nil {
		gpp.Swap(nil)
		return OK, err
	}
	commit := pollCommitRead
	if mode == PollWrite {
		commit = pollCommitWrite
	}
	m.PreparePark(commit, unsafe.Pointer(pd), WaitReasonIOWait)
	return Parked, nil
}

// pollCommitRead/Write are the park's unlock functions (Go's
// netpollblockcommit): publish the G unless a notification came meanwhile.
func pollCommitRead(g *G, arg unsafe.Pointer) bool {
	return (*PollDesc)(arg).commit(&(*PollDesc)(arg).rg, g)
}

func pollCommitWrite(g *G, arg unsafe.Pointer) bool {
	return (*PollDesc)(arg).commit(&(*PollDesc)(arg).wg, g)
}

func (pd *PollDesc) commit(gpp *atomic.Pointer[G], g *G) bool {
	// Count first: the poller must see a waiter before anyone can wake it.
	pd.np.s.netpollWaiters.Add(1)
	if gpp.CompareAndSwap(pdWait, g) {
		return true
	}
	pd.np.s.netpollWaiters.Add(-1)
	return false
}

// Resume is called by the G when it runs again after Wait parked it. nil
// means: retry the syscall (a readiness, or a spurious wake-up: the next
// EAGAIN simply waits again); otherwise closing or timeout.
func (pd *PollDesc) Resume(mode int) error {
	old := pd.sema(mode).Swap(nil)
	if old == pdReady {
		return nil
	}
	if old != nil {
		throw("PollDesc: corrupted semaphore")
	}
	return pd.checkErr(mode)
}

// unblock is netpollunblock: ioready sets pdReady; a timeout or close
// leaves nil and only wakes a parked G. It returns the G to make runnable.
func (pd *PollDesc) unblock(gpp *atomic.Pointer[G], ioready bool) *G {
	for {
		old := gpp.Load()
		if old == pdReady {
			return nil
		}
		if old == nil && !ioready {
			return nil
		}
		var new *G
		if ioready {
			new = pdReady
		}
		if gpp.CompareAndSwap(old, new) {
			if old == pdWait || old == nil {
				return nil
			}
			pd.np.s.netpollWaiters.Add(-1)
			return old
		}
	}
}

// SetDeadline sets the read (PollRead), write (PollWrite) or both (0)
// deadlines, d relative to now: d > 0 a deadline, d == 0 none, d < 0
// already expired. An expired deadline fails the pending and every later
// operation with ErrPollTimeout until it is moved. After Close it does
// nothing. m may be nil (host code).
func (pd *PollDesc) SetDeadline(m *M, d time.Duration, mode int) {
	s := pd.np.s
	abs := int64(0)
	switch {
	case d > 0:
		abs = s.Nanotime() + int64(d)
		if abs <= 0 {
			abs = math.MaxInt64
		}
	case d < 0:
		abs = -1
	}
	var pp *p
	if m != nil {
		pp = m.p.Load()
	}
	pd.mu.Lock()
	if pd.closing {
		pd.mu.Unlock()
		return
	}
	if mode == PollRead || mode == 0 {
		if pd.rd != abs || abs > 0 {
			pd.rd = abs
			pd.rseq++
			pd.armLocked(&pd.rt, abs, pd.rseq, pp, pd.readDeadline)
		}
	}
	if mode == PollWrite || mode == 0 {
		if pd.wd != abs || abs > 0 {
			pd.wd = abs
			pd.wseq++
			pd.armLocked(&pd.wt, abs, pd.wseq, pp, pd.writeDeadline)
		}
	}
	pd.publishInfoLocked()
	var rg, wg *G
	if pd.rd < 0 {
		rg = pd.unblock(&pd.rg, false)
	}
	if pd.wd < 0 {
		wg = pd.unblock(&pd.wg, false)
	}
	pd.mu.Unlock()
	s.readyPoll(m, rg)
	s.readyPoll(m, wg)
}

// armLocked (re)arms or stops a deadline timer. Must hold pd.mu.
func (pd *PollDesc) armLocked(tp **Timer, abs int64, seq uint64, pp *p, f func(m *M, now int64, seq uint64)) {
	if abs <= 0 {
		if *tp != nil {
			(*tp).Stop()
		}
		return
	}
	if *tp == nil {
		*tp = &Timer{s: pd.np.s, fs: f}
	}
	(*tp).armSeq(abs, seq, pp)
}

func (pd *PollDesc) readDeadline(m *M, now int64, seq uint64) {
	pd.deadline(m, seq, PollRead)
}

func (pd *PollDesc) writeDeadline(m *M, now int64, seq uint64) {
	pd.deadline(m, seq, PollWrite)
}

// deadline is netpolldeadlineimpl: a deadline timer fired.
func (pd *PollDesc) deadline(m *M, seq uint64, mode int) {
	pd.mu.Lock()
	var gp *G
	switch {
	case mode == PollRead && seq == pd.rseq && pd.rd > 0:
		pd.rd = -1
		pd.publishInfoLocked()
		gp = pd.unblock(&pd.rg, false)
	case mode == PollWrite && seq == pd.wseq && pd.wd > 0:
		pd.wd = -1
		pd.publishInfoLocked()
		gp = pd.unblock(&pd.wg, false)
	}
	pd.mu.Unlock()
	pd.np.s.readyPoll(m, gp)
}

// TrackCloser registers c (a file or a socket a run opened outside the
// netpoller) to be closed when Run ends, so that a cancelled or finished
// run leaks no fd. Call the returned function when c is closed normally.
// After Run's end c is closed at once.
func (s *Sched) TrackCloser(c io.Closer) (untrack func()) {
	np := s.netpoll
	key := &c
	np.closersMu.Lock()
	if np.dead {
		np.closersMu.Unlock()
		c.Close()
		return func() {}
	}
	if np.closers == nil {
		np.closers = map[*io.Closer]struct{}{}
	}
	np.closers[key] = struct{}{}
	np.closersMu.Unlock()
	return func() {
		np.closersMu.Lock()
		delete(np.closers, key)
		np.closersMu.Unlock()
	}
}

// NetpollOpen reports how many descriptors are registered (tests, dumps).
func (s *Sched) NetpollOpen() int { return int(s.netpoll.nopen.Load()) }
