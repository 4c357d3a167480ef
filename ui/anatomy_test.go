package ui

import (
	"strings"
	"testing"

	"vmcore/isa/riscv"
)

func TestAnatomyFormats(t *testing.T) {
	tests := []struct {
		raw    uint32
		format string
		fields string
		pseudo string
	}{
		{encI(0x13, 10, 0, 11, -3), "I", "imm[11:0] rs1 funct3 rd opcode", "a0 ← a1 + -3"},
		{0x00b50533, "R", "funct7 rs2 rs1 funct3 rd opcode", "a0 ← a0 + a1"}, // add a0,a0,a1
		{encS(3, 2, 10, 8), "S", "imm[11:5] rs2 rs1 funct3 imm[4:0] opcode", "mem64[sp + 8] ← a0"},
		{encB(0, 10, 11, 16), "B", "imm[12|10:5] rs2 rs1 funct3 imm[4:1|11] opcode", "if a0 == a1: pc ← pc + 16"},
		{0x12345537, "U", "imm[31:12] rd opcode", "a0 ← 0x12345000"},
		{0x008000ef, "J", "imm[20|10:1|11|19:12] rd opcode", "ra ← pc + 4; pc ← pc + 8"},
		{0x34202573, "I (CSR)", "csr rs1 funct3 rd opcode", "a0 ← mcause; mcause ← mcause | zero"},
		{0x0cb5252f, "R (atomic)", "funct5 aq rl rs2 rs1 funct3 rd opcode", "a0 ← mem[a0]; mem[a0] ← swap(mem[a0], a1)"},
		{encI(0x13, 10, 1, 10, 3), "I (shift)", "funct6 shamt rs1 funct3 rd opcode", "a0 ← a0 << 3"},
		{0x00000073, "I (system)", "funct12 rs1 funct3 rd opcode", "trap: environment call from the current privilege"},
		{0x0505, "CI", "funct3 imm[5] rd/rs1 imm[4:0] op", "a0 ← a0 + 1"},
		{0x8082, "CR", "funct4 rd/rs1 rs2 op", "zero ← pc + 2; pc ← (ra + 0) & ~1"},  // c.jr ra
		{0x4108, "CL", "funct3 imm rs1' imm rd' op", "a0 ← sext(mem32[a0 + 0])"},     // c.lw a0,0(a0)
		{0xc108, "CS", "funct3 imm rs1' imm rs2' op", "mem32[a0 + 0] ← a0[31:0]"},    // c.sw a0,0(a0)
		{0x8d0d, "CA", "funct6 rd'/rs1' funct2 rs2' op", "a0 ← a0 - a1"},             // c.sub a0,a1
		{0xa001, "CJ", "funct3 jump target op", "zero ← pc + 2; pc ← pc + 0"},        // c.j .
		{0xc111, "CB", "funct3 offset rs1' offset op", "if a0 == zero: pc ← pc + 4"}, // c.beqz a0,+4
		{0x0028, "CIW", "funct3 imm rd' op", "a0 ← sp + 8"},                          // c.addi4spn a0,sp,8
		{0xe022, "CSS", "funct3 imm rs2 op", "mem64[sp + 0] ← s0"},                   // c.sdsp s0,0(sp)
		{0xffffffff, "unknown", "bits opcode", "illegal instruction: traps with mcause 2"},
	}
	for _, tc := range tests {
		var format string
		var fields []instField
		if tc.raw&3 == 3 {
			format, fields = anatomy32(tc.raw)
		} else {
			format, fields = anatomy16(tc.raw)
		}
		var names []string
		covered := 0
		for _, f := range fields {
			names = append(names, f.name)
			covered += f.hi - f.lo + 1
		}
		if format != tc.format || strings.Join(names, " ") != tc.fields {
			t.Errorf("%#x: %s %v; want %s [%s]", tc.raw, format, names, tc.format, tc.fields)
		}
		if want := 32; tc.raw&3 != 3 && covered != 16 || tc.raw&3 == 3 && covered != want {
			t.Errorf("%#x: fields cover %d bits", tc.raw, covered)
		}
		if got := pseudo(riscv.Decode(tc.raw)); got != tc.pseudo {
			t.Errorf("%#x: pseudo %q; want %q", tc.raw, got, tc.pseudo)
		}
	}
}

func TestStepEffectStore(t *testing.T) {
	f := newFake()
	m := newModel(t, f, 120, 40)
	// Put pc on the sw a0,0(sp) and step it: the anatomy pane reports
	// the store's address and bytes.
	f.pc, f.regs[10] = fakeBase+0x12, 0x41
	f.mem[0x1000] = 0x41 // what the fake "stored"
	f.gen++
	m.Update(tickMsg{gen: m.tickGen})
	press(m, "s")
	v := view(m)
	for _, want := range []string{"last: sw a0,0(sp)", "mem[0x80001000] ← 41 65 6c 6c", "a0: 0x41 → 0x42", "B-type"} {
		if !strings.Contains(v, want) {
			t.Errorf("anatomy lacks %q:\n%s", want, v)
		}
	}
}
