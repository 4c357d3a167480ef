package vm

import (
	"encoding/json"
	"fmt"

	"vmcore/store"
	"vmcore/vm/machine"
)

// Domain events.
//
// Each event is a Go struct with a type name and a schema version. Its
// payload is JSON: events are small (the largest, VMCreated, carries the
// program image once, base64-encoded), JSON keeps a recording readable with
// generic tools, and added fields decode as zero values in old readers.
// A change that is not a pure addition gets a new schema number and an
// upcaster (see upcasters) that turns the old payload into the new shape on
// read, so the rest of vmcore only ever sees current events.
//
// The record envelope's Icount is the icount at which the event takes
// effect; events of a stream are in icount order.

// Event is one domain event.
type Event interface {
	// EventType is the stable type name stored with the event.
	EventType() string
	// EventSchema is the payload's schema version.
	EventSchema() uint16
	// At is the instruction count at which the event takes effect.
	At() uint64
}

// BoardConfig is the recorded part of machine.Config: what decides
// execution (host-side fields like the console writer are not recorded).
type BoardConfig struct {
	RAMSize      uint64 `json:"ram_size"`
	Harts        int    `json:"harts"`
	InsnsPerTick uint64 `json:"insns_per_tick"`
	Quantum      uint64 `json:"quantum"`
	Bootargs     string `json:"bootargs,omitempty"`
	// The virtio devices at power-on, and the board's device options.
	Devices      []DeviceRecord `json:"devices,omitempty"`
	VirtioModern bool           `json:"virtio_modern,omitempty"`
	RNGSeed      uint64         `json:"rng_seed,omitempty"`
	RTCEpoch     uint64         `json:"rtc_epoch,omitempty"`
	// InputToVirtio: console input went to the virtio console.
	InputToVirtio bool `json:"input_to_virtio,omitempty"`
}

// BoardConfigOf extracts the recorded fields of a (filled) machine.Config;
// it fails for devices that cannot be recorded (see DeviceRecordOf).
func BoardConfigOf(c machine.Config) (BoardConfig, error) {
	devs, err := deviceRecords(c.Virtio)
	if err != nil {
		return BoardConfig{}, err
	}
	return BoardConfig{RAMSize: c.RAMSize, Harts: c.Harts, InsnsPerTick: c.InsnsPerTick,
		Quantum: c.Quantum, Bootargs: c.Bootargs, Devices: devs, VirtioModern: c.VirtioModern,
		RNGSeed: c.RNGSeed, RTCEpoch: c.RTCEpoch, InputToVirtio: c.InputToVirtio}, nil
}

// MachineConfig returns the machine.Config the board was built with. It
// fails when a recorded disk image is missing or changed.
func (b BoardConfig) MachineConfig() (machine.Config, error) {
	devs, err := deviceSpecs(b.Devices)
	if err != nil {
		return machine.Config{}, err
	}
	return machine.Config{RAMSize: b.RAMSize, Harts: b.Harts, InsnsPerTick: b.InsnsPerTick,
		Quantum: b.Quantum, Bootargs: b.Bootargs, Virtio: devs, VirtioModern: b.VirtioModern,
		RNGSeed: b.RNGSeed, RTCEpoch: b.RTCEpoch, InputToVirtio: b.InputToVirtio}, nil
}

// Image formats of VMCreated.
const (
	ImageELF = "elf" // an ELF executable (assembly sources are stored assembled)
	ImageRaw = "raw" // a raw binary placed and entered at LoadAddr
	// ImageBoot is firmware booted QEMU's way (machine.BootImage), with
	// an optional kernel and initrd: the files are in VMCreated.Boot.
	ImageBoot = "boot"
)

// VMCreated starts every stream: the board and the program. The image
// bytes are stored here, once, so that a session replays without the
// original file.
type VMCreated struct {
	Config      BoardConfig `json:"config"`
	Program     string      `json:"program"`
	ImageFormat string      `json:"image_format"`
	LoadAddr    uint64      `json:"load_addr,omitempty"`
	ImageDigest string      `json:"image_sha256"`
	Image       []byte      `json:"image"`
	// Boot holds the files of an ImageBoot session.
	Boot *BootRecord `json:"boot,omitempty"`
	// StateFormat is the machine.StateFormat of the vmcore that recorded
	// the session (absent, 0, before it was recorded: format 1).
	StateFormat int `json:"state_format,omitempty"`
}

