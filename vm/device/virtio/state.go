package virtio

import (
	"encoding/binary"
	"fmt"
)

// Saved state: a little-endian, fixed-order field list that starts with a
// version byte, like the other devices' (vm/device/state.go). A
// transport's state embeds its backend's kind and state, so that
// restoring onto a slot holding another kind of device is refused.

// Version 2 added the device's spec to a transport's state, so that a
// restore can plug in the device a snapshot had (after a hot-plug); the
// backends' states are the same in both, and version 1 still reads.
const stateVersion = 2

// maxBackendState bounds a backend's saved state (a block overlay may be
// large), so that a damaged length cannot make Restore allocate wildly.
const maxBackendState = 1 << 31

type enc struct{ b []byte }

func newEnc() *enc { return &enc{b: []byte{stateVersion}} }

func (e *enc) u8(v byte)      { e.b = append(e.b, v) }
func (e *enc) u16(v uint16)   { e.b = binary.LittleEndian.AppendUint16(e.b, v) }
func (e *enc) u32(v uint32)   { e.b = binary.LittleEndian.AppendUint32(e.b, v) }
func (e *enc) u64(v uint64)   { e.b = binary.LittleEndian.AppendUint64(e.b, v) }
func (e *enc) bool(v bool)    { e.u8(byte(boolU32(v))) }
func (e *enc) bytes(v []byte) { e.u32(uint32(len(v))); e.b = append(e.b, v...) }

type dec struct {
	what    string
	b       []byte
	err     error
	version byte
}

func newDec(what string, b []byte) *dec {
	d := &dec{what: what, b: b}
	switch {
	case len(b) == 0:
		d.err = fmt.Errorf("restore %s: empty state", what)
	case b[0] < 1 || b[0] > stateVersion:
		d.err = fmt.Errorf("restore %s: state version %d, this build reads 1..%d", what, b[0], stateVersion)
	default:
		d.b, d.version = b[1:], b[0]
	}
	return d
}

func (d *dec) take(n uint64) []byte {
	if d.err != nil {
		return nil
	}
	if uint64(len(d.b)) < n {
		d.err = fmt.Errorf("restore %s: state truncated (%d bytes left, %d needed)", d.what, len(d.b), n)
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *dec) u8() byte {
	if v := d.take(1); v != nil {
		return v[0]
	}
	return 0
}

func (d *dec) u16() uint16 {
	if v := d.take(2); v != nil {
		return binary.LittleEndian.Uint16(v)
	}
	return 0
}

func (d *dec) u32() uint32 {
	if v := d.take(4); v != nil {
		return binary.LittleEndian.Uint32(v)
	}
	return 0
}

func (d *dec) u64() uint64 {
	if v := d.take(8); v != nil {
		return binary.LittleEndian.Uint64(v)
	}
	return 0
}

func (d *dec) bool() bool { return d.u8() != 0 }

func (d *dec) bytes(max uint64) []byte {
	n := uint64(d.u32())
	if d.err == nil && n > max {
		d.err = fmt.Errorf("restore %s: field of %d bytes exceeds %d", d.what, n, max)
		return nil
	}
	return append([]byte(nil), d.take(n)...)
}

func (d *dec) failf(format string, a ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("restore %s: %s", d.what, fmt.Sprintf(format, a...))
	}
}

func (d *dec) done() error {
	if d.err == nil && len(d.b) != 0 {
		d.err = fmt.Errorf("restore %s: %d unexpected bytes after the state", d.what, len(d.b))
	}
	return d.err
}

// Save implements device.Stateful: the transport's registers, each queue's
// placement and positions, and the backend's kind and state.
func (t *Transport) Save() []byte {
	e := newEnc()
	e.bool(t.legacy)
	e.u32(t.status)
	e.u32(t.devFeatSel)
	e.u32(t.drvFeatSel)
	e.u64(t.drvFeatures)
	e.u32(t.pageSize)
	e.u32(t.queueSel)
	e.u32(t.intStatus)
	e.u32(t.configGen)
	e.bool(t.irqLevel)
	e.u32(uint32(len(t.queues)))
	for _, q := range t.queues {
		e.u32(q.num)
		e.bool(q.ready)
		e.u32(q.pfn)
		e.u32(q.align)
		e.u64(q.desc)
		e.u64(q.avail)
		e.u64(q.used)
		e.u16(q.lastAvail)
		e.u16(q.usedIdx)
	}
	if t.dev == nil {
		e.bytes(nil)
		e.bytes(nil)
		e.bytes(nil)
	} else {
		sp, _ := t.Spec()
		e.bytes([]byte(t.dev.Kind()))
		e.bytes([]byte(sp.String()))
		e.bytes(t.dev.Save())
	}
	return e.b
}

// SavedSpec reads the device a transport's saved state (Save) holds: its
// spec, and false for an empty slot. A version 1 state does not name its
// device and gives an error.
func SavedSpec(b []byte) (Spec, bool, error) {
	d := newDec("virtio transport", b)
	d.bool()
	d.take(4*3 + 8 + 4*4 + 1)
	nq := d.u32()
	for i := uint32(0); i < nq && d.err == nil; i++ {
		d.take(4 + 1 + 4 + 4 + 8*3 + 2*2)
	}
	kind := string(d.bytes(64))
	if d.err == nil && d.version < 2 {
		return Spec{}, false, fmt.Errorf("restore virtio transport: a version 1 state does not name its device")
	}
	text := string(d.bytes(4096))
	if d.err != nil {
		return Spec{}, false, d.err
	}
	if kind == "" {
		return Spec{}, false, nil
	}
	sp, err := ParseSpec(text)
	return sp, true, err
}

// Restore implements device.Stateful. The slot must hold the same kind of
// device as the saved one (or be empty if that was); on error nothing
// changes.
func (t *Transport) Restore(b []byte) error {
	d := newDec(t.Name(), b)
	legacy := d.bool()
	var n Transport
	n.status, n.devFeatSel, n.drvFeatSel = d.u32(), d.u32(), d.u32()
	n.drvFeatures = d.u64()
	n.pageSize, n.queueSel, n.intStatus, n.configGen = d.u32(), d.u32(), d.u32(), d.u32()
	n.irqLevel = d.bool()
	nq := d.u32()
	want := 0
	if t.dev != nil {
		want = len(t.dev.QueueSizes())
	}
	if d.err == nil && int(nq) != want {
		d.failf("state has %d queues, the device in this slot %d", nq, want)
	}
	for i := uint32(0); i < nq && d.err == nil; i++ {
		var q queue
		q.num, q.ready, q.pfn, q.align = d.u32(), d.bool(), d.u32(), d.u32()
		q.desc, q.avail, q.used = d.u64(), d.u64(), d.u64()
		q.lastAvail, q.usedIdx = d.u16(), d.u16()
		n.queues = append(n.queues, q)
	}
	kind := string(d.bytes(64))
	if d.version >= 2 {
		d.bytes(4096) // the spec, for SavedSpec
	}
	bstate := d.bytes(maxBackendState)
	if d.err == nil && legacy != t.legacy {
		d.failf("state is of a version %d transport, this slot is version %d", map[bool]int{true: 1, false: 2}[legacy], t.version())
	}
	have := ""
	if t.dev != nil {
		have = t.dev.Kind()
	}
	if d.err == nil && kind != have {
		d.failf("state holds %q, this slot holds %q (hot-plug the same device first)", orEmpty(kind), orEmpty(have))
	}
	if err := d.done(); err != nil {
		return err
	}
	if t.dev != nil {
		if err := t.dev.Restore(bstate); err != nil {
			return fmt.Errorf("restore %s: %w", t.Name(), err)
		}
	}
	t.status, t.devFeatSel, t.drvFeatSel, t.drvFeatures = n.status, n.devFeatSel, n.drvFeatSel, n.drvFeatures
	t.pageSize, t.queueSel, t.intStatus, t.configGen = n.pageSize, n.queueSel, n.intStatus, n.configGen
	t.queues = n.queues
	// The PLIC restores its own copy of the line level; keep ours equal.
	t.irqLevel = n.irqLevel
	return nil
}

func orEmpty(kind string) string {
	if kind == "" {
		return "nothing"
	}
	return kind
}
