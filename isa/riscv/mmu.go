package riscv

// Access kinds for translation.
const (
	accFetch = iota
	accLoad
	accStore
)

const tlbSize = 256

// tlbEntry maps one virtual page to a physical page for one access kind in
// the current translation context. An entry is valid only while its gen
// equals the TLB's: flushing is a counter bump, so it is cheap enough to do
// on every change of privilege, mstatus, or satp.
type tlbEntry struct {
	vpage uint64 // virtual address >> 12
	ppage uint64 // physical address of the page
	gen   uint64
}

// tlb caches translations per access kind. Entries are inserted only after
// the permission checks of that kind passed and the A (and for stores, D)
// bits were set, so a hit needs no further checks.
type tlb struct {
	gen     uint64
	entries [3][tlbSize]tlbEntry
}

func (t *tlb) flush() { t.gen++ }

func (t *tlb) lookup(kind int, vaddr uint64) (uint64, bool) {
	vp := vaddr >> pageShift
	e := &t.entries[kind][vp%tlbSize]
	if e.vpage == vp && e.gen == t.gen {
		return e.ppage | vaddr&(PageSize-1), true
	}
	return 0, false
}

func (t *tlb) insert(kind int, vaddr, paddr uint64) {
	vp := vaddr >> pageShift
	t.entries[kind][vp%tlbSize] = tlbEntry{vpage: vp, ppage: paddr &^ (PageSize - 1), gen: t.gen}
}

// contextChanged recomputes what depends on privilege, mstatus and satp:
// whether fetches and data accesses are translated, and drops cached
// translations and the fetch page.
func (h *Hart) contextChanged() {
	h.tlb.flush()
	h.fetchVPage = noPage
	mode := h.csr.satp >> 60
	h.fetchXlate = mode != satpModeBare && h.priv < PrivM
	dp := h.priv
	if h.priv == PrivM && h.csr.mstatus&mstatusMPRV != 0 {
		dp = uint8(h.csr.mstatus >> 11 & 3)
	}
	h.dataPriv = dp
	h.dataXlate = mode != satpModeBare && dp < PrivM
}

// accDebug is a translation for a debugger: the data context's page table,
// with no permission checks (a debugger reads user pages from S-mode and
// code pages without R), never cached.
const accDebug = 3

// pageFaultCause maps an access kind to its page-fault exception.
var pageFaultCause = [4]uint64{ExcInsnPage, ExcLoadPage, ExcStorePage, ExcLoadPage}

// accessFaultCause maps an access kind to its access-fault exception.
var accessFaultCause = [4]uint64{ExcInsnAccess, ExcLoadAccess, ExcStoreAccess, ExcLoadAccess}

// translate walks the page table for vaddr (Sv39 or Sv48, as satp says) at
// privilege priv. It returns the physical address, or the exception cause
// (page fault, or access fault when a PTE is not in memory) with ok=false.
func (h *Hart) translate(vaddr uint64, kind int, priv uint8) (paddr uint64, cause uint64, ok bool) {
	if pa, hit := h.tlb.lookup(kind, vaddr); hit {
		return pa, 0, true
	}
	return h.walk(vaddr, kind, priv, true)
}

// Access kinds for Translate.
const (
	AccessFetch = accFetch
	AccessLoad  = accLoad
	AccessStore = accStore
	// AccessDebug translates like a load but skips the permission checks.
	AccessDebug = accDebug
)

// Translate maps virtual address va to a physical address as an access of
// the given kind (AccessFetch, AccessLoad, AccessStore, AccessDebug) by the hart in its
// current context would, without side effects: no A/D bits are written and
// no TLB entry is filled. Debuggers use it to read guest memory by virtual
// address. ok is false when the access would fault.
func (h *Hart) Translate(va uint64, kind int) (pa uint64, ok bool) {
	xlate, priv := h.dataXlate, h.dataPriv
	if kind == accFetch {
		xlate, priv = h.fetchXlate, h.priv
	}
	if !xlate {
		return va, true
	}
	if kind < accFetch || kind > accDebug {
		return 0, false
	}
	pa, _, ok = h.walk(va, kind, priv, false)
	return pa, ok
}

