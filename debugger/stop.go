package debugger

import "fmt"

// StopKind says why the machine stopped.
type StopKind uint8

// Stop kinds.
const (
	// StopBreakpoint: a hart reached a breakpoint (Stop.Breakpoint) whose
	// condition held; the instruction there has not executed.
	StopBreakpoint StopKind = iota + 1
	// StopWatchpoint: an access touched a watched range (Stop.Watch); the
	// accessing instruction has completed.
	StopWatchpoint
	// StopStep: a step, next, finish, run-to or go-to completed.
	StopStep
	// StopTrap: a hart took a trap that CatchTraps asked to stop on.
	StopTrap
	// StopExit: the guest powered off (Stop.ExitCode, Stop.ExitSource).
	StopExit
	// StopPause: Pause was called (or the caller's context ended).
	StopPause
	// StopLimit: the instruction limit of RunUntil was reached.
	StopLimit
	// StopIdle: every hart waits for an interrupt that cannot come.
	StopIdle
)

var stopNames = [...]string{
	StopBreakpoint: "breakpoint", StopWatchpoint: "watchpoint", StopStep: "step",
	StopTrap: "trap", StopExit: "exit", StopPause: "pause", StopLimit: "limit", StopIdle: "idle",
}

func (k StopKind) String() string {
	if int(k) < len(stopNames) && stopNames[k] != "" {
		return stopNames[k]
	}
	return fmt.Sprintf("StopKind(%d)", uint8(k))
}

// WatchHit describes the access that triggered a watchpoint.
type WatchHit struct {
	ID   int       // watchpoint id
	Kind WatchKind // the watchpoint's kind
	Addr uint64    // the watchpoint's first address
	Len  uint64    // the watchpoint's length
	// Old and New are the watched bytes (little-endian, first 8 at most)
	// before and after the access; equal for a read.
	Old, New uint64
	// Access is the access itself: address, size, whether it wrote.
	AccessAddr uint64
	AccessSize int
	Write      bool
}

// Stop is what happened when the machine stopped.
type Stop struct {
	Kind   StopKind
	Hart   int    // the hart the stop concerns
	PC     uint64 // that hart's pc
	Icount uint64 // instructions retired by all harts
	// Breakpoint is the id of the breakpoint hit (StopBreakpoint), and
	// BreakKind its kind.
	Breakpoint int
	BreakKind  BreakKind
	// Watch is set for StopWatchpoint.
	Watch *WatchHit
	// Cause is the trap cause for StopTrap (interrupt bit 63 included).
	Cause uint64
	// ExitCode and ExitSource are set for StopExit; Passed says whether
	// the guest reported success.
	ExitCode   int
	ExitSource string
	Passed     bool
	// CondErr is set when a breakpoint's condition could not be evaluated;
	// the engine stops rather than guess.
	CondErr error
	// Err is set when the engine stopped a run because it could not go
	// on exactly (re-applying recorded input failed after going back).
	Err error
	// HistoryStart says a reverse run found nothing and stopped at the
	// oldest point of the recorded history.
	HistoryStart bool
}

// String describes the stop in one line, for logs and the command line.
func (s Stop) String() string {
	where := fmt.Sprintf("hart %d pc %#x icount %d", s.Hart, s.PC, s.Icount)
	switch s.Kind {
	case StopBreakpoint:
		msg := fmt.Sprintf("breakpoint %d at %s", s.Breakpoint, where)
		if s.CondErr != nil {
			msg += " (condition error: " + s.CondErr.Error() + ")"
		}
		return msg
	case StopWatchpoint:
		w := s.Watch
		return fmt.Sprintf("watchpoint %d (%s %#x+%d) old %#x new %#x at %s", w.ID, w.Kind, w.Addr, w.Len, w.Old, w.New, where)
	case StopTrap:
		return fmt.Sprintf("trap cause %#x at %s", s.Cause, where)
	case StopExit:
		return fmt.Sprintf("guest exit code %d via %s at %s", s.ExitCode, s.ExitSource, where)
	}
	msg := fmt.Sprintf("%s at %s", s.Kind, where)
	if s.HistoryStart {
		msg += " (start of the recorded history)"
	}
	if s.Err != nil {
		msg += " (" + s.Err.Error() + ")"
	}
	return msg
}

// Event is what the debugger publishes to front ends: the machine started
// running, or it stopped (Stop).
type Event struct {
	Running bool
	Stop    Stop
}
