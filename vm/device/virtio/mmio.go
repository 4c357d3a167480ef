package virtio

import (
	"encoding/binary"
	"fmt"

	"vmcore/vm/device"
)

// Board placement of the transports on QEMU virt.
const (
	// MMIOBase is the first slot's address; slot i is at MMIOBase+i*MMIOSize.
	MMIOBase uint64 = 0x10001000
	// MMIOSize is each slot's window (the DTB's reg size).
	MMIOSize uint64 = 0x1000
	// Slots is the number of transports on the board.
	Slots = 8
	// FirstIRQ is slot 0's PLIC source; slot i uses FirstIRQ+i.
	FirstIRQ = 1

	// Magic is "virt" little-endian, the MagicValue register.
	Magic uint32 = 0x74726976
	// VendorQEMU is QEMU's vendor id ("QEMU"), which Linux and U-Boot
	// accept from any virtio-mmio transport.
	VendorQEMU uint32 = 0x554d4551
)

// Device ids (virtio 1.x section 5).
const (
	IDNone    uint32 = 0
	IDBlock   uint32 = 2
	IDConsole uint32 = 3
	IDRNG     uint32 = 4
)

// Register offsets of the MMIO transport.
const (
	regMagic           = 0x000
	regVersion         = 0x004
	regDeviceID        = 0x008
	regVendorID        = 0x00c
	regDeviceFeatures  = 0x010
	regDeviceFeatSel   = 0x014
	regDriverFeatures  = 0x020
	regDriverFeatSel   = 0x024
	regGuestPageSize   = 0x028 // legacy
	regQueueSel        = 0x030
	regQueueNumMax     = 0x034
	regQueueNum        = 0x038
	regQueueAlign      = 0x03c // legacy
	regQueuePFN        = 0x040 // legacy
	regQueueReady      = 0x044 // modern
	regQueueNotify     = 0x050
	regInterruptStatus = 0x060
	regInterruptACK    = 0x064
	regStatus          = 0x070
	regQueueDescLow    = 0x080
	regQueueDescHigh   = 0x084
	regQueueDriverLow  = 0x090
	regQueueDriverHigh = 0x094
	regQueueDeviceLow  = 0x0a0
	regQueueDeviceHigh = 0x0a4
	regConfigGen       = 0x0fc
	regConfig          = 0x100
)

// Device status bits.
const (
	StatusAcknowledge = 1
	StatusDriver      = 2
	StatusDriverOK    = 4
	StatusFeaturesOK  = 8
	StatusNeedsReset  = 0x40
	StatusFailed      = 0x80
)

// Interrupt status bits.
const (
	IntUsedBuffer   = 1
	IntConfigChange = 2
)

// FeatureVersion1 is VIRTIO_F_VERSION_1, offered by modern transports only.
const FeatureVersion1 = uint64(1) << 32

// Memory is guest physical memory as a DMA-capable device sees it; a
// riscv.Memory satisfies it. Both methods report false, touching nothing,
// when the range is not wholly in RAM.
type Memory interface {
	Read(paddr uint64, b []byte) bool
	Write(paddr uint64, b []byte) bool
}

// Backend is a virtio device behind a transport: it defines the device id,
// features, queues and configuration space, and serves requests.
type Backend interface {
	// Kind is the spec's name of the device: "blk", "console", "rng".
	Kind() string
	// Spec describes the device as ParseSpec would (Slot -1): what a
	// recording stores to attach the same device again.
	Spec() Spec
	// DeviceID is the virtio device id.
	DeviceID() uint32
	// Features are the device-specific feature bits offered.
	Features() uint64
	// QueueSizes gives each queue's maximum size (QueueNumMax).
	QueueSizes() []uint16
	// ReadConfig reads size bytes of configuration space at off.
	ReadConfig(off uint64, size int) uint64
	// WriteConfig writes configuration space (most of it is read-only).
	WriteConfig(off uint64, size int, val uint64)
	// Handle serves one descriptor chain from queue q and returns the
	// number of bytes written into the chain. ok=false means the device
	// cannot serve it now (a receive queue without input): the chain
	// stays available and processing of the queue stops.
	Handle(q int, c *Chain) (written uint32, ok bool, err error)
	// Reset returns device-side state to power-on (a driver reset),
	// keeping host-side resources (the image, the overlay's contents).
	Reset()
	// Save and Restore cover the backend's guest-visible state.
	Save() []byte
	Restore(b []byte) error
	// Close releases host resources (files).
	Close() error
}

// kicker is implemented by backends that produce work on their own (a
// console receiving host input): the transport gives them a function that
// processes a queue.
type kicker interface {
	setKick(func(q int))
}

// queue is one virtqueue's transport state.
type queue struct {
	num       uint32
	ready     bool   // modern QueueReady
	pfn       uint32 // legacy QueuePFN
	align     uint32 // legacy QueueAlign
	desc      uint64
	avail     uint64
	used      uint64
	lastAvail uint16 // next avail ring entry the device will take
	usedIdx   uint16 // the device's used ring index
}

// Transport is one virtio-mmio slot: a device.Device on the bus, with an
// optional Backend attached.
type Transport struct {
	slot   int
	legacy bool
	mem    Memory
	irq    device.IRQSink

	dev Backend

	status      uint32
	devFeatSel  uint32
	drvFeatSel  uint32
	drvFeatures uint64
	pageSize    uint32
	queueSel    uint32
	queues      []queue
	intStatus   uint32
	configGen   uint32
	irqLevel    bool
	// processing guards against a backend kicking its own queue from
	// inside Handle.
	processing bool
}

// NewTransport makes slot's transport (0..Slots-1), legacy (Version 1) or
// modern (Version 2), DMA-ing through mem and signalling on irq.
func NewTransport(slot int, legacy bool, mem Memory, irq device.IRQSink) *Transport {
	return &Transport{slot: slot, legacy: legacy, mem: mem, irq: irq}
}

// Slot is the transport's slot number.
func (t *Transport) Slot() int { return t.slot }

// Legacy reports whether the transport has the Version 1 register layout.
func (t *Transport) Legacy() bool { return t.legacy }

// IRQ is the slot's PLIC source number.
func (t *Transport) IRQ() int { return FirstIRQ + t.slot }

// Backend is the attached device, nil for an empty slot.
func (t *Transport) Backend() Backend { return t.dev }

// Spec describes the attached device with this slot, and false for an
// empty slot.
func (t *Transport) Spec() (Spec, bool) {
	if t.dev == nil {
		return Spec{}, false
	}
	sp := t.dev.Spec()
	sp.Slot = t.slot
	return sp, true
}

// Name implements device.Device: "virtio0".."virtio7".
func (t *Transport) Name() string { return fmt.Sprintf("virtio%d", t.slot) }

// Base implements device.Device.
func (t *Transport) Base() uint64 { return MMIOBase + uint64(t.slot)*MMIOSize }

// Size implements device.Device.
func (t *Transport) Size() uint64 { return MMIOSize }

// Attach puts a backend into an empty slot. The guest sees the device id
// change from 0 on its next read; the device starts reset.
func (t *Transport) Attach(b Backend) error {
	if t.dev != nil {
		return &SlotError{Slot: t.slot, Err: ErrSlotBusy, Detail: "holds " + t.dev.Kind()}
	}
	t.dev = b
	t.resetRegs()
	b.Reset()
	if k, ok := b.(kicker); ok {
		k.setKick(t.kick)
	}
	return nil
}

// Replace puts b (nil: none) into the slot in place of its backend,
// which it returns (not closed), without asking the guest: it is for
// restoring a whole machine state, whose Restore then sets the registers
// and queues. Requests in flight belong to the state being replaced.
func (t *Transport) Replace(b Backend) Backend {
	old := t.dev
	if k, ok := old.(kicker); ok {
		k.setKick(nil)
	}
	t.dev = b
	if b != nil {
		b.Reset()
		if k, ok := b.(kicker); ok {
			k.setKick(t.kick)
		}
	}
	t.resetRegs()
	return old
}

