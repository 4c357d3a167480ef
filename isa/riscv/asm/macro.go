package asm

// macro expands the multi-instruction pseudo-instructions.
func (a *assembler) macro(d *instDef, o *ops, it *item) bool {
	switch d.macro {
	case "li":
		if o.immE != nil {
			a.errorf(o.immCol, "li needs a constant known here; for an address use la")
			return false
		}
		it.parts = a.li(o.rd, o.imm)
	case "lla":
		if v, ok := a.constIn(o.target, false); ok {
			it.parts = a.loadConst(o.rd, v)
			return true
		}
		it.parts = []part{
			{bits: 0x17 | uint32(o.rd)<<7, size: 4, fix: fxU, e: &expr{op: 'r', name: "pcrel_hi", x: o.target}, col: o.targetCol},
			{bits: 0x13 | uint32(o.rd)<<7 | uint32(o.rd)<<15, size: 4, fix: fxLoPrevI, e: o.target, col: o.targetCol},
		}
	case "call", "tail", "jump":
		link, tmp := 1, 1
		switch d.macro {
		case "call":
			if o.rd >= 0 {
				// GNU as's "call rd, sym" builds the address in t1.
				link, tmp = o.rd, 6
			}
		case "tail":
			link, tmp = 0, 6
		case "jump":
			link, tmp = 0, o.rs1
		}
		it.parts = []part{
			{bits: 0x17 | uint32(tmp)<<7, size: 4, fix: fxU, e: &expr{op: 'r', name: "pcrel_hi", x: o.target}, col: o.targetCol},
			{bits: 0x67 | uint32(link)<<7 | uint32(tmp)<<15, size: 4, fix: fxLoPrevI, e: o.target, col: o.targetCol},
		}
	case "loadsym", "loadsymf":
		tmp := o.rd
		if d.macro == "loadsymf" {
			tmp = o.rs1
		}
		it.parts = []part{
			{bits: 0x17 | uint32(tmp)<<7, size: 4, fix: fxU, e: &expr{op: 'r', name: "pcrel_hi", x: o.target}, col: o.targetCol},
			{bits: d.match | uint32(o.rd)<<7 | uint32(tmp)<<15, size: 4, fix: fxLoPrevI, e: o.target, col: o.targetCol},
		}
	case "storesym":
		it.parts = []part{
			{bits: 0x17 | uint32(o.rs1)<<7, size: 4, fix: fxU, e: &expr{op: 'r', name: "pcrel_hi", x: o.target}, col: o.targetCol},
			{bits: d.match | uint32(o.rs2)<<20 | uint32(o.rs1)<<15, size: 4, fix: fxLoPrevS, e: o.target, col: o.targetCol},
		}
	case "ext":
		// Without Zbb, GNU as widens a narrow value with a shift pair
		// (riscv_ext): left to the top, then back, logical for zext and
		// arithmetic for sext; each shift is compressed on its own.
		width := map[string]int64{"zext.h": 16, "zext.w": 32, "sext.b": 8, "sext.h": 16}[d.name]
		name, match := "srli", uint32(0x5013)
		if d.name[0] == 's' {
			name, match = "srai", 0x40005013
		}
		it.parts = []part{
			a.simple("slli", 0x1013, o.rd, o.rs1, 64-width, ">"),
			a.simple(name, match, o.rd, o.rd, 64-width, ">"),
		}
	default:
		panic("asm: unknown macro " + d.macro)
	}
	return true
}

// li expands "li rd, v" exactly as GNU as does: its table first tries
// c.lui, c.li and addi rd, zero, v; larger values go to load_const.
func (a *assembler) li(rd int, v int64) []part {
	if a.opts.rvc {
		if v == int64(int32(v)) && v&0xfff == 0 {
			if h, ok := cLui(rd, (v>>12)&0xfffff); ok {
				return []part{{bits: uint32(h), size: 2}}
			}
		}
		if h, ok := cLi(rd, v); ok {
			return []part{{bits: uint32(h), size: 2}}
		}
	}
	if v >= -2048 && v < 2048 {
		return []part{{bits: 0x13 | uint32(rd)<<7 | uint32(v&0xfff)<<20, size: 4}}
	}
	return a.loadConst(rd, v)
}

// loadConst is gas's load_const: a 32-bit signed value is lui + addiw;
// a wider one is built recursively from its upper part, shifted left and
// adjusted with addi. Each instruction goes through the normal assembler,
// so it is compressed when it can be.
func (a *assembler) loadConst(rd int, v int64) []part {
	lower := lo12(v)
	upper := v - lower
	var out []part
	if v != int64(int32(v)) {
		shift := 12
		for (uint64(upper)>>uint(shift))&1 == 0 {
			shift++
		}
		out = a.loadConst(rd, upper>>uint(shift))
		out = append(out, a.simple("slli", 0x1013, rd, rd, int64(shift), ">"))
		if lower != 0 {
			out = append(out, a.simple("addi", 0x13, rd, rd, lower, "j"))
		}
		return out
	}
	hiReg := 0
	if upper != 0 {
		out = append(out, a.simple("lui", 0x37, rd, -1, int64(uint32(upper)>>12), "u"))
		hiReg = rd
	}
	if lower != 0 || hiReg == 0 {
		out = append(out, a.simple("addiw", 0x1b, rd, hiReg, lower, "j"))
	}
	return out
}

// simple assembles one base instruction with constant operands, compressed
// when the current options allow.
func (a *assembler) simple(name string, match uint32, rd, rs1 int, imm int64, arg string) part {
	o := newOps()
	o.rd, o.rs1, o.imm, o.hasImm, o.immArg, o.nargs = rd, rs1, imm, true, arg, 3
	if a.opts.rvc {
		if h, ok := a.tryCompress(name, o); ok {
			return part{bits: uint32(h), size: 2}
		}
	}
	d := &instDef{name: name, match: match}
	return encode32(d, o)
}
