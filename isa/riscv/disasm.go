package riscv

import (
	"strconv"
	"strings"
)

// ABINames are the integer register names GNU objdump prints, by number.
var ABINames = [32]string{
	"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
	"s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
	"a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
	"s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
}

// CSRName returns the name GNU objdump 2.40 prints for CSR n, and false
// for numbers it prints in hex (unknown CSRs, and some newer ones such as
// menvcfg that binutils 2.40 does not know).
func CSRName(n uint16) (string, bool) {
	if n >= 4096 || csrNames[n] == "" {
		return "", false
	}
	return csrNames[n], true
}

// DisasmOptions controls Disasm.
type DisasmOptions struct {
	// NoAliases prints the base instruction, as objdump -M no-aliases does
	// (c.* names for compressed instructions), instead of pseudo-ops.
	NoAliases bool
	// NoFD prints as objdump does for a program whose ISA lacks F and D
	// (objdump reads it from the ELF's .riscv.attributes): F/D encodings
	// as .4byte/.2byte, and the F/D CSRs without the frcsr/fsflags...
	// pseudo-ops.
	NoFD bool
	// NoZihintpause prints FENCE w,0 as objdump does for a program whose
	// ISA (in the ELF's .riscv.attributes) lacks Zihintpause: "fence
	// w,unknown" instead of "pause". objdump decodes pause when the
	// attributes name Zihintpause or are absent (as in the ELFs vmcore's
	// assembler writes), so the default prints "pause".
	NoZihintpause bool
	// Symbol names an address for branch targets and address comments:
	// offset is addr minus the symbol's value (printed "<name+0x..>").
	// When it reports !ok, or is nil, the address prints as objdump prints
	// it for a file without symbols ("0x80000010").
	Symbol func(addr uint64) (name string, offset uint64, ok bool)
	// SymbolValue, when set, is used instead of Symbol and returns the
	// symbol's value rather than an offset, so that a symbol above addr
	// prints as "<name-0x..>": objdump names an address below every symbol
	// after the lowest one.
	SymbolValue func(addr uint64) (name string, value uint64, ok bool)
	// State, when set, carries what objdump remembers from one instruction
	// to the next (lui/auipc results, gp) so that address comments such as
	// "addi a0,a0,16 # 80001010 <buf>" come out the same. Feed it every
	// instruction in address order, like objdump.
	State *DisasmState
}

// DisasmState is objdump's memory across instructions: the value each
// register got from the last lui/auipc whose result has not been used as a
// base yet, and the global pointer (value of __global_pointer$) if known.
// The zero value knows no gp and no pending lui/auipc.
type DisasmState struct {
	hi    [32]uint64
	hiSet uint32 // bit r: hi[r] is valid
	gp    uint64
	hasGP bool
}

// SetGP tells the state the value of __global_pointer$, which objdump uses
// to annotate gp-relative accesses.
func (s *DisasmState) SetGP(gp uint64) { s.gp, s.hasGP = gp, true }

// Reset forgets pending lui/auipc values (the gp is kept).
func (s *DisasmState) Reset() { s.hiSet = 0 }

// DisasmRaw decodes raw (as fetched at pc, see Decode) and disassembles it.
func DisasmRaw(raw uint32, pc uint64, opt DisasmOptions) string {
	return Disasm(Decode(raw), pc, opt)
}

// disasm accumulates one line and the pending address comment.
type disasm struct {
	b        strings.Builder
	opt      *DisasmOptions
	pc       uint64
	comment  bool
	commentV uint64
	st       *DisasmState
}

// Disasm prints in exactly as GNU objdump 2.40 (riscv64-unknown-elf-objdump
// -d, with -M no-aliases when opt.NoAliases) prints it after the encoding
// column: mnemonic, a tab, operands, and objdump's " # addr <sym>" comment
// where objdump gives one. pc is the instruction's address.
func Disasm(in Inst, pc uint64, opt DisasmOptions) string {
	d := disasm{opt: &opt, pc: pc, st: opt.State}
	// Decode never yields register numbers above 31, but an Inst built by
	// hand (a debugger, a fuzzer) may: print, never panic.
	in.Rd, in.Rs1, in.Rs2 = in.Rd&31, in.Rs1&31, in.Rs2&31
	d.inst(in)
	if d.comment {
		d.b.WriteString(" # ")
		d.addr(d.commentV)
	}
	return d.b.String()
}

