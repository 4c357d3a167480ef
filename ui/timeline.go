package ui

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// jumpParts is how many jumps of `{` / `}` cross the whole recording when
// no mark is nearer: 50 jumps of 2%.
const jumpParts = 50

// timelineRows is the screen rows the timeline bar takes in replay mode.
func (m *Model) timelineRows() int {
	if m.tl == nil {
		return 0
	}
	return 1
}

// paneRows is the height of the pane area: the screen without the
// message line, the status bar and, in replay mode, the timeline.
func (m *Model) paneRows() int { return m.h - 2 - m.timelineRows() }

// refreshMarks takes the timeline's marks when they changed.
func (m *Model) refreshMarks() {
	if m.tl == nil {
		return
	}
	ms := m.tl.Marks()
	if len(ms) != len(m.marks) {
		m.marks = ms
	}
}

// replayKey handles the keys of replay mode; it reports whether it used
// the key. They come before the panes' own keys (Home and End move
// through time, not through a pane).
func (m *Model) replayKey(msg tea.KeyMsg) (bool, tea.Cmd) {
	if m.tl == nil {
		return false, nil
	}
	k := m.keys
	start, end := m.tl.Span()
	cur := m.timeNow()
	switch {
	case key.Matches(msg, k.TBack):
		if cur <= start {
			m.setMsg("at the start of the recording", true)
			return true, nil
		}
		return true, m.timeGo(cur - 1)
	case key.Matches(msg, k.TFwd):
		if cur >= end {
			m.setMsg("at the end of the recording", true)
			return true, nil
		}
		return true, m.timeGo(cur + 1)
	case key.Matches(msg, k.TJumpBack):
		if cur <= start {
			m.setMsg("at the start of the recording", true)
			return true, nil
		}
		return true, m.timeGo(m.jumpTarget(-1))
	case key.Matches(msg, k.TJumpFwd):
		if cur >= end {
			m.setMsg("at the end of the recording", true)
			return true, nil
		}
		return true, m.timeGo(m.jumpTarget(1))
	case key.Matches(msg, k.TStart):
		return true, m.timeGo(start)
	case key.Matches(msg, k.TEnd):
		return true, m.timeGo(end)
	}
	return false, nil
}

// jumpTarget is where `{` (dir -1) or `}` (dir 1) goes: the nearest mark
// in that direction, or 1/jumpParts of the recording if that is nearer.
func (m *Model) jumpTarget(dir int) uint64 {
	start, end := m.tl.Span()
	cur := m.timeNow()
	stride := max((end-start)/jumpParts, 1)
	if dir > 0 {
		t := min(end, cur+stride)
		i := sort.Search(len(m.marks), func(i int) bool { return m.marks[i].Icount > cur })
		if i < len(m.marks) && m.marks[i].Icount < t {
			t = m.marks[i].Icount
		}
		return t
	}
	t := start
	if cur-start > stride {
		t = cur - stride
	}
	i := sort.Search(len(m.marks), func(i int) bool { return m.marks[i].Icount >= cur }) - 1
	if i >= 0 && m.marks[i].Icount > t {
		t = m.marks[i].Icount
	}
	return t
}

// timeNow is the icount replay keys move from: the last one asked for
// while moves are under way, else the one on screen.
func (m *Model) timeNow() uint64 {
	if m.tlMoving {
		return m.tlTarget
	}
	return m.snap.Icount
}

// timeGo moves the replay to icount on a command goroutine. One move runs
// at a time: keys pressed meanwhile only change the target, and the move
// to it starts when the running one ends (timeMoved), so that moves are
// made in order and a held key does not pile them up.
func (m *Model) timeGo(icount uint64) tea.Cmd {
	start, end := m.tl.Span()
	m.tlTarget = min(max(icount, start), end)
	m.setMsg("", false)
	if m.tlMoving {
		m.tlQueued = true
		return nil
	}
	m.resume()
	return m.startMove()
}

func (m *Model) startMove() tea.Cmd {
	m.tlMoving = true
	tl, icount := m.tl, m.tlTarget
	return func() tea.Msg {
		return ctlDoneMsg{what: fmt.Sprintf("go to icount %d", icount), err: tl.GoTo(icount), timeMove: true}
	}
}

// timeMoved ends a move and starts the one queued meanwhile, if any.
func (m *Model) timeMoved() tea.Cmd {
	m.tlMoving = false
	if !m.tlQueued {
		return nil
	}
	m.tlQueued = false
	return m.startMove()
}

// gotoIcount is `goto N` with a plain decimal number: an icount, in a
// replay as in a live session (hex, symbols and registers are addresses).
func (m *Model) gotoIcount(arg string) (tea.Cmd, bool) {
	if arg == "" || strings.HasPrefix(arg, "0") && len(arg) > 1 {
		return nil, false
	}
	n, err := strconv.ParseUint(arg, 10, 64)
	if err != nil {
		return nil, false
	}
	if m.tl == nil {
		return m.gotoIcountLive(n), true
	}
	start, end := m.tl.Span()
	if n < start || n > end {
		m.setMsg(fmt.Sprintf("goto: icount %d is outside the recording (%d..%d)", n, start, end), true)
		return nil, true
	}
	return m.timeGo(n), true
}

// gotoIcountLive runs the live VM to icount n, or takes it back there
// through the execution history.
func (m *Model) gotoIcountLive(n uint64) tea.Cmd {
	sk, ok := m.be.(IcountSeeker)
	if !ok {
		m.setMsg(fmt.Sprintf("goto: this VM cannot go to an icount (%d); for an address write it in hex (%#x)", n, n), true)
		return nil
	}
	now := m.snap.Icount
	switch {
	case n == now:
		m.setMsg(fmt.Sprintf("goto: already at icount %d", n), false)
		return nil
	case n < now:
		if r, ok := m.be.(Reverser); !ok || !r.CanReverse() {
			m.setMsg(fmt.Sprintf("goto: icount %d is in the past (now %d), and going back needs an execution history, which this VM has none of (vmcore tui keeps one)", n, now), true)
			return nil
		}
	}
	// Going back is allowed after the guest halted, as reverse steps are.
	return m.controlAt(fmt.Sprintf("go to icount %d", n), n < now, func() error { return sk.GoToIcount(n) })
}

// timelineClick goes to the icount under column x of the bar.
func (m *Model) timelineClick(x int) tea.Cmd {
	bx, bw := m.barPos()
	if bw <= 0 || x < bx || x >= bx+bw {
		return nil
	}
	start, end := m.tl.Span()
	return m.timeGo(start + uint64(float64(end-start)*float64(x-bx)/float64(max(bw-1, 1))+0.5))
}

// timelineLabels are the texts either side of the bar.
func (m *Model) timelineLabels() (string, string) {
	start, end := m.tl.Span()
	pct := 100.0
	if end > start {
		pct = float64(m.snap.Icount-start) * 100 / float64(end-start)
	}
	return " REPLAY ", fmt.Sprintf(" %d / %d (%.1f%%) ", m.snap.Icount, end, pct)
}

// barPos is the screen column and width of the bar itself.
func (m *Model) barPos() (int, int) {
	l, r := m.timelineLabels()
	x := ansi.StringWidth(l)
	return x, m.w - x - ansi.StringWidth(r)
}

// timelineView renders the timeline row: a bar across the recording with
// its marks, the current icount highlighted.
func (m *Model) timelineView() string {
	th := &m.th
	left, right := m.timelineLabels()
	_, bw := m.barPos()
	if bw < 4 {
		return fit(th.Label.Render(left)+th.Value.Render(right), m.w)
	}
	start, end := m.tl.Span()
	span := end - start
	cell := func(n uint64) int {
		if span == 0 {
			return 0
		}
		return int(float64(n-start) * float64(bw-1) / float64(span))
	}
	kinds := make([]int, bw) // highest mark kind + 1 per cell; 0: none
	for _, mk := range m.marks {
		if mk.Icount < start || mk.Icount > end {
			continue
		}
		c := cell(mk.Icount)
		kinds[c] = max(kinds[c], int(mk.Kind)+1)
	}
	cur := cell(min(max(m.snap.Icount, start), end))
	var b strings.Builder
	b.WriteString(th.Label.Render(left))
	for i, k := range kinds {
		g, st := "─", th.Dim
		if k > 0 {
			g = MarkKind(k - 1).Glyph()
			switch MarkKind(k - 1) {
			case MarkBreak:
				st = th.Breakpoint
			case MarkPause, MarkEnd:
				st = th.Changed
			case MarkInput:
				st = th.Symbol
			}
		}
		if i == cur {
			// Always the same glyph, so that the position shows without
			// colour (NO_COLOR) too; the cell's mark is under it.
			g, st = "◆", th.Current
		}
		b.WriteString(st.Render(g))
	}
	b.WriteString(th.Value.Render(right))
	return fit(b.String(), m.w)
}

// markHelp is the timeline legend shown by `?` in replay mode.
func markHelp() string {
	var parts []string
	for k := MarkCheckpoint; k <= MarkEnd; k++ {
		parts = append(parts, k.Glyph()+" "+k.String())
	}
	return "Timeline: " + strings.Join(parts, ", ") + ", ◆ now. [ ] one instruction, { } to the previous/next mark or 2% of the recording (whichever is nearer), home/end: start/end, :goto ICOUNT, enter on an event goes to it."
}
