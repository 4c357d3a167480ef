package vm

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/google/uuid"

	"vmcore/store"
	"vmcore/vm/machine"
)

// Session is a recorded stream read back: its records, its decoded events
// and the aggregate rebuilt from them.
type Session struct {
	ID      uuid.UUID
	Records []store.Record
	Events  []Event
	VM      *VirtualMachine
}

// OpenSession reads and decodes a whole session. An unknown id is a
// KindNotFound error; a damaged record a KindStorage error naming it.
func OpenSession(ctx context.Context, st EventStore, id uuid.UUID) (*Session, error) {
	recs, err := st.ReadStream(ctx, id, 0, store.Forward, 0)
	if errors.Is(err, store.ErrNotFound) {
		return nil, Errorf(KindNotFound, "open", "session "+id.String(), "no such session")
	}
	if err != nil {
		return nil, Wrap(KindStorage, "read", "session "+id.String(), err)
	}
	s := &Session{ID: id, Records: recs}
	for _, r := range recs {
		e, err := DecodeEvent(r)
		if err != nil {
			return nil, err
		}
		s.Events = append(s.Events, e)
	}
	s.VM = Load(id, s.Events)
	if s.VM.State() == StateNew {
		return nil, Errorf(KindStorage, "open", "session "+id.String(), "stream does not start with VMCreated")
	}
	return s, nil
}

// FindSession resolves a session id or a unique prefix of one.
func FindSession(ctx context.Context, st EventStore, idOrPrefix string) (uuid.UUID, error) {
	if id, err := uuid.Parse(idOrPrefix); err == nil {
		return id, nil
	}
	streams, err := st.ListStreams(ctx)
	if err != nil {
		return uuid.Nil, Wrap(KindStorage, "list", "sessions", err)
	}
	var found []uuid.UUID
	for _, s := range streams {
		if len(idOrPrefix) > 0 && len(s.ID.String()) >= len(idOrPrefix) && s.ID.String()[:len(idOrPrefix)] == idOrPrefix {
			found = append(found, s.ID)
		}
	}
	switch len(found) {
	case 0:
		return uuid.Nil, Errorf(KindNotFound, "find", "session "+idOrPrefix, "no such session")
	case 1:
		return found[0], nil
	}
	return uuid.Nil, Errorf(KindConflict, "find", "session "+idOrPrefix, "prefix matches %d sessions", len(found))
}

// NewMachine builds the session's board and loads its program, as it was
// when VMCreated was recorded. console receives the guest's output.
func (s *Session) NewMachine(console io.Writer) (*machine.Machine, error) {
	c := s.VM.Created()
	img, err := c.ParseImage()
	if err != nil {
		return nil, err
	}
	cfg, err := c.Config.MachineConfig()
	if err != nil {
		return nil, err
	}
	cfg.Console = console
	m, err := machine.New(cfg)
	if err != nil {
		return nil, Wrap(KindConfig, "build machine of", "session "+s.ID.String(), err)
	}
	if err := m.Load(img); err != nil {
		m.Close()
		return nil, Wrap(KindConfig, "load program of", "session "+s.ID.String(), err)
	}
	return m, nil
}

// Divergence says where a replay stopped matching its recording.
type Divergence struct {
	Icount uint64 // the first icount at which the states differ
	Event  string // the event that showed it
	Detail string
}

func (d *Divergence) Error() string {
	return fmt.Sprintf("replay diverged at icount %d (%s): %s", d.Icount, d.Event, d.Detail)
}

// replayer applies recorded events to a machine.
type replayer struct {
	ctx context.Context
	m   *machine.Machine
	// verified counts checkpoints whose hash matched.
	verified int
}

// runTo runs the machine to exactly icount, or reports a divergence.
func (p *replayer) runTo(icount uint64, what string) error {
	if p.m.Icount() > icount {
		return &Divergence{Icount: p.m.Icount(), Event: what, Detail: fmt.Sprintf("machine is already past icount %d", icount)}
	}
	if p.m.Icount() == icount {
		return nil
	}
	r := p.m.Run(p.ctx, icount)
	if r.Reason == machine.ReasonInterrupted {
		return Wrap(KindExecution, "replay", what, p.ctx.Err())
	}
	if r.Icount != icount {
		return &Divergence{Icount: r.Icount, Event: what,
			Detail: fmt.Sprintf("machine stopped (%v) at icount %d before icount %d", r.Reason, r.Icount, icount)}
	}
	return nil
}

// runToPos is runTo followed by aligning to the exact position an event
// was stamped with, when it has one.
func (p *replayer) runToPos(icount uint64, pos *machine.Pos, what string) error {
	if err := p.runTo(icount, what); err != nil {
		return err
	}
	if pos != nil {
		if err := p.m.AlignTo(*pos); err != nil {
			return &Divergence{Icount: icount, Event: what, Detail: err.Error()}
		}
	}
	return nil
}

