package machine

import (
	"testing"
)

func newHashMachine(t *testing.T) *Machine {
	t.Helper()
	m, err := New(Config{RAMSize: 4 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	return m
}

// The cached page hashes give the hash a machine computes from scratch,
// whatever happened to the RAM between two hashes.
func TestStateHashCacheMatchesAFreshHash(t *testing.T) {
	type write struct {
		addr uint64
		data []byte
	}
	a := RAMBase
	tests := []struct {
		name   string
		before []write // written, then hashed (filling the cache)
		after  []write // written after that hash
	}{
		{"untouched page written", nil, []write{{a + 0x3000, []byte{1, 2, 3}}}},
		{"cached page rewritten", []write{{a, []byte{9}}}, []write{{a, []byte{7}}}},
		{"cached page back to its old bytes", []write{{a, []byte{9}}}, []write{{a, []byte{8}}, {a, []byte{9}}}},
		{"page written back to zero", []write{{a + 0x1000, []byte{5, 5}}}, []write{{a + 0x1000, []byte{0, 0}}}},
		{"write across a page boundary", []write{{a + 0x1ffe, []byte{1}}}, []write{{a + 0x1ffe, []byte{1, 2, 3, 4}}}},
		{"far pages", []write{{a + 0x3ff000, []byte{1}}}, []write{{a + 0x200000, []byte{2}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cached := newHashMachine(t)
			fresh := newHashMachine(t)
			for _, w := range tt.before {
				cached.Memory().Write(w.addr, w.data)
				fresh.Memory().Write(w.addr, w.data)
			}
			cached.StateHash()
			for _, w := range tt.after {
				cached.Memory().Write(w.addr, w.data)
				fresh.Memory().Write(w.addr, w.data)
			}
			if cached.StateHash() != fresh.StateHash() {
				t.Fatal("the cached hash differs from a fresh machine's hash of the same state")
			}
			// A second hash with nothing written is the same.
			if cached.StateHash() != fresh.StateHash() {
				t.Fatal("hashing twice changed the hash")
			}
		})
	}
}

// A page written and then zeroed hashes like a page never written, and a
// changed byte changes the hash.
func TestStateHashSeesEveryByte(t *testing.T) {
	m := newHashMachine(t)
	empty := m.StateHash()
	m.Memory().Write(RAMBase+0x2345, []byte{1})
	one := m.StateHash()
	if one == empty {
		t.Fatal("a written byte did not change the hash")
	}
	m.Memory().Write(RAMBase+0x2345, []byte{0})
	if m.StateHash() != empty {
		t.Fatal("zeroing the byte again did not restore the empty machine's hash")
	}
}

// After a restore onto a machine whose cache describes other contents,
// the hash is the snapshot's, and snapshots still find every page.
func TestStateHashAfterRestore(t *testing.T) {
	src := newHashMachine(t)
	base := len(src.Snapshot().Pages) // what the board itself puts in RAM
	src.Memory().Write(RAMBase+0x1000, []byte{1, 2, 3})
	src.StateHash() // the cache now knows page 1
	src.Memory().Write(RAMBase+0x5000, []byte{4})
	want := src.StateHash()
	snap := src.Snapshot()
	if len(snap.Pages) != base+2 {
		t.Fatalf("snapshot has %d pages, want %d (one harvested, one dirty)", len(snap.Pages), base+2)
	}

	dst := newHashMachine(t)
	dst.Memory().Write(RAMBase+0x1000, []byte{9, 9, 9})
	dst.Memory().Write(RAMBase+0x9000, []byte{9})
	dst.StateHash()
	if err := dst.Restore(snap); err != nil {
		t.Fatal(err)
	}
	if dst.StateHash() != want {
		t.Fatal("hash after restore differs from the snapshot's machine")
	}
	if got := len(dst.Snapshot().Pages); got != base+2 {
		t.Fatalf("snapshot after restore has %d pages, want %d", got, base+2)
	}
}
