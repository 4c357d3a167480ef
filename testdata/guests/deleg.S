/* medeleg: ecall from U, illegal instruction, breakpoint and page faults
 * delegated to the S-mode handler (scause/sepc/stval, SPP), while ecall
 * from S and faults taken in M still go to M; delegation never lowers the
 * privilege of a trap taken in M. */
#include "test.h"
#include "vm.h"

#define VA_RO 0x40000000                /* root[1] -> l1[0] -> l0[0]: page_a R */

#define CHECK_SPP(v) andi a3, a3, MSTATUS_SPP; CHECK(a3, v)

TEST_BEGIN("deleg")
        SET_PTE_ABS(root, 0, 0x00000000, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
        SET_PTE_SYM(root, 1, l1, PTE_V)
        SET_PTE_ABS(root, 2, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
        SET_PTE_SYM(l1, 0, l0, PTE_V)
        SET_PTE_SYM(l0, 0, page_a, PTE_V | PTE_R | PTE_A | PTE_D)
        SET_PTE_SYM(l0, 1, vm_code_page, PTE_V | PTE_R | PTE_X | PTE_U | PTE_A | PTE_D)
        SET_PTE_SYM(l0, 2, page_a, PTE_V | PTE_R | PTE_U | PTE_A | PTE_D)
        li t0, (1 << CAUSE_USER_ECALL) | (1 << CAUSE_ILLEGAL_INSTRUCTION) | (1 << CAUSE_BREAKPOINT) | (1 << CAUSE_LOAD_PAGE_FAULT) | (1 << CAUSE_STORE_PAGE_FAULT) | (1 << CAUSE_FETCH_PAGE_FAULT)
        csrw medeleg, t0
        csrr t1, medeleg
        li TESTNUM, 1
        bne t0, t1, fail

        /* Faults in M stay in M even when delegated. */
        TEST_TRAP(2, CAUSE_ILLEGAL_INSTRUCTION, .word 0xffffffff)
        TEST_CASE(3, a4, 0, LOAD_SYM(a4, strap_count))

        GOTO_S(4)
        /* Illegal instruction in S: to the S handler, stval = bits. */
        TEST_STRAP(4, CAUSE_ILLEGAL_INSTRUCTION, deleg_4: .word 0xffffffff)
        CHECK_EPC(deleg_4)
        CHECK_TVAL(0xffffffff)
        CHECK_SPP(MSTATUS_SPP)
        TEST_CASE(5, a4, 1, LOAD_SYM(a4, strap_count))
        /* Breakpoint in S. */
        TEST_STRAP(6, CAUSE_BREAKPOINT, deleg_6: ebreak)
        CHECK_EPC(deleg_6)
        /* ecall from S is not delegated (bit 9 clear): M takes it. */
        TEST_TRAP(7, CAUSE_SUPERVISOR_ECALL, li a7, 0; ecall)
        /* Page faults under Sv39, delegated. */

        la t0, root
        srli t0, t0, 12
        li t1, SATP_SV39
        or t0, t0, t1
        csrw satp, t0
        sfence.vma
        TEST_STRAP(8, CAUSE_STORE_PAGE_FAULT, li a1, VA_RO + 0x18; deleg_8: sd a4, 0(a1))
        CHECK_EPC(deleg_8)
        CHECK_TVAL(VA_RO + 0x18)
        TEST_STRAP(9, CAUSE_LOAD_PAGE_FAULT, li a1, VA_RO + 0x3000; ld a4, 0(a1))
        CHECK_TVAL(VA_RO + 0x3000)
        TEST_STRAP(10, CAUSE_FETCH_PAGE_FAULT, li a1, VA_RO; jalr a1)
        CHECK(a1, VA_RO)
        CHECK_TVAL(VA_RO)
        TEST_CASE(11, a4, PAGE_A_VAL, li a1, VA_RO; ld a4, 0(a1))

        /* From U: ecall goes to S with SPP = U; the S handler forwards the
         * SYS_TO_M service to M, which continues at deleg_u_back. */
        la a0, deleg_u_back
        li a1, VA_RO + 0x2000
        li a2, 0
        li t0, MSTATUS_SPP
        csrc sstatus, t0
        li t0, VA_RO + 0x1000 + VM_UCODE_OFF
        csrw sepc, t0
        li TESTNUM, 12
        sret
deleg_u_back:
        la t0, strap_cause
        ld a0, 0(t0)
        ld a1, 8(t0)
        ld a3, 24(t0)
        CHECK(a0, CAUSE_USER_ECALL)
        CHECK(a1, VA_RO + 0x1000 + VM_UCODE_OFF + 8)
        CHECK_SPP(0)
        CHECK(a2, PAGE_A_VAL)
        /* M saw an ecall from S (the forward), not from U. */
        LOAD_SYM(a0, trap_cause)
        CHECK(a0, CAUSE_SUPERVISOR_ECALL)
        csrw satp, zero
        sfence.vma
        csrw medeleg, zero
        /* Not delegated any more: an illegal instruction in S goes to M. */
        GOTO_S(13)
        TEST_TRAP(13, CAUSE_ILLEGAL_INSTRUCTION, .word 0)
        GOTO_M(14)
        TEST_PASS

        VM_COMMON_PAGES

        .bss
        .balign 4096
root:   .fill 512, 8, 0
l1:     .fill 512, 8, 0
l0:     .fill 512, 8, 0