func (d *disasm) w(parts ...string) {
	for _, p := range parts {
		d.b.WriteString(p)
	}
}

func reg(r uint8) string { return ABINames[r&31] }

func dec(v int64) string { return strconv.FormatInt(v, 10) }

func hex(v uint64) string { return "0x" + strconv.FormatUint(v, 16) }

func (d *disasm) csr(n int64) string {
	if name, ok := CSRName(uint16(n)); ok {
		return name
	}
	return hex(uint64(n))
}

// addr prints an address the way objdump's print_address_func does.
func (d *disasm) addr(a uint64) {
	if d.opt.SymbolValue != nil {
		if name, val, ok := d.opt.SymbolValue(a); ok {
			d.w(strconv.FormatUint(a, 16), " <", name)
			switch {
			case val > a:
				d.w("-", hex(val-a))
			case a > val:
				d.w("+", hex(a-val))
			}
			d.b.WriteByte('>')
			return
		}
	} else if d.opt.Symbol != nil {
		if name, off, ok := d.opt.Symbol(a); ok {
			d.w(strconv.FormatUint(a, 16), " <", name)
			if off != 0 {
				d.w("+", hex(off))
			}
			d.b.WriteByte('>')
			return
		}
	}
	d.w(hex(a))
}

// setHi records a lui/auipc result, as objdump's 'd' operand does.
func (d *disasm) setHi(r uint8, v uint64) {
	if d.st != nil {
		d.st.hi[r] = v
		d.st.hiSet |= 1 << r
	}
}

// maybeAddr mirrors objdump's maybe_print_address: it decides whether an
// access through base with offset gets an address comment.
func (d *disasm) maybeAddr(base uint8, off int64, wide bool) {
	var v uint64
	switch {
	case d.st != nil && d.st.hiSet&(1<<base) != 0:
		if base != 0 {
			v = d.st.hi[base]
		}
		v += uint64(off)
		d.st.hiSet &^= 1 << base
	case base == 3 && d.st != nil && d.st.hasGP:
		v = d.st.gp + uint64(off)
	case base == 4 || base == 0:
		v = uint64(off)
	default:
		return
	}
	if wide {
		v = uint64(int64(int32(v)))
	}
	d.comment, d.commentV = true, v
}

// mem prints "imm(base)".
func (d *disasm) mem(imm int64, base uint8) { d.w(dec(imm), "(", reg(base), ")") }

func (d *disasm) target(off int64) { d.addr(d.pc + uint64(off)) }

// opNames is every Op's mnemonic: the integer ones below and the F/D ones
// of fpNames (a function, not init, so that other package-level tables
// built from Op.String see them all).
var opNames = func() [NumOps]string {
	t := intOpNames
	for i, n := range fpNames {
		t[opFPFirst+Op(i)] = n
	}
	return t
}()

