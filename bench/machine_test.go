package bench

import (
	"bytes"
	"context"
	"os"
	"testing"

	"vmcore/vm/machine"
)

// benchRAM is the board's RAM for these runs: the guest needs well under
// 1 MiB, and a small RAM keeps Load's clearing of RAM out of the figures.
const benchRAM = 16 << 20

func loadImage(tb testing.TB, path string) *machine.Image {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	img, err := machine.ParseELF(path, data)
	if err != nil {
		tb.Fatal(err)
	}
	return img
}

func newMachine(tb testing.TB, console *bytes.Buffer) *machine.Machine {
	tb.Helper()
	m, err := machine.New(machine.Config{RAMSize: benchRAM, Console: console})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		if err := m.Close(); err != nil {
			tb.Error(err)
		}
	})
	return m
}

// runOnMachine loads img into m (a fresh board state) and runs it to its
// exit, which must be a pass. It returns the result and the number of
// instructions this run retired (harts' counts survive a Load: they are
// monotonic).
func runOnMachine(tb testing.TB, m *machine.Machine, img *machine.Image, console *bytes.Buffer) (machine.Result, uint64) {
	tb.Helper()
	console.Reset()
	if err := m.Load(img); err != nil {
		tb.Fatal(err)
	}
	start := m.Icount()
	res := m.Run(context.Background(), start+maxSmall)
	if res.Reason != machine.ReasonPass {
		tb.Fatalf("%s on the machine: %v (exit code %d) at hart %d pc %#x, icount %d; output:\n%s",
			img.Name, res.Reason, res.ExitCode, res.Hart, res.PC, res.Icount, console.Bytes())
	}
	return res, res.Icount - start
}

// TestSmallGuestOnMachine runs the small guest on the whole board (boot
// ROM, UART, finisher) and compares its result with the host build's.
func TestSmallGuestOnMachine(t *testing.T) {
	var console bytes.Buffer
	m := newMachine(t, &console)
	_, n := runOnMachine(t, m, loadImage(t, smallELF), &console)
	o, err := ParseOutput("machine "+smallELF, console.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := o.Result(), golden(t); got != want {
		t.Errorf("on the machine %s prints\n%s\nthe host build prints\n%s", smallELF, got, want)
	}
	if !o.HasMinstret || o.Minstret == 0 || o.Minstret > n {
		t.Errorf("guest's minstret %d (printed: %v) is not in (0, icount %d]", o.Minstret, o.HasMinstret, n)
	}
}

// BenchmarkHartSmall runs the small guest (about 2e7 instructions) on the
// board, as `vmcore run` does, and reports MIPS (millions of retired
// instructions per second). Each iteration reloads the program, which
// resets the board, and runs it to its exit.
func BenchmarkHartSmall(b *testing.B) {
	var console bytes.Buffer
	m := newMachine(b, &console)
	img := loadImage(b, smallELF)
	var insns uint64
	for b.Loop() {
		_, n := runOnMachine(b, m, img, &console)
		insns += n
	}
	reportMIPS(b, insns)
}
