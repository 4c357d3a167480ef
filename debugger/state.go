package debugger

import (
	"bytes"
	"fmt"
	"sort"

	"vmcore/isa/riscv"
	"vmcore/vm"
	"vmcore/vm/machine"
)

// MaxWatchLen bounds a watchpoint's length (the pages it routes through the
// slow path).
const MaxWatchLen = 1 << 16

// MaxMemoryRead bounds one ReadMemory call.
const MaxMemoryRead = 1 << 20

// BreakpointSpec says what breakpoint to set.
type BreakpointSpec struct {
	Addr   uint64
	Kind   BreakKind
	Cond   string // optional condition, e.g. "a0 == 5"
	Ignore uint64
	Owner  string
}

// WatchpointSpec says what watchpoint to set.
type WatchpointSpec struct {
	Addr  uint64
	Len   uint64
	Kind  WatchKind
	Owner string
}

// knownReg reports whether the architecture has a register of that name.
func (d *Debugger) knownReg(name string) bool {
	_, ok := d.arch.Lookup(name)
	return ok
}

// AddBreakpoint sets an execution breakpoint and returns it with its id.
func (d *Debugger) AddBreakpoint(s BreakpointSpec) (Breakpoint, error) {
	var cond *Expr
	if s.Cond != "" {
		var err error
		if cond, err = ParseExpr(s.Cond, d.knownReg); err != nil {
			return Breakpoint{}, vm.Wrap(vm.KindDebugger, "breakpoint condition", s.Cond, err)
		}
	}
	var out Breakpoint
	var jerr error
	err := d.call(func() {
		d.nextID++
		b := &Breakpoint{ID: d.nextID, Addr: s.Addr, Kind: s.Kind, Cond: s.Cond, Ignore: s.Ignore, Owner: s.Owner, Enabled: true, cond: cond}
		d.bps[b.ID] = b
		d.place(b)
		out = *b
		if d.journal != nil {
			jerr = d.journal.BreakpointAdded(b.Addr)
		}
	})
	if err == nil {
		err = jerr
	}
	return out, err
}

// RemoveBreakpoint deletes breakpoint id.
func (d *Debugger) RemoveBreakpoint(id int) error {
	var err error
	if e := d.call(func() {
		b, ok := d.bps[id]
		if !ok {
			err = vm.Errorf(vm.KindNotFound, "delete breakpoint", fmt.Sprint(id), "no such breakpoint")
			return
		}
		if b.Placed {
			d.unref(b.paddr)
		}
		delete(d.bps, id)
		if d.journal != nil && b.Enabled {
			err = d.journal.BreakpointRemoved(b.Addr)
		}
	}); e != nil {
		return e
	}
	return err
}

// EnableBreakpoint enables or disables breakpoint id. Disabling takes its
// flag out of memory, so a disabled breakpoint costs nothing while the
// guest runs; its id, condition and hit count stay.
func (d *Debugger) EnableBreakpoint(id int, on bool) error {
	var err error
	if e := d.call(func() {
		b, ok := d.bps[id]
		if !ok {
			err = vm.Errorf(vm.KindNotFound, "enable breakpoint", fmt.Sprint(id), "no such breakpoint")
			return
		}
		was := b.Enabled
		b.Enabled = on
		d.place(b)
		switch {
		case d.journal == nil || was == on:
		case on:
			err = d.journal.BreakpointAdded(b.Addr)
		default:
			err = d.journal.BreakpointRemoved(b.Addr)
		}
	}); e != nil {
		return e
	}
	return err
}

// Breakpoints lists the breakpoints by id.
func (d *Debugger) Breakpoints() []Breakpoint {
	var out []Breakpoint
	d.call(func() {
		for _, id := range d.sortedBreakIDs() {
			out = append(out, *d.bps[id])
		}
	})
	return out
}

// AddWatchpoint watches [Addr, Addr+Len) for the given kinds of access.
func (d *Debugger) AddWatchpoint(s WatchpointSpec) (Watchpoint, error) {
	subj := fmt.Sprintf("%#x+%d", s.Addr, s.Len)
	if s.Len == 0 || s.Len > MaxWatchLen {
		return Watchpoint{}, vm.Errorf(vm.KindDebugger, "watch", subj, "length must be 1..%d bytes", MaxWatchLen)
	}
	if s.Kind == 0 || s.Kind&^WatchAccess != 0 {
		return Watchpoint{}, vm.Errorf(vm.KindDebugger, "watch", subj, "bad kind %d", s.Kind)
	}
	var out Watchpoint
	var err error
	if e := d.call(func() {
		pa, ok := d.phys(0, s.Addr)
		if !ok || !d.m.Memory().Contains(pa, s.Len) {
			err = vm.Errorf(vm.KindMemory, "watch", subj, "not in RAM (only RAM can be watched)")
			return
		}
		d.nextID++
		w := &Watchpoint{ID: d.nextID, Addr: s.Addr, Len: s.Len, Kind: s.Kind, Owner: s.Owner, paddr: pa}
		d.wps[w.ID] = w
		d.rewatch(w)
		out = *w
	}); e != nil {
		return out, e
	}
	return out, err
}

