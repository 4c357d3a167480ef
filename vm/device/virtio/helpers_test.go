package virtio

import (
	"encoding/binary"
	"testing"
)

const ramBase = 0x80000000

// ram is guest memory over a byte slice.
type ram struct{ b []byte }

func newRAM() *ram { return &ram{b: make([]byte, 1<<20)} }

func (r *ram) ok(p uint64, n int) bool {
	return p >= ramBase && p-ramBase <= uint64(len(r.b)) && uint64(n) <= uint64(len(r.b))-(p-ramBase)
}

func (r *ram) Read(p uint64, b []byte) bool {
	if !r.ok(p, len(b)) {
		return false
	}
	copy(b, r.b[p-ramBase:])
	return true
}

func (r *ram) Write(p uint64, b []byte) bool {
	if !r.ok(p, len(b)) {
		return false
	}
	copy(r.b[p-ramBase:], b)
	return true
}

func (r *ram) put16(p uint64, v uint16) { binary.LittleEndian.PutUint16(r.b[p-ramBase:], v) }
func (r *ram) put32(p uint64, v uint32) { binary.LittleEndian.PutUint32(r.b[p-ramBase:], v) }
func (r *ram) put64(p uint64, v uint64) { binary.LittleEndian.PutUint64(r.b[p-ramBase:], v) }
func (r *ram) get16(p uint64) uint16    { return binary.LittleEndian.Uint16(r.b[p-ramBase:]) }
func (r *ram) get32(p uint64) uint32    { return binary.LittleEndian.Uint32(r.b[p-ramBase:]) }

// irqs records line levels.
type irqs map[int]bool

func (q irqs) SetIRQ(src int, level bool) { q[src] = level }

// driver is a minimal virtio driver for tests: it places one queue's rings
// in test RAM, through either register layout, and submits chains.
type driver struct {
	t     *testing.T
	tr    *Transport
	mem   *ram
	num   uint32
	desc  uint64
	avail uint64
	used  uint64
	next  uint16 // next free descriptor
	aidx  uint16 // driver's avail index
}

func (d *driver) w(off uint64, v uint32) {
	d.t.Helper()
	if !d.tr.Store(off, 4, uint64(v)) {
		d.t.Fatalf("store %#x faulted", off)
	}
}

func (d *driver) r(off uint64) uint32 {
	d.t.Helper()
	v, ok := d.tr.Load(off, 4)
	if !ok {
		d.t.Fatalf("load %#x faulted", off)
	}
	return uint32(v)
}

// setup runs the driver initialisation sequence and sets up queue q with
// num entries, the rings at 0x80010000.
func (d *driver) setup(q int, num uint32) {
	d.t.Helper()
	d.num = num
	d.w(regStatus, 0)
	d.w(regStatus, StatusAcknowledge)
	d.w(regStatus, StatusAcknowledge|StatusDriver)
	d.w(regDeviceFeatSel, 1)
	hi := d.r(regDeviceFeatures)
	d.w(regDriverFeatSel, 1)
	d.w(regDriverFeatures, hi) // accept VERSION_1 when offered
	st := uint32(StatusAcknowledge | StatusDriver)
	if !d.tr.Legacy() {
		st |= StatusFeaturesOK
		d.w(regStatus, st)
		if d.r(regStatus)&StatusFeaturesOK == 0 {
			d.t.Fatal("device refused FEATURES_OK")
		}
	} else {
		d.w(regGuestPageSize, 4096)
	}
	d.w(regQueueSel, uint32(q))
	if max := d.r(regQueueNumMax); max < num {
		d.t.Fatalf("QueueNumMax %d < %d", max, num)
	}
	d.w(regQueueNum, num)
	d.desc = ramBase + 0x10000
	if d.tr.Legacy() {
		d.w(regQueueAlign, 4096)
		d.w(regQueuePFN, uint32(d.desc/4096))
		d.avail = d.desc + 16*uint64(num)
		d.used = (d.avail + 6 + 2*uint64(num) + 4095) &^ 4095
	} else {
		d.avail = d.desc + 0x4000
		d.used = d.desc + 0x8000
		for _, a := range []struct {
			off uint64
			v   uint64
		}{{regQueueDescLow, d.desc}, {regQueueDriverLow, d.avail}, {regQueueDeviceLow, d.used}} {
			d.w(a.off, uint32(a.v))
			d.w(a.off+4, uint32(a.v>>32))
		}
		d.w(regQueueReady, 1)
	}
	d.w(regStatus, st|StatusDriverOK)
}

// buf is one buffer of a chain: address, length, device-writable.
type buf struct {
	addr  uint64
	len   uint32
	write bool
}

// post writes a chain's descriptors and makes it available, without
// notifying; it returns the head.
func (d *driver) post(bufs ...buf) uint16 {
	head := d.next
	for i, b := range bufs {
		idx := uint64(d.next)
		p := d.desc + 16*idx
		d.mem.put64(p, b.addr)
		d.mem.put32(p+8, b.len)
		var flags uint16
		if b.write {
			flags |= descWrite
		}
		if i < len(bufs)-1 {
			flags |= descNext
		}
		d.next = uint16((uint32(d.next) + 1) % d.num)
		d.mem.put16(p+12, flags)
		d.mem.put16(p+14, d.next)
	}
	d.mem.put16(d.avail+4+2*uint64(uint32(d.aidx)%d.num), head)
	d.aidx++
	d.mem.put16(d.avail+2, d.aidx)
	return head
}

// submit posts a chain and notifies queue q.
func (d *driver) submit(q int, bufs ...buf) uint16 {
	h := d.post(bufs...)
	d.w(regQueueNotify, uint32(q))
	return h
}

// usedIdx is the device's used ring index in guest memory.
func (d *driver) usedIdx() uint16 { return d.mem.get16(d.used + 2) }

// usedEntry returns used ring entry i: id and written length.
func (d *driver) usedEntry(i uint16) (uint32, uint32) {
	p := d.used + 4 + 8*uint64(uint32(i)%d.num)
	return d.mem.get32(p), d.mem.get32(p + 4)
}
