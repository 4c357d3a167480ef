package riscv

// Decode turns one fetched instruction into an Inst.
//
// raw is what the hart fetched: if raw&3 != 3 the instruction is a 16-bit
// RVC encoding in the low half and the upper half is ignored (it belongs to
// the next instruction). Decode never fails: encodings this hart does not
// implement and reserved encodings give OpIllegal with Raw set. Len is always set, also for OpIllegal, so a
// disassembler can step over anything.
//
// Decode allocates nothing and consults no maps: it is a pure function of
// raw, which is what lets the hart cache its result per code address.
func Decode(raw uint32) Inst {
	if raw&3 != 3 {
		return decodeCompressed(uint16(raw))
	}
	return decode32(raw)
}

// Field extractors for 32-bit encodings.
func rdOf(raw uint32) uint8  { return uint8(raw>>7) & 31 }
func rs1Of(raw uint32) uint8 { return uint8(raw>>15) & 31 }
func rs2Of(raw uint32) uint8 { return uint8(raw>>20) & 31 }

func immI(raw uint32) int64 { return int64(int32(raw) >> 20) }

func immS(raw uint32) int64 {
	return int64(int32(raw&0xfe000000)>>20) | int64(raw>>7&0x1f)
}

func immB(raw uint32) int64 {
	return int64(int32(raw&0x80000000)>>19) | // imm[12]
		int64(raw&0x80)<<4 | // imm[11]
		int64(raw>>20&0x7e0) | // imm[10:5]
		int64(raw>>7&0x1e) // imm[4:1]
}

func immU(raw uint32) int64 { return int64(int32(raw & 0xfffff000)) }

func immJ(raw uint32) int64 {
	return int64(int32(raw&0x80000000)>>11) | // imm[20]
		int64(raw&0xff000) | // imm[19:12]
		int64(raw>>9&0x800) | // imm[11]
		int64(raw>>20&0x7fe) // imm[10:1]
}

func illegal32(raw uint32) Inst { return Inst{Op: OpIllegal, Len: 4, Raw: raw} }

// Register-form tables indexed by funct3, for OP (0x33) and OP-32 (0x3b)
// with funct7 0, 0x20 and 1. OpIllegal marks a hole.
var (
	opRegF7_00 = [8]Op{OpADD, OpSLL, OpSLT, OpSLTU, OpXOR, OpSRL, OpOR, OpAND}
	opRegF7_20 = [8]Op{OpSUB, OpIllegal, OpIllegal, OpIllegal, OpIllegal, OpSRA, OpIllegal, OpIllegal}
	opRegF7_01 = [8]Op{OpMUL, OpMULH, OpMULHSU, OpMULHU, OpDIV, OpDIVU, OpREM, OpREMU}
	op32F7_00  = [8]Op{OpADDW, OpSLLW, OpIllegal, OpIllegal, OpIllegal, OpSRLW, OpIllegal, OpIllegal}
	op32F7_20  = [8]Op{OpSUBW, OpIllegal, OpIllegal, OpIllegal, OpIllegal, OpSRAW, OpIllegal, OpIllegal}
	op32F7_01  = [8]Op{OpMULW, OpIllegal, OpIllegal, OpIllegal, OpDIVW, OpDIVUW, OpREMW, OpREMUW}
	opLoad     = [8]Op{OpLB, OpLH, OpLW, OpLD, OpLBU, OpLHU, OpLWU, OpIllegal}
	opStore    = [8]Op{OpSB, OpSH, OpSW, OpSD, OpIllegal, OpIllegal, OpIllegal, OpIllegal}
	opBranch   = [8]Op{OpBEQ, OpBNE, OpIllegal, OpIllegal, OpBLT, OpBGE, OpBLTU, OpBGEU}
	opImm      = [8]Op{OpADDI, OpIllegal, OpSLTI, OpSLTIU, OpXORI, OpIllegal, OpORI, OpANDI}
	opCSR      = [8]Op{OpIllegal, OpCSRRW, OpCSRRS, OpCSRRC, OpIllegal, OpCSRRWI, OpCSRRSI, OpCSRRCI}
)

// AMO tables indexed by funct5 (raw>>27); OpIllegal marks encodings of
// other extensions (Zacas, Zabha) or reserved ones. Index 0 of amoD is
// AMOADD.D, so the W table doubles as the validity check.
var (
	amoW = [32]Op{
		0x00: OpAMOADDW, 0x01: OpAMOSWAPW, 0x02: OpLRW, 0x03: OpSCW,
		0x04: OpAMOXORW, 0x08: OpAMOORW, 0x0c: OpAMOANDW,
		0x10: OpAMOMINW, 0x14: OpAMOMAXW, 0x18: OpAMOMINUW, 0x1c: OpAMOMAXUW,
	}
	amoD = [32]Op{
		0x00: OpAMOADDD, 0x01: OpAMOSWAPD, 0x02: OpLRD, 0x03: OpSCD,
		0x04: OpAMOXORD, 0x08: OpAMOORD, 0x0c: OpAMOANDD,
		0x10: OpAMOMIND, 0x14: OpAMOMAXD, 0x18: OpAMOMINUD, 0x1c: OpAMOMAXUD,
	}
)

func decode32(raw uint32) Inst {
	in := Inst{Len: 4, Raw: raw}
	f3 := raw >> 12 & 7
	f7 := raw >> 25
	switch raw & 0x7f {
	case 0x37: // LUI
		in.Op, in.Rd, in.Imm = OpLUI, rdOf(raw), immU(raw)
	case 0x17: // AUIPC
		in.Op, in.Rd, in.Imm = OpAUIPC, rdOf(raw), immU(raw)
	case 0x6f: // JAL
		in.Op, in.Rd, in.Imm = OpJAL, rdOf(raw), immJ(raw)
	case 0x67: // JALR
		if f3 != 0 {
			return illegal32(raw)
		}
		in.Op, in.Rd, in.Rs1, in.Imm = OpJALR, rdOf(raw), rs1Of(raw), immI(raw)
	case 0x63: // BRANCH
		in.Op = opBranch[f3]
		if in.Op == OpIllegal {
			return illegal32(raw)
		}
		in.Rs1, in.Rs2, in.Imm = rs1Of(raw), rs2Of(raw), immB(raw)
	case 0x03: // LOAD
		in.Op = opLoad[f3]
		if in.Op == OpIllegal {
			return illegal32(raw)
		}
		in.Rd, in.Rs1, in.Imm = rdOf(raw), rs1Of(raw), immI(raw)
	case 0x23: // STORE
		in.Op = opStore[f3]
		if in.Op == OpIllegal {
			return illegal32(raw)
		}
		in.Rs1, in.Rs2, in.Imm = rs1Of(raw), rs2Of(raw), immS(raw)
	case 0x13: // OP-IMM
		in.Rd, in.Rs1 = rdOf(raw), rs1Of(raw)
		switch f3 {
		case 1: // SLLI: funct6 must be 0 (other values are Zbb/Zbs)
			if raw>>26 != 0 {
				return illegal32(raw)
			}
			in.Op, in.Imm = OpSLLI, int64(raw>>20&63)
		case 5:
			switch raw >> 26 {
			case 0x00:
				in.Op = OpSRLI
			case 0x10:
				in.Op = OpSRAI
			default:
				return illegal32(raw)
			}
			in.Imm = int64(raw >> 20 & 63)
		default:
			in.Op, in.Imm = opImm[f3], immI(raw)
		}
	case 0x1b: // OP-IMM-32
		in.Rd, in.Rs1 = rdOf(raw), rs1Of(raw)
		switch f3 {
		case 0:
			in.Op, in.Imm = OpADDIW, immI(raw)
		case 1: // funct7 covers shamt[5]: shifts >= 32 are reserved
			if f7 != 0 {
				return illegal32(raw)
			}
			in.Op, in.Imm = OpSLLIW, int64(raw>>20&31)
		case 5:
			switch f7 {
			case 0x00:
				in.Op = OpSRLIW
			case 0x20:
				in.Op = OpSRAIW
			default:
				return illegal32(raw)
			}
			in.Imm = int64(raw >> 20 & 31)
		default:
			return illegal32(raw)
		}
	case 0x33: // OP
		switch f7 {
		case 0x00:
			in.Op = opRegF7_00[f3]
		case 0x20:
			in.Op = opRegF7_20[f3]
		case 0x01:
			in.Op = opRegF7_01[f3]
		}
		if in.Op == OpIllegal {
			return illegal32(raw)
		}
		in.Rd, in.Rs1, in.Rs2 = rdOf(raw), rs1Of(raw), rs2Of(raw)
	case 0x3b: // OP-32
		switch f7 {
		case 0x00:
			in.Op = op32F7_00[f3]
		case 0x20:
			in.Op = op32F7_20[f3]
		case 0x01:
			in.Op = op32F7_01[f3]
		}
		if in.Op == OpIllegal {
			return illegal32(raw)
		}
		in.Rd, in.Rs1, in.Rs2 = rdOf(raw), rs1Of(raw), rs2Of(raw)
	case 0x2f: // AMO
		switch f3 {
		case 2:
			in.Op = amoW[raw>>27]
		case 3:
			in.Op = amoD[raw>>27]
		}
		if in.Op == OpIllegal {
			return illegal32(raw)
		}
		in.Rd, in.Rs1, in.Rs2 = rdOf(raw), rs1Of(raw), rs2Of(raw)
		if (in.Op == OpLRW || in.Op == OpLRD) && in.Rs2 != 0 {
			return illegal32(raw) // LR with rs2 != 0 is reserved
		}
	case 0x0f: // MISC-MEM
		// The spec makes base implementations ignore the reserved fields of
		// FENCE (rd, rs1, unknown fm) and FENCE.I (imm, rs1, rd) so that
		// future finer-grained fences run as full fences: decode them all.
		switch f3 {
		case 0:
			in.Op = OpFENCE
		case 1:
			in.Op = OpFENCEI
		default:
			return illegal32(raw)
		}
	case 0x73: // SYSTEM
		if f3 == 0 {
			switch {
			case raw == 0x00000073:
				in.Op = OpECALL
			case raw == 0x00100073:
				in.Op = OpEBREAK
			case raw == 0x30200073:
				in.Op = OpMRET
			case raw == 0x10200073:
				in.Op = OpSRET
			case raw == 0x10500073:
				in.Op = OpWFI
			case raw&0xfe007fff == 0x12000073:
				in.Op, in.Rs1, in.Rs2 = OpSFENCEVMA, rs1Of(raw), rs2Of(raw)
			default:
				return illegal32(raw)
			}
			return in
		}
		in.Op = opCSR[f3]
		if in.Op == OpIllegal {
			return illegal32(raw)
		}
		in.Rd, in.Rs1, in.Imm = rdOf(raw), rs1Of(raw), int64(raw>>20)
	case 0x07, 0x27, 0x43, 0x47, 0x4b, 0x4f, 0x53: // F and D
		return decodeFP(in, raw)
	default:
		return illegal32(raw)
	}
	return in
}

func illegal16(h uint16) Inst { return Inst{Op: OpIllegal, Len: 2, Raw: uint32(h)} }

// Compressed-field helpers. rd'/rs1'/rs2' name x8..x15.
func cRdP(h uint16) uint8  { return 8 + uint8(h>>2&7) }
func cRs1P(h uint16) uint8 { return 8 + uint8(h>>7&7) }
func cRd(h uint16) uint8   { return uint8(h>>7) & 31 }
func cRs2(h uint16) uint8  { return uint8(h>>2) & 31 }

// cImm6 is the signed 6-bit immediate of CI-format c.addi, c.li, c.andi...:
// imm[5] at bit 12, imm[4:0] at bits 6:2.
func cImm6(h uint16) int64 {
	v := int64(h>>2&31) | int64(h>>12&1)<<5
	return v << 58 >> 58
}

// cShamt is the 6-bit shift amount of c.slli/c.srli/c.srai.
func cShamt(h uint16) int64 { return int64(h>>2&31) | int64(h>>12&1)<<5 }

// decodeCompressed expands an RVC encoding to its base instruction,
// following the RVC chapter of the unprivileged spec (RV64 column).
func decodeCompressed(h uint16) Inst {
	in := Inst{Len: 2, Raw: uint32(h)}
	f3 := h >> 13
	switch h & 3 {
	case 0:
		switch f3 {
		case 0: // C.ADDI4SPN; nzuimm[5:4|9:6|2|3] in bits 12:5
			imm := int64(h>>7&0x30) | int64(h>>1&0x3c0) | int64(h>>4&4) | int64(h>>2&8)
			if imm == 0 { // includes the all-zero halfword (defined illegal)
				return illegal16(h)
			}
			in.Op, in.Rd, in.Rs1, in.Imm = OpADDI, cRdP(h), 2, imm
		case 2: // C.LW; uimm[5:3] bits 12:10, uimm[2] bit 6, uimm[6] bit 5
			in.Op, in.Rd, in.Rs1 = OpLW, cRdP(h), cRs1P(h)
			in.Imm = int64(h>>7&0x38) | int64(h>>4&4) | int64(h<<1&0x40)
		case 3: // C.LD; uimm[5:3] bits 12:10, uimm[7:6] bits 6:5
			in.Op, in.Rd, in.Rs1 = OpLD, cRdP(h), cRs1P(h)
			in.Imm = int64(h>>7&0x38) | int64(h<<1&0xc0)
		case 6: // C.SW
			in.Op, in.Rs1, in.Rs2 = OpSW, cRs1P(h), cRdP(h)
			in.Imm = int64(h>>7&0x38) | int64(h>>4&4) | int64(h<<1&0x40)
		case 7: // C.SD
			in.Op, in.Rs1, in.Rs2 = OpSD, cRs1P(h), cRdP(h)
			in.Imm = int64(h>>7&0x38) | int64(h<<1&0xc0)
		case 1: // C.FLD; uimm[5:3] bits 12:10, uimm[7:6] bits 6:5
			in.Op, in.Rd, in.Rs1 = OpFLD, cRdP(h), cRs1P(h)
			in.Imm = int64(h>>7&0x38) | int64(h<<1&0xc0)
		case 5: // C.FSD
			in.Op, in.Rs1, in.Rs2 = OpFSD, cRs1P(h), cRdP(h)
			in.Imm = int64(h>>7&0x38) | int64(h<<1&0xc0)
		default: // 100 reserved (Zcb)
			return illegal16(h)
		}
	case 1:
		switch f3 {
		case 0: // C.ADDI (rd=0: C.NOP or HINT; imm=0: HINT)
			rd := cRd(h)
			in.Op, in.Rd, in.Rs1, in.Imm = OpADDI, rd, rd, cImm6(h)
		case 1: // C.ADDIW; rd=0 reserved
			rd := cRd(h)
			if rd == 0 {
				return illegal16(h)
			}
			in.Op, in.Rd, in.Rs1, in.Imm = OpADDIW, rd, rd, cImm6(h)
		case 2: // C.LI (rd=0 HINT)
			in.Op, in.Rd, in.Imm = OpADDI, cRd(h), cImm6(h)
		case 3:
			rd := cRd(h)
			if rd == 2 { // C.ADDI16SP; nzimm[9] bit 12, [4|6|8:7|5] bits 6:2
				imm := int64(h>>3&0x200) | int64(h>>2&0x10) | int64(h<<1&0x40) |
					int64(h<<4&0x180) | int64(h<<3&0x20)
				imm = imm << 54 >> 54
				if imm == 0 {
					return illegal16(h)
				}
				in.Op, in.Rd, in.Rs1, in.Imm = OpADDI, 2, 2, imm
				return in
			}
			// C.LUI; nzimm[17] bit 12, nzimm[16:12] bits 6:2; rd=0 HINT
			imm := cImm6(h)
			if imm == 0 {
				return illegal16(h)
			}
			in.Op, in.Rd, in.Imm = OpLUI, rd, imm<<12
		case 4:
			rd := cRs1P(h)
			in.Rd, in.Rs1 = rd, rd
			switch h >> 10 & 3 {
			case 0: // C.SRLI (shamt 0 is a HINT on RV64)
				in.Op, in.Imm = OpSRLI, cShamt(h)
			case 1: // C.SRAI
				in.Op, in.Imm = OpSRAI, cShamt(h)
			case 2: // C.ANDI
				in.Op, in.Imm = OpANDI, cImm6(h)
			case 3:
				in.Rs2 = cRdP(h)
				sel := h >> 5 & 3
				if h&0x1000 == 0 {
					in.Op = [4]Op{OpSUB, OpXOR, OpOR, OpAND}[sel]
				} else {
					if sel >= 2 { // reserved (Zcb c.mul etc.)
						return illegal16(h)
					}
					in.Op = [2]Op{OpSUBW, OpADDW}[sel]
				}
			}
		case 5: // C.J; offset[11|4|9:8|10|6|7|3:1|5] in bits 12:2
			in.Op, in.Imm = OpJAL, cjOffset(h)
		case 6, 7: // C.BEQZ, C.BNEZ; offset[8|4:3] bits 12:10, [7:6|2:1|5] bits 6:2
			imm := int64(h>>4&0x100) | int64(h>>7&0x18) | int64(h<<1&0xc0) |
				int64(h>>2&6) | int64(h<<3&0x20)
			in.Op, in.Rs1, in.Imm = OpBEQ, cRs1P(h), imm<<55>>55
			if f3 == 7 {
				in.Op = OpBNE
			}
		}
	case 2:
		rd := cRd(h)
		switch f3 {
		case 0: // C.SLLI (rd=0 or shamt=0: HINT)
			in.Op, in.Rd, in.Rs1, in.Imm = OpSLLI, rd, rd, cShamt(h)
		case 2: // C.LWSP; uimm[5] bit 12, uimm[4:2|7:6] bits 6:2; rd=0 reserved
			if rd == 0 {
				return illegal16(h)
			}
			in.Op, in.Rd, in.Rs1 = OpLW, rd, 2
			in.Imm = int64(h>>7&0x20) | int64(h>>2&0x1c) | int64(h<<4&0xc0)
		case 3: // C.LDSP; uimm[5] bit 12, uimm[4:3|8:6] bits 6:2; rd=0 reserved
			if rd == 0 {
				return illegal16(h)
			}
			in.Op, in.Rd, in.Rs1 = OpLD, rd, 2
			in.Imm = int64(h>>7&0x20) | int64(h>>2&0x18) | int64(h<<4&0x1c0)
		case 4:
			rs2 := cRs2(h)
			switch {
			case h&0x1000 == 0 && rs2 == 0: // C.JR; rs1=0 reserved
				if rd == 0 {
					return illegal16(h)
				}
				in.Op, in.Rs1 = OpJALR, rd
			case h&0x1000 == 0: // C.MV (rd=0 HINT)
				in.Op, in.Rd, in.Rs2 = OpADD, rd, rs2
			case rd == 0 && rs2 == 0: // C.EBREAK
				in.Op = OpEBREAK
			case rs2 == 0: // C.JALR
				in.Op, in.Rd, in.Rs1 = OpJALR, 1, rd
			default: // C.ADD (rd=0 HINT)
				in.Op, in.Rd, in.Rs1, in.Rs2 = OpADD, rd, rd, rs2
			}
		case 6: // C.SWSP; uimm[5:2|7:6] bits 12:7
			in.Op, in.Rs1, in.Rs2 = OpSW, 2, cRs2(h)
			in.Imm = int64(h>>7&0x3c) | int64(h>>1&0xc0)
		case 7: // C.SDSP; uimm[5:3|8:6] bits 12:7
			in.Op, in.Rs1, in.Rs2 = OpSD, 2, cRs2(h)
			in.Imm = int64(h>>7&0x38) | int64(h>>1&0x1c0)
		case 1: // C.FLDSP; uimm[5] bit 12, uimm[4:3|8:6] bits 6:2 (rd=0 allowed)
			in.Op, in.Rd, in.Rs1 = OpFLD, rd, 2
			in.Imm = int64(h>>7&0x20) | int64(h>>2&0x18) | int64(h<<4&0x1c0)
		case 5: // C.FSDSP; uimm[5:3|8:6] bits 12:7
			in.Op, in.Rs1, in.Rs2 = OpFSD, 2, cRs2(h)
			in.Imm = int64(h>>7&0x38) | int64(h>>1&0x1c0)
		}
	}
	return in
}

func cjOffset(h uint16) int64 {
	imm := int64(h>>1&0x800) | // [11] bit 12
		int64(h>>7&0x10) | // [4] bit 11
		int64(h>>1&0x300) | // [9:8] bits 10:9
		int64(h<<2&0x400) | // [10] bit 8
		int64(h>>1&0x40) | // [6] bit 7
		int64(h<<1&0x80) | // [7] bit 6
		int64(h>>2&0xe) | // [3:1] bits 5:3
		int64(h<<3&0x20) // [5] bit 2
	return imm << 52 >> 52
}
