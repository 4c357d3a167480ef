package vm

import (
	"testing"

	"vmcore/vm/machine"
)

// unknownEvent is an event type EventSummary has no case for.
type unknownEvent struct {
	Icount uint64
	Slot   int
	Name   string
	hidden int
}

func (unknownEvent) EventType() string   { return "Unknown" }
func (unknownEvent) EventSchema() uint16 { return 1 }
func (e unknownEvent) At() uint64        { return e.Icount }

func TestEventSummary(t *testing.T) {
	tests := []struct {
		ev   Event
		want string
	}{
		{Started{Icount: 0}, "started"},
		{Paused{Reason: "user", PC: 0x80000010, Icount: 9}, "user at pc 0x80000010"},
		{Resumed{Icount: 9}, "resumed"},
		{Stopped{Reason: "limit", ExitCode: 3, PC: 0x80000000}, "limit, exit status 3, pc 0x80000000"},
		{Halted{ExitCode: 0, Source: "finisher", PC: 0x8000001c}, "exit code 0 (finisher), pc 0x8000001c"},
		{Failed{Error: "disk gone"}, "disk gone"},
		{ConsoleInput{Pos: machine.Pos{Icount: 4}, Bytes: []byte("ls\n")}, `"ls\n"`},
		{MemoryPatched{Addr: 0x80001000, Bytes: []byte{1, 2}}, "2 bytes at 0x80001000"},
		{RegisterPatched{Hart: 0, Reg: 10, Value: 0x2a}, "hart 0 x10 = 0x2a"},
		{RegisterPatched{Hart: 1, Reg: RegPC, Value: 0x80000000}, "hart 1 pc = 0x80000000"},
		{RegisterPatched{Space: RegSpaceF, Reg: 3, Value: 0x3ff0000000000000}, "hart 0 f3 = 0x3ff0000000000000"},
		{RegisterPatched{Space: RegSpaceCSR, Reg: 0x300, Value: 8}, "hart 0 csr 0x300 = 0x8"},
		{RegisterPatched{Space: RegSpacePriv, Value: 3}, "hart 0 priv = 0x3"},
		{BreakpointAdded{Addr: 0x8000000c}, "at 0x8000000c"},
		{BreakpointRemoved{Addr: 0x8000000c}, "at 0x8000000c"},
		{DeviceAttached{Slot: 7, Device: DeviceRecord{Spec: "blk:file=d.img,readonly"}}, "slot 7: blk:file=d.img,readonly"},
		{DeviceDetached{Slot: 6}, "slot 6"},
		{SnapshotTaken{Size: 4096}, "4096 bytes"},
		{Checkpoint{Hash: "0123456789abcdef0123"}, "state 0123456789abcdef…"},
		{Checkpoint{Hash: "ab"}, "state ab…"},
		{&Started{Icount: 1}, "started"},
		{unknownEvent{Icount: 5, Slot: 2, Name: "x", hidden: 9}, "slot=2 name=x"},
		{&unknownEvent{Slot: 1}, "slot=1 name="},
		{nil, ""},
	}
	for _, tc := range tests {
		if got := EventSummary(tc.ev); got != tc.want {
			t.Errorf("EventSummary(%#v) = %q, want %q", tc.ev, got, tc.want)
		}
	}
}
