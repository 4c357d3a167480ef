# mem.s: every load and store width and signedness, positive and negative
# offsets, stack-relative accesses, and the address-forming operators:
# %hi/%lo of constants, %pcrel_hi/%pcrel_lo (on a numeric and a local
# label), la/lla, and the load/store-to-symbol pseudo-instructions.
	.equ	MAGIC, 0x12345fff	# %lo is negative: %hi rounds up
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

	li	gp, 1		# lb sign-extends, lbu does not
	la	a0, bytes
	lb	a1, 0(a0)
	li	t0, -128
	bne	a1, t0, fail
	lbu	a1, 0(a0)
	li	t0, 0x80
	bne	a1, t0, fail
	lb	a1, 1(a0)
	li	t0, 0x7f
	bne	a1, t0, fail

	li	gp, 2		# lh and lhu
	la	a0, halfs
	lh	a1, 0(a0)
	li	t0, 0xffffffffffff8001
	bne	a1, t0, fail
	lhu	a1, 0(a0)
	li	t0, 0x8001
	bne	a1, t0, fail
	lh	a1, 2(a0)
	li	t0, 0x7ffe
	bne	a1, t0, fail

	li	gp, 3		# lw and lwu
	la	a0, words
	lw	a1, 0(a0)
	li	t0, 0xffffffff80000001
	bne	a1, t0, fail
	lwu	a1, 0(a0)
	li	t0, 0x80000001
	bne	a1, t0, fail
	lw	a1, 4(a0)
	li	t0, 0x7ffffffe
	bne	a1, t0, fail

	li	gp, 4		# ld
	la	a0, dwords
	ld	a1, 0(a0)
	li	t0, 0x8000000000000001
	bne	a1, t0, fail

	li	gp, 5		# sb, sh, sw over an sd, read back little-endian
	la	a0, buf
	li	t0, -1
	sd	t0, 0(a0)
	sb	zero, 0(a0)
	li	t0, 0x1234
	sh	t0, 2(a0)
	li	t0, 0x89abcdef
	sw	t0, 4(a0)
	ld	a1, 0(a0)
	li	t0, 0x89abcdef1234ff00
	bne	a1, t0, fail
	lbu	a1, 1(a0)
	li	t0, 0xff
	bne	a1, t0, fail

	li	gp, 6		# negative offsets
	la	a0, buf + 16
	li	t0, 0x0102030405060708
	sd	t0, -8(a0)
	la	a1, buf
	ld	a2, 8(a1)
	bne	a2, t0, fail
	lbu	a2, -1(a0)
	li	t0, 1
	bne	a2, t0, fail
	lhu	a2, -8(a0)
	li	t0, 0x0708
	bne	a2, t0, fail

	li	gp, 7		# %pcrel_hi/%pcrel_lo on a numeric label
1:	auipc	t0, %pcrel_hi(dwords)
	ld	a1, %pcrel_lo(1b)(t0)
	li	t0, 0x8000000000000001
	bne	a1, t0, fail
2:	auipc	a0, %pcrel_hi(words + 4)
	addi	a0, a0, %pcrel_lo(2b)
	lw	a1, 0(a0)
	li	t0, 0x7ffffffe
	bne	a1, t0, fail

	li	gp, 8		# a %pcrel_lo store on a local label
	li	a2, 0x5a5a5a5a
.Lst:	auipc	t0, %pcrel_hi(buf + 24)
	sw	a2, %pcrel_lo(.Lst)(t0)
	la	a0, buf
	lw	a1, 24(a0)
	bne	a1, a2, fail

	li	gp, 9		# %hi/%lo of constants
	lui	a0, %hi(MAGIC)
	addi	a0, a0, %lo(MAGIC)
	li	t0, MAGIC
	bne	a0, t0, fail
	lui	a0, %hi(0x7654321)
	addi	a0, a0, %lo(0x7654321)
	li	t0, 0x7654321
	bne	a0, t0, fail

	li	gp, 10		# load and store to a symbol
	lw	a3, words
	li	t0, 0xffffffff80000001
	bne	a3, t0, fail
	lbu	a5, bytes + 2
	li	t0, 0xff
	bne	a5, t0, fail
	li	a4, 0x1122334455667788
	sd	a4, buf, t1
	ld	a6, buf
	bne	a6, a4, fail
	sh	a4, buf + 30, t1
	lhu	a6, buf + 30
	li	t0, 0x7788
	bne	a6, t0, fail

	li	gp, 11		# la and lla give the same addresses
	la	a0, dwords
	lla	a1, words
	sub	a2, a0, a1
	li	t0, 8
	bne	a2, t0, fail
	lla	a2, dwords
	bne	a0, a2, fail

	li	gp, 12		# stack-relative accesses (compressed forms)
	addi	sp, sp, -32
	li	t0, 0x0badf00d
	sd	t0, 8(sp)
	sw	t0, 16(sp)
	ld	a0, 8(sp)
	bne	a0, t0, fail
	lw	a0, 16(sp)
	bne	a0, t0, fail
	addi	sp, sp, 32
	la	t0, stack_top
	bne	sp, t0, fail

	li	gp, 13		# loads and stores through s0/s1 (compressed)
	la	s0, buf
	li	s1, -2
	sw	s1, 0(s0)
	lw	a0, 0(s0)
	bne	a0, s1, fail
	sd	s1, 8(s0)
	ld	a0, 8(s0)
	bne	a0, s1, fail

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
bytes:	.byte	0x80, 0x7f, 0xff, 0x01, 0, 0, 0, 0
halfs:	.half	0x8001, 0x7ffe, 0, 0
words:	.word	0x80000001, 0x7ffffffe
dwords:	.dword	0x8000000000000001
buf:	.zero	32

	.bss
	.p2align 4
stack:	.zero	256
stack_top:
