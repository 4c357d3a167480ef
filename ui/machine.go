package ui

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"vmcore/debugger"
	"vmcore/isa/riscv"
	"vmcore/vm"
	dev "vmcore/vm/device"
	"vmcore/vm/device/virtio"
	"vmcore/vm/machine"
)

// Console collects guest console output for the screen. It is an
// io.Writer safe for concurrent use: pass it as machine.Config.Console (or
// let NewMachineBackend attach one) and the backend drains it into each
// Snapshot.
type Console struct {
	mu  sync.Mutex
	buf []byte
}

// maxPending bounds console output held between two snapshots; older
// bytes are dropped first (the pane keeps its own history).
const maxPending = 1 << 20

// Write stores p; it never fails.
func (c *Console) Write(p []byte) (int, error) {
	c.mu.Lock()
	c.buf = append(c.buf, p...)
	if len(c.buf) > maxPending {
		c.buf = append(c.buf[:0], c.buf[len(c.buf)-maxPending:]...)
	}
	c.mu.Unlock()
	return len(p), nil
}

// take returns and forgets the pending output.
func (c *Console) take() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.buf) == 0 {
		return nil
	}
	out := c.buf
	c.buf = nil
	return out
}

// MachineOptions configures NewMachineBackend.
type MachineOptions struct {
	// Console receives the guest's UART (and HTIF) output. When nil the
	// backend makes one and points the UART and HTIF at it.
	Console *Console
	// Hart is the hart the panes show (default 0).
	Hart int
	// CSRs lists the CSRs the registers pane shows; nil selects mstatus,
	// misa, mie, mip, mtvec, mepc, mcause, mtval, mscratch, sstatus,
	// stvec, sepc, scause, stval, satp.
	CSRs []uint16
	// Lines are the program's source lines (machine.ReadLines), shown in
	// the disassembly; nil when the program has none.
	Lines *machine.Lines
	// SessionID, Recording and GDBConnected feed the status bar.
	SessionID    string
	Recording    func() bool
	GDBConnected func() bool
	// RecordingEnded says why the recording ended early, "" while it
	// records (vm.Journal.Ended): the screen says it once when Recording
	// turns false.
	RecordingEnded func() string
	// GDBAddr is the address the GDB server listens on ("" without one),
	// shown in the status bar until a client connects.
	GDBAddr string
	// Events is the session's domain event bus (the journal publishes
	// each stored event on it). When set, the events pane shows those
	// events; when nil (an unrecorded session) it shows the debugger's
	// run and stop events instead.
	Events *vm.Bus[vm.Event]
}

// domainQueue bounds the domain events waiting for the screen: the bus
// drops (and counts) what does not fit rather than wait, so a screen that
// falls behind never stalls the hart.
const domainQueue = 1024

var defaultCSRs = []uint16{0x300, 0x301, 0x304, 0x344, 0x305, 0x341, 0x342, 0x343, 0x340,
	0x100, 0x105, 0x141, 0x142, 0x143, 0x180}

// MachineBackend is the Backend over the debugging engine of a real
// machine. Every machine access goes through the debugger, which owns the
// machine and its goroutine; runs block on command goroutines of the
// screen, never on its main loop.
type MachineBackend struct {
	d    *debugger.Debugger
	opts MachineOptions
	con  *Console
	syms *machine.Symbols
	name []string
	ctx  context.Context
	stop context.CancelFunc
	sub  interface{ Close() }
	dsub *vm.Subscription[vm.Event] // domain events; nil without opts.Events
	// fprs and fcsrs are the Arch's f registers (their numbers) and its
	// fflags, frm and fcsr, in that order: the registers pane reads them
	// as the Arch describes them.
	fprs  []int
	fcsrs []CSR
	// input is the machine's SendInput, kept because it is safe on any
	// goroutine; nothing else of the machine is touched outside Do.
	input func([]byte)
	wg    sync.WaitGroup

	mu       sync.Mutex
	gen      uint64
	last     Snapshot
	lastStop *debugger.Stop
	events   []Event
	seq      uint64
	dropped  uint64 // domain events the bus dropped, as last reported
	mipsAt   time.Time
	mipsN    uint64
	mips     float64
	// ahead counts open-ended runs the screen asked for whose commands
	// have not returned (runRequested, runDone); pauseAhead is a Pause
	// that came while one was asked for but had not begun, kept for that
	// run (the debugger's Pause does nothing while no run has begun);
	// runCancel stops the run that began, even before the debugger
	// counts it as running.
	ahead      int
	pauseAhead bool
	runCancel  context.CancelFunc
	disabled   map[int]Breakpoint // disabled watchpoints, by their screen id
	alias      map[int]int        // debugger id -> screen id of re-enabled ones
	conds      map[int]string
}

// NewMachineBackend wraps d, which must own a machine with a program
// loaded. Close it before closing d.
func NewMachineBackend(d *debugger.Debugger, opts MachineOptions) (*MachineBackend, error) {
	if opts.CSRs == nil {
		opts.CSRs = defaultCSRs
	}
	b := &MachineBackend{d: d, opts: opts, con: opts.Console,
		disabled: map[int]Breakpoint{}, alias: map[int]int{}, conds: map[int]string{}}
	if b.con == nil {
		b.con = &Console{}
	}
	var harts int
	err := d.Do(func(m *machine.Machine) {
		harts = len(m.Harts())
		b.syms = m.Symbols()
		b.input = m.SendInput
		if opts.Console == nil {
			// Output wiring is not guest state: a replay gives the same
			// guest behaviour wherever its output goes.
			m.UART().SetOutput(b.con)
			if h := m.HTIF(); h != nil {
				h.SetOutput(b.con)
			}
		}
	})
	if err != nil {
		return nil, fmt.Errorf("ui: machine backend: %w", err)
	}
	if opts.Hart < 0 || opts.Hart >= harts {
		return nil, fmt.Errorf("ui: machine backend: hart %d does not exist (the machine has %d)", opts.Hart, harts)
	}
	seen := map[string]bool{}
	for _, s := range b.syms.All() {
		if !seen[s.Name] {
			seen[s.Name] = true
			b.name = append(b.name, s.Name)
		}
	}
	sort.Strings(b.name)
	b.fpArch()
	b.ctx, b.stop = context.WithCancel(context.Background())
	sub := d.Subscribe(256)
	b.sub = sub
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		for ev := range sub.C {
			b.onEvent(ev)
		}
	}()
	if opts.Events != nil {
		b.dsub = opts.Events.Subscribe(domainQueue)
		b.wg.Add(1)
		go func() {
			defer b.wg.Done()
			for ev := range b.dsub.C {
				b.onDomain(ev)
			}
		}()
	}
	return b, nil
}

// fpArch finds the f registers and the floating-point CSRs in the
// debugger's Arch.
func (b *MachineBackend) fpArch() {
	fp := map[string]int{"fflags": 0, "frm": 1, "fcsr": 2}
	fcsrs := make([]CSR, 3)
	n := 0
	for _, r := range b.d.Arch().Registers {
		switch {
		case r.Kind == debugger.RegFPR:
			b.fprs = append(b.fprs, r.Num)
		case r.Kind == debugger.RegCSR:
			if i, ok := fp[r.Name]; ok {
				fcsrs[i] = CSR{Num: uint16(r.Num), Name: r.Name}
				n++
			}
		}
	}
	if n == len(fcsrs) {
		b.fcsrs = fcsrs
	}
}

// Close stops the backend's goroutines; a run it started ends with a
// pause. The debugger and machine stay open.
func (b *MachineBackend) Close() error {
	b.stop()
	b.d.Pause()
	b.sub.Close()
	if b.dsub != nil {
		b.dsub.Close()
	}
	b.wg.Wait()
	return nil
}

func (b *MachineBackend) onEvent(ev debugger.Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.gen++
	e := Event{Icount: ev.Stop.Icount, Type: "Running", Summary: "run started"}
	if !ev.Running {
		st := ev.Stop
		// ran may already have recorded a later stop; never go back.
		if b.lastStop == nil || st.Icount >= b.lastStop.Icount {
			b.lastStop = &st
		}
		e.Type, e.Summary = "Stopped", st.String()
	} else {
		b.mipsAt, b.mipsN = time.Time{}, 0
	}
	if b.dsub == nil {
		b.addEvent(e)
	}
}

