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
	if d.history == nil {
		return Stop{}, ErrNoHistory
	}
	if d.rec == nil {
		return Stop{}, vm.Errorf(vm.KindState, "reverse continue", "", "needs the engine's own Recorder as History")
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
			err = vm.Errorf(vm.KindState, "reverse continue", "", "the machine is running")
			return
		}
		st, err = d.reverseContinue(ctx)
		if err == nil {
			d.events.Publish(Event{Stop: st})
		}
	}); e != nil {
		return Stop{}, e
	}
	return st, err
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
