package compiler

// Lowering: Go's typed constructs rewritten into Goro's dynamic core.
//
// This pass runs before name resolution. It walks a file once and rewrites
// the nodes the parser accepts for Go programs (lang/types.go) into plain
// Goro syntax trees plus calls of hidden builtins (vm/typebuiltins.go),
// whose names start with '$' so that no program can name or shadow them:
//
//   - `package main`, and a declared `func main()`: after the top-level
//     declarations and statements, every `func init()` runs in order, then
//     main (Go's order).
//   - type declarations: a struct type becomes a global (or local) holding
//     its runtime type ($newtype); methods become functions named
//     `T.M` / `(*T).M` registered on it ($method); other named types stand
//     for their underlying type.
//   - annotations on var, const, parameters and results give zero values and
//     conversions of untyped constants (`var f float64 = 1` is 1.0);
//     otherwise they cost nothing.
//   - composite literals, make, new, conversions, &, *, type assertions and
//     type switches become the matching builtin calls.
//   - a small static typing of locals (from declarations, literals and
//     calls of declared functions) decides where a struct value must be
//     copied (assignment from a variable, value receivers and parameters)
//     and which methods of non-struct named types a call means.
//
// Unknown static types are the normal case (dynamic code): the lowering
// then leaves the code as it was, so untyped programs compile to exactly
// the code they did before.

import (
	"strconv"

	"github.com/goro-lang/goro/lang"
	"github.com/goro-lang/goro/vm"
)

// tinfo is a declared type.
type tinfo struct {
	name    string         // the declared name
	global  string         // struct types: the variable holding the runtime type
	under   *lang.TypeExpr // the type it is declared as (for named types)
	fields  []*fieldInfo   // struct types
	methods map[string]*methodInfo
	iface   bool
	generic bool
	param   bool // a type parameter
}

type fieldInfo struct {
	name     string
	typ      *lang.TypeExpr
	embedded bool
}

type methodInfo struct {
	fn   string // the function's global name
	ptr  bool
	decl *lang.Func
}

type lscope struct {
	parent *lscope
	types  map[string]*tinfo
	vars   map[string]*lang.TypeExpr // static types of variables (nil: unknown)
}

func (s *lscope) lookupType(name string) *tinfo {
	for ; s != nil; s = s.parent {
		if t, ok := s.types[name]; ok {
			return t
		}
		if _, ok := s.vars[name]; ok {
			return nil // a variable shadows the type name
		}
	}
	return nil
}

func (s *lscope) lookupVar(name string) (*lang.TypeExpr, bool) {
	for ; s != nil; s = s.parent {
		if t, ok := s.vars[name]; ok {
			return t, true
		}
		if _, ok := s.types[name]; ok {
			return nil, false
		}
	}
	return nil, false
}

type lowerer struct {
	file     *lang.File
	refs     map[string]*moduleRef
	sc       *lscope
	hoist    []lang.Stmt // anonymous struct types, first
	methods  []lang.Stmt // method registrations, after the types
	generic  map[string]bool
	funcs    map[string]*lang.Func
	tmp      int
	anon     int
	typeVals map[string]string // hoisted globals of pointer types by name
	errs     lang.ErrorList
	results  []*lang.Param // of the function being lowered
	// constVals are the integer constants declared so far (for array
	// lengths).
	constVals map[string]int
}

var basicNames = map[string]bool{
	"bool": true, "string": true, "int": true, "int8": true, "int16": true, "int32": true,
	"int64": true, "uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true,
	"uintptr": true, "byte": true, "rune": true, "float32": true, "float64": true,
	"error": true, "any": true, "complex128": true, "complex64": true, "comparable": true,
}

func (l *lowerer) errorf(pos lang.Pos, format string, a ...any) {
	l.errs = append(l.errs, errAt(l.file, pos, format, a...))
}

// lower rewrites file in place.
func lower(file *lang.File, refs map[string]*moduleRef) error {
	l := &lowerer{file: file, refs: refs, generic: map[string]bool{}, funcs: map[string]*lang.Func{}, typeVals: map[string]string{}, constVals: map[string]int{}}
	l.sc = &lscope{types: map[string]*tinfo{}, vars: map[string]*lang.TypeExpr{}}
	if !needsLowering(file) {
		return nil
	}
	// Declare every top-level type and function first: Go's package lscope
	// has no order.
	for _, s := range file.Stmts {
		switch s := s.(type) {
		case *lang.TypeDecl:
			l.declareType(s, true)
		case *lang.FuncDecl:
			if s.Func.Recv == nil {
				l.funcs[s.Func.Name.Name] = s.Func
				if len(s.Func.TypeParams) > 0 {
					l.generic[s.Func.Name.Name] = true
				}
			}
		}
	}
	for _, s := range file.Stmts {
		if fd, ok := s.(*lang.FuncDecl); ok && fd.Func.Recv != nil {
			l.declareMethod(fd.Func)
		}
	}
	var out []lang.Stmt
	var inits []*lang.Ident
	hasMain := false
	for _, s := range file.Stmts {
		if fd, ok := s.(*lang.FuncDecl); ok && fd.Func.Recv == nil {
			switch fd.Func.Name.Name {
			case "main":
				hasMain = len(fd.Func.Params) == 0
			}
		}
	}
	// Types first, in an order where a struct's value fields come after
	// their types, then the methods.
	for _, s := range l.orderTypes(file.Stmts) {
		out = append(out, l.typeDecl(s)...)
	}
	out = append(out, l.methods...)
	for _, s := range file.Stmts {
		switch s := s.(type) {
		case *lang.TypeDecl:
			continue
		case *lang.FuncDecl:
			if s.Func.Name.Name == "init" && s.Func.Recv == nil && hasMain && len(s.Func.Params) == 0 {
				s.Func.Name = &lang.Ident{NamePos: s.Func.Name.NamePos, Name: "init." + strconv.Itoa(len(inits))}
				inits = append(inits, s.Func.Name)
			}
			l.funcDecl(s.Func)
			out = append(out, s)
			continue
		}
		out = append(out, l.stmt(s)...)
	}
	out = append(l.hoist, out...)
	if hasMain {
		for _, id := range inits {
			out = append(out, callStmt(&lang.Ident{NamePos: id.NamePos, Name: id.Name}))
		}
		out = append(out, callStmt(&lang.Ident{NamePos: lang.Pos{Line: 1, Col: 1}, Name: "main"}))
	}
	file.Stmts = out
	if len(l.errs) > 0 {
		return l.errs
	}
	return nil
}

// needsLowering reports whether file uses any Go construct: untyped
// programs skip the pass entirely.
func needsLowering(file *lang.File) bool {
	if file.Package != "" {
		return true
	}
	found := false
	for _, s := range file.Stmts {
		lang.Inspect(s, func(n lang.Node) bool {
			if found {
				return false
			}
			switch n := n.(type) {
			case *lang.TypeDecl, *lang.TypeExpr, *lang.CompositeLit, *lang.TypeAssertExpr, *lang.IndexListExpr:
				found = true
			case *lang.Func:
				if n.ParamTypes != nil || n.Results != nil || n.Recv != nil || n.TypeParams != nil {
					found = true
				}
			case *lang.VarDecl:
				if n.Type != nil || n.Const {
					found = true
				}
			case *lang.UnaryExpr:
				if n.Op == lang.AND || n.Op == lang.MUL {
					found = true
				}
			case *lang.SwitchStmt:
				if n.TypeSwitch {
					found = true
				}
			case *lang.CallExpr:
				if id, ok := n.Fun.(*lang.Ident); ok && (basicNames[id.Name] || id.Name == "make" || id.Name == "new") {
					found = true
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

func callStmt(fn lang.Expr, args ...lang.Expr) lang.Stmt {
	return &lang.ExprStmt{X: call(fn, args...)}
}

func call(fn lang.Expr, args ...lang.Expr) *lang.CallExpr {
	return &lang.CallExpr{Fun: fn, Lparen: fn.Start(), Args: args, Rparen: fn.Start()}
}

func hidden(pos lang.Pos, name string) *lang.Ident { return &lang.Ident{NamePos: pos, Name: name} }

func host(pos lang.Pos, v vm.Value) lang.Expr { return &lang.HostValue{ValuePos: pos, V: v} }

func strLit(pos lang.Pos, s string) lang.Expr {
	return &lang.BasicLit{ValuePos: pos, Kind: lang.StringLit, Raw: strconv.Quote(s), Str: s}
}

func intLit(pos lang.Pos, i int) lang.Expr {
	return &lang.BasicLit{ValuePos: pos, Kind: lang.IntLit, Raw: strconv.Itoa(i), Int: uint64(i)}
}

func boolLit(pos lang.Pos, b bool) lang.Expr {
	if b {
		return &lang.BasicLit{ValuePos: pos, Kind: lang.TrueLit, Raw: "true"}
	}
	return &lang.BasicLit{ValuePos: pos, Kind: lang.FalseLit, Raw: "false"}
}

func nilLit(pos lang.Pos) lang.Expr {
	return &lang.BasicLit{ValuePos: pos, Kind: lang.NilLit, Raw: "nil"}
}

// ---------------------------------------------------------------------------
// Types

func (l *lowerer) declareType(d *lang.TypeDecl, top bool) *tinfo {
	t := &tinfo{name: d.Name.Name, under: d.Type, generic: len(d.TypeParams) > 0}
	switch d.Type.Kind {
	case lang.TStruct:
		t.global = d.Name.Name
		for _, f := range d.Type.Fields {
			if len(f.Names) == 0 {
				name := f.Type.Name
				if f.Type.Kind == lang.TPointer && f.Type.Elem != nil {
					name = f.Type.Elem.Name
				}
				t.fields = append(t.fields, &fieldInfo{name: name, typ: f.Type, embedded: true})
				continue
			}
			for _, n := range f.Names {
				t.fields = append(t.fields, &fieldInfo{name: n.Name, typ: f.Type})
			}
		}
	case lang.TInterface:
		t.iface = true
	}
	t.methods = map[string]*methodInfo{}
	l.sc.types[d.Name.Name] = t
	if len(d.TypeParams) > 0 {
		// Type parameters stand for any type inside the declaration.
		for _, tp := range d.TypeParams {
			if _, ok := l.sc.types[tp.Name.Name]; !ok {
				l.sc.types[tp.Name.Name] = &tinfo{name: tp.Name.Name, under: &lang.TypeExpr{Kind: lang.TName, Name: "any"}}
			}
		}
	}
	return t
}

// resolve follows named types to the type they are declared as; basic
// names, type parameters and unknown names come back as TName.
func (l *lowerer) resolve(t *lang.TypeExpr) *lang.TypeExpr {
	for i := 0; t != nil && t.Kind == lang.TName && t.Pkg == "" && i < 20; i++ {
		ti := l.sc.lookupType(t.Name)
		if ti == nil || ti.under == nil || ti.global != "" || ti.iface {
			return t
		}
		t = ti.under
	}
	return t
}

// structOf returns the struct type t names (not a pointer), or nil.
func (l *lowerer) structOf(t *lang.TypeExpr) *tinfo {
	if t == nil || t.Kind != lang.TName || t.Pkg != "" {
		return nil
	}
	ti := l.sc.lookupType(t.Name)
	if ti == nil {
		return nil
	}
	if ti.global != "" {
		return ti
	}
	if ti.under != nil && ti.under.Kind == lang.TName && ti.under != t {
		return l.structOf(ti.under)
	}
	return nil
}

// structOrPtr returns the struct type of t or *t.
func (l *lowerer) structOrPtr(t *lang.TypeExpr) *tinfo {
	if t != nil && t.Kind == lang.TPointer {
		return l.structOf(t.Elem)
	}
	return l.structOf(t)
}

func (l *lowerer) isTypeParam(t *lang.TypeExpr) bool {
	if t.Kind != lang.TName || t.Pkg != "" {
		return false
	}
	ti := l.sc.lookupType(t.Name)
	return ti != nil && ti.param
}

func (l *lowerer) isFloat(t *lang.TypeExpr) bool {
	t = l.resolve(t)
	return t != nil && t.Kind == lang.TName && t.Pkg == "" && (t.Name == "float64" || t.Name == "float32")
}

func (l *lowerer) basicName(t *lang.TypeExpr) string {
	t = l.resolve(t)
	if t != nil && t.Kind == lang.TName && t.Pkg == "" && basicNames[t.Name] && l.sc.lookupType(t.Name) == nil {
		return t.Name
	}
	return ""
}

// zeroSpec is an expression for the zero spec of t (vm.Zero).
func (l *lowerer) zeroSpec(t *lang.TypeExpr) lang.Expr {
	pos := t.TypePos
	if st := l.structOf(t); st != nil {
		return hidden(pos, st.global)
	}
	rt := l.resolve(t)
	switch rt.Kind {
	case lang.TName:
		if rt.Pkg != "" {
			return l.moduleZero(rt)
		}
		switch rt.Name {
		case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "byte", "rune":
			return intLit(pos, 0)
		case "float64", "float32":
			return &lang.BasicLit{ValuePos: pos, Kind: lang.FloatLit, Raw: "0.0"}
		case "string":
			return strLit(pos, "")
		case "bool":
			return boolLit(pos, false)
		}
		return nilLit(pos)
	case lang.TArray:
		n := l.arrayLen(rt)
		return call(hidden(pos, "$array"), intLit(pos, n), l.zeroSpec(rt.Elem))
	case lang.TSlice:
		return call(hidden(pos, "$nilslice"))
	case lang.TMap:
		return call(hidden(pos, "$nilmap"), l.zeroSpec(rt.Elem))
	case lang.TStruct:
		return hidden(pos, l.anonStruct(rt))
	}
	return nilLit(pos)
}

// zeroValue is an expression for a new zero value of t.
func (l *lowerer) zeroValue(t *lang.TypeExpr) lang.Expr {
	spec := l.zeroSpec(t)
	switch spec.(type) {
	case *lang.BasicLit:
		return spec
	}
	if c, ok := spec.(*lang.CallExpr); ok {
		if id, ok := c.Fun.(*lang.SelectorExpr); ok {
			return call(id) // a module type: its constructor
		}
	}
	if sel, ok := spec.(*lang.SelectorExpr); ok {
		return call(sel)
	}
	return call(hidden(t.TypePos, "$zero"), spec)
}

// moduleZero is the zero spec of a module's type: scalar types are 0,
// types the module constructs (sync.Mutex, strings.Builder) their
// constructor, anything else nil.
func (l *lowerer) moduleZero(t *lang.TypeExpr) lang.Expr {
	switch t.Pkg + "." + t.Name {
	case "time.Duration", "time.Month", "time.Weekday", "os.FileMode", "fs.FileMode":
		return intLit(t.TypePos, 0)
	}
	if ref := l.refs[t.Pkg]; ref != nil && ref.members[t.Name] {
		switch t.Name {
		case "WaitGroup", "Mutex", "RWMutex", "Once", "Builder", "Buffer", "Map", "Pool", "Cond":
			return &lang.SelectorExpr{X: hidden(t.TypePos, t.Pkg), Sel: hidden(t.TypePos, t.Name)}
		case "Int32", "Int64", "Uint32", "Uint64", "Bool", "Value":
			// sync/atomic's types (var ops atomic.Uint64) are usable at
			// their zero value, as Go's.
			if ref.std && ref.key == "sync/atomic" {
				return &lang.SelectorExpr{X: hidden(t.TypePos, t.Pkg), Sel: hidden(t.TypePos, t.Name)}
			}
		}
	}
	return nilLit(t.TypePos)
}

func (l *lowerer) arrayLen(t *lang.TypeExpr) int {
	if t.Len == nil {
		return 0
	}
	if v, ok := l.constInt(t.Len); ok {
		return v
	}
	l.errorf(t.Len.Start(), "array length must be a constant")
	return 0
}

// constInt evaluates a constant integer expression of literals and
// declared constants.
func (l *lowerer) constInt(e lang.Expr) (int, bool) {
	switch e := e.(type) {
	case *lang.BasicLit:
		if e.Kind == lang.IntLit || e.Kind == lang.CharLit {
			return int(e.Int), true
		}
	case *lang.ParenExpr:
		return l.constInt(e.X)
	case *lang.BinaryExpr:
		a, ok1 := l.constInt(e.X)
		b, ok2 := l.constInt(e.Y)
		if ok1 && ok2 {
			switch e.Op {
			case lang.ADD:
				return a + b, true
			case lang.SUB:
				return a - b, true
			case lang.MUL:
				return a * b, true
			case lang.QUO:
				if b != 0 {
					return a / b, true
				}
			}
		}
	case *lang.Ident:
		if c, ok := l.constVals[e.Name]; ok {
			return c, true
		}
	}
	return 0, false
}

// anonStruct declares a hidden global type for an anonymous struct type.
func (l *lowerer) anonStruct(t *lang.TypeExpr) string {
	l.anon++
	name := "struct·" + strconv.Itoa(l.anon)
	d := &lang.TypeDecl{TypePos: t.TypePos, Name: hidden(t.TypePos, name), Type: t}
	l.declareType(d, true)
	l.sc.types[name].name = "struct"
	l.hoist = append(l.hoist, l.typeDeclNamed(d, "struct {...}")...)
	// the type must be visible from every lscope
	root := l.sc
	for root.parent != nil {
		root = root.parent
	}
	root.types[name] = l.sc.types[name]
	return name
}

// orderTypes returns the top-level type declarations, each struct after
// the struct types of its value fields.
func (l *lowerer) orderTypes(stmts []lang.Stmt) []*lang.TypeDecl {
	var decls []*lang.TypeDecl
	byName := map[string]*lang.TypeDecl{}
	for _, s := range stmts {
		if d, ok := s.(*lang.TypeDecl); ok {
			decls = append(decls, d)
			byName[d.Name.Name] = d
		}
	}
	var out []*lang.TypeDecl
	state := map[*lang.TypeDecl]int{}
	var visit func(d *lang.TypeDecl)
	visit = func(d *lang.TypeDecl) {
		if state[d] != 0 {
			return
		}
		state[d] = 1
		if d.Type.Kind == lang.TStruct {
			for _, f := range d.Type.Fields {
				ft := f.Type
				for ft != nil && ft.Kind == lang.TArray {
					ft = ft.Elem
				}
				if ft != nil && ft.Kind == lang.TName && ft.Pkg == "" {
					if dep := byName[ft.Name]; dep != nil {
						visit(dep)
					}
				}
			}
		}
		state[d] = 2
		out = append(out, d)
	}
	for _, d := range decls {
		visit(d)
	}
	return out
}

// typeDecl lowers a type declaration to the statements that make its
// runtime type, if it needs one.
func (l *lowerer) typeDecl(d *lang.TypeDecl) []lang.Stmt {
	name := d.Name.Name
	if l.file.Package != "" || true {
		name = "main." + name
	}
	return l.typeDeclNamed(d, name)
}

func (l *lowerer) typeDeclNamed(d *lang.TypeDecl, goName string) []lang.Stmt {
	pos := d.TypePos
	var val lang.Expr
	switch d.Type.Kind {
	case lang.TStruct:
		ti := l.sc.types[d.Name.Name]
		if ti == nil {
			ti = l.declareType(d, false)
		}
		var names, zeros, embs []lang.Expr
		for _, f := range ti.fields {
			names = append(names, strLit(pos, f.name))
			zeros = append(zeros, l.zeroSpec(f.typ))
			embs = append(embs, boolLit(pos, f.embedded))
		}
		val = call(hidden(pos, "$newtype"), strLit(pos, goName),
			&lang.ListLit{Lbrack: pos, Elems: names, Rbrack: pos},
			&lang.ListLit{Lbrack: pos, Elems: zeros, Rbrack: pos},
			&lang.ListLit{Lbrack: pos, Elems: embs, Rbrack: pos})
	case lang.TInterface:
		val = host(pos, vm.NewInterfaceType(goName, l.ifaceMethods(d.Type)).Value())
	default:
		val = l.typeValue(d.Type)
	}
	return []lang.Stmt{&lang.VarDecl{VarPos: pos, Names: []*lang.Ident{hidden(d.Name.NamePos, d.Name.Name)}, Values: []lang.Expr{val}}}
}

func (l *lowerer) ifaceMethods(t *lang.TypeExpr) []string {
	var ms []string
	for _, f := range t.Fields {
		if len(f.Names) > 0 {
			ms = append(ms, f.Names[0].Name)
			continue
		}
		if f.Type.Kind == lang.TName {
			if f.Type.Pkg == "" && f.Type.Name == "error" {
				ms = append(ms, "Error")
			} else if f.Type.Pkg == "fmt" && f.Type.Name == "Stringer" {
				ms = append(ms, "String")
			} else if ti := l.sc.lookupType(f.Type.Name); ti != nil && ti.iface {
				ms = append(ms, l.ifaceMethods(ti.under)...)
			}
		}
	}
	return ms
}

// typeValue is an expression for t as a runtime type value.
func (l *lowerer) typeValue(t *lang.TypeExpr) lang.Expr {
	pos := t.TypePos
	if st := l.structOf(t); st != nil {
		return hidden(pos, st.global)
	}
	rt := l.resolve(t)
	switch rt.Kind {
	case lang.TName:
		if rt.Pkg != "" {
			if rt.Pkg == "fmt" && rt.Name == "Stringer" {
				return host(pos, vm.NewInterfaceType("fmt.Stringer", []string{"String"}).Value())
			}
			return host(pos, vm.BasicType("any").Value())
		}
		if ti := l.sc.lookupType(rt.Name); ti != nil && ti.iface {
			return hidden(pos, rt.Name)
		}
		if b := vm.BasicType(rt.Name); b != nil {
			return host(pos, b.Value())
		}
		if rt.Name == "nil" {
			return nilLit(pos)
		}
		return host(pos, vm.BasicType("any").Value())
	case lang.TPointer:
		if st := l.structOf(rt.Elem); st != nil {
			return call(hidden(pos, "$ptrtype"), hidden(pos, st.global))
		}
		return host(pos, vm.NewCompositeType(vm.TPointer, "*"+rt.Elem.String(), nil).Value())
	case lang.TSlice:
		return host(pos, vm.NewCompositeType(vm.TSlice, rt.String(), nil).Value())
	case lang.TArray:
		return host(pos, vm.NewCompositeType(vm.TArray, rt.String(), nil).Value())
	case lang.TMap:
		return host(pos, vm.NewCompositeType(vm.TMap, rt.String(), nil).Value())
	case lang.TChan:
		return host(pos, vm.NewCompositeType(vm.TChan, rt.String(), nil).Value())
	case lang.TFunc:
		return host(pos, vm.NewCompositeType(vm.TFunc, "func", nil).Value())
	case lang.TInterface:
		return host(pos, vm.NewInterfaceType("interface {...}", l.ifaceMethods(rt)).Value())
	case lang.TStruct:
		return hidden(pos, l.anonStruct(rt))
	}
	return host(pos, vm.BasicType("any").Value())
}

// ---------------------------------------------------------------------------
// Functions and methods

func recvType(f *lang.Func) (name string, ptr bool) {
	t := f.Recv.Type
	if t.Kind == lang.TPointer {
		ptr, t = true, t.Elem
	}
	return t.Name, ptr
}

func (l *lowerer) declareMethod(f *lang.Func) {
	tname, ptr := recvType(f)
	ti := l.sc.types[tname]
	if ti == nil {
		l.errorf(f.Recv.Start(), "undefined: %s", tname)
		return
	}
	fname := tname + "." + f.Name.Name
	if ptr {
		fname = "(*" + tname + ")." + f.Name.Name
	}
	if _, dup := ti.methods[f.Name.Name]; dup {
		l.errorf(f.Name.NamePos, "method %s.%s already declared", tname, f.Name.Name)
		return
	}
	ti.methods[f.Name.Name] = &methodInfo{fn: fname, ptr: ptr, decl: f}
	mname := f.Name.Name
	f.Name = hidden(f.Name.NamePos, fname)
	// The receiver is the first parameter.
	recv := f.Recv.Name
	if recv == nil {
		recv = hidden(f.Recv.Start(), "_")
	}
	f.Params = append([]*lang.Ident{recv}, f.Params...)
	if f.ParamTypes != nil || true {
		pts := make([]*lang.TypeExpr, len(f.Params))
		pts[0] = f.Recv.Type
		if f.ParamTypes != nil {
			copy(pts[1:], f.ParamTypes)
		}
		f.ParamTypes = pts
	}
	f.IsMethod = true
	if ti.global != "" {
		pos := f.FuncPos
		l.methods = append(l.methods, callStmt(hidden(pos, "$method"), hidden(pos, ti.global), strLit(pos, mname), hidden(pos, fname), boolLit(pos, ptr)))
	}
}

// funcDecl lowers a function declaration's body (and its literal
// functions) with its parameters' static types in lscope.
func (l *lowerer) funcDecl(f *lang.Func) {
	l.function(f)
}

func (l *lowerer) push() {
	l.sc = &lscope{parent: l.sc, types: map[string]*tinfo{}, vars: map[string]*lang.TypeExpr{}}
}
func (l *lowerer) pop() { l.sc = l.sc.parent }

func (l *lowerer) function(f *lang.Func) {
	l.push()
	defer l.pop()
	saveRes := l.results
	l.results = f.Results
	defer func() { l.results = saveRes }()
	for _, tp := range f.TypeParams {
		l.sc.types[tp.Name.Name] = &tinfo{name: tp.Name.Name, under: &lang.TypeExpr{Kind: lang.TName, Name: "any"}, param: true}
	}
	var prologue []lang.Stmt
	for i, p := range f.Params {
		var t *lang.TypeExpr
		if i < len(f.ParamTypes) {
			t = f.ParamTypes[i]
		}
		if f.Variadic && i == len(f.Params)-1 && t != nil {
			t = &lang.TypeExpr{TypePos: t.TypePos, Kind: lang.TSlice, Elem: t}
		}
		l.sc.vars[p.Name] = t
		if t == nil || p.Name == "_" {
			continue
		}
		pos := p.NamePos
		switch {
		case l.structOf(t) != nil:
			// A struct is passed by value: the callee works on a copy.
			prologue = append(prologue, assign(hidden(pos, p.Name), call(hidden(pos, "$copy"), hidden(pos, p.Name))))
		case l.isFloat(t):
			prologue = append(prologue, assign(hidden(pos, p.Name), call(hidden(pos, "float"), hidden(pos, p.Name))))
		}
	}
	// Named results are variables starting at their zero values; a bare
	// return returns them.
	for _, r := range f.Results {
		if r.Name != nil && r.Name.Name != "_" {
			l.sc.vars[r.Name.Name] = r.Type
			prologue = append(prologue, &lang.VarDecl{VarPos: r.Name.NamePos, Names: []*lang.Ident{hidden(r.Name.NamePos, r.Name.Name)}, Values: []lang.Expr{l.zeroValue(r.Type)}})
		}
	}
	if f.Body != nil {
		body := l.stmts(f.Body.Stmts)
		if named := namedResults(f); named != nil && hasDefer(body) {
			// Deferred calls may change named results after `return x`
			// set them: the body runs in a closure whose return
			// assigns the results, and the function returns them once
			// the closure (and its deferred calls) finished.
			setReturns(body, named)
			pos := f.Body.Lbrace
			inner := &lang.FuncLit{Func: &lang.Func{FuncPos: pos, Body: &lang.BlockStmt{Lbrace: pos, Stmts: body, Rbrace: f.Body.Rbrace}}}
			var res []lang.Expr
			for _, n := range named {
				res = append(res, hidden(f.Body.Rbrace, n))
			}
			body = []lang.Stmt{callStmt(inner), &lang.ReturnStmt{ReturnPos: f.Body.Rbrace, Results: res}}
		}
		f.Body.Stmts = append(prologue, body...)
	}
}

// namedResults lists f's result names when every result is named.
func namedResults(f *lang.Func) []string {
	var out []string
	for _, r := range f.Results {
		if r.Name == nil {
			return nil
		}
		out = append(out, r.Name.Name)
	}
	return out
}

// hasDefer reports whether a defer statement is in stmts, outside nested
// function literals.
func hasDefer(stmts []lang.Stmt) bool {
	found := false
	for _, s := range stmts {
		lang.Inspect(s, func(n lang.Node) bool {
			switch n.(type) {
			case *lang.DeferStmt:
				found = true
			case *lang.FuncLit:
				return false
			}
			return !found
		})
	}
	return found
}

// setReturns rewrites `return a, b` (outside function literals) to assign
// the named results, then return.
func setReturns(stmts []lang.Stmt, named []string) {
	for i, st := range stmts {
		stmts[i] = setReturn(st, named)
	}
}

func setReturn(st lang.Stmt, named []string) lang.Stmt {
	switch n := st.(type) {
	case *lang.ReturnStmt:
		if len(n.Results) == 0 {
			return n
		}
		var lhs []lang.Expr
		for _, name := range named {
			lhs = append(lhs, hidden(n.ReturnPos, name))
		}
		as := &lang.AssignStmt{Lhs: lhs, TokPos: n.ReturnPos, Tok: lang.ASSIGN, Rhs: n.Results}
		return &lang.BlockStmt{Lbrace: n.ReturnPos, Stmts: []lang.Stmt{as, &lang.ReturnStmt{ReturnPos: n.ReturnPos}}, Rbrace: n.ReturnPos}
	case *lang.BlockStmt:
		setReturns(n.Stmts, named)
	case *lang.IfStmt:
		setReturns(n.Then.Stmts, named)
		if n.Else != nil {
			n.Else = setReturn(n.Else, named)
		}
	case *lang.ForStmt:
		setReturns(n.Body.Stmts, named)
	case *lang.RangeStmt:
		setReturns(n.Body.Stmts, named)
	case *lang.SwitchStmt:
		for _, c := range n.Cases {
			setReturns(c.Body, named)
		}
	case *lang.SelectStmt:
		for _, c := range n.Cases {
			setReturns(c.Body, named)
		}
	case *lang.LabeledStmt:
		n.Stmt = setReturn(n.Stmt, named)
	}
	return st
}

func assign(lhs, rhs lang.Expr) lang.Stmt {
	return &lang.AssignStmt{Lhs: []lang.Expr{lhs}, TokPos: lhs.Start(), Tok: lang.ASSIGN, Rhs: []lang.Expr{rhs}}
}

// ---------------------------------------------------------------------------
// Statements

func (l *lowerer) stmts(list []lang.Stmt) []lang.Stmt {
	out := make([]lang.Stmt, 0, len(list))
	for _, s := range list {
		out = append(out, l.stmt(s)...)
	}
	return out
}

func (l *lowerer) block(b *lang.BlockStmt) {
	if b == nil {
		return
	}
	l.push()
	b.Stmts = l.stmts(b.Stmts)
	l.pop()
}

func (l *lowerer) stmt(s lang.Stmt) []lang.Stmt {
	switch s := s.(type) {
	case *lang.TypeDecl:
		l.declareType(s, false)
		return l.typeDeclNamed(s, "main."+s.Name.Name)
	case *lang.VarDecl:
		return l.varDecl(s)
	case *lang.AssignStmt:
		return l.assign(s)
	case *lang.IncDecStmt:
		if b := l.sizedInt(l.typeOf(s.X)); b != "" {
			op := lang.ADD_ASSIGN
			if !s.Inc {
				op = lang.SUB_ASSIGN
			}
			return l.assign(&lang.AssignStmt{Lhs: []lang.Expr{s.X}, TokPos: s.TokPos, Tok: op, Rhs: []lang.Expr{intLit(s.TokPos, 1)}})
		}
		if u, ok := s.X.(*lang.UnaryExpr); ok && u.Op == lang.MUL {
			op := lang.ADD
			if !s.Inc {
				op = lang.SUB
			}
			p := l.expr(u.X)
			return []lang.Stmt{callStmt(hidden(u.OpPos, "$store"), p, &lang.BinaryExpr{X: call(hidden(u.OpPos, "$deref"), p), OpPos: s.TokPos, Op: op, Y: intLit(s.TokPos, 1)})}
		}
		s.X = l.expr(s.X)
	case *lang.SendStmt:
		s.Chan = l.expr(s.Chan)
		s.Value = l.copyIfStruct(l.expr(s.Value))
	case *lang.ExprStmt:
		s.X = l.expr(s.X)
	case *lang.BlockStmt:
		l.block(s)
	case *lang.IfStmt:
		l.push()
		if s.Init != nil {
			s.Init = l.single(s.Init)
		}
		s.Cond = l.expr(s.Cond)
		l.block(s.Then)
		if s.Else != nil {
			s.Else = l.single(s.Else)
		}
		l.pop()
	case *lang.ForStmt:
		l.push()
		if s.Init != nil {
			s.Init = l.single(s.Init)
		}
		if s.Cond != nil {
			s.Cond = l.expr(s.Cond)
		}
		if s.Post != nil {
			s.Post = l.single(s.Post)
		}
		l.block(s.Body)
		l.pop()
	case *lang.RangeStmt:
		return l.rangeStmt(s)
	case *lang.SwitchStmt:
		if s.TypeSwitch {
			return l.typeSwitch(s)
		}
		l.push()
		if s.Init != nil {
			s.Init = l.single(s.Init)
		}
		if s.Tag != nil {
			s.Tag = l.expr(s.Tag)
		}
		for _, c := range s.Cases {
			for i, x := range c.List {
				c.List[i] = l.expr(x)
			}
			l.push()
			c.Body = l.stmts(c.Body)
			l.pop()
		}
		l.pop()
	case *lang.SelectStmt:
		for _, c := range s.Cases {
			l.push()
			if c.Comm != nil {
				c.Comm = l.single(c.Comm)
			}
			c.Body = l.stmts(c.Body)
			l.pop()
		}
	case *lang.ReturnStmt:
		for i, r := range s.Results {
			r = l.expr(r)
			if i < len(l.results) && len(s.Results) == len(l.results) && l.isFloat(l.results[i].Type) {
				r = floatConst(r)
			}
			s.Results[i] = r
		}
		if len(s.Results) == 0 && len(l.results) > 0 && l.results[0].Name != nil {
			for _, r := range l.results {
				s.Results = append(s.Results, hidden(s.ReturnPos, r.Name.Name))
			}
		}
	case *lang.GoStmt:
		if c, ok := l.expr(s.Call).(*lang.CallExpr); ok {
			s.Call = c
		} else {
			l.errorf(s.GoPos, "expression in go must be function call")
		}
	case *lang.DeferStmt:
		if c, ok := l.expr(s.Call).(*lang.CallExpr); ok {
			s.Call = c
		} else {
			l.errorf(s.DeferPos, "expression in defer must be function call")
		}
	case *lang.LabeledStmt:
		s.Stmt = l.single(s.Stmt)
	case *lang.FuncDecl:
		l.function(s.Func)
	}
	return []lang.Stmt{s}
}

// single lowers a statement that must stay one statement.
func (l *lowerer) single(s lang.Stmt) lang.Stmt {
	out := l.stmt(s)
	if len(out) == 1 {
		return out[0]
	}
	return &lang.BlockStmt{Lbrace: s.Start(), Stmts: out, Rbrace: s.Start()}
}

// floatConst turns an int literal into a float literal (an untyped
// constant given a float type).
func floatConst(e lang.Expr) lang.Expr {
	switch x := e.(type) {
	case *lang.BasicLit:
		if x.Kind == lang.IntLit || x.Kind == lang.CharLit {
			return &lang.BasicLit{ValuePos: x.ValuePos, Kind: lang.FloatLit, Raw: x.Raw + ".0", Float: float64(x.Int)}
		}
	case *lang.UnaryExpr:
		if x.Op == lang.SUB {
			if y, ok := floatConst(x.X).(*lang.BasicLit); ok && y.Kind == lang.FloatLit {
				return &lang.UnaryExpr{OpPos: x.OpPos, Op: lang.SUB, X: y}
			}
		}
	case *lang.BinaryExpr:
		if isConstLit(x.X) && isConstLit(x.Y) {
			return &lang.BinaryExpr{X: floatConst(x.X), OpPos: x.OpPos, Op: x.Op, Y: floatConst(x.Y)}
		}
	case *lang.ParenExpr:
		return &lang.ParenExpr{Lparen: x.Lparen, X: floatConst(x.X), Rparen: x.Rparen}
	}
	return e
}

func isConstLit(e lang.Expr) bool {
	switch x := e.(type) {
	case *lang.BasicLit:
		return x.Kind == lang.IntLit || x.Kind == lang.FloatLit || x.Kind == lang.CharLit
	case *lang.UnaryExpr:
		return x.Op == lang.SUB && isConstLit(x.X)
	case *lang.BinaryExpr:
		return isConstLit(x.X) && isConstLit(x.Y)
	case *lang.ParenExpr:
		return isConstLit(x.X)
	}
	return false
}

func (l *lowerer) varDecl(s *lang.VarDecl) []lang.Stmt {
	if s.Const {
		// Each spec gets its own copy of the (possibly repeated)
		// expressions, with iota replaced by its value.
		s.Values = append([]lang.Expr(nil), s.Values...)
		for i, v := range s.Values {
			s.Values[i] = l.expr(substIota(v, s.Iota))
			if n, ok := l.constInt(s.Values[i]); ok && i < len(s.Names) {
				l.constVals[s.Names[i].Name] = n
			}
		}
	}
	pre := make([]*lang.TypeExpr, len(s.Values))
	if !s.Const {
		for i, v := range s.Values {
			pre[i] = l.typeOf(v)
			s.Values[i] = l.expr(v)
		}
	}
	if len(s.Names) == 2 && len(s.Values) == 1 {
		s.Values[0] = commaOk(s.Values[0])
	}
	if s.Type != nil {
		if len(s.Values) == 0 {
			for _, n := range s.Names {
				s.Values = append(s.Values, l.zeroValue(s.Type))
				_ = n
			}
		} else if l.isFloat(s.Type) {
			for i, v := range s.Values {
				s.Values[i] = l.toFloat(v)
			}
		} else if len(s.Values) == len(s.Names) {
			for i, v := range s.Values {
				s.Values[i] = l.copyIfStruct(v)
			}
		}
	} else if len(s.Values) == len(s.Names) {
		for i, v := range s.Values {
			s.Values[i] = l.copyIfStructPlace(v)
		}
	}
	for i, n := range s.Names {
		t := s.Type
		if t == nil && len(s.Values) == len(s.Names) {
			if t = pre[i]; t == nil {
				t = l.typeOf(s.Values[i])
			}
		}
		l.sc.vars[n.Name] = t
	}
	return []lang.Stmt{s}
}

// toFloat converts a value given a float type: a constant at compile
// time, anything else at run time.
func (l *lowerer) toFloat(e lang.Expr) lang.Expr {
	if isConstLit(e) {
		return floatConst(e)
	}
	if t := l.typeOf(e); t != nil && l.isFloat(t) {
		return e
	}
	return call(hidden(e.Start(), "float"), e)
}

// commaOk rewrites the single value of a two-variable assignment: a type
// assertion gives its ok.
func commaOk(e lang.Expr) lang.Expr {
	if c, ok := e.(*lang.CallExpr); ok {
		if id, ok := c.Fun.(*lang.Ident); ok && id.Name == "$assert" {
			id.Name = "$assert2"
		}
	}
	return e
}

func (l *lowerer) assign(s *lang.AssignStmt) []lang.Stmt {
	pre := make([]*lang.TypeExpr, len(s.Rhs))
	for i, r := range s.Rhs {
		pre[i] = l.typeOf(r)
		s.Rhs[i] = l.expr(r)
	}
	if len(s.Lhs) == 2 && len(s.Rhs) == 1 {
		s.Rhs[0] = commaOk(s.Rhs[0])
	}
	// *p = v, *p op= v
	if len(s.Lhs) == 1 {
		if u, ok := s.Lhs[0].(*lang.UnaryExpr); ok && u.Op == lang.MUL {
			p := l.expr(u.X)
			v := s.Rhs[0]
			if s.Tok != lang.ASSIGN && s.Tok != lang.DEFINE {
				v = &lang.BinaryExpr{X: call(hidden(u.OpPos, "$deref"), p), OpPos: s.TokPos, Op: s.Tok.OpAssignBase(), Y: v}
			}
			return []lang.Stmt{callStmt(hidden(u.OpPos, "$store"), p, v)}
		}
	}
	for i, x := range s.Lhs {
		if s.Tok != lang.DEFINE {
			s.Lhs[i] = l.expr(x)
		}
	}
	if len(s.Lhs) == len(s.Rhs) {
		for i, r := range s.Rhs {
			if s.Tok == lang.ASSIGN || s.Tok == lang.DEFINE {
				r = l.copyIfStructPlace(r)
				if t := l.typeOf(s.Lhs[i]); s.Tok == lang.ASSIGN && t != nil && l.isFloat(t) && isConstLit(r) {
					r = floatConst(r)
				}
			} else if t := l.typeOf(s.Lhs[i]); t != nil && l.isFloat(t) && isConstLit(r) {
				r = floatConst(r)
			}
			s.Rhs[i] = r
		}
	}
	// A variable of a type parameter's type starts as nil (its zero is
	// not known statically): x op= y starts from the zero of y's kind.
	if len(s.Lhs) == 1 && len(s.Rhs) == 1 && s.Tok != lang.DEFINE && s.Tok != lang.ASSIGN {
		if t := l.typeOf(s.Lhs[0]); t != nil && l.isTypeParam(t) {
			v := &lang.BinaryExpr{X: call(hidden(s.TokPos, "$zerolike"), cloneExpr(s.Lhs[0]), s.Rhs[0]), OpPos: s.TokPos, Op: s.Tok.OpAssignBase(), Y: cloneExpr(s.Rhs[0])}
			s.Tok, s.Rhs[0] = lang.ASSIGN, v
		}
	}
	// A variable of a sized integer type wraps to its width.
	if len(s.Lhs) == 1 && len(s.Rhs) == 1 && s.Tok != lang.DEFINE {
		if b := l.sizedInt(l.typeOf(s.Lhs[0])); b != "" {
			v := s.Rhs[0]
			if s.Tok != lang.ASSIGN {
				v = &lang.BinaryExpr{X: cloneExpr(s.Lhs[0]), OpPos: s.TokPos, Op: s.Tok.OpAssignBase(), Y: v}
				s.Tok = lang.ASSIGN
			}
			s.Rhs[0] = call(hidden(s.TokPos, "$conv"), host(s.TokPos, vm.BasicType(b).Value()), v)
		}
	}
	if s.Tok == lang.DEFINE {
		for i, x := range s.Lhs {
			id, ok := x.(*lang.Ident)
			if !ok {
				continue
			}
			var t *lang.TypeExpr
			if len(s.Lhs) == len(s.Rhs) {
				t = pre[i]
				if t == nil {
					t = l.typeOf(s.Rhs[i])
				}
			} else if len(s.Rhs) == 1 {
				t = l.multiTypeOf(s.Rhs[0], i)
			}
			l.sc.vars[id.Name] = t
		}
	}
	return []lang.Stmt{s}
}

// copyIfStructPlace copies a struct value read from a variable, field or
// element (a place), when its static type says it is a struct.
func (l *lowerer) copyIfStructPlace(e lang.Expr) lang.Expr {
	switch e.(type) {
	case *lang.Ident, *lang.SelectorExpr, *lang.IndexExpr:
		return l.copyIfStruct(e)
	case *lang.CallExpr:
		if c := e.(*lang.CallExpr); isHidden(c.Fun, "$deref") {
			return call(hidden(e.Start(), "$copy"), e)
		}
	}
	return e
}

func isHidden(e lang.Expr, name string) bool {
	id, ok := e.(*lang.Ident)
	return ok && id.Name == name
}

func (l *lowerer) copyIfStruct(e lang.Expr) lang.Expr {
	switch e.(type) {
	case *lang.Ident, *lang.SelectorExpr, *lang.IndexExpr:
		if t := l.typeOf(e); t != nil {
			if l.structOf(t) != nil {
				return call(hidden(e.Start(), "$copy"), e)
			}
			if rt := l.resolve(t); rt != nil && rt.Kind == lang.TArray {
				return call(hidden(e.Start(), "$copyarr"), e)
			}
		}
	}
	return e
}

// sizedInt names t's basic type when it is an integer type narrower than
// 64 bits (its arithmetic wraps), else "".
func (l *lowerer) sizedInt(t *lang.TypeExpr) string {
	if t == nil {
		return ""
	}
	switch b := l.basicName(t); b {
	case "int8", "int16", "int32", "uint8", "uint16", "uint32", "byte", "rune":
		return b
	}
	return ""
}

func (l *lowerer) rangeStmt(s *lang.RangeStmt) []lang.Stmt {
	s.X = l.expr(s.X)
	l.push()
	defer l.pop()
	xt := l.resolve(l.typeOf(s.X))
	var kt, vt *lang.TypeExpr
	if xt != nil {
		switch xt.Kind {
		case lang.TSlice, lang.TArray:
			kt, vt = &lang.TypeExpr{Kind: lang.TName, Name: "int"}, xt.Elem
		case lang.TMap:
			kt, vt = xt.Key, xt.Elem
		case lang.TChan:
			kt = xt.Elem
		case lang.TName:
			if xt.Name == "string" {
				kt, vt = &lang.TypeExpr{Kind: lang.TName, Name: "int"}, &lang.TypeExpr{Kind: lang.TName, Name: "rune"}
			} else if xt.Name == "int" {
				kt = xt
			}
		}
	}
	if s.Tok == lang.DEFINE {
		if id, ok := s.Key.(*lang.Ident); ok {
			l.sc.vars[id.Name] = kt
		}
		if id, ok := s.Value.(*lang.Ident); ok {
			l.sc.vars[id.Name] = vt
			if vt != nil && l.structOf(vt) != nil && id.Name != "_" && s.Body != nil {
				s.Body.Stmts = append([]lang.Stmt{assign(hidden(id.NamePos, id.Name), call(hidden(id.NamePos, "$copy"), hidden(id.NamePos, id.Name)))}, s.Body.Stmts...)
			}
		}
	} else {
		if s.Key != nil {
			s.Key = l.expr(s.Key)
		}
		if s.Value != nil {
			s.Value = l.expr(s.Value)
		}
	}
	l.block(s.Body)
	return []lang.Stmt{s}
}

// typeSwitch lowers `switch v := x.(type) { case T1, T2: ... }` to a
// tagless switch on $is tests, with v bound in every clause.
func (l *lowerer) typeSwitch(s *lang.SwitchStmt) []lang.Stmt {
	l.push()
	defer l.pop()
	var pre []lang.Stmt
	if s.Init != nil {
		pre = append(pre, l.stmt(s.Init)...)
		s.Init = nil
	}
	guard := s.Tag.(*lang.TypeAssertExpr)
	l.tmp++
	tmp := "$ts" + strconv.Itoa(l.tmp)
	pos := guard.X.Start()
	pre = append(pre, &lang.AssignStmt{Lhs: []lang.Expr{hidden(pos, tmp)}, TokPos: pos, Tok: lang.DEFINE, Rhs: []lang.Expr{l.expr(guard.X)}})
	s.Tag = nil
	s.TypeSwitch = false
	for _, c := range s.Cases {
		var conds []lang.Expr
		var single *lang.TypeExpr
		for _, x := range c.List {
			t := lang.AsType(x)
			if t == nil {
				l.errorf(x.Start(), "%s is not a type", lang.ExprString(x))
				continue
			}
			if len(c.List) == 1 {
				single = t
			}
			var tv lang.Expr
			if t.Kind == lang.TName && t.Name == "nil" && t.Pkg == "" {
				tv = nilLit(t.TypePos)
			} else {
				tv = l.typeValue(t)
			}
			conds = append(conds, call(hidden(x.Start(), "$is"), hidden(x.Start(), tmp), tv))
		}
		if c.List != nil {
			var cond lang.Expr
			for _, e := range conds {
				if cond == nil {
					cond = e
				} else {
					cond = &lang.BinaryExpr{X: cond, OpPos: e.Start(), Op: lang.LOR, Y: e}
				}
			}
			if cond == nil {
				cond = boolLit(c.CasePos, false)
			}
			c.List = []lang.Expr{cond}
		}
		l.push()
		var bind []lang.Stmt
		if s.Bind != nil && s.Bind.Name != "_" {
			bind = append(bind, &lang.AssignStmt{Lhs: []lang.Expr{hidden(s.Bind.NamePos, s.Bind.Name)}, TokPos: s.Bind.NamePos, Tok: lang.DEFINE, Rhs: []lang.Expr{hidden(s.Bind.NamePos, tmp)}})
			l.sc.vars[s.Bind.Name] = single
		}
		c.Body = append(bind, l.stmts(c.Body)...)
		l.pop()
	}
	s.Bind = nil
	return []lang.Stmt{&lang.BlockStmt{Lbrace: s.SwitchPos, Stmts: append(pre, s), Rbrace: s.Rbrace}}
}

// substIota copies e with every `iota` replaced by n.
func substIota(e lang.Expr, n int) lang.Expr {
	switch x := e.(type) {
	case *lang.Ident:
		if x.Name == "iota" {
			return intLit(x.NamePos, n)
		}
		return &lang.Ident{NamePos: x.NamePos, Name: x.Name}
	case *lang.BinaryExpr:
		return &lang.BinaryExpr{X: substIota(x.X, n), OpPos: x.OpPos, Op: x.Op, Y: substIota(x.Y, n)}
	case *lang.UnaryExpr:
		return &lang.UnaryExpr{OpPos: x.OpPos, Op: x.Op, X: substIota(x.X, n)}
	case *lang.ParenExpr:
		return &lang.ParenExpr{Lparen: x.Lparen, X: substIota(x.X, n), Rparen: x.Rparen}
	case *lang.CallExpr:
		c := &lang.CallExpr{Fun: substIota(x.Fun, n), Lparen: x.Lparen, Spread: x.Spread, Rparen: x.Rparen}
		for _, a := range x.Args {
			c.Args = append(c.Args, substIota(a, n))
		}
		return c
	case *lang.SelectorExpr:
		return &lang.SelectorExpr{X: substIota(x.X, n), Sel: &lang.Ident{NamePos: x.Sel.NamePos, Name: x.Sel.Name}}
	case *lang.BasicLit:
		c := *x
		return &c
	}
	return e
}