// Detach removes the backend and returns it (not closed). A device with
// requests in flight is refused with ErrInFlight. If the driver had the
// device running, the slot latches a configuration-change interrupt so
// that the driver notices the device is gone.
func (t *Transport) Detach() (Backend, error) {
	if t.dev == nil {
		return nil, &SlotError{Slot: t.slot, Err: ErrSlotEmpty}
	}
	if n, what := t.InFlight(); n > 0 {
		return nil, &SlotError{Slot: t.slot, Err: ErrInFlight, Detail: what}
	}
	b := t.dev
	if k, ok := b.(kicker); ok {
		k.setKick(nil)
	}
	live := t.status&StatusDriverOK != 0
	t.dev = nil
	t.resetRegs()
	if live {
		t.intStatus = IntConfigChange
		t.configGen++
	}
	t.updateIRQ()
	return b, nil
}

// InFlight counts requests the device has not finished with: chains made
// available on a queue whose driver buffers are consumed on notify (not
// receive buffers waiting for input) that the device has not yet taken,
// plus completed requests whose interrupt the driver has not yet
// acknowledged. It also says where, for messages.
func (t *Transport) InFlight() (int, string) {
	if t.dev == nil {
		return 0, ""
	}
	n := 0
	where := ""
	for i := range t.queues {
		if rx, ok := t.dev.(interface{ waitsForInput(q int) bool }); ok && rx.waitsForInput(i) {
			continue
		}
		q := &t.queues[i]
		if !t.queueLive(q) {
			continue
		}
		idx, ok := t.read16(q.avail + 2)
		if !ok {
			continue
		}
		if k := int(idx - q.lastAvail); k > 0 {
			n += k
			where += fmt.Sprintf("; queue %d: %d requests not taken", i, k)
		}
	}
	if t.intStatus&IntUsedBuffer != 0 {
		n++
		where += "; completed requests not yet acknowledged by the driver (InterruptStatus)"
	}
	if where != "" {
		where = where[2:]
	}
	return n, where
}

// resetRegs is a device reset of the transport's registers.
func (t *Transport) resetRegs() {
	t.status, t.devFeatSel, t.drvFeatSel, t.drvFeatures = 0, 0, 0, 0
	t.pageSize, t.queueSel, t.intStatus = 0, 0, 0
	t.queues = nil
	if t.dev != nil {
		t.queues = make([]queue, len(t.dev.QueueSizes()))
	}
	t.updateIRQ()
}

// Reset implements device.Device: a board reset resets the device but
// keeps it in its slot.
func (t *Transport) Reset() {
	t.configGen = 0
	t.resetRegs()
	if t.dev != nil {
		t.dev.Reset()
	}
}

func (t *Transport) updateIRQ() {
	level := t.intStatus != 0
	if level != t.irqLevel {
		t.irqLevel = level
		if t.irq != nil {
			t.irq.SetIRQ(t.IRQ(), level)
		}
	}
}

func (t *Transport) features() uint64 {
	if t.dev == nil {
		return 0
	}
	f := t.dev.Features()
	if !t.legacy {
		f |= FeatureVersion1
	}
	return f
}

func (t *Transport) version() uint32 {
	if t.legacy {
		return 1
	}
	return 2
}

// selected returns the queue QueueSel names, nil if out of range.
func (t *Transport) selected() *queue {
	if int(t.queueSel) < len(t.queues) {
		return &t.queues[t.queueSel]
	}
	return nil
}

// Load implements device.Device. Registers are 32-bit; other widths read
// zero, as in QEMU. Configuration space allows 1, 2, 4 and 8 bytes.
func (t *Transport) Load(off uint64, size int) (uint64, bool) {
	return t.read(off, size), true
}

// Peek implements device.Device; no register read has side effects.
func (t *Transport) Peek(off uint64, size int) (uint64, bool) {
	return t.read(off, size), true
}

