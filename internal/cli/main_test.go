package cli

import (
	"fmt"
	"os"
	"testing"
)

// TestMain points the session store at a temporary directory: `vmcore run`
// records by default, and tests must not write into the user's data
// directory (nor contend for its lock).
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "vmcore-cli-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("VMCORE_DATA_DIR", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}
