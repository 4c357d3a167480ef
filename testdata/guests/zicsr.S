/* Zicsr: csrrw/csrrs/csrrc and their immediate forms on mscratch, the rules
 * for which forms write (rs1 = x0 / uimm = 0 do not), misa (RV64 IMAFDC +
 * S + U), mhartid, writes to read-only CSRs and accesses to unknown CSRs
 * raising illegal instruction with the instruction bits in mtval, M-mode
 * CSRs from S-mode, and sstatus/sie as views of mstatus/mie. */
#include "test.h"

TEST_BEGIN("zicsr")
        csrr s11, mscratch              /* trap stack; restored below */
        TEST_CASE(1, a4, 0x0123456789abcdef, li a1, 0x0123456789abcdef; csrw mscratch, a1; csrr a4, mscratch)
        TEST_CASE(2, a4, 0x0123456789abcdef, li a1, 0x55; csrrw a4, mscratch, a1)
        TEST_CASE(3, a4, 0x55, li a1, 0xf00; csrrs a4, mscratch, a1)
        TEST_CASE(4, a4, 0xf55, li a1, 0x50; csrrc a4, mscratch, a1)
        TEST_CASE(5, a4, 0xf05, csrrwi a4, mscratch, 0x1f)
        TEST_CASE(6, a4, 0x1f, csrrsi a4, mscratch, 0x0)
        TEST_CASE(7, a4, 0x1f, csrrci a4, mscratch, 0x3)
        TEST_CASE(8, a4, 0x1c, csrrsi a4, mscratch, 0x10)
        TEST_CASE(9, a4, 0x1c, csrr a4, mscratch)
        /* csrrs/csrrc with x0 and a zero uimm read without writing. */
        TEST_CASE(10, a4, 0x1c, csrrs a4, mscratch, zero; csrrc a4, mscratch, zero)
        /* rd = x0 still writes. */
        TEST_CASE(11, a4, -1, li a1, -1; csrrw zero, mscratch, a1; csrr a4, mscratch)
        TEST_CASE(12, a4, 0x7fffffffffffffff, li a1, 0x8000000000000000; csrrc zero, mscratch, a1; csrr a4, mscratch)
        csrw mscratch, s11

        /* misa: MXL=2 (RV64), I M A F D C S U. */
        TEST_CASE(13, a4, 0x800000000014112d, csrr a4, misa)
        TEST_CASE(14, a4, 0, csrr a4, mhartid)
        /* A read of a read-only CSR with csrrs x0 / csrrsi 0 is allowed. */
        TEST_CASE(15, a4, 0, csrrs a4, mhartid, zero; csrrsi a4, mhartid, 0; csrrc a4, mhartid, zero)

        /* Writes to read-only CSRs: illegal, mtval = instruction. */
        TEST_TRAP(16, CAUSE_ILLEGAL_INSTRUCTION, zicsr_16: csrw mhartid, zero)
        CHECK_EPC(zicsr_16)
        la t0, zicsr_16
        lwu t2, 0(t0)
        bne a2, t2, fail
        TEST_TRAP(17, CAUSE_ILLEGAL_INSTRUCTION, zicsr_17: csrrsi a4, mvendorid, 1)
        la t0, zicsr_17
        lwu t2, 0(t0)
        bne a2, t2, fail
        TEST_TRAP(18, CAUSE_ILLEGAL_INSTRUCTION, zicsr_18: li a1, 1; csrrs a4, cycle, a1)
        TEST_TRAP(19, CAUSE_ILLEGAL_INSTRUCTION, zicsr_19: csrrwi zero, marchid, 0)
        /* Unknown CSR numbers. */
        TEST_TRAP(20, CAUSE_ILLEGAL_INSTRUCTION, zicsr_20: csrr a4, 0x7ff)
        CHECK_TVAL(0x7ff02773)
        TEST_TRAP(21, CAUSE_ILLEGAL_INSTRUCTION, zicsr_21: csrw 0x5c0, a1)
        la t0, zicsr_21
        lwu t2, 0(t0)
        bne a2, t2, fail
        /* F/D state is Off after reset (mstatus.FS = 0): fcsr and F/D
         * instructions trap until software turns it on (see fp_basic). */
        TEST_TRAP(22, CAUSE_ILLEGAL_INSTRUCTION, csrr a4, fcsr)
        TEST_TRAP(23, CAUSE_ILLEGAL_INSTRUCTION, .word 0x00b50553)  /* fadd.s fa0, fa0, fa1 */
        CHECK_TVAL(0x00b50553)
        /* Hypervisor CSRs are absent. */
        TEST_TRAP(24, CAUSE_ILLEGAL_INSTRUCTION, csrr a4, 0x600)

        /* sstatus is a view of mstatus. */
        TEST_CASE(25, a4, MSTATUS_SUM, li a1, MSTATUS_SUM; csrc mstatus, a1; csrs sstatus, a1; csrr a4, mstatus; and a4, a4, a1)
        TEST_CASE(26, a4, 0, li a1, MSTATUS_SUM; csrc mstatus, a1; csrr a4, sstatus; and a4, a4, a1)
        /* sstatus does not show M fields. */
        TEST_CASE(27, a4, 0, li a1, MSTATUS_MPP; csrs mstatus, a1; csrr a4, sstatus; and a4, a4, a1)
        /* sie is mie masked by mideleg. */
        TEST_CASE(28, a4, MIP_SSIP, csrw mie, zero; li a1, MIP_SSIP; csrw mideleg, a1; csrs sie, a1; csrr a4, mie)
        TEST_CASE(29, a4, MIP_SSIP, csrr a4, sie)
        csrw mideleg, zero
        csrw mie, zero

        /* M-mode CSRs are illegal from S-mode; S CSRs work there. */
        GOTO_S(30)
        TEST_TRAP(30, CAUSE_ILLEGAL_INSTRUCTION, zicsr_30: csrr a4, mscratch)
        CHECK_EPC(zicsr_30)
        TEST_TRAP(31, CAUSE_ILLEGAL_INSTRUCTION, csrw mstatus, zero)
        TEST_CASE(32, a4, 0x42, li a1, 0x42; csrw sscratch, a1; csrr a4, sscratch)
        /* mstatus.MPP shows the trap came from S. */
        TEST_TRAP(33, CAUSE_ILLEGAL_INSTRUCTION, csrr a4, mhartid)
        srli a3, a3, 11
        andi a3, a3, 3
        CHECK(a3, 1)
        GOTO_M(34)
        la t0, __strap_stack_top
        csrw sscratch, t0
        TEST_PASS
