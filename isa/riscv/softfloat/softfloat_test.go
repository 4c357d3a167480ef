package softfloat

import (
	"fmt"
	"testing"
)

// Hand-checked corner cases. Each row names the rule it pins down; the
// expected bits were worked out by hand (and agree with QEMU, see the
// hart's differential test).

const (
	s1      = 0x3f800000 // 1.0f
	sMax    = 0x7f7fffff
	sInf    = 0x7f800000
	sQNaN   = 0x7fc00000
	sSNaN   = 0x7fa00000
	sMinSub = 0x00000001
	sMinNrm = 0x00800000
	dInf    = 0x7ff0000000000000
	dQNaN   = 0x7ff8000000000000
	dSNaN   = 0x7ff4000000000000
	dMax    = 0x7fefffffffffffff
	d1      = 0x3ff0000000000000
	negS    = 0x80000000
	negD    = 1 << 63
)

type opCase struct {
	name    string
	got     func() (uint64, Flags)
	want    uint64
	wantFls Flags
}

func run(t *testing.T, cases []opCase) {
	t.Helper()
	for _, c := range cases {
		got, fl := c.got()
		if got != c.want || fl != c.wantFls {
			t.Errorf("%s: got %#x flags %v, want %#x flags %v", c.name, got, fl, c.want, c.wantFls)
		}
	}
}

func (f Flags) String() string {
	s := ""
	for i, n := range []string{"NX", "UF", "OF", "DZ", "NV"} {
		if f&(1<<i) != 0 {
			s += n + " "
		}
	}
	if s == "" {
		return "none"
	}
	return s[:len(s)-1]
}

func TestArithmeticCorners(t *testing.T) {
	add := func(f Format, a, b uint64, rm RoundingMode) func() (uint64, Flags) {
		return func() (uint64, Flags) { return Add(f, a, b, rm) }
	}
	mul := func(f Format, a, b uint64, rm RoundingMode) func() (uint64, Flags) {
		return func() (uint64, Flags) { return Mul(f, a, b, rm) }
	}
	div := func(f Format, a, b uint64, rm RoundingMode) func() (uint64, Flags) {
		return func() (uint64, Flags) { return Div(f, a, b, rm) }
	}
	sqrt := func(f Format, a uint64, rm RoundingMode) func() (uint64, Flags) {
		return func() (uint64, Flags) { return Sqrt(f, a, rm) }
	}
	const two = 0x40000000
	run(t, []opCase{
		// Ties: 1 + 2^-24 is exactly half an ulp above 1.
		{"1+2^-24 rne (tie to even)", add(F32, s1, 0x33800000, RNE), s1, NX},
		{"1+2^-24 rmm (tie away)", add(F32, s1, 0x33800000, RMM), s1 + 1, NX},
		{"1+2^-24 rup", add(F32, s1, 0x33800000, RUP), s1 + 1, NX},
		{"1+2^-24 rdn", add(F32, s1, 0x33800000, RDN), s1, NX},
		{"-1-2^-24 rdn", add(F32, s1|negS, 0x33800000|negS, RDN), (s1 + 1) | negS, NX},
		// Overflow: the result depends on the rounding direction and sign.
		{"max*2 rne", mul(F32, sMax, two, RNE), sInf, OF | NX},
		{"max*2 rtz", mul(F32, sMax, two, RTZ), sMax, OF | NX},
		{"max*2 rdn", mul(F32, sMax, two, RDN), sMax, OF | NX},
		{"max*2 rup", mul(F32, sMax, two, RUP), sInf, OF | NX},
		{"max*2 rmm", mul(F32, sMax, two, RMM), sInf, OF | NX},
		{"-max*2 rdn", mul(F32, sMax|negS, two, RDN), sInf | negS, OF | NX},
		{"-max*2 rup", mul(F32, sMax|negS, two, RUP), sMax | negS, OF | NX},
		{"dmax+dmax rtz", add(F64, dMax, dMax, RTZ), dMax, OF | NX},
		// Underflow: subnormal results, exact and inexact.
		{"minsub*0.5 rne (tie to 0)", mul(F32, sMinSub, 0x3f000000, RNE), 0, UF | NX},
		{"minsub*0.5 rup", mul(F32, sMinSub, 0x3f000000, RUP), sMinSub, UF | NX},
		{"minnormal*0.5 exact subnormal", mul(F32, sMinNrm, 0x3f000000, RNE), 0x00400000, 0},
		{"subnormal + subnormal exact", add(F64, 1, 1, RNE), 2, 0},
		{"minnormal*(1-2^-53): tiny, rounds up to minnormal", mul(F64, 0x0010000000000000, 0x3fefffffffffffff, RNE), 0x0010000000000000, UF | NX},
		// Signed zeros.
		{"x-x = +0 rne", add(F32, s1, s1|negS, RNE), 0, 0},
		{"x-x = -0 rdn", add(F32, s1, s1|negS, RDN), negS, 0},
		{"-0 + -0", add(F64, negD, negD, RNE), negD, 0},
		{"-0 * 5", mul(F32, negS, 0x40a00000, RNE), negS, 0},
		// Invalid operations and NaNs.
		{"inf - inf", add(F32, sInf, sInf|negS, RNE), sQNaN, NV},
		{"0 * inf", mul(F64, 0, dInf, RNE), dQNaN, NV},
		{"qNaN payload is not propagated", add(F32, 0x7fc12345, s1, RNE), sQNaN, 0},
		{"sNaN operand", add(F64, dSNaN, d1, RNE), dQNaN, NV},
		{"1 / 0", div(F32, s1, 0, RNE), sInf, DZ},
		{"-1 / +0", div(F64, d1|negD, 0, RNE), dInf | negD, DZ},
		{"0 / 0", div(F32, 0, 0, RNE), sQNaN, NV},
		{"inf / inf", div(F64, dInf, dInf, RNE), dQNaN, NV},
		{"1 / inf", div(F32, s1|negS, sInf, RNE), negS, 0},
		{"1 / 3 rne", div(F32, s1, 0x40400000, RNE), 0x3eaaaaab, NX},
		{"1 / 3 rtz", div(F32, s1, 0x40400000, RTZ), 0x3eaaaaaa, NX},
		// Square root.
		{"sqrt 2 rne", sqrt(F32, two, RNE), 0x3fb504f3, NX},
		{"sqrt 4 exact", sqrt(F64, 0x4010000000000000, RNE), 0x4000000000000000, 0},
		{"sqrt -0", sqrt(F32, negS, RNE), negS, 0},
		{"sqrt -1", sqrt(F64, d1|negD, RNE), dQNaN, NV},
		{"sqrt +inf", sqrt(F32, sInf, RNE), sInf, 0},
		{"sqrt min subnormal", sqrt(F64, 1, RNE), 0x1e60000000000000, 0},
	})
}

