package debugger

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"

	"vmcore/isa/riscv"
	"vmcore/vm"
	"vmcore/vm/machine"
)

// BreakKind distinguishes software from hardware breakpoints. Both are
// flags in the decoded-instruction cache; the kind only decides how a hit
// is reported (GDB wants swbreak or hwbreak back).
type BreakKind uint8

// Breakpoint kinds.
const (
	Software BreakKind = iota
	Hardware
)

func (k BreakKind) String() string {
	if k == Hardware {
		return "hardware"
	}
	return "software"
}

// WatchKind is a set of access kinds a watchpoint reacts to.
type WatchKind uint8

// Watchpoint kinds.
const (
	WatchWrite  WatchKind = 1
	WatchRead   WatchKind = 2
	WatchAccess           = WatchWrite | WatchRead
)

func (k WatchKind) String() string {
	switch k {
	case WatchWrite:
		return "write"
	case WatchRead:
		return "read"
	case WatchAccess:
		return "access"
	}
	return fmt.Sprintf("WatchKind(%d)", uint8(k))
}

// Breakpoint is an execution breakpoint as front ends see it.
type Breakpoint struct {
	ID   int
	Addr uint64 // virtual address of the instruction
	Kind BreakKind
	Cond string // condition source; empty means always
	Hits uint64 // times the condition held
	// Ignore is how many hits to let pass before stopping.
	Ignore uint64
	// Owner names the front end that set it ("gdb", "ui"), so that one
	// front end can clear its own without touching the others'.
	Owner string
	// Enabled breakpoints stop runs; a disabled one keeps its id, hit
	// count and condition but has no flag in memory.
	Enabled bool
	// Placed says whether the flag is in memory: the breakpoint is
	// enabled and Addr currently maps to RAM, where the flag lives.
	Placed bool

	cond  *Expr
	paddr uint64
}

// Watchpoint watches an exact byte range for reads, writes or both.
type Watchpoint struct {
	ID    int
	Addr  uint64 // virtual address of the first byte
	Len   uint64
	Kind  WatchKind
	Hits  uint64
	Owner string

	paddr uint64
}

// History is what reverse execution needs: a way to put the machine back
// in the state it had at an earlier instruction count. The replay service
// implements it with snapshots plus deterministic re-execution; the
// debugger calls it on its own goroutine, while it owns the machine.
type History interface {
	// Seek makes the machine's state the one it had when all harts had
	// retired icount instructions in total.
	Seek(ctx context.Context, icount uint64) error
	// Oldest is the smallest icount Seek can reach.
	Oldest() uint64
}

// Options configure a Debugger. The zero value is usable.
type Options struct {
	// Arch describes the machine's harts; nil selects RISCV64 with the
	// CSRs hart 0 has.
	Arch *Arch
	// History enables going back in time; nil means forward only. A
	// *Recorder (NewRecorder) is fed by the engine as the machine runs
	// and also enables ReverseContinue.
	History History
	// Journal records the session as it is debugged (nil: not
	// recorded). See Journal.
	Journal Journal
	// SliceInsns is how many instructions run between looks at pending
	// requests while the machine runs (default 1<<20): the latency of a
	// register read during a run, not a visible boundary.
	SliceInsns uint64
}

// ErrClosed is returned by calls on a closed Debugger.
var ErrClosed = vm.Errorf(vm.KindState, "debugger", "", "closed")

// Debugger is the one debugging engine of a VM. It owns the machine: one
// goroutine runs it and serves requests from front ends (the screen, its
// command line, the GDB server), which may call any method concurrently.
//
// Invariants: the machine is touched only on the debugger's goroutine;
// at most one run (continue, step, ...) is in progress; every run ends in
// exactly one Stop, delivered to its caller and published as an Event.
type Debugger struct {
	m       *machine.Machine
	arch    *Arch
	history History
	rec     *Recorder // history when it is the engine-fed Recorder
	journal Journal
	slice   uint64

	reqs   chan func()
	quit   chan struct{}
	done   chan struct{}
	closed sync.Once
	events *vm.Bus[Event]

	// pmu guards the fields that Pause touches from other goroutines.
	pmu     sync.Mutex
	pending int  // runs requested and not yet stopped
	paused  bool // Pause was called during the current run
	cancel  context.CancelFunc

	// Owned by the debugger goroutine.
	bps      map[int]*Breakpoint
	wps      map[int]*Watchpoint
	nextID   int
	refs     map[uint64]int // physical address -> breakpoint flags placed there
	temps    []tempBreak
	catches  map[uint64]bool // trap-vector addresses flagged for CatchTraps
	catch    bool
	run      *runState
	runCtx   context.Context
	hit      *WatchHit
	hitCount []uint64 // hart icounts when the watch hook fired
	// replaying is set while the History re-executes: watchpoints are
	// quiet then, or, when scan is set, record their hits there.
	replaying bool
	scan      *[]revHit
}

// tempBreak is an engine-internal breakpoint that ends next, finish and
// run-to: it stops hart (or any hart when hart < 0) at paddr, for finish
// only once the stack has unwound to minSP.
type tempBreak struct {
	paddr   uint64
	hart    int
	checkSP bool
	minSP   uint64
}

type actKind uint8

const (
	actContinue actKind = iota
	actStep
	actGoto // run to total icount n, ignoring breakpoints and watchpoints
	actFor  // continue, but stop with StopLimit at total icount n
)

type runState struct {
	kind  actKind
	hart  int
	n     uint64
	reply chan Stop
}

// New makes the debugger of m and starts its goroutine. From now on only
// the debugger may touch m; call Close to stop it.
func New(m *machine.Machine, opts Options) *Debugger {
	a := opts.Arch
	if a == nil {
		a = RISCV64(HartCSRs(m.Harts()[0]))
	}
	if opts.SliceInsns == 0 {
		opts.SliceInsns = 1 << 20
	}
	d := &Debugger{
		m: m, arch: a, history: opts.History, slice: opts.SliceInsns, journal: opts.Journal,
		reqs: make(chan func()), quit: make(chan struct{}), done: make(chan struct{}),
		events: vm.NewBus[Event](),
		bps:    map[int]*Breakpoint{}, wps: map[int]*Watchpoint{},
		refs: map[uint64]int{}, catches: map[uint64]bool{},
		hitCount: make([]uint64, len(m.Harts())),
	}
	d.rec, _ = opts.History.(*Recorder)
	m.SetAccessHook(d.onAccess)
	go d.loop()
	return d
}

// Close stops the debugger's goroutine. A run in progress ends with a
// StopPause first. The machine is left as it is (the caller closes it).
func (d *Debugger) Close() error {
	d.closed.Do(func() {
		d.Pause()
		close(d.quit)
		<-d.done
	})
	return nil
}

// Arch is the architecture description the debugger uses.
func (d *Debugger) Arch() *Arch { return d.arch }

// HasHistory reports whether reverse execution is available.
func (d *Debugger) HasHistory() bool { return d.history != nil }

// Subscribe returns a stream of events (runs starting, stops) with a queue
// of the given capacity; a slow reader misses events rather than slowing
// the machine (see vm.Subscription.Dropped).
func (d *Debugger) Subscribe(capacity int) *vm.Subscription[Event] {
	return d.events.Subscribe(capacity)
}

func (d *Debugger) loop() {
	defer close(d.done)
	for {
		if d.run == nil {
			select {
			case f := <-d.reqs:
				f()
			case <-d.quit:
				return
			}
			continue
		}
		// Running: serve what is pending, then run one slice.
		for drained := false; !drained; {
			select {
			case f := <-d.reqs:
				f()
			case <-d.quit:
				d.finish(Stop{Kind: StopPause})
				return
			default:
				drained = true
			}
		}
		if d.run != nil {
			d.step()
		}
	}
}

// call runs f on the debugger goroutine and waits for it.
func (d *Debugger) call(f func()) error {
	done := make(chan struct{})
	select {
	case d.reqs <- func() { f(); close(done) }:
	case <-d.quit:
		return ErrClosed
	}
	<-done
	return nil
}

// Do runs f on the debugger's goroutine with the machine, for front ends
// that read state the debugger has no method for (devices, symbols, the
// disassembly around pc). f must not keep m, and must not change it (that
// would escape the record of debugger writes).
func (d *Debugger) Do(f func(m *machine.Machine)) error {
	return d.call(func() { f(d.m) })
}

// Running reports whether a run is in progress.
func (d *Debugger) Running() bool {
	d.pmu.Lock()
	defer d.pmu.Unlock()
	return d.pending > 0
}

// Pause asks a run in progress to stop (with StopPause) as soon as the
// current instruction completes. It may be called from any goroutine; it
// does nothing when the machine is not running.
func (d *Debugger) Pause() {
	d.pmu.Lock()
	if d.pending > 0 {
		d.paused = true
		if d.cancel != nil {
			d.cancel()
		}
	}
	d.pmu.Unlock()
}

// Continue runs until something stops the machine.
func (d *Debugger) Continue(ctx context.Context) (Stop, error) {
	return d.resume(ctx, runState{kind: actContinue})
}

// RunUntil continues until the machine's total icount (all harts
// together) reaches n, stopping there with StopLimit; unlike GoTo it stops
// at breakpoints and watchpoints on the way. The CLI's --max-insns is such
// a total.
func (d *Debugger) RunUntil(ctx context.Context, n uint64) (Stop, error) {
	return d.resume(ctx, runState{kind: actFor, n: n})
}

// Step executes n instructions of hart (a trap taken counts as one). Other
// harts run as the deterministic schedule says meanwhile; a breakpoint or
// watchpoint of any hart ends the step early.
func (d *Debugger) Step(ctx context.Context, hart int, n uint64) (Stop, error) {
	if n == 0 {
		n = 1
	}
	return d.resume(ctx, runState{kind: actStep, hart: hart, n: n})
}

// Next steps one instruction of hart, treating a call (an instruction
// that links the return-address register) as one instruction: it runs
// until the call returns to the next instruction with the stack at or
// above where it was.
func (d *Debugger) Next(ctx context.Context, hart int) (Stop, error) {
	return d.resume(ctx, runState{kind: actContinue, hart: hart, n: nextMarker})
}

// Finish runs hart until the current function returns: until it reaches
// the address in the return-address register with the stack pointer at or
// above its current value. Call it at a function's first instruction (or
// anywhere before ra is reused).
func (d *Debugger) Finish(ctx context.Context, hart int) (Stop, error) {
	return d.resume(ctx, runState{kind: actContinue, hart: hart, n: finishMarker})
}

// RunTo continues until any hart reaches addr (or something else stops the
// machine first).
func (d *Debugger) RunTo(ctx context.Context, addr uint64) (Stop, error) {
	return d.resume(ctx, runState{kind: actContinue, hart: -1, n: addr})
}

// Markers in runState.n for continue-like runs that plant temporary
// breakpoints; they are not addresses a RunTo can be asked for because
// RunTo uses hart -1.
const (
	nextMarker   = ^uint64(0)
	finishMarker = ^uint64(1)
)

// GoTo brings the machine to total instruction count icount: forward by
// running (breakpoints and watchpoints do not stop it), backward through
// the History.
func (d *Debugger) GoTo(ctx context.Context, icount uint64) (Stop, error) {
	var cur uint64
	var skip bool
	if err := d.call(func() {
		cur = d.m.Icount()
		// Far ahead on known ground (a replay's stored snapshots, or the
		// future after going back), restoring beats running there.
		skip = d.rec != nil && d.rec.SkipsAhead(cur, icount)
	}); err != nil {
		return Stop{}, err
	}
	if icount >= cur && !skip {
		return d.resume(ctx, runState{kind: actGoto, n: icount})
	}
	return d.seek(ctx, icount)
}

// ErrNoHistory is returned by reverse execution without a History.
var ErrNoHistory = vm.Errorf(vm.KindState, "reverse execution", "", "no history is attached (record the session to go back in time)")

func (d *Debugger) seek(ctx context.Context, icount uint64) (Stop, error) {
	if d.history == nil {
		return Stop{}, ErrNoHistory
	}
	var st Stop
	var err error
	if e := d.call(func() {
		if d.run != nil {
			err = vm.Errorf(vm.KindState, "go to", fmt.Sprint(icount), "the machine is running")
			return
		}
		d.replaying = true
		err = d.history.Seek(ctx, icount)
		d.replaying = false
		if err != nil {
			return
		}
		st = d.fill(Stop{Kind: StopStep}, 0)
		d.events.Publish(Event{Stop: st})
	}); e != nil {
		return Stop{}, e
	}
	return st, err
}

// ReverseStep goes back one instruction. It needs a History, and for now a
// single hart: with several, "the previous instruction of hart k" needs the
// replay service's per-hart index.
func (d *Debugger) ReverseStep(ctx context.Context, hart int) (Stop, error) {
	if d.history == nil {
		return Stop{}, ErrNoHistory
	}
	var cur uint64
	var harts int
	if err := d.call(func() { cur, harts = d.m.Icount(), len(d.m.Harts()) }); err != nil {
		return Stop{}, err
	}
	if harts != 1 {
		return Stop{}, vm.Errorf(vm.KindState, "reverse step", fmt.Sprintf("hart %d", hart), "reverse stepping needs a single-hart machine for now")
	}
	if cur == 0 || cur-1 < d.history.Oldest() {
		return Stop{}, vm.Errorf(vm.KindState, "reverse step", "", "at the start of the recorded history")
	}
	return d.seek(ctx, cur-1)
}

func (d *Debugger) resume(ctx context.Context, rs runState) (Stop, error) {
	reply := make(chan Stop, 1)
	rs.reply = reply
	d.pmu.Lock()
	d.pending++
	d.pmu.Unlock()
	var err error
	if e := d.call(func() { err = d.start(&rs) }); e != nil {
		err = e
	}
	if err != nil {
		d.pmu.Lock()
		d.pending--
		d.pmu.Unlock()
		return Stop{}, err
	}
	select {
	case s := <-reply:
		return s, nil
	case <-ctx.Done():
		d.Pause()
		return <-reply, nil
	}
}

