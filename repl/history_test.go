package repl

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHistoryForm(t *testing.T) {
	in := "func f() {\n\treturn `a\nb`\n}"
	assert.Equal(t, "func f() {↵\treturn `a↵b`↵}", toHistory(in))
	assert.Equal(t, in, fromHistory(toHistory(in)))
}

func TestHistoryFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "a", "b", "history")
	h := loadHistory(file)
	assert.Empty(t, h.entries)
	h.add("x := 1")
	h.add("x := 1") // the same again is kept once
	h.add("   ")
	h.add("for {\n}\n")
	data, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, "x := 1\nfor {↵}\n", string(data))
	fi, err := os.Stat(file)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	assert.Equal(t, []string{"x := 1", "for {↵}"}, loadHistory(file).entries)

	// The file is trimmed to the newest entries once it has grown to
	// twice the limit.
	for i := range 2 * historyLimit {
		h.add(fmt.Sprint(i))
	}
	data, err = os.ReadFile(file)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	assert.Less(t, len(lines), 2*historyLimit)
	assert.Equal(t, fmt.Sprint(2*historyLimit-1), lines[len(lines)-1])
	h = loadHistory(file)
	assert.Len(t, h.entries, historyLimit)
	assert.Equal(t, fmt.Sprint(2*historyLimit-1), h.entries[historyLimit-1])

	// No file: the history lives in memory.
	h = loadHistory("")
	h.add("y")
	assert.Equal(t, []string{"y"}, h.entries)
}

func TestDefaultHistoryFile(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", dir)
	t.Setenv("HOME", dir)
	t.Setenv("AppData", dir) // Windows
	got := DefaultHistoryFile()
	assert.True(t, strings.HasPrefix(got, dir), got)
	assert.Equal(t, "history", filepath.Base(got))
}
