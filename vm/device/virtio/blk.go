package virtio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	"vmcore/vm/device"
)

// SectorSize is virtio-blk's unit of capacity and request offsets.
const SectorSize = 512

// virtio-blk feature bits offered.
const (
	blkFSegMax  = 1 << 2
	blkFRO      = 1 << 5
	blkFBlkSize = 1 << 6
	blkFFlush   = 1 << 9
)

// Request types and status values.
const (
	blkTIn    = 0
	blkTOut   = 1
	blkTFlush = 4
	blkTGetID = 8

	// BlkStatusOK etc. are the status byte a request ends with.
	BlkStatusOK     = 0
	BlkStatusIOErr  = 1
	BlkStatusUnsupp = 2
)

const blkQueueSize = 256

// BlkMode says where a block device's writes go.
type BlkMode uint8

// Block device modes.
const (
	// BlkOverlay keeps writes in a copy-on-write overlay in memory: the
	// guest sees them, the image file never changes, they are gone
	// when the device is closed. The default.
	BlkOverlay BlkMode = iota
	// BlkReadOnly offers VIRTIO_BLK_F_RO and fails writes with
	// VIRTIO_BLK_S_IOERR.
	BlkReadOnly
	// BlkOverlayFile keeps the overlay in a side file as well (a log of
	// written sectors), so that it outlives the session; the image file
	// never changes.
	BlkOverlayFile
	// BlkWritable writes through to the image file.
	BlkWritable
)

// String names the mode as the spec syntax does.
func (m BlkMode) String() string {
	switch m {
	case BlkOverlay:
		return "overlay"
	case BlkReadOnly:
		return "readonly"
	case BlkOverlayFile:
		return "overlay=PATH"
	case BlkWritable:
		return "writable"
	}
	return fmt.Sprintf("BlkMode(%d)", uint8(m))
}

// overlayMagic starts an overlay side file; records follow, each a sector
// number (u64 little-endian) and SectorSize bytes. Later records win.
const overlayMagic = "VMCOW1\x00\x00"

// Blk is a virtio block device backed by an image file.
type Blk struct {
	path     string
	mode     BlkMode
	file     *os.File
	sectors  uint64
	overlay  map[uint64][]byte // sector -> SectorSize bytes (copy-on-write)
	side     *os.File          // BlkOverlayFile's log
	requests uint64            // served requests, for the devices pane and state
}

// OpenBlk opens the image at path in the given mode; overlayPath names the
// side file for BlkOverlayFile (created if missing, its records loaded if
// present).
func OpenBlk(path string, mode BlkMode, overlayPath string) (*Blk, error) {
	flag := os.O_RDONLY
	if mode == BlkWritable {
		flag = os.O_RDWR
	}
	f, err := os.OpenFile(path, flag, 0)
	if err != nil {
		return nil, fmt.Errorf("virtio-blk: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("virtio-blk: %w", err)
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, fmt.Errorf("virtio-blk: %s is not a regular file", path)
	}
	b := &Blk{path: path, mode: mode, file: f, sectors: uint64(fi.Size()) / SectorSize, overlay: map[uint64][]byte{}}
	if mode == BlkOverlayFile {
		if overlayPath == "" {
			f.Close()
			return nil, fmt.Errorf("virtio-blk: %s: overlay mode needs an overlay file path", path)
		}
		if err := b.openSide(overlayPath); err != nil {
			f.Close()
			return nil, err
		}
	}
	return b, nil
}

func (b *Blk) openSide(p string) error {
	side, err := os.OpenFile(p, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("virtio-blk: overlay: %w", err)
	}
	data, err := io.ReadAll(side)
	if err != nil {
		side.Close()
		return fmt.Errorf("virtio-blk: overlay %s: %w", p, err)
	}
	if len(data) == 0 {
		if _, err := side.Write([]byte(overlayMagic)); err != nil {
			side.Close()
			return fmt.Errorf("virtio-blk: overlay %s: %w", p, err)
		}
	} else {
		if !bytes.HasPrefix(data, []byte(overlayMagic)) {
			side.Close()
			return fmt.Errorf("virtio-blk: overlay %s: not a vmcore overlay file (no %q header)", p, overlayMagic[:6])
		}
		rec := data[len(overlayMagic):]
		const rl = 8 + SectorSize
		if len(rec)%rl != 0 {
			side.Close()
			return fmt.Errorf("virtio-blk: overlay %s: truncated record at byte %d", p, len(overlayMagic)+len(rec)/rl*rl)
		}
		for i := 0; i < len(rec); i += rl {
			s := binary.LittleEndian.Uint64(rec[i:])
			if s >= b.sectors {
				side.Close()
				return fmt.Errorf("virtio-blk: overlay %s: record at byte %d names sector %d; the image has %d",
					p, len(overlayMagic)+i, s, b.sectors)
			}
			b.overlay[s] = slices.Clone(rec[i+8 : i+rl])
		}
	}
	b.side = side
	return nil
}

// Path is the image file.
func (b *Blk) Path() string { return b.path }

// Mode is where writes go.
func (b *Blk) Mode() BlkMode { return b.mode }

// Sectors is the capacity in 512-byte sectors.
func (b *Blk) Sectors() uint64 { return b.sectors }

// OverlaySectors is the number of sectors the overlay holds.
func (b *Blk) OverlaySectors() int { return len(b.overlay) }

// Kind implements Backend.
func (b *Blk) Kind() string { return "blk" }

// Spec implements Backend.
func (b *Blk) Spec() Spec {
	sp := Spec{Kind: "blk", Slot: -1, File: b.path, Mode: b.mode}
	if b.side != nil {
		sp.Overlay = b.side.Name()
	}
	return sp
}

// DeviceID implements Backend.
func (b *Blk) DeviceID() uint32 { return IDBlock }

// Features implements Backend.
func (b *Blk) Features() uint64 {
	f := uint64(blkFSegMax | blkFBlkSize | blkFFlush)
	if b.mode == BlkReadOnly {
		f |= blkFRO
	}
	return f
}

// QueueSizes implements Backend: one request queue.
func (b *Blk) QueueSizes() []uint16 { return []uint16{blkQueueSize} }

// ReadConfig implements Backend: capacity, size_max, seg_max, geometry,
// blk_size, as virtio_blk_config lays them out.
func (b *Blk) ReadConfig(off uint64, size int) uint64 {
	var cfg [24]byte
	binary.LittleEndian.PutUint64(cfg[0:], b.sectors)
	binary.LittleEndian.PutUint32(cfg[8:], 0)                   // size_max (not offered)
	binary.LittleEndian.PutUint32(cfg[12:], blkQueueSize-2)     // seg_max, as QEMU
	binary.LittleEndian.PutUint32(cfg[20:], uint32(SectorSize)) // blk_size
	return readConfig(cfg[:], off, size)
}

// readConfig reads a little-endian field of size bytes at off of cfg;
// outside it reads zero.
func readConfig(cfg []byte, off uint64, size int) uint64 {
	var v [8]byte
	if off < uint64(len(cfg)) {
		copy(v[:size], cfg[off:])
	}
	return binary.LittleEndian.Uint64(v[:]) & (^uint64(0) >> (64 - 8*uint(size)))
}

// WriteConfig implements Backend: the configuration is read-only.
func (b *Blk) WriteConfig(off uint64, size int, val uint64) {}

// Reset implements Backend. The overlay is disk content, not device
// state: it survives a reset, as a disk's contents survive a reboot.
func (b *Blk) Reset() {}

// Handle implements Backend: one virtio_blk_req.
func (b *Blk) Handle(q int, c *Chain) (uint32, bool, error) {
	b.requests++
	var hdr [16]byte
	if n, err := c.Read(0, hdr[:]); err != nil || n < len(hdr) || c.WritableLen() < 1 {
		return 0, false, fmt.Errorf("%w: block request of %d readable, %d writable bytes", ErrBadChain, c.ReadableLen(), c.WritableLen())
	}
	typ := binary.LittleEndian.Uint32(hdr[0:])
	sector := binary.LittleEndian.Uint64(hdr[8:])
	statusOff := c.WritableLen() - 1
	status := byte(BlkStatusOK)
	written := uint32(1)
	switch typ {
	case blkTIn:
		n := statusOff
		if err := b.checkRange(sector, n); err != nil {
			status = BlkStatusIOErr
			break
		}
		buf := make([]byte, n)
		if err := b.readAt(buf, sector); err != nil {
			status = BlkStatusIOErr
			break
		}
		if _, err := c.Write(0, buf); err != nil {
			return 0, false, err
		}
		written += uint32(n)
	case blkTOut:
		n := c.ReadableLen() - 16
		if b.mode == BlkReadOnly || b.checkRange(sector, n) != nil {
			status = BlkStatusIOErr
			break
		}
		buf := make([]byte, n)
		if _, err := c.Read(16, buf); err != nil {
			return 0, false, err
		}
		if err := b.writeAt(buf, sector); err != nil {
			status = BlkStatusIOErr
		}
	case blkTFlush:
		if b.mode == BlkWritable {
			if err := b.file.Sync(); err != nil {
				status = BlkStatusIOErr
			}
		} else if b.side != nil {
			if err := b.side.Sync(); err != nil {
				status = BlkStatusIOErr
			}
		}
	case blkTGetID:
		id := make([]byte, min(statusOff, 20))
		copy(id, "vmcore-virtio-blk")
		if _, err := c.Write(0, id); err != nil {
			return 0, false, err
		}
		written += uint32(len(id))
	default:
		status = BlkStatusUnsupp
	}
	if _, err := c.Write(statusOff, []byte{status}); err != nil {
		return 0, false, err
	}
	return written, true, nil
}

func (b *Blk) checkRange(sector, n uint64) error {
	if n%SectorSize != 0 {
		return fmt.Errorf("length %d is not a multiple of %d", n, SectorSize)
	}
	if sector > b.sectors || n/SectorSize > b.sectors-sector {
		return fmt.Errorf("sectors %d+%d beyond the capacity %d", sector, n/SectorSize, b.sectors)
	}
	return nil
}

// readAt fills buf from sector on, overlay first.
func (b *Blk) readAt(buf []byte, sector uint64) error {
	if _, err := b.file.ReadAt(buf, int64(sector*SectorSize)); err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	for i := 0; i < len(buf); i += SectorSize {
		if o, ok := b.overlay[sector+uint64(i/SectorSize)]; ok {
			copy(buf[i:], o)
		}
	}
	return nil
}

func (b *Blk) writeAt(buf []byte, sector uint64) error {
	if b.mode == BlkWritable {
		_, err := b.file.WriteAt(buf, int64(sector*SectorSize))
		return err
	}
	for i := 0; i < len(buf); i += SectorSize {
		s := sector + uint64(i/SectorSize)
		data := slices.Clone(buf[i : i+SectorSize])
		b.overlay[s] = data
		if b.side != nil {
			rec := binary.LittleEndian.AppendUint64(make([]byte, 0, 8+SectorSize), s)
			if _, err := b.side.Write(append(rec, data...)); err != nil {
				return err
			}
		}
	}
	return nil
}

// Save implements Backend: the request count and the overlay's sectors in
// increasing order. The image file is not saved; in writable mode its
// changes are outside snapshots.
func (b *Blk) Save() []byte {
	e := device.NewStateWriter(stateVersion)
	e.U64(b.sectors)
	e.U64(b.requests)
	keys := make([]uint64, 0, len(b.overlay))
	for k := range b.overlay {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.U64(uint64(len(keys)))
	for _, k := range keys {
		e.U64(k)
		e.Raw(b.overlay[k])
	}
	return e.Data()
}

// Restore implements Backend. The capacity must match the image's.
func (b *Blk) Restore(data []byte) error {
	d := device.NewStateReader("virtio-blk", data, 1, stateVersion)
	sectors, requests, n := d.U64(), d.U64(), d.U64()
	if d.Err() == nil && sectors != b.sectors {
		d.Failf("state is of a %d-sector disk, this image has %d", sectors, b.sectors)
	}
	if d.Err() == nil && n > sectors {
		d.Failf("overlay of %d sectors on a %d-sector disk", n, sectors)
	}
	ov := map[uint64][]byte{}
	for i := uint64(0); i < n && d.Err() == nil; i++ {
		s := d.U64()
		data := d.Take(SectorSize)
		if d.Err() == nil && s >= sectors {
			d.Failf("overlay sector %d beyond the capacity %d", s, sectors)
		}
		if d.Err() == nil {
			ov[s] = slices.Clone(data)
		}
	}
	if err := d.Done(); err != nil {
		return err
	}
	b.requests, b.overlay = requests, ov
	return nil
}

// Close implements Backend.
func (b *Blk) Close() error {
	err := b.file.Close()
	if b.side != nil {
		if e := b.side.Close(); err == nil {
			err = e
		}
	}
	return err
}
