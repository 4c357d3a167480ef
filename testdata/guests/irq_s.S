/* Supervisor interrupts: software (SSIP) and timer (STIP) interrupts raised
 * by M-mode through mip, delegated with mideleg to the S-mode handler or
 * left to M; sstatus SIE/SPIE/SPP on entry and sret; delegated interrupts
 * never taken in M; S interrupts taken in U whatever SIE says; wfi in S. */
#include "test.h"

#define CHECK_SCAUSE(c) LOAD_SYM(a4, strap_cause); CHECK(a4, c)

TEST_BEGIN("irq_s")
        la t0, s_hook
        la t1, strap_hook
        sd t0, 0(t1)
        li t0, MIP_SSIP | MIP_STIP | MIP_SEIP
        csrw mideleg, t0
        TEST_CASE(1, a4, MIP_SSIP | MIP_STIP | MIP_SEIP, csrr a4, mideleg)
        li t0, MIP_SSIP | MIP_STIP
        csrw mie, t0

        /* Delegated, pending, enabled, but in M-mode with MIE=1: not taken. */
        TEST_CASE(2, a4, 0, csrsi mstatus, MSTATUS_MIE; li t0, MIP_SSIP; csrs mip, t0; nop; nop; csrci mstatus, MSTATUS_MIE; LOAD_SYM(a4, strap_count))
        /* In S with SIE=0: still not taken. */
        csrci sstatus, MSTATUS_SIE
        GOTO_S(3)
        TEST_CASE(3, a4, 0, nop; nop; LOAD_SYM(a4, strap_count))
        TEST_CASE(4, a4, MIP_SSIP, csrr a4, sip; andi a4, a4, MIP_SSIP)
        /* SIE=1: taken by the S handler at once. */
        TEST_CASE(5, a4, 1, csrsi sstatus, MSTATUS_SIE; irq_5: nop; csrci sstatus, MSTATUS_SIE; LOAD_SYM(a4, strap_count))
        CHECK_SCAUSE(CAUSE_INTR | IRQ_S_SOFT)
        TEST_CASE(6, a4, 0, LOAD_SYM(a4, strap_epc); la a5, irq_5; sub a4, a4, a5)
        /* In the handler: SIE=0, SPIE=1, SPP=S. */
        TEST_CASE(7, a4, MSTATUS_SPIE | MSTATUS_SPP, LOAD_SYM(a4, strap_status); li a5, MSTATUS_SIE | MSTATUS_SPIE | MSTATUS_SPP; and a4, a4, a5)
        TEST_CASE(8, a4, 0, csrr a4, sip; andi a4, a4, MIP_SSIP)
        /* S can raise its own software interrupt through sip. */
        TEST_CASE(9, a4, 2, li t0, MIP_SSIP; csrs sip, t0; csrsi sstatus, MSTATUS_SIE; nop; csrci sstatus, MSTATUS_SIE; LOAD_SYM(a4, strap_count))
        /* In U, S interrupts are taken whatever SIE says; SPP = U. */
        GOTO_U_FROM_S(10)
        TEST_CASE(10, a4, 3, li t0, 0; GOTO_M(10); li t0, MIP_SSIP; csrs mip, t0; GOTO_U(11); nop; LOAD_SYM(a4, strap_count))
        TEST_CASE(11, a4, 0, LOAD_SYM(a4, strap_status); andi a4, a4, MSTATUS_SPP)
        GOTO_M(12)

        /* Supervisor timer: M sets STIP, S takes cause 5. */
        li t0, MIP_STIP
        csrs mip, t0
        GOTO_S(12)
        TEST_CASE(12, a4, 4, csrsi sstatus, MSTATUS_SIE; nop; csrci sstatus, MSTATUS_SIE; LOAD_SYM(a4, strap_count))
        CHECK_SCAUSE(CAUSE_INTR | IRQ_S_TIMER)
        /* S cannot clear STIP. */
        TEST_CASE(13, a4, MIP_STIP, li t0, MIP_STIP; csrc sip, t0; csrr a4, sip; andi a4, a4, MIP_STIP)
        GOTO_M(14)
        li t0, MIP_STIP
        csrc mip, t0
        TEST_CASE(14, a4, 0, csrr a4, mip; andi a4, a4, MIP_STIP)

        /* wfi in S wakes for a pending S interrupt while SIE = 0. */
        li t0, MIP_STIP
        csrs mie, t0
        GOTO_S(15)
        li TESTNUM, 15
        csrci sstatus, MSTATUS_SIE
        GOTO_M(15)
        li t0, MIP_STIP
        csrs mip, t0
        GOTO_S(16)
        wfi
        TEST_CASE(16, a4, MIP_STIP, csrr a4, sip; andi a4, a4, MIP_STIP)
        GOTO_M(17)
        li t0, MIP_STIP
        csrc mip, t0

        /* Not delegated: an S interrupt pending in S-mode goes to M. */
        csrw mideleg, zero
        la t0, trap_count
        ld s1, 0(t0)
        li t0, MIP_SSIP
        csrw mie, t0
        csrs mip, t0
        GOTO_S(17)
        TEST_CASE(17, a4, CAUSE_INTR | IRQ_S_SOFT, nop; LOAD_SYM(a4, trap_cause))
        GOTO_M(18)
        TEST_CASE(18, a4, 1, LOAD_SYM(a4, trap_status); srli a4, a4, 11; andi a4, a4, 3)
        csrw mie, zero
        li t0, MIP_SSIP
        csrc mip, t0
        TEST_PASS

/* S-mode hook: clear SSIP (S may), mask STIP (S may not clear it). */
s_hook:
        andi t1, a0, 63
        li t2, IRQ_S_SOFT
        bne t1, t2, 1f
        li t2, MIP_SSIP
        csrc sip, t2
        ret
1:      li t2, 1
        sll t2, t2, t1
        csrc sie, t2
        ret
