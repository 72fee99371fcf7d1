package sched

import "runtime"

// hostCallSpins bounds how many times HostCall yields the host thread
// waiting for an idle P before it queues the G instead.
const hostCallSpins = 64

// Host calls: a host goroutine (not an M) runs a G of the scheduler, as Go's
// cgo callbacks do (proc.go:needm/dropm, cgocall.go:cgocallbackg).
//
// An embedder calling a script function from Go wants the call to be an
// ordinary goroutine of the run (it may start goroutines, block on
// channels, be preempted) and also wants it cheap: handing the G to an M
// through a run queue and waking the host goroutine when it is done costs
// two host wake-ups (microseconds when the threads sleep). So the host
// goroutine borrows an M of its own, an "external M" that has no host
// goroutine of its own and never runs schedule: if a P is idle, the
// external M takes it and runs the G right here, on the caller's host
// goroutine, until the G stops (in the common case, until the call
// returns); then it hands the P on. When no P is idle, the G simply goes to
// the global run queue and the scheduler's Ms run it.
//
// While it holds a P, an external M is a full M: it is in allm, counted in
// mcount (checkdead sees it running), preempted by Shutdown and
// stop-the-world, and everything an M does on behalf of its G (syscalls,
// locked nested calls, park and ready) works unchanged through execute.
// Between calls it is not counted and holds nothing.
//
// The VM learns that the G finished its call through its own park (the
// call's G parks when the call returns, and its unlock function tells the
// caller); HostCall only reports whether the G ran here.

// NewExtM returns an external M for one host goroutine's calls. It runs Gs
// only inside HostCall, on the calling host goroutine; one host goroutine
// at a time may use it.
func (s *Sched) NewExtM() *M {
	s.lock.Lock()
	mp := &M{s: s, id: s.mnext, park: newNote(), ext: true}
	mp.rnd = s.seed.Add(0x9e3779b97f4a7c15)
	s.mnext++
	s.allm = append(s.allm, mp)
	s.lock.Unlock()
	return mp
}

// NewHostG returns a G for host calls (dead, with a fresh ID). It is a
// System G: dumps leave it out and NumGoroutine does not count it, as it
// belongs to the host; the first HostCall makes it runnable. A host-call G
// never exits: the VM parks it between calls (so its Thread and stack are
// reused and a call allocates nothing).
func (s *Sched) NewHostG() *G {
	gp := s.malg()
	gp.ID = s.goidgen.Add(1)
	gp.System = true
	return gp
}

// HostCall makes gp runnable on behalf of the host goroutine that owns m
// (from NewExtM); gp is new from NewHostG or parked. If a P is idle, m takes
// it and runs gp here until gp stops (parks, yields, is preempted), then
// hands the P on as an M blocking in a syscall would (handoffp: another M
// runs the work gp left behind, such as goroutines it started). Otherwise
// gp goes to the global run queue. ran reports which happened; false with
// ok false means the scheduler is shutting down and gp was not touched.
func (s *Sched) HostCall(m *M, gp *G) (ran, ok bool) {
	if !m.ext {
		throw("HostCall: not an external M")
	}
	if s.exiting.Load() || !s.running.Load() {
		return false, false
	}
	// Every P busy (other host calls, most likely): wait a little for one
	// to come free, letting the host run the goroutines that hold them.
	// Running the call here when one does beats the queue: that costs a
	// wake-up of an M and another of this goroutine.
	for i := 0; i < hostCallSpins && s.npidle.Load() == 0; i++ {
		runtime.Gosched()
	}
	s.lock.Lock()
	if s.exiting.Load() {
		s.lock.Unlock()
		return false, false
	}
	var pp *p
	if !s.gcwaiting.Load() && s.npidle.Load() > 0 {
		pp = s.pidleget()
	}
	if pp == nil {
		s.makeRunnable(gp)
		s.globrunqput(gp)
		s.startIdleLocked(1)
		s.lock.Unlock()
		s.wakep()
		return false, true
	}
	s.mcount++
	m.alive = true
	if s.sysmonwait.Load() {
		s.wakeSysmonLocked() // so that sysmon preempts a long call
	}
	s.lock.Unlock()
	m.acquirep(pp)
	s.makeRunnable(gp)
	m.execute(gp, false)
	s.dropExtM(m)
	return true, true
}

// makeRunnable moves a host-call G to Runnable from Dead (first call) or
// Waiting (parked between calls).
func (s *Sched) makeRunnable(gp *G) {
	if gp.Status() == StatusDead {
		gp.casStatus(StatusDead, StatusRunnable)
		return
	}
	gp.casStatus(StatusWaiting, StatusRunnable)
}

// dropExtM gives up the external M's P (if it still holds one: a syscall
// or shutdown may have taken it) and stops counting it as an M.
func (s *Sched) dropExtM(m *M) {
	if pp := m.p.Load(); pp != nil {
		m.releasep()
		if !pp.runqempty() || s.runqsize.Load() > 0 || s.gcwaiting.Load() ||
			pp.timers.len.Load() > 0 || s.needspinning.Load() != 0 || s.exiting.Load() {
			s.handoffp(pp)
		} else {
			// The common case: the call left nothing behind. Put the P
			// back as idle in the same critical section that uncounts m.
			s.lock.Lock()
			s.pidleput(pp)
			s.mcount--
			m.alive = false
			s.lock.Unlock()
			return
		}
	}
	s.lock.Lock()
	s.mcount--
	m.alive = false
	s.checkdead()
	s.lock.Unlock()
}
