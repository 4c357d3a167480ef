package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// disasmPane shows instructions around pc, or wherever the user scrolled
// or went to. While follow is on it keeps pc in view.
type disasmPane struct {
	start  uint64
	cursor int // index into lines
	follow bool
	lines  []DisasmLine
	rows   []int // screen row -> index in lines, -1 for a symbol header
}

// fetch decodes the visible window and re-centres on pc when following.
func (p *disasmPane) fetch(m *Model, h int) {
	if h <= 0 {
		return
	}
	pc := m.snap.PC
	if p.follow {
		if !p.contains(pc, h) {
			p.start = p.backFrom(m, pc, h/3)
		}
		p.lines = m.be.Disassemble(p.start, h)
		for i, l := range p.lines {
			if l.Addr == pc {
				p.cursor = i
			}
		}
		return
	}
	p.lines = m.be.Disassemble(p.start, h)
}

func (p *disasmPane) contains(a uint64, h int) bool {
	if len(p.lines) == 0 || a < p.start {
		return false
	}
	// Keep a margin of a few lines at the bottom, so that stepping does
	// not ride the last line.
	n := len(p.lines) - min(3, h/4)
	for i := 0; i < n && i < len(p.lines); i++ {
		if p.lines[i].Addr == a {
			return true
		}
	}
	return false
}

// backFrom finds a start address about n instructions before a whose
// decoding lands exactly on a: with 2- and 4-byte instructions mixed, not
// every earlier halfword is an instruction boundary.
func (p *disasmPane) backFrom(m *Model, a uint64, n int) uint64 {
	// Landing on a is not proof of a boundary (data or a misaligned
	// start can decode into it by chance); a symbol or the start of a
	// source line is one, so prefer the furthest such start.
	src, _ := m.be.(SourceLines)
	known := func(s uint64) bool {
		if _, off, ok := m.be.SymbolAt(s); ok && off == 0 {
			return true
		}
		if src != nil {
			_, _, ok := src.SourceLine(s)
			return ok
		}
		return false
	}
	for back := uint64(n) * 4; back > 0; back -= 2 {
		if back > a || !known(a-back) {
			continue
		}
		if p.lands(m, a-back, a, n) {
			return a - back
		}
	}
	for back := uint64(n) * 4; back > 0; back -= 2 {
		if back > a {
			continue
		}
		s := a - back
		for _, l := range m.be.Disassemble(s, n*2+2) {
			if l.Addr == a {
				return s
			}
			if l.Addr > a || l.Len == 0 {
				break
			}
		}
	}
	return a
}

// lands reports whether decoding from s reaches a within about 2n
// instructions.
func (p *disasmPane) lands(m *Model, s, a uint64, n int) bool {
	for _, l := range m.be.Disassemble(s, n*2+2) {
		if l.Addr == a {
			return true
		}
		if l.Addr > a || l.Len == 0 {
			return false
		}
	}
	return false
}

func (p *disasmPane) render(m *Model, w, h int) []string {
	p.fetch(m, h)
	out, pcShown := p.renderLines(m, w, h)
	if p.follow && !pcShown && p.contains(m.snap.PC, h) {
		// Source lines pushed pc below the bottom: start closer to it.
		p.start = p.backFrom(m, m.snap.PC, h/6)
		p.fetch(m, h)
		out, _ = p.renderLines(m, w, h)
	}
	return out
}

// renderLines renders the fetched instructions with their symbol and
// source-line headers; it reports whether the line at pc is among them.
func (p *disasmPane) renderLines(m *Model, w, h int) ([]string, bool) {
	th := &m.th
	src, _ := m.be.(SourceLines)
	var lastFile string
	lastLine := -1
	pcShown := false
	bps := map[uint64]Breakpoint{}
	for _, bp := range m.brk.list {
		if bp.Kind == KindBreak {
			bps[bp.Addr] = bp
		}
	}
	focused := m.focus == paneDisasm
	out := make([]string, 0, h)
	p.rows = p.rows[:0]
	for i, l := range p.lines {
		if len(out) >= h {
			break
		}
		if n, off, ok := m.be.SymbolAt(l.Addr); ok && off == 0 && len(out) < h-1 {
			out = append(out, th.Symbol.Render(fmt.Sprintf("<%s>:", n)))
			p.rows = append(p.rows, -1)
		}
		if src != nil && len(out) < h-1 {
			if f, n, ok := src.SourceLine(l.Addr); ok && (f != lastFile || n != lastLine) {
				lastFile, lastLine = f, n
				out = append(out, m.srcLine(f, n))
				p.rows = append(p.rows, -1)
			}
		}
		mark := "  "
		if bp, ok := bps[l.Addr]; ok {
			if bp.Enabled {
				mark = th.Breakpoint.Render("● ")
			} else {
				mark = th.Disabled.Render("○ ")
			}
		}
		cur := l.Addr == m.snap.PC
		pcShown = pcShown || cur
		arrow := "  "
		if cur {
			arrow = "▶ "
		}
		raw := "        "
		if l.Len == 2 {
			raw = fmt.Sprintf("%04x    ", l.Raw&0xffff)
		} else if l.Len == 4 {
			raw = fmt.Sprintf("%08x", l.Raw)
		}
		rawSep := "  "
		if w < narrowDisasm {
			// The operands matter more than the encoding, which the
			// anatomy pane shows anyway.
			raw, rawSep = "", ""
		}
		text := l.Text
		if l.Len == 0 {
			text = "(not readable)"
		}
		mn, ops, _ := strings.Cut(text, "\t")
		plain := fmt.Sprintf("%s%8x  %s%s%-7s %s", arrow, l.Addr, raw, rawSep, mn, ops)
		var line string
		switch {
		case cur:
			line = mark + th.Current.Render(fit(plain, w-2))
		case focused && i == p.cursor:
			line = mark + th.Cursor.Render(fit(plain, w-2))
		default:
			line = mark + arrow + th.Address.Render(fmt.Sprintf("%8x", l.Addr)) + "  " + th.Dim.Render(raw) + rawSep +
				th.Mnemonic.Render(fmt.Sprintf("%-7s", mn)) + " " + colourSyms(th.Value.Render, th.Symbol.Render, ops)
		}
		out = append(out, line)
		p.rows = append(p.rows, i)
	}
	return out, pcShown
}

// narrowDisasm is the inner width below which the disassembly leaves out
// the encoding column, so that "bne a0,a1,8000000c <loop>" still fits.
const narrowDisasm = 56

// srcLine renders a source-line header: "file:line  text", or just
// "file:line" when the file is not on disk.
func (m *Model) srcLine(file string, line int) string {
	th := &m.th
	head := fmt.Sprintf("%s:%d", filepath.Base(file), line)
	text, ok := m.srcs.line(file, line)
	if !ok {
		return th.Label.Render(head)
	}
	return th.Label.Render(head) + "  " + th.Info.Render(text)
}

// maxSourceFile bounds a source file the disassembly reads (bytes).
const maxSourceFile = 8 << 20

// sourceFiles caches the source files the disassembly shows, read once
// each; a file that cannot be read is remembered as missing.
type sourceFiles map[string][]string

func (c *sourceFiles) line(file string, n int) (string, bool) {
	if *c == nil {
		*c = sourceFiles{}
	}
	lines, ok := (*c)[file]
	if !ok {
		if fi, err := os.Stat(file); err == nil && fi.Mode().IsRegular() && fi.Size() <= maxSourceFile {
			if data, err := os.ReadFile(file); err == nil {
				s := strings.ReplaceAll(string(data), "\t", "    ")
				lines = strings.Split(ansi.Strip(s), "\n")
			}
		}
		(*c)[file] = lines
	}
	if n < 1 || n > len(lines) {
		return "", false
	}
	return strings.TrimRight(lines[n-1], "\r"), true
}

// colourSyms styles "<sym+off>" references apart from the operands.
func colourSyms(val, sym func(...string) string, s string) string {
	i := strings.IndexByte(s, '<')
	if i < 0 {
		return val(s)
	}
	return val(s[:i]) + sym(s[i:])
}

func (p *disasmPane) cursorAddr(m *Model) uint64 {
	if p.cursor >= 0 && p.cursor < len(p.lines) {
		return p.lines[p.cursor].Addr
	}
	return m.snap.PC
}

func (p *disasmPane) clickLine(m *Model, row int) {
	if row >= 0 && row < len(p.rows) && p.rows[row] >= 0 {
		p.cursor = p.rows[row]
		p.follow = false
	}
}

// gotoAddr shows addr near the top of the pane and puts the cursor on it.
func (p *disasmPane) gotoAddr(m *Model, a uint64) {
	p.follow = false
	_, h := m.paneSize(paneDisasm)
	p.start = p.backFrom(m, a&^1, max(1, h/4))
	p.lines = m.be.Disassemble(p.start, max(h, 1))
	p.cursor = 0
	for i, l := range p.lines {
		if l.Addr == a&^1 {
			p.cursor = i
		}
	}
	m.touch(paneDisasm)
}

func (p *disasmPane) key(m *Model, msg tea.KeyMsg) (bool, tea.Cmd) {
	k := m.keys
	_, h := m.paneSize(paneDisasm)
	switch {
	case key.Matches(msg, k.Up):
		p.moveCursor(m, -1, h)
	case key.Matches(msg, k.Down):
		p.moveCursor(m, 1, h)
	case key.Matches(msg, k.PgUp):
		p.moveCursor(m, -max(1, h-2), h)
	case key.Matches(msg, k.PgDown):
		p.moveCursor(m, max(1, h-2), h)
	case key.Matches(msg, k.Home):
		p.follow = true
		p.lines = nil
	case key.Matches(msg, k.Enter):
		// Follow a branch or jump target under the cursor.
		if p.cursor < len(p.lines) {
			if t, ok := branchTarget(p.lines[p.cursor]); ok {
				p.gotoAddr(m, t)
			}
		}
	default:
		return false, nil
	}
	return true, nil
}

func (p *disasmPane) moveCursor(m *Model, d, h int) {
	p.follow = false
	if len(p.lines) == 0 {
		p.lines = m.be.Disassemble(p.start, max(1, h))
	}
	p.cursor += d
	for p.cursor < 0 {
		p.scroll(m, -1)
		p.cursor++
	}
	for vis := p.visible(m, h); p.cursor >= vis && vis > 0; vis = p.visible(m, h) {
		p.scroll(m, 1)
		p.cursor--
	}
}

// visible counts the instructions that fit in h rows, symbol headers
// taking a row each.
func (p *disasmPane) visible(m *Model, h int) int {
	rows, n := 0, 0
	for _, l := range p.lines {
		if _, off, ok := m.be.SymbolAt(l.Addr); ok && off == 0 && rows < h-1 {
			rows++
		}
		if rows >= h {
			break
		}
		rows++
		n++
	}
	return n
}

func (p *disasmPane) scroll(m *Model, d int) {
	p.follow = false
	for ; d > 0; d-- {
		l := m.be.Disassemble(p.start, 1)
		if len(l) == 0 || l[0].Len == 0 {
			p.start += 4
		} else {
			p.start += uint64(l[0].Len)
		}
	}
	for ; d < 0 && p.start >= 2; d++ {
		// A 2-byte instruction just before start decodes as one; else
		// assume a 4-byte one.
		if l := m.be.Disassemble(p.start-2, 1); len(l) == 1 && l[0].Len == 2 || p.start < 4 {
			p.start -= 2
		} else {
			p.start -= 4
		}
	}
	_, h := m.paneSize(paneDisasm)
	p.lines = m.be.Disassemble(p.start, max(1, h))
}

// branchTarget extracts the absolute target objdump prints for a branch,
// jump or call ("jal ra,80000010 <main>").
func branchTarget(l DisasmLine) (uint64, bool) {
	mn, ops, _ := strings.Cut(l.Text, "\t")
	if mn == "" || !(mn[0] == 'b' || mn[0] == 'j' || mn == "call" || mn == "tail" || strings.HasPrefix(mn, "c.j") || strings.HasPrefix(mn, "c.b")) {
		return 0, false
	}
	f := strings.FieldsFunc(ops, func(r rune) bool { return r == ',' || r == ' ' })
	for i := len(f) - 1; i >= 0; i-- {
		var v uint64
		if _, err := fmt.Sscanf(f[i], "%x", &v); err == nil && len(f[i]) >= 4 {
			return v, true
		}
	}
	return 0, false
}
