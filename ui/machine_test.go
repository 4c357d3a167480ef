package ui

import (
	"os"
	"strings"
	"testing"
	"time"

	"vmcore/debugger"
	"vmcore/vm/machine"
)

// newHello boots testdata/hello.elf (a copy of vm/machine/testdata/hello.elf:
// prints a line through the UART and passes) under the real debugger.
func newHello(t *testing.T) *MachineBackend {
	t.Helper()
	data, err := os.ReadFile("testdata/hello.elf")
	if err != nil {
		t.Fatal(err)
	}
	img, err := machine.ParseELF("hello.elf", data)
	if err != nil {
		t.Fatal(err)
	}
	m, err := machine.New(machine.Config{RAMSize: 16 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Load(img); err != nil {
		t.Fatal(err)
	}
	d := debugger.New(m, debugger.Options{})
	b, err := NewMachineBackend(d, MachineOptions{SessionID: "s1"})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		b.Close()
		d.Close()
		m.Close()
	})
	return b
}

func TestMachineBackend(t *testing.T) {
	b := newHello(t)
	s := b.Snapshot()
	if s.State != Paused || s.Icount != 0 || s.SessionID != "s1" || len(s.CSRs) == 0 {
		t.Fatalf("initial snapshot %+v", s)
	}
	if err := b.Step(1); err != nil {
		t.Fatal(err)
	}
	if s2 := b.Snapshot(); s2.Icount != 1 || s2.Gen == s.Gen {
		t.Fatalf("after a step: icount %d gen %d (was %d)", s2.Icount, s2.Gen, s.Gen)
	}
	puts, ok := b.SymbolAddr("puts")
	if !ok {
		t.Fatal("no puts symbol")
	}
	bp, err := b.AddBreakpoint(puts, "")
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Continue(); err != nil {
		t.Fatal(err)
	}
	s = b.Snapshot()
	if s.PC != puts || s.Reason != "breakpoint 1" || s.State != Paused {
		t.Fatalf("stop: pc %#x reason %q state %v; want breakpoint at puts %#x", s.PC, s.Reason, s.State, puts)
	}
	if l := b.Disassemble(s.PC, 2); len(l) != 2 || l[0].Len == 0 || !strings.Contains(l[0].Text, "mv") {
		t.Errorf("disassembly at puts: %+v", l)
	}
	if n, off, ok := b.SymbolAt(puts + 2); !ok || n != "puts" || off != 2 {
		t.Errorf("SymbolAt(puts+2) = %s %d %v", n, off, ok)
	}
	if err := b.EnableBreakpoint(bp.ID, false); err != nil {
		t.Fatal(err)
	}
	if l := b.Breakpoints(); len(l) != 1 || l[0].Enabled || l[0].ID != bp.ID {
		t.Errorf("after disabling: %+v", l)
	}
	if err := b.EnableBreakpoint(bp.ID, true); err != nil {
		t.Fatal(err)
	}
	if l := b.Breakpoints(); len(l) != 1 || !l[0].Enabled || l[0].ID != bp.ID {
		t.Errorf("after enabling: %+v", l)
	}
	if err := b.RemoveBreakpoint(bp.ID); err != nil || len(b.Breakpoints()) != 0 {
		t.Fatalf("remove: %v, %+v", err, b.Breakpoints())
	}
	if err := b.WriteRegister("a3", 0x1234); err != nil {
		t.Fatal(err)
	}
	if err := b.WriteMemory(0x80100000, []byte("hi")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 2)
	if n, err := b.ReadMemory(0x80100000, buf); n != 2 || err != nil || string(buf) != "hi" {
		t.Errorf("read back %q %d %v", buf, n, err)
	}
	if err := b.WriteMemory(0x10, []byte{1}); err == nil {
		t.Error("writing outside RAM should fail")
	}
	if s := b.Snapshot(); s.Regs[13] != 0x1234 {
		t.Errorf("a3 = %#x", s.Regs[13])
	}
	if err := b.Continue(); err != nil {
		t.Fatal(err)
	}
	s = b.Snapshot()
	if s.State != Halted || !strings.Contains(s.Reason, "pass") || !strings.Contains(string(s.Console), "hello from vmcore") {
		t.Fatalf("end: state %v reason %q console %q", s.State, s.Reason, s.Console)
	}
	var names []string
	for _, d := range b.Devices() {
		names = append(names, d.Name)
	}
	if !strings.Contains(strings.Join(names, " "), "uart") {
		t.Errorf("devices %v lack the uart", names)
	}
	// Events arrive through the debugger's asynchronous subscription: wait
	// (boundedly) for the stop to be delivered rather than racing it.
	var evs []Event
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if evs = b.EventsSince(0); len(evs) >= 2 && evs[len(evs)-1].Type == "Stopped" {
			break
		}
	}
	if len(evs) < 2 || evs[len(evs)-1].Type != "Stopped" {
		t.Errorf("events %+v", evs)
	}
	if b.CanReverse() || b.ReverseStep() == nil {
		t.Error("no history: reverse must be unavailable")
	}
}

// TestMachineScreen drives the screen over the real backend: a step, a
// breakpoint from the command line, and a continue to it.
func TestMachineScreen(t *testing.T) {
	b := newHello(t)
	m := newModel(t, b, 120, 40)
	press(m, "s")
	if m.snap.Icount != 1 {
		t.Fatalf("icount %d after s", m.snap.Icount)
	}
	typeCmd(m, "break puts")
	press(m, "c")
	puts, _ := b.SymbolAddr("puts")
	if m.snap.PC != puts {
		t.Fatalf("continue stopped at %#x; want puts %#x (%s)", m.snap.PC, puts, m.msg)
	}
	v := view(m)
	for _, want := range []string{"▶ 800000", "<puts>:", "PAUSED: breakpoint 1"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
}
