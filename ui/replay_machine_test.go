package ui

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"vmcore/debugger"
	"vmcore/vm/machine"
)

// helloMachine loads testdata/hello.elf into a fresh machine whose
// console goes to out.
func helloMachine(t *testing.T, out *bytes.Buffer) *machine.Machine {
	t.Helper()
	data, err := os.ReadFile("testdata/hello.elf")
	if err != nil {
		t.Fatal(err)
	}
	img, err := machine.ParseELF("hello.elf", data)
	if err != nil {
		t.Fatal(err)
	}
	cfg := machine.Config{RAMSize: 16 << 20}
	if out != nil {
		cfg.Console = out
	}
	m, err := machine.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	if err := m.Load(img); err != nil {
		t.Fatal(err)
	}
	return m
}

// newHelloReplay makes a replay backend over hello.elf's whole run and
// returns it with the run's final icount and console output.
func newHelloReplay(t *testing.T) (*ReplayBackend, uint64, string) {
	t.Helper()
	var out bytes.Buffer
	ref := helloMachine(t, &out)
	if r := ref.Run(context.Background(), 1<<30); r.Reason != machine.ReasonPass {
		t.Fatalf("hello.elf: %v", r.Reason)
	}
	end := ref.Icount()
	m := helloMachine(t, nil)
	rec, err := debugger.NewReplayRecorder(m, nil, debugger.RecorderOptions{Every: 64})
	if err != nil {
		t.Fatal(err)
	}
	d := debugger.New(m, debugger.Options{History: rec})
	b, err := NewReplayBackend(d, ReplayOptions{MachineOptions: MachineOptions{SessionID: "rec1"}, End: end,
		Events: []Event{{Seq: 0, Type: "VMCreated"}, {Seq: 1, Icount: end, Type: "Halted"}},
		Marks:  []Mark{{Icount: end, Kind: MarkEnd}}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		b.Close()
		d.Close()
	})
	return b, end, out.String()
}

func TestReplayBackend(t *testing.T) {
	b, end, full := newHelloReplay(t)
	if !strings.Contains(full, "hello from vmcore") {
		t.Fatalf("reference run printed %q", full)
	}
	s := b.Snapshot()
	if s.Icount != 0 || !s.ConsoleReset || len(s.Console) != 0 || s.SessionID != "rec1" {
		t.Fatalf("first snapshot: icount %d reset %v console %q", s.Icount, s.ConsoleReset, s.Console)
	}
	if start, e := b.Span(); start != 0 || e != end {
		t.Errorf("Span = %d..%d, want 0..%d", start, e, end)
	}
	if err := b.GoTo(end); err != nil {
		t.Fatal(err)
	}
	s = b.Snapshot()
	if s.Icount != end || string(s.Console) != full || s.ConsoleReset {
		t.Fatalf("at the end: icount %d console %q (reset %v), want %d and %q appended", s.Icount, s.Console, s.ConsoleReset, end, full)
	}
	if !strings.Contains(s.Reason, "end of the recording") {
		t.Errorf("reason at the end %q", s.Reason)
	}
	// Back to the middle of the output: the console is replaced by what
	// was printed before that icount, which is a strict prefix.
	mid := end - 40
	if err := b.GoTo(mid); err != nil {
		t.Fatal(err)
	}
	s = b.Snapshot()
	if s.Icount != mid || !s.ConsoleReset || !strings.HasPrefix(full, string(s.Console)) || len(s.Console) == len(full) {
		t.Fatalf("at %d: console %q (reset %v), want a strict prefix of %q", mid, s.Console, s.ConsoleReset, full)
	}
	head := string(s.Console)
	if err := b.GoTo(end); err != nil {
		t.Fatal(err)
	}
	if s = b.Snapshot(); s.ConsoleReset || head+string(s.Console) != full {
		t.Fatalf("forward again: %q + %q (reset %v), want %q", head, s.Console, s.ConsoleReset, full)
	}
	if err := b.Continue(); err == nil || !strings.Contains(err.Error(), "end of the recording") {
		t.Errorf("continue at the end: %v", err)
	}
	if err := b.Step(1); err == nil {
		t.Error("step at the end: no error")
	}
	for name, err := range map[string]error{
		"memory":   b.WriteMemory(0x80000000, []byte{1}),
		"register": b.WriteRegister("a0", 1),
	} {
		if err == nil || !strings.Contains(err.Error(), "read-only") {
			t.Errorf("%s write in a replay: %v, want a read-only error", name, err)
		}
	}
	b.SendInput([]byte("x")) // dropped, not an error
	if err := b.GoTo(100); err != nil {
		t.Fatal(err)
	}
	if err := b.ReverseStep(); err != nil {
		t.Fatal(err)
	}
	if s := b.Snapshot(); s.Icount != 99 {
		t.Errorf("reverse step from 100: icount %d", s.Icount)
	}
	if err := b.Continue(); err != nil {
		t.Fatal(err)
	}
	if s := b.Snapshot(); s.Icount != end || !strings.Contains(s.Reason, "end of the recording") {
		t.Errorf("continue without breakpoints: icount %d reason %q, want the end %d", s.Icount, s.Reason, end)
	}
	if evs := b.EventsSince(1); len(evs) != 1 || evs[0].Type != "Halted" {
		t.Errorf("EventsSince(1) = %+v", evs)
	}
}

// TestReplayScreen drives the screen over the real replay backend.
func TestReplayScreen(t *testing.T) {
	b, end, _ := newHelloReplay(t)
	m := newModel(t, b, 120, 40)
	press(m, "]", "]", "]")
	if m.snap.Icount != 3 {
		t.Fatalf("after ] ] ]: icount %d (%s)", m.snap.Icount, m.msg)
	}
	press(m, "end")
	v := view(m)
	for _, want := range []string{"hello from vmcore", "REPLAY", "end of the recording"} {
		if !strings.Contains(v, want) {
			t.Errorf("at the end the screen lacks %q:\n%s", want, v)
		}
	}
	press(m, "S")
	if m.snap.Icount != end-1 {
		t.Errorf("S at the end: icount %d, want %d (%s)", m.snap.Icount, end-1, m.msg)
	}
	press(m, "home")
	if v := view(m); strings.Contains(v, "hello from vmcore") || m.snap.Icount != 0 {
		t.Errorf("home: icount %d, console still shows the output:\n%s", m.snap.Icount, v)
	}
}
