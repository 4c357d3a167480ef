package asm

// This file holds the RV64C encoders and the automatic compression rules.
// GNU as compresses by trying, for each mnemonic, a list of compressed
// aliases before the base form; the lists below copy those aliases (and
// their order) so that the choice of encoding is byte-identical.

// vals is the operand values of an instruction whose operands are all known.
type vals struct {
	rd, rs1, rs2 int
	imm          int64
	hasImm       bool
	nargs        int // operand count as written; jr/jalr compress only in their one-register form
}

func isCReg(r int) bool { return r >= 8 && r <= 15 }

func cr(r int) uint16 { return uint16(r-8) & 7 }

func bit(v int64, n uint) uint16 { return uint16(v>>n) & 1 }

func bits(v int64, hi, lo uint) uint16 { return uint16(v>>lo) & (1<<(hi-lo+1) - 1) }

func fitsS(v int64, n uint) bool { return v >= -(1<<(n-1)) && v < 1<<(n-1) }

// The encoders check every constraint of the encoding and report false when
// the operands do not fit.

func cAddi4spn(rd int, imm int64) (uint16, bool) {
	if !isCReg(rd) || imm <= 0 || imm >= 1024 || imm%4 != 0 {
		return 0, false
	}
	return 0x0000 | bits(imm, 5, 4)<<11 | bits(imm, 9, 6)<<7 | bit(imm, 2)<<6 | bit(imm, 3)<<5 | cr(rd)<<2, true
}

func cLoadStore(base uint16, scale int64, r, rs1 int, imm int64) (uint16, bool) {
	if !isCReg(r) || !isCReg(rs1) || imm < 0 || imm%scale != 0 {
		return 0, false
	}
	var h uint16
	if scale == 4 {
		if imm >= 128 {
			return 0, false
		}
		h = bits(imm, 5, 3)<<10 | bit(imm, 2)<<6 | bit(imm, 6)<<5
	} else {
		if imm >= 256 {
			return 0, false
		}
		h = bits(imm, 5, 3)<<10 | bits(imm, 7, 6)<<5
	}
	return base | h | cr(rs1)<<7 | cr(r)<<2, true
}

func cImm6(base uint16, rd int, imm int64) uint16 {
	return base | bit(imm, 5)<<12 | uint16(rd)<<7 | bits(imm, 4, 0)<<2
}

func cAddi(rd int, imm int64) (uint16, bool) {
	if rd == 0 || imm == 0 || !fitsS(imm, 6) {
		return 0, false
	}
	return cImm6(0x0001, rd, imm), true
}

// cAddiHint is c.addi as written explicitly: rd = 0 or imm = 0 are hints
// and GNU as accepts them in the explicit form.
func cAddiHint(rd int, imm int64) (uint16, bool) {
	if !fitsS(imm, 6) {
		return 0, false
	}
	return cImm6(0x0001, rd, imm), true
}

func cAddiw(rd int, imm int64) (uint16, bool) {
	if rd == 0 || !fitsS(imm, 6) {
		return 0, false
	}
	return cImm6(0x2001, rd, imm), true
}

func cLi(rd int, imm int64) (uint16, bool) {
	if rd == 0 || !fitsS(imm, 6) {
		return 0, false
	}
	return cImm6(0x4001, rd, imm), true
}

func cAddi16sp(imm int64) (uint16, bool) {
	if imm == 0 || imm%16 != 0 || imm < -512 || imm > 496 {
		return 0, false
	}
	return 0x6101 | bit(imm, 9)<<12 | bit(imm, 4)<<6 | bit(imm, 6)<<5 | bits(imm, 8, 7)<<3 | bit(imm, 5)<<2, true
}

// cLui takes the 20-bit lui immediate (0..0xfffff).
func cLui(rd int, imm int64) (uint16, bool) {
	if rd == 0 || rd == 2 {
		return 0, false
	}
	if !(imm > 0 && imm < 32) && !(imm >= 0xfffe0 && imm <= 0xfffff) {
		return 0, false
	}
	return cImm6(0x6001, rd, imm), true
}

func cShift(base uint16, rd int, sh int64) (uint16, bool) {
	if !isCReg(rd) || sh <= 0 || sh > 63 {
		return 0, false
	}
	return base | bit(sh, 5)<<12 | cr(rd)<<7 | bits(sh, 4, 0)<<2, true
}

func cAndi(rd int, imm int64) (uint16, bool) {
	if !isCReg(rd) || !fitsS(imm, 6) {
		return 0, false
	}
	return 0x8801 | bit(imm, 5)<<12 | cr(rd)<<7 | bits(imm, 4, 0)<<2, true
}

func cArith(base uint16, rd, rs2 int) (uint16, bool) {
	if !isCReg(rd) || !isCReg(rs2) {
		return 0, false
	}
	return base | cr(rd)<<7 | cr(rs2)<<2, true
}

func cSlli(rd int, sh int64) (uint16, bool) {
	if rd == 0 || sh <= 0 || sh > 63 {
		return 0, false
	}
	return cImm6(0x0002, rd, sh), true
}

func cLoadSP(base uint16, scale int64, rd int, imm int64, fp bool) (uint16, bool) {
	if (!fp && rd == 0) || imm < 0 || imm%scale != 0 || imm >= 64*scale {
		return 0, false
	}
	var h uint16
	if scale == 4 {
		h = bit(imm, 5)<<12 | bits(imm, 4, 2)<<4 | bits(imm, 7, 6)<<2
	} else {
		h = bit(imm, 5)<<12 | bits(imm, 4, 3)<<5 | bits(imm, 8, 6)<<2
	}
	return base | h | uint16(rd)<<7, true
}

func cStoreSP(base uint16, scale int64, rs2 int, imm int64) (uint16, bool) {
	if imm < 0 || imm%scale != 0 || imm >= 64*scale {
		return 0, false
	}
	var h uint16
	if scale == 4 {
		h = bits(imm, 5, 2)<<9 | bits(imm, 7, 6)<<7
	} else {
		h = bits(imm, 5, 3)<<10 | bits(imm, 8, 6)<<7
	}
	return base | h | uint16(rs2)<<2, true
}

func cReg2(base uint16, r1, r2 int) (uint16, bool) {
	return base | uint16(r1)<<7 | uint16(r2)<<2, true
}

func cMv(rd, rs2 int) (uint16, bool) {
	if rd == 0 || rs2 == 0 {
		return 0, false
	}
	return cReg2(0x8002, rd, rs2)
}

func cAdd(rd, rs2 int) (uint16, bool) {
	if rd == 0 || rs2 == 0 {
		return 0, false
	}
	return cReg2(0x9002, rd, rs2)
}

func cJr(base uint16, rs1 int) (uint16, bool) {
	if rs1 == 0 {
		return 0, false
	}
	return base | uint16(rs1)<<7, true
}

// encCB and encCJ place a branch/jump offset in a c.beqz/c.bnez or c.j word.
func encCB(off int64) uint16 {
	return bit(off, 8)<<12 | bits(off, 4, 3)<<10 | bits(off, 7, 6)<<5 | bits(off, 2, 1)<<3 | bit(off, 5)<<2
}

func encCJ(off int64) uint16 {
	return bit(off, 11)<<12 | bit(off, 4)<<11 | bits(off, 9, 8)<<9 | bit(off, 10)<<8 |
		bit(off, 6)<<7 | bit(off, 7)<<6 | bits(off, 3, 1)<<3 | bit(off, 5)<<2
}

type cand func(v vals) (uint16, bool)

