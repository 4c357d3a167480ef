package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// TestRecordingEndsWithTheGuest checks that a recording that ends
// normally (no reason given) adds no message and leaves the one that says
// why the guest stopped, whether both show in one sample or the recording
// ends a sample later; a reason still shows.
func TestRecordingEndsWithTheGuest(t *testing.T) {
	tests := []struct {
		name     string
		sameTick bool
		why      string
		want     string
		wantNone string
	}{
		{"same sample", true, "", "stopped: guest exited", "recording ended"},
		{"a sample later", false, "", "stopped: guest exited", "recording ended"},
		{"a fork still says why", false, "a write before icount 9 forked the time line", "recording ended: a write before icount 9", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := &recFake{fakeBackend: newFake(), rec: true}
			m := newModel(t, r, 120, 40)
			press(m, "c")
			m.Update(tickMsg{gen: m.tickGen})
			r.state, r.reason = Paused, "guest exited"
			r.gen++
			if tc.sameTick {
				r.rec, r.why = false, tc.why
			}
			m.Update(tickMsg{gen: m.tickGen})
			r.rec, r.why = false, tc.why
			m.Update(tickMsg{gen: m.tickGen})
			if !strings.HasPrefix(m.msg, tc.want) {
				t.Errorf("message %q; want %q", m.msg, tc.want)
			}
			if tc.wantNone != "" && strings.Contains(view(m), tc.wantNone) {
				t.Errorf("screen says %q:\n%s", tc.wantNone, view(m))
			}
			if !strings.Contains(view(m), "○ not recording") {
				t.Errorf("status bar still records:\n%s", view(m))
			}
		})
	}
}

// TestAnatomyGoingBack checks that the anatomy pane says a move back in
// time is one, instead of a wrapped-around count of instructions.
func TestAnatomyGoingBack(t *testing.T) {
	tests := []struct {
		name string
		cmds []string
		keys []string
		want string
	}{
		{"goto back", []string{"goto 100", "goto 20"}, nil, "back to icount 20 from 100 (80 instructions undone)"},
		{"reverse step", []string{"goto 100"}, []string{"S"}, "back to icount 99 from 100 (1 instruction undone)"},
		{"forward still counts", []string{"goto 20", "goto 100"}, nil, "after 80 instructions:"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := newProgWith(t, true, MachineOptions{})
			m := newModel(t, b, 120, 40)
			for _, c := range tc.cmds {
				typeCmd(m, c)
			}
			press(m, tc.keys...)
			v := view(m)
			if !strings.Contains(v, tc.want) {
				t.Errorf("anatomy lacks %q (message %q):\n%s", tc.want, m.msg, v)
			}
			if strings.Contains(v, "18446744073709551") {
				t.Errorf("a wrapped-around count:\n%s", v)
			}
		})
	}
}

// TestPauseBeforeTheRunBegins checks that a pause that arrives with the
// continue it follows (keys in one read) stops that run instead of being
// lost, that a pause with no run asked for is not kept for a later one,
// and that a pause behind a step leaves the step whole.
func TestPauseBeforeTheRunBegins(t *testing.T) {
	tests := []struct {
		name   string
		keys   string
		reason string
		icount func(uint64) bool
	}{
		{"cp pauses before the first instruction", "cp", "pause", func(n uint64) bool { return n == 0 }},
		{"sp steps once", "sp", "", func(n uint64) bool { return n == 1 }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := newProgWith(t, false, MachineOptions{})
			m := newModel(t, b, 120, 40)
			send(m, runes(tc.keys, false))
			s := b.Snapshot()
			if s.State == Halted || !tc.icount(s.Icount) || tc.reason != "" && !strings.Contains(s.Reason, tc.reason) {
				t.Errorf("state %v (%q) at icount %d; want paused by %q", s.State, s.Reason, s.Icount, tc.reason)
			}
		})
	}
	// A pause while nothing runs does nothing, then or later.
	b := newProgWith(t, false, MachineOptions{})
	m := newModel(t, b, 120, 40)
	brk, _ := b.SymbolAddr("add")
	typeCmd(m, "break add")
	press(m, "p")
	press(m, "c")
	if s := b.Snapshot(); s.PC != brk {
		t.Errorf("p then c: stopped at %#x (%q); want the breakpoint at add %#x", s.PC, s.Reason, brk)
	}
	if b.pauseAhead || b.ahead != 0 {
		t.Errorf("a pause is kept (%v) or runs are counted (%d) with nothing asked for", b.pauseAhead, b.ahead)
	}
}

// TestGotoBackAfterHalt checks that a live goto to an earlier icount works
// after the guest halted, as reverse steps do, and that going forward is
// still refused.
func TestGotoBackAfterHalt(t *testing.T) {
	tests := []struct {
		name   string
		cmd    string
		icount func(end uint64) uint64
		errMsg string
	}{
		{"back", "goto 20", func(uint64) uint64 { return 20 }, ""},
		{"forward", "goto 100000", func(end uint64) uint64 { return end }, "nothing to run"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := newProgWith(t, true, MachineOptions{})
			m := newModel(t, b, 120, 40)
			press(m, "c")
			if m.snap.State != Halted {
				t.Fatalf("after c: %v (%q); want the guest halted", m.snap.State, m.snap.Reason)
			}
			end := m.snap.Icount
			typeCmd(m, tc.cmd)
			if want := tc.icount(end); m.snap.Icount != want {
				t.Errorf("icount %d; want %d (message %q)", m.snap.Icount, want, m.msg)
			}
			if tc.errMsg == "" && m.msgErr || tc.errMsg != "" && (!m.msgErr || !strings.Contains(m.msg, tc.errMsg)) {
				t.Errorf("message %q (error %v); want error %q", m.msg, m.msgErr, tc.errMsg)
			}
		})
	}
}

// TestSetRegEchoesWhatIsStored checks that set reg says what the register
// holds after the write, and says so when it is not what was asked for.
func TestSetRegEchoesWhatIsStored(t *testing.T) {
	tests := []struct {
		cmd   string
		check func(Snapshot) (uint64, bool)
		want  uint64
		msg   string
	}{
		{"set reg x0 5", func(s Snapshot) (uint64, bool) { return s.Regs[0], true }, 0, "x0 = 0x0 (the register took 0x0 of 0x5)"},
		{"set reg frm 9", fcsrValue("frm"), 1, "frm = 0x1 (the register took 0x1 of 0x9)"},
		{"set reg fa0 nan", fregValue(10), 0x7ff8000000000000, "fa0 = 0x7ff8000000000000 (nan)"},
		{"set reg a0 5", func(s Snapshot) (uint64, bool) { return s.Regs[10], true }, 5, "a0 = 0x5"},
		{"set reg fa1 1.5", fregValue(11), 0x3ff8000000000000, "fa1 = 0x3ff8000000000000 (1.5)"},
	}
	for _, tc := range tests {
		t.Run(tc.cmd, func(t *testing.T) {
			b := newProgWith(t, false, MachineOptions{})
			m := newModel(t, b, 120, 40)
			typeCmd(m, tc.cmd)
			if m.msgErr || m.msg != tc.msg {
				t.Errorf("message %q (error %v); want %q", m.msg, m.msgErr, tc.msg)
			}
			if got, ok := tc.check(b.Snapshot()); !ok || got != tc.want {
				t.Errorf("read back %#x (found %v); want %#x", got, ok, tc.want)
			}
		})
	}
}

func fcsrValue(name string) func(Snapshot) (uint64, bool) {
	return func(s Snapshot) (uint64, bool) {
		for _, c := range s.FCSRs {
			if c.Name == name {
				return c.Value, true
			}
		}
		return 0, false
	}
}

