package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/google/uuid"

	"vmcore/debugger"
	"vmcore/ui"
	"vmcore/vm"
	"vmcore/vm/machine"
)

// recordEcho records echo.elf fed "hello q" (console input events,
// checkpoints every 50 instructions, a snapshot every second one) and
// returns the data directory and the session id.
func recordEcho(t *testing.T) (string, string) {
	t.Helper()
	dir := t.TempDir()
	ctx := context.Background()
	status, _, errs := runCLI(t, ctx, "hello q", "run", "--data-dir", dir, "--checkpoint-every", "50",
		"--snapshot-every", "2", progDir+"/echo.elf")
	if status != 0 {
		t.Fatalf("run: status %d, stderr %q", status, errs)
	}
	_, out, _ := runCLI(t, ctx, "", "sessions", "--json", "--data-dir", dir)
	var sums []vm.Summary
	if err := json.Unmarshal([]byte(out), &sums); err != nil || len(sums) != 1 {
		t.Fatalf("sessions: %v %q", err, out)
	}
	return dir, sums[0].ID.String()
}

// TestReplayDebuggerMatchesReplayTo checks the screen's replay (a
// debugger whose History re-injects the recorded events, seeded with the
// stored snapshots) against vm.ReplayTo at icounts before, between and
// after the inputs, going forwards and backwards.
func TestReplayDebuggerMatchesReplayTo(t *testing.T) {
	dir, id := recordEcho(t)
	ctx := context.Background()
	st, uid, err := openSessionStore(ctx, dir, id)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s, err := vm.OpenSession(ctx, st, uid)
	if err != nil {
		t.Fatal(err)
	}
	var inputs []uint64
	for _, e := range s.Events {
		if in, ok := e.(vm.ConsoleInput); ok {
			inputs = append(inputs, in.Pos.Icount)
		}
	}
	end := s.VM.Icount()
	if len(inputs) == 0 || end == 0 {
		t.Fatalf("the recording has no input (%v) or no end (%d)", inputs, end)
	}
	d, m, err := replayDebugger(ctx, st, s, debugger.RecorderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	defer d.Close()
	targets := []uint64{end, 1, inputs[0] + 1, end - 1, inputs[len(inputs)-1] + 3, 7, end}
	for _, n := range targets {
		if _, err := d.GoTo(ctx, n); err != nil {
			t.Fatalf("go to %d: %v", n, err)
		}
		want, _, err := vm.ReplayTo(ctx, st, s, n, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got, wantHash [machine.HashSize]byte
		var gotN uint64
		d.Do(func(m *machine.Machine) { got, gotN = m.StateHash(), m.Icount() })
		wantHash = want.StateHash()
		want.Close()
		if gotN != n || got != wantHash {
			t.Fatalf("at icount %d (reached %d): the screen's replay differs from vm.ReplayTo", n, gotN)
		}
	}
}

func TestReplayMarksAndEvents(t *testing.T) {
	events := []vm.Event{
		vm.VMCreated{Program: "p.elf", ImageFormat: "elf", Image: []byte{1, 2}},
		vm.Started{},
		vm.ConsoleInput{Pos: machine.Pos{Icount: 30}, Bytes: []byte("h\n")},
		vm.Checkpoint{Icount: 50, Hash: "00112233445566778899"},
		vm.BreakpointAdded{Icount: 60, Addr: 0x80000010},
		vm.Paused{Icount: 70, Reason: "user", PC: 0x80000010},
		vm.MemoryPatched{Icount: 70, Addr: 0x80001000, Bytes: []byte{1, 2, 3}},
		vm.RegisterPatched{Icount: 70, Reg: vm.RegPC, Value: 0x80000020},
		vm.BreakpointAdded{Icount: 80, Addr: 0x80000010},
		vm.Halted{Icount: 99, ExitCode: 0, Source: "finisher"},
	}
	marks := replayMarks(events)
	want := []ui.Mark{
		{Icount: 30, Kind: ui.MarkInput}, {Icount: 50, Kind: ui.MarkCheckpoint},
		{Icount: 70, Kind: ui.MarkInput}, {Icount: 70, Kind: ui.MarkInput}, {Icount: 70, Kind: ui.MarkPause},
		{Icount: 99, Kind: ui.MarkEnd},
	}
	if len(marks) != len(want) {
		t.Fatalf("marks %+v, want %d of them", marks, len(want))
	}
	for i := range want {
		if marks[i].Icount != want[i].Icount || marks[i].Kind != want[i].Kind {
			t.Errorf("mark %d = %+v, want %+v", i, marks[i], want[i])
		}
	}
	evs := replayEvents(events)
	for _, w := range []string{`"h\n"`, "3 bytes at 0x80001000", "hart 0 pc = 0x80000020", "user at pc 0x80000010", "state 0011223344556677…", "exit code 0 (finisher), pc 0x0"} {
		found := false
		for _, e := range evs {
			found = found || e.Summary == w
		}
		if !found {
			t.Errorf("no event summary %q in %+v", w, evs)
		}
	}
	if bps := recordedBreakpoints(events); len(bps) != 1 || bps[0] != 0x80000010 {
		t.Errorf("recorded breakpoints %#x, want the one address once", bps)
	}
}

// TestScanBreakpointHits adds a recorded breakpoint to a real session and
// checks that the scan finds every time the guest reached it.
func TestScanBreakpointHits(t *testing.T) {
	dir, id := recordEcho(t)
	ctx := context.Background()
	st, uid, err := openSessionStore(ctx, dir, id)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s, err := vm.OpenSession(ctx, st, uid)
	if err != nil {
		t.Fatal(err)
	}
	img, err := s.VM.Created().ParseImage()
	if err != nil {
		t.Fatal(err)
	}
	trap, ok := img.Symbols.Lookup("trap")
	if !ok {
		t.Fatal("echo.elf has no trap symbol")
	}
	s.Events = append(s.Events, vm.BreakpointAdded{Icount: 0, Addr: trap.Addr})
	end := s.VM.Icount()
	hits, err := scanBreakpointHits(ctx, s, end)
	if err != nil {
		t.Fatal(err)
	}
	// One receive interrupt per input event at least (the UART may
	// gather several bytes into one).
	if len(hits) == 0 {
		t.Fatal("no breakpoint hits found")
	}
	d, m, err := replayDebugger(ctx, st, s, debugger.RecorderOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	defer d.Close()
	for _, h := range hits {
		if h.Kind != ui.MarkBreak || !strings.Contains(h.Label, fmt.Sprintf("%#x", trap.Addr)) {
			t.Errorf("hit %+v", h)
		}
		if _, err := d.GoTo(ctx, h.Icount); err != nil {
			t.Fatal(err)
		}
		var pc uint64
		d.Do(func(m *machine.Machine) { pc = m.Harts()[0].PC() })
		if pc != trap.Addr {
			t.Errorf("at the hit's icount %d pc is %#x, want trap %#x", h.Icount, pc, trap.Addr)
		}
	}
}

func TestReplayScreenNeedsTerminal(t *testing.T) {
	dir, id := recordEcho(t)
	status, _, errs := runCLI(t, context.Background(), "", "replay", "--data-dir", dir, id)
	if status != ExitUsage || !strings.Contains(errs, "needs a terminal") || !strings.Contains(errs, "--verify") {
		t.Errorf("replay without a terminal: status %d, stderr %q", status, errs)
	}
}

func TestSessionLines(t *testing.T) {
	prog, err := os.ReadFile("../../debugger/testdata/prog.elf")
	if err != nil {
		t.Fatal(err)
	}
	hello, err := os.ReadFile(progDir + "/hello.elf")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		created vm.VMCreated
		want    bool
	}{
		{"ELF with DWARF", vm.VMCreated{Program: "prog.elf", ImageFormat: vm.ImageELF, Image: prog}, true},
		{"ELF without DWARF", vm.VMCreated{Program: "hello.elf", ImageFormat: vm.ImageELF, Image: hello}, false},
		{"raw binary", vm.VMCreated{Program: "x.bin", ImageFormat: vm.ImageRaw, Image: prog}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := &vm.Session{VM: vm.Load(uuid.New(), []vm.Event{tc.created})}
			if l := sessionLines(s); (l != nil) != tc.want {
				t.Errorf("lines %v, want some: %v", l, tc.want)
			}
		})
	}
}
