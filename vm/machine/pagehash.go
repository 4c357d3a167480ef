package machine

import (
	"crypto/sha256"
	"math/bits"

	"vmcore/isa/riscv"
)

// pageHashes keeps a SHA-256 of every RAM page that was ever written, so
// that a StateHash rehashes only the pages written since the last one: a
// checkpoint of a guest with a gigabyte of live RAM costs what the guest
// changed, not what it holds.
//
// It takes over the RAM's dirty marks: harvest folds them into written
// and clears them, so Memory's marks mean "written since the last
// harvest" and written|dirty means "written since the RAM was last
// zeroed" (what eachPage needs to skip pages that were never touched).
//
// Invariant: for every page p in written that is not dirty, sums[p] is the
// hash of its current contents and zero[p] says whether they are all zero
// — unless stale is set (the RAM was replaced wholesale), in which case the
// next harvest rehashes every page in written|dirty.
type pageHashes struct {
	written []uint64 // bitmap: written before the last harvest
	zero    []uint64 // bitmap: all zero at the last hash
	sums    [][sha256.Size]byte
	stale   bool
}

func bit(b []uint64, p uint64) bool { return b[p>>6]&(1<<(p&63)) != 0 }

func setBit(b []uint64, p uint64, on bool) {
	if on {
		b[p>>6] |= 1 << (p & 63)
	} else {
		b[p>>6] &^= 1 << (p & 63)
	}
}

// ramReplaced tells the cache that RAM changed behind the dirty marks
// (zeroed for a reset, a load or a restore).
func (m *Machine) ramReplaced() { m.hashes.stale = true }

// harvest brings the page hashes up to date with the RAM.
func (m *Machine) harvest() {
	h := &m.hashes
	n := m.mem.Pages()
	if h.sums == nil {
		words := (n + 63) / 64
		h.written, h.zero = make([]uint64, words), make([]uint64, words)
		h.sums = make([][sha256.Size]byte, n)
	}
	rehash := func(p uint64) {
		data := m.ram[p*riscv.PageSize : (p+1)*riscv.PageSize]
		z := allZero(data)
		setBit(h.zero, p, z)
		if !z {
			h.sums[p] = sha256.Sum256(data)
		}
	}
	if h.stale {
		for i, w := range h.written {
			for w != 0 {
				p := uint64(i)<<6 | uint64(bits.TrailingZeros64(w))
				w &= w - 1
				if !m.mem.IsDirty(p) {
					rehash(p)
				}
			}
		}
		h.stale = false
	}
	m.mem.ForEachDirty(func(p uint64) {
		setBit(h.written, p, true)
		rehash(p)
	})
	m.mem.ClearDirty()
}

// mayBeNonZero reports whether page p was written since RAM was zeroed.
func (m *Machine) mayBeNonZero(p uint64) bool {
	return m.mem.IsDirty(p) || m.hashes.written != nil && bit(m.hashes.written, p)
}

// anyMayBeNonZero is mayBeNonZero for the 64 pages from p (a multiple of
// 64), so that clean stretches are skipped a word at a time.
func (m *Machine) anyMayBeNonZero(p uint64) bool {
	if m.hashes.written != nil && m.hashes.written[p>>6] != 0 {
		return true
	}
	end := min(p+64, m.mem.Pages())
	for q := p; q < end; q++ {
		if m.mem.IsDirty(q) {
			return true
		}
	}
	return false
}
