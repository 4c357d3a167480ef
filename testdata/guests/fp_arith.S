/* F and D arithmetic with known results and flags: the five rounding
 * modes (static and through frm) on ties, overflow and underflow (tininess
 * after rounding), signed zeros, invalid operations, division by zero,
 * square root, fused multiply-add with a single rounding (also in single
 * precision), and the conversions with their saturation table. */
#include "test.h"

#define S(x) (0xffffffff00000000 | (x))
#define NV 0x10
#define DZ 0x08
#define OF 0x04
#define UF 0x02
#define NX 0x01

/* Raw 64-bit patterns a, b, c go to fa1, fa2, fa3; inst runs; a4 (written
 * by inst, or moved from fa0 by FRES) must be res and fflags flags. */
#define FP_CASE(n, res, flags, a, b, c, inst...) \
test_ ## n:                             \
        li TESTNUM, n;                  \
        li t0, a; fmv.d.x fa1, t0;      \
        li t0, b; fmv.d.x fa2, t0;      \
        li t0, c; fmv.d.x fa3, t0;      \
        fsflags zero;                   \
        inst;                           \
        frflags a5;                     \
        li t2, res; bne a4, t2, fail;   \
        li t2, flags; bne a5, t2, fail
#define FRES(inst...) inst; fmv.x.d a4, fa0

