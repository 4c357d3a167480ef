package ui

import (
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"vmcore/debugger"
	"vmcore/vm/machine"
)

// runes is what a terminal delivers when several keys arrive in one read
// (tmux send-keys ss) or, with paste set, a bracketed paste.
func runes(s string, paste bool) tea.KeyMsg {
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s), Paste: paste}
}

// send feeds one message and runs the command it returns, as press does.
func send(m *Model, msg tea.Msg) {
	_, cmd := m.Update(msg)
	if cmd == nil {
		return
	}
	switch out := cmd().(type) {
	case ctlDoneMsg, keysMsg:
		m.Update(out)
	}
}

// TestKeysInOneRead checks that runes arriving together are single keys
// outside a text input and text inside one.
func TestKeysInOneRead(t *testing.T) {
	tests := []struct {
		name  string
		setup func(*Model)
		msg   tea.KeyMsg
		check func(*testing.T, *Model, *fakeBackend)
	}{
		{"ss steps twice", nil, runes("ss", false), func(t *testing.T, m *Model, f *fakeBackend) {
			if want := []string{"step 1", "step 1"}; !slices.Equal(f.calls, want) || f.icount != 2 {
				t.Errorf("calls = %q, icount %d; want %q, 2", f.calls, f.icount, want)
			}
		}},
		{"pasted ss steps twice", nil, runes("ss", true), func(t *testing.T, m *Model, f *fakeBackend) {
			if f.icount != 2 {
				t.Errorf("icount %d; want 2", f.icount)
			}
		}},
		{"a single pasted s steps", nil, runes("s", true), func(t *testing.T, m *Model, f *fakeBackend) {
			if f.icount != 1 {
				t.Errorf("icount %d; want 1", f.icount)
			}
		}},
		{"pasted command line runs", func(m *Model) { typeCmd(m, "break loop") }, runes(":delete 1\rs", true),
			func(t *testing.T, m *Model, f *fakeBackend) {
				if m.cmdOn || len(f.bps) != 0 || f.icount != 1 {
					t.Errorf("command line open=%v breakpoints %+v icount %d; want closed, deleted, stepped once", m.cmdOn, f.bps, f.icount)
				}
			}},
		{"typed ahead command", nil, runes(":delete 2", false), func(t *testing.T, m *Model, f *fakeBackend) {
			if !m.cmdOn || m.cmd.Value() != "delete 2" {
				t.Errorf("command line %q; want %q", m.cmd.Value(), "delete 2")
			}
		}},
		{"paste into an open command line", func(m *Model) { press(m, ":") }, runes("break loop", true),
			func(t *testing.T, m *Model, f *fakeBackend) {
				if m.cmd.Value() != "break loop" {
					t.Errorf("command line %q; want %q", m.cmd.Value(), "break loop")
				}
				press(m, "enter")
				if len(f.bps) != 1 || f.bps[0].Addr != fakeBase+0xc {
					t.Errorf("breakpoints %+v; want one at loop", f.bps)
				}
			}},
		{"console takes text", func(m *Model) { m.setFocus(paneConsole) }, runes("ls -l", true),
			func(t *testing.T, m *Model, f *fakeBackend) {
				if string(f.input) != "ls -l" || len(f.calls) != 0 {
					t.Errorf("input %q calls %q; want \"ls -l\" and no run", f.input, f.calls)
				}
			}},
		{"memory editor takes pasted hex", func(m *Model) {
			m.setFocus(paneMemory)
			typeCmd(m, "goto buf")
			press(m, "e")
		}, runes("de ad be ef", true), func(t *testing.T, m *Model, f *fakeBackend) {
			if got := f.mem[0x1000:0x1004]; string(got) != "\xde\xad\xbe\xef" {
				t.Errorf("memory at buf = % x; want de ad be ef", got)
			}
			if m.mem.cur != fakeBase+0x1004 {
				t.Errorf("cursor at %#x; want buf+4", m.mem.cur)
			}
		}},
		{"memory pane not editing: keys", func(m *Model) { m.setFocus(paneMemory) }, runes("ll", false),
			func(t *testing.T, m *Model, f *fakeBackend) {
				if m.mem.cur != m.mem.addr+2 {
					t.Errorf("ll moved the cursor to %#x; want %#x", m.mem.cur, m.mem.addr+2)
				}
			}},
		{"quit in a run of keys", nil, runes("sq", false), func(t *testing.T, m *Model, f *fakeBackend) {
			if !m.quitting || f.icount != 1 {
				t.Errorf("quitting=%v icount=%d; want quit after one step", m.quitting, f.icount)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake()
			m := newModel(t, f, 120, 40)
			if tc.setup != nil {
				tc.setup(m)
			}
			send(m, tc.msg)
			tc.check(t, m, f)
		})
	}
}

// TestMemoryEditHexE checks that e is a hex digit while editing, and that
// enter and esc leave edit mode.
func TestMemoryEditHexE(t *testing.T) {
	for _, leave := range []string{"enter", "esc"} {
		f := newFake()
		m := newModel(t, f, 120, 40)
		m.setFocus(paneMemory)
		typeCmd(m, "goto buf")
		press(m, "e", "e", "e", "e")
		if got := f.mem[0x1000:0x1002]; got[0] != 0xee || got[1] != 0x65 {
			t.Errorf("typing ee: memory % x; want ee then the old 0x65 (e pending)", got)
		}
		if m.mem.nibble != 0xe {
			t.Errorf("pending nibble %d; want 0xe", m.mem.nibble)
		}
		press(m, leave)
		if m.mem.editing {
			t.Errorf("%s did not leave edit mode", leave)
		}
		press(m, "e")
		if !m.mem.editing {
			t.Errorf("after %s, e did not start editing again", leave)
		}
	}
}

// TestMemoryChangedByAddress checks that the changed highlight follows
// addresses: moving the view highlights nothing, a write highlights the
// byte written wherever it is on screen.
func TestMemoryChangedByAddress(t *testing.T) {
	f := newFake()
	m := newModel(t, f, 120, 40)
	m.setFocus(paneMemory)
	typeCmd(m, "goto buf")
	changed := func() []uint64 {
		var out []uint64
		for i := range m.mem.n {
			if m.mem.changedAt(i) {
				out = append(out, m.mem.addr+uint64(i))
			}
		}
		return out
	}
	if c := changed(); len(c) != 0 {
		t.Fatalf("after goto buf: changed %x; want none", c)
	}
	for _, step := range []struct {
		name string
		do   func()
		want []uint64
	}{
		{"scroll down", func() { m.mem.scroll(m, 1) }, nil},
		{"scroll back", func() { m.mem.scroll(m, -1) }, nil},
		{"goto sp-16", func() { typeCmd(m, "goto sp-16") }, nil},
		{"write buf+3", func() { typeCmd(m, "set mem buf+3 0x41") }, []uint64{fakeBase + 0x1003}},
		{"scroll keeps it", func() { m.mem.scroll(m, 1); m.mem.scroll(m, -2) }, []uint64{fakeBase + 0x1003}},
		{"next write replaces it", func() { typeCmd(m, "set mem buf+5 0x42") }, []uint64{fakeBase + 0x1005}},
	} {
		step.do()
		if c := changed(); !slices.Equal(c, step.want) {
			t.Errorf("%s: changed %x; want %x", step.name, c, step.want)
		}
	}
	if v := view(m); !strings.Contains(v, "80001000") {
		t.Errorf("memory pane lost buf:\n%s", v)
	}
}

// newProgWith boots the debugger's test guest as newProg does, with or
// without an execution history and with the given backend options.
func newProgWith(t *testing.T, history bool, opts MachineOptions) *MachineBackend {
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
	cfg := machine.Config{RAMSize: 1 << 20}
	if history {
		cfg.OnInput = func(n uint64, b []byte) { rec.OnInput(n, b) }
	}
	m, err := machine.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Load(img); err != nil {
		t.Fatal(err)
	}
	var dopts debugger.Options
	if history {
		rec = debugger.NewRecorder(m, debugger.RecorderOptions{Every: 32})
		dopts.History = rec
	}
	d := debugger.New(m, dopts)
	b, err := NewMachineBackend(d, opts)
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

// TestGotoIcountLive checks that a decimal goto in a live session moves
// through time, and says clearly why it cannot go back without history.
func TestGotoIcountLive(t *testing.T) {
	tests := []struct {
		name    string
		history bool
		cmds    []string
		icount  uint64
		errMsg  string
	}{
		{"forward", false, []string{"goto 50"}, 50, ""},
		{"back with history", true, []string{"goto 50", "goto 20"}, 20, ""},
		{"back without history", false, []string{"goto 50", "goto 20"}, 50, "needs an execution history"},
		{"hex stays an address", false, []string{"goto 0x50"}, 0, ""},
		{"already there", false, []string{"goto 0"}, 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := newProgWith(t, tc.history, MachineOptions{})
			m := newModel(t, b, 120, 40)
			for _, c := range tc.cmds {
				typeCmd(m, c)
			}
			if m.snap.Icount != tc.icount {
				t.Errorf("icount %d; want %d (message %q)", m.snap.Icount, tc.icount, m.msg)
			}
			if tc.errMsg != "" && (!m.msgErr || !strings.Contains(m.msg, tc.errMsg)) {
				t.Errorf("message %q (error %v); want an error saying %q", m.msg, m.msgErr, tc.errMsg)
			}
			if tc.errMsg == "" && m.msgErr {
				t.Errorf("unexpected error %q", m.msg)
			}
		})
	}
	f := newFake()
	m := newModel(t, f, 120, 40)
	typeCmd(m, "goto 12")
	if !m.msgErr || !strings.Contains(m.msg, "0xc") {
		t.Errorf("goto ICOUNT on a backend that cannot seek: %q; want an error that suggests hex", m.msg)
	}
}

// recFake is a fake whose recording can end.
type recFake struct {
	*fakeBackend
	rec bool
	why string
}

func (r *recFake) Snapshot() Snapshot {
	s := r.fakeBackend.Snapshot()
	s.Recording = r.rec
	if !r.rec {
		s.RecordingEnded = r.why
	}
	return s
}

// TestRecordingEndedSaysSo checks the message line tells, once, that the
// recording ended and why.
func TestRecordingEndedSaysSo(t *testing.T) {
	r := &recFake{fakeBackend: newFake(), rec: true}
	m := newModel(t, r, 120, 40)
	if v := view(m); !strings.Contains(v, "● REC") {
		t.Fatalf("status bar does not show the recording:\n%s", v)
	}
	r.rec, r.why = false, "memory write at 0x80001000 at icount 3, before the recorded icount 9, changed the time line"
	m.Update(tickMsg{gen: m.tickGen})
	v := view(m)
	if !strings.Contains(m.msg, "recording ended: memory write at 0x80001000") || !strings.Contains(v, "recording ended") {
		t.Errorf("message %q; want the reason the recording ended", m.msg)
	}
	if !strings.Contains(v, "○ not recording") {
		t.Errorf("status bar still records:\n%s", v)
	}
	if got := strings.Join(strings.Fields(strings.ReplaceAll(v, "│", " ")), " "); !strings.Contains(got, "before the recorded icount 9, changed the time line; the session keeps") {
		t.Errorf("the whole reason is not on screen:\n%s", v)
	}
	press(m, "j")
	m.Update(tickMsg{gen: m.tickGen})
	if strings.Contains(m.msg, "recording ended") {
		t.Errorf("the message came back: %q", m.msg)
	}
}

// TestErrorsExpire checks that an error leaves the message line with the
// next key or a later command.
func TestErrorsExpire(t *testing.T) {
	tests := []struct {
		name string
		then func(*Model)
		want string
	}{
		{"a successful command replaces it", func(m *Model) { typeCmd(m, "break loop") }, "breakpoint 1 at"},
		{"a command that says nothing clears it", func(m *Model) { typeCmd(m, "events") }, ""},
		{"the next key clears it", func(m *Model) { press(m, "j") }, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := newModel(t, newFake(), 120, 40)
			typeCmd(m, "break nowhere")
			if !m.msgErr {
				t.Fatalf("break nowhere: message %q is not an error", m.msg)
			}
			tc.then(m)
			if m.msgErr || !strings.HasPrefix(m.msg, tc.want) {
				t.Errorf("message %q (error %v); want %q", m.msg, m.msgErr, tc.want)
			}
		})
	}
}

// TestNoColorKeepsAttributes checks NO_COLOR's screen: no colour at all,
// but the focused pane's title and the line at pc keep their reverse
// video, so focus and selection stay visible.
func TestNoColorKeepsAttributes(t *testing.T) {
	for _, tc := range []struct {
		detected termenv.Profile
		noColor  bool
		want     termenv.Profile
	}{
		{termenv.TrueColor, true, termenv.ANSI},
		{termenv.ANSI256, true, termenv.ANSI},
		{termenv.Ascii, true, termenv.Ascii}, // not a terminal: plain text
		{termenv.ANSI256, false, termenv.ANSI256},
	} {
		if got := screenProfile(tc.detected, tc.noColor); got != tc.want {
			t.Errorf("screenProfile(%v, %v) = %v; want %v", tc.detected, tc.noColor, got, tc.want)
		}
	}

	t.Setenv("NO_COLOR", "1")
	old := lipgloss.ColorProfile()
	lipgloss.SetColorProfile(screenProfile(termenv.TrueColor, true))
	defer lipgloss.SetColorProfile(old)
	m := newModel(t, newFake(), 120, 40)
	out := m.View()
	sgr := regexp.MustCompile(`\x1b\[([0-9;]*)m`)
	attrs := map[string]bool{}
	for _, g := range sgr.FindAllStringSubmatch(out, -1) {
		for _, p := range strings.Split(g[1], ";") {
			n, _ := strconv.Atoi(p)
			if n >= 30 && n <= 49 || n >= 90 && n <= 107 {
				t.Fatalf("NO_COLOR screen has a colour escape %q", g[0])
			}
			attrs[p] = true
		}
	}
	if !attrs["7"] || !attrs["1"] {
		t.Errorf("NO_COLOR screen has attributes %v; want reverse video (7) and bold (1) for focus and pc", attrs)
	}
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(l, "Disassembly") && !strings.Contains(l, "\x1b[1;7m Disassembly") && !strings.Contains(l, "\x1b[7;1m Disassembly") {
			t.Errorf("focused title is not bold reverse video: %q", l)
		}
	}
}

