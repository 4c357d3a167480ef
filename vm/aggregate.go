package vm

import (
	"fmt"

	"github.com/google/uuid"

	"vmcore/vm/machine"
)

// State is the lifecycle state of a VirtualMachine.
type State uint8

// Lifecycle states: created → running ⇄ paused → stopped, plus halted
// (the guest powered off) and failed (vmcore could not go on). Stopped,
// halted and failed are final.
const (
	StateNew State = iota // no VMCreated yet
	StateCreated
	StateRunning
	StatePaused
	StateStopped
	StateHalted
	StateFailed
)

var stateNames = [...]string{"new", "created", "running", "paused", "stopped", "halted", "failed"}

func (s State) String() string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return fmt.Sprintf("State(%d)", uint8(s))
}

// Final reports whether no command can change a VM in state s any more.
func (s State) Final() bool { return s == StateStopped || s == StateHalted || s == StateFailed }

// VirtualMachine is the aggregate: the only way to change a recorded VM.
// A command checks the lifecycle state; when allowed it records an event
// (applied at once, kept as uncommitted until the caller stores it), and
// when not allowed it returns an *Error of KindState and records nothing.
// Load rebuilds the aggregate from stored events through the same Apply.
type VirtualMachine struct {
	id          uuid.UUID
	state       State
	version     uint64 // events applied, stored or not
	committed   uint64 // events known to be stored
	icount      uint64 // latest icount an event carried
	created     VMCreated
	breakpoints map[uint64]bool
	pending     []Event
	lastHash    string
}

// NewVirtualMachine makes an aggregate for a new stream id, in StateNew.
func NewVirtualMachine(id uuid.UUID) *VirtualMachine {
	return &VirtualMachine{id: id, breakpoints: map[uint64]bool{}}
}

// ID is the stream id.
func (v *VirtualMachine) ID() uuid.UUID { return v.id }

// State is the lifecycle state.
func (v *VirtualMachine) State() State { return v.state }

// Version is the number of events applied (stored or pending).
func (v *VirtualMachine) Version() uint64 { return v.version }

// Icount is the latest icount an event carried.
func (v *VirtualMachine) Icount() uint64 { return v.icount }

// Created is the VMCreated event (zero in StateNew).
func (v *VirtualMachine) Created() VMCreated { return v.created }

// Breakpoint reports whether addr has a breakpoint.
func (v *VirtualMachine) Breakpoint(addr uint64) bool { return v.breakpoints[addr] }

// Uncommitted returns the events recorded since the last MarkCommitted,
// with the stream version the store must be at before they are appended.
func (v *VirtualMachine) Uncommitted() (expected uint64, events []Event) {
	return v.committed, v.pending
}

// MarkCommitted says the uncommitted events are stored.
func (v *VirtualMachine) MarkCommitted() {
	v.committed = v.version
	v.pending = nil
}

func (v *VirtualMachine) refuse(cmd string) error {
	return Errorf(KindState, cmd, "vm "+v.id.String(), "not allowed while %s", v.state)
}

// allowed checks the state against the states a command accepts.
func (v *VirtualMachine) allowed(cmd string, states ...State) error {
	for _, s := range states {
		if v.state == s {
			return nil
		}
	}
	return v.refuse(cmd)
}

func (v *VirtualMachine) record(e Event) {
	v.Apply(e)
	v.pending = append(v.pending, e)
}

// Apply changes the aggregate's state by one event, without checks: the
// event happened. Unknown events are ignored so that old readers survive
// new event types they need not understand.
func (v *VirtualMachine) Apply(e Event) {
	v.version++
	if at := e.At(); at > v.icount {
		v.icount = at
	}
	switch e := e.(type) {
	case VMCreated:
		v.state, v.created = StateCreated, e
	case Started, Resumed:
		v.state = StateRunning
	case Paused:
		v.state = StatePaused
	case Stopped:
		v.state = StateStopped
	case Halted:
		v.state = StateHalted
	case Failed:
		v.state = StateFailed
	case BreakpointAdded:
		v.breakpoints[e.Addr] = true
	case BreakpointRemoved:
		delete(v.breakpoints, e.Addr)
	case Checkpoint:
		v.lastHash = e.Hash
	}
}

// Load rebuilds an aggregate from its stored events.
func Load(id uuid.UUID, events []Event) *VirtualMachine {
	v := NewVirtualMachine(id)
	for _, e := range events {
		v.Apply(e)
	}
	v.committed = v.version
	return v
}

// Create records VMCreated; only a new aggregate accepts it.
func (v *VirtualMachine) Create(e VMCreated) error {
	if err := v.allowed("create", StateNew); err != nil {
		return err
	}
	v.record(e)
	return nil
}

// Start records Started.
func (v *VirtualMachine) Start(icount uint64) error {
	if err := v.allowed("start", StateCreated); err != nil {
		return err
	}
	v.record(Started{Icount: icount})
	return nil
}

// Pause records Paused.
func (v *VirtualMachine) Pause(reason string, pc, icount uint64) error {
	if err := v.allowed("pause", StateRunning); err != nil {
		return err
	}
	v.record(Paused{Reason: reason, PC: pc, Icount: icount})
	return nil
}

// Resume records Resumed.
func (v *VirtualMachine) Resume(icount uint64) error {
	if err := v.allowed("resume", StatePaused); err != nil {
		return err
	}
	v.record(Resumed{Icount: icount})
	return nil
}

// Stop records Stopped: the host ends the session.
func (v *VirtualMachine) Stop(reason string, exitCode int, pc, icount uint64) error {
	if err := v.allowed("stop", StateCreated, StateRunning, StatePaused); err != nil {
		return err
	}
	v.record(Stopped{Reason: reason, ExitCode: exitCode, PC: pc, Icount: icount})
	return nil
}

// Halt records Halted: the guest powered off while running.
func (v *VirtualMachine) Halt(exitCode int, source string, pc, icount uint64) error {
	if err := v.allowed("halt", StateRunning); err != nil {
		return err
	}
	v.record(Halted{ExitCode: exitCode, Source: source, PC: pc, Icount: icount})
	return nil
}

// Fail records Failed.
func (v *VirtualMachine) Fail(cause string, icount uint64) error {
	if err := v.allowed("fail", StateCreated, StateRunning, StatePaused); err != nil {
		return err
	}
	v.record(Failed{Error: cause, Icount: icount})
	return nil
}

// Input records console input; the guest only receives input while running.
func (v *VirtualMachine) Input(e ConsoleInput) error {
	if err := v.allowed("console input", StateRunning); err != nil {
		return err
	}
	v.record(e)
	return nil
}

// PatchMemory records a debugger write to RAM. A debugger writes while the
// VM is paused, or between two slices of a run.
func (v *VirtualMachine) PatchMemory(e MemoryPatched) error {
	if err := v.allowed("patch memory", StatePaused, StateRunning); err != nil {
		return err
	}
	v.record(e)
	return nil
}

// PatchRegister records a debugger write to a register.
func (v *VirtualMachine) PatchRegister(e RegisterPatched) error {
	if err := v.allowed("patch register", StatePaused, StateRunning); err != nil {
		return err
	}
	limit := map[string]int{RegSpaceX: RegPC, RegSpaceF: 31, RegSpaceCSR: 0xfff, RegSpacePriv: 0}
	top, ok := limit[e.Space]
	if !ok {
		return Errorf(KindDebugger, "patch register", fmt.Sprintf("space %q", e.Space), "unknown register space")
	}
	if e.Reg < 0 || e.Reg > top {
		return Errorf(KindDebugger, "patch register", fmt.Sprintf("%s register %d", e.Space, e.Reg), "want 0..%d", top)
	}
	v.record(e)
	return nil
}

// AddBreakpoint records BreakpointAdded; adding one twice is a conflict.
func (v *VirtualMachine) AddBreakpoint(addr, icount uint64) error {
	if err := v.allowed("add breakpoint", StateCreated, StateRunning, StatePaused); err != nil {
		return err
	}
	if v.breakpoints[addr] {
		return Errorf(KindConflict, "add breakpoint", fmt.Sprintf("%#x", addr), "already set")
	}
	v.record(BreakpointAdded{Addr: addr, Icount: icount})
	return nil
}

// RemoveBreakpoint records BreakpointRemoved; removing a missing one is
// KindNotFound.
func (v *VirtualMachine) RemoveBreakpoint(addr, icount uint64) error {
	if err := v.allowed("remove breakpoint", StateCreated, StateRunning, StatePaused); err != nil {
		return err
	}
	if !v.breakpoints[addr] {
		return Errorf(KindNotFound, "remove breakpoint", fmt.Sprintf("%#x", addr), "no breakpoint there")
	}
	v.record(BreakpointRemoved{Addr: addr, Icount: icount})
	return nil
}

// AttachDevice records a device plugged in while the VM runs or is paused.
func (v *VirtualMachine) AttachDevice(e DeviceAttached) error {
	if err := v.allowed("attach device", StateRunning, StatePaused); err != nil {
		return err
	}
	v.record(e)
	return nil
}

// DetachDevice records a device unplugged while the VM runs or is paused.
func (v *VirtualMachine) DetachDevice(e DeviceDetached) error {
	if err := v.allowed("detach device", StateRunning, StatePaused); err != nil {
		return err
	}
	v.record(e)
	return nil
}

// Checkpoint records a state hash; allowed while the VM executes.
func (v *VirtualMachine) Checkpoint(pos machine.Pos, hash string) error {
	if err := v.allowed("checkpoint", StateRunning, StatePaused); err != nil {
		return err
	}
	v.record(Checkpoint{Icount: pos.Icount, Pos: pos, Hash: hash})
	return nil
}

// SnapshotTaken records that a snapshot at icount was saved.
func (v *VirtualMachine) SnapshotTaken(icount, size uint64) error {
	if err := v.allowed("snapshot", StateRunning, StatePaused); err != nil {
		return err
	}
	v.record(SnapshotTaken{Icount: icount, Size: size})
	return nil
}
