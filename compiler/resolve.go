package compiler

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goro-lang/goro/lang"
	"github.com/goro-lang/goro/vm"
)

// Name resolution (the first pass). It walks a module's AST once, reports
// every user error (undefined names, redeclarations, misplaced branches),
// and annotates the AST so code generation cannot fail:
//   - every declaring Ident gets a *variable in Ref;
//   - every using Ident gets a *binding in Ref;
//   - every Func gets its *funcInfo in Ref, listing the variables it captures.
//
// Scopes follow Go: blocks nest; a function's parameters share the scope of
// its body; a variable declared by := or var is visible from the end of its
// declaring statement. Top-level names are module globals: visible in every
// function of the file wherever declared, and in top-level statements only
// after their declaration (SPEC §3). A variable captured by a closure and
// assigned after its declaration lives in a cell (see codegen), which is how
// closures and goroutines share it. One that is never assigned again cannot
// be told from a copy, so closures capture its value, as Go's compiler does:
// no cell, and the declaring function keeps it in a plain register.

// variable is a declared local (of some function) or global.
type variable struct {
	name     string
	pos      lang.Pos
	fn       *funcInfo // declaring function; nil for globals
	global   bool
	captured bool // referenced by a nested function
	assigned bool // assigned after its declaration (=, op=, ++, :=, range =)
	reg      int  // register (codegen); for boxed locals it holds the cell
	// declared is false until the end of the declaring statement (globals
	// used by top-level code before their declaration are undefined).
	declared bool
}

// boxed reports whether v lives in a cell: it is captured and may change
// after closures captured it. Valid once resolving has finished.
func (v *variable) boxed() bool { return v.captured && v.assigned }

// bindKind says what a name refers to.
type bindKind uint8

const (
	bLocal   bindKind = iota + 1 // a local of the function using it
	bUpval                       // a local of an enclosing function (captured)
	bGlobal                      // a global of this module
	bBuiltin                     // a universe builtin
	bModule                      // an imported module (only as a selector base)
)

// binding is what a using Ident's Ref holds.
type binding struct {
	kind    bindKind
	v       *variable // bLocal, bUpval, bGlobal
	up      int       // bUpval: index in the using function's upvals
	builtin *vm.Native
	mod     *moduleRef
}

// moduleRef is an imported module as seen by the importing file.
type moduleRef struct {
	name    string // binding name
	key     string // vm.GlobalRef.Module: file key or std path
	std     bool
	members map[string]bool // exported names (file modules) or members (std)
	memList []string
}

// funcInfo is per-function resolution data.
type funcInfo struct {
	parent *funcInfo
	node   *lang.Func // nil for a module's top-level code
	upvals []*variable
	upIdx  map[*variable]int
}

func (f *funcInfo) upval(v *variable) int {
	if i, ok := f.upIdx[v]; ok {
		return i
	}
	if f.upIdx == nil {
		f.upIdx = map[*variable]int{}
	}
	f.upIdx[v] = len(f.upvals)
	f.upvals = append(f.upvals, v)
	return len(f.upvals) - 1
}

// scope is one block of declarations.
type scope struct {
	parent *scope
	fn     *funcInfo
	names  map[string]*variable
}

// resolver resolves one module.
type resolver struct {
	file    *lang.File
	errs    lang.ErrorList
	globals map[string]*variable // module scope: top-level variables and funcs
	modules map[string]*moduleRef
	top     *scope
	fn      *funcInfo
	// labels and breakable statements, innermost last
	targets []*branchTarget
	// allowBareExprs lets expression statements of any kind stand (the
	// REPL echoes them).
	allowBareExprs bool
	// redefine lets top-level names be declared again (a REPL session:
	// `x := 2` after `x := 1` assigns, `func f` replaces f).
	redefine bool
	// fallthroughOK holds the fallthrough statements that end a switch
	// case (see allowFallthrough).
	fallthroughOK map[*lang.BranchStmt]bool
	// Uses of globals, for promoteLocals: the bindings in top-level code,
	// and whether any function uses the global.
	topUses  map[*variable][]*binding
	funcUses map[*variable]bool
}

type branchTarget struct {
	label    string
	loop     bool // for: accepts continue
	breakOK  bool // for, switch, select
	node     lang.Node
	funcNode *funcInfo
}

const maxErrors = 10

func (r *resolver) errorf(pos lang.Pos, format string, a ...any) {
	if len(r.errs) >= maxErrors {
		return
	}
	r.errs = append(r.errs, &lang.Error{
		File: r.file.Name,
		Pos:  pos,
		Msg:  fmt.Sprintf(format, a...),
		Line: lang.SourceLine(r.file.Src, int(pos.Line)),
	})
}

func (r *resolver) push() {
	r.top = &scope{parent: r.top, fn: r.fn, names: map[string]*variable{}}
}

func (r *resolver) pop() { r.top = r.top.parent }

// declareLocal declares name in the innermost scope.
func (r *resolver) declareLocal(id *lang.Ident) *variable {
	v := &variable{name: id.Name, pos: id.NamePos, fn: r.fn}
	id.Ref = v
	if id.Name == "_" {
		return v
	}
	r.top.names[id.Name] = v
	return v
}

// lookup finds a variable by name in the function scopes.
func (r *resolver) lookup(name string) *variable {
	for s := r.top; s != nil; s = s.parent {
		if v := s.names[name]; v != nil {
			return v
		}
	}
	return nil
}

// use resolves a using Ident.
func (r *resolver) use(id *lang.Ident) {
	if id.Name == "_" {
		r.errorf(id.NamePos, "cannot use _ as value")
		return
	}
	b := r.bind(id)
	if b == nil {
		r.undefined(id.NamePos, id.Name)
		return
	}
	if b.kind == bModule {
		r.errorf(id.NamePos, "use of module %s without selector", id.Name)
		return
	}
	id.Ref = b
}

// bind returns what name refers to here, or nil.
func (r *resolver) bind(id *lang.Ident) *binding {
	name := id.Name
	if v := r.lookup(name); v != nil && !v.global {
		if v.fn == r.fn {
			return &binding{kind: bLocal, v: v}
		}
		v.captured = true
		// Every function between the user and the declaring one captures v.
		var chain []*funcInfo
		for f := r.fn; f != v.fn; f = f.parent {
			chain = append(chain, f)
		}
		for i := len(chain) - 1; i >= 0; i-- {
			chain[i].upval(v)
		}
		return &binding{kind: bUpval, v: v, up: r.fn.upIdx[v]}
	}
	if g := r.globals[name]; g != nil {
		// Top-level statements see a global only after its declaration;
		// functions see every global.
		if r.fn.node == nil && !g.declared {
			return nil
		}
		b := &binding{kind: bGlobal, v: g}
		r.noteGlobalUse(b)
		return b
	}
	if m := r.modules[name]; m != nil {
		return &binding{kind: bModule, mod: m}
	}
	if b := vm.Builtin(name); b != nil {
		return &binding{kind: bBuiltin, builtin: b}
	}
	return nil
}

// noteGlobalUse records a use of a global (see promoteLocals).
func (r *resolver) noteGlobalUse(b *binding) {
	if r.fn.node != nil {
		if r.funcUses == nil {
			r.funcUses = map[*variable]bool{}
		}
		r.funcUses[b.v] = true
		return
	}
	if r.topUses == nil {
		r.topUses = map[*variable][]*binding{}
	}
	r.topUses[b.v] = append(r.topUses[b.v], b)
}

// undefined reports an undefined name, with a hint when a visible name is
// close ("did you mean ...?").
func (r *resolver) undefined(pos lang.Pos, name string) {
	if best := closest(name, r.visibleNames()); best != "" {
		r.errorf(pos, "undefined: %s (did you mean %s?)", name, best)
		return
	}
	r.errorf(pos, "undefined: %s", name)
}

func (r *resolver) visibleNames() []string {
	var names []string
	for s := r.top; s != nil; s = s.parent {
		for n := range s.names {
			names = append(names, n)
		}
	}
	for n, g := range r.globals {
		if r.fn.node != nil || g.declared {
			names = append(names, n)
		}
	}
	for n := range r.modules {
		names = append(names, n)
	}
	names = append(names, vm.BuiltinNames()...)
	sort.Strings(names)
	return names
}

// closest returns the candidate nearest to name by edit distance, if it is
// close enough to be a plausible typo.
func closest(name string, cands []string) string {
	n := utf8.RuneCountInString(name)
	if n < 3 {
		return "" // every short name is one edit from another: no signal
	}
	limit := 1
	if n > 5 {
		limit = 2
	}
	best, bestD := "", limit+1
	for _, c := range cands {
		if c == name {
			continue
		}
		if d := editDistance(strings.ToLower(name), strings.ToLower(c)); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev[j-1]) // transposition (approx.)
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

func isExported(name string) bool {
	r, _ := utf8.DecodeRuneInString(name)
	return unicode.IsUpper(r)
}

// ---------------------------------------------------------------------------
// Module level

// resolveModule resolves a whole file. imports maps each import binding
// name to its module.
func (r *resolver) resolveModule(stmts []lang.Stmt) *funcInfo {
	r.fn = &funcInfo{}
	// Pre-declare every top-level name: funcs are bound before any
	// statement runs; variables are marked declared when reached.
	for _, s := range stmts {
		r.predeclare(s)
	}
	r.push()
	for _, s := range stmts {
		r.topStmt(s)
	}
	r.pop()
	return r.fn
}

// predeclare records the globals a top-level statement declares.
func (r *resolver) predeclare(s lang.Stmt) {
	declare := func(id *lang.Ident, declared bool) {
		if id.Name == "_" {
			return
		}
		if old := r.globals[id.Name]; old != nil {
			return // := redeclaration is checked when the statement is reached
		}
		if _, ok := r.modules[id.Name]; ok {
			// Report once here, and still declare the global so that its
			// uses do not cascade into "undefined" errors.
			r.errorf(id.NamePos, "%s redeclared in this block (imported module)", id.Name)
		}
		r.globals[id.Name] = &variable{name: id.Name, pos: id.NamePos, global: true, declared: declared}
	}
	switch s := s.(type) {
	case *lang.FuncDecl:
		name := s.Func.Name
		if old := r.globals[name.Name]; old != nil {
			if !r.redefine {
				r.errorf(name.NamePos, "%s redeclared in this block", name.Name)
			}
			return
		}
		declare(name, true)
	case *lang.VarDecl:
		for _, id := range s.Names {
			if old := r.globals[id.Name]; old != nil && id.Name != "_" {
				if !r.redefine {
					r.errorf(id.NamePos, "%s redeclared in this block", id.Name)
				}
				continue
			}
			declare(id, false)
		}
	case *lang.AssignStmt:
		if s.Tok == lang.DEFINE {
			for _, e := range s.Lhs {
				if id, ok := e.(*lang.Ident); ok {
					declare(id, false)
				}
			}
		}
	}
}

// topStmt resolves a top-level statement: its declarations are globals.
func (r *resolver) topStmt(s lang.Stmt) {
	switch s := s.(type) {
	case *lang.FuncDecl:
		g := r.globals[s.Func.Name.Name]
		s.Func.Name.Ref = g
		r.function(s.Func)
	case *lang.VarDecl:
		for _, e := range s.Values {
			r.expr(e)
		}
		r.checkVarCount(s)
		for _, id := range s.Names {
			if id.Name == "_" {
				continue
			}
			if g := r.globals[id.Name]; g != nil {
				id.Ref = g
				g.declared = true
			}
		}
	case *lang.AssignStmt:
		if s.Tok != lang.DEFINE {
			r.stmt(s)
			return
		}
		for _, e := range s.Rhs {
			r.expr(e)
		}
		r.checkAssignCount(s)
		fresh := false
		for _, e := range s.Lhs {
			id := e.(*lang.Ident)
			if id.Name == "_" {
				continue
			}
			g := r.globals[id.Name]
			if g == nil {
				continue
			}
			if !g.declared {
				g.declared = true
				fresh = true
				id.Ref = g
			} else {
				b := &binding{kind: bGlobal, v: g}
				r.noteGlobalUse(b)
				id.Ref = b
			}
		}
		if !fresh && !r.redefine {
			r.errorf(s.TokPos, "no new variables on left side of :=")
		}
	case *lang.ReturnStmt:
		r.errorf(s.ReturnPos, "return outside function")
	case *lang.ImportStmt:
		// A REPL import: bound by the session before resolution.
	default:
		r.stmt(s)
	}
}

// ---------------------------------------------------------------------------
// Functions and statements

// function resolves a function literal or declaration in the current
// function.
func (r *resolver) function(f *lang.Func) {
	fi := &funcInfo{parent: r.fn, node: f}
	f.Ref = fi
	saveFn, saveTargets := r.fn, r.targets
	r.fn, r.targets = fi, nil
	r.push()
	seen := map[string]bool{}
	for _, p := range f.Params {
		if p.Name != "_" && seen[p.Name] {
			r.errorf(p.NamePos, "duplicate argument %s", p.Name)
		}
		seen[p.Name] = true
		v := r.declareLocal(p)
		v.declared = true
	}
	r.stmts(f.Body.Stmts)
	r.pop()
	r.fn, r.targets = saveFn, saveTargets
}

func (r *resolver) stmts(list []lang.Stmt) {
	for _, s := range list {
		r.stmt(s)
	}
}

func (r *resolver) block(b *lang.BlockStmt) {
	r.push()
	r.stmts(b.Stmts)
	r.pop()
}

func (r *resolver) stmt(s lang.Stmt) {
	switch s := s.(type) {
	case *lang.ExprStmt:
		r.expr(s.X)
		r.checkUsed(s.X)
	case *lang.AssignStmt:
		r.assign(s)
	case *lang.IncDecStmt:
		r.expr(s.X)
		r.checkAssignable(s.X)
	case *lang.SendStmt:
		r.expr(s.Chan)
		r.expr(s.Value)
	case *lang.VarDecl:
		for _, e := range s.Values {
			r.expr(e)
		}
		r.checkVarCount(s)
		for _, id := range s.Names {
			if id.Name != "_" && r.top.names[id.Name] != nil {
				r.errorf(id.NamePos, "%s redeclared in this block", id.Name)
			}
			r.declareLocal(id).declared = true
		}
	case *lang.BlockStmt:
		r.block(s)
	case *lang.IfStmt:
		r.push()
		if s.Init != nil {
			r.stmt(s.Init)
		}
		r.expr(s.Cond)
		r.block(s.Then)
		if s.Else != nil {
			r.stmt(s.Else)
		}
		r.pop()
	case *lang.ForStmt:
		r.push()
		if s.Init != nil {
			r.stmt(s.Init)
		}
		if s.Cond != nil {
			r.expr(s.Cond)
		}
		if s.Post != nil {
			if a, ok := s.Post.(*lang.AssignStmt); ok && a.Tok == lang.DEFINE {
				r.errorf(a.TokPos, "cannot declare in post statement of for loop")
			}
			r.stmt(s.Post)
		}
		r.withTarget(&branchTarget{loop: true, breakOK: true, node: s}, s, func() { r.block(s.Body) })
		r.pop()
	case *lang.RangeStmt:
		r.expr(s.X)
		r.push()
		switch s.Tok {
		case lang.DEFINE:
			for _, e := range []lang.Expr{s.Key, s.Value} {
				if id, ok := e.(*lang.Ident); ok {
					r.declareLocal(id).declared = true
				}
			}
		case lang.ASSIGN:
			for _, e := range []lang.Expr{s.Key, s.Value} {
				if e != nil {
					r.lhs(e)
				}
			}
		}
		r.withTarget(&branchTarget{loop: true, breakOK: true, node: s}, s, func() { r.block(s.Body) })
		r.pop()
	case *lang.SwitchStmt:
		r.push()
		if s.Init != nil {
			r.stmt(s.Init)
		}
		if s.Tag != nil {
			r.expr(s.Tag)
		}
		seenDefault := false
		r.withTarget(&branchTarget{breakOK: true, node: s}, s, func() {
			for i, cc := range s.Cases {
				if cc.List == nil {
					if seenDefault {
						r.errorf(cc.CasePos, "multiple defaults in switch")
					}
					seenDefault = true
				}
				for _, e := range cc.List {
					r.expr(e)
				}
				r.push()
				r.allowFallthrough(cc.Body, i == len(s.Cases)-1)
				r.stmts(cc.Body)
				r.pop()
			}
		})
		r.pop()
	case *lang.SelectStmt:
		seenDefault := false
		r.withTarget(&branchTarget{breakOK: true, node: s}, s, func() {
			for _, cc := range s.Cases {
				r.push()
				switch c := cc.Comm.(type) {
				case nil:
					if seenDefault {
						r.errorf(cc.CasePos, "multiple defaults in select")
					}
					seenDefault = true
				case *lang.SendStmt:
					r.expr(c.Chan)
					r.expr(c.Value)
				case *lang.ExprStmt:
					r.expr(c.X)
				case *lang.AssignStmt:
					r.expr(c.Rhs[0])
					if c.Tok == lang.DEFINE {
						for _, e := range c.Lhs {
							r.declareLocal(e.(*lang.Ident)).declared = true
						}
					} else {
						for _, e := range c.Lhs {
							r.lhs(e)
						}
					}
				}
				r.stmts(cc.Body)
				r.pop()
			}
		})
	case *lang.BranchStmt:
		r.branch(s)
	case *lang.ReturnStmt:
		if r.fn.node == nil {
			r.errorf(s.ReturnPos, "return outside function")
		}
		for _, e := range s.Results {
			r.expr(e)
		}
	case *lang.GoStmt:
		r.expr(s.Call)
	case *lang.DeferStmt:
		r.expr(s.Call)
	case *lang.LabeledStmt:
		r.labeled(s)
	case *lang.EmptyStmt:
	case *lang.FuncDecl:
		r.errorf(s.Func.FuncPos, "function declaration not at top level (use name := func(...) {...})")
	case *lang.ImportStmt:
		r.errorf(s.Spec.Pos, "imports must appear before other declarations")
	default:
		r.errorf(s.Start(), "unexpected statement %T", s)
	}
}

// withTarget runs f with t as the innermost break/continue target. A label
// directly on the statement names it.
func (r *resolver) withTarget(t *branchTarget, n lang.Node, f func()) {
	t.funcNode = r.fn
	if len(r.targets) > 0 {
		if prev := r.targets[len(r.targets)-1]; prev.node == n {
			// A LabeledStmt registered this statement; adopt its label.
			t.label = prev.label
			r.targets = r.targets[:len(r.targets)-1]
		}
	}
	r.targets = append(r.targets, t)
	f()
	r.targets = r.targets[:len(r.targets)-1]
}

func (r *resolver) labeled(s *lang.LabeledStmt) {
	for _, t := range r.targets {
		if t.label == s.Label.Name {
			r.errorf(s.Label.NamePos, "label %s already defined", s.Label.Name)
		}
	}
	switch s.Stmt.(type) {
	case *lang.ForStmt, *lang.RangeStmt, *lang.SwitchStmt, *lang.SelectStmt:
		// Placeholder that withTarget adopts.
		r.targets = append(r.targets, &branchTarget{label: s.Label.Name, node: s.Stmt})
		r.stmt(s.Stmt)
	default:
		r.targets = append(r.targets, &branchTarget{label: s.Label.Name, node: s.Stmt})
		r.stmt(s.Stmt)
		r.targets = r.targets[:len(r.targets)-1]
	}
}

func (r *resolver) branch(s *lang.BranchStmt) {
	switch s.Tok {
	case lang.FALLTHROUGH:
		if !r.fallthroughOK[s] {
			r.errorf(s.TokPos, "fallthrough statement out of place")
		}
	case lang.BREAK:
		if s.Label != nil {
			for i := len(r.targets) - 1; i >= 0; i-- {
				if t := r.targets[i]; t.label == s.Label.Name && t.breakOK {
					return
				}
			}
			r.errorf(s.Label.NamePos, "invalid break label %s", s.Label.Name)
			return
		}
		for i := len(r.targets) - 1; i >= 0; i-- {
			if r.targets[i].breakOK {
				return
			}
		}
		r.errorf(s.TokPos, "break is not in a loop, switch, or select")
	case lang.CONTINUE:
		if s.Label != nil {
			for i := len(r.targets) - 1; i >= 0; i-- {
				if t := r.targets[i]; t.label == s.Label.Name && t.loop {
					return
				}
			}
			r.errorf(s.Label.NamePos, "invalid continue label %s", s.Label.Name)
			return
		}
		for i := len(r.targets) - 1; i >= 0; i-- {
			if r.targets[i].loop {
				return
			}
		}
		r.errorf(s.TokPos, "continue is not in a loop")
	}
}

// allowFallthrough marks a fallthrough that ends a switch case body as
// the one place the statement may stand; branch rejects every other one.
func (r *resolver) allowFallthrough(body []lang.Stmt, lastCase bool) {
	if len(body) == 0 {
		return
	}
	b, ok := body[len(body)-1].(*lang.BranchStmt)
	if !ok || b.Tok != lang.FALLTHROUGH {
		return
	}
	if lastCase {
		r.errorf(b.TokPos, "cannot fallthrough final case in switch")
	}
	if r.fallthroughOK == nil {
		r.fallthroughOK = make(map[*lang.BranchStmt]bool)
	}
	r.fallthroughOK[b] = true
}

// assign resolves = := and op= in a function.
func (r *resolver) assign(s *lang.AssignStmt) {
	for _, e := range s.Rhs {
		r.expr(e)
	}
	if s.Tok != lang.DEFINE {
		for _, e := range s.Lhs {
			r.lhs(e)
		}
		if s.Tok == lang.ASSIGN {
			r.checkAssignCount(s)
		}
		return
	}
	r.checkAssignCount(s)
	fresh := false
	var newVars []*lang.Ident
	for _, e := range s.Lhs {
		id := e.(*lang.Ident)
		if id.Name == "_" {
			id.Ref = &variable{name: "_"}
			continue
		}
		if v := r.top.names[id.Name]; v != nil {
			if v.fn == r.fn {
				id.Ref = &binding{kind: bLocal, v: v}
			} else {
				r.use(id)
			}
			v.assigned = true
			continue
		}
		fresh = true
		newVars = append(newVars, id)
	}
	if !fresh {
		r.errorf(s.TokPos, "no new variables on left side of :=")
	}
	for _, id := range newVars {
		r.declareLocal(id).declared = true
	}
}

// lhs resolves an assignment target.
func (r *resolver) lhs(e lang.Expr) {
	if id, ok := e.(*lang.Ident); ok && id.Name == "_" {
		id.Ref = &variable{name: "_"}
		return
	}
	r.expr(e)
	r.checkAssignable(e)
}

func (r *resolver) checkAssignable(e lang.Expr) {
	switch e := unparen(e).(type) {
	case *lang.Ident:
		if b, ok := e.Ref.(*binding); ok && b.kind == bBuiltin {
			r.errorf(e.NamePos, "cannot assign to %s (builtin)", e.Name)
		} else if ok && b.v != nil {
			b.v.assigned = true
		}
	case *lang.IndexExpr:
	case *lang.SelectorExpr:
		if id, ok := e.X.(*lang.Ident); ok {
			if b, ok := id.Ref.(*binding); ok && b.kind == bModule && b.mod.std {
				r.errorf(e.Sel.NamePos, "cannot assign to %s.%s", id.Name, e.Sel.Name)
			}
		}
	default:
		r.errorf(e.Start(), "cannot assign to %s", lang.ExprString(e))
	}
}

func (r *resolver) checkAssignCount(s *lang.AssignStmt) {
	if s.Tok != lang.ASSIGN && s.Tok != lang.DEFINE {
		return
	}
	nl, nr := len(s.Lhs), len(s.Rhs)
	if nl == nr || nr == 1 && isMultiValue(s.Rhs[0], nl) {
		return
	}
	r.errorf(s.Lhs[0].Start(), "assignment mismatch: %d %s but %d %s",
		nl, pluralize(nl, "variable"), nr, pluralize(nr, "value"))
}

func (r *resolver) checkVarCount(s *lang.VarDecl) {
	nl, nr := len(s.Names), len(s.Values)
	if nr == 0 || nl == nr || nr == 1 && isMultiValue(s.Values[0], nl) {
		return
	}
	r.errorf(s.Names[0].NamePos, "assignment mismatch: %d %s but %d %s",
		nl, pluralize(nl, "variable"), nr, pluralize(nr, "value"))
}

// isMultiValue reports whether e can produce n values: a call (checked at
// run time), a comma-ok index or receive (n == 2).
func isMultiValue(e lang.Expr, n int) bool {
	switch e := unparen(e).(type) {
	case *lang.CallExpr:
		return true
	case *lang.IndexExpr:
		return n == 2
	case *lang.UnaryExpr:
		return n == 2 && e.Op == lang.ARROW
	}
	return false
}

func pluralize(n int, s string) string {
	if n == 1 {
		return s
	}
	return s + "s"
}

// checkUsed rejects expression statements whose value would be dropped
// silently (as Go does): only calls and receives may stand alone.
func (r *resolver) checkUsed(e lang.Expr) {
	switch e := unparen(e).(type) {
	case *lang.CallExpr:
		return
	case *lang.UnaryExpr:
		if e.Op == lang.ARROW {
			return
		}
	}
	if r.allowBareExprs {
		return
	}
	r.errorf(e.Start(), "%s (value) is not used", lang.ExprString(e))
}

// ---------------------------------------------------------------------------
// Expressions

func (r *resolver) expr(e lang.Expr) {
	// The left spine of an expression (a + b + c ..., f()()..., x.a.b,
	// x[i][j]) is walked in a loop, so that its length costs no Go stack;
	// the other operands are then resolved innermost first, in the order
	// a recursive walk would take.
	var buf [8]lang.Expr
	spine := buf[:0]
	for {
		var x lang.Expr
		switch n := e.(type) {
		case *lang.BinaryExpr:
			x = n.X
		case *lang.CallExpr:
			x = n.Fun
		case *lang.IndexExpr:
			x = n.X
		case *lang.SliceExpr:
			x = n.X
		case *lang.SelectorExpr:
			if _, ok := n.X.(*lang.Ident); !ok { // module members: see exprOne
				x = n.X
			}
		}
		if x == nil {
			break
		}
		spine = append(spine, e)
		e = x
	}
	r.exprOne(e)
	for i := len(spine) - 1; i >= 0; i-- {
		switch n := spine[i].(type) {
		case *lang.BinaryExpr:
			r.expr(n.Y)
		case *lang.CallExpr:
			for _, a := range n.Args {
				r.expr(a)
			}
		case *lang.IndexExpr:
			r.expr(n.Index)
		case *lang.SliceExpr:
			if n.Lo != nil {
				r.expr(n.Lo)
			}
			if n.Hi != nil {
				r.expr(n.Hi)
			}
		}
	}
}

// exprOne resolves e, recursively.
func (r *resolver) exprOne(e lang.Expr) {
	switch e := e.(type) {
	case *lang.Ident:
		r.use(e)
	case *lang.BasicLit:
		if e.Kind == lang.IntLit && e.Int > math.MaxInt64 {
			r.errorf(e.ValuePos, "cannot use %s (untyped int constant) as int value (overflows)", e.Raw)
		}
	case *lang.ListLit:
		for _, x := range e.Elems {
			r.expr(x)
		}
	case *lang.MapLit:
		for _, kv := range e.Entries {
			r.expr(kv.Key)
			r.expr(kv.Value)
		}
	case *lang.FuncLit:
		r.function(e.Func)
	case *lang.UnaryExpr:
		// -9223372036854775808 is MinInt: the literal may be 1<<63 here.
		if l, ok := unparen(e.X).(*lang.BasicLit); ok && e.Op == lang.SUB && l.Kind == lang.IntLit && l.Int == 1<<63 {
			return
		}
		r.expr(e.X)
	case *lang.BinaryExpr:
		r.expr(e.X)
		r.expr(e.Y)
	case *lang.CallExpr:
		r.expr(e.Fun)
		for _, a := range e.Args {
			r.expr(a)
		}
	case *lang.SelectorExpr:
		if id, ok := e.X.(*lang.Ident); ok {
			if b := r.bind(id); b != nil && b.kind == bModule {
				id.Ref = b
				r.member(b.mod, e.Sel)
				return
			}
		}
		r.expr(e.X)
	case *lang.IndexExpr:
		r.expr(e.X)
		r.expr(e.Index)
	case *lang.SliceExpr:
		r.expr(e.X)
		if e.Lo != nil {
			r.expr(e.Lo)
		}
		if e.Hi != nil {
			r.expr(e.Hi)
		}
	case *lang.ParenExpr:
		r.expr(e.X)
	case *lang.HostValue:
	default:
		r.errorf(e.Start(), "unexpected expression %T", e)
	}
}

// member checks mod.Sel against the module's exports.
func (r *resolver) member(m *moduleRef, sel *lang.Ident) {
	if m.members[sel.Name] {
		return
	}
	if !m.std && !isExported(sel.Name) {
		r.errorf(sel.NamePos, "cannot refer to unexported name %s.%s", m.name, sel.Name)
		return
	}
	if best := closest(sel.Name, m.memList); best != "" {
		r.errorf(sel.NamePos, "undefined: %s.%s (did you mean %s.%s?)", m.name, sel.Name, m.name, best)
		return
	}
	r.errorf(sel.NamePos, "undefined: %s.%s", m.name, sel.Name)
}

func unparen(e lang.Expr) lang.Expr {
	for {
		p, ok := e.(*lang.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
}
