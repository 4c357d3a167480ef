/* Spike HTIF: prints through the console device, then exits with code 7
 * by a 32-bit store of (7 << 1) | 1 to tohost, as riscv-tests do. */
	.section .text.init
	.globl _start
_start:
	la a1, msg
1:	lbu a0, 0(a1)
	beqz a0, 2f
	li t0, 0x0101000000000000   /* device 1 (console), command 1 (putchar) */
	or t0, t0, a0
	la t1, tohost
	sd t0, 0(t1)
3:	ld t2, 0(t1)                /* the host consumed it: tohost is 0 again */
	bnez t2, 3b
	la t3, fromhost
	sd zero, 0(t3)
	addi a1, a1, 1
	j 1b
2:	li t0, (7 << 1) | 1
	la t1, tohost
	sw t0, 0(t1)
	sw zero, 4(t1)
4:	j 4b

	.section .rodata
msg:	.asciz "htif says hi\n"

	.section .tohost, "aw", @progbits
	.align 6
	.globl tohost
tohost:	.dword 0
	.align 6
	.globl fromhost
fromhost: .dword 0
