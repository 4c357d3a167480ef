package asm

import (
	"strconv"
	"strings"
)

// expr is a parsed expression. Symbols stay names until evaluation, because
// most are labels whose address is known only after layout.
type expr struct {
	op   byte // 'n' number, 's' symbol, '.' location, 'u' unary, 'b' binary, 'r' relocation operator
	val  int64
	name string // symbol name, operator, or relocation function (hi, lo, pcrel_hi, pcrel_lo)
	x, y *expr
	col  int
}

// exprParser parses GNU as expressions with gas's operator ranks, from
// tightest to loosest: * / % << >>; then | & ^ and the binary ! (or-not);
// then + - and the comparisons == != <> < > <= >=; then &&; then ||.
// Operators of one rank associate to the left, so "3 - 1 == 2 + 0" is
// ((3-1) == 2) + 0, as gas computes it.
type exprParser struct {
	c *cursor
	// numLabel resolves a numeric label reference such as 1b or 2f to the
	// internal name of the instance it denotes.
	numLabel func(n int, forward bool) string
}

func (p *exprParser) parse() (*expr, error) { return p.binary(0) }

var binRank = map[string]int{
	"*": 5, "/": 5, "%": 5, "<<": 5, ">>": 5,
	"|": 4, "&": 4, "^": 4, "!": 4,
	"+": 3, "-": 3, "==": 3, "!=": 3, "<>": 3, "<": 3, ">": 3, "<=": 3, ">=": 3,
	"&&": 2,
	"||": 1,
}

func (p *exprParser) peekOp() string {
	c := p.c
	c.skipSpace()
	if c.pos >= c.end {
		return ""
	}
	if c.pos+1 < c.end {
		switch two := c.s[c.pos : c.pos+2]; two {
		case "<<", ">>", "==", "!=", "<>", "<=", ">=", "&&", "||":
			return two
		}
	}
	switch ch := c.s[c.pos]; ch {
	case '*', '/', '%', '|', '&', '^', '+', '-', '<', '>', '!':
		return string(ch)
	}
	return ""
}

func (p *exprParser) binary(minRank int) (*expr, error) {
	x, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		op := p.peekOp()
		r, ok := binRank[op]
		if !ok || r < minRank {
			return x, nil
		}
		col := p.c.pos
		p.c.pos += len(op)
		y, err := p.binary(r + 1)
		if err != nil {
			return nil, err
		}
		x = &expr{op: 'b', name: op, x: x, y: y, col: col}
	}
}

func (p *exprParser) unary() (*expr, error) {
	c := p.c
	c.skipSpace()
	if c.pos >= c.end {
		return nil, errAt(c.pos, "expected an expression")
	}
	col := c.pos
	ch := c.s[c.pos]
	switch ch {
	case '-', '~', '!', '+':
		c.pos++
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &expr{op: 'u', name: string(ch), x: x, col: col}, nil
	case '(':
		c.pos++
		x, err := p.binary(0)
		if err != nil {
			return nil, err
		}
		c.skipSpace()
		if c.peek() != ')' {
			return nil, errAt(c.pos, "expected ')'")
		}
		c.pos++
		return x, nil
	case '%':
		c.pos++
		name := c.ident()
		switch name {
		case "hi", "lo", "pcrel_hi", "pcrel_lo":
		default:
			return nil, errAt(col, "unknown relocation operator '%%%s' (want %%hi, %%lo, %%pcrel_hi or %%pcrel_lo)", name)
		}
		c.skipSpace()
		if c.peek() != '(' {
			return nil, errAt(c.pos, "expected '(' after %%%s", name)
		}
		c.pos++
		x, err := p.binary(0)
		if err != nil {
			return nil, err
		}
		c.skipSpace()
		if c.peek() != ')' {
			return nil, errAt(c.pos, "expected ')'")
		}
		c.pos++
		return &expr{op: 'r', name: name, x: x, col: col}, nil
	case '\'':
		v, n, err := charLiteral(c.s[c.pos:c.end])
		if err != nil {
			return nil, errAt(col, "%s", err.Error())
		}
		c.pos += n
		return &expr{op: 'n', val: v, col: col}, nil
	}
	if isDigit(ch) {
		return p.number()
	}
	if ch == '.' && (c.pos+1 >= c.end || !isIdentChar(c.s[c.pos+1])) {
		c.pos++
		return &expr{op: '.', col: col}, nil
	}
	if isIdentStart(ch) {
		name := c.ident()
		return &expr{op: 's', name: name, col: col}, nil
	}
	return nil, errAt(col, "unexpected '%c' in expression", ch)
}