// compressRules gives, per mnemonic, the compressed aliases GNU as tries.
// Only instructions whose operands are all constants get here.
var compressRules = map[string][]cand{
	"addi": {
		func(v vals) (uint16, bool) {
			return ifOK(v.rs1 == 2, func() (uint16, bool) { return cAddi4spn(v.rd, v.imm) })
		},
		func(v vals) (uint16, bool) {
			return ifOK(v.rd == v.rs1, func() (uint16, bool) { return cAddi(v.rd, v.imm) })
		},
		func(v vals) (uint16, bool) { return ifOK(v.rd == 0 && v.rs1 == 0 && v.imm == 0, cNop) },
		func(v vals) (uint16, bool) {
			return ifOK(v.rd == 2 && v.rs1 == 2, func() (uint16, bool) { return cAddi16sp(v.imm) })
		},
		func(v vals) (uint16, bool) {
			return ifOK(v.rs1 == 0, func() (uint16, bool) { return cLi(v.rd, v.imm) })
		},
		func(v vals) (uint16, bool) {
			return ifOK(v.imm == 0, func() (uint16, bool) { return cMv(v.rd, v.rs1) })
		},
	},
	"add": {
		func(v vals) (uint16, bool) {
			return ifOK(!v.hasImm && v.rd == v.rs1, func() (uint16, bool) { return cAdd(v.rd, v.rs2) })
		},
		func(v vals) (uint16, bool) {
			return ifOK(!v.hasImm && v.rd == v.rs2, func() (uint16, bool) { return cAdd(v.rd, v.rs1) })
		},
		func(v vals) (uint16, bool) {
			return ifOK(v.hasImm && v.rd == v.rs1, func() (uint16, bool) { return cAddiHintNZ(v.rd, v.imm) })
		},
		func(v vals) (uint16, bool) {
			return ifOK(v.hasImm && v.rs1 == 2, func() (uint16, bool) { return cAddi4spn(v.rd, v.imm) })
		},
		func(v vals) (uint16, bool) {
			return ifOK(v.hasImm && v.rd == 2 && v.rs1 == 2, func() (uint16, bool) { return cAddi16sp(v.imm) })
		},
		func(v vals) (uint16, bool) {
			return ifOK(!v.hasImm && v.rs1 == 0, func() (uint16, bool) { return cMv(v.rd, v.rs2) })
		},
	},
	"mv":    {func(v vals) (uint16, bool) { return cMv(v.rd, v.rs1) }},
	"move":  {func(v vals) (uint16, bool) { return cMv(v.rd, v.rs1) }},
	"lui":   {func(v vals) (uint16, bool) { return cLui(v.rd, v.imm) }},
	"andi":  {andiRule},
	"and":   {arithRule(0x8c61, true), andiRule},
	"or":    {arithRule(0x8c41, true)},
	"xor":   {arithRule(0x8c21, true)},
	"sub":   {arithRule(0x8c01, false)},
	"subw":  {arithRule(0x9c01, false)},
	"addw":  {arithRule(0x9c21, true), addiwRule},
	"addiw": {addiwRule},
	"sext.w": {func(v vals) (uint16, bool) {
		return ifOK(v.rd == v.rs1, func() (uint16, bool) { return cAddiw(v.rd, 0) })
	}},
	"slli": {slliRule},
	"sll":  {slliRule},
	"srli": {shiftRule(0x8001)},
	"srl":  {shiftRule(0x8001)},
	"srai": {shiftRule(0x8401)},
	"sra":  {shiftRule(0x8401)},
	// Only the bare-register form compresses: GNU keeps "jr 0(t0)" and
	// "jalr (a0)" 4 bytes long, and an offset cannot be compressed at all.
	"jr": {func(v vals) (uint16, bool) {
		return ifOK(v.nargs == 1 && !v.hasImm, func() (uint16, bool) { return cJr(0x8002, v.rs1) })
	}},
	"jalr": {func(v vals) (uint16, bool) {
		return ifOK(v.nargs == 1 && !v.hasImm, func() (uint16, bool) { return cJr(0x9002, v.rs1) })
	}},
	"ret":    {func(vals) (uint16, bool) { return 0x8082, true }},
	"nop":    {cNopV},
	"unimp":  {func(vals) (uint16, bool) { return 0x0000, true }},
	"ebreak": {func(vals) (uint16, bool) { return 0x9002, true }},
	"lw": {
		func(v vals) (uint16, bool) {
			return ifOK(v.rs1 == 2, func() (uint16, bool) { return cLoadSP(0x4002, 4, v.rd, v.imm, false) })
		},
		func(v vals) (uint16, bool) { return cLoadStore(0x4000, 4, v.rd, v.rs1, v.imm) },
	},
	"ld": {
		func(v vals) (uint16, bool) {
			return ifOK(v.rs1 == 2, func() (uint16, bool) { return cLoadSP(0x6002, 8, v.rd, v.imm, false) })
		},
		func(v vals) (uint16, bool) { return cLoadStore(0x6000, 8, v.rd, v.rs1, v.imm) },
	},
	"fld": {
		func(v vals) (uint16, bool) {
			return ifOK(v.rs1 == 2, func() (uint16, bool) { return cLoadSP(0x2002, 8, v.rd, v.imm, true) })
		},
		func(v vals) (uint16, bool) { return cLoadStore(0x2000, 8, v.rd, v.rs1, v.imm) },
	},
	"sw": {
		func(v vals) (uint16, bool) {
			return ifOK(v.rs1 == 2, func() (uint16, bool) { return cStoreSP(0xc002, 4, v.rs2, v.imm) })
		},
		func(v vals) (uint16, bool) { return cLoadStore(0xc000, 4, v.rs2, v.rs1, v.imm) },
	},
	"sd": {
		func(v vals) (uint16, bool) {
			return ifOK(v.rs1 == 2, func() (uint16, bool) { return cStoreSP(0xe002, 8, v.rs2, v.imm) })
		},
		func(v vals) (uint16, bool) { return cLoadStore(0xe000, 8, v.rs2, v.rs1, v.imm) },
	},
	"fsd": {
		func(v vals) (uint16, bool) {
			return ifOK(v.rs1 == 2, func() (uint16, bool) { return cStoreSP(0xa002, 8, v.rs2, v.imm) })
		},
		func(v vals) (uint16, bool) { return cLoadStore(0xa000, 8, v.rs2, v.rs1, v.imm) },
	},
}

