package vm

// PLACEHOLDER until package sched lands: the scheduler binding. Replaced
// wholesale at integration; nothing here is meant to ship.

type threadSched struct{}
type runtimeSched struct{}
type selCase struct{}

// ChanObj is a channel value.
type ChanObj struct {
	hdr
	capacity int
}

// Cap returns the channel's capacity.
func (c *ChanObj) Cap() int { return c.capacity }

// Len returns the number of queued values.
func (c *ChanObj) Len() int { return 0 }

func (t *Thread) goStmt(a, nargs int) error { return Errorf("go statement: scheduler not wired") }

func (t *Thread) send(ch, v Value) (park bool, err error) {
	return false, Errorf("channels: scheduler not wired")
}

func (t *Thread) recv(ch Value) (v Value, ok, park bool, err error) {
	return Nil, false, false, Errorf("channels: scheduler not wired")
}

func (t *Thread) selectOp(out, cases []Value, kinds string, hasDefault bool) (park bool, err error) {
	return false, Errorf("select: scheduler not wired")
}

func (t *Thread) runNested() runStop { return t.runSafe() }

func (t *Thread) enterSyscall() {}
func (t *Thread) exitSyscall()  {}
