package goro

import (
	"fmt"
	"reflect"
	"sort"

	"github.com/goro-lang/goro/stdlib"
	"github.com/goro-lang/goro/vm"
)

// Module is a host module: Go functions and values that scripts import by
// name (`import "host"`, then host.Fetch(url)). Build it with NewModule and
// its methods before compiling, then pass it to Compile (or Load). The
// compiler checks every use of a member (host.Nope is a compile error), so
// the members are fixed once the module is used.
//
// Modules are per program: there is no process-wide registry, and two
// programs (or runtimes) may each have their own "host". A Module's
// values are shared by every run of the programs compiled with it; use
// Options.Modules to give one run its own values for the same members.
type Module struct {
	name    string
	members []string
	values  []any
	err     error
}

// NewModule starts a module with import path name.
func NewModule(name string) *Module { return &Module{name: name} }

// Name returns the module's import path.
func (m *Module) Name() string { return m.name }

func (m *Module) add(member string, v any) *Module {
	for _, x := range m.members {
		if x == member && m.err == nil {
			m.err = fmt.Errorf("goro: module %s: member %s defined twice", m.name, member)
		}
	}
	m.members = append(m.members, member)
	m.values = append(m.values, v)
	return m
}

// Func adds a Go function, converted by reflection (see Runtime.ValueOf):
// ordinary parameters and results, variadics, a leading context.Context (the
// runtime's, cancelled when the run ends), a trailing error result that the
// script receives as its err. A FastFunc is taken as is; wrap a function
// with Blocking to run it with the processor handed off.
func (m *Module) Func(name string, fn any) *Module {
	switch fn.(type) {
	case FastFunc, blockingFunc, func(args []Value) (Value, error):
	default:
		if reflect.TypeOf(fn) == nil || reflect.TypeOf(fn).Kind() != reflect.Func {
			if m.err == nil {
				m.err = fmt.Errorf("goro: module %s: %s is not a function (%T)", m.name, name, fn)
			}
		}
	}
	return m.add(name, fn)
}

// Fast adds a FastFunc: arguments as Values, no reflection.
func (m *Module) Fast(name string, fn FastFunc) *Module { return m.add(name, fn) }

// Value adds a value (a constant, a map of settings, a Go struct pointer
// whose fields and methods the script reads and calls), converted as
// Runtime.ValueOf converts.
func (m *Module) Value(name string, v any) *Module { return m.add(name, v) }

// def builds the module's definition for the compiler and the runtimes:
// each runtime converts the values with its own converter.
func (m *Module) def() (*vm.ModuleDef, error) {
	if m.err != nil {
		return nil, m.err
	}
	members := append([]string(nil), m.members...)
	values := append([]any(nil), m.values...)
	name := m.name
	return &vm.ModuleDef{
		Name:    name,
		Members: members,
		New: func(rt *vm.Runtime) []vm.Value {
			c := convFor(rt)
			out := make([]vm.Value, len(values))
			for i, v := range values {
				x, err := c.member(name+"."+members[i], v)
				if err != nil {
					// Reported by Compile already; a value that cannot
					// convert becomes an error value the script can see.
					x = vm.NewError(err.Error())
				}
				out[i] = x
			}
			return out
		},
	}, nil
}

// member converts a module member; functions are named after it.
func (c *converter) member(qual string, v any) (vm.Value, error) {
	switch f := v.(type) {
	case FastFunc:
		return fastNative(qual, 1, f).Value(), nil
	case func(args []Value) (Value, error):
		return fastNative(qual, 1, f).Value(), nil
	case blockingFunc:
		n, err := c.reflectFunc(qual, reflect.ValueOf(f.fn), true, false)
		if err != nil {
			return vm.Nil, err
		}
		return n.Value(), nil
	}
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Func && !rv.IsNil() {
		n, err := c.reflectFunc(qual, rv, false, false)
		if err != nil {
			return vm.Nil, err
		}
		return n.Value(), nil
	}
	x, err := c.valueOf(v)
	return x.v, err
}

// check converts every member once, so that a function Goro cannot call or
// a value it cannot hold is a Compile error rather than a surprise at run
// time.
func (m *Module) check() error {
	if m.err != nil {
		return m.err
	}
	c := newConverter(nil)
	for i, v := range m.values {
		if _, err := c.member(m.name+"."+m.members[i], v); err != nil {
			return err
		}
	}
	return nil
}

// moduleSet is the host modules of a program or a run, by import path.
type moduleSet map[string]*vm.ModuleDef

func newModuleSet(mods []*Module) (moduleSet, error) {
	if len(mods) == 0 {
		return nil, nil
	}
	set := moduleSet{}
	for _, m := range mods {
		if m == nil {
			continue
		}
		if stdlib.Lookup(m.name) != nil {
			return nil, fmt.Errorf("goro: host module %q has the name of a standard module", m.name)
		}
		if _, dup := set[m.name]; dup {
			return nil, fmt.Errorf("goro: two host modules named %q", m.name)
		}
		if err := m.check(); err != nil {
			return nil, err
		}
		def, err := m.def()
		if err != nil {
			return nil, err
		}
		set[m.name] = def
	}
	return set, nil
}

// names lists the set's import paths, sorted.
func (s moduleSet) names() []string {
	out := make([]string, 0, len(s))
	for n := range s {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// lookup is the module lookup of a compile or a run: the standard modules,
// then the host modules of the program, then those of the run (which
// replace the program's of the same name).
func lookup(sets ...moduleSet) vm.ModuleLookup {
	return func(path string) *vm.ModuleDef {
		if d := stdlib.Lookup(path); d != nil {
			return d
		}
		for i := len(sets) - 1; i >= 0; i-- {
			if d := sets[i][path]; d != nil {
				return d
			}
		}
		return nil
	}
}
