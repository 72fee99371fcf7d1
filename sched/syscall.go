package sched

// Blocking host calls (proc.go:entersyscall/exitsyscall, in the pre-1.26
// design with a pSyscall P state claimed by CAS).
//
// EnterSyscall leaves the P wired in state pSyscall and detaches it from
// the M. Whoever claims it first wins: the M coming back (exitsyscallfast),
// sysmon's retake after the call survived a sysmon tick (then handoffp), or
// a stop-the-world. The G keeps its M: its frames live on the M's host
// goroutine, inside Exec. So when ExitSyscall finds no P, the G waits on
// the global queue locked to this M, which sleeps like a locked M until
// some M schedules the G and hands it a P (startlockedm).
//
// The VM must not change the G's frames between EnterSyscall and
// ExitSyscall: dumps may print them meanwhile.

// EnterSyscall marks the current G as in a blocking call.
func (m *M) EnterSyscall() {
	s := m.s
	gp := m.curg.Load()
	pp := m.p.Load()
	if gp == nil || pp == nil {
		throw("EnterSyscall: no G or no P")
	}
	m.syscalltick = pp.syscalltick.Load()
	gp.waitsince.Store(s.coarseNow.Load())
	if tr := s.trace.Load(); tr != nil {
		tr.syscall(m, pp, gp)
	}
	gp.casStatus(StatusRunning, StatusSyscall)
	if s.sysmonwait.Load() {
		s.lock.Lock()
		s.wakeSysmonLocked()
		s.lock.Unlock()
	}
	pp.m.Store(nil)
	m.oldp = pp
	m.p.Store(nil)
	pp.status.Store(pSyscall)
	if s.gcwaiting.Load() {
		// A stop-the-world is waiting for our P: give it now.
		s.lock.Lock()
		if s.stopwait > 0 && pp.status.CompareAndSwap(pSyscall, pGCStop) {
			pp.syscalltick.Add(1)
			s.stopwait--
			if s.stopwait == 0 {
				s.stopnote.wakeup()
			}
		}
		s.lock.Unlock()
	}
}

// EnterSyscallBlock is EnterSyscall for calls known to block long: the P
// is handed off at once.
func (m *M) EnterSyscallBlock() {
	s := m.s
	gp := m.curg.Load()
	pp := m.p.Load()
	if gp == nil || pp == nil {
		throw("EnterSyscallBlock: no G or no P")
	}
	m.syscalltick = pp.syscalltick.Load()
	pp.syscalltick.Add(1)
	gp.waitsince.Store(s.coarseNow.Load())
	if tr := s.trace.Load(); tr != nil {
		tr.goStopReason(m, gp, TraceReasonSyscall)
	}
	gp.casStatus(StatusRunning, StatusSyscall)
	m.oldp = nil
	m.releasep()
	s.handoffp(pp)
}

// EnterSyscallIdle is EnterSyscallBlock for a G that waits for its host
// (a REPL waiting for the next input): the P is handed off at once and,
// unlike other blocking calls, the M counts as idle for deadlock detection,
// so the other goroutines' deadlocks are still found.
func (m *M) EnterSyscallIdle() {
	gp := m.curg.Load()
	m.EnterSyscallBlock()
	s := m.s
	s.lock.Lock()
	gp.idlesys = true
	s.nidlesys++
	s.checkdead()
	s.lock.Unlock()
}

// ExitSyscall returns the current G from a blocking call with a P: its old
// one if still free, else an idle one, else it waits its turn. false means
// the scheduler is shutting down: the VM must stop running the G and
// return StopExit.
func (m *M) ExitSyscall() bool {
	s := m.s
	gp := m.curg.Load()
	if gp.idlesys {
		s.lock.Lock()
		gp.idlesys = false
		s.nidlesys--
		s.lock.Unlock()
	}
	oldp := m.oldp
	m.oldp = nil
	if m.exitsyscallfast(oldp) {
		gp.casStatus(StatusSyscall, StatusRunning)
		if tr := s.trace.Load(); tr != nil {
			tr.goStart(m, gp)
		}
		m.p.Load().syscalltick.Add(1)
		gp.waitsince.Store(0)
		return !s.exiting.Load()
	}
	return m.exitsyscallNoP(gp)
}

// exitsyscallfast tries to get a P without waiting.
func (m *M) exitsyscallfast(oldp *p) bool {
	s := m.s
	if oldp != nil && oldp.status.Load() == pSyscall && oldp.status.CompareAndSwap(pSyscall, pIdle) {
		m.wirep(oldp)
		return true
	}
	if s.npidle.Load() > 0 {
		s.lock.Lock()
		pp := s.pidleget()
		if pp != nil {
			s.wakeSysmonLocked()
		}
		s.lock.Unlock()
		if pp != nil {
			m.acquirep(pp)
			return true
		}
	}
	return false
}

// exitsyscallNoP makes gp runnable and waits, locked to m, until it is
// scheduled (Go's exitsyscall0).
func (m *M) exitsyscallNoP(gp *G) bool {
	s := m.s
	// Lock gp to m before it becomes visible on the global queue.
	temp := gp.lockedm.Load() == nil
	if temp {
		gp.lockedm.Store(m)
		m.lockedg.Store(gp)
	}
	gp.casStatus(StatusSyscall, StatusRunnable)
	m.dropg()
	s.lock.Lock()
	pp := s.pidleget()
	if pp == nil {
		s.globrunqput(gp)
	} else {
		s.wakeSysmonLocked()
	}
	s.lock.Unlock()
	ok := true
	if pp != nil {
		m.acquirep(pp)
	} else {
		ok = m.stoplockedm()
	}
	if temp {
		gp.lockedm.Store(nil)
		m.lockedg.Store(nil)
	}
	if !ok {
		return false
	}
	gp.waitsince.Store(0)
	return m.resumeLocked(gp, false)
}
