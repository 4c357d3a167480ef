package debugger

import (
	"context"
	"fmt"
	"os"
	"testing"

	"vmcore/vm/machine"
)

// newRecDebugger is newTestDebugger with a Recorder as History, taking
// snapshots every `every` instructions and keeping at most max. Console
// input is wired through Config.OnInput as the CLI does.
func newRecDebugger(t testing.TB, harts int, every uint64, max int) (*Debugger, *machine.Symbols, *Recorder, *machine.Machine) {
	t.Helper()
	data, err := os.ReadFile(progELF)
	if err != nil {
		t.Fatal(err)
	}
	img, err := machine.ParseELF(progELF, data)
	if err != nil {
		t.Fatal(err)
	}
	var rec *Recorder
	m, err := machine.New(machine.Config{Harts: harts, RAMSize: 1 << 20,
		OnInput: func(n uint64, b []byte) { rec.OnInput(n, b) }})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Load(img); err != nil {
		t.Fatal(err)
	}
	rec = NewRecorder(m, RecorderOptions{Every: every, Max: max})
	d := New(m, Options{History: rec})
	t.Cleanup(func() {
		d.Close()
		if err := m.Close(); err != nil {
			t.Error(err)
		}
	})
	return d, img.Symbols, rec, m
}

// state is what must come back exactly after going back in time.
type state struct {
	icount uint64
	pc     uint64
	regs   []uint64
	hash   [machine.HashSize]byte
}

func capture(t *testing.T, d *Debugger) state {
	t.Helper()
	idx := make([]int, 33) // x0-x31 and pc
	for i := range idx {
		idx[i] = i
	}
	regs, err := d.ReadRegisters(0, idx)
	if err != nil {
		t.Fatal(err)
	}
	var s state
	s.regs = regs
	if err := d.Do(func(m *machine.Machine) {
		s.icount, s.pc, s.hash = m.Icount(), m.Harts()[0].PC(), m.StateHash()
	}); err != nil {
		t.Fatal(err)
	}
	return s
}

func sameState(t *testing.T, what string, got, want state) {
	t.Helper()
	if got.icount != want.icount || got.pc != want.pc || fmt.Sprint(got.regs) != fmt.Sprint(want.regs) || got.hash != want.hash {
		t.Fatalf("%s: at icount %d pc %#x, want icount %d pc %#x (registers equal: %v, state hashes equal: %v)",
			what, got.icount, got.pc, want.icount, want.pc, fmt.Sprint(got.regs) == fmt.Sprint(want.regs), got.hash == want.hash)
	}
}

func TestReverseStepRestoresExactState(t *testing.T) {
	tests := []struct {
		name  string
		steps int
		every uint64
		max   int
	}{
		{"one step", 1, 16, 8},
		{"within first window", 10, 64, 8},
		{"across windows", 90, 16, 64},
		{"thinned snapshots", 150, 8, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, _, rec, _ := newRecDebugger(t, 1, tc.every, tc.max)
			ctx := context.Background()
			states := []state{capture(t, d)}
			for range tc.steps {
				want(t, StopStep)(d.Step(ctx, 0, 1))
				states = append(states, capture(t, d))
			}
			if rec.Snapshots() > tc.max+1 || (uint64(tc.steps) >= 2*tc.every && rec.Snapshots() < 2) {
				t.Fatalf("%d snapshots kept after %d steps, every %d, max %d", rec.Snapshots(), tc.steps, tc.every, tc.max)
			}
			for i := len(states) - 2; i >= 0; i-- {
				st := want(t, StopStep)(d.ReverseStep(ctx, 0))
				if st.Icount != states[i].icount || st.PC != states[i].pc {
					t.Fatalf("reverse step to %d: stop %v", i, st)
				}
				sameState(t, fmt.Sprintf("reverse step to step %d", i), capture(t, d), states[i])
			}
			if _, err := d.ReverseStep(ctx, 0); err == nil {
				t.Fatal("reverse step before the oldest point succeeded")
			}
			// Forward again retraces the same states.
			for i := 1; i < len(states); i++ {
				want(t, StopStep)(d.Step(ctx, 0, 1))
				sameState(t, fmt.Sprintf("step %d again", i), capture(t, d), states[i])
			}
		})
	}
}

