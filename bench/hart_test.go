package bench

import (
	"bytes"
	"debug/elf"
	"io"
	"testing"

	"vmcore/isa/riscv"
)

// These tests and benchmarks run the guest on a bare isa/riscv hart with
// the smallest board that satisfies it (RAM, the UART's THR/LSR, the test
// finisher): the hart's hot loop measured and profiled without anything
// the full board adds.

const (
	ramBase     = 0x8000_0000
	bareRAMSize = 2 << 20 // the guest needs well under 1 MiB
	uartBase    = 0x1000_0000
	uartLSR     = uartBase + 5
	finisher    = 0x10_0000
)

// segment is one PT_LOAD of the guest, read once and copied into every
// fresh RAM.
type segment struct {
	paddr uint64
	data  []byte
}

type guestImage struct {
	entry uint64
	segs  []segment
}

func readImage(tb testing.TB, path string) guestImage {
	tb.Helper()
	f, err := elf.Open(path)
	if err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	defer f.Close()
	if f.Machine != elf.EM_RISCV || f.Class != elf.ELFCLASS64 {
		tb.Fatalf("%s: not an RV64 ELF (%v, %v)", path, f.Machine, f.Class)
	}
	img := guestImage{entry: f.Entry}
	for _, p := range f.Progs {
		if p.Type != elf.PT_LOAD || p.Filesz == 0 {
			continue
		}
		data, err := io.ReadAll(p.Open())
		if err != nil {
			tb.Fatalf("%s: segment at %#x: %v", path, p.Paddr, err)
		}
		img.segs = append(img.segs, segment{p.Paddr, data})
	}
	return img
}

// bareBoard is the guest's view of the virt board, reduced to what
// bench.c touches.
type bareBoard struct {
	out    bytes.Buffer
	exited bool
	code   uint64 // the value written to the finisher
}

func (b *bareBoard) Load(paddr uint64, size int) (uint64, bool) {
	switch {
	case paddr == uartLSR:
		return 0x60, true // THR empty, transmitter idle
	case paddr >= uartBase && paddr < uartBase+8, paddr >= finisher && paddr < finisher+8:
		return 0, true
	}
	return 0, false
}

func (b *bareBoard) Store(paddr uint64, size int, val uint64) bool {
	switch {
	case paddr == uartBase:
		b.out.WriteByte(byte(val))
	case paddr == finisher:
		b.exited, b.code = true, val&0xffff_ffff
	case paddr > uartBase && paddr < uartBase+8:
	default:
		return false
	}
	return true
}

// runBare runs img on a fresh hart until the guest writes the finisher, and
// returns the hart and what the guest printed. maxInsns bounds a runaway.
func runBare(tb testing.TB, img guestImage, maxInsns uint64) (*riscv.Hart, *bareBoard) {
	tb.Helper()
	mem := riscv.NewMemory(ramBase, make([]byte, bareRAMSize))
	for _, s := range img.segs {
		if !mem.Write(s.paddr, s.data) {
			tb.Fatalf("segment at %#x (%d bytes) is outside the %d-byte RAM", s.paddr, len(s.data), bareRAMSize)
		}
	}
	board := &bareBoard{}
	h := riscv.NewHart(0, mem, board, nil)
	h.Reset(img.entry)
	for !board.exited {
		if h.Icount() >= maxInsns {
			tb.Fatalf("guest did not exit within %d instructions (pc %#x); output so far:\n%s", maxInsns, h.PC(), board.out.Bytes())
		}
		switch r := h.Run(maxInsns); r {
		case riscv.StopLimit, riscv.StopYield:
		default:
			if !board.exited {
				tb.Fatalf("hart stopped (reason %d) at pc %#x, icount %d, before the guest exited; output so far:\n%s", r, h.PC(), h.Icount(), board.out.Bytes())
			}
		}
	}
	if board.code != 0x5555 {
		tb.Fatalf("guest exited through the finisher with %#x, not 0x5555 (pass); output:\n%s", board.code, board.out.Bytes())
	}
	return h, board
}

// maxSmall bounds the small guest (about 2e7 instructions) generously.
const maxSmall = 200_000_000

// TestSmallGuestOnBareHart checks the hart's arithmetic on the whole
// benchmark: the result must be what the host build prints.
func TestSmallGuestOnBareHart(t *testing.T) {
	h, board := runBare(t, readImage(t, smallELF), maxSmall)
	o, err := ParseOutput("bare hart "+smallELF, board.out.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := o.Result(), golden(t); got != want {
		t.Errorf("on the bare hart %s prints\n%s\nthe host build prints\n%s", smallELF, got, want)
	}
	// minstret is read a few hundred instructions before the exit.
	if !o.HasMinstret || o.Minstret == 0 || o.Minstret > h.Icount() {
		t.Errorf("guest's minstret %d (printed: %v) is not in (0, icount %d]", o.Minstret, o.HasMinstret, h.Icount())
	}
}

// BenchmarkBareHartSmall runs the small guest on a bare hart and reports the
// hart's speed in MIPS (millions of retired instructions per second).
func BenchmarkBareHartSmall(b *testing.B) {
	img := readImage(b, smallELF)
	var insns uint64
	for b.Loop() {
		h, _ := runBare(b, img, maxSmall)
		insns += h.Icount()
	}
	reportMIPS(b, insns)
}

func reportMIPS(b *testing.B, insns uint64) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(insns)/s/1e6, "MIPS")
	}
	b.ReportMetric(float64(insns)/float64(b.N), "insns/op")
}
