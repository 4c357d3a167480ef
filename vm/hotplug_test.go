package vm

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vmcore/store/memstore"
	"vmcore/vm/machine"
)

func TestParseHotplugScript(t *testing.T) {
	good := `# a comment
100 attach rng:seed=3
  200   attach blk:file=d.img,readonly,slot=2   # trailing comment

300 detach 2
`
	acts, err := ParseHotplugScript("s.txt", strings.NewReader(good))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"100 attach rng:seed=3", "200 attach blk:file=d.img,readonly,slot=2", "300 detach 2"}
	if len(acts) != len(want) {
		t.Fatalf("%d actions, want %d", len(acts), len(want))
	}
	for i, a := range acts {
		if a.String() != want[i] {
			t.Errorf("action %d = %q, want %q", i, a, want[i])
		}
	}
	bad := []struct{ script, want string }{
		{"x attach rng", "s.txt:1"},
		{"10 attach", "want ICOUNT attach SPEC"},
		{"10 plug rng", `unknown action "plug"`},
		{"10 detach 9", "slot \"9\": want 0..7"},
		{"10 attach floppy", "bad device spec"},
		{"20 detach 1\n10 detach 2", "s.txt:2: icount 10 comes before"},
	}
	for _, b := range bad {
		_, err := ParseHotplugScript("s.txt", strings.NewReader(b.script))
		if err == nil || !strings.Contains(err.Error(), b.want) || KindOf(err) != KindConfig {
			t.Errorf("%q: err = %v, want a config error containing %q", b.script, err, b.want)
		}
	}
}

// Devices plugged in and out by a script are recorded at their icounts;
// the replay makes the same changes (the state hash covers the slots, so
// a replay without them would diverge), also from a snapshot taken while
// a device was plugged in.
func TestHotplugIsRecordedAndReplayed(t *testing.T) {
	disk := filepath.Join(t.TempDir(), "d.img")
	if err := os.WriteFile(disk, make([]byte, 4096), 0o644); err != nil {
		t.Fatal(err)
	}
	script := "40 attach rng:seed=9\n60 attach blk:file=" + disk + ",readonly,slot=3\n100 detach 3\n"
	acts, err := ParseHotplugScript("script", strings.NewReader(script))
	if err != nil {
		t.Fatal(err)
	}
	st := memstore.New()
	id, _ := record(t, st, "timer.elf", 1, nil, RecorderOptions{CheckpointEvery: 20, SnapshotEvery: 2, Hotplug: acts})
	s, err := OpenSession(context.Background(), st, id)
	if err != nil {
		t.Fatal(err)
	}
	var plugs []string
	for _, e := range s.Events {
		switch e := e.(type) {
		case DeviceAttached:
			plugs = append(plugs, e.Device.Spec)
			if e.Icount != acts[len(plugs)-1].Icount {
				t.Errorf("%s recorded at icount %d, scripted at %d", e.Device.Spec, e.Icount, acts[len(plugs)-1].Icount)
			}
		case DeviceDetached:
			plugs = append(plugs, "detach")
		}
	}
	if len(plugs) != 3 || !strings.HasPrefix(plugs[1], "blk:") || plugs[2] != "detach" {
		t.Fatalf("recorded hot-plugs %q", plugs)
	}
	rep, _ := verify(t, st, id)
	if rep.Divergence != nil || rep.Verified < 5 {
		t.Fatalf("replay: %+v, %v", rep, rep.Divergence)
	}
	// Without the events the replay parts ways at the first checkpoint.
	bare := copySession(t, st, id, func(e Event) Event {
		if a, ok := e.(DeviceAttached); ok && strings.HasPrefix(a.Device.Spec, "rng") {
			return Paused{Reason: "dropped", Icount: a.Icount} // same version count, no device
		}
		return e
	})
	if rep, _ := verify(t, bare, id); rep.Divergence == nil {
		t.Fatal("a replay without the rng attached verified")
	}
	// From a snapshot taken while the devices were plugged in.
	m, info, err := ReplayTo(context.Background(), st, s, 90, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if info.FromSnapshot < 60 || m.Virtio(3).Backend() == nil {
		t.Fatalf("replay to 90 from snapshot %d; slot 3 holds %v", info.FromSnapshot, m.Virtio(3).Backend())
	}
	// A disk changed since the recording is refused, by name.
	if err := os.WriteFile(disk, []byte("changed"), 0o644); err != nil {
		t.Fatal(err)
	}
	if d := divergenceOf(t, s); !strings.Contains(d, "changed since the recording") {
		t.Fatalf("replay with a changed disk image: %q, want it refused", d)
	}
}

func divergenceOf(t *testing.T, s *Session) string {
	t.Helper()
	rep, err := Verify(context.Background(), s, nil)
	if err != nil {
		return err.Error()
	}
	if rep.Divergence == nil {
		return ""
	}
	return rep.Divergence.Detail
}

// newRecordedMachine makes a session for the program data and its loaded
// machine.
func newRecordedMachine(t *testing.T, st SessionStore, data []byte) (*VirtualMachine, *machine.Machine) {
	t.Helper()
	m, err := machine.New(machine.Config{RAMSize: 16 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Close() })
	img, err := machine.ParseELF("prog.elf", data)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Load(img); err != nil {
		t.Fatal(err)
	}
	v, err := NewSession(context.Background(), st, m.Config(), "prog.elf", ImageELF, 0, data, nil)
	if err != nil {
		t.Fatal(err)
	}
	return v, m
}

// A disk written in place cannot be recorded: the attach is undone.
func TestHotplugRefusesUnrecordableDisk(t *testing.T) {
	disk := filepath.Join(t.TempDir(), "d.img")
	if err := os.WriteFile(disk, make([]byte, 4096), 0o644); err != nil {
		t.Fatal(err)
	}
	acts, err := ParseHotplugScript("script", strings.NewReader("10 attach blk:file="+disk+",writable,slot=5\n"))
	if err != nil {
		t.Fatal(err)
	}
	st := memstore.New()
	data, err := os.ReadFile("machine/testdata/timer.elf")
	if err != nil {
		t.Fatal(err)
	}
	v, m := newRecordedMachine(t, st, data)
	rec := NewRecorder(st, v, RecorderOptions{CheckpointEvery: 20, Hotplug: acts})
	rec.Attach(m)
	_, err = rec.Run(context.Background(), 1_000_000)
	if err == nil || KindOf(err) != KindConfig || !strings.Contains(err.Error(), "cannot be recorded") {
		t.Fatalf("run: %v, want a config error about recording the disk", err)
	}
	if m.Virtio(5).Backend() != nil {
		t.Fatal("the unrecordable disk stayed plugged in")
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T is not a *vm.Error", err)
	}
}
