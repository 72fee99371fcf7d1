package sched

import "time"

// poller is where an idle M blocks until the next timer or until I/O is
// ready: findRunnable calls Poll(0) before stealing and a blocking Poll as
// its last resort (one M at a time), and sysmon polls when nobody has for
// 10 ms. An epoll netpoller plugs in here; the default only sleeps.
type poller interface {
	// Poll waits up to delay ns (delay < 0: until Break; 0: no wait) and
	// returns the Gs it made ready, still Waiting (the caller makes them
	// runnable). A Break that arrives while nobody polls makes the next
	// blocking Poll return at once.
	Poll(delay int64) gList
	// Break wakes a blocked Poll.
	Break()
}

// notePoller is the default poller: a note with a timeout.
type notePoller struct {
	n note
}

func newNotePoller() *notePoller {
	return &notePoller{n: newNote()}
}

func (p *notePoller) Poll(delay int64) gList {
	switch {
	case delay < 0:
		p.n.sleep()
	case delay > 0:
		p.n.tsleep(time.Duration(delay))
	}
	return gList{}
}

func (p *notePoller) Break() { p.n.wakeup() }
