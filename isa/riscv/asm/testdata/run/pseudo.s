# pseudo.s: the arithmetic pseudo-instructions (nop, mv, move, not, neg,
# negw, sext.w, seqz, snez, sltz, sgtz, sgt, sgtu, zext.b, zext.h, zext.w,
# sext.b, sext.h) checked by value, and jump (auipc+jr through a chosen
# register). Branch, call and CSR pseudo-instructions are in branch.s and
# csr.s, li in consts.s, la/lla and load/store to a symbol in mem.s.
	.equ	FINISHER, 0x100000
	.equ	PASS, 0x5555
	.equ	FAIL, 0x3333
	.equ	TRAPBASE, 240

	.text
	.globl	_start
_start:
	la	t0, trap
	csrw	mtvec, t0

	li	gp, 1		# nop changes nothing
	li	a0, 77
	mv	t0, sp
	nop
	nop
	li	t1, 77
	bne	a0, t1, fail
	bne	t0, sp, fail

	li	gp, 2		# mv and move, between ordinary registers and sp
	li	a1, 0x123456789
	mv	a0, a1
	bne	a0, a1, fail
	move	a2, a1
	bne	a2, a1, fail
	mv	s0, sp
	la	t0, stack_top
	mv	sp, t0
	mv	a3, sp
	bne	a3, t0, fail
	mv	sp, s0

	li	gp, 3		# not
	li	a1, 0x0f0f
	not	a0, a1
	li	t0, 0xfffffffffffff0f0
	bne	a0, t0, fail
	not	a0, a0
	bne	a0, a1, fail

	li	gp, 4		# neg; the most negative value is its own negation
	li	a1, 5
	neg	a0, a1
	li	t0, -5
	bne	a0, t0, fail
	li	a1, 0x8000000000000000
	neg	a0, a1
	bne	a0, a1, fail

	li	gp, 5		# negw works on the low 32 bits
	li	a1, 0x100000001
	negw	a0, a1
	li	t0, -1
	bne	a0, t0, fail
	li	a1, 0x80000000
	negw	a0, a1
	li	t0, 0xffffffff80000000
	bne	a0, t0, fail

	li	gp, 6		# sext.w
	li	a1, 0x80000000
	sext.w	a0, a1
	li	t0, 0xffffffff80000000
	bne	a0, t0, fail
	li	a1, 0xffffffff7fffffff
	sext.w	a0, a1
	li	t0, 0x7fffffff
	bne	a0, t0, fail
	sext.w	a1, a1		# in place (compressed to c.addiw)
	bne	a1, t0, fail

	li	gp, 7		# seqz, snez
	li	a1, 0
	li	a2, 5
	li	t1, 1
	seqz	a0, a1
	bne	a0, t1, fail
	seqz	a0, a2
	bnez	a0, fail
	snez	a0, a1
	bnez	a0, fail
	snez	a0, a2
	bne	a0, t1, fail

	li	gp, 8		# sltz, sgtz
	li	a1, -1
	li	a2, 1
	sltz	a0, a1
	bne	a0, t1, fail
	sltz	a0, a2
	bnez	a0, fail
	sltz	a0, zero
	bnez	a0, fail
	sgtz	a0, a2
	bne	a0, t1, fail
	sgtz	a0, a1
	bnez	a0, fail
	sgtz	a0, zero
	bnez	a0, fail

	li	gp, 9		# sgt is signed, sgtu unsigned
	sgt	a0, a1, a2
	bnez	a0, fail
	sgt	a0, a2, a1
	bne	a0, t1, fail
	sgtu	a0, a1, a2
	bne	a0, t1, fail
	sgtu	a0, a2, a1
	bnez	a0, fail

	li	gp, 10		# zext.b, zext.h, zext.w
	li	a1, 0xffffffffffff8081
	zext.b	a0, a1
	li	t0, 0x81
	bne	a0, t0, fail
	zext.h	a0, a1
	li	t0, 0x8081
	bne	a0, t0, fail
	zext.w	a0, a1
	li	t0, 0xffff8081
	bne	a0, t0, fail
	li	a2, -1
	zext.w	a2, a2		# in place (a compressed srli)
	li	t0, 0xffffffff
	bne	a2, t0, fail

	li	gp, 11		# sext.b, sext.h
	li	a1, 0x17f
	sext.b	a0, a1
	li	t0, 0x7f
	bne	a0, t0, fail
	li	a1, 0x80
	sext.b	a0, a1
	li	t0, -128
	bne	a0, t0, fail
	li	a1, 0x12348001
	sext.h	a1, a1
	li	t0, 0xffffffffffff8001
	bne	a1, t0, fail

	li	gp, 12		# jump: auipc+jr through the named register
	li	t2, 0
	jump	1f, t2
	j	fail
1:	beqz	t2, fail	# t2 holds the auipc result

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

	.bss
	.p2align 4
stack:	.zero	64
stack_top:
