package device

// Saving and restoring device state.
//
// Every device of the board can Save its complete internal state (what the
// guest can observe now or later, including the UART's FIFO and the input
// still queued behind it) as bytes, and Restore it. The encoding is a
// little-endian, fixed-order field list that starts with a version byte;
// Restore refuses a version or a length it does not know with an error
// naming the device, and changes nothing in that case. Host-side things
// (the console writer, a write error, the IRQ sink) are not state: they
// stay as they are on the device being restored.
//
// Snapshots store these bytes and checkpoint hashes cover them, so they
// must be a pure function of the device's state (no maps, no pointers).

// stateVersion is the first byte of every saved device state.
const stateVersion = 1

// Stateful is a device whose state can be saved and restored.
type Stateful interface {
	// Name is the device's short identifier.
	Name() string
	// Save returns the device's state as bytes (freshly allocated).
	Save() []byte
	// Restore makes the device's state the one Save returned; on error
	// the device is unchanged.
	Restore(b []byte) error
}

// Save implements Stateful.
func (f *Finisher) Save() []byte {
	w := NewStateWriter(stateVersion)
	w.U8(byte(f.kind))
	w.U32(uint32(f.code))
	w.U32(f.last)
	return w.Data()
}

// Restore implements Stateful.
func (f *Finisher) Restore(b []byte) error {
	r := NewStateReader(f.Name(), b, stateVersion, stateVersion)
	kind, code, last := FinishKind(r.U8()), r.U32(), r.U32()
	if err := r.Done(); err != nil {
		return err
	}
	f.kind, f.code, f.last = kind, uint16(code), last
	return nil
}

// Save implements Stateful.
func (c *CLINT) Save() []byte {
	w := NewStateWriter(stateVersion)
	w.U64(c.offset)
	w.U32(uint32(len(c.msip)))
	for h := range c.msip {
		w.U32(c.msip[h])
		w.U64(c.mtimecmp[h])
		w.Bool(c.mtip[h])
	}
	return w.Data()
}

// Restore implements Stateful. The hart count must match.
func (c *CLINT) Restore(b []byte) error {
	r := NewStateReader(c.Name(), b, stateVersion, stateVersion)
	offset := r.U64()
	r.Count("harts", len(c.msip))
	n := len(c.msip)
	msip, cmp, mtip := make([]uint32, n), make([]uint64, n), make([]bool, n)
	for h := 0; h < n && r.Err() == nil; h++ {
		msip[h], cmp[h], mtip[h] = r.U32(), r.U64(), r.Bool()
	}
	if err := r.Done(); err != nil {
		return err
	}
	c.offset = offset
	copy(c.msip, msip)
	copy(c.mtimecmp, cmp)
	copy(c.mtip, mtip)
	return nil
}

// Save implements Stateful.
func (p *PLIC) Save() []byte {
	w := NewStateWriter(stateVersion)
	for _, v := range p.priority {
		w.U32(v)
	}
	for _, arr := range [][plicWords]uint32{p.level, p.pending, p.claimed} {
		for _, v := range arr {
			w.U32(v)
		}
	}
	w.U32(uint32(len(p.out)))
	for ctx := range p.out {
		for _, v := range p.enable[ctx] {
			w.U32(v)
		}
		w.U32(p.threshold[ctx])
		w.Bool(p.out[ctx])
	}
	return w.Data()
}

// Restore implements Stateful. The context count must match.
func (p *PLIC) Restore(b []byte) error {
	r := NewStateReader(p.Name(), b, stateVersion, stateVersion)
	var prio [PLICSources]uint32
	for i := range prio {
		prio[i] = r.U32()
	}
	var words [3][plicWords]uint32
	for k := range words {
		for i := range words[k] {
			words[k][i] = r.U32()
		}
	}
	n := len(p.out)
	r.Count("contexts", n)
	enable, thr, out := make([][plicWords]uint32, n), make([]uint32, n), make([]bool, n)
	for ctx := 0; ctx < n && r.Err() == nil; ctx++ {
		for i := range enable[ctx] {
			enable[ctx][i] = r.U32()
		}
		thr[ctx], out[ctx] = r.U32(), r.Bool()
	}
	if err := r.Done(); err != nil {
		return err
	}
	p.priority = prio
	p.level, p.pending, p.claimed = words[0], words[1], words[2]
	copy(p.enable, enable)
	copy(p.threshold, thr)
	copy(p.out, out)
	return nil
}

// maxUARTInput bounds the queued console input a saved state may hold, so
// that a damaged length cannot make Restore allocate wildly.
const maxUARTInput = 64 << 20

// Save implements Stateful: registers, FIFO, and the input queued behind it.
func (u *UART) Save() []byte {
	w := NewStateWriter(stateVersion)
	for _, v := range []byte{u.rbr, u.ier, u.iir, u.fcr, u.lcr, u.mcr, u.lsr, u.msr, u.scr, u.dll, u.dlm} {
		w.U8(v)
	}
	w.Raw(u.fifo[:])
	w.U32(uint32(u.fifoHead))
	w.U32(uint32(u.fifoLen))
	w.Bytes(u.input)
	w.Bool(u.thrPending)
	w.Bool(u.irqLevel)
	w.U64(u.txBytes)
	return w.Data()
}

// Restore implements Stateful.
func (u *UART) Restore(b []byte) error {
	r := NewStateReader(u.Name(), b, stateVersion, stateVersion)
	var regs [11]byte
	for i := range regs {
		regs[i] = r.U8()
	}
	var fifo [uartFIFOSize]byte
	copy(fifo[:], r.Take(uartFIFOSize))
	head, n := r.U32(), r.U32()
	input := r.Bytes(maxUARTInput)
	thr, irq, tx := r.Bool(), r.Bool(), r.U64()
	if r.Err() == nil && (head >= uartFIFOSize || n > uartFIFOSize) {
		r.Failf("FIFO head %d, length %d out of range", head, n)
	}
	if err := r.Done(); err != nil {
		return err
	}
	u.rbr, u.ier, u.iir, u.fcr, u.lcr, u.mcr, u.lsr, u.msr, u.scr, u.dll, u.dlm =
		regs[0], regs[1], regs[2], regs[3], regs[4], regs[5], regs[6], regs[7], regs[8], regs[9], regs[10]
	u.fifo, u.fifoHead, u.fifoLen = fifo, int(head), int(n)
	if len(input) == 0 {
		input = nil
	}
	u.input = input
	u.thrPending, u.irqLevel, u.txBytes = thr, irq, tx
	return nil
}

// Save implements Stateful for the HTIF's host-side latches; tohost and
// fromhost themselves live in guest RAM.
func (h *HTIF) Save() []byte {
	w := NewStateWriter(stateVersion)
	w.Bool(h.exited)
	w.U64(h.code)
	w.U64(h.commands)
	w.U64(h.last)
	return w.Data()
}

// Restore implements the HTIF's half of Stateful.
func (h *HTIF) Restore(b []byte) error {
	r := NewStateReader(h.Name(), b, stateVersion, stateVersion)
	exited, code, cmds, last := r.Bool(), r.U64(), r.U64(), r.U64()
	if err := r.Done(); err != nil {
		return err
	}
	h.exited, h.code, h.commands, h.last = exited, code, cmds, last
	return nil
}
