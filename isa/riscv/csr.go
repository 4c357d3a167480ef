package riscv

// CSR numbers this hart implements (privileged spec 1.12 numbering).
const (
	CSRFflags = 0x001 // accrued exception flags (fcsr bits 4:0)

	CSRSstatus    = 0x100
	CSRSie        = 0x104
	CSRStvec      = 0x105
	CSRScounteren = 0x106
	CSRSenvcfg    = 0x10A
	CSRSscratch   = 0x140
	CSRSepc       = 0x141
	CSRScause     = 0x142
	CSRStval      = 0x143
	CSRSip        = 0x144
	CSRStimecmp   = 0x14D
	CSRSatp       = 0x180

	CSRMstatus    = 0x300
	CSRMisa       = 0x301
	CSRMedeleg    = 0x302
	CSRMideleg    = 0x303
	CSRMie        = 0x304
	CSRMtvec      = 0x305
	CSRMcounteren = 0x306
	CSRMenvcfg    = 0x30A
	CSRMcountinh  = 0x320
	CSRMscratch   = 0x340
	CSRMepc       = 0x341
	CSRMcause     = 0x342
	CSRMtval      = 0x343
	CSRMip        = 0x344
	CSRPmpcfg0    = 0x3A0
	CSRPmpaddr0   = 0x3B0

	CSRTselect = 0x7A0
	CSRTdata1  = 0x7A1
	CSRTdata2  = 0x7A2
	CSRTdata3  = 0x7A3
	CSRTinfo   = 0x7A4

	CSRMcycle   = 0xB00
	CSRMinstret = 0xB02
	CSRCycle    = 0xC00
	CSRTime     = 0xC01
	CSRInstret  = 0xC02

	CSRMvendorid  = 0xF11
	CSRMarchid    = 0xF12
	CSRMimpid     = 0xF13
	CSRMhartid    = 0xF14
	CSRMconfigptr = 0xF15
)

// mstatus fields.
const (
	mstatusSIE  uint64 = 1 << 1
	mstatusMIE  uint64 = 1 << 3
	mstatusSPIE uint64 = 1 << 5
	mstatusMPIE uint64 = 1 << 7
	mstatusSPP  uint64 = 1 << 8
	mstatusMPP  uint64 = 3 << 11
	mstatusFS   uint64 = 3 << 13
	mstatusMPRV uint64 = 1 << 17
	mstatusSUM  uint64 = 1 << 18
	mstatusMXR  uint64 = 1 << 19
	mstatusTVM  uint64 = 1 << 20
	mstatusTW   uint64 = 1 << 21
	mstatusTSR  uint64 = 1 << 22
	mstatusUXL  uint64 = 3 << 32
	mstatusSXL  uint64 = 3 << 34
	mstatusSD   uint64 = 1 << 63

	mstatusWritable = mstatusSIE | mstatusMIE | mstatusSPIE | mstatusMPIE | mstatusSPP |
		mstatusMPP | mstatusFS | mstatusMPRV | mstatusSUM | mstatusMXR | mstatusTVM | mstatusTW | mstatusTSR
	sstatusMask = mstatusSIE | mstatusSPIE | mstatusSPP | mstatusFS | mstatusSUM | mstatusMXR |
		mstatusUXL | mstatusSD
	// UXL and SXL are fixed at 2 (64-bit): this hart does not switch XLEN.
	mstatusFixed = 2<<32 | 2<<34
)

// MisaValue is this hart's misa: RV64 with A, C, D, F, I, M, S, U.
const MisaValue uint64 = 2<<62 | 1<<0 | 1<<2 | 1<<3 | 1<<5 | 1<<8 | 1<<12 | 1<<18 | 1<<20

const (
	menvcfgSTCE uint64 = 1 << 63
	menvcfgFIOM uint64 = 1
	// interrupt bits software may set in mie, and delegate in mideleg.
	mieWritable     = MipSSIP | MipMSIP | MipSTIP | MipMTIP | MipSEIP | MipMEIP
	midelegWritable = MipSSIP | MipSTIP | MipSEIP
	// exceptions that can be delegated: all but ecall from M.
	medelegWritable uint64 = 1<<ExcInsnMisaligned | 1<<ExcInsnAccess | 1<<ExcIllegal |
		1<<ExcBreakpoint | 1<<ExcLoadMisaligned | 1<<ExcLoadAccess | 1<<ExcStoreMisaligned |
		1<<ExcStoreAccess | 1<<ExcEcallU | 1<<ExcEcallS | 1<<ExcInsnPage | 1<<ExcLoadPage |
		1<<ExcStorePage
	pmpEntries = 64
	// pmpaddr holds bits 55:2 of a 56-bit physical address.
	pmpaddrMask uint64 = 1<<54 - 1
)

