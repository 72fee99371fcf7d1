package vm

// The slow paths of arithmetic and comparison: everything that is not
// int-op-int (which the interpreter does inline). Semantics per SPEC §2.

var akSym = akNames

// arith applies binary operator op (an ak* constant) to a and b: the
// interpreter's slow path.
func arith(op int, a, b Value) (Value, error) {
	if a.p == tagInt && b.p == tagInt {
		return intArith(op, int64(a.n), int64(b.n))
	}
	if (a.p == tagInt || a.p == tagFloat) && (b.p == tagInt || b.p == tagFloat) {
		if op >= akEq {
			r, err := compare(op, a, b)
			return Bool(r), err
		}
		switch op {
		case akAdd, akSub, akMul, akDiv:
			x, _ := a.ToFloat()
			y, _ := b.ToFloat()
			switch op {
			case akAdd:
				return Float(x + y), nil
			case akSub:
				return Float(x - y), nil
			case akMul:
				return Float(x * y), nil
			default:
				return Float(x / y), nil
			}
		}
		return Nil, opError(op, a, b)
	}
	switch op {
	case akEq:
		return Bool(Equal(a, b)), nil
	case akNe:
		return Bool(!Equal(a, b)), nil
	case akLt, akLe, akGt, akGe:
		r, err := compare(op, a, b)
		return Bool(r), err
	case akAdd:
		if a.Kind() == KindString && b.Kind() == KindString {
			return concatStrings(a.AsStr(), b.AsStr()), nil
		}
		if la, lb := a.List(), b.List(); la != nil && lb != nil {
			return Concat(la, lb).Value(), nil
		}
	}
	return Nil, opError(op, a, b)
}

func opError(op int, a, b Value) error {
	return Errorf("invalid operation: %s %s %s", a.TypeName(), akSym[op], b.TypeName())
}

// intArith applies op to two ints with Go's semantics (wrap-around,
// truncating division, shifts of 64 or more giving 0 or -1).
func intArith(op int, x, y int64) (Value, error) {
	switch op {
	case akAdd:
		return Int(x + y), nil
	case akSub:
		return Int(x - y), nil
	case akMul:
		return Int(x * y), nil
	case akDiv:
		if y == 0 {
			return Nil, Errorf("integer divide by zero")
		}
		return Int(x / y), nil
	case akMod:
		if y == 0 {
			return Nil, Errorf("integer divide by zero")
		}
		return Int(x % y), nil
	case akBand:
		return Int(x & y), nil
	case akBor:
		return Int(x | y), nil
	case akBxor:
		return Int(x ^ y), nil
	case akBandNot:
		return Int(x &^ y), nil
	case akShl:
		if y < 0 {
			return Nil, Errorf("negative shift amount")
		}
		return Int(x << uint64(y)), nil
	case akShr:
		if y < 0 {
			return Nil, Errorf("negative shift amount")
		}
		return Int(x >> uint64(y)), nil
	case akEq:
		return Bool(x == y), nil
	case akNe:
		return Bool(x != y), nil
	case akLt:
		return Bool(x < y), nil
	case akLe:
		return Bool(x <= y), nil
	case akGt:
		return Bool(x > y), nil
	case akGe:
		return Bool(x >= y), nil
	}
	return Nil, Errorf("internal error: bad operator %d", op)
}

// compare evaluates an ordering (akLt, akLe, akGt, akGe) or equality
// (akEq, akNe) between a and b. Ordering works on two numbers or two
// strings; anything else is "invalid operation: list < int".
func compare(op int, a, b Value) (bool, error) {
	switch op {
	case akEq:
		return Equal(a, b), nil
	case akNe:
		return !Equal(a, b), nil
	}
	var c int // -1, 0, +1, or 2 for unordered (NaN)
	switch {
	case a.p == tagInt && b.p == tagInt:
		x, y := int64(a.n), int64(b.n)
		c = cmp3(x < y, x > y)
	case a.p == tagFloat && b.p == tagFloat:
		x, y := a.AsFloat(), b.AsFloat()
		if x != x || y != y {
			c = 2
		} else {
			c = cmp3(x < y, x > y)
		}
	case a.p == tagInt && b.p == tagFloat:
		c = cmpIntFloat(int64(a.n), b.AsFloat())
	case a.p == tagFloat && b.p == tagInt:
		c = cmpIntFloat(int64(b.n), a.AsFloat())
		if c != 2 {
			c = -c
		}
	case a.Kind() == KindString && b.Kind() == KindString:
		x, y := a.AsStr(), b.AsStr()
		c = cmp3(x < y, x > y)
	default:
		return false, Errorf("invalid operation: %s %s %s", a.TypeName(), akSym[op], b.TypeName())
	}
	if c == 2 {
		return false, nil
	}
	switch op {
	case akLt:
		return c < 0, nil
	case akLe:
		return c <= 0, nil
	case akGt:
		return c > 0, nil
	default:
		return c >= 0, nil
	}
}

func cmp3(lt, gt bool) int {
	switch {
	case lt:
		return -1
	case gt:
		return 1
	}
	return 0
}

// Arith applies a binary operator, given as its source text ("+", "<<",
// "<", ...), with Goro's semantics. For natives and tests.
func Arith(op string, a, b Value) (Value, error) {
	for i, s := range akNames {
		if s == op {
			return arith(i, a, b)
		}
	}
	return Nil, Errorf("internal error: unknown operator %q", op)
}

// Less reports a < b with Goro's semantics (numbers or strings).
func Less(a, b Value) (bool, error) { return compare(akLt, a, b) }
