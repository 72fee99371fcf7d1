package sched

import "sync/atomic"

// Run queues (proc.go:runqput/runqget/runqgrab/runqsteal, globrunq*).
//
// The local queue of a P is a single-producer, multi-consumer ring: only the
// owning M stores tail; the owner and thieves advance head by CAS. A thief
// copies slots first and then CASes head, so a failed CAS throws away the
// (possibly stale) copies. The global queue is a linked list under s.lock.

// runqput puts gp on pp's local queue. With next, gp goes into runnext and
// the previous runnext (if any) is kicked to the tail. A full ring spills
// half of itself plus gp to the global queue. Owner only.
func (pp *p) runqput(gp *G, next bool) {
	if next {
		for {
			old := pp.runnext.Load()
			if pp.runnext.CompareAndSwap(old, gp) {
				if old == nil {
					return
				}
				gp = old // kick the old runnext to the tail
				break
			}
		}
	}
	for {
		h := pp.runqhead.Load()
		t := pp.runqtail.Load()
		if t-h < runqSize {
			pp.runq[t%runqSize].Store(gp)
			pp.runqtail.Store(t + 1)
			return
		}
		if pp.runqputslow(gp, h, t) {
			return
		}
		// The queue is not full anymore (a thief took some): retry.
	}
}

// runqputslow moves half the local queue plus gp to the global queue.
// Owner only.
func (pp *p) runqputslow(gp *G, h, t uint32) bool {
	var batch [runqSize/2 + 1]*G
	n := (t - h) / 2
	if n != runqSize/2 {
		throw("runqputslow: queue is not full")
	}
	for i := uint32(0); i < n; i++ {
		batch[i] = pp.runq[(h+i)%runqSize].Load()
	}
	if !pp.runqhead.CompareAndSwap(h, h+n) {
		return false
	}
	batch[n] = gp
	var q gQueue
	for i := uint32(0); i <= n; i++ {
		q.pushBack(batch[i])
	}
	s := pp.s
	s.lock.Lock()
	s.globrunqputbatch(q)
	s.lock.Unlock()
	return true
}

// runqget takes a G from pp's local queue: runnext first (inheriting the
// time slice), then the head of the ring. Owner only.
func (pp *p) runqget() (gp *G, inheritTime bool) {
	if next := pp.runnext.Load(); next != nil && pp.runnext.CompareAndSwap(next, nil) {
		return next, true
	}
	for {
		h := pp.runqhead.Load()
		t := pp.runqtail.Load()
		if t == h {
			return nil, false
		}
		gp := pp.runq[h%runqSize].Load()
		if pp.runqhead.CompareAndSwap(h, h+1) {
			return gp, false
		}
	}
}

// runqempty reports whether pp has no runnable G. It reads tail twice so
// that a G moving from runnext to the ring between the reads cannot make
// it report empty falsely.
func (pp *p) runqempty() bool {
	for {
		h := pp.runqhead.Load()
		t := pp.runqtail.Load()
		next := pp.runnext.Load()
		if pp.runqtail.Load() == t {
			return h == t && next == nil
		}
	}
}

// runqlen is the ring's length (runnext not counted), for schedtrace.
func (pp *p) runqlen() uint32 {
	return pp.runqtail.Load() - pp.runqhead.Load()
}

// runqgrab copies half (rounded up) of pp's ring into batch starting at
// batchHead, and returns how many it took. With stealRunNext and an empty
// ring it may take runnext instead, after giving a running owner ~3µs to
// run it itself. Any M may call it.
func (pp *p) runqgrab(batch *[runqSize]atomic.Pointer[G], batchHead uint32, stealRunNext bool) uint32 {
	for {
		h := pp.runqhead.Load()
		t := pp.runqtail.Load()
		n := t - h
		n -= n / 2
		if n == 0 {
			if stealRunNext {
				if next := pp.runnext.Load(); next != nil {
					if pp.status.Load() == pRunning {
						// The owner is probably about to park its G and
						// run next itself; stealing it now would bounce
						// a communicating pair between Ps.
						if mp := pp.m.Load(); mp != nil {
							if gp := mp.curg.Load(); gp == nil || gp.Status() != StatusSyscall {
								spinWait(3000)
							}
						}
					}
					if !pp.runnext.CompareAndSwap(next, nil) {
						continue
					}
					batch[batchHead%runqSize].Store(next)
					return 1
				}
			}
			return 0
		}
		if n > runqSize/2 { // read an inconsistent h and t
			continue
		}
		for i := uint32(0); i < n; i++ {
			batch[(batchHead+i)%runqSize].Store(pp.runq[(h+i)%runqSize].Load())
		}
		if pp.runqhead.CompareAndSwap(h, h+n) {
			return n
		}
	}
}

// runqsteal steals half of p2's queue into pp's and returns one G to run.
// pp's owner only.
func (pp *p) runqsteal(p2 *p, stealRunNext bool) *G {
	t := pp.runqtail.Load()
	n := p2.runqgrab(&pp.runq, t, stealRunNext)
	if n == 0 {
		return nil
	}
	n--
	gp := pp.runq[(t+n)%runqSize].Load()
	if n == 0 {
		return gp
	}
	h := pp.runqhead.Load()
	if t-h+n >= runqSize {
		throw("runqsteal: runq overflow")
	}
	pp.runqtail.Store(t + n)
	return gp
}

// runqputbatch moves as many Gs from q to pp's ring as fit. Owner only.
func (pp *p) runqputbatch(q *gQueue) {
	h := pp.runqhead.Load()
	t := pp.runqtail.Load()
	for !q.empty() && t-h < runqSize {
		pp.runq[t%runqSize].Store(q.pop())
		t++
	}
	pp.runqtail.Store(t)
}

// globrunqput puts gp at the tail of the global queue. Must hold s.lock.
func (s *Sched) globrunqput(gp *G) {
	s.runq.pushBack(gp)
	s.runqsize.Store(s.runq.size)
}

// globrunqputhead puts gp at the head of the global queue. Must hold s.lock.
func (s *Sched) globrunqputhead(gp *G) {
	s.runq.push(gp)
	s.runqsize.Store(s.runq.size)
}

// globrunqputbatch appends q to the global queue. Must hold s.lock.
func (s *Sched) globrunqputbatch(q gQueue) {
	s.runq.pushBackAll(q)
	s.runqsize.Store(s.runq.size)
}

// globrunqget takes one G from the global queue. Must hold s.lock.
func (s *Sched) globrunqget() *G {
	gp := s.runq.pop()
	s.runqsize.Store(s.runq.size)
	return gp
}

// globrunqgetbatch takes min(n, size, size/GOMAXPROCS+1) Gs: the first to
// run, the rest for the caller's local queue. Must hold s.lock.
func (s *Sched) globrunqgetbatch(n int32) (gp *G, q gQueue) {
	size := s.runq.size
	if size == 0 {
		return nil, q
	}
	n = min(n, size, size/s.procs.Load()+1)
	gp = s.runq.pop()
	for n--; n > 0; n-- {
		q.pushBack(s.runq.pop())
	}
	s.runqsize.Store(s.runq.size)
	return gp, q
}