func (p *exprParser) number() (*expr, error) {
	c := p.c
	col := c.pos
	st := c.pos
	for c.pos < c.end && isIdentChar(c.s[c.pos]) {
		c.pos++
	}
	tok := c.s[st:c.pos]
	// Numeric label references: 1b, 1f (digits then b/f).
	if len(tok) >= 2 {
		last := tok[len(tok)-1]
		digits := tok[:len(tok)-1]
		if (last == 'b' || last == 'f') && allDigits(digits) && !(strings.HasPrefix(tok, "0b") && len(tok) > 2) {
			n, err := strconv.Atoi(digits)
			if err == nil && p.numLabel != nil {
				return &expr{op: 's', name: p.numLabel(n, last == 'f'), col: col}, nil
			}
		}
	}
	v, err := parseInt(tok)
	if err != nil {
		return nil, errAt(col, "bad number '%s'", tok)
	}
	return &expr{op: 'n', val: v, col: col}, nil
}

func allDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// parseInt reads a gas integer: 0x hex, 0b binary, leading 0 octal, else
// decimal. Values wrap to 64 bits, as gas does for 64-bit targets.
func parseInt(tok string) (int64, error) {
	t := strings.ToLower(tok)
	base := 10
	switch {
	case strings.HasPrefix(t, "0x"):
		base, t = 16, t[2:]
	case strings.HasPrefix(t, "0b"):
		base, t = 2, t[2:]
	case len(t) > 1 && t[0] == '0':
		base, t = 8, t[1:]
	}
	if t == "" {
		return 0, strconv.ErrSyntax
	}
	u, err := strconv.ParseUint(t, base, 64)
	if err != nil {
		return 0, err
	}
	return int64(u), nil
}

// charLiteral reads 'c', '\n' or gas's unterminated 'c form; it returns the
// value and the number of bytes consumed.
func charLiteral(s string) (int64, int, error) {
	if len(s) < 2 {
		return 0, 0, errBadChar
	}
	var v int64
	n := 1
	if s[1] == '\\' {
		if len(s) < 3 {
			return 0, 0, errBadChar
		}
		b, m, ok := escape(s[2:])
		if !ok {
			return 0, 0, errBadChar
		}
		v = int64(b)
		n = 2 + m
	} else {
		v = int64(s[1])
		n = 2
	}
	if n < len(s) && s[n] == '\'' {
		n++
	}
	return v, n, nil
}

type constErr string

func (e constErr) Error() string { return string(e) }

const errBadChar = constErr("bad character literal")

// escape decodes the escape sequence after a backslash as gas does: it
// returns the byte, how many bytes of s it used, and whether there was a
// character to escape. Up to three digits are read as octal, 8 and 9
// included (gas's "\9" is 9); \x takes every hex digit that follows and
// keeps the low byte (no digit gives 0); \b \f \n \r \t \v are the C
// controls; any other character, \a and \e included, stands for itself.
func escape(s string) (byte, int, bool) {
	if s == "" {
		return 0, 0, false
	}
	switch s[0] {
	case 'n':
		return '\n', 1, true
	case 't':
		return '\t', 1, true
	case 'r':
		return '\r', 1, true
	case 'b':
		return '\b', 1, true
	case 'f':
		return '\f', 1, true
	case 'v':
		return '\v', 1, true
	case 'x', 'X':
		v, n := 0, 1
		for n < len(s) && isHex(s[n]) {
			v = (v*16 + hexVal(s[n])) & 0xff
			n++
		}
		return byte(v), n, true
	}
	if isDigit(s[0]) {
		v, n := 0, 0
		for n < len(s) && n < 3 && isDigit(s[n]) {
			v = v*8 + int(s[n]-'0')
			n++
		}
		return byte(v), n, true
	}
	return s[0], 1, true
}

// charLitLen is the length of the character literal at the start of s
// (which begins with a quote), closing quote included when present; 1
// when no character follows the quote on the line. Scanners use it to
// step over a literal such as ',' or '#' that would otherwise be syntax.
func charLitLen(s string) int {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) < 2 {
		return 1
	}
	if _, n, err := charLiteral(s); err == nil {
		return n
	}
	return 2
}

func isHex(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func hexVal(c byte) int {
	switch {
	case isDigit(c):
		return int(c - '0')
	case c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	default:
		return int(c-'A') + 10
	}
}

// hasReloc reports whether e is a relocation operator at its top.
func (e *expr) reloc() string {
	if e != nil && e.op == 'r' {
		return e.name
	}
	return ""
}
