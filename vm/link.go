package vm

import (
	"fmt"
	"sync/atomic"
	"unsafe"
)

// Linking turns a Program's immutable Protos into this runtime's functions:
// every GlobalRef becomes a pointer to one of the runtime's global cells, so
// the interpreter reaches a global in two loads and no name lookup.

// funcInst is a Proto linked into one runtime. Its first fields are what a
// call and the interpreter loop read, flattened so a call touches one
// struct.
type funcInst struct {
	code   unsafe.Pointer // &proto.Code[0]
	consts unsafe.Pointer // &proto.Consts[0] (nil when there are none)
	gcells unsafe.Pointer // &globals[0] (nil when there are none)
	nregs  int
	// fixedArgs is NParams, or variadicArgs for a variadic function: a
	// call's fast path just compares it with the argument count.
	fixedArgs int
	// ncopy counts proto.Upvals with Copy: the cells a closure of this
	// function carries for captured values.
	ncopy int
	// method is proto.IsMethod: a CALL with CallMethod passes it the
	// receiver.
	method bool

	proto    *Proto
	globals  []*Cell
	children []*funcInst
	mod      *moduleInst
}

const variadicArgs = -100

func newFuncInst(p *Proto, mod *moduleInst, globals []*Cell) *funcInst {
	fi := &funcInst{proto: p, mod: mod, globals: globals, nregs: p.NRegs, fixedArgs: p.NParams, method: p.IsMethod}
	if p.Variadic {
		fi.fixedArgs = variadicArgs
	}
	for _, u := range p.Upvals {
		if u.Copy {
			fi.ncopy++
		}
	}
	fi.code = unsafe.Pointer(unsafe.SliceData(p.Code))
	fi.consts = unsafe.Pointer(unsafe.SliceData(p.Consts))
	fi.gcells = unsafe.Pointer(unsafe.SliceData(globals))
	return fi
}

// moduleInst is a module (a file, a standard module, or a REPL session) in
// one runtime.
type moduleInst struct {
	name  string
	key   string
	cells map[string]*Cell // every global by name
	init  *Closure         // top-level code; nil for standard modules
	// started is set when the top-level code begins, so it runs once.
	started atomic.Bool
}

func newModuleInst(name, key string) *moduleInst {
	return &moduleInst{name: name, key: key, cells: map[string]*Cell{}}
}

// cell returns the module's cell for a global, creating it (nil) if needed.
func (m *moduleInst) cell(name string) *Cell {
	c := m.cells[name]
	if c == nil {
		c = newCell(Nil)
		m.cells[name] = c
	}
	return c
}

// link links the whole program. Must be called before running it.
func (rt *Runtime) link() error {
	rt.mu.Lock()
	defer rt.mu.Unlock()
	prog := rt.prog
	rt.modules = make([]*moduleInst, len(prog.Modules))
	for i, mp := range prog.Modules {
		mi := newModuleInst(mp.Name, mp.Key)
		for _, g := range mp.Globals {
			mi.cell(g)
		}
		rt.modules[i] = mi
	}
	for i, mp := range prog.Modules {
		fi, err := rt.linkProto(mp.Init, rt.modules[i])
		if err != nil {
			return err
		}
		rt.modules[i].init = newClosure(fi, nil)
	}
	return nil
}

// linkProto links p (and its nested functions) into module mod. Must hold
// rt.mu.
func (rt *Runtime) linkProto(p *Proto, mod *moduleInst) (*funcInst, error) {
	if err := Verify(p); err != nil {
		return nil, err
	}
	fi := newFuncInst(p, mod, make([]*Cell, len(p.Globals)))
	for i, ref := range p.Globals {
		c, err := rt.resolveGlobal(ref, mod)
		if err != nil {
			return nil, err
		}
		fi.globals[i] = c
	}
	fi.children = make([]*funcInst, len(p.Protos))
	for i, child := range p.Protos {
		ci, err := rt.linkProto(child, mod)
		if err != nil {
			return nil, err
		}
		fi.children[i] = ci
	}
	return fi, nil
}

// resolveGlobal finds the cell a GlobalRef names. Must hold rt.mu.
func (rt *Runtime) resolveGlobal(ref GlobalRef, mod *moduleInst) (*Cell, error) {
	if ref.Module == "" {
		return mod.cell(ref.Name), nil
	}
	for _, m := range rt.modules {
		if m.key == ref.Module {
			return m.cell(ref.Name), nil
		}
	}
	sm, err := rt.stdModule(ref.Module)
	if err != nil {
		return nil, err
	}
	c := sm.cells[ref.Name]
	if c == nil {
		return nil, fmt.Errorf("link: %s has no member %s", ref.Module, ref.Name)
	}
	return c, nil
}

// stdModule instantiates a standard module once per runtime. Must hold rt.mu.
func (rt *Runtime) stdModule(path string) (*moduleInst, error) {
	if m := rt.std[path]; m != nil {
		return m, nil
	}
	var def *ModuleDef
	if rt.opts.Modules != nil {
		def = rt.opts.Modules(path)
	}
	if def == nil {
		return nil, fmt.Errorf("link: unknown module %q", path)
	}
	vals := def.New(rt)
	if len(vals) != len(def.Members) {
		return nil, fmt.Errorf("link: module %s: %d values for %d members", path, len(vals), len(def.Members))
	}
	m := newModuleInst(def.Name, path)
	for i, name := range def.Members {
		m.cells[name] = newCell(vals[i])
	}
	m.started.Store(true)
	rt.std[path] = m
	return m, nil
}

// trampolineProto runs one native call as a frame: R[0] is the native and
// R[1..top) its arguments. Deferred and go'd natives run through it, so a
// native that parks is re-executed like any instruction (see ErrPark).
var trampolineProto = &Proto{
	Name:   "<native call>",
	Module: "runtime",
	NRegs:  2,
	Code: []Instr{
		MakeABC(OpCallNative, 0, 0, 0),
		MakeABC(OpReturn, 0, 1, 0),
	},
	Lines: []Pos{{}, {}},
}