var intOpNames = [NumOps]string{
	OpLUI: "lui", OpAUIPC: "auipc", OpJAL: "jal", OpJALR: "jalr",
	OpBEQ: "beq", OpBNE: "bne", OpBLT: "blt", OpBGE: "bge", OpBLTU: "bltu", OpBGEU: "bgeu",
	OpLB: "lb", OpLH: "lh", OpLW: "lw", OpLD: "ld", OpLBU: "lbu", OpLHU: "lhu", OpLWU: "lwu",
	OpSB: "sb", OpSH: "sh", OpSW: "sw", OpSD: "sd",
	OpADDI: "addi", OpSLTI: "slti", OpSLTIU: "sltiu", OpXORI: "xori", OpORI: "ori", OpANDI: "andi",
	OpSLLI: "slli", OpSRLI: "srli", OpSRAI: "srai",
	OpADDIW: "addiw", OpSLLIW: "slliw", OpSRLIW: "srliw", OpSRAIW: "sraiw",
	OpADD: "add", OpSUB: "sub", OpSLL: "sll", OpSLT: "slt", OpSLTU: "sltu", OpXOR: "xor",
	OpSRL: "srl", OpSRA: "sra", OpOR: "or", OpAND: "and",
	OpADDW: "addw", OpSUBW: "subw", OpSLLW: "sllw", OpSRLW: "srlw", OpSRAW: "sraw",
	OpMUL: "mul", OpMULH: "mulh", OpMULHSU: "mulhsu", OpMULHU: "mulhu",
	OpDIV: "div", OpDIVU: "divu", OpREM: "rem", OpREMU: "remu",
	OpMULW: "mulw", OpDIVW: "divw", OpDIVUW: "divuw", OpREMW: "remw", OpREMUW: "remuw",
	OpLRW: "lr.w", OpSCW: "sc.w", OpAMOSWAPW: "amoswap.w", OpAMOADDW: "amoadd.w",
	OpAMOXORW: "amoxor.w", OpAMOANDW: "amoand.w", OpAMOORW: "amoor.w",
	OpAMOMINW: "amomin.w", OpAMOMAXW: "amomax.w", OpAMOMINUW: "amominu.w", OpAMOMAXUW: "amomaxu.w",
	OpLRD: "lr.d", OpSCD: "sc.d", OpAMOSWAPD: "amoswap.d", OpAMOADDD: "amoadd.d",
	OpAMOXORD: "amoxor.d", OpAMOANDD: "amoand.d", OpAMOORD: "amoor.d",
	OpAMOMIND: "amomin.d", OpAMOMAXD: "amomax.d", OpAMOMINUD: "amominu.d", OpAMOMAXUD: "amomaxu.d",
	OpFENCE: "fence", OpFENCEI: "fence.i",
	OpCSRRW: "csrrw", OpCSRRS: "csrrs", OpCSRRC: "csrrc",
	OpCSRRWI: "csrrwi", OpCSRRSI: "csrrsi", OpCSRRCI: "csrrci",
	OpECALL: "ecall", OpEBREAK: "ebreak", OpMRET: "mret", OpSRET: "sret", OpWFI: "wfi",
	OpSFENCEVMA: "sfence.vma",
}

// String returns the base mnemonic of op ("addi", "lr.w", ...), or
// "illegal" for OpIllegal and out-of-range values.
func (op Op) String() string {
	if op < NumOps && opNames[op] != "" {
		return opNames[op]
	}
	return "illegal"
}

// fenceSet names FENCE predecessor/successor sets as objdump does.
var fenceSet = [16]string{
	"unknown", "w", "r", "rw", "o", "ow", "or", "orw",
	"i", "iw", "ir", "irw", "io", "iow", "ior", "iorw",
}

func (d *disasm) inst(in Inst) {
	if in.Op == OpIllegal || in.Op >= NumOps ||
		d.opt.NoFD && in.Op >= opFPFirst && in.Op <= opFPLast {
		d.illegal(in)
		return
	}
	if in.Len == 2 {
		d.compressed(in)
		return
	}
	alias := !d.opt.NoAliases
	if in.Op >= opFPFirst && in.Op <= opFPLast {
		d.fp(in, alias)
		return
	}
	raw := in.Raw
	name := opNames[in.Op]
	switch in.Op {
	case OpLUI, OpAUIPC:
		v := uint64(in.Imm)
		if in.Op == OpAUIPC {
			v += d.pc
		}
		d.setHi(in.Rd, v)
		d.w(name, "\t", reg(in.Rd), ",", hex(uint64(uint32(in.Imm)>>12)))
	case OpJAL:
		switch {
		case alias && in.Rd == 0:
			d.w("j\t")
		case alias && in.Rd == 1:
			d.w("jal\t")
		default:
			d.w("jal\t", reg(in.Rd), ",")
		}
		d.target(in.Imm)
	case OpJALR:
		d.jalr(in, alias)
	case OpBEQ, OpBNE, OpBLT, OpBGE, OpBLTU, OpBGEU:
		if alias {
			z := ""
			var r uint8
			switch {
			case in.Op == OpBEQ && in.Rs2 == 0:
				z, r = "beqz", in.Rs1
			case in.Op == OpBNE && in.Rs2 == 0:
				z, r = "bnez", in.Rs1
			case in.Op == OpBGE && in.Rs1 == 0:
				z, r = "blez", in.Rs2
			case in.Op == OpBGE && in.Rs2 == 0:
				z, r = "bgez", in.Rs1
			case in.Op == OpBLT && in.Rs2 == 0:
				z, r = "bltz", in.Rs1
			case in.Op == OpBLT && in.Rs1 == 0:
				z, r = "bgtz", in.Rs2
			}
			if z != "" {
				d.w(z, "\t", reg(r), ",")
				d.target(in.Imm)
				return
			}
		}
		d.w(name, "\t", reg(in.Rs1), ",", reg(in.Rs2), ",")
		d.target(in.Imm)
	case OpLB, OpLH, OpLW, OpLD, OpLBU, OpLHU, OpLWU:
		d.maybeAddr(in.Rs1, in.Imm, false)
		d.w(name, "\t", reg(in.Rd), ",")
		d.mem(in.Imm, in.Rs1)
	case OpSB, OpSH, OpSW, OpSD:
		d.maybeAddr(in.Rs1, in.Imm, false)
		d.w(name, "\t", reg(in.Rs2), ",")
		d.mem(in.Imm, in.Rs1)
	case OpADDI:
		switch {
		case alias && in.Rd == 0 && in.Rs1 == 0 && in.Imm == 0:
			d.w("nop")
		case alias && in.Rs1 == 0:
			d.w("li\t", reg(in.Rd), ",", dec(in.Imm))
		case alias && in.Imm == 0:
			d.w("mv\t", reg(in.Rd), ",", reg(in.Rs1))
		default:
			if in.Rs1 != 0 {
				d.maybeAddr(in.Rs1, in.Imm, false)
			}
			if alias {
				name = "add"
			}
			d.w(name, "\t", reg(in.Rd), ",", reg(in.Rs1), ",", dec(in.Imm))
		}
	case OpADDIW:
		if alias && in.Imm == 0 {
			d.w("sext.w\t", reg(in.Rd), ",", reg(in.Rs1))
			return
		}
		if in.Rs1 != 0 {
			d.maybeAddr(in.Rs1, in.Imm, true)
		}
		if alias {
			name = "addw"
		}
		d.w(name, "\t", reg(in.Rd), ",", reg(in.Rs1), ",", dec(in.Imm))
	case OpSLTI, OpSLTIU, OpXORI, OpORI, OpANDI:
		if alias {
			switch {
			case in.Op == OpSLTIU && in.Imm == 1:
				d.w("seqz\t", reg(in.Rd), ",", reg(in.Rs1))
				return
			case in.Op == OpXORI && in.Imm == -1:
				d.w("not\t", reg(in.Rd), ",", reg(in.Rs1))
				return
			case in.Op == OpANDI && in.Imm == 255:
				d.w("zext.b\t", reg(in.Rd), ",", reg(in.Rs1))
				return
			case in.Op == OpXORI, in.Op == OpORI, in.Op == OpANDI:
				name = name[:len(name)-1] // xor, or, and with an immediate
			}
		}
		d.w(name, "\t", reg(in.Rd), ",", reg(in.Rs1), ",", dec(in.Imm))
	case OpSLLI, OpSRLI, OpSRAI, OpSLLIW, OpSRLIW, OpSRAIW:
		if alias { // sll, srl, sra, sllw, srlw, sraw with an immediate
			name = strings.Replace(name, "i", "", 1)
		}
		d.w(name, "\t", reg(in.Rd), ",", reg(in.Rs1), ",", hex(uint64(in.Imm)))
	case OpSUB, OpSUBW, OpSLTU, OpSLT:
		if alias {
			z := ""
			r := in.Rs2
			switch {
			case in.Op == OpSUB && in.Rs1 == 0:
				z = "neg"
			case in.Op == OpSUBW && in.Rs1 == 0:
				z = "negw"
			case in.Op == OpSLTU && in.Rs1 == 0:
				z = "snez"
			case in.Op == OpSLT && in.Rs2 == 0:
				z, r = "sltz", in.Rs1
			case in.Op == OpSLT && in.Rs1 == 0:
				z = "sgtz"
			}
			if z != "" {
				d.w(z, "\t", reg(in.Rd), ",", reg(r))
				return
			}
		}
		d.w(name, "\t", reg(in.Rd), ",", reg(in.Rs1), ",", reg(in.Rs2))
	case OpLRW, OpLRD:
		d.w(name, aqrl(raw), "\t", reg(in.Rd), ",(", reg(in.Rs1), ")")
	case OpSCW, OpSCD, OpAMOSWAPW, OpAMOADDW, OpAMOXORW, OpAMOANDW, OpAMOORW,
		OpAMOMINW, OpAMOMAXW, OpAMOMINUW, OpAMOMAXUW,
		OpAMOSWAPD, OpAMOADDD, OpAMOXORD, OpAMOANDD, OpAMOORD,
		OpAMOMIND, OpAMOMAXD, OpAMOMINUD, OpAMOMAXUD:
		d.w(name, aqrl(raw), "\t", reg(in.Rd), ",", reg(in.Rs2), ",(", reg(in.Rs1), ")")
	case OpFENCE:
		// objdump knows only fm=0 fences with rd=rs1=0, fence.tso and
		// pause (fence w,0 of Zihintpause, an alias even under
		// -M no-aliases: objdump lists it as its own instruction).
		switch {
		case raw == 0x8330000f:
			d.w("fence.tso")
		case raw == 0x0100000f && !d.opt.NoZihintpause:
			d.w("pause")
		case raw&0xf00f8f80 != 0:
			d.illegal(in)
		case alias && raw == 0x0ff0000f:
			d.w("fence")
		default:
			d.w("fence\t", fenceSet[raw>>24&15], ",", fenceSet[raw>>20&15])
		}
	case OpFENCEI:
		if raw != 0x0000100f {
			d.illegal(in)
			return
		}
		d.w(name)
	case OpCSRRW, OpCSRRS, OpCSRRC, OpCSRRWI, OpCSRRSI, OpCSRRCI:
		d.csrInst(in, alias)
	case OpSFENCEVMA:
		switch {
		case alias && in.Rs1 == 0 && in.Rs2 == 0:
			d.w(name)
		case alias && in.Rs2 == 0:
			d.w(name, "\t", reg(in.Rs1))
		default:
			d.w(name, "\t", reg(in.Rs1), ",", reg(in.Rs2))
		}
	case OpECALL, OpEBREAK, OpMRET, OpSRET, OpWFI:
		d.w(name)
	default: // register-register with no alias
		d.w(name, "\t", reg(in.Rd), ",", reg(in.Rs1), ",", reg(in.Rs2))
	}
}

