package stdlib

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro/vm"
)

func (e *env) marshal(v vm.Value) (string, string) {
	e.t.Helper()
	res := e.call("json.Marshal", v)
	require.Len(e.t, res, 2)
	if !res[1].IsNil() {
		require.True(e.t, res[0].IsNil())
		return "", errText(e.t, res[1])
	}
	return res[0].AsStr(), ""
}

func (e *env) unmarshal(s string) (vm.Value, string) {
	e.t.Helper()
	res := e.call("json.Unmarshal", vm.String(s))
	require.Len(e.t, res, 2)
	return res[0], errText(e.t, res[1])
}

// TestJSONConformance is testdata/conformance/mod_json.goro.
func TestJSONConformance(t *testing.T) {
	e := newEnv(t)
	s, err := e.marshal(val(kv{"name", "goro", "tags", []any{"a", "b"}, "n", 3, "pi", 2.5, "ok", true, "none", nil}))
	assert.Empty(t, err)
	assert.Equal(t, `{"name":"goro","tags":["a","b"],"n":3,"pi":2.5,"ok":true,"none":null}`, s)

	v, err := e.unmarshal(`{"z": 1, "a": [true, null, 2.5, "x"], "m": {"k": -7}}`)
	assert.Empty(t, err)
	assert.Equal(t, "map[z:1 a:[true <nil> 2.5 x] m:map[k:-7]]", v.String())
	z, _ := v.Map().GetStr("z")
	a, _ := v.Map().GetStr("a")
	a2, _, _ := a.List().Get(2)
	assert.Equal(t, "int", z.TypeName())
	assert.Equal(t, "float", a2.TypeName())
	back, _ := e.marshal(v)
	assert.Equal(t, `{"z":1,"a":[true,null,2.5,"x"],"m":{"k":-7}}`, back)

	src := `[1,{"b":2,"a":1},"s",[]]`
	w, _ := e.unmarshal(src)
	again, _ := e.marshal(w)
	assert.Equal(t, src, again)

	_, bad := e.unmarshal(`{"unterminated": `)
	assert.Equal(t, "unexpected end of JSON input", bad)

	q, _ := e.marshal(vm.String("quote \" and \\ backslash"))
	assert.Equal(t, `"quote \" and \\ backslash"`, q)
}

func TestJSONMarshal(t *testing.T) {
	e := newEnv(t)
	l := vm.NewList(nil)
	l.Append(vm.Int(1), l.Value())
	m := vm.NewMap(1)
	require.NoError(t, m.Set(vm.String("k"), vm.NewListValue([]vm.Value{m.Value()})))
	shared := val([]any{1})
	cases := []struct {
		v        vm.Value
		want     string
		wantErr  string
		describe string
	}{
		{v: vm.Nil, want: "null"},
		{v: val([]any{}), want: "[]"},
		{v: val(kv{}), want: "{}"},
		{v: val(kv{1, "a", 2.5, "b", "c", 3}), want: `{"1":"a","2.5":"b","c":3}`},
		{v: val(kv{-7, 1e21}), want: `{"-7":1e+21}`},
		{v: val([]any{math.MaxInt64, math.MinInt64, 1.0, -0.0, 1e-7, 123456789.0}),
			want: `[9223372036854775807,-9223372036854775808,1,0,1e-7,123456789]`},
		{v: val([]any{shared, shared}), want: `[[1],[1]]`, describe: "a shared (non-cyclic) value is fine"},
		{v: val(kv{true, 1}), wantErr: "json: unsupported map key type: bool"},
		{v: val([]any{math.NaN()}), wantErr: "json: unsupported value: NaN"},
		{v: val(math.Inf(-1)), wantErr: "json: unsupported value: -Inf"},
		{v: val(kv{math.Inf(1), 1}), wantErr: "json: unsupported value: +Inf"},
		{v: e.member("strings.Index"), wantErr: "json: unsupported type: func"},
		{v: val([]any{vm.NewError("x")}), wantErr: "json: unsupported type: error"},
		{v: e.member("os.Stdout"), wantErr: "json: unsupported type: os.File"},
		{v: l.Value(), wantErr: "json: unsupported value: encountered a cycle via list"},
		{v: m.Value(), wantErr: "json: unsupported value: encountered a cycle via map"},
	}
	for _, c := range cases {
		got, err := e.marshal(c.v)
		assert.Equal(t, c.want, got, "%s %s", c.v, c.describe)
		assert.Equal(t, c.wantErr, err, "%s", c.v)
	}

	// Nesting up to the limit works; beyond it is an error, never a host
	// stack overflow.
	deep := func(n int) vm.Value {
		v := vm.Int(1)
		for range n {
			v = vm.NewListValue([]vm.Value{v})
		}
		return v
	}
	s, err := e.marshal(deep(maxJSONDepth))
	assert.Empty(t, err)
	assert.Len(t, s, 2*maxJSONDepth+1)
	_, err = e.marshal(deep(maxJSONDepth + 1))
	assert.Equal(t, "json: unsupported value: exceeded max depth", err)
}

