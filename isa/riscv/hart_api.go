package riscv

// Hart is one RV64IMAFDC hardware thread with M, S and U privilege levels,
// Sv39/Sv48 translation and Zicsr/Zifencei/Zicntr/Sstc.
//
// A Hart is not safe for concurrent use: the board runs all harts on one
// goroutine (determinism contract), and others observe a hart only while it
// is not inside Run.
type Hart struct {
	x      [32]uint64
	f      [32]uint64 // F/D registers; singles are NaN-boxed
	pc     uint64
	priv   uint8
	icount uint64 // retired instructions; monotonic, never written by software
	limit  uint64 // Run returns when icount reaches this

	id    int
	mem   *Memory
	bus   Bus
	clock Clock

	wfi  bool
	stop StopReason // reason reported when limit was forced down

	csr csrFile

	// Fetch fast path: the virtual page (pc>>12) last fetched from and its
	// decoded code page. noPage in fetchVPage means no valid fetch page.
	fetchVPage uint64
	fetchPage  *codePage
	// tmp holds an instruction that cannot live in the code cache (fetched
	// from ROM, straddling a page, or a breakpoint being stepped over).
	tmp Inst

	// Translation context, recomputed by contextChanged.
	fetchXlate bool
	dataXlate  bool
	dataPriv   uint8
	tlb        tlb

	// trapHook, when set, sees every trap as it is taken.
	trapHook TrapHook

	// bpSkip is the pc whose breakpoint the next Run steps over once.
	bpSkip   uint64
	bpSkipOn bool

	// LR/SC reservation: physical address and whether it is held.
	resAddr  uint64
	resValid bool
}

// NewHart makes hart number id over the given RAM, bus and clock, reset to
// pc 0 in M-mode. Call Reset to set the entry point.
func NewHart(id int, mem *Memory, bus Bus, clock Clock) *Hart {
	h := &Hart{id: id, mem: mem, bus: bus, clock: clock}
	h.Reset(0)
	return h
}

// ID is the hart id (mhartid).
func (h *Hart) ID() int { return h.id }

// PC is the address of the next instruction to execute.
func (h *Hart) PC() uint64 { return h.pc }

// SetPC moves the hart to pc.
func (h *Hart) SetPC(pc uint64) { h.pc = pc &^ 1; h.fetchVPage = noPage }

// Reg returns integer register x[i] (x0 is always 0).
func (h *Hart) Reg(i int) uint64 { return h.x[i&31] }

// SetReg writes x[i]; writes to x0 are ignored.
func (h *Hart) SetReg(i int, v uint64) {
	if i&31 != 0 {
		h.x[i&31] = v
	}
}

// Priv is the current privilege level (PrivU, PrivS or PrivM).
func (h *Hart) Priv() uint8 { return h.priv }

// Icount is the number of instructions this hart has retired since it was
// made. Unlike minstret it cannot be written by the guest.
func (h *Hart) Icount() uint64 { return h.icount }

// Waiting reports whether the hart is stalled in wfi.
func (h *Hart) Waiting() bool { return h.wfi }

// Yield asks a running hart to return from Run with StopYield after the
// current instruction. Devices call it (through the board) when their state
// changes in a way that may raise an interrupt.
func (h *Hart) Yield() {
	if h.limit > h.icount+1 {
		h.limit = h.icount + 1
	}
	h.stop = StopYield
}

// SetPriv sets the privilege level (PrivU, PrivS or PrivM; other values are
// ignored), as a debugger writing GDB's priv register does.
func (h *Hart) SetPriv(p uint8) {
	if p == PrivU || p == PrivS || p == PrivM {
		h.priv = p
		h.contextChanged()
	}
}

// TrapHook is called as a trap is taken, after the trap CSRs are written and
// the pc moved to the handler. cause has no interrupt bit; intr says whether
// it is an interrupt. Returning true makes Run return StopTrap after it.
type TrapHook func(cause, tval uint64, intr bool) (stop bool)

// SetTrapHook installs (or, with nil, removes) the trap hook.
func (h *Hart) SetTrapHook(f TrapHook) { h.trapHook = f }
