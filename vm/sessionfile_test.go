package vm

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"vmcore/store"
	"vmcore/store/badgerstore"
	"vmcore/store/memstore"
)

var updateSeeds = flag.Bool("update", false, "rewrite the generated fuzz seeds in testdata/fuzz/FuzzReadSessionFile")

// exportedSession records a small session with snapshots and exports it.
func exportedSession(t *testing.T) *SessionFile {
	t.Helper()
	st := memstore.New()
	id, _ := record(t, st, "timer.elf", 1, nil, RecorderOptions{CheckpointEvery: 50, SnapshotEvery: 1})
	f, err := ExportSession(context.Background(), st, id)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Snapshots) < 2 {
		t.Fatalf("exported session has %d snapshots: the tests prove less than they should", len(f.Snapshots))
	}
	return f
}

// exported returns the session's file in the current format.
func exported(t *testing.T) ([]byte, *SessionFile) {
	t.Helper()
	f := exportedSession(t)
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), f
}

// storeState is everything an import may change: the streams and their
// versions, and the snapshots of every stream with the time each was saved
// (so that rewriting one shows).
func storeState(t *testing.T, st SessionStore) string {
	t.Helper()
	ctx := context.Background()
	infos, err := st.ListStreams(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, in := range infos {
		fmt.Fprintf(&b, "stream %s v%d\n", in.ID, in.Version)
		snaps, err := st.ListSnapshots(ctx, in.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range snaps {
			fmt.Fprintf(&b, "  snapshot %d saved %s\n", s.Icount, s.Time.Format(time.RFC3339Nano))
		}
	}
	return b.String()
}

func snapshotIcounts(t *testing.T, st SessionStore, f *SessionFile) []uint64 {
	t.Helper()
	infos, err := st.ListSnapshots(context.Background(), f.ID)
	if err != nil {
		t.Fatal(err)
	}
	var ics []uint64
	for _, in := range infos {
		ics = append(ics, in.Icount)
	}
	return ics
}

// checkComplete fails unless st holds f's session completely: every event,
// every snapshot, and a replay that verifies.
func checkComplete(t *testing.T, st SessionStore, f *SessionFile) {
	t.Helper()
	recs, err := st.ReadStream(context.Background(), f.ID, 0, store.Forward, 0)
	if err != nil || len(recs) != len(f.Records) {
		t.Fatalf("store holds %d events (%v), want %d", len(recs), err, len(f.Records))
	}
	if got := snapshotIcounts(t, st, f); len(got) != len(f.Snapshots) {
		t.Errorf("store holds snapshots at %v, want %d", got, len(f.Snapshots))
	}
	rep, _ := verify(t, st, f.ID)
	if rep.Divergence != nil || rep.Verified == 0 || rep.Verified != rep.Checkpoints {
		t.Errorf("imported session: %+v", rep)
	}
}

// Both formats round-trip, import completely and verify; a second import
// changes nothing and says so.
func TestExportImport(t *testing.T) {
	f := exportedSession(t)
	for _, format := range []uint16{sessionFormatPlain, sessionFormatZstd} {
		t.Run(fmt.Sprintf("format%d", format), func(t *testing.T) {
			b, err := f.encode(format)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ReadSessionFile(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if len(got.Records) != len(f.Records) || len(got.Snapshots) != len(f.Snapshots) {
				t.Fatalf("read %d events and %d snapshots, wrote %d and %d", len(got.Records), len(got.Snapshots), len(f.Records), len(f.Snapshots))
			}
			for i, s := range got.Snapshots {
				if s.Icount != f.Snapshots[i].Icount || !bytes.Equal(s.Data, f.Snapshots[i].Data) {
					t.Fatalf("snapshot %d differs after the round trip", i)
				}
			}
			dst := memstore.New()
			res, err := ImportSession(context.Background(), dst, got)
			if err != nil || res.Existed || res.SnapshotsAdded != len(f.Snapshots) {
				t.Fatalf("first import: %+v %v", res, err)
			}
			checkComplete(t, dst, f)
			before := storeState(t, dst)
			res, err = ImportSession(context.Background(), dst, got)
			if err != nil || !res.Existed || res.SnapshotsAdded != 0 {
				t.Errorf("second import: %+v %v, want an existing session and nothing added", res, err)
			}
			if after := storeState(t, dst); after != before {
				t.Errorf("a second import changed the store:\n%s\nwas\n%s", after, before)
			}
		})
	}
}

// Compression is the point of format 2: the same session must take less
// room than in format 1.
func TestCompressedFormatIsSmaller(t *testing.T) {
	f := exportedSession(t)
	plain, err := f.encode(sessionFormatPlain)
	if err != nil {
		t.Fatal(err)
	}
	z, err := f.encode(sessionFormatZstd)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("format 1: %d bytes, format 2: %d bytes", len(plain), len(z))
	if len(z) >= len(plain) {
		t.Errorf("format 2 file is %d bytes, format 1 %d: not compressed", len(z), len(plain))
	}
}

// withDigest replaces the trailing digest with the right one.
func withDigest(b []byte) []byte { return fixDigest(b) }

func TestReadSessionFileRejectsDamage(t *testing.T) {
	f := exportedSession(t)
	for _, format := range []uint16{sessionFormatPlain, sessionFormatZstd} {
		b, err := f.encode(format)
		if err != nil {
			t.Fatal(err)
		}
		flipped := bytes.Clone(b)
		flipped[len(flipped)/2] ^= 0x40
		// A file whose digest is right but whose content is not: the
		// parser, not the digest, must catch it.
		inner := bytes.Clone(b)
		inner[len(sessionMagic)+2+16+20] ^= 0x40
		inner = withDigest(inner)
		tests := map[string]struct {
			data []byte
			want string
		}{
			"empty":        {nil, "no header"},
			"truncated":    {b[:len(b)-10], "SHA-256 mismatch"},
			"half":         {b[:len(b)/2], "SHA-256 mismatch"},
			"header only":  {b[:len(sessionMagic)+2], "truncated"},
			"flipped":      {flipped, "SHA-256 mismatch"},
			"inner damage": {inner, "bad session file"},
			"not ours":     {[]byte("hello, this is not a session file at all, not even close....."), "no header"},
		}
		for name, tt := range tests {
			_, err := ReadSessionFile(bytes.NewReader(tt.data))
			if !errors.Is(err, ErrBadSessionFile) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("format %d, %s: err = %v, want ErrBadSessionFile saying %q", format, name, err, tt.want)
			}
		}
	}
}

// A file from a newer (or an impossible) format names its version and the
// versions this build reads, whatever follows the header.
func TestReadSessionFileVersion(t *testing.T) {
	b, _ := exported(t)
	for _, v := range []uint16{0, sessionFileFormat + 1, 0xffff} {
		for _, tail := range []string{"whole", "header"} {
			data := bytes.Clone(b)
			binary.BigEndian.PutUint16(data[len(sessionMagic):], v)
			if tail == "header" {
				data = data[:len(sessionMagic)+2]
			}
			_, err := ReadSessionFile(bytes.NewReader(data))
			want := fmt.Sprintf("unsupported session file version %d (this vmcore reads 1..%d)", v, sessionFileFormat)
			if !errors.Is(err, ErrBadSessionFile) || !strings.Contains(err.Error(), want) {
				t.Errorf("version %d (%s): err = %v, want %q", v, tail, err, want)
			}
		}
	}
}

// Compressed content that inflates to more or less than it declares is
// refused.
func TestReadSessionFileFrameLength(t *testing.T) {
	f := &SessionFile{Records: minimalRecords()}
	b, err := f.encode(sessionFormatZstd)
	if err != nil {
		t.Fatal(err)
	}
	at := len(sessionMagic) + 2 + 16 // the content length
	raw := binary.BigEndian.Uint64(b[at:])
	for _, declared := range []uint64{raw - 1, raw + 1, MaxSessionFile + 1} {
		data := bytes.Clone(b)
		binary.BigEndian.PutUint64(data[at:], declared)
		_, err := ReadSessionFile(bytes.NewReader(withDigest(data)))
		if !errors.Is(err, ErrBadSessionFile) || !strings.Contains(err.Error(), "content") {
			t.Errorf("declared %d of %d: err = %v, want ErrBadSessionFile about the content", declared, raw, err)
		}
	}
}

// failingStore fails the nth write (SaveSnapshot or Append, counted
// together), as a store killed or out of space midway would.
type failingStore struct {
	*memstore.Store
	n, writes int
}

var errInjected = errors.New("injected write failure")

func (s *failingStore) write() error {
	s.writes++
	if s.writes == s.n {
		return errInjected
	}
	return nil
}

func (s *failingStore) SaveSnapshot(ctx context.Context, id store.StreamID, icount uint64, data []byte) error {
	if err := s.write(); err != nil {
		return err
	}
	return s.Store.SaveSnapshot(ctx, id, icount, data)
}

func (s *failingStore) Append(ctx context.Context, id store.StreamID, e store.ExpectedVersion, ev ...store.EventData) (store.AppendResult, error) {
	if err := s.write(); err != nil {
		return store.AppendResult{}, err
	}
	return s.Store.Append(ctx, id, e, ev...)
}

// An import that fails at any write leaves no session behind (the events
// come last, in one append), and importing again completes it.
func TestImportInterrupted(t *testing.T) {
	f := exportedSession(t)
	writes := len(f.Snapshots) + 1
	for n := 1; n <= writes; n++ {
		t.Run(fmt.Sprintf("fail write %d of %d", n, writes), func(t *testing.T) {
			st := &failingStore{Store: memstore.New(), n: n}
			if _, err := ImportSession(context.Background(), st, f); !errors.Is(err, errInjected) {
				t.Fatalf("import: %v, want the injected failure", err)
			}
			if state := storeState(t, st.Store); state != "" {
				t.Fatalf("a failed import left a session:\n%s", state)
			}
			res, err := ImportSession(context.Background(), st, f)
			if err != nil || res.Existed {
				t.Fatalf("import after the failure: %+v %v", res, err)
			}
			checkComplete(t, st.Store, f)
		})
	}
}

// A store where an older vmcore's import (events first) was killed holds
// all events but some snapshots; importing again adds the missing ones.
func TestImportCompletesMissingSnapshots(t *testing.T) {
	f := exportedSession(t)
	st := memstore.New()
	ctx := context.Background()
	data := make([]store.EventData, len(f.Records))
	for i, r := range f.Records {
		data[i] = store.EventData{ID: r.EventID, Type: r.Type, Schema: r.Schema, Time: r.Time, Icount: r.Icount, Payload: r.Payload}
	}
	if _, err := st.Append(ctx, f.ID, store.NoStream, data...); err != nil {
		t.Fatal(err)
	}
	if err := st.SaveSnapshot(ctx, f.ID, f.Snapshots[0].Icount, f.Snapshots[0].Data); err != nil {
		t.Fatal(err)
	}
	res, err := ImportSession(ctx, st, f)
	if err != nil || !res.Existed || res.SnapshotsAdded != len(f.Snapshots)-1 {
		t.Fatalf("import: %+v %v, want %d snapshots added to the existing session", res, err, len(f.Snapshots)-1)
	}
	checkComplete(t, st, f)
}

// A different session under the same id is a conflict and changes nothing.
func TestImportConflict(t *testing.T) {
	f := exportedSession(t)
	st := memstore.New()
	ctx := context.Background()
	if _, err := ImportSession(ctx, st, f); err != nil {
		t.Fatal(err)
	}
	before := storeState(t, st)
	other := &SessionFile{ID: f.ID, Records: minimalRecords()}
	_, err := ImportSession(ctx, st, other)
	if KindOf(err) != KindConflict || !strings.Contains(err.Error(), "nothing changed") {
		t.Errorf("import of another session under the same id: %v, want a conflict", err)
	}
	if after := storeState(t, st); after != before {
		t.Errorf("a refused import changed the store:\n%s\nwas\n%s", after, before)
	}
}

// FuzzReadSessionFile: any bytes give a session file or an error, never a
// panic. The digest makes random damage fail early, so the fuzzer also gets
// files with a recomputed digest (see fixDigest) to reach the parser.
func FuzzReadSessionFile(f *testing.F) {
	f.Add([]byte(sessionMagic), false)
	for _, format := range []uint16{sessionFormatPlain, sessionFormatZstd} {
		f.Add(minimalSessionFile(format), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, fix bool) {
		if fix {
			data = fixDigest(data)
		}
		sf, err := ReadSessionFile(bytes.NewReader(data))
		if err == nil && len(sf.Records) == 0 {
			t.Error("accepted a file without events")
		}
		if err != nil && !errors.Is(err, ErrBadSessionFile) {
			t.Errorf("error %v does not wrap ErrBadSessionFile", err)
		}
	})
}

// The committed seeds of FuzzReadSessionFile include a minimal file of
// every format this build reads and one of the next format, so that a
// format change is fuzzed from the start; -update rewrites them.
func TestFuzzSeeds(t *testing.T) {
	dir := filepath.Join("testdata", "fuzz", "FuzzReadSessionFile")
	newer := minimalSessionFile(sessionFileFormat)
	binary.BigEndian.PutUint16(newer[len(sessionMagic):], sessionFileFormat+1)
	seeds := map[string][]byte{"newer-format": fixDigest(newer)}
	for _, format := range []uint16{sessionFormatPlain, sessionFormatZstd} {
		seeds[fmt.Sprintf("minimal-format%d", format)] = minimalSessionFile(format)
	}
	for name, data := range seeds {
		path := filepath.Join(dir, name)
		want := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\nbool(true)\n", data)
		if *updateSeeds {
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Errorf("%v (run go test ./vm -run TestFuzzSeeds -update)", err)
			continue
		}
		if string(got) != want {
			t.Errorf("%s is not the seed this build makes (run go test ./vm -run TestFuzzSeeds -update)", path)
		}
	}
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

func minimalRecords() []store.Record {
	d, _ := EncodeEvent(VMCreated{Program: "x", ImageFormat: ImageELF})
	return []store.Record{recordOf(d)}
}

func minimalSessionFile(format uint16) []byte {
	sf := &SessionFile{Records: minimalRecords()}
	b, _ := sf.encode(format)
	return b
}

// The import crash test re-executes this test binary as a child that
// imports a file into a Badger store and is killed with SIGKILL.
const (
	importHelperEnv  = "VMCORE_IMPORT_HELPER_FILE"
	importHelperDir  = "VMCORE_IMPORT_HELPER_DIR"
	crashSnapshots   = 48
	crashImportTries = 8
)

// ackingStore prints a line after every acknowledged write, so that the
// parent can kill the child between any two of them.
type ackingStore struct{ SessionStore }

func (s ackingStore) SaveSnapshot(ctx context.Context, id store.StreamID, icount uint64, data []byte) error {
	err := s.SessionStore.SaveSnapshot(ctx, id, icount, data)
	fmt.Println("wrote snapshot")
	return err
}

func (s ackingStore) Append(ctx context.Context, id store.StreamID, e store.ExpectedVersion, ev ...store.EventData) (store.AppendResult, error) {
	res, err := s.SessionStore.Append(ctx, id, e, ev...)
	fmt.Println("wrote events")
	return res, err
}

func TestImportHelperProcess(t *testing.T) {
	path := os.Getenv(importHelperEnv)
	if path == "" {
		t.Skip("helper for TestImportCrash; runs only when re-executed by it")
	}
	fail := func(code int, err error) {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(code)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		fail(3, err)
	}
	f, err := ReadSessionFile(bytes.NewReader(b))
	if err != nil {
		fail(4, err)
	}
	st, err := badgerstore.Open(os.Getenv(importHelperDir), badgerstore.Options{})
	if err != nil {
		fail(5, err)
	}
	fmt.Println("importing")
	if _, err := ImportSession(context.Background(), ackingStore{st}, f); err != nil {
		fail(6, err)
	}
	if err := st.Close(); err != nil {
		fail(7, err)
	}
	fmt.Println("done")
	os.Exit(0)
}

// crashFile is a session file with many snapshots (copies of the real
// ones at made-up icounts: the import does not care), so that a kill has
// many moments to land between.
func crashFile(t *testing.T) (*SessionFile, string) {
	t.Helper()
	f := exportedSession(t)
	snaps := make([]store.Snapshot, crashSnapshots)
	for i := range snaps {
		snaps[i] = store.Snapshot{Stream: f.ID, Icount: uint64(i+1) * 1000, Data: f.Snapshots[i%len(f.Snapshots)].Data}
	}
	f.Snapshots = snaps
	path := filepath.Join(t.TempDir(), "crash.vmsession")
	b, err := f.encode(sessionFileFormat)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return f, path
}

// TestImportCrash kills an importing child with SIGKILL after a random
// number of its writes, and checks that the store then holds either no
// session or the whole session, never a session with missing snapshots;
// that importing again completes it; and that a further import changes
// nothing.
func TestImportCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("crash rounds take a few seconds")
	}
	f, path := crashFile(t)
	rng := rand.New(rand.NewPCG(uint64(os.Getpid()), 2))
	partial := 0
	for round := 0; round < crashImportTries; round++ {
		dir := t.TempDir()
		killAfter := rng.IntN(crashSnapshots + 2) // 0: as the import starts; crashSnapshots+1: after the events
		killed := crashImport(t, dir, path, killAfter)
		st, err := badgerstore.Open(dir, badgerstore.Options{})
		if err != nil {
			t.Fatalf("round %d: reopen after the kill: %v", round, err)
		}
		ctx := context.Background()
		streams, err := st.ListStreams(ctx)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case len(streams) == 0:
			if !killed {
				t.Errorf("round %d: the child finished but the store has no session", round)
			}
			if ics := snapshotIcounts(t, st, f); len(ics) > 0 {
				partial++
			}
		case len(streams) == 1 && streams[0].ID == f.ID:
			if ics := snapshotIcounts(t, st, f); len(ics) != len(f.Snapshots) || streams[0].Version != uint64(len(f.Records)) {
				t.Errorf("round %d (killed after %d writes): a session with %d of %d events and %d of %d snapshots is listed",
					round, killAfter, streams[0].Version, len(f.Records), len(ics), len(f.Snapshots))
			}
		default:
			t.Fatalf("round %d: store holds %+v", round, streams)
		}
		res, err := ImportSession(ctx, st, f)
		if err != nil || res.Existed != (len(streams) == 1) || res.SnapshotsAdded != 0 && res.Existed {
			t.Errorf("round %d: import after the kill: %+v %v", round, res, err)
		}
		before := storeState(t, st)
		if res, err := ImportSession(ctx, st, f); err != nil || !res.Existed || res.SnapshotsAdded != 0 {
			t.Errorf("round %d: a further import: %+v %v, want nothing changed", round, res, err)
		}
		if after := storeState(t, st); after != before {
			t.Errorf("round %d: a further import changed the store", round)
		}
		if recs, err := st.ReadStream(ctx, f.ID, 0, store.Forward, 0); err != nil || len(recs) != len(f.Records) {
			t.Errorf("round %d: %d events after the second import (%v)", round, len(recs), err)
		}
		if ics := snapshotIcounts(t, st, f); len(ics) != len(f.Snapshots) {
			t.Errorf("round %d: %d snapshots after the second import", round, len(ics))
		}
		if err := st.Close(); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d rounds, %d killed between snapshots", crashImportTries, partial)
}

// crashImport runs the child and kills it once it has reported killAfter
// writes; it reports whether the child was killed before it finished.
func crashImport(t *testing.T, dir, path string, killAfter int) bool {
	t.Helper()
	child := exec.Command(os.Args[0], "-test.run=^TestImportHelperProcess$")
	child.Env = append(os.Environ(), importHelperEnv+"="+path, importHelperDir+"="+dir)
	stdout, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	child.Stderr = &stderr
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(stdout)
	writes, started, done := 0, false, false
	for sc.Scan() {
		switch sc.Text() {
		case "importing":
			started = true
		case "wrote snapshot", "wrote events":
			writes++
		case "done":
			done = true
		}
		if started && writes == killAfter && !done {
			_ = child.Process.Kill() // SIGKILL; lines already in the pipe are still read
		}
	}
	err = child.Wait()
	if !started {
		t.Fatalf("child never started its import: %v; stderr: %s", err, stderr.String())
	}
	if err != nil && !done {
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != -1 {
			t.Fatalf("child failed: %v; stderr: %s", err, stderr.String())
		}
		return true
	}
	return false
}
