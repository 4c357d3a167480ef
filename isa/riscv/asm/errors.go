package asm

import (
	"fmt"
	"strings"
)

// Error is one problem found in the source: where it is, what is wrong, and
// the source line so that the message can point at the offending column.
type Error struct {
	File   string // file name as given to Assemble
	Line   int    // 1-based line number
	Col    int    // 1-based column (in bytes) of the problem
	Msg    string // what is wrong, e.g. "unknown register 'x32'"
	Source string // the whole source line, without its newline
	// Warning marks a diagnostic that does not stop the assembly (GNU as
	// prints the same ones as "Warning:"); Program.Warnings holds them.
	Warning bool
}

// Error formats the error as "file:line:col: error: msg" (or "warning:"
// for a warning), followed by the
// source line and a caret under the column, as compilers do.
func (e *Error) Error() string {
	var b strings.Builder
	kind := "error"
	if e.Warning {
		kind = "warning"
	}
	fmt.Fprintf(&b, "%s:%d:%d: %s: %s", e.File, e.Line, e.Col, kind, e.Msg)
	if e.Source != "" {
		src := strings.ReplaceAll(e.Source, "\t", " ")
		b.WriteString("\n    ")
		b.WriteString(src)
		b.WriteString("\n    ")
		col := e.Col
		if col < 1 {
			col = 1
		}
		if col > len(src)+1 {
			col = len(src) + 1
		}
		b.WriteString(strings.Repeat(" ", col-1))
		b.WriteString("^")
	}
	return b.String()
}

// ErrorList is every error found in one assembly, in source order. Assemble
// keeps going after an error so that a student sees all mistakes at once, up
// to Options.MaxErrors. The warnings of the failed assembly are in the list
// too, in line order among the errors and marked by Warning (GNU as prints
// both); they do not count against MaxErrors.
type ErrorList []*Error

// Error joins the messages of all errors, one block per error.
func (l ErrorList) Error() string {
	parts := make([]string, len(l))
	for i, e := range l {
		parts[i] = e.Error()
	}
	s := strings.Join(parts, "\n")
	return s
}

// Unwrap lets errors.As find the individual *Error values.
func (l ErrorList) Unwrap() []error {
	out := make([]error, len(l))
	for i, e := range l {
		out[i] = e
	}
	return out
}

// posErr is an error raised deep in the parser: it carries a column inside
// the current statement; the statement loop turns it into an *Error.
type posErr struct {
	col int // 0-based byte offset inside the line
	msg string
}

func (e *posErr) Error() string { return e.msg }

func errAt(col int, format string, args ...any) *posErr {
	return &posErr{col: col, msg: fmt.Sprintf(format, args...)}
}

// errReported stands for an error already reported where it belongs (in
// a symbol's definition); its users add nothing.
var errReported = &posErr{msg: "error reported at the definition"}
