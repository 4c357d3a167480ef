package gdb

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"vmcore/debugger"
	"vmcore/internal/testtools"
)

// serveTCP serves d on a loopback port for the rest of the test.
func serveTCP(t *testing.T, d *debugger.Debugger) string {
	t.Helper()
	ln, err := Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, d) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	})
	return ln.Addr().String()
}

// runGDB runs gdb-multiarch in batch mode on the test guest with the given
// commands after `target remote`, and returns everything it printed.
func runGDB(t *testing.T, addr string, cmds []string) string {
	t.Helper()
	gdbPath := testtools.Need(t, "gdb-multiarch")
	elf, err := filepath.Abs(progELF)
	if err != nil {
		t.Fatal(err)
	}
	script := append([]string{
		"set pagination off", "set confirm off", "set width 0",
		"file " + elf, "target remote " + addr,
	}, cmds...)
	path := filepath.Join(t.TempDir(), "cmds.gdb")
	if err := os.WriteFile(path, []byte(strings.Join(script, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	// The source directory lets `step` and `next` print source lines.
	cmd := exec.CommandContext(ctx, gdbPath, "-nx", "-batch", "-x", path)
	cmd.Dir = filepath.Dir(elf)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("gdb: %v\n%s", err, out)
	}
	return string(out)
}

// lines returns the values of "KEY value" lines in order.
func lines(out, key string) []string {
	var vals []string
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), key+" "); ok {
			vals = append(vals, strings.TrimSpace(v))
		}
	}
	return vals
}

func TestGDBRegistersAndStepi(t *testing.T) {
	d, _ := newVM(t, 1)
	ref, _ := newVM(t, 1) // the same guest, stepped by the engine directly
	addr := serveTCP(t, d)
	const steps = 12
	var cmds []string
	for range steps {
		cmds = append(cmds, "stepi", `printf "PC %lx\n", $pc`)
	}
	cmds = append(cmds, "info registers", "detach")
	out := runGDB(t, addr, cmds)

	pcs := lines(out, "PC")
	if len(pcs) != steps {
		t.Fatalf("got %d pcs, want %d:\n%s", len(pcs), steps, out)
	}
	for i, got := range pcs {
		st, err := ref.Step(context.Background(), 0, 1)
		if err != nil {
			t.Fatal(err)
		}
		if got != strconv.FormatUint(st.PC, 16) {
			t.Fatalf("stepi %d: gdb pc %s, engine pc %#x\n%s", i+1, got, st.PC, out)
		}
	}
	// info registers prints "name 0xHEX natural" for each register; every
	// integer register and pc must match the hart (stopped since detach).
	re := regexp.MustCompile(`(?m)^(\w+)\s+(0x[0-9a-f]+)\s`)
	seen := 0
	for _, m := range re.FindAllStringSubmatch(out, -1) {
		i, ok := d.Arch().Lookup(m[1])
		if !ok || i > d.Arch().PC {
			continue
		}
		want, err := d.ReadRegister(0, i)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := strconv.ParseUint(m[2][2:], 16, 64)
		if got != want {
			t.Errorf("info registers %s = %#x, hart has %#x", m[1], got, want)
		}
		seen++
	}
	// GDB leaves out x0 (zero); the other 31 and pc must all be there.
	if seen != 32 {
		t.Fatalf("info registers showed %d of the 32 cpu registers it lists:\n%s", seen, out)
	}
}

func TestGDBSession(t *testing.T) {
	d, syms := newVM(t, 1)
	addr := serveTCP(t, d)
	table, add := symAddr(t, syms, "table"), symAddr(t, syms, "add")

	// First client: breakpoints by address and by name, memory, register
	// and memory writes, monitor; then it detaches.
	out := runGDB(t, addr, []string{
		fmt.Sprintf("break *%#x", add),
		"break main",
		"continue",
		`printf "MAIN %lx\n", $pc`,
		"x/8xw &table",
		"set $a0 = 0x55aa",
		`printf "A0 %lx\n", $a0`,
		"set {int}&table = 77",
		`printf "T0 %d\n", table[0]`,
		"monitor icount",
		"continue",
		`printf "ADD %lx\n", $pc`,
		"detach",
	})
	if got := lines(out, "MAIN"); len(got) != 1 || got[0] != strconv.FormatUint(symAddr(t, syms, "main"), 16) {
		// gdb puts `break main` after the prologue, so only check the
		// function.
		if len(got) != 1 || !strings.Contains(out, "Breakpoint 2, main") {
			t.Fatalf("break main:\n%s", out)
		}
	}
	if !strings.Contains(out, fmt.Sprintf("%#x <table>:\t0x00000001\t0x00000000\t0x00000002\t0x00000000", table)) {
		t.Errorf("x/8xw &table:\n%s", out)
	}
	if got := lines(out, "A0"); len(got) != 1 || got[0] != "55aa" {
		t.Errorf("set $a0: %v", got)
	}
	if got := lines(out, "T0"); len(got) != 1 || got[0] != "77" {
		t.Errorf("set {int}: %v", got)
	}
	if b, _ := d.ReadMemory(0, table, 4); b[0] != 77 {
		t.Errorf("table[0] in the VM = %d after set {int}", b[0])
	}
	if !regexp.MustCompile(`icount \d+`).MatchString(out) {
		t.Errorf("monitor icount:\n%s", out)
	}
	if got := lines(out, "ADD"); len(got) != 1 || got[0] != strconv.FormatUint(add, 16) {
		t.Errorf("break *add: %v\n%s", got, out)
	}
	if len(d.Breakpoints()) != 0 {
		t.Errorf("breakpoints left after detach: %v", d.Breakpoints())
	}

	// Second client on the same VM, stopped in add: source-level stepping
	// and watchpoints with old and new values, to the exit.
	out = runGDB(t, addr, []string{
		"finish",
		"next",
		"next",
		"step",
		"step",
		"bt 1",
		"delete",
		"watch watched",
		"continue",
		"delete",
		"rwatch watched",
		"continue",
		"delete",
		"awatch watched",
		"continue",
		"delete",
		"continue",
	})
	for _, want := range []string{
		"Value returned is $1 = 0",
		"37\t\t\tcounter++;",
		"#0  add (a=0, b=1) at prog.c:11",
		"Hardware watchpoint 1: watched\n\nOld value = 0\nNew value = 10",
		"Hardware read watchpoint 2: watched\n\nValue = 10",
		"Hardware access (read/write) watchpoint 3: watched\n\nOld value = 10\nNew value = 138",
		"exited normally",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("second session lacks %q:\n%s", want, out)
		}
	}
}

func TestGDBThreads(t *testing.T) {
	d, syms := newVM(t, 2)
	// Park hart 0 in the guest's endless loop so that the guest does not
	// exit while hart 1 is stepped.
	if err := d.WriteRegister(0, d.Arch().PC, symAddr(t, syms, "spin")); err != nil {
		t.Fatal(err)
	}
	addr := serveTCP(t, d)
	out := runGDB(t, addr, []string{
		"info threads",
		"thread 2",
		"stepi",
		`printf "T2PC %lx\n", $pc`,
		"detach",
	})
	for _, want := range []string{"Thread 1", "Thread 2", "hart 1, M-mode"} {
		if !strings.Contains(out, want) {
			t.Errorf("info threads lacks %q:\n%s", want, out)
		}
	}
	hi, err := d.HartInfo(1)
	if err != nil {
		t.Fatal(err)
	}
	if got := lines(out, "T2PC"); len(got) != 1 || got[0] != strconv.FormatUint(hi.PC, 16) {
		t.Errorf("thread 2 pc after stepi: gdb %v, hart 1 %#x\n%s", got, hi.PC, out)
	}
}