func TestGoToBackAndForth(t *testing.T) {
	d, _, _, _ := newRecDebugger(t, 1, 32, 6)
	ctx := context.Background()
	marks := map[uint64]state{}
	for _, n := range []uint64{0, 5, 33, 64, 100, 250} {
		want(t, StopStep)(d.GoTo(ctx, n))
		marks[n] = capture(t, d)
	}
	want(t, StopExit)(d.Continue(ctx))
	for _, n := range []uint64{100, 5, 250, 0, 64, 33, 250} {
		want(t, StopStep)(d.GoTo(ctx, n))
		sameState(t, fmt.Sprintf("go to %d", n), capture(t, d), marks[n])
	}
}

func TestReverseContinue(t *testing.T) {
	tests := []struct {
		name    string
		fn      string // breakpoint function, or watch the global "watched"
		cond    string
		watch   WatchKind
		forward int // stops to run forward first
	}{
		{name: "breakpoint", fn: "add", forward: 4},
		{name: "conditional breakpoint", fn: "add", cond: "a1 >= 2", forward: 3},
		{name: "write watchpoint", watch: WatchWrite, forward: 2},
		{name: "access watchpoint", watch: WatchAccess, forward: 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, syms, _, _ := newRecDebugger(t, 1, 16, 8)
			ctx := context.Background()
			kind := StopBreakpoint
			if tc.watch != 0 {
				kind = StopWatchpoint
				if _, err := d.AddWatchpoint(WatchpointSpec{Addr: sym(t, syms, "watched"), Len: 8, Kind: tc.watch}); err != nil {
					t.Fatal(err)
				}
			} else if _, err := d.AddBreakpoint(BreakpointSpec{Addr: sym(t, syms, tc.fn), Cond: tc.cond}); err != nil {
				t.Fatal(err)
			}
			var stops []Stop
			var states []state
			for range tc.forward {
				stops = append(stops, want(t, kind)(d.Continue(ctx)))
				states = append(states, capture(t, d))
			}
			// Go a little further, then back over every hit.
			want(t, StopStep)(d.Step(ctx, 0, 3))
			for i := len(stops) - 1; i >= 0; i-- {
				st := want(t, kind)(d.ReverseContinue(ctx))
				if st.Icount != stops[i].Icount || st.PC != stops[i].PC || st.Breakpoint != stops[i].Breakpoint {
					t.Fatalf("reverse continue %d: %v, want %v", i, st, stops[i])
				}
				if tc.watch != 0 && *st.Watch != *stops[i].Watch {
					t.Fatalf("reverse continue %d: watch hit %+v, want %+v", i, *st.Watch, *stops[i].Watch)
				}
				sameState(t, fmt.Sprintf("reverse continue %d", i), capture(t, d), states[i])
			}
			st := want(t, StopStep)(d.ReverseContinue(ctx))
			if !st.HistoryStart || st.Icount != 0 {
				t.Fatalf("reverse continue past the first hit: %v, want the start of history", st)
			}
			// Forward from the start finds the first hit again.
			if st := want(t, kind)(d.Continue(ctx)); st.Icount != stops[0].Icount {
				t.Fatalf("continue after going back: %v, want %v", st, stops[0])
			}
		})
	}
}

func TestReverseContinueInterrupted(t *testing.T) {
	d, syms, _, _ := newRecDebugger(t, 1, 16, 8)
	if _, err := d.AddBreakpoint(BreakpointSpec{Addr: sym(t, syms, "add")}); err != nil {
		t.Fatal(err)
	}
	want(t, StopBreakpoint)(d.Continue(context.Background()))
	want(t, StopStep)(d.Step(context.Background(), 0, 20))
	before := capture(t, d)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	want(t, StopPause)(d.ReverseContinue(ctx))
	sameState(t, "after an interrupted reverse continue", capture(t, d), before)
	// Not interrupted, it finds the hit.
	want(t, StopBreakpoint)(d.ReverseContinue(context.Background()))
}

