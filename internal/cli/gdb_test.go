package cli

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"vmcore/internal/testtools"
	"vmcore/isa/riscv/asm"
	"vmcore/vm/machine"
)

// syncBuffer is a bytes.Buffer that the command under test writes from
// its goroutines while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startCLI runs a command on its own goroutine. The returned function
// cancels it (as Ctrl-C does) and returns its exit status.
func startCLI(t *testing.T, args ...string) (out, errs *syncBuffer, stop func() int) {
	out, errs, stop, _ = startCLIExit(t, args...)
	return out, errs, stop
}

// startCLIExit is startCLI that also returns exited, which waits for the
// command to end by itself (failing the test after a generous bound) and
// returns its status.
func startCLIExit(t *testing.T, args ...string) (out, errs *syncBuffer, stop, exited func() int) {
	t.Helper()
	out, errs = &syncBuffer{}, &syncBuffer{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- Run(ctx, args, Env{Stdio: Stdio{Out: out, Err: errs}, Demo: demoELF(t)})
	}()
	var once sync.Once
	status := 0
	finish := func(wait bool) int {
		once.Do(func() {
			if wait {
				select {
				case status = <-done:
					return
				case <-time.After(30 * time.Second):
					t.Errorf("vmcore %s did not exit by itself", strings.Join(args, " "))
				}
			}
			cancel()
			status = <-done
		})
		return status
	}
	stop = func() int { return finish(false) }
	exited = func() int { return finish(true) }
	t.Cleanup(func() { stop() })
	return out, errs, stop, exited
}

var listenRE = regexp.MustCompile(`GDB server listening on (\S+)\n`)

// waitFor polls cond until it holds, failing the test after a generous
// bound: the bound only keeps a broken build from hanging, nothing is
// measured.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for i := 0; i < 1000; i++ {
		if cond() {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}

func gdbAddr(t *testing.T, errs *syncBuffer) string {
	t.Helper()
	var addr string
	waitFor(t, "the GDB server address", func() bool {
		m := listenRE.FindStringSubmatch(errs.String())
		if m != nil {
			addr = m[1]
		}
		return m != nil
	})
	return addr
}

// assembleTest assembles a test program for the values the checks expect
// and writes its ELF (for gdb's symbols) to a temporary directory.
func assembleTest(t *testing.T, name string) (*asm.Program, string) {
	t.Helper()
	path := filepath.Join(asmDir, name)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := asm.Assemble(path, src, asm.Options{})
	if err != nil {
		t.Fatal(err)
	}
	elf := filepath.Join(t.TempDir(), strings.TrimSuffix(name, ".s")+".elf")
	var buf bytes.Buffer
	if err := prog.WriteELF(&buf); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(elf, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return prog, elf
}

func TestGDBCommandWithGDBMultiarch(t *testing.T) {
	gdbPath := testtools.Need(t, "gdb-multiarch")
	prog, elf := assembleTest(t, "sum.s")
	total, ok := prog.Lookup("total")
	if !ok || prog.Section(".text") == nil {
		t.Fatal("sum.s lacks the symbol total or a text section")
	}
	out, errs, stop := startCLI(t, "gdb", "--listen", "127.0.0.1:0", filepath.Join(asmDir, "sum.s"))
	addr := gdbAddr(t, errs)

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, gdbPath, "-batch", "-nx",
		"-ex", "set confirm off",
		"-ex", "file "+elf,
		"-ex", "target remote "+addr,
		"-ex", "info registers pc",
		"-ex", "stepi",
		"-ex", "info registers pc",
		"-ex", "break _start",
		"-ex", "continue",
		"-ex", "info registers pc",
		"-ex", "stepi",
		"-ex", "info registers pc",
		"-ex", "reverse-stepi",
		"-ex", "info registers pc",
		"-ex", "monitor snapshot",
		"-ex", "break total",
		"-ex", "continue",
		"-ex", "info registers pc",
		"-ex", "info registers a0",
		"-ex", "continue",
	)
	b, err := cmd.CombinedOutput()
	said := string(b)
	if err != nil {
		t.Fatalf("gdb-multiarch: %v\n%s", err, said)
	}
	if !regexp.MustCompile(`\d+ snapshots \(\d+ KiB\) covering icount 0\.\.\d+; now at icount \d+`).MatchString(said) {
		t.Errorf("monitor snapshot did not describe the history:\n%s", said)
	}
	var pcs []uint64
	for _, m := range regexp.MustCompile(`(?m)^pc\s+(0x[0-9a-f]+)`).FindAllStringSubmatch(said, -1) {
		v, _ := strconv.ParseUint(m[1], 0, 64)
		pcs = append(pcs, v)
	}
	// The VM starts halted in the boot ROM, as QEMU's virt does; its first
	// instruction is a 4-byte auipc.
	text := prog.Section(".text")
	first := uint64(4)
	if text.Data[prog.Entry-text.Addr]&3 != 3 {
		first = 2 // compressed
	}
	want := []uint64{machine.ROMBase, machine.ROMBase + 4, prog.Entry, prog.Entry + first, prog.Entry, total}
	if fmt.Sprint(pcs) != fmt.Sprint(want) {
		t.Errorf("pc at reset, after stepi, at _start, after stepi, after reverse-stepi, at total = %#x, want %#x\ngdb said:\n%s", pcs, want, said)
	}
	sum := 0
	for i := 1; i <= 100; i++ {
		sum += i
	}
	if !regexp.MustCompile(fmt.Sprintf(`(?m)^a0\s+%#x\s+%d`, sum, sum)).MatchString(said) {
		t.Errorf("a0 at total is not %d\ngdb said:\n%s", sum, said)
	}
	if !strings.Contains(said, "exited normally") {
		t.Errorf("gdb did not see the guest exit normally:\n%s", said)
	}
	waitFor(t, "the guest's output", func() bool { return out.String() == wantSum() })
	if status := stop(); status != ExitOK {
		t.Errorf("vmcore gdb: status %d after Ctrl-C, want 0; stderr %q", status, errs.String())
	}
}

