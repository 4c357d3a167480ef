package riscv

import (
	"encoding/binary"
	"math/bits"
)

// noPage is a fetchVPage value no pc can have (pc>>12 < 2^52).
const noPage = ^uint64(0)

// opBreakpoint replaces the Op of a cached instruction that has a breakpoint
// (the real instruction is re-decoded from Raw when stepped over). Decode
// never returns it, so breakpoints cost nothing on instructions without one.
const opBreakpoint = NumOps

// Reset puts the hart in M-mode at pc with all CSRs at their reset values
// and no pending reservation. Registers are cleared.
func (h *Hart) Reset(pc uint64) {
	h.x = [32]uint64{}
	h.f = [32]uint64{}
	h.csr = csrFile{}
	h.priv = PrivM
	h.wfi = false
	h.resValid = false
	h.bpSkipOn = false
	h.SetPC(pc)
	h.contextChanged()
}

// ClearReservation drops this hart's LR reservation. The board calls it
// when it switches to another hart, so a store by that hart can never be
// missed by this hart's SC (round-robin scheduling makes that sufficient).
func (h *Hart) ClearReservation() { h.resValid = false }

// StepOverBreakpoint makes the next Run execute the instruction at the
// current pc even if it carries a breakpoint.
func (h *Hart) StepOverBreakpoint() { h.bpSkip, h.bpSkipOn = h.pc, true }

func (h *Hart) time() uint64 {
	if h.clock == nil {
		return h.icount
	}
	return h.clock.Time()
}

func sext32(v uint64) uint64 { return uint64(int64(int32(v))) }

