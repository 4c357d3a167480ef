/* External interrupts: the UART's transmitter-empty interrupt (IER bit 1)
 * reaches the hart through the PLIC (source 10) as a machine external
 * interrupt on context 0 and as a supervisor external interrupt on context
 * 1; claim returns the source, complete re-arms it, the threshold masks it,
 * and reading IIR acknowledges the UART. */
#include "test.h"

#define UART(r) (UART_BASE + UART_ ## r)

TEST_BEGIN("plic_uart")
        la t0, m_hook
        la t1, mtrap_hook
        sd t0, 0(t1)
        la t0, s_hook
        la t1, strap_hook
        sd t0, 0(t1)
        /* Source 10 at priority 1, enabled on context 0, threshold 0. */
        li t0, PLIC_PRIORITY(UART_IRQ)
        li t1, 1
        sw t1, 0(t0)
        li t0, PLIC_ENABLE(0)
        li t1, 1 << UART_IRQ
        sw t1, 0(t0)
        li t0, PLIC_THRESHOLD(0)
        sw zero, 0(t0)
        TEST_CASE(1, a4, 1, li t0, PLIC_PRIORITY(UART_IRQ); lw a4, 0(t0))
        TEST_CASE(2, a4, 1 << UART_IRQ, li t0, PLIC_ENABLE(0); lw a4, 0(t0))
        /* Nothing asserted yet. */
        TEST_CASE(3, a4, 0, csrr a4, mip; li t1, MIP_MEIP; and a4, a4, t1)
        /* IER.ETBEI with THR empty raises the interrupt: PLIC pending, MEIP. */
        li t0, UART(IER)
        li t1, 0x02
        sb t1, 0(t0)
        TEST_CASE(4, a4, 1 << UART_IRQ, li t0, PLIC_PENDING; lw a4, 0(t0); li t1, 1 << UART_IRQ; and a4, a4, t1)
        TEST_CASE(5, a4, MIP_MEIP, csrr a4, mip; li t1, MIP_MEIP; and a4, a4, t1)
        /* Taken as a machine external interrupt; the hook claims 10. */
        li t0, MIP_MEIP
        csrw mie, t0
        TEST_CASE(6, a4, CAUSE_INTR | IRQ_M_EXT, csrsi mstatus, MSTATUS_MIE; nop; csrci mstatus, MSTATUS_MIE; LOAD_SYM(a4, trap_cause))
        TEST_CASE(7, a4, UART_IRQ, LOAD_SYM(a4, claimed))
        TEST_CASE(8, a4, 0x02, LOAD_SYM(a4, iir_seen))
        /* Source quiet and completed: MEIP clear, claim returns 0. */
        TEST_CASE(9, a4, 0, csrr a4, mip; li t1, MIP_MEIP; and a4, a4, t1)
        TEST_CASE(10, a4, 0, li t0, PLIC_CLAIM(0); lw a4, 0(t0))
        /* IIR with nothing pending reads 1 (no interrupt). */
        TEST_CASE(11, a4, 0x01, li t0, UART(IIR); lbu a4, 0(t0); andi a4, a4, 0x0f)

        /* Threshold >= priority masks the source. */
        li t0, PLIC_THRESHOLD(0)
        li t1, 1
        sw t1, 0(t0)
        li t0, UART(IER)
        li t1, 0x02
        sb t1, 0(t0)
        TEST_CASE(12, a4, 0, csrr a4, mip; li t1, MIP_MEIP; and a4, a4, t1)
        TEST_CASE(13, a4, 1 << UART_IRQ, li t0, PLIC_PENDING; lw a4, 0(t0); li t1, 1 << UART_IRQ; and a4, a4, t1)
        /* Raise the priority above the threshold: delivered again. */
        li t0, PLIC_PRIORITY(UART_IRQ)
        li t1, 2
        sw t1, 0(t0)
        TEST_CASE(14, a4, MIP_MEIP, csrr a4, mip; li t1, MIP_MEIP; and a4, a4, t1)
        /* Claim by hand, quiet the UART, complete. */
        TEST_CASE(15, a4, UART_IRQ, li t0, PLIC_CLAIM(0); lw a4, 0(t0); li t1, UART(IER); sb zero, 0(t1); sw a4, 0(t0))
        TEST_CASE(16, a4, 0, csrr a4, mip; li t1, MIP_MEIP; and a4, a4, t1)

        /* Context 1 (hart 0 S-mode): SEIP, delegated to the S handler. */
        li t0, PLIC_ENABLE(0)
        sw zero, 0(t0)
        li t0, PLIC_ENABLE(1)
        li t1, 1 << UART_IRQ
        sw t1, 0(t0)
        li t0, PLIC_THRESHOLD(1)
        sw zero, 0(t0)
        li t0, MIP_SEIP
        csrw mideleg, t0
        csrw mie, t0
        li t0, UART(IER)
        li t1, 0x02
        sb t1, 0(t0)
        TEST_CASE(17, a4, MIP_SEIP, csrr a4, mip; li t1, MIP_SEIP; and a4, a4, t1)
        GOTO_S(18)
        TEST_CASE(18, a4, CAUSE_INTR | IRQ_S_EXT, csrsi sstatus, MSTATUS_SIE; nop; csrci sstatus, MSTATUS_SIE; LOAD_SYM(a4, strap_cause))
        TEST_CASE(19, a4, UART_IRQ, LOAD_SYM(a4, claimed))
        GOTO_M(20)
        TEST_CASE(20, a4, 0, csrr a4, mip; li t1, MIP_SEIP; and a4, a4, t1)
        csrw mie, zero
        csrw mideleg, zero
        TEST_PASS

/* Claim on context 0, acknowledge the UART, complete. */
m_hook:
        li t0, PLIC_CLAIM(0)
        j 1f
s_hook:
        li t0, PLIC_CLAIM(1)
1:      lw t1, 0(t0)
        la t2, claimed
        sd t1, 0(t2)
        li t3, UART(IIR)
        lbu t4, 0(t3)
        andi t4, t4, 0x0f
        la t2, iir_seen
        sd t4, 0(t2)
        li t3, UART(IER)
        sb zero, 0(t3)
        sw t1, 0(t0)
        ret

        .data
        .align 3
claimed:  .dword 0
iir_seen: .dword 0
