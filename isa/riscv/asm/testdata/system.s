# Zicsr, Zifencei, privileged instructions, M and A extensions.
	.text
	.globl _start
_start:
	csrrw a0, mstatus, a1
	csrrs a0, misa, zero
	csrrc a0, mie, a1
	csrrwi a0, mtvec, 1
	csrrsi a0, mepc, 31
	csrrci a0, 0x340, 0
	csrr a0, 0xfff
	csrr t0, mhartid
	csrr t0, satp
	csrw sstatus, t0
	csrw stvec, t0
	csrw sepc, t0
	csrr a0, scause
	csrr a0, stval
	csrr a0, sip
	csrr a0, sie
	csrw sscratch, a0
	csrr a0, mcause
	csrr a0, mtval
	csrw medeleg, a0
	csrw mideleg, a0
	csrw mcounteren, a0
	csrw scounteren, a0
	csrw pmpcfg0, a0
	csrw pmpaddr0, a0
	csrr a0, cycle
	csrr a0, time
	csrr a0, instret
	csrr a0, mcycle
	csrr a0, minstret
	csrr a0, mvendorid
	csrr a0, marchid
	csrr a0, mimpid
	csrr a0, fcsr
	csrr a0, frm
	csrr a0, fflags
	frcsr a0
	fscsr a1
	fscsr a0, a1
	frrm a0
	fsrm a1
	frflags a0
	fsflags a1
	fsrmi 2
	fsflagsi 0
	csrw mtvec, 4
	ecall
	ebreak
	mret
	sret
	wfi
	sfence.vma
	sfence.vma a0
	sfence.vma a0, a1
	fence
	fence rw, rw
	fence iorw, iorw
	fence r, w
	fence i, o
	fence.i
	fence.tso
	mul a0, a1, a2
	mulh a0, a1, a2
	mulhsu a0, a1, a2
	mulhu a0, a1, a2
	div a0, a1, a2
	divu a0, a1, a2
	rem a0, a1, a2
	remu a0, a1, a2
	mulw a0, a1, a2
	divw a0, a1, a2
	divuw a0, a1, a2
	remw a0, a1, a2
	remuw a0, a1, a2
	lr.w a0, (a1)
	lr.d a0, 0(a1)
	lr.w.aq a0, (a1)
	lr.d.aqrl a0, (a1)
	sc.w a0, a2, (a1)
	sc.d.rl a0, a2, (a1)
	amoswap.w a0, a2, (a1)
	amoadd.w a0, a2, (a1)
	amoxor.w a0, a2, (a1)
	amoand.w a0, a2, (a1)
	amoor.w a0, a2, (a1)
	amomin.w a0, a2, (a1)
	amomax.w a0, a2, (a1)
	amominu.w a0, a2, (a1)
	amomaxu.w a0, a2, (a1)
	amoswap.d.aq a0, a2, (a1)
	amoadd.d.rl a0, a2, (a1)
	amoxor.d.aqrl a0, a2, (a1)
	amoand.d a0, a2, (a1)
	amoor.d a0, a2, (a1)
	amomin.d a0, a2, (a1)
	amomax.d a0, a2, (a1)
	amominu.d a0, a2, (a1)
	amomaxu.d a0, a2, (a1)
