package asm

import (
	"debug/elf"
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"

	"vmcore/internal/testtools"
)

// gnuSection is one loaded section as GNU as + ld produced it.
type gnuSection struct {
	Addr uint64
	Size uint64
	Data []byte
}

// gnuBuild assembles src with riscv64-unknown-elf-as -mno-relax and links
// it with testdata/link.ld and --no-relax: the same layout vmcore's
// assembler produces, and no linker relaxation (which would rewrite
// call/la sequences that vmcore, a one-pass assembler+linker, keeps).
func gnuBuild(t *testing.T, srcPath, march string) map[string]gnuSection {
	t.Helper()
	f, err := elf.Open(gnuLink(t, srcPath, march))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]gnuSection{}
	for _, s := range f.Sections {
		switch s.Name {
		case ".text", ".rodata", ".data", ".bss":
		default:
			continue
		}
		if s.Size == 0 {
			continue
		}
		g := gnuSection{Addr: s.Addr, Size: s.Size}
		if s.Type != elf.SHT_NOBITS {
			g.Data, err = s.Data()
			if err != nil {
				t.Fatal(err)
			}
		}
		out[s.Name] = g
	}
	return out
}

// gnuLink assembles and links src as gnuBuild describes and returns the
// path of the executable, in a directory the test removes.
func gnuLink(t *testing.T, srcPath, march string) string {
	t.Helper()
	as := testtools.Need(t, "riscv64-unknown-elf-as")
	ld := testtools.Need(t, "riscv64-unknown-elf-ld")
	dir := t.TempDir()
	obj := filepath.Join(dir, "a.o")
	exe := filepath.Join(dir, "a.elf")
	if out, err := exec.Command(as, "-march="+march, "-mabi=lp64", "-mno-relax", srcPath, "-o", obj).CombinedOutput(); err != nil {
		t.Fatalf("as %s: %v\n%s", srcPath, err, out)
	}
	script, _ := filepath.Abs("testdata/link.ld")
	if out, err := exec.Command(ld, "--no-relax", "-T", script, obj, "-o", exe).CombinedOutput(); err != nil {
		t.Fatalf("ld %s: %v\n%s", srcPath, err, out)
	}
	return exe
}

func sectionsOf(p *Program) map[string]gnuSection {
	out := map[string]gnuSection{}
	for _, s := range p.Sections {
		out[s.Name] = gnuSection{Addr: s.Addr, Size: s.Size, Data: s.Data}
	}
	return out
}

// diffSections describes the first difference between two section sets.
func diffSections(want, got map[string]gnuSection) string {
	for name, w := range want {
		g, ok := got[name]
		if !ok {
			return fmt.Sprintf("section %s missing (GNU: %d bytes at 0x%x)", name, w.Size, w.Addr)
		}
		if g.Addr != w.Addr || g.Size != w.Size {
			return fmt.Sprintf("section %s at 0x%x size %d, GNU at 0x%x size %d", name, g.Addr, g.Size, w.Addr, w.Size)
		}
		for i := range w.Data {
			if i >= len(g.Data) || g.Data[i] != w.Data[i] {
				lo := i &^ 3
				return fmt.Sprintf("section %s differs at 0x%x: got % x, GNU % x", name, w.Addr+uint64(i),
					g.Data[lo:min(lo+8, len(g.Data))], w.Data[lo:min(lo+8, len(w.Data))])
			}
		}
	}
	for name, g := range got {
		if _, ok := want[name]; !ok && g.Size > 0 {
			return fmt.Sprintf("extra section %s (%d bytes)", name, g.Size)
		}
	}
	return ""
}
