package stdlib

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/goro-lang/goro/vm"
)

// TestExecAgainstGo runs each command with Goro's exec and Go's and
// compares output and error text.
func TestExecAgainstGo(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	cases := []struct {
		args  []string
		mode  string
		stdin string
	}{
		{[]string{"echo", "a", "b"}, "Output", ""},
		{[]string{"sh", "-c", "echo out; echo err >&2; exit 4"}, "CombinedOutput", ""},
		{[]string{"sh", "-c", "echo out; echo err >&2; exit 4"}, "Output", ""},
		{[]string{"sh", "-c", "tr a-z A-Z"}, "Output", "shout\n"},
		{[]string{"no-such-program-goro"}, "Output", ""},
		{[]string{"sh", "-c", "kill -9 $$"}, "Run", ""},
	}
	for _, c := range cases {
		e := newEnv(t)
		cmd := e.call1("os/exec.Command", vals(anyStrings(c.args)...)...)
		if c.stdin != "" {
			_, err := cmd.Object().Type().SetAttr(cmd.Object(), "Stdin", vm.String(c.stdin))
			assert.NoError(t, err)
		}
		res := e.method(cmd, c.mode)
		g := exec.Command(c.args[0], c.args[1:]...)
		if c.stdin != "" {
			g.Stdin = strings.NewReader(c.stdin)
		}
		var out []byte
		var err error
		switch c.mode {
		case "Output":
			out, err = g.Output()
		case "CombinedOutput":
			out, err = g.CombinedOutput()
		default:
			err = g.Run()
		}
		errV := res[len(res)-1]
		if c.mode != "Run" {
			assert.Equal(t, string(out), res[0].AsStr(), "%v", c.args)
		}
		if err == nil {
			assert.True(t, errV.IsNil(), "%v: %v", c.args, errV)
		} else {
			assert.Equal(t, err.Error(), errText(t, errV), "%v", c.args)
		}
	}
}

func anyStrings(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}
