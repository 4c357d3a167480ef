package asm

import (
	"encoding/binary"
	"math"
	"strconv"
	"strings"
)

// classify maps an input section name (and flags) to its output section,
// as the default linker script's patterns do.
func classify(name, flags, typ string) (outKind, bool) {
	has := func(p string) bool { return name == p || strings.HasPrefix(name, p+".") }
	switch {
	case has(".text"):
		return outText, true
	case has(".rodata") || has(".srodata"):
		return outRodata, true
	case has(".data") || has(".sdata"):
		return outData, true
	case has(".bss") || has(".sbss") || has(".tbss"):
		return outBss, true
	}
	switch {
	case strings.Contains(typ, "nobits"):
		return outBss, true
	case strings.Contains(flags, "x"):
		return outText, true
	case strings.Contains(flags, "w"):
		return outData, true
	case strings.Contains(flags, "a"):
		return outRodata, true
	}
	return 0, false
}

func (a *assembler) switchTo(s *inSection) {
	if s != a.cur {
		a.prev = a.cur
		a.cur = s
	}
}

func (a *assembler) directive(name string, col int, c *cursor) {
	switch name {
	case ".text", ".data", ".bss", ".rodata":
		kinds := map[string]outKind{".text": outText, ".data": outData, ".bss": outBss, ".rodata": outRodata}
		a.switchTo(a.section(name, kinds[name]))
	case ".section", ".pushsection":
		ops := c.splitOperands()
		if len(ops) == 0 {
			a.errorf(c.end, "%s needs a section name", name)
			return
		}
		sname := strings.Trim(ops[0].text, "\"")
		if sname == "" {
			a.errorf(ops[0].col, "%s needs a section name", name)
			return
		}
		flags, typ := "", ""
		if len(ops) > 1 {
			flags = strings.Trim(ops[1].text, "\"")
		}
		if len(ops) > 2 {
			typ = ops[2].text
		}
		out, ok := classify(sname, flags, typ)
		if !ok {
			if sname == ".note.GNU-stack" || strings.HasPrefix(sname, ".comment") || strings.HasPrefix(sname, ".debug") || strings.HasPrefix(sname, ".riscv.attributes") {
				// Not loaded; accept and drop the contents.
				out = outRodata
				s := a.section("\x04"+sname, out)
				if name == ".pushsection" {
					a.stack = append(a.stack, a.cur)
				}
				a.switchTo(s)
				return
			}
			a.errorf(ops[0].col, "unsupported section '%s' (use .text*, .rodata*, .data*, .bss* or flags \"ax\"/\"a\"/\"aw\")", sname)
			return
		}
		if name == ".pushsection" {
			a.stack = append(a.stack, a.cur)
		}
		a.switchTo(a.section(sname, out))
	case ".popsection":
		if len(a.stack) == 0 {
			a.errorf(col, ".popsection without .pushsection")
			return
		}
		s := a.stack[len(a.stack)-1]
		a.stack = a.stack[:len(a.stack)-1]
		a.switchTo(s)
	case ".previous":
		if a.prev != nil {
			a.cur, a.prev = a.prev, a.cur
		}
	case ".globl", ".global", ".weak", ".local", ".hidden", ".protected":
		for _, op := range c.splitOperands() {
			if !validIdent(op.text) {
				a.errorf(op.col, "expected a symbol name, got '%s'", op.text)
				continue
			}
			if name != ".local" && name != ".hidden" && name != ".protected" {
				a.sym(op.text).global = true
			}
		}
	case ".type":
		ops := c.splitOperands()
		if len(ops) >= 2 && validIdent(ops[0].text) {
			a.sym(ops[0].text).typ = strings.TrimLeft(ops[1].text, "@%\"")
		}
	case ".size":
		ops := c.splitOperands()
		if len(ops) == 2 && validIdent(ops[0].text) {
			e, err := a.parseExpr(ops[1].text, ops[1].col)
			if err != nil {
				a.report(err)
				return
			}
			a.sym(ops[0].text).sizeE = substDot(e, a.cur, len(a.cur.items))
		}
	case ".file", ".ident", ".attribute", ".loc", ".cfi_startproc", ".cfi_endproc", ".cfi_sections",
		".cfi_def_cfa_offset", ".cfi_offset", ".cfi_restore", ".cfi_def_cfa", ".addrsig", ".addrsig_sym", ".end_of_file":
		// Harmless bookkeeping that does not change the program's bytes.
	case ".end":
		a.done = true
	case ".option":
		a.option(c)
	case ".equ", ".set", ".equiv":
		ops := c.splitOperands()
		if len(ops) != 2 || !validIdent(ops[0].text) {
			a.errorf(col, "%s needs a symbol name and a value: %s NAME, EXPR", name, name)
			return
		}
		if name == ".equiv" {
			if s, ok := a.syms[ops[0].text]; ok && s.defined {
				a.errorf(ops[0].col, "symbol '%s' is already defined", ops[0].text)
				return
			}
		}
		e, err := a.parseExpr(ops[1].text, ops[1].col)
		if err != nil {
			a.report(err)
			// Define it anyway so that its uses do not each add an
			// "undefined symbol" error after this one.
			a.setSym(ops[0].text, ops[0].col, &expr{op: 'n'})
			return
		}
		a.setSym(ops[0].text, ops[0].col, e)
	case ".align", ".p2align", ".balign", ".p2alignw", ".p2alignl", ".balignw", ".balignl":
		a.alignDirective(name, col, c)
	case ".byte", ".2byte", ".half", ".short", ".4byte", ".word", ".long", ".int", ".8byte", ".dword", ".quad":
		width := map[string]int{".byte": 1, ".2byte": 2, ".half": 2, ".short": 2, ".4byte": 4, ".word": 4,
			".long": 4, ".int": 4, ".8byte": 8, ".dword": 8, ".quad": 8}[name]
		a.dataDirective(name, width, c)
	case ".ascii", ".asciz", ".string":
		a.stringDirective(name, col, c)
	case ".zero", ".space", ".skip", ".fill":
		a.spaceDirective(name, col, c)
	case ".float", ".single", ".double":
		a.floatDirective(name, c)
	default:
		a.errorf(col, "unknown directive '%s'", name)
	}
}

