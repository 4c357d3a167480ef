package vm

import (
	"context"
	"crypto/sha256"
	"encoding/hex"

	"github.com/google/uuid"

	"vmcore/store"
	"vmcore/vm/machine"
)

// EventStore is what vm needs of an event store; store.Store satisfies it.
type EventStore interface {
	Append(ctx context.Context, stream store.StreamID, expected store.ExpectedVersion, events ...store.EventData) (store.AppendResult, error)
	ReadStream(ctx context.Context, stream store.StreamID, from uint64, dir store.Direction, max int) ([]store.Record, error)
	ListStreams(ctx context.Context) ([]store.StreamInfo, error)
}

// SnapshotStore is what vm needs of a snapshot store.
type SnapshotStore interface {
	SaveSnapshot(ctx context.Context, stream store.StreamID, icount uint64, data []byte) error
	LoadSnapshot(ctx context.Context, stream store.StreamID, atOrBefore uint64) (store.Snapshot, error)
	ListSnapshots(ctx context.Context, stream store.StreamID) ([]store.SnapshotInfo, error)
}

// SessionStore is a store of events and snapshots.
type SessionStore interface {
	EventStore
	SnapshotStore
}

// Commit appends the aggregate's uncommitted events to its stream in one
// batch (one append, one fsync), expecting the stream at the version the
// aggregate last saw, then publishes them on bus (which may be nil).
func Commit(ctx context.Context, st EventStore, v *VirtualMachine, bus *Bus[Event]) error {
	expected, events := v.Uncommitted()
	if len(events) == 0 {
		return nil
	}
	data, err := encodeEvents(events)
	if err != nil {
		return err
	}
	if _, err := st.Append(ctx, v.ID(), store.Exact(expected), data...); err != nil {
		return Wrap(KindStorage, "append events to", "session "+v.ID().String(), err)
	}
	v.MarkCommitted()
	if bus != nil {
		for _, e := range events {
			if err := bus.Publish(e); err != nil {
				return err
			}
		}
	}
	return nil
}

// encodeEvents encodes events for one append.
func encodeEvents(events []Event) ([]store.EventData, error) {
	data := make([]store.EventData, len(events))
	for i, e := range events {
		d, err := EncodeEvent(e)
		if err != nil {
			return nil, err
		}
		data[i] = d
	}
	return data, nil
}

// Recording defaults.
const (
	// DefaultCheckpointEvery is the icount distance of Checkpoint events.
	DefaultCheckpointEvery uint64 = 1 << 24
	// DefaultSnapshotEvery is how many checkpoints pass between snapshots:
	// with the default checkpoints, one every 2^25 instructions, so that
	// `replay --to` re-executes at most about a tenth of a second. Guests
	// with a large RAM footprint get them further apart (see Journal).
	DefaultSnapshotEvery = 2
)

// RecorderOptions tune a Recorder; zero values select the defaults.
type RecorderOptions struct {
	CheckpointEvery uint64 // instructions between checkpoints
	// SnapshotEvery is the number of checkpoints between snapshots;
	// negative: none. A snapshot is also held back until the machine has
	// run a quarter instruction per byte of the last one, so that copying
	// RAM stays a small part of the run for guests with a large footprint.
	SnapshotEvery int
	Bus           *Bus[Event]
	// Hotplug is a script of device changes that Run makes at their
	// icounts (see ParseHotplugScript); each is recorded.
	Hotplug []HotplugAction
}

// Recorder runs a machine and records its session: Started, every console
// input at the position it entered the UART, a Checkpoint with the state
// hash every CheckpointEvery instructions (and a snapshot every
// SnapshotEvery checkpoints), and at the end a last Checkpoint and Halted
// or Stopped. It is the headless twin of Journal, which it uses for the
// recording itself.
//
// Appends are batched: one per checkpoint, one per console input taken
// (input arrives at human speed, and an acknowledged keystroke must survive
// a crash), one at the end — never one per instruction slice or byte.
type Recorder struct {
	j    *Journal
	err  error           // first failure inside OnInput, reported by Run
	left []HotplugAction // scripted changes not made when Run returned
}