func aqrl(raw uint32) string {
	return [4]string{"", ".rl", ".aq", ".aqrl"}[raw>>25&3]
}

func (d *disasm) jalr(in Inst, alias bool) {
	// objdump consults maybe_print_address once per 's' operand and twice
	// per 'o' operand of jalr; the count matters when a pending lui/auipc
	// value is used up by the first call and gp or tp is the base.
	withOff := func() {
		for i := 0; i < 3; i++ {
			d.maybeAddr(in.Rs1, in.Imm, false)
		}
	}
	if !alias {
		withOff()
		d.w("jalr\t", reg(in.Rd), ",")
		d.mem(in.Imm, in.Rs1)
		return
	}
	switch {
	case in.Rd == 0 && in.Rs1 == 1 && in.Imm == 0:
		d.w("ret")
	case in.Rd == 0 && in.Imm == 0:
		d.maybeAddr(in.Rs1, 0, false)
		d.w("jr\t", reg(in.Rs1))
	case in.Rd == 0:
		withOff()
		d.w("jr\t")
		d.mem(in.Imm, in.Rs1)
	case in.Rd == 1 && in.Imm == 0:
		d.maybeAddr(in.Rs1, 0, false)
		d.w("jalr\t", reg(in.Rs1))
	case in.Rd == 1:
		withOff()
		d.w("jalr\t")
		d.mem(in.Imm, in.Rs1)
	case in.Imm == 0:
		d.maybeAddr(in.Rs1, 0, false)
		d.w("jalr\t", reg(in.Rd), ",", reg(in.Rs1))
	default:
		withOff()
		d.w("jalr\t", reg(in.Rd), ",")
		d.mem(in.Imm, in.Rs1)
	}
}

