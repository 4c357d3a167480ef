package virtio

import (
	"bytes"
	"os"
	"testing"
)

// blkRequest submits one request and returns its status byte; data is
// written for OUT, and the read bytes are returned for IN.
func blkRequest(t *testing.T, d *driver, typ uint32, sector uint64, data []byte, n int) (byte, []byte) {
	t.Helper()
	hdr, buffer, status := uint64(ramBase+0x1000), uint64(ramBase+0x20000), uint64(ramBase+0x3000)
	d.mem.put32(hdr, typ)
	d.mem.put64(hdr+8, sector)
	d.mem.b[status-ramBase] = 0xff
	before := d.usedIdx()
	switch typ {
	case blkTOut:
		copy(d.mem.b[buffer-ramBase:], data)
		d.submit(0, buf{hdr, 16, false}, buf{buffer, uint32(len(data)), false}, buf{status, 1, true})
	default:
		clear(d.mem.b[buffer-ramBase : buffer-ramBase+uint64(n)])
		d.submit(0, buf{hdr, 16, false}, buf{buffer, uint32(n), true}, buf{status, 1, true})
	}
	if d.usedIdx() != before+1 {
		t.Fatalf("request type %d not completed (status reg %#x)", typ, d.r(regStatus))
	}
	d.w(regInterruptACK, IntUsedBuffer)
	return d.mem.b[status-ramBase], bytes.Clone(d.mem.b[buffer-ramBase : buffer-ramBase+uint64(n)])
}

func sector(v byte) []byte { return bytes.Repeat([]byte{v}, SectorSize) }

// Reads, writes and their effect on the image file, per mode.
func TestBlkModes(t *testing.T) {
	tests := []struct {
		name         string
		mode         BlkMode
		writeStatus  byte
		readBack     byte // sector 2 after writing 0xee to it
		fileChanged  bool
		featureRO    bool
		overlayCount int
	}{
		{"overlay in memory", BlkOverlay, BlkStatusOK, 0xee, false, false, 1},
		{"read-only", BlkReadOnly, BlkStatusIOErr, 3, false, true, 0},
		{"overlay file", BlkOverlayFile, BlkStatusOK, 0xee, false, false, 1},
		{"writable", BlkWritable, BlkStatusOK, 0xee, true, false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, b, _, path := newBlkTransport(t, false, tc.mode)
			d.setup(0, 8)
			orig, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := b.Features()&blkFRO != 0; got != tc.featureRO {
				t.Errorf("VIRTIO_BLK_F_RO offered: %v, want %v", got, tc.featureRO)
			}
			st, data := blkRequest(t, d, blkTIn, 2, nil, SectorSize)
			if st != BlkStatusOK || !bytes.Equal(data, sector(3)) {
				t.Fatalf("read sector 2: status %d, byte %d", st, data[0])
			}
			if st, _ := blkRequest(t, d, blkTOut, 2, sector(0xee), 0); st != tc.writeStatus {
				t.Errorf("write status %d, want %d", st, tc.writeStatus)
			}
			if _, data := blkRequest(t, d, blkTIn, 2, nil, SectorSize); data[0] != tc.readBack {
				t.Errorf("sector 2 reads %#x after the write, want %#x", data[0], tc.readBack)
			}
			if _, data := blkRequest(t, d, blkTIn, 1, nil, SectorSize); data[0] != 2 {
				t.Errorf("sector 1 reads %#x, want 2", data[0])
			}
			now, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if changed := !bytes.Equal(now, orig); changed != tc.fileChanged {
				t.Errorf("image file changed: %v, want %v", changed, tc.fileChanged)
			}
			if b.OverlaySectors() != tc.overlayCount {
				t.Errorf("overlay holds %d sectors, want %d", b.OverlaySectors(), tc.overlayCount)
			}
		})
	}
}

// Requests outside the disk or of unknown type fail with a status, not
// a broken device.
func TestBlkErrors(t *testing.T) {
	tests := []struct {
		name   string
		typ    uint32
		sector uint64
		n      int
		want   byte
	}{
		{"read past the end", blkTIn, 15, 2 * SectorSize, BlkStatusIOErr},
		{"read far past the end", blkTIn, 1 << 60, SectorSize, BlkStatusIOErr},
		{"partial sector", blkTIn, 0, 100, BlkStatusIOErr},
		{"last sector", blkTIn, 15, SectorSize, BlkStatusOK},
		{"unknown type", 99, 0, SectorSize, BlkStatusUnsupp},
		{"flush", blkTFlush, 0, 0, BlkStatusOK},
		{"get id", blkTGetID, 0, 20, BlkStatusOK},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, _, _, _ := newBlkTransport(t, true, BlkOverlay)
			d.setup(0, 8)
			if st, _ := blkRequest(t, d, tc.typ, tc.sector, nil, tc.n); st != tc.want {
				t.Errorf("status %d, want %d", st, tc.want)
			}
			if d.r(regStatus)&StatusNeedsReset != 0 {
				t.Error("device broken by a request that only deserves a status")
			}
		})
	}
}

// The overlay side file keeps the guest's writes for the next run and
// leaves the image alone; a foreign file is refused.
func TestBlkOverlayFilePersists(t *testing.T) {
	path := newDisk(t, 8)
	cow := t.TempDir() + "/cow"
	b, err := OpenBlk(path, BlkOverlayFile, cow)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.writeAt(sector(0x5a), 4); err != nil {
		t.Fatal(err)
	}
	b.Close()
	b2, err := OpenBlk(path, BlkOverlayFile, cow)
	if err != nil {
		t.Fatal(err)
	}
	defer b2.Close()
	got := make([]byte, SectorSize)
	if err := b2.readAt(got, 4); err != nil || got[0] != 0x5a {
		t.Errorf("sector 4 after reopening: %#x, %v", got[0], err)
	}
	if err := os.WriteFile(cow, []byte("not an overlay"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenBlk(path, BlkOverlayFile, cow); err == nil {
		t.Error("opened a damaged overlay file")
	}
}

// Opening what is not a usable image fails with an error naming it.
func TestOpenBlkErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, path string
		mode       BlkMode
	}{
		{"missing", dir + "/nope.img", BlkOverlay},
		{"directory", dir, BlkReadOnly},
		{"overlay without path", newDisk(t, 1), BlkOverlayFile},
	} {
		if b, err := OpenBlk(tc.path, tc.mode, ""); err == nil {
			b.Close()
			t.Errorf("%s: opened", tc.name)
		}
	}
}

// A chain reads and writes across buffer boundaries and stops at the end
// of its part.
func TestChainSegments(t *testing.T) {
	mem := newRAM()
	copy(mem.b[0x100:], "abc")
	copy(mem.b[0x200:], "defg")
	c := NewChain(mem, [][2]uint64{{ramBase + 0x100, 3}, {ramBase + 0x200, 4}}, [][2]uint64{{ramBase + 0x300, 2}, {ramBase + 0x400, 2}})
	got := make([]byte, 10)
	n, err := c.Read(1, got)
	if err != nil || string(got[:n]) != "bcdefg" {
		t.Errorf("Read = %q, %v", got[:n], err)
	}
	n, err = c.Write(1, []byte("XYZW"))
	if err != nil || n != 3 || string(mem.b[0x301]) != "X" || string(mem.b[0x400:0x402]) != "YZ" {
		t.Errorf("Write = %d, %v; memory %q %q", n, err, mem.b[0x300:0x302], mem.b[0x400:0x402])
	}
	bad := NewChain(mem, [][2]uint64{{0x10, 4}}, nil)
	if _, err := bad.Read(0, got[:4]); err == nil {
		t.Error("read outside RAM succeeded")
	}
}