TEST_BEGIN("fp_arith")
        li t0, (1 << 13); csrs mstatus, t0      /* FS = Initial */

        /* 1 + 2^-24 is a tie in single precision. */
        FP_CASE(1, S(0x3f800000), NX, S(0x3f800000), S(0x33800000), 0, FRES(fadd.s fa0, fa1, fa2, rne))
        FP_CASE(2, S(0x3f800001), NX, S(0x3f800000), S(0x33800000), 0, FRES(fadd.s fa0, fa1, fa2, rmm))
        FP_CASE(3, S(0x3f800001), NX, S(0x3f800000), S(0x33800000), 0, FRES(fadd.s fa0, fa1, fa2, rup))
        FP_CASE(4, S(0x3f800000), NX, S(0x3f800000), S(0x33800000), 0, FRES(fadd.s fa0, fa1, fa2, rtz))
        FP_CASE(5, S(0xbf800001), NX, S(0xbf800000), S(0xb3800000), 0, FRES(fadd.s fa0, fa1, fa2, rdn))
        /* The same through frm (dynamic rounding). */
        FP_CASE(6, S(0x3f800001), NX, S(0x3f800000), S(0x33800000), 0, fsrmi 3; FRES(fadd.s fa0, fa1, fa2); fsrmi 0)
        FP_CASE(7, S(0x3f800000), NX, S(0x3f800000), S(0x33800000), 0, fsrmi 1; FRES(fadd.s fa0, fa1, fa2); fsrmi 0)
        /* Double: 1 + 2^-53 is a tie. */
        FP_CASE(8, 0x3ff0000000000000, NX, 0x3ff0000000000000, 0x3ca0000000000000, 0, FRES(fadd.d fa0, fa1, fa2))
        FP_CASE(9, 0x3ff0000000000001, NX, 0x3ff0000000000000, 0x3ca0000000000000, 0, FRES(fadd.d fa0, fa1, fa2, rmm))

        /* Overflow: infinity or the largest finite value by mode and sign. */
        FP_CASE(10, S(0x7f800000), OF|NX, S(0x7f7fffff), S(0x40000000), 0, FRES(fmul.s fa0, fa1, fa2, rne))
        FP_CASE(11, S(0x7f7fffff), OF|NX, S(0x7f7fffff), S(0x40000000), 0, FRES(fmul.s fa0, fa1, fa2, rtz))
        FP_CASE(12, S(0x7f7fffff), OF|NX, S(0x7f7fffff), S(0x40000000), 0, FRES(fmul.s fa0, fa1, fa2, rdn))
        FP_CASE(13, S(0xff800000), OF|NX, S(0xff7fffff), S(0x40000000), 0, FRES(fmul.s fa0, fa1, fa2, rdn))
        FP_CASE(14, S(0xff7fffff), OF|NX, S(0xff7fffff), S(0x40000000), 0, FRES(fmul.s fa0, fa1, fa2, rup))
        FP_CASE(15, 0x7ff0000000000000, OF|NX, 0x7fefffffffffffff, 0x7fefffffffffffff, 0, FRES(fadd.d fa0, fa1, fa2, rmm))

        /* Underflow: tiny and inexact raises UF; exact subnormals do not. */
        FP_CASE(20, S(0), UF|NX, S(0x00000001), S(0x3f000000), 0, FRES(fmul.s fa0, fa1, fa2, rne))
        FP_CASE(21, S(0x00000001), UF|NX, S(0x00000001), S(0x3f000000), 0, FRES(fmul.s fa0, fa1, fa2, rup))
        FP_CASE(22, S(0x00400000), 0, S(0x00800000), S(0x3f000000), 0, FRES(fmul.s fa0, fa1, fa2))
        FP_CASE(23, 0x0010000000000000, UF|NX, 0x0010000000000000, 0x3fefffffffffffff, 0, FRES(fmul.d fa0, fa1, fa2))
        /* Tininess after rounding: 2^-126 - 2^-160 rounds to 2^-126 (not
         * tiny, NX only) in rne/rup; in rtz/rdn it stays tiny: UF. */
        FP_CASE(24, S(0x00800000), NX, S(0x17800000), S(0x97800000), S(0x00800000), FRES(fmadd.s fa0, fa1, fa2, fa3, rne))
        FP_CASE(25, S(0x00800000), NX, S(0x17800000), S(0x97800000), S(0x00800000), FRES(fmadd.s fa0, fa1, fa2, fa3, rup))
        FP_CASE(26, S(0x007fffff), UF|NX, S(0x17800000), S(0x97800000), S(0x00800000), FRES(fmadd.s fa0, fa1, fa2, fa3, rtz))
        FP_CASE(27, S(0x007fffff), UF|NX, S(0x17800000), S(0x97800000), S(0x00800000), FRES(fmadd.s fa0, fa1, fa2, fa3, rdn))

        /* Signed zeros. */
        FP_CASE(30, S(0), 0, S(0x3f800000), S(0x3f800000), 0, FRES(fsub.s fa0, fa1, fa2))
        FP_CASE(31, S(0x80000000), 0, S(0x3f800000), S(0x3f800000), 0, FRES(fsub.s fa0, fa1, fa2, rdn))
        FP_CASE(32, 0x8000000000000000, 0, 0x8000000000000000, 0x8000000000000000, 0, FRES(fadd.d fa0, fa1, fa2))
        FP_CASE(33, 0x8000000000000000, 0, 0x8000000000000000, 0, 0, FRES(fsqrt.d fa0, fa1))

        /* Invalid operations, division by zero, canonical NaNs. */
        FP_CASE(40, S(0x7fc00000), NV, S(0x7f800000), S(0xff800000), 0, FRES(fadd.s fa0, fa1, fa2))
        FP_CASE(41, 0x7ff8000000000000, NV, 0, 0x7ff0000000000000, 0, FRES(fmul.d fa0, fa1, fa2))
        FP_CASE(42, S(0x7fc00000), 0, S(0x7fc12345), S(0x3f800000), 0, FRES(fmul.s fa0, fa1, fa2))
        FP_CASE(43, 0x7ff8000000000000, NV, 0x7ff4000000000000, 0x3ff0000000000000, 0, FRES(fadd.d fa0, fa1, fa2))
        FP_CASE(44, S(0x7f800000), DZ, S(0x3f800000), S(0), 0, FRES(fdiv.s fa0, fa1, fa2))
        FP_CASE(45, 0xfff0000000000000, DZ, 0xbff0000000000000, 0, 0, FRES(fdiv.d fa0, fa1, fa2))
        FP_CASE(46, 0x7ff8000000000000, NV, 0, 0, 0, FRES(fdiv.d fa0, fa1, fa2))
        FP_CASE(47, S(0x3eaaaaab), NX, S(0x3f800000), S(0x40400000), 0, FRES(fdiv.s fa0, fa1, fa2))
        FP_CASE(48, S(0x3eaaaaaa), NX, S(0x3f800000), S(0x40400000), 0, FRES(fdiv.s fa0, fa1, fa2, rtz))

        /* Square root. */
        FP_CASE(50, S(0x3fb504f3), NX, S(0x40000000), 0, 0, FRES(fsqrt.s fa0, fa1))
        FP_CASE(51, S(0x3fb504f4), NX, S(0x40000000), 0, 0, FRES(fsqrt.s fa0, fa1, rup))
        FP_CASE(52, 0x4000000000000000, 0, 0x4010000000000000, 0, 0, FRES(fsqrt.d fa0, fa1))
        FP_CASE(53, 0x7ff8000000000000, NV, 0xbff0000000000000, 0, 0, FRES(fsqrt.d fa0, fa1))
        FP_CASE(54, 0x1e60000000000000, 0, 0x0000000000000001, 0, 0, FRES(fsqrt.d fa0, fa1))

        /* Fused multiply-add rounds once: (1+2^-12) * 2^-24(1-2^-12+2^-24)
         * + 1 lies just above a tie; rounding through double would give 1. */
        FP_CASE(60, S(0x3f800001), NX, S(0x3f800800), S(0x337ff001), S(0x3f800000), FRES(fmadd.s fa0, fa1, fa2, fa3))
        /* 0 * inf + qNaN raises NV. */
        FP_CASE(61, S(0x7fc00000), NV, S(0), S(0x7f800000), S(0x7fc00000), FRES(fmadd.s fa0, fa1, fa2, fa3))
        FP_CASE(62, 0x7ff8000000000000, NV, 0x7ff0000000000000, 0x3ff0000000000000, 0x7ff0000000000000, FRES(fmsub.d fa0, fa1, fa2, fa3))
        FP_CASE(63, 0x8000000000000000, 0, 0, 0x3ff0000000000000, 0, FRES(fnmadd.d fa0, fa1, fa2, fa3))
        FP_CASE(64, 0x8000000000000000, 0, 0x3ff0000000000000, 0x3ff0000000000000, 0x3ff0000000000000, FRES(fmsub.d fa0, fa1, fa2, fa3, rdn))
        FP_CASE(65, 0x3fefffffffffffff, NX, 1, 1, 0x3ff0000000000000, FRES(fnmsub.d fa0, fa1, fa2, fa3, rtz))
        FP_CASE(66, 0x7fefffffffffffff, 0, 0x7fefffffffffffff, 0x4000000000000000, 0x7fefffffffffffff, FRES(fmsub.d fa0, fa1, fa2, fa3))
        FP_CASE(67, S(0xc0e00000), 0, S(0x40000000), S(0x40400000), S(0x3f800000), FRES(fnmadd.s fa0, fa1, fa2, fa3))

        /* Conversions to integers: saturation and flags (W results are
         * sign-extended, also for WU). */
        FP_CASE(70, 0x7fffffff, NV, S(0x7fc00000), 0, 0, fcvt.w.s a4, fa1)
        FP_CASE(71, 0xffffffff80000000, NV, S(0xff800000), 0, 0, fcvt.w.s a4, fa1)
        FP_CASE(72, 0x7fffffff, NV, S(0x4f000000), 0, 0, fcvt.w.s a4, fa1)
        FP_CASE(73, 0xffffffff80000000, 0, S(0xcf000000), 0, 0, fcvt.w.s a4, fa1)
        FP_CASE(74, 0xffffffffffffffff, NV, S(0x7f800000), 0, 0, fcvt.wu.s a4, fa1)
        FP_CASE(75, 0, NV, S(0xbf800000), 0, 0, fcvt.wu.s a4, fa1)
        FP_CASE(76, 0, NX, S(0xbf000000), 0, 0, fcvt.wu.s a4, fa1, rtz)
        FP_CASE(77, 0xffffffffb2d05e00, 0, S(0x4f32d05e), 0, 0, fcvt.wu.s a4, fa1)
        FP_CASE(78, 0x7fffffffffffffff, NV, 0x43e0000000000000, 0, 0, fcvt.l.d a4, fa1)
        FP_CASE(79, 0x8000000000000000, 0, 0xc3e0000000000000, 0, 0, fcvt.l.d a4, fa1)
        FP_CASE(80, 0xffffffffffffffff, NV, 0x43f0000000000000, 0, 0, fcvt.lu.d a4, fa1)
        FP_CASE(81, 0, NV, 0xfff0000000000000, 0, 0, fcvt.lu.d a4, fa1)
        FP_CASE(82, 2, NX, S(0x40200000), 0, 0, fcvt.w.s a4, fa1, rne)
        FP_CASE(83, 3, NX, S(0x40200000), 0, 0, fcvt.w.s a4, fa1, rmm)
        FP_CASE(84, 0xfffffffffffffffd, NX, S(0xc0200000), 0, 0, fcvt.l.s a4, fa1, rmm)
        FP_CASE(85, 0xfffffffffffffffe, NX, S(0xc0200000), 0, 0, fcvt.l.s a4, fa1, rup)
        FP_CASE(86, 0x7fffffff, NV, 0x41dfffffffe00000, 0, 0, fcvt.w.d a4, fa1, rne)
        FP_CASE(87, 0x7fffffff, NX, 0x41dfffffffe00000, 0, 0, fcvt.w.d a4, fa1, rtz)

        /* Conversions from integers and between formats. */
        FP_CASE(90, S(0x5f000000), NX, 0, 0, 0, li t0, 0x7fffffffffffffff; fcvt.s.l fa0, t0; fmv.x.d a4, fa0)
        FP_CASE(91, S(0x5effffff), NX, 0, 0, 0, li t0, 0x7fffffffffffffff; fcvt.s.l fa0, t0, rtz; fmv.x.d a4, fa0)
        FP_CASE(92, 0x43efffffffffffff, NX, 0, 0, 0, li t0, -1; fcvt.d.lu fa0, t0, rtz; fmv.x.d a4, fa0)
        FP_CASE(93, S(0xbf800000), 0, 0, 0, 0, li t0, 0x12345678ffffffff; fcvt.s.w fa0, t0; fmv.x.d a4, fa0)
        FP_CASE(94, 0x41efffffffe00000, 0, 0, 0, 0, li t0, 0x12345678ffffffff; fcvt.d.wu fa0, t0; fmv.x.d a4, fa0)
        FP_CASE(95, S(0x3f800000), NX, 0x3ff0000010000000, 0, 0, FRES(fcvt.s.d fa0, fa1))
        FP_CASE(96, S(0x3f800001), NX, 0x3ff0000010000000, 0, 0, FRES(fcvt.s.d fa0, fa1, rup))
        FP_CASE(97, S(0x7f7fffff), OF|NX, 0x7fefffffffffffff, 0, 0, FRES(fcvt.s.d fa0, fa1, rtz))
        FP_CASE(98, S(0), UF|NX, 0x0000000000000001, 0, 0, FRES(fcvt.s.d fa0, fa1))
        FP_CASE(99, 0x7ff8000000000000, NV, S(0x7fa00000), 0, 0, FRES(fcvt.d.s fa0, fa1))
        FP_CASE(100, 0x36a0000000000000, 0, S(0x00000001), 0, 0, FRES(fcvt.d.s fa0, fa1))

        /* Flags accrue until cleared. */
        TEST_CASE(110, a4, NX|DZ, fsflags zero; li t0, 0x3ff0000000000000; fmv.d.x fa1, t0; fmv.d.x fa2, zero; \
                fdiv.d fa0, fa1, fa2; li t0, 0x4008000000000000; fmv.d.x fa2, t0; fdiv.d fa0, fa1, fa2; frflags a4)

        TEST_PASS
