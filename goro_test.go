package goro_test

import (
	"bytes"
	"context"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro"
)

// With no Procs and no GOROMAXPROCS, a run gets as many Ps as Go's own
// GOMAXPROCS: the host's setting (or a container's CPU quota) carries over.
func TestDefaultProcsFollowGOMAXPROCS(t *testing.T) {
	prog, err := goro.Compile("procs.goro", []byte("import \"runtime\"\nprintln(runtime.GOMAXPROCS())\n"))
	require.NoError(t, err)
	noEnv := func(string) string { return "" }
	run := func(opts goro.Options) string {
		var out bytes.Buffer
		opts.Stdout, opts.Getenv = &out, noEnv
		require.NoError(t, prog.Run(context.Background(), opts))
		return out.String()
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	assert.Equal(t, "3\n", run(goro.Options{}))
	assert.Equal(t, "5\n", run(goro.Options{Procs: 5}), "Procs wins")
	runtime.GOMAXPROCS(1)
	assert.Equal(t, "1\n", run(goro.Options{}))
}
