/* Two harts. Hart 1 counts itself in with an AMO, enables its software
 * interrupt and waits in wfi; hart 0 waits for it, sends it an IPI through
 * the CLINT, and passes once hart 1 has counted the IPI too. */
#include "common.h"
	.section .text.init
	.globl _start
_start:
	la t0, counter
	li t1, 1
	amoadd.w zero, t1, (t0)
	bnez a0, secondary
1:	lw t1, 0(t0)                 /* hart 0: wait for both harts */
	li t2, 2
	bne t1, t2, 1b
	li t3, CLINT + 4             /* msip of hart 1 */
	li t1, 1
	sw t1, 0(t3)
2:	lw t1, 0(t0)                 /* wait for hart 1's acknowledgement */
	li t2, 3
	bne t1, t2, 2b
	la sp, stack_top
	la a0, msg
	call puts
	PASS

secondary:
	la t1, ipi
	csrw mtvec, t1
	li t1, 8                     /* MSIE */
	csrw mie, t1
	csrsi mstatus, 8
3:	wfi
	j 3b
	.align 2
ipi:
	li t3, CLINT + 4
	sw zero, 0(t3)
	la t0, counter
	li t1, 1
	amoadd.w zero, t1, (t0)
4:	wfi                          /* mstatus.MIE is now 0: stays here */
	j 4b

	PUTC_FN
	PUTS_FN

	.section .rodata
msg:	.asciz "two harts met\n"
	.section .data
	.align 3
counter: .word 0
	.section .bss
	.align 4
	.space 1024
stack_top:
