package ui

import "fmt"

// Backend is everything the screen needs from a VM and its debugger. The
// screen calls it only from its own goroutine; implementations must make
// every method safe against the VM running on another goroutine.
//
// Control methods (Step, Next, Finish, Continue) may block until the VM
// stops again: the screen calls them on a command goroutine and watches
// progress through Snapshot meanwhile. Pause must return promptly.
type Backend interface {
	// Snapshot returns the visible state. It must be cheap (it is called
	// about 30 times a second while the VM runs) and must not stop the VM.
	Snapshot() Snapshot
	// ReadMemory reads len(buf) bytes at addr without side effects (no
	// device register pops, no watchpoint hits). It returns how many bytes
	// were readable from addr on.
	ReadMemory(addr uint64, buf []byte) (int, error)
	// WriteMemory patches guest memory (a recorded event where recording).
	WriteMemory(addr uint64, data []byte) error
	// WriteRegister sets a register by name (x5, t0, pc).
	WriteRegister(name string, v uint64) error
	// SymbolAt names addr as "nearest symbol at or below, plus offset".
	SymbolAt(addr uint64) (name string, off uint64, ok bool)
	// SymbolAddr finds a symbol by name.
	SymbolAddr(name string) (uint64, bool)
	// SymbolNames lists symbol names, for completion.
	SymbolNames() []string
	// Disassemble decodes n instructions from addr on, in address order.
	Disassemble(addr uint64, n int) []DisasmLine
	// Step executes n instructions.
	Step(n uint64) error
	// Next steps one instruction, stepping over calls.
	Next() error
	// Finish runs until the current function returns.
	Finish() error
	// Continue runs until a breakpoint, a watchpoint, an exit or Pause.
	Continue() error
	// Pause stops a running VM.
	Pause() error
	// AddBreakpoint sets an execution breakpoint at addr, taken only when
	// cond (empty, or "REG OP VALUE") holds.
	AddBreakpoint(addr uint64, cond string) (Breakpoint, error)
	// AddWatchpoint stops after a write to any of the n bytes at addr.
	AddWatchpoint(addr, n uint64) (Breakpoint, error)
	// RemoveBreakpoint deletes a breakpoint or watchpoint by id.
	RemoveBreakpoint(id int) error
	// EnableBreakpoint enables or disables a breakpoint or watchpoint.
	EnableBreakpoint(id int, on bool) error
	// Breakpoints lists breakpoints and watchpoints by id.
	Breakpoints() []Breakpoint
	// SendInput queues bytes for the guest's console.
	SendInput(b []byte)
}

// EventSource is implemented by backends that have a domain event log (a
// recording session). The event pane appears only when the backend has one.
type EventSource interface {
	// EventsSince returns the events with sequence numbers >= seq.
	EventsSince(seq uint64) []Event
}

// SourceLines is implemented by backends that know the program's source
// lines (from DWARF line tables); the disassembly then shows each line
// above the instructions it compiled to.
type SourceLines interface {
	// SourceLine returns the file and line whose code starts exactly at
	// addr. The file is the path the debug information names.
	SourceLine(addr uint64) (file string, line int, ok bool)
}

// DeviceSource is implemented by backends that can describe their devices.
type DeviceSource interface {
	Devices() []Device
}

// Hotplugger is implemented by backends that can plug virtio devices
// into the board's slots and take them out (a recording VM records both).
type Hotplugger interface {
	// AttachDevice plugs in the device spec describes (the syntax of
	// virtio.ParseSpec: "blk:file=disk.img,readonly", "rng") and returns
	// the slot it took.
	AttachDevice(spec string) (slot int, err error)
	// DetachDevice unplugs the device in slot.
	DetachDevice(slot int) error
	// VirtioSlots lists the occupied slots, for completion.
	VirtioSlots() []VirtioSlot
}

// VirtioSlot is an occupied virtio slot and the spec of its device.
type VirtioSlot struct {
	Slot int
	Spec string
}

// Snapshotter is implemented by backends that can store a machine
// snapshot in the session's recording (the `snapshot` command).
type Snapshotter interface {
	TakeSnapshot() (icount, size uint64, err error)
}

// Reverser is implemented by backends that may execute backwards;
// CanReverse says whether they can now.
type Reverser interface {
	CanReverse() bool
	ReverseStep() error
	ReverseNext() error
	ReverseContinue() error
}

// IcountSeeker is implemented by backends that can bring the machine to
// an instruction count: forwards by running, backwards only with an
// execution history (see Reverser.CanReverse).
type IcountSeeker interface {
	GoToIcount(icount uint64) error
}

// RunState says whether the VM is executing.
type RunState uint8

// VM run states.
const (
	Paused RunState = iota
	Running
	Halted // the guest powered off or can make no more progress
)

func (s RunState) String() string {
	switch s {
	case Paused:
		return "PAUSED"
	case Running:
		return "RUNNING"
	case Halted:
		return "HALTED"
	}
	return fmt.Sprintf("RunState(%d)", uint8(s))
}

// CSR is one control and status register value.
type CSR struct {
	Num   uint16
	Name  string
	Value uint64
}

// Snapshot is the state the screen shows. Console holds only output
// produced since the previous Snapshot: the screen appends it (unless
// ConsoleReset is set).
type Snapshot struct {
	Gen    uint64 // changes whenever anything else in the snapshot may have
	State  RunState
	Reason string // why the VM last stopped ("breakpoint 1", "pass", ...)
	Hart   int
	Regs   [32]uint64
	PC     uint64
	Priv   uint8
	Icount uint64
	CSRs   []CSR
	// FPU says the hart has the F or D extension; FRegs (raw bits, a
	// single NaN-boxed) and FCSRs (fflags, frm, fcsr) are filled only
	// then.
	FPU     bool
	FRegs   [32]uint64
	FCSRs   []CSR
	MIPS    float64
	Console []byte
	// ConsoleReset says Console is the whole output so far, replacing
	// what the pane shows (a replay that went back in time).
	ConsoleReset bool

	SessionID string
	Recording bool
	// RecordingEnded says why the recording ended early ("" while it
	// records, or when there never was one): a change made back in time
	// forks the time line, and the session keeps what came before it.
	RecordingEnded string
	GDB            bool   // a GDB client is connected
	GDBAddr        string // where the GDB server listens ("" when there is none)
}

// BreakKind tells breakpoints from watchpoints.
type BreakKind uint8

// Breakpoint kinds.
const (
	KindBreak BreakKind = iota
	KindWatch
)

// Breakpoint is a breakpoint or watchpoint as the debugger sees it.
type Breakpoint struct {
	ID      int
	Kind    BreakKind
	Addr    uint64
	Len     uint64 // watchpoints: bytes watched
	Cond    string
	Enabled bool
	Hits    uint64
}

// DisasmLine is one decoded instruction.
type DisasmLine struct {
	Addr uint64
	Raw  uint32
	Len  int    // 2 or 4; 0 when memory was not readable
	Text string // mnemonic and operands
}

// Event is one entry of the domain event log.
type Event struct {
	Seq     uint64
	Icount  uint64
	Type    string
	Summary string
}

// Device is the state of one device, as name=value fields.
type Device struct {
	Name   string
	Base   uint64
	Fields []DeviceField
}

// DeviceField is one register or internal value of a device.
type DeviceField struct {
	Name  string
	Value uint64
	Note  string
}
