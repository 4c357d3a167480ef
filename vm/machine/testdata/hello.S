/* Prints a line through the UART, checks the boot ROM handoff (a0 = hart
 * id, a1 = DTB address holding the FDT magic) and passes. */
#include "common.h"
	.section .text.init
	.globl _start
_start:
	bnez a0, bad_hart
	lwu t0, 0(a1)
	li t1, 0xedfe0dd0          /* 0xd00dfeed stored big-endian */
	bne t0, t1, bad_dtb
	la sp, stack_top
	la a0, msg
	call puts
	PASS
bad_hart:
	FAIL(1)
bad_dtb:
	FAIL(2)

	PUTC_FN
	PUTS_FN

	.section .rodata
msg:	.asciz "hello from vmcore\n"
	.section .bss
	.align 4
	.space 1024
stack_top:
