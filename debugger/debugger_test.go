package debugger

import (
	"context"
	"errors"
	"os"
	"sync"
	"testing"

	"vmcore/vm"
	"vmcore/vm/machine"
)

const progELF = "testdata/prog.elf"

// loadProg reads and parses the test guest.
func loadProg(t *testing.T) ([]byte, *machine.Image) {
	t.Helper()
	data, err := os.ReadFile(progELF)
	if err != nil {
		t.Fatal(err)
	}
	img, err := machine.ParseELF(progELF, data)
	if err != nil {
		t.Fatal(err)
	}
	return data, img
}

// newTestDebugger loads the test guest into a fresh machine with the given
// number of harts and returns its debugger and symbols.
func newTestDebugger(t *testing.T, harts int) (*Debugger, *machine.Symbols) {
	t.Helper()
	_, img := loadProg(t)
	m, err := machine.New(machine.Config{Harts: harts, RAMSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Load(img); err != nil {
		t.Fatal(err)
	}
	d := New(m, Options{})
	t.Cleanup(func() {
		d.Close()
		if err := m.Close(); err != nil {
			t.Error(err)
		}
	})
	return d, img.Symbols
}

func sym(t *testing.T, s *machine.Symbols, name string) uint64 {
	t.Helper()
	v, ok := s.Lookup(name)
	if !ok {
		t.Fatalf("no symbol %s", name)
	}
	return v.Addr
}

func reg(t *testing.T, d *Debugger, hart int, name string) uint64 {
	t.Helper()
	i, ok := d.Arch().Lookup(name)
	if !ok {
		t.Fatalf("no register %s", name)
	}
	v, err := d.ReadRegister(hart, i)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func setReg(t *testing.T, d *Debugger, hart int, name string, v uint64) {
	t.Helper()
	i, _ := d.Arch().Lookup(name)
	if err := d.WriteRegister(hart, i, v); err != nil {
		t.Fatal(err)
	}
}

func mustStop(t *testing.T, st Stop, err error, kind StopKind) Stop {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	if st.Kind != kind {
		t.Fatalf("stop = %v, want kind %v", st, kind)
	}
	return st
}

// callSites lists the addresses of the calls inside [lo, hi).
func callSites(t *testing.T, d *Debugger, lo, hi uint64) []uint64 {
	t.Helper()
	code, err := d.ReadMemory(0, lo, int(hi-lo))
	if err != nil {
		t.Fatal(err)
	}
	var out []uint64
	for off := 0; off < len(code); {
		n, call := d.Arch().CallLength(code[off:])
		if n == 0 {
			break
		}
		if call {
			out = append(out, lo+uint64(off))
		}
		off += n
	}
	return out
}

func TestContinueToExit(t *testing.T) {
	d, _ := newTestDebugger(t, 1)
	st := want(t, StopExit)(d.Continue(context.Background()))
	if !st.Passed || st.ExitCode != 0 || st.ExitSource != "finisher" {
		t.Fatalf("exit = %+v, want a pass through the finisher", st)
	}
}

// want checks that a run ended with a stop of the given kind.
func want(t *testing.T, kind StopKind) func(Stop, error) Stop {
	return func(st Stop, err error) Stop {
		t.Helper()
		return mustStop(t, st, err, kind)
	}
}

func TestBreakpointHitsAndConditions(t *testing.T) {
	tests := []struct {
		name      string
		cond      string
		ignore    uint64
		wantHits  int    // stops before the guest exits
		wantFirst string // expression true at the first stop
	}{
		{"plain", "", 0, 5, "a0 == 0 && a1 == 0"},
		{"condition", "a1 == 3", 0, 1, "a1 == 3"},
		{"memory condition", "mem64[counter_addr] == 2", 0, 1, "a1 == 2"},
		{"ignore count", "", 3, 2, "a1 == 3"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d, syms := newTestDebugger(t, 1)
			cond := tc.cond
			if cond != "" {
				cond = replaceAll(cond, "counter_addr", hexAddr(sym(t, syms, "counter")))
			}
			b, err := d.AddBreakpoint(BreakpointSpec{Addr: sym(t, syms, "add"), Cond: cond, Ignore: tc.ignore})
			if err != nil {
				t.Fatal(err)
			}
			stops := 0
			for {
				st, err := d.Continue(context.Background())
				if err != nil {
					t.Fatal(err)
				}
				if st.Kind == StopExit {
					if !st.Passed {
						t.Fatalf("guest failed: %v", st)
					}
					break
				}
				if st.Kind != StopBreakpoint || st.Breakpoint != b.ID || st.PC != b.Addr {
					t.Fatalf("stop = %v, want breakpoint %d at %#x", st, b.ID, b.Addr)
				}
				if stops == 0 {
					if v, err := d.Eval(0, tc.wantFirst); err != nil || v != 1 {
						t.Fatalf("at first stop %q = %d, %v", tc.wantFirst, v, err)
					}
				}
				stops++
			}
			if stops != tc.wantHits {
				t.Fatalf("stopped %d times, want %d", stops, tc.wantHits)
			}
			if got := d.Breakpoints()[0].Hits; got != uint64(tc.wantHits)+tc.ignore {
				t.Fatalf("hit count %d, want %d", got, uint64(tc.wantHits)+tc.ignore)
			}
		})
	}
}

func TestBadConditionIsRejected(t *testing.T) {
	d, syms := newTestDebugger(t, 1)
	for _, c := range []string{"a0 ==", "nosuchreg == 1", "mem64[sp", "1 $ 2"} {
		if _, err := d.AddBreakpoint(BreakpointSpec{Addr: sym(t, syms, "add"), Cond: c}); vm.KindOf(err) != vm.KindDebugger {
			t.Errorf("condition %q: err = %v, want a debugger error", c, err)
		}
	}
}

func TestRemoveBreakpoint(t *testing.T) {
	d, syms := newTestDebugger(t, 1)
	b, err := d.AddBreakpoint(BreakpointSpec{Addr: sym(t, syms, "add")})
	if err != nil {
		t.Fatal(err)
	}
	want(t, StopBreakpoint)(d.Continue(context.Background()))
	if err := d.RemoveBreakpoint(b.ID); err != nil {
		t.Fatal(err)
	}
	if err := d.RemoveBreakpoint(b.ID); vm.KindOf(err) != vm.KindNotFound {
		t.Fatalf("second delete: %v, want not found", err)
	}
	want(t, StopExit)(d.Continue(context.Background()))
}

func TestWatchpoints(t *testing.T) {
	tests := []struct {
		kind       WatchKind
		wantWrite  bool
		wantOldNew [2]uint64
		wantFunc   string // function the access happened in
	}{
		{WatchWrite, true, [2]uint64{0, 10}, "poke"},
		{WatchRead, false, [2]uint64{10, 10}, "peek"},
		{WatchAccess, true, [2]uint64{0, 10}, "poke"},
	}
	for _, tc := range tests {
		t.Run(tc.kind.String(), func(t *testing.T) {
			d, syms := newTestDebugger(t, 1)
			addr := sym(t, syms, "watched")
			w, err := d.AddWatchpoint(WatchpointSpec{Addr: addr, Len: 8, Kind: tc.kind})
			if err != nil {
				t.Fatal(err)
			}
			// A neighbour in the same page must not trigger it.
			st := want(t, StopWatchpoint)(d.Continue(context.Background()))
			h := st.Watch
			if h.ID != w.ID || h.Write != tc.wantWrite || h.Old != tc.wantOldNew[0] || h.New != tc.wantOldNew[1] || h.AccessAddr != addr {
				t.Fatalf("hit = %+v, want write=%v old/new %v at %#x", h, tc.wantWrite, tc.wantOldNew, addr)
			}
			lo := sym(t, syms, tc.wantFunc)
			if st.PC <= lo || st.PC > lo+0x20 {
				t.Fatalf("stopped at %#x, want just after the access in %s (%#x)", st.PC, tc.wantFunc, lo)
			}
			if err := d.RemoveWatchpoint(w.ID); err != nil {
				t.Fatal(err)
			}
			want(t, StopExit)(d.Continue(context.Background()))
		})
	}
}

func TestWatchpointPartialOverlap(t *testing.T) {
	// Watch only the second byte of watched: the 8-byte store of 10 leaves
	// it 0, the later store of 138 leaves it 0 too, so old/new are bytes.
	d, syms := newTestDebugger(t, 1)
	addr := sym(t, syms, "watched")
	if _, err := d.AddWatchpoint(WatchpointSpec{Addr: addr, Len: 1, Kind: WatchWrite}); err != nil {
		t.Fatal(err)
	}
	st := want(t, StopWatchpoint)(d.Continue(context.Background()))
	if st.Watch.Old != 0 || st.Watch.New != 10 {
		t.Fatalf("first byte old/new = %d/%d, want 0/10", st.Watch.Old, st.Watch.New)
	}
	st = want(t, StopWatchpoint)(d.Continue(context.Background()))
	if st.Watch.Old != 10 || st.Watch.New != 138 {
		t.Fatalf("second write old/new = %d/%d, want 10/138", st.Watch.Old, st.Watch.New)
	}
}

func TestBadWatchpoints(t *testing.T) {
	d, _ := newTestDebugger(t, 1)
	for _, s := range []WatchpointSpec{
		{Addr: 0x10, Len: 8, Kind: WatchWrite},            // not RAM
		{Addr: 0x80000000, Len: 0, Kind: WatchWrite},      // empty
		{Addr: 0x80000000, Len: 1 << 30, Kind: WatchRead}, // too long
		{Addr: 0x80000000, Len: 4, Kind: 7},               // bad kind
	} {
		if _, err := d.AddWatchpoint(s); err == nil {
			t.Errorf("%+v accepted", s)
		}
	}
}

func TestStepNextFinishRunTo(t *testing.T) {
	d, syms := newTestDebugger(t, 1)
	ctx := context.Background()
	start, mainAddr := sym(t, syms, "_start"), sym(t, syms, "main")
	want(t, StopStep)(d.RunTo(ctx, start))
	if pc := reg(t, d, 0, "pc"); pc != start {
		t.Fatalf("run to _start: pc %#x", pc)
	}
	// Step to the call of main one instruction at a time, checking each pc
	// against the instruction length.
	calls := callSites(t, d, start, start+0x20)
	if len(calls) == 0 {
		t.Fatal("no call in _start")
	}
	for pc := start; pc < calls[0]; {
		code, _ := d.ReadMemory(0, pc, 4)
		n, _ := d.Arch().CallLength(code)
		st := want(t, StopStep)(d.Step(ctx, 0, 1))
		if st.PC != pc+uint64(n) {
			t.Fatalf("step from %#x: pc %#x, want %#x", pc, st.PC, pc+uint64(n))
		}
		pc = st.PC
	}
	if st := want(t, StopStep)(d.Step(ctx, 0, 1)); st.PC != mainAddr {
		t.Fatalf("step into call: pc %#x, want main %#x", st.PC, mainAddr)
	}
	// Next over the first call in main (add) lands after it with add's
	// result in a0.
	mcalls := callSites(t, d, mainAddr, mainAddr+0x100)
	want(t, StopStep)(d.RunTo(ctx, mcalls[0]))
	n, _ := d.Arch().CallLength(must(d.ReadMemory(0, mcalls[0], 4)))
	if st := want(t, StopStep)(d.Next(ctx, 0)); st.PC != mcalls[0]+uint64(n) {
		t.Fatalf("next: pc %#x, want %#x", st.PC, mcalls[0]+uint64(n))
	}
	// Next on an ordinary instruction is a step.
	before := reg(t, d, 0, "pc")
	if st := want(t, StopStep)(d.Next(ctx, 0)); st.PC == before {
		t.Fatal("next did not move")
	}
	// Finish out of the outermost fact(5) returns 120; the recursive calls
	// in between hit the same return address with a lower stack.
	fact := sym(t, syms, "fact")
	want(t, StopStep)(d.RunTo(ctx, fact))
	ra := reg(t, d, 0, "ra")
	if a0 := reg(t, d, 0, "a0"); a0 != 5 {
		t.Fatalf("fact called with %d, want 5", a0)
	}
	st := want(t, StopStep)(d.Finish(ctx, 0))
	if st.PC != ra || reg(t, d, 0, "a0") != 120 {
		t.Fatalf("finish: pc %#x a0 %d, want %#x and 120", st.PC, reg(t, d, 0, "a0"), ra)
	}
	want(t, StopExit)(d.Continue(ctx))
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestStepCountsAndBreakpointOnTheWay(t *testing.T) {
	d, syms := newTestDebugger(t, 1)
	ctx := context.Background()
	i0 := d.Icount()
	want(t, StopStep)(d.Step(ctx, 0, 7))
	if got := d.Icount() - i0; got != 7 {
		t.Fatalf("step 7 retired %d", got)
	}
	b, _ := d.AddBreakpoint(BreakpointSpec{Addr: sym(t, syms, "main")})
	st := want(t, StopBreakpoint)(d.Step(ctx, 0, 1000))
	if st.Breakpoint != b.ID {
		t.Fatalf("stop %v, want breakpoint %d", st, b.ID)
	}
}

func TestRunUntilAndGoTo(t *testing.T) {
	d, syms := newTestDebugger(t, 1)
	ctx := context.Background()
	st := want(t, StopLimit)(d.RunUntil(ctx, 20))
	if st.Icount != 20 {
		t.Fatalf("icount %d, want 20", st.Icount)
	}
	// GoTo passes breakpoints.
	d.AddBreakpoint(BreakpointSpec{Addr: sym(t, syms, "add")})
	if st := want(t, StopStep)(d.GoTo(ctx, 200)); st.Icount != 200 {
		t.Fatalf("goto: icount %d", st.Icount)
	}
	if _, err := d.GoTo(ctx, 10); !errors.Is(err, ErrNoHistory) {
		t.Fatalf("goto backwards without history: %v", err)
	}
	if _, err := d.ReverseStep(ctx, 0); !errors.Is(err, ErrNoHistory) {
		t.Fatalf("reverse step: %v", err)
	}
	if _, err := d.ReverseContinue(ctx); !errors.Is(err, ErrNoHistory) {
		t.Fatalf("reverse continue: %v", err)
	}
}

// fakeHistory records seeks; it cannot really restore state, which the
// test does not need.
type fakeHistory struct{ seeks []uint64 }

func (f *fakeHistory) Seek(_ context.Context, n uint64) error {
	f.seeks = append(f.seeks, n)
	return nil
}
func (f *fakeHistory) Oldest() uint64 { return 0 }

func TestHistoryIsUsedBackwards(t *testing.T) {
	data, _ := os.ReadFile(progELF)
	img, _ := machine.ParseELF(progELF, data)
	m, err := machine.New(machine.Config{RAMSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	m.Load(img)
	h := &fakeHistory{}
	d := New(m, Options{History: h})
	defer d.Close()
	ctx := context.Background()
	want(t, StopLimit)(d.RunUntil(ctx, 50))
	if !d.HasHistory() {
		t.Fatal("HasHistory false")
	}
	want(t, StopStep)(d.GoTo(ctx, 30))
	want(t, StopStep)(d.ReverseStep(ctx, 0))
	if len(h.seeks) != 2 || h.seeks[0] != 30 || h.seeks[1] != 49 {
		t.Fatalf("seeks = %v, want [30 49]", h.seeks)
	}
}

func TestPauseFromAnotherGoroutine(t *testing.T) {
	d, syms := newTestDebugger(t, 2)
	// Send hart 0 into the endless loop too, so nothing ends the run.
	setReg(t, d, 0, "pc", sym(t, syms, "spin"))
	sub := d.Subscribe(8)
	defer sub.Close()
	done := make(chan Stop)
	go func() {
		st, err := d.Continue(context.Background())
		if err != nil {
			t.Error(err)
		}
		done <- st
	}()
	if ev := <-sub.C; !ev.Running {
		t.Fatalf("first event %+v, want running", ev)
	}
	// Reads are served while it runs.
	if _, err := d.ReadRegister(1, 9); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Continue(context.Background()); vm.KindOf(err) != vm.KindState {
		t.Fatalf("second continue: %v, want a state error", err)
	}
	d.Pause()
	st := <-done
	if st.Kind != StopPause {
		t.Fatalf("stop %v, want pause", st)
	}
	if ev := <-sub.C; ev.Running || ev.Stop.Kind != StopPause {
		t.Fatalf("event %+v, want the pause stop", ev)
	}
	if d.Running() {
		t.Fatal("still running")
	}
	// A cancelled context pauses too.
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for !d.Running() {
		}
		cancel()
	}()
	want(t, StopPause)(d.Continue(ctx))
}

func TestStepSecondHart(t *testing.T) {
	d, syms := newTestDebugger(t, 2)
	ctx := context.Background()
	spin := sym(t, syms, "spin")
	// Park hart 0 in the loop too so the guest never exits, then step
	// hart 1 through the boot ROM into its loop.
	setReg(t, d, 0, "pc", spin)
	for i := 0; ; i++ {
		if hi, _ := d.HartInfo(1); hi.PC == spin {
			break
		}
		if i == 50 {
			t.Fatal("hart 1 did not reach spin in 50 steps")
		}
		if st := want(t, StopStep)(d.Step(ctx, 1, 1)); st.Hart != 1 {
			t.Fatalf("step of hart 1 reported hart %d", st.Hart)
		}
	}
	s1 := reg(t, d, 1, "s1")
	st := want(t, StopStep)(d.Step(ctx, 1, 2))
	if st.Hart != 1 || reg(t, d, 1, "s1") != s1+1 {
		t.Fatalf("two steps of hart 1: stop %v, s1 %d -> %d", st, s1, reg(t, d, 1, "s1"))
	}
	if _, err := d.Step(ctx, 5, 1); vm.KindOf(err) != vm.KindNotFound {
		t.Fatalf("step of hart 5: %v", err)
	}
}

func TestCatchTraps(t *testing.T) {
	d, syms := newTestDebugger(t, 1)
	ctx := context.Background()
	want(t, StopStep)(d.RunTo(ctx, sym(t, syms, "main")))
	handler := sym(t, syms, "spin")
	i, _ := d.Arch().Lookup("mtvec")
	if err := d.WriteRegister(0, i, handler); err != nil {
		t.Fatal(err)
	}
	if err := d.SetCatchTraps(true); err != nil {
		t.Fatal(err)
	}
	setReg(t, d, 0, "pc", 0x40000000) // nothing there: instruction access fault
	st := want(t, StopTrap)(d.Continue(ctx))
	if st.Cause != 1 || st.PC != handler || reg(t, d, 0, "mepc") != 0x40000000 {
		t.Fatalf("trap %v, want cause 1 at %#x", st, handler)
	}
}

func TestMemoryAccess(t *testing.T) {
	d, syms := newTestDebugger(t, 1)
	table := sym(t, syms, "table")
	b, err := d.ReadMemory(0, table, 16)
	if err != nil || b[0] != 1 || b[8] != 2 {
		t.Fatalf("table = %v, %v", b, err)
	}
	if err := d.WriteMemory(0, table, []byte{42}); err != nil {
		t.Fatal(err)
	}
	if v, _ := d.Eval(0, "mem8["+hexAddr(table)+"]"); v != 42 {
		t.Fatalf("after write mem8 = %d", v)
	}
	// The UART's registers are peeked (LSR reads as transmitter empty).
	if u, err := d.ReadMemory(0, 0x10000000, 8); err != nil || u[5]&0x20 == 0 {
		t.Fatalf("uart = %v, %v", u, err)
	}
	if _, err := d.ReadMemory(0, 0x40000000, 4); vm.KindOf(err) != vm.KindMemory {
		t.Fatalf("unmapped read: %v", err)
	}
	if err := d.WriteMemory(0, 0x10000000, []byte{1}); vm.KindOf(err) != vm.KindMemory {
		t.Fatalf("device write: %v", err)
	}
	// A read that runs off the end of RAM returns what it could.
	end := uint64(0x80000000 + 1<<20)
	if got, err := d.ReadMemory(0, end-4, 8); len(got) != 4 || err == nil {
		t.Fatalf("read across the end of RAM: %d bytes, %v", len(got), err)
	}
}

func TestConcurrentFrontEnds(t *testing.T) {
	d, syms := newTestDebugger(t, 2)
	add := sym(t, syms, "add")
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				d.ReadRegisters(g%2, []int{0, 1, 2, 32})
				d.ReadMemory(0, add, 16)
				b, err := d.AddBreakpoint(BreakpointSpec{Addr: add + 0x1000, Owner: "x"})
				if err == nil {
					d.RemoveBreakpoint(b.ID)
				}
			}
		}()
	}
	for range 5 {
		d.RunUntil(context.Background(), 1000)
	}
	wg.Wait()
}

func TestClosedDebugger(t *testing.T) {
	d, _ := newTestDebugger(t, 1)
	d.Close()
	if _, err := d.Continue(context.Background()); !IsClosed(err) {
		t.Fatalf("continue after close: %v", err)
	}
	if _, err := d.ReadMemory(0, 0x80000000, 4); !IsClosed(err) {
		t.Fatalf("read after close: %v", err)
	}
}

func TestDisabledBreakpointKeepsIDAndHits(t *testing.T) {
	d, syms := newTestDebugger(t, 1)
	b, err := d.AddBreakpoint(BreakpointSpec{Addr: sym(t, syms, "add")})
	if err != nil {
		t.Fatal(err)
	}
	if !b.Enabled {
		t.Fatal("a new breakpoint is disabled")
	}
	want(t, StopBreakpoint)(d.Continue(context.Background()))
	if err := d.EnableBreakpoint(b.ID, false); err != nil {
		t.Fatal(err)
	}
	got := d.Breakpoints()[0]
	if got.ID != b.ID || got.Enabled || got.Placed || got.Hits != 1 {
		t.Fatalf("after disable: %+v, want id %d, disabled, not placed, 1 hit", got, b.ID)
	}
	// Disabled, the remaining four calls of add run through to the exit.
	st := want(t, StopExit)(d.Continue(context.Background()))
	if !st.Passed {
		t.Fatalf("guest failed: %v", st)
	}
	if err := d.EnableBreakpoint(b.ID+100, true); vm.KindOf(err) != vm.KindNotFound {
		t.Fatalf("enable of a missing breakpoint: %v, want not found", err)
	}
}

func TestReenabledBreakpointStopsAgain(t *testing.T) {
	d, syms := newTestDebugger(t, 1)
	b, err := d.AddBreakpoint(BreakpointSpec{Addr: sym(t, syms, "add")})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.EnableBreakpoint(b.ID, false); err != nil {
		t.Fatal(err)
	}
	if err := d.EnableBreakpoint(b.ID, true); err != nil {
		t.Fatal(err)
	}
	st := want(t, StopBreakpoint)(d.Continue(context.Background()))
	if st.Breakpoint != b.ID {
		t.Fatalf("stopped at breakpoint %d, want %d", st.Breakpoint, b.ID)
	}
}
