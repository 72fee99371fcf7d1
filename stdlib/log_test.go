package stdlib

import (
	"bytes"
	"log"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/goro-lang/goro/vm"
)

// TestLogAgainstGo compares Goro's Logger with Go's for the flags that do
// not depend on the clock or the call site, and checks the shape of those
// that do.
func TestLogAgainstGo(t *testing.T) {
	type call struct {
		fn   string
		args []any
	}
	calls := []call{
		{"Println", []any{"a", 1, 2.5, true}},
		{"Print", []any{"x", 1, 2, "y"}},
		{"Print", []any{"ends with newline\n"}},
		{"Printf", []any{"%d|%5.2f|%q", 7, 3.14159, "q"}},
		{"Println", []any{}},
	}
	for _, flags := range []int{0, log.Lmsgprefix} {
		for _, prefix := range []string{"", "app: "} {
			e := newEnv(t)
			b := e.call1("strings.Builder")
			l := e.call1("log.New", b, vm.String(prefix), vm.Int(int64(flags)))
			var want bytes.Buffer
			gl := log.New(&want, prefix, flags)
			for _, c := range calls {
				e.method(l, c.fn, vals(c.args...)...)
				switch c.fn {
				case "Println":
					gl.Println(c.args...)
				case "Print":
					gl.Print(c.args...)
				case "Printf":
					gl.Printf(c.args[0].(string), c.args[1:]...)
				}
			}
			assert.Equal(t, want.String(), e.method(b, "String")[0].AsStr(), "flags %d prefix %q", flags, prefix)
		}
	}
	e := newEnv(t)
	e.call("log.SetPrefix", vm.String("p "))
	e.call("log.Println", vm.String("std"))
	e.call("log.SetFlags", vm.Int(log.LstdFlags|log.Lmicroseconds|log.LUTC))
	e.call("log.Print", vm.String("micro"))
	assert.Regexp(t, regexp.MustCompile(`^p \d{4}/\d\d/\d\d \d\d:\d\d:\d\d std\np \d{4}/\d\d/\d\d \d\d:\d\d:\d\d\.\d{6} micro\n$`), e.stderr.String())

	// Fatal exits with status 1, Panic panics with the message.
	_, err := e.try("log.Fatalln", vm.String("bye"))
	var exit *vm.ExitError
	assert.ErrorAs(t, err, &exit)
	assert.Equal(t, 1, exit.Code)
	assert.Equal(t, "boom 3", e.panicMsg("log.Panicf", vm.String("boom %d"), vm.Int(3)))
}
