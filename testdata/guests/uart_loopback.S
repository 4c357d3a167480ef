/* UART loopback (MCR bit 4): transmitted bytes come back as received data
 * and nothing reaches the console; LSR.DR follows the receive buffer, the
 * received-data interrupt (IER bit 0) shows in IIR (0x04) and clears when
 * RBR is read. */
#include "test.h"

#define UART(r) (UART_BASE + UART_ ## r)
#define RD(r) li t0, UART(r); lbu a4, 0(t0)
#define WR(r, v) li t0, UART(r); li t1, v; sb t1, 0(t0)

TEST_BEGIN("uart_loopback")
        WR(MCR, 0x10)
        TEST_CASE(1, a4, 0x00, RD(LSR); andi a4, a4, 0x01)
        TEST_CASE(2, a4, 0x01, WR(THR, 'Z'); RD(LSR); andi a4, a4, 0x01)
        TEST_CASE(3, a4, 'Z', RD(RBR))
        TEST_CASE(4, a4, 0x00, RD(LSR); andi a4, a4, 0x01)
        /* Received-data interrupt. */
        TEST_CASE(5, a4, 0x01, WR(IER, 0x01); RD(IIR); andi a4, a4, 0x0f)
        TEST_CASE(6, a4, 0x04, WR(THR, 'q'); RD(IIR); andi a4, a4, 0x0f)
        TEST_CASE(7, a4, 'q', RD(RBR))
        TEST_CASE(8, a4, 0x01, RD(IIR); andi a4, a4, 0x0f)
        WR(IER, 0x00)
        WR(MCR, 0x00)
        TEST_PASS
