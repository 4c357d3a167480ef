package device

import (
	"strconv"

	"vmcore/isa/riscv"
)

// CLINT layout (SiFive CLINT as in QEMU virt).
const (
	CLINTBase uint64 = 0x2000000
	CLINTSize uint64 = 0x10000

	clintMsip     = 0x0000 // 4 bytes per hart
	clintMtimecmp = 0x4000 // 8 bytes per hart
	clintMtime    = 0xBFF8
)

// CLINT is the core-local interruptor: per-hart software interrupt (msip)
// and timer compare (mtimecmp) registers, and the shared mtime.
//
// mtime is the board's virtual time (TimeSource ticks) plus an offset. A
// guest write to mtime changes the offset, so mtime then reads back what was
// written and keeps counting from there; the underlying virtual time, which
// schedules the board, is unaffected. mtimecmp resets to all ones so that no
// timer interrupt is pending before the guest programs one.
type CLINT struct {
	clock    TimeSource
	lines    HartLines
	msip     []uint32
	mtimecmp []uint64
	offset   uint64
	mtip     []bool // last MTIP level driven, to drive only changes
}

// NewCLINT makes a CLINT for harts harts, reading time from clock and
// driving MSIP and MTIP through lines.
func NewCLINT(harts int, clock TimeSource, lines HartLines) *CLINT {
	c := &CLINT{
		clock:    clock,
		lines:    lines,
		msip:     make([]uint32, harts),
		mtimecmp: make([]uint64, harts),
		mtip:     make([]bool, harts),
	}
	c.Reset()
	return c
}

// Name implements Device.
func (c *CLINT) Name() string { return "clint" }

// Base implements Device.
func (c *CLINT) Base() uint64 { return CLINTBase }

// Size implements Device.
func (c *CLINT) Size() uint64 { return CLINTSize }

// Mtime is the current value of the mtime register.
func (c *CLINT) Mtime() uint64 { return c.clock.Ticks() + c.offset }

// Mtimecmp returns hart's timer compare register.
func (c *CLINT) Mtimecmp(hart int) uint64 { return c.mtimecmp[hart] }

// TicksUntil returns how many ticks of virtual time remain before hart's
// timer interrupt becomes pending, and false if it is pending already. The
// board bounds run slices with it so that the interrupt arrives at an exact
// instruction count.
func (c *CLINT) TicksUntil(hart int) (uint64, bool) {
	now := c.Mtime()
	if now >= c.mtimecmp[hart] {
		return 0, false
	}
	return c.mtimecmp[hart] - now, true
}

// UpdateTimers drives MTIP of every hart from mtime >= mtimecmp. The board
// calls it whenever virtual time has moved.
func (c *CLINT) UpdateTimers() {
	now := c.Mtime()
	for h := range c.mtimecmp {
		c.setMTIP(h, now >= c.mtimecmp[h])
	}
}

func (c *CLINT) setMTIP(h int, on bool) {
	if c.mtip[h] == on {
		return
	}
	c.mtip[h] = on
	var v uint64
	if on {
		v = riscv.MipMTIP
	}
	c.lines.SetHartLines(h, riscv.MipMTIP, v)
}

// locate maps an offset to a register: kind 0 msip, 1 mtimecmp, 2 mtime,
// with the hart index and the register width.
func (c *CLINT) locate(off uint64) (kind, hart, width int, ok bool) {
	n := uint64(len(c.msip))
	switch {
	case off < clintMsip+4*n:
		return 0, int(off / 4), 4, true
	case off >= clintMtimecmp && off < clintMtimecmp+8*n:
		return 1, int((off - clintMtimecmp) / 8), 8, true
	case off >= clintMtime && off < clintMtime+8:
		return 2, 0, 8, true
	}
	return 0, 0, 0, false
}

// Load implements Device.
func (c *CLINT) Load(off uint64, size int) (uint64, bool) { return c.Peek(off, size) }

// Peek implements Device (CLINT reads have no side effects).
func (c *CLINT) Peek(off uint64, size int) (uint64, bool) {
	kind, h, w, ok := c.locate(off)
	if !ok || !validSize(off, size, w) {
		return 0, false
	}
	switch kind {
	case 0:
		return readPart(uint64(c.msip[h]), off, size, w), true
	case 1:
		return readPart(c.mtimecmp[h], off, size, w), true
	default:
		return readPart(c.Mtime(), off, size, w), true
	}
}

// Store implements Device.
func (c *CLINT) Store(off uint64, size int, val uint64) bool {
	kind, h, w, ok := c.locate(off)
	if !ok || !validSize(off, size, w) {
		return false
	}
	switch kind {
	case 0:
		c.msip[h] = uint32(writePart(uint64(c.msip[h]), off, size, w, val)) & 1
		var v uint64
		if c.msip[h] != 0 {
			v = riscv.MipMSIP
		}
		c.lines.SetHartLines(h, riscv.MipMSIP, v)
	case 1:
		c.mtimecmp[h] = writePart(c.mtimecmp[h], off, size, w, val)
		c.UpdateTimers()
	default:
		now := c.Mtime()
		c.offset += writePart(now, off, size, w, val) - now
		c.UpdateTimers()
	}
	return true
}

// Reset implements Device.
func (c *CLINT) Reset() {
	c.offset = 0
	for h := range c.msip {
		c.msip[h] = 0
		c.mtimecmp[h] = ^uint64(0)
		c.mtip[h] = false
		c.lines.SetHartLines(h, riscv.MipMSIP|riscv.MipMTIP, 0)
	}
}

// State implements Device.
func (c *CLINT) State() []Field {
	f := []Field{{Name: "mtime", Value: c.Mtime()}}
	for h := range c.msip {
		f = append(f,
			Field{Name: "msip" + strconv.Itoa(h), Value: uint64(c.msip[h])},
			Field{Name: "mtimecmp" + strconv.Itoa(h), Value: c.mtimecmp[h]})
	}
	return f
}
