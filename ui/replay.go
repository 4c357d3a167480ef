package ui

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"

	"vmcore/debugger"
	"vmcore/vm/machine"
)

// Timeline is implemented by backends that show a recording: the screen
// is then in replay mode, with a timeline bar across the session and keys
// that move through it. GoTo may block (it re-executes); the screen calls
// it on a command goroutine.
type Timeline interface {
	// Span is the recording's icount range: the state at End is the one
	// the recording ended in.
	Span() (start, end uint64)
	// Marks lists the points of interest of the recording in icount
	// order. It may grow while the screen runs (a background scan finds
	// breakpoint hits), so the screen asks again on every tick.
	Marks() []Mark
	// GoTo brings every pane to the state at icount (clamped to Span).
	GoTo(icount uint64) error
}

// MarkKind tells timeline marks apart.
type MarkKind uint8

// Timeline mark kinds, in increasing priority: where several share a cell
// of the bar, the highest one is drawn.
const (
	MarkCheckpoint MarkKind = iota // a state-hash checkpoint
	MarkInput                      // console input or a debugger write entered
	MarkPause                      // the recording paused or stopped
	MarkBreak                      // a recorded breakpoint was reached
	MarkEnd                        // the guest halted
)

// Glyph is the character the timeline bar draws for the kind.
func (k MarkKind) Glyph() string {
	switch k {
	case MarkCheckpoint:
		return "┆"
	case MarkInput:
		return "i"
	case MarkPause:
		return "‖"
	case MarkBreak:
		return "●"
	case MarkEnd:
		return "■"
	}
	return "?"
}

func (k MarkKind) String() string {
	switch k {
	case MarkCheckpoint:
		return "checkpoint"
	case MarkInput:
		return "input"
	case MarkPause:
		return "pause"
	case MarkBreak:
		return "breakpoint hit"
	case MarkEnd:
		return "end"
	}
	return fmt.Sprintf("MarkKind(%d)", uint8(k))
}

// Mark is one point of interest on the timeline.
type Mark struct {
	Icount uint64
	Kind   MarkKind
	Label  string
}

// SortMarks orders marks by icount, then kind.
func SortMarks(ms []Mark) {
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].Icount != ms[j].Icount {
			return ms[i].Icount < ms[j].Icount
		}
		return ms[i].Kind < ms[j].Kind
	})
}

// ReplayOptions configures NewReplayBackend.
type ReplayOptions struct {
	// MachineOptions feed the status bar and the registers pane; their
	// Console is not used (a replay keeps its own transcript).
	MachineOptions
	// Start and End are the recording's icount range.
	Start, End uint64
	// Events is the session's event log, shown in the events pane; enter
	// on one goes to its icount.
	Events []Event
	// Marks are the timeline marks known when the screen opens.
	Marks []Mark
}

// ReplayBackend is the Backend of replay mode: a MachineBackend over a
// debugger whose History replays a recorded session (debugger.
// NewReplayRecorder), plus the Timeline. The recording is read-only:
// memory and register edits and console input are refused, because they
// would start a time line that is no longer the recording.
//
// The console shows exactly the output the guest had produced before the
// current icount: output is kept as a transcript stamped with the icount
// of the instruction that wrote it, complete up to the furthest point the
// machine has executed (re-execution after going back writes the same
// bytes again; they are not added twice).
type ReplayBackend struct {
	*MachineBackend
	opts ReplayOptions
	tc   *timedConsole

	mu      sync.Mutex
	marks   []Mark
	shownAt uint64 // icount the console pane was last brought to
	shown   bool
}

// errReadOnly is what edits say in replay mode.
var errReadOnly = errors.New("a replay is read-only: edits would change the recorded session (record a new one with vmcore run or vmcore tui)")

