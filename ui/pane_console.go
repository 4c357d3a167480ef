package ui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// maxConsole bounds the console history kept for the pane.
const maxConsole = 256 << 10

// consolePane shows guest console output; keys typed while it has focus go
// to the guest, except the ones that move focus, pause, and the F-keys.
type consolePane struct {
	lines []string // complete lines
	part  string   // the line being written
	back  int      // lines scrolled back from the end
	size  int
}

// append adds guest output. Escape sequences and control characters other
// than newline, carriage return, tab and backspace are dropped: the guest
// must not be able to move the screen's cursor or change its colours.
func (p *consolePane) append(b []byte) {
	s := ansi.Strip(string(b))
	for _, r := range s {
		switch {
		case r == '\n':
			p.lines = append(p.lines, p.part)
			p.size += len(p.part) + 1
			p.part = ""
		case r == '\r':
			// A bare CR followed by more text rewrites the line; CR LF is
			// just a line end.
		case r == '\b' || r == 0x7f:
			if p.part != "" {
				rs := []rune(p.part)
				p.part = string(rs[:len(rs)-1])
			}
		case r == '\t':
			p.part += strings.Repeat(" ", 8-len([]rune(p.part))%8)
		case r < 0x20:
		default:
			p.part += string(r)
		}
	}
	for p.size > maxConsole && len(p.lines) > 0 {
		p.size -= len(p.lines[0]) + 1
		p.lines = p.lines[1:]
	}
}

// reset forgets the output shown.
func (p *consolePane) reset() {
	p.lines, p.part, p.size, p.back = nil, "", 0, 0
}

func (p *consolePane) render(m *Model, w, h int) []string {
	if w <= 0 {
		return nil
	}
	var wrapped []string
	all := append(p.lines[max(0, len(p.lines)-h-p.back):len(p.lines):len(p.lines)], p.part)
	for _, l := range all {
		for len([]rune(l)) > w {
			rs := []rune(l)
			wrapped = append(wrapped, string(rs[:w]))
			l = string(rs[w:])
		}
		wrapped = append(wrapped, l)
	}
	end := max(0, len(wrapped)-p.back)
	start := max(0, end-h)
	out := wrapped[start:end]
	if m.focus == paneConsole && len(out) > 0 && p.back == 0 {
		out[len(out)-1] += m.th.Cursor.Render(" ")
	}
	if len(p.lines) == 0 && p.part == "" {
		return []string{m.th.Dim.Render("(no console output yet)")}
	}
	return out
}

// guestBytes maps a key to what a serial terminal would send.
func guestBytes(msg tea.KeyMsg) []byte {
	switch msg.Type {
	case tea.KeyRunes:
		return []byte(string(msg.Runes))
	case tea.KeySpace:
		return []byte{' '}
	case tea.KeyEnter:
		return []byte{'\r'}
	case tea.KeyBackspace:
		return []byte{0x7f}
	case tea.KeyCtrlD:
		return []byte{4}
	case tea.KeyUp:
		return []byte("\x1b[A")
	case tea.KeyDown:
		return []byte("\x1b[B")
	case tea.KeyRight:
		return []byte("\x1b[C")
	case tea.KeyLeft:
		return []byte("\x1b[D")
	}
	if msg.Type >= tea.KeyCtrlA && msg.Type <= tea.KeyCtrlZ && msg.Type != tea.KeyCtrlC && msg.Type != tea.KeyTab {
		return []byte{byte(msg.Type)}
	}
	return nil
}

func (p *consolePane) key(m *Model, msg tea.KeyMsg) (bool, tea.Cmd) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Focus, k.FocusBack, k.Pause):
		return false, nil
	case key.Matches(msg, k.ConsoleLeave):
		m.setFocus(paneDisasm)
		return true, nil
	case msg.Type == tea.KeyPgUp:
		p.scroll(m, -5)
		return true, nil
	case msg.Type == tea.KeyPgDown:
		p.scroll(m, 5)
		return true, nil
	case msg.Type >= tea.KeyF1 && msg.Type <= tea.KeyF20:
		return false, nil
	}
	if m.tl != nil {
		return false, nil // a replay's input is the recorded one
	}
	if b := guestBytes(msg); b != nil {
		m.be.SendInput(b)
		p.back = 0
		return true, nil
	}
	return false, nil
}

func (p *consolePane) scroll(_ *Model, d int) {
	p.back = max(0, p.back-d)
}
