/* RV64A: LR/SC success and failure (SC without a reservation, SC to
 * another address, a second SC after a successful one), the sign extension
 * of the .w forms, every AMO in .w and .d width with signed and unsigned
 * min/max edge cases, and misaligned LR/SC/AMO, which trap. */
#include "test.h"

/* a4 = old value returned, a5 = new memory value; both checked. */
#define TEST_AMO(n, inst, ldinst, init, operand, old, new)     \
        TEST_CASE(n, a4, old,                                  \
                la a1, amo_data; li a2, init; sd a2, 0(a1);    \
                li a3, operand; inst a4, a3, (a1);             \
                ldinst a5, 0(a1));                             \
        li t2, new; bne a5, t2, fail

TEST_BEGIN("rv64a")
        /* lr/sc success: sc writes 0 to rd and stores. */
        TEST_CASE(1, a4, 0, la a1, amo_data; li a2, 0x11; sd a2, 0(a1); lr.d a3, (a1); li a2, 0x22; sc.d a4, a2, (a1))
        TEST_CASE(2, a5, 0x22, ld a5, 0(a1))
        TEST_CASE(3, a3, 0x11, nop)
        /* The reservation is gone after an sc: a second sc fails and does not store. */
        TEST_CASE(4, a5, 0x22, li a2, 0x33; sc.d a4, a2, (a1); beqz a4, fail; ld a5, 0(a1))
        /* lr.w sign-extends; sc.w stores 32 bits. */
        TEST_CASE(5, a3, 0xffffffff80000001, li a2, 0x1234567880000001; sd a2, 0(a1); lr.w a3, (a1))
        TEST_CASE(6, a5, 0x1234567800000077, li a2, 0x77; sc.w a4, a2, (a1); bnez a4, fail; ld a5, 0(a1))
        /* sc with no reservation at all fails. */
        TEST_CASE(7, a5, 0x1234567800000077, li a2, 0x99; sc.w a4, a2, (a1); beqz a4, fail; ld a5, 0(a1))
        /* sc to an address far from the reserved one fails. */
        TEST_CASE(8, a5, 0x5a5a, la a6, amo_far; li a2, 0x5a5a; sd a2, 0(a6); lr.d a3, (a1); li a2, 0x1; sc.d a4, a2, (a6); beqz a4, fail; ld a5, 0(a6))
        /* A retry loop as software writes it: atomic increment. */
        TEST_CASE(9, a5, 0x1234567800000078, 1: lr.d a3, (a1); addi a3, a3, 1; sc.d a4, a3, (a1); bnez a4, 1b; ld a5, 0(a1))
        TEST_CASE(10, a5, 0x1234567800000079, 1: lr.w.aq a3, (a1); addi a3, a3, 1; sc.w.rl a4, a3, (a1); bnez a4, 1b; ld a5, 0(a1))

        TEST_AMO(11, amoswap.w, ld, 0xaaaaaaaa11111111, 0x80000000, 0x0000000011111111, 0xaaaaaaaa80000000)
        TEST_AMO(12, amoswap.w, ld, 0x00000000ffffffff, 0x1, 0xffffffffffffffff, 0x0000000000000001)
        TEST_AMO(13, amoswap.d, ld, 0x8000000000000000, 0x1, 0x8000000000000000, 0x0000000000000001)
        TEST_AMO(14, amoadd.w, ld, 0x000000007fffffff, 0x1, 0x000000007fffffff, 0x0000000080000000)
        TEST_AMO(15, amoadd.w, ld, 0x55555555ffffffff, 0x1, 0xffffffffffffffff, 0x5555555500000000)
        TEST_AMO(16, amoadd.d, ld, 0x00000000ffffffff, 0x1, 0x00000000ffffffff, 0x0000000100000000)
        TEST_AMO(17, amoxor.w, ld, 0x00000000f0f0f0f0, 0xffffffff, 0xfffffffff0f0f0f0, 0x000000000f0f0f0f)
        TEST_AMO(18, amoxor.d, ld, 0xf0f0f0f0f0f0f0f0, -1, 0xf0f0f0f0f0f0f0f0, 0x0f0f0f0f0f0f0f0f)
        TEST_AMO(19, amoand.w, ld, 0x12345678ff00ff00, 0x0ff00ff0, 0xffffffffff00ff00, 0x123456780f000f00)
        TEST_AMO(20, amoand.d, ld, 0xff00ff00ff00ff00, 0x0ff00ff00ff00ff0, 0xff00ff00ff00ff00, 0x0f000f000f000f00)
        TEST_AMO(21, amoor.w, ld, 0x0000000000000001, 0x80000000, 0x0000000000000001, 0x0000000080000001)
        TEST_AMO(22, amoor.d, ld, 0x0000000000000001, 0x8000000000000000, 0x0000000000000001, 0x8000000000000001)
        TEST_AMO(23, amomin.w, ld, 0x0000000000000001, 0xffffffff, 0x0000000000000001, 0x00000000ffffffff)
        TEST_AMO(24, amomin.w, ld, 0x0000000080000000, 0x7fffffff, 0xffffffff80000000, 0x0000000080000000)
        TEST_AMO(25, amomin.d, ld, 0x0000000000000001, 0x8000000000000000, 0x0000000000000001, 0x8000000000000000)
        TEST_AMO(26, amomax.w, ld, 0x0000000000000001, 0xffffffff, 0x0000000000000001, 0x0000000000000001)
        TEST_AMO(27, amomax.w, ld, 0x0000000080000000, 0x7fffffff, 0xffffffff80000000, 0x000000007fffffff)
        TEST_AMO(28, amomax.d, ld, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff)
        TEST_AMO(29, amominu.w, ld, 0x0000000000000001, 0xffffffff, 0x0000000000000001, 0x0000000000000001)
        TEST_AMO(30, amominu.w, ld, 0x0000000080000000, 0x7fffffff, 0xffffffff80000000, 0x000000007fffffff)
        TEST_AMO(31, amominu.d, ld, 0x8000000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0x7fffffffffffffff)
        TEST_AMO(32, amomaxu.w, ld, 0x0000000000000001, 0xffffffff, 0x0000000000000001, 0x00000000ffffffff)
        TEST_AMO(33, amomaxu.w, ld, 0xffffffff00000000, 0x1, 0x0000000000000000, 0xffffffff00000001)
        TEST_AMO(34, amomaxu.d, ld, 0x0000000000000001, 0x8000000000000000, 0x0000000000000001, 0x8000000000000000)
        /* The .w forms compare only 32 bits; upper operand bits are ignored. */
        TEST_AMO(35, amomin.w, ld, 0x0000000000000005, 0x7fffffff00000003, 0x0000000000000005, 0x0000000000000003)
        TEST_AMO(36, amomaxu.w, ld, 0x00000000fffffffe, 0x00000001ffffffff, 0xfffffffffffffffe, 0x00000000ffffffff)
        /* rd = x0 still performs the operation; aq/rl variants. */
        TEST_AMO(37, amoadd.d.aqrl, ld, 0x0000000000000010, 0x5, 0x0000000000000010, 0x0000000000000015)
        TEST_CASE(38, a5, 0x0000000000000003, la a1, amo_data; sd zero, 0(a1); li a3, 3; amoadd.d zero, a3, (a1); ld a5, 0(a1))
        /* rd == rs2: the old value goes to rd after the new one was computed from it. */
        TEST_CASE(39, a3, 0x0000000000000003, li a3, 9; amoswap.d a3, a3, (a1); ld a5, 0(a1); li t2, 9; bne a5, t2, fail)

        /* Misaligned LR: load address misaligned, tval = address. */
        TEST_TRAP(40, CAUSE_MISALIGNED_LOAD, la a1, amo_data + 1; amo_40: lr.w a4, (a1))
        CHECK_EPC(amo_40)
        CHECK_TVAL_SYM(amo_data + 1)
        TEST_TRAP(41, CAUSE_MISALIGNED_LOAD, la a1, amo_data + 4; amo_41: lr.d a4, (a1))
        CHECK_EPC(amo_41)
        CHECK_TVAL_SYM(amo_data + 4)
        /* Misaligned AMO: QEMU 7.2 reports cause 4, the spec says 6; accept
         * either, with tval = address and memory unchanged. */
        li TESTNUM, 42
        la a1, amo_data
        li a2, 0x0102030405060708
        sd a2, 0(a1)
        sd a2, 8(a1)
        la t0, 1f
        la t1, trap_resume
        sd t0, 0(t1)
        la a1, amo_data + 2
        li a3, 1
amo_42: amoadd.w a4, a3, (a1)
        j fail
1:      LOAD_SYM(a0, trap_cause)
        li t2, CAUSE_MISALIGNED_STORE
        beq a0, t2, 2f
        li t2, CAUSE_MISALIGNED_LOAD
        bne a0, t2, fail
2:      LOAD_SYM(a1, trap_epc)
        CHECK_SYM(a1, amo_42)
        LOAD_SYM(a2, trap_tval)
        CHECK_SYM(a2, amo_data + 2)
        LOAD_SYM(a5, amo_data)
        CHECK(a5, 0x0102030405060708)

        li TESTNUM, 43
        la t0, 1f
        la t1, trap_resume
        sd t0, 0(t1)
        la a1, amo_data + 12
        li a3, 1
amo_43: amoor.d a4, a3, (a1)
        j fail
1:      LOAD_SYM(a0, trap_cause)
        li t2, CAUSE_MISALIGNED_STORE
        beq a0, t2, 2f
        li t2, CAUSE_MISALIGNED_LOAD
        bne a0, t2, fail
2:      LOAD_SYM(a2, trap_tval)
        CHECK_SYM(a2, amo_data + 12)

        /* Misaligned SC: either it traps (store/AMO misaligned) or, as on
         * QEMU 7.2 where no reservation covers it, it fails without storing. */
        li TESTNUM, 44
        la t0, 1f
        la t1, trap_resume
        sd t0, 0(t1)
        la a1, amo_data + 2
        li a3, 0x7f7f
        sc.w a4, a3, (a1)
        beqz a4, fail
        j 2f
1:      LOAD_SYM(a0, trap_cause)
        li t2, CAUSE_MISALIGNED_STORE
        bne a0, t2, fail
2:      la t1, trap_resume
        sd zero, 0(t1)
        LOAD_SYM(a5, amo_data)
        CHECK(a5, 0x0102030405060708)
        TEST_PASS

        .data
        .align 6
amo_data: .dword 0, 0, 0, 0
        .align 12
amo_far:  .dword 0
