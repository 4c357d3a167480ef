package vm

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"vmcore/store"
	"vmcore/store/memstore"
	"vmcore/vm/machine"
)

// record runs prog on a fresh machine, recording into st, with each chunk
// of input sent while the guest idles. It returns the session id and the
// console output.
func record(t *testing.T, st SessionStore, prog string, harts int, input []string, opts RecorderOptions) (uuid.UUID, string) {
	t.Helper()
	data, err := os.ReadFile("machine/testdata/" + prog)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var out bytes.Buffer
	cfg := machine.Config{RAMSize: 16 << 20, Harts: harts, Console: &out, WaitForInput: len(input) > 0}
	v, err := NewSession(ctx, st, cfg, prog, ImageELF, 0, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	rec := NewRecorder(st, v, opts)
	cfg.OnInput = rec.OnInput
	m, err := machine.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	img, err := v.Created().ParseImage()
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Load(img); err != nil {
		t.Fatal(err)
	}
	rec.Attach(m)
	go func() {
		for _, s := range input {
			time.Sleep(3 * time.Millisecond)
			m.SendInput([]byte(s))
		}
	}()
	res, err := rec.Run(ctx, 100_000_000)
	if err != nil {
		t.Fatal(err)
	}
	if !res.Exited() {
		t.Fatalf("recorded run: %+v, console %q", res, out.String())
	}
	return v.ID(), out.String()
}

// copySession copies a session's events (each through change) into a new
// store, without snapshots.
func copySession(t *testing.T, src SessionStore, id uuid.UUID, change func(e Event) Event) *memstore.Store {
	t.Helper()
	s, err := OpenSession(context.Background(), src, id)
	if err != nil {
		t.Fatal(err)
	}
	dst := memstore.New()
	for _, e := range s.Events {
		d, err := EncodeEvent(change(e))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := dst.Append(context.Background(), id, store.Any, d); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

func verify(t *testing.T, st SessionStore, id uuid.UUID) (VerifyReport, string) {
	t.Helper()
	s, err := OpenSession(context.Background(), st, id)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	rep, err := Verify(context.Background(), s, &out)
	if err != nil {
		t.Fatal(err)
	}
	return rep, out.String()
}

func TestRecordAndVerify(t *testing.T) {
	tests := []struct {
		prog  string
		harts int
		input []string
	}{
		{prog: "echo.elf", input: []string{"ab", "c", "xyz", "q"}},
		{prog: "timer.elf"},
		{prog: "smp.elf", harts: 2},
		{prog: "reset.elf"},
	}
	for _, tt := range tests {
		t.Run(tt.prog, func(t *testing.T) {
			st := memstore.New()
			id, out := record(t, st, tt.prog, tt.harts, tt.input, RecorderOptions{CheckpointEvery: 20, SnapshotEvery: 2})
			rep, replayOut := verify(t, st, id)
			if rep.Divergence != nil {
				t.Fatalf("replay of an unchanged recording diverged: %v", rep.Divergence)
			}
			if rep.Checkpoints < 2 || rep.Verified != rep.Checkpoints {
				t.Errorf("verified %d of %d checkpoints", rep.Verified, rep.Checkpoints)
			}
			if replayOut != out {
				t.Errorf("replay console %q, recorded %q", replayOut, out)
			}
			s, err := OpenSession(context.Background(), st, id)
			if err != nil {
				t.Fatal(err)
			}
			if s.VM.State() != StateHalted {
				t.Errorf("session state %v, want halted", s.VM.State())
			}
		})
	}
}

// Changing one input byte, or the icount of one input, is detected at the
// first checkpoint after that input.
func TestPerturbedReplayDiverges(t *testing.T) {
	st := memstore.New()
	id, _ := record(t, st, "echo.elf", 1, []string{"ab", "cd", "q"}, RecorderOptions{CheckpointEvery: 20})
	s, err := OpenSession(context.Background(), st, id)
	if err != nil {
		t.Fatal(err)
	}
	// The second input chunk, and the first checkpoint after it.
	var target ConsoleInput
	var wantAt uint64
	n := 0
	for _, e := range s.Events {
		switch e := e.(type) {
		case ConsoleInput:
			n++
			if n == 2 {
				target = e
			}
		case Checkpoint:
			if n >= 2 && wantAt == 0 {
				wantAt = e.Icount
			}
		}
	}
	if wantAt == 0 {
		t.Fatalf("no checkpoint after the second input in %d events", len(s.Events))
	}
	// A changed byte is only visible in the state at the next checkpoint;
	// a changed position may already fail to line up with a later input
	// (exact: false), which is then the first diverging icount.
	tests := map[string]struct {
		change func(ConsoleInput) ConsoleInput
		exact  bool
	}{
		"byte": {func(c ConsoleInput) ConsoleInput {
			c.Bytes = bytes.Clone(c.Bytes)
			c.Bytes[0] ^= 0x01
			return c
		}, true},
		"cycles": {func(c ConsoleInput) ConsoleInput { c.Pos.Cycles += 10; return c }, false},
		"icount": {func(c ConsoleInput) ConsoleInput { c.Pos.Icount += 3; return c }, false},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			bad := copySession(t, st, id, func(e Event) Event {
				if c, ok := e.(ConsoleInput); ok && c.Pos == target.Pos {
					return tt.change(c)
				}
				return e
			})
			rep, _ := verify(t, bad, id)
			if rep.Divergence == nil {
				t.Fatal("perturbed replay verified")
			}
			got := rep.Divergence.Icount
			if tt.exact && got != wantAt || got < target.Pos.Icount || got > wantAt {
				t.Errorf("diverged at %d (%v), want the checkpoint at %d (input at %d)", got, rep.Divergence, wantAt, target.Pos.Icount)
			}
		})
	}
}

// ReplayTo from the nearest snapshot gives the same state as a replay from
// the image.
func TestReplayToUsesSnapshot(t *testing.T) {
	st := memstore.New()
	id, _ := record(t, st, "timer.elf", 1, nil, RecorderOptions{CheckpointEvery: 10, SnapshotEvery: 1})
	s, err := OpenSession(context.Background(), st, id)
	if err != nil {
		t.Fatal(err)
	}
	target := s.VM.Icount() * 2 / 3
	m, info, err := ReplayTo(context.Background(), st, s, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if info.FromSnapshot == 0 || info.Reached != target {
		t.Errorf("ReplayTo info %+v; want a snapshot start and icount %d", info, target)
	}
	plain := copySession(t, st, id, func(e Event) Event { return e })
	m2, info2, err := ReplayTo(context.Background(), plain, s, target, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer m2.Close()
	if info2.FromSnapshot != 0 {
		t.Errorf("replay without snapshots started at %d", info2.FromSnapshot)
	}
	if m.StateHash() != m2.StateHash() {
		t.Error("state at the target differs between snapshot and image replays")
	}
}

func TestSummarize(t *testing.T) {
	st := memstore.New()
	id, _ := record(t, st, "hello.elf", 1, nil, RecorderOptions{})
	sums, err := Summarize(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	if len(sums) != 1 || sums[0].ID != id || sums[0].Program != "hello.elf" || sums[0].State != "halted" ||
		sums[0].Icount == 0 || sums[0].Events < 4 || sums[0].Size == 0 {
		t.Errorf("Summarize = %+v", sums)
	}
	if _, err := FindSession(context.Background(), st, id.String()[:8]); err != nil {
		t.Error(err)
	}
	if _, err := FindSession(context.Background(), st, "zzzz"); KindOf(err) != KindNotFound {
		t.Errorf("unknown prefix: %v", err)
	}
}

// A divergence in a session recorded under another machine state format
// says so: its hashes cover a different state.
func TestDivergenceNamesAnOtherStateFormat(t *testing.T) {
	st := memstore.New()
	id, _ := record(t, st, "timer.elf", 1, nil, RecorderOptions{CheckpointEvery: 20})
	for _, tc := range []struct {
		format int
		note   bool
	}{{machine.StateFormat, false}, {0, true}, {machine.StateFormat + 1, true}} {
		bad := copySession(t, st, id, func(e Event) Event {
			switch e := e.(type) {
			case VMCreated:
				e.StateFormat = tc.format
				return e
			case Checkpoint:
				e.Hash = strings.Repeat("0", 64)
				return e
			}
			return e
		})
		rep, _ := verify(t, bad, id)
		if rep.Divergence == nil {
			t.Fatalf("format %d: zeroed hashes verified", tc.format)
		}
		if got := strings.Contains(rep.Divergence.Detail, "recorded with machine state format"); got != tc.note {
			t.Errorf("format %d: detail %q, note about the format = %v, want %v", tc.format, rep.Divergence.Detail, got, tc.note)
		}
	}
}
