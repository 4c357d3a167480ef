package machine

import (
	"errors"
	"fmt"
	"path/filepath"

	"vmcore/vm/device"
	"vmcore/vm/device/virtio"
)

// Virtio devices in the board's slots: those of the Config at power-on,
// and hot-plugged ones.
//
// AttachVirtio and DetachVirtio are called between Runs, on the goroutine
// that drives the machine, like every accessor; a recorder stamps them with
// Position() so that a replay performs them at the same point (AlignTo,
// then the same call).

// ErrNoFreeSlot is returned when every virtio slot holds a device.
var ErrNoFreeSlot = errors.New("every virtio slot holds a device")

func (m *Machine) attachConfigured() error {
	for i, sp := range m.cfg.Virtio {
		if _, err := m.AttachVirtio(sp.Slot, sp); err != nil {
			return fmt.Errorf("machine: virtio device %d (%s): %w", i, sp, err)
		}
	}
	return nil
}

// freeSlot returns the highest empty slot, the one QEMU would give the
// next -device.
func (m *Machine) freeSlot() (int, bool) {
	for i := virtio.Slots - 1; i >= 0; i-- {
		if m.vio[i].Backend() == nil {
			return i, true
		}
	}
	return 0, false
}

// AttachVirtio opens the device spec describes and puts it into slot
// (0..7; -1 takes the spec's slot, else the highest free one). It returns
// the slot used. The guest sees the slot's DeviceID change from 0 to the
// device's at its next read; the device starts reset, and no interrupt is
// raised, since no driver listens on an empty slot (a guest finds the
// device by probing, as after power-on).
func (m *Machine) AttachVirtio(slot int, spec virtio.Spec) (int, error) {
	// A disk is named by its absolute path: the slot's saved state (and so
	// the state hash) names the device, and a replay, which may run in
	// another directory, opens the same file.
	if spec.Kind == "blk" {
		if abs, err := filepath.Abs(spec.File); err == nil {
			spec.File = abs
		}
		if spec.Overlay != "" {
			if abs, err := filepath.Abs(spec.Overlay); err == nil {
				spec.Overlay = abs
			}
		}
	}
	if slot < 0 {
		slot = spec.Slot
	}
	if slot < 0 {
		s, ok := m.freeSlot()
		if !ok {
			return -1, ErrNoFreeSlot
		}
		slot = s
	}
	if slot >= virtio.Slots {
		return -1, fmt.Errorf("virtio slot %d: the board has slots 0..%d", slot, virtio.Slots-1)
	}
	t := m.vio[slot]
	if b := t.Backend(); b != nil {
		return -1, &virtio.SlotError{Slot: slot, Err: virtio.ErrSlotBusy, Detail: "holds " + b.Kind()}
	}
	b, err := virtio.Open(spec, virtio.Host{Console: m.cfg.Console, Seed: m.cfg.RNGSeed})
	if err != nil {
		return -1, err
	}
	if err := t.Attach(b); err != nil {
		b.Close()
		return -1, err
	}
	return slot, nil
}

// AttachVirtioSpec parses a spec string ("blk:file=disk.img,readonly",
// "rng:seed=1,slot=3", see virtio.Spec) and attaches it.
func (m *Machine) AttachVirtioSpec(text string) (int, error) {
	sp, err := virtio.ParseSpec(text)
	if err != nil {
		return -1, err
	}
	return m.AttachVirtio(-1, sp)
}

// DetachVirtio removes the device in slot and closes it. A device with
// requests in flight is refused with an error wrapping
// virtio.ErrInFlight (a *virtio.SlotError saying where); nothing changes
// then. If the guest's driver had the device running, the slot raises a
// configuration-change interrupt on its PLIC line.
func (m *Machine) DetachVirtio(slot int) error {
	if slot < 0 || slot >= virtio.Slots {
		return fmt.Errorf("virtio slot %d: the board has slots 0..%d", slot, virtio.Slots-1)
	}
	b, err := m.vio[slot].Detach()
	if err != nil {
		return err
	}
	return b.Close()
}

// Virtio returns the transport of slot (0..7), nil if out of range.
func (m *Machine) Virtio(slot int) *virtio.Transport {
	if slot < 0 || slot >= virtio.Slots {
		return nil
	}
	return m.vio[slot]
}

// VirtioSpecs lists the attached devices with their slots, in slot order:
// what a recorder stores (with the image digests) to build the same board.
func (m *Machine) VirtioSpecs() []virtio.Spec {
	var out []virtio.Spec
	for _, t := range m.vio {
		if sp, ok := t.Spec(); ok {
			out = append(out, sp)
		}
	}
	return out
}

// RTC is the goldfish real-time clock.
func (m *Machine) RTC() *device.GoldfishRTC { return m.rtc }

// replugged is what replugFor changed: per slot, the backend it took out
// and the one it put in.
type replugged struct {
	slots    []int
	old, new []virtio.Backend
	m        *Machine
}

// replugFor makes each virtio slot hold the device snapshot s had there
// (by the spec its saved state names), opening devices as needed. Slots
// that already hold it are left alone; a state that names no device (an
// older snapshot) is left for Restore to judge.
func (m *Machine) replugFor(s *Snapshot) (*replugged, error) {
	r := &replugged{m: m}
	for _, ds := range s.Devices {
		var slot int
		if _, err := fmt.Sscanf(ds.Name, "virtio%d", &slot); err != nil || slot < 0 || slot >= len(m.vio) {
			continue
		}
		want, present, err := virtio.SavedSpec(ds.Data)
		if err != nil {
			continue
		}
		t := m.vio[slot]
		have, ok := t.Spec()
		if ok == present && (!ok || have.String() == want.String()) {
			continue
		}
		var b virtio.Backend
		if present {
			if b, err = virtio.Open(want, virtio.Host{Console: m.cfg.Console, Seed: m.cfg.RNGSeed}); err != nil {
				r.undo()
				return nil, fmt.Errorf("machine: restoring %s: plugging back %s: %w", ds.Name, want, err)
			}
		}
		r.slots = append(r.slots, slot)
		r.old = append(r.old, t.Replace(b))
		r.new = append(r.new, b)
	}
	return r, nil
}

// undo puts the old devices back and closes the ones opened.
func (r *replugged) undo() {
	for i := len(r.slots) - 1; i >= 0; i-- {
		r.m.vio[r.slots[i]].Replace(r.old[i])
		if r.new[i] != nil {
			_ = r.new[i].Close()
		}
	}
}

// done closes the devices taken out.
func (r *replugged) done() {
	for _, b := range r.old {
		if b != nil {
			_ = b.Close()
		}
	}
}
