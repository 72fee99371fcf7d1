package goro

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDoc(t *testing.T) {
	out, err := Doc("strings.Split")
	require.NoError(t, err)
	assert.Equal(t, "package strings // import \"strings\"\n\nfunc Split(s, sep string) []string\n    Split slices s into all substrings separated by sep and returns a slice of the substrings between those separators.\n", out)
	out, err = Doc("csv.NewReader") // by the last path element
	require.NoError(t, err)
	assert.Contains(t, out, "import \"encoding/csv\"")
	assert.Contains(t, out, "func NewReader(r io.Reader) *Reader")
	out, err = Doc("path/filepath")
	require.NoError(t, err)
	assert.Contains(t, out, "func WalkDir(")
	assert.Greater(t, strings.Count(out, "\n"), 20)
	_, err = Doc("nosuch.X")
	assert.EqualError(t, err, `doc: no standard module "nosuch"`)
	_, err = Doc("strings.Nope")
	assert.EqualError(t, err, "doc: strings has no member Nope")
	_, err = Doc("")
	assert.Error(t, err)
}