// Started: the VM began executing.
type Started struct {
	Icount uint64 `json:"icount"`
}

// Paused: execution stopped and may resume.
type Paused struct {
	Reason string `json:"reason"`
	PC     uint64 `json:"pc"`
	Icount uint64 `json:"icount"`
}

// Resumed: execution goes on after a pause.
type Resumed struct {
	Icount uint64 `json:"icount"`
}

// Stopped: the host ended the session (user, instruction limit, a guest
// that hangs). ExitCode is the process exit status vmcore reported.
type Stopped struct {
	Reason   string `json:"reason"`
	ExitCode int    `json:"exit_code"`
	PC       uint64 `json:"pc"`
	Icount   uint64 `json:"icount"`
}

// Halted: the guest powered the board off.
type Halted struct {
	ExitCode int    `json:"exit_code"`
	Source   string `json:"source"`
	PC       uint64 `json:"pc"`
	Icount   uint64 `json:"icount"`
}

// Failed: vmcore could not go on (not a guest trap).
type Failed struct {
	Error  string `json:"error"`
	Icount uint64 `json:"icount"`
}

// ConsoleInput: bytes entered the UART at Pos.
type ConsoleInput struct {
	Pos   machine.Pos `json:"pos"`
	Bytes []byte      `json:"bytes"`
}

// MemoryPatched: a debugger wrote guest RAM at physical address Addr.
// Pos, when present, is the exact position of the write (several harts
// may share an icount); events written before it existed lack it.
type MemoryPatched struct {
	Icount uint64       `json:"icount"`
	Pos    *machine.Pos `json:"pos,omitempty"`
	Addr   uint64       `json:"addr"`
	Bytes  []byte       `json:"bytes"`
}

// RegisterPatched: a debugger wrote a register of a hart. Space says which
// register file Reg numbers: RegSpaceX (the default, also what events
// without a space mean) is an integer register 0..31 or the pc as Reg 32;
// RegSpaceF a floating-point register; RegSpaceCSR a CSR by its number;
// RegSpacePriv the privilege level (Reg 0).
type RegisterPatched struct {
	Icount uint64       `json:"icount"`
	Pos    *machine.Pos `json:"pos,omitempty"`
	Hart   int          `json:"hart"`
	Space  string       `json:"space,omitempty"`
	Reg    int          `json:"reg"`
	Value  uint64       `json:"value"`
}

// RegPC is RegisterPatched.Reg for the pc.
const RegPC = 32

// Register spaces of RegisterPatched.
const (
	RegSpaceX    = ""
	RegSpaceF    = "f"
	RegSpaceCSR  = "csr"
	RegSpacePriv = "priv"
)

// BreakpointAdded and BreakpointRemoved record the debugger's breakpoints
// (they do not change execution, but a replayed screen shows them).
type BreakpointAdded struct {
	Icount uint64 `json:"icount"`
	Addr   uint64 `json:"addr"`
}

// BreakpointRemoved: see BreakpointAdded.
type BreakpointRemoved struct {
	Icount uint64 `json:"icount"`
	Addr   uint64 `json:"addr"`
}

// DeviceAttached: a virtio device was plugged into Slot at Pos.
type DeviceAttached struct {
	Icount uint64       `json:"icount"`
	Pos    machine.Pos  `json:"pos"`
	Slot   int          `json:"slot"`
	Device DeviceRecord `json:"device"`
}

// DeviceDetached: the device in Slot was unplugged at Pos.
type DeviceDetached struct {
	Icount uint64      `json:"icount"`
	Pos    machine.Pos `json:"pos"`
	Slot   int         `json:"slot"`
}

// SnapshotTaken: a machine snapshot at Icount was saved in the snapshot
// store. Events after this one in the stream follow the snapshot.
type SnapshotTaken struct {
	Icount uint64 `json:"icount"`
	Size   uint64 `json:"size"`
}

