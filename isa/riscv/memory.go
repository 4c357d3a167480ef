package riscv

import (
	"encoding/binary"
	"math/bits"
)

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
	// breakpoints holds the physical addresses whose decoded instruction is
	// replaced by opBreakpoint in the code cache.
	breakpoints map[uint64]bool
}

// SetBreakpoint sets or clears an execution breakpoint at physical address
// paddr. The cost is paid at decode time only: the instruction's cached Op
// is replaced, so instructions without breakpoints run at full speed.
func (m *Memory) SetBreakpoint(paddr uint64, on bool) {
	if on {
		if m.breakpoints == nil {
			m.breakpoints = make(map[uint64]bool)
		}
		m.breakpoints[paddr] = true
	} else {
		delete(m.breakpoints, paddr)
	}
	if m.Contains(paddr, 1) {
		off := paddr - m.base
		if cp := m.code[off>>pageShift]; cp != nil {
			cp.insts[off&(PageSize-1)>>1] = Inst{}
		}
	}
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
// per halfword (RVC allows an instruction at every even address). A slot
// with Len == 0 is not decoded. Instructions that straddle the page end are
// never cached, so a slot depends only on bytes of its own page.
type codePage struct {
	insts [PageSize / 2]Inst
}

// invalidate drops the decoded slots that may contain bytes lo..hi (page
// offsets): an instruction starting up to 2 bytes before lo may cover it.
// Slots are cleared in place, so a hart holding a pointer to this page
// never sees stale code.
func (cp *codePage) invalidate(lo, hi uint64) {
	first := uint64(0)
	if lo >= 2 {
		first = (lo - 2) / 2
	}
	last := hi / 2
	if last >= PageSize/2 {
		last = PageSize/2 - 1
	}
	// The zero Inst (OpIllegal, Len 0) is what the hart treats as "not
	// decoded"; see Hart.Run.
	clear(cp.insts[first : last+1])
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
		m.touch(off, off+uint64(len(buf))-1)
	}
	return true
}

// touch marks RAM bytes off..end (inclusive) dirty and drops the decoded
// code that covers them.
func (m *Memory) touch(off, end uint64) {
	for p := off >> pageShift; p <= end>>pageShift; p++ {
		m.dirty[p>>6] |= 1 << (p & 63)
		if cp := m.code[p]; cp != nil {
			lo, hi := uint64(0), uint64(PageSize-1)
			if p == off>>pageShift {
				lo = off & (PageSize - 1)
			}
			if p == end>>pageShift {
				hi = end & (PageSize - 1)
			}
			cp.invalidate(lo, hi)
		}
	}
}

// IsDirty reports whether page number p (counted from Base) was written
// since the last ClearDirty.
func (m *Memory) IsDirty(p uint64) bool { return m.dirty[p>>6]&(1<<(p&63)) != 0 }

// ClearDirty forgets all dirty marks (after their owner has taken note of
// them, see ForEachDirty).
func (m *Memory) ClearDirty() { clear(m.dirty) }

// ForEachDirty calls f with the number of every dirty page, in increasing
// order, skipping clean stretches 64 pages at a time.
func (m *Memory) ForEachDirty(f func(p uint64)) {
	for i, w := range m.dirty {
		for w != 0 {
			b := uint64(bits.TrailingZeros64(w))
			f(uint64(i)<<6 | b)
			w &= w - 1
		}
	}
}

// Pages is the number of PageSize pages of RAM.
func (m *Memory) Pages() uint64 { return uint64(len(m.code)) }

// InvalidateCode drops every decoded instruction (a restore from snapshot
// that replaced RAM wholesale). Stores through Memory and harts keep the
// cache coherent by themselves, so fence.i needs no call here.
func (m *Memory) InvalidateCode() {
	for _, cp := range m.code {
		if cp != nil {
			clear(cp.insts[:])
		}
	}
}

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
	end := off + uint64(size) - 1
	if cp := m.code[p]; cp != nil || end>>pageShift != p {
		m.touch(off, end)
		return
	}
	m.dirty[p>>6] |= 1 << (p & 63)
}
