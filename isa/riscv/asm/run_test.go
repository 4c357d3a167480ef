package asm

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"vmcore/internal/testtools"
)

// runWantStatus is the exit status of each program of testdata/run that
// is meant to fail (see testdata/run/README.md); every other one passes
// (status 0). internal/cli's asmrun_test.go runs them under vmcore run
// and keeps the same list.
var runWantStatus = map[string]int{
	"fail.s": 7,   // check 7 is wrong on purpose
	"trap.s": 242, // 240 + mcause 2: an illegal instruction
}

// runPrograms lists the runnable programs of testdata/run.
func runPrograms(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("testdata/run/*.s")
	if err != nil || len(files) == 0 {
		t.Fatalf("no programs in testdata/run: %v", err)
	}
	return files
}

func TestRunWantStatusNamesPrograms(t *testing.T) {
	names := map[string]bool{}
	for _, f := range runPrograms(t) {
		names[filepath.Base(f)] = true
	}
	for name := range runWantStatus {
		if !names[name] {
			t.Errorf("runWantStatus names %s, which is not in testdata/run", name)
		}
	}
}

// checkStart matches "li gp, N", which starts check N (a label may precede).
var checkStart = regexp.MustCompile(`(?m)^(?:\S+:)?\s*li\s+gp,\s*(\d+)`)

// The exit status names the failed check only if checks are numbered
// 1, 2, 3... in order, below the trap codes (240 + mcause).
func TestRunProgramsNumberChecks(t *testing.T) {
	for _, src := range runPrograms(t) {
		t.Run(filepath.Base(src), func(t *testing.T) {
			code, err := os.ReadFile(src)
			if err != nil {
				t.Fatal(err)
			}
			m := checkStart.FindAllSubmatch(code, -1)
			if len(m) == 0 {
				t.Fatal("no checks (li gp, N)")
			}
			for i, g := range m {
				n, err := strconv.Atoi(string(g[1]))
				if err != nil || n != i+1 {
					t.Fatalf("check %d is numbered %s: want %d", i+1, g[1], i+1)
				}
			}
			if len(m) >= 240 {
				t.Errorf("%d checks: numbers from 240 on mean a trap", len(m))
			}
			for _, want := range []string{"csrw\tmtvec, t0", "\ntrap:", "\nfail:", "\npass:"} {
				if !strings.Contains(string(code), want) {
					t.Errorf("lacks %q: every program uses the common start and ending (README.md)", want)
				}
			}
		})
	}
}

// TestRunProgramsOnQEMU runs each program on QEMU's virt machine, built by
// GNU as + ld and by vmcore's assembler: the programs' expectations are
// those of real hardware (as QEMU models it), and vmcore's ELF loads and
// runs there too.
func TestRunProgramsOnQEMU(t *testing.T) {
	qemu := testtools.Need(t, "qemu-system-riscv64")
	for _, src := range runPrograms(t) {
		name := filepath.Base(src)
		t.Run(name, func(t *testing.T) {
			want := runWantStatus[name]
			gnu := gnuLink(t, src, "rv64gc")
			own := filepath.Join(t.TempDir(), strings.TrimSuffix(name, ".s")+".elf")
			writeOwnELF(t, src, own)
			for _, b := range []struct{ by, elf string }{{"GNU as", gnu}, {"vmcore", own}} {
				status, out := runQEMU(t, qemu, b.elf)
				if status != want {
					t.Errorf("built by %s: QEMU exit status %d, want %d (finisher code; 240+n is trap cause n)\n%s",
						b.by, status, want, out)
				}
			}
		})
	}
}

// writeOwnELF assembles src with this package and writes the ELF to path.
func writeOwnELF(t *testing.T, src, path string) {
	t.Helper()
	code, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Assemble(src, code, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := p.WriteELF(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// runQEMU boots elf on qemu-system-riscv64 -machine virt with no firmware
// and returns its exit status (the finisher's code) and its output.
func runQEMU(t *testing.T, qemu, elf string) (int, string) {
	t.Helper()
	// A bound on a hang, not a measurement: a program takes milliseconds.
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, qemu, "-machine", "virt", "-bios", "none", "-nographic",
		"-m", "128M", "-kernel", elf)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("QEMU did not exit: the program hangs (%v)\n%s", ctx.Err(), out)
	}
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode(), string(out)
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, string(out)
}