// RemoveWatchpoint deletes watchpoint id.
func (d *Debugger) RemoveWatchpoint(id int) error {
	var err error
	if e := d.call(func() {
		w, ok := d.wps[id]
		if !ok {
			err = vm.Errorf(vm.KindNotFound, "delete watchpoint", fmt.Sprint(id), "no such watchpoint")
			return
		}
		delete(d.wps, id)
		d.rewatch(w)
	}); e != nil {
		return e
	}
	return err
}

// Watchpoints lists the watchpoints by id.
func (d *Debugger) Watchpoints() []Watchpoint {
	var out []Watchpoint
	d.call(func() {
		for _, w := range d.wps {
			out = append(out, *w)
		}
	})
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// SetCatchTraps makes runs stop with StopTrap when a hart enters a trap
// handler. It works by flagging the trap-vector addresses (mtvec, stvec)
// when a run starts, so a vector moved during the run is not caught, and
// vectored interrupts are caught only at the vector base.
func (d *Debugger) SetCatchTraps(on bool) error {
	return d.call(func() { d.catch = on })
}

// rewatch recomputes the watch kinds of the pages w covers from every
// remaining watchpoint.
func (d *Debugger) rewatch(w *Watchpoint) {
	for p := w.paddr &^ (riscv.PageSize - 1); p < w.paddr+w.Len; p += riscv.PageSize {
		var kinds uint8
		for _, o := range d.wps {
			if o.paddr < p+riscv.PageSize && p < o.paddr+o.Len {
				if o.Kind&WatchRead != 0 {
					kinds |= riscv.WatchRead
				}
				if o.Kind&WatchWrite != 0 {
					kinds |= riscv.WatchWrite
				}
			}
		}
		d.m.SetWatch(p, kinds)
	}
}

// place (re)computes b's physical address and puts its flag in memory,
// or takes it out when b is disabled.
func (d *Debugger) place(b *Breakpoint) {
	if !b.Enabled {
		if b.Placed {
			d.unref(b.paddr)
			b.Placed = false
		}
		return
	}
	pa, ok := d.phys(0, b.Addr)
	if b.Placed && (!ok || pa != b.paddr) {
		d.unref(b.paddr)
		b.Placed = false
	}
	if ok && !b.Placed {
		b.paddr, b.Placed = pa, true
		d.ref(pa)
	}
}

// placeAll re-translates every breakpoint: the mapping of a virtual
// address can change while the guest runs (paging turned on).
func (d *Debugger) placeAll() {
	for _, b := range d.bps {
		d.place(b)
	}
}

func (d *Debugger) ref(pa uint64) {
	d.refs[pa]++
	if d.refs[pa] == 1 {
		d.m.Memory().SetBreakpoint(pa, true)
	}
}

func (d *Debugger) unref(pa uint64) {
	if d.refs[pa] <= 1 {
		delete(d.refs, pa)
		d.m.Memory().SetBreakpoint(pa, false)
		return
	}
	d.refs[pa]--
}

func (d *Debugger) addTemp(hart int, addr uint64, checkSP bool, minSP uint64) {
	h := max(hart, 0)
	pa, ok := d.phys(h, addr)
	if !ok {
		return
	}
	d.temps = append(d.temps, tempBreak{paddr: pa, hart: hart, checkSP: checkSP, minSP: minSP})
	d.ref(pa)
}

func (d *Debugger) placeCatches() {
	for i, h := range d.m.Harts() {
		for _, csr := range []uint16{0x305, 0x105} { // mtvec, stvec
			v, ok := h.ReadCSR(csr)
			if !ok {
				continue
			}
			pa, ok := d.phys(i, v&^3)
			if ok && !d.catches[pa] {
				d.catches[pa] = true
				d.ref(pa)
			}
		}
	}
}

// phys translates virtual address va as hart k sees data, without side
// effects and without permission checks (riscv.AccessDebug).
func (d *Debugger) phys(k int, va uint64) (uint64, bool) {
	return d.m.Harts()[k].Translate(va, riscv.AccessDebug)
}

// readMem reads guest memory at virtual address va as hart k sees it,
// without side effects (devices are peeked). It returns how many bytes it
// could read before the first unreadable one.
func (d *Debugger) readMem(k int, va uint64, buf []byte) int {
	mem := d.m.Memory()
	n := 0
	for n < len(buf) {
		a := va + uint64(n)
		pa, ok := d.phys(k, a)
		if !ok {
			return n
		}
		chunk := min(uint64(len(buf)-n), riscv.PageSize-a&(riscv.PageSize-1))
		if mem.Read(pa, buf[n:uint64(n)+chunk]) {
			n += int(chunk)
			continue
		}
		// Not RAM: peek a byte at a time. Every device serves byte reads
		// of its registers (as the guest's lb would see them), while a
		// wide read of byte-wide registers would show only one of them.
		v, ok := d.m.Peek(pa, 1)
		if !ok {
			return n
		}
		buf[n] = byte(v)
		n++
	}
	return n
}

// Harts is the number of harts.
func (d *Debugger) Harts() int {
	var n int
	d.call(func() { n = len(d.m.Harts()) })
	return n
}

// Icount is the number of instructions retired by all harts.
func (d *Debugger) Icount() uint64 {
	var n uint64
	d.call(func() { n = d.m.Icount() })
	return n
}

// HartInfo is a summary of one hart for thread lists and status lines.
type HartInfo struct {
	ID      int
	PC      uint64
	Priv    uint8
	Icount  uint64
	Waiting bool
}

// HartInfo describes hart k.
func (d *Debugger) HartInfo(k int) (HartInfo, error) {
	var out HartInfo
	var err error
	if e := d.call(func() {
		hs := d.m.Harts()
		if k < 0 || k >= len(hs) {
			err = errHart("hart info", k, len(hs))
			return
		}
		h := hs[k]
		out = HartInfo{ID: k, PC: h.PC(), Priv: h.Priv(), Icount: h.Icount(), Waiting: h.Waiting()}
	}); e != nil {
		return out, e
	}
	return out, err
}

// ReadMemory reads n bytes at virtual address addr as hart k sees them,
// without side effects. It returns the bytes it could read; the error says
// where reading stopped when that is before n (nothing readable at addr
// at all gives no bytes and a KindMemory error).
func (d *Debugger) ReadMemory(k int, addr uint64, n int) ([]byte, error) {
	subj := fmt.Sprintf("%#x", addr)
	if n < 0 || n > MaxMemoryRead {
		return nil, vm.Errorf(vm.KindDebugger, "read memory", subj, "length %d out of range 0..%d", n, MaxMemoryRead)
	}
	buf := make([]byte, n)
	var got int
	var err error
	if e := d.call(func() {
		if k < 0 || k >= len(d.m.Harts()) {
			err = errHart("read memory", k, len(d.m.Harts()))
			return
		}
		got = d.readMem(k, addr, buf)
	}); e != nil {
		return nil, e
	}
	if err != nil {
		return nil, err
	}
	if got < n {
		return buf[:got], vm.Errorf(vm.KindMemory, "read memory", fmt.Sprintf("%#x", addr+uint64(got)), "not mapped to RAM or a readable device")
	}
	return buf, nil
}

// WriteMemory writes data at virtual address addr as hart k sees it. Only
// RAM can be written (device registers have side effects a debugger must
// not cause behind the guest's back); nothing is written unless all is.
func (d *Debugger) WriteMemory(k int, addr uint64, data []byte) error {
	var err error
	if e := d.call(func() {
		if k < 0 || k >= len(d.m.Harts()) {
			err = errHart("write memory", k, len(d.m.Harts()))
			return
		}
		type piece struct {
			pa   uint64
			data []byte
		}
		var pieces []piece
		for off := 0; off < len(data); {
			a := addr + uint64(off)
			chunk := min(uint64(len(data)-off), riscv.PageSize-a&(riscv.PageSize-1))
			pa, ok := d.phys(k, a)
			if !ok || !d.m.Memory().Contains(pa, chunk) {
				err = vm.Errorf(vm.KindMemory, "write memory", fmt.Sprintf("%#x", a), "not RAM")
				return
			}
			pieces = append(pieces, piece{pa, data[off : uint64(off)+chunk]})
			off += int(chunk)
		}
		for _, p := range pieces {
			if d.journal != nil {
				if err = d.journal.MemoryPatched(p.pa, p.data); err != nil {
					return
				}
			}
			d.m.Memory().Write(p.pa, p.data)
			pa, data := p.pa, bytes.Clone(p.data)
			d.noteWrite(fmt.Sprintf("memory write at %#x", pa), func(m *machine.Machine) error {
				m.Memory().Write(pa, data)
				return nil
			})
		}
	}); e != nil {
		return e
	}
	return err
}

// ReadRegister reads register i (an index into Arch().Registers) of hart k.
func (d *Debugger) ReadRegister(k, i int) (uint64, error) {
	vals, err := d.ReadRegisters(k, []int{i})
	if err != nil {
		return 0, err
	}
	return vals[0], nil
}

// ReadRegisters reads several registers of hart k at one instant.
func (d *Debugger) ReadRegisters(k int, idx []int) ([]uint64, error) {
	out := make([]uint64, len(idx))
	var err error
	if e := d.call(func() {
		hs := d.m.Harts()
		if k < 0 || k >= len(hs) {
			err = errHart("read register", k, len(hs))
			return
		}
		for j, i := range idx {
			if i < 0 || i >= len(d.arch.Registers) {
				err = vm.Errorf(vm.KindNotFound, "read register", fmt.Sprint(i), "no such register")
				return
			}
			v, ok := readReg(hs[k], &d.arch.Registers[i])
			if !ok {
				err = vm.Errorf(vm.KindNotFound, "read register", d.arch.Registers[i].Name, "not readable")
				return
			}
			out[j] = v
		}
	}); e != nil {
		return nil, e
	}
	return out, err
}

// WriteRegister writes register i of hart k.
func (d *Debugger) WriteRegister(k, i int, v uint64) error {
	var err error
	if e := d.call(func() {
		hs := d.m.Harts()
		if k < 0 || k >= len(hs) {
			err = errHart("write register", k, len(hs))
			return
		}
		if i < 0 || i >= len(d.arch.Registers) {
			err = vm.Errorf(vm.KindNotFound, "write register", fmt.Sprint(i), "no such register")
			return
		}
		r := &d.arch.Registers[i]
		space, num, recordable := regSpace(r)
		if d.journal != nil && !recordable {
			err = vm.Errorf(vm.KindDebugger, "write register", r.Name, "a recorded session cannot record writes to it")
			return
		}
		old, _ := readReg(hs[k], r)
		if !writeReg(hs[k], r, v) {
			err = vm.Errorf(vm.KindDebugger, "write register", r.Name, "value %#x not accepted", v)
			return
		}
		// Recorded after the write (a refused value records nothing) at
		// the same position; a write that cannot be recorded is undone.
		if d.journal != nil {
			if err = d.journal.RegisterPatched(k, space, num, v); err != nil {
				writeReg(hs[k], r, old)
				return
			}
		}
		d.noteWrite(fmt.Sprintf("write of %s on hart %d", r.Name, k), func(m *machine.Machine) error {
			if !writeReg(m.Harts()[k], r, v) {
				return errWriteReplay(r.Name, v)
			}
			return nil
		})
	}); e != nil {
		return e
	}
	return err
}

// Eval evaluates an expression (the condition language) on hart k now.
func (d *Debugger) Eval(k int, src string) (uint64, error) {
	e, err := ParseExpr(src, d.knownReg)
	if err != nil {
		return 0, vm.Wrap(vm.KindDebugger, "evaluate", src, err)
	}
	var v uint64
	if c := d.call(func() {
		if k < 0 || k >= len(d.m.Harts()) {
			err = errHart("evaluate", k, len(d.m.Harts()))
			return
		}
		v, err = e.Eval(hartEnv{d, k})
	}); c != nil {
		return 0, c
	}
	if err != nil {
		return 0, vm.Wrap(vm.KindDebugger, "evaluate", src, err)
	}
	return v, nil
}

// hartEnv evaluates expressions against hart k, on the debugger goroutine.
type hartEnv struct {
	d *Debugger
	k int
}

func (e hartEnv) Register(name string) (uint64, bool) {
	i, ok := e.d.arch.Lookup(name)
	if !ok {
		return 0, false
	}
	return readReg(e.d.m.Harts()[e.k], &e.d.arch.Registers[i])
}

func (e hartEnv) Memory(addr uint64, size int) (uint64, bool) {
	var b [8]byte
	if e.d.readMem(e.k, addr, b[:size]) != size {
		return 0, false
	}
	return le64(b[:size]), true
}
