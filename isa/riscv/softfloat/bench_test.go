package softfloat

import "testing"

// Benchmarks of the common operations on ordinary operands, to judge
// whether a host fast path would be worth its complexity.
var sink uint64

func BenchmarkAddF64(b *testing.B) {
	x, y := uint64(0x3ff3333333333333), uint64(0x400921fb54442d18)
	for b.Loop() {
		sink, _ = Add(F64, x, y, RNE)
	}
}

func BenchmarkMulF64(b *testing.B) {
	x, y := uint64(0x3ff3333333333333), uint64(0x400921fb54442d18)
	for b.Loop() {
		sink, _ = Mul(F64, x, y, RNE)
	}
}

func BenchmarkDivF64(b *testing.B) {
	x, y := uint64(0x3ff3333333333333), uint64(0x400921fb54442d18)
	for b.Loop() {
		sink, _ = Div(F64, x, y, RNE)
	}
}

func BenchmarkSqrtF64(b *testing.B) {
	for b.Loop() {
		sink, _ = Sqrt(F64, 0x400921fb54442d18, RNE)
	}
}

func BenchmarkMulAddF32(b *testing.B) {
	for b.Loop() {
		sink, _ = MulAdd(F32, 0x3f99999a, 0x40490fdb, 0x3f800000, RNE, false, false)
	}
}
