package machine

import (
	"bytes"
	"debug/elf"
	"errors"
	"fmt"
)

// Load errors; a *LoadError wraps one of them, so callers can test with
// errors.Is.
var (
	ErrNotELF       = errors.New("not an ELF file")
	ErrELFClass32   = errors.New("32-bit ELF (ELFCLASS32); vmcore runs RV64 programs")
	ErrWrongMachine = errors.New("not a RISC-V ELF")
	ErrNotExec      = errors.New("not an executable")
	ErrTruncated    = errors.New("truncated or malformed ELF")
	ErrNoSegments   = errors.New("no loadable segments")
	ErrOutsideRAM   = errors.New("segment outside RAM")
	ErrEmpty        = errors.New("empty program")
)

// LoadError says which file could not be loaded, and why.
type LoadError struct {
	File   string
	Err    error  // one of the Err* values above
	Detail string // where: a segment, an offset, the underlying error
}

// Error renders "file: problem: detail".
func (e *LoadError) Error() string {
	if e.Detail == "" {
		return e.File + ": " + e.Err.Error()
	}
	return e.File + ": " + e.Err.Error() + ": " + e.Detail
}

// Unwrap makes errors.Is(err, ErrNotELF) work.
func (e *LoadError) Unwrap() error { return e.Err }

// Segment is a piece of a program placed at a physical address: Data is
// copied there and the rest, up to MemSize, is zero-filled (.bss).
type Segment struct {
	Addr    uint64
	Data    []byte
	MemSize uint64
	Exec    bool
}

// Section is an ELF section holding code, kept for the disassembler.
type Section struct {
	Name string
	Addr uint64
	Data []byte
}

// Image is a program ready to be placed in a machine.
type Image struct {
	Name     string // file name, for messages
	Entry    uint64
	Segments []Segment
	// Code lists the executable sections (from the section headers; from
	// executable segments when a stripped file has none).
	Code    []Section
	Symbols *Symbols
	// Tohost/Fromhost are the HTIF doublewords, when the ELF has the
	// symbols (riscv-tests, Spike-style programs).
	Tohost, Fromhost       uint64
	HasTohost, HasFromhost bool

	// Boot marks an image assembled by BootImage (firmware, kernel,
	// initrd); Next is then the kernel's entry, which the boot ROM hands
	// to the firmware in fw_dynamic_info (0 without a kernel, as QEMU).
	Boot bool
	Next uint64
	// InitrdStart..InitrdEnd is the initial ramdisk's place in RAM,
	// which the DTB's /chosen names; empty when there is none.
	InitrdStart, InitrdEnd uint64
}

// ParseELF reads an RV64 little-endian executable. It never panics on bad
// input: every problem is a *LoadError naming the file.
func ParseELF(name string, data []byte) (img *Image, err error) {
	fail := func(e error, format string, a ...any) (*Image, error) {
		return nil, &LoadError{File: name, Err: e, Detail: fmt.Sprintf(format, a...)}
	}
	if len(data) < 4 || !bytes.Equal(data[:4], []byte(elf.ELFMAG)) {
		return fail(ErrNotELF, "")
	}
	if len(data) < elf.EI_NIDENT {
		return fail(ErrTruncated, "file is %d bytes, shorter than the ELF identification", len(data))
	}
	switch elf.Class(data[elf.EI_CLASS]) {
	case elf.ELFCLASS64:
	case elf.ELFCLASS32:
		return fail(ErrELFClass32, "")
	default:
		return fail(ErrTruncated, "unknown ELF class %d", data[elf.EI_CLASS])
	}
	if elf.Data(data[elf.EI_DATA]) != elf.ELFDATA2LSB {
		return fail(ErrWrongMachine, "not little-endian (%v)", elf.Data(data[elf.EI_DATA]))
	}
	// debug/elf is robust, but a program loader must not crash vmcore on
	// a hostile file: turn any panic into an error.
	defer func() {
		if r := recover(); r != nil {
			img, err = fail(ErrTruncated, "%v", r)
		}
	}()
	f, err := elf.NewFile(bytes.NewReader(data))
	if err != nil {
		return fail(ErrTruncated, "%v", err)
	}
	if f.Machine != elf.EM_RISCV {
		return fail(ErrWrongMachine, "machine is %v", f.Machine)
	}
	if f.Type != elf.ET_EXEC {
		return fail(ErrNotExec, "ELF type is %v; link the program into an executable", f.Type)
	}
	img = &Image{Name: name, Entry: f.Entry}
	for i, p := range f.Progs {
		if p.Type != elf.PT_LOAD || p.Memsz == 0 {
			continue
		}
		if p.Filesz > p.Memsz {
			return fail(ErrTruncated, "segment %d: file size %#x exceeds memory size %#x", i, p.Filesz, p.Memsz)
		}
		if p.Paddr+p.Memsz < p.Paddr {
			return fail(ErrOutsideRAM, "segment %d at %#x size %#x wraps the address space", i, p.Paddr, p.Memsz)
		}
		if p.Off > uint64(len(data)) || p.Filesz > uint64(len(data))-p.Off {
			return fail(ErrTruncated, "segment %d: file bytes %#x..%#x beyond the end of the %d-byte file",
				i, p.Off, p.Off+p.Filesz, len(data))
		}
		img.Segments = append(img.Segments, Segment{
			Addr:    p.Paddr,
			Data:    data[p.Off : p.Off+p.Filesz : p.Off+p.Filesz],
			MemSize: p.Memsz,
			Exec:    p.Flags&elf.PF_X != 0,
		})
	}
	if len(img.Segments) == 0 {
		return fail(ErrNoSegments, "")
	}
	for _, s := range f.Sections {
		if s.Type != elf.SHT_PROGBITS || s.Flags&elf.SHF_EXECINSTR == 0 || s.Size == 0 {
			continue
		}
		if s.Offset > uint64(len(data)) || s.Size > uint64(len(data))-s.Offset {
			return fail(ErrTruncated, "section %s beyond the end of the file", s.Name)
		}
		img.Code = append(img.Code, Section{Name: s.Name, Addr: s.Addr, Data: data[s.Offset : s.Offset+s.Size]})
	}
	if len(img.Code) == 0 {
		for i, s := range img.Segments {
			if s.Exec {
				img.Code = append(img.Code, Section{Name: fmt.Sprintf("segment%d", i), Addr: s.Addr, Data: s.Data})
			}
		}
	}
	img.Symbols = symbolsFromELF(f)
	if s, ok := img.Symbols.Lookup("tohost"); ok {
		img.Tohost, img.HasTohost = s.Addr, true
	}
	if s, ok := img.Symbols.Lookup("fromhost"); ok {
		img.Fromhost, img.HasFromhost = s.Addr, true
	}
	return img, nil
}

// RawImage makes an image of a flat binary loaded at addr and entered
// there.
func RawImage(name string, data []byte, addr uint64) (*Image, error) {
	if len(data) == 0 {
		return nil, &LoadError{File: name, Err: ErrEmpty}
	}
	if addr+uint64(len(data)) < addr {
		return nil, &LoadError{File: name, Err: ErrOutsideRAM,
			Detail: fmt.Sprintf("%d bytes at %#x wrap the address space", len(data), addr)}
	}
	return &Image{
		Name:     name,
		Entry:    addr,
		Segments: []Segment{{Addr: addr, Data: data, MemSize: uint64(len(data)), Exec: true}},
		Code:     []Section{{Name: "raw", Addr: addr, Data: data}},
		Symbols:  NewSymbols(nil),
	}, nil
}

// IsELF reports whether data starts with the ELF magic.
func IsELF(data []byte) bool { return len(data) >= 4 && bytes.Equal(data[:4], []byte(elf.ELFMAG)) }
