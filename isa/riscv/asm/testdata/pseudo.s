# The standard pseudo-instructions.
	.text
	.globl _start
_start:
	nop
	mv a0, a1
	mv t0, sp
	move a2, a3
	not a0, a1
	neg a0, a1
	negw a0, a1
	sext.w a0, a0
	sext.w a0, a1
	seqz a0, a1
	snez a0, a1
	sltz a0, a1
	sgtz a0, a1
	sgt a0, a1, a2
	sgtu a0, a1, a2
	zext.b a0, a1
	zext.b s0, s0
	zext.h a0, a1
	zext.h a0, a0
	zext.w t0, t1
	zext.w t0, t0
	sext.b a0, a1
	sext.b s1, s1
	sext.h a5, a5
	sext.h t2, a3
	li a0, 0
	li a0, 42
	li t0, -1
	li zero, 5
	li a0, 2047
	li a0, -2048
	li a0, 4096
	li s1, -4096
	j 1f
	jal 1f
	jr a0
	jr t0
	jalr a1
	jr 0(t0)
	jr (t0)
	jr 4(a0)
	jalr 0(a2)
	jalr 8(a1)
	ret
1:	call func
	call t0, func
	tail func
	beqz a0, 1b
	bnez a0, 1b
	beqz t0, 1b
	blez a0, 1b
	bgez a0, 1b
	bltz a0, 1b
	bgtz a0, 1b
	bgt a0, a1, 1b
	ble a0, a1, 1b
	bgtu a0, a1, 1b
	bleu a0, a1, 1b
	csrr a0, mstatus
	csrw mtvec, a0
	csrs mie, a1
	csrc mip, a2
	csrwi mscratch, 5
	csrsi mstatus, 8
	csrci mstatus, 31
	rdcycle a0
	rdtime a1
	rdinstret a2
	fence
	fence.i
	la a0, msg
	lla a1, msg
	jump func, t1
	unimp
func:
	ret
	.section .rodata
msg:	.asciz "hello"
