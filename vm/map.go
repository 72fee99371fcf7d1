package vm

import (
	"hash/maphash"
	"math"
	"sync"
	"unsafe"
)

// Map is Goro's insertion-ordered hash map (SPEC §2). It is NOT Go's map: a
// racing script would crash the host with Go's "concurrent map writes". Every
// operation holds mu, so each one is atomic with respect to other goroutines.
//
// Layout: entries holds the entries in insertion order, deleted ones left as
// tombstones (live == false); index is an open-addressing table
// (power-of-two size) of positions in entries, probed as CPython's dict
// does: ints hash to themselves, so keys inserted and looked up in order
// touch consecutive slots and entries (cache-friendly), and the probe
// sequence mixes in the hash's high bits (perturb) so patterned keys still
// spread. Invariants (under mu):
//   - len(index) >= 2*len(entries), so probing always ends at an empty slot;
//   - index[i] is emptySlot, deletedSlot or the position of an entry whose
//     probe sequence passes through i;
//   - a key appears in at most one live entry.
//
// entries is never rearranged in place: compaction and growth build a new
// array and bump gen, so an iterator can always tell whether its position is
// still meaningful (see MapIter).
type Map struct {
	hdr
	mu      sync.Mutex
	entries []mapEntry
	index   []int32
	live    int
	gen     uint32
	// zero, when not nil, is the zero spec of a typed map's element
	// (make(map[string]int)): a missing key reads as its zero value.
	zero Value
	// nilMap marks the zero value of a map type (var m map[K]V): it reads
	// as empty, is == nil, and a store panics, as in Go.
	nilMap bool
	// goOrder: the map was made with a Go type; fmt prints it sorted by
	// key (PrintItems).
	goOrder bool
}

type mapEntry struct {
	key  Value
	val  Value
	hash uint64
	live bool
}

const (
	emptySlot   int32 = -1
	deletedSlot int32 = -2
)

// hashSeed is chosen once per process and never written again.
var hashSeed = maphash.MakeSeed()

// NewMap makes an empty map with room for about n entries.
func NewMap(n int) *Map {
	m := &Map{hdr: hdr{kind: KindMap}}
	if n > 0 {
		m.entries = make([]mapEntry, 0, n)
		m.index = newIndex(n)
	}
	return m
}

// NewMapValue makes an empty map value.
func NewMapValue(n int) Value { return NewMap(n).Value() }

// Value returns the map as a Value.
func (m *Map) Value() Value { return fromObj(unsafe.Pointer(m)) }

func newIndex(n int) []int32 {
	size := 8
	for size < 2*n {
		size <<= 1
	}
	idx := make([]int32, size)
	for i := range idx {
		idx[i] = emptySlot
	}
	return idx
}

// KeyError is the runtime error for a key that cannot be hashed.
type KeyError struct{ Kind string }

func (e *KeyError) Error() string { return "invalid map key type " + e.Kind }

// normKey checks that k may be a map key and folds an integral float onto
// the int with the same value (m[1] and m[1.0] are one entry). NaN stays a
// float: like Go, every NaN key is a new entry that no lookup finds.
func normKey(k Value) (Value, error) {
	switch k.p {
	case tagInt:
		return k, nil
	case tagBool: // n of a torn read may hold any bits: keep only the truth
		return Bool(k.n != 0), nil
	case tagFloat:
		f := k.AsFloat()
		if f == math.Trunc(f) && f >= -9.223372036854775808e18 && f < 9.223372036854775808e18 {
			return Int(int64(f)), nil
		}
		return k, nil
	}
	switch k.Kind() {
	case KindString:
		return Value{p: k.p}, nil // n is unused for strings (a torn read may set it)
	case KindStruct:
		// A struct value is a key when its fields are (Go's comparable
		// structs); the map keeps a copy, as Go copies keys. A pointer
		// is a key by identity.
		if k.n != 0 {
			return k, nil
		}
		c := CopyValue(k)
		s := (*StructObj)(c.p)
		for i, f := range s.f {
			nf, err := normKey(f)
			if err != nil {
				return Nil, err
			}
			s.f[i] = nf
		}
		return c, nil
	}
	return Nil, &KeyError{Kind: k.TypeName()}
}

