# alu.s: RV64I register-register, register-immediate and upper-immediate
# instructions, including the 32-bit (W) forms, checked by value.
	.equ	FINISHER, 0x100000
	.equ	PASS, 0x5555
	.equ	FAIL, 0x3333
	.equ	TRAPBASE, 240

	.text
	.globl	_start
_start:
	la	t0, trap
	csrw	mtvec, t0

	li	gp, 1		# add wraps to the most negative value
	li	a0, 0x7fffffffffffffff
	li	a1, 1
	add	a2, a0, a1
	li	t0, 0x8000000000000000
	bne	a2, t0, fail

	li	gp, 2		# sub below zero
	li	a0, 0
	li	a1, 1
	sub	a2, a0, a1
	li	t0, -1
	bne	a2, t0, fail

	li	gp, 3		# addi with the most negative immediate
	li	a0, 100
	addi	a1, a0, -2048
	li	t0, -1948
	bne	a1, t0, fail

	li	gp, 4		# slt is signed, sltu unsigned
	li	a0, -1
	li	a1, 1
	slt	a2, a0, a1
	li	t0, 1
	bne	a2, t0, fail
	sltu	a2, a0, a1
	bnez	a2, fail

	li	gp, 5		# slti; sltiu sign-extends its immediate
	li	a0, -5
	slti	a1, a0, -4
	li	t0, 1
	bne	a1, t0, fail
	li	a0, 5
	sltiu	a1, a0, -1
	bne	a1, t0, fail
	slti	a1, a0, 5
	bnez	a1, fail

	li	gp, 6		# and, or, xor
	li	a0, 0xff00ff00ff00ff00
	li	a1, 0x0ff00ff00ff00ff0
	and	a2, a0, a1
	li	t0, 0x0f000f000f000f00
	bne	a2, t0, fail
	or	a2, a0, a1
	li	t0, 0xfff0fff0fff0fff0
	bne	a2, t0, fail
	xor	a2, a0, a1
	li	t0, 0xf0f0f0f0f0f0f0f0
	bne	a2, t0, fail

	li	gp, 7		# andi, ori, xori with sign-extended immediates
	li	a0, 0x123456789abcdef0
	andi	a1, a0, -256
	li	t0, 0x123456789abcde00
	bne	a1, t0, fail
	ori	a1, a0, 0xf
	li	t0, 0x123456789abcdeff
	bne	a1, t0, fail
	xori	a1, a0, -1
	li	t0, 0xedcba9876543210f
	bne	a1, t0, fail

	li	gp, 8		# sll, srl, sra use the low 6 bits of rs2
	li	a0, 1
	li	a1, 63
	sll	a2, a0, a1
	li	t0, 0x8000000000000000
	bne	a2, t0, fail
	li	a1, 67
	sll	a2, a0, a1
	li	t0, 8
	bne	a2, t0, fail
	li	a0, 0x8000000000000000
	li	a1, 63
	srl	a2, a0, a1
	li	t0, 1
	bne	a2, t0, fail
	sra	a2, a0, a1
	li	t0, -1
	bne	a2, t0, fail

	li	gp, 9		# slli, srli, srai
	li	a0, 0x0fffffffffffffff
	slli	a1, a0, 4
	li	t0, 0xfffffffffffffff0
	bne	a1, t0, fail
	li	a0, -1
	srli	a1, a0, 60
	li	t0, 0xf
	bne	a1, t0, fail
	li	a0, -16
	srai	a1, a0, 2
	li	t0, -4
	bne	a1, t0, fail

	li	gp, 10		# addw and subw sign-extend bit 31
	li	a0, 0x7fffffff
	li	a1, 1
	addw	a2, a0, a1
	li	t0, 0xffffffff80000000
	bne	a2, t0, fail
	li	a0, 0
	li	a1, 0x100000001
	subw	a2, a0, a1
	li	t0, -1
	bne	a2, t0, fail

	li	gp, 11		# addiw ignores the upper half
	li	a0, 0xffffffff
	addiw	a1, a0, 1
	bnez	a1, fail
	li	a0, 0x123456780000007f
	addiw	a1, a0, 1
	li	t0, 0x80
	bne	a1, t0, fail

	li	gp, 12		# sllw, srlw, sraw use the low 5 bits of rs2
	li	a0, 1
	li	a1, 31
	sllw	a2, a0, a1
	li	t0, 0xffffffff80000000
	bne	a2, t0, fail
	li	a1, 33
	sllw	a2, a0, a1
	li	t0, 2
	bne	a2, t0, fail
	li	a0, 0x80000000
	li	a1, 31
	srlw	a2, a0, a1
	li	t0, 1
	bne	a2, t0, fail
	sraw	a2, a0, a1
	li	t0, -1
	bne	a2, t0, fail

	li	gp, 13		# slliw, srliw, sraiw
	li	a0, 1
	slliw	a1, a0, 31
	li	t0, 0xffffffff80000000
	bne	a1, t0, fail
	li	a0, -1
	srliw	a1, a0, 4
	li	t0, 0x0fffffff
	bne	a1, t0, fail
	li	a0, 0x80000000
	sraiw	a1, a0, 4
	li	t0, 0xfffffffff8000000
	bne	a1, t0, fail

	li	gp, 14		# lui sign-extends on RV64
	lui	a0, 0x80000
	li	t0, 0xffffffff80000000
	bne	a0, t0, fail
	lui	a0, 0x7ffff
	li	t0, 0x7ffff000
	bne	a0, t0, fail

	li	gp, 15		# auipc adds to its own address
	auipc	a0, 0
	auipc	a1, 1
	sub	a1, a1, a0
	li	t0, 0x1004	# auipc is never compressed
	bne	a1, t0, fail

	li	gp, 16		# writes to zero are discarded
	li	a0, 5
	add	zero, a0, a0
	addi	zero, a0, 1
	bnez	zero, fail
	mv	t0, zero
	bnez	t0, fail

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
