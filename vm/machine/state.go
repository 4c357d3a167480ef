package machine

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"math/bits"

	"vmcore/isa/riscv"
	"vmcore/vm/device"
)

// Machine state: snapshots, restore, and the state hash.
//
// A Snapshot holds everything that decides what the machine does next:
// every hart's architectural state, the RAM pages that are not zero, every
// device's state (the UART's FIFO and queued input included), the virtual
// clock (cycles) and the scheduler's position (current hart, what is left
// of its turn), and a latched exit. It does not hold the program image or
// the configuration: a snapshot is restored onto a machine built with the
// same Config and loaded with the same Image, which is how replays build
// machines (from the VMCreated event).
//
// RAM pages are found through the memory's dirty bitmap and the pages the
// page-hash cache saw written (see pageHashes, which owns the dirty marks
// and clears them as it takes note): pages never written since the RAM was
// zeroed are skipped without being read. Anyone else calling
// Memory.ClearDirty on a machine breaks snapshots and hashes of it.

// Pos is the machine's position on the virtual time line: the total
// instruction count, virtual cycles (which also advance while every hart
// waits), and the deterministic scheduler's state. Console input is
// stamped with the Pos at which it entered the UART, and a replay makes the
// machine reach exactly that Pos before injecting it.
type Pos struct {
	Icount   uint64 `json:"icount"`
	Cycles   uint64 `json:"cycles"`
	Hart     int    `json:"hart"`      // hart whose turn it is
	TurnLeft uint64 `json:"turn_left"` // instructions left in that hart's turn
}

// Position returns the machine's current Pos. Called from an OnInput hook
// it gives the position at which the input enters.
func (m *Machine) Position() Pos {
	return Pos{Icount: m.Icount(), Cycles: m.cycles, Hart: m.cur, TurnLeft: m.turnLeft}
}

// AlignTo brings the machine to pos, which a recording stamped: the caller
// has run the machine until Icount() == pos.Icount (Run with maxInsns =
// pos.Icount). Between reaching that icount and the stamped moment the
// recorded machine retired no instruction but may have ended turns and
// skipped idle time; AlignTo redoes exactly that bookkeeping so that the
// next Run continues as the recording did. A pos the machine cannot have
// reached from here (another icount, an earlier cycle) is an error and
// changes nothing.
func (m *Machine) AlignTo(pos Pos) error {
	if got := m.Icount(); got != pos.Icount {
		return fmt.Errorf("machine: position stamped at icount %d, machine at icount %d", pos.Icount, got)
	}
	if pos.Hart < 0 || pos.Hart >= len(m.harts) {
		return fmt.Errorf("machine: position stamped for hart %d of %d", pos.Hart, len(m.harts))
	}
	if pos.Cycles < m.cycles {
		return fmt.Errorf("machine: position stamped at cycle %d, machine already at %d", pos.Cycles, m.cycles)
	}
	if pos.Cycles > m.cycles && len(m.harts) > 1 {
		// Time is only skipped after every hart was offered a turn, and
		// every turn's end drops that hart's reservation.
		for _, h := range m.harts {
			h.ClearReservation()
		}
	}
	for m.cur != pos.Hart {
		m.nextHart()
	}
	m.cycles, m.turnLeft = pos.Cycles, pos.TurnLeft
	return nil
}

// InjectInputAt aligns the machine to pos (see AlignTo) and puts console
// input into the UART there, as the recording's OnInput saw it enter.
func (m *Machine) InjectInputAt(pos Pos, b []byte) error {
	if err := m.AlignTo(pos); err != nil {
		return err
	}
	m.deliverInput(b)
	return nil
}

// Page is one 4 KiB page of RAM in a snapshot.
type Page struct {
	Index uint64 // page number counted from RAMBase
	Data  []byte // riscv.PageSize bytes
}

// DeviceState is one device's saved state.
type DeviceState struct {
	Name string
	Data []byte
}

// Snapshot is the complete state of a machine at one position.
type Snapshot struct {
	Pos     Pos
	Exit    *Result // the latched exit, if the guest powered off
	Harts   []riscv.HartState
	Devices []DeviceState // in board order, then "htif" when present
	Pages   []Page        // non-zero pages in increasing Index order
}

// stateful lists the board's devices with saved state, in a fixed order.
func (m *Machine) stateful() []device.Stateful {
	s := []device.Stateful{m.fin, m.clint, m.plic, m.uart, m.rtc}
	for _, t := range m.vio {
		s = append(s, t)
	}
	if m.htif != nil {
		s = append(s, m.htif)
	}
	return s
}

// Snapshot captures the machine's state. It must be called between Runs.
func (m *Machine) Snapshot() *Snapshot {
	s := m.snapshotState()
	m.eachPage(func(p uint64, data []byte) {
		s.Pages = append(s.Pages, Page{Index: p, Data: bytes.Clone(data)})
	})
	return s
}

// snapshotState is a Snapshot without the pages.
func (m *Machine) snapshotState() *Snapshot {
	s := &Snapshot{Pos: m.Position()}
	if m.exit != nil {
		e := *m.exit
		s.Exit = &e
	}
	for _, h := range m.harts {
		s.Harts = append(s.Harts, h.State())
	}
	for _, d := range m.stateful() {
		s.Devices = append(s.Devices, DeviceState{Name: d.Name(), Data: d.Save()})
	}
	return s
}

// eachPage calls f for every RAM page that may be non-zero and is.
func (m *Machine) eachPage(f func(p uint64, data []byte)) {
	n := m.mem.Pages()
	for p := uint64(0); p < n; p++ {
		if p&63 == 0 && !m.anyMayBeNonZero(p) {
			p += 63
			continue
		}
		if !m.mayBeNonZero(p) {
			continue
		}
		data := m.ram[p*riscv.PageSize : (p+1)*riscv.PageSize]
		if !allZero(data) {
			f(p, data)
		}
	}
}

