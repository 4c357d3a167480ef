package ui

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"vmcore/debugger"
	"vmcore/vm"
	"vmcore/vm/device/virtio"
	"vmcore/vm/machine"
)

// newBoard boots testdata/hello.elf on a board built from cfg (RAM is
// filled in), lets prepare touch the machine before the debugger owns it,
// and wraps it in a MachineBackend with opts.
func newBoard(t *testing.T, cfg machine.Config, prepare func(*machine.Machine), opts MachineOptions) *MachineBackend {
	t.Helper()
	data, err := os.ReadFile("testdata/hello.elf")
	if err != nil {
		t.Fatal(err)
	}
	img, err := machine.ParseELF("hello.elf", data)
	if err != nil {
		t.Fatal(err)
	}
	cfg.RAMSize = 16 << 20
	m, err := machine.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Load(img); err != nil {
		t.Fatal(err)
	}
	if prepare != nil {
		prepare(m)
	}
	d := debugger.New(m, debugger.Options{})
	b, err := NewMachineBackend(d, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		b.Close()
		d.Close()
		m.Close()
	})
	return b
}

// diskImage writes an empty image of n sectors.
func diskImage(t *testing.T, n int) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "disk.img")
	if err := os.WriteFile(p, make([]byte, n*virtio.SectorSize), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// devField finds a device by name and one of its fields.
func devField(devs []Device, dev, field string) (DeviceField, bool) {
	for _, d := range devs {
		if d.Name != dev {
			continue
		}
		for _, f := range d.Fields {
			if f.Name == field {
				return f, true
			}
		}
	}
	return DeviceField{}, false
}

// The devices pane over a real board with a virtio disk and entropy
// source: each slot's device and state, the free slots, and the RTC.
func TestMachineDevicesVirtio(t *testing.T) {
	disk := diskImage(t, 8)
	b := newBoard(t, machine.Config{Virtio: []virtio.Spec{
		{Kind: "blk", Slot: -1, File: disk, Mode: virtio.BlkReadOnly},
		{Kind: "rng", Slot: -1, Seed: 9, HasSeed: true},
	}}, nil, MachineOptions{})
	devs := b.Devices()
	checks := []struct {
		dev, field string
		value      uint64
		note       string // substring
	}{
		{"virtio7 blk", "device_id", uint64(virtio.IDBlock), "block"},
		{"virtio7 blk", "file", 8, disk + " (readonly)"},
		{"virtio7 blk", "status", 0, ""},
		{"virtio7 blk", "q0.ready", 0, "not ready"},
		{"virtio7 blk", "q0.avail_idx", 0, ""},
		{"virtio7 blk", "interrupt_status", 0, ""},
		{"virtio6 rng", "device_id", uint64(virtio.IDRNG), "entropy"},
		{"virtio6 rng", "seed", 9, ""},
		{"virtio free slots", "slots", 0x3f, "0 1 2 3 4 5"},
		{"rtc", "irq_enabled", 0, ""},
	}
	for _, c := range checks {
		f, ok := devField(devs, c.dev, c.field)
		if !ok || f.Value != c.value || !strings.Contains(f.Note, c.note) {
			t.Errorf("%s %s = %+v (found %v), want %#x %q", c.dev, c.field, f, ok, c.value, c.note)
		}
	}
	if _, ok := devField(devs, "rtc", "time_ns"); !ok {
		t.Error("the devices lack the RTC's time")
	}
	m := newModel(t, b, 120, 40)
	v := paneText(m, paneDevices)
	for _, want := range []string{"virtio7 blk @0x10008000", "  device_id=0x2 block", "  file=0x8 " + disk + " (readonly)",
		"virtio6 rng @0x10007000", "  seed=0x9", "virtio free slots @0x10001000", "  slots=0x3f 0 1 2 3 4 5", "rtc @0x101000"} {
		if !strings.Contains(v, want) {
			t.Errorf("devices pane lacks %q:\n%s", want, v)
		}
	}
}

// paneText renders all of a pane's lines (however many), without styles.
func paneText(m *Model, p paneID) string {
	return ansi.Strip(strings.Join(m.panes[p].render(m, 100, 1000), "\n"))
}

// Hot-plug through the screen over a real board: attach, detach, and
// each way they fail.
func TestMachineHotplug(t *testing.T) {
	disk := diskImage(t, 4)
	const ring = machine.RAMBase + 0x800000
	b := newBoard(t, machine.Config{Virtio: []virtio.Spec{{Kind: "rng", Slot: 2}}}, func(m *machine.Machine) {
		// A driver made a request available on slot 2 and has not
		// notified it: detaching must be refused.
		tr := m.Virtio(2)
		for _, r := range [][2]uint64{{0x70, 1 | 2}, {0x28, 4096}, {0x30, 0}, {0x38, 4}, {0x3c, 4096}, {0x40, ring / 4096}, {0x70, 1 | 2 | 4}} {
			if !tr.Store(r[0], 4, r[1]) {
				t.Fatalf("store %#x", r[0])
			}
		}
		var d [16]byte
		binary.LittleEndian.PutUint64(d[0:], ring+0x4000)
		binary.LittleEndian.PutUint32(d[8:], 16)
		binary.LittleEndian.PutUint16(d[12:], 2)
		m.Memory().Write(ring, d[:])
		m.Memory().Write(ring+16*4, []byte{0, 0, 1, 0, 0, 0})
	}, MachineOptions{})
	m := newModel(t, b, 120, 40)

	typeCmd(m, "attach blk:file="+disk+",readonly")
	if m.msgErr || !strings.Contains(m.msg, "slot 7") {
		t.Fatalf("attach blk: %q", m.msg)
	}
	if f, ok := devField(m.dev.devs, "virtio7 blk", "file"); !ok || !strings.Contains(f.Note, disk) {
		t.Errorf("the devices pane does not show the attached disk: %+v", m.dev.devs)
	}
	if got := b.VirtioSlots(); len(got) != 2 || got[0] != (VirtioSlot{2, "rng:seed=0"}) || got[1].Slot != 7 {
		t.Errorf("VirtioSlots = %v", got)
	}
	typeCmd(m, "detach 7")
	if m.msgErr {
		t.Fatalf("detach 7: %q", m.msg)
	}
	if _, ok := devField(m.dev.devs, "virtio7 blk", "file"); ok {
		t.Error("the devices pane still shows the detached disk")
	}
	for _, tc := range []struct{ line, want string }{
		{"attach blk:file=/nonexistent/disk.img", "/nonexistent/disk.img"},
		{"attach rng:slot=2", "already holds a device"},
		{"attach rng:seed=x", "not a number"},
		{"detach 7", "slot is empty"},
		{"detach 9", "slots 0..7"},
		{"detach 2", "in flight"},
	} {
		typeCmd(m, tc.line)
		if !m.msgErr || !strings.Contains(m.msg, tc.want) {
			t.Errorf("%s: message %q (error %v), want %q", tc.line, m.msg, m.msgErr, tc.want)
		}
	}
	if err := b.DetachDevice(2); !errors.Is(err, virtio.ErrInFlight) {
		t.Errorf("DetachDevice(2) = %v, want ErrInFlight", err)
	}
}

// A replay refuses hot-plugging like any other edit.
func TestReplayRefusesHotplug(t *testing.T) {
	b, _, _ := newHelloReplay(t)
	m := newModel(t, b, 120, 40)
	for _, line := range []string{"attach rng", "detach 7"} {
		typeCmd(m, line)
		if !m.msgErr || !strings.Contains(m.msg, "read-only") {
			t.Errorf("%s in a replay: %q", line, m.msg)
		}
	}
}

// waitEvents polls the backend (boundedly) until it has n events.
func waitEvents(t *testing.T, b *MachineBackend, n int) []Event {
	t.Helper()
	var evs []Event
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		if evs = b.EventsSince(0); len(evs) >= n {
			return evs
		}
	}
	t.Fatalf("waited for %d events, have %+v", n, evs)
	return nil
}

// With a domain event bus the events pane shows the session's events
// (and not the debugger's run and stop events), filterable by type.
func TestDomainEvents(t *testing.T) {
	bus := vm.NewBus[vm.Event]()
	b := newBoard(t, machine.Config{}, nil, MachineOptions{Events: bus})
	published := []vm.Event{
		vm.Started{},
		vm.ConsoleInput{Pos: machine.Pos{Icount: 3}, Bytes: []byte("hi\n")},
		vm.DeviceAttached{Icount: 5, Slot: 7, Device: vm.DeviceRecord{Spec: "rng:seed=1"}},
		vm.BreakpointAdded{Icount: 5, Addr: 0x80000010},
		vm.DeviceDetached{Icount: 9, Slot: 7},
	}
	for _, e := range published {
		if err := bus.Publish(e); err != nil {
			t.Fatal(err)
		}
	}
	evs := waitEvents(t, b, len(published))
	for i, e := range published {
		want := Event{Seq: uint64(i), Icount: e.At(), Type: e.EventType(), Summary: vm.EventSummary(e)}
		if evs[i] != want {
			t.Errorf("event %d = %+v, want %+v", i, evs[i], want)
		}
	}
	if err := b.Step(1); err != nil {
		t.Fatal(err)
	}
	if err := bus.Publish(vm.Paused{Reason: "user", Icount: 1}); err != nil {
		t.Fatal(err)
	}
	// Close drains what the debugger delivered during the step, so that
	// the log below is complete.
	b.Close()
	evs = b.EventsSince(0)
	if len(evs) != len(published)+1 || evs[len(evs)-1].Type != "Paused" {
		t.Errorf("after a step and a pause the log is %+v; want only the domain events", evs)
	}

	m := newModel(t, b, 120, 40)
	v := paneText(m, paneEvents)
	for _, want := range []string{"DeviceAttached   slot 7: rng:seed=1", `ConsoleInput     "hi\n"`, "Paused           user at pc 0x0"} {
		if !strings.Contains(v, want) {
			t.Errorf("events pane lacks %q:\n%s", want, v)
		}
	}
	typeCmd(m, "events device")
	v = paneText(m, paneEvents)
	if !strings.Contains(v, "DeviceDetached") || strings.Contains(v, "ConsoleInput") {
		t.Errorf("filtered by device:\n%s", v)
	}
}

// Without a bus (an unrecorded session) the pane keeps the debugger's
// run and stop events.
func TestDebuggerEventsWithoutBus(t *testing.T) {
	b := newBoard(t, machine.Config{}, nil, MachineOptions{})
	if err := b.Step(1); err != nil {
		t.Fatal(err)
	}
	evs := waitEvents(t, b, 2)
	if evs[0].Type != "Running" || evs[1].Type != "Stopped" {
		t.Errorf("events %+v; want Running, Stopped", evs)
	}
}

// A screen that fell behind says how many domain events it missed
// before the next one it shows.
func TestDomainEventsDropped(t *testing.T) {
	bus := vm.NewBus[vm.Event]()
	sub := bus.Subscribe(1) // never drained here: the bus drops the rest
	defer sub.Close()
	for i := range 4 {
		if err := bus.Publish(vm.Resumed{Icount: uint64(i)}); err != nil {
			t.Fatal(err)
		}
	}
	b := &MachineBackend{dsub: sub}
	b.onDomain(<-sub.C)
	b.onDomain(vm.Paused{Reason: "user", Icount: 7})
	evs := b.EventsSince(0)
	want := []struct {
		typ, summary string
	}{{"Dropped", "3 events not shown"}, {"Resumed", "resumed"}, {"Paused", "user at pc 0x0"}}
	if len(evs) != len(want) {
		t.Fatalf("events %+v", evs)
	}
	for i, w := range want {
		if evs[i].Seq != uint64(i) || evs[i].Type != w.typ || !strings.HasPrefix(evs[i].Summary, w.summary) {
			t.Errorf("event %d = %+v, want %s %q…", i, evs[i], w.typ, w.summary)
		}
	}
}
