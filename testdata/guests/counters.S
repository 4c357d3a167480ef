/* Zicntr: cycle, time and instret increase; time agrees with the CLINT's
 * mtime; mcounteren gates S-mode and U-mode reads, scounteren gates U-mode
 * reads, and a gated read raises illegal instruction. */
#include "test.h"

#define WORK li t0, 200; 1: addi t0, t0, -1; bnez t0, 1b

TEST_BEGIN("counters")
        TEST_CASE(1, a4, 1, rdcycle a1; WORK; rdcycle a2; sltu a4, a1, a2)
        TEST_CASE(2, a4, 1, rdinstret a1; WORK; rdinstret a2; sltu a4, a1, a2)
        TEST_CASE(3, a4, 1, csrr a1, mcycle; WORK; csrr a2, mcycle; sltu a4, a1, a2)
        TEST_CASE(4, a4, 1, csrr a1, minstret; WORK; csrr a2, minstret; sltu a4, a1, a2)
        /* time must advance: wait for it with a bound. */
        TEST_CASE(5, a4, 1, rdtime a1; li a3, 1000000; 1: rdtime a2; bne a1, a2, 2f; addi a3, a3, -1; bnez a3, 1b; 2: sltu a4, a1, a2)
        /* time reads the CLINT's mtime: mtime before <= time <= mtime after. */
        TEST_CASE(6, a4, 0, li a5, CLINT_MTIME; ld a1, 0(a5); rdtime a2; ld a3, 0(a5); sltu a4, a2, a1; sltu a6, a3, a2; or a4, a4, a6)

        /* mcounteren = 0: S-mode reads trap. */
        csrw mcounteren, zero
        csrw scounteren, zero
        GOTO_S(7)
        TEST_TRAP(7, CAUSE_ILLEGAL_INSTRUCTION, cnt_7: rdcycle a4)
        CHECK_EPC(cnt_7)
        la t0, cnt_7
        lwu t2, 0(t0)
        bne a2, t2, fail
        TEST_TRAP(8, CAUSE_ILLEGAL_INSTRUCTION, rdtime a4)
        TEST_TRAP(9, CAUSE_ILLEGAL_INSTRUCTION, rdinstret a4)
        GOTO_M(10)

        /* mcounteren.CY only: cycle readable from S, time and instret not. */
        li t0, 1
        csrw mcounteren, t0
        GOTO_S(11)
        TEST_CASE(11, a4, 1, rdcycle a1; WORK; rdcycle a2; sltu a4, a1, a2)
        TEST_TRAP(12, CAUSE_ILLEGAL_INSTRUCTION, rdtime a4)
        TEST_TRAP(13, CAUSE_ILLEGAL_INSTRUCTION, rdinstret a4)
        GOTO_M(14)

        /* mcounteren = 7, scounteren = 0: S reads, U traps. */
        li t0, 7
        csrw mcounteren, t0
        GOTO_S(15)
        TEST_CASE(15, a4, 1, rdinstret a1; WORK; rdinstret a2; sltu a4, a1, a2)
        TEST_CASE(16, a4, 1, rdtime a1; rdtime a2; sltu a4, a2, a1; xori a4, a4, 1)
        /* S can write scounteren. */
        TEST_CASE(17, a4, 0, csrw scounteren, zero; csrr a4, scounteren)
        GOTO_U_FROM_S(18)
        TEST_TRAP(18, CAUSE_ILLEGAL_INSTRUCTION, rdcycle a4)
        TEST_TRAP(19, CAUSE_ILLEGAL_INSTRUCTION, rdtime a4)
        TEST_TRAP(20, CAUSE_ILLEGAL_INSTRUCTION, rdinstret a4)
        /* The trap came from U: MPP = 0. */
        srli a3, a3, 11
        andi a3, a3, 3
        CHECK(a3, 0)
        GOTO_M(21)

        /* scounteren = 7 too: U reads work. */
        li t0, 7
        csrw scounteren, t0
        GOTO_U(22)
        TEST_CASE(22, a4, 1, rdcycle a1; WORK; rdcycle a2; sltu a4, a1, a2)
        TEST_CASE(23, a4, 1, rdinstret a1; WORK; rdinstret a2; sltu a4, a1, a2)
        TEST_CASE(24, a4, 1, rdtime a1; rdtime a2; sltu a4, a2, a1; xori a4, a4, 1)
        /* mcounteren still gates U when scounteren allows. */
        GOTO_M(25)
        li t0, 5
        csrw mcounteren, t0
        GOTO_U(25)
        TEST_TRAP(25, CAUSE_ILLEGAL_INSTRUCTION, rdtime a4)
        TEST_CASE(26, a4, 1, rdcycle a1; WORK; rdcycle a2; sltu a4, a1, a2)
        /* M-mode counter CSRs are never readable below M. */
        TEST_TRAP(27, CAUSE_ILLEGAL_INSTRUCTION, csrr a4, mcycle)
        GOTO_M(28)
        TEST_PASS
