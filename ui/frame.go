package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// frame draws a rounded box of exactly w x h cells around lines, with the
// title in the top edge. Lines are cut or padded to the inner width, so a
// pane can never break the layout.
func frame(m *Model, title string, focused bool, w, h int, lines []string) []string {
	bs, ts := m.th.Border, m.th.Title
	if focused {
		bs, ts = m.th.BorderFocused, m.th.TitleFocused
	}
	return box(bs.Render, ansiTitle(ts.Render(" "+title+" ")), w, h, lines)
}

// frameTabs draws a slot: its active pane's content, with every pane of the
// slot named in the top edge and the active one styled as a title and in
// brackets, so that it shows without colour too.
func frameTabs(m *Model, s *slot, content []string) []string {
	p := s.panes[s.active]
	focused := m.focus == p
	bs, ts := m.th.Border, m.th.Title
	if focused {
		bs, ts = m.th.BorderFocused, m.th.TitleFocused
	}
	var t strings.Builder
	for i, name := range tabLabels(s) {
		if i > 0 {
			t.WriteString(bs.Render("─"))
		}
		if i == s.active {
			t.WriteString(ts.Render(name))
		} else {
			t.WriteString(m.th.Tab.Render(name))
		}
	}
	return box(bs.Render, ansiTitle(t.String()), s.w, s.h, content)
}

// paneShort are the panes' names where the whole tab row does not fit.
var paneShort = [numPanes]string{"Regs", "Disasm", "Anat", "Mem", "Cons", "Brkpts", "Events", "Devs"}

// tabLabels names the slot's panes for its tab row, the active one as
// "[Name]" (a slot with one pane has no tabs: " Name "), the others as " Name ", one "─" apart. Names are shortened
// until the row fits the top edge: the others first (short names, then
// letters, two where one would be ambiguous), the active one last, so that
// which pane shows is always readable. A click maps to a tab through the
// same labels.
func tabLabels(s *slot) []string {
	avail := s.w - 4 // "╭─" before, at least "─╮" after
	letters := make([]string, len(s.panes))
	for i, p := range s.panes {
		letters[i] = paneTitles[p][:1]
		for j, q := range s.panes {
			if j != i && paneTitles[q][0] == paneTitles[p][0] {
				letters[i] = paneTitles[p][:2]
			}
		}
	}
	full := func(i int) string { return paneTitles[s.panes[i]] }
	short := func(i int) string { return paneShort[s.panes[i]] }
	letter := func(i int) string { return letters[i] }
	var out []string
	for _, lv := range [][2]func(int) string{{full, full}, {full, short}, {full, letter}, {short, letter}, {letter, letter}} {
		out = out[:0]
		w := len(s.panes) - 1
		for i := range s.panes {
			name := " " + lv[1](i) + " "
			if i == s.active && len(s.panes) > 1 {
				name = "[" + lv[0](i) + "]"
			}
			out = append(out, name)
			w += len(name)
		}
		if w <= avail {
			break
		}
	}
	return out
}

type ansiTitle string

func box(border func(...string) string, title ansiTitle, w, h int, lines []string) []string {
	if w < 2 || h < 2 {
		return nil
	}
	inner := w - 2
	out := make([]string, 0, h)
	t := string(title)
	tw := ansi.StringWidth(t)
	if tw > inner-1 {
		t = ansi.Truncate(t, inner-1, "")
		tw = ansi.StringWidth(t)
	}
	out = append(out, border("╭─")+t+border(strings.Repeat("─", max(0, inner-1-tw))+"╮"))
	side := border("│")
	for i := 0; i < h-2; i++ {
		l := ""
		if i < len(lines) {
			l = lines[i]
		}
		out = append(out, side+fit(l, inner)+side)
	}
	out = append(out, border("╰"+strings.Repeat("─", inner)+"╯"))
	return out
}