// onDomain adds a domain event to the log, preceded by a note of how many
// the bus dropped since the last one (the screen fell behind).
func (b *MachineBackend) onDomain(ev vm.Event) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if n := b.dsub.Dropped(); n > b.dropped {
		b.addEvent(Event{Icount: ev.At(), Type: "Dropped",
			Summary: fmt.Sprintf("%d events not shown: the screen fell behind (they are recorded)", n-b.dropped)})
		b.dropped = n
	}
	b.addEvent(Event{Icount: ev.At(), Type: ev.EventType(), Summary: vm.EventSummary(ev)})
	b.gen++
}

// addEvent appends e with the next sequence number; b.mu is held.
func (b *MachineBackend) addEvent(e Event) {
	e.Seq = b.seq
	b.seq++
	b.events = append(b.events, e)
	if len(b.events) > maxEvents {
		b.events = b.events[len(b.events)-maxEvents:]
	}
}

// EventsSince implements EventSource: the session's domain events when
// MachineOptions.Events is set, else the debugger's run and stop events.
func (b *MachineBackend) EventsSince(seq uint64) []Event {
	b.mu.Lock()
	defer b.mu.Unlock()
	i := sort.Search(len(b.events), func(i int) bool { return b.events[i].Seq >= seq })
	return append([]Event(nil), b.events[i:]...)
}

// Devices implements DeviceSource. Each virtio slot with a device is
// named with its kind ("virtio7 blk"); the empty ones share one entry
// listing them.
func (b *MachineBackend) Devices() []Device {
	var out []Device
	b.d.Do(func(m *machine.Machine) {
		var free []string
		var mask uint64
		for _, dv := range m.Devices() {
			if t, ok := dv.(*virtio.Transport); ok {
				if t.Backend() == nil {
					free = append(free, fmt.Sprint(t.Slot()))
					mask |= 1 << t.Slot()
					continue
				}
				out = append(out, device(t.Name()+" "+t.Backend().Kind(), t.Base(), t.State()))
				continue
			}
			out = append(out, device(dv.Name(), dv.Base(), dv.State()))
		}
		if len(free) > 0 {
			out = append(out, Device{Name: "virtio free slots", Base: virtio.MMIOBase,
				Fields: []DeviceField{{Name: "slots", Value: mask, Note: strings.Join(free, " ")}}})
		}
		if h := m.HTIF(); h != nil {
			out = append(out, device(h.Name(), h.Tohost(), h.State()))
		}
	})
	return out
}

func device(name string, base uint64, fs []dev.Field) Device {
	d := Device{Name: name, Base: base}
	for _, f := range fs {
		d.Fields = append(d.Fields, DeviceField{Name: f.Name, Value: f.Value, Note: f.Note})
	}
	return d
}

// Snapshot implements Backend.
func (b *MachineBackend) Snapshot() Snapshot {
	var s Snapshot
	k := b.opts.Hart
	err := b.d.Do(func(m *machine.Machine) {
		h := m.Harts()[k]
		for i := range 32 {
			s.Regs[i] = h.Reg(i)
		}
		s.PC, s.Priv, s.Icount = h.PC(), h.Priv(), m.Icount()
		for _, n := range b.opts.CSRs {
			if v, ok := h.ReadCSR(n); ok {
				name, _ := riscv.CSRName(n)
				s.CSRs = append(s.CSRs, CSR{Num: n, Name: name, Value: v})
			}
		}
		b.readFP(h, &s)
	})
	running := b.d.Running()
	b.mu.Lock()
	defer b.mu.Unlock()
	if err != nil {
		s = b.last
		s.Reason = "debugger: " + err.Error()
	}
	s.Hart = k
	s.State = Paused
	if running {
		s.State = Running
		now := time.Now()
		if b.mipsAt.IsZero() {
			b.mipsAt, b.mipsN = now, s.Icount
		} else if dt := now.Sub(b.mipsAt); dt >= 250*time.Millisecond {
			b.mips = float64(s.Icount-b.mipsN) / dt.Seconds() / 1e6
			b.mipsAt, b.mipsN = now, s.Icount
		}
	} else if st := b.lastStop; st != nil {
		s.Reason = stopReason(*st)
		if st.Kind == debugger.StopExit {
			s.State = Halted
		}
	}
	s.MIPS = b.mips
	if s.Icount != b.last.Icount || s.PC != b.last.PC || s.State != b.last.State || s.Reason != b.last.Reason ||
		s.Regs != b.last.Regs || !equalCSRs(s.CSRs, b.last.CSRs) ||
		s.FPU != b.last.FPU || s.FRegs != b.last.FRegs || !equalCSRs(s.FCSRs, b.last.FCSRs) {
		b.gen++
	}
	s.Gen = b.gen
	s.SessionID = b.opts.SessionID
	if b.opts.Recording != nil {
		s.Recording = b.opts.Recording()
	}
	if b.opts.RecordingEnded != nil && !s.Recording {
		s.RecordingEnded = b.opts.RecordingEnded()
	}
	if b.opts.GDBConnected != nil {
		s.GDB = b.opts.GDBConnected()
	}
	s.GDBAddr = b.opts.GDBAddr
	b.last = s
	s.Console = b.con.take()
	return s
}

// misaF and misaD are the F and D extension bits of misa.
const misaF, misaD = 1 << 5, 1 << 3

// readFP fills the floating-point part of s from h, when h has F or D.
func (b *MachineBackend) readFP(h *riscv.Hart, s *Snapshot) {
	misa, _ := h.ReadCSR(riscv.CSRMisa)
	if misa&(misaF|misaD) == 0 || len(b.fprs) == 0 {
		return
	}
	s.FPU = true
	for _, n := range b.fprs {
		s.FRegs[n&31] = h.FReg(n)
	}
	for _, c := range b.fcsrs {
		if v, ok := h.ReadCSR(c.Num); ok {
			c.Value = v
			s.FCSRs = append(s.FCSRs, c)
		}
	}
}

func equalCSRs(a, b []CSR) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func stopReason(st debugger.Stop) string {
	switch st.Kind {
	case debugger.StopBreakpoint:
		if st.CondErr != nil {
			return fmt.Sprintf("breakpoint %d (condition error: %v)", st.Breakpoint, st.CondErr)
		}
		return fmt.Sprintf("breakpoint %d", st.Breakpoint)
	case debugger.StopWatchpoint:
		w := st.Watch
		return fmt.Sprintf("watchpoint %d: %#x → %#x", w.ID, w.Old, w.New)
	case debugger.StopExit:
		if st.Passed {
			return "guest exited: pass"
		}
		return fmt.Sprintf("guest exited: fail, code %d (%s)", st.ExitCode, st.ExitSource)
	case debugger.StopTrap:
		return fmt.Sprintf("trap, cause %#x", st.Cause)
	case debugger.StopIdle:
		return "idle: every hart waits for an interrupt"
	}
	return st.Kind.String()
}

// ReadMemory implements Backend.
func (b *MachineBackend) ReadMemory(addr uint64, buf []byte) (int, error) {
	got, err := b.d.ReadMemory(b.opts.Hart, addr, len(buf))
	return copy(buf, got), err
}

// WriteMemory implements Backend.
func (b *MachineBackend) WriteMemory(addr uint64, data []byte) error {
	err := b.d.WriteMemory(b.opts.Hart, addr, data)
	b.bump()
	return err
}

// WriteRegister implements Backend.
func (b *MachineBackend) WriteRegister(name string, v uint64) error {
	i, ok := b.d.Arch().Lookup(name)
	if !ok {
		return fmt.Errorf("no register named %q", name)
	}
	err := b.d.WriteRegister(b.opts.Hart, i, v)
	b.bump()
	return err
}

func (b *MachineBackend) bump() {
	b.mu.Lock()
	b.gen++
	b.mu.Unlock()
}

// SymbolAt implements Backend.
func (b *MachineBackend) SymbolAt(addr uint64) (string, uint64, bool) { return b.syms.At(addr) }

// SymbolAddr implements Backend.
func (b *MachineBackend) SymbolAddr(name string) (uint64, bool) {
	s, ok := b.syms.Lookup(name)
	return s.Addr, ok
}

// SourceLine implements SourceLines.
func (b *MachineBackend) SourceLine(addr uint64) (string, int, bool) {
	r, ok := b.opts.Lines.StartsAt(addr)
	return r.File, r.Line, ok
}

// SymbolNames implements Backend.
func (b *MachineBackend) SymbolNames() []string { return b.name }

