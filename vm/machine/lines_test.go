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
