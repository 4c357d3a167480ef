/* A program built the riscv-tests way: no finisher, no UART. It prints
 * through Spike's HTIF console (device 1, command 1) and exits by writing
 * (code << 1) | 1 to tohost. QEMU's virt board has no HTIF, so this runs on
 * vmcore only (see vmcore-only.txt). A failing check exits with its number. */
#include "test.h"

#define HTIF_PUTC ((1 << 56) | (1 << 48))   /* device 1, command 1 */

        .section .text.init, "ax", @progbits
        .globl _start
_start:
        la sp, __stack_top
        la a0, msg
        call htif_puts
        /* A few checks, riscv-tests style, gp = test number. */
        li gp, 1
        li a1, 6
        li a2, 7
        mul a3, a1, a2
        li t2, 42
        bne a3, t2, fail
        li gp, 2
        csrr a3, mhartid
        bnez a3, fail
        li gp, 3
        la a1, tohost
        ld a3, 0(a1)            /* the host cleared it after the last putchar */
        bnez a3, fail
        la a0, pass_msg
        call htif_puts
        li a0, 1                /* exit(0) */
        j htif_exit
fail:
        slli a0, gp, 1
        ori a0, a0, 1
htif_exit:
        la t1, tohost
1:      ld t2, 0(t1)
        bnez t2, 1b
        sd a0, 0(t1)
2:      j 2b

/* htif_puts(a0): one putchar command per byte; wait for the host to take
 * each command (tohost back to 0) and clear fromhost's answer. */
htif_puts:
        mv t3, a0
        la t1, tohost
        la t4, fromhost
1:      lbu t0, 0(t3)
        beqz t0, 3f
        li t5, HTIF_PUTC
        or t0, t0, t5
        sd t0, 0(t1)
2:      ld t2, 0(t1)
        bnez t2, 2b
        sd zero, 0(t4)
        addi t3, t3, 1
        j 1b
3:      ret

        .section .rodata
msg:      .asciz "htif: hello through tohost\n"
pass_msg: .asciz "htif: PASS\n"

        .section .tohost, "aw", @progbits
        .align 6
        .globl tohost
tohost:   .dword 0
        .align 6
        .globl fromhost
fromhost: .dword 0
