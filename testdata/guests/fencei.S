/* Self-modifying code with fence.i: code rewritten in a data buffer and in
 * the running function, by word, byte and AMO stores, 32-bit instructions
 * replaced by compressed ones, and a loop that patches and runs the same
 * instruction many times (a decoded-instruction cache must notice). */
#include "test.h"

#define ADDI_A0(imm) (0x00000513 | ((imm) << 20))       /* addi a0, zero, imm */
#define RET 0x00008067                                   /* jalr zero, 0(ra) */
#define C_LI_A0(imm) (0x4501 | (((imm) & 0x1f) << 2))    /* c.li a0, imm */
#define C_NOP 0x0001

TEST_BEGIN("fencei")
        /* Build "addi a0, zero, 1; ret" in the buffer and run it. */
        TEST_CASE(1, a0, 1, la a1, codebuf; li a2, ADDI_A0(1); sw a2, 0(a1); li a2, RET; sw a2, 4(a1); fence.i; jalr a1)
        /* Rewrite the immediate. */
        TEST_CASE(2, a0, 2, la a1, codebuf; li a2, ADDI_A0(2); sw a2, 0(a1); fence.i; jalr a1)
        /* Byte store into the immediate field (bits 31:24 hold imm[11:4]). */
        TEST_CASE(3, a0, 0x102, la a1, codebuf; li a2, 0x10; sb a2, 3(a1); fence.i; jalr a1)
        /* AMO store of a whole instruction. */
        TEST_CASE(4, a0, 0x7ff, la a1, codebuf; li a2, ADDI_A0(0x7ff); amoswap.w zero, a2, (a1); fence.i; jalr a1)
        /* A 32-bit instruction replaced by two compressed ones. */
        TEST_CASE(5, a0, 13, la a1, codebuf; li a2, (C_NOP << 16) | C_LI_A0(13); sw a2, 0(a1); fence.i; jalr a1)
        /* Compressed halves changed one at a time. */
        TEST_CASE(6, a0, 14, la a1, codebuf; li a2, 0x0505; sh a2, 2(a1); fence.i; jalr a1)  /* c.addi a0, 1 */
        /* Patch and run 100 times. */
        li TESTNUM, 7
        li s1, 0
        li s2, 100
1:      la a1, codebuf
        slli a2, s1, 20
        li t0, ADDI_A0(0)
        or a2, a2, t0
        sw a2, 0(a1)
        fence.i
        jalr a1
        bne a0, s1, fail
        addi s1, s1, 1
        bne s1, s2, 1b
        /* Patch an instruction of this very function, just ahead. */
        li TESTNUM, 8
        la a1, patch_site
        li a2, ADDI_A0(42)
        sw a2, 0(a1)
        fence.i
        .option push
        .option norvc
patch_site:
        addi a0, zero, 7
        .option pop
        CHECK(a0, 42)
        /* And again, back to the old instruction: the site runs in a loop. */
        li TESTNUM, 9
        li s1, 0
2:      la a1, loop_site
        li a2, ADDI_A0(1)
        beqz s1, 3f
        li a2, ADDI_A0(2)
3:      sw a2, 0(a1)
        fence.i
        .option push
        .option norvc
loop_site:
        addi a0, zero, 0
        .option pop
        addi t0, s1, 1
        bne a0, t0, fail
        addi s1, s1, 1
        li t0, 2
        bne s1, t0, 2b
        TEST_PASS

        .data
        .align 3
codebuf: .fill 16, 4, 0
