package lang

// HostValue is a value the compiler put into the tree (a type value, say)
// while lowering Go's typed constructs; the parser never makes one. V is a
// vm.Value, which this package does not know.
type HostValue struct {
	ValuePos Pos
	V        any
}

func (x *HostValue) Start() Pos { return x.ValuePos }
func (*HostValue) exprNode()    {}
