package main

import (
	"bytes"
	"flag"
	"os"
	"strings"
	"testing"

	"vmcore/internal/cli"
)

var update = flag.Bool("update", false, "rewrite testdata/demo/demo.out")

// TestMain keeps the sessions the tests record out of the user's store.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "vmcore-main-test-")
	if err != nil {
		panic(err)
	}
	os.Setenv("VMCORE_DATA_DIR", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// `vmcore` without arguments runs the embedded demo guest, which prints its
// banner and computed lines, and exits 0. The output is deterministic
// (virtual time), so it is kept as a golden file.
func TestDemo(t *testing.T) {
	var out, errb bytes.Buffer
	status := run(nil, strings.NewReader(""), &out, &errb)
	if status != cli.ExitOK || errb.Len() != 0 {
		t.Fatalf("status %d, stderr %q", status, errb.String())
	}
	const golden = "testdata/demo/demo.out"
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != string(want) {
		t.Errorf("demo output differs from %s:\n%s", golden, out.String())
	}
}

func TestRunCommand(t *testing.T) {
	var out, errb bytes.Buffer
	status := run([]string{"run", "--max-insns", "100", "testdata/demo/demo.elf"}, nil, &out, &errb)
	if status != cli.ExitLimit || !strings.HasPrefix(errb.String(), "vmcore: instruction limit reached at pc=0x") ||
		!strings.Contains(errb.String(), "icount=100\n") {
		t.Errorf("status %d, stderr %q", status, errb.String())
	}
}
