package repl

import (
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goro-lang/goro"
)

// namer is what completion asks the session (a *goro.Session).
type namer interface {
	// Names: globals, imported modules, builtins, keywords.
	Names() []string
	// Members of a module, imported or standard; nil if none.
	Members(module string) []string
}

// Complete returns the completions of the text before the cursor: the
// candidate words, each starting with typed, the part of the word already
// typed. pending holds the earlier lines of an unfinished input (their
// declarations are in scope, and a raw string or import group they open
// goes on). It completes keywords, builtins, globals, locals declared
// earlier in the input, module names, members after "module.", standard
// module paths inside `import "`, commands after ':' and file names after
// ":load ".
func Complete(n namer, pending []string, before string) (cands []string, typed string) {
	if len(pending) == 0 && strings.HasPrefix(strings.TrimLeft(before, " \t"), ":") {
		return completeCommand(n, strings.TrimLeft(before, " \t"))
	}
	src := before
	if len(pending) > 0 {
		src = strings.Join(pending, "\n") + "\n" + before
	}
	sc := scan(src)
	switch sc.state {
	case inString:
		if sc.importPath {
			partial := src[sc.strStart:]
			return withPrefix(quoteEach(goro.StdModules()), partial), partial
		}
		return nil, ""
	case inRaw, inRune, inComment:
		return nil, ""
	}
	word := trailingWord(before)
	rest := before[:len(before)-len(word)]
	if strings.HasSuffix(rest, ".") {
		qual := trailingWord(rest[:len(rest)-1])
		if qual == "" || isDigit(qual) {
			return nil, ""
		}
		return withPrefix(n.Members(qual), word), word
	}
	if isDigit(word) {
		return nil, ""
	}
	names := append(n.Names(), sc.locals...)
	return withPrefix(names, word), word
}

// completeCommand completes a ':' line: the command, then a file name for
// :load or Goro for :dis.
func completeCommand(n namer, line string) ([]string, string) {
	name, arg, hasArg := strings.Cut(line, " ")
	if !hasArg {
		return withPrefix(commandNames(), name), name
	}
	arg = strings.TrimLeft(arg, " ")
	if found := lookup(strings.TrimPrefix(name, ":")); len(found) == 1 {
		switch found[0].name {
		case "load":
			return completeFile(arg), arg
		case "dis":
			return Complete(n, nil, arg)
		}
	}
	return nil, ""
}

// completeFile lists the files and directories (with a trailing '/') whose
// path starts with partial.
func completeFile(partial string) []string {
	matches, _ := filepath.Glob(escapeGlob(partial) + "*")
	var out []string
	for _, m := range matches {
		if fi, err := os.Stat(m); err == nil && fi.IsDir() {
			m += string(filepath.Separator)
		}
		if strings.HasPrefix(m, partial) {
			out = append(out, m)
		}
	}
	return out
}

func escapeGlob(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// withPrefix returns the distinct names that start with prefix, sorted.
func withPrefix(names []string, prefix string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		if strings.HasPrefix(n, prefix) && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// quoteEach closes each import path with its quote, so that completing
// `import "str` gives `import "strings"`.
func quoteEach(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = p + `"`
	}
	return out
}

func isIdentRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

func isDigit(w string) bool { return w != "" && w[0] >= '0' && w[0] <= '9' }

// trailingWord returns the identifier characters at the end of s.
func trailingWord(s string) string {
	i := len(s)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if !isIdentRune(r) {
			break
		}
		i -= size
	}
	return s[i:]
}

func isIdentStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return isIdentRune(r)
}

// Lexer states at the end of the text being completed.
const (
	inCode = iota
	inString
	inRaw
	inRune
	inComment
)

// scanned is what completion needs from the text before the cursor.
type scanned struct {
	state      int
	strStart   int  // where an unterminated string's text starts
	importPath bool // that string is an import path
	locals     []string
}

