package ui

import (
	"os"
	"strings"
	"testing"

	"vmcore/debugger"
	"vmcore/vm/machine"
)

// newProg boots the debugger's test guest (C with calls, see
// debugger/testdata/prog.c) under a debugger with an in-memory history,
// as vmcore tui does.
func newProg(t *testing.T) *MachineBackend {
	t.Helper()
	const elf = "../debugger/testdata/prog.elf"
	data, err := os.ReadFile(elf)
	if err != nil {
		t.Fatal(err)
	}
	img, err := machine.ParseELF(elf, data)
	if err != nil {
		t.Fatal(err)
	}
	var rec *debugger.Recorder
	m, err := machine.New(machine.Config{RAMSize: 1 << 20, OnInput: func(n uint64, b []byte) { rec.OnInput(n, b) }})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Load(img); err != nil {
		t.Fatal(err)
	}
	rec = debugger.NewRecorder(m, debugger.RecorderOptions{Every: 32})
	d := debugger.New(m, debugger.Options{History: rec})
	b, err := NewMachineBackend(d, MachineOptions{})
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

// TestReverseKeys drives S, N and C on the real engine.
func TestReverseKeys(t *testing.T) {
	b := newProg(t)
	m := newModel(t, b, 120, 40)
	add, _ := b.SymbolAddr("add")
	typeCmd(m, "break add")
	press(m, "c")
	first := m.snap.Icount
	press(m, "c")
	second := m.snap.Icount
	if m.snap.PC != add || second <= first {
		t.Fatalf("two continues: pc %#x icounts %d, %d", m.snap.PC, first, second)
	}
	var callPC uint64
	tests := []struct {
		key   string
		check func() string // "" when the state is right
	}{
		{"S", func() string { // back onto the call of add
			callPC = m.snap.PC
			return want(m.snap.Icount == second-1 && m.snap.PC != add, "on the call before the second hit")
		}},
		{"s", func() string { return want(m.snap.Icount == second && m.snap.PC == add, "in add again") }},
		{"f", func() string {
			return want(m.snap.Icount > second && m.snap.PC > callPC && m.snap.PC <= callPC+4, "just after the call")
		}},
		{"N", func() string {
			return want(m.snap.Icount == second-1 && m.snap.PC == callPC, "back over add onto its call")
		}},
		{"C", func() string { return want(m.snap.Icount == first && m.snap.PC == add, "at the first hit of add") }},
		{"C", func() string { return want(m.snap.Icount == 0, "at the start of history: no earlier hit") }},
	}
	for i, tc := range tests {
		press(m, tc.key)
		if m.msgErr {
			t.Fatalf("step %d (%s): %s", i, tc.key, m.msg)
		}
		if e := tc.check(); e != "" {
			t.Fatalf("step %d (%s): icount %d pc %#x, want %s", i, tc.key, m.snap.Icount, m.snap.PC, e)
		}
	}
	// Run to the guest's exit, then go back from there: the halted state
	// does not stop reverse execution.
	if err := b.RemoveBreakpoint(1); err != nil {
		t.Fatal(err)
	}
	press(m, "c")
	if m.snap.State != Halted {
		t.Fatalf("continue to the end: %v %s", m.snap.State, m.snap.Reason)
	}
	end := m.snap.Icount
	press(m, "S")
	if m.snap.Icount != end-1 || m.snap.State == Halted || m.msgErr {
		t.Errorf("S after the exit: icount %d (end %d), state %v, message %q", m.snap.Icount, end, m.snap.State, m.msg)
	}
}

// want returns "" when ok, else what was wanted.
func want(ok bool, what string) string {
	if ok {
		return ""
	}
	return what
}

// TestReverseKeysWithoutHistory: an honest message, nothing runs.
func TestReverseKeysWithoutHistory(t *testing.T) {
	b := newHello(t)
	m := newModel(t, b, 120, 40)
	for _, k := range []string{"S", "N", "C"} {
		press(m, k)
		if !m.msgErr || !strings.Contains(m.msg, "needs an execution history") || m.snap.Icount != 0 {
			t.Errorf("%s without history: message %q, icount %d", k, m.msg, m.snap.Icount)
		}
	}
	for name, err := range map[string]error{"step": b.ReverseStep(), "next": b.ReverseNext(), "continue": b.ReverseContinue()} {
		if err == nil {
			t.Errorf("reverse %s without history: no error", name)
		}
	}
}

// TestBreakpointEnableKeepsIDAndHits toggles a breakpoint off and on in
// the breakpoints pane: a disabled one does not stop the guest, and its
// id and hit count survive.
func TestBreakpointEnableKeepsIDAndHits(t *testing.T) {
	b := newProg(t)
	m := newModel(t, b, 120, 40)
	typeCmd(m, "break add")
	press(m, "c")
	if l := b.Breakpoints(); len(l) != 1 || l[0].Hits != 1 {
		t.Fatalf("after one hit: %+v", l)
	}
	m.setFocus(paneBreaks)
	press(m, "space")
	if l := b.Breakpoints(); len(l) != 1 || l[0].Enabled || l[0].ID != 1 || l[0].Hits != 1 {
		t.Fatalf("after disabling: %+v", l)
	}
	if v := view(m); !strings.Contains(v, "○ 1  break") {
		t.Errorf("the pane does not show the breakpoint disabled:\n%s", v)
	}
	m.setFocus(paneDisasm)
	press(m, "c")
	if m.snap.State != Halted {
		t.Fatalf("a disabled breakpoint stopped the guest: %v %s", m.snap.State, m.snap.Reason)
	}
	m.setFocus(paneBreaks)
	press(m, "e")
	if l := b.Breakpoints(); len(l) != 1 || !l[0].Enabled || l[0].ID != 1 || l[0].Hits != 1 {
		t.Fatalf("after enabling: %+v", l)
	}
	// Watchpoints have no disabled state in the engine: the backend keeps
	// a disabled one aside under the same id.
	w, err := b.AddWatchpoint(0x80001000, 8)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.EnableBreakpoint(w.ID, false); err != nil {
		t.Fatal(err)
	}
	if err := b.EnableBreakpoint(w.ID, true); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, bp := range b.Breakpoints() {
		found = found || bp.ID == w.ID && bp.Kind == KindWatch && bp.Enabled
	}
	if !found {
		t.Errorf("watchpoint %d lost by disable/enable: %+v", w.ID, b.Breakpoints())
	}
}
