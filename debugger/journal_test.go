package debugger

import (
	"context"
	"strings"
	"testing"

	"vmcore/store"
	"vmcore/store/memstore"
	"vmcore/vm"
	"vmcore/vm/device/virtio"
	"vmcore/vm/machine"
)

// recordedDebugger loads the test guest, records it as a session in a
// memory store through a vm.Journal, and returns the debugger with history.
func recordedDebugger(t *testing.T, every uint64) (*Debugger, *machine.Symbols, *vm.Journal, *memstore.Store) {
	t.Helper()
	data, img := loadProg(t)
	var (
		j    *vm.Journal
		hist *Recorder
	)
	cfg := machine.Config{RAMSize: 1 << 20, OnInput: func(n uint64, b []byte) {
		hist.OnInput(n, b)
		_ = j.Input(b)
	}}
	m, err := machine.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Load(img); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st := memstore.New()
	v, err := vm.NewSession(ctx, st, m.Config(), progELF, vm.ImageELF, 0, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	j, err = vm.NewJournal(ctx, st, v, m, vm.RecorderOptions{CheckpointEvery: every, SnapshotEvery: 2})
	if err != nil {
		t.Fatal(err)
	}
	hist = NewRecorder(m, RecorderOptions{Every: 64})
	d := New(m, Options{History: hist, Journal: j})
	t.Cleanup(func() {
		d.Close()
		m.Close()
	})
	return d, img.Symbols, j, st
}

func eventTypes(s *vm.Session) map[string]int {
	n := map[string]int{}
	for _, e := range s.Events {
		n[e.EventType()]++
	}
	return n
}

func TestJournalRecordsDebuggerWritesAndReplayVerifies(t *testing.T) {
	ctx := context.Background()
	d, syms, j, st := recordedDebugger(t, 300)
	b, err := d.AddBreakpoint(BreakpointSpec{Addr: sym(t, syms, "add")})
	if err != nil {
		t.Fatal(err)
	}
	want(t, StopBreakpoint)(d.Continue(ctx))
	want(t, StopBreakpoint)(d.Continue(ctx))
	// add(s, 1) becomes add(s, 41): the guest's check fails, in the
	// recording and, if the write is replayed, in the replay.
	setReg(t, d, 0, "a1", 41)
	// An f register and a CSR: their writes are recorded in their own
	// register spaces, and the checkpoints cover them.
	setReg(t, d, 0, "fa0", 0x400921fb54442d18)
	setReg(t, d, 0, "mscratch", 0x1234)
	counter := sym(t, syms, "counter")
	if err := d.WriteMemory(0, counter, []byte{7, 0, 0, 0, 0, 0, 0, 0}); err != nil {
		t.Fatal(err)
	}
	if err := d.RemoveBreakpoint(b.ID); err != nil {
		t.Fatal(err)
	}
	st1 := want(t, StopExit)(d.Continue(ctx))
	if st1.Passed {
		t.Fatal("the guest passed: the register write had no effect")
	}
	if j.Recording() {
		t.Fatal("the journal still records after the guest exited")
	}

	s, err := vm.OpenSession(ctx, st, j.VM().ID())
	if err != nil {
		t.Fatal(err)
	}
	n := eventTypes(s)
	spaces := map[string]bool{}
	for _, e := range s.Events {
		if p, ok := e.(vm.RegisterPatched); ok {
			spaces[p.Space] = true
		}
	}
	if !spaces[vm.RegSpaceX] || !spaces[vm.RegSpaceF] || !spaces[vm.RegSpaceCSR] {
		t.Errorf("register spaces recorded: %v, want x, f and csr", spaces)
	}
	for typ, min := range map[string]int{"Started": 1, "Paused": 3, "Resumed": 3, "RegisterPatched": 3,
		"MemoryPatched": 1, "BreakpointAdded": 1, "BreakpointRemoved": 1, "Checkpoint": 3, "Halted": 1, "SnapshotTaken": 1} {
		if n[typ] < min {
			t.Errorf("%d %s events, want at least %d (all: %v)", n[typ], typ, min, n)
		}
	}
	rep, err := vm.Verify(ctx, s, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Divergence != nil || rep.Verified != rep.Checkpoints {
		t.Fatalf("replay of the debugged session: %+v (divergence %v)", rep, rep.Divergence)
	}

	// Without the register write the replay must part ways with the
	// recording at the first checkpoint after it.
	var patchAt uint64
	var events []store.EventData
	for _, e := range s.Events {
		if p, ok := e.(vm.RegisterPatched); ok {
			patchAt = p.Icount
			continue
		}
		data, err := vm.EncodeEvent(e)
		if err != nil {
			t.Fatal(err)
		}
		events = append(events, data)
	}
	cut := memstore.New()
	if _, err := cut.Append(ctx, s.ID, store.NoStream, events...); err != nil {
		t.Fatal(err)
	}
	s2, err := vm.OpenSession(ctx, cut, s.ID)
	if err != nil {
		t.Fatal(err)
	}
	rep, err = vm.Verify(ctx, s2, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Divergence == nil || rep.Divergence.Icount < patchAt {
		t.Fatalf("replay without the write: %+v, want a divergence after icount %d", rep, patchAt)
	}
}

func TestJournalIgnoresReexecutionAndEndsOnFork(t *testing.T) {
	ctx := context.Background()
	d, syms, j, st := recordedDebugger(t, 200)
	if _, err := d.AddBreakpoint(BreakpointSpec{Addr: sym(t, syms, "poke")}); err != nil {
		t.Fatal(err)
	}
	at := want(t, StopBreakpoint)(d.Continue(ctx))
	s, err := vm.OpenSession(ctx, st, j.VM().ID())
	if err != nil {
		t.Fatal(err)
	}
	before := len(s.Events)
	// Back ten instructions and forward again: nothing new happened.
	if _, err := d.GoTo(ctx, at.Icount-10); err != nil {
		t.Fatal(err)
	}
	if _, err := d.GoTo(ctx, at.Icount); err != nil {
		t.Fatal(err)
	}
	s, _ = vm.OpenSession(ctx, st, j.VM().ID())
	for _, e := range s.Events[before:] {
		switch e.(type) {
		case vm.Checkpoint, vm.SnapshotTaken, vm.ConsoleInput, vm.MemoryPatched, vm.RegisterPatched:
			t.Fatalf("going back and forth recorded %s at icount %d", e.EventType(), e.At())
		}
	}
	// Snapshots are taken at the end of the recording only.
	if _, _, err := d.TakeSnapshot(); err != nil {
		t.Fatalf("snapshot at the recording's end: %v", err)
	}
	if _, err := d.GoTo(ctx, at.Icount-3); err != nil {
		t.Fatal(err)
	}
	if _, _, err := d.TakeSnapshot(); vm.KindOf(err) != vm.KindState {
		t.Fatalf("snapshot back in time: %v, want a state error", err)
	}
	// A write in the past forks the time line: the recording ends there
	// and what it holds still verifies.
	if _, err := d.GoTo(ctx, at.Icount-5); err != nil {
		t.Fatal(err)
	}
	setReg(t, d, 0, "a0", 99)
	if j.Recording() || j.Ended() == "" {
		t.Fatalf("recording = %v, ended = %q after a write in the past", j.Recording(), j.Ended())
	}
	if got := reg(t, d, 0, "a0"); got != 99 {
		t.Fatalf("a0 = %d after the unrecorded write, want 99", got)
	}
	s, _ = vm.OpenSession(ctx, st, j.VM().ID())
	if s.VM.State() != vm.StateStopped {
		t.Fatalf("session state %v, want stopped", s.VM.State())
	}
	rep, err := vm.Verify(ctx, s, nil)
	if err != nil || rep.Divergence != nil || rep.Verified == 0 {
		t.Fatalf("verify after the fork: %+v, %v", rep, err)
	}
}

// Devices plugged in from the debugger are recorded where they happened,
// and the recording verifies.
func TestJournalRecordsHotplug(t *testing.T) {
	ctx := context.Background()
	d, syms, j, st := recordedDebugger(t, 100)
	b, err := d.AddBreakpoint(BreakpointSpec{Addr: sym(t, syms, "poke")})
	if err != nil {
		t.Fatal(err)
	}
	want(t, StopStep)(d.Step(ctx, 0, 50))
	rng, err := virtio.ParseSpec("rng:seed=4")
	if err != nil {
		t.Fatal(err)
	}
	slot, err := d.AttachVirtio(rng)
	if err != nil || slot != virtio.Slots-1 {
		t.Fatalf("attach: slot %d, %v", slot, err)
	}
	plugged := d.Icount()
	at := want(t, StopBreakpoint)(d.Continue(ctx))
	// Back before the plug and forward again: the history restores a
	// board without the device, and re-execution plugs it back in.
	slotHolds := func() (kind string) {
		if err := d.Do(func(m *machine.Machine) {
			if b := m.Virtio(slot).Backend(); b != nil {
				kind = b.Kind()
			}
		}); err != nil {
			t.Fatal(err)
		}
		return kind
	}
	if _, err := d.GoTo(ctx, plugged-10); err != nil {
		t.Fatal(err)
	}
	if k := slotHolds(); k != "" {
		t.Fatalf("back before the hot-plug, slot %d holds %q", slot, k)
	}
	if _, err := d.GoTo(ctx, at.Icount); err != nil {
		t.Fatal(err)
	}
	if k := slotHolds(); k != "rng" {
		t.Fatalf("forward again past the hot-plug, slot %d holds %q, want rng", slot, k)
	}
	if err := d.DetachVirtio(slot); err != nil {
		t.Fatal(err)
	}
	if err := d.RemoveBreakpoint(b.ID); err != nil {
		t.Fatal(err)
	}
	if err := d.DetachVirtio(slot); err == nil || !strings.Contains(err.Error(), "slot 7") {
		t.Fatalf("detaching an empty slot: %v", err)
	}
	want(t, StopExit)(d.Continue(ctx))
	s, err := vm.OpenSession(ctx, st, j.VM().ID())
	if err != nil {
		t.Fatal(err)
	}
	n := eventTypes(s)
	if n["DeviceAttached"] != 1 || n["DeviceDetached"] != 1 {
		t.Fatalf("events %v, want one attach and one detach", n)
	}
	rep, err := vm.Verify(ctx, s, nil)
	if err != nil || rep.Divergence != nil || rep.Verified != rep.Checkpoints {
		t.Fatalf("verify: %+v, %v", rep, err)
	}
}

func TestSnapshotNeedsARecording(t *testing.T) {
	d, _ := newTestDebugger(t, 1)
	if _, _, err := d.TakeSnapshot(); vm.KindOf(err) != vm.KindState || !strings.Contains(err.Error(), "not recorded") {
		t.Fatalf("snapshot without a journal: %v", err)
	}
}
