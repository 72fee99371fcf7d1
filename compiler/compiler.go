// Package compiler turns parsed Goro source into a vm.Program: it loads the
// file modules a program imports (detecting import cycles), resolves names
// (resolve.go: every user error is reported there) and generates register
// bytecode (codegen.go, stmt.go, expr.go: generation cannot fail).
package compiler

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"

	"github.com/goro-lang/goro/lang"
	"github.com/goro-lang/goro/vm"
)

// Options configure compilation.
type Options struct {
	// Modules finds standard modules (for their member lists).
	Modules vm.ModuleLookup
	// ReadFile reads imported files; nil means ReadSource (regular files
	// only, at most lang.MaxSourceSize bytes).
	ReadFile func(path string) ([]byte, error)
	// CheckImport, if not nil, is asked about each import before it is
	// loaded (a file module before it is read): a non-empty answer is
	// the compile error at the import's path. The sandbox of a REPL
	// session refuses a module its run may not use here, at compile time.
	CheckImport func(site vm.ImportSite) string
	// KeepGlobals keeps every top-level variable a global (no promotion to
	// a register of the top-level code, see promote.go): a host embedding
	// the program reads and sets globals by name after the top-level code
	// ran.
	KeepGlobals bool
	// Context, if not nil, stops the compilation early: Compile then
	// returns Context.Err(). It is checked before and after each file's
	// parse and before its code generation.
	Context context.Context
}

// Compile compiles the program whose main file is filename with source src,
// and every file module it imports. The error is a lang.ErrorList.
func Compile(filename string, src []byte, opts Options) (*vm.Program, error) {
	if opts.ReadFile == nil {
		opts.ReadFile = ReadSource
	}
	l := &loader{opts: opts, byKey: map[string]*loaded{}, modIndex: map[string]int{}, std: map[string]bool{}}
	idx, err := l.load(filename, filepath.Clean(filename), "main", src, nil)
	if err != nil {
		return nil, err
	}
	prog := &vm.Program{Modules: l.mods, Main: idx, Imports: l.sites}
	for s := range l.std {
		prog.StdModules = append(prog.StdModules, s)
	}
	return prog, nil
}

// loaded is a file module during loading.
type loaded struct {
	index   int // in loader.mods, once compiled
	done    bool
	display string
	exports []string
}

type loader struct {
	opts  Options
	mods  []*vm.ModuleProto
	byKey map[string]*loaded
	// modIndex maps the key of every compiled module to its index in mods
	// (grown as modules finish: rebuilding it per module was quadratic).
	modIndex map[string]int
	stack    []string // display names of the modules being loaded (for cycles)
	std      map[string]bool
	sites    []vm.ImportSite // every import, for the sandbox's check (vm.Program.Imports)
}

// load parses and compiles one file module (after the modules it imports)
// and returns its index in l.mods.
func (l *loader) load(display, key, name string, src []byte, from *lang.Error) (int, error) {
	if err := l.cancelled(); err != nil {
		return 0, err
	}
	file, err := lang.Parse(display, src)
	if err != nil {
		return 0, asList(err)
	}
	if err := l.cancelled(); err != nil {
		return 0, err
	}
	st := &loaded{display: display}
	l.byKey[key] = st
	l.stack = append(l.stack, display)
	refs, err := l.imports(file, display)
	l.stack = l.stack[:len(l.stack)-1]
	if err != nil {
		return 0, err
	}
	if err := l.cancelled(); err != nil {
		return 0, err
	}
	mp, exports, err := compileModule(file, name, key, refs, l.modIndex, !l.opts.KeepGlobals)
	if err != nil {
		return 0, err
	}
	st.index = len(l.mods)
	st.done = true
	st.exports = exports
	l.mods = append(l.mods, mp)
	l.modIndex[key] = st.index
	return st.index, nil
}

// cancelled returns the context's error once it is done.
func (l *loader) cancelled() error {
	if l.opts.Context == nil {
		return nil
	}
	return l.opts.Context.Err()
}

// imports loads what file imports and returns the import bindings.
func (l *loader) imports(file *lang.File, display string) (map[string]*moduleRef, error) {
	refs := map[string]*moduleRef{}
	for _, imp := range file.Imports {
		bind := bindingName(imp)
		posErr := func(format string, a ...any) error {
			return lang.ErrorList{errAt(file, imp.PathPos, format, a...)}
		}
		if _, dup := refs[bind]; dup {
			pos := imp.PathPos
			if imp.Name != nil {
				pos = imp.Name.NamePos
			}
			return nil, lang.ErrorList{errAt(file, pos, "%s redeclared in this block", bind)}
		}
		if !isFilePath(imp.Path) {
			path, err := l.goPath(imp.Path)
			if err != nil {
				return nil, posErr("%s", err.Error())
			}
			imp.Path = path
		}
		l.sites = append(l.sites, vm.ImportSite{
			Path: imp.Path, File: isFilePath(imp.Path), Filename: file.Name,
			Line: imp.PathPos.Line, Col: imp.PathPos.Col,
			Source: lang.SourceLine(file.Src, int(imp.PathPos.Line)),
		})
		if l.opts.CheckImport != nil {
			if msg := l.opts.CheckImport(l.sites[len(l.sites)-1]); msg != "" {
				return nil, posErr("%s", msg)
			}
		}
		if !isFilePath(imp.Path) {
			ref, err := l.stdRef(imp.Path, bind)
			if err != nil {
				return nil, posErr("%s", err.Error())
			}
			refs[bind] = ref
			continue
		}
		if filepath.Ext(imp.Path) != ".goro" {
			// Only Goro source is read: never a device, nor a file whose
			// first line an error would then show.
			return nil, posErr("could not import %s (a file module's path must end in .goro)", imp.Path)
		}
		key := filepath.Clean(filepath.Join(filepath.Dir(display), imp.Path))
		if st := l.byKey[key]; st != nil {
			if !st.done {
				cycle := append(append([]string{}, l.stack[indexOf(l.stack, st.display):]...), st.display)
				return nil, posErr("import cycle: %s", strings.Join(cycle, " -> "))
			}
			refs[bind] = fileRef(bind, key, st.exports)
			continue
		}
		src, err := l.opts.ReadFile(key)
		if err != nil {
			var pe *os.PathError
			if errors.As(err, &pe) {
				err = pe.Err
			}
			return nil, posErr("could not import %s (%v)", imp.Path, err)
		}
		modName := strings.TrimSuffix(filepath.Base(key), filepath.Ext(key))
		if _, err := l.load(key, key, modName, src, nil); err != nil {
			return nil, err
		}
		refs[bind] = fileRef(bind, key, l.byKey[key].exports)
	}
	return refs, nil
}

// unavailable lists Go standard packages that Goro does not provide, for
// a message a Go programmer understands.
var unavailable = map[string]bool{
	"unsafe": true, "reflect": true, "syscall": true, "plugin": true, "C": true,
	"runtime/cgo": true, "embed": true, "go/ast": true, "go/parser": true,
	"go/token": true, "testing": true, "net/rpc": true, "debug/elf": true,
}

// goPath maps a Go import path to the Goro module that provides it: the
// path itself when a module has that name ("math/rand", "path/filepath"),
// else the module named by its last element ("encoding/json" is json).
// A Go package Goro lacks is reported as such.
func (l *loader) goPath(path string) (string, error) {
	if l.opts.Modules == nil || l.opts.Modules(path) != nil {
		return path, nil
	}
	if i := strings.LastIndexByte(path, '/'); i >= 0 {
		if last := path[i+1:]; l.opts.Modules(last) != nil {
			return last, nil
		}
	}
	if unavailable[path] || strings.Contains(path, ".") || goStd(path) {
		if !strings.Contains(path, ".") {
			return "", errors.New("package \"" + path + "\" is not available in Goro")
		}
		return "", errors.New("package \"" + path + "\" is not available in Goro (Goro has no third-party Go packages; import ./file.goro modules instead)")
	}
	return path, nil
}

// goStd reports whether path looks like a Go standard package Goro lacks
// (a known top-level directory of Go's library).
func goStd(path string) bool {
	top, _, _ := strings.Cut(path, "/")
	switch top {
	case "archive", "bufio", "bytes", "cmp", "compress", "container", "context", "crypto", "database",
		"debug", "encoding", "errors", "expvar", "flag", "fmt", "go", "hash", "html", "image",
		"index", "io", "iter", "log", "maps", "math", "mime", "net", "os", "path", "regexp",
		"runtime", "slices", "sort", "strconv", "strings", "sync", "text", "time", "unicode", "unique":
		return true
	}
	return false
}

func (l *loader) stdRef(path, bind string) (*moduleRef, error) {
	var def *vm.ModuleDef
	if l.opts.Modules != nil {
		def = l.opts.Modules(path)
	}
	if def == nil {
		return nil, errors.New("unknown module \"" + path + "\"")
	}
	l.std[path] = true
	ref := &moduleRef{name: bind, key: path, std: true, members: map[string]bool{}}
	for _, m := range def.Members {
		ref.members[m] = true
		ref.memList = append(ref.memList, m)
	}
	return ref, nil
}

func fileRef(bind, key string, exports []string) *moduleRef {
	ref := &moduleRef{name: bind, key: key, members: map[string]bool{}}
	for _, e := range exports {
		ref.members[e] = true
		ref.memList = append(ref.memList, e)
	}
	return ref
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return 0
}

// isFilePath tells a file import ("./x.goro", "../x.goro", "/x.goro") from
// a standard module ("strings").
func isFilePath(p string) bool {
	return strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") || strings.HasPrefix(p, "/") ||
		strings.HasSuffix(p, ".goro")
}

// bindingName is the name an import binds: its alias, else the last path
// element without extension.
func bindingName(imp *lang.ImportSpec) string {
	if imp.Name != nil {
		return imp.Name.Name
	}
	base := imp.Path
	if i := strings.LastIndex(base, "/"); i >= 0 {
		base = base[i+1:]
	}
	return strings.TrimSuffix(base, ".goro")
}

func errAt(file *lang.File, pos lang.Pos, format string, a ...any) *lang.Error {
	r := &resolver{file: file}
	r.errorf(pos, format, a...)
	return r.errs[0]
}

func asList(err error) error {
	switch e := err.(type) {
	case *lang.Error:
		return lang.ErrorList{e}
	case lang.ErrorList:
		return e
	}
	return lang.ErrorList{{Msg: err.Error()}}
}

// compileModule resolves and compiles one parsed file. It returns the
// module, its exported names, and errors as a lang.ErrorList.
func compileModule(file *lang.File, name, key string, refs map[string]*moduleRef, modIndex map[string]int, promote bool) (*vm.ModuleProto, []string, error) {
	if err := lower(file, refs); err != nil {
		return nil, nil, err
	}
	r := &resolver{file: file, globals: map[string]*variable{}, modules: refs}
	info := r.resolveModule(file.Stmts)
	if len(r.errs) > 0 {
		return nil, nil, r.errs
	}
	if promote {
		r.promoteLocals(file.Stmts, info)
	}
	g := &gen{file: file, modName: name, imports: refs, modIndex: modIndex}
	init := g.module(info, file.Stmts, file.Imports)
	if g.err != nil {
		return nil, nil, lang.ErrorList{g.err}
	}
	if err := verify(init); err != nil {
		// A bug in code generation: report it at compile time rather
		// than have every run fail.
		return nil, nil, lang.ErrorList{{File: file.Name, Msg: "internal compiler error: " + err.Error()}}
	}
	mp := &vm.ModuleProto{Name: name, Key: key, File: file.Name, Init: init}
	var exports []string
	for _, s := range file.Stmts {
		for _, id := range declaredNames(s) {
			mp.Globals = append(mp.Globals, id)
			if isExported(id) {
				exports = append(exports, id)
			}
		}
	}
	for _, imp := range file.Imports {
		ref := refs[bindingName(imp)]
		if ref.std {
			mp.Imports = append(mp.Imports, -1)
		} else {
			mp.Imports = append(mp.Imports, modIndex[ref.key])
		}
	}
	return mp, exports, nil
}

// declaredNames lists the globals a top-level statement declares.
func declaredNames(s lang.Stmt) []string {
	var out []string
	switch s := s.(type) {
	case *lang.FuncDecl:
		out = append(out, s.Func.Name.Name)
	case *lang.VarDecl:
		for _, id := range s.Names {
			if v, ok := id.Ref.(*variable); ok && v.global && id.Name != "_" {
				out = append(out, id.Name)
			}
		}
	case *lang.AssignStmt:
		if s.Tok == lang.DEFINE {
			for _, e := range s.Lhs {
				if id, ok := e.(*lang.Ident); ok && id.Name != "_" {
					if v, ok := id.Ref.(*variable); ok && v.global {
						out = append(out, id.Name)
					}
				}
			}
		}
	}
	return out
}

// verify checks p and its nested functions as the VM will before running
// them (vm.Verify), iteratively.
func verify(p *vm.Proto) error {
	todo := []*vm.Proto{p}
	for len(todo) > 0 {
		p := todo[len(todo)-1]
		todo = todo[:len(todo)-1]
		if err := vm.Verify(p); err != nil {
			return err
		}
		todo = append(todo, p.Protos...)
	}
	return nil
}
