package riscv

// FNames are the f register names GNU objdump prints, by number.
var FNames = [32]string{
	"ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7",
	"fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5",
	"fa6", "fa7", "fs2", "fs3", "fs4", "fs5", "fs6", "fs7",
	"fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11",
}

func freg(r uint8) string { return FNames[r&31] }

// rmNames are objdump's rounding-mode operands; the dynamic mode (7) is
// printed by omitting the operand, the reserved ones as "unknown".
var rmNames = [8]string{"rne", "rtz", "rdn", "rup", "rmm", "unknown", "unknown", ""}

var fpNames = [...]string{
	OpFLW - opFPFirst: "flw", OpFLD - opFPFirst: "fld", OpFSW - opFPFirst: "fsw", OpFSD - opFPFirst: "fsd",
	OpFMADDS - opFPFirst: "fmadd.s", OpFMSUBS - opFPFirst: "fmsub.s",
	OpFNMSUBS - opFPFirst: "fnmsub.s", OpFNMADDS - opFPFirst: "fnmadd.s",
	OpFMADDD - opFPFirst: "fmadd.d", OpFMSUBD - opFPFirst: "fmsub.d",
	OpFNMSUBD - opFPFirst: "fnmsub.d", OpFNMADDD - opFPFirst: "fnmadd.d",
	OpFADDS - opFPFirst: "fadd.s", OpFSUBS - opFPFirst: "fsub.s", OpFMULS - opFPFirst: "fmul.s",
	OpFDIVS - opFPFirst: "fdiv.s", OpFSQRTS - opFPFirst: "fsqrt.s",
	OpFSGNJS - opFPFirst: "fsgnj.s", OpFSGNJNS - opFPFirst: "fsgnjn.s", OpFSGNJXS - opFPFirst: "fsgnjx.s",
	OpFMINS - opFPFirst: "fmin.s", OpFMAXS - opFPFirst: "fmax.s",
	OpFCVTWS - opFPFirst: "fcvt.w.s", OpFCVTWUS - opFPFirst: "fcvt.wu.s",
	OpFCVTLS - opFPFirst: "fcvt.l.s", OpFCVTLUS - opFPFirst: "fcvt.lu.s",
	OpFMVXW - opFPFirst: "fmv.x.w", OpFEQS - opFPFirst: "feq.s", OpFLTS - opFPFirst: "flt.s",
	OpFLES - opFPFirst: "fle.s", OpFCLASSS - opFPFirst: "fclass.s",
	OpFCVTSW - opFPFirst: "fcvt.s.w", OpFCVTSWU - opFPFirst: "fcvt.s.wu",
	OpFCVTSL - opFPFirst: "fcvt.s.l", OpFCVTSLU - opFPFirst: "fcvt.s.lu", OpFMVWX - opFPFirst: "fmv.w.x",
	OpFADDD - opFPFirst: "fadd.d", OpFSUBD - opFPFirst: "fsub.d", OpFMULD - opFPFirst: "fmul.d",
	OpFDIVD - opFPFirst: "fdiv.d", OpFSQRTD - opFPFirst: "fsqrt.d",
	OpFSGNJD - opFPFirst: "fsgnj.d", OpFSGNJND - opFPFirst: "fsgnjn.d", OpFSGNJXD - opFPFirst: "fsgnjx.d",
	OpFMIND - opFPFirst: "fmin.d", OpFMAXD - opFPFirst: "fmax.d",
	OpFCVTWD - opFPFirst: "fcvt.w.d", OpFCVTWUD - opFPFirst: "fcvt.wu.d",
	OpFCVTLD - opFPFirst: "fcvt.l.d", OpFCVTLUD - opFPFirst: "fcvt.lu.d",
	OpFMVXD - opFPFirst: "fmv.x.d", OpFEQD - opFPFirst: "feq.d", OpFLTD - opFPFirst: "flt.d",
	OpFLED - opFPFirst: "fle.d", OpFCLASSD - opFPFirst: "fclass.d",
	OpFCVTDW - opFPFirst: "fcvt.d.w", OpFCVTDWU - opFPFirst: "fcvt.d.wu",
	OpFCVTDL - opFPFirst: "fcvt.d.l", OpFCVTDLU - opFPFirst: "fcvt.d.lu", OpFMVDX - opFPFirst: "fmv.d.x",
	OpFCVTSD - opFPFirst: "fcvt.s.d", OpFCVTDS - opFPFirst: "fcvt.d.s",
}

// rmSuffix is the ",rm" operand objdump appends, empty for dyn.
func rmSuffix(in Inst) string {
	if s := rmNames[in.Imm&7]; s != "" {
		return "," + s
	}
	return ""
}

// fp prints a 32-bit F/D instruction.
func (d *disasm) fp(in Inst, alias bool) {
	name := opNames[in.Op]
	switch in.Op {
	case OpFLW, OpFLD:
		d.maybeAddr(in.Rs1, in.Imm, false)
		d.w(name, "\t", freg(in.Rd), ",")
		d.mem(in.Imm, in.Rs1)
	case OpFSW, OpFSD:
		d.maybeAddr(in.Rs1, in.Imm, false)
		d.w(name, "\t", freg(in.Rs2), ",")
		d.mem(in.Imm, in.Rs1)
	case OpFMADDS, OpFMSUBS, OpFNMSUBS, OpFNMADDS, OpFMADDD, OpFMSUBD, OpFNMSUBD, OpFNMADDD:
		d.w(name, "\t", freg(in.Rd), ",", freg(in.Rs1), ",", freg(in.Rs2), ",", freg(uint8(in.Imm>>3)), rmSuffix(in))
	case OpFADDS, OpFSUBS, OpFMULS, OpFDIVS, OpFADDD, OpFSUBD, OpFMULD, OpFDIVD:
		d.w(name, "\t", freg(in.Rd), ",", freg(in.Rs1), ",", freg(in.Rs2), rmSuffix(in))
	case OpFSQRTS, OpFSQRTD, OpFCVTSD:
		d.w(name, "\t", freg(in.Rd), ",", freg(in.Rs1), rmSuffix(in))
	case OpFCVTDS:
		// objdump 2.40 knows only rm=0 for the exact widening
		// conversions (fcvt.d.s, fcvt.d.w, fcvt.d.wu).
		if in.Imm != 0 {
			d.illegal(in)
			return
		}
		d.w(name, "\t", freg(in.Rd), ",", freg(in.Rs1))
	case OpFSGNJS, OpFSGNJNS, OpFSGNJXS, OpFSGNJD, OpFSGNJND, OpFSGNJXD:
		if alias && in.Rs1 == in.Rs2 {
			k := (in.Op - OpFSGNJS) % fpDoubleDelta
			d.w([3]string{"fmv", "fneg", "fabs"}[k], name[len(name)-2:], "\t", freg(in.Rd), ",", freg(in.Rs1))
			return
		}
		d.w(name, "\t", freg(in.Rd), ",", freg(in.Rs1), ",", freg(in.Rs2))
	case OpFMINS, OpFMAXS, OpFMIND, OpFMAXD:
		d.w(name, "\t", freg(in.Rd), ",", freg(in.Rs1), ",", freg(in.Rs2))
	case OpFEQS, OpFLTS, OpFLES, OpFEQD, OpFLTD, OpFLED:
		d.w(name, "\t", reg(in.Rd), ",", freg(in.Rs1), ",", freg(in.Rs2))
	case OpFCVTWS, OpFCVTWUS, OpFCVTLS, OpFCVTLUS, OpFCVTWD, OpFCVTWUD, OpFCVTLD, OpFCVTLUD:
		d.w(name, "\t", reg(in.Rd), ",", freg(in.Rs1), rmSuffix(in))
	case OpFCVTSW, OpFCVTSWU, OpFCVTSL, OpFCVTSLU, OpFCVTDL, OpFCVTDLU:
		d.w(name, "\t", freg(in.Rd), ",", reg(in.Rs1), rmSuffix(in))
	case OpFCVTDW, OpFCVTDWU:
		if in.Imm != 0 {
			d.illegal(in)
			return
		}
		d.w(name, "\t", freg(in.Rd), ",", reg(in.Rs1))
	case OpFMVXW, OpFMVXD, OpFCLASSS, OpFCLASSD:
		d.w(name, "\t", reg(in.Rd), ",", freg(in.Rs1))
	case OpFMVWX, OpFMVDX:
		d.w(name, "\t", freg(in.Rd), ",", reg(in.Rs1))
	default:
		d.illegal(in)
	}
}

// fpCSRAlias prints objdump's pseudo-ops for the F/D CSRs (frcsr, fscsr,
// frrm, fsrm, fsrmi, frflags, fsflags, fsflagsi) and reports whether it
// printed one.
func (d *disasm) fpCSRAlias(in Inst) bool {
	n := in.Imm
	if n < CSRFflags || n > CSRFcsr || d.opt.NoFD {
		return false
	}
	base := [4]string{"", "flags", "rm", "csr"}[n]
	switch {
	case in.Op == OpCSRRS && in.Rs1 == 0:
		d.w("fr", base, "\t", reg(in.Rd))
	case in.Op == OpCSRRW && in.Rd == 0:
		d.w("fs", base, "\t", reg(in.Rs1))
	case in.Op == OpCSRRW:
		d.w("fs", base, "\t", reg(in.Rd), ",", reg(in.Rs1))
	case in.Op == OpCSRRWI && n != CSRFcsr:
		d.w("fs", base, "i\t", reg(in.Rd), ",", dec(int64(in.Rs1)))
	default:
		return false
	}
	return true
}
