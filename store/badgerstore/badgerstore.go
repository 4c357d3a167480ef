package badgerstore

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"

	"vmcore/store"
)

// Options tune Open. The zero value is what vmcore uses.
type Options struct {
	// NoSync turns fsync off: appends are acknowledged before they are on
	// disk, so a crash of the machine (not only of the process) may lose
	// acknowledged events. For benchmarks and throwaway stores only.
	NoSync bool
	// Logger receives Badger's log; nil keeps Badger quiet.
	Logger badger.Logger
	// MaxGroup bounds how many queued appends one commit carries (default 256).
	MaxGroup int
}

// valueThreshold is where Badger moves a value out of the LSM tree into the
// value log; set explicitly so that our transaction size estimate matches.
const valueThreshold = 1 << 20

// Store is the Badger-backed store.Store. It is safe for concurrent use.
type Store struct {
	dir  string
	db   *badger.DB
	lock *dirLock
	now  func() time.Time

	// mu guards closed. Every operation holds it for reading while it uses
	// db, so Close (which takes it for writing) waits for them.
	mu     sync.RWMutex
	closed bool

	reqs       chan *appendReq
	quit       chan struct{}
	writerDone chan struct{}
	notify     store.Notifier
	snapMu     sync.Mutex // serialises snapshot writes, which rewrite chunk sets

	// Owned by the writer goroutine.
	heads    map[store.StreamID]uint64 // committed last version per stream
	pos      uint64                    // committed last global position
	failed   error                     // a failed commit: refuse appends until reopened
	maxSize  int64
	maxCount int64
	maxGroup int
}

var _ store.Store = (*Store)(nil)

// Open opens (creating if needed) the store in dir. If another process has
// it open, Open fails at once with a *store.LockedError.
func Open(dir string, opts Options) (*Store, error) {
	if dir == "" {
		return nil, store.Invalid("open: empty directory name")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("store: create %s: %w", dir, err)
	}
	lock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	bo := badger.DefaultOptions(dir).
		WithLogger(opts.Logger).
		WithSyncWrites(!opts.NoSync).
		WithValueThreshold(valueThreshold).
		WithNumCompactors(2).
		WithNumVersionsToKeep(1)
	db, err := badger.Open(bo)
	if err != nil {
		_ = lock.unlock()
		if strings.Contains(err.Error(), "Another process is using this Badger database") {
			return nil, &store.LockedError{Path: dir, Err: err}
		}
		return nil, fmt.Errorf("store: open %s: %w", dir, err)
	}
	s := &Store{
		dir: dir, db: db, lock: lock, now: time.Now,
		reqs:       make(chan *appendReq, 1024),
		quit:       make(chan struct{}),
		writerDone: make(chan struct{}),
		heads:      map[store.StreamID]uint64{},
		maxSize:    db.MaxBatchSize() * 8 / 10,
		maxCount:   db.MaxBatchCount() * 8 / 10,
		maxGroup:   opts.MaxGroup,
	}
	if s.maxGroup <= 0 {
		s.maxGroup = 256
	}
	// The global position is recovered from the last all/ key, never from a
	// counter of its own: the key is written in the same transaction as the
	// record, so the two cannot disagree.
	err = db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: pfxAll, Reverse: true})
		defer it.Close()
		it.Seek(allKey(math.MaxUint64))
		if it.Valid() {
			s.pos = tailU64(it.Item().Key())
		}
		return nil
	})
	if err != nil {
		_ = db.Close()
		_ = lock.unlock()
		return nil, fmt.Errorf("store: open %s: read the global position: %w", dir, err)
	}
	go s.writer()
	return s, nil
}

// Dir returns the directory the store lives in.
func (s *Store) Dir() string { return s.dir }

// Close waits for queued appends to commit, then closes the database and
// releases the directory. Later calls return nil.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	close(s.quit)
	<-s.writerDone
	s.notify.Notify()
	err := s.db.Close()
	if uerr := s.lock.unlock(); err == nil {
		err = uerr
	}
	if err != nil {
		return fmt.Errorf("store: close %s: %w", s.dir, err)
	}
	return nil
}

// begin guards an operation against Close; the returned func ends it.
func (s *Store) begin(ctx context.Context) (func(), error) {
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

type appendResp struct {
	res store.AppendResult
	err error
}

type appendReq struct {
	ctx      context.Context
	stream   store.StreamID
	expected store.ExpectedVersion
	events   []store.EventData
	reply    chan appendResp
}

// Append implements store.EventStore. The append is queued to the single
// writer goroutine, which commits queued appends together (group commit).
// If ctx ends while the append is queued or committing, Append returns the
// context's error and the append may still have committed; retrying with
// the same event ids is safe.
func (s *Store) Append(ctx context.Context, id store.StreamID, expected store.ExpectedVersion, events ...store.EventData) (store.AppendResult, error) {
	var res store.AppendResult
	if err := ctx.Err(); err != nil {
		return res, err
	}
	evs, err := store.PrepareEvents(id, events, s.now())
	if err != nil {
		return res, err
	}
	req := &appendReq{ctx: ctx, stream: id, expected: expected, events: evs, reply: make(chan appendResp, 1)}
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return res, store.ErrClosed
	}
	select {
	case s.reqs <- req:
	case <-ctx.Done():
		s.mu.RUnlock()
		return res, ctx.Err()
	}
	s.mu.RUnlock()
	select {
	case r := <-req.reply:
		return r.res, r.err
	case <-ctx.Done():
		return res, ctx.Err()
	}
}

// writer is the only goroutine that writes records. Being alone makes the
// commit order the order in which it assigns versions and positions.
func (s *Store) writer() {
	defer close(s.writerDone)
	for {
		var first *appendReq
		select {
		case first = <-s.reqs:
		case <-s.quit:
			// Close has stopped new sends; commit what is queued.
			for {
				select {
				case r := <-s.reqs:
					s.commitGroup(s.gather(r))
				default:
					return
				}
			}
		}
		s.commitGroup(s.gather(first))
	}
}

func (s *Store) gather(first *appendReq) []*appendReq {
	group := []*appendReq{first}
	for len(group) < s.maxGroup {
		select {
		case r := <-s.reqs:
			group = append(group, r)
		default:
			return group
		}
	}
	return group
}

type entry struct{ key, val []byte }

type pending struct {
	req   *appendReq
	res   store.AppendResult
	err   error
	wrote bool
}

// batch is one write transaction carrying several appends.
type batch struct {
	txn         *badger.Txn
	heads       map[store.StreamID]uint64 // versions this transaction moves to
	pos         uint64
	size, count int64
	pending     []pending
}

func (s *Store) newBatch() *batch {
	return &batch{txn: s.db.NewTransaction(true), heads: map[store.StreamID]uint64{}, pos: s.pos}
}

func estimate(entries []entry) (size, count int64) {
	for _, e := range entries {
		v := int64(len(e.val))
		if v >= valueThreshold {
			v = 16
		}
		size += int64(len(e.key)) + v + 2 + 10
	}
	return size, int64(len(entries))
}

func (s *Store) commitGroup(group []*appendReq) {
	b := s.newBatch()
	for _, r := range group {
		if err := r.ctx.Err(); err != nil {
			r.reply <- appendResp{err: err}
			continue
		}
		if s.failed != nil {
			r.reply <- appendResp{err: s.failed}
			continue
		}
		res, entries, err := s.plan(b, r)
		if err == nil && entries != nil {
			size, count := estimate(entries)
			if b.size+size > s.maxSize || b.count+count > s.maxCount {
				if b.count > 0 {
					// Commit what fits, then plan again on the new state.
					s.finish(b)
					b = s.newBatch()
					if s.failed != nil {
						r.reply <- appendResp{err: s.failed}
						continue
					}
					res, entries, err = s.plan(b, r)
				}
				if err == nil && entries != nil && (size > s.maxSize || count > s.maxCount) {
					err = store.Invalid("append to stream %s: %d events of about %d bytes do not fit one transaction (%d bytes, %d entries)",
						r.stream, len(r.events), size, s.maxSize, s.maxCount)
				}
			}
		}
		if err != nil || entries == nil {
			b.pending = append(b.pending, pending{req: r, res: res, err: err})
			continue
		}
		var setErr error
		for _, e := range entries {
			if setErr = b.txn.Set(e.key, e.val); setErr != nil {
				break
			}
		}
		b.pending = append(b.pending, pending{req: r, res: res, wrote: true})
		if setErr != nil {
			s.abandon(b, fmt.Errorf("store: append to stream %s: %w", r.stream, setErr))
			b = s.newBatch()
			continue
		}
		size, count := estimate(entries)
		b.size += size
		b.count += count
		b.heads[r.stream] = res.LastVersion
		b.pos = res.LastPosition
	}
	s.finish(b)
}

// abandon discards a transaction that could not be built; nothing of it was
// written, so its appends fail without harming the store.
func (s *Store) abandon(b *batch, err error) {
	b.txn.Discard()
	for _, p := range b.pending {
		if p.wrote || p.err == nil {
			p.err, p.res = err, store.AppendResult{}
		}
		p.req.reply <- appendResp{res: p.res, err: p.err}
	}
}

func (s *Store) finish(b *batch) {
	defer b.txn.Discard()
	if b.count > 0 {
		if err := b.txn.Commit(); err != nil {
			// The transaction may or may not be on disk; the cached heads and
			// position can no longer be trusted, so refuse appends until the
			// store is reopened (which recovers them from disk).
			s.failed = fmt.Errorf("store: %s: commit failed, reopen the store: %w", s.dir, err)
			for _, p := range b.pending {
				// A repeat may have matched writes of this very transaction.
				if p.err == nil {
					p.err, p.res = s.failed, store.AppendResult{}
				}
				p.req.reply <- appendResp{res: p.res, err: p.err}
			}
			return
		}
		for id, v := range b.heads {
			s.heads[id] = v
		}
		s.pos = b.pos
		s.notify.Notify()
	}
	for _, p := range b.pending {
		p.req.reply <- appendResp{res: p.res, err: p.err}
	}
}

// plan checks an append against the state inside b's transaction and
// returns the entries that store it; no entries and no error means the
// append repeats one already stored.
func (s *Store) plan(b *batch, r *appendReq) (store.AppendResult, []entry, error) {
	res, repeat, err := store.CheckRepeat(r.stream, r.events, func(eid uuid.UUID) (store.Record, bool, error) {
		item, err := b.txn.Get(idKey(eid))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return store.Record{}, false, nil
		}
		if err != nil {
			return store.Record{}, false, fmt.Errorf("store: look up event %s: %w", eid, err)
		}
		val, err := item.ValueCopy(nil)
		if err != nil {
			return store.Record{}, false, fmt.Errorf("store: look up event %s: %w", eid, err)
		}
		st, v, ok := decodeLoc(val)
		if !ok {
			return store.Record{}, false, fmt.Errorf("store: index entry of event %s is %d bytes, want 24: %w", eid, len(val), store.ErrCorrupt)
		}
		rec, err := getRecord(b.txn, st, v, 0)
		return rec, true, err
	})
	if err != nil || repeat {
		return res, nil, err
	}
	head, err := s.head(b, r.stream)
	if err != nil {
		return res, nil, err
	}
	if !r.expected.Check(head) {
		return res, nil, &store.ConflictError{Stream: r.stream, Expected: r.expected, Actual: head}
	}
	entries := make([]entry, 0, 3*len(r.events))
	for i, e := range r.events {
		rec := store.Record{
			EventID: e.ID, Stream: r.stream, Version: head + 1 + uint64(i), GlobalPosition: b.pos + 1 + uint64(i),
			Type: e.Type, Schema: e.Schema, Time: e.Time, Icount: e.Icount, Payload: e.Payload,
		}
		enc, err := store.EncodeRecord(nil, &rec)
		if err != nil {
			return res, nil, err
		}
		loc := encodeLoc(r.stream, rec.Version)
		entries = append(entries,
			entry{evKey(r.stream, rec.Version), enc},
			entry{allKey(rec.GlobalPosition), loc},
			entry{idKey(e.ID), loc})
	}
	n := uint64(len(r.events))
	return store.AppendResult{FirstVersion: head + 1, LastVersion: head + n, FirstPosition: b.pos + 1, LastPosition: b.pos + n}, entries, nil
}

