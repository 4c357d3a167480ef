package badgerstore

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"vmcore/store"
)

// Child processes are this test binary re-executed with -test.run pinned to
// TestHelperProcess and a role in helperEnv.
const (
	helperEnv = "VMCORE_STORE_HELPER"
	helperDir = "VMCORE_STORE_HELPER_DIR"
)

// crashStreams are the streams the crash child writes, one goroutine each,
// so that group commit carries appends of both.
var crashStreams = []store.StreamID{
	uuid.NewSHA1(uuid.NameSpaceOID, []byte("vmcore-crash-a")),
	uuid.NewSHA1(uuid.NameSpaceOID, []byte("vmcore-crash-b")),
}

func TestHelperProcess(t *testing.T) {
	role := os.Getenv(helperEnv)
	if role == "" {
		t.Skip("helper for the process tests; runs only when re-executed by them")
	}
	s, err := Open(os.Getenv(helperDir), Options{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		os.Exit(3)
	}
	switch role {
	case "hold":
		fmt.Println("ready")
		_, _ = io.Copy(io.Discard, os.Stdin) // hold the store until the parent closes stdin
		_ = s.Close()
		os.Exit(0)
	case "crash":
		var wg sync.WaitGroup
		for i, id := range crashStreams {
			wg.Add(1)
			go func() {
				defer wg.Done()
				crashWriter(s, i, id)
			}()
		}
		wg.Wait() // never returns normally: the parent kills us
		os.Exit(4)
	}
	os.Exit(5)
}

// crashWriter appends batches of 1..4 events forever and prints each
// acknowledged last version. A payload names its version and its batch so
// that the parent can find torn batches.
func crashWriter(s *Store, idx int, id store.StreamID) {
	ctx := context.Background()
	var head uint64
	if recs, err := s.ReadStream(ctx, id, store.End, store.Backward, 1); err == nil && len(recs) == 1 {
		head = recs[0].Version
	} else if err != nil && !errors.Is(err, store.ErrNotFound) {
		fmt.Fprintln(os.Stderr, "read head:", err)
		os.Exit(6)
	}
	for {
		n := 1 + int(head%4)
		evs := make([]store.EventData, n)
		for i := range evs {
			evs[i] = store.EventData{Type: "Crash", Icount: head + 1 + uint64(i),
				Payload: fmt.Appendf(nil, "v=%d batch=%d+%d %s", head+1+uint64(i), head+1, n, strings.Repeat("x", int(head%200)))}
		}
		res, err := s.Append(ctx, id, store.Exact(head), evs...)
		if err != nil {
			fmt.Fprintln(os.Stderr, "append:", err)
			os.Exit(7)
		}
		head = res.LastVersion
		fmt.Printf("ack %d %d\n", idx, head) // one write(2) per line
	}
}

func helper(t *testing.T, role, dir string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$")
	cmd.Env = append(os.Environ(), helperEnv+"="+role, helperDir+"="+dir)
	return cmd
}

func TestLockedByAnotherProcess(t *testing.T) {
	dir := t.TempDir()
	child := helper(t, "hold", dir)
	stdin, err := child.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := child.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	child.Stderr = &stderr
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = child.Process.Kill(); _ = child.Wait() }()
	if line, err := bufio.NewReader(stdout).ReadString('\n'); err != nil || line != "ready\n" {
		t.Fatalf("child said %q, %v; stderr: %s", line, err, stderr.String())
	}

	_, err = Open(dir, Options{})
	var le *store.LockedError
	if !errors.Is(err, store.ErrLocked) || !errors.As(err, &le) {
		t.Fatalf("Open of a held store = %v, want a *LockedError", err)
	}
	if le.Path != dir || !strings.Contains(err.Error(), strconv.Itoa(child.Process.Pid)) {
		t.Errorf("error %q should name the path %s and the holder's pid %d", err, dir, child.Process.Pid)
	}

	stdin.Close()
	if err := child.Wait(); err != nil {
		t.Fatalf("child: %v; stderr: %s", err, stderr.String())
	}
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("Open after the holder exited = %v", err)
	}
	s.Close()
}

func TestLockedInProcess(t *testing.T) {
	s := openTemp(t, Options{})
	if _, err := Open(s.Dir(), Options{}); !errors.Is(err, store.ErrLocked) {
		t.Fatalf("second Open = %v, want ErrLocked", err)
	}
}

// TestCrash kills a writing child with SIGKILL at random moments, round
// after round, and checks after each that every acknowledged event is
// stored, versions have no gaps, and no batch or record is torn.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("crash rounds take a few seconds")
	}
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(uint64(os.Getpid()), 1))
	rounds := 40
	if raceEnabled {
		rounds = 8
	}
	acked := make([]uint64, len(crashStreams))
	for round := 0; round < rounds; round++ {
		killAfter := 1 + rng.IntN(200)
		crashRound(t, dir, round, killAfter, acked)
		verifyCrashStore(t, dir, round, acked)
	}
	t.Logf("after %d rounds: acknowledged versions %v", rounds, acked)
}

func crashRound(t *testing.T, dir string, round, killAfter int, acked []uint64) {
	child := helper(t, "crash", dir)
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
	seen := 0
	for sc.Scan() {
		var idx int
		var v uint64
		if _, err := fmt.Sscanf(sc.Text(), "ack %d %d", &idx, &v); err != nil || idx < 0 || idx >= len(acked) {
			t.Fatalf("round %d: bad line %q from child", round, sc.Text())
		}
		if v <= acked[idx] {
			t.Fatalf("round %d: stream %d acknowledged %d after %d", round, idx, v, acked[idx])
		}
		acked[idx] = v
		if seen++; seen == killAfter {
			_ = child.Process.Kill() // SIGKILL; lines already in the pipe still count
		}
	}
	err = child.Wait()
	if seen < killAfter {
		t.Fatalf("round %d: child stopped after %d acks by itself: %v; stderr: %s", round, seen, err, stderr.String())
	}
}

func verifyCrashStore(t *testing.T, dir string, round int, acked []uint64) {
	t.Helper()
	s, err := Open(dir, Options{})
	if err != nil {
		t.Fatalf("round %d: reopen: %v", round, err)
	}
	defer s.Close()
	ctx := context.Background()
	total := 0
	for idx, id := range crashStreams {
		recs, err := s.ReadStream(ctx, id, 0, store.Forward, 0)
		if err != nil && !(errors.Is(err, store.ErrNotFound) && acked[idx] == 0) {
			t.Fatalf("round %d: stream %d: %v", round, idx, err)
		}
		total += len(recs)
		if uint64(len(recs)) < acked[idx] {
			t.Fatalf("round %d: stream %d has %d events, but %d were acknowledged", round, idx, len(recs), acked[idx])
		}
		for i, r := range recs {
			var v, start, n uint64
			if _, err := fmt.Sscanf(string(r.Payload), "v=%d batch=%d+%d", &v, &start, &n); err != nil {
				t.Fatalf("round %d: stream %d version %d: payload %q: %v", round, idx, r.Version, r.Payload, err)
			}
			if r.Version != uint64(i+1) || v != r.Version {
				t.Fatalf("round %d: stream %d: record %d has version %d, payload version %d", round, idx, i, r.Version, v)
			}
			if start+n-1 > uint64(len(recs)) {
				t.Fatalf("round %d: stream %d: batch %d+%d is torn at version %d", round, idx, start, n, len(recs))
			}
		}
		// Unacknowledged but committed events are fine; remember them so
		// the next round's check stays exact.
		acked[idx] = uint64(len(recs))
	}
	all, err := s.ReadAll(ctx, 0, 0)
	if err != nil || len(all) != total {
		t.Fatalf("round %d: ReadAll = %d records, %v; want %d", round, len(all), err, total)
	}
	for i, r := range all {
		if r.GlobalPosition != uint64(i+1) {
			t.Fatalf("round %d: global position %d at index %d", round, r.GlobalPosition, i)
		}
	}
}