// TestJSONMatchesGoEncoding compares string escaping and float formatting
// with encoding/json.
func TestJSONMatchesGoEncoding(t *testing.T) {
	e := newEnv(t)
	strs := []string{"", "plain", "<a href=\"x\">&amp;</a>", "\x00\x01\x1f\x7f", "\b\f\n\r\t\\/",
		"é世界😀", "\u2028\u2029", "\xff\xfe", "a\xc3", "\xed\xa0\x80", "\U0010FFFF", "'single'"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		b := make([]byte, rng.IntN(12))
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		strs = append(strs, string(b))
	}
	for _, s := range strs {
		want, err := json.Marshal(s)
		require.NoError(t, err)
		got, msg := e.marshal(vm.String(s))
		assert.Empty(t, msg)
		assert.Equal(t, string(want), got, "%q", s)
	}

	floats := []float64{0, 1, -1, 0.1, 1e-6, 9.99e-7, 1e-7, 1e20, 1e21, 1e22, 123456789.123, math.MaxFloat64,
		math.SmallestNonzeroFloat64, -1e-300, 5e-324, 1.5e300, math.Copysign(0, -1)}
	for range 2000 {
		floats = append(floats, math.Float64frombits(rng.Uint64()))
	}
	for _, f := range floats {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		want, err := json.Marshal(f)
		require.NoError(t, err)
		got, msg := e.marshal(vm.Float(f))
		assert.Empty(t, msg)
		assert.Equal(t, string(want), got, "%v", f)
	}
}

// toGo converts a decoded Goro value to what encoding/json decodes into an
// any, for comparison (ints become float64 as Go has only float64).
func toGo(v vm.Value) any {
	switch v.Kind() {
	case vm.KindNil:
		return nil
	case vm.KindBool:
		b, _ := v.ToBool()
		return b
	case vm.KindInt:
		return float64(v.AsInt())
	case vm.KindFloat:
		return v.AsFloat()
	case vm.KindString:
		return v.AsStr()
	case vm.KindList:
		out := []any{}
		for _, x := range v.List().Snapshot() {
			out = append(out, toGo(x))
		}
		return out
	case vm.KindMap:
		out := map[string]any{}
		keys, vals := v.Map().Items()
		for i, k := range keys {
			out[k.AsStr()] = toGo(vals[i])
		}
		return out
	}
	panic("toGo: " + v.TypeName())
}

// checkAgainstGo decodes s with both decoders and compares error text or
// value.
func checkAgainstGo(t *testing.T, e *env, s string) {
	t.Helper()
	var want any
	goErr := json.Unmarshal([]byte(s), &want)
	got, msg := e.unmarshal(s)
	if goErr != nil {
		assert.Equal(t, goErr.Error(), msg, "input %q", s)
		assert.True(t, got.IsNil())
		return
	}
	require.Empty(t, msg, "input %q", s)
	assert.Equal(t, want, toGo(got), "input %q", s)
}

