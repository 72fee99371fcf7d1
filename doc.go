package goro

import (
	"fmt"
	"strings"

	"github.com/goro-lang/goro/stdlib"
)

// Doc returns the documentation of a standard module or one of its members,
// as `goro doc` and the REPL's :doc print it, from the module's own
// definition: "strings.Split" gives the signature and one-line description
// of Split; "strings" (or "path/filepath") lists every member of the
// module with its signature. A module may be named by its last path
// element when that is unambiguous ("filepath.Join", "csv.NewReader").
func Doc(query string) (string, error) {
	query = strings.TrimSpace(query)
	if query == "" {
		return "", fmt.Errorf("doc: want a module or module.Member (strings.Split)")
	}
	if path, ok := findModule(query); ok {
		return moduleDoc(path), nil
	}
	i := strings.LastIndexByte(query, '.')
	if i <= 0 || i == len(query)-1 {
		return "", fmt.Errorf("doc: no standard module %q", query)
	}
	path, ok := findModule(query[:i])
	if !ok {
		return "", fmt.Errorf("doc: no standard module %q", query[:i])
	}
	member := query[i+1:]
	d, ok := stdlib.MemberDoc(path, member)
	if !ok {
		return "", fmt.Errorf("doc: %s has no member %s", path, member)
	}
	return memberDoc(path, member, d), nil
}

// findModule resolves a module's import path or its unambiguous last
// element.
func findModule(name string) (string, bool) {
	if stdlib.Lookup(name) != nil {
		return name, true
	}
	var found []string
	for _, p := range stdlib.Names() {
		if p[strings.LastIndexByte(p, '/')+1:] == name {
			found = append(found, p)
		}
	}
	if len(found) != 1 {
		return "", false // none, or ambiguous
	}
	return found[0], true
}

func memberDoc(path, member string, d stdlib.Doc) string {
	var b strings.Builder
	fmt.Fprintf(&b, "package %s // import %q\n\n", path[strings.LastIndexByte(path, '/')+1:], path)
	sig := d.Sig
	if sig == "" {
		sig = member
	}
	b.WriteString(sig)
	b.WriteByte('\n')
	if d.Text != "" {
		b.WriteString("    ")
		b.WriteString(d.Text)
		b.WriteByte('\n')
	}
	return b.String()
}

func moduleDoc(path string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "package %s // import %q\n\n", path[strings.LastIndexByte(path, '/')+1:], path)
	for _, m := range stdlib.Lookup(path).Members {
		d, _ := stdlib.MemberDoc(path, m)
		sig := d.Sig
		if sig == "" {
			sig = m
		}
		b.WriteString(sig)
		b.WriteByte('\n')
	}
	return b.String()
}
