package store

import (
	"context"
	"fmt"
	"io"
	"math"
	"time"

	"github.com/google/uuid"
)

// StreamID names one stream of records; vmcore uses one stream per VM.
type StreamID = uuid.UUID

// End, given as the start of a backward ReadStream, starts at the last record.
const End uint64 = math.MaxUint64

// Limits that keep one record cheap to encode and one batch inside one write
// transaction. They are checked on Append, and the decoder refuses records
// that exceed them, so a corrupt length field cannot make it allocate wildly.
const (
	MaxTypeLen    = 255
	MaxPayloadLen = 16 << 20
)

// Record is one stored event as read back: the envelope the store owns
// (ids, version, position, time) around the opaque payload the caller owns.
type Record struct {
	EventID        uuid.UUID
	Stream         StreamID
	Version        uint64 // 1-based, gap-free within Stream
	GlobalPosition uint64 // 1-based, gap-free across the store, in commit order
	Type           string
	Schema         uint16
	Time           time.Time // kept to the nanosecond as Unix nanos
	Icount         uint64
	Payload        []byte
}

// EventData is one event to append. The store fills in the stream, version,
// global position and, when Time is zero, the time of the append.
type EventData struct {
	// ID makes appends idempotent: re-appending an event whose ID is stored,
	// with the same content, succeeds without writing it twice. A zero ID is
	// replaced with a random one (and then gives no idempotency).
	ID      uuid.UUID
	Type    string
	Schema  uint16
	Time    time.Time
	Icount  uint64
	Payload []byte
}

// AppendResult tells where an appended batch landed. For an idempotent
// re-append it describes the batch as first stored.
type AppendResult struct {
	FirstVersion, LastVersion   uint64
	FirstPosition, LastPosition uint64
}

// Direction orders a ReadStream.
type Direction uint8

// Read directions.
const (
	Forward Direction = iota
	Backward
)

// String names the direction.
func (d Direction) String() string {
	if d == Backward {
		return "backward"
	}
	return "forward"
}

// ExpectedVersion is the optimistic-concurrency condition of an Append.
// The zero value is Any.
type ExpectedVersion struct {
	kind    uint8
	version uint64
}

const (
	expectAny uint8 = iota
	expectNoStream
	expectExact
)

// Any accepts whatever the stream's version is.
var Any = ExpectedVersion{}

// NoStream requires that the stream has no records yet.
var NoStream = ExpectedVersion{kind: expectNoStream}

// Exact requires that the stream's last version is v. Exact(0) is NoStream.
func Exact(v uint64) ExpectedVersion {
	if v == 0 {
		return NoStream
	}
	return ExpectedVersion{kind: expectExact, version: v}
}

// Check reports whether a stream whose last version is actual satisfies e.
func (e ExpectedVersion) Check(actual uint64) bool {
	switch e.kind {
	case expectNoStream:
		return actual == 0
	case expectExact:
		return actual == e.version
	}
	return true
}

// String describes the condition for error messages.
func (e ExpectedVersion) String() string {
	switch e.kind {
	case expectNoStream:
		return "no stream"
	case expectExact:
		return fmt.Sprintf("version %d", e.version)
	}
	return "any version"
}

// StreamInfo describes one stream that has at least one record.
type StreamInfo struct {
	ID      StreamID
	Version uint64 // last version
}

// Snapshot is one saved state of a stream's subject at an icount.
type Snapshot struct {
	Stream StreamID
	Icount uint64
	Time   time.Time
	Data   []byte
}

// SnapshotInfo describes a saved snapshot without its data.
type SnapshotInfo struct {
	Stream     StreamID
	Icount     uint64
	Time       time.Time
	Size       uint64 // bytes of data as given to SaveSnapshot
	StoredSize uint64 // bytes kept after compression
}

// EventStore keeps streams of records. Implementations are safe for
// concurrent use; see the package documentation for the guarantees.
type EventStore interface {
	// Append adds events to the end of stream, atomically, if the stream's
	// version satisfies expected. A conflict returns a *ConflictError.
	Append(ctx context.Context, stream StreamID, expected ExpectedVersion, events ...EventData) (AppendResult, error)
	// ReadStream returns up to max records (0: no limit) of stream,
	// starting at version from and going in dir. Forward from 0 starts at 1;
	// backward from End starts at the last record. An unknown stream gives
	// ErrNotFound. On a corrupt record it returns the records before it and
	// a *CorruptError.
	ReadStream(ctx context.Context, stream StreamID, from uint64, dir Direction, max int) ([]Record, error)
	// ReadAll returns up to max records (0: no limit) of all streams with a
	// global position of at least from, in global (commit) order.
	ReadAll(ctx context.Context, from uint64, max int) ([]Record, error)
	// Subscribe delivers every record with a global position of at least
	// from: first those already stored, then new ones as they commit.
	Subscribe(ctx context.Context, from uint64) (*Subscription, error)
	// SetMeta replaces the opaque metadata of stream.
	SetMeta(ctx context.Context, stream StreamID, meta []byte) error
	// GetMeta returns the metadata of stream, or ErrNotFound.
	GetMeta(ctx context.Context, stream StreamID) ([]byte, error)
	// ListStreams lists the streams that have records, ordered by id.
	ListStreams(ctx context.Context) ([]StreamInfo, error)
}

// SnapshotStore keeps snapshots of a stream's subject keyed by icount.
type SnapshotStore interface {
	// SaveSnapshot stores data as the snapshot of stream at icount,
	// replacing any snapshot already at that icount.
	SaveSnapshot(ctx context.Context, stream StreamID, icount uint64, data []byte) error
	// LoadSnapshot returns the snapshot of stream with the greatest icount
	// not above atOrBefore, or ErrNotFound.
	LoadSnapshot(ctx context.Context, stream StreamID, atOrBefore uint64) (Snapshot, error)
	// ListSnapshots lists the snapshots of stream in icount order.
	ListSnapshots(ctx context.Context, stream StreamID) ([]SnapshotInfo, error)
}

// Store is a complete store: events, snapshots, and Close.
type Store interface {
	EventStore
	SnapshotStore
	io.Closer
}
