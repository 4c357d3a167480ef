package vm

import (
	"context"
	"fmt"

	"vmcore/vm/device/virtio"
	"vmcore/vm/machine"
)

// Journal records a session whose machine something else drives: the
// debugger behind the screen or a GDB client. It is told of everything
// that changes the session (runs starting and stopping, console input,
// debugger writes, breakpoints) and takes checkpoints when asked; it
// appends each change at once, so an acknowledged change survives a crash.
//
// A debugged machine can go back in time. The journal records one time
// line, the one that went furthest: head is the largest icount recorded.
// Running again over recorded ground (after going back) records nothing,
// since deterministic re-execution reproduces it. An outside change (input,
// a write) before head would fork the time line, which one stream cannot
// hold: the journal then ends the recording (Stopped, reason "time line
// changed") and from then on records nothing; what was recorded stays
// verifiable.
//
// Invariants: all methods are called on the goroutine that owns the
// machine; after the session ends (Halted, Stopped, Failed) every method is
// a no-op that returns nil, and Recording reports false.
type Journal struct {
	st   SessionStore
	vm   *VirtualMachine
	m    *machine.Machine
	opts RecorderOptions
	ctx  context.Context
	cps  int
	// lastSnap and lastSnapSize are the icount and size of the last
	// snapshot taken, for spacing the next one.
	lastSnap, lastSnapSize uint64
	head                   uint64
	ended                  bool
	// endReason says why the recording ended early (a forked time line);
	// onEnd, if set, hears it at once.
	endReason string
	onEnd     func(reason string)
	async     *asyncCommitter // nil until the first asynchronous commit
	// bps counts the breakpoints at each address: several front ends
	// may set one at the same place, the session records the place.
	bps map[uint64]int
}

// NewJournal starts recording m as session v (created and committed by
// NewSession): it records Started and then Paused, since a debugged
// machine waits for its first command. m must be at its initial state.
func NewJournal(ctx context.Context, st SessionStore, v *VirtualMachine, m *machine.Machine, opts RecorderOptions) (*Journal, error) {
	j := newJournal(st, v, opts)
	j.m = m
	j.ctx = context.WithoutCancel(ctx)
	pc := m.Harts()[0].PC()
	if err := v.Start(m.Icount()); err != nil {
		return nil, err
	}
	if err := v.Pause("attached", pc, m.Icount()); err != nil {
		return nil, err
	}
	return j, j.commit()
}

func newJournal(st SessionStore, v *VirtualMachine, opts RecorderOptions) *Journal {
	if opts.CheckpointEvery == 0 {
		opts.CheckpointEvery = DefaultCheckpointEvery
	}
	if opts.SnapshotEvery == 0 {
		opts.SnapshotEvery = DefaultSnapshotEvery
	}
	return &Journal{st: st, vm: v, opts: opts, ctx: context.Background(), bps: map[uint64]int{}}
}

// VM is the recorded aggregate.
func (j *Journal) VM() *VirtualMachine { return j.vm }

// Recording reports whether changes are still being recorded.
func (j *Journal) Recording() bool { return !j.ended }

// live reports whether the machine is at or beyond head, where what
// happens is new and must be recorded.
func (j *Journal) live() bool { return !j.ended && j.m.Icount() >= j.head }

// commit stores the uncommitted events now, after whatever the
// asynchronous committer still holds, so the stream keeps its order.
func (j *Journal) commit() error {
	if err := j.drain(); err != nil {
		return err
	}
	return Commit(j.ctx, j.st, j.vm, j.opts.Bus)
}

// commitFinal is commit for the session's last events: it also ends the
// asynchronous committer.
func (j *Journal) commitFinal() error {
	err := j.stopAsync()
	if err == nil {
		err = Commit(j.ctx, j.st, j.vm, j.opts.Bus)
	}
	return err
}

// commitCheckpoint stores a checkpoint's events and snapshot (see
// checkpoint); async lets the hart go on meanwhile.
func (j *Journal) commitCheckpoint(snapIcount uint64, snap []byte, async bool) error {
	if async {
		return j.commitAsync(snapIcount, snap)
	}
	if snap != nil {
		if err := j.drain(); err != nil {
			return err
		}
		if err := j.store(asyncJob{snapIcount: snapIcount, snap: snap}); err != nil {
			return err
		}
	}
	return j.commit()
}

// resumeAtHead records Resumed at head when a run that started on
// recorded ground (after going back, where Resumed was not recorded) has
// reached new ground.
func (j *Journal) resumeAtHead() error {
	if j.vm.State() != StatePaused || j.m.Icount() <= j.head {
		return nil
	}
	return j.vm.Resume(j.head)
}

func (j *Journal) advance() {
	j.head = max(j.head, j.m.Icount())
}

// Resumed records that a run starts.
func (j *Journal) Resumed() error {
	if !j.live() || j.vm.State() != StatePaused {
		return nil
	}
	if err := j.vm.Resume(j.m.Icount()); err != nil {
		return err
	}
	return j.commit()
}

// Paused records that a run stopped for reason with hart 0 (or the
// stopping hart) at pc. When the machine stopped beyond head it also
// takes a checkpoint there, so that every pause the user saw is verified.
func (j *Journal) Paused(reason string, pc uint64) error {
	if j.ended {
		return nil
	}
	if err := j.resumeAtHead(); err != nil {
		return err
	}
	if j.vm.State() != StateRunning {
		return nil
	}
	var snapAt uint64
	var snap []byte
	if j.m.Icount() > j.head {
		var err error
		if snapAt, snap, err = j.checkpoint(false); err != nil {
			return j.fail(err)
		}
	}
	if err := j.vm.Pause(reason, pc, j.m.Icount()); err != nil {
		return err
	}
	j.advance()
	return j.commitCheckpoint(snapAt, snap, false)
}

// Exited records that the guest powered off (at a new icount; an exit met
// again after going back is already recorded). The session ends.
func (j *Journal) Exited(code int, source string, pc uint64) error {
	if !j.live() {
		return nil
	}
	if j.vm.State() == StatePaused {
		if err := j.vm.Resume(j.head); err != nil {
			return err
		}
	}
	if _, _, err := j.checkpoint(true); err != nil {
		return j.fail(err)
	}
	if err := j.vm.Halt(code, source, pc, j.m.Icount()); err != nil {
		return err
	}
	j.advance()
	j.ended = true
	return j.commitFinal()
}

// Tick is called between runs of the machine: at a multiple of
// CheckpointEvery beyond head it records a checkpoint.
func (j *Journal) Tick() error {
	n := j.m.Icount()
	if j.ended || n <= j.head || n%j.opts.CheckpointEvery != 0 {
		return nil
	}
	if err := j.resumeAtHead(); err != nil {
		return err
	}
	if j.vm.State() != StateRunning {
		return nil
	}
	snapAt, snap, err := j.checkpoint(false)
	if err != nil {
		return j.fail(err)
	}
	j.advance()
	if err := j.commitCheckpoint(snapAt, snap, true); err != nil {
		return j.fail(err)
	}
	return nil
}

// NextCheckpoint is the icount of the next checkpoint a run must stop at
// (so that Tick sees it), or 0 when no checkpoint is due ahead.
func (j *Journal) NextCheckpoint() uint64 {
	if j.ended {
		return 0
	}
	from := max(j.m.Icount(), j.head)
	return (from/j.opts.CheckpointEvery + 1) * j.opts.CheckpointEvery
}

// checkFork decides about an outside change at the machine's position:
// record it (at or beyond head), or, before head, end the recording there
// (see Journal) and let the change go unrecorded. err is a storage failure.
func (j *Journal) checkFork(what string) (record bool, err error) {
	if j.ended {
		return false, nil
	}
	n := j.m.Icount()
	if n >= j.head {
		return true, nil
	}
	j.ended = true
	j.endReason = fmt.Sprintf("%s at icount %d, before the recorded icount %d, changed the time line: the recording ends at icount %d", what, n, j.head, j.head)
	if j.onEnd != nil {
		j.onEnd(j.endReason)
	}
	if err := j.vm.Stop("time line changed", 0, j.m.Harts()[0].PC(), j.head); err != nil {
		return false, err
	}
	return false, j.commitFinal()
}

