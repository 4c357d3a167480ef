package ui

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// memPane is a hex + ASCII view of guest memory with a byte cursor; typing
// two hex digits writes the byte under the cursor.
type memPane struct {
	addr     uint64 // first byte shown; a multiple of the row width
	cur      uint64 // cursor byte address
	data     []byte
	dataAddr uint64 // the address data was read at
	n        int    // bytes readable from addr
	// prev holds, for each byte of data, its value before memory last
	// changed, when known (prevOK): "changed" is by address, so a byte
	// that scrolls into view, or moves on screen, is never "changed".
	prev      []byte
	prevOK    []bool
	nibble    int // -1 none, else the high nibble typed so far
	editing   bool
	followPC  bool
	followReg int // register index to follow (32 = pc), -1 none
	bpr       int
	started   bool
}

// bytesPerRow is the largest power of two of bytes whose hex and ASCII
// columns fit in w.
func bytesPerRow(w int) int {
	n := 32
	for n > 1 && 17+4*n+1 > w {
		n /= 2
	}
	return n
}

func (p *memPane) refresh(m *Model) {
	w, h := m.paneSize(paneMemory)
	if w <= 0 || h <= 0 {
		return
	}
	if !p.started {
		p.cur, p.nibble, p.started = p.addr, -1, true
	}
	p.bpr = bytesPerRow(w)
	p.addr -= p.addr % uint64(p.bpr)
	size := p.bpr * h
	buf := make([]byte, size)
	n, _ := m.be.ReadMemory(p.addr, buf)
	if p.addr == p.dataAddr && n == p.n && bytes.Equal(buf, p.data) {
		return
	}
	p.rebase(buf, n)
	m.touch(paneMemory)
}

// rebase takes buf (n bytes readable) read at p.addr as the new view and
// works out each byte's previous value by address. When some byte seen
// before now holds another value, memory changed: the old values become
// the baseline. When only the view moved, the baseline moves with it,
// so what the last change highlighted stays highlighted.
func (p *memPane) rebase(buf []byte, n int) {
	old := func(a uint64) (int, bool) {
		if a < p.dataAddr || a-p.dataAddr >= uint64(p.n) {
			return 0, false
		}
		return int(a - p.dataAddr), true
	}
	changed := false
	for i := range n {
		if j, ok := old(p.addr + uint64(i)); ok && p.data[j] != buf[i] {
			changed = true
			break
		}
	}
	prev := make([]byte, len(buf))
	prevOK := make([]bool, len(buf))
	for i := range n {
		j, ok := old(p.addr + uint64(i))
		switch {
		case !ok:
		case changed:
			prev[i], prevOK[i] = p.data[j], true
		case j < len(p.prevOK) && p.prevOK[j]:
			prev[i], prevOK[i] = p.prev[j], true
		}
	}
	p.prev, p.prevOK = prev, prevOK
	p.data, p.n, p.dataAddr = buf, n, p.addr
}

// changedAt says whether the byte at offset off of the view differs from
// its value before the last change of memory.
func (p *memPane) changedAt(off int) bool {
	return off < len(p.prevOK) && p.prevOK[off] && p.prev[off] != p.data[off]
}

func (p *memPane) render(m *Model, w, h int) []string {
	th := &m.th
	if p.bpr == 0 {
		p.refresh(m)
	}
	bpr := p.bpr
	aw := 8
	if p.addr+uint64(bpr*h) > 1<<32 {
		aw = 16
	}
	focused := m.focus == paneMemory
	out := make([]string, 0, h)
	for r := 0; r < h; r++ {
		ra := p.addr + uint64(r*bpr)
		var hx, asc strings.Builder
		for i := 0; i < bpr; i++ {
			off := r*bpr + i
			a := ra + uint64(i)
			if i > 0 && i%8 == 0 {
				hx.WriteByte(' ')
			}
			if off >= p.n {
				hx.WriteString(th.Dim.Render("??") + " ")
				asc.WriteString(th.Dim.Render("."))
				continue
			}
			b := p.data[off]
			st := th.Value
			if b == 0 {
				st = th.Dim
			}
			if p.changedAt(off) {
				st = th.Changed
			}
			if a == p.cur && focused {
				st = th.Cursor
				if p.editing {
					st = th.Current
				}
			}
			hs := fmt.Sprintf("%02x", b)
			if a == p.cur && focused && p.nibble >= 0 {
				hs = fmt.Sprintf("%x_", p.nibble)
			}
			hx.WriteString(st.Render(hs) + " ")
			c := "."
			if b >= 0x20 && b < 0x7f {
				c = string(rune(b))
			}
			asc.WriteString(st.Render(c))
		}
		label := fmt.Sprintf("%0*x", aw, ra)
		out = append(out, th.Address.Render(label)+"  "+hx.String()+" "+asc.String())
	}
	return out
}

func (p *memPane) key(m *Model, msg tea.KeyMsg) (bool, tea.Cmd) {
	k := m.keys
	_, h := m.paneSize(paneMemory)
	bpr := uint64(max(p.bpr, 1))
	move := func(d int64) {
		p.nibble = -1
		p.cur = uint64(int64(p.cur) + d)
		// Scroll by whole rows until the cursor is in view, in one step:
		// the cursor may be far from the view (a goto moved it).
		rows := uint64(max(h, 1))
		if p.cur < p.addr {
			p.addr -= (p.addr - p.cur + bpr - 1) / bpr * bpr
		}
		if end := p.addr + bpr*rows; p.cur >= end {
			p.addr += ((p.cur-end)/bpr + 1) * bpr
		}
		p.followReg, p.followPC = -1, false
		p.refresh(m)
	}
	// In edit mode hex digits come first: 'e' is a digit there, and
	// enter or esc leave the mode.
	if p.editing && msg.Type == tea.KeyRunes {
		p.typeHex(m, msg.Runes, move)
		return true, nil
	}
	if key.Matches(msg, k.HexEdit) {
		p.editing = !p.editing
		p.nibble = -1
		if p.editing {
			m.setMsg("editing memory: type hex digits, enter or esc to stop", false)
		} else {
			m.setMsg("", false)
		}
		return true, nil
	}
	switch {
	case key.Matches(msg, k.Up):
		move(-int64(bpr))
	case key.Matches(msg, k.Down):
		move(int64(bpr))
	case key.Matches(msg, k.Left):
		move(-1)
	case key.Matches(msg, k.Right):
		move(1)
	case key.Matches(msg, k.PgUp):
		move(-int64(bpr) * int64(max(1, h-1)))
	case key.Matches(msg, k.PgDown):
		move(int64(bpr) * int64(max(1, h-1)))
	case key.Matches(msg, k.Follow):
		p.followPC = !p.followPC
		p.followReg = -1
		if p.followPC {
			p.setAddr(m, m.snap.PC)
		}
	case key.Matches(msg, k.Watch):
		bp, err := m.be.AddWatchpoint(p.cur, 1)
		if err != nil {
			m.setMsg(err.Error(), true)
		} else {
			m.setMsg(fmt.Sprintf("watchpoint %d on %#x", bp.ID, p.cur), false)
			m.brk.refresh(m)
		}
	case msg.Type == tea.KeyEsc:
		p.nibble, p.editing = -1, false
		m.setMsg("", false)
	default:
		return false, nil
	}
	return true, nil
}

// typeHex writes hex digits typed (or pasted) in edit mode at the cursor,
// two digits a byte. Spaces between bytes ("de ad be ef") are skipped; a
// character that is not a hex digit stops the input there and says so.
func (p *memPane) typeHex(m *Model, rs []rune, move func(int64)) {
	for _, r := range rs {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			continue
		}
		v, ok := hexDigit(r)
		if !ok {
			m.setMsg(fmt.Sprintf("editing memory: %q is not a hex digit (0-9 a-f); enter or esc to stop", r), true)
			return
		}
		if p.nibble < 0 {
			p.nibble = v
			continue
		}
		b := byte(p.nibble<<4 | v)
		p.nibble = -1
		if err := m.be.WriteMemory(p.cur, []byte{b}); err != nil {
			m.setMsg(err.Error(), true)
			return
		}
		m.setMsg(fmt.Sprintf("wrote %#02x at %#x", b, p.cur), false)
		move(1)
		m.touch(paneDisasm, paneAnatomy)
	}
}

// setAddr shows a at the top of the pane with the cursor on it.
func (p *memPane) setAddr(m *Model, a uint64) {
	p.addr, p.cur, p.nibble, p.started = a, a, -1, true
	if p.bpr > 0 {
		p.addr -= a % uint64(p.bpr)
	}
	p.refresh(m)
	m.touch(paneMemory)
}

func (p *memPane) scroll(m *Model, d int) {
	bpr := uint64(max(p.bpr, 1))
	if d < 0 {
		p.addr -= min(p.addr, bpr*uint64(-d))
	} else {
		p.addr += bpr * uint64(d)
	}
	p.followReg, p.followPC = -1, false
	p.refresh(m)
}

func hexDigit(r rune) (int, bool) {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0'), true
	case r >= 'a' && r <= 'f':
		return int(r-'a') + 10, true
	case r >= 'A' && r <= 'F':
		return int(r-'A') + 10, true
	}
	return 0, false
}
