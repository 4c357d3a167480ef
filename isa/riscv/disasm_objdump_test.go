package riscv

import (
	"bufio"
	"bytes"
	"debug/elf"
	"encoding/binary"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// This file holds the machinery that compares Disasm with GNU objdump's
// output for a whole ELF: an objdump-compatible symbolizer (a port of
// objdump's compare_symbols / find_symbol_for_address rules) and a parser
// for objdump -d output.

// objSym is one symbol as objdump's sorted_syms holds it.
type objSym struct {
	name    string
	value   uint64
	size    uint64
	section string // section name, "*ABS*" for absolute symbols
	typ     elf.SymType
	bind    elf.SymBind
}

// objSymbolizer answers objdump's "which symbol names this address"
// question for addresses printed while disassembling one section.
type objSymbolizer struct {
	sorted  []objSym
	sec     string
	secAddr uint64
	secSize uint64
	rel     bool // relocatable file: objdump then prefers the section's own symbols
}

func elfSymbols(f *elf.File) ([]objSym, error) {
	syms, err := f.Symbols()
	if err != nil && err != elf.ErrNoSymbols {
		return nil, err
	}
	var out []objSym
	for _, s := range syms {
		typ := elf.ST_TYPE(s.Info)
		// remove_useless_symbols: unnamed, section and file (debugging)
		// symbols, undefined and common symbols go.
		if s.Name == "" || typ == elf.STT_SECTION || typ == elf.STT_FILE {
			continue
		}
		if s.Section == elf.SHN_UNDEF || s.Section == elf.SHN_COMMON {
			continue
		}
		sec := "*ABS*"
		if s.Section < elf.SHN_LORESERVE && int(s.Section) < len(f.Sections) {
			sec = f.Sections[s.Section].Name
		}
		out = append(out, objSym{s.Name, s.Value, s.Size, sec, typ, elf.ST_BIND(s.Info)})
	}
	return out, nil
}

func newObjSymbolizer(syms []objSym, sec *elf.Section, rel bool) *objSymbolizer {
	s := &objSymbolizer{sorted: append([]objSym(nil), syms...), sec: sec.Name,
		secAddr: sec.Addr, secSize: sec.Size, rel: rel}
	sort.SliceStable(s.sorted, func(i, j int) bool { return compareSymbols(&s.sorted[i], &s.sorted[j], sec.Name) < 0 })
	return s
}

func fileSymbol(a *objSym) bool {
	n := a.name
	return len(n) > 2 && n[len(n)-2] == '.' && (n[len(n)-1] == 'o' || n[len(n)-1] == 'a')
}

// compareSymbols is objdump's compare_symbols.
func compareSymbols(a, b *objSym, sec string) int {
	switch {
	case a.value > b.value:
		return 1
	case a.value < b.value:
		return -1
	}
	if as, bs := a.section == sec, b.section == sec; as != bs {
		if as {
			return -1
		}
		return 1
	}
	gnu := func(s *objSym) bool {
		return strings.Contains(s.name, "gnu_compiled") || strings.Contains(s.name, "gcc2_compiled")
	}
	if af, bf := gnu(a), gnu(b); af != bf {
		if af {
			return 1
		}
		return -1
	}
	if af, bf := fileSymbol(a), fileSymbol(b); af != bf {
		if af {
			return 1
		}
		return -1
	}
	flag := func(x, y bool, xFirst int) int {
		if x != y {
			if x {
				return xFirst
			}
			return -xFirst
		}
		return 0
	}
	if c := flag(a.typ == elf.STT_FUNC, b.typ == elf.STT_FUNC, -1); c != 0 {
		return c
	}
	if c := flag(a.typ == elf.STT_OBJECT, b.typ == elf.STT_OBJECT, -1); c != 0 {
		return c
	}
	if c := flag(a.bind == elf.STB_LOCAL, b.bind == elf.STB_LOCAL, 1); c != 0 {
		return c
	}
	if c := flag(a.bind == elf.STB_GLOBAL, b.bind == elf.STB_GLOBAL, -1); c != 0 {
		return c
	}
	if a.size != b.size {
		if a.size > b.size {
			return -1
		}
		return 1
	}
	if ad, bd := strings.HasPrefix(a.name, "."), strings.HasPrefix(b.name, "."); ad != bd {
		if ad {
			return 1
		}
		return -1
	}
	return strings.Compare(a.name, b.name)
}

// isMappingSymbol is riscv_elf_is_mapping_symbols (plus the fake label),
// which riscv_symbol_is_valid rejects.
func isMappingSymbol(n string) bool {
	return n == ".L0 " || n == "$x" || n == "$d" || strings.HasPrefix(n, "$x.") ||
		strings.HasPrefix(n, "$d.") || strings.HasPrefix(n, "$xrv")
}

func (s *objSymbolizer) ok(want bool, i int) bool {
	if want && s.sorted[i].section != s.sec {
		return false
	}
	return !isMappingSymbol(s.sorted[i].name)
}

// lookup is objdump's find_symbol_for_address followed by the naming done
// in objdump_print_addr_with_sym (the section name when no symbol fits).
func (s *objSymbolizer) lookup(vma uint64) (string, uint64, bool) {
	n := len(s.sorted)
	if n == 0 {
		return "", 0, false
	}
	lo, hi := 0, n
	for lo+1 < hi {
		mid := (hi + lo) / 2
		v := s.sorted[mid].value
		if v > vma {
			hi = mid
		} else if v < vma {
			lo = mid
		} else {
			lo = mid
			break
		}
	}
	place := lo
	for place > 0 && s.sorted[place].value == s.sorted[place-1].value {
		place--
	}
	i := place
	for i < hi && s.sorted[i].value == s.sorted[place].value {
		if s.ok(true, i) {
			return s.sorted[i].name, s.sorted[i].value, true
		}
		i++
	}
	want := s.rel && vma >= s.secAddr && vma < s.secAddr+s.secSize
	if !s.ok(want, place) {
		newplace := n
		for j := i - 1; j >= 0; j-- {
			if s.ok(want, j) {
				if newplace == n {
					newplace = j
				}
				if s.sorted[j].value != s.sorted[newplace].value {
					break
				}
				newplace = j
			}
		}
		if newplace != n {
			place = newplace
		} else {
			for j := place + 1; j < n; j++ {
				if s.ok(want, j) {
					place = j
					break
				}
			}
		}
		if !s.ok(want, place) {
			return s.sec, s.secAddr, true
		}
	}
	return s.sorted[place].name, s.sorted[place].value, true
}

// objLine is one instruction line of objdump -d output.
type objLine struct {
	section string
	addr    uint64
	hex     string
	text    string
	lineNo  int
}

var objLineRe = regexp.MustCompile(`^ *([0-9a-f]+):\t([0-9a-f ]+?) *\t(.*)$`)

func parseObjdump(out []byte) []objLine {
	var lines []objLine
	sec := ""
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		l := sc.Text()
		if rest, ok := strings.CutPrefix(l, "Disassembly of section "); ok {
			sec = strings.TrimSuffix(rest, ":")
			continue
		}
		m := objLineRe.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		a, err := strconv.ParseUint(m[1], 16, 64)
		if err != nil {
			continue
		}
		lines = append(lines, objLine{sec, a, m[2], m[3], n})
	}
	return lines
}

// isDataLine reports objdump lines that print data (inside $d mapping
// regions), which are not instructions.
func isDataLine(text string) bool {
	for _, p := range []string{".word\t", ".short\t", ".byte\t", ".dword\t", ".quad\t"} {
		if strings.HasPrefix(text, p) {
			return true
		}
	}
	return false
}

// objdumpMismatch is one line where Disasm and objdump disagree.
type objdumpMismatch struct {
	line      int
	addr      uint64
	got, want string
}

func (m objdumpMismatch) String() string {
	return fmt.Sprintf("line %d, %#x: got %q, objdump %q", m.line, m.addr, m.got, m.want)
}

// compareWithObjdump disassembles every instruction objdump printed in
// out, in order and with one DisasmState as objdump keeps one, and
// returns the lines that differ and how many were compared.
// skipIllegal leaves out instructions Decode rejects (programs built for
// extensions this hart does not have yet, such as F/D).
func compareWithObjdump(f *elf.File, out []byte, noAliases, skipIllegal bool) ([]objdumpMismatch, int, error) {
	syms, err := elfSymbols(f)
	if err != nil {
		return nil, 0, fmt.Errorf("reading symbols: %w", err)
	}
	st := &DisasmState{}
	for _, s := range syms {
		if s.name == "__global_pointer$" {
			st.SetGP(s.value)
		}
	}
	type secInfo struct {
		data []byte
		sec  *elf.Section
		sym  *objSymbolizer
	}
	secs := map[string]*secInfo{}
	var bad []objdumpMismatch
	compared := 0
	for _, l := range parseObjdump(out) {
		if isDataLine(l.text) {
			continue
		}
		si := secs[l.section]
		if si == nil {
			sec := f.Section(l.section)
			if sec == nil {
				return nil, 0, fmt.Errorf("objdump line %d names section %q, which the ELF lacks", l.lineNo, l.section)
			}
			data, err := sec.Data()
			if err != nil {
				return nil, 0, fmt.Errorf("section %s: %w", l.section, err)
			}
			si = &secInfo{data, sec, newObjSymbolizer(syms, sec, f.Type == elf.ET_REL)}
			secs[l.section] = si
		}
		off := l.addr - si.sec.Addr
		if off+2 > uint64(len(si.data)) {
			return nil, 0, fmt.Errorf("objdump line %d: address %#x outside section %s", l.lineNo, l.addr, l.section)
		}
		raw := uint32(binary.LittleEndian.Uint16(si.data[off:]))
		if raw&3 == 3 && off+4 <= uint64(len(si.data)) {
			raw = binary.LittleEndian.Uint32(si.data[off:])
		}
		in := Decode(raw)
		if wantLen := len(strings.ReplaceAll(l.hex, " ", "")) / 2; wantLen != int(in.Len) {
			bad = append(bad, objdumpMismatch{l.lineNo, l.addr, fmt.Sprintf("length %d", in.Len), fmt.Sprintf("length %d (%s)", wantLen, l.hex)})
			continue
		}
		opt := DisasmOptions{NoAliases: noAliases, SymbolValue: si.sym.lookup, State: st, NoFD: !elfHasFD(f),
			NoZihintpause: !elfHasExt(f, "zihintpause")}
		got := Disasm(in, l.addr, opt)
		if skipIllegal && in.Op == OpIllegal {
			continue
		}
		compared++
		if got != l.text {
			bad = append(bad, objdumpMismatch{l.lineNo, l.addr, got, l.text})
		}
	}
	return bad, compared, nil
}

// runObjdump runs riscv64-unknown-elf-objdump -d on path.
func runObjdump(tb testing.TB, tool, path string, noAliases bool) []byte {
	tb.Helper()
	args := []string{"-d"}
	if noAliases {
		args = append(args, "-M", "no-aliases")
	}
	args = append(args, path)
	out, err := exec.Command(tool, args...).Output()
	if err != nil {
		tb.Fatalf("%s %s: %v", tool, strings.Join(args, " "), err)
	}
	return out
}

func openRISCVELF(path string) (*elf.File, bool, error) {
	f, err := elf.Open(path)
	if err != nil {
		return nil, false, err
	}
	if f.Machine != elf.EM_RISCV || f.Class != elf.ELFCLASS64 {
		f.Close()
		return nil, false, nil
	}
	return f, true, nil
}

func writeFileIfChanged(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	return os.WriteFile(path, data, 0o644)
}

// elfArch returns the ISA string of the ELF's .riscv.attributes
// (Tag_RISCV_arch), or false when there is none.
func elfArch(f *elf.File) (string, bool) {
	sec := f.Section(".riscv.attributes")
	if sec == nil {
		return "", false
	}
	data, err := sec.Data()
	if err != nil {
		return "", false
	}
	// The arch string is the NUL-terminated value after tag 5; finding
	// "rv64" is enough for the files objdump and gcc write.
	i := bytes.Index(data, []byte("rv64"))
	if i < 0 {
		return "", false
	}
	arch, _, _ := strings.Cut(string(data[i:]), "\x00")
	return arch, true
}

// elfHasExt reports whether the ELF's ISA string names the multi-letter
// extension ext (as "_zihintpause2p0"). Without attributes objdump enables
// every extension it knows, so the answer is then true.
func elfHasExt(f *elf.File, ext string) bool {
	arch, ok := elfArch(f)
	if !ok {
		return true
	}
	for _, comp := range strings.Split(arch, "_")[1:] {
		if rest, ok := strings.CutPrefix(comp, ext); ok && (rest == "" || rest[0] >= '0' && rest[0] <= '9') {
			return true
		}
	}
	return false
}

// elfHasFD reports whether the ISA string in the ELF's .riscv.attributes
// (Tag_RISCV_arch) includes F or D, which decides how objdump prints F/D
// encodings and CSRs. Without the section objdump assumes rv64gc.
func elfHasFD(f *elf.File) bool {
	arch, ok := elfArch(f)
	if !ok {
		return true
	}
	for j, comp := range strings.Split(arch, "_") {
		if j == 0 {
			// rv64i2p1 or rv64imafdc...: letters after rv64 up to the
			// first version digit.
			letters := strings.TrimPrefix(comp, "rv64")
			if k := strings.IndexAny(letters, "0123456789"); k >= 0 {
				letters = letters[:k]
			}
			if strings.ContainsAny(letters, "fdg") {
				return true
			}
			continue
		}
		if len(comp) > 1 && (comp[0] == 'f' || comp[0] == 'd') && comp[1] >= '0' && comp[1] <= '9' {
			return true
		}
	}
	return false
}