// NewReplayBackend wraps d, which must own a machine built from the
// recording with a History that replays it. Close it before closing d.
func NewReplayBackend(d *debugger.Debugger, opts ReplayOptions) (*ReplayBackend, error) {
	if opts.End < opts.Start {
		return nil, fmt.Errorf("ui: replay backend: end icount %d is before start %d", opts.End, opts.Start)
	}
	tc := &timedConsole{}
	err := d.Do(func(m *machine.Machine) {
		// Output wiring is not guest state, so the replay is unchanged.
		tc.icount = m.Icount
		tc.frontier = m.Icount()
		m.UART().SetOutput(tc)
		if h := m.HTIF(); h != nil {
			h.SetOutput(tc)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("ui: replay backend: %w", err)
	}
	mo := opts.MachineOptions
	mo.Console = &Console{} // keeps NewMachineBackend off the UART
	mb, err := NewMachineBackend(d, mo)
	if err != nil {
		return nil, err
	}
	b := &ReplayBackend{MachineBackend: mb, opts: opts, tc: tc}
	b.AddMarks(opts.Marks)
	return b, nil
}

// AddMarks adds timeline marks; it is safe on any goroutine (a background
// scan reports breakpoint hits through it).
func (b *ReplayBackend) AddMarks(ms []Mark) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.marks = append(b.marks, ms...)
	SortMarks(b.marks)
}

// Span implements Timeline.
func (b *ReplayBackend) Span() (uint64, uint64) { return b.opts.Start, b.opts.End }

// Marks implements Timeline.
func (b *ReplayBackend) Marks() []Mark {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.marks
}

// GoTo implements Timeline.
func (b *ReplayBackend) GoTo(icount uint64) error {
	icount = min(max(icount, b.opts.Start), b.opts.End)
	return b.ran(b.d.GoTo(b.ctx, icount))
}

// Snapshot implements Backend: the machine's state, with the console
// brought to the current icount (replaced, not appended, after a jump
// back).
func (b *ReplayBackend) Snapshot() Snapshot {
	s := b.MachineBackend.Snapshot()
	if s.State != Running && s.Icount >= b.opts.End {
		s.Reason = "end of the recording"
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case !b.shown || s.Icount < b.shownAt:
		s.Console, s.ConsoleReset = b.tc.between(0, s.Icount), true
	default:
		s.Console = b.tc.between(b.shownAt, s.Icount)
	}
	b.shown, b.shownAt = true, s.Icount
	return s
}

// EventsSince implements EventSource with the recorded session's events.
func (b *ReplayBackend) EventsSince(seq uint64) []Event {
	if seq >= uint64(len(b.opts.Events)) {
		return nil
	}
	return b.opts.Events[seq:]
}

// Continue implements Backend: it runs to the next breakpoint or to the
// end of the recording, not beyond it.
func (b *ReplayBackend) Continue() error {
	if err := b.atEnd(); err != nil {
		return err
	}
	return b.runOpen(func(ctx context.Context) (debugger.Stop, error) { return b.d.RunUntil(ctx, b.opts.End) })
}

// Step implements Backend within the recording.
func (b *ReplayBackend) Step(n uint64) error {
	if err := b.atEnd(); err != nil {
		return err
	}
	return b.MachineBackend.Step(n)
}

func (b *ReplayBackend) atEnd() error {
	if b.d.Icount() >= b.opts.End {
		return fmt.Errorf("at the end of the recording (icount %d): go back with [, {, S, C or Home", b.opts.End)
	}
	return nil
}

// WriteMemory implements Backend: a replay is read-only.
func (b *ReplayBackend) WriteMemory(uint64, []byte) error { return errReadOnly }

// WriteRegister implements Backend: a replay is read-only.
func (b *ReplayBackend) WriteRegister(string, uint64) error { return errReadOnly }

// AttachDevice implements Hotplugger: a replay is read-only (the
// recording's own hot-plugs are replayed).
func (b *ReplayBackend) AttachDevice(string) (int, error) { return -1, errReadOnly }

// DetachDevice implements Hotplugger: a replay is read-only.
func (b *ReplayBackend) DetachDevice(int) error { return errReadOnly }

// TakeSnapshot implements Snapshotter: a replay is read-only (it uses the
// recording's own snapshots).
func (b *ReplayBackend) TakeSnapshot() (uint64, uint64, error) { return 0, 0, errReadOnly }

// SendInput implements Backend: the recording's own input is replayed;
// typed input is dropped.
func (b *ReplayBackend) SendInput([]byte) {}

// timedConsole keeps guest output stamped with the icount of the
// instruction that wrote it. Write is called on the debugger's goroutine
// from inside a machine run, where the machine's icount is exact; between
// reads it is guarded by mu.
type timedConsole struct {
	icount func() uint64

	mu       sync.Mutex
	chunks   []timedChunk
	frontier uint64 // output of instructions before this icount is recorded
}

type timedChunk struct {
	icount uint64
	data   []byte
}

// Write records p unless it was recorded already (re-execution of a part
// of the time line that ran before).
func (c *timedConsole) Write(p []byte) (int, error) {
	n := c.icount()
	c.mu.Lock()
	defer c.mu.Unlock()
	if n < c.frontier {
		return len(p), nil // re-execution of output recorded already
	}
	c.frontier = n + 1
	if k := len(c.chunks); k > 0 && c.chunks[k-1].icount == n {
		c.chunks[k-1].data = append(c.chunks[k-1].data, p...)
	} else {
		c.chunks = append(c.chunks, timedChunk{icount: n, data: append([]byte(nil), p...)})
	}
	return len(p), nil
}

// between returns the output of instructions in [from, to).
func (c *timedConsole) between(from, to uint64) []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	i := sort.Search(len(c.chunks), func(i int) bool { return c.chunks[i].icount >= from })
	var out []byte
	for ; i < len(c.chunks) && c.chunks[i].icount < to; i++ {
		out = append(out, c.chunks[i].data...)
	}
	return out
}
