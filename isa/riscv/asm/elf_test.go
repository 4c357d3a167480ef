package asm

import (
	"bytes"
	"debug/dwarf"
	"debug/elf"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"vmcore/internal/testtools"
)

func buildELF(t *testing.T, src string) (*Program, []byte) {
	t.Helper()
	code, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Assemble(src, code, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := p.WriteELF(&b); err != nil {
		t.Fatal(err)
	}
	return p, b.Bytes()
}

// TestWriteELF reads the written executable back with debug/elf and
// debug/dwarf: header, loaded sections, symbols and the line table must
// all say what the Program says.
func TestWriteELF(t *testing.T) {
	for _, src := range corpus(t) {
		t.Run(filepath.Base(src), func(t *testing.T) {
			p, raw := buildELF(t, src)
			f, err := elf.NewFile(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			if f.Type != elf.ET_EXEC || f.Machine != elf.EM_RISCV || f.Class != elf.ELFCLASS64 {
				t.Errorf("header: type %v machine %v class %v", f.Type, f.Machine, f.Class)
			}
			if f.Entry != p.Entry {
				t.Errorf("entry 0x%x, program says 0x%x", f.Entry, p.Entry)
			}
			if start, ok := p.Lookup("_start"); ok && f.Entry != start {
				t.Errorf("entry 0x%x is not _start 0x%x", f.Entry, start)
			}
			for _, s := range p.Sections {
				es := f.Section(s.Name)
				if es == nil {
					t.Fatalf("section %s missing", s.Name)
				}
				if es.Addr != s.Addr || es.Size != s.Size {
					t.Errorf("%s: addr 0x%x size %d, want 0x%x %d", s.Name, es.Addr, es.Size, s.Addr, s.Size)
				}
				if s.NoBits {
					continue
				}
				data, err := es.Data()
				if err != nil || !bytes.Equal(data, s.Data) {
					t.Errorf("%s: contents differ (%v)", s.Name, err)
				}
				// Every loaded section is covered by a PT_LOAD at the
				// same offset.
				found := false
				for _, ph := range f.Progs {
					if ph.Type == elf.PT_LOAD && ph.Vaddr == s.Addr && ph.Off == es.Offset && ph.Filesz == s.Size {
						found = true
					}
				}
				if !found {
					t.Errorf("%s: no PT_LOAD for it", s.Name)
				}
			}
			syms, err := f.Symbols()
			if err != nil {
				t.Fatal(err)
			}
			byName := map[string]elf.Symbol{}
			for _, s := range syms {
				byName[s.Name] = s
			}
			for _, s := range p.Symbols {
				es, ok := byName[s.Name]
				if !ok || es.Value != s.Value {
					t.Errorf("symbol %s: got %+v, want value 0x%x", s.Name, es, s.Value)
				}
				if s.Global != (elf.ST_BIND(es.Info) == elf.STB_GLOBAL) {
					t.Errorf("symbol %s: binding %v, want global=%v", s.Name, elf.ST_BIND(es.Info), s.Global)
				}
			}
			if (f.FileHeader.Entry != 0) && p.RVC != (elfFlags(raw)&efRVC != 0) {
				t.Errorf("e_flags RVC bit does not match the use of compressed code (%v)", p.RVC)
			}
			checkLines(t, f, p)
		})
	}
}

func elfFlags(raw []byte) uint32 {
	return uint32(raw[48]) | uint32(raw[49])<<8 | uint32(raw[50])<<16 | uint32(raw[51])<<24
}

// checkLines reads .debug_line with debug/dwarf and checks that every
// instruction's address maps to its source line.
func checkLines(t *testing.T, f *elf.File, p *Program) {
	t.Helper()
	d, err := f.DWARF()
	if err != nil {
		t.Fatalf("DWARF: %v", err)
	}
	r := d.Reader()
	cu, err := r.Next()
	if err != nil || cu == nil {
		t.Fatalf("no compile unit: %v", err)
	}
	lr, err := d.LineReader(cu)
	if err != nil || lr == nil {
		t.Fatalf("no line table: %v", err)
	}
	rows := map[uint64]int{}
	var file string
	for {
		var e dwarfLineEntry
		if err := lr.Next(&e.LineEntry); err != nil {
			break
		}
		if !e.EndSequence {
			rows[e.Address] = e.Line
			file = e.File.Name
		}
	}
	if len(p.Lines) == 0 {
		t.Fatal("program has no line entries")
	}
	if !strings.HasSuffix(file, filepath.Base(p.File)) {
		t.Errorf("line table file %q, want %s", file, filepath.Base(p.File))
	}
	for _, l := range p.Lines {
		if got, ok := rows[l.Addr]; !ok || got != l.Line {
			t.Errorf("address 0x%x: line %d in DWARF, want %d", l.Addr, got, l.Line)
		}
	}
}

// TestELFWithBinutils lets GNU objdump and readelf read the file: they
// must disassemble it and decode its line table without complaint.
func TestELFWithBinutils(t *testing.T) {
	objdump := testtools.Need(t, "riscv64-unknown-elf-objdump")
	readelf := testtools.Need(t, "riscv64-unknown-elf-readelf")
	for _, src := range []string{"testdata/pseudo.s", "testdata/directives.s"} {
		_, raw := buildELF(t, src)
		path := filepath.Join(t.TempDir(), "a.elf")
		if err := os.WriteFile(path, raw, 0o644); err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command(objdump, "-d", "-l", path).CombinedOutput()
		if err != nil || !strings.Contains(string(out), "<_start>:") || !strings.Contains(string(out), filepath.Base(src)+":") {
			t.Errorf("objdump -d -l %s: %v\n%s", src, err, out)
		}
		out, err = exec.Command(readelf, "-a", "--debug-dump=line", path).CombinedOutput()
		if err != nil || strings.Contains(string(out), "Warning") || strings.Contains(string(out), "Error") {
			t.Errorf("readelf %s: %v\n%s", src, err, out)
		}
	}
}

type dwarfLineEntry struct{ dwarf.LineEntry }
