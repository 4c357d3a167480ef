package themes

import (
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/charmbracelet/lipgloss"
)

// Theme is a set of styles, one per semantic role on the screen.
type Theme struct {
	// Name is the name Get knows the theme by.
	Name string

	Border        lipgloss.Style    // pane frame, unfocused
	BorderFocused lipgloss.Style    // pane frame of the pane with keyboard focus
	Title         lipgloss.Style    // pane title, unfocused
	TitleFocused  lipgloss.Style    // pane title of the focused pane
	Tab           lipgloss.Style    // name of a hidden pane in a tab strip
	Label         lipgloss.Style    // register names, field names
	Value         lipgloss.Style    // ordinary values
	Changed       lipgloss.Style    // a value changed by the last step or run
	Dim           lipgloss.Style    // zero values, padding, secondary text
	Address       lipgloss.Style    // addresses in the left column
	Symbol        lipgloss.Style    // symbol names and <sym+off> labels
	Mnemonic      lipgloss.Style    // instruction mnemonics
	Current       lipgloss.Style    // the line at pc
	Cursor        lipgloss.Style    // the cursor line of a focused pane
	Breakpoint    lipgloss.Style    // breakpoint marks
	Disabled      lipgloss.Style    // disabled breakpoints
	Error         lipgloss.Style    // error messages
	Info          lipgloss.Style    // informational messages
	StatusBar     lipgloss.Style    // the bottom line
	StatusRunning lipgloss.Style    // state badge while running
	StatusPaused  lipgloss.Style    // state badge while paused
	StatusHalted  lipgloss.Style    // state badge once the guest stopped
	Field         [4]lipgloss.Style // alternating colours of instruction fields
}

// DefaultName is the theme used when none is chosen.
const DefaultName = "dark"

var builders = map[string]func() Theme{
	"dark":          dark,
	"light":         light,
	"high-contrast": highContrast,
}

// Names lists the known themes in alphabetical order.
func Names() []string {
	names := make([]string, 0, len(builders))
	for n := range builders {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Get returns the theme called name (case-insensitive; "" means the
// default), without colours when NO_COLOR is set.
func Get(name string) (Theme, error) {
	return get(name, os.Getenv("NO_COLOR") != "")
}

func get(name string, noColor bool) (Theme, error) {
	if name == "" {
		name = DefaultName
	}
	b, ok := builders[strings.ToLower(name)]
	if !ok {
		return Theme{}, fmt.Errorf("themes: unknown theme %q (known: %s)", name, strings.Join(Names(), ", "))
	}
	t := b()
	if noColor {
		t = t.WithoutColor()
	}
	return t, nil
}

// WithoutColor returns the theme with every foreground and background colour
// removed; bold, underline and reverse survive so the roles stay distinct.
func (t Theme) WithoutColor() Theme {
	strip := func(s lipgloss.Style) lipgloss.Style {
		return s.UnsetForeground().UnsetBackground().UnsetBorderForeground().UnsetBorderBackground()
	}
	t.Border, t.BorderFocused = strip(t.Border), strip(t.BorderFocused).Bold(true)
	t.Title, t.TitleFocused = strip(t.Title), strip(t.TitleFocused).Bold(true).Reverse(true)
	t.Tab, t.Label, t.Value = strip(t.Tab), strip(t.Label), strip(t.Value)
	t.Changed = strip(t.Changed).Bold(true).Underline(true)
	t.Dim, t.Address, t.Symbol, t.Mnemonic = strip(t.Dim), strip(t.Address), strip(t.Symbol), strip(t.Mnemonic)
	t.Current = strip(t.Current).Reverse(true)
	t.Cursor = strip(t.Cursor).Underline(true)
	t.Breakpoint, t.Disabled = strip(t.Breakpoint).Bold(true), strip(t.Disabled)
	t.Error, t.Info = strip(t.Error).Bold(true), strip(t.Info)
	t.StatusBar = strip(t.StatusBar).Reverse(true)
	t.StatusRunning = strip(t.StatusRunning).Bold(true)
	t.StatusPaused, t.StatusHalted = strip(t.StatusPaused).Bold(true), strip(t.StatusHalted).Bold(true)
	for i := range t.Field {
		t.Field[i] = strip(t.Field[i])
	}
	return t
}

func fg(c string) lipgloss.Style { return lipgloss.NewStyle().Foreground(lipgloss.Color(c)) }

func dark() Theme {
	return Theme{
		Name:          "dark",
		Border:        fg("240"),
		BorderFocused: fg("45"),
		Title:         fg("250"),
		TitleFocused:  fg("45").Bold(true),
		Tab:           fg("244"),
		Label:         fg("109"),
		Value:         fg("252"),
		Changed:       fg("214").Bold(true),
		Dim:           fg("242"),
		Address:       fg("67"),
		Symbol:        fg("150"),
		Mnemonic:      fg("223"),
		Current:       lipgloss.NewStyle().Background(lipgloss.Color("24")).Foreground(lipgloss.Color("231")),
		Cursor:        lipgloss.NewStyle().Background(lipgloss.Color("237")),
		Breakpoint:    fg("196").Bold(true),
		Disabled:      fg("95"),
		Error:         fg("203").Bold(true),
		Info:          fg("114"),
		StatusBar:     lipgloss.NewStyle().Background(lipgloss.Color("236")).Foreground(lipgloss.Color("252")),
		StatusRunning: lipgloss.NewStyle().Background(lipgloss.Color("28")).Foreground(lipgloss.Color("231")).Bold(true),
		StatusPaused:  lipgloss.NewStyle().Background(lipgloss.Color("136")).Foreground(lipgloss.Color("16")).Bold(true),
		StatusHalted:  lipgloss.NewStyle().Background(lipgloss.Color("124")).Foreground(lipgloss.Color("231")).Bold(true),
		Field:         [4]lipgloss.Style{fg("81"), fg("215"), fg("156"), fg("219")},
	}
}

func light() Theme {
	return Theme{
		Name:          "light",
		Border:        fg("250"),
		BorderFocused: fg("25"),
		Title:         fg("240"),
		TitleFocused:  fg("25").Bold(true),
		Tab:           fg("245"),
		Label:         fg("24"),
		Value:         fg("235"),
		Changed:       fg("160").Bold(true),
		Dim:           fg("247"),
		Address:       fg("25"),
		Symbol:        fg("28"),
		Mnemonic:      fg("94"),
		Current:       lipgloss.NewStyle().Background(lipgloss.Color("153")).Foreground(lipgloss.Color("16")),
		Cursor:        lipgloss.NewStyle().Background(lipgloss.Color("254")),
		Breakpoint:    fg("160").Bold(true),
		Disabled:      fg("181"),
		Error:         fg("160").Bold(true),
		Info:          fg("28"),
		StatusBar:     lipgloss.NewStyle().Background(lipgloss.Color("254")).Foreground(lipgloss.Color("235")),
		StatusRunning: lipgloss.NewStyle().Background(lipgloss.Color("28")).Foreground(lipgloss.Color("231")).Bold(true),
		StatusPaused:  lipgloss.NewStyle().Background(lipgloss.Color("178")).Foreground(lipgloss.Color("16")).Bold(true),
		StatusHalted:  lipgloss.NewStyle().Background(lipgloss.Color("160")).Foreground(lipgloss.Color("231")).Bold(true),
		Field:         [4]lipgloss.Style{fg("25"), fg("130"), fg("28"), fg("127")},
	}
}

// highContrast uses only the 16 basic colours, bold and reverse video, which
// every terminal and most colour-blind users can tell apart.
func highContrast() Theme {
	b := lipgloss.NewStyle().Bold(true)
	return Theme{
		Name:          "high-contrast",
		Border:        fg("7"),
		BorderFocused: fg("15").Bold(true),
		Title:         fg("15"),
		TitleFocused:  b.Reverse(true),
		Tab:           fg("7"),
		Label:         fg("14"),
		Value:         fg("15"),
		Changed:       fg("11").Bold(true).Underline(true),
		Dim:           fg("7"),
		Address:       fg("14"),
		Symbol:        fg("10"),
		Mnemonic:      fg("15").Bold(true),
		Current:       lipgloss.NewStyle().Reverse(true).Bold(true),
		Cursor:        lipgloss.NewStyle().Underline(true),
		Breakpoint:    fg("9").Bold(true),
		Disabled:      fg("7"),
		Error:         fg("9").Bold(true),
		Info:          fg("10"),
		StatusBar:     lipgloss.NewStyle().Reverse(true),
		StatusRunning: fg("10").Bold(true).Reverse(true),
		StatusPaused:  fg("11").Bold(true).Reverse(true),
		StatusHalted:  fg("9").Bold(true).Reverse(true),
		Field:         [4]lipgloss.Style{fg("14"), fg("11"), fg("10"), fg("13")},
	}
}
