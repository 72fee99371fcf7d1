package stdlib

import (
	"time"

	"github.com/goro-lang/goro/sched"
	"github.com/goro-lang/goro/vm"
)

// time's calendar, layouts, zones, Duration objects, Ticker and AfterFunc
// (SPEC §10), on Go's time package.
//
// Durations stay ints of nanoseconds wherever they are computed, so that
// arithmetic and comparison work (2*time.Second, d > time.Minute); Goro has
// no named integer types yet. time.Duration(d) converts one to a Duration
// object that prints as Go does (120ms) and has Go's methods; every
// function taking a duration accepts both. Month and Weekday are ints
// (time.January == 1); time.Month(m) and time.Weekday(d) give their names.

var (
	durationObjType = &vm.ObjType{Name: "time.Duration"}
	locationType    = &vm.ObjType{Name: "time.Location"}
	tickerType      = &vm.ObjType{Name: "time.Ticker"}
)

// durationOf reads a duration: an int, or a Duration object.
func durationOf(v vm.Value) (time.Duration, bool) {
	if n, ok := v.ToInt(); ok {
		return time.Duration(n), true
	}
	if o := v.Object(); o != nil {
		if d, ok := o.Data.(time.Duration); ok {
			return d, true
		}
	}
	return 0, false
}

func newDuration(d time.Duration) vm.Value { return vm.NewObject(durationObjType, d) }

func locArg(name string, args []vm.Value, i int) (*time.Location, error) {
	if o := args[i].Object(); o != nil {
		if l, ok := o.Data.(*time.Location); ok {
			return l, nil
		}
	}
	return nil, vm.ArgTypeError(name, i, "*time.Location", args[i])
}

func newLocation(l *time.Location) vm.Value { return vm.NewObject(locationType, l) }

// timeMethods are Time's methods beyond time.go's: f gets the receiver and
// the arguments after it (their count checked).
var timeMethods = map[string]struct {
	nargs, nres int
	f           func(t *vm.Thread, tm time.Time, args []vm.Value) (vm.Value, error)
}{
	"Equal": {1, 1, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) {
		u, err := timeArg("time.Time.Equal", a, 0)
		return vm.Bool(tm.Equal(u)), err
	}},
	"Compare": {1, 1, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) {
		u, err := timeArg("time.Time.Compare", a, 0)
		return vm.Int(int64(tm.Compare(u))), err
	}},
	"IsZero":    {0, 1, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) { return vm.Bool(tm.IsZero()), nil }},
	"UnixMicro": {0, 1, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) { return vm.Int(tm.UnixMicro()), nil }},
	"Year":      {0, 1, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) { return vm.Int(int64(tm.Year())), nil }},
	"Month": {0, 1, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) {
		return vm.Int(int64(tm.Month())), nil
	}},
	"Day":  {0, 1, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) { return vm.Int(int64(tm.Day())), nil }},
	"Hour": {0, 1, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) { return vm.Int(int64(tm.Hour())), nil }},
	"Minute": {0, 1, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) {
		return vm.Int(int64(tm.Minute())), nil
	}},
	"Second": {0, 1, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) {
		return vm.Int(int64(tm.Second())), nil
	}},
	"Nanosecond": {0, 1, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) {
		return vm.Int(int64(tm.Nanosecond())), nil
	}},
	"Weekday": {0, 1, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) {
		return vm.Int(int64(tm.Weekday())), nil
	}},
	"YearDay": {0, 1, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) {
		return vm.Int(int64(tm.YearDay())), nil
	}},
	"Date": {0, 3, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) {
		y, m, d := tm.Date()
		return t.Ret3(vm.Int(int64(y)), vm.Int(int64(m)), vm.Int(int64(d)))
	}},
	"Clock": {0, 3, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) {
		h, m, s := tm.Clock()
		return t.Ret3(vm.Int(int64(h)), vm.Int(int64(m)), vm.Int(int64(s)))
	}},
	"ISOWeek": {0, 2, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) {
		y, w := tm.ISOWeek()
		return t.Ret2(vm.Int(int64(y)), vm.Int(int64(w)))
	}},
	"AddDate": {3, 1, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) {
		var n [3]int64
		for i := range n {
			var err error
			if n[i], err = vm.ArgInt("time.Time.AddDate", a, i); err != nil {
				return vm.Nil, err
			}
		}
		return newTime(tm.AddDate(int(n[0]), int(n[1]), int(n[2]))), nil
	}},
	"Truncate": {1, 1, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) {
		d, err := durationArg("time.Time.Truncate", a, 0)
		return newTime(tm.Truncate(d)), err
	}},
	"Round": {1, 1, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) {
		d, err := durationArg("time.Time.Round", a, 0)
		return newTime(tm.Round(d)), err
	}},
	"UTC":   {0, 1, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) { return newTime(tm.UTC()), nil }},
	"Local": {0, 1, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) { return newTime(tm.Local()), nil }},
	"In": {1, 1, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) {
		l, err := locArg("time.Time.In", a, 0)
		if err != nil {
			return vm.Nil, err
		}
		return newTime(tm.In(l)), nil
	}},
	"Location": {0, 1, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) {
		return newLocation(tm.Location()), nil
	}},
	"Zone": {0, 2, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) {
		n, off := tm.Zone()
		return t.Ret2(vm.String(n), vm.Int(int64(off)))
	}},
	"AppendFormat": {2, 1, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) {
		b, err := vm.ArgStr("time.Time.AppendFormat", a, 0)
		if err != nil {
			return vm.Nil, err
		}
		l, err := vm.ArgStr("time.Time.AppendFormat", a, 1)
		if err != nil {
			return vm.Nil, err
		}
		return vm.String(string(tm.AppendFormat([]byte(b), l))), nil
	}},
	"MarshalText": {0, 2, func(t *vm.Thread, tm time.Time, a []vm.Value) (vm.Value, error) {
		b, err := tm.MarshalText()
		return t.Ret2(vm.String(string(b)), errValue(err))
	}},
}

// durationMethods are Duration's methods.
var durationMethods = map[string]struct {
	nargs int
	f     func(d time.Duration, args []vm.Value) (vm.Value, error)
}{
	"String":       {0, func(d time.Duration, a []vm.Value) (vm.Value, error) { return vm.String(d.String()), nil }},
	"Hours":        {0, func(d time.Duration, a []vm.Value) (vm.Value, error) { return vm.Float(d.Hours()), nil }},
	"Minutes":      {0, func(d time.Duration, a []vm.Value) (vm.Value, error) { return vm.Float(d.Minutes()), nil }},
	"Seconds":      {0, func(d time.Duration, a []vm.Value) (vm.Value, error) { return vm.Float(d.Seconds()), nil }},
	"Milliseconds": {0, func(d time.Duration, a []vm.Value) (vm.Value, error) { return vm.Int(d.Milliseconds()), nil }},
	"Microseconds": {0, func(d time.Duration, a []vm.Value) (vm.Value, error) { return vm.Int(d.Microseconds()), nil }},
	"Nanoseconds":  {0, func(d time.Duration, a []vm.Value) (vm.Value, error) { return vm.Int(d.Nanoseconds()), nil }},
	"Abs":          {0, func(d time.Duration, a []vm.Value) (vm.Value, error) { return newDuration(d.Abs()), nil }},
	"Round": {1, func(d time.Duration, a []vm.Value) (vm.Value, error) {
		m, err := durationArg("time.Duration.Round", a, 0)
		return newDuration(d.Round(m)), err
	}},
	"Truncate": {1, func(d time.Duration, a []vm.Value) (vm.Value, error) {
		m, err := durationArg("time.Duration.Truncate", a, 0)
		return newDuration(d.Truncate(m)), err
	}},
}

// tickerObj is a time.Ticker: its channel and the scheduler timer.
type tickerObj struct {
	c     vm.Value
	timer *sched.Timer
}

// afterFuncTimer is the state of a time.AfterFunc timer: a goroutine waits
// for the scheduler timer on c and then calls f, unless stopped.
type afterFuncObj struct {
	timerObj
	f vm.Value
}

var afterFuncType = &vm.ObjType{Name: "time.Timer"}

// initTimeTypes adds the methods of this file's types (time.go's init
// calls it after making Time's own).
func initTimeTypes() {
	for name, tmm := range timeMethods {
		mname := "time.Time." + name
		timeType.Methods[name] = newMethod("time.Time", name, tmm.nargs, tmm.nres, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			tm, _ := timeArg(mname, args, 0)
			return tmm.f(t, tm, args[1:])
		})
	}
	timeType.Str = func(o *vm.Object) string { return o.Data.(time.Time).String() }
	durationObjType.Methods = map[string]*vm.Native{}
	for name, dm := range durationMethods {
		nres := 1
		durationObjType.Methods[name] = newMethod("time.Duration", name, dm.nargs, nres, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return dm.f(args[0].Object().Data.(time.Duration), args[1:])
		})
	}
	durationObjType.Str = func(o *vm.Object) string { return o.Data.(time.Duration).String() }
	locationType.Str = func(o *vm.Object) string { return o.Data.(*time.Location).String() }
	locationType.Methods = map[string]*vm.Native{
		"String": newMethod("time.Location", "String", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return vm.String(args[0].Object().Data.(*time.Location).String()), nil
		}),
	}
	tickerType.Attr = func(o *vm.Object, name string) (vm.Value, bool) {
		if name == "C" {
			return o.Data.(*tickerObj).c, true
		}
		return vm.Nil, false
	}
	tickerType.Methods = map[string]*vm.Native{
		"Stop": newMethod("time.Ticker", "Stop", 0, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			args[0].Object().Data.(*tickerObj).timer.Stop()
			return vm.Nil, nil
		}),
		"Reset": newMethod("time.Ticker", "Reset", 1, 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			d, err := durationArg("time.Ticker.Reset", args, 1)
			if err != nil {
				return vm.Nil, err
			}
			if d <= 0 {
				return vm.Nil, vm.PlainErrorf("non-positive interval for Ticker.Reset")
			}
			tk := args[0].Object().Data.(*tickerObj)
			tk.timer.Stop()
			drain(t, tk.c)
			tk.timer.ResetPeriod(d, d)
			return vm.Nil, nil
		}),
	}
}

// initTimeMore declares the members; called from time.go's init, before
// the module is registered.
func initTimeMore(m *module) {
	for _, c := range []struct{ name, v string }{
		{"Layout", time.Layout}, {"ANSIC", time.ANSIC}, {"UnixDate", time.UnixDate},
		{"RubyDate", time.RubyDate}, {"RFC822", time.RFC822}, {"RFC822Z", time.RFC822Z},
		{"RFC850", time.RFC850}, {"RFC1123", time.RFC1123}, {"RFC1123Z", time.RFC1123Z},
		{"RFC3339", time.RFC3339}, {"RFC3339Nano", time.RFC3339Nano}, {"Kitchen", time.Kitchen},
		{"Stamp", time.Stamp}, {"StampMilli", time.StampMilli}, {"StampMicro", time.StampMicro},
		{"StampNano", time.StampNano}, {"DateTime", time.DateTime}, {"DateOnly", time.DateOnly},
		{"TimeOnly", time.TimeOnly},
	} {
		m.value(c.name, vm.String(c.v))
		m.doc(c.name, "const "+c.name+" = \""+c.v+"\"", c.name+" is a layout for Format and Parse.")
	}
	for mo := time.January; mo <= time.December; mo++ {
		m.value(mo.String(), vm.Int(int64(mo)))
		m.doc(mo.String(), "const "+mo.String()+" Month = "+itoa(int(mo)), mo.String()+" is month "+itoa(int(mo))+".")
	}
	for wd := time.Sunday; wd <= time.Saturday; wd++ {
		m.value(wd.String(), vm.Int(int64(wd)))
		m.doc(wd.String(), "const "+wd.String()+" Weekday = "+itoa(int(wd)), wd.String()+" is weekday "+itoa(int(wd))+" (Sunday is 0).")
	}
	m.value("UTC", newLocation(time.UTC))
	m.doc("UTC", "var UTC *Location", "UTC is Coordinated Universal Time.")
	m.value("Local", newLocation(time.Local))
	m.doc("Local", "var Local *Location", "Local is the host's time zone.")
	m.fn("Duration", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		d, err := durationArg("time.Duration", args, 0)
		return newDuration(d), err
	})
	m.doc("Duration", "func Duration(d int) Duration", "Duration converts nanoseconds to a Duration that prints as Go does (1.5s) and has String, Seconds, Milliseconds, Round, Truncate, ...")
	m.fn("Month", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		n, err := vm.ArgInt("time.Month", args, 0)
		return vm.String(time.Month(n).String()), err
	})
	m.doc("Month", "func Month(m int) string", "Month returns the English name of month m (time.Month(1) is \"January\").")
	m.fn("Weekday", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		n, err := vm.ArgInt("time.Weekday", args, 0)
		return vm.String(time.Weekday(n).String()), err
	})
	m.doc("Weekday", "func Weekday(d int) string", "Weekday returns the English name of weekday d (0 is \"Sunday\").")
	m.fn("ParseDuration", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := vm.ArgStr("time.ParseDuration", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		d, perr := time.ParseDuration(s)
		return t.Ret2(durationValue(d), errValue(perr))
	})
	m.doc("ParseDuration", "func ParseDuration(s string) (Duration, error)", "ParseDuration parses a duration such as \"300ms\", \"-1.5h\" or \"2h45m\" (result in nanoseconds).")
	m.fn("Parse", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		l, err := vm.ArgStr("time.Parse", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		s, err := vm.ArgStr("time.Parse", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		tm, perr := time.Parse(l, s)
		if perr != nil {
			return t.Ret2(newTime(time.Time{}), errValue(perr))
		}
		return t.Ret2(newTime(tm), vm.Nil)
	})
	m.doc("Parse", "func Parse(layout, value string) (Time, error)", "Parse parses value by a Go layout (reference time Mon Jan 2 15:04:05 MST 2006).")
	m.fn("ParseInLocation", 3, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		l, err := vm.ArgStr("time.ParseInLocation", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		s, err := vm.ArgStr("time.ParseInLocation", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		loc, err := locArg("time.ParseInLocation", args, 2)
		if err != nil {
			return vm.Nil, err
		}
		tm, perr := time.ParseInLocation(l, s, loc)
		return t.Ret2(newTime(tm), errValue(perr))
	})
	m.doc("ParseInLocation", "func ParseInLocation(layout, value string, loc *Location) (Time, error)", "ParseInLocation is Parse, reading a time without a zone in loc.")
	m.fnRange("Date", 8, 8, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		var n [7]int64
		for i := range n {
			var err error
			if n[i], err = vm.ArgInt("time.Date", args, i); err != nil {
				return vm.Nil, err
			}
		}
		loc, err := locArg("time.Date", args, 7)
		if err != nil {
			return vm.Nil, err
		}
		return newTime(time.Date(int(n[0]), time.Month(n[1]), int(n[2]), int(n[3]), int(n[4]), int(n[5]), int(n[6]), loc)), nil
	})
	m.doc("Date", "func Date(year, month, day, hour, min, sec, nsec int, loc *Location) Time", "Date returns the time of the given calendar fields in loc (out-of-range fields normalize).")
	m.fn("Unix", 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := vm.ArgInt("time.Unix", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		ns, err := vm.ArgInt("time.Unix", args, 1)
		return newTime(time.Unix(s, ns)), err
	})
	m.doc("Unix", "func Unix(sec int64, nsec int64) Time", "Unix returns the local time of a Unix time in seconds and nanoseconds.")
	m.fn("UnixMilli", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		ms, err := vm.ArgInt("time.UnixMilli", args, 0)
		return newTime(time.UnixMilli(ms)), err
	})
	m.doc("UnixMilli", "func UnixMilli(msec int64) Time", "UnixMilli returns the local time of a Unix time in milliseconds.")
	m.fn("Until", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		tm, err := timeArg("time.Until", args, 0)
		return durationValue(time.Until(tm)), err
	})
	m.doc("Until", "func Until(t Time) Duration", "Until is t.Sub(time.Now()).")
	m.fn("LoadLocation", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		name, err := vm.ArgStr("time.LoadLocation", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		var loc *time.Location
		var lerr error
		t.Syscall(func() { loc, lerr = time.LoadLocation(name) })
		if lerr != nil {
			return t.Ret2(vm.Nil, errValue(lerr))
		}
		return t.Ret2(newLocation(loc), vm.Nil)
	})
	m.doc("LoadLocation", "func LoadLocation(name string) (*Location, error)", "LoadLocation returns the zone of an IANA name (\"Europe/Paris\") from the host's tz data; \"UTC\" and \"Local\" too.")
	m.fn("FixedZone", 2, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		name, err := vm.ArgStr("time.FixedZone", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		off, err := vm.ArgInt("time.FixedZone", args, 1)
		return newLocation(time.FixedZone(name, int(off))), err
	})
	m.doc("FixedZone", "func FixedZone(name string, offset int) *Location", "FixedZone returns a zone always offset seconds east of UTC.")
	m.fn("NewTicker", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		d, err := durationArg("time.NewTicker", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		if d <= 0 {
			return vm.Nil, vm.PlainErrorf("non-positive interval for NewTicker")
		}
		c, tm := startTimer(t, d, d)
		return vm.NewObject(tickerType, &tickerObj{c: c, timer: tm}), nil
	})
	m.doc("NewTicker", "func NewTicker(d Duration) *Ticker", "NewTicker returns a Ticker whose channel C receives the time every d (slow receivers miss ticks); Stop, Reset.")
	m.fn("AfterFunc", 2, 1, afterFunc)
	m.doc("AfterFunc", "func AfterFunc(d Duration, f func()) *Timer", "AfterFunc calls f in its own goroutine after d; the Timer's Stop cancels the call.")
}

func itoa(n int) string { return vm.Int(int64(n)).String() }

// afterFunc starts a goroutine that waits on a timer's channel and calls f.
// Stop closes the channel instead (the goroutine sees it closed and ends
// without calling f); Reset re-arms it.
func afterFunc(t *vm.Thread, args []vm.Value) (vm.Value, error) {
	d, err := durationArg("time.AfterFunc", args, 0)
	if err != nil {
		return vm.Nil, err
	}
	f, err := vm.ArgFunc("time.AfterFunc", args, 1)
	if err != nil {
		return vm.Nil, err
	}
	a := &afterFuncObj{f: f}
	a.c, a.timer = startTimer(t, d, 0)
	if err := t.Go(afterFuncWaiter.Value(), a.c, f); err != nil {
		return vm.Nil, err
	}
	return vm.NewObject(afterFuncType, a), nil
}

// afterFuncWaiter is the AfterFunc goroutine's body: receive from c (a
// restartable park), then call f unless c was closed by Stop.
var afterFuncWaiter = vm.NewNative("time.AfterFunc.func", 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
	c := args[0].Chan().Raw()
	if !t.Resumed() {
		_, ok, r := c.Recv(t.M(), t.G(), true)
		if r == sched.Parked {
			return vm.Nil, vm.ErrPark
		}
		if !ok {
			return vm.Nil, nil
		}
	} else if c.Closed() && c.Len() == 0 {
		return vm.Nil, nil
	}
	_, err := t.Call(args[1])
	return vm.Nil, err
})

func init() {
	afterFuncType.Methods = map[string]*vm.Native{
		"Stop": newMethod("time.Timer", "Stop", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			a := args[0].Object().Data.(*afterFuncObj)
			stopped := a.timer.Stop()
			if stopped {
				a.c.Chan().Raw().Close(t.M()) // the waiter ends without calling f
			}
			return vm.Bool(stopped), nil
		}),
		"Reset": newMethod("time.Timer", "Reset", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			a := args[0].Object().Data.(*afterFuncObj)
			d, err := durationArg("time.Timer.Reset", args, 1)
			if err != nil {
				return vm.Nil, err
			}
			active := a.timer.Stop()
			if active {
				a.timer.Reset(d) // the waiter still waits on a.c
				return vm.True, nil
			}
			// Fired or stopped: a new channel and waiter.
			a.c, a.timer = startTimer(t, d, 0)
			if err := t.Go(afterFuncWaiter.Value(), a.c, a.f); err != nil {
				return vm.Nil, err
			}
			return vm.False, nil
		}),
	}
}
