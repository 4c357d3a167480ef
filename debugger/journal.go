package debugger

import (
	"vmcore/vm"
)

// Journal is where a debugged session is recorded; *vm.Journal implements
// it. The engine calls it on its own goroutine: when a run starts and
// stops, between machine slices (so that checkpoints fall on exact
// icounts), and before every write it makes to the machine for a front
// end, so that replay makes the same write at the same position.
type Journal interface {
	Resumed() error
	Paused(reason string, pc uint64) error
	Exited(code int, source string, pc uint64) error
	// Tick records a checkpoint when the machine stands on one.
	Tick() error
	// NextCheckpoint is the icount a run must stop at for Tick, or 0.
	NextCheckpoint() uint64
	// MemoryPatched comes before the write, RegisterPatched after it (a
	// refused value records nothing), both at the write's position; an
	// error means it could not be recorded, and the write is not made or
	// is undone.
	MemoryPatched(paddr uint64, data []byte) error
	RegisterPatched(hart int, space string, num int, v uint64) error
	BreakpointAdded(addr uint64) error
	BreakpointRemoved(addr uint64) error
	// SnapshotNow stores a snapshot of the machine now.
	SnapshotNow() (icount, size uint64, err error)
	// DeviceAttached and DeviceDetached come after the change; an error
	// from DeviceAttached means the device must be unplugged again.
	vm.DeviceJournal
}

var _ Journal = (*vm.Journal)(nil)

// regSpace maps a register to the register file a RegisterPatched event
// names; ok is false for registers a recording cannot express.
func regSpace(r *Register) (space string, num int, ok bool) {
	switch r.Kind {
	case RegGPR:
		return vm.RegSpaceX, r.Num, true
	case RegPC:
		return vm.RegSpaceX, vm.RegPC, true
	case RegCSR:
		return vm.RegSpaceCSR, r.Num, true
	case RegPriv:
		return vm.RegSpacePriv, 0, true
	case RegFPR:
		return vm.RegSpaceF, r.Num, true
	}
	return "", 0, false
}

// TakeSnapshot stores a snapshot of the machine in the session's
// recording, where a replay (and replay --to) can start from it.
func (d *Debugger) TakeSnapshot() (icount, size uint64, err error) {
	if d.journal == nil {
		return 0, 0, vm.Errorf(vm.KindState, "snapshot", "", "this session is not recorded (started with --no-record, or its store was busy)")
	}
	if e := d.call(func() { icount, size, err = d.journal.SnapshotNow() }); e != nil {
		return 0, 0, e
	}
	return icount, size, err
}

// journalStop tells the journal how a run ended and returns st with the
// journal's error attached when it failed.
func (d *Debugger) journalStop(st Stop) Stop {
	if d.journal == nil {
		return st
	}
	var err error
	if st.Kind == StopExit {
		err = d.journal.Exited(st.ExitCode, st.ExitSource, st.PC)
	} else {
		err = d.journal.Paused(st.Kind.String(), st.PC)
	}
	if err != nil && st.Err == nil {
		st.Err = err
	}
	return st
}

// journalTick gives the journal its look between machine slices; a
// failure ends the run, since what follows could not be recorded.
func (d *Debugger) journalTick() bool {
	if d.journal == nil {
		return false
	}
	if err := d.journal.Tick(); err != nil {
		d.finish(Stop{Kind: StopPause, Err: err})
		return true
	}
	return false
}

// journalLimit lowers a slice's instruction limit to the next checkpoint.
func (d *Debugger) journalLimit(limit uint64) uint64 {
	if d.journal == nil {
		return limit
	}
	if n := d.journal.NextCheckpoint(); n != 0 && n > d.m.Icount() {
		return min(limit, n)
	}
	return limit
}
