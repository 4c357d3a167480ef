package ui

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"vmcore/themes"
)

// Minimum terminal size; below it the screen shows a message instead of
// panes that would not fit.
const (
	MinWidth  = 80
	MinHeight = 24
)

// Options configures the screen.
type Options struct {
	// Theme is a theme name from package themes ("" for the default).
	Theme string
	// FPS is how often the screen samples the VM while it runs (default 30).
	FPS int
	// IdleFPS is how often it samples while paused, to notice changes made
	// by other front ends such as a GDB client (default 4).
	IdleFPS int
}

func (o *Options) fill() {
	if o.FPS <= 0 {
		o.FPS = 30
	}
	if o.IdleFPS <= 0 {
		o.IdleFPS = 4
	}
}

type paneID int

const (
	paneRegs paneID = iota
	paneDisasm
	paneAnatomy
	paneMemory
	paneConsole
	paneBreaks
	paneEvents
	paneDevices
	numPanes
)

var paneTitles = [numPanes]string{"Registers", "Disassembly", "Anatomy", "Memory", "Console", "Breakpoints", "Events", "Devices"}

// pane is one area of the screen. render returns the content lines (they
// are cut or padded to w by the frame); key handles a key when the pane has
// focus and reports whether it used it.
type pane interface {
	render(m *Model, w, h int) []string
	key(m *Model, msg tea.KeyMsg) (bool, tea.Cmd)
	scroll(m *Model, delta int)
}

// slot is a rectangle of the screen that shows one of several panes, with
// a tab strip in its title when there is more than one.
type slot struct {
	x, y, w, h int
	panes      []paneID
	active     int

	cacheKey   slotKey
	cacheLines []string
}

type slotKey struct {
	ver           uint64
	w, h, active  int
	focused       bool
	themeGen, nps int
}

// tickMsg asks the model to sample the backend.
type tickMsg struct{ gen int }

// ctlDoneMsg reports the end of a control call made on a command goroutine.
type ctlDoneMsg struct {
	what     string
	err      error
	timeMove bool // a replay's move through time (see Model.timeGo)
}

// Model is the screen: a bubbletea model over a Backend.
type Model struct {
	be   Backend
	opts Options
	th   themes.Theme
	tgen int
	keys keyMap
	help help.Model

	w, h  int
	slots []*slot
	focus paneID
	avail [numPanes]bool
	panes [numPanes]pane
	ver   [numPanes]uint64

	snap     Snapshot
	haveSnap bool
	base     Snapshot // state when the VM last resumed: "changed" is relative to it
	changed  [32]bool
	effect   []string // what the last step changed, for the anatomy pane
	stepInst *instAnatomy

	tickGen int

	cmd      textinput.Model
	cmdOn    bool
	history  []string
	histPos  int
	msg      string
	msgErr   bool
	msgLong  bool // msg is too wide for its line and shown whole in output
	output   []string
	showHelp bool
	helpCmds bool // the help screen lists the commands rather than the keys
	askQuit  bool
	quitting bool

	// tl is the recording in replay mode (nil otherwise); marks are its
	// marks as last sampled.
	tl    Timeline
	marks []Mark
	// tlMoving is set while a replay move runs; keys meanwhile move on
	// from tlTarget (the last icount asked for), not from the icount on
	// screen, so that a held ] keeps going, and tlQueued says a move to
	// tlTarget is due when the running one ends.
	tlMoving, tlQueued bool
	tlTarget           uint64
	srcs               sourceFiles

	regs    *regsPane
	dis     *disasmPane
	mem     *memPane
	con     *consolePane
	brk     *breaksPane
	ev      *eventsPane
	dev     *devicesPane
	anatomy *anatomyPane
}

// New makes the screen model for b. Run uses it; tests drive it directly.
func New(b Backend, opts Options) (*Model, error) {
	opts.fill()
	th, err := themes.Get(opts.Theme)
	if err != nil {
		return nil, err
	}
	ti := textinput.New()
	ti.Prompt = ":"
	ti.CharLimit = 512
	// A blinking cursor would send a message twice a second forever.
	ti.Cursor.SetMode(cursor.CursorStatic)
	m := &Model{be: b, opts: opts, th: th, keys: defaultKeys(), help: help.New(), cmd: ti, focus: paneDisasm}
	m.help.Styles = helpStyles(th)
	m.regs = &regsPane{}
	m.dis = &disasmPane{follow: true}
	m.mem = &memPane{followReg: -1}
	m.con = &consolePane{}
	m.brk = &breaksPane{}
	m.ev = &eventsPane{}
	m.dev = &devicesPane{}
	m.anatomy = &anatomyPane{}
	m.panes = [numPanes]pane{m.regs, m.dis, m.anatomy, m.mem, m.con, m.brk, m.ev, m.dev}
	for i := range m.avail {
		m.avail[i] = true
	}
	if _, ok := b.(EventSource); !ok {
		m.avail[paneEvents] = false
	}
	if _, ok := b.(DeviceSource); !ok {
		m.avail[paneDevices] = false
	}
	if tl, ok := b.(Timeline); ok {
		m.tl = tl
	}
	m.sample()
	m.base = m.snap
	if r, ok := m.be.SymbolAddr("_start"); ok && m.snap.PC == 0 {
		m.mem.addr = r
	} else {
		m.mem.addr = m.snap.PC &^ 15
	}
	return m, nil
}

// Init starts the sampling tick.
func (m *Model) Init() tea.Cmd { return m.tick() }

func (m *Model) tick() tea.Cmd {
	fps := m.opts.IdleFPS
	if m.snap.State == Running {
		fps = m.opts.FPS
	}
	gen := m.tickGen
	return tea.Tick(time.Second/time.Duration(fps), func(time.Time) tea.Msg { return tickMsg{gen: gen} })
}

// touch marks a pane's content as changed so its frame is re-rendered.
func (m *Model) touch(ids ...paneID) {
	for _, id := range ids {
		m.ver[id]++
	}
}

// sample reads a snapshot and marks the panes whose data changed.
func (m *Model) sample() {
	s := m.be.Snapshot()
	if s.ConsoleReset {
		m.con.reset()
		m.touch(paneConsole)
	}
	if len(s.Console) > 0 {
		m.con.append(s.Console)
		m.touch(paneConsole)
	}
	s.Console, s.ConsoleReset = nil, false
	first := !m.haveSnap
	m.haveSnap = true
	if !first && m.snap.Recording && !s.Recording {
		m.recordingEnded(s)
	}
	prevState := m.snap.State
	if first || s.Gen != m.snap.Gen {
		old := m.snap
		m.snap = s
		for i := range m.changed {
			m.changed[i] = s.Regs[i] != m.base.Regs[i]
		}
		m.touch(paneRegs, paneDisasm, paneAnatomy)
		if !first && prevState == Running && s.State != Running {
			m.stopped(old)
		}
		if !first && s.Icount != old.Icount && s.State != Running {
			// The machine moved and stopped (a step, a stop, a GDB
			// client's step): the view goes back to the pc, wherever the
			// user had put the cursor.
			m.dis.follow = true
		}
		if m.mem.followPC {
			m.mem.addr = s.PC &^ 15
		}
		if m.mem.followReg >= 0 {
			m.mem.addr = m.regValue(m.mem.followReg) &^ 15
		}
	} else {
		// What only the status bar shows may change without the machine
		// changing.
		m.snap.Recording, m.snap.RecordingEnded = s.Recording, s.RecordingEnded
		m.snap.GDB, m.snap.GDBAddr, m.snap.MIPS, m.snap.SessionID = s.GDB, s.GDBAddr, s.MIPS, s.SessionID
	}
	m.mem.refresh(m)
	m.brk.refresh(m)
	m.refreshMarks()
	if src, ok := m.be.(EventSource); ok {
		m.ev.refresh(m, src)
	}
	if src, ok := m.be.(DeviceSource); ok && (first || s.Gen != m.dev.gen) {
		m.dev.refresh(m, src, s.Gen)
	}
}

// recordingEnded says once, on the message line, why the recording
// stopped early (the status bar only shows that it did). The journal
// gives a reason only for an early end (a fork of the time line); a
// normal end (the guest exited, the session closed) needs no message,
// and must not replace the one that says why the guest stopped.
func (m *Model) recordingEnded(s Snapshot) {
	why := s.RecordingEnded
	if why == "" {
		return
	}
	m.setLongMsg("recording ended: "+why+"; the session keeps what was recorded before it", true)
}

// setLongMsg sets a message that may be too wide for the message line:
// such a message is wrapped into the output box, whole until the next
// key, rather than cut.
func (m *Model) setLongMsg(msg string, isErr bool) {
	m.setMsg(msg, isErr)
	if ansi.StringWidth(msg) > m.w {
		m.output = wrapWords(msg, max(1, m.w-2))
		m.msgLong = true
	}
}

// stopped is called when the VM goes from running to stopped.
func (m *Model) stopped(Snapshot) {
	if m.snap.Reason != "" {
		m.setMsg("stopped: "+m.snap.Reason, false)
	}
}

// resume records the state before a control command so that the panes can
// highlight what it changed.
func (m *Model) resume() {
	m.base = m.snap
	m.stepInst = m.anatomy.current(m)
	m.effect = nil
	m.dis.follow = true
	m.touch(paneDisasm)
}

func (m *Model) regValue(i int) uint64 {
	if i == 32 {
		return m.snap.PC
	}
	return m.snap.Regs[i&31]
}

func (m *Model) setMsg(s string, isErr bool) {
	m.msg, m.msgErr, m.msgLong = s, isErr, false
}

// Update handles one message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		m.help.Width = msg.Width
		m.layout()
		return m, nil
	case tickMsg:
		if msg.gen != m.tickGen {
			return m, nil // a newer tick chain replaced this one
		}
		m.sample()
		m.afterStep()
		return m, m.tick()
	case ctlDoneMsg:
		if msg.err != nil {
			m.setMsg(msg.what+": "+msg.err.Error(), true)
		}
		m.sample()
		m.afterStep()
		m.tickGen++ // restart the tick at the rate for the new state
		if msg.timeMove {
			return m, tea.Batch(m.tick(), m.timeMoved())
		}
		return m, m.tick()
	case tea.MouseMsg:
		return m, m.mouse(msg)
	case tea.KeyMsg:
		return m, m.keyMsg(msg)
	case keysMsg:
		var cmds []tea.Cmd
		for _, one := range msg {
			if _, ok := one.(tea.QuitMsg); ok {
				return m, tea.Quit
			}
			_, c := m.Update(one)
			cmds = append(cmds, c)
		}
		return m, tea.Batch(cmds...)
	}
	return m, nil
}

// afterStep fills the anatomy pane's "what changed" list once a step ends.
func (m *Model) afterStep() {
	if m.stepInst == nil || m.snap.State == Running || m.snap.Icount == m.base.Icount {
		return
	}
	m.effect = m.anatomy.effect(m, m.stepInst)
	m.stepInst = nil
	m.touch(paneAnatomy)
}

// aheadPauser is implemented by a backend whose Pause also stops a run
// the screen asked for that has not begun yet (MachineBackend): the
// screen says when it asks for an open-ended run and when that run's
// command returns.
type aheadPauser interface {
	runRequested()
	runDone()
}

// control runs a backend control call off the UI goroutine.
func (m *Model) control(what string, f func() error) tea.Cmd {
	return m.controlAt(what, strings.HasPrefix(what, "reverse"), f)
}

// controlAt is control for a call that goes back in time when back is
// set, which a halted guest allows.
func (m *Model) controlAt(what string, back bool, f func() error) tea.Cmd {
	if m.snap.State == Halted && what != "pause" && !back {
		m.setMsg("the guest has halted ("+m.snap.Reason+"); nothing to run", true)
		return nil
	}
	ap, ahead := m.be.(aheadPauser)
	if what == "pause" && ahead {
		// Pause returns promptly, and must not wait behind a run asked
		// for by an earlier key of the same read (keys run in order on
		// one command goroutine): it is made now, and the backend keeps
		// it for that run.
		err := f()
		m.setMsg("", false)
		return func() tea.Msg { return ctlDoneMsg{what: what, err: err} }
	}
	if what != "pause" {
		m.resume()
	}
	m.setMsg("", false)
	// A step is bounded: a pause behind it is meant for what runs after.
	open := ahead && what != "pause" && what != "step" && what != "reverse step"
	if open {
		ap.runRequested()
	}
	return func() tea.Msg {
		err := f()
		if open {
			ap.runDone()
		}
		return ctlDoneMsg{what: what, err: err}
	}
}

// keysMsg carries the results of several commands, in the order their
// keys came: keys that arrived in one read run one after the other, so
// that "ss" steps twice, never twice at once.
type keysMsg []tea.Msg

// textInput says whether keys now go to a text input (the command line,
// the console while the guest takes input, the memory editor), where a
// run of runes is text rather than a sequence of commands.
func (m *Model) textInput() bool {
	switch {
	case m.cmdOn:
		return true
	case m.askQuit || m.showHelp:
		return false
	case m.focus == paneConsole:
		return m.tl == nil
	case m.focus == paneMemory:
		return m.mem.editing
	}
	return false
}

