# atomic.s: the A extension: lr/sc (success, and failure without a
# reservation) and every AMO in both widths, with each ordering suffix,
# checking the old value returned and the new value in memory.
	.equ	FINISHER, 0x100000
	.equ	PASS, 0x5555
	.equ	FAIL, 0x3333
	.equ	TRAPBASE, 240

	.text
	.globl	_start
_start:
	la	t0, trap
	csrw	mtvec, t0
	la	s0, word
	la	s3, dword
	li	s1, 0xffffffff80000001	# the word as lw/lr.w/amo*.w return it
	li	s2, 3
	li	s4, 0x8000000000000001

	li	gp, 1		# lr.w sign-extends; sc.w succeeds after it
	sw	s1, 0(s0)
	lr.w	a0, (s0)
	bne	a0, s1, fail
	li	a1, 0x1234
	sc.w	t0, a1, (s0)
	bnez	t0, fail
	lw	a2, 0(s0)
	bne	a2, a1, fail

	li	gp, 2		# a second sc.w has no reservation and fails
	li	a1, 0x5678
	sc.w	t0, a1, (s0)
	beqz	t0, fail
	lw	a2, 0(s0)
	li	t1, 0x1234
	bne	a2, t1, fail

	li	gp, 3		# lr.d / sc.d with ordering bits
	sd	s4, 0(s3)
	lr.d.aq	a0, (s3)
	bne	a0, s4, fail
	li	a1, -7
	sc.d.rl	t0, a1, (s3)
	bnez	t0, fail
	ld	a2, 0(s3)
	bne	a2, a1, fail
	lr.d.aqrl a0, (s3)
	sc.d.aqrl t0, s4, (s3)
	bnez	t0, fail
	sc.d	t0, a1, (s3)
	beqz	t0, fail
	ld	a2, 0(s3)
	bne	a2, s4, fail

	li	gp, 4		# an AMO with rd = zero still writes memory
	sw	s2, 0(s0)
	amoadd.w zero, s2, (s0)
	lw	a1, 0(s0)
	li	t0, 6
	bne	a1, t0, fail

	li	gp, 5		# amoswap.w
	sw	s1, 0(s0)
	amoswap.w	a0, s2, (s0)
	bne	a0, s1, fail
	lw	a1, 0(s0)
	li	t0, 0x3
	bne	a1, t0, fail

	li	gp, 6		# amoadd.w.aq
	sw	s1, 0(s0)
	amoadd.w.aq	a0, s2, (s0)
	bne	a0, s1, fail
	lw	a1, 0(s0)
	li	t0, 0xffffffff80000004
	bne	a1, t0, fail

	li	gp, 7		# amoand.w.rl
	sw	s1, 0(s0)
	amoand.w.rl	a0, s2, (s0)
	bne	a0, s1, fail
	lw	a1, 0(s0)
	li	t0, 0x1
	bne	a1, t0, fail

	li	gp, 8		# amoor.w.aqrl
	sw	s1, 0(s0)
	amoor.w.aqrl	a0, s2, (s0)
	bne	a0, s1, fail
	lw	a1, 0(s0)
	li	t0, 0xffffffff80000003
	bne	a1, t0, fail

	li	gp, 9		# amoxor.w
	sw	s1, 0(s0)
	amoxor.w	a0, s2, (s0)
	bne	a0, s1, fail
	lw	a1, 0(s0)
	li	t0, 0xffffffff80000002
	bne	a1, t0, fail

	li	gp, 10		# amomin.w.aq
	sw	s1, 0(s0)
	amomin.w.aq	a0, s2, (s0)
	bne	a0, s1, fail
	lw	a1, 0(s0)
	li	t0, 0xffffffff80000001
	bne	a1, t0, fail

	li	gp, 11		# amomax.w.rl
	sw	s1, 0(s0)
	amomax.w.rl	a0, s2, (s0)
	bne	a0, s1, fail
	lw	a1, 0(s0)
	li	t0, 0x3
	bne	a1, t0, fail

	li	gp, 12		# amominu.w.aqrl
	sw	s1, 0(s0)
	amominu.w.aqrl	a0, s2, (s0)
	bne	a0, s1, fail
	lw	a1, 0(s0)
	li	t0, 0x3
	bne	a1, t0, fail

	li	gp, 13		# amomaxu.w
	sw	s1, 0(s0)
	amomaxu.w	a0, s2, (s0)
	bne	a0, s1, fail
	lw	a1, 0(s0)
	li	t0, 0xffffffff80000001
	bne	a1, t0, fail

	li	gp, 14		# amoswap.d
	sd	s4, 0(s3)
	amoswap.d	a0, s2, (s3)
	bne	a0, s4, fail
	ld	a1, 0(s3)
	li	t0, 0x3
	bne	a1, t0, fail

	li	gp, 15		# amoadd.d.aq
	sd	s4, 0(s3)
	amoadd.d.aq	a0, s2, (s3)
	bne	a0, s4, fail
	ld	a1, 0(s3)
	li	t0, 0x8000000000000004
	bne	a1, t0, fail

	li	gp, 16		# amoand.d.rl
	sd	s4, 0(s3)
	amoand.d.rl	a0, s2, (s3)
	bne	a0, s4, fail
	ld	a1, 0(s3)
	li	t0, 0x1
	bne	a1, t0, fail

	li	gp, 17		# amoor.d.aqrl
	sd	s4, 0(s3)
	amoor.d.aqrl	a0, s2, (s3)
	bne	a0, s4, fail
	ld	a1, 0(s3)
	li	t0, 0x8000000000000003
	bne	a1, t0, fail

	li	gp, 18		# amoxor.d
	sd	s4, 0(s3)
	amoxor.d	a0, s2, (s3)
	bne	a0, s4, fail
	ld	a1, 0(s3)
	li	t0, 0x8000000000000002
	bne	a1, t0, fail

	li	gp, 19		# amomin.d.aq
	sd	s4, 0(s3)
	amomin.d.aq	a0, s2, (s3)
	bne	a0, s4, fail
	ld	a1, 0(s3)
	li	t0, 0x8000000000000001
	bne	a1, t0, fail

	li	gp, 20		# amomax.d.rl
	sd	s4, 0(s3)
	amomax.d.rl	a0, s2, (s3)
	bne	a0, s4, fail
	ld	a1, 0(s3)
	li	t0, 0x3
	bne	a1, t0, fail

	li	gp, 21		# amominu.d.aqrl
	sd	s4, 0(s3)
	amominu.d.aqrl	a0, s2, (s3)
	bne	a0, s4, fail
	ld	a1, 0(s3)
	li	t0, 0x3
	bne	a1, t0, fail

	li	gp, 22		# amomaxu.d
	sd	s4, 0(s3)
	amomaxu.d	a0, s2, (s3)
	bne	a0, s4, fail
	ld	a1, 0(s3)
	li	t0, 0x8000000000000001
	bne	a1, t0, fail

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

	.data
	.p2align 3
dword:	.dword	0
word:	.word	0
