package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"vmcore/internal/testtools"
)

// The screen boots firmware as `vmcore run` does: OpenSBI hands over to
// U-Boot, whose banner and countdown appear in the console pane, and the
// session is recorded.
func TestScreenBootsFirmware(t *testing.T) {
	tmuxPath := testtools.Need(t, "tmux")
	fw := testtools.NeedFile(t, "/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.bin", "opensbi")
	ub := testtools.NeedFile(t, "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin", "u-boot-qemu")
	bin := buildVmcore(t)
	data := t.TempDir()
	x := &tmux{t: t, path: tmuxPath, socket: fmt.Sprintf("vmcore-e2e-boot-%d", os.Getpid())}
	t.Cleanup(func() { _ = exec.Command(tmuxPath, "-L", x.socket, "kill-server").Run() })
	x.run("new-session", "-d", "-s", "e2e", "-x", "160", "-y", "50",
		fmt.Sprintf("'%s' tui --data-dir '%s' --bios '%s' --kernel '%s' --device rng; echo \"VMCORE-EXITED $?\"; exec sleep 600", bin, data, fw, ub))
	x.waitFor("screen on the firmware", "Registers", "icount 0", "● REC")
	x.keys(false, "c")
	x.waitFor("U-Boot's countdown in the console pane", "Hit any key to stop autoboot")
	x.keys(false, "p")
	x.waitFor("paused", "PAUSED")
	x.keys(false, "q")
	x.waitFor("quit", "VMCORE-EXITED 0")
	out, err := exec.Command(bin, "sessions", "--data-dir", data).CombinedOutput()
	if err != nil || !contains(string(out), "fw_jump.bin+", "stopped") {
		t.Errorf("vmcore sessions: %v\n%s", err, out)
	}
}

func contains(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
