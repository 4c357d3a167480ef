package cli

import (
	"context"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vmcore/internal/testtools"
	"vmcore/vm"
)

// A session debugged with GDB is recorded: a register written from GDB
// changes the guest's output, and the replay, which makes the same write
// at the same icount, verifies every checkpoint.
func TestGDBSessionIsRecordedWithItsWrites(t *testing.T) {
	gdbPath := testtools.Need(t, "gdb-multiarch")
	_, elf := assembleTest(t, "sum.s")
	dir := t.TempDir()
	out, errs, stop := startCLI(t, "gdb", "--data-dir", dir, "--checkpoint-every", "200", "--listen", "127.0.0.1:0", filepath.Join(asmDir, "sum.s"))
	addr := gdbAddr(t, errs)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	said, err := exec.CommandContext(ctx, gdbPath, "-batch", "-nx",
		"-ex", "set confirm off",
		"-ex", "file "+elf,
		"-ex", "target remote "+addr,
		"-ex", "break total",
		"-ex", "continue",
		"-ex", "set $a0 = 1234",
		"-ex", "monitor hotplug attach rng:seed=2",
		"-ex", "monitor hotplug list",
		"-ex", "stepi 20",
		"-ex", "monitor hotplug detach 7",
		"-ex", "monitor hotplug detach 7",
		"-ex", "continue",
	).CombinedOutput()
	if err != nil {
		t.Fatalf("gdb-multiarch: %v\n%s", err, said)
	}
	for _, w := range []string{"attached rng in slot 7", "slot 7  0x10008000  rng:seed=2,slot=7", "slot 0  0x10001000  (empty)", "detached slot 7", "slot 7"} {
		if !strings.Contains(string(said), w) {
			t.Errorf("gdb output lacks %q:\n%s", w, said)
		}
	}
	const want = "sum(1..100) = 1234\n"
	waitFor(t, "the guest's output", func() bool { return out.String() == want })
	if status := stop(); status != ExitOK {
		t.Fatalf("vmcore gdb: status %d, stderr %q", status, errs.String())
	}
	if !strings.Contains(errs.String(), "recording session ") {
		t.Errorf("vmcore gdb did not say it records: %q", errs.String())
	}

	status, js, serr := runCLI(t, context.Background(), "", "sessions", "--json", "--data-dir", dir)
	var sums []vm.Summary
	if status != 0 || json.Unmarshal([]byte(js), &sums) != nil || len(sums) != 1 {
		t.Fatalf("sessions: status %d, %q, stderr %q", status, js, serr)
	}
	if sums[0].State != "halted" {
		t.Errorf("session state %q, want halted (the guest exited)", sums[0].State)
	}
	id := sums[0].ID.String()
	status, rout, rerr := runCLI(t, context.Background(), "", "replay", "--verify", "--data-dir", dir, id)
	if status != 0 || !strings.Contains(rout, "replay matches") {
		t.Fatalf("replay --verify: status %d, stdout %q, stderr %q", status, rout, rerr)
	}
	st, err := openStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	s, err := vm.OpenSession(context.Background(), st, sums[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	var patched bool
	plugs := 0
	for _, e := range s.Events {
		if p, ok := e.(vm.RegisterPatched); ok && p.Reg == 10 && p.Value == 1234 {
			patched = true
		}
		switch e.(type) {
		case vm.DeviceAttached, vm.DeviceDetached:
			plugs++
		}
	}
	if plugs != 2 {
		t.Errorf("%d hot-plug events recorded, want 2 (one attach, one detach; the refused detach records nothing)", plugs)
	}
	if !patched {
		t.Errorf("no RegisterPatched event for a0 = 1234 among %d events", len(s.Events))
	}
}

// A write made back in time ends the recording there, and vmcore says so
// on stderr; the session keeps what it had and still verifies.
func TestGDBWriteInThePastEndsTheRecordingAloud(t *testing.T) {
	gdbPath := testtools.Need(t, "gdb-multiarch")
	_, elf := assembleTest(t, "sum.s")
	dir := t.TempDir()
	_, errs, stop := startCLI(t, "gdb", "--data-dir", dir, "--listen", "127.0.0.1:0", filepath.Join(asmDir, "sum.s"))
	addr := gdbAddr(t, errs)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	said, err := exec.CommandContext(ctx, gdbPath, "-batch", "-nx",
		"-ex", "set confirm off",
		"-ex", "file "+elf,
		"-ex", "target remote "+addr,
		"-ex", "stepi 50",
		"-ex", "reverse-stepi 10",
		"-ex", "set $s2 = 9",
		"-ex", "continue",
	).CombinedOutput()
	if err != nil {
		t.Fatalf("gdb-multiarch: %v\n%s", err, said)
	}
	waitFor(t, "the notice", func() bool { return strings.Contains(errs.String(), "vmcore: recording ended: ") })
	if !strings.Contains(errs.String(), "the recording ends at icount 50") {
		t.Errorf("stderr %q does not say where the recording ends", errs.String())
	}
	if status := stop(); status != ExitOK {
		t.Fatalf("vmcore gdb: status %d", status)
	}
	_, js, _ := runCLI(t, context.Background(), "", "sessions", "--json", "--data-dir", dir)
	var sums []vm.Summary
	if json.Unmarshal([]byte(js), &sums) != nil || len(sums) != 1 || sums[0].State != "stopped" || sums[0].Icount != 50 {
		t.Fatalf("sessions: %s", js)
	}
	if status, out, _ := runCLI(t, context.Background(), "", "replay", "--verify", "--data-dir", dir, sums[0].ID.String()); status != 0 {
		t.Errorf("replay --verify: status %d, %s", status, out)
	}
}
