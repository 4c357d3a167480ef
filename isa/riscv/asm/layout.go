package asm

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// codePad returns the bytes gas puts into a code alignment gap when not
// relaxing: a zero byte if the gap is odd, then a c.nop if needed to reach
// 4-byte granularity, then 4-byte nops.
func codePad(n uint64) []byte {
	out := make([]byte, 0, n)
	if n%2 == 1 {
		out = append(out, 0)
		n--
	}
	if n%4 == 2 {
		out = append(out, 0x01, 0x00)
		n -= 2
	}
	for ; n >= 4; n -= 4 {
		out = append(out, 0x13, 0, 0, 0)
	}
	return out
}

func (it *item) padding(off uint64) uint64 {
	if it.noop {
		return 0
	}
	pad := (it.align - off%it.align) % it.align
	if it.maxPad > 0 && pad > it.maxPad {
		return 0
	}
	return pad
}

// layoutSection assigns offsets inside one input section.
func layoutSection(s *inSection) {
	var off uint64
	for _, it := range s.items {
		it.off = off
		switch it.kind {
		case itInst:
			it.size = 0
			for _, p := range it.parts {
				it.size += uint64(p.size)
			}
		case itData:
			it.size = uint64(len(it.data))
		case itSpace:
			it.size = it.n
		case itAlign:
			it.size = it.padding(off)
		case itRelax:
			it.size = uint64(it.rx.length)
		}
		off += it.size
	}
	if s.out == outText {
		// gas pads the end of a code section to the section's alignment.
		off += (s.align - off%s.align) % s.align
	}
	s.size = off
}

// labelOff is a label's offset inside its section.
func (s *symbol) labelOff() uint64 {
	if s.idx < len(s.sec.items) {
		return s.sec.items[s.idx].off
	}
	var end uint64
	if n := len(s.sec.items); n > 0 {
		last := s.sec.items[n-1]
		end = last.off + last.size
	}
	return end
}

// relaxLength is gas's relaxed_branch_length: the size of a branch or jump
// to a label given the current layout.
func (a *assembler) relaxLength(s *inSection, it *item) int {
	rx := it.rx
	length := 8
	if rx.jump {
		length = 4
	}
	name, add, ok := symAddend(rx.target)
	if !ok {
		return length
	}
	sym, ok := a.syms[name]
	if !ok || !sym.defined || sym.kind != symLabel || sym.sec != s {
		return length
	}
	val := int64(sym.labelOff()) + add - int64(it.off)
	rvcRange, rvcHalf := int64(512), int64(256)
	if rx.jump {
		rvcRange, rvcHalf = 4096, 2048
	}
	switch {
	case rx.cOK && uint64(val+rvcHalf) < uint64(rvcRange):
		return 2
	case uint64(val+4096) < 8192:
		return 4
	case !rx.jump && rx.cOK:
		return 6
	}
	return length
}

func (a *assembler) layout() {
	for iter := 0; iter < 200; iter++ {
		for _, s := range a.secs {
			layoutSection(s)
		}
		changed := false
		for _, s := range a.secs {
			for _, it := range s.items {
				if it.kind != itRelax {
					continue
				}
				n := a.relaxLength(s, it)
				if iter > 100 && n < it.rx.length {
					// Guarantee termination: after many rounds only grow.
					continue
				}
				if n != it.rx.length {
					it.rx.length = n
					changed = true
				}
			}
		}
		if !changed {
			break
		}
	}
	for _, s := range a.secs {
		layoutSection(s)
	}
}

// link places the sections, resolves every symbol and fixup and builds
// the Program.
func (a *assembler) link() *Program {
	addr := a.opt.TextBase
	p := &Program{File: a.file}
	for k := outText; k <= outBss; k++ {
		var out *Section
		placed := func(s *inSection) bool {
			if s.out != k || strings.HasPrefix(s.name, "\x04") {
				return false
			}
			return s.size != 0 || len(s.items) != 0 || s.name == outNames[k]
		}
		// ld aligns an output section to the largest alignment of its
		// inputs, even when the first input (an empty .data) needs less.
		var maxAlign uint64 = 1
		for _, s := range a.secs {
			if placed(s) && s.align > maxAlign {
				maxAlign = s.align
			}
		}
		addr = alignUp(addr, maxAlign)
		for _, s := range a.secs {
			if !placed(s) {
				continue
			}
			addr = alignUp(addr, s.align)
			s.addr = addr
			if out == nil {
				out = &Section{Name: outNames[k], Addr: addr, Align: s.align, Exec: k == outText,
					Write: k == outData || k == outBss, NoBits: k == outBss}
			}
			if s.align > out.Align {
				out.Align = s.align
			}
			addr += s.size
			out.Size = addr - out.Addr
		}
		if out != nil && out.Size > 0 {
			if !out.NoBits {
				out.Data = make([]byte, out.Size)
			}
			p.Sections = append(p.Sections, out)
		}
	}
	// Record where every %pcrel_hi lives, for %pcrel_lo(label).
	a.pcrelHi = map[uint64]*part{}
	a.pcrelPC = map[*part]uint64{}
	for _, s := range a.secs {
		for _, it := range s.items {
			pc := s.addr + it.off
			for i := range it.parts {
				pt := &it.parts[i]
				if pt.fix == fxU && pt.e.reloc() == "pcrel_hi" {
					a.pcrelHi[pc] = pt
					a.pcrelPC[pt] = pc
				}
				pc += uint64(pt.size)
			}
		}
	}
	for _, s := range a.secs {
		if strings.HasPrefix(s.name, "\x04") || (s.size == 0 && len(s.items) == 0) {
			// Dropped, or empty and so never placed (its addr is unset).
			continue
		}
		var out *Section
		for _, o := range p.Sections {
			if o.Name == outNames[s.out] {
				out = o
			}
		}
		if out == nil {
			continue
		}
		for _, it := range s.items {
			a.st = it.st
			a.emitItem(s, it, out)
		}
		if out.Data != nil && s.out == outText {
			// End-of-section padding.
			var end uint64
			if n := len(s.items); n > 0 {
				end = s.items[n-1].off + s.items[n-1].size
			}
			if !a.opts.relax {
				copy(out.Data[s.addr-out.Addr+end:], codePad(s.size-end))
			}
		}
	}
	p.RVC = a.usedC
	a.symbols(p)
	return p
}

func alignUp(v, a uint64) uint64 {
	if a <= 1 {
		return v
	}
	return (v + a - 1) / a * a
}

func (a *assembler) emitItem(s *inSection, it *item, out *Section) {
	base := s.addr + it.off
	var buf []byte
	if out.Data != nil {
		buf = out.Data[base-out.Addr : base-out.Addr+it.size]
	}
	switch it.kind {
	case itInst:
		pc := base
		off := 0
		var prevPC uint64
		for i := range it.parts {
			pt := &it.parts[i]
			w, ok := a.resolve(pt, pc, prevPC)
			if ok && buf != nil {
				putN(buf[off:], pt.size, uint64(w))
			}
			prevPC = pc
			pc += uint64(pt.size)
			off += pt.size
		}
	case itData:
		copy(buf, it.data)
		for _, f := range it.dfix {
			v, err := a.eval(f.e, base+uint64(f.off))
			if err != nil {
				a.report(err)
				continue
			}
			a.checkTruncation(f.col, f.width, v)
			putN(buf[f.off:], f.width, uint64(v))
		}
	case itAlign:
		if buf == nil {
			return
		}
		if it.fill < 0 {
			// gas quirk: when .option relax is on at the end of the file,
			// alignments written under norelax are filled with zeros.
			if !it.relax && a.opts.relax {
				return
			}
			copy(buf, codePad(it.size))
		} else {
			for i := range buf {
				buf[i] = byte(it.fill)
			}
		}
	case itRelax:
		a.emitRelax(it, base, buf)
	}
}

// resolve computes the final word of a part.
func (a *assembler) resolve(pt *part, pc, prevPC uint64) (uint32, bool) {
	if pt.fix == fxNone {
		return pt.bits, true
	}
	var v int64
	var err error
	switch pt.e.reloc() {
	case "hi":
		v, err = a.eval(pt.e.x, pc)
		if err == nil && (v+0x800 < -(1<<31) || v+0x800 >= 1<<31) {
			a.errorf(pt.col, "%%hi: address 0x%x is out of reach of lui on RV64 (lui sign-extends; it reaches ±2 GiB around 0): use la or lla", v)
			return 0, false
		}
		v = hi20(v)
	case "lo":
		v, err = a.eval(pt.e.x, pc)
		v = lo12(v)
	case "pcrel_hi":
		v, err = a.eval(pt.e.x, pc)
		v = hi20(v - int64(pc))
	case "pcrel_lo":
		var at int64
		at, err = a.eval(pt.e.x, pc)
		if err == nil {
			hi, ok := a.pcrelHi[uint64(at)]
			if !ok {
				a.errorf(pt.col, "%%pcrel_lo needs the label of an auipc with %%pcrel_hi; none at 0x%x", at)
				return 0, false
			}
			var t int64
			t, err = a.eval(hi.e.x, uint64(at))
			v = lo12(t - at)
		}
	default:
		v, err = a.eval(pt.e, pc)
	}
	if err != nil {
		a.report(err)
		return 0, false
	}
	w := pt.bits
	switch pt.fix {
	case fxI:
		if pt.e.reloc() == "" && (v < -2048 || v > 2047) {
			a.errorf(pt.col, "immediate %d out of range (-2048..2047)", v)
			return 0, false
		}
		w |= uint32(v&0xfff) << 20
	case fxS:
		if pt.e.reloc() == "" && (v < -2048 || v > 2047) {
			a.errorf(pt.col, "immediate %d out of range (-2048..2047)", v)
			return 0, false
		}
		w |= encS(v)
	case fxU:
		if pt.e.reloc() == "" && (v < 0 || v > 0xfffff) {
			a.errorf(pt.col, "immediate %d out of range (0..1048575)", v)
			return 0, false
		}
		w |= uint32(v&0xfffff) << 12
	case fxLoPrevI, fxLoPrevS:
		t := v - int64(prevPC)
		if t != int64(int32(t)) {
			a.errorf(pt.col, "target 0x%x is out of the ±2 GiB reach of auipc", v)
			return 0, false
		}
		if pt.fix == fxLoPrevI {
			w |= uint32(lo12(t)&0xfff) << 20
		} else {
			w |= encS(lo12(t))
		}
	case fxB, fxJ, fxCB, fxCJ:
		off := v - int64(pc)
		lim := map[fixKind]int64{fxB: 4096, fxJ: 1 << 20, fxCB: 256, fxCJ: 2048}[pt.fix]
		if off < -lim || off >= lim || off%2 != 0 {
			a.errorf(pt.col, "target 0x%x out of reach of this %s (offset %d, range -%d..%d)", v, map[fixKind]string{fxB: "branch", fxJ: "jump", fxCB: "compressed branch", fxCJ: "compressed jump"}[pt.fix], off, lim, lim-2)
			return 0, false
		}
		switch pt.fix {
		case fxB:
			w |= encB(off)
		case fxJ:
			w |= encJ(off)
		case fxCB:
			w |= uint32(encCB(off))
		case fxCJ:
			w |= uint32(encCJ(off))
		}
	}
	return w, true
}

func (a *assembler) emitRelax(it *item, pc uint64, buf []byte) {
	rx := it.rx
	t, err := a.eval(rx.target, pc)
	if err != nil {
		a.report(err)
		return
	}
	off := t - int64(pc)
	if buf == nil {
		return
	}
	check := func(o, lim int64, what string) bool {
		if o < -lim || o >= lim {
			a.errorf(it.col, "target 0x%x out of reach of this %s (offset %d)", t, what, o)
			return false
		}
		return true
	}
	switch rx.length {
	case 2:
		if rx.jump {
			binary.LittleEndian.PutUint16(buf, 0xa001|encCJ(off))
		} else {
			base := uint16(0xc001)
			if rx.word>>12&7 == 1 {
				base = 0xe001
			}
			binary.LittleEndian.PutUint16(buf, base|cr(rx.rs1)<<7|encCB(off))
		}
		a.usedC = true
	case 4:
		if rx.jump {
			if !check(off, 1<<20, "jump") {
				return
			}
			binary.LittleEndian.PutUint32(buf, rx.word|encJ(off))
		} else {
			binary.LittleEndian.PutUint32(buf, rx.word|encB(off))
		}
	case 6:
		// Inverted c.beqz/c.bnez over a jal.
		base := uint16(0xe001)
		if rx.word>>12&7 == 1 {
			base = 0xc001
		}
		binary.LittleEndian.PutUint16(buf, base|cr(rx.rs1)<<7|encCB(6))
		if !check(off-2, 1<<20, "branch") {
			return
		}
		binary.LittleEndian.PutUint32(buf[2:], 0x6f|encJ(off-2))
		a.usedC = true
	case 8:
		binary.LittleEndian.PutUint32(buf, (rx.word^0x1000)|encB(8))
		if !check(off-4, 1<<20, "branch") {
			return
		}
		binary.LittleEndian.PutUint32(buf[4:], 0x6f|encJ(off-4))
	}
}

// eval computes an expression after layout; dot is the address of the
// statement.
func (a *assembler) eval(e *expr, dot uint64) (int64, error) {
	switch e.op {
	case 'n':
		return e.val, nil
	case '.':
		return int64(dot), nil
	case 's':
		return a.symValue(e.name, e.col)
	case 'u':
		x, err := a.eval(e.x, dot)
		if err != nil {
			return 0, err
		}
		return unop(e.name, x), nil
	case 'b':
		x, err := a.eval(e.x, dot)
		if err != nil {
			return 0, err
		}
		y, err := a.eval(e.y, dot)
		if err != nil {
			return 0, err
		}
		return a.binop(e, x, y)
	case 'r':
		return 0, errAt(e.col, "%%%s is not allowed here", e.name)
	}
	return 0, errAt(e.col, "bad expression")
}

func (a *assembler) symValue(name string, col int) (int64, error) {
	if strings.HasPrefix(name, "\x03") {
		// A "." captured in an assignment.
		parts := strings.Split(name, "\x03")
		sec := a.secByNm[parts[1]]
		var idx int
		fmt.Sscanf(parts[2], "%d", &idx)
		s := &symbol{sec: sec, idx: idx}
		return int64(sec.addr + s.labelOff()), nil
	}
	s, ok := a.syms[name]
	if !ok || !s.defined {
		if v, ok := a.external(name); ok {
			return v, nil
		}
		if strings.IndexByte(name, 2) >= 0 {
			return 0, errAt(col, "undefined numeric label '%s' (no matching '%s:' in that direction)", displayName(name), displayName(name))
		}
		if looksLikeRegister(name) {
			return 0, errAt(col, "undefined symbol '%s' (not a register: registers are x0..x31 and f0..f31)", name)
		}
		return 0, errAt(col, "undefined symbol '%s'", name)
	}
	if s.kind == symLabel {
		return int64(s.sec.addr + s.labelOff()), nil
	}
	if s.isConst {
		return s.cval, nil
	}
	if s.busy {
		return 0, errAt(col, "symbol '%s' is defined in terms of itself", name)
	}
	if s.failed {
		return 0, errReported
	}
	s.busy = true
	defer func() { s.busy = false }()
	v, err := a.eval(s.e, 0)
	if err != nil {
		// The fault is in the symbol's definition: report it there, once,
		// rather than at every use with a column of another line.
		s.failed = true
		var pe *posErr
		if errors.As(err, &pe) {
			if pe != errReported {
				a.addErr(s.st, pe.col, pe.msg)
			}
		} else {
			a.addErr(s.st, s.col, err.Error())
		}
		return 0, errReported
	}
	return v, nil
}

func (a *assembler) symbols(p *Program) {
	for _, name := range a.symOrd {
		s := a.syms[name]
		if !s.defined || strings.IndexByte(name, 2) >= 0 || strings.HasPrefix(name, "\x03") {
			continue
		}
		v, err := a.symValue(name, s.col)
		if err != nil {
			a.st = s.st
			a.report(err)
			continue
		}
		sym := Symbol{Name: name, Value: uint64(v), Global: s.global, Func: s.typ == "function", Object: s.typ == "object"}
		if s.kind == symLabel {
			if strings.HasPrefix(s.sec.name, "\x04") {
				continue
			}
			sym.Section = outNames[s.sec.out]
		}
		if s.sizeE != nil {
			if n, err := a.eval(s.sizeE, 0); err == nil {
				sym.Size = uint64(n)
			}
		}
		p.Symbols = append(p.Symbols, sym)
	}
	sortSymbols(p.Symbols)
	if v, ok := p.Lookup("_start"); ok {
		p.Entry = v
	} else if t := p.Section(".text"); t != nil {
		p.Entry = t.Addr
	} else {
		p.Entry = a.opt.TextBase
	}
	for _, s := range a.secs {
		if s.out != outText || strings.HasPrefix(s.name, "\x04") {
			continue
		}
		for _, it := range s.items {
			if (it.kind == itInst || it.kind == itRelax) && it.st != nil {
				p.Lines = append(p.Lines, LineEntry{Addr: s.addr + it.off, Line: it.st.line})
			}
		}
	}
	sort.SliceStable(p.Lines, func(i, j int) bool { return p.Lines[i].Addr < p.Lines[j].Addr })
}

// looksLikeRegister reports whether an undefined name was probably meant as
// a register (x32, f40): the parser takes it for a symbol, so the error
// would otherwise not mention registers at all.
func looksLikeRegister(name string) bool {
	return len(name) > 1 && (name[0] == 'x' || name[0] == 'f') && allDigits(name[1:])
}
