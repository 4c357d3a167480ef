package debugger

import (
	"fmt"
	"strconv"
	"strings"
)

// Env is what an expression reads when it is evaluated: registers by name
// (any name the Arch knows, and "pc") and memory.
type Env interface {
	Register(name string) (uint64, bool)
	Memory(addr uint64, size int) (uint64, bool)
}

// Expr is a compiled condition or address expression. The language is
// C-like over uint64: registers by ABI or x names and pc, integers
// (decimal, 0x hex, 0b binary), mem8/16/32/64[expr], unary - ~ !, binary
// * / % + - << >> < <= > >= == != & ^ | && ||, and parentheses. Comparisons
// are unsigned; true is 1 and false is 0.
type Expr struct {
	src  string
	root node
}

// String returns the source text.
func (e *Expr) String() string { return e.src }

type node interface {
	eval(env Env) (uint64, error)
}

type numNode uint64

type regNode string

type memNode struct {
	size int
	addr node
}

type unNode struct {
	op string
	x  node
}

type binNode struct {
	op   string
	x, y node
}

func (n numNode) eval(Env) (uint64, error) { return uint64(n), nil }

func (n regNode) eval(env Env) (uint64, error) {
	v, ok := env.Register(string(n))
	if !ok {
		return 0, fmt.Errorf("no register %q", string(n))
	}
	return v, nil
}

func (n *memNode) eval(env Env) (uint64, error) {
	a, err := n.addr.eval(env)
	if err != nil {
		return 0, err
	}
	v, ok := env.Memory(a, n.size)
	if !ok {
		return 0, fmt.Errorf("mem%d[%#x]: address not readable", n.size*8, a)
	}
	return v, nil
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

func (n *unNode) eval(env Env) (uint64, error) {
	x, err := n.x.eval(env)
	if err != nil {
		return 0, err
	}
	switch n.op {
	case "-":
		return -x, nil
	case "~":
		return ^x, nil
	}
	return b2u(x == 0), nil
}

func (n *binNode) eval(env Env) (uint64, error) {
	x, err := n.x.eval(env)
	if err != nil {
		return 0, err
	}
	// && and || short-circuit, so "a0 != 0 && mem64[a0] == 1" is safe.
	switch n.op {
	case "&&":
		if x == 0 {
			return 0, nil
		}
	case "||":
		if x != 0 {
			return 1, nil
		}
	}
	y, err := n.y.eval(env)
	if err != nil {
		return 0, err
	}
	switch n.op {
	case "*":
		return x * y, nil
	case "/", "%":
		if y == 0 {
			return 0, fmt.Errorf("division by zero")
		}
		if n.op == "/" {
			return x / y, nil
		}
		return x % y, nil
	case "+":
		return x + y, nil
	case "-":
		return x - y, nil
	case "<<":
		return x << (y & 63), nil
	case ">>":
		return x >> (y & 63), nil
	case "<":
		return b2u(x < y), nil
	case "<=":
		return b2u(x <= y), nil
	case ">":
		return b2u(x > y), nil
	case ">=":
		return b2u(x >= y), nil
	case "==":
		return b2u(x == y), nil
	case "!=":
		return b2u(x != y), nil
	case "&":
		return x & y, nil
	case "^":
		return x ^ y, nil
	case "|":
		return x | y, nil
	case "&&", "||":
		return b2u(y != 0), nil
	}
	return 0, fmt.Errorf("unknown operator %q", n.op)
}

// Eval computes the expression's value.
func (e *Expr) Eval(env Env) (uint64, error) { return e.root.eval(env) }

// binary operator precedence, loosest first.
var precedence = [][]string{
	{"||"}, {"&&"}, {"|"}, {"^"}, {"&"}, {"==", "!="},
	{"<", "<=", ">", ">="}, {"<<", ">>"}, {"+", "-"}, {"*", "/", "%"},
}

// maxExprDepth bounds nesting so that hostile input cannot exhaust the
// stack.
const maxExprDepth = 200

type exprParser struct {
	src   string
	toks  []token
	i     int
	depth int
	known func(string) bool
}

type token struct {
	text string
	pos  int
	num  bool
}

// ParseExpr compiles src. known, if not nil, says which register names
// exist, so that a typo is reported now rather than at the first hit.
func ParseExpr(src string, known func(name string) bool) (*Expr, error) {
	toks, err := lexExpr(src)
	if err != nil {
		return nil, err
	}
	p := &exprParser{src: src, toks: toks, known: known}
	if len(toks) == 0 {
		return nil, fmt.Errorf("empty expression")
	}
	n, err := p.binary(0)
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		t := p.toks[p.i]
		return nil, fmt.Errorf("unexpected %q at column %d of %q", t.text, t.pos+1, src)
	}
	return &Expr{src: src, root: n}, nil
}

