// Package e2e holds end-to-end tests that drive the built vmcore binary
// the way a person does: the workstation screen inside a real terminal
// (tmux), keys typed one at a time, the screen read back with
// capture-pane. It has no code of its own; the tests build vmcore into a
// temporary directory and need tmux (testtools.Need), so plain `go test
// ./...` skips them where tmux is missing and CI, which installs it, runs
// them.
//
// The tests poll the screen for each expected state with a bounded loop
// and never assert on timing; each tmux server has its own socket and is
// killed when the test ends.
package e2e
