package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"vmcore/isa/riscv"
)

// regsPane shows x0-x31 with ABI names and pc, or the CSRs decoded into
// fields.
type regsPane struct {
	csrs bool
	top  int // first line shown in CSR mode
}

var privNames = [4]string{"U", "S", "?", "M"}

func (p *regsPane) render(m *Model, w, h int) []string {
	if p.csrs {
		return p.renderCSRs(m, w, h)
	}
	s := &m.snap
	th := &m.th
	cell := func(i int) string {
		name := fmt.Sprintf("%-4s", riscv.ABINames[i])
		v := fmt.Sprintf("%016x", s.Regs[i])
		vs := th.Value
		switch {
		case m.changed[i]:
			vs = th.Changed
		case s.Regs[i] == 0:
			vs = th.Dim
		}
		return th.Label.Render(name) + " " + vs.Render(v)
	}
	lines := make([]string, 0, 18)
	if w >= 44 {
		for r := 0; r < 16; r++ {
			lines = append(lines, cell(r)+"  "+cell(r+16))
		}
	} else {
		for r := 0; r < 32; r++ {
			lines = append(lines, cell(r))
		}
	}
	pcs := th.Value
	if s.PC != m.base.PC {
		pcs = th.Changed
	}
	sym := ""
	if n, off, ok := m.be.SymbolAt(s.PC); ok {
		sym = " <" + n
		if off != 0 {
			sym += fmt.Sprintf("+%#x", off)
		}
		sym += ">"
	}
	pl := th.Label.Render("pc  ") + " " + pcs.Render(fmt.Sprintf("%016x", s.PC)) + th.Symbol.Render(sym)
	lines = append(lines, pl+"  "+th.Label.Render("priv ")+th.Value.Render(privNames[s.Priv&3]))
	if len(lines) > h && w < 44 {
		// One column does not fit: keep pc visible at the top.
		lines = append(lines[len(lines)-1:], lines[:len(lines)-1]...)
	}
	return lines
}

func (p *regsPane) renderCSRs(m *Model, w, h int) []string {
	th := &m.th
	var lines []string
	baseVal := map[uint16]uint64{}
	for _, c := range m.base.CSRs {
		baseVal[c.Num] = c.Value
	}
	for _, c := range m.snap.CSRs {
		vs := th.Value
		if old, ok := baseVal[c.Num]; ok && old != c.Value {
			vs = th.Changed
		}
		lines = append(lines, th.Label.Render(fmt.Sprintf("%-9s", c.Name))+vs.Render(fmt.Sprintf("%016x", c.Value)))
		if f := decodeCSR(c.Name, c.Value); f != "" {
			lines = append(lines, "  "+th.Dim.Render(f))
		}
	}
	if len(lines) == 0 {
		lines = []string{th.Dim.Render("this backend reports no CSRs")}
	}
	p.top = clamp(p.top, 0, max(0, len(lines)-h))
	return lines[p.top:]
}

func (p *regsPane) key(m *Model, msg tea.KeyMsg) (bool, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.CSRs):
		p.csrs = !p.csrs
		p.top = 0
		return true, nil
	case key.Matches(msg, m.keys.Up):
		p.scroll(m, -1)
		return true, nil
	case key.Matches(msg, m.keys.Down):
		p.scroll(m, 1)
		return true, nil
	}
	return false, nil
}

func (p *regsPane) scroll(_ *Model, d int) {
	if p.csrs {
		p.top = max(0, p.top+d)
	}
}

// decodeCSR names the fields of the CSRs a debugger looks at most.
func decodeCSR(name string, v uint64) string {
	bit := func(n uint) uint64 { return v >> n & 1 }
	switch name {
	case "mstatus", "sstatus":
		s := fmt.Sprintf("SIE=%d MIE=%d SPIE=%d MPIE=%d SPP=%s MPP=%s FS=%d SUM=%d MXR=%d TVM=%d TW=%d TSR=%d",
			bit(1), bit(3), bit(5), bit(7), privNames[bit(8)], privNames[v>>11&3], v>>13&3, bit(18), bit(19), bit(20), bit(21), bit(22))
		if name == "sstatus" {
			s = fmt.Sprintf("SIE=%d SPIE=%d SPP=%s FS=%d SUM=%d MXR=%d", bit(1), bit(5), privNames[bit(8)], v>>13&3, bit(18), bit(19))
		}
		return s
	case "mcause", "scause":
		code := v &^ (1 << 63)
		if v>>63 == 1 {
			return fmt.Sprintf("interrupt %d (%s)", code, interruptName(code))
		}
		return fmt.Sprintf("exception %d (%s)", code, exceptionName(code))
	case "satp":
		modes := map[uint64]string{0: "Bare", 8: "Sv39", 9: "Sv48", 10: "Sv57"}
		mode, ok := modes[v>>60]
		if !ok {
			mode = fmt.Sprintf("mode %d", v>>60)
		}
		return fmt.Sprintf("MODE=%s ASID=%#x PPN=%#x", mode, v>>44&0xffff, v&(1<<44-1))
	case "mie", "mip", "sie", "sip":
		var on []string
		for _, b := range []struct {
			n    uint
			name string
		}{{1, "SSI"}, {3, "MSI"}, {5, "STI"}, {7, "MTI"}, {9, "SEI"}, {11, "MEI"}} {
			if bit(b.n) == 1 {
				on = append(on, b.name)
			}
		}
		if len(on) == 0 {
			return "none"
		}
		return strings.Join(on, " ")
	case "mtvec", "stvec":
		mode := "direct"
		if v&3 == 1 {
			mode = "vectored"
		}
		return fmt.Sprintf("BASE=%#x MODE=%s", v&^3, mode)
	}
	return ""
}

func interruptName(c uint64) string {
	names := map[uint64]string{1: "supervisor software", 3: "machine software", 5: "supervisor timer",
		7: "machine timer", 9: "supervisor external", 11: "machine external"}
	if n, ok := names[c]; ok {
		return n
	}
	return "reserved"
}

func exceptionName(c uint64) string {
	names := []string{"instruction address misaligned", "instruction access fault", "illegal instruction",
		"breakpoint", "load address misaligned", "load access fault", "store address misaligned",
		"store access fault", "ecall from U", "ecall from S", "reserved", "ecall from M",
		"instruction page fault", "load page fault", "reserved", "store page fault"}
	if c < uint64(len(names)) {
		return names[c]
	}
	return "reserved"
}

func clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}
