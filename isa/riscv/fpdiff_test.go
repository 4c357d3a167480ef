package riscv

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"debug/elf"
	enchex "encoding/hex"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vmcore/internal/testtools"
)

// The F/D differential test. A generated bare-metal guest
// (testdata/fpdiff/fpdiff.S, built to fpdiff.elf) runs every F/D
// operation, with every static rounding mode and with the dynamic one
// (frm drawn at random), on operands drawn from pools of special and
// random values by a xorshift generator, and writes each result's 64 bits
// and fflags to the UART as 9 raw bytes. The same ELF runs on QEMU and on
// this hart; the outputs must be identical.
//
// fpdiff.golden holds one SHA-256 per stub of QEMU's output, so plain
// `go test` compares the hart with QEMU's recorded results without QEMU.
// When QEMU is installed the test also runs it live and reports the first
// differing records with their operands. -update regenerates the source,
// rebuilds the ELF (riscv64-unknown-elf-gcc) and re-records the golden
// file from QEMU.

const (
	fpdiffDir    = "testdata/fpdiff"
	fpdiffSrc    = fpdiffDir + "/fpdiff.S"
	fpdiffELF    = fpdiffDir + "/fpdiff.elf"
	fpdiffGolden = fpdiffDir + "/fpdiff.golden"
	fpdiffPerOp  = 1024 // records per stub
	fpdiffSeed   = 0x9e3779b97f4a7c15
	fpdiffRecLen = 9 // 8 result bytes, 1 fflags byte
	uartBase     = 0x10000000
	finisherBase = 0x100000
	poolSize     = 512 // entries per operand pool; the first 32 are specials
)

// fpStub is one generated code stub: asm computes into a0 (integer
// results, or the f result moved with fmv.x.d) from fa1..fa3 / a2.
type fpStub struct {
	asm   string // the instruction under test, as written in the source
	pools [3]int // operand pools for a, b, c: poolS, poolD or poolI
	fRes  bool   // the result is in fa0 (moved to a0 with fmv.x.d)
}

const (
	poolS = iota
	poolD
	poolI
)

var poolNames = [3]string{"pool_s", "pool_d", "pool_i"}

func fpdiffStubs() []fpStub {
	var st []fpStub
	rms := []string{",rne", ",rtz", ",rdn", ",rup", ",rmm", ""}
	for _, p := range []string{"s", "d"} {
		fp := poolS
		if p == "d" {
			fp = poolD
		}
		ff := [3]int{fp, fp, fp}
		for _, rm := range rms {
			for _, op := range []string{"fadd", "fsub", "fmul", "fdiv"} {
				st = append(st, fpStub{fmt.Sprintf("%s.%s fa0,fa1,fa2%s", op, p, rm), ff, true})
			}
			st = append(st, fpStub{fmt.Sprintf("fsqrt.%s fa0,fa1%s", p, rm), ff, true})
			for _, op := range []string{"fmadd", "fmsub", "fnmsub", "fnmadd"} {
				st = append(st, fpStub{fmt.Sprintf("%s.%s fa0,fa1,fa2,fa3%s", op, p, rm), ff, true})
			}
			for _, i := range []string{"w", "wu", "l", "lu"} {
				st = append(st, fpStub{fmt.Sprintf("fcvt.%s.%s a0,fa1%s", i, p, rm), ff, false})
				if p == "s" || i == "l" || i == "lu" {
					st = append(st, fpStub{fmt.Sprintf("fcvt.%s.%s fa0,a2%s", p, i, rm), [3]int{poolI, poolI, poolI}, true})
				}
			}
			if p == "s" {
				st = append(st, fpStub{"fcvt.s.d fa0,fa1" + rm, [3]int{poolD, poolD, poolD}, true})
			}
		}
		for _, op := range []string{"fsgnj", "fsgnjn", "fsgnjx", "fmin", "fmax"} {
			st = append(st, fpStub{fmt.Sprintf("%s.%s fa0,fa1,fa2", op, p), ff, true})
		}
		for _, op := range []string{"feq", "flt", "fle"} {
			st = append(st, fpStub{fmt.Sprintf("%s.%s a0,fa1,fa2", op, p), ff, false})
		}
		st = append(st, fpStub{fmt.Sprintf("fclass.%s a0,fa1", p), ff, false})
		x := map[string]string{"s": "w", "d": "d"}[p]
		st = append(st, fpStub{fmt.Sprintf("fmv.x.%s a0,fa1", x), ff, false})
		st = append(st, fpStub{fmt.Sprintf("fmv.%s.x fa0,a2", x), [3]int{poolI, poolI, poolI}, true})
	}
	st = append(st,
		fpStub{"fcvt.d.w fa0,a2", [3]int{poolI, poolI, poolI}, true},
		fpStub{"fcvt.d.wu fa0,a2", [3]int{poolI, poolI, poolI}, true},
		fpStub{"fcvt.d.s fa0,fa1", [3]int{poolS, poolS, poolS}, true},
	)
	return st
}

// fpdiffPools returns the three operand pools. Each starts with 32
// special values; the rest are random values biased towards the places
// where rounding, overflow, underflow and conversion limits live.
func fpdiffPools() [3][poolSize]uint64 {
	var pools [3][poolSize]uint64
	r := rand.New(rand.NewPCG(11, 12))
	box := func(v uint32) uint64 { return 0xffffffff00000000 | uint64(v) }
	s := []uint64{
		box(0), box(0x80000000), box(0x7f800000), box(0xff800000), box(0x7fc00000),
		box(0x7fa00000), box(0xffc00001), box(1), box(0x807fffff), box(0x00800000),
		box(0x7f7fffff), box(0xff7fffff), box(0x3f800000), box(0xbf800000), box(0x3fc00000),
		box(0x40000000), box(0x4f000000), box(0xcf000000), box(0x5f000000), box(0xdf000000),
		box(0x4f800000), box(0x3f000000), box(0xbfc00000), box(0x40200000), box(0x33800000),
		box(0x3f800001), box(0x3f7fffff), box(0x00400000), box(0x00000003),
		0x000000003f800000, // not NaN-boxed: reads as the canonical NaN
		0x7ff8000000000000, // not NaN-boxed either
		box(0x4b000001),
	}
	d := []uint64{
		0, 1 << 63, 0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000,
		0x7ff4000000000000, 0xfff8000000000001, 1, 0x800fffffffffffff, 0x0010000000000000,
		0x7fefffffffffffff, 0xffefffffffffffff, 0x3ff0000000000000, 0xbff0000000000000, 0x3ff8000000000000,
		0x4000000000000000, 0x41e0000000000000, 0xc1e0000000000000, 0x43e0000000000000, 0xc3e0000000000000,
		0x41f0000000000000, 0x3fe0000000000000, 0xbff8000000000000, 0x4004000000000000, 0x3ca0000000000000,
		0x3ff0000000000001, 0x3fefffffffffffff, 0x0008000000000000, 0x0000000000000003,
		0x41dfffffffc00000, // 2^31 - 1
		0xc1e0000000200000, // -2^31 - 1
		0x4340000000000001,
	}
	in := []uint64{
		0, 1, ^uint64(0), 2, 1<<31 - 1, 0xffffffff80000000, 1 << 31, 1<<32 - 1,
		1<<63 - 1, 1 << 63, 1<<24 + 1, 1<<53 + 1, 1<<25 + 3, 0xffffffff00000001, 0x80000001, 0x7fffffffffffffff,
		1 << 62, 1<<54 + 1, 0xfffffffffeffffff, 3, 5, 100, 0xfffffffffffffff9, 1<<32 + 1,
		0xffffffffffffff, 0x1000001, 0xfffffffffffffe01, 0x20000001, 0xaaaaaaaaaaaaaaaa, 0x5555555555555555,
		0x8000000000000001, 0x00000000ffffff80,
	}
	copy(pools[poolS][:], s)
	copy(pools[poolD][:], d)
	copy(pools[poolI][:], in)
	for i := 32; i < poolSize; i++ {
		// binary64
		var v uint64
		switch i % 6 {
		case 0:
			v = r.Uint64()
		case 1: // near the subnormal boundary
			v = uint64(r.IntN(4))<<52 | r.Uint64()&(1<<52-1)
		case 2: // few significant bits: exact products, ties
			v = uint64(1023+r.IntN(80)-40)<<52 | uint64(r.IntN(16))<<48
		case 3: // near the overflow threshold
			v = uint64(2046-r.IntN(4))<<52 | r.Uint64()&(1<<52-1)
		case 4: // around the integer conversion limits
			v = uint64(1023+28+r.IntN(40))<<52 | r.Uint64()&(1<<52-1)
		default: // ordinary values
			v = math.Float64bits(r.NormFloat64() * math.Ldexp(1, r.IntN(20)-10))
		}
		if r.IntN(2) == 0 {
			v |= 1 << 63
		}
		pools[poolD][i] = v
		// binary32
		var w uint32
		switch i % 6 {
		case 0:
			w = r.Uint32()
		case 1:
			w = uint32(r.IntN(4))<<23 | r.Uint32()&(1<<23-1)
		case 2:
			w = uint32(127+r.IntN(40)-20)<<23 | uint32(r.IntN(16))<<19
		case 3:
			w = uint32(254-r.IntN(4))<<23 | r.Uint32()&(1<<23-1)
		case 4:
			w = uint32(127+20+r.IntN(48))<<23 | r.Uint32()&(1<<23-1)
		default:
			w = math.Float32bits(float32(r.NormFloat64() * math.Ldexp(1, r.IntN(20)-10)))
		}
		if r.IntN(2) == 0 {
			w |= 1 << 31
		}
		pools[poolS][i] = box(w)
		// integers
		switch i % 4 {
		case 0:
			pools[poolI][i] = r.Uint64()
		case 1:
			pools[poolI][i] = uint64(int64(int32(r.Uint32())))
		case 2:
			pools[poolI][i] = r.Uint64() >> r.IntN(64)
		default:
			pools[poolI][i] = uint64(r.Uint32()) | uint64(r.IntN(2))<<63 // W inputs with garbage above
		}
	}
	return pools
}

// fpdiffRNG mirrors the guest's operand choice: xorshift64, four draws
// per record (a, b, c, frm), a quarter of the draws from the 32 specials.
type fpdiffRNG struct{ s uint64 }

func (g *fpdiffRNG) next() uint64 {
	g.s ^= g.s << 13
	g.s ^= g.s >> 7
	g.s ^= g.s << 17
	return g.s
}

func (g *fpdiffRNG) pick() int {
	v := g.next()
	if v>>62 == 0 {
		return int(v >> 8 & 31)
	}
	return int(v >> 8 & (poolSize - 1))
}

func genFPDiff() string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	w("# Generated by fpdiff_test.go -update: the F/D differential guest. Do not edit.")
	w("\t.option norvc")
	w("\t.text")
	w("\t.globl _start")
	w("_start:")
	w("\tla t0, trap\n\tcsrw mtvec, t0")
	w("\tli t0, 1<<13\n\tcsrs mstatus, t0\t# FS = Initial")
	w("\tla s0, stubs\n\tla s1, stubs_end\n\tli s2, %#x", uint64(fpdiffSeed))
	w("next_stub:\n\tbeq s0, s1, done")
	w("\tld s3, 0(s0)\n\tld s5, 8(s0)\n\tld s6, 16(s0)\n\tld s7, 24(s0)\n\tli s4, %d", fpdiffPerOp)
	w("record:")
	pick := func(pool, dst string) {
		w("\tslli t1, s2, 13\n\txor s2, s2, t1\n\tsrli t1, s2, 7\n\txor s2, s2, t1\n\tslli t1, s2, 17\n\txor s2, s2, t1")
		w("\tsrli t1, s2, 8\n\tandi t1, t1, %d\n\tsrli t2, s2, 62\n\tbnez t2, 1f\n\tandi t1, t1, 31\n1:", poolSize-1)
		w("\tslli t1, t1, 3\n\tadd t1, t1, %s\n\tld %s, 0(t1)", pool, dst)
	}
	pick("s5", "a2")
	pick("s6", "a3")
	pick("s7", "a4")
	w("\tslli t1, s2, 13\n\txor s2, s2, t1\n\tsrli t1, s2, 7\n\txor s2, s2, t1\n\tslli t1, s2, 17\n\txor s2, s2, t1")
	w("\tsrli t1, s2, 32\n\tli t2, 5\n\tremu t1, t1, t2\n\tfsrm t1")
	w("\tfmv.d.x fa1, a2\n\tfmv.d.x fa2, a3\n\tfmv.d.x fa3, a4\n\tfmv.d.x fa0, zero\n\tli a0, 0")
	w("\tfsflags zero\n\tjalr s3")
	w("\tli t3, 8\n\tmv t4, a0\n2:\tandi a5, t4, 0xff\n\tcall putc\n\tsrli t4, t4, 8\n\taddi t3, t3, -1\n\tbnez t3, 2b")
	w("\tmv a5, a1\n\tcall putc")
	w("\taddi s4, s4, -1\n\tbnez s4, record")
	w("\taddi s0, s0, 32\n\tj next_stub")
	w("done:\n\tli t0, %#x\n\tli t1, 0x5555\n\tsw t1, 0(t0)\n3:\tj 3b", finisherBase)
	w("# putc: a5 -> UART THR once LSR.THRE is set; clobbers t5, t6.")
	w("putc:\n\tli t5, %#x\n4:\tlbu t6, 5(t5)\n\tandi t6, t6, 0x20\n\tbeqz t6, 4b\n\tsb a5, 0(t5)\n\tret", uartBase)
	w("# An unexpected trap: 0xff bytes then mcause, mepc; fail with code 2.")
	w("\t.align 2\ntrap:\n\tli a5, 0xff\n\tcall putc\n\tcall putc\n\tcsrr a0, mcause\n\tcsrr a1, mepc\n\tli t0, %#x\n\tli t1, 0x23333\n\tsw t1, 0(t0)\n5:\tj 5b", finisherBase)
	stubs := fpdiffStubs()
	for i, s := range stubs {
		w("stub%d:\t# %s", i, s.asm)
		w("\t%s", s.asm)
		if s.fRes {
			w("\tfmv.x.d a0, fa0")
		}
		w("\tfrflags a1\n\tret")
	}
	w("\t.data\n\t.align 3\nstubs:")
	for i, s := range stubs {
		w("\t.dword stub%d, %s, %s, %s", i, poolNames[s.pools[0]], poolNames[s.pools[1]], poolNames[s.pools[2]])
	}
	w("stubs_end:")
	pools := fpdiffPools()
	for p, name := range poolNames {
		w("%s:", name)
		for i := 0; i < poolSize; i += 4 {
			w("\t.dword %#x, %#x, %#x, %#x", pools[p][i], pools[p][i+1], pools[p][i+2], pools[p][i+3])
		}
	}
	return b.String()
}

// buildFPDiff regenerates the source and builds the ELF.
func buildFPDiff(t *testing.T) {
	if err := writeFileIfChanged(fpdiffSrc, []byte(genFPDiff())); err != nil {
		t.Fatal(err)
	}
	elfData := compileFPDiff(t)
	if err := writeFileIfChanged(fpdiffELF, elfData); err != nil {
		t.Fatal(err)
	}
}

// compileFPDiff builds fpdiff.S, linked at 0x80000000, and returns the
// ELF. The object gets a fixed name in a scratch directory: the driver's
// random temporary name would land in the symbol table and make every
// build differ.
func compileFPDiff(t *testing.T) []byte {
	gcc := testtools.Need(t, "riscv64-unknown-elf-gcc")
	src, err := filepath.Abs(fpdiffSrc)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	script := "ENTRY(_start)\nSECTIONS {\n  . = 0x80000000;\n  .text : { *(.text) }\n  .data : { *(.data) }\n}\n"
	if err := os.WriteFile(filepath.Join(dir, "fpdiff.ld"), []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"-march=rv64imafd_zicsr", "-mabi=lp64d", "-c", "-o", "fpdiff.o", src},
		{"-march=rv64imafd_zicsr", "-mabi=lp64d", "-nostdlib", "-nostartfiles", "-static", "-T", "fpdiff.ld",
			"-Wl,--build-id=none", "-Wl,--no-warn-rwx-segments", "-o", "fpdiff.elf", "fpdiff.o"},
	} {
		cmd := exec.Command(gcc, args...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s %s: %v\n%s", gcc, strings.Join(args, " "), err, out)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "fpdiff.elf"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestFPDiffELFUpToDate rebuilds the guest from its committed source and
// requires the committed ELF to be byte-identical.
func TestFPDiffELFUpToDate(t *testing.T) {
	built := compileFPDiff(t)
	committed, err := os.ReadFile(fpdiffELF)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(built, committed) {
		t.Fatalf("%s differs from a fresh build of %s: run go test -run TestFPDiffGolden -update", fpdiffELF, fpdiffSrc)
	}
}

// fpdiffBus is the smallest board the guest needs: a UART transmit
// register (LSR always ready) and the test finisher.
type fpdiffBus struct {
	out    bytes.Buffer
	hart   *Hart
	done   bool
	status uint64
}

func (b *fpdiffBus) Load(pa uint64, size int) (uint64, bool) {
	switch {
	case pa == uartBase+5:
		return 0x60, true
	case pa >= uartBase && pa < uartBase+8:
		return 0, true
	}
	return 0, false
}

func (b *fpdiffBus) Store(pa uint64, size int, v uint64) bool {
	switch {
	case pa == uartBase:
		b.out.WriteByte(byte(v))
		return true
	case pa > uartBase && pa < uartBase+8:
		return true
	case pa == finisherBase:
		b.done, b.status = true, v&0xffffffff
		b.hart.Yield()
		return true
	}
	return false
}

// loadELF copies the ELF's loadable segments into a fresh RAM at
// 0x80000000 and returns the entry point.
func loadELF(t testing.TB, path string, ram []byte) uint64 {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatalf("opening %s: %v", path, err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type != elf.PT_LOAD || p.Memsz == 0 {
			continue
		}
		if p.Paddr < ramBase || p.Paddr+p.Memsz > ramBase+uint64(len(ram)) {
			t.Fatalf("%s: segment at %#x+%#x is outside RAM", path, p.Paddr, p.Memsz)
		}
		if _, err := p.ReadAt(ram[p.Paddr-ramBase:p.Paddr-ramBase+p.Filesz], 0); err != nil {
			t.Fatalf("%s: reading segment at %#x: %v", path, p.Paddr, err)
		}
	}
	return f.Entry
}

// runFPDiffVmcore runs the guest on this hart and returns its UART output.
func runFPDiffVmcore(t testing.TB) []byte {
	ram := make([]byte, 4<<20)
	entry := loadELF(t, fpdiffELF, ram)
	bus := &fpdiffBus{}
	h := NewHart(0, NewMemory(ramBase, ram), bus, nil)
	bus.hart = h
	h.Reset(entry)
	for !bus.done && h.Icount() < 500_000_000 {
		h.Run(h.Icount() + 1_000_000)
	}
	if !bus.done || bus.status != 0x5555 {
		t.Fatalf("fpdiff on vmcore: finished=%v status=%#x after %d instructions, pc=%#x, mcause=%#x",
			bus.done, bus.status, h.Icount(), h.PC(), must(h.ReadCSR(CSRMcause)))
	}
	return bus.out.Bytes()
}

func must(v uint64, _ bool) uint64 { return v }

// runFPDiffQEMU runs the guest on qemu-system-riscv64 (F and D on, the
// default rv64 CPU) and returns its UART output.
func runFPDiffQEMU(t testing.TB) []byte {
	qemu := testtools.Need(t, "qemu-system-riscv64")
	out := filepath.Join(t.TempDir(), "uart.bin")
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, qemu, "-machine", "virt", "-cpu", "rv64", "-smp", "1", "-m", "64M",
		"-bios", "none", "-kernel", fpdiffELF, "-display", "none", "-monitor", "none", "-serial", "file:"+out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", qemu, err, msg)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// fpdiffHashes splits the output into one SHA-256 per stub.
func fpdiffHashes(t testing.TB, out []byte, stubs []fpStub) []string {
	t.Helper()
	want := len(stubs) * fpdiffPerOp * fpdiffRecLen
	if len(out) != want {
		t.Fatalf("fpdiff output is %d bytes, want %d (%d stubs x %d records x %d bytes); tail %x",
			len(out), want, len(stubs), fpdiffPerOp, fpdiffRecLen, out[max(0, len(out)-32):])
	}
	var hs []string
	for i := range stubs {
		n := fpdiffPerOp * fpdiffRecLen
		s := sha256.Sum256(out[i*n : (i+1)*n])
		hs = append(hs, enchex.EncodeToString(s[:]))
	}
	return hs
}

// fpdiffOperands returns the operands of every record, as the guest
// draws them, for error messages.
func fpdiffOperands(stubs []fpStub) [][][4]uint64 {
	pools := fpdiffPools()
	g := &fpdiffRNG{fpdiffSeed}
	ops := make([][][4]uint64, len(stubs))
	for i, s := range stubs {
		for range fpdiffPerOp {
			var r [4]uint64
			for k := 0; k < 3; k++ {
				r[k] = pools[s.pools[k]][g.pick()]
			}
			r[3] = (g.next() >> 32) % 5
			ops[i] = append(ops[i], r)
		}
	}
	return ops
}

// compareFPDiff reports the records where got and want differ.
func compareFPDiff(t *testing.T, got, want []byte, stubs []fpStub) {
	t.Helper()
	ops := fpdiffOperands(stubs)
	bad := 0
	n := fpdiffPerOp * fpdiffRecLen
	for i, s := range stubs {
		for j := 0; j < fpdiffPerOp; j++ {
			off := i*n + j*fpdiffRecLen
			g, w := got[off:off+fpdiffRecLen], want[off:off+fpdiffRecLen]
			if bytes.Equal(g, w) {
				continue
			}
			if bad++; bad <= 30 {
				o := ops[i][j]
				t.Errorf("%s (a=%#x b=%#x c=%#x frm=%d): vmcore %#x flags %#x, qemu %#x flags %#x",
					s.asm, o[0], o[1], o[2], o[3], le64(g), g[8], le64(w), w[8])
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d records differ", bad, len(stubs)*fpdiffPerOp)
	}
}

func le64(b []byte) uint64 {
	var v uint64
	for i := 7; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}

func readFPDiffGolden(t *testing.T) []string {
	t.Helper()
	f, err := os.Open(fpdiffGolden)
	if err != nil {
		t.Fatalf("golden file: %v (run go test -run TestFPDiff -update with qemu-system-riscv64 installed)", err)
	}
	defer f.Close()
	var hs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		_, h, ok := strings.Cut(l, "\t")
		if !ok {
			t.Fatalf("%s: malformed line %q", fpdiffGolden, l)
		}
		hs = append(hs, h)
	}
	return hs
}

// TestFPDiffGolden runs the differential guest on this hart and compares
// each stub's results with QEMU's, as recorded in fpdiff.golden.
func TestFPDiffGolden(t *testing.T) {
	stubs := fpdiffStubs()
	if *update {
		buildFPDiff(t)
		q := runFPDiffQEMU(t)
		var b strings.Builder
		b.WriteString("# SHA-256 of qemu-system-riscv64's output per stub of fpdiff.elf (fpdiff_test.go -update).\n")
		for i, h := range fpdiffHashes(t, q, stubs) {
			fmt.Fprintf(&b, "%s\t%s\n", stubs[i].asm, h)
		}
		if err := writeFileIfChanged(fpdiffGolden, []byte(b.String())); err != nil {
			t.Fatal(err)
		}
	}
	if src, err := os.ReadFile(fpdiffSrc); err != nil || string(src) != genFPDiff() {
		t.Fatalf("%s is not what the generator writes now (%v): run go test -run TestFPDiffGolden -update", fpdiffSrc, err)
	}
	want := readFPDiffGolden(t)
	if len(want) != len(stubs) {
		t.Fatalf("%s has %d stubs, the generator %d: run -update", fpdiffGolden, len(want), len(stubs))
	}
	got := fpdiffHashes(t, runFPDiffVmcore(t), stubs)
	bad := 0
	for i := range stubs {
		if got[i] != want[i] {
			bad++
			t.Errorf("%s: results differ from QEMU's (run TestFPDiffQEMU for the records)", stubs[i].asm)
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d stubs differ", bad, len(stubs))
	}
}

// TestFPDiffQEMU runs the differential guest on QEMU and on this hart and
// compares every record.
func TestFPDiffQEMU(t *testing.T) {
	stubs := fpdiffStubs()
	q := runFPDiffQEMU(t)
	v := runFPDiffVmcore(t)
	fpdiffHashes(t, q, stubs)
	fpdiffHashes(t, v, stubs)
	compareFPDiff(t, v, q, stubs)
}
