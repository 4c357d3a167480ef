package vm

import (
	"errors"
	"testing"

	"github.com/google/uuid"

	"vmcore/vm/machine"
)

// commands maps a command name to a call on the aggregate.
var commands = map[string]func(v *VirtualMachine) error{
	"create": func(v *VirtualMachine) error { return v.Create(VMCreated{Program: "p"}) },
	"start":  func(v *VirtualMachine) error { return v.Start(0) },
	"pause":  func(v *VirtualMachine) error { return v.Pause("user", 0x80000000, 5) },
	"resume": func(v *VirtualMachine) error { return v.Resume(5) },
	"stop":   func(v *VirtualMachine) error { return v.Stop("user", 0, 0, 9) },
	"halt":   func(v *VirtualMachine) error { return v.Halt(0, "finisher", 0, 9) },
	"fail":   func(v *VirtualMachine) error { return v.Fail("boom", 9) },
	"input":  func(v *VirtualMachine) error { return v.Input(ConsoleInput{Bytes: []byte("x")}) },
	"patch":  func(v *VirtualMachine) error { return v.PatchMemory(MemoryPatched{Addr: 1}) },
	"reg":    func(v *VirtualMachine) error { return v.PatchRegister(RegisterPatched{Reg: 1}) },
	"bp":     func(v *VirtualMachine) error { return v.AddBreakpoint(0x100, 0) },
	"check":  func(v *VirtualMachine) error { return v.Checkpoint(machine.Pos{Icount: 7}, "00") },
	"snap":   func(v *VirtualMachine) error { return v.SnapshotTaken(7, 1) },
}

// to brings a fresh aggregate into state s through allowed commands.
var to = map[State][]string{
	StateNew:     {},
	StateCreated: {"create"},
	StateRunning: {"create", "start"},
	StatePaused:  {"create", "start", "pause"},
	StateStopped: {"create", "start", "stop"},
	StateHalted:  {"create", "start", "halt"},
	StateFailed:  {"create", "start", "fail"},
}

func TestLifecycle(t *testing.T) {
	// allowed[command] lists the states that accept it, and next the
	// state it leads to (0: unchanged).
	tests := []struct {
		cmd     string
		allowed []State
		next    State
	}{
		{"create", []State{StateNew}, StateCreated},
		{"start", []State{StateCreated}, StateRunning},
		{"pause", []State{StateRunning}, StatePaused},
		{"resume", []State{StatePaused}, StateRunning},
		{"stop", []State{StateCreated, StateRunning, StatePaused}, StateStopped},
		{"halt", []State{StateRunning}, StateHalted},
		{"fail", []State{StateCreated, StateRunning, StatePaused}, StateFailed},
		{"input", []State{StateRunning}, 0},
		{"patch", []State{StateRunning, StatePaused}, 0},
		{"reg", []State{StateRunning, StatePaused}, 0},
		{"bp", []State{StateCreated, StateRunning, StatePaused}, 0},
		{"check", []State{StateRunning, StatePaused}, 0},
		{"snap", []State{StateRunning, StatePaused}, 0},
	}
	for _, tt := range tests {
		for from := StateNew; from <= StateFailed; from++ {
			t.Run(tt.cmd+"/"+from.String(), func(t *testing.T) {
				v := NewVirtualMachine(uuid.New())
				for _, c := range to[from] {
					if err := commands[c](v); err != nil {
						t.Fatalf("setup %s: %v", c, err)
					}
				}
				v.MarkCommitted()
				version := v.Version()
				err := commands[tt.cmd](v)
				_, pending := v.Uncommitted()
				ok := false
				for _, s := range tt.allowed {
					ok = ok || s == from
				}
				if !ok {
					if KindOf(err) != KindState || !errors.Is(err, &Error{Kind: KindState}) {
						t.Fatalf("err = %v, want a KindState error", err)
					}
					if len(pending) != 0 || v.Version() != version || v.State() != from {
						t.Fatalf("refused command emitted %d events, state %v", len(pending), v.State())
					}
					return
				}
				if err != nil {
					t.Fatalf("err = %v", err)
				}
				if len(pending) != 1 {
					t.Fatalf("emitted %d events, want 1", len(pending))
				}
				want := tt.next
				if want == 0 {
					want = from
				}
				if v.State() != want {
					t.Errorf("state %v, want %v", v.State(), want)
				}
				// Rebuilding from the events gives the same state.
				if again := Load(v.ID(), append(eventsFor(t, to[from]), pending...)); again.State() != v.State() {
					t.Errorf("Load gives %v, want %v", again.State(), v.State())
				}
			})
		}
	}
}

func eventsFor(t *testing.T, cmds []string) []Event {
	v := NewVirtualMachine(uuid.New())
	for _, c := range cmds {
		if err := commands[c](v); err != nil {
			t.Fatal(err)
		}
	}
	_, e := v.Uncommitted()
	return e
}

func TestBreakpointConflicts(t *testing.T) {
	v := NewVirtualMachine(uuid.New())
	if err := v.Create(VMCreated{}); err != nil {
		t.Fatal(err)
	}
	if err := v.AddBreakpoint(0x10, 0); err != nil {
		t.Fatal(err)
	}
	if err := v.AddBreakpoint(0x10, 0); KindOf(err) != KindConflict {
		t.Errorf("second add: %v, want conflict", err)
	}
	if err := v.RemoveBreakpoint(0x20, 0); KindOf(err) != KindNotFound {
		t.Errorf("remove missing: %v, want not found", err)
	}
	if err := v.RemoveBreakpoint(0x10, 0); err != nil || v.Breakpoint(0x10) {
		t.Errorf("remove: %v, still set %v", err, v.Breakpoint(0x10))
	}
}
