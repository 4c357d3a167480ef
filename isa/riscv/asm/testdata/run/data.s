# data.s: the directives. Sections (.text, .data, .bss, .section with
# flags, .rodata/.sdata/.sbss-style names, a section continued after a
# switch), .globl, alignment (.align, .p2align, .balign with a fill, in
# code and data), every data directive (.byte .half .short .2byte .word
# .long .4byte .dword .quad .8byte .ascii .asciz .string .zero .space
# .skip .fill) and symbols (.equ, .set, redefinition, NAME = EXPR). The
# block "blk" is checked byte for byte at run time: its length and FNV-1a
# checksum are literals computed by datasum/main.go from the meaning of
# each directive, not by an assembler.
	.equ	BLK_LEN, 120
	.equ	BLK_FNV, 0xb8ca2fea8afd0e47
	.equ	FNV_OFFSET, 0xcbf29ce484222325
	.equ	FNV_PRIME, 0x100000001b3

	.equ	COUNT, 5
	.set	MASK, (1 << COUNT) - 1
	MASK2 = MASK * 2
	.globl	blk, counter
	.equ	FINISHER, 0x100000
	.equ	PASS, 0x5555
	.equ	FAIL, 0x3333
	.equ	TRAPBASE, 240

	.text
	.globl	_start
_start:
	la	t0, trap
	csrw	mtvec, t0

	li	gp, 1		# the block's length
	la	a0, blk
	la	a1, blk_end
	sub	a2, a1, a0
	li	t0, BLK_LEN
	bne	a2, t0, fail
	ld	a3, -8(a1)	# it also holds its own length
	bne	a3, t0, fail

	li	gp, 2		# the block's FNV-1a checksum
	li	a2, FNV_OFFSET
	li	a3, FNV_PRIME
1:	lbu	t0, 0(a0)
	xor	a2, a2, t0
	mul	a2, a2, a3
	addi	a0, a0, 1
	bltu	a0, a1, 1b
	li	t0, BLK_FNV
	bne	a2, t0, fail

	li	gp, 3		# some of its values, loaded one by one
	la	a0, blk
	lb	a1, 3(a0)	# .byte -1
	li	t0, -1
	bne	a1, t0, fail
	lh	a1, 8(a0)	# .half -2 (after .p2align 1 at offset 5)
	li	t0, -2
	bne	a1, t0, fail
	lw	a1, 20(a0)	# .word COUNT (after .align 2 at offset 14)
	li	t0, COUNT
	bne	a1, t0, fail
	ld	a1, 40(a0)	# .dword -2
	li	t0, -2
	bne	a1, t0, fail
	la	a1, str
	lbu	a2, 0(a1)	# .ascii "abc", "de\n": 'a' then ... '\n'
	li	t0, 'a'
	bne	a2, t0, fail
	lbu	a2, 5(a1)
	li	t0, '\n'
	bne	a2, t0, fail

	li	gp, 4		# .equ, .set and = give the values written
	li	a0, COUNT
	li	t0, 5
	bne	a0, t0, fail
	li	a0, MASK
	li	t0, 31
	bne	a0, t0, fail
	li	a0, MASK2
	li	t0, 62
	bne	a0, t0, fail
	addi	a0, zero, MASK & ~3
	li	t0, 28
	bne	a0, t0, fail

	li	gp, 5		# .set may redefine a symbol; uses see the value so far
	.set	V, 1
	li	a0, V
	.set	V, V + 10
	li	a1, V
	li	t0, 1
	bne	a0, t0, fail
	li	t0, 11
	bne	a1, t0, fail

	li	gp, 6		# alignment in code pads with nops that run
	li	a0, 0
	addi	a0, a0, 1
	.p2align 4
.La16:	addi	a0, a0, 1
	.balign	8
.La8:	addi	a0, a0, 1
	.align	5
