package machine

import "testing"

func TestSymbols(t *testing.T) {
	s := NewSymbols([]Symbol{
		{Name: "data", Addr: 0x2000, Kind: SymObject, Global: true},
		{Name: "loop", Addr: 0x1010, Kind: SymOther},
		{Name: "_start", Addr: 0x1000, Kind: SymFunc, Global: true},
		{Name: ".Llocal", Addr: 0x1000, Kind: SymOther},
		{Name: "main", Addr: 0x1020, Kind: SymFunc},
		{Name: "main_alias", Addr: 0x1020, Kind: SymFunc, Global: true},
	})
	at := []struct {
		addr uint64
		name string
		off  uint64
		ok   bool
	}{
		{0x0fff, "", 0, false},
		{0x1000, "_start", 0, true}, // a function beats a label at one address
		{0x100e, "_start", 0xe, true},
		{0x1010, "loop", 0, true},
		{0x1024, "main_alias", 4, true}, // a global beats a local
		{0x5000, "data", 0x3000, true},
	}
	for _, tt := range at {
		name, off, ok := s.At(tt.addr)
		if name != tt.name || off != tt.off || ok != tt.ok {
			t.Errorf("At(%#x) = %q+%#x %v; want %q+%#x %v", tt.addr, name, off, ok, tt.name, tt.off, tt.ok)
		}
	}
	if name, val, ok := s.Near(0x10); name != "_start" || val != 0x1000 || !ok {
		t.Errorf("Near below all symbols = %q %#x %v", name, val, ok)
	}
	if sym, ok := s.Lookup("main"); !ok || sym.Addr != 0x1020 {
		t.Errorf("Lookup(main) = %+v %v", sym, ok)
	}
	if _, ok := s.Lookup("nosuch"); ok {
		t.Error("Lookup(nosuch) found something")
	}
	if sym, ok := s.Exact(0x1020); !ok || sym.Name != "main_alias" {
		t.Errorf("Exact(0x1020) = %+v %v", sym, ok)
	}
	if _, ok := s.Exact(0x1021); ok {
		t.Error("Exact(0x1021) found a symbol")
	}
	if s.Len() != 6 || len(s.All()) != 6 {
		t.Errorf("Len %d", s.Len())
	}
	var none *Symbols
	if _, _, ok := none.At(1); ok || none.Len() != 0 {
		t.Error("nil Symbols not empty")
	}
}
