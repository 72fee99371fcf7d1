package sched

import (
	"fmt"
	"math"
	"strings"
	"sync/atomic"
	"time"
)

// sysmon is a host goroutine with no P (proc.go:sysmon). Each cycle it
// preempts Gs that ran a whole time slice, preempts a G whose P has a
// timer overdue by more than timerPreemptNS, retakes Ps from Ms stuck in
// syscalls, polls if nobody has for 10 ms, and prints schedtrace lines. It
// sleeps 20µs, doubling after 50 idle cycles up to 10 ms, and deep-sleeps
// when every P is idle.
type sysmonState struct {
	note      note         // sysmon's sleep; woken by Shutdown, and when sysmonwait is set
	wakeAt    atomic.Int64 // when sysmon's current short sleep ends
	traceBase int64        // Nanotime of the first schedtrace
}

// wakeSysmonLocked ends sysmon's deep sleep. Must hold s.lock.
func (s *Sched) wakeSysmonLocked() {
	if s.sysmonwait.Load() {
		s.sysmonwait.Store(false)
		s.sysmon.note.wakeup()
	}
}

func (s *Sched) sysmonLoop() {
	defer s.bg.Done()
	idle := 0
	delay := time.Duration(0)
	lasttrace := int64(0)
	for {
		if idle == 0 {
			delay = sysmonMinDelay
		} else if idle > 50 {
			delay *= 2
		}
		if delay > sysmonMaxDelay {
			delay = sysmonMaxDelay
		}
		// Wake in time to preempt a G that sits on an overdue timer.
		// wakeAt is published before the timers are read; a timer added
		// after that read sees it and wakes us (wakeNetPoller).
		d := delay
		now := s.Nanotime()
		s.sysmon.wakeAt.Store(now + int64(d))
		if next := s.timeSleepUntil(true); next != 0 {
			until := time.Duration(next + int64(timerPreemptNS) - now)
			if until < d {
				d = max(until, sysmonMinDelay)
				s.sysmon.wakeAt.Store(now + int64(d))
			}
		}
		if tr := s.cfg.SchedTrace; tr > 0 {
			d = max(min(d, time.Duration(lasttrace+int64(tr)-now)), sysmonMinDelay)
		}
		s.sysmon.note.tsleep(d)
		if s.exiting.Load() {
			return
		}
		now = s.Nanotime()
		s.coarseNow.Store(now)
		if s.cfg.SchedTrace <= 0 && s.want.Load() == 0 && (s.gcwaiting.Load() || s.npidle.Load() == s.procs.Load()) {
			s.lock.Lock()
			if s.gcwaiting.Load() || s.npidle.Load() == s.procs.Load() {
				next := s.timeSleepUntil(false)
				if next == 0 || next > now {
					s.sysmonwait.Store(true)
					s.sysmon.wakeAt.Store(math.MaxInt64)
					s.lock.Unlock()
					sleep := sysmonDeepSleep
					if next != 0 && time.Duration(next-now) < sleep {
						sleep = time.Duration(next - now)
					}
					woken := s.sysmon.note.tsleep(sleep)
					s.lock.Lock()
					s.sysmonwait.Store(false)
					s.sysmon.note.clear()
					if woken {
						idle = 0
						delay = sysmonMinDelay
					}
				}
			}
			s.lock.Unlock()
			if s.exiting.Load() {
				return
			}
			now = s.Nanotime()
			s.coarseNow.Store(now)
		}

		// Poll if nobody has for 10 ms, so I/O is not starved while all
		// Ps are busy.
		if lp := s.lastpoll.Load(); s.netpollWaiters.Load() > 0 && lp != 0 && lp+int64(10*time.Millisecond) < now {
			s.lastpoll.CompareAndSwap(lp, now)
			list := s.poller.Poll(0)
			s.injectglist(nil, &list)
		}
		if s.retake(now) != 0 {
			idle = 0
		} else {
			idle++
		}
		if s.cfg.SchedTrace > 0 && lasttrace+int64(s.cfg.SchedTrace) <= now {
			lasttrace = now
			s.schedtrace(s.cfg.TraceOut, s.cfg.SchedDetail)
		}
		if tr := s.trace.Load(); tr != nil && tr.lastCounters+int64(time.Millisecond) <= now {
			tr.lastCounters = now // sysmon only
			tr.counters(s)
		}
		if s.want.Load() != 0 {
			s.applyResize()
		}
	}
}

