package ui

import (
	"os"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
)

func TestMain(m *testing.M) {
	// Golden views and string checks must not depend on the terminal the
	// tests run in.
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

func newModel(t testing.TB, b Backend, w, h int) *Model {
	t.Helper()
	m, err := New(b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return m
}

// keyMsg turns "s", "tab", "ctrl+c", "f5", "enter" into a key message.
func keyMsg(k string) tea.KeyMsg {
	for t, name := range map[tea.KeyType]string{
		tea.KeyTab: "tab", tea.KeyShiftTab: "shift+tab", tea.KeyEnter: "enter", tea.KeyEsc: "esc",
		tea.KeyUp: "up", tea.KeyDown: "down", tea.KeyLeft: "left", tea.KeyRight: "right",
		tea.KeyPgUp: "pgup", tea.KeyPgDown: "pgdown", tea.KeyHome: "home", tea.KeyEnd: "end", tea.KeyCtrlC: "ctrl+c",
		tea.KeyF5: "f5", tea.KeyF7: "f7", tea.KeyF8: "f8", tea.KeySpace: "space", tea.KeyBackspace: "backspace",
	} {
		if name == k {
			return tea.KeyMsg{Type: t}
		}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// press sends keys; a command a key returns (a control call) is run at
// once and its result fed back, as bubbletea would, but the ticks it
// schedules are not (they would sleep).
func press(m *Model, keys ...string) (quit bool) {
	for _, k := range keys {
		_, cmd := m.Update(keyMsg(k))
		if cmd == nil {
			continue
		}
		switch msg := cmd().(type) {
		case tea.QuitMsg:
			quit = true
		case ctlDoneMsg, keysMsg:
			m.Update(msg)
			if km, ok := msg.(keysMsg); ok && slices.ContainsFunc(km, func(x tea.Msg) bool { _, q := x.(tea.QuitMsg); return q }) {
				quit = true
			}
		}
	}
	return quit
}

// typeCmd opens the command line, types line and runs it.
func typeCmd(m *Model, line string) bool {
	press(m, ":")
	for _, r := range line {
		m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
	return press(m, "enter")
}

func view(m *Model) string { return ansi.Strip(m.View()) }

func TestTooSmall(t *testing.T) {
	for _, sz := range [][2]int{{79, 24}, {80, 23}, {20, 5}} {
		m := newModel(t, newFake(), sz[0], sz[1])
		v := view(m)
		if !strings.Contains(v, "too small") || strings.Contains(v, "Registers") {
			t.Errorf("%dx%d: view = %q; want the too-small message and no panes", sz[0], sz[1], v)
		}
	}
}

// TestLayoutFits checks that every size from the minimum up fills the
// terminal exactly, and that tab reaches every pane.
func TestLayoutFits(t *testing.T) {
	for _, sz := range [][2]int{{80, 24}, {100, 30}, {120, 40}, {169, 50}, {200, 60}, {300, 90}} {
		for _, full := range []bool{false, true} {
			var b Backend = newFake()
			want := 6
			if full {
				b, want = fakeFull{newFake()}, 8
			}
			m := newModel(t, b, sz[0], sz[1])
			lines := strings.Split(view(m), "\n")
			if len(lines) != sz[1] {
				t.Fatalf("%dx%d: %d lines; want %d", sz[0], sz[1], len(lines), sz[1])
			}
			for i, l := range lines {
				if w := ansi.StringWidth(l); w != sz[0] {
					t.Fatalf("%dx%d: line %d is %d wide: %q", sz[0], sz[1], i, w, l)
				}
			}
			seen := map[paneID]bool{}
			for range 2 * numPanes {
				seen[m.focus] = true
				press(m, "tab")
			}
			if len(seen) != want {
				t.Errorf("%dx%d full=%v: tab reached %d panes; want %d", sz[0], sz[1], full, len(seen), want)
			}
		}
	}
}

func TestStepHighlightsAndExplains(t *testing.T) {
	f := newFake()
	m := newModel(t, f, 120, 40)
	press(m, "s")
	if f.pc != fakeBase+4 || len(f.calls) != 1 || f.calls[0] != "step 1" {
		t.Fatalf("after s: pc %#x calls %v; want one step to %#x", f.pc, f.calls, fakeBase+4)
	}
	if !m.changed[10] || m.changed[11] {
		t.Errorf("changed = %v; want a0 changed, a1 not", m.changed)
	}
	v := view(m)
	for _, want := range []string{"last: li a0,0", "a0: 0x0 → 0x1", "I-type", "imm[11:0]", "meaning: a1 ← zero + 5"} {
		if !strings.Contains(v, want) {
			t.Errorf("view after step lacks %q:\n%s", want, v)
		}
	}
	press(m, "f7", "f8", "n", "f")
	if got := strings.Join(f.calls, ","); got != "step 1,step 1,next,step 1,next,step 1,finish,step 1" {
		t.Errorf("calls = %s", got)
	}
}

func TestRunPauseQuit(t *testing.T) {
	tests := []struct {
		name     string
		keys     []string
		quit     bool
		state    RunState
		contains string
	}{
		{"continue", []string{"c"}, false, Running, "RUNNING"},
		{"f5 then pause", []string{"f5", "p"}, false, Paused, "PAUSED: pause"},
		{"ctrl+c pauses", []string{"c", "ctrl+c"}, false, Paused, "PAUSED"},
		{"q while running asks", []string{"c", "q"}, false, Running, "Quit? (y/n)"},
		{"q then n stays", []string{"c", "q", "n"}, false, Running, "RUNNING"},
		{"q then y quits", []string{"c", "q", "y"}, true, Running, ""},
		{"q paused quits", []string{"q"}, true, Paused, ""},
		{"reverse unavailable", []string{"S"}, false, Paused, "needs an execution history"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake()
			m := newModel(t, f, 120, 40)
			quit := press(m, tc.keys...)
			if quit != tc.quit || f.state != tc.state {
				t.Fatalf("quit=%v state=%v; want %v %v", quit, f.state, tc.quit, tc.state)
			}
			if v := view(m); tc.contains != "" && !strings.Contains(v, tc.contains) {
				t.Errorf("view lacks %q:\n%s", tc.contains, v)
			}
		})
	}
}

func TestRegistersPane(t *testing.T) {
	m := newModel(t, newFake(), 120, 40)
	m.setFocus(paneRegs)
	v := view(m)
	for _, want := range []string{"zero 0000000000000000", "sp   0000000080001000", "t6 ", "pc   0000000080000000 <_start>", "priv M"} {
		if !strings.Contains(v, want) {
			t.Errorf("registers lack %q", want)
		}
	}
	press(m, "x")
	v = view(m)
	for _, want := range []string{"mstatus", "MPP=M", "mcause", "illegal instruction", "MODE=Sv39"} {
		if !strings.Contains(v, want) {
			t.Errorf("CSR view lacks %q:\n%s", want, v)
		}
	}
}

func TestDisasmPane(t *testing.T) {
	f := newFake()
	m := newModel(t, f, 120, 40)
	m.setFocus(paneDisasm)
	v := view(m)
	for _, want := range []string{"<_start>:", "<loop>:", "▶ 80000000", "0505", "bne", "ebreak"} {
		if !strings.Contains(v, want) {
			t.Errorf("disassembly lacks %q:\n%s", want, v)
		}
	}
	press(m, "down", "down", "down", "b")
	if len(f.bps) != 1 || f.bps[0].Addr != fakeBase+0xc {
		t.Fatalf("breakpoints = %+v; want one at loop (%#x)", f.bps, fakeBase+0xc)
	}
	if !strings.Contains(view(m), "● ") {
		t.Error("no breakpoint mark in the disassembly")
	}
	press(m, "b")
	if len(f.bps) != 0 {
		t.Errorf("b again should delete: %+v", f.bps)
	}
	// enter on the bne follows its target back to loop.
	press(m, "down", "down", "down", "enter")
	if got := m.dis.cursorAddr(m); got != fakeBase+0xc {
		t.Errorf("enter on bne: cursor at %#x; want loop %#x", got, fakeBase+0xc)
	}
	press(m, "home")
	view(m)
	if got := m.dis.cursorAddr(m); got != f.pc {
		t.Errorf("home: cursor at %#x; want pc %#x", got, f.pc)
	}
}

func TestMemoryPane(t *testing.T) {
	f := newFake()
	m := newModel(t, f, 200, 60)
	m.setFocus(paneMemory)
	typeCmd(m, "goto buf")
	v := view(m)
	if !strings.Contains(v, "80001000  68 65 6c 6c 6f") || !strings.Contains(v, "hello, memory pa") {
		t.Fatalf("memory at buf not shown:\n%s", v)
	}
	press(m, "right", "e", "4", "1", "esc")
	if f.mem[0x1001] != 0x41 {
		t.Errorf("typing 41 at buf+1 wrote %#x", f.mem[0x1001])
	}
	press(m, "e", "z")
	if !m.msgErr {
		t.Error("a non-hex digit in edit mode should say so")
	}
	press(m, "esc", "w")
	if len(f.bps) != 1 || f.bps[0].Kind != KindWatch || f.bps[0].Addr != fakeBase+0x1002 {
		t.Errorf("w: breakpoints = %+v; want a watchpoint at buf+2", f.bps)
	}
	typeCmd(m, "goto sp")
	if m.mem.followReg != 2 {
		t.Errorf("goto sp: follow = %d; want 2 (sp)", m.mem.followReg)
	}
	f.regs[2] = fakeBase + 0x100
	f.gen++
	m.Update(tickMsg{gen: m.tickGen})
	if m.mem.addr != fakeBase+0x100 {
		t.Errorf("following sp: memory at %#x; want %#x", m.mem.addr, fakeBase+0x100)
	}
}

func TestBreakpointsPane(t *testing.T) {
	f := newFake()
	m := newModel(t, f, 120, 40)
	typeCmd(m, "break loop if a0 == 3")
	typeCmd(m, "watch buf 4")
	m.setFocus(paneBreaks)
	v := view(m)
	if !strings.Contains(v, "break 0x8000000c <loop>  if a0 == 3") || !strings.Contains(v, "watch 0x80001000 len 4") {
		t.Fatalf("breakpoints pane:\n%s", v)
	}
	press(m, "space")
	if f.bps[0].Enabled {
		t.Error("space did not disable the first breakpoint")
	}
	press(m, "down", "d")
	if len(f.bps) != 1 || f.bps[0].Kind != KindBreak {
		t.Errorf("d on the watchpoint: %+v", f.bps)
	}
	press(m, "up", "enter")
	if m.focus != paneDisasm && m.dis.cursorAddr(m) != fakeBase+0xc {
		t.Errorf("enter did not show the breakpoint in the disassembly")
	}
}

func TestConsolePane(t *testing.T) {
	f := newFake()
	f.console = []byte("boot\r\nhello \x1b[31mred\x1b[0m\tx\nprompt> ")
	m := newModel(t, f, 120, 40)
	m.setFocus(paneConsole)
	v := view(m)
	if !strings.Contains(v, "hello red       x") || !strings.Contains(v, "prompt>") || strings.Contains(v, "[31m") {
		t.Fatalf("console:\n%s", v)
	}
	press(m, "l", "s", "enter", "tab")
	if string(f.input) != "ls\r" {
		t.Errorf("input = %q; want \"ls\\r\"", f.input)
	}
	if m.focus == paneConsole {
		t.Error("tab should leave the console")
	}
	if len(f.calls) != 0 {
		t.Errorf("keys typed into the console ran %v", f.calls)
	}
}

func TestEventsAndDevices(t *testing.T) {
	f := newFake()
	f.events = []Event{{Seq: 0, Icount: 5, Type: "Stopped", Summary: "breakpoint 1"}, {Seq: 1, Icount: 9, Type: "MemoryPatched", Summary: "4 bytes"}}
	f.devices = []Device{{Name: "uart0", Base: 0x10000000, Fields: []DeviceField{{Name: "LSR", Value: 0x60, Note: "THRE TEMT"}}}}
	m := newModel(t, fakeFull{f}, 200, 60)
	m.setFocus(paneEvents)
	v := view(m)
	if !strings.Contains(v, "Stopped") || !strings.Contains(v, "MemoryPatched") {
		t.Errorf("events pane:\n%s", v)
	}
	typeCmd(m, "events memory")
	if v := view(m); strings.Contains(v, "breakpoint 1") || !strings.Contains(v, "4 bytes") {
		t.Errorf("filter did not apply:\n%s", v)
	}
	m.setFocus(paneDevices)
	if v := view(m); !strings.Contains(v, "uart0 @0x10000000") || !strings.Contains(v, "LSR=0x60 THRE TEMT") {
		t.Errorf("devices pane:\n%s", v)
	}
}

func TestMouse(t *testing.T) {
	m := newModel(t, newFake(), 120, 40)
	s := m.slotOf(paneRegs)
	m.Update(tea.MouseMsg{X: s.x + 3, Y: s.y + 3, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if m.focus != paneRegs {
		t.Errorf("click on registers: focus %v", paneTitles[m.focus])
	}
	// The bottom-right slot holds Console and Memory; click the Memory tab.
	cs := m.slotOf(paneConsole)
	x := cs.x + 2 + len(" Console ") + 2
	m.Update(tea.MouseMsg{X: x, Y: cs.y, Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	if m.focus != paneMemory {
		t.Errorf("click on the Memory tab: focus %v", paneTitles[m.focus])
	}
	ds := m.slotOf(paneDisasm)
	start := m.dis.start
	m.Update(tea.MouseMsg{X: ds.x + 5, Y: ds.y + 5, Action: tea.MouseActionPress, Button: tea.MouseButtonWheelDown})
	if m.dis.start <= start {
		t.Errorf("wheel down did not scroll the disassembly (%#x -> %#x)", start, m.dis.start)
	}
}

func TestHelp(t *testing.T) {
	m := newModel(t, newFake(), 120, 40)
	press(m, "?")
	v := view(m)
	for _, want := range []string{"step instruction", "reverse step", "toggle breakpoint", "command line", "break ADDR|SYM [if COND] · delete N · watch ADDR [LEN]"} {
		if !strings.Contains(v, want) {
			t.Errorf("help lacks %q", want)
		}
	}
	press(m, "x")
	if m.showHelp {
		t.Error("any key should close help")
	}
}
