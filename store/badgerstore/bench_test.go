package badgerstore

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/google/uuid"

	"vmcore/store"
)

func benchEvents(n int) []store.EventData {
	evs := make([]store.EventData, n)
	for i := range evs {
		evs[i] = store.EventData{Type: "ConsoleInput", Schema: 1, Icount: uint64(i), Payload: make([]byte, 64)}
	}
	return evs
}

func reportEvents(b *testing.B, events int) {
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}

func benchAppend(b *testing.B, opts Options, batch int) {
	s := openTemp(b, opts)
	ctx := context.Background()
	id := uuid.New()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		evs := benchEvents(batch) // fresh ids each time
		if _, err := s.Append(ctx, id, store.Any, evs...); err != nil {
			b.Fatal(err)
		}
	}
	reportEvents(b, b.N*batch)
}

// BenchmarkAppendSingle: one event per append, each one fsynced.
func BenchmarkAppendSingle(b *testing.B) { benchAppend(b, Options{}, 1) }

// BenchmarkAppendSingleNoSync shows what the fsync costs.
func BenchmarkAppendSingleNoSync(b *testing.B) { benchAppend(b, Options{NoSync: true}, 1) }

// BenchmarkAppendBatch100: 100 events per append.
func BenchmarkAppendBatch100(b *testing.B) { benchAppend(b, Options{}, 100) }

// BenchmarkAppendConcurrent: single-event appends from several goroutines
// (own streams), where group commit shares one fsync among them.
func BenchmarkAppendConcurrent(b *testing.B) {
	s := openTemp(b, Options{})
	ctx := context.Background()
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		id := uuid.New()
		for pb.Next() {
			if _, err := s.Append(ctx, id, store.Any, benchEvents(1)...); err != nil {
				b.Error(err)
				return
			}
		}
	})
	reportEvents(b, b.N)
}

func filled(b *testing.B, streams, perStream int) (*Store, []store.StreamID) {
	s := openTemp(b, Options{NoSync: true})
	ctx := context.Background()
	ids := make([]store.StreamID, streams)
	for i := range ids {
		ids[i] = uuid.New()
	}
	for done := 0; done < perStream; done += 100 {
		for _, id := range ids {
			if _, err := s.Append(ctx, id, store.Any, benchEvents(100)...); err != nil {
				b.Fatal(err)
			}
		}
	}
	return s, ids
}

// BenchmarkReadAll reads 40,000 records of 4 streams in global order.
func BenchmarkReadAll(b *testing.B) {
	s, _ := filled(b, 4, 10000)
	ctx := context.Background()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		for from := uint64(1); ; {
			recs, err := s.ReadAll(ctx, from, 4096)
			if err != nil {
				b.Fatal(err)
			}
			if len(recs) == 0 {
				break
			}
			n += len(recs)
			from = recs[len(recs)-1].GlobalPosition + 1
		}
	}
	reportEvents(b, n)
}

// BenchmarkReadStream reads one stream of 20,000 records, as a replay does.
func BenchmarkReadStream(b *testing.B) {
	s, ids := filled(b, 2, 20000)
	ctx := context.Background()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		for from := uint64(1); ; {
			recs, err := s.ReadStream(ctx, ids[0], from, store.Forward, 4096)
			if err != nil {
				b.Fatal(err)
			}
			if len(recs) == 0 {
				break
			}
			n += len(recs)
			from = recs[len(recs)-1].Version + 1
		}
	}
	reportEvents(b, n)
}

// snapshotData is 64 MiB shaped like guest RAM: a quarter random (code and
// data), the rest zero pages and repeated patterns.
func snapshotData() []byte {
	data := make([]byte, 64<<20)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < len(data)/4; i += 8 {
		v := rng.Uint64()
		for j := 0; j < 8; j++ {
			data[i+j] = byte(v >> (8 * j))
		}
	}
	for i := len(data) / 2; i < len(data)*3/4; i++ {
		data[i] = byte(i % 251)
	}
	return data
}

func BenchmarkSnapshotSave64MiB(b *testing.B) {
	s := openTemp(b, Options{})
	data := snapshotData()
	id := uuid.New()
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := s.SaveSnapshot(context.Background(), id, uint64(i), data); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	list, _ := s.ListSnapshots(context.Background(), id)
	if len(list) > 0 {
		b.ReportMetric(float64(list[0].StoredSize)/float64(list[0].Size), "stored/size")
	}
}

func BenchmarkSnapshotLoad64MiB(b *testing.B) {
	s := openTemp(b, Options{})
	data := snapshotData()
	id := uuid.New()
	if err := s.SaveSnapshot(context.Background(), id, 1000, data); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.LoadSnapshot(context.Background(), id, 5000); err != nil {
			b.Fatal(err)
		}
	}
}
