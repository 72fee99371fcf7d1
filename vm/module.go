package vm

// importModule runs module idx's top-level code the first time it is
// imported (SPEC §10: once, on first import), as a call from the running
// frame. pushed reports that a frame was pushed.
func (t *Thread) importModule(idx int) (pushed bool, err error) {
	t.rt.mu.Lock()
	var m *moduleInst
	if idx >= 0 && idx < len(t.rt.modules) {
		m = t.rt.modules[idx]
	}
	t.rt.mu.Unlock()
	if m == nil {
		return false, Errorf("internal error: import of unknown module %d", idx)
	}
	if m.init == nil || m.started.Swap(true) {
		return false, nil
	}
	if err := t.pushCall(m.init.Value(), nil, t.frameEnd(), 0, 0, nil); err != nil {
		return false, err
	}
	return true, nil
}

// maxSpread bounds the arguments of one call spread from a list (a
// stack of 2^24 Values is 256 MB).
const maxSpread = 1 << 24

// spread unpacks list x into stack[a:] and sets top past it (f(xs...)).
func (t *Thread) spread(a int, x Value) error {
	var items []Value
	switch {
	case x.List() != nil:
		// The length is checked before the list is copied: a list too
		// long to spread must not cost a copy of itself (2^25 elements
		// would be 512 MB of Values) to be refused.
		if n := x.List().Len(); n > maxSpread || t.stackBytes(2*(a+n+2*stackGuard), cap(t.frames)) > t.rt.maxStack.Load() {
			// The arguments are copied onto the goroutine's stack; a list
			// too big for it is a runtime error of this call, not a stack
			// overflow (there is no recursion to report).
			return Errorf("spread of %d arguments does not fit in a goroutine stack (max %d bytes)", n, t.rt.maxStack.Load())
		}
		items = x.List().Snapshot()
	case x.IsNil():
	default:
		return Errorf("invalid argument: cannot spread %s (want list)", x.TypeName())
	}
	if len(items) > maxSpread || t.stackBytes(2*(a+len(items)+2*stackGuard), cap(t.frames)) > t.rt.maxStack.Load() {
		// The list grew between the check and the copy (another goroutine).
		return Errorf("spread of %d arguments does not fit in a goroutine stack (max %d bytes)", len(items), t.rt.maxStack.Load())
	}
	if err := t.ensureStack(a + len(items) + stackGuard); err != nil {
		return err
	}
	copy(t.stack[a:], items)
	t.top = a + len(items)
	return nil
}