func (t *Transport) read(off uint64, size int) uint64 {
	if off >= regConfig {
		if t.dev == nil {
			return 0
		}
		return t.dev.ReadConfig(off-regConfig, size)
	}
	if size != 4 || off%4 != 0 {
		return 0
	}
	switch off {
	case regMagic:
		return uint64(Magic)
	case regVersion:
		return uint64(t.version())
	case regVendorID:
		return uint64(VendorQEMU)
	case regInterruptStatus:
		return uint64(t.intStatus) // an empty slot may hold a detach's config change
	}
	if t.dev == nil {
		return 0
	}
	q := t.selected()
	switch off {
	case regDeviceID:
		return uint64(t.dev.DeviceID())
	case regDeviceFeatures:
		if t.devFeatSel < 2 {
			return uint64(uint32(t.features() >> (32 * t.devFeatSel)))
		}
	case regQueueNumMax:
		if q != nil && (t.legacy || !q.ready) {
			return uint64(t.dev.QueueSizes()[t.queueSel])
		}
	case regQueuePFN:
		if q != nil && t.legacy {
			return uint64(q.pfn)
		}
	case regQueueReady:
		if q != nil && !t.legacy {
			return uint64(boolU32(q.ready))
		}
	case regStatus:
		return uint64(t.status)
	case regConfigGen:
		if !t.legacy {
			return uint64(t.configGen)
		}
	}
	return 0
}

func boolU32(b bool) uint32 {
	if b {
		return 1
	}
	return 0
}

// Store implements device.Device. Writes to an empty slot are ignored,
// except acknowledging a latched interrupt.
func (t *Transport) Store(off uint64, size int, val uint64) bool {
	if off >= regConfig {
		if t.dev != nil {
			t.dev.WriteConfig(off-regConfig, size, val)
		}
		return true
	}
	if size != 4 || off%4 != 0 {
		return true
	}
	v := uint32(val)
	if off == regInterruptACK {
		t.intStatus &^= v
		t.updateIRQ()
		return true
	}
	if t.dev == nil {
		return true
	}
	q := t.selected()
	switch off {
	case regDeviceFeatSel:
		t.devFeatSel = v
	case regDriverFeatures:
		if t.drvFeatSel < 2 && t.status&StatusFeaturesOK == 0 {
			shift := 32 * t.drvFeatSel
			t.drvFeatures = t.drvFeatures&^(0xffffffff<<shift) | uint64(v)<<shift
			t.drvFeatures &= t.features()
		}
	case regDriverFeatSel:
		t.drvFeatSel = v
	case regGuestPageSize:
		if t.legacy {
			t.pageSize = v
		}
	case regQueueSel:
		t.queueSel = v
	case regQueueNum:
		if q != nil && v <= uint32(t.dev.QueueSizes()[t.queueSel]) && v&(v-1) == 0 {
			q.num = v
		}
	case regQueueAlign:
		if q != nil && t.legacy {
			q.align = v
		}
	case regQueuePFN:
		if q != nil && t.legacy {
			q.pfn = v
			if v == 0 {
				*q = queue{}
			} else {
				t.placeLegacy(q)
			}
		}
	case regQueueReady:
		if q != nil && !t.legacy {
			q.ready = v&1 != 0
			if !q.ready {
				q.lastAvail, q.usedIdx = 0, 0
			}
		}
	case regQueueDescLow, regQueueDescHigh, regQueueDriverLow, regQueueDriverHigh, regQueueDeviceLow, regQueueDeviceHigh:
		if q != nil && !t.legacy && !q.ready {
			var p *uint64
			switch off &^ 7 {
			case regQueueDescLow:
				p = &q.desc
			case regQueueDriverLow:
				p = &q.avail
			default:
				p = &q.used
			}
			if off%8 == 0 {
				*p = *p&^0xffffffff | uint64(v)
			} else {
				*p = *p&0xffffffff | uint64(v)<<32
			}
		}
	case regQueueNotify:
		if int(v) < len(t.queues) {
			t.process(int(v))
		}
	case regStatus:
		t.setStatus(v)
	}
	return true
}

// placeLegacy computes a legacy queue's rings from its PFN: the
// descriptor table at pfn*GuestPageSize, the available ring right after
// it, the used ring at the next QueueAlign boundary.
func (t *Transport) placeLegacy(q *queue) {
	ps := uint64(t.pageSize)
	if ps == 0 {
		ps = 4096
	}
	align := uint64(q.align)
	if align == 0 || align&(align-1) != 0 {
		align = 4096
	}
	n := uint64(q.num)
	q.desc = uint64(q.pfn) * ps
	q.avail = q.desc + 16*n
	q.used = (q.avail + 6 + 2*n + align - 1) &^ (align - 1)
	q.lastAvail, q.usedIdx = 0, 0
}

