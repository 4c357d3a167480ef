package ui

import (
	"context"
	"errors"
	"io"

	tea "github.com/charmbracelet/bubbletea"
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
