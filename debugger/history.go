package debugger

import (
	"bytes"
	"context"
	"fmt"
	"sort"

	"vmcore/isa/riscv"
	"vmcore/vm"
	"vmcore/vm/machine"
)

// Recorder is an in-memory History: it keeps machine snapshots taken while
// the debugged machine runs forward, and a log of everything that entered
// the machine from outside (console input, debugger writes to memory and
// registers) stamped with the position where it entered. Seek restores the
// nearest snapshot at or before the target and re-executes forward,
// re-injecting the log, to exactly the target icount. No per-instruction
// undo log is kept: going back costs one restore plus at most the distance
// between two snapshots of re-execution.
//
// Invariants: snapshots are in increasing icount order and the first one
// is never dropped (it is Oldest); the log is in increasing icount order;
// cursor indexes the first log entry the machine has not yet been given on
// the current time line. A new outside event at icount n (a debugger write
// after going back, or live input) starts a new time line: snapshots and
// log entries after n describe a future that will no longer happen and are
// dropped.
//
// A Recorder is used only on the debugger's goroutine (through Options.
// History), except OnInput, which the machine calls on that same
// goroutine from inside Run.
type Recorder struct {
	m     *machine.Machine
	every uint64 // icount distance between recent snapshots, at least
	gap   uint64 // the distance in use: larger for large RAM (see adapt)
	max   int
	// adaptive is set when Every was left to the default.
	adaptive bool

	snaps  []*machine.Snapshot
	log    []logEntry
	cursor int
}

// logEntry is one outside event: apply makes it happen again on the
// machine, which Seek has brought to pos.Icount.
type logEntry struct {
	pos   machine.Pos
	what  string
	apply func(m *machine.Machine) error
}

// RecorderOptions tune a Recorder. The zero value is usable.
type RecorderOptions struct {
	// Every is the icount distance between recent snapshots: the
	// worst-case re-execution of a reverse step. 0 selects 1<<22 (about
	// 20 ms of re-execution), grown for guests with a large RAM
	// footprint so that copying RAM stays cheap (see adapt); a value set
	// here is used as it is.
	Every uint64
	// Max bounds the snapshots kept (default 64). Beyond it the older
	// half is thinned (every other one dropped), so recent history stays
	// dense and old history gets coarser but stays reachable.
	Max int
}

// NewRecorder starts recording m from its current state, which becomes the
// oldest reachable point. For exact re-execution of console input, the
// machine must have been built with Config.OnInput calling r.OnInput; a
// Recorder is therefore usually made right after machine.New and Load:
//
//	var rec *debugger.Recorder
//	cfg.OnInput = func(n uint64, b []byte) { rec.OnInput(n, b) }
//	m, _ := machine.New(cfg) // then m.Load(img)
//	rec = debugger.NewRecorder(m, debugger.RecorderOptions{})
//	d := debugger.New(m, debugger.Options{History: rec})
func NewRecorder(m *machine.Machine, opts RecorderOptions) *Recorder {
	adaptive := opts.Every == 0
	if adaptive {
		opts.Every = 1 << 22
	}
	if opts.Max < 4 {
		opts.Max = 64
	}
	r := &Recorder{m: m, every: opts.Every, gap: opts.Every, max: opts.Max, adaptive: adaptive}
	r.snaps = []*machine.Snapshot{m.Snapshot()}
	r.adapt(r.snaps[0])
	return r
}

// Oldest is the icount of the first snapshot.
func (r *Recorder) Oldest() uint64 { return r.snaps[0].Pos.Icount }

// Newest is the largest icount the recording has seen: the last snapshot
// or logged event, whichever is later. Seeking beyond it simply runs.
func (r *Recorder) Newest() uint64 {
	n := r.snaps[len(r.snaps)-1].Pos.Icount
	if len(r.log) > 0 {
		n = max(n, r.log[len(r.log)-1].pos.Icount)
	}
	return n
}

// Snapshots is the number of snapshots held.
func (r *Recorder) Snapshots() int { return len(r.snaps) }

