package device

import (
	"encoding/binary"
	"fmt"
)

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

type stateWriter struct{ b []byte }

func newStateWriter() *stateWriter { return &stateWriter{b: []byte{stateVersion}} }

func (w *stateWriter) u8(v byte)      { w.b = append(w.b, v) }
func (w *stateWriter) u32(v uint32)   { w.b = binary.LittleEndian.AppendUint32(w.b, v) }
func (w *stateWriter) u64(v uint64)   { w.b = binary.LittleEndian.AppendUint64(w.b, v) }
func (w *stateWriter) bool(v bool)    { w.u8(byte(boolVal(v))) }
func (w *stateWriter) bytes(v []byte) { w.u32(uint32(len(v))); w.b = append(w.b, v...) }

// stateReader decodes what stateWriter wrote; the first failure sticks.
type stateReader struct {
	dev string
	b   []byte
	err error
}

func newStateReader(dev string, b []byte) *stateReader {
	r := &stateReader{dev: dev, b: b}
	if len(b) == 0 {
		r.err = fmt.Errorf("restore %s: empty state", dev)
	} else if b[0] != stateVersion {
		r.err = fmt.Errorf("restore %s: state version %d, this build reads %d", dev, b[0], stateVersion)
	} else {
		r.b = b[1:]
	}
	return r
}

func (r *stateReader) take(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || len(r.b) < n {
		r.err = fmt.Errorf("restore %s: state truncated (%d bytes left, %d needed)", r.dev, len(r.b), n)
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *stateReader) u8() byte {
	if v := r.take(1); v != nil {
		return v[0]
	}
	return 0
}

func (r *stateReader) u32() uint32 {
	if v := r.take(4); v != nil {
		return binary.LittleEndian.Uint32(v)
	}
	return 0
}

func (r *stateReader) u64() uint64 {
	if v := r.take(8); v != nil {
		return binary.LittleEndian.Uint64(v)
	}
	return 0
}

func (r *stateReader) bool() bool { return r.u8() != 0 }

func (r *stateReader) bytes(max int) []byte {
	n := r.u32()
	if r.err == nil && uint64(n) > uint64(max) {
		r.err = fmt.Errorf("restore %s: field of %d bytes exceeds %d", r.dev, n, max)
		return nil
	}
	return append([]byte(nil), r.take(int(n))...)
}

// count reads a length that must equal want (the board's shape).
func (r *stateReader) count(what string, want int) {
	if n := r.u32(); r.err == nil && int(n) != want {
		r.err = fmt.Errorf("restore %s: state has %d %s, this device has %d", r.dev, n, what, want)
	}
}

// done checks that every byte was consumed.
func (r *stateReader) done() error {
	if r.err == nil && len(r.b) != 0 {
		r.err = fmt.Errorf("restore %s: %d unexpected bytes after the state", r.dev, len(r.b))
	}
	return r.err
}

// Save implements Stateful.
func (f *Finisher) Save() []byte {
	w := newStateWriter()
	w.u8(byte(f.kind))
	w.u32(uint32(f.code))
	w.u32(f.last)
	return w.b
}

// Restore implements Stateful.
func (f *Finisher) Restore(b []byte) error {
	r := newStateReader(f.Name(), b)
	kind, code, last := FinishKind(r.u8()), r.u32(), r.u32()
	if err := r.done(); err != nil {
		return err
	}
	f.kind, f.code, f.last = kind, uint16(code), last
	return nil
}

// Save implements Stateful.
func (c *CLINT) Save() []byte {
	w := newStateWriter()
	w.u64(c.offset)
	w.u32(uint32(len(c.msip)))
	for h := range c.msip {
		w.u32(c.msip[h])
		w.u64(c.mtimecmp[h])
		w.bool(c.mtip[h])
	}
	return w.b
}

// Restore implements Stateful. The hart count must match.
func (c *CLINT) Restore(b []byte) error {
	r := newStateReader(c.Name(), b)
	offset := r.u64()
	r.count("harts", len(c.msip))
	n := len(c.msip)
	msip, cmp, mtip := make([]uint32, n), make([]uint64, n), make([]bool, n)
	for h := 0; h < n && r.err == nil; h++ {
		msip[h], cmp[h], mtip[h] = r.u32(), r.u64(), r.bool()
	}
	if err := r.done(); err != nil {
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
	w := newStateWriter()
	for _, v := range p.priority {
		w.u32(v)
	}
	for _, arr := range [][plicWords]uint32{p.level, p.pending, p.claimed} {
		for _, v := range arr {
			w.u32(v)
		}
	}
	w.u32(uint32(len(p.out)))
	for ctx := range p.out {
		for _, v := range p.enable[ctx] {
			w.u32(v)
		}
		w.u32(p.threshold[ctx])
		w.bool(p.out[ctx])
	}
	return w.b
}

// Restore implements Stateful. The context count must match.
func (p *PLIC) Restore(b []byte) error {
	r := newStateReader(p.Name(), b)
	var prio [PLICSources]uint32
	for i := range prio {
		prio[i] = r.u32()
	}
	var words [3][plicWords]uint32
	for k := range words {
		for i := range words[k] {
			words[k][i] = r.u32()
		}
	}
	n := len(p.out)
	r.count("contexts", n)
	enable, thr, out := make([][plicWords]uint32, n), make([]uint32, n), make([]bool, n)
	for ctx := 0; ctx < n && r.err == nil; ctx++ {
		for i := range enable[ctx] {
			enable[ctx][i] = r.u32()
		}
		thr[ctx], out[ctx] = r.u32(), r.bool()
	}
	if err := r.done(); err != nil {
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
	w := newStateWriter()
	for _, v := range []byte{u.rbr, u.ier, u.iir, u.fcr, u.lcr, u.mcr, u.lsr, u.msr, u.scr, u.dll, u.dlm} {
		w.u8(v)
	}
	w.b = append(w.b, u.fifo[:]...)
	w.u32(uint32(u.fifoHead))
	w.u32(uint32(u.fifoLen))
	w.bytes(u.input)
	w.bool(u.thrPending)
	w.bool(u.irqLevel)
	w.u64(u.txBytes)
	return w.b
}

// Restore implements Stateful.
func (u *UART) Restore(b []byte) error {
	r := newStateReader(u.Name(), b)
	var regs [11]byte
	for i := range regs {
		regs[i] = r.u8()
	}
	var fifo [uartFIFOSize]byte
	copy(fifo[:], r.take(uartFIFOSize))
	head, n := r.u32(), r.u32()
	input := r.bytes(maxUARTInput)
	thr, irq, tx := r.bool(), r.bool(), r.u64()
	if r.err == nil && (head >= uartFIFOSize || n > uartFIFOSize) {
		r.err = fmt.Errorf("restore %s: FIFO head %d, length %d out of range", u.Name(), head, n)
	}
	if err := r.done(); err != nil {
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
	w := newStateWriter()
	w.bool(h.exited)
	w.u64(h.code)
	w.u64(h.commands)
	w.u64(h.last)
	return w.b
}

// Restore implements the HTIF's half of Stateful.
func (h *HTIF) Restore(b []byte) error {
	r := newStateReader(h.Name(), b)
	exited, code, cmds, last := r.bool(), r.u64(), r.u64(), r.u64()
	if err := r.done(); err != nil {
		return err
	}
	h.exited, h.code, h.commands, h.last = exited, code, cmds, last
	return nil
}
