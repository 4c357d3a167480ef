package softfloat

import (
	"math"
	"math/big"
	"math/bits"
	"math/rand/v2"
	"testing"
)

// randBits64 returns random doubles biased towards the interesting ones:
// random bit patterns, small integers, values near 1 and near the
// subnormal range.
func randBits64(r *rand.Rand) uint64 {
	switch r.IntN(6) {
	case 0:
		return r.Uint64()
	case 1:
		return math.Float64bits(float64(r.IntN(200) - 100))
	case 2:
		return math.Float64bits(1) + uint64(r.IntN(5)) - 2
	case 3:
		return r.Uint64() & (1<<60 - 1) >> 8 // small exponents, subnormals
	case 4:
		return specials64[r.IntN(len(specials64))]
	}
	return math.Float64bits(r.NormFloat64() * math.Ldexp(1, r.IntN(200)-100))
}

var specials64 = []uint64{
	0, 1 << 63, 0x7ff0000000000000, 0xfff0000000000000, 0x7ff8000000000000,
	0x7ff0000000000001, 1, 0x000fffffffffffff, 0x0010000000000000, 0x7fefffffffffffff,
	0x3ff0000000000000, 0xbff0000000000000,
}

func hostNaN(x float64) uint64 {
	if x != x {
		return F64.CanonicalNaN()
	}
	return math.Float64bits(x)
}

// TestHostDoubleRNE checks the binary64 operations in round-to-nearest
// against the host's float64 arithmetic (which is IEEE round-to-nearest
// for +, -, *, /, sqrt and math.FMA) on random operands. Flags and the
// other rounding modes are checked by the exact reference below.
func TestHostDoubleRNE(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 200000; i++ {
		a, b, c := randBits64(r), randBits64(r), randBits64(r)
		fa, fb, fc := math.Float64frombits(a), math.Float64frombits(b), math.Float64frombits(c)
		check := func(name string, got uint64, want float64) {
			t.Helper()
			if got != hostNaN(want) {
				t.Fatalf("%s(%#x, %#x, %#x) = %#x, host %#x", name, a, b, c, got, hostNaN(want))
			}
		}
		g, _ := Add(F64, a, b, RNE)
		check("add", g, fa+fb)
		g, _ = Sub(F64, a, b, RNE)
		check("sub", g, fa-fb)
		g, _ = Mul(F64, a, b, RNE)
		check("mul", g, fa*fb)
		g, _ = Div(F64, a, b, RNE)
		check("div", g, fa/fb)
		g, _ = Sqrt(F64, a, RNE)
		check("sqrt", g, math.Sqrt(fa))
		g, _ = MulAdd(F64, a, b, c, RNE, false, false)
		check("fma", g, math.FMA(fa, fb, fc))
		g, _ = Convert(F64, F32, a, RNE)
		if w := float32(fa); fa == fa && uint64(math.Float32bits(w)) != g {
			t.Fatalf("f64->f32(%#x) = %#x, host %#x", a, g, math.Float32bits(w))
		}
	}
}

// bigModes maps the rounding modes to math/big's.
var bigModes = map[RoundingMode]big.RoundingMode{
	RNE: big.ToNearestEven, RTZ: big.ToZero, RDN: big.ToNegativeInf, RUP: big.ToPositiveInf, RMM: big.ToNearestAway,
}

// toBig returns the exact value of a finite binary32/64 operand.
func toBig(f Format, a uint64) *big.Float {
	x := new(big.Float).SetPrec(0)
	if f == F32 {
		return x.SetFloat64(float64(math.Float32frombits(uint32(a))))
	}
	return x.SetFloat64(math.Float64frombits(a))
}

// fromBig packs a big.Float that is a normal number of format f, and
// reports false when it is not (zero, subnormal or overflowing: the
// exponent range is not math/big's business).
func fromBig(f Format, z *big.Float) (uint64, bool) {
	if z.Sign() == 0 {
		return 0, false
	}
	if f == F32 {
		v, acc := z.Float32()
		if acc != big.Exact || math.IsInf(float64(v), 0) || math.Abs(float64(v)) < 0x1p-126 {
			return 0, false
		}
		return uint64(math.Float32bits(v)), true
	}
	v, acc := z.Float64()
	if acc != big.Exact || math.IsInf(v, 0) || math.Abs(v) < 0x1p-1022 {
		return 0, false
	}
	return math.Float64bits(v), true
}

