package compiler

import "github.com/goro-lang/goro/lang"

// Top-level variables in registers.
//
// A top-level := or var declares a global (a module cell), because any
// function of the file may use it, from any goroutine, at any time. Yet in
// most scripts many top-level variables are used by the top-level code
// alone (`sum := 0; for i := ... { sum += i % 7 }`), and a global costs a
// cell load or store at every use. promoteLocals makes such a variable a
// local of the module's init function instead: a register, exactly as if
// the top-level code were one big block.
//
// A global qualifies when nothing but the top-level code can see it:
//   - no function of the file uses it (functions include closures, so a
//     goroutine started at top level that uses it keeps it global);
//   - it is not exported (importers may read exported globals);
//   - every variable its statement declares qualifies, so that the
//     statement compiles wholly as a local declaration or wholly as a
//     global one (see declaresGlobals).
//
// REPL sessions never promote: their globals outlive each input's code.
// At most maxPromoted variables are promoted, to keep init's frame small.

const maxPromoted = 1000

// promoteLocals promotes the qualifying globals of a resolved module whose
// top-level code is info.
func (r *resolver) promoteLocals(stmts []lang.Stmt, info *funcInfo) {
	promoted := 0
	for _, s := range stmts {
		vars := topDeclared(s)
		if len(vars) == 0 || promoted+len(vars) > maxPromoted {
			continue
		}
		ok := true
		for _, v := range vars {
			if !v.global || isExported(v.name) || r.funcUses[v] {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		for _, v := range vars {
			v.global = false
			v.fn = info
			for _, b := range r.topUses[v] {
				b.kind = bLocal
			}
		}
		promoted += len(vars)
	}
}

// topDeclared returns the variables a top-level := or var declares ("_"
// excluded).
func topDeclared(s lang.Stmt) []*variable {
	var ids []*lang.Ident
	switch s := s.(type) {
	case *lang.VarDecl:
		ids = s.Names
	case *lang.AssignStmt:
		if s.Tok != lang.DEFINE {
			return nil
		}
		for _, e := range s.Lhs {
			if id, ok := e.(*lang.Ident); ok {
				ids = append(ids, id)
			}
		}
	}
	var out []*variable
	for _, id := range ids {
		if v, ok := id.Ref.(*variable); ok && v.name != "_" {
			out = append(out, v)
		}
	}
	return out
}
