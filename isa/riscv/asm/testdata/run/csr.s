# csr.s: Zicsr and Zifencei, counters and traps: every csrr* form and CSR
# pseudo-instruction, CSRs by name and by number, the counter reads
# (rdcycle, rdinstret, rdtime against the CLINT's mtime), ecall, ebreak and
# illegal instructions with mcause and mepc, mret (to M and to U), every
# fence form, fence.i after the program rewrites one of its own
# instructions, and wfi woken by a pending timer interrupt.
	.equ	MTIME, 0x0200bff8
	.equ	MTIMECMP, 0x02004000
	.equ	MTIP, 0x80
	.equ	MPP, 0x1800
	.equ	MPIE, 0x80
	.equ	MIE, 0x8
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
	csrw	mie, zero

	li	gp, 1		# csrrw returns the old value
	li	a1, 0x1234
	csrrw	zero, mscratch, a1
	li	a2, 0x5678
	csrrw	a0, mscratch, a2
	bne	a0, a1, fail
	csrr	a0, mscratch
	bne	a0, a2, fail

	li	gp, 2		# csrrs and csrrc set and clear bits
	li	a1, 0xf00
	csrrs	a0, mscratch, a1
	bne	a0, a2, fail
	csrr	a0, mscratch
	li	t0, 0x5f78
	bne	a0, t0, fail
	li	a1, 0x5070
	csrrc	a0, mscratch, a1
	li	t0, 0x5f78
	bne	a0, t0, fail
	csrr	a0, mscratch
	li	t0, 0x0f08
	bne	a0, t0, fail

	li	gp, 3		# csrrwi, csrrsi, csrrci (5-bit immediates)
	csrrwi	a0, mscratch, 31
	li	t0, 0x0f08
	bne	a0, t0, fail
	csrrci	a0, mscratch, 5
	li	t0, 31
	bne	a0, t0, fail
	csrrsi	a0, mscratch, 0
	li	t0, 26
	bne	a0, t0, fail

	li	gp, 4		# csrw, csrs, csrc
	li	a1, -1
	csrw	mscratch, a1
	li	a2, 0xff
	csrc	mscratch, a2
	li	a3, 0x3
	csrs	mscratch, a3
	csrr	a0, mscratch
	li	t0, 0xffffffffffffff03
	bne	a0, t0, fail

	li	gp, 5		# csrwi, csrsi, csrci
	csrwi	mscratch, 16
	csrsi	mscratch, 3
	csrci	mscratch, 17
	csrr	a0, mscratch
	li	t0, 2
	bne	a0, t0, fail

	li	gp, 6		# a CSR by number: 0x340 is mscratch
	li	a1, 0x777
	csrw	0x340, a1
	csrr	a0, mscratch
	bne	a0, a1, fail
	csrrw	a0, 0x340, zero
	bne	a0, a1, fail

	li	gp, 7		# mhartid is 0; misa says RV64 with I, M, A, C
	csrr	a0, mhartid
	bnez	a0, fail
	csrr	a0, misa
	srli	a1, a0, 62
	li	t0, 2
	bne	a1, t0, fail
	li	t0, (1 << ('I' - 'A')) | (1 << ('M' - 'A')) | (1 << ('A' - 'A')) | (1 << ('C' - 'A'))
	and	a1, a0, t0
	bne	a1, t0, fail

	li	gp, 8		# instret and cycle count up
	rdinstret a0
	nop
	nop
	rdinstret a1
	bleu	a1, a0, fail
	csrr	a2, instret
	bleu	a2, a1, fail
	csrr	a3, minstret
	bleu	a3, a2, fail
	rdcycle	a0
	csrr	a1, cycle
	bltu	a1, a0, fail
	csrr	a2, mcycle
	bltu	a2, a1, fail

	li	gp, 9		# rdtime never runs ahead of the CLINT's mtime
	rdtime	a0
	lui	t0, %hi(MTIME)
	ld	a1, %lo(MTIME)(t0)
	bltu	a1, a0, fail
	csrr	a2, time
	bltu	a2, a0, fail

	la	t0, rec		# from here on traps are expected
	csrw	mtvec, t0

	li	gp, 10		# ecall from M: mcause 11, mepc at the ecall
	li	s8, -1
