package ui

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"vmcore/debugger"
	"vmcore/vm/machine"
)

// speedGuest is the bench/ guest: a compute loop of about 2e7
// instructions that passes at its end.
const speedGuest = "../bench/guest/bench-small.elf"

// speedMachine loads the bench guest into a fresh machine.
func speedMachine(tb testing.TB, img *machine.Image, console *bytes.Buffer) *machine.Machine {
	tb.Helper()
	m, err := machine.New(machine.Config{RAMSize: 16 << 20, Console: console})
	if err != nil {
		tb.Fatal(err)
	}
	if err := m.Load(img); err != nil {
		tb.Fatal(err)
	}
	return m
}

// runHeadless runs the guest to its end as `vmcore run` does, without a
// debugger or a screen, and returns the instructions and time it took.
func runHeadless(tb testing.TB, img *machine.Image) (uint64, time.Duration) {
	var out bytes.Buffer
	m := speedMachine(tb, img, &out)
	defer m.Close()
	t0 := time.Now()
	r := m.Run(context.Background(), 1<<40)
	dt := time.Since(t0)
	if r.Reason != machine.ReasonPass {
		tb.Fatalf("headless: %v; output %q", r.Reason, out.Bytes())
	}
	return m.Icount(), dt
}

// runWithScreen runs the guest under the debugger with the screen model
// open on a 200x60 terminal, sampling and rendering at fps as bubbletea
// would (a tick message, then View), and returns the instructions and
// time it took.
func runWithScreen(tb testing.TB, img *machine.Image, fps int) (uint64, time.Duration, int) {
	m := speedMachine(tb, img, nil)
	defer m.Close()
	d := debugger.New(m, debugger.Options{})
	defer d.Close()
	be, err := NewMachineBackend(d, MachineOptions{})
	if err != nil {
		tb.Fatal(err)
	}
	defer be.Close()
	model, err := New(be, Options{FPS: fps})
	if err != nil {
		tb.Fatal(err)
	}
	model.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
	model.View()
	tick := time.NewTicker(time.Second / time.Duration(fps))
	defer tick.Stop()
	done := make(chan error, 1)
	t0 := time.Now()
	go func() { done <- be.Continue() }()
	frames := 0
	for {
		select {
		case err := <-done:
			dt := time.Since(t0)
			if err != nil {
				tb.Fatal(err)
			}
			if s := be.Snapshot(); s.State != Halted {
				tb.Fatalf("with the screen: stopped %v (%s), want the guest's exit", s.State, s.Reason)
			}
			return d.Icount(), dt, frames
		case <-tick.C:
			model.Update(tickMsg{gen: model.tickGen})
			_ = model.View()
			frames++
		}
	}
}

// BenchmarkScreenOverhead compares the hart's speed with the screen open
// and ticking at 30 Hz against a headless run of the bench guest, and
// reports both speeds and their ratio (the target is at least 90%):
//
//	go test ./ui -run '^$' -bench ScreenOverhead -benchtime 10x
func BenchmarkScreenOverhead(b *testing.B) {
	data, err := os.ReadFile(speedGuest)
	if err != nil {
		b.Fatal(err)
	}
	img, err := machine.ParseELF(speedGuest, data)
	if err != nil {
		b.Fatal(err)
	}
	var hN, sN uint64
	var hT, sT time.Duration
	frames := 0
	for range b.N {
		// Alternate the two, so that a change in the host's load hits both.
		n, dt := runHeadless(b, img)
		hN, hT = hN+n, hT+dt
		n, dt, f := runWithScreen(b, img, 30)
		sN, sT, frames = sN+n, sT+dt, frames+f
	}
	headless := float64(hN) / hT.Seconds() / 1e6
	screen := float64(sN) / sT.Seconds() / 1e6
	b.ReportMetric(headless, "MIPS-headless")
	b.ReportMetric(screen, "MIPS-screen")
	b.ReportMetric(100*screen/headless, "%-of-headless")
	b.ReportMetric(float64(frames)/sT.Seconds(), "frames/s")
	b.Logf("hart speed with the screen open: %.1f MIPS = %.1f%% of headless %.1f MIPS (%d frames)", screen, 100*screen/headless, headless, frames)
}

// TestScreenRunsGuestToEnd is the benchmark's path as a test: the guest
// reaches its exit under the ticking screen, retiring exactly the
// instructions of a headless run.
func TestScreenRunsGuestToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the bench guest twice")
	}
	data, err := os.ReadFile(speedGuest)
	if err != nil {
		t.Fatal(err)
	}
	img, err := machine.ParseELF(speedGuest, data)
	if err != nil {
		t.Fatal(err)
	}
	hN, _ := runHeadless(t, img)
	sN, _, _ := runWithScreen(t, img, 30)
	if hN != sN {
		t.Errorf("with the screen the guest retired %d instructions, headless %d", sN, hN)
	}
}
