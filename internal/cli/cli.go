package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Exit statuses (see the package comment).
const (
	ExitOK          = 0
	ExitError       = 1
	ExitUsage       = 2
	ExitLimit       = 3
	ExitIdle        = 4
	ExitBreakpoint  = 5
	ExitInterrupted = 130
)

// Stdio is the process's standard streams.
type Stdio struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// Env is what a command needs from its surroundings besides arguments.
type Env struct {
	Stdio
	// Demo is the built-in demo guest (an ELF), run when vmcore is
	// started without arguments.
	Demo []byte
}

const topUsage = `vmcore: a RISC-V (RV64) virtual machine on a QEMU-virt-compatible board

Usage:
  vmcore                       open the screen on the built-in demo guest
                               (without a terminal: run it, print its output)
  vmcore run [flags] PROGRAM   run an ELF, a .s file (or, with --load-addr, a
                               raw binary); --gdb ADDR serves GDB meanwhile;
                               --bios FIRMWARE [--kernel K] boots as QEMU does
  vmcore tui [flags] PROGRAM   open the workstation screen on a program
  vmcore gdb [flags] PROGRAM   serve GDB on a program halted at the reset vector
  vmcore asm FILE.s [-o FILE.elf]
                               assemble a .s file into an ELF executable
  vmcore disasm [flags] PROGRAM
                               disassemble a program's code, objdump-style
  vmcore sessions [--json]     list recorded sessions (every session is
                               recorded unless --no-record is given)
  vmcore replay SESSION        open the screen on a recording (timeline,
                               [ ] { } Home End, goto ICOUNT)
  vmcore replay --verify SESSION | --to ICOUNT SESSION
                               verify a recorded session, or show its state
  vmcore export SESSION FILE   write a session to one portable file
  vmcore import FILE           add an exported session to the store
  vmcore help [COMMAND]        show help

Run 'vmcore COMMAND --help' for a command's flags. The screen honours
NO_COLOR (no colours; focus and selection stay visible as bold and reverse).
`

// Run executes the command line args (without the program name) and
// returns the process exit status. ctx is cancelled on Ctrl-C.
func Run(ctx context.Context, args []string, env Env) int {
	if len(args) == 0 {
		if interactive(env.In, env.Out) {
			return tuiDemo(ctx, env)
		}
		return runDemo(ctx, env)
	}
	switch args[0] {
	case "run":
		return cmdRun(ctx, args[1:], env)
	case "disasm":
		return cmdDisasm(args[1:], env)
	case "asm":
		return cmdAsm(args[1:], env)
	case "gdb":
		return cmdGDB(ctx, args[1:], env)
	case "tui":
		return cmdTUI(ctx, args[1:], env)
	case "sessions":
		return cmdSessions(ctx, args[1:], env)
	case "replay":
		return cmdReplay(ctx, args[1:], env)
	case "export":
		return cmdExport(ctx, args[1:], env)
	case "import":
		return cmdImport(ctx, args[1:], env)
	case "help":
		if len(args) > 1 {
			return Run(ctx, []string{args[1], "--help"}, env)
		}
		fmt.Fprint(env.Out, topUsage)
		return ExitOK
	case "-h", "-help", "--help":
		fmt.Fprint(env.Out, topUsage)
		return ExitOK
	}
	fmt.Fprintf(env.Err, "vmcore: unknown command %q\n\n%s", args[0], topUsage)
	return ExitUsage
}

// parseFlags parses a command's flags. It returns done=true with the exit
// status when the command should stop: after printing help (to Out, status
// 0) or a usage error (to Err, status 2).
func parseFlags(fs *flag.FlagSet, usage string, args []string, env Env) (rest []string, status int, done bool) {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(env.Out, usage)
		printDefaults(env.Out, fs)
		return nil, ExitOK, true
	}
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore %s: %v\n\n%s", fs.Name(), err, usage)
		printDefaults(env.Err, fs)
		return nil, ExitUsage, true
	}
	return fs.Args(), 0, false
}

func printDefaults(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintln(w, "\nFlags:")
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		dashes := "--"
		if len(f.Name) == 1 {
			dashes = "-" // -o FILE, as people write one-letter flags
		}
		line := "  " + dashes + f.Name
		if name != "" {
			line += " " + name
		}
		fmt.Fprintf(w, "%-26s %s", line, usage)
		if f.DefValue != "" && f.DefValue != "0" && f.DefValue != "false" {
			fmt.Fprintf(w, " (default %s)", f.DefValue)
		}
		fmt.Fprintln(w)
	})
}

// sizeFlag is a byte count with an optional K, M or G suffix (powers of
// 1024), as --mem takes.
type sizeFlag struct{ v uint64 }

// String implements flag.Value.
func (s *sizeFlag) String() string { return formatSize(s.v) }

// Set implements flag.Value.
func (s *sizeFlag) Set(str string) error {
	v, err := parseSize(str)
	if err != nil {
		return err
	}
	s.v = v
	return nil
}

func formatSize(v uint64) string {
	switch {
	case v != 0 && v%(1<<30) == 0:
		return strconv.FormatUint(v>>30, 10) + "G"
	case v != 0 && v%(1<<20) == 0:
		return strconv.FormatUint(v>>20, 10) + "M"
	case v != 0 && v%(1<<10) == 0:
		return strconv.FormatUint(v>>10, 10) + "K"
	}
	return strconv.FormatUint(v, 10)
}

func parseSize(str string) (uint64, error) {
	s := strings.TrimSuffix(strings.TrimSuffix(strings.ToUpper(str), "B"), "I")
	shift := 0
	switch {
	case strings.HasSuffix(s, "K"):
		shift = 10
	case strings.HasSuffix(s, "M"):
		shift = 20
	case strings.HasSuffix(s, "G"):
		shift = 30
	}
	if shift != 0 {
		s = s[:len(s)-1]
	}
	v, err := strconv.ParseUint(s, 0, 64)
	if err != nil || s == "" {
		return 0, fmt.Errorf("bad size %q (want a number with an optional K, M or G suffix, e.g. 128M)", str)
	}
	if v > (1<<64-1)>>shift {
		return 0, fmt.Errorf("size %q is too large", str)
	}
	return v << shift, nil
}

// uintFlag is an unsigned number in Go syntax (decimal, 0x hex, 0o, 0b,
// underscores allowed), remembering whether it was given.
type uintFlag struct {
	v   uint64
	set bool
}

// String implements flag.Value.
func (u *uintFlag) String() string {
	if !u.set {
		return ""
	}
	return "0x" + strconv.FormatUint(u.v, 16)
}

// Set implements flag.Value.
func (u *uintFlag) Set(str string) error {
	v, err := strconv.ParseUint(str, 0, 64)
	if err != nil {
		return fmt.Errorf("bad number %q", str)
	}
	u.v, u.set = v, true
	return nil
}
