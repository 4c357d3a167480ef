package riscv

import (
	"encoding/binary"
	"fmt"
	"strings"

	"golang.org/x/arch/riscv64/riscv64asm"
)

// An independent decoder, golang.org/x/arch/riscv64/riscv64asm, is the
// oracle for which encodings are valid. The two legitimately disagree in
// a few documented places, each handled in xarchDisagreement.

// rvcBase maps riscv64asm's compressed mnemonics to the base Op that
// Decode expands them to; the others (c.fld, c.fsd, c.fldsp, c.fsdsp)
// it names as their base instruction. Zcb's are not implemented.
var rvcBase = map[string]Op{
	"c.addi4spn": OpADDI, "c.lw": OpLW, "c.ld": OpLD, "c.sw": OpSW, "c.sd": OpSD,
	"c.nop": OpADDI, "c.addi": OpADDI, "c.addiw": OpADDIW, "c.li": OpADDI,
	"c.addi16sp": OpADDI, "c.lui": OpLUI, "c.srli": OpSRLI, "c.srai": OpSRAI,
	"c.andi": OpANDI, "c.sub": OpSUB, "c.xor": OpXOR, "c.or": OpOR, "c.and": OpAND,
	"c.subw": OpSUBW, "c.addw": OpADDW, "c.j": OpJAL, "c.beqz": OpBEQ, "c.bnez": OpBNE,
	"c.slli": OpSLLI, "c.lwsp": OpLW, "c.ldsp": OpLD, "c.jr": OpJALR, "c.mv": OpADD,
	"c.ebreak": OpEBREAK, "c.jalr": OpJALR, "c.add": OpADD, "c.swsp": OpSW, "c.sdsp": OpSD,
}

// baseByName maps base mnemonics ("addi", "lr.w") to Ops.
var baseByName = func() map[string]Op {
	m := map[string]Op{}
	for op := Op(1); op < NumOps; op++ {
		m[op.String()] = op
	}
	return m
}()

// xarchOp returns the Op riscv64asm's decoding of raw corresponds to, and
// whether riscv64asm decoded it at all. known is false for instructions
// of extensions this hart does not implement.
func xarchOp(raw uint32, compressed bool) (op Op, valid, known bool, name string) {
	var buf [4]byte
	binary.LittleEndian.PutUint32(buf[:], raw)
	src := buf[:]
	if compressed {
		src = buf[:2]
	}
	inst, err := riscv64asm.Decode(src)
	if err != nil {
		return OpIllegal, false, false, ""
	}
	name = strings.ToLower(inst.Op.String())
	if compressed {
		// riscv64asm reports most compressed instructions as the base
		// instruction they expand to, some under their c.* name.
		if op, known = rvcBase[name]; known {
			return op, true, known, name
		}
		op, known = baseByName[name]
		return op, true, known, name
	}
	base := name
	for _, suf := range []string{".aqrl", ".aq", ".rl"} {
		if strings.HasSuffix(base, suf) && (strings.HasPrefix(base, "amo") || strings.HasPrefix(base, "lr.") || strings.HasPrefix(base, "sc.")) {
			base = strings.TrimSuffix(base, suf)
			break
		}
	}
	switch base {
	case "fence.tso", "pause": // FENCE with particular fields
		base = "fence"
	}
	op, known = baseByName[base]
	return op, true, known, name
}

// isRVCHint reports the RV64C HINT encodings (spec table "RVC HINT
// instructions"): legal, and executed as their base instruction writing x0
// or doing nothing, while riscv64asm rejects most of them.
func isRVCHint(h uint16) bool {
	q, f3 := h&3, h>>13
	rd := h >> 7 & 31
	rs2 := h >> 2 & 31
	imm0 := h&0x107c == 0
	switch {
	case q == 1 && f3 == 0: // c.nop with imm != 0, c.addi with imm == 0
		return (rd == 0) != imm0
	case q == 1 && f3 == 2: // c.li rd=0
		return rd == 0
	case q == 1 && f3 == 3 && rd == 0: // c.lui rd=0
		return !imm0
	case q == 1 && f3 == 4 && h>>11&1 == 0: // c.srli/c.srai shamt=0
		return imm0
	case q == 2 && f3 == 0: // c.slli rd=0 or shamt=0
		return rd == 0 || imm0
	case q == 2 && f3 == 4 && rs2 != 0: // c.mv, c.add with rd=0
		return rd == 0
	}
	return false
}

// xarchDisagreement compares Decode(raw) with riscv64asm and describes an
// unexplained difference, or returns "".
//
// Documented exclusions:
//   - instructions of extensions this hart does not implement (F, D, Q,
//     Zfh, V, Zba/Zbb/Zbc/Zbs, Zicond, Zacas, Zcb, ...) are OpIllegal here
//     and valid there: skipped when riscv64asm's op is not ours.
//   - RVC HINTs: Decode accepts them (the spec requires it), riscv64asm
//     rejects most.
//   - FENCE.I with non-zero imm/rs1/rd: the spec says base
//     implementations ignore those fields; riscv64asm agrees for FENCE
//     but not for FENCE.I.
//   - the all-zero halfword: the spec defines it as illegal, riscv64asm
//     decodes it as unimp (csrrw x0,cycle,x0, which traps when run).
//   - privileged instructions (mret, sret, wfi, sfence.vma): riscv64asm
//     covers the unprivileged ISA only and rejects them all; their exact
//     field checks are covered by TestDecodeTable and the objdump corpus.
func xarchDisagreement(raw uint32) string {
	in := Decode(raw)
	compressed := raw&3 != 3
	xop, valid, known, name := xarchOp(raw, compressed)
	switch {
	case in.Op == OpIllegal && !valid:
		return ""
	case in.Op == OpIllegal && valid && !known:
		return "" // another extension
	case compressed && uint16(raw) == 0:
		return "" // defined illegal by the spec; riscv64asm shows it as unimp (csrrw x0,cycle,x0)
	case in.Op == OpIllegal:
		return fmt.Sprintf("Decode says illegal, riscv64asm decodes %s", name)
	case !valid:
		if compressed && isRVCHint(uint16(raw)) {
			return ""
		}
		switch in.Op {
		case OpFENCEI, OpMRET, OpSRET, OpWFI, OpSFENCEVMA:
			return ""
		}
		return fmt.Sprintf("Decode gives %v, riscv64asm rejects it", in.Op)
	case !known:
		return fmt.Sprintf("Decode gives %v, riscv64asm decodes %s (another extension)", in.Op, name)
	case xop != in.Op:
		return fmt.Sprintf("Decode gives %v, riscv64asm decodes %s", in.Op, name)
	}
	return ""
}