var twoCharOps = []string{"<<", ">>", "<=", ">=", "==", "!=", "&&", "||"}

func lexExpr(s string) ([]token, error) {
	var toks []token
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(s) && isIdent(s[j]) {
				j++
			}
			toks = append(toks, token{text: s[i:j], pos: i, num: true})
			i = j
		case isIdent(c):
			j := i
			for j < len(s) && isIdent(s[j]) {
				j++
			}
			toks = append(toks, token{text: s[i:j], pos: i})
			i = j
		default:
			op := ""
			for _, t := range twoCharOps {
				if strings.HasPrefix(s[i:], t) {
					op = t
					break
				}
			}
			if op == "" && strings.IndexByte("+-*/%&|^!~<>()[]$", c) >= 0 {
				op = s[i : i+1]
			}
			if op == "" {
				return nil, fmt.Errorf("unexpected character %q at column %d of %q", c, i+1, s)
			}
			toks = append(toks, token{text: op, pos: i})
			i += len(op)
		}
	}
	return toks, nil
}

func isIdent(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

func (p *exprParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i].text
	}
	return ""
}

func (p *exprParser) errEnd(want string) error {
	if p.i < len(p.toks) {
		t := p.toks[p.i]
		return fmt.Errorf("want %s, found %q at column %d of %q", want, t.text, t.pos+1, p.src)
	}
	return fmt.Errorf("want %s at the end of %q", want, p.src)
}

func (p *exprParser) binary(level int) (node, error) {
	if level == len(precedence) {
		return p.unary()
	}
	x, err := p.binary(level + 1)
	if err != nil {
		return nil, err
	}
	for {
		op := p.peek()
		found := false
		for _, o := range precedence[level] {
			if o == op {
				found = true
			}
		}
		if !found {
			return x, nil
		}
		p.i++
		y, err := p.binary(level + 1)
		if err != nil {
			return nil, err
		}
		x = &binNode{op: op, x: x, y: y}
	}
}

func (p *exprParser) unary() (node, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxExprDepth {
		return nil, fmt.Errorf("expression %q nests too deeply", p.src)
	}
	switch op := p.peek(); op {
	case "-", "~", "!":
		p.i++
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &unNode{op: op, x: x}, nil
	case "(":
		p.i++
		x, err := p.binary(0)
		if err != nil {
			return nil, err
		}
		if p.peek() != ")" {
			return nil, p.errEnd(`")"`)
		}
		p.i++
		return x, nil
	case "$":
		// GDB habit: $a0, $pc.
		p.i++
		return p.operand()
	}
	return p.operand()
}

func (p *exprParser) operand() (node, error) {
	if p.i >= len(p.toks) {
		return nil, p.errEnd("a register, number or mem[...]")
	}
	t := p.toks[p.i]
	if t.num {
		v, err := strconv.ParseUint(t.text, 0, 64)
		if err != nil {
			return nil, fmt.Errorf("bad number %q at column %d of %q", t.text, t.pos+1, p.src)
		}
		p.i++
		return numNode(v), nil
	}
	if !isIdent(t.text[0]) {
		return nil, p.errEnd("a register, number or mem[...]")
	}
	p.i++
	if size, ok := memSizes[t.text]; ok && p.peek() == "[" {
		p.i++
		a, err := p.binary(0)
		if err != nil {
			return nil, err
		}
		if p.peek() != "]" {
			return nil, p.errEnd(`"]"`)
		}
		p.i++
		return &memNode{size: size, addr: a}, nil
	}
	if p.known != nil && !p.known(t.text) {
		return nil, fmt.Errorf("unknown register %q at column %d of %q", t.text, t.pos+1, p.src)
	}
	return regNode(t.text), nil
}

var memSizes = map[string]int{"mem8": 1, "mem16": 2, "mem32": 4, "mem64": 8}
