package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"vmcore/vm"
)

const sessionsUsage = `Usage: vmcore sessions [--json] [--data-dir DIR]

Lists the recorded sessions: id, creation time, program, state, the last
icount recorded, the number of events and the bytes they take (events plus
snapshots).
`

func cmdSessions(ctx context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("sessions", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "print JSON (one array of objects)")
	var dir string
	registerDataDir(fs, &dir)
	rest, status, done := parseFlags(fs, sessionsUsage, args, env)
	if done {
		return status
	}
	if len(rest) != 0 {
		fmt.Fprintf(env.Err, "vmcore sessions: unexpected arguments %q\n\n%s", rest, sessionsUsage)
		return ExitUsage
	}
	st, err := openStore(dir)
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	defer st.Close()
	sums, err := vm.Summarize(ctx, st)
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	if *asJSON {
		if sums == nil {
			sums = []vm.Summary{}
		}
		enc := json.NewEncoder(env.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(sums); err != nil {
			fmt.Fprintf(env.Err, "vmcore: %v\n", err)
			return ExitError
		}
		return ExitOK
	}
	printSessions(env.Out, sums)
	return ExitOK
}

func printSessions(w io.Writer, sums []vm.Summary) {
	if len(sums) == 0 {
		fmt.Fprintln(w, "no recorded sessions")
		return
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tCREATED\tPROGRAM\tSTATE\tICOUNT\tEVENTS\tSIZE")
	for _, s := range sums {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%d\t%s\n", s.ID, s.Created.Local().Format(time.DateTime),
			shortProgram(s.Program), s.State, s.Icount, s.Events, formatBytes(s.Size))
	}
	tw.Flush()
}

// shortProgram is a program name for the table: the file names without
// their directories (a firmware boot names firmware+kernel); --json keeps
// the paths.
func shortProgram(p string) string {
	parts := strings.Split(p, "+")
	for i, part := range parts {
		parts[i] = filepath.Base(part)
	}
	return strings.Join(parts, "+")
}

func formatBytes(n uint64) string {
	switch {
	case n >= 10<<20:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 10<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}