// TestGDBRegisterForm checks that GDB's $reg works wherever a register
// name does, and that x/c quotes bytes as GDB does.
func TestGDBRegisterForm(t *testing.T) {
	tests := []struct {
		name  string
		setup func(f *fakeBackend)
		cmd   string
		want  string
	}{
		{"x/3i $pc", nil, "x/3i $pc", "0x80000008 <_start+0x8>:  lui sp,0x80001"},
		{"x/2ag $sp", func(f *fakeBackend) { putU64(f, 0x1000, fakeBase+0xc); putU64(f, 0x1008, fakeBase+0x10) }, "x/2ag $sp",
			"0x80001000: 0x8000000c <loop> 0x80000010 <loop+0x4>"},
		{"$sp with an offset", nil, "x/2xb $sp+4", "0x80001004: 0x6f 0x2c"},
		{"set reg $a0", nil, "set reg $a0 7", "a0 = 0x7"},
		{"x/c octal escapes", func(f *fakeBackend) { copy(f.mem[0x1000:], "\xb7A\n\x00\x7f'") }, "x/6cb buf",
			`0x80001000: 183 '\267' 65 'A' 10 '\n' 0 '\000' 127 '\177' 39 '\''`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake()
			if tc.setup != nil {
				tc.setup(f)
			}
			m := newModel(t, f, 120, 40)
			typeCmd(m, tc.cmd)
			if m.msgErr {
				t.Fatalf("%s: error %q", tc.cmd, m.msg)
			}
			if got := strings.Join(append(m.output, m.msg), "\n"); !strings.Contains(got, tc.want) {
				t.Errorf("%s:\n%s\nwant %q", tc.cmd, got, tc.want)
			}
		})
	}
	m := newModel(t, newFake(), 120, 40)
	m.setFocus(paneMemory)
	typeCmd(m, "goto $sp")
	if m.mem.followReg != 2 {
		t.Errorf("goto $sp in the memory pane: following register %d; want sp", m.mem.followReg)
	}
}

// TestTabRowShowsTheActiveTab checks that at 80x24 the tab row of the slot
// with six panes fits whole, names every pane and marks the active one
// without colour, and that a click on a label selects that pane.
func TestTabRowShowsTheActiveTab(t *testing.T) {
	for _, p := range []paneID{paneAnatomy, paneMemory, paneConsole, paneBreaks, paneEvents, paneDevices} {
		t.Run(paneTitles[p], func(t *testing.T) {
			m := newModel(t, fakeFull{newFake()}, 80, 24)
			m.setFocus(p)
			s := m.slotOf(p)
			labels := tabLabels(s)
			if len(labels) != 6 {
				t.Fatalf("labels %q; want the six panes of the slot", labels)
			}
			row := []rune(strings.Split(view(m), "\n")[s.y])[s.x : s.x+s.w]
			title := string(row)
			if want := strings.Join(labels, "─"); !strings.Contains(title, want) || !strings.HasSuffix(title, "─╮") {
				t.Errorf("tab row %q; want %q whole", title, want)
			}
			active := labels[s.active]
			name := strings.Trim(active, "[]")
			if s.panes[s.active] != p || !strings.HasPrefix(active, "[") || !strings.HasPrefix(paneTitles[p], name[:1]) {
				t.Errorf("active label %q; want %s in brackets", active, paneTitles[p])
			}
			if strings.Count(title, "[") != 1 {
				t.Errorf("tab row %q marks more than one tab", title)
			}
			// A click on each label selects its pane.
			// A click on each label (as the row now shows it) selects its
			// pane.
			for i := range s.panes {
				x := s.x + 2
				labels := tabLabels(s)
				for _, l := range labels[:i] {
					x += len(l) + 1
				}
				m.Update(tea.MouseMsg{X: x + 1, Y: s.y, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
				if m.focus != s.panes[i] {
					t.Errorf("a click on %q focused %s", labels[i], paneTitles[m.focus])
				}
			}
		})
	}
}

// TestHelpCmdWraps checks that help CMD shows its whole text at any
// width: on the message line when it fits, wrapped above it when not.
func TestHelpCmdWraps(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}, {300, 60}} {
		for _, cmd := range []string{"goto", "x", "set"} {
			m := newModel(t, newFake(), sz[0], sz[1])
			typeCmd(m, "help "+cmd)
			c, _ := helpFor(cmd)
			want := strings.Join(strings.Fields(c.syntax+" — "+c.what), " ")
			v := view(m)
			got := strings.Join(strings.Fields(strings.ReplaceAll(v, "│", " ")), " ")
			if m.msgErr || !strings.Contains(got, want) {
				t.Errorf("%dx%d help %s: %q is not whole on screen:\n%s", sz[0], sz[1], cmd, want, v)
			}
			if strings.Count(got, c.syntax) != 1 {
				t.Errorf("%dx%d help %s: shown %d times:\n%s", sz[0], sz[1], cmd, strings.Count(got, c.syntax), v)
			}
			press(m, "j")
			for _, l := range strings.Split(view(m), "\n") {
				if strings.Contains(l, c.syntax) && strings.Contains(l, "…") {
					t.Errorf("%dx%d help %s: cut after a key: %q", sz[0], sz[1], cmd, l)
				}
			}
		}
	}
}
