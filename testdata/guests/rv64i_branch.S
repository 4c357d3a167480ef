/* RV64I control transfer: every conditional branch taken and not taken
 * (signed and unsigned edge values, forward and backward), jal and jalr
 * link values, jalr clearing bit 0 of the target, and jalr with rd = rs1. */
#include "test.h"

/* Branch must be taken: fall-through fails. */
#define TEST_BR_TAKEN(n, inst, v1, v2)                  \
test_ ## n:                                             \
        li TESTNUM, n;                                  \
        li a1, v1;                                      \
        li a2, v2;                                      \
        inst a1, a2, test_ ## n ## _ok;                 \
        j fail;                                         \
test_ ## n ## _ok:

/* Branch must not be taken, also when the target is backwards. */
#define TEST_BR_NOT_TAKEN(n, inst, v1, v2)              \
test_ ## n:                                             \
        li TESTNUM, n;                                  \
        li a1, v1;                                      \
        li a2, v2;                                      \
        j test_ ## n ## _go;                            \
test_ ## n ## _bad:                                     \
        j fail;                                         \
test_ ## n ## _go:                                      \
        inst a1, a2, test_ ## n ## _bad;                \
        inst a1, a2, fail

TEST_BEGIN("rv64i_branch")
        TEST_BR_TAKEN(1, beq, 0, 0)
        TEST_BR_TAKEN(2, beq, -1, -1)
        TEST_BR_NOT_TAKEN(3, beq, 0, 1)
        TEST_BR_NOT_TAKEN(4, beq, 0x100000000, 0)
        TEST_BR_TAKEN(5, bne, 0x100000000, 0)
        TEST_BR_NOT_TAKEN(6, bne, 7, 7)
        TEST_BR_TAKEN(7, blt, -1, 0)
        TEST_BR_TAKEN(8, blt, 0x8000000000000000, 0x7fffffffffffffff)
        TEST_BR_NOT_TAKEN(9, blt, 0, -1)
        TEST_BR_NOT_TAKEN(10, blt, 5, 5)
        TEST_BR_TAKEN(11, bge, 5, 5)
        TEST_BR_TAKEN(12, bge, 0, -1)
        TEST_BR_NOT_TAKEN(13, bge, 0x8000000000000000, 0)
        TEST_BR_TAKEN(14, bltu, 0, -1)
        TEST_BR_TAKEN(15, bltu, 0x7fffffffffffffff, 0x8000000000000000)
        TEST_BR_NOT_TAKEN(16, bltu, -1, 0)
        TEST_BR_NOT_TAKEN(17, bltu, 3, 3)
        TEST_BR_TAKEN(18, bgeu, -1, 0)
        TEST_BR_TAKEN(19, bgeu, 3, 3)
        TEST_BR_NOT_TAKEN(20, bgeu, 0, 0x8000000000000000)

        /* Backward taken branch: a loop that runs 10 times. */
        TEST_CASE(21, a4, 10, li a4, 0; li a1, 10; 1: addi a4, a4, 1; bne a4, a1, 1b)

        /* jal links the address of the next instruction. */
        TEST_CASE(22, a4, 0, jal a5, 1f; 2: j fail; 1: la a4, 2b; sub a4, a4, a5)
        /* jal x0 does not link (j). */
        TEST_CASE(23, a5, 0x55, li a5, 0x55; jal zero, 1f; j fail; 1: nop)
        /* jalr: target = (rs1 + imm) & ~1, link = pc + 4. */
        TEST_CASE(24, a4, 0, la a1, 1f; jalr a5, 0(a1); 2: j fail; 1: la a4, 2b; sub a4, a4, a5)
        TEST_CASE(25, a4, 0, la a1, 1f; addi a1, a1, -7; jalr a5, 8(a1); 2: j fail; .align 2; nop; 1: la a4, 2b; sub a4, a4, a5)
        TEST_CASE(26, a4, 0, la a1, 1f; addi a1, a1, 1; jalr a5, 0(a1); 2: j fail; 1: la a4, 2b; sub a4, a4, a5)
        /* rd == rs1: the target uses the old value. */
        TEST_CASE(27, a4, 0, la a1, 1f; jalr a1, 0(a1); 2: j fail; 1: la a4, 2b; sub a4, a4, a1)
        /* call/ret through ra. */
        TEST_CASE(28, a4, 42, li a4, 0; call func; addi a4, a4, 2)
        /* Negative jalr offset. */
        TEST_CASE(29, a4, 0, la a1, 1f; addi a1, a1, 16; jalr a5, -16(a1); 2: j fail; 1: la a4, 2b; sub a4, a4, a5)
        TEST_PASS

func:   addi a4, a4, 40
        ret
