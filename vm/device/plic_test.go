package device

import (
	"testing"

	"vmcore/isa/riscv"
)

func plicEnableOff(ctx int, src int) uint64 {
	return plicEnable + plicEnableStep*uint64(ctx) + 4*uint64(src/32)
}

func plicCtxOff(ctx int) uint64 { return plicContext + plicCtxStep*uint64(ctx) }

func TestPLICRouting(t *testing.T) {
	tests := []struct {
		name      string
		ctx       int
		prio      uint64
		threshold uint64
		enable    bool
		hart      int
		want      uint64
	}{
		{"hart0 M", 0, 1, 0, true, 0, riscv.MipMEIP},
		{"hart0 S", 1, 1, 0, true, 0, riscv.MipSEIP},
		{"hart1 M", 2, 5, 4, true, 1, riscv.MipMEIP},
		{"hart1 S", 3, 7, 0, true, 1, riscv.MipSEIP},
		{"masked by threshold", 0, 3, 3, true, 0, 0},
		{"priority zero never fires", 0, 0, 0, true, 0, 0},
		{"not enabled", 0, 1, 0, false, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLines()
			p := NewPLIC(2, l)
			const src = 33 // second enable word
			mustStore(t, p, 4*src, 4, tt.prio)
			mustStore(t, p, plicCtxOff(tt.ctx), 4, tt.threshold)
			if tt.enable {
				mustStore(t, p, plicEnableOff(tt.ctx, src), 4, 1<<(src%32))
			}
			p.SetIRQ(src, true)
			if got := l.mip[tt.hart]; got != tt.want {
				t.Fatalf("hart %d lines = %#x, want %#x", tt.hart, got, tt.want)
			}
			if !p.Pending(src) {
				t.Error("source not pending")
			}
			if pend := mustLoad(t, p, plicPending+4, 4); pend != 1<<(src%32) {
				t.Errorf("pending word 1 = %#x", pend)
			}
			claim := mustLoad(t, p, plicCtxOff(tt.ctx)+4, 4)
			if tt.want == 0 {
				if claim != 0 {
					t.Errorf("claim = %d, want 0", claim)
				}
				return
			}
			if claim != src {
				t.Fatalf("claim = %d, want %d", claim, src)
			}
			if l.mip[tt.hart] != 0 {
				t.Errorf("line still high after claim: %#x", l.mip[tt.hart])
			}
			// Complete with the line still high: pending again at once.
			mustStore(t, p, plicCtxOff(tt.ctx)+4, 4, src)
			if l.mip[tt.hart] != tt.want {
				t.Errorf("after complete with line high: %#x", l.mip[tt.hart])
			}
			// Lower the line: pending and output drop.
			p.SetIRQ(src, false)
			if l.mip[tt.hart] != 0 || p.Pending(src) {
				t.Errorf("after line low: lines %#x pending %v", l.mip[tt.hart], p.Pending(src))
			}
		})
	}
}

func TestPLICClaimOrder(t *testing.T) {
	l := newLines()
	p := NewPLIC(1, l)
	for _, s := range []struct{ src, prio uint64 }{{3, 2}, {5, 6}, {7, 6}, {10, 1}} {
		mustStore(t, p, 4*s.src, 4, s.prio)
		p.SetIRQ(int(s.src), true)
	}
	mustStore(t, p, plicEnableOff(0, 0), 4, 1<<3|1<<5|1<<7|1<<10)
	// Highest priority first; equal priority goes to the lower id.
	want := []uint64{5, 7, 3, 10, 0}
	for i, w := range want {
		peek, _ := p.Peek(plicCtxOff(0)+4, 4)
		got := mustLoad(t, p, plicCtxOff(0)+4, 4)
		if got != w || peek != w {
			t.Fatalf("claim %d = %d (peek %d), want %d", i, got, peek, w)
		}
	}
	if l.mip[0] != 0 {
		t.Errorf("MEIP high with everything claimed")
	}
	// While claimed, a source does not become pending again.
	p.SetIRQ(5, false)
	p.SetIRQ(5, true)
	if p.Pending(5) {
		t.Error("claimed source became pending")
	}
	mustStore(t, p, plicCtxOff(0)+4, 4, 5)
	if !p.Pending(5) || l.mip[0] != riscv.MipMEIP {
		t.Error("completed source with high line not pending again")
	}
}

func TestPLICRegisters(t *testing.T) {
	p := NewPLIC(1, newLines())
	mustStore(t, p, 4*1, 4, 0xff)
	if v := mustLoad(t, p, 4*1, 4); v != prioMask {
		t.Errorf("priority keeps %#x, want %#x", v, prioMask)
	}
	mustStore(t, p, 0, 4, 5)
	if v := mustLoad(t, p, 0, 4); v != 0 {
		t.Errorf("source 0 priority = %d, want 0", v)
	}
	mustStore(t, p, plicEnableOff(1, 0), 4, 0xffffffff)
	if v := mustLoad(t, p, plicEnableOff(1, 0), 4); v != 0xfffffffe {
		t.Errorf("enable word 0 = %#x, want source 0 clear", v)
	}
	mustStore(t, p, plicEnableOff(1, 95), 4, 0xffffffff)
	if v := mustLoad(t, p, plicEnableOff(1, 95), 4); v != 0xffffffff {
		t.Errorf("enable word 2 = %#x", v)
	}
	mustStore(t, p, plicPending, 4, 0xffff)
	if v := mustLoad(t, p, plicPending, 4); v != 0 {
		t.Errorf("pending is writable: %#x", v)
	}
	if _, ok := p.Load(4*1, 8); ok {
		t.Error("8-byte access accepted")
	}
	if _, ok := p.Load(2, 4); ok {
		t.Error("misaligned access accepted")
	}
	p.SetIRQ(0, true)
	p.SetIRQ(PLICSources, true) // out of range: ignored, no panic
	if p.Pending(0) || p.Pending(PLICSources) {
		t.Error("invalid sources pending")
	}
}

func TestPLICReset(t *testing.T) {
	l := newLines()
	p := NewPLIC(1, l)
	mustStore(t, p, 4*UARTIRQ, 4, 1)
	mustStore(t, p, plicEnableOff(0, UARTIRQ), 4, 1<<UARTIRQ)
	p.SetIRQ(UARTIRQ, true)
	if l.mip[0] == 0 {
		t.Fatal("no MEIP")
	}
	p.Reset()
	if l.mip[0] != 0 {
		t.Errorf("MEIP survives reset")
	}
	if !p.Pending(UARTIRQ) {
		t.Error("a high line is not pending after reset")
	}
}