func allZero(b []byte) bool {
	for len(b) >= 8 {
		if binary.LittleEndian.Uint64(b) != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// Restore makes the machine's state s. The machine must have the Config
// (RAM size, harts) and the loaded Image of the machine s was taken from;
// a mismatch is an error and leaves the machine unchanged.
func (m *Machine) Restore(s *Snapshot) error {
	if len(s.Harts) != len(m.harts) {
		return fmt.Errorf("machine: snapshot has %d harts, this machine %d", len(s.Harts), len(m.harts))
	}
	if s.Pos.Hart < 0 || s.Pos.Hart >= len(m.harts) {
		return fmt.Errorf("machine: snapshot's current hart %d out of range", s.Pos.Hart)
	}
	devs := m.stateful()
	if len(s.Devices) != len(devs) {
		return fmt.Errorf("machine: snapshot has %d devices, this machine %d (same program loaded?)", len(s.Devices), len(devs))
	}
	for i, d := range devs {
		if s.Devices[i].Name != d.Name() {
			return fmt.Errorf("machine: snapshot device %d is %q, this machine has %q", i, s.Devices[i].Name, d.Name())
		}
	}
	for i, p := range s.Pages {
		if p.Index >= m.mem.Pages() || len(p.Data) != riscv.PageSize {
			return fmt.Errorf("machine: snapshot page %d (index %d, %d bytes) does not fit %d pages of RAM",
				i, p.Index, len(p.Data), m.mem.Pages())
		}
	}
	// A hot-plug since the snapshot left other devices in some slots:
	// put back the ones the snapshot had, undone if the restore fails.
	replug, err := m.replugFor(s)
	if err != nil {
		return err
	}
	// Devices are restored into copies first, so that a bad device state
	// leaves the machine unchanged.
	saved := make([][]byte, len(devs))
	for i, d := range devs {
		saved[i] = d.Save()
		if err := d.Restore(s.Devices[i].Data); err != nil {
			for j := range i {
				_ = devs[j].Restore(saved[j]) // our own bytes: cannot fail
			}
			replug.undo()
			return fmt.Errorf("machine: %w", err)
		}
	}
	replug.done()
	zeroRAM(m.ram)
	m.ramReplaced()
	for _, p := range s.Pages {
		m.mem.Write(RAMBase+p.Index*riscv.PageSize, p.Data)
	}
	m.mem.InvalidateCode()
	for i, h := range m.harts {
		h.SetState(s.Harts[i])
	}
	m.cycles, m.cur, m.turnLeft = s.Pos.Cycles, s.Pos.Hart, s.Pos.TurnLeft
	m.running = false
	m.exit = nil
	if s.Exit != nil {
		e := *s.Exit
		m.exit = &e
	}
	return nil
}

// HashSize is the length of a StateHash.
const HashSize = sha256.Size

// StateHash is a SHA-256 over the whole machine state: position, harts,
// devices, and for every non-zero RAM page its index and its own SHA-256.
// Two machines with equal hashes behave identically from here on. SHA-256
// rather than a seeded hash so that hashes compare across processes and
// builds. The page hashes are kept between calls (see pageHashes), so a
// call rehashes only the pages written since the last one.
func (m *Machine) StateHash() [HashSize]byte {
	h := sha256.New()
	var buf []byte
	pos := m.Position()
	buf = binary.LittleEndian.AppendUint64(buf, pos.Icount)
	buf = binary.LittleEndian.AppendUint64(buf, pos.Cycles)
	buf = binary.LittleEndian.AppendUint64(buf, uint64(pos.Hart))
	buf = binary.LittleEndian.AppendUint64(buf, pos.TurnLeft)
	buf = appendExit(buf, m.exit)
	for _, hs := range m.harts {
		buf = appendHart(buf, hs.State())
	}
	for _, d := range m.stateful() {
		buf = appendString(buf, d.Name())
		buf = appendBytes(buf, d.Save())
	}
	h.Write(buf)
	m.harvest()
	var rec [8 + sha256.Size]byte
	for i, w := range m.hashes.written {
		w &^= m.hashes.zero[i]
		for w != 0 {
			p := uint64(i)<<6 | uint64(bits.TrailingZeros64(w))
			w &= w - 1
			binary.LittleEndian.PutUint64(rec[:8], p)
			copy(rec[8:], m.hashes.sums[p][:])
			h.Write(rec[:])
		}
	}
	var out [HashSize]byte
	h.Sum(out[:0])
	return out
}

// Snapshot encoding, format 1 (little-endian):
//
//	magic "VMSS" | format u16 | icount u64 | cycles u64 | hart u32 |
//	turnLeft u64 | exit (u8 present; reason u8, code i64, source string,
//	hart u32, pc u64, icount u64) | harts u32 | per hart: len u32, state |
//	devices u32 | per device: name string, data bytes | pages u64 | per
//	page: index u64, 4096 bytes | CRC-32C of everything before it (u32)
//
// strings and bytes are a u32 length and the bytes. Format 1 ended in a
// SHA-256 instead; it is still read. The checksum guards against damage
// in storage, not against forgery (session files carry their own digest),
// and CRC-32C runs at memory speed where SHA-256 took a second per GiB.
const (
	snapMagic  = "VMSS"
	snapFormat = 2
	crcSize    = 4
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

var hartStateSize = binary.Size(riscv.HartState{})

// hartStateSizeNoFD is the size of HartState before the F/D registers and
// fcsr (33 uint64s) were appended to it.
var hartStateSizeNoFD = hartStateSize - 33*8

func appendHart(b []byte, hs riscv.HartState) []byte {
	b, _ = binary.Append(b, binary.LittleEndian, hs) // fixed-size struct: cannot fail
	return b
}

func appendString(b []byte, s string) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

func appendBytes(b, v []byte) []byte {
	b = binary.LittleEndian.AppendUint32(b, uint32(len(v)))
	return append(b, v...)
}

func appendExit(b []byte, e *Result) []byte {
	if e == nil {
		return append(b, 0)
	}
	b = append(b, 1, byte(e.Reason))
	b = binary.LittleEndian.AppendUint64(b, uint64(int64(e.ExitCode)))
	b = appendString(b, e.Source)
	b = binary.LittleEndian.AppendUint32(b, uint32(e.Hart))
	b = binary.LittleEndian.AppendUint64(b, e.PC)
	return binary.LittleEndian.AppendUint64(b, e.Icount)
}

// MarshalBinary encodes the snapshot.
func (s *Snapshot) MarshalBinary() ([]byte, error) {
	for _, p := range s.Pages {
		if len(p.Data) != riscv.PageSize {
			return nil, fmt.Errorf("machine: snapshot page %d has %d bytes", p.Index, len(p.Data))
		}
	}
	return s.encode(len(s.Pages), func(b []byte) []byte {
		for _, p := range s.Pages {
			b = binary.LittleEndian.AppendUint64(b, p.Index)
			b = append(b, p.Data...)
		}
		return b
	}), nil
}

// MarshalSnapshot is Snapshot().MarshalBinary() without the intermediate
// copy of every page: the pages go from RAM straight into the encoding,
// one allocation in all, which matters for guests of a gigabyte.
func (m *Machine) MarshalSnapshot() []byte {
	s := m.snapshotState()
	var idx []uint64
	m.eachPage(func(p uint64, _ []byte) { idx = append(idx, p) })
	return s.encode(len(idx), func(b []byte) []byte {
		for _, p := range idx {
			b = binary.LittleEndian.AppendUint64(b, p)
			b = append(b, m.ram[p*riscv.PageSize:(p+1)*riscv.PageSize]...)
		}
		return b
	})
}

// encode writes the snapshot with npages pages, which appendPages adds.
func (s *Snapshot) encode(npages int, appendPages func(b []byte) []byte) []byte {
	b := make([]byte, 0, 256+len(s.Harts)*(4+hartStateSize)+len(s.Devices)*256+npages*(8+riscv.PageSize)+crcSize)
	b = append(b, snapMagic...)
	b = binary.LittleEndian.AppendUint16(b, snapFormat)
	b = binary.LittleEndian.AppendUint64(b, s.Pos.Icount)
	b = binary.LittleEndian.AppendUint64(b, s.Pos.Cycles)
	b = binary.LittleEndian.AppendUint32(b, uint32(s.Pos.Hart))
	b = binary.LittleEndian.AppendUint64(b, s.Pos.TurnLeft)
	b = appendExit(b, s.Exit)
	b = binary.LittleEndian.AppendUint32(b, uint32(len(s.Harts)))
	for _, hs := range s.Harts {
		b = binary.LittleEndian.AppendUint32(b, uint32(hartStateSize))
		b = appendHart(b, hs)
	}
	b = binary.LittleEndian.AppendUint32(b, uint32(len(s.Devices)))
	for _, d := range s.Devices {
		b = appendString(b, d.Name)
		b = appendBytes(b, d.Data)
	}
	b = binary.LittleEndian.AppendUint64(b, uint64(npages))
	b = appendPages(b)
	return binary.LittleEndian.AppendUint32(b, crc32.Checksum(b, castagnoli))
}

// ErrBadSnapshot is wrapped by every error of UnmarshalSnapshot.
var ErrBadSnapshot = errors.New("bad machine snapshot")

type snapReader struct {
	b   []byte
	off int
	err error
}

func (r *snapReader) take(n uint64, what string) []byte {
	if r.err != nil {
		return nil
	}
	if n > uint64(len(r.b)-r.off) {
		r.err = fmt.Errorf("%w: truncated in %s at byte %d (%d needed, %d left)", ErrBadSnapshot, what, r.off, n, len(r.b)-r.off)
		return nil
	}
	v := r.b[r.off : r.off+int(n)]
	r.off += int(n)
	return v
}

func (r *snapReader) u8(what string) byte {
	if v := r.take(1, what); v != nil {
		return v[0]
	}
	return 0
}

func (r *snapReader) u32(what string) uint32 {
	if v := r.take(4, what); v != nil {
		return binary.LittleEndian.Uint32(v)
	}
	return 0
}

func (r *snapReader) u64(what string) uint64 {
	if v := r.take(8, what); v != nil {
		return binary.LittleEndian.Uint64(v)
	}
	return 0
}

func (r *snapReader) bytes(what string) []byte {
	return bytes.Clone(r.take(uint64(r.u32(what)), what))
}

// UnmarshalSnapshot decodes what MarshalBinary produced (format 2, or the
// older format 1). Damage gives an error wrapping ErrBadSnapshot that says
// where, never a panic. The snapshot's pages share b's memory: b must not
// change while the snapshot is in use.
func UnmarshalSnapshot(b []byte) (*Snapshot, error) {
	if len(b) < len(snapMagic)+2+crcSize || string(b[:4]) != snapMagic {
		return nil, fmt.Errorf("%w: missing %q header", ErrBadSnapshot, snapMagic)
	}
	var body []byte
	switch f := binary.LittleEndian.Uint16(b[4:]); f {
	case 1:
		if len(b) < len(snapMagic)+2+sha256.Size {
			return nil, fmt.Errorf("%w: truncated", ErrBadSnapshot)
		}
		sum := b[len(b)-sha256.Size:]
		body = b[:len(b)-sha256.Size]
		if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
			return nil, fmt.Errorf("%w: checksum mismatch", ErrBadSnapshot)
		}
	case snapFormat:
		body = b[:len(b)-crcSize]
		if crc32.Checksum(body, castagnoli) != binary.LittleEndian.Uint32(b[len(body):]) {
			return nil, fmt.Errorf("%w: checksum mismatch", ErrBadSnapshot)
		}
	default:
		return nil, fmt.Errorf("%w: format %d, this build reads 1 and %d", ErrBadSnapshot, f, snapFormat)
	}
	r := &snapReader{b: body, off: 6}
	s := &Snapshot{}
	s.Pos.Icount = r.u64("icount")
	s.Pos.Cycles = r.u64("cycles")
	s.Pos.Hart = int(r.u32("hart"))
	s.Pos.TurnLeft = r.u64("turn")
	if r.u8("exit") != 0 {
		e := &Result{Reason: Reason(r.u8("exit reason"))}
		e.ExitCode = int(int64(r.u64("exit code")))
		e.Source = string(r.bytes("exit source"))
		e.Hart = int(r.u32("exit hart"))
		e.PC = r.u64("exit pc")
		e.Icount = r.u64("exit icount")
		s.Exit = e
	}
	nh := r.u32("hart count")
	if r.err == nil && nh > MaxHarts {
		return nil, fmt.Errorf("%w: %d harts", ErrBadSnapshot, nh)
	}
	for i := uint32(0); i < nh && r.err == nil; i++ {
		// The hart state is versioned by its size: fields are only ever
		// appended, so an older, shorter state (before F/D) decodes with
		// the new fields zero.
		sz := r.u32("hart size")
		if r.err == nil && int(sz) != hartStateSize && int(sz) != hartStateSizeNoFD {
			return nil, fmt.Errorf("%w: hart %d state of %d bytes, want %d (or %d from before F/D)",
				ErrBadSnapshot, i, sz, hartStateSize, hartStateSizeNoFD)
		}
		var hs riscv.HartState
		if raw := r.take(uint64(sz), "hart state"); raw != nil {
			full := make([]byte, hartStateSize)
			copy(full, raw)
			if _, err := binary.Decode(full, binary.LittleEndian, &hs); err != nil {
				return nil, fmt.Errorf("%w: hart %d: %v", ErrBadSnapshot, i, err)
			}
		}
		s.Harts = append(s.Harts, hs)
	}
	nd := r.u32("device count")
	if r.err == nil && nd > 64 {
		return nil, fmt.Errorf("%w: %d devices", ErrBadSnapshot, nd)
	}
	for i := uint32(0); i < nd && r.err == nil; i++ {
		s.Devices = append(s.Devices, DeviceState{Name: string(r.bytes("device name")), Data: r.bytes("device state")})
	}
	np := r.u64("page count")
	if r.err == nil && np > math.MaxInt32 {
		return nil, fmt.Errorf("%w: %d pages", ErrBadSnapshot, np)
	}
	for i := uint64(0); i < np && r.err == nil; i++ {
		idx := r.u64("page index")
		data := r.take(riscv.PageSize, "page data")
		if r.err == nil {
			s.Pages = append(s.Pages, Page{Index: idx, Data: data[:len(data):len(data)]})
		}
	}
	if r.err == nil && r.off != len(body) {
		r.err = fmt.Errorf("%w: %d unexpected bytes at the end", ErrBadSnapshot, len(body)-r.off)
	}
	if r.err != nil {
		return nil, r.err
	}
	return s, nil
}
