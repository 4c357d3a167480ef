# Hand-written disassembler corpus: every RV64IMAC + Zicsr + Zifencei +
# privileged instruction form, every alias GNU objdump prints, compressed
# forms, edge immediates. Built by disasm_test.go -update (see README).
	.option norvc
	.text
	.globl _start
_start:
# --- U and J types, pairing of lui/auipc with later users ---
	lui	a0, 0
	lui	a0, 0xfffff
	lui	zero, 1
	lui	t6, 0x80000
	auipc	a0, 0
	auipc	t0, 0xfffff
	auipc	a1, 1
	addi	a1, a1, 16
	auipc	a2, 0x10
	ld	a3, -8(a2)
	auipc	a4, 0x2
	sd	a5, 24(a4)
	lui	s1, 0x12345
	addi	s1, s1, 0x678
	lui	s2, 0x80000
	addiw	s2, s2, -1
	auipc	t1, 0
	jalr	ra, 12(t1)
	auipc	t2, 0
	jalr	zero, -4(t2)
	lui	s3, 4
	lw	s4, 0(s3)
	lui	s5, 8
	sw	s4, -4(s5)
	auipc	a0, 0
	mv	a1, a0
	addi	a2, a0, 4
	lui	a6, 0x10
	addi	a6, a6, 0
	lui	a7, 0x7ffff
	addiw	a7, a7, 2047
	lw	a0, 16(zero)
	sd	a0, -16(zero)
	ld	a0, 32(tp)
	sb	a0, 1(tp)
	addi	a0, tp, 8
	addi	a0, gp, -2048
	addi	a0, gp, 2047
	lw	a0, 0(gp)
	sw	a0, 4(gp)
	addiw	a0, gp, 4
	addiw	a0, tp, 4
	jalr	zero, 0(zero)
	jalr	ra, 8(zero)
	jalr	ra, 0(tp)
# --- jumps ---
	jal	ra, _start
	jal	zero, _start
	jal	a0, fwd
	jal	zero, fwd
	jal	fwd
	j	.+0
	j	.+2046
	j	.-2048
	jal	zero, .+0xffffe
	jal	zero, .-0x100000
	jalr	ra, 0(a0)
	jalr	zero, 0(a0)
	jalr	zero, 0(ra)
	jalr	ra, 0(ra)
	jalr	a0, 0(a1)
	jalr	a0, 4(a1)
	jalr	zero, 4(a1)
	jalr	ra, -4(a1)
	jalr	zero, 2047(a1)
	jalr	t0, -2048(t0)
	jalr	zero, 0(zero)
fwd:
# --- branches and their aliases ---
	beq	a0, a1, _start
	beq	a0, zero, _start
	beq	zero, a0, _start
	beq	zero, zero, fwd
	bne	a0, a1, fwd
	bne	a0, zero, fwd
	bne	zero, a0, fwd
	bne	zero, zero, fwd
	blt	a0, a1, fwd
	blt	a0, zero, fwd
	blt	zero, a0, fwd
	blt	zero, zero, fwd
	bge	a0, a1, fwd
	bge	a0, zero, fwd
	bge	zero, a0, fwd
	bge	zero, zero, fwd
	bltu	a0, a1, fwd
	bltu	a0, zero, fwd
	bltu	zero, a0, fwd
	bgeu	a0, a1, fwd
	bgeu	a0, zero, fwd
	bgeu	zero, a0, fwd
	bgt	a0, a1, fwd
	ble	a0, a1, fwd
	bgtu	a0, a1, fwd
	bleu	a0, a1, fwd
	beq	a0, a1, .+4094
	bne	a0, a1, .-4096
	beq	a0, a1, .
	.local	local_label
local_label:
	bne	t0, t1, local_label
	blt	s0, s1, .+8
# --- loads and stores ---
	lb	a0, 0(a1)
	lh	a0, -1(a1)
	lw	a0, 2047(a1)
	ld	a0, -2048(a1)
	lbu	zero, 0(sp)
	lhu	t6, 100(s11)
	lwu	ra, -100(sp)
	sb	a0, 0(a1)
	sh	t6, -1(s0)
	sw	zero, 2047(sp)
	sd	ra, -2048(sp)
	ld	s0, 8(s1)
# --- register-immediate and aliases ---
	addi	zero, zero, 0
	addi	zero, zero, 5
	addi	zero, a0, 0
	addi	a0, zero, 0
	addi	a0, zero, -1
	addi	a0, zero, 2047
	addi	a0, zero, -2048
	addi	a0, a1, 0
	addi	sp, sp, 0
	addi	a0, a1, 1
	addi	a0, a0, -2048
	addi	sp, sp, -16
	slti	a0, a1, -1
	slti	a0, a1, 0
	sltiu	a0, a1, 1
	sltiu	a0, a1, 0
	sltiu	a0, a1, -1
	xori	a0, a1, -1
	xori	a0, a1, 1
	xori	a0, a1, 0
	ori	a0, a1, 0
	ori	a0, a1, -2048
	andi	a0, a1, 255
	andi	a0, a1, -1
	andi	a0, a1, 0
	andi	a0, a1, 254
	slli	a0, a1, 0
	slli	a0, a1, 1
	slli	a0, a1, 31
	slli	a0, a1, 32
	slli	a0, a1, 63
	srli	a0, a1, 0
	srli	a0, a1, 63
	srai	a0, a1, 0
	srai	a0, a1, 63
	addiw	a0, a1, 0
	addiw	a0, zero, 0
	addiw	a0, zero, 5
	addiw	a0, a1, -2048
	addiw	zero, zero, 0
	slliw	a0, a1, 0
	slliw	a0, a1, 31
	srliw	a0, a1, 31
	sraiw	a0, a1, 31
	sraiw	a0, a1, 0
# --- register-register and aliases ---
	add	a0, a1, a2
	add	a0, zero, a2
	add	a0, a1, zero
	add	zero, zero, zero
	sub	a0, a1, a2
	sub	a0, zero, a2
	sub	a0, a1, zero
	sub	zero, zero, zero
	sll	a0, a1, a2
	slt	a0, a1, a2
	slt	a0, a1, zero
	slt	a0, zero, a2
	slt	a0, zero, zero
	sltu	a0, a1, a2
	sltu	a0, zero, a2
	sltu	a0, a1, zero
	xor	a0, a1, a2
	srl	a0, a1, a2
	sra	a0, a1, a2
	or	a0, a1, a2
	and	a0, a1, a2
	addw	a0, a1, a2
	addw	a0, a1, zero
	addw	a0, zero, a1
	subw	a0, a1, a2
	subw	a0, zero, a2
	sllw	a0, a1, a2
	srlw	a0, a1, a2
	sraw	a0, a1, a2
# --- M ---
	mul	a0, a1, a2
	mulh	t0, t1, t2
	mulhsu	s0, s1, s2
	mulhu	a0, a1, a2
	div	a0, a1, a2
	divu	a0, a1, a2
	rem	a0, a1, a2
	remu	a0, a1, a2
	mulw	a0, a1, a2
	divw	a0, a1, a2
	divuw	a0, a1, a2
	remw	a0, a1, a2
	remuw	zero, t6, t5
# --- A ---
	lr.w	a0, (a1)
	lr.w.aq	a0, (a1)
	lr.w.rl	a0, (a1)
	lr.w.aqrl	a0, (a1)
	sc.w	a0, a2, (a1)
	sc.w.aq	a0, a2, (a1)
	sc.w.rl	a0, a2, (a1)
	sc.w.aqrl	a0, a2, (a1)
	lr.d	a0, (a1)
	lr.d.aqrl	t0, (sp)
	sc.d	a0, a2, (a1)
	sc.d.rl	a0, a2, (a1)
	amoswap.w	a0, a2, (a1)
	amoadd.w	a0, a2, (a1)
	amoxor.w	a0, a2, (a1)
	amoand.w	a0, a2, (a1)
	amoor.w	a0, a2, (a1)
	amomin.w	a0, a2, (a1)
	amomax.w	a0, a2, (a1)
	amominu.w	a0, a2, (a1)
	amomaxu.w	a0, a2, (a1)
	amoswap.d	a0, a2, (a1)
	amoadd.d	a0, a2, (a1)
	amoxor.d	a0, a2, (a1)
	amoand.d	a0, a2, (a1)
	amoor.d	a0, a2, (a1)
	amomin.d	a0, a2, (a1)
	amomax.d	a0, a2, (a1)
	amominu.d	a0, a2, (a1)
	amomaxu.d	a0, a2, (a1)
	amoswap.w.aq	zero, a2, (a1)
	amoadd.d.rl	a0, zero, (a1)
	amomaxu.d.aqrl	a0, a2, (zero)
# --- fences ---
	fence
	fence	iorw, iorw
	fence	rw, rw
	fence	r, r
	fence	w, w
	fence	i, o
	fence	io, rw
	fence	r, iorw
	fence.tso
	fence.i
	.insn	4, 0x0100000f
	.insn	4, 0x0000000f
# pause is fence w,0 (Zihintpause, which the corpus -march names, so
# objdump prints it); empty pred or succ sets print as "unknown"; fm=8 is
# fence.tso only with rw,rw; other fm values, rd or rs1 make .4byte.
	pause
	.insn	4, 0x0300000f
	.insn	4, 0x0030000f
	.insn	4, 0x0f00000f
	.insn	4, 0x00f0000f
	.insn	4, 0x8000000f
	.insn	4, 0x8330008f
	.insn	4, 0x4330000f
	.insn	4, 0x1100000f
	.insn	4, 0x0100008f
	.insn	4, 0x0100800f
	.insn	4, 0x0100100f
	.insn	4, 0x8ff0000f
	.insn	4, 0x0ff0008f
	.insn	4, 0x0ff5000f
	.insn	4, 0x0010100f
	.insn	4, 0x0000108f
	.insn	4, 0x0000900f
# --- Zicsr and aliases ---
	csrrw	a0, mstatus, a1
	csrrw	zero, mstatus, a1
	csrrw	a0, mstatus, zero
	csrrs	a0, mstatus, a1
	csrrs	a0, mstatus, zero
	csrrs	zero, mstatus, a1
	csrrs	zero, mstatus, zero
	csrrc	a0, mstatus, a1
	csrrc	zero, mstatus, a1
	csrrc	a0, mstatus, zero
	csrrwi	a0, mstatus, 0
	csrrwi	zero, mstatus, 31
	csrrsi	a0, mie, 8
	csrrsi	zero, mie, 8
	csrrci	a0, mip, 2
	csrrci	zero, mip, 2
	csrrs	a0, cycle, zero
	csrrs	a0, time, zero
	csrrs	a0, instret, zero
	csrrs	a0, cycle, a1
	csrrs	zero, cycle, zero
	csrrs	a0, hpmcounter31, zero
	csrrw	zero, cycle, zero
	csrrw	a0, cycle, zero
	csrrw	zero, 0xc01, zero
	csrrs	a0, fflags, zero
	csrrs	a0, frm, zero
	csrrs	a0, fcsr, zero
	csrrw	zero, fcsr, a0
	csrrw	a1, fcsr, a0
	csrrw	zero, frm, a0
	csrrwi	zero, frm, 1
	csrrw	zero, fflags, a0
	csrrs	a0, satp, zero
	csrrw	zero, satp, a0
	csrrs	a0, 0x7ff, zero
	csrrw	a0, 0xfff, a1
	csrrs	a0, mhartid, zero
	csrrs	a0, mvendorid, zero
	csrrw	zero, stvec, t0
	csrrw	zero, sscratch, sp
	csrrw	sp, sscratch, sp
# --- system ---
	ecall
	ebreak
	mret
	sret
	wfi
	sfence.vma
	sfence.vma	a0
	sfence.vma	a0, a1
	sfence.vma	zero, a1
	unimp
	.insn	4, 0x00200073
	.insn	4, 0x7b200073
	.insn	4, 0x12000873
	.insn	4, 0x00004073

# --- compressed ---
	.option	rvc
	.globl	rvc_start
rvc_start:
	c.addi4spn	a0, sp, 4
	c.addi4spn	s0, sp, 1020
	c.addi4spn	a5, sp, 16
	c.lw	a0, 0(s0)
	c.lw	a5, 124(a5)
	c.ld	a0, 0(s0)
	c.ld	s1, 248(a2)
	c.sw	a0, 0(s0)
	c.sw	a5, 124(a5)
	c.sd	a0, 0(s0)
	c.sd	s1, 248(a2)
	c.nop
	.insn	2, 0x1001
	.insn	2, 0x0005
	c.addi	a0, 1
	c.addi	a0, -1
	c.addi	sp, 31
	c.addi	t6, -32
	.insn	2, 0x0501
	c.addiw	a0, 0
	c.addiw	a0, -32
	c.addiw	t0, 31
	c.li	a0, 0
	c.li	a0, -32
	c.li	t6, 31
	.insn	2, 0x4005
	c.addi16sp	sp, 16
	c.addi16sp	sp, -512
	c.addi16sp	sp, 496
	c.lui	a0, 1
	c.lui	a0, 0x1f
	c.lui	a0, 0xfffe0
	c.lui	t6, 0xfffff
	.insn	2, 0x6005
	c.srli	a0, 1
	c.srli	s1, 63
	c.srli	a5, 32
	.insn	2, 0x8101
	c.srai	a0, 1
	c.srai	s1, 63
	.insn	2, 0x8501
	c.andi	a0, 0
	c.andi	a0, -1
	c.andi	s1, 31
	c.andi	a5, -32
	c.sub	a0, a1
	c.xor	s0, s1
	c.or	a4, a5
	c.and	a0, a0
	c.subw	a0, a1
	c.addw	a5, s0
	c.j	.+0
	c.j	.+2046
	c.j	.-2048
	c.j	rvc_start
	c.beqz	a0, .+0
	c.beqz	s0, .+254
	c.beqz	a5, .-256
	c.bnez	a0, rvc_start
	c.bnez	s1, .+2
	c.slli	a0, 1
	c.slli	t6, 63
	c.slli	sp, 32
	.insn	2, 0x0502
	.insn	2, 0x0006
	c.lwsp	a0, 0(sp)
	c.lwsp	ra, 252(sp)
	c.ldsp	a0, 0(sp)
	c.ldsp	ra, 504(sp)
	c.ldsp	s0, 8(sp)
	c.jr	ra
	c.jr	a0
	c.jr	t6
	c.mv	a0, a1
	c.mv	sp, s0
	.insn	2, 0x802e
	c.ebreak
	c.jalr	ra
	c.jalr	a0
	c.add	a0, a1
	c.add	sp, t6
	.insn	2, 0x902e
	c.swsp	a0, 0(sp)
	c.swsp	ra, 252(sp)
	c.sdsp	a0, 0(sp)
	c.sdsp	ra, 504(sp)
	c.lui	a4, 2
	c.addi	a4, 4
	c.lui	s0, 1
	c.addiw	s0, 8
	c.lui	gp, 2
	c.addi	gp, 1
	c.addi	tp, 4
	c.addiw	tp, 4
	c.addi	gp, 12
	lui	a3, 0x10
	c.addi	a3, -2
	auipc	a2, 0
	c.addi	a2, 4
	auipc	a1, 0
	c.ld	a0, 16(a1)
	c.lw	a0, 16(a1)
	ld	a0, 0(a1)
	.insn	2, 0x0002
	.insn	2, 0x0082
	auipc	t0, 0
	c.jr	t0
	jalr	ra, 0(t0)
	auipc	tp, 1
	jalr	ra, 8(tp)
	auipc	gp, 1
	jalr	ra, 8(gp)
	auipc	gp, 2
	lw	a0, 4(gp)
	auipc	s0, 0
	c.jalr	s0
	lui	s1, 1
	mv	a0, s1
	c.mv	a1, s1
	addi	a2, s1, 0
	c.unimp
	c.nop
	.option	norvc
	.globl	_end_insns
_end_insns:
	nop
