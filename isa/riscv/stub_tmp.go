package riscv

// Temporary: replaced by the executor (exec.go, csr.go, mmu.go).

type cachedInst struct {
	Inst
	decoded bool
}

type csrFile struct{}

type tlb struct{}

// Reset puts the hart in M-mode at pc with a cleared state.
func (h *Hart) Reset(pc uint64) { h.pc = pc; h.priv = PrivM }

// Run executes until Icount reaches limit or something stops the hart.
func (h *Hart) Run(limit uint64) StopReason { return StopLimit }

// SetLines sets the board-driven mip bits selected by mask to val.
func (h *Hart) SetLines(mask, val uint64) {}

// ReadCSR reads CSR n without side effects; ok is false for unknown CSRs.
func (h *Hart) ReadCSR(n uint16) (uint64, bool) { return 0, false }

// WriteCSR writes CSR n as a debugger would (any privilege).
func (h *Hart) WriteCSR(n uint16, v uint64) bool { return false }

// TimerCompare returns stimecmp and whether Sstc drives STIP from it
// (menvcfg.STCE set), so the board can bound run slices by the deadline.
func (h *Hart) TimerCompare() (uint64, bool) { return 0, false }
