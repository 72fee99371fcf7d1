package lang

// Decoding of literal tokens into BasicLit values. The lexer has already
// checked each literal's syntax completely, so only value errors (an
// integer or float too large) remain.

import (
	"math"
	"strconv"
	"strings"
)

// maxIntLit is the largest integer literal accepted: 1<<63, so that the
// compiler can fold -9223372036854775808 (SPEC §2: ints are 64-bit).
const maxIntLit = uint64(1) << 63

// decodeInt returns the value of an integer literal, and false if it is
// larger than maxIntLit.
func decodeInt(raw string) (uint64, bool) {
	s := strings.ReplaceAll(raw, "_", "")
	base := 10
	if len(s) >= 2 && s[0] == '0' {
		switch s[1] | 0x20 {
		case 'x':
			base, s = 16, s[2:]
		case 'o':
			base, s = 8, s[2:]
		case 'b':
			base, s = 2, s[2:]
		default:
			base, s = 8, s[1:] // legacy octal 0777
		}
	}
	v, err := strconv.ParseUint(s, base, 64)
	if err != nil || v > maxIntLit {
		return 0, false
	}
	return v, true
}

// decodeFloat returns the value of a float literal, and false if it is too
// large for a float64.
func decodeFloat(raw string) (float64, bool) {
	v, err := strconv.ParseFloat(strings.ReplaceAll(raw, "_", ""), 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// decodeString returns the bytes an interpreted or raw string literal
// stands for. Raw strings lose their carriage returns (SPEC §1).
func decodeString(raw string) (string, bool) {
	if raw[0] == '`' {
		s := raw[1 : len(raw)-1]
		if strings.IndexByte(s, '\r') >= 0 {
			s = strings.ReplaceAll(s, "\r", "")
		}
		return s, true
	}
	if strings.IndexByte(raw, '\\') < 0 {
		return raw[1 : len(raw)-1], true // the common case: no escapes
	}
	// The escapes are Go's exactly (checked by the lexer), so strconv's
	// decoder is the reference implementation.
	s, err := strconv.Unquote(raw)
	return s, err == nil
}

// decodeChar returns the code point of a rune literal.
func decodeChar(raw string) (uint64, bool) {
	r, _, tail, err := strconv.UnquoteChar(raw[1:len(raw)-1], '\'')
	if err != nil || tail != "" {
		return 0, false
	}
	return uint64(r), true
}