// keyMsg handles a key message; several runes in one message (keys that
// arrived in one read, or a bracketed paste) are text for a text input
// and otherwise a sequence of single keys.
func (m *Model) keyMsg(msg tea.KeyMsg) tea.Cmd {
	if msg.Type != tea.KeyRunes || (len(msg.Runes) < 2 && !msg.Paste) {
		return m.oneKey(msg)
	}
	var cmds []tea.Cmd
	rs := msg.Runes
	for len(rs) > 0 {
		if m.textInput() {
			text := rs
			if m.cmdOn {
				// A line end in the text runs the command line, as it
				// would in a shell; what follows is keys again.
				if i := slices.IndexFunc(rs, func(r rune) bool { return r == '\r' || r == '\n' }); i >= 0 {
					text = rs[:i]
				}
			}
			if len(text) > 0 {
				cmds = append(cmds, m.oneKey(tea.KeyMsg{Type: tea.KeyRunes, Runes: text, Paste: msg.Paste}))
			}
			if len(text) == len(rs) {
				break
			}
			cmds = append(cmds, m.oneKey(tea.KeyMsg{Type: tea.KeyEnter}))
			rs = rs[len(text)+1:]
			continue
		}
		k := tea.KeyMsg{Type: tea.KeyRunes, Runes: rs[:1]}
		switch rs[0] {
		case ' ':
			k = tea.KeyMsg{Type: tea.KeySpace, Runes: rs[:1]}
		case '\r', '\n':
			k = tea.KeyMsg{Type: tea.KeyEnter}
		case '\t':
			k = tea.KeyMsg{Type: tea.KeyTab}
		}
		cmds = append(cmds, m.oneKey(k))
		rs = rs[1:]
	}
	return sequence(cmds)
}

// sequence runs cmds one after the other on one command goroutine and
// delivers their messages together, in order (see keysMsg).
func sequence(cmds []tea.Cmd) tea.Cmd {
	var live []tea.Cmd
	for _, c := range cmds {
		if c != nil {
			live = append(live, c)
		}
	}
	switch len(live) {
	case 0:
		return nil
	case 1:
		return live[0]
	}
	return func() tea.Msg {
		out := make(keysMsg, 0, len(live))
		for _, c := range live {
			msg := c()
			out = append(out, msg)
			if _, ok := msg.(tea.QuitMsg); ok {
				break
			}
		}
		return out
	}
}

func (m *Model) oneKey(msg tea.KeyMsg) tea.Cmd {
	m.output = nil
	if m.msgLong {
		// It was shown whole until this key; cut on its line it would
		// say less than it did.
		m.setMsg("", false)
	}
	if m.msgErr && !m.cmdOn {
		// An error is read by the next key: whatever that key does, the
		// message line must not keep blaming a command that is past.
		m.setMsg("", false)
	}
	if m.askQuit {
		m.askQuit = false
		if s := msg.String(); s == "y" || s == "Y" {
			m.quitting = true
			return tea.Quit
		}
		m.setMsg("", false)
		return nil
	}
	if m.showHelp {
		m.showHelp = false
		return nil
	}
	if m.cmdOn {
		return m.cmdKey(msg)
	}
	k := m.keys
	if ok, cmd := m.replayKey(msg); ok {
		return cmd
	}
	if ok, cmd := m.panes[m.focus].key(m, msg); ok {
		m.touch(m.focus)
		return cmd
	}
	switch {
	case key.Matches(msg, k.Step):
		return m.control("step", func() error { return m.be.Step(1) })
	case key.Matches(msg, k.Next):
		return m.control("next", m.be.Next)
	case key.Matches(msg, k.Finish):
		return m.control("finish", m.be.Finish)
	case key.Matches(msg, k.Continue):
		return m.control("continue", m.be.Continue)
	case key.Matches(msg, k.Pause):
		return m.control("pause", m.be.Pause)
	case key.Matches(msg, k.RStep, k.RNext, k.RContinue):
		return m.reverse(msg.String())
	case key.Matches(msg, k.Break):
		m.toggleBreak(m.dis.cursorAddr(m))
	case key.Matches(msg, k.GoTo):
		m.openCmd("goto ")
	case key.Matches(msg, k.Command):
		m.openCmd("")
	case key.Matches(msg, k.Focus):
		m.cycleFocus(1)
	case key.Matches(msg, k.FocusBack):
		m.cycleFocus(-1)
	case key.Matches(msg, k.Help):
		m.showHelp, m.helpCmds = true, false
	case key.Matches(msg, k.Quit):
		if m.snap.State == Running {
			m.askQuit = true
			m.setMsg("The VM is running. Quit? (y/n)", false)
			return nil
		}
		m.quitting = true
		return tea.Quit
	}
	return nil
}

