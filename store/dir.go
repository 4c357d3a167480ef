package store

import (
	"fmt"
	"os"
	"path/filepath"
)

// DefaultDir returns where vmcore keeps its store when --data-dir is not
// given: $VMCORE_DATA_DIR, else $XDG_DATA_HOME/vmcore, else
// ~/.local/share/vmcore. A relative XDG_DATA_HOME is ignored, as the XDG
// base directory specification requires.
func DefaultDir() (string, error) {
	if d := os.Getenv("VMCORE_DATA_DIR"); d != "" {
		return d, nil
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
		return filepath.Join(d, "vmcore"), nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("store: cannot find the default data directory (set VMCORE_DATA_DIR or --data-dir): %w", err)
	}
	return filepath.Join(home, ".local", "share", "vmcore"), nil
}
