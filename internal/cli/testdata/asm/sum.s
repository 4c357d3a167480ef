# sum.s: adds 1..100, prints "sum(1..100) = 5050" on the UART and exits
# through the test finisher. The end-to-end screen test stops at "total",
# where a0 holds the sum.
	.equ	UART, 0x10000000
	.equ	FINISHER, 0x100000

	.text
	.globl	_start
_start:
	li	sp, 0x80100000
	li	a0, 0		# sum
	li	t1, 1		# i
	li	t2, 100
loop:
	add	a0, a0, t1
	addi	t1, t1, 1
	ble	t1, t2, loop
	.globl	total
total:
	mv	s0, a0
	la	a0, msg
	call	puts
	mv	a0, s0
	call	putdec
	li	a0, 10
	call	putc
	li	t0, FINISHER
	li	t1, 0x5555
	sw	t1, 0(t0)
1:	j	1b

# putc writes the byte in a0 to the UART.
putc:
	li	t0, UART
	sb	a0, 0(t0)
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
msg:	.asciz	"sum(1..100) = "
