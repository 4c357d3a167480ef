package asm

import (
	"fmt"
	"strings"
)

// ops is the parsed operands of one instruction.
type ops struct {
	rd, rs1, rs2, rs3 int
	imm               int64
	immE              *expr // non-constant immediate, resolved after layout
	immArg            string
	immCol            int
	hasImm            bool
	relocOp           bool // the immediate used %hi/%lo: gas never compresses those
	target            *expr
	targetCol         int
	csr               int
	rm                int
	fence             [2]int
	hasFence          bool
	nargs             int
}

func newOps() *ops { return &ops{rd: -1, rs1: -1, rs2: -1, rs3: -1, csr: -1, rm: -1} }

// matchErr is why an entry did not fit, and how far it got: the error of
// the entry that got furthest is the one reported.
type matchErr struct {
	score int
	err   *posErr
}

func (a *assembler) instruction(name string, col int, c *cursor) {
	defs, ok := table[name]
	if !ok {
		defs, ok = table[strings.ToLower(name)]
		name = strings.ToLower(name)
	}
	if !ok {
		a.errorf(col, "unknown instruction '%s'", name)
		return
	}
	args := c.splitOperands()
	for _, op := range args {
		if op.text == "" {
			a.errorf(op.col, "empty operand")
			return
		}
	}
	var best *matchErr
	countOK := false
	for _, d := range defs {
		n := len(d.args)
		optional := n > 0 && d.args[n-1] == "m"
		if len(args) != n && !(optional && len(args) == n-1) {
			continue
		}
		countOK = true
		o, me := a.matchOps(d, args)
		if me != nil {
			if best == nil || me.score > best.score {
				best = me
			}
			continue
		}
		o.nargs = len(args)
		a.emit(d, o, col)
		return
	}
	if !countOK {
		forms := make([]string, 0, len(defs))
		for _, d := range defs {
			forms = append(forms, strings.TrimSpace(name+" "+describeArgs(d.args)))
		}
		a.errorf(col, "wrong number of operands for %s: got %d, want %s", name, len(args), strings.Join(uniq(forms), " | "))
		return
	}
	a.errorf(best.err.col, "%s", best.err.msg)
}

func uniq(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range s {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

var argNames = map[string]string{
	"d": "rd", "s": "rs1", "t": "rs2", "D": "frd", "S": "frs1", "T": "frs2", "R": "frs3", "U": "frs",
	"j": "imm", "o(s)": "offset(rs1)", "q(s)": "offset(rs1)", "0(s)": "(rs1)", ">": "shamt", "<": "shamt",
	"u": "imm20", "p": "label", "a": "label", "E": "csr", "Z": "uimm5", "P": "pred", "Q": "succ",
	"m": "[rm]", "c": "symbol", "A": "symbol", "I": "imm", "Ci": "imm", "Cu": "uimm",
	"Cm(s)": "offset(rs1')", "Cm(Cs)": "offset(rs1')", "Cm(Cc)": "offset(sp)", "Cs": "rd'", "Ct": "rs2'", "Cc": "sp", "CT": "frs2'",
}

func describeArgs(args []string) string {
	parts := make([]string, len(args))
	for i, x := range args {
		if n, ok := argNames[x]; ok {
			parts[i] = n
		} else {
			parts[i] = x
		}
	}
	return strings.Join(parts, ", ")
}

func (a *assembler) matchOps(d *instDef, args []operand) (*ops, *matchErr) {
	o := newOps()
	for i, spec := range d.args {
		if i >= len(args) {
			break // the optional rounding mode
		}
		if err := a.operand(d, spec, args[i], o); err != nil {
			return nil, &matchErr{score: i*2 + err.prio(), err: err.pe}
		}
	}
	return o, nil
}

// opErr is an operand error; a value error (right kind, bad value) ranks
// above a kind error so that "immediate out of range" wins over "expected
// a register" from another form of the same mnemonic.
type opErr struct {
	pe    *posErr
	value bool
}

func (e *opErr) prio() int {
	if e.value {
		return 1
	}
	return 0
}

func kindErr(col int, f string, args ...any) *opErr { return &opErr{pe: errAt(col, f, args...)} }
func valErr(col int, f string, args ...any) *opErr {
	return &opErr{pe: errAt(col, f, args...), value: true}
}

func (a *assembler) gpr(op operand) (int, *opErr) {
	if r, ok := gprByName[op.text]; ok {
		return r, nil
	}
	if looksLikeReg(op.text) {
		return 0, valErr(op.col, "unknown register '%s'", op.text)
	}
	if _, ok := fprByName[op.text]; ok {
		return 0, kindErr(op.col, "expected an integer register, got float register '%s'", op.text)
	}
	return 0, kindErr(op.col, "expected an integer register, got '%s'", op.text)
}

func (a *assembler) fpr(op operand) (int, *opErr) {
	if r, ok := fprByName[op.text]; ok {
		return r, nil
	}
	if _, ok := gprByName[op.text]; ok {
		return 0, kindErr(op.col, "expected a float register, got integer register '%s'", op.text)
	}
	if looksLikeReg(op.text) {
		return 0, valErr(op.col, "unknown register '%s'", op.text)
	}
	return 0, kindErr(op.col, "expected a float register, got '%s'", op.text)
}

func isRegName(s string) bool {
	_, g := gprByName[s]
	_, f := fprByName[s]
	return g || f
}

// immediate parses an immediate operand. It returns the constant value (ok)
// or the expression to resolve after layout.
func (a *assembler) immediate(op operand) (int64, *expr, bool, *opErr) {
	if isRegName(op.text) {
		return 0, nil, false, kindErr(op.col, "expected an immediate, got register '%s'", op.text)
	}
	e, err := a.parseExpr(op.text, op.col)
	if err != nil {
		pe := err.(*posErr)
		return 0, nil, false, &opErr{pe: pe, value: true}
	}
	if v, ok := a.constNow(e); ok {
		return v, nil, true, nil
	}
	return 0, e, false, nil
}

// splitMem splits "off(reg)" into the offset text and the register.
func splitMem(op operand) (operand, operand, bool) {
	t := op.text
	if !strings.HasSuffix(t, ")") {
		return operand{}, operand{}, false
	}
	depth := 0
	for i := len(t) - 1; i >= 0; i-- {
		switch t[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				inner := t[i+1 : len(t)-1]
				lead := len(inner) - len(strings.TrimLeft(inner, " \t"))
				off := strings.TrimSpace(t[:i])
				return operand{text: off, col: op.col}, operand{text: strings.TrimSpace(inner), col: op.col + i + 1 + lead}, true
			}
		}
	}
	return operand{}, operand{}, false
}

func (a *assembler) operand(d *instDef, spec string, op operand, o *ops) *opErr {
	switch spec {
	case "d", "s", "t":
		r, err := a.gpr(op)
		if err != nil {
			return err
		}
		setReg(o, spec, r)
	case "Cs", "Ct":
		r, err := a.gpr(op)
		if err != nil {
			return err
		}
		if !isCReg(r) {
			return valErr(op.col, "%s needs a register x8..x15 (s0, s1, a0..a5) here, got '%s'", d.name, op.text)
		}
		if spec == "Cs" {
			o.rd, o.rs1 = r, r
		} else {
			o.rs2 = r
			if o.rd < 0 {
				o.rd = r
			}
		}
	case "Cc":
		r, err := a.gpr(op)
		if err != nil {
			return err
		}
		if r != 2 {
			return valErr(op.col, "%s needs sp here, got '%s'", d.name, op.text)
		}
		if o.rd < 0 {
			o.rd = r
		}
		o.rs1 = r
	case "D", "S", "T", "R", "U", "CT":
		r, err := a.fpr(op)
		if err != nil {
			return err
		}
		switch spec {
		case "D":
			o.rd = r
		case "S":
			o.rs1 = r
		case "T":
			o.rs2 = r
		case "R":
			o.rs3 = r
		case "U":
			o.rs1, o.rs2 = r, r
		case "CT":
			if !isCReg(r) {
				return valErr(op.col, "%s needs a register f8..f15 here, got '%s'", d.name, op.text)
			}
			o.rd, o.rs2 = r, r
		}
	case "o(s)", "q(s)", "0(s)", "Cm(s)", "Cm(Cs)", "Cm(Cc)":
		off, base, ok := splitMem(op)
		if !ok {
			return kindErr(op.col, "expected offset(register), got '%s'", op.text)
		}
		baseSpec := "s"
		if spec == "Cm(Cs)" {
			baseSpec = "Cs"
		} else if spec == "Cm(Cc)" {
			baseSpec = "Cc"
		}
		save := o.rd
		if err := a.operand(d, baseSpec, base, o); err != nil {
			return err
		}
		if baseSpec != "s" {
			o.rd = save
		}
		if off.text == "" {
			off.text = "0"
		}
		imm := map[string]string{"o(s)": "j", "q(s)": "q", "0(s)": "0", "Cm(s)": "Cu", "Cm(Cs)": "Cu", "Cm(Cc)": "Cu"}[spec]
		return a.operand(d, imm, off, o)
	case "0":
		v, e, ok, err := a.immediate(op)
		if err != nil {
			return err
		}
		if !ok || v != 0 {
			_ = e
			return valErr(op.col, "%s takes no offset: write (rs1) or 0(rs1)", d.name)
		}
	case "j", "q", "u", ">", "<", "Z", "Ci", "Cu", "I":
		v, e, ok, err := a.immediate(op)
		if err != nil {
			return err
		}
		o.hasImm, o.immArg, o.immCol = true, spec, op.col
		if e0, _ := a.parseExpr(op.text, op.col); e0 != nil && e0.reloc() != "" {
			o.relocOp = true
		}
		if !ok {
			switch r := e.reloc(); {
			case (spec == "j" || spec == "q") && (r == "lo" || r == "pcrel_lo" || r == ""):
			case spec == "u" && (r == "hi" || r == "pcrel_hi" || r == ""):
			case r != "":
				return valErr(op.col, "%%%s is not allowed in this operand of %s", r, d.name)
			case spec == "I":
				return valErr(op.col, "li needs a constant known here, got '%s' (for an address use la)", op.text)
			default:
				return valErr(op.col, "%s needs a constant here, got '%s'", d.name, op.text)
			}
			o.immE = e
			return nil
		}
		if err := checkRange(d.name, spec, v, op.col); err != nil {
			return err
		}
		o.imm = v
	case "p", "a":
		if isRegName(op.text) {
			return kindErr(op.col, "expected a label, got register '%s'", op.text)
		}
		e, err := a.parseExpr(op.text, op.col)
		if err != nil {
			return &opErr{pe: err.(*posErr), value: true}
		}
		if e.reloc() != "" {
			return valErr(op.col, "%%%s is not allowed in a branch target", e.reloc())
		}
		o.target, o.targetCol = e, op.col
	case "c", "A":
		if isRegName(op.text) {
			return kindErr(op.col, "expected a symbol, got register '%s'", op.text)
		}
		e, err := a.parseExpr(op.text, op.col)
		if err != nil {
			return &opErr{pe: err.(*posErr), value: true}
		}
		o.target, o.targetCol = e, op.col
	case "E":
		if n, ok := csrByName[op.text]; ok {
			o.csr = n
			return nil
		}
		if isRegName(op.text) {
			return kindErr(op.col, "expected a CSR, got register '%s'", op.text)
		}
		v, _, ok, err := a.immediate(op)
		if err != nil {
			return err
		}
		if !ok {
			return valErr(op.col, "unknown CSR '%s'", op.text)
		}
		if v < 0 || v > 0xfff {
			return valErr(op.col, "CSR number %d out of range (0..4095)", v)
		}
		o.csr = int(v)
	case "P", "Q":
		v := 0
		for _, ch := range op.text {
			switch ch {
			case 'i':
				v |= 8
			case 'o':
				v |= 4
			case 'r':
				v |= 2
			case 'w':
				v |= 1
			default:
				return valErr(op.col, "bad fence set '%s' (letters from iorw)", op.text)
			}
		}
		if op.text == "" {
			return valErr(op.col, "empty fence set")
		}
		if spec == "P" {
			o.fence[0] = v
		} else {
			o.fence[1] = v
		}
		o.hasFence = true
	case "m":
		rm, ok := roundingModes[op.text]
		if !ok {
			return valErr(op.col, "unknown rounding mode '%s' (rne, rtz, rdn, rup, rmm, dyn)", op.text)
		}
		o.rm = rm
	default:
		panic("asm: unknown operand spec " + spec)
	}
	return nil
}

func setReg(o *ops, spec string, r int) {
	switch spec {
	case "d":
		o.rd = r
	case "s":
		o.rs1 = r
	case "t":
		o.rs2 = r
	}
}

func checkRange(name, spec string, v int64, col int) *opErr {
	lo, hi := int64(0), int64(0)
	switch spec {
	case "j", "q":
		lo, hi = -2048, 2047
	case "u":
		lo, hi = 0, 0xfffff
	case ">":
		lo, hi = 0, 63
	case "<", "Z":
		lo, hi = 0, 31
	default:
		return nil
	}
	if v < lo || v > hi {
		what := "immediate"
		if spec == ">" || spec == "<" {
			what = "shift amount"
		}
		return valErr(col, "%s %d out of range for %s (%d..%d)", what, v, name, lo, hi)
	}
	return nil
}

// encode32 builds the instruction word of a base entry from its operands;
// a non-constant immediate becomes a fixup on the returned part.
func encode32(d *instDef, o *ops) part {
	w := d.match
	if o.rd >= 0 {
		w |= uint32(o.rd) << 7
	}
	if o.rs1 >= 0 {
		w |= uint32(o.rs1) << 15
	}
	if o.rs2 >= 0 {
		w |= uint32(o.rs2) << 20
	}
	if o.rs3 >= 0 {
		w |= uint32(o.rs3) << 27
	}
	if len(d.args) > 0 && d.args[len(d.args)-1] == "m" {
		rm := o.rm
		if rm < 0 {
			rm = 7
		}
		w |= uint32(rm) << 12
	}
	if o.csr >= 0 {
		w |= uint32(o.csr) << 20
	}
	if o.hasFence {
		w |= uint32(o.fence[0])<<24 | uint32(o.fence[1])<<20
	}
	p := part{size: 4}
	if o.hasImm {
		kind := map[string]fixKind{"j": fxI, "q": fxS, "u": fxU}[o.immArg]
		if o.immE != nil {
			p.fix, p.e, p.col = kind, o.immE, o.immCol
		} else {
			w |= immBits(o.immArg, o.imm)
		}
	}
	p.bits = w
	return p
}

func immBits(arg string, v int64) uint32 {
	switch arg {
	case "j":
		return uint32(v&0xfff) << 20
	case "q":
		return encS(v)
	case "u":
		return uint32(v&0xfffff) << 12
	case ">", "<":
		return uint32(v&0x3f) << 20
	case "Z":
		return uint32(v&31) << 15
	}
	return 0
}

func encS(v int64) uint32 { return uint32(v&0x1f)<<7 | uint32(v>>5&0x7f)<<25 }

func encB(off int64) uint32 {
	return uint32(off>>12&1)<<31 | uint32(off>>5&0x3f)<<25 | uint32(off>>1&0xf)<<8 | uint32(off>>11&1)<<7
}

func encJ(off int64) uint32 {
	return uint32(off>>20&1)<<31 | uint32(off>>1&0x3ff)<<21 | uint32(off>>11&1)<<20 | uint32(off>>12&0xff)<<12
}

// emit turns a matched entry into an item.
func (a *assembler) emit(d *instDef, o *ops, col int) {
	it := &item{kind: itInst, col: col, name: d.name, inst: true}
	switch {
	case d.macro != "":
		if !a.macro(d, o, it) {
			return
		}
	case d.c16:
		p, ok := a.encodeC(d, o, col)
		if !ok {
			return
		}
		it.parts = []part{p}
		a.usedC = true
	case hasArg(d, "p") || hasArg(d, "a"):
		jump := hasArg(d, "a")
		p := encode32(d, o)
		if v, ok := a.constNow(o.target); ok {
			// A numeric target is an absolute address.
			p.e, p.col = &expr{op: 'n', val: v}, o.targetCol
			p.fix = fxB
			if jump {
				p.fix = fxJ
			}
			it.parts = []part{p}
			break
		}
		rx := &relaxInfo{jump: jump, word: p.bits, rs1: o.rs1, target: o.target}
		if a.opts.rvc {
			if jump {
				rx.cOK = d.name == "j"
			} else {
				name := d.name
				rx.cOK = (name == "beq" || name == "bne" || name == "beqz" || name == "bnez") && o.rs2 <= 0 && isCReg(o.rs1)
			}
		}
		rx.length = 4
		if rx.cOK {
			rx.length = 2
		}
		it.kind, it.rx, it.col = itRelax, rx, o.targetCol
	default:
		p := encode32(d, o)
		if p.fix == fxNone && a.opts.rvc {
			if h, ok := a.tryCompress(d.name, o); ok {
				p = part{bits: uint32(h), size: 2}
			}
		}
		it.parts = []part{p}
	}
	for _, p := range it.parts {
		if p.size == 2 {
			a.usedC = true
		}
	}
	a.add(it)
}

func hasArg(d *instDef, s string) bool {
	for _, x := range d.args {
		if x == s {
			return true
		}
	}
	return false
}

func (a *assembler) tryCompress(name string, o *ops) (uint16, bool) {
	rules := compressRules[name]
	if len(rules) == 0 || o.relocOp {
		return 0, false
	}
	v := vals{rd: max(o.rd, 0), rs1: max(o.rs1, 0), rs2: max(o.rs2, 0), imm: o.imm, hasImm: o.hasImm, nargs: o.nargs}
	for _, r := range rules {
		if h, ok := r(v); ok {
			return h, true
		}
	}
	return 0, false
}

// encodeC encodes an explicit compressed instruction; col is the column of
// the mnemonic, where an error without an immediate to blame points.
//
// The HINT encodings GNU as accepts are accepted too (rd = x0 for c.mv,
// c.add, c.slli, c.li, c.lui and c.addi; c.addi with 0; c.nop with an
// immediate; c.slli64, c.srli64, c.srai64): RISC-V reserves them for
// hints, so they execute as no-ops, and code written for GNU uses them.
func (a *assembler) encodeC(d *instDef, o *ops, col int) (part, bool) {
	rd, rs1, rs2, imm := max(o.rd, 0), max(o.rs1, 0), max(o.rs2, 0), o.imm
	if o.immE != nil {
		a.errorf(o.immCol, "%s needs a constant here", d.name)
		return part{}, false
	}
	var h uint16
	ok := true
	hint := ""
	switch d.name {
	case "c.addi4spn":
		h, ok = cAddi4spn(o.rs2, imm)
		hint = "immediate must be a multiple of 4 in 4..1020"
	case "c.fld", "c.ld", "c.fsd", "c.sd":
		h, ok = cLoadStore(uint16(d.match), 8, o.rs2, o.rs1, imm)
		hint = "offset must be a multiple of 8 in 0..248"
	case "c.lw", "c.sw":
		h, ok = cLoadStore(uint16(d.match), 4, o.rs2, o.rs1, imm)
		hint = "offset must be a multiple of 4 in 0..124"
	case "c.nop", "c.ebreak", "c.unimp":
		h = uint16(d.match)
		if o.hasImm {
			// c.nop imm is the HINT c.addi x0, imm.
			h, ok = cImm6(0x0001, 0, imm), imm != 0 && fitsS(imm, 6)
			hint = "immediate must be non-zero and in -32..31"
		}
	case "c.slli64":
		h = uint16(d.match) | uint16(rd)<<7
	case "c.srli64", "c.srai64":
		h = uint16(d.match) | cr(rd)<<7
	case "c.addi":
		h, ok = cAddiHint(rd, imm)
		hint = "immediate must be in -32..31"
	case "c.addiw":
		h, ok = cAddiw(rd, imm)
		hint = "rd must not be zero and the immediate in -32..31"
	case "c.li":
		h, ok = cImm6(0x4001, rd, imm), fitsS(imm, 6)
		hint = "immediate must be in -32..31"
	case "c.addi16sp":
		h, ok = cAddi16sp(imm)
		hint = "immediate must be a non-zero multiple of 16 in -512..496"
	case "c.lui":
		// cLui is also the compression rule, which must not pick the
		// x0 HINT form; written explicitly, x0 is accepted.
		h, ok = cLui(max(rd, 1), imm)
		h = h&^(0x1f<<7) | uint16(rd)<<7
		hint = "rd must not be sp, and the immediate in 1..31 or 0xfffe0..0xfffff"
	case "c.srli", "c.srai":
		h, ok = cShift(uint16(d.match), rd, imm)
		hint = "shift amount must be in 1..63"
	case "c.andi":
		h, ok = cAndi(rd, imm)
		hint = "immediate must be in -32..31"
	case "c.sub", "c.xor", "c.or", "c.and", "c.subw", "c.addw":
		h, ok = cArith(uint16(d.match), o.rs1, o.rs2)
	case "c.slli":
		h, ok = cImm6(0x0002, rd, imm), imm >= 1 && imm <= 63
		hint = "shift amount must be in 1..63"
	case "c.fldsp":
		h, ok = cLoadSP(0x2002, 8, rd, imm, true)
		hint = "offset must be a multiple of 8 in 0..504"
	case "c.lwsp":
		h, ok = cLoadSP(0x4002, 4, rd, imm, false)
		hint = "offset must be a multiple of 4 in 0..252 and rd not zero"
	case "c.ldsp":
		h, ok = cLoadSP(0x6002, 8, rd, imm, false)
		hint = "offset must be a multiple of 8 in 0..504 and rd not zero"
	case "c.jr", "c.jalr":
		h, ok = cJr(uint16(d.match), rs1)
		hint = "the register must not be zero"
	case "c.mv", "c.add":
		ok = rs2 != 0
		h, _ = cReg2(uint16(d.match), rd, rs2)
		hint = "rs2 must not be zero"
	case "c.fsdsp":
		h, ok = cStoreSP(0xa002, 8, rs2, imm)
		hint = "offset must be a multiple of 8 in 0..504"
	case "c.swsp":
		h, ok = cStoreSP(0xc002, 4, rs2, imm)
		hint = "offset must be a multiple of 4 in 0..252"
	case "c.sdsp":
		h, ok = cStoreSP(0xe002, 8, rs2, imm)
		hint = "offset must be a multiple of 8 in 0..504"
	case "c.j":
		return part{bits: d.match, size: 2, fix: fxCJ, e: o.target, col: o.targetCol}, true
	case "c.beqz", "c.bnez":
		return part{bits: d.match | uint32(cr(rs1))<<7, size: 2, fix: fxCB, e: o.target, col: o.targetCol}, true
	default:
		panic("asm: no encoder for " + d.name)
	}
	if !ok {
		msg := fmt.Sprintf("operands do not fit %s", d.name)
		if hint != "" {
			msg += ": " + hint
		}
		c := o.immCol
		if !o.hasImm {
			c = col
		}
		a.errorf(c, "%s", msg)
		return part{}, false
	}
	return part{bits: uint32(h), size: 2}, true
}