func TestRunWithGDBServer(t *testing.T) {
	status, out, errs := runCLI(t, context.Background(), "", "run", "--gdb", "127.0.0.1:0", filepath.Join(asmDir, "fact.s"))
	if status != ExitOK || out != wantFact() {
		t.Errorf("status %d, stdout %q; want 0, %q (stderr %q)", status, out, wantFact(), errs)
	}
	if !listenRE.MatchString(errs) {
		t.Errorf("stderr %q does not announce the GDB server", errs)
	}
}

func TestGDBCommandErrors(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		status int
		stderr string
	}{
		{name: "no program", args: []string{"gdb"}, status: ExitUsage, stderr: "want exactly one PROGRAM"},
		{name: "bad address", args: []string{"gdb", "--listen", "nonsense", filepath.Join(asmDir, "sum.s")}, status: ExitError, stderr: "nonsense"},
		{name: "bad assembly", args: []string{"gdb", "--listen", "127.0.0.1:0", filepath.Join(asmDir, "bad.s")}, status: ExitError, stderr: "bad.s:5:15: error:"},
		{name: "tui bad theme", args: []string{"tui", "--theme", "nope", filepath.Join(asmDir, "sum.s")}, status: ExitUsage, stderr: "--theme"},
		{name: "tui no program", args: []string{"tui"}, status: ExitUsage, stderr: "want exactly one PROGRAM"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, _, errs := runCLI(t, context.Background(), "", tc.args...)
			if status != tc.status || !strings.Contains(errs, tc.stderr) {
				t.Errorf("status %d, stderr %q; want %d and %q", status, errs, tc.status, tc.stderr)
			}
		})
	}
}

// A client attaches to a VM that `vmcore run --gdb` is running (which
// stops it), changes memory, and detaches (which lets it run on): the
// guest sees the change and exits, and so does vmcore, with the guest's
// status.
func TestRunGDBAttachDetach(t *testing.T) {
	gdbPath := testtools.Need(t, "gdb-multiarch")
	prog, elf := assembleTest(t, "wait.s")
	goAddr, ok := prog.Lookup("go")
	if !ok {
		t.Fatal("wait.s has no symbol go")
	}
	out, errs, _, exited := startCLIExit(t, "run", "--gdb", "127.0.0.1:0", filepath.Join(asmDir, "wait.s"))
	addr := gdbAddr(t, errs)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	b, err := exec.CommandContext(ctx, gdbPath, "-batch", "-nx",
		"-ex", "set confirm off",
		"-ex", "file "+elf,
		"-ex", "target remote "+addr,
		"-ex", "x/wx &go",
		"-ex", "set {int}&go = 1",
		"-ex", "x/wx &go",
		"-ex", "detach",
	).CombinedOutput()
	said := string(b)
	if err != nil {
		t.Fatalf("gdb-multiarch: %v\n%s", err, said)
	}
	for _, v := range []int{0, 1} {
		want := fmt.Sprintf(`%#x( <go>)?:\s+0x%08x`, goAddr, v)
		if !regexp.MustCompile(want).MatchString(said) {
			t.Errorf("gdb output lacks go = %d (%s):\n%s", v, want, said)
		}
	}
	// The guest exits after its output, and vmcore with it.
	if status := exited(); status != ExitOK || out.String() != "released\n" {
		t.Errorf("vmcore run --gdb: status %d, stdout %q; want 0, %q (stderr %q)", status, out.String(), "released\n", errs.String())
	}
}
