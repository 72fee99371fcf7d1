//go:build unix

package main

import (
	"bytes"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// kill -QUIT on `goro run` dumps every goroutine and exits 2, as Go does.
func TestSigquitDump(t *testing.T) {
	script := writeScript(t, "q.goro", `import "time"
ch := chan()
go func() { <-ch }()
println("ready")
time.Sleep(time.Hour)
`)
	cmd := exec.Command(goroBin, script)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	buf := make([]byte, 6)
	_, err = stdout.Read(buf) // "ready\n": the goroutines exist
	require.NoError(t, err)
	require.NoError(t, cmd.Process.Signal(syscall.SIGQUIT))
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err = <-done:
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("goro did not exit after SIGQUIT")
	}
	ee, ok := err.(*exec.ExitError)
	require.True(t, ok, "want exit error, got %v", err)
	assert.Equal(t, 2, ee.ExitCode())
	out := stderr.String()
	assert.True(t, strings.HasPrefix(out, "SIGQUIT: quit\n\n"), out)
	assert.Contains(t, out, "goroutine 1 [sleep]:\nmain.init(...)\n")
	assert.Contains(t, out, "goroutine 2 [chan receive]:\n")
	assert.Contains(t, out, "created by main.init in goroutine 1\n")
}
