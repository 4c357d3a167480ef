package riscv

// Decoding of the F and D extensions. The rounding-mode field is kept in
// Imm rather than rejected here when it is reserved (5, 6) or dynamic:
// whether rm=7 is legal depends on frm at run time, and objdump prints the
// reserved values as instructions too ("unknown" rounding mode), so the
// check belongs to the executor.

// opFPFirst and opFPLast bound the F/D Ops; the executor sends everything
// in between to execFP.
const (
	opFPFirst = OpFLW
	opFPLast  = OpFCVTDS
)

// fpArith maps funct7>>2 of the rounding arithmetic ops to their single
// Op; the double Op follows the single one by fpDoubleDelta.
var fpArith = [4]Op{OpFADDS, OpFSUBS, OpFMULS, OpFDIVS}

// fpDoubleDelta is the distance from a single-precision OP-FP Op to its
// double-precision twin: the constants are declared in two parallel runs.
const fpDoubleDelta = OpFADDD - OpFADDS

// decodeFP decodes the LOAD-FP, STORE-FP, fused multiply-add and OP-FP
// major opcodes; in has Len and Raw set.
func decodeFP(in Inst, raw uint32) Inst {
	f3 := raw >> 12 & 7
	f7 := raw >> 25
	rs2 := rs2Of(raw)
	switch raw & 0x7f {
	case 0x07: // LOAD-FP
		switch f3 {
		case 2:
			in.Op = OpFLW
		case 3:
			in.Op = OpFLD
		default: // flh, flq, vector loads
			return illegal32(raw)
		}
		in.Rd, in.Rs1, in.Imm = rdOf(raw), rs1Of(raw), immI(raw)
		return in
	case 0x27: // STORE-FP
		switch f3 {
		case 2:
			in.Op = OpFSW
		case 3:
			in.Op = OpFSD
		default:
			return illegal32(raw)
		}
		in.Rs1, in.Rs2, in.Imm = rs1Of(raw), rs2, immS(raw)
		return in
	case 0x43, 0x47, 0x4b, 0x4f: // FMADD, FMSUB, FNMSUB, FNMADD
		var base Op
		switch f7 & 3 {
		case 0:
			base = OpFMADDS
		case 1:
			base = OpFMADDD
		default: // half and quad precision
			return illegal32(raw)
		}
		in.Op = base + Op(raw>>2&3)
		in.Rd, in.Rs1, in.Rs2 = rdOf(raw), rs1Of(raw), rs2
		in.Imm = int64(f3) | int64(raw>>27)<<3
		return in
	}
	// OP-FP.
	in.Rd, in.Rs1, in.Rs2 = rdOf(raw), rs1Of(raw), rs2
	// The fmt field (funct7 bits 1:0) selects S or D; H and Q are other
	// extensions. For fcvt.s.d and fcvt.d.s it names the destination.
	var dbl Op
	switch f7 & 3 {
	case 0:
	case 1:
		dbl = fpDoubleDelta
	default:
		return illegal32(raw)
	}
	switch f7 >> 2 {
	case 0x00, 0x01, 0x02, 0x03: // fadd fsub fmul fdiv
		in.Op, in.Imm = fpArith[f7>>2]+dbl, int64(f3)
	case 0x0b: // fsqrt
		if rs2 != 0 {
			return illegal32(raw)
		}
		in.Op, in.Imm = OpFSQRTS+dbl, int64(f3)
	case 0x04: // fsgnj, fsgnjn, fsgnjx
		if f3 > 2 {
			return illegal32(raw)
		}
		in.Op = OpFSGNJS + Op(f3) + dbl
	case 0x05: // fmin, fmax
		if f3 > 1 {
			return illegal32(raw)
		}
		in.Op = OpFMINS + Op(f3) + dbl
	case 0x08: // fcvt.s.d (0x20, rs2=1), fcvt.d.s (0x21, rs2=0)
		switch {
		case f7 == 0x20 && rs2 == 1:
			in.Op = OpFCVTSD
		case f7 == 0x21 && rs2 == 0:
			in.Op = OpFCVTDS
		default:
			return illegal32(raw)
		}
		in.Imm = int64(f3)
	case 0x14: // fle, flt, feq
		if f3 > 2 {
			return illegal32(raw)
		}
		in.Op = [3]Op{OpFLES, OpFLTS, OpFEQS}[f3] + dbl
	case 0x18: // fcvt.{w,wu,l,lu}.fmt
		if rs2 > 3 {
			return illegal32(raw)
		}
		in.Op, in.Imm = OpFCVTWS+Op(rs2)+dbl, int64(f3)
	case 0x1a: // fcvt.fmt.{w,wu,l,lu}
		if rs2 > 3 {
			return illegal32(raw)
		}
		in.Op, in.Imm = OpFCVTSW+Op(rs2)+dbl, int64(f3)
	case 0x1c: // fmv.x.fmt, fclass
		switch {
		case rs2 == 0 && f3 == 0:
			in.Op = OpFMVXW + dbl
		case rs2 == 0 && f3 == 1:
			in.Op = OpFCLASSS + dbl
		default:
			return illegal32(raw)
		}
	case 0x1e: // fmv.fmt.x
		if rs2 != 0 || f3 != 0 {
			return illegal32(raw)
		}
		in.Op = OpFMVWX + dbl
	default:
		return illegal32(raw)
	}
	return in
}