func validIdent(s string) bool {
	if s == "" || !isIdentStart(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isIdentChar(s[i]) {
			return false
		}
	}
	return true
}

func (a *assembler) option(c *cursor) {
	col := c.pos
	w := c.ident()
	switch w {
	case "push":
		a.optStk = append(a.optStk, a.opts)
	case "pop":
		if len(a.optStk) == 0 {
			a.errorf(col, ".option pop without .option push")
			return
		}
		a.opts = a.optStk[len(a.optStk)-1]
		a.optStk = a.optStk[:len(a.optStk)-1]
	case "rvc":
		a.opts.rvc = true
		a.hasC = true
	case "norvc":
		a.opts.rvc = false
	case "relax":
		a.opts.relax = true
	case "norelax":
		a.opts.relax = false
	case "pic", "nopic", "arch", "csr-check", "no-csr-check":
		// pic would change la into a GOT load, which needs a dynamic
		// linker; the programs run bare-metal, so la stays lla.
	default:
		a.errorf(col, "unknown .option '%s' (push, pop, rvc, norvc, relax, norelax)", w)
	}
}

func (a *assembler) constOperand(op operand, what string) (int64, bool) {
	e, err := a.parseExpr(op.text, op.col)
	if err != nil {
		a.report(err)
		return 0, false
	}
	v, ok := a.constNow(e)
	if !ok {
		a.errorf(op.col, "%s must be a constant known here, got '%s'", what, op.text)
		return 0, false
	}
	return v, true
}

