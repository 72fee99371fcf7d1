package compiler

import (
	"errors"
	"maps"
	"path/filepath"
	"sort"

	"github.com/goro-lang/goro/lang"
	"github.com/goro-lang/goro/vm"
)

// Session compiles REPL inputs one at a time against one growing module
// (SPEC: the REPL; issue: "each line compiled against the session's
// globals — no re-running of earlier lines"). Top-level names declared by
// an input become globals every later input sees; imports stay bound.
//
// REPL conveniences that a file does not allow: an expression may stand as
// a statement (its value is echoed), and a top-level name may be declared
// again (`x := 2` after `x := 1` assigns it; `func f` replaces f).
type Session struct {
	opts    Options
	name    string // file name in positions ("<repl>")
	globals map[string]*variable
	order   []string // globals in declaration order
	modules map[string]*moduleRef
	loader  *loader
	inputs  int
}

// Input is one compiled REPL input.
type Input struct {
	// Proto is the input's code as a function of no arguments. When Echo is
	// set it returns the values of the input's final expression statement.
	Proto *vm.Proto
	Echo  bool
	// Modules lists file modules this input imported for the first time,
	// in dependency order: link them (and run their top-level code, which
	// Proto does through IMPORT) before running Proto.
	Modules []*vm.ModuleProto
	// ModIndex maps each file module key to its index among all the
	// session's file modules (the IMPORT operand).
	ModIndex map[string]int
}

// NewSession starts a REPL session. name is used in positions ("<repl>").
func NewSession(name string, opts Options) *Session {
	if opts.ReadFile == nil {
		opts.ReadFile = ReadSource
	}
	return &Session{
		opts:    opts,
		name:    name,
		globals: map[string]*variable{},
		modules: map[string]*moduleRef{},
		loader:  &loader{opts: opts, byKey: map[string]*loaded{}, modIndex: map[string]int{}, std: map[string]bool{}},
	}
}

// Compile compiles one input. A *lang.Error with Incomplete set (inside a
// lang.ErrorList) means the input is unfinished: read another line.
func (s *Session) Compile(src string) (*Input, error) {
	return s.compile(s.name, filepath.Join(".", "repl.goro"), src)
}

// CompileFile compiles the contents of a file as one input (the REPL's
// :load): positions name the file and its relative imports resolve
// against the file's directory, as they would for `goro run path`.
func (s *Session) CompileFile(path, src string) (*Input, error) {
	return s.compile(path, path, src)
}

// compile compiles one input named display in positions; importer is the
// path relative imports are resolved from.
func (s *Session) compile(display, importer, src string) (*Input, error) {
	file, err := lang.ParseREPL(display, []byte(src))
	if err != nil {
		return nil, asList(err)
	}
	before := len(s.loader.mods)
	undo := s.checkpoint()
	// Imports bind for the rest of the session.
	var imports []*lang.ImportSpec
	for _, st := range file.Stmts {
		if is, ok := st.(*lang.ImportStmt); ok {
			imports = append(imports, is.Spec)
		}
	}
	if err := s.bindImports(file, importer, imports); err != nil {
		undo()
		return nil, err
	}
	if err := lower(file, s.modules); err != nil {
		undo()
		return nil, err
	}
	r := &resolver{file: file, globals: s.globals, modules: s.modules, allowBareExprs: true, redefine: true}
	var stmts []lang.Stmt
	for _, st := range file.Stmts {
		if _, ok := st.(*lang.ImportStmt); !ok {
			stmts = append(stmts, st)
		}
	}
	known := make(map[string]bool, len(s.globals))
	for name := range s.globals {
		known[name] = true
	}
	info := r.resolveModule(stmts)
	if len(r.errs) > 0 {
		// A failed input declares nothing, imports included.
		for name := range s.globals {
			if !known[name] {
				delete(s.globals, name)
			}
		}
		undo()
		return nil, r.errs
	}
	for _, st := range stmts {
		for _, name := range declaredNames(st) {
			if !contains(s.order, name) {
				s.order = append(s.order, name)
			}
		}
	}
	s.inputs++
	g := &gen{file: file, modName: "main", imports: s.modules, modIndex: s.loader.modIndex}
	echo := false
	if n := len(stmts); n > 0 {
		if es, ok := stmts[n-1].(*lang.ExprStmt); ok {
			echo = true
			stmts[n-1] = &lang.ReturnStmt{ReturnPos: es.X.Start(), Results: []lang.Expr{es.X}}
		}
	}
	p := g.module(info, stmts, imports)
	if g.err != nil {
		undo()
		return nil, lang.ErrorList{g.err}
	}
	p.Name = "<input>"
	return &Input{Proto: p, Echo: echo, Modules: s.loader.mods[before:], ModIndex: maps.Clone(s.loader.modIndex)}, nil
}

// checkpoint records the session's imports and loaded modules and returns
// a function that restores them, for an input that fails: a module it
// loaded must be loaded again (and handed over in Input.Modules) by the
// input that finally binds it.
func (s *Session) checkpoint() (undo func()) {
	l := s.loader
	nmods := len(l.mods)
	modules := maps.Clone(s.modules)
	byKey := maps.Clone(l.byKey)
	modIndex := maps.Clone(l.modIndex)
	std := maps.Clone(l.std)
	return func() {
		s.modules = modules
		l.mods = l.mods[:nmods:nmods]
		l.byKey = byKey
		l.modIndex = modIndex
		l.std = std
		l.stack = l.stack[:0]
	}
}

// bindImports resolves the imports of one input and adds their bindings.
func (s *Session) bindImports(file *lang.File, importer string, imports []*lang.ImportSpec) error {
	saved := file.Imports
	file.Imports = imports
	defer func() { file.Imports = saved }()
	refs, err := s.loader.imports(file, importer)
	if err != nil {
		return err
	}
	for name, ref := range refs {
		if g := s.globals[name]; g != nil {
			return lang.ErrorList{errAt(file, imports[0].Pos, "%s redeclared in this block (a global of the session)", name)}
		}
		s.modules[name] = ref
	}
	return nil
}

// Globals returns the session's global names, in declaration order.
func (s *Session) Globals() []string { return append([]string(nil), s.order...) }

// Modules returns the names the session's imports bind, sorted.
func (s *Session) Modules() []string {
	names := make([]string, 0, len(s.modules))
	for n := range s.modules {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Members returns the members of an imported module (exported names of a
// file module, every member of a standard one), sorted; nil if name is not
// an imported module.
func (s *Session) Members(name string) []string {
	ref := s.modules[name]
	if ref == nil {
		return nil
	}
	out := append([]string(nil), ref.memList...)
	sort.Strings(out)
	return out
}

// Reset forgets every global and import.
func (s *Session) Reset() {
	*s = *NewSession(s.name, s.opts)
}

// IsIncomplete reports whether err says the input is unfinished (the REPL
// reads another line instead of reporting it).
func IsIncomplete(err error) bool {
	var list lang.ErrorList
	if errors.As(err, &list) {
		return len(list) == 1 && list[0].Incomplete
	}
	var e *lang.Error
	return errors.As(err, &e) && e.Incomplete
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
