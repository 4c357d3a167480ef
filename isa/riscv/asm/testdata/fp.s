# F and D extensions (rv64gc).
	.text
	.globl _start
_start:
	flw fa0, 4(a0)
	fsw fa0, -4(a0)
	fld fa1, 16(a0)
	fsd fa1, 2040(a0)
	fadd.s fa0, fa1, fa2
	fadd.s fa0, fa1, fa2, rtz
	fsub.s fa0, fa1, fa2, rne
	fmul.s fa0, fa1, fa2, rdn
	fdiv.s fa0, fa1, fa2, rup
	fsqrt.s fa0, fa1, rmm
	fsqrt.s fa0, fa1
	fadd.d ft0, ft1, ft2, dyn
	fsub.d ft0, ft1, ft2
	fmul.d ft0, ft1, ft2
	fdiv.d ft0, ft1, ft2
	fsqrt.d ft0, ft1
	fsgnj.s fa0, fa1, fa2
	fsgnjn.s fa0, fa1, fa2
	fsgnjx.s fa0, fa1, fa2
	fsgnj.d fa0, fa1, fa2
	fsgnjn.d fa0, fa1, fa2
	fsgnjx.d fa0, fa1, fa2
	fmv.s fa0, fa1
	fneg.s fa0, fa1
	fabs.s fa0, fa1
	fmv.d fa0, fa1
	fneg.d fa0, fa1
	fabs.d fa0, fa1
	fmin.s fa0, fa1, fa2
	fmax.s fa0, fa1, fa2
	fmin.d fa0, fa1, fa2
	fmax.d fa0, fa1, fa2
	feq.s a0, fa1, fa2
	flt.s a0, fa1, fa2
	fle.s a0, fa1, fa2
	feq.d a0, fa1, fa2
	flt.d a0, fa1, fa2
	fle.d a0, fa1, fa2
	fgt.s a0, fa1, fa2
	fge.d a0, fa1, fa2
	fclass.s a0, fa1
	fclass.d a0, fa1
	fmadd.s fa0, fa1, fa2, fa3
	fmsub.s fa0, fa1, fa2, fa3, rtz
	fnmsub.d fa0, fa1, fa2, fa3
	fnmadd.d fa0, fa1, fa2, fa3, rne
	fcvt.w.s a0, fa0
	fcvt.w.s a0, fa0, rtz
	fcvt.wu.s a0, fa0, rtz
	fcvt.l.s a0, fa0, rtz
	fcvt.lu.s a0, fa0, rtz
	fcvt.s.w fa0, a0
	fcvt.s.wu fa0, a0
	fcvt.s.l fa0, a0
	fcvt.s.lu fa0, a0, rne
	fcvt.w.d a0, fa0, rtz
	fcvt.wu.d a0, fa0
	fcvt.l.d a0, fa0, rtz
	fcvt.lu.d a0, fa0
	fcvt.d.w fa0, a0
	fcvt.d.wu fa0, a0
	fcvt.d.l fa0, a0
	fcvt.d.lu fa0, a0
	fcvt.s.d fa0, fa1
	fcvt.d.s fa0, fa1
	fmv.x.w a0, fa0
	fmv.w.x fa0, a0
	fmv.x.d a0, fa0
	fmv.d.x fa0, a0
	fld fs0, 0(sp)
	fsd fs0, 8(sp)
	flw f0, value, t0
	fld f1, value, t0
	fsw f0, value, t0
	fsd f1, value, t0
	.data
value:	.dword 0
