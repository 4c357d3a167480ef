// Command vmcore is a terminal workstation for RISC-V virtual machines.
// Run without arguments on a terminal it opens the workstation screen on a
// built-in demo guest (piped, it runs the demo headless and prints its
// output); `vmcore help` lists the commands. main only wires the process
// to package cli.
package main

import (
	"context"
	_ "embed"
	"io"
	"os"
	"os/signal"
	"syscall"

	"vmcore/internal/cli"
)

// demoELF is the built-in demo guest (source and Makefile beside it).
//
//go:embed testdata/demo/demo.elf
var demoELF []byte

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes one command line; Ctrl-C or SIGTERM cancels the running
// guest, and a recorded session records the stop.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return cli.Run(ctx, args, cli.Env{
		Stdio: cli.Stdio{In: stdin, Out: stdout, Err: stderr},
		Demo:  demoELF,
	})
}
