package softfloat

import (
	"math"
	"math/bits"
)

// RoundingMode is a RISC-V rounding mode, numbered as the rm field and frm
// encode it. The reserved values 5 and 6 and the dynamic value 7 are the
// hart's business: the functions here treat any value above RMM as RNE.
type RoundingMode uint8

// The five IEEE 754-2008 rounding-direction attributes.
const (
	RNE RoundingMode = 0 // to nearest, ties to even
	RTZ RoundingMode = 1 // towards zero
	RDN RoundingMode = 2 // down, towards -inf
	RUP RoundingMode = 3 // up, towards +inf
	RMM RoundingMode = 4 // to nearest, ties to max magnitude
)

// Flags is a set of IEEE exception flags, with the bit layout of RISC-V's
// fflags CSR so the hart can OR it in directly.
type Flags uint8

// The exception flags.
const (
	NX Flags = 1 << 0 // inexact
	UF Flags = 1 << 1 // underflow
	OF Flags = 1 << 2 // overflow
	DZ Flags = 1 << 3 // divide by zero
	NV Flags = 1 << 4 // invalid operation
)

// Format is a binary interchange format. Values of either format travel
// as uint64 bit patterns; a binary32 value is in the low 32 bits and the
// upper bits are ignored on input and zero on output.
type Format struct {
	p     uint // precision in bits, including the hidden bit
	ebits uint // exponent field width
	bias  int
}

// The two formats the F and D extensions use.
var (
	F32 = Format{p: 24, ebits: 8, bias: 127}
	F64 = Format{p: 53, ebits: 11, bias: 1023}
)

func (f Format) expMax() uint64   { return 1<<f.ebits - 1 }
func (f Format) fracMask() uint64 { return 1<<(f.p-1) - 1 }
func (f Format) signBit() uint64  { return 1 << (f.p - 1 + f.ebits) }
func (f Format) mask() uint64     { return f.signBit()<<1 - 1 }

// CanonicalNaN is the quiet NaN RISC-V returns for every NaN result.
func (f Format) CanonicalNaN() uint64 { return f.expMax()<<(f.p-1) | 1<<(f.p-2) }

func (f Format) inf(neg bool) uint64 { return f.signOf(neg) | f.expMax()<<(f.p-1) }

func (f Format) zero(neg bool) uint64 { return f.signOf(neg) }

func (f Format) maxFinite(neg bool) uint64 {
	return f.signOf(neg) | (f.expMax()-1)<<(f.p-1) | f.fracMask()
}

func (f Format) signOf(neg bool) uint64 {
	if neg {
		return f.signBit()
	}
	return 0
}

// IsNaN reports whether a is a NaN of format f.
func (f Format) IsNaN(a uint64) bool {
	a &= f.mask()
	return a&^f.signBit() > f.expMax()<<(f.p-1)
}

// IsSignalingNaN reports whether a is a signalling NaN of format f.
func (f Format) IsSignalingNaN(a uint64) bool {
	return f.IsNaN(a) && a&(1<<(f.p-2)) == 0
}

type class uint8

const (
	clsZero class = iota
	clsFinite
	clsInf
	clsQNaN
	clsSNaN
)

// unpacked is a decoded operand. For clsFinite, value = sig * 2^(exp-63)
// with the most significant bit of sig at bit 63 (subnormals normalised).
type unpacked struct {
	neg bool
	cls class
	exp int
	sig uint64
}

func (u unpacked) nan() bool { return u.cls >= clsQNaN }

func (f Format) unpack(x uint64) unpacked {
	x &= f.mask()
	u := unpacked{neg: x&f.signBit() != 0}
	e := x >> (f.p - 1) & f.expMax()
	frac := x & f.fracMask()
	switch {
	case e == f.expMax():
		switch {
		case frac == 0:
			u.cls = clsInf
		case frac&(1<<(f.p-2)) != 0:
			u.cls = clsQNaN
		default:
			u.cls = clsSNaN
		}
	case e == 0:
		if frac == 0 {
			u.cls = clsZero
			return u
		}
		lz := bits.LeadingZeros64(frac)
		u.cls, u.sig = clsFinite, frac<<lz
		u.exp = 1 - f.bias - int(f.p-1) - lz + 63
	default:
		u.cls, u.sig = clsFinite, (frac|1<<(f.p-1))<<(64-f.p)
		u.exp = int(e) - f.bias
	}
	return u
}

// shiftRightJam shifts x right by n, ORing every bit shifted out into the
// least significant bit (the sticky bit), so rounding still sees them.
func shiftRightJam(x uint64, n int) uint64 {
	switch {
	case n <= 0:
		return x
	case n >= 64:
		if x != 0 {
			return 1
		}
		return 0
	}
	if x<<(64-n) != 0 {
		return x>>n | 1
	}
	return x >> n
}

// roundIncrement decides whether the kept bits go up by one, given the
// discarded bits rem and the weight half of the first of them.
func roundIncrement(rm RoundingMode, neg bool, keep, rem, half uint64) bool {
	switch rm {
	case RTZ:
		return false
	case RDN:
		return neg && rem != 0
	case RUP:
		return !neg && rem != 0
	case RMM:
		return rem >= half
	}
	return rem > half || rem == half && keep&1 != 0
}

// roundPack rounds sign * sig * 2^(exp-63) (sig != 0; its lowest bit may
// be a sticky bit) to format f.
func (f Format) roundPack(neg bool, exp int, sig uint64, rm RoundingMode) (uint64, Flags) {
	lz := bits.LeadingZeros64(sig)
	sig <<= lz
	exp -= lz
	emin := 1 - f.bias
	r := 64 - f.p
	half := uint64(1) << (r - 1)
	remMask := uint64(1)<<r - 1
	var fl Flags
	if exp < emin {
		// Tininess after rounding: only a value just below 2^emin can
		// round up to it at full precision.
		tiny := true
		if exp == emin-1 {
			keep := sig >> r
			if roundIncrement(rm, neg, keep, sig&remMask, half) && keep+1 == 1<<f.p {
				tiny = false
			}
		}
		sig = shiftRightJam(sig, emin-exp)
		keep, rem := sig>>r, sig&remMask
		if rem != 0 {
			fl |= NX
			if tiny {
				fl |= UF
			}
		}
		if roundIncrement(rm, neg, keep, rem, half) {
			keep++ // may carry into the exponent field: the smallest normal
		}
		return f.signOf(neg) | keep, fl
	}
	keep, rem := sig>>r, sig&remMask
	if rem != 0 {
		fl |= NX
	}
	if roundIncrement(rm, neg, keep, rem, half) {
		keep++
		if keep == 1<<f.p {
			keep >>= 1
			exp++
		}
	}
	if exp > f.bias {
		fl |= OF | NX
		if rm == RTZ || rm == RDN && !neg || rm == RUP && neg {
			return f.maxFinite(neg), fl
		}
		return f.inf(neg), fl
	}
	return f.signOf(neg) | uint64(exp+f.bias-1)<<(f.p-1) + keep, fl
}

// nanResult is the canonical NaN, with NV when any operand is signalling.
func (f Format) nanResult(us ...unpacked) (uint64, Flags) {
	for _, u := range us {
		if u.cls == clsSNaN {
			return f.CanonicalNaN(), NV
		}
	}
	return f.CanonicalNaN(), 0
}

// Add returns a + b.
func Add(f Format, a, b uint64, rm RoundingMode) (uint64, Flags) {
	return f.add(f.unpack(a), f.unpack(b), a, b, rm)
}

// Sub returns a - b.
func Sub(f Format, a, b uint64, rm RoundingMode) (uint64, Flags) {
	b ^= f.signBit()
	return f.add(f.unpack(a), f.unpack(b), a, b, rm)
}

func (f Format) add(ua, ub unpacked, a, b uint64, rm RoundingMode) (uint64, Flags) {
	switch {
	case ua.nan() || ub.nan():
		return f.nanResult(ua, ub)
	case ua.cls == clsInf:
		if ub.cls == clsInf && ua.neg != ub.neg {
			return f.CanonicalNaN(), NV
		}
		return f.inf(ua.neg), 0
	case ub.cls == clsInf:
		return f.inf(ub.neg), 0
	case ua.cls == clsZero && ub.cls == clsZero:
		if ua.neg == ub.neg {
			return f.zero(ua.neg), 0
		}
		return f.zero(rm == RDN), 0
	case ua.cls == clsZero:
		return b & f.mask(), 0
	case ub.cls == clsZero:
		return a & f.mask(), 0
	}
	return f.addFinite(ua, ub, rm)
}

func (f Format) addFinite(ua, ub unpacked, rm RoundingMode) (uint64, Flags) {
	if ub.exp > ua.exp || ub.exp == ua.exp && ub.sig > ua.sig {
		ua, ub = ub, ua
	}
	sa := ua.sig >> 1
	sb := shiftRightJam(ub.sig>>1, ua.exp-ub.exp)
	if ua.neg == ub.neg {
		return f.roundPack(ua.neg, ua.exp+1, sa+sb, rm)
	}
	d := sa - sb
	if d == 0 {
		return f.zero(rm == RDN), 0
	}
	return f.roundPack(ua.neg, ua.exp+1, d, rm)
}