func (d *disasm) csrInst(in Inst, alias bool) {
	name := opNames[in.Op]
	csr := d.csr(in.Imm)
	imm := in.Op >= OpCSRRWI
	src := reg(in.Rs1)
	if imm {
		src = dec(int64(in.Rs1))
	}
	if in.Raw == 0xc0001073 { // csrrw zero,cycle,zero is objdump's unimp
		d.w("unimp")
		return
	}
	if !alias {
		d.w(name, "\t", reg(in.Rd), ",", csr, ",", src)
		return
	}
	if d.fpCSRAlias(in) {
		return
	}
	if imm {
		name = name[:len(name)-1] // csrrw/csrrs/csrrc with an immediate
	}
	if in.Rd == 0 {
		short := [3]string{"csrw", "csrs", "csrc"}[(in.Op-OpCSRRW)%3]
		if !(in.Op == OpCSRRS && in.Rs1 == 0) {
			d.w(short, "\t", csr, ",", src)
			return
		}
	}
	if in.Op == OpCSRRS && in.Rs1 == 0 {
		switch in.Imm {
		case 0xc00:
			d.w("rdcycle\t", reg(in.Rd))
		case 0xc01:
			d.w("rdtime\t", reg(in.Rd))
		case 0xc02:
			d.w("rdinstret\t", reg(in.Rd))
		default:
			d.w("csrr\t", reg(in.Rd), ",", csr)
		}
		return
	}
	d.w(name, "\t", reg(in.Rd), ",", csr, ",", src)
}

func (d *disasm) illegal(in Inst) {
	if in.Len == 2 {
		if in.Raw&0xffff == 0 {
			if d.opt.NoAliases {
				d.w("c.unimp")
			} else {
				d.w("unimp")
			}
			return
		}
		d.w(".2byte\t", hex(uint64(in.Raw&0xffff)))
		return
	}
	switch in.Raw {
	case 0x00200073: // privileged-spec 1.11 uret, which objdump still knows
		d.w("uret")
	case 0x7b200073: // debug-spec dret
		d.w("dret")
	default:
		d.w(".4byte\t", hex(uint64(in.Raw)))
	}
}

