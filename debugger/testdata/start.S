/* Hart 0 runs main with a stack and exits through the test finisher with
 * main's result (0 passes). Any other hart counts in s1 forever, so that a
 * debugger sees a second, busy thread. */
	.section .text.init
	.globl _start
_start:
	bnez a0, secondary
	la sp, stack_top
	call main
	li t0, 0x100000          /* sifive_test finisher */
	beqz a0, 1f
	slli a0, a0, 16
	li t1, 0x3333
	or t1, t1, a0
	sw t1, 0(t0)
	j .
1:	li t1, 0x5555
	sw t1, 0(t0)
	j .

	.globl secondary
secondary:
	la sp, stack1_top
	li s1, 0
spin:	addi s1, s1, 1
	j spin