// Run executes instructions until Icount reaches limit, or the hart stops
// earlier for the StopReason it returns. Pending, enabled interrupts are
// taken on entry: the board calls Run again whenever interrupt lines change
// (which is why device accesses and interrupt-enabling CSR writes yield).
//
// Exceptions and interrupts taken count as one step of icount each, like a
// retired instruction: every step advances virtual time, so a guest stuck
// in a trap loop still reaches the limit.
func (h *Hart) Run(limit uint64) StopReason {
	h.limit = limit
	h.stop = StopLimit
	if h.wfi {
		if h.mip()&h.csr.mie == 0 {
			return StopWFI
		}
		h.wfi = false
	}
	if h.icount < h.limit {
		h.takeInterrupt()
	}
	x := &h.x
	for h.icount < h.limit {
		pc := h.pc
		var in *Inst
		if pc>>pageShift == h.fetchVPage {
			// An undecoded slot is the zero Inst, whose Op is OpIllegal:
			// the switch sends it to fetchSlow, so the common case costs no
			// extra test here.
			in = &h.fetchPage.insts[pc>>1&(PageSize/2-1)]
		} else if in = h.fetchSlow(pc); in == nil {
			continue
		}
		x[0] = 0
		next := pc + uint64(in.Len)
	dispatch:
		switch in.Op {
		case OpIllegal:
			if in.Len == 0 {
				if in = h.fetchSlow(pc); in == nil {
					continue
				}
				next = pc + uint64(in.Len)
				goto dispatch
			}
			h.raise(ExcIllegal, uint64(in.Raw))
			continue
		case OpLUI:
			x[in.Rd&31] = uint64(in.Imm)
		case OpAUIPC:
			x[in.Rd&31] = pc + uint64(in.Imm)
		case OpJAL:
			x[in.Rd&31] = next
			next = pc + uint64(in.Imm)
		case OpJALR:
			t := (x[in.Rs1&31] + uint64(in.Imm)) &^ 1
			x[in.Rd&31] = next
			next = t
		case OpBEQ:
			if x[in.Rs1&31] == x[in.Rs2&31] {
				next = pc + uint64(in.Imm)
			}
		case OpBNE:
			if x[in.Rs1&31] != x[in.Rs2&31] {
				next = pc + uint64(in.Imm)
			}
		case OpBLT:
			if int64(x[in.Rs1&31]) < int64(x[in.Rs2&31]) {
				next = pc + uint64(in.Imm)
			}
		case OpBGE:
			if int64(x[in.Rs1&31]) >= int64(x[in.Rs2&31]) {
				next = pc + uint64(in.Imm)
			}
		case OpBLTU:
			if x[in.Rs1&31] < x[in.Rs2&31] {
				next = pc + uint64(in.Imm)
			}
		case OpBGEU:
			if x[in.Rs1&31] >= x[in.Rs2&31] {
				next = pc + uint64(in.Imm)
			}
		case OpLB, OpLH, OpLW, OpLD, OpLBU, OpLHU, OpLWU:
			v, ok := h.load(x[in.Rs1&31]+uint64(in.Imm), loadSize[in.Op-OpLB])
			if !ok {
				continue
			}
			switch in.Op {
			case OpLB:
				v = uint64(int64(int8(v)))
			case OpLH:
				v = uint64(int64(int16(v)))
			case OpLW:
				v = sext32(v)
			}
			x[in.Rd&31] = v
		case OpSB, OpSH, OpSW, OpSD:
			if !h.store(x[in.Rs1&31]+uint64(in.Imm), storeSize[in.Op-OpSB], x[in.Rs2&31]) {
				continue
			}
		case OpADDI:
			x[in.Rd&31] = x[in.Rs1&31] + uint64(in.Imm)
		case OpSLTI:
			x[in.Rd&31] = b2u(int64(x[in.Rs1&31]) < in.Imm)
		case OpSLTIU:
			x[in.Rd&31] = b2u(x[in.Rs1&31] < uint64(in.Imm))
		case OpXORI:
			x[in.Rd&31] = x[in.Rs1&31] ^ uint64(in.Imm)
		case OpORI:
			x[in.Rd&31] = x[in.Rs1&31] | uint64(in.Imm)
		case OpANDI:
			x[in.Rd&31] = x[in.Rs1&31] & uint64(in.Imm)
		case OpSLLI:
			x[in.Rd&31] = x[in.Rs1&31] << (in.Imm & 63)
		case OpSRLI:
			x[in.Rd&31] = x[in.Rs1&31] >> (in.Imm & 63)
		case OpSRAI:
			x[in.Rd&31] = uint64(int64(x[in.Rs1&31]) >> (in.Imm & 63))
		case OpADDIW:
			x[in.Rd&31] = sext32(x[in.Rs1&31] + uint64(in.Imm))
		case OpSLLIW:
			x[in.Rd&31] = sext32(x[in.Rs1&31] << (in.Imm & 31))
		case OpSRLIW:
			x[in.Rd&31] = sext32(uint64(uint32(x[in.Rs1&31]) >> (in.Imm & 31)))
		case OpSRAIW:
			x[in.Rd&31] = uint64(int64(int32(x[in.Rs1&31]) >> (in.Imm & 31)))
		case OpADD:
			x[in.Rd&31] = x[in.Rs1&31] + x[in.Rs2&31]
		case OpSUB:
			x[in.Rd&31] = x[in.Rs1&31] - x[in.Rs2&31]
		case OpSLL:
			x[in.Rd&31] = x[in.Rs1&31] << (x[in.Rs2&31] & 63)
		case OpSLT:
			x[in.Rd&31] = b2u(int64(x[in.Rs1&31]) < int64(x[in.Rs2&31]))
		case OpSLTU:
			x[in.Rd&31] = b2u(x[in.Rs1&31] < x[in.Rs2&31])
		case OpXOR:
			x[in.Rd&31] = x[in.Rs1&31] ^ x[in.Rs2&31]
		case OpSRL:
			x[in.Rd&31] = x[in.Rs1&31] >> (x[in.Rs2&31] & 63)
		case OpSRA:
			x[in.Rd&31] = uint64(int64(x[in.Rs1&31]) >> (x[in.Rs2&31] & 63))
		case OpOR:
			x[in.Rd&31] = x[in.Rs1&31] | x[in.Rs2&31]
		case OpAND:
			x[in.Rd&31] = x[in.Rs1&31] & x[in.Rs2&31]
		case OpADDW:
			x[in.Rd&31] = sext32(x[in.Rs1&31] + x[in.Rs2&31])
		case OpSUBW:
			x[in.Rd&31] = sext32(x[in.Rs1&31] - x[in.Rs2&31])
		case OpSLLW:
			x[in.Rd&31] = sext32(x[in.Rs1&31] << (x[in.Rs2&31] & 31))
		case OpSRLW:
			x[in.Rd&31] = sext32(uint64(uint32(x[in.Rs1&31]) >> (x[in.Rs2&31] & 31)))
		case OpSRAW:
			x[in.Rd&31] = uint64(int64(int32(x[in.Rs1&31]) >> (x[in.Rs2&31] & 31)))
		case OpMUL:
			x[in.Rd&31] = x[in.Rs1&31] * x[in.Rs2&31]
		case OpMULH:
			x[in.Rd&31] = mulh(int64(x[in.Rs1&31]), int64(x[in.Rs2&31]))
		case OpMULHSU:
			x[in.Rd&31] = mulhsu(int64(x[in.Rs1&31]), x[in.Rs2&31])
		case OpMULHU:
			x[in.Rd&31], _ = bits.Mul64(x[in.Rs1&31], x[in.Rs2&31])
		case OpDIV:
			x[in.Rd&31] = uint64(div(int64(x[in.Rs1&31]), int64(x[in.Rs2&31])))
		case OpDIVU:
			a, b := x[in.Rs1&31], x[in.Rs2&31]
			if b == 0 {
				x[in.Rd&31] = ^uint64(0)
			} else {
				x[in.Rd&31] = a / b
			}
		case OpREM:
			x[in.Rd&31] = uint64(rem(int64(x[in.Rs1&31]), int64(x[in.Rs2&31])))
		case OpREMU:
			a, b := x[in.Rs1&31], x[in.Rs2&31]
			if b == 0 {
				x[in.Rd&31] = a
			} else {
				x[in.Rd&31] = a % b
			}
		case OpMULW:
			x[in.Rd&31] = sext32(x[in.Rs1&31] * x[in.Rs2&31])
		case OpDIVW:
			x[in.Rd&31] = uint64(int64(div32(int32(x[in.Rs1&31]), int32(x[in.Rs2&31]))))
		case OpDIVUW:
			a, b := uint32(x[in.Rs1&31]), uint32(x[in.Rs2&31])
			if b == 0 {
				x[in.Rd&31] = ^uint64(0)
			} else {
				x[in.Rd&31] = sext32(uint64(a / b))
			}
		case OpREMW:
			x[in.Rd&31] = uint64(int64(rem32(int32(x[in.Rs1&31]), int32(x[in.Rs2&31]))))
		case OpREMUW:
			a, b := uint32(x[in.Rs1&31]), uint32(x[in.Rs2&31])
			if b == 0 {
				x[in.Rd&31] = sext32(uint64(a))
			} else {
				x[in.Rd&31] = sext32(uint64(a % b))
			}
		case OpLRW, OpLRD:
			if !h.execLR(in) {
				continue
			}
		case OpSCW, OpSCD:
			if !h.execSC(in) {
				continue
			}
		case OpAMOSWAPW, OpAMOADDW, OpAMOXORW, OpAMOANDW, OpAMOORW,
			OpAMOMINW, OpAMOMAXW, OpAMOMINUW, OpAMOMAXUW,
			OpAMOSWAPD, OpAMOADDD, OpAMOXORD, OpAMOANDD, OpAMOORD,
			OpAMOMIND, OpAMOMAXD, OpAMOMINUD, OpAMOMAXUD:
			if !h.execAMO(in) {
				continue
			}
		case OpFENCE, OpFENCEI:
			// One goroutine runs every hart and the code cache is kept
			// coherent by stores, so neither fence has work to do.
		case OpCSRRW, OpCSRRS, OpCSRRC, OpCSRRWI, OpCSRRSI, OpCSRRCI:
			if !h.execCSR(in) {
				h.raise(ExcIllegal, uint64(in.Raw))
				continue
			}
		case OpECALL:
			h.raise(ExcEcallU+uint64(h.priv), 0)
			continue
		case OpEBREAK:
			h.raise(ExcBreakpoint, pc)
			continue
		case OpMRET:
			if h.priv != PrivM {
				h.raise(ExcIllegal, uint64(in.Raw))
				continue
			}
			next = h.mret()
		case OpSRET:
			if h.priv < PrivS || (h.priv == PrivS && h.csr.mstatus&mstatusTSR != 0) {
				h.raise(ExcIllegal, uint64(in.Raw))
				continue
			}
			next = h.sret()
		case OpWFI:
			if h.priv == PrivU || (h.priv == PrivS && h.csr.mstatus&mstatusTW != 0) {
				h.raise(ExcIllegal, uint64(in.Raw))
				continue
			}
			if h.mip()&h.csr.mie == 0 {
				h.wfi = true
				h.limit = h.icount + 1
				h.stop = StopWFI
			} else {
				h.Yield()
			}
		case OpSFENCEVMA:
			if h.priv == PrivU || (h.priv == PrivS && h.csr.mstatus&mstatusTVM != 0) {
				h.raise(ExcIllegal, uint64(in.Raw))
				continue
			}
			h.tlb.flush()
			h.fetchVPage = noPage
		case opBreakpoint:
			if !h.bpSkipOn || h.bpSkip != pc {
				h.limit = h.icount
				return StopBreakpoint
			}
			h.bpSkipOn = false
			h.tmp = Decode(in.Raw)
			in = &h.tmp
			goto dispatch
		default:
			// F/D Ops land here rather than in cases of their own: the
			// integer cases keep a dense jump table and execFP keeps the
			// floating-point code out of this loop.
			if in.Op >= opFPFirst && in.Op <= opFPLast {
				if !h.execFP(in) {
					continue
				}
				break
			}
			h.raise(ExcIllegal, uint64(in.Raw))
			continue
		}
		h.pc = next
		h.icount++
	}
	return h.stop
}

// loadSize and storeSize are indexed by the Op's distance from OpLB and
// OpSB; the Op constants are declared in this order (LB LH LW LD LBU LHU LWU,
// SB SH SW SD) and TestAccessSizeTables pins that.
var loadSize = [...]int{1, 2, 4, 8, 1, 2, 4}

var storeSize = [...]int{1, 2, 4, 8}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

func mulh(a, b int64) uint64 {
	hi, _ := bits.Mul64(uint64(a), uint64(b))
	if a < 0 {
		hi -= uint64(b)
	}
	if b < 0 {
		hi -= uint64(a)
	}
	return hi
}

func mulhsu(a int64, b uint64) uint64 {
	hi, _ := bits.Mul64(uint64(a), b)
	if a < 0 {
		hi -= b
	}
	return hi
}

func div(a, b int64) int64 {
	switch {
	case b == 0:
		return -1
	case b == -1:
		return -a // MinInt64 / -1 overflows to MinInt64, as the spec says
	}
	return a / b
}

func rem(a, b int64) int64 {
	switch {
	case b == 0:
		return a
	case b == -1:
		return 0
	}
	return a % b
}

func div32(a, b int32) int32 {
	switch {
	case b == 0:
		return -1
	case b == -1:
		return -a
	}
	return a / b
}

