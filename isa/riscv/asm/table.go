package asm

import (
	"strconv"
	"strings"
)

// instDef is one way to write one mnemonic, as in GNU as's opcode table:
// the operand letters say what each comma-separated operand is and where its
// value goes in the instruction word; match holds every other bit. A
// mnemonic may have several entries, tried in order.
//
// Operand letters:
//
//	d s t     integer register in rd, rs1, rs2
//	D S T R   float register in rd, rs1, rs2, rs3; U: float register in rs1 and rs2
//	j         12-bit signed immediate (I-type), %lo/%pcrel_lo allowed
//	o(s)      offset(base) for loads and jalr;  q(s) the same for stores
//	0(s)      (base) for atomics, offset 0 only
//	> <       shift amount 0..63 / 0..31
//	u         20-bit upper immediate, %hi/%pcrel_hi allowed
//	p a       branch / jump target
//	E         CSR name or number;  Z 5-bit unsigned immediate in rs1
//	P Q       fence predecessor / successor sets
//	m         optional rounding mode
//	c         call/tail target;  A  address (la, lla, load/store of a symbol);  I  64-bit constant (li)
//	Ci Cu     immediate of an explicit compressed instruction (signed / unsigned)
//	Cm(s)     offset(base) of an explicit compressed load/store
type instDef struct {
	name  string
	args  []string
	match uint32
	macro string // non-empty for expansions: li, la, call, tail, ...
	c16   bool   // explicit compressed instruction (match is 16 bits)
}

// baseTable lists the 32-bit instructions and the pseudo-instructions that
// are single base instructions. Format: name args match [macro].
const baseTable = `
lui d,u 0x37
auipc d,u 0x17
jal d,a 0x6f
jal a 0xef
j a 0x6f
jalr s 0xe7
jalr o(s) 0xe7
jalr s,j 0xe7
jalr d,s 0x67
jalr d,o(s) 0x67
jalr d,s,j 0x67
jr s 0x67
jr o(s) 0x67
jr s,j 0x67
ret - 0x8067
beq s,t,p 0x63
bne s,t,p 0x1063
blt s,t,p 0x4063
bge s,t,p 0x5063
bltu s,t,p 0x6063
bgeu s,t,p 0x7063
beqz s,p 0x63
bnez s,p 0x1063
blez t,p 0x5063
bgez s,p 0x5063
bltz s,p 0x4063
bgtz t,p 0x4063
bgt t,s,p 0x4063
ble t,s,p 0x5063
bgtu t,s,p 0x6063
bleu t,s,p 0x7063
lb d,o(s) 0x03
lh d,o(s) 0x1003
lw d,o(s) 0x2003
ld d,o(s) 0x3003
lbu d,o(s) 0x4003
lhu d,o(s) 0x5003
lwu d,o(s) 0x6003
lb d,A 0x03 loadsym
lh d,A 0x1003 loadsym
lw d,A 0x2003 loadsym
ld d,A 0x3003 loadsym
lbu d,A 0x4003 loadsym
lhu d,A 0x5003 loadsym
lwu d,A 0x6003 loadsym
sb t,q(s) 0x23
sh t,q(s) 0x1023
sw t,q(s) 0x2023
sd t,q(s) 0x3023
sb t,A,s 0x23 storesym
sh t,A,s 0x1023 storesym
sw t,A,s 0x2023 storesym
sd t,A,s 0x3023 storesym
addi d,s,j 0x13
slti d,s,j 0x2013
sltiu d,s,j 0x3013
xori d,s,j 0x4013
ori d,s,j 0x6013
andi d,s,j 0x7013
slli d,s,> 0x1013
srli d,s,> 0x5013
srai d,s,> 0x40005013
add d,s,t 0x33
add d,s,j 0x13
sub d,s,t 0x40000033
sll d,s,t 0x1033
sll d,s,> 0x1013
slt d,s,t 0x2033
slt d,s,j 0x2013
sltu d,s,t 0x3033
sltu d,s,j 0x3013
xor d,s,t 0x4033
xor d,s,j 0x4013
srl d,s,t 0x5033
srl d,s,> 0x5013
sra d,s,t 0x40005033
sra d,s,> 0x40005013
or d,s,t 0x6033
or d,s,j 0x6013
and d,s,t 0x7033
and d,s,j 0x7013
addiw d,s,j 0x1b
slliw d,s,< 0x101b
srliw d,s,< 0x501b
sraiw d,s,< 0x4000501b
addw d,s,t 0x3b
addw d,s,j 0x1b
subw d,s,t 0x4000003b
sllw d,s,t 0x103b
sllw d,s,< 0x101b
srlw d,s,t 0x503b
srlw d,s,< 0x501b
sraw d,s,t 0x4000503b
sraw d,s,< 0x4000501b
nop - 0x13
mv d,s 0x13
move d,s 0x13
not d,s 0xfff04013
neg d,t 0x40000033
negw d,t 0x4000003b
sext.w d,s 0x1b
seqz d,s 0x103013
snez d,t 0x3033
sltz d,s 0x2033
sgtz d,t 0x2033
sgt d,t,s 0x2033
sgtu d,t,s 0x3033
zext.b d,s 0x0ff07013
zext.h d,s 0 ext
zext.w d,s 0 ext
sext.b d,s 0 ext
sext.h d,s 0 ext
li d,I 0 li
la d,A 0 lla
lla d,A 0 lla
call d,c 0 call
call c 0 call
tail c 0 tail
jump c,s 0 jump
fence - 0x0ff0000f
fence P,Q 0x0f
fence.i - 0x100f
fence.tso - 0x8330000f
pause - 0x0100000f
ecall - 0x73
ebreak - 0x100073
scall - 0x73
sbreak - 0x100073
uret - 0x200073
sret - 0x10200073
mret - 0x30200073
dret - 0x7b200073
wfi - 0x10500073
sfence.vma - 0x12000073
sfence.vma s 0x12000073
sfence.vma s,t 0x12000073
csrrw d,E,s 0x1073
csrrs d,E,s 0x2073
csrrc d,E,s 0x3073
csrrwi d,E,Z 0x5073
csrrsi d,E,Z 0x6073
csrrci d,E,Z 0x7073
csrrw d,E,Z 0x5073
csrrs d,E,Z 0x6073
csrrc d,E,Z 0x7073
csrr d,E 0x2073
csrw E,s 0x1073
csrs E,s 0x2073
csrc E,s 0x3073
csrwi E,Z 0x5073
csrsi E,Z 0x6073
csrci E,Z 0x7073
csrw E,Z 0x5073
csrs E,Z 0x6073
csrc E,Z 0x7073
frcsr d 0x302073
fscsr d,s 0x301073
fscsr s 0x301073
frrm d 0x202073
fsrm d,s 0x201073
fsrm s 0x201073
fsrmi d,Z 0x205073
fsrmi Z 0x205073
frflags d 0x102073
fsflags d,s 0x101073
fsflags s 0x101073
fsflagsi d,Z 0x105073
fsflagsi Z 0x105073
rdcycle d 0xc0002073
rdtime d 0xc0102073
rdinstret d 0xc0202073
unimp - 0xc0001073
mul d,s,t 0x2000033
mulh d,s,t 0x2001033
mulhsu d,s,t 0x2002033
mulhu d,s,t 0x2003033
div d,s,t 0x2004033
divu d,s,t 0x2005033
rem d,s,t 0x2006033
remu d,s,t 0x2007033
mulw d,s,t 0x200003b
divw d,s,t 0x200403b
divuw d,s,t 0x200503b
remw d,s,t 0x200603b
remuw d,s,t 0x200703b
flw D,o(s) 0x2007
fld D,o(s) 0x3007
fsw T,q(s) 0x2027
fsd T,q(s) 0x3027
flw D,A,s 0x2007 loadsymf
fld D,A,s 0x3007 loadsymf
fsw T,A,s 0x2027 storesym
fsd T,A,s 0x3027 storesym
fmv.x.w d,S 0xe0000053
fmv.w.x D,s 0xf0000053
fmv.x.s d,S 0xe0000053
fmv.s.x D,s 0xf0000053
fmv.x.d d,S 0xe2000053
fmv.d.x D,s 0xf2000053
frsr d 0x302073
fssr d,s 0x301073
fssr s 0x301073
`

// fpTable lists the F and D arithmetic instructions by funct7-less shape;
// each line is expanded for .s (fmt 0) and .d (fmt 1).
const fpTable = `
fadd D,S,T,m 0x00000053
fsub D,S,T,m 0x08000053
fmul D,S,T,m 0x10000053
fdiv D,S,T,m 0x18000053
fsqrt D,S,m 0x58000053
fsgnj D,S,T 0x20000053
fsgnjn D,S,T 0x20001053
fsgnjx D,S,T 0x20002053
fmin D,S,T 0x28000053
fmax D,S,T 0x28001053
fmv D,U 0x20000053
fneg D,U 0x20001053
fabs D,U 0x20002053
feq d,S,T 0xa0002053
flt d,S,T 0xa0001053
fle d,S,T 0xa0000053
fgt d,T,S 0xa0001053
fge d,T,S 0xa0000053
fclass d,S 0xe0001053
fmadd D,S,T,R,m 0x43
fmsub D,S,T,R,m 0x47
fnmsub D,S,T,R,m 0x4b
fnmadd D,S,T,R,m 0x4f
`

// cvtTable lists conversions: name args match. Conversions that are always
// exact take no rounding mode in GNU as's encoding (rm = 0) unless given.
const cvtTable = `
fcvt.w.s d,S,m 0xc0000053
fcvt.wu.s d,S,m 0xc0100053
fcvt.l.s d,S,m 0xc0200053
fcvt.lu.s d,S,m 0xc0300053
fcvt.s.w D,s,m 0xd0000053
fcvt.s.wu D,s,m 0xd0100053
fcvt.s.l D,s,m 0xd0200053
fcvt.s.lu D,s,m 0xd0300053
fcvt.w.d d,S,m 0xc2000053
fcvt.wu.d d,S,m 0xc2100053
fcvt.l.d d,S,m 0xc2200053
fcvt.lu.d d,S,m 0xc2300053
fcvt.d.w D,s 0xd2000053
fcvt.d.wu D,s 0xd2100053
fcvt.d.w D,s,m 0xd2000053
fcvt.d.wu D,s,m 0xd2100053
fcvt.d.l D,s,m 0xd2200053
fcvt.d.lu D,s,m 0xd2300053
fcvt.s.d D,S,m 0x40100053
fcvt.d.s D,S 0x42000053
fcvt.d.s D,S,m 0x42000053
`

// cTable lists the explicit compressed instructions of RV64C.
const cTable = `
c.addi4spn Ct,Cc,Cu 0x0000
c.fld CT,Cm(Cs) 0x2000
c.lw Ct,Cm(Cs) 0x4000
c.ld Ct,Cm(Cs) 0x6000
c.fsd CT,Cm(Cs) 0xa000
c.sw Ct,Cm(Cs) 0xc000
c.sd Ct,Cm(Cs) 0xe000
c.nop - 0x0001
c.nop Ci 0x0001
c.addi d,Ci 0x0001
c.addiw d,Ci 0x2001
c.li d,Ci 0x4001
c.addi16sp Cc,Ci 0x6101
c.lui d,Cu 0x6001
c.srli Cs,Cu 0x8001
c.srai Cs,Cu 0x8401
c.andi Cs,Ci 0x8801
c.sub Cs,Ct 0x8c01
c.xor Cs,Ct 0x8c21
c.or Cs,Ct 0x8c41
c.and Cs,Ct 0x8c61
c.subw Cs,Ct 0x9c01
c.addw Cs,Ct 0x9c21
c.j a 0xa001
c.beqz Cs,p 0xc001
c.bnez Cs,p 0xe001
c.slli d,Cu 0x0002
c.fldsp D,Cm(Cc) 0x2002
c.lwsp d,Cm(Cc) 0x4002
c.ldsp d,Cm(Cc) 0x6002
c.jr s 0x8002
c.mv d,t 0x8002
c.ebreak - 0x9002
c.jalr s 0x9002
c.add d,t 0x9002
c.fsdsp T,Cm(Cc) 0xa002
c.swsp t,Cm(Cc) 0xc002
c.sdsp t,Cm(Cc) 0xe002
c.unimp - 0x0000
c.slli64 d 0x0002
c.srli64 Cs 0x8001
c.srai64 Cs 0x8401
`

// table maps a mnemonic to its entries in the order they are tried.
var table = buildTable()

func buildTable() map[string][]*instDef {
	m := map[string][]*instDef{}
	add := func(name, args string, match uint32, macro string, c16 bool) {
		d := &instDef{name: name, match: match, macro: macro, c16: c16}
		if args != "-" {
			d.args = strings.Split(args, ",")
		}
		m[name] = append(m[name], d)
	}
	parse := func(text string, c16 bool, each func(name, args string, match uint32, macro string)) {
		for _, line := range strings.Split(text, "\n") {
			f := strings.Fields(line)
			if len(f) < 3 {
				continue
			}
			v, err := strconv.ParseUint(f[2], 0, 32)
			if err != nil {
				panic("asm: bad table line " + line)
			}
			macro := ""
			if len(f) > 3 {
				macro = f[3]
			}
			each(f[0], f[1], uint32(v), macro)
		}
	}
	parse(baseTable, false, func(n, a string, v uint32, mac string) { add(n, a, v, mac, false) })
	parse(cvtTable, false, func(n, a string, v uint32, mac string) { add(n, a, v, mac, false) })
	parse(fpTable, false, func(n, a string, v uint32, mac string) {
		// An omitted rounding mode ("m") is encoded as dyn (7) by encode32.
		for fmt, suf := range []string{".s", ".d"} {
			add(n+suf, a, v|uint32(fmt)<<25, "", false)
		}
	})
	parse(cTable, true, func(n, a string, v uint32, mac string) { add(n, a, v, mac, true) })
	// Atomics: every size and ordering suffix.
	amo := []struct {
		name   string
		funct5 uint32
		args   string
	}{
		{"lr", 0x02, "d,0(s)"}, {"sc", 0x03, "d,t,0(s)"},
		{"amoswap", 0x01, "d,t,0(s)"}, {"amoadd", 0x00, "d,t,0(s)"},
		{"amoxor", 0x04, "d,t,0(s)"}, {"amoand", 0x0c, "d,t,0(s)"},
		{"amoor", 0x08, "d,t,0(s)"}, {"amomin", 0x10, "d,t,0(s)"},
		{"amomax", 0x14, "d,t,0(s)"}, {"amominu", 0x18, "d,t,0(s)"},
		{"amomaxu", 0x1c, "d,t,0(s)"},
	}
	for _, a := range amo {
		for _, w := range []struct {
			suf string
			f3  uint32
		}{{".w", 2}, {".d", 3}} {
			for _, o := range []struct {
				suf  string
				bits uint32
			}{{"", 0}, {".aq", 1 << 26}, {".rl", 1 << 25}, {".aqrl", 3 << 25}} {
				add(a.name+w.suf+o.suf, a.args, 0x2f|w.f3<<12|a.funct5<<27|o.bits, "", false)
			}
		}
	}
	return m
}
