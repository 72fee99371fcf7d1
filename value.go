package goro

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"
	"unsafe"

	"github.com/goro-lang/goro/vm"
)

// Value is a Goro value held by the host: a script's result, a global, an
// argument of a Go function called by a script. It is 16 bytes and
// converting a number or a bool to or from a Value never allocates.
//
// Values are safe to keep and to pass between host goroutines; a list or a
// map is shared with the script (it sees the same object), and its
// operations are atomic as they are for script goroutines.
type Value struct{ v vm.Value }

// Kind is a Value's dynamic type.
type Kind uint8

// The kinds of values (SPEC §2). Object is a native object: one of a
// standard module (a WaitGroup, a Timer) or a Go value the host passed in.
const (
	Nil Kind = iota
	Bool
	Int
	Float
	String
	List
	Map
	Func
	Chan
	Error
	Object
)

var kindNames = [...]string{"nil", "bool", "int", "float", "string", "list", "map", "func", "chan", "error", "object"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "invalid"
}

// IntValue, FloatValue, BoolValue and StringValue make values without
// reflection (IntValue, FloatValue and BoolValue never allocate).
func IntValue(i int64) Value      { return Value{vm.Int(i)} }
func FloatValue(f float64) Value  { return Value{vm.Float(f)} }
func BoolValue(b bool) Value      { return Value{vm.Bool(b)} }
func StringValue(s string) Value  { return Value{vm.String(s)} }
func ErrorValue(msg string) Value { return Value{vm.NewError(msg)} }

// valuesOf and rawValues reinterpret a slice (Value is a vm.Value).
func valuesOf(vs []vm.Value) []Value {
	return unsafe.Slice((*Value)(unsafe.Pointer(unsafe.SliceData(vs))), len(vs))
}
func rawValues(vs []Value) []vm.Value {
	return unsafe.Slice((*vm.Value)(unsafe.Pointer(unsafe.SliceData(vs))), len(vs))
}

// Kind returns v's dynamic type.
func (v Value) Kind() Kind {
	k := v.v.Kind()
	if k > vm.KindObject {
		return Object
	}
	return Kind(k)
}

// IsNil reports whether v is nil.
func (v Value) IsNil() bool { return v.v.IsNil() }

// TypeName is the type's name as the script's type(v) says it.
func (v Value) TypeName() string { return v.v.TypeName() }

// Int returns v as an int64 if it is an int.
func (v Value) Int() (int64, bool) { return v.v.ToInt() }

// Float returns v as a float64 if it is a number (an int converts).
func (v Value) Float() (float64, bool) { return v.v.ToFloat() }

// Bool returns v as a bool if it is a bool.
func (v Value) Bool() (bool, bool) { return v.v.ToBool() }

// Str returns the string if v is a string.
func (v Value) Str() (string, bool) { return v.v.ToStr() }

// ErrorMessage returns the message if v is an error value.
func (v Value) ErrorMessage() (string, bool) {
	if e := v.v.Error(); e != nil {
		return e.Message(), true
	}
	return "", false
}

// Len is the length of a string, list or map (0 for anything else).
func (v Value) Len() int {
	switch v.v.Kind() {
	case vm.KindString:
		return len(v.v.AsStr())
	case vm.KindList:
		return v.v.List().Len()
	case vm.KindMap:
		return v.v.Map().Len()
	}
	return 0
}

// Index returns element i of a list (false when v is not a list or i is
// out of range).
func (v Value) Index(i int) (Value, bool) {
	l := v.v.List()
	if l == nil {
		return Value{}, false
	}
	x, _, ok := l.Get(int64(i))
	return Value{x}, ok
}

// Field returns m[key] of a map with string keys (false when v is not a
// map or has no such key).
func (v Value) Field(key string) (Value, bool) {
	m := v.v.Map()
	if m == nil {
		return Value{}, false
	}
	x, ok := m.GetStr(key)
	return Value{x}, ok
}

// String formats v as the script's print and fmt.Print do ("1", "a",
// "[1 2]").
func (v Value) String() string { return string(vm.AppendStr(nil, v.v)) }

// Repr formats v as the REPL echoes it: as String does, with strings
// quoted (`"a"`, `["a" 1]`). A float prints as Go's %v prints it (1.0 is
// `1`): ask Kind, not the text, what a value is.
func (v Value) Repr() string { return vm.Repr(v.v) }

// Export returns v as a plain Go value: nil, bool, int64, float64, string,
// []any (list), map[string]any (a map whose keys are all strings) or
// map[any]any, error (the Go error an error value stands for, else a
// *ScriptError), the Go value itself
// for a Go value the host passed in, and the Value itself for functions,
// channels and other native objects.
func (v Value) Export() any {
	return export(v.v, 0)
}

const maxDepth = 1000 // nesting limit of Export and ExportTo (cycles)

