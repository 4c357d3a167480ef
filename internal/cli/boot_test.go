package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vmcore/internal/testtools"
	"vmcore/vm"
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
	// Recorded: the session carries the firmware and the kernel, and its
	// replay (which needs neither file) verifies.
	dir := t.TempDir()
	status, _, stderr = runCLI(t, context.Background(), "", "run", "--max-insns", "30000000", "--data-dir", dir,
		"--bios", fw, "--kernel", ub, "--device", "rng:seed=7")
	if status != ExitLimit || strings.Contains(stderr, "not recording") {
		t.Fatalf("recorded boot: status %d, stderr:\n%s", status, stderr)
	}
	status, out, stderr := runCLI(t, context.Background(), "", "sessions", "--json", "--data-dir", dir)
	var sums []vm.Summary
	if status != 0 || json.Unmarshal([]byte(out), &sums) != nil || len(sums) != 1 || !strings.Contains(sums[0].Program, "fw_jump.bin+") {
		t.Fatalf("sessions: status %d, %s %s", status, out, stderr)
	}
	status, out, stderr = runCLI(t, context.Background(), "", "replay", "--verify", "--data-dir", dir, sums[0].ID.String())
	if status != 0 || !strings.Contains(out, "replay matches") {
		t.Errorf("replay --verify of the boot: status %d, %s %s", status, out, stderr)
	}
}

// --hotplug-script plugs and unplugs devices at their icounts: the guest
// (hotplug.s, polling slot 7) sees the rng appear and vanish, the changes
// are recorded as events, and the replay makes them again; a bad script is
// refused by line.
func TestRunHotplugScript(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "plug.txt")
	if err := os.WriteFile(script, []byte("# rng in, then out\n1000 attach rng:seed=3\n5000 detach 7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	status, out, stderr := runCLI(t, context.Background(), "", "run", "--data-dir", dir, "--checkpoint-every", "700",
		"--hotplug-script", script, filepath.Join(asmDir, "hotplug.s"))
	if status != ExitOK || out != "device 4\ngone\n" {
		t.Fatalf("run: status %d, stdout %q, stderr %q", status, out, stderr)
	}
	st, err := openStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	sums, err := vm.Summarize(context.Background(), st)
	if err != nil || len(sums) != 1 {
		t.Fatalf("sessions: %v, %v", sums, err)
	}
	s, err := vm.OpenSession(context.Background(), st, sums[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range s.Events {
		switch e := e.(type) {
		case vm.DeviceAttached:
			got = append(got, fmt.Sprintf("%d attach %s", e.Icount, e.Device.Spec))
		case vm.DeviceDetached:
			got = append(got, fmt.Sprintf("%d detach %d", e.Icount, e.Slot))
		}
	}
	st.Close()
	if want := []string{"1000 attach rng:seed=3", "5000 detach 7"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("recorded hot-plugs %q, want %q", got, want)
	}
	status, rout, rerr := runCLI(t, context.Background(), "", "replay", "--verify", "--data-dir", dir, sums[0].ID.String())
	if status != 0 || !strings.Contains(rout, "replay matches") {
		t.Errorf("replay --verify: status %d, %s %s", status, rout, rerr)
	}

	bad := filepath.Join(dir, "bad.txt")
	for _, tc := range []struct{ script, want string }{
		{"10 attach tape\n", "bad.txt:1"},
		{"10 detach 3\n", "slot 3"}, // nothing there
	} {
		if err := os.WriteFile(bad, []byte(tc.script), 0o644); err != nil {
			t.Fatal(err)
		}
		status, _, stderr := runCLI(t, context.Background(), "", "run", "--no-record", "--hotplug-script", bad, filepath.Join(asmDir, "sum.s"))
		if status != ExitError || !strings.Contains(stderr, tc.want) {
			t.Errorf("script %q: status %d, stderr %q; want %d and %q", tc.script, status, stderr, ExitError, tc.want)
		}
	}
}

// A disk whose writes persist cannot be recorded: refused before the
// overlay file is created. --no-record runs it.
func TestUnrecordableDiskIsRefusedEarly(t *testing.T) {
	dir := t.TempDir()
	disk := filepath.Join(dir, "d.img")
	if err := os.WriteFile(disk, make([]byte, 4096), 0o644); err != nil {
		t.Fatal(err)
	}
	cow := filepath.Join(dir, "cow")
	status, _, stderr := runCLI(t, context.Background(), "", "run", "--data-dir", dir,
		"--drive", disk+",overlay="+cow, filepath.Join(asmDir, "sum.s"))
	if status != ExitError || !strings.Contains(stderr, "cannot be recorded") {
		t.Errorf("status %d, stderr %q", status, stderr)
	}
	if _, err := os.Stat(cow); !os.IsNotExist(err) {
		t.Errorf("the refused run created the overlay file: %v", err)
	}
	if status, out, _ := runCLI(t, context.Background(), "", "run", "--no-record", "--drive", disk+",overlay="+cow, filepath.Join(asmDir, "sum.s")); status != ExitOK || out != wantSum() {
		t.Errorf("--no-record: status %d, stdout %q", status, out)
	}
}

// vmcore gdb takes the boot flags: firmware can be debugged from reset.
func TestGDBServesFirmware(t *testing.T) {
	fw := testtools.NeedFile(t, "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin", "opensbi")
	_, errs, stop := startCLI(t, "gdb", "--data-dir", t.TempDir(), "--listen", "127.0.0.1:0", "--bios", fw)
	gdbAddr(t, errs)
	if status := stop(); status != ExitOK {
		t.Errorf("vmcore gdb --bios: status %d, stderr %q", status, errs.String())
	}
}

// A disk named by a relative path is recorded and replayed as the same
// file: the live board and the replay both name it by its absolute path.
func TestRelativeDiskReplays(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "disk.img"), make([]byte, 8192), 0o644); err != nil {
		t.Fatal(err)
	}
	prog, err := filepath.Abs(filepath.Join(asmDir, "sum.s"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	// runCLI reads the demo by a relative path; these commands need none.
	runCLI := func(t *testing.T, ctx context.Context, _ string, args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		status := Run(ctx, args, Env{Stdio: Stdio{In: strings.NewReader(""), Out: &out, Err: &errb}})
		return status, out.String(), errb.String()
	}
	status, _, stderr := runCLI(t, context.Background(), "", "run", "--data-dir", "store", "--checkpoint-every", "100",
		"--drive", "disk.img,readonly", prog)
	if status != ExitOK {
		t.Fatalf("run: status %d, %s", status, stderr)
	}
	_, js, _ := runCLI(t, context.Background(), "", "sessions", "--json", "--data-dir", "store")
	var sums []vm.Summary
	if json.Unmarshal([]byte(js), &sums) != nil || len(sums) != 1 {
		t.Fatalf("sessions: %s", js)
	}
	if status, out, errs := runCLI(t, context.Background(), "", "replay", "--verify", "--data-dir", "store", sums[0].ID.String()); status != 0 {
		t.Errorf("replay --verify: status %d, %s %s", status, out, errs)
	}
}