// head returns the last version of a stream as b's transaction sees it.
func (s *Store) head(b *batch, id store.StreamID) (uint64, error) {
	if v, ok := b.heads[id]; ok {
		return v, nil
	}
	if v, ok := s.heads[id]; ok {
		return v, nil
	}
	v := lastVersion(b.txn, id)
	s.heads[id] = v
	return v, nil
}

func lastVersion(txn *badger.Txn, id store.StreamID) uint64 {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: streamPrefix(pfxEv, id), Reverse: true})
	defer it.Close()
	it.Seek(evKey(id, math.MaxUint64))
	if !it.Valid() {
		return 0
	}
	return tailU64(it.Item().Key())
}

// getRecord reads and checks one record. pos, when not 0, is the global
// position the caller reached it through, checked against the record.
func getRecord(txn *badger.Txn, id store.StreamID, v, pos uint64) (store.Record, error) {
	item, err := txn.Get(evKey(id, v))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return store.Record{}, &store.CorruptError{Stream: id, Version: v, Position: pos, Reason: "indexed record is missing"}
	}
	if err != nil {
		return store.Record{}, fmt.Errorf("store: read stream %s version %d: %w", id, v, err)
	}
	return decodeItem(item, id, v, pos)
}

func decodeItem(item *badger.Item, id store.StreamID, v, pos uint64) (store.Record, error) {
	var rec store.Record
	var derr error
	if err := item.Value(func(b []byte) error {
		rec, derr = store.DecodeRecord(b)
		return nil
	}); err != nil {
		return rec, fmt.Errorf("store: read stream %s version %d: %w", id, v, err)
	}
	switch {
	case derr != nil:
		return rec, &store.CorruptError{Stream: id, Version: v, Position: pos, Reason: derr.Error()}
	case rec.Stream != id || rec.Version != v:
		return rec, &store.CorruptError{Stream: id, Version: v, Position: pos,
			Reason: fmt.Sprintf("record says it is stream %s version %d", rec.Stream, rec.Version)}
	case pos != 0 && rec.GlobalPosition != pos:
		return rec, &store.CorruptError{Stream: id, Version: v, Position: pos,
			Reason: fmt.Sprintf("record says it is at global position %d", rec.GlobalPosition)}
	}
	return rec, nil
}

// ReadStream implements store.EventStore.
func (s *Store) ReadStream(ctx context.Context, id store.StreamID, from uint64, dir store.Direction, max int) ([]store.Record, error) {
	end, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer end()
	var out []store.Record
	err = s.db.View(func(txn *badger.Txn) error {
		pfx := streamPrefix(pfxEv, id)
		it := txn.NewIterator(badger.IteratorOptions{Prefix: pfx, Reverse: dir == store.Backward})
		defer it.Close()
		seek := from
		if dir == store.Forward && seek == 0 {
			seek = 1
		}
		n := 0
		for it.Seek(evKey(id, seek)); it.Valid() && (max <= 0 || len(out) < max); it.Next() {
			if n++; n%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			rec, err := decodeItem(it.Item(), id, tailU64(it.Item().Key()), 0)
			if err != nil {
				return err
			}
			out = append(out, rec)
		}
		if len(out) == 0 && lastVersion(txn, id) == 0 {
			return store.NotFound("stream %s", id)
		}
		return nil
	})
	return out, err
}