.Lecall:
	ecall
	li	t0, 11
	bne	s8, t0, fail
	la	t0, .Lecall
	bne	s9, t0, fail

	li	gp, 11		# ebreak (compressed here): mcause 3
	li	s8, -1
.Lebreak:
	ebreak
	li	t0, 3
	bne	s8, t0, fail
	la	t0, .Lebreak
	bne	s9, t0, fail
	li	s8, -1
.Lcebreak:
	c.ebreak
	li	t0, 3
	bne	s8, t0, fail
	la	t0, .Lcebreak
	bne	s9, t0, fail
	li	s8, -1
	.option	push
	.option	norvc
.Lebreak4:
	ebreak			# the 4-byte form
	.option	pop
	li	t0, 3
	bne	s8, t0, fail
	la	t0, .Lebreak4
	bne	s9, t0, fail

	li	gp, 12		# illegal instructions: mcause 2
	li	s8, -1
.Lill:	unimp
	li	t0, 2
	bne	s8, t0, fail
	la	t0, .Lill
	bne	s9, t0, fail
	li	s8, -1
.Lro:	csrw	mhartid, a0	# mhartid is read-only
	li	t0, 2
	bne	s8, t0, fail
	la	t0, .Lro
	bne	s9, t0, fail

	li	gp, 13		# mret to M: jumps to mepc, MIE = MPIE
	li	t0, MPP | MPIE
	csrs	mstatus, t0
	la	t0, 1f
	csrw	mepc, t0
	mret
	j	fail
1:	csrr	a0, mstatus
	andi	a1, a0, MIE
	beqz	a1, fail
	csrci	mstatus, MIE

	li	gp, 14		# mret to U, where ecall gives mcause 8
	li	t0, -1
	csrw	pmpaddr0, t0
	li	t0, 0x1f	# NAPOT, RWX: U may use all of memory
	csrw	pmpcfg0, t0
	li	t0, MPP
	csrc	mstatus, t0
	la	t0, 1f
	csrw	mepc, t0
	li	s8, -1
	mret
	j	fail
1:	ecall			# in U mode; rec returns to M
	li	t0, 8
	bne	s8, t0, fail
	csrr	a0, mstatus	# back in M: this read must not trap
	li	t0, 8
	bne	s8, t0, fail

	li	gp, 15		# fences do not trap
	li	s8, -1
	fence
	fence	rw, rw
	fence	iorw, iorw
	fence	r, rw
	fence	w, r
	fence	i, o
	fence.tso
	fence.i
	li	t0, -1
	bne	s8, t0, fail

	li	gp, 16		# fence.i makes a rewritten instruction visible
	call	patchme
	li	t0, 1
	bne	a0, t0, fail
	la	a1, patchme
	li	a2, 0x02a00513	# addi a0, zero, 42
	sw	a2, 0(a1)
	fence.i
	call	patchme
	li	t0, 42
	bne	a0, t0, fail

	li	gp, 17		# wfi returns once a timer interrupt is pending,
	csrci	mstatus, MIE	# even with interrupts disabled in mstatus
	lui	t0, %hi(MTIME)
	ld	a0, %lo(MTIME)(t0)
	addi	a0, a0, 100
	lui	t1, %hi(MTIMECMP)
	sd	a0, %lo(MTIMECMP)(t1)
	li	t2, MTIP
	csrs	mie, t2
	li	s8, -1
1:	wfi
	csrr	a1, mip
	and	a1, a1, t2
	beqz	a1, 1b
	li	t0, -1
	bne	s8, t0, fail	# pending, but not taken
	csrc	mie, t2

	la	t0, trap
	csrw	mtvec, t0
	j	pass

	.p2align 2
	.option	push
	.option	norvc
patchme:
	addi	a0, zero, 1
	ret
	.option	pop

# rec records a trap in s8 (mcause), s9 (mepc) and s10 (mtval), and
# returns to M mode after the trapping instruction, whose length it reads
# from the instruction's low bits.
	.p2align 2
rec:
	csrr	s8, mcause
	csrr	s9, mepc
	csrr	s10, mtval
	lhu	t5, 0(s9)
	andi	t5, t5, 3
	addi	t5, t5, -3
	addi	t6, s9, 4
	beqz	t5, 1f
	addi	t6, s9, 2
1:	csrw	mepc, t6
	li	t5, MPP
	csrs	mstatus, t5
	mret

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
stack:	.zero	256
stack_top:
