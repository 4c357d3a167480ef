package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const asmDir = "testdata/asm"

// wantSum and wantFact are what the test programs compute, computed here
// independently.
func wantSum() string {
	s := 0
	for i := 1; i <= 100; i++ {
		s += i
	}
	return fmt.Sprintf("sum(1..100) = %d\n", s)
}

func wantFact() string {
	f := uint64(1)
	for i := uint64(2); i <= 12; i++ {
		f *= i
	}
	return fmt.Sprintf("12! = %d\n", f)
}

func TestRunAssembly(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		status int
		stdout string   // exact
		stderr []string // substrings, in order; none means stderr must be empty
	}{
		{name: "sum", args: []string{"run", asmDir + "/sum.s"}, stdout: wantSum()},
		{name: "fact", args: []string{"run", asmDir + "/fact.s"}, stdout: wantFact()},
		{name: "text elsewhere", args: []string{"run", "--load-addr", "0x80200000", asmDir + "/sum.s"}, stdout: wantSum()},
		{name: "bad assembly", args: []string{"run", asmDir + "/bad.s"}, status: ExitError, stderr: []string{
			asmDir + "/bad.s:5:15: error: immediate 5000 out of range for addi (-2048..2047)\n",
			"     addi a0, a0, 5000\n                  ^\n",
			asmDir + "/bad.s:6:10: error: unknown register 'x32'\n",
		}},
		{name: "missing file", args: []string{"run", asmDir + "/nothere.s"}, status: ExitError,
			stderr: []string{"vmcore: open " + asmDir + "/nothere.s: no such file"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, out, errs := runCLI(t, context.Background(), "", tc.args...)
			if status != tc.status {
				t.Errorf("status %d, want %d (stderr %q)", status, tc.status, errs)
			}
			if out != tc.stdout {
				t.Errorf("stdout %q, want %q", out, tc.stdout)
			}
			if len(tc.stderr) == 0 && errs != "" {
				t.Errorf("stderr %q, want none", errs)
			}
			rest := errs
			for _, s := range tc.stderr {
				i := strings.Index(rest, s)
				if i < 0 {
					t.Fatalf("stderr %q lacks %q", errs, s)
				}
				rest = rest[i+len(s):]
			}
		})
	}
}

func TestAsmCommand(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join(asmDir, "sum.s"))
	if err != nil {
		t.Fatal(err)
	}
	local := filepath.Join(dir, "sum.s")
	if err := os.WriteFile(local, src, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		elf  string
	}{
		{name: "default output", args: []string{"asm", local}, elf: filepath.Join(dir, "sum.elf")},
		{name: "-o after file", args: []string{"asm", local, "-o", filepath.Join(dir, "a.elf")}, elf: filepath.Join(dir, "a.elf")},
		{name: "-o before file", args: []string{"asm", "-o", filepath.Join(dir, "b.elf"), local}, elf: filepath.Join(dir, "b.elf")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, out, errs := runCLI(t, context.Background(), "", tc.args...)
			if status != ExitOK || out != "" || errs != "" {
				t.Fatalf("asm: status %d, stdout %q, stderr %q", status, out, errs)
			}
			status, out, errs = runCLI(t, context.Background(), "", "run", tc.elf)
			if status != ExitOK || out != wantSum() || errs != "" {
				t.Errorf("run %s: status %d, stdout %q, stderr %q; want 0, %q", tc.elf, status, out, errs, wantSum())
			}
		})
	}

	bad := []struct {
		name   string
		args   []string
		status int
		stderr string
	}{
		{name: "bad source", args: []string{"asm", asmDir + "/bad.s", "-o", filepath.Join(dir, "bad.elf")}, status: ExitError,
			stderr: asmDir + "/bad.s:5:15: error:"},
		{name: "no file", args: []string{"asm"}, status: ExitUsage, stderr: "want exactly one FILE.s"},
		{name: "two files", args: []string{"asm", local, local}, status: ExitUsage, stderr: "want exactly one FILE.s"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			status, _, errs := runCLI(t, context.Background(), "", tc.args...)
			if status != tc.status || !strings.Contains(errs, tc.stderr) {
				t.Errorf("status %d, stderr %q; want %d and %q", status, errs, tc.status, tc.stderr)
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "bad.elf")); err == nil {
		t.Error("a failed assembly left an output file")
	}
}

// TestAsmDiagnostics checks what vmcore asm prints besides errors: the
// help names the output flag -o FILE, and warnings (GNU as gives the same
// ones) are printed with their position while the ELF is still written.
func TestAsmDiagnostics(t *testing.T) {
	dir := t.TempDir()
	warnSrc := filepath.Join(dir, "warn.s")
	if err := os.WriteFile(warnSrc, []byte("\t.globl _start\n_start:\n\tli a0, 1<<64\n\t.data\n\t.byte 256\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		args    []string
		status  int
		stdout  []string // substrings
		stderr  []string // substrings
		without string   // must appear in neither stream
		elf     string   // must exist afterwards when not ""
	}{
		{name: "help", args: []string{"asm", "--help"}, stdout: []string{"\n  -o FILE ", "\n  --text ADDRESS "}, without: "--o"},
		{name: "bad flag", args: []string{"asm", "--bogus"}, status: ExitUsage, stderr: []string{"flag provided but not defined", "\n  -o FILE "}, without: "--o"},
		{name: "warnings", args: []string{"asm", warnSrc, "-o", filepath.Join(dir, "w.elf")}, stderr: []string{
			warnSrc + ":3:10: warning: shift count out of range (64 is not between 0 and 63)\n",
			warnSrc + ":5:8: warning: value 0x100 truncated to 0x0\n",
		}, elf: filepath.Join(dir, "w.elf")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, out, errs := runCLI(t, context.Background(), "", tc.args...)
			if status != tc.status {
				t.Errorf("status %d, want %d (stderr %q)", status, tc.status, errs)
			}
			for _, s := range tc.stdout {
				if !strings.Contains(out, s) {
					t.Errorf("stdout %q lacks %q", out, s)
				}
			}
			for _, s := range tc.stderr {
				if !strings.Contains(errs, s) {
					t.Errorf("stderr %q lacks %q", errs, s)
				}
			}
			if tc.without != "" && (strings.Contains(out, tc.without) || strings.Contains(errs, tc.without)) {
				t.Errorf("output mentions %q: stdout %q, stderr %q", tc.without, out, errs)
			}
			if tc.elf != "" {
				if _, err := os.Stat(tc.elf); err != nil {
					t.Errorf("no ELF written: %v", err)
				}
			}
		})
	}
}

// A failed assembly reports its warnings beside its errors, in line order,
// as GNU as does.
func TestAsmReportsWarningsWithErrors(t *testing.T) {
	src := filepath.Join(t.TempDir(), "w.s")
	if err := os.WriteFile(src, []byte("\t.byte 300\n\tfoo a0\n\t.half 70000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	status, _, errs := runCLI(t, context.Background(), "", "asm", src, "-o", src+".elf")
	if status != ExitError {
		t.Fatalf("status %d, stderr %q", status, errs)
	}
	w1, e, w2 := strings.Index(errs, "w.s:1:"), strings.Index(errs, "w.s:2:"), strings.Index(errs, "w.s:3:")
	if w1 < 0 || e < 0 || w2 < 0 || !(w1 < e && e < w2) || strings.Count(errs, "warning:") != 2 {
		t.Errorf("stderr does not give warning, error, warning in line order:\n%s", errs)
	}
}
