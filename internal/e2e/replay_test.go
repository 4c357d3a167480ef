package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"vmcore/internal/testtools"
)

// recordedProgram prints "hello from vmcore" through the UART and passes.
const recordedProgram = "../../vm/machine/testdata/hello.elf"

// TestReplayScreenUnderTmux records a session with vmcore run, opens it
// with vmcore replay in tmux, moves through it with ] and End, and reads
// the panes back.
func TestReplayScreenUnderTmux(t *testing.T) {
	tmuxPath := testtools.Need(t, "tmux")
	bin := buildVmcore(t)
	dir := t.TempDir()
	prog, err := filepath.Abs(recordedProgram)
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(bin, "run", "--data-dir", dir, prog).CombinedOutput(); err != nil {
		t.Fatalf("vmcore run: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "sessions", "--json", "--data-dir", dir).Output()
	if err != nil {
		t.Fatalf("vmcore sessions: %v", err)
	}
	var sums []struct {
		ID     string `json:"id"`
		Icount uint64 `json:"icount"`
	}
	if err := json.Unmarshal(out, &sums); err != nil || len(sums) != 1 || sums[0].Icount == 0 {
		t.Fatalf("sessions --json: %v %s", err, out)
	}
	id, end := sums[0].ID, sums[0].Icount

	x := &tmux{t: t, path: tmuxPath, socket: fmt.Sprintf("vmcore-e2e-replay-%d", os.Getpid())}
	t.Cleanup(func() { _ = exec.Command(tmuxPath, "-L", x.socket, "kill-server").Run() })
	x.run("new-session", "-d", "-s", "e2e", "-x", "120", "-y", "40",
		fmt.Sprintf("'%s' replay --data-dir '%s' %s; echo \"VMCORE-EXITED $?\"; exec sleep 600", bin, dir, id))

	// The replay opens at the start of the recording, console empty.
	screen := x.waitFor("replay screen", "REPLAY", "Registers", "Disassembly", "icount 0 ",
		fmt.Sprintf(" 0 / %d (0.0%%)", end), "session "+id)
	if strings.Contains(screen, "hello from vmcore") {
		t.Errorf("at icount 0 the console already shows the output:\n%s", screen)
	}
	// ] steps one instruction at a time, each acknowledged before the next.
	for i := 1; i <= 3; i++ {
		x.keys(false, "]")
		x.waitFor(fmt.Sprintf("] %d", i), fmt.Sprintf("icount %d ", i), fmt.Sprintf(" %d / %d (", i, end))
	}
	// End: the state the recording ended in, with all of its output.
	x.keys(false, "End")
	screen = x.waitFor("end", fmt.Sprintf("icount %d ", end), fmt.Sprintf(" %d / %d (100.0%%)", end, end),
		"end of the recording", "hello from vmcore")
	if !strings.Contains(screen, "▶") {
		t.Errorf("at the end the disassembly shows no pc line:\n%s", screen)
	}
	// [ goes back one instruction from the end.
	x.keys(false, "[")
	x.waitFor("[ from the end", fmt.Sprintf("icount %d ", end-1))
	// Home: back to the start, console empty again.
	x.keys(false, "Home")
	screen = x.waitFor("home", "icount 0 ", fmt.Sprintf(" 0 / %d (0.0%%)", end))
	if strings.Contains(screen, "hello from vmcore") {
		t.Errorf("back at icount 0 the console still shows the output:\n%s", screen)
	}
	x.keys(false, "q")
	x.waitFor("quit", "VMCORE-EXITED 0")
}
