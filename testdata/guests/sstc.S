/* Sstc: stimecmp exists when menvcfg.STCE = 1 (illegal from S otherwise,
 * and when mcounteren.TM = 0); mip.STIP follows time >= stimecmp and M can
 * no longer write it; the S timer interrupt is delegated, taken in S, and
 * quieted by moving stimecmp. */
#include "test.h"

#define CHECK_STIP(v) csrr a4, mip; andi a4, a4, MIP_STIP; CHECK(a4, v)

TEST_BEGIN("sstc")
        la t0, s_hook
        la t1, strap_hook
        sd t0, 0(t1)
        li t0, 7
        csrw mcounteren, t0
        /* STCE = 0: stimecmp is illegal from S. */
        li t0, MENVCFG_STCE
        csrc CSR_MENVCFG, t0
        GOTO_S(1)
        TEST_TRAP(1, CAUSE_ILLEGAL_INSTRUCTION, csrr a4, CSR_STIMECMP)
        GOTO_M(2)
        /* STCE = 1. */
        li t0, MENVCFG_STCE
        csrs CSR_MENVCFG, t0
        TEST_CASE(2, a4, 1, csrr a4, CSR_MENVCFG; srli a4, a4, 63)
        /* stimecmp in the past: STIP set; far future: clear; M cannot set it. */
        TEST_CASE(3, a4, MIP_STIP, csrw CSR_STIMECMP, zero; csrr a4, mip; andi a4, a4, MIP_STIP)
        TEST_CASE(4, a4, 0, li t0, -1; csrw CSR_STIMECMP, t0; csrr a4, mip; andi a4, a4, MIP_STIP)
        TEST_CASE(5, a4, 0, li t0, MIP_STIP; csrs mip, t0; csrr a4, mip; andi a4, a4, MIP_STIP)
        TEST_CASE(6, a4, -1, csrr a4, CSR_STIMECMP)
        /* mcounteren.TM = 0: stimecmp illegal from S even with STCE. */
        li t0, 5
        csrw mcounteren, t0
        GOTO_S(7)
        TEST_TRAP(7, CAUSE_ILLEGAL_INSTRUCTION, csrw CSR_STIMECMP, zero)
        GOTO_M(8)
        li t0, 7
        csrw mcounteren, t0
        /* Delegated S timer interrupt, armed from S. */
        li t0, MIP_STIP
        csrw mideleg, t0
        csrw mie, t0
        GOTO_S(8)
        TEST_CASE(8, a4, 0, LOAD_SYM(a4, strap_count))
        li TESTNUM, 9
        rdtime t0
        li t1, 10000  /* 1 ms: QEMU 7.2 can miss an Sstc deadline already past when written */
        add t0, t0, t1
        csrw CSR_STIMECMP, t0
        csrsi sstatus, MSTATUS_SIE
        li s1, 1000000
1:      LOAD_SYM(a4, strap_count)
        bnez a4, 2f
        wfi
        addi s1, s1, -1
        bnez s1, 1b
        j fail
2:      csrci sstatus, MSTATUS_SIE
        TEST_CASE(10, a4, CAUSE_INTR | IRQ_S_TIMER, LOAD_SYM(a4, strap_cause))
        /* The hook moved stimecmp: STIP is clear. */
        TEST_CASE(11, a4, 0, csrr a4, sip; andi a4, a4, MIP_STIP)
        GOTO_M(13)
        csrw mie, zero
        csrw mideleg, zero
        TEST_PASS

/* Quiet the timer by moving stimecmp to the far future. */
s_hook:
        li t0, -1
        csrw CSR_STIMECMP, t0
        ret
