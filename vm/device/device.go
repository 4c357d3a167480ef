package device

import "fmt"

// Device is a memory-mapped peripheral on the board's bus.
//
// Offsets are relative to Base; the bus only calls Load, Store and Peek with
// off+size <= Size. A device that does not accept an access (an unsupported
// size, a hole in its register map) returns ok=false and the hart raises an
// access fault, as real hardware would signal a bus error.
type Device interface {
	// Name is a short, stable identifier such as "uart0" or "clint".
	Name() string
	// Base is the physical address of the first register.
	Base() uint64
	// Size is the length of the register window in bytes.
	Size() uint64
	// Load reads a register as the guest does, with its side effects
	// (reading RBR pops the UART FIFO, reading claim claims an interrupt).
	Load(off uint64, size int) (val uint64, ok bool)
	// Store writes a register as the guest does.
	Store(off uint64, size int, val uint64) (ok bool)
	// Peek reads what Load would return, without any side effect.
	Peek(off uint64, size int) (val uint64, ok bool)
	// State describes the device's registers and internal state for a
	// devices pane. The slice is freshly allocated on each call.
	State() []Field
	// Reset returns the device to its power-on state (a board reset).
	Reset()
}

// Field is one named value in a device's State.
type Field struct {
	Name  string
	Value uint64
	// Note is an optional human-readable decoding of Value (flag names,
	// "empty", ...).
	Note string
}

// String renders the field as "name=0x..." plus its note.
func (f Field) String() string {
	if f.Note != "" {
		return fmt.Sprintf("%s=%#x (%s)", f.Name, f.Value, f.Note)
	}
	return fmt.Sprintf("%s=%#x", f.Name, f.Value)
}

// IRQSink receives the level of an interrupt source line. The PLIC
// implements it; devices with an interrupt output hold one.
type IRQSink interface {
	SetIRQ(src int, level bool)
}

// HartLines drives the board-level interrupt lines of a hart (the mip bits
// riscv.MipMSIP, MipMTIP, MipMEIP, MipSEIP). The board implements it.
type HartLines interface {
	SetHartLines(hart int, mask, val uint64)
}

// TimeSource is the board's virtual clock in timebase ticks: the raw value
// of mtime before any guest write to mtime offsets it.
type TimeSource interface {
	Ticks() uint64
}

// validSize reports whether size is a power-of-two access width of 1..8
// bytes and the access lies inside a register of width regSize starting at
// a multiple of regSize.
func validSize(off uint64, size int, regSize int) bool {
	switch size {
	case 1, 2, 4, 8:
	default:
		return false
	}
	if size > regSize {
		return false
	}
	return off%uint64(size) == 0
}

// readPart extracts the size bytes at byte offset off%regSize of a register
// value, so that 32-bit halves of 64-bit registers (mtimecmp, mtime) read as
// on hardware.
func readPart(reg uint64, off uint64, size int, regSize int) uint64 {
	shift := (off % uint64(regSize)) * 8
	v := reg >> shift
	if size < 8 {
		v &= 1<<(8*uint(size)) - 1
	}
	return v
}

// writePart merges a size-byte write at byte offset off%regSize into a
// register value.
func writePart(reg uint64, off uint64, size int, regSize int, val uint64) uint64 {
	shift := (off % uint64(regSize)) * 8
	mask := ^uint64(0)
	if size < 8 {
		mask = 1<<(8*uint(size)) - 1
	}
	return reg&^(mask<<shift) | (val&mask)<<shift
}