// TestLayout80x24 checks that the smallest screen shows whole
// disassembly lines and every register, and that the too-small message
// can be read whole at the size it is shown at.
func TestLayout80x24(t *testing.T) {
	f := newFake()
	m := newModel(t, f, 80, 24)
	press(m, "s", "s", "s", "s", "s", "s")
	v := view(m)
	for _, want := range []string{"bne     a0,a1,8000000c <loop>", "sw      a0,0(sp)", "zero 0000000000000000", "t6   0000000000000000", "pc   0000000080000016"} {
		if !strings.Contains(v, want) {
			t.Errorf("80x24 does not show %q:\n%s", want, v)
		}
	}
	for _, sz := range [][2]int{{79, 24}, {60, 20}, {40, 10}, {30, 6}} {
		m := newModel(t, newFake(), sz[0], sz[1])
		v := view(m)
		lines := strings.Split(v, "\n")
		if len(lines) > sz[1] {
			t.Errorf("%dx%d: %d lines", sz[0], sz[1], len(lines))
		}
		for _, l := range lines {
			if w := len([]rune(l)); w > sz[0] || strings.Contains(l, "…") {
				t.Errorf("%dx%d: line %q is cut or too wide", sz[0], sz[1], l)
			}
		}
		if got := strings.Join(strings.Fields(v), " "); !strings.Contains(got, "please enlarge the window.") {
			t.Errorf("%dx%d: message %q is not whole", sz[0], sz[1], got)
		}
	}
}

// TestStepFollowsPC checks that stepping brings the disassembly back to
// the pc after the user moved its cursor, and that the cursor stays where
// the user put it while nothing runs.
func TestStepFollowsPC(t *testing.T) {
	for _, move := range []string{"key", "click"} {
		f := newFake()
		m := newModel(t, f, 120, 40)
		m.setFocus(paneDisasm)
		switch move {
		case "key":
			press(m, "down", "down", "down")
		case "click":
			m.View() // a click finds its line in what was drawn
			s := m.slotOf(paneDisasm)
			m.Update(tea.MouseMsg{X: s.x + 5, Y: s.y + 4, Button: tea.MouseButtonLeft, Action: tea.MouseActionPress})
		}
		m.View()
		moved := m.dis.cursorAddr(m)
		if moved == f.pc {
			t.Fatalf("%s: cursor did not move off the pc", move)
		}
		m.Update(tickMsg{gen: m.tickGen})
		m.View()
		if got := m.dis.cursorAddr(m); got != moved {
			t.Errorf("%s: while paused the cursor went from %#x to %#x", move, moved, got)
		}
		m.dis.start = fakeBase + 0x1000 // scrolled far away
		press(m, "s")
		m.View()
		if got := m.dis.cursorAddr(m); got != f.pc {
			t.Errorf("%s: after a step the cursor is at %#x; want pc %#x", move, got, f.pc)
		}
		if !strings.Contains(view(m), "▶ 80000004") {
			t.Errorf("%s: pc not in view after a step:\n%s", move, view(m))
		}
		// A step made by another front end (a GDB client) too.
		press(m, "down")
		m.dis.start = fakeBase + 0x1000
		f.Step(1)
		m.Update(tickMsg{gen: m.tickGen})
		m.View()
		if got := m.dis.cursorAddr(m); got != f.pc {
			t.Errorf("%s: after a step elsewhere the cursor is at %#x; want pc %#x", move, got, f.pc)
		}
	}
}

// TestExamineFormats checks gdb's x/ formats beyond the integers.
func TestExamineFormats(t *testing.T) {
	tests := []struct {
		setup func(f *fakeBackend)
		cmd   string
		want  string
	}{
		{nil, "x/2ob buf", "0x80001000: 0150 0145"},
		{nil, "x/1tb buf", "0x80001000: 01101000"},
		{nil, "x/1th buf", "0x80001000: 0110010101101000"},
		{func(f *fakeBackend) { putU64(f, 0x1100, fakeBase+0x10) }, "x/a buf+0x100", "0x80001100: 0x80000010 <loop+0x4>"},
		{func(f *fakeBackend) { putU64(f, 0x1100, math.Float64bits(1.5)) }, "x/f buf+0x100", "0x80001100: 1.5"},
		{func(f *fakeBackend) { putU64(f, 0x1100, uint64(math.Float32bits(-2.25))) }, "x/fw buf+0x100", "0x80001100: -2.25"},
		{func(f *fakeBackend) { putU64(f, 0x1100, math.Float64bits(-0.1)) }, "x/fg buf+0x100", "0x80001100: -0.1"},
		{nil, "x/s buf", `0x80001000 <buf>:  "hello, memory pane"`},
		{func(f *fakeBackend) { copy(f.mem[0x1100:], "one\x00two\x00") }, "x/2s buf+0x100", "0x80001104 <buf+0x104>:  \"two\""},
		{func(f *fakeBackend) { copy(f.mem[len(f.mem)-3:], "abc") }, "x/s 0x80001ffd", "unreadable after this"},
	}
	for _, tc := range tests {
		t.Run(tc.cmd, func(t *testing.T) {
			f := newFake()
			if tc.setup != nil {
				tc.setup(f)
			}
			m := newModel(t, f, 120, 40)
			typeCmd(m, tc.cmd)
			if m.msgErr {
				t.Fatalf("%s: error %q", tc.cmd, m.msg)
			}
			if got := strings.Join(m.output, "\n"); !strings.Contains(got, tc.want) {
				t.Errorf("%s:\n%s\nwant %q", tc.cmd, got, tc.want)
			}
		})
	}
}

func putU64(f *fakeBackend, off int, v uint64) {
	for i := range 8 {
		f.mem[off+i] = byte(v >> (8 * i))
	}
}

// TestSetRegCSRAndFloat checks set reg on CSRs and f registers, through
// the real debugger.
func TestSetRegCSRAndFloat(t *testing.T) {
	tests := []struct {
		cmd   string
		check func(s Snapshot) (got uint64, ok bool)
		want  uint64
		err   string
	}{
		{"set reg mscratch 0x1234", csrValue("mscratch"), 0x1234, ""},
		{"set reg mepc main", csrValue("mepc"), 0, ""}, // checked against the symbol below
		{"set reg fa0 1.5", fregValue(10), math.Float64bits(1.5), ""},
		{"set reg f11 -0.25", fregValue(11), math.Float64bits(-0.25), ""},
		{"set reg fa2 0xffffffff3fc00000", fregValue(12), 0xffffffff3fc00000, ""},
		{"set reg fa0 one", nil, 0, "neither a number"},
		{"set reg nosuch 1", nil, 0, "unknown register"},
	}
	for _, tc := range tests {
		t.Run(tc.cmd, func(t *testing.T) {
			b := newProgWith(t, false, MachineOptions{})
			m := newModel(t, b, 120, 40)
			typeCmd(m, tc.cmd)
			if tc.err != "" {
				if !m.msgErr || !strings.Contains(m.msg, tc.err) {
					t.Errorf("message %q; want an error saying %q", m.msg, tc.err)
				}
				return
			}
			if m.msgErr {
				t.Fatalf("error %q", m.msg)
			}
			want := tc.want
			if strings.HasSuffix(tc.cmd, "main") {
				want, _ = b.SymbolAddr("main")
			}
			got, ok := tc.check(b.Snapshot())
			if !ok || got != want {
				t.Errorf("read back %#x (found %v); want %#x", got, ok, want)
			}
		})
	}
}

