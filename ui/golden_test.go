package ui

import (
	"bytes"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
)

// lockedFake serialises the fake for tests where bubbletea runs control
// calls on its own goroutines.
type lockedFake struct {
	mu sync.Mutex
	f  *fakeBackend
}

func (l *lockedFake) lock() func() { l.mu.Lock(); return l.mu.Unlock }

func (l *lockedFake) Snapshot() Snapshot { defer l.lock()(); return l.f.Snapshot() }
func (l *lockedFake) ReadMemory(a uint64, b []byte) (int, error) {
	defer l.lock()()
	return l.f.ReadMemory(a, b)
}
func (l *lockedFake) WriteMemory(a uint64, b []byte) error {
	defer l.lock()()
	return l.f.WriteMemory(a, b)
}
func (l *lockedFake) WriteRegister(n string, v uint64) error {
	defer l.lock()()
	return l.f.WriteRegister(n, v)
}
func (l *lockedFake) SymbolAt(a uint64) (string, uint64, bool) {
	defer l.lock()()
	return l.f.SymbolAt(a)
}
func (l *lockedFake) SymbolAddr(n string) (uint64, bool) { defer l.lock()(); return l.f.SymbolAddr(n) }
func (l *lockedFake) SymbolNames() []string              { defer l.lock()(); return l.f.SymbolNames() }
func (l *lockedFake) Disassemble(a uint64, n int) []DisasmLine {
	defer l.lock()()
	return l.f.Disassemble(a, n)
}
func (l *lockedFake) Step(n uint64) error { defer l.lock()(); return l.f.Step(n) }
func (l *lockedFake) Next() error         { defer l.lock()(); return l.f.Next() }
func (l *lockedFake) Finish() error       { defer l.lock()(); return l.f.Finish() }
func (l *lockedFake) Continue() error     { defer l.lock()(); return l.f.Continue() }
func (l *lockedFake) Pause() error        { defer l.lock()(); return l.f.Pause() }
func (l *lockedFake) AddBreakpoint(a uint64, c string) (Breakpoint, error) {
	defer l.lock()()
	return l.f.AddBreakpoint(a, c)
}
func (l *lockedFake) AddWatchpoint(a, n uint64) (Breakpoint, error) {
	defer l.lock()()
	return l.f.AddWatchpoint(a, n)
}
func (l *lockedFake) RemoveBreakpoint(id int) error {
	defer l.lock()()
	return l.f.RemoveBreakpoint(id)
}
func (l *lockedFake) EnableBreakpoint(id int, on bool) error {
	defer l.lock()()
	return l.f.EnableBreakpoint(id, on)
}
func (l *lockedFake) Breakpoints() []Breakpoint { defer l.lock()(); return l.f.Breakpoints() }
func (l *lockedFake) SendInput(b []byte)        { defer l.lock()(); l.f.SendInput(b) }

// runGolden drives a real bubbletea program with teatest, waits until the
// output shows want, and compares the final view with testdata/<test>.golden
// (go test ./ui -run TestGolden -update rewrites them).
func runGolden(t *testing.T, w, h int, want string, setup func(*Model), keys ...string) {
	t.Helper()
	f := newFake()
	f.console = []byte("hello from the fake guest\n")
	runGoldenWith(t, &lockedFake{f: f}, w, h, want, setup, keys...)
}

// runGoldenWith is runGolden over the backend b.
func runGoldenWith(t *testing.T, b Backend, w, h int, want string, setup func(*Model), keys ...string) {
	t.Helper()
	m, err := New(b, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if setup != nil {
		setup(m)
	}
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(w, h))
	for _, k := range keys {
		tm.Send(keyMsg(k))
	}
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(want)) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	golden.RequireEqual(t, []byte(final.View()))
}

func TestGoldenStep120x40(t *testing.T) {
	runGolden(t, 120, 40, "last:", nil, "s")
}

func TestGolden80x24(t *testing.T) {
	runGolden(t, 80, 24, "hello", func(m *Model) { m.focus = paneConsole }, "tab", "shift+tab")
}

func TestGoldenWide200x60CSRs(t *testing.T) {
	runGolden(t, 200, 60, "MPP=M", func(m *Model) { m.focus = paneRegs }, "x")
}

// TestGoldenFRegs is the registers pane's f-register view: fflags, frm
// and fcsr decoded, doubles, NaN-boxed singles, a NaN and an infinity.
func TestGoldenFRegs(t *testing.T) {
	runGolden(t, 120, 40, "frm=rtz", func(m *Model) { m.focus = paneRegs }, "v")
}

func TestGoldenHelp(t *testing.T) {
	runGolden(t, 120, 40, "reverse continue", nil, "?")
}

// lockedReplay is lockedFake for the fake recording.
type lockedReplay struct {
	lockedFake
	r *fakeReplay
}

func (l *lockedReplay) Span() (uint64, uint64)         { defer l.lock()(); return l.r.Span() }
func (l *lockedReplay) Marks() []Mark                  { defer l.lock()(); return l.r.Marks() }
func (l *lockedReplay) GoTo(n uint64) error            { defer l.lock()(); return l.r.GoTo(n) }
func (l *lockedReplay) EventsSince(seq uint64) []Event { defer l.lock()(); return l.r.EventsSince(seq) }

// TestGoldenReplay is replay mode after } (to the input mark at icount
// 5), with the events pane focused. One key only: the anatomy pane shows
// what changed since the state the key was pressed in, and with several
// keys in flight that state would depend on timing.
func TestGoldenReplay(t *testing.T) {
	r := newFakeReplay()
	r.console = []byte("hello from the fake recording\n")
	b := &lockedReplay{lockedFake: lockedFake{f: r.fakeBackend}, r: r}
	runGoldenWith(t, b, 120, 40, " 5 / 500 (1.0%)", func(m *Model) { m.focus = paneEvents }, "}")
}

// BenchmarkView measures View for a 200x60 screen: "cached" when nothing
// changed (the common frame), "dirty" when every pane must re-render (a
// step while every pane is visible).
func BenchmarkView(b *testing.B) {
	for _, dirty := range []bool{false, true} {
		name := "cached"
		if dirty {
			name = "dirty"
		}
		b.Run(name, func(b *testing.B) {
			m := newModel(b, fakeFull{newFake()}, 200, 60)
			m.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
			m.View()
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if dirty {
					m.touch(paneRegs, paneDisasm, paneAnatomy, paneMemory, paneConsole, paneBreaks, paneEvents, paneDevices)
					m.tgen++
				}
				_ = m.View()
			}
		})
	}
}
