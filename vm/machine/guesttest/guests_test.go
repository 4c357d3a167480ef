package guesttest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"vmcore/internal/testtools"
	"vmcore/vm/machine"
)

var update = flag.Bool("update", false, "rewrite the golden console files in testdata/ (from QEMU, or from vmcore for vmcore-only programs)")

const (
	// guestsDir holds the programs, relative to this package.
	guestsDir = "../../../testdata/guests"
	// maxInsns bounds each run on vmcore; every program needs far fewer.
	maxInsns = 20_000_000
	// qemuTimeout only guards against a hung QEMU; it is not a measurement.
	qemuTimeout = 20 * time.Second
)

// qemuCPU matches the vmcore hart: QEMU's default rv64 also has F, D and H.
const qemuCPU = "rv64,h=false"

// guest is one program of testdata/guests.
type guest struct {
	name       string // file name without .elf
	elf        string // path of the ELF
	vmcoreOnly string // why QEMU cannot run it, or ""
}

// guests lists the built programs and which of them are vmcore-only.
func guests(t *testing.T) []guest {
	t.Helper()
	only, err := readVmcoreOnly(filepath.Join(guestsDir, "vmcore-only.txt"))
	if err != nil {
		t.Fatal(err)
	}
	elfs, err := filepath.Glob(filepath.Join(guestsDir, "*.elf"))
	if err != nil {
		t.Fatal(err)
	}
	if len(elfs) == 0 {
		t.Fatalf("no guest programs in %s: run make -C testdata/guests", guestsDir)
	}
	var gs []guest
	for _, e := range elfs {
		name := strings.TrimSuffix(filepath.Base(e), ".elf")
		gs = append(gs, guest{name: name, elf: e, vmcoreOnly: only[name]})
	}
	for name := range only {
		if !slices.ContainsFunc(gs, func(g guest) bool { return g.name == name }) {
			t.Errorf("vmcore-only.txt names %q, which has no ELF", name)
		}
	}
	return gs
}

// readVmcoreOnly parses "name<TAB>reason" lines; # starts a comment.
func readVmcoreOnly(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	only := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, reason, ok := strings.Cut(line, "\t")
		if !ok || strings.TrimSpace(reason) == "" {
			return nil, fmt.Errorf("%s:%d: want \"name<TAB>reason\", got %q", path, n, line)
		}
		only[name] = strings.TrimSpace(reason)
	}
	return only, sc.Err()
}

func goldenPath(name string) string { return filepath.Join("testdata", name+".console") }

func readGolden(t *testing.T, name string) []byte {
	t.Helper()
	want, err := os.ReadFile(goldenPath(name))
	if err != nil {
		t.Fatalf("golden console output: %v (record it with go test -run TestGuestsOnQEMU -update)", err)
	}
	return want
}

func writeGolden(t *testing.T, name string, out []byte) {
	t.Helper()
	if err := os.WriteFile(goldenPath(name), out, 0o644); err != nil {
		t.Fatal(err)
	}
}

// outcome is what one run of a guest produced.
type outcome struct {
	console []byte
	code    int // 0 pass, else the guest's failure code
	detail  string
}

// runVmcore runs the program on a default board.
func runVmcore(t *testing.T, g guest) outcome {
	t.Helper()
	data, err := os.ReadFile(g.elf)
	if err != nil {
		t.Fatal(err)
	}
	img, err := machine.ParseELF(g.elf, data)
	if err != nil {
		t.Fatal(err)
	}
	var console bytes.Buffer
	m, err := machine.New(machine.Config{Console: &console})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := m.Close(); err != nil {
			t.Error(err)
		}
	}()
	if err := m.Load(img); err != nil {
		t.Fatal(err)
	}
	res := m.Run(context.Background(), maxInsns)
	detail := fmt.Sprintf("%s (code %d, source %q) at pc %#x after %d instructions",
		res.Reason, res.ExitCode, res.Source, res.PC, res.Icount)
	if sym := m.Symbols(); sym != nil {
		if fn, off, ok := sym.At(res.PC); ok {
			detail += fmt.Sprintf(" (%s+%#x)", fn, off)
		}
	}
	o := outcome{console: console.Bytes(), detail: detail}
	switch res.Reason {
	case machine.ReasonPass:
		o.code = 0
	case machine.ReasonFail:
		o.code = res.ExitCode
		if o.code == 0 {
			o.code = -1 // a failure must never look like a pass
		}
	default:
		o.code = -1
	}
	t.Logf("vmcore: %s", detail)
	return o
}