func rem32(a, b int32) int32 {
	switch {
	case b == 0:
		return a
	case b == -1:
		return 0
	}
	return a % b
}

// fetchSlow finds the instruction at pc when the fetch page is not current
// or the slot is not decoded: it translates pc, decodes into the code cache
// when the bytes are in RAM, and otherwise into h.tmp. It returns nil after
// raising a fetch exception.
func (h *Hart) fetchSlow(pc uint64) *Inst {
	pa := pc
	if h.fetchXlate {
		var cause uint64
		var ok bool
		if pa, cause, ok = h.translate(pc, accFetch, h.priv); !ok {
			h.raise(cause, pc)
			return nil
		}
	}
	m := h.mem
	if off := pa - m.base; pa >= m.base && off+2 <= m.size {
		p := off >> pageShift
		cp := m.code[p]
		if cp == nil {
			cp = new(codePage)
			m.code[p] = cp
		}
		h.fetchPage = cp
		h.fetchVPage = pc >> pageShift
		in := &cp.insts[off>>1&(PageSize/2-1)]
		if in.Len != 0 {
			return in
		}
		raw := uint32(binary.LittleEndian.Uint16(m.data[off:]))
		if raw&3 == 3 {
			if off&(PageSize-1) == PageSize-2 {
				// Straddles the page end: fetch the upper half through
				// translation and keep the result out of the cache.
				hi, ok := h.fetchHalf(pc + 2)
				if !ok {
					return nil
				}
				h.tmp = Decode(raw | hi<<16)
				return h.withBreakpoint(&h.tmp, pa)
			}
			raw = binary.LittleEndian.Uint32(m.data[off:])
		}
		*in = Decode(raw)
		return h.withBreakpoint(in, pa)
	}
	// Not RAM (the boot ROM, or nothing): fetch through the bus each time.
	h.fetchVPage = noPage
	lo, ok := h.fetchHalf(pc)
	if !ok {
		return nil
	}
	raw := lo
	if lo&3 == 3 {
		hi, ok := h.fetchHalf(pc + 2)
		if !ok {
			return nil
		}
		raw |= hi << 16
	}
	h.tmp = Decode(raw)
	return h.withBreakpoint(&h.tmp, pa)
}

