package cli

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vmcore/vm"
)

// recordedSession records timer.elf into a new store and returns the
// store's directory and the session's id.
func recordedSession(t *testing.T, ctx context.Context) (string, string) {
	t.Helper()
	src := t.TempDir()
	if status, _, errs := runCLI(t, ctx, "", "run", "--data-dir", src, "--checkpoint-every", "100", progDir+"/timer.elf"); status != 0 {
		t.Fatalf("run: %d %q", status, errs)
	}
	_, out, _ := runCLI(t, ctx, "", "sessions", "--json", "--data-dir", src)
	var sums []vm.Summary
	if err := json.Unmarshal([]byte(out), &sums); err != nil || len(sums) != 1 {
		t.Fatalf("sessions: %v %q", err, out)
	}
	return src, sums[0].ID.String()
}

// The audit's findings, seen from the command line: export into a
// directory, a repeated import, and a file from a newer vmcore.
func TestExportImportMessages(t *testing.T) {
	ctx := context.Background()
	src, id := recordedSession(t, ctx)
	outDir := t.TempDir()
	status, out, errs := runCLI(t, ctx, "", "export", "--data-dir", src, id, outDir)
	file := filepath.Join(outDir, id+".vmsession")
	if status != ExitOK || !strings.Contains(out, file) {
		t.Fatalf("export into a directory: %d %q %q, want the file %s named", status, out, errs, file)
	}
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("export into a directory: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(outDir, ".vmcore-export-*")); len(left) != 0 {
		t.Errorf("export left temporary files: %v", left)
	}

	newer := filepath.Join(t.TempDir(), "newer.vmsession")
	b := append([]byte(nil), good...)
	binary.BigEndian.PutUint16(b[16:], 0x7fff) // the format field after the 16-byte magic
	if err := os.WriteFile(newer, b, 0o644); err != nil {
		t.Fatal(err)
	}

	dst := t.TempDir()
	tests := []struct {
		name   string
		args   []string
		status int
		stdout string // substring
		stderr string // substring
	}{
		{"newer version", []string{"import", "--data-dir", dst, newer}, ExitError, "",
			"unsupported session file version 32767 (this vmcore reads 1.."},
		{"first import", []string{"import", "--data-dir", dst, file}, ExitOK, "imported session " + id, ""},
		{"second import", []string{"import", "--data-dir", dst, file}, ExitOK,
			"session " + id + " is already in the store; nothing changed", ""},
		{"verify", []string{"replay", "--verify", "--data-dir", dst, id}, ExitOK, "", ""},
		{"export into the directory again replaces the file", []string{"export", "--data-dir", src, id, outDir}, ExitOK, file, ""},
	}
	for _, tt := range tests {
		status, out, errs := runCLI(t, ctx, "", tt.args...)
		if status != tt.status || !strings.Contains(out, tt.stdout) || !strings.Contains(errs, tt.stderr) {
			t.Errorf("%s: status %d (want %d)\nstdout %q (want %q)\nstderr %q (want %q)", tt.name, status, tt.status, out, tt.stdout, errs, tt.stderr)
		}
	}
}

// A directory where the session's file would go is refused, not renamed
// over.
func TestExportRefusesDirectoryTarget(t *testing.T) {
	ctx := context.Background()
	src, id := recordedSession(t, ctx)
	outDir := t.TempDir()
	if err := os.Mkdir(filepath.Join(outDir, id+".vmsession"), 0o755); err != nil {
		t.Fatal(err)
	}
	status, _, errs := runCLI(t, ctx, "", "export", "--data-dir", src, id, outDir)
	if status != ExitError || !strings.Contains(errs, "is a directory") {
		t.Errorf("export onto a directory: %d %q", status, errs)
	}
}

func TestExportHelpSaysDirectory(t *testing.T) {
	if !strings.Contains(exportUsage, "When FILE is a directory") || !strings.Contains(exportUsage, ".vmsession") {
		t.Errorf("export --help does not say what a directory FILE does:\n%s", exportUsage)
	}
}
