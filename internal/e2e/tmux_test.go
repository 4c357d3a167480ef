package e2e

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vmcore/internal/testtools"
	"vmcore/isa/riscv/asm"
	"vmcore/vm/machine"
)

// program is the guest the screen opens: it sums 1..100 and stops at the
// label total with the sum in a0.
const program = "../cli/testdata/asm/sum.s"

// tmux drives one detached tmux server on its own socket.
type tmux struct {
	t      *testing.T
	path   string
	socket string
}

func (x *tmux) run(args ...string) string {
	x.t.Helper()
	cmd := exec.Command(x.path, append([]string{"-L", x.socket, "-f", "/dev/null"}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		x.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func (x *tmux) capture() string { return x.run("capture-pane", "-p", "-t", "e2e") }

// keys sends keys to the pane; literal text is sent with -l so that it
// is not read as key names.
func (x *tmux) keys(literal bool, keys ...string) {
	args := []string{"send-keys", "-t", "e2e"}
	if literal {
		args = append(args, "-l")
	}
	x.run(append(args, keys...)...)
}

// waitFor polls the screen until every want is on it. The bound only keeps
// a broken build from hanging the test; nothing is timed.
func (x *tmux) waitFor(what string, want ...string) string {
	x.t.Helper()
	var screen string
	for i := 0; i < 200; i++ {
		screen = x.capture()
		ok := true
		for _, w := range want {
			if !strings.Contains(screen, w) {
				ok = false
				break
			}
		}
		if ok {
			return screen
		}
		time.Sleep(50 * time.Millisecond)
	}
	x.t.Fatalf("%s: the screen never showed %q; last screen:\n%s", what, want, screen)
	return ""
}

func buildVmcore(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "vmcore")
	cmd := exec.Command("go", "build", "-o", bin, "vmcore")
	cmd.Dir = "../.."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func TestScreenUnderTmux(t *testing.T) {
	tmuxPath := testtools.Need(t, "tmux")
	src, err := os.ReadFile(program)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := asm.Assemble(program, src, asm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	total, ok := prog.Lookup("total")
	if !ok {
		t.Fatal("sum.s has no symbol total")
	}
	sum := uint64(0)
	for i := uint64(1); i <= 100; i++ {
		sum += i
	}
	bin := buildVmcore(t)
	abs, err := filepath.Abs(program)
	if err != nil {
		t.Fatal(err)
	}

	x := &tmux{t: t, path: tmuxPath, socket: fmt.Sprintf("vmcore-e2e-%d", os.Getpid())}
	t.Cleanup(func() { _ = exec.Command(tmuxPath, "-L", x.socket, "kill-server").Run() })
	// The shell line reports vmcore's exit status after the screen is
	// gone and then keeps the pane open so that it can be read.
	data := t.TempDir()
	shell := fmt.Sprintf("'%s' tui --data-dir '%s' '%s'; echo \"VMCORE-EXITED $?\"; exec sleep 600", bin, data, abs)
	x.run("new-session", "-d", "-s", "e2e", "-x", "120", "-y", "40", shell)

	// The VM starts halted in the boot ROM, as QEMU's virt does.
	x.waitFor("start", "Registers", "Disassembly", "icount 0", fmt.Sprintf("pc   %016x", machine.ROMBase), "● REC")

	// Step three instructions one key at a time, each acknowledged by the
	// status bar before the next. The ROM's instructions are 4 bytes.
	for i := 1; i <= 3; i++ {
		x.keys(false, "s")
		x.waitFor(fmt.Sprintf("step %d", i), fmt.Sprintf("icount %d ", i))
	}
	x.waitFor("after 3 steps", fmt.Sprintf("pc   %016x", machine.ROMBase+12),
		fmt.Sprintf("▶ %8x", machine.ROMBase+12))

	// A breakpoint through the command line, then continue to it.
	x.keys(false, ":")
	x.waitFor("command line", "\n:")
	x.keys(true, "break total")
	x.waitFor("typed command", ":break total")
	x.keys(false, "Enter")
	x.waitFor("breakpoint set", fmt.Sprintf("breakpoint 1 at %#x <total>", total))
	x.keys(false, "c")
	screen := x.waitFor("breakpoint hit", "PAUSED: breakpoint 1")
	for _, want := range []string{
		fmt.Sprintf("pc   %016x <total>", total),        // registers pane
		fmt.Sprintf("a0   %016x", sum),                  // the sum so far
		fmt.Sprintf("● ▶ %08x", total),                  // disassembly: breakpoint mark and pc
		"<total>:",                                      // disassembly: the label
		fmt.Sprintf("break %#x <total>  hits 1", total), // breakpoints pane
	} {
		if !strings.Contains(screen, want) {
			t.Errorf("at the breakpoint the screen lacks %q:\n%s", want, screen)
		}
	}

	// Quit: the screen goes away, the terminal is back to the shell's
	// normal buffer, and vmcore exited with status 0.
	x.keys(false, "q")
	screen = x.waitFor("quit", "VMCORE-EXITED 0")
	if strings.Contains(screen, "Registers") || strings.Contains(screen, "╭") {
		t.Errorf("after quitting the screen still shows panes (alternate screen not left):\n%s", screen)
	}
	if mode := strings.TrimSpace(x.run("display-message", "-p", "-t", "e2e", "#{alternate_on}")); mode != "0" {
		t.Errorf("the pane is still in the alternate screen (alternate_on=%s)", mode)
	}

	// The screen recorded the session: it ended when the screen closed,
	// and its replay verifies.
	out, err := exec.Command(bin, "sessions", "--json", "--data-dir", data).Output()
	if err != nil {
		t.Fatalf("vmcore sessions: %v", err)
	}
	var sessions []struct {
		ID     string `json:"id"`
		State  string `json:"state"`
		Icount uint64 `json:"icount"`
	}
	if err := json.Unmarshal(out, &sessions); err != nil || len(sessions) != 1 {
		t.Fatalf("vmcore sessions --json: %v, %s", err, out)
	}
	if s := sessions[0]; s.State != "stopped" || s.Icount == 0 {
		t.Errorf("recorded session %+v, want stopped after some instructions", s)
	}
	if out, err := exec.Command(bin, "replay", "--verify", "--data-dir", data, sessions[0].ID).CombinedOutput(); err != nil ||
		!strings.Contains(string(out), "replay matches") {
		t.Errorf("vmcore replay --verify of the screen's session: %v\n%s", err, out)
	}
}

// `vmcore` alone on a terminal opens the screen on the demo guest (while
// piped it runs headless, which main's own tests check).
func TestNoArgumentsOpensScreen(t *testing.T) {
	tmuxPath := testtools.Need(t, "tmux")
	bin := buildVmcore(t)
	x := &tmux{t: t, path: tmuxPath, socket: fmt.Sprintf("vmcore-e2e-demo-%d", os.Getpid())}
	t.Cleanup(func() { _ = exec.Command(tmuxPath, "-L", x.socket, "kill-server").Run() })
	x.run("new-session", "-d", "-s", "e2e", "-x", "120", "-y", "40",
		fmt.Sprintf("'%s'; echo \"VMCORE-EXITED $?\"; exec sleep 600", bin))
	x.waitFor("screen on the demo", "Registers", "Disassembly", "icount 0")
	// The console pane keeps the end of the output in view: look for the
	// demo's last line, as its golden output has it.
	golden, err := os.ReadFile("../../testdata/demo/demo.out")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(golden)), "\n")
	last := strings.TrimSpace(lines[len(lines)-1])
	x.keys(false, "c")
	x.waitFor("demo output in the console pane", last, "HALTED: guest exited: pass")
	x.keys(false, "q")
	x.waitFor("quit", "VMCORE-EXITED 0")
}
