package e2e

import (
	"os"
	"testing"
)

// TestMain keeps the sessions that the screens under test record out of
// the user's store: the tmux server these tests start, and so every
// vmcore inside it, inherits VMCORE_DATA_DIR.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "vmcore-e2e-")
	if err != nil {
		panic(err)
	}
	os.Setenv("VMCORE_DATA_DIR", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
