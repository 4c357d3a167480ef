package riscv

import "testing"

// TestDecodeTable pins the operand conventions of inst.go on encodings
// taken from the assembler (see testdata/disasm/insns.s), with the
// expected fields worked out from the spec's encoding tables.
func TestDecodeTable(t *testing.T) {
	I := func(op Op, rd, rs1, rs2 uint8, imm int64) Inst {
		return Inst{Op: op, Rd: rd, Rs1: rs1, Rs2: rs2, Imm: imm}
	}
	ill := Inst{Op: OpIllegal}
	tests := []struct {
		name string
		raw  uint32
		want Inst // Len and Raw are checked separately
	}{
		// base
		{"lui a0,0xfffff", 0xfffff537, I(OpLUI, 10, 0, 0, -4096)},
		{"auipc t0,0x80000", 0x80000297, I(OpAUIPC, 5, 0, 0, -0x80000000)},
		{"jal zero,.+0xffffe", 0x7ffff06f, I(OpJAL, 0, 0, 0, 0xffffe)},
		{"jal zero,.-0x100000", 0x8000006f, I(OpJAL, 0, 0, 0, -0x100000)},
		{"jalr t0,-2048(t0)", 0x800282e7, I(OpJALR, 5, 5, 0, -2048)},
		{"jalr funct3!=0", 0x00001067, ill},
		{"beq a0,a1,.+4094", 0x7eb50fe3, I(OpBEQ, 0, 10, 11, 4094)},
		{"bne a0,a1,.-4096", 0x80b51063, I(OpBNE, 0, 10, 11, -4096)},
		{"branch funct3=2", 0x00b52063, ill},
		{"ld a0,-2048(a1)", 0x8005b503, I(OpLD, 10, 11, 0, -2048)},
		{"lwu ra,-100(sp)", 0xf9c16083, I(OpLWU, 1, 2, 0, -100)},
		{"load funct3=7", 0x0005f503, ill},
		{"sd ra,-2048(sp)", 0x80113023, I(OpSD, 0, 2, 1, -2048)},
		{"sw zero,2047(sp)", 0x7e012fa3, I(OpSW, 0, 2, 0, 2047)},
		{"store funct3=4", 0x00a5c023, ill},
		{"addi sp,sp,-16", 0xff010113, I(OpADDI, 2, 2, 0, -16)},
		{"slli a0,a1,63", 0x03f59513, I(OpSLLI, 10, 11, 0, 63)},
		{"slli funct6!=0 (Zbs bseti)", 0x28059513, ill},
		{"srai a0,a1,63", 0x43f5d513, I(OpSRAI, 10, 11, 0, 63)},
		{"srli funct6=0x08", 0x2005d513, ill},
		{"sraiw a0,a1,31", 0x41f5d51b, I(OpSRAIW, 10, 11, 0, 31)},
		{"slliw shamt=32 reserved", 0x0205951b, ill},
		{"srliw shamt=32 reserved", 0x0205d51b, ill},
		{"sraiw shamt=32 reserved", 0x4205d51b, ill},
		{"sub a0,a1,a2", 0x40c58533, I(OpSUB, 10, 11, 12, 0)},
		{"andn (Zbb)", 0x40c5f533, ill},
		{"mulhsu s0,s1,s2", 0x0324a433, I(OpMULHSU, 8, 9, 18, 0)},
		{"remuw zero,t6,t5", 0x03eff03b, I(OpREMUW, 0, 31, 30, 0)},
		{"mulw funct3=1", 0x02c5953b, ill},
		{"lr.d.aqrl t0,(sp)", 0x160132af, I(OpLRD, 5, 2, 0, 0)},
		{"lr.w rs2!=0 reserved", 0x1015a52f, ill},
		{"sc.w.aq a0,a2,(a1)", 0x1cc5a52f, I(OpSCW, 10, 11, 12, 0)},
		{"amomaxu.d.aqrl a0,a2,(zero)", 0xe6c0352f, I(OpAMOMAXUD, 10, 0, 12, 0)},
		{"amocas.w (Zacas)", 0x28c5a52f, ill},
		{"amo funct3=4", 0x00c5c52f, ill},
		{"fence iorw,iorw", 0x0ff0000f, I(OpFENCE, 0, 0, 0, 0)},
		{"fence.tso", 0x8330000f, I(OpFENCE, 0, 0, 0, 0)},
		{"fence reserved fields ignored", 0x8ff5008f, I(OpFENCE, 0, 0, 0, 0)},
		{"fence.i", 0x0000100f, I(OpFENCEI, 0, 0, 0, 0)},
		{"fence.i reserved fields ignored", 0x0015108f, I(OpFENCEI, 0, 0, 0, 0)},
		{"cbo.clean (Zicbom)", 0x0015200f, ill},
		{"csrrw a0,mstatus,a1", 0x30059573, I(OpCSRRW, 10, 11, 0, 0x300)},
		{"csrrwi zero,mstatus,31", 0x300fd073, I(OpCSRRWI, 0, 31, 0, 0x300)},
		{"csrrs a0,0xfff,a1", 0xfff5a573, I(OpCSRRS, 10, 11, 0, 0xfff)},
		{"system funct3=4", 0x00004073, ill},
		{"ecall", 0x00000073, I(OpECALL, 0, 0, 0, 0)},
		{"ebreak", 0x00100073, I(OpEBREAK, 0, 0, 0, 0)},
		{"ecall rd!=0", 0x000000f3, ill},
		{"mret", 0x30200073, I(OpMRET, 0, 0, 0, 0)},
		{"sret", 0x10200073, I(OpSRET, 0, 0, 0, 0)},
		{"wfi", 0x10500073, I(OpWFI, 0, 0, 0, 0)},
		{"uret (removed)", 0x00200073, ill},
		{"dret (debug mode only)", 0x7b200073, ill},
		{"sfence.vma a0,a1", 0x12b50073, I(OpSFENCEVMA, 0, 10, 11, 0)},
		{"sfence.vma rd!=0", 0x12000873, ill},
		{"hfence.vvma (H)", 0x22000073, ill},
		{"fld fa0,0(a1)", 0x0005b507, I(OpFLD, 10, 11, 0, 0)},
		{"fadd.d fa0,fa1,fa2,rne", 0x02c58553, I(OpFADDD, 10, 11, 12, 0)},
		{"fadd.s fa0,fa1,fa2 (dyn)", 0x00c5f553, I(OpFADDS, 10, 11, 12, 7)},
		{"fadd.s rm=5 (decoded; traps when run)", 0x00c5d553, I(OpFADDS, 10, 11, 12, 5)},
		{"fmadd.s fa0,fa1,fa2,fa0,rne", 0x00c58543, I(OpFMADDS, 10, 11, 12, 0)},
		{"fnmadd.d ft0,fs1,ft11,fa7,rmm", 0x8bf4c04f, I(OpFNMADDD, 0, 9, 31, 4|17<<3)},
		{"fmadd.h (Zfh)", 0x04c58543, ill},
		{"flh (Zfh)", 0x0005a507&^0x7000 | 1<<12, ill},
		{"fsqrt.s rs2!=0", 0x5815f553, ill},
		{"fcvt.s.d fa0,fa1", 0x4015f553, I(OpFCVTSD, 10, 11, 1, 7)},
		{"fcvt.d.s rs2=1 reserved", 0x4215f553, ill},
		{"fcvt.w.s rs2=4 reserved", 0xc045f553, ill},
		{"fmv.x.w a0,fa1", 0xe0058553, I(OpFMVXW, 10, 11, 0, 0)},
		{"fmv.x.w funct3=2 reserved", 0xe005a553, ill},
		{"fclass.d a0,fa1", 0xe2059553, I(OpFCLASSD, 10, 11, 0, 0)},
		{"fle.s a0,fa1,fa2", 0xa0c58553, I(OpFLES, 10, 11, 12, 0)},
		{"feq funct3=3 reserved", 0xa0c5b553, ill},
		{"fsw fa0,-4(s0)", 0xfea42e27, I(OpFSW, 0, 8, 10, -4)},
		{"custom-0", 0x0000000b, ill},
		// compressed
		{"c.unimp (all zero)", 0x0000, ill},
		{"c.addi4spn s0,sp,1020", 0x1fe0, I(OpADDI, 8, 2, 0, 1020)},
		{"c.addi4spn nzuimm=0", 0x0004, ill},
		{"c.fld fs0,0(s0)", 0x2000, I(OpFLD, 8, 8, 0, 0)},
		{"c.fld fs1,248(a5)", 0x3fe4, I(OpFLD, 9, 15, 0, 248)},
		{"c.fsd fa5,248(s0)", 0xbc7c, I(OpFSD, 0, 8, 15, 248)},
		{"c.lw a5,124(a5)", 0x5ffc, I(OpLW, 15, 15, 0, 124)},
		{"c.ld s1,248(a2)", 0x7e64, I(OpLD, 9, 12, 0, 248)},
		{"q0 funct3=4 reserved", 0x8000, ill},
		{"c.sw a5,124(a5)", 0xdffc, I(OpSW, 0, 15, 15, 124)},
		{"c.sd s1,248(a2)", 0xfe64, I(OpSD, 0, 12, 9, 248)},
		{"c.nop", 0x0001, I(OpADDI, 0, 0, 0, 0)},
		{"c.nop imm!=0 (HINT)", 0x1001, I(OpADDI, 0, 0, 0, -32)},
		{"c.addi t6,-32", 0x1f81, I(OpADDI, 31, 31, 0, -32)},
		{"c.addi a0,0 (HINT)", 0x0501, I(OpADDI, 10, 10, 0, 0)},
		{"c.addiw a0,-32", 0x3501, I(OpADDIW, 10, 10, 0, -32)},
		{"c.addiw rd=0 reserved", 0x2001, ill},
		{"c.li a0,-32", 0x5501, I(OpADDI, 10, 0, 0, -32)},
		{"c.li zero,1 (HINT)", 0x4005, I(OpADDI, 0, 0, 0, 1)},
		{"c.addi16sp sp,-512", 0x7101, I(OpADDI, 2, 2, 0, -512)},
		{"c.addi16sp sp,496", 0x617d, I(OpADDI, 2, 2, 0, 496)},
		{"c.addi16sp imm=0 reserved", 0x6101, ill},
		{"c.lui a0,0xfffe0", 0x7501, I(OpLUI, 10, 0, 0, -0x20000)},
		{"c.lui t6,0x1f", 0x6ffd, I(OpLUI, 31, 0, 0, 0x1f000)},
		{"c.lui zero,1 (HINT)", 0x6005, I(OpLUI, 0, 0, 0, 0x1000)},
		{"c.lui imm=0 reserved", 0x6501, ill},
		{"c.srli s1,63", 0x90fd, I(OpSRLI, 9, 9, 0, 63)},
		{"c.srli64 a0 (HINT)", 0x8101, I(OpSRLI, 10, 10, 0, 0)},
		{"c.srai s1,63", 0x94fd, I(OpSRAI, 9, 9, 0, 63)},
		{"c.andi a5,-32", 0x9b81, I(OpANDI, 15, 15, 0, -32)},
		{"c.sub a0,a1", 0x8d0d, I(OpSUB, 10, 10, 11, 0)},
		{"c.xor s0,s1", 0x8c25, I(OpXOR, 8, 8, 9, 0)},
		{"c.or a4,a5", 0x8f5d, I(OpOR, 14, 14, 15, 0)},
		{"c.and a0,a0", 0x8d69, I(OpAND, 10, 10, 10, 0)},
		{"c.subw a0,a1", 0x9d0d, I(OpSUBW, 10, 10, 11, 0)},
		{"c.addw a5,s0", 0x9fa1, I(OpADDW, 15, 15, 8, 0)},
		{"q1 subw/addw funct2=2 reserved", 0x9c41, ill},
		{"c.j .+2046", 0xaffd, I(OpJAL, 0, 0, 0, 2046)},
		{"c.j .-2048", 0xb001, I(OpJAL, 0, 0, 0, -2048)},
		{"c.beqz s0,.+254", 0xcc7d, I(OpBEQ, 0, 8, 0, 254)},
		{"c.beqz a5,.-256", 0xd381, I(OpBEQ, 0, 15, 0, -256)},
		{"c.bnez s1,.+2", 0xe089, I(OpBNE, 0, 9, 0, 2)},
		{"c.slli t6,63", 0x1ffe, I(OpSLLI, 31, 31, 0, 63)},
		{"c.slli zero,1 (HINT)", 0x0006, I(OpSLLI, 0, 0, 0, 1)},
		{"c.fldsp ft0,0(sp) (rd=0 allowed)", 0x2002, I(OpFLD, 0, 2, 0, 0)},
		{"c.fldsp ft11,504(sp)", 0x3ffe, I(OpFLD, 31, 2, 0, 504)},
		{"c.lwsp ra,252(sp)", 0x50fe, I(OpLW, 1, 2, 0, 252)},
		{"c.lwsp rd=0 reserved", 0x4002, ill},
		{"c.ldsp ra,504(sp)", 0x70fe, I(OpLD, 1, 2, 0, 504)},
		{"c.ldsp rd=0 reserved", 0x6002, ill},
		{"c.jr ra", 0x8082, I(OpJALR, 0, 1, 0, 0)},
		{"c.jr rs1=0 reserved", 0x8002, ill},
		{"c.mv a0,a1", 0x852e, I(OpADD, 10, 0, 11, 0)},
		{"c.mv zero,a1 (HINT)", 0x802e, I(OpADD, 0, 0, 11, 0)},
		{"c.ebreak", 0x9002, I(OpEBREAK, 0, 0, 0, 0)},
		{"c.jalr a0", 0x9502, I(OpJALR, 1, 10, 0, 0)},
		{"c.add sp,t6", 0x917e, I(OpADD, 2, 2, 31, 0)},
		{"c.add zero,a1 (HINT)", 0x902e, I(OpADD, 0, 0, 11, 0)},
		{"c.fsdsp ft0,0(sp)", 0xa002, I(OpFSD, 0, 2, 0, 0)},
		{"c.fsdsp ft11,504(sp)", 0xbffe, I(OpFSD, 0, 2, 31, 504)},
		{"c.swsp ra,252(sp)", 0xdf86, I(OpSW, 0, 2, 1, 252)},
		{"c.sdsp ra,504(sp)", 0xff86, I(OpSD, 0, 2, 1, 504)},
		{"RVC ignores the upper half", 0xdead8082, I(OpJALR, 0, 1, 0, 0)},
	}
	for _, tt := range tests {
		got := Decode(tt.raw)
		want := tt.want
		want.Len, want.Raw = 4, tt.raw
		if tt.raw&3 != 3 {
			want.Len, want.Raw = 2, tt.raw&0xffff
		}
		if got != want {
			t.Errorf("%s: Decode(%#x) = %+v, want %+v", tt.name, tt.raw, got, want)
		}
	}
}

// TestDecodeNoAlloc guards the decoder's hot-path property.
func TestDecodeNoAlloc(t *testing.T) {
	words := []uint32{0xff010113, 0x8082, 0x1005a52f, 0x0000000b, 0x30200073}
	allocs := testing.AllocsPerRun(100, func() {
		for _, w := range words {
			_ = Decode(w)
		}
	})
	if allocs != 0 {
		t.Errorf("Decode allocates %.1f times per run", allocs)
	}
}
