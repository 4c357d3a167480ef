/* mret and sret: MIE/SIE from MPIE/SPIE, MPIE/SPIE set, MPP/SPP set to U,
 * the mode taken from MPP/SPP; mstatus.MPRV translating M-mode loads and
 * stores with the privilege in MPP (and SUM, MXR applying), never fetches.
 * (An mret to a lower mode must clear MPRV; QEMU 7.2 does not, so that
 * check lives in spec.S.) */
#include "test.h"
#include "vm.h"

/* Low virtual addresses: physically nothing is at 0, so an untranslated
 * access to VA_S faults. */
#define VA_S 0x0                        /* page_a, S, R W */
#define VA_U 0x1000                     /* page_b, U, R W */
#define VA_XO 0x2000                    /* page_a, X only */
#define MPP_U 0

#define SET_MPP(v) li t0, MSTATUS_MPP; csrc mstatus, t0; li t0, v; csrs mstatus, t0
#define MPRV_ON li t0, MSTATUS_MPRV; csrs mstatus, t0
#define MPRV_OFF li t0, MSTATUS_MPRV; csrc mstatus, t0

/*
 * A trap while MPRV = 1. The trap sets MPP = M, and the handler's mret
 * then sets MPP = U with MPRV still 1, so M-mode loads after the trap are
 * translated as U. Hence trap_resume is armed with MPRV off, and the resume
 * point turns MPRV off before reading the recorded trap. (QEMU 7.2 keeps
 * using stale untranslated TLB entries there, which hides the effect.)
 */
#define MPRV_TRAP(n, mpp, cause, code...) \
test_ ## n:                             \
        li TESTNUM, n;                  \
        MPRV_OFF;                       \
        la t0, test_ ## n ## _resume;   \
        la t1, trap_resume;             \
        sd t0, 0(t1);                   \
        SET_MPP(mpp);                   \
        MPRV_ON;                        \
        code;                           \
        j fail;                         \
test_ ## n ## _resume:                  \
        MPRV_OFF;                       \
        la t0, trap_cause;              \
        ld a0, 0(t0);                   \
        ld a1, 8(t0);                   \
        ld a2, 16(t0);                  \
        ld a3, 24(t0);                  \
        li t2, cause;                   \
        bne a0, t2, fail

TEST_BEGIN("priv")
        /* mret from M to M: MIE = MPIE, MPIE = 1, MPP = U. */
        li TESTNUM, 1
        csrci mstatus, MSTATUS_MIE
        li t0, MSTATUS_MPIE
        csrs mstatus, t0
        SET_MPP(MSTATUS_MPP_M)
        la t0, 1f
        csrw mepc, t0
        mret
1:      csrr a4, mstatus
        li t1, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP
        and a4, a4, t1
        CHECK(a4, MSTATUS_MIE | MSTATUS_MPIE)
        csrci mstatus, MSTATUS_MIE
        /* MPIE = 0 gives MIE = 0. */
        li TESTNUM, 2
        li t0, MSTATUS_MPIE
        csrc mstatus, t0
        SET_MPP(MSTATUS_MPP_M)
        csrsi mstatus, MSTATUS_MIE
        la t0, 1f
        csrw mepc, t0
        mret
1:      csrr a4, mstatus
        li t1, MSTATUS_MIE | MSTATUS_MPIE
        and a4, a4, t1
        CHECK(a4, MSTATUS_MPIE)
        /* sret from M to S: SIE = SPIE, SPIE = 1, SPP = U, mode = S. */
        li TESTNUM, 3
        li t0, MSTATUS_SPIE | MSTATUS_SPP
        csrs mstatus, t0
        csrci mstatus, MSTATUS_SIE
        la t0, in_s_3
        csrw sepc, t0
        sret
