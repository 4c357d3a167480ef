package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"vmcore/debugger"
	"vmcore/vm/machine"
)

// fakeReplay is a fake recording of fakeEnd instructions: GoTo replays
// the fake from its start.
type fakeReplay struct {
	fakeFull
	end   uint64
	marks []Mark
}

const fakeEnd = 500

func newFakeReplay() *fakeReplay {
	f := newFake()
	f.events = []Event{
		{Seq: 0, Icount: 0, Type: "VMCreated", Summary: "fake.elf"},
		{Seq: 1, Icount: 5, Type: "ConsoleInput", Summary: `"x"`},
		{Seq: 2, Icount: 100, Type: "Checkpoint", Summary: "state 0123…"},
		{Seq: 3, Icount: 300, Type: "Paused", Summary: "user"},
		{Seq: 4, Icount: fakeEnd, Type: "Halted", Summary: "exit code 0"},
	}
	return &fakeReplay{fakeFull: fakeFull{f}, end: fakeEnd, marks: []Mark{
		{Icount: 5, Kind: MarkInput}, {Icount: 14, Kind: MarkBreak}, {Icount: 100, Kind: MarkCheckpoint},
		{Icount: 200, Kind: MarkCheckpoint}, {Icount: 300, Kind: MarkPause}, {Icount: fakeEnd, Kind: MarkEnd},
	}}
}

func (r *fakeReplay) Span() (uint64, uint64) { return 0, r.end }
func (r *fakeReplay) Marks() []Mark          { return r.marks }

func (r *fakeReplay) GoTo(n uint64) error {
	f := r.fakeBackend
	fresh := newFake()
	fresh.events, fresh.bps, fresh.nextID, fresh.calls = f.events, f.bps, f.nextID, append(f.calls, fmt.Sprintf("goto %d", n))
	fresh.gen = f.gen + 1
	*f = *fresh
	if n == 0 {
		return nil
	}
	return f.Step(n)
}

func newReplayModel(t testing.TB, w, h int) (*Model, *fakeReplay) {
	t.Helper()
	r := newFakeReplay()
	return newModel(t, r, w, h), r
}

func TestReplayKeys(t *testing.T) {
	tests := []struct {
		name   string
		keys   []string
		cmd    string // a command line run after the keys
		want   uint64
		errMsg string // the message line, when the move is refused
	}{
		{name: "forward one", keys: []string{"]"}, want: 1},
		{name: "forward and back", keys: []string{"]", "]", "]", "["}, want: 2},
		{name: "back at the start", keys: []string{"["}, want: 0, errMsg: "at the start of the recording"},
		{name: "jump stops at the next mark", keys: []string{"}"}, want: 5},
		{name: "jump to a mark nearer than 2%", keys: []string{"}", "}"}, want: 14},
		{name: "jump by 2% between marks", keys: []string{"}", "}", "}"}, want: 24},
		{name: "end", keys: []string{"end"}, want: fakeEnd},
		{name: "forward at the end", keys: []string{"end", "]"}, want: fakeEnd, errMsg: "at the end of the recording"},
		{name: "jump back by 2%", keys: []string{"end", "{"}, want: fakeEnd - fakeEnd/jumpParts},
		{name: "jump back stops at a mark", keys: []string{"end", "{", "{", "{", "{", "{", "{", "{", "{", "{", "{", "{", "{", "{", "{", "{", "{", "{", "{", "{", "{"}, want: 300},
		{name: "home", keys: []string{"]", "]", "home"}, want: 0},
		{name: "goto icount", cmd: "goto 250", want: 250},
		{name: "goto outside the recording", cmd: "goto 9999", want: 0, errMsg: "outside the recording"},
		{name: "goto an address still shows it", cmd: "goto loop", want: 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m, _ := newReplayModel(t, 120, 40)
			press(m, tc.keys...)
			if tc.cmd != "" {
				typeCmd(m, tc.cmd)
			}
			if m.snap.Icount != tc.want {
				t.Fatalf("icount %d, want %d (message %q)", m.snap.Icount, tc.want, m.msg)
			}
			if tc.errMsg != "" && (!m.msgErr || !strings.Contains(m.msg, tc.errMsg)) {
				t.Errorf("message %q (error %v), want an error saying %q", m.msg, m.msgErr, tc.errMsg)
			}
			if tc.errMsg == "" && m.msgErr {
				t.Errorf("unexpected error message %q", m.msg)
			}
			if !strings.Contains(view(m), fmt.Sprintf(" %d / %d (", tc.want, fakeEnd)) {
				t.Errorf("timeline does not show icount %d:\n%s", tc.want, view(m))
			}
		})
	}
}

func TestReplayView(t *testing.T) {
	m, _ := newReplayModel(t, 120, 40)
	lines := strings.Split(view(m), "\n")
	if len(lines) != 40 {
		t.Fatalf("%d lines, want 40", len(lines))
	}
	bar := lines[len(lines)-3]
	for _, want := range []string{"REPLAY", "◆", MarkBreak.Glyph(), MarkPause.Glyph(), MarkEnd.Glyph(), MarkCheckpoint.Glyph(), " 0 / 500 (0.0%)"} {
		if !strings.Contains(bar, want) {
			t.Errorf("timeline %q lacks %q", bar, want)
		}
	}
	if !strings.Contains(lines[len(lines)-2], "replay: back one instruction") && !strings.Contains(lines[len(lines)-2], "[") {
		t.Errorf("hint line %q does not show the replay keys", lines[len(lines)-2])
	}
	press(m, "end")
	bar = strings.Split(view(m), "\n")[37]
	if !strings.HasSuffix(strings.TrimRight(bar, " "), "500 / 500 (100.0%)") {
		t.Errorf("at the end the timeline is %q", bar)
	}
	press(m, "?")
	v := view(m)
	for _, want := range []string{"replay: back one instruction", "replay: next mark", "Timeline:", "breakpoint hit"} {
		if !strings.Contains(v, want) {
			t.Errorf("help in replay mode lacks %q", want)
		}
	}
}

func TestReplayEventEnter(t *testing.T) {
	m, r := newReplayModel(t, 200, 60)
	m.setFocus(paneEvents)
	// The bottom line is selected: the Halted event; up selects Paused.
	press(m, "up", "enter")
	if m.snap.Icount != 300 {
		t.Fatalf("enter on the Paused event: icount %d, want 300 (calls %v)", m.snap.Icount, r.calls)
	}
	press(m, "up", "up", "enter")
	if m.snap.Icount != 5 {
		t.Fatalf("enter on the ConsoleInput event: icount %d, want 5", m.snap.Icount)
	}
}

func TestReplayTimelineClick(t *testing.T) {
	m, _ := newReplayModel(t, 120, 40)
	x, w := m.barPos()
	_, cmd := m.Update(tea.MouseMsg{X: x + w - 1, Y: m.paneRows(), Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if cmd == nil {
		t.Fatal("a click on the bar did nothing")
	}
	m.Update(cmd())
	if m.snap.Icount != fakeEnd {
		t.Errorf("click at the right end: icount %d, want %d", m.snap.Icount, fakeEnd)
	}
	_, cmd = m.Update(tea.MouseMsg{X: x, Y: m.paneRows(), Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	m.Update(cmd())
	if m.snap.Icount != 0 {
		t.Errorf("click at the left end: icount %d, want 0", m.snap.Icount)
	}
}

func TestReplayConsoleKeysDoNotReachGuest(t *testing.T) {
	m, r := newReplayModel(t, 120, 40)
	m.setFocus(paneConsole)
	press(m, "]", "a")
	if len(r.input) != 0 {
		t.Errorf("typed input reached the replay: %q", r.input)
	}
	if m.snap.Icount != 1 {
		t.Errorf("] with the console focused: icount %d, want 1", m.snap.Icount)
	}
}

// fakeSource adds source lines to the fake.
type fakeSource struct {
	fakeFull
	file string
}

func (f fakeSource) SourceLine(addr uint64) (string, int, bool) {
	switch addr {
	case fakeBase:
		return f.file, 2, true
	case fakeBase + 0xc:
		return f.file, 3, true
	case fakeBase + 0x10:
		return "/no/such/dir/missing.c", 7, true
	}
	return "", 0, false
}

func TestDisasmSourceLines(t *testing.T) {
	src := filepath.Join(t.TempDir(), "loop.s")
	if err := os.WriteFile(src, []byte("# the fake program\n_start:\tli a0, 0\nloop:\taddi a0, a0, 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	m := newModel(t, fakeSource{fakeFull{newFake()}, src}, 120, 40)
	v := view(m)
	for _, want := range []string{"loop.s:2  _start:    li a0, 0", "loop.s:3  loop:    addi a0, a0, 1", "missing.c:7"} {
		if !strings.Contains(v, want) {
			t.Errorf("disassembly lacks %q:\n%s", want, v)
		}
	}
	// The source line comes right above its instruction.
	lines := strings.Split(v, "\n")
	for i, l := range lines {
		if strings.Contains(l, "loop.s:3") && (i+1 >= len(lines) || !strings.Contains(lines[i+1], fmt.Sprintf("%x", fakeBase+0xc))) {
			t.Errorf("line after loop.s:3 is %q, want the instruction at %#x", lines[i+1], fakeBase+0xc)
		}
	}
}

// TestMachineSourceLines reads the DWARF lines of the debugger's test
// guest through the real backend.
func TestMachineSourceLines(t *testing.T) {
	const elf = "../debugger/testdata/prog.elf"
	data, err := os.ReadFile(elf)
	if err != nil {
		t.Fatal(err)
	}
	img, err := machine.ParseELF(elf, data)
	if err != nil {
		t.Fatal(err)
	}
	lines, err := machine.ReadLines(elf, data)
	if err != nil {
		t.Fatal(err)
	}
	m, err := machine.New(machine.Config{RAMSize: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if err := m.Load(img); err != nil {
		t.Fatal(err)
	}
	d := debugger.New(m, debugger.Options{})
	defer d.Close()
	b, err := NewMachineBackend(d, MachineOptions{Lines: lines})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	add, _ := b.SymbolAddr("add")
	file, line, ok := b.SourceLine(add)
	if !ok || filepath.Base(file) != "prog.c" || line != 10 {
		t.Fatalf("SourceLine(add) = %s:%d %v, want prog.c:10", file, line, ok)
	}
	sm := newModel(t, b, 120, 40)
	typeCmd(sm, "goto add")
	v := view(sm)
	want := "prog.c:10"
	if _, err := os.Stat(file); err == nil {
		want = "prog.c:10  {" // the source is where DWARF says: its text shows
	}
	if !strings.Contains(v, want) {
		t.Errorf("disassembly at add lacks %q:\n%s", want, v)
	}
}

// TestReplayMovesInOrder: keys pressed while a move runs do not start
// moves of their own; the last target is gone to when the move ends.
func TestReplayMovesInOrder(t *testing.T) {
	m, r := newReplayModel(t, 120, 40)
	_, first := m.Update(keyMsg("]"))
	if first == nil {
		t.Fatal("] started no move")
	}
	for range 3 {
		if _, c := m.Update(keyMsg("]")); c != nil {
			t.Fatal("a key during a move started another one")
		}
	}
	_, next := m.Update(first())
	if m.snap.Icount != 1 || !m.tlMoving || m.tlTarget != 4 {
		t.Fatalf("after the first move: icount %d, moving %v to %d; want 1, a move to 4", m.snap.Icount, m.tlMoving, m.tlTarget)
	}
	// next batches the tick with the queued move; run the move.
	batch, ok := next().(tea.BatchMsg)
	if !ok {
		t.Fatalf("after the first move: %T, want a batch with the queued move", next())
	}
	for _, c := range batch {
		if msg, ok := c().(ctlDoneMsg); ok {
			m.Update(msg)
		}
	}
	if m.snap.Icount != 4 || m.tlMoving {
		t.Errorf("after the queued move: icount %d moving %v; want 4, done (calls %v)", m.snap.Icount, m.tlMoving, r.calls)
	}
	if got := strings.Join(r.calls, ","); !strings.Contains(got, "goto 1") || !strings.Contains(got, "goto 4") || strings.Contains(got, "goto 2") {
		t.Errorf("moves made: %s; want goto 1 then goto 4 only", got)
	}
}

// TestReplayLayoutFits: with the timeline row the screen still fills the
// terminal exactly, panes and help alike.
func TestReplayLayoutFits(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {100, 30}, {120, 40}, {200, 60}} {
		for _, help := range []bool{false, true} {
			m, _ := newReplayModel(t, sz[0], sz[1])
			if help {
				press(m, "?")
			}
			lines := strings.Split(view(m), "\n")
			if len(lines) != sz[1] {
				t.Fatalf("%dx%d help=%v: %d lines; want %d", sz[0], sz[1], help, len(lines), sz[1])
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w != sz[0] {
					t.Fatalf("%dx%d help=%v: line %d is %d wide: %q", sz[0], sz[1], help, i, w, l)
				}
			}
			if !strings.Contains(lines[sz[1]-3], "REPLAY") {
				t.Errorf("%dx%d: no timeline above the message line: %q", sz[0], sz[1], lines[sz[1]-3])
			}
		}
	}
}
