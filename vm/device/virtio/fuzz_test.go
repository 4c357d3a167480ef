package virtio

import (
	"encoding/binary"
	"errors"
	"testing"
)

// ParseSpec never panics, and what it accepts renders back to an
// equivalent spec.
func FuzzParseSpec(f *testing.F) {
	for _, s := range []string{"blk:file=d.img,readonly", "rng:seed=1,slot=2", "console", "blk:file=a,,b,overlay=c", "", ":", "blk:=", "rng:seed=-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		sp, err := ParseSpec(text)
		if err != nil {
			if !errors.Is(err, ErrBadSpec) {
				t.Fatalf("error %v does not wrap ErrBadSpec", err)
			}
			return
		}
		again, err := ParseSpec(sp.String())
		if err != nil || again != sp {
			t.Fatalf("%q -> %+v -> %q -> %+v, %v", text, sp, sp.String(), again, err)
		}
	})
}

// A guest that writes anything to the registers and the rings never makes
// the transport panic: bad chains end in NEEDS_RESET, nothing else.
func FuzzTransport(f *testing.F) {
	f.Add(true, []byte{0x70, 0, 7, 0, 0x38, 0, 8, 0, 0x40, 0, 0x10, 0, 0x50, 0, 0, 0})
	f.Add(false, []byte{0x70, 0, 0x0f, 0, 0x44, 0, 1, 0, 0x80, 0, 0, 0x80, 0x50, 0, 0, 0})
	f.Fuzz(func(t *testing.T, legacy bool, ops []byte) {
		mem := newRAM()
		// Rings full of guest-controlled bytes.
		for i := range 0x20000 {
			mem.b[0x10000+i] = byte(i*7) ^ byte(len(ops))
		}
		tr := NewTransport(0, legacy, mem, irqs{})
		rng := NewRNG(1)
		if err := tr.Attach(rng); err != nil {
			t.Fatal(err)
		}
		for len(ops) >= 4 {
			off := uint64(ops[0]) &^ 3
			v := uint64(binary.LittleEndian.Uint16(ops[2:4]))
			if ops[1]&1 != 0 {
				v |= ramBase >> 16 << 16 // steer addresses into RAM sometimes
			}
			if ops[1]&2 != 0 {
				tr.Load(off, 4)
			} else {
				tr.Store(off, 4, v)
			}
			ops = ops[4:]
		}
		if err := tr.Restore(tr.Save()); err != nil {
			t.Fatalf("own state does not restore: %v", err)
		}
	})
}
