package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// breaksPane lists breakpoints and watchpoints with their conditions and
// hit counts.
type breaksPane struct {
	list   []Breakpoint
	cursor int
}

func (p *breaksPane) refresh(m *Model) {
	l := m.be.Breakpoints()
	if !slices.Equal(l, p.list) {
		p.list = l
		p.cursor = clamp(p.cursor, 0, max(0, len(l)-1))
		m.touch(paneBreaks, paneDisasm)
	}
}

func (p *breaksPane) render(m *Model, w, h int) []string {
	th := &m.th
	if len(p.list) == 0 {
		return []string{th.Dim.Render("no breakpoints"), th.Dim.Render("b: toggle at cursor, :break ADDR, :watch ADDR")}
	}
	top := max(0, p.cursor-h+1)
	var out []string
	for i := top; i < len(p.list) && len(out) < h; i++ {
		bp := p.list[i]
		what := "break"
		where := m.addrName(bp.Addr)
		if bp.Kind == KindWatch {
			what = "watch"
			where = fmt.Sprintf("%#x len %d", bp.Addr, bp.Len)
		}
		mark, st := "●", th.Breakpoint
		if !bp.Enabled {
			mark, st = "○", th.Disabled
		}
		line := fmt.Sprintf("%s %-2d %s %s", mark, bp.ID, what, where)
		if bp.Cond != "" {
			line += "  if " + bp.Cond
		}
		line += fmt.Sprintf("  hits %d", bp.Hits)
		if i == p.cursor && m.focus == paneBreaks {
			out = append(out, th.Current.Render(fit(line, w)))
		} else {
			out = append(out, st.Render(mark)+th.Value.Render(line[len(mark):]))
		}
	}
	return out
}

func (p *breaksPane) key(m *Model, msg tea.KeyMsg) (bool, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Up):
		p.cursor = max(0, p.cursor-1)
	case key.Matches(msg, k.Down):
		p.cursor = min(max(0, len(p.list)-1), p.cursor+1)
	case key.Matches(msg, k.ToggleEnable):
		if p.cursor < len(p.list) {
			bp := p.list[p.cursor]
			if err := m.be.EnableBreakpoint(bp.ID, !bp.Enabled); err != nil {
				m.setMsg(err.Error(), true)
			}
			p.refresh(m)
		}
	case key.Matches(msg, k.Del):
		if p.cursor < len(p.list) {
			if err := m.be.RemoveBreakpoint(p.list[p.cursor].ID); err != nil {
				m.setMsg(err.Error(), true)
			}
			p.refresh(m)
		}
	case key.Matches(msg, k.Enter):
		if p.cursor < len(p.list) {
			bp := p.list[p.cursor]
			if bp.Kind == KindWatch {
				m.mem.setAddr(m, bp.Addr)
			} else {
				m.dis.gotoAddr(m, bp.Addr)
			}
		}
	default:
		return false, nil
	}
	return true, nil
}

func (p *breaksPane) scroll(_ *Model, d int) {
	p.cursor = clamp(p.cursor+d, 0, max(0, len(p.list)-1))
}

// maxEvents bounds the event log kept by the pane.
const maxEvents = 10000

// eventsPane shows the domain event log, newest last, optionally filtered
// by type. Its bottom line is the selected event: in replay mode enter
// goes to its icount.
type eventsPane struct {
	events []Event
	next   uint64
	back   int
	filter string
}

func (p *eventsPane) refresh(m *Model, src EventSource) {
	evs := src.EventsSince(p.next)
	if len(evs) == 0 {
		return
	}
	p.events = append(p.events, evs...)
	p.next = evs[len(evs)-1].Seq + 1
	if len(p.events) > maxEvents {
		p.events = slices.Clone(p.events[len(p.events)-maxEvents:])
	}
	m.touch(paneEvents)
}

// shown returns the events that pass the filter.
func (p *eventsPane) shown() []Event {
	var sel []Event
	for _, e := range p.events {
		if p.filter == "" || strings.Contains(strings.ToLower(e.Type), p.filter) {
			sel = append(sel, e)
		}
	}
	return sel
}

// selected is the event on the pane's bottom line.
func (p *eventsPane) selected() (Event, bool) {
	sel := p.shown()
	i := len(sel) - 1 - p.back
	if i < 0 || i >= len(sel) {
		return Event{}, false
	}
	return sel[i], true
}

func (p *eventsPane) render(m *Model, w, h int) []string {
	th := &m.th
	sel := p.shown()
	if len(sel) == 0 {
		if p.filter != "" {
			return []string{th.Dim.Render("no events of type " + p.filter)}
		}
		return []string{th.Dim.Render("no events yet")}
	}
	end := max(0, len(sel)-p.back)
	start := max(0, end-h)
	var out []string
	for i, e := range sel[start:end] {
		if m.tl != nil && m.focus == paneEvents && start+i == end-1 {
			out = append(out, th.Cursor.Render(fit(fmt.Sprintf("%10d %-16s %s", e.Icount, e.Type, e.Summary), w)))
			continue
		}
		out = append(out, th.Address.Render(fmt.Sprintf("%10d", e.Icount))+" "+th.Mnemonic.Render(fmt.Sprintf("%-16s", e.Type))+" "+th.Value.Render(e.Summary))
	}
	return out
}

func (p *eventsPane) key(m *Model, msg tea.KeyMsg) (bool, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Up):
		p.scroll(m, -1)
	case key.Matches(msg, m.keys.Down):
		p.scroll(m, 1)
	case key.Matches(msg, m.keys.End):
		p.back = 0
	case key.Matches(msg, m.keys.Enter) && m.tl != nil:
		e, ok := p.selected()
		if !ok {
			return true, nil
		}
		return true, m.timeGo(e.Icount)
	default:
		return false, nil
	}
	return true, nil
}

func (p *eventsPane) scroll(_ *Model, d int) {
	p.back = clamp(p.back-d, 0, max(0, len(p.shown())-1))
}

// devicesPane shows every device's registers and internal state.
type devicesPane struct {
	devs []Device
	gen  uint64
	top  int
}

func (p *devicesPane) refresh(m *Model, src DeviceSource, gen uint64) {
	p.devs, p.gen = src.Devices(), gen
	m.touch(paneDevices)
}

func (p *devicesPane) render(m *Model, w, h int) []string {
	th := &m.th
	var out []string
	for _, d := range p.devs {
		out = append(out, th.Symbol.Render(d.Name)+" "+th.Address.Render(fmt.Sprintf("@%#x", d.Base)))
		for _, f := range d.Fields {
			l := "  " + th.Label.Render(f.Name) + "=" + th.Value.Render(fmt.Sprintf("%#x", f.Value))
			if f.Note != "" {
				l += " " + th.Dim.Render(f.Note)
			}
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		return []string{th.Dim.Render("no devices")}
	}
	p.top = clamp(p.top, 0, max(0, len(out)-h))
	return out[p.top:]
}

func (p *devicesPane) key(m *Model, msg tea.KeyMsg) (bool, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.Up):
		p.scroll(m, -1)
	case key.Matches(msg, m.keys.Down):
		p.scroll(m, 1)
	default:
		return false, nil
	}
	return true, nil
}

func (p *devicesPane) scroll(_ *Model, d int) { p.top = max(0, p.top+d) }
