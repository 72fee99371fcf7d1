// Package stdlib holds Goro's standard modules (SPEC §10): fmt, strings,
// strconv, math, json, sort, io and os here; time, sync, runtime and net
// are added the same way, one file per module.
//
// A module file declares its members in an init function with newModule,
// then calls register. The registry is written only during package
// initialization and read-only afterwards, so any number of runtimes (in
// any number of host goroutines) may look modules up concurrently.
//
// Functions are immutable *vm.Native values built once and shared by every
// runtime, as the builtins are. Anything with per-runtime state (os.Args,
// the os.Stdin object) is built by the module's New, once per runtime.
//
// Adding a module is adding a file:
//
//	func init() {
//		m := newModule("time")
//		m.value("Second", vm.Int(1e9))                  // a constant
//		m.fn("Sleep", 1, 0, sleep)                      // exactly 1 argument, no result
//		m.fnRange("After", 1, 1, 1, after)              // 1 to 1 arguments, 1 result
//		m.perRuntime("Stdin", func(rt *vm.Runtime) vm.Value { ... })
//		m.register()
//	}
//
// Native object types are package-level *vm.ObjType values (immutable after
// init) whose methods come from newMethod. Library functions that can fail
// return (result, err) values as Go's do (errValue converts a Go error);
// vm.Errorf panics are for misuse: wrong argument types, negative counts.
package stdlib

import (
	"io"
	"slices"
	"sort"

	"github.com/goro-lang/goro/vm"
)

// registry maps an import path to its module. Filled by init functions only.
var registry = map[string]*vm.ModuleDef{}

// Lookup returns the standard module with the given import path, or nil.
// It has the signature of vm.ModuleLookup.
func Lookup(path string) *vm.ModuleDef { return registry[path] }

// Names returns the import paths of every standard module, sorted.
func Names() []string {
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// module collects a module's members while its init function declares them.
// Members keep declaration order; makers[i] builds members[i] for a runtime.
type module struct {
	name    string
	members []string
	makers  []func(rt *vm.Runtime, st any) vm.Value
	docs    map[string]*Doc
	// state, when set, makes the per-runtime state that the members of
	// perRuntimeState share (flag's command-line set): one per runtime,
	// made before the members.
	state func(rt *vm.Runtime) any

	// Capabilities (docs/sandbox.md): declared is set by pure or needs;
	// caps is what the module needs (vm.ModuleDef.Needs); memberCaps what
	// single members need, checked when a sandboxed runtime builds them.
	declared   bool
	pureRest   bool // pure was called: importable whatever memberCaps need
	caps       vm.Capability
	memberCaps map[string]vm.Capability
}

// pure declares that the module's members touch nothing outside the run
// (no files, environment, stdin, network, processes): a sandboxed run may
// import it. Every module must declare itself pure or list what it needs;
// one that declares nothing runs only where the host grants everything
// (vm.CapUndeclared).
//
// Called beside needs(c, members...), pure says that the other members are
// pure: the module is then importable by every run, and only the listed
// members are denied where c is not granted (path/filepath, log).
func (m *module) pure() { m.declared, m.pureRest = true, true }

// needs declares that members (all of them when none is named) need
// capability c. The module is then importable by a run that grants at
// least one of the capabilities its members need; in a run that lacks c,
// each listed member is a function that panics with "os.ReadFile: not
// allowed in this runtime (needs the files capability)". A call of needs
// that names members does not make the other members pure: call pure too
// if they are (path/filepath).
func (m *module) needs(c vm.Capability, members ...string) {
	m.declared = true
	m.caps |= c
	if len(members) == 0 {
		return
	}
	if m.memberCaps == nil {
		m.memberCaps = map[string]vm.Capability{}
	}
	for _, name := range members {
		m.memberCaps[name] |= c
	}
}

// Doc is a member's documentation: its Go-style signature and a one-line
// description. `goro doc strings.Split` and the REPL's :doc print it.
type Doc struct {
	Sig  string // "func Split(s, sep string) []string"
	Text string // "Split slices s into all substrings separated by sep ..."
	// autoSig: Sig was derived by reflection from the wrapped Go function
	// (parameter names lost); Go's own declaration is preferred.
	autoSig bool
}

// docs maps an import path to its members' documentation. Filled by init
// functions only (see module.register), read-only afterwards.
var docs = map[string]map[string]*Doc{}

// MemberDoc returns the documentation of member of the module at path:
// what the module's definition says, completed from the documentation of
// the Go declaration the member wraps (goDocs, generated from Go's
// sources by TestGoDocsGenerated) where the definition says nothing.
func MemberDoc(path, member string) (Doc, bool) {
	def := registry[path]
	if def == nil || !slices.Contains(def.Members, member) {
		return Doc{}, false
	}
	var d Doc
	if own := docs[path][member]; own != nil {
		d = *own
	}
	if g, ok := goDocs[path+"."+member]; ok {
		if d.Sig == "" || d.autoSig {
			d.Sig = g[0]
		}
		if d.Text == "" {
			d.Text = g[1]
		}
	}
	return d, true
}

// ownDoc is the documentation the module's definition itself gives.
func ownDoc(path, member string) Doc {
	if d := docs[path][member]; d != nil {
		return *d
	}
	return Doc{}
}

// sig sets a member's signature.
func (m *module) sig(member, sig string) {
	d := m.docOf(member)
	d.Sig, d.autoSig = sig, false
}

// doc sets a member's signature and description.
func (m *module) doc(member, sig, text string) {
	d := m.docOf(member)
	d.Sig, d.Text, d.autoSig = sig, text, false
}

func (m *module) docOf(member string) *Doc {
	if m.docs == nil {
		m.docs = map[string]*Doc{}
	}
	d := m.docs[member]
	if d == nil {
		d = &Doc{}
		m.docs[member] = d
	}
	return d
}

func newModule(name string) *module { return &module{name: name} }

func (m *module) add(member string, mk func(rt *vm.Runtime) vm.Value) {
	m.addState(member, func(rt *vm.Runtime, _ any) vm.Value { return mk(rt) })
}

// perRuntimeState declares a member built for every runtime from the
// module's per-runtime state (see module.state).
func (m *module) perRuntimeState(member string, mk func(rt *vm.Runtime, st any) vm.Value) {
	m.addState(member, mk)
}

func (m *module) addState(member string, mk func(rt *vm.Runtime, st any) vm.Value) {
	for _, x := range m.members {
		if x == member {
			panic("stdlib: duplicate member " + m.name + "." + member)
		}
	}
	m.members = append(m.members, member)
	m.makers = append(m.makers, mk)
}

// value declares an immutable member (a constant, or a shared value such as
// io.EOF).
func (m *module) value(member string, v vm.Value) {
	m.add(member, func(*vm.Runtime) vm.Value { return v })
}

// perRuntime declares a member built anew for every runtime.
func (m *module) perRuntime(member string, mk func(rt *vm.Runtime) vm.Value) {
	m.add(member, mk)
}

// fn declares a function member taking exactly nargs arguments (checked
// before f runs, so f may index args freely) and giving nres results.
func (m *module) fn(member string, nargs, nres int, f vm.NativeFn) {
	m.fnRange(member, nargs, nargs, nres, f)
}

// fnRange declares a function taking between min and max arguments (max < 0:
// any number from min up).
func (m *module) fnRange(member string, min, max, nres int, f vm.NativeFn) {
	name := m.name + "." + member
	nat := vm.NewNative(name, nres, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		if err := vm.CheckArgsRange(name, args, min, max); err != nil {
			return vm.Nil, err
		}
		return f(t, args)
	})
	m.value(member, nat.Value())
}

// register publishes the module under its name as import path.
func (m *module) register() {
	if _, dup := registry[m.name]; dup {
		panic("stdlib: module " + m.name + " registered twice")
	}
	members := append([]string(nil), m.members...)
	if m.docs != nil {
		docs[m.name] = m.docs
	}
	makers := append([]func(*vm.Runtime, any) vm.Value(nil), m.makers...)
	state := m.state
	needs := m.caps
	if !m.declared {
		needs = vm.CapUndeclared
	} else if m.pureRest {
		needs = 0
	}
	for i, name := range members {
		c, ok := m.memberCaps[name]
		if !ok {
			continue
		}
		mk, denied := makers[i], vm.DeniedNative(m.name+"."+name, c)
		if fsWrites[m.name+"."+name] {
			inner := mk
			mk = func(rt *vm.Runtime, st any) vm.Value {
				v := inner(rt, st)
				if rt.FS() != nil {
					return fsDenied(m.name+"."+name, int(v.Native().NRes))
				}
				return v
			}
		}
		makers[i] = func(rt *vm.Runtime, st any) vm.Value {
			if !rt.Allows(c) {
				return denied
			}
			return mk(rt, st)
		}
	}
	registry[m.name] = &vm.ModuleDef{
		Name:    m.name,
		Needs:   needs,
		Members: members,
		New: func(rt *vm.Runtime) []vm.Value {
			var st any
			if state != nil {
				st = state(rt)
			}
			vals := make([]vm.Value, len(makers))
			for i, mk := range makers {
				vals[i] = mk(rt, st)
			}
			return vals
		},
	}
}

// newMethod makes a method of a native object type. nargs counts the
// arguments after the receiver (args[0]); f receives them all, receiver
// first, after the count has been checked.
func newMethod(typeName, member string, nargs, nres int, f vm.NativeFn) *vm.Native {
	name := typeName + "." + member
	return vm.NewMethod(name, nres, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		if len(args) == 0 {
			return vm.Nil, vm.Errorf("%s: missing receiver", name)
		}
		if len(args)-1 != nargs {
			return vm.Nil, vm.ArityError(name, len(args)-1, nargs)
		}
		return f(t, args)
	})
}

// errValue converts a Go error into a Goro error value (nil stays nil).
// io.EOF becomes the shared vm.EOF so that `err == io.EOF` holds; any
// other error keeps the Go error, so errors.Is(err, fs.ErrNotExist) follows
// Go's chain (vm.ErrorIs).
func errValue(err error) vm.Value {
	switch {
	case err == nil:
		return vm.Nil
	case err == io.EOF:
		return vm.EOF
	}
	return vm.NewGoError(err)
}

// sortedKeys returns m's keys sorted, for declaring members from a table in
// a deterministic order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
