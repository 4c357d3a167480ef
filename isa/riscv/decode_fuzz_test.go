package riscv

import (
	"math/rand/v2"
	"testing"
)

// checkDecodeInvariants is what must hold for every encoding: Len follows
// raw&3, Raw keeps the encoding as fetched (16 bits for RVC), Decode is a
// pure function, register numbers are in range, and the result prints.
func checkDecodeInvariants(t *testing.T, raw uint32) {
	t.Helper()
	in := Decode(raw)
	wantLen, wantRaw := uint8(4), raw
	if raw&3 != 3 {
		wantLen, wantRaw = 2, raw&0xffff
	}
	if in.Len != wantLen || in.Raw != wantRaw {
		t.Fatalf("Decode(%#08x): Len=%d Raw=%#x, want Len=%d Raw=%#x", raw, in.Len, in.Raw, wantLen, wantRaw)
	}
	if in.Rd > 31 || in.Rs1 > 31 || in.Rs2 > 31 || in.Op >= NumOps {
		t.Fatalf("Decode(%#08x) = %+v: field out of range", raw, in)
	}
	if again := Decode(raw); again != in {
		t.Fatalf("Decode(%#08x) not deterministic: %+v then %+v", raw, in, again)
	}
	if in.Len == 2 && Decode(raw&0xffff|0xabcd0000) != in {
		t.Fatalf("Decode(%#08x): RVC result depends on the upper half", raw)
	}
	for _, noal := range []bool{false, true} {
		if s := Disasm(in, 0x80000000, DisasmOptions{NoAliases: noal, State: &DisasmState{}}); s == "" {
			t.Fatalf("Disasm(Decode(%#08x), noaliases=%v) is empty", raw, noal)
		}
	}
}

// FuzzDecode checks the decoder's invariants and its agreement with
// golang.org/x/arch/riscv64/riscv64asm on validity (exclusions documented
// on xarchDisagreement).
func FuzzDecode(f *testing.F) {
	for _, raw := range []uint32{0, 0x0001, 0x8082, 0x9002, 0xff010113, 0x00000073, 0x1005a52f,
		0x1015a52f, 0x0205951b, 0x8330000f, 0x12000073, 0x300fd073, 0x0005b507, 0xffffffff} {
		f.Add(raw)
	}
	f.Fuzz(func(t *testing.T, raw uint32) {
		checkDecodeInvariants(t, raw)
		if msg := xarchDisagreement(raw); msg != "" {
			t.Fatalf("%#08x: %s", raw, msg)
		}
	})
}

// FuzzDisasm checks that Disasm never panics and never prints nothing,
// whatever the Inst (also ones Decode never produces) and options.
func FuzzDisasm(f *testing.F) {
	f.Add(uint16(1), uint8(1), uint8(2), uint8(3), uint8(4), int64(-16), uint32(0x13), uint64(0x80000000), false)
	f.Add(uint16(NumOps+3), uint8(40), uint8(0), uint8(255), uint8(2), int64(1)<<62, uint32(0xffffffff), uint64(0), true)
	f.Fuzz(func(t *testing.T, op uint16, rd, rs1, rs2, ln uint8, imm int64, raw uint32, pc uint64, noal bool) {
		in := Inst{Op: Op(op), Rd: rd, Rs1: rs1, Rs2: rs2, Len: ln, Imm: imm, Raw: raw}
		st := &DisasmState{}
		st.SetGP(pc)
		sym := func(a uint64) (string, uint64, bool) { return "s", a & 0xff, a&1 == 0 }
		if s := Disasm(in, pc, DisasmOptions{NoAliases: noal, Symbol: sym, State: st}); s == "" {
			t.Fatalf("Disasm(%+v) is empty", in)
		}
		if s := DisasmRaw(raw, pc, DisasmOptions{NoAliases: noal}); s == "" {
			t.Fatalf("DisasmRaw(%#x) is empty", raw)
		}
	})
}

// TestDecodeAllCompressed runs every 16-bit encoding through the
// invariants and the riscv64asm comparison: 2^14 per quadrant is cheap.
func TestDecodeAllCompressed(t *testing.T) {
	bad := 0
	for h := uint32(0); h < 1<<16; h++ {
		if h&3 == 3 {
			continue
		}
		checkDecodeInvariants(t, h)
		if msg := xarchDisagreement(h); msg != "" {
			if bad++; bad <= 30 {
				t.Errorf("%#04x: %s", h, msg)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d compressed encodings disagree with riscv64asm", bad)
	}
}

// TestDecodeRandom32 compares a fixed pseudo-random sample of 32-bit
// encodings, biased to the major opcodes Decode implements, with
// riscv64asm.
func TestDecodeRandom32(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	majors := []uint32{0x03, 0x0f, 0x13, 0x17, 0x1b, 0x23, 0x2f, 0x33, 0x37, 0x3b, 0x63, 0x67, 0x6f, 0x73}
	n := 300000
	if testing.Short() {
		n = 30000
	}
	bad := 0
	for i := 0; i < n; i++ {
		w := r.Uint32() | 3
		if i%2 == 0 {
			w = w&^0x7f | majors[r.IntN(len(majors))]
		}
		if i%3 == 0 { // clear rd/rs1/rs2 and funct7 often: that is where reserved cases live
			w &^= [4]uint32{0, 0x00000f80, 0x000f8000, 0xfff00000}[r.IntN(4)]
		}
		checkDecodeInvariants(t, w)
		if msg := xarchDisagreement(w); msg != "" {
			if bad++; bad <= 30 {
				t.Errorf("%#08x: %s", w, msg)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d encodings disagree with riscv64asm", bad, n)
	}
}

func BenchmarkDecode(b *testing.B) {
	// A realistic mix: the first instructions of the disassembler corpus
	// (half compressed), decoded round-robin.
	words := []uint32{0xff010113, 0x00113423, 0x00813023, 0x01010413, 0x1141, 0xe406, 0x852e,
		0x00b50633, 0x02c5853b, 0xfeb518e3, 0x8082, 0x0005b503, 0x4501, 0x300022f3, 0x1005a52f, 0xc501}
	b.ReportAllocs()
	var sink Inst
	for i := 0; b.Loop(); i++ {
		sink = Decode(words[i&15])
	}
	_ = sink
}
