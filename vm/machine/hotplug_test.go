package machine

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vmcore/vm/device/virtio"
)

func slotReg(slot int, off uint64) uint64 {
	return virtio.MMIOBase + uint64(slot)*virtio.MMIOSize + off
}

func busLoad(t *testing.T, m *Machine, addr uint64) uint64 {
	t.Helper()
	v, ok := (*busView)(m).Load(addr, 4)
	if !ok {
		t.Fatalf("load %#x faulted", addr)
	}
	return v
}

func busStore(t *testing.T, m *Machine, addr, v uint64) {
	t.Helper()
	if !(*busView)(m).Store(addr, 4, v) {
		t.Fatalf("store %#x faulted", addr)
	}
}

func tempDisk(t *testing.T, sectors int) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "disk.img")
	if err := os.WriteFile(p, make([]byte, sectors*virtio.SectorSize), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Devices of the Config take slots from the top, as QEMU's -device;
// explicit slots are honoured; the guest sees each device's id.
func TestConfiguredSlots(t *testing.T) {
	disk := tempDisk(t, 8)
	m := newMachine(t, Config{Virtio: []virtio.Spec{
		{Kind: "blk", Slot: -1, File: disk},
		{Kind: "rng", Slot: -1},
		{Kind: "console", Slot: 0},
	}})
	want := map[int]uint64{7: uint64(virtio.IDBlock), 6: uint64(virtio.IDRNG), 0: uint64(virtio.IDConsole)}
	for slot := range virtio.Slots {
		if got := busLoad(t, m, slotReg(slot, 8)); got != want[slot] {
			t.Errorf("slot %d device id %d, want %d", slot, got, want[slot])
		}
		if got := busLoad(t, m, slotReg(slot, 4)); got != 1 {
			t.Errorf("slot %d version %d, want legacy 1", slot, got)
		}
	}
	specs := m.VirtioSpecs()
	wantSpecs := []string{"console:slot=0", "rng:seed=0,slot=6", "blk:file=" + disk + ",slot=7"}
	for i, sp := range specs {
		if i >= len(wantSpecs) || sp.String() != wantSpecs[i] {
			t.Errorf("VirtioSpecs()[%d] = %q, want %q", i, sp, wantSpecs[min(i, len(wantSpecs)-1)])
		}
	}
	if len(specs) != len(wantSpecs) {
		t.Errorf("VirtioSpecs() = %v", specs)
	}
	if _, err := New(Config{Virtio: []virtio.Spec{{Kind: "blk", Slot: -1, File: "/nonexistent.img"}}}); err == nil ||
		!strings.Contains(err.Error(), "/nonexistent.img") {
		t.Errorf("New with a missing image: %v", err)
	}
}

// Attach and detach as the guest sees them, and the errors of each.
func TestHotplug(t *testing.T) {
	m := newMachine(t, Config{})
	if busLoad(t, m, slotReg(3, 8)) != 0 {
		t.Fatal("slot 3 not empty")
	}
	slot, err := m.AttachVirtioSpec("blk:file=" + tempDisk(t, 4) + ",readonly,slot=3")
	if err != nil || slot != 3 {
		t.Fatalf("attach: %d, %v", slot, err)
	}
	if got := busLoad(t, m, slotReg(3, 8)); got != uint64(virtio.IDBlock) {
		t.Errorf("device id after attach %d", got)
	}
	if _, err := m.AttachVirtio(3, virtio.Spec{Kind: "rng", Slot: -1}); !errors.Is(err, virtio.ErrSlotBusy) {
		t.Errorf("attach to a busy slot: %v", err)
	}
	if s, err := m.AttachVirtioSpec("rng"); err != nil || s != 7 {
		t.Errorf("attach rng: slot %d, %v; want the highest free slot 7", s, err)
	}
	for _, bad := range []string{"bogus", "blk", "blk:file=/nonexistent.img"} {
		if _, err := m.AttachVirtioSpec(bad); err == nil {
			t.Errorf("attach %q succeeded", bad)
		}
	}
	if _, err := m.AttachVirtio(9, virtio.Spec{Kind: "rng"}); err == nil {
		t.Error("attach to slot 9 succeeded")
	}
	if err := m.DetachVirtio(3); err != nil {
		t.Fatal(err)
	}
	if got := busLoad(t, m, slotReg(3, 8)); got != 0 {
		t.Errorf("device id after detach %d", got)
	}
	if err := m.DetachVirtio(3); !errors.Is(err, virtio.ErrSlotEmpty) {
		t.Errorf("detach of an empty slot: %v", err)
	}
	if err := m.DetachVirtio(-1); err == nil {
		t.Error("detach of slot -1 succeeded")
	}
}

// A device with a request the guest made available but has not yet
// notified is refused detaching with a typed error; once served and
// acknowledged it detaches, and the driver gets a configuration change on
// the slot's PLIC line.
func TestDetachInFlight(t *testing.T) {
	m := newMachine(t, Config{Virtio: []virtio.Spec{{Kind: "rng", Slot: 2}}})
	const ring = RAMBase + 0x10000
	busStore(t, m, slotReg(2, 0x70), 1|2)  // ACK|DRIVER
	busStore(t, m, slotReg(2, 0x28), 4096) // GuestPageSize
	busStore(t, m, slotReg(2, 0x30), 0)    // QueueSel
	busStore(t, m, slotReg(2, 0x38), 4)    // QueueNum
	busStore(t, m, slotReg(2, 0x3c), 4096) // QueueAlign
	busStore(t, m, slotReg(2, 0x40), ring/4096)
	busStore(t, m, slotReg(2, 0x70), 1|2|4) // DRIVER_OK
	var d [16]byte
	binary.LittleEndian.PutUint64(d[0:], RAMBase+0x20000)
	binary.LittleEndian.PutUint32(d[8:], 16)
	binary.LittleEndian.PutUint16(d[12:], 2) // device-writable
	m.Memory().Write(ring, d[:])
	avail := ring + 16*4
	m.Memory().Write(avail, []byte{0, 0, 1, 0, 0, 0}) // idx 1, ring[0] = 0

	err := m.DetachVirtio(2)
	var se *virtio.SlotError
	if !errors.Is(err, virtio.ErrInFlight) || !errors.As(err, &se) || se.Slot != 2 {
		t.Fatalf("detach with a request pending: %v", err)
	}
	busStore(t, m, slotReg(2, 0x50), 0) // QueueNotify
	if busLoad(t, m, slotReg(2, 0x60)) != 1 {
		t.Fatal("request not completed")
	}
	if err := m.DetachVirtio(2); !errors.Is(err, virtio.ErrInFlight) {
		t.Fatalf("detach with an unacknowledged completion: %v", err)
	}
	busStore(t, m, slotReg(2, 0x64), 1) // InterruptACK
	if err := m.DetachVirtio(2); err != nil {
		t.Fatal(err)
	}
	if busLoad(t, m, slotReg(2, 0x60)) != virtio.IntConfigChange {
		t.Error("no configuration change latched after detaching a live device")
	}
	if v, _ := m.Peek(0xc001000, 4); v&(1<<(virtio.FirstIRQ+2)) == 0 {
		t.Errorf("PLIC pending %#x: slot 2's line (irq 3) not raised", v)
	}
}

// Snapshots and the state hash cover the virtio devices and the RTC: a
// change in a device changes the hash, and a snapshot restores it.
func TestSnapshotCoversDevices(t *testing.T) {
	disk := tempDisk(t, 8)
	cfg := Config{RAMSize: 1 << 20, Virtio: []virtio.Spec{{Kind: "blk", Slot: -1, File: disk}, {Kind: "rng", Slot: -1, Seed: 5, HasSeed: true}}}
	a := newMachine(t, cfg)
	h0 := a.StateHash()
	busStore(t, a, slotReg(7, 0x70), 1) // blk status ACK
	h1 := a.StateHash()
	if h1 == h0 {
		t.Error("hash ignores a virtio register")
	}
	busStore(t, a, 0x101000+0x10, 1) // RTC IRQ_ENABLED
	if a.StateHash() == h1 {
		t.Error("hash ignores the RTC")
	}
	snap := a.Snapshot()
	enc, err := snap.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	dec, err := UnmarshalSnapshot(enc)
	if err != nil {
		t.Fatal(err)
	}
	b := newMachine(t, cfg)
	if err := b.Restore(dec); err != nil {
		t.Fatal(err)
	}
	if b.StateHash() != a.StateHash() {
		t.Error("restored machine hashes differently")
	}
	// Onto a board without the devices (as after hot-plugs since the
	// snapshot), the restore plugs back in what the snapshot had.
	c := newMachine(t, Config{RAMSize: 1 << 20})
	if err := c.Restore(dec); err != nil {
		t.Fatalf("restore onto a board without the devices: %v", err)
	}
	if c.StateHash() != a.StateHash() || len(c.VirtioSpecs()) != 2 {
		t.Errorf("after the restore the board has %v and hashes differently", c.VirtioSpecs())
	}
	// A device the snapshot names that cannot be opened again fails the
	// restore, by name, and leaves the machine as it was.
	e := newMachine(t, Config{RAMSize: 1 << 20})
	before := e.StateHash()
	if err := os.Remove(disk); err != nil {
		t.Fatal(err)
	}
	if err := e.Restore(dec); err == nil || !strings.Contains(err.Error(), "plugging back blk") {
		t.Errorf("restore with the disk gone: %v", err)
	}
	if e.StateHash() != before || len(e.VirtioSpecs()) != 0 {
		t.Error("a failed restore changed the machine")
	}
}

// The RTC reads virtual time plus the configured epoch, and an armed
// alarm bounds run slices like a timer, so idle time skips to it.
func TestRTCOnVirtualTime(t *testing.T) {
	m := newMachine(t, Config{RTCEpoch: 1_000_000_000})
	if got := busLoad(t, m, 0x101000); got != 1_000_000_000 {
		t.Errorf("TIME_LOW at power-on = %d, want the epoch", got)
	}
	m.cycles = 10 * DefaultInsnsPerTick // 10 ticks: 1000 ns
	if got := busLoad(t, m, 0x101000); got != 1_000_001_000 {
		t.Errorf("TIME_LOW after 10 ticks = %d", got)
	}
	if _, ok := m.nextDeadline(); ok {
		t.Fatal("a deadline with no timer and no alarm")
	}
	busStore(t, m, 0x101000+0x0c, 0)                 // ALARM_HIGH
	busStore(t, m, 0x101000+0x08, 1_000_001_000+500) // ALARM_LOW: 5 ticks ahead
	d, ok := m.nextDeadline()
	if !ok || d != 5*DefaultInsnsPerTick {
		t.Errorf("next deadline %d cycles (%v), want %d", d, ok, 5*DefaultInsnsPerTick)
	}
}

// Console input goes to the UART, or with InputToVirtio to the first
// virtio console, whose guest driver takes it from the receive queue.
func TestInputToVirtioConsole(t *testing.T) {
	for _, toVirtio := range []bool{false, true} {
		m := newMachine(t, Config{RAMSize: 1 << 20, InputToVirtio: toVirtio,
			Virtio: []virtio.Spec{{Kind: "rng", Slot: -1}, {Kind: "console", Slot: -1}}})
		var cons *virtio.Console
		for slot := range virtio.Slots {
			if c, ok := m.Virtio(slot).Backend().(*virtio.Console); ok {
				cons = c
			}
		}
		if cons == nil {
			t.Fatal("no virtio console on the board")
		}
		m.InjectInput([]byte("hvc"))
		want := 0
		if toVirtio {
			want = 3
		}
		if cons.Pending() != want {
			t.Errorf("InputToVirtio=%v: the virtio console holds %d bytes, want %d", toVirtio, cons.Pending(), want)
		}
	}
}