func export(x vm.Value, depth int) any {
	if depth > maxDepth {
		return nil
	}
	switch x.Kind() {
	case vm.KindNil:
		return nil
	case vm.KindBool:
		return x.AsBool()
	case vm.KindInt:
		return x.AsInt()
	case vm.KindFloat:
		return x.AsFloat()
	case vm.KindString:
		return x.AsStr()
	case vm.KindList:
		items := x.List().Snapshot()
		out := make([]any, len(items))
		for i, it := range items {
			out[i] = export(it, depth+1)
		}
		return out
	case vm.KindMap:
		keys, vals := x.Map().Items()
		allStr := true
		for _, k := range keys {
			if k.Kind() != vm.KindString {
				allStr = false
				break
			}
		}
		if allStr {
			out := make(map[string]any, len(keys))
			for i, k := range keys {
				out[k.AsStr()] = export(vals[i], depth+1)
			}
			return out
		}
		out := make(map[any]any, len(keys))
		for i, k := range keys {
			out[export(k, depth+1)] = export(vals[i], depth+1)
		}
		return out
	case vm.KindError:
		return goError(x)
	case vm.KindObject:
		if g, ok := goObject(x); ok {
			return g.Interface()
		}
	}
	return Value{x}
}

// ScriptError is a Goro error value exported to Go (one the script made
// with error() or fmt.Errorf; an error value that stands for a Go error
// exports as that Go error). Passed back to the script, it is the same
// error value again.
type ScriptError struct {
	Msg string
	v   vm.Value // the script's value, when it came from one
}

func (e *ScriptError) Error() string { return e.Msg }

// Value returns the script's error value (nil Value for a ScriptError made
// by the host).
func (e *ScriptError) Value() Value { return Value{e.v} }

// goError exports an error value: the Go error it stands for, else a
// *ScriptError.
func goError(x vm.Value) error {
	e := x.Error()
	if g := e.GoError(); g != nil {
		return g
	}
	return &ScriptError{Msg: e.Message(), v: x}
}

// ExportError describes why ExportTo could not convert a value: Path says
// where in the value (".Items[2].Name"), Have the Goro type, Want the Go
// type.
type ExportError struct {
	Path string
	Have string
	Want reflect.Type
	Msg  string
}

func (e *ExportError) Error() string {
	at := ""
	if e.Path != "" {
		at = " at " + e.Path
	}
	if e.Msg != "" {
		return fmt.Sprintf("goro: cannot convert %s to %v%s: %s", e.Have, e.Want, at, e.Msg)
	}
	return fmt.Sprintf("goro: cannot convert %s to %v%s", e.Have, e.Want, at)
}

// ExportTo stores v in *target, converting it to target's type: bool,
// any int, uint or float kind (ints must fit; a float with a fraction does
// not convert to an int), string, []byte (from a string), time.Duration
// (from an int of nanoseconds), error, slices and arrays (from lists),
// maps with string or int keys (from maps), structs (from maps: each field
// from the key named by its `goro:"name"` tag, else its name, else its name
// with a lower-case first letter, else a key equal to its name up to case;
// keys no field takes are ignored, as encoding/json ignores them), pointers (allocated as needed), any
// (Export's result) and Value. A mismatch is an *ExportError naming the
// place and both types; target is then partly written.
func (v Value) ExportTo(target any) error {
	rv := reflect.ValueOf(target)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return errors.New("goro: ExportTo needs a non-nil pointer")
	}
	return exportTo(v.v, rv.Elem(), "", 0)
}

var (
	typeValue    = reflect.TypeFor[Value]()
	typeDuration = reflect.TypeFor[time.Duration]()
	typeError    = reflect.TypeFor[error]()
	typeContext  = reflect.TypeFor[interface{ Done() <-chan struct{} }]()
	typeBytes    = reflect.TypeFor[[]byte]()
)

func mismatch(x vm.Value, t reflect.Type, path, msg string) error {
	return &ExportError{Path: path, Have: x.TypeName(), Want: t, Msg: msg}
}

