/*
 * Entry for the benchmark guest on QEMU's virt board (and vmcore's), started
 * in M-mode with -bios none: the boot ROM jumps here with a0 = hart id.
 * Only hart 0 runs the benchmark; any other hart parks in wfi so that
 * --harts N (or -smp N) does not corrupt the shared stack.
 */
	.section .text.start, "ax"
	.globl _start
_start:
	.option push
	.option norelax
	la	gp, __global_pointer$
	.option pop
	csrr	t0, mhartid
	bnez	t0, park
	la	sp, __stack_top
	/* Zero .bss: the C code relies on zeroed statics. */
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:	call	main
	/* main returned: exit through the finisher with main's status. */
	call	guest_exit
park:
	wfi
	j	park