// ReadAll implements store.EventStore.
func (s *Store) ReadAll(ctx context.Context, from uint64, max int) ([]store.Record, error) {
	end, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer end()
	var out []store.Record
	err = s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: pfxAll})
		defer it.Close()
		start := from
		if start == 0 {
			start = 1
		}
		for it.Seek(allKey(start)); it.Valid() && (max <= 0 || len(out) < max); it.Next() {
			if len(out)%1024 == 1023 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			pos := tailU64(it.Item().Key())
			var st store.StreamID
			var v uint64
			var ok bool
			if err := it.Item().Value(func(b []byte) error { st, v, ok = decodeLoc(b); return nil }); err != nil {
				return fmt.Errorf("store: read global position %d: %w", pos, err)
			}
			if !ok {
				return fmt.Errorf("store: global position %d: bad index entry: %w", pos, store.ErrCorrupt)
			}
			rec, err := getRecord(txn, st, v, pos)
			if err != nil {
				return err
			}
			out = append(out, rec)
		}
		return nil
	})
	return out, err
}

// Subscribe implements store.EventStore.
func (s *Store) Subscribe(ctx context.Context, from uint64) (*store.Subscription, error) {
	end, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer end()
	return store.Follow(ctx, from, s.ReadAll, &s.notify), nil
}

// SetMeta implements store.EventStore.
func (s *Store) SetMeta(ctx context.Context, id store.StreamID, meta []byte) error {
	end, err := s.begin(ctx)
	if err != nil {
		return err
	}
	defer end()
	if id == uuid.Nil {
		return store.Invalid("set metadata: the nil uuid is not a stream id")
	}
	val := append([]byte{}, meta...)
	if err := s.db.Update(func(txn *badger.Txn) error { return txn.Set(metaKey(id), val) }); err != nil {
		return fmt.Errorf("store: set metadata of stream %s: %w", id, err)
	}
	return nil
}

// GetMeta implements store.EventStore.
func (s *Store) GetMeta(ctx context.Context, id store.StreamID) ([]byte, error) {
	end, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer end()
	var out []byte
	err = s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(metaKey(id))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return store.NotFound("metadata of stream %s", id)
		}
		if err != nil {
			return fmt.Errorf("store: metadata of stream %s: %w", id, err)
		}
		out, err = item.ValueCopy([]byte{})
		return err
	})
	return out, err
}

// ListStreams implements store.EventStore.
func (s *Store) ListStreams(ctx context.Context) ([]store.StreamInfo, error) {
	end, err := s.begin(ctx)
	if err != nil {
		return nil, err
	}
	defer end()
	var out []store.StreamInfo
	err = s.db.View(func(txn *badger.Txn) error {
		// Skip from stream to stream instead of visiting every record.
		it := txn.NewIterator(badger.IteratorOptions{Prefix: pfxEv})
		defer it.Close()
		keyLen := len(evKey(uuid.Nil, 0))
		for it.Seek(pfxEv); it.Valid(); {
			if err := ctx.Err(); err != nil {
				return err
			}
			k := it.Item().Key()
			if len(k) != keyLen {
				it.Next() // not a record key; nothing of ours writes one
				continue
			}
			var id store.StreamID
			copy(id[:], k[len(pfxEv):])
			out = append(out, store.StreamInfo{ID: id, Version: lastVersion(txn, id)})
			next := bytes.Clone(streamPrefix(pfxEv, id))
			next[len(next)-1]++ // just past every key of this stream
			it.Seek(next)
		}
		return nil
	})
	return out, err
}
