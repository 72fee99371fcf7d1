package stdlib

import (
	"strings"
	"testing"

	"github.com/goro-lang/goro/vm"
)

// Benchmarks of the library paths scripts lean on. Speed is measured here,
// never asserted in tests.

func BenchmarkSprintf(b *testing.B) {
	e := newEnv(&testing.T{})
	fn := e.member("fmt.Sprintf").Native()
	args := vals("%d: %s = %6.2f %v", 42, "name", 3.14159, []any{1, "a"})
	b.ReportAllocs()
	for b.Loop() {
		if _, err := fn.Fn(e.th, args); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkJSONRoundTrip(b *testing.B) {
	e := newEnv(&testing.T{})
	src := `{"users":[` + strings.Repeat(`{"name":"ann","age":30,"tags":["a","b"],"score":2.5,"ok":true},`, 50) + `{}]}`
	unmarshal, marshal := e.member("json.Unmarshal").Native(), e.member("json.Marshal").Native()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		v, err := unmarshal.Fn(e.th, []vm.Value{vm.String(src)})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := marshal.Fn(e.th, []vm.Value{v}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSortFunc(b *testing.B) {
	e := newEnv(&testing.T{})
	less := goNative("less", 1, func(args []vm.Value) (vm.Value, error) {
		return vm.Bool(args[0].AsInt() < args[1].AsInt()), nil
	})
	items := make([]vm.Value, 1000)
	sortFn := e.member("sort.Func").Native()
	b.ReportAllocs()
	for b.Loop() {
		for i := range items {
			items[i] = vm.Int(int64((i * 7919) % 1000))
		}
		if _, err := sortFn.Fn(e.th, []vm.Value{vm.NewListValue(items), less}); err != nil {
			b.Fatal(err)
		}
	}
}
