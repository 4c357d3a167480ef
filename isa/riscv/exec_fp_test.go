package riscv

import (
	"encoding/binary"
	"strconv"
	"strings"
	"testing"

	"vmcore/isa/riscv/asm"
)

// fpProg assembles one instruction per line (or takes a line that is a
// number as a raw 32-bit encoding) at ramBase and returns a hart
// ready to run it, with mstatus.FS set to fs.
func fpProg(t *testing.T, fs uint64, lines ...string) (*Hart, *Memory) {
	t.Helper()
	data := make([]byte, 1<<20)
	pc := uint64(ramBase)
	for _, l := range lines {
		var b []byte
		if w, err := strconv.ParseUint(l, 0, 32); err == nil { // a raw encoding
			b = binary.LittleEndian.AppendUint32(nil, uint32(w))
		} else if b, err = asm.AssembleLine(l, pc); err != nil {
			t.Fatalf("assembling %q: %v", l, err)
		}
		copy(data[pc-ramBase:], b)
		pc += uint64(len(b))
	}
	mem := NewMemory(ramBase, data)
	h := NewHart(0, mem, nil, nil)
	h.Reset(ramBase)
	h.csr.mtvec = ramBase + 0x8000 // traps land in zeroed memory; tests stop there
	h.csr.mstatus |= fs << 13
	return h, mem
}

// step runs n instructions (or traps).
func step(h *Hart, n int) { h.Run(h.Icount() + uint64(n)) }

func TestFPOffTraps(t *testing.T) {
	for _, tc := range []struct {
		insn string
		raw  uint64
	}{
		{"fadd.s fa0,fa1,fa2", 0x00c5f553},
		{"flw fa0,0(a0)", 0x00052507},
		{"fsd fa0,0(sp)", 0x00a13027},
		{"fmv.x.d a0,fa0", 0xe2050553},
		{"csrr a0,fflags", 0x00102573},
		{"csrwi frm,1", 0x0020d073},
		{"c.fldsp fa0,8(sp)", 0x2522},
	} {
		h, _ := fpProg(t, 0, tc.insn)
		h.SetReg(2, ramBase+0x1000)
		step(h, 1)
		if c, _ := h.ReadCSR(CSRMcause); c != ExcIllegal || h.PC() != ramBase+0x8000 {
			t.Errorf("%s with FS=Off: mcause=%d pc=%#x, want illegal instruction trap", tc.insn, c, h.PC())
			continue
		}
		if v, _ := h.ReadCSR(CSRMtval); v != tc.raw {
			t.Errorf("%s: mtval=%#x, want %#x", tc.insn, v, tc.raw)
		}
	}
}

func TestFPRoundingModeLegality(t *testing.T) {
	for _, tc := range []struct {
		name  string
		frm   uint64
		insn  string
		legal bool
	}{
		{"static rtz", 5, "fadd.s fa0,fa1,fa2,rtz", true},
		{"static rmm", 0, "fmadd.d fa0,fa1,fa2,fa3,rmm", true},
		{"static rm=5 reserved", 0, "0x00c5d553", false},
		{"static rm=6 reserved", 0, "0x00c5e553", false},
		{"dyn with frm=4", 4, "fadd.s fa0,fa1,fa2", true},
		{"dyn with frm=5", 5, "fadd.s fa0,fa1,fa2", false},
		{"dyn with frm=7", 7, "fcvt.w.d a0,fa1", false},
		{"no rm field: fsgnj with frm=7", 7, "fsgnj.d fa0,fa1,fa2", true},
		{"no rm field: flt with frm=6", 6, "flt.s a0,fa1,fa2", true},
	} {
		h, _ := fpProg(t, 1, tc.insn)
		h.csr.fcsr = tc.frm << 5
		step(h, 1)
		legal := h.PC() != ramBase+0x8000
		if legal != tc.legal {
			t.Errorf("%s: legal=%v, want %v", tc.name, legal, tc.legal)
		}
	}
}

func TestFPCSRs(t *testing.T) {
	h, _ := fpProg(t, 1,
		"csrw fcsr, a1",   // 0: fcsr = 0x1ff -> 0xff
		"csrr a2, fcsr",   // a2 = 0xff
		"csrr a3, fflags", // a3 = 0x1f
		"csrr a4, frm",    // a4 = 7
		"csrwi frm, 2",    // frm = 2, fflags kept
		"csrr a5, fcsr",   // a5 = 0x5f
		"csrw fflags, zero",
		"fdiv.d fa0, fa1, fa2, rne", // 1/0: DZ
		"fdiv.d fa0, fa1, fa3, rne", // 1/3: NX, accrued
		"frflags a6",
	)
	h.SetReg(11, 0x1ff)
	h.f[11] = 0x3ff0000000000000 // 1.0
	h.f[12] = 0                  // 0.0
	h.f[13] = 0x4008000000000000 // 3.0
	step(h, 10)
	for _, c := range []struct {
		reg  int
		want uint64
	}{{12, 0xff}, {13, 0x1f}, {14, 7}, {15, 0x5f}, {16, 0x9}} {
		if got := h.Reg(c.reg); got != c.want {
			t.Errorf("x%d = %#x, want %#x", c.reg, got, c.want)
		}
	}
	ms, _ := h.ReadCSR(CSRMstatus)
	if ms&mstatusFS != mstatusFS || ms&mstatusSD == 0 {
		t.Errorf("mstatus = %#x: want FS=Dirty and SD after F/D writes", ms)
	}
	ss, _ := h.ReadCSR(CSRSstatus)
	if ss&mstatusFS != mstatusFS || ss&mstatusSD == 0 {
		t.Errorf("sstatus = %#x: want FS and SD visible", ss)
	}
	if misa, _ := h.ReadCSR(CSRMisa); misa&(1<<3) == 0 || misa&(1<<5) == 0 {
		t.Errorf("misa = %#x: want D and F", misa)
	}
	// FS is writable, including back to Off.
	h.WriteCSR(CSRMstatus, ms&^mstatusFS)
	if ms, _ = h.ReadCSR(CSRMstatus); ms&(mstatusFS|mstatusSD) != 0 {
		t.Errorf("mstatus after clearing FS = %#x", ms)
	}
}

// TestFPDirtyTracking: from FS=Clean, FS turns Dirty exactly when an f
// register is written, a flag is raised or an FP CSR is written, as on
// Spike. Found comparing mstatus with qemu-system-riscv64: a feq.d that
// raised nothing used to make FS Dirty. (QEMU leaves FS Clean even when a
// compare raises NV; the flt.d NaN case keeps Spike's Dirty on purpose.)
func TestFPDirtyTracking(t *testing.T) {
	const one, two, qnan = 0x3ff0000000000000, 0x4000000000000000, 0x7ff8000000000000
	for _, tc := range []struct {
		insn      string
		f11, f12  uint64
		wantDirty bool
	}{
		{"feq.d a0,fa1,fa2", one, two, false},
		{"flt.d a0,fa1,fa2", one, two, false},
		{"feq.d a0,fa1,fa2", one, qnan, false}, // quiet NaN: feq raises nothing
		{"flt.d a0,fa1,fa2", one, qnan, true},  // quiet NaN: flt raises NV
		{"fle.s a0,fa1,fa2", one, one, true},   // unboxed operands read as NaN: NV
		{"fcvt.w.d a0,fa1,rtz", one, 0, false},
		{"fcvt.w.d a0,fa1,rtz", 0x3ff8000000000000, 0, true}, // 1.5: NX
		{"fcvt.lu.d a0,fa1,rtz", qnan, 0, true},              // NaN: NV
		{"fclass.d a0,fa1", qnan, 0, false},
		{"fmv.x.d a0,fa1", one, 0, false},
		{"fmv.x.w a0,fa1", one, 0, false},
		{"fsd fa1,0(sp)", one, 0, false},
		{"fsw fa1,0(sp)", one, 0, false},
		{"csrr a0,fcsr", 0, 0, false},
		{"fld fa0,0(sp)", 0, 0, true},
		{"flw fa0,0(sp)", 0, 0, true},
		{"fmv.d.x fa0,a1", 0, 0, true},
		{"fsgnj.d fa0,fa1,fa1", one, 0, true},
		{"fmin.d fa0,fa1,fa2", one, two, true},
		{"fadd.d fa0,fa1,fa2", one, two, true},
		{"fcvt.d.w fa0,a1", 0, 0, true},
		{"csrwi fflags,0", 0, 0, true},
		{"csrw frm,zero", 0, 0, true},
	} {
		h, _ := fpProg(t, 2, tc.insn) // FS = Clean
		h.SetReg(2, ramBase+0x10000)
		h.f[11], h.f[12] = tc.f11, tc.f12
		step(h, 1)
		if h.PC() == ramBase+0x8000 {
			t.Errorf("%s: trapped", tc.insn)
			continue
		}
		ms, _ := h.ReadCSR(CSRMstatus)
		if dirty := ms&mstatusFS == mstatusFS; dirty != tc.wantDirty {
			t.Errorf("%s (f11=%#x f12=%#x): FS Dirty = %v, want %v (mstatus %#x)",
				tc.insn, tc.f11, tc.f12, dirty, tc.wantDirty, ms)
		}
		if sd := ms&mstatusSD != 0; sd != tc.wantDirty {
			t.Errorf("%s: SD = %v, want %v", tc.insn, sd, tc.wantDirty)
		}
	}
}

func TestNaNBoxing(t *testing.T) {
	h, mem := fpProg(t, 1,
		"flw fa0, 0(s0)",       // boxed load
		"fmv.x.w a0, fa0",      // 0x80000000 sign-extends
		"fadd.s fa2, fa1, fa0", // fa1 not boxed: reads as canonical NaN
		"fmv.x.d a1, fa2",
		"fsw fa1, 8(s0)",         // stores the low half as is
		"fsgnjn.s fa3, fa1, fa1", // improperly boxed: canonical NaN, negated
		"fmv.x.d a2, fa3",
		"fcvt.d.s fa4, fa1",
		"fmv.x.d a3, fa4",
		"fclass.s a4, fa1",
		"fmv.w.x fa5, s1",
		"fmv.x.d a5, fa5",
		"fmv.x.w a6, fa1", // fmv.x.w takes the raw low half, no unboxing
	)
	mem.Write(ramBase+0x10000, []byte{0, 0, 0, 0x80})
	h.SetReg(8, ramBase+0x10000)
	h.SetReg(9, 0x123456783f800000)
	h.f[11] = 0x000000003f800000 // 1.0f, not NaN-boxed
	step(h, 13)
	if h.f[10] != 0xffffffff80000000 {
		t.Errorf("flw: f10 = %#x, want NaN-boxed 0xffffffff80000000", h.f[10])
	}
	var stored [4]byte
	mem.Read(ramBase+0x10008, stored[:])
	for _, c := range []struct {
		name      string
		got, want uint64
	}{
		{"fmv.x.w sign-extends", h.Reg(10), 0xffffffff80000000},
		{"unboxed operand is the canonical NaN", h.Reg(11), 0xffffffff7fc00000},
		{"fsw stores the raw low half", uint64(stored[0]) | uint64(stored[1])<<8 | uint64(stored[2])<<16 | uint64(stored[3])<<24, 0x3f800000},
		{"fsgnjn.s of an unboxed value", h.Reg(12), 0xffffffffffc00000},
		{"fcvt.d.s of an unboxed value", h.Reg(13), 0x7ff8000000000000},
		{"fclass.s of an unboxed value: quiet NaN", h.Reg(14), 1 << 9},
		{"fmv.w.x boxes the low half", h.Reg(15), 0xffffffff3f800000},
		{"fmv.x.w reads the raw low half", h.Reg(16), 0x3f800000},
	} {
		if c.got != c.want {
			t.Errorf("%s: %#x, want %#x", c.name, c.got, c.want)
		}
	}
}

func TestCompressedFPLoadStore(t *testing.T) {
	h, mem := fpProg(t, 1,
		"c.fldsp fs0, 8(sp)",
		"c.fsd fs0, 16(a0)",
		"c.fld fs1, 16(a0)",
		"c.fsdsp fs1, 24(sp)",
	)
	h.SetReg(2, ramBase+0x20000)
	h.SetReg(10, ramBase+0x20000)
	mem.Write(ramBase+0x20008, []byte{1, 2, 3, 4, 5, 6, 7, 8})
	step(h, 4)
	var b [8]byte
	mem.Read(ramBase+0x20018, b[:])
	if h.f[9] != 0x0807060504030201 || string(b[:]) != "\x01\x02\x03\x04\x05\x06\x07\x08" {
		t.Errorf("fs1=%#x, mem=%x: want the doubleword copied through c.fld/c.fsd", h.f[9], b)
	}
}

// TestHartStateCarriesFP: snapshots and checkpoints see the f registers
// and fcsr, so a replay that diverges only in F/D state is caught.
func TestHartStateCarriesFP(t *testing.T) {
	h, _ := fpProg(t, 3)
	h.f[5], h.csr.fcsr = 0x400921fb54442d18, 0x83
	s := h.State()
	if s.F[5] != 0x400921fb54442d18 || s.Fcsr != 0x83 {
		t.Fatalf("State: F[5]=%#x Fcsr=%#x", s.F[5], s.Fcsr)
	}
	h2, _ := fpProg(t, 0)
	h2.SetState(s)
	if h2.FReg(5) != 0x400921fb54442d18 || h2.State() != s {
		t.Fatalf("SetState(State()) lost F/D state: %+v", h2.State())
	}
	h2.Reset(ramBase)
	if h2.FReg(5) != 0 || h2.State().Fcsr != 0 {
		t.Fatal("Reset kept F/D state")
	}
}

func TestFPDisasmExamples(t *testing.T) {
	for _, tc := range []struct {
		raw  uint32
		noal bool
		want string
	}{
		{0x00c59553, false, "fadd.s\tfa0,fa1,fa2,rtz"},
		{0x00c5f553, false, "fadd.s\tfa0,fa1,fa2"},
		{0x00c5d553, false, "fadd.s\tfa0,fa1,fa2,unknown"},
		{0x20b58553, false, "fmv.s\tfa0,fa1"},
		{0x20b58553, true, "fsgnj.s\tfa0,fa1,fa1"},
		{0x00302573, false, "frcsr\ta0"},
		{0x00302573, true, "csrrs\ta0,fcsr,zero"},
		{0x0021d073, false, "fsrmi\tzero,3"},
		{0x2522, false, "fld\tfa0,8(sp)"},
		{0x2522, true, "c.fldsp\tfa0,8(sp)"},
		{0xd2051553, false, ".4byte\t0xd2051553"}, // fcvt.d.w with rm != 0: objdump 2.40 has no form for it
		{0x6ac5c54f, false, "fnmadd.d\tfa0,fa1,fa2,fa3,rmm"},
	} {
		if got := DisasmRaw(tc.raw, ramBase, DisasmOptions{NoAliases: tc.noal}); got != tc.want {
			t.Errorf("DisasmRaw(%#x, noaliases=%v) = %q, want %q", tc.raw, tc.noal, got, tc.want)
		}
	}
	if got := DisasmRaw(0x00302573, ramBase, DisasmOptions{NoFD: true}); !strings.HasPrefix(got, "csrr\t") {
		t.Errorf("NoFD: %q, want the plain csrr form", got)
	}
}