func mix64(x uint64) uint64 {
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// probe walks an index's slots for a hash: CPython's recurrence
// i = 5i + 1 + perturb, which visits every slot of a power-of-two table
// once perturb has shifted to zero.
type probe struct{ i, mask, perturb uint64 }

func newProbe(h uint64, size int) probe {
	mask := uint64(size - 1)
	return probe{i: h & mask, mask: mask, perturb: h}
}

func (p *probe) next() {
	p.perturb >>= 5
	p.i = (5*p.i + 1 + p.perturb) & p.mask
}

// hashKey hashes a normalized key. Ints hash to themselves (see Map).
func hashKey(k Value) uint64 {
	switch k.p {
	case tagInt:
		return k.n
	case tagBool:
		return mix64(k.n ^ 0x9e3779b97f4a7c15)
	case tagFloat:
		return mix64(k.n ^ 0x632be59bd9b4e019)
	}
	if k.Kind() == KindStruct {
		if k.n != 0 {
			return mix64(uint64(uintptr(k.p)))
		}
		h := uint64(0x84222325cbf29ce4)
		for _, f := range (*StructObj)(k.p).f {
			h = mix64(h ^ hashKey(f))
		}
		return h
	}
	return maphash.String(hashSeed, k.AsStr())
}

// keyEqual compares two normalized keys with the same hash.
func keyEqual(a, b Value) bool {
	switch a.p {
	case tagInt, tagBool:
		return a.p == b.p && a.n == b.n
	case tagFloat:
		return b.p == tagFloat && a.AsFloat() == b.AsFloat() // NaN never equals
	}
	if a.p == b.p && a.n == b.n {
		return true
	}
	if a.Kind() == KindStruct {
		return b.Kind() == KindStruct && structEqual(a, b)
	}
	// a is a string.
	if b.p == tagInt || b.p == tagBool || b.p == tagFloat || b.Kind() != KindString {
		return false
	}
	return a.AsStr() == b.AsStr()
}

// find returns the entry position of key k (normalized, hash h), or -1.
// Must hold m.mu.
func (m *Map) find(k Value, h uint64) int32 {
	if len(m.index) == 0 {
		return -1
	}
	for pr := newProbe(h, len(m.index)); ; pr.next() {
		pos := m.index[pr.i]
		if pos == emptySlot {
			return -1
		}
		if pos >= 0 {
			e := &m.entries[pos]
			if e.hash == h && e.live && keyEqual(e.key, k) {
				return pos
			}
		}
	}
}

// Get returns m[k] and whether k was present.
func (m *Map) Get(k Value) (Value, bool, error) {
	k, err := normKey(k)
	if err != nil {
		return Nil, false, err
	}
	h := hashKey(k)
	m.mu.Lock()
	pos := m.find(k, h)
	var v Value
	if pos >= 0 {
		v = m.entries[pos].val
	}
	m.mu.Unlock()
	return v, pos >= 0, nil
}

// GetStr returns m[s] for a string key (selectors m.name) without
// allocating.
func (m *Map) GetStr(s string) (Value, bool) {
	h := maphash.String(hashSeed, s)
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.index) == 0 {
		return Nil, false
	}
	for pr := newProbe(h, len(m.index)); ; pr.next() {
		pos := m.index[pr.i]
		if pos == emptySlot {
			return Nil, false
		}
		if pos >= 0 {
			e := &m.entries[pos]
			if e.hash == h && e.live && e.key.Kind() == KindString && e.key.AsStr() == s {
				return e.val, true
			}
		}
	}
}

// Set stores m[k] = v. A new key goes last in iteration order.
func (m *Map) Set(k, v Value) error {
	if m.nilMap {
		return errNilMap
	}
	k, err := normKey(k)
	if err != nil {
		return err
	}
	h := hashKey(k)
	m.mu.Lock()
	if pos := m.find(k, h); pos >= 0 {
		m.entries[pos].val = v
		m.mu.Unlock()
		return nil
	}
	m.insert(k, v, h)
	m.mu.Unlock()
	return nil
}

