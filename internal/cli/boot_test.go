package cli

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vmcore/internal/testtools"
)

const guestDir = "../../testdata/guests"

// The boot and device flags of vmcore run: drives in each mode, the
// transport layouts, and the errors of bad combinations.
func TestRunDevices(t *testing.T) {
	disk := filepath.Join(guestDir, "virtio_blk.img")
	guest := filepath.Join(guestDir, "virtio_blk.elf")
	before, err := os.ReadFile(disk)
	if err != nil {
		t.Fatal(err)
	}
	cow := filepath.Join(t.TempDir(), "cow")
	tests := []struct {
		name   string
		args   []string
		status int
		stdout string // substring
		stderr string // substring
	}{
		{"no disk", []string{guest}, 0, "virtio_blk: no disk", ""},
		{"drive", []string{"--drive", disk, guest}, 0, "sectors read and written", ""},
		{"drive modern", []string{"--virtio-modern", "--drive", disk, guest}, 0, "sectors read and written", ""},
		{"drive overlay file", []string{"--drive", disk + ",overlay=" + cow, guest}, 0, "sectors read and written", ""},
		{"drive read-only", []string{"--drive", disk + ",readonly", guest}, 13, "FAIL 13", ""},
		{"drive in slot 0", []string{"--drive", disk + ",slot=0", guest}, 0, "sectors read and written", ""},
		{"another device beside", []string{"--drive", disk, "--device", "rng", guest}, 4, "FAIL 4", ""}, // the guest wants the other slots empty
		{"bad drive option", []string{"--drive", disk + ",ro", guest}, ExitUsage, "", `option "ro"`},
		{"missing image", []string{"--drive", "/nonexistent.img", guest}, ExitError, "", "/nonexistent.img"},
		{"kernel without bios", []string{"--kernel", guest}, ExitUsage, "", "need --bios"},
		{"bios and two programs", []string{"--bios", guest, guest, guest}, ExitUsage, "", "at most one PROGRAM"},
		{"missing bios", []string{"--bios", "/nonexistent.bin"}, ExitError, "", "--bios"},
		{"no program", []string{"--drive", disk}, ExitUsage, "", "exactly one PROGRAM"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"run", "--no-record"}, tc.args...)
			status, stdout, stderr := runCLI(t, context.Background(), "", args...)
			if status != tc.status || !strings.Contains(stdout, tc.stdout) || !strings.Contains(stderr, tc.stderr) {
				t.Errorf("status %d, want %d\nstdout:\n%s\nstderr:\n%s", status, tc.status, stdout, stderr)
			}
		})
	}
	after, err := os.ReadFile(disk)
	if err != nil {
		t.Fatal(err)
	}
	if string(after) != string(before) {
		t.Error("a run changed the image file")
	}
	if fi, err := os.Stat(cow); err != nil || fi.Size() <= 8 {
		t.Errorf("overlay file holds no sectors: %v", err)
	}
}

// --bios runs OpenSBI's fw_jump with U-Boot as the kernel; without
// console input U-Boot counts down to autoboot, which the instruction
// limit stops.
func TestRunBios(t *testing.T) {
	fw := testtools.NeedFile(t, "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin", "opensbi")
	ub := testtools.NeedFile(t, "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin", "u-boot-qemu")
	status, stdout, stderr := runCLI(t, context.Background(), "", "run", "--no-record", "--max-insns", "40000000",
		"--bios", fw, "--kernel", ub, "--append", "console=ttyS0")
	if status != ExitLimit || !strings.Contains(stdout, "OpenSBI v1.") || !strings.Contains(stdout, "Hit any key to stop autoboot") {
		t.Errorf("status %d\nstdout:\n%s\nstderr:\n%s", status, stdout, stderr)
	}
	status, _, stderr = runCLI(t, context.Background(), "", "run", "--max-insns", "1000", "--data-dir", t.TempDir(), "--bios", fw)
	if status != ExitLimit || !strings.Contains(stderr, "not recording") {
		t.Errorf("recorded boot: status %d, stderr:\n%s", status, stderr)
	}
}
