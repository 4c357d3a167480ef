package riscv

import sf "vmcore/isa/riscv/softfloat"

// F/D execution. Everything here runs outside the integer interpreter's
// switch (Run sends the F/D Op range to execFP), so integer code pays
// nothing for it.

// Floating-point CSRs (fflags is declared with the other CSR numbers).
const (
	CSRFrm  = 0x002
	CSRFcsr = 0x003
)

// boxMask is the upper half that NaN-boxes a single in a 64-bit f register.
const boxMask uint64 = 0xffffffff00000000

// canonicalNaNS is binary32's canonical NaN, which a single that is not
// properly NaN-boxed reads as.
const canonicalNaNS uint64 = 0x7fc00000

// unboxS returns the binary32 value of f register contents v: its low
// half when NaN-boxed, the canonical NaN otherwise.
func unboxS(v uint64) uint64 {
	if v&boxMask == boxMask {
		return v &^ boxMask
	}
	return canonicalNaNS
}

// FReg returns f register i's 64 raw bits (a single is NaN-boxed).
func (h *Hart) FReg(i int) uint64 { return h.f[i&31] }

// SetFReg writes f register i's 64 raw bits, as a debugger does; it does
// not change mstatus.FS.
func (h *Hart) SetFReg(i int, v uint64) { h.f[i&31] = v }

// fpDirty records that F/D state changed (mstatus.FS = Dirty).
func (h *Hart) fpDirty() { h.csr.mstatus |= mstatusFS }

// roundingMode resolves an instruction's rm field: 7 takes frm, and the
// reserved values (5, 6 in either place) are illegal.
func (h *Hart) roundingMode(in *Inst) (sf.RoundingMode, bool) {
	rm := uint8(in.Imm & 7)
	if rm == 7 {
		rm = uint8(h.csr.fcsr >> 5 & 7)
	}
	return sf.RoundingMode(rm), rm < 5
}

// execFP executes an F/D instruction. It reports false when it raised an
// exception instead (FS off, reserved rounding mode, a memory fault).
func (h *Hart) execFP(in *Inst) bool {
	if h.csr.mstatus&mstatusFS == 0 {
		h.raise(ExcIllegal, uint64(in.Raw))
		return false
	}
	x, f := &h.x, &h.f
	rd, rs1, rs2 := in.Rd&31, in.Rs1&31, in.Rs2&31
	switch in.Op {
	case OpFLW, OpFLD:
		size := 4
		if in.Op == OpFLD {
			size = 8
		}
		v, ok := h.load(x[rs1]+uint64(in.Imm), size)
		if !ok {
			return false
		}
		if size == 4 {
			v |= boxMask
		}
		f[rd] = v
		h.fpDirty()
		return true
	case OpFSW:
		return h.store(x[rs1]+uint64(in.Imm), 4, f[rs2])
	case OpFSD:
		return h.store(x[rs1]+uint64(in.Imm), 8, f[rs2])
	case OpFMVXW:
		h.SetReg(int(rd), sext32(f[rs1]))
		return true
	case OpFMVXD:
		h.SetReg(int(rd), f[rs1])
		return true
	case OpFMVWX:
		f[rd] = x[rs1] | boxMask
		h.fpDirty()
		return true
	case OpFMVDX:
		f[rd] = x[rs1]
		h.fpDirty()
		return true
	case OpFCLASSS:
		h.SetReg(int(rd), sf.Class(sf.F32, unboxS(f[rs1])))
		return true
	case OpFCLASSD:
		h.SetReg(int(rd), sf.Class(sf.F64, f[rs1]))
		return true
	}

	// Everything else reads its operands in one format (and writes rd in
	// one format) chosen by the Op.
	fm, dbl := sf.F32, false
	switch in.Op {
	case OpFMADDD, OpFMSUBD, OpFNMSUBD, OpFNMADDD, OpFCVTSD:
		dbl = true
	case OpFCVTDS:
	default:
		dbl = in.Op >= OpFADDD && in.Op <= OpFMVDX
	}
	if dbl {
		fm = sf.F64
	}
	rdf := func(r uint8) uint64 {
		if dbl {
			return f[r]
		}
		return unboxS(f[r])
	}
	var res uint64
	var fl sf.Flags
	// writeF is the default: the result goes to f[rd] in format fm.
	writeF, outDbl := true, dbl
	switch in.Op {
	case OpFSGNJS, OpFSGNJD, OpFSGNJNS, OpFSGNJND, OpFSGNJXS, OpFSGNJXD:
		a, b := rdf(rs1), rdf(rs2)
		sign := uint64(1) << 31
		if dbl {
			sign = 1 << 63
		}
		switch in.Op {
		case OpFSGNJS, OpFSGNJD:
			res = a&^sign | b&sign
		case OpFSGNJNS, OpFSGNJND:
			res = a&^sign | ^b&sign
		default:
			res = a ^ b&sign
		}
	case OpFMINS, OpFMIND:
		res, fl = sf.Min(fm, rdf(rs1), rdf(rs2))
	case OpFMAXS, OpFMAXD:
		res, fl = sf.Max(fm, rdf(rs1), rdf(rs2))
	case OpFEQS, OpFEQD, OpFLTS, OpFLTD, OpFLES, OpFLED:
		var t bool
		switch in.Op {
		case OpFEQS, OpFEQD:
			t, fl = sf.Eq(fm, rdf(rs1), rdf(rs2))
		case OpFLTS, OpFLTD:
			t, fl = sf.Lt(fm, rdf(rs1), rdf(rs2))
		default:
			t, fl = sf.Le(fm, rdf(rs1), rdf(rs2))
		}
		res, writeF = b2u(t), false
	default:
		rm, ok := h.roundingMode(in)
		if !ok {
			h.raise(ExcIllegal, uint64(in.Raw))
			return false
		}
		switch in.Op {
		case OpFADDS, OpFADDD:
			res, fl = sf.Add(fm, rdf(rs1), rdf(rs2), rm)
		case OpFSUBS, OpFSUBD:
			res, fl = sf.Sub(fm, rdf(rs1), rdf(rs2), rm)
		case OpFMULS, OpFMULD:
			res, fl = sf.Mul(fm, rdf(rs1), rdf(rs2), rm)
		case OpFDIVS, OpFDIVD:
			res, fl = sf.Div(fm, rdf(rs1), rdf(rs2), rm)
		case OpFSQRTS, OpFSQRTD:
			res, fl = sf.Sqrt(fm, rdf(rs1), rm)
		case OpFMADDS, OpFMSUBS, OpFNMSUBS, OpFNMADDS, OpFMADDD, OpFMSUBD, OpFNMSUBD, OpFNMADDD:
			k := (in.Op - OpFMADDS) % 4 // fmadd, fmsub, fnmsub, fnmadd
			rs3 := uint8(in.Imm>>3) & 31
			res, fl = sf.MulAdd(fm, rdf(rs1), rdf(rs2), rdf(rs3), rm, k >= 2, k == 1 || k == 3)
		case OpFCVTWS, OpFCVTWUS, OpFCVTLS, OpFCVTLUS, OpFCVTWD, OpFCVTWUD, OpFCVTLD, OpFCVTLUD:
			k := sf.IntKind((in.Op - OpFCVTWS) % fpDoubleDelta)
			res, fl = sf.ToInt(fm, rdf(rs1), k, rm)
			writeF = false
		case OpFCVTSW, OpFCVTSWU, OpFCVTSL, OpFCVTSLU, OpFCVTDW, OpFCVTDWU, OpFCVTDL, OpFCVTDLU:
			k := sf.IntKind((in.Op - OpFCVTSW) % fpDoubleDelta)
			res, fl = sf.FromInt(fm, x[rs1], k, rm)
		case OpFCVTSD:
			res, fl = sf.Convert(sf.F64, sf.F32, f[rs1], rm)
			outDbl = false
		case OpFCVTDS:
			res, fl = sf.Convert(sf.F32, sf.F64, unboxS(f[rs1]), rm)
			outDbl = true
		default:
			h.raise(ExcIllegal, uint64(in.Raw))
			return false
		}
	}
	// FS turns Dirty only when F/D state may change: an f register is
	// written or a flag is raised (Spike's rule). So a compare or a
	// conversion to an integer that raises nothing leaves a Clean FS Clean,
	// as on Spike and QEMU. QEMU also leaves it Clean when such an
	// instruction raises a flag; that would let an OS's lazy FP save lose
	// the accrued fcsr flags, so here, as on Spike, it turns Dirty.
	if writeF {
		if !outDbl {
			res |= boxMask
		}
		f[rd] = res
		h.fpDirty()
	} else {
		h.SetReg(int(rd), res)
	}
	if fl != 0 {
		h.csr.fcsr |= uint64(fl)
		h.fpDirty()
	}
	return true
}
