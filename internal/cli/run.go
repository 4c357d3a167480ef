package cli

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"vmcore/vm"
	"vmcore/vm/machine"
)

const runUsage = `Usage: vmcore run [flags] PROGRAM
       vmcore run --bios FIRMWARE [--kernel KERNEL] [--initrd FILE] [--append ARGS] [--drive DRIVE]... [flags]

Runs PROGRAM (an RV64 ELF executable, an assembly source FILE.s assembled
in memory by the built-in assembler, or a raw binary with --load-addr) on
the QEMU-virt-compatible board. The guest's UART is the terminal: its output
goes to stdout and stdin is its input. Programs with a tohost symbol may
also use Spike's HTIF for output and exit.

With --bios, the board boots firmware as qemu-system-riscv64 -M virt does:
FIRMWARE (ELF, or raw at 0x80000000) is entered with a0 = hart id and
a1 = the device tree's address (at the end of RAM); KERNEL (ELF, or raw at
the first 2 MiB boundary after the firmware: 0x80200000 for OpenSBI's
fw_jump) is named to the firmware in fw_dynamic_info; the initrd goes at
kernel + min(RAM/2, 128M) and /chosen names it, with --append as bootargs.
A PROGRAM given with --bios is the kernel.

DRIVE is FILE[,readonly|,writable|,overlay=PATH][,slot=N], a virtio-blk
disk. By default the guest may write and its writes stay in memory (a
copy-on-write overlay): FILE never changes. readonly refuses writes
(VIRTIO_BLK_S_IOERR); overlay=PATH keeps the overlay in PATH across runs
(FILE still never changes); writable writes to FILE itself. A comma in a
file name is written twice. --device SPEC adds other virtio devices:
"rng", "rng:seed=N", "console", or "blk:file=FILE,..." as a DRIVE. Devices
take the virtio-mmio slots from the last (0x10008000) down, as QEMU's
-device does, unless slot=N (0..7) says otherwise.

The exit status is the guest's exit code (finisher 0x5555 or HTIF exit 0:
status 0; a failure: its code), 3 if --max-insns runs out, 4 if the guest
hangs with nothing left to wake it, 130 after Ctrl-C or SIGTERM.

The session is recorded (events with checkpoints, and snapshots) in the
store at --data-dir, $VMCORE_DATA_DIR or ~/.local/share/vmcore, unless
--no-record is given; see vmcore sessions and vmcore replay.
`

type runOptions struct {
	mem          sizeFlag
	harts        int
	maxInsns     uintFlag
	loadAddr     uintFlag
	insnsPerTick uint64
}

func (o *runOptions) register(fs *flag.FlagSet) {
	o.mem.v = machine.DefaultRAMSize
	fs.Var(&o.mem, "mem", "guest RAM `size` (K, M or G suffix)")
	fs.IntVar(&o.harts, "harts", 1, "number of harts (`n`)")
	fs.Var(&o.maxInsns, "max-insns", "stop after `n` instructions in total (exit status 3)")
	fs.Var(&o.loadAddr, "load-addr", "load PROGRAM as a raw binary at `address` and enter it there")
	fs.Uint64Var(&o.insnsPerTick, "insns-per-tick", machine.DefaultInsnsPerTick,
		"instructions per tick of the 10 MHz virtual mtime (`n`)")
}

func cmdRun(ctx context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	var opt runOptions
	opt.register(fs)
	gdbAddr := fs.String("gdb", "", "also serve GDB on `address` (e.g. 127.0.0.1:1234) while the VM runs")
	var ro recordOptions
	ro.register(fs)
	var bo bootOptions
	bo.register(fs)
	rest, status, done := parseFlags(fs, runUsage, args, env)
	if done {
		return status
	}
	if bo.used() {
		return runBoot(ctx, rest, opt, bo, ro, *gdbAddr, env)
	}
	if len(rest) != 1 {
		fmt.Fprintf(env.Err, "vmcore run: want exactly one PROGRAM, got %d arguments%s\n\n%s", len(rest), flagsAfterProgram(rest), runUsage)
		return ExitUsage
	}
	if opt.harts < 1 || opt.harts > machine.MaxHarts {
		fmt.Fprintf(env.Err, "vmcore run: --harts %d: want 1..%d\n", opt.harts, machine.MaxHarts)
		return ExitUsage
	}
	p, err := openProgram(rest[0], opt.loadAddr, env.Err)
	if err != nil {
		printAsmError(env, err)
		return ExitError
	}
	if *gdbAddr != "" {
		return runImageGDB(ctx, p, opt, ro, *gdbAddr, env)
	}
	if !ro.noRecord {
		return runProgramRecorded(ctx, p, opt, ro, env)
	}
	return runProgram(ctx, p, opt, env)
}

func runDemo(ctx context.Context, env Env) int {
	img, err := machine.ParseELF("demo.elf (built in)", env.Demo)
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	var opt runOptions
	var ro recordOptions
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	opt.register(fs)
	ro.register(fs)
	ro.bestEffort = true // the demo runs even when another vmcore holds the store
	return runProgramRecorded(ctx, program{img: img, path: img.Name, format: vm.ImageELF, data: env.Demo}, opt, ro, env)
}

// openProgram reads PROGRAM: an ELF, an assembly source (assembled in
// memory, its warnings written to warn, and stored assembled so that a
// replay needs no assembler), or a raw binary when an address is given.
func openProgram(path string, loadAddr uintFlag, warn io.Writer) (program, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return program{}, err
	}
	p := program{path: path, format: vm.ImageELF, data: data}
	switch {
	case isAssembly(path):
		// Loaded like any ELF; --load-addr places the text instead of
		// naming a raw binary.
		if p.data, err = assembleTo(path, data, loadAddr.v, warn); err != nil {
			return program{}, err
		}
		p.img, err = machine.ParseELF(path, p.data)
	case loadAddr.set:
		p.format, p.addr = vm.ImageRaw, loadAddr.v
		p.img, err = machine.RawImage(path, data, loadAddr.v)
	default:
		p.img, err = machine.ParseELF(path, data)
		if err != nil && !machine.IsELF(data) {
			err = fmt.Errorf("%w (to run a raw binary, give its address with --load-addr)", err)
		}
	}
	return p, err
}

// runProgram runs p unrecorded, making its scripted hot-plugs on the way.
func runProgram(ctx context.Context, p program, opt runOptions, env Env) int {
	out := newConsoleWriter(env.Out)
	defer out.Close()
	cfg := p.config(opt)
	cfg.Console, cfg.WaitForInput = out, env.In != nil
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
	if env.In != nil {
		restore := rawTerminal(env.In)
		defer restore()
		go feedInput(env.In, m)
	}
	plug := vm.NewHotplug(m, nil)
	script := p.hotplug
	for {
		var err error
		if script, err = plug.DoDue(script); err != nil {
			out.Close()
			fmt.Fprintf(env.Err, "vmcore: %v\n", err)
			return ExitError
		}
		limit := opt.maxInsns.v
		if len(script) > 0 && (limit == 0 || script[0].Icount < limit) {
			limit = script[0].Icount
		}
		r := m.Run(ctx, limit)
		if r.Reason == machine.ReasonLimit && len(script) > 0 && r.Icount == script[0].Icount && r.Icount != opt.maxInsns.v {
			continue
		}
		out.Close()
		warnHotplugLeft(script, r.Icount, true, env)
		return report(r, env.Err)
	}
}

// feedInput copies console input into the machine until EOF. It may
// outlive Run (a terminal read cannot be interrupted); the process exits
// soon after.
func feedInput(in io.Reader, m *machine.Machine) {
	buf := make([]byte, 4096)
	for {
		n, err := in.Read(buf)
		if n > 0 {
			m.SendInput(buf[:n])
		}
		if err != nil {
			m.CloseInput()
			return
		}
	}
}

// report prints why the guest stopped, if it did not exit by itself, and
// returns the exit status.
func report(r machine.Result, stderr io.Writer) int {
	where := fmt.Sprintf("pc=%#x icount=%d", r.PC, r.Icount)
	switch r.Reason {
	case machine.ReasonPass:
		return ExitOK
	case machine.ReasonFail:
		if code := r.ExitCode & 0xff; code != 0 {
			return code
		}
		return ExitError
	case machine.ReasonLimit:
		fmt.Fprintf(stderr, "vmcore: instruction limit reached at %s\n", where)
		return ExitLimit
	case machine.ReasonInterrupted:
		fmt.Fprintf(stderr, "vmcore: interrupted at %s\n", where)
		return ExitInterrupted
	case machine.ReasonIdle:
		fmt.Fprintf(stderr, "vmcore: guest hangs: every hart waits for an interrupt that nothing can raise (hart %d %s)\n", r.Hart, where)
		return ExitIdle
	}
	fmt.Fprintf(stderr, "vmcore: stopped (%v) at hart %d %s\n", r.Reason, r.Hart, where)
	return ExitBreakpoint
}

// consoleWriter batches the guest's byte-at-a-time console output: it
// flushes at each newline, and a timer flushes partial lines (prompts)
// shortly after they are written. Host time only decides when bytes reach
// the terminal, never what the guest sees.
type consoleWriter struct {
	mu     sync.Mutex
	w      *bufio.Writer
	timer  *time.Timer
	closed bool
}

const consoleFlushDelay = 20 * time.Millisecond

func newConsoleWriter(w io.Writer) *consoleWriter {
	c := &consoleWriter{w: bufio.NewWriterSize(w, 4096)}
	c.timer = time.AfterFunc(time.Hour, c.flush)
	c.timer.Stop()
	return c
}

// Write buffers p, flushing at once when it ends a line.
func (c *consoleWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return 0, io.ErrClosedPipe
	}
	n, err := c.w.Write(p)
	if err != nil {
		return n, err
	}
	if len(p) > 0 && p[len(p)-1] == '\n' {
		return n, c.w.Flush()
	}
	c.timer.Reset(consoleFlushDelay)
	return n, nil
}

func (c *consoleWriter) flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	_ = c.w.Flush() // the next Write reports a persistent error
}

// Close flushes what is left; later writes fail.
func (c *consoleWriter) Close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return nil
	}
	c.closed = true
	c.timer.Stop()
	return c.w.Flush()
}
