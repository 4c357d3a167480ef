package softfloat

// IntKind selects the integer type of a conversion: fcvt's W, WU, L, LU.
type IntKind uint8

// The four integer types of the F and D conversions.
const (
	Int32  IntKind = iota // W
	Uint32                // WU
	Int64                 // L
	Uint64                // LU
)

func (k IntKind) signed() bool { return k == Int32 || k == Int64 }

// limits returns the largest magnitude a conversion to k accepts for a
// positive and for a negative value, and the saturated results for values
// above and below the range (NaN takes hiSat).
func (k IntKind) limits() (posMax, negMax, hiSat, loSat uint64) {
	switch k {
	case Int32:
		return 1<<31 - 1, 1 << 31, 1<<31 - 1, 0xffffffff80000000
	case Uint32:
		return 1<<32 - 1, 0, 1<<32 - 1, 0
	case Int64:
		return 1<<63 - 1, 1 << 63, 1<<63 - 1, 1 << 63
	}
	return ^uint64(0), 0, ^uint64(0), 0
}

// ToInt converts a to the integer type k, rounding with rm. Out-of-range
// values and NaNs saturate and raise NV; in-range inexact results raise
// NX. The result is the integer's bit pattern: for Int32 and Uint32, the
// 32-bit value sign-extended to 64 bits (as RISC-V writes it to rd).
func ToInt(f Format, a uint64, k IntKind, rm RoundingMode) (uint64, Flags) {
	posMax, negMax, hiSat, loSat := k.limits()
	ua := f.unpack(a)
	switch ua.cls {
	case clsQNaN, clsSNaN:
		return sext(k, hiSat), NV
	case clsInf:
		if ua.neg {
			return sext(k, loSat), NV
		}
		return sext(k, hiSat), NV
	case clsZero:
		return 0, 0
	}
	invalid := func() (uint64, Flags) {
		if ua.neg {
			return sext(k, loSat), NV
		}
		return sext(k, hiSat), NV
	}
	if ua.exp >= 64 {
		return invalid()
	}
	// Split |a| = ip + frac/2^64.
	var ip, frac uint64
	switch {
	case ua.exp >= 0:
		ip = ua.sig >> (63 - ua.exp)
		frac = ua.sig << (ua.exp + 1) // ua.exp == 63: shift by 64 gives 0
	default:
		frac = shiftRightJam(ua.sig, -ua.exp-1)
	}
	if roundIncrement(rm, ua.neg, ip, frac, 1<<63) {
		ip++
		if ip == 0 { // 2^64 - 1 rounded up
			return invalid()
		}
	}
	if ua.neg {
		if ip > negMax {
			return invalid()
		}
		ip = -ip
	} else if ip > posMax {
		return invalid()
	}
	var fl Flags
	if frac != 0 {
		fl = NX
	}
	return sext(k, ip), fl
}

// sext sign-extends the 32-bit results of W and WU conversions.
func sext(k IntKind, v uint64) uint64 {
	if k == Int32 || k == Uint32 {
		return uint64(int64(int32(v)))
	}
	return v
}

// FromInt converts the integer v of type k to format f, rounding with rm.
// For Int32 and Uint32 only the low 32 bits of v are used.
func FromInt(f Format, v uint64, k IntKind, rm RoundingMode) (uint64, Flags) {
	switch k {
	case Int32:
		v = uint64(int64(int32(v)))
	case Uint32:
		v = uint64(uint32(v))
	}
	neg := k.signed() && int64(v) < 0
	if neg {
		v = -v
	}
	if v == 0 {
		return 0, 0
	}
	return f.roundPack(neg, 63, v, rm)
}

// Convert converts a from format from to format to, rounding with rm.
func Convert(from, to Format, a uint64, rm RoundingMode) (uint64, Flags) {
	ua := from.unpack(a)
	switch ua.cls {
	case clsQNaN, clsSNaN:
		return to.nanResult(ua)
	case clsInf:
		return to.inf(ua.neg), 0
	case clsZero:
		return to.zero(ua.neg), 0
	}
	return to.roundPack(ua.neg, ua.exp, ua.sig, rm)
}

// Eq is the quiet comparison a == b (feq): NaNs compare unequal and only
// a signalling NaN raises NV.
func Eq(f Format, a, b uint64) (bool, Flags) {
	if f.IsNaN(a) || f.IsNaN(b) {
		if f.IsSignalingNaN(a) || f.IsSignalingNaN(b) {
			return false, NV
		}
		return false, 0
	}
	a, b = a&f.mask(), b&f.mask()
	return a == b || (a|b)&^f.signBit() == 0, 0
}

// Lt is the signalling comparison a < b (flt): any NaN raises NV.
func Lt(f Format, a, b uint64) (bool, Flags) {
	if f.IsNaN(a) || f.IsNaN(b) {
		return false, NV
	}
	return f.less(a, b, false), 0
}

// Le is the signalling comparison a <= b (fle): any NaN raises NV.
func Le(f Format, a, b uint64) (bool, Flags) {
	if f.IsNaN(a) || f.IsNaN(b) {
		return false, NV
	}
	a, b = a&f.mask(), b&f.mask()
	return a == b || f.less(a, b, false) || (a|b)&^f.signBit() == 0, 0
}

// less orders two non-NaN values; with signedZero, -0 < +0.
func (f Format) less(a, b uint64, signedZero bool) bool {
	a, b = a&f.mask(), b&f.mask()
	na, nb := a&f.signBit() != 0, b&f.signBit() != 0
	if na != nb {
		if !signedZero && (a|b)&^f.signBit() == 0 {
			return false // -0 == +0
		}
		return na
	}
	if na {
		return a > b
	}
	return a < b
}

// Min returns the smaller of a and b (fmin, IEEE 754-2019 minimumNumber):
// -0 is below +0, a NaN operand yields the other operand, two NaNs yield
// the canonical NaN, and a signalling NaN raises NV.
func Min(f Format, a, b uint64) (uint64, Flags) { return f.minMax(a, b, true) }

// Max returns the larger of a and b (fmax); see Min.
func Max(f Format, a, b uint64) (uint64, Flags) { return f.minMax(a, b, false) }

func (f Format) minMax(a, b uint64, min bool) (uint64, Flags) {
	a, b = a&f.mask(), b&f.mask()
	var fl Flags
	if f.IsSignalingNaN(a) || f.IsSignalingNaN(b) {
		fl = NV
	}
	switch an, bn := f.IsNaN(a), f.IsNaN(b); {
	case an && bn:
		return f.CanonicalNaN(), fl
	case an:
		return b, fl
	case bn:
		return a, fl
	}
	if f.less(a, b, true) == min {
		return a, fl
	}
	return b, fl
}

// Class returns fclass's one-hot classification of a: bit 0 -inf, 1
// negative normal, 2 negative subnormal, 3 -0, 4 +0, 5 positive
// subnormal, 6 positive normal, 7 +inf, 8 signalling NaN, 9 quiet NaN.
func Class(f Format, a uint64) uint64 {
	a &= f.mask()
	neg := a&f.signBit() != 0
	e := a >> (f.p - 1) & f.expMax()
	frac := a & f.fracMask()
	var bit uint
	switch {
	case e == f.expMax() && frac == 0:
		bit = 7
	case e == f.expMax() && frac&(1<<(f.p-2)) != 0:
		return 1 << 9
	case e == f.expMax():
		return 1 << 8
	case e == 0 && frac == 0:
		bit = 4
	case e == 0:
		bit = 5
	default:
		bit = 6
	}
	if neg {
		bit = 7 - bit
	}
	return 1 << bit
}