// start begins a run on the debugger goroutine.
func (d *Debugger) start(rs *runState) error {
	if d.run != nil {
		return vm.Errorf(vm.KindState, "resume", "", "the machine is already running")
	}
	harts := d.m.Harts()
	if rs.hart >= len(harts) || (rs.hart < 0 && rs.kind != actContinue) {
		return vm.Errorf(vm.KindNotFound, "resume", fmt.Sprintf("hart %d", rs.hart), "no such hart (the machine has %d)", len(harts))
	}
	d.placeAll()
	switch {
	case rs.kind == actContinue && rs.n == nextMarker:
		h := harts[rs.hart]
		var insn [4]byte
		n := d.readMem(rs.hart, h.PC(), insn[:])
		if l, call := d.arch.CallLength(insn[:n]); call {
			d.addTemp(rs.hart, h.PC()+uint64(l), true, h.Reg(d.arch.Registers[d.arch.SP].Num))
		} else {
			rs.kind, rs.n = actStep, 1
		}
	case rs.kind == actContinue && rs.n == finishMarker:
		h := harts[rs.hart]
		ra, _ := readReg(h, &d.arch.Registers[d.arch.RA])
		sp, _ := readReg(h, &d.arch.Registers[d.arch.SP])
		d.addTemp(rs.hart, ra, true, sp)
	case rs.kind == actContinue && rs.hart < 0:
		d.addTemp(-1, rs.n, false, 0)
	}
	if d.catch {
		d.placeCatches()
	}
	// A hart sitting on a breakpoint it stopped at goes past it: resuming
	// from a breakpoint must not hit it again.
	for i, h := range harts {
		if pa, ok := d.phys(i, h.PC()); ok && d.refs[pa] > 0 {
			h.StepOverBreakpoint()
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	d.pmu.Lock()
	d.cancel = cancel
	d.pmu.Unlock()
	d.runCtx = ctx
	d.hit = nil
	d.run = rs
	if d.journal != nil {
		if err := d.journal.Resumed(); err != nil {
			d.run = nil
			cancel()
			return err
		}
	}
	d.events.Publish(Event{Running: true})
	return nil
}

// finish ends the current run with st.
func (d *Debugger) finish(st Stop) {
	rs := d.run
	if rs == nil {
		return
	}
	d.run = nil
	for _, t := range d.temps {
		d.unref(t.paddr)
	}
	d.temps = nil
	for pa := range d.catches {
		d.unref(pa)
	}
	clear(d.catches)
	// Logged outside events at the stop's icount belong to the state
	// there (Seek applies them too), so that going back and forth and
	// running forward agree.
	if d.rec != nil {
		if err := d.rec.catchUp(); err != nil && st.Err == nil {
			st.Err = err
		}
	}
	st = d.journalStop(d.fill(st, rs.hart))
	d.pmu.Lock()
	d.pending--
	d.paused = false
	if d.cancel != nil {
		d.cancel()
		d.cancel = nil
	}
	d.pmu.Unlock()
	d.events.Publish(Event{Stop: st})
	rs.reply <- st
}

// fill completes a Stop with the hart's pc and the icount. hart is the
// default when the stop does not name one.
func (d *Debugger) fill(st Stop, hart int) Stop {
	if st.Kind != StopBreakpoint && st.Kind != StopWatchpoint && st.Kind != StopExit && st.Kind != StopTrap && st.Hart == 0 {
		if hart > 0 {
			st.Hart = hart
		}
	}
	if st.Hart < 0 || st.Hart >= len(d.m.Harts()) {
		st.Hart = 0
	}
	st.PC = d.m.Harts()[st.Hart].PC()
	st.Icount = d.m.Icount()
	return st
}

// ctx returns the context for the next machine slice: a fresh one when a
// watch hit or a pause cancelled the last.
func (d *Debugger) sliceCtx() context.Context {
	if d.runCtx.Err() == nil {
		return d.runCtx
	}
	ctx, cancel := context.WithCancel(context.Background())
	d.pmu.Lock()
	d.cancel = cancel
	d.pmu.Unlock()
	d.runCtx = ctx
	return ctx
}

func (d *Debugger) pauseRequested() bool {
	d.pmu.Lock()
	defer d.pmu.Unlock()
	return d.paused
}

// step runs one slice of the current run.
func (d *Debugger) step() {
	rs := d.run
	if d.pauseRequested() {
		d.finish(Stop{Kind: StopPause})
		return
	}
	if rs.kind == actStep {
		// One machine instruction at a time until the hart has retired
		// rs.n; a bounded batch per slice keeps requests served.
		h := d.m.Harts()[rs.hart]
		for i := 0; i < 4096 && d.run == rs; i++ {
			before := h.Icount()
			if d.replayDue() {
				return
			}
			res := d.m.Run(d.sliceCtx(), d.m.Icount()+1)
			if d.rec != nil {
				d.rec.observe()
			}
			if d.handle(res) || d.journalTick() {
				return
			}
			if h.Icount() > before {
				rs.n--
				if rs.n == 0 {
					d.finish(Stop{Kind: StopStep, Hart: rs.hart})
					return
				}
			}
			if d.pauseRequested() {
				d.finish(Stop{Kind: StopPause})
				return
			}
		}
		return
	}
	total := d.m.Icount()
	limit := total + d.slice
	if rs.kind == actGoto || rs.kind == actFor {
		if total >= rs.n {
			kind := StopStep
			if rs.kind == actFor {
				kind = StopLimit
			}
			d.finish(Stop{Kind: kind})
			return
		}
		limit = min(limit, rs.n)
	}
	if d.replayDue() {
		return
	}
	if d.rec != nil {
		if n, ok := d.rec.nextEvent(); ok {
			limit = min(limit, n)
		}
	}
	limit = d.journalLimit(limit)
	res := d.m.Run(d.sliceCtx(), limit)
	if d.rec != nil {
		d.rec.observe()
	}
	if !d.handle(res) {
		d.journalTick()
	}
}

// replayDue gives the machine the Recorder's logged events due now (after
// going back, the old future's input arrives where it did); it reports
// whether that failed and ended the run.
func (d *Debugger) replayDue() bool {
	if d.rec == nil {
		return false
	}
	if err := d.rec.catchUp(); err != nil {
		// Cannot happen on an exact replay; stop rather than run on a
		// time line that differs from the recorded one silently.
		d.finish(Stop{Kind: StopPause, Err: err})
		return true
	}
	return false
}

// handle acts on a machine result; it reports whether the run stopped.
func (d *Debugger) handle(res machine.Result) bool {
	rs := d.run
	switch res.Reason {
	case machine.ReasonPass, machine.ReasonFail:
		d.finish(Stop{Kind: StopExit, Hart: res.Hart, ExitCode: res.ExitCode, ExitSource: res.Source, Passed: res.Reason == machine.ReasonPass})
		return true
	case machine.ReasonIdle:
		d.finish(Stop{Kind: StopIdle, Hart: res.Hart})
		return true
	case machine.ReasonInterrupted:
		if w := d.hit; w != nil {
			d.hit = nil
			if rs.kind == actGoto {
				return false
			}
			d.finish(Stop{Kind: StopWatchpoint, Hart: d.watchHart(res.Hart), Watch: w})
			return true
		}
		if d.pauseRequested() {
			d.finish(Stop{Kind: StopPause})
			return true
		}
	case machine.ReasonBreakpoint:
		return d.onBreak(res.Hart)
	}
	return false
}

// watchHart finds the hart that made the watched access: the only one
// that retired exactly one instruction since the hook fired.
func (d *Debugger) watchHart(def int) int {
	for i, h := range d.m.Harts() {
		if h.Icount() == d.hitCount[i]+1 {
			return i
		}
	}
	return def
}

// onBreak decides what a breakpoint flag hit by hart k means; it reports
// whether the run stopped.
func (d *Debugger) onBreak(k int) bool {
	rs := d.run
	h := d.m.Harts()[k]
	pa, _ := d.phys(k, h.PC())
	if rs.kind == actGoto {
		h.StepOverBreakpoint()
		return false
	}
	for _, t := range d.temps {
		if t.paddr != pa || (t.hart >= 0 && t.hart != k) {
			continue
		}
		if t.checkSP && h.Reg(d.arch.Registers[d.arch.SP].Num) < t.minSP {
			continue
		}
		d.finish(Stop{Kind: StopStep, Hart: k})
		return true
	}
	if d.catches[pa] {
		cause, _ := h.ReadCSR(0x342) // mcause
		if h.Priv() == riscv.PrivS {
			cause, _ = h.ReadCSR(0x142) // scause
		}
		d.finish(Stop{Kind: StopTrap, Hart: k, Cause: cause})
		return true
	}
	var stop *Breakpoint
	var condErr error
	for _, id := range d.sortedBreakIDs() {
		b := d.bps[id]
		if !b.Placed || b.paddr != pa {
			continue
		}
		if b.cond != nil {
			v, err := b.cond.Eval(hartEnv{d, k})
			if err != nil {
				if stop == nil {
					stop, condErr = b, err
				}
				continue
			}
			if v == 0 {
				continue
			}
		}
		b.Hits++
		if b.Hits > b.Ignore && stop == nil {
			stop = b
		}
	}
	if stop != nil {
		d.finish(Stop{Kind: StopBreakpoint, Hart: k, Breakpoint: stop.ID, BreakKind: stop.Kind, CondErr: condErr})
		return true
	}
	h.StepOverBreakpoint()
	return false
}

func (d *Debugger) sortedBreakIDs() []int {
	ids := make([]int, 0, len(d.bps))
	for id := range d.bps {
		ids = append(ids, id)
	}
	sort.Ints(ids)
	return ids
}

// onAccess is the machine's access hook for watched pages: it filters the
// exact byte ranges and records the first hit of an instruction.
func (d *Debugger) onAccess(paddr uint64, size int, write bool, old, val uint64) bool {
	if d.replaying {
		if d.scan != nil && len(d.wps) > 0 {
			if hit, _ := d.watchMatch(paddr, size, write, old); hit != nil {
				*d.scan = append(*d.scan, revHit{icount: d.m.Icount() + 1, watch: hit, counts: d.hartCounts()})
			}
		}
		return false
	}
	if d.hit != nil || len(d.wps) == 0 {
		return d.hit != nil
	}
	hit, best := d.watchMatch(paddr, size, write, old)
	if hit == nil {
		return false
	}
	best.Hits++
	d.hit = hit
	for i, h := range d.m.Harts() {
		d.hitCount[i] = h.Icount()
	}
	d.pmu.Lock()
	if d.cancel != nil {
		d.cancel()
	}
	d.pmu.Unlock()
	return true
}

// watchMatch finds the watchpoint (lowest id) an access touches and
// describes the hit; nil when none.
func (d *Debugger) watchMatch(paddr uint64, size int, write bool, old uint64) (*WatchHit, *Watchpoint) {
	kind := WatchRead
	if write {
		kind = WatchWrite
	}
	var best *Watchpoint
	for _, w := range d.wps {
		if w.Kind&kind == 0 || paddr >= w.paddr+w.Len || w.paddr >= paddr+uint64(size) {
			continue
		}
		if best == nil || w.ID < best.ID {
			best = w
		}
	}
	if best == nil {
		return nil, nil
	}
	hit := &WatchHit{ID: best.ID, Kind: best.Kind, Addr: best.Addr, Len: best.Len,
		AccessAddr: paddr, AccessSize: size, Write: write}
	// The range's value after the access is in RAM; before it, the bytes
	// the access overwrote came from old.
	n := min(best.Len, 8)
	var cur [8]byte
	d.m.Memory().Read(best.paddr, cur[:n])
	prev := cur
	for i := uint64(0); i < n; i++ {
		a := best.paddr + i
		if a >= paddr && a < paddr+uint64(size) {
			prev[i] = byte(old >> (8 * (a - paddr)))
		}
	}
	hit.New, hit.Old = le64(cur[:n]), le64(prev[:n])
	return hit, best
}

func le64(b []byte) uint64 {
	var v uint64
	for i, c := range b {
		v |= uint64(c) << (8 * i)
	}
	return v
}

// errHart is the error for a hart number the machine does not have.
func errHart(op string, hart, n int) error {
	return vm.Errorf(vm.KindNotFound, op, fmt.Sprintf("hart %d", hart), "no such hart (the machine has %d)", n)
}

// IsClosed reports whether err says the debugger was closed.
func IsClosed(err error) bool { return errors.Is(err, ErrClosed) }
