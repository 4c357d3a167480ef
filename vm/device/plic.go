package device

import (
	"math/bits"
	"strconv"

	"vmcore/isa/riscv"
)

// PLIC layout (QEMU virt, SiFive PLIC).
const (
	PLICBase uint64 = 0xC000000
	PLICSize uint64 = 0x600000

	// PLICSources is the number of interrupt source ids (0 is reserved, so
	// 1..PLICSources-1 exist): QEMU 7.2 virt advertises riscv,ndev = 96.
	PLICSources = 97
	// PLICPriorityBits is the width of priority and threshold registers.
	PLICPriorityBits = 3

	plicPriority   = 0x000000
	plicPending    = 0x001000
	plicEnable     = 0x002000
	plicEnableStep = 0x80
	plicContext    = 0x200000
	plicCtxStep    = 0x1000

	plicWords = (PLICSources + 31) / 32
	prioMask  = 1<<PLICPriorityBits - 1
)

// PLIC is the platform-level interrupt controller. Context 2N is hart N's
// M-mode (MEIP) and context 2N+1 its S-mode (SEIP), as on QEMU virt.
//
// Sources are level-triggered: a source's pending bit follows its line while
// the source is not claimed; a claim clears the pending bit and holds the
// source until the matching complete, after which a line that is still high
// makes it pending again. A context's interrupt output is high when some
// source is pending, enabled for it, unclaimed and of priority above the
// context's threshold.
type PLIC struct {
	lines     HartLines
	priority  [PLICSources]uint32
	level     [plicWords]uint32
	pending   [plicWords]uint32
	claimed   [plicWords]uint32
	enable    [][plicWords]uint32 // per context
	threshold []uint32
	out       []bool // last output level per context
}

// NewPLIC makes a PLIC with two contexts per hart, driving MEIP/SEIP
// through lines.
func NewPLIC(harts int, lines HartLines) *PLIC {
	p := &PLIC{
		lines:     lines,
		enable:    make([][plicWords]uint32, 2*harts),
		threshold: make([]uint32, 2*harts),
		out:       make([]bool, 2*harts),
	}
	p.Reset()
	return p
}

// Name implements Device.
func (p *PLIC) Name() string { return "plic" }

// Base implements Device.
func (p *PLIC) Base() uint64 { return PLICBase }

// Size implements Device.
func (p *PLIC) Size() uint64 { return PLICSize }

func bit(words []uint32, i int) bool { return words[i/32]&(1<<(i%32)) != 0 }

func setBit(words []uint32, i int, on bool) {
	if on {
		words[i/32] |= 1 << (i % 32)
	} else {
		words[i/32] &^= 1 << (i % 32)
	}
}

// SetIRQ implements IRQSink: source src's line is now at level. Source 0
// and ids out of range are ignored (a board wiring bug must not crash the
// guest).
func (p *PLIC) SetIRQ(src int, level bool) {
	if src <= 0 || src >= PLICSources {
		return
	}
	setBit(p.level[:], src, level)
	if !bit(p.claimed[:], src) {
		setBit(p.pending[:], src, level)
	}
	p.update()
}

// best returns the highest-priority source that is pending, enabled for ctx,
// unclaimed and above ctx's threshold (ties go to the lowest id), or 0.
func (p *PLIC) best(ctx int) int {
	id, max := 0, p.threshold[ctx]
	for w := range plicWords {
		cand := p.pending[w] & p.enable[ctx][w] &^ p.claimed[w]
		for cand != 0 {
			b := bits.TrailingZeros32(cand)
			cand &^= 1 << b
			src := w*32 + b
			if pr := p.priority[src]; pr > max {
				id, max = src, pr
			}
		}
	}
	return id
}

// update drives every context's output line from the current state.
func (p *PLIC) update() {
	for ctx := range p.out {
		on := p.best(ctx) != 0
		if on == p.out[ctx] {
			continue
		}
		p.out[ctx] = on
		mask := riscv.MipMEIP
		if ctx%2 == 1 {
			mask = riscv.MipSEIP
		}
		var v uint64
		if on {
			v = mask
		}
		p.lines.SetHartLines(ctx/2, mask, v)
	}
}

// Pending reports whether source src is pending (for tests and the pane).
func (p *PLIC) Pending(src int) bool {
	return src > 0 && src < PLICSources && bit(p.pending[:], src)
}

// reg identifies a register: kind, index (source, word or context).
type plicReg uint8

const (
	regNone plicReg = iota
	regPriority
	regPending
	regEnable
	regThreshold
	regClaim
)