// Disassemble implements Backend.
func (b *MachineBackend) Disassemble(addr uint64, n int) []DisasmLine {
	if n <= 0 {
		return nil
	}
	data, _ := b.d.ReadMemory(b.opts.Hart, addr, n*4)
	return disassemble(addr, data, n, b.syms.At)
}

// disassemble decodes up to n instructions from data, read at addr; lines
// beyond the readable bytes have Len 0.
func disassemble(addr uint64, data []byte, n int, sym func(uint64) (string, uint64, bool)) []DisasmLine {
	out := make([]DisasmLine, 0, n)
	off := 0
	for len(out) < n {
		a := addr + uint64(off)
		if off+2 > len(data) {
			out = append(out, DisasmLine{Addr: a})
			off += 4
			continue
		}
		raw := uint32(binary.LittleEndian.Uint16(data[off:]))
		size := 2
		if raw&3 == 3 {
			if off+4 > len(data) {
				out = append(out, DisasmLine{Addr: a})
				off += 4
				continue
			}
			raw, size = binary.LittleEndian.Uint32(data[off:]), 4
		}
		text := riscv.Disasm(riscv.Decode(raw), a, riscv.DisasmOptions{Symbol: sym})
		out = append(out, DisasmLine{Addr: a, Raw: raw, Len: size, Text: text})
		off += size
	}
	return out
}

// Step implements Backend; it blocks until the step ends.
func (b *MachineBackend) Step(n uint64) error {
	return b.ran(b.d.Step(b.ctx, b.opts.Hart, n))
}

// Next implements Backend.
func (b *MachineBackend) Next() error {
	return b.runOpen(func(ctx context.Context) (debugger.Stop, error) { return b.d.Next(ctx, b.opts.Hart) })
}

// Finish implements Backend.
func (b *MachineBackend) Finish() error {
	return b.runOpen(func(ctx context.Context) (debugger.Stop, error) { return b.d.Finish(ctx, b.opts.Hart) })
}

// Continue implements Backend; it blocks until the machine stops.
func (b *MachineBackend) Continue() error {
	return b.runOpen(func(ctx context.Context) (debugger.Stop, error) { return b.d.Continue(ctx) })
}

// ran records the stop a run returned, so that the next Snapshot says why
// the machine stopped even before the event stream delivers it.
func (b *MachineBackend) ran(st debugger.Stop, err error) error {
	if err == nil {
		b.mu.Lock()
		b.lastStop = &st
		b.gen++
		b.mu.Unlock()
	}
	return err
}

// Pause implements Backend. A pause that arrives while a run the screen
// asked for has not yet begun (keys "cp" in one read: the continue starts
// on a command goroutine after the pause has been handled) is kept and
// stops that run as soon as it begins.
func (b *MachineBackend) Pause() error {
	b.d.Pause()
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case b.runCancel != nil:
		b.runCancel()
	case b.ahead > 0:
		b.pauseAhead = true
	}
	return nil
}

// runRequested implements pauseAhead: the screen asked for an open-ended
// run, which will begin on a command goroutine.
func (b *MachineBackend) runRequested() {
	b.mu.Lock()
	b.ahead++
	b.mu.Unlock()
}

// runDone implements pauseAhead: the command of a run the screen asked
// for returned, whether or not the run began. With none left, a kept
// pause has no run to stop and is dropped, so that it cannot stop a
// later one.
func (b *MachineBackend) runDone() {
	b.mu.Lock()
	if b.ahead > 0 {
		b.ahead--
	}
	if b.ahead == 0 {
		b.pauseAhead = false
	}
	b.mu.Unlock()
}