// ApplyTo makes the register write e records on m (at whatever position
// m is: aligning it is the caller's business).
func (e RegisterPatched) ApplyTo(m *machine.Machine) error {
	harts := m.Harts()
	if e.Hart < 0 || e.Hart >= len(harts) {
		return fmt.Errorf("no hart %d", e.Hart)
	}
	h := harts[e.Hart]
	switch e.Space {
	case RegSpaceX:
		switch {
		case e.Reg == RegPC:
			h.SetPC(e.Value)
		case e.Reg >= 0 && e.Reg < 32:
			h.SetReg(e.Reg, e.Value)
		default:
			return fmt.Errorf("no register x%d", e.Reg)
		}
	case RegSpaceCSR:
		if !h.WriteCSR(uint16(e.Reg), e.Value) {
			return fmt.Errorf("CSR %#x does not take %#x", e.Reg, e.Value)
		}
	case RegSpaceF:
		if e.Reg < 0 || e.Reg >= 32 {
			return fmt.Errorf("no register f%d", e.Reg)
		}
		h.SetFReg(e.Reg, e.Value)
	case RegSpacePriv:
		h.SetPriv(uint8(e.Value))
	default:
		return fmt.Errorf("register space %q cannot be replayed by this version", e.Space)
	}
	return nil
}

// ApplyTo plugs the recorded device into m (checking a disk's image).
func (e DeviceAttached) ApplyTo(m *machine.Machine) error {
	spec, err := e.Device.OpenSpec()
	if err != nil {
		return err
	}
	slot, err := m.AttachVirtio(e.Slot, spec)
	if err == nil && slot != e.Slot {
		err = fmt.Errorf("device went to slot %d, recorded in slot %d", slot, e.Slot)
	}
	return err
}

// ApplyTo unplugs the recorded slot's device from m.
func (e DeviceDetached) ApplyTo(m *machine.Machine) error { return m.DetachVirtio(e.Slot) }

// ApplyTo makes the memory write e records on m.
func (e MemoryPatched) ApplyTo(m *machine.Machine) error {
	if !m.Memory().Write(e.Addr, e.Bytes) {
		return fmt.Errorf("address %#x is not RAM", e.Addr)
	}
	return nil
}

// apply carries out one event.
func (p *replayer) apply(e Event) error {
	what := fmt.Sprintf("%s at icount %d", e.EventType(), e.At())
	switch e := e.(type) {
	case ConsoleInput:
		if err := p.runTo(e.Pos.Icount, what); err != nil {
			return err
		}
		if err := p.m.InjectInputAt(e.Pos, e.Bytes); err != nil {
			return &Divergence{Icount: e.Pos.Icount, Event: what, Detail: err.Error()}
		}
	case MemoryPatched:
		if err := p.runToPos(e.Icount, e.Pos, what); err != nil {
			return err
		}
		if err := e.ApplyTo(p.m); err != nil {
			return &Divergence{Icount: e.Icount, Event: what, Detail: err.Error()}
		}
	case RegisterPatched:
		if err := p.runToPos(e.Icount, e.Pos, what); err != nil {
			return err
		}
		if err := e.ApplyTo(p.m); err != nil {
			return &Divergence{Icount: e.Icount, Event: what, Detail: err.Error()}
		}
	case DeviceAttached:
		if err := p.runToPos(e.Icount, &e.Pos, what); err != nil {
			return err
		}
		// A disk that is missing or changed makes the session unreplayable
		// here (an error), not a replay that went another way.
		spec, err := e.Device.OpenSpec()
		if err != nil {
			return err
		}
		if _, err := p.m.AttachVirtio(e.Slot, spec); err != nil {
			return &Divergence{Icount: e.Icount, Event: what, Detail: err.Error()}
		}
	case DeviceDetached:
		if err := p.runToPos(e.Icount, &e.Pos, what); err != nil {
			return err
		}
		if err := e.ApplyTo(p.m); err != nil {
			return &Divergence{Icount: e.Icount, Event: what, Detail: err.Error()}
		}
	case Checkpoint:
		if err := p.runTo(e.Pos.Icount, what); err != nil {
			return err
		}
		if err := p.m.AlignTo(e.Pos); err != nil {
			return &Divergence{Icount: e.Pos.Icount, Event: what, Detail: err.Error()}
		}
		if got := HashString(p.m.StateHash()); got != e.Hash {
			return &Divergence{Icount: e.Pos.Icount, Event: what, Detail: fmt.Sprintf("state hash %.16s…, recorded %.16s…", got, e.Hash)}
		}
		p.verified++
	}
	return nil
}

// VerifyReport is the outcome of Verify.
type VerifyReport struct {
	Checkpoints int         // checkpoints in the session
	Verified    int         // checkpoints whose hash matched
	Divergence  *Divergence // nil when the replay matched throughout
	Icount      uint64      // where the replay ended
}

// Verify re-executes the session from its image and events and checks
// every checkpoint's state hash. A mismatch is reported in the report
// (with the first diverging icount), not as an error; errors are for
// sessions that cannot be replayed at all.
func Verify(ctx context.Context, s *Session, console io.Writer) (VerifyReport, error) {
	var rep VerifyReport
	for _, e := range s.Events {
		if _, ok := e.(Checkpoint); ok {
			rep.Checkpoints++
		}
	}
	m, err := s.NewMachine(console)
	if err != nil {
		return rep, err
	}
	defer m.Close()
	p := &replayer{ctx: ctx, m: m}
	for _, e := range s.Events {
		if err := p.apply(e); err != nil {
			var d *Divergence
			if errors.As(err, &d) {
				if f := s.VM.Created().RecordedStateFormat(); f != machine.StateFormat {
					d.Detail += fmt.Sprintf(" (the session was recorded with machine state format %d, this vmcore has format %d: its hashes cover a different state)", f, machine.StateFormat)
				}
				rep.Divergence = d
				break
			}
			return rep, err
		}
	}
	rep.Verified, rep.Icount = p.verified, m.Icount()
	return rep, nil
}

// ReplayInfo describes how ReplayTo reached its icount.
type ReplayInfo struct {
	FromSnapshot uint64 // icount of the snapshot it started from (0: the image)
	Reached      uint64 // icount reached (below the target if the guest stopped first)
	Result       machine.Result
	Elapsed      time.Duration
}

// ReplayTo builds the session's machine at icount: it restores the nearest
// snapshot at or before icount, applies the events after it, and runs to
// icount, or to the end of the recording if icount lies beyond it. Events stamped at icount itself are not applied: the state shown
// is the one in which the instruction at icount is about to execute. The
// caller closes the machine.
func ReplayTo(ctx context.Context, st SnapshotStore, s *Session, icount uint64, console io.Writer) (*machine.Machine, ReplayInfo, error) {
	start := time.Now()
	var info ReplayInfo
	m, err := s.NewMachine(console)
	if err != nil {
		return nil, info, err
	}
	first := 0 // index of the first event to apply
	snap, err := st.LoadSnapshot(ctx, s.ID, icount)
	switch {
	case err == nil:
		at := -1
		for i, e := range s.Events {
			if t, ok := e.(SnapshotTaken); ok && t.Icount == snap.Icount {
				at = i
			}
		}
		ms, derr := machine.UnmarshalSnapshot(snap.Data)
		if at >= 0 && derr == nil {
			if rerr := m.Restore(ms); rerr != nil {
				m.Close()
				return nil, info, Wrap(KindStorage, "restore snapshot of", "session "+s.ID.String(), rerr)
			}
			first, info.FromSnapshot = at+1, snap.Icount
		}
		// A snapshot without its event, or a damaged one, is skipped:
		// replaying from the image is slower but still right.
	case errors.Is(err, store.ErrNotFound):
	default:
		m.Close()
		return nil, info, Wrap(KindStorage, "load snapshot of", "session "+s.ID.String(), err)
	}
	p := &replayer{ctx: ctx, m: m}
	for _, e := range s.Events[first:] {
		if e.At() >= icount {
			break
		}
		if err := p.apply(e); err != nil {
			m.Close()
			return nil, info, err
		}
	}
	// Run only to what was recorded: beyond it the inputs are unknown
	// (and a session that never halted would run for ever).
	icount = min(icount, s.VM.Icount())
	if m.Icount() < icount {
		info.Result = m.Run(ctx, icount)
	} else {
		info.Result = machine.Result{Reason: machine.ReasonLimit, PC: m.Harts()[0].PC(), Icount: m.Icount()}
	}
	info.Reached = m.Icount()
	info.Elapsed = time.Since(start)
	return m, info, nil
}

// Summary describes one recorded session for listings.
type Summary struct {
	ID        uuid.UUID `json:"id"`
	Created   time.Time `json:"created"`
	Program   string    `json:"program"`
	State     string    `json:"state"`
	Icount    uint64    `json:"icount"`
	Events    uint64    `json:"events"`
	Size      uint64    `json:"size"` // bytes of event payloads plus stored snapshots
	Snapshots int       `json:"snapshots"`
}

// Summarize lists every session in the store, oldest first.
func Summarize(ctx context.Context, st SessionStore) ([]Summary, error) {
	streams, err := st.ListStreams(ctx)
	if err != nil {
		return nil, Wrap(KindStorage, "list", "sessions", err)
	}
	var out []Summary
	for _, info := range streams {
		s, err := OpenSession(ctx, st, info.ID)
		if err != nil {
			return nil, err
		}
		sum := Summary{ID: info.ID, Program: s.VM.Created().Program, State: s.VM.State().String(),
			Icount: s.VM.Icount(), Events: info.Version}
		if len(s.Records) > 0 {
			sum.Created = s.Records[0].Time
		}
		for _, r := range s.Records {
			sum.Size += uint64(len(r.Payload))
		}
		snaps, err := st.ListSnapshots(ctx, info.ID)
		if err != nil {
			return nil, Wrap(KindStorage, "list snapshots of", "session "+info.ID.String(), err)
		}
		for _, sn := range snaps {
			sum.Size += sn.StoredSize
		}
		sum.Snapshots = len(snaps)
		out = append(out, sum)
	}
	slices.SortStableFunc(out, func(a, b Summary) int { return a.Created.Compare(b.Created) })
	return out, nil
}
