# F and D instructions for the disassembler corpus (hand-written; see README.md).
	.text
	.globl fp_insns
fp_insns:
	fadd.s	fa0,fa1,fa2
	fadd.s	fa0,fa1,fa2,rne
	fadd.s	fa0,fa1,fa2,rtz
	fadd.s	fa0,fa1,fa2,rdn
	fadd.s	fa0,fa1,fa2,rup
	fadd.s	fa0,fa1,fa2,rmm
	fadd.s	fa0,fa1,fa2,dyn
	fsub.s	fa0,fa1,fa2
	fsub.s	fa0,fa1,fa2,rne
	fsub.s	fa0,fa1,fa2,rtz
	fsub.s	fa0,fa1,fa2,rdn
	fsub.s	fa0,fa1,fa2,rup
	fsub.s	fa0,fa1,fa2,rmm
	fsub.s	fa0,fa1,fa2,dyn
	fmul.s	fa0,fa1,fa2
	fmul.s	fa0,fa1,fa2,rne
	fmul.s	fa0,fa1,fa2,rtz
	fmul.s	fa0,fa1,fa2,rdn
	fmul.s	fa0,fa1,fa2,rup
	fmul.s	fa0,fa1,fa2,rmm
	fmul.s	fa0,fa1,fa2,dyn
	fdiv.s	fa0,fa1,fa2
	fdiv.s	fa0,fa1,fa2,rne
	fdiv.s	fa0,fa1,fa2,rtz
	fdiv.s	fa0,fa1,fa2,rdn
	fdiv.s	fa0,fa1,fa2,rup
	fdiv.s	fa0,fa1,fa2,rmm
	fdiv.s	fa0,fa1,fa2,dyn
	fmadd.s	ft0,fs1,ft11,fa7
	fmadd.s	ft0,fs1,ft11,fa7,rne
	fmadd.s	ft0,fs1,ft11,fa7,rtz
	fmadd.s	ft0,fs1,ft11,fa7,rdn
	fmadd.s	ft0,fs1,ft11,fa7,rup
	fmadd.s	ft0,fs1,ft11,fa7,rmm
	fmadd.s	ft0,fs1,ft11,fa7,dyn
	fmsub.s	ft0,fs1,ft11,fa7
	fmsub.s	ft0,fs1,ft11,fa7,rne
	fmsub.s	ft0,fs1,ft11,fa7,rtz
	fmsub.s	ft0,fs1,ft11,fa7,rdn
	fmsub.s	ft0,fs1,ft11,fa7,rup
	fmsub.s	ft0,fs1,ft11,fa7,rmm
	fmsub.s	ft0,fs1,ft11,fa7,dyn
	fnmsub.s	ft0,fs1,ft11,fa7
	fnmsub.s	ft0,fs1,ft11,fa7,rne
	fnmsub.s	ft0,fs1,ft11,fa7,rtz
	fnmsub.s	ft0,fs1,ft11,fa7,rdn
	fnmsub.s	ft0,fs1,ft11,fa7,rup
	fnmsub.s	ft0,fs1,ft11,fa7,rmm
	fnmsub.s	ft0,fs1,ft11,fa7,dyn
	fnmadd.s	ft0,fs1,ft11,fa7
	fnmadd.s	ft0,fs1,ft11,fa7,rne
	fnmadd.s	ft0,fs1,ft11,fa7,rtz
	fnmadd.s	ft0,fs1,ft11,fa7,rdn
	fnmadd.s	ft0,fs1,ft11,fa7,rup
	fnmadd.s	ft0,fs1,ft11,fa7,rmm
	fnmadd.s	ft0,fs1,ft11,fa7,dyn
	fsqrt.s	fs11,ft8
	fsqrt.s	fs11,ft8,rne
	fsqrt.s	fs11,ft8,rtz
	fsqrt.s	fs11,ft8,rdn
	fsqrt.s	fs11,ft8,rup
	fsqrt.s	fs11,ft8,rmm
	fsqrt.s	fs11,ft8,dyn
	fsgnj.s	fa0,fa1,fa2
	fsgnj.s	fa0,fa1,fa1
	fsgnj.s	ft0,ft0,ft0
	fsgnjn.s	fa0,fa1,fa2
	fsgnjn.s	fa0,fa1,fa1
	fsgnjn.s	ft0,ft0,ft0
	fsgnjx.s	fa0,fa1,fa2
	fsgnjx.s	fa0,fa1,fa1
	fsgnjx.s	ft0,ft0,ft0
	fmin.s	fa0,fa1,fa2
	fmax.s	fa0,fa1,fa2
	feq.s	a0,fa1,fa2
	feq.s	zero,ft0,ft11
	flt.s	a0,fa1,fa2
	flt.s	zero,ft0,ft11
	fle.s	a0,fa1,fa2
	fle.s	zero,ft0,ft11
	fcvt.w.s	a0,fa1
	fcvt.s.w	fa0,a1
	fcvt.w.s	a0,fa1,rne
	fcvt.s.w	fa0,a1,rne
	fcvt.w.s	a0,fa1,rtz
	fcvt.s.w	fa0,a1,rtz
	fcvt.w.s	a0,fa1,rdn
	fcvt.s.w	fa0,a1,rdn
	fcvt.w.s	a0,fa1,rup
	fcvt.s.w	fa0,a1,rup
	fcvt.w.s	a0,fa1,rmm
	fcvt.s.w	fa0,a1,rmm
	fcvt.w.s	a0,fa1,dyn
	fcvt.s.w	fa0,a1,dyn
	fcvt.wu.s	a0,fa1
	fcvt.s.wu	fa0,a1
	fcvt.wu.s	a0,fa1,rne
	fcvt.s.wu	fa0,a1,rne
	fcvt.wu.s	a0,fa1,rtz
	fcvt.s.wu	fa0,a1,rtz
	fcvt.wu.s	a0,fa1,rdn
	fcvt.s.wu	fa0,a1,rdn
	fcvt.wu.s	a0,fa1,rup
	fcvt.s.wu	fa0,a1,rup
	fcvt.wu.s	a0,fa1,rmm
	fcvt.s.wu	fa0,a1,rmm
	fcvt.wu.s	a0,fa1,dyn
	fcvt.s.wu	fa0,a1,dyn
	fcvt.l.s	a0,fa1
	fcvt.s.l	fa0,a1
	fcvt.l.s	a0,fa1,rne
	fcvt.s.l	fa0,a1,rne
	fcvt.l.s	a0,fa1,rtz
	fcvt.s.l	fa0,a1,rtz
	fcvt.l.s	a0,fa1,rdn
	fcvt.s.l	fa0,a1,rdn
	fcvt.l.s	a0,fa1,rup
	fcvt.s.l	fa0,a1,rup
	fcvt.l.s	a0,fa1,rmm
	fcvt.s.l	fa0,a1,rmm
	fcvt.l.s	a0,fa1,dyn
	fcvt.s.l	fa0,a1,dyn
	fcvt.lu.s	a0,fa1
	fcvt.s.lu	fa0,a1
	fcvt.lu.s	a0,fa1,rne
	fcvt.s.lu	fa0,a1,rne
	fcvt.lu.s	a0,fa1,rtz
	fcvt.s.lu	fa0,a1,rtz
	fcvt.lu.s	a0,fa1,rdn
	fcvt.s.lu	fa0,a1,rdn
	fcvt.lu.s	a0,fa1,rup
	fcvt.s.lu	fa0,a1,rup
	fcvt.lu.s	a0,fa1,rmm
	fcvt.s.lu	fa0,a1,rmm
	fcvt.lu.s	a0,fa1,dyn
	fcvt.s.lu	fa0,a1,dyn
	fmv.x.w	a0,fa1
	fmv.w.x	fa0,a1
	fclass.s	a0,fa1
	fclass.s	t6,ft11
	fadd.d	fa0,fa1,fa2
	fadd.d	fa0,fa1,fa2,rne
	fadd.d	fa0,fa1,fa2,rtz
	fadd.d	fa0,fa1,fa2,rdn
	fadd.d	fa0,fa1,fa2,rup
	fadd.d	fa0,fa1,fa2,rmm
	fadd.d	fa0,fa1,fa2,dyn
	fsub.d	fa0,fa1,fa2
	fsub.d	fa0,fa1,fa2,rne
	fsub.d	fa0,fa1,fa2,rtz
	fsub.d	fa0,fa1,fa2,rdn
	fsub.d	fa0,fa1,fa2,rup
	fsub.d	fa0,fa1,fa2,rmm
	fsub.d	fa0,fa1,fa2,dyn
	fmul.d	fa0,fa1,fa2
	fmul.d	fa0,fa1,fa2,rne
	fmul.d	fa0,fa1,fa2,rtz
	fmul.d	fa0,fa1,fa2,rdn
	fmul.d	fa0,fa1,fa2,rup
	fmul.d	fa0,fa1,fa2,rmm
	fmul.d	fa0,fa1,fa2,dyn
	fdiv.d	fa0,fa1,fa2
	fdiv.d	fa0,fa1,fa2,rne
	fdiv.d	fa0,fa1,fa2,rtz
	fdiv.d	fa0,fa1,fa2,rdn
	fdiv.d	fa0,fa1,fa2,rup
	fdiv.d	fa0,fa1,fa2,rmm
	fdiv.d	fa0,fa1,fa2,dyn
	fmadd.d	ft0,fs1,ft11,fa7
	fmadd.d	ft0,fs1,ft11,fa7,rne
	fmadd.d	ft0,fs1,ft11,fa7,rtz
	fmadd.d	ft0,fs1,ft11,fa7,rdn
	fmadd.d	ft0,fs1,ft11,fa7,rup
	fmadd.d	ft0,fs1,ft11,fa7,rmm
	fmadd.d	ft0,fs1,ft11,fa7,dyn
	fmsub.d	ft0,fs1,ft11,fa7
	fmsub.d	ft0,fs1,ft11,fa7,rne
	fmsub.d	ft0,fs1,ft11,fa7,rtz
	fmsub.d	ft0,fs1,ft11,fa7,rdn
	fmsub.d	ft0,fs1,ft11,fa7,rup
	fmsub.d	ft0,fs1,ft11,fa7,rmm
	fmsub.d	ft0,fs1,ft11,fa7,dyn
	fnmsub.d	ft0,fs1,ft11,fa7
	fnmsub.d	ft0,fs1,ft11,fa7,rne
	fnmsub.d	ft0,fs1,ft11,fa7,rtz
	fnmsub.d	ft0,fs1,ft11,fa7,rdn
	fnmsub.d	ft0,fs1,ft11,fa7,rup
	fnmsub.d	ft0,fs1,ft11,fa7,rmm
	fnmsub.d	ft0,fs1,ft11,fa7,dyn
	fnmadd.d	ft0,fs1,ft11,fa7
	fnmadd.d	ft0,fs1,ft11,fa7,rne
	fnmadd.d	ft0,fs1,ft11,fa7,rtz
	fnmadd.d	ft0,fs1,ft11,fa7,rdn
	fnmadd.d	ft0,fs1,ft11,fa7,rup
	fnmadd.d	ft0,fs1,ft11,fa7,rmm
	fnmadd.d	ft0,fs1,ft11,fa7,dyn
	fsqrt.d	fs11,ft8
	fsqrt.d	fs11,ft8,rne
	fsqrt.d	fs11,ft8,rtz
	fsqrt.d	fs11,ft8,rdn
	fsqrt.d	fs11,ft8,rup
	fsqrt.d	fs11,ft8,rmm
	fsqrt.d	fs11,ft8,dyn
	fsgnj.d	fa0,fa1,fa2
	fsgnj.d	fa0,fa1,fa1
	fsgnj.d	ft0,ft0,ft0
	fsgnjn.d	fa0,fa1,fa2
	fsgnjn.d	fa0,fa1,fa1
	fsgnjn.d	ft0,ft0,ft0
	fsgnjx.d	fa0,fa1,fa2
	fsgnjx.d	fa0,fa1,fa1
	fsgnjx.d	ft0,ft0,ft0
	fmin.d	fa0,fa1,fa2
	fmax.d	fa0,fa1,fa2
	feq.d	a0,fa1,fa2
	feq.d	zero,ft0,ft11
	flt.d	a0,fa1,fa2
	flt.d	zero,ft0,ft11
	fle.d	a0,fa1,fa2
	fle.d	zero,ft0,ft11
	fcvt.w.d	a0,fa1
	fcvt.w.d	a0,fa1,rne
	fcvt.w.d	a0,fa1,rtz
	fcvt.w.d	a0,fa1,rdn
	fcvt.w.d	a0,fa1,rup
	fcvt.w.d	a0,fa1,rmm
	fcvt.w.d	a0,fa1,dyn
	fcvt.d.w	fa0,a1
	fcvt.wu.d	a0,fa1
	fcvt.wu.d	a0,fa1,rne
	fcvt.wu.d	a0,fa1,rtz
	fcvt.wu.d	a0,fa1,rdn
	fcvt.wu.d	a0,fa1,rup
	fcvt.wu.d	a0,fa1,rmm
	fcvt.wu.d	a0,fa1,dyn
	fcvt.d.wu	fa0,a1
	fcvt.l.d	a0,fa1
	fcvt.d.l	fa0,a1
	fcvt.l.d	a0,fa1,rne
	fcvt.d.l	fa0,a1,rne
	fcvt.l.d	a0,fa1,rtz
	fcvt.d.l	fa0,a1,rtz
	fcvt.l.d	a0,fa1,rdn
	fcvt.d.l	fa0,a1,rdn
	fcvt.l.d	a0,fa1,rup
	fcvt.d.l	fa0,a1,rup
	fcvt.l.d	a0,fa1,rmm
	fcvt.d.l	fa0,a1,rmm
	fcvt.l.d	a0,fa1,dyn
	fcvt.d.l	fa0,a1,dyn
	fcvt.lu.d	a0,fa1
	fcvt.d.lu	fa0,a1
	fcvt.lu.d	a0,fa1,rne
	fcvt.d.lu	fa0,a1,rne
	fcvt.lu.d	a0,fa1,rtz
	fcvt.d.lu	fa0,a1,rtz
	fcvt.lu.d	a0,fa1,rdn
	fcvt.d.lu	fa0,a1,rdn
	fcvt.lu.d	a0,fa1,rup
	fcvt.d.lu	fa0,a1,rup
	fcvt.lu.d	a0,fa1,rmm
	fcvt.d.lu	fa0,a1,rmm
	fcvt.lu.d	a0,fa1,dyn
	fcvt.d.lu	fa0,a1,dyn
	fmv.x.d	a0,fa1
	fmv.d.x	fa0,a1
	fclass.d	a0,fa1
	fclass.d	t6,ft11
	fcvt.s.d	fa0,fa1
	fcvt.s.d	fa0,fa1,rne
	fcvt.s.d	fa0,fa1,rtz
	fcvt.s.d	fa0,fa1,rdn
	fcvt.s.d	fa0,fa1,rup
	fcvt.s.d	fa0,fa1,rmm
	fcvt.s.d	fa0,fa1,dyn
	fcvt.d.s	fa0,fa1
	.insn	4, 0x42058553	# fcvt.d.s rm=0
	.insn	4, 0xd2050553	# fcvt.d.w rm=0
	.insn	4, 0xd2150553	# fcvt.d.wu rm=0
	.insn	4, 0x00b50553	# fadd.s rm=0
	.insn	4, 0x68c50543	# fmadd.s rm=0
	.insn	4, 0x2ac50553	# fmin/fmax.d funct3=0
	.insn	4, 0xa2c50553	# fle/flt/feq.d funct3=0
	.insn	4, 0x22058553	# fsgnj.d funct3=0
	.insn	4, 0xe0058553	# fmv.x.w/fclass.s funct3=0
	.insn	4, 0xf0058553	# fmv.w.x funct3=0
	.insn	4, 0x42059553	# fcvt.d.s rm=1
	.insn	4, 0xd2051553	# fcvt.d.w rm=1
	.insn	4, 0xd2151553	# fcvt.d.wu rm=1
	.insn	4, 0x00b51553	# fadd.s rm=1
	.insn	4, 0x68c51543	# fmadd.s rm=1
	.insn	4, 0x2ac51553	# fmin/fmax.d funct3=1
	.insn	4, 0xa2c51553	# fle/flt/feq.d funct3=1
	.insn	4, 0x22059553	# fsgnj.d funct3=1
	.insn	4, 0xe0059553	# fmv.x.w/fclass.s funct3=1
	.insn	4, 0xf0059553	# fmv.w.x funct3=1
	.insn	4, 0x4205a553	# fcvt.d.s rm=2
	.insn	4, 0xd2052553	# fcvt.d.w rm=2
	.insn	4, 0xd2152553	# fcvt.d.wu rm=2
	.insn	4, 0x00b52553	# fadd.s rm=2
	.insn	4, 0x68c52543	# fmadd.s rm=2
	.insn	4, 0x2ac52553	# fmin/fmax.d funct3=2
	.insn	4, 0xa2c52553	# fle/flt/feq.d funct3=2
	.insn	4, 0x2205a553	# fsgnj.d funct3=2
	.insn	4, 0xe005a553	# fmv.x.w/fclass.s funct3=2
	.insn	4, 0xf005a553	# fmv.w.x funct3=2
	.insn	4, 0x4205b553	# fcvt.d.s rm=3
	.insn	4, 0xd2053553	# fcvt.d.w rm=3
	.insn	4, 0xd2153553	# fcvt.d.wu rm=3
	.insn	4, 0x00b53553	# fadd.s rm=3
	.insn	4, 0x68c53543	# fmadd.s rm=3
	.insn	4, 0x2ac53553	# fmin/fmax.d funct3=3
	.insn	4, 0xa2c53553	# fle/flt/feq.d funct3=3
	.insn	4, 0x2205b553	# fsgnj.d funct3=3
	.insn	4, 0xe005b553	# fmv.x.w/fclass.s funct3=3
	.insn	4, 0xf005b553	# fmv.w.x funct3=3
	.insn	4, 0x4205c553	# fcvt.d.s rm=4
	.insn	4, 0xd2054553	# fcvt.d.w rm=4
	.insn	4, 0xd2154553	# fcvt.d.wu rm=4
	.insn	4, 0x00b54553	# fadd.s rm=4
	.insn	4, 0x68c54543	# fmadd.s rm=4
	.insn	4, 0x2ac54553	# fmin/fmax.d funct3=4
	.insn	4, 0xa2c54553	# fle/flt/feq.d funct3=4
	.insn	4, 0x2205c553	# fsgnj.d funct3=4
	.insn	4, 0xe005c553	# fmv.x.w/fclass.s funct3=4
	.insn	4, 0xf005c553	# fmv.w.x funct3=4
	.insn	4, 0x4205d553	# fcvt.d.s rm=5
	.insn	4, 0xd2055553	# fcvt.d.w rm=5
	.insn	4, 0xd2155553	# fcvt.d.wu rm=5
	.insn	4, 0x00b55553	# fadd.s rm=5
	.insn	4, 0x68c55543	# fmadd.s rm=5
	.insn	4, 0x2ac55553	# fmin/fmax.d funct3=5
	.insn	4, 0xa2c55553	# fle/flt/feq.d funct3=5
	.insn	4, 0x2205d553	# fsgnj.d funct3=5
	.insn	4, 0xe005d553	# fmv.x.w/fclass.s funct3=5
	.insn	4, 0xf005d553	# fmv.w.x funct3=5
	.insn	4, 0x4205e553	# fcvt.d.s rm=6
	.insn	4, 0xd2056553	# fcvt.d.w rm=6
	.insn	4, 0xd2156553	# fcvt.d.wu rm=6
	.insn	4, 0x00b56553	# fadd.s rm=6
	.insn	4, 0x68c56543	# fmadd.s rm=6
	.insn	4, 0x2ac56553	# fmin/fmax.d funct3=6
	.insn	4, 0xa2c56553	# fle/flt/feq.d funct3=6
	.insn	4, 0x2205e553	# fsgnj.d funct3=6
	.insn	4, 0xe005e553	# fmv.x.w/fclass.s funct3=6
	.insn	4, 0xf005e553	# fmv.w.x funct3=6
	.insn	4, 0x4205f553	# fcvt.d.s rm=7
	.insn	4, 0xd2057553	# fcvt.d.w rm=7
	.insn	4, 0xd2157553	# fcvt.d.wu rm=7
	.insn	4, 0x00b57553	# fadd.s rm=7
	.insn	4, 0x68c57543	# fmadd.s rm=7
	.insn	4, 0x2ac57553	# fmin/fmax.d funct3=7
	.insn	4, 0xa2c57553	# fle/flt/feq.d funct3=7
	.insn	4, 0x2205f553	# fsgnj.d funct3=7
	.insn	4, 0xe005f553	# fmv.x.w/fclass.s funct3=7
	.insn	4, 0xf005f553	# fmv.w.x funct3=7
	.insn	4, 0x58158553
	.insn	4, 0x5a158553
	.insn	4, 0x40058553
	.insn	4, 0x42158553
	.insn	4, 0xc0458553
	.insn	4, 0xd0458553
	.insn	4, 0xe0158553
	.insn	4, 0xf0158553
	.insn	4, 0x06458553
	.insn	4, 0x04458553
	.insn	4, 0x6cc58543
	.insn	4, 0x6ec58543
	.insn	4, 0x0045c507
	.insn	4, 0x00451507
	.insn	4, 0x00454507
	.insn	4, 0x00a51027
	.insn	4, 0x00a54027
	.insn	4, 0x2a000053
	flw	fa0,0(a0)
	flw	ft11,2047(t6)
	flw	fs0,-2048(sp)
	fld	fa0,8(a0)
	fsw	fa0,-4(s0)
	fsd	ft11,2040(sp)
	lui	a0,0x12345
	flw	fa0,8(a0)
	auipc	a1,0x1
	fsd	fa1,-16(a1)
	fld	fa2,16(gp)
	fsw	fa3,32(tp)
	fld	fa4,100(zero)
	c.fld	fa0,0(a0)
	c.fld	fs1,248(a5)
	c.fsd	fa5,248(s0)
	c.fldsp	ft0,0(sp)
	c.fldsp	ft11,504(sp)
	c.fsdsp	fs0,8(sp)
	c.fsdsp	ft11,504(sp)
	lui	a0,0x12
	c.fld	fa1,8(a0)
	csrrs	a0,fflags,zero
	csrrs	zero,fflags,zero
	csrrw	a0,fflags,a1
	csrrw	zero,fflags,a1
	csrrwi	a0,fflags,3
	csrrwi	zero,fflags,31
	csrrs	a0,fflags,a1
	csrrs	zero,fflags,a1
	csrrc	a0,fflags,a1
	csrrc	zero,fflags,a1
	csrrsi	a0,fflags,1
	csrrsi	zero,fflags,1
	csrrci	a0,fflags,1
	csrrci	zero,fflags,1
	csrrwi	a0,fflags,0
	csrrw	a0,fflags,zero
	csrrs	a0,frm,zero
	csrrs	zero,frm,zero
	csrrw	a0,frm,a1
	csrrw	zero,frm,a1
	csrrwi	a0,frm,3
	csrrwi	zero,frm,31
	csrrs	a0,frm,a1
	csrrs	zero,frm,a1
	csrrc	a0,frm,a1
	csrrc	zero,frm,a1
	csrrsi	a0,frm,1
	csrrsi	zero,frm,1
	csrrci	a0,frm,1
	csrrci	zero,frm,1
	csrrwi	a0,frm,0
	csrrw	a0,frm,zero
	csrrs	a0,fcsr,zero
	csrrs	zero,fcsr,zero
	csrrw	a0,fcsr,a1
	csrrw	zero,fcsr,a1
	csrrwi	a0,fcsr,3
	csrrwi	zero,fcsr,31
	csrrs	a0,fcsr,a1
	csrrs	zero,fcsr,a1
	csrrc	a0,fcsr,a1
	csrrc	zero,fcsr,a1
	csrrsi	a0,fcsr,1
	csrrsi	zero,fcsr,1
	csrrci	a0,fcsr,1
	csrrci	zero,fcsr,1
	csrrwi	a0,fcsr,0
	csrrw	a0,fcsr,zero
	nop
