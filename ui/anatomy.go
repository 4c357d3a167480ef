package ui

import (
	"encoding/binary"
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"vmcore/isa/riscv"
)

// instField is one bit field of an encoding, high bit first.
type instField struct {
	name   string
	hi, lo int
}

// instAnatomy is an instruction taken apart for the anatomy pane.
type instAnatomy struct {
	addr   uint64
	raw    uint32
	inst   riscv.Inst
	text   string
	format string
	fields []instField
	pseudo string
	regs   [32]uint64 // register values before it executes
}

// anatomy32 gives the format and fields of a 32-bit encoding by its opcode.
func anatomy32(raw uint32) (string, []instField) {
	op := []instField{{"opcode", 6, 0}}
	rd := instField{"rd", 11, 7}
	f3 := instField{"funct3", 14, 12}
	rs1 := instField{"rs1", 19, 15}
	rs2 := instField{"rs2", 24, 20}
	switch raw & 0x7f {
	case 0x33, 0x3b:
		return "R", append([]instField{{"funct7", 31, 25}, rs2, rs1, f3, rd}, op...)
	case 0x2f:
		return "R (atomic)", append([]instField{{"funct5", 31, 27}, {"aq", 26, 26}, {"rl", 25, 25}, rs2, rs1, f3, rd}, op...)
	case 0x73:
		if raw>>12&7 != 0 {
			return "I (CSR)", append([]instField{{"csr", 31, 20}, rs1, f3, rd}, op...)
		}
		return "I (system)", append([]instField{{"funct12", 31, 20}, rs1, f3, rd}, op...)
	case 0x13, 0x1b:
		if f := raw >> 12 & 7; f == 1 || f == 5 {
			return "I (shift)", append([]instField{{"funct6", 31, 26}, {"shamt", 25, 20}, rs1, f3, rd}, op...)
		}
		return "I", append([]instField{{"imm[11:0]", 31, 20}, rs1, f3, rd}, op...)
	case 0x03, 0x67, 0x0f:
		return "I", append([]instField{{"imm[11:0]", 31, 20}, rs1, f3, rd}, op...)
	case 0x23:
		return "S", append([]instField{{"imm[11:5]", 31, 25}, rs2, rs1, f3, {"imm[4:0]", 11, 7}}, op...)
	case 0x63:
		return "B", append([]instField{{"imm[12|10:5]", 31, 25}, rs2, rs1, f3, {"imm[4:1|11]", 11, 7}}, op...)
	case 0x37, 0x17:
		return "U", append([]instField{{"imm[31:12]", 31, 12}, rd}, op...)
	case 0x6f:
		return "J", append([]instField{{"imm[20|10:1|11|19:12]", 31, 12}, rd}, op...)
	}
	return "unknown", append([]instField{{"bits", 31, 7}}, op...)
}

// anatomy16 gives the RVC format and fields of a 16-bit encoding.
func anatomy16(h uint32) (string, []instField) {
	q := h & 3
	f3 := h >> 13 & 7
	op := instField{"op", 1, 0}
	fn3 := instField{"funct3", 15, 13}
	ci := []instField{fn3, {"imm[5]", 12, 12}, {"rd/rs1", 11, 7}, {"imm[4:0]", 6, 2}, op}
	switch {
	case q == 0 && f3 == 0:
		return "CIW", []instField{fn3, {"imm", 12, 5}, {"rd'", 4, 2}, op}
	case q == 0 && f3 < 4:
		return "CL", []instField{fn3, {"imm", 12, 10}, {"rs1'", 9, 7}, {"imm", 6, 5}, {"rd'", 4, 2}, op}
	case q == 0:
		return "CS", []instField{fn3, {"imm", 12, 10}, {"rs1'", 9, 7}, {"imm", 6, 5}, {"rs2'", 4, 2}, op}
	case q == 1 && f3 == 4 && h>>10&3 == 3:
		return "CA", []instField{{"funct6", 15, 10}, {"rd'/rs1'", 9, 7}, {"funct2", 6, 5}, {"rs2'", 4, 2}, op}
	case q == 1 && f3 == 4:
		return "CB", []instField{fn3, {"imm[5]", 12, 12}, {"funct2", 11, 10}, {"rd'/rs1'", 9, 7}, {"imm[4:0]", 6, 2}, op}
	case q == 1 && f3 == 5:
		return "CJ", []instField{fn3, {"jump target", 12, 2}, op}
	case q == 1 && f3 >= 6:
		return "CB", []instField{fn3, {"offset", 12, 10}, {"rs1'", 9, 7}, {"offset", 6, 2}, op}
	case q == 1:
		return "CI", ci
	case q == 2 && f3 == 4:
		return "CR", []instField{{"funct4", 15, 12}, {"rd/rs1", 11, 7}, {"rs2", 6, 2}, op}
	case q == 2 && f3 >= 5:
		return "CSS", []instField{fn3, {"imm", 12, 7}, {"rs2", 6, 2}, op}
	}
	return "CI", ci
}

// pseudoTemplates give the meaning of each base operation; R1, R2, RD, IMM,
// CSR and PC are replaced by the operands.
var pseudoTemplates = map[string]string{
	"lui": "RD ← IMM", "auipc": "RD ← pc + IMM",
	"jal": "RD ← pc + LEN; pc ← pc + IMM", "jalr": "RD ← pc + LEN; pc ← (R1 + IMM) & ~1",
	"beq": "if R1 == R2: pc ← pc + IMM", "bne": "if R1 != R2: pc ← pc + IMM",
	"blt": "if R1 < R2 (signed): pc ← pc + IMM", "bge": "if R1 >= R2 (signed): pc ← pc + IMM",
	"bltu": "if R1 < R2 (unsigned): pc ← pc + IMM", "bgeu": "if R1 >= R2 (unsigned): pc ← pc + IMM",
	"lb": "RD ← sext(mem8[R1 + IMM])", "lh": "RD ← sext(mem16[R1 + IMM])", "lw": "RD ← sext(mem32[R1 + IMM])",
	"ld": "RD ← mem64[R1 + IMM]", "lbu": "RD ← zext(mem8[R1 + IMM])", "lhu": "RD ← zext(mem16[R1 + IMM])",
	"lwu": "RD ← zext(mem32[R1 + IMM])",
	"sb":  "mem8[R1 + IMM] ← R2[7:0]", "sh": "mem16[R1 + IMM] ← R2[15:0]", "sw": "mem32[R1 + IMM] ← R2[31:0]",
	"sd":   "mem64[R1 + IMM] ← R2",
	"addi": "RD ← R1 + IMM", "slti": "RD ← (R1 < IMM signed) ? 1 : 0", "sltiu": "RD ← (R1 < IMM unsigned) ? 1 : 0",
	"xori": "RD ← R1 ^ IMM", "ori": "RD ← R1 | IMM", "andi": "RD ← R1 & IMM",
	"slli": "RD ← R1 << IMM", "srli": "RD ← R1 >> IMM (logical)", "srai": "RD ← R1 >> IMM (arithmetic)",
	"addiw": "RD ← sext32(R1 + IMM)", "slliw": "RD ← sext32(R1 << IMM)", "srliw": "RD ← sext32(R1[31:0] >> IMM)",
	"sraiw": "RD ← sext32(R1[31:0] >>a IMM)",
	"add":   "RD ← R1 + R2", "sub": "RD ← R1 - R2", "sll": "RD ← R1 << R2[5:0]", "slt": "RD ← (R1 < R2 signed) ? 1 : 0",
	"sltu": "RD ← (R1 < R2 unsigned) ? 1 : 0", "xor": "RD ← R1 ^ R2", "srl": "RD ← R1 >> R2[5:0] (logical)",
	"sra": "RD ← R1 >> R2[5:0] (arithmetic)", "or": "RD ← R1 | R2", "and": "RD ← R1 & R2",
	"addw": "RD ← sext32(R1 + R2)", "subw": "RD ← sext32(R1 - R2)", "sllw": "RD ← sext32(R1 << R2[4:0])",
	"srlw": "RD ← sext32(R1[31:0] >> R2[4:0])", "sraw": "RD ← sext32(R1[31:0] >>a R2[4:0])",
	"mul": "RD ← (R1 × R2)[63:0]", "mulh": "RD ← (R1 × R2)[127:64] signed", "mulhsu": "RD ← (R1 × R2)[127:64] signed×unsigned",
	"mulhu": "RD ← (R1 × R2)[127:64] unsigned", "div": "RD ← R1 ÷ R2 (signed)", "divu": "RD ← R1 ÷ R2 (unsigned)",
	"rem": "RD ← R1 mod R2 (signed)", "remu": "RD ← R1 mod R2 (unsigned)", "mulw": "RD ← sext32(R1 × R2)",
	"divw": "RD ← sext32(R1 ÷ R2) (signed 32)", "divuw": "RD ← sext32(R1 ÷ R2) (unsigned 32)",
	"remw": "RD ← sext32(R1 mod R2) (signed 32)", "remuw": "RD ← sext32(R1 mod R2) (unsigned 32)",
	"fence": "order memory accesses", "fence.i": "make earlier stores visible to instruction fetch",
	"csrrw": "RD ← CSR; CSR ← R1", "csrrs": "RD ← CSR; CSR ← CSR | R1", "csrrc": "RD ← CSR; CSR ← CSR & ~R1",
	"csrrwi": "RD ← CSR; CSR ← ZIMM", "csrrsi": "RD ← CSR; CSR ← CSR | ZIMM", "csrrci": "RD ← CSR; CSR ← CSR & ~ZIMM",
	"ecall": "trap: environment call from the current privilege", "ebreak": "trap: breakpoint",
	"mret": "pc ← mepc; priv ← mstatus.MPP; MIE ← MPIE", "sret": "pc ← sepc; priv ← sstatus.SPP; SIE ← SPIE",
	"wfi": "wait for an interrupt", "sfence.vma": "flush address translations (R1 = vaddr, R2 = asid)",
}

// pseudo renders the one-line meaning of in.
func pseudo(in riscv.Inst) string {
	name := in.Op.String()
	t, ok := pseudoTemplates[name]
	if !ok {
		switch {
		case strings.HasPrefix(name, "lr."):
			t = "RD ← mem[R1]; reserve R1"
		case strings.HasPrefix(name, "sc."):
			t = "if reserved: mem[R1] ← R2, RD ← 0 else RD ← 1"
		case strings.HasPrefix(name, "amo"):
			op := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(name, "amo"), ".w"), ".d")
			t = "RD ← mem[R1]; mem[R1] ← " + op + "(mem[R1], R2)"
		default:
			return "illegal instruction: traps with mcause 2"
		}
	}
	csr := fmt.Sprintf("csr %#x", in.Imm)
	if n, ok := riscv.CSRName(uint16(in.Imm)); ok {
		csr = n
	}
	imm := fmt.Sprintf("%d", in.Imm)
	if in.Op == riscv.OpLUI || in.Op == riscv.OpAUIPC {
		imm = fmt.Sprintf("%#x", uint64(in.Imm))
	}
	r := strings.NewReplacer("RD", riscv.ABINames[in.Rd&31], "R1", riscv.ABINames[in.Rs1&31],
		"R2", riscv.ABINames[in.Rs2&31], "IMM", imm, "CSR", csr, "ZIMM", fmt.Sprint(in.Rs1),
		"LEN", fmt.Sprint(in.Len))
	return r.Replace(t)
}

// anatomyPane takes the instruction at pc apart, and after a step lists
// what it changed.
type anatomyPane struct{}

// current decodes the instruction at pc.
func (p *anatomyPane) current(m *Model) *instAnatomy {
	var buf [4]byte
	n, _ := m.be.ReadMemory(m.snap.PC, buf[:])
	if n < 2 {
		return nil
	}
	raw := uint32(binary.LittleEndian.Uint16(buf[:2]))
	if raw&3 == 3 {
		if n < 4 {
			return nil
		}
		raw = binary.LittleEndian.Uint32(buf[:])
	}
	a := &instAnatomy{addr: m.snap.PC, raw: raw, inst: riscv.Decode(raw), regs: m.snap.Regs}
	if raw&3 == 3 {
		a.format, a.fields = anatomy32(raw)
	} else {
		a.format, a.fields = anatomy16(raw)
		a.format = "compressed " + a.format
	}
	if l := m.be.Disassemble(m.snap.PC, 1); len(l) == 1 {
		a.text = strings.Replace(l[0].Text, "\t", " ", 1)
	}
	a.pseudo = pseudo(a.inst)
	return a
}

// effect lists what changed between the state before a (m.base) and now.
func (p *anatomyPane) effect(m *Model, a *instAnatomy) []string {
	if m.snap.Icount < m.base.Icount {
		return p.undone(m)
	}
	var out []string
	n := m.snap.Icount - m.base.Icount
	if n != 1 {
		out = append(out, fmt.Sprintf("after %d instructions:", n))
	} else {
		out = append(out, "last: "+a.text)
	}
	for i := 1; i < 32; i++ {
		if o, v := m.base.Regs[i], m.snap.Regs[i]; o != v {
			out = append(out, fmt.Sprintf("  %s: %#x → %#x", riscv.ABINames[i], o, v))
		}
	}
	if n == 1 {
		want := m.base.PC + uint64(a.inst.Len)
		if m.snap.PC != want {
			out = append(out, fmt.Sprintf("  pc: %#x → %s (jump)", m.base.PC, m.addrName(m.snap.PC)))
		}
		if isStore(a.inst.Op) {
			addr := a.regs[a.inst.Rs1&31] + uint64(a.inst.Imm)
			if a.inst.Op >= riscv.OpLRW {
				addr = a.regs[a.inst.Rs1&31]
			}
			size := storeSize(a.inst.Op)
			buf := make([]byte, size)
			if k, _ := m.be.ReadMemory(addr, buf); k == size {
				out = append(out, fmt.Sprintf("  mem[%#x] ← % x", addr, buf))
			}
		}
	}
	if m.base.FPU && m.snap.FPU {
		for i, v := range m.snap.FRegs {
			if o := m.base.FRegs[i]; o != v {
				out = append(out, fmt.Sprintf("  %s: %#x → %#x (%s)", riscv.FNames[i], o, v, decodeFloat(v)))
			}
		}
		// fcsr is fflags and frm together: naming those says it all.
		for i, c := range m.snap.FCSRs {
			if i < len(m.base.FCSRs) && m.base.FCSRs[i].Num == c.Num && m.base.FCSRs[i].Value != c.Value && c.Name != "fcsr" {
				out = append(out, fmt.Sprintf("  %s: %#x → %#x (%s)", c.Name, m.base.FCSRs[i].Value, c.Value, decodeCSR(c.Name, c.Value)))
			}
		}
	}
	old := map[uint16]uint64{}
	for _, c := range m.base.CSRs {
		old[c.Num] = c.Value
	}
	for _, c := range m.snap.CSRs {
		if o, ok := old[c.Num]; ok && o != c.Value {
			out = append(out, fmt.Sprintf("  %s: %#x → %#x", c.Name, o, c.Value))
			if c.Name == "mcause" || c.Name == "scause" {
				out = append(out, "  trap taken: "+decodeCSR(c.Name, c.Value))
			}
		}
	}
	if m.base.Priv != m.snap.Priv {
		out = append(out, fmt.Sprintf("  priv: %s → %s", privNames[m.base.Priv&3], privNames[m.snap.Priv&3]))
	}
	if len(out) == 1 {
		out = append(out, "  nothing visible changed")
	}
	return out
}

// undone describes a move back in time (a reverse step, a goto to an
// earlier icount): the registers that differ are what the instructions
// undone had changed, not the effect of any one instruction, so they are
// named as restored values.
func (p *anatomyPane) undone(m *Model) []string {
	n := m.base.Icount - m.snap.Icount
	what := fmt.Sprintf("%d instructions undone", n)
	if n == 1 {
		what = "1 instruction undone"
	}
	out := []string{fmt.Sprintf("back to icount %d from %d (%s):", m.snap.Icount, m.base.Icount, what)}
	for i := 1; i < 32; i++ {
		if o, v := m.base.Regs[i], m.snap.Regs[i]; o != v {
			out = append(out, fmt.Sprintf("  %s back to %#x (was %#x)", riscv.ABINames[i], v, o))
		}
	}
	if m.base.PC != m.snap.PC {
		out = append(out, fmt.Sprintf("  pc back to %s (was %#x)", m.addrName(m.snap.PC), m.base.PC))
	}
	if m.base.FPU && m.snap.FPU {
		for i, v := range m.snap.FRegs {
			if o := m.base.FRegs[i]; o != v {
				out = append(out, fmt.Sprintf("  %s back to %#x (was %#x)", riscv.FNames[i], v, o))
			}
		}
	}
	return out
}

func isStore(op riscv.Op) bool {
	switch op {
	case riscv.OpSB, riscv.OpSH, riscv.OpSW, riscv.OpSD:
		return true
	}
	return op >= riscv.OpSCW && op <= riscv.OpAMOMAXUD && op != riscv.OpLRD
}

func storeSize(op riscv.Op) int {
	switch op {
	case riscv.OpSB:
		return 1
	case riscv.OpSH:
		return 2
	case riscv.OpSD:
		return 8
	}
	if op >= riscv.OpLRD {
		return 8
	}
	return 4
}

func (p *anatomyPane) render(m *Model, w, h int) []string {
	th := &m.th
	a := p.current(m)
	if a == nil {
		return []string{th.Dim.Render(fmt.Sprintf("pc %#x is not readable memory", m.snap.PC))}
	}
	bits := 32
	if a.raw&3 != 3 {
		bits = 16
	}
	enc := fmt.Sprintf("%08x", a.raw)
	if bits == 16 {
		enc = fmt.Sprintf("%04x", a.raw)
	}
	out := []string{th.Address.Render(fmt.Sprintf("%x", a.addr)) + "  " + th.Dim.Render(enc) + "  " +
		th.Mnemonic.Render(a.text) + "   " + th.Label.Render(a.format+"-type")}
	// Fields: bits on one row, names below, values below that, each column
	// as wide as the widest of the three.
	var b1, b2, b3 strings.Builder
	for i, f := range a.fields {
		v := a.raw >> f.lo & (1<<(f.hi-f.lo+1) - 1)
		bs := fmt.Sprintf("%0*b", f.hi-f.lo+1, v)
		val := fieldValue(f.name, v)
		wdt := max(len(bs), len([]rune(f.name)), len([]rune(val)))
		st := th.Field[i%len(th.Field)]
		b1.WriteString(st.Render(pad(bs, wdt)) + " ")
		b2.WriteString(th.Label.Render(pad(f.name, wdt)) + " ")
		b3.WriteString(th.Value.Render(pad(val, wdt)) + " ")
	}
	out = append(out, b1.String(), b2.String(), b3.String())
	out = append(out, th.Info.Render("meaning: ")+th.Value.Render(a.pseudo))
	if a.inst.Imm != 0 && a.inst.Op != riscv.OpIllegal && !strings.HasPrefix(a.format, "I (CSR") {
		out = append(out, th.Dim.Render(fmt.Sprintf("imm = %d (%#x)", a.inst.Imm, uint64(a.inst.Imm))))
	}
	for _, e := range m.effect {
		out = append(out, th.Changed.Render(e))
	}
	return out
}

// fieldValue names a field's value: registers by ABI name, CSRs by name,
// the rest in hex.
func fieldValue(name string, v uint32) string {
	switch name {
	case "rd", "rs1", "rs2", "rd/rs1":
		return riscv.ABINames[v&31]
	case "rd'", "rs1'", "rs2'", "rd'/rs1'":
		return riscv.ABINames[8+v&7]
	case "csr":
		if n, ok := riscv.CSRName(uint16(v)); ok {
			return n
		}
	}
	return fmt.Sprintf("%#x", v)
}

func pad(s string, w int) string {
	if n := len([]rune(s)); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

func (p *anatomyPane) key(*Model, tea.KeyMsg) (bool, tea.Cmd) { return false, nil }
func (p *anatomyPane) scroll(*Model, int)                     {}
