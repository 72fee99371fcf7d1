package vm

import "unsafe"

// Pointers for natives: a module's function that Go writes as returning a
// pointer (flag.Int) returns one whose reads and writes go through get and
// set, and a native that Go gives pointers to fill (fmt.Sscan(s, &n))
// reads and writes the script's pointers with Load and Store.

// NewPointer makes a pointer whose target is read by get() and written by
// set(v); elem is the pointee's type name, as %T prints it ("*int").
func NewPointer(elem string, get, set Value) Value {
	return fromObj(unsafe.Pointer(&PtrObj{hdr: hdr{kind: KindPointer}, get: get, set: set, elem: elem}))
}

// IsPointer reports whether v is a pointer that Load and Store accept (a
// pointer to a non-struct value).
func IsPointer(v Value) bool { return v.Kind() == KindPointer }

// Load is *p.
func Load(t *Thread, p Value) (Value, error) { return deref(t, p) }

// Store is *p = v.
func Store(t *Thread, p, v Value) error {
	if p.Kind() != KindPointer {
		return Errorf("invalid operation: cannot indirect %s", p.TypeName())
	}
	o := (*PtrObj)(p.p)
	if o.cell != nil {
		o.cell.V = v
		return nil
	}
	_, err := t.Call(o.set, v)
	return err
}
