package riscv

// load reads size bytes at virtual address va for the current data
// privilege. On failure it has raised the exception and returns ok=false.
//
// Misaligned loads succeed (as on Spike and QEMU): within RAM they are one
// host access; across a translated page boundary they are split into bytes.
func (h *Hart) load(va uint64, size int) (uint64, bool) {
	pa := va
	if h.dataXlate {
		if va&(PageSize-1) > PageSize-uint64(size) {
			return h.loadSplit(va, size)
		}
		vp := va >> pageShift
		if e := &h.tlb.entries[accLoad][vp%tlbSize]; e.vpage == vp && e.gen == h.tlb.gen {
			pa = e.ppage | va&(PageSize-1)
		} else {
			var cause uint64
			var ok bool
			if pa, cause, ok = h.translate(va, accLoad, h.dataPriv); !ok {
				h.raise(cause, va)
				return 0, false
			}
		}
	}
	m := h.mem
	if off := pa - m.base; off < m.size && uint64(size) <= m.size-off && m.watch[off>>pageShift] == 0 {
		return m.load(off, size), true
	}
	return h.loadPhysSlow(pa, va, size)
}

// loadPhysSlow handles loads from watched RAM pages and from devices.
func (h *Hart) loadPhysSlow(pa, va uint64, size int) (uint64, bool) {
	m := h.mem
	if m.Contains(pa, uint64(size)) {
		off := pa - m.base
		v := m.load(off, size)
		if m.watch[off>>pageShift]&WatchRead != 0 && m.onAccess != nil {
			if m.onAccess(pa, size, false, v, v) {
				h.Yield()
			}
		}
		return v, true
	}
	if h.bus != nil {
		if v, ok := h.bus.Load(pa, size); ok {
			return v, true
		}
		// A misaligned device access may still be served byte by byte.
		if pa&uint64(size-1) != 0 {
			var v uint64
			for i := 0; i < size; i++ {
				b, ok := h.bus.Load(pa+uint64(i), 1)
				if !ok {
					h.raise(ExcLoadAccess, va)
					return 0, false
				}
				v |= b << (8 * i)
			}
			return v, true
		}
	}
	h.raise(ExcLoadAccess, va)
	return 0, false
}

// loadSplit performs a translated load that straddles a page boundary one
// byte at a time, each byte translated; a fault reports the original
// address.
func (h *Hart) loadSplit(va uint64, size int) (uint64, bool) {
	var v uint64
	for i := 0; i < size; i++ {
		a := va + uint64(i)
		pa, cause, ok := h.translate(a, accLoad, h.dataPriv)
		if !ok {
			h.raise(cause, va)
			return 0, false
		}
		b, ok := h.loadPhysSlow(pa, va, 1)
		if !ok {
			return 0, false
		}
		v |= b << (8 * i)
	}
	return v, true
}

// store writes the low size bytes of v at virtual address va. On failure it
// has raised the exception and returns false.
func (h *Hart) store(va uint64, size int, v uint64) bool {
	pa := va
	if h.dataXlate {
		if va&(PageSize-1) > PageSize-uint64(size) {
			return h.storeSplit(va, size, v)
		}
		vp := va >> pageShift
		if e := &h.tlb.entries[accStore][vp%tlbSize]; e.vpage == vp && e.gen == h.tlb.gen {
			pa = e.ppage | va&(PageSize-1)
		} else {
			var cause uint64
			var ok bool
			if pa, cause, ok = h.translate(va, accStore, h.dataPriv); !ok {
				h.raise(cause, va)
				return false
			}
		}
	}
	m := h.mem
	if off := pa - m.base; off < m.size && uint64(size) <= m.size-off && m.watch[off>>pageShift] == 0 {
		m.store(off, size, v)
		return true
	}
	return h.storePhysSlow(pa, va, size, v)
}

// storePhysSlow handles stores to watched RAM pages and to devices.
func (h *Hart) storePhysSlow(pa, va uint64, size int, v uint64) bool {
	m := h.mem
	if m.Contains(pa, uint64(size)) {
		off := pa - m.base
		old := m.load(off, size)
		m.store(off, size, v)
		if m.watch[off>>pageShift]&WatchWrite != 0 && m.onAccess != nil {
			if m.onAccess(pa, size, true, old, v&sizeMask(size)) {
				h.Yield()
			}
		}
		return true
	}
	if h.bus != nil {
		if h.bus.Store(pa, size, v) {
			return true
		}
		if pa&uint64(size-1) != 0 {
			for i := 0; i < size; i++ {
				if !h.bus.Store(pa+uint64(i), 1, v>>(8*i)&0xff) {
					h.raise(ExcStoreAccess, va)
					return false
				}
			}
			return true
		}
	}
	h.raise(ExcStoreAccess, va)
	return false
}

// storeSplit writes a translated store that straddles a page boundary. All
// bytes are translated before any is written, so a fault leaves memory
// unchanged.
func (h *Hart) storeSplit(va uint64, size int, v uint64) bool {
	var pas [8]uint64
	for i := 0; i < size; i++ {
		pa, cause, ok := h.translate(va+uint64(i), accStore, h.dataPriv)
		if !ok {
			h.raise(cause, va)
			return false
		}
		pas[i] = pa
	}
	for i := 0; i < size; i++ {
		if !h.storePhysSlow(pas[i], va, 1, v>>(8*i)&0xff) {
			return false
		}
	}
	return true
}

func sizeMask(size int) uint64 {
	if size == 8 {
		return ^uint64(0)
	}
	return 1<<(8*size) - 1
}

// amoAddr translates and checks the address of an LR, SC or AMO: it must
// be naturally aligned and in RAM. It returns the RAM offset.
func (h *Hart) amoAddr(va uint64, size int, kind int) (uint64, bool) {
	misaligned, access := uint64(ExcStoreMisaligned), uint64(ExcStoreAccess)
	if kind == accLoad {
		misaligned, access = ExcLoadMisaligned, ExcLoadAccess
	}
	if va&uint64(size-1) != 0 {
		h.raise(misaligned, va)
		return 0, false
	}
	pa := va
	if h.dataXlate {
		var cause uint64
		var ok bool
		if pa, cause, ok = h.translate(va, kind, h.dataPriv); !ok {
			h.raise(cause, va)
			return 0, false
		}
	}
	if !h.mem.Contains(pa, uint64(size)) {
		h.raise(access, va)
		return 0, false
	}
	return pa - h.mem.base, true
}

// notifyWatch runs the watch hook for an atomic access to RAM offset off.
func (h *Hart) notifyWatch(off uint64, size int, write bool, old, v uint64) {
	m := h.mem
	w := m.watch[off>>pageShift]
	if w == 0 || m.onAccess == nil {
		return
	}
	if (write && w&WatchWrite != 0) || (!write && w&WatchRead != 0) {
		if m.onAccess(off+m.base, size, write, old, v) {
			h.Yield()
		}
	}
}

func (h *Hart) execLR(in *Inst) bool {
	size := 4
	if in.Op == OpLRD {
		size = 8
	}
	off, ok := h.amoAddr(h.x[in.Rs1&31], size, accLoad)
	if !ok {
		return false
	}
	v := h.mem.load(off, size)
	h.notifyWatch(off, size, false, v, v)
	if size == 4 {
		v = sext32(v)
	}
	h.resAddr, h.resValid = off, true
	h.SetReg(int(in.Rd), v)
	return true
}

func (h *Hart) execSC(in *Inst) bool {
	size := 4
	if in.Op == OpSCD {
		size = 8
	}
	off, ok := h.amoAddr(h.x[in.Rs1&31], size, accStore)
	if !ok {
		return false
	}
	if h.resValid && h.resAddr == off {
		old := h.mem.load(off, size)
		v := h.x[in.Rs2&31]
		h.mem.store(off, size, v)
		h.notifyWatch(off, size, true, old, v&sizeMask(size))
		h.SetReg(int(in.Rd), 0)
	} else {
		h.SetReg(int(in.Rd), 1)
	}
	h.resValid = false
	return true
}

func (h *Hart) execAMO(in *Inst) bool {
	size := 4
	if in.Op >= OpAMOSWAPD {
		size = 8
	}
	off, ok := h.amoAddr(h.x[in.Rs1&31], size, accStore)
	if !ok {
		return false
	}
	m := h.mem
	old := m.load(off, size)
	src := h.x[in.Rs2&31]
	a := old
	if size == 4 {
		a = sext32(old)
		src = sext32(src)
	}
	var r uint64
	switch in.Op {
	case OpAMOSWAPW, OpAMOSWAPD:
		r = src
	case OpAMOADDW, OpAMOADDD:
		r = a + src
	case OpAMOXORW, OpAMOXORD:
		r = a ^ src
	case OpAMOANDW, OpAMOANDD:
		r = a & src
	case OpAMOORW, OpAMOORD:
		r = a | src
	case OpAMOMINW, OpAMOMIND:
		r = a
		if int64(src) < int64(a) {
			r = src
		}
	case OpAMOMAXW, OpAMOMAXD:
		r = a
		if int64(src) > int64(a) {
			r = src
		}
	case OpAMOMINUW, OpAMOMINUD:
		r = a
		if src < a {
			r = src
		}
	case OpAMOMAXUW, OpAMOMAXUD:
		r = a
		if src > a {
			r = src
		}
	}
	m.store(off, size, r)
	h.notifyWatch(off, size, true, old, r&sizeMask(size))
	h.SetReg(int(in.Rd), a)
	return true
}
