package virtio

import (
	"fmt"

	"vmcore/vm/device"
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

// Save implements device.Stateful: the transport's registers, each queue's
// placement and positions, and the backend's kind and state.
func (t *Transport) Save() []byte {
	e := device.NewStateWriter(stateVersion)
	e.Bool(t.legacy)
	e.U32(t.status)
	e.U32(t.devFeatSel)
	e.U32(t.drvFeatSel)
	e.U64(t.drvFeatures)
	e.U32(t.pageSize)
	e.U32(t.queueSel)
	e.U32(t.intStatus)
	e.U32(t.configGen)
	e.Bool(t.irqLevel)
	e.U32(uint32(len(t.queues)))
	for _, q := range t.queues {
		e.U32(q.num)
		e.Bool(q.ready)
		e.U32(q.pfn)
		e.U32(q.align)
		e.U64(q.desc)
		e.U64(q.avail)
		e.U64(q.used)
		e.U16(q.lastAvail)
		e.U16(q.usedIdx)
	}
	if t.dev == nil {
		e.Bytes(nil)
		e.Bytes(nil)
		e.Bytes(nil)
	} else {
		sp, _ := t.Spec()
		e.Bytes([]byte(t.dev.Kind()))
		e.Bytes([]byte(sp.String()))
		e.Bytes(t.dev.Save())
	}
	return e.Data()
}

// SavedSpec reads the device a transport's saved state (Save) holds: its
// spec, and false for an empty slot. A version 1 state does not name its
// device and gives an error.
func SavedSpec(b []byte) (Spec, bool, error) {
	d := device.NewStateReader("virtio transport", b, 1, stateVersion)
	d.Bool()
	d.Take(4*3 + 8 + 4*4 + 1)
	nq := d.U32()
	for i := uint32(0); i < nq && d.Err() == nil; i++ {
		d.Take(4 + 1 + 4 + 4 + 8*3 + 2*2)
	}
	kind := string(d.Bytes(64))
	if d.Err() == nil && d.Version() < 2 {
		return Spec{}, false, fmt.Errorf("restore virtio transport: a version 1 state does not name its device")
	}
	text := string(d.Bytes(4096))
	if d.Err() != nil {
		return Spec{}, false, d.Err()
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
	d := device.NewStateReader(t.Name(), b, 1, stateVersion)
	legacy := d.Bool()
	var n Transport
	n.status, n.devFeatSel, n.drvFeatSel = d.U32(), d.U32(), d.U32()
	n.drvFeatures = d.U64()
	n.pageSize, n.queueSel, n.intStatus, n.configGen = d.U32(), d.U32(), d.U32(), d.U32()
	n.irqLevel = d.Bool()
	nq := d.U32()
	want := 0
	if t.dev != nil {
		want = len(t.dev.QueueSizes())
	}
	if d.Err() == nil && int(nq) != want {
		d.Failf("state has %d queues, the device in this slot %d", nq, want)
	}
	for i := uint32(0); i < nq && d.Err() == nil; i++ {
		var q queue
		q.num, q.ready, q.pfn, q.align = d.U32(), d.Bool(), d.U32(), d.U32()
		q.desc, q.avail, q.used = d.U64(), d.U64(), d.U64()
		q.lastAvail, q.usedIdx = d.U16(), d.U16()
		n.queues = append(n.queues, q)
	}
	kind := string(d.Bytes(64))
	if d.Version() >= 2 {
		d.Bytes(4096) // the spec, for SavedSpec
	}
	bstate := d.Bytes(maxBackendState)
	if d.Err() == nil && legacy != t.legacy {
		d.Failf("state is of a version %d transport, this slot is version %d", map[bool]int{true: 1, false: 2}[legacy], t.version())
	}
	have := ""
	if t.dev != nil {
		have = t.dev.Kind()
	}
	if d.Err() == nil && kind != have {
		d.Failf("state holds %q, this slot holds %q (hot-plug the same device first)", orEmpty(kind), orEmpty(have))
	}
	if err := d.Done(); err != nil {
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
