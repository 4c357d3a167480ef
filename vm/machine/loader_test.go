package machine

import (
	"debug/elf"
	"encoding/binary"
	"errors"
	"os"
	"strings"
	"testing"
)

// elfHeader builds a minimal ELF64 header with one program header, for
// tests that need files debug/elf accepts but the loader rejects.
func elfHeader(class elf.Class, machine elf.Machine, typ elf.Type, seg elf.ProgHeader, payload []byte) []byte {
	b := make([]byte, 64+56)
	copy(b, elf.ELFMAG)
	b[elf.EI_CLASS] = byte(class)
	b[elf.EI_DATA] = byte(elf.ELFDATA2LSB)
	b[elf.EI_VERSION] = byte(elf.EV_CURRENT)
	le := binary.LittleEndian
	le.PutUint16(b[16:], uint16(typ))
	le.PutUint16(b[18:], uint16(machine))
	le.PutUint32(b[20:], uint32(elf.EV_CURRENT))
	le.PutUint64(b[24:], seg.Paddr) // entry
	le.PutUint64(b[32:], 64)        // phoff
	le.PutUint16(b[52:], 64)        // ehsize
	le.PutUint16(b[54:], 56)        // phentsize
	le.PutUint16(b[56:], 1)         // phnum
	le.PutUint16(b[58:], 64)        // shentsize
	p := b[64:]
	le.PutUint32(p[0:], uint32(seg.Type))
	le.PutUint32(p[4:], uint32(seg.Flags))
	le.PutUint64(p[8:], seg.Off)
	le.PutUint64(p[16:], seg.Vaddr)
	le.PutUint64(p[24:], seg.Paddr)
	le.PutUint64(p[32:], seg.Filesz)
	le.PutUint64(p[40:], seg.Memsz)
	return append(b, payload...)
}

func goodSeg() elf.ProgHeader {
	return elf.ProgHeader{Type: elf.PT_LOAD, Flags: elf.PF_R | elf.PF_X, Off: 120, Vaddr: RAMBase,
		Paddr: RAMBase, Filesz: 4, Memsz: 16}
}

func TestParseELF(t *testing.T) {
	hello, err := os.ReadFile("testdata/hello.elf")
	if err != nil {
		t.Fatal(err)
	}
	img, err := ParseELF("hello.elf", hello)
	if err != nil {
		t.Fatal(err)
	}
	if img.Entry != RAMBase || len(img.Segments) == 0 || len(img.Code) != 1 || img.Code[0].Name != ".text" {
		t.Errorf("image: entry %#x, %d segments, code %v", img.Entry, len(img.Segments), img.Code)
	}
	if img.HasTohost {
		t.Error("hello.elf has no tohost")
	}
	if s, ok := img.Symbols.Lookup("puts"); !ok || s.Addr <= RAMBase {
		t.Errorf("puts = %+v, %v", s, ok)
	}

	htif, _ := os.ReadFile("testdata/htif.elf")
	img, err = ParseELF("htif.elf", htif)
	if err != nil {
		t.Fatal(err)
	}
	if !img.HasTohost || !img.HasFromhost || img.Tohost%64 != 0 || img.Fromhost != img.Tohost+64 {
		t.Errorf("tohost %#x (%v) fromhost %#x (%v)", img.Tohost, img.HasTohost, img.Fromhost, img.HasFromhost)
	}

	// A bss segment is zero-filled on load even over old RAM contents.
	good := elfHeader(elf.ELFCLASS64, elf.EM_RISCV, elf.ET_EXEC, goodSeg(), []byte{0x6f, 0, 0, 0})
	img, err = ParseELF("tiny", good)
	if err != nil {
		t.Fatal(err)
	}
	m := newMachine(t, Config{RAMSize: 1 << 20})
	m.Memory().Write(RAMBase+4, []byte{1, 2, 3})
	if err := m.Load(img); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 16)
	m.Memory().Read(RAMBase, buf)
	if string(buf) != "\x6f\x00\x00\x00"+strings.Repeat("\x00", 12) {
		t.Errorf("loaded bytes % x", buf)
	}
}

func TestParseELFErrors(t *testing.T) {
	hello, err := os.ReadFile("testdata/hello.elf")
	if err != nil {
		t.Fatal(err)
	}
	seg := goodSeg()
	bigFile := seg
	bigFile.Filesz = 1 << 40
	bigFile.Memsz = 1 << 40
	fileOverMem := seg
	fileOverMem.Filesz = 32
	wrap := seg
	wrap.Paddr = ^uint64(0) - 4
	noLoad := seg
	noLoad.Type = elf.PT_NOTE
	code := []byte{0x6f, 0, 0, 0}
	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrNotELF},
		{"text", []byte("#!/bin/sh\necho hi\n"), ErrNotELF},
		{"magic only", []byte("\x7fELF"), ErrTruncated},
		{"32-bit", elfHeader(elf.ELFCLASS32, elf.EM_RISCV, elf.ET_EXEC, seg, code), ErrELFClass32},
		{"x86-64", elfHeader(elf.ELFCLASS64, elf.EM_X86_64, elf.ET_EXEC, seg, code), ErrWrongMachine},
		{"object file", elfHeader(elf.ELFCLASS64, elf.EM_RISCV, elf.ET_REL, seg, code), ErrNotExec},
		{"truncated", hello[:len(hello)/3], ErrTruncated},
		{"header cut", hello[:40], ErrTruncated},
		{"segment beyond file", elfHeader(elf.ELFCLASS64, elf.EM_RISCV, elf.ET_EXEC, bigFile, code), ErrTruncated},
		{"file size over mem size", elfHeader(elf.ELFCLASS64, elf.EM_RISCV, elf.ET_EXEC, fileOverMem, code), ErrTruncated},
		{"wraps", elfHeader(elf.ELFCLASS64, elf.EM_RISCV, elf.ET_EXEC, wrap, code), ErrOutsideRAM},
		{"no PT_LOAD", elfHeader(elf.ELFCLASS64, elf.EM_RISCV, elf.ET_EXEC, noLoad, code), ErrNoSegments},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseELF("prog.elf", tt.data)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			var le *LoadError
			if !errors.As(err, &le) || le.File != "prog.elf" || !strings.HasPrefix(err.Error(), "prog.elf: ") {
				t.Errorf("error %q does not name the file", err)
			}
		})
	}
}

func TestRawImage(t *testing.T) {
	if _, err := RawImage("empty.bin", nil, RAMBase); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty raw image: %v", err)
	}
	if _, err := RawImage("wrap.bin", []byte{1, 2}, ^uint64(0)); !errors.Is(err, ErrOutsideRAM) {
		t.Errorf("wrapping raw image: %v", err)
	}
	img, err := RawImage("x.bin", []byte{1, 2, 3, 4}, RAMBase+0x100)
	if err != nil || img.Entry != RAMBase+0x100 || img.Symbols.Len() != 0 {
		t.Errorf("raw image %+v, %v", img, err)
	}
}

func FuzzParseELF(f *testing.F) {
	for _, name := range []string{"testdata/hello.elf", "testdata/htif.elf"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add(elfHeader(elf.ELFCLASS64, elf.EM_RISCV, elf.ET_EXEC, goodSeg(), []byte{0x6f, 0, 0, 0}))
	f.Fuzz(func(t *testing.T, data []byte) {
		img, err := ParseELF("fuzz.elf", data)
		if err != nil {
			var le *LoadError
			if !errors.As(err, &le) || le.File != "fuzz.elf" {
				t.Fatalf("error without file name: %v", err)
			}
			return
		}
		for i, s := range img.Segments {
			if uint64(len(s.Data)) > s.MemSize || s.Addr+s.MemSize < s.Addr {
				t.Fatalf("segment %d inconsistent: %d bytes, memsz %d at %#x", i, len(s.Data), s.MemSize, s.Addr)
			}
		}
		// Symbol lookups never panic.
		img.Symbols.At(img.Entry)
		img.Symbols.Near(0)
	})
}
