package machine

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// runTo runs m until icount to (0: to the end) and returns the result.
func runTo(t *testing.T, m *Machine, to uint64) Result {
	t.Helper()
	return m.Run(context.Background(), to)
}

// Snapshot at N, run on to the end (state A); restore the snapshot on a
// fresh machine and run on: identical hash, console output and result.
// Also through MarshalBinary/UnmarshalSnapshot.
func TestSnapshotRestoreReplaysIdentically(t *testing.T) {
	tests := []struct {
		prog  string
		harts int
		input string
	}{
		{prog: "hello"},
		{prog: "timer"},
		{prog: "smp", harts: 2},
		{prog: "hello", harts: 3},
		{prog: "echo", input: "_abc!q"},
		{prog: "htif"},
		{prog: "reset"},
	}
	for _, tt := range tests {
		for _, frac := range []uint64{3, 2} {
			t.Run(tt.prog+"-"+string(rune('0'+frac)), func(t *testing.T) {
				cfg := Config{Harts: tt.harts, RAMSize: 16 << 20}
				img := loadFile(t, filepath.Join("testdata", tt.prog+".elf"))
				probe := newMachine(t, cfg)
				if err := probe.Load(img); err != nil {
					t.Fatal(err)
				}
				probe.SendInput([]byte(tt.input))
				total := runTo(t, probe, 10_000_000).Icount
				n := total / frac

				var outA, outB bytes.Buffer
				cfg.Console = &outA
				a := newMachine(t, cfg)
				if err := a.Load(img); err != nil {
					t.Fatal(err)
				}
				a.SendInput([]byte(tt.input))
				if r := runTo(t, a, n); r.Reason != ReasonLimit {
					t.Fatalf("run to %d of %d: %+v", n, total, r)
				}
				snap := a.Snapshot()
				enc, err := snap.MarshalBinary()
				if err != nil {
					t.Fatal(err)
				}
				outA.Reset()
				ra := runTo(t, a, 10_000_000)
				hashA := a.StateHash()

				cfg.Console = &outB
				b := newMachine(t, cfg)
				if err := b.Load(img); err != nil {
					t.Fatal(err)
				}
				runTo(t, b, n/2+1) // leave b in some other state first
				dec, err := UnmarshalSnapshot(enc)
				if err != nil {
					t.Fatal(err)
				}
				if err := b.Restore(dec); err != nil {
					t.Fatal(err)
				}
				if b.StateHash() == hashA {
					t.Fatal("hash at N equals the final hash: the test proves nothing")
				}
				outB.Reset()
				rb := runTo(t, b, 10_000_000)
				if ra != rb {
					t.Errorf("result after restore %+v, original %+v", rb, ra)
				}
				if outA.String() != outB.String() {
					t.Errorf("console after restore %q, original %q", outB.String(), outA.String())
				}
				if b.StateHash() != hashA {
					t.Error("state hash after restore and run differs from the original")
				}
			})
		}
	}
}

// Input that arrives while the guest idles in wfi (host timing decides
// when) is stamped with its Pos; injecting it at that Pos in a second run
// reproduces the recording exactly.
func TestInjectInputAtReproducesIdleInput(t *testing.T) {
	type stamped struct {
		pos Pos
		b   []byte
	}
	var rec []stamped
	var outA, outB bytes.Buffer
	img := loadFile(t, "testdata/echo.elf")
	var a *Machine
	a = newMachine(t, Config{Console: &outA, RAMSize: 16 << 20, WaitForInput: true,
		OnInput: func(_ uint64, b []byte) { rec = append(rec, stamped{a.Position(), bytes.Clone(b)}) }})
	if err := a.Load(img); err != nil {
		t.Fatal(err)
	}
	go func() {
		for _, s := range []string{"ab", "cd", "xyz", "q"} {
			time.Sleep(2 * time.Millisecond)
			a.SendInput([]byte(s))
		}
	}()
	ra := runTo(t, a, 50_000_000)
	if ra.Reason != ReasonPass || len(rec) == 0 {
		t.Fatalf("recording run: %+v, %d inputs, console %q", ra, len(rec), outA.String())
	}

	b := newMachine(t, Config{Console: &outB, RAMSize: 16 << 20})
	if err := b.Load(img); err != nil {
		t.Fatal(err)
	}
	for _, s := range rec {
		if r := runTo(t, b, s.pos.Icount); r.Icount != s.pos.Icount && s.pos.Icount != 0 {
			t.Fatalf("replay stopped at %+v before input at %+v", r, s.pos)
		}
		if err := b.InjectInputAt(s.pos, s.b); err != nil {
			t.Fatal(err)
		}
	}
	rb := runTo(t, b, 50_000_000)
	if ra != rb || outA.String() != outB.String() || a.StateHash() != b.StateHash() {
		t.Errorf("replay differs: result %+v vs %+v, console %q vs %q", rb, ra, outB.String(), outA.String())
	}
	// A wrong position is refused.
	if err := b.InjectInputAt(Pos{Icount: rb.Icount + 5}, []byte("x")); err == nil {
		t.Error("InjectInputAt at the wrong icount succeeded")
	}
}

func TestStateHashSeesChanges(t *testing.T) {
	m := newMachine(t, Config{RAMSize: 16 << 20})
	if err := m.Load(loadFile(t, "testdata/hello.elf")); err != nil {
		t.Fatal(err)
	}
	h0 := m.StateHash()
	if m.StateHash() != h0 {
		t.Fatal("StateHash is not stable")
	}
	m.Memory().Write(RAMBase+8<<20, []byte{1})
	h1 := m.StateHash()
	if h1 == h0 {
		t.Error("a RAM write did not change the hash")
	}
	m.Harts()[0].SetPC(0x1234)
	if m.StateHash() == h1 {
		t.Error("a pc change did not change the hash")
	}
}

func TestUnmarshalSnapshotRejectsDamage(t *testing.T) {
	m := newMachine(t, Config{RAMSize: 16 << 20})
	if err := m.Load(loadFile(t, "testdata/hello.elf")); err != nil {
		t.Fatal(err)
	}
	runTo(t, m, 100)
	good, err := m.Snapshot().MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	flipped := bytes.Clone(good)
	flipped[len(flipped)/2] ^= 1
	tests := map[string][]byte{
		"empty":     nil,
		"truncated": good[:len(good)-1],
		"header":    append([]byte("XXXX"), good[4:]...),
		"flipped":   flipped,
	}
	for name, b := range tests {
		if _, err := UnmarshalSnapshot(b); !errors.Is(err, ErrBadSnapshot) {
			t.Errorf("%s: err = %v, want ErrBadSnapshot", name, err)
		}
	}
	// A snapshot of another board shape is refused and changes nothing.
	other := newMachine(t, Config{RAMSize: 16 << 20, Harts: 2})
	if err := other.Load(loadFile(t, "testdata/hello.elf")); err != nil {
		t.Fatal(err)
	}
	before := other.StateHash()
	s, _ := UnmarshalSnapshot(good)
	if err := other.Restore(s); err == nil {
		t.Error("restoring a 1-hart snapshot on 2 harts succeeded")
	}
	if other.StateHash() != before {
		t.Error("a refused restore changed the machine")
	}
}

// dirtyAll writes a non-zero word into every page of RAM.
func dirtyAll(m *Machine) {
	for a := RAMBase; a < RAMBase+m.Config().RAMSize; a += 4096 {
		m.Memory().Write(a, []byte{byte(a >> 12), 1})
	}
}

// BenchmarkStateHash hashes guests whose every page was written: "full"
// after all of RAM changed (every page rehashed), "incremental" after the
// guest wrote one page in a hundred since the last checkpoint, which is
// what a recording pays per checkpoint.
func BenchmarkStateHash(b *testing.B) {
	for _, size := range []uint64{128 << 20, 1 << 30} {
		m, err := New(Config{RAMSize: size})
		if err != nil {
			b.Fatal(err)
		}
		dirtyAll(m)
		name := fmt.Sprintf("%dMiB", size>>20)
		b.Run(name+"/full", func(b *testing.B) {
			b.SetBytes(int64(size))
			for b.Loop() {
				dirtyAll(m)
				m.StateHash()
			}
		})
		b.Run(name+"/incremental", func(b *testing.B) {
			m.StateHash()
			for b.Loop() {
				for a := RAMBase; a < RAMBase+size; a += 100 * 4096 {
					m.Memory().Write(a+8, []byte{byte(a >> 20)})
				}
				m.StateHash()
			}
		})
		m.Close()
	}
}

// BenchmarkSnapshot takes (and encodes) and restores snapshots of guests
// whose every page was written.
func BenchmarkSnapshot(b *testing.B) {
	for _, size := range []uint64{64 << 20, 1 << 30} {
		m, err := New(Config{RAMSize: size})
		if err != nil {
			b.Fatal(err)
		}
		dirtyAll(m)
		var enc []byte
		name := fmt.Sprintf("%dMiB", size>>20)
		b.Run(name+"/take", func(b *testing.B) {
			b.SetBytes(int64(size))
			for b.Loop() {
				enc = m.MarshalSnapshot()
			}
		})
		b.Run(name+"/restore", func(b *testing.B) {
			b.SetBytes(int64(size))
			for b.Loop() {
				s, err := UnmarshalSnapshot(enc)
				if err != nil {
					b.Fatal(err)
				}
				if err := m.Restore(s); err != nil {
					b.Fatal(err)
				}
			}
		})
		m.Close()
	}
}
