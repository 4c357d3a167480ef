package debugger

import (
	"context"
	"fmt"
	"testing"

	"vmcore/vm"
	"vmcore/vm/machine"
)

func TestReverseNext(t *testing.T) {
	ctx := context.Background()
	d, syms, _, _ := newRecDebugger(t, 1, 16, 8)
	add := sym(t, syms, "add")
	bp, err := d.AddBreakpoint(BreakpointSpec{Addr: add})
	if err != nil {
		t.Fatal(err)
	}
	// Twice into add, so that the call has run before in another frame
	// iteration: reverse next must find the latest one.
	want(t, StopBreakpoint)(d.Continue(ctx))
	want(t, StopBreakpoint)(d.Continue(ctx))
	if err := d.EnableBreakpoint(bp.ID, false); err != nil {
		t.Fatal(err)
	}
	want(t, StopStep)(d.ReverseStep(ctx, 0))
	atCall := capture(t, d) // the call instruction, about to run
	want(t, StopStep)(d.Step(ctx, 0, 1))
	want(t, StopStep)(d.Finish(ctx, 0))
	back := capture(t, d) // just returned from add
	want(t, StopStep)(d.Step(ctx, 0, 1))
	after := capture(t, d)

	tests := []struct {
		name string
		from state
		want state
	}{
		{"sequential instruction: one step back", after, back},
		{"just after a call returned: back to the call", back, atCall},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want(t, StopStep)(d.GoTo(ctx, tc.from.icount))
			sameState(t, "start", capture(t, d), tc.from)
			want(t, StopStep)(d.ReverseNext(ctx, 0))
			sameState(t, "reverse next", capture(t, d), tc.want)
		})
	}
	want(t, StopStep)(d.GoTo(ctx, 0))
	if _, err := d.ReverseNext(ctx, 0); err == nil {
		t.Error("reverse next at the start of history: no error")
	}
	if _, err := d.ReverseNext(ctx, 3); err == nil {
		t.Error("reverse next of hart 3 on a one-hart machine: no error")
	}
}

func TestReverseNextNeedsHistory(t *testing.T) {
	d, _ := newTestDebugger(t, 1)
	if _, err := d.ReverseNext(context.Background(), 0); err != ErrNoHistory {
		t.Fatalf("without history: %v, want ErrNoHistory", err)
	}
}

// newReplayDebugger loads the test guest into a fresh machine whose
// Recorder is preloaded with events.
func newReplayDebugger(t *testing.T, events []vm.Event) (*Debugger, *machine.Symbols, *Recorder, error) {
	t.Helper()
	_, img := loadProg(t)
	m, err := machine.New(machine.Config{RAMSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	if err := m.Load(img); err != nil {
		t.Fatal(err)
	}
	rec, err := NewReplayRecorder(m, events, RecorderOptions{Every: 16})
	if err != nil {
		return nil, nil, nil, err
	}
	d := New(m, Options{History: rec})
	t.Cleanup(func() { d.Close() })
	return d, img.Symbols, rec, nil
}

func TestReplayRecorderReappliesEvents(t *testing.T) {
	ctx := context.Background()
	// The reference: a live run with the writes made at icounts 40 and 90.
	live, syms, _, _ := newRecDebugger(t, 1, 16, 8)
	table := sym(t, syms, "table")
	a0, _ := live.Arch().Lookup("a5")
	want(t, StopStep)(live.GoTo(ctx, 40))
	if err := live.WriteMemory(0, table, []byte{9}); err != nil {
		t.Fatal(err)
	}
	want(t, StopStep)(live.GoTo(ctx, 90))
	if err := live.WriteRegister(0, a0, 0x77); err != nil {
		t.Fatal(err)
	}
	marks := map[uint64]state{}
	for _, n := range []uint64{10, 40, 41, 90, 91, 200} {
		want(t, StopStep)(live.GoTo(ctx, n))
		marks[n] = capture(t, live)
	}

	events := []vm.Event{
		vm.Checkpoint{Icount: 5},
		vm.MemoryPatched{Icount: 40, Addr: table, Bytes: []byte{9}},
		vm.RegisterPatched{Icount: 90, Reg: 15, Value: 0x77},
		vm.Paused{Icount: 120},
	}
	d, _, rec, err := newReplayDebugger(t, events)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Newest() != 90 {
		t.Errorf("Newest = %d, want the last logged event at 90", rec.Newest())
	}
	// Forwards, backwards and forwards again: each icount shows the
	// live run's state.
	for _, n := range []uint64{200, 10, 41, 40, 91, 90, 200, 41} {
		want(t, StopStep)(d.GoTo(ctx, n))
		sameState(t, fmt.Sprintf("go to %d", n), capture(t, d), marks[n])
	}
}

func TestReplayRecorderBadEvents(t *testing.T) {
	tests := []struct {
		name   string
		events []vm.Event
	}{
		{"out of order", []vm.Event{
			vm.MemoryPatched{Icount: 40, Addr: 0x80000000, Bytes: []byte{1}},
			vm.RegisterPatched{Icount: 30, Reg: 5, Value: 1},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, _, err := newReplayDebugger(t, tc.events); err == nil {
				t.Fatal("no error")
			}
		})
	}
}

func TestReplayRecorderSnapshots(t *testing.T) {
	ctx := context.Background()
	// Snapshots taken by another machine on the same time line.
	other, _, _, _ := newRecDebugger(t, 1, 1<<40, 8)
	var snaps []*machine.Snapshot
	var marks []state
	for _, n := range []uint64{100, 300} {
		want(t, StopStep)(other.GoTo(ctx, n))
		marks = append(marks, capture(t, other))
		if err := other.Do(func(m *machine.Machine) { snaps = append(snaps, m.Snapshot()) }); err != nil {
			t.Fatal(err)
		}
	}
	d, _, rec, err := newReplayDebugger(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Do(func(*machine.Machine) {
		rec.AddSnapshot(snaps[1])
		rec.AddSnapshot(snaps[0])
		rec.AddSnapshot(snaps[0]) // a duplicate is ignored
	}); err != nil {
		t.Fatal(err)
	}
	if rec.Snapshots() != 3 || rec.Newest() != 300 {
		t.Fatalf("after adding: %d snapshots, newest %d; want 3 and 300", rec.Snapshots(), rec.Newest())
	}
	skips := []struct {
		cur, to uint64
		want    bool
	}{
		{0, 300, true}, {0, 100, true}, {0, 99, false}, {100, 110, false}, {250, 300, true}, {300, 250, false},
	}
	for _, s := range skips {
		if got := rec.SkipsAhead(s.cur, s.to); got != s.want {
			t.Errorf("SkipsAhead(%d, %d) = %v, want %v", s.cur, s.to, got, s.want)
		}
	}
	want(t, StopStep)(d.GoTo(ctx, 300))
	sameState(t, "go to 300", capture(t, d), marks[1])
	want(t, StopStep)(d.GoTo(ctx, 100))
	sameState(t, "go to 100", capture(t, d), marks[0])
}