// runQEMU runs the program on qemu-system-riscv64 -machine virt; the exit
// status is the finisher's code (0 for pass).
func runQEMU(t *testing.T, qemu string, g guest) outcome {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), qemuTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, qemu, "-machine", "virt", "-cpu", qemuCPU, "-bios", "none",
		"-kernel", g.elf, "-nographic", "-monitor", "none", "-serial", "stdio")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	o := outcome{console: stdout.Bytes()}
	var exit *exec.ExitError
	switch {
	case err == nil:
		o.code = 0
	case ctx.Err() != nil:
		t.Fatalf("qemu did not finish %s within %v; console so far:\n%s", g.name, qemuTimeout, stdout.Bytes())
	case errors.As(err, &exit):
		o.code = exit.ExitCode()
	default:
		t.Fatalf("running qemu on %s: %v\n%s", g.name, err, stderr.Bytes())
	}
	o.detail = fmt.Sprintf("qemu exit status %d", o.code)
	if stderr.Len() > 0 {
		o.detail += "; stderr: " + strings.TrimSpace(stderr.String())
	}
	return o
}

// checkPass requires a pass with the golden console output.
func checkPass(t *testing.T, who string, o outcome, want []byte) {
	t.Helper()
	if o.code != 0 {
		t.Errorf("%s: guest failed: %s (a failure code is the number of the failing case in the source)\nconsole:\n%s", who, o.detail, o.console)
		return
	}
	if !bytes.Equal(o.console, want) {
		t.Errorf("%s: console output differs from %s\ngot:\n%s\nwant:\n%s", who, goldenPath(""), o.console, want)
	}
}

// TestGuestsOnQEMU runs every program QEMU can run on QEMU: each must pass
// with the golden console output. With -update it records the goldens.
func TestGuestsOnQEMU(t *testing.T) {
	qemu := testtools.Need(t, "qemu-system-riscv64")
	for _, g := range guests(t) {
		t.Run(g.name, func(t *testing.T) {
			if g.vmcoreOnly != "" {
				t.Skipf("vmcore-only: %s", g.vmcoreOnly)
			}
			o := runQEMU(t, qemu, g)
			if *update && o.code == 0 {
				writeGolden(t, g.name, o.console)
			}
			checkPass(t, "qemu", o, readGolden(t, g.name))
		})
	}
}

// TestGuests runs every program on vmcore: each must pass with the golden
// console output.
func TestGuests(t *testing.T) {
	for _, g := range guests(t) {
		t.Run(g.name, func(t *testing.T) {
			o := runVmcore(t, g)
			if *update && g.vmcoreOnly != "" && o.code == 0 {
				writeGolden(t, g.name, o.console)
			}
			checkPass(t, "vmcore", o, readGolden(t, g.name))
		})
	}
}

// TestGuestsDifferential runs each program QEMU can run on both machines
// and requires the same console output and exit status, pass or fail.
func TestGuestsDifferential(t *testing.T) {
	qemu := testtools.Need(t, "qemu-system-riscv64")
	for _, g := range guests(t) {
		t.Run(g.name, func(t *testing.T) {
			if g.vmcoreOnly != "" {
				t.Skipf("vmcore-only: %s", g.vmcoreOnly)
			}
			q := runQEMU(t, qemu, g)
			v := runVmcore(t, g)
			if q.code != v.code {
				t.Errorf("exit status: qemu %d, vmcore %d (%s)", q.code, v.code, v.detail)
			}
			if !bytes.Equal(q.console, v.console) {
				t.Errorf("console output differs\nqemu:\n%s\nvmcore:\n%s", q.console, v.console)
			}
		})
	}
}

// TestGuestSources checks that the committed programs are complete: every
// source has its ELF and golden console file, and every ELF its source.
func TestGuestSources(t *testing.T) {
	srcs := map[string]bool{}
	for _, pat := range []string{"*.S", "*.c"} {
		m, err := filepath.Glob(filepath.Join(guestsDir, pat))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range m {
			srcs[strings.TrimSuffix(filepath.Base(p), filepath.Ext(p))] = true
		}
	}
	if len(srcs) == 0 {
		t.Fatalf("no sources in %s", guestsDir)
	}
	gs := guests(t)
	for _, g := range gs {
		if !srcs[g.name] {
			t.Errorf("%s has no source (.S or .c) in %s", g.elf, guestsDir)
		}
		if _, err := os.Stat(goldenPath(g.name)); err != nil {
			t.Errorf("%s: no golden console output: %v", g.name, err)
		}
	}
	for name := range srcs {
		if !slices.ContainsFunc(gs, func(g guest) bool { return g.name == name }) {
			t.Errorf("%s has no built ELF: run make -C testdata/guests", name)
		}
	}
}