// fetchHalf reads the 16-bit parcel at virtual address va for a fetch,
// raising the fetch exception on failure.
func (h *Hart) fetchHalf(va uint64) (uint32, bool) {
	pa := va
	if h.fetchXlate {
		var cause uint64
		var ok bool
		if pa, cause, ok = h.translate(va, accFetch, h.priv); !ok {
			h.raise(cause, va)
			return 0, false
		}
	}
	v, ok := h.physLoad(pa, 2)
	if !ok {
		h.raise(ExcInsnAccess, va)
		return 0, false
	}
	return uint32(v), true
}

// withBreakpoint marks a freshly decoded instruction at physical address pa
// as a breakpoint when one is set there.
func (h *Hart) withBreakpoint(in *Inst, pa uint64) *Inst {
	if len(h.mem.breakpoints) != 0 && h.mem.breakpoints[pa] {
		in.Op = opBreakpoint
	}
	return in
}

// raise takes a synchronous exception at the current pc. The faulting
// instruction does not retire, but the trap counts as one step of icount.
func (h *Hart) raise(cause, tval uint64) {
	h.trap(cause, tval, false)
	h.icount++
}

// trap enters the trap handler for cause (an interrupt when intr), at S if
// the cause is delegated and the hart is not in M, else at M.
func (h *Hart) trap(cause, tval uint64, intr bool) {
	c := &h.csr
	deleg := c.medeleg
	mcause := cause
	if intr {
		deleg = c.mideleg
		mcause |= 1 << 63
	}
	if h.priv <= PrivS && deleg>>cause&1 != 0 {
		c.scause, c.sepc, c.stval = mcause, h.pc, tval
		s := c.mstatus &^ (mstatusSPIE | mstatusSIE | mstatusSPP)
		if c.mstatus&mstatusSIE != 0 {
			s |= mstatusSPIE
		}
		if h.priv == PrivS {
			s |= mstatusSPP
		}
		c.mstatus = s
		h.priv = PrivS
		h.pc = c.stvec &^ 3
		if intr && c.stvec&1 != 0 {
			h.pc += 4 * cause
		}
	} else {
		c.mcause, c.mepc, c.mtval = mcause, h.pc, tval
		s := c.mstatus &^ (mstatusMPIE | mstatusMIE | mstatusMPP)
		if c.mstatus&mstatusMIE != 0 {
			s |= mstatusMPIE
		}
		s |= uint64(h.priv) << 11
		c.mstatus = s
		h.priv = PrivM
		h.pc = c.mtvec &^ 3
		if intr && c.mtvec&1 != 0 {
			h.pc += 4 * cause
		}
	}
	h.wfi = false
	h.contextChanged()
	if h.trapHook != nil && h.trapHook(cause, tval, intr) {
		h.limit = 0
		h.stop = StopTrap
	}
}

