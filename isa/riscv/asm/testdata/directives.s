# Data directives, sections, alignment, symbols and expressions.
	.file "directives.s"
	.ident "vmcore test"
	.equ COUNT, 3
	.equ SYMC, 0x12345ffc
	.set MASK, (1 << 4) - 1
	WIDTH = COUNT * 8
	.text
	.globl _start
	.type _start, @function
_start:
	li a0, COUNT
	li a1, MASK & ~3
	li a2, WIDTH
	addi a3, a3, (2 + 3) * 4 - 1
	addi a4, a4, 'a'
	addi a5, a5, '\n'
	addi a0, a0, -(1 << 5) / 2
	addi a0, a0, 100 % 7
	addi a0, a0, 0x10 >> 2
	addi a0, a0, 6 ^ 3 | 8
	li a0, 017
	li a0, 0b1011
	lui a0, %hi(SYMC)
	addi a0, a0, %lo(SYMC)
	lw a1, %lo(SYMC)(a0)
	sw a1, %lo(SYMC+4)(a0)
	.byte 1, 2
	.align 2
	nop
	.p2align 3
	ret
	.balign 16
	.size _start, . - _start
	.section .rodata
	.align 3
table:
	.byte 1, 2, 3, -1, 255, 'x'
	.half 0x1234, -2
	.short 7
	.2byte 8
	.word 0xdeadbeef, table, _start
	.long 1
	.4byte 2
	.dword 0x123456789abcdef0, table + 8, end - table
	.quad -1
	.8byte 3
	.ascii "abc", "de\n"
	.asciz "nul\t\"q\"\\"
	.string "s\101\x42"
	.zero 3
	.space 2, 0x7f
	.skip 1
	.fill 2, 4, 0x11223344
	.balign 8, 0xee
	.float 1.5
	.double -2.25
end:
	.data
	.p2align 2
counter: .word COUNT
	.byte 9
	.balign 4
	.word counter
	.section .data.more, "aw"
more:	.dword more
	.bss
	.align 4
buf:	.zero 64
	.space 8
	.section .sbss, "aw", @nobits
small:	.skip 3
	.text
	.option push
	.option norvc
	addi a0, a0, 1
	.option pop
	addi a0, a0, 1
	.option norelax
	.option relax
	.local localsym
localsym:
	j localsym
