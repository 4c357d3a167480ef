package debugger

import (
	"encoding/binary"
	"fmt"

	"vmcore/isa/riscv"
)

// GDB's RISC-V register numbering and feature names (gdb/features/riscv,
// riscv-tdep.h): x0-x31 are 0-31, pc is 32, f0-f31 33-64, CSR n is 65+n,
// and the virtual priv register follows the 4096 CSRs.
const (
	gdbRISCVPC      = 32
	gdbRISCVFPRBase = 33
	gdbRISCVCSRBase = 65
	gdbRISCVPriv    = gdbRISCVCSRBase + 4096

	featRISCVCPU     = "org.gnu.gdb.riscv.cpu"
	featRISCVFPU     = "org.gnu.gdb.riscv.fpu"
	featRISCVCSR     = "org.gnu.gdb.riscv.csr"
	featRISCVVirtual = "org.gnu.gdb.riscv.virtual"
)

// isFPCSR reports the F/D CSRs (fflags, frm, fcsr), which GDB's
// 64bit-fpu.xml places in the fpu feature rather than the csr one.
func isFPCSR(n uint16) bool { return n >= riscv.CSRFflags && n <= riscv.CSRFcsr }

// gdbXNames are the integer register names of GDB's 64bit-cpu.xml (x8 is
// "fp" there; riscv.ABINames calls it "s0", which stays an alias).
var gdbXNames = [32]string{
	"zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2",
	"fp", "s1", "a0", "a1", "a2", "a3", "a4", "a5",
	"a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7",
	"s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6",
}

// RISCV64 describes an RV64 hart: the 32 integer registers and pc, the 32
// f registers, the CSRs listed in csrs (pass the ones the hart has: see
// HartCSRs; fflags, frm and fcsr go to the fpu feature as in GDB's
// 64bit-fpu.xml), and priv. The description lives here rather than in
// isa/riscv because only debuggers need GDB's numbering and feature
// names.
func RISCV64(csrs []uint16) *Arch {
	a := &Arch{
		Name:            "riscv64",
		GDBArchitecture: "riscv:rv64",
		OSABI:           "none",
		PC:              gdbRISCVPC,
		SP:              2,
		RA:              1,
		GRegs:           33,
		BreakpointInsn:  []byte{0x73, 0x00, 0x10, 0x00}, // ebreak
		CallLength:      riscvCallLength,
	}
	for i := range 32 {
		typ := "int"
		switch i {
		case 1:
			typ = "code_ptr"
		case 2, 3, 4, 8:
			typ = "data_ptr"
		}
		aliases := []string{fmt.Sprintf("x%d", i)}
		if riscv.ABINames[i] != gdbXNames[i] {
			aliases = append(aliases, riscv.ABINames[i])
		}
		a.Registers = append(a.Registers, Register{
			Name: gdbXNames[i], Aliases: aliases, Bits: 64, GDB: i,
			Feature: featRISCVCPU, Type: typ, Kind: RegGPR, Num: i,
		})
	}
	a.Registers = append(a.Registers, Register{
		Name: "pc", Bits: 64, GDB: gdbRISCVPC, Feature: featRISCVCPU,
		Type: "code_ptr", Kind: RegPC,
	})
	// GDB accepts either the ABI or the fN name for each f register; the
	// ABI name is primary as objdump prints it.
	for i := range 32 {
		a.Registers = append(a.Registers, Register{
			Name: riscv.FNames[i], Aliases: []string{fmt.Sprintf("f%d", i)}, Bits: 64,
			GDB: gdbRISCVFPRBase + i, Feature: featRISCVFPU, Type: "ieee_double", Kind: RegFPR, Num: i,
		})
	}
	for _, n := range csrs {
		name, ok := riscv.CSRName(n)
		if !ok {
			name = fmt.Sprintf("csr%d", n)
		}
		feat, bits := featRISCVCSR, 64
		if isFPCSR(n) {
			feat, bits = featRISCVFPU, 32 // as 64bit-fpu.xml declares them
		}
		a.Registers = append(a.Registers, Register{
			Name: name, Aliases: []string{fmt.Sprintf("csr%d", n)}, Bits: bits,
			GDB: gdbRISCVCSRBase + int(n), Feature: feat, Kind: RegCSR, Num: int(n),
		})
	}
	a.Registers = append(a.Registers, Register{
		Name: "priv", Bits: 64, GDB: gdbRISCVPriv, Feature: featRISCVVirtual, Kind: RegPriv,
	})
	a.index()
	return a
}

// HartCSRs lists the CSRs hart h implements, in number order.
func HartCSRs(h *riscv.Hart) []uint16 {
	var out []uint16
	for n := range uint16(4096) {
		if _, ok := h.ReadCSR(n); ok {
			out = append(out, n)
		}
	}
	return out
}

// riscvCallLength recognises jal and jalr (and their compressed forms)
// that write ra, which is what GDB and objdump treat as a call.
func riscvCallLength(b []byte) (int, bool) {
	if len(b) < 2 {
		return 0, false
	}
	raw := uint32(binary.LittleEndian.Uint16(b))
	n := 2
	if raw&3 == 3 {
		if len(b) < 4 {
			return 0, false
		}
		raw = binary.LittleEndian.Uint32(b)
		n = 4
	}
	in := riscv.Decode(raw)
	return n, (in.Op == riscv.OpJAL || in.Op == riscv.OpJALR) && in.Rd == 1
}

// readReg reads register r of hart h.
func readReg(h *riscv.Hart, r *Register) (uint64, bool) {
	switch r.Kind {
	case RegGPR:
		return h.Reg(r.Num), true
	case RegPC:
		return h.PC(), true
	case RegCSR:
		return h.ReadCSR(uint16(r.Num))
	case RegPriv:
		return uint64(h.Priv()), true
	case RegFPR:
		return h.FReg(r.Num), true
	}
	return 0, false
}

// writeReg writes register r of hart h; it reports false for registers that
// cannot take the value (read-only CSRs, a privilege level that does not
// exist).
func writeReg(h *riscv.Hart, r *Register, v uint64) bool {
	switch r.Kind {
	case RegGPR:
		h.SetReg(r.Num, v)
		return true
	case RegPC:
		h.SetPC(v)
		return true
	case RegCSR:
		return h.WriteCSR(uint16(r.Num), v)
	case RegFPR:
		h.SetFReg(r.Num, v)
		return true
	case RegPriv:
		if v != riscv.PrivU && v != riscv.PrivS && v != riscv.PrivM {
			return false
		}
		h.SetPriv(uint8(v))
		return true
	}
	return false
}
