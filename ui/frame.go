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
// slot named in the top edge and the active one styled as a title.
func frameTabs(m *Model, s *slot, content []string) []string {
	p := s.panes[s.active]
	focused := m.focus == p
	bs, ts := m.th.Border, m.th.Title
	if focused {
		bs, ts = m.th.BorderFocused, m.th.TitleFocused
	}
	var t strings.Builder
	for i, q := range s.panes {
		if i > 0 {
			t.WriteString(bs.Render("─"))
		}
		name := " " + paneTitles[q] + " "
		if i == s.active {
			t.WriteString(ts.Render(name))
		} else {
			t.WriteString(m.th.Tab.Render(name))
		}
	}
	return box(bs.Render, ansiTitle(t.String()), s.w, s.h, content)
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