// cAddiHintNZ is "add rd, rd, imm" -> c.addi, where GNU as accepts imm = 0.
func cAddiHintNZ(rd int, imm int64) (uint16, bool) {
	if rd == 0 || !fitsS(imm, 6) {
		return 0, false
	}
	return cImm6(0x0001, rd, imm), true
}

func ifOK(cond bool, f func() (uint16, bool)) (uint16, bool) {
	if !cond {
		return 0, false
	}
	return f()
}

func cNop() (uint16, bool)      { return 0x0001, true }
func cNopV(vals) (uint16, bool) { return 0x0001, true }
func andiRule(v vals) (uint16, bool) {
	return ifOK(v.hasImm && v.rd == v.rs1, func() (uint16, bool) { return cAndi(v.rd, v.imm) })
}
func addiwRule(v vals) (uint16, bool) {
	return ifOK(v.hasImm && v.rd == v.rs1, func() (uint16, bool) { return cAddiw(v.rd, v.imm) })
}
func slliRule(v vals) (uint16, bool) {
	return ifOK(v.hasImm && v.rd == v.rs1, func() (uint16, bool) { return cSlli(v.rd, v.imm) })
}
func shiftRule(base uint16) cand {
	return func(v vals) (uint16, bool) {
		return ifOK(v.hasImm && v.rd == v.rs1, func() (uint16, bool) { return cShift(base, v.rd, v.imm) })
	}
}

// arithRule is a two-register compressed ALU op; commutative ones also
// accept "op rd, rs2, rd".
func arithRule(base uint16, commutative bool) cand {
	return func(v vals) (uint16, bool) {
		if v.hasImm {
			return 0, false
		}
		if v.rd == v.rs1 {
			if h, ok := cArith(base, v.rd, v.rs2); ok {
				return h, true
			}
		}
		if commutative && v.rd == v.rs2 {
			return cArith(base, v.rd, v.rs1)
		}
		return 0, false
	}
}
