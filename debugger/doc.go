// Package debugger is vmcore's one debugging engine. Every front end (the
// screen, its command line, the GDB server) drives the same Debugger, so
// they share breakpoints, watchpoints and stops on the same VM.
//
// A Debugger owns its machine: one goroutine runs the machine in slices
// and, between slices, serves requests that front ends send from any
// goroutine (register and memory reads, breakpoint changes, Pause). Runs
// (Continue, Step, Next, Finish, RunTo, RunUntil, GoTo) block their caller
// until the machine stops and return a Stop that says exactly what
// happened; the same Stop is published on the event stream (Subscribe).
//
// Invariants:
//   - Only the debugger goroutine touches the machine, and at most one run
//     is in progress; every run ends in exactly one Stop.
//   - Breakpoints cost nothing while not hit: they are flags in the hart's
//     decoded-instruction cache (riscv.Memory.SetBreakpoint), counted per
//     physical address so that front ends and the engine's own temporary
//     breakpoints can share one. Watchpoints route only the pages they
//     cover through the machine's access hook, and the hook filters exact
//     byte ranges.
//   - Resuming never re-hits the breakpoint a hart is stopped at.
//   - A breakpoint stops before its instruction executes; a watchpoint
//     stops after the access (Stop.Watch carries the old and new value).
//   - Memory reads never have side effects: devices are peeked, and
//     virtual addresses are translated by a read-only page-table walk.
//
// Architecture is data: an Arch lists register names, widths, GDB numbers
// and features, so that front ends and the GDB server need no RISC-V names.
// The RISC-V description (RISCV64) lives here, not in isa/riscv, because
// only debuggers care about GDB's numbering.
//
// Reverse execution goes through History: Seek to an earlier icount by
// restoring a snapshot and re-executing deterministically, never through a
// per-instruction undo log. Recorder is the in-memory History: the engine
// feeds it as the machine runs (periodic snapshots, and a log of outside
// events — console input through Config.OnInput, debugger writes to
// memory and registers — re-applied at the same position on re-execution).
// With a Recorder, ReverseContinue searches the windows between snapshots
// backwards for the last breakpoint or watchpoint hit. A debugger write or
// live input while back in time starts a new time line: the recorded
// future after it is forgotten. Without a History, GoTo backwards and the
// Reverse methods return ErrNoHistory. ReverseNext steps back over calls
// (a step back that lands in a callee goes on back to its call).
//
// A replay uses the same Recorder: NewReplayRecorder preloads a recorded
// session's outside events, and AddSnapshot its stored snapshots, so that
// GoTo anywhere in the recording restores a nearby snapshot and re-executes
// at most a snapshot interval, forwards as well as backwards.
//
// Recording is separate from history: a Journal (vm.Journal) is told of
// every run start and stop, of checkpoints at exact icounts between
// slices, and of every write the engine makes for a front end before it
// makes it, so that the session's replay makes it again at the same place.
package debugger
