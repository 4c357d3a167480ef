package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"vmcore/store"
)

// Factory returns a new, empty store for one test. The suite closes it;
// Close must be safe to call more than once.
type Factory func(t *testing.T) store.Store

// Run runs the acceptance suite against stores made by newStore.
func Run(t *testing.T, newStore Factory) {
	tests := []struct {
		name string
		fn   func(*testing.T, store.Store)
	}{
		{"AppendAndRead", testAppendAndRead},
		{"ExpectedVersion", testExpectedVersion},
		{"Idempotency", testIdempotency},
		{"InvalidRequests", testInvalid},
		{"ReadStreamBackward", testBackward},
		{"ReadStreamNotFound", testNotFound},
		{"ReadAllOrder", testReadAll},
		{"Subscribe", testSubscribe},
		{"SubscribeEnds", testSubscribeEnds},
		{"Metadata", testMeta},
		{"ListStreams", testListStreams},
		{"Snapshots", testSnapshots},
		{"ContextCancelled", testCancelled},
		{"ConcurrentExactWriters", testConcurrentExact},
		{"ConcurrentStreams", testConcurrentStreams},
		{"Closed", testClosed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := newStore(t)
			t.Cleanup(func() { _ = s.Close() })
			tc.fn(t, s)
		})
	}
}

// Ev returns an event whose payload and icount derive from i, so that a
// test can check content after reading it back.
func Ev(i int) store.EventData {
	return store.EventData{ID: uuid.New(), Type: "Test", Schema: 1, Icount: uint64(i), Payload: []byte(fmt.Sprintf("payload-%d", i))}
}

func evs(from, n int) []store.EventData {
	out := make([]store.EventData, n)
	for i := range out {
		out[i] = Ev(from + i)
	}
	return out
}

func mustAppend(t *testing.T, s store.Store, id store.StreamID, exp store.ExpectedVersion, e ...store.EventData) store.AppendResult {
	t.Helper()
	res, err := s.Append(context.Background(), id, exp, e...)
	if err != nil {
		t.Fatalf("Append(%s, %s, %d events): %v", id, exp, len(e), err)
	}
	return res
}

func versions(recs []store.Record) []uint64 {
	out := make([]uint64, len(recs))
	for i, r := range recs {
		out[i] = r.Version
	}
	return out
}

func equalU64(a, b []uint64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func seq(from, to uint64) []uint64 {
	var out []uint64
	if from <= to {
		for v := from; v <= to; v++ {
			out = append(out, v)
		}
		return out
	}
	for v := from; v >= to && v > 0; v-- {
		out = append(out, v)
	}
	return out
}

func testAppendAndRead(t *testing.T, s store.Store) {
	ctx := context.Background()
	id := uuid.New()
	when := time.Date(2025, 3, 1, 12, 0, 0, 123456789, time.UTC)
	in := evs(1, 3)
	in[1].Time = when
	in[2].Payload = nil
	res := mustAppend(t, s, id, store.NoStream, in...)
	if res.FirstVersion != 1 || res.LastVersion != 3 || res.LastPosition-res.FirstPosition != 2 {
		t.Fatalf("result %+v, want versions 1..3 and 3 consecutive positions", res)
	}
	res2 := mustAppend(t, s, id, store.Exact(3), Ev(4))
	if res2.FirstVersion != 4 || res2.FirstPosition != res.LastPosition+1 {
		t.Fatalf("second result %+v after %+v: want version 4 at the next position", res2, res)
	}
	recs, err := s.ReadStream(ctx, id, 0, store.Forward, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := append(in, Ev(4))
	want[3].ID = recs[3].EventID
	if len(recs) != len(want) {
		t.Fatalf("read %d records, want %d", len(recs), len(want))
	}
	for i, r := range recs {
		w := want[i]
		if r.EventID != w.ID || r.Stream != id || r.Version != uint64(i+1) || r.Type != w.Type || r.Schema != w.Schema ||
			r.Icount != w.Icount || !bytes.Equal(r.Payload, w.Payload) {
			t.Errorf("record %d = %+v, want event %+v at version %d", i, r, w, i+1)
		}
		if r.Time.IsZero() {
			t.Errorf("record %d has no time", i)
		}
	}
	if !recs[1].Time.Equal(when) {
		t.Errorf("record 2 time %v, want the given %v", recs[1].Time, when)
	}
	if recs[2].Payload == nil || len(recs[2].Payload) != 0 {
		t.Errorf("record 3 payload %v, want empty non-nil", recs[2].Payload)
	}
	// Returned records are copies.
	recs[0].Payload[0] ^= 0xff
	again, err := s.ReadStream(ctx, id, 1, store.Forward, 1)
	if err != nil || len(again) != 1 || !bytes.Equal(again[0].Payload, in[0].Payload) {
		t.Errorf("changing a returned payload changed the store: %v %v", again, err)
	}
	part, err := s.ReadStream(ctx, id, 2, store.Forward, 2)
	if err != nil || !equalU64(versions(part), []uint64{2, 3}) {
		t.Errorf("ReadStream(from 2, max 2) = %v, %v; want versions 2,3", versions(part), err)
	}
	past, err := s.ReadStream(ctx, id, 10, store.Forward, 0)
	if err != nil || len(past) != 0 {
		t.Errorf("ReadStream past the end = %v, %v; want nothing, no error", versions(past), err)
	}
}

func testExpectedVersion(t *testing.T, s store.Store) {
	tests := []struct {
		name     string
		existing int
		expected store.ExpectedVersion
		ok       bool
	}{
		{"any on new stream", 0, store.Any, true},
		{"any on existing stream", 2, store.Any, true},
		{"no stream on new stream", 0, store.NoStream, true},
		{"no stream on existing stream", 2, store.NoStream, false},
		{"exact matching", 2, store.Exact(2), true},
		{"exact behind", 3, store.Exact(2), false},
		{"exact ahead", 1, store.Exact(2), false},
		{"exact on new stream", 0, store.Exact(1), false},
		{"exact zero is no stream", 0, store.Exact(0), true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			id := uuid.New()
			if tc.existing > 0 {
				mustAppend(t, s, id, store.Any, evs(1, tc.existing)...)
			}
			res, err := s.Append(context.Background(), id, tc.expected, Ev(99))
			if tc.ok {
				if err != nil || res.LastVersion != uint64(tc.existing+1) {
					t.Fatalf("Append = %+v, %v; want version %d", res, err, tc.existing+1)
				}
				return
			}
			var ce *store.ConflictError
			if !errors.Is(err, store.ErrConflict) || !errors.As(err, &ce) {
				t.Fatalf("Append = %+v, %v; want a *ConflictError", res, err)
			}
			if ce.Actual != uint64(tc.existing) || ce.Stream != id || ce.Expected != tc.expected {
				t.Errorf("conflict %+v: want stream %s, actual %d, expected %s", ce, id, tc.existing, tc.expected)
			}
			recs, _ := s.ReadStream(context.Background(), id, 0, store.Forward, 0)
			if len(recs) != tc.existing {
				t.Errorf("a refused append wrote: %d records, want %d", len(recs), tc.existing)
			}
		})
	}
}

func countAll(t *testing.T, s store.Store) int {
	t.Helper()
	all, err := s.ReadAll(context.Background(), 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	return len(all)
}

func testIdempotency(t *testing.T, s store.Store) {
	ctx := context.Background()
	id, other := uuid.New(), uuid.New()
	batch := evs(1, 3)
	first := mustAppend(t, s, id, store.NoStream, batch...)
	mustAppend(t, s, id, store.Any, Ev(4))
	n := countAll(t, s)

	// A retry with a stale expected version and no times is still the same batch.
	again, err := s.Append(ctx, id, store.NoStream, batch...)
	if err != nil || again != first {
		t.Fatalf("re-append = %+v, %v; want the first result %+v", again, err, first)
	}
	if got := countAll(t, s); got != n {
		t.Fatalf("re-append wrote: %d records, want %d", got, n)
	}

	// Part of a stored batch, in order, is a repeat too.
	sub, err := s.Append(ctx, id, store.Exact(7), batch[1:]...)
	if err != nil || sub.FirstVersion != 2 || sub.LastVersion != 3 || sub.FirstPosition != first.FirstPosition+1 {
		t.Fatalf("re-append of part of a batch = %+v, %v; want versions 2..3 of %+v", sub, err, first)
	}

	changed := append([]store.EventData(nil), batch...)
	changed[1].Payload = []byte("other")
	partial := append([]store.EventData{Ev(5)}, batch[0])
	tests := []struct {
		name   string
		stream store.StreamID
		events []store.EventData
	}{
		{"different content", id, changed},
		{"other stream", other, batch},
		{"stored id after new one", id, partial},
		{"new id after stored one", id, []store.EventData{batch[2], Ev(6)}},
		{"reordered", id, []store.EventData{batch[1], batch[0]}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Append(ctx, tc.stream, store.Any, tc.events...)
			var de *store.DuplicateEventError
			if !errors.Is(err, store.ErrDuplicateEvent) || !errors.As(err, &de) {
				t.Fatalf("Append = %v, want a *DuplicateEventError", err)
			}
			if de.Stream != id {
				t.Errorf("duplicate error names stream %s, want %s", de.Stream, id)
			}
			if got := countAll(t, s); got != n {
				t.Errorf("refused append wrote: %d records, want %d", got, n)
			}
		})
	}
}

func testInvalid(t *testing.T, s store.Store) {
	long := Ev(1)
	long.Type = string(bytes.Repeat([]byte("x"), store.MaxTypeLen+1))
	empty := Ev(1)
	empty.Type = ""
	big := Ev(1)
	big.Payload = make([]byte, store.MaxPayloadLen+1)
	dup := Ev(1)
	tests := []struct {
		name   string
		stream store.StreamID
		events []store.EventData
	}{
		{"nil stream", uuid.Nil, evs(1, 1)},
		{"no events", uuid.New(), nil},
		{"empty type", uuid.New(), []store.EventData{empty}},
		{"long type", uuid.New(), []store.EventData{long}},
		{"big payload", uuid.New(), []store.EventData{big}},
		{"id twice in batch", uuid.New(), []store.EventData{dup, dup}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Append(context.Background(), tc.stream, store.Any, tc.events...)
			if !errors.Is(err, store.ErrInvalid) {
				t.Fatalf("Append = %v, want ErrInvalid", err)
			}
		})
	}
	if n := countAll(t, s); n != 0 {
		t.Errorf("invalid appends wrote %d records", n)
	}
}

func testBackward(t *testing.T, s store.Store) {
	id := uuid.New()
	mustAppend(t, s, id, store.Any, evs(1, 5)...)
	tests := []struct {
		from uint64
		max  int
		want []uint64
	}{
		{store.End, 0, seq(5, 1)},
		{store.End, 2, seq(5, 4)},
		{3, 0, seq(3, 1)},
		{9, 1, []uint64{5}},
		{0, 0, nil},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("from%d_max%d", tc.from, tc.max), func(t *testing.T) {
			recs, err := s.ReadStream(context.Background(), id, tc.from, store.Backward, tc.max)
			if err != nil || !equalU64(versions(recs), tc.want) {
				t.Fatalf("ReadStream backward = %v, %v; want %v", versions(recs), err, tc.want)
			}
		})
	}
}

func testNotFound(t *testing.T, s store.Store) {
	ctx := context.Background()
	id := uuid.New()
	for _, dir := range []store.Direction{store.Forward, store.Backward} {
		if _, err := s.ReadStream(ctx, id, 0, dir, 0); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("ReadStream %s of an unknown stream = %v, want ErrNotFound", dir, err)
		}
	}
	// Metadata alone does not make a stream exist for reading.
	if err := s.SetMeta(ctx, id, []byte("m")); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ReadStream(ctx, id, 0, store.Forward, 0); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ReadStream of a stream with only metadata = %v, want ErrNotFound", err)
	}
	mustAppend(t, s, id, store.NoStream, Ev(1))
}

func testReadAll(t *testing.T, s store.Store) {
	ctx := context.Background()
	a, b := uuid.New(), uuid.New()
	type want struct {
		stream  store.StreamID
		version uint64
	}
	var order []want
	for i := 1; i <= 4; i++ {
		mustAppend(t, s, a, store.Any, Ev(i))
		order = append(order, want{a, uint64(i)})
		mustAppend(t, s, b, store.Any, evs(i*10, 2)...)
		order = append(order, want{b, uint64(2*i - 1)}, want{b, uint64(2 * i)})
	}
	all, err := s.ReadAll(ctx, 0, 0)
	if err != nil || len(all) != len(order) {
		t.Fatalf("ReadAll = %d records, %v; want %d", len(all), err, len(order))
	}
	for i, r := range all {
		if r.GlobalPosition != uint64(i+1) || r.Stream != order[i].stream || r.Version != order[i].version {
			t.Errorf("position %d: got %s v%d at %d, want %s v%d", i+1, r.Stream, r.Version, r.GlobalPosition, order[i].stream, order[i].version)
		}
	}
	page, err := s.ReadAll(ctx, 5, 3)
	if err != nil || len(page) != 3 || page[0].GlobalPosition != 5 || page[2].GlobalPosition != 7 {
		t.Errorf("ReadAll(5, 3) = %d records from %v, %v; want positions 5..7", len(page), page, err)
	}
	tail, err := s.ReadAll(ctx, uint64(len(order)+1), 0)
	if err != nil || len(tail) != 0 {
		t.Errorf("ReadAll past the end = %d records, %v; want none", len(tail), err)
	}
}

func receive(t *testing.T, sub *store.Subscription, n int) []store.Record {
	t.Helper()
	var out []store.Record
	timeout := time.After(10 * time.Second) // a hang guard, not a timing assertion
	for len(out) < n {
		select {
		case r, ok := <-sub.C():
			if !ok {
				t.Fatalf("subscription ended after %d of %d records: %v", len(out), n, sub.Err())
			}
			out = append(out, r)
		case <-timeout:
			t.Fatalf("subscription delivered %d of %d records", len(out), n)
		}
	}
	return out
}

func testSubscribe(t *testing.T, s store.Store) {
	ctx := context.Background()
	id := uuid.New()
	mustAppend(t, s, id, store.Any, evs(1, 3)...)
	sub, err := s.Subscribe(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	defer sub.Close()
	got := receive(t, sub, 2) // catch-up: positions 2, 3
	// Live: more than the buffer, from two goroutines' worth of appends.
	const live = store.SubscriptionBuffer + 50
	done := make(chan error, 1)
	go func() {
		for i := 0; i < live; i += 10 {
			if _, err := s.Append(ctx, id, store.Any, evs(i, 10)...); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	got = append(got, receive(t, sub, live)...)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for i, r := range got {
		if r.GlobalPosition != uint64(i+2) || r.Version != uint64(i+2) {
			t.Fatalf("delivery %d: position %d version %d, want %d", i, r.GlobalPosition, r.Version, i+2)
		}
	}
	if err := sub.Close(); err != nil || sub.Err() != nil {
		t.Errorf("Close = %v, Err = %v; want nil, nil", err, sub.Err())
	}
	for range sub.C() { // ends only if Close closed C
	}
}

func testSubscribeEnds(t *testing.T, s store.Store) {
	ctx, cancel := context.WithCancel(context.Background())
	sub, err := s.Subscribe(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	cancel()
	for range sub.C() {
	}
	if !errors.Is(sub.Err(), context.Canceled) {
		t.Errorf("after cancel, Err = %v, want context.Canceled", sub.Err())
	}
	if _, err := s.Subscribe(ctx, 0); !errors.Is(err, context.Canceled) {
		t.Errorf("Subscribe with a cancelled context = %v", err)
	}
	live, err := s.Subscribe(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for range live.C() {
	}
	if !errors.Is(live.Err(), store.ErrClosed) {
		t.Errorf("after store Close, Err = %v, want ErrClosed", live.Err())
	}
}

func testMeta(t *testing.T, s store.Store) {
	ctx := context.Background()
	id := uuid.New()
	if _, err := s.GetMeta(ctx, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetMeta of unknown stream = %v, want ErrNotFound", err)
	}
	for _, m := range [][]byte{[]byte("first"), []byte("second, longer"), {}} {
		if err := s.SetMeta(ctx, id, m); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetMeta(ctx, id)
		if err != nil || !bytes.Equal(got, m) {
			t.Errorf("GetMeta = %q, %v; want %q", got, err, m)
		}
	}
	if err := s.SetMeta(ctx, uuid.Nil, []byte("x")); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("SetMeta(nil uuid) = %v, want ErrInvalid", err)
	}
}

func testListStreams(t *testing.T, s store.Store) {
	ctx := context.Background()
	want := map[store.StreamID]uint64{}
	for i := 1; i <= 5; i++ {
		id := uuid.New()
		mustAppend(t, s, id, store.Any, evs(1, i)...)
		want[id] = uint64(i)
	}
	if err := s.SetMeta(ctx, uuid.New(), []byte("meta only")); err != nil {
		t.Fatal(err)
	}
	list, err := s.ListStreams(ctx)
	if err != nil || len(list) != len(want) {
		t.Fatalf("ListStreams = %v, %v; want %d streams", list, err, len(want))
	}
	for i, si := range list {
		if want[si.ID] != si.Version {
			t.Errorf("stream %s at version %d, want %d", si.ID, si.Version, want[si.ID])
		}
		if i > 0 && bytes.Compare(list[i-1].ID[:], si.ID[:]) >= 0 {
			t.Errorf("streams not ordered by id at %d", i)
		}
	}
}

func testSnapshots(t *testing.T, s store.Store) {
	ctx := context.Background()
	id := uuid.New()
	data := func(ic uint64) []byte { return bytes.Repeat([]byte(fmt.Sprintf("state@%d;", ic)), 1000) }
	if _, err := s.LoadSnapshot(ctx, id, 100); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("LoadSnapshot with none saved = %v, want ErrNotFound", err)
	}
	for _, ic := range []uint64{1000, 0, 5000, 3000} {
		if err := s.SaveSnapshot(ctx, id, ic, data(ic)); err != nil {
			t.Fatal(err)
		}
	}
	// Another stream's snapshots must not leak in.
	if err := s.SaveSnapshot(ctx, uuid.New(), 2000, []byte("other")); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		at   uint64
		want uint64
	}{{0, 0}, {999, 0}, {1000, 1000}, {2999, 1000}, {4000, 3000}, {5000, 5000}, {^uint64(0), 5000}}
	for _, tc := range tests {
		snap, err := s.LoadSnapshot(ctx, id, tc.at)
		if err != nil || snap.Icount != tc.want || snap.Stream != id || !bytes.Equal(snap.Data, data(tc.want)) {
			t.Errorf("LoadSnapshot(at %d) = icount %d, %v; want icount %d with its data", tc.at, snap.Icount, err, tc.want)
		}
	}
	if err := s.SaveSnapshot(ctx, id, 3000, []byte("replaced")); err != nil {
		t.Fatal(err)
	}
	if snap, err := s.LoadSnapshot(ctx, id, 3500); err != nil || string(snap.Data) != "replaced" {
		t.Errorf("after replacing, LoadSnapshot = %q, %v", snap.Data, err)
	}
	list, err := s.ListSnapshots(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	var ics []uint64
	for _, si := range list {
		ics = append(ics, si.Icount)
		if si.Stream != id || si.Size == 0 || si.StoredSize == 0 || si.Time.IsZero() {
			t.Errorf("snapshot info %+v incomplete", si)
		}
	}
	if !equalU64(ics, []uint64{0, 1000, 3000, 5000}) {
		t.Errorf("ListSnapshots icounts = %v", ics)
	}
	other := uuid.New()
	if err := s.SaveSnapshot(ctx, other, 7, nil); err != nil {
		t.Fatal(err)
	}
	if snap, err := s.LoadSnapshot(ctx, other, 7); err != nil || len(snap.Data) != 0 {
		t.Errorf("empty snapshot = %v, %v", snap.Data, err)
	}
}

func testCancelled(t *testing.T, s store.Store) {
	id := uuid.New()
	mustAppend(t, s, id, store.Any, Ev(1))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	calls := map[string]func() error{
		"Append":        func() error { _, err := s.Append(ctx, id, store.Any, Ev(2)); return err },
		"ReadStream":    func() error { _, err := s.ReadStream(ctx, id, 0, store.Forward, 0); return err },
		"ReadAll":       func() error { _, err := s.ReadAll(ctx, 0, 0); return err },
		"Subscribe":     func() error { _, err := s.Subscribe(ctx, 0); return err },
		"SetMeta":       func() error { return s.SetMeta(ctx, id, nil) },
		"GetMeta":       func() error { _, err := s.GetMeta(ctx, id); return err },
		"ListStreams":   func() error { _, err := s.ListStreams(ctx); return err },
		"SaveSnapshot":  func() error { return s.SaveSnapshot(ctx, id, 1, []byte("x")) },
		"LoadSnapshot":  func() error { _, err := s.LoadSnapshot(ctx, id, 1); return err },
		"ListSnapshots": func() error { _, err := s.ListSnapshots(ctx, id); return err },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, context.Canceled) {
			t.Errorf("%s with a cancelled context = %v, want context.Canceled", name, err)
		}
	}
	if n := countAll(t, s); n != 1 {
		t.Errorf("a cancelled append wrote: %d records, want 1", n)
	}
}

func testConcurrentExact(t *testing.T, s store.Store) {
	ctx := context.Background()
	id := uuid.New()
	const rounds = 40
	for round := uint64(0); round < rounds; round++ {
		var wg sync.WaitGroup
		errs := make([]error, 2)
		start := make(chan struct{})
		for w := range errs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[w] = s.Append(ctx, id, store.Exact(round), Ev(int(round)))
			}()
		}
		close(start)
		wg.Wait()
		wins := 0
		for _, err := range errs {
			switch {
			case err == nil:
				wins++
			case !errors.Is(err, store.ErrConflict):
				t.Fatalf("round %d: unexpected error %v", round, err)
			}
		}
		if wins != 1 {
			t.Fatalf("round %d: %d writers won (%v), want exactly 1", round, wins, errs)
		}
	}
	recs, err := s.ReadStream(ctx, id, 0, store.Forward, 0)
	if err != nil || !equalU64(versions(recs), seq(1, rounds)) {
		t.Fatalf("stream after the rounds = %v, %v", versions(recs), err)
	}
}