// TestBigAllModes checks add, sub, mul, div and fused multiply-add in all
// five rounding modes, with the inexact flag, against math/big's
// correctly rounded arithmetic, on random operands whose results are
// normal numbers.
func TestBigAllModes(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	n := 0
	for i := 0; i < 40000; i++ {
		for _, f := range []Format{F32, F64} {
			var a, b, c uint64
			if f == F32 {
				a, b, c = uint64(math.Float32bits(float32(math.Float64frombits(randBits64(r))))), uint64(r.Uint32()), uint64(r.Uint32())
				if r.IntN(2) == 0 {
					b = a ^ uint64(r.IntN(16)) // close operands: cancellation
				}
			} else {
				a, b, c = randBits64(r), randBits64(r), randBits64(r)
			}
			if f.unpack(a).cls != clsFinite || f.unpack(b).cls != clsFinite || f.unpack(c).cls != clsFinite {
				continue
			}
			for rm, mode := range bigModes {
				ref := func(name string, got uint64, fl Flags, z *big.Float) {
					t.Helper()
					want, ok := fromBig(f, z)
					if !ok {
						return
					}
					n++
					wantFl := Flags(0)
					if z.Acc() != big.Exact {
						wantFl = NX
					}
					if got != want || fl != wantFl {
						t.Fatalf("%s p=%d rm=%d (%#x, %#x, %#x) = %#x %v, want %#x %v", name, f.p, rm, a, b, c, got, fl, want, wantFl)
					}
				}
				z := func() *big.Float { return new(big.Float).SetPrec(f.p).SetMode(mode) }
				x, y, w := toBig(f, a), toBig(f, b), toBig(f, c)
				g, fl := Add(f, a, b, rm)
				ref("add", g, fl, z().Add(x, y))
				g, fl = Sub(f, a, b, rm)
				ref("sub", g, fl, z().Sub(x, y))
				g, fl = Mul(f, a, b, rm)
				ref("mul", g, fl, z().Mul(x, y))
				if y.Sign() != 0 {
					g, fl = Div(f, a, b, rm)
					ref("div", g, fl, z().Quo(x, y))
				}
				prod := new(big.Float).SetPrec(256).Mul(x, y)
				g, fl = MulAdd(f, a, b, c, rm, false, false)
				ref("fmadd", g, fl, z().Add(prod, w))
				g, fl = MulAdd(f, a, b, c, rm, true, false)
				ref("fnmsub", g, fl, z().Sub(w, prod))
			}
		}
	}
	if n < 100000 {
		t.Fatalf("only %d comparisons: the operand mix is wrong", n)
	}
}

// TestSqrt128 checks the integer square root against math/big over the
// whole radicand range Sqrt uses, including perfect squares and their
// neighbours.
func TestSqrt128(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 200000; i++ {
		var hi, lo uint64
		switch i % 3 {
		case 0: // random in [2^124, 2^126)
			hi, lo = 1<<60|r.Uint64()>>3, r.Uint64()
			if i%2 == 0 {
				hi |= 1 << 61
			}
		default: // a perfect square, or one off it
			x := 1<<62 | r.Uint64()>>2
			if i%2 == 0 {
				x |= 1 << 62
				x &^= 1 << 63
			}
			hi, lo = bits.Mul64(x, x)
			if i%3 == 2 {
				lo--
				if lo == ^uint64(0) {
					hi--
				}
			}
		}
		n := new(big.Int).Lsh(new(big.Int).SetUint64(hi), 64)
		n.Or(n, new(big.Int).SetUint64(lo))
		want := new(big.Int).Sqrt(n)
		got, exact := sqrt128(hi, lo)
		wantExact := new(big.Int).Mul(want, want).Cmp(n) == 0
		if want.Uint64() != got || exact != wantExact {
			t.Fatalf("sqrt128(%#x:%#x) = %#x %v, want %#x %v", hi, lo, got, exact, want.Uint64(), wantExact)
		}
	}
}
