package device

import (
	"bytes"
	"testing"
)

// lines records the interrupt lines a device drives, per hart.
type lines struct{ mip map[int]uint64 }

func newLines() *lines { return &lines{mip: map[int]uint64{}} }

func (l *lines) SetHartLines(h int, mask, val uint64) {
	l.mip[h] = l.mip[h]&^mask | val&mask
}

// irqs records source line levels.
type irqs struct{ level map[int]bool }

func (q *irqs) SetIRQ(src int, level bool) {
	if q.level == nil {
		q.level = map[int]bool{}
	}
	q.level[src] = level
}

// clock is a settable TimeSource.
type clock struct{ t uint64 }

func (c *clock) Ticks() uint64 { return c.t }

// ram is a GuestMemory over a byte slice at a base address.
type ram struct {
	base uint64
	b    []byte
}

func (r *ram) Read(p uint64, buf []byte) bool {
	if p < r.base || p-r.base+uint64(len(buf)) > uint64(len(r.b)) {
		return false
	}
	copy(buf, r.b[p-r.base:])
	return true
}

func (r *ram) Write(p uint64, buf []byte) bool {
	if p < r.base || p-r.base+uint64(len(buf)) > uint64(len(r.b)) {
		return false
	}
	copy(r.b[p-r.base:], buf)
	return true
}

func mustLoad(t *testing.T, d Device, off uint64, size int) uint64 {
	t.Helper()
	v, ok := d.Load(off, size)
	if !ok {
		t.Fatalf("%s: load %d bytes at %#x faulted", d.Name(), size, off)
	}
	return v
}

func mustStore(t *testing.T, d Device, off uint64, size int, v uint64) {
	t.Helper()
	if !d.Store(off, size, v) {
		t.Fatalf("%s: store %d bytes at %#x faulted", d.Name(), size, off)
	}
}

// Every device satisfies the interface.
var (
	_ Device = (*Finisher)(nil)
	_ Device = (*CLINT)(nil)
	_ Device = (*PLIC)(nil)
	_ Device = (*UART)(nil)
)

func TestStateNamesUnique(t *testing.T) {
	l := newLines()
	devs := []Device{NewFinisher(), NewCLINT(2, &clock{}, l), NewPLIC(2, l), NewUART(&bytes.Buffer{}, &irqs{}, UARTIRQ)}
	for _, d := range devs {
		seen := map[string]bool{}
		st := d.State()
		if len(st) == 0 {
			t.Errorf("%s: empty State", d.Name())
		}
		for _, f := range st {
			if seen[f.Name] {
				t.Errorf("%s: field %q twice", d.Name(), f.Name)
			}
			seen[f.Name] = true
			if f.String() == "" {
				t.Errorf("%s: empty rendering of %q", d.Name(), f.Name)
			}
		}
	}
}
