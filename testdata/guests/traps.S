/* Synchronous exceptions: instruction/load/store access faults on unmapped
 * addresses, illegal instructions (mtval = the instruction), privileged
 * instructions from lower modes and the mstatus TW/TSR/TVM traps, ebreak,
 * ecall from U, S and M, and the mepc/mtval/MPP each one leaves. Cause 0
 * (misaligned fetch) cannot happen with C; page faults are in sv39/sv48. */
#include "test.h"

#define UNMAPPED 0x10

/* a3 holds the saved mstatus after TEST_TRAP: check MPP. */
#define CHECK_MPP(v) srli a3, a3, 11; andi a3, a3, 3; CHECK(a3, v)

TEST_BEGIN("traps")
        /* Instruction access fault: mepc = mtval = target. */
        TEST_TRAP(1, CAUSE_FETCH_ACCESS, li a5, UNMAPPED; jalr a5)
        CHECK(a1, UNMAPPED)
        CHECK_TVAL(UNMAPPED)
        /* Load and store access faults: mtval = address. */
        TEST_TRAP(2, CAUSE_LOAD_ACCESS, li a5, UNMAPPED; traps_2: ld a4, 0(a5))
        CHECK_EPC(traps_2)
        CHECK_TVAL(UNMAPPED)
        TEST_TRAP(3, CAUSE_LOAD_ACCESS, li a5, UNMAPPED; lbu a4, 5(a5))
        CHECK_TVAL(UNMAPPED + 5)
        TEST_TRAP(4, CAUSE_STORE_ACCESS, li a5, UNMAPPED; traps_4: sw a4, 8(a5))
        CHECK_EPC(traps_4)
        CHECK_TVAL(UNMAPPED + 8)
        TEST_TRAP(5, CAUSE_LOAD_ACCESS, li a5, UNMAPPED; lr.d a4, (a5))
        CHECK_TVAL(UNMAPPED)
        /* An AMO to an unmapped address: QEMU 7.2 reports a load access
         * fault (5), the spec a store/AMO access fault (7); accept both. */
        li TESTNUM, 6
        la t0, 1f
        la t1, trap_resume
        sd t0, 0(t1)
        li a5, UNMAPPED
        amoswap.w a4, a4, (a5)
        j fail
1:      LOAD_SYM(a0, trap_cause)
        li t2, CAUSE_STORE_ACCESS
        beq a0, t2, 2f
        li t2, CAUSE_LOAD_ACCESS
        bne a0, t2, fail
2:      LOAD_SYM(a2, trap_tval)
        CHECK(a2, UNMAPPED)

        /* Illegal instructions. */
        TEST_TRAP(7, CAUSE_ILLEGAL_INSTRUCTION, traps_7: .word 0xffffffff)
        CHECK_EPC(traps_7)
        CHECK_TVAL(0xffffffff)
        TEST_TRAP(8, CAUSE_ILLEGAL_INSTRUCTION, .word 0x0000007f)  /* no such opcode */
        CHECK_TVAL(0x0000007f)
        TEST_TRAP(9, CAUSE_ILLEGAL_INSTRUCTION, .word 0x0200003b | (1 << 25) | (7 << 12) | (1 << 26)) /* bad funct7 on OP-32 */
        TEST_TRAP(10, CAUSE_ILLEGAL_INSTRUCTION, .word 0x00005013 | (0x40 << 25)) /* srli with bad funct6 */
        TEST_TRAP(11, CAUSE_ILLEGAL_INSTRUCTION, .word 0x00007003)  /* load funct3 7 */
        CHECK_TVAL(0x00007003)
        TEST_TRAP(12, CAUSE_ILLEGAL_INSTRUCTION, .word 0x00004023)  /* store funct3 4 */
        TEST_TRAP(13, CAUSE_ILLEGAL_INSTRUCTION, .word 0x00002063)  /* branch funct3 2 */
        TEST_TRAP(14, CAUSE_ILLEGAL_INSTRUCTION, .word 0x00001067)  /* jalr funct3 1 */
        TEST_TRAP(15, CAUSE_ILLEGAL_INSTRUCTION, .word 0x0000202f | (0x1f << 27)) /* AMO funct5 0x1f */
        TEST_TRAP(16, CAUSE_ILLEGAL_INSTRUCTION, .word 0x00002007)  /* flw: no F */
        CHECK_TVAL(0x00002007)

        /* ebreak: mepc = the ebreak; mtval is 0 on QEMU, pc on Spike. */
        TEST_TRAP(17, CAUSE_BREAKPOINT, traps_17: ebreak)
        CHECK_EPC(traps_17)
        beqz a2, 1f
        CHECK_SYM(a2, traps_17)
