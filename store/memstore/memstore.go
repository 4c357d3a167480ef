package memstore

import (
	"bytes"
	"context"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/google/uuid"

	"vmcore/store"
)

type stream struct {
	records []store.Record // records[i].Version == i+1
	meta    []byte
	hasMeta bool
}

type loc struct {
	stream  store.StreamID
	version uint64
}

// Store is an in-memory store.Store. The zero value is not usable; call New.
type Store struct {
	mu        sync.RWMutex
	closed    bool
	streams   map[store.StreamID]*stream
	all       []loc // all[p-1] holds global position p
	ids       map[uuid.UUID]loc
	snapshots map[store.StreamID][]store.Snapshot // sorted by icount
	notify    store.Notifier
	now       func() time.Time
}

var _ store.Store = (*Store)(nil)

// New returns an empty store.
func New() *Store {
	return &Store{
		streams:   map[store.StreamID]*stream{},
		ids:       map[uuid.UUID]loc{},
		snapshots: map[store.StreamID][]store.Snapshot{},
		now:       time.Now,
	}
}

func clone(r store.Record) store.Record {
	r.Payload = bytes.Clone(r.Payload)
	return r
}

// Append implements store.EventStore.
func (s *Store) Append(ctx context.Context, id store.StreamID, expected store.ExpectedVersion, events ...store.EventData) (store.AppendResult, error) {
	var res store.AppendResult
	if err := ctx.Err(); err != nil {
		return res, err
	}
	evs, err := store.PrepareEvents(id, events, s.now())
	if err != nil {
		return res, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return res, store.ErrClosed
	}
	res, repeat, err := store.CheckRepeat(id, evs, func(eid uuid.UUID) (store.Record, bool, error) {
		l, ok := s.ids[eid]
		if !ok {
			return store.Record{}, false, nil
		}
		return s.streams[l.stream].records[l.version-1], true, nil
	})
	if err != nil || repeat {
		return res, err
	}
	st := s.streams[id]
	var head uint64
	if st != nil {
		head = uint64(len(st.records))
	}
	if !expected.Check(head) {
		return res, &store.ConflictError{Stream: id, Expected: expected, Actual: head}
	}
	if st == nil {
		st = &stream{}
		s.streams[id] = st
	}
	for i, e := range evs {
		r := store.Record{
			EventID: e.ID, Stream: id, Version: head + 1 + uint64(i), GlobalPosition: uint64(len(s.all)) + 1,
			Type: e.Type, Schema: e.Schema, Time: e.Time, Icount: e.Icount, Payload: e.Payload,
		}
		st.records = append(st.records, r)
		s.all = append(s.all, loc{id, r.Version})
		s.ids[e.ID] = loc{id, r.Version}
		if i == 0 {
			res.FirstVersion, res.FirstPosition = r.Version, r.GlobalPosition
		}
		res.LastVersion, res.LastPosition = r.Version, r.GlobalPosition
	}
	s.notify.Notify()
	return res, nil
}

// ReadStream implements store.EventStore.
func (s *Store) ReadStream(ctx context.Context, id store.StreamID, from uint64, dir store.Direction, max int) ([]store.Record, error) {
	unlock, err := s.rlockOpen(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	st := s.streams[id]
	if st == nil || len(st.records) == 0 {
		return nil, store.NotFound("stream %s", id)
	}
	var out []store.Record
	n := uint64(len(st.records))
	if dir == store.Backward {
		v := min(from, n)
		for ; v >= 1 && (max <= 0 || len(out) < max); v-- {
			out = append(out, clone(st.records[v-1]))
		}
		return out, nil
	}
	for v := max64(from, 1); v <= n && (max <= 0 || len(out) < max); v++ {
		out = append(out, clone(st.records[v-1]))
	}
	return out, nil
}

func max64(a, b uint64) uint64 {
	if a > b {
		return a
	}
	return b
}

// ReadAll implements store.EventStore.
func (s *Store) ReadAll(ctx context.Context, from uint64, max int) ([]store.Record, error) {
	unlock, err := s.rlockOpen(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	var out []store.Record
	for p := max64(from, 1); p <= uint64(len(s.all)) && (max <= 0 || len(out) < max); p++ {
		l := s.all[p-1]
		out = append(out, clone(s.streams[l.stream].records[l.version-1]))
	}
	return out, nil
}

// Subscribe implements store.EventStore.
func (s *Store) Subscribe(ctx context.Context, from uint64) (*store.Subscription, error) {
	unlock, err := s.rlockOpen(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	return store.Follow(ctx, from, s.ReadAll, &s.notify), nil
}

// SetMeta implements store.EventStore.
func (s *Store) SetMeta(ctx context.Context, id store.StreamID, meta []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if id == uuid.Nil {
		return store.Invalid("set metadata: the nil uuid is not a stream id")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return store.ErrClosed
	}
	st := s.streams[id]
	if st == nil {
		st = &stream{}
		s.streams[id] = st
	}
	st.meta, st.hasMeta = bytes.Clone(meta), true
	if st.meta == nil {
		st.meta = []byte{}
	}
	return nil
}

// GetMeta implements store.EventStore.
func (s *Store) GetMeta(ctx context.Context, id store.StreamID) ([]byte, error) {
	unlock, err := s.rlockOpen(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	st := s.streams[id]
	if st == nil || !st.hasMeta {
		return nil, store.NotFound("metadata of stream %s", id)
	}
	return bytes.Clone(st.meta), nil
}

// ListStreams implements store.EventStore.
func (s *Store) ListStreams(ctx context.Context) ([]store.StreamInfo, error) {
	unlock, err := s.rlockOpen(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	var out []store.StreamInfo
	for id, st := range s.streams {
		if len(st.records) > 0 {
			out = append(out, store.StreamInfo{ID: id, Version: uint64(len(st.records))})
		}
	}
	sort.Slice(out, func(i, j int) bool { return bytes.Compare(out[i].ID[:], out[j].ID[:]) < 0 })
	return out, nil
}

// SaveSnapshot implements store.SnapshotStore.
func (s *Store) SaveSnapshot(ctx context.Context, id store.StreamID, icount uint64, data []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if id == uuid.Nil {
		return store.Invalid("save snapshot: the nil uuid is not a stream id")
	}
	snap := store.Snapshot{Stream: id, Icount: icount, Time: time.Unix(0, s.now().UnixNano()), Data: bytes.Clone(data)}
	if snap.Data == nil {
		snap.Data = []byte{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return store.ErrClosed
	}
	list := s.snapshots[id]
	i, found := slices.BinarySearchFunc(list, icount, func(a store.Snapshot, ic uint64) int { return cmpU64(a.Icount, ic) })
	if found {
		list[i] = snap
	} else {
		list = slices.Insert(list, i, snap)
	}
	s.snapshots[id] = list
	return nil
}

func cmpU64(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// LoadSnapshot implements store.SnapshotStore.
func (s *Store) LoadSnapshot(ctx context.Context, id store.StreamID, atOrBefore uint64) (store.Snapshot, error) {
	unlock, err := s.rlockOpen(ctx)
	if err != nil {
		return store.Snapshot{}, err
	}
	defer unlock()
	list := s.snapshots[id]
	i, found := slices.BinarySearchFunc(list, atOrBefore, func(a store.Snapshot, ic uint64) int { return cmpU64(a.Icount, ic) })
	if !found {
		i--
	}
	if i < 0 {
		return store.Snapshot{}, store.NotFound("snapshot of stream %s at or before icount %d", id, atOrBefore)
	}
	snap := list[i]
	snap.Data = bytes.Clone(snap.Data)
	return snap, nil
}

// ListSnapshots implements store.SnapshotStore.
func (s *Store) ListSnapshots(ctx context.Context, id store.StreamID) ([]store.SnapshotInfo, error) {
	unlock, err := s.rlockOpen(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	var out []store.SnapshotInfo
	for _, sn := range s.snapshots[id] {
		n := uint64(len(sn.Data))
		out = append(out, store.SnapshotInfo{Stream: id, Icount: sn.Icount, Time: sn.Time, Size: n, StoredSize: n})
	}
	return out, nil
}

// Close implements io.Closer. Later calls fail with store.ErrClosed and
// running subscriptions end with it.
func (s *Store) Close() error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.notify.Notify()
	return nil
}

// rlockOpen checks ctx, takes the read lock and checks that the store is
// open; on success the caller must call unlock.
func (s *Store) rlockOpen(ctx context.Context) (unlock func(), err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return nil, store.ErrClosed
	}
	return s.mu.RUnlock, nil
}