// satp modes.
const (
	satpModeBare = 0
	satpModeSv39 = 8
	satpModeSv48 = 9
)

// csrFile holds the architectural CSR state. Counters are kept as offsets
// from the hart's icount so that they cost nothing per instruction.
type csrFile struct {
	mstatus    uint64
	medeleg    uint64
	mideleg    uint64
	mie        uint64
	mipSoft    uint64 // mip bits written by software (SSIP, STIP, SEIP)
	mipLines   uint64 // mip bits driven by the board (MSIP, MTIP, MEIP, SEIP)
	mtvec      uint64
	mscratch   uint64
	mepc       uint64
	mcause     uint64
	mtval      uint64
	mcounteren uint64
	menvcfg    uint64
	stvec      uint64
	sscratch   uint64
	sepc       uint64
	scause     uint64
	stval      uint64
	satp       uint64
	scounteren uint64
	senvcfg    uint64
	stimecmp   uint64
	cycleOff   uint64 // mcycle = icount + cycleOff
	instretOff uint64 // minstret = icount + instretOff
	pmpcfg     [pmpEntries / 8]uint64
	pmpaddr    [pmpEntries]uint64
	fcsr       uint64 // frm (bits 7:5) and fflags (bits 4:0)
}

// mip is the full pending-interrupt word: software bits, board lines, and
// STIP from Sstc when menvcfg.STCE is on.
func (h *Hart) mip() uint64 {
	c := &h.csr
	v := c.mipSoft | c.mipLines
	if c.menvcfg&menvcfgSTCE != 0 {
		v &^= MipSTIP
		if h.clock != nil && h.clock.Time() >= c.stimecmp {
			v |= MipSTIP
		}
	}
	return v
}

// SetLines sets the board-driven mip bits selected by mask to val
// (MSIP, MTIP, MEIP from the CLINT and PLIC, SEIP from the PLIC's S context).
func (h *Hart) SetLines(mask, val uint64) {
	h.csr.mipLines = h.csr.mipLines&^mask | val&mask
}

// TimerCompare returns stimecmp and whether Sstc drives STIP from it
// (menvcfg.STCE set), so the board can bound run slices by the deadline.
func (h *Hart) TimerCompare() (uint64, bool) {
	return h.csr.stimecmp, h.csr.menvcfg&menvcfgSTCE != 0
}

// counterAllowed applies mcounteren/scounteren to a user-level counter CSR
// (cycle, time, instret, hpmcounterN) read from S or U mode.
func (h *Hart) counterAllowed(n uint16) bool {
	bit := uint64(1) << (n & 31)
	if h.priv < PrivM && h.csr.mcounteren&bit == 0 {
		return false
	}
	if h.priv < PrivS && h.csr.scounteren&bit == 0 {
		return false
	}
	return true
}

