package cli

import (
	"context"
	"encoding/json"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"vmcore/vm"
)

// A recorded run with console input is listed by sessions, verifies, and
// replays to an icount; --no-record leaves no session.
func TestRecordSessionsReplay(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	status, out, errs := runCLI(t, ctx, "hello q", "run", "--data-dir", dir, "--checkpoint-every", "50",
		"--snapshot-every", "2", progDir+"/echo.elf")
	if status != 0 || errs != "" || !strings.Contains(out, "ELLO") {
		t.Fatalf("run: status %d, stdout %q, stderr %q", status, out, errs)
	}
	if status, _, errs := runCLI(t, ctx, "", "run", "--no-record", "--data-dir", dir, progDir+"/hello.elf"); status != 0 || errs != "" {
		t.Fatalf("run --no-record: status %d, stderr %q", status, errs)
	}

	status, out, errs = runCLI(t, ctx, "", "sessions", "--json", "--data-dir", dir)
	if status != 0 {
		t.Fatalf("sessions: %d %q", status, errs)
	}
	var sums []vm.Summary
	if err := json.Unmarshal([]byte(out), &sums); err != nil {
		t.Fatalf("sessions --json: %v in %q", err, out)
	}
	if len(sums) != 1 || !strings.HasSuffix(sums[0].Program, "echo.elf") || sums[0].State != "halted" || sums[0].Icount == 0 {
		t.Fatalf("sessions = %+v", sums)
	}
	id := sums[0].ID.String()
	if status, out, _ := runCLI(t, ctx, "", "sessions", "--data-dir", dir); status != 0 || !strings.Contains(out, id) {
		t.Errorf("sessions table lacks %s: %q", id, out)
	}

	status, out, errs = runCLI(t, ctx, "", "replay", "--verify", "--data-dir", dir, id[:8])
	if status != 0 || !strings.Contains(out, "replay matches") {
		t.Fatalf("replay --verify: status %d, stdout %q, stderr %q", status, out, errs)
	}

	at := sums[0].Icount / 2
	status, out, errs = runCLI(t, ctx, "", "replay", "--to", strconv.FormatUint(at, 10), "--data-dir", dir, id)
	if status != 0 {
		t.Fatalf("replay --to: status %d, stderr %q", status, errs)
	}
	if !regexp.MustCompile(`at icount `+strconv.FormatUint(at, 10)+` \(replayed from the snapshot at icount \d+\)`).MatchString(out) ||
		!regexp.MustCompile(`hart 0: pc=0x[0-9a-f]{16}`).MatchString(out) || !strings.Contains(out, "x10 a0") {
		t.Errorf("replay --to output:\n%s", out)
	}

	tests := []struct {
		name string
		args []string
		want int
	}{
		{"no session", []string{"replay", "--verify", "--data-dir", dir, "ffffffff"}, ExitError},
		{"both modes", []string{"replay", "--verify", "--to", "5", "--data-dir", dir, id}, ExitUsage},
		{"no mode", []string{"replay", "--data-dir", dir, id}, ExitUsage},
		{"sessions args", []string{"sessions", "--data-dir", dir, "x"}, ExitUsage},
	}
	for _, tt := range tests {
		if status, _, errs := runCLI(t, ctx, "", tt.args...); status != tt.want || errs == "" {
			t.Errorf("%s: status %d (want %d), stderr %q", tt.name, status, tt.want, errs)
		}
	}
}

// An exported session imports into another store and verifies there; a
// damaged file is refused and leaves the store unchanged.
func TestExportImportCommands(t *testing.T) {
	src, dst := t.TempDir(), t.TempDir()
	ctx := context.Background()
	if status, _, errs := runCLI(t, ctx, "", "run", "--data-dir", src, "--checkpoint-every", "100", progDir+"/timer.elf"); status != 0 {
		t.Fatalf("run: %d %q", status, errs)
	}
	_, out, _ := runCLI(t, ctx, "", "sessions", "--json", "--data-dir", src)
	var sums []vm.Summary
	if err := json.Unmarshal([]byte(out), &sums); err != nil || len(sums) != 1 {
		t.Fatalf("sessions: %v %q", err, out)
	}
	id := sums[0].ID.String()
	file := t.TempDir() + "/s.vmcore"
	if status, _, errs := runCLI(t, ctx, "", "export", "--data-dir", src, id, file); status != 0 {
		t.Fatalf("export: %d %q", status, errs)
	}
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	bad := t.TempDir() + "/bad.vmcore"
	if err := os.WriteFile(bad, good[:len(good)-1], 0o644); err != nil {
		t.Fatal(err)
	}
	if status, _, errs := runCLI(t, ctx, "", "import", "--data-dir", dst, bad); status != ExitError || !strings.Contains(errs, "bad session file") {
		t.Errorf("import of a truncated file: %d %q", status, errs)
	}
	if _, out, _ := runCLI(t, ctx, "", "sessions", "--data-dir", dst); !strings.Contains(out, "no recorded sessions") {
		t.Errorf("a refused import left sessions: %q", out)
	}
	if status, _, errs := runCLI(t, ctx, "", "import", "--data-dir", dst, file); status != 0 {
		t.Fatalf("import: %d %q", status, errs)
	}
	if status, out, errs := runCLI(t, ctx, "", "replay", "--verify", "--data-dir", dst, id); status != 0 {
		t.Errorf("verify of the imported session: %d %q %q", status, out, errs)
	}
}

// A store held by another vmcore is a clear error for run, gdb and tui
// (the user expects a recording); only the demo goes on unrecorded.
func TestBusyStoreRefusesToRunUnrecorded(t *testing.T) {
	dir := t.TempDir()
	st, err := openStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	status, out, errs := runCLI(t, context.Background(), "", "run", "--data-dir", dir, asmDir+"/sum.s")
	if status != ExitError || out != "" || !strings.Contains(errs, "cannot record the session") || !strings.Contains(errs, "--no-record") {
		t.Errorf("run on a busy store: status %d, stdout %q, stderr %q", status, out, errs)
	}
	status, _, errs = runCLI(t, context.Background(), "", "gdb", "--data-dir", dir, "--listen", "127.0.0.1:0", asmDir+"/sum.s")
	if status != ExitError || !strings.Contains(errs, "cannot record the session") {
		t.Errorf("gdb on a busy store: status %d, stderr %q", status, errs)
	}
	if status, out, _ := runCLI(t, context.Background(), "", "run", "--no-record", "--data-dir", dir, asmDir+"/sum.s"); status != ExitOK || out != wantSum() {
		t.Errorf("run --no-record on a busy store: status %d, stdout %q", status, out)
	}
}