// OnEnd sets a function told (on the machine's goroutine) why the
// recording ended early, so that a front end can tell its user.
func (j *Journal) OnEnd(f func(reason string)) { j.onEnd = f }

// Ended says why recording stopped early ("" while recording, or when
// the session ended normally).
func (j *Journal) Ended() string { return j.endReason }

// Input records console input entering the UART now; install it (with
// any history's hook) as machine.Config.OnInput.
func (j *Journal) Input(b []byte) error {
	if ok, err := j.checkFork("console input"); !ok {
		return err
	}
	if j.vm.State() == StatePaused {
		if err := j.vm.Resume(j.m.Icount()); err != nil {
			return err
		}
	}
	if err := j.vm.Input(ConsoleInput{Pos: j.m.Position(), Bytes: append([]byte(nil), b...)}); err != nil {
		return err
	}
	j.advance()
	return j.commit()
}

// MemoryPatched records a debugger write of data at physical address
// paddr, about to be made. Call it before the write: an error (the store
// failed) means the write must not happen, since it could not be
// recorded. A write before head ends the recording (see Journal, Ended)
// and is then made unrecorded.
func (j *Journal) MemoryPatched(paddr uint64, data []byte) error {
	if ok, err := j.checkFork(fmt.Sprintf("memory write at %#x", paddr)); !ok {
		return err
	}
	pos := j.m.Position()
	if err := j.vm.PatchMemory(MemoryPatched{Icount: pos.Icount, Pos: &pos, Addr: paddr, Bytes: append([]byte(nil), data...)}); err != nil {
		return err
	}
	j.advance()
	return j.commit()
}

// RegisterPatched records a debugger write to a register of hart (see
// RegisterPatched for space and num) made at the machine's position;
// errors as for MemoryPatched (the caller undoes the write on one).
func (j *Journal) RegisterPatched(hart int, space string, num int, v uint64) error {
	if ok, err := j.checkFork(fmt.Sprintf("register write (%s %d)", space, num)); !ok {
		return err
	}
	pos := j.m.Position()
	if err := j.vm.PatchRegister(RegisterPatched{Icount: pos.Icount, Pos: &pos, Hart: hart, Space: space, Reg: num, Value: v}); err != nil {
		return err
	}
	j.advance()
	return j.commit()
}

// DeviceAttached records that spec was plugged into slot just now. A
// device that cannot be recorded (DeviceRecordOf) is an error, and the
// caller unplugs it again: the session must not run on a board it cannot
// describe.
func (j *Journal) DeviceAttached(slot int, spec virtio.Spec) error {
	if j.ended {
		return nil
	}
	rec, err := DeviceRecordOf(spec)
	if err != nil {
		return err
	}
	if ok, err := j.checkFork("attach " + rec.Spec); !ok {
		return err
	}
	pos := j.m.Position()
	if err := j.vm.AttachDevice(DeviceAttached{Icount: pos.Icount, Pos: pos, Slot: slot, Device: rec}); err != nil {
		return err
	}
	j.advance()
	return j.commit()
}

// DeviceDetached records that the device in slot was unplugged just now.
func (j *Journal) DeviceDetached(slot int) error {
	if ok, err := j.checkFork(fmt.Sprintf("detach slot %d", slot)); !ok {
		return err
	}
	pos := j.m.Position()
	if err := j.vm.DetachDevice(DeviceDetached{Icount: pos.Icount, Pos: pos, Slot: slot}); err != nil {
		return err
	}
	j.advance()
	return j.commit()
}