// HotplugLeft lists the scripted device changes Run did not make (the run
// ended first, or one failed).
func (r *Recorder) HotplugLeft() []HotplugAction { return r.left }

// NewRecorder makes a recorder for the aggregate v (already created and
// committed). Set machine.Config.OnInput to its OnInput before building the
// machine, then Attach the machine.
func NewRecorder(st SessionStore, v *VirtualMachine, opts RecorderOptions) *Recorder {
	return &Recorder{j: newJournal(st, v, opts)}
}

// Attach gives the recorder the machine it records.
func (r *Recorder) Attach(m *machine.Machine) { r.j.m = m }

// VM is the recorded aggregate.
func (r *Recorder) VM() *VirtualMachine { return r.j.vm }

// OnInput is the machine.Config.OnInput hook: it records the input at the
// machine's exact position and stores it at once.
func (r *Recorder) OnInput(_ uint64, b []byte) {
	if r.j.m == nil || r.err != nil {
		return
	}
	r.err = r.j.Input(b)
}

// HashString renders a state hash as stored in Checkpoint events.
func HashString(h [machine.HashSize]byte) string { return hex.EncodeToString(h[:]) }

// Run starts the VM and runs the machine until it exits or stops (see
// machine.Run; maxInsns 0 is no limit), recording as it goes. The result is
// the machine's; an error means the recording failed (the VM is then
// recorded as Failed if the store still takes it).
func (r *Recorder) Run(ctx context.Context, maxInsns uint64) (machine.Result, error) {
	j := r.j
	if j.m == nil {
		return machine.Result{}, Errorf(KindConfig, "record", "session "+j.vm.ID().String(), "no machine attached")
	}
	// Appends must finish even after Ctrl-C cancels the run.
	j.ctx = context.WithoutCancel(ctx)
	if err := j.vm.Start(j.m.Icount()); err != nil {
		return machine.Result{}, err
	}
	if err := j.commit(); err != nil {
		return machine.Result{}, err
	}
	every := j.opts.CheckpointEvery
	plug := NewHotplug(j.m, j)
	script := j.opts.Hotplug
	for {
		// Scripted device changes due now happen before the next run.
		var err error
		script, err = plug.DoDue(script)
		r.left = script
		if err != nil {
			// The machine is sound (the change was refused): verify up
			// to here.
			_, _, _ = j.checkpoint(true)
			return machine.Result{Reason: machine.ReasonInterrupted, PC: j.m.Harts()[0].PC(), Icount: j.m.Icount()}, j.fail(err)
		}
		next := (j.m.Icount()/every + 1) * every
		limit := next
		if len(script) > 0 {
			limit = min(limit, script[0].Icount)
		}
		if maxInsns != 0 && maxInsns < limit {
			limit = maxInsns
		}
		res := j.m.Run(ctx, limit)
		if r.err != nil {
			return res, j.fail(r.err)
		}
		if err := j.asyncErr(); err != nil {
			return res, j.fail(err)
		}
		if res.Reason == machine.ReasonLimit && res.Icount == limit && limit < next && (maxInsns == 0 || limit < maxInsns) {
			continue // a scripted change is due
		}
		if res.Reason == machine.ReasonLimit && res.Icount == next && (maxInsns == 0 || next < maxInsns) {
			if err := j.Tick(); err != nil {
				return res, err
			}
			continue
		}
		if res.Exited() {
			return res, j.Exited(res.ExitCode, res.Source, res.PC)
		}
		if _, _, err := j.checkpoint(true); err != nil {
			return res, j.fail(err)
		}
		if err := j.vm.Stop(res.Reason.String(), 0, res.PC, res.Icount); err != nil {
			_ = j.stopAsync()
			return res, err
		}
		j.ended = true
		return res, j.commitFinal()
	}
}

