// Package lang is Goro's front end: the lexer (with Go's semicolon rule), the
// parser (participle/v2 for statements, a Pratt function for expressions),
// the AST and syntax errors. participle never leaks out of this package: the
// AST and positions below are our own types.
package lang

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Pos is a source position. Line and Col count from 1; Col counts bytes, as
// Go's positions do (SPEC §1). The zero Pos means "unknown".
type Pos struct {
	Line int32
	Col  int32
}

// IsValid reports whether p is a known position.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Before reports whether p comes strictly before q.
func (p Pos) Before(q Pos) bool {
	return p.Line < q.Line || (p.Line == q.Line && p.Col < q.Col)
}

func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// Error is a compile-time error (syntax or semantic) at one position of one
// file. Callers can inspect it; Error() gives the one-line form
// "file:line:col: msg" and Format adds the source line and a caret.
type Error struct {
	File string // the file name as given to Parse
	Pos  Pos
	Msg  string
	// Line is the text of the source line Pos points into (without its
	// newline); empty when unknown.
	Line string
	// Incomplete is set for syntax errors caused by reaching the end of the
	// input (an open '{', '(', '[' or an unterminated raw string). The REPL
	// uses it to ask for a continuation line instead of reporting.
	Incomplete bool
}

func (e *Error) Error() string {
	if !e.Pos.IsValid() {
		return e.File + ": " + e.Msg
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Pos.Line, e.Pos.Col, e.Msg)
}

// Format returns the error, the source line and a caret under the column:
//
//	f.goro:3:9: undefined: inner
//	println(inner)
//	        ^
//
// Tabs before the column are copied so the caret lines up in a terminal.
func (e *Error) Format() string {
	var b strings.Builder
	b.WriteString(e.Error())
	if e.Line != "" && e.Pos.IsValid() {
		b.WriteByte('\n')
		b.WriteString(e.Line)
		b.WriteByte('\n')
		b.WriteString(CaretPad(e.Line, int(e.Pos.Col)))
		b.WriteByte('^')
	}
	return b.String()
}

// CaretPad returns the padding that puts a caret under byte column col
// (1-based) of line: one space per rune before the column, tabs kept.
func CaretPad(line string, col int) string {
	if col < 1 {
		col = 1
	}
	if col-1 > len(line) {
		col = len(line) + 1
	}
	var b strings.Builder
	prefix := line[:col-1]
	for len(prefix) > 0 {
		r, size := utf8.DecodeRuneInString(prefix)
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteByte(' ')
		}
		prefix = prefix[size:]
	}
	return b.String()
}

// ErrorList is several errors from one compilation, in source order. The
// compiler reports the first few; Error() shows the first.
type ErrorList []*Error

func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Error(), len(l)-1)
}

// SourceLine returns line n (1-based) of src without its line terminator, or
// "" if there is no such line.
func SourceLine(src []byte, n int) string {
	if n < 1 {
		return ""
	}
	line := 1
	start := 0
	for i := 0; i < len(src) && line < n; i++ {
		if src[i] == '\n' {
			line++
			start = i + 1
		}
	}
	if line != n {
		return ""
	}
	end := start
	for end < len(src) && src[end] != '\n' {
		end++
	}
	return strings.TrimSuffix(string(src[start:end]), "\r")
}