func (t *Transport) setStatus(v uint32) {
	if v == 0 {
		t.resetRegs()
		t.dev.Reset()
		return
	}
	if !t.legacy && v&StatusFeaturesOK != 0 && t.status&StatusFeaturesOK == 0 {
		// The driver may only accept what was offered; Store already
		// masked, so FEATURES_OK always holds here unless VERSION_1
		// was refused, which a modern device cannot work without.
		if t.drvFeatures&FeatureVersion1 == 0 {
			v &^= StatusFeaturesOK
		}
	}
	t.status = v
	if v&StatusDriverOK != 0 {
		// Input that arrived before the driver was ready is delivered now.
		for i := range t.queues {
			t.process(i)
		}
	}
}

// DriverFeatures returns the features the driver accepted.
func (t *Transport) DriverFeatures() uint64 { return t.drvFeatures }

// Status returns the device status register.
func (t *Transport) Status() uint32 { return t.status }

// InterruptStatus returns the interrupt status register.
func (t *Transport) InterruptStatus() uint32 { return t.intStatus }

func (t *Transport) queueLive(q *queue) bool {
	if q.num == 0 || q.desc == 0 {
		return false
	}
	if t.legacy {
		return q.pfn != 0
	}
	return q.ready
}

// kick processes a queue on a backend's behalf (host input arrived).
func (t *Transport) kick(q int) {
	if t.dev != nil && q < len(t.queues) && t.status&StatusDriverOK != 0 {
		t.process(q)
	}
}

func (t *Transport) read16(addr uint64) (uint16, bool) {
	var b [2]byte
	if !t.mem.Read(addr, b[:]) {
		return 0, false
	}
	return binary.LittleEndian.Uint16(b[:]), true
}

// fail marks the device broken (DEVICE_NEEDS_RESET) and interrupts with a
// configuration change, as QEMU's virtio_error does for a modern device.
func (t *Transport) fail() {
	t.status |= StatusNeedsReset
	if !t.legacy {
		t.intStatus |= IntConfigChange
	}
	t.updateIRQ()
}

// process serves every available chain of queue qi, then signals.
func (t *Transport) process(qi int) {
	if t.processing || t.status&StatusNeedsReset != 0 {
		return
	}
	q := &t.queues[qi]
	if !t.queueLive(q) {
		return
	}
	t.processing = true
	defer func() { t.processing = false }()
	availIdx, ok := t.read16(q.avail + 2)
	if !ok {
		t.fail()
		return
	}
	if uint16(availIdx-q.lastAvail) > uint16(q.num) {
		t.fail() // the driver claims more entries than the ring holds
		return
	}
	served := false
	for q.lastAvail != availIdx {
		head, ok := t.read16(q.avail + 4 + 2*uint64(uint32(q.lastAvail)%q.num))
		if !ok || uint32(head) >= q.num {
			t.fail()
			return
		}
		c, err := t.chain(q, head)
		if err != nil {
			t.fail()
			return
		}
		n, ok, err := t.dev.Handle(qi, c)
		if err != nil {
			t.fail()
			return
		}
		if !ok {
			break
		}
		var e [8]byte
		binary.LittleEndian.PutUint32(e[:], uint32(head))
		binary.LittleEndian.PutUint32(e[4:], n)
		slot := uint64(uint32(q.usedIdx) % q.num)
		if !t.mem.Write(q.used+4+8*slot, e[:]) {
			t.fail()
			return
		}
		q.usedIdx++
		q.lastAvail++
		var ix [2]byte
		binary.LittleEndian.PutUint16(ix[:], q.usedIdx)
		if !t.mem.Write(q.used+2, ix[:]) {
			t.fail()
			return
		}
		served = true
	}
	if served {
		flags, _ := t.read16(q.avail)
		if flags&1 == 0 { // VRING_AVAIL_F_NO_INTERRUPT
			t.intStatus |= IntUsedBuffer
			t.updateIRQ()
		}
	}
}

// State implements device.Device for the devices pane: the transport's
// registers (features offered and accepted, status, interrupt status),
// each queue's size, readiness and ring indices, and what the backend is
// (a disk's image file and mode). It reads guest memory for the driver's
// avail index but changes nothing.
func (t *Transport) State() []device.Field {
	kind := "empty"
	if t.dev != nil {
		kind = t.dev.Kind()
	}
	f := []device.Field{
		{Name: "slot", Value: uint64(t.slot), Note: kind},
		{Name: "version", Value: uint64(t.version()), Note: map[bool]string{true: "legacy", false: "modern"}[t.legacy]},
		{Name: "device_id", Value: uint64(t.read(regDeviceID, 4)), Note: deviceIDNote(uint32(t.read(regDeviceID, 4)))},
		{Name: "status", Value: uint64(t.status), Note: statusNote(t.status)},
		{Name: "device_features", Value: t.features()},
		{Name: "driver_features", Value: t.drvFeatures},
		{Name: "interrupt_status", Value: uint64(t.intStatus), Note: intNote(t.intStatus)},
	}
	f = append(f, backendFields(t.dev)...)
	var sizes []uint16
	if t.dev != nil {
		sizes = t.dev.QueueSizes()
	}
	for i := range t.queues {
		q := &t.queues[i]
		ready, avail, availNote := "not ready", uint64(0), "not readable"
		if t.queueLive(q) {
			ready = "ready"
			if v, ok := t.read16(q.avail + 2); ok {
				avail, availNote = uint64(v), ""
			}
		}
		var maxNote string
		if i < len(sizes) {
			maxNote = fmt.Sprintf("max %d", sizes[i])
		}
		f = append(f,
			device.Field{Name: fmt.Sprintf("q%d.num", i), Value: uint64(q.num), Note: maxNote},
			device.Field{Name: fmt.Sprintf("q%d.ready", i), Value: uint64(boolU32(t.queueLive(q))), Note: ready},
			device.Field{Name: fmt.Sprintf("q%d.desc", i), Value: q.desc},
			device.Field{Name: fmt.Sprintf("q%d.avail_idx", i), Value: avail, Note: availNote},
			device.Field{Name: fmt.Sprintf("q%d.last_avail", i), Value: uint64(q.lastAvail)},
			device.Field{Name: fmt.Sprintf("q%d.used_idx", i), Value: uint64(q.usedIdx)})
	}
	return f
}

// backendFields describes what is behind the transport: for a disk its
// image, mode and size, for an entropy source its seed.
func backendFields(b Backend) []device.Field {
	switch b := b.(type) {
	case *Blk:
		note := b.Path() + " (" + b.Mode().String() + ")"
		if b.Mode() == BlkOverlayFile {
			note = b.Path() + " (overlay " + b.Spec().Overlay + ")"
		}
		return []device.Field{
			{Name: "file", Value: b.Sectors(), Note: note},
			{Name: "overlay_sectors", Value: uint64(b.OverlaySectors())},
		}
	case *RNG:
		return []device.Field{{Name: "seed", Value: b.Seed()}}
	}
	return nil
}

// deviceIDNote names the virtio device ids this board has.
func deviceIDNote(id uint32) string {
	switch id {
	case 0:
		return "none"
	case IDBlock:
		return "block"
	case IDConsole:
		return "console"
	case IDRNG:
		return "entropy"
	}
	return ""
}

// intNote names the interrupt status bits.
func intNote(s uint32) string {
	switch s & (IntUsedBuffer | IntConfigChange) {
	case IntUsedBuffer:
		return "USED_BUFFER"
	case IntConfigChange:
		return "CONFIG_CHANGE"
	case IntUsedBuffer | IntConfigChange:
		return "USED_BUFFER|CONFIG_CHANGE"
	}
	return ""
}

func statusNote(s uint32) string {
	names := []struct {
		bit  uint32
		name string
	}{{StatusAcknowledge, "ACK"}, {StatusDriver, "DRIVER"}, {StatusFeaturesOK, "FEATURES_OK"},
		{StatusDriverOK, "DRIVER_OK"}, {StatusNeedsReset, "NEEDS_RESET"}, {StatusFailed, "FAILED"}}
	out := ""
	for _, n := range names {
		if s&n.bit != 0 {
			if out != "" {
				out += "|"
			}
			out += n.name
		}
	}
	return out
}
