package machine

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"vmcore/internal/testtools"
)

// linesGuest is the debugger's C test guest, built with -g -O0 (see
// debugger/testdata/Makefile).
const linesGuest = "../../debugger/testdata/prog.elf"

// dumpLines renders a line table as "addr file:line" rows, with file
// names reduced to their base so that the golden file does not depend on
// where the guest was built.
func dumpLines(l *Lines) string {
	var b strings.Builder
	for _, r := range l.rows {
		if r.Line == 0 {
			fmt.Fprintf(&b, "%08x end\n", r.Addr)
			continue
		}
		fmt.Fprintf(&b, "%08x %s:%d\n", r.Addr, filepath.Base(r.File), r.Line)
	}
	return b.String()
}

func TestReadLinesGolden(t *testing.T) {
	data, err := os.ReadFile(linesGuest)
	if err != nil {
		t.Fatal(err)
	}
	l, err := ReadLines(linesGuest, data)
	if err != nil {
		t.Fatal(err)
	}
	got := dumpLines(l)
	golden := "testdata/prog.lines.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -run TestReadLinesGolden -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("line table differs from %s (rerun with -update after checking it against objdump)", golden)
	}
}

// TestReadLinesMatchesObjdump checks every statement row GNU objdump
// decodes against At.
func TestReadLinesMatchesObjdump(t *testing.T) {
	objdump := testtools.Need(t, "riscv64-unknown-elf-objdump")
	data, err := os.ReadFile(linesGuest)
	if err != nil {
		t.Fatal(err)
	}
	l, err := ReadLines(linesGuest, data)
	if err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(objdump, "--dwarf=decodedline", linesGuest).Output()
	if err != nil {
		t.Fatal(err)
	}
	// Rows look like "c_sort.c   12   0x80000104   x" (x: a statement).
	sc := bufio.NewScanner(bytes.NewReader(out))
	type row struct {
		file string
		line int
	}
	last := map[uint64]row{}
	var order []uint64
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || f[len(f)-1] != "x" || !strings.HasPrefix(f[2], "0x") {
			continue
		}
		line, err1 := strconv.Atoi(f[1])
		addr, err2 := strconv.ParseUint(f[2][2:], 16, 64)
		if err1 != nil || err2 != nil {
			continue
		}
		if _, ok := last[addr]; !ok {
			order = append(order, addr)
		}
		last[addr] = row{f[0], line}
	}
	if len(order) == 0 {
		t.Fatalf("objdump printed no statement rows:\n%s", out)
	}
	for _, a := range order {
		got, ok := l.StartsAt(a)
		if w := last[a]; !ok || got.Line != w.line || filepath.Base(got.File) != w.file {
			t.Errorf("%#x: got %s:%d (%v), objdump says %s:%d", a, filepath.Base(got.File), got.Line, ok, w.file, w.line)
		}
	}
}

func TestReadLinesBadInput(t *testing.T) {
	hello, err := os.ReadFile("testdata/hello.elf")
	if err != nil {
		t.Fatal(err)
	}
	guest, err := os.ReadFile(linesGuest)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		data    []byte
		noLines bool
	}{
		{"not an ELF", []byte("hello"), false},
		{"empty", nil, false},
		{"ELF without DWARF", hello, true},
		{"truncated", guest[:len(guest)/3], false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l, err := ReadLines("x.elf", tc.data)
			if err == nil {
				t.Fatalf("no error; %d rows", l.Len())
			}
			if tc.noLines != errors.Is(err, ErrNoLines) {
				t.Errorf("error %v; want ErrNoLines: %v", err, tc.noLines)
			}
			if !tc.noLines && !strings.Contains(err.Error(), "x.elf") {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
	var nl *Lines
	if _, ok := nl.At(0x80000000); ok || nl.Len() != 0 {
		t.Error("a nil Lines must map nothing")
	}
}

// FuzzReadLines: any bytes give lines or an error, never a panic, and
// lines found answer At consistently with StartsAt.
func FuzzReadLines(f *testing.F) {
	for _, p := range []string{linesGuest, "testdata/hello.elf"} {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := ReadLines("fuzz.elf", data)
		if err != nil {
			return
		}
		for _, r := range l.rows {
			if s, ok := l.StartsAt(r.Addr); ok {
				if a, ok2 := l.At(r.Addr); !ok2 || a != s {
					t.Fatalf("At(%#x) = %+v %v, StartsAt = %+v", r.Addr, a, ok2, s)
				}
			}
		}
	})
}

// TestSourcePath checks where ReadLines looks for a source file: DWARF's
// path, then the program's directory, never the working directory.
func TestSourcePath(t *testing.T) {
	tests := []struct {
		name, file, compDir, progDir string
		onDisk                       []string
		want                         string
	}{
		{"absolute and there", "/build/src/a.c", "/build", "/home/u/prog", []string{"/build/src/a.c", "/home/u/prog/src/a.c"}, "/build/src/a.c"},
		{"moved with its tree", "/build/src/a.c", "/build", "/home/u/prog", []string{"/home/u/prog/src/a.c", "/home/u/prog/a.c"}, "/home/u/prog/src/a.c"},
		{"moved beside the program", "/build/src/a.c", "/build", "/home/u/prog", []string{"/home/u/prog/a.c"}, "/home/u/prog/a.c"},
		{"relative to comp_dir", "src/a.c", "/build", "/home/u/prog", []string{"/build/src/a.c"}, "/build/src/a.c"},
		{"relative, comp_dir gone", "src/a.c", "/build", "/home/u/prog", []string{"/home/u/prog/src/a.c"}, "/home/u/prog/src/a.c"},
		{"no comp_dir: the program's directory, not the working one", "a.c", "", "/home/u/prog", []string{"a.c", "/home/u/prog/a.c"}, "/home/u/prog/a.c"},
		{"relative comp_dir", "a.c", ".", "/home/u/prog", []string{"/home/u/prog/a.c"}, "/home/u/prog/a.c"},
		{"nowhere: DWARF's path", "/build/src/a.c", "/build", "/home/u/prog", nil, "/build/src/a.c"},
		{"outside comp_dir", "/usr/include/stdio.h", "/build", "/home/u/prog", []string{"/home/u/prog/usr/include/stdio.h"}, "/usr/include/stdio.h"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			exists := func(p string) bool {
				for _, d := range tc.onDisk {
					if p == d {
						return true
					}
				}
				return false
			}
			if got := sourcePath(tc.file, tc.compDir, tc.progDir, exists); got != tc.want {
				t.Errorf("sourcePath(%q, %q, %q) = %q; want %q", tc.file, tc.compDir, tc.progDir, got, tc.want)
			}
		})
	}
}

// TestReadLinesFindsSourceBesideProgram copies the test guest into a
// directory with its source and checks that the rows name a source file
// on disk: the copy where the guest's build directory (its DWARF
// comp_dir) is gone, else the original (TestSourcePath covers the order).
func TestReadLinesFindsSourceBesideProgram(t *testing.T) {
	data, err := os.ReadFile(linesGuest)
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile(filepath.Join(filepath.Dir(linesGuest), "prog.c"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	prog := filepath.Join(dir, "prog.elf")
	if err := os.WriteFile(prog, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "prog.c"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := ReadLines(prog, data)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range l.rows {
		if r.Line == 0 || filepath.Base(r.File) != "prog.c" {
			continue
		}
		n++
		if _, err := os.Stat(r.File); err != nil {
			t.Fatalf("row %#x names %q, which is not on disk: %v", r.Addr, r.File, err)
		}
	}
	if n == 0 {
		t.Fatal("no rows of prog.c")
	}
}
