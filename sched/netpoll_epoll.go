//go:build linux

package sched

import (
	"sync"

	"golang.org/x/sys/unix"
)

// epoll backend (Go's netpoll_epoll.go). Every fd is registered once,
// edge-triggered, for both directions; the event data holds the
// descriptor's index and generation. An eventfd breaks a blocked wait.
type epollBackend struct {
	epfd int
	evfd int
	bufs sync.Pool // *[128]unix.EpollEvent: polls may overlap
}

// evfdTag marks the eventfd's events (descriptor tags never have fdseq 0).
const evfdTag = 0

func newPollBackend() (pollBackend, error) {
	epfd, err := unix.EpollCreate1(unix.EPOLL_CLOEXEC)
	if err != nil {
		return nil, err
	}
	evfd, err := unix.Eventfd(0, unix.EFD_CLOEXEC|unix.EFD_NONBLOCK)
	if err != nil {
		unix.Close(epfd)
		return nil, err
	}
	ev := unix.EpollEvent{Events: unix.EPOLLIN}
	setTag(&ev, evfdTag)
	if err := unix.EpollCtl(epfd, unix.EPOLL_CTL_ADD, evfd, &ev); err != nil {
		unix.Close(evfd)
		unix.Close(epfd)
		return nil, err
	}
	return &epollBackend{epfd: epfd, evfd: evfd}, nil
}

func setTag(ev *unix.EpollEvent, tag uint64) {
	ev.Fd = int32(uint32(tag))
	ev.Pad = int32(uint32(tag >> 32))
}

func getTag(ev *unix.EpollEvent) uint64 {
	return uint64(uint32(ev.Fd)) | uint64(uint32(ev.Pad))<<32
}

func (b *epollBackend) open(fd int, tag uint64) error {
	ev := unix.EpollEvent{Events: unix.EPOLLIN | unix.EPOLLOUT | unix.EPOLLRDHUP | unix.EPOLLET}
	setTag(&ev, tag)
	return unix.EpollCtl(b.epfd, unix.EPOLL_CTL_ADD, fd, &ev)
}

func (b *epollBackend) close(fd int) error {
	var ev unix.EpollEvent
	return unix.EpollCtl(b.epfd, unix.EPOLL_CTL_DEL, fd, &ev)
}

// wait: delay < 0 blocks, 0 polls, otherwise at least 1 ms (epoll's unit).
func (b *epollBackend) wait(delay int64, np *netpoller, list *gList) {
	var ms int
	switch {
	case delay < 0:
		ms = -1
	case delay == 0:
		ms = 0
	case delay < 1e6:
		ms = 1
	case delay < 1e15:
		ms = int(delay / 1e6)
	default:
		ms = 1e9 // about 11.5 days
	}
	events, _ := b.bufs.Get().(*[128]unix.EpollEvent)
	if events == nil {
		events = new([128]unix.EpollEvent)
	}
	defer b.bufs.Put(events)
	n, err := unix.EpollWait(b.epfd, events[:], ms)
	if err != nil {
		return // EINTR: the caller recomputes its delay
	}
	for i := 0; i < n; i++ {
		ev := &events[i]
		tag := getTag(ev)
		if tag == evfdTag {
			if delay != 0 {
				// Only a blocking poll consumes the break.
				var buf [8]byte
				unix.Read(b.evfd, buf[:])
			}
			continue
		}
		e := ev.Events
		r := e&(unix.EPOLLIN|unix.EPOLLRDHUP|unix.EPOLLHUP|unix.EPOLLERR) != 0
		w := e&(unix.EPOLLOUT|unix.EPOLLHUP|unix.EPOLLERR) != 0
		if r || w {
			np.event(list, tag, -1, r, w)
		}
	}
}

func (b *epollBackend) wakeup() {
	one := [8]byte{1}
	for {
		_, err := unix.Write(b.evfd, one[:])
		if err != unix.EINTR {
			return // EAGAIN: a wake-up is pending anyway
		}
	}
}

func (b *epollBackend) shutdown() {
	unix.Close(b.evfd)
	unix.Close(b.epfd)
}
