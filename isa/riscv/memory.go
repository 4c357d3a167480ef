package riscv

import "encoding/binary"

// PageSize is the granule of dirty tracking and of the decoded-instruction
// cache: the RISC-V base page.
const PageSize = 4096

const pageShift = 12

// Memory is guest RAM as the hart sees it: one contiguous byte slice at a
// physical base address. The board allocates the backing bytes (an mmap in
// vm/machine) and hands them over; the hart reads and writes them directly,
// without going through the device bus, which is what keeps it fast.
//
// Invariants: every write through Memory or through a hart marks its page in
// the dirty bitmap and drops any decoded instructions cached for that page,
// so a hart never executes stale code and snapshots see every change.
type Memory struct {
	base  uint64
	size  uint64
	data  []byte
	dirty []uint64    // one bit per page, set on any write
	code  []*codePage // decoded-instruction cache, one entry per page
	// watch has a byte per page: non-zero routes the hart's loads (bit
	// WatchRead) or stores (bit WatchWrite) to that page through onAccess.
	// Only watched pages pay for the check's slow path.
	watch    []uint8
	onAccess AccessHook
}

// Watch kinds for SetWatch.
const (
	WatchRead  uint8 = 1 << 0
	WatchWrite uint8 = 1 << 1
)

// AccessHook is called after a hart's load from (write=false) or store to
// (write=true) a watched page has taken effect. old is the value the bytes
// held before a store (equal to val for a load). Returning true asks the
// hart to stop after the current instruction (a watchpoint hit, an HTIF
// tohost write).
type AccessHook func(paddr uint64, size int, write bool, old, val uint64) (stop bool)

// SetAccessHook installs the function called on accesses to watched pages.
func (m *Memory) SetAccessHook(h AccessHook) { m.onAccess = h }

// SetWatch sets the watch kinds of the page holding paddr (replacing what was
// there; 0 removes the watch). It reports false if paddr is not in RAM.
func (m *Memory) SetWatch(paddr uint64, kinds uint8) bool {
	if !m.Contains(paddr, 1) {
		return false
	}
	m.watch[(paddr-m.base)>>pageShift] = kinds
	return true
}

// codePage caches the decoded instructions of one physical page, one slot
// per halfword (RVC allows an instruction at every even address).
type codePage struct {
	insts [PageSize / 2]cachedInst
}

// NewMemory wraps data as guest RAM at physical address base. len(data) must
// be a multiple of PageSize.
func NewMemory(base uint64, data []byte) *Memory {
	pages := (len(data) + PageSize - 1) / PageSize
	return &Memory{
		base:  base,
		size:  uint64(len(data)),
		data:  data,
		dirty: make([]uint64, (pages+63)/64),
		code:  make([]*codePage, pages),
		watch: make([]uint8, pages),
	}
}

// Base is the physical address of the first byte of RAM.
func (m *Memory) Base() uint64 { return m.base }

// Size is the RAM size in bytes.
func (m *Memory) Size() uint64 { return m.size }

// Bytes exposes the backing slice for bulk readers (snapshots, hashing).
// Writers must use Write so that dirty tracking and the code cache stay
// correct.
func (m *Memory) Bytes() []byte { return m.data }

// Contains reports whether [paddr, paddr+n) lies wholly in RAM.
func (m *Memory) Contains(paddr, n uint64) bool {
	off := paddr - m.base
	return paddr >= m.base && off < m.size && n <= m.size-off
}

// Read copies RAM at paddr into buf; it reports false, copying nothing, if
// the range is not wholly in RAM.
func (m *Memory) Read(paddr uint64, buf []byte) bool {
	if !m.Contains(paddr, uint64(len(buf))) {
		return false
	}
	copy(buf, m.data[paddr-m.base:])
	return true
}

// Write copies buf into RAM at paddr, marking pages dirty and invalidating
// decoded code; it reports false, writing nothing, if the range is not
// wholly in RAM. Loaders, DMA-capable devices and the debugger write here.
func (m *Memory) Write(paddr uint64, buf []byte) bool {
	if !m.Contains(paddr, uint64(len(buf))) {
		return false
	}
	off := paddr - m.base
	copy(m.data[off:], buf)
	if len(buf) > 0 {
		m.touch(off>>pageShift, (off+uint64(len(buf))-1)>>pageShift)
	}
	return true
}

// touch marks pages first..last dirty and drops their decoded code.
func (m *Memory) touch(first, last uint64) {
	for p := first; p <= last; p++ {
		m.dirty[p>>6] |= 1 << (p & 63)
		m.code[p] = nil
	}
}

// IsDirty reports whether page number p (counted from Base) was written
// since the last ClearDirty.
func (m *Memory) IsDirty(p uint64) bool { return m.dirty[p>>6]&(1<<(p&63)) != 0 }

// ClearDirty forgets all dirty marks (after a snapshot has captured them).
func (m *Memory) ClearDirty() { clear(m.dirty) }

// Pages is the number of PageSize pages of RAM.
func (m *Memory) Pages() uint64 { return uint64(len(m.code)) }

// InvalidateCode drops every decoded instruction (fence.i on any hart, a
// breakpoint change, a restore from snapshot).
func (m *Memory) InvalidateCode() { clear(m.code) }

// load and store are the hart's RAM fast path: off is already checked to
// lie in RAM with room for size bytes.
func (m *Memory) load(off uint64, size int) uint64 {
	d := m.data[off:]
	switch size {
	case 1:
		return uint64(d[0])
	case 2:
		return uint64(binary.LittleEndian.Uint16(d))
	case 4:
		return uint64(binary.LittleEndian.Uint32(d))
	default:
		return binary.LittleEndian.Uint64(d)
	}
}

func (m *Memory) store(off uint64, size int, v uint64) {
	d := m.data[off:]
	switch size {
	case 1:
		d[0] = byte(v)
	case 2:
		binary.LittleEndian.PutUint16(d, uint16(v))
	case 4:
		binary.LittleEndian.PutUint32(d, uint32(v))
	default:
		binary.LittleEndian.PutUint64(d, v)
	}
	p := off >> pageShift
	m.dirty[p>>6] |= 1 << (p & 63)
	if m.code[p] != nil {
		m.code[p] = nil
	}
	// A store that straddles a page boundary touches the next page too.
	if q := (off + uint64(size) - 1) >> pageShift; q != p {
		m.dirty[q>>6] |= 1 << (q & 63)
		m.code[q] = nil
	}
}
