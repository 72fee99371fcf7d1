package sched

import "time"

// Stop-the-world and GOMAXPROCS (proc.go:stopTheWorldWithSema,
// startTheWorldWithSema, procresize).
//
// stopTheWorld sets gcwaiting, preempts every running G, and claims idle
// Ps and Ps in syscalls itself; running Ms give up their P at their next
// scheduling point (gcstopm), in handoffp, or when entering a syscall. The
// stopper re-preempts every 100µs until stopwait reaches 0. While it is in
// progress the stopper counts as a running M for checkdead (nstw).

// stopTheWorld stops every P except self's (self may be nil: a host
// goroutine). started is false when the scheduler is not running; then
// nothing was stopped and startTheWorld must not be called. complete is
// false when timeout (> 0) expired or the scheduler began shutting down
// first; the world is then partly stopped and startTheWorld undoes it.
func (s *Sched) stopTheWorld(self *M, timeout time.Duration) (started, complete bool) {
	return s.stopTheWorldWith(self, timeout, false)
}

// stopTheWorldWith is stopTheWorld; with try it gives up (started false)
// if another stop is in progress instead of waiting: sysmon must never
// block on worldsema, since the current stopper may need sysmon to retake
// Ps from syscalls before it can get a P back.
func (s *Sched) stopTheWorldWith(self *M, timeout time.Duration, try bool) (started, complete bool) {
	if try {
		if !s.worldsema.TryLock() {
			return false, false
		}
	} else if self != nil && !s.worldsema.TryLock() {
		// Someone else is stopping the world and needs our P: hand it
		// off and wait as in a blocking syscall (Go parks the G on
		// worldsema instead). The wait is bounded (every stopper gives
		// up once exiting is set), so Run waits for such an M instead of
		// abandoning it as it does Ms in host calls (stwWait).
		self.stwWait.Store(true)
		self.EnterSyscallBlock()
		s.worldsema.Lock()
		ok := self.ExitSyscall()
		self.stwWait.Store(false)
		if !ok {
			s.worldsema.Unlock()
			return false, false
		}
	} else if self == nil {
		s.worldsema.Lock()
	}
	// (self != nil and the TryLock above succeeded: we hold it.)
	s.lock.Lock()
	if s.exiting.Load() || !s.running.Load() {
		s.lock.Unlock()
		s.worldsema.Unlock()
		return false, false
	}
	s.nstw++
	s.stopnote.clear()
	s.stopwait = s.procs.Load()
	s.gcwaiting.Store(true)
	s.preemptall(self)
	if self != nil {
		if pp := self.p.Load(); pp != nil {
			pp.status.Store(pGCStop)
			s.stopwait--
		}
	}
	for _, pp := range s.ps.Load().allp {
		if pp.status.Load() == pSyscall && pp.status.CompareAndSwap(pSyscall, pGCStop) {
			pp.syscalltick.Add(1)
			s.stopwait--
		}
	}
	for pp := s.pidleget(); pp != nil; pp = s.pidleget() {
		pp.status.Store(pGCStop)
		s.stopwait--
	}
	wait := s.stopwait > 0
	s.lock.Unlock()

	deadline := time.Now().Add(timeout)
	for wait {
		s.stopnote.tsleep(stwRepreempt)
		s.lock.Lock()
		wait = s.stopwait > 0
		s.lock.Unlock()
		if !wait {
			break
		}
		if s.exiting.Load() || (timeout > 0 && time.Now().After(deadline)) {
			return true, false
		}
		s.preemptall(self)
	}
	return true, true
}

// startTheWorld undoes stopTheWorld, first resizing to nprocs Ps when
// nprocs > 0 (only after a complete stop). Stopped Ps with work get an M;
// the others go idle.
func (s *Sched) startTheWorld(self *M, nprocs int32) {
	s.lock.Lock()
	if nprocs > 0 && s.stopwait == 0 {
		s.procresize(nprocs, self)
	}
	s.gcwaiting.Store(false)
	s.stopwait = 0
	var selfP *p
	if self != nil {
		selfP = self.p.Load()
	}
	var runnable []*p
	for _, pp := range s.ps.Load().allp {
		if pp == selfP {
			pp.status.Store(pRunning)
			continue
		}
		if pp.status.Load() != pGCStop {
			continue // still running after a timed-out stop
		}
		pp.status.Store(pIdle)
		if pp.runqempty() {
			s.pidleput(pp)
		} else {
			runnable = append(runnable, pp)
		}
	}
	if !s.exiting.Load() {
		for _, pp := range runnable {
			s.startm(pp, false, true)
		}
		// One more M in case the global queue or local queues hold more
		// work than the Ps above (Go's wakep in startTheWorld). Done with
		// the lock held, before nstw drops, so that checkdead never sees
		// runnable Gs with every M idle.
		if s.nmspinning.Load() == 0 && s.npidle.Load() > 0 {
			if pp := s.pidleget(); pp != nil {
				s.nmspinning.Add(1)
				s.startm(pp, true, true)
			}
		}
	}
	s.wakeSysmonLocked()
	s.nstw--
	s.lock.Unlock()
	s.worldsema.Unlock()
}

