package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"vmcore/vm"
)

const exportUsage = `Usage: vmcore export [--data-dir DIR] SESSION FILE

Writes a recorded session (program image, events, snapshots) to FILE, one
portable, versioned, compressed, SHA-256-checked file for vmcore import.
When FILE is a directory, the file is written in it as SESSION-ID.vmsession
(the session's full id). An existing file is replaced only once the new
one is completely written.
`

const importUsage = `Usage: vmcore import [--data-dir DIR] FILE

Adds the session in FILE (written by vmcore export) to the store. A damaged
or truncated file is refused and changes nothing; importing the same file
again changes nothing and says so. The session appears in vmcore sessions
only once it is completely stored, so an interrupted import leaves no
half session; import the file again to finish.
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
	target := rest[1]
	if fi, err := os.Stat(target); err == nil && fi.IsDir() {
		// As cp and mv do: a directory receives the file under a name of
		// its own, here the session's id.
		target = filepath.Join(target, id.String()+".vmsession")
		if fi, err := os.Stat(target); err == nil && fi.IsDir() {
			fmt.Fprintf(env.Err, "vmcore: cannot export to %s: it is a directory\n", target)
			return ExitError
		}
	}
	// Written beside the target and renamed, so that a failed export never
	// leaves a partial file under the name asked for.
	tmp, err := os.CreateTemp(filepath.Dir(target), ".vmcore-export-*")
	if err != nil {
		// Name what the user gave, not the temporary file.
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		fmt.Fprintf(env.Err, "vmcore: cannot write %s: %v\n", target, err)
		return ExitError
	}
	defer os.Remove(tmp.Name())
	n, err := f.WriteTo(tmp)
	if err != nil {
		tmp.Close()
		fmt.Fprintf(env.Err, "vmcore: writing %s: %v\n", target, err)
		return ExitError
	}
	// CreateTemp makes the file private; a session file is for sharing,
	// so it gets an ordinary file's permissions.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		fmt.Fprintf(env.Err, "vmcore: writing %s: %v\n", target, err)
		return ExitError
	}
	if err := tmp.Close(); err != nil {
		fmt.Fprintf(env.Err, "vmcore: writing %s: %v\n", target, err)
		return ExitError
	}
	if err := os.Rename(tmp.Name(), target); err != nil {
		fmt.Fprintf(env.Err, "vmcore: writing %s: %v\n", target, err)
		return ExitError
	}
	fmt.Fprintf(env.Out, "exported session %s (%d events, %d snapshots, %d bytes) to %s\n", id, len(f.Records), len(f.Snapshots), n, target)
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
	res, err := vm.ImportSession(ctx, st, f)
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	switch {
	case res.Existed && res.SnapshotsAdded == 0:
		fmt.Fprintf(env.Out, "session %s is already in the store; nothing changed\n", f.ID)
	case res.Existed:
		fmt.Fprintf(env.Out, "session %s was in the store without %d of its %d snapshots; added them\n", f.ID, res.SnapshotsAdded, len(f.Snapshots))
	default:
		fmt.Fprintf(env.Out, "imported session %s (%d events, %d snapshots)\n", f.ID, len(f.Records), len(f.Snapshots))
	}
	return ExitOK
}
