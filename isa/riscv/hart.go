package riscv

// Bus is the hart's path to everything that is not RAM: device registers
// (MMIO) and the boot ROM. An access outside any device reports ok=false and
// the hart raises an access fault. Bus accesses are rare next to RAM
// accesses, so an interface call per access is affordable.
type Bus interface {
	Load(paddr uint64, size int) (val uint64, ok bool)
	Store(paddr uint64, size int, val uint64) (ok bool)
}

// Clock gives the hart the board's virtual time (the value of mtime), which
// the time CSR and Sstc's stimecmp compare read. It must be a pure function
// of the machine state so that replays are exact.
type Clock interface {
	Time() uint64
}

// StopReason says why Run returned.
type StopReason uint8

const (
	// StopLimit: the hart retired instructions up to the limit it was given.
	StopLimit StopReason = iota
	// StopYield: the hart ended its slice early because something that may
	// change interrupt state or needs the board's attention happened (an MMIO
	// access, a CSR write to interrupt enables, xRET, a watched-page hook that
	// asked to stop). The caller re-evaluates interrupt lines and calls Run
	// again.
	StopYield
	// StopWFI: the hart is waiting for an interrupt (wfi retired, or still
	// waiting). Run returns at once with StopWFI until mip&mie != 0.
	StopWFI
	// StopBreakpoint: the instruction at PC has a breakpoint flag; it has not
	// executed. Clear or step over the breakpoint to go on.
	StopBreakpoint
	// StopTrap: the trap hook asked to stop after a trap was taken; the pc
	// is the handler's first instruction.
	StopTrap
)

// Interrupt and exception numbers (mcause without the interrupt bit).
const (
	IntSSoft  = 1
	IntMSoft  = 3
	IntSTimer = 5
	IntMTimer = 7
	IntSExt   = 9
	IntMExt   = 11

	ExcInsnMisaligned  = 0
	ExcInsnAccess      = 1
	ExcIllegal         = 2
	ExcBreakpoint      = 3
	ExcLoadMisaligned  = 4
	ExcLoadAccess      = 5
	ExcStoreMisaligned = 6
	ExcStoreAccess     = 7
	ExcEcallU          = 8
	ExcEcallS          = 9
	ExcEcallM          = 11
	ExcInsnPage        = 12
	ExcLoadPage        = 13
	ExcStorePage       = 15
)

// Mip bits driven by the board (CLINT, PLIC), set with SetLines.
const (
	MipSSIP uint64 = 1 << IntSSoft
	MipMSIP uint64 = 1 << IntMSoft
	MipSTIP uint64 = 1 << IntSTimer
	MipMTIP uint64 = 1 << IntMTimer
	MipSEIP uint64 = 1 << IntSExt
	MipMEIP uint64 = 1 << IntMExt
)

// Privilege levels.
const (
	PrivU = 0
	PrivS = 1
	PrivM = 3
)
