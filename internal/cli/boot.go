package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"vmcore/vm"
	"vmcore/vm/device/virtio"
	"vmcore/vm/machine"
)

// bootOptions are the flags of `vmcore run` that boot firmware with
// QEMU's conventions and add virtio devices.
type bootOptions struct {
	bios, kernel, initrd, appendArgs string
	devices                          []virtio.Spec
	modern                           bool
	rngSeed                          uint64
	rtcEpoch                         uint64
	hotplugScript                    string
	inputToVirtio                    bool
}

// specList collects repeated --drive or --device values.
type specList struct {
	into  *[]virtio.Spec
	parse func(string) (virtio.Spec, error)
	seen  []string
}

// String implements flag.Value.
func (l *specList) String() string {
	if l == nil {
		return ""
	}
	return strings.Join(l.seen, " ")
}

// Set implements flag.Value.
func (l *specList) Set(s string) error {
	sp, err := l.parse(s)
	if err != nil {
		return err
	}
	l.seen = append(l.seen, s)
	*l.into = append(*l.into, sp)
	return nil
}

func (o *bootOptions) register(fs *flag.FlagSet) {
	fs.StringVar(&o.bios, "bios", "", "boot `firmware` (ELF, or raw at 0x80000000) as QEMU's -bios; PROGRAM becomes optional")
	fs.StringVar(&o.kernel, "kernel", "", "`kernel` for the firmware (ELF, or raw at 0x80200000 after fw_jump-sized firmware)")
	fs.StringVar(&o.initrd, "initrd", "", "initial ramdisk `file`, placed as QEMU does and named in /chosen")
	fs.StringVar(&o.appendArgs, "append", "", "kernel command line `args` (/chosen/bootargs)")
	fs.Var(&specList{into: &o.devices, parse: virtio.ParseDrive}, "drive",
		"virtio-blk disk `DRIVE`: FILE[,readonly|,writable|,overlay=PATH][,slot=N] (repeatable; default: writes kept in memory)")
	fs.Var(&specList{into: &o.devices, parse: virtio.ParseSpec}, "device",
		"virtio device `spec`: rng[:seed=N][,slot=N], console[:slot=N], blk:file=FILE[,readonly|,writable|,overlay=PATH][,slot=N] (repeatable)")
	fs.StringVar(&o.hotplugScript, "hotplug-script", "", "attach and detach virtio devices as the run goes, from `file`: lines 'ICOUNT attach SPEC' or 'ICOUNT detach SLOT' (# comments)")
	fs.Func("console", "the `device` console input goes to: uart (default) or virtio (the first virtio console, a guest's hvc0)", func(s string) error {
		switch s {
		case "uart":
			o.inputToVirtio = false
		case "virtio":
			o.inputToVirtio = true
		default:
			return fmt.Errorf("want uart or virtio, got %q", s)
		}
		return nil
	})
	fs.BoolVar(&o.modern, "virtio-modern", false, "modern virtio-mmio transports (Version 2) instead of QEMU 7.2's legacy default")
	fs.Func("rng-seed", "seed `n` of virtio-rng devices that give none (default 0)", func(s string) error {
		v, err := strconv.ParseUint(s, 0, 64)
		o.rngSeed = v
		return err
	})
	fs.Func("rtc-epoch", "goldfish RTC time at boot, in `seconds` since 1970 (default 0: virtual time is never the host's)", func(s string) error {
		v, err := strconv.ParseUint(s, 0, 32)
		o.rtcEpoch = v * 1e9
		return err
	})
}

// used reports whether any flag asks for more than running one program.
func (o *bootOptions) used() bool {
	return o.bios != "" || o.kernel != "" || o.initrd != "" || o.appendArgs != "" ||
		len(o.devices) > 0 || o.modern || o.rngSeed != 0 || o.rtcEpoch != 0 || o.hotplugScript != "" || o.inputToVirtio
}

// configure completes a machine configuration with the devices and the
// command line.
func (o *bootOptions) configure(cfg *machine.Config) {
	cfg.Virtio = o.devices
	cfg.VirtioModern = o.modern
	cfg.RNGSeed = o.rngSeed
	cfg.RTCEpoch = o.rtcEpoch
	cfg.Bootargs = o.appendArgs
	cfg.InputToVirtio = o.inputToVirtio
}

func readFile(flagName, path string) (machine.File, error) {
	if path == "" {
		return machine.File{}, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return machine.File{}, fmt.Errorf("--%s: %w", flagName, err)
	}
	return machine.File{Name: path, Data: data}, nil
}

// bootProgram builds what a run with boot or device flags runs: the
// firmware (with PROGRAM as its kernel) or PROGRAM, the board setup and
// the hot-plug script. ok is false when the command should end with
// status.
func bootProgram(name string, rest []string, opt runOptions, bo bootOptions, env Env) (p program, status int, ok bool) {
	usage := func(format string, a ...any) (program, int, bool) {
		fmt.Fprintf(env.Err, "vmcore "+name+": "+format+"\n", a...)
		return program{}, ExitUsage, false
	}
	if opt.harts < 1 || opt.harts > machine.MaxHarts {
		return usage("--harts %d: want 1..%d", opt.harts, machine.MaxHarts)
	}
	p = program{setup: bo.configure}
	var err error
	switch {
	case bo.bios != "":
		if len(rest) > 1 || (len(rest) == 1 && bo.kernel != "") {
			return usage("with --bios give at most one PROGRAM (the kernel), and not beside --kernel; got %q", rest)
		}
		if len(rest) == 1 {
			bo.kernel = rest[0]
		}
		var files machine.BootFiles
		if files.Firmware, err = readFile("bios", bo.bios); err == nil {
			if files.Kernel, err = readFile("kernel", bo.kernel); err == nil {
				files.Initrd, err = readFile("initrd", bo.initrd)
			}
		}
		if err == nil {
			p.img, err = machine.BootImage(files, opt.mem.v)
		}
		if err == nil {
			p.boot, p.path = &files, p.img.Name
		}
	case bo.kernel != "" || bo.initrd != "":
		return usage("--kernel and --initrd need --bios (vmcore has no built-in firmware; try --bios /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf)")
	default:
		if len(rest) != 1 {
			return usage("want exactly one PROGRAM, got %d arguments%s", len(rest), flagsAfterProgram(rest))
		}
		setup := p.setup
		if p, err = openProgram(rest[0], opt.loadAddr, env.Err); err == nil {
			p.setup = setup
		}
	}
	if err != nil {
		printAsmError(env, err)
		return program{}, ExitError, false
	}
	if bo.hotplugScript != "" {
		f, err := os.Open(bo.hotplugScript)
		if err != nil {
			fmt.Fprintf(env.Err, "vmcore: --hotplug-script: %v\n", err)
			return program{}, ExitError, false
		}
		p.hotplug, err = vm.ParseHotplugScript(bo.hotplugScript, f)
		f.Close()
		if err != nil {
			fmt.Fprintf(env.Err, "vmcore: %v\n", err)
			return program{}, ExitError, false
		}
	}
	return p, 0, true
}

// flagsAfterProgram hints that flags must come before PROGRAM when an
// extra argument looks like one.
func flagsAfterProgram(rest []string) string {
	for _, a := range rest[min(1, len(rest)):] {
		if strings.HasPrefix(a, "-") {
			return fmt.Sprintf(" (%q after PROGRAM: flags go before PROGRAM)", a)
		}
	}
	return ""
}

// runBoot is `vmcore run` with boot or device flags.
func runBoot(ctx context.Context, rest []string, opt runOptions, bo bootOptions, ro recordOptions, gdbAddr string, env Env) int {
	p, status, ok := bootProgram("run", rest, opt, bo, env)
	if !ok {
		return status
	}
	switch {
	case gdbAddr != "":
		if len(p.hotplug) > 0 {
			fmt.Fprintln(env.Err, "vmcore run: --hotplug-script cannot be combined with --gdb (attach devices from GDB with 'monitor hotplug attach SPEC')")
			return ExitUsage
		}
		return runImageGDB(ctx, p, opt, ro, gdbAddr, env)
	case !ro.noRecord:
		return runProgramRecorded(ctx, p, opt, ro, env)
	}
	return runProgram(ctx, p, opt, env)
}