// exportTo converts x into dst (settable).
func exportTo(x vm.Value, dst reflect.Value, path string, depth int) error {
	t := dst.Type()
	if depth > maxDepth {
		return mismatch(x, t, path, "nested too deeply")
	}
	if t == typeValue {
		dst.Set(reflect.ValueOf(Value{x}))
		return nil
	}
	if g, ok := goObject(x); ok {
		switch {
		case g.Type().AssignableTo(t):
			dst.Set(g)
			return nil
		case g.Kind() == reflect.Pointer && g.Type().Elem().AssignableTo(t):
			dst.Set(g.Elem()) // a copy of the struct behind the pointer
			return nil
		}
	}
	if e := x.Error(); e != nil && e.GoError() != nil && reflect.TypeOf(e.GoError()).AssignableTo(t) {
		dst.Set(reflect.ValueOf(e.GoError())) // *fs.PathError, a host's own error type
		return nil
	}
	switch t.Kind() {
	case reflect.Interface:
		if t == typeError {
			switch x.Kind() {
			case vm.KindNil:
				dst.SetZero()
				return nil
			case vm.KindError:
				dst.Set(reflect.ValueOf(goError(x)))
				return nil
			}
			return mismatch(x, t, path, "")
		}
		e := export(x, depth)
		if e == nil {
			dst.SetZero()
			return nil
		}
		ev := reflect.ValueOf(e)
		if !ev.Type().AssignableTo(t) {
			return mismatch(x, t, path, "")
		}
		dst.Set(ev)
		return nil
	case reflect.Pointer:
		if x.IsNil() {
			dst.SetZero()
			return nil
		}
		if dst.IsNil() {
			dst.Set(reflect.New(t.Elem()))
		}
		return exportTo(x, dst.Elem(), path, depth+1)
	case reflect.Bool:
		b, ok := x.ToBool()
		if !ok {
			return mismatch(x, t, path, "")
		}
		dst.SetBool(b)
		return nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, ok := x.ToInt()
		if !ok {
			f, isF := x.ToFloat()
			if !isF || f != float64(int64(f)) {
				return mismatch(x, t, path, "")
			}
			n = int64(f)
		}
		if dst.OverflowInt(n) {
			return mismatch(x, t, path, fmt.Sprintf("%d overflows it", n))
		}
		dst.SetInt(n)
		return nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		n, ok := x.ToInt()
		if !ok {
			f, isF := x.ToFloat()
			if !isF || f != float64(int64(f)) {
				return mismatch(x, t, path, "")
			}
			n = int64(f)
		}
		if n < 0 || dst.OverflowUint(uint64(n)) {
			return mismatch(x, t, path, fmt.Sprintf("%d overflows it", n))
		}
		dst.SetUint(uint64(n))
		return nil
	case reflect.Float32, reflect.Float64:
		f, ok := x.ToFloat()
		if !ok {
			return mismatch(x, t, path, "")
		}
		dst.SetFloat(f)
		return nil
	case reflect.String:
		s, ok := x.ToStr()
		if !ok {
			return mismatch(x, t, path, "")
		}
		dst.SetString(s)
		return nil
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			if s, ok := x.ToStr(); ok {
				dst.SetBytes([]byte(s))
				return nil
			}
		}
		if x.IsNil() {
			dst.SetZero()
			return nil
		}
		l := x.List()
		if l == nil {
			return mismatch(x, t, path, "")
		}
		items := l.Snapshot()
		out := reflect.MakeSlice(t, len(items), len(items))
		for i, it := range items {
			if err := exportTo(it, out.Index(i), fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
				return err
			}
		}
		dst.Set(out)
		return nil
	case reflect.Array:
		l := x.List()
		if l == nil {
			return mismatch(x, t, path, "")
		}
		items := l.Snapshot()
		if len(items) != t.Len() {
			return mismatch(x, t, path, fmt.Sprintf("the list has %d elements", len(items)))
		}
		for i, it := range items {
			if err := exportTo(it, dst.Index(i), fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
				return err
			}
		}
		return nil
	case reflect.Map:
		if x.IsNil() {
			dst.SetZero()
			return nil
		}
		m := x.Map()
		if m == nil {
			return mismatch(x, t, path, "")
		}
		keys, vals := m.Items()
		out := reflect.MakeMapWithSize(t, len(keys))
		for i, k := range keys {
			kv := reflect.New(t.Key()).Elem()
			if err := exportTo(k, kv, path+"[key]", depth+1); err != nil {
				return err
			}
			vv := reflect.New(t.Elem()).Elem()
			if err := exportTo(vals[i], vv, fmt.Sprintf("%s[%s]", path, vm.Repr(k)), depth+1); err != nil {
				return err
			}
			out.SetMapIndex(kv, vv)
		}
		dst.Set(out)
		return nil
	case reflect.Struct:
		m := x.Map()
		if m == nil {
			return mismatch(x, t, path, "")
		}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			name, ok := fieldKey(f)
			if !ok {
				continue
			}
			fv, found := m.GetStr(name)
			if !found && f.Tag.Get("goro") == "" {
				fv, found = m.GetStr(lowerFirst(name))
				if !found {
					fv, found = foldKey(m, name)
				}
			}
			if !found {
				continue
			}
			if err := exportTo(fv, dst.Field(i), path+"."+f.Name, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return mismatch(x, t, path, "unsupported Go type")
}

// fieldKey is the map key a struct field converts from and to: its goro
// tag's name, else its Go name; ok is false for `goro:"-"`.
func fieldKey(f reflect.StructField) (string, bool) {
	tag := f.Tag.Get("goro")
	if tag == "-" {
		return "", false
	}
	if tag != "" {
		return tag, true
	}
	return f.Name, true
}

// foldKey finds a string key equal to name up to case ("id" for ID), as
// encoding/json matches keys to fields.
func foldKey(m *vm.Map, name string) (vm.Value, bool) {
	keys, vals := m.Items()
	for i, k := range keys {
		if s, ok := k.ToStr(); ok && strings.EqualFold(s, name) {
			return vals[i], true
		}
	}
	return vm.Nil, false
}

func lowerFirst(s string) string {
	if s == "" || s[0] < 'A' || s[0] > 'Z' {
		return s
	}
	return string(s[0]+'a'-'A') + s[1:]
}