// SnapshotNow stores a snapshot of the machine as it stands (with a
// checkpoint), for a user who wants to come back here quickly. Only new
// ground can take one: a snapshot is found by its SnapshotTaken event,
// after which a replay applies the events that follow in the stream.
func (j *Journal) SnapshotNow() (icount, size uint64, err error) {
	if j.ended {
		return 0, 0, Errorf(KindState, "snapshot", "session "+j.vm.ID().String(), "not recording any more")
	}
	n := j.m.Icount()
	if n < j.head {
		return 0, 0, Errorf(KindState, "snapshot", fmt.Sprintf("icount %d", n),
			"the recording reaches icount %d; snapshots are taken at its end (its own snapshots cover the past)", j.head)
	}
	pos := j.m.Position()
	if err := j.vm.Checkpoint(pos, HashString(j.m.StateHash())); err != nil {
		return 0, 0, err
	}
	data := j.m.MarshalSnapshot()
	if err := j.vm.SnapshotTaken(pos.Icount, uint64(len(data))); err != nil {
		return 0, 0, err
	}
	j.lastSnap, j.lastSnapSize = pos.Icount, uint64(len(data))
	j.advance()
	if err := j.commitCheckpoint(pos.Icount, data, false); err != nil {
		return 0, 0, err
	}
	return pos.Icount, uint64(len(data)), nil
}

// BreakpointAdded records a breakpoint set at addr (the first one there).
func (j *Journal) BreakpointAdded(addr uint64) error {
	j.bps[addr]++
	if j.ended || j.bps[addr] > 1 {
		return nil
	}
	if err := j.vm.AddBreakpoint(addr, j.m.Icount()); err != nil {
		return err
	}
	return j.commit()
}

// BreakpointRemoved records that the last breakpoint at addr went away.
func (j *Journal) BreakpointRemoved(addr uint64) error {
	if j.bps[addr] == 0 {
		return nil
	}
	j.bps[addr]--
	if j.bps[addr] > 0 {
		return nil
	}
	delete(j.bps, addr)
	if j.ended {
		return nil
	}
	if err := j.vm.RemoveBreakpoint(addr, j.m.Icount()); err != nil {
		return err
	}
	return j.commit()
}

// Close ends the session: a last checkpoint when the machine stands at or
// beyond head, then Stopped with reason.
func (j *Journal) Close(reason string) error {
	if j.ended {
		return nil
	}
	j.ended = true
	if j.vm.State() == StateCreated || j.vm.State() == StateNew {
		return j.stopAsync()
	}
	if j.m.Icount() >= j.head {
		if _, _, err := j.checkpoint(true); err != nil {
			return j.fail(err)
		}
		j.advance()
	}
	if err := j.vm.Stop(reason, 0, j.m.Harts()[0].PC(), j.head); err != nil {
		return err
	}
	return j.commitFinal()
}

// checkpoint records a Checkpoint at the machine's position and, every
// SnapshotEvery checkpoints (not at the end), a SnapshotTaken, returning
// the marshalled snapshot for commitCheckpoint to store.
func (j *Journal) checkpoint(final bool) (snapIcount uint64, snap []byte, err error) {
	pos := j.m.Position()
	if err := j.vm.Checkpoint(pos, HashString(j.m.StateHash())); err != nil {
		return 0, nil, err
	}
	j.cps++
	// A large snapshot is held back until the machine has run a quarter
	// instruction per byte of the last one; small ones cost nothing.
	spaced := j.lastSnapSize < 1<<20 || pos.Icount-j.lastSnap >= j.lastSnapSize/4
	if final || j.opts.SnapshotEvery <= 0 || j.cps%j.opts.SnapshotEvery != 0 || !spaced {
		return 0, nil, nil
	}
	data := j.m.MarshalSnapshot()
	if err := j.vm.SnapshotTaken(pos.Icount, uint64(len(data))); err != nil {
		return 0, nil, err
	}
	j.lastSnap, j.lastSnapSize = pos.Icount, uint64(len(data))
	return pos.Icount, data, nil
}

// fail records Failed after err, ends the session and returns err.
func (j *Journal) fail(err error) error {
	j.ended = true
	if j.vm.Fail(err.Error(), j.m.Icount()) == nil {
		_ = j.commitFinal() // err is the one to report
	} else {
		_ = j.stopAsync()
	}
	return err
}