func (m *Model) reverse(k string) tea.Cmd {
	r, ok := m.be.(Reverser)
	if !ok || !r.CanReverse() {
		m.setMsg("reverse execution needs an execution history, and this VM has none (vmcore tui and vmcore replay keep one)", true)
		return nil
	}
	switch k {
	case "S":
		return m.control("reverse step", r.ReverseStep)
	case "N":
		return m.control("reverse next", r.ReverseNext)
	}
	return m.control("reverse continue", r.ReverseContinue)
}

func (m *Model) toggleBreak(addr uint64) {
	for _, bp := range m.be.Breakpoints() {
		if bp.Kind == KindBreak && bp.Addr == addr {
			if err := m.be.RemoveBreakpoint(bp.ID); err != nil {
				m.setMsg(err.Error(), true)
			} else {
				m.setMsg(fmt.Sprintf("deleted breakpoint %d at %#x", bp.ID, addr), false)
			}
			m.brk.refresh(m)
			m.touch(paneDisasm)
			return
		}
	}
	bp, err := m.be.AddBreakpoint(addr, "")
	if err != nil {
		m.setMsg(err.Error(), true)
		return
	}
	m.setMsg(fmt.Sprintf("breakpoint %d at %s", bp.ID, m.addrName(addr)), false)
	m.brk.refresh(m)
	m.touch(paneDisasm)
}

// addrName renders an address with its symbol, "0x80000010 <main+0x4>".
func (m *Model) addrName(a uint64) string {
	if n, off, ok := m.be.SymbolAt(a); ok {
		if off == 0 {
			return fmt.Sprintf("%#x <%s>", a, n)
		}
		return fmt.Sprintf("%#x <%s+%#x>", a, n, off)
	}
	return fmt.Sprintf("%#x", a)
}

func (m *Model) visiblePanes() []paneID {
	var out []paneID
	for _, s := range m.slots {
		out = append(out, s.panes...)
	}
	return out
}

func (m *Model) cycleFocus(d int) {
	ps := m.visiblePanes()
	if len(ps) == 0 {
		return
	}
	i := 0
	for j, p := range ps {
		if p == m.focus {
			i = j
		}
	}
	m.setFocus(ps[(i+d+len(ps))%len(ps)])
}

func (m *Model) setFocus(p paneID) {
	old := m.focus
	m.focus = p
	for _, s := range m.slots {
		for i, q := range s.panes {
			if q == p {
				s.active = i
			}
		}
	}
	m.touch(old, p)
}

func (m *Model) slotOf(p paneID) *slot {
	for _, s := range m.slots {
		if s.panes[s.active] == p {
			return s
		}
	}
	return nil
}

// paneSize is the inner size of a pane if it is shown, else 0,0.
func (m *Model) paneSize(p paneID) (int, int) {
	if s := m.slotOf(p); s != nil {
		return s.w - 2, s.h - 2
	}
	return 0, 0
}

func (m *Model) mouse(msg tea.MouseMsg) tea.Cmd {
	if m.tl != nil && msg.Y == m.paneRows() && msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft {
		return m.timelineClick(msg.X)
	}
	for _, s := range m.slots {
		if msg.X < s.x || msg.X >= s.x+s.w || msg.Y < s.y || msg.Y >= s.y+s.h {
			continue
		}
		p := s.panes[s.active]
		switch {
		case msg.Button == tea.MouseButtonWheelUp:
			m.panes[p].scroll(m, -3)
			m.touch(p)
		case msg.Button == tea.MouseButtonWheelDown:
			m.panes[p].scroll(m, 3)
			m.touch(p)
		case msg.Action == tea.MouseActionPress && msg.Button == tea.MouseButtonLeft:
			if msg.Y == s.y {
				// A click on a tab name in the frame's title switches to it.
				x := s.x + 2
				for i, name := range tabLabels(s) {
					n := len(name)
					if msg.X >= x && msg.X < x+n {
						p = s.panes[i]
					}
					x += n + 1
				}
			}
			m.setFocus(p)
			if p == paneDisasm && msg.Y > s.y && msg.Y < s.y+s.h-1 {
				m.dis.clickLine(m, msg.Y-s.y-1)
			}
		}
		return nil
	}
	return nil
}

