package badgerstore

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"

	"vmcore/store"
	"vmcore/store/storetest"
)

// TestCorruptRecord damages one stored record directly in Badger and checks
// that reads reaching it name its stream and version while every other
// stream still reads.
func TestCorruptRecord(t *testing.T) {
	tests := []struct {
		name   string
		damage func(rec, other []byte) []byte
	}{
		{"flipped payload byte", func(rec, _ []byte) []byte { rec[len(rec)-6] ^= 0x40; return rec }},
		{"truncated", func(rec, _ []byte) []byte { return rec[:len(rec)/2] }},
		{"empty", func([]byte, []byte) []byte { return nil }},
		{"another record's bytes", func(_, other []byte) []byte { return other }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := openTemp(t, Options{NoSync: true})
			ctx := context.Background()
			bad, good := uuid.New(), uuid.New()
			for i := 1; i <= 3; i++ {
				for _, id := range []store.StreamID{bad, good} {
					if _, err := s.Append(ctx, id, store.Any, storetest.Ev(i)); err != nil {
						t.Fatal(err)
					}
				}
			}
			err := s.db.Update(func(txn *badger.Txn) error {
				get := func(k []byte) []byte {
					item, err := txn.Get(k)
					if err != nil {
						t.Fatal(err)
					}
					v, _ := item.ValueCopy(nil)
					return v
				}
				return txn.Set(evKey(bad, 2), tc.damage(get(evKey(bad, 2)), get(evKey(bad, 3))))
			})
			if err != nil {
				t.Fatal(err)
			}

			recs, err := s.ReadStream(ctx, bad, 0, store.Forward, 0)
			var ce *store.CorruptError
			if !errors.Is(err, store.ErrCorrupt) || !errors.As(err, &ce) || ce.Stream != bad || ce.Version != 2 {
				t.Fatalf("ReadStream of the damaged stream = %v, want a *CorruptError for %s version 2", err, bad)
			}
			if len(recs) != 1 || recs[0].Version != 1 {
				t.Errorf("records before the damage: %d, want version 1", len(recs))
			}
			if back, err := s.ReadStream(ctx, bad, store.End, store.Backward, 1); err != nil || len(back) != 1 || back[0].Version != 3 {
				t.Errorf("reading around the damage = %v, %v", back, err)
			}
			if recs, err := s.ReadStream(ctx, good, 0, store.Forward, 0); err != nil || len(recs) != 3 {
				t.Errorf("other stream: %d records, %v; want 3, nil", len(recs), err)
			}

			all, err := s.ReadAll(ctx, 0, 0)
			if !errors.As(err, &ce) || ce.Position != 3 || len(all) != 2 {
				t.Fatalf("ReadAll = %d records, %v; want 2 and a *CorruptError at position 3", len(all), err)
			}
			rest, err := s.ReadAll(ctx, ce.Position+1, 0)
			if err != nil || len(rest) != 3 {
				t.Errorf("ReadAll after the damage = %d records, %v; want 3", len(rest), err)
			}

			sub, err := s.Subscribe(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for range sub.C() {
				n++
			}
			if !errors.Is(sub.Err(), store.ErrCorrupt) || n != 2 {
				t.Errorf("subscription delivered %d then ended with %v; want 2 then ErrCorrupt", n, sub.Err())
			}
			if _, err := s.Append(ctx, good, store.Exact(3), storetest.Ev(4)); err != nil {
				t.Errorf("appending to another stream after damage: %v", err)
			}
		})
	}
}

func TestCorruptSnapshot(t *testing.T) {
	s := openTemp(t, Options{NoSync: true})
	ctx := context.Background()
	id := uuid.New()
	data := bytes.Repeat([]byte("machine state "), 10000)
	if err := s.SaveSnapshot(ctx, id, 100, data); err != nil {
		t.Fatal(err)
	}
	err := s.db.Update(func(txn *badger.Txn) error {
		item, err := txn.Get(snapDataKey(id, 100, 0))
		if err != nil {
			return err
		}
		v, _ := item.ValueCopy(nil)
		v[len(v)/2] ^= 1
		return txn.Set(snapDataKey(id, 100, 0), v)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.LoadSnapshot(ctx, id, 200); !errors.Is(err, store.ErrCorrupt) {
		t.Fatalf("LoadSnapshot of a damaged snapshot = %v, want ErrCorrupt", err)
	}
}

// TestReopen checks that versions, positions and idempotency survive a
// close and reopen, the position being recovered from the last all/ key.
func TestReopen(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	id := uuid.New()
	batch := []store.EventData{storetest.Ev(1), storetest.Ev(2)}
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	first, err := s.Append(ctx, id, store.NoStream, batch...)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if again, err := s.Append(ctx, id, store.NoStream, batch...); err != nil || again != first {
		t.Errorf("re-append after reopen = %+v, %v; want %+v", again, err, first)
	}
	res, err := s.Append(ctx, uuid.New(), store.NoStream, storetest.Ev(3))
	if err != nil || res.FirstPosition != first.LastPosition+1 {
		t.Errorf("append after reopen = %+v, %v; want position %d", res, err, first.LastPosition+1)
	}
	if _, err := s.Append(ctx, id, store.Exact(1), storetest.Ev(4)); !errors.Is(err, store.ErrConflict) {
		t.Errorf("stale expected version after reopen = %v, want ErrConflict", err)
	}
}
