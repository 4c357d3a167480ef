# fact.s: computes 12! with a recursive function (saving ra and s0 on the
# stack), prints "12! = 479001600" on the UART and exits through the test
# finisher: pass when the result is right, fail with code 1 otherwise.
	.equ	UART, 0x10000000
	.equ	FINISHER, 0x100000

	.text
	.globl	_start
_start:
	la	sp, stack_top
	li	a0, 12
	call	fact
	mv	s1, a0
	la	a0, msg
	call	puts
	mv	a0, s1
	call	putdec
	li	t0, UART
	li	t1, 10
	sb	t1, 0(t0)
	li	t0, FINISHER
	li	t1, 479001600
	li	t2, 0x5555
	beq	s1, t1, 1f
	li	t2, (1 << 16) | 0x3333
1:	sw	t2, 0(t0)
2:	j	2b

# fact returns a0! (a0 >= 0), recursively.
	.globl	fact
fact:
	addi	sp, sp, -16
	sd	ra, 8(sp)
	sd	s0, 0(sp)
	mv	s0, a0
	li	a0, 1
	beqz	s0, 1f
	addi	a0, s0, -1
	call	fact
	mul	a0, a0, s0
1:	ld	ra, 8(sp)
	ld	s0, 0(sp)
	addi	sp, sp, 16
	ret

# puts writes the NUL-terminated string at a0 to the UART.
puts:
	li	t0, UART
1:	lbu	t1, 0(a0)
	beqz	t1, 2f
	sb	t1, 0(t0)
	addi	a0, a0, 1
	j	1b
2:	ret

# putdec writes a0 in decimal to the UART.
putdec:
	addi	sp, sp, -32
	addi	t0, sp, 31
	sb	zero, 0(t0)
	li	t1, 10
1:	remu	t2, a0, t1
	addi	t2, t2, 48
	addi	t0, t0, -1
	sb	t2, 0(t0)
	divu	a0, a0, t1
	bnez	a0, 1b
	li	t3, UART
2:	lbu	t2, 0(t0)
	beqz	t2, 3f
	sb	t2, 0(t3)
	addi	t0, t0, 1
	j	2b
3:	addi	sp, sp, 32
	ret

	.section .rodata
msg:	.asciz	"12! = "

	.bss
	.p2align 4
stack:	.zero	4096
stack_top:
