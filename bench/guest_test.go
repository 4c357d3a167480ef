package bench

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"vmcore/internal/testtools"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the host build of guest/bench.c")

const (
	guestDir    = "guest"
	smallELF    = "guest/bench-small.elf"
	bigELF      = "guest/bench.elf"
	smallGolden = "testdata/bench-small.golden"
)

// makefileRounds reads ROUNDS_SMALL or ROUNDS_BIG from guest/Makefile, so the
// host build always uses the rounds the committed ELFs were built with.
func makefileRounds(t *testing.T, name string) int {
	t.Helper()
	mk, err := os.ReadFile(filepath.Join(guestDir, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^` + name + `\s*\?=\s*(\d+)\s*$`).FindSubmatch(mk)
	if m == nil {
		t.Fatalf("guest/Makefile: no %q ?= N line", name)
	}
	n, err := strconv.Atoi(string(m[1]))
	if err != nil {
		t.Fatalf("guest/Makefile: %s: %v", name, err)
	}
	return n
}

// runCmd runs a command with a deadline and returns its stdout, failing the
// test (with stderr) if it does not exit 0.
func runCmd(t *testing.T, timeout time.Duration, name string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %v: %v\nstdout:\n%s\nstderr:\n%s", name, args, err, stdout.Bytes(), stderr.Bytes())
	}
	return stdout.Bytes()
}

// runStatus runs a command that is expected to fail and returns its
// combined output and exit status.
func runStatus(t *testing.T, name string, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, name, args...).CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &exit):
		return string(out), exit.ExitCode()
	}
	t.Fatalf("%s %v: %v", name, args, err)
	return "", -1
}

// hostOutput compiles guest/bench.c for this machine with the given number
// of rounds and returns what it prints.
func hostOutput(t *testing.T, rounds int) Output {
	t.Helper()
	cc := testtools.Need(t, "cc")
	exe := filepath.Join(t.TempDir(), "bench-host")
	runCmd(t, time.Minute, cc, "-O2", "-DHOST", fmt.Sprintf("-DROUNDS=%d", rounds), "-o", exe, filepath.Join(guestDir, "bench.c"))
	o, err := ParseOutput("host build", runCmd(t, time.Minute, exe))
	if err != nil {
		t.Fatal(err)
	}
	if o.HasMinstret {
		t.Errorf("host build printed a minstret line; only the guest should")
	}
	return o
}

// qemuOutput runs elf under qemu-system-riscv64 in deterministic -icount mode,
// so that the minstret it prints is an instruction count.
func qemuOutput(t *testing.T, elf string) Output {
	t.Helper()
	qemu := testtools.Need(t, "qemu-system-riscv64")
	out := runCmd(t, 2*time.Minute, qemu, "-machine", "virt", "-bios", "none", "-nographic",
		"-kernel", elf, "-icount", "shift=0")
	o, err := ParseOutput("qemu "+elf, out)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

// golden returns the expected parts and checksum of the small guest.
func golden(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(smallGolden)
	if err != nil {
		t.Fatalf("%v (run go test ./bench/ -run TestHostBuildMatchesGolden -update)", err)
	}
	return string(b)
}

// TestHostBuildMatchesGolden ties the golden file to the C source: the host
// build of bench.c, at the small guest's rounds, prints what the golden file
// holds. The guest tests compare with the golden file, so they need no cc.
func TestHostBuildMatchesGolden(t *testing.T) {
	got := hostOutput(t, makefileRounds(t, "ROUNDS_SMALL")).Result()
	if *update {
		if err := os.WriteFile(smallGolden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want := golden(t); got != want {
		t.Errorf("host build of bench.c prints\n%s\nbut %s holds\n%s(rerun with -update if bench.c changed on purpose)", got, smallGolden, want)
	}
}

// TestSmallGuestUnderQEMU runs the committed small ELF under QEMU and compares
// its result with the host build's (through the golden file).
func TestSmallGuestUnderQEMU(t *testing.T) {
	o := qemuOutput(t, smallELF)
	if got, want := o.Result(), golden(t); got != want {
		t.Errorf("under QEMU %s prints\n%s\nthe host build prints\n%s", smallELF, got, want)
	}
	if !o.HasMinstret || o.Minstret == 0 {
		t.Errorf("under QEMU %s printed no instruction count (minstret line): %+v", smallELF, o)
	}
}

// TestBigGuestMatchesHost does the same for the ~1e9-instruction guest that
// run.sh measures, directly against a host build (about 1 s under QEMU).
func TestBigGuestMatchesHost(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping the 1e9-instruction guest in -short mode")
	}
	want := hostOutput(t, makefileRounds(t, "ROUNDS_BIG")).Result()
	if got := qemuOutput(t, bigELF).Result(); got != want {
		t.Errorf("under QEMU %s prints\n%s\nthe host build prints\n%s", bigELF, got, want)
	}
}

// TestCommittedELFsAreFresh rebuilds the guest from the committed sources
// and checks that the committed ELFs are byte for byte what comes out, so the
// benchmark never measures a stale binary.
func TestCommittedELFsAreFresh(t *testing.T) {
	testtools.Need(t, "riscv64-unknown-elf-gcc")
	mk := testtools.Need(t, "make")
	dir := t.TempDir()
	for _, f := range []string{"Makefile", "link.ld", "start.S", "bench.c"} {
		b, err := os.ReadFile(filepath.Join(guestDir, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	runCmd(t, 2*time.Minute, mk, "-s", "-C", dir, "all")
	for _, elf := range []string{bigELF, smallELF} {
		committed, err := os.ReadFile(elf)
		if err != nil {
			t.Fatal(err)
		}
		built, err := os.ReadFile(filepath.Join(dir, filepath.Base(elf)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(committed, built) {
			t.Errorf("%s differs from what guest/Makefile builds from the sources: run make -C bench/guest", elf)
		}
	}
}