// runOpen makes an open-ended run the screen asked for. A pause kept for
// it (Pause came before the run began) stops it before its first
// instruction: the run is not started, and the backend reports the pause
// at the state it would have started from. Starting it with a cancelled
// context would not do: the debugger runs a whole slice (possibly the
// whole guest) before it looks at a pause. A Pause that comes once the run
// has begun but before the debugger counts it as running cancels its
// context, which the debugger turns into a pause.
func (b *MachineBackend) runOpen(run func(context.Context) (debugger.Stop, error)) error {
	b.mu.Lock()
	if b.pauseAhead {
		b.pauseAhead = false
		b.mu.Unlock()
		st := debugger.Stop{Kind: debugger.StopPause, Hart: b.opts.Hart}
		if err := b.d.Do(func(m *machine.Machine) {
			st.PC, st.Icount = m.Harts()[b.opts.Hart].PC(), m.Icount()
		}); err != nil {
			return err
		}
		return b.ran(st, nil)
	}
	ctx, cancel := context.WithCancel(b.ctx)
	b.runCancel = cancel
	b.mu.Unlock()
	defer func() {
		b.mu.Lock()
		b.runCancel = nil
		b.mu.Unlock()
		cancel()
	}()
	return b.ran(run(ctx))
}

// AddBreakpoint implements Backend.
func (b *MachineBackend) AddBreakpoint(addr uint64, cond string) (Breakpoint, error) {
	bp, err := b.d.AddBreakpoint(debugger.BreakpointSpec{Addr: addr, Cond: cond, Owner: "ui"})
	if err != nil {
		return Breakpoint{}, err
	}
	return Breakpoint{ID: bp.ID, Kind: KindBreak, Addr: bp.Addr, Cond: bp.Cond, Enabled: true}, nil
}

// AddWatchpoint implements Backend.
func (b *MachineBackend) AddWatchpoint(addr, n uint64) (Breakpoint, error) {
	w, err := b.d.AddWatchpoint(debugger.WatchpointSpec{Addr: addr, Len: n, Kind: debugger.WatchWrite, Owner: "ui"})
	if err != nil {
		return Breakpoint{}, err
	}
	return Breakpoint{ID: w.ID, Kind: KindWatch, Addr: w.Addr, Len: w.Len, Enabled: true}, nil
}

// debuggerID maps a screen id to the debugger's id of a live entry.
func (b *MachineBackend) debuggerID(id int) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	for did, sid := range b.alias {
		if sid == id {
			return did
		}
	}
	return id
}

// RemoveBreakpoint implements Backend.
func (b *MachineBackend) RemoveBreakpoint(id int) error {
	b.mu.Lock()
	if _, ok := b.disabled[id]; ok {
		delete(b.disabled, id)
		b.mu.Unlock()
		return nil
	}
	b.mu.Unlock()
	did := b.debuggerID(id)
	for _, bp := range b.Breakpoints() {
		if bp.ID != id {
			continue
		}
		var err error
		if bp.Kind == KindWatch {
			err = b.d.RemoveWatchpoint(did)
		} else {
			err = b.d.RemoveBreakpoint(did)
		}
		b.mu.Lock()
		delete(b.alias, did)
		b.mu.Unlock()
		return err
	}
	return fmt.Errorf("no breakpoint or watchpoint %d", id)
}

// EnableBreakpoint implements Backend. Breakpoints use the engine's own
// enabled flag, so their ids, conditions and hit counts survive. The
// engine has no disabled state for watchpoints, so disabling one removes
// it from the engine and keeps it here; enabling puts it back under the
// same screen id (its hit count starts again).
func (b *MachineBackend) EnableBreakpoint(id int, on bool) error {
	b.mu.Lock()
	bp, isOff := b.disabled[id]
	b.mu.Unlock()
	switch {
	case on && isOff:
		nb, err := b.AddWatchpoint(bp.Addr, bp.Len)
		if err != nil {
			return err
		}
		b.mu.Lock()
		delete(b.disabled, id)
		b.alias[nb.ID] = id
		b.mu.Unlock()
		return nil
	case isOff:
		return nil
	}
	for _, cur := range b.Breakpoints() {
		if cur.ID != id {
			continue
		}
		if cur.Kind == KindBreak {
			return b.d.EnableBreakpoint(b.debuggerID(id), on)
		}
		if on {
			return nil
		}
		if err := b.RemoveBreakpoint(id); err != nil {
			return err
		}
		cur.Enabled = false
		b.mu.Lock()
		b.disabled[id] = cur
		b.mu.Unlock()
		return nil
	}
	return fmt.Errorf("no breakpoint or watchpoint %d", id)
}

