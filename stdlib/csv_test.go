package stdlib

import (
	"encoding/csv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/goro-lang/goro/vm"
)

// TestCSVAgainstGo reads each input with Goro's csv.Reader and Go's, with
// the same options, and compares every record and error.
func TestCSVAgainstGo(t *testing.T) {
	cases := []struct {
		in             string
		comma, comment string
		fields         int
		lazy, trim     bool
	}{
		{in: "a,b,c\n1,2,3\n"},
		{in: "a;b\n#x\n\"q;\"\"r\";s\n", comma: ";", comment: "#"},
		{in: "a,b\nc\n", fields: 0},
		{in: "a,b\nc\n", fields: -1},
		{in: "a,\"b\nc\",d\r\n", fields: 0},
		{in: "a,b\"c\n", lazy: false},
		{in: "a,b\"c\n", lazy: true},
		{in: " a,  b\n", trim: true},
		{in: "\"unterminated\n"},
		{in: ""},
	}
	for _, c := range cases {
		e := newEnv(t)
		r := e.call1("encoding/csv.NewReader", e.call1("strings.NewReader", vm.String(c.in)))
		gr := csv.NewReader(strings.NewReader(c.in))
		set := func(name string, v vm.Value) {
			_, err := r.Object().Type().SetAttr(r.Object(), name, v)
			assert.NoError(t, err)
		}
		if c.comma != "" {
			set("Comma", vm.String(c.comma))
			gr.Comma = rune(c.comma[0])
		}
		if c.comment != "" {
			set("Comment", vm.String(c.comment))
			gr.Comment = rune(c.comment[0])
		}
		set("FieldsPerRecord", vm.Int(int64(c.fields)))
		gr.FieldsPerRecord = c.fields
		set("LazyQuotes", vm.Bool(c.lazy))
		gr.LazyQuotes = c.lazy
		set("TrimLeadingSpace", vm.Bool(c.trim))
		gr.TrimLeadingSpace = c.trim
		for i := 0; i < 10; i++ {
			res := e.method(r, "Read")
			rec, err := gr.Read()
			want := "nil"
			if rec != nil {
				want = strList(rec).String()
			}
			assert.Equal(t, want, map[bool]string{true: "nil", false: res[0].String()}[res[0].IsNil()], "%q record %d", c.in, i)
			if err == nil {
				assert.True(t, res[1].IsNil(), "%q record %d: %v", c.in, i, res[1])
				continue
			}
			assert.Equal(t, err.Error(), errText(t, res[1]), "%q record %d", c.in, i)
			if err.Error() == "EOF" {
				assert.True(t, vm.Same(res[1], vm.EOF))
				break
			}
		}
	}
}

func TestCSVWriterAgainstGo(t *testing.T) {
	recs := [][]string{{"a", "b c", "d,e"}, {"q\"r", "", "line\nbreak"}, {" lead", "#x"}}
	for _, crlf := range []bool{false, true} {
		e := newEnv(t)
		b := e.call1("strings.Builder")
		w := e.call1("encoding/csv.NewWriter", b)
		_, err := w.Object().Type().SetAttr(w.Object(), "UseCRLF", vm.Bool(crlf))
		assert.NoError(t, err)
		var sb strings.Builder
		gw := csv.NewWriter(&sb)
		gw.UseCRLF = crlf
		items := make([]vm.Value, len(recs))
		for i, r := range recs {
			items[i] = strList(r)
		}
		assert.True(t, e.method(w, "WriteAll", vm.NewListValue(items))[0].IsNil())
		assert.NoError(t, gw.WriteAll(recs))
		assert.Equal(t, sb.String(), e.method(b, "String")[0].AsStr())
	}
}