// maxImage bounds what VMCreated can carry: the payload limit, less the
// base64 growth of JSON and room for the rest of the event.
const maxImage = store.MaxPayloadLen*3/4 - 4096

// NewSession records VMCreated for a new stream and stores it. data is
// the program as given to machine.ParseELF (format ImageELF) or
// machine.RawImage (ImageRaw, entered at loadAddr).
func NewSession(ctx context.Context, st EventStore, cfg machine.Config, program, format string, loadAddr uint64, data []byte, bus *Bus[Event]) (*VirtualMachine, error) {
	if format != ImageELF && format != ImageRaw {
		return nil, Errorf(KindConfig, "record", program, "unknown image format %q", format)
	}
	if len(data) > maxImage {
		return nil, Errorf(KindConfig, "record", program, "image of %d bytes is too large to record (max about %d MiB)", len(data), maxImage>>20)
	}
	sum := sha256.Sum256(data)
	return createSession(ctx, st, cfg, VMCreated{Program: program, ImageFormat: format,
		LoadAddr: loadAddr, ImageDigest: hex.EncodeToString(sum[:]), Image: data}, bus)
}

// NewBootSession is NewSession for a firmware boot (machine.BootImage of
// files): the firmware, kernel and initrd are stored in the session.
func NewBootSession(ctx context.Context, st EventStore, cfg machine.Config, files machine.BootFiles, bus *Bus[Event]) (*VirtualMachine, error) {
	boot := bootRecordOf(files)
	name := files.Firmware.Name
	if files.Kernel.Name != "" {
		name += "+" + files.Kernel.Name
	}
	if boot.size() > maxImage {
		return nil, Errorf(KindConfig, "record", name, "boot files of %d bytes are too large to record (max about %d MiB)", boot.size(), maxImage>>20)
	}
	return createSession(ctx, st, cfg, VMCreated{Program: name, ImageFormat: ImageBoot, Boot: boot, ImageDigest: boot.digest()}, bus)
}

// createSession completes and stores VMCreated.
func createSession(ctx context.Context, st EventStore, cfg machine.Config, e VMCreated, bus *Bus[Event]) (*VirtualMachine, error) {
	board, err := BoardConfigOf(cfg)
	if err != nil {
		return nil, err
	}
	e.Config, e.StateFormat = board, machine.StateFormat
	v := NewVirtualMachine(uuid.New())
	if err := v.Create(e); err != nil {
		return nil, err
	}
	if err := Commit(ctx, st, v, bus); err != nil {
		return nil, err
	}
	return v, nil
}

// RecordedStateFormat is the machine.StateFormat the session was recorded
// with.
func (e VMCreated) RecordedStateFormat() int {
	if e.StateFormat == 0 {
		return 1
	}
	return e.StateFormat
}

// ParseImage parses the program stored in VMCreated.
func (e VMCreated) ParseImage() (*machine.Image, error) {
	if e.ImageFormat == ImageBoot {
		if e.Boot == nil || e.Boot.digest() != e.ImageDigest {
			return nil, Errorf(KindStorage, "load image of", e.Program, "boot files missing or damaged")
		}
		files, err := e.Boot.files()
		if err != nil {
			return nil, err
		}
		img, err := machine.BootImage(files, e.Config.RAMSize)
		return img, Wrap(KindConfig, "load image of", e.Program, err)
	}
	sum := sha256.Sum256(e.Image)
	if hex.EncodeToString(sum[:]) != e.ImageDigest {
		return nil, Errorf(KindStorage, "load image of", e.Program, "digest mismatch: stored image is damaged")
	}
	switch e.ImageFormat {
	case ImageELF:
		img, err := machine.ParseELF(e.Program, e.Image)
		return img, Wrap(KindConfig, "load image of", e.Program, err)
	case ImageRaw:
		img, err := machine.RawImage(e.Program, e.Image, e.LoadAddr)
		return img, Wrap(KindConfig, "load image of", e.Program, err)
	}
	return nil, Errorf(KindStorage, "load image of", e.Program, "unknown image format %q", e.ImageFormat)
}
