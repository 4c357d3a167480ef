package ui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"vmcore/isa/riscv"
)

// regsView is what the registers pane shows.
type regsView uint8

const (
	viewX   regsView = iota // x0-x31 and pc
	viewCSR                 // the CSRs, decoded into fields
	viewF                   // f0-f31 decoded, fflags, frm, fcsr
)

// regsViewNames are the views by name, for the regs command.
var regsViewNames = []string{"x", "csr", "f"}

// regsPane shows x0-x31 with ABI names and pc, the CSRs decoded into
// fields, or the f registers as raw bits and as numbers.
type regsPane struct {
	view regsView
	top  int // first line shown in the scrolling views (CSR, f)
}

// toggle shows v, or the integer registers if v is showing.
func (p *regsPane) toggle(v regsView) {
	if p.view == v {
		v = viewX
	}
	p.setView(v)
}

// setView switches the view and scrolls back to its top.
func (p *regsPane) setView(v regsView) {
	p.view = v
	p.top = 0
}

var privNames = [4]string{"U", "S", "?", "M"}

func (p *regsPane) render(m *Model, w, h int) []string {
	switch p.view {
	case viewCSR:
		return p.renderCSRs(m, w, h)
	case viewF:
		return p.renderF(m, h)
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
	if h < 17 && w >= 3*21+4 {
		// Three a row (the 80x24 layout): 11 rows hold x0-x31 and pc.
		pcs := th.Value
		if s.PC != m.base.PC {
			pcs = th.Changed
		}
		pcCell := th.Label.Render("pc  ") + " " + pcs.Render(fmt.Sprintf("%016x", s.PC)) +
			"  " + th.Label.Render("priv ") + th.Value.Render(privNames[s.Priv&3])
		for r := 0; r < 11; r++ {
			l := cell(r) + "  " + cell(r+11)
			if r+22 < 32 {
				l += "  " + cell(r+22)
			} else {
				l += "  " + pcCell
			}
			lines = append(lines, l)
		}
		return lines
	}
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
			// Wrapped, so that a narrow pane still shows every field.
			for _, l := range wrapWords(f, w-2) {
				lines = append(lines, "  "+th.Dim.Render(l))
			}
		}
	}
	if len(lines) == 0 {
		lines = []string{th.Dim.Render("this backend reports no CSRs")}
	}
	p.top = clamp(p.top, 0, max(0, len(lines)-h))
	return lines[p.top:]
}

// renderF shows fflags, frm and fcsr, then f0-f31 with ABI names: the
// raw bits, and the value as a double or, when the upper 32 bits are all
// ones (a NaN-boxed single), as a single. A boxed value read as a double
// is always a NaN, so that reading follows the single's only as a hint.
func (p *regsPane) renderF(m *Model, h int) []string {
	th := &m.th
	s := &m.snap
	if !s.FPU {
		return []string{th.Dim.Render("this hart has no F or D extension")}
	}
	baseVal := map[uint16]uint64{}
	for _, c := range m.base.FCSRs {
		baseVal[c.Num] = c.Value
	}
	var lines []string
	for _, c := range s.FCSRs {
		vs := th.Value
		if old, ok := baseVal[c.Num]; ok && old != c.Value {
			vs = th.Changed
		}
		lines = append(lines, th.Label.Render(fmt.Sprintf("%-7s", c.Name))+vs.Render(fmt.Sprintf("%08x", c.Value))+
			"  "+th.Dim.Render(decodeCSR(c.Name, c.Value)))
	}
	for i, v := range s.FRegs {
		vs := th.Value
		switch {
		case m.base.FPU && v != m.base.FRegs[i]:
			vs = th.Changed
		case v == 0:
			vs = th.Dim
		}
		lines = append(lines, th.Label.Render(fmt.Sprintf("%-4s", riscv.FNames[i]))+" "+vs.Render(fmt.Sprintf("%016x", v))+
			" "+th.Value.Render(decodeFloat(v)))
	}
	p.top = clamp(p.top, 0, max(0, len(lines)-h))
	return lines[p.top:]
}

// nanBoxed reports whether v holds a single-precision value: RISC-V
// NaN-boxes a single in a 64-bit f register with 32 one bits above it.
func nanBoxed(v uint64) bool { return v>>32 == 0xffffffff }

// decodeFloat reads an f register as a double ("d 1.5") and, when it is a
// NaN-boxed single, first as that single ("s 1.5 d NaN").
func decodeFloat(v uint64) string {
	d := "d " + strconv.FormatFloat(math.Float64frombits(v), 'g', -1, 64)
	if !nanBoxed(v) {
		return d
	}
	return "s " + strconv.FormatFloat(float64(math.Float32frombits(uint32(v))), 'g', -1, 32) + " " + d
}

// fflagsNames decodes the accrued exception flags, most severe first.
func fflagsNames(v uint64) string {
	var on []string
	for _, f := range []struct {
		bit  uint
		name string
	}{{4, "NV"}, {3, "DZ"}, {2, "OF"}, {1, "UF"}, {0, "NX"}} {
		if v>>f.bit&1 == 1 {
			on = append(on, f.name)
		}
	}
	if len(on) == 0 {
		return "none"
	}
	return strings.Join(on, " ")
}

// roundingNames are the frm encodings; 5 and 6 are reserved.
var roundingNames = [8]string{"rne", "rtz", "rdn", "rup", "rmm", "reserved(5)", "reserved(6)", "dyn"}

// fsNames are the mstatus.FS (and XS) states.
var fsNames = [4]string{"Off", "Initial", "Clean", "Dirty"}

func (p *regsPane) key(m *Model, msg tea.KeyMsg) (bool, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.CSRs):
		p.toggle(viewCSR)
		return true, nil
	case key.Matches(msg, m.keys.FRegs):
		p.toggle(viewF)
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
	if p.view != viewX {
		p.top = max(0, p.top+d)
	}
}

// decodeCSR names the fields of the CSRs a debugger looks at most.
func decodeCSR(name string, v uint64) string {
	bit := func(n uint) uint64 { return v >> n & 1 }
	switch name {
	case "mstatus", "sstatus":
		s := fmt.Sprintf("SIE=%d MIE=%d SPIE=%d MPIE=%d SPP=%s MPP=%s FS=%s SUM=%d MXR=%d TVM=%d TW=%d TSR=%d",
			bit(1), bit(3), bit(5), bit(7), privNames[bit(8)], privNames[v>>11&3], fsNames[v>>13&3], bit(18), bit(19), bit(20), bit(21), bit(22))
		if name == "sstatus" {
			s = fmt.Sprintf("SIE=%d SPIE=%d SPP=%s FS=%s SUM=%d MXR=%d", bit(1), bit(5), privNames[bit(8)], fsNames[v>>13&3], bit(18), bit(19))
		}
		return s
	case "fflags":
		return fflagsNames(v & 0x1f)
	case "frm":
		return roundingNames[v&7]
	case "fcsr":
		return fmt.Sprintf("frm=%s flags=%s", roundingNames[v>>5&7], strings.ReplaceAll(fflagsNames(v&0x1f), " ", ","))
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
