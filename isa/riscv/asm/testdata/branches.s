# Branch and jump relaxation without linker relaxation: compressed when
# in reach, the 4-byte form otherwise, and an inverted branch over a jal
# when the target is beyond the reach of a branch.
	.text
	.globl _start
_start:
	beqz a0, near
	bnez s1, near
	beq a0, zero, near
	bne a5, zero, near
	beqz t0, near
	beq a0, a1, near
	blt a0, a1, near
	j near
	jal near
	jal zero, near
near:
	beqz a0, mid
	bnez a0, mid
	bge a0, a1, mid
	j mid
	beqz a0, far
	bnez a0, far
	bltu a0, a1, far
	bgeu t0, t1, far
	j far
	.zero 300
mid:
	nop
	.zero 3000
	j _start
	beqz a0, _start
	.zero 2000
	beqz a0, _start
	j _start
	.zero 4000
far:
	ret
	bnez a0, other
	j other
	beqz a0, far+2
	.section .text.other, "ax"
other:
	ret
