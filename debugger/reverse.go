package debugger

import (
	"context"
	"fmt"
	"sort"

	"vmcore/vm"
	"vmcore/vm/machine"
)

// revHit is a breakpoint or watchpoint hit seen while re-executing: the
// total icount of the stop it would have caused, and what was hit.
type revHit struct {
	icount uint64
	hart   int         // breakpoint hits: the hart at the breakpoint
	bp     *Breakpoint // nil for a watchpoint hit
	watch  *WatchHit
	counts []uint64 // watch hits: hart icounts when the hook fired
}

// ReverseContinue goes back to the most recent breakpoint or watchpoint
// hit before the current instruction count: it re-executes the windows
// between snapshots from the newest backwards, noting hits (conditions
// evaluated, ignore counts not applied), and goes to the last hit of the
// first window that has one. With no hit it stops at the oldest recorded
// point with Stop.HistoryStart set. It needs a *Recorder as the History.
// Pause (or the end of ctx) interrupts the search with a StopPause at the
// icount it started from.
func (d *Debugger) ReverseContinue(ctx context.Context) (Stop, error) {
	return d.reverseRun(ctx, "reverse continue", d.reverseContinue)
}

// ReverseNext goes back one instruction of hart, treating a call as one
// instruction: when the step back lands on the return of a callee (the
// instruction just before the current one is a call, and the previous
// instruction was not sequential), it goes on back to that call, the last
// time it executed with the stack pointer where it is now. When no such
// call is found in the history it stays one instruction back. Like
// ReverseStep it needs a single-hart machine, and like ReverseContinue
// the engine's Recorder.
func (d *Debugger) ReverseNext(ctx context.Context, hart int) (Stop, error) {
	return d.reverseRun(ctx, "reverse next", func(ctx context.Context) (Stop, error) {
		return d.reverseNext(ctx, hart)
	})
}

// reverseRun runs f on the debugger goroutine as a run that Pause (or the
// end of ctx) can interrupt, and publishes its Stop.
func (d *Debugger) reverseRun(ctx context.Context, what string, f func(ctx context.Context) (Stop, error)) (Stop, error) {
	if d.history == nil {
		return Stop{}, ErrNoHistory
	}
	if d.rec == nil {
		return Stop{}, vm.Errorf(vm.KindState, what, "", "needs the engine's own Recorder as History")
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Counting as a run lets Pause (Ctrl-C in gdb) cancel the search.
	d.pmu.Lock()
	d.pending++
	d.cancel = cancel
	d.pmu.Unlock()
	defer func() {
		d.pmu.Lock()
		d.pending--
		d.paused = false
		d.cancel = nil
		d.pmu.Unlock()
	}()
	var st Stop
	var err error
	if e := d.call(func() {
		if d.run != nil {
			err = vm.Errorf(vm.KindState, what, "", "the machine is running")
			return
		}
		st, err = f(ctx)
		if err == nil {
			d.events.Publish(Event{Stop: st})
		}
	}); e != nil {
		return Stop{}, e
	}
	return st, err
}

func (d *Debugger) reverseNext(ctx context.Context, hart int) (Stop, error) {
	r := d.rec
	harts := d.m.Harts()
	if len(harts) != 1 {
		return Stop{}, vm.Errorf(vm.KindState, "reverse next", fmt.Sprintf("hart %d", hart), "reverse stepping needs a single-hart machine for now")
	}
	if hart != 0 {
		return Stop{}, vm.Errorf(vm.KindNotFound, "reverse next", fmt.Sprintf("hart %d", hart), "no such hart (the machine has 1)")
	}
	h := harts[0]
	cur := d.m.Icount()
	if cur == 0 || cur-1 < r.Oldest() {
		return Stop{}, vm.Errorf(vm.KindState, "reverse next", "", "at the start of the recorded history")
	}
	startPC := h.PC()
	startSP, _ := readReg(h, &d.arch.Registers[d.arch.SP])
	d.replaying = true
	defer func() { d.replaying = false }()
	if err := r.seek(ctx, cur-1, nil); err != nil {
		return Stop{}, err
	}
	back := d.fill(Stop{Kind: StopStep}, 0)
	var insn [4]byte
	n := d.readMem(0, h.PC(), insn[:])
	if l, _ := d.arch.CallLength(insn[:n]); l > 0 && h.PC()+uint64(l) == startPC {
		return back, nil // sequential: an ordinary step back
	}
	site, ok := d.callSiteBefore(startPC)
	if !ok {
		return back, nil
	}
	pa, ok := d.phys(0, site)
	if !ok {
		return back, nil
	}
	// Look for the call with a temporary flag on it; the machine is at
	// cur-1, so the search covers [Oldest, cur-1).
	d.ref(pa)
	defer d.unref(pa)
	hi := cur - 1
	first := sort.Search(len(r.snaps), func(i int) bool { return r.snaps[i].Pos.Icount >= hi }) - 1
	for i := first; i >= 0; i-- {
		var hits []uint64
		err := r.replayFrom(ctx, i, hi, func(k int) {
			hk := d.m.Harts()[k]
			if sp, _ := readReg(hk, &d.arch.Registers[d.arch.SP]); hk.PC() == site && sp == startSP {
				hits = append(hits, d.m.Icount())
			}
		})
		if err != nil && ctx.Err() != nil {
			if err := r.seek(context.Background(), cur, nil); err != nil {
				return Stop{}, err
			}
			return d.fill(Stop{Kind: StopPause}, 0), nil
		}
		if err != nil {
			return Stop{}, err
		}
		if len(hits) > 0 {
			if err := r.seek(ctx, hits[len(hits)-1], nil); err != nil {
				return Stop{}, err
			}
			return d.fill(Stop{Kind: StopStep}, 0), nil
		}
		hi = r.snaps[i].Pos.Icount
	}
	// The call is not in the history (it ran before the oldest point):
	// stay one instruction back rather than jump somewhere unrelated.
	if err := r.seek(ctx, cur-1, nil); err != nil {
		return Stop{}, err
	}
	return back, nil
}

// callSiteBefore finds a call instruction that ends exactly at ret (a
// 4-byte one first, then a compressed one): the call whose return lands
// at ret.
func (d *Debugger) callSiteBefore(ret uint64) (uint64, bool) {
	for _, l := range []uint64{4, 2} {
		if ret < l {
			continue
		}
		var insn [4]byte
		n := d.readMem(0, ret-l, insn[:l])
		if got, call := d.arch.CallLength(insn[:n]); call && uint64(got) == l {
			return ret - l, true
		}
	}
	return 0, false
}

func (d *Debugger) reverseContinue(ctx context.Context) (Stop, error) {
	r := d.rec
	cur := d.m.Icount()
	d.placeAll()
	d.replaying = true
	defer func() { d.replaying, d.scan = false, nil }()
	hi := cur
	first := sort.Search(len(r.snaps), func(i int) bool { return r.snaps[i].Pos.Icount >= cur }) - 1
	for i := first; i >= 0; i-- {
		var hits []revHit
		d.scan = &hits
		err := r.replayFrom(ctx, i, hi, func(k int) {
			if b := d.breakAt(k); b != nil {
				hits = append(hits, revHit{icount: d.m.Icount(), hart: k, bp: b})
			}
		})
		d.scan = nil
		if err != nil && ctx.Err() != nil {
			// Paused mid-search: put the machine back where it was
			// rather than somewhere inside a window.
			if err := r.seek(context.Background(), cur, nil); err != nil {
				return Stop{}, err
			}
			return d.fill(Stop{Kind: StopPause}, 0), nil
		}
		if err != nil {
			return Stop{}, err
		}
		for j := len(hits) - 1; j >= 0; j-- {
			if h := hits[j]; h.icount < cur {
				return d.goToHit(ctx, h)
			}
		}
		hi = r.snaps[i].Pos.Icount
	}
	if err := r.seek(ctx, r.Oldest(), nil); err != nil {
		return Stop{}, err
	}
	return d.fill(Stop{Kind: StopStep, HistoryStart: true}, 0), nil
}

// goToHit brings the machine to a hit found by the search and describes
// it as the forward run would have.
func (d *Debugger) goToHit(ctx context.Context, h revHit) (Stop, error) {
	if err := d.rec.seek(ctx, h.icount, nil); err != nil {
		return Stop{}, err
	}
	if h.bp != nil {
		return d.fill(Stop{Kind: StopBreakpoint, Hart: h.hart, Breakpoint: h.bp.ID, BreakKind: h.bp.Kind}, h.hart), nil
	}
	hart := 0
	for i, hh := range d.m.Harts() {
		if i < len(h.counts) && hh.Icount() == h.counts[i]+1 {
			hart = i
		}
	}
	return d.fill(Stop{Kind: StopWatchpoint, Hart: hart, Watch: h.watch}, hart), nil
}

// breakAt returns the breakpoint (lowest id) that hart k sits on and whose
// condition holds, without counting a hit; nil when none.
func (d *Debugger) breakAt(k int) *Breakpoint {
	pa, ok := d.phys(k, d.m.Harts()[k].PC())
	if !ok {
		return nil
	}
	for _, id := range d.sortedBreakIDs() {
		b := d.bps[id]
		if !b.Placed || b.paddr != pa {
			continue
		}
		if b.cond != nil {
			if v, err := b.cond.Eval(hartEnv{d, k}); err != nil || v == 0 {
				continue
			}
		}
		return b
	}
	return nil
}

// hartCounts returns every hart's icount now.
func (d *Debugger) hartCounts() []uint64 {
	hs := d.m.Harts()
	out := make([]uint64, len(hs))
	for i, h := range hs {
		out[i] = h.Icount()
	}
	return out
}

// noteWrite tells the Recorder about a debugger write just made, so that
// re-execution makes it again (and the future it changes is forgotten).
func (d *Debugger) noteWrite(what string, apply func(m *machine.Machine) error) {
	if d.rec != nil {
		d.rec.noteWrite(what, apply)
	}
}

// errWriteReplay is the error of a logged register write that no longer
// applies.
func errWriteReplay(name string, v uint64) error {
	return fmt.Errorf("register %s no longer accepts %#x", name, v)
}