// compressed prints an RVC instruction: objdump's alias form (the expanded
// base instruction or its pseudo-op) by default, the c.* form with
// NoAliases.
func (d *disasm) compressed(in Inst) {
	h := uint16(in.Raw)
	alias := !d.opt.NoAliases
	q, f3 := h&3, h>>13
	switch in.Op {
	case OpADDI:
		switch {
		case q == 0: // c.addi4spn
			if alias {
				d.w("add\t", reg(in.Rd), ",sp,", dec(in.Imm))
			} else {
				d.w("c.addi4spn\t", reg(in.Rd), ",sp,", dec(in.Imm))
			}
		case f3 == 0: // c.addi, c.nop
			if in.Rd != 0 {
				d.maybeAddr(in.Rd, in.Imm, false)
			}
			switch {
			case !alias:
				d.w("c.addi\t", reg(in.Rd), ",", dec(in.Imm))
			case h == 0x0001:
				d.w("nop")
			case in.Rd == 0:
				d.w("c.nop\t", dec(in.Imm))
			default:
				d.w("add\t", reg(in.Rd), ",", reg(in.Rd), ",", dec(in.Imm))
			}
		case f3 == 2: // c.li
			if alias && in.Rd != 0 {
				d.w("li\t", reg(in.Rd), ",", dec(in.Imm))
			} else {
				d.w("c.li\t", reg(in.Rd), ",", dec(in.Imm))
			}
		default: // c.addi16sp
			if alias {
				d.w("add\tsp,sp,", dec(in.Imm))
			} else {
				d.w("c.addi16sp\tsp,", dec(in.Imm))
			}
		}
	case OpADDIW:
		switch {
		case !alias:
			d.maybeAddr(in.Rd, in.Imm, true)
			d.w("c.addiw\t", reg(in.Rd), ",", dec(in.Imm))
		case in.Imm == 0:
			d.w("sext.w\t", reg(in.Rd), ",", reg(in.Rd))
		default:
			d.maybeAddr(in.Rd, in.Imm, true)
			d.w("addw\t", reg(in.Rd), ",", reg(in.Rd), ",", dec(in.Imm))
		}
	case OpLUI:
		d.setHi(in.Rd, uint64(in.Imm))
		v := hex(uint64(in.Imm>>12) & 0xfffff)
		if alias && in.Rd != 0 {
			d.w("lui\t", reg(in.Rd), ",", v)
		} else {
			d.w("c.lui\t", reg(in.Rd), ",", v)
		}
	case OpSLLI, OpSRLI, OpSRAI:
		cname := "c." + opNames[in.Op]
		switch {
		case in.Imm == 0:
			d.w(cname, "64\t", reg(in.Rd))
		case alias && in.Rd != 0:
			d.w(opNames[in.Op][:3], "\t", reg(in.Rd), ",", reg(in.Rd), ",", hex(uint64(in.Imm)))
		default:
			d.w(cname, "\t", reg(in.Rd), ",", hex(uint64(in.Imm)))
		}
	case OpANDI:
		if alias {
			d.w("and\t", reg(in.Rd), ",", reg(in.Rd), ",", dec(in.Imm))
		} else {
			d.w("c.andi\t", reg(in.Rd), ",", dec(in.Imm))
		}
	case OpSUB, OpXOR, OpOR, OpAND, OpSUBW, OpADDW:
		if alias {
			d.w(opNames[in.Op], "\t", reg(in.Rd), ",", reg(in.Rd), ",", reg(in.Rs2))
		} else {
			d.w("c.", opNames[in.Op], "\t", reg(in.Rd), ",", reg(in.Rs2))
		}
	case OpADD:
		mv := h&0x1000 == 0 // c.mv (add rd,x0,rs2) rather than c.add
		switch {
		case mv && alias && in.Rd != 0:
			d.w("mv\t", reg(in.Rd), ",", reg(in.Rs2))
		case mv:
			d.w("c.mv\t", reg(in.Rd), ",", reg(in.Rs2))
		case alias && in.Rd != 0:
			d.w("add\t", reg(in.Rd), ",", reg(in.Rd), ",", reg(in.Rs2))
		default:
			d.w("c.add\t", reg(in.Rd), ",", reg(in.Rs2))
		}
	case OpJAL:
		if alias {
			d.w("j\t")
		} else {
			d.w("c.j\t")
		}
		d.target(in.Imm)
	case OpBEQ, OpBNE:
		if !alias {
			d.w("c.")
		}
		d.w(opNames[in.Op], "z\t", reg(in.Rs1), ",")
		d.target(in.Imm)
	case OpLW, OpLD, OpSW, OpSD, OpFLD, OpFSD:
		r := reg(in.Rd)
		switch in.Op {
		case OpSW, OpSD:
			r = reg(in.Rs2)
		case OpFLD:
			r = freg(in.Rd)
		case OpFSD:
			r = freg(in.Rs2)
		}
		if !alias {
			d.w("c.", opNames[in.Op])
			if q == 2 {
				d.w("sp")
			}
		} else {
			d.w(opNames[in.Op])
		}
		d.w("\t", r, ",")
		d.mem(in.Imm, in.Rs1)
	case OpJALR:
		switch {
		case !alias && in.Rd == 0:
			d.w("c.jr\t", reg(in.Rs1))
		case !alias:
			d.w("c.jalr\t", reg(in.Rs1))
		case in.Rd == 0 && in.Rs1 == 1:
			d.w("ret")
		case in.Rd == 0:
			d.w("jr\t", reg(in.Rs1))
		default:
			d.w("jalr\t", reg(in.Rs1))
		}
	case OpEBREAK:
		if alias {
			d.w("ebreak")
		} else {
			d.w("c.ebreak")
		}
	default:
		d.illegal(in)
	}
}
