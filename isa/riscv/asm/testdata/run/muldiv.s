# muldiv.s: the M extension: products (low and high halves, every
# signedness), quotients and remainders with the spec's results for
# division by zero and overflow, and the 32-bit (W) forms.
	.equ	FINISHER, 0x100000
	.equ	PASS, 0x5555
	.equ	FAIL, 0x3333
	.equ	TRAPBASE, 240

	.text
	.globl	_start
_start:
	la	t0, trap
	csrw	mtvec, t0

	li	gp, 1		# mul keeps the low 64 bits
	li	a0, 0x123456789abcdef1
	li	a1, 0xfedcba9876543210
	mul	a2, a0, a1
	li	t0, 0x224a4396cc6d0110
	bne	a2, t0, fail

	li	gp, 2		# mulh (signed) and mulhu (unsigned) high halves
	mulh	a2, a0, a1
	li	t0, 0xffeb49923cc09532
	bne	a2, t0, fail
	mulhu	a2, a0, a1
	li	t0, 0x121fa00ad77d7423
	bne	a2, t0, fail

	li	gp, 3		# -1 times all-ones under each signedness
	li	a0, -1
	mulh	a2, a0, a0	# 1: high half 0
	bnez	a2, fail
	mulhsu	a2, a0, a0	# -(2^64-1): high half -1
	li	t0, -1
	bne	a2, t0, fail
	mulhu	a2, a0, a0	# (2^64-1)^2: high half 2^64-2
	li	t0, 0xfffffffffffffffe
	bne	a2, t0, fail

	li	gp, 4		# div and rem truncate toward zero
	li	a0, -7
	li	a1, 2
	div	a2, a0, a1
	li	t0, -3
	bne	a2, t0, fail
	rem	a2, a0, a1
	li	t0, -1
	bne	a2, t0, fail

	li	gp, 5		# divu and remu
	divu	a2, a0, a1
	li	t0, 0x7ffffffffffffffc
	bne	a2, t0, fail
	remu	a2, a0, a1
	li	t0, 1
	bne	a2, t0, fail

	li	gp, 6		# division by zero does not trap
	li	a0, 12345
	div	a2, a0, zero
	li	t0, -1
	bne	a2, t0, fail
	divu	a2, a0, zero
	bne	a2, t0, fail
	rem	a2, a0, zero
	bne	a2, a0, fail
	remu	a2, a0, zero
	bne	a2, a0, fail

	li	gp, 7		# signed overflow: INT64_MIN / -1
	li	a0, 0x8000000000000000
	li	a1, -1
	div	a2, a0, a1
	bne	a2, a0, fail
	rem	a2, a0, a1
	bnez	a2, fail

	li	gp, 8		# mulw sign-extends the low 32 bits
	li	a0, 0x10000
	mulw	a2, a0, a0
	bnez	a2, fail
	li	a0, 0x7fffffff
	li	a1, 2
	mulw	a2, a0, a1
	li	t0, -2
	bne	a2, t0, fail

	li	gp, 9		# divw and remw ignore the upper halves
	li	a0, 0x12345678fffffff9
	li	a1, 0x2
	divw	a2, a0, a1
	li	t0, -3
	bne	a2, t0, fail
	remw	a2, a0, a1
	li	t0, -1
	bne	a2, t0, fail

	li	gp, 10		# divuw and remuw
	divuw	a2, a0, a1
	li	t0, 0x7ffffffc
	bne	a2, t0, fail
	remuw	a2, a0, a1
	li	t0, 1
	bne	a2, t0, fail

	li	gp, 11		# 32-bit overflow and division by zero
	li	a0, 0x80000000
	li	a1, -1
	divw	a2, a0, a1
	li	t0, 0xffffffff80000000
	bne	a2, t0, fail
	remw	a2, a0, a1
	bnez	a2, fail
	li	a0, 0x180000000
	divuw	a2, a0, zero
	li	t0, -1
	bne	a2, t0, fail
	remuw	a2, a0, zero
	li	t0, 0xffffffff80000000
	bne	a2, t0, fail
	remw	a2, a0, zero
	bne	a2, t0, fail

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