func TestFusedMultiplyAdd(t *testing.T) {
	fma := func(f Format, a, b, c uint64, rm RoundingMode, np, nc bool) func() (uint64, Flags) {
		return func() (uint64, Flags) { return MulAdd(f, a, b, c, rm, np, nc) }
	}
	run(t, []opCase{
		// (1+2^-12) * 2^-24(1-2^-12+2^-24) = 2^-24 + 2^-60: plus 1 it lies
		// just above the tie between 1 and 1+2^-23. One rounding gives
		// 1+2^-23; rounding to binary64 first would lose 2^-60 and then
		// tie to even, giving 1.
		{"single rounding, not double", fma(F32, 0x3f800800, 0x337ff001, s1, RNE, false, false), s1 + 1, NX},
		// 0*inf + qNaN raises NV (SoftFloat / RISC-V), result canonical.
		{"0*inf+qNaN", fma(F32, 0, sInf, 0x7fc00001, RNE, false, false), sQNaN, NV},
		{"inf*0+1", fma(F64, dInf, 0, d1, RNE, false, false), dQNaN, NV},
		{"1*1+sNaN", fma(F64, d1, d1, dSNaN, RNE, false, false), dQNaN, NV},
		{"1*1+qNaN", fma(F64, d1, d1, dQNaN, RNE, false, false), dQNaN, 0},
		{"inf*1 - inf", fma(F32, sInf, s1, sInf, RNE, false, true), sQNaN, NV},
		{"inf*1 + inf", fma(F32, sInf, s1, sInf, RNE, false, false), sInf, 0},
		// Exact cancellation: the sign of zero follows the rounding mode.
		{"1*1-1 rne", fma(F64, d1, d1, d1, RNE, false, true), 0, 0},
		{"1*1-1 rdn", fma(F64, d1, d1, d1, RDN, false, true), negD, 0},
		{"-(0*1) - 0 (fnmadd)", fma(F32, 0, s1, 0, RNE, true, true), negS, 0},
		{"0*1 + -0 rne", fma(F32, 0, s1, negS, RNE, false, false), 0, 0},
		// Tininess after rounding: 2^-126 - 2^-160 rounds (at unbounded
		// exponent) to 2^-126 in RNE and RUP, so it is not tiny: NX only.
		// In RTZ and RDN it stays below 2^-126: tiny and inexact, UF.
		{"2^-126-2^-160 rne", fma(F32, 0x17800000, 0x97800000, sMinNrm, RNE, false, false), sMinNrm, NX},
		{"2^-126-2^-160 rup", fma(F32, 0x17800000, 0x97800000, sMinNrm, RUP, false, false), sMinNrm, NX},
		{"2^-126-2^-160 rtz", fma(F32, 0x17800000, 0x97800000, sMinNrm, RTZ, false, false), 0x007fffff, UF | NX},
		{"2^-126-2^-160 rdn", fma(F32, 0x17800000, 0x97800000, sMinNrm, RDN, false, false), 0x007fffff, UF | NX},
		// A product far below the addend only affects rounding.
		{"1 + tiny product rup", fma(F64, 1, 1, d1, RUP, false, false), d1 + 1, NX},
		{"1 - tiny product rne (fnmsub)", fma(F64, 1, 1, d1, RNE, true, false), d1, NX},
		{"1 - tiny product rtz (fnmsub)", fma(F64, 1, 1, d1, RTZ, true, false), 0x3fefffffffffffff, NX},
		// The product alone overflows, the sum does not.
		{"max*2 - max", fma(F64, dMax, 0x4000000000000000, dMax, RNE, false, true), dMax, 0},
	})
}

func TestConversions(t *testing.T) {
	toInt := func(f Format, a uint64, k IntKind, rm RoundingMode) func() (uint64, Flags) {
		return func() (uint64, Flags) { return ToInt(f, a, k, rm) }
	}
	fromInt := func(f Format, v uint64, k IntKind, rm RoundingMode) func() (uint64, Flags) {
		return func() (uint64, Flags) { return FromInt(f, v, k, rm) }
	}
	conv := func(from, to Format, a uint64, rm RoundingMode) func() (uint64, Flags) {
		return func() (uint64, Flags) { return Convert(from, to, a, rm) }
	}
	const minI32 = 0xffffffff80000000
	run(t, []opCase{
		// Saturation table of the spec: NaN and +inf give the maximum,
		// -inf the minimum; out of range sets NV and not NX.
		{"w(NaN)", toInt(F32, sQNaN, Int32, RNE), 0x7fffffff, NV},
		{"w(-NaN)", toInt(F32, sQNaN|negS, Int32, RNE), 0x7fffffff, NV},
		{"w(+inf)", toInt(F32, sInf, Int32, RNE), 0x7fffffff, NV},
		{"w(-inf)", toInt(F32, sInf|negS, Int32, RNE), minI32, NV},
		{"w(2^31)", toInt(F32, 0x4f000000, Int32, RNE), 0x7fffffff, NV},
		{"w(-2^31) exact", toInt(F32, 0xcf000000, Int32, RNE), minI32, 0},
		{"w(-2^31-1) (double)", toInt(F64, 0xc1e0000000200000, Int32, RNE), minI32, NV},
		{"w(2^31-0.5) rne: the tie goes to even 2^31, out of range", toInt(F64, 0x41dfffffffe00000, Int32, RNE), 0x7fffffff, NV},
		{"w(2^31-0.5) rtz: in range, inexact", toInt(F64, 0x41dfffffffe00000, Int32, RTZ), 0x7fffffff, NX},
		{"w(2^31-0.5) rup overflows", toInt(F64, 0x41dfffffffe00000, Int32, RUP), 0x7fffffff, NV},
		{"wu(NaN)", toInt(F32, sQNaN, Uint32, RNE), 0xffffffffffffffff, NV},
		{"wu(-inf)", toInt(F32, sInf|negS, Uint32, RNE), 0, NV},
		{"wu(-1)", toInt(F32, s1|negS, Uint32, RNE), 0, NV},
		{"wu(-0.5) rtz rounds to 0: in range", toInt(F32, 0xbf000000, Uint32, RTZ), 0, NX},
		{"wu(-0.5) rdn rounds to -1", toInt(F32, 0xbf000000, Uint32, RDN), 0, NV},
		{"wu(3e9) is sign-extended", toInt(F32, 0x4f32d05e, Uint32, RNE), 0xffffffffb2d05e00, 0},
		{"l(2^63)", toInt(F32, 0x5f000000, Int64, RNE), 1<<63 - 1, NV},
		{"l(-2^63) exact", toInt(F32, 0xdf000000, Int64, RNE), 1 << 63, 0},
		{"lu(2^64)", toInt(F64, 0x43f0000000000000, Uint64, RNE), ^uint64(0), NV},
		{"lu(2^64-2048) exact", toInt(F64, 0x43efffffffffffff, Uint64, RNE), 0xfffffffffffff800, 0},
		{"lu(-0)", toInt(F64, negD, Uint64, RNE), 0, 0},
		{"w(2.5) rne", toInt(F32, 0x40200000, Int32, RNE), 2, NX},
		{"w(2.5) rmm", toInt(F32, 0x40200000, Int32, RMM), 3, NX},
		{"w(2.5) rup", toInt(F32, 0x40200000, Int32, RUP), 3, NX},
		{"w(2.5) rdn", toInt(F32, 0x40200000, Int32, RDN), 2, NX},
		{"w(-2.5) rmm", toInt(F32, 0xc0200000, Int32, RMM), 0xfffffffffffffffd, NX},
		{"w(-2.5) rtz", toInt(F32, 0xc0200000, Int32, RTZ), 0xfffffffffffffffe, NX},
		{"w(0.4) rup", toInt(F64, 0x3fd999999999999a, Int32, RUP), 1, NX},
		{"w(min subnormal) rdn", toInt(F64, 1|negD, Int32, RDN), ^uint64(0), NX},
		// Integer to float.
		{"s.l(max int64) rne", fromInt(F32, 1<<63-1, Int64, RNE), 0x5f000000, NX},
		{"s.l(max int64) rtz", fromInt(F32, 1<<63-1, Int64, RTZ), 0x5effffff, NX},
		{"d.lu(max) rne", fromInt(F64, ^uint64(0), Uint64, RNE), 0x43f0000000000000, NX},
		{"d.lu(max) rtz", fromInt(F64, ^uint64(0), Uint64, RTZ), 0x43efffffffffffff, NX},
		{"s.w uses the low 32 bits, signed", fromInt(F32, 0x12345678ffffffff, Int32, RNE), s1 | negS, 0},
		{"s.wu uses the low 32 bits, unsigned", fromInt(F32, 0x00000001ffffffff, Uint32, RTZ), 0x4f7fffff, NX},
		{"d.l(min int64) exact", fromInt(F64, 1<<63, Int64, RNE), 0xc3e0000000000000, 0},
		{"s.w(0) is +0", fromInt(F32, 0, Int32, RDN), 0, 0},
		// Between formats.
		{"d->s tie rne", conv(F64, F32, 0x3ff0000010000000, RNE), s1, NX},
		{"d->s tie rup", conv(F64, F32, 0x3ff0000010000000, RUP), s1 + 1, NX},
		{"d->s overflow rtz", conv(F64, F32, dMax, RTZ), sMax, OF | NX},
		{"d->s underflow to 0", conv(F64, F32, 1, RNE), 0, UF | NX},
		{"d->s sNaN", conv(F64, F32, dSNaN, RNE), sQNaN, NV},
		{"s->d subnormal is exact", conv(F32, F64, sMinSub, RNE), 0x36a0000000000000, 0},
		{"s->d sNaN", conv(F32, F64, sSNaN, RNE), dQNaN, NV},
		{"s->d -inf", conv(F32, F64, sInf|negS, RNE), dInf | negD, 0},
	})
}

func TestCompareMinMaxClass(t *testing.T) {
	type cmpCase struct {
		name    string
		fn      func(Format, uint64, uint64) (bool, Flags)
		f       Format
		a, b    uint64
		want    bool
		wantFls Flags
	}
	for _, c := range []cmpCase{
		{"feq -0 +0", Eq, F32, negS, 0, true, 0},
		{"feq qNaN is quiet", Eq, F32, sQNaN, s1, false, 0},
		{"feq sNaN signals", Eq, F64, d1, dSNaN, false, NV},
		{"flt qNaN signals", Lt, F32, sQNaN, s1, false, NV},
		{"fle qNaN signals", Le, F64, dQNaN, dQNaN, false, NV},
		{"flt -0 +0", Lt, F32, negS, 0, false, 0},
		{"fle -0 +0", Le, F32, negS, 0, true, 0},
		{"flt -2 -1", Lt, F64, 0xc000000000000000, d1 | negD, true, 0},
		{"flt -1 -2", Lt, F64, d1 | negD, 0xc000000000000000, false, 0},
		{"fle inf inf", Le, F32, sInf, sInf, true, 0},
		{"flt -inf min subnormal", Lt, F32, sInf | negS, sMinSub, true, 0},
	} {
		got, fl := c.fn(c.f, c.a, c.b)
		if got != c.want || fl != c.wantFls {
			t.Errorf("%s: got %v flags %v, want %v flags %v", c.name, got, fl, c.want, c.wantFls)
		}
	}
	mm := func(fn func(Format, uint64, uint64) (uint64, Flags), f Format, a, b uint64) func() (uint64, Flags) {
		return func() (uint64, Flags) { return fn(f, a, b) }
	}
	run(t, []opCase{
		{"fmin -0 +0", mm(Min, F32, 0, negS), negS, 0},
		{"fmax -0 +0", mm(Max, F32, negS, 0), 0, 0},
		{"fmin qNaN 1", mm(Min, F64, dQNaN, d1), d1, 0},
		{"fmax 1 qNaN", mm(Max, F64, d1, dQNaN), d1, 0},
		{"fmin sNaN 1 signals, returns 1", mm(Min, F32, sSNaN, s1), s1, NV},
		{"fmin qNaN qNaN", mm(Min, F32, 0x7fc00123, 0xffc00000), sQNaN, 0},
		{"fmax sNaN qNaN", mm(Max, F64, dSNaN, dQNaN), dQNaN, NV},
		{"fmin -inf 1", mm(Min, F32, sInf|negS, s1), sInf | negS, 0},
		{"fmax -1 -2", mm(Max, F64, d1|negD, 0xc000000000000000), d1 | negD, 0},
	})
	for _, c := range []struct {
		f    Format
		a    uint64
		want uint64
	}{
		{F32, sInf | negS, 1 << 0}, {F32, s1 | negS, 1 << 1}, {F32, sMinSub | negS, 1 << 2},
		{F32, negS, 1 << 3}, {F32, 0, 1 << 4}, {F32, 0x007fffff, 1 << 5}, {F32, sMinNrm, 1 << 6},
		{F32, sInf, 1 << 7}, {F32, sSNaN, 1 << 8}, {F32, sQNaN, 1 << 9}, {F32, 0xffc00001, 1 << 9},
		{F64, dInf | negD, 1 << 0}, {F64, 1, 1 << 5}, {F64, dSNaN | negD, 1 << 8}, {F64, dQNaN, 1 << 9},
		{F64, dMax, 1 << 6}, {F64, negD, 1 << 3},
	} {
		if got := Class(c.f, c.a); got != c.want {
			t.Errorf("Class(%v, %#x) = %#x, want %#x", c.f.p, c.a, got, c.want)
		}
	}
}

// TestSinglesIgnoreUpperBits: binary32 operands are the low 32 bits; the
// caller (the hart) does the NaN-boxing.
func TestSinglesIgnoreUpperBits(t *testing.T) {
	got, fl := Add(F32, 0xffffffff00000000|s1, 0x12345678_00000000|s1, RNE)
	if got != 0x40000000 || fl != 0 {
		t.Errorf("Add with upper bits set = %#x %v, want 0x40000000 none", got, fl)
	}
}

func ExampleMulAdd() {
	// fmadd.s with the operands of the double-rounding trap.
	r, fl := MulAdd(F32, 0x3f800800, 0x337ff001, 0x3f800000, RNE, false, false)
	fmt.Printf("%#x %v\n", r, fl)
	// Output: 0x3f800001 NX
}
