package ui

import (
	"github.com/charmbracelet/bubbles/key"
)

// keyMap is the one keymap of the screen; `?` shows all of it through
// bubbles/help, so a binding missing here is a binding nobody can find.
type keyMap struct {
	Step, Next, Finish, Continue, Pause         key.Binding
	RStep, RNext, RContinue                     key.Binding
	Break, GoTo, Focus, FocusBack, Command      key.Binding
	Help, Quit, CSRs, FRegs, Watch, Up, Down    key.Binding
	PgUp                                        key.Binding
	PgDown, Home, End, Left, Right, Enter, Del  key.Binding
	ToggleEnable, ConsoleLeave, Follow, HexEdit key.Binding
	// Replay mode: through the recording's time.
	TBack, TFwd, TJumpBack, TJumpFwd, TStart, TEnd key.Binding
}

func defaultKeys() keyMap {
	b := func(help, desc string, keys ...string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(help, desc))
	}
	return keyMap{
		Step:         b("s/F7", "step instruction", "s", "f7"),
		Next:         b("n/F8", "step over call", "n", "f8"),
		Finish:       b("f", "finish function", "f"),
		Continue:     b("c/F5", "continue", "c", "f5"),
		Pause:        b("p/^C", "pause", "p", "ctrl+c"),
		RStep:        b("S", "reverse step", "S"),
		RNext:        b("N", "reverse next", "N"),
		RContinue:    b("C", "reverse continue", "C"),
		Break:        b("b", "toggle breakpoint at cursor", "b"),
		GoTo:         b("g", "go to icount/address/symbol/reg", "g"),
		Focus:        b("tab", "next pane", "tab"),
		FocusBack:    b("shift+tab", "previous pane", "shift+tab"),
		Command:      b(":", "command line", ":"),
		Help:         b("?", "help", "?"),
		Quit:         b("q", "quit", "q"),
		CSRs:         b("x", "registers: toggle CSRs", "x"),
		FRegs:        b("v", "registers: toggle f registers", "v"),
		Watch:        b("w", "memory: watch byte at cursor", "w"),
		Up:           b("↑/k", "up", "up", "k"),
		Down:         b("↓/j", "down", "down", "j"),
		PgUp:         b("pgup", "page up", "pgup"),
		PgDown:       b("pgdn", "page down", "pgdown"),
		Home:         b("home", "to pc / top", "home"),
		End:          b("end", "bottom", "end"),
		Left:         b("←/h", "left", "left", "h"),
		Right:        b("→/l", "right", "right", "l"),
		Enter:        b("enter", "go to selection", "enter"),
		Del:          b("d/del", "breakpoints: delete", "d", "delete"),
		ToggleEnable: b("space/e", "breakpoints: enable/disable", " ", "e"),
		ConsoleLeave: b("esc", "console: stop typing to guest", "esc"),
		Follow:       b("F", "memory: follow pc", "F"),
		HexEdit:      b("e/enter", "memory: edit bytes in hex", "e", "enter"),
		TBack:        b("[", "replay: back one instruction", "["),
		TFwd:         b("]", "replay: forward one instruction", "]"),
		TJumpBack:    b("{", "replay: previous mark (≤2% back)", "{"),
		TJumpFwd:     b("}", "replay: next mark (≤2% on)", "}"),
		TStart:       b("home", "replay: start of recording", "home"),
		TEnd:         b("end", "replay: end of recording", "end"),
	}
}

// ShortHelp is the one-line hint in the status area.
func (k keyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Step, k.Next, k.Continue, k.Pause, k.Break, k.Command, k.Help, k.Quit}
}

// ReplayShortHelp is the one-line hint in replay mode: pairs of keys
// share an entry to fit.
func (k keyMap) ReplayShortHelp() []key.Binding {
	pair := func(keys, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys), key.WithHelp(keys, desc))
	}
	return []key.Binding{pair("[ ]", "±1 instruction"), pair("{ }", "prev/next mark"), pair("home end", "start/end"),
		pair("S N C", "reverse"), k.Step, k.Continue, k.Command, k.Help, k.Quit}
}

// ReplayHelp is the column `?` adds in replay mode.
func (k keyMap) ReplayHelp() []key.Binding {
	return []key.Binding{k.TBack, k.TFwd, k.TJumpBack, k.TJumpFwd, k.TStart, k.TEnd}
}

// FullHelp is what `?` shows, grouped by column.
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Step, k.Next, k.Finish, k.Continue, k.Pause, k.RStep, k.RNext, k.RContinue},
		{k.Break, k.GoTo, k.Command, k.Focus, k.FocusBack, k.Help, k.Quit},
		{k.Up, k.Down, k.PgUp, k.PgDown, k.Home, k.End, k.Enter},
		{k.CSRs, k.FRegs, k.Watch, k.HexEdit, k.Follow, k.Del, k.ToggleEnable, k.ConsoleLeave},
	}
}