// Mul returns a * b.
func Mul(f Format, a, b uint64, rm RoundingMode) (uint64, Flags) {
	ua, ub := f.unpack(a), f.unpack(b)
	neg := ua.neg != ub.neg
	switch {
	case ua.nan() || ub.nan():
		return f.nanResult(ua, ub)
	case ua.cls == clsInf || ub.cls == clsInf:
		if ua.cls == clsZero || ub.cls == clsZero {
			return f.CanonicalNaN(), NV
		}
		return f.inf(neg), 0
	case ua.cls == clsZero || ub.cls == clsZero:
		return f.zero(neg), 0
	}
	hi, lo := bits.Mul64(ua.sig, ub.sig)
	if lo != 0 {
		hi |= 1
	}
	return f.roundPack(neg, ua.exp+ub.exp+1, hi, rm)
}

// Div returns a / b.
func Div(f Format, a, b uint64, rm RoundingMode) (uint64, Flags) {
	ua, ub := f.unpack(a), f.unpack(b)
	neg := ua.neg != ub.neg
	switch {
	case ua.nan() || ub.nan():
		return f.nanResult(ua, ub)
	case ua.cls == clsInf:
		if ub.cls == clsInf {
			return f.CanonicalNaN(), NV
		}
		return f.inf(neg), 0
	case ub.cls == clsInf:
		return f.zero(neg), 0
	case ub.cls == clsZero:
		if ua.cls == clsZero {
			return f.CanonicalNaN(), NV
		}
		return f.inf(neg), DZ
	case ua.cls == clsZero:
		return f.zero(neg), 0
	}
	// (ua.sig * 2^63) / ub.sig: the high word ua.sig>>1 is below the
	// divisor, whose top bit is set, so Div64 cannot overflow.
	q, r := bits.Div64(ua.sig>>1, ua.sig<<63, ub.sig)
	if r != 0 {
		q |= 1
	}
	return f.roundPack(neg, ua.exp-ub.exp, q, rm)
}

// Sqrt returns the square root of a.
func Sqrt(f Format, a uint64, rm RoundingMode) (uint64, Flags) {
	ua := f.unpack(a)
	switch {
	case ua.nan():
		return f.nanResult(ua)
	case ua.cls == clsZero:
		return a & f.mask(), 0 // sqrt(-0) = -0
	case ua.neg:
		return f.CanonicalNaN(), NV
	case ua.cls == clsInf:
		return f.inf(false), 0
	}
	// a = m * 2^e with m = sig/2^63 in [1,2). Make the exponent even and
	// take the integer square root of m' * 2^124, m' in [1,4).
	e := ua.exp
	var hi, lo uint64
	if e&1 == 0 {
		hi, lo = ua.sig>>3, ua.sig<<61
	} else {
		hi, lo = ua.sig>>2, ua.sig<<62
		e--
	}
	root, exact := sqrt128(hi, lo)
	if !exact {
		root |= 1
	}
	return f.roundPack(false, e/2+1, root, rm)
}

// sqrt128 returns floor(sqrt(hi:lo)) and whether it is exact, for
// radicands in [2^124, 2^126) (the only ones Sqrt passes). The host's
// float64 square root gives about 52 correct bits, one integer Newton step
// brings the estimate within one of the answer, and exact 128-bit
// comparisons settle the last unit, so the result never depends on the
// host's rounding.
func sqrt128(hi, lo uint64) (root uint64, exact bool) {
	r := uint64(math.Sqrt(float64(hi)*0x1p64 + float64(lo)))
	// Newton: r = (r + N/r) / 2. N/r < 2^64 since r > 2^61, so Div64's
	// precondition hi < r holds.
	q, _ := bits.Div64(hi, lo, r)
	sum, carry := bits.Add64(r, q, 0)
	r = sum>>1 | carry<<63
	sq := func(r uint64) u128 { h, l := bits.Mul64(r, r); return u128{h, l} }
	n := u128{hi, lo}
	for n.less(sq(r)) {
		r--
	}
	for {
		next := sq(r + 1)
		if n.less(next) {
			break
		}
		r++
	}
	return r, sq(r) == n
}

// u128 is an unsigned 128-bit integer for the fused multiply-add.
type u128 struct{ hi, lo uint64 }

func (x u128) isZero() bool { return x.hi|x.lo == 0 }

func (x u128) less(y u128) bool { return x.hi < y.hi || x.hi == y.hi && x.lo < y.lo }

func (x u128) add(y u128) u128 {
	lo, c := bits.Add64(x.lo, y.lo, 0)
	hi, _ := bits.Add64(x.hi, y.hi, c)
	return u128{hi, lo}
}

func (x u128) sub(y u128) u128 {
	lo, b := bits.Sub64(x.lo, y.lo, 0)
	hi, _ := bits.Sub64(x.hi, y.hi, b)
	return u128{hi, lo}
}

// shrJam shifts right by n with a sticky bit, like shiftRightJam.
func (x u128) shrJam(n int) u128 {
	switch {
	case n <= 0:
		return x
	case n >= 128:
		if !x.isZero() {
			return u128{0, 1}
		}
		return u128{}
	case n >= 64:
		sticky := x.lo != 0 || x.hi<<(128-n) != 0 // x.hi<<64 is 0
		r := u128{0, x.hi >> (n - 64)}
		if sticky {
			r.lo |= 1
		}
		return r
	}
	sticky := x.lo<<(64-n) != 0
	r := u128{x.hi >> n, x.hi<<(64-n) | x.lo>>n}
	if sticky {
		r.lo |= 1
	}
	return r
}

// roundPack128 rounds sign * x * 2^(s-126), x != 0.
func (f Format) roundPack128(neg bool, s int, x u128, rm RoundingMode) (uint64, Flags) {
	if x.hi == 0 {
		// x < 2^64: value = x.lo * 2^(s-126) = x.lo * 2^((s-63)-63).
		return f.roundPack(neg, s-63, x.lo, rm)
	}
	lz := bits.LeadingZeros64(x.hi)
	hi := x.hi<<lz | x.lo>>(64-lz) // x.lo>>64 is 0 in Go when lz == 0
	if x.lo<<lz != 0 {
		hi |= 1
	}
	// The normalised value hi*2^64 equals x*2^lz, so
	// value = hi * 2^(s-126+64-lz) = hi * 2^((s+1-lz)-63).
	return f.roundPack(neg, s+1-lz, hi, rm)
}

// MulAdd returns a*b + c with a single rounding. negProduct negates a*b
// and negAddend negates c, which gives fmsub (a*b-c), fnmsub (-(a*b)+c)
// and fnmadd (-(a*b)-c).
func MulAdd(f Format, a, b, c uint64, rm RoundingMode, negProduct, negAddend bool) (uint64, Flags) {
	ua, ub, uc := f.unpack(a), f.unpack(b), f.unpack(c)
	infZero := ua.cls == clsInf && ub.cls == clsZero || ua.cls == clsZero && ub.cls == clsInf
	if ua.nan() || ub.nan() || uc.nan() || infZero {
		r, fl := f.nanResult(ua, ub, uc)
		if infZero {
			fl = NV // even when c is a quiet NaN (SoftFloat, RISC-V)
		}
		return r, fl
	}
	pneg := ua.neg != ub.neg != negProduct
	cneg := uc.neg != negAddend
	switch {
	case ua.cls == clsInf || ub.cls == clsInf:
		if uc.cls == clsInf && cneg != pneg {
			return f.CanonicalNaN(), NV
		}
		return f.inf(pneg), 0
	case uc.cls == clsInf:
		return f.inf(cneg), 0
	case ua.cls == clsZero || ub.cls == clsZero:
		if uc.cls == clsZero {
			if pneg == cneg {
				return f.zero(pneg), 0
			}
			return f.zero(rm == RDN), 0
		}
		return c&f.mask()&^f.signBit() | f.signOf(cneg), 0
	}
	// The exact product, shifted right by one (losing nothing: it has at
	// least 22 trailing zero bits) so that a sum cannot overflow:
	// value = p * 2^(sp-126) with sp = ea+eb+1.
	hi, lo := bits.Mul64(ua.sig, ub.sig)
	p := u128{hi >> 1, hi<<63 | lo>>1}
	sp := ua.exp + ub.exp + 1
	if uc.cls == clsZero {
		return f.roundPack128(pneg, sp, p, rm)
	}
	// c = sigc*2^63 * 2^(ec-126).
	q := u128{uc.sig >> 1, uc.sig << 63}
	sq := uc.exp
	// Align on the larger scale. A shift of one loses nothing (both have
	// trailing zeros); a shift of two or more is only applied to the
	// operand of strictly smaller magnitude, so the sticky bit rounds
	// correctly.
	s := sp
	if sp >= sq {
		q = q.shrJam(sp - sq)
	} else {
		p = p.shrJam(sq - sp)
		s = sq
	}
	if pneg == cneg {
		return f.roundPack128(pneg, s, p.add(q), rm)
	}
	neg := pneg
	var d u128
	if q.less(p) {
		d = p.sub(q)
	} else {
		d, neg = q.sub(p), cneg
	}
	if d.isZero() {
		return f.zero(rm == RDN), 0
	}
	return f.roundPack128(neg, s, d, rm)
}
