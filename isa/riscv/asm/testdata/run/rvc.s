# rvc.s: the C extension written explicitly (every RV64 c.* instruction)
# and chosen by the assembler, and .option rvc/norvc/push/pop: the size of
# code assembled under each setting is measured at run time from label
# addresses, and the compressed instructions are checked by value.
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

	li	gp, 1		# rvc is on by default: addi a0, a0, 1 takes 2 bytes
.Lc0:	addi	a0, a0, 1
.Lc1:	la	t0, .Lc0
	la	t1, .Lc1
	sub	t0, t1, t0
	li	t1, 2
	bne	t0, t1, fail

	li	gp, 2		# under norvc it takes 4
	.option	push
	.option	norvc
.Ln0:	addi	a0, a0, 1
.Ln1:	.option	pop
	la	t0, .Ln0
	la	t1, .Ln1
	sub	t0, t1, t0
	li	t1, 4
	bne	t0, t1, fail

	li	gp, 3		# push/pop nest; rvc and norvc switch without them
	.option	push
	.option	norvc
	.option	push
	.option	rvc
.Lp0:	addi	a0, a0, 1	# 2
	.option	pop
.Lp1:	addi	a0, a0, 1	# 4
	.option	pop
.Lp2:	addi	a0, a0, 1	# 2
	.option	norvc
.Lp3:	addi	a0, a0, 1	# 4
	.option	rvc
.Lp4:	addi	a0, a0, 1	# 2
.Lp5:	la	a1, .Lp0
	la	a2, .Lp5
	sub	a2, a2, a1
	li	t1, 2 + 4 + 2 + 4 + 2
	bne	a2, t1, fail
	la	a2, .Lp1
	sub	a2, a2, a1
	li	t1, 2
	bne	a2, t1, fail
	la	a2, .Lp3
	sub	a2, a2, a1
	li	t1, 2 + 4 + 2
	bne	a2, t1, fail

	li	gp, 4		# c.li, c.lui, c.addi, c.addiw
	c.li	a0, -32
	li	t0, -32
	bne	a0, t0, fail
	c.lui	a1, 0xfffff	# the top of the 6-bit range: -1 << 12
	li	t0, -4096
	bne	a1, t0, fail
	c.lui	a1, 1
	li	t0, 4096
	bne	a1, t0, fail
	c.addi	a0, 31
	li	t0, -1
	bne	a0, t0, fail
	li	a2, 0x7fffffff
	c.addiw	a2, 1
	li	t0, 0xffffffff80000000
	bne	a2, t0, fail

	li	gp, 5		# c.addi16sp, c.addi4spn
	mv	s0, sp
	c.addi16sp sp, -64
	addi	t0, s0, -64
	bne	sp, t0, fail
	c.addi4spn a0, sp, 8
	addi	t0, sp, 8
	bne	a0, t0, fail
	c.addi16sp sp, 64
	bne	sp, s0, fail

	li	gp, 6		# c.slli, c.srli, c.srai, c.andi
	li	a0, 1
	c.slli	a0, 63
	li	t0, 0x8000000000000000
	bne	a0, t0, fail
	mv	a1, a0
	c.srai	a1, 60
	li	t0, -8
	bne	a1, t0, fail
	c.srli	a0, 60
	li	t0, 8
	bne	a0, t0, fail
	li	a2, 0xff
	c.andi	a2, -16
	li	t0, 0xf0
	bne	a2, t0, fail

	li	gp, 7		# c.mv, c.add and the CA group
	li	a1, 12
	li	a2, 10
	c.mv	a0, a1
	c.add	a0, a2
	li	t0, 22
	bne	a0, t0, fail
	c.sub	a0, a2
	bne	a0, a1, fail
	c.and	a0, a2		# 12 & 10
	li	t0, 8
	bne	a0, t0, fail
	c.or	a0, a1		# 8 | 12
	bne	a0, a1, fail
	c.xor	a0, a2		# 12 ^ 10
	li	t0, 6
	bne	a0, t0, fail
	li	a3, 0x7fffffff
	c.addw	a3, a3
	li	t0, -2
	bne	a3, t0, fail
	li	a4, 0
	li	a5, 0x80000000
	c.subw	a4, a5
	li	t0, 0xffffffff80000000
	bne	a4, t0, fail

	li	gp, 8		# c.sw, c.sd, c.lw, c.ld
	la	s1, buf
	li	a0, -3
	c.sw	a0, 4(s1)
	c.lw	a1, 4(s1)
	bne	a1, a0, fail
	li	a0, 0x0123456789abcdef
	c.sd	a0, 8(s1)
	c.ld	a1, 8(s1)
	bne	a1, a0, fail
	lwu	a2, 4(s1)
	li	t0, 0xfffffffd
	bne	a2, t0, fail

	li	gp, 9		# c.swsp, c.sdsp, c.lwsp, c.ldsp
	addi	sp, sp, -32
	li	t2, -77
	c.swsp	t2, 4(sp)
	c.lwsp	t3, 4(sp)
	bne	t3, t2, fail
	li	t2, 0x1122334455667788
	c.sdsp	t2, 16(sp)
	c.ldsp	t3, 16(sp)
	bne	t3, t2, fail
	addi	sp, sp, 32

	li	gp, 10		# c.j, c.beqz, c.bnez
	c.j	1f
	j	fail
1:	li	a0, 0
	c.beqz	a0, 1f
	j	fail
1:	c.bnez	a0, fail
	li	a0, 1
	c.bnez	a0, 1f
	j	fail
1:	c.beqz	a0, fail

	li	gp, 11		# c.jalr links, c.jr does not
	la	t1, getra
	c.jalr	t1
.Lret:	la	t0, .Lret
	bne	a0, t0, fail
	la	t1, 1f
	c.jr	t1
	j	fail
1:	c.nop
	c.nop

	li	gp, 12		# the assembler compresses what it can
	li	a0, 1
.Lk0:	addi	a0, a0, 1	# c.addi
	mv	a1, a0		# c.mv
	add	a1, a1, a0	# c.add
	ld	a2, 0(sp)	# c.ldsp
	lw	a3, 0(s1)	# c.lw
.Lk1:	li	t0, 3 * 2 + 2 * 2
	la	t1, .Lk0
	la	t2, .Lk1
	sub	t1, t2, t1
	bne	t1, t0, fail
	li	t0, 4
	bne	a1, t0, fail

	j	pass

getra:
	mv	a0, ra
	ret

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
buf:	.zero	16

	.bss
	.p2align 4
stack:	.zero	256
stack_top:
