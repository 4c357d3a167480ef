package machine

import (
	"debug/elf"
	"sort"
)

// SymKind classifies a symbol for display and lookup preference.
type SymKind uint8

// Symbol kinds, from elf.STT_*.
const (
	SymOther  SymKind = iota // STT_NOTYPE: labels in assembly
	SymObject                // STT_OBJECT: data
	SymFunc                  // STT_FUNC
)

// Symbol is one named address from a program's symbol table.
type Symbol struct {
	Name   string
	Addr   uint64
	Size   uint64
	Kind   SymKind
	Global bool
}

// Symbols is a program's symbol table, searchable by name and by address.
// The zero value and a nil *Symbols are empty tables.
type Symbols struct {
	byAddr []Symbol // sorted by Addr, then by preference (best first)
	byName map[string]int
}

// rank orders symbols at one address: the one objdump would name it by
// (a global function, then any function, then data, then a label) first.
func rank(s Symbol) int {
	r := int(s.Kind) * 2
	if s.Global {
		r++
	}
	return -r
}

// NewSymbols builds a table from syms (which it may reorder). When a name
// occurs twice (local symbols of different files), Lookup finds the
// preferred one by the same rank as At.
func NewSymbols(syms []Symbol) *Symbols {
	sort.SliceStable(syms, func(i, j int) bool {
		a, b := syms[i], syms[j]
		if a.Addr != b.Addr {
			return a.Addr < b.Addr
		}
		if rank(a) != rank(b) {
			return rank(a) < rank(b)
		}
		return a.Name < b.Name
	})
	s := &Symbols{byAddr: syms, byName: make(map[string]int, len(syms))}
	for i, sym := range syms {
		if j, ok := s.byName[sym.Name]; !ok || rank(sym) < rank(syms[j]) {
			s.byName[sym.Name] = i
		}
	}
	return s
}

// Len is the number of symbols.
func (s *Symbols) Len() int {
	if s == nil {
		return 0
	}
	return len(s.byAddr)
}

// All returns the symbols in address order. The slice is shared: callers
// must not modify it.
func (s *Symbols) All() []Symbol {
	if s == nil {
		return nil
	}
	return s.byAddr
}

// Lookup finds a symbol by name.
func (s *Symbols) Lookup(name string) (Symbol, bool) {
	if s == nil {
		return Symbol{}, false
	}
	i, ok := s.byName[name]
	if !ok {
		return Symbol{}, false
	}
	return s.byAddr[i], true
}

// At names addr as objdump does: the nearest symbol at or below addr and
// the offset from it. Its signature matches riscv.DisasmOptions.Symbol.
func (s *Symbols) At(addr uint64) (name string, offset uint64, ok bool) {
	if s == nil || len(s.byAddr) == 0 {
		return "", 0, false
	}
	i := sort.Search(len(s.byAddr), func(i int) bool { return s.byAddr[i].Addr > addr })
	if i == 0 {
		return "", 0, false
	}
	// Step back to the first (preferred) symbol at that address.
	a := s.byAddr[i-1].Addr
	j := sort.Search(i, func(k int) bool { return s.byAddr[k].Addr >= a })
	return s.byAddr[j].Name, addr - a, true
}

// Exact returns the preferred symbol that starts exactly at addr, for
// "<name>:" headers in a disassembly.
func (s *Symbols) Exact(addr uint64) (Symbol, bool) {
	if s == nil {
		return Symbol{}, false
	}
	j := sort.Search(len(s.byAddr), func(k int) bool { return s.byAddr[k].Addr >= addr })
	if j < len(s.byAddr) && s.byAddr[j].Addr == addr {
		return s.byAddr[j], true
	}
	return Symbol{}, false
}

// symbolsFromELF keeps the symbols worth naming: defined functions, data
// and labels, without section/file symbols and without the "$x"/"$d"
// mapping symbols newer assemblers emit.
func symbolsFromELF(f *elf.File) *Symbols {
	raw, err := f.Symbols()
	if err != nil {
		return NewSymbols(nil) // no symbol table: a stripped binary is fine
	}
	var syms []Symbol
	for _, r := range raw {
		if r.Name == "" || r.Name[0] == '$' || r.Section == elf.SHN_UNDEF {
			continue
		}
		var kind SymKind
		switch elf.ST_TYPE(r.Info) {
		case elf.STT_FUNC:
			kind = SymFunc
		case elf.STT_OBJECT:
			kind = SymObject
		case elf.STT_NOTYPE:
			kind = SymOther
		default:
			continue
		}
		syms = append(syms, Symbol{Name: r.Name, Addr: r.Value, Size: r.Size, Kind: kind,
			Global: elf.ST_BIND(r.Info) != elf.STB_LOCAL})
	}
	return NewSymbols(syms)
}

// Near names addr as objdump's address comments do, returning the
// symbol's value rather than an offset: the nearest symbol at or below
// addr, or, for an address below every symbol, the lowest symbol (objdump
// prints such an address as "<lowest-0x...>"). Its signature matches
// riscv.DisasmOptions.SymbolValue.
func (s *Symbols) Near(addr uint64) (name string, value uint64, ok bool) {
	if s == nil || len(s.byAddr) == 0 {
		return "", 0, false
	}
	if name, off, ok := s.At(addr); ok {
		return name, addr - off, true
	}
	return s.byAddr[0].Name, s.byAddr[0].Addr, true
}