func (a *assembler) alignDirective(name string, col int, c *cursor) {
	ops := c.splitOperands()
	if len(ops) == 0 || len(ops) > 3 || ops[0].text == "" {
		a.errorf(col, "%s needs an alignment: %s ALIGN[, FILL[, MAX]]", name, name)
		return
	}
	v, ok := a.constOperand(ops[0], "alignment")
	if !ok {
		return
	}
	var align uint64
	if strings.HasPrefix(name, ".b") {
		if v <= 0 || v&(v-1) != 0 || v > 1<<16 {
			a.errorf(ops[0].col, "alignment %d is not a power of 2", v)
			return
		}
		align = uint64(v)
	} else {
		if v < 0 || v > 16 {
			a.errorf(ops[0].col, "alignment 2^%d out of range (0..16)", v)
			return
		}
		align = 1 << uint(v)
	}
	it := &item{kind: itAlign, align: align, fill: -1, col: col, relax: a.opts.relax}
	if len(ops) > 1 && ops[1].text != "" {
		f, ok := a.constOperand(ops[1], "fill value")
		if !ok {
			return
		}
		it.fill = int(f & 0xff)
	}
	if len(ops) > 2 && ops[2].text != "" {
		m, ok := a.constOperand(ops[2], "maximum skip")
		if !ok {
			return
		}
		if m > 0 {
			it.maxPad = uint64(m)
		}
	}
	if a.cur.out != outText && it.fill < 0 {
		it.fill = 0
	}
	if a.cur.out == outText && it.fill < 0 {
		// gas ignores a code alignment no larger than the instruction
		// alignment (2 with rvc, 4 without); it still records it.
		ia := uint64(4)
		if a.opts.rvc {
			ia = 2
		}
		if align <= ia {
			it.noop = true
		}
	}
	if align > a.cur.align {
		a.cur.align = align
	}
	a.add(it)
}

func (a *assembler) dataDirective(name string, width int, c *cursor) {
	ops := c.splitOperands()
	if len(ops) == 0 {
		a.errorf(c.end, "%s needs at least one value", name)
		return
	}
	it := &item{kind: itData}
	for _, op := range ops {
		if op.text == "" {
			a.errorf(op.col, "empty value in %s", name)
			return
		}
		if op.text[0] == '"' {
			// GNU as rejects this too (with a relocation error); say
			// what was probably meant.
			a.errorf(op.col, "%s takes numbers, not strings: use .ascii for text (a character is written 'c')", name)
			return
		}
		e, err := a.parseExpr(op.text, op.col)
		if err != nil {
			a.report(err)
			return
		}
		off := len(it.data)
		it.data = append(it.data, make([]byte, width)...)
		if v, ok := a.constNow(e); ok {
			a.checkTruncation(op.col, width, v)
			putN(it.data[off:], width, uint64(v))
		} else {
			it.dfix = append(it.dfix, dataFix{off: off, width: width, e: e, col: op.col})
		}
	}
	a.addData(it)
}

func (a *assembler) addData(it *item) {
	if a.cur.out == outBss {
		for _, b := range it.data {
			if b != 0 {
				a.errorf(a.st.start, "non-zero data in a .bss section")
				return
			}
		}
		if len(it.dfix) > 0 {
			a.errorf(it.dfix[0].col, "non-constant data in a .bss section")
			return
		}
		a.add(&item{kind: itSpace, n: uint64(len(it.data))})
		return
	}
	a.add(it)
}

// checkTruncation warns, as GNU as does, when a data value does not fit
// its width: the bits above the field are neither all zeros nor all ones,
// so neither an unsigned nor a negative value of that width was meant.
func (a *assembler) checkTruncation(col, width int, v int64) {
	if width >= 8 {
		return
	}
	mask := ^uint64(0) << (8 * width)
	if hi := uint64(v) & mask; hi != 0 && hi != mask {
		a.warnf(col, "value 0x%x truncated to 0x%x", uint64(v), uint64(v)&^mask)
	}
}

func putN(b []byte, width int, v uint64) {
	switch width {
	case 1:
		b[0] = byte(v)
	case 2:
		binary.LittleEndian.PutUint16(b, uint16(v))
	case 4:
		binary.LittleEndian.PutUint32(b, uint32(v))
	case 8:
		binary.LittleEndian.PutUint64(b, v)
	}
}

func (a *assembler) stringDirective(name string, col int, c *cursor) {
	ops := c.splitOperands()
	if len(ops) == 0 {
		a.errorf(col, "%s needs a string", name)
		return
	}
	it := &item{kind: itData}
	for _, op := range ops {
		if op.text == "" {
			// GNU as skips an empty operand (".asciz \"a\",,\"b\"", a
			// trailing comma) without adding even the terminator.
			continue
		}
		s, err := unquoteAdjacent(op.text, op.col)
		if err != nil {
			a.report(err)
			return
		}
		it.data = append(it.data, s...)
		if name != ".ascii" {
			it.data = append(it.data, 0)
		}
	}
	a.addData(it)
}

// unquoteAdjacent decodes one operand of .ascii/.asciz/.string: one or
// more string literals separated by blanks, which GNU as concatenates as C
// does ("a" "b" is "ab"; .asciz terminates the whole operand once). col is
// the operand's offset in the line, so that an error points into it.
func unquoteAdjacent(t string, col int) ([]byte, error) {
	var out []byte
	i := 0
	for {
		for i < len(t) && (t[i] == ' ' || t[i] == '\t') {
			i++
		}
		if i >= len(t) {
			return out, nil
		}
		if t[i] != '"' {
			if i == 0 {
				return nil, errAt(col, "expected a string in double quotes")
			}
			return nil, errAt(col+i, "junk after string: '%s' (only blanks may separate adjacent strings)", t[i:])
		}
		j := i + 1
		for j < len(t) && t[j] != '"' {
			if t[j] == '\\' {
				j++
			}
			j++
		}
		if j >= len(t) {
			return nil, errAt(col+i, "unterminated string")
		}
		s, err := unquote(t[i : j+1])
		if err != nil {
			return nil, errAt(col+i, "%s", err.Error())
		}
		out = append(out, s...)
		i = j + 1
	}
}

// unquote decodes a gas string literal.
func unquote(t string) ([]byte, error) {
	if len(t) < 2 || t[0] != '"' || t[len(t)-1] != '"' {
		return nil, constErr("expected a string in double quotes")
	}
	t = t[1 : len(t)-1]
	var out []byte
	for i := 0; i < len(t); i++ {
		if t[i] != '\\' {
			out = append(out, t[i])
			continue
		}
		b, n, ok := escape(t[i+1:])
		if !ok {
			return nil, constErr("bad escape sequence in string")
		}
		out = append(out, b)
		i += n
	}
	return out, nil
}

func (a *assembler) spaceDirective(name string, col int, c *cursor) {
	ops := c.splitOperands()
	if len(ops) == 0 || len(ops) > 3 {
		a.errorf(col, "%s needs a size: %s SIZE[, FILL]", name, name)
		return
	}
	n, ok := a.constOperand(ops[0], "size")
	if !ok {
		return
	}
	size, fill := int64(1), int64(0)
	if name == ".fill" {
		if len(ops) > 1 {
			if size, ok = a.constOperand(ops[1], "size"); !ok {
				return
			}
			if size < 0 || size > 8 {
				size = 8
			}
		}
		if len(ops) > 2 {
			if fill, ok = a.constOperand(ops[2], "value"); !ok {
				return
			}
		}
	} else if len(ops) > 1 {
		if fill, ok = a.constOperand(ops[1], "fill value"); !ok {
			return
		}
	}
	if n < 0 || n*size > 1<<28 {
		a.errorf(ops[0].col, "size %d out of range (0..%d)", n, 1<<28)
		return
	}
	total := uint64(n * size)
	if a.cur.out == outBss || (fill == 0 && name != ".fill") {
		if a.cur.out == outBss && fill != 0 {
			a.errorf(col, "non-zero fill in a .bss section")
			return
		}
		a.add(&item{kind: itSpace, n: total, fillB: 0})
		return
	}
	it := &item{kind: itData, data: make([]byte, 0, total)}
	for i := int64(0); i < n; i++ {
		var w [8]byte
		binary.LittleEndian.PutUint64(w[:], uint64(fill))
		if name == ".fill" && size > 4 {
			// gas fills only the low 4 bytes of a wide .fill value.
			binary.LittleEndian.PutUint64(w[:], uint64(uint32(fill)))
		}
		if name == ".fill" {
			it.data = append(it.data, w[:size]...)
		} else {
			it.data = append(it.data, byte(fill))
		}
	}
	a.add(it)
}

func (a *assembler) floatDirective(name string, c *cursor) {
	it := &item{kind: itData}
	for _, op := range c.splitOperands() {
		t := strings.TrimSpace(op.text)
		if len(t) > 2 && t[0] == '0' && strings.ContainsRune("fFdDrR", rune(t[1])) {
			t = t[2:]
		}
		f, err := strconv.ParseFloat(t, 64)
		if err != nil {
			a.errorf(op.col, "bad floating-point number '%s'", op.text)
			return
		}
		if name == ".double" {
			it.data = binary.LittleEndian.AppendUint64(it.data, math.Float64bits(f))
		} else {
			it.data = binary.LittleEndian.AppendUint32(it.data, math.Float32bits(float32(f)))
		}
	}
	a.addData(it)
}