// scan lexes src just enough to know whether its end is inside a string or
// a comment, and which names it declares: the left sides of :=, names
// after var, func names and parameters, import aliases. It is a sketch of
// the real lexer, not a parser: a missed or extra local only changes the
// completions offered.
func scan(src string) scanned {
	var sc scanned
	var toks []string // identifiers and punctuation; strings as `"`
	importGroup := false
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '/' && strings.HasPrefix(src[i:], "//"):
			j := strings.IndexByte(src[i:], '\n')
			if j < 0 {
				sc.state = inComment
				i = len(src)
				continue
			}
			i += j
		case c == '/' && strings.HasPrefix(src[i:], "/*"):
			j := strings.Index(src[i+2:], "*/")
			if j < 0 {
				sc.state = inComment
				i = len(src)
				continue
			}
			i += j + 4
			continue
		case c == '"' || c == '\'' || c == '`':
			j := stringEnd(src, i)
			if j < 0 {
				switch c {
				case '"':
					sc.state = inString
				case '\'':
					sc.state = inRune
				default:
					sc.state = inRaw
				}
				sc.strStart = i + 1
				sc.importPath = c == '"' && importBinding(toks, importGroup, "x") != ""
				i = len(src)
				continue
			}
			if name := importBinding(toks, importGroup, src[i+1:j-1]); name != "" {
				sc.locals = append(sc.locals, name)
			}
			toks = append(toks, `"`)
			i = j
			continue
		case isIdentStart(src[i:]):
			j := i
			for j < len(src) {
				r, size := utf8.DecodeRuneInString(src[j:])
				if !isIdentRune(r) {
					break
				}
				j += size
			}
			toks = append(toks, src[i:j])
			i = j
			continue
		case c == ':' && strings.HasPrefix(src[i:], ":="):
			toks = append(toks, ":=")
			i += 2
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			// Completion needs no line structure.
		default:
			if c == '(' && lastIs(toks, "import") {
				importGroup = true
			} else if c == ')' && importGroup {
				importGroup = false
			}
			toks = append(toks, string(c))
		}
		i++
	}
	sc.locals = append(sc.locals, declared(toks)...)
	return sc
}

// importBinding returns the module name that a string literal lit binds
// when it follows toks as an import path (its alias, else the path's last
// element), or "" when it is no import path.
func importBinding(toks []string, group bool, lit string) string {
	n := len(toks)
	switch {
	case n >= 1 && toks[n-1] == "import", group && n >= 1 && !isIdent(toks[n-1]):
		return strings.TrimSuffix(path.Base(lit), ".goro")
	case n >= 2 && toks[n-2] == "import" && isIdent(toks[n-1]),
		group && n >= 1 && isIdent(toks[n-1]):
		return toks[n-1]
	}
	return ""
}

// stringEnd returns the index after the literal that starts at src[i], or
// -1 if it does not end.
func stringEnd(src string, i int) int {
	q := src[i]
	for j := i + 1; j < len(src); j++ {
		switch {
		case src[j] == '\\' && q != '`':
			j++
		case src[j] == q:
			return j + 1
		case src[j] == '\n' && q != '`':
			return -1
		}
	}
	return -1
}

func last(toks []string) string {
	if len(toks) == 0 {
		return ""
	}
	return toks[len(toks)-1]
}

func lastIs(toks []string, s string) bool { return last(toks) == s }

func isIdent(t string) bool {
	r := []rune(t)
	return len(r) > 0 && !unicode.IsDigit(r[0]) && isIdentRune(r[0])
}

// declared finds the names that toks declare.
func declared(toks []string) []string {
	var out []string
	// idents collects `a, b, c` going backwards from toks[j].
	idents := func(j int) {
		for j >= 0 && isIdent(toks[j]) {
			out = append(out, toks[j])
			if j >= 1 && toks[j-1] == "," {
				j -= 2
				continue
			}
			break
		}
	}
	for i, t := range toks {
		switch t {
		case ":=":
			idents(i - 1)
		case "var":
			for j := i + 1; j < len(toks) && isIdent(toks[j]); j += 2 {
				out = append(out, toks[j])
				if j+1 >= len(toks) || toks[j+1] != "," {
					break
				}
			}
		case "func":
			j := i + 1
			if j < len(toks) && isIdent(toks[j]) {
				out = append(out, toks[j])
				j++
			}
			if j < len(toks) && toks[j] == "(" {
				// Parameters: the names up to the closing parenthesis.
				for j++; j < len(toks) && toks[j] != ")"; j++ {
					if isIdent(toks[j]) {
						out = append(out, toks[j])
					}
				}
			}
		}
	}
	return out
}
