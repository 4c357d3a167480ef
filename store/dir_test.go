package store

import (
	"path/filepath"
	"testing"
)

func TestDefaultDir(t *testing.T) {
	home := t.TempDir()
	tests := []struct {
		name, vmcore, xdg, want string
	}{
		{"override", "/srv/vm", "/xdg", "/srv/vm"},
		{"xdg", "", "/xdg", "/xdg/vmcore"},
		{"relative xdg ignored", "", "rel/xdg", filepath.Join(home, ".local/share/vmcore")},
		{"home", "", "", filepath.Join(home, ".local/share/vmcore")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("HOME", home)
			t.Setenv("VMCORE_DATA_DIR", tc.vmcore)
			t.Setenv("XDG_DATA_HOME", tc.xdg)
			got, err := DefaultDir()
			if err != nil || got != tc.want {
				t.Fatalf("DefaultDir() = %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}
