package ui

import (
	"encoding/binary"
	"fmt"
	"sort"

	"vmcore/vm/device/virtio"
)

// fakeBase is where the fake's memory starts.
const fakeBase = 0x80000000

func encI(opc, rd, f3, rs1 uint32, imm int32) uint32 {
	return uint32(imm)<<20 | rs1<<15 | f3<<12 | rd<<7 | opc
}

func encS(f3, rs1, rs2 uint32, imm int32) uint32 {
	u := uint32(imm)
	return (u>>5&0x7f)<<25 | rs2<<20 | rs1<<15 | f3<<12 | (u&0x1f)<<7 | 0x23
}

func encB(f3, rs1, rs2 uint32, imm int32) uint32 {
	u := uint32(imm)
	return (u>>12&1)<<31 | (u>>5&0x3f)<<25 | rs2<<20 | rs1<<15 | f3<<12 | (u>>1&0xf)<<8 | (u>>11&1)<<7 | 0x63
}

// fakeProgram is a short loop with 32- and 16-bit instructions:
//
//	_start: addi a0,zero,0 ; addi a1,zero,5 ; lui sp,0x80001
//	loop:   addi a0,a0,1 ; c.addi a0,1 ; sw a0,0(sp) ; bne a0,a1,loop ; ebreak
func fakeProgram() []byte {
	var b []byte
	w := func(v uint32) { b = binary.LittleEndian.AppendUint32(b, v) }
	w(encI(0x13, 10, 0, 0, 0))
	w(encI(0x13, 11, 0, 0, 5))
	w(0x80001<<12 | 2<<7 | 0x37)
	w(encI(0x13, 10, 0, 10, 1)) // loop at +0xc
	b = binary.LittleEndian.AppendUint16(b, 0x0505)
	w(encS(2, 2, 10, 0))
	w(encB(1, 10, 11, -(0x16 - 0xc)))
	w(0x00100073)
	return b
}

// fakeBackend is a deterministic Backend for tests: a step advances pc by
// the instruction's length and adds one to a0; nothing runs by itself.
type fakeBackend struct {
	mem     []byte
	regs    [32]uint64
	pc      uint64
	icount  uint64
	state   RunState
	reason  string
	gen     uint64
	console []byte
	input   []byte
	bps     []Breakpoint
	nextID  int
	calls   []string
	events  []Event
	devices []Device
	syms    map[string]uint64
	fpu     bool
	fregs   [32]uint64
	fcsr    uint64
	slots   map[int]string // occupied virtio slots and their specs
	busy    map[int]bool   // slots with requests in flight
	onStep  func()         // called once per instruction Step executes
}

// fakeFRegs are f register values that cover each way the pane reads
// them: doubles, NaN-boxed singles, a NaN, an infinity and zero.
var fakeFRegs = map[int]uint64{
	0:  0x3ff0000000000000, // 1
	1:  0xffffffff3fc00000, // single 1.5
	2:  0xfff0000000000000, // -Inf
	8:  0x7ff8000000000000, // NaN
	10: 0x400921fb54442d18, // pi
	11: 0xffffffffc0490fdb, // single -3.1415927
}

func newFake() *fakeBackend {
	f := &fakeBackend{mem: make([]byte, 0x2000), pc: fakeBase, gen: 1,
		syms: map[string]uint64{"_start": fakeBase, "loop": fakeBase + 0xc, "buf": fakeBase + 0x1000}}
	copy(f.mem, fakeProgram())
	copy(f.mem[0x1000:], "hello, memory pane\x00")
	f.regs[2] = fakeBase + 0x1000
	f.fpu = true
	for i, v := range fakeFRegs {
		f.fregs[i] = v
	}
	f.fcsr = 1<<5 | 1 // rtz, NX
	f.slots, f.busy = map[int]string{}, map[int]bool{}
	return f
}

func (f *fakeBackend) Snapshot() Snapshot {
	s := Snapshot{Gen: f.gen, State: f.state, Reason: f.reason, Regs: f.regs, PC: f.pc, Priv: 3, Icount: f.icount,
		CSRs:    []CSR{{0x300, "mstatus", 0x1800 + f.icount%2*8}, {0x342, "mcause", 2}, {0x180, "satp", 8 << 60}},
		Console: f.console, SessionID: "fake-session"}
	if f.fpu {
		s.FPU, s.FRegs = true, f.fregs
		s.FCSRs = []CSR{{0x001, "fflags", f.fcsr & 0x1f}, {0x002, "frm", f.fcsr >> 5 & 7}, {0x003, "fcsr", f.fcsr}}
	}
	f.console = nil
	return s
}

func (f *fakeBackend) ReadMemory(addr uint64, buf []byte) (int, error) {
	if addr < fakeBase || addr >= fakeBase+uint64(len(f.mem)) {
		return 0, fmt.Errorf("%#x: not mapped", addr)
	}
	n := copy(buf, f.mem[addr-fakeBase:])
	if n < len(buf) {
		return n, fmt.Errorf("%#x: not mapped", addr+uint64(n))
	}
	return n, nil
}

func (f *fakeBackend) WriteMemory(addr uint64, data []byte) error {
	if addr < fakeBase || addr+uint64(len(data)) > fakeBase+uint64(len(f.mem)) {
		return fmt.Errorf("write %#x: not RAM", addr)
	}
	copy(f.mem[addr-fakeBase:], data)
	f.gen++
	return nil
}

func (f *fakeBackend) WriteRegister(name string, v uint64) error {
	i, ok := regIndex(name)
	if !ok {
		return fmt.Errorf("no register %q", name)
	}
	if i == 32 {
		f.pc = v
	} else if i != 0 {
		f.regs[i] = v
	}
	f.gen++
	return nil
}

