package vm

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"testing"

	"vmcore/store"
	"vmcore/store/memstore"
)

// exported records a small session with snapshots and exports it.
func exported(t *testing.T) ([]byte, *SessionFile) {
	st := memstore.New()
	id, _ := record(t, st, "timer.elf", 1, nil, RecorderOptions{CheckpointEvery: 50, SnapshotEvery: 1})
	f, err := ExportSession(context.Background(), st, id)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), f
}

func TestExportImport(t *testing.T) {
	b, f := exported(t)
	if len(f.Snapshots) == 0 {
		t.Fatal("exported session has no snapshots: the test proves less than it should")
	}
	got, err := ReadSessionFile(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	dst := memstore.New()
	if err := ImportSession(context.Background(), dst, got); err != nil {
		t.Fatal(err)
	}
	rep, _ := verify(t, dst, f.ID)
	if rep.Divergence != nil || rep.Verified == 0 || rep.Verified != rep.Checkpoints {
		t.Errorf("imported session: %+v", rep)
	}
	snaps, err := dst.ListSnapshots(context.Background(), f.ID)
	if err != nil || len(snaps) != len(f.Snapshots) {
		t.Errorf("imported %d snapshots (%v), want %d", len(snaps), err, len(f.Snapshots))
	}
	// Importing the same file again is idempotent: it succeeds and writes
	// nothing (the store recognises the event ids).
	if err := ImportSession(context.Background(), dst, got); err != nil {
		t.Errorf("second import: %v", err)
	}
	if infos, _ := dst.ListStreams(context.Background()); len(infos) != 1 || infos[0].Version != uint64(len(f.Records)) {
		t.Errorf("after a second import the store holds %+v", infos)
	}
}

func TestReadSessionFileRejectsDamage(t *testing.T) {
	b, _ := exported(t)
	flipped := bytes.Clone(b)
	flipped[len(flipped)/2] ^= 0x40
	tests := map[string][]byte{
		"empty":     nil,
		"truncated": b[:len(b)-10],
		"half":      b[:len(b)/2],
		"flipped":   flipped,
		"not ours":  []byte("hello, this is not a session file at all, not even close....."),
	}
	for name, data := range tests {
		if _, err := ReadSessionFile(bytes.NewReader(data)); !errors.Is(err, ErrBadSessionFile) {
			t.Errorf("%s: err = %v, want ErrBadSessionFile", name, err)
		}
	}
}

// FuzzReadSessionFile: any bytes give a session file or an error, never a
// panic. The digest makes random damage fail early, so the fuzzer also gets
// files with a recomputed digest (see fixDigest) to reach the parser.
func FuzzReadSessionFile(f *testing.F) {
	f.Add([]byte(sessionMagic), false)
	f.Add(minimalSessionFile(), true)
	f.Fuzz(func(t *testing.T, data []byte, fix bool) {
		if fix {
			data = fixDigest(data)
		}
		sf, err := ReadSessionFile(bytes.NewReader(data))
		if err == nil && len(sf.Records) == 0 {
			t.Error("accepted a file without events")
		}
	})
}

// fixDigest replaces the trailing digest with the right one.
func fixDigest(b []byte) []byte {
	if len(b) < 32 {
		return b
	}
	body := bytes.Clone(b[:len(b)-32])
	sum := sha256.Sum256(body)
	return append(body, sum[:]...)
}

func recordOf(d store.EventData) store.Record {
	return store.Record{EventID: d.ID, Type: d.Type, Schema: d.Schema, Icount: d.Icount, Payload: d.Payload}
}

func minimalSessionFile() []byte {
	var buf bytes.Buffer
	sf := &SessionFile{}
	d, _ := EncodeEvent(VMCreated{Program: "x", ImageFormat: ImageELF})
	sf.Records = append(sf.Records, recordOf(d))
	_, _ = sf.WriteTo(&buf)
	return buf.Bytes()
}