func TestWritesAreReplayed(t *testing.T) {
	d, syms, _, _ := newRecDebugger(t, 1, 16, 8)
	ctx := context.Background()
	want(t, StopStep)(d.GoTo(ctx, 40))
	a0, _ := d.Arch().Lookup("a0")
	if err := d.WriteRegister(0, a0, 77); err != nil {
		t.Fatal(err)
	}
	if err := d.WriteMemory(0, sym(t, syms, "counter"), []byte{9, 0, 0, 0, 0, 0, 0, 0}); err != nil {
		t.Fatal(err)
	}
	atWrite := capture(t, d)
	want(t, StopStep)(d.GoTo(ctx, 100))
	later := capture(t, d)
	want(t, StopStep)(d.GoTo(ctx, 20))
	want(t, StopStep)(d.GoTo(ctx, 40))
	sameState(t, "back at the writes", capture(t, d), atWrite)
	want(t, StopStep)(d.GoTo(ctx, 100))
	sameState(t, "after the writes", capture(t, d), later)

	// A new write in the past starts a new time line: the old future is
	// forgotten and the new one is what going back and forth retraces.
	want(t, StopStep)(d.GoTo(ctx, 30))
	if err := d.WriteRegister(0, a0, 5); err != nil {
		t.Fatal(err)
	}
	want(t, StopStep)(d.GoTo(ctx, 100))
	fresh := capture(t, d)
	if fresh.hash == later.hash {
		t.Fatal("a different write in the past led to the same state")
	}
	want(t, StopStep)(d.GoTo(ctx, 10))
	want(t, StopStep)(d.GoTo(ctx, 100))
	sameState(t, "new time line", capture(t, d), fresh)
}

func TestConsoleInputIsReplayed(t *testing.T) {
	d, _, rec, m := newRecDebugger(t, 1, 16, 8)
	ctx := context.Background()
	want(t, StopStep)(d.GoTo(ctx, 50))
	// The guest never reads the UART, so the bytes stay in its FIFO,
	// which the state hash covers.
	m.SendInput([]byte("hi"))
	want(t, StopStep)(d.GoTo(ctx, 100))
	if len(rec.log) != 1 {
		t.Fatalf("%d outside events recorded, want the one input", len(rec.log))
	}
	withInput := capture(t, d)
	want(t, StopStep)(d.GoTo(ctx, 10))
	noInput := capture(t, d)
	if noInput.hash == withInput.hash {
		t.Fatal("state hash did not change with the input")
	}
	want(t, StopStep)(d.GoTo(ctx, 100))
	sameState(t, "input re-injected", capture(t, d), withInput)
}

func TestReverseContinueNeedsRecorder(t *testing.T) {
	data, _ := os.ReadFile(progELF)
	img, _ := machine.ParseELF(progELF, data)
	m, err := machine.New(machine.Config{RAMSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if err := m.Load(img); err != nil {
		t.Fatal(err)
	}
	d := New(m, Options{History: &fakeHistory{}})
	defer d.Close()
	if _, err := d.ReverseContinue(context.Background()); err == nil {
		t.Fatal("reverse continue with a foreign History succeeded")
	}
}

// BenchmarkReverseStep measures one reverse step (restore plus
// re-execution) after running n instructions with the default snapshot
// interval. The guest spins in a register-only loop, so it measures the
// re-execution distance rather than RAM size.
func BenchmarkReverseStep(b *testing.B) {
	for _, n := range []uint64{1e8, 1e9} {
		b.Run(fmt.Sprintf("after_%.0e", float64(n)), func(b *testing.B) {
			d, syms, rec, _ := newRecDebugger(b, 1, 0, 0)
			ctx := context.Background()
			spin, ok := syms.Lookup("spin")
			if !ok {
				b.Fatal("no symbol spin")
			}
			pc, _ := d.Arch().Lookup("pc")
			if err := d.WriteRegister(0, pc, spin.Addr); err != nil {
				b.Fatal(err)
			}
			if _, err := d.GoTo(ctx, n); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := d.ReverseStep(ctx, 0); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				if _, err := d.Step(ctx, 0, 1); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(rec.Snapshots()), "snapshots")
			b.ReportMetric(float64(rec.Bytes()), "snapshot-bytes")
		})
	}
}
