# wait.s: spins until the word "go" becomes non-zero (a debugger writes
# it), then prints "released" on the UART and exits through the test
# finisher. The test of `vmcore run --gdb` attaches, writes go, detaches.
	.equ	UART, 0x10000000
	.equ	FINISHER, 0x100000

	.text
	.globl	_start
_start:
	la	t0, go
1:	lw	t1, 0(t0)
	beqz	t1, 1b
	la	a0, msg
	li	t0, UART
2:	lbu	t1, 0(a0)
	beqz	t1, 3f
	sb	t1, 0(t0)
	addi	a0, a0, 1
	j	2b
3:	li	t0, FINISHER
	li	t1, 0x5555
	sw	t1, 0(t0)
4:	j	4b

	.section .rodata
msg:	.asciz	"released\n"

	.data
	.globl	go
	.p2align 2
go:	.word	0