// Checkpoint carries the machine's StateHash at Pos, in hex. A replay
// aligns its machine to Pos (see machine.AlignTo) before hashing: a stop
// (Ctrl-C, a hang) may come after idle time passed at the same icount.
type Checkpoint struct {
	Icount uint64      `json:"icount"`
	Pos    machine.Pos `json:"pos"`
	Hash   string      `json:"hash"`
}

// Type names and schema versions.
func (VMCreated) EventType() string         { return "VMCreated" }
func (Started) EventType() string           { return "Started" }
func (Paused) EventType() string            { return "Paused" }
func (Resumed) EventType() string           { return "Resumed" }
func (Stopped) EventType() string           { return "Stopped" }
func (Halted) EventType() string            { return "Halted" }
func (Failed) EventType() string            { return "Failed" }
func (ConsoleInput) EventType() string      { return "ConsoleInput" }
func (MemoryPatched) EventType() string     { return "MemoryPatched" }
func (RegisterPatched) EventType() string   { return "RegisterPatched" }
func (BreakpointAdded) EventType() string   { return "BreakpointAdded" }
func (BreakpointRemoved) EventType() string { return "BreakpointRemoved" }
func (SnapshotTaken) EventType() string     { return "SnapshotTaken" }
func (DeviceAttached) EventType() string    { return "DeviceAttached" }
func (DeviceDetached) EventType() string    { return "DeviceDetached" }
func (Checkpoint) EventType() string        { return "Checkpoint" }

func (VMCreated) EventSchema() uint16         { return 1 }
func (Started) EventSchema() uint16           { return 1 }
func (Paused) EventSchema() uint16            { return 2 } // v1 had no icount field
func (Resumed) EventSchema() uint16           { return 1 }
func (Stopped) EventSchema() uint16           { return 1 }
func (Halted) EventSchema() uint16            { return 1 }
func (Failed) EventSchema() uint16            { return 1 }
func (ConsoleInput) EventSchema() uint16      { return 1 }
func (MemoryPatched) EventSchema() uint16     { return 1 }
func (RegisterPatched) EventSchema() uint16   { return 1 }
func (BreakpointAdded) EventSchema() uint16   { return 1 }
func (BreakpointRemoved) EventSchema() uint16 { return 1 }
func (SnapshotTaken) EventSchema() uint16     { return 1 }
func (DeviceAttached) EventSchema() uint16    { return 1 }
func (DeviceDetached) EventSchema() uint16    { return 1 }
func (Checkpoint) EventSchema() uint16        { return 1 }

func (VMCreated) At() uint64           { return 0 }
func (e Started) At() uint64           { return e.Icount }
func (e Paused) At() uint64            { return e.Icount }
func (e Resumed) At() uint64           { return e.Icount }
func (e Stopped) At() uint64           { return e.Icount }
func (e Halted) At() uint64            { return e.Icount }
func (e Failed) At() uint64            { return e.Icount }
func (e ConsoleInput) At() uint64      { return e.Pos.Icount }
func (e MemoryPatched) At() uint64     { return e.Icount }
func (e RegisterPatched) At() uint64   { return e.Icount }
func (e BreakpointAdded) At() uint64   { return e.Icount }
func (e BreakpointRemoved) At() uint64 { return e.Icount }
func (e SnapshotTaken) At() uint64     { return e.Icount }
func (e DeviceAttached) At() uint64    { return e.Icount }
func (e DeviceDetached) At() uint64    { return e.Icount }
func (e Checkpoint) At() uint64        { return e.Icount }

// decoders makes an empty event of each type for json.Unmarshal.
var decoders = map[string]func() Event{
	"VMCreated":         func() Event { return &VMCreated{} },
	"Started":           func() Event { return &Started{} },
	"Paused":            func() Event { return &Paused{} },
	"Resumed":           func() Event { return &Resumed{} },
	"Stopped":           func() Event { return &Stopped{} },
	"Halted":            func() Event { return &Halted{} },
	"Failed":            func() Event { return &Failed{} },
	"ConsoleInput":      func() Event { return &ConsoleInput{} },
	"MemoryPatched":     func() Event { return &MemoryPatched{} },
	"RegisterPatched":   func() Event { return &RegisterPatched{} },
	"BreakpointAdded":   func() Event { return &BreakpointAdded{} },
	"BreakpointRemoved": func() Event { return &BreakpointRemoved{} },
	"SnapshotTaken":     func() Event { return &SnapshotTaken{} },
	"Checkpoint":        func() Event { return &Checkpoint{} },
	"DeviceAttached":    func() Event { return &DeviceAttached{} },
	"DeviceDetached":    func() Event { return &DeviceDetached{} },
}

// Upcaster turns the payload of schema From of an event type into the
// payload of schema From+1. It sees the whole record for envelope fields.
type Upcaster func(rec store.Record, payload []byte) ([]byte, error)

type upcastKey struct {
	typ  string
	from uint16
}

// upcasters holds one step per old schema; DecodeEvent chains them.
var upcasters = map[upcastKey]Upcaster{
	// Paused v1 was {reason, pc}; the icount lived only in the envelope.
	{"Paused", 1}: func(rec store.Record, p []byte) ([]byte, error) {
		var v1 struct {
			Reason string `json:"reason"`
			PC     uint64 `json:"pc"`
		}
		if err := json.Unmarshal(p, &v1); err != nil {
			return nil, err
		}
		return json.Marshal(Paused{Reason: v1.Reason, PC: v1.PC, Icount: rec.Icount})
	},
}

// EncodeEvent makes the store record of e.
func EncodeEvent(e Event) (store.EventData, error) {
	p, err := json.Marshal(e)
	if err != nil {
		return store.EventData{}, Wrap(KindStorage, "encode event", e.EventType(), err)
	}
	return store.EventData{Type: e.EventType(), Schema: e.EventSchema(), Icount: e.At(), Payload: p}, nil
}

// DecodeEvent makes the event of a stored record, upcasting old schemas.
// The result is a value (VMCreated, not *VMCreated). A record it cannot
// read gives a KindStorage error naming the stream, version and type.
func DecodeEvent(rec store.Record) (Event, error) {
	subject := fmt.Sprintf("stream %s version %d (%s v%d)", rec.Stream, rec.Version, rec.Type, rec.Schema)
	mk, ok := decoders[rec.Type]
	if !ok {
		return nil, Errorf(KindStorage, "decode event", subject, "unknown event type %q", rec.Type)
	}
	cur := mk().EventSchema()
	p := rec.Payload
	for s := rec.Schema; s < cur; s++ {
		up, ok := upcasters[upcastKey{rec.Type, s}]
		if !ok {
			return nil, Errorf(KindStorage, "decode event", subject, "no upcaster from schema %d", s)
		}
		var err error
		if p, err = up(rec, p); err != nil {
			return nil, Errorf(KindStorage, "decode event", subject, "upcasting from schema %d: %w", s, err)
		}
	}
	if rec.Schema > cur {
		return nil, Errorf(KindStorage, "decode event", subject, "schema %d is newer than this build's %d", rec.Schema, cur)
	}
	e := mk()
	if err := json.Unmarshal(p, e); err != nil {
		return nil, Errorf(KindStorage, "decode event", subject, "%w", err)
	}
	return deref(e), nil
}

// deref turns the pointer json.Unmarshal filled into a value.
func deref(e Event) Event {
	switch v := e.(type) {
	case *VMCreated:
		return *v
	case *Started:
		return *v
	case *Paused:
		return *v
	case *Resumed:
		return *v
	case *Stopped:
		return *v
	case *Halted:
		return *v
	case *Failed:
		return *v
	case *ConsoleInput:
		return *v
	case *MemoryPatched:
		return *v
	case *RegisterPatched:
		return *v
	case *BreakpointAdded:
		return *v
	case *BreakpointRemoved:
		return *v
	case *SnapshotTaken:
		return *v
	case *Checkpoint:
		return *v
	case *DeviceAttached:
		return *v
	case *DeviceDetached:
		return *v
	}
	return e
}
