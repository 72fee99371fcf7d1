package sched

import "unsafe"

// schedule is the M's loop: find a runnable G, run it, handle how it
// stopped, repeat. It returns when the scheduler shuts down.
func (m *M) schedule() {
	for {
		gp, inheritTime := m.findRunnable()
		if gp == nil {
			return // shutting down
		}
		if m.spinning.Load() {
			m.resetspinning()
		}
		if lm := gp.lockedm.Load(); lm != nil && lm != m {
			// gp may only run on lm: give lm our P and sleep.
			if !m.startlockedm(gp) {
				return
			}
			continue
		}
		if !m.execute(gp, inheritTime) {
			return
		}
	}
}

// execute runs gp on m until it stops for good on this M, handling each
// Stop. inheritTime means gp continues the current time slice (it came
// from runnext), so schedtick does not advance. It returns false when the
// scheduler is shutting down.
func (m *M) execute(gp *G, inheritTime bool) bool {
	s := m.s
	for {
		pp := m.p.Load()
		// gp.m before Running: a running G always has an M.
		gp.m = m
		m.curg.Store(gp)
		gp.casStatus(StatusRunnable, StatusRunning)
		if gp.Preempt.Load() != 0 {
			gp.Preempt.Store(0)
		}
		if tr := s.trace.Load(); tr != nil {
			tr.goStart(m, gp)
		}
		if !inheritTime {
			pp.schedtick.Store(pp.schedtick.Load() + 1)
		}
		// Checked after Preempt is cleared: a concurrent Shutdown either
		// is seen here (and Preempt set again: dying is sticky) or sets
		// Preempt after our clear.
		if s.exiting.Load() {
			gp.Preempt.Store(1)
			return false
		}
		stop := s.cfg.Exec(m, gp)
		if gp.Status() != StatusRunning || m.curg.Load() != gp {
			// ExitSyscall or StopLocked reported shutdown: the G was
			// left runnable or waiting. Nothing more to do.
			return false
		}
		if tr := s.trace.Load(); tr != nil {
			tr.goStop(m, gp, stop)
		}
		switch stop {
		case StopExit:
			m.goexit0(gp)
		case StopPark:
			if m.parkm(gp) {
				// The unlock function refused: run gp again at once.
				inheritTime = true
				continue
			}
		case StopYield, StopPreempted:
			m.gosched(gp)
		default:
			throw("execute: bad Stop value")
		}
		return !s.exiting.Load()
	}
}

// dropg detaches the current G from m.
func (m *M) dropg() {
	if gp := m.curg.Load(); gp != nil {
		gp.m = nil
		m.curg.Store(nil)
	}
}

// PreparePark records how the current G parks. The VM calls it (usually
// through a channel op, Sleep, Mutex.Lock ...) and then returns StopPark
// from Exec. After the G is Waiting and detached from m, unlock(g, arg) runs
// (if not nil); if it returns false the G is resumed at once. The G is
// Waiting before unlock runs, so a waker that takes the lock unlock releases
// always finds a parked G: no wake-up is lost.
func (m *M) PreparePark(unlock func(g *G, arg unsafe.Pointer) bool, arg unsafe.Pointer, reason WaitReason) {
	m.waitunlockf = unlock
	m.waitlock = arg
	m.waitreason = reason
	m.parkReady = true
}

// ParkForever prepares a park that nothing ends (nil channel operations,
// select {}). The VM then returns StopPark.
func (m *M) ParkForever(reason WaitReason) {
	m.PreparePark(nil, nil, reason)
}

// parkm is Go's park_m: Running → Waiting, detach, then the unlock
// function. It reports whether gp must run again at once (now Runnable).
func (m *M) parkm(gp *G) (resume bool) {
	if !m.parkReady {
		throw("park: Exec returned StopPark without a prepared park")
	}
	fn, arg := m.waitunlockf, m.waitlock
	m.waitunlockf, m.waitlock, m.parkReady = nil, nil, false
	// Store only on change: these are atomic for dumps, and the common
	// case (the same reason, the same coarse time) costs a load.
	if r := uint32(m.waitreason); gp.waitreason.Load() != r {
		gp.waitreason.Store(r)
	}
	if ws := m.s.coarseNow.Load(); gp.waitsince.Load() != ws {
		gp.waitsince.Store(ws)
	}
	gp.casStatus(StatusRunning, StatusWaiting)
	m.dropg()
	if fn != nil && !fn(gp, arg) {
		gp.casStatus(StatusWaiting, StatusRunnable)
		return true
	}
	return false
}