1:
        /* ecall from M, S and U: cause 11, 9, 8, mtval 0, MPP = mode. */
        TEST_TRAP(18, CAUSE_MACHINE_ECALL, li a7, 0; traps_18: ecall)
        CHECK_EPC(traps_18)
        CHECK_TVAL(0)
        CHECK_MPP(3)
        GOTO_S(19)
        TEST_TRAP(19, CAUSE_SUPERVISOR_ECALL, li a7, 0; traps_19: ecall)
        CHECK_EPC(traps_19)
        CHECK_TVAL(0)
        CHECK_MPP(1)
        /* S-mode: mret is illegal; TW makes wfi illegal; TSR makes sret
         * illegal; TVM makes satp and sfence.vma illegal. */
        TEST_TRAP(20, CAUSE_ILLEGAL_INSTRUCTION, traps_20: mret)
        CHECK_TVAL(0x30200073)
        GOTO_M(21)
        li t0, MSTATUS_TW | MSTATUS_TSR | MSTATUS_TVM
        csrs mstatus, t0
        GOTO_S(21)
        TEST_TRAP(21, CAUSE_ILLEGAL_INSTRUCTION, wfi)
        CHECK_TVAL(0x10500073)
        TEST_TRAP(22, CAUSE_ILLEGAL_INSTRUCTION, sret)
        CHECK_TVAL(0x10200073)
        TEST_TRAP(23, CAUSE_ILLEGAL_INSTRUCTION, csrr a4, satp)
        TEST_TRAP(24, CAUSE_ILLEGAL_INSTRUCTION, sfence.vma)
        CHECK_TVAL(0x12000073)
        GOTO_M(25)
        li t0, MSTATUS_TW | MSTATUS_TSR | MSTATUS_TVM
        csrc mstatus, t0
        GOTO_U(25)
        TEST_TRAP(25, CAUSE_USER_ECALL, li a7, 0; traps_25: ecall)
        CHECK_EPC(traps_25)
        CHECK_MPP(0)
        /* U-mode: sret, mret, sfence.vma and S CSRs are illegal. */
        TEST_TRAP(26, CAUSE_ILLEGAL_INSTRUCTION, sret)
        TEST_TRAP(27, CAUSE_ILLEGAL_INSTRUCTION, mret)
        TEST_TRAP(28, CAUSE_ILLEGAL_INSTRUCTION, sfence.vma)
        TEST_TRAP(29, CAUSE_ILLEGAL_INSTRUCTION, csrr a4, sstatus)
        TEST_TRAP(30, CAUSE_ILLEGAL_INSTRUCTION, traps_30: csrw sscratch, zero)
        la t0, traps_30
        lwu t2, 0(t0)
        bne a2, t2, fail
        /* ebreak and access faults from U also go to M with MPP = U. */
        TEST_TRAP(31, CAUSE_BREAKPOINT, ebreak)
        CHECK_MPP(0)
        TEST_TRAP(32, CAUSE_LOAD_ACCESS, li a5, UNMAPPED; ld a4, 0(a5))
        CHECK_TVAL(UNMAPPED)
        GOTO_M(33)
        /* Every trap above was counted once. */
        LOAD_SYM(a4, trap_count)
        li TESTNUM, 33
        beqz a4, fail
        TEST_PASS
