package sched

// Worker parking and unparking (proc.go header, "Worker thread
// parking/unparking"). The policy: when work is submitted, wake one more M
// only if a P is idle and no M is spinning. A spinning M that finds work
// stops spinning and wakes another (resetspinning), so wake-ups cascade one
// at a time and stop when there is no more work. Submitters publish work
// and then check nmspinning; spinners going idle decrement nmspinning and
// then re-check every source. needspinning covers a spinner that found work
// when no P was idle.

// becomeSpinning marks m as spinning.
func (m *M) becomeSpinning() {
	m.spinning.Store(true)
	m.s.nmspinning.Add(1)
	m.s.needspinning.Store(0)
}

// resetspinning is called by a spinning M that found work: it stops
// spinning and wakes another M to take its place.
func (m *M) resetspinning() {
	if !m.spinning.Load() {
		throw("resetspinning: not a spinning m")
	}
	m.spinning.Store(false)
	if m.s.nmspinning.Add(-1) < 0 {
		throw("findRunnable: negative nmspinning")
	}
	m.s.wakep()
}

// wakep starts a spinning M on an idle P, unless an M is spinning already.
func (s *Sched) wakep() {
	if s.nmspinning.Load() != 0 {
		return
	}
	// Fast path (not in Go): every P is busy and an M about to drop its P
	// has already been asked to spin instead. Going through the lock would
	// only set needspinning again.
	if s.npidle.Load() == 0 && s.needspinning.Load() == 1 {
		return
	}
	if !s.nmspinning.CompareAndSwap(0, 1) {
		return
	}
	s.lock.Lock()
	pp := s.pidlegetSpinning()
	if pp == nil {
		if s.nmspinning.Add(-1) < 0 {
			throw("wakep: negative nmspinning")
		}
		s.lock.Unlock()
		return
	}
	s.startm(pp, true, true)
	s.lock.Unlock()
}

// handoffp finds a new owner for a P released by an M that blocks (a
// syscall, a locked M going to sleep) or whose P sysmon retook. The
// conditions must agree with findRunnable's: if it would find a G to run,
// handoffp must start an M.
func (s *Sched) handoffp(pp *p) {
	if tr := s.trace.Load(); tr != nil {
		tr.pEvent(TraceHandoff, pp, 0)
	}
	if !pp.runqempty() || s.runqsize.Load() > 0 {
		s.startm(pp, false, false)
		return
	}
	// No local work: start a spinning M only if nobody spins and no P is
	// idle, so that there is still an M looking for work.
	if s.nmspinning.Load()+s.npidle.Load() == 0 && s.nmspinning.CompareAndSwap(0, 1) {
		s.needspinning.Store(0)
		s.startm(pp, true, false)
		return
	}
	s.lock.Lock()
	if s.gcwaiting.Load() {
		pp.status.Store(pGCStop)
		s.stopwait--
		if s.stopwait == 0 {
			s.stopnote.wakeup()
		}
		s.lock.Unlock()
		return
	}
	if s.runq.size > 0 {
		s.startm(pp, false, true)
		s.lock.Unlock()
		return
	}
	// The last running P, and nobody blocks in the poller: start an M so
	// that someone waits for timers.
	if s.npidle.Load() == s.procs.Load()-1 && s.lastpoll.Load() != 0 && !s.exiting.Load() {
		s.startm(pp, false, true)
		s.lock.Unlock()
		return
	}
	when := pp.timers.wakeTime()
	s.pidleput(pp)
	s.lock.Unlock()
	if when != 0 {
		s.wakeNetPoller(when)
	}
}

// wakeNetPoller makes sure some M will wake up by when: it breaks a
// blocked poller that would sleep past it, or wakes an M if nobody polls.
func (s *Sched) wakeNetPoller(when int64) {
	if !s.running.Load() {
		return // Run's first M will look at the timers
	}
	if s.lastpoll.Load() == 0 {
		if pu := s.pollUntil.Load(); pu == 0 || pu > when {
			s.poller.Break()
		}
	} else {
		s.wakep()
	}
	// With every P busy, no M looks at this timer until its P schedules
	// again: make sure sysmon looks in time to preempt the P's G.
	if s.npidle.Load() == 0 && s.sysmon.wakeAt.Load() > when+int64(timerPreemptNS) {
		s.sysmon.note.wakeup()
	}
}
