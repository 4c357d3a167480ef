// Package softfloat is IEEE 754-2008 binary32 and binary64 arithmetic in
// pure Go, with the five rounding modes and the five exception flags, as
// the RISC-V F and D extensions define them (Berkeley SoftFloat's RISC-V
// specialisation).
//
// Go's float32/float64 operations round to nearest-even only and report no
// exceptions, so the hart cannot use them directly. Every operation here
// works on the raw bit patterns (uint32 for binary32, uint64 for binary64)
// and returns the result bits together with the flags it raised.
//
// Invariants, all RISC-V rules:
//   - every NaN result is the canonical NaN (0x7fc00000, 0x7ff8000000000000);
//     payloads never propagate;
//   - tininess is detected after rounding: a result is tiny when, rounded
//     to the target precision with an unbounded exponent range, it is
//     below the smallest normal; UF is raised when it is tiny and inexact;
//   - fused multiply-add rounds once: the product is kept exactly (128 bits)
//     and added to the addend before the only rounding;
//   - 0*inf+c raises NV even when c is a quiet NaN;
//   - conversions to integers saturate (NaN converts to the largest value)
//     and raise NV when out of range, NX when in range but inexact;
//   - Min and Max follow the 2019 spec (IEEE 754-2019 minimumNumber and
//     maximumNumber): -0 < +0, one quiet NaN operand yields the other one,
//     a signalling NaN operand raises NV.
//
// All functions are pure and safe for concurrent use.
package softfloat