.La32:	addi	a0, a0, 1
	li	t0, 4
	bne	a0, t0, fail
	la	t0, .La16
	andi	t0, t0, 15
	bnez	t0, fail
	la	t0, .La8
	andi	t0, t0, 7
	bnez	t0, fail
	la	t0, .La32
	andi	t0, t0, 31
	bnez	t0, fail

	li	gp, 7		# data alignment
	la	t0, aligned64
	andi	t0, t0, 63
	bnez	t0, fail
	la	t0, aligned8
	andi	t0, t0, 7
	bnez	t0, fail
	la	t0, bigbuf
	andi	t0, t0, 63
	bnez	t0, fail

	li	gp, 8		# sections are laid out text, rodata, data, bss
	la	a0, _start
	la	a1, blk
	la	a2, counter
	la	a3, bigbuf
	li	t0, 0x80000000
	bne	a0, t0, fail
	bgeu	a0, a1, fail
	bgeu	a1, a2, fail
	bgeu	a2, a3, fail
	la	a4, tables	# .section .rodata.tables joins .rodata
	bgeu	a4, a2, fail
	la	a4, extra	# .section .data.extra, "aw" joins .data
	bgeu	a4, a3, fail
	bltu	a4, a2, fail

	li	gp, 9		# .data continued after a switch to .text
	la	a0, counter
	lw	a1, 0(a0)
	li	t0, 0x11111111
	bne	a1, t0, fail
	lw	a1, 4(a0)
	li	t0, 0x22222222
	bne	a1, t0, fail

	li	gp, 10		# .data is writable
	li	t0, 99
	sw	t0, 0(a0)
	lw	a1, 0(a0)
	bne	a1, t0, fail

	li	gp, 11		# .dword of addresses hold the linked addresses
	la	a0, ptrs
	ld	a1, 0(a0)
	la	t0, blk
	bne	a1, t0, fail
	ld	a1, 8(a0)
	la	t0, blk_end
	bne	a1, t0, fail
	ld	a1, 16(a0)
	la	t0, counter + 4
	bne	a1, t0, fail
	ld	a1, 24(a0)
	la	t0, _start
	bne	a1, t0, fail
	lw	a1, 32(a0)	# .word of a difference
	li	t0, BLK_LEN
	bne	a1, t0, fail

	li	gp, 12		# .bss and .sbss are zero and writable
	la	a0, bigbuf
	la	a1, bss_end
	li	a2, 0
1:	ld	t0, 0(a0)
	or	a2, a2, t0
	addi	a0, a0, 8
	bltu	a0, a1, 1b
	bnez	a2, fail
	la	a0, small
	ld	a1, 0(a0)
	bnez	a1, fail
	sd	a0, 0(a0)
	ld	a1, 0(a0)
	bne	a1, a0, fail
	la	a0, bss_end	# .space then .zero reserved 128 bytes in all
	la	a1, bigbuf
	sub	a0, a0, a1
	li	t0, 128
	bne	a0, t0, fail

	li	gp, 13		# code in another text section
	call	helper
	li	t0, 0x600d
	bne	a0, t0, fail

	li	gp, 14		# the lookup table of .half
	la	a0, tables
	lhu	a1, 6(a0)
	li	t0, 0xfff0
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

	.section .text.helpers, "ax", @progbits
helper:
	li	a0, 0x600d
	ret

	.section .rodata
	.p2align 3
blk:
	.byte	1, 2, 0x80, -1, 'A'
	.p2align 1
	.half	0x1234, -2
	.short	7
	.2byte	8
	.align	2
	.word	0xdeadbeef, COUNT
	.long	1
	.4byte	2
	.p2align 3
	.dword	0x0123456789abcdef, -2
	.8byte	3
	.quad	-1
str:	.ascii	"abc", "de\n"
	.asciz	"nul\t\"q\"\\"
	.string	"s\101\x42"
	.zero	3
	.space	2, 0x7f
	.skip	1
	.balign	8, 0xee
	.fill	2, 4, 0x11223344
	.word	MASK, MASK2
	.balign	16
	.dword	blk_end - blk
blk_end:

	.section .rodata.tables, "a"
	.p2align 1
tables:	.half	0, 0x10, 0xff, 0xfff0

	.data
	.p2align 2
counter:
	.word	0x11111111
	.text
	nop			# never runs: after the finisher loop
	.data
	.word	0x22222222
	.p2align 6
aligned64:
	.byte	0x64
	.p2align 3
aligned8:
	.byte	8

	.section .data.extra, "aw", @progbits
	.p2align 3
extra:
ptrs:	.dword	blk, blk_end, counter + 4, _start
	.word	blk_end - blk

	.bss
	.p2align 6
bigbuf:	.space	100
	.zero	28
bss_end:
	.section .sbss, "aw", @nobits
	.p2align 3
small:	.skip	8
