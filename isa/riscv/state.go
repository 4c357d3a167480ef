package riscv

// HartState is the complete architectural state of a hart, as plain data:
// snapshots store it, checkpoints hash it, and restoring it makes a hart
// indistinguishable from the one it was taken from. Caches (decoded code,
// TLB) are not part of it: they are rebuilt on demand.
type HartState struct {
	X          [32]uint64
	PC         uint64
	Priv       uint8
	Icount     uint64
	WFI        bool
	ResValid   bool
	ResAddr    uint64
	Mstatus    uint64
	Medeleg    uint64
	Mideleg    uint64
	Mie        uint64
	MipSoft    uint64
	MipLines   uint64
	Mtvec      uint64
	Mscratch   uint64
	Mepc       uint64
	Mcause     uint64
	Mtval      uint64
	Mcounteren uint64
	Menvcfg    uint64
	Stvec      uint64
	Sscratch   uint64
	Sepc       uint64
	Scause     uint64
	Stval      uint64
	Satp       uint64
	Scounteren uint64
	Senvcfg    uint64
	Stimecmp   uint64
	CycleOff   uint64
	InstretOff uint64
	Pmpcfg     [pmpEntries / 8]uint64
	Pmpaddr    [pmpEntries]uint64
	// The F/D state comes last so that an encoding of the older, shorter
	// struct is a prefix of this one (snapshots written before F/D load
	// with these fields zero: FS was Off then anyway).
	F    [32]uint64 // f registers, raw (singles NaN-boxed)
	Fcsr uint64     // frm and fflags
}

// State returns the hart's architectural state.
func (h *Hart) State() HartState {
	c := &h.csr
	return HartState{
		X: h.x, PC: h.pc, Priv: h.priv, Icount: h.icount, WFI: h.wfi,
		ResValid: h.resValid, ResAddr: h.resAddr,
		Mstatus: c.mstatus, Medeleg: c.medeleg, Mideleg: c.mideleg, Mie: c.mie,
		MipSoft: c.mipSoft, MipLines: c.mipLines, Mtvec: c.mtvec, Mscratch: c.mscratch,
		Mepc: c.mepc, Mcause: c.mcause, Mtval: c.mtval, Mcounteren: c.mcounteren,
		Menvcfg: c.menvcfg, Stvec: c.stvec, Sscratch: c.sscratch, Sepc: c.sepc,
		Scause: c.scause, Stval: c.stval, Satp: c.satp, Scounteren: c.scounteren,
		Senvcfg: c.senvcfg, Stimecmp: c.stimecmp, CycleOff: c.cycleOff,
		InstretOff: c.instretOff, Pmpcfg: c.pmpcfg, Pmpaddr: c.pmpaddr,
		F: h.f, Fcsr: c.fcsr,
	}
}

// SetState makes the hart's architectural state s, and drops its cached
// translations.
func (h *Hart) SetState(s HartState) {
	h.x, h.pc, h.priv, h.icount, h.wfi = s.X, s.PC&^1, s.Priv, s.Icount, s.WFI
	h.x[0] = 0
	h.resValid, h.resAddr = s.ResValid, s.ResAddr
	h.csr = csrFile{
		mstatus: s.Mstatus, medeleg: s.Medeleg, mideleg: s.Mideleg, mie: s.Mie,
		mipSoft: s.MipSoft, mipLines: s.MipLines, mtvec: s.Mtvec, mscratch: s.Mscratch,
		mepc: s.Mepc, mcause: s.Mcause, mtval: s.Mtval, mcounteren: s.Mcounteren,
		menvcfg: s.Menvcfg, stvec: s.Stvec, sscratch: s.Sscratch, sepc: s.Sepc,
		scause: s.Scause, stval: s.Stval, satp: s.Satp, scounteren: s.Scounteren,
		senvcfg: s.Senvcfg, stimecmp: s.Stimecmp, cycleOff: s.CycleOff,
		instretOff: s.InstretOff, pmpcfg: s.Pmpcfg, pmpaddr: s.Pmpaddr,
		fcsr: s.Fcsr & 0xff,
	}
	h.f = s.F
	h.bpSkipOn = false
	h.contextChanged()
}
