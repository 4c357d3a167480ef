package cli

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"vmcore/vm"
)

const exportUsage = `Usage: vmcore export [--data-dir DIR] SESSION FILE

Writes a recorded session (program image, events, snapshots) to FILE, one
portable, versioned, SHA-256-checked file for vmcore import.
`

const importUsage = `Usage: vmcore import [--data-dir DIR] FILE

Adds the session in FILE (written by vmcore export) to the store. A damaged
or truncated file is refused and changes nothing; importing the same file
again changes nothing.
`

func cmdExport(ctx context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	var dir string
	registerDataDir(fs, &dir)
	rest, status, done := parseFlags(fs, exportUsage, args, env)
	if done {
		return status
	}
	if len(rest) != 2 {
		fmt.Fprintf(env.Err, "vmcore export: want SESSION and FILE\n\n%s", exportUsage)
		return ExitUsage
	}
	st, id, err := openSessionStore(ctx, dir, rest[0])
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	defer st.Close()
	f, err := vm.ExportSession(ctx, st, id)
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	// Written beside the target and renamed, so that a failed export never
	// leaves a partial file under the name asked for.
	tmp, err := os.CreateTemp(filepath.Dir(rest[1]), ".vmcore-export-*")
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	defer os.Remove(tmp.Name())
	if _, err := f.WriteTo(tmp); err != nil {
		tmp.Close()
		fmt.Fprintf(env.Err, "vmcore: writing %s: %v\n", rest[1], err)
		return ExitError
	}
	if err := tmp.Close(); err != nil {
		fmt.Fprintf(env.Err, "vmcore: writing %s: %v\n", rest[1], err)
		return ExitError
	}
	if err := os.Rename(tmp.Name(), rest[1]); err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	fmt.Fprintf(env.Out, "exported session %s (%d events, %d snapshots) to %s\n", id, len(f.Records), len(f.Snapshots), rest[1])
	return ExitOK
}

func cmdImport(ctx context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	var dir string
	registerDataDir(fs, &dir)
	rest, status, done := parseFlags(fs, importUsage, args, env)
	if done {
		return status
	}
	if len(rest) != 1 {
		fmt.Fprintf(env.Err, "vmcore import: want one FILE\n\n%s", importUsage)
		return ExitUsage
	}
	in, err := os.Open(rest[0])
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	defer in.Close()
	f, err := vm.ReadSessionFile(in)
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore: %s: %v\n", rest[0], err)
		return ExitError
	}
	st, err := openStore(dir)
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	defer st.Close()
	if err := vm.ImportSession(ctx, st, f); err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	fmt.Fprintf(env.Out, "imported session %s (%d events, %d snapshots)\n", f.ID, len(f.Records), len(f.Snapshots))
	return ExitOK
}
