package lang

// Scanning of number, string and rune literals. Each scanner checks its
// literal completely, with gc's messages (and go/scanner's for unterminated
// literals), so that the parser can decode any literal token without
// failing (literals.go).

import (
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
)

// number scans an int or float literal (SPEC §1; Go's syntax, including
// legacy octal 0777 and hexadecimal floats).
func (s *scanner) number(start int) lexer.Token {
	i := start
	base := 10
	prefix := byte(0) // 0, '0' (legacy octal), 'x', 'o' or 'b'
	isFloat := false
	invalid := -1 // offset of the first digit not valid in base
	hasDigits := false

	digits := func(base int) {
		for i < len(s.src) {
			c := s.src[i]
			switch {
			case c == '_':
			case isDigit(c) || base == 16 && isHex(c):
				if base < 10 && int(c-'0') >= base && invalid < 0 {
					invalid = i
				}
				hasDigits = true
			default:
				return
			}
			i++
		}
	}

	if s.src[i] != '.' {
		if s.src[i] == '0' && i+1 < len(s.src) {
			switch s.src[i+1] | 0x20 {
			case 'x':
				base, prefix = 16, 'x'
				i += 2
			case 'o':
				base, prefix = 8, 'o'
				i += 2
			case 'b':
				base, prefix = 2, 'b'
				i += 2
			default:
				base, prefix = 8, '0'
				hasDigits = true // the leading 0
			}
		}
		if prefix == '0' {
			// Scan as decimal: 09.5 is a valid float. The octal check
			// applies only if the literal stays an integer.
			digits(10)
			for j := start; j < i; j++ {
				if s.src[j] >= '8' && s.src[j] <= '9' && invalid < 0 {
					invalid = j
				}
			}
		} else {
			digits(base)
		}
		if i < len(s.src) && s.src[i] == '.' {
			if prefix == 'o' || prefix == 'b' {
				return s.fail(i, false, "invalid radix point in %s literal", baseName(base))
			}
			i++
			isFloat = true
		}
	} else {
		i++ // '.'
		isFloat = true
	}
	if isFloat {
		if prefix == '0' {
			base = 10
		}
		if base == 10 {
			digits(10)
		} else {
			digits(base)
		}
	}
	if !hasDigits {
		return s.fail(i, false, "%s literal has no digits", baseName(base))
	}
	if i < len(s.src) {
		if e := s.src[i] | 0x20; e == 'e' || e == 'p' {
			switch {
			case e == 'e' && prefix != 0 && prefix != '0':
				return s.fail(i, false, "%q exponent requires decimal mantissa", rune(s.src[i]))
			case e == 'p' && prefix != 'x':
				return s.fail(i, false, "%q exponent requires hexadecimal mantissa", rune(s.src[i]))
			}
			i++
			isFloat = true
			if i < len(s.src) && (s.src[i] == '+' || s.src[i] == '-') {
				i++
			}
			expDigits := false
			for i < len(s.src) && (isDigit(s.src[i]) || s.src[i] == '_') {
				expDigits = expDigits || s.src[i] != '_'
				i++
			}
			if !expDigits {
				return s.fail(i, false, "exponent has no digits")
			}
		} else if prefix == 'x' && isFloat {
			return s.fail(i, false, "hexadecimal mantissa requires a 'p' exponent")
		}
	} else if prefix == 'x' && isFloat {
		return s.fail(i, false, "hexadecimal mantissa requires a 'p' exponent")
	}
	if i < len(s.src) && s.src[i] == 'i' {
		return s.fail(start, false, "imaginary literals are not supported")
	}
	lit := s.src[start:i]
	if !isFloat && invalid >= 0 {
		return s.fail(invalid, false, "invalid digit %q in %s literal", rune(s.src[invalid]), baseName(base))
	}
	if j := invalidSep(lit); j >= 0 {
		return s.fail(start+j, false, "'_' must separate successive digits")
	}
	s.off = i
	if isFloat {
		return s.emit(tokFloat, lit, start)
	}
	return s.emit(tokInt, lit, start)
}

func baseName(base int) string {
	switch base {
	case 2:
		return "binary"
	case 8:
		return "octal"
	case 16:
		return "hexadecimal"
	}
	return "decimal"
}

// invalidSep returns the index of the first '_' in the number literal x
// that does not separate two digits (a base prefix counts as a digit), or
// -1 if every '_' is well placed.
func invalidSep(x string) int {
	prev := ' ' // class of the previous character: '0' digit, '_' or '.' other
	i := 0
	if len(x) >= 2 && x[0] == '0' && (x[1]|0x20 == 'x' || x[1]|0x20 == 'o' || x[1]|0x20 == 'b') {
		prev = '0' // the prefix acts as a digit: 0x_1 is valid
		i = 2
	}
	hex := len(x) >= 2 && x[0] == '0' && x[1]|0x20 == 'x'
	for ; i < len(x); i++ {
		c := x[i]
		switch {
		case c == '_':
			if prev != '0' {
				return i
			}
			prev = '_'
		case isDigit(c) || hex && isHex(c):
			prev = '0'
		default:
			if prev == '_' {
				return i - 1
			}
			prev = '.'
		}
	}
	if prev == '_' {
		return len(x) - 1
	}
	return -1
}

// escape checks the escape sequence whose backslash is at s.src[i-1]; it
// returns the offset after it, or an error token. quote is the delimiter
// of the enclosing literal (which may be escaped), or 0 at end of input.
func (s *scanner) escape(i int, quote byte) (int, lexer.Token, bool) {
	if i >= len(s.src) {
		return i, lexer.Token{}, true // the caller reports "not terminated"
	}
	var n, base int
	var max uint32
	switch c := s.src[i]; c {
	case 'a', 'b', 'f', 'n', 'r', 't', 'v', '\\':
		return i + 1, lexer.Token{}, true
	case '0', '1', '2', '3', '4', '5', '6', '7':
		n, base, max = 3, 8, 255
	case 'x':
		i++
		n, base, max = 2, 16, 255
	case 'u':
		i++
		n, base, max = 4, 16, unicode.MaxRune
	case 'U':
		i++
		n, base, max = 8, 16, unicode.MaxRune
	default:
		if c == quote {
			return i + 1, lexer.Token{}, true
		}
		return i, s.fail(i, false, "unknown escape sequence"), false
	}
	var x uint32
	for ; n > 0; n-- {
		if i >= len(s.src) {
			return i, lexer.Token{}, true // "not terminated"
		}
		c := s.src[i]
		d := base
		switch {
		case isDigit(c):
			d = int(c - '0')
		case 'a' <= c|0x20 && c|0x20 <= 'f':
			d = int(c|0x20-'a') + 10
		}
		if d >= base {
			r, _ := utf8.DecodeRuneInString(s.src[i:])
			if c == '\n' {
				r = '\n'
			}
			return i, s.fail(i, false, "invalid character %q in %s escape", r, baseName(base)), false
		}
		x = x*uint32(base) + uint32(d)
		i++
	}
	if x > max && base == 8 {
		return i, s.fail(i, false, "octal escape value %d > 255", x), false
	}
	if x > max || 0xD800 <= x && x < 0xE000 {
		return i, s.fail(i, false, "escape is invalid Unicode code point %#U", x), false
	}
	return i, lexer.Token{}, true
}

// checkUTF8 reports invalid UTF-8 at s.src[i] inside a literal.
func (s *scanner) checkUTF8(i int) (int, lexer.Token, bool) {
	r, size := utf8.DecodeRuneInString(s.src[i:])
	if r == utf8.RuneError && size == 1 {
		return i, s.fail(i, false, "invalid UTF-8 encoding"), false
	}
	if r == 0 {
		return i, s.fail(i, false, "invalid NUL character"), false
	}
	return i + size, lexer.Token{}, true
}

func (s *scanner) stdString(start int) lexer.Token {
	i := start + 1
	for {
		if i >= len(s.src) {
			return s.fail(start, false, "string literal not terminated")
		}
		switch c := s.src[i]; {
		case c == '"':
			s.off = i + 1
			return s.emit(tokString, s.src[start:s.off], start)
		case c == '\\':
			var t lexer.Token
			var ok bool
			if i, t, ok = s.escape(i+1, '"'); !ok {
				return t
			}
		case c == '\n':
			return s.fail(i, false, "newline in string")
		case c >= utf8.RuneSelf || c == 0:
			var t lexer.Token
			var ok bool
			if i, t, ok = s.checkUTF8(i); !ok {
				return t
			}
		default:
			i++
		}
	}
}

func (s *scanner) rawString(start int) lexer.Token {
	line, lineStart := s.line, s.lineStart
	i := start + 1
	for {
		if i >= len(s.src) {
			s.line, s.lineStart = line, lineStart // report at the opening quote
			return s.fail(start, true, "raw string literal not terminated")
		}
		switch c := s.src[i]; {
		case c == '`':
			s.off = i + 1
			t := s.emitAt(tokString, s.src[start:s.off], lexer.Position{
				Filename: s.file, Offset: start, Line: line, Column: start - lineStart + 1})
			return t
		case c == '\n':
			s.newline(i)
			i++
		case c >= utf8.RuneSelf || c == 0:
			var t lexer.Token
			var ok bool
			if i, t, ok = s.checkUTF8(i); !ok {
				return t
			}
		default:
			i++
		}
	}
}

func (s *scanner) runeLit(start int) lexer.Token {
	i := start + 1
	n := 0 // characters in the literal
	for {
		if i >= len(s.src) {
			return s.fail(start, false, "rune literal not terminated")
		}
		switch c := s.src[i]; {
		case c == '\'':
			if n == 0 {
				return s.fail(i, false, "empty rune literal or unescaped '")
			}
			if n != 1 {
				return s.fail(start, false, "more than one character in rune literal")
			}
			s.off = i + 1
			return s.emit(tokChar, s.src[start:s.off], start)
		case c == '\\':
			var t lexer.Token
			var ok bool
			if i, t, ok = s.escape(i+1, '\''); !ok {
				return t
			}
			n++
		case c == '\n':
			return s.fail(i, false, "newline in rune literal")
		case c >= utf8.RuneSelf || c == 0:
			var t lexer.Token
			var ok bool
			if i, t, ok = s.checkUTF8(i); !ok {
				return t
			}
			n++
		default:
			i++
			n++
		}
	}
}