var jsonCorpus = []string{
	``, ` `, `x`, `nul`, `nulx`, `tru`, `trUe`, `f`, `fals`, `falsey`, `null null`, `1 2`, `-`, `--1`, `-a`, `01`, `-01`,
	`1.`, `1.e5`, `.5`, `1e`, `1e+`, `1e+x`, `1E5`, `1e-5`, `-0`, `-0.0`, `0e0`, `1x`, `123abc`,
	`12345678901234567890`, `-9223372036854775808`, `9223372036854775807`, `9223372036854775808`, `1e400`, `-1e400`,
	`[1e400, x]`, `[1e400, 2]`, `1e-400`, `"`, `"abc`, `"a\`, `"\x"`, `"\u12"`, `"\u12g4"`, `"\uD83D\uDE00"`,
	`"\uD83D"`, `"\uD83Dx"`, `"\uD83D\u0041"`, `"\uDE00\uD83D"`, `"\uD83D\uD83D\uDE00"`, "\"\x01\"", "\"tab\there\"", "\"\xff\"",
	`"\/\b\f\n\r\t\"\\"`, `"\'"`, `{`, `{"a"`, `{"a":`, `{"a":1`, `{"a":1,`, `{"a":1,}`, `{"a" 1}`, `{a:1}`, `{,}`,
	`{"a":1 "b":2}`, `{"a":1}}`, `{}`, `{ }`, `{"":""}`, `{"a":1,"a":2}`, `[`, `[1`, `[1,`, `[1,]`, `[,1]`, `[1 2]`,
	`[]`, `[ ]`, `[[[]]]`, `[1]]`, `[}`, `{]`, " \t\r\n[1]\n ", "\v1", `[1,{"a":[true,false,null,"x",-2.5e-3]}]`,
	`"<>&\u2028"`, `{"b":2,"a":1}`, `[null]`, "\xef\xbb\xbf1", `"é"`, `'a'`, `[1,2,3,4,5,6,7,8,9,10]`,
}

func TestJSONUnmarshalMatchesGo(t *testing.T) {
	e := newEnv(t)
	for _, s := range jsonCorpus {
		checkAgainstGo(t, e, s)
	}
	// Mutations of valid documents: every byte position replaced or cut.
	docs := []string{`{"a":[1,2.5,{"b":null}],"c":"d\u00e9\n","e":-1e-3,"f":true}`, `[{"x":[]},"\uD83D\uDE00",0,false]`}
	repl := []byte{'x', ' ', '"', '\\', '{', '}', '[', ']', ',', ':', '1', '-', '.', 'e', 0x01, 0xff}
	for _, d := range docs {
		for i := range len(d) {
			checkAgainstGo(t, e, d[:i])
			for _, r := range repl {
				checkAgainstGo(t, e, d[:i]+string([]byte{r})+d[i+1:])
			}
		}
	}
}

func TestJSONUnmarshalNumbers(t *testing.T) {
	e := newEnv(t)
	cases := []struct {
		src, typ, str string
	}{
		{`3`, "int", "3"},
		{`-0`, "int", "0"},
		{`-0.0`, "float", "-0"},
		{`3.0`, "float", "3"},
		{`1e2`, "float", "100"},
		{`9223372036854775807`, "int", "9223372036854775807"},
		{`-9223372036854775808`, "int", "-9223372036854775808"},
		{`9223372036854775808`, "float", "9.223372036854776e+18"},
	}
	for _, c := range cases {
		v, err := e.unmarshal(c.src)
		require.Empty(t, err)
		assert.Equal(t, c.typ, v.TypeName(), c.src)
		assert.Equal(t, c.str, v.String(), c.src)
	}
}

func TestJSONDepth(t *testing.T) {
	e := newEnv(t)
	ok := strings.Repeat("[", maxJSONDepth) + strings.Repeat("]", maxJSONDepth)
	_, err := e.unmarshal(ok)
	assert.Empty(t, err)
	checkAgainstGo(t, e, ok)
	tooDeep := strings.Repeat(`{"a":[`, maxJSONDepth)
	checkAgainstGo(t, e, tooDeep)
	_, err = e.unmarshal(strings.Repeat("[", maxJSONDepth+1))
	assert.Equal(t, "invalid character '[' exceeded max depth", err)
}

func TestJSONRoundTripOrder(t *testing.T) {
	e := newEnv(t)
	src := `{"zebra":1,"apple":{"y":[],"x":{}},"mango":[3,2.5,"s",null,true],"":"empty","1":"digit"}`
	v, err := e.unmarshal(src)
	require.Empty(t, err)
	out, merr := e.marshal(v)
	require.Empty(t, merr)
	assert.Equal(t, src, out)
	// A repeated key keeps its first position and takes the last value.
	v, _ = e.unmarshal(`{"a":1,"b":2,"a":3}`)
	assert.Equal(t, "map[a:3 b:2]", v.String())
}

func TestJSONOutputLimit(t *testing.T) {
	long := vm.String(strings.Repeat("x", 1000))
	items := make([]vm.Value, 100)
	for i := range items {
		items[i] = long
	}
	e := encoder{limit: 10000}
	assert.Equal(t, errTooLarge, e.encode(vm.NewListValue(items), 0))
	m := vm.NewMap(100)
	for i := range 100 {
		require.NoError(t, m.Set(vm.Int(int64(i)), long))
	}
	e = encoder{limit: 10000}
	assert.Equal(t, errTooLarge, e.encode(m.Value(), 0))
	e = encoder{limit: 10000}
	assert.Empty(t, e.encode(vm.NewListValue(items[:9]), 0))
}

func TestJSONIndentAndValid(t *testing.T) {
	e := newEnv(t)
	v := val(kv{"b", []any{1, kv{}}, "a", "x"})
	res := e.call("json.MarshalIndent", v, vm.String(">"), vm.String("  "))
	assert.Equal(t, "{\n>  \"b\": [\n>    1,\n>    {}\n>  ],\n>  \"a\": \"x\"\n>}", res[0].AsStr())
	assert.True(t, res[1].IsNil())
	res = e.call("json.MarshalIndent", e.member("os.Stdin"), vm.String(""), vm.String(" "))
	assert.Equal(t, "json: unsupported type: os.File", errText(t, res[1]))
	for _, s := range jsonCorpus {
		_, msg := e.unmarshal(s)
		assert.Equal(t, vm.Bool(msg == "" || strings.HasPrefix(msg, "json: cannot unmarshal")), e.call1("json.Valid", vm.String(s)), "%q", s)
	}
}

func FuzzJSONUnmarshal(f *testing.F) {
	for _, s := range jsonCorpus {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkAgainstGo(t, newEnv(t), s)
	})
}
