package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"golang.org/x/sys/unix"

	"vmcore/themes"
	"vmcore/ui"
	"vmcore/vm"
	"vmcore/vm/machine"
)

const tuiUsage = `Usage: vmcore tui [flags] [--gdb ADDR] [--theme NAME] PROGRAM
       vmcore tui [flags] --bios FIRMWARE [--kernel FILE] [--drive FILE] ...

Opens the workstation screen on PROGRAM (an ELF, a .s assembly source, or
a raw binary with --load-addr), or on firmware booted as QEMU does (the
same boot and device flags as vmcore run). The VM is halted at the reset
vector in the boot ROM (0x1000), as QEMU's virt is, one jump before the
entry. The panes show registers, disassembly (with source lines),
memory, breakpoints, events, devices, the console and the anatomy of the
current instruction. Press ? for the keys, : for the command line (:help
lists the commands), q to quit. With --gdb, a GDB client may attach to
the same VM meanwhile. The session is recorded unless --no-record is
given. NO_COLOR turns colours off (focus stays visible in bold and
reverse video).
`

func cmdTUI(ctx context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("tui", flag.ContinueOnError)
	var opt runOptions
	opt.register(fs)
	var ro recordOptions
	ro.register(fs)
	var bo bootOptions
	bo.register(fs)
	gdbAddr := fs.String("gdb", "", "also serve GDB on `address` (e.g. 127.0.0.1:1234)")
	theme := fs.String("theme", "", "colour `theme`: one of "+fmt.Sprint(themes.Names()))
	rest, status, done := parseFlags(fs, tuiUsage, args, env)
	if done {
		return status
	}
	p, status, ok := bootProgram("tui", rest, opt, bo, env)
	if !ok {
		return status
	}
	if len(p.hotplug) > 0 {
		fmt.Fprintln(env.Err, "vmcore tui: --hotplug-script is for vmcore run; on the screen use :attach SPEC and :detach SLOT")
		return ExitUsage
	}
	return runTUI(ctx, p, opt, ro, *gdbAddr, *theme, env)
}

// runTUI shows the screen on img until the user quits or ctx ends.
func runTUI(ctx context.Context, p program, opt runOptions, ro recordOptions, gdbAddr, theme string, env Env) int {
	if theme != "" {
		if _, err := themes.Get(theme); err != nil {
			fmt.Fprintf(env.Err, "vmcore tui: --theme: %v\n", err)
			return ExitUsage
		}
	}
	if !interactive(env.In, env.Out) {
		fmt.Fprintln(env.Err, "vmcore tui: the screen needs a terminal on stdin and stdout; without one, use vmcore run (or vmcore gdb)")
		return ExitUsage
	}
	// The screen, not the terminal, is the guest's console: input reaches
	// the guest through the console pane, so an idle guest must not block
	// the hart waiting for it.
	cons := &ui.Console{}
	var (
		g   *debugged
		srv *gdbService
		b   *ui.MachineBackend
		lc  vm.Lifecycle
	)
	services := []vm.Service{vm.ServiceFuncs{Label: "machine and recording",
		OnStart: func(ctx context.Context) (err error) {
			g, err = newDebugged(ctx, p, opt, ro, cons, false, env)
			return err
		},
		OnStop: func(context.Context) error { return g.Close("screen closed") },
	}}
	if gdbAddr != "" {
		// Protocol complaints would scribble over the screen: no log.
		srv = &gdbService{addr: gdbAddr, debugged: func() *debugged { return g }, env: env}
		services = append(services, srv)
	}
	services = append(services, vm.ServiceFuncs{Label: "screen backend",
		OnStart: func(context.Context) (err error) {
			mopts := ui.MachineOptions{Console: cons, SessionID: g.SessionID(), Recording: g.Recording,
				Lines: programLines(p.format, p.path, p.data)}
			if g.j != nil {
				mopts.Events = g.bus
			}
			if srv != nil {
				mopts.GDBConnected = srv.Connected
				mopts.GDBAddr = srv.ln.Addr().String()
			}
			if g.j != nil {
				mopts.RecordingEnded = g.EndReason
			}
			b, err = ui.NewMachineBackend(g.d, mopts)
			return err
		},
		OnStop: func(context.Context) error { b.Close(); return nil },
	})
	if err := lc.Start(ctx, services...); err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	status := ExitOK
	if err := ui.Run(ctx, b, ui.RunOptions{Options: ui.Options{Theme: theme}, Input: env.In, Output: env.Out}); err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		status = ExitError
	}
	if err := lc.Stop(context.WithoutCancel(ctx)); err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		status = ExitError
	}
	return status
}

// isTerminal reports whether f is a terminal (not a pipe or file).
func isTerminal(f any) bool {
	file, ok := f.(*os.File)
	if !ok {
		return false
	}
	_, err := unix.IoctlGetTermios(int(file.Fd()), unix.TCGETS)
	return err == nil
}

// interactive reports whether a person sits at the terminal: stdin and
// stdout are both terminals, so `vmcore` alone opens the screen, while
// pipes, tests and CI get the headless demo.
func interactive(in io.Reader, out io.Writer) bool {
	return isTerminal(in) && isTerminal(out)
}

// tuiDemo opens the screen on the built-in demo guest.
func tuiDemo(ctx context.Context, env Env) int {
	const name = "demo.elf (built in)"
	img, err := machine.ParseELF(name, env.Demo)
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	var opt runOptions
	var ro recordOptions
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	opt.register(fs)
	ro.register(fs)
	ro.bestEffort = true // the demo opens even when another vmcore holds the store
	p := program{img: img, path: name, format: vm.ImageELF, data: env.Demo}
	return runTUI(ctx, p, opt, ro, "", "", env)
}
