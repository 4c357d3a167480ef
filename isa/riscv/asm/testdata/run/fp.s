# fp.s: the F and D extensions: loads and stores (also to a symbol, and
# compressed), moves between register files, arithmetic with static and
# dynamic rounding modes, fused multiply-add, conversions, comparisons,
# sign injection pseudo-instructions, fclass, the fcsr pseudo-instructions
# and .float/.double data. Values are compared as IEEE 754 bit patterns.
	.equ	FS_INITIAL, 0x2000
	.equ	FINISHER, 0x100000
	.equ	PASS, 0x5555
	.equ	FAIL, 0x3333
	.equ	TRAPBASE, 240

	.text
	.globl	_start
_start:
	la	t0, trap
	csrw	mtvec, t0
	li	t0, FS_INITIAL	# FP instructions trap while mstatus.FS is off
	csrs	mstatus, t0
	fscsr	zero

	li	gp, 1		# fmv.w.x / fmv.x.w (sign-extends) / fmv.d.x / fmv.x.d
	li	a0, 0xbf400000
	fmv.w.x	fa0, a0
	fmv.x.w	a1, fa0
	li	t0, 0xffffffffbf400000
	bne	a1, t0, fail
	li	a0, 0xc004000000000000
	fmv.d.x	fa1, a0
	fmv.x.d	a1, fa1
	bne	a1, a0, fail

	li	gp, 2		# .float and .double through flw and fld
	la	s0, consts
	flw	fa0, 0(s0)
	fmv.x.w	a0, fa0
	li	t0, 0x3fc00000
	bne	a0, t0, fail
	fld	fa1, 8(s0)
	fmv.x.d	a0, fa1
	li	t0, 0xc004000000000000
	bne	a0, t0, fail

	li	gp, 3		# fsw and fsd, and load/store to a symbol
	la	s1, buf
	fsw	fa0, 0(s1)
	lwu	a0, 0(s1)
	li	t0, 0x3fc00000
	bne	a0, t0, fail
	fsd	fa1, 8(s1)
	ld	a0, 8(s1)
	li	t0, 0xc004000000000000
	bne	a0, t0, fail
	flw	ft0, buf, t1
	feq.s	a0, ft0, fa0
	beqz	a0, fail
	fsd	fa0, buf + 16, t1
	fld	ft1, buf + 16, t1
	fmv.x.d	a0, ft1
	fmv.x.d	a1, fa0
	bne	a0, a1, fail

	li	gp, 4		# single-precision arithmetic
	flw	fs0, 0(s0)	# 1.5
	flw	fs1, 4(s0)	# 2.25
	fadd.s	fa0, fs0, fs1
	fmv.x.w	a0, fa0
	li	t0, 0x40700000	# 3.75
	bne	a0, t0, fail
	fsub.s	fa0, fs0, fs1
	fmv.x.w	a0, fa0
	li	t0, 0xffffffffbf400000	# -0.75
	bne	a0, t0, fail
	fmul.s	fa0, fs0, fs1
	fmv.x.w	a0, fa0
	li	t0, 0x40580000	# 3.375
	bne	a0, t0, fail

	li	gp, 5		# a static rounding mode: 1.5/2.25 = 2/3
	fdiv.s	fa0, fs0, fs1	# dyn (round to nearest)
	fmv.x.w	a0, fa0
	li	t0, 0x3f2aaaab
	bne	a0, t0, fail
	fdiv.s	fa0, fs0, fs1, rtz
	fmv.x.w	a0, fa0
	li	t0, 0x3f2aaaaa
	bne	a0, t0, fail

	li	gp, 6		# double-precision arithmetic
	fld	fs2, 16(s0)	# 1.5
	fld	fs3, 24(s0)	# 2.25
	fmul.d	fa0, fs2, fs3
	fmv.x.d	a0, fa0
	li	t0, 0x400b000000000000	# 3.375
	bne	a0, t0, fail
	fdiv.d	fa0, fs2, fs3
	fmv.x.d	a0, fa0
	li	t0, 0x3fe5555555555555	# 2/3
	bne	a0, t0, fail
	fsqrt.d	fa0, fs3
	feq.d	a0, fa0, fs2
	beqz	a0, fail
	fsub.d	fa0, fs3, fs2
	fadd.d	fa0, fa0, fa0
	feq.d	a0, fa0, fs2
	beqz	a0, fail

	li	gp, 7		# fused multiply-add: 1.5 * 2.25 + 1 = 4.375
	li	a0, 0x3ff0000000000000
	fmv.d.x	fs4, a0
	fmadd.d	fa0, fs2, fs3, fs4
	fmv.x.d	a0, fa0
	li	t0, 0x4011800000000000
	bne	a0, t0, fail
	fnmsub.d fa0, fs2, fs3, fs4	# -(1.5 * 2.25) + 1 = -2.375
	fmsub.d	fa1, fs2, fs3, fs4	# 1.5 * 2.25 - 1 = 2.375
	fneg.d	fa1, fa1
	feq.d	a0, fa0, fa1
	beqz	a0, fail

	li	gp, 8		# fcvt.w.s of -2.5 under each rounding mode
	flw	fa0, 32(s0)	# -2.5
	fcvt.w.s a0, fa0, rtz
	li	t0, -2
	bne	a0, t0, fail
	fcvt.w.s a0, fa0, rne
	bne	a0, t0, fail
	fcvt.w.s a0, fa0, rup
	bne	a0, t0, fail
	fcvt.w.s a0, fa0, rdn
	li	t0, -3
	bne	a0, t0, fail
	fcvt.w.s a0, fa0, rmm
	bne	a0, t0, fail

	li	gp, 9		# integer <-> double, double <-> single
	li	a0, -7
	fcvt.d.l fa0, a0
	fmv.x.d	a1, fa0
	li	t0, 0xc01c000000000000
	bne	a1, t0, fail
	fcvt.l.d a1, fa0
	bne	a1, a0, fail
	fcvt.d.s fa1, fs0
	feq.d	a0, fa1, fs2
	beqz	a0, fail
	fld	fa2, 40(s0)	# 0.1
	fcvt.s.d fa3, fa2
	fmv.x.w	a0, fa3
	li	t0, 0x3dcccccd
	bne	a0, t0, fail
	li	a0, 3
	fcvt.s.wu fa0, a0
	fcvt.wu.s a1, fa0
	bne	a1, a0, fail

	li	gp, 10		# comparisons, fmin and fmax
	flt.s	a0, fs0, fs1
	beqz	a0, fail
	flt.s	a0, fs1, fs0
	bnez	a0, fail
	fle.d	a0, fs2, fs2
	beqz	a0, fail
	fmin.d	fa0, fs2, fs3
	feq.d	a0, fa0, fs2
	beqz	a0, fail
	fmax.s	fa0, fs0, fs1
	feq.s	a0, fa0, fs1
	beqz	a0, fail

	li	gp, 11		# sign injection: fneg, fabs, fmv
	fneg.d	fa0, fs2
	fmv.x.d	a0, fa0
	li	t0, 0xbff8000000000000
	bne	a0, t0, fail
	fabs.d	fa1, fa0
	feq.d	a0, fa1, fs2
	beqz	a0, fail
	li	a0, 0xbf400000
	fmv.w.x	fa0, a0
	fabs.s	fa0, fa0
	fmv.x.w	a0, fa0
	li	t0, 0x3f400000
	bne	a0, t0, fail
	fmv.s	fa1, fa0
	fsgnjn.s fa1, fa1, fa1
	fmv.x.w	a0, fa1
	li	t0, 0xffffffffbf400000
	bne	a0, t0, fail
	fmv.d	fa2, fs3
	fsgnjx.d fa2, fa2, fa0	# fa0 is not a double: NaN-boxed, sign bit 1
	feq.d	a0, fa2, fs3
	bnez	a0, fail

	li	gp, 12		# fclass: positive and negative normal numbers
	fclass.d a0, fs2
	li	t0, 1 << 6
	bne	a0, t0, fail
	fneg.s	fa0, fs0
	fclass.s a0, fa0
	li	t0, 1 << 1
	bne	a0, t0, fail

	li	gp, 13		# fcsr: flags set by a division by zero
	fsflags	zero
	fmv.d.x	fa1, zero
	fdiv.d	fa0, fs2, fa1
	frflags	a0
	li	t0, 0x8		# DZ
	bne	a0, t0, fail
	fsflagsi 0
	frcsr	a0
	bnez	a0, fail

	li	gp, 14		# fcsr: the dynamic rounding mode
	fsrmi	1		# RTZ
	fdiv.s	fa0, fs0, fs1
	fmv.x.w	a0, fa0
	li	t0, 0x3f2aaaaa
	bne	a0, t0, fail
	frrm	a0
	li	t0, 1
	bne	a0, t0, fail
	fsrm	zero
	fdiv.s	fa0, fs0, fs1
	fmv.x.w	a0, fa0
	li	t0, 0x3f2aaaab
	bne	a0, t0, fail

	li	gp, 15		# compressed FP loads and stores
	la	sp, stack_top
	addi	sp, sp, -16
	c.fsdsp	fs2, 8(sp)
	c.fldsp	fa0, 8(sp)
	feq.d	a0, fa0, fs2
	beqz	a0, fail
	la	s1, buf
	fmv.d	fa1, fs3
	c.fsd	fa1, 8(s1)
	c.fld	fa2, 8(s1)
	feq.d	a0, fa2, fs3
	beqz	a0, fail
	addi	sp, sp, 16

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

	.section .rodata
	.p2align 3
consts:	.float	1.5, 2.25
	.double	-2.5
	.double	1.5, 2.25
	.float	-2.5
	.p2align 3
	.double	0.1

	.data
	.p2align 3
buf:	.zero	24

	.bss
	.p2align 4
stack:	.zero	64
stack_top:
