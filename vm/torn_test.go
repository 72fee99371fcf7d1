package vm

import "testing"

// A torn read of a Value racing with a write pairs one write's p with
// another's n (issue 14, finding 6: a goroutine flipping x between
// 123456789 and "s" made a read of "s" compare != "s"). Every reader must
// decide by p and ignore n for objects.
func TestTornValuesCompareByTypeWord(t *testing.T) {
	s := String("s")
	tornStr := Value{p: s.p, n: 123456789}
	tornTrue := Value{p: tagBool, n: 123456789}
	for _, c := range []struct {
		name string
		a, b Value
		want bool
	}{
		{"string vs itself", tornStr, s, true},
		{"string vs equal string", tornStr, String("s"), true},
		{"string vs other", tornStr, String("t"), false},
		{"bool vs true", tornTrue, True, true},
		{"bool vs false", tornTrue, False, false},
		{"nil", Value{n: 7}, Nil, true},
		{"int bits still count", Int(1), Int(2), false},
	} {
		if got := Equal(c.a, c.b); got != c.want {
			t.Errorf("%s: Equal = %v, want %v", c.name, got, c.want)
		}
		if got := Equal(c.b, c.a); got != c.want {
			t.Errorf("%s: Equal (swapped) = %v, want %v", c.name, got, c.want)
		}
	}
	if !Same(tornStr, s) {
		t.Error("Same(torn string, string) = false")
	}
	m := NewMap(0)
	if err := m.Set(s, Int(1)); err != nil {
		t.Fatal(err)
	}
	if v, ok, _ := m.Get(tornStr); !ok || v != Int(1) {
		t.Errorf("map lookup by a torn string key: %v %v", v, ok)
	}
	if err := m.Set(True, Int(2)); err != nil {
		t.Fatal(err)
	}
	if v, ok, _ := m.Get(tornTrue); !ok || v != Int(2) {
		t.Errorf("map lookup by a torn bool key: %v %v", v, ok)
	}
}