// walk is the page-table walk behind translate and Translate; update says
// whether it may set A/D bits and fill the TLB.
func (h *Hart) walk(vaddr uint64, kind int, priv uint8, update bool) (paddr uint64, cause uint64, ok bool) {
	satp := h.csr.satp
	levels := 3
	if satp>>60 == satpModeSv48 {
		levels = 4
	}
	// The address must be sign-extended from its top translated bit.
	vabits := uint(12 + 9*levels)
	if top := int64(vaddr) >> (vabits - 1); top != 0 && top != -1 {
		return 0, pageFaultCause[kind], false
	}
	mstatus := h.csr.mstatus
	a := (satp & (1<<44 - 1)) << pageShift
	for level := levels - 1; level >= 0; level-- {
		vpn := vaddr >> (12 + 9*uint(level)) & 0x1ff
		pteAddr := a + vpn*8
		pte, okm := h.physLoad(pteAddr, 8)
		if !okm {
			return 0, accessFaultCause[kind], false
		}
		const (
			pteV = 1 << 0
			pteR = 1 << 1
			pteW = 1 << 2
			pteX = 1 << 3
			pteU = 1 << 4
			pteA = 1 << 6
			pteD = 1 << 7
		)
		// Bits 63:54 are reserved without Svnapot/Svpbmt; set means fault.
		if pte&pteV == 0 || (pte&pteR == 0 && pte&pteW != 0) || pte>>54 != 0 {
			return 0, pageFaultCause[kind], false
		}
		ppn := pte >> 10 & (1<<44 - 1)
		if pte&(pteR|pteX) == 0 {
			if level == 0 {
				return 0, pageFaultCause[kind], false
			}
			a = ppn << pageShift
			continue
		}
		// A leaf: check permissions (a debugger's translation skips them).
		if kind != accDebug && !leafPermits(pte, kind, priv, mstatus) {
			return 0, pageFaultCause[kind], false
		}
		// A superpage must be aligned: its low PPN fields are zero.
		if level > 0 && ppn&(1<<(9*uint(level))-1) != 0 {
			return 0, pageFaultCause[kind], false
		}
		// Hardware A/D update, as QEMU does.
		if !update {
			off := vaddr & (1<<(12+9*uint(level)) - 1)
			return (ppn<<pageShift)&^(1<<(12+9*uint(level))-1) | off, 0, true
		}
		if pte&pteA == 0 || (kind == accStore && pte&pteD == 0) {
			npte := pte | pteA
			if kind == accStore {
				npte |= pteD
			}
			if !h.physStore(pteAddr, 8, npte) {
				return 0, accessFaultCause[kind], false
			}
		}
		off := vaddr & (1<<(12+9*uint(level)) - 1)
		paddr = (ppn<<pageShift)&^(1<<(12+9*uint(level))-1) | off
		h.tlb.insert(kind, vaddr, paddr)
		return paddr, 0, true
	}
	return 0, pageFaultCause[kind], false
}

// physLoad reads physical memory (RAM or a device) for page walks.
func (h *Hart) physLoad(paddr uint64, size int) (uint64, bool) {
	if h.mem.Contains(paddr, uint64(size)) {
		return h.mem.load(paddr-h.mem.base, size), true
	}
	if h.bus == nil {
		return 0, false
	}
	return h.bus.Load(paddr, size)
}

func (h *Hart) physStore(paddr uint64, size int, v uint64) bool {
	if h.mem.Contains(paddr, uint64(size)) {
		h.mem.store(paddr-h.mem.base, size, v)
		return true
	}
	if h.bus == nil {
		return false
	}
	return h.bus.Store(paddr, size, v)
}

// leafPermits applies a leaf PTE's U/R/W/X bits and mstatus.SUM/MXR to an
// access of kind at privilege priv.
func leafPermits(pte uint64, kind int, priv uint8, mstatus uint64) bool {
	const (
		pteR = 1 << 1
		pteW = 1 << 2
		pteX = 1 << 3
		pteU = 1 << 4
	)
	if priv == PrivU && pte&pteU == 0 {
		return false
	}
	if priv == PrivS && pte&pteU != 0 && (kind == accFetch || mstatus&mstatusSUM == 0) {
		return false
	}
	switch kind {
	case accFetch:
		return pte&pteX != 0
	case accLoad:
		return pte&pteR != 0 || (mstatus&mstatusMXR != 0 && pte&pteX != 0)
	case accStore:
		return pte&pteW != 0
	}
	return false
}
