package stdlib

import (
	"context"
	"sync"
	"time"

	"github.com/goro-lang/goro/sched"
	"github.com/goro-lang/goro/vm"
)

// context (SPEC §10). A Goro context stands for a Go context.Context, so it
// can be handed to Go's blocking calls (exec.CommandContext, net/http),
// and has a Goro channel for Done(), usable in select.
//
// Design: the Go side is context.WithCancelCause under the parent's Go
// context; a deadline is a timer of the run's scheduler (so the deadlock
// detector knows a wake-up is coming, which it would not for Go's own
// timer) whose callback cancels with cause DeadlineExceeded. Closing the
// Done channels is synchronous, on the canceller's M, for the context and
// every Goro context derived from it (children lists), so there is no
// moment where a goroutine waits on a channel that only a host goroutine
// will close. goCtx.Err reports DeadlineExceeded when that is the cause,
// as Go's WithDeadline does.

var ctxType = &vm.ObjType{Name: "context.Context"}

// The shared error values, so that ctx.Err() == context.Canceled holds.
var (
	canceledErr         = errValue(context.Canceled)
	deadlineExceededErr = errValue(context.DeadlineExceeded)
)

// ctxObj is a context. Background and TODO have a nil done (their Done()
// is a nil channel, as in Go) and never end.
type ctxObj struct {
	g        goCtx
	cancel   context.CancelCauseFunc // nil for Background and TODO
	done     vm.Value                // a Goro channel, closed once done
	parent   *ctxObj
	owner    *ctxObj  // the context whose end ends this one: itself, or a WithValue's parent's owner; nil for Background
	key, val vm.Value // WithValue
	hasVal   bool
	name     string // Go's String(): "context.Background", ...

	mu       sync.Mutex
	children map[*ctxObj]struct{} // mu; nil once done
	ended    bool                 // mu
	timer    *sched.Timer
}

// goCtx is the Go context handed to Go code.
type goCtx struct {
	context.Context
	deadline time.Time
	hasDL    bool
}

func (c goCtx) Deadline() (time.Time, bool) {
	if c.hasDL {
		return c.deadline, true
	}
	return c.Context.Deadline()
}

func (c goCtx) Err() error {
	err := c.Context.Err()
	if err == context.Canceled && context.Cause(c.Context) == context.DeadlineExceeded {
		return context.DeadlineExceeded
	}
	return err
}

// end cancels c and its descendants with cause (Go side and Done
// channels). m is the M running the canceller (nil from host code).
func (c *ctxObj) end(m *sched.M, cause error) {
	c.mu.Lock()
	if c.ended {
		c.mu.Unlock()
		return
	}
	c.ended = true
	kids := c.children
	c.children = nil
	c.mu.Unlock()
	if c.timer != nil {
		c.timer.Stop()
	}
	c.cancel(cause)
	if !c.done.IsNil() {
		c.done.Chan().Raw().Close(m)
	}
	for k := range kids {
		k.end(m, cause)
	}
	if p := c.parent; p != nil && p.owner != nil {
		p.owner.mu.Lock()
		delete(p.owner.children, c)
		p.owner.mu.Unlock()
	}
}

// derive makes a cancellable child of parent.
func deriveCtx(t *vm.Thread, parent *ctxObj, name string) *ctxObj {
	g, cancel := context.WithCancelCause(parent.g)
	ch, _ := t.Runtime().NewChan(0)
	c := &ctxObj{g: goCtx{Context: g}, cancel: cancel, done: ch, parent: parent, name: name}
	c.owner = c
	if dl, ok := parent.g.Deadline(); ok {
		c.g.deadline, c.g.hasDL = dl, true
	}
	// Link into the parent's Goro tree, or end at once if it has ended.
	if o := parent.owner; o != nil {
		o.mu.Lock()
		if o.ended {
			o.mu.Unlock()
			c.end(t.M(), context.Cause(o.g.Context))
			return c
		}
		if o.children == nil {
			o.children = map[*ctxObj]struct{}{}
		}
		o.children[c] = struct{}{}
		o.mu.Unlock()
	}
	return c
}