// insert adds a new entry. Must hold m.mu; k is not present.
func (m *Map) insert(k, v Value, h uint64) {
	if len(m.entries) == cap(m.entries) {
		m.regrow()
	} else if 2*(len(m.entries)+1) > len(m.index) {
		m.rebuildIndex(len(m.entries) + 1)
	}
	pos := int32(len(m.entries))
	m.entries = append(m.entries, mapEntry{key: k, val: v, hash: h, live: true})
	m.live++
	for pr := newProbe(h, len(m.index)); ; pr.next() {
		if s := m.index[pr.i]; s == emptySlot || s == deletedSlot {
			m.index[pr.i] = pos
			return
		}
	}
}

// regrow moves the live entries into a new array (dropping tombstones) with
// room to grow, and rebuilds the index. Must hold m.mu.
func (m *Map) regrow() {
	newCap := 2 * m.live
	if newCap < 4 {
		newCap = 4
	}
	entries := make([]mapEntry, 0, newCap)
	for _, e := range m.entries {
		if e.live {
			entries = append(entries, e)
		}
	}
	m.entries = entries
	m.gen++
	m.rebuildIndex(newCap)
}

// rebuildIndex makes a fresh index sized for n entries. Must hold m.mu.
func (m *Map) rebuildIndex(n int) {
	m.index = newIndex(n)
	for pos := range m.entries {
		e := &m.entries[pos]
		if !e.live {
			continue
		}
		for pr := newProbe(e.hash, len(m.index)); ; pr.next() {
			if m.index[pr.i] == emptySlot {
				m.index[pr.i] = int32(pos)
				break
			}
		}
	}
}

// Delete removes k; deleting a missing key does nothing.
func (m *Map) Delete(k Value) error {
	k, err := normKey(k)
	if err != nil {
		return err
	}
	h := hashKey(k)
	m.mu.Lock()
	if pos := m.find(k, h); pos >= 0 {
		for pr := newProbe(h, len(m.index)); ; pr.next() {
			if m.index[pr.i] == pos {
				m.index[pr.i] = deletedSlot
				break
			}
		}
		e := &m.entries[pos]
		e.live = false
		e.key, e.val = Nil, Nil // let the GC have them
		m.live--
	}
	m.mu.Unlock()
	return nil
}

// Len returns the number of entries.
func (m *Map) Len() int {
	m.mu.Lock()
	n := m.live
	m.mu.Unlock()
	return n
}

// Keys returns the keys in insertion order.
func (m *Map) Keys() []Value {
	m.mu.Lock()
	out := make([]Value, 0, m.live)
	for i := range m.entries {
		if m.entries[i].live {
			out = append(out, m.entries[i].key)
		}
	}
	m.mu.Unlock()
	return out
}

// Items returns the keys and values in insertion order (one consistent view).
func (m *Map) Items() (keys, vals []Value) {
	m.mu.Lock()
	keys = make([]Value, 0, m.live)
	vals = make([]Value, 0, m.live)
	for i := range m.entries {
		if e := &m.entries[i]; e.live {
			keys = append(keys, e.key)
			vals = append(vals, e.val)
		}
	}
	m.mu.Unlock()
	return
}

// MapIter walks a map in insertion order while the map may change (SPEC §5:
// deleted keys not yet reached are skipped; added keys may or may not be
// reached). It remembers the entries array it started on: while the map still
// uses that array (same gen) it reads the live array; after a regrow it walks
// its old snapshot and looks each key up in the current map, so deletions are
// still honored and values are current.
type MapIter struct {
	m    *Map
	pos  int
	gen  uint32
	snap []mapEntry
}

// Iter starts an iteration.
func (m *Map) Iter() *MapIter {
	m.mu.Lock()
	it := &MapIter{m: m, gen: m.gen, snap: m.entries}
	m.mu.Unlock()
	return it
}

// Next returns the next key and value, or ok == false at the end.
func (it *MapIter) Next() (k, v Value, ok bool) {
	m := it.m
	m.mu.Lock()
	defer m.mu.Unlock()
	if it.gen == m.gen {
		for it.pos < len(m.entries) {
			e := &m.entries[it.pos]
			it.pos++
			if e.live {
				return e.key, e.val, true
			}
		}
		return Nil, Nil, false
	}
	for it.pos < len(it.snap) {
		e := it.snap[it.pos]
		it.pos++
		if !e.live {
			continue
		}
		if pos := m.find(e.key, e.hash); pos >= 0 {
			return e.key, m.entries[pos].val, true
		}
	}
	return Nil, Nil, false
}