// retake preempts long-running Gs and Gs sitting on overdue timers, and
// takes Ps from Ms that have been in a syscall for at least one sysmon
// tick (proc.go:retake). It returns how many Ps it took.
func (s *Sched) retake(now int64) int {
	n := 0
	for _, pp := range s.ps.Load().allp {
		st := pp.status.Load()
		if st == pIdle {
			// A timer overdue on an idle P means no M is waiting for it
			// (the poller overslept, or a race left it behind): get a
			// spinning M to look at every P's timers.
			if w := pp.timers.wakeTime(); w != 0 && now-w > int64(timerPreemptNS) {
				s.wakep()
			}
			continue
		}
		if st != pRunning && st != pSyscall {
			continue
		}
		pd := &pp.sysmontick
		sysretake := false
		// Preempt a G that has run for a whole time slice.
		if t := pp.schedtick.Load(); pd.schedtick != t {
			pd.schedtick = t
			pd.schedwhen = now
		} else if pd.schedwhen+int64(forcePreemptNS) <= now {
			if tr := s.trace.Load(); tr != nil {
				tr.pEvent(TraceRetake, pp, 1)
			}
			s.preemptone(pp)
			sysretake = true
		}
		if st == pRunning {
			// A timer on this P cannot run while its G runs: with no
			// other M to steal it, preempt the G once the timer is late.
			if w := pp.timers.wakeTime(); w != 0 && now-w > int64(timerPreemptNS) {
				s.preemptone(pp)
			}
			continue
		}
		// In a syscall: leave the P if the syscall is new (first seen
		// this tick), or if there is no local work, some M spins or some
		// P is idle, and it has been in the syscall less than 10 ms.
		if t := pp.syscalltick.Load(); !sysretake && pd.syscalltick != t {
			pd.syscalltick = t
			pd.syscallwhen = now
			continue
		}
		if pp.runqempty() && s.nmspinning.Load()+s.npidle.Load() > 0 && pd.syscallwhen+int64(syscallRetakeMax) > now {
			continue
		}
		// While we hold the P, count sysmon as a running M: the syscall
		// may return meanwhile, find no P, and go locked-idle; checkdead
		// must not then see every M idle with a P in our hands.
		s.incidlelocked(-1)
		if pp.status.CompareAndSwap(pSyscall, pIdle) {
			if tr := s.trace.Load(); tr != nil {
				tr.pEvent(TraceRetake, pp, 2)
			}
			pp.syscalltick.Add(1)
			n++
			s.handoffp(pp)
		}
		s.incidlelocked(1)
	}
	return n
}

// preemptone asks the G running on pp to stop at its next safe point. It
// is best effort: the G may have stopped already (then a later execute
// clears the flag).
func (s *Sched) preemptone(pp *p) {
	if mp := pp.m.Load(); mp != nil {
		if gp := mp.curg.Load(); gp != nil {
			gp.Preempt.Store(1)
		}
	}
}

// preemptall preempts every running G except the one on self.
func (s *Sched) preemptall(self *M) {
	for _, pp := range s.ps.Load().allp {
		if pp.status.Load() == pRunning && (self == nil || pp.m.Load() != self) {
			s.preemptone(pp)
		}
	}
}