func ctxArg(name string, args []vm.Value, i int) (*ctxObj, error) {
	if o := args[i].Object(); o != nil {
		if c, ok := o.Data.(*ctxObj); ok {
			return c, nil
		}
	}
	return nil, vm.ArgTypeError(name, i, "context.Context", args[i])
}

// goContextArg returns the Go context of argument i (for Go's blocking
// calls).
func goContextArg(name string, args []vm.Value, i int) (context.Context, error) {
	c, err := ctxArg(name, args, i)
	if err != nil {
		return nil, err
	}
	return c.g, nil
}

// ctxErr converts a context error to the shared values.
func ctxErr(err error) vm.Value {
	switch err {
	case nil:
		return vm.Nil
	case context.Canceled:
		return canceledErr
	case context.DeadlineExceeded:
		return deadlineExceededErr
	}
	if g, ok := err.(*goroError); ok {
		return g.v
	}
	return errValue(err)
}

// cancelFunc is the CancelFunc returned with a context.
func cancelFunc(c *ctxObj) vm.Value {
	return vm.NewNative("context.CancelFunc", 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c.end(t.M(), context.Canceled)
		return vm.Nil, nil
	}).Value()
}

func newCtxValue(c *ctxObj) vm.Value { return vm.NewObject(ctxType, c) }