// Bytes is roughly the memory the snapshots hold (pages shared between
// consecutive snapshots counted once).
func (r *Recorder) Bytes() uint64 {
	var n uint64
	var prev *machine.Snapshot
	for _, s := range r.snaps {
		for _, p := range s.Pages {
			if prev == nil || !sharesPage(prev, p) {
				n += uint64(len(p.Data))
			}
		}
		prev = s
	}
	return n
}

func sharesPage(s *machine.Snapshot, p machine.Page) bool {
	i := sort.Search(len(s.Pages), func(i int) bool { return s.Pages[i].Index >= p.Index })
	return i < len(s.Pages) && s.Pages[i].Index == p.Index && len(p.Data) > 0 && &s.Pages[i].Data[0] == &p.Data[0]
}

// OnInput records console input entering the UART; install it as the
// machine's Config.OnInput (see NewRecorder). Live input while the machine
// is back in time starts a new time line there.
func (r *Recorder) OnInput(_ uint64, b []byte) {
	if r == nil {
		return
	}
	data := bytes.Clone(b)
	pos := r.m.Position()
	r.add(logEntry{pos: pos, what: fmt.Sprintf("console input (%d bytes)", len(data)),
		apply: func(m *machine.Machine) error { return m.InjectInputAt(pos, data) }})
}

// noteWrite records a debugger write (memory or register) made now, so
// that re-execution makes it again at the same icount.
func (r *Recorder) noteWrite(what string, apply func(m *machine.Machine) error) {
	r.add(logEntry{pos: r.m.Position(), what: what, apply: apply})
}

// add appends an outside event at the machine's position, dropping the
// future it replaces.
func (r *Recorder) add(e logEntry) {
	n := e.pos.Icount
	// Entries at n itself stay: they happened before this one.
	i := sort.Search(len(r.log), func(i int) bool { return r.log[i].pos.Icount > n })
	r.log = append(r.log[:i], e)
	r.cursor = len(r.log)
	j := sort.Search(len(r.snaps), func(j int) bool { return r.snaps[j].Pos.Icount > n })
	r.snaps = r.snaps[:max(j, 1)]
}

// observe takes a snapshot when the machine has run a snapshot interval
// past the newest one. The engine calls it between runs.
func (r *Recorder) observe() {
	last := r.snaps[len(r.snaps)-1]
	n := r.m.Icount()
	if n < last.Pos.Icount+r.gap {
		return
	}
	// A snapshot at the icount of a logged event may hold it already,
	// and re-applying input twice is not idempotent: wait for progress.
	// (A replay's log also holds future events; only one at n matters.)
	if r.loggedAt(n) {
		return
	}
	s := r.m.Snapshot()
	sharePages(last, s)
	r.snaps = append(r.snaps, s)
	r.adapt(s)
	if len(r.snaps) > r.max {
		r.thin()
	}
}

// loggedAt reports whether a logged event sits at icount n.
func (r *Recorder) loggedAt(n uint64) bool {
	i := sort.Search(len(r.log), func(i int) bool { return r.log[i].pos.Icount >= n })
	return i < len(r.log) && r.log[i].pos.Icount == n
}

// adapt sets the snapshot distance from the size of the last snapshot.
// Taking one copies every non-zero page (about 1 ms per 10 MB); at a
// quarter instruction per byte the copying stays around a tenth of the run
// time for a guest with a large RAM footprint, at the price of longer
// re-execution per reverse step. Small guests keep Every.
func (r *Recorder) adapt(s *machine.Snapshot) {
	if !r.adaptive {
		return
	}
	r.gap = max(r.every, uint64(len(s.Pages))*riscv.PageSize/4)
}

// sharePages makes s reuse prev's page buffers where the contents are
// equal, so that a mostly idle RAM costs one copy across snapshots.
func sharePages(prev, s *machine.Snapshot) {
	j := 0
	for i := range s.Pages {
		p := &s.Pages[i]
		for j < len(prev.Pages) && prev.Pages[j].Index < p.Index {
			j++
		}
		if j < len(prev.Pages) && prev.Pages[j].Index == p.Index && bytes.Equal(prev.Pages[j].Data, p.Data) {
			p.Data = prev.Pages[j].Data
		}
	}
}

// thin drops every other snapshot of the older half (never the first).
func (r *Recorder) thin() {
	half := len(r.snaps) / 2
	kept := r.snaps[:1]
	for i := 1; i < len(r.snaps); i++ {
		if i < half && i%2 == 1 {
			continue
		}
		kept = append(kept, r.snaps[i])
	}
	clear(r.snaps[len(kept):])
	r.snaps = kept
}

// nextEvent returns the icount of the next logged event the machine has
// not been given on this time line.
func (r *Recorder) nextEvent() (uint64, bool) {
	if r.cursor < len(r.log) {
		return r.log[r.cursor].pos.Icount, true
	}
	return 0, false
}

// catchUp applies the logged events due at the machine's icount. Forward
// runs after a Seek call it before every machine run so that the old
// future's input arrives exactly where it did.
func (r *Recorder) catchUp() error {
	n := r.m.Icount()
	for r.cursor < len(r.log) && r.log[r.cursor].pos.Icount <= n {
		e := r.log[r.cursor]
		r.cursor++
		if e.pos.Icount < n {
			continue // passed without it: cannot happen on an exact replay
		}
		if err := e.apply(r.m); err != nil {
			return vm.Errorf(vm.KindState, "replay", fmt.Sprintf("icount %d", n), "re-applying %s: %v", e.what, err)
		}
	}
	return nil
}

// Seek restores the newest snapshot at or before icount and re-executes
// to exactly icount. Breakpoint flags are stepped over; the caller keeps
// watchpoint hooks quiet (the engine does).
func (r *Recorder) Seek(ctx context.Context, icount uint64) error {
	return r.seek(ctx, icount, nil)
}

// seek is Seek with a callback for every breakpoint flag reached during
// re-execution (hart k about to execute a flagged instruction), which
// reverse-continue uses to find hits.
func (r *Recorder) seek(ctx context.Context, icount uint64, onBreak func(k int)) error {
	if icount < r.Oldest() {
		return vm.Errorf(vm.KindState, "seek", fmt.Sprintf("icount %d", icount), "before the oldest recorded point (icount %d)", r.Oldest())
	}
	i := sort.Search(len(r.snaps), func(i int) bool { return r.snaps[i].Pos.Icount > icount }) - 1
	return r.replayFrom(ctx, i, icount, onBreak)
}

// replayFrom restores snapshot i and runs to icount.
func (r *Recorder) replayFrom(ctx context.Context, i int, icount uint64, onBreak func(k int)) error {
	s := r.snaps[i]
	if err := r.m.Restore(s); err != nil {
		return vm.Errorf(vm.KindState, "seek", fmt.Sprintf("icount %d", icount), "restoring the snapshot at icount %d: %v", s.Pos.Icount, err)
	}
	// Entries at the snapshot's own icount were logged after it was taken
	// (add drops later snapshots), so they are due again.
	r.cursor = sort.Search(len(r.log), func(j int) bool { return r.log[j].pos.Icount >= s.Pos.Icount })
	return r.runTo(ctx, icount, onBreak)
}

// runTo runs the machine forward to exactly icount, re-applying the log.
func (r *Recorder) runTo(ctx context.Context, icount uint64, onBreak func(k int)) error {
	for {
		if err := r.catchUp(); err != nil {
			return err
		}
		cur := r.m.Icount()
		if cur >= icount {
			return nil
		}
		limit := icount
		if n, ok := r.nextEvent(); ok && n < limit {
			limit = n
		}
		res := r.m.Run(ctx, limit)
		switch res.Reason {
		case machine.ReasonLimit:
		case machine.ReasonBreakpoint:
			if onBreak != nil {
				onBreak(res.Hart)
			}
			r.m.Harts()[res.Hart].StepOverBreakpoint()
		case machine.ReasonInterrupted:
			if err := ctx.Err(); err != nil {
				return vm.Errorf(vm.KindState, "seek", fmt.Sprintf("icount %d", icount), "interrupted at icount %d: %v", r.m.Icount(), err)
			}
		default:
			if r.m.Icount() < icount {
				return vm.Errorf(vm.KindState, "seek", fmt.Sprintf("icount %d", icount), "the machine stopped at icount %d (%s) before reaching it", r.m.Icount(), res.Reason)
			}
		}
	}
}

// NewReplayRecorder makes a Recorder over m, a machine just built from a
// recorded session (vm.Session.NewMachine: at the session's start), with
// the session's outside events preloaded: console input and debugger
// writes to memory and registers are re-applied at their recorded
// positions whenever the machine executes past them, forwards or after
// going back, so that every icount shows the state the recording had
// there. Other events (checkpoints, pauses, breakpoints) do not change
// execution and are ignored. An event stamped before m's icount, or out of
// icount order, is an error naming it.
func NewReplayRecorder(m *machine.Machine, events []vm.Event, opts RecorderOptions) (*Recorder, error) {
	r := NewRecorder(m, opts)
	start := m.Icount()
	for i, e := range events {
		le, ok := replayEntry(e)
		if !ok {
			continue
		}
		what := fmt.Sprintf("event %d (%s at icount %d)", i, e.EventType(), le.pos.Icount)
		if le.pos.Icount < start {
			return nil, vm.Errorf(vm.KindStorage, "replay", what, "stamped before the machine's icount %d", start)
		}
		if n := len(r.log); n > 0 && r.log[n-1].pos.Icount > le.pos.Icount {
			return nil, vm.Errorf(vm.KindStorage, "replay", what, "out of order: after an event at icount %d", r.log[n-1].pos.Icount)
		}
		le.what = what
		r.log = append(r.log, le)
	}
	return r, nil
}

// replayEntry turns a recorded outside event into a log entry that makes
// it happen again, as vm's own replay (Verify, ReplayTo) applies it: at
// the exact position recorded when the event has one.
func replayEntry(e vm.Event) (logEntry, bool) {
	positioned := func(p *machine.Pos, icount uint64, apply func(*machine.Machine) error) logEntry {
		pos := machine.Pos{Icount: icount}
		if p != nil {
			pos = *p
		}
		return logEntry{pos: pos, apply: func(m *machine.Machine) error {
			if p != nil {
				if err := m.AlignTo(*p); err != nil {
					return err
				}
			}
			return apply(m)
		}}
	}
	switch e := e.(type) {
	case vm.ConsoleInput:
		data := bytes.Clone(e.Bytes)
		pos := e.Pos
		return logEntry{pos: pos, apply: func(m *machine.Machine) error { return m.InjectInputAt(pos, data) }}, true
	case vm.MemoryPatched:
		e.Bytes = bytes.Clone(e.Bytes)
		return positioned(e.Pos, e.Icount, e.ApplyTo), true
	case vm.RegisterPatched:
		return positioned(e.Pos, e.Icount, e.ApplyTo), true
	case vm.DeviceAttached:
		return positioned(&e.Pos, e.Icount, e.ApplyTo), true
	case vm.DeviceDetached:
		return positioned(&e.Pos, e.Icount, e.ApplyTo), true
	}
	return logEntry{}, false
}

// AddSnapshot adds a snapshot of the same time line taken elsewhere (a
// recorded session's snapshot store), so that Seek to a late icount
// restores it instead of re-executing from the start. A snapshot before
// Oldest, at an icount already held, or at the icount of a logged event
// (it may or may not hold that event's effect) is ignored.
func (r *Recorder) AddSnapshot(s *machine.Snapshot) {
	n := s.Pos.Icount
	if n <= r.Oldest() || r.loggedAt(n) {
		return
	}
	i := sort.Search(len(r.snaps), func(i int) bool { return r.snaps[i].Pos.Icount >= n })
	if i < len(r.snaps) && r.snaps[i].Pos.Icount == n {
		return
	}
	r.snaps = append(r.snaps, nil)
	copy(r.snaps[i+1:], r.snaps[i:])
	r.snaps[i] = s
}

// SkipsAhead reports whether Seek would reach icount, later than the
// machine's position cur, by restoring a snapshot after cur rather than
// by running from cur: worth it when that snapshot is at least a snapshot
// interval ahead (a replay's stored snapshots; the live Recorder's only
// after going back). GoTo forwards may then use Seek.
func (r *Recorder) SkipsAhead(cur, icount uint64) bool {
	if icount <= cur {
		return false
	}
	i := sort.Search(len(r.snaps), func(i int) bool { return r.snaps[i].Pos.Icount > icount }) - 1
	return i >= 0 && r.snaps[i].Pos.Icount > cur+r.gap
}
