package vm

import (
	"context"
	"os"
	"testing"

	"vmcore/store/badgerstore"
	"vmcore/vm/machine"
)

// BenchmarkRecordingOverhead runs bench/guest/bench-small.elf with and
// without recording into a Badger store (fsync on, default checkpoints);
// compare the two ns/op for the overhead.
func BenchmarkRecordingOverhead(b *testing.B) {
	data, err := os.ReadFile("../bench/guest/bench-small.elf")
	if err != nil {
		b.Skip(err)
	}
	img, err := machine.ParseELF("bench-small.elf", data)
	if err != nil {
		b.Fatal(err)
	}
	run := func(b *testing.B, record bool) {
		st, err := badgerstore.Open(b.TempDir(), badgerstore.Options{})
		if err != nil {
			b.Fatal(err)
		}
		defer st.Close()
		for b.Loop() {
			var rec *Recorder
			cfg := machine.Config{OnInput: func(i uint64, p []byte) { rec.OnInput(i, p) }}
			m, err := machine.New(cfg)
			if err != nil {
				b.Fatal(err)
			}
			if err := m.Load(img); err != nil {
				b.Fatal(err)
			}
			var r machine.Result
			if record {
				v, err := NewSession(context.Background(), st, m.Config(), "bench-small.elf", ImageELF, 0, data, nil)
				if err != nil {
					b.Fatal(err)
				}
				rec = NewRecorder(st, v, RecorderOptions{})
				rec.Attach(m)
				if r, err = rec.Run(context.Background(), 0); err != nil {
					b.Fatal(err)
				}
			} else {
				r = m.Run(context.Background(), 0)
			}
			if !r.Exited() {
				b.Fatalf("bench guest: %+v", r)
			}
			b.ReportMetric(float64(r.Icount), "insns/op")
			m.Close()
		}
	}
	b.Run("no-record", func(b *testing.B) { run(b, false) })
	b.Run("record", func(b *testing.B) { run(b, true) })
}
