/* Behaviour the RISC-V specifications require and QEMU 7.2 does not have
 * (so this program is vmcore-only; see vmcore-only.txt):
 *  - an mret to a mode below M clears mstatus.MPRV (privileged spec 1.12);
 *  - csrrs/csrrc with rs1 != x0 write the CSR even when the register holds
 *    zero, so on a read-only CSR they raise illegal instruction (Zicsr). */
#include "test.h"

TEST_BEGIN("spec")
        li t0, MSTATUS_MPRV | MSTATUS_MPP_S
        csrs mstatus, t0
        GOTO_S(1)
        GOTO_M(1)
        TEST_CASE(1, a4, 0, csrr a4, mstatus; li t1, MSTATUS_MPRV; and a4, a4, t1)
        TEST_TRAP(2, CAUSE_ILLEGAL_INSTRUCTION, li a1, 0; spec_2: csrrs a4, cycle, a1)
        CHECK_EPC(spec_2)
        TEST_TRAP(3, CAUSE_ILLEGAL_INSTRUCTION, li a1, 0; csrrc a4, mhartid, a1)
        TEST_PASS