func (f *fakeBackend) SymbolAt(addr uint64) (string, uint64, bool) {
	best, bestA, ok := "", uint64(0), false
	for n, a := range f.syms {
		if a <= addr && (!ok || a > bestA || a == bestA && n < best) {
			best, bestA, ok = n, a, true
		}
	}
	return best, addr - bestA, ok
}

func (f *fakeBackend) SymbolAddr(name string) (uint64, bool) {
	a, ok := f.syms[name]
	return a, ok
}

func (f *fakeBackend) SymbolNames() []string {
	var out []string
	for n := range f.syms {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func (f *fakeBackend) Disassemble(addr uint64, n int) []DisasmLine {
	buf := make([]byte, n*4)
	k, _ := f.ReadMemory(addr, buf)
	return disassemble(addr, buf[:k], n, f.SymbolAt)
}

func (f *fakeBackend) Step(n uint64) error {
	f.calls = append(f.calls, fmt.Sprintf("step %d", n))
	for range n {
		l := f.Disassemble(f.pc, 1)
		if len(l) == 0 || l[0].Len == 0 {
			return fmt.Errorf("pc %#x not readable", f.pc)
		}
		f.pc += uint64(l[0].Len)
		f.regs[10]++
		if f.onStep != nil {
			f.onStep()
		}
		f.icount++
	}
	f.reason = "step"
	f.gen++
	return nil
}

func (f *fakeBackend) Next() error   { f.calls = append(f.calls, "next"); return f.Step(1) }
func (f *fakeBackend) Finish() error { f.calls = append(f.calls, "finish"); return f.Step(1) }

func (f *fakeBackend) Continue() error {
	f.calls = append(f.calls, "continue")
	f.state, f.reason = Running, ""
	f.gen++
	return nil
}

func (f *fakeBackend) Pause() error {
	f.calls = append(f.calls, "pause")
	if f.state == Running {
		f.state, f.reason = Paused, "pause"
		f.gen++
	}
	return nil
}

func (f *fakeBackend) AddBreakpoint(addr uint64, cond string) (Breakpoint, error) {
	if cond != "" {
		if _, err := ParseCond(cond); err != nil {
			return Breakpoint{}, err
		}
	}
	f.nextID++
	bp := Breakpoint{ID: f.nextID, Kind: KindBreak, Addr: addr, Cond: cond, Enabled: true}
	f.bps = append(f.bps, bp)
	return bp, nil
}

func (f *fakeBackend) AddWatchpoint(addr, n uint64) (Breakpoint, error) {
	f.nextID++
	bp := Breakpoint{ID: f.nextID, Kind: KindWatch, Addr: addr, Len: n, Enabled: true}
	f.bps = append(f.bps, bp)
	return bp, nil
}

func (f *fakeBackend) RemoveBreakpoint(id int) error {
	for i, bp := range f.bps {
		if bp.ID == id {
			f.bps = append(f.bps[:i:i], f.bps[i+1:]...)
			return nil
		}
	}
	return fmt.Errorf("no breakpoint %d", id)
}

func (f *fakeBackend) EnableBreakpoint(id int, on bool) error {
	for i := range f.bps {
		if f.bps[i].ID == id {
			f.bps[i].Enabled = on
			return nil
		}
	}
	return fmt.Errorf("no breakpoint %d", id)
}

func (f *fakeBackend) Breakpoints() []Breakpoint { return append([]Breakpoint(nil), f.bps...) }

func (f *fakeBackend) SendInput(b []byte) { f.input = append(f.input, b...) }

// fakeFull adds the optional event log and devices.
type fakeFull struct{ *fakeBackend }

func (f fakeFull) EventsSince(seq uint64) []Event {
	var out []Event
	for _, e := range f.events {
		if e.Seq >= seq {
			out = append(out, e)
		}
	}
	return out
}

func (f fakeFull) Devices() []Device { return f.devices }

// AttachDevice implements Hotplugger with the real spec syntax and slot
// rules (the spec's slot, else the highest free one), without devices.
func (f fakeFull) AttachDevice(text string) (int, error) {
	sp, err := virtio.ParseSpec(text)
	if err != nil {
		return -1, err
	}
	slot := sp.Slot
	for i := virtio.Slots - 1; slot < 0 && i >= 0; i-- {
		if _, ok := f.slots[i]; !ok {
			slot = i
		}
	}
	if slot < 0 {
		return -1, fmt.Errorf("every virtio slot holds a device")
	}
	if _, ok := f.slots[slot]; ok {
		return -1, &virtio.SlotError{Slot: slot, Err: virtio.ErrSlotBusy}
	}
	sp.Slot = -1
	f.slots[slot] = sp.String()
	f.calls = append(f.calls, fmt.Sprintf("attach %d %s", slot, sp))
	f.gen++
	return slot, nil
}

// DetachDevice implements Hotplugger; slots marked busy refuse.
func (f fakeFull) DetachDevice(slot int) error {
	if _, ok := f.slots[slot]; !ok {
		return &virtio.SlotError{Slot: slot, Err: virtio.ErrSlotEmpty}
	}
	if f.busy[slot] {
		return &virtio.SlotError{Slot: slot, Err: virtio.ErrInFlight, Detail: "queue 0: 1 requests not taken"}
	}
	delete(f.slots, slot)
	f.calls = append(f.calls, fmt.Sprintf("detach %d", slot))
	f.gen++
	return nil
}

// VirtioSlots implements Hotplugger.
func (f fakeFull) VirtioSlots() []VirtioSlot {
	var out []VirtioSlot
	for i := range virtio.Slots {
		if sp, ok := f.slots[i]; ok {
			out = append(out, VirtioSlot{Slot: i, Spec: sp})
		}
	}
	return out
}
