package riscv

import (
	"encoding/binary"
	"testing"
)

// Tiny encoders for hand-built test programs. The guest programs in
// testdata/guests exercise the hart thoroughly through the board; these
// tests pin down the executor's own contracts (limits, traps, interrupts,
// caching) without a board.
func encI(opc, rd, f3, rs1 uint32, imm int32) uint32 {
	return uint32(imm)<<20 | rs1<<15 | f3<<12 | rd<<7 | opc
}
func encR(opc, rd, f3, rs1, rs2, f7 uint32) uint32 {
	return f7<<25 | rs2<<20 | rs1<<15 | f3<<12 | rd<<7 | opc
}
func encS(opc, f3, rs1, rs2 uint32, imm int32) uint32 {
	u := uint32(imm)
	return (u>>5)<<25 | rs2<<20 | rs1<<15 | f3<<12 | (u&31)<<7 | opc
}
func encB(f3, rs1, rs2 uint32, imm int32) uint32 {
	u := uint32(imm)
	return (u>>12&1)<<31 | (u>>5&0x3f)<<25 | rs2<<20 | rs1<<15 | f3<<12 | (u>>1&0xf)<<8 | (u>>11&1)<<7 | 0x63
}

func addi(rd, rs1 uint32, imm int32) uint32 { return encI(0x13, rd, 0, rs1, imm) }

const ramBase = 0x80000000

type testClock struct{ h **Hart }

func (c testClock) Time() uint64 { return (*c.h).Icount() }

func newTestHart(t testing.TB, prog []uint32) (*Hart, *Memory) {
	t.Helper()
	data := make([]byte, 1<<20)
	for i, w := range prog {
		binary.LittleEndian.PutUint32(data[4*i:], w)
	}
	mem := NewMemory(ramBase, data)
	var hp *Hart
	h := NewHart(0, mem, nil, testClock{&hp})
	hp = h
	h.Reset(ramBase)
	return h, mem
}

func TestLoopSum(t *testing.T) {
	// a0 = sum(1..100) with a counted loop; then store it and reload.
	prog := []uint32{
		addi(10, 0, 0),               // a0 = 0
		addi(11, 0, 100),             // a1 = 100
		encR(0x33, 10, 0, 10, 11, 0), // loop: a0 += a1
		addi(11, 11, -1),             // a1--
		encB(1, 11, 0, -8),           // bnez a1, loop
		encS(0x23, 3, 0, 10, 0),      // sd a0, 0(x0) -> access fault (no bus)
	}
	h, _ := newTestHart(t, prog)
	if r := h.Run(2 + 3*100); r != StopLimit {
		t.Fatalf("stop = %v", r)
	}
	if got := h.Reg(10); got != 5050 {
		t.Fatalf("a0 = %d, want 5050", got)
	}
	if h.PC() != ramBase+20 {
		t.Fatalf("pc = %#x, want %#x", h.PC(), ramBase+20)
	}
	// The store to address 0 has no bus: store access fault into mtvec 0.
	h.Run(h.Icount() + 1)
	if c, _ := h.ReadCSR(CSRMcause); c != ExcStoreAccess {
		t.Fatalf("mcause = %d, want %d", c, ExcStoreAccess)
	}
	if e, _ := h.ReadCSR(CSRMepc); e != ramBase+20 {
		t.Fatalf("mepc = %#x", e)
	}
}

func TestSelfModifyingCodeIsSeen(t *testing.T) {
	// Executes "addi a0,a0,1" at slot 2, then overwrites it with
	// "addi a0,a0,100" and jumps back: the cache must not serve the old one.
	newInsn := addi(10, 10, 100)
	prog := []uint32{
		addi(10, 0, 0),     // 0: a0 = 0
		addi(12, 0, 0),     // 4: a2 = 0 (pass counter)
		addi(10, 10, 1),    // 8: patched
		addi(12, 12, 1),    // 12
		encB(1, 12, 0, 16), // 16: bnez a2 -> 32 after first pass... (second pass too)
		0, 0, 0,
		// 32: if a2 == 2 stop spinning
		addi(13, 0, 2),
		encB(0, 12, 13, 24), // 36: beq a2,a3 -> 60
		// 40: store new instruction at 8 via a4 = base+8
		encI(0x17, 14, 0, 0, 0),  // auipc a4, 0 (a4 = pc = base+40)
		addi(14, 14, -32),        // a4 = base+8
		encS(0x23, 2, 14, 15, 0), // sw a5, 0(a4)
		encB(0, 0, 0, -44),       // 52: beq x0,x0 -> 8
		0,
		addi(0, 0, 0), // 60: nop
	}
	h, mem := newTestHart(t, prog)
	h.SetReg(15, uint64(newInsn))
	for i := 0; i < 100 && h.PC() != ramBase+60; i++ {
		h.Run(h.Icount() + 1)
	}
	if h.PC() != ramBase+60 {
		t.Fatalf("never reached the end, pc=%#x", h.PC())
	}
	if got := h.Reg(10); got != 101 {
		t.Fatalf("a0 = %d, want 101 (1 from the original code, 100 from the patched)", got)
	}
	if !mem.IsDirty(0) {
		t.Fatal("page 0 written but not dirty")
	}
}

func TestTimerInterruptDeliveredOnRun(t *testing.T) {
	prog := []uint32{
		encB(0, 0, 0, 0), // 0: spin: beq x0,x0,0
		0, 0, 0,
		addi(10, 0, 42), // 16: handler
		encB(0, 0, 0, 0),
	}
	h, _ := newTestHart(t, prog)
	h.WriteCSR(CSRMtvec, ramBase+16)
	h.WriteCSR(CSRMie, MipMTIP)
	h.WriteCSR(CSRMstatus, mstatusMIE)
	h.Run(10)
	if h.Reg(10) != 0 {
		t.Fatal("handler ran without an interrupt")
	}
	h.SetLines(MipMTIP, MipMTIP)
	h.Run(h.Icount() + 5)
	if h.Reg(10) != 42 {
		t.Fatalf("timer interrupt not taken; pc=%#x", h.PC())
	}
	if c, _ := h.ReadCSR(CSRMcause); c != 1<<63|IntMTimer {
		t.Fatalf("mcause = %#x", c)
	}
}

func TestIllegalInstructionTrapValue(t *testing.T) {
	prog := []uint32{0xffffffff}
	h, _ := newTestHart(t, prog)
	h.Run(1)
	if c, _ := h.ReadCSR(CSRMcause); c != ExcIllegal {
		t.Fatalf("mcause = %d", c)
	}
	if v, _ := h.ReadCSR(CSRMtval); v != 0xffffffff {
		t.Fatalf("mtval = %#x", v)
	}
}

func TestBreakpointStopsBeforeExecuting(t *testing.T) {
	prog := []uint32{addi(10, 0, 1), addi(10, 10, 1), addi(10, 10, 1)}
	h, mem := newTestHart(t, prog)
	mem.SetBreakpoint(ramBase+4, true)
	if r := h.Run(10); r != StopBreakpoint {
		t.Fatalf("stop = %v, want breakpoint", r)
	}
	if h.PC() != ramBase+4 || h.Reg(10) != 1 || h.Icount() != 1 {
		t.Fatalf("pc=%#x a0=%d icount=%d", h.PC(), h.Reg(10), h.Icount())
	}
	h.StepOverBreakpoint()
	h.Run(3)
	if h.Reg(10) != 3 {
		t.Fatalf("a0 = %d after stepping over, want 3", h.Reg(10))
	}
}

func BenchmarkHartLoop(b *testing.B) {
	// A tight arithmetic loop: add, addi, bne — the dispatch cost.
	prog := []uint32{
		addi(11, 0, 0),
		encR(0x33, 10, 0, 10, 11, 0),
		addi(11, 11, 1),
		encB(1, 11, 0, -8),
	}
	h, _ := newTestHart(b, prog)
	b.ResetTimer()
	n := uint64(b.N)
	h.Run(h.Icount() + n)
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds()/1e6, "MIPS")
}

func TestStateRoundTrip(t *testing.T) {
	prog := []uint32{addi(10, 0, 7), addi(11, 10, 1), addi(12, 11, 1), addi(13, 12, 1)}
	h, _ := newTestHart(t, prog)
	h.WriteCSR(CSRMscratch, 0x1234)
	h.Run(2)
	s := h.State()
	h.Run(4)
	after := h.State()
	h.SetState(s)
	if h.State() != s {
		t.Fatal("SetState(State()) changed the state")
	}
	h.Run(4)
	if h.State() != after {
		t.Fatalf("re-execution from a restored state diverged:\n%+v\n%+v", h.State(), after)
	}
}

func BenchmarkHartLoadStore(b *testing.B) {
	// Copy loop over a 4 KiB buffer: ld, sd, addi, bne — the cost of memory
	// access in bare mode.
	prog := []uint32{
		encI(0x03, 15, 3, 12, 0), // loop: ld a5, 0(a2)
		encS(0x23, 3, 12, 15, 8), // sd a5, 8(a2)
		addi(12, 12, 8),
		encB(1, 12, 14, -12), // bne a2, a4, loop
		addi(12, 13, 0),      // a2 = a3
		encB(0, 0, 0, -20),   // j loop
	}
	h, _ := newTestHart(b, prog)
	h.SetReg(12, ramBase+0x10000)
	h.SetReg(13, ramBase+0x10000)
	h.SetReg(14, ramBase+0x11000)
	b.ResetTimer()
	h.Run(h.Icount() + uint64(b.N))
	b.StopTimer()
	if c, _ := h.ReadCSR(CSRMcause); c != 0 {
		b.Fatalf("trapped: mcause=%d", c)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds()/1e6, "MIPS")
}

func TestAccessSizeTables(t *testing.T) {
	loads := map[Op]int{OpLB: 1, OpLH: 2, OpLW: 4, OpLD: 8, OpLBU: 1, OpLHU: 2, OpLWU: 4}
	for op, n := range loads {
		if got := loadSize[op-OpLB]; got != n {
			t.Errorf("loadSize[%v] = %d, want %d", op, got, n)
		}
	}
	stores := map[Op]int{OpSB: 1, OpSH: 2, OpSW: 4, OpSD: 8}
	for op, n := range stores {
		if got := storeSize[op-OpSB]; got != n {
			t.Errorf("storeSize[%v] = %d, want %d", op, got, n)
		}
	}
}

func TestTrapHookStops(t *testing.T) {
	prog := []uint32{addi(10, 0, 1), 0x00100073 /* ebreak */, addi(10, 0, 2)}
	h, _ := newTestHart(t, prog)
	h.WriteCSR(CSRMtvec, ramBase+8)
	var seen []uint64
	h.SetTrapHook(func(cause, tval uint64, intr bool) bool {
		seen = append(seen, cause, tval)
		return true
	})
	if r := h.Run(100); r != StopTrap {
		t.Fatalf("stop = %v, want StopTrap", r)
	}
	if len(seen) != 2 || seen[0] != ExcBreakpoint || seen[1] != ramBase+4 {
		t.Fatalf("hook saw %v", seen)
	}
	if h.PC() != ramBase+8 {
		t.Fatalf("pc = %#x, want the handler", h.PC())
	}
}

func TestTranslateHasNoSideEffects(t *testing.T) {
	// Sv39 with one 1 GiB leaf mapping VA 0x0 -> PA 0x80000000 (R|W|X|U=0,
	// A=D=0), root table at RAM+0x2000.
	h, mem := newTestHart(t, nil)
	root := uint64(ramBase + 0x2000)
	pte := uint64(ramBase>>12)<<10 | 0xf // V R W X
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], pte)
	mem.Write(root, b[:])
	h.WriteCSR(CSRSatp, satpModeSv39<<60|root>>12)
	h.SetPriv(PrivS)
	pa, ok := h.Translate(0x1234, AccessLoad)
	if !ok || pa != ramBase+0x1234 {
		t.Fatalf("Translate = %#x, %v", pa, ok)
	}
	mem.Read(root, b[:])
	if got := binary.LittleEndian.Uint64(b[:]); got != pte {
		t.Fatalf("Translate wrote the PTE: %#x -> %#x", pte, got)
	}
	if _, ok := h.Translate(1<<40, AccessLoad); ok {
		t.Fatal("non-canonical address translated")
	}
}

func TestTranslateDebugSkipsPermissions(t *testing.T) {
	// A U page (V R W X U) seen from S-mode with SUM clear: a load faults,
	// a debugger's translation still finds it.
	h, mem := newTestHart(t, nil)
	root := uint64(ramBase + 0x2000)
	pte := uint64(ramBase>>12)<<10 | 0x1f
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], pte)
	mem.Write(root, b[:])
	h.WriteCSR(CSRSatp, satpModeSv39<<60|root>>12)
	h.SetPriv(PrivS)
	if _, ok := h.Translate(0x40, AccessLoad); ok {
		t.Fatal("S-mode load of a U page without SUM translated")
	}
	if pa, ok := h.Translate(0x40, AccessDebug); !ok || pa != ramBase+0x40 {
		t.Fatalf("AccessDebug = %#x, %v", pa, ok)
	}
	if _, ok := h.Translate(0x40, 7); ok {
		t.Fatal("an unknown access kind translated")
	}
}

func TestDebuggerCounterWriteReadsBack(t *testing.T) {
	h, _ := newTestHart(t, []uint32{addi(10, 0, 1), addi(10, 0, 2)})
	h.Run(1)
	for _, n := range []uint16{CSRMcycle, CSRMinstret} {
		h.WriteCSR(n, 1000)
		if v, _ := h.ReadCSR(n); v != 1000 {
			t.Errorf("CSR %#x reads %d after a debugger wrote 1000", n, v)
		}
	}
	h.Run(2)
	if v, _ := h.ReadCSR(CSRMinstret); v != 1001 {
		t.Errorf("minstret = %d after one more instruction, want 1001", v)
	}
}
