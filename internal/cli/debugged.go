package cli

import (
	"context"
	"fmt"
	"io"

	"vmcore/debugger"
	"vmcore/store/badgerstore"
	"vmcore/vm"
	"vmcore/vm/machine"
)

// program is what a debugged machine runs and what its recording stores:
// the image, and the bytes and format it was made from.
type program struct {
	img    *machine.Image
	path   string // as the user named it (or the demo's name)
	format string // vm.ImageELF or vm.ImageRaw; unused for a boot
	data   []byte
	addr   uint64 // load address of a raw image
	// boot, when set, are the files of a firmware boot (img is their
	// machine.BootImage), which the session stores instead of data.
	boot *machine.BootFiles
	// setup completes the board's configuration (devices, bootargs).
	setup func(*machine.Config)
	// hotplug is a script of device changes to make as the run goes.
	hotplug []vm.HotplugAction
}

// checkRecordable refuses, before any device is opened, a board whose
// recording would be refused later (opening an overlay file creates it).
func checkRecordable(cfg machine.Config, ro recordOptions) error {
	if ro.noRecord {
		return nil
	}
	for _, sp := range cfg.Virtio {
		if err := vm.Recordable(sp); err != nil {
			return err
		}
	}
	return nil
}

// config is the board configuration for p under opt.
func (p program) config(opt runOptions) machine.Config {
	cfg := machine.Config{RAMSize: opt.mem.v, Harts: opt.harts, InsnsPerTick: opt.insnsPerTick}
	if p.setup != nil {
		p.setup(&cfg)
	}
	return cfg
}

// newSession records VMCreated for p on the machine m.
func (p program) newSession(ctx context.Context, st vm.EventStore, m *machine.Machine, bus *vm.Bus[vm.Event]) (*vm.VirtualMachine, error) {
	if p.boot != nil {
		return vm.NewBootSession(ctx, st, m.Config(), *p.boot, bus)
	}
	return vm.NewSession(ctx, st, m.Config(), p.path, p.format, p.addr, p.data, bus)
}

// debugged is a machine under the debugger: its execution history (for
// reverse execution) and, unless recording is off or the store is held by
// another vmcore, its session journal. The screen, `vmcore gdb` and
// `vmcore run --gdb` all drive one.
type debugged struct {
	m    *machine.Machine
	d    *debugger.Debugger
	hist *debugger.Recorder
	j    *vm.Journal // nil when not recording
	bus  *vm.Bus[vm.Event]
	st   *badgerstore.Store
}

// newDebugged builds the board for opt with console as the UART output,
// loads p, and starts the debugger. The journal's domain events are
// published on the returned bus as they are stored. A store that cannot
// be opened is reported on env.Err and the session runs unrecorded, as
// `vmcore run` does.
func newDebugged(ctx context.Context, p program, opt runOptions, ro recordOptions, console io.Writer, waitInput bool, env Env) (*debugged, error) {
	g := &debugged{bus: vm.NewBus[vm.Event]()}
	cfg := p.config(opt)
	if err := checkRecordable(cfg, ro); err != nil {
		return nil, err
	}
	cfg.Console, cfg.WaitForInput = console, waitInput
	// hist and j are set once the image is loaded; input cannot arrive
	// before the first run, which comes after.
	cfg.OnInput = func(n uint64, b []byte) {
		g.hist.OnInput(n, b)
		if g.j != nil {
			// A failure has already ended the recording (Failed is
			// recorded); the guest goes on.
			_ = g.j.Input(b)
		}
	}
	m, err := machine.New(cfg)
	if err != nil {
		return nil, err
	}
	g.m = m
	if err := m.Load(p.img); err != nil {
		m.Close()
		return nil, err
	}
	g.hist = debugger.NewRecorder(m, debugger.RecorderOptions{})
	if !ro.noRecord {
		if err := g.record(ctx, p, ro, env); err != nil {
			m.Close()
			return nil, err
		}
	}
	dopts := debugger.Options{History: g.hist}
	if g.j != nil {
		dopts.Journal = g.j
	}
	g.d = debugger.New(m, dopts)
	return g, nil
}

// record opens the store and starts the session's journal.
func (g *debugged) record(ctx context.Context, p program, ro recordOptions, env Env) error {
	if ro.checkpointEvery == 0 {
		return fmt.Errorf("--checkpoint-every must be at least 1")
	}
	st, err := openStore(ro.dataDir)
	if err != nil {
		_, err := ro.storeUnavailable(err, env)
		return err
	}
	v, err := p.newSession(ctx, st, g.m, g.bus)
	if err != nil {
		st.Close()
		return err
	}
	j, err := vm.NewJournal(ctx, st, v, g.m, vm.RecorderOptions{
		CheckpointEvery: ro.checkpointEvery, SnapshotEvery: ro.snapshotSetting(), Bus: g.bus})
	if err != nil {
		st.Close()
		return err
	}
	g.st, g.j = st, j
	return nil
}

// SessionID is the recorded session's id, or "" when not recording.
func (g *debugged) SessionID() string {
	if g.j == nil {
		return ""
	}
	return g.j.VM().ID().String()
}

// Recording reports whether the session is still being recorded. It asks
// on the debugger's goroutine, which owns the journal.
func (g *debugged) Recording() bool {
	if g.j == nil {
		return false
	}
	var on bool
	if g.d.Do(func(*machine.Machine) { on = g.j.Recording() }) != nil {
		return false
	}
	return on
}

// EndReason says why the recording ended early ("" while it records or
// when it was not recorded). It asks on the debugger's goroutine.
func (g *debugged) EndReason() string {
	if g.j == nil {
		return ""
	}
	var r string
	if g.d.Do(func(*machine.Machine) { r = g.j.Ended() }) != nil {
		return ""
	}
	return r
}

// Close ends the session (a last checkpoint and Stopped with reason, when
// still recording), then releases everything in reverse order of making.
func (g *debugged) Close(reason string) error {
	var err error
	if g.j != nil {
		if e := g.d.Do(func(*machine.Machine) { err = g.j.Close(reason) }); e != nil && err == nil {
			err = e
		}
	}
	g.d.Close()
	g.m.Close()
	if g.st != nil {
		if e := g.st.Close(); e != nil && err == nil {
			err = e
		}
	}
	return err
}
