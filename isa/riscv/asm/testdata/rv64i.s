# Every RV64I base instruction, with registers and immediates chosen to hit
# both the compressible and the non-compressible forms.
	.text
	.globl _start
_start:
	lui a0, 0x12345
	lui t0, 1
	lui sp, 1
	lui a5, 0xfffff
	auipc a0, 0
	auipc t6, 0xfffff
	addi a0, a0, 1
	addi a0, a0, -32
	addi a0, a1, 31
	addi a0, a0, 0
	addi zero, zero, 0
	addi sp, sp, -64
	addi sp, sp, 496
	addi a0, sp, 16
	addi s1, sp, 1020
	addi a0, zero, -5
	addi x31, x30, 2047
	addi x1, x2, -2048
	slti a0, a1, -1
	sltiu a0, a1, 1
	xori a0, a1, 0x7ff
	ori a0, a0, 3
	andi a0, a0, 3
	andi s0, s0, -32
	andi a0, a1, 3
	slli a0, a0, 3
	slli a0, a0, 63
	slli t0, t1, 1
	srli a0, a0, 1
	srli a0, a0, 63
	srli t0, t0, 1
	srai s1, s1, 7
	srai x5, x5, 7
	add a0, a0, a1
	add a0, a1, a0
	add a0, a1, a2
	add t0, zero, t1
	add a0, a0, 5
	sub a0, a0, a1
	sub a0, a1, a0
	sub t0, t0, t1
	sll a0, a1, a2
	slt a0, a1, a2
	sltu a0, a1, a2
	xor a0, a0, a1
	xor a0, a1, a0
	xor t0, t0, t1
	srl a0, a1, a2
	sra a0, a1, a2
	or s0, s0, s1
	or s0, s1, s0
	and a5, a5, a4
	and a4, a5, a4
	and t3, t3, t4
	addiw a0, a0, 1
	addiw a0, a0, 0
	addiw a0, a1, 1
	addiw t0, t0, -2048
	slliw a0, a1, 31
	srliw a0, a1, 0
	sraiw a0, a1, 17
	addw a0, a0, a1
	addw a0, a1, a0
	addw t0, t1, t2
	subw a0, a0, a1
	subw a0, a1, a0
	sllw a0, a1, a2
	srlw a0, a1, a2
	sraw a0, a1, a2
	lb a0, 0(a1)
	lh a0, -2(a1)
	lw a0, 4(a1)
	lw a0, 128(a1)
	lw a0, (a1)
	lw a0, 8(sp)
	lw t0, 252(sp)
	lw t0, 256(sp)
	ld a0, 8(a1)
	ld a0, 248(a1)
	ld a0, 504(sp)
	ld ra, 0(sp)
	lbu a0, 2047(a1)
	lhu a0, -2048(a1)
	lwu a0, 4(a1)
	sb a0, 0(a1)
	sh a0, 2(a1)
	sw a0, 4(a1)
	sw zero, 4(sp)
	sw a0, 124(a1)
	sd a0, 8(a1)
	sd ra, 504(sp)
	sd s0, 512(sp)
	jal ra, 1f
	jalr a0
	jalr t0, a0
	jalr ra, 4(a0)
	jalr zero, 0(ra)
	jalr a1, a2, 8
1:	beq a0, a1, 1b
	bne a0, a1, 1b
	blt a0, a1, 1b
	bge a0, a1, 1b
	bltu a0, a1, 1b
	bgeu a0, a1, 1b
	ecall
	ebreak
	.option norvc
	addi a0, a0, 1
	add a0, a0, a1
	ld a0, 8(a1)
	ebreak
	.option rvc
	ret
