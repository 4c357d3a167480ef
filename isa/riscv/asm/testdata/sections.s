# Input sections named in an order that differs from the link order. GNU
# as creates .text, .data and .bss before reading the source, and ld keeps
# an object's section order inside one output section, so .data comes
# before a .sdata written first, .bss before .sbss, .text before .text.init.
	.section .text.init, "ax"
	.globl _start
_start:	j main
	.section .sdata, "aw"
x:	.byte 1
	.section .sbss, "aw", @nobits
sb:	.zero 3
	.section .srodata, "a"
sr:	.word 7
	.data
	.align 3
y:	.dword 2
	.section .rodata
r:	.half 5
	.bss
	.align 4
b:	.zero 16
	.text
main:	la a0, x
	la a1, y
	la a2, sb
	la a3, b
	la a4, sr
	la a5, r
	ret
