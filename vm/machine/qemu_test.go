package machine

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"vmcore/internal/testtools"
)

// The board's test programs behave alike on vmcore and on QEMU's virt
// machine: same console output, same exit status.
func TestAgainstQEMU(t *testing.T) {
	qemu := testtools.Need(t, "qemu-system-riscv64")
	tests := []struct {
		prog  string
		harts int
	}{
		{"hello", 1}, {"fail", 1}, {"timer", 1}, {"smp", 2}, {"reset", 1},
	}
	for _, tt := range tests {
		t.Run(tt.prog, func(t *testing.T) {
			elf := filepath.Join("testdata", tt.prog+".elf")
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, qemu, "-machine", "virt", "-bios", "none", "-nographic",
				"-m", "128M", "-smp", strconv.Itoa(tt.harts), "-kernel", elf)
			var qout bytes.Buffer
			cmd.Stdout = &qout
			cmd.Stdin = nil
			err := cmd.Run()
			qstatus := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				qstatus = ee.ExitCode()
			} else if err != nil {
				t.Fatal(err)
			}

			var out bytes.Buffer
			m := newMachine(t, Config{Harts: tt.harts, Console: &out})
			if err := m.Load(loadFile(t, elf)); err != nil {
				t.Fatal(err)
			}
			r := m.Run(context.Background(), 100_000_000)
			if !r.Exited() {
				t.Fatalf("vmcore: %+v", r)
			}
			if r.ExitCode != qstatus {
				t.Errorf("exit code: vmcore %d, QEMU %d", r.ExitCode, qstatus)
			}
			if out.String() != qout.String() {
				t.Errorf("console: vmcore %q, QEMU %q", out.String(), qout.String())
			}
		})
	}
}

// The committed ELFs come from the committed sources: rebuilt with the
// toolchain, each program still behaves as its committed copy does.
func TestRebuiltProgramsPass(t *testing.T) {
	testtools.Need(t, "riscv64-unknown-elf-gcc")
	mk := testtools.Need(t, "make")
	dir := t.TempDir()
	for _, f := range []string{"Makefile", "link.ld", "common.h", "hello.S", "timer.S", "htif.S"} {
		b, err := os.ReadFile(filepath.Join("testdata", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(mk, "-C", dir, "hello.elf", "timer.elf", "htif.elf")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make: %v\n%s", err, out)
	}
	for _, prog := range []string{"hello", "timer", "htif"} {
		run := func(path string) (Result, string) {
			var out bytes.Buffer
			m := newMachine(t, Config{Console: &out})
			if err := m.Load(loadFile(t, path)); err != nil {
				t.Fatal(err)
			}
			return m.Run(context.Background(), 10_000_000), out.String()
		}
		r1, o1 := run(filepath.Join("testdata", prog+".elf"))
		r2, o2 := run(filepath.Join(dir, prog+".elf"))
		if r1 != r2 || o1 != o2 {
			t.Errorf("%s: committed %+v %q, rebuilt %+v %q", prog, r1, o1, r2, o2)
		}
	}
}
