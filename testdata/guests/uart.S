/* The 16550 UART: LSR after reset (transmitter empty, no data), the
 * scratch, line-control and modem-control registers reading back, the
 * divisor latch behind LCR.DLAB (a THR write with DLAB set programs DLL and
 * prints nothing), IER's writable bits, IIR with and without FIFOs, and
 * printing a line byte by byte while polling LSR.THRE. */
#include "test.h"

#define UART(r) (UART_BASE + UART_ ## r)
#define RD(r) li t0, UART(r); lbu a4, 0(t0)
#define WR(r, v) li t0, UART(r); li t1, v; sb t1, 0(t0)

TEST_BEGIN("uart")
        TEST_CASE(1, a4, 0x60, RD(LSR); andi a4, a4, 0x61)
        TEST_CASE(2, a4, 0xa5, WR(SCR, 0xa5); RD(SCR))
        TEST_CASE(3, a4, 0x5a, WR(SCR, 0x5a); RD(SCR))
        TEST_CASE(4, a4, 0x1b, WR(LCR, 0x1b); RD(LCR))
        /* Divisor latch. */
        TEST_CASE(5, a4, 0x12, WR(LCR, 0x83); WR(DLL, 0x12); WR(DLM, 0x34); RD(DLL))
        TEST_CASE(6, a4, 0x34, RD(DLM))
        TEST_CASE(7, a4, 0x83, RD(LCR))
        /* DLAB off again: IER is back at offset 1, and is still 0. */
        TEST_CASE(8, a4, 0x00, WR(LCR, 0x03); RD(IER))
        TEST_CASE(9, a4, 0x12, WR(LCR, 0x83); RD(DLL); li t2, 0x12; bne a4, t2, fail; WR(LCR, 0x03); li a4, 0x12)
        /* IER keeps its low four bits. */
        TEST_CASE(10, a4, 0x0d, WR(IER, 0x0d); RD(IER))
        TEST_CASE(11, a4, 0x00, WR(IER, 0x00); RD(IER))
        /* No interrupt pending: IIR = 1; with FIFOs on, bits 7:6 set. */
        TEST_CASE(12, a4, 0x01, RD(IIR))
        TEST_CASE(13, a4, 0xc1, WR(FCR, 0x07); RD(IIR))
        TEST_CASE(14, a4, 0x01, WR(FCR, 0x00); RD(IIR))
        /* MCR readback (loopback off). */
        TEST_CASE(15, a4, 0x03, WR(MCR, 0x03); RD(MCR))
        WR(MCR, 0x00)
        /* Still no received data and the transmitter idle. */
        TEST_CASE(16, a4, 0x60, RD(LSR); andi a4, a4, 0x61)
        /* A line printed by polling THRE. */
        li TESTNUM, 17
        la a0, line
        call uart_puts
        TEST_CASE(18, a4, 0x20, RD(LSR); andi a4, a4, 0x20)
        TEST_PASS

        .section .rodata
line:   .asciz "uart: the quick brown fox jumps over the lazy dog 0123456789\n"
