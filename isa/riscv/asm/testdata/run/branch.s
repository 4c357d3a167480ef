# branch.s: every conditional branch and branch pseudo-instruction, taken
# and not taken; numeric labels (1b, 1f, reused); jal, jalr and jr in each
# operand form; call, tail and ret; a jump table; and branches relaxed to
# an inverted branch over a jal because the target is out of reach or in
# another section.
	.equ	FINISHER, 0x100000
	.equ	PASS, 0x5555
	.equ	FAIL, 0x3333
	.equ	TRAPBASE, 240

	.text
	.globl	_start
_start:
	la	t0, trap
	csrw	mtvec, t0
	la	sp, stack_top
	li	s2, -1
	li	s3, 1
	li	s4, 0

	li	gp, 1		# beq, bne
	li	a0, 7
	li	a1, 7
	beq	a0, a1, 1f
	j	fail
1:	bne	a0, a1, fail
	bne	a0, s3, 1f
	j	fail
1:	beq	a0, s3, fail

	li	gp, 2		# blt, bge are signed
	blt	s2, s3, 1f
	j	fail
1:	blt	s3, s2, fail
	blt	s3, s3, fail
	bge	s3, s2, 1f
	j	fail
1:	bge	s3, s3, 1f
	j	fail
1:	bge	s2, s3, fail

	li	gp, 3		# bltu, bgeu are unsigned
	bltu	s3, s2, 1f
	j	fail
1:	bltu	s2, s3, fail
	bgeu	s2, s3, 1f
	j	fail
1:	bgeu	s3, s2, fail

	li	gp, 4		# beqz, bnez
	beqz	s4, 1f
	j	fail
1:	beqz	s3, fail
	bnez	s2, 1f
	j	fail
1:	bnez	s4, fail

	li	gp, 5		# blez, bgez
	blez	s2, 1f
	j	fail
1:	blez	s4, 1f
	j	fail
1:	blez	s3, fail
	bgez	s4, 1f
	j	fail
1:	bgez	s3, 1f
	j	fail
1:	bgez	s2, fail

	li	gp, 6		# bltz, bgtz
	bltz	s2, 1f
	j	fail
1:	bltz	s4, fail
	bgtz	s3, 1f
	j	fail
1:	bgtz	s4, fail
	bgtz	s2, fail

	li	gp, 7		# bgt, ble (signed, operands swapped)
	bgt	s3, s2, 1f
	j	fail
1:	bgt	s3, s3, fail
	bgt	s2, s3, fail
	ble	s2, s3, 1f
	j	fail
1:	ble	s3, s3, 1f
	j	fail
1:	ble	s3, s2, fail

	li	gp, 8		# bgtu, bleu (unsigned)
	bgtu	s2, s3, 1f
	j	fail
1:	bgtu	s3, s2, fail
	bgtu	s3, s3, fail
	bleu	s3, s2, 1f
	j	fail
1:	bleu	s3, s3, 1f
	j	fail
1:	bleu	s2, s3, fail

	li	gp, 9		# a loop on a backward numeric label
	li	a0, 0
	li	a1, 10
1:	addi	a0, a0, 3
	addi	a1, a1, -1
	bnez	a1, 1b
	li	t0, 30
	bne	a0, t0, fail

	li	gp, 10		# 1f skips the nearest 1:, not a later one
	li	a0, 0
	j	1f
	li	a0, 1
1:	addi	a0, a0, 2
	j	1f
	addi	a0, a0, 4
1:	li	t0, 2
	bne	a0, t0, fail

	li	gp, 11		# jal with and without an explicit link register
	jal	ra, getra
.Lra1:	la	t0, .Lra1
	bne	a0, t0, fail
	jal	getra
.Lra2:	la	t0, .Lra2
	bne	a0, t0, fail
	jal	t1, 1f
.Lt1:	j	fail
1:	la	t0, .Lt1
	bne	t1, t0, fail

	li	gp, 12		# jalr forms
	la	a1, getra
	jalr	a1
