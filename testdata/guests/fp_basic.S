/* F and D, the state and the moves: mstatus.FS (illegal instruction while
 * Off, Dirty and SD after writes), misa, fcsr/frm/fflags, loads and stores
 * (also compressed), NaN-boxing, fmv, fsgnj*, fclass, the comparisons and
 * fmin/fmax with their flags, and reserved rounding modes. */
#include "test.h"

#define MSTATUS_FS (3 << 13)
#define MSTATUS_SD (UL(1) << 63)
#define S(x) (0xffffffff00000000 | (x))

/* Load raw 64-bit patterns a, b into fa1/fa2, run inst, check a4 (written
 * by inst, or moved from fa0 by FRES) against res and fflags against flags. */
#define FP_CASE(n, res, flags, a, b, inst...) \
test_ ## n:                             \
        li TESTNUM, n;                  \
        li t0, a; fmv.d.x fa1, t0;      \
        li t0, b; fmv.d.x fa2, t0;      \
        fsflags zero;                   \
        inst;                           \
        frflags a5;                     \
        li t2, res; bne a4, t2, fail;   \
        li t2, flags; bne a5, t2, fail
#define FRES(inst...) inst; fmv.x.d a4, fa0

TEST_BEGIN("fp_basic")
        /* FS is Off after reset: every F/D instruction and CSR traps. */
        TEST_CASE(1, a4, 0, csrr a4, mstatus; li t0, MSTATUS_FS; and a4, a4, t0)
        TEST_TRAP(2, CAUSE_ILLEGAL_INSTRUCTION, .word 0x00c5f553) /* fadd.s fa0,fa1,fa2 */
        CHECK_TVAL(0x00c5f553)
        TEST_TRAP(3, CAUSE_ILLEGAL_INSTRUCTION, csrr a4, fcsr)
        TEST_TRAP(4, CAUSE_ILLEGAL_INSTRUCTION, .half 0x2522)   /* c.fldsp fa0,8(sp) */
        CHECK_TVAL(0x2522)
        TEST_TRAP(5, CAUSE_ILLEGAL_INSTRUCTION, .word 0xe2050553) /* fmv.x.d a0,fa0 */
        /* misa: F (bit 5) and D (bit 3). */
        TEST_CASE(6, a4, 0x28, csrr a4, misa; andi a4, a4, 0x28)

        /* FS = Initial; an F/D write makes it Dirty, and SD follows. */
        li t0, (1 << 13); csrs mstatus, t0
        TEST_CASE(7, a4, 1 << 13, csrr a4, mstatus; li t0, MSTATUS_FS; and a4, a4, t0)
        TEST_CASE(8, a4, MSTATUS_FS, fmv.d.x fa0, zero; csrr a4, mstatus; li t0, MSTATUS_FS; and a4, a4, t0)
        TEST_CASE(9, a4, 1, csrr a4, mstatus; srli a4, a4, 63)
        TEST_CASE(10, a4, MSTATUS_FS | MSTATUS_SD, csrr a4, sstatus; li t0, MSTATUS_FS | MSTATUS_SD; and a4, a4, t0)

        /* fcsr = frm (7:5) | fflags (4:0); upper bits read as zero. */
        TEST_CASE(11, a4, 0xff, li t0, 0x1ff; csrw fcsr, t0; csrr a4, fcsr)
        TEST_CASE(12, a4, 0x1f, csrr a4, fflags)
        TEST_CASE(13, a4, 7, csrr a4, frm)
        TEST_CASE(14, a4, 0x5f, csrwi frm, 2; csrr a4, fcsr)
        TEST_CASE(15, a4, 0x43, csrwi fflags, 3; csrr a4, fcsr)
        TEST_CASE(16, a4, 0x41, fsflagsi 1; frcsr a4)
        TEST_CASE(17, a4, 0x81, fsrmi 4; frcsr a4)
        csrwi fcsr, 0

        /* Loads and stores; flw NaN-boxes, fsw stores the low half. */
        la s0, fp_data
        TEST_CASE(20, a4, S(0x3f800000), flw fa0, 0(s0); fmv.x.d a4, fa0)
        TEST_CASE(21, a4, 0x400921fb54442d18, fld fa0, 8(s0); fmv.x.d a4, fa0)
        TEST_CASE(22, a4, 0x12345678, li t0, 0xabcdef0012345678; fmv.d.x fa0, t0; fsw fa0, 16(s0); lwu a4, 16(s0))
        TEST_CASE(23, a4, 0xabcdef0012345678, fsd fa0, 24(s0); ld a4, 24(s0))
        TEST_CASE(24, a4, 0x400921fb54442d18, addi a0, s0, 0; c.fld fa1, 8(a0); c.fsd fa1, 32(a0); ld a4, 32(s0))
        TEST_CASE(25, a4, 0x400921fb54442d18, addi sp, sp, -16; c.fsdsp fa1, 8(sp); ld a4, 8(sp); addi sp, sp, 16)
        TEST_CASE(26, a4, 0xabcdef0012345678, addi sp, sp, -16; sd t0, 0(sp); c.fldsp ft11, 0(sp); fmv.x.d a4, ft11; addi sp, sp, 16)

        /* Moves: fmv.x.w sign-extends the raw low half, fmv.w.x boxes. */
        FP_CASE(30, 0xffffffff80000000, 0, S(0x80000000), 0, fmv.x.w a4, fa1)
        FP_CASE(31, 0x3f800000, 0, 0x3f800000, 0, fmv.x.w a4, fa1)
        FP_CASE(32, S(0xbf800000), 0, 0, 0, li t0, 0x12345678bf800000; FRES(fmv.w.x fa0, t0))
        FP_CASE(33, -2, 0, 0, 0, li t0, -2; FRES(fmv.d.x fa0, t0))

        /* NaN-boxing: a single that is not boxed reads as the canonical NaN. */
        FP_CASE(40, S(0x7fc00000), 0, 0x3f800000, S(0x3f800000), FRES(fadd.s fa0, fa1, fa2))
        FP_CASE(41, S(0xffc00000), 0, 0x7ff0000000000000, S(0x80000000), FRES(fsgnj.s fa0, fa1, fa2))
        FP_CASE(42, 1 << 9, 0, 0xfffffffe3f800000, 0, fclass.s a4, fa1)
        FP_CASE(43, 0x7ff8000000000000, 0, 0x3ff0000000000000, 0, FRES(fcvt.d.s fa0, fa1))

        /* Sign injection. */
        FP_CASE(50, S(0xbf800000), 0, S(0x3f800000), S(0x80000000), FRES(fsgnj.s fa0, fa1, fa2))
        FP_CASE(51, S(0x3f800000), 0, S(0x3f800000), S(0x80000000), FRES(fsgnjn.s fa0, fa1, fa2))
        FP_CASE(52, S(0x3f800000), 0, S(0xbf800000), S(0xbf800000), FRES(fsgnjx.s fa0, fa1, fa2))
        FP_CASE(53, 0x7ff4000000000000, 0, 0xfff4000000000000, 0, FRES(fsgnj.d fa0, fa1, fa2))
        FP_CASE(54, 0xbff0000000000000, 0, 0x3ff0000000000000, 0, FRES(fsgnjn.d fa0, fa1, fa1))
        FP_CASE(55, 0x3ff0000000000000, 0, 0xbff0000000000000, 0x8000000000000000, FRES(fsgnjx.d fa0, fa1, fa2))

        /* fclass: one bit per class. */
        FP_CASE(60, 1 << 0, 0, 0xfff0000000000000, 0, fclass.d a4, fa1)
        FP_CASE(61, 1 << 1, 0, 0xbff0000000000000, 0, fclass.d a4, fa1)
        FP_CASE(62, 1 << 2, 0, 0x800fffffffffffff, 0, fclass.d a4, fa1)
        FP_CASE(63, 1 << 3, 0, 0x8000000000000000, 0, fclass.d a4, fa1)
        FP_CASE(64, 1 << 4, 0, 0, 0, fclass.d a4, fa1)
        FP_CASE(65, 1 << 5, 0, 1, 0, fclass.d a4, fa1)
        FP_CASE(66, 1 << 6, 0, 0x7fefffffffffffff, 0, fclass.d a4, fa1)
        FP_CASE(67, 1 << 7, 0, 0x7ff0000000000000, 0, fclass.d a4, fa1)
        FP_CASE(68, 1 << 8, 0, 0x7ff0000000000001, 0, fclass.d a4, fa1)
        FP_CASE(69, 1 << 9, 0, 0xfff8000000000000, 0, fclass.d a4, fa1)
        FP_CASE(70, 1 << 8, 0, S(0xffbfffff), 0, fclass.s a4, fa1)
        FP_CASE(71, 1 << 5, 0, S(0x007fffff), 0, fclass.s a4, fa1)

        /* Comparisons: feq is quiet, flt/fle signal on any NaN; -0 == +0. */
        FP_CASE(80, 1, 0, S(0x80000000), S(0), feq.s a4, fa1, fa2)
        FP_CASE(81, 0, 0, S(0x80000000), S(0), flt.s a4, fa1, fa2)
        FP_CASE(82, 1, 0, 0x8000000000000000, 0, fle.d a4, fa1, fa2)
        FP_CASE(83, 0, 0, 0x7ff8000000000000, 0x7ff8000000000000, feq.d a4, fa1, fa2)
        FP_CASE(84, 0, 0x10, 0x7ff0000000000001, 0, feq.d a4, fa1, fa2)
        FP_CASE(85, 0, 0x10, 0x7ff8000000000000, 0, flt.d a4, fa1, fa2)
        FP_CASE(86, 0, 0x10, S(0), S(0x7fc00000), fle.s a4, fa1, fa2)
        FP_CASE(87, 1, 0, 0xc000000000000000, 0xbff0000000000000, flt.d a4, fa1, fa2)
        FP_CASE(88, 1, 0, S(0xff800000), S(0xff800000), fle.s a4, fa1, fa2)

        /* fmin/fmax (2019): -0 < +0; one NaN gives the other operand;
         * two NaNs the canonical NaN; a signalling NaN raises NV. */
        FP_CASE(90, S(0x80000000), 0, S(0), S(0x80000000), FRES(fmin.s fa0, fa1, fa2))
        FP_CASE(91, S(0), 0, S(0x80000000), S(0), FRES(fmax.s fa0, fa1, fa2))
        FP_CASE(92, 0x3ff0000000000000, 0, 0x7ff8000000000000, 0x3ff0000000000000, FRES(fmin.d fa0, fa1, fa2))
        FP_CASE(93, 0x3ff0000000000000, 0x10, 0x3ff0000000000000, 0x7ff0000000000001, FRES(fmax.d fa0, fa1, fa2))
        FP_CASE(94, 0x7ff8000000000000, 0, 0xfff8000000000123, 0x7ff8000000000000, FRES(fmin.d fa0, fa1, fa2))
        FP_CASE(95, S(0x7fc00000), 0x10, S(0x7f800001), S(0xffc00000), FRES(fmax.s fa0, fa1, fa2))
        FP_CASE(96, S(0xff800000), 0, S(0xff800000), S(0x3f800000), FRES(fmin.s fa0, fa1, fa2))

        /* Rounding modes: rm=5/6 are reserved, and so is frm=5..7 for dyn. */
        TEST_TRAP(100, CAUSE_ILLEGAL_INSTRUCTION, .word 0x00c5d553) /* fadd.s rm=5 */
        CHECK_TVAL(0x00c5d553)
        TEST_TRAP(101, CAUSE_ILLEGAL_INSTRUCTION, .word 0x02c5e553) /* fadd.d rm=6 */
        TEST_TRAP(102, CAUSE_ILLEGAL_INSTRUCTION, fsrmi 5; fadd.d fa0, fa1, fa2)
        TEST_TRAP(103, CAUSE_ILLEGAL_INSTRUCTION, fsrmi 7; fcvt.w.d a0, fa1)
        TEST_CASE(104, a4, 0, fsrmi 6; fadd.d fa0, fa1, fa2, rtz; fsgnj.d fa0, fa1, fa2; li a4, 0)
        fsrmi 0

        TEST_PASS

        .data
        .align 3
fp_data:
        .word 0x3f800000, 0
        .dword 0x400921fb54442d18
        .dword 0, 0, 0, 0
