# hotplug.s: watches virtio-mmio slot 7 (0x10008000) as a driver polling
# for hot-plug would. It waits until a device appears there, prints its
# device id ("device 4" for an rng), waits until it is gone again, prints
# "gone", and exits through the test finisher. The test of vmcore run
# --hotplug-script plugs an rng in and out under it.
	.equ	UART, 0x10000000
	.equ	FINISHER, 0x100000
	.equ	SLOT7, 0x10008000
	.equ	MAGIC, 0x74726976	# "virt"

	.text
	.globl	_start
_start:
	li	s0, SLOT7
	lw	t0, 0(s0)		# MagicValue: the slot is there even when empty
	li	t1, MAGIC
	bne	t0, t1, fail
1:	lw	s1, 8(s0)		# DeviceID: 0 while the slot is empty
	beqz	s1, 1b
	la	a0, found
	call	puts
	addi	a0, s1, '0'
	call	putc
	li	a0, '\n'
	call	putc
2:	lw	t0, 8(s0)
	bnez	t0, 2b
	la	a0, gone
	call	puts
	li	t0, FINISHER
	li	t1, 0x5555
	sw	t1, 0(t0)
3:	j	3b

fail:	li	t0, FINISHER
	li	t1, 0x13333		# code 1: no virtio-mmio slot
	sw	t1, 0(t0)
	j	fail

# putc writes the byte in a0 to the UART.
putc:
	li	t0, UART
	sb	a0, 0(t0)
	ret

# puts writes the NUL-terminated string at a0 to the UART.
puts:
	mv	t2, ra
	mv	t3, a0
4:	lbu	a0, 0(t3)
	beqz	a0, 5f
	call	putc
	addi	t3, t3, 1
	j	4b
5:	mv	ra, t2
	ret

	.section .rodata
found:	.asciz	"device "
gone:	.asciz	"gone\n"
