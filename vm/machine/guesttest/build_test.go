package guesttest

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"vmcore/internal/testtools"
)

// TestGuestsUpToDate rebuilds every program from its source in a scratch
// copy of testdata/guests and requires the result to equal the committed
// ELF byte for byte (the Makefile's builds are reproducible), so the ELFs
// the other tests run are the ones the sources describe.
func TestGuestsUpToDate(t *testing.T) {
	if testing.Short() {
		t.Skip("rebuilding every guest takes a few seconds")
	}
	testtools.Need(t, "riscv64-unknown-elf-gcc")
	mk := testtools.Need(t, "make")
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(guestsDir)); err != nil {
		t.Fatal(err)
	}
	elfs, err := filepath.Glob(filepath.Join(dir, "*.elf"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range elfs {
		if err := os.Remove(e); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(mk, "-s", "-C", dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("make -C testdata/guests: %v\n%s", err, out)
	}
	for _, g := range guests(t) {
		want, err := os.ReadFile(g.elf)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, g.name+".elf"))
		if err != nil {
			t.Errorf("%s was not rebuilt: %v", g.name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: the committed ELF is stale: run make -C testdata/guests", g.elf)
		}
	}
}