// csrRead returns the value of CSR n as an instruction at the current
// privilege would see it; ok=false means the access raises illegal
// instruction. Reads have no side effects.
func (h *Hart) csrRead(n uint16) (uint64, bool) {
	if uint8(n>>8&3) > h.priv {
		return 0, false
	}
	c := &h.csr
	switch {
	case n >= CSRCycle && n <= 0xC1F:
		if !h.counterAllowed(n) {
			return 0, false
		}
		switch n {
		case CSRCycle:
			return h.icount + c.cycleOff, true
		case CSRTime:
			return h.time(), true
		case CSRInstret:
			return h.icount + c.instretOff, true
		}
		return 0, true // hpmcounter3..31: present, count nothing
	case n >= 0xB03 && n <= 0xB1F, n >= 0x323 && n <= 0x33F:
		return 0, true // mhpmcounterN, mhpmeventN: hardwired zero
	case n >= CSRPmpcfg0 && n < CSRPmpcfg0+16:
		if n&1 != 0 {
			return 0, false // odd pmpcfg registers do not exist on RV64
		}
		return c.pmpcfg[(n-CSRPmpcfg0)/2], true
	case n >= CSRPmpaddr0 && n < CSRPmpaddr0+pmpEntries:
		return c.pmpaddr[n-CSRPmpaddr0], true
	}
	switch n {
	case CSRFflags:
		return c.fcsr & 0x1f, true
	case CSRFrm:
		return c.fcsr >> 5 & 7, true
	case CSRFcsr:
		return c.fcsr, true
	case CSRSstatus:
		return h.readMstatus() & sstatusMask, true
	case CSRSie:
		return c.mie & c.mideleg, true
	case CSRSip:
		return h.mip() & c.mideleg, true
	case CSRStvec:
		return c.stvec, true
	case CSRScounteren:
		return c.scounteren, true
	case CSRSenvcfg:
		return c.senvcfg, true
	case CSRSscratch:
		return c.sscratch, true
	case CSRSepc:
		return c.sepc, true
	case CSRScause:
		return c.scause, true
	case CSRStval:
		return c.stval, true
	case CSRStimecmp:
		if !h.stimecmpAllowed() {
			return 0, false
		}
		return c.stimecmp, true
	case CSRSatp:
		if h.priv == PrivS && c.mstatus&mstatusTVM != 0 {
			return 0, false
		}
		return c.satp, true
	case CSRMstatus:
		return h.readMstatus(), true
	case CSRMisa:
		return MisaValue, true
	case CSRMedeleg:
		return c.medeleg, true
	case CSRMideleg:
		return c.mideleg, true
	case CSRMie:
		return c.mie, true
	case CSRMtvec:
		return c.mtvec, true
	case CSRMcounteren:
		return c.mcounteren, true
	case CSRMenvcfg:
		return c.menvcfg, true
	case CSRMcountinh:
		return 0, true
	case CSRMscratch:
		return c.mscratch, true
	case CSRMepc:
		return c.mepc, true
	case CSRMcause:
		return c.mcause, true
	case CSRMtval:
		return c.mtval, true
	case CSRMip:
		return h.mip(), true
	case CSRMcycle:
		return h.icount + c.cycleOff, true
	case CSRMinstret:
		return h.icount + c.instretOff, true
	case CSRMvendorid, CSRMarchid, CSRMimpid, CSRMconfigptr:
		return 0, true
	case CSRMhartid:
		return uint64(h.id), true
	case CSRTselect:
		// One trigger slot whose tdata1 reads type 0 (none): firmware and
		// riscv-tests see that no trigger is available and move on.
		return 0, true
	case CSRTdata1, CSRTdata2, CSRTdata3:
		return 0, true
	case CSRTinfo:
		return 1, true // only type 0 ("no trigger") is supported
	}
	return 0, false
}

// stimecmpAllowed applies Sstc's access rules for S-mode.
func (h *Hart) stimecmpAllowed() bool {
	if h.priv == PrivM {
		return true
	}
	return h.csr.menvcfg&menvcfgSTCE != 0 && h.csr.mcounteren&(1<<1) != 0
}

func (h *Hart) readMstatus() uint64 {
	v := h.csr.mstatus | mstatusFixed
	if v&mstatusFS == mstatusFS {
		v |= mstatusSD
	}
	return v
}