// minDisasmW is the narrowest disassembly pane (frame included) whose
// lines keep address, mnemonic and operands; regsCompactH is the height
// of the registers pane when it shows three registers a row.
const (
	minDisasmW   = 46
	regsCompactH = 13
)

// layout places the panes for the terminal size. Three arrangements cover
// 80x24 up to wide screens; panes that do not get their own rectangle share
// one through a tab strip.
func (m *Model) layout() {
	m.slots = nil
	if m.w < MinWidth || m.h < MinHeight {
		return
	}
	H := m.paneRows()
	W := m.w
	const regsW, regsH = 46, 19
	var specs []*slot
	add := func(x, y, w, h int, ps ...paneID) {
		var avail []paneID
		for _, p := range ps {
			if m.avail[p] {
				avail = append(avail, p)
			}
		}
		if len(avail) > 0 && w > 2 && h > 2 {
			specs = append(specs, &slot{x: x, y: y, w: w, h: h, panes: avail})
		}
	}
	switch {
	case W >= 170 && H >= 34:
		rw := max(50, W*3/10)
		mw := W - regsW - rw
		dh := H * 55 / 100
		add(0, 0, regsW, regsH, paneRegs)
		add(0, regsH, regsW, H-regsH, paneBreaks, paneEvents, paneDevices)
		add(regsW, 0, mw, dh, paneDisasm)
		add(regsW, dh, mw, H-dh, paneMemory)
		add(regsW+mw, 0, rw, 12, paneAnatomy)
		add(regsW+mw, 12, rw, H-12, paneConsole)
	case W >= 120 && H >= 34:
		rw := W - regsW
		dh := (H - 12) / 2
		add(0, 0, regsW, regsH, paneRegs)
		add(0, regsH, regsW, H-regsH, paneBreaks, paneEvents, paneDevices)
		add(regsW, 0, rw, dh, paneDisasm)
		add(regsW, dh, rw, 12, paneAnatomy)
		add(regsW, dh+12, rw, H-dh-12, paneConsole, paneMemory)
	case W-regsW < minDisasmW:
		// Registers beside the disassembly would leave it too narrow for
		// operands: the registers go below, three to a row, and the
		// disassembly gets the width.
		rh := regsCompactH // H is at least MinHeight-3: the disassembly keeps 6 lines
		dw := W - 32
		add(0, 0, dw, H-rh, paneDisasm)
		add(dw, 0, W-dw, H-rh, paneAnatomy, paneMemory, paneConsole, paneBreaks, paneEvents, paneDevices)
		add(0, H-rh, W, rh, paneRegs)
	default:
		rw := W - regsW
		dh := H / 2
		if H-regsH >= 6 {
			add(0, 0, regsW, regsH, paneRegs)
			add(0, regsH, regsW, H-regsH, paneBreaks, paneEvents, paneDevices)
			add(regsW, 0, rw, dh, paneDisasm)
			add(regsW, dh, rw, H-dh, paneAnatomy, paneMemory, paneConsole)
		} else {
			add(0, 0, regsW, H, paneRegs)
			add(regsW, 0, rw, dh, paneDisasm)
			add(regsW, dh, rw, H-dh, paneAnatomy, paneMemory, paneConsole, paneBreaks, paneEvents, paneDevices)
		}
	}
	m.slots = specs
	m.setFocus(m.focus)
	m.mem.refresh(m)
}

// SetTheme switches the theme by name.
func (m *Model) SetTheme(name string) error {
	th, err := themes.Get(name)
	if err != nil {
		return err
	}
	m.th = th
	m.help.Styles = helpStyles(th)
	m.tgen++
	return nil
}

// helpStyles styles the key help from the theme: bubbles/help's own
// styles carry colours that NO_COLOR (and a light or high-contrast
// theme) must not get.
func helpStyles(th themes.Theme) help.Styles {
	return help.Styles{
		Ellipsis:       th.Dim,
		ShortKey:       th.Label,
		ShortDesc:      th.Dim,
		ShortSeparator: th.Dim,
		FullKey:        th.Label,
		FullDesc:       th.Value,
		FullSeparator:  th.Dim,
	}
}

// View renders the screen.
func (m *Model) View() string {
	if m.quitting {
		return ""
	}
	if m.w == 0 {
		return "starting…"
	}
	if m.w < MinWidth || m.h < MinHeight {
		msg := fmt.Sprintf("Terminal too small: %dx%d. vmcore needs at least %dx%d; please enlarge the window.", m.w, m.h, MinWidth, MinHeight)
		// Wrapped to the width it is shown at, so that it can be read
		// whole down to a few columns.
		lines := wrapWords(msg, m.w)
		for i, l := range lines {
			lines[i] = ansi.Truncate(l, m.w, "…")
		}
		return strings.Join(lines[:min(len(lines), max(m.h, 1))], "\n")
	}
	H := m.paneRows()
	canvas := make([][]string, H)
	if m.showHelp && m.helpCmds {
		m.commandsView(canvas)
	} else if m.showHelp {
		m.helpView(canvas)
	} else {
		for _, s := range m.slots {
			lines := m.renderSlot(s)
			for i, l := range lines {
				if y := s.y + i; y < H {
					canvas[y] = append(canvas[y], l)
				}
			}
		}
	}
	if len(m.output) > 0 {
		m.overlayOutput(canvas)
	}
	var b strings.Builder
	b.Grow(m.w * m.h * 2)
	for _, row := range canvas {
		for _, seg := range row {
			b.WriteString(seg)
		}
		b.WriteByte('\n')
	}
	if m.tl != nil {
		b.WriteString(m.timelineView())
		b.WriteByte('\n')
	}
	b.WriteString(m.messageLine())
	b.WriteByte('\n')
	b.WriteString(m.statusLine())
	return b.String()
}

func (m *Model) helpView(canvas [][]string) {
	groups := m.keys.FullHelp()
	if m.tl != nil {
		groups = append(groups, m.keys.ReplayHelp())
	}
	// Columns that do not fit beside the others go below them.
	hm := m.help
	hm.Width = 0
	var blocks []string
	var cur [][]key.Binding
	for _, g := range groups {
		try := append(slices.Clone(cur), g)
		if len(cur) > 0 && ansi.StringWidth(firstLine(hm.FullHelpView(try))) > m.w-4 {
			blocks = append(blocks, hm.FullHelpView(cur))
			try = [][]key.Binding{g}
		}
		cur = try
	}
	blocks = append(blocks, hm.FullHelpView(cur))
	lines := strings.Split(strings.Join(blocks, "\n\n"), "\n")
	lines = append([]string{"Keys (press any key to close)", ""}, lines...)
	lines = append(lines, "")
	if cmds := m.commandsHelp(len(canvas) - 3 - len(lines)); len(cmds) <= len(canvas)-3-len(lines) {
		lines = append(lines, "Commands (after ':'; help CMD for one):")
		lines = append(lines, cmds...)
	} else {
		lines = append(lines, "Commands: :help lists them with their syntax.")
	}
	if m.tl != nil {
		lines = append(lines, "")
		lines = append(lines, wrapWords(markHelp(), m.w-4)...)
	}
	box := frame(m, "Help", true, m.w, len(canvas), lines)
	for i := range canvas {
		canvas[i] = []string{box[i]}
	}
}

// commandsHelp lists the `:` commands for the help screen in rows lines:
// one a line with syntax and meaning when they fit, else the syntaxes
// wrapped (never one cut in two).
func (m *Model) commandsHelp(rows int) []string {
	w := m.w - 4
	if len(commandHelp) <= rows {
		sw := 0
		for _, c := range commandHelp {
			sw = max(sw, len([]rune(c.syntax)))
		}
		var out []string
		for _, c := range commandHelp {
			out = append(out, ansi.Truncate(fmt.Sprintf("%-*s  %s", sw, c.syntax, c.what), w, "…"))
		}
		return out
	}
	var out []string
	line := ""
	for _, c := range commandHelp {
		switch {
		case line == "":
			line = c.syntax
		case ansi.StringWidth(line+" · "+c.syntax) <= w:
			line += " · " + c.syntax
		default:
			out = append(out, line)
			line = c.syntax
		}
	}
	return append(out, line)
}

// commandsView is the help screen of :help: every command's syntax and
// what it does.
func (m *Model) commandsView(canvas [][]string) {
	rows := len(canvas) - 2
	lines := m.commandsHelp(rows)
	if len(lines) < rows {
		lines = append([]string{"help CMD for one command, ? for the keys; any key closes", ""}, lines...)
	}
	box := frame(m, "Commands (after :)", true, m.w, len(canvas), lines)
	for i := range canvas {
		canvas[i] = []string{box[i]}
	}
}

// firstLine returns s up to its first newline.
func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// overlayOutput shows command output in place of the bottom lines of the
// pane area until the next key.
func (m *Model) overlayOutput(canvas [][]string) {
	n := min(len(m.output)+2, len(canvas))
	box := frame(m, "Output", true, m.w, n, m.output)
	for i := 0; i < n; i++ {
		canvas[len(canvas)-n+i] = []string{box[i]}
	}
}

func (m *Model) renderSlot(s *slot) []string {
	p := s.panes[s.active]
	k := slotKey{ver: m.ver[p], w: s.w, h: s.h, active: s.active, focused: m.focus == p, themeGen: m.tgen, nps: len(s.panes)}
	if s.cacheLines != nil && s.cacheKey == k {
		return s.cacheLines
	}
	content := m.panes[p].render(m, s.w-2, s.h-2)
	s.cacheLines = frameTabs(m, s, content)
	s.cacheKey = k
	return s.cacheLines
}

func (m *Model) messageLine() string {
	switch {
	case m.cmdOn:
		return fit(m.cmd.View(), m.w)
	case m.msg != "" && !(m.msgLong && len(m.output) > 0):
		// A long message shows whole in the output box instead.
		st := m.th.Info
		if m.msgErr {
			st = m.th.Error
		}
		return fit(st.Render(ansi.Truncate(m.msg, m.w, "…")), m.w)
	}
	if m.tl != nil {
		return fit(m.help.ShortHelpView(m.keys.ReplayShortHelp()), m.w)
	}
	return fit(m.help.ShortHelpView(m.keys.ShortHelp()), m.w)
}

func (m *Model) statusLine() string {
	s := m.snap
	badge := m.th.StatusPaused
	switch s.State {
	case Running:
		badge = m.th.StatusRunning
	case Halted:
		badge = m.th.StatusHalted
	}
	state := " " + s.State.String() + " "
	if s.Reason != "" && s.State != Running {
		state = " " + s.State.String() + ": " + s.Reason + " "
	}
	sess := s.SessionID
	if sess == "" {
		sess = "-"
	}
	rec := "○ not recording"
	if s.Recording {
		rec = "● REC"
	}
	gdb := "gdb: -"
	switch {
	case s.GDB:
		gdb = "gdb: connected"
	case s.GDBAddr != "":
		gdb = "gdb: " + s.GDBAddr
	}
	// A speed is a figure of a run: paused, the last one would be stale.
	mips := ""
	if s.State == Running {
		mips = fmt.Sprintf("  %.1f MIPS", s.MIPS)
	}
	short := sess
	if len(short) > 8 {
		short = short[:8] + "…"
	}
	// The widest that fits: on a narrow screen the recording and GDB
	// indicators stay, the hart, the session and the pc go first.
	var rest string
	for _, f := range []string{
		fmt.Sprintf(" hart %d  icount %d%s  pc %#x  session %s  %s  %s ", s.Hart, s.Icount, mips, s.PC, sess, rec, gdb),
		fmt.Sprintf(" icount %d%s  pc %#x  session %s  %s  %s ", s.Icount, mips, s.PC, short, rec, gdb),
		fmt.Sprintf(" icount %d%s  pc %#x  %s  %s ", s.Icount, mips, s.PC, rec, gdb),
		fmt.Sprintf(" icount %d%s  %s  %s ", s.Icount, mips, rec, gdb),
	} {
		rest = f
		if ansi.StringWidth(state+rest) <= m.w {
			break
		}
	}
	line := badge.Render(state) + m.th.StatusBar.Render(rest)
	w := ansi.StringWidth(line)
	if w > m.w {
		return ansi.Truncate(line, m.w, "")
	}
	return line + m.th.StatusBar.Render(strings.Repeat(" ", m.w-w))
}

// fit cuts or pads s (which may hold escapes) to exactly w cells.
func fit(s string, w int) string {
	n := ansi.StringWidth(s)
	if n > w {
		return ansi.Truncate(s, w, "")
	}
	return s + strings.Repeat(" ", w-n)
}

// wrapWords breaks s at spaces into lines of at most width runes (a word
// longer than width gets a line of its own).
func wrapWords(s string, width int) []string {
	if width < 1 {
		return []string{s}
	}
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case len([]rune(line))+1+len([]rune(w)) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	return append(lines, line)
}
