package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

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
		"virtio device `spec`: rng[:seed=N], console, blk:file=FILE[,...] (repeatable)")
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
		len(o.devices) > 0 || o.modern || o.rngSeed != 0 || o.rtcEpoch != 0
}

// configure completes a machine configuration with the devices and the
// command line.
func (o *bootOptions) configure(cfg *machine.Config) {
	cfg.Virtio = o.devices
	cfg.VirtioModern = o.modern
	cfg.RNGSeed = o.rngSeed
	cfg.RTCEpoch = o.rtcEpoch
	cfg.Bootargs = o.appendArgs
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

// runBoot is `vmcore run` with boot or device flags.
func runBoot(ctx context.Context, rest []string, opt runOptions, bo bootOptions, ro recordOptions, gdb bool, env Env) int {
	usage := func(format string, a ...any) int {
		fmt.Fprintf(env.Err, "vmcore run: "+format+"\n", a...)
		return ExitUsage
	}
	if opt.harts < 1 || opt.harts > machine.MaxHarts {
		return usage("--harts %d: want 1..%d", opt.harts, machine.MaxHarts)
	}
	if gdb {
		return usage("--gdb cannot be combined with --bios, --kernel, --initrd, --append or devices yet")
	}
	var img *machine.Image
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
			img, err = machine.BootImage(files, opt.mem.v)
		}
	case bo.kernel != "" || bo.initrd != "":
		return usage("--kernel and --initrd need --bios (vmcore has no built-in firmware; try --bios /usr/lib/riscv64-linux-gnu/opensbi/generic/fw_jump.elf)")
	default:
		if len(rest) != 1 {
			return usage("want exactly one PROGRAM, got %d arguments", len(rest))
		}
		img, err = loadProgram(rest[0], opt.loadAddr)
	}
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	if !ro.noRecord {
		// A session must carry the firmware, kernel, initrd and drive
		// contents (or digests) to replay; the recorded event does not
		// hold them yet.
		fmt.Fprintln(env.Err, "vmcore run: not recording: sessions with --bios, --kernel, --initrd or devices cannot be recorded yet (running as with --no-record)")
	}
	return runImageConfig(ctx, img, opt, bo.configure, env)
}
