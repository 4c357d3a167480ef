package debugger

import (
	"fmt"

	"vmcore/vm"
	"vmcore/vm/device/virtio"
	"vmcore/vm/machine"
)

// hotplug is the machine's hot-plug service, recording into the journal
// when there is one. Called on the debugger goroutine.
func (d *Debugger) hotplug() *vm.Hotplug {
	if d.journal == nil {
		return vm.NewHotplug(d.m, nil)
	}
	return vm.NewHotplug(d.m, d.journal)
}

// AttachVirtio plugs the device spec describes into its slot (or the
// highest free one) while the machine runs or is stopped, and returns the
// slot. The change is recorded, and the execution history makes it again
// when it re-executes past this point.
func (d *Debugger) AttachVirtio(spec virtio.Spec) (int, error) {
	slot := -1
	var err error
	if e := d.call(func() {
		if slot, err = d.hotplug().Attach(spec); err != nil {
			return
		}
		s, sp := slot, spec
		d.noteWrite(fmt.Sprintf("attach %s in slot %d", spec, slot), func(m *machine.Machine) error {
			_, err := m.AttachVirtio(s, sp)
			return err
		})
	}); e != nil {
		return -1, e
	}
	return slot, err
}

// DetachVirtio unplugs the device in slot; one with requests in flight is
// refused (see machine.DetachVirtio) and nothing changes.
func (d *Debugger) DetachVirtio(slot int) error {
	var err error
	if e := d.call(func() {
		if err = d.hotplug().Detach(slot); err != nil {
			return
		}
		d.noteWrite(fmt.Sprintf("detach slot %d", slot), func(m *machine.Machine) error {
			return m.DetachVirtio(slot)
		})
	}); e != nil {
		return e
	}
	return err
}
