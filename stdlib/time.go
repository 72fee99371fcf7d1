package stdlib

import (
	"time"

	"github.com/goro-lang/goro/sched"
	"github.com/goro-lang/goro/vm"
)

// time (SPEC §10): durations are ints in nanoseconds. Sleep parks the
// goroutine on the scheduler's timers, never a host thread; After, Tick and
// NewTimer deliver on channels from timer callbacks (non-blocking sends, so
// a slow receiver drops ticks, as Go's tickers do).

var timeType = &vm.ObjType{Name: "time.Time"}
var timerType = &vm.ObjType{Name: "time.Timer"}

// timerObj is a time.Timer: its channel and the scheduler timer.
type timerObj struct {
	c     vm.Value
	timer *sched.Timer
}

func newTime(t time.Time) vm.Value { return vm.NewObject(timeType, t) }

func timeArg(name string, args []vm.Value, i int) (time.Time, error) {
	if o := args[i].Object(); o != nil {
		if t, ok := o.Data.(time.Time); ok {
			return t, nil
		}
	}
	return time.Time{}, vm.ArgTypeError(name, i, "time.Time", args[i])
}

// durationArg reads a duration argument: an int of nanoseconds or a
// time.Duration object.
func durationArg(name string, args []vm.Value, i int) (time.Duration, error) {
	if d, ok := durationOf(args[i]); ok {
		return d, nil
	}
	return 0, vm.ArgTypeError(name, i, "time.Duration", args[i])
}

func init() {
	timeType.Methods = map[string]*vm.Native{
		"UnixNano": newMethod("time.Time", "UnixNano", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			tm, _ := timeArg("time.Time.UnixNano", args, 0)
			return vm.Int(tm.UnixNano()), nil
		}),
		"UnixMilli": newMethod("time.Time", "UnixMilli", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			tm, _ := timeArg("time.Time.UnixMilli", args, 0)
			return vm.Int(tm.UnixMilli()), nil
		}),
		"Unix": newMethod("time.Time", "Unix", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			tm, _ := timeArg("time.Time.Unix", args, 0)
			return vm.Int(tm.Unix()), nil
		}),
		"Sub": newMethod("time.Time", "Sub", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			tm, _ := timeArg("time.Time.Sub", args, 0)
			u, err := timeArg("time.Time.Sub", args, 1)
			if err != nil {
				return vm.Nil, err
			}
			return vm.Int(int64(tm.Sub(u))), nil
		}),
		"Add": newMethod("time.Time", "Add", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			tm, _ := timeArg("time.Time.Add", args, 0)
			d, err := durationArg("time.Time.Add", args, 1)
			if err != nil {
				return vm.Nil, err
			}
			return newTime(tm.Add(d)), nil
		}),
		"Before": newMethod("time.Time", "Before", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			tm, _ := timeArg("time.Time.Before", args, 0)
			u, err := timeArg("time.Time.Before", args, 1)
			return vm.Bool(tm.Before(u)), err
		}),
		"After": newMethod("time.Time", "After", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			tm, _ := timeArg("time.Time.After", args, 0)
			u, err := timeArg("time.Time.After", args, 1)
			return vm.Bool(tm.After(u)), err
		}),
		"Format": newMethod("time.Time", "Format", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			tm, _ := timeArg("time.Time.Format", args, 0)
			layout, err := vm.ArgStr("time.Time.Format", args, 1)
			if err != nil {
				return vm.Nil, err
			}
			return vm.String(tm.Format(layout)), nil
		}),
		"String": newMethod("time.Time", "String", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			tm, _ := timeArg("time.Time.String", args, 0)
			return vm.String(tm.String()), nil
		}),
	}
	timerType.Attr = func(o *vm.Object, name string) (vm.Value, bool) {
		if name == "C" {
			return o.Data.(*timerObj).c, true
		}
		return vm.Nil, false
	}
	timerType.Methods = map[string]*vm.Native{
		"Stop": newMethod("time.Timer", "Stop", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			tm := args[0].Object().Data.(*timerObj)
			stopped := tm.timer.Stop()
			drain(t, tm.c)
			return vm.Bool(stopped), nil
		}),
		"Reset": newMethod("time.Timer", "Reset", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			tm := args[0].Object().Data.(*timerObj)
			d, err := durationArg("time.Timer.Reset", args, 1)
			if err != nil {
				return vm.Nil, err
			}
			active := tm.timer.Stop()
			drain(t, tm.c)
			tm.timer.Reset(d)
			return vm.Bool(active), nil
		}),
	}

	initTimeTypes()
	m := newModule("time")
	m.pure()
	m.value("Nanosecond", vm.Int(int64(time.Nanosecond)))
	m.value("Microsecond", vm.Int(int64(time.Microsecond)))
	m.value("Millisecond", vm.Int(int64(time.Millisecond)))
	m.value("Second", vm.Int(int64(time.Second)))
	m.value("Minute", vm.Int(int64(time.Minute)))
	m.value("Hour", vm.Int(int64(time.Hour)))
	m.fn("Now", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return newTime(time.Now()), nil
	})
	m.fn("Since", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		tm, err := timeArg("time.Since", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return vm.Int(int64(time.Since(tm))), nil
	})
	m.fn("Sleep", 1, 0, timeSleep)
	m.fn("After", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		d, err := durationArg("time.After", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		c, _ := startTimer(t, d, 0)
		return c, nil
	})
	m.fn("Tick", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		d, err := durationArg("time.Tick", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		if d <= 0 {
			return vm.Nil, nil // as Go: a nil channel
		}
		c, _ := startTimer(t, d, d)
		return c, nil
	})
	m.fn("NewTimer", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		d, err := durationArg("time.NewTimer", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		c, tm := startTimer(t, d, 0)
		return vm.NewObject(timerType, &timerObj{c: c, timer: tm}), nil
	})
	initTimeMore(m)
	m.register()
}

// timeSleep parks the goroutine for d (restartable: it runs again, resumed,
// when the timer fires).
func timeSleep(t *vm.Thread, args []vm.Value) (vm.Value, error) {
	if t.Resumed() {
		return vm.Nil, nil
	}
	d, err := durationArg("time.Sleep", args, 0)
	if err != nil {
		return vm.Nil, err
	}
	if t.M() == nil { // outside a scheduler (a host calling the native)
		time.Sleep(d)
		return vm.Nil, nil
	}
	if t.M().Sleep(t.G(), d) == sched.Parked {
		return vm.Nil, vm.ErrPark
	}
	return vm.Nil, nil
}

// startTimer makes a channel of capacity 1 and a timer that sends the
// current time on it after d (then every period, if period > 0).
func startTimer(t *vm.Thread, d, period time.Duration) (vm.Value, *sched.Timer) {
	rt := t.Runtime()
	cv, _ := rt.NewChan(1)
	c := cv.Chan().Raw()
	tm := rt.Sched().NewTimer(t.M(), d, period, func(m *sched.M, now int64) {
		c.Send(m, nil, newTime(time.Now()), false)
	})
	return cv, tm
}

// drain empties a timer's channel so that no stale value is received after
// Stop or Reset (Go 1.23 semantics).
func drain(t *vm.Thread, c vm.Value) {
	c.Chan().Raw().Recv(t.M(), nil, false)
}

// durationValue is a Go duration as a Goro value: an int of nanoseconds
// (SPEC §10), so that arithmetic and comparisons work; time.Duration(d)
// makes the printable object with Go's methods.
func durationValue(d time.Duration) vm.Value { return vm.Int(int64(d)) }