// csrWrite writes CSR n with WARL legalisation; ok=false means illegal
// instruction (read-only CSR, insufficient privilege, unknown CSR). It
// reports through h.yieldAfter whether the write can change which
// interrupts are pending or enabled, or the translation context.
func (h *Hart) csrWrite(n uint16, v uint64) bool {
	if n>>10 == 3 || uint8(n>>8&3) > h.priv {
		return false
	}
	c := &h.csr
	switch {
	case n >= 0xB03 && n <= 0xB1F, n >= 0x323 && n <= 0x33F:
		return true
	case n >= CSRPmpcfg0 && n < CSRPmpcfg0+16:
		if n&1 != 0 {
			return false
		}
		// Locked entries ignore writes; the W=1,R=0 combination is
		// reserved, so it reads back as R=W=0 (Spike does the same).
		i := (n - CSRPmpcfg0) / 2
		old := c.pmpcfg[i]
		var out uint64
		for b := 0; b < 8; b++ {
			ob := old >> (8 * b) & 0xff
			nb := v >> (8 * b) & 0x9f
			if ob&0x80 != 0 {
				nb = ob
			} else if nb&3 == 2 {
				nb &^= 3
			}
			out |= nb << (8 * b)
		}
		c.pmpcfg[i] = out
		return true
	case n >= CSRPmpaddr0 && n < CSRPmpaddr0+pmpEntries:
		i := n - CSRPmpaddr0
		if c.pmpcfg[i/8]>>(8*(i%8))&0x80 == 0 {
			c.pmpaddr[i] = v & pmpaddrMask
		}
		return true
	}
	switch n {
	case CSRFflags:
		c.fcsr = c.fcsr&^0x1f | v&0x1f
		h.fpDirty()
	case CSRFrm:
		c.fcsr = c.fcsr&^0xe0 | v&7<<5
		h.fpDirty()
	case CSRFcsr:
		c.fcsr = v & 0xff
		h.fpDirty()
	case CSRSstatus:
		h.writeMstatus(c.mstatus&^sstatusMask | v&sstatusMask)
	case CSRSie:
		c.mie = c.mie&^c.mideleg | v&c.mideleg&mieWritable
		h.Yield()
	case CSRSip:
		// Only SSIP is writable through sip, and only when delegated.
		m := MipSSIP & c.mideleg
		c.mipSoft = c.mipSoft&^m | v&m
		h.Yield()
	case CSRStvec:
		c.stvec = v &^ 2
	case CSRScounteren:
		c.scounteren = v & 0xffffffff
	case CSRSenvcfg:
		c.senvcfg = v & menvcfgFIOM
	case CSRSscratch:
		c.sscratch = v
	case CSRSepc:
		c.sepc = v &^ 1
	case CSRScause:
		c.scause = v
	case CSRStval:
		c.stval = v
	case CSRStimecmp:
		if !h.stimecmpAllowed() {
			return false
		}
		c.stimecmp = v
		h.Yield()
	case CSRSatp:
		if h.priv == PrivS && c.mstatus&mstatusTVM != 0 {
			return false
		}
		switch v >> 60 {
		case satpModeBare:
			v = 0 // the whole register is zero in Bare mode
		case satpModeSv39, satpModeSv48:
			v &= 0xf<<60 | 0xffff<<44 | (1<<44 - 1)
		default:
			return true // unsupported mode: the write has no effect
		}
		c.satp = v
		h.contextChanged()
	case CSRMstatus:
		h.writeMstatus(v)
	case CSRMisa:
		// WARL: misa cannot be changed (extensions are not switchable).
	case CSRMedeleg:
		c.medeleg = v & medelegWritable
	case CSRMideleg:
		c.mideleg = v & midelegWritable
		h.Yield()
	case CSRMie:
		c.mie = v & mieWritable
		h.Yield()
	case CSRMtvec:
		c.mtvec = v &^ 2
	case CSRMcounteren:
		c.mcounteren = v & 0xffffffff
	case CSRMenvcfg:
		c.menvcfg = v & (menvcfgSTCE | menvcfgFIOM)
		h.Yield()
	case CSRMcountinh:
		// Hardwired zero (WARL): the counters cannot be inhibited.
	case CSRMscratch:
		c.mscratch = v
	case CSRMepc:
		c.mepc = v &^ 1
	case CSRMcause:
		c.mcause = v
	case CSRMtval:
		c.mtval = v
	case CSRMip:
		m := MipSSIP | MipSEIP
		if c.menvcfg&menvcfgSTCE == 0 {
			m |= MipSTIP
		}
		c.mipSoft = c.mipSoft&^m | v&m
		h.Yield()
	case CSRMcycle:
		// The writing instruction's own retirement is not counted: the
		// next read sees v.
		c.cycleOff = v - (h.icount + 1)
	case CSRMinstret:
		c.instretOff = v - (h.icount + 1)
	case CSRTselect, CSRTdata1, CSRTdata2, CSRTdata3:
		// No triggers: writes are ignored, tdata1 keeps reading type 0.
	default:
		return false
	}
	return true
}

func (h *Hart) writeMstatus(v uint64) {
	v &= mstatusWritable
	// MPP is WARL: the reserved value 2 becomes U (as Spike does).
	if v&mstatusMPP == 2<<11 {
		v &^= mstatusMPP
	}
	h.csr.mstatus = v
	h.contextChanged()
	h.Yield()
}

// ReadCSR reads CSR n as the debugger sees it: at M privilege, without side
// effects. ok is false for CSRs this hart does not have.
func (h *Hart) ReadCSR(n uint16) (uint64, bool) {
	saved := h.priv
	h.priv = PrivM
	v, ok := h.csrRead(n)
	h.priv = saved
	return v, ok
}

// WriteCSR writes CSR n as a debugger would (at M privilege, with the same
// WARL rules as the guest). It reports false for unknown or read-only CSRs.
func (h *Hart) WriteCSR(n uint16, v uint64) bool {
	saved := h.priv
	h.priv = PrivM
	ok := h.csrWrite(n, v)
	h.priv = saved
	// csrWrite discounts the retirement of the writing instruction; a
	// debugger's write retires nothing, so the next read must see v.
	switch n {
	case CSRMcycle:
		h.csr.cycleOff = v - h.icount
	case CSRMinstret:
		h.csr.instretOff = v - h.icount
	}
	h.contextChanged()
	return ok
}
