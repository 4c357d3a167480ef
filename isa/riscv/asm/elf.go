package asm

import (
	"bytes"
	"encoding/binary"
	"io"
	"path/filepath"
)

// ELF constants used by the writer (debug/elf has them as typed values;
// plain numbers keep the byte layout obvious).
const (
	etExec      = 2
	emRISCV     = 243
	efRVC       = 0x1
	ptLoad      = 1
	pfX         = 1
	pfW         = 2
	pfR         = 4
	shtProgbits = 1
	shtSymtab   = 2
	shtStrtab   = 3
	shtNobits   = 8
	shfWrite    = 1
	shfAlloc    = 2
	shfExec     = 4
	shnAbs      = 0xfff1
	pageSize    = 0x1000
)

type shdr struct {
	name             uint32
	typ              uint32
	flags, addr, off uint64
	size             uint64
	link, info       uint32
	align, entsize   uint64
	data             []byte
	nameStr          string
}

// WriteELF writes the program as a static RISC-V ELF64 executable: one
// PT_LOAD per loaded section, a symbol table, and DWARF line information
// (.debug_line with a minimal .debug_info compile unit) mapping every
// instruction to its line in the .s file.
func (p *Program) WriteELF(w io.Writer) error {
	var secs []*shdr
	secIndex := map[string]int{}
	for _, s := range p.Sections {
		h := &shdr{nameStr: s.Name, typ: shtProgbits, flags: shfAlloc, addr: s.Addr, size: s.Size, align: s.Align, data: s.Data}
		if s.Exec {
			h.flags |= shfExec
		}
		if s.Write {
			h.flags |= shfWrite
		}
		if s.NoBits {
			h.typ = shtNobits
		}
		secs = append(secs, h)
		secIndex[s.Name] = len(secs) // index 0 is the null section
	}
	abbrev, info, line := p.dwarf()
	secs = append(secs,
		&shdr{nameStr: ".debug_abbrev", typ: shtProgbits, align: 1, data: abbrev},
		&shdr{nameStr: ".debug_info", typ: shtProgbits, align: 1, data: info},
		&shdr{nameStr: ".debug_line", typ: shtProgbits, align: 1, data: line},
	)
	// Symbol table: locals first, as ELF requires.
	var strtab bytes.Buffer
	strtab.WriteByte(0)
	var symtab bytes.Buffer
	symtab.Write(make([]byte, 24))
	nLocal := 1
	for pass := 0; pass < 2; pass++ {
		for _, s := range p.Symbols {
			if s.Global != (pass == 1) {
				continue
			}
			nameOff := uint32(strtab.Len())
			strtab.WriteString(s.Name)
			strtab.WriteByte(0)
			bind := byte(0)
			if s.Global {
				bind = 1
			}
			typ := byte(0)
			switch {
			case s.Func:
				typ = 2
			case s.Object:
				typ = 1
			}
			shndx := uint16(shnAbs)
			if i, ok := secIndex[s.Section]; ok {
				shndx = uint16(i)
			}
			var e [24]byte
			binary.LittleEndian.PutUint32(e[0:], nameOff)
			e[4] = bind<<4 | typ
			binary.LittleEndian.PutUint16(e[6:], shndx)
			binary.LittleEndian.PutUint64(e[8:], s.Value)
			binary.LittleEndian.PutUint64(e[16:], s.Size)
			symtab.Write(e[:])
			if pass == 0 {
				nLocal++
			}
		}
	}
	symIdx := len(secs) + 1
	secs = append(secs,
		&shdr{nameStr: ".symtab", typ: shtSymtab, align: 8, entsize: 24, data: symtab.Bytes(), link: uint32(symIdx + 1), info: uint32(nLocal)},
		&shdr{nameStr: ".strtab", typ: shtStrtab, align: 1, data: strtab.Bytes()},
	)
	var shstr bytes.Buffer
	shstr.WriteByte(0)
	shstrSec := &shdr{nameStr: ".shstrtab", typ: shtStrtab, align: 1}
	secs = append(secs, shstrSec)
	for _, h := range secs {
		h.name = uint32(shstr.Len())
		shstr.WriteString(h.nameStr)
		shstr.WriteByte(0)
	}
	shstrSec.data = shstr.Bytes()

	// File layout: header, program headers, then section contents. A loaded
	// section's offset is congruent to its address modulo the page size.
	var loads []*shdr
	for _, h := range secs {
		if h.flags&shfAlloc != 0 {
			loads = append(loads, h)
		}
	}
	off := uint64(64 + 56*len(loads))
	for _, h := range secs {
		if h.flags&shfAlloc != 0 {
			want := h.addr % pageSize
			if off%pageSize != want {
				off = off - off%pageSize + want
				if off < 64+56*uint64(len(loads)) {
					off += pageSize
				}
			}
		} else if h.align > 1 {
			off = alignUp(off, h.align)
		}
		h.off = off
		if h.typ != shtNobits {
			if h.data != nil {
				h.size = uint64(len(h.data))
			}
			off += h.size
		}
	}
	shoff := alignUp(off, 8)

	var b bytes.Buffer
	le := binary.LittleEndian
	hdr := make([]byte, 64)
	copy(hdr, []byte{0x7f, 'E', 'L', 'F', 2, 1, 1, 0})
	le.PutUint16(hdr[16:], etExec)
	le.PutUint16(hdr[18:], emRISCV)
	le.PutUint32(hdr[20:], 1)
	le.PutUint64(hdr[24:], p.Entry)
	le.PutUint64(hdr[32:], 64)
	le.PutUint64(hdr[40:], shoff)
	flags := uint32(0)
	if p.RVC {
		flags |= efRVC
	}
	le.PutUint32(hdr[48:], flags)
	le.PutUint16(hdr[52:], 64)
	le.PutUint16(hdr[54:], 56)
	le.PutUint16(hdr[56:], uint16(len(loads)))
	le.PutUint16(hdr[58:], 64)
	le.PutUint16(hdr[60:], uint16(len(secs)+1))
	le.PutUint16(hdr[62:], uint16(len(secs)))
	b.Write(hdr)
	for _, h := range loads {
		ph := make([]byte, 56)
		le.PutUint32(ph[0:], ptLoad)
		fl := uint32(pfR)
		if h.flags&shfExec != 0 {
			fl |= pfX
		}
		if h.flags&shfWrite != 0 {
			fl |= pfW
		}
		le.PutUint32(ph[4:], fl)
		le.PutUint64(ph[8:], h.off)
		le.PutUint64(ph[16:], h.addr)
		le.PutUint64(ph[24:], h.addr)
		if h.typ != shtNobits {
			le.PutUint64(ph[32:], h.size)
		}
		le.PutUint64(ph[40:], h.size)
		le.PutUint64(ph[48:], pageSize)
		b.Write(ph)
	}
	for _, h := range secs {
		if h.typ == shtNobits {
			continue
		}
		if pad := int(h.off) - b.Len(); pad > 0 {
			b.Write(make([]byte, pad))
		}
		b.Write(h.data)
	}
	if pad := int(shoff) - b.Len(); pad > 0 {
		b.Write(make([]byte, pad))
	}
	b.Write(make([]byte, 64)) // null section header
	for _, h := range secs {
		sh := make([]byte, 64)
		le.PutUint32(sh[0:], h.name)
		le.PutUint32(sh[4:], h.typ)
		le.PutUint64(sh[8:], h.flags)
		le.PutUint64(sh[16:], h.addr)
		le.PutUint64(sh[24:], h.off)
		le.PutUint64(sh[32:], h.size)
		le.PutUint32(sh[40:], h.link)
		le.PutUint32(sh[44:], h.info)
		le.PutUint64(sh[48:], h.align)
		le.PutUint64(sh[56:], h.entsize)
		b.Write(sh)
	}
	_, err := w.Write(b.Bytes())
	return err
}

func uleb(b *bytes.Buffer, v uint64) {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if v != 0 {
			b.WriteByte(c | 0x80)
			continue
		}
		b.WriteByte(c)
		return
	}
}

func sleb(b *bytes.Buffer, v int64) {
	for {
		c := byte(v & 0x7f)
		v >>= 7
		if (v == 0 && c&0x40 == 0) || (v == -1 && c&0x40 != 0) {
			b.WriteByte(c)
			return
		}
		b.WriteByte(c | 0x80)
	}
}

// dwarf builds DWARF 4 .debug_abbrev, .debug_info and .debug_line.
func (p *Program) dwarf() (abbrev, info, line []byte) {
	le := binary.LittleEndian
	var ab bytes.Buffer
	ab.Write([]byte{1, 0x11, 0}) // abbrev 1: DW_TAG_compile_unit, no children
	for _, a := range [][2]byte{{0x10, 0x17}, {0x11, 0x01}, {0x12, 0x07}, {0x03, 0x08}, {0x1b, 0x08}, {0x25, 0x08}, {0x13, 0x05}} {
		ab.Write(a[:])
	}
	ab.Write([]byte{0, 0, 0})

	var lo, hi uint64
	if t := p.Section(".text"); t != nil {
		lo, hi = t.Addr, t.Addr+t.Size
	}
	name := filepath.Base(p.File)
	dir := filepath.Dir(p.File)
	var in bytes.Buffer
	in.Write([]byte{0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 8})
	in.WriteByte(1)
	in.Write([]byte{0, 0, 0, 0}) // stmt_list: offset 0 in .debug_line
	var u [8]byte
	le.PutUint64(u[:], lo)
	in.Write(u[:])
	le.PutUint64(u[:], hi-lo)
	in.Write(u[:])
	in.WriteString(name)
	in.WriteByte(0)
	in.WriteString(dir)
	in.WriteByte(0)
	in.WriteString("vmcore asm")
	in.WriteByte(0)
	in.Write([]byte{0x01, 0x80}) // DW_LANG_Mips_Assembler
	info = in.Bytes()
	le.PutUint32(info[0:], uint32(len(info)-4))

	var hdr bytes.Buffer
	hdr.Write([]byte{1, 1, 1, 0xfb, 14, 13})
	hdr.Write([]byte{0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1})
	hdr.WriteByte(0) // no include directories
	hdr.WriteString(name)
	hdr.Write([]byte{0, 0, 0, 0})
	hdr.WriteByte(0)

	var prog bytes.Buffer
	if len(p.Lines) > 0 {
		prog.Write([]byte{0, 9, 2})
		le.PutUint64(u[:], p.Lines[0].Addr)
		prog.Write(u[:])
		addr, ln := p.Lines[0].Addr, 1
		for _, e := range p.Lines {
			if e.Line != ln {
				prog.WriteByte(3)
				sleb(&prog, int64(e.Line-ln))
				ln = e.Line
			}
			if e.Addr != addr {
				prog.WriteByte(2)
				uleb(&prog, e.Addr-addr)
				addr = e.Addr
			}
			prog.WriteByte(1)
		}
		if hi > addr {
			prog.WriteByte(2)
			uleb(&prog, hi-addr)
		}
		prog.Write([]byte{0, 1, 1})
	}
	var l bytes.Buffer
	l.Write([]byte{0, 0, 0, 0, 4, 0})
	le.PutUint32(u[:4], uint32(hdr.Len()))
	l.Write(u[:4])
	l.Write(hdr.Bytes())
	l.Write(prog.Bytes())
	line = l.Bytes()
	le.PutUint32(line[0:], uint32(len(line)-4))
	return ab.Bytes(), info, line
}