func testConcurrentStreams(t *testing.T, s store.Store) {
	ctx := context.Background()
	const writers, batches = 4, 15
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := uuid.New()
			for b := 0; b < batches; b++ {
				if _, err := s.Append(ctx, id, store.Exact(uint64(b*3)), evs(b*3, 3)...); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	all, err := s.ReadAll(ctx, 0, 0)
	if err != nil || len(all) != writers*batches*3 {
		t.Fatalf("ReadAll = %d records, %v", len(all), err)
	}
	last := map[store.StreamID]uint64{}
	for i, r := range all {
		if r.GlobalPosition != uint64(i+1) {
			t.Fatalf("position %d at index %d: positions have gaps", r.GlobalPosition, i)
		}
		if r.Version != last[r.Stream]+1 {
			t.Fatalf("stream %s: version %d follows %d in global order", r.Stream, r.Version, last[r.Stream])
		}
		last[r.Stream] = r.Version
		// A batch is contiguous in global order.
		if r.Version%3 != 1 && all[i-1].Stream != r.Stream {
			t.Fatalf("batch of stream %s split at position %d", r.Stream, r.GlobalPosition)
		}
	}
}

func testClosed(t *testing.T, s store.Store) {
	id := uuid.New()
	mustAppend(t, s, id, store.Any, Ev(1))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := s.Append(ctx, id, store.Any, Ev(2)); !errors.Is(err, store.ErrClosed) {
		t.Errorf("Append after Close = %v, want ErrClosed", err)
	}
	if _, err := s.ReadAll(ctx, 0, 0); !errors.Is(err, store.ErrClosed) {
		t.Errorf("ReadAll after Close = %v, want ErrClosed", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close = %v", err)
	}
}
