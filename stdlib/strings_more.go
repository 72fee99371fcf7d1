package stdlib

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/goro-lang/goro/vm"
)

// strings.Builder, strings.Reader, strings.NewReplacer, strings.Cut and
// the members of Go's strings package that strings.go does not declare.
// A Builder is a native object holding a Go strings.Builder behind a lock:
// a script that shares one between goroutines without a lock gets some
// interleaving of its writes, never a broken host.

type builderObj struct {
	mu sync.Mutex
	b  strings.Builder
}

var builderType = &vm.ObjType{Name: "strings.Builder", Str: func(o *vm.Object) string {
	b := o.Data.(*builderObj)
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}}

var replacerType = &vm.ObjType{Name: "strings.Replacer"}

func builderOf(name string, args []vm.Value) (*builderObj, error) {
	if o := args[0].Object(); o != nil {
		if b, ok := o.Data.(*builderObj); ok {
			return b, nil
		}
	}
	return nil, vm.Errorf("%s: receiver must be strings.Builder, not %s", name, args[0].TypeName())
}

func init() {
	bm := func(member string, nargs, nres int, f func(t *vm.Thread, b *builderObj, args []vm.Value) (vm.Value, error)) {
		name := "strings.Builder." + member
		builderType.Methods[member] = newMethod("strings.Builder", member, nargs, nres, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			b, err := builderOf(name, args)
			if err != nil {
				return vm.Nil, err
			}
			return f(t, b, args[1:])
		})
	}
	builderType.Methods = map[string]*vm.Native{}
	write := func(t *vm.Thread, b *builderObj, args []vm.Value) (vm.Value, error) {
		s, ok := args[0].ToStr()
		if !ok {
			return vm.Nil, vm.ArgTypeError("strings.Builder.WriteString", 0, "string", args[0])
		}
		b.mu.Lock()
		if b.b.Len()+len(s) > maxResultLen {
			b.mu.Unlock()
			return vm.Nil, vm.Errorf("strings.Builder: result too large")
		}
		b.b.WriteString(s)
		b.mu.Unlock()
		return t.Ret2(vm.Int(int64(len(s))), vm.Nil)
	}
	bm("WriteString", 1, 2, write)
	bm("Write", 1, 2, write)
	bm("WriteByte", 1, 1, func(t *vm.Thread, b *builderObj, args []vm.Value) (vm.Value, error) {
		c, err := vm.ArgInt("strings.Builder.WriteByte", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		if c < 0 || c > 255 {
			return vm.Nil, vm.Errorf("strings.Builder.WriteByte: argument 1 must be a byte (0 to 255), not %d", c)
		}
		b.mu.Lock()
		b.b.WriteByte(byte(c))
		b.mu.Unlock()
		return vm.Nil, nil
	})
	bm("WriteRune", 1, 2, func(t *vm.Thread, b *builderObj, args []vm.Value) (vm.Value, error) {
		r, err := vm.ArgInt("strings.Builder.WriteRune", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		if r < 0 || r > utf8.MaxRune {
			r = utf8.RuneError
		}
		b.mu.Lock()
		n, _ := b.b.WriteRune(rune(r))
		b.mu.Unlock()
		return t.Ret2(vm.Int(int64(n)), vm.Nil)
	})
	bm("String", 0, 1, func(t *vm.Thread, b *builderObj, args []vm.Value) (vm.Value, error) {
		b.mu.Lock()
		defer b.mu.Unlock()
		return vm.String(b.b.String()), nil
	})
	bm("Len", 0, 1, func(t *vm.Thread, b *builderObj, args []vm.Value) (vm.Value, error) {
		b.mu.Lock()
		defer b.mu.Unlock()
		return vm.Int(int64(b.b.Len())), nil
	})
	bm("Cap", 0, 1, func(t *vm.Thread, b *builderObj, args []vm.Value) (vm.Value, error) {
		b.mu.Lock()
		defer b.mu.Unlock()
		return vm.Int(int64(b.b.Cap())), nil
	})
	bm("Reset", 0, 0, func(t *vm.Thread, b *builderObj, args []vm.Value) (vm.Value, error) {
		b.mu.Lock()
		b.b.Reset()
		b.mu.Unlock()
		return vm.Nil, nil
	})
	bm("Grow", 1, 0, func(t *vm.Thread, b *builderObj, args []vm.Value) (vm.Value, error) {
		n, err := vm.ArgInt("strings.Builder.Grow", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		if n < 0 {
			return vm.Nil, vm.PlainErrorf("strings.Builder.Grow: negative count")
		}
		if n > maxResultLen {
			return vm.Nil, vm.Errorf("strings.Builder.Grow: %d too large", n)
		}
		b.mu.Lock()
		b.b.Grow(int(n))
		b.mu.Unlock()
		return vm.Nil, nil
	})

	replacerType.Methods = map[string]*vm.Native{
		"Replace": newMethod("strings.Replacer", "Replace", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			r := args[0].Object().Data.(*strings.Replacer)
			s, err := vm.ArgStr("strings.Replacer.Replace", args, 1)
			if err != nil {
				return vm.Nil, err
			}
			return vm.String(r.Replace(s)), nil
		}),
	}
}

// moreStrings adds the members declared here to the strings module.
func moreStrings(m *module) {
	m.fn("Builder", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		return vm.NewObject(builderType, &builderObj{}), nil
	})
	m.doc("Builder", "func Builder() *strings.Builder",
		"Builder returns a new, empty strings.Builder: WriteString(s), WriteByte(c), WriteRune(r), Write(s), String(), Len(), Cap(), Reset(), Grow(n).")
	m.fn("Cut", 2, 3, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		s, err := strArgs("strings.Cut", args)
		if err != nil {
			return vm.Nil, err
		}
		before, after, found := strings.Cut(s[0], s[1])
		return t.Ret3(vm.String(before), vm.String(after), vm.Bool(found))
	})
	m.sig("Cut", "func Cut(s, sep string) (before, after string, found bool)")
	m.fnRange("NewReplacer", 0, -1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		if len(args)%2 == 1 {
			return vm.Nil, vm.PlainErrorf("strings.NewReplacer: odd argument count")
		}
		s, err := strArgs("strings.NewReplacer", args)
		if err != nil {
			return vm.Nil, err
		}
		return vm.NewObject(replacerType, strings.NewReplacer(s...)), nil
	})
	m.sig("NewReplacer", "func NewReplacer(oldnew ...string) *strings.Replacer")
	m.fn("NewReader", 1, 1, newStringReader)
	m.doc("NewReader", "func NewReader(s string) *strings.Reader", "NewReader returns a new Reader reading from s: Read(n), Len(), Size().")
	m.wrap("Clone", strings.Clone)
	m.wrap("Title", strings.Title) //nolint:staticcheck // Go still has it
}
