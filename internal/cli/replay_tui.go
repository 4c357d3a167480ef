package cli

import (
	"context"
	"fmt"
	"sync"

	"vmcore/debugger"
	"vmcore/themes"
	"vmcore/ui"
	"vmcore/vm"
	"vmcore/vm/machine"
)

// maxReplaySnapshots bounds the stored snapshots a replay screen loads
// (evenly spread over the session): each holds the guest's non-zero RAM.
const maxReplaySnapshots = 64

// replayScreen opens the workstation screen on a recorded session: the
// machine is rebuilt from the recording, a History replays its outside
// events wherever the screen goes, and the timeline shows its checkpoints,
// pauses, inputs and breakpoint hits.
func replayScreen(ctx context.Context, st vm.SessionStore, s *vm.Session, theme string, env Env) int {
	if theme != "" {
		if _, err := themes.Get(theme); err != nil {
			fmt.Fprintf(env.Err, "vmcore replay: --theme: %v\n", err)
			return ExitUsage
		}
	}
	d, m, err := replayDebugger(ctx, st, s, debugger.RecorderOptions{})
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	defer m.Close()
	defer d.Close()
	end := s.VM.Icount()
	bps := recordedBreakpoints(s.Events)
	for _, a := range bps {
		if _, err := d.AddBreakpoint(debugger.BreakpointSpec{Addr: a, Owner: "ui"}); err != nil {
			fmt.Fprintf(env.Err, "vmcore: recorded breakpoint at %#x: %v\n", a, err)
			return ExitError
		}
	}
	b, err := ui.NewReplayBackend(d, ui.ReplayOptions{
		MachineOptions: ui.MachineOptions{SessionID: s.ID.String(), Lines: sessionLines(s)},
		End:            end,
		Events:         replayEvents(s.Events),
		Marks:          replayMarks(s.Events),
	})
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	defer b.Close()
	sctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() { cancel(); wg.Wait() }()
	if len(bps) > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Marks are an aid: a scan that fails leaves the timeline
			// without breakpoint hits, and the screen says nothing.
			if hits, err := scanBreakpointHits(sctx, s, end); err == nil {
				b.AddMarks(hits)
			}
		}()
	}
	err = ui.Run(ctx, b, ui.RunOptions{Options: ui.Options{Theme: theme}, Input: env.In, Output: env.Out})
	cancel()
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	return ExitOK
}

// sessionLines reads the DWARF line tables of the session's program, so
// that the disassembly shows source lines; nil when it has none.
func sessionLines(s *vm.Session) *machine.Lines {
	c := s.VM.Created()
	return programLines(c.ImageFormat, c.Program, c.Image)
}

// programLines reads the DWARF line tables of a program stored as format
// (vm.ImageELF or vm.ImageRaw); nil when it has none. The screen shows
// instructions only then, so a missing or damaged table is no error.
func programLines(format, name string, data []byte) *machine.Lines {
	if format != vm.ImageELF {
		return nil
	}
	l, err := machine.ReadLines(name, data)
	if err != nil {
		return nil
	}
	return l
}

// replayDebugger builds the session's machine and a debugger whose
// History replays the session, preloaded with the store's snapshots so
// that going to a late icount does not re-execute from zero. The caller
// closes the debugger, then the machine.
func replayDebugger(ctx context.Context, st vm.SnapshotStore, s *vm.Session, ro debugger.RecorderOptions) (*debugger.Debugger, *machine.Machine, error) {
	m, err := s.NewMachine(nil)
	if err != nil {
		return nil, nil, err
	}
	rec, err := debugger.NewReplayRecorder(m, s.Events, ro)
	if err != nil {
		m.Close()
		return nil, nil, err
	}
	if st != nil {
		if err := loadSnapshots(ctx, st, s, rec); err != nil {
			m.Close()
			return nil, nil, err
		}
	}
	return debugger.New(m, debugger.Options{History: rec}), m, nil
}