// gcstopm gives up m's P to a pending stop-the-world and parks m. It
// returns false when shutting down.
func (m *M) gcstopm() bool {
	s := m.s
	if m.spinning.Load() {
		// startTheWorld starts Ms as needed; no re-check required.
		m.spinning.Store(false)
		s.nmspinning.Add(-1)
	}
	s.lock.Lock()
	if !s.gcwaiting.Load() {
		s.lock.Unlock() // a timed-out stop ended meanwhile
		return true
	}
	pp := m.releasep()
	pp.status.Store(pGCStop)
	s.stopwait--
	if s.stopwait == 0 {
		s.stopnote.wakeup()
	}
	s.lock.Unlock()
	return m.stopm()
}

// procresize changes the number of Ps to nprocs. Must hold s.lock, with the
// world stopped (or before Run). New Ps start in pGCStop, to be released by
// the caller like the stopped ones. A destroyed P's Gs go to the head of
// the global queue and its timers to self's P (or P0). If self's P is
// destroyed, self moves to P0.
func (s *Sched) procresize(nprocs int32, self *M) {
	var old []*p
	if ps := s.ps.Load(); ps != nil {
		old = ps.allp
	}
	all := make([]*p, nprocs)
	copy(all, old)
	for i := int32(len(old)); i < nprocs; i++ {
		all[i] = newP(s, i)
		all[i].status.Store(pGCStop)
	}
	var selfP *p
	if self != nil {
		selfP = self.p.Load()
	}
	if selfP != nil && selfP.id >= nprocs {
		// Our P goes away: take P0 instead.
		self.p.Store(nil)
		selfP.m.Store(nil)
		p0 := all[0]
		p0.m.Store(self)
		p0.status.Store(pGCStop)
		self.p.Store(p0)
		selfP = p0
	}
	dst := all[0]
	if selfP != nil {
		dst = selfP
	}
	for i := nprocs; i < int32(len(old)); i++ {
		s.destroyP(old[i], dst)
	}
	ps := &procSet{allp: all, idle: newPMask(nprocs), timerp: newPMask(nprocs)}
	for i := range all {
		ps.timerp.set(int32(i)) // conservative: "may have timers"
	}
	ps.order.reset(uint32(nprocs))
	s.ps.Store(ps)
	s.procs.Store(nprocs)
}

// destroyP moves everything pp holds elsewhere and marks it dead. Must
// hold s.lock with the world stopped.
func (s *Sched) destroyP(pp, dst *p) {
	for pp.runqhead.Load() != pp.runqtail.Load() {
		t := pp.runqtail.Load() - 1
		pp.runqtail.Store(t)
		s.globrunqputhead(pp.runq[t%runqSize].Load())
		pp.runq[t%runqSize].Store(nil)
	}
	if next := pp.runnext.Swap(nil); next != nil {
		s.globrunqputhead(next)
	}
	pp.timers.mu.Lock()
	dst.timers.mu.Lock()
	dst.timers.take(&pp.timers)
	dst.timers.mu.Unlock()
	pp.timers.mu.Unlock()
	for gp := pp.gFree.pop(); gp != nil; gp = pp.gFree.pop() {
		s.gFree.push(gp)
	}
	s.ngfree.Store(s.gFree.size)
	pp.gfreecnt.Store(0)
	s.sudogs.purge(pp)
	pp.m.Store(nil)
	pp.status.Store(pDead)
}

// MaxProcs is the default ceiling on the number of Ps (Config.MaxProcs):
// GOMAXPROCS and Config.Procs above it are clamped to it. Every P costs
// memory (its run queue, caches and timer heap) and every spinning M scans
// all Ps, while more Ps than host threads buys no parallelism; Go's runtime
// had the same limit (_MaxGomaxprocs) until 1.10.
const MaxProcs = 1024

// clampProcs is the one place where a requested number of Ps meets the
// ceiling (Config.MaxProcs, else MaxProcs). n must be > 0.
func (s *Sched) clampProcs(n int) int32 {
	limit := MaxProcs
	if l := s.cfg.MaxProcs; l > 0 && l < limit {
		limit = l
	}
	return int32(min(n, limit))
}

// MaxProcs reports the ceiling on GOMAXPROCS for this scheduler.
func (s *Sched) MaxProcs() int { return int(s.clampProcs(MaxProcs)) }

// latestProcsLocked is GOMAXPROCS as callers see it: the pending request,
// if any, else the current number of Ps. Must hold resizeMu.
func (s *Sched) latestProcsLocked() int {
	if w := s.want.Load(); w != 0 {
		return int(w)
	}
	return int(s.procs.Load())
}