// schedtrace prints Go's SCHED line (and with detail the P, M and G
// lines).
func (s *Sched) schedtrace(w interface{ Write([]byte) (int, error) }, detail bool) {
	now := s.Nanotime()
	if s.sysmon.traceBase == 0 {
		s.sysmon.traceBase = now
	}
	var b strings.Builder
	s.lock.Lock()
	ps := s.ps.Load()
	fmt.Fprintf(&b, "SCHED %dms: gomaxprocs=%d idleprocs=%d threads=%d spinningthreads=%d needspinning=%d idlethreads=%d runqueue=%d",
		(now-s.sysmon.traceBase)/1e6, s.procs.Load(), s.npidle.Load(), s.mcount, s.nmspinning.Load(),
		s.needspinning.Load(), s.nmidle, s.runq.size)
	// Goro's own fields follow Go's: goroutines, Ms in blocking calls,
	// goroutines waiting on the netpoller.
	goro := s.schedtraceGoro()
	if detail {
		fmt.Fprintf(&b, " gcwaiting=%t nmidlelocked=%d stopwait=%d sysmonwait=%t%s\n",
			s.gcwaiting.Load(), s.nmidlelocked, s.stopwait, s.sysmonwait.Load(), goro)
	}
	for i, pp := range ps.allp {
		if detail {
			mid := "nil"
			if mp := pp.m.Load(); mp != nil {
				mid = fmt.Sprint(mp.id)
			}
			fmt.Fprintf(&b, "  P%d: status=%d schedtick=%d syscalltick=%d m=%s runqsize=%d gfreecnt=%d timerslen=%d\n",
				i, pp.status.Load(), pp.schedtick.Load(), pp.syscalltick.Load(), mid, pp.runqlen(), pp.gfreecnt.Load(), pp.timers.len.Load())
			continue
		}
		b.WriteString(" ")
		if i == 0 {
			b.WriteString("[ ")
		}
		fmt.Fprint(&b, pp.runqlen())
		if i == len(ps.allp)-1 {
			b.WriteString(" ]")
		}
	}
	if !detail {
		b.WriteString(" schedticks=[ ")
		for _, pp := range ps.allp {
			fmt.Fprint(&b, pp.schedtick.Load(), " ")
		}
		b.WriteString("]")
		b.WriteString(goro)
		b.WriteString("\n")
	} else {
		for _, mp := range s.allm {
			if !mp.alive {
				continue
			}
			pid, curg, lockedg := "nil", "nil", "nil"
			if pp := mp.p.Load(); pp != nil {
				pid = fmt.Sprint(pp.id)
			}
			if gp := mp.curg.Load(); gp != nil {
				curg = fmt.Sprint(gp.ID)
			}
			if lg := mp.lockedg.Load(); lg != nil {
				lockedg = fmt.Sprint(lg.ID)
			}
			fmt.Fprintf(&b, "  M%d: p=%s curg=%s mallocing=0 throwing=0 preemptoff= locks=0 dying=0 spinning=%t blocked=false lockedg=%s\n",
				mp.id, pid, curg, mp.spinning.Load(), lockedg)
		}
		onM := make(map[*G]*M)
		for _, mp := range s.allm {
			if gp := mp.curg.Load(); gp != nil && mp.alive {
				onM[gp] = mp
			}
		}
		s.allglock.Lock()
		for _, gp := range s.allgs {
			st := gp.Status()
			if st == StatusDead || st == StatusIdle {
				continue
			}
			mid, lockedm := "nil", "nil"
			if mp := onM[gp]; mp != nil {
				mid = fmt.Sprint(mp.id)
			}
			if lm := gp.lockedm.Load(); lm != nil {
				lockedm = fmt.Sprint(lm.id)
			}
			fmt.Fprintf(&b, "  G%d: status=%d(%s) m=%s lockedm=%s\n", gp.ID, st, gp.WaitReason(), mid, lockedm)
		}
		s.allglock.Unlock()
	}
	s.lock.Unlock()
	w.Write([]byte(b.String()))
}