// gosched puts the current G at the tail of the global queue (Gosched and
// preemption, Go's goschedImpl). A G preempted for a pending
// stop-the-world goes to runnext instead so that it resumes first.
func (m *M) gosched(gp *G) {
	s := m.s
	gp.casStatus(StatusRunning, StatusRunnable)
	m.dropg()
	if s.gcwaiting.Load() {
		m.p.Load().runqput(gp, true)
	} else {
		s.lock.Lock()
		s.globrunqput(gp)
		s.lock.Unlock()
	}
	s.wakep()
}

// goexit0 retires a finished G (Go's gdestroy) and keeps it for reuse.
// The main G's exit ends Run.
func (m *M) goexit0(gp *G) {
	s := m.s
	gp.casStatus(StatusRunning, StatusDead)
	if !gp.System {
		s.ngoroutines.Add(-1)
	}
	m.dropg()
	if gp.lockedm.Load() != nil {
		gp.lockedm.Store(nil)
		gp.locked.Store(false)
		m.lockedg.Store(nil)
		m.lockedInt = 0
	}
	gp.waitreason.Store(0)
	gp.waitsince.Store(0)
	gp.param, gp.waiting = nil, nil
	if gp == s.mainG {
		s.Shutdown(nil)
		return
	}
	s.gfput(m.p.Load(), gp)
}

// Ready makes a waiting G runnable (Go's goready): it goes into runnext of
// m's P, and another M is woken if a P is idle. Without a P (m nil or in a
// syscall) it behaves as ReadyNoP.
func (m *M) Ready(gp *G) {
	if m == nil {
		throw("Ready: nil M")
	}
	pp := m.p.Load()
	if pp == nil {
		m.s.ReadyNoP(gp)
		return
	}
	gp.casStatus(StatusWaiting, StatusRunnable)
	if tr := m.s.trace.Load(); tr != nil {
		tr.unblock(m, gp)
	}
	pp.runqput(gp, true)
	m.s.wakep()
}

// ReadyNoP makes a waiting G runnable from a context without a P (host
// goroutines, tests): global queue, and an M is started if a P is idle.
func (s *Sched) ReadyNoP(gp *G) {
	gp.casStatus(StatusWaiting, StatusRunnable)
	if tr := s.trace.Load(); tr != nil {
		tr.unblock(nil, gp)
	}
	s.lock.Lock()
	s.globrunqput(gp)
	// Start the M under the lock, so checkdead never sees the G runnable
	// with every M idle.
	s.startIdleLocked(1)
	s.lock.Unlock()
}

// injectglist makes every G on list runnable (they are Waiting, e.g. from
// the poller). Without a P (pp nil) they go to the global queue and up to
// that many idle Ps get an M; with one, one G per idle P goes to the global
// queue (starting an M each) and the rest to pp's local queue.
func (s *Sched) injectglist(pp *p, list *gList) {
	if list.empty() {
		return
	}
	var q gQueue
	for gp := list.pop(); gp != nil; gp = list.pop() {
		gp.casStatus(StatusWaiting, StatusRunnable)
		if tr := s.trace.Load(); tr != nil {
			tr.unblock(nil, gp)
		}
		q.pushBack(gp)
	}
	if pp == nil {
		n := q.size
		s.lock.Lock()
		s.globrunqputbatch(q)
		s.startIdleLocked(n)
		s.lock.Unlock()
		return
	}
	var globq gQueue
	for npidle := s.npidle.Load(); npidle > 0 && !q.empty(); npidle-- {
		globq.pushBack(q.pop())
	}
	if !globq.empty() {
		n := globq.size
		s.lock.Lock()
		s.globrunqputbatch(globq)
		s.startIdleLocked(n)
		s.lock.Unlock()
	}
	if pp.runqputbatch(&q); !q.empty() {
		s.lock.Lock()
		s.globrunqputbatch(q)
		s.lock.Unlock()
	}
	s.wakep()
}

