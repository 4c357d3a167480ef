/* RV64C: every compressed instruction written by hand (the assembler emits
 * exactly the 16-bit form named), checked for its result, link values of
 * c.jal-free RV64 forms (c.jalr), and the reserved or F/D encodings that
 * must raise illegal instruction with the 16 instruction bits in mtval. */
#include "test.h"

        .option rvc
TEST_BEGIN("rvc")
        /* Stack-pointer based: c.addi4spn, c.addi16sp, c.*sp loads/stores. */
        TEST_CASE(1, a0, 0, mv s1, sp; c.addi4spn a0, sp, 1020; sub a0, a0, s1; addi a0, a0, -1020)
        TEST_CASE(2, a4, -512, mv s1, sp; c.addi16sp sp, -512; sub a4, sp, s1; mv sp, s1)
        TEST_CASE(3, a4, 496, mv s1, sp; c.addi16sp sp, 496; sub a4, sp, s1; mv sp, s1)
        TEST_CASE(4, a4, 0xffffffff87654321, addi sp, sp, -256; li a5, 0x87654321; c.swsp a5, 252(sp); c.lwsp a4, 252(sp); addi sp, sp, 256)
        TEST_CASE(5, a4, 0x8123456789abcdef, addi sp, sp, -512; li a5, 0x8123456789abcdef; c.sdsp a5, 504(sp); c.ldsp a4, 504(sp); addi sp, sp, 512)
        /* Register-based loads/stores (x8-x15 only). */
        TEST_CASE(6, a4, 0xfffffffff0e0d0c0, la s0, cdata; li a5, 0xf0e0d0c0; c.sw a5, 124(s0); c.lw a4, 124(s0))
        TEST_CASE(7, a4, 0x0102030405060708, la s0, cdata; li a5, 0x0102030405060708; c.sd a5, 248(s0); c.ld a4, 248(s0))
        /* Immediates. */
        TEST_CASE(8, a4, 0x5, li a4, 0; c.li a4, 5)
        TEST_CASE(9, a4, -32, c.li a4, -32)
        TEST_CASE(10, a4, 0xffffffffffffe000, c.lui a4, 0xffffe)
        TEST_CASE(11, a4, 0x1f000, c.lui a4, 0x1f)
        TEST_CASE(12, a4, 9, li a4, 10; c.addi a4, -1)
        TEST_CASE(13, a4, 41, li a4, 10; c.addi a4, 31)
        TEST_CASE(14, a4, 0xffffffff80000000, li a4, 0x7fffffff; c.addiw a4, 1)
        TEST_CASE(15, a4, 0x0000000000000005, li a4, 0x1234567800000005; c.addiw a4, 0)
        TEST_CASE(16, a4, 0x12345, li a4, 0x12345; c.nop)
        /* Shifts, including shamt 32..63. */
        TEST_CASE(17, a4, 0x8000000000000000, li a4, 1; c.slli a4, 63)
        TEST_CASE(18, s0, 0x0000000000000001, li s0, 0x8000000000000000; c.srli s0, 63)
        TEST_CASE(19, s0, 0xffffffff80000000, li s0, 0x8000000000000000; c.srai s0, 32)
        TEST_CASE(20, s0, 0x00000000ffffffff, li s0, -1; c.srli s0, 32)
        /* Register-register ALU. */
        TEST_CASE(21, s0, 0x0f0, li s0, 0xff0; c.andi s0, -16 + 0; andi s0, s0, 0xf0)
        TEST_CASE(22, s0, 0xffffffffffffffe0, li s0, -1; c.andi s0, -32)
        TEST_CASE(23, s0, 3, li s0, 10; li s1, 7; c.sub s0, s1)
        TEST_CASE(24, s0, 0xff, li s0, 0xf0; li s1, 0x0f; c.xor s0, s1)
        TEST_CASE(25, s0, 0xff, li s0, 0xf0; li s1, 0x0f; c.or s0, s1)
        TEST_CASE(26, s0, 0x30, li s0, 0xf0; li s1, 0x3f; c.and s0, s1)
        TEST_CASE(27, s0, 0xffffffff80000000, li s0, 0x7fffffff; li s1, -1; c.subw s0, s1)
        TEST_CASE(28, s0, 0xffffffff80000000, li s0, 0x7fffffff; li s1, 1; c.addw s0, s1)
        TEST_CASE(29, a4, 0x1234, li a5, 0x1234; c.mv a4, a5)
        TEST_CASE(30, a4, 0x3579, li a4, 0x1234; li a5, 0x2345; c.add a4, a5)
        /* Control transfer. */
        TEST_CASE(31, a4, 1, li a4, 1; c.j 1f; li a4, 2; 1: nop)
        TEST_CASE(32, a4, 1, li a4, 1; li s0, 0; c.beqz s0, 1f; li a4, 2; 1: nop)
        TEST_CASE(33, a4, 1, li a4, 1; li s0, 5; c.beqz s0, fail; c.bnez s0, 1f; li a4, 2; 1: nop)
        TEST_CASE(34, a4, 1, li a4, 1; li s0, 0; c.bnez s0, fail; nop)
        TEST_CASE(35, a4, 7, li a4, 0; la a5, 1f; c.jr a5; j fail; 1: li a4, 7)
        /* c.jalr links pc + 2. */
        TEST_CASE(36, a4, 0, la a5, 1f; c.jalr a5; 2: j fail; 1: la a4, 2b; sub a4, a4, ra)
        /* c.ebreak: breakpoint, mepc at the 16-bit instruction. */
        TEST_TRAP(37, CAUSE_BREAKPOINT, rvc_37: c.ebreak)
        CHECK_EPC(rvc_37)

        /* Illegal and reserved 16-bit encodings: mtval = the 16 bits. */
        TEST_TRAP(38, CAUSE_ILLEGAL_INSTRUCTION, .half 0x0000)   /* all zero */
        CHECK_TVAL(0)
        TEST_TRAP(39, CAUSE_ILLEGAL_INSTRUCTION, .half 0x2000)   /* c.fld, no D */
        CHECK_TVAL(0x2000)
        TEST_TRAP(40, CAUSE_ILLEGAL_INSTRUCTION, .half 0xa000)   /* c.fsd */
        CHECK_TVAL(0xa000)
        TEST_TRAP(41, CAUSE_ILLEGAL_INSTRUCTION, .half 0x2002)   /* c.fldsp */
        CHECK_TVAL(0x2002)
        TEST_TRAP(42, CAUSE_ILLEGAL_INSTRUCTION, .half 0xa002)   /* c.fsdsp */
        CHECK_TVAL(0xa002)
        TEST_TRAP(43, CAUSE_ILLEGAL_INSTRUCTION, .half 0x6101)   /* c.addi16sp 0 */
        CHECK_TVAL(0x6101)
        TEST_TRAP(44, CAUSE_ILLEGAL_INSTRUCTION, .half 0x6781)   /* c.lui a5, 0 */
        CHECK_TVAL(0x6781)
        TEST_TRAP(45, CAUSE_ILLEGAL_INSTRUCTION, .half 0x8002)   /* c.jr x0 */
        CHECK_TVAL(0x8002)
        TEST_TRAP(46, CAUSE_ILLEGAL_INSTRUCTION, .half 0x4002)   /* c.lwsp x0 */
        CHECK_TVAL(0x4002)
        TEST_TRAP(47, CAUSE_ILLEGAL_INSTRUCTION, .half 0x6002)   /* c.ldsp x0 */
        CHECK_TVAL(0x6002)
        TEST_TRAP(48, CAUSE_ILLEGAL_INSTRUCTION, .half 0x9c41)   /* reserved in RV64: 100111 ... 10 (c.subw-class 10) */
        CHECK_TVAL(0x9c41)
        TEST_TRAP(49, CAUSE_ILLEGAL_INSTRUCTION, .half 0x2001)   /* c.addiw x0 */
        CHECK_TVAL(0x2001)
        TEST_PASS

        .data
        .align 3
cdata:  .fill 256, 1, 0