func (p *PLIC) locate(off uint64) (plicReg, int, int) {
	nctx := uint64(len(p.out))
	switch {
	case off < plicPriority+4*PLICSources:
		return regPriority, int(off / 4), 0
	case off >= plicPending && off < plicPending+4*plicWords:
		return regPending, int((off - plicPending) / 4), 0
	case off >= plicEnable && off < plicEnable+plicEnableStep*nctx:
		rel := off - plicEnable
		ctx, w := rel/plicEnableStep, (rel%plicEnableStep)/4
		if w >= plicWords {
			return regNone, 0, 0
		}
		return regEnable, int(ctx), int(w)
	case off >= plicContext && off < plicContext+plicCtxStep*nctx:
		rel := off - plicContext
		ctx := int(rel / plicCtxStep)
		switch rel % plicCtxStep {
		case 0:
			return regThreshold, ctx, 0
		case 4:
			return regClaim, ctx, 0
		}
	}
	return regNone, 0, 0
}

// Load implements Device. Reading a context's claim register claims its
// best interrupt.
func (p *PLIC) Load(off uint64, size int) (uint64, bool) {
	if size != 4 || off%4 != 0 {
		return 0, false
	}
	kind, i, _ := p.locate(off)
	if kind != regClaim {
		return p.Peek(off, size)
	}
	src := p.best(i)
	if src != 0 {
		setBit(p.pending[:], src, false)
		setBit(p.claimed[:], src, true)
		p.update()
	}
	return uint64(src), true
}

// Peek implements Device; the claim register peeks at the id a claim would
// return.
func (p *PLIC) Peek(off uint64, size int) (uint64, bool) {
	if size != 4 || off%4 != 0 {
		return 0, false
	}
	kind, i, w := p.locate(off)
	switch kind {
	case regPriority:
		return uint64(p.priority[i]), true
	case regPending:
		return uint64(p.pending[i]), true
	case regEnable:
		return uint64(p.enable[i][w]), true
	case regThreshold:
		return uint64(p.threshold[i]), true
	case regClaim:
		return uint64(p.best(i)), true
	}
	// Holes in the map read as zero, as in QEMU, rather than faulting:
	// drivers probe the region.
	return 0, true
}

// Store implements Device.
func (p *PLIC) Store(off uint64, size int, val uint64) bool {
	if size != 4 || off%4 != 0 {
		return false
	}
	kind, i, w := p.locate(off)
	v := uint32(val)
	switch kind {
	case regPriority:
		if i != 0 {
			p.priority[i] = v & prioMask
		}
	case regEnable:
		if w == 0 {
			v &^= 1 // source 0 does not exist
		}
		if w == plicWords-1 && PLICSources%32 != 0 {
			v &= 1<<(PLICSources%32) - 1
		}
		p.enable[i][w] = v
	case regThreshold:
		p.threshold[i] = v & prioMask
	case regClaim:
		// Complete: release the source; if its line is still high it is
		// pending again at once (level-triggered gateway).
		if src := int(v); src > 0 && src < PLICSources && bit(p.claimed[:], src) {
			setBit(p.claimed[:], src, false)
			if bit(p.level[:], src) {
				setBit(p.pending[:], src, true)
			}
		}
	}
	p.update()
	return true
}

// Reset implements Device. Source line levels are kept: they belong to the
// devices driving them, which reset themselves.
func (p *PLIC) Reset() {
	p.priority = [PLICSources]uint32{}
	p.pending = p.level
	p.claimed = [plicWords]uint32{}
	for ctx := range p.out {
		p.enable[ctx] = [plicWords]uint32{}
		p.threshold[ctx] = 0
		p.out[ctx] = false
		mask := riscv.MipMEIP
		if ctx%2 == 1 {
			mask = riscv.MipSEIP
		}
		p.lines.SetHartLines(ctx/2, mask, 0)
	}
}

// State implements Device: non-zero priorities, pending and claimed words,
// and per-context enables and thresholds.
func (p *PLIC) State() []Field {
	var f []Field
	for src, pr := range p.priority {
		if pr != 0 {
			f = append(f, Field{Name: "priority" + strconv.Itoa(src), Value: uint64(pr)})
		}
	}
	for w := range plicWords {
		f = append(f, Field{Name: "pending" + strconv.Itoa(w), Value: uint64(p.pending[w])})
		f = append(f, Field{Name: "claimed" + strconv.Itoa(w), Value: uint64(p.claimed[w])})
	}
	for ctx := range p.out {
		name := "ctx" + strconv.Itoa(ctx)
		mode := "M"
		if ctx%2 == 1 {
			mode = "S"
		}
		note := "hart " + strconv.Itoa(ctx/2) + " " + mode
		if p.out[ctx] {
			note += ", asserted"
		}
		for w := range plicWords {
			f = append(f, Field{Name: name + ".enable" + strconv.Itoa(w), Value: uint64(p.enable[ctx][w]), Note: note})
		}
		f = append(f, Field{Name: name + ".threshold", Value: uint64(p.threshold[ctx]), Note: note})
	}
	return f
}
