/* Three machine timer interrupts, 1000 ticks apart, each taken from wfi.
 * The handler checks that mtime has reached mtimecmp when the interrupt
 * arrives, prints a dot per tick, and passes after the third. */
#include "common.h"
	.section .text.init
	.globl _start
_start:
	la sp, stack_top
	la t0, trap
	csrw mtvec, t0
	li s0, 0                     /* ticks taken */
	call arm
	li t0, 0x80                  /* MTIE */
	csrw mie, t0
	csrsi mstatus, 8             /* MIE */
wait:
	wfi
	li t0, 3
	blt s0, t0, wait
	li a0, '\n'
	call putc
	PASS

arm:	li t0, MTIME
	ld t1, 0(t0)
	li t2, 1000
	add t1, t1, t2
	li t0, MTIMECMP
	sd t1, 0(t0)
	ret

	.align 2
trap:
	csrr t0, mcause
	li t1, 0x8000000000000007
	bne t0, t1, bad_cause
	li t0, MTIME
	ld t1, 0(t0)
	li t0, MTIMECMP
	ld t2, 0(t0)
	bltu t1, t2, early
	addi s0, s0, 1
	mv s1, ra
	li a0, '.'
	call putc
	call arm
	mv ra, s1
	mret
bad_cause:
	FAIL(3)
early:
	FAIL(4)

	PUTC_FN

	.section .bss
	.align 4
	.space 1024
stack_top:
