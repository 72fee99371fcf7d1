package repl

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// :profile EXPR runs the input under the profiler, echoes its value and
// lists the top functions; the session goes on.
func TestProfileCommand(t *testing.T) {
	// spin runs for 100 ms of wall time, most of it in its own loop: at
	// least a few samples however slow the machine.
	in := "import \"time\"\nfunc spin(ms) {\n\tt := time.Now()\n\tn := 0\n\tfor time.Since(t) < ms * time.Millisecond {\n\t\tfor i := range 2000 {\n\t\t\tn += i\n\t\t}\n\t}\n\treturn n > 0\n}\n:profile spin(100)\nprintln(\"after\")\n"
	out, errOut, code := runPiped(t, in)
	assert.Equal(t, 0, code, errOut)
	assert.Contains(t, out, "true\n")
	assert.Regexp(t, `profile: \d+ samples \(\S+\) in \S+\n\s+flat\s+flat%\s+sum%\s+cum\s+cum%\n`, out)
	top := regexp.MustCompile(`(?m)^\s+\S+\s+\S+%\s+\S+%\s+\S+\s+\S+%\s+(\S+)$`).FindStringSubmatch(out)
	require.NotNil(t, top, out)
	assert.Equal(t, "main.spin", top[1])
	assert.Contains(t, out, "after\n")
	_, errOut, code = runPiped(t, ":profile\n")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "usage: :profile EXPR")
}

// :trace EXPR writes a trace file of the input and prints its path.
func TestTraceCommand(t *testing.T) {
	in := "c := chan()\n:trace go func() { c <- 1 }(); <-c\n"
	out, errOut, code := runPiped(t, in)
	assert.Equal(t, 0, code, errOut)
	m := regexp.MustCompile(`trace written to (\S+\.json) `).FindStringSubmatch(out)
	require.NotNil(t, m, out)
	defer os.Remove(m[1])
	b, err := os.ReadFile(m[1])
	require.NoError(t, err)
	var tf struct {
		TraceEvents []struct {
			Ph, Name, Cat string
		} `json:"traceEvents"`
	}
	require.NoError(t, json.Unmarshal(b, &tf))
	var runs []string
	for _, e := range tf.TraceEvents {
		if e.Ph == "X" && strings.HasPrefix(e.Name, "G") {
			runs = append(runs, e.Name+":"+e.Cat)
		}
	}
	assert.NotEmpty(t, runs)
	assert.Contains(t, strings.Join(runs, " "), ":chan receive")
}
