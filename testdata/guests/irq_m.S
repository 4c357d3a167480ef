/* Machine interrupts: the CLINT timer (mtimecmp) and software (msip)
 * interrupts, wfi waking with interrupts globally disabled, mstatus
 * MIE/MPIE on entry and mret, the fixed priority MSI > MTI, vectored mtvec,
 * and M interrupts being taken in U-mode whatever mstatus.MIE says. */
#include "test.h"

TEST_BEGIN("irq_m")
        la t0, irq_hook
        la t1, mtrap_hook
        sd t0, 0(t1)
        /* mtimecmp far in the future: no timer pending. */
        TEST_CASE(1, a4, 0, li a5, CLINT_MTIMECMP; li a1, -1; sd a1, 0(a5); csrr a4, mip; andi a4, a4, MIP_MTIP)
        TEST_CASE(2, a4, -1, li a5, CLINT_MTIMECMP; ld a4, 0(a5))
        /* mtime advances. */
        TEST_CASE(3, a4, 1, li a5, CLINT_MTIME; ld a1, 0(a5); li a3, 1000000; 1: ld a2, 0(a5); bne a1, a2, 2f; addi a3, a3, -1; bnez a3, 1b; 2: sltu a4, a1, a2)

        /* wfi wakes on a pending enabled interrupt even with MIE = 0, and no trap is taken. */
        li TESTNUM, 4
        csrci mstatus, MSTATUS_MIE
        li t0, MIP_MTIP
        csrw mie, t0
        li a5, CLINT_MTIME
        ld a1, 0(a5)
        addi a1, a1, 100
        li a5, CLINT_MTIMECMP
        sd a1, 0(a5)
        LOAD_SYM(s1, trap_count)
1:      wfi
        csrr a4, mip
        andi a4, a4, MIP_MTIP
        beqz a4, 1b
        LOAD_SYM(s2, trap_count)
        bne s1, s2, fail
        /* Enabling MIE takes the timer interrupt right after the csrs. */
        TEST_CASE(5, a4, CAUSE_INTR | IRQ_M_TIMER, csrsi mstatus, MSTATUS_MIE; irq_5: nop; csrci mstatus, MSTATUS_MIE; LOAD_SYM(a4, trap_cause))
        TEST_CASE(6, a4, 0, LOAD_SYM(a4, trap_epc); la a5, irq_5; sub a4, a4, a5)
        /* In the handler: MIE = 0, MPIE = 1, MPP = M. mtval = 0. */
        TEST_CASE(7, a4, MSTATUS_MPIE | MSTATUS_MPP_M, LOAD_SYM(a4, trap_status); li a5, MSTATUS_MIE | MSTATUS_MPIE | MSTATUS_MPP; and a4, a4, a5)
        TEST_CASE(8, a4, 0, LOAD_SYM(a4, trap_tval))
        /* After mret, MIE was restored from MPIE. */
        TEST_CASE(9, a4, 1, LOAD_SYM(a4, irq_n))

        /* Software interrupt through msip. */
        TEST_CASE(10, a4, MIP_MSIP, li a5, CLINT_MSIP; li a1, 1; sw a1, 0(a5); csrr a4, mip; andi a4, a4, MIP_MSIP)
        TEST_CASE(11, a4, 1, li a5, CLINT_MSIP; lw a4, 0(a5))
        li t0, MIP_MSIP
        csrw mie, t0
        TEST_CASE(12, a4, CAUSE_INTR | IRQ_M_SOFT, csrsi mstatus, MSTATUS_MIE; nop; csrci mstatus, MSTATUS_MIE; LOAD_SYM(a4, trap_cause))
        TEST_CASE(13, a4, 0, csrr a4, mip; andi a4, a4, MIP_MSIP)

        /* Both pending: software is taken before timer. */
        li TESTNUM, 14
        la t0, irq_n
        sd zero, 0(t0)
        li a5, CLINT_MSIP
        li a1, 1
        sw a1, 0(a5)
        li a5, CLINT_MTIMECMP
        sd zero, 0(a5)
        li t0, MIP_MSIP | MIP_MTIP
        csrw mie, t0
        csrsi mstatus, MSTATUS_MIE
        nop
        csrci mstatus, MSTATUS_MIE
        TEST_CASE(15, a4, 2, LOAD_SYM(a4, irq_n))
        TEST_CASE(16, a4, CAUSE_INTR | IRQ_M_SOFT, LOAD_SYM(a4, irq_log))
        TEST_CASE(17, a4, CAUSE_INTR | IRQ_M_TIMER, LOAD_SYM(a4, irq_log + 16))

        /* Vectored mtvec: interrupt n goes to base + 4n. */
        li TESTNUM, 18
        la t0, vec_table + 1
        csrw mtvec, t0
        li a5, CLINT_MSIP
        li a1, 1
        sw a1, 0(a5)
        li t0, MIP_MSIP
        csrw mie, t0
        csrsi mstatus, MSTATUS_MIE
        nop
        csrci mstatus, MSTATUS_MIE
        la t0, mtrap_vector
        csrw mtvec, t0
        TEST_CASE(19, a4, 1, LOAD_SYM(a4, vec_flag))

        /* Below M, M interrupts are enabled even with MIE = 0. */
        la t0, irq_n
        sd zero, 0(t0)
        li a5, CLINT_MSIP
        li a1, 1
        sw a1, 0(a5)
        csrci mstatus, MSTATUS_MIE
        GOTO_U(20)
irq_20: nop
        GOTO_M(20)
        TEST_CASE(21, a4, CAUSE_INTR | IRQ_M_SOFT, LOAD_SYM(a4, irq_log))
        TEST_CASE(22, a4, 0, LOAD_SYM(a4, irq_log + 8); la a5, in_u_20; sub a4, a4, a5)
        csrw mie, zero
        TEST_PASS

/* Record the cause (and epc) of each interrupt, then quiet its source. */
irq_hook:
        la t0, irq_n
        ld t1, 0(t0)
        slli t2, t1, 4
        la t3, irq_log
        add t3, t3, t2
        sd a0, 0(t3)
        csrr t4, mepc
        sd t4, 8(t3)
        addi t1, t1, 1
        sd t1, 0(t0)
        andi t1, a0, 63
        li t2, IRQ_M_TIMER
        bne t1, t2, 1f
        li t3, CLINT_MTIMECMP
        li t4, -1
        sd t4, 0(t3)
        ret
1:      li t2, IRQ_M_SOFT
        bne t1, t2, 2f
        li t3, CLINT_MSIP
        sw zero, 0(t3)
        ret
2:      li t2, 1
        sll t2, t2, t1
        csrc mie, t2
        ret

        .option push
        .option norvc
        .align 6
vec_table:
        j mtrap_vector          /* exceptions */
        j vec_bad
        j vec_bad
        j vec_msi               /* 3: machine software */
        j vec_bad
        j vec_bad
        j vec_bad
        j vec_bad
        .option pop
vec_bad:
        la t0, mtrap_vector
        csrw mtvec, t0
        j fail
vec_msi:
        csrrw sp, mscratch, sp
        sd t0, -8(sp)
        sd t1, -16(sp)
        li t0, CLINT_MSIP
        sw zero, 0(t0)
        la t0, vec_flag
        li t1, 1
        sd t1, 0(t0)
        ld t1, -16(sp)
        ld t0, -8(sp)
        csrrw sp, mscratch, sp
        mret

        .data
        .align 3
irq_n:   .dword 0
irq_log: .fill 32, 8, 0
vec_flag: .dword 0
