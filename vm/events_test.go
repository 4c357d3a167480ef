package vm

import (
	"reflect"
	"testing"

	"github.com/google/uuid"

	"vmcore/store"
	"vmcore/vm/machine"
)

func TestEventRoundTrip(t *testing.T) {
	events := []Event{
		VMCreated{Config: BoardConfig{RAMSize: 1 << 20, Harts: 2}, Program: "p.elf", ImageFormat: ImageELF,
			ImageDigest: "ab", Image: []byte{1, 2, 3}},
		VMCreated{Config: BoardConfig{RAMSize: 1 << 20, Harts: 1, VirtioModern: true, RNGSeed: 5,
			Devices: []DeviceRecord{{Spec: "rng,slot=7"}}}, Program: "fw+k", ImageFormat: ImageBoot,
			Boot: &BootRecord{Firmware: FileRecord{Name: "fw", SHA256: "00", Data: []byte{1}}}, ImageDigest: "cd"},
		Started{Icount: 1},
		Paused{Reason: "breakpoint", PC: 0x80000000, Icount: 2},
		Resumed{Icount: 3},
		Stopped{Reason: "idle", ExitCode: 4, PC: 5, Icount: 6},
		Halted{ExitCode: 1, Source: "htif", PC: 7, Icount: 8},
		Failed{Error: "disk full", Icount: 9},
		ConsoleInput{Pos: machine.Pos{Icount: 10, Cycles: 11, Hart: 1, TurnLeft: 12}, Bytes: []byte("hi\x00")},
		MemoryPatched{Icount: 13, Addr: 0x80001000, Bytes: []byte{9}},
		RegisterPatched{Icount: 14, Hart: 1, Reg: RegPC, Value: 15},
		BreakpointAdded{Icount: 16, Addr: 17},
		BreakpointRemoved{Icount: 18, Addr: 19},
		SnapshotTaken{Icount: 20, Size: 21},
		Checkpoint{Icount: 22, Pos: machine.Pos{Icount: 22}, Hash: "cafe"},
		DeviceAttached{Icount: 23, Pos: machine.Pos{Icount: 23, Cycles: 24}, Slot: 7,
			Device: DeviceRecord{Spec: "blk:file=d.img,readonly,slot=7", SHA256: "beef", Size: 4096}},
		DeviceDetached{Icount: 25, Pos: machine.Pos{Icount: 25}, Slot: 7},
	}
	if len(events) != len(decoders)+1 { // VMCreated twice: a program and a boot
		t.Fatalf("test covers %d event types, %d exist", len(events)-1, len(decoders))
	}
	for _, e := range events {
		d, err := EncodeEvent(e)
		if err != nil {
			t.Fatal(err)
		}
		if d.Icount != e.At() || d.Type != e.EventType() {
			t.Errorf("%s: envelope %+v", e.EventType(), d)
		}
		got, err := DecodeEvent(store.Record{Type: d.Type, Schema: d.Schema, Icount: d.Icount, Payload: d.Payload})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, e) {
			t.Errorf("round trip of %s: %+v, want %+v", e.EventType(), got, e)
		}
	}
}

// A Paused event stored with schema 1 (no icount field; the icount was
// only in the envelope) reads back as the current Paused.
func TestUpcastPausedV1(t *testing.T) {
	rec := store.Record{Stream: uuid.New(), Version: 3, Type: "Paused", Schema: 1, Icount: 4242,
		Payload: []byte(`{"reason":"user","pc":2147483652}`)}
	got, err := DecodeEvent(rec)
	if err != nil {
		t.Fatal(err)
	}
	want := Paused{Reason: "user", PC: 0x80000004, Icount: 4242}
	if got != want {
		t.Errorf("upcast = %+v, want %+v", got, want)
	}
}

func TestDecodeEventErrors(t *testing.T) {
	tests := map[string]store.Record{
		"unknown type":  {Type: "Teleported", Schema: 1, Payload: []byte(`{}`)},
		"newer schema":  {Type: "Started", Schema: 9, Payload: []byte(`{}`)},
		"bad json":      {Type: "Started", Schema: 1, Payload: []byte(`{"icount":`)},
		"bad upcast":    {Type: "Paused", Schema: 1, Payload: []byte(`[`)},
		"no upcaster":   {Type: "Started", Schema: 0, Payload: []byte(`{}`)},
		"wrong type in": {Type: "Started", Schema: 1, Payload: []byte(`{"icount":"x"}`)},
	}
	for name, rec := range tests {
		rec.Stream, rec.Version = uuid.New(), 7
		if _, err := DecodeEvent(rec); KindOf(err) != KindStorage {
			t.Errorf("%s: err = %v, want a storage error", name, err)
		}
	}
}

// FuzzDecodeEvent: any payload gives an event or an error, never a panic.
func FuzzDecodeEvent(f *testing.F) {
	f.Add("ConsoleInput", uint16(1), []byte(`{"pos":{"Icount":1},"bytes":"aGk="}`))
	f.Add("Paused", uint16(1), []byte(`{"reason":"x","pc":1}`))
	f.Add("VMCreated", uint16(1), []byte(`{"config":{"harts":1},"image":"AAEC"}`))
	f.Fuzz(func(t *testing.T, typ string, schema uint16, payload []byte) {
		e, err := DecodeEvent(store.Record{Type: typ, Schema: schema, Payload: payload})
		if err == nil && e.EventType() != typ {
			t.Errorf("decoded %q as %q", typ, e.EventType())
		}
	})
}
