package ui

import (
	"fmt"
	"strings"
)

// Cond is a breakpoint condition "REG OP VALUE", such as "a0 == 5" or
// "sp < 0x80001000". Comparisons are unsigned except for the signed forms
// "<s", "<=s", ">s", ">=s".
type Cond struct {
	Reg int // 0..31, or 32 for pc
	Op  string
	Val uint64
}

var condOps = []string{"<=s", ">=s", "==", "!=", "<=", ">=", "<s", ">s", "<", ">"}

// ParseCond parses a condition; the error says what is wrong with it.
func ParseCond(s string) (Cond, error) {
	t := strings.TrimSpace(s)
	for _, op := range condOps {
		i := strings.Index(t, op)
		if i <= 0 {
			continue
		}
		lhs, rhs := strings.TrimSpace(t[:i]), strings.TrimSpace(t[i+len(op):])
		r, ok := regIndex(lhs)
		if !ok {
			return Cond{}, fmt.Errorf("condition %q: %q is not a register (x0-x31, ABI name or pc)", s, lhs)
		}
		v, err := parseNum(rhs)
		if err != nil {
			return Cond{}, fmt.Errorf("condition %q: %v", s, err)
		}
		return Cond{Reg: r, Op: op, Val: v}, nil
	}
	return Cond{}, fmt.Errorf("condition %q: want REG OP VALUE with OP one of == != < <= > >= (add s for signed, as in <s)", s)
}

// Eval tells whether the condition holds for the given registers and pc.
func (c Cond) Eval(regs *[32]uint64, pc uint64) bool {
	v := pc
	if c.Reg < 32 {
		v = regs[c.Reg]
	}
	a, b := int64(v), int64(c.Val)
	switch c.Op {
	case "==":
		return v == c.Val
	case "!=":
		return v != c.Val
	case "<":
		return v < c.Val
	case "<=":
		return v <= c.Val
	case ">":
		return v > c.Val
	case ">=":
		return v >= c.Val
	case "<s":
		return a < b
	case "<=s":
		return a <= b
	case ">s":
		return a > b
	case ">=s":
		return a >= b
	}
	return false
}
