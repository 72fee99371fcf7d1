package goro_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/goro-lang/goro"
)

// TestFilesThroughHostFS checks that with Options.FS the script's file
// functions see the host's fs.FS and nothing outside it: reads resolve
// inside it ("/" is its root, ".." stops there), writes fail with
// fs.ErrPermission, and the process's own files (/etc/hostname, this
// package's go.mod) are not reachable.
func TestFilesThroughHostFS(t *testing.T) {
	fsys := fstest.MapFS{
		"data/a.txt":   {Data: []byte("alpha\n")},
		"data/b.txt":   {Data: []byte("beta\n")},
		"etc/hostname": {Data: []byte("inside\n")},
	}
	prog, err := goro.Compile("files.goro", []byte(`import "os"
import "path/filepath"
import "strings"

data, err := os.ReadFile("data/a.txt")
println(strings.TrimSpace(data), err)
data, err = os.ReadFile("/etc/hostname")
println(strings.TrimSpace(data), err)
data, err = os.ReadFile("../../../etc/hostname")
println(strings.TrimSpace(data), err)
_, err = os.ReadFile("go.mod")
println(os.IsNotExist(err))
fi, err := os.Stat("./data/b.txt")
println(fi.Name(), fi.Size(), err)
ents, err := os.ReadDir("data")
for _, e := range ents { println(e.Name()) }
m, err := filepath.Glob("data/*.txt")
println(m, err)
f, err := os.Open("data/b.txt")
buf, err := f.Read(100)
println(strings.TrimSpace(buf), err)
_, err = f.Write("x")
println(os.IsPermission(err))
f.Close()
err = os.WriteFile("data/c.txt", "x", 0o644)
println(os.IsPermission(err), err)
_, err = os.Create("new.txt")
println(os.IsPermission(err))
println(os.IsPermission(os.Remove("data/a.txt")))
`))
	require.NoError(t, err)
	var out bytes.Buffer
	err = prog.Run(context.Background(), goro.Options{Stdout: &out, Stderr: &out, Capabilities: goro.Files, FS: fsys})
	require.NoError(t, err, out.String())
	assert.Equal(t, strings.Join([]string{
		"alpha <nil>",
		"inside <nil>",
		"inside <nil>",
		"true",
		"b.txt 5 <nil>",
		"a.txt", "b.txt",
		"[data/a.txt data/b.txt] <nil>",
		"beta <nil>",
		"true",
		"true os.WriteFile data/c.txt: permission denied",
		"true",
		"true",
	}, "\n")+"\n", out.String())
	_, statErr := fsys["data/c.txt"]
	assert.False(t, statErr, "the script wrote into the host's FS")
}

// TestReadFileCappedAtMemoryLimit checks that os.ReadFile of an endless
// file (/dev/zero) ends with an error at the run's memory limit instead
// of reading until the host is out of memory.
func TestReadFileCappedAtMemoryLimit(t *testing.T) {
	prog, err := goro.Compile("zero.goro", []byte(`import "os"
data, err := os.ReadFile("/dev/zero")
println(len(data), err)
`))
	require.NoError(t, err)
	var out bytes.Buffer
	err = prog.Run(context.Background(), goro.Options{Stdout: &out, Capabilities: goro.Files, MaxMemory: 8 << 20})
	require.NoError(t, err)
	assert.Equal(t, "0 read /dev/zero: larger than the run's memory limit (8 MiB)\n", out.String())
}
