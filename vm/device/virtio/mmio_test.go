package virtio

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// newDisk writes an image of n sectors, sector i filled with byte i+1.
func newDisk(t *testing.T, n int) string {
	t.Helper()
	img := make([]byte, n*SectorSize)
	for i := range n {
		for j := range SectorSize {
			img[i*SectorSize+j] = byte(i + 1)
		}
	}
	p := filepath.Join(t.TempDir(), "disk.img")
	if err := os.WriteFile(p, img, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func newBlkTransport(t *testing.T, legacy bool, mode BlkMode) (*driver, *Blk, irqs, string) {
	t.Helper()
	path := newDisk(t, 16)
	overlay := ""
	if mode == BlkOverlayFile {
		overlay = filepath.Join(t.TempDir(), "cow")
	}
	b, err := OpenBlk(path, mode, overlay)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	mem := newRAM()
	q := irqs{}
	tr := NewTransport(7, legacy, mem, q)
	if err := tr.Attach(b); err != nil {
		t.Fatal(err)
	}
	return &driver{t: t, tr: tr, mem: mem}, b, q, path
}

// Registers read as the MMIO chapter and QEMU define them, per version.
func TestRegisters(t *testing.T) {
	tests := []struct {
		name   string
		legacy bool
		attach bool
		off    uint64
		want   uint32
	}{
		{"magic legacy", true, true, regMagic, Magic},
		{"magic modern", false, true, regMagic, Magic},
		{"version legacy", true, true, regVersion, 1},
		{"version modern", false, true, regVersion, 2},
		{"vendor", true, true, regVendorID, VendorQEMU},
		{"device id blk", true, true, regDeviceID, IDBlock},
		{"empty slot magic", true, false, regMagic, Magic},
		{"empty slot version", false, false, regVersion, 2},
		{"empty slot vendor", true, false, regVendorID, VendorQEMU},
		{"empty slot device id", true, false, regDeviceID, 0},
		{"empty slot queue max", true, false, regQueueNumMax, 0},
		{"queue max legacy", true, true, regQueueNumMax, blkQueueSize},
		{"queue max modern", false, true, regQueueNumMax, blkQueueSize},
		{"features lo", true, true, regDeviceFeatures, blkFSegMax | blkFBlkSize | blkFFlush},
		{"status after reset", false, true, regStatus, 0},
		{"config generation modern", false, true, regConfigGen, 0},
		{"capacity low", true, true, regConfig, 16},
		{"blk_size", false, true, regConfig + 20, SectorSize},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			mem := newRAM()
			tr := NewTransport(0, tc.legacy, mem, irqs{})
			if tc.attach {
				b, err := OpenBlk(newDisk(t, 16), BlkOverlay, "")
				if err != nil {
					t.Fatal(err)
				}
				defer b.Close()
				if err := tr.Attach(b); err != nil {
					t.Fatal(err)
				}
			}
			got, ok := tr.Load(tc.off, 4)
			if !ok || uint32(got) != tc.want {
				t.Errorf("register %#x = %#x (ok %v), want %#x", tc.off, got, ok, tc.want)
			}
			if p, _ := tr.Peek(tc.off, 4); p != got {
				t.Errorf("Peek %#x = %#x, Load %#x", tc.off, p, got)
			}
		})
	}
}

// The high feature word has VERSION_1 on a modern transport only; the
// driver cannot accept what is not offered.
func TestFeatureNegotiation(t *testing.T) {
	for _, legacy := range []bool{true, false} {
		d, _, _, _ := newBlkTransport(t, legacy, BlkOverlay)
		d.w(regDeviceFeatSel, 1)
		hi := d.r(regDeviceFeatures)
		want := uint32(1)
		if legacy {
			want = 0
		}
		if hi != want {
			t.Errorf("legacy=%v: features[1] = %#x, want %#x", legacy, hi, want)
		}
		d.w(regDriverFeatSel, 0)
		d.w(regDriverFeatures, 0xffffffff)
		if got := d.tr.DriverFeatures(); got != d.tr.features()&0xffffffff {
			t.Errorf("legacy=%v: accepted %#x, offered %#x", legacy, got, d.tr.features())
		}
	}
}

// A modern device refuses FEATURES_OK without VERSION_1.
func TestModernNeedsVersion1(t *testing.T) {
	d, _, _, _ := newBlkTransport(t, false, BlkOverlay)
	d.w(regStatus, StatusAcknowledge|StatusDriver|StatusFeaturesOK)
	if d.r(regStatus)&StatusFeaturesOK != 0 {
		t.Error("FEATURES_OK accepted without VERSION_1")
	}
}

// A read request travels through a descriptor chain on both layouts:
// data lands in guest memory, the used ring records the head and length,
// the interrupt rises and InterruptACK lowers it.
func TestReadChain(t *testing.T) {
	for _, legacy := range []bool{true, false} {
		d, _, q, _ := newBlkTransport(t, legacy, BlkOverlay)
		d.setup(0, 8)
		hdr, data, status := uint64(ramBase+0x1000), uint64(ramBase+0x2000), uint64(ramBase+0x3000)
		d.mem.put32(hdr, blkTIn)
		d.mem.put64(hdr+8, 3)
		d.mem.b[status-ramBase] = 0xff
		head := d.submit(0, buf{hdr, 16, false}, buf{data, 2 * SectorSize, true}, buf{status, 1, true})
		if d.usedIdx() != 1 {
			t.Fatalf("legacy=%v: used idx %d, want 1", legacy, d.usedIdx())
		}
		id, n := d.usedEntry(0)
		if id != uint32(head) || n != 2*SectorSize+1 {
			t.Errorf("legacy=%v: used entry (%d, %d), want (%d, %d)", legacy, id, n, head, 2*SectorSize+1)
		}
		got := d.mem.b[data-ramBase : data-ramBase+2*SectorSize]
		if got[0] != 4 || got[SectorSize] != 5 || got[2*SectorSize-1] != 5 {
			t.Errorf("legacy=%v: sectors 3,4 read as %d..%d", legacy, got[0], got[2*SectorSize-1])
		}
		if s := d.mem.b[status-ramBase]; s != BlkStatusOK {
			t.Errorf("legacy=%v: status %d", legacy, s)
		}
		if d.r(regInterruptStatus) != IntUsedBuffer || !q[8] {
			t.Errorf("legacy=%v: interrupt status %#x, line %v", legacy, d.r(regInterruptStatus), q[8])
		}
		d.w(regInterruptACK, IntUsedBuffer)
		if d.r(regInterruptStatus) != 0 || q[8] {
			t.Errorf("legacy=%v: after ACK: status %#x, line %v", legacy, d.r(regInterruptStatus), q[8])
		}
	}
}

// Damaged chains mark the device NEEDS_RESET instead of panicking, and a
// reset (status 0) recovers it.
func TestBadChains(t *testing.T) {
	tests := []struct {
		name string
		bufs []buf
		loop bool
	}{
		{"buffer outside RAM", []buf{{ramBase + 0x1000, 16, false}, {0x1000, 512, true}, {ramBase + 0x3000, 1, true}}, false},
		{"no status byte", []buf{{ramBase + 0x1000, 16, false}}, false},
		{"short header", []buf{{ramBase + 0x1000, 8, false}, {ramBase + 0x3000, 1, true}}, false},
		{"readable after writable", []buf{{ramBase + 0x1000, 16, false}, {ramBase + 0x3000, 1, true}, {ramBase + 0x2000, 1, false}}, false},
		{"descriptor loop", []buf{{ramBase + 0x1000, 16, false}, {ramBase + 0x3000, 1, true}}, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, _, _, _ := newBlkTransport(t, false, BlkOverlay)
			d.setup(0, 8)
			d.mem.put32(ramBase+0x1000, blkTIn)
			head := d.post(tc.bufs...)
			if tc.loop {
				last := d.desc + 16*uint64(head+uint16(len(tc.bufs))-1)
				d.mem.put16(last+12, descNext|descWrite)
				d.mem.put16(last+14, head)
			}
			d.w(regQueueNotify, 0)
			if d.r(regStatus)&StatusNeedsReset == 0 {
				t.Fatalf("status %#x: want NEEDS_RESET", d.r(regStatus))
			}
			if d.usedIdx() != 0 {
				t.Errorf("used idx %d after a bad chain", d.usedIdx())
			}
			d.mem.put16(d.avail+2, 0) // a fresh driver starts with empty rings
			d.aidx, d.next = 0, 0
			d.setup(0, 8)
			if d.r(regStatus)&StatusNeedsReset != 0 {
				t.Error("reset did not clear NEEDS_RESET")
			}
		})
	}
}

// Hot-plug at the transport: attach shows the device id, detach refuses
// requests in flight (not yet taken, or completed but unacknowledged) and
// then latches a configuration change.
func TestAttachDetach(t *testing.T) {
	mem := newRAM()
	q := irqs{}
	tr := NewTransport(2, false, mem, q)
	d := &driver{t: t, tr: tr, mem: mem}
	if d.r(regDeviceID) != 0 {
		t.Fatal("empty slot has a device id")
	}
	if _, err := tr.Detach(); !errors.Is(err, ErrSlotEmpty) {
		t.Errorf("detach of an empty slot: %v", err)
	}
	b, err := OpenBlk(newDisk(t, 4), BlkReadOnly, "")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if err := tr.Attach(b); err != nil {
		t.Fatal(err)
	}
	if err := tr.Attach(NewRNG(1)); !errors.Is(err, ErrSlotBusy) {
		t.Errorf("attach to a busy slot: %v", err)
	}
	if d.r(regDeviceID) != IDBlock {
		t.Fatalf("device id %d after attach", d.r(regDeviceID))
	}
	d.setup(0, 8)
	d.mem.put32(ramBase+0x1000, blkTIn)
	d.post(buf{ramBase + 0x1000, 16, false}, buf{ramBase + 0x2000, 512, true}, buf{ramBase + 0x3000, 1, true})
	_, err = tr.Detach()
	var se *SlotError
	if !errors.Is(err, ErrInFlight) || !errors.As(err, &se) || se.Slot != 2 {
		t.Fatalf("detach with a request not taken: %v", err)
	}
	d.w(regQueueNotify, 0)
	if _, err := tr.Detach(); !errors.Is(err, ErrInFlight) {
		t.Fatalf("detach with an unacknowledged completion: %v", err)
	}
	d.w(regInterruptACK, IntUsedBuffer)
	got, err := tr.Detach()
	if err != nil || got != Backend(b) {
		t.Fatalf("detach: %v, %v", got, err)
	}
	if d.r(regDeviceID) != 0 || d.r(regMagic) != Magic {
		t.Error("slot does not read as empty after detach")
	}
	if d.r(regInterruptStatus) != IntConfigChange || !q[3] {
		t.Errorf("no configuration-change interrupt after detaching a live device: status %#x line %v", d.r(regInterruptStatus), q[3])
	}
	d.w(regInterruptACK, IntConfigChange)
	if q[3] {
		t.Error("ACK on the empty slot did not lower the line")
	}
}

// Save and Restore round-trip the transport with its backend, and refuse
// a state of another device kind.
func TestTransportSaveRestore(t *testing.T) {
	d, b, _, path1 := newBlkTransport(t, true, BlkOverlay)
	d.setup(0, 8)
	d.mem.put32(ramBase+0x1000, blkTOut)
	d.mem.put64(ramBase+0x1008, 1)
	copy(d.mem.b[0x2000:], bytes.Repeat([]byte{0xab}, SectorSize))
	d.submit(0, buf{ramBase + 0x1000, 16, false}, buf{ramBase + 0x2000, SectorSize, false}, buf{ramBase + 0x3000, 1, true})
	saved := d.tr.Save()

	d2, b2, _, path2 := newBlkTransport(t, true, BlkOverlay)
	if err := d2.tr.Restore(saved); err != nil {
		t.Fatal(err)
	}
	// The states differ only in the image's name, which the state holds
	// (in the device's spec) and which is the same length here.
	if !bytes.Equal(d2.tr.Save(), bytes.ReplaceAll(saved, []byte(path1), []byte(path2))) {
		t.Error("restored state saves differently")
	}
	if sp, ok, err := SavedSpec(saved); err != nil || !ok || sp.Kind != "blk" || sp.File != path1 || sp.Slot != 7 {
		t.Errorf("SavedSpec = %+v, %v, %v; want the blk on %s in slot 7", sp, ok, err, path1)
	}
	if b2.OverlaySectors() != 1 || b.OverlaySectors() != 1 {
		t.Errorf("overlay sectors %d, %d; want 1", b2.OverlaySectors(), b.OverlaySectors())
	}
	rng := NewTransport(7, true, newRAM(), irqs{})
	if err := rng.Attach(NewRNG(1)); err != nil {
		t.Fatal(err)
	}
	before := rng.Save()
	if err := rng.Restore(saved); err == nil {
		t.Error("restored a blk state into an rng slot")
	}
	if !bytes.Equal(rng.Save(), before) {
		t.Error("a failed restore changed the transport")
	}
	for _, bad := range [][]byte{nil, {9}, saved[:len(saved)-3], append(bytes.Clone(saved), 0)} {
		if err := d2.tr.Restore(bad); err == nil {
			t.Errorf("restore of %d damaged bytes succeeded", len(bad))
		}
	}
}
