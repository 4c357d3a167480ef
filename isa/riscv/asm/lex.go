package asm

import (
	"strings"
)

// stmt is one statement of the source: a line may hold several separated by
// ';'. Positions inside a statement are byte offsets into the whole line, so
// that an error can point at its column.
type stmt struct {
	line       int    // 1-based
	src        string // the whole line, comments blanked
	orig       string // the line as written, for error messages
	start, end int    // the statement is src[start:end]
}

// splitSource cuts the source into statements. Block comments are blanked
// with spaces (newlines kept) so that line and column numbers stay true;
// '#' and '//' start a comment that runs to the end of the line, except
// inside a string or character literal.
func splitSource(src []byte) []stmt {
	text := string(src)
	origLines := strings.Split(text, "\n")
	b := []byte(text)
	// Blank block comments, keeping newlines.
	inStr := false
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case inStr:
			if c == '\\' && i+1 < len(b) && b[i+1] != '\n' {
				i++
			} else if c == '"' || c == '\n' {
				inStr = false
			}
		case c == '"':
			inStr = true
		case c == '\'':
			// A character literal: skip it (escape and closing quote
			// included) so that a quote or '#' inside it is not taken for
			// syntax.
			i += charLitLen(string(b[i:min(len(b), i+16)])) - 1
		case c == '#' || (c == '/' && i+1 < len(b) && b[i+1] == '/'):
			for i < len(b) && b[i] != '\n' {
				b[i] = ' '
				i++
			}
			i--
		case c == '/' && i+1 < len(b) && b[i+1] == '*':
			b[i], b[i+1] = ' ', ' '
			i += 2
			for i < len(b) && !(b[i] == '*' && i+1 < len(b) && b[i+1] == '/') {
				if b[i] != '\n' {
					b[i] = ' '
				}
				i++
			}
			if i < len(b) {
				b[i], b[i+1] = ' ', ' '
				i++
			}
		}
	}
	lines := strings.Split(string(b), "\n")
	var out []stmt
	for n, l := range lines {
		l = strings.TrimRight(l, "\r")
		orig := ""
		if n < len(origLines) {
			orig = strings.TrimRight(origLines[n], "\r")
		}
		start := 0
		inStr := false
		for i := 0; i <= len(l); i++ {
			if i < len(l) {
				c := l[i]
				if inStr {
					if c == '\\' && i+1 < len(l) {
						i++
					} else if c == '"' {
						inStr = false
					}
					continue
				}
				if c == '"' {
					inStr = true
					continue
				}
				if c == '\'' {
					i += charLitLen(l[i:]) - 1
					continue
				}
				if c != ';' {
					continue
				}
			}
			if strings.TrimSpace(l[start:i]) != "" {
				out = append(out, stmt{line: n + 1, src: l, orig: orig, start: start, end: i})
			}
			start = i + 1
		}
	}
	return out
}

// cursor walks one statement.
type cursor struct {
	s   string
	pos int
	end int
}

func (c *cursor) skipSpace() {
	for c.pos < c.end && (c.s[c.pos] == ' ' || c.s[c.pos] == '\t' || c.s[c.pos] == '\f' || c.s[c.pos] == '\v') {
		c.pos++
	}
}

func (c *cursor) atEnd() bool { c.skipSpace(); return c.pos >= c.end }

func (c *cursor) peek() byte {
	if c.pos < c.end {
		return c.s[c.pos]
	}
	return 0
}

func isIdentStart(ch byte) bool {
	return ch == '_' || ch == '.' || ch == '$' || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')
}

func isIdentChar(ch byte) bool { return isIdentStart(ch) || (ch >= '0' && ch <= '9') }

func isDigit(ch byte) bool { return ch >= '0' && ch <= '9' }

// ident reads an identifier at the cursor, or returns "".
func (c *cursor) ident() string {
	c.skipSpace()
	if c.pos >= c.end || !isIdentStart(c.s[c.pos]) {
		return ""
	}
	st := c.pos
	for c.pos < c.end && isIdentChar(c.s[c.pos]) {
		c.pos++
	}
	return c.s[st:c.pos]
}

// operand is one comma-separated piece of an operand list.
type operand struct {
	text string
	col  int // offset of text in the line
}

// splitOperands cuts the rest of the statement at top-level commas.
func (c *cursor) splitOperands() []operand {
	c.skipSpace()
	if c.pos >= c.end {
		return nil
	}
	var out []operand
	depth := 0
	start := c.pos
	inStr := false
	for i := c.pos; i <= c.end; i++ {
		if i < c.end {
			ch := c.s[i]
			if inStr {
				if ch == '\\' && i+1 < c.end {
					i++
				} else if ch == '"' {
					inStr = false
				}
				continue
			}
			switch ch {
			case '"':
				inStr = true
				continue
			case '\'':
				i += charLitLen(c.s[i:c.end]) - 1
				continue
			case '(':
				depth++
				continue
			case ')':
				depth--
				continue
			case ',':
				if depth > 0 {
					continue
				}
			default:
				continue
			}
		}
		raw := c.s[start:i]
		lead := len(raw) - len(strings.TrimLeft(raw, " \t"))
		out = append(out, operand{text: strings.TrimSpace(raw), col: start + lead})
		start = i + 1
	}
	c.pos = c.end
	return out
}
