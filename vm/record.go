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
	data := make([]store.EventData, len(events))
	for i, e := range events {
		d, err := EncodeEvent(e)
		if err != nil {
			return err
		}
		data[i] = d
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

// Recording defaults.
const (
	// DefaultCheckpointEvery is the icount distance of Checkpoint events.
	DefaultCheckpointEvery uint64 = 1 << 24
	// DefaultSnapshotEvery is how many checkpoints pass between snapshots.
	DefaultSnapshotEvery = 16
)

// RecorderOptions tune a Recorder; zero values select the defaults.
type RecorderOptions struct {
	CheckpointEvery uint64 // instructions between checkpoints
	SnapshotEvery   int    // checkpoints between snapshots; negative: none
	Bus             *Bus[Event]
}

// Recorder runs a machine and records its session: Started, every console
// input at the position it entered the UART, a Checkpoint with the state
// hash every CheckpointEvery instructions (and a snapshot every
// SnapshotEvery checkpoints), and at the end a last Checkpoint and Halted
// or Stopped.
//
// Appends are batched: one per checkpoint, one per console input taken
// (input arrives at human speed, and an acknowledged keystroke must survive
// a crash), one at the end — never one per instruction slice or byte.
type Recorder struct {
	st   SessionStore
	vm   *VirtualMachine
	m    *machine.Machine
	opts RecorderOptions
	ctx  context.Context
	err  error // first failure inside OnInput, reported by Run
	cps  int
}

// NewRecorder makes a recorder for the aggregate v (already created and
// committed). Set machine.Config.OnInput to its OnInput before building the
// machine, then Attach the machine.
func NewRecorder(st SessionStore, v *VirtualMachine, opts RecorderOptions) *Recorder {
	if opts.CheckpointEvery == 0 {
		opts.CheckpointEvery = DefaultCheckpointEvery
	}
	if opts.SnapshotEvery == 0 {
		opts.SnapshotEvery = DefaultSnapshotEvery
	}
	return &Recorder{st: st, vm: v, opts: opts, ctx: context.Background()}
}

// Attach gives the recorder the machine it records.
func (r *Recorder) Attach(m *machine.Machine) { r.m = m }

// VM is the recorded aggregate.
func (r *Recorder) VM() *VirtualMachine { return r.vm }

// OnInput is the machine.Config.OnInput hook: it records the input at the
// machine's exact position and stores it at once.
func (r *Recorder) OnInput(_ uint64, b []byte) {
	if r.m == nil || r.err != nil {
		return
	}
	e := ConsoleInput{Pos: r.m.Position(), Bytes: append([]byte(nil), b...)}
	if err := r.vm.Input(e); err != nil {
		r.err = err
		return
	}
	r.err = Commit(r.ctx, r.st, r.vm, r.opts.Bus)
}

// HashString renders a state hash as stored in Checkpoint events.
func HashString(h [machine.HashSize]byte) string { return hex.EncodeToString(h[:]) }

// checkpoint records a Checkpoint at the machine's position and, every
// SnapshotEvery checkpoints, a snapshot.
func (r *Recorder) checkpoint(ctx context.Context, final bool) error {
	pos := r.m.Position()
	if err := r.vm.Checkpoint(pos, HashString(r.m.StateHash())); err != nil {
		return err
	}
	r.cps++
	if !final && r.opts.SnapshotEvery > 0 && r.cps%r.opts.SnapshotEvery == 0 {
		data, err := r.m.Snapshot().MarshalBinary()
		if err != nil {
			return Wrap(KindExecution, "snapshot", "session "+r.vm.ID().String(), err)
		}
		if err := r.st.SaveSnapshot(ctx, r.vm.ID(), pos.Icount, data); err != nil {
			return Wrap(KindStorage, "save snapshot of", "session "+r.vm.ID().String(), err)
		}
		if err := r.vm.SnapshotTaken(pos.Icount, uint64(len(data))); err != nil {
			return err
		}
	}
	return nil
}

// Run starts the VM and runs the machine until it exits or stops (see
// machine.Run; maxInsns 0 is no limit), recording as it goes. The result is
// the machine's; an error means the recording failed (the VM is then
// recorded as Failed if the store still takes it).
func (r *Recorder) Run(ctx context.Context, maxInsns uint64) (machine.Result, error) {
	if r.m == nil {
		return machine.Result{}, Errorf(KindConfig, "record", "session "+r.vm.ID().String(), "no machine attached")
	}
	r.ctx = ctx
	// Appends must finish even after Ctrl-C cancels the run.
	storeCtx := context.WithoutCancel(ctx)
	r.ctx = storeCtx
	if err := r.vm.Start(r.m.Icount()); err != nil {
		return machine.Result{}, err
	}
	if err := Commit(storeCtx, r.st, r.vm, r.opts.Bus); err != nil {
		return machine.Result{}, err
	}
	every := r.opts.CheckpointEvery
	for {
		next := (r.m.Icount()/every + 1) * every
		limit := next
		if maxInsns != 0 && maxInsns < limit {
			limit = maxInsns
		}
		res := r.m.Run(ctx, limit)
		if r.err != nil {
			return res, r.fail(storeCtx, res, r.err)
		}
		if res.Reason == machine.ReasonLimit && res.Icount == next && (maxInsns == 0 || next < maxInsns) {
			if err := r.checkpoint(storeCtx, false); err != nil {
				return res, r.fail(storeCtx, res, err)
			}
			if err := Commit(storeCtx, r.st, r.vm, r.opts.Bus); err != nil {
				return res, err
			}
			continue
		}
		if err := r.checkpoint(storeCtx, true); err != nil {
			return res, r.fail(storeCtx, res, err)
		}
		var err error
		if res.Exited() {
			err = r.vm.Halt(res.ExitCode, res.Source, res.PC, res.Icount)
		} else {
			err = r.vm.Stop(res.Reason.String(), 0, res.PC, res.Icount)
		}
		if err != nil {
			return res, err
		}
		return res, Commit(storeCtx, r.st, r.vm, r.opts.Bus)
	}
}

// fail records Failed after err and returns err.
func (r *Recorder) fail(ctx context.Context, res machine.Result, err error) error {
	if r.vm.Fail(err.Error(), res.Icount) == nil {
		_ = Commit(ctx, r.st, r.vm, r.opts.Bus) // err is the one to report
	}
	return err
}

// NewSession records VMCreated for a new stream and stores it. data is
// the program as given to machine.ParseELF (format ImageELF) or
// machine.RawImage (ImageRaw, entered at loadAddr).
func NewSession(ctx context.Context, st EventStore, cfg machine.Config, program, format string, loadAddr uint64, data []byte, bus *Bus[Event]) (*VirtualMachine, error) {
	if format != ImageELF && format != ImageRaw {
		return nil, Errorf(KindConfig, "record", program, "unknown image format %q", format)
	}
	if len(data) > store.MaxPayloadLen*3/4-4096 {
		return nil, Errorf(KindConfig, "record", program, "image of %d bytes is too large to record (max about %d MiB)", len(data), store.MaxPayloadLen*3/4>>20)
	}
	sum := sha256.Sum256(data)
	v := NewVirtualMachine(uuid.New())
	err := v.Create(VMCreated{Config: BoardConfigOf(cfg), Program: program, ImageFormat: format,
		LoadAddr: loadAddr, ImageDigest: hex.EncodeToString(sum[:]), Image: data})
	if err != nil {
		return nil, err
	}
	if err := Commit(ctx, st, v, bus); err != nil {
		return nil, err
	}
	return v, nil
}

// ParseImage parses the program stored in VMCreated.
func (e VMCreated) ParseImage() (*machine.Image, error) {
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