// findRunnable finds a G to run, blocking (parking the M) until there is
// one. The order is Go's: timers, the global queue every 61st tick, the
// local queue, the global queue, the poller, stealing, then giving up the P
// with the spinning/needspinning re-checks, blocking in the poller until
// the next timer, and finally stopm. It returns nil when shutting down.
func (m *M) findRunnable() (gp *G, inheritTime bool) {
	s := m.s
	looks := 0 // passes through top: only the first one is "fast" (traceFast)
top:
	looks++
	if s.exiting.Load() {
		return nil, false
	}
	pp := m.p.Load()
	if s.gcwaiting.Load() {
		if !m.gcstopm() {
			return nil, false
		}
		goto top
	}

	now, pollUntil, ranTimer := pp.timers.check(m, 0)

	// Every 61st time slice, look at the global queue first, so that Gs
	// respawning each other in runnext cannot starve it. Not when our
	// timers just readied a G (into runnext): that G would otherwise wait
	// a whole time slice behind a CPU-bound G that was preempted onto the
	// global queue. The check is only postponed: running the runnext G
	// inherits the time slice, so schedtick still says 61 next time.
	if !ranTimer && pp.schedtick.Load()%61 == 0 && s.runqsize.Load() > 0 {
		s.lock.Lock()
		gp := s.globrunqget()
		s.lock.Unlock()
		if gp != nil {
			return gp, false
		}
	}

	if gp, inheritTime := pp.runqget(); gp != nil {
		m.traceFast = looks == 1 && !ranTimer
		return gp, inheritTime
	}

	if s.runqsize.Load() > 0 {
		s.lock.Lock()
		gp, q := s.globrunqgetbatch(runqSize / 2)
		s.lock.Unlock()
		if gp != nil {
			pp.runqputbatch(&q)
			return gp, false
		}
	}

	// Non-blocking poll: only an optimization before stealing, skipped if
	// nobody waits on the poller or an M is blocked in it already.
	if s.netpollWaiters.Load() > 0 && s.lastpoll.Load() != 0 && s.pollingNet.Swap(1) == 0 {
		list := s.poller.Poll(0)
		s.pollingNet.Store(0)
		if !list.empty() {
			gp := list.pop()
			s.injectglist(pp, &list)
			gp.casStatus(StatusWaiting, StatusRunnable)
			return gp, false
		}
	}

	// Steal, with at most half the busy Ps' worth of spinning Ms.
	procs := s.procs.Load()
	if m.spinning.Load() || 2*s.nmspinning.Load() < procs-s.npidle.Load() {
		if !m.spinning.Load() {
			m.becomeSpinning()
		}
		gp, inheritTime, tnow, w, newWork := m.stealWork(now)
		if gp != nil {
			return gp, inheritTime
		}
		if newWork {
			goto top
		}
		now = tnow
		if w != 0 && (pollUntil == 0 || w < pollUntil) {
			pollUntil = w
		}
	}

	// Nothing to do: give up the P. Snapshot the P set first; it may be
	// replaced once we hold no P.
	ps := s.ps.Load()
	s.lock.Lock()
	if s.gcwaiting.Load() || s.exiting.Load() {
		s.lock.Unlock()
		goto top
	}
	if s.runq.size > 0 {
		gp, q := s.globrunqgetbatch(runqSize / 2)
		s.lock.Unlock()
		pp.runqputbatch(&q)
		return gp, false
	}
	if !m.spinning.Load() && s.needspinning.Load() == 1 {
		// A spinning M found work but no idle P: spin on its behalf
		// instead of dropping ours.
		m.becomeSpinning()
		s.lock.Unlock()
		goto top
	}
	if m.releasep() != pp {
		throw("findRunnable: wrong p")
	}
	s.pidleput(pp)
	s.lock.Unlock()

	// The delicate dance: drop nmspinning first, then re-check every
	// source. Work submitted after our checks above but before the
	// decrement saw nmspinning > 0 and did not wake anyone, so we must
	// find it here.
	wasSpinning := m.spinning.Load()
	if wasSpinning {
		m.spinning.Store(false)
		if s.nmspinning.Add(-1) < 0 {
			throw("findRunnable: negative nmspinning")
		}
		s.lock.Lock()
		if s.runq.size > 0 {
			if pp := s.pidlegetSpinning(); pp != nil {
				gp, q := s.globrunqgetbatch(runqSize / 2)
				s.lock.Unlock()
				m.acquirep(pp)
				pp.runqputbatch(&q)
				m.becomeSpinning()
				return gp, false
			}
		}
		s.lock.Unlock()
		if pp := s.checkRunqsNoP(ps); pp != nil {
			m.acquirep(pp)
			m.becomeSpinning()
			goto top
		}
		pollUntil = checkTimersNoP(ps, pollUntil)
	}

	// Block in the poller until the next timer (only one M at a time).
	if (s.netpollWaiters.Load() > 0 || pollUntil != 0) && s.lastpoll.Swap(0) != 0 {
		s.pollUntil.Store(pollUntil)
		var list gList
		if !s.exiting.Load() { // Shutdown's Break may have been consumed already
			delay := int64(-1)
			if pollUntil != 0 {
				if now == 0 {
					now = s.Nanotime()
				}
				delay = max(pollUntil-now, 0)
			}
			list = s.poller.Poll(delay)
		}
		now = s.Nanotime()
		s.pollUntil.Store(0)
		s.lastpoll.Store(now)
		s.coarseNow.Store(now)
		s.lock.Lock()
		pp := s.pidleget()
		s.lock.Unlock()
		if pp == nil {
			s.injectglist(nil, &list)
		} else {
			m.acquirep(pp)
			if !list.empty() {
				gp := list.pop()
				s.injectglist(pp, &list)
				gp.casStatus(StatusWaiting, StatusRunnable)
				return gp, false
			}
			if wasSpinning {
				m.becomeSpinning()
			}
			goto top
		}
	} else if pollUntil != 0 {
		// Another M is in the poller: make it re-arm if we know an
		// earlier timer.
		if pu := s.pollUntil.Load(); pu == 0 || pu > pollUntil {
			s.poller.Break()
		}
	}
	if !m.stopm() {
		return nil, false
	}
	goto top
}

// stealWork tries 4 rounds over all other Ps in random order, stealing half
// of a victim's queue. Only the last round runs other Ps' due timers and may
// steal a victim's runnext. newWork says timers ran (or a stop-the-world is
// pending): the caller should look again.
func (m *M) stealWork(now int64) (gp *G, inheritTime bool, rnow, pollUntil int64, newWork bool) {
	s := m.s
	pp := m.p.Load()
	ps := s.ps.Load()
	ranTimer := false
	const stealTries = 4
	for i := 0; i < stealTries; i++ {
		last := i == stealTries-1
		for enum := ps.order.start(uint32(m.rand())); !enum.done(); enum.next() {
			if s.gcwaiting.Load() || s.exiting.Load() {
				return nil, false, now, pollUntil, true
			}
			pos := int32(enum.position())
			p2 := ps.allp[pos]
			if p2 == pp {
				continue
			}
			if last && ps.timerp.read(pos) {
				tnow, w, ran := p2.timers.check(m, now)
				now = tnow
				if w != 0 && (pollUntil == 0 || w < pollUntil) {
					pollUntil = w
				}
				if ran {
					// Timers may have readied Gs into our queue.
					if gp, inheritTime := pp.runqget(); gp != nil {
						return gp, inheritTime, now, pollUntil, ranTimer
					}
					ranTimer = true
				}
			}
			if !ps.idle.read(pos) {
				if gp := pp.runqsteal(p2, last); gp != nil {
					if tr := s.trace.Load(); tr != nil {
						tr.steal(m, p2, gp, pp.runqlen()+1)
					}
					return gp, false, now, pollUntil, ranTimer
				}
			}
		}
	}
	return nil, false, now, pollUntil, ranTimer
}

// checkRunqsNoP looks for a non-idle P with runnable Gs after we dropped
// our P. If there is one and an idle P, it returns the idle P to acquire.
func (s *Sched) checkRunqsNoP(ps *procSet) *p {
	for id, p2 := range ps.allp {
		if !ps.idle.read(int32(id)) && !p2.runqempty() {
			s.lock.Lock()
			pp := s.pidlegetSpinning()
			s.lock.Unlock()
			return pp
		}
	}
	return nil
}

// checkTimersNoP returns the earliest timer over all Ps, if earlier than
// pollUntil.
func checkTimersNoP(ps *procSet, pollUntil int64) int64 {
	for id, p2 := range ps.allp {
		if ps.timerp.read(int32(id)) {
			if w := p2.timers.wakeTime(); w != 0 && (pollUntil == 0 || w < pollUntil) {
				pollUntil = w
			}
		}
	}
	return pollUntil
}