in_s_3: csrr a4, sstatus
        li t1, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP
        and a4, a4, t1
        CHECK(a4, MSTATUS_SIE | MSTATUS_SPIE)
        /* We are in S: an M CSR traps. */
        TEST_TRAP(4, CAUSE_ILLEGAL_INSTRUCTION, csrr a4, mstatus)
        srli a3, a3, 11
        andi a3, a3, 3
        CHECK(a3, 1)
        csrci sstatus, MSTATUS_SIE
        /* sret from S to U with SPP = 0. */
        GOTO_U_FROM_S(5)
        TEST_TRAP(5, CAUSE_ILLEGAL_INSTRUCTION, csrr a4, sstatus)
        srli a3, a3, 11
        andi a3, a3, 3
        CHECK(a3, 0)
        GOTO_M(6)

        /* MPRV: page tables with S and U pages. */
        SET_PTE_SYM(root, 0, l1, PTE_V)
        SET_PTE_ABS(root, 2, 0x80000000, PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D)
        SET_PTE_SYM(l1, 0, l0, PTE_V)
        SET_PTE_SYM(l0, 0, page_a, PTE_V | PTE_R | PTE_W | PTE_A | PTE_D)
        SET_PTE_SYM(l0, 1, page_b, PTE_V | PTE_R | PTE_W | PTE_U | PTE_A | PTE_D)
        SET_PTE_SYM(l0, 2, page_a, PTE_V | PTE_X | PTE_A | PTE_D)
        SET_SATP(SATP_SV39, root)
        /* Without MPRV, M ignores satp: VA_S is not RAM. */
        TEST_TRAP(6, CAUSE_LOAD_ACCESS, li a1, VA_S; ld a4, 0(a1))
        /* MPRV with MPP = S: loads and stores are translated as S. */
        SET_MPP(MSTATUS_MPP_S)
        MPRV_ON
        TEST_CASE(7, a4, PAGE_A_VAL, li a1, VA_S; ld a4, 0(a1))
        TEST_CASE(8, a4, 0x5a, li a1, VA_S; li a2, 0x5a; sd a2, 8(a1); MPRV_OFF; la a1, page_a; ld a4, 8(a1); MPRV_ON)
        /* Fetches are not translated: this code keeps running at its PA. */
        TEST_CASE(9, a4, 1, li a4, 1)
        /* S may not touch U pages without SUM. */
        MPRV_TRAP(10, MSTATUS_MPP_S, CAUSE_LOAD_PAGE_FAULT, li a1, VA_U; ld a4, 0(a1))
        CHECK_TVAL(VA_U)
        SET_MPP(MSTATUS_MPP_S)
        MPRV_ON
        li t0, MSTATUS_SUM
        csrs mstatus, t0
        TEST_CASE(11, a4, PAGE_B_VAL, li a1, VA_U; ld a4, 0(a1))
        li t0, MSTATUS_SUM
        csrc mstatus, t0
        /* MXR lets MPRV loads read execute-only pages. */
        MPRV_TRAP(12, MSTATUS_MPP_S, CAUSE_LOAD_PAGE_FAULT, li a1, VA_XO; ld a4, 0(a1))
        SET_MPP(MSTATUS_MPP_S)
        MPRV_ON
        li t0, MSTATUS_MXR
        csrs mstatus, t0
        TEST_CASE(13, a4, PAGE_A_VAL, li a1, VA_XO; ld a4, 0(a1))
        li t0, MSTATUS_MXR
        csrc mstatus, t0
        /* MPP = U: U pages work, S pages fault, a store faults as a store. */
        SET_MPP(MPP_U)
        TEST_CASE(14, a4, PAGE_B_VAL, li a1, VA_U; ld a4, 0(a1))
        MPRV_TRAP(15, MPP_U, CAUSE_STORE_PAGE_FAULT, li a1, VA_S; sd a4, 0(a1))
        CHECK_TVAL(VA_S)
        MPRV_ON
        /* MPP = M: no translation even with MPRV. */
        SET_MPP(MSTATUS_MPP_M)
        TEST_CASE(16, a4, PAGE_A_VAL, la a1, page_a; ld a4, 0(a1))
        MPRV_OFF
        csrw satp, zero
        sfence.vma
        TEST_PASS

        VM_COMMON_PAGES

        .bss
        .balign 4096
root:   .fill 512, 8, 0
l1:     .fill 512, 8, 0
l0:     .fill 512, 8, 0
