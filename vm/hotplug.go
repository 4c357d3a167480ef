package vm

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"vmcore/vm/device/virtio"
	"vmcore/vm/machine"
)

// DeviceJournal is what hot-plug needs of a recording; *Journal has it.
type DeviceJournal interface {
	DeviceAttached(slot int, spec virtio.Spec) error
	DeviceDetached(slot int) error
}

// Hotplug is the device hot-plug service of one machine: it plugs and
// unplugs virtio devices and records each change (when j is not nil) as a
// DeviceAttached or DeviceDetached event at the machine's position, so
// that a replay makes the same change at the same instant. It is used on
// the goroutine that owns the machine.
type Hotplug struct {
	m *machine.Machine
	j DeviceJournal
}

// NewHotplug makes the hot-plug service of m, recording into j (nil: not
// recorded).
func NewHotplug(m *machine.Machine, j DeviceJournal) *Hotplug { return &Hotplug{m: m, j: j} }

// Attach plugs spec in (into spec.Slot, or the highest free slot) and
// returns the slot. A device the recording cannot describe is unplugged
// again and the error says why: the session never runs on a board its
// recording does not describe.
func (h *Hotplug) Attach(spec virtio.Spec) (int, error) {
	slot, err := h.m.AttachVirtio(-1, spec)
	if err != nil {
		return -1, Wrap(KindDevice, "attach", spec.String(), err)
	}
	if h.j != nil {
		if err := h.j.DeviceAttached(slot, spec); err != nil {
			_ = h.m.DetachVirtio(slot) // just plugged, nothing in flight
			return -1, err
		}
	}
	return slot, nil
}

// Detach unplugs the device in slot. A device with requests in flight is
// refused (the machine's error says so) and nothing is recorded.
func (h *Hotplug) Detach(slot int) error {
	if err := h.m.DetachVirtio(slot); err != nil {
		return Wrap(KindDevice, "detach", fmt.Sprintf("virtio slot %d", slot), err)
	}
	if h.j != nil {
		return h.j.DeviceDetached(slot)
	}
	return nil
}

// HotplugAction is one line of a hot-plug script: at Icount (a total
// instruction count), attach Spec or detach Slot.
type HotplugAction struct {
	Icount uint64
	Attach bool
	Spec   virtio.Spec // attach
	Slot   int         // detach
	Line   int         // in the script, for messages
}

func (a HotplugAction) String() string {
	if a.Attach {
		return fmt.Sprintf("%d attach %s", a.Icount, a.Spec)
	}
	return fmt.Sprintf("%d detach %d", a.Icount, a.Slot)
}

// ParseHotplugScript reads a hot-plug script: one action per line,
//
//	ICOUNT attach SPEC     (SPEC as virtio.ParseSpec: blk:file=d.img,readonly)
//	ICOUNT detach SLOT
//
// with # comments and blank lines, icounts not decreasing. Errors name the
// script, the line and what was wrong.
func ParseHotplugScript(name string, r io.Reader) ([]HotplugAction, error) {
	var out []HotplugAction
	sc := bufio.NewScanner(r)
	line := 0
	bad := func(format string, a ...any) error {
		return Errorf(KindConfig, "read hot-plug script", fmt.Sprintf("%s:%d", name, line), format, a...)
	}
	for sc.Scan() {
		line++
		text := sc.Text()
		if i := strings.IndexByte(text, '#'); i >= 0 {
			text = text[:i]
		}
		f := strings.Fields(text)
		if len(f) == 0 {
			continue
		}
		if len(f) != 3 {
			return nil, bad("want ICOUNT attach SPEC or ICOUNT detach SLOT, got %q", strings.TrimSpace(text))
		}
		n, err := strconv.ParseUint(f[0], 0, 64)
		if err != nil {
			return nil, bad("icount %q is not a number", f[0])
		}
		if len(out) > 0 && n < out[len(out)-1].Icount {
			return nil, bad("icount %d comes before the previous line's %d", n, out[len(out)-1].Icount)
		}
		a := HotplugAction{Icount: n, Line: line}
		switch f[1] {
		case "attach":
			a.Attach = true
			if a.Spec, err = virtio.ParseSpec(f[2]); err != nil {
				return nil, bad("%v", err)
			}
		case "detach":
			slot, err := strconv.Atoi(f[2])
			if err != nil || slot < 0 || slot >= virtio.Slots {
				return nil, bad("slot %q: want 0..%d", f[2], virtio.Slots-1)
			}
			a.Slot = slot
		default:
			return nil, bad("unknown action %q (want attach or detach)", f[1])
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		return nil, Wrap(KindConfig, "read hot-plug script", name, err)
	}
	return out, nil
}

// DoDue carries out the actions of script due at the machine's icount (the
// script is in icount order) and returns the rest; on a failure it
// returns the script from the failed action on.
func (h *Hotplug) DoDue(script []HotplugAction) ([]HotplugAction, error) {
	for len(script) > 0 && script[0].Icount <= h.m.Icount() {
		if err := h.Do(script[0]); err != nil {
			return script, err
		}
		script = script[1:]
	}
	return script, nil
}

// Do carries out a scripted action.
func (h *Hotplug) Do(a HotplugAction) error {
	var err error
	if a.Attach {
		_, err = h.Attach(a.Spec)
	} else {
		err = h.Detach(a.Slot)
	}
	if err != nil {
		return fmt.Errorf("hot-plug script line %d (%s): %w", a.Line, a, err)
	}
	return nil
}