// Resizing (GOMAXPROCS) coalesces requests: a request records the wanted
// number of Ps in want; if no resize is in progress (resizing), its caller
// becomes the resizer and applies want with one stop-the-world, reading
// want once the world is stopped. Since no G runs while the world is
// stopped, every request recorded while a resize was in progress is seen
// by that resize, so such callers return at once. A request that does not
// change the latest value returns at once without stopping anything. So
// 100 goroutines calling GOMAXPROCS in a loop cost one stop-the-world per
// round, not one per call, and never convoy on worldsema.

// GOMAXPROCS sets the number of Ps (n > 0; clamped to MaxProcs) and
// returns the previous setting; n <= 0 only reports it. It is safe from any
// goroutine, including from inside Exec: the resize itself is a
// stop-the-world run by sysmon, and the call waits for it only briefly (a
// G calling it cannot let its own P stop while it waits). A G should prefer
// M.GOMAXPROCS, which is synchronous. The value reported is the latest one
// requested.
func (s *Sched) GOMAXPROCS(n int) int {
	s.resizeMu.Lock()
	prev := s.latestProcsLocked()
	if n <= 0 {
		s.resizeMu.Unlock()
		return prev
	}
	nn := s.clampProcs(n)
	if int(nn) == prev {
		s.resizeMu.Unlock()
		return prev
	}
	if !s.started.Load() {
		// No M runs yet: resize directly.
		s.lock.Lock()
		for pp := s.pidleget(); pp != nil; pp = s.pidleget() {
			pp.status.Store(pGCStop)
		}
		s.procresize(nn, nil)
		s.releaseStoppedLocked()
		s.lock.Unlock()
		s.resizeMu.Unlock()
		return prev
	}
	s.want.Store(nn)
	if s.resizeDone == nil {
		s.resizeDone = make(chan struct{})
	}
	done := s.resizeDone
	s.resizeMu.Unlock()
	s.sysmon.note.wakeup()
	t := time.NewTimer(100 * time.Millisecond)
	select {
	case <-done:
	case <-t.C:
	case <-s.done:
	}
	t.Stop()
	return prev
}

// applyResize performs a pending GOMAXPROCS request (sysmon), unless a G
// is resizing already (it will see the request).
func (s *Sched) applyResize() {
	s.resizeMu.Lock()
	if s.resizing || s.want.Load() == 0 {
		s.resizeMu.Unlock()
		return
	}
	s.resizing = true
	s.resizeMu.Unlock()
	// With a timeout: a G that calls Sched.GOMAXPROCS or Sched.Dump
	// holds its P while it waits, so we back off and retry next cycle.
	// Never blocking on worldsema (try).
	s.resize(nil, resizeSTWTimeout, true)
}

// resize applies want with one stop-the-world (self: the calling G's M,
// or nil) and clears resizing. The caller set resizing. An incomplete stop
// (timeout, shutdown) leaves want pending for sysmon to retry.
func (s *Sched) resize(self *M, timeout time.Duration, try bool) {
	started, complete := s.stopTheWorldWith(self, timeout, try)
	var n int32
	var done chan struct{}
	s.resizeMu.Lock()
	if started && complete {
		n, done = s.want.Load(), s.resizeDone
		s.want.Store(0)
		s.resizeDone = nil
	}
	s.resizing = false
	s.resizeMu.Unlock()
	if !started {
		return
	}
	s.startTheWorld(self, n)
	if done != nil {
		close(done)
	}
}

// GOMAXPROCS is the form for a running G on m. Unless a resize is in
// progress already (which applies this request too, so the call returns at
// once), it stops the world (m keeps running), resizes, and restarts it.
// ok false means the scheduler is shutting down: as after ExitSyscall
// returned false, the VM must stop running the G (it may no longer be m's
// current G).
func (m *M) GOMAXPROCS(n int) (prev int, ok bool) {
	s := m.s
	s.resizeMu.Lock()
	prev = s.latestProcsLocked()
	if n <= 0 || int(s.clampProcs(n)) == prev {
		s.resizeMu.Unlock()
		return prev, !s.exiting.Load()
	}
	s.want.Store(s.clampProcs(n))
	if s.resizing {
		s.resizeMu.Unlock()
		return prev, !s.exiting.Load()
	}
	s.resizing = true
	s.resizeMu.Unlock()
	s.resize(m, 0, false)
	return prev, !s.exiting.Load()
}

// releaseStoppedLocked makes every pGCStop P idle (no Ms run yet). Must
// hold s.lock.
func (s *Sched) releaseStoppedLocked() {
	all := s.ps.Load().allp
	for i := len(all) - 1; i >= 0; i-- {
		pp := all[i]
		if pp.status.Load() == pGCStop {
			pp.status.Store(pIdle)
			s.pidleput(pp)
		}
	}
}