// Breakpoints implements Backend.
func (b *MachineBackend) Breakpoints() []Breakpoint {
	var out []Breakpoint
	bps := b.d.Breakpoints()
	wps := b.d.Watchpoints()
	b.mu.Lock()
	defer b.mu.Unlock()
	sid := func(did int) int {
		if s, ok := b.alias[did]; ok {
			return s
		}
		return did
	}
	for _, bp := range bps {
		if bp.Owner != "ui" && bp.Owner != "" && bp.Owner != "gdb" {
			continue
		}
		out = append(out, Breakpoint{ID: sid(bp.ID), Kind: KindBreak, Addr: bp.Addr, Cond: bp.Cond, Enabled: bp.Enabled, Hits: bp.Hits})
	}
	for _, w := range wps {
		out = append(out, Breakpoint{ID: sid(w.ID), Kind: KindWatch, Addr: w.Addr, Len: w.Len, Enabled: true, Hits: w.Hits})
	}
	for _, bp := range b.disabled {
		out = append(out, bp)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// SendInput implements Backend. machine.SendInput is the one machine
// method safe on any goroutine, so it does not wait for the debugger
// (which may be blocked in a run waiting for exactly this input).
func (b *MachineBackend) SendInput(p []byte) { b.input(p) }

// errNoReverse is what reverse commands say without a history.
var errNoReverse = errors.New("reverse execution needs an execution history, and this VM has none")

// CanReverse implements Reverser: only with a history (vmcore tui attaches
// one; a replay has the recording).
func (b *MachineBackend) CanReverse() bool { return b.d.HasHistory() }

// ReverseStep implements Reverser.
func (b *MachineBackend) ReverseStep() error {
	if !b.d.HasHistory() {
		return errNoReverse
	}
	return b.ran(b.d.ReverseStep(b.ctx, b.opts.Hart))
}

// ReverseNext implements Reverser.
func (b *MachineBackend) ReverseNext() error {
	if !b.d.HasHistory() {
		return errNoReverse
	}
	return b.runOpen(func(ctx context.Context) (debugger.Stop, error) { return b.d.ReverseNext(ctx, b.opts.Hart) })
}

// ReverseContinue implements Reverser.
func (b *MachineBackend) ReverseContinue() error {
	if !b.d.HasHistory() {
		return errNoReverse
	}
	return b.runOpen(func(ctx context.Context) (debugger.Stop, error) { return b.d.ReverseContinue(ctx) })
}

// GoToIcount implements IcountSeeker: forwards it runs (past breakpoints,
// as the debugger's GoTo does), backwards it needs the debugger's history.
func (b *MachineBackend) GoToIcount(icount uint64) error {
	return b.runOpen(func(ctx context.Context) (debugger.Stop, error) { return b.d.GoTo(ctx, icount) })
}

// TakeSnapshot implements Snapshotter.
func (b *MachineBackend) TakeSnapshot() (icount, size uint64, err error) {
	return b.d.TakeSnapshot()
}

// AttachDevice implements Hotplugger.
func (b *MachineBackend) AttachDevice(spec string) (int, error) {
	sp, err := virtio.ParseSpec(spec)
	if err != nil {
		return -1, err
	}
	slot, err := b.attachVirtio(sp)
	b.bump()
	return slot, err
}

// DetachDevice implements Hotplugger.
func (b *MachineBackend) DetachDevice(slot int) error {
	if slot < 0 || slot >= virtio.Slots {
		return fmt.Errorf("virtio slot %d: the board has slots 0..%d", slot, virtio.Slots-1)
	}
	err := b.detachVirtio(slot)
	b.bump()
	return err
}

// attachVirtio and detachVirtio go through the engine, which records
// them (DeviceAttached, DeviceDetached) and replays them in its history.
func (b *MachineBackend) attachVirtio(sp virtio.Spec) (int, error) { return b.d.AttachVirtio(sp) }

func (b *MachineBackend) detachVirtio(slot int) error { return b.d.DetachVirtio(slot) }

// VirtioSlots implements Hotplugger.
func (b *MachineBackend) VirtioSlots() []VirtioSlot {
	var out []VirtioSlot
	b.d.Do(func(m *machine.Machine) {
		for _, sp := range m.VirtioSpecs() {
			slot := sp.Slot
			sp.Slot = -1
			out = append(out, VirtioSlot{Slot: slot, Spec: sp.String()})
		}
	})
	return out
}
