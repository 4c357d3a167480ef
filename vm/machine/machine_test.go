package machine

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vmcore/isa/riscv"
)

func loadFile(t *testing.T, path string) *Image {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	img, err := ParseELF(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func newMachine(t *testing.T, cfg Config) *Machine {
	t.Helper()
	m, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Error(err)
		}
	})
	return m
}

func TestPrograms(t *testing.T) {
	tests := []struct {
		prog   string
		harts  int
		input  string
		reason Reason
		code   int
		source string
		out    string
	}{
		{prog: "hello", reason: ReasonPass, source: "finisher", out: "hello from vmcore\n"},
		{prog: "hello", harts: 3, reason: ReasonPass, source: "finisher", out: "hello from vmcore\n"},
		{prog: "fail", reason: ReasonFail, code: 42, source: "finisher"},
		{prog: "htif", reason: ReasonFail, code: 7, source: "htif", out: "htif says hi\n"},
		{prog: "timer", reason: ReasonPass, source: "finisher", out: "...\n"},
		{prog: "smp", harts: 2, reason: ReasonPass, source: "finisher", out: "two harts met\n"},
		// The first byte lands in the 16550's holding register before the
		// guest turns the FIFO on, which clears it, as on real hardware.
		{prog: "echo", input: "_abc!q", reason: ReasonPass, source: "finisher", out: "> ABC!\nbye\n"},
		{prog: "reset", reason: ReasonPass, source: "finisher", out: "boot 1\nboot 2\n"},
	}
	for _, tt := range tests {
		name := tt.prog
		if tt.harts > 1 {
			name += "-" + string(rune('0'+tt.harts)) + "harts"
		}
		t.Run(name, func(t *testing.T) {
			var out bytes.Buffer
			m := newMachine(t, Config{Harts: tt.harts, Console: &out, RAMSize: 16 << 20})
			if err := m.Load(loadFile(t, filepath.Join("testdata", tt.prog+".elf"))); err != nil {
				t.Fatal(err)
			}
			if tt.input != "" {
				m.SendInput([]byte(tt.input))
			}
			r := m.Run(context.Background(), 10_000_000)
			if r.Reason != tt.reason || r.ExitCode != tt.code || r.Source != tt.source {
				t.Errorf("Run = %+v; want reason %v code %d via %s", r, tt.reason, tt.code, tt.source)
			}
			if out.String() != tt.out {
				t.Errorf("console = %q, want %q", out.String(), tt.out)
			}
			// An exited machine stays exited.
			if again := m.Run(context.Background(), 1); again != r {
				t.Errorf("second Run = %+v, want %+v", again, r)
			}
		})
	}
}

// rawProgram assembles instruction words into a raw image at RAMBase.
func rawProgram(t *testing.T, words ...uint32) *Image {
	t.Helper()
	var b []byte
	for _, w := range words {
		b = append(b, byte(w), byte(w>>8), byte(w>>16), byte(w>>24))
	}
	img, err := RawImage("test.bin", b, RAMBase)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

const (
	insnJSelf = 0x0000006f // j .
	insnWFI   = 0x10500073 // wfi
)

func TestLimitAndResume(t *testing.T) {
	m := newMachine(t, Config{RAMSize: 1 << 20})
	if err := m.Load(rawProgram(t, insnJSelf)); err != nil {
		t.Fatal(err)
	}
	r := m.Run(context.Background(), 1000)
	if r.Reason != ReasonLimit || r.Icount != 1000 || r.PC != RAMBase {
		t.Fatalf("Run = %+v; want limit at icount 1000, pc %#x", r, RAMBase)
	}
	r = m.Run(context.Background(), 1234)
	if r.Reason != ReasonLimit || r.Icount != 1234 {
		t.Fatalf("resumed Run = %+v; want limit at 1234", r)
	}
}

func TestInterrupted(t *testing.T) {
	m := newMachine(t, Config{RAMSize: 1 << 20})
	if err := m.Load(rawProgram(t, insnJSelf)); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if r := m.Run(ctx, 0); r.Reason != ReasonInterrupted {
		t.Fatalf("Run = %+v; want interrupted", r)
	}
}

func TestIdle(t *testing.T) {
	m := newMachine(t, Config{RAMSize: 1 << 20, Harts: 2})
	if err := m.Load(rawProgram(t, insnWFI, insnJSelf)); err != nil {
		t.Fatal(err)
	}
	r := m.Run(context.Background(), 1_000_000)
	if r.Reason != ReasonIdle {
		t.Fatalf("Run = %+v; want idle", r)
	}
	for _, h := range m.Harts() {
		if !h.Waiting() {
			t.Errorf("hart %d not waiting", h.ID())
		}
	}
}

func TestWaitForInput(t *testing.T) {
	m := newMachine(t, Config{RAMSize: 1 << 20, WaitForInput: true})
	if err := m.Load(rawProgram(t, insnWFI, insnJSelf)); err != nil {
		t.Fatal(err)
	}
	done := make(chan Result)
	go func() { done <- m.Run(context.Background(), 0) }()
	m.CloseInput()
	if r := <-done; r.Reason != ReasonIdle {
		t.Fatalf("Run = %+v; want idle after CloseInput", r)
	}
}

// Timer interrupts arrive at an exact instruction count: the same program
// run twice gives the same icount, and the timer test's count matches the
// instructions-per-tick ratio.
func TestDeterminism(t *testing.T) {
	var results []Result
	var outs []string
	for range 2 {
		var out bytes.Buffer
		m := newMachine(t, Config{Harts: 2, Console: &out, RAMSize: 16 << 20, Quantum: 37})
		if err := m.Load(loadFile(t, "testdata/smp.elf")); err != nil {
			t.Fatal(err)
		}
		results = append(results, m.Run(context.Background(), 10_000_000))
		outs = append(outs, out.String())
	}
	if results[0] != results[1] || outs[0] != outs[1] {
		t.Errorf("two runs differ: %+v %q vs %+v %q", results[0], outs[0], results[1], outs[1])
	}
}

func TestTimerSkipsIdleTime(t *testing.T) {
	for _, ipt := range []uint64{1, 10, 100} {
		var out bytes.Buffer
		m := newMachine(t, Config{Console: &out, RAMSize: 16 << 20, InsnsPerTick: ipt})
		if err := m.Load(loadFile(t, "testdata/timer.elf")); err != nil {
			t.Fatal(err)
		}
		r := m.Run(context.Background(), 10_000_000)
		if r.Reason != ReasonPass {
			t.Fatalf("ipt %d: %+v %q", ipt, r, out.String())
		}
		// Three timer periods of 1000 ticks passed, mostly skipped in wfi:
		// far fewer instructions ran than the ticks imply.
		if ticks := m.Ticks(); ticks < 3000 {
			t.Errorf("ipt %d: mtime %d after three 1000-tick periods", ipt, ticks)
		}
		if r.Icount >= 3000*ipt {
			t.Errorf("ipt %d: %d instructions for 3000 ticks: wfi did not skip time", ipt, r.Icount)
		}
	}
}

func TestBootROMHandoff(t *testing.T) {
	m := newMachine(t, Config{RAMSize: 1 << 20, Harts: 2})
	if err := m.Load(rawProgram(t, insnJSelf)); err != nil {
		t.Fatal(err)
	}
	m.Run(context.Background(), 2*DefaultQuantum)
	_, fdtAddr := m.DTB()
	for _, h := range m.Harts() {
		if h.PC() != RAMBase {
			t.Errorf("hart %d at %#x, want entry %#x", h.ID(), h.PC(), RAMBase)
		}
		if a0, a1, a2 := h.Reg(10), h.Reg(11), h.Reg(12); a0 != uint64(h.ID()) || a1 != fdtAddr || a2 != ROMBase+40 {
			t.Errorf("hart %d: a0=%#x a1=%#x a2=%#x; want %d, %#x, %#x", h.ID(), a0, a1, a2, h.ID(), fdtAddr, ROMBase+40)
		}
		if h.Priv() != riscv.PrivM {
			t.Errorf("hart %d in privilege %d", h.ID(), h.Priv())
		}
	}
	if v, ok := m.Peek(ROMBase+40, 4); !ok || v != fwDynMagic {
		t.Errorf("fw_dynamic_info magic = %#x, %v", v, ok)
	}
}

func TestDTBPlacement(t *testing.T) {
	tests := []struct {
		ram  uint64
		want uint64
	}{
		{128 << 20, 0x87e00000}, // as QEMU virt -m 128M
		{1 << 30, 0xbfe00000},
		{2 << 30, 0xbfe00000}, // capped below 3 GiB
	}
	for _, tt := range tests {
		if got := dtbAddr(tt.ram, 4000); got != tt.want {
			t.Errorf("dtbAddr(%#x) = %#x, want %#x", tt.ram, got, tt.want)
		}
	}
	small := dtbAddr(1<<20, 4000)
	if small < RAMBase || small+4000 > RAMBase+1<<20 || small%8 != 0 {
		t.Errorf("1 MiB RAM: DTB at %#x", small)
	}
}

func TestConfigErrors(t *testing.T) {
	tests := []struct {
		cfg  Config
		want string
	}{
		{Config{RAMSize: 1000}, "multiple of 4 KiB"},
		{Config{RAMSize: 32 << 30}, "exceeds"},
		{Config{Harts: -1}, "harts"},
		{Config{Harts: MaxHarts + 1}, "harts"},
		{Config{InsnsPerTick: 1 << 30}, "per tick"},
		{Config{RAMSize: 4096}, "minimum"},
	}
	for _, tt := range tests {
		m, err := New(tt.cfg)
		if err == nil {
			m.Close()
			t.Errorf("New(%+v) succeeded", tt.cfg)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("New(%+v) = %v; want mention of %q", tt.cfg, err, tt.want)
		}
	}
}

func TestBus(t *testing.T) {
	m := newMachine(t, Config{RAMSize: 1 << 20})
	bus := (*busView)(m)
	if bus.Store(ROMBase, 4, 0) {
		t.Error("ROM is writable")
	}
	if v, ok := bus.Load(ROMBase, 4); !ok || v != 0x00000297 {
		t.Errorf("ROM word 0 = %#x, %v", v, ok)
	}
	if !bus.Store(RAMBase+8, 8, 0x1122334455667788) {
		t.Fatal("RAM store through the bus failed")
	}
	if v, ok := bus.Load(RAMBase+8, 2); !ok || v != 0x7788 {
		t.Errorf("RAM load through the bus = %#x, %v", v, ok)
	}
	if _, ok := bus.Load(0x4000_0000, 4); ok {
		t.Error("unmapped address answered")
	}
	if _, ok := bus.Load(RAMBase, 3); ok {
		t.Error("3-byte access answered")
	}
	if v, ok := m.Peek(0x10000005, 1); !ok || v != 0x60 {
		t.Errorf("UART LSR peek = %#x, %v", v, ok)
	}
}

func TestLoadErrors(t *testing.T) {
	m := newMachine(t, Config{RAMSize: 1 << 20})
	img, _ := RawImage("big.bin", make([]byte, 16), RAMBase+1<<20-8)
	if err := m.Load(img); err == nil || !strings.Contains(err.Error(), "big.bin") {
		t.Errorf("segment past RAM: %v", err)
	}
	img, _ = RawImage("low.bin", make([]byte, 16), 0x1000)
	if err := m.Load(img); err == nil {
		t.Error("segment in ROM accepted")
	}
	_, fdtAddr := m.DTB()
	img, _ = RawImage("fdt.bin", make([]byte, 16), fdtAddr)
	if err := m.Load(img); err == nil || !strings.Contains(err.Error(), "device tree") {
		t.Errorf("segment over the DTB: %v", err)
	}
}

func TestInputHook(t *testing.T) {
	var out bytes.Buffer
	var got []string
	m := newMachine(t, Config{Console: &out, RAMSize: 16 << 20, WaitForInput: true,
		OnInput: func(icount uint64, b []byte) { got = append(got, string(b)) }})
	if err := m.Load(loadFile(t, "testdata/echo.elf")); err != nil {
		t.Fatal(err)
	}
	go func() {
		m.SendInput([]byte("hi"))
		m.SendInput([]byte("q"))
	}()
	r := m.Run(context.Background(), 10_000_000)
	if r.Reason != ReasonPass {
		t.Fatalf("Run = %+v, console %q", r, out.String())
	}
	if strings.Join(got, "") != "hiq" {
		t.Errorf("OnInput saw %q", got)
	}
}

// The slice loop does not allocate: thousands of slices, including device
// accesses that end slices early, cost no allocations.
func TestRunDoesNotAllocate(t *testing.T) {
	m := newMachine(t, Config{RAMSize: 1 << 20, Quantum: 10, Harts: 2})
	// lui t0,0x2000 (CLINT); loop: lw t1,0(t0); j loop
	if err := m.Load(rawProgram(t, 0x020002b7, 0x0002a303, 0xffdff06f)); err != nil {
		t.Fatal(err)
	}
	limit := uint64(0)
	allocs := testing.AllocsPerRun(5, func() {
		limit += 100_000
		if r := m.Run(context.Background(), limit); r.Reason != ReasonLimit {
			t.Fatalf("Run = %+v", r)
		}
	})
	if allocs > 0 {
		t.Errorf("%v allocations per 100000 instructions", allocs)
	}
}