// loadSnapshots adds the session's stored snapshots to rec, at most
// maxReplaySnapshots of them (a restore plugs back the devices a snapshot
// had, so hot-plugs between snapshots need no care). Only snapshots whose SnapshotTaken event is
// in the session count (as vm.ReplayTo does); a damaged one is skipped,
// since replaying from an earlier point gives the same state, only later.
func loadSnapshots(ctx context.Context, st vm.SnapshotStore, s *vm.Session, rec *debugger.Recorder) error {
	infos, err := st.ListSnapshots(ctx, s.ID)
	if err != nil {
		return vm.Wrap(vm.KindStorage, "list snapshots of", "session "+s.ID.String(), err)
	}
	taken := map[uint64]bool{}
	for _, e := range s.Events {
		if t, ok := e.(vm.SnapshotTaken); ok {
			taken[t.Icount] = true
		}
	}
	var want []uint64
	for _, in := range infos {
		if taken[in.Icount] {
			want = append(want, in.Icount)
		}
	}
	step := max(1, (len(want)+maxReplaySnapshots-1)/maxReplaySnapshots)
	for i := 0; i < len(want); i += step {
		sn, err := st.LoadSnapshot(ctx, s.ID, want[i])
		if err != nil || sn.Icount != want[i] {
			continue
		}
		ms, err := machine.UnmarshalSnapshot(sn.Data)
		if err != nil {
			continue
		}
		rec.AddSnapshot(ms)
	}
	return nil
}

// recordedBreakpoints lists the distinct addresses of BreakpointAdded
// events in the order they were first added.
func recordedBreakpoints(events []vm.Event) []uint64 {
	seen := map[uint64]bool{}
	var out []uint64
	for _, e := range events {
		if b, ok := e.(vm.BreakpointAdded); ok && !seen[b.Addr] {
			seen[b.Addr] = true
			out = append(out, b.Addr)
		}
	}
	return out
}

// replayMarks makes the timeline marks that the events themselves give.
func replayMarks(events []vm.Event) []ui.Mark {
	var out []ui.Mark
	for _, e := range events {
		n := e.At()
		switch e := e.(type) {
		case vm.Checkpoint:
			out = append(out, ui.Mark{Icount: n, Kind: ui.MarkCheckpoint, Label: "checkpoint"})
		case vm.ConsoleInput, vm.MemoryPatched, vm.RegisterPatched:
			out = append(out, ui.Mark{Icount: n, Kind: ui.MarkInput, Label: e.EventType()})
		case vm.Paused:
			out = append(out, ui.Mark{Icount: n, Kind: ui.MarkPause, Label: "paused: " + e.Reason})
		case vm.Stopped:
			out = append(out, ui.Mark{Icount: n, Kind: ui.MarkPause, Label: "stopped: " + e.Reason})
		case vm.Halted:
			out = append(out, ui.Mark{Icount: n, Kind: ui.MarkEnd, Label: fmt.Sprintf("halted: exit %d", e.ExitCode)})
		}
	}
	ui.SortMarks(out)
	return out
}

// replayEvents makes the events pane's entries.
func replayEvents(events []vm.Event) []ui.Event {
	out := make([]ui.Event, 0, len(events))
	for i, e := range events {
		out = append(out, ui.Event{Seq: uint64(i), Icount: e.At(), Type: e.EventType(), Summary: vm.EventSummary(e)})
	}
	return out
}

// scanBreakpointHits replays the whole session on a machine of its own
// and returns, as timeline marks, every time a recorded breakpoint's
// address was reached while that breakpoint was set.
func scanBreakpointHits(ctx context.Context, s *vm.Session, end uint64) ([]ui.Mark, error) {
	// No snapshots: this machine only runs forward once.
	d, m, err := replayDebugger(ctx, nil, s, debugger.RecorderOptions{Every: 1 << 62})
	if err != nil {
		return nil, err
	}
	defer m.Close()
	defer d.Close()
	type span struct{ from, to uint64 }
	set := map[uint64][]span{}
	for _, e := range s.Events {
		switch e := e.(type) {
		case vm.BreakpointAdded:
			set[e.Addr] = append(set[e.Addr], span{e.Icount, ^uint64(0)})
		case vm.BreakpointRemoved:
			if l := set[e.Addr]; len(l) > 0 && l[len(l)-1].to == ^uint64(0) {
				l[len(l)-1].to = e.Icount
			}
		}
	}
	for a := range set {
		if _, err := d.AddBreakpoint(debugger.BreakpointSpec{Addr: a}); err != nil {
			return nil, err
		}
	}
	var out []ui.Mark
	for {
		stop, err := d.RunUntil(ctx, end)
		if err != nil {
			return nil, err
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if stop.Kind != debugger.StopBreakpoint {
			return out, nil
		}
		for _, sp := range set[stop.PC] {
			if stop.Icount >= sp.from && stop.Icount < sp.to {
				out = append(out, ui.Mark{Icount: stop.Icount, Kind: ui.MarkBreak, Label: fmt.Sprintf("breakpoint at %#x", stop.PC)})
				break
			}
		}
	}
}