.Lra3:	la	t0, .Lra3
	bne	a0, t0, fail
	jalr	ra, 0(a1)
.Lra4:	la	t0, .Lra4
	bne	a0, t0, fail
	la	a2, getra_t2
	jalr	t2, a2
.Lt2:	la	t0, .Lt2
	bne	a0, t0, fail
	la	a2, getra - 4
	jalr	ra, 4(a2)
	la	a2, getra - 8
	jalr	ra, a2, 8
.Lra5:	la	t0, .Lra5
	bne	a0, t0, fail
	la	a3, 1f
	jalr	zero, 0(a3)
	j	fail
1:

	li	gp, 13		# jr forms and ret
	la	a0, 1f
	jr	a0
	j	fail
1:	la	t0, 2f
	jr	t0
	j	fail
2:	la	t0, 1f - 4
	jr	4(t0)
	j	fail
1:	la	t0, 1f - 8
	jr	t0, 8
	j	fail
1:	la	a2, getra - 12
	jalr	a2, 12
.Lra6:	la	t0, .Lra6
	bne	a0, t0, fail
	la	a2, getra - 16
	jalr	16(a2)
.Lra7:	la	t0, .Lra7
	bne	a0, t0, fail
	call	retnow
	li	t0, 42
	bne	a0, t0, fail

	li	gp, 14		# call, call with a link register, tail
	li	a0, 5
	call	double
	li	t0, 10
	bne	a0, t0, fail
	li	a0, 6
	call	t0, double_t0
	li	t1, 12
	bne	a0, t1, fail
	li	a0, 3
	call	quadruple	# tails into double: returns to here
	li	t0, 12
	bne	a0, t0, fail

	li	gp, 15		# a jump table of .dword addresses
	li	s5, 0
	li	s6, 0
1:	la	t0, table
	slli	t1, s6, 3
	add	t0, t0, t1
	ld	t0, 0(t0)
	jr	t0
case0:	addi	s5, s5, 1
	j	2f
case1:	addi	s5, s5, 10
	j	2f
case2:	addi	s5, s5, 100
2:	addi	s6, s6, 1
	li	t0, 3
	blt	s6, t0, 1b
	li	t0, 111
	bne	s5, t0, fail

	li	gp, 16		# branches beyond +-4 KiB become branch-over-jal
	li	a0, 1
	li	a1, 1
	beq	a0, a1, far_fwd
	j	fail
back_from_fwd:
	bnez	a0, 1f
	j	fail
1:	li	gp, 17
	li	a0, 0
	beqz	a0, far_after
	j	fail
back_from_far:

	li	gp, 18		# a branch into another section
	li	a0, 9
	bnez	a0, elsewhere
	j	fail
back_from_elsewhere:
	li	t0, 10
	bne	a0, t0, fail

	j	pass

getra:
	mv	a0, ra
	ret
getra_t2:
	mv	a0, t2
	jr	t2
retnow:
	li	a0, 42
	ret
double:
	add	a0, a0, a0
	ret
double_t0:
	add	a0, a0, a0
	jr	t0
quadruple:
	add	a0, a0, a0
	tail	double

far_fwd:
	.fill	1100, 4, 0x00000013	# 4400 bytes of nop
	li	a0, 2
	bltu	a0, a1, fail
	bgeu	a0, a1, back_from_fwd
	j	fail
far_after:
	.fill	1100, 4, 0x00000013
	li	a0, 3
	blt	a0, zero, fail
	bge	a0, zero, back_from_far
	j	fail

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

	.section .text.elsewhere, "ax"
elsewhere:
	addi	a0, a0, 1
	beqz	a0, fail
	bnez	a0, back_from_elsewhere
	j	fail

	.section .rodata
	.p2align 3
table:	.dword	case0, case1, case2

	.bss
	.p2align 4
stack:	.zero	256
stack_top:
