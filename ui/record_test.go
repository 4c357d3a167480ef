package ui

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"vmcore/debugger"
	"vmcore/store/memstore"
	"vmcore/vm"
	"vmcore/vm/machine"
)

// newRecordedHello is newHello with the session recorded through a
// vm.Journal into a memory store, as `vmcore tui` records.
func newRecordedHello(t *testing.T) (*MachineBackend, *vm.Journal, *memstore.Store) {
	t.Helper()
	data, err := os.ReadFile("testdata/hello.elf")
	if err != nil {
		t.Fatal(err)
	}
	img, err := machine.ParseELF("hello.elf", data)
	if err != nil {
		t.Fatal(err)
	}
	m, err := machine.New(machine.Config{RAMSize: 16 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Load(img); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st := memstore.New()
	bus := vm.NewBus[vm.Event]()
	v, err := vm.NewSession(ctx, st, m.Config(), "hello.elf", vm.ImageELF, 0, data, bus)
	if err != nil {
		t.Fatal(err)
	}
	j, err := vm.NewJournal(ctx, st, v, m, vm.RecorderOptions{CheckpointEvery: 50, Bus: bus})
	if err != nil {
		t.Fatal(err)
	}
	d := debugger.New(m, debugger.Options{Journal: j})
	b, err := NewMachineBackend(d, MachineOptions{SessionID: v.ID().String(), Events: bus})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		b.Close()
		d.Close()
		m.Close()
	})
	return b, j, st
}

// Edits made on the screen — an instruction assembled into memory, a byte
// and a register set from the command line — are recorded as
// MemoryPatched and RegisterPatched events, shown in the event pane, and
// the recording replays to the same states.
func TestScreenEditsAreRecorded(t *testing.T) {
	b, j, st := newRecordedHello(t)
	m := newModel(t, b, 160, 50)
	start, ok := b.SymbolAddr("_start")
	if !ok {
		t.Fatal("hello.elf has no _start")
	}
	for _, line := range []string{
		fmt.Sprintf("asm %#x addi a0, a0, 1", start+8),
		fmt.Sprintf("set mem %#x 0x13", start+0x100),
		"set reg a5 0x1234",
	} {
		typeCmd(m, line)
		if m.msgErr {
			t.Fatalf("%s: %s", line, m.msg)
		}
	}
	if err := b.Step(7); err != nil {
		t.Fatal(err)
	}
	typeCmd(m, "snapshot")
	if m.msgErr || !strings.Contains(m.msg, "snapshot at icount 7 ") {
		t.Fatalf("snapshot: %q", m.msg)
	}
	if err := b.Continue(); err != nil {
		t.Fatal(err)
	}
	waitUntil(t, "the guest to exit", func() bool { return b.Snapshot().State == Halted })
	s, err := vm.OpenSession(context.Background(), st, j.VM().ID())
	if err != nil {
		t.Fatal(err)
	}
	var mem, regs int
	for _, e := range s.Events {
		switch e := e.(type) {
		case vm.MemoryPatched:
			mem++
		case vm.RegisterPatched:
			if e.Reg == 15 && e.Value == 0x1234 {
				regs++
			}
		}
	}
	if mem != 2 || regs != 1 {
		t.Errorf("%d MemoryPatched and %d RegisterPatched(a5) events, want 2 and 1", mem, regs)
	}
	rep, err := vm.Verify(context.Background(), s, nil)
	if err != nil || rep.Divergence != nil || rep.Verified == 0 {
		t.Fatalf("verify: %+v, %v", rep, err)
	}
	// The snapshot taken from the command line is where replay --to
	// starts for a later icount.
	rm, info, err := vm.ReplayTo(context.Background(), st, s, 9, nil)
	if err != nil {
		t.Fatal(err)
	}
	rm.Close()
	if info.FromSnapshot != 7 {
		t.Errorf("replay to icount 9 started from icount %d, want the snapshot at 7", info.FromSnapshot)
	}
	waitUntil(t, "the patches in the event pane", func() bool {
		n := 0
		for _, e := range b.EventsSince(0) {
			if e.Type == "MemoryPatched" {
				n++
			}
		}
		return n == 2
	})
}

// waitUntil polls cond; the bound only keeps a broken build from hanging,
// nothing is timed.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for i := 0; i < 2500; i++ {
		if cond() {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("timed out waiting for %s", what)
}
