package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"

	"vmcore/isa/riscv"
	"vmcore/themes"
	"vmcore/vm"
)

// ExitDiverged is the status of `vmcore replay --verify` when the replay
// does not match the recording.
const ExitDiverged = 6

const replayUsage = `Usage: vmcore replay [--theme NAME] SESSION
       vmcore replay --verify SESSION
       vmcore replay --to ICOUNT SESSION

SESSION is a session id (or a unique prefix of one; see vmcore sessions).

Without --verify or --to, the workstation screen opens on the recording
(it needs a terminal): a timeline across the session with its checkpoints,
pauses, inputs and breakpoint hits; [ and ] step back and forward, { and }
jump between marks, Home and End go to the start and the end, :goto ICOUNT
goes anywhere, and every pane shows the state at the chosen icount. The
replay is read-only. NO_COLOR turns colours off.

--verify re-executes the session from its program image and recorded
events and checks every checkpoint's state hash. The exit status is 0 when
all match, 6 with the first diverging icount printed when one does not.

--to prints the machine state (pc, registers and key CSRs of every hart,
and the f registers once the guest used F/D) just before the instruction
at ICOUNT, starting from the nearest snapshot at or before it. An ICOUNT
beyond the recording shows the state at its end, and says so.
`

func cmdReplay(ctx context.Context, args []string, env Env) int {
	fs := flag.NewFlagSet("replay", flag.ContinueOnError)
	verify := fs.Bool("verify", false, "check every checkpoint of the session")
	var to uintFlag
	fs.Var(&to, "to", "print the machine state at instruction count `icount`")
	showConsole := fs.Bool("console", false, "also print the guest's console output while replaying")
	theme := fs.String("theme", "", "colour `theme` of the screen: one of "+fmt.Sprint(themes.Names()))
	var dir string
	registerDataDir(fs, &dir)
	rest, status, done := parseFlags(fs, replayUsage, args, env)
	if done {
		return status
	}
	if len(rest) != 1 || *verify && to.set {
		fmt.Fprintf(env.Err, "vmcore replay: want one SESSION and at most one of --verify or --to\n\n%s", replayUsage)
		return ExitUsage
	}
	screen := !*verify && !to.set
	if screen && !interactive(env.In, env.Out) {
		fmt.Fprintf(env.Err, "vmcore replay: the replay screen needs a terminal; without one, use --verify to check the session or --to ICOUNT to print its state\n")
		return ExitUsage
	}
	st, id, err := openSessionStore(ctx, dir, rest[0])
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	defer st.Close()
	s, err := vm.OpenSession(ctx, st, id)
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	if screen {
		return replayScreen(ctx, st, s, *theme, env)
	}
	var console io.Writer
	if *showConsole {
		console = env.Out
	}
	if *verify {
		rep, err := vm.Verify(ctx, s, console)
		if err != nil {
			fmt.Fprintf(env.Err, "vmcore: %v\n", err)
			return ExitError
		}
		if rep.Checkpoints == 0 {
			fmt.Fprintf(env.Out, "session %s: nothing to verify: it has no checkpoint (it ended %s at icount %d before the first)\n",
				id, s.VM.State(), s.VM.Icount())
			return ExitError
		}
		if d := rep.Divergence; d != nil {
			fmt.Fprintf(env.Out, "session %s: DIVERGED at icount %d (%s): %s; %d of %d checkpoints matched before\n",
				id, d.Icount, d.Event, d.Detail, rep.Verified, rep.Checkpoints)
			return ExitDiverged
		}
		fmt.Fprintf(env.Out, "session %s: replay matches: %d of %d checkpoints verified, icount %d\n",
			id, rep.Verified, rep.Checkpoints, rep.Icount)
		return ExitOK
	}
	m, info, err := vm.ReplayTo(ctx, st, s, to.v, console)
	if err != nil {
		fmt.Fprintf(env.Err, "vmcore: %v\n", err)
		return ExitError
	}
	defer m.Close()
	from := "the program image"
	if info.FromSnapshot != 0 {
		from = "the snapshot at icount " + strconv.FormatUint(info.FromSnapshot, 10)
	}
	fmt.Fprintf(env.Out, "session %s at icount %d (replayed from %s)\n", id, info.Reached, from)
	switch end := s.VM.Icount(); {
	case to.v > end:
		fmt.Fprintf(env.Out, "note: the recording ends at icount %d (%s), before icount %d: this is the state at its end\n", end, s.VM.State(), to.v)
	case info.Reached != to.v:
		fmt.Fprintf(env.Out, "note: the guest stopped (%v) before icount %d\n", info.Result.Reason, to.v)
	}
	for i, h := range m.Harts() {
		printHart(env.Out, i, h)
	}
	return ExitOK
}

// printHart prints a hart's pc, privilege level and integer registers.
func printHart(w io.Writer, i int, h *riscv.Hart) {
	st := h.State()
	fmt.Fprintf(w, "hart %d: pc=%#016x priv=%d icount=%d\n", i, st.PC, st.Priv, st.Icount)
	for r := 0; r < 32; r++ {
		fmt.Fprintf(w, "  x%-2d %-4s %#016x", r, riscv.ABINames[r], st.X[r])
		if r%4 == 3 {
			fmt.Fprintln(w)
		}
	}
	csrs := []struct {
		name string
		v    uint64
	}{{"mstatus", st.Mstatus}, {"mepc", st.Mepc}, {"mcause", st.Mcause}, {"mtval", st.Mtval},
		{"mtvec", st.Mtvec}, {"sepc", st.Sepc}, {"scause", st.Scause}, {"stval", st.Stval},
		{"stvec", st.Stvec}, {"satp", st.Satp}}
	for i, c := range csrs {
		fmt.Fprintf(w, "  %-8s %#016x", c.name, c.v)
		if i%4 == 3 || i == len(csrs)-1 {
			fmt.Fprintln(w)
		}
	}
	// The f registers once the guest has used F/D (mstatus.FS not Off).
	if st.Mstatus&(3<<13) != 0 {
		fmt.Fprintf(w, "  fcsr     %#x (frm %d, fflags %#x)\n", st.Fcsr, st.Fcsr>>5&7, st.Fcsr&0x1f)
		for r := 0; r < 32; r++ {
			fmt.Fprintf(w, "  f%-2d %-4s %#016x", r, riscv.FNames[r], st.F[r])
			if r%4 == 3 {
				fmt.Fprintln(w)
			}
		}
	}
}
