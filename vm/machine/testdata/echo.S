/* Interrupt-driven console: UART receive interrupts through the PLIC to
 * M-mode external interrupts; each received byte is echoed in upper case;
 * 'q' ends the program with a pass. */
#include "common.h"
	.section .text.init
	.globl _start
_start:
	la sp, stack_top
	la t0, trap
	csrw mtvec, t0
	li t0, UART
	li t1, 0x07                  /* FCR: FIFO on, clear both */
	sb t1, 2(t0)
	li t1, 0x01                  /* IER: receive data available */
	sb t1, 1(t0)
	li t0, PLIC + 4 * 10         /* priority of source 10 */
	li t1, 1
	sw t1, 0(t0)
	li t0, PLIC + 0x2000         /* enables of context 0 (hart 0 M) */
	li t1, 1 << 10
	sw t1, 0(t0)
	li t0, PLIC + 0x200000       /* threshold of context 0 */
	sw zero, 0(t0)
	li t0, 0x800                 /* MEIE */
	csrw mie, t0
	la a0, prompt
	call puts
	csrsi mstatus, 8
1:	wfi
	j 1b

	.align 2
trap:
	csrr t0, mcause
	li t1, 0x800000000000000b
	bne t0, t1, bad
	li s2, PLIC + 0x200004       /* claim/complete of context 0 */
	lw s3, 0(s2)
	li t0, 10
	bne s3, t0, bad
rx:	li t0, UART
	lbu t1, 5(t0)
	andi t1, t1, 1
	beqz t1, done
	lbu a0, 0(t0)
	li t1, 'q'
	beq a0, t1, quit
	li t1, 'a'
	bltu a0, t1, 2f
	li t1, 'z'
	bgtu a0, t1, 2f
	addi a0, a0, 'A' - 'a'
2:	call putc
	j rx
done:	sw s3, 0(s2)
	mret
quit:	la a0, bye
	call puts
	PASS
bad:	FAIL(5)

	PUTC_FN
	PUTS_FN

	.section .rodata
prompt:	.asciz "> "
bye:	.asciz "\nbye\n"
	.section .bss
	.align 4
	.space 1024
stack_top:
