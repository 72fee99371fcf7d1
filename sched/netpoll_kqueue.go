//go:build darwin || dragonfly || freebsd || netbsd || openbsd

package sched

import (
	"sync"

	"golang.org/x/sys/unix"
)

// kqueue backend (Go's netpoll_kqueue.go). Every fd gets EVFILT_READ and
// EVFILT_WRITE with EV_CLEAR (edge-triggered). The udata field's type
// differs between the BSDs, so events are matched by fd (tag 0): a stale
// event for a reused fd number is only a spurious wake-up, which the
// protocol tolerates. A non-blocking pipe breaks a blocked wait.
type kqueueBackend struct {
	kq   int
	rfd  int       // break pipe: read end (registered)
	wfd  int       // write end
	bufs sync.Pool // *[64]unix.Kevent_t: polls may overlap
}

func newPollBackend() (pollBackend, error) {
	kq, err := unix.Kqueue()
	if err != nil {
		return nil, err
	}
	unix.CloseOnExec(kq)
	var p [2]int
	if err := unix.Pipe(p[:]); err != nil {
		unix.Close(kq)
		return nil, err
	}
	for _, fd := range p {
		unix.CloseOnExec(fd)
		unix.SetNonblock(fd, true)
	}
	b := &kqueueBackend{kq: kq, rfd: p[0], wfd: p[1]}
	var ev [1]unix.Kevent_t
	unix.SetKevent(&ev[0], p[0], unix.EVFILT_READ, unix.EV_ADD)
	if _, err := unix.Kevent(kq, ev[:], nil, nil); err != nil {
		b.shutdown()
		return nil, err
	}
	return b, nil
}

func (b *kqueueBackend) open(fd int, tag uint64) error {
	var ev [2]unix.Kevent_t
	unix.SetKevent(&ev[0], fd, unix.EVFILT_READ, unix.EV_ADD|unix.EV_CLEAR)
	unix.SetKevent(&ev[1], fd, unix.EVFILT_WRITE, unix.EV_ADD|unix.EV_CLEAR)
	_, err := unix.Kevent(b.kq, ev[:], nil, nil)
	return err
}

func (b *kqueueBackend) close(fd int) error {
	var ev [2]unix.Kevent_t
	unix.SetKevent(&ev[0], fd, unix.EVFILT_READ, unix.EV_DELETE)
	unix.SetKevent(&ev[1], fd, unix.EVFILT_WRITE, unix.EV_DELETE)
	_, err := unix.Kevent(b.kq, ev[:], nil, nil)
	return err
}

func (b *kqueueBackend) wait(delay int64, np *netpoller, list *gList) {
	var ts *unix.Timespec
	if delay >= 0 {
		if delay > 1e6*1e9 {
			delay = 1e6 * 1e9
		}
		t := unix.NsecToTimespec(delay)
		ts = &t
	}
	events, _ := b.bufs.Get().(*[64]unix.Kevent_t)
	if events == nil {
		events = new([64]unix.Kevent_t)
	}
	defer b.bufs.Put(events)
	n, err := unix.Kevent(b.kq, nil, events[:], ts)
	if err != nil {
		return // EINTR: the caller recomputes its delay
	}
	for i := 0; i < n; i++ {
		ev := &events[i]
		fd := int(ev.Ident)
		if fd == b.rfd {
			if delay != 0 {
				var buf [16]byte
				unix.Read(b.rfd, buf[:])
			}
			continue
		}
		r := ev.Filter == unix.EVFILT_READ
		w := ev.Filter == unix.EVFILT_WRITE
		if ev.Flags&unix.EV_EOF != 0 {
			r, w = true, true
		}
		np.event(list, 0, fd, r, w)
	}
}

func (b *kqueueBackend) wakeup() {
	for {
		_, err := unix.Write(b.wfd, []byte{0})
		if err != unix.EINTR {
			return
		}
	}
}

func (b *kqueueBackend) shutdown() {
	unix.Close(b.rfd)
	unix.Close(b.wfd)
	unix.Close(b.kq)
}