// withDeadline gives c a scheduler timer that ends it at dl.
func withDeadline(t *vm.Thread, c *ctxObj, dl time.Time) {
	if c.g.hasDL && !dl.Before(c.g.deadline) {
		return // the parent's deadline comes first and ends c through the tree
	}
	c.g.deadline, c.g.hasDL = dl, true
	d := time.Until(dl)
	if d <= 0 {
		c.end(t.M(), context.DeadlineExceeded)
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if s := t.Runtime().Sched(); s == nil || t.M() == nil {
		// Outside a run (a host calling the native directly): Go's timer.
		time.AfterFunc(d, func() { c.end(nil, context.DeadlineExceeded) })
		return
	}
	if !c.ended {
		c.timer = t.Runtime().Sched().NewTimer(t.M(), d, 0, func(m *sched.M, now int64) {
			c.end(m, context.DeadlineExceeded)
		})
	}
}

func init() {
	ctxType.Str = func(o *vm.Object) string {
		c := o.Data.(*ctxObj)
		s := c.name
		if c.parent != nil && c.parent.name != "" {
			s = c.parent.name + "." + s
		}
		return s
	}
	ca := func(args []vm.Value) *ctxObj { return args[0].Object().Data.(*ctxObj) }
	ctxType.Methods = map[string]*vm.Native{
		"Done": newMethod("context.Context", "Done", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return ca(args).done, nil
		}),
		"Err": newMethod("context.Context", "Err", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return ctxErr(ca(args).g.Err()), nil
		}),
		"Deadline": newMethod("context.Context", "Deadline", 0, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			dl, ok := ca(args).g.Deadline()
			if !ok {
				return t.Ret2(newTime(time.Time{}), vm.False)
			}
			return t.Ret2(newTime(dl), vm.True)
		}),
		"Value": newMethod("context.Context", "Value", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			for c := ca(args); c != nil; c = c.parent {
				if c.hasVal && vm.Equal(c.key, args[1]) {
					return c.val, nil
				}
			}
			return vm.Nil, nil
		}),
		"String": newMethod("context.Context", "String", 0, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			return vm.String(ctxType.Str(args[0].Object())), nil
		}),
	}

	m := newModule("context")
	m.pure()
	m.value("Canceled", canceledErr)
	m.doc("Canceled", "var Canceled error", "Canceled is the error Err returns when the context was cancelled.")
	m.value("DeadlineExceeded", deadlineExceededErr)
	m.doc("DeadlineExceeded", "var DeadlineExceeded error", "DeadlineExceeded is the error Err returns when the context's deadline passed.")
	for _, name := range []string{"Background", "TODO"} {
		name := name
		m.perRuntime(name, func(rt *vm.Runtime) vm.Value {
			v := newCtxValue(&ctxObj{g: goCtx{Context: context.Background()}, name: "context." + name})
			return vm.NewNative("context."+name, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
				if err := vm.CheckArgs("context."+name, args, 0); err != nil {
					return vm.Nil, err
				}
				return v, nil
			}).Value()
		})
	}
	m.doc("Background", "func Background() Context", "Background returns the empty root context: never cancelled, no deadline, no values.")
	m.doc("TODO", "func TODO() Context", "TODO returns an empty context, for code that should take one but does not yet.")
	m.fn("WithCancel", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		p, err := ctxArg("context.WithCancel", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		c := deriveCtx(t, p, "WithCancel")
		return t.Ret2(newCtxValue(c), cancelFunc(c))
	})
	m.doc("WithCancel", "func WithCancel(parent Context) (ctx Context, cancel CancelFunc)", "WithCancel returns a child of parent whose Done closes when cancel is called or parent ends.")
	m.fn("WithCancelCause", 1, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		p, err := ctxArg("context.WithCancelCause", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		c := deriveCtx(t, p, "WithCancel")
		cancel := vm.NewNative("context.CancelCauseFunc", 0, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
			if err := vm.CheckArgs("context.CancelCauseFunc", args, 1); err != nil {
				return vm.Nil, err
			}
			cause := goErr(args[0])
			if cause == nil {
				cause = context.Canceled
			}
			c.end(t.M(), cause)
			return vm.Nil, nil
		}).Value()
		return t.Ret2(newCtxValue(c), cancel)
	})
	m.doc("WithCancelCause", "func WithCancelCause(parent Context) (ctx Context, cancel CancelCauseFunc)", "WithCancelCause is WithCancel whose cancel(cause) records why (see Cause).")
	m.fn("WithTimeout", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		p, err := ctxArg("context.WithTimeout", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		d, err := durationArg("context.WithTimeout", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		c := deriveCtx(t, p, "WithDeadline")
		withDeadline(t, c, time.Now().Add(d))
		return t.Ret2(newCtxValue(c), cancelFunc(c))
	})
	m.doc("WithTimeout", "func WithTimeout(parent Context, timeout time.Duration) (Context, CancelFunc)", "WithTimeout is WithDeadline(parent, time.Now().Add(timeout)).")
	m.fn("WithDeadline", 2, 2, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		p, err := ctxArg("context.WithDeadline", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		dl, err := timeArg("context.WithDeadline", args, 1)
		if err != nil {
			return vm.Nil, err
		}
		c := deriveCtx(t, p, "WithDeadline")
		withDeadline(t, c, dl)
		return t.Ret2(newCtxValue(c), cancelFunc(c))
	})
	m.doc("WithDeadline", "func WithDeadline(parent Context, d time.Time) (Context, CancelFunc)", "WithDeadline returns a child of parent that ends (Err: DeadlineExceeded) at d, or earlier by cancel or parent.")
	m.fn("WithValue", 3, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		p, err := ctxArg("context.WithValue", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		if args[1].IsNil() {
			return vm.Nil, vm.PlainErrorf("nil key")
		}
		c := &ctxObj{g: p.g, cancel: p.cancel, done: p.done, parent: p, owner: p.owner, key: args[1], val: args[2], hasVal: true, name: "WithValue"}
		return newCtxValue(c), nil
	})
	m.doc("WithValue", "func WithValue(parent Context, key, val any) Context", "WithValue returns a child of parent whose Value(key) is val.")
	m.fn("Cause", 1, 1, func(t *vm.Thread, args []vm.Value) (vm.Value, error) {
		c, err := ctxArg("context.Cause", args, 0)
		if err != nil {
			return vm.Nil, err
		}
		return ctxErr(context.Cause(c.g.Context)), nil
	})
	m.doc("Cause", "func Cause(c Context) error", "Cause returns why c ended: the cause given to a CancelCauseFunc, else Err().")
	m.register()
}
