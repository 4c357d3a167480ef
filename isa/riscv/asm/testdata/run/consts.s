# consts.s: li of small, large, negative and 64-bit constants (every shape
# of GNU's load_const expansion), checked by value against a table of the
# same constants written in decimal with .dword, which the assembler lays
# down without li's expansion.
	.equ	BIG, 0x0123456789abcdef
	.equ	FINISHER, 0x100000
	.equ	PASS, 0x5555
	.equ	FAIL, 0x3333
	.equ	TRAPBASE, 240

	.text
	.globl	_start
_start:
	la	t0, trap
	csrw	mtvec, t0
	la	s0, values

	li	gp, 1
	li	a0, 0
	ld	t1, 0(s0)
	bne	a0, t1, fail

	li	gp, 2
	li	t0, 1
	ld	t1, 8(s0)
	bne	t0, t1, fail

	li	gp, 3
	li	s1, -1
	ld	t1, 16(s0)
	bne	s1, t1, fail

	li	gp, 4
	li	a5, 31
	ld	t1, 24(s0)
	bne	a5, t1, fail

	li	gp, 5
	li	t6, -32
	ld	t1, 32(s0)
	bne	t6, t1, fail

	li	gp, 6
	li	ra, 32
	ld	t1, 40(s0)
	bne	ra, t1, fail

	li	gp, 7
	li	s11, 2047
	ld	t1, 48(s0)
	bne	s11, t1, fail

	li	gp, 8
	li	a0, -2048
	ld	t1, 56(s0)
	bne	a0, t1, fail

	li	gp, 9
	li	a0, 2048
	ld	t1, 64(s0)
	bne	a0, t1, fail

	li	gp, 10
	li	t0, -2049
	ld	t1, 72(s0)
	bne	t0, t1, fail

	li	gp, 11
	li	s1, 4095
	ld	t1, 80(s0)
	bne	s1, t1, fail

	li	gp, 12
	li	a5, 4096
	ld	t1, 88(s0)
	bne	a5, t1, fail

	li	gp, 13
	li	t6, 0x7ff
	ld	t1, 96(s0)
	bne	t6, t1, fail

	li	gp, 14
	li	ra, 0x800
	ld	t1, 104(s0)
	bne	ra, t1, fail

	li	gp, 15
	li	s11, 0xfff
	ld	t1, 112(s0)
	bne	s11, t1, fail

	li	gp, 16
	li	a0, 0x1000
	ld	t1, 120(s0)
	bne	a0, t1, fail

	li	gp, 17
	li	a0, 0x12345
	ld	t1, 128(s0)
	bne	a0, t1, fail

	li	gp, 18
	li	t0, 0x7ffff000
	ld	t1, 136(s0)
	bne	t0, t1, fail

	li	gp, 19
	li	s1, 0x7ffff800
	ld	t1, 144(s0)
	bne	s1, t1, fail

	li	gp, 20
	li	a5, 0x7fffffff
	ld	t1, 152(s0)
	bne	a5, t1, fail

	li	gp, 21
	li	t6, 0x80000000
	ld	t1, 160(s0)
	bne	t6, t1, fail

	li	gp, 22
	li	ra, -0x80000000
	ld	t1, 168(s0)
	bne	ra, t1, fail

	li	gp, 23
	li	s11, -0x80000001
	ld	t1, 176(s0)
	bne	s11, t1, fail

	li	gp, 24
	li	a0, 0xffffffff
	ld	t1, 184(s0)
	bne	a0, t1, fail

	li	gp, 25
	li	a0, 0x100000000
	ld	t1, 192(s0)
	bne	a0, t1, fail

	li	gp, 26
	li	t0, 0x123456789
	ld	t1, 200(s0)
	bne	t0, t1, fail

	li	gp, 27
	li	s1, 0xfffffffff
	ld	t1, 208(s0)
	bne	s1, t1, fail

	li	gp, 28
	li	a5, 0x7fffffffffffffff
	ld	t1, 216(s0)
	bne	a5, t1, fail

	li	gp, 29
	li	t6, 0x8000000000000000
	ld	t1, 224(s0)
	bne	t6, t1, fail

	li	gp, 30
	li	ra, 0xffffffff00000000
	ld	t1, 232(s0)
	bne	ra, t1, fail

	li	gp, 31
	li	s11, 0x123456789abcdef0
	ld	t1, 240(s0)
	bne	s11, t1, fail

	li	gp, 32
	li	a0, 0xfedcba9876543210
	ld	t1, 248(s0)
	bne	a0, t1, fail

	li	gp, 33
	li	a0, 0x0000800000000000
	ld	t1, 256(s0)
	bne	a0, t1, fail

	li	gp, 34
	li	t0, 0x8000000000000fff
	ld	t1, 264(s0)
	bne	t0, t1, fail

	li	gp, 35
	li	s1, 0xaaaaaaaaaaaaaaaa
	ld	t1, 272(s0)
	bne	s1, t1, fail

	li	gp, 36
	li	a5, 0x5555555555555555
	ld	t1, 280(s0)
	bne	a5, t1, fail

	li	gp, 37
	li	t6, 0xffff0000ffff0000
	ld	t1, 288(s0)
	bne	t6, t1, fail

	li	gp, 38
	li	ra, 1 << 62
	ld	t1, 296(s0)
	bne	ra, t1, fail

	li	gp, 39
	li	s11, (1 << 63) - 4096
	ld	t1, 304(s0)
	bne	s11, t1, fail

	li	gp, 40
	li	a0, 0x7ff7ff7ff7ff7ff
	ld	t1, 312(s0)
	bne	a0, t1, fail

	li	gp, 41
	li	a0, -0x123456789abcdef
	ld	t1, 320(s0)
	bne	a0, t1, fail

	li	gp, 42
	li	t0, 0x00000fffffffffff
	ld	t1, 328(s0)
	bne	t0, t1, fail

	li	gp, 43
	li	s1, 0xfffff80000000000
	ld	t1, 336(s0)
	bne	s1, t1, fail

	li	gp, 44
	li	a5, 0x7ffffffffffff800
	ld	t1, 344(s0)
	bne	a5, t1, fail

	li	gp, 45
	li	t6, -0x7ffffffffffff801
	ld	t1, 352(s0)
	bne	t6, t1, fail

	li	gp, 46
	li	ra, (1 << 40) + 3
	ld	t1, 360(s0)
	bne	ra, t1, fail

	li	gp, 47
	li	s11, ~0xff
	ld	t1, 368(s0)
	bne	s11, t1, fail

	li	gp, 48
	li	a0, 0x8000000080000000
	ld	t1, 376(s0)
	bne	a0, t1, fail

	li	gp, 49
	li	a0, BIG
	ld	t1, 384(s0)
	bne	a0, t1, fail

	li	gp, 50
	li	t0, BIG >> 7
	ld	t1, 392(s0)
	bne	t0, t1, fail

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
values:
	.dword	0	# 0
	.dword	1	# 1
	.dword	18446744073709551615	# -1
	.dword	31	# 31
	.dword	18446744073709551584	# -32
	.dword	32	# 32
	.dword	2047	# 2047
	.dword	18446744073709549568	# -2048
	.dword	2048	# 2048
	.dword	18446744073709549567	# -2049
	.dword	4095	# 4095
	.dword	4096	# 4096
	.dword	2047	# 0x7ff
	.dword	2048	# 0x800
	.dword	4095	# 0xfff
	.dword	4096	# 0x1000
	.dword	74565	# 0x12345
	.dword	2147479552	# 0x7ffff000
	.dword	2147481600	# 0x7ffff800
	.dword	2147483647	# 0x7fffffff
	.dword	2147483648	# 0x80000000
	.dword	18446744071562067968	# -0x80000000
	.dword	18446744071562067967	# -0x80000001
	.dword	4294967295	# 0xffffffff
	.dword	4294967296	# 0x100000000
	.dword	4886718345	# 0x123456789
	.dword	68719476735	# 0xfffffffff
	.dword	9223372036854775807	# 0x7fffffffffffffff
	.dword	9223372036854775808	# 0x8000000000000000
	.dword	18446744069414584320	# 0xffffffff00000000
	.dword	1311768467463790320	# 0x123456789abcdef0
	.dword	18364758544493064720	# 0xfedcba9876543210
	.dword	140737488355328	# 0x0000800000000000
	.dword	9223372036854779903	# 0x8000000000000fff
	.dword	12297829382473034410	# 0xaaaaaaaaaaaaaaaa
	.dword	6148914691236517205	# 0x5555555555555555
	.dword	18446462603027742720	# 0xffff0000ffff0000
	.dword	4611686018427387904	# 1 << 62
	.dword	9223372036854771712	# (1 << 63) - 4096
	.dword	576319980446939135	# 0x7ff7ff7ff7ff7ff
	.dword	18364758544493064721	# -0x123456789abcdef
	.dword	17592186044415	# 0x00000fffffffffff
	.dword	18446735277616529408	# 0xfffff80000000000
	.dword	9223372036854773760	# 0x7ffffffffffff800
	.dword	9223372036854777855	# -0x7ffffffffffff801
	.dword	1099511627779	# (1 << 40) + 3
	.dword	18446744073709551360	# ~0xff
	.dword	9223372039002259456	# 0x8000000080000000
	.dword	81985529216486895	# BIG
	.dword	640511947003803	# BIG >> 7
