package sched

// Locked Gs (proc.go:lockOSThread, startlockedm, stoplockedm).
//
// The VM runs native→script callbacks (sort.Func's less function, ...) in a
// nested interpreter loop on the same host goroutine, so while nested the G
// can only continue on this M: it is locked to it. When a locked G must
// stop, the VM calls StopLocked instead of returning from Exec: the M does
// the same bookkeeping, hands its P off and sleeps. Whatever M's schedule
// picks the G next gives its own P to the locked M and wakes it
// (startlockedm), and goes idle itself.

// LockG locks the current G to m; calls nest.
func (m *M) LockG() {
	m.lockedInt++
	if m.lockedInt == 1 {
		gp := m.curg.Load()
		if gp == nil {
			throw("LockG: no current G")
		}
		m.lockedg.Store(gp)
		gp.lockedm.Store(m)
		gp.locked.Store(true)
	}
}

// UnlockG undoes one LockG.
func (m *M) UnlockG() {
	if m.lockedInt <= 0 {
		throw("UnlockG: not locked")
	}
	m.lockedInt--
	if m.lockedInt == 0 {
		gp := m.lockedg.Load()
		gp.locked.Store(false)
		gp.lockedm.Store(nil)
		m.lockedg.Store(nil)
	}
}

// StopLocked is what a locked G does instead of returning stop from Exec
// (StopPark, StopYield or StopPreempted): the same bookkeeping, then m
// hands off its P and sleeps until the G is scheduled again, on m. It
// returns true with the G running again (after StopPark the VM then calls
// the matching *Resume function), or false when shutting down (the VM
// unwinds and returns StopExit from Exec).
func (m *M) StopLocked(stop Stop) bool {
	s := m.s
	gp := m.curg.Load()
	if gp == nil || m.lockedg.Load() != gp {
		throw("StopLocked: G not locked to this M")
	}
	if tr := s.trace.Load(); tr != nil {
		tr.goStop(m, gp, stop)
	}
	switch stop {
	case StopPark:
		if m.parkm(gp) {
			return m.resumeLocked(gp, true)
		}
	case StopYield, StopPreempted:
		gp.casStatus(StatusRunning, StatusRunnable)
		m.dropg()
		s.lock.Lock()
		s.globrunqput(gp)
		s.lock.Unlock()
	default:
		throw("StopLocked: bad Stop value")
	}
	if !m.stoplockedm() {
		return false
	}
	return m.resumeLocked(gp, false)
}

// resumeLocked runs the runnable gp on m again (which holds a P), like
// execute does.
func (m *M) resumeLocked(gp *G, inheritTime bool) bool {
	pp := m.p.Load()
	gp.m = m
	m.curg.Store(gp)
	gp.casStatus(StatusRunnable, StatusRunning)
	if gp.Preempt.Load() != 0 {
		gp.Preempt.Store(0)
	}
	if tr := m.s.trace.Load(); tr != nil {
		tr.goStart(m, gp)
	}
	if !inheritTime {
		pp.schedtick.Store(pp.schedtick.Load() + 1)
	}
	if m.s.exiting.Load() {
		gp.Preempt.Store(1) // dying is sticky (see shutdownLocked)
		return false
	}
	return true
}

// stoplockedm hands off m's P and sleeps until startlockedm gives m a P
// to run its locked G. It returns false when shutting down.
func (m *M) stoplockedm() bool {
	s := m.s
	if pp := m.p.Load(); pp != nil {
		m.releasep()
		s.handoffp(pp)
	}
	s.lock.Lock()
	if s.exiting.Load() {
		s.lock.Unlock()
		return false
	}
	s.nmidlelocked++
	s.checkdead()
	s.lock.Unlock()
	m.park.sleep()
	if s.exiting.Load() {
		return false
	}
	s.coarseNow.Store(s.Nanotime())
	if gp := m.lockedg.Load(); gp == nil || gp.Status() != StatusRunnable {
		throw("stoplockedm: lockedg not runnable")
	}
	m.acquirep(m.nextp)
	m.nextp = nil
	return true
}

// incidlelocked adjusts nmidlelocked; an increase runs checkdead.
func (s *Sched) incidlelocked(v int32) {
	s.lock.Lock()
	s.nmidlelocked += v
	if v > 0 {
		s.checkdead()
	}
	s.lock.Unlock()
}

// startlockedm gives m's P to the M gp is locked to, wakes it, and parks
// m. It returns false when shutting down.
func (m *M) startlockedm(gp *G) bool {
	s := m.s
	mp := gp.lockedm.Load()
	if mp == m {
		throw("startlockedm: locked to me")
	}
	if mp.nextp != nil {
		throw("startlockedm: m has p")
	}
	s.lock.Lock()
	s.nmidlelocked--
	s.lock.Unlock()
	pp := m.releasep()
	mp.nextp = pp
	if !mp.park.wakeup() && !s.exiting.Load() {
		throw("notewakeup: double wakeup")
	}
	return m.stopm()
}
