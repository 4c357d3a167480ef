package device

import (
	"testing"

	"vmcore/isa/riscv"
)

func TestCLINTSoftwareInterrupt(t *testing.T) {
	l := newLines()
	c := NewCLINT(3, &clock{}, l)
	mustStore(t, c, 4*2, 4, 1)
	if l.mip[2] != riscv.MipMSIP || l.mip[0] != 0 || l.mip[1] != 0 {
		t.Fatalf("after msip2=1: lines %v", l.mip)
	}
	if v := mustLoad(t, c, 8, 4); v != 1 {
		t.Errorf("msip2 reads %d", v)
	}
	mustStore(t, c, 4*2, 4, 0xfffffffe) // only bit 0 exists
	if l.mip[2] != 0 {
		t.Errorf("after msip2=0: lines %#x", l.mip[2])
	}
}

func TestCLINTTimer(t *testing.T) {
	tests := []struct {
		name     string
		now      uint64
		cmp      uint64
		wantMTIP bool
		wantLeft uint64
	}{
		{"future", 100, 150, false, 50},
		{"equal fires", 150, 150, true, 0},
		{"past", 200, 150, true, 0},
		{"never", 0, ^uint64(0), false, ^uint64(0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newLines()
			clk := &clock{t: tt.now}
			c := NewCLINT(1, clk, l)
			mustStore(t, c, clintMtimecmp, 8, tt.cmp)
			if got := l.mip[0]&riscv.MipMTIP != 0; got != tt.wantMTIP {
				t.Errorf("MTIP = %v, want %v", got, tt.wantMTIP)
			}
			left, future := c.TicksUntil(0)
			if future == tt.wantMTIP || left != tt.wantLeft {
				t.Errorf("TicksUntil = %d, %v; want %d, %v", left, future, tt.wantLeft, !tt.wantMTIP)
			}
			// Time passing raises MTIP once UpdateTimers runs.
			clk.t = tt.cmp
			c.UpdateTimers()
			if l.mip[0]&riscv.MipMTIP == 0 {
				t.Error("MTIP low after mtime reached mtimecmp")
			}
		})
	}
}

func TestCLINTHalves(t *testing.T) {
	l := newLines()
	clk := &clock{t: 0x1_0000_0002}
	c := NewCLINT(2, clk, l)
	if c.Mtimecmp(1) != ^uint64(0) {
		t.Errorf("mtimecmp resets to %#x, want all ones", c.Mtimecmp(1))
	}
	mustStore(t, c, clintMtimecmp+8+4, 4, 0x12)
	mustStore(t, c, clintMtimecmp+8, 4, 0x34)
	if got := c.Mtimecmp(1); got != 0x12_0000_0034 {
		t.Errorf("mtimecmp1 = %#x", got)
	}
	if lo, hi := mustLoad(t, c, clintMtime, 4), mustLoad(t, c, clintMtime+4, 4); lo != 2 || hi != 1 {
		t.Errorf("mtime halves = %#x %#x", lo, hi)
	}
}

func TestCLINTMtimeWrite(t *testing.T) {
	l := newLines()
	clk := &clock{t: 1000}
	c := NewCLINT(1, clk, l)
	mustStore(t, c, clintMtime, 8, 50)
	if got := c.Mtime(); got != 50 {
		t.Fatalf("mtime after write = %d, want 50", got)
	}
	clk.t += 10
	if got := mustLoad(t, c, clintMtime, 8); got != 60 {
		t.Errorf("mtime 10 ticks later = %d, want 60", got)
	}
	mustStore(t, c, clintMtimecmp, 8, 70)
	if left, ok := c.TicksUntil(0); !ok || left != 10 {
		t.Errorf("TicksUntil = %d, %v; want 10, true", left, ok)
	}
}

func TestCLINTBadAccess(t *testing.T) {
	c := NewCLINT(1, &clock{}, newLines())
	bad := []struct {
		off  uint64
		size int
	}{
		{4, 4},                 // msip of hart 1, which does not exist
		{0, 8},                 // msip is 32 bits
		{clintMtimecmp + 2, 4}, // misaligned
		{0x8000, 4},            // hole
		{clintMtime, 3},        // odd size
	}
	for _, b := range bad {
		if _, ok := c.Load(b.off, b.size); ok {
			t.Errorf("load %d at %#x accepted", b.size, b.off)
		}
		if c.Store(b.off, b.size, 0) {
			t.Errorf("store %d at %#x accepted", b.size, b.off)
		}
	}
}