// interruptOrder is the priority of interrupts, highest first.
var interruptOrder = [...]uint64{IntMExt, IntMSoft, IntMTimer, IntSExt, IntSSoft, IntSTimer}

// takeInterrupt enters the handler of the highest-priority pending and
// enabled interrupt, if any.
func (h *Hart) takeInterrupt() {
	c := &h.csr
	pend := h.mip() & c.mie
	if pend == 0 {
		return
	}
	enabled := uint64(0)
	if h.priv < PrivM || c.mstatus&mstatusMIE != 0 {
		enabled |= pend &^ c.mideleg
	}
	if h.priv < PrivS || (h.priv == PrivS && c.mstatus&mstatusSIE != 0) {
		enabled |= pend & c.mideleg
	}
	for _, i := range interruptOrder {
		if enabled>>i&1 != 0 {
			h.trap(i, 0, true)
			h.icount++
			return
		}
	}
}

func (h *Hart) mret() uint64 {
	c := &h.csr
	mpp := uint8(c.mstatus >> 11 & 3)
	s := c.mstatus &^ (mstatusMIE | mstatusMPP)
	if c.mstatus&mstatusMPIE != 0 {
		s |= mstatusMIE
	}
	s |= mstatusMPIE
	if mpp != PrivM {
		s &^= mstatusMPRV
	}
	c.mstatus = s
	h.priv = mpp
	h.contextChanged()
	h.Yield()
	return c.mepc
}

func (h *Hart) sret() uint64 {
	c := &h.csr
	spp := uint8(c.mstatus >> 8 & 1)
	s := c.mstatus &^ (mstatusSIE | mstatusSPP | mstatusMPRV)
	if c.mstatus&mstatusSPIE != 0 {
		s |= mstatusSIE
	}
	s |= mstatusSPIE
	c.mstatus = s
	h.priv = spp
	h.contextChanged()
	h.Yield()
	return c.sepc
}

// execCSR runs a Zicsr instruction; false means illegal instruction.
func (h *Hart) execCSR(in *Inst) bool {
	n := uint16(in.Imm)
	var src uint64
	switch in.Op {
	case OpCSRRW, OpCSRRS, OpCSRRC:
		src = h.x[in.Rs1&31]
	default:
		src = uint64(in.Rs1)
	}
	// CSRRW always writes; CSRRS/C write only when rs1/zimm is not zero.
	write := in.Op == OpCSRRW || in.Op == OpCSRRWI || in.Rs1 != 0
	if write && n>>10 == 3 {
		return false
	}
	// The F/D CSRs exist only while mstatus.FS is not Off. The check is
	// here, not in csrRead, so that a debugger reads them in any state.
	if n >= CSRFflags && n <= CSRFcsr && h.csr.mstatus&mstatusFS == 0 {
		return false
	}
	// CSR reads have no side effects here, so reading even when rd is x0
	// is harmless, and it checks that the CSR exists at this privilege.
	old, ok := h.csrRead(n)
	if !ok {
		return false
	}
	if write {
		nv := src
		switch in.Op {
		case OpCSRRS, OpCSRRSI:
			nv = old | src
		case OpCSRRC, OpCSRRCI:
			nv = old &^ src
		}
		if !h.csrWrite(n, nv) {
			return false
		}
	}
	h.SetReg(int(in.Rd), old)
	return true
}
