package cli

import (
	"context"
	"flag"
	"fmt"

	"github.com/google/uuid"

	"vmcore/store"
	"vmcore/store/badgerstore"
	"vmcore/vm"
	"vmcore/vm/machine"
)

// recordOptions are the recording flags of `vmcore run`.
type recordOptions struct {
	noRecord        bool
	dataDir         string
	checkpointEvery uint64
	snapshotEvery   int
	// bestEffort runs unrecorded, after a warning, when the store cannot
	// be opened (the demo); otherwise that is an error, since a user who
	// did not say --no-record expects a recording.
	bestEffort bool
}

// storeUnavailable decides about a store that cannot be opened: with
// bestEffort it warns and the run goes on unrecorded (goOn); otherwise it
// returns the error that ends the command.
func (o recordOptions) storeUnavailable(err error, env Env) (goOn bool, _ error) {
	if o.bestEffort {
		fmt.Fprintf(env.Err, "vmcore: not recording: %v (use --no-record or --data-dir)\n", err)
		return true, nil
	}
	return false, fmt.Errorf("cannot record the session: %w (run with --no-record to run without recording, or --data-dir DIR for another store)", err)
}

// warnHotplugLeft says which scripted device changes were not made
// because the run ended before their icount (a failed one has its own
// error).
func warnHotplugLeft(left []vm.HotplugAction, end uint64, ranOut bool, env Env) {
	if len(left) == 0 || !ranOut {
		return
	}
	fmt.Fprintf(env.Err, "vmcore: hot-plug script: %d change(s) not made: the run ended at icount %d, before line %d (%s)\n",
		len(left), end, left[0].Line, left[0])
}

// snapshotSetting is --snapshot-every as vm.RecorderOptions takes it:
// 0 from the command line means none, as negative values do.
func (o recordOptions) snapshotSetting() int {
	if o.snapshotEvery == 0 {
		return -1
	}
	return o.snapshotEvery
}

func (o *recordOptions) register(fs *flag.FlagSet) {
	fs.BoolVar(&o.noRecord, "no-record", false, "do not record the session")
	registerDataDir(fs, &o.dataDir)
	fs.Uint64Var(&o.checkpointEvery, "checkpoint-every", vm.DefaultCheckpointEvery,
		"record a state-hash checkpoint every `n` instructions")
	fs.IntVar(&o.snapshotEvery, "snapshot-every", vm.DefaultSnapshotEvery,
		"store a machine snapshot every `n` checkpoints (0 or negative: none)")
}

func registerDataDir(fs *flag.FlagSet, dir *string) {
	fs.StringVar(dir, "data-dir", "", "session store `directory` (default $VMCORE_DATA_DIR, else $XDG_DATA_HOME/vmcore or ~/.local/share/vmcore)")
}

// openStore opens the session store in dir, or in the default directory.
func openStore(dir string) (*badgerstore.Store, error) {
	if dir == "" {
		d, err := store.DefaultDir()
		if err != nil {
			return nil, err
		}
		dir = d
	}
	return badgerstore.Open(dir, badgerstore.Options{})
}

// openSessionStore opens the store in dir and finds the session that ref
// (an id or an unambiguous prefix) names. On error nothing is left open.
func openSessionStore(ctx context.Context, dir, ref string) (*badgerstore.Store, uuid.UUID, error) {
	st, err := openStore(dir)
	if err != nil {
		return nil, uuid.UUID{}, err
	}
	id, err := vm.FindSession(ctx, st, ref)
	if err != nil {
		st.Close()
		return nil, uuid.UUID{}, err
	}
	return st, id, nil
}

// runProgramRecorded runs p with the session recorded into the store
// (see recordOptions.storeUnavailable for a store that cannot be opened).
func runProgramRecorded(ctx context.Context, p program, opt runOptions, ro recordOptions, env Env) int {
	if ro.checkpointEvery == 0 {
		fmt.Fprintln(env.Err, "vmcore run: --checkpoint-every must be at least 1")
		return ExitUsage
	}
	if err := checkRecordable(p.config(opt), ro); err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	st, err := openStore(ro.dataDir)
	if err != nil {
		goOn, err := ro.storeUnavailable(err, env)
		if !goOn {
			fmt.Fprintf(env.Err, "vmcore: %v\n", err)
			return ExitError
		}
		return runProgram(ctx, p, opt, env)
	}
	defer st.Close()

	out := newConsoleWriter(env.Out)
	defer out.Close()
	cfg := p.config(opt)
	cfg.Console, cfg.WaitForInput = out, env.In != nil
	// The recorder needs the machine's filled-in Config, and the machine
	// needs the recorder's hook: bind the hook late. It only runs inside
	// Run, after rec is set.
	var rec *vm.Recorder
	cfg.OnInput = func(icount uint64, b []byte) { rec.OnInput(icount, b) }
	m, err := machine.New(cfg)
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	defer m.Close()
	if err := m.Load(p.img); err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	// Recording goes on through Ctrl-C: the session records the stop.
	v, err := p.newSession(context.WithoutCancel(ctx), st, m, nil)
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	rec = vm.NewRecorder(st, v, vm.RecorderOptions{CheckpointEvery: ro.checkpointEvery, SnapshotEvery: ro.snapshotSetting(), Hotplug: p.hotplug})
	rec.Attach(m)
	if env.In != nil {
		restore := rawTerminal(env.In)
		defer restore()
		go feedInput(env.In, m)
	}
	r, err := rec.Run(ctx, opt.maxInsns.v)
	out.Close()
	warnHotplugLeft(rec.HotplugLeft(), r.Icount, err == nil, env)
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore: recording session %s: %v\n", v.ID(), err)
		if r.Reason == machine.ReasonInterrupted && ctx.Err() == nil {
			return ExitError // the recording, not the user, stopped the run
		}
	}
	return report(r, env.Err)
}