func csrValue(name string) func(Snapshot) (uint64, bool) {
	return func(s Snapshot) (uint64, bool) {
		for _, c := range s.CSRs {
			if c.Name == name {
				return c.Value, true
			}
		}
		return 0, false
	}
}

func fregValue(i int) func(Snapshot) (uint64, bool) {
	return func(s Snapshot) (uint64, bool) { return s.FRegs[i], s.FPU }
}

// TestHelpShowsSyntax checks that help lists each command's syntax and
// that help CMD describes one.
func TestHelpShowsSyntax(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {120, 40}, {200, 60}} {
		m := newModel(t, newFake(), sz[0], sz[1])
		typeCmd(m, "help")
		v := strings.Join(strings.Fields(view(m)), " ")
		for _, want := range []string{"break ADDR|SYM [if COND]", "watch ADDR [LEN]", "x/Nfu ADDR", "set reg NAME VALUE",
			"set mem ADDR VALUE", "goto ICOUNT|ADDR", "attach SPEC", "detach SLOT", "theme NAME", "asm ADDR INSTR",
			"events [TYPE]", "regs [x|csr|f]", "snapshot"} {
			if !strings.Contains(v, want) {
				t.Errorf("%dx%d: help does not show %q", sz[0], sz[1], want)
			}
		}
	}
	tests := []struct{ cmd, want, err string }{
		{"help goto", "goto ICOUNT|ADDR  —  a decimal number", ""},
		{"help x/4xw", "x/Nfu ADDR", ""},
		{"help b", "break ADDR|SYM [if COND]", ""},
		{"help frobnicate", "", `no command "frobnicate"`},
	}
	for _, tc := range tests {
		m := newModel(t, newFake(), 120, 40)
		typeCmd(m, tc.cmd)
		if tc.err != "" {
			if !m.msgErr || !strings.Contains(m.msg, tc.err) {
				t.Errorf("%s: message %q; want an error with %q", tc.cmd, m.msg, tc.err)
			}
			continue
		}
		if m.msgErr || !strings.HasPrefix(m.msg, tc.want) || m.showHelp {
			t.Errorf("%s: message %q (help screen %v); want %q", tc.cmd, m.msg, m.showHelp, tc.want)
		}
	}
}

// TestStatusBar checks the status bar's speed (only while running) and
// GDB indicator (listening address, then connected).
func TestStatusBar(t *testing.T) {
	tests := []struct {
		name     string
		snap     func(*Snapshot)
		want     []string
		wantNone []string
	}{
		{"paused shows no speed", func(s *Snapshot) { s.MIPS = 12.5 }, []string{"icount"}, []string{"MIPS"}},
		{"running shows the speed", func(s *Snapshot) { s.State, s.MIPS = Running, 12.5 }, []string{"12.5 MIPS"}, nil},
		{"no gdb", nil, []string{"gdb: -"}, nil},
		{"gdb listening", func(s *Snapshot) { s.GDBAddr = "127.0.0.1:1234" }, []string{"gdb: 127.0.0.1:1234"}, nil},
		{"gdb connected", func(s *Snapshot) { s.GDBAddr, s.GDB = "127.0.0.1:1234", true }, []string{"gdb: connected"}, []string{"1234"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, w := range []int{80, 160} {
				m := newModel(t, newFake(), w, 40)
				if tc.snap != nil {
					tc.snap(&m.snap)
				}
				line := ansi.Strip(m.statusLine())
				for _, want := range tc.want {
					if !strings.Contains(line, want) {
						t.Errorf("%d wide: status %q lacks %q", w, line, want)
					}
				}
				for _, no := range tc.wantNone {
					if strings.Contains(line, no) {
						t.Errorf("%d wide: status %q has %q", w, line, no)
					}
				}
			}
		})
	}
}
