// Package themes holds the screen's colour schemes as semantic styles.
//
// The screen never names a colour: it asks for the style of a role
// ("changed register", "current line", "breakpoint mark", "focused border")
// and the chosen Theme supplies it. This keeps the panes readable on dark and
// light terminals and lets a high-contrast scheme exist without touching the
// panes.
//
// Invariants: every Theme defines every role (a zero Style renders plain
// text, never garbage); Get returns a clear error naming the unknown theme
// and the known ones; when the NO_COLOR environment variable is set to any
// non-empty value (https://no-color.org), Get returns the theme with all
// colours removed, keeping only attributes such as bold and reverse video so
// that the current line and the focus stay visible. Those attributes reach
// the terminal only through a colour profile that carries them: termenv
// answers NO_COLOR with its Ascii profile, which strips attributes too, so
// the screen (ui.Run) renders a colourless theme with the ANSI profile.
package themes
