# Explicit RV64C instructions.
	.text
	.globl _start
_start:
	c.addi4spn a0, sp, 4
	c.addi4spn s1, sp, 1020
	c.fld fa0, 8(a1)
	c.lw a0, 4(a1)
	c.lw s0, 124(a5)
	c.ld a0, 248(a1)
	c.fsd fs0, 0(s1)
	c.sw a0, 4(a1)
	c.sd a5, 16(a4)
	c.nop
	c.addi a0, 1
	c.addi t0, -32
	c.addiw a0, 31
	c.addiw a1, 0
	c.li a0, -1
	c.li t6, 31
	c.addi16sp sp, -512
	c.addi16sp sp, 496
	c.lui a0, 1
	c.lui t0, 0xfffff
	c.srli a0, 1
	c.srli s1, 63
	c.srai a0, 32
	c.andi a0, -1
	c.sub a0, a1
	c.xor s0, s1
	c.or a2, a3
	c.and a4, a5
	c.subw a0, a1
	c.addw a0, a1
1:	c.j 1b
	c.beqz a0, 1b
	c.bnez s1, 2f
	c.slli a0, 1
	c.slli t6, 63
	c.fldsp fa0, 0(sp)
	c.fldsp ft11, 504(sp)
	c.lwsp a0, 4(sp)
	c.lwsp ra, 252(sp)
	c.ldsp a0, 8(sp)
	c.ldsp s11, 504(sp)
	c.jr a0
	c.mv a0, a1
	c.ebreak
	c.jalr t0
	c.add a0, a1
	c.fsdsp fa0, 8(sp)
	c.swsp a0, 4(sp)
	c.sdsp ra, 504(sp)
2:	c.nop
	fld fa0, 8(a1)
	fld fs1, 504(sp)
	fsd fa0, 8(a1)
	fsd ft0, 0(sp)
