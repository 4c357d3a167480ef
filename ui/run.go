package ui

import (
	"context"
	"errors"
	"io"
	"os"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

// RunOptions adds terminal plumbing to Options for Run.
type RunOptions struct {
	Options
	// Input and Output default to the process's terminal; tests and the
	// tmux end-to-end run may set them.
	Input  io.Reader
	Output io.Writer
	// NoAltScreen keeps the screen in the normal buffer (for debugging).
	NoAltScreen bool
}

// Run shows the screen for b until the user quits or ctx ends, restoring
// the terminal on the way out. A run still in progress is paused on quit.
// It returns nil on a normal quit or cancellation.
func Run(ctx context.Context, b Backend, opts RunOptions) error {
	m, err := New(b, opts.Options)
	if err != nil {
		return err
	}
	out := opts.Output
	if out == nil {
		out = os.Stdout
	}
	detected := termenv.NewOutput(out).ColorProfile()
	if p := screenProfile(detected, os.Getenv("NO_COLOR") != ""); p != detected {
		lipgloss.SetColorProfile(p)
	}
	popts := []tea.ProgramOption{tea.WithContext(ctx), tea.WithMouseCellMotion()}
	if !opts.NoAltScreen {
		popts = append(popts, tea.WithAltScreen())
	}
	if opts.Input != nil {
		popts = append(popts, tea.WithInput(opts.Input))
	}
	if opts.Output != nil {
		popts = append(popts, tea.WithOutput(opts.Output))
	}
	_, err = tea.NewProgram(m, popts...).Run()
	if m.snap.State == Running || b.Snapshot().State == Running {
		_ = b.Pause()
	}
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		return nil
	}
	return err
}

// screenProfile is the colour profile to render with on a terminal whose
// own is detected. NO_COLOR forbids colour, not attributes: termenv
// answers it with the Ascii profile, which drops bold and reverse video
// too, and then the focused pane and the selected row cannot be seen. The
// themes drop their colours under NO_COLOR themselves (themes.Get), so a
// terminal that can show attributes gets the ANSI profile, through which
// only those attributes pass. Output that is not a terminal stays plain.
func screenProfile(detected termenv.Profile, noColor bool) termenv.Profile {
	if noColor && detected != termenv.Ascii {
		return termenv.ANSI
	}
	return detected
}
