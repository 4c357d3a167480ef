/* Resets the board through the finisher (0x7777) once. RAM outside the
 * program survives a reset, so the second boot finds its mark and passes. */
#include "common.h"
#define MARK 0x80100000
	.section .text.init
	.globl _start
_start:
	la sp, stack_top
	li t0, MARK
	ld t1, 0(t0)
	li t2, 0x1234
	beq t1, t2, second
	sd t2, 0(t0)
	la a0, first_msg
	call puts
	li t0, FINISHER
	li t1, 0x7777
	sw t1, 0(t0)
1:	j 1b
second:
	la a0, second_msg
	call puts
	PASS

	PUTC_FN
	PUTS_FN

	.section .rodata
first_msg:	.asciz "boot 1\n"
second_msg:	.asciz "boot 2\n"
	.section .bss
	.align 4
	.space 1024
stack_top:
