# fail.s: a program that must fail: check 7 is wrong on purpose, so the
# finisher reports 0x3333 | 7 << 16 and vmcore run exits with status 7
# (a number no other outcome of vmcore run uses).
# It proves the harness can see a failure (see README).
	.equ	FINISHER, 0x100000
	.equ	PASS, 0x5555
	.equ	FAIL, 0x3333
	.equ	TRAPBASE, 240

	.text
	.globl	_start
_start:
	la	t0, trap
	csrw	mtvec, t0

	li	gp, 1
	li	a0, 1 + 1
	li	t0, 2
	bne	a0, t0, fail

	li	gp, 2
	slli	a0, a0, 1
	li	t0, 4
	bne	a0, t0, fail

	li	gp, 3
	addi	a0, a0, -5
	bgez	a0, fail

	li	gp, 4
	neg	a0, a0
	li	t0, 1
	bne	a0, t0, fail

	li	gp, 5
	sltu	a1, zero, a0
	beqz	a1, fail

	li	gp, 6
	mul	a0, a0, t0
	bne	a0, a1, fail

	li	gp, 7		# wrong on purpose
	addi	a0, a0, 1
	li	t0, 3
	bne	a0, t0, fail

	li	gp, 8
	j	pass

# The common ending (see README): gp holds the number of the check being
# made; pass and fail report through the sifive_test finisher, and an
# unexpected trap fails with code 240 + mcause.
pass:
	li	t0, PASS
	j	finish
fail:
	slli	t0, gp, 16
	li	t1, FAIL
	or	t0, t0, t1
finish:
	lui	t1, %hi(FINISHER)
	sw	t0, %lo(FINISHER)(t1)
1:	j	1b

	.p2align 2
trap:
	csrr	gp, mcause
	addi	gp, gp, TRAPBASE
	j	fail
