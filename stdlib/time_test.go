package stdlib

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/goro-lang/goro/vm"
)

func TestTimeAgainstGo(t *testing.T) {
	e := newEnv(t)
	utc := e.member("time.UTC")
	goT := time.Date(2024, 2, 29, 13, 4, 5, 123456789, time.UTC)
	tm := e.call1("time.Date", append(vals(2024, 2, 29, 13, 4, 5, 123456789), utc)...)
	call := func(name string, args ...vm.Value) []vm.Value {
		return e.method(tm, name, args...)
	}
	for _, layout := range []string{time.RFC3339, time.RFC3339Nano, time.Kitchen, time.ANSIC, time.RFC1123Z,
		time.DateTime, time.DateOnly, time.StampMicro, "Monday 2 January 06 15h04 .000 Z07:00 MST", "__2 002"} {
		assert.Equal(t, goT.Format(layout), call("Format", vm.String(layout))[0].AsStr(), layout)
	}
	assert.Equal(t, goT.String(), tm.String())
	ints := map[string]int64{"Year": int64(goT.Year()), "Month": int64(goT.Month()), "Day": int64(goT.Day()),
		"Hour": int64(goT.Hour()), "Minute": int64(goT.Minute()), "Second": int64(goT.Second()),
		"Nanosecond": int64(goT.Nanosecond()), "Weekday": int64(goT.Weekday()), "YearDay": int64(goT.YearDay()),
		"Unix": goT.Unix(), "UnixMilli": goT.UnixMilli(), "UnixMicro": goT.UnixMicro(), "UnixNano": goT.UnixNano()}
	for name, want := range ints {
		assert.Equal(t, vm.Int(want), call(name)[0], name)
	}
	gy, gw := goT.ISOWeek()
	assert.Equal(t, repr(vm.Int(int64(gy)), vm.Int(int64(gw))), repr(call("ISOWeek")...))
	assert.Equal(t, goT.AddDate(1, -3, 40).String(), call("AddDate", vals(1, -3, 40)...)[0].String())
	assert.Equal(t, goT.Truncate(time.Hour).String(), call("Truncate", vm.Int(int64(time.Hour)))[0].String())
	assert.Equal(t, goT.Round(time.Second).String(), call("Round", vm.Int(int64(time.Second)))[0].String())

	// Parse: value and error text as Go's.
	for _, c := range [][2]string{
		{time.RFC3339, "2023-10-05T07:30:00+02:00"},
		{time.DateOnly, "2023-13-01"},
		{time.DateTime, "2023-01-02 25:00:00"},
		{"Jan _2 2006", "Feb  3 2021"},
		{time.Kitchen, "3:04XM"},
		{time.RFC1123, "Mon, 02 Jan 2006 15:04:05 PST"},
	} {
		res := e.call("time.Parse", vm.String(c[0]), vm.String(c[1]))
		g, err := time.Parse(c[0], c[1])
		if err != nil {
			assert.Equal(t, err.Error(), errText(t, res[1]), "%q", c)
			continue
		}
		assert.True(t, res[1].IsNil(), "%q: %v", c, res[1])
		assert.Equal(t, g.String(), res[0].String(), "%q", c)
		assert.Equal(t, vm.Int(g.UnixNano()), e.method(res[0], "UnixNano")[0])
	}

	// Durations print and round as Go's.
	for _, d := range []time.Duration{0, 1, 999, 1500 * time.Microsecond, 120 * time.Millisecond, 1500 * time.Millisecond,
		90 * time.Minute, -3 * time.Second, 1<<63 - 1, -1 << 63, 36*time.Hour + 1} {
		dv := e.call1("time.Duration", vm.Int(int64(d)))
		assert.Equal(t, d.String(), dv.String())
		assert.Equal(t, vm.Float(d.Seconds()), e.method(dv, "Seconds")[0])
		assert.Equal(t, vm.Int(d.Milliseconds()), e.method(dv, "Milliseconds")[0])
		for _, m := range []time.Duration{0, time.Millisecond, time.Second, time.Hour, 7} {
			assert.Equal(t, d.Round(m).String(), e.method(dv, "Round", vm.Int(int64(m)))[0].String(), "%v.Round(%v)", d, m)
			assert.Equal(t, d.Truncate(m).String(), e.method(dv, "Truncate", vm.Int(int64(m)))[0].String(), "%v.Truncate(%v)", d, m)
		}
	}
	for _, s := range []string{"1h2m3.5s", "-1.5h", "300ms", "1us", "2µs", "bogus", "", "1d"} {
		res := e.call("time.ParseDuration", vm.String(s))
		d, err := time.ParseDuration(s)
		if err != nil {
			assert.Equal(t, err.Error(), errText(t, res[1]), s)
			continue
		}
		assert.Equal(t, vm.Int(int64(d)), res[0], s)
	}

	// Zones from the host's tz data.
	if ny, err := time.LoadLocation("America/New_York"); err == nil {
		res := e.call("time.LoadLocation", vm.String("America/New_York"))
		assert.Equal(t, goT.In(ny).String(), call("In", res[0])[0].String())
	}
	res := e.call("time.LoadLocation", vm.String("Nowhere/Special"))
	_, err := time.LoadLocation("Nowhere/Special")
	assert.Equal(t, err.Error(), errText(t, res[1]))
	assert.Equal(t, "January", e.call1("time.Month", vm.Int(1)).AsStr())
	assert.Equal(t, "Saturday", e.call1("time.Weekday", vm.Int(6)).AsStr())
}
