package machine

import "encoding/binary"

type busView Machine

// busView is the Machine seen as the harts' riscv.Bus (a separate method
// set, so that Machine.Load can load programs): it serves the boot ROM and the
// devices, and RAM for completeness (harts reach RAM directly). Any device
// access makes the running hart yield, so that the board re-evaluates
// interrupt lines and finisher requests before the next instruction: the
// simplest rule that keeps interrupt delivery exact.

// window is a device's address range, kept beside the device so that
// finding the device of an access costs no interface calls: a guest
// polling a status register does this for every other instruction.
type window struct{ base, size uint64 }

func (w window) holds(paddr uint64, size int) (uint64, bool) {
	off := paddr - w.base
	return off, paddr >= w.base && off < w.size && uint64(size) <= w.size-off
}

// findDevice returns the device whose window holds [paddr, paddr+size).
// Accesses come in runs to one device, so the last one found is tried
// first.
func (m *Machine) findDevice(paddr uint64, size int) (int, uint64, bool) {
	if off, ok := m.windows[m.lastDev].holds(paddr, size); ok {
		return m.lastDev, off, true
	}
	for i, w := range m.windows {
		if off, ok := w.holds(paddr, size); ok {
			m.lastDev = i
			return i, off, true
		}
	}
	return 0, 0, false
}

func (m *Machine) deviceTouched() {
	if m.running {
		m.harts[m.cur].Yield()
	}
}

func inROM(paddr uint64, size int) bool {
	off := paddr - ROMBase
	return paddr >= ROMBase && off < ROMSize && uint64(size) <= ROMSize-off
}

func loadLE(b []byte, size int) uint64 {
	switch size {
	case 1:
		return uint64(b[0])
	case 2:
		return uint64(binary.LittleEndian.Uint16(b))
	case 4:
		return uint64(binary.LittleEndian.Uint32(b))
	}
	return binary.LittleEndian.Uint64(b)
}

func validWidth(size int) bool { return size == 1 || size == 2 || size == 4 || size == 8 }

// Load implements riscv.Bus.
func (bv *busView) Load(paddr uint64, size int) (uint64, bool) {
	m := (*Machine)(bv)
	if !validWidth(size) {
		return 0, false
	}
	if inROM(paddr, size) {
		return loadLE(m.rom[paddr-ROMBase:], size), true
	}
	if i, off, ok := m.findDevice(paddr, size); ok {
		m.deviceTouched()
		return m.devs[i].Load(off, size)
	}
	var b [8]byte
	if m.mem.Read(paddr, b[:size]) {
		return loadLE(b[:], size), true
	}
	return 0, false
}

// Store implements riscv.Bus. The ROM is read-only: stores to it fault.
func (bv *busView) Store(paddr uint64, size int, val uint64) bool {
	m := (*Machine)(bv)
	if !validWidth(size) {
		return false
	}
	if i, off, ok := m.findDevice(paddr, size); ok {
		m.deviceTouched()
		return m.devs[i].Store(off, size, val)
	}
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], val)
	return m.mem.Write(paddr, buf[:size])
}

// Peek reads physical memory (RAM, ROM or a device register) without side
// effects, for debuggers and memory panes.
func (m *Machine) Peek(paddr uint64, size int) (uint64, bool) {
	if !validWidth(size) {
		return 0, false
	}
	if inROM(paddr, size) {
		return loadLE(m.rom[paddr-ROMBase:], size), true
	}
	if i, off, ok := m.findDevice(paddr, size); ok {
		return m.devs[i].Peek(off, size)
	}
	var b [8]byte
	if m.mem.Read(paddr, b[:size]) {
		return loadLE(b[:], size), true
	}
	return 0, false
}
